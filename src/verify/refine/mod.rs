//! Refinement rounds: cold goals the first round's seeds did not reach are attacked again,
//! each from the measured seed that got closest, with mutations read from the source
//! ([`mutate`]); every round's candidates run against the same per-package test binaries as
//! the first round's (the [`Measurer`] of [`super::minimize`], no rebuild), and a candidate is
//! kept only when it covers a cold statement nothing measured so far covers (greedy cover).
//!
//! *Closest*: among the seeds measured so far (first-round and kept refined ones) that
//! entered the goal's function, the one covering the latest block of that function that
//! starts before the goal (the deepest block on the way to it), then the one covering more of
//! the function; ties go to the earlier seed (file order, then round order).
//!
//! Reproducible: the rounds start from, and count the coverage of, only the seeds every run
//! makes again from the source (not the fuzzer's inputs, [`Refine::fuzzed`]): a fresh fuzzer
//! input is not offered to the next run unless it is kept, so a seed mutated from it, or kept
//! because the goals it left cold differed, would be rewritten by the next run (a re-run must
//! change nothing). The fuzzer's inputs still compete with the refined seeds in the final cover.
//!
//! Deterministic: candidates come from the parents, hints and caps alone (no randomness, no
//! clock). The time budget is checked before each round and between chunks of [`CHUNK`]
//! candidates: when the rounds fit in it (the bundled modules and most packages, by far) the
//! same rounds run every time; when the budget stops work the summary says where.

pub mod mutate;

use super::cover::{self, greedy_cover};
use super::minimize::{Names, Universe};
use super::seedcover::{CandidateFile, CandidateRun, Measurer};
use crate::constraints::goals::Goal;
use crate::constraints::{tokens, Fact, Lit, Step};
use crate::error::{Error, Result};
use crate::span::{CoverPos, CoverRange};
use crate::values::Value;
use crate::writers::native;
pub use mutate::Hints;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Candidates made for one goal in one round.
const PER_GOAL: usize = 32;
/// Candidates measured in one round.
const PER_ROUND: usize = 256;
/// Candidates measured between two checks of the time budget.
const CHUNK: usize = 48;
/// Limit for one refined candidate's run (a mutation that makes its fuzz test block costs this
/// much, not the first round's per-seed limit).
const RUN_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefineOptions {
    /// Refinement rounds after the first (0: none).
    pub rounds: u32,
    /// Wall time all rounds may take; checked before each round.
    pub budget: Duration,
    /// Cut each kept seed down to a shorter input reaching the same cold blocks
    /// ([`super::trim`]).
    pub trim: bool,
}

impl Default for RefineOptions {
    fn default() -> Self {
        RefineOptions {
            rounds: 3,
            budget: Duration::from_secs(30),
            trim: true,
        }
    }
}

/// Hints per goal block: (qualified function name, block range).
pub type GoalTable = BTreeMap<(String, CoverRange), Hints>;

/// What refinement needs besides the first round's measurements.
pub struct Refine<'a> {
    pub opts: RefineOptions,
    pub goals: &'a GoalTable,
    /// The target each seed file (relative to the module root) was written for.
    pub targets: &'a BTreeMap<PathBuf, String>,
    /// Seed files (relative to the module root) of kind `fuzzed`: inputs `go test -fuzz` found
    /// (this run's, or an earlier run's it kept). The rounds neither start from them nor count
    /// what they cover, see the module docs.
    pub fuzzed: &'a BTreeSet<PathBuf>,
}

/// A seed a refinement round found.
#[derive(Clone, Debug, PartialEq)]
pub struct RefinedSeed {
    pub values: Vec<Value>,
    pub target: String,
    /// 1 for the first refinement round.
    pub round: u32,
    /// File name of the seed it was mutated (or trimmed) from.
    pub parent: String,
    /// Its text's length before trimming ([`super::trim`]), when it was trimmed.
    pub trimmed_from: Option<usize>,
}

