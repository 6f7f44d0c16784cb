//! A function body → control regions, calls, assignments and returns, in one pre-order walk
//! with an explicit stack (no recursion over the tree: generated code nests deeply).
//!
//! Region rules (they mirror where `cmd/cover` puts its blocks, see go-formats.md §2):
//! - a `block` is a region whose extent is the `block` node (`{` .. just past `}`); its guard
//!   comes from its parent: function (FunctionEntry), `if` consequence (IfThen), `if`
//!   alternative (Else, extent starts just after `else`), `for` (LoopBody), func literal
//!   (FuncLit), anything else (Block);
//! - an `if` that is the alternative of another `if` (`else if`) gets a wrapping Else region
//!   from just after `else` to the end of the nested `if`, which holds the nested `if`'s own
//!   condition and regions;
//! - case clauses of expression switches, type switches and selects are regions from just
//!   after their `:` to the end of the clause.

use super::expr::{call_args, expr, expr_list};
use super::{
    child, child_of_kind, cover_pos, field_nodes, field_text, kind, named_children, range, Src,
};
use crate::model::{Assign, Call, Expr, Guard, Region, Statement};
use crate::span::CoverRange;
use std::collections::HashMap;
use tree_sitter::Node;

#[derive(Default)]
pub(super) struct Walked {
    pub regions: Vec<Region>,
    pub calls: Vec<Call>,
    pub assigns: Vec<Assign>,
    pub returns: Vec<CoverRange>,
}

struct Item<'t> {
    node: Node<'t>,
    parent: Option<Node<'t>>,
    /// Index of the region the node lies in (None only for the function body itself).
    region: Option<usize>,
}

/// Walks a function body `block`. `regions[0]` is the body (FunctionEntry).
pub(super) fn walk(s: Src, body: Node) -> Walked {
    let mut w = Walked::default();
    // Case values of every expression switch, converted once (keyed by switch node id).
    let mut switch_values: HashMap<usize, SwitchValues> = HashMap::new();
    let mut stack = vec![Item {
        node: body,
        parent: body.parent(),
        region: None,
    }];
    while let Some(Item {
        node: n,
        parent,
        region: outer,
    }) = stack.pop()
    {
        let mut cur = outer;
        match kind(n) {
            "block" => {
                let (guard, range) = block_guard(s, n, parent, outer.is_none());
                cur = Some(w.push(range, guard, outer, statements(s, Some(n))));
            }
            "if_statement" => {
                if let Some(p) = parent.filter(|p| is_alternative(*p, n)) {
                    let guard = Guard::Else {
                        cond: cond_of(s, p),
                    };
                    let start = else_end(p).unwrap_or_else(|| range(n));
                    let r = CoverRange::new(start.end, range(n).end);
                    let stmt = statement(s, n);
                    cur = Some(w.push(r, guard, outer, vec![stmt]));
                }
            }
            "expression_case" | "default_case" | "type_case" | "communication_case" => {
                if let Some(p) = parent {
                    let guard = case_guard(s, n, p, &mut switch_values);
                    let r = clause_range(n);
                    let list = child_of_kind(n, "statement_list");
                    cur = Some(w.push(r, guard, outer, statements(s, list)));
                }
            }
            "call_expression" => {
                let (args, _) = call_args(s, n);
                w.calls.push(Call {
                    func: child(n, "function")
                        .map(|f| expr(s, f))
                        .unwrap_or(Expr::Other {
                            text: String::new(),
                        }),
                    args,
                    pos: cover_pos(n.start_position()),
                });
            }
            "return_statement" => w.returns.push(range(n)),
            _ => {
                if let Some(a) = assign(s, n) {
                    w.assigns.push(a);
                }
            }
        }
        let is_clause = matches!(
            kind(n),
            "expression_case" | "default_case" | "type_case" | "communication_case"
        );
        // Children pushed in order then reversed in place: pre-order = source order, and no
        // allocation per node.
        let base = stack.len();
        let mut cursor = n.walk();
        for c in n.named_children(&mut cursor) {
            if kind(c) == "comment" {
                continue;
            }
            // A clause's case values / communication belong to the enclosing region; only
            // its statement list runs under the clause's guard.
            let region = if is_clause && kind(c) != "statement_list" {
                outer
            } else {
                cur
            };
            stack.push(Item {
                node: c,
                parent: Some(n),
                region,
            });
        }
        stack[base..].reverse();
    }
    w
}

impl Walked {
    fn push(
        &mut self,
        range: CoverRange,
        guard: Guard,
        parent: Option<usize>,
        statements: Vec<Statement>,
    ) -> usize {
        self.regions.push(Region {
            range,
            guard,
            parent,
            statements,
        });
        self.regions.len() - 1
    }
}

