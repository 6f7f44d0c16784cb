//! The pre-flight check: generation into a scratch copy of the module, replayed there with
//! plain `go test -run '^Fuzz'` (per module: a `go.work` workspace or nested modules are
//! checked module by module); what fails is left out of the real run and reported, and the
//! round-trip properties whose seeds replay cleanly are kept.

use super::{generate_for, planner_packages, CorpusDest, Finding, Options, Report};
use crate::error::{Error, Result};
use crate::heatmap::ModuleMap;
use crate::targets::Analysis;
use crate::toolchain::testjson::{self, FailureKind, Replay};
use crate::toolchain::{self, Exit, GoCommand, Scratch};
use crate::verify::minimize::{
    fair_share, minimize_and_refine, MinimizeSummary, Verdict, MAX_CANDIDATES,
};
use crate::verify::refine::Refine;
use crate::verify::seedcover::CandidateFile;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Rounds of replay and exclusion before giving up.
const MAX_ROUNDS: usize = 64;

/// Text a generated harness prints when its round-trip property fails.
const PROPERTY_FAILURE: &str = "heatseed round trip";

/// [`super::generate`] with a pre-flight check: everything is first generated into a scratch
/// copy of the module and replayed there with plain `go test -run '^Fuzz'`; a generated
/// harness whose own zero-value seed fails or hangs, every seed that makes a fuzz test fail or
/// hang, and the harness file of a package whose test binary does not build are left out of
/// the real run and reported as findings. A round-trip property is kept when the seeds replay
/// without breaking it. Nothing that breaks `go test` reaches the user's tree; when `go` cannot
/// run, the run fails ([`Error::Toolchain`]) rather than write unchecked files.
pub fn generate_checked(
    a: &Analysis,
    module_root: &Path,
    opts: &Options,
    top: Option<usize>,
) -> Result<Report> {
    generate_checked_with_state(a, module_root, opts, top, None)
}

/// Where the pre-flight decisions of earlier runs are kept ([`super::reuse`]), and the text of
/// every option they depend on (two runs share decisions only when it is equal).
pub struct Reuse<'a> {
    pub state: &'a crate::state::StateDir,
    pub salt: String,
}

/// [`generate_checked`] through the state directory: packages whose fingerprint
/// ([`super::reuse::package_fingerprints`]) has stored decisions are neither replayed nor
/// measured again (no `go` command runs for them); the decisions of a clean check are stored
/// under the fingerprints before and after the write, so an unchanged re-run reuses them.
pub fn generate_checked_with_state(
    a: &Analysis,
    module_root: &Path,
    opts: &Options,
    top: Option<usize>,
    reuse: Option<Reuse<'_>>,
) -> Result<Report> {
    let packages = planner_packages(a, opts);
    let modules = ModuleMap::discover(module_root)?;
    let mut st = State {
        exclude: opts.exclude.clone(),
        findings: Vec::new(),
        candidates: BTreeSet::new(),
        dropped: BTreeMap::new(),
        notes: Vec::new(),
        user_fuzz: packages
            .iter()
            .flat_map(|p| {
                p.user_fuzz
                    .iter()
                    .map(|u| (p.import_path.clone(), u.name.clone()))
            })
            .collect(),
        no_corpus: BTreeSet::new(),
    };
    let before = reuse
        .as_ref()
        .map(|r| super::reuse::package_fingerprints(a, module_root, &r.salt));
    let reused = match (&reuse, &before) {
        (Some(r), Some(fps)) => st.reuse(r.state, fps),
        _ => BTreeSet::new(),
    };
    let all_reused = packages.iter().all(|p| reused.contains(&p.import_path));
    let (clean, minimized) = if all_reused {
        (true, None)
    } else {
        check(
            a,
            &packages,
            module_root,
            &modules,
            opts,
            top,
            &reused,
            &mut st,
        )?
    };
    let mut rep = write_checked(a, &packages, module_root, opts, top, &mut st, minimized)?;
    if let (Some(r), Some(before)) = (&reuse, &before) {
        if !reused.is_empty() {
            rep.notes.push(format!(
                "state: the pre-flight check of {} unchanged package(s) was reused from {} (no go command run for them)",
                reused.len(),
                r.state.path().display()
            ));
        }
        if clean && !opts.dry_run {
            let after = super::reuse::package_fingerprints(a, module_root, &r.salt);
            st.store(r.state, &packages, before, &after);
        }
    }
    Ok(rep)
}

