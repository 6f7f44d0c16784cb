//! Seed minimization: every seed heatseed keeps covers a cold statement nothing else covers.
//!
//! Takes the seed files a generation run wrote into a scratch module (its manifest), measures
//! each with [`super::seedcover`] (one test binary per package, one run per seed), measures the
//! corpus already there as the baseline, and keeps a greedy minimal cover ([`super::cover`]) of
//! the blocks that were cold in the analysed profile, one cover per fuzz test: a seed is kept
//! only when it reaches a cold statement that neither its own fuzz test's existing corpus (run
//! alone, `-test.run='^FuzzX$'`) nor the other kept seeds of that fuzz test reach. Per fuzz test
//! because `go test -fuzz` fuzzes one fuzz test from its own corpus: a seed of FuzzY is no
//! starting point for FuzzX, so a module-wide cover would leave FuzzX fuzzing from its zero seed
//! whenever FuzzY's seeds reach the same statements. The result is one
//! [`SeedDecision`] per seed file (kept with the cold blocks it was the first to reach, dropped
//! and why, failed with the output), and [`apply`] turns them into the exclusions of the real
//! generation run.

use super::cover::{self, greedy_cover};
use super::refine::{Refine, RefineStats, RefinedSeed, Rounds};
use super::seedcover::{fuzz_packages, CandidateFile, Covered, MeasureOptions, Measurer, Scope};
use crate::error::Result;
use crate::heatmap::ModuleMap;
use crate::span::CoverRange;
use crate::targets::{Analysis, Heat};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A cold block a kept seed was the first to reach, in its fuzz test's corpus (the fuzz test's
/// existing corpus and the seeds kept for it before it, in pick order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstReached {
    /// `Type.Name` for methods.
    pub function: String,
    /// File name as the analysed profile spells it.
    pub file: String,
    /// `line.col,line.col` as in the profile.
    pub block: String,
    pub line: u32,
    pub statements: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Reaches a cold statement nothing else in its fuzz test's corpus reaches.
    Kept,
    /// Adds no cold statement to the corpus and the kept seeds.
    Dropped,
    /// Its fuzz test failed, panicked or hung on it.
    Failed,
    /// Its package could not be measured (kept as written).
    Unmeasured,
}

