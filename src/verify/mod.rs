//! Verification: do the seeds reach the cold code? Replays every fuzz test's seeds with plain
//! `go test -run '^Fuzz'` (no fuzzing; per module, through [`crate::toolchain`]) in three
//! scratch copies of the module and counts how many of the statements that were cold in the
//! analysed profile each run covers:
//!
//! - *user*: the module as the user wrote it: no heatseed file at all (no generated harness,
//!   no corpus file heatseed wrote in this or an earlier run);
//! - *without seeds*: the user's module plus heatseed's harnesses, each with only its own
//!   zero-value `f.Add` seed (the same harnesses, no heatseed corpus file): the fair baseline;
//! - *with seeds*: everything as written.
//!
//! Counted per seeded function for its own cold statements and for its *reach*: the cold
//! statements of every module function it reaches through calls, itself included.
//!
//! Per seed: [`seedcover`] measures what one corpus file covers (one coverage-instrumented test
//! binary per package, one run per seed), [`cover`] is the greedy minimal cover, and
//! [`minimize`] decides which of a generation run's seeds to keep; [`refine`] runs the
//! refinement rounds that attack the goals still cold from the seeds that got closest.

pub mod cover;
pub mod minimize;
pub mod refine;
mod run;
pub mod seedcover;
pub mod trim;

use crate::error::{Error, Result};
use crate::heatmap::{self, Block, ModuleMap};
use crate::targets::{rank, Analysis, FuncId, Heat};
use crate::toolchain::{self, GoCommand};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

/// Cold statements covered in each of the three runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Covered {
    pub cold_statements: u64,
    /// The module without any heatseed file.
    pub covered_by_user_tests: u64,
    /// Heatseed's harnesses with their zero-value seed only.
    pub covered_without_seeds: u64,
    pub covered_with_seeds: u64,
}

impl Covered {
    fn add(&mut self, o: &Covered) {
        self.cold_statements += o.cold_statements;
        self.covered_by_user_tests += o.covered_by_user_tests;
        self.covered_without_seeds += o.covered_without_seeds;
        self.covered_with_seeds += o.covered_with_seeds;
    }
}

/// One seeded function: its own cold statements, and those of everything it reaches.
#[derive(Clone, Debug, Serialize)]
pub struct TargetCoverage {
    pub target: String,
    pub package: String,
    pub cold_statements: u64,
    pub covered_by_user_tests: u64,
    pub covered_without_seeds: u64,
    pub covered_with_seeds: u64,
    /// Over the function and every module function it reaches through calls.
    pub reach: Covered,
}

#[derive(Clone, Debug, Serialize)]
pub struct Measurement {
    pub targets: Vec<TargetCoverage>,
    pub cold_statements: u64,
    pub covered_by_user_tests: u64,
    pub covered_without_seeds: u64,
    pub covered_with_seeds: u64,
    /// Over the union of the seeded functions' reach (each function counted once).
    pub reach: Covered,
    /// `go test` output lines of failing fuzz tests in the run with seeds (seeds that make a
    /// target fail are findings).
    pub failures: Vec<String>,
}

impl Measurement {
    pub fn fraction_without(&self) -> f64 {
        self.covered_without_seeds as f64 / self.cold_statements.max(1) as f64
    }
    pub fn fraction_with(&self) -> f64 {
        self.covered_with_seeds as f64 / self.cold_statements.max(1) as f64
    }
}

/// Seed files (relative to the root) that `.heatseed/manifest.json` lists: heatseed's corpus
/// files of an earlier run. Read before a run overwrites the manifest.
pub fn manifest_files(root: &Path) -> Vec<PathBuf> {
    let Ok(bytes) = std::fs::read(root.join(".heatseed").join("manifest.json")) else {
        return Vec::new();
    };
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Vec::new();
    };
    v["seeds"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["file"].as_str())
                .map(PathBuf::from)
                .filter(|p| is_plain_relative(p))
                .collect()
        })
        .unwrap_or_default()
}

