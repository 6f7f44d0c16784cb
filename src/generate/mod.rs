//! `heatseed generate`: the analysis turned into files: harnesses, seeds, dictionaries and a
//! manifest.
//!
//! Per package: plan every fuzzable target ([`crate::plan`]), mine the goals of its cold blocks
//! and of the cold blocks of the module functions it calls ([`crate::constraints::goals`]),
//! synthesize argument tuples ([`crate::values::synth`]), and write them with the
//! [`crate::writers`]: the harness file, native corpus files for the generated fuzz tests and
//! for the user's own fuzz tests that call a target, go-fuzz raw inputs, a libFuzzer dictionary
//! per fuzz test, and one manifest that says why each seed exists. Every write goes through
//! [`SafeWriter`]: inside the module root (or the Go fuzz cache when asked), atomic, idempotent.
//!
//! [`preflight`] runs the whole generation in a scratch copy first and replays it with plain
//! `go test`; [`seeds`] turns goals into argument specs and writes seed files.

mod decoded;
pub mod manifest;
mod preflight;
pub mod reuse;
mod seeds;
mod structured;
mod sweep;
mod testdata_readers;

pub use preflight::{generate_checked, generate_checked_with_state, Reuse};
pub use seeds::goals_for;
use seeds::{plan_arg_specs, plan_base, user_arg_specs, with_json, write_seeds, SeedDest};

use crate::constraints::goals::Goal;
use crate::constraints::{tokens, Context};
use crate::error::{Error, Result};
use crate::index::Function;
use crate::plan::{self, FuzzPlan, PackageInfo};
use crate::targets::{Analysis, Target};
use crate::values::FuzzType;
use crate::values::{bases, synth};
use crate::verify::minimize::FirstReached;
use crate::writers::fsio::{
    self, sha256_hex, Planned, SafeWriter, WriteAction, WriteOutcome, WritePolicy,
};
use crate::writers::{dict, harness};
use manifest::{FileKind, State};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where native corpus files go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorpusDest {
    /// `testdata/fuzz/<FuzzName>/` in the package: permanent regression seeds.
    Testdata,
    /// `$(go env GOCACHE)/fuzz/<import path>/<FuzzName>/`: steer `-fuzz` only.
    Cache,
    Both,
    None,
}

/// Which harness to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HarnessKind {
    Native,
    GoFuzz,
    None,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub corpus: CorpusDest,
    pub harness: HarnessKind,
    pub synth: synth::Options,
    pub dry_run: bool,
    /// The Go fuzz cache root (`$(go env GOCACHE)/fuzz`), needed for [`CorpusDest::Cache`].
    pub fuzz_cache: Option<PathBuf>,
    /// What the pre-flight check ([`generate_checked`]) found must not be written.
    pub exclude: Exclusions,
    /// Harness unexported functions too.
    pub include_unexported: bool,
    /// Harness targets that reach side effects too (file system, network, processes, sleeps).
    pub allow_side_effects: bool,
    /// Keep every round-trip property not yet dropped (the pre-flight check's scratch run
    /// replays them); otherwise only those [`Exclusions::properties`] says were kept.
    pub property_candidates: bool,
    /// Write under this directory instead of the analysed module root (the pre-flight check's
    /// scratch copy): `(analysed root, scratch root)`.
    pub redirect: Option<(PathBuf, PathBuf)>,
    /// Measure the seeds in the pre-flight check's scratch copy and keep only those that reach
    /// a cold statement nothing else reaches ([`crate::verify::minimize`]).
    pub minimize: bool,
    /// Refinement rounds after minimization ([`crate::verify::refine`]; `rounds` 0: none).
    pub refine: crate::verify::refine::RefineOptions,
    /// Extra candidate seeds per (import path, fuzz test): inputs the fuzzer found (and those
    /// of them kept earlier), measured and minimized like the synthesized ones
    /// ([`crate::values::synth::SeedKind::Fuzzed`]).
    pub fuzzed: BTreeMap<(String, String), Vec<FuzzedInput>>,
}

/// Fuzzer inputs offered as candidates per fuzz test.
pub const MAX_FUZZED: usize = 64;

/// An input of a fuzz test found by `go test -fuzz` (or kept from an earlier run's), offered
/// to the seed pipeline as a candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct FuzzedInput {
    /// The qualified name of the target whose fuzz test it belongs to.
    pub target: String,
    pub values: Vec<crate::values::Value>,
}

