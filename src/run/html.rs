//! The HTML report of a run: one self-contained file (inline CSS, script and SVG; a
//! Content-Security-Policy that forbids every fetch) rendered from a [`RunSummary`] alone.
//!
//! Sections, top to bottom: the overview (totals: cold before, after seeds, after fuzzing,
//! findings), the trend across runs (inline SVG), the ranked targets with their cold blocks,
//! guards and seeds, the findings with copyable reproduce commands, and per package and per
//! file the source coloured per block like `go tool cover -html` ([`heat`]), with a toggle
//! between test heat, after seeds and after fuzzing.
//!
//! Every string from the summary goes through [`esc`]; the output depends only on the
//! summary (no clock, no hash-map order), so the same summary renders byte-identically.

mod assets;
mod heat;

use crate::run::summary::{Finding, PackageReport, RunSummary, TargetReport, Totals};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Escapes text for HTML element content and for quoted attribute values.
pub fn esc(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The whole report.
pub fn render(s: &RunSummary) -> String {
    let anchors = file_anchors(&s.packages);
    let mut out = String::with_capacity(64 * 1024);
    head(&mut out, s);
    out.push_str("<main class=\"m-t\">\n");
    overview(&mut out, s);
    trend(&mut out, s);
    targets(&mut out, &s.targets, &anchors);
    findings(&mut out, &s.findings);
    sources(&mut out, &s.packages);
    out.push_str("</main>\n<script>");
    out.push_str(assets::JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// Anchor id of every file (`f{package}-{file}`), by path.
fn file_anchors(packages: &[PackageReport]) -> BTreeMap<&str, String> {
    let mut m = BTreeMap::new();
    for (pi, p) in packages.iter().enumerate() {
        for (fi, f) in p.files.iter().enumerate() {
            m.entry(f.path.as_str()).or_insert(format!("f{pi}-{fi}"));
        }
    }
    m
}

fn head(out: &mut String, s: &RunSummary) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>heatseed run: {module}</title>\n<style>{css}</style>\n</head>\n<body>\n\
         <header><h1>heatseed run: {module}</h1><p>started {started} · heat from ",
        csp = assets::CSP,
        module = esc(&s.module),
        started = esc(&s.started),
        css = assets::CSS,
    );
    if s.sources.is_empty() {
        out.push_str("no source");
    }
    for (i, src) in s.sources.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        let _ = write!(
            out,
            "{sep}{} <code>{}</code>",
            esc(&src.kind),
            esc(&src.path)
        );
    }
    let _ = writeln!(out, " · schema {}</p></header>", esc(&s.schema));
}

fn overview(out: &mut String, s: &RunSummary) {
    let t = &s.totals;
    out.push_str("<section id=\"overview\"><h2>Overview</h2><div class=\"cards\">\n");
    let cards: [(&str, u64, &str); 5] = [
        ("", t.statements, "statements"),
        ("cold", t.cold_before, "cold before the run"),
        ("", t.cold_after_seeds, "cold after seeds"),
        ("good", t.cold_after_fuzz, "cold after fuzzing"),
        (
            if t.findings > 0 { "cold" } else { "good" },
            t.findings,
            "findings",
        ),
    ];
    for (class, n, label) in cards {
        let _ = writeln!(
            out,
            "<div class=\"card {class}\"><div class=\"n\">{n}</div><div class=\"l\">{label}</div></div>"
        );
    }
    let _ = writeln!(
        out,
        "</div><p class=\"muted\">{} of {} cold statements reached by seeds, {} by the end of fuzzing.</p></section>",
        t.cold_before.saturating_sub(t.cold_after_seeds),
        t.cold_before,
        t.cold_before.saturating_sub(t.cold_after_fuzz)
    );
}

/// One line of the trend chart: name, colour, the total it plots.
type Series = (&'static str, &'static str, fn(&Totals) -> u64);

const SERIES: [Series; 3] = [
    ("cold before", "#c0392b", |t| t.cold_before),
    ("after seeds", "#e08e0b", |t| t.cold_after_seeds),
    ("after fuzzing", "#2e8b2e", |t| t.cold_after_fuzz),
];

/// Geometry of the trend chart: `n` runs left to right, 0..=`max` cold statements bottom up.
struct Plot {
    n: usize,
    max: u64,
}

impl Plot {
    const W: f64 = 720.0;
    const H: f64 = 200.0;
    const PAD: f64 = 40.0;

    fn x(&self, i: usize) -> f64 {
        if self.n == 1 {
            Self::W / 2.0
        } else {
            Self::PAD + i as f64 * (Self::W - 2.0 * Self::PAD) / (self.n - 1) as f64
        }
    }