/// The replay rounds and the seed minimization in a scratch copy, for the packages not in
/// `reused`. Returns whether the last replay came out clean, and the minimization.
#[allow(clippy::too_many_arguments)]
fn check(
    a: &Analysis,
    packages: &[crate::plan::PackageInfo],
    module_root: &Path,
    modules: &ModuleMap,
    opts: &Options,
    top: Option<usize>,
    reused: &BTreeSet<String>,
    st: &mut State,
) -> Result<(bool, Option<MinimizeSummary>)> {
    let mut scratch: Option<ScratchRun> = None;
    let mut ended = Ended::OutOfRounds;
    let mut only: Option<BTreeSet<String>> = None;
    // Packages whose replay came out clean: the exclusions a failure adds are per package, so
    // regenerating writes the same files for them and they are not replayed again. With --top
    // an exclusion can move a target's slot to another package: then every round replays all.
    let mut settled: BTreeSet<String> = BTreeSet::new();
    let (mut replays, mut regenerations, mut package_replays) = (0usize, 0usize, 0usize);
    // Generated packages the last replay still found failing.
    let mut still_failing: BTreeSet<String> = BTreeSet::new();
    for _round in 0..MAX_ROUNDS {
        if scratch.is_none() {
            scratch = Some(ScratchRun::generate(
                a,
                packages,
                module_root,
                opts,
                top,
                st,
            )?);
            regenerations += 1;
            only = None;
        }
        let run = scratch.as_ref().expect("set above");
        let wanted = still_to_replay(only.as_ref().unwrap_or(&run.generated), reused, &settled);
        if wanted.is_empty() {
            ended = Ended::Clean;
            break;
        }
        let mut replay = replay_packages(module_root, &run.root, modules, &wanted)?;
        super::sweep::sweep_killed_packages(
            module_root,
            &run.root,
            modules,
            &run.harnesses,
            &mut replay,
        );
        replays += 1;
        package_replays += wanted.len();
        let passed = clean_packages(&wanted, &replay);
        still_failing = wanted
            .iter()
            .filter(|p| !passed.contains(p) && run.generated.contains(*p))
            .cloned()
            .collect();
        if top.is_none() {
            settled.extend(passed);
        }
        match st.absorb(&run.root, &run.generated, replay) {
            Step::Clean => {
                ended = Ended::Clean;
                break;
            }
            Step::Stuck => {
                ended = Ended::Stuck;
                break;
            }
            Step::Again(pkgs) => only = Some(pkgs),
            Step::Regenerate => scratch = None,
        }
    }
    if ended == Ended::OutOfRounds {
        st.give_up(&still_failing);
    }
    let clean = ended == Ended::Clean;
    if replays > 1 {
        st.notes.push(format!(
            "pre-flight check: {replays} replay rounds ({package_replays} package replays), \
             the scratch copy generated {regenerations} times"
        ));
    }
    if let Some(run) = scratch.as_ref().filter(|_| clean) {
        run.keep_seeds_from_testdata_readers(module_root, modules, reused, st)?;
    }
    // Seed minimization: measure every seed of the scratch copy that replays cleanly, write
    // only those that reach a cold statement nothing else reaches.
    let minimized = match scratch
        .as_ref()
        .filter(|_| opts.minimize && ended != Ended::OutOfRounds)
    {
        Some(run) => Some(run.minimize(a, module_root, opts, reused, st)?),
        None => None,
    };
    let no_corpus = &st.no_corpus;
    st.exclude
        .refined
        .retain(|(pkg, _), _| !no_corpus.contains(pkg));
    Ok((clean, minimized))
}

/// How the pre-flight check's replay rounds ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ended {
    /// The last replay came out clean.
    Clean,
    /// It failed only where nothing heatseed wrote is to blame (the module's own tests: a test
    /// needing a file or service the copy lacks, a flaky test): the seeds are still measured,
    /// the fuzz tests that fail alone left out.
    Stuck,
    /// The rounds ran out with generated packages still failing: no seed is measured.
    OutOfRounds,
}

/// The packages of `candidates` a replay round still has to run: not reused from the state
/// directory and not already clean in an earlier round.
fn still_to_replay(
    candidates: &BTreeSet<String>,
    reused: &BTreeSet<String>,
    settled: &BTreeSet<String>,
) -> BTreeSet<String> {
    candidates
        .iter()
        .filter(|p| !reused.contains(*p) && !settled.contains(*p))
        .cloned()
        .collect()
}

/// The packages of `wanted` that the replay reports nothing against (no failing test, no
/// build failure, not failed).
fn clean_packages(wanted: &BTreeSet<String>, r: &Replay) -> Vec<String> {
    let failing: BTreeSet<&str> = r
        .failures
        .iter()
        .map(|f| f.package.as_str())
        .chain(r.build_failures.iter().map(|b| b.import_path.as_str()))
        .chain(r.failed_packages.iter().map(String::as_str))
        .collect();
    wanted
        .iter()
        .filter(|p| !failing.contains(p.as_str()))
        .cloned()
        .collect()
}

