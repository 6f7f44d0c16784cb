//! The run's target order: the analysis ranking (reach of cold statements) with two boosts in
//! front of it, each recorded as a reason:
//!
//! 1. `--since REV`: targets with cold statements on lines changed since REV rank first (most
//!    such statements first);
//! 2. `--coverdir`: then targets whose blocks are cold in the tests but ran in the binary
//!    coverage data (production, staging, integration runs): that is where fuzzing pays.
//!
//! A boost counts a target's own blocks first, then the blocks of the functions it reaches
//! through calls (the call graph the analysis' reach comes from): a changed or production-hot
//! block in an unexported helper, which gets no harness of its own, puts the exported functions
//! that reach it ahead of the rest, right after the functions that hold such blocks themselves.
//! Functions the run does not harness (unexported helpers, `main`: they are reached through
//! their exported callers) rank after every function it does, and once the planner has judged
//! the first targets, [`fuzzable_first`] moves the ones it refuses (side effects, no input...)
//! behind the fuzzable ones, so `--top` counts fuzz targets.
//! Ties keep the analysis order. The analysis' `targets` are reordered in place (ranks
//! renumbered), so generation (`--top`) takes the boosted targets first.

use super::heat::BlockCounts;
use super::since::{self, ChangedLines};
use crate::targets::{rank, Analysis, FuncId, FunctionHeat, Heat};
use std::collections::HashMap;
use std::path::Path;

/// Weight of one changed cold statement in [`Ranked::score`].
const SINCE_WEIGHT: f64 = 1_000_000.0;
/// Weight of one coverdir-hot cold statement in [`Ranked::score`].
const COVERDIR_WEIGHT: f64 = 1_000.0;

/// Why a target ranks where it does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ranked {
    /// `(changed + changed_in_callees) * 1e6 + (coverdir_hot + coverdir_hot_in_callees) * 1e3 +
    /// reach`.
    pub score: f64,
    pub reasons: Vec<String>,
    /// Cold statements of the target on changed lines.
    pub changed: u64,
    /// Cold statements on changed lines in the functions the target reaches through calls.
    pub changed_in_callees: u64,
    /// Cold-in-tests statements of the target that ran in the coverdir data.
    pub coverdir_hot: u64,
    /// Cold-in-tests statements that ran in the coverdir data, in the functions the target
    /// reaches through calls.
    pub coverdir_hot_in_callees: u64,
}

/// What the boosts look at.
pub struct Boosts<'a> {
    pub coverdir: &'a BlockCounts,
    pub changed: Option<(&'a str, &'a ChangedLines)>,
    /// The module root, to make file paths relative for `changed`.
    pub root: &'a Path,
}

/// A function's own boosted statements (cold blocks only).
#[derive(Clone, Copy, Debug, Default)]
struct Own {
    changed: u64,
    coverdir_hot: u64,
    /// Runs of those coverdir-hot blocks in the coverdir data.
    hits: u64,
}

/// Reorders `a.targets` and returns each target's score and reasons.
pub fn rerank(a: &mut Analysis, b: &Boosts) -> HashMap<FuncId, Ranked> {
    let own: Vec<Own> = a.functions.iter().map(|h| own_boosts(a, h, b)).collect();
    let graph = a.call_graph();
    let sums =
        |f: fn(&Own) -> u64| rank::reach_sums(&graph, &own.iter().map(f).collect::<Vec<_>>());
    let via_changed = sums(|o| o.changed);
    let via_hot = sums(|o| o.coverdir_hot);
    let via_hits = sums(|o| o.hits);
    let mut info: HashMap<FuncId, Ranked> = HashMap::new();
    for t in &a.targets {
        let Ok(i) = a.functions.binary_search_by_key(&t.id, |h| h.id) else {
            continue;
        };
        let via = Own {
            changed: via_changed[i],
            coverdir_hot: via_hot[i],
            hits: via_hits[i],
        };
        info.insert(t.id, score(t, own[i], via, b));
    }
    let keys: HashMap<FuncId, _> = a
        .targets
        .iter()
        .map(|t| {
            let r = info.get(&t.id).cloned().unwrap_or_default();
            let key = (
                !rank::exported(&a.function(t.id).name),
                std::cmp::Reverse(r.changed),
                std::cmp::Reverse(r.changed_in_callees),
                std::cmp::Reverse(r.coverdir_hot),
                std::cmp::Reverse(r.coverdir_hot_in_callees),
            );
            (t.id, key)
        })
        .collect();
    // Stable: ties keep the analysis order.
    a.targets.sort_by_key(|t| keys[&t.id]);
    for (i, t) in a.targets.iter_mut().enumerate() {
        t.rank = i + 1;
    }
    info
}

