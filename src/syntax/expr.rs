//! tree-sitter expression nodes → [`Expr`], structurally. Anything without a dedicated variant
//! (and anything nested deeper than [`MAX_DEPTH`]) keeps its source text as `Expr::Other`.

use super::{child, field_text, kind, named_children, Src};
use crate::model::Expr;
use tree_sitter::Node;

/// Nesting depth after which an expression is kept as text (guards the stack against
/// generated code such as a 5000-term string concatenation).
const MAX_DEPTH: usize = 64;

pub(super) fn expr(s: Src, n: Node) -> Expr {
    expr_at(s, n, 0)
}

/// The expressions of an `expression_list` (or of any node: its named children).
pub(super) fn expr_list(s: Src, n: Option<Node>) -> Vec<Expr> {
    n.map(|l| named_children(l).into_iter().map(|e| expr(s, e)).collect())
        .unwrap_or_default()
}

/// Arguments of a call and whether the last one is spread (`f(xs...)`).
pub(super) fn call_args(s: Src, call: Node) -> (Vec<Expr>, bool) {
    call_args_at(s, call, 0)
}

fn call_args_at(s: Src, call: Node, depth: usize) -> (Vec<Expr>, bool) {
    let mut spread = false;
    let args = child(call, "arguments")
        .map(named_children)
        .unwrap_or_default()
        .into_iter()
        .map(|a| {
            if kind(a) == "variadic_argument" {
                spread = true;
                match named_children(a).first() {
                    Some(inner) => expr_at(s, *inner, depth + 1),
                    None => other(s, a),
                }
            } else {
                expr_at(s, a, depth + 1)
            }
        })
        .collect();
    (args, spread)
}

fn other(s: Src, n: Node) -> Expr {
    Expr::Other { text: s.text(n) }
}

fn boxed_field(s: Src, n: Node, field: &str, depth: usize) -> Box<Expr> {
    Box::new(match child(n, field) {
        Some(c) => expr_at(s, c, depth + 1),
        None => Expr::Other {
            text: String::new(),
        },
    })
}

fn opt_field(s: Src, n: Node, field: &str, depth: usize) -> Option<Box<Expr>> {
    child(n, field).map(|c| Box::new(expr_at(s, c, depth + 1)))
}

