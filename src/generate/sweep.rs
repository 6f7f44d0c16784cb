//! The pre-flight check's sweep of packages whose replay died: a seed that panics or hangs ends
//! its package's test binary, so a `go test -run '^Fuzz'` replay names at most one such seed per
//! package and every fuzz test after it goes unchecked. The sweep runs the rest of such a
//! package one piece at a time against its test binary (built once, as the seed measurement
//! does): the `f.Add` seeds of every generated fuzz test (`-test.run='^FuzzX$/^seed#'`) and
//! every corpus file alone. Whatever fails there joins the replay's failures, so the check
//! leaves all of them out in one round instead of one per round.

use crate::heatmap::ModuleMap;
use crate::toolchain::testjson::{FailureKind, Replay, TestFailure};
use crate::verify::seedcover::{CandidateFile, Measurer, RunFailure};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Sweeps every package of `replay` that a panic or a hang killed (see the module doc) and adds
/// what fails to `replay`. `harnesses` maps an import path to its generated fuzz tests. Corpus
/// files of a fuzz test whose `f.Add` seeds fail are not run (the harness goes with them). A
/// package whose binary does not build stays as the replay reported it.
pub(super) fn sweep_killed_packages(
    module_root: &Path,
    scratch_root: &Path,
    modules: &ModuleMap,
    harnesses: &BTreeMap<String, BTreeSet<String>>,
    replay: &mut Replay,
) {
    let killed: BTreeSet<String> = replay
        .failures
        .iter()
        .filter(|f| matches!(f.kind, FailureKind::Panic | FailureKind::Hang))
        .map(|f| f.package.clone())
        .collect();
    if killed.is_empty() {
        return;
    }
    let dirs: BTreeMap<String, PathBuf> = killed
        .iter()
        .filter_map(|p| Some((p.clone(), package_dir(module_root, modules, p)?)))
        .collect();
    let Ok(mut m) = Measurer::new(scratch_root, Default::default()) else {
        return;
    };
    // A package that does not build is left to the replay's rounds.
    let _ = m.prebuild(&dirs.values().cloned().collect::<Vec<_>>());
    let mut broken = harnesses_failing_on_seeds(replay);
    for f in probe_added_seeds(&m, &dirs, harnesses, &broken) {
        if let Some((fuzz, _)) = f.test.split_once('/') {
            broken.insert((f.package.clone(), fuzz.to_string()));
        }
        add(replay, f);
    }
    for f in run_corpus_files(&mut m, scratch_root, &dirs, &broken, replay) {
        add(replay, f);
    }
}

/// (import path, fuzz test) of the fuzz tests the replay saw fail on an `f.Add` seed.
fn harnesses_failing_on_seeds(replay: &Replay) -> BTreeSet<(String, String)> {
    replay
        .failures
        .iter()
        .filter_map(|f| {
            let (fuzz, seed) = f.test.split_once('/')?;
            seed.starts_with("seed#")
                .then(|| (f.package.clone(), fuzz.to_string()))
        })
        .collect()
}

/// Runs the `f.Add` seeds of each generated fuzz test of the swept packages not known to fail
/// yet, one fuzz test per run; returns the failures (the first failing seed of each).
fn probe_added_seeds(
    m: &Measurer,
    dirs: &BTreeMap<String, PathBuf>,
    harnesses: &BTreeMap<String, BTreeSet<String>>,
    broken: &BTreeSet<(String, String)>,
) -> Vec<TestFailure> {
    let probes: Vec<(&String, &PathBuf, &String)> = dirs
        .iter()
        .flat_map(|(pkg, dir)| {
            harnesses
                .get(pkg)
                .into_iter()
                .flatten()
                .filter(move |fuzz| !broken.contains(&(pkg.clone(), (*fuzz).clone())))
                .map(move |fuzz| (pkg, dir, fuzz))
        })
        .collect();
    probes
        .par_iter()
        .filter_map(|(pkg, dir, fuzz)| {
            let Ok(Err(f)) = m.run_built(dir, &format!("^{fuzz}$/^seed#"))? else {
                return None;
            };
            let test = failing_subtest(&f.output, fuzz).unwrap_or_else(|| format!("{fuzz}/seed#0"));
            failure(pkg, test, f)
        })
        .collect()
}

