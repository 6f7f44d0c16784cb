//! Reports of an [`Analysis`]: the ranked table a person reads, the JSON document tools read
//! (schema `heatseed.analyze/v1`, documented in README.md), and the `--explain` debug view.

mod json;

use crate::targets::{rank, Analysis, FunctionHeat, Heat, Target};
use serde_json::{json, Value};
use std::fmt::Write as _;

/// JSON schema identifier; bump on any incompatible change.
pub const ANALYZE_SCHEMA: &str = "heatseed.analyze/v1";

/// Writes the JSON document of `heatseed analyze --format json`, one function and one target
/// at a time (the whole standard library gives ~70 MB of JSON; no tree of it is built).
pub fn write_analyze_json(
    w: &mut impl std::io::Write,
    a: &Analysis,
    top: Option<usize>,
    unresolved: &[Value],
) -> std::io::Result<()> {
    let (statements, covered) = a.totals();
    let head = json!({
        "schema": ANALYZE_SCHEMA,
        "mode": a.heatmap_mode.as_str(),
        "totals": {
            "files": a.files.len(),
            "functions": a.functions.len(),
            "statements": statements,
            "covered_statements": covered,
            "targets": a.targets.len(),
        },
        "notes": a.notes,
        "stale_files": a.stale,
        "unresolved_files": unresolved,
    });
    let head = serde_json::to_string_pretty(&head).expect("JSON values serialize");
    // Reopen the object to append the two large arrays.
    w.write_all(&head.as_bytes()[..head.len() - 2])?;
    json::write_array(w, "functions", &a.functions, json::function)?;
    let n = top.unwrap_or(usize::MAX).min(a.targets.len());
    json::write_array(w, "targets", &a.targets[..n], |out, t| {
        json::target(out, a, t)
    })?;
    w.write_all(b"\n}\n")
}

/// The ranked table for a terminal.
/// The location column holds the file's path relative to `root` (the module root).
pub fn analyze_text(
    a: &Analysis,
    top: Option<usize>,
    unresolved: &[Value],
    root: &std::path::Path,
) -> String {
    let mut out = String::new();
    let (statements, covered) = a.totals();
    let cold: u64 = a.functions.iter().map(|f| f.cold_statements()).sum();
    let _ = writeln!(
        out,
        "{} functions in {} files, mode {}: {covered}/{statements} statements covered, {cold} cold; {} targets",
        a.functions.len(),
        a.files.len(),
        a.heatmap_mode.as_str(),
        a.targets.len()
    );
    for n in &a.notes {
        let _ = writeln!(out, "note: {n}");
    }
    for s in &a.stale {
        let _ = writeln!(
            out,
            "stale: {} ({}): {}",
            s.file,
            s.path.display(),
            s.reason
        );
    }
    for u in unresolved {
        let _ = writeln!(
            out,
            "unresolved: {}: {}",
            u["profile_name"].as_str().unwrap_or(""),
            u["reason"].as_str().unwrap_or("")
        );
    }
    if a.targets.is_empty() {
        let _ = writeln!(out, "no cold or rare code found");
        return out;
    }
    let shown: Vec<&Target> = a.targets.iter().take(top.unwrap_or(usize::MAX)).collect();
    out.push_str(&target_table(a, &shown, root));
    if shown.len() < a.targets.len() {
        let _ = writeln!(
            out,
            "... {} more targets (use --top N or --format json)",
            a.targets.len() - shown.len()
        );
    }
    out
}

/// The aligned table of `shown` targets (rank, name, location, cold/statements, reach, fuzzable
/// and top guards), preceded by an empty line.
fn target_table(a: &Analysis, shown: &[&Target], root: &std::path::Path) -> String {
    let rows: Vec<[String; 6]> = shown
        .iter()
        .map(|t| {
            let h = a.heat(t.id);
            let file = &a.files[t.id.file];
            let path = &file.heat.path;
            let loc = format!(
                "{}:{}",
                path.strip_prefix(root).unwrap_or(path).display(),
                h.line
            );
            let fuzz = if t.fuzzable { "yes" } else { "no" };
            let guards = top_guards(h, 2);
            [
                t.rank.to_string(),
                // The package clause name (`yaml`), not the last import path element (`v3`).
                format!("{}.{}", file.source.package, h.qualified),
                loc,
                format!("{}/{}", t.cold_statements, h.statements),
                t.reach_statements.to_string(),
                format!("{fuzz:<3}  {guards}"),
            ]
        })
        .collect();
    let headers = [
        "#",
        "target",
        "location",
        "cold/stmts",
        "reach",
        "fuzz top guards",
    ];
    let mut widths = headers.map(str::len);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: [&str; 6]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i == 5 {
                s.push_str(c);
            } else if i == 0 || i == 3 || i == 4 {
                let _ = write!(s, "{c:>w$}  ", w = widths[i]);
            } else {
                let _ = write!(s, "{c:<w$}  ", w = widths[i]);
            }
        }
        s.trim_end().to_string()
    };
    let mut out = String::from("\n");
    let _ = writeln!(out, "{}", line(headers));
    for r in &rows {
        let _ = writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]]));
    }
    out
}

