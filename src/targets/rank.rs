//! Ranking: a call graph by name resolution inside the module, and the target order.
//!
//! Calls resolve as Go resolves names, simplified: `f(x)` is a function `f` of the same package;
//! `pkg.F(x)` is `F` of the imported package when that package is profiled too; `v.M(x)` is any
//! method `M` of the same package. Targets are functions with cold or rare blocks (and exported
//! functions that call into cold code), ranked by
//! reach (own cold statements plus the cold statements of every function reachable through
//! calls), then by own cold statements, then by name.

use super::{Analysis, Target};
use crate::index::Expr;
use std::collections::{BTreeSet, HashMap};

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

/// Ranked targets of an analysis; `graph` is its [`call_graph`].
pub fn rank(a: &Analysis, graph: &[Vec<usize>]) -> Vec<Target> {
    let cold: Vec<u64> = a.functions.iter().map(|h| h.cold_statements()).collect();
    let reach_of = reach_sums(graph, &cold);
    let mut targets: Vec<(Target, String)> = Vec::new();
    for (i, h) in a.functions.iter().enumerate() {
        let rare = h.rare_statements();
        // An exported function with no cold code of its own is still a target when it calls
        // into cold code: that is how cold blocks of unexported helpers are reached.
        let calls_cold = reach_of[i] > 0 && exported(&a.function(h.id).name);
        if cold[i] == 0 && rare == 0 && !calls_cold {
            continue;
        }
        let reach = cold[i] + reach_of[i];
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
                fuzzable: false,
                unfuzzable_reason: Some("not analysed in detail".into()),
                detailed: false,
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

/// Whether a Go name is exported (starts with an upper-case letter).
pub fn exported(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_uppercase)
}

/// For every node, the sum of `weight` over the nodes reachable from it through at least one
/// edge, excluding the node itself: [`reach_sets`] summed, without a set per node.
pub fn reach_sums(graph: &[Vec<usize>], weight: &[u64]) -> Vec<u64> {
    let (comp, comp_reach) = component_reach(graph);
    let sums: Vec<u64> = comp_reach
        .iter()
        .map(|s| s.as_ref().map_or(0, |s| s.iter().map(|v| weight[v]).sum()))
        .collect();
    (0..graph.len())
        .map(|v| {
            let set = comp_reach[comp[v]].as_ref();
            let own = if set.is_some_and(|s| s.contains(v)) {
                weight[v]
            } else {
                0
            };
            sums[comp[v]] - own
        })
        .collect()
}

/// For every node, the set of nodes reachable from it through at least one edge, excluding
/// the node itself (one set per node: for tests and small graphs; ranking uses
/// [`reach_sums`]).
pub fn reach_sets(graph: &[Vec<usize>]) -> Vec<BitSet> {
    let n = graph.len();
    let (comp, comp_reach) = component_reach(graph);
    (0..n)
        .map(|v| {
            let mut s = comp_reach[comp[v]]
                .clone()
                .unwrap_or_else(|| BitSet::new(n));
            s.remove(v);
            s
        })
        .collect()
}

/// Strongly connected components (Tarjan, iterative), then per component the set of nodes
/// reachable from it (its own members when it is cyclic), filled in reverse topological order.
/// A component that reaches nothing holds no set, so a graph with few edges needs little
/// memory; otherwise linear in the graph plus n²/64 words: the whole standard library (~19k
/// functions) takes milliseconds.
fn component_reach(graph: &[Vec<usize>]) -> (Vec<usize>, Vec<Option<BitSet>>) {
    let n = graph.len();
    let (comp, ncomp) = tarjan(graph);
    // Tarjan numbers components in reverse topological order: a component's successors have
    // smaller numbers, so filling 0..ncomp sees successors first.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ncomp];
    for (v, &c) in comp.iter().enumerate() {
        members[c].push(v);
    }
    let mut comp_reach: Vec<Option<BitSet>> = Vec::with_capacity(ncomp);
    for (c, nodes) in members.iter().enumerate() {
        let cyclic = nodes.len() > 1 || nodes.iter().any(|&v| graph[v].contains(&v));
        let leaves = nodes
            .iter()
            .all(|&v| graph[v].iter().all(|&w| comp[w] == c));
        if leaves && !cyclic {
            comp_reach.push(None);
            continue;
        }
        let mut set = BitSet::new(n);
        if cyclic {
            for &v in nodes {
                set.insert(v);
            }
        }
        for &v in nodes {
            for &w in &graph[v] {
                let cw = comp[w];
                if cw != c {
                    set.insert(w);
                    if let Some(r) = &comp_reach[cw] {
                        set.union_with(r);
                    }
                }
            }
        }
        comp_reach.push(Some(set));
    }
    (comp, comp_reach)
}

/// Iterative Tarjan: component id per node and the number of components.
fn tarjan(graph: &[Vec<usize>]) -> (Vec<usize>, usize) {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut ncomp = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next edge to look at)
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if let Some(&w) = graph[v].get(*ei) {
                *ei += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = ncomp;
                    if w == v {
                        break;
                    }
                }
                ncomp += 1;
            }
        }
    }
    (comp, ncomp)
}

