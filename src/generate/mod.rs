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

mod preflight;
mod seeds;

pub use preflight::generate_checked;
pub use seeds::goals_for;
use seeds::{plan_arg_specs, plan_base, user_arg_specs, with_json, write_seeds, SeedDest};

use crate::constraints::goals::Goal;
use crate::constraints::{tokens, Context};
use crate::error::{Error, Result};
use crate::index::Function;
use crate::plan::{self, FuzzPlan, PackageInfo};
use crate::targets::{Analysis, Target};
use crate::values::synth;
use crate::values::FuzzType;
use crate::writers::fsio::{
    SafeWriter, WriteAction, WriteOutcome, WritePolicy, GENERATED_MARKER_JSON,
};
use crate::writers::{dict, harness};
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
    /// Write under this directory instead of the analysed module root (the pre-flight check's
    /// scratch copy): `(analysed root, scratch root)`.
    pub redirect: Option<(PathBuf, PathBuf)>,
}

/// Harnesses and seeds that made plain `go test` fail in the pre-flight check, and round-trip
/// property decisions already taken.
#[derive(Clone, Debug, Default)]
pub struct Exclusions {
    /// (import path, fuzz test) of generated fuzz tests to leave out.
    pub harnesses: BTreeSet<(String, String)>,
    /// (import path, fuzz test, corpus file name) of seeds to leave out.
    pub seeds: BTreeSet<(String, String, String)>,
    /// Fuzz test → property kept, when already checked.
    pub properties: BTreeMap<String, bool>,
}

/// A seed or harness left out because it made plain `go test` fail: a finding to look at.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub package: String,
    pub fuzz_test: String,
    /// Corpus file name, or `seed#0` for the generated harness's own zero-value seed.
    pub seed: String,
    pub output: String,
}