fn is_alternative(parent: Node, n: Node) -> bool {
    kind(parent) == "if_statement" && child(parent, "alternative") == Some(n)
}

fn cond_of(s: Src, if_stmt: Node) -> Expr {
    match child(if_stmt, "condition") {
        Some(c) => expr(s, c),
        None => Expr::Other {
            text: String::new(),
        },
    }
}

/// The range of the `else` keyword of an if statement.
fn else_end(if_stmt: Node) -> Option<CoverRange> {
    child_of_kind(if_stmt, "else").map(range)
}

fn block_guard(s: Src, b: Node, parent: Option<Node>, is_body: bool) -> (Guard, CoverRange) {
    let r = range(b);
    if is_body {
        return (Guard::FunctionEntry, r);
    }
    let Some(p) = parent else {
        return (Guard::Block, r);
    };
    match kind(p) {
        "if_statement" if child(p, "consequence") == Some(b) => (
            Guard::IfThen {
                cond: cond_of(s, p),
            },
            r,
        ),
        "if_statement" if child(p, "alternative") == Some(b) => {
            let start = else_end(p).map(|e| e.end).unwrap_or(r.start);
            (
                Guard::Else {
                    cond: cond_of(s, p),
                },
                CoverRange::new(start, r.end),
            )
        }
        "for_statement" => (loop_guard(s, p), r),
        "func_literal" => (Guard::FuncLit, r),
        _ => (Guard::Block, r),
    }
}

fn loop_guard(s: Src, f: Node) -> Guard {
    let header = named_children(f)
        .into_iter()
        .find(|c| child(f, "body") != Some(*c));
    let Some(h) = header else {
        return Guard::LoopBody {
            header: String::new(),
            cond: None,
            range_over: None,
        };
    };
    let text = s.text(h);
    match kind(h) {
        "for_clause" => Guard::LoopBody {
            header: text,
            cond: child(h, "condition").map(|c| expr(s, c)),
            range_over: None,
        },
        "range_clause" => Guard::LoopBody {
            header: text,
            cond: None,
            range_over: child(h, "right").map(|c| expr(s, c)),
        },
        _ => Guard::LoopBody {
            header: text,
            cond: Some(expr(s, h)),
            range_over: None,
        },
    }
}

/// From just after the clause's `:` to the end of its last statement (go/ast's clause end;
/// the tree-sitter node also spans the trailing newline), empty at the colon for an empty
/// clause.
fn clause_range(clause: Node) -> CoverRange {
    let Some(colon) = child_of_kind(clause, ":") else {
        return range(clause);
    };
    let start = range(colon).end;
    let end = child_of_kind(clause, "statement_list")
        .and_then(|l| named_children(l).last().map(|st| range(*st).end))
        .unwrap_or(start);
    CoverRange::new(start, end.max(start))
}

fn case_values(s: Src, clause: Node) -> Vec<Expr> {
    expr_list(s, child(clause, "value"))
}

/// An expression switch's clauses (node id, case values), in order.
type SwitchValues = Vec<(usize, Vec<Expr>)>;

/// Above this many case values in one switch, only `default` clauses get `others` (every
/// clause getting every other value is quadratic: the SSA rewrite rules of the Go compiler
/// have 2600-case switches). Documented on `Guard::Case::others`.
pub(super) const MAX_SWITCH_VALUES_FOR_OTHERS: usize = 256;

fn case_guard(
    s: Src,
    clause: Node,
    switch: Node,
    cache: &mut HashMap<usize, SwitchValues>,
) -> Guard {
    let default = kind(clause) == "default_case";
    match kind(switch) {
        "type_switch_statement" => Guard::TypeCase {
            subject: child(switch, "value")
                .map(|v| expr(s, v))
                .unwrap_or(Expr::Other {
                    text: String::new(),
                }),
            types: field_nodes(clause, "type")
                .into_iter()
                .map(|t| s.text(t))
                .collect(),
            default,
        },
        "select_statement" => Guard::SelectCase {
            comm: field_text(s, clause, "communication"),
            default,
        },
        _ => {
            let all = cache.entry(switch.id()).or_insert_with(|| {
                named_children(switch)
                    .into_iter()
                    .filter(|c| kind(*c) == "expression_case")
                    .map(|c| (c.id(), case_values(s, c)))
                    .collect()
            });
            let total: usize = all.iter().map(|(_, v)| v.len()).sum();
            let values = all
                .iter()
                .find(|(id, _)| *id == clause.id())
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let others = if default || total <= MAX_SWITCH_VALUES_FOR_OTHERS {
                all.iter()
                    .filter(|(id, _)| *id != clause.id())
                    .flat_map(|(_, v)| v.iter().cloned())
                    .collect()
            } else {
                Vec::new()
            };
            Guard::Case {
                tag: child(switch, "value").map(|v| expr(s, v)),
                values,
                default,
                others,
            }
        }
    }
}

