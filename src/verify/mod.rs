//! Verification: do the seeds reach the cold code? Replays every fuzz test's seeds with plain
//! `go test -run '^Fuzz'` (no fuzzing) in two scratch copies of the module, one with the seeds
//! heatseed wrote and one without them (the fuzz tests keep only their own `f.Add` seeds: one
//! zero-value seed for generated harnesses), and counts how many of the statements that were
//! cold in the analysed profile each run covers, per target.
//!
//! Per seed: [`seedcover`] measures what one corpus file covers (one coverage-instrumented test
//! binary per package, one run per seed), [`cover`] is the greedy minimal cover, and
//! [`minimize`] decides which of a generation run's seeds to keep.

pub mod cover;
pub mod minimize;
mod run;
pub mod seedcover;

use crate::error::{Error, Result};
use crate::heatmap::{self, Block};
use crate::targets::{Analysis, FuncId, Heat};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Cold statements of one seeded function, covered without and with the seeds.
#[derive(Clone, Debug, Serialize)]
pub struct TargetCoverage {
    pub target: String,
    pub package: String,
    pub cold_statements: u64,
    pub covered_without_seeds: u64,
    pub covered_with_seeds: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Measurement {
    pub targets: Vec<TargetCoverage>,
    pub cold_statements: u64,
    pub covered_without_seeds: u64,
    pub covered_with_seeds: u64,
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

/// Measures the seeds written under `module_root` (`seed_files`: paths relative to the root)
/// for the functions `seeded` of the analysis made before they were written.
pub fn measure(
    a: &Analysis,
    module_root: &Path,
    seeded: &[FuncId],
    seed_files: &[PathBuf],
) -> Result<Measurement> {
    let scratch = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let with = scratch.path().join("with");
    let without = scratch.path().join("without");
    for dst in [&with, &without] {
        crate::writers::fsio::copy_tree(module_root, dst).map_err(|e| Error::io(dst, e))?;
    }
    for f in seed_files {
        let p = without.join(f);
        if p.is_file() {
            std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
        }
    }
    let (with_blocks, failures) = replay(&with)?;
    let (without_blocks, _) = replay(&without)?;

    let mut out = Measurement {
        targets: Vec::new(),
        cold_statements: 0,
        covered_without_seeds: 0,
        covered_with_seeds: 0,
        failures,
    };
    let unique: BTreeSet<FuncId> = seeded.iter().copied().collect();
    for id in unique {
        let h = a.heat(id);
        let mut t = TargetCoverage {
            target: h.qualified.clone(),
            package: h.package.clone(),
            cold_statements: 0,
            covered_without_seeds: 0,
            covered_with_seeds: 0,
        };
        for b in h.blocks.iter().filter(|b| b.heat == Heat::Cold) {
            let key = (h.file.clone(), b.block.range);
            let n = b.block.num_stmt as u64;
            t.cold_statements += n;
            if without_blocks.get(&key).is_some_and(|&c| c > 0) {
                t.covered_without_seeds += n;
            }
            if with_blocks.get(&key).is_some_and(|&c| c > 0) {
                t.covered_with_seeds += n;
            }
        }
        out.cold_statements += t.cold_statements;
        out.covered_without_seeds += t.covered_without_seeds;
        out.covered_with_seeds += t.covered_with_seeds;
        out.targets.push(t);
    }
    Ok(out)
}

type BlockCounts = HashMap<(String, crate::span::CoverRange), u64>;

/// `go test -count=1 -run '^Fuzz' -covermode=count -coverprofile` in `dir`: block counts by
/// (profile file name, range), and the failure lines.
fn replay(dir: &Path) -> Result<(BlockCounts, Vec<String>)> {
    let prof = dir.join(".heatseed-replay.out");
    let out = Command::new("go")
        .args([
            "test",
            "-count=1",
            "-run",
            "^Fuzz",
            "-covermode=count",
            &format!("-coverprofile={}", prof.display()),
            "./...",
        ])
        .current_dir(dir)
        .output()
        .map_err(|e| Error::Toolchain(format!("running go test: {e}")))?;
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let failures: Vec<String> = text
        .lines()
        .filter(|l| l.contains("--- FAIL") || l.starts_with("FAIL") || l.contains("panic:"))
        .map(str::to_string)
        .collect();
    if !prof.is_file() {
        return Err(Error::Toolchain(format!(
            "go test -run '^Fuzz' in {} wrote no profile:\n{text}",
            dir.display()
        )));
    }
    let bytes = std::fs::read(&prof).map_err(|e| Error::io(&prof, e))?;
    let raw = heatmap::parse_profile(&prof, &bytes)?;
    let merged = heatmap::merge_profiles(vec![raw])?;
    let mut counts = BlockCounts::new();
    for (file, blocks) in merged.files {
        for Block { range, count, .. } in blocks {
            counts.insert((file.clone(), range), count);
        }
    }
    Ok((counts, failures))
}

/// Seeded functions and seed files (relative to the root) of a generate report.
pub fn seeded_from(a: &Analysis, report: &crate::generate::Report) -> (Vec<FuncId>, Vec<PathBuf>) {
    let by_name: BTreeMap<(&str, &str), FuncId> = a
        .functions
        .iter()
        .map(|h| ((h.package.as_str(), h.qualified.as_str()), h.id))
        .collect();
    let ids = report
        .targets
        .iter()
        .filter(|t| t.seeds > 0)
        .filter_map(|t| {
            by_name
                .get(&(t.package.as_str(), t.target.as_str()))
                .copied()
        })
        .collect();
    let files = report.manifest.iter().map(|m| m.file.clone()).collect();
    (ids, files)
}
