//! `heatseed run`: the nightly job, one command from heatmap to fuzzing to a report.
//!
//! [`summary`] is the typed result of one run (schema `heatseed.run/v1`): what the text
//! summary, the `--format json` document and the HTML report are all rendered from, and what
//! the state directory keeps of earlier runs for the trend. [`text`] renders the one-screen
//! text summary, [`html`] the self-contained HTML report.
//!
//! The phases, in order ([`prepare`], then the caller loads the analysis the way `generate`
//! does, then [`finish`]):
//! 1. heat in ([`heat`]): the user's tests with a count profile (or `--profile`), plus
//!    `--coverdir` binary coverage data; the analysis as `generate` makes it;
//! 2. ranking ([`rerank`]): `--since` changed cold code first, then cold-in-tests blocks hot in
//!    the coverdir data, then the analysis order;
//! 3. seeds: the checked `generate` pipeline for the first `--top` targets (writes harnesses,
//!    seeds and the manifest into the module), then a replay measuring what the seeds reach;
//! 4. fuzzing ([`fuzz`]) within the budget, findings ([`findings`]), and a replay with the
//!    fuzzer's corpus;
//! 5. output ([`assemble`], [`output`]): the summary, written to the state directory, printed,
//!    and rendered as the report.
//!
//! The run's own `go test` results (heat in, replays) are reused from the state directory when
//! nothing they read changed ([`memo`]); `generate`'s per-package checks likewise
//! ([`crate::generate::Reuse`]).

pub mod assemble;
pub mod feedback;
pub mod findings;
pub mod fuzz;
pub mod heat;
pub mod html;
pub mod memo;
pub mod output;
pub mod progress;
pub mod rerank;
#[cfg(test)]
mod sample;
pub mod since;
pub mod stack;
pub mod summary;
pub mod text;

pub use html::render as render_html;
pub use text::text as render_text;

use crate::error::{Error, Result};
use crate::targets::Analysis;
use crate::toolchain::{self, Exit, GoCommand};
use heat::BlockCounts;
use progress::Progress;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;
use summary::*;

/// What `heatseed run` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// The module root.
    pub root: PathBuf,
    /// Go package patterns (`./...`).
    pub patterns: Vec<String>,
    /// `--profile`: use these instead of running the tests.
    pub profiles: Vec<PathBuf>,
    pub coverdirs: Vec<PathBuf>,
    pub tags: Vec<String>,
    /// Targets seeded and fuzzed (and listed in the summary).
    pub top: usize,
    pub seeds_per_target: u32,
    pub rng_seed: u64,
    /// `-fuzztime` per target; zero: no fuzzing phase.
    pub fuzz_time: Duration,
    pub budget: Duration,
    /// Packages fuzzed in parallel.
    pub jobs: usize,
    pub keep_crashers: bool,
    pub since: Option<String>,
    pub report: PathBuf,
    pub rare_fraction: f64,
    /// `--state-dir`: the state directory (default `ROOT/.heatseed/state`).
    pub state_dir: Option<PathBuf>,
    /// `--no-cache`: neither read nor write the state directory's caches (the run's summary is
    /// still written for the trend).
    pub no_cache: bool,
}

/// A finished run.
pub struct Outcome {
    pub summary: RunSummary,
    /// The state file, relative to the root.
    pub state_file: PathBuf,
    /// The report written, when a renderer is available.
    pub report_file: PathBuf,
}

/// A run after heat in: the profiles to analyse (the caller loads them: `crate::cli::load_with`,
/// then [`finish`]).
pub struct Prepared {
    pub started: String,
    /// The canonical module root.
    pub root: PathBuf,
    /// The test profiles to analyse.
    pub profiles: Vec<PathBuf>,
    /// Package patterns to keep from given profiles (empty: all of the profile heatseed made).
    pub filter: Vec<String>,
    sources: Vec<HeatSource>,
    notes: Vec<String>,
    progress: Progress,
    scratch: toolchain::Scratch,
}