/// The real generation run with the check's decisions; its report carries them.
fn write_checked(
    a: &Analysis,
    packages: &[crate::plan::PackageInfo],
    module_root: &Path,
    opts: &Options,
    top: Option<usize>,
    st: &mut State,
    minimized: Option<MinimizeSummary>,
) -> Result<Report> {
    let mut o = opts.clone();
    o.exclude = st.exclude.clone();
    o.property_candidates = false;
    for key in &st.candidates {
        o.exclude
            .properties
            .insert(key.clone(), !st.dropped.contains_key(key));
    }
    let mut rep = generate_for(a, packages, module_root, &o, top)?;
    for p in &mut rep.properties {
        if let Some(why) = st.dropped.get(&(p.package.clone(), p.fuzz_test.clone())) {
            p.failure = Some(why.clone());
        }
    }
    for f in &mut st.findings {
        let key = (f.package.clone(), f.fuzz_test.clone());
        f.may_be_harness_artifact = rep.artifact_risk.contains(&key);
    }
    rep.findings = st.findings.clone();
    rep.notes.extend(st.notes.iter().cloned());
    if let Some(m) = minimized.filter(|m| m.candidates > 0) {
        rep.notes.push(m.note());
        rep.notes.extend(m.notes.iter().cloned());
        rep.minimize = Some(m);
    }
    Ok(rep)
}

/// Turns the decisions into exclusions for the real run: dropped and failed seeds are not
/// written, kept seeds carry their first-reached blocks into the manifest, failed seeds become
/// findings.
fn apply_minimization(
    sum: &MinimizeSummary,
    exclude: &mut super::Exclusions,
    findings: &mut Vec<Finding>,
) {
    for d in &sum.decisions {
        let name = d
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let key = (d.package.clone(), d.fuzz_test.clone(), name.clone());
        match d.verdict {
            Verdict::Kept => {
                exclude.reached.insert(key.clone(), d.first_reached.clone());
                exclude.rounds.insert(key, d.round);
                if let Some(r) = &d.refined {
                    (exclude.refined)
                        .entry((d.package.clone(), d.fuzz_test.clone()))
                        .or_default()
                        .push(r.clone());
                }
            }
            Verdict::Dropped => {
                exclude.seeds.insert(key);
            }
            Verdict::Failed => {
                if exclude.seeds.insert(key) {
                    findings.push(Finding {
                        package: d.package.clone(),
                        fuzz_test: d.fuzz_test.clone(),
                        seed: name,
                        kind: FailureKind::of_run(d.hung, &d.output),
                        output: d.output.clone(),
                        may_be_harness_artifact: false,
                        corpus: corpus_text(std::fs::read(&d.file).ok()),
                    });
                }
            }
            Verdict::Unmeasured => {}
        }
    }
}

/// One generation into a scratch copy of the module, to be replayed there.
struct ScratchRun {
    _dir: Scratch,
    root: PathBuf,
    /// Import paths of the packages that got fuzz tests or seeds.
    generated: BTreeSet<String>,
    /// The generated fuzz tests of each package (the user's own not included).
    harnesses: BTreeMap<String, BTreeSet<String>>,
    /// The run's seed entries (paths relative to `root`).
    manifest: Vec<super::ManifestEntry>,
    /// What the goals' guards compare with, for refinement.
    goal_hints: crate::verify::refine::GoalTable,
}

impl ScratchRun {
    /// Copies the module and generates into the copy with the exclusions decided so far;
    /// records the round-trip properties proposed as candidates.
    fn generate(
        a: &Analysis,
        packages: &[crate::plan::PackageInfo],
        module_root: &Path,
        opts: &Options,
        top: Option<usize>,
        st: &mut State,
    ) -> Result<ScratchRun> {
        let dir = toolchain::scratch_dir("heatseed-preflight-")?;
        let root = dir.path().join("module");
        crate::writers::fsio::copy_tree(module_root, &root)
            .map_err(|e| Error::write_io(&root, e))?;
        let mut o = opts.clone();
        o.dry_run = false;
        o.corpus = match opts.corpus {
            CorpusDest::Testdata | CorpusDest::Both => CorpusDest::Testdata,
            CorpusDest::Cache | CorpusDest::None => CorpusDest::None,
        };
        o.exclude = st.exclude.clone();
        o.property_candidates = true;
        o.redirect = Some((module_root.to_path_buf(), root.clone()));
        let mut rep = generate_for(a, packages, &root, &o, top)?;
        cap_candidates(&root, &mut rep.manifest, st);
        st.candidates.extend(
            rep.properties
                .iter()
                .filter(|p| p.kept)
                .map(|p| (p.package.clone(), p.fuzz_test.clone())),
        );
        let generated = rep
            .targets
            .iter()
            .filter(|t| !t.fuzz_tests.is_empty())
            .map(|t| t.package.clone())
            .collect();
        let mut harnesses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for t in &rep.targets {
            for f in &t.fuzz_tests {
                if !st.user_fuzz.contains(&(t.package.clone(), f.clone())) {
                    harnesses
                        .entry(t.package.clone())
                        .or_default()
                        .insert(f.clone());
                }
            }
        }
        Ok(ScratchRun {
            _dir: dir,
            root,
            generated,
            harnesses,
            manifest: rep.manifest,
            goal_hints: rep.goal_hints,
        })
    }