    fn y(&self, v: u64) -> f64 {
        Self::H - Self::PAD - v as f64 * (Self::H - 2.0 * Self::PAD) / self.max as f64
    }
}

/// The trend chart: one polyline per total (cold before, after seeds, after fuzzing).
fn trend(out: &mut String, s: &RunSummary) {
    out.push_str("<section id=\"trend\"><h2>Trend</h2>\n");
    if s.trend.is_empty() {
        out.push_str("<p class=\"muted\">No runs recorded yet.</p></section>\n");
        return;
    }
    let max = s.trend.iter().map(|p| p.totals.cold_before).max();
    let plot = Plot {
        n: s.trend.len(),
        max: max.unwrap_or(0).max(1),
    };
    let (w, h, pad) = (Plot::W, Plot::H, Plot::PAD);
    let _ = writeln!(
        out,
        "<svg class=\"trend\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"cold statements per run\">\n\
         <line x1=\"{pad}\" y1=\"{y0:.1}\" x2=\"{x1}\" y2=\"{y0:.1}\" stroke=\"#ccd3da\"/>\n\
         <text x=\"4\" y=\"{ym:.1}\">{max}</text><text x=\"4\" y=\"{y0:.1}\">0</text>",
        y0 = plot.y(0),
        x1 = w - pad,
        ym = plot.y(plot.max) + 4.0,
        max = plot.max,
    );
    for (si, series) in SERIES.iter().enumerate() {
        trend_series(out, s, &plot, si, series);
    }
    let _ = writeln!(
        out,
        "<text x=\"{pad}\" y=\"{:.1}\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n</svg></section>",
        h - 12.0,
        esc(&s.trend[0].started),
        w - pad,
        h - 12.0,
        esc(&s.trend[plot.n - 1].started),
    );
}

/// One series: its polyline, a dot with a tooltip per run, its legend entry.
fn trend_series(out: &mut String, s: &RunSummary, plot: &Plot, si: usize, series: &Series) {
    let (name, colour, get) = series;
    let pts: Vec<String> = (0..plot.n)
        .map(|i| format!("{:.1},{:.1}", plot.x(i), plot.y(get(&s.trend[i].totals))))
        .collect();
    let _ = writeln!(
        out,
        "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
        pts.join(" ")
    );
    for (i, p) in s.trend.iter().enumerate() {
        let v = get(&p.totals);
        let _ = writeln!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{colour}\"><title>{}: {name} {v}</title></circle>",
            plot.x(i),
            plot.y(v),
            esc(&p.started)
        );
    }
    let lx = Plot::PAD + si as f64 * 140.0;
    let _ = writeln!(
        out,
        "<rect x=\"{lx}\" y=\"8\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{}\" y=\"17\">{name}</text>",
        lx + 14.0
    );
}