/// Starts a run: the heat-in `go test` (unless `--profile`); see the module docs.
pub fn prepare(opts: &Options) -> Result<Prepared> {
    let started = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Error::Usage(format!("--root {}: {e}", opts.root.display())))?;
    let progress = Progress::new();
    let scratch = toolchain::scratch_dir("heatseed-run-")?;
    let (profiles, sources, notes) = test_heat(opts, &root, scratch.path(), &progress)?;
    Ok(Prepared {
        started,
        filter: if opts.profiles.is_empty() {
            Vec::new()
        } else {
            opts.patterns.clone()
        },
        root,
        profiles,
        sources,
        notes,
        progress,
        scratch,
    })
}

/// The rest of the run on the loaded analysis of [`Prepared::profiles`]: coverdir and
/// `--since` ranking, seeds, fuzzing, findings, summary, state and report.
pub fn finish(
    p: Prepared,
    opts: &Options,
    mut analysis: Analysis,
    modules: &crate::heatmap::ModuleMap,
) -> Result<Outcome> {
    let Prepared {
        started,
        root,
        mut sources,
        mut notes,
        progress,
        scratch,
        ..
    } = p;
    let (coverdir, ranked) = boosts(
        opts,
        &root,
        scratch.path(),
        &progress,
        &mut analysis,
        &mut sources,
    )?;
    let top = opts.top.min(analysis.targets.len());
    // Written only once the seeds phase succeeded.
    let state = crate::state::StateDir::open(&root, opts.state_dir.as_deref(), opts.no_cache)?
        .map(|s| s.deferred());
    // `--top` counts targets that get a fuzz test.
    for (id, why) in rerank::fuzzable_top(&mut analysis, top, state.as_ref())? {
        let h = analysis.heat(id);
        let displaced = !analysis.targets[..top].iter().any(|t| t.id == id);
        notes.push(format!(
            "{}.{}: gets no fuzz test ({why}); not fuzzed{}",
            crate::targets::rank::last_elem(&h.package),
            h.qualified,
            if displaced {
                format!(", its place in the first {top} went to the next fuzzable target")
            } else {
                String::new()
            }
        ));
    }
    progress.phase(&format!("seeds for the first {top} target(s)"));
    let mut gen_opts = generate_options(opts);
    gen_opts.fuzzed = feedback::earlier(&root);
    let rep = seeds_pass(&analysis, &root, &gen_opts, top, state.as_ref())?;
    let a = &analysis;
    let packages = package_dirs(a, &root);
    progress.phase("replaying the seeds");
    let known = output::earlier_crashers(&root);
    let seeds = replay_copy(
        &root,
        scratch.path(),
        "seeds",
        opts,
        packages.len(),
        &known,
        None,
    )?;
    let mut findings = seed_findings(&rep, &root, &packages, &opts.tags)?;
    let (fuzz_runs, fuzz_counts, crash_frames) = fuzz_phase(
        opts,
        &root,
        scratch.path(),
        a,
        &rep,
        &packages,
        &progress,
        &mut findings,
        &mut notes,
        &known,
    )?;
    let fed = feedback_pass(
        &Feedback {
            opts,
            root: &root,
            scratch: scratch.path(),
            a,
            gen_opts,
            top,
            state: state.as_ref(),
            packages: packages.len(),
            known: &known,
        },
        &rep,
        &fuzz_runs,
        &progress,
        &mut findings,
        &mut notes,
    )?;
    let (rep, mut fuzz_counts) = match fed {
        Some((rep2, counts)) => (rep2, Some(counts)),
        None => (rep, fuzz_counts),
    };
    // Crashers are left out of the replays; the blocks on their stacks ran.
    if let Some(c) = fuzz_counts.as_mut() {
        let n = stack::mark(c, a, &crash_frames);
        if n > 0 {
            notes.push(format!(
                "{n} block(s) reached only by a crashing input count as reached by fuzzing \
                 (from the panic's stack trace)"
            ));
        }
    }
    findings::dedupe(&mut findings);
    let counts = assemble::Counts {
        coverdir: &coverdir,
        seeds: &seeds,
        fuzz: fuzz_counts.as_ref(),
    };
    let (pkgs, mut totals) = assemble::packages(a, &root, &counts);
    totals.findings = findings.len() as u64;
    let mut trend = output::earlier_runs(&root);
    trend.push(TrendPoint {
        started: started.clone(),
        totals,
    });
    let summary = RunSummary {
        schema: SCHEMA.into(),
        module: module_path(modules, &root),
        started,
        sources,
        totals,
        packages: pkgs,
        targets: assemble::targets(a, &root, &rep, &ranked, &counts, top),
        findings,
        trend,
        notes,
        fuzz_runs,
    };
    progress.phase("writing state and report");
    let state_file = output::write_state(&root, &summary)?;
    let report_path = output::report_path(&root, &opts.report);
    output::write_report(&report_path, &summary, html::render)?;
    drop(progress);
    drop(scratch);
    Ok(Outcome {
        summary,
        state_file,
        report_file: report_path,
    })
}