/// How many targets the run plans to fill `--top` with fuzzable ones: the first `top` plus as
/// many again (at least 16 more), so a few refused targets high in the ranking do not leave
/// slots empty.
pub fn planning_window(top: usize, targets: usize) -> usize {
    top.saturating_mul(2)
        .max(top.saturating_add(16))
        .min(targets)
}

/// Details and plans targets from the top until `top` of them are fuzzable (starting with
/// [`planning_window`], doubling while too few are: hook constructors without parameters can
/// fill a ranking), then [`fuzzable_first`] over that window.
pub fn fuzzable_top(
    a: &mut Analysis,
    top: usize,
    state: Option<&crate::state::StateDir>,
) -> crate::error::Result<Vec<(FuncId, String)>> {
    let top = top.min(a.targets.len());
    let mut window = planning_window(top, a.targets.len());
    loop {
        a.detail_cached(Some(window), &[], state)?;
        crate::plan::decide_fuzzability(a, Some(window));
        let fuzzable = a.targets[..window].iter().filter(|t| t.fuzzable).count();
        if fuzzable >= top || window == a.targets.len() {
            break;
        }
        window = window.saturating_mul(2).min(a.targets.len());
    }
    Ok(fuzzable_first(a, window, top))
}

/// Within the first `window` targets (planned: [`crate::plan::decide_fuzzability`]), moves the
/// ones no fuzz test can drive (side effects, `sort.Interface` index methods, no input, an
/// unexported helper) after the fuzzable ones, keeping each group's order, so `--top` counts
/// targets that get a fuzz test. Ranks are renumbered. Returns the refused targets that ranked
/// within the first `top`, with the planner's reason, for the run's notes.
pub fn fuzzable_first(a: &mut Analysis, window: usize, top: usize) -> Vec<(FuncId, String)> {
    let window = window.min(a.targets.len());
    let refused: Vec<(FuncId, String)> = a.targets[..top.min(window)]
        .iter()
        .filter(|t| !t.fuzzable)
        .map(|t| {
            let why = t.unfuzzable_reason.clone().unwrap_or_default();
            (t.id, why)
        })
        .collect();
    // Stable: each group keeps the ranking's order.
    a.targets[..window].sort_by_key(|t| !t.fuzzable);
    for (i, t) in a.targets.iter_mut().enumerate() {
        t.rank = i + 1;
    }
    refused
}