/// What happens to one seed file.
#[derive(Clone, Debug, Serialize)]
pub struct SeedDecision {
    /// Relative to the module root.
    pub file: PathBuf,
    pub package: String,
    pub fuzz_test: String,
    pub verdict: Verdict,
    pub reason: String,
    pub first_reached: Vec<FirstReached>,
    /// Wall time of its measuring run.
    pub ms: f64,
    /// The fuzz test's output for a failed seed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub output: String,
    /// A failed seed's run timed out (its fuzz test blocked on it).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hung: bool,
    /// The refinement round that found it (0: the first round, synthesis).
    #[serde(skip_serializing_if = "is_zero")]
    pub round: u32,
    /// A seed of a refinement round: its values and target (it exists only in the scratch
    /// copy, the real run writes it from these).
    #[serde(skip)]
    pub refined: Option<RefinedSeed>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The minimization of one generation run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MinimizeSummary {
    pub candidates: usize,
    pub kept: usize,
    pub dropped: usize,
    pub failed: usize,
    pub unmeasured: usize,
    /// Statements in blocks that were cold in the analysed profile.
    pub cold_statements: u64,
    /// Of those, covered by the corpus already there (baseline).
    pub covered_by_corpus: u64,
    /// Covered by the corpus and every measured candidate.
    pub covered_with_all_candidates: u64,
    /// Covered by the corpus and the kept seeds (equal to the above: nothing is lost).
    pub covered_with_kept: u64,
    /// Wall time of building the test binaries.
    pub build_ms: u64,
    /// Wall time of the baseline and candidate runs.
    pub measure_ms: u64,
    /// Mean wall time of one candidate's run.
    pub ms_per_candidate: f64,
    pub notes: Vec<String>,
    /// The refinement rounds after the first, when they ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refine: Option<RefineStats>,
    /// The trimming of the kept seeds, when it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trim: Option<super::trim::TrimStats>,
    pub decisions: Vec<SeedDecision>,
}

impl MinimizeSummary {
    /// One line for the text report.
    pub fn note(&self) -> String {
        format!(
            "seed minimization: {} candidate seeds measured ({:.0} ms each, test binaries built \
             in {:.1} s): {} kept, {} dropped (nothing new), {} failed, {} unmeasured; cold \
             statements covered: {} by the existing corpus, {} with the kept seeds (of {})",
            self.candidates,
            self.ms_per_candidate,
            self.build_ms as f64 / 1000.0,
            self.kept,
            self.dropped,
            self.failed,
            self.unmeasured,
            self.covered_by_corpus,
            self.covered_with_kept,
            self.cold_statements
        )
    }
}

/// The cold blocks of the analysis, indexed; keyed by (path relative to the module, range).
pub(crate) struct Universe {
    index: HashMap<(PathBuf, CoverRange), usize>,
    pub(crate) blocks: Vec<FirstReached>,
    /// Per block: (path relative to the module, range).
    pub(crate) at: Vec<(PathBuf, CoverRange)>,
    /// Per block: index into `funcs`.
    pub(crate) func: Vec<usize>,
    /// Per function holding a cold block: the ranges of all its blocks.
    pub(crate) funcs: Vec<Vec<CoverRange>>,
}

impl Universe {
    fn new(a: &Analysis, analysed_root: &Path) -> Universe {
        let roots = roots_of(analysed_root);
        let mut u = Universe {
            index: HashMap::new(),
            blocks: Vec::new(),
            at: Vec::new(),
            func: Vec::new(),
            funcs: Vec::new(),
        };
        for h in &a.functions {
            let path = &a.files[h.id.file].heat.path;
            let Some(rel) = roots.iter().find_map(|r| path.strip_prefix(r).ok()) else {
                continue;
            };
            let mut fresh = true;
            for b in h.blocks.iter() {
                if b.heat != Heat::Cold || b.block.num_stmt == 0 {
                    continue;
                }
                let key = (rel.to_path_buf(), b.block.range);
                if u.index.contains_key(&key) {
                    continue;
                }
                if fresh {
                    u.funcs
                        .push(h.blocks.iter().map(|b| b.block.range).collect());
                    fresh = false;
                }
                u.func.push(u.funcs.len() - 1);
                u.at.push(key.clone());
                u.index.insert(key, u.blocks.len());
                u.blocks.push(FirstReached {
                    function: h.qualified.clone(),
                    file: h.file.clone(),
                    block: b.block.range.to_string(),
                    line: b.block.range.start.line,
                    statements: b.block.num_stmt,
                });
            }
        }
        u
    }

    pub(crate) fn weights(&self) -> Vec<u64> {
        self.blocks.iter().map(|b| b.statements as u64).collect()
    }

    pub(crate) fn statements(&self, set: &BTreeSet<usize>) -> u64 {
        set.iter().map(|&i| self.blocks[i].statements as u64).sum()
    }
}

/// `root` as given and canonical, for stripping prefixes from paths made either way.
fn roots_of(root: &Path) -> Vec<PathBuf> {
    let mut v = vec![root.to_path_buf()];
    if let Ok(c) = root.canonicalize() {
        v.push(c);
    }
    v
}

/// Maps the file names a scratch test binary reports to cold-block indices.
pub(crate) struct Names {
    modules: ModuleMap,
    roots: Vec<PathBuf>,
    cache: HashMap<String, Option<PathBuf>>,
}

impl Names {
    fn new(scratch_root: &Path) -> Result<Names> {
        Ok(Names {
            modules: ModuleMap::discover(scratch_root)?,
            roots: roots_of(scratch_root),
            cache: HashMap::new(),
        })
    }

