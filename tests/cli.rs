//! The binary as a user meets it: snapshots of the text reports on a bundled module, and bad
//! input giving a clear message (file and line) with a distinct exit code, never a panic.

mod common;

use common::*;

fn run(args: &[&str]) -> (String, String, i32) {
    let out = heatseed(args, &corpus_module("shop"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn analyze_text_report() {
    let (stdout, stderr, code) = run(&["analyze", "--top", "8"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn explain_shows_blocks_counts_and_guards() {
    let (stdout, _, code) = run(&["analyze", "--explain", "order/order.go:60"]);
    assert_eq!(code, 0);
    // The first line names the absolute path of this checkout: keep the rest.
    let body: Vec<&str> = stdout.lines().skip(1).collect();
    insta::assert_snapshot!(body.join("\n"));
}

#[test]
fn malformed_profile_names_file_and_line_with_exit_code_3() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("bad.out");
    std::fs::write(
        &p,
        "mode: count\nexample.com/shop/order/order.go:55.52,57.2 1 1\nexample.com/shop/order/order.go:oops\n",
    )
    .unwrap();
    let (_, stderr, code) = run(&["analyze", "--profile", p.to_str().unwrap()]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("bad.out:3"), "{stderr}");
    assert!(stderr.contains("oops"), "{stderr}");
}

#[test]
fn binary_and_empty_profiles_are_input_errors() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("bin.out", &b"\x00\x01covmeta\xff"[..]),
        ("empty.out", &b""[..]),
    ] {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let (_, stderr, code) = run(&["analyze", "--profile", p.to_str().unwrap()]);
        assert_eq!(code, 3, "{name}: {stderr}");
        assert!(stderr.contains(name), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let (_, stderr, code) = run(&["analyze", "--format", "xml"]);
    assert_eq!(code, 2, "{stderr}");
    let (_, stderr, code) = run(&["analyze", "--root", "/no/such/dir"]);
    assert_eq!(code, 2, "{stderr}");
    let (_, stderr, code) = run(&["analyze", "--package", "example.com/nothing/..."]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no profiled package matches"), "{stderr}");
}

#[test]
fn a_stale_profile_is_detected_and_yields_no_targets_from_that_file() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    // The source changed after the profile was made: the profile's blocks no longer fit.
    let f = dir.join("order").join("batch.go");
    let text = std::fs::read_to_string(&f).unwrap();
    let cut: String = text.lines().take(10).map(|l| format!("{l}\n")).collect();
    std::fs::write(&f, cut).unwrap();
    let out = heatseed(&["analyze", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stale = v["stale_files"].as_array().unwrap();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(stale[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("order/batch.go"));
    assert!(v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| !t["file"].as_str().unwrap().ends_with("batch.go")));
}

#[test]
fn missing_sources_are_reported() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    std::fs::remove_file(dir.join("order").join("batch.go")).unwrap();
    let out = heatseed(&["analyze", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let un = v["unresolved_files"].as_array().unwrap();
    assert_eq!(un.len(), 1);
    assert!(
        un[0]["reason"].as_str().unwrap().contains("no such file"),
        "{un:?}"
    );
}

#[test]
fn syntax_errors_degrade_per_function() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let f = dir.join("order").join("order.go");
    let text = std::fs::read_to_string(&f).unwrap();
    // Break one function body without moving any line or brace: the profile still fits.
    let broken = text.replacen("year >= 2030 {", "year >= 2030 + {", 1);
    assert_ne!(broken, text);
    std::fs::write(&f, broken).unwrap();
    let out = heatseed(&["analyze", "--format", "json", "--top", "30"], &dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("syntax errors")));
    let kinds = |name: &str| -> Vec<String> {
        v["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["qualified_name"] == name)
            .unwrap_or_else(|| panic!("{name} is still a target"))["cold_blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["guard"]["kind"].as_str().unwrap().to_string())
            .collect()
    };
    // The broken function keeps its numbers but no guards; the others keep theirs.
    assert!(kinds("Discount").iter().all(|k| k == "unknown"));
    assert!(kinds("Order.Validate").iter().all(|k| k != "unknown"));
}
