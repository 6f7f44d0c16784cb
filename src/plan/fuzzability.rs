//! Whether each target of an analysis can be driven by a fuzz test: the planner's verdict,
//! recorded on the targets for the reports (`fuzzable`, `unfuzzable_reason`).

use super::{build, fuzz_name, packages_for, PackageInfo};
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
    let packages = packages_for(a, false, Some(&wanted));
    let pkg_of: HashMap<&str, &PackageInfo> = packages
        .iter()
        .map(|p| (p.import_path.as_str(), p))
        .collect();
    // Each target's plan is independent of the others': planned in parallel, in target order.
    let verdicts: Vec<Result<(), String>> = a.targets[..n]
        .par_iter()
        .map(|t| match pkg_of.get(a.heat(t.id).package.as_str()) {
            Some(pkg) => {
                let f = a.function(t.id);
                build::plan(f, pkg, fuzz_name(f, pkg.taken_names())).map(|_| ())
            }
            None => Err("package not indexed".to_string()),
        })
        .collect();
    for (t, v) in a.targets.iter_mut().zip(verdicts) {
        t.fuzzable = v.is_ok();
        t.unfuzzable_reason = v.err();
    }
}
