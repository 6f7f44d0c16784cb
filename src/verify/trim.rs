//! Seed trimming: each kept seed is cut down to a shorter input that still reaches every cold
//! block it was the first to reach, judged by the same per-seed coverage runs as minimization.
//!
//! Why: `go test -fuzz` mutates its corpus entries and minimizes every new interesting input
//! it finds, in a number of runs that grows with the input's length, so a corpus of 250-byte
//! pieces of a test table runs a fraction of the executions a corpus of short inputs does (on
//! regexp/syntax's `Parse`, a third of fzgen's from the same 60 s). The coverage the kept set
//! adds is unchanged by construction: a trimmed seed covers every block it is credited with.
//!
//! How: delta debugging (ddmin's complement steps) on the longest text argument of the seed,
//! all seeds of a generation stepped together so each step is one batch of runs over the
//! per-package test binaries already built. A step splits the text into `n` chunks and tries
//! it without each one; the shortest variant that still reaches the seed's blocks replaces it
//! (then `n - 1` chunks), and when none does the chunks halve (`2n`) until they are single
//! bytes. Deterministic: no randomness or clock, and caps count runs, not time.

use super::minimize::{MinimizeSummary, Names, SeedDecision, Universe, Verdict};
use super::refine::mutate::with_text;
use super::refine::{Refine, RefinedSeed};
use super::seedcover::{CandidateFile, Measurer};
use crate::error::Result;
use crate::values::Value;
use crate::writers::native;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Texts this short are left as they are.
pub const MIN_TRIM_BYTES: usize = 24;
/// Steps (batches) of one generation's trimming.
const MAX_STEPS: usize = 16;
/// Variant runs per seed.
const MAX_RUNS_PER_SEED: usize = 40;
/// Variant runs of one generation (a package's test binary runs one in 15-100 ms): the
/// longest seeds' variants go first in every step.
const MAX_RUNS: usize = 400;
/// The finest split of a text: chunks of at least 1/`MAX_CHUNKS` of it.
const MAX_CHUNKS: usize = 16;
/// Limit for one variant's run.
const RUN_TIMEOUT: Duration = Duration::from_secs(5);

/// Figures of one generation's trimming.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TrimStats {
    pub seeds_tried: usize,
    pub seeds_trimmed: usize,
    pub runs: usize,
    /// Bytes of the tried seeds' texts before and after.
    pub bytes_before: usize,
    pub bytes_after: usize,
    pub ms: u64,
}

impl TrimStats {
    pub fn note(&self) -> String {
        format!(
            "seed trimming: {} of {} kept seeds shortened ({} -> {} bytes of text) in {} runs, \
             {:.1} s; each still reaches every cold block it was kept for",
            self.seeds_trimmed,
            self.seeds_tried,
            self.bytes_before,
            self.bytes_after,
            self.runs,
            self.ms as f64 / 1000.0
        )
    }
}

/// One seed being trimmed.
struct Work {
    /// Index of its decision.
    decision: usize,
    cand: CandidateFile,
    values: Vec<Value>,
    /// The argument being cut.
    arg: usize,
    text: Vec<u8>,
    original: usize,
    /// Chunks of the current step.
    n: usize,
    /// Cold blocks it must keep reaching.
    credited: BTreeSet<usize>,
    runs: usize,
    done: bool,
}

impl Work {
    /// The text as only one of its `n` chunks (about equal, the last one shorter), then
    /// without each one (for `n` > 2: for two chunks the two lists are the same), in chunk
    /// order: ddmin's subsets and complements.
    fn variants(&self) -> Vec<Vec<u8>> {
        let len = self.text.len();
        let size = len.div_ceil(self.n);
        let bounds = |k: usize| ((k * size).min(len), ((k + 1) * size).min(len));
        let mut out: Vec<Vec<u8>> = Vec::new();
        if self.n > 2 {
            out.extend((0..self.n).map(|k| {
                let (a, b) = bounds(k);
                self.text[a..b].to_vec()
            }));
        }
        out.extend((0..self.n).map(|k| {
            let (a, b) = bounds(k);
            let mut v = self.text[..a].to_vec();
            v.extend_from_slice(&self.text[b..]);
            v
        }));
        out.retain(|v| !v.is_empty() && v.len() < len);
        out
    }