    /// Runs the whole `go test` of every checked package whose own tests list `testdata/`
    /// ([`super::testdata_readers`]); where it fails with the package's seed files and passes
    /// without them, they are removed from the copy and left out of the run, with a note.
    fn keep_seeds_from_testdata_readers(
        &self,
        module_root: &Path,
        modules: &ModuleMap,
        reused: &BTreeSet<String>,
        st: &mut State,
    ) -> Result<()> {
        use super::testdata_readers::{judge, lists_testdata, Verdict};
        for pkg in self.generated.iter().filter(|p| !reused.contains(*p)) {
            let Some(dir) = super::sweep::package_dir(module_root, modules, pkg) else {
                continue;
            };
            if !lists_testdata(&module_root.join(&dir)) {
                continue;
            }
            let seeds: Vec<&super::ManifestEntry> =
                self.manifest.iter().filter(|m| &m.package == pkg).collect();
            let Verdict::BrokenBySeeds(output) = judge(&self.root, &dir, &seeds)? else {
                continue;
            };
            for c in seeds
                .iter()
                .filter_map(|m| CandidateFile::from_rel(&m.file))
            {
                let _ = std::fs::remove_file(self.root.join(c.rel()));
                st.exclude.seeds.insert((pkg.clone(), c.fuzz_test, c.name));
            }
            // Top-level test names (a subtest may be named after the file it read).
            let failing: Vec<&str> = output
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix("--- FAIL: "))
                .filter_map(|l| l.split(['/', ' ']).next())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            st.notes.push(format!(
                "pre-flight check: the tests of {pkg} read every file under testdata/ and fail \
                 with heatseed's seed files there ({}), passing without them: its {} seed files \
                 are left out, its harnesses kept (--corpus cache puts seeds in Go's fuzz cache \
                 instead)",
                if failing.is_empty() {
                    "go test fails".to_string()
                } else {
                    failing.join(", ")
                },
                seeds.len()
            ));
            st.no_corpus.insert(pkg.clone());
        }
        Ok(())
    }

    /// Measures the run's corpus files (seeds the replay left out are gone from the copy and
    /// ignored) and turns the decisions into exclusions and findings.
    fn minimize(
        &self,
        a: &Analysis,
        module_root: &Path,
        opts: &Options,
        reused: &BTreeSet<String>,
        st: &mut State,
    ) -> Result<MinimizeSummary> {
        let files: Vec<(PathBuf, String)> = self
            .manifest
            .iter()
            .filter(|m| !reused.contains(&m.package))
            .filter(|m| {
                CandidateFile::from_rel(&m.file).is_some_and(|c| c.fuzz_test == m.fuzz_test)
            })
            .map(|m| (m.file.clone(), m.package.clone()))
            .collect();
        let targets: BTreeMap<PathBuf, String> = self
            .manifest
            .iter()
            .map(|m| (m.file.clone(), m.target.clone()))
            .collect();
        let fuzzed: BTreeSet<PathBuf> = self
            .manifest
            .iter()
            .filter(|m| m.kind == crate::values::synth::SeedKind::Fuzzed)
            .map(|m| m.file.clone())
            .collect();
        let refine = Refine {
            opts: opts.refine.clone(),
            goals: &self.goal_hints,
            targets: &targets,
            fuzzed: &fuzzed,
        };
        // The fuzzer's inputs not yet committed are kept only for what nothing else reaches.
        let late = self
            .manifest
            .iter()
            .filter(|m| m.kind == crate::values::synth::SeedKind::Fuzzed)
            .filter(|m| !module_root.join(&m.file).is_file())
            .map(|m| m.file.clone())
            .collect();
        let measure = crate::verify::seedcover::MeasureOptions {
            late,
            ..Default::default()
        };
        let m = minimize_and_refine(a, module_root, &self.root, &files, &measure, Some(&refine))?;
        apply_minimization(&m, &mut st.exclude, &mut st.findings);
        Ok(m)
    }
}