    /// The file a profile names, relative to the module root.
    fn rel(&mut self, file: &str) -> Option<PathBuf> {
        self.cache
            .entry(file.to_string())
            .or_insert_with(|| {
                let (abs, _) = self.modules.resolve_name(file).ok()?;
                self.roots
                    .iter()
                    .find_map(|r| abs.strip_prefix(r).ok())
                    .map(Path::to_path_buf)
            })
            .clone()
    }

    pub(crate) fn cold(&mut self, u: &Universe, covered: &Covered) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        for key in covered.keys() {
            if let Some(&i) = self
                .rel(&key.file)
                .and_then(|r| u.index.get(&(r, key.range)))
            {
                out.insert(i);
            }
        }
        out
    }

    /// Every covered block as (path relative to the module, range).
    pub(crate) fn all(&mut self, covered: &Covered) -> BTreeSet<(PathBuf, CoverRange)> {
        covered
            .keys()
            .filter_map(|k| Some((self.rel(&k.file)?, k.range)))
            .collect()
    }
}

/// Measures corpus files given as (path relative to `scratch_root`:
/// `<package dir>/testdata/fuzz/<FuzzX>/<name>`, import path of the package). Files that do not
/// exist, or are not corpus files, are ignored. Decides which to keep.
pub fn minimize_files(
    a: &Analysis,
    analysed_root: &Path,
    scratch_root: &Path,
    files: &[(PathBuf, String)],
    opts: &MeasureOptions,
) -> Result<MinimizeSummary> {
    minimize_and_refine(a, analysed_root, scratch_root, files, opts, None)
}

/// The cold blocks the corpus already there reaches in each package of `dirs` (the candidates
/// hidden), and the packages whose baseline failed (with the reason): their seeds are not
/// measured. Notes go to `sum`.
fn baselines(
    measurer: &mut Measurer,
    dirs: &BTreeSet<PathBuf>,
    cands: &BTreeMap<CandidateFile, String>,
    u: &Universe,
    names: &mut Names,
    sum: &mut MinimizeSummary,
) -> (BTreeSet<usize>, BTreeMap<PathBuf, String>) {
    let mut baseline = BTreeSet::new();
    let mut unmeasured: BTreeMap<PathBuf, String> = BTreeMap::new();
    // A package that fails to build is reported below, by its baseline.
    let _ = measurer.prebuild(&dirs.iter().cloned().collect::<Vec<_>>());
    for d in dirs {
        let absent: Vec<CandidateFile> = cands
            .keys()
            .filter(|c| &c.package_dir == d)
            .cloned()
            .collect();
        match measurer.baseline(d, &absent) {
            Ok((cov, failing)) => {
                baseline.extend(names.cold(u, &cov));
                if !failing.is_empty() {
                    sum.notes.push(format!(
                        "seeds of ./{} measured without {} (fail{} alone on the corpus \
                         already there)",
                        d.display(),
                        failing.join(", "),
                        if failing.len() == 1 { "s" } else { "" }
                    ));
                }
            }
            Err(e) => {
                sum.notes
                    .push(format!("seeds of ./{} not minimized: {e}", d.display()));
                unmeasured.insert(d.clone(), e.to_string());
            }
        }
    }
    (baseline, unmeasured)
}