/// `generate`'s checked pipeline for the first `top` targets, reusing the state directory's
/// per-package decisions (the state is flushed afterwards).
fn seeds_pass(
    a: &Analysis,
    root: &Path,
    gen_opts: &crate::generate::Options,
    top: usize,
    state: Option<&crate::state::StateDir>,
) -> Result<crate::generate::Report> {
    let reuse = state.map(|s| crate::generate::Reuse {
        state: s,
        salt: format!(
            "run {gen_opts:?} top={top} timeout={:?} GOFLAGS={:?}",
            crate::toolchain::settings().timeout,
            std::env::var_os("GOFLAGS")
        ),
    });
    let rep = crate::generate::generate_checked_with_state(a, root, gen_opts, Some(top), reuse)?;
    if let Some(s) = state {
        s.flush();
    }
    Ok(rep)
}

/// What the feedback pass needs of the run.
struct Feedback<'a> {
    opts: &'a Options,
    root: &'a Path,
    scratch: &'a Path,
    a: &'a Analysis,
    gen_opts: crate::generate::Options,
    top: usize,
    state: Option<&'a crate::state::StateDir>,
    packages: usize,
    known: &'a [String],
}

/// The least budget left after fuzzing that a feedback pass runs with.
const MIN_FEEDBACK: Duration = Duration::from_secs(5);

/// When fuzzing left budget: a second seeds pass offered the fuzz cache's inputs of every
/// fuzzed test ([`feedback`]), refinement rounds within the budget left, then a replay with
/// the fuzzer's corpus. Returns the second pass's report and the counts after it.
fn feedback_pass(
    f: &Feedback<'_>,
    rep: &crate::generate::Report,
    runs: &[FuzzRun],
    progress: &Progress,
    findings: &mut Vec<Finding>,
    notes: &mut Vec<String>,
) -> Result<Option<(crate::generate::Report, BlockCounts)>> {
    let spent: Duration = runs
        .iter()
        .map(|r| Duration::from_millis(r.fuzz_time_ms))
        .sum();
    let left = f.opts.budget.saturating_sub(spent);
    if runs.is_empty() || left < MIN_FEEDBACK || f.gen_opts.refine.rounds == 0 {
        return Ok(None);
    }
    let mut fuzzed_for: BTreeMap<(String, String), String> = BTreeMap::new();
    for t in f.a.targets.iter().take(f.top) {
        let h = f.a.heat(t.id);
        if let Some(ft) = assemble::fuzz_test_of(rep, &h.package, &h.qualified) {
            if runs
                .iter()
                .any(|r| r.package == h.package && r.fuzz_test == ft)
            {
                fuzzed_for
                    .entry((h.package.clone(), ft))
                    .or_insert_with(|| h.qualified.clone());
            }
        }
    }
    let cache = go_fuzz_cache()?;
    let mut offered = f.gen_opts.fuzzed.clone();
    let before = feedback::count(&offered);
    feedback::add_cache(&mut offered, &cache, &fuzzed_for);
    let new = feedback::count(&offered) - before;
    if new == 0 {
        notes.push("after fuzzing: the fuzz cache held no new input; no feedback pass".into());
        return Ok(None);
    }
    progress.phase(&format!(
        "seeds again with {new} input(s) the fuzzer found, refinement within {:.0}s",
        left.as_secs_f32()
    ));
    let mut gen_opts = f.gen_opts.clone();
    gen_opts.fuzzed = offered;
    gen_opts.refine.budget = gen_opts.refine.budget.min(left);
    let rep2 = seeds_pass(f.a, f.root, &gen_opts, f.top, f.state)?;
    let dirs = package_dirs(f.a, f.root);
    findings.extend(seed_findings(&rep2, f.root, &dirs, &f.opts.tags)?);
    let kept = rep2
        .manifest
        .iter()
        .filter(|m| m.kind == crate::values::synth::SeedKind::Fuzzed)
        .count();
    notes.push(format!(
        "after fuzzing: {new} input(s) of the fuzz cache offered as seeds, {kept} kept as \
         seeds of kind fuzzed (they reach cold code nothing else reaches); refinement rounds \
         (from the synthesized seeds) within {:.0}s",
        gen_opts.refine.budget.as_secs_f32()
    ));
    progress.phase("replaying with the fuzzer's corpus and the new seeds");
    let mut remove = f.known.to_vec();
    if f.opts.keep_crashers {
        remove.extend(findings.iter().flat_map(|x| x.input.clone()));
    }
    let counts = replay_copy(
        f.root,
        f.scratch,
        "feedback",
        f.opts,
        f.packages,
        &remove,
        Some((&cache, &dirs)),
    )?;
    Ok(Some((rep2, counts)))
}

