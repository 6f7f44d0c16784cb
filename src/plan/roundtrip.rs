//! Inverse pairs as fuzz properties.
//!
//! A *format* side turns a local named type `T` into text or bytes: a method of `T` named
//! `String`, `Format`, `Encode*` or `Marshal*` with no parameters, or a function `Format*`,
//! `Encode*`, `Marshal*` of one `T`/`*T` parameter; both return `string` or `[]byte`,
//! optionally with an `error`. A *parse* side is a function `Parse*`, `Decode*`,
//! `Unmarshal*` of one `string`/`[]byte` parameter returning `T` or `*T`, optionally with an
//! `error`. Format/String pair with Parse, Encode with Decode, Marshal with Unmarshal, over the
//! same `T` and the same text type.
//!
//! The property is a *candidate*: it is kept only when the pre-flight check replayed the
//! generated seeds with plain `go test` without breaking it (`generate::preflight`).

use super::PackageInfo;
use crate::index::{Function, GoType};
use serde::Serialize;

/// A round trip to check in the harness of one side of the pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoundTrip {
    /// The target is the format side: `Parse(Format(v)) == v`. Otherwise the target is the
    /// parse side: when `v := Parse(x)` succeeds, `Parse(Format(v)) == v`.
    pub value_first: bool,
    /// The value type `T`.
    pub ty: String,
    /// Format side: method (`v.Format()`) or function (`Encode(v)`) name.
    pub format: String,
    pub format_is_method: bool,
    /// The format side takes `*T` (pointer receiver or pointer parameter).
    pub format_takes_pointer: bool,
    pub format_returns_error: bool,
    /// Parse side: function name.
    pub parse: String,
    pub parse_returns_pointer: bool,
    pub parse_returns_error: bool,
}

#[derive(Clone, Debug)]
struct Format {
    ty: String,
    name: String,
    method: bool,
    ptr: bool,
    text: String,
    err: bool,
}

#[derive(Clone, Debug)]
struct Parse {
    ty: String,
    name: String,
    ptr: bool,
    text: String,
    err: bool,
}

fn family_of_format(name: &str) -> Option<&'static str> {
    if name == "String" || name.starts_with("Format") {
        Some("parse")
    } else if name.starts_with("Encode") {
        Some("decode")
    } else if name.starts_with("Marshal") {
        Some("unmarshal")
    } else {
        None
    }
}

fn family_of_parse(name: &str) -> Option<&'static str> {
    if name.starts_with("Parse") {
        Some("parse")
    } else if name.starts_with("Decode") {
        Some("decode")
    } else if name.starts_with("Unmarshal") {
        Some("unmarshal")
    } else {
        None
    }
}

fn text_type(ty: &GoType) -> Option<String> {
    let t = ty.to_string();
    match t.as_str() {
        "string" => Some(t),
        "[]byte" | "[]uint8" => Some("[]byte".into()),
        _ => None,
    }
}

/// (`T`, is pointer) for a local non-generic named type or pointer to one.
fn local_named(ty: &GoType, pkg: &PackageInfo) -> Option<(String, bool)> {
    let (inner, ptr) = match ty {
        GoType::Pointer { elem } => (&**elem, true),
        t => (t, false),
    };
    match inner {
        GoType::Named {
            pkg: None,
            name,
            args,
        } if args.is_empty() => {
            let d = pkg.type_decl(name)?;
            (d.type_params.is_empty() && !d.alias).then(|| (name.clone(), ptr))
        }
        _ => None,
    }
}

fn results_text(f: &Function) -> Option<(String, bool)> {
    match f.results.as_slice() {
        [r] => Some((text_type(&r.ty)?, false)),
        [r, e] if e.ty.to_string() == "error" => Some((text_type(&r.ty)?, true)),
        _ => None,
    }
}

fn as_format(f: &Function, pkg: &PackageInfo) -> Option<Format> {
    family_of_format(&f.name)?;
    if !f.type_params.is_empty() {
        return None;
    }
    let (text, err) = results_text(f)?;
    match &f.receiver {
        Some(r) if f.params.is_empty() && r.type_args.is_empty() => {
            let d = pkg.type_decl(&r.type_name)?;
            (d.type_params.is_empty() && !d.alias).then(|| Format {
                ty: r.type_name.clone(),
                name: f.name.clone(),
                method: true,
                ptr: r.pointer,
                text,
                err,
            })
        }
        None if f.params.len() == 1 && !f.params[0].variadic && f.name != "String" => {
            let (ty, ptr) = local_named(&f.params[0].ty, pkg)?;
            Some(Format {
                ty,
                name: f.name.clone(),
                method: false,
                ptr,
                text,
                err,
            })
        }
        _ => None,
    }
}

fn as_parse(f: &Function, pkg: &PackageInfo) -> Option<Parse> {
    family_of_parse(&f.name)?;
    if f.receiver.is_some()
        || !f.type_params.is_empty()
        || f.params.len() != 1
        || f.params[0].variadic
    {
        return None;
    }
    let text = text_type(&f.params[0].ty)?;
    let (ty, ptr, err) = match f.results.as_slice() {
        [r] => {
            let (t, p) = local_named(&r.ty, pkg)?;
            (t, p, false)
        }
        [r, e] if e.ty.to_string() == "error" => {
            let (t, p) = local_named(&r.ty, pkg)?;
            (t, p, true)
        }
        _ => return None,
    };
    Some(Parse {
        ty,
        name: f.name.clone(),
        ptr,
        text,
        err,
    })
}

fn pairs(fm: &Format, p: &Parse) -> bool {
    fm.ty == p.ty && fm.text == p.text && family_of_format(&fm.name) == family_of_parse(&p.name)
}

fn make(fm: &Format, p: &Parse, value_first: bool) -> RoundTrip {
    RoundTrip {
        value_first,
        ty: fm.ty.clone(),
        format: fm.name.clone(),
        format_is_method: fm.method,
        format_takes_pointer: fm.ptr,
        format_returns_error: fm.err,
        parse: p.name.clone(),
        parse_returns_pointer: p.ptr,
        parse_returns_error: p.err,
    }
}

/// The candidate round trip for target `f`, if `f` is one side of an inverse pair. Among
/// several partners the one named after the type (`ParsePoint` for `Point`) wins, then the
/// first by name.
pub fn property_for(f: &Function, pkg: &PackageInfo) -> Option<RoundTrip> {
    let mut funcs: Vec<&Function> = pkg.functions.iter().filter(|g| g.body.is_some()).collect();
    funcs.sort_by_key(|g| g.qualified_name());
    if let Some(fm) = as_format(f, pkg) {
        let mut cands: Vec<Parse> = funcs
            .iter()
            .filter_map(|g| as_parse(g, pkg))
            .filter(|p| pairs(&fm, p))
            .collect();
        cands.sort_by_key(|p| !p.name.ends_with(&fm.ty));
        return cands.first().map(|p| make(&fm, p, true));
    }
    if let Some(p) = as_parse(f, pkg) {
        let mut cands: Vec<Format> = funcs
            .iter()
            .filter_map(|g| as_format(g, pkg))
            .filter(|fm| pairs(fm, &p))
            .collect();
        cands.sort_by_key(|fm| !fm.method);
        return cands.first().map(|fm| make(fm, &p, false));
    }
    None
}
