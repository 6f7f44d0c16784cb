//! Builds the [`RunSummary`] from what the phases measured: per package and file the blocks
//! with their four counts (tests, coverdir, seeds, fuzzing), the totals, and the ranked
//! targets with their cold blocks, guards, the seeds aimed at each block and whether the
//! seeds or the fuzzer flipped it.

use super::heat::BlockCounts;
use super::rerank::Ranked;
use super::summary::*;
use crate::generate::Report;
use crate::targets::{Analysis, FuncId, Heat};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The counts of every source, keyed like [`BlockCounts`].
pub struct Counts<'a> {
    pub coverdir: &'a BlockCounts,
    pub seeds: &'a BlockCounts,
    /// `None` when no fuzzing ran: the seeds' counts stand in.
    pub fuzz: Option<&'a BlockCounts>,
}

impl Counts<'_> {
    fn get(m: &BlockCounts, file: &str, r: crate::span::CoverRange) -> u64 {
        m.get(&(file.to_string(), r)).copied().unwrap_or(0)
    }
    fn block(&self, file: &str, b: &crate::heatmap::Block) -> BlockReport {
        let seeds = Self::get(self.seeds, file, b.range);
        BlockReport {
            start_line: b.range.start.line,
            start_col: b.range.start.col,
            end_line: b.range.end.line,
            end_col: b.range.end.col,
            statements: b.num_stmt,
            test_count: b.count,
            coverdir_count: Self::get(self.coverdir, file, b.range),
            seeds_count: seeds,
            fuzz_count: self.fuzz.map_or(seeds, |f| Self::get(f, file, b.range)),
        }
    }
}

/// Path of `p` relative to `root`, `/`-separated (the absolute path when outside).
pub fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn add(t: &mut Totals, b: &BlockReport) {
    let n = b.statements as u64;
    t.statements += n;
    if b.test_count == 0 {
        t.cold_before += n;
        if b.seeds_count == 0 {
            t.cold_after_seeds += n;
            if b.fuzz_count == 0 {
                t.cold_after_fuzz += n;
            }
        }
    }
}

/// Packages (import-path order) with every profiled file, and the run's totals.
pub fn packages(a: &Analysis, root: &Path, c: &Counts) -> (Vec<PackageReport>, Totals) {
    let mut by_pkg: BTreeMap<String, PackageReport> = BTreeMap::new();
    for f in &a.files {
        let blocks: Vec<BlockReport> = f
            .heat
            .blocks
            .iter()
            .map(|b| c.block(&f.heat.profile_name, b))
            .collect();
        let p = by_pkg
            .entry(f.heat.import_path.clone())
            .or_insert_with(|| PackageReport {
                import_path: f.heat.import_path.clone(),
                totals: Totals::default(),
                files: Vec::new(),
            });
        for b in &blocks {
            add(&mut p.totals, b);
        }
        p.files.push(FileReport {
            path: rel(root, &f.heat.path),
            source: String::from_utf8_lossy(&std::fs::read(&f.heat.path).unwrap_or_default())
                .into_owned(),
            blocks,
        });
    }
    let mut total = Totals::default();
    for p in by_pkg.values_mut() {
        p.files.sort_by(|x, y| x.path.cmp(&y.path));
        total.statements += p.totals.statements;
        total.cold_before += p.totals.cold_before;
        total.cold_after_seeds += p.totals.cold_after_seeds;
        total.cold_after_fuzz += p.totals.cold_after_fuzz;
    }
    (by_pkg.into_values().collect(), total)
}

/// What generate did with the target `qualified` of `package`.
pub fn outcome_of<'r>(
    rep: &'r Report,
    package: &str,
    qualified: &str,
) -> Option<&'r crate::generate::TargetOutcome> {
    rep.targets
        .iter()
        .find(|o| o.package == package && o.target == qualified)
}

/// The fuzz test a target's seeds went to: the generated `Fuzz<Type>_<Name>` when there is
/// one, else the first that received seeds.
pub fn fuzz_test_of(rep: &Report, package: &str, qualified: &str) -> Option<String> {
    let o = outcome_of(rep, package, qualified)?;
    let generated = format!("Fuzz{}", qualified.replace('.', "_"));
    o.fuzz_tests
        .iter()
        .find(|t| **t == generated)
        .or_else(|| o.fuzz_tests.first())
        .cloned()
}

/// Seed files (relative to the root) aimed at or first reaching each (profile file, block).
fn seeds_by_block(
    rep: &Report,
    a: &Analysis,
    root: &Path,
) -> HashMap<(String, String), Vec<String>> {
    // Function name → its file's profile name, for aims (which name the function, not the file).
    let file_of: HashMap<(&str, &str), &str> = a
        .functions
        .iter()
        .map(|h| ((h.package.as_str(), h.qualified.as_str()), h.file.as_str()))
        .collect();
    let mut out: HashMap<(String, String), Vec<String>> = HashMap::new();
    for e in &rep.manifest {
        let file = rel(root, &e.file);
        let mut keys: Vec<(String, String)> = e
            .first_reached
            .iter()
            .map(|r| (r.file.clone(), r.block.clone()))
            .collect();
        for aim in &e.aims {
            if let Some(f) = file_of.get(&(e.package.as_str(), aim.function.as_str())) {
                keys.push((f.to_string(), aim.block.clone()));
            }
        }
        keys.sort();
        keys.dedup();
        for k in keys {
            let v = out.entry(k).or_default();
            if !v.contains(&file) {
                v.push(file.clone());
            }
        }
    }
    out
}

/// The first `top` targets in run order, with their cold blocks.
pub fn targets(
    a: &Analysis,
    root: &Path,
    rep: &Report,
    ranked: &HashMap<FuncId, Ranked>,
    c: &Counts,
    top: usize,
) -> Vec<TargetReport> {
    let seeds = seeds_by_block(rep, a, root);
    a.targets
        .iter()
        .take(top)
        .map(|t| {
            let h = a.heat(t.id);
            let file = rel(root, &a.files[t.id.file].heat.path);
            let r = ranked.get(&t.id).cloned().unwrap_or_default();
            let cold_blocks = h
                .blocks
                .iter()
                .filter(|b| b.heat == Heat::Cold)
                .map(|b| {
                    let br = c.block(&h.file, &b.block);
                    ColdBlockReport {
                        file: file.clone(),
                        start_line: br.start_line,
                        end_line: br.end_line,
                        statements: br.statements,
                        guard: b.guard.text.clone(),
                        seeds: seeds
                            .get(&(h.file.clone(), b.block.range.to_string()))
                            .cloned()
                            .unwrap_or_default(),
                        flipped_by_seeds: br.seeds_count > 0,
                        flipped_by_fuzzing: br.fuzz_count > 0,
                    }
                })
                .collect();
            TargetReport {
                rank: t.rank as u32,
                package: h.package.clone(),
                function: h.qualified.clone(),
                file: file.clone(),
                line: h.line,
                score: r.score,
                reasons: r.reasons,
                fuzz_test: fuzz_test_of(rep, &h.package, &h.qualified),
                cold_blocks,
            }
        })
        .collect()
}
