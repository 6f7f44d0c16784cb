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

use crate::constraints::goals::{block_goals, call_bindings, facts_to_reach, Goal};
use crate::constraints::{tokens, Access, Context, Step};
use crate::error::{Error, Result};
use crate::index::{Expr, Function, GoType};
use crate::plan::user::UserFuzz;
use crate::plan::{self, FuzzPlan, InputPath, PackageInfo};
use crate::targets::{Analysis, FuncId, Heat, Target};
use crate::values::synth::{self, ArgSpec, JsonField, JsonSpec, Seed};
use crate::values::{FuzzType, Value};
use crate::writers::fsio::{
    SafeWriter, WriteAction, WriteOutcome, WritePolicy, GENERATED_MARKER_JSON,
};
use crate::writers::{decoder, dict, harness, native};
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
    pub guard_kind: &'static str,
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
    let graph = crate::targets::rank::call_graph(a);
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
        package(
            a,
            &graph,
            pkg,
            &dir,
            &targets,
            opts,
            &writer,
            cache_writer.as_ref(),
            &mut report,
        )?;
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

/// [`generate`] with a pre-flight check: everything is first generated into a scratch copy of
/// the module and replayed there with plain `go test -run '^Fuzz'`; a generated harness whose
/// own zero-value seed fails, and every seed that makes a fuzz test fail, is left out of the
/// real run and reported as a finding. Nothing that breaks `go test` reaches the user's tree.
/// Without a Go toolchain the check is skipped with a note.
pub fn generate_checked(
    a: &Analysis,
    module_root: &Path,
    opts: &Options,
    top: Option<usize>,
) -> Result<Report> {
    let packages = planner_packages(a, opts);
    let mut exclude = opts.exclude.clone();
    let mut findings: Vec<Finding> = Vec::new();
    let mut properties: Option<Vec<PropertyOutcome>> = None;
    let mut note = None;
    // A panicking seed kills its test binary, so each replay finds at most one panic per
    // package: failing seed files are removed from the scratch copy and only the packages that
    // failed are replayed again; a failing harness (its own zero-value seed) means generating
    // the scratch copy anew without it.
    let mut scratch: Option<(tempfile::TempDir, PathBuf)> = None;
    let mut only: Option<BTreeSet<String>> = None;
    for _round in 0..64 {
        if scratch.is_none() {
            let tmp = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
            let root = tmp.path().join("module");
            crate::writers::fsio::copy_tree(module_root, &root).map_err(|e| Error::io(&root, e))?;
            let mut o = opts.clone();
            o.dry_run = false;
            o.corpus = match opts.corpus {
                CorpusDest::Testdata | CorpusDest::Both => CorpusDest::Testdata,
                CorpusDest::Cache | CorpusDest::None => CorpusDest::None,
            };
            o.exclude = exclude.clone();
            o.redirect = Some((module_root.to_path_buf(), root.clone()));
            let rep = generate_for(a, &packages, &root, &o, top)?;
            if properties.is_none() {
                for p in &rep.properties {
                    exclude.properties.insert(p.fuzz_test.clone(), p.kept);
                }
                properties = Some(rep.properties.clone());
            }
            scratch = Some((tmp, root));
            only = None;
        }
        let root = &scratch.as_ref().expect("set above").1;
        let failed = match replay_failures(root, only.as_ref()) {
            Ok(f) => f,
            Err(e) => {
                note = Some(format!("pre-flight go test check skipped: {e}"));
                break;
            }
        };
        if failed.is_empty() {
            break;
        }
        let mut progressed = false;
        let mut again = BTreeSet::new();
        let mut regenerate = false;
        for f in failed {
            let new = if f.seed.starts_with("seed#") {
                regenerate = true;
                exclude
                    .harnesses
                    .insert((f.package.clone(), f.fuzz_test.clone()))
            } else {
                remove_seed(root, &f.fuzz_test, &f.seed);
                exclude
                    .seeds
                    .insert((f.package.clone(), f.fuzz_test.clone(), f.seed.clone()))
            };
            if new {
                progressed = true;
                again.insert(f.package.clone());
                findings.push(f);
            }
        }
        if !progressed {
            note = Some(
                "plain go test still fails after leaving out the failing seeds and harnesses; \
                 the failures may come from the module itself"
                    .into(),
            );
            break;
        }
        if regenerate {
            scratch = None;
        } else {
            only = Some(again);
        }
    }
    let mut o = opts.clone();
    o.exclude = exclude;
    let mut rep = generate_for(a, &packages, module_root, &o, top)?;
    if let Some(p) = properties {
        rep.properties = p;
    }
    rep.findings = findings;
    if let Some(n) = note {
        rep.notes.push(n);
    }
    Ok(rep)
}