/// Harnesses and seeds that made plain `go test` fail in the pre-flight check, and round-trip
/// property decisions already taken.
#[derive(Clone, Debug, Default)]
pub struct Exclusions {
    /// (import path, fuzz test) of generated fuzz tests to leave out.
    pub harnesses: BTreeSet<(String, String)>,
    /// (import path, fuzz test, corpus file name) of seeds to leave out.
    pub seeds: BTreeSet<(String, String, String)>,
    /// (import path, fuzz test) → round-trip property kept, when already decided.
    pub properties: BTreeMap<(String, String), bool>,
    /// Import paths whose generated harness file failed to build: no harness is written there.
    pub packages: BTreeSet<String>,
    /// Seeds kept by minimization: (import path, fuzz test, corpus file name) → the cold blocks
    /// each was the first to reach.
    pub reached: BTreeMap<(String, String, String), Vec<FirstReached>>,
    /// Seeds kept by minimization: the round that found each (0: the first).
    pub rounds: BTreeMap<(String, String, String), u32>,
    /// Seeds refinement rounds found and minimization kept, by (import path, fuzz test).
    pub refined: BTreeMap<(String, String), Vec<crate::verify::refine::RefinedSeed>>,
}

/// A seed or harness left out because it made plain `go test` fail: a finding to look at.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Finding {
    pub package: String,
    pub fuzz_test: String,
    /// Corpus file name, or `seed#0` for the generated harness's own zero-value seed.
    pub seed: String,
    /// Panic, plain failure, hang (blocked until the per-package timeout), or build failure.
    pub kind: crate::toolchain::testjson::FailureKind,
    pub output: String,
    /// The harness builds its receiver field by field, unexported fields included (no
    /// constructor exists): the failing state may be one no caller can make.
    pub may_be_harness_artifact: bool,
    /// The failing seed's corpus file (`go test fuzz v1` text), when it was a seed file (not
    /// written to `testdata`: `heatseed run` keeps it under `.heatseed/crashers/` so that the
    /// finding has an input and a command that reproduces it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corpus: Option<String>,
}

/// What happened to one target.
#[derive(Clone, Debug, Serialize)]
pub struct TargetOutcome {
    pub target: String,
    pub package: String,
    /// The package clause name (`yaml` for `gopkg.in/yaml.v3`), for display.
    pub package_name: String,
    /// Fuzz tests that received seeds for it (generated and the user's).
    pub fuzz_tests: Vec<String>,
    pub seeds: usize,
    pub goals: usize,
    pub goals_with_seeds: usize,
    pub skipped: Option<String>,
}

/// One manifest entry: a seed file and why it exists.
#[derive(Clone, Debug, Serialize)]
pub struct ManifestEntry {
    pub file: PathBuf,
    pub fuzz_test: String,
    pub package: String,
    pub target: String,
    pub kind: synth::SeedKind,
    /// The argument values as Go writes them in the corpus file.
    pub values: Vec<String>,
    pub aims: Vec<Aim>,
    /// Facts the values were solved for.
    pub facts: Vec<String>,
    /// Cold blocks this seed was the first to reach when measured (seed minimization), in its
    /// fuzz test's corpus: its fuzz test's existing corpus and the seeds kept for it before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub first_reached: Vec<FirstReached>,
    /// Structured arguments (documents, text decoders, Protobuf messages, binary frames,
    /// regexp matches): decoder, type or pattern, fields, this seed's goals.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub structured: Vec<structured::StructuredInput>,
    /// The round that found this measured seed: 0 for the first (synthesis), n for the n-th
    /// refinement round. Absent when the seed was not measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Aim {
    pub function: String,
    pub line: u32,
    pub block: String,
    pub guard_kind: crate::targets::guard::GuardKind,
    pub guard: String,
}

