//! tree-sitter type nodes → [`GoType`]; parameter lists, receivers and type parameters.

use super::{child, field_nodes, field_text, kind, named_children, Src};
use crate::model::{Field, GoType, Param, Receiver, TypeParam};
use tree_sitter::Node;

/// Nesting depth after which a type is kept as text.
const MAX_DEPTH: usize = 32;

pub(super) fn go_type(s: Src, n: Node) -> GoType {
    type_at(s, n, 0)
}

fn other(s: Src, n: Node) -> GoType {
    GoType::Other { text: s.text(n) }
}

fn field_type(s: Src, n: Node, field: &str, depth: usize) -> Box<GoType> {
    Box::new(match child(n, field) {
        Some(t) => type_at(s, t, depth + 1),
        None => other(s, n),
    })
}

fn type_at(s: Src, n: Node, depth: usize) -> GoType {
    if depth > MAX_DEPTH {
        return other(s, n);
    }
    match kind(n) {
        "type_identifier" => GoType::Named {
            pkg: None,
            name: s.text(n),
            args: Vec::new(),
        },
        "qualified_type" => GoType::Named {
            pkg: child(n, "package").map(|p| s.text(p)),
            name: field_text(s, n, "name"),
            args: Vec::new(),
        },
        "generic_type" => {
            let base = child(n, "type").map(|t| type_at(s, t, depth + 1));
            let args = child(n, "type_arguments")
                .map(named_children)
                .unwrap_or_default()
                .into_iter()
                .map(|elem| type_elem(s, elem, depth + 1))
                .collect();
            match base {
                Some(GoType::Named { pkg, name, .. }) => GoType::Named { pkg, name, args },
                _ => other(s, n),
            }
        }
        "pointer_type" => match named_children(n).first() {
            Some(e) => GoType::Pointer {
                elem: Box::new(type_at(s, *e, depth + 1)),
            },
            None => other(s, n),
        },
        "slice_type" => GoType::Slice {
            elem: field_type(s, n, "element", depth),
        },
        "array_type" => GoType::Array {
            len: field_text(s, n, "length"),
            elem: field_type(s, n, "element", depth),
        },
        "implicit_length_array_type" => GoType::Array {
            len: "...".to_string(),
            elem: field_type(s, n, "element", depth),
        },
        "map_type" => GoType::Map {
            key: field_type(s, n, "key", depth),
            value: field_type(s, n, "value", depth),
        },
        "channel_type" => GoType::Chan { text: s.text(n) },
        "function_type" => GoType::Func { text: s.text(n) },
        "interface_type" => GoType::Interface {
            text: s.text(n),
            empty: named_children(n).is_empty(),
        },
        "struct_type" => GoType::Struct {
            fields: named_children(n)
                .first()
                .map(|list| fields(s, *list, depth + 1))
                .unwrap_or_default(),
        },
        // A type argument or constraint element: one type, or a union kept as text.
        "type_elem" => type_elem(s, n, depth),
        _ => other(s, n),
    }
}

/// A `type_elem` (type argument): its single type, or the union text (`~int | ~string`).
fn type_elem(s: Src, n: Node, depth: usize) -> GoType {
    if kind(n) != "type_elem" {
        return type_at(s, n, depth);
    }
    match named_children(n).as_slice() {
        [one] => type_at(s, *one, depth + 1),
        _ => other(s, n),
    }
}

/// Fields of a `field_declaration_list`: `A, B int` gives two; embedded fields have no name
/// (`*Base` embeds a pointer: the `*` is an anonymous token before the `type` field).
fn fields(s: Src, list: Node, depth: usize) -> Vec<Field> {
    let mut out = Vec::new();
    for decl in named_children(list) {
        if kind(decl) != "field_declaration" {
            continue;
        }
        let mut ty = match child(decl, "type") {
            Some(t) => type_at(s, t, depth + 1),
            None => other(s, decl),
        };
        let tag = child(decl, "tag").map(|t| s.text(t));
        let names = field_nodes(decl, "name");
        if names.is_empty() {
            if super::child_of_kind(decl, "*").is_some() {
                ty = GoType::Pointer { elem: Box::new(ty) };
            }
            out.push(Field {
                name: None,
                ty,
                tag,
            });
        } else {
            for name in names {
                out.push(Field {
                    name: Some(s.text(name)),
                    ty: ty.clone(),
                    tag: tag.clone(),
                });
            }
        }
    }
    out
}