/// Leaves all but [`MAX_CANDIDATES`] corpus files of a generation out, fairly across fuzz
/// tests (each keeps its first files in the generator's order, [`fair_share`]): they are
/// removed from the scratch copy and the manifest and never written, so the replay, the sweep
/// and the measurement see at most that many. Noted once.
fn cap_candidates(root: &Path, manifest: &mut Vec<super::ManifestEntry>, st: &mut State) {
    let cands: Vec<(CandidateFile, String)> = manifest
        .iter()
        .filter_map(|m| {
            let c = CandidateFile::from_rel(&m.file)?;
            (c.fuzz_test == m.fuzz_test).then(|| (c, m.package.clone()))
        })
        .collect();
    let total = cands.len();
    let (_, (over, k)) = fair_share(cands, MAX_CANDIDATES);
    if over.is_empty() {
        return;
    }
    let gone: BTreeSet<PathBuf> = over.iter().map(|(c, _)| c.rel()).collect();
    for (c, pkg) in over {
        let _ = std::fs::remove_file(root.join(c.rel()));
        st.exclude.seeds.insert((pkg, c.fuzz_test, c.name));
    }
    manifest.retain(|m| !gone.contains(&m.file));
    st.notes.push(format!(
        "pre-flight check: {total} candidate seeds, more than {MAX_CANDIDATES}: each fuzz \
         test's first {k} were checked and measured, the other {} left out",
        gone.len()
    ));
}

/// What the check has decided so far.
struct State {
    exclude: super::Exclusions,
    findings: Vec<Finding>,
    /// (import path, fuzz test) of round-trip properties proposed in the scratch run.
    candidates: BTreeSet<(String, String)>,
    /// Dropped properties and the failure line that dropped them.
    dropped: BTreeMap<(String, String), String>,
    notes: Vec<String>,
    /// (import path, fuzz test) of the user's own fuzz tests.
    user_fuzz: BTreeSet<(String, String)>,
    /// Packages whose own tests break on seed files under `testdata/`: no seed file there.
    no_corpus: BTreeSet<String>,
}

/// What to do after a replay.
enum Step {
    Clean,
    /// Failures remain that leaving things out does not fix (noted).
    Stuck,
    /// Seed files were removed from the scratch copy: replay these packages again.
    Again(BTreeSet<String>),
    /// A harness or property changed: generate the scratch copy anew.
    Regenerate,
}

impl State {
    /// Takes the stored decisions of every package whose fingerprint has them; returns those
    /// packages.
    fn reuse(
        &mut self,
        state: &crate::state::StateDir,
        fps: &BTreeMap<String, crate::state::Hash>,
    ) -> BTreeSet<String> {
        let mut reused = BTreeSet::new();
        for (pkg, fp) in fps {
            if let Some(c) = super::reuse::load(state, fp) {
                c.merge_into(
                    pkg,
                    &mut self.exclude,
                    &mut self.findings,
                    &mut self.candidates,
                    &mut self.dropped,
                );
                reused.insert(pkg.clone());
            }
        }
        reused
    }

    /// Stores every package's decisions under its fingerprints before and after the write.
    fn store(
        &self,
        state: &crate::state::StateDir,
        packages: &[crate::plan::PackageInfo],
        before: &BTreeMap<String, crate::state::Hash>,
        after: &BTreeMap<String, crate::state::Hash>,
    ) {
        for p in packages {
            let pkg = &p.import_path;
            let c = super::reuse::PackageCheck::extract(
                pkg,
                &self.exclude,
                &self.findings,
                &self.candidates,
                &self.dropped,
            );
            for fp in [before.get(pkg), after.get(pkg)].into_iter().flatten() {
                super::reuse::store(state, fp, &c);
            }
        }
    }

