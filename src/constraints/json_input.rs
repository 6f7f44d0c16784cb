//! JSON inputs: `json.Unmarshal(param, &local)` calls whose destination is a struct type of
//! the package. The struct's members (Go's key from the `json` tag, or the field name) become a
//! [`JsonSpec`] so the synthesizer writes a JSON document for that parameter.

use super::ValueKind;
use crate::gotypes::{Basic, Kind};
use crate::index::{Expr, Function, GoType, TypeDecl};

/// How a JSON argument maps onto the struct it is decoded into.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonSpec {
    /// The local variable decoded into (`req`).
    pub local: String,
    pub fields: Vec<JsonField>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct JsonField {
    /// Go field name (`Amount`).
    pub name: String,
    /// JSON member name (`amount` from the tag, else the field name).
    pub key: String,
    pub kind: ValueKind,
}

/// `json.Unmarshal(X, &L)` in `f` with `X` a parameter (or `[]byte(X)`) and `L` declared
/// `var L T` with `T` a struct of the package: the JSON spec for parameter `X`.
pub fn json_inputs(f: &Function, types: &[TypeDecl]) -> Vec<(String, JsonSpec)> {
    let mut out = Vec::new();
    for c in &f.calls {
        let is_unmarshal = matches!(&c.func, Expr::Selector { x, sel }
            if sel == "Unmarshal" && matches!(x.as_ref(), Expr::Ident { name } if name == "json"));
        if !is_unmarshal || c.args.len() != 2 {
            continue;
        }
        let param = match &c.args[0] {
            Expr::Ident { name } => name.clone(),
            Expr::Call { args, .. } if args.len() == 1 => match &args[0] {
                Expr::Ident { name } => name.clone(),
                _ => continue,
            },
            _ => continue,
        };
        if !f
            .params
            .iter()
            .any(|p| p.name.as_deref() == Some(param.as_str()))
        {
            continue;
        }
        let Expr::Unary { op, x } = &c.args[1] else {
            continue;
        };
        let Expr::Ident { name: local } = x.as_ref() else {
            continue;
        };
        if op != "&" {
            continue;
        }
        let ty_name = f
            .assigns
            .iter()
            .rev()
            .find_map(|a| match (&a.lhs[..], &a.rhs[..]) {
                ([Expr::Ident { name }], [Expr::Composite { text }]) if name == local => {
                    text.strip_suffix("{}").map(str::to_string)
                }
                _ => None,
            });
        let Some(ty_name) = ty_name else { continue };
        if let Some(fields) = json_fields(&ty_name, types) {
            out.push((
                param,
                JsonSpec {
                    local: local.clone(),
                    fields,
                },
            ));
        }
    }
    out
}

/// The JSON members of struct type `name`: key from the `json` tag (or the field name), kind
/// from the field's type (named types resolved through the package).
fn json_fields(name: &str, types: &[TypeDecl]) -> Option<Vec<JsonField>> {
    let decl = types.iter().find(|t| t.name == name)?;
    let GoType::Struct { fields } = &decl.ty else {
        return None;
    };
    let mut out = Vec::new();
    for fd in fields {
        let Some(fname) = &fd.name else { continue };
        if !fname.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        // Go's rules exactly (crate::structtag): `-` skips, `-,` is the key "-", an empty or
        // invalid name falls back to the field name.
        let tag = fd
            .tag
            .as_deref()
            .and_then(crate::structtag::tag_from_literal)
            .unwrap_or_default();
        let Some(key) = crate::structtag::json_key(&tag, fname) else {
            continue;
        };
        let Some(kind) = scalar_kind(&fd.ty, types, 0) else {
            continue;
        };
        out.push(JsonField {
            name: fname.clone(),
            key,
            kind,
        });
    }
    Some(out)
}

fn scalar_kind(ty: &GoType, types: &[TypeDecl], depth: usize) -> Option<ValueKind> {
    let GoType::Named {
        pkg: None, name, ..
    } = ty
    else {
        return None;
    };
    // JSON numbers decode into any integer or float field; values are drawn as 64-bit.
    let Some(basic) = Basic::parse(name) else {
        if depth >= 4 {
            return None;
        }
        let decl = types.iter().find(|t| &t.name == name)?;
        return scalar_kind(&decl.ty, types, depth + 1);
    };
    Some(match basic.kind() {
        Kind::String => ValueKind::Str,
        Kind::Bool => ValueKind::Bool,
        Kind::Float => ValueKind::Float { bits: 64 },
        Kind::Signed => ValueKind::Int {
            bits: 64,
            signed: true,
        },
        Kind::Unsigned | Kind::Uintptr => ValueKind::Int {
            bits: 64,
            signed: false,
        },
        Kind::Complex => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Field kinds come from the basic-type table: every integer type (aliases and `uintptr`
    /// included, as `encoding/json` decodes numbers into them) is an integer, complex fields
    /// (which `encoding/json` rejects) are left out.
    #[test]
    fn field_kinds_follow_the_basic_type_table() {
        let src = "package p\n\nimport \"encoding/json\"\n\ntype Level uint16\n\ntype Req struct {\n\tN int8\n\tB byte\n\tR rune\n\tP uintptr\n\tL Level\n\tF float32\n\tC complex64\n\tS string `json:\"s\"`\n}\n\nfunc Handle(data []byte) error {\n\tvar req Req\n\treturn json.Unmarshal(data, &req)\n}\n";
        let file = crate::index::parse_source(src);
        let got = json_inputs(&file.functions[0], &file.types);
        assert_eq!(got.len(), 1, "{got:?}");
        let kinds: Vec<(&str, &ValueKind)> = got[0]
            .1
            .fields
            .iter()
            .map(|f| (f.key.as_str(), &f.kind))
            .collect();
        let int = |signed| ValueKind::Int { bits: 64, signed };
        assert_eq!(
            kinds,
            vec![
                ("N", &int(true)),
                ("B", &int(false)),
                ("R", &int(true)),
                ("P", &int(false)),
                ("L", &int(false)),
                ("F", &ValueKind::Float { bits: 64 }),
                ("s", &ValueKind::Str),
            ]
        );
    }
}