    fn file(&self, text: &[u8]) -> (CandidateFile, Vec<u8>) {
        let mut values = self.values.clone();
        values[self.arg] = with_text(&values[self.arg], text.to_vec());
        let bytes = native::encode_corpus_file(&values);
        let cand = CandidateFile {
            package_dir: self.cand.package_dir.clone(),
            fuzz_test: self.cand.fuzz_test.clone(),
            name: native::corpus_file_name(&bytes),
        };
        (cand, bytes)
    }
}

/// Trims the kept seeds of `sum` in the scratch module at `root`, rewriting their decisions:
/// a trimmed first-round seed is dropped in favour of a new kept decision for its trimmed form
/// (written by the real run from its values, like a refined seed); a trimmed refined seed
/// keeps its decision with the new values.
pub(crate) fn trim_kept(
    sum: &mut MinimizeSummary,
    u: &Universe,
    names: &mut Names,
    measurer: &mut Measurer,
    root: &Path,
    input: &Refine,
) -> Result<TrimStats> {
    let start = Instant::now();
    let mut stats = TrimStats::default();
    let mut work = start_work(sum, u, root, input);
    stats.seeds_tried = work.len();
    stats.bytes_before = work.iter().map(|w| w.original).sum();
    for _ in 0..MAX_STEPS {
        let mut batch: Vec<(usize, CandidateFile, Vec<u8>, Vec<u8>)> = Vec::new();
        let mut seen: BTreeSet<CandidateFile> = BTreeSet::new();
        // The longest texts first, so the cap leaves out the short ones.
        let mut order: Vec<usize> = (0..work.len()).filter(|&i| !work[i].done).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(work[i].text.len()), i));
        for wi in order {
            let w = &mut work[wi];
            let vs = w.variants();
            let over = stats.runs + batch.len() + vs.len() > MAX_RUNS;
            if vs.is_empty() || w.runs + vs.len() > MAX_RUNS_PER_SEED || over {
                w.done = true;
                continue;
            }
            w.runs += vs.len();
            for v in vs {
                let (cand, bytes) = w.file(&v);
                if seen.insert(cand.clone()) && !root.join(cand.rel()).exists() {
                    batch.push((wi, cand, bytes, v));
                }
            }
        }
        if batch.is_empty() {
            break;
        }
        let files: Vec<(CandidateFile, Vec<u8>)> = batch
            .iter()
            .map(|(_, c, b, _)| (c.clone(), b.clone()))
            .collect();
        let runs = measurer.measure_bytes(&files, RUN_TIMEOUT)?;
        stats.runs += runs.len();
        // Per seed, the shortest passing variant that keeps its blocks (the first among equals).
        let mut best: BTreeMap<usize, Vec<u8>> = BTreeMap::new();
        for ((wi, _, _, text), run) in batch.into_iter().zip(runs) {
            let Ok(cov) = &run.outcome else { continue };
            if !work[wi].credited.is_subset(&names.cold(u, cov)) {
                continue;
            }
            if best.get(&wi).map_or(true, |b| text.len() < b.len()) {
                best.insert(wi, text);
            }
        }
        for (wi, w) in work.iter_mut().enumerate().filter(|(_, w)| !w.done) {
            match best.remove(&wi) {
                // A subset: split it in two again; a complement: one chunk fewer.
                Some(text) => {
                    let subset = text.len() <= w.text.len().div_ceil(w.n);
                    w.n = if subset { 2 } else { (w.n - 1).max(2) };
                    w.text = text;
                }
                None if w.n >= w.text.len().min(MAX_CHUNKS) => w.done = true,
                None => w.n = (w.n * 2).min(w.text.len()).min(MAX_CHUNKS),
            }
            if w.text.len() <= 1 {
                w.done = true;
            }
        }
    }
    stats.bytes_after = work.iter().map(|w| w.text.len()).sum();
    stats.seeds_trimmed = apply(sum, work, input);
    stats.ms = start.elapsed().as_millis() as u64;
    Ok(stats)
}