/// [`minimize_files`], with refinement rounds ([`super::refine`]) between measuring the
/// files and deciding: the seeds the rounds find join the greedy cover (a first-round seed
/// whose blocks a refined one reaches too may be dropped).
pub fn minimize_and_refine(
    a: &Analysis,
    analysed_root: &Path,
    scratch_root: &Path,
    files: &[(PathBuf, String)],
    opts: &MeasureOptions,
    refine: Option<&Refine>,
) -> Result<MinimizeSummary> {
    let u = Universe::new(a, analysed_root);
    let mut names = Names::new(scratch_root)?;
    let mut sum = MinimizeSummary {
        cold_statements: u.statements(&(0..u.blocks.len()).collect()),
        ..Default::default()
    };
    // Seed files present in the scratch copy, once each, with their package's import path.
    let mut cands: BTreeMap<CandidateFile, String> = BTreeMap::new();
    for (rel, package) in files {
        if let Some(c) = CandidateFile::from_rel(rel) {
            if scratch_root.join(rel).is_file() {
                cands.entry(c).or_insert_with(|| package.clone());
            }
        }
    }
    sum.candidates = cands.len();
    let mut measurer = Measurer::new(scratch_root, opts.clone())?;
    let start = Instant::now();
    let mut dirs: BTreeSet<PathBuf> = cands.keys().map(|c| c.package_dir.clone()).collect();
    if opts.scope == Scope::Module {
        dirs.extend(fuzz_packages(scratch_root));
    }
    let (baseline, unmeasured) = baselines(&mut measurer, &dirs, &cands, &u, &mut names, &mut sum);
    let measurable: Vec<CandidateFile> = cands
        .keys()
        .filter(|c| !unmeasured.contains_key(&c.package_dir))
        .cloned()
        .collect();
    let own = own_baselines(&mut measurer, &mut names, &u, &cands, &measurable, &mut sum)?;
    let runs = measurer.measure(&measurable)?;
    sum.build_ms = measurer.build_time.as_millis() as u64;
    sum.measure_ms = (start.elapsed().saturating_sub(measurer.build_time)).as_millis() as u64;
    sum.ms_per_candidate = if runs.is_empty() {
        0.0
    } else {
        runs.iter().map(|r| r.elapsed.as_secs_f64()).sum::<f64>() * 1000.0 / runs.len() as f64
    };
    let mut runs = runs;
    let mut covers: Vec<Option<BTreeSet<usize>>> = runs
        .iter()
        .map(|r| r.outcome.as_ref().ok().map(|c| names.cold(&u, c)))
        .collect();
    let mut refined: BTreeMap<CandidateFile, RefinedSeed> = BTreeMap::new();
    if let Some(r) = refine.filter(|r| r.opts.rounds > 0) {
        let mut measured = Measured {
            runs: &mut runs,
            covers: &mut covers,
            cands: &mut cands,
        };
        let rounds = Rounds {
            u: &u,
            names: &mut names,
            measurer: &mut measurer,
            root: scratch_root,
            covered: measured.covered(&baseline, r.fuzzed),
        };
        refined = measured.refine(rounds, r, &mut sum)?;
    }
    let bases = Baselines {
        module: &baseline,
        own: &own,
    };
    decide(&u, &bases, &runs, &covers, &cands, &opts.late, &mut sum);
    for d in &mut sum.decisions {
        if let Some(c) = CandidateFile::from_rel(&d.file) {
            d.refined = refined.remove(&c);
            d.round = d.refined.as_ref().map_or(0, |s| s.round);
        }
    }
    if let Some(r) = refine.filter(|r| r.opts.trim) {
        trim(&mut sum, (&u, &mut names, &mut measurer, scratch_root), r)?;
    }
    push_unmeasured(&cands, &unmeasured, &mut sum);
    sum.decisions.sort_by(|x, y| x.file.cmp(&y.file));
    Ok(sum)
}

/// Trims the kept seeds ([`super::trim`]) and records the figures in `sum`.
fn trim(
    sum: &mut MinimizeSummary,
    (u, names, measurer, root): (&Universe, &mut Names, &mut Measurer, &Path),
    r: &Refine,
) -> Result<()> {
    let t = super::trim::trim_kept(sum, u, names, measurer, root, r)?;
    if t.seeds_tried > 0 {
        sum.notes.push(t.note());
    }
    sum.trim = Some(t);
    Ok(())
}

/// Candidate seeds the pre-flight check takes from one generation at most: a 2,000-function
/// module (golang.org/x/text, weak heatmap) makes 10,000-13,000, measured at 20-40 ms each on
/// a loaded 2-core machine (6 minutes for all of them); the bundled modules make 150-500.
pub const MAX_CANDIDATES: usize = 2000;

/// What [`fair_share`] keeps, and what it leaves out with the per-fuzz-test count it used.
pub(crate) type Share<T> = (Vec<(CandidateFile, T)>, (Vec<(CandidateFile, T)>, usize));

