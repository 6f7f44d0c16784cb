//! Goals: for every cold or rare block of a target (and of the module functions it calls
//! directly), the facts over the target's inputs that make control reach the block.
//!
//! A block's path condition is its own guard plus the guards of every enclosing region up to
//! the function entry (each enclosing construct contributes its condition, or the negated
//! condition of an early exit that precedes it). Each alternative of the block's own guard,
//! conjoined with the first alternative of every enclosing guard, is one way to reach it.
//! For a block in a callee, the callee's guards are mined with the callee's parameters bound to
//! the caller's arguments at the call, and the path to the call site in the caller is added.

use super::mine::Context;
use super::{mine, mine_case, Alternatives, Fact};
use crate::index::{Call, Expr, Function, Guard};
use crate::span::{CoverPos, CoverRange};
use crate::targets::guard::{BlockGuard, GuardKind, Guards};
use crate::targets::{BlockHeat, Heat};
use serde::Serialize;
use std::collections::BTreeMap;

/// One reason to write a seed: reach this block.
#[derive(Clone, Debug, Serialize)]
pub struct Goal {
    /// Qualified name of the function holding the block (the target or a callee).
    pub function: String,
    pub range: CoverRange,
    pub statements: u32,
    pub heat: Heat,
    pub guard_kind: GuardKind,
    pub guard: String,
    /// Ways to reach the block, each a conjunction of facts over the target's inputs.
    #[serde(skip)]
    pub alternatives: Alternatives,
    /// Why no alternative exists, when none does.
    pub unreachable_because: Option<String>,
}

/// The alternatives that make `guard` (of the region or continuation at `pos`) hold.
fn guard_alternatives(f: &Function, g: &BlockGuard, ctx: &Context) -> Option<Alternatives> {
    if let Some(c) = &g.condition {
        return Some(mine(&c.expr, !c.negated, ctx));
    }
    let region = &f.regions[g.region?];
    match &region.guard {
        Guard::Case {
            tag,
            values,
            default,
            others,
        } if matches!(g.kind, GuardKind::Case | GuardKind::Default) => {
            Some(mine_case(tag.as_ref(), values, *default, others, ctx))
        }
        _ => None,
    }
}

/// The guard chain from the block at `pos` up to the function entry, innermost first.
fn chain(guards: &Guards, f: &Function, pos: CoverPos) -> Vec<BlockGuard> {
    let mut out = Vec::new();
    let mut at = CoverRange::new(pos, pos);
    for _ in 0..64 {
        let g = guards.guard_of(&at);
        let Some(ri) = g.region else { break };
        let region = &f.regions[ri];
        let done = region.parent.is_none();
        let continuation = g.kind == GuardKind::Continuation;
        out.push(g);
        if continuation {
            // A continuation runs only when its region runs: the region's own guard too.
            let entry = CoverRange::new(region.range.start, region.range.start);
            let eg = guards.guard_of(&entry);
            if eg.region == Some(ri) && eg.kind != GuardKind::Continuation {
                out.push(eg);
            }
        }
        if done {
            break;
        }
        // Continue from the statement of the parent that holds this region.
        let parent = &f.regions[region.parent.expect("checked")];
        let holder = parent
            .statements
            .partition_point(|s| s.range.start <= region.range.start)
            .checked_sub(1)
            .map(|h| &parent.statements[h])
            .filter(|s| region.range.end <= s.range.end);
        at = match holder {
            Some(s) => CoverRange::new(s.range.start, s.range.start),
            None => CoverRange::new(parent.range.start, parent.range.start),
        };
    }
    out
}

/// Conjunction of the first alternative without unknowns of every guard in `guards`, and of
/// the extra conditions (earlier early exits) each carries: the path to a block.
fn path_facts(f: &Function, guards: &[BlockGuard], ctx: &Context) -> Vec<Fact> {
    let mut facts = Vec::new();
    for g in guards {
        let at = ctx.clone().at(CoverPos::new(g.line, 1));
        if let Some(alts) = guard_alternatives(f, g, &at) {
            facts.extend(first_known(alts));
        }
        facts.extend(also_facts(g, &at));
    }
    facts
}

