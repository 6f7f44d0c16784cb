//! The HTML report in a real browser: headless Chromium (Debian's `chromium`) opens the report
//! of a realistic run of `corpus/shop` and is watched through the DevTools protocol
//! (`--remote-debugging-pipe`, see `browser/cdp.rs`):
//! - no console error, no uncaught exception, no error log entry (CSP violations included);
//! - no network request other than the report file itself (every `Network.requestWillBeSent`
//!   of the page is checked, and the page's own resource timing list must be empty);
//! - the rendered DOM holds the heat colours (computed backgrounds of cold and hot blocks),
//!   the ranked targets, the findings' reproduce commands, and hostile text as text;
//! - the view toggle recolours a block the fuzzer reached;
//! - four screenshots (top of the report, source heat after fuzzing, the findings, blocks
//!   with coverdir heat in the test view) are written to
//!   `target/tmp/report_browser/` for a person to look at.
//!
//! Without Chromium the test is skipped with a note; with CI=true it fails instead.

#[path = "browser/cdp.rs"]
mod cdp;
mod common;
#[path = "browser/shop_summary.rs"]
mod shop_summary;

use base64::Engine as _;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Chromium, or None (skip) outside CI.
fn chromium() -> Option<PathBuf> {
    let found = cdp::find_chromium();
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("chromium is required in CI (CI=true); .ci/run installs it");
        }
        eprintln!("note: skipping, chromium is not installed");
    }
    found
}

fn out_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_browser");
    std::fs::create_dir_all(&d).expect("mkdir");
    d
}

/// Runs `expr` in the page and returns its (JSON) value; an exception fails the test.
fn eval(b: &mut cdp::Browser, session: &str, expr: &str) -> Value {
    let r = b.call(
        Some(session),
        "Runtime.evaluate",
        json!({"expression": expr, "returnByValue": true}),
    );
    assert!(r.get("exceptionDetails").is_none(), "{expr}: {r}");
    r["result"]["value"].clone()
}

fn screenshot(b: &mut cdp::Browser, session: &str, path: &Path) {
    let r = b.call(
        Some(session),
        "Page.captureScreenshot",
        json!({"format": "png"}),
    );
    let png = base64::engine::general_purpose::STANDARD
        .decode(r["data"].as_str().expect("screenshot data"))
        .expect("base64 PNG");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    std::fs::write(path, png).expect("write screenshot");
}

/// Opens `url` in a new page with console, log and network events on; returns the session.
fn open(b: &mut cdp::Browser, url: &str) -> String {
    let target = b.call(None, "Target.createTarget", json!({"url": "about:blank"}));
    let attached = b.call(
        None,
        "Target.attachToTarget",
        json!({"targetId": target["targetId"], "flatten": true}),
    );
    let session = attached["sessionId"].as_str().expect("session").to_string();
    let s = Some(session.as_str());
    for domain in ["Runtime", "Log", "Network", "Page"] {
        b.call(s, &format!("{domain}.enable"), json!({}));
    }
    b.call(
        s,
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": false}),
    );
    let nav = b.call(s, "Page.navigate", json!({"url": url}));
    assert!(nav.get("errorText").is_none(), "navigation failed: {nav}");
    b.wait_event("Page.loadEventFired");
    session
}

/// Console errors, exceptions, error log entries and requests other than `url`.
fn problems(b: &cdp::Browser, url: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in b.events_named("Runtime.exceptionThrown") {
        out.push(format!("exception: {}", e["params"]["exceptionDetails"]));
    }
    for e in b.events_named("Runtime.consoleAPICalled") {
        let kind = e["params"]["type"].as_str().unwrap_or("");
        if matches!(kind, "error" | "assert" | "warning") {
            out.push(format!("console.{kind}: {}", e["params"]["args"]));
        }
    }
    for e in b.events_named("Log.entryAdded") {
        if e["params"]["entry"]["level"] == json!("error") {
            out.push(format!("log error: {}", e["params"]["entry"]));
        }
    }
    for e in b.events_named("Network.requestWillBeSent") {
        let req = e["params"]["request"]["url"].as_str().unwrap_or("");
        if req != url {
            out.push(format!("network request: {req}"));
        }
    }
    out
}

