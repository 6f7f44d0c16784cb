//! Incremental `generate`: what the pre-flight check decided for a package (seeds and
//! harnesses left out, findings, round-trip properties, the cold blocks each kept seed was the
//! first to reach) is stored in the state directory ([`crate::state`]) under the package's
//! *fingerprint*, and a later run whose package has the same fingerprint takes those decisions
//! instead of replaying and measuring the package again.
//!
//! A package's fingerprint ([`package_fingerprints`]) hashes everything its check depends on:
//! heatseed's code ([`crate::state::code_scope`]) and the generation options, the `go.mod`,
//! `go.sum`, `go.work` files from the module root down to the package, every `.go` file of the
//! package directory (tests included), its `testdata` tree, its blocks in the profile, and the
//! non-test sources and profile blocks of every module package it imports (transitively, test
//! files' imports included), since their cold code becomes its callee goals.

use super::{Exclusions, Finding};
use crate::state::{Hash, KeyHasher, StateDir};
use crate::targets::Analysis;
use crate::verify::minimize::FirstReached;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Kind of the per-package pre-flight entries in the state directory.
pub const CHECK_KIND: &str = "check";

/// The pre-flight decisions about one package.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PackageCheck {
    /// Generated fuzz tests left out (their zero-value seed failed).
    pub harnesses: Vec<String>,
    /// (fuzz test, corpus file name) of seeds left out (failed, hung, or dropped by
    /// minimization).
    pub seeds: Vec<(String, String)>,
    /// Round-trip properties decided: fuzz test, kept.
    pub properties: Vec<(String, bool)>,
    /// The package's generated harness file was left out (did not build).
    pub no_harness_file: bool,
    /// Kept seeds: fuzz test, file name, the cold blocks it was the first to reach.
    pub reached: Vec<(String, String, Vec<FirstReached>)>,
    pub findings: Vec<Finding>,
    /// Fuzz tests proposed with a round-trip property, and why a dropped one was dropped.
    pub candidates: Vec<String>,
    pub dropped: Vec<(String, String)>,
    /// Kept seeds: fuzz test, file name, the round that found it (0: the first).
    #[serde(default)]
    pub rounds: Vec<(String, String, u32)>,
    /// Seeds refinement rounds found and minimization kept.
    #[serde(default)]
    pub refined: Vec<StoredRefined>,
}

/// A refined seed as stored: its values as a native corpus file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredRefined {
    pub fuzz_test: String,
    pub target: String,
    pub round: u32,
    pub parent: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trimmed_from: Option<usize>,
    /// `go test fuzz v1` text of the values ([`crate::writers::native::encode_corpus_file`]).
    pub corpus: String,
}

impl StoredRefined {
    fn of(fuzz_test: &str, r: &crate::verify::refine::RefinedSeed) -> StoredRefined {
        StoredRefined {
            fuzz_test: fuzz_test.to_string(),
            target: r.target.clone(),
            round: r.round,
            parent: r.parent.clone(),
            trimmed_from: r.trimmed_from,
            corpus: String::from_utf8_lossy(&crate::writers::native::encode_corpus_file(&r.values))
                .into_owned(),
        }
    }

    /// The refined seed back; `None` when the stored text no longer decodes.
    fn seed(&self) -> Option<crate::verify::refine::RefinedSeed> {
        let values = crate::writers::native::decode_corpus_file(self.corpus.as_bytes()).ok()?;
        Some(crate::verify::refine::RefinedSeed {
            values,
            target: self.target.clone(),
            round: self.round,
            parent: self.parent.clone(),
            trimmed_from: self.trimmed_from,
        })
    }
}