/// Runs every corpus file of the swept packages the replay did not already name, alone;
/// returns the failures.
fn run_corpus_files(
    m: &mut Measurer,
    scratch_root: &Path,
    dirs: &BTreeMap<String, PathBuf>,
    broken: &BTreeSet<(String, String)>,
    replay: &Replay,
) -> Vec<TestFailure> {
    let known: BTreeSet<(&str, &str)> = replay
        .failures
        .iter()
        .map(|f| (f.package.as_str(), f.test.as_str()))
        .collect();
    let mut files: Vec<(String, CandidateFile)> = Vec::new();
    for (pkg, dir) in dirs.iter().filter(|(_, d)| m.is_built(d)) {
        for c in corpus_files(scratch_root, dir) {
            let test = format!("{}/{}", c.fuzz_test, c.name);
            if !known.contains(&(pkg.as_str(), test.as_str()))
                && !broken.contains(&(pkg.clone(), c.fuzz_test.clone()))
            {
                files.push((pkg.clone(), c));
            }
        }
    }
    let cands: Vec<CandidateFile> = files.iter().map(|(_, c)| c.clone()).collect();
    let Ok(runs) = m.measure(&cands) else {
        return Vec::new();
    };
    files
        .into_iter()
        .zip(runs)
        .filter_map(|((pkg, c), r)| {
            let f = r.outcome.err()?;
            failure(&pkg, format!("{}/{}", c.fuzz_test, c.name), f)
        })
        .collect()
}

/// A failing run as a replay failure; `None` when the run did not fail the test (the subtest
/// did not run at all).
fn failure(package: &str, test: String, f: RunFailure) -> Option<TestFailure> {
    if f.output.starts_with(&format!("{test} did not run")) {
        return None;
    }
    Some(TestFailure {
        package: package.to_string(),
        test,
        kind: FailureKind::of_run(f.timed_out, &f.output),
        output: f.output,
    })
}

fn add(replay: &mut Replay, f: TestFailure) {
    replay.failed_packages.insert(f.package.clone());
    replay.failures.push(f);
}

/// `FuzzX/seed#N` of the first `--- FAIL: FuzzX/seed#N` line of a run's output.
fn failing_subtest(output: &str, fuzz: &str) -> Option<String> {
    let prefix = format!("{fuzz}/seed#");
    output.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix("--- FAIL: ")?;
        let name = rest.split_whitespace().next()?;
        name.starts_with(&prefix).then(|| name.to_string())
    })
}

/// The directory of package `import_path`, relative to the module root (of its module in
/// `modules`); `None` for a package of no module there.
pub(super) fn package_dir(
    module_root: &Path,
    modules: &ModuleMap,
    import_path: &str,
) -> Option<PathBuf> {
    let m = modules.modules().iter().find(|m| {
        import_path == m.path
            || import_path
                .strip_prefix(m.path.as_str())
                .is_some_and(|r| r.starts_with('/'))
    })?;
    let rel = m.dir.strip_prefix(module_root).ok()?;
    let sub = import_path[m.path.len()..].trim_start_matches('/');
    Some(rel.join(sub))
}

/// The corpus files `<dir>/testdata/fuzz/<FuzzX>/<name>` under `root`, sorted.
pub(super) fn corpus_files(root: &Path, dir: &Path) -> Vec<CandidateFile> {
    let fuzz = root.join(dir).join("testdata").join("fuzz");
    let mut out: Vec<CandidateFile> = walkdir::WalkDir::new(&fuzz)
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| CandidateFile::from_rel(e.path().strip_prefix(root).ok()?))
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_failing_added_seed_is_named_from_the_output() {
        let out = "=== RUN   FuzzA\n=== RUN   FuzzA/seed#0\n=== RUN   FuzzA/seed#1\n    --- FAIL: FuzzA/seed#1 (0.00s)\n--- FAIL: FuzzA (0.00s)\npanic: boom\n";
        assert_eq!(
            failing_subtest(out, "FuzzA").as_deref(),
            Some("FuzzA/seed#1")
        );
        assert_eq!(failing_subtest(out, "FuzzAB"), None);
        assert_eq!(failing_subtest("--- FAIL: FuzzA (0.00s)\n", "FuzzA"), None);
    }

    #[test]
    fn a_subtest_that_did_not_run_is_no_failure() {
        let f = |output: &str, timed_out| RunFailure {
            timed_out,
            output: output.to_string(),
        };
        assert!(failure("m/p", "FuzzA/x".into(), f("FuzzA/x did not run\n", false)).is_none());
        let k = |o, t| failure("m/p", "FuzzA/x".into(), f(o, t)).map(|f| f.kind);
        assert_eq!(
            k("exit status 2\npanic: boom", false),
            Some(FailureKind::Panic)
        );
        assert_eq!(k("timed out\n", true), Some(FailureKind::Hang));
        assert_eq!(
            k("exit status 1\n    x_test.go:9: bad", false),
            Some(FailureKind::Fail)
        );
    }
}
