//! Can a function's inputs be built from native fuzz arguments?
//!
//! Native `f.Fuzz` arguments are `[]byte string bool byte rune float32 float64 int int8..int64
//! uint uint8..uint64`. A parameter is *buildable* when its type is one of those, a named type or
//! alias over a buildable type declared in the same package, a struct (or pointer to a struct)
//! whose fields are all buildable, a slice or map of buildable elements (decoded from bytes), or
//! one of the well-known library types heatseed knows how to make (context, readers, durations...).
//! Anything else (funcs, channels, non-empty interfaces, types of other packages) makes the
//! function unfuzzable, with the reason.

use crate::index::{Function, GoType, TypeDecl};
use std::collections::HashMap;

/// The go names `f.Fuzz` accepts.
pub const NATIVE_FUZZ_TYPES: &[&str] = &[
    "[]byte", "string", "bool", "byte", "rune", "float32", "float64", "int", "int8", "int16",
    "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
];

/// Library types heatseed can construct from fuzz arguments.
pub const KNOWN_LIBRARY_TYPES: &[&str] = &[
    "context.Context",
    "io.Reader",
    "io.ByteReader",
    "*bytes.Reader",
    "*strings.Reader",
    "*bufio.Reader",
    "*bytes.Buffer",
    "time.Duration",
    "time.Time",
    "*url.URL",
    "url.Values",
    "net.IP",
    "*http.Request",
];

/// Type declarations of one package by name.
pub type PackageTypes<'a> = HashMap<&'a str, &'a TypeDecl>;

/// `Ok(())` when every parameter (and the receiver) can be built, else the first reason.
pub fn fuzzability(f: &Function, types: &PackageTypes) -> Result<(), String> {
    if f.body.is_none() {
        return Err("no body (assembly or linkname declaration)".into());
    }
    if let Some(r) = &f.receiver {
        match types.get(r.type_name.as_str()) {
            Some(decl) => {
                if let Err(why) = buildable(&decl.ty, types, 0) {
                    return Err(format!("receiver {}: {why}", r.type_name));
                }
            }
            None => return Err(format!("receiver type {} not found", r.type_name)),
        }
    }
    if !f.type_params.is_empty() {
        for tp in &f.type_params {
            if instantiation(&tp.constraint).is_none() {
                return Err(format!(
                    "type parameter {} has constraint {} that no native type satisfies",
                    tp.name, tp.constraint
                ));
            }
        }
    }
    for p in &f.params {
        let ty = if p.variadic {
            GoType::Slice {
                elem: Box::new(p.ty.clone()),
            }
        } else {
            p.ty.clone()
        };
        let ty = substitute_type_params(&ty, f);
        if let Err(why) = buildable(&ty, types, 0) {
            let name = p.name.as_deref().unwrap_or("_");
            return Err(format!("parameter {name} {}: {why}", p.ty));
        }
    }
    Ok(())
}

/// A native type that satisfies a type-parameter constraint, if heatseed can pick one.
pub fn instantiation(constraint: &str) -> Option<&'static str> {
    let c = constraint.trim();
    match c {
        "any" | "interface{}" | "comparable" | "cmp.Ordered" | "constraints.Ordered" => Some("int"),
        "constraints.Integer" | "constraints.Signed" => Some("int"),
        "constraints.Unsigned" => Some("uint"),
        "constraints.Float" => Some("float64"),
        _ => {
            // Union of terms: pick the first native one (`~int | ~string`).
            c.split('|')
                .map(|t| t.trim().trim_start_matches('~'))
                .find_map(|t| NATIVE_FUZZ_TYPES.iter().copied().find(|n| *n == t))
        }
    }
}