impl PackageCheck {
    /// The decisions about `pkg` among everything the check decided.
    pub fn extract(
        pkg: &str,
        ex: &Exclusions,
        findings: &[Finding],
        candidates: &BTreeSet<(String, String)>,
        dropped: &BTreeMap<(String, String), String>,
    ) -> PackageCheck {
        let mine = |p: &String| p == pkg;
        PackageCheck {
            harnesses: ex
                .harnesses
                .iter()
                .filter(|(p, _)| mine(p))
                .map(|(_, f)| f.clone())
                .collect(),
            seeds: ex
                .seeds
                .iter()
                .filter(|(p, _, _)| mine(p))
                .map(|(_, f, s)| (f.clone(), s.clone()))
                .collect(),
            properties: ex
                .properties
                .iter()
                .filter(|((p, _), _)| mine(p))
                .map(|((_, f), k)| (f.clone(), *k))
                .collect(),
            no_harness_file: ex.packages.contains(pkg),
            reached: ex
                .reached
                .iter()
                .filter(|((p, _, _), _)| mine(p))
                .map(|((_, f, s), r)| (f.clone(), s.clone(), r.clone()))
                .collect(),
            findings: findings
                .iter()
                .filter(|f| f.package == pkg)
                .cloned()
                .collect(),
            candidates: candidates
                .iter()
                .filter(|(p, _)| mine(p))
                .map(|(_, f)| f.clone())
                .collect(),
            dropped: dropped
                .iter()
                .filter(|((p, _), _)| mine(p))
                .map(|((_, f), why)| (f.clone(), why.clone()))
                .collect(),
            rounds: ex
                .rounds
                .iter()
                .filter(|((p, _, _), _)| mine(p))
                .map(|((_, f, s), r)| (f.clone(), s.clone(), *r))
                .collect(),
            refined: ex
                .refined
                .iter()
                .filter(|((p, _), _)| mine(p))
                .flat_map(|((_, f), v)| v.iter().map(|r| StoredRefined::of(f, r)))
                .collect(),
        }
    }

    /// Adds these decisions about `pkg` to the check's state.
    pub fn merge_into(
        self,
        pkg: &str,
        ex: &mut Exclusions,
        findings: &mut Vec<Finding>,
        candidates: &mut BTreeSet<(String, String)>,
        dropped: &mut BTreeMap<(String, String), String>,
    ) {
        let p = || pkg.to_string();
        ex.harnesses
            .extend(self.harnesses.into_iter().map(|f| (p(), f)));
        ex.seeds
            .extend(self.seeds.into_iter().map(|(f, s)| (p(), f, s)));
        ex.properties
            .extend(self.properties.into_iter().map(|(f, k)| ((p(), f), k)));
        if self.no_harness_file {
            ex.packages.insert(p());
        }
        ex.reached
            .extend(self.reached.into_iter().map(|(f, s, r)| ((p(), f, s), r)));
        findings.extend(self.findings);
        candidates.extend(self.candidates.into_iter().map(|f| (p(), f)));
        dropped.extend(self.dropped.into_iter().map(|(f, w)| ((p(), f), w)));
        ex.rounds
            .extend(self.rounds.into_iter().map(|(f, s, r)| ((p(), f, s), r)));
        for r in &self.refined {
            if let Some(seed) = r.seed() {
                ex.refined
                    .entry((p(), r.fuzz_test.clone()))
                    .or_default()
                    .push(seed);
            }
        }
    }
}

/// The stored decisions for a package fingerprint, if any.
pub fn load(state: &StateDir, fingerprint: &Hash) -> Option<PackageCheck> {
    state.get(CHECK_KIND, crate::state::code_scope(), fingerprint)
}

/// Stores the decisions under a package fingerprint (a failed write is ignored: the next run
/// checks the package again).
pub fn store(state: &StateDir, fingerprint: &Hash, check: &PackageCheck) {
    let _ = state.put(CHECK_KIND, crate::state::code_scope(), fingerprint, check);
}

/// One package directory read for fingerprinting.
struct PackageFiles {
    /// Everything of the package itself (sources, tests, testdata, profile blocks).
    own: Hash,
    /// What importers depend on: non-test sources and profile blocks.
    api: Hash,
    /// Module packages its files (tests included) import.
    imports: BTreeSet<String>,
}