/// A `parameter_list`: `a, b int` gives two params, `func(int, string)` unnamed ones.
pub(super) fn params(s: Src, list: Node) -> Vec<Param> {
    let mut out = Vec::new();
    for decl in named_children(list) {
        let variadic = kind(decl) == "variadic_parameter_declaration";
        if !variadic && kind(decl) != "parameter_declaration" {
            continue;
        }
        let ty = match child(decl, "type") {
            Some(t) => go_type(s, t),
            None => other(s, decl),
        };
        let names = field_nodes(decl, "name");
        if names.is_empty() {
            out.push(Param {
                name: None,
                ty: ty.clone(),
                variadic,
            });
        }
        for name in names {
            out.push(Param {
                name: Some(s.text(name)),
                ty: ty.clone(),
                variadic,
            });
        }
    }
    out
}

/// A function's `result` field: a parameter list or a single unnamed type.
pub(super) fn results(s: Src, n: Node) -> Vec<Param> {
    if kind(n) == "parameter_list" {
        params(s, n)
    } else {
        vec![Param {
            name: None,
            ty: go_type(s, n),
            variadic: false,
        }]
    }
}

/// A `type_parameter_list`: `[K comparable, V any]`, `[S ~[]E, E any]`.
pub(super) fn type_params(s: Src, list: Node) -> Vec<TypeParam> {
    let mut out = Vec::new();
    for decl in named_children(list) {
        let constraint = field_text(s, decl, "type");
        for name in field_nodes(decl, "name") {
            out.push(TypeParam {
                name: s.text(name),
                constraint: constraint.clone(),
            });
        }
    }
    out
}

/// A method receiver list `(s *Stack[T])`: the grammar nests a generic pointer receiver as
/// `pointer_type > generic_type{type, type_arguments}`.
pub(super) fn receiver(s: Src, list: Node) -> Option<Receiver> {
    let decl = named_children(list)
        .into_iter()
        .find(|d| kind(*d) == "parameter_declaration")?;
    let name = field_nodes(decl, "name").first().map(|n| s.text(*n));
    let mut ty = child(decl, "type")?;
    let mut pointer = false;
    loop {
        match kind(ty) {
            "parenthesized_type" => ty = *named_children(ty).first()?,
            "pointer_type" if !pointer => {
                pointer = true;
                ty = *named_children(ty).first()?;
            }
            _ => break,
        }
    }
    let (type_name, type_args) = match kind(ty) {
        "generic_type" => {
            let base = child(ty, "type")?;
            let args = child(ty, "type_arguments")
                .map(named_children)
                .unwrap_or_default()
                .into_iter()
                .map(|a| s.text(a))
                .collect();
            (s.text(base), args)
        }
        _ => (s.text(ty), Vec::new()),
    };
    Some(Receiver {
        name,
        type_name,
        pointer,
        type_args,
    })
}

#[cfg(test)]
mod tests {
    use crate::model::{Field, GoType, Param, Receiver, TypeParam};
    use crate::syntax::parse_source;

    fn named(name: &str) -> GoType {
        GoType::Named {
            pkg: None,
            name: name.into(),
            args: vec![],
        }
    }

    fn param(name: Option<&str>, ty: GoType, variadic: bool) -> Param {
        Param {
            name: name.map(String::from),
            ty,
            variadic,
        }
    }

    /// The type of the single parameter of `func f(x <ty>)`.
    fn ty(t: &str) -> GoType {
        let f = parse_source(&format!("package p\nfunc f(x {t}) {{}}\n"));
        f.functions[0].params[0].ty.clone()
    }

    #[test]
    fn params_grouped_variadic_unnamed_blank() {
        let f = parse_source("package p\nfunc f(a, b int, _ string, xs ...string) {}\n");
        assert_eq!(
            f.functions[0].params,
            vec![
                param(Some("a"), named("int"), false),
                param(Some("b"), named("int"), false),
                param(Some("_"), named("string"), false),
                param(Some("xs"), named("string"), true),
            ]
        );
        let f = parse_source("package p\nfunc g(int, string) {}\n");
        assert_eq!(
            f.functions[0].params,
            vec![
                param(None, named("int"), false),
                param(None, named("string"), false)
            ]
        );
        let f = parse_source("package p\nfunc h(...int) {}\n");
        assert_eq!(f.functions[0].params, vec![param(None, named("int"), true)]);
    }

    #[test]
    fn results_named_and_unnamed() {
        let f = parse_source(
            "package p\nfunc a() (int, error) {}\nfunc b() (n int, err error) {}\nfunc c() *T {}\n",
        );
        assert_eq!(
            f.functions[0].results,
            vec![
                param(None, named("int"), false),
                param(None, named("error"), false)
            ]
        );
        assert_eq!(
            f.functions[1].results,
            vec![
                param(Some("n"), named("int"), false),
                param(Some("err"), named("error"), false)
            ]
        );
        assert_eq!(
            f.functions[2].results,
            vec![param(
                None,
                GoType::Pointer {
                    elem: Box::new(named("T"))
                },
                false
            )]
        );
    }