/// A refined candidate its round kept.
pub(crate) struct Found {
    pub run: CandidateRun,
    pub covers: BTreeSet<usize>,
    pub package: String,
    pub seed: RefinedSeed,
}

/// Figures of the refinement rounds.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RefineStats {
    pub rounds_run: u32,
    pub candidates: usize,
    pub failed: usize,
    pub kept: usize,
    /// Cold statements the kept refined seeds were first to reach.
    pub new_statements: u64,
    pub ms: u64,
    /// The round the time budget stopped before it started, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_stopped_before_round: Option<u32>,
    /// The round the time budget stopped part-way, when it did, and how many of its
    /// candidates were left unmeasured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_stopped_in_round: Option<u32>,
    #[serde(skip_serializing_if = "is_zero")]
    pub budget_skipped_candidates: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl RefineStats {
    pub fn note(&self) -> String {
        let cut = match (
            self.budget_stopped_before_round,
            self.budget_stopped_in_round,
        ) {
            (Some(r), _) => format!("; the time budget stopped the rounds before round {r}"),
            (None, Some(r)) => format!(
                "; the time budget stopped round {r} with {} of its candidates unmeasured",
                self.budget_skipped_candidates
            ),
            (None, None) => String::new(),
        };
        format!(
            "refinement: {} round(s), {} candidates measured ({} failed their fuzz test), {} \
             kept, first to reach {} more cold statements, {:.1} s{cut}",
            self.rounds_run,
            self.candidates,
            self.failed,
            self.kept,
            self.new_statements,
            self.ms as f64 / 1000.0
        )
    }
}

/// Hints of a goal: the tokens of every alternative (path first) and the literals of its own
/// guard's text, integers compared with values, and lengths.
pub fn hints_of(g: &Goal) -> Hints {
    let mut h = Hints::default();
    for alt in &g.alternatives {
        let facts: Vec<Fact> = alt.iter().filter(|f| !f.is_unsat()).cloned().collect();
        h.merge(&Hints {
            tokens: tokens(&facts),
            ..Default::default()
        });
        for f in &facts {
            if let Fact::Cmp { access, lit, .. } = f {
                let counted = matches!(access.steps.last(), Some(Step::Len));
                match (lit, counted) {
                    (Lit::Int(i), true) => h.lens.extend(i64::try_from(*i).ok()),
                    (Lit::Int(i), false) => h.ints.push(*i),
                    _ => {}
                }
            }
        }
    }
    h.merge(&guard_literals(&g.guard));
    h.ints.dedup();
    h.lens.sort_unstable();
    h.lens.dedup();
    h
}

