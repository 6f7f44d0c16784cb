//! Ranking: a call graph by name resolution inside the module, and the target order.
//!
//! Calls resolve as Go resolves names, simplified: `f(x)` is a function `f` of the same package;
//! `pkg.F(x)` is `F` of the imported package when that package is profiled too; `v.M(x)` is any
//! method `M` of the same package. Targets are functions with cold or rare blocks, ranked by
//! reach (own cold statements plus the cold statements of every function reachable through
//! calls), then by own cold statements, then by name.

use super::fuzzable::{fuzzability, PackageTypes};
use super::{Analysis, FuncId, Target};
use crate::index::Expr;
use std::collections::{BTreeSet, HashMap, VecDeque};

/// Direct callees of every function (by position in `analysis.functions`).
pub fn call_graph(a: &Analysis) -> Vec<Vec<usize>> {
    // (package, receiver-or-empty, name) → function positions
    let mut by_name: HashMap<(&str, bool, &str), Vec<usize>> = HashMap::new();
    for (i, h) in a.functions.iter().enumerate() {
        let f = a.function(h.id);
        by_name
            .entry((h.package.as_str(), f.receiver.is_some(), f.name.as_str()))
            .or_default()
            .push(i);
    }
    a.functions
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let file = &a.files[h.id.file].source;
            let f = a.function(h.id);
            let mut out = BTreeSet::new();
            for call in &f.calls {
                let hits: &[usize] = match &call.func {
                    Expr::Ident { name } => by_name
                        .get(&(h.package.as_str(), false, name.as_str()))
                        .map(Vec::as_slice)
                        .unwrap_or(&[]),
                    Expr::Selector { x, sel } => {
                        let imported = match x.as_ref() {
                            Expr::Ident { name } => {
                                file.imports.iter().find(|im| im.local_name() == name)
                            }
                            _ => None,
                        };
                        match imported {
                            Some(im) => by_name
                                .get(&(im.path.as_str(), false, sel.as_str()))
                                .map(Vec::as_slice)
                                .unwrap_or(&[]),
                            None => by_name
                                .get(&(h.package.as_str(), true, sel.as_str()))
                                .map(Vec::as_slice)
                                .unwrap_or(&[]),
                        }
                    }
                    _ => &[],
                };
                out.extend(hits.iter().copied().filter(|&j| j != i));
            }
            out.into_iter().collect()
        })
        .collect()
}

/// Ranked targets of an analysis.
pub fn rank(a: &Analysis) -> Vec<Target> {
    let graph = call_graph(a);
    let cold: Vec<u64> = a.functions.iter().map(|h| h.cold_statements()).collect();
    let mut types_by_pkg: HashMap<&str, PackageTypes> = HashMap::new();
    for file in &a.files {
        let entry = types_by_pkg.entry(file.heat.import_path.as_str()).or_default();
        for t in &file.source.types {
            entry.insert(t.name.as_str(), t);
        }
    }
    let mut targets: Vec<(Target, String)> = Vec::new();
    for (i, h) in a.functions.iter().enumerate() {
        let rare = h.rare_statements();
        if cold[i] == 0 && rare == 0 {
            continue;
        }
        let reach = cold[i] + reachable(&graph, i).iter().map(|&j| cold[j]).sum::<u64>();
        let f = a.function(h.id);
        let empty = PackageTypes::new();
        let types = types_by_pkg.get(h.package.as_str()).unwrap_or(&empty);
        let fz = fuzzability(f, types);
        let callees = graph[i]
            .iter()
            .map(|&j| {
                let c = &a.functions[j];
                format!("{}.{}", last_elem(&c.package), c.qualified)
            })
            .collect();
        targets.push((
            Target {
                rank: 0,
                id: h.id,
                cold_statements: cold[i],
                rare_statements: rare,
                reach_statements: reach,
                callees,
                fuzzable: fz.is_ok(),
                unfuzzable_reason: fz.err(),
            },
            format!("{}.{}", h.package, h.qualified),
        ));
    }
    targets.sort_by(|(a, an), (b, bn)| {
        b.reach_statements
            .cmp(&a.reach_statements)
            .then(b.cold_statements.cmp(&a.cold_statements))
            .then(b.rare_statements.cmp(&a.rare_statements))
            .then(an.cmp(bn))
    });
    targets
        .into_iter()
        .enumerate()
        .map(|(r, (mut t, _))| {
            t.rank = r + 1;
            t
        })
        .collect()
}

/// Every function reachable from `start` (excluding `start`).
fn reachable(graph: &[Vec<usize>], start: usize) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<usize> = graph[start].iter().copied().collect();
    while let Some(n) = queue.pop_front() {
        if n == start || !seen.insert(n) {
            continue;
        }
        queue.extend(graph[n].iter().copied());
    }
    seen
}

/// Last element of an import path (`example.com/shop/order` → `order`).
pub fn last_elem(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Convenience for callers holding a [`FuncId`].
pub fn position_of(a: &Analysis, id: FuncId) -> Option<usize> {
    a.functions.iter().position(|h| h.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reachable_follows_cycles_once() {
        let g = vec![vec![1], vec![2], vec![0, 1]];
        assert_eq!(
            reachable(&g, 0).into_iter().collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert!(reachable(&[vec![]], 0).is_empty());
    }

    #[test]
    fn last_elem_of_import_paths() {
        assert_eq!(last_elem("example.com/shop/order"), "order");
        assert_eq!(last_elem("strconv"), "strconv");
    }
}
