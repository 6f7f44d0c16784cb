//! Greedy minimal cover over weighted blocks: which candidate seeds to keep so that the kept set
//! covers every goal block any candidate covers, with no kept seed redundant.
//!
//! Blocks are indices into a weight table (statements per block; zero-weight blocks never count).
//! The baseline (what the corpus already covers) is covered from the start. Greedy: repeatedly
//! pick the candidate adding the most uncovered weight, ties to the smallest tie key (the seed's
//! file name); stop when no candidate adds anything. Candidates of a later tier are picked only
//! when no candidate of an earlier tier adds anything (a fuzzer's new input with the coverage
//! of a kept seed does not replace it, so a re-run does not swap files for nothing). Greedy can leave an early pick redundant
//! (its blocks all reached by later picks), so a second pass, over the picks in reverse order,
//! drops every pick whose blocks the baseline and the other remaining picks already cover. Each
//! remaining pick then covers a block nothing else covers: removing any one loses coverage.
//! The blocks each kept candidate was the first to reach are attributed over the kept set alone
//! (greedy by new weight, tiers ignored), so a re-run keeping the same set says the same.

use std::collections::BTreeSet;

/// One candidate for the cover: its tie key and the goal blocks it covers.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub tie: String,
    pub blocks: BTreeSet<usize>,
    /// 0 for ordinary candidates; higher tiers are considered only after lower ones.
    pub tier: u8,
}

/// A kept candidate and the blocks it was the first (in pick order) to reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pick {
    pub candidate: usize,
    pub first: Vec<usize>,
}

/// The kept candidates in pick order.
pub fn greedy_cover(weights: &[u64], baseline: &BTreeSet<usize>, cands: &[Candidate]) -> Vec<Pick> {
    let weight = |b: &usize| weights.get(*b).copied().unwrap_or(0);
    let mut covered: BTreeSet<usize> = baseline.clone();
    let mut picked: Vec<usize> = Vec::new();
    loop {
        let best = cands
            .iter()
            .enumerate()
            .filter(|(i, _)| !picked.contains(i))
            .map(|(i, c)| {
                let gain: u64 = c.blocks.difference(&covered).map(weight).sum();
                (gain, i)
            })
            .filter(|(gain, _)| *gain > 0)
            // Lowest tier; then most new weight; then the smallest tie key; then the first listed.
            .min_by(|(ga, ia), (gb, ib)| {
                (cands[*ia].tier.cmp(&cands[*ib].tier))
                    .then_with(|| gb.cmp(ga))
                    .then_with(|| cands[*ia].tie.cmp(&cands[*ib].tie))
                    .then_with(|| ia.cmp(ib))
            });
        let Some((_, i)) = best else { break };
        covered.extend(cands[i].blocks.iter().copied());
        picked.push(i);
    }
    // Drop redundant picks, latest first.
    let mut k = picked.len();
    while k > 0 {
        k -= 1;
        let others: BTreeSet<usize> = picked
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .flat_map(|(_, &c)| cands[c].blocks.iter().copied())
            .chain(baseline.iter().copied())
            .collect();
        let unique = cands[picked[k]]
            .blocks
            .iter()
            .any(|b| weight(b) > 0 && !others.contains(b));
        if !unique {
            picked.remove(k);
        }
    }
    let mut covered = baseline.clone();
    attribution_order(weights, baseline, cands, picked)
        .into_iter()
        .map(|c| {
            let first: Vec<usize> = cands[c]
                .blocks
                .iter()
                .copied()
                .filter(|b| weight(b) > 0 && !covered.contains(b))
                .collect();
            covered.extend(cands[c].blocks.iter().copied());
            Pick {
                candidate: c,
                first,
            }
        })
        .collect()
}