    /// Turns a replay's failures into exclusions and findings.
    fn absorb(&mut self, root: &Path, generated: &BTreeSet<String>, r: Replay) -> Step {
        let mut progressed = false;
        let mut regenerate = false;
        let mut again = BTreeSet::new();
        for b in &r.build_failures {
            if generated.contains(&b.import_path)
                && self.exclude.packages.insert(b.import_path.clone())
            {
                progressed = true;
                regenerate = true;
                self.findings.push(Finding {
                    package: b.import_path.clone(),
                    fuzz_test: crate::plan::GENERATED_TEST_FILE.to_string(),
                    seed: String::new(),
                    kind: FailureKind::BuildFail,
                    output: b.output.clone(),
                    may_be_harness_artifact: false,
                    corpus: None,
                });
            }
        }
        for f in r.failures {
            let Some((fuzz, seed)) = f.test.split_once('/') else {
                continue;
            };
            let key = (f.package.clone(), fuzz.to_string());
            if f.kind == FailureKind::Fail
                && f.output.contains(PROPERTY_FAILURE)
                && self.candidates.contains(&key)
            {
                if self.drop_property(key, &f.output) {
                    progressed = true;
                    regenerate = true;
                }
                continue;
            }
            if seed.starts_with("seed#") && self.user_fuzz.contains(&key) {
                if self.user_seed_failed(&f) {
                    progressed = true;
                    regenerate = true;
                }
                continue;
            }
            let mut corpus = None;
            let new = if seed.starts_with("seed#") {
                regenerate = true;
                self.exclude.harnesses.insert(key)
            } else {
                corpus = corpus_text(remove_seed(root, fuzz, seed));
                self.exclude
                    .seeds
                    .insert((f.package.clone(), fuzz.to_string(), seed.to_string()))
            };
            if new {
                progressed = true;
                again.insert(f.package.clone());
                self.findings.push(Finding {
                    package: f.package,
                    fuzz_test: fuzz.to_string(),
                    seed: seed.to_string(),
                    kind: f.kind,
                    output: f.output,
                    may_be_harness_artifact: false,
                    corpus,
                });
            }
        }
        if progressed {
            return if regenerate {
                Step::Regenerate
            } else {
                Step::Again(again)
            };
        }
        if r.failed_packages.is_empty() {
            return Step::Clean;
        }
        self.notes.push(format!(
            "plain go test still fails in {} after leaving out the failing seeds and harnesses; \
             the failures may come from the module itself",
            r.failed_packages
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
        Step::Stuck
    }

    /// Every seed that breaks a round-trip property fails in the same replay (t.Fatalf, no
    /// panic): the first drops the property (not a finding), the others change nothing.
    /// Returns whether it was dropped now.
    fn drop_property(&mut self, key: (String, String), output: &str) -> bool {
        if self.dropped.contains_key(&key) {
            return false;
        }
        let line = output
            .lines()
            .find(|l| l.contains(PROPERTY_FAILURE))
            .unwrap_or("")
            .trim()
            .to_string();
        self.exclude.properties.insert(key.clone(), false);
        self.dropped.insert(key, line);
        true
    }

    /// The check ran out of rounds ([`MAX_ROUNDS`]; a replay stops at a package's first
    /// panicking seed, so each round finds at most one per package): the harness files of the
    /// generated packages still failing are left out, so that nothing breaking `go test` is
    /// written. The failures found so far are findings already.
    fn give_up(&mut self, still_failing: &BTreeSet<String>) {
        let left_out: Vec<String> = still_failing
            .iter()
            .filter(|p| self.exclude.packages.insert((*p).clone()))
            .cloned()
            .collect();
        if !left_out.is_empty() {
            self.notes.push(format!(
                "pre-flight check: still failing after {MAX_ROUNDS} rounds, harness files left out of: {}",
                left_out.join(", ")
            ));
        }
    }

    /// The user's own f.Add seed fails only with heatseed's files present: a generated harness
    /// left package state changed (one the hazard analysis cannot see, such as a method call on
    /// a package variable). Leaves the package's harness file out; returns whether that is new.
    fn user_seed_failed(&mut self, f: &testjson::TestFailure) -> bool {
        if !self.exclude.packages.insert(f.package.clone()) {
            return false;
        }
        self.findings.push(Finding {
            package: f.package.clone(),
            fuzz_test: crate::plan::GENERATED_TEST_FILE.to_string(),
            seed: String::new(),
            kind: f.kind,
            output: format!(
                "your {} fails when heatseed's harnesses of this package run before it (a \
                 harness leaves package state changed); the harness file is left out\n{}",
                f.test, f.output
            ),
            may_be_harness_artifact: false,
            corpus: None,
        });
        true
    }
}

/// Removes `testdata/fuzz/<fuzz>/<seed>` wherever it is below `root` (the scratch copy); returns
/// the bytes of the first file removed.
fn remove_seed(root: &Path, fuzz: &str, seed: &str) -> Option<Vec<u8>> {
    let mut removed = None;
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
            if removed.is_none() {
                removed = std::fs::read(p).ok();
            }
            let _ = std::fs::remove_file(p);
        }
    }
    removed
}

/// A seed file's bytes as the text of a corpus file (`go test fuzz v1` files are ASCII; anything
/// else is not kept).
fn corpus_text(bytes: Option<Vec<u8>>) -> Option<String> {
    bytes
        .and_then(|b| String::from_utf8(b).ok())
        .filter(|t| t.starts_with("go test fuzz v1"))
}