/// Facts read from the rendered DOM.
const DOM_FACTS: &str = r#"(() => {
  const bg = el => el ? getComputedStyle(el).backgroundColor : null;
  const texts = sel => [...document.querySelectorAll(sel)].map(e => e.textContent);
  return {
    title: document.title,
    scripts: document.scripts.length,
    images: document.images.length,
    resources: performance.getEntriesByType("resource").map(r => r.name),
    blocks: document.querySelectorAll("pre.src .b").length,
    coldBlocks: document.querySelectorAll("pre.src .b.t0").length,
    coldBg: bg(document.querySelector("pre.src .b.t0")),
    hotBg: bg(document.querySelector("pre.src .b.t5")),
    coverdirMarks: document.querySelectorAll("pre.src .b.p").length,
    targets: texts("tr.target td:nth-child(2) code"),
    ranks: texts("tr.target td:first-child"),
    reproduce: texts(".finding .cmd code"),
    message: texts(".finding pre.message")[0],
    cards: texts(".card .n"),
    trendLines: document.querySelectorAll("svg.trend polyline").length,
    files: texts("details.file summary code"),
    hostileSource: [...document.querySelectorAll("details.file")].pop().querySelector("pre.src").textContent,
    hostileBlock: [...document.querySelectorAll("details.file")].pop().querySelector("pre.src .b").textContent,
    hostileLines: [...document.querySelectorAll("details.file")].pop().querySelectorAll("pre.ln a").length,
  };
})()"#;

/// Background of the first block cold in the tests but reached by fuzzing, before and after
/// switching the view to "after fuzzing".
const TOGGLE: &str = r#"(() => {
  const b = document.querySelector("pre.src .b.t0:not(.f0)");
  const before = getComputedStyle(b).backgroundColor;
  document.querySelector("input[name=view][value=f]").click();
  const after = getComputedStyle(b).backgroundColor;
  b.scrollIntoView({block: "center"});
  return [before, after, document.querySelector("main").className];
})()"#;

#[test]
fn report_renders_in_headless_chromium_without_errors_or_network() {
    let Some(chromium) = chromium() else { return };
    let summary = shop_summary::build(&common::corpus_module("shop"));
    assert!(summary.targets.len() >= 3, "shop has cold targets");
    let dir = out_dir();
    let report = dir.join("report.html");
    std::fs::write(&report, heatseed::run::render_html(&summary)).expect("write report");
    let url = format!("file://{}", report.display());
    let profile = tempfile::tempdir().expect("tempdir");
    let mut b = cdp::Browser::launch(&chromium, profile.path());
    let session = open(&mut b, &url);
    let facts = eval(&mut b, &session, DOM_FACTS);
    screenshot(&mut b, &session, &dir.join("top.png"));
    let toggle = eval(&mut b, &session, TOGGLE);
    screenshot(&mut b, &session, &dir.join("sources.png"));
    eval(
        &mut b,
        &session,
        "document.getElementById('findings').scrollIntoView()",
    );
    screenshot(&mut b, &session, &dir.join("findings.png"));
    let marked = "document.querySelector('input[name=view][value=t]').click(); \
                  document.querySelector('pre.src .b.p').scrollIntoView({block: 'center'})";
    eval(&mut b, &session, marked);
    screenshot(&mut b, &session, &dir.join("coverdir.png"));
    let problems = problems(&b, &url);
    assert!(
        problems.is_empty(),
        "{problems:#?}\nchromium stderr:\n{}",
        b.stderr()
    );
    check_facts(&facts, &summary);
    assert_eq!(
        toggle[0],
        json!("rgb(242, 160, 160)"),
        "cold in the test view"
    );
    assert_ne!(
        toggle[1], toggle[0],
        "reached by fuzzing: no longer cold after the toggle"
    );
    assert!(toggle[1].as_str().unwrap().starts_with("rgb("), "{toggle}");
    assert_eq!(toggle[2], json!("m-f"));
    eprintln!("screenshots: {}", dir.display());
}