/// A fixed-size set of node indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    pub fn new(n: usize) -> Self {
        BitSet {
            words: vec![0; n.div_ceil(64)],
        }
    }
    pub fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }
    pub fn remove(&mut self, i: usize) {
        self.words[i / 64] &= !(1 << (i % 64));
    }
    pub fn contains(&self, i: usize) -> bool {
        self.words[i / 64] & (1 << (i % 64)) != 0
    }
    pub fn union_with(&mut self, other: &BitSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(wi * 64 + b)
            })
        })
    }
}

/// Last element of an import path (`example.com/shop/order` → `order`).
pub fn last_elem(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(g: &[Vec<usize>]) -> Vec<Vec<usize>> {
        reach_sets(g).iter().map(|s| s.iter().collect()).collect()
    }

    #[test]
    fn reach_follows_cycles_and_excludes_self_unless_recursive() {
        // 0 -> 1 -> 2 -> {0, 1}; 3 -> 0; 4 alone; 5 -> 5 (self recursion)
        let g = vec![vec![1], vec![2], vec![0, 1], vec![0], vec![], vec![5]];
        let r = sets(&g);
        assert_eq!(r[0], vec![1, 2]);
        assert_eq!(r[1], vec![0, 2]);
        assert_eq!(r[3], vec![0, 1, 2]);
        assert!(r[4].is_empty());
        assert!(r[5].is_empty());
    }

    #[test]
    fn reach_sums_equal_the_sums_over_reach_sets() {
        let g = vec![
            vec![1],
            vec![2],
            vec![0, 1],
            vec![0],
            vec![],
            vec![5],
            vec![4, 6],
            vec![],
        ];
        let w: Vec<u64> = vec![1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 7];
        let sums = reach_sums(&g, &w);
        for (v, set) in reach_sets(&g).iter().enumerate() {
            assert_eq!(sums[v], set.iter().map(|u| w[u]).sum::<u64>(), "node {v}");
        }
        assert_eq!(sums[3], 111);
        assert_eq!(sums[6], 10_000);
    }

    #[test]
    fn reach_of_a_chain_is_everything_below() {
        let g = vec![vec![1], vec![2], vec![3], vec![]];
        let r = sets(&g);
        assert_eq!(r[0], vec![1, 2, 3]);
        assert_eq!(r[2], vec![3]);
        let mut b = BitSet::new(130);
        b.insert(129);
        b.insert(64);
        assert!(b.contains(129) && !b.contains(128));
        assert_eq!(b.iter().collect::<Vec<_>>(), vec![64, 129]);
    }

    #[test]
    fn last_elem_of_import_paths() {
        assert_eq!(last_elem("example.com/shop/order"), "order");
        assert_eq!(last_elem("strconv"), "strconv");
    }
}
