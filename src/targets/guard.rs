//! Guards: which construct decides whether a cover block runs.
//!
//! Rule (fits the Go <= 1.26 and the Go >= 1.27 block layouts): a block belongs to the innermost
//! [`Region`] of its function whose range contains the block's start. If the block starts at the
//! region's entry (before or at its first statement), the region's own guard decides it. If it
//! starts after a control statement of the region, it is a *continuation*: it runs when control
//! falls through that statement; when that statement is an `if` whose consequence always leaves
//! (return, panic, break...), the continuation runs only when the `if` condition is false.

use crate::index::{Expr, Function, Guard, Region};
use crate::span::{CoverPos, CoverRange};
use serde::Serialize;

/// The guard of one block, ready for reports and for constraint mining.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlockGuard {
    /// `function_entry`, `if`, `else`, `case`, `default`, `type_case`, `select_case`,
    /// `loop_body`, `continuation`, `func_literal`, `block`, `unknown`.
    pub kind: &'static str,
    /// Human-readable guard (`qty > 9000`, `!(err != nil)`, `currency == "JPY"`).
    pub text: String,
    /// Line of the construct that holds the guard.
    pub line: u32,
    /// Index of the region in `Function::regions` (None when unknown).
    #[serde(skip)]
    pub region: Option<usize>,
    /// The condition that must hold for the block to run, when it is a boolean expression over
    /// the function's values (`IfThen` cond, negated `Else` cond, continuation after an early exit).
    #[serde(skip)]
    pub condition: Option<Condition>,
    /// Further conditions that must hold as well: for a continuation, the negated conditions of
    /// the earlier early exits of the same region (`condition` holds the last one).
    #[serde(skip)]
    pub also: Vec<Condition>,
}

/// A condition in positive or negated form (the block runs when `expr` evaluates to `!negated`).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub expr: Expr,
    pub negated: bool,
}

impl Condition {
    fn text(&self) -> String {
        if self.negated {
            negate_text(&self.expr)
        } else {
            self.expr.text()
        }
    }
}

/// `!x` for identifiers, calls, selectors and parenthesised expressions; `!(x)` otherwise;
/// comparison operators are flipped (`a == b` → `a != b`).
pub fn negate_text(e: &Expr) -> String {
    match e {
        Expr::Binary { op, left, right } => {
            let flipped = match op.as_str() {
                "==" => Some("!="),
                "!=" => Some("=="),
                "<" => Some(">="),
                "<=" => Some(">"),
                ">" => Some("<="),
                ">=" => Some("<"),
                _ => None,
            };
            match flipped {
                Some(f) => format!("{left} {f} {right}"),
                None => format!("!({e})"),
            }
        }
        Expr::Unary { op, x } if op == "!" => x.text(),
        Expr::Ident { .. }
        | Expr::Call { .. }
        | Expr::Selector { .. }
        | Expr::Paren { .. }
        | Expr::Index { .. } => format!("!{e}"),
        _ => format!("!({e})"),
    }
}

/// Index of the innermost region of `f` containing `pos`, if any.
pub fn innermost_region(f: &Function, pos: CoverPos) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, r) in f.regions.iter().enumerate() {
        if !r.range.contains(pos) {
            continue;
        }
        best = match best {
            Some(b) if f.regions[b].range.encloses(&r.range) => Some(i),
            None => Some(i),
            keep => keep,
        };
    }
    best
}

/// Kinds of statements that end a cover block, so the next statement starts a continuation.
fn ends_block(kind: &str) -> bool {
    matches!(
        kind,
        "if" | "for"
            | "expression_switch"
            | "type_switch"
            | "select"
            | "labeled"
            | "block"
            | "go"
            | "defer"
            | "goto"
            | "break"
            | "continue"
            | "fallthrough"
    )
}

/// Finds the guard of the block `range` inside function `f`.
pub fn guard_of(f: &Function, range: &CoverRange) -> BlockGuard {
    let Some(ri) = innermost_region(f, range.start) else {
        return BlockGuard {
            kind: "unknown",
            text: "no enclosing block found".into(),
            line: range.start.line,
            region: None,
            condition: None,
            also: Vec::new(),
        };
    };
    let region = &f.regions[ri];
    // Statements of the region that end before the block starts.
    let before: Vec<_> = region
        .statements
        .iter()
        .filter(|s| s.range.end <= range.start)
        .collect();
    let prev = before
        .iter()
        .rev()
        .find(|s| ends_block(&s.kind) || contains_func_lit(f, &s.range));
    match prev {
        // A block that starts after a control statement of its region: continuation. Find
        // early exits among the control statements before it: every `if` whose consequence
        // terminates and that has no else adds the negated condition.
        Some(stmt) => continuation(f, ri, region, range, stmt.range, stmt.kind.as_str()),
        None => region_guard(ri, region),
    }
}

fn contains_func_lit(f: &Function, r: &CoverRange) -> bool {
    f.regions
        .iter()
        .any(|reg| matches!(reg.guard, Guard::FuncLit) && r.encloses(&reg.range))
}