/// A relative path without `..`: safe to join under a scratch root.
pub fn is_plain_relative(p: &Path) -> bool {
    p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Measures the seeds written under `module_root` (`seed_files`: heatseed's corpus files,
/// relative to the root) for the functions `seeded` of the analysis made before they were
/// written.
pub fn measure(
    a: &Analysis,
    module_root: &Path,
    seeded: &[FuncId],
    seed_files: &[PathBuf],
) -> Result<Measurement> {
    let scratch = toolchain::scratch_dir("heatseed-verify-")?;
    let with = scratch.path().join("with");
    let without = scratch.path().join("without");
    let user = scratch.path().join("user");
    for dst in [&with, &without, &user] {
        crate::writers::fsio::copy_tree(module_root, dst).map_err(|e| Error::io(dst, e))?;
    }
    for dir in [&without, &user] {
        for f in seed_files.iter().filter(|f| is_plain_relative(f)) {
            let p = dir.join(f);
            if p.is_file() {
                std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
            }
        }
    }
    remove_generated_go_files(&user)?;
    let packages = a
        .functions
        .iter()
        .map(|h| h.package.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    let (with_blocks, failures) = replay(&with, packages)?;
    let (without_blocks, _) = replay(&without, packages)?;
    let (user_blocks, _) = replay(&user, packages)?;
    let runs = Runs {
        user: &user_blocks,
        without: &without_blocks,
        with: &with_blocks,
    };

    let graph = a.call_graph();
    let reach_sets = rank::reach_sets(&graph);
    let mut out = Measurement {
        targets: Vec::new(),
        cold_statements: 0,
        covered_by_user_tests: 0,
        covered_without_seeds: 0,
        covered_with_seeds: 0,
        reach: Covered::default(),
        failures,
    };
    let mut reached_all: BTreeSet<usize> = BTreeSet::new();
    let unique: BTreeSet<FuncId> = seeded.iter().copied().collect();
    for id in unique {
        let h = a.heat(id);
        let own = runs.count(a, id);
        let mut reach = own;
        if let Ok(i) = a.functions.binary_search_by_key(&id, |h| h.id) {
            reached_all.insert(i);
            for j in reach_sets[i].iter().filter(|&j| j != i) {
                reach.add(&runs.count(a, a.functions[j].id));
                reached_all.insert(j);
            }
        }
        out.cold_statements += own.cold_statements;
        out.covered_by_user_tests += own.covered_by_user_tests;
        out.covered_without_seeds += own.covered_without_seeds;
        out.covered_with_seeds += own.covered_with_seeds;
        out.targets.push(TargetCoverage {
            target: h.qualified.clone(),
            package: h.package.clone(),
            cold_statements: own.cold_statements,
            covered_by_user_tests: own.covered_by_user_tests,
            covered_without_seeds: own.covered_without_seeds,
            covered_with_seeds: own.covered_with_seeds,
            reach,
        });
    }
    for i in reached_all {
        out.reach.add(&runs.count(a, a.functions[i].id));
    }
    Ok(out)
}

/// Removes every Go file under `root` that starts with heatseed's generated header.
pub(crate) fn remove_generated_go_files(root: &Path) -> Result<()> {
    for e in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let p = e.path();
        if e.file_type().is_file()
            && p.extension().is_some_and(|x| x == "go")
            && std::fs::read(p).is_ok_and(|b| crate::writers::fsio::is_generated(&b))
        {
            std::fs::remove_file(p).map_err(|err| Error::io(p, err))?;
        }
    }
    Ok(())
}

type BlockCounts = HashMap<(String, crate::span::CoverRange), u64>;

/// Block counts of the three runs.
struct Runs<'a> {
    user: &'a BlockCounts,
    without: &'a BlockCounts,
    with: &'a BlockCounts,
}

impl Runs<'_> {
    /// A function's cold statements and how many each run covered.
    fn count(&self, a: &Analysis, id: FuncId) -> Covered {
        let h = a.heat(id);
        let mut c = Covered::default();
        for b in h.blocks.iter().filter(|b| b.heat == Heat::Cold) {
            let key = (h.file.clone(), b.block.range);
            let n = b.block.num_stmt as u64;
            let hit = |m: &BlockCounts| m.get(&key).is_some_and(|&c| c > 0);
            c.cold_statements += n;
            c.covered_by_user_tests += if hit(self.user) { n } else { 0 };
            c.covered_without_seeds += if hit(self.without) { n } else { 0 };
            c.covered_with_seeds += if hit(self.with) { n } else { 0 };
        }
        c
    }
}