/// The whole run's report.
#[derive(Debug, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub dry_run: bool,
    pub targets: Vec<TargetOutcome>,
    pub files: Vec<WriteOutcome>,
    pub user_fuzz_tests_skipped: Vec<plan::user::Unreadable>,
    pub notes: Vec<String>,
    /// Round-trip properties proposed for generated harnesses, and whether they were kept.
    pub properties: Vec<PropertyOutcome>,
    /// Harnesses and seeds left out because they made plain `go test` fail (likely bugs, or
    /// preconditions heatseed cannot see).
    pub findings: Vec<Finding>,
    /// Seed minimization in the pre-flight check: candidates measured, kept, dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimize: Option<crate::verify::minimize::MinimizeSummary>,
    /// The seed entries of this run's files (what the manifest adds for them).
    #[serde(skip)]
    pub manifest: Vec<ManifestEntry>,
    /// (import path, fuzz test) of generated harnesses whose receiver is built from
    /// unexported fields: their findings may be harness artifacts.
    #[serde(skip)]
    pub artifact_risk: BTreeSet<(String, String)>,
    /// The writes of the package being generated, committed together.
    #[serde(skip)]
    pub(crate) pending: Pending,
    /// What each goal's guards compare with, for the refinement rounds.
    #[serde(skip)]
    pub goal_hints: crate::verify::refine::GoalTable,
}

/// Writes staged for one package ([`stage`]) and the seed entries of its corpus files.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    pub(crate) writes: Vec<Staged>,
    pub(crate) seeds: Vec<(PathBuf, ManifestEntry)>,
}

#[derive(Debug)]
pub(crate) struct Staged {
    planned: Planned,
    kind: FileKind,
    sha: String,
}

/// Plans a write of the current package; it happens when the package is committed.
/// Returns the resolved path.
pub(crate) fn stage(
    report: &mut Report,
    w: &SafeWriter,
    path: &Path,
    bytes: &[u8],
    policy: WritePolicy,
    kind: FileKind,
) -> Result<PathBuf> {
    let sha = sha256_hex(bytes);
    let planned = w.plan(path, bytes, policy)?;
    let abs = planned.outcome.path.clone();
    let again = report
        .pending
        .writes
        .iter()
        .any(|s| s.planned.outcome.path == abs && s.sha == sha);
    if !again {
        report.pending.writes.push(Staged { planned, kind, sha });
    }
    Ok(abs)
}

#[derive(Clone, Debug, Serialize)]
pub struct PropertyOutcome {
    pub fuzz_test: String,
    pub package: String,
    pub kept: bool,
    pub failure: Option<String>,
}

pub const GENERATE_SCHEMA: &str = "heatseed.generate/v1";

/// What every package of one generation run shares.
pub(crate) struct Run<'a> {
    pub a: &'a Analysis,
    pub opts: &'a Options,
    pub writer: &'a SafeWriter,
    /// Writes into the Go fuzz cache, for `--corpus cache|both`.
    pub cache: Option<&'a SafeWriter>,
    /// Files the previous run wrote, as `<fuzz test>/<file>` ([`seeds::corpus_key`]): its corpus
    /// files are not real inputs (a re-run would otherwise start from its own output and not be
    /// idempotent). Names, not paths: the pre-flight check generates into a scratch copy.
    pub owned: BTreeSet<PathBuf>,
}

/// The package being generated and the directory its files go to.
pub(crate) struct PackageAt<'a> {
    pub pkg: &'a PackageInfo,
    pub dir: &'a Path,
}

/// Runs generation for the analysis' fuzzable targets (`top` limits how many targets).
pub fn generate(
    a: &Analysis,
    module_root: &Path,
    opts: &Options,
    top: Option<usize>,
) -> Result<Report> {
    generate_for(a, &planner_packages(a, opts), module_root, opts, top)
}

/// The analysis' packages (test files parsed once) as the planner sees them.
fn planner_packages(a: &Analysis, opts: &Options) -> Vec<PackageInfo> {
    let mut packages = plan::packages_from_analysis(a);
    for p in &mut packages {
        p.include_unexported = opts.include_unexported;
        p.allow_side_effects = opts.allow_side_effects;
    }
    packages
}