fn substitute_type_params(ty: &GoType, f: &Function) -> GoType {
    match ty {
        GoType::Named {
            pkg: None,
            name,
            args,
        } if args.is_empty() => match f.type_params.iter().find(|tp| &tp.name == name) {
            Some(tp) => GoType::Named {
                pkg: None,
                name: instantiation(&tp.constraint).unwrap_or("int").to_string(),
                args: vec![],
            },
            None => ty.clone(),
        },
        GoType::Slice { elem } => GoType::Slice {
            elem: Box::new(substitute_type_params(elem, f)),
        },
        GoType::Pointer { elem } => GoType::Pointer {
            elem: Box::new(substitute_type_params(elem, f)),
        },
        _ => ty.clone(),
    }
}

const MAX_DEPTH: usize = 4;

/// `Ok(())` when a value of `ty` can be built from fuzz arguments.
pub fn buildable(ty: &GoType, types: &PackageTypes, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("type nests too deeply".into());
    }
    let text = ty.to_string();
    if NATIVE_FUZZ_TYPES.contains(&text.as_str()) || KNOWN_LIBRARY_TYPES.contains(&text.as_str()) {
        return Ok(());
    }
    match ty {
        GoType::Named {
            pkg: None, name, ..
        } => match name.as_str() {
            "error" => Err("error values cannot be built from fuzz input".into()),
            "any" => Err("interface any: no concrete type to build".into()),
            "uintptr" | "complex64" | "complex128" => {
                Err(format!("{name} is not a native fuzz type"))
            }
            _ => match types.get(name.as_str()) {
                Some(decl) if !decl.type_params.is_empty() => {
                    Err(format!("generic type {name} needs instantiation"))
                }
                Some(decl) => buildable(&decl.ty, types, depth + 1),
                None => Err(format!("type {name} not found in the package")),
            },
        },
        GoType::Named {
            pkg: Some(p), name, ..
        } => Err(format!("{p}.{name}: type of another package")),
        GoType::Pointer { elem } => buildable(elem, types, depth + 1),
        GoType::Slice { elem } | GoType::Array { elem, .. } => buildable(elem, types, depth + 1),
        GoType::Map { key, value } => {
            buildable(key, types, depth + 1)?;
            buildable(value, types, depth + 1)
        }
        GoType::Struct { fields } => {
            for fd in fields {
                if let Some(n) = &fd.name {
                    if n == "_" {
                        continue;
                    }
                }
                buildable(&fd.ty, types, depth + 1).map_err(|why| {
                    format!(
                        "field {}: {why}",
                        fd.name.as_deref().unwrap_or("(embedded)")
                    )
                })?;
            }
            Ok(())
        }
        GoType::Chan { .. } => Err("channel".into()),
        GoType::Func { .. } => Err("func value".into()),
        GoType::Interface { empty: true, .. } => {
            Err("empty interface: no concrete type to build".into())
        }
        GoType::Interface { .. } => Err("interface with methods".into()),
        GoType::Other { text } => Err(format!("unsupported type {text}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(n: &str) -> GoType {
        GoType::Named {
            pkg: None,
            name: n.into(),
            args: vec![],
        }
    }

    #[test]
    fn native_and_named_types_are_buildable() {
        let decl = TypeDecl {
            name: "OrderID".into(),
            type_params: vec![],
            alias: false,
            ty: named("string"),
            line: 1,
        };
        let mut types = PackageTypes::new();
        types.insert("OrderID", &decl);
        assert!(buildable(&named("int64"), &types, 0).is_ok());
        assert!(buildable(&named("OrderID"), &types, 0).is_ok());
        assert!(buildable(
            &GoType::Slice {
                elem: Box::new(named("byte"))
            },
            &types,
            0
        )
        .is_ok());
        assert_eq!(
            buildable(&named("Missing"), &types, 0).unwrap_err(),
            "type Missing not found in the package"
        );
        assert_eq!(
            buildable(
                &GoType::Func {
                    text: "func()".into()
                },
                &types,
                0
            )
            .unwrap_err(),
            "func value"
        );
    }

    #[test]
    fn constraints_pick_a_native_instantiation() {
        assert_eq!(instantiation("cmp.Ordered"), Some("int"));
        assert_eq!(instantiation("~string | ~[]byte"), Some("string"));
        assert_eq!(instantiation("fmt.Stringer"), None);
    }
}