fn expr_at(s: Src, n: Node, depth: usize) -> Expr {
    if depth > MAX_DEPTH {
        return other(s, n);
    }
    let text = || s.text(n);
    match kind(n) {
        "identifier" | "field_identifier" | "package_identifier" | "type_identifier"
        | "blank_identifier" | "true" | "false" | "nil" | "iota" => Expr::Ident { name: text() },
        "int_literal" => Expr::Int { text: text() },
        "float_literal" => Expr::Float { text: text() },
        "imaginary_literal" => Expr::Imaginary { text: text() },
        "rune_literal" => Expr::Rune { text: text() },
        "interpreted_string_literal" | "raw_string_literal" => Expr::Str { text: text() },
        "selector_expression" => Expr::Selector {
            x: boxed_field(s, n, "operand", depth),
            sel: field_text(s, n, "field"),
        },
        "call_expression" => {
            let (args, spread) = call_args_at(s, n, depth);
            Expr::Call {
                func: boxed_field(s, n, "function", depth),
                args,
                spread,
            }
        }
        // `[]byte(s)` where the grammar knows the callee is a type: still a call.
        "type_conversion_expression" => Expr::Call {
            func: Box::new(match child(n, "type") {
                Some(t) => other(s, t),
                None => Expr::Other {
                    text: String::new(),
                },
            }),
            args: vec![*boxed_field(s, n, "operand", depth)],
            spread: false,
        },
        "index_expression" => Expr::Index {
            x: boxed_field(s, n, "operand", depth),
            index: boxed_field(s, n, "index", depth),
        },
        "slice_expression" => Expr::Slice {
            x: boxed_field(s, n, "operand", depth),
            low: opt_field(s, n, "start", depth),
            high: opt_field(s, n, "end", depth),
            max: opt_field(s, n, "capacity", depth),
        },
        "unary_expression" => Expr::Unary {
            op: field_text(s, n, "operator"),
            x: boxed_field(s, n, "operand", depth),
        },
        "binary_expression" => Expr::Binary {
            op: field_text(s, n, "operator"),
            left: boxed_field(s, n, "left", depth),
            right: boxed_field(s, n, "right", depth),
        },
        "parenthesized_expression" => match named_children(n).first() {
            Some(inner) => Expr::Paren {
                x: Box::new(expr_at(s, *inner, depth + 1)),
            },
            None => other(s, n),
        },
        "type_assertion_expression" => Expr::TypeAssert {
            x: boxed_field(s, n, "operand", depth),
            ty: field_text(s, n, "type"),
        },
        "composite_literal" => Expr::Composite { text: text() },
        "func_literal" => Expr::FuncLit { text: text() },
        _ => other(s, n),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Expr;
    use crate::syntax::parse_source;

    /// The right-hand side of `x := <expr>` in a one-line function.
    fn rhs(e: &str) -> Expr {
        let f = parse_source(&format!("package p\nfunc f() {{ x := {e} }}\n"));
        f.functions[0].assigns[0].rhs[0].clone()
    }

    fn id(n: &str) -> Box<Expr> {
        Box::new(Expr::ident(n))
    }

    #[test]
    fn literals_keep_their_text() {
        assert_eq!(
            rhs("0x7f"),
            Expr::Int {
                text: "0x7f".into()
            }
        );
        assert_eq!(
            rhs("1_000"),
            Expr::Int {
                text: "1_000".into()
            }
        );
        assert_eq!(
            rhs("1.5e3"),
            Expr::Float {
                text: "1.5e3".into()
            }
        );
        assert_eq!(rhs("2i"), Expr::Imaginary { text: "2i".into() });
        assert_eq!(
            rhs(r"'\n'"),
            Expr::Rune {
                text: r"'\n'".into()
            }
        );
        assert_eq!(
            rhs(r#""a\"b""#),
            Expr::Str {
                text: r#""a\"b""#.into()
            }
        );
        assert_eq!(
            rhs("`raw`"),
            Expr::Str {
                text: "`raw`".into()
            }
        );
        assert_eq!(rhs("nil"), Expr::ident("nil"));
        assert_eq!(rhs("true"), Expr::ident("true"));
    }

    #[test]
    fn operators_keep_structure() {
        assert_eq!(
            rhs("a == 0 && !b"),
            Expr::Binary {
                op: "&&".into(),
                left: Box::new(Expr::Binary {
                    op: "==".into(),
                    left: id("a"),
                    right: Box::new(Expr::Int { text: "0".into() }),
                }),
                right: Box::new(Expr::Unary {
                    op: "!".into(),
                    x: id("b"),
                }),
            }
        );
        for op in ["-", "^", "*", "&", "<-"] {
            assert_eq!(
                rhs(&format!("{op}v")),
                Expr::Unary {
                    op: op.into(),
                    x: id("v")
                }
            );
        }
        assert_eq!(rhs("(a)"), Expr::Paren { x: id("a") });
        assert_eq!(rhs("a<<2 | b").text(), "a << 2 | b");
    }

    #[test]
    fn selectors_calls_index_slice_assert() {
        assert_eq!(
            rhs("strings.Split(s, \",\")"),
            Expr::Call {
                func: Box::new(Expr::Selector {
                    x: id("strings"),
                    sel: "Split".into()
                }),
                args: vec![
                    Expr::ident("s"),
                    Expr::Str {
                        text: "\",\"".into()
                    }
                ],
                spread: false,
            }
        );
        assert_eq!(
            rhs("append(a, b...)"),
            Expr::Call {
                func: id("append"),
                args: vec![Expr::ident("a"), Expr::ident("b")],
                spread: true,
            }
        );
        assert_eq!(
            rhs("m[k]"),
            Expr::Index {
                x: id("m"),
                index: id("k")
            }
        );
        assert_eq!(
            rhs("b[1:n]"),
            Expr::Slice {
                x: id("b"),
                low: Some(Box::new(Expr::Int { text: "1".into() })),
                high: Some(id("n")),
                max: None,
            }
        );
        assert_eq!(rhs("b[:n:c]").text(), "b[:n:c]");
        assert_eq!(
            rhs("v.(fmt.Stringer)"),
            Expr::TypeAssert {
                x: id("v"),
                ty: "fmt.Stringer".into()
            }
        );
        // conversions are calls
        assert_eq!(rhs("[]byte(s)").text(), "[]byte(s)");
        assert!(matches!(rhs("[]byte(s)"), Expr::Call { .. }));
        assert!(matches!(rhs("int64(n)"), Expr::Call { .. }));
    }

    #[test]
    fn literals_of_composites_and_funcs_are_text() {
        assert_eq!(
            rhs("T{A: 1}"),
            Expr::Composite {
                text: "T{A: 1}".into()
            }
        );
        assert_eq!(
            rhs("func() int { return 1 }"),
            Expr::FuncLit {
                text: "func() int { return 1 }".into()
            }
        );
    }

    #[test]
    fn very_deep_expressions_fall_back_to_text() {
        let long = vec!["a"; 500].join(" + ");
        let e = rhs(&long);
        assert_eq!(e.text().len(), long.len());
    }
}