/// Up to `n` distinct guard texts of the cold blocks, `line: text`, shortened for the table.
fn top_guards(h: &FunctionHeat, n: usize) -> String {
    let mut seen = Vec::<String>::new();
    for b in h.blocks.iter().filter(|b| b.heat == Heat::Cold) {
        if matches!(
            b.guard.kind,
            crate::targets::guard::GuardKind::FunctionEntry
                | crate::targets::guard::GuardKind::Unknown
        ) {
            continue;
        }
        let g = format!("{}: {}", b.guard.line, shorten(&b.guard.text, 40));
        if !seen.contains(&g) {
            seen.push(g);
        }
    }
    if h.entries == 0 {
        return "never called".into();
    }
    let more = seen.len().saturating_sub(n);
    let mut s = seen.into_iter().take(n).collect::<Vec<_>>().join("; ");
    if more > 0 {
        let _ = write!(s, " (+{more})");
    }
    s
}

fn shorten(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// The text report of `heatseed generate`.
pub fn generate_text(r: &crate::generate::Report, root: &std::path::Path) -> String {
    let mut out = String::new();
    let seeded = r.targets.iter().filter(|t| t.seeds > 0).count();
    let seeds: usize = r.targets.iter().map(|t| t.seeds).sum();
    let _ = writeln!(
        out,
        "{}{} targets, {seeded} seeded with {seeds} seeds",
        if r.dry_run { "dry run: " } else { "" },
        r.targets.len()
    );
    for t in &r.targets {
        match &t.skipped {
            Some(why) => {
                let _ = writeln!(out, "  skip  {}.{}: {why}", t.package_name, t.target);
            }
            None => {
                let _ = writeln!(
                    out,
                    "  seed  {}.{}: {} seeds for {}/{} cold goals -> {}",
                    t.package_name,
                    t.target,
                    t.seeds,
                    t.goals_with_seeds,
                    t.goals,
                    t.fuzz_tests.join(", ")
                );
            }
        }
    }
    for p in &r.properties {
        match &p.failure {
            None => {
                let _ = writeln!(
                    out,
                    "  property kept: {} (round trip held on every seed replayed with go test)",
                    p.fuzz_test
                );
            }
            Some(f) => {
                let _ = writeln!(out, "  property dropped: {}: {f}", p.fuzz_test);
            }
        }
    }
    for n in &r.notes {
        let _ = writeln!(out, "note: {n}");
    }
    for f in &r.findings {
        let name = r
            .targets
            .iter()
            .find(|t| t.package == f.package)
            .map(|t| t.package_name.as_str())
            .unwrap_or_else(|| rank::last_elem(&f.package));
        let _ = writeln!(out, "{}", finding_line(f, name));
    }
    for u in &r.user_fuzz_tests_skipped {
        let _ = writeln!(out, "  user fuzz test {} not fed: {}", u.name, u.reason);
    }
    let mut listed = 0;
    for f in &r.files {
        let shown = f.path.strip_prefix(root).unwrap_or(&f.path);
        let is_corpus = shown.components().any(|c| c.as_os_str() == "fuzz");
        if is_corpus && listed >= 20 {
            continue;
        }
        if is_corpus {
            listed += 1;
        }
        let action = serde_json::to_value(f.action).expect("enum serializes");
        let _ = writeln!(
            out,
            "  {:<17} {}",
            action.as_str().unwrap_or(""),
            shown.display()
        );
    }
    if listed >= 20 {
        let _ = writeln!(out, "  ... (every file is listed with --format json)");
    }
    let summary = crate::generate::summarize(&r.files);
    let parts: Vec<String> = summary.iter().map(|(k, v)| format!("{v} {k}")).collect();
    let _ = writeln!(
        out,
        "files: {}",
        if parts.is_empty() {
            "none".into()
        } else {
            parts.join(", ")
        }
    );
    out
}

/// The `--verify` figures.
/// One line for a finding: package, fuzz test and seed, what happened, the first line of output.
/// One finding in the text report; `package` is its package clause name.
fn finding_line(f: &crate::generate::Finding, package: &str) -> String {
    let first = f
        .output
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("=== ") && !l.starts_with("--- "))
        .unwrap_or("");
    use crate::toolchain::testjson::FailureKind;
    let what = match f.kind {
        FailureKind::Panic => "panics under plain go test",
        FailureKind::Fail => "fails plain go test",
        FailureKind::Hang => "hangs (blocked past --timeout)",
        FailureKind::BuildFail => "does not build",
    };
    let first = if f.kind == FailureKind::BuildFail {
        f.output
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("")
    } else {
        first
    };
    let artifact = if f.may_be_harness_artifact {
        " (may be a harness artifact: the receiver was built from unexported fields, a state no caller may be able to make)"
    } else {
        ""
    };
    format!(
        "  finding: {package} {}{}{} {what}, left out: {first}{artifact}",
        f.fuzz_test,
        if f.seed.is_empty() { "" } else { "/" },
        f.seed
    )
}