fn generate_for(
    a: &Analysis,
    packages: &[PackageInfo],
    module_root: &Path,
    opts: &Options,
    top: Option<usize>,
) -> Result<Report> {
    let writer = SafeWriter::new(module_root, opts.dry_run)?;
    let cache_writer = match (opts.corpus, &opts.fuzz_cache) {
        (CorpusDest::Cache | CorpusDest::Both, Some(c)) => {
            if !opts.dry_run {
                std::fs::create_dir_all(c).map_err(|e| Error::write_io(c, e))?;
            }
            Some(SafeWriter::new(
                if c.exists() { c } else { module_root },
                opts.dry_run,
            )?)
        }
        (CorpusDest::Cache | CorpusDest::Both, None) => {
            return Err(Error::Toolchain(
                "--corpus cache needs the Go fuzz cache: `go env GOCACHE` failed".into(),
            ))
        }
        _ => None,
    };
    // Temp files a killed earlier run left behind go first.
    writer.clean_temp()?;
    if let Some(c) = &cache_writer {
        c.clean_temp()?;
    }
    let mut report = Report {
        schema: GENERATE_SCHEMA,
        dry_run: opts.dry_run,
        targets: Vec::new(),
        files: Vec::new(),
        user_fuzz_tests_skipped: Vec::new(),
        notes: Vec::new(),
        properties: Vec::new(),
        findings: Vec::new(),
        minimize: None,
        manifest: Vec::new(),
        artifact_risk: BTreeSet::new(),
        pending: Pending::default(),
        goal_hints: Default::default(),
    };
    let mut state = State::read(writer.root());
    let run = Run {
        a,
        opts,
        writer: &writer,
        cache: cache_writer.as_ref(),
        owned: state.files.keys().map(|p| seeds::corpus_key(p)).collect(),
    };
    let chosen: Vec<&Target> = a.targets.iter().take(top.unwrap_or(usize::MAX)).collect();
    let tidy = || {
        // The temp folders are empty once every temp file was renamed into place (or removed).
        for w in std::iter::once(&writer).chain(cache_writer.as_ref()) {
            if !opts.dry_run {
                let _ = std::fs::remove_dir(w.root().join(fsio::TEMP_DIR));
                let _ = std::fs::remove_dir(w.root().join(".heatseed"));
            }
        }
    };
    for pkg in packages {
        if let Err(e) = one_package(&run, pkg, &chosen, &mut state, &mut report) {
            let r = manifest::fail_with(&mut state, &writer, e);
            tidy();
            r?;
        }
    }
    let written = state.write(&writer);
    tidy();
    if let Some(out) = written? {
        report.files.push(out);
    }
    Ok(report)
}

/// One package: generate and stage its files, commit them together, then remove what heatseed
/// wrote for it earlier and no longer wants.
fn one_package(
    run: &Run,
    pkg: &PackageInfo,
    chosen: &[&Target],
    state: &mut State,
    report: &mut Report,
) -> Result<()> {
    let (a, opts, writer) = (run.a, run.opts, run.writer);
    report
        .user_fuzz_tests_skipped
        .extend(pkg.unreadable_fuzz.iter().cloned());
    let Some(mut dir) = pkg.dir.clone() else {
        return Ok(());
    };
    if let Some((from, to)) = &opts.redirect {
        if let Ok(rel) = dir.strip_prefix(from) {
            dir = to.join(rel);
        }
    }
    let targets: Vec<&Target> = chosen
        .iter()
        .copied()
        .filter(|t| a.heat(t.id).package == pkg.import_path)
        .collect();
    if !dir.starts_with(writer.root()) {
        // A profile may name files anywhere (absolute paths); heatseed writes only inside
        // the module root.
        for t in targets {
            let h = a.heat(t.id);
            report.targets.push(TargetOutcome {
                target: h.qualified.clone(),
                package: h.package.clone(),
                package_name: pkg.name.clone(),
                fuzz_tests: Vec::new(),
                seeds: 0,
                goals: 0,
                goals_with_seeds: 0,
                skipped: Some(format!(
                    "package directory {} is outside the module root {}",
                    dir.display(),
                    writer.root().display()
                )),
            });
        }
        return Ok(());
    }
    if !opts.dry_run {
        sweep_legacy_temps(&dir);
    }
    let at = PackageAt { pkg, dir: &dir };
    if !targets.is_empty() {
        if let Err(e) = package(run, &at, &targets, report) {
            report.pending = Pending::default();
            return Err(e);
        }
    }
    let wanted = commit_package(run, &pkg.import_path, state, report)?;
    remove_unwanted(run, &at, &wanted, state, report)
}