/// `go test -count=1 -run '^Fuzz' -covermode=count -coverprofile` in every module of `dir` (a
/// `go.work` workspace has no package at its root): block counts by (profile file name,
/// range), and the failure lines.
fn replay(dir: &Path, packages: usize) -> Result<(BlockCounts, Vec<String>)> {
    let modules = ModuleMap::discover(dir)?;
    let mut dirs: Vec<PathBuf> = modules
        .modules()
        .iter()
        .map(|m| m.dir.clone())
        .filter(|d| d.starts_with(dir))
        .collect();
    if dirs.is_empty() {
        dirs.push(dir.to_path_buf());
    }
    dirs.sort();
    let mut raw = Vec::new();
    let mut failures = Vec::new();
    for (i, m) in dirs.iter().enumerate() {
        let prof = dir.join(format!(".heatseed-replay-{i}.out"));
        let out = GoCommand::test_replay(packages)
            .args(["-run", "^Fuzz", "-covermode=count"])
            .arg(format!("-coverprofile={}", prof.display()))
            .arg("./...")
            .dir(m)
            .run()?;
        let text = out.text();
        failures.extend(
            text.lines()
                .filter(|l| l.contains("--- FAIL") || l.starts_with("FAIL") || l.contains("panic:"))
                .map(str::to_string),
        );
        if !prof.is_file() {
            return Err(Error::Toolchain(format!(
                "go test -run '^Fuzz' in {} wrote no profile:\n{text}",
                m.display()
            )));
        }
        let bytes = std::fs::read(&prof).map_err(|e| Error::io(&prof, e))?;
        raw.push(heatmap::parse_profile(&prof, &bytes)?);
    }
    let merged = heatmap::merge_profiles(raw)?;
    let mut counts = BlockCounts::new();
    for (file, blocks) in merged.files {
        for Block { range, count, .. } in blocks {
            counts.insert((file.clone(), range), count);
        }
    }
    Ok((counts, failures))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_files_are_relative_and_never_escape() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join(".heatseed")).unwrap();
        std::fs::write(
            d.path().join(".heatseed/manifest.json"),
            r#"{"schema":"heatseed.manifest/v1","seeds":[{"file":"p/testdata/fuzz/FuzzA/0123"},{"file":"/abs/x"},{"file":"../up"}]}"#,
        )
        .unwrap();
        assert_eq!(
            manifest_files(d.path()),
            vec![PathBuf::from("p/testdata/fuzz/FuzzA/0123")]
        );
        assert!(manifest_files(&d.path().join("missing")).is_empty());
    }

    #[test]
    fn generated_go_files_are_removed_and_user_files_kept() {
        let d = tempfile::tempdir().unwrap();
        let gen = d.path().join("p/heatseed_fuzz_test.go");
        let mine = d.path().join("p/mine_test.go");
        std::fs::create_dir_all(gen.parent().unwrap()).unwrap();
        std::fs::write(
            &gen,
            "// Code generated by heatseed. DO NOT EDIT.\n\npackage p\n",
        )
        .unwrap();
        std::fs::write(
            &mine,
            "package p\n// Code generated by heatseed. DO NOT EDIT.\n",
        )
        .unwrap();
        remove_generated_go_files(d.path()).unwrap();
        assert!(!gen.exists());
        assert!(mine.exists());
    }
}
