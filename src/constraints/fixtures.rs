//! Test builders: Go expressions, functions and assignments by hand (the index that parses Go
//! is written elsewhere), and renderers that turn facts and values into Go-like text so each
//! test reads "expression in, facts / values out".

use super::*;
use crate::index::{Assign, ConstDecl, Expr, Function, GoType, Param, Receiver};
use crate::span::{CoverPos, CoverRange};

pub fn id(n: &str) -> Expr {
    Expr::ident(n)
}
pub fn int(t: &str) -> Expr {
    Expr::Int { text: t.into() }
}
pub fn float(t: &str) -> Expr {
    Expr::Float { text: t.into() }
}
/// A string literal from its Go text without quotes (no escaping done: write Go escapes).
pub fn s(t: &str) -> Expr {
    Expr::Str {
        text: format!("\"{t}\""),
    }
}
pub fn rune(t: &str) -> Expr {
    Expr::Rune {
        text: format!("'{t}'"),
    }
}
pub fn bin(op: &str, l: Expr, r: Expr) -> Expr {
    Expr::Binary {
        op: op.into(),
        left: Box::new(l),
        right: Box::new(r),
    }
}
pub fn and(l: Expr, r: Expr) -> Expr {
    bin("&&", l, r)
}
pub fn or(l: Expr, r: Expr) -> Expr {
    bin("||", l, r)
}
pub fn not(x: Expr) -> Expr {
    Expr::Unary {
        op: "!".into(),
        x: Box::new(x),
    }
}
pub fn unary(op: &str, x: Expr) -> Expr {
    Expr::Unary {
        op: op.into(),
        x: Box::new(x),
    }
}
pub fn paren(x: Expr) -> Expr {
    Expr::Paren { x: Box::new(x) }
}
pub fn sel(x: Expr, name: &str) -> Expr {
    Expr::Selector {
        x: Box::new(x),
        sel: name.into(),
    }
}
/// `call("strings.HasPrefix", ..)`: a dotted name becomes a selector.
pub fn call(name: &str, args: Vec<Expr>) -> Expr {
    let func = match name.split_once('.') {
        Some((pkg, f)) => sel(id(pkg), f),
        None if name.starts_with('[') => Expr::Other { text: name.into() },
        None => id(name),
    };
    Expr::Call {
        func: Box::new(func),
        args,
        spread: false,
    }
}
pub fn index(x: Expr, i: Expr) -> Expr {
    Expr::Index {
        x: Box::new(x),
        index: Box::new(i),
    }
}
pub fn slice(x: Expr, low: Option<Expr>, high: Option<Expr>) -> Expr {
    Expr::Slice {
        x: Box::new(x),
        low: low.map(Box::new),
        high: high.map(Box::new),
        max: None,
    }
}
pub fn ty(name: &str) -> GoType {
    match name.strip_prefix("[]") {
        Some(elem) => GoType::Slice {
            elem: Box::new(ty(elem)),
        },
        None => match name.strip_prefix('*') {
            Some(elem) => GoType::Pointer {
                elem: Box::new(ty(elem)),
            },
            None if name == "any" || name == "interface{}" => GoType::Interface {
                text: name.into(),
                empty: true,
            },
            None => GoType::Named {
                pkg: None,
                name: name.into(),
                args: vec![],
            },
        },
    }
}

fn at(line: u32) -> CoverRange {
    CoverRange::new(CoverPos::new(line, 2), CoverPos::new(line, 40))
}

/// An assignment on `line`: `lhs op rhs` (`op` is `:=`, `=`, `var`, `+=`, or `range` with one
/// rhs that is wrapped into `range x`).
pub fn assign(line: u32, lhs: &[&str], op: &str, rhs: Vec<Expr>) -> Assign {
    let rhs = if op == "range" {
        rhs.into_iter().map(|x| unary("range", x)).collect()
    } else {
        rhs
    };
    Assign {
        lhs: lhs.iter().map(|n| id(n)).collect(),
        rhs,
        op: if op == "range" {
            ":=".into()
        } else {
            op.into()
        },
        range: at(line),
    }
}

/// A function with parameters `(name, type)` and assignments.
pub fn func(params: &[(&str, &str)], assigns: Vec<Assign>) -> Function {
    Function {
        name: "F".into(),
        params: params
            .iter()
            .map(|(n, t)| Param {
                name: Some(n.to_string()),
                ty: ty(t),
                variadic: false,
            })
            .collect(),
        assigns,
        ..Function::default()
    }
}

pub fn method(recv: &str, params: &[(&str, &str)]) -> Function {
    let mut f = func(params, vec![]);
    f.receiver = Some(Receiver {
        name: Some(recv.into()),
        type_name: "T".into(),
        pointer: true,
        type_args: vec![],
    });
    f
}

pub fn konst(name: &str, ty_name: Option<&str>, value: Expr, iota: u32) -> ConstDecl {
    ConstDecl {
        name: name.into(),
        ty: ty_name.map(ty),
        value: Some(value),
        iota,
        line: 1,
    }
}

/// A guard position after every assignment of the fixtures (line 100).
pub fn guard_pos() -> CoverPos {
    CoverPos::new(100, 5)
}

pub fn facts_text(alts: &Alternatives) -> Vec<Vec<String>> {
    alts.iter()
        .map(|c| c.iter().map(|f| f.to_string()).collect())
        .collect()
}

pub fn lits_text(lits: &[Lit]) -> Vec<String> {
    lits.iter().map(|l| l.to_string()).collect()
}

pub fn mine_text(cond: &Expr, want: bool, ctx: &Context<'_>) -> Vec<Vec<String>> {
    facts_text(&mine(cond, want, ctx))
}

/// Mines `cond` for `want`, takes the first alternative, solves `path` as `kind`.
pub fn values(
    cond: &Expr,
    want: bool,
    ctx: &Context<'_>,
    path: &str,
    kind: ValueKind,
) -> Vec<String> {
    let alts = mine(cond, want, ctx);
    let first = alts.first().cloned().unwrap_or_default();
    solve_text(&first, path, kind)
}

/// Solves a dotted input path (`req.Qty`).
pub fn solve_text(facts: &[Fact], path: &str, kind: ValueKind) -> Vec<String> {
    let mut it = path.split('.');
    let root = it.next().unwrap_or_default();
    let fields: Vec<&str> = it.collect();
    lits_text(&solve(facts, &Access::field_path(root, &fields), kind))
}

pub const INT: ValueKind = ValueKind::Int {
    bits: 64,
    signed: true,
};
pub const STR: ValueKind = ValueKind::Str;