pub fn verify_text(m: &crate::verify::Measurement) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "verify: cold statements of the {} seeded functions covered by replaying the fuzz tests (go test -run '^Fuzz'):",
        m.targets.len()
    );
    let pct = |n: u64, d: u64| 100.0 * n as f64 / d.max(1) as f64;
    let _ = writeln!(
        out,
        "  own cold statements:   user's tests only {}/{} ({:.1}%)   heatseed harnesses, zero seed {}/{} ({:.1}%)   with seeds {}/{} ({:.1}%)",
        m.covered_by_user_tests,
        m.cold_statements,
        pct(m.covered_by_user_tests, m.cold_statements),
        m.covered_without_seeds,
        m.cold_statements,
        100.0 * m.fraction_without(),
        m.covered_with_seeds,
        m.cold_statements,
        100.0 * m.fraction_with()
    );
    let r = &m.reach;
    let _ = writeln!(
        out,
        "  reach (everything they call): user's tests only {}/{} ({:.1}%)   zero seed {}/{} ({:.1}%)   with seeds {}/{} ({:.1}%)",
        r.covered_by_user_tests,
        r.cold_statements,
        pct(r.covered_by_user_tests, r.cold_statements),
        r.covered_without_seeds,
        r.cold_statements,
        pct(r.covered_without_seeds, r.cold_statements),
        r.covered_with_seeds,
        r.cold_statements,
        pct(r.covered_with_seeds, r.cold_statements)
    );
    let _ = writeln!(
        out,
        "  {:<32} {:>4} {:>17}   {:>5} {:>17}",
        "function", "cold", "user/zero/seeds", "reach", "user/zero/seeds"
    );
    for t in &m.targets {
        let _ = writeln!(
            out,
            "  {:<32} {:>4} {:>17}   {:>5} {:>17}",
            format!("{}.{}", rank::last_elem(&t.package), t.target),
            t.cold_statements,
            format!(
                "{}/{}/{}",
                t.covered_by_user_tests, t.covered_without_seeds, t.covered_with_seeds
            ),
            t.reach.cold_statements,
            format!(
                "{}/{}/{}",
                t.reach.covered_by_user_tests,
                t.reach.covered_without_seeds,
                t.reach.covered_with_seeds
            ),
        );
    }
    for f in &m.failures {
        let _ = writeln!(out, "  failure: {f}");
    }
    out
}

/// True when `file` (as a user types it) names the analysed file `f`: its profile name, a
/// suffix of it, or a suffix of its path.
pub fn file_matches(f: &crate::targets::AnalyzedFile, file: &str) -> bool {
    f.heat.profile_name == file
        || f.heat.profile_name.ends_with(&format!("/{file}"))
        || f.heat.path.ends_with(file)
}

/// `--explain FILE:LINE`: the blocks on that line, their counts, guards and why.
pub fn explain(a: &Analysis, file: &str, line: u32) -> Option<String> {
    let fi = a.files.iter().position(|f| file_matches(f, file))?;
    let mut out = String::new();
    let file_ref = &a.files[fi];
    let _ = writeln!(
        out,
        "{}:{line} ({})",
        file_ref.heat.profile_name,
        file_ref.heat.path.display()
    );
    let mut found = false;
    for h in a.functions.iter().filter(|h| h.id.file == fi) {
        let f = a.function(h.id);
        if line < f.range.start.line || line > f.range.end.line {
            continue;
        }
        let _ = writeln!(
            out,
            "in func {} (line {}): {}/{} statements covered, entered {} times",
            h.qualified, h.line, h.covered_statements, h.statements, h.entries
        );
        for b in h
            .blocks
            .iter()
            .filter(|b| b.block.range.start.line <= line && line <= b.block.range.end.line)
        {
            found = true;
            let _ = writeln!(
                out,
                "  block {} stmts={} count={} heat={:?}",
                b.block.range, b.block.num_stmt, b.block.count, b.heat
            );
            let region = b
                .guard
                .region
                .map(|ri| format!("region #{ri} {}", f.regions[ri].range))
                .unwrap_or_else(|| "no region".into());
            let _ = writeln!(
                out,
                "    guard: {} `{}` (line {}; {region})",
                b.guard.kind, b.guard.text, b.guard.line
            );
            if !b.why.is_empty() {
                let _ = writeln!(out, "    why: {}", b.why);
            }
        }
    }
    if !found {
        let _ = writeln!(out, "  no profile block covers this line");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_with_ellipsis() {
        assert_eq!(shorten("a  b\n c", 10), "a b c");
        assert_eq!(shorten("abcdefghijkl", 5), "abcd…");
    }
}