/// String, character and integer literals of a guard's Go text.
fn guard_literals(text: &str) -> Hints {
    let b = text.as_bytes();
    let mut h = Hints::default();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' || c == b'`' || c == b'\'' {
            let mut j = i + 1;
            while j < b.len() && b[j] != c {
                j += if b[j] == b'\\' && c != b'`' { 2 } else { 1 };
            }
            let lit = &b[i..(j + 1).min(b.len())];
            let tok = match c {
                b'\'' => crate::golex::literal::unquote_char_lit(lit)
                    .ok()
                    .and_then(char::from_u32)
                    .map(|ch| ch.to_string().into_bytes()),
                _ => crate::golex::literal::unquote_string(lit).ok(),
            };
            if let Some(t) = tok.filter(|t| !t.is_empty() && !h.tokens.contains(t)) {
                h.tokens.push(t);
            }
            i = j + 1;
        } else if c.is_ascii_digit() && (i == 0 || !is_ident(b[i - 1])) {
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                j += 1;
            }
            if let Some(n) = crate::golex::literal::parse_int_lit(&text[i..j]) {
                if !h.ints.contains(&n) {
                    h.ints.push(n);
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    h
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'.'
}

/// A candidate of a round: its file, package import path, seed and corpus-file bytes.
type Pending = (CandidateFile, String, RefinedSeed, Vec<u8>);

/// A seed refinement may start from.
struct Member {
    cand: CandidateFile,
    package: String,
    target: String,
    values: Vec<Value>,
    /// Every block its run covered: (path relative to the module, range).
    all: BTreeMap<PathBuf, BTreeSet<CoverRange>>,
}

/// The state the rounds share.
pub(crate) struct Rounds<'a, 'm> {
    pub u: &'a Universe,
    pub names: &'a mut Names,
    pub measurer: &'m mut Measurer,
    pub root: &'a Path,
    /// Cold blocks covered by the baseline and every measured candidate.
    pub covered: BTreeSet<usize>,
}

impl Rounds<'_, '_> {
    /// Runs the refinement rounds from the first round's passing `runs` (with their
    /// packages). Returns what the rounds kept and the figures.
    pub fn run(
        mut self,
        r: &Refine,
        runs: &[CandidateRun],
        packages: &BTreeMap<CandidateFile, String>,
    ) -> Result<(Vec<Found>, RefineStats)> {
        let start = Instant::now();
        let mut stats = RefineStats::default();
        let mut pool = self.first_pool(r, runs, packages);
        let mut seen: BTreeSet<CandidateFile> = packages.keys().cloned().collect();
        let siblings = sibling_tokens(r.goals);
        let mut found = Vec::new();
        for round in 1..=r.opts.rounds {
            if round > 1 && start.elapsed() >= r.opts.budget {
                stats.budget_stopped_before_round = Some(round);
                break;
            }
            let batch = self.candidates(r, &pool, &siblings, &mut seen, round);
            if batch.is_empty() {
                break;
            }
            stats.rounds_run = round;
            let deadline = start + r.opts.budget;
            let (kept, cut) = self.measure_round(batch, deadline, round == 1, &mut stats)?;
            if let Some(left) = cut {
                stats.budget_stopped_in_round = Some(round);
                stats.budget_skipped_candidates = left;
            }
            if kept.is_empty() || cut.is_some() {
                for f in kept {
                    found.push(f);
                }
                break;
            }
            for f in kept {
                pool.push(Member {
                    cand: f.run.candidate.clone(),
                    package: f.package.clone(),
                    target: f.seed.target.clone(),
                    values: f.seed.values.clone(),
                    all: by_file(self.names.all(f.run.outcome.as_ref().expect("passed"))),
                });
                found.push(f);
            }
        }
        stats.kept = found.len();
        stats.ms = start.elapsed().as_millis() as u64;
        Ok((found, stats))
    }

    /// The first round's passing seeds whose values decode (but the fuzzer's inputs), in file
    /// order.
    fn first_pool(
        &mut self,
        r: &Refine,
        runs: &[CandidateRun],
        packages: &BTreeMap<CandidateFile, String>,
    ) -> Vec<Member> {
        let mut pool = Vec::new();
        for run in runs {
            let Ok(cov) = &run.outcome else { continue };
            let rel = run.candidate.rel();
            if r.fuzzed.contains(&rel) {
                continue;
            }
            let Some(target) = r.targets.get(&rel) else {
                continue;
            };
            let Ok(bytes) = std::fs::read(self.root.join(&rel)) else {
                continue;
            };
            let Ok(values) = native::decode_corpus_file(&bytes) else {
                continue;
            };
            pool.push(Member {
                cand: run.candidate.clone(),
                package: packages.get(&run.candidate).cloned().unwrap_or_default(),
                target: target.clone(),
                values,
                all: by_file(self.names.all(cov)),
            });
        }
        pool
    }

    /// The round's candidates: for each cold goal (most statements first), mutations of the
    /// closest seed; new files only.
    fn candidates(
        &self,
        r: &Refine,
        pool: &[Member],
        siblings: &BTreeMap<String, Vec<Vec<u8>>>,
        seen: &mut BTreeSet<CandidateFile>,
        round: u32,
    ) -> Vec<Pending> {
        let u = self.u;
        let mut cold: Vec<usize> = (0..u.blocks.len())
            .filter(|i| !self.covered.contains(i))
            .collect();
        cold.sort_by_key(|&i| (std::cmp::Reverse(u.blocks[i].statements), i));
        // Per goal, its mutations in operator order; then taken round-robin across goals (the
        // first mutation of every goal, then the second...), so a cut round still tried many.
        let mut lists: Vec<Vec<Pending>> = Vec::new();
        for i in cold.into_iter().take(PER_ROUND) {
            let Some(p) = closest(u, pool, i) else {
                continue;
            };
            let function = &u.blocks[i].function;
            let hints = r
                .goals
                .get(&(function.clone(), u.at[i].1))
                .cloned()
                .unwrap_or_default();
            let sib = siblings.get(function).map(Vec::as_slice).unwrap_or(&[]);
            let list = mutate::mutations(&p.values, &hints, sib, PER_GOAL)
                .into_iter()
                .map(|values| {
                    let bytes = native::encode_corpus_file(&values);
                    let cand = CandidateFile {
                        package_dir: p.cand.package_dir.clone(),
                        fuzz_test: p.cand.fuzz_test.clone(),
                        name: native::corpus_file_name(&bytes),
                    };
                    let seed = RefinedSeed {
                        values,
                        target: p.target.clone(),
                        round,
                        parent: p.cand.name.clone(),
                        trimmed_from: None,
                    };
                    (cand, p.package.clone(), seed, bytes)
                })
                .filter(|c| !seen.contains(&c.0))
                .collect();
            lists.push(list);
        }
        let mut batch = Vec::new();
        let mut iters: Vec<_> = lists.into_iter().map(Vec::into_iter).collect();
        while batch.len() < PER_ROUND && !iters.is_empty() {
            iters.retain_mut(|it| match it.next() {
                Some(c) => {
                    if batch.len() < PER_ROUND && seen.insert(c.0.clone()) {
                        batch.push(c);
                    }
                    true
                }
                None => false,
            });
        }
        batch
    }

    /// Measures the batch in chunks of [`CHUNK`] (the budget is checked before each chunk;
    /// the first chunk of the first round always runs) and keeps a greedy cover of what the
    /// measured candidates add. Returns it, and how many candidates the budget left unmeasured.
    fn measure_round(
        &mut self,
        mut batch: Vec<Pending>,
        deadline: Instant,
        first: bool,
        stats: &mut RefineStats,
    ) -> Result<(Vec<Found>, Option<usize>)> {
        let mut runs = Vec::new();
        let mut cut = None;
        for (k, chunk) in batch.chunks(CHUNK).enumerate() {
            if !(first && k == 0) && Instant::now() >= deadline {
                cut = Some(batch.len() - runs.len());
                break;
            }
            runs.extend(self.measure_chunk(chunk)?);
        }
        batch.truncate(runs.len());
        stats.candidates += runs.len();
        Ok((self.keep(batch, runs, stats)?, cut))
    }

    /// Runs one chunk's files (written into the module for their runs only).
    fn measure_chunk(&mut self, chunk: &[Pending]) -> Result<Vec<CandidateRun>> {
        let files: Vec<(CandidateFile, Vec<u8>)> = chunk
            .iter()
            .map(|(c, _, _, bytes)| (c.clone(), bytes.clone()))
            .collect();
        self.measurer.measure_bytes(&files, RUN_TIMEOUT)
    }

    /// The greedy cover of what the measured candidates add: kept ones are written back into
    /// the module (later rounds and the final cover see them).
    fn keep(
        &mut self,
        batch: Vec<Pending>,
        runs: Vec<CandidateRun>,
        stats: &mut RefineStats,
    ) -> Result<Vec<Found>> {
        let mut ok: Vec<(usize, BTreeSet<usize>)> = Vec::new();
        for (i, run) in runs.iter().enumerate() {
            match &run.outcome {
                Ok(cov) => ok.push((i, self.names.cold(self.u, cov))),
                Err(_) => stats.failed += 1,
            }
        }
        let greedy: Vec<cover::Candidate> = ok
            .iter()
            .map(|(i, blocks)| cover::Candidate {
                tier: 0,
                tie: format!("{}\0{}", batch[*i].0.name, batch[*i].0.rel().display()),
                blocks: blocks.clone(),
            })
            .collect();
        let picks = greedy_cover(&self.u.weights(), &self.covered, &greedy);
        let picked: BTreeSet<usize> = picks.iter().map(|p| ok[p.candidate].0).collect();
        let mut found = Vec::new();
        let mut runs: Vec<Option<CandidateRun>> = runs.into_iter().map(Some).collect();
        for (k, (c, package, seed, bytes)) in batch.into_iter().enumerate() {
            if !picked.contains(&k) {
                continue;
            }
            let p = self.root.join(c.rel());
            std::fs::write(&p, &bytes).map_err(|e| Error::io(&p, e))?;
            let covers = ok
                .iter()
                .find(|(i, _)| *i == k)
                .map(|(_, b)| b.clone())
                .unwrap_or_default();
            let new: BTreeSet<usize> = covers.difference(&self.covered).copied().collect();
            stats.new_statements += self.u.statements(&new);
            self.covered.extend(new);
            found.push(Found {
                run: runs[k].take().expect("one run per candidate"),
                covers,
                package,
                seed,
            });
        }
        Ok(found)
    }
}

/// Covered blocks grouped by file.
fn by_file(all: BTreeSet<(PathBuf, CoverRange)>) -> BTreeMap<PathBuf, BTreeSet<CoverRange>> {
    let mut out: BTreeMap<PathBuf, BTreeSet<CoverRange>> = BTreeMap::new();
    for (p, r) in all {
        out.entry(p).or_default().insert(r);
    }
    out
}

/// Tokens of every goal of each function: the literals a neighbouring branch compares with.
fn sibling_tokens(goals: &GoalTable) -> BTreeMap<String, Vec<Vec<u8>>> {
    let mut out: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
    for ((function, _), h) in goals {
        let v = out.entry(function.clone()).or_default();
        for t in &h.tokens {
            if !v.contains(t) {
                v.push(t.clone());
            }
        }
    }
    out
}

/// The pool member closest to cold block `i` (see the module docs), None when no member
/// entered its function.
fn closest<'p>(u: &Universe, pool: &'p [Member], i: usize) -> Option<&'p Member> {
    let (rel, goal) = &u.at[i];
    let blocks = &u.funcs[u.func[i]];
    let mut best: Option<((Option<CoverPos>, usize), &Member)> = None;
    for m in pool {
        let Some(covered) = m.all.get(rel) else {
            continue;
        };
        let mut count = 0;
        let mut latest: Option<CoverPos> = None;
        for r in blocks {
            if covered.contains(r) {
                count += 1;
                if r.start < goal.start && latest.map_or(true, |l| l < r.start) {
                    latest = Some(r.start);
                }
            }
        }
        if count == 0 {
            continue;
        }
        let key = (latest, count);
        if best.as_ref().map_or(true, |(k, _)| key > *k) {
            best = Some((key, m));
        }
    }
    best.map(|(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_literals_are_read_from_go_text() {
        let h = guard_literals(
            r#"strings.HasPrefix(s, "size=") && n > 0x1f && c == '#' && x.b2 != `raw`"#,
        );
        assert_eq!(
            h.tokens,
            vec![b"size=".to_vec(), b"#".to_vec(), b"raw".to_vec()]
        );
        assert_eq!(h.ints, vec![31]);
    }
}