fn first_known(alts: Alternatives) -> Vec<Fact> {
    alts.into_iter()
        .find(|a| !a.iter().any(Fact::is_unsat))
        .unwrap_or_default()
}

/// Facts of a guard's extra conditions (negated earlier early exits).
fn also_facts(g: &BlockGuard, ctx: &Context) -> Vec<Fact> {
    g.also
        .iter()
        .flat_map(|c| first_known(mine(&c.expr, !c.negated, ctx)))
        .collect()
}

/// Goals for the cold/rare blocks of `f` (in context `ctx`), each alternative conjoined with
/// `prefix` (the path to the call site, for callees).
pub fn block_goals(
    f: &Function,
    blocks: &[BlockHeat],
    ctx: &Context,
    prefix: &[Fact],
) -> Vec<Goal> {
    let mut goals = Vec::new();
    let index = Guards::new(f);
    for b in blocks.iter().filter(|b| b.heat != Heat::Warm) {
        let guards = chain(&index, f, b.block.range.start);
        let Some((own, outer)) = guards.split_first() else {
            continue;
        };
        let own_ctx = ctx.clone().at(b.block.range.start);
        let mut outer_facts = also_facts(own, &own_ctx);
        outer_facts.extend(path_facts(f, outer, ctx));
        let (alternatives, because) = match guard_alternatives(f, own, &own_ctx) {
            Some(alts) if !alts.is_empty() => {
                let usable: Vec<Vec<Fact>> = alts
                    .into_iter()
                    .filter(|a| !a.iter().any(Fact::is_unsat))
                    .map(|a| {
                        let mut all = prefix.to_vec();
                        all.extend(outer_facts.iter().cloned());
                        all.extend(a);
                        all
                    })
                    .collect();
                if usable.is_empty() {
                    (
                        usable,
                        Some("the guard does not depend on inputs heatseed can set".into()),
                    )
                } else {
                    (usable, None)
                }
            }
            Some(_) => (Vec::new(), Some("the guard cannot be satisfied".into())),
            None if !outer_facts.is_empty() || !prefix.is_empty() => {
                let mut all = prefix.to_vec();
                all.extend(outer_facts);
                (vec![all], None)
            }
            None => (
                Vec::new(),
                Some(format!(
                    "no input condition found for {} `{}`",
                    own.kind, own.text
                )),
            ),
        };
        goals.push(Goal {
            function: f.qualified_name(),
            range: b.block.range,
            statements: b.block.num_stmt,
            heat: b.heat,
            guard_kind: own.kind,
            guard: own.text.clone(),
            alternatives,
            unreachable_because: because,
        });
    }
    goals
}

/// Bindings for a call: callee parameter name → the caller's argument expression.
pub fn call_bindings(callee: &Function, call: &Call) -> BTreeMap<String, Expr> {
    let mut out = BTreeMap::new();
    for (i, p) in callee.params.iter().enumerate() {
        let (Some(name), Some(arg)) = (&p.name, call.args.get(i)) else {
            continue;
        };
        if p.variadic {
            break;
        }
        out.insert(name.clone(), arg.clone());
    }
    // A method call `x.M(..)` binds the callee's receiver name to `x`.
    if let (Some(r), Expr::Selector { x, .. }) = (&callee.receiver, &call.func) {
        if let Some(n) = &r.name {
            out.insert(n.clone(), (**x).clone());
        }
    }
    out
}

/// Facts that must hold for control to reach `pos` in `f` (the call site's path).
pub fn facts_to_reach(f: &Function, pos: CoverPos, ctx: &Context) -> Vec<Fact> {
    let guards = chain(&Guards::new(f), f, pos);
    path_facts(f, &guards, ctx)
}