/// At most `max` of `cands` (in their order), fairly across fuzz tests: every fuzz test keeps
/// its first k candidates, k the largest for which the total stays within `max` (at least
/// one each). Returns the kept ones and the rest with the k used.
pub(crate) fn fair_share<T>(cands: Vec<(CandidateFile, T)>, max: usize) -> Share<T> {
    let mut per: BTreeMap<(&Path, &str), usize> = BTreeMap::new();
    for (c, _) in &cands {
        *per.entry((c.package_dir.as_path(), c.fuzz_test.as_str()))
            .or_default() += 1;
    }
    let total = |k: usize| per.values().map(|&n| n.min(k)).sum::<usize>();
    let most = per.values().copied().max().unwrap_or(0);
    if total(most) <= max {
        return (cands, (Vec::new(), most));
    }
    let k = (1..most).rev().find(|&k| total(k) <= max).unwrap_or(1);
    let mut taken: BTreeMap<(PathBuf, String), usize> = BTreeMap::new();
    let (mut keep, mut over) = (Vec::new(), Vec::new());
    for (c, t) in cands {
        let n = taken
            .entry((c.package_dir.clone(), c.fuzz_test.clone()))
            .or_default();
        *n += 1;
        if *n <= k {
            keep.push((c, t));
        } else {
            over.push((c, t));
        }
    }
    (keep, (over, k))
}

/// A decision for every seed of a package that could not be measured (kept as written).
fn push_unmeasured(
    cands: &BTreeMap<CandidateFile, String>,
    unmeasured: &BTreeMap<PathBuf, String>,
    sum: &mut MinimizeSummary,
) {
    for (c, pkg) in cands
        .iter()
        .filter(|(c, _)| unmeasured.contains_key(&c.package_dir))
    {
        sum.unmeasured += 1;
        sum.decisions.push(SeedDecision {
            file: c.rel(),
            package: pkg.clone(),
            fuzz_test: c.fuzz_test.clone(),
            verdict: Verdict::Unmeasured,
            reason: unmeasured[&c.package_dir].clone(),
            first_reached: Vec::new(),
            ms: 0.0,
            output: String::new(),
            hung: false,
            round: 0,
            refined: None,
        });
    }
}

/// The first round's measurements, which refinement rounds extend.
struct Measured<'a> {
    runs: &'a mut Vec<super::seedcover::CandidateRun>,
    covers: &'a mut Vec<Option<BTreeSet<usize>>>,
    cands: &'a mut BTreeMap<CandidateFile, String>,
}

impl Measured<'_> {
    /// Cold blocks the baseline and every passing candidate but the fuzzer's inputs (`fuzzed`,
    /// see [`Refine::fuzzed`]) cover.
    fn covered(&self, baseline: &BTreeSet<usize>, fuzzed: &BTreeSet<PathBuf>) -> BTreeSet<usize> {
        let mut all = baseline.clone();
        for (run, cover) in self.runs.iter().zip(self.covers.iter()) {
            if !fuzzed.contains(&run.candidate.rel()) {
                all.extend(cover.iter().flatten().copied());
            }
        }
        all
    }

    /// Runs the rounds; their kept seeds join the measurements. Returns them by file.
    fn refine(
        &mut self,
        rounds: Rounds,
        r: &Refine,
        sum: &mut MinimizeSummary,
    ) -> Result<BTreeMap<CandidateFile, RefinedSeed>> {
        let (found, stats) = rounds.run(r, self.runs, self.cands)?;
        sum.notes.push(stats.note());
        sum.refine = Some(stats);
        let mut out = BTreeMap::new();
        for f in found {
            self.cands.insert(f.run.candidate.clone(), f.package);
            out.insert(f.run.candidate.clone(), f.seed);
            self.covers.push(Some(f.covers));
            self.runs.push(f.run);
        }
        Ok(out)
    }
}

/// A fuzz test: (package directory relative to the module root, its name).
type FuzzKey = (PathBuf, String);