/// Commits the staged writes of the package; records what is now heatseed's in the manifest
/// state. Returns the paths the package wants.
fn commit_package(
    run: &Run,
    package: &str,
    state: &mut State,
    report: &mut Report,
) -> Result<BTreeSet<PathBuf>> {
    let pending = std::mem::take(&mut report.pending);
    let wanted: BTreeSet<PathBuf> = pending
        .writes
        .iter()
        .map(|s| s.planned.outcome.path.clone())
        .collect();
    if !run.opts.dry_run
        && pending
            .writes
            .iter()
            .any(|s| s.planned.outcome.action.changes_disk())
    {
        for s in &pending.writes {
            state.own(
                s.planned.outcome.path.clone(),
                package,
                s.kind,
                s.sha.clone(),
            );
        }
        state.write_intent(run.writer)?;
        // What does not end up on disk is dropped again below (or pruned on a failure).
        for s in &pending.writes {
            state.forget(&s.planned.outcome.path);
        }
    }
    let (planned, meta): (Vec<Planned>, Vec<(FileKind, String)>) = pending
        .writes
        .into_iter()
        .map(|s| (s.planned, (s.kind, s.sha)))
        .unzip();
    let done = fsio::commit(planned)?;
    let mut held = BTreeSet::new();
    for (c, (kind, sha)) in done.into_iter().zip(meta) {
        // Only files heatseed wrote or found byte-identical are its own: a conflicting or
        // user's file it skipped is not.
        if c.outcome.action.holds_bytes() {
            held.insert(c.outcome.path.clone());
            state.own(c.outcome.path.clone(), package, kind, sha);
        }
        for d in c.created_dirs {
            if d.starts_with(run.writer.root())
                || run.cache.is_some_and(|w| d.starts_with(w.root()))
            {
                state.own_dir(d, package);
            }
        }
        report.files.push(c.outcome);
    }
    for (abs, entry) in pending.seeds {
        if held.contains(&abs) {
            state
                .seeds
                .push(serde_json::to_value(&entry).expect("plain data"));
            report.manifest.push(entry);
        }
    }
    Ok(wanted)
}

/// Removes the package's files heatseed wrote earlier (still byte-identical) and no longer
/// wants, a generated harness it no longer writes, and the empty directories it created.
fn remove_unwanted(
    run: &Run,
    at: &PackageAt,
    wanted: &BTreeSet<PathBuf>,
    state: &mut State,
    report: &mut Report,
) -> Result<()> {
    let (opts, writer) = (run.opts, run.writer);
    let package = at.pkg.import_path.as_str();
    let writer_for = |p: &Path| match run.cache {
        Some(c) if p.starts_with(c.root()) && !p.starts_with(writer.root()) => c,
        _ => writer,
    };
    let mut going: BTreeSet<PathBuf> = BTreeSet::new();
    for (abs, sha) in state.unwanted(package, opts, wanted) {
        if let Some(out) = writer_for(&abs).remove_if_owned(&abs, &sha)? {
            going.insert(out.path.clone());
            report.files.push(out);
        }
        // Removed, gone, or changed by the user (then it is theirs): no longer heatseed's.
        state.forget(&abs);
    }
    let harnesses = [
        (HarnessKind::Native, plan::GENERATED_TEST_FILE),
        (HarnessKind::GoFuzz, GOFUZZ_FILE),
    ];
    for (kind, name) in harnesses {
        let path = at.dir.join(name);
        if opts.harness != kind || !path.is_file() {
            continue;
        }
        let path = writer.resolve(&path)?;
        if !wanted.contains(&path) && !going.contains(&path) {
            if let Some(out) = writer.remove_if_generated(&path)? {
                going.insert(out.path.clone());
                state.forget(&out.path);
                report.files.push(out);
            }
        }
    }
    for d in state.dirs_of(package) {
        if let Some(out) = writer_for(&d).remove_dir_if_empty(&d, &going)? {
            going.insert(out.path.clone());
            state.dirs.remove(&d);
            report.files.push(out);
        }
    }
    Ok(())
}

/// The go-fuzz harness file name.
const GOFUZZ_FILE: &str = "heatseed_gofuzz.go";