/// Top-level statements of a `block` or a `statement_list` (a block holds one).
fn statements(s: Src, n: Option<Node>) -> Vec<Statement> {
    let Some(n) = n else { return Vec::new() };
    let list = if kind(n) == "block" {
        match child_of_kind(n, "statement_list") {
            Some(l) => l,
            None => return Vec::new(),
        }
    } else {
        n
    };
    named_children(list)
        .into_iter()
        .map(|st| statement(s, st))
        .collect()
}

fn statement(s: Src, n: Node) -> Statement {
    let kind = kind(n);
    Statement {
        range: range(n),
        kind: kind.strip_suffix("_statement").unwrap_or(kind).to_string(),
        terminates: terminates(s, n, 0),
    }
}

/// Control never falls through `n`: return, `panic(..)`, break, continue, goto, an if with
/// else whose branches all terminate, and (additions) a bare block or labeled statement whose
/// statement terminates.
fn terminates(s: Src, n: Node, depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    match kind(n) {
        "return_statement" | "break_statement" | "continue_statement" | "goto_statement" => true,
        "expression_statement" => named_children(n).first().is_some_and(|c| {
            kind(*c) == "call_expression"
                && child(*c, "function")
                    .is_some_and(|f| kind(f) == "identifier" && s.text(f) == "panic")
        }),
        "if_statement" => {
            let then = child(n, "consequence");
            let alt = child(n, "alternative");
            match (then, alt) {
                (Some(t), Some(a)) => terminates(s, t, depth + 1) && terminates(s, a, depth + 1),
                _ => false,
            }
        }
        "block" => child_of_kind(n, "statement_list")
            .and_then(|l| {
                named_children(l)
                    .into_iter()
                    .rfind(|c| kind(*c) != "empty_statement")
            })
            .is_some_and(|last| terminates(s, last, depth + 1)),
        "labeled_statement" => named_children(n)
            .into_iter()
            .find(|c| kind(*c) != "label_name")
            .is_some_and(|st| terminates(s, st, depth + 1)),
        _ => false,
    }
}

/// An assignment-like node, or None.
fn assign(s: Src, n: Node) -> Option<Assign> {
    let lhs = |field: &str| expr_list(s, child(n, field));
    let (lhs, rhs, op) = match kind(n) {
        "short_var_declaration" => (lhs("left"), lhs("right"), ":=".to_string()),
        "assignment_statement" => (lhs("left"), lhs("right"), field_text(s, n, "operator")),
        "var_spec" => {
            let names: Vec<Expr> = field_nodes(n, "name")
                .into_iter()
                .map(|x| expr(s, x))
                .collect();
            match child(n, "value") {
                Some(_) => (names, lhs("value"), "var".to_string()),
                // `var x T`: the zero value of T, recorded as the composite `T{}` with op
                // `var zero` (its type text is what later stages need, e.g. for JSON targets).
                None => {
                    let ty = child(n, "type")?;
                    let zero = Expr::Composite {
                        text: format!("{}{{}}", s.text(ty)),
                    };
                    let rhs = vec![zero; names.len()];
                    (names, rhs, "var zero".to_string())
                }
            }
        }
        "range_clause" => {
            let left = child(n, "left")?;
            let right = child(n, "right")?;
            (
                expr_list(s, Some(left)),
                vec![Expr::Unary {
                    op: "range".to_string(),
                    x: Box::new(expr(s, right)),
                }],
                "range".to_string(),
            )
        }
        // `case v, ok := <-ch:` in a select.
        "receive_statement" => {
            let left = child(n, "left")?;
            let op = child_of_kind(n, ":=").map_or("=", |_| ":=");
            (
                expr_list(s, Some(left)),
                vec![child(n, "right")
                    .map(|r| expr(s, r))
                    .unwrap_or(Expr::Other {
                        text: String::new(),
                    })],
                op.to_string(),
            )
        }
        // `x++` / `x--`: op `++` / `--`, no right-hand side.
        "inc_statement" | "dec_statement" => {
            let x = named_children(n).into_iter().next()?;
            let op = if kind(n) == "inc_statement" {
                "++"
            } else {
                "--"
            };
            (vec![expr(s, x)], Vec::new(), op.to_string())
        }
        _ => return None,
    };
    Some(Assign {
        lhs,
        rhs,
        op,
        range: range(n),
    })
}
