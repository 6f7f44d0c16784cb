//! Guard in, facts and values out: one test per guard shape heatseed must read.

use super::fixtures::*;
use super::*;
use crate::index::{ConstDecl, Expr};

fn ctx<'a>(
    f: &'a crate::index::Function,
    consts: &'a [ConstDecl],
    vars: &'a [(String, Expr)],
) -> Context<'a> {
    Context::new(f, consts, vars).at(guard_pos())
}

#[test]
fn int_comparison_boundary() {
    let f = func(&[("n", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin(">", id("n"), int("9000"));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["n > 9000"]]);
    assert_eq!(
        values(&g, true, &c, "n", INT),
        vec!["9001", "9223372036854775807"]
    );
    assert_eq!(
        values(&g, false, &c, "n", INT),
        vec!["9000", "-9223372036854775808"]
    );
}