/// The test profiles: `go test -coverprofile` in a scratch copy, or `--profile`; with the
/// heat sources and notes on failing tests.
fn test_heat(
    opts: &Options,
    root: &Path,
    scratch: &Path,
    progress: &Progress,
) -> Result<(Vec<PathBuf>, Vec<HeatSource>, Vec<String>)> {
    let mut notes = Vec::new();
    if !opts.profiles.is_empty() {
        let sources = opts
            .profiles
            .iter()
            .map(|p| HeatSource {
                kind: "test".into(),
                path: p.display().to_string(),
            })
            .collect();
        return Ok((opts.profiles.clone(), sources, notes));
    }
    progress.phase(&format!(
        "go test -coverprofile {}",
        opts.patterns.join(" ")
    ));
    let seeds = crate::verify::manifest_files(root);
    let state = memo_state(opts, root);
    let t = heat::test_profile(root, scratch, &opts.patterns, &seeds, state.as_ref())?;
    if !t.failing.is_empty() {
        let msg = format!(
            "{} user test(s) failed; going on with the profile Go wrote: {}",
            t.failing.len(),
            t.failing.join(", ")
        );
        progress.note(&msg);
        notes.push(msg);
    }
    let source = HeatSource {
        kind: "test".into(),
        path: format!("go test -covermode=count {}", opts.patterns.join(" ")),
    };
    Ok((vec![t.profile], vec![source], notes))
}

type Ranking = HashMap<crate::targets::FuncId, rerank::Ranked>;

/// Coverdir counts and `--since` lines, and the run's ranking of `a`'s targets.
fn boosts(
    opts: &Options,
    root: &Path,
    scratch: &Path,
    progress: &Progress,
    a: &mut Analysis,
    sources: &mut Vec<HeatSource>,
) -> Result<(BlockCounts, Ranking)> {
    if !opts.coverdirs.is_empty() {
        progress.phase("go tool covdata textfmt");
    }
    let coverdir = heat::coverdir_counts(&opts.coverdirs, scratch)?;
    for d in &opts.coverdirs {
        sources.push(HeatSource {
            kind: "coverdir".into(),
            path: d.display().to_string(),
        });
    }
    let changed = match &opts.since {
        Some(rev) => Some(since::changed_lines(root, rev)?),
        None => None,
    };
    let ranked = rerank::rerank(
        a,
        &rerank::Boosts {
            coverdir: &coverdir,
            changed: opts.since.as_deref().zip(changed.as_ref()),
            root,
        },
    );
    Ok((coverdir, ranked))
}

/// `generate`'s options for a run: native harnesses, seeds under `testdata/fuzz`, checked,
/// minimized and refined with `generate`'s default rounds and refinement budget.
fn generate_options(opts: &Options) -> crate::generate::Options {
    use crate::generate::{CorpusDest, HarnessKind};
    crate::generate::Options {
        corpus: CorpusDest::Testdata,
        harness: HarnessKind::Native,
        synth: crate::values::synth::Options {
            seeds_per_target: opts.seeds_per_target as usize,
            rng_seed: opts.rng_seed,
            real_inputs: true,
            candidates: crate::values::bases::MAX_CANDIDATES.max(opts.seeds_per_target as usize),
            ..Default::default()
        },
        dry_run: false,
        fuzz_cache: None,
        exclude: Default::default(),
        redirect: None,
        include_unexported: false,
        allow_side_effects: false,
        property_candidates: false,
        minimize: true,
        refine: Default::default(),
        fuzzed: Default::default(),
    }
}