/// The changed and coverdir-hot statements of `h`'s own cold blocks.
fn own_boosts(a: &Analysis, h: &FunctionHeat, b: &Boosts) -> Own {
    let rel = a.files[h.id.file]
        .heat
        .path
        .strip_prefix(b.root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let mut o = Own::default();
    for bh in h.blocks.iter().filter(|bh| bh.heat == Heat::Cold) {
        let n = bh.block.num_stmt as u64;
        let c = b
            .coverdir
            .get(&(h.file.clone(), bh.block.range))
            .copied()
            .unwrap_or(0);
        if c > 0 {
            o.coverdir_hot += n;
            o.hits += c;
        }
        if let Some((_, changed)) = b.changed {
            let rg = bh.block.range;
            if since::touches(changed, &rel, rg.start.line, rg.end.line) {
                o.changed += n;
            }
        }
    }
    o
}

fn score(t: &crate::targets::Target, own: Own, via: Own, b: &Boosts) -> Ranked {
    let mut r = Ranked {
        changed: own.changed,
        changed_in_callees: via.changed,
        coverdir_hot: own.coverdir_hot,
        coverdir_hot_in_callees: via.coverdir_hot,
        ..Ranked::default()
    };
    r.score = (own.changed + via.changed) as f64 * SINCE_WEIGHT
        + (own.coverdir_hot + via.coverdir_hot) as f64 * COVERDIR_WEIGHT
        + t.reach_statements as f64;
    if let Some((rev, _)) = b.changed {
        if own.changed + via.changed > 0 {
            r.reasons.push(format!(
                "changed_since {rev}: {} cold on changed lines",
                statements(own.changed, via.changed)
            ));
        }
    }
    if own.coverdir_hot + via.coverdir_hot > 0 {
        r.reasons.push(format!(
            "coverdir_weight: {} cold in tests ran {} time(s) in --coverdir data",
            statements(own.coverdir_hot, via.coverdir_hot),
            own.hits + via.hits,
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

/// `own` statements of the target and `via` of the functions it calls, in words.
fn statements(own: u64, via: u64) -> String {
    match (own, via) {
        (n, 0) => format!("{n} statement(s)"),
        (0, v) => format!("{v} statement(s) (in the functions it calls)"),
        (n, v) => format!("{n} statement(s) (and {v} in the functions it calls)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The analysis of the bundled `corpus/shop` (read in place) and its root.
    fn shop() -> (Analysis, PathBuf) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/shop");
        (crate::targets::analyze_module(&root), root)
    }

    fn names(a: &Analysis) -> Vec<String> {
        a.targets
            .iter()
            .map(|t| a.heat(t.id).qualified.clone())
            .collect()
    }

    /// The first cold block of the function named `name`, as a coverdir count key.
    fn cold_block(a: &Analysis, name: &str) -> (String, crate::span::CoverRange) {
        let h = a.functions.iter().find(|h| h.qualified == name).unwrap();
        let b = h.blocks.iter().find(|b| b.heat == Heat::Cold).unwrap();
        (h.file.clone(), b.block.range)
    }

    #[test]
    fn a_hot_block_of_a_callee_boosts_its_callers_after_the_function_itself() {
        let (mut a, root) = shop();
        let plain = names(&a);
        let callers: Vec<String> = {
            let graph = a.call_graph();
            let p = a
                .functions
                .iter()
                .position(|h| h.qualified == "Percent")
                .unwrap();
            let mut weight = vec![0; a.functions.len()];
            weight[p] = 1;
            let reaches = rank::reach_sums(&graph, &weight);
            let targets: Vec<String> = plain.clone();
            (0..a.functions.len())
                .filter(|&i| i != p && reaches[i] > 0)
                .map(|i| a.functions[i].qualified.clone())
                .filter(|n| targets.contains(n))
                .collect()
        };
        // Directly (Order.Total, Cart.Total) or through them (Order.Summary).
        assert!(callers.len() >= 3, "{callers:?}");
        let coverdir = BlockCounts::from([(cold_block(&a, "Percent"), 7)]);
        let info = rerank(
            &mut a,
            &Boosts {
                coverdir: &coverdir,
                changed: None,
                root: &root,
            },
        );
        let got = names(&a);
        assert_eq!(got[0], "Percent", "{got:?}");
        let boosted: Vec<&String> = got[1..=callers.len()].iter().collect();
        for c in &callers {
            assert!(boosted.contains(&c), "{c} not right after Percent: {got:?}");
        }
        // The callers keep the analysis order among themselves, and the rest follow in it,
        // the functions without a harness of their own (unexported: shop's `luhn`) last.
        let exported = |n: &&String| rank::exported(n.rsplit('.').next().unwrap());
        let rest: Vec<&String> = plain
            .iter()
            .filter(|n| *n != "Percent" && !callers.contains(n))
            .filter(exported)
            .chain(plain.iter().filter(|n| !exported(n)))
            .collect();
        assert!(plain.iter().any(|n| !exported(&n)) && got.last().unwrap() == "luhn");
        assert_eq!(got[1 + callers.len()..].iter().collect::<Vec<_>>(), rest);
        let first = &a.targets[1];
        let r = &info[&first.id];
        assert_eq!((r.coverdir_hot, r.coverdir_hot > 0), (0, false));
        assert!(r.coverdir_hot_in_callees > 0);
        assert!(
            r.reasons[0].starts_with("coverdir_weight: ")
                && r.reasons[0].contains("(in the functions it calls) cold in tests ran 7 time(s)"),
            "{:?}",
            r.reasons
        );
        let p = &info[&a.targets[0].id];
        assert!(p.coverdir_hot > 0 && r.score > 0.0 && p.reasons[0].contains("ran 7 time(s)"));
    }

    #[test]
    fn refused_targets_move_behind_the_fuzzable_ones_within_the_window() {
        assert_eq!(planning_window(10, 1000), 26);
        assert_eq!(planning_window(40, 1000), 80);
        assert_eq!(planning_window(10, 12), 12);
        let (mut a, _) = shop();
        let n = a.targets.len();
        a.detail(None, &[]).unwrap();
        crate::plan::decide_fuzzability(&mut a, None);
        let before = names(&a);
        let refused_before: Vec<String> = a
            .targets
            .iter()
            .filter(|t| !t.fuzzable)
            .map(|t| a.heat(t.id).qualified.clone())
            .collect();
        // shop's unexported `luhn` is refused; the rest plan.
        assert!(
            refused_before.contains(&"luhn".to_string()),
            "{refused_before:?}"
        );
        // Pretend the first target is refused too: it moves behind every fuzzable target.
        a.targets[0].fuzzable = false;
        a.targets[0].unfuzzable_reason = Some("side effect".into());
        let refused = fuzzable_first(&mut a, n, 3);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].1, "side effect");
        let after = names(&a);
        let fuzzable: Vec<&String> = before[1..]
            .iter()
            .filter(|x| !refused_before.contains(x))
            .collect();
        assert_eq!(after[..fuzzable.len()].iter().collect::<Vec<_>>(), fuzzable);
        assert_eq!(after[fuzzable.len()], before[0]);
        assert!(a.targets.iter().enumerate().all(|(i, t)| t.rank == i + 1));
    }

    #[test]
    fn changed_lines_of_a_callee_rank_its_callers_before_coverdir_heat() {
        let (mut a, root) = shop();
        let h = a
            .functions
            .iter()
            .find(|h| h.qualified == "Percent")
            .unwrap();
        let b = h.blocks.iter().find(|b| b.heat == Heat::Cold).unwrap();
        let rel = a.files[h.id.file]
            .heat
            .path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let line = b.block.range.start.line;
        let changed = ChangedLines::from([(rel, vec![(line, line)])]);
        // Heat in the binary data for a function that does not reach Percent.
        let other = names(&a)
            .into_iter()
            .find(|n| n != "Percent" && n != "Total")
            .unwrap();
        let coverdir = BlockCounts::from([(cold_block(&a, &other), 1)]);
        let info = rerank(
            &mut a,
            &Boosts {
                coverdir: &coverdir,
                changed: Some(("HEAD~1", &changed)),
                root: &root,
            },
        );
        let got = names(&a);
        assert_eq!(got[0], "Percent", "{got:?}");
        let second = &info[&a.targets[1].id];
        assert!(
            second.changed == 0 && second.changed_in_callees > 0,
            "{got:?} {second:?}"
        );
        assert!(second.reasons[0].starts_with("changed_since HEAD~1: "));
    }
}