/// The fingerprint of every package of the analysis (by import path); `salt` carries the
/// options the decisions depend on (the caller's `Debug` text of them, build tags, ...).
/// Unreadable files hash as missing, so the fingerprint changes when they become readable.
pub fn package_fingerprints(
    a: &Analysis,
    module_root: &Path,
    salt: &str,
) -> BTreeMap<String, Hash> {
    let mut groups: BTreeMap<String, (PathBuf, Vec<usize>)> = BTreeMap::new();
    for (i, f) in a.files.iter().enumerate() {
        let dir = f.heat.path.parent().unwrap_or(Path::new("")).to_path_buf();
        groups
            .entry(f.heat.import_path.clone())
            .or_insert_with(|| (dir, Vec::new()))
            .1
            .push(i);
    }
    let known: BTreeSet<String> = groups.keys().cloned().collect();
    let read: BTreeMap<String, PackageFiles> = groups
        .par_iter()
        .map(|(pkg, (dir, files))| {
            let blocks: Vec<&crate::heatmap::FileHeat> =
                files.iter().map(|&i| &a.files[i].heat).collect();
            (pkg.clone(), read_package(module_root, dir, &blocks, &known))
        })
        .collect();
    read.iter()
        .map(|(pkg, pf)| {
            let mut k = KeyHasher::new("heatseed.package");
            k.part(crate::state::code_scope()).str(salt).str(pkg);
            k.part(&module_files(module_root, &groups[pkg].0));
            k.part(&pf.own);
            for dep in closure(pkg, &read) {
                k.str(&dep).part(&read[&dep].api);
            }
            (pkg.clone(), k.finish())
        })
        .collect()
}

/// Module packages reachable from `pkg` through imports (not `pkg` itself), sorted.
fn closure(pkg: &str, read: &BTreeMap<String, PackageFiles>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&String> = read[pkg].imports.iter().collect();
    while let Some(p) = todo.pop() {
        if p != pkg && seen.insert(p.clone()) {
            todo.extend(read[p].imports.iter());
        }
    }
    seen
}

/// Hashes of `go.mod`, `go.sum`, `go.work`, `go.work.sum` in `dir` and every directory above
/// it up to `root`.
fn module_files(root: &Path, dir: &Path) -> Hash {
    let mut k = KeyHasher::new("heatseed.module-files");
    let mut d = Some(dir);
    while let Some(cur) = d {
        for name in ["go.mod", "go.sum", "go.work", "go.work.sum"] {
            k.str(name).part(&file_hash(&cur.join(name)));
        }
        if cur == root || !cur.starts_with(root) {
            break;
        }
        d = cur.parent();
    }
    k.finish()
}

/// SHA-256 of a file's bytes; all zero bytes when it cannot be read.
fn file_hash(p: &Path) -> Hash {
    std::fs::read(p).map_or([0; 32], |b| crate::state::sha256(&b))
}

fn read_package(
    module_root: &Path,
    dir: &Path,
    heat: &[&crate::heatmap::FileHeat],
    known: &BTreeSet<String>,
) -> PackageFiles {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "go") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut own = KeyHasher::new("heatseed.package-own");
    let mut api = KeyHasher::new("heatseed.package-api");
    let mut imports = BTreeSet::new();
    for p in &names {
        let bytes = std::fs::read(p).unwrap_or_default();
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        let h = crate::state::sha256(&bytes);
        own.str(&name).part(&h);
        if !name.ends_with("_test.go") {
            api.str(&name).part(&h);
        }
        let scanned = crate::index::scan::scan_go(p, &bytes);
        imports.extend(
            scanned
                .imports
                .into_iter()
                .map(|i| i.path)
                .filter(|i| known.contains(i)),
        );
    }
    for e in walkdir::WalkDir::new(dir.join("testdata"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
        own.str(&rel.to_string_lossy());
        if e.file_type().is_file() {
            own.part(&file_hash(e.path()));
        } else if e.file_type().is_symlink() {
            let target = std::fs::read_link(e.path()).unwrap_or_default();
            own.str(&target.to_string_lossy());
        }
    }
    for h in heat {
        let blocks = serde_json::to_vec(&h.blocks).expect("plain data");
        // Relative to the module root: a checkout moved elsewhere (a CI workspace) keeps its
        // fingerprints.
        let rel = h.path.strip_prefix(module_root).unwrap_or(&h.path);
        for k in [&mut own, &mut api] {
            k.str(&rel.to_string_lossy()).part(&blocks);
        }
    }
    PackageFiles {
        own: own.finish(),
        api: api.finish(),
        imports,
    }
}

#[cfg(test)]
mod tests;
