//! The pre-flight check: generation into a scratch copy of the module, replayed there with
//! plain `go test -run '^Fuzz'`; what fails is left out of the real run and reported.

use super::{
    generate_for, planner_packages, CorpusDest, Finding, Options, PropertyOutcome, Report,
};
use crate::error::{Error, Result};
use crate::targets::Analysis;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    let mut scratch_manifest: Vec<super::ManifestEntry> = Vec::new();
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
            scratch_manifest = rep.manifest;
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
    // Seed minimization: measure every seed in the scratch copy that passed, write only those
    // that reach a cold statement nothing else reaches.
    let mut minimized = None;
    if let (true, None, Some((_, root))) = (opts.minimize, &note, &scratch) {
        use crate::verify::minimize;
        let m = minimize::minimize(a, module_root, root, &scratch_manifest, &Default::default())?;
        minimize::apply(&m, &mut exclude, &mut findings);
        minimized = Some(m);
    }
    let mut o = opts.clone();
    o.exclude = exclude;
    let mut rep = generate_for(a, &packages, module_root, &o, top)?;
    if let Some(m) = minimized.filter(|m| m.candidates > 0) {
        rep.notes.push(m.note());
        rep.notes.extend(m.notes.iter().cloned());
        rep.minimize = Some(m);
    }
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