fn check_facts(f: &Value, s: &heatseed::run::summary::RunSummary) {
    assert_eq!(f["resources"], json!([]), "resources fetched");
    assert_eq!(f["title"], json!("heatseed run: example.com/shop"));
    assert_eq!(f["scripts"], json!(1), "only the report's own script");
    assert_eq!(f["images"], json!(0), "no <img> smuggled in");
    let blocks: usize = s
        .packages
        .iter()
        .flat_map(|p| &p.files)
        .map(|f| f.blocks.len())
        .sum();
    assert_eq!(f["blocks"], json!(blocks));
    let cold = s
        .packages
        .iter()
        .flat_map(|p| &p.files)
        .flat_map(|f| &f.blocks)
        .filter(|b| b.test_count == 0)
        .count();
    assert!(cold > 0);
    assert_eq!(f["coldBlocks"], json!(cold));
    assert_eq!(f["coldBg"], json!("rgb(242, 160, 160)"), "cold is red");
    assert_eq!(
        f["hotBg"],
        json!("rgb(63, 159, 53)"),
        "hottest is dark green"
    );
    assert!(f["coverdirMarks"].as_u64().unwrap() >= 2, "{f}");
    let names: Vec<&str> = s.targets.iter().map(|t| t.function.as_str()).collect();
    assert_eq!(f["targets"], json!(names));
    let ranks: Vec<String> = (1..=s.targets.len()).map(|r| r.to_string()).collect();
    assert_eq!(f["ranks"], json!(ranks));
    assert_eq!(f["reproduce"], json!([s.findings[0].reproduce]));
    assert_eq!(f["message"], json!(shop_summary::FINDING_MESSAGE));
    let t = &s.totals;
    let cards: Vec<String> = [
        t.statements,
        t.cold_before,
        t.cold_after_seeds,
        t.cold_after_fuzz,
        t.findings,
    ]
    .iter()
    .map(u64::to_string)
    .collect();
    assert_eq!(f["cards"], json!(cards));
    assert_eq!(f["trendLines"], json!(3));
    assert_eq!(
        f["files"].as_array().unwrap().last().unwrap(),
        shop_summary::HOSTILE_PATH
    );
    assert_eq!(f["hostileSource"], json!(shop_summary::HOSTILE_SOURCE));
    // Lines 5.26 to 7.2 of the file that starts with a blank line: the gutter and the
    // coloured block line up with the source.
    assert_eq!(
        f["hostileBlock"],
        json!("\n\treturn s == \"<img src=x>\" && '\\'' != 0\n}")
    );
    assert_eq!(
        f["hostileLines"],
        json!(shop_summary::HOSTILE_SOURCE.lines().count())
    );
}

/// Loads `html` (written to `name` in the output directory) and returns the problems seen.
fn problems_of(chromium: &Path, name: &str, html: &str) -> Vec<String> {
    let path = out_dir().join(name);
    std::fs::write(&path, html).expect("write page");
    let url = format!("file://{}", path.display());
    let profile = tempfile::tempdir().expect("tempdir");
    let mut b = cdp::Browser::launch(chromium, profile.path());
    let session = open(&mut b, &url);
    // A round trip after the load event, so late events are in.
    eval(&mut b, &session, "document.readyState");
    problems(&b, &url)
}

/// The detectors themselves: a report with an injected image and console error is caught,
/// by its network request when the CSP is removed, and by the CSP violation when it is kept.
#[test]
fn browser_check_catches_a_request_and_a_console_error() {
    let Some(chromium) = chromium() else { return };
    let html = heatseed::run::render_html(&shop_summary::build(&common::corpus_module("shop")));
    let bad =
        "<img src=\"http://127.0.0.1:9/x.png\"><script>console.error(\"boom\")</script></main>";
    let tampered = html.replacen("</main>", bad, 1);
    let csp_start = tampered
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("CSP");
    let csp_end = csp_start + tampered[csp_start..].find('>').expect("meta end") + 1;
    let open_page = format!("{}{}", &tampered[..csp_start], &tampered[csp_end..]);

    let seen = problems_of(&chromium, "tampered-no-csp.html", &open_page);
    assert!(
        seen.iter()
            .any(|p| p == "network request: http://127.0.0.1:9/x.png"),
        "{seen:#?}"
    );
    assert!(
        seen.iter()
            .any(|p| p.starts_with("console.error") && p.contains("boom")),
        "{seen:#?}"
    );

    let seen = problems_of(&chromium, "tampered-csp.html", &tampered);
    assert!(
        seen.iter()
            .any(|p| p.starts_with("log error") && p.contains("127.0.0.1:9")),
        "the CSP blocks and reports the image: {seen:#?}"
    );
    // Chromium also announces the blocked attempt as a request: the check counts attempts,
    // not only fetches that went out, and either finding fails the main test.
}