/// What happened to one target.
#[derive(Clone, Debug, Serialize)]
pub struct TargetOutcome {
    pub target: String,
    pub package: String,
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
    #[serde(skip)]
    pub manifest: Vec<ManifestEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PropertyOutcome {
    pub fuzz_test: String,
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
                std::fs::create_dir_all(c).map_err(|e| Error::io(c, e))?;
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
    let mut report = Report {
        schema: GENERATE_SCHEMA,
        dry_run: opts.dry_run,
        targets: Vec::new(),
        files: Vec::new(),
        user_fuzz_tests_skipped: Vec::new(),
        notes: Vec::new(),
        properties: Vec::new(),
        findings: Vec::new(),
        manifest: Vec::new(),
    };
    let chosen: Vec<&Target> = a.targets.iter().take(top.unwrap_or(usize::MAX)).collect();
    for pkg in packages {
        report
            .user_fuzz_tests_skipped
            .extend(pkg.unreadable_fuzz.iter().cloned());
        let Some(mut dir) = pkg.dir.clone() else {
            continue;
        };
        if let Some((from, to)) = &opts.redirect {
            if let Ok(rel) = dir.strip_prefix(from) {
                dir = to.join(rel);
            }
        }
        if !dir.starts_with(writer.root()) {
            // A profile may name files anywhere (absolute paths); heatseed writes only inside
            // the module root.
            for t in chosen
                .iter()
                .filter(|t| a.heat(t.id).package == pkg.import_path)
            {
                let h = a.heat(t.id);
                report.targets.push(TargetOutcome {
                    target: h.qualified.clone(),
                    package: h.package.clone(),
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
            continue;
        }
        let targets: Vec<&Target> = chosen
            .iter()
            .copied()
            .filter(|t| a.heat(t.id).package == pkg.import_path)
            .collect();
        if targets.is_empty() {
            continue;
        }
        let run = Run {
            a,
            opts,
            writer: &writer,
            cache: cache_writer.as_ref(),
        };
        package(&run, &PackageAt { pkg, dir: &dir }, &targets, &mut report)?;
    }
    if !report.manifest.is_empty() {
        let body = serde_json::to_string_pretty(&report.manifest).expect("plain data");
        let text = format!(
            "{GENERATED_MARKER_JSON}\n  \"schema\": \"heatseed.manifest/v1\",\n  \"seeds\": {}\n}}\n",
            indent(&body)
        );
        let path = module_root.join(".heatseed").join("manifest.json");
        report
            .files
            .push(writer.write(&path, text.as_bytes(), WritePolicy::GeneratedOnly)?);
    }
    Ok(report)
}

fn indent(s: &str) -> String {
    s.replace('\n', "\n  ")
}

/// Generation for one package.
fn package(run: &Run, at: &PackageAt, targets: &[&Target], report: &mut Report) -> Result<()> {
    let (a, opts, writer) = (run.a, run.opts, run.writer);
    let (pkg, dir) = (at.pkg, at.dir);
    let funcs: Vec<&Function> = targets.iter().map(|t| a.function(t.id)).collect();
    let planned = plan::plan_package(&funcs, pkg);
    let mut plans: Vec<FuzzPlan> = Vec::new();
    let consts = &pkg.consts;
    let vars = &pkg.vars;
    let mut dict_tokens: BTreeMap<String, BTreeSet<Vec<u8>>> = BTreeMap::new();
    let planned: Vec<std::result::Result<FuzzPlan, String>> = planned
        .into_iter()
        .map(|p| match p {
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
        .collect();
    let n_plans = planned.iter().filter(|p| p.is_ok()).count();
    for (t, p) in targets.iter().zip(planned) {
        let h = a.heat(t.id);
        let f = a.function(t.id);
        let ctx = Context::new(f, consts, vars);
        let goals = goals_for(a, t.id, &ctx);
        let mut outcome = TargetOutcome {
            target: h.qualified.clone(),
            package: h.package.clone(),
            fuzz_tests: Vec::new(),
            seeds: 0,
            goals: goals.len(),
            goals_with_seeds: 0,
            skipped: None,
        };
        let mut aimed_goals: BTreeSet<usize> = BTreeSet::new();
        // The user's fuzz tests that call this target come first.
        for uf in &pkg.user_fuzz {
            let Some(specs) = user_arg_specs(uf, f) else {
                continue;
            };
            let specs = with_json(specs, f, pkg);
            let base = uf.adds.first().cloned().unwrap_or_default();
            let seeds = synth::synthesize(&uf.name, &goals, &specs, &base, &opts.synth);
            let types: Vec<FuzzType> = uf.args.iter().map(|(_, t)| *t).collect();
            let dest = SeedDest {
                fuzz: &uf.name,
                types: &types,
                gofuzz: None,
            };
            write_seeds(run, at, &dest, &seeds, &goals, h, report)?;
            aimed_goals.extend(seeds.iter().flat_map(|s| s.aims.iter().copied()));
            outcome.seeds += seeds.len();
            outcome.fuzz_tests.push(uf.name.clone());
            record_tokens(&mut dict_tokens, &uf.name, &goals);
        }
        match p {
            Ok(plan) => {
                let specs = with_json(plan_arg_specs(&plan, f), f, pkg);
                let base = plan_base(&plan, f, pkg);
                let seeds = synth::synthesize(&plan.fuzz_name, &goals, &specs, &base, &opts.synth);
                if opts.harness != HarnessKind::None {
                    let types: Vec<FuzzType> = plan
                        .args
                        .iter()
                        .map(|a| FuzzType::parse(&a.ty).expect("plans use native fuzz types"))
                        .collect();
                    let encoded: Vec<bool> = plan.args.iter().map(|a| a.shape.is_some()).collect();
                    let dest = SeedDest {
                        fuzz: &plan.fuzz_name,
                        types: &types,
                        gofuzz: Some((plans.len(), n_plans, encoded)),
                    };
                    write_seeds(run, at, &dest, &seeds, &goals, h, report)?;
                    aimed_goals.extend(seeds.iter().flat_map(|s| s.aims.iter().copied()));
                    outcome.seeds += seeds.len();
                    outcome.fuzz_tests.push(plan.fuzz_name.clone());
                    record_tokens(&mut dict_tokens, &plan.fuzz_name, &goals);
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
    let mut plan_list = plans;
    // Round-trip properties are kept only when a short real fuzz run (in a scratch copy that
    // holds the seeds just written) does not break them.
    if !opts.exclude.properties.is_empty() {
        for p in plan_list.iter_mut().filter(|p| p.property.is_some()) {
            if opts.exclude.properties.get(&p.fuzz_name) != Some(&true) {
                p.property = None;
            }
        }
    } else if opts.harness == HarnessKind::Native && plan_list.iter().any(|p| p.property.is_some())
    {
        let rel = dir.strip_prefix(writer.root()).unwrap_or(Path::new("."));
        match harness::verify_properties(writer.root(), rel, &mut plan_list, "300x") {
            Ok(checks) => report
                .properties
                .extend(checks.into_iter().map(|c| PropertyOutcome {
                    fuzz_test: c.fuzz_name,
                    kept: c.failure.is_none(),
                    failure: c.failure,
                })),
            Err(e) => {
                for p in plan_list.iter_mut().filter(|p| p.property.is_some()) {
                    report.properties.push(PropertyOutcome {
                        fuzz_test: p.fuzz_name.clone(),
                        kept: false,
                        failure: Some(format!("could not run go test -fuzz to check it: {e}")),
                    });
                    p.property = None;
                }
            }
        }
    }
    match opts.harness {
        HarnessKind::Native if !plan_list.is_empty() => {
            let text = harness::render_native(&pkg.name, &plan_list);
            let path = dir.join(plan::GENERATED_TEST_FILE);
            report
                .files
                .push(writer.write(&path, text.as_bytes(), WritePolicy::GeneratedOnly)?);
        }
        HarnessKind::GoFuzz if !plan_list.is_empty() => {
            let text = harness::render_gofuzz(&pkg.name, &plan_list);
            let path = dir.join("heatseed_gofuzz.go");
            report
                .files
                .push(writer.write(&path, text.as_bytes(), WritePolicy::GeneratedOnly)?);
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
        report
            .files
            .push(writer.write(&path, text.as_bytes(), WritePolicy::GeneratedOnly)?);
    }
    Ok(())
}

fn record_tokens(out: &mut BTreeMap<String, BTreeSet<Vec<u8>>>, fuzz: &str, goals: &[Goal]) {
    let set = out.entry(fuzz.to_string()).or_default();
    for g in goals {
        for alt in &g.alternatives {
            set.extend(tokens(alt));
        }
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
        };
        *m.entry(k).or_insert(0) += 1;
    }
    m
}