/// The kept seeds worth trimming: not the fuzzer's inputs, decodable, with a text argument
/// longer than [`MIN_TRIM_BYTES`] (the longest one is cut), credited with at least one block.
fn start_work(sum: &MinimizeSummary, u: &Universe, root: &Path, input: &Refine) -> Vec<Work> {
    let index: BTreeMap<(&str, &str), usize> = u
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| ((b.file.as_str(), b.block.as_str()), i))
        .collect();
    let mut out = Vec::new();
    for (di, d) in sum.decisions.iter().enumerate() {
        if d.verdict != Verdict::Kept || input.fuzzed.contains(&d.file) {
            continue;
        }
        let Some(cand) = CandidateFile::from_rel(&d.file) else {
            continue;
        };
        let values = match &d.refined {
            Some(r) => r.values.clone(),
            None => match std::fs::read(root.join(&d.file))
                .ok()
                .and_then(|b| native::decode_corpus_file(&b).ok())
            {
                Some(v) => v,
                None => continue,
            },
        };
        let Some((arg, text)) = longest_text(&values) else {
            continue;
        };
        let credited: BTreeSet<usize> = (d.first_reached.iter())
            .filter_map(|f| index.get(&(f.file.as_str(), f.block.as_str())).copied())
            .collect();
        if text.len() <= MIN_TRIM_BYTES || credited.is_empty() {
            continue;
        }
        out.push(Work {
            decision: di,
            cand,
            arg,
            original: text.len(),
            text: text.to_vec(),
            values,
            n: 2,
            credited,
            runs: 0,
            done: false,
        });
    }
    out
}

/// Rewrites the decisions of the seeds that got shorter; returns how many did.
fn apply(sum: &mut MinimizeSummary, work: Vec<Work>, input: &Refine) -> usize {
    let mut trimmed = 0;
    // A trimmed form that is already a seed file (two seeds cut down to the same input) is
    // left out: the seed keeps its own form and its own first-reached blocks.
    let mut taken: BTreeSet<PathBuf> = sum.decisions.iter().map(|d| d.file.clone()).collect();
    for w in work.into_iter().filter(|w| w.text.len() < w.original) {
        let (cand, _) = w.file(&w.text);
        if !taken.insert(cand.rel()) {
            continue;
        }
        let mut values = w.values.clone();
        values[w.arg] = with_text(&values[w.arg], w.text.clone());
        let d = &mut sum.decisions[w.decision];
        let note = format!(
            "trimmed from {} to {} bytes, reaching the same cold blocks",
            w.original,
            w.text.len()
        );
        match &mut d.refined {
            Some(r) => {
                r.values = values;
                r.trimmed_from = Some(w.original);
                d.file = cand.rel();
                d.reason = format!("{}; {note}", d.reason);
            }
            None => {
                let Some(target) = input.targets.get(&d.file).cloned() else {
                    continue;
                };
                let kept = SeedDecision {
                    file: cand.rel(),
                    reason: format!("{}; {note}", d.reason),
                    refined: Some(RefinedSeed {
                        values,
                        target,
                        round: 0,
                        parent: w.cand.name.clone(),
                        trimmed_from: Some(w.original),
                    }),
                    ..d.clone()
                };
                d.verdict = Verdict::Dropped;
                d.first_reached = Vec::new();
                d.reason = format!(
                    "trimmed to {} ({} -> {} bytes), which reaches the same cold blocks",
                    cand.name,
                    w.original,
                    w.text.len()
                );
                sum.decisions.push(kept);
                sum.candidates += 1;
                sum.dropped += 1;
            }
        }
        trimmed += 1;
    }
    trimmed
}

