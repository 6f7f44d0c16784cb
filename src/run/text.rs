//! The one-screen text summary of a run: totals, the trend, the top targets and the findings
//! with the commands that reproduce them. Plain text (no colour), deterministic.

use crate::run::summary::{Finding, RunSummary, TargetReport};
use std::fmt::Write as _;

/// Targets (and findings) listed before "... and N more".
pub const TOP: usize = 10;

/// The summary as text.
pub fn text(s: &RunSummary) -> String {
    let mut out = String::new();
    let sources: Vec<String> = s
        .sources
        .iter()
        .map(|h| format!("{} {}", h.kind, h.path))
        .collect();
    let _ = writeln!(out, "heatseed run: {} ({})", s.module, s.started);
    let _ = writeln!(
        out,
        "heat: {}",
        if sources.is_empty() {
            "none".into()
        } else {
            sources.join(", ")
        }
    );
    let t = &s.totals;
    let _ = writeln!(
        out,
        "cold statements: {} before, {} after seeds, {} after fuzzing (of {}); findings: {}",
        t.cold_before, t.cold_after_seeds, t.cold_after_fuzz, t.statements, t.findings
    );
    if s.trend.len() > 1 {
        let points: Vec<String> = s
            .trend
            .iter()
            .map(|p| p.totals.cold_after_fuzz.to_string())
            .collect();
        let _ = writeln!(
            out,
            "trend (cold after fuzzing, oldest first): {}",
            points.join(" → ")
        );
    }
    targets(&mut out, &s.targets);
    findings(&mut out, &s.findings);
    if !s.notes.is_empty() {
        out.push('\n');
    }
    for n in &s.notes {
        let _ = writeln!(out, "note: {n}");
    }
    out
}

fn targets(out: &mut String, ts: &[TargetReport]) {
    if ts.is_empty() {
        out.push_str("\nno cold targets\n");
        return;
    }
    out.push_str("\ntop targets:\n");
    for t in ts.iter().take(TOP) {
        let blocks = t.cold_blocks.len();
        let seeds = t.cold_blocks.iter().filter(|b| b.flipped_by_seeds).count();
        let fuzz = t
            .cold_blocks
            .iter()
            .filter(|b| b.flipped_by_fuzzing)
            .count();
        let _ = writeln!(
            out,
            "{:>3}. {}  {}:{}  score {:.2}  cold blocks {blocks}, flipped by seeds {seeds}, by fuzzing {fuzz}  {}",
            t.rank,
            t.function,
            t.file,
            t.line,
            t.score,
            t.fuzz_test.as_deref().unwrap_or("(no fuzz test)"),
        );
    }
    if ts.len() > TOP {
        let _ = writeln!(
            out,
            "     ... and {} more (see the HTML report)",
            ts.len() - TOP
        );
    }
}

fn findings(out: &mut String, fs: &[Finding]) {
    if fs.is_empty() {
        out.push_str("\nno findings\n");
        return;
    }
    out.push_str("\nfindings:\n");
    for f in fs.iter().take(TOP) {
        let first = f.message.lines().next().unwrap_or("");
        let _ = writeln!(
            out,
            "  {} in {} ({}, {}): {first}",
            f.kind, f.fuzz_test, f.package, f.phase
        );
        if let Some(input) = &f.input {
            let _ = writeln!(out, "    input: {input}");
        }
        if !f.reproduce.is_empty() {
            let _ = writeln!(out, "    reproduce: {}", f.reproduce);
        }
    }
    if fs.len() > TOP {
        let _ = writeln!(
            out,
            "  ... and {} more (see the HTML report)",
            fs.len() - TOP
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_summary_snapshot() {
        insta::assert_snapshot!(text(&crate::run::sample::summary()));
    }

    #[test]
    fn long_target_lists_are_cut_after_the_top() {
        let mut s = crate::run::sample::summary();
        let t = s.targets[0].clone();
        s.targets = (1..=25)
            .map(|r| TargetReport {
                rank: r,
                ..t.clone()
            })
            .collect();
        let out = text(&s);
        assert_eq!(out.matches(" score ").count(), TOP);
        assert!(out.contains("... and 15 more"), "{out}");
    }

    #[test]
    fn long_finding_lists_are_cut_too() {
        let mut s = crate::run::sample::summary();
        s.findings = vec![s.findings[0].clone(); 12];
        let out = text(&s);
        assert_eq!(out.matches("reproduce: ").count(), TOP);
        assert!(out.contains("... and 2 more"), "{out}");
    }

    #[test]
    fn empty_run_says_so() {
        let mut s = crate::run::sample::summary();
        s.targets.clear();
        s.findings.clear();
        let out = text(&s);
        assert!(
            out.contains("no cold targets") && out.contains("no findings"),
            "{out}"
        );
    }
}