fn targets(out: &mut String, ts: &[TargetReport], anchors: &BTreeMap<&str, String>) {
    out.push_str("<section id=\"targets\"><h2>Ranked targets</h2>\n");
    if ts.is_empty() {
        out.push_str("<p class=\"muted\">No cold code: nothing to aim at.</p></section>\n");
        return;
    }
    out.push_str(
        "<table class=\"targets\"><thead><tr><th>#</th><th>function</th><th>where</th>\
         <th>score</th><th>fuzz test</th><th>cold blocks</th></tr></thead><tbody>\n",
    );
    for t in ts {
        let place = format!("{}:{}", t.file, t.line);
        let place = match anchors.get(t.file.as_str()) {
            Some(id) => format!("<a href=\"#{id}-L{}\">{}</a>", t.line, esc(&place)),
            None => esc(&place).into_owned(),
        };
        let mut reasons = String::new();
        for r in &t.reasons {
            let _ = write!(reasons, "<span class=\"reason\">{}</span>", esc(r));
        }
        let fuzz = t.fuzz_test.as_deref().map_or(Cow::Borrowed("—"), esc);
        let _ = write!(
            out,
            "<tr class=\"target\"><td>{}</td><td><code>{}</code><div class=\"muted\">{}</div></td>\
             <td class=\"mono\">{place}</td><td>{:.2}<div>{reasons}</div></td><td><code>{fuzz}</code></td><td>",
            t.rank,
            esc(&t.function),
            esc(&t.package),
            t.score,
        );
        cold_blocks(out, t, anchors);
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table></section>\n");
}

fn cold_blocks(out: &mut String, t: &TargetReport, anchors: &BTreeMap<&str, String>) {
    out.push_str("<ul class=\"cold\">");
    for b in &t.cold_blocks {
        let lines = format!("{}:{}-{}", b.file, b.start_line, b.end_line);
        let lines = match anchors.get(b.file.as_str()) {
            Some(id) => format!("<a href=\"#{id}-L{}\">{}</a>", b.start_line, esc(&lines)),
            None => esc(&lines).into_owned(),
        };
        let guard = if b.guard.is_empty() {
            "<span class=\"muted\">no guard</span>".to_string()
        } else {
            format!("<code>{}</code>", esc(&b.guard))
        };
        let _ = write!(
            out,
            "<li><span class=\"mono\">{lines}</span> ({} stmt) guard {guard} · after seeds: {} · after fuzzing: {}",
            b.statements,
            flag(b.flipped_by_seeds),
            flag(b.flipped_by_fuzzing),
        );
        if !b.seeds.is_empty() {
            out.push_str("<ul>");
            for seed in &b.seeds {
                let _ = write!(out, "<li><code>{}</code></li>", esc(seed));
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

fn flag(flipped: bool) -> &'static str {
    if flipped {
        "<span class=\"yes\">flipped</span>"
    } else {
        "<span class=\"no\">still cold</span>"
    }
}

fn findings(out: &mut String, fs: &[Finding]) {
    out.push_str("<section id=\"findings\"><h2>Findings</h2>\n");
    if fs.is_empty() {
        out.push_str("<p class=\"muted\">No crash, hang or failure.</p>\n");
    }
    for f in fs {
        let _ = write!(
            out,
            "<div class=\"finding\"><strong>{}</strong> in <code>{}</code> ({}, during {})",
            esc(&f.kind),
            esc(&f.fuzz_test),
            esc(&f.package),
            esc(&f.phase),
        );
        if let Some(input) = &f.input {
            let _ = write!(out, "<div>input <code>{}</code></div>", esc(input));
        }
        let _ = writeln!(
            out,
            "<pre class=\"message\">{}</pre><div class=\"cmd\"><code>{}</code>\
             <button type=\"button\" class=\"copy\">copy</button></div></div>",
            esc(&f.message),
            esc(&f.reproduce)
        );
    }
    out.push_str("</section>\n");
}

/// Per package, per file: the coloured source, with the view toggle and a legend on top.
fn sources(out: &mut String, packages: &[PackageReport]) {
    out.push_str("<section id=\"sources\"><h2>Source heat</h2>\n<div class=\"views\">");
    for (i, (key, label)) in heat::VIEWS.iter().enumerate() {
        let checked = if i == 0 { " checked" } else { "" };
        let _ = write!(
            out,
            "<label><input type=\"radio\" name=\"view\" value=\"{key}\"{checked}> {label}</label>"
        );
    }
    out.push_str(
        "<span class=\"legend\"><span class=\"c0\">cold</span><span class=\"c1\">few</span>\
         <span class=\"c3\">more</span><span class=\"c5\">most runs</span>\
         <span class=\"p\">coverdir heat</span></span></div>\n",
    );
    for (pi, p) in packages.iter().enumerate() {
        let t = &p.totals;
        let _ = writeln!(
            out,
            "<h3>{}</h3><p class=\"muted\">{} · cold {} before, {} after seeds, {} after fuzzing</p>",
            esc(&p.import_path),
            plural(t.statements as usize, "statement"),
            t.cold_before,
            t.cold_after_seeds,
            t.cold_after_fuzz
        );
        for (fi, f) in p.files.iter().enumerate() {
            let id = format!("f{pi}-{fi}");
            let cold = cold_blocks_per_view(f);
            let open = if cold[0] > 0 { " open" } else { "" };
            let _ = writeln!(
                out,
                "<details class=\"file\" id=\"{id}\"{open}><summary><code>{}</code> <span class=\"muted\">{}; cold: {} in the tests, {} after seeds, {} after fuzzing</span></summary>\n\
                 <div class=\"code\"><pre class=\"ln\">{}</pre><pre class=\"src\">\n{}</pre></div></details>",
                esc(&f.path),
                plural(f.blocks.len(), "block"),
                cold[0],
                cold[1],
                cold[2],
                heat::gutter_html(f, &id),
                heat::source_html(f)
            );
        }
    }
    out.push_str("</section>\n");
}

/// `1 block`, `2 blocks`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Blocks of a file with count 0 in each view.
fn cold_blocks_per_view(f: &crate::run::summary::FileReport) -> [usize; 3] {
    let mut cold = [0; 3];
    for b in &f.blocks {
        for (n, c) in cold.iter_mut().zip(heat::view_counts(b)) {
            *n += usize::from(c == 0);
        }
    }
    cold
}

#[cfg(test)]
mod tests;