/// The longest string or `[]byte` value of `values`, with its index (the first among equals).
fn longest_text(values: &[Value]) -> Option<(usize, &[u8])> {
    let mut best: Option<(usize, &[u8])> = None;
    for (i, v) in values.iter().enumerate() {
        if let Value::String(b) | Value::Bytes(b) = v {
            if best.map_or(true, |(_, t)| b.len() > t.len()) {
                best = Some((i, b));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(text: &[u8], n: usize) -> Work {
        Work {
            decision: 0,
            cand: CandidateFile::from_rel(Path::new("p/testdata/fuzz/FuzzX/00")).unwrap(),
            values: vec![Value::Int(3), Value::String(text.to_vec())],
            arg: 1,
            text: text.to_vec(),
            original: text.len(),
            n,
            credited: BTreeSet::new(),
            runs: 0,
            done: false,
        }
    }

    #[test]
    fn variants_keep_each_chunk_alone_then_drop_each_once() {
        let w = work(b"abcdefgh", 4);
        let got: Vec<String> = w
            .variants()
            .into_iter()
            .map(|v| String::from_utf8(v).unwrap())
            .collect();
        assert_eq!(
            got,
            ["ab", "cd", "ef", "gh", "cdefgh", "abefgh", "abcdgh", "abcdef"]
        );
        // Two chunks: each half once.
        let got: Vec<Vec<u8>> = work(b"abcd", 2).variants();
        assert_eq!(got, [b"cd".to_vec(), b"ab".to_vec()]);
        // Uneven: 7 bytes in 3 chunks of 3, 3, 1.
        let got: Vec<Vec<u8>> = work(b"abcdefg", 3).variants();
        assert_eq!(
            got[3..],
            [b"defg".to_vec(), b"abcg".to_vec(), b"abcdef".to_vec()]
        );
        // More chunks than bytes leaves no empty text.
        assert!(work(b"ab", 4).variants().iter().all(|v| !v.is_empty()));
    }

    fn kept(file: &str) -> SeedDecision {
        SeedDecision {
            file: PathBuf::from(file),
            package: "example.com/p".into(),
            fuzz_test: "FuzzX".into(),
            verdict: Verdict::Kept,
            reason: "first in the corpus of FuzzX to reach 2 cold statements".into(),
            first_reached: Vec::new(),
            ms: 1.0,
            output: String::new(),
            hung: false,
            round: 0,
            refined: None,
        }
    }

    #[test]
    fn a_trimmed_seed_replaces_its_original_once() {
        let mut sum = MinimizeSummary {
            kept: 2,
            ..Default::default()
        };
        sum.decisions = vec![
            kept("p/testdata/fuzz/FuzzX/00"),
            kept("p/testdata/fuzz/FuzzX/01"),
        ];
        let targets: BTreeMap<PathBuf, String> = sum
            .decisions
            .iter()
            .map(|d| (d.file.clone(), "Parse".to_string()))
            .collect();
        let (goals, fuzzed) = (Default::default(), BTreeSet::new());
        let input = Refine {
            opts: Default::default(),
            goals: &goals,
            targets: &targets,
            fuzzed: &fuzzed,
        };
        // Both cut down to the same text: only the first is replaced.
        let mut a = work(b"long text with a \\pL in it", 2);
        a.text = b"\\pL".to_vec();
        let mut b = work(b"another long text with \\pL", 2);
        b.decision = 1;
        b.cand = CandidateFile::from_rel(Path::new("p/testdata/fuzz/FuzzX/01")).unwrap();
        b.text = b"\\pL".to_vec();
        assert_eq!(apply(&mut sum, vec![a, b], &input), 1);
        assert_eq!(sum.decisions.len(), 3);
        assert_eq!(sum.decisions[0].verdict, Verdict::Dropped);
        assert!(sum.decisions[0].reason.starts_with("trimmed to "));
        assert_eq!(sum.decisions[1].verdict, Verdict::Kept);
        assert!(sum.decisions[1].refined.is_none());
        let new = &sum.decisions[2];
        assert_eq!(new.verdict, Verdict::Kept);
        let r = new.refined.as_ref().expect("written from its values");
        assert_eq!(r.trimmed_from, Some(26));
        assert_eq!(
            (r.round, r.parent.as_str(), r.target.as_str()),
            (0, "00", "Parse")
        );
        assert_eq!(r.values, [Value::Int(3), Value::String(b"\\pL".to_vec())]);
        assert_eq!(new.file, w_file(&r.values));
    }

    fn w_file(values: &[Value]) -> PathBuf {
        let name = native::corpus_file_name(&native::encode_corpus_file(values));
        PathBuf::from(format!("p/testdata/fuzz/FuzzX/{name}"))
    }

    #[test]
    fn a_variant_file_holds_the_other_values_unchanged() {
        let w = work(b"hello world", 2);
        let (cand, bytes) = w.file(b"hello");
        let values = native::decode_corpus_file(&bytes).unwrap();
        assert_eq!(values, [Value::Int(3), Value::String(b"hello".to_vec())]);
        assert_eq!(cand.fuzz_test, "FuzzX");
        assert_eq!(cand.name, native::corpus_file_name(&bytes));
        assert_eq!(longest_text(&values).map(|(i, _)| i), Some(1));
    }
}
