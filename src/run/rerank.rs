//! The run's target order: the analysis ranking (reach of cold statements) with two boosts in
//! front of it, each recorded as a reason:
//!
//! 1. `--since REV`: targets with cold statements on lines changed since REV rank first (most
//!    such statements first);
//! 2. `--coverdir`: then targets whose blocks are cold in the tests but ran in the binary
//!    coverage data (production, staging, integration runs): that is where fuzzing pays.
//!
//! Ties keep the analysis order. The analysis' `targets` are reordered in place (ranks
//! renumbered), so generation (`--top`) takes the boosted targets first.

use super::heat::BlockCounts;
use super::since::{self, ChangedLines};
use crate::targets::{Analysis, FuncId, Heat};
use std::collections::HashMap;
use std::path::Path;

/// Weight of one changed cold statement in [`Ranked::score`].
const SINCE_WEIGHT: f64 = 1_000_000.0;
/// Weight of one coverdir-hot cold statement in [`Ranked::score`].
const COVERDIR_WEIGHT: f64 = 1_000.0;

/// Why a target ranks where it does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ranked {
    /// `changed * 1e6 + coverdir_hot * 1e3 + reach`.
    pub score: f64,
    pub reasons: Vec<String>,
    /// Cold statements on changed lines.
    pub changed: u64,
    /// Cold-in-tests statements that ran in the coverdir data.
    pub coverdir_hot: u64,
}

/// What the boosts look at.
pub struct Boosts<'a> {
    pub coverdir: &'a BlockCounts,
    pub changed: Option<(&'a str, &'a ChangedLines)>,
    /// The module root, to make file paths relative for `changed`.
    pub root: &'a Path,
}

/// Reorders `a.targets` and returns each target's score and reasons.
pub fn rerank(a: &mut Analysis, b: &Boosts) -> HashMap<FuncId, Ranked> {
    let mut info: HashMap<FuncId, Ranked> = HashMap::new();
    for t in &a.targets {
        info.insert(t.id, score(a, t, b));
    }
    let key = |id: &FuncId| {
        let r = &info[id];
        (
            std::cmp::Reverse(r.changed),
            std::cmp::Reverse(r.coverdir_hot),
        )
    };
    // Stable: ties keep the analysis order.
    a.targets.sort_by_key(|t| key(&t.id));
    for (i, t) in a.targets.iter_mut().enumerate() {
        t.rank = i + 1;
    }
    info
}

fn score(a: &Analysis, t: &crate::targets::Target, b: &Boosts) -> Ranked {
    let h = a.heat(t.id);
    let rel = a.files[t.id.file]
        .heat
        .path
        .strip_prefix(b.root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let mut r = Ranked::default();
    let mut hits = 0u64;
    for bh in h.blocks.iter().filter(|bh| bh.heat == Heat::Cold) {
        let n = bh.block.num_stmt as u64;
        let c = b
            .coverdir
            .get(&(h.file.clone(), bh.block.range))
            .copied()
            .unwrap_or(0);
        if c > 0 {
            r.coverdir_hot += n;
            hits += c;
        }
        if let Some((_, changed)) = b.changed {
            let rg = bh.block.range;
            if since::touches(changed, &rel, rg.start.line, rg.end.line) {
                r.changed += n;
            }
        }
    }
    r.score = r.changed as f64 * SINCE_WEIGHT
        + r.coverdir_hot as f64 * COVERDIR_WEIGHT
        + t.reach_statements as f64;
    if let Some((rev, _)) = b.changed {
        if r.changed > 0 {
            r.reasons.push(format!(
                "changed_since {rev}: {} cold statement(s) on changed lines",
                r.changed
            ));
        }
    }
    if r.coverdir_hot > 0 {
        r.reasons.push(format!(
            "coverdir_weight: {} statement(s) cold in tests ran {hits} time(s) in --coverdir data",
            r.coverdir_hot
        ));
    }
    r.reasons.push(format!(
        "cold_stmts: {} own, reach {} (with callees)",
        t.cold_statements, t.reach_statements
    ));
    if t.rare_statements > 0 {
        r.reasons.push(format!("rare_stmts: {}", t.rare_statements));
    }
    r
}