/// Removes `.NAME.heatseed-tmp-*` files older heatseed versions left beside their targets
/// (in the package folder and its corpus folders, where Go would load them as seeds).
fn sweep_legacy_temps(dir: &Path) {
    let corpus = dir.join("testdata").join("fuzz");
    let walks = [
        walkdir::WalkDir::new(dir).max_depth(1),
        walkdir::WalkDir::new(&corpus).max_depth(2),
    ];
    for walk in walks {
        for e in walk.into_iter().filter_map(|e| e.ok()) {
            if e.file_type().is_file() && fsio::is_heatseed_temp(e.path()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Generation for one package.
fn package(run: &Run, at: &PackageAt, targets: &[&Target], report: &mut Report) -> Result<()> {
    let (a, opts) = (run.a, run.opts);
    let pkg = at.pkg;
    let funcs: Vec<&Function> = targets.iter().map(|t| a.function(t.id)).collect();
    let planned = plan::plan_package(&funcs, pkg);
    for p in planned.iter().flatten().filter(|p| p.artifact_risk) {
        report
            .artifact_risk
            .insert((p.package.clone(), p.fuzz_name.clone()));
    }
    let mut plans: Vec<FuzzPlan> = Vec::new();
    let consts = &pkg.consts;
    let vars = &pkg.vars;
    let mut dict_tokens: BTreeMap<String, BTreeSet<Vec<u8>>> = BTreeMap::new();
    let planned = screen_plans(planned, opts, pkg);
    let n_plans = planned.iter().filter(|p| p.is_ok()).count();
    for (t, p) in targets.iter().zip(planned) {
        let h = a.heat(t.id);
        let f = a.function(t.id);
        let ctx = Context::new(f, consts, vars).with_helpers(&pkg.functions);
        let goals = goals_for(a, t.id, &ctx);
        report.record_hints(opts, &goals);
        let mut outcome = TargetOutcome {
            target: h.qualified.clone(),
            package: h.package.clone(),
            package_name: pkg.name.clone(),
            fuzz_tests: Vec::new(),
            seeds: 0,
            goals: goals.len(),
            goals_with_seeds: 0,
            skipped: None,
        };
        let mut aimed_goals: BTreeSet<usize> = BTreeSet::new();
        // The user's fuzz tests that call this target come first.
        let ut = TargetCtx {
            f,
            h,
            goals: &goals,
        };
        user_fuzz_seeds(
            run,
            at,
            &ut,
            &mut outcome,
            &mut aimed_goals,
            &mut dict_tokens,
            report,
        )?;
        match p {
            Ok(plan) => {
                let specs = with_json(plan_arg_specs(&plan, f), f, pkg);
                let base = plan_base(&plan, f, pkg);
                let plan_goals = seeds::with_constructor_facts(&goals, &plan, pkg);
                let plan_goals = crate::values::synth::carried_relations(&plan_goals, &specs);
                let real = bases::RealInputs {
                    texts: seeds::plan_real_inputs(&plan, f, pkg, &run.owned),
                    tuples: seeds::plan_real_tuples(&plan, f, pkg),
                    ints: seeds::plan_real_ints(&plan, f, pkg),
                };
                let mut seeds = bases::synthesize_with_inputs(
                    &plan.fuzz_name,
                    &plan_goals,
                    &specs,
                    &base,
                    &real,
                    &opts.synth,
                );
                seeds.extend(seeds::write_failures(&plan, &seeds));
                seeds.extend(seeds::destinations(&plan, &seeds));
                seeds.extend(seeds::refined_seeds(opts, pkg, &plan.fuzz_name, h));
                if opts.harness != HarnessKind::None {
                    let types: Vec<FuzzType> = plan.args.iter().map(|a| a.ty).collect();
                    seeds.extend(seeds::fuzzed_seeds(opts, pkg, &plan.fuzz_name, h, &types));
                    let encoded: Vec<bool> = plan.args.iter().map(|a| a.shape.is_some()).collect();
                    let dest = SeedDest {
                        fuzz: &plan.fuzz_name,
                        types: &types,
                        gofuzz: Some((plans.len(), n_plans, encoded)),
                        specs: &specs,
                    };
                    let written = write_seeds(run, at, &dest, &seeds, &plan_goals, h, report)?;
                    aimed_goals.extend(
                        written
                            .iter()
                            .flat_map(|s| s.aims.iter().copied())
                            .filter(|&g| g < goals.len()),
                    );
                    outcome.seeds += written.len();
                    outcome.fuzz_tests.push(plan.fuzz_name.clone());
                    record_tokens(&mut dict_tokens, &plan.fuzz_name, &plan_goals, &specs);
                }
                plans.push(plan);
            }
            Err(why) => {
                if outcome.fuzz_tests.is_empty() {
                    outcome.skipped = Some(why);
                }
            }
        }
        outcome.goals_with_seeds = aimed_goals.len();
        report.targets.push(outcome);
    }
    stage_package_files(run, at, plans, &dict_tokens, report)
}

/// One target of [`package`], as [`user_fuzz_seeds`] needs it.
struct TargetCtx<'a> {
    f: &'a Function,
    h: &'a crate::targets::FunctionHeat,
    goals: &'a [Goal],
}

/// Seeds for the user's fuzz tests that call the target (synthesized, refined and the
/// fuzzer's inputs), written and recorded in `outcome`.
fn user_fuzz_seeds(
    run: &Run,
    at: &PackageAt,
    t: &TargetCtx<'_>,
    outcome: &mut TargetOutcome,
    aimed_goals: &mut BTreeSet<usize>,
    dict_tokens: &mut BTreeMap<String, BTreeSet<Vec<u8>>>,
    report: &mut Report,
) -> Result<()> {
    let (opts, pkg) = (run.opts, at.pkg);
    let (f, h, goals) = (t.f, t.h, t.goals);
    for uf in &pkg.user_fuzz {
        let Some(specs) = user_arg_specs(uf, f) else {
            continue;
        };
        let specs = with_json(specs, f, pkg);
        let base = uf.adds.first().cloned().unwrap_or_default();
        let real = bases::RealInputs {
            texts: seeds::user_real_inputs(uf, f, pkg, &run.owned),
            tuples: seeds::user_real_tuples(uf, f, pkg),
            ints: seeds::user_real_ints(uf, f, pkg),
        };
        let carried = crate::values::synth::carried_relations(goals, &specs);
        let mut seeds =
            bases::synthesize_with_inputs(&uf.name, &carried, &specs, &base, &real, &opts.synth);
        seeds.extend(seeds::refined_seeds(opts, pkg, &uf.name, h));
        let types: Vec<FuzzType> = uf.args.iter().map(|(_, t)| *t).collect();
        seeds.extend(seeds::fuzzed_seeds(opts, pkg, &uf.name, h, &types));
        let dest = SeedDest {
            fuzz: &uf.name,
            types: &types,
            gofuzz: None,
            specs: &specs,
        };
        let written = write_seeds(run, at, &dest, &seeds, goals, h, report)?;
        aimed_goals.extend(written.iter().flat_map(|s| s.aims.iter().copied()));
        outcome.seeds += written.len();
        outcome.fuzz_tests.push(uf.name.clone());
        record_tokens(dict_tokens, &uf.name, goals, &specs);
    }
    Ok(())
}

/// Plans the pre-flight check left out become skip reasons: every plan of a package whose
/// harness file failed to build, and generated fuzz tests whose zero-value seed failed.
fn screen_plans(
    planned: Vec<std::result::Result<FuzzPlan, String>>,
    opts: &Options,
    pkg: &PackageInfo,
) -> Vec<std::result::Result<FuzzPlan, String>> {
    planned
        .into_iter()
        .map(|p| match p {
            Ok(_) if opts.exclude.packages.contains(&pkg.import_path) => Err(format!(
                "the generated harness file of {} failed to build (see findings)",
                pkg.import_path
            )),
            Ok(plan)
                if opts
                    .exclude
                    .harnesses
                    .contains(&(pkg.import_path.clone(), plan.fuzz_name.clone())) =>
            {
                Err(format!(
                    "the generated {} failed plain go test on its zero-value seed (see findings)",
                    plan.fuzz_name
                ))
            }
            other => other,
        })
        .collect()
}

/// Stages the package's harness file (with the round-trip properties decided) and one
/// dictionary per fuzz test.
fn stage_package_files(
    run: &Run,
    at: &PackageAt,
    mut plans: Vec<FuzzPlan>,
    dict_tokens: &BTreeMap<String, BTreeSet<Vec<u8>>>,
    report: &mut Report,
) -> Result<()> {
    let (opts, writer) = (run.opts, run.writer);
    let (pkg, dir) = (at.pkg, at.dir);
    decide_properties(opts, &pkg.import_path, &mut plans, report);
    match opts.harness {
        HarnessKind::Native if !plans.is_empty() => {
            let text = harness::render_native(&pkg.name, &plans);
            let path = dir.join(plan::GENERATED_TEST_FILE);
            let policy = WritePolicy::GeneratedOnly;
            stage(
                report,
                writer,
                &path,
                text.as_bytes(),
                policy,
                FileKind::Harness,
            )?;
        }
        HarnessKind::GoFuzz if !plans.is_empty() => {
            let text = harness::render_gofuzz(&pkg.name, &plans);
            let path = dir.join(GOFUZZ_FILE);
            let (policy, kind) = (WritePolicy::GeneratedOnly, FileKind::GofuzzHarness);
            stage(report, writer, &path, text.as_bytes(), policy, kind)?;
        }
        _ => {}
    }
    for (fuzz, toks) in dict_tokens.iter().filter(|(_, t)| !t.is_empty()) {
        let text = dict::write_dict(toks.iter());
        let path = writer
            .root()
            .join(".heatseed")
            .join("dict")
            .join(&pkg.import_path)
            .join(format!("{fuzz}.dict"));
        let policy = WritePolicy::GeneratedOnly;
        stage(
            report,
            writer,
            &path,
            text.as_bytes(),
            policy,
            FileKind::Dict,
        )?;
    }
    Ok(())
}

/// Round-trip properties: kept as candidates in the pre-flight check's scratch run (unless
/// already dropped there), afterwards kept only when that check replayed them without a
/// failure; never kept without the check or for go-fuzz harnesses.
fn decide_properties(
    opts: &Options,
    import_path: &str,
    plans: &mut [FuzzPlan],
    report: &mut Report,
) {
    for p in plans.iter_mut().filter(|p| p.property.is_some()) {
        let key = (import_path.to_string(), p.fuzz_name.clone());
        let decided = opts.exclude.properties.get(&key).copied();
        let keep = opts.harness == HarnessKind::Native
            && if opts.property_candidates {
                decided != Some(false)
            } else {
                decided == Some(true)
            };
        let failure = match (keep, decided) {
            (true, _) => None,
            (false, Some(false)) => Some("failed when its seeds were replayed".to_string()),
            (false, _) if opts.harness != HarnessKind::Native => {
                Some("properties are checked for native harnesses only".to_string())
            }
            (false, _) => Some(
                "not checked: without the pre-flight check (--no-check) no property is kept"
                    .to_string(),
            ),
        };
        report.properties.push(PropertyOutcome {
            fuzz_test: p.fuzz_name.clone(),
            package: import_path.to_string(),
            kept: keep,
            failure,
        });
        if !keep {
            p.property = None;
        }
    }
}

/// Dictionary tokens of a fuzz test: the goals' literals, the keys and names of the documents
/// its arguments carry, and the field tags and magic values of its binary decoders.
fn record_tokens(
    out: &mut BTreeMap<String, BTreeSet<Vec<u8>>>,
    fuzz: &str,
    goals: &[Goal],
    specs: &[crate::values::synth::ArgSpec],
) {
    structured::record_doc_tokens(out, fuzz, specs);
    let set = out.entry(fuzz.to_string()).or_default();
    // Field tags and magic values of the Protobuf and binary-frame decoders.
    set.extend(crate::values::structured::tokens(specs));
    for g in goals {
        for alt in &g.alternatives {
            set.extend(tokens(alt));
        }
    }
}

impl Report {
    /// Records what each goal's guards compare with, when refinement rounds will run.
    fn record_hints(&mut self, opts: &Options, goals: &[Goal]) {
        if !opts.minimize || opts.refine.rounds == 0 {
            return;
        }
        for g in goals {
            (self.goal_hints)
                .entry((g.function.clone(), g.range))
                .or_default()
                .merge(&crate::verify::refine::hints_of(g));
        }
    }

    /// Seeded functions and seed files (relative to the root): what `--verify` measures.
    pub fn seeded(&self, a: &Analysis) -> (Vec<crate::targets::FuncId>, Vec<PathBuf>) {
        let by_name: BTreeMap<(&str, &str), crate::targets::FuncId> = a
            .functions
            .iter()
            .map(|h| ((h.package.as_str(), h.qualified.as_str()), h.id))
            .collect();
        let ids = self
            .targets
            .iter()
            .filter(|t| t.seeds > 0)
            .filter_map(|t| {
                by_name
                    .get(&(t.package.as_str(), t.target.as_str()))
                    .copied()
            })
            .collect();
        let files = self.manifest.iter().map(|m| m.file.clone()).collect();
        (ids, files)
    }
}

/// Counts of the write actions, for the summary line.
pub fn summarize(files: &[WriteOutcome]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for f in files {
        let k = match f.action {
            WriteAction::Created => "created",
            WriteAction::Replaced => "replaced",
            WriteAction::Unchanged => "unchanged",
            WriteAction::SkippedUserFile => "skipped (user file)",
            WriteAction::SkippedConflict => "skipped (conflict)",
            WriteAction::WouldCreate => "would create",
            WriteAction::WouldReplace => "would replace",
            WriteAction::Removed => "removed",
            WriteAction::WouldRemove => "would remove",
        };
        *m.entry(k).or_insert(0) += 1;
    }
    m
}