/// What the corpus already there covers: the whole module's fuzz tests together (the figures)
/// and each fuzz test alone (the greedy cover of its candidates).
struct Baselines<'a> {
    module: &'a BTreeSet<usize>,
    own: &'a BTreeMap<FuzzKey, BTreeSet<usize>>,
}

impl Baselines<'_> {
    /// The cold blocks fuzz test `k`'s own corpus covers; the module's corpus when its own
    /// could not be measured (fewer seeds kept, none wrongly).
    fn of(&self, k: &FuzzKey) -> &BTreeSet<usize> {
        self.own.get(k).unwrap_or(self.module)
    }
}

/// The cold blocks each fuzz test of `measurable` covers alone, with every candidate hidden:
/// `go test -fuzz` fuzzes one fuzz test at a time from its own corpus, so a seed is kept for
/// what it adds to its own fuzz test's corpus (a seed in FuzzY's corpus is no starting point
/// for FuzzX).
fn own_baselines(
    measurer: &mut Measurer,
    names: &mut Names,
    u: &Universe,
    cands: &BTreeMap<CandidateFile, String>,
    measurable: &[CandidateFile],
    sum: &mut MinimizeSummary,
) -> Result<BTreeMap<FuzzKey, BTreeSet<usize>>> {
    let mut tests: BTreeMap<&PathBuf, BTreeSet<String>> = BTreeMap::new();
    for c in measurable {
        tests
            .entry(&c.package_dir)
            .or_default()
            .insert(c.fuzz_test.clone());
    }
    let mut out = BTreeMap::new();
    for (d, names_of) in tests {
        let absent: Vec<CandidateFile> = cands
            .keys()
            .filter(|c| &c.package_dir == d)
            .cloned()
            .collect();
        let list: Vec<String> = names_of.into_iter().collect();
        let got = measurer.fuzz_test_baselines(d, &list, &absent)?;
        for t in list {
            match got.get(&t) {
                Some(cov) => {
                    out.insert((d.clone(), t), names.cold(u, cov));
                }
                None => sum.notes.push(format!(
                    "{t} in ./{} failed alone on its own corpus: its seeds were judged against \
                     the whole module's corpus",
                    d.display()
                )),
            }
        }
    }
    Ok(out)
}

/// The greedy cover of each fuzz test's passing candidates against that fuzz test's own
/// corpus: kept run index -> its pick.
fn picks_per_fuzz_test(
    u: &Universe,
    bases: &Baselines,
    runs: &[super::seedcover::CandidateRun],
    covers: &[Option<BTreeSet<usize>>],
    late: &BTreeSet<PathBuf>,
) -> BTreeMap<usize, cover::Pick> {
    let mut groups: BTreeMap<FuzzKey, Vec<usize>> = BTreeMap::new();
    for (i, r) in runs
        .iter()
        .enumerate()
        .filter(|(i, _)| covers[*i].is_some())
    {
        let c = &r.candidate;
        groups
            .entry((c.package_dir.clone(), c.fuzz_test.clone()))
            .or_default()
            .push(i);
    }
    let weights = u.weights();
    let mut kept = BTreeMap::new();
    for (key, ok) in &groups {
        // Tie key = file name then path.
        let greedy: Vec<cover::Candidate> = ok
            .iter()
            .map(|&i| {
                let c = &runs[i].candidate;
                cover::Candidate {
                    tier: u8::from(late.contains(&c.rel())),
                    tie: format!("{}\0{}", c.name, c.rel().display()),
                    blocks: covers[i].clone().unwrap_or_default(),
                }
            })
            .collect();
        for p in greedy_cover(&weights, bases.of(key), &greedy) {
            kept.insert(ok[p.candidate], p);
        }
    }
    kept
}