/// The packages grouped by the module that holds them, as directories of the scratch copy:
/// `go test` runs inside each module (at a `go.work` root, `./...` matches nothing).
fn by_module(
    module_root: &Path,
    scratch_root: &Path,
    modules: &ModuleMap,
    packages: &BTreeSet<String>,
) -> BTreeMap<PathBuf, Vec<String>> {
    let mut out: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for p in packages {
        let m = modules.modules().iter().find(|m| {
            p == &m.path
                || p.strip_prefix(m.path.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        });
        let dir = m
            .and_then(|m| m.dir.strip_prefix(module_root).ok())
            .map_or_else(|| scratch_root.to_path_buf(), |rel| scratch_root.join(rel));
        out.entry(dir).or_default().push(p.clone());
    }
    out
}

/// `go test -count=1 -timeout=<T> -run '^Fuzz' -json <packages>` in each module of the scratch
/// copy, results merged. A run killed at heatseed's hard limit reports its running subtests as
/// hangs; a `go` that cannot run, or fails without saying which package, is an error.
fn replay_packages(
    module_root: &Path,
    scratch_root: &Path,
    modules: &ModuleMap,
    packages: &BTreeSet<String>,
) -> Result<Replay> {
    let mut all = Replay::default();
    for (dir, pkgs) in by_module(module_root, scratch_root, modules, packages) {
        let out = GoCommand::test_replay(pkgs.len())
            .args(["-run", "^Fuzz", "-json"])
            .args(&pkgs)
            .dir(&dir)
            .run()?;
        let mut r = testjson::parse(&out.stdout);
        if out.exit == Exit::TimedOut {
            for f in &mut r.failures {
                f.kind = FailureKind::Hang;
                f.output
                    .push_str("\n(killed by heatseed at its hard time limit)\n");
            }
        }
        let said_nothing =
            r.failures.is_empty() && r.build_failures.is_empty() && r.failed_packages.is_empty();
        if !out.success() && said_nothing {
            return Err(Error::Toolchain(format!(
                "pre-flight check: go test in {} {}:\n{}\n(--no-check skips the check and writes unchecked files)",
                dir.display(),
                if out.exit == Exit::TimedOut { "hit the time limit" } else { "failed" },
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        all.failures.extend(r.failures);
        all.build_failures.extend(r.build_failures);
        all.failed_packages.extend(r.failed_packages);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heatmap::Module;

    fn state() -> State {
        State {
            exclude: Default::default(),
            findings: Vec::new(),
            candidates: [("m/p".to_string(), "FuzzEncode".to_string())].into(),
            dropped: BTreeMap::new(),
            notes: Vec::new(),
            user_fuzz: [("m/p".to_string(), "FuzzUser".to_string())].into(),
            no_corpus: BTreeSet::new(),
        }
    }

    #[test]
    fn a_failing_user_seed_leaves_the_package_harness_out_once() {
        let mut st = state();
        let generated: BTreeSet<String> = ["m/p".to_string()].into();
        let replay = || Replay {
            failures: vec![failure("FuzzUser/seed#0", FailureKind::Fail, "dirty")],
            build_failures: vec![],
            failed_packages: ["m/p".to_string()].into(),
        };
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            st.absorb(dir.path(), &generated, replay()),
            Step::Regenerate
        ));
        assert!(st.exclude.packages.contains("m/p"));
        assert!(st.exclude.harnesses.is_empty());
        assert_eq!(st.findings.len(), 1);
        assert_eq!(st.findings[0].fuzz_test, crate::plan::GENERATED_TEST_FILE);
        assert!(st.findings[0].output.contains("FuzzUser/seed#0"));
        // Still failing without heatseed's harness: the module's own failure.
        assert!(matches!(
            st.absorb(dir.path(), &generated, replay()),
            Step::Stuck
        ));
        assert_eq!(st.findings.len(), 1);
    }

    fn failure(test: &str, kind: FailureKind, output: &str) -> testjson::TestFailure {
        testjson::TestFailure {
            package: "m/p".into(),
            test: test.into(),
            kind,
            output: output.into(),
        }
    }

    #[test]
    fn build_failures_exclude_the_package_harness_and_properties_are_dropped_once() {
        let mut st = state();
        let generated: BTreeSet<String> = ["m/p".to_string()].into();
        let r = Replay {
            failures: vec![
                failure(
                    "FuzzEncode/seed#0",
                    FailureKind::Fail,
                    "x.go:3: heatseed round trip: a",
                ),
                failure(
                    "FuzzEncode/0123",
                    FailureKind::Fail,
                    "x.go:3: heatseed round trip: b",
                ),
                failure(
                    "FuzzGo/seed#0",
                    FailureKind::Hang,
                    "panic: test timed out after 5s",
                ),
            ],
            build_failures: vec![
                testjson::BuildFailure {
                    import_path: "m/p".into(),
                    output: "# m/p\np/heatseed_fuzz_test.go:9:2: undefined: x\n".into(),
                },
                testjson::BuildFailure {
                    import_path: "m/other".into(),
                    output: "# m/other\n".into(),
                },
            ],
            failed_packages: ["m/p".to_string(), "m/other".to_string()].into(),
        };
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            st.absorb(dir.path(), &generated, r),
            Step::Regenerate
        ));
        assert!(st.exclude.packages.contains("m/p"));
        assert!(!st.exclude.packages.contains("m/other"));
        let kinds: Vec<(FailureKind, &str)> = st
            .findings
            .iter()
            .map(|f| (f.kind, f.fuzz_test.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (FailureKind::BuildFail, crate::plan::GENERATED_TEST_FILE),
                (FailureKind::Hang, "FuzzGo")
            ]
        );
        let key = ("m/p".to_string(), "FuzzEncode".to_string());
        assert_eq!(st.exclude.properties.get(&key), Some(&false));
        assert_eq!(st.dropped[&key], "x.go:3: heatseed round trip: a");
        assert!(st
            .exclude
            .harnesses
            .contains(&("m/p".to_string(), "FuzzGo".to_string())));
        // Nothing new: the remaining failure is the module's own, noted.
        let again = Replay {
            failures: vec![],
            build_failures: vec![testjson::BuildFailure {
                import_path: "m/other".into(),
                output: String::new(),
            }],
            failed_packages: ["m/other".to_string()].into(),
        };
        assert!(matches!(
            st.absorb(dir.path(), &generated, again),
            Step::Stuck
        ));
        assert!(st.notes[0].contains("m/other"));
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_package_clean_in_one_round_is_not_replayed_after_a_regeneration() {
        // Round 1: m/p fails (a harness's zero seed), m/q fails to build, m/r and m/s are clean.
        let wanted = set(&["m/p", "m/q", "m/r", "m/s"]);
        let r = Replay {
            failures: vec![failure("FuzzX/seed#0", FailureKind::Fail, "boom")],
            build_failures: vec![testjson::BuildFailure {
                import_path: "m/q".into(),
                output: "# m/q\n".into(),
            }],
            failed_packages: set(&["m/p", "m/q", "m/s"]),
        };
        // m/s reported fail without a parsed failure (e.g. its TestMain): not clean either.
        let settled: BTreeSet<String> = clean_packages(&wanted, &r).into_iter().collect();
        assert_eq!(settled, set(&["m/r"]));
        // Round 2 (regenerated, m/q's harness left out): m/t reused from the state directory.
        let generated = set(&["m/p", "m/r", "m/s", "m/t"]);
        assert_eq!(
            still_to_replay(&generated, &set(&["m/t"]), &settled),
            set(&["m/p", "m/s"])
        );
        // Nothing settled yet: everything not reused.
        assert_eq!(
            still_to_replay(&generated, &set(&["m/t"]), &BTreeSet::new()),
            set(&["m/p", "m/r", "m/s"])
        );
    }

    #[test]
    fn running_out_of_rounds_leaves_the_still_failing_packages_out() {
        let mut st = state();
        st.exclude.packages.insert("m/built".to_string());
        st.give_up(&set(&["m/p", "m/built"]));
        assert!(st.exclude.packages.contains("m/p"));
        assert_eq!(st.notes.len(), 1);
        // Only the newly left-out package is named.
        assert!(st.notes[0].ends_with(": m/p"), "{}", st.notes[0]);
        // Nothing still failing: nothing left out, no note.
        let mut clean = state();
        clean.give_up(&BTreeSet::new());
        assert!(clean.exclude.packages.is_empty() && clean.notes.is_empty());
    }

    #[test]
    fn packages_are_replayed_inside_their_own_module() {
        let root = Path::new("/w");
        let modules = ModuleMap::from_modules(vec![
            Module {
                path: "example.com/a".into(),
                dir: "/w/a".into(),
            },
            Module {
                path: "example.com/a/sub".into(),
                dir: "/w/a/sub".into(),
            },
            Module {
                path: "example.com/b".into(),
                dir: "/w/b".into(),
            },
        ]);
        let pkgs: BTreeSet<String> = [
            "example.com/a",
            "example.com/a/x",
            "example.com/a/sub/y",
            "example.com/b/z",
            "example.com/ab",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let got = by_module(root, Path::new("/s"), &modules, &pkgs);
        let want: BTreeMap<PathBuf, Vec<String>> = [
            ("/s", vec!["example.com/ab"]),
            ("/s/a", vec!["example.com/a", "example.com/a/x"]),
            ("/s/a/sub", vec!["example.com/a/sub/y"]),
            ("/s/b", vec!["example.com/b/z"]),
        ]
        .iter()
        .map(|(d, v)| (PathBuf::from(d), v.iter().map(|s| s.to_string()).collect()))
        .collect();
        assert_eq!(got, want);
    }
}