    #[test]
    fn receivers_pointer_value_generic_unnamed() {
        let f = parse_source(
            "package p\n\
             func (s *Stack[T]) Push(v T) {}\n\
             func (c Cart) Total() int { return 0 }\n\
             func (Cart) M() {}\n\
             func (p *Pair[K, V]) Key() K { return p.k }\n",
        );
        let r: Vec<Receiver> = f
            .functions
            .iter()
            .map(|f| f.receiver.clone().unwrap())
            .collect();
        assert_eq!(
            r[0],
            Receiver {
                name: Some("s".into()),
                type_name: "Stack".into(),
                pointer: true,
                type_args: vec!["T".into()]
            }
        );
        assert_eq!(
            r[1],
            Receiver {
                name: Some("c".into()),
                type_name: "Cart".into(),
                pointer: false,
                type_args: vec![]
            }
        );
        assert_eq!(
            r[2],
            Receiver {
                name: None,
                type_name: "Cart".into(),
                pointer: false,
                type_args: vec![]
            }
        );
        assert_eq!(r[3].type_args, vec!["K".to_string(), "V".to_string()]);
        assert_eq!(f.functions[0].name, "Push");
        assert_eq!(f.functions[0].qualified_name(), "Stack.Push");
    }

    #[test]
    fn type_params_keep_constraint_text() {
        let f = parse_source(
            "package p\nfunc M[K comparable, V any, N ~int | ~string, S fmt.Stringer](k K) {}\n",
        );
        let tp = |n: &str, c: &str| TypeParam {
            name: n.into(),
            constraint: c.into(),
        };
        assert_eq!(
            f.functions[0].type_params,
            vec![
                tp("K", "comparable"),
                tp("V", "any"),
                tp("N", "~int | ~string"),
                tp("S", "fmt.Stringer")
            ]
        );
    }

    #[test]
    fn types_named_composite_and_text() {
        assert_eq!(
            ty("time.Duration"),
            GoType::Named {
                pkg: Some("time".into()),
                name: "Duration".into(),
                args: vec![]
            }
        );
        assert_eq!(
            ty("Stack[int]"),
            GoType::Named {
                pkg: None,
                name: "Stack".into(),
                args: vec![named("int")]
            }
        );
        assert_eq!(ty("pkg.Map[string, *T]").to_string(), "pkg.Map[string, *T]");
        assert_eq!(
            ty("[]byte"),
            GoType::Slice {
                elem: Box::new(named("byte"))
            }
        );
        assert_eq!(
            ty("[4]int"),
            GoType::Array {
                len: "4".into(),
                elem: Box::new(named("int"))
            }
        );
        assert_eq!(
            ty("map[string][]int"),
            GoType::Map {
                key: Box::new(named("string")),
                value: Box::new(GoType::Slice {
                    elem: Box::new(named("int"))
                })
            }
        );
        assert_eq!(
            ty("<-chan int"),
            GoType::Chan {
                text: "<-chan int".into()
            }
        );
        assert_eq!(
            ty("func(int) error"),
            GoType::Func {
                text: "func(int) error".into()
            }
        );
        assert_eq!(
            ty("interface{}"),
            GoType::Interface {
                text: "interface{}".into(),
                empty: true
            }
        );
        assert_eq!(
            ty("interface{ String() string }"),
            GoType::Interface {
                text: "interface{ String() string }".into(),
                empty: false
            }
        );
        assert_eq!(ty("any"), named("any"));
    }

    #[test]
    fn struct_fields_tags_and_embedding() {
        let f = parse_source(
            "package p\ntype S struct {\n\tA, B int `json:\"a\"`\n\tio.Reader\n\t*Base\n\tName string\n}\n",
        );
        let GoType::Struct { fields } = &f.types[0].ty else {
            panic!("not a struct: {:?}", f.types[0].ty)
        };
        let tag = Some("`json:\"a\"`".to_string());
        assert_eq!(
            fields,
            &vec![
                Field {
                    name: Some("A".into()),
                    ty: named("int"),
                    tag: tag.clone()
                },
                Field {
                    name: Some("B".into()),
                    ty: named("int"),
                    tag
                },
                Field {
                    name: None,
                    ty: GoType::Named {
                        pkg: Some("io".into()),
                        name: "Reader".into(),
                        args: vec![]
                    },
                    tag: None
                },
                Field {
                    name: None,
                    ty: GoType::Pointer {
                        elem: Box::new(named("Base"))
                    },
                    tag: None
                },
                Field {
                    name: Some("Name".into()),
                    ty: named("string"),
                    tag: None
                },
            ]
        );
    }
}