fn continuation(
    f: &Function,
    ri: usize,
    region: &Region,
    block: &CoverRange,
    prev: CoverRange,
    prev_kind: &str,
) -> BlockGuard {
    // Early exits: `if cond { ...; return }` statements before the block in this region.
    let mut exits: Vec<(&Expr, u32)> = Vec::new();
    for s in region
        .statements
        .iter()
        .filter(|s| s.range.end <= block.start)
    {
        if s.kind != "if" {
            continue;
        }
        for child in f.regions.iter().filter(|c| c.parent == Some(ri)) {
            if let Guard::IfThen { cond } = &child.guard {
                if s.range.encloses(&child.range)
                    && child.statements.last().is_some_and(|st| st.terminates)
                    && !has_else_in(f, ri, &s.range)
                {
                    exits.push((cond, s.range.start.line));
                }
            }
        }
    }
    if let Some((cond, line)) = exits.last() {
        let condition = Condition {
            expr: (*cond).clone(),
            negated: true,
        };
        let also = exits[..exits.len() - 1]
            .iter()
            .map(|(c, _)| Condition {
                expr: (*c).clone(),
                negated: true,
            })
            .collect();
        return BlockGuard {
            kind: "continuation",
            text: format!("{} (after early exit at line {line})", condition.text()),
            line: *line,
            region: Some(ri),
            condition: Some(condition),
            also,
        };
    }
    BlockGuard {
        kind: "continuation",
        text: format!(
            "after {} at line {}",
            prev_kind.replace('_', " "),
            prev.start.line
        ),
        line: prev.start.line,
        region: Some(ri),
        condition: None,
        also: Vec::new(),
    }
}

fn has_else_in(f: &Function, parent: usize, stmt: &CoverRange) -> bool {
    f.regions.iter().any(|c| {
        c.parent == Some(parent) && matches!(c.guard, Guard::Else { .. }) && stmt.encloses(&c.range)
    })
}

fn region_guard(ri: usize, region: &Region) -> BlockGuard {
    let line = region.range.start.line;
    let (kind, text, condition) = match &region.guard {
        Guard::FunctionEntry => ("function_entry", "function entry".to_string(), None),
        Guard::IfThen { cond } => (
            "if",
            cond.text(),
            Some(Condition {
                expr: cond.clone(),
                negated: false,
            }),
        ),
        Guard::Else { cond } => {
            let c = Condition {
                expr: cond.clone(),
                negated: true,
            };
            ("else", c.text(), Some(c))
        }
        Guard::Case {
            tag,
            values,
            default,
            others,
        } => {
            if *default {
                let text = match (tag, others.is_empty()) {
                    (_, true) => "default".to_string(),
                    (Some(t), false) => format!("{t} not in {{{}}}", join(others)),
                    (None, false) => format!("none of {{{}}}", join(others)),
                };
                ("default", text, None)
            } else {
                let text = match tag {
                    Some(t) => values
                        .iter()
                        .map(|v| format!("{t} == {v}"))
                        .collect::<Vec<_>>()
                        .join(" || "),
                    None => values
                        .iter()
                        .map(|v| v.text())
                        .collect::<Vec<_>>()
                        .join(" || "),
                };
                ("case", text, None)
            }
        }
        Guard::TypeCase {
            subject,
            types,
            default,
        } => {
            let text = if *default {
                format!("{subject}: default type")
            } else {
                format!("{subject} is {}", types.join(" | "))
            };
            ("type_case", text, None)
        }
        Guard::SelectCase { comm, default } => (
            "select_case",
            if *default {
                "select default".to_string()
            } else {
                comm.clone()
            },
            None,
        ),
        Guard::LoopBody { header, cond, .. } => (
            "loop_body",
            if header.is_empty() {
                "for { ... }".to_string()
            } else {
                header.clone()
            },
            cond.as_ref().map(|c| Condition {
                expr: c.clone(),
                negated: false,
            }),
        ),
        Guard::FuncLit => ("func_literal", "func literal body".to_string(), None),
        Guard::Block => ("block", "block statement".to_string(), None),
    };
    BlockGuard {
        kind,
        text,
        line,
        region: Some(ri),
        condition,
        also: Vec::new(),
    }
}

fn join(xs: &[Expr]) -> String {
    xs.iter().map(|x| x.text()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bin(l: &str, op: &str, r: &str) -> Expr {
        Expr::Binary {
            op: op.into(),
            left: Box::new(Expr::ident(l)),
            right: Box::new(Expr::Int { text: r.into() }),
        }
    }

    #[test]
    fn negation_flips_comparisons_and_wraps_the_rest() {
        assert_eq!(negate_text(&bin("n", ">", "9000")), "n <= 9000");
        assert_eq!(negate_text(&bin("n", "==", "0")), "n != 0");
        let and = Expr::Binary {
            op: "&&".into(),
            left: Box::new(bin("a", "<", "1")),
            right: Box::new(bin("b", "<", "2")),
        };
        assert_eq!(negate_text(&and), "!(a < 1 && b < 2)");
        assert_eq!(negate_text(&Expr::ident("ok")), "!ok");
        let not_ok = Expr::Unary {
            op: "!".into(),
            x: Box::new(Expr::ident("ok")),
        };
        assert_eq!(negate_text(&not_ok), "ok");
    }
}