/// Removes `testdata/fuzz/<fuzz>/<seed>` wherever it is below `root` (the scratch copy).
fn remove_seed(root: &Path, fuzz: &str, seed: &str) {
    for e in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let p = e.path();
        if e.file_type().is_file()
            && p.file_name().is_some_and(|n| n == seed)
            && p.parent()
                .and_then(|d| d.file_name())
                .is_some_and(|n| n == fuzz)
        {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Fuzz-test subtests that fail under `go test -count=1 -run '^Fuzz' -json` in `dir`, for all
/// packages (`./...`) or only the import paths in `only`.
fn replay_failures(
    dir: &Path,
    only: Option<&BTreeSet<String>>,
) -> std::result::Result<Vec<Finding>, String> {
    let mut args: Vec<String> = ["test", "-count=1", "-run", "^Fuzz", "-json"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    match only {
        Some(pkgs) => args.extend(pkgs.iter().cloned()),
        None => args.push("./...".into()),
    }
    let out = std::process::Command::new("go")
        .args(&args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("running go test: {e}"))?;
    let mut outputs: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut failed: Vec<(String, String)> = Vec::new();
    let mut build_failed: Vec<String> = Vec::new();
    // Subtests that started and never ended: a panic killed the test binary while they ran.
    let mut running: BTreeSet<(String, String)> = BTreeSet::new();
    let mut panics: BTreeMap<String, String> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(ev) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let pkg = ev["Package"].as_str().unwrap_or("").to_string();
        let test = ev["Test"].as_str().unwrap_or("").to_string();
        match ev["Action"].as_str() {
            Some("output") => {
                let text = ev["Output"].as_str().unwrap_or("");
                // A panic kills the binary; its message may be attributed to the fuzz test or
                // the package rather than the seed's subtest: keep the first one per package.
                if text.trim_start().starts_with("panic:") {
                    panics
                        .entry(pkg.clone())
                        .or_insert_with(|| text.trim().to_string());
                }
                if !test.is_empty() {
                    let o = outputs.entry((pkg, test)).or_default();
                    if o.len() < 2000 {
                        o.push_str(text);
                    }
                }
            }
            Some("run") if test.contains('/') => {
                running.insert((pkg, test));
            }
            Some("pass" | "skip") => {
                running.remove(&(pkg, test));
            }
            Some("fail") if test.contains('/') => {
                running.remove(&(pkg.clone(), test.clone()));
                failed.push((pkg, test));
            }
            Some("build-fail") => build_failed.push(pkg),
            _ => {}
        }
    }
    if !build_failed.is_empty() {
        return Err(format!(
            "packages failed to build: {}",
            build_failed.join(", ")
        ));
    }
    failed.extend(running);
    Ok(failed
        .into_iter()
        .filter_map(|(pkg, test)| {
            let (fuzz, seed) = test.split_once('/')?;
            let mut output = outputs
                .get(&(pkg.clone(), test.clone()))
                .cloned()
                .unwrap_or_default();
            if !output.contains("panic:") && !output.contains(".go:") {
                if let Some(p) = panics.get(&pkg) {
                    output.push_str(p);
                }
            }
            Some(Finding {
                output,
                package: pkg,
                fuzz_test: fuzz.to_string(),
                seed: seed.to_string(),
            })
        })
        .collect())
}

fn indent(s: &str) -> String {
    s.replace('\n', "\n  ")
}

/// Generation for one package.
#[allow(clippy::too_many_arguments)]
fn package(
    a: &Analysis,
    graph: &[Vec<usize>],
    pkg: &PackageInfo,
    dir: &Path,
    targets: &[&Target],
    opts: &Options,
    writer: &SafeWriter,
    cache: Option<&SafeWriter>,
    report: &mut Report,
) -> Result<()> {
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
        let goals = goals_for(a, graph, t.id, &ctx);
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
            write_seeds(
                &dest, &seeds, &goals, h, pkg, dir, opts, writer, cache, report,
            )?;
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
                    write_seeds(
                        &dest, &seeds, &goals, h, pkg, dir, opts, writer, cache, report,
                    )?;
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

/// Goals of a target: its own cold/rare blocks, then those of the module functions it calls
/// directly (mined with the callee's parameters bound to the call's arguments).
/// `graph` is [`crate::targets::rank::call_graph`] of `a`, computed once per run.
pub fn goals_for(a: &Analysis, graph: &[Vec<usize>], id: FuncId, ctx: &Context) -> Vec<Goal> {
    let h = a.heat(id);
    let f = a.function(id);
    let mut goals = block_goals(f, &h.blocks, ctx, &[]);
    let pos = crate::targets::rank::position_of(a, id).expect("target is a function");
    for &j in &graph[pos] {
        let ch = &a.functions[j];
        if !ch.blocks.iter().any(|b| b.heat != Heat::Warm) {
            continue;
        }
        let callee = a.function(ch.id);
        // The first call site of the callee stands for all of them.
        if let Some(call) = f.calls.iter().find(|c| calls_name(&c.func, &callee.name)) {
            let caller_ctx = ctx.clone().at(call.pos);
            let prefix = facts_to_reach(f, call.pos, ctx);
            let bindings = call_bindings(callee, call);
            let callee_consts = &a.files[ch.id.file].source.consts;
            let callee_ctx =
                Context::new(callee, callee_consts, ctx.vars).called_from(&caller_ctx, bindings);
            goals.extend(block_goals(callee, &ch.blocks, &callee_ctx, &prefix));
        }
    }
    goals
}

fn calls_name(func: &Expr, name: &str) -> bool {
    match func {
        Expr::Ident { name: n } => n == name,
        Expr::Selector { sel, .. } => sel == name,
        _ => false,
    }
}

/// Argument specs of a generated plan: each argument's input path in the target's terms.
fn plan_arg_specs(plan: &FuzzPlan, f: &Function) -> Vec<ArgSpec> {
    plan.args
        .iter()
        .map(|arg| {
            ArgSpec::new(
                if arg.shape.is_some() {
                    None
                } else {
                    access_of(&arg.path, f)
                },
                FuzzType::parse(&arg.ty).expect("plans use native fuzz types"),
            )
        })
        .collect()
}

fn access_of(p: &InputPath, f: &Function) -> Option<Access> {
    let root = if p.root == "recv" {
        f.receiver.as_ref()?.name.clone()?
    } else if p.root.starts_with("new:") || p.root == "_" {
        return None;
    } else {
        p.root.clone()
    };
    Some(Access {
        root,
        steps: p.fields.iter().map(|n| Step::Field(n.clone())).collect(),
    })
}

/// `json.Unmarshal(X, &L)` in `f` with `X` a parameter (or `[]byte(X)`) and `L` declared
/// `var L T` with `T` a struct of the package: the JSON spec for parameter `X`.
fn json_inputs(f: &Function, pkg: &PackageInfo) -> Vec<(String, JsonSpec)> {
    let mut out = Vec::new();
    for c in &f.calls {
        let is_unmarshal = matches!(&c.func, Expr::Selector { x, sel }
            if sel == "Unmarshal" && matches!(x.as_ref(), Expr::Ident { name } if name == "json"));
        if !is_unmarshal || c.args.len() != 2 {
            continue;
        }
        let param = match &c.args[0] {
            Expr::Ident { name } => name.clone(),
            Expr::Call { args, .. } if args.len() == 1 => match &args[0] {
                Expr::Ident { name } => name.clone(),
                _ => continue,
            },
            _ => continue,
        };
        if !f
            .params
            .iter()
            .any(|p| p.name.as_deref() == Some(param.as_str()))
        {
            continue;
        }
        let Expr::Unary { op, x } = &c.args[1] else {
            continue;
        };
        let Expr::Ident { name: local } = x.as_ref() else {
            continue;
        };
        if op != "&" {
            continue;
        }
        let ty_name = f
            .assigns
            .iter()
            .rev()
            .find_map(|a| match (&a.lhs[..], &a.rhs[..]) {
                ([Expr::Ident { name }], [Expr::Composite { text }]) if name == local => {
                    text.strip_suffix("{}").map(str::to_string)
                }
                _ => None,
            });
        let Some(ty_name) = ty_name else { continue };
        if let Some(fields) = json_fields(&ty_name, pkg) {
            out.push((
                param,
                JsonSpec {
                    local: local.clone(),
                    fields,
                },
            ));
        }
    }
    out
}

/// The JSON members of struct type `name`: key from the `json` tag (or the field name), kind
/// from the field's type (named types resolved through the package).
fn json_fields(name: &str, pkg: &PackageInfo) -> Option<Vec<JsonField>> {
    let decl = pkg.types.iter().find(|t| t.name == name)?;
    let GoType::Struct { fields } = &decl.ty else {
        return None;
    };
    let mut out = Vec::new();
    for fd in fields {
        let Some(fname) = &fd.name else { continue };
        if !plan::exported(fname) {
            continue;
        }
        let key = match fd.tag.as_deref().and_then(json_tag_name) {
            Some(k) if k == "-" => continue,
            Some(k) if !k.is_empty() => k,
            _ => fname.clone(),
        };
        let Some(kind) = scalar_kind(&fd.ty, pkg, 0) else {
            continue;
        };
        out.push(JsonField {
            name: fname.clone(),
            key,
            kind,
        });
    }
    Some(out)
}

/// The name part of a `json:"name,omitempty"` struct tag.
fn json_tag_name(tag: &str) -> Option<String> {
    let inner = tag.trim_matches('`');
    let start = inner.find("json:\"")? + 6;
    let rest = &inner[start..];
    let end = rest.find('"')?;
    Some(rest[..end].split(',').next().unwrap_or("").to_string())
}

fn scalar_kind(
    ty: &GoType,
    pkg: &PackageInfo,
    depth: usize,
) -> Option<crate::constraints::ValueKind> {
    use crate::constraints::ValueKind;
    let GoType::Named {
        pkg: None, name, ..
    } = ty
    else {
        return None;
    };
    Some(match name.as_str() {
        "string" => ValueKind::Str,
        "bool" => ValueKind::Bool,
        "float64" | "float32" => ValueKind::Float { bits: 64 },
        "int" | "int64" | "int32" | "int16" | "int8" => ValueKind::Int {
            bits: 64,
            signed: true,
        },
        "uint" | "uint64" | "uint32" | "uint16" | "uint8" => ValueKind::Int {
            bits: 64,
            signed: false,
        },
        other if depth < 4 => {
            let decl = pkg.types.iter().find(|t| t.name == other)?;
            return scalar_kind(&decl.ty, pkg, depth + 1);
        }
        _ => return None,
    })
}

/// Base values of a plan's arguments: from the first literal `f.Add` seed of a user fuzz test
/// that passes the same parameter of the same target.
fn plan_base(plan: &FuzzPlan, f: &Function, pkg: &PackageInfo) -> Vec<Value> {
    let mut base: Vec<Value> = plan
        .args
        .iter()
        .map(|a| FuzzType::parse(&a.ty).expect("native").zero())
        .collect();
    for uf in &pkg.user_fuzz {
        let Some(add) = uf.adds.first() else { continue };
        let Some(call) = uf
            .calls
            .iter()
            .find(|c| c.callee == f.name && c.method == f.receiver.is_some())
        else {
            continue;
        };
        for (pi, mapped) in call.arg_map.iter().enumerate() {
            let (Some(ai), Some(param)) = (mapped, f.params.get(pi)) else {
                continue;
            };
            let Some(name) = &param.name else { continue };
            for (bi, arg) in plan.args.iter().enumerate() {
                if arg.path.root == *name && arg.path.fields.is_empty() {
                    let v = retype(&add[*ai], FuzzType::parse(&arg.ty).expect("native"));
                    if v.fuzz_type() == base[bi].fuzz_type() && v != v.fuzz_type().zero() {
                        base[bi] = v;
                    }
                }
            }
        }
    }
    base
}

fn with_json(mut specs: Vec<ArgSpec>, f: &Function, pkg: &PackageInfo) -> Vec<ArgSpec> {
    for (param, spec) in json_inputs(f, pkg) {
        for s in specs.iter_mut() {
            if s.path
                .as_ref()
                .is_some_and(|p| p.root == param && p.steps.is_empty())
            {
                s.json = Some(spec.clone());
            }
        }
    }
    specs
}

/// Argument specs of a user's fuzz test that calls `f` (None when it does not).
fn user_arg_specs(uf: &UserFuzz, f: &Function) -> Option<Vec<ArgSpec>> {
    let call = uf
        .calls
        .iter()
        .find(|c| c.callee == f.name && c.method == f.receiver.is_some())?;
    let mut specs: Vec<ArgSpec> = uf
        .args
        .iter()
        .map(|(_, t)| ArgSpec::new(None, *t))
        .collect();
    let mut any = false;
    for (pi, mapped) in call.arg_map.iter().enumerate() {
        let (Some(ai), Some(param)) = (mapped, f.params.get(pi)) else {
            continue;
        };
        if let Some(name) = &param.name {
            specs[*ai].path = Some(Access::root(name));
            any = true;
        }
    }
    any.then_some(specs)
}

/// The fuzz test seeds go to: its name, its argument types, and for generated plans the
/// go-fuzz dispatch (plan index, number of plans, which arguments carry decoder bytes).
struct SeedDest<'a> {
    fuzz: &'a str,
    types: &'a [FuzzType],
    gofuzz: Option<(usize, usize, Vec<bool>)>,
}

/// Writes the seeds of one fuzz test (corpus files, go-fuzz inputs) and records them.
#[allow(clippy::too_many_arguments)]
fn write_seeds(
    dest: &SeedDest,
    seeds: &[Seed],
    goals: &[Goal],
    h: &crate::targets::FunctionHeat,
    pkg: &PackageInfo,
    dir: &Path,
    opts: &Options,
    writer: &SafeWriter,
    cache: Option<&SafeWriter>,
    report: &mut Report,
) -> Result<()> {
    let (fuzz, types) = (dest.fuzz, dest.types);
    for seed in seeds {
        debug_assert_eq!(seed.values.len(), types.len());
        let values: Vec<Value> = seed
            .values
            .iter()
            .zip(types)
            .map(|(v, t)| retype(v, *t))
            .collect();
        let bytes = native::encode_corpus_file(&values);
        let name = native::corpus_file_name(&bytes);
        if opts
            .exclude
            .seeds
            .contains(&(pkg.import_path.clone(), fuzz.to_string(), name.clone()))
        {
            continue;
        }
        let mut dests: Vec<(PathBuf, &SafeWriter)> = Vec::new();
        // A generated plan rendered as a go-fuzz harness has no native fuzz test: its seeds go
        // only to the raw go-fuzz corpus below.
        let native = !(opts.harness == HarnessKind::GoFuzz && dest.gofuzz.is_some());
        if native && matches!(opts.corpus, CorpusDest::Testdata | CorpusDest::Both) {
            dests.push((
                dir.join("testdata").join("fuzz").join(fuzz).join(&name),
                writer,
            ));
        }
        if let (Some(c), true) = (
            cache.filter(|_| native),
            matches!(opts.corpus, CorpusDest::Cache | CorpusDest::Both),
        ) {
            dests.push((c.root().join(&pkg.import_path).join(fuzz).join(&name), c));
        }
        for (path, w) in dests {
            let out = w.write(&path, &bytes, WritePolicy::CreateOnly)?;
            report.manifest.push(ManifestEntry {
                file: path
                    .strip_prefix(writer.root())
                    .unwrap_or(&path)
                    .to_path_buf(),
                fuzz_test: fuzz.to_string(),
                package: pkg.import_path.clone(),
                target: h.qualified.clone(),
                kind: seed.kind,
                values: values.iter().map(native::encode_value).collect(),
                aims: seed
                    .aims
                    .iter()
                    .map(|&g| {
                        let goal = &goals[g];
                        Aim {
                            function: goal.function.clone(),
                            line: goal.range.start.line,
                            block: goal.range.to_string(),
                            guard_kind: goal.guard_kind,
                            guard: goal.guard.clone(),
                        }
                    })
                    .collect(),
                facts: seed.facts.clone(),
            });
            report.files.push(out);
        }
        if let (HarnessKind::GoFuzz, Some((index, n, encoded))) = (opts.harness, &dest.gofuzz) {
            let raw = gofuzz_input(*index, *n, encoded, &values);
            let name = native::corpus_file_name(&raw);
            let path = writer
                .root()
                .join(".heatseed")
                .join("gofuzz")
                .join(&pkg.import_path)
                .join("corpus")
                .join(name);
            report
                .files
                .push(writer.write(&path, &raw, WritePolicy::CreateOnly)?);
        }
    }
    Ok(())
}

/// A synthesized value in the exact type the fuzz test declares (`byte` vs `uint8` spelling).
fn retype(v: &Value, t: FuzzType) -> Value {
    if v.fuzz_type() == t {
        return v.clone();
    }
    match (v, t) {
        (Value::Uint8(b), FuzzType::Byte) => Value::Byte(*b),
        (Value::Byte(b), FuzzType::Uint8) => Value::Uint8(*b),
        (Value::Int32(r), FuzzType::Rune) => Value::Rune(*r),
        (Value::Rune(r), FuzzType::Int32) => Value::Int32(*r),
        _ => t.zero(),
    }
}

/// Raw go-fuzz bytes for one tuple, as `render_gofuzz`'s `Fuzz(data)` reads them: the plan
/// index byte when the package has several plans, then every argument in the decoder format
/// (an argument that already carries decoder bytes is copied as is).
fn gofuzz_input(index: usize, n: usize, encoded: &[bool], values: &[Value]) -> Vec<u8> {
    let mut out = Vec::new();
    if n > 1 {
        out.push(index as u8);
    }
    for (v, enc) in values.iter().zip(encoded) {
        match (v, enc) {
            (Value::Bytes(b), true) => out.extend(b),
            _ => {
                let (shape, dv) = decoder_form(v);
                out.extend(decoder::encode(&shape, &dv));
            }
        }
    }
    out
}

fn decoder_form(v: &Value) -> (plan::Shape, decoder::Value) {
    use decoder::Value as D;
    let scalar = |go: &str| plan::Shape::Scalar { go: go.into() };
    match v {
        Value::Bytes(b) => (plan::Shape::Bytes, D::Bytes(b.clone())),
        Value::String(b) => (plan::Shape::String, D::Bytes(b.clone())),
        Value::Bool(b) => (scalar("bool"), D::Bool(*b)),
        Value::Byte(x) | Value::Uint8(x) => (scalar("uint8"), D::Uint(*x as u64)),
        Value::Rune(x) | Value::Int32(x) => (scalar("int32"), D::Int(*x as i64)),
        Value::Float32(x) => (scalar("float32"), D::Float(*x as f64)),
        Value::Float64(x) => (scalar("float64"), D::Float(*x)),
        Value::Int(x) | Value::Int64(x) => (scalar("int64"), D::Int(*x)),
        Value::Int8(x) => (scalar("int8"), D::Int(*x as i64)),
        Value::Int16(x) => (scalar("int16"), D::Int(*x as i64)),
        Value::Uint(x) | Value::Uint64(x) => (scalar("uint64"), D::Uint(*x)),
        Value::Uint16(x) => (scalar("uint16"), D::Uint(*x as u64)),
        Value::Uint32(x) => (scalar("uint32"), D::Uint(*x as u64)),
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
