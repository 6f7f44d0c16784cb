//! Whether each target of an analysis can be driven by a fuzz test: the planner's verdict,
//! recorded on the targets for the reports (`fuzzable`, `unfuzzable_reason`).

use super::package::packages_lending;
use super::{build, fuzz_name, PackageInfo};
use crate::targets::Analysis;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// Plans each of the first `n` targets of `a` (all with `None`) and records whether it can be
/// fuzzed, and why not. Run after [`Analysis::detail`] for the same targets: the planner needs
/// their packages' types and constructors. Package name sets are built once per package, and
/// no round-trip property is looked for, so this is linear in the targets.
pub fn decide_fuzzability(a: &mut Analysis, n: Option<usize>) {
    let n = n.unwrap_or(a.targets.len()).min(a.targets.len());
    let wanted: BTreeSet<String> = a.targets[..n]
        .iter()
        .map(|t| a.heat(t.id).package.clone())
        .collect();
    // The wanted packages' functions are lent to their tables for the planning, not copied.
    let (packages, loan) = packages_lending(a, &wanted);
    let pkg_of: HashMap<&str, &PackageInfo> = packages
        .iter()
        .map(|p| (p.import_path.as_str(), p))
        .collect();
    // Each target's plan is independent of the others': planned in parallel, in target order.
    let verdicts: Vec<Result<(), String>> = a.targets[..n]
        .par_iter()
        .map(|t| match pkg_of.get(a.heat(t.id).package.as_str()) {
            Some(pkg) => {
                let f = loan.function(pkg, t.id);
                build::plan(f, pkg, fuzz_name(f, pkg.taken_names())).map(|_| ())
            }
            None => Err("package not indexed".to_string()),
        })
        .collect();
    drop(pkg_of);
    loan.repay(a, packages);
    for (t, v) in a.targets.iter_mut().zip(verdicts) {
        t.fuzzable = v.is_ok();
        t.unfuzzable_reason = v.err();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// `corpus/shop` analysed from its profile, every target detailed.
    fn shop() -> Analysis {
        use crate::heatmap;
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/shop");
        let raw = heatmap::read_profile(&root.join("cover.out")).unwrap();
        let merged = heatmap::merge_profiles(vec![raw]).unwrap();
        let modules = heatmap::ModuleMap::discover(&root).unwrap();
        let hm = heatmap::resolve(merged, &modules);
        let paths: Vec<PathBuf> = hm.files.iter().map(|f| f.path.clone()).collect();
        let sources = crate::index::scan_files(&paths)
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        let mut a = crate::targets::analyze(hm, sources, &Default::default());
        a.detail(None, &[]).unwrap();
        a
    }

    /// Lending the functions to the package tables gives the verdicts planning on copies
    /// gives, and leaves every file's functions as they were.
    #[test]
    fn lent_functions_plan_like_copies_and_are_repaid() {
        let mut a = shop();
        let functions = |a: &Analysis| -> Vec<String> {
            a.files
                .iter()
                .map(|f| serde_json::to_string(&f.source.functions).unwrap())
                .collect()
        };
        let before = functions(&a);
        let packages = super::super::packages_for(&a, false, None);
        let copied: Vec<Result<(), String>> = a
            .targets
            .iter()
            .map(|t| {
                let pkg = packages
                    .iter()
                    .find(|p| p.import_path == a.heat(t.id).package)
                    .unwrap();
                let f = a.function(t.id);
                build::plan(f, pkg, fuzz_name(f, pkg.taken_names())).map(|_| ())
            })
            .collect();
        decide_fuzzability(&mut a, None);
        assert_eq!(functions(&a), before);
        let lent: Vec<Result<(), String>> = a
            .targets
            .iter()
            .map(|t| match &t.unfuzzable_reason {
                None => Ok(()),
                Some(r) => Err(r.clone()),
            })
            .collect();
        assert_eq!(lent, copied);
        assert!(lent.iter().any(Result::is_ok) && lent.iter().any(Result::is_err));
    }
}