/// The kept candidates in the order that attributes their blocks: greedy by new weight among
/// the kept ones only, tiers ignored, ties to the smallest tie key. So which seed was the first
/// to reach a block depends on the kept set alone, not on the tiers that chose it (a fuzzer
/// input is a later-tier candidate in the run that finds it and an ordinary one in the next).
fn attribution_order(
    weights: &[u64],
    baseline: &BTreeSet<usize>,
    cands: &[Candidate],
    mut rest: Vec<usize>,
) -> Vec<usize> {
    let weight = |b: &usize| weights.get(*b).copied().unwrap_or(0);
    let mut covered = baseline.clone();
    let mut out = Vec::with_capacity(rest.len());
    while !rest.is_empty() {
        let (pos, _) = rest
            .iter()
            .enumerate()
            .map(|(pos, &c)| {
                let gain: u64 = cands[c].blocks.difference(&covered).map(weight).sum();
                (pos, (gain, c))
            })
            .min_by(|(_, (ga, a)), (_, (gb, b))| {
                gb.cmp(ga)
                    .then_with(|| cands[*a].tie.cmp(&cands[*b].tie))
                    .then_with(|| a.cmp(b))
            })
            .expect("not empty");
        let c = rest.remove(pos);
        covered.extend(cands[c].blocks.iter().copied());
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cand(tie: &str, blocks: &[usize]) -> Candidate {
        Candidate {
            tie: tie.into(),
            blocks: blocks.iter().copied().collect(),
            tier: 0,
        }
    }

    fn kept(p: &[Pick]) -> Vec<usize> {
        p.iter().map(|p| p.candidate).collect()
    }

    #[test]
    fn an_earlier_tier_wins_over_an_equal_later_candidate() {
        let w = [1, 1, 1, 1];
        let late = |tie: &str, blocks: &[usize]| Candidate {
            tier: 1,
            ..cand(tie, blocks)
        };
        // b and c are kept seeds; a covers what b covers, d reaches block 3 too.
        let c = [
            cand("b", &[0, 1]),
            cand("c", &[2]),
            late("a", &[0, 1]),
            late("d", &[2, 3]),
        ];
        let p = greedy_cover(&w, &BTreeSet::new(), &c);
        assert_eq!(
            kept(&p),
            vec![0, 3],
            "b stays, d is added for block 3, c is redundant"
        );
        // In one tier the smaller tie key wins: a replaces b.
        let c: Vec<Candidate> = c.into_iter().map(|x| Candidate { tier: 0, ..x }).collect();
        assert_eq!(kept(&greedy_cover(&w, &BTreeSet::new(), &c)), vec![2, 3]);
    }

    #[test]
    fn picks_the_largest_gain_first_and_drops_what_adds_nothing() {
        let w = [1, 1, 1, 5];
        let c = [cand("a", &[0, 1]), cand("b", &[3]), cand("c", &[0])];
        let p = greedy_cover(&w, &BTreeSet::new(), &c);
        assert_eq!(kept(&p), vec![1, 0]);
        assert_eq!(p[0].first, vec![3]);
        assert_eq!(p[1].first, vec![0, 1]);
    }

    #[test]
    fn identical_coverage_keeps_one_by_file_name() {
        let w = [2, 3];
        let c = [cand("f2", &[0, 1]), cand("f1", &[0, 1])];
        assert_eq!(kept(&greedy_cover(&w, &BTreeSet::new(), &c)), vec![1]);
    }

    #[test]
    fn baseline_blocks_and_zero_weight_blocks_count_for_nothing() {
        let w = [4, 0, 1];
        let base: BTreeSet<usize> = [0].into();
        let c = [cand("a", &[0]), cand("b", &[1]), cand("c", &[0, 2])];
        let p = greedy_cover(&w, &base, &c);
        assert_eq!(kept(&p), vec![2]);
        assert_eq!(p[0].first, vec![2]);
    }

    #[test]
    fn an_early_pick_made_redundant_by_later_ones_is_dropped() {
        // All gain 2: a is picked first (tie key), then b adds {2} and c adds {3}; b and c
        // together cover a's blocks {0, 1}, so a is dropped.
        let w = [1; 4];
        let c = [cand("a", &[0, 1]), cand("b", &[0, 2]), cand("c", &[1, 3])];
        let p = greedy_cover(&w, &BTreeSet::new(), &c);
        assert_eq!(kept(&p), vec![1, 2]);
        assert_eq!(p[0].first, vec![0, 2]);
        assert_eq!(p[1].first, vec![1, 3]);
    }

    #[test]
    fn attribution_does_not_depend_on_tiers() {
        // A later-tier candidate (a fuzzer's input found this run) and the same input as an
        // ordinary one (committed, next run): both kept either way, the same first blocks.
        let w = [1, 1, 1, 1, 1];
        let typical = cand("a", &[0, 1, 2]);
        let fuzzed = |tier| Candidate {
            tier,
            ..cand("b", &[0, 1, 3, 4])
        };
        let late = greedy_cover(&w, &BTreeSet::new(), &[typical.clone(), fuzzed(1)]);
        let now = greedy_cover(&w, &BTreeSet::new(), &[typical, fuzzed(0)]);
        assert_eq!(late, now);
        assert_eq!(now[0].candidate, 1);
        assert_eq!(now[0].first, vec![0, 1, 3, 4]);
        assert_eq!(now[1].first, vec![2]);
    }

    #[test]
    fn nothing_to_gain_keeps_nothing() {
        let base: BTreeSet<usize> = [0, 1].into();
        let c = [cand("a", &[0]), cand("b", &[1, 0])];
        assert!(greedy_cover(&[1, 1], &base, &c).is_empty());
        assert!(greedy_cover(&[1], &BTreeSet::new(), &[]).is_empty());
    }

    proptest! {
        #[test]
        fn cover_is_complete_irredundant_and_deterministic(
            weights in prop::collection::vec(0u64..4, 1..12),
            sets in prop::collection::vec(prop::collection::btree_set(0usize..12, 0..6), 0..10),
            base in prop::collection::btree_set(0usize..12, 0..4),
        ) {
            let n = weights.len();
            let cands: Vec<Candidate> = sets
                .iter()
                .enumerate()
                .map(|(i, s)| Candidate {
                    tier: 0,
                    tie: format!("{:02}", (i * 7) % 10),
                    blocks: s.iter().copied().filter(|b| *b < n).collect(),
                })
                .collect();
            let p = greedy_cover(&weights, &base, &cands);
            prop_assert_eq!(&p, &greedy_cover(&weights, &base, &cands));
            let goal = |s: &BTreeSet<usize>| -> BTreeSet<usize> {
                s.iter().copied().filter(|b| weights[*b] > 0 && !base.contains(b)).collect()
            };
            let all: BTreeSet<usize> = cands.iter().flat_map(|c| goal(&c.blocks)).collect();
            let kept_union: BTreeSet<usize> =
                p.iter().flat_map(|k| goal(&cands[k.candidate].blocks)).collect();
            prop_assert_eq!(&all, &kept_union);
            for (i, k) in p.iter().enumerate() {
                prop_assert!(!k.first.is_empty());
                let rest: BTreeSet<usize> = p
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .flat_map(|(_, o)| goal(&cands[o.candidate].blocks))
                    .collect();
                prop_assert!(goal(&cands[k.candidate].blocks).iter().any(|b| !rest.contains(b)));
            }
        }
    }
}