/// The greedy covers over the measured runs, as decisions and figures in `sum`.
fn decide(
    u: &Universe,
    bases: &Baselines,
    runs: &[super::seedcover::CandidateRun],
    covers: &[Option<BTreeSet<usize>>],
    cands: &BTreeMap<CandidateFile, String>,
    late: &BTreeSet<PathBuf>,
    sum: &mut MinimizeSummary,
) {
    let baseline = bases.module;
    let kept = picks_per_fuzz_test(u, bases, runs, covers, late);
    let union = |sets: &mut dyn Iterator<Item = &BTreeSet<usize>>| -> BTreeSet<usize> {
        let mut all = baseline.clone();
        for s in sets {
            all.extend(s.iter().copied());
        }
        all
    };
    sum.covered_by_corpus = u.statements(baseline);
    sum.covered_with_all_candidates = u.statements(&union(&mut covers.iter().flatten()));
    sum.covered_with_kept =
        u.statements(&union(&mut kept.keys().filter_map(|&i| covers[i].as_ref())));
    for (i, r) in runs.iter().enumerate() {
        let c = &r.candidate;
        let mut d = SeedDecision {
            file: c.rel(),
            package: cands.get(c).cloned().unwrap_or_default(),
            fuzz_test: c.fuzz_test.clone(),
            verdict: Verdict::Dropped,
            reason: String::new(),
            first_reached: Vec::new(),
            ms: r.elapsed.as_secs_f64() * 1000.0,
            output: String::new(),
            hung: false,
            round: 0,
            refined: None,
        };
        match (&r.outcome, kept.get(&i)) {
            (Err(f), _) => {
                d.verdict = Verdict::Failed;
                d.reason = if f.timed_out {
                    "its fuzz test hung on it".into()
                } else {
                    "its fuzz test failed on it".into()
                };
                d.output = f.output.clone();
                d.hung = f.timed_out;
                sum.failed += 1;
            }
            (Ok(_), Some(p)) => {
                d.verdict = Verdict::Kept;
                d.first_reached = p.first.iter().map(|&b| u.blocks[b].clone()).collect();
                d.reason = format!(
                    "first in the corpus of {} to reach {} cold statements",
                    c.fuzz_test,
                    u.statements(&p.first.iter().copied().collect())
                );
                sum.kept += 1;
            }
            (Ok(_), None) => {
                let own = covers[i].as_ref().expect("passed");
                let key = (c.package_dir.clone(), c.fuzz_test.clone());
                d.reason = if own.is_subset(bases.of(&key)) {
                    format!(
                        "reaches no cold statement the existing corpus of {} does not",
                        c.fuzz_test
                    )
                } else {
                    format!(
                        "the kept seeds of {} reach every cold statement it reaches",
                        c.fuzz_test
                    )
                };
                sum.dropped += 1;
            }
        }
        sum.decisions.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(spec: &[(&str, usize)]) -> Vec<(CandidateFile, usize)> {
        let mut out = Vec::new();
        for (fuzz, n) in spec {
            for i in 0..*n {
                let rel = format!("p/testdata/fuzz/{fuzz}/{:02}", 99 - i);
                out.push((CandidateFile::from_rel(Path::new(&rel)).unwrap(), i));
            }
        }
        out
    }

    #[test]
    fn the_cap_takes_each_fuzz_tests_first_files_fairly() {
        // Under the cap: everything, in order.
        let (keep, (over, _)) = fair_share(files(&[("FuzzA", 3), ("FuzzB", 2)]), 5);
        assert_eq!(keep.len(), 5);
        assert!(over.is_empty());
        // 10 + 2 + 1 over a cap of 7: k = 4 (4 + 2 + 1), FuzzA's first four in the given order.
        let (keep, (over, k)) = fair_share(files(&[("FuzzA", 10), ("FuzzB", 2), ("FuzzC", 1)]), 7);
        assert_eq!(k, 4);
        let a: Vec<usize> = keep
            .iter()
            .filter(|(c, _)| c.fuzz_test == "FuzzA")
            .map(|(_, i)| *i)
            .collect();
        assert_eq!(a, [0, 1, 2, 3]);
        assert_eq!(keep.len(), 7);
        assert_eq!(over.len(), 6);
        // More fuzz tests than the cap: one each.
        let (keep, (_, k)) = fair_share(files(&[("FuzzA", 3), ("FuzzB", 3), ("FuzzC", 3)]), 2);
        assert_eq!((keep.len(), k), (3, 1));
    }
}