/// Import path → package directory relative to the root, for every analysed package.
fn package_dirs(a: &Analysis, root: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = a
        .files
        .iter()
        .map(|f| {
            let dir = f.heat.path.parent().unwrap_or(root);
            (
                f.heat.import_path.clone(),
                dir.strip_prefix(root).unwrap_or(dir).to_path_buf(),
            )
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    out.dedup_by(|x, y| x.0 == y.0);
    out
}

/// The module path of the root's `go.mod` (the first module when the root is a workspace).
fn module_path(m: &crate::heatmap::ModuleMap, root: &Path) -> String {
    m.modules()
        .iter()
        .find(|x| x.dir == root)
        .or_else(|| m.modules().first())
        .map(|x| x.path.clone())
        .unwrap_or_default()
}

/// Copies the module to `scratch/<name>`, removes `remove` (relative files), stages the fuzz
/// cache's corpus when `cache` is given, and replays the fuzz tests with a profile.
fn replay_copy(
    root: &Path,
    scratch: &Path,
    name: &str,
    opts: &Options,
    packages: usize,
    remove: &[String],
    cache: Option<(&Path, &[(String, PathBuf)])>,
) -> Result<BlockCounts> {
    let copy = scratch.join(name);
    crate::writers::fsio::copy_tree(root, &copy).map_err(|e| Error::write_io(&copy, e))?;
    for r in remove {
        let p = copy.join(r);
        if p.is_file() {
            std::fs::remove_file(&p).map_err(|e| Error::write_io(&p, e))?;
        }
    }
    if let Some((cache, pkgs)) = cache {
        fuzz::stage_cache_corpus(cache, pkgs, &copy)?;
    }
    let state = memo_state(opts, root);
    let (counts, _failing) = heat::replay_counts(&copy, &opts.patterns, packages, state.as_ref())?;
    Ok(counts)
}

/// The state directory where the run's `go test` results are reused ([`memo`]); none with
/// `--no-cache` (or when it cannot be opened: the run then simply runs `go test`).
fn memo_state(opts: &Options, root: &Path) -> Option<crate::state::StateDir> {
    crate::state::StateDir::open(root, opts.state_dir.as_deref(), opts.no_cache)
        .ok()
        .flatten()
}

/// The fuzz jobs of the first targets: one per (package, fuzz test), in rank order.
fn fuzz_jobs(
    a: &Analysis,
    rep: &crate::generate::Report,
    top: usize,
    notes: &mut Vec<String>,
) -> Vec<fuzz::FuzzJob> {
    let mut jobs: Vec<fuzz::FuzzJob> = Vec::new();
    for t in a.targets.iter().take(top) {
        let h = a.heat(t.id);
        let Some(ft) = assemble::fuzz_test_of(rep, &h.package, &h.qualified) else {
            if t.unfuzzable_reason.is_some() {
                // Refused by the planner: noted with its reason when the top was chosen.
                continue;
            }
            let why = assemble::outcome_of(rep, &h.package, &h.qualified)
                .and_then(|o| o.skipped.clone())
                .unwrap_or_else(|| "left out by generate".to_string());
            notes.push(format!(
                "{}.{}: no fuzz test ({why}); not fuzzed",
                crate::targets::rank::last_elem(&h.package),
                h.qualified
            ));
            continue;
        };
        let dir = a.files[t.id.file]
            .heat
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let job = fuzz::FuzzJob {
            package: h.package.clone(),
            dir,
            fuzz_test: ft,
        };
        if !jobs.contains(&job) {
            jobs.push(job);
        }
    }
    jobs
}

/// Fuzzes, turns failures into findings, and replays with the fuzzer's corpus. Returns the
/// invocations and the counts after fuzzing (`None` when nothing was fuzzed).
#[allow(clippy::too_many_arguments)]
fn fuzz_phase(
    opts: &Options,
    root: &Path,
    scratch: &Path,
    a: &Analysis,
    rep: &crate::generate::Report,
    packages: &[(String, PathBuf)],
    progress: &Progress,
    findings: &mut Vec<Finding>,
    notes: &mut Vec<String>,
    known: &[String],
) -> Result<(Vec<FuzzRun>, Option<BlockCounts>, stack::Frames)> {
    let jobs = fuzz_jobs(a, rep, opts.top, notes);
    if opts.fuzz_time.is_zero() || opts.budget.is_zero() || jobs.is_empty() {
        return Ok((Vec::new(), None, Vec::new()));
    }
    progress.fuzzing(jobs.len());
    let limits = fuzz::Limits {
        per_target: opts.fuzz_time,
        budget: opts.budget,
        jobs: opts.jobs.max(1),
        workers: (cores() / opts.jobs.max(1)).max(1),
    };
    let report = |e: fuzz::Event<'_>| match e {
        fuzz::Event::Start(j, t) => progress.step(
            &format!("{} {} for {:.1}s", j.package, j.fuzz_test, t.as_secs_f32()),
            false,
        ),
        fuzz::Event::Done(j, _) => {
            progress.step(&format!("{} {} done", j.package, j.fuzz_test), true)
        }
        fuzz::Event::Skipped(j) => progress.step(
            &format!("{} {}: no budget left", j.package, j.fuzz_test),
            true,
        ),
    };
    let outcomes = fuzz::run_jobs(&jobs, limits, &report);
    let ran: BTreeSet<(String, String)> = outcomes
        .iter()
        .map(|o| (o.job.package.clone(), o.job.fuzz_test.clone()))
        .collect();
    for j in jobs
        .iter()
        .filter(|j| !ran.contains(&(j.package.clone(), j.fuzz_test.clone())))
    {
        notes.push(format!(
            "{} {}: the budget left no time; not fuzzed",
            j.package, j.fuzz_test
        ));
    }
    let mut runs = Vec::new();
    let mut crashers = known.to_vec();
    let mut frames = Vec::new();
    for o in &outcomes {
        let rel_dir = assemble::rel(root, &o.job.dir);
        let f = findings::from_fuzz(o, &rel_dir, &opts.tags, root, opts.keep_crashers)?;
        runs.push(FuzzRun {
            package: o.job.package.clone(),
            fuzz_test: o.job.fuzz_test.clone(),
            fuzz_time_ms: o.fuzz_time.as_millis() as u64,
            result: match (o.exit, &f) {
                (Exit::TimedOut, _) => "killed",
                (_, Some(_)) => "finding",
                _ => "ok",
            }
            .into(),
        });
        if let Some(f) = f {
            if opts.keep_crashers {
                crashers.extend(f.input.clone());
            }
            findings.push(f);
            frames.extend(stack::frames(&o.output));
        }
    }
    progress.phase("replaying with the fuzzer's corpus");
    let cache = go_fuzz_cache()?;
    let counts = replay_copy(
        root,
        scratch,
        "fuzz",
        opts,
        packages.len(),
        &crashers,
        Some((&cache, packages)),
    )?;
    Ok((runs, Some(counts), frames))
}

/// The findings of a seeds pass, their failing seed files kept under `.heatseed/crashers` when
/// the fuzz test they belong to was written or fed ([`findings::from_generate`]).
fn seed_findings(
    rep: &crate::generate::Report,
    root: &Path,
    dirs: &[(String, PathBuf)],
    tags: &[String],
) -> Result<Vec<Finding>> {
    let fuzz_tests: BTreeSet<(String, String)> = rep
        .targets
        .iter()
        .flat_map(|t| t.fuzz_tests.iter().map(|f| (t.package.clone(), f.clone())))
        .collect();
    let cx = findings::SeedInputs {
        root,
        dirs,
        tags,
        fuzz_tests: &fuzz_tests,
    };
    let mut out = Vec::new();
    for f in &rep.findings {
        out.extend(findings::from_generate(f, &cx)?);
    }
    Ok(out)
}

/// The machine's cores (1 when unknown).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `$(go env GOCACHE)/fuzz`.
fn go_fuzz_cache() -> Result<PathBuf> {
    let out = GoCommand::new("env").arg("GOCACHE").run()?;
    let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.success() || dir.is_empty() || dir == "off" {
        return Err(Error::Toolchain(
            "`go env GOCACHE` gave no cache directory: the fuzzer's corpus cannot be read".into(),
        ));
    }
    Ok(PathBuf::from(dir).join("fuzz"))
}
