//! Go constant expressions: literals (decoded by [`crate::golex`]), constant folding over package constants (iota groups, typed
//! constants, `+ - * / % << >> | & ^ &^`, string concatenation), package-level vars initialised
//! with a literal, and a small table of standard-library constants (`math.MaxInt32`...).

use super::Lit;
use crate::golex::{parse_float_lit, parse_int_lit, unquote_char_lit, unquote_string};
use crate::gotypes::{Basic, Kind};
use crate::index::{ConstDecl, Expr, GoType};

/// A few standard-library constants heatseed meets in guards (64-bit `int`).
pub fn std_const(pkg: &str, name: &str) -> Option<Lit> {
    let i = |v: i128| Some(Lit::Int(v));
    match (pkg, name) {
        ("math", "MaxInt8") => i(i8::MAX as i128),
        ("math", "MinInt8") => i(i8::MIN as i128),
        ("math", "MaxInt16") => i(i16::MAX as i128),
        ("math", "MinInt16") => i(i16::MIN as i128),
        ("math", "MaxInt32") => i(i32::MAX as i128),
        ("math", "MinInt32") => i(i32::MIN as i128),
        ("math", "MaxInt64" | "MaxInt") => i(i64::MAX as i128),
        ("math", "MinInt64" | "MinInt") => i(i64::MIN as i128),
        ("math", "MaxUint8") => i(u8::MAX as i128),
        ("math", "MaxUint16") => i(u16::MAX as i128),
        ("math", "MaxUint32") => i(u32::MAX as i128),
        ("math", "MaxUint64" | "MaxUint") => i(u64::MAX as i128),
        ("math", "MaxFloat64") => Some(Lit::Float(f64::MAX)),
        ("math", "SmallestNonzeroFloat64") => Some(Lit::Float(f64::from_bits(1))),
        ("math", "MaxFloat32") => Some(Lit::Float(f32::MAX as f64)),
        ("math", "Pi") => Some(Lit::Float(std::f64::consts::PI)),
        ("math", "E") => Some(Lit::Float(std::f64::consts::E)),
        ("utf8", "RuneError") => Some(Lit::Rune(0xFFFD)),
        ("utf8", "MaxRune") | ("unicode", "MaxRune") => Some(Lit::Rune(0x10FFFF)),
        ("utf8", "RuneSelf") => i(0x80),
        ("utf8", "UTFMax") => i(4),
        ("unicode", "MaxASCII") => Some(Lit::Rune(0x7F)),
        ("unicode", "MaxLatin1") => Some(Lit::Rune(0xFF)),
        ("time", "Nanosecond") => i(1),
        ("time", "Microsecond") => i(1_000),
        ("time", "Millisecond") => i(1_000_000),
        ("time", "Second") => i(1_000_000_000),
        ("time", "Minute") => i(60_000_000_000),
        ("time", "Hour") => i(3_600_000_000_000),
        ("io", "SeekStart") => i(0),
        ("io", "SeekCurrent") => i(1),
        ("io", "SeekEnd") => i(2),
        _ => None,
    }
}

/// Package-level names a constant expression may use.
#[derive(Clone, Copy)]
pub(crate) struct ConstEnv<'a> {
    pub consts: &'a [ConstDecl],
    /// Package-level vars with their initialiser (`var magic = []byte("HSCF")`).
    pub vars: &'a [(String, Expr)],
}

/// A constant with its Go type name when typed (`uint8`, `int64`, `Flag`), None when untyped.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CVal {
    pub lit: Lit,
    pub ty: Option<String>,
}

/// Bits and signedness of a builtin integer type name (see [`Basic::int_bits`]).
pub(crate) fn int_type(name: &str) -> Option<(u32, bool)> {
    Basic::parse(name).and_then(Basic::int_bits)
}

/// Truncates `v` to the integer type (two's complement wrap-around as a Go conversion does).
pub(crate) fn wrap_int(v: i128, bits: u32, signed: bool) -> i128 {
    let m = (v as u128) & ((1u128 << bits) - 1);
    if signed && m >> (bits - 1) == 1 {
        m as i128 - (1i128 << bits)
    } else {
        m as i128
    }
}

fn type_name(ty: &GoType) -> Option<String> {
    match ty {
        GoType::Named {
            pkg: None, name, ..
        } => Some(name.clone()),
        _ => None,
    }
}

const MAX_DEPTH: u32 = 48;

/// Folds a constant expression. `iota` is the value of `iota` inside a const spec (None
/// elsewhere). Returns None for anything not constant.
pub(crate) fn eval_const(e: &Expr, iota: Option<i128>, env: ConstEnv<'_>) -> Option<CVal> {
    eval(e, iota, env, 0)
}

fn untyped(lit: Lit) -> Option<CVal> {
    Some(CVal { lit, ty: None })
}

fn eval(e: &Expr, iota: Option<i128>, env: ConstEnv<'_>, depth: u32) -> Option<CVal> {
    if depth > MAX_DEPTH {
        return None;
    }
    let d = depth + 1;
    match e {
        Expr::Int { text } => untyped(Lit::Int(parse_int_lit(text)?)),
        Expr::Float { text } => untyped(Lit::Float(parse_float_lit(text)?)),
        Expr::Rune { text } => untyped(Lit::Rune(unquote_char_lit(text.as_bytes()).ok()?)),
        Expr::Str { text } => untyped(Lit::Str(unquote_string(text.as_bytes()).ok()?)),
        Expr::Paren { x } => eval(x, iota, env, d),
        Expr::Ident { name } => match name.as_str() {
            "iota" => untyped(Lit::Int(iota?)),
            "true" => untyped(Lit::Bool(true)),
            "false" => untyped(Lit::Bool(false)),
            "nil" => untyped(Lit::Nil),
            _ => lookup(name, env, d),
        },
        Expr::Selector { x, sel } => match &**x {
            Expr::Ident { name } => untyped(std_const(name, sel)?),
            _ => None,
        },
        Expr::Unary { op, x } => {
            let v = eval(x, iota, env, d)?;
            let lit = match (op.as_str(), &v.lit) {
                ("+", _) => v.lit.clone(),
                ("-", Lit::Int(i)) => Lit::Int(-i),
                ("-", Lit::Rune(r)) => Lit::Int(-(*r as i128)),
                ("-", Lit::Float(f)) => Lit::Float(-f),
                ("!", Lit::Bool(b)) => Lit::Bool(!b),
                ("^", _) => {
                    let i = v.lit.as_int()?;
                    match v.ty.as_deref().and_then(int_type) {
                        Some((bits, false)) => Lit::Int(wrap_int(!i, bits, false)),
                        _ => Lit::Int(!i),
                    }
                }
                _ => return None,
            };
            Some(CVal { lit, ty: v.ty })
        }
        Expr::Binary { op, left, right } => {
            let l = eval(left, iota, env, d)?;
            let r = eval(right, iota, env, d)?;
            binary(op, l, r)
        }
        Expr::Call { func, args, spread } => {
            if *spread || args.len() != 1 {
                return None;
            }
            let ftext = func.text();
            if ftext == "len" {
                let v = eval(&args[0], iota, env, d)?;
                return untyped(Lit::Int(v.lit.as_bytes()?.len() as i128));
            }
            let v = eval(&args[0], iota, env, d)?;
            convert(&ftext, v)
        }
        Expr::Composite { text } => byte_slice_composite(text).map(|b| CVal {
            lit: Lit::Str(b),
            ty: Some("[]byte".into()),
        }),
        _ => None,
    }
}

fn lookup(name: &str, env: ConstEnv<'_>, depth: u32) -> Option<CVal> {
    if let Some(c) = env.consts.iter().find(|c| c.name == name) {
        let v = eval(c.value.as_ref()?, Some(c.iota as i128), env, depth)?;
        let ty = c.ty.as_ref().and_then(type_name);
        return match ty {
            Some(t) => convert(&t, v.clone()).or(Some(v)),
            None => Some(v),
        };
    }
    if let Some((_, e)) = env.vars.iter().find(|(n, _)| n == name) {
        return eval(e, None, env, depth);
    }
    None
}

/// `T(v)` for builtin numeric and string types, `[]byte(s)`; other named types keep the value
/// and take the type name.
fn convert(ty: &str, v: CVal) -> Option<CVal> {
    let typed = |lit| {
        Some(CVal {
            lit,
            ty: Some(ty.to_string()),
        })
    };
    if let Some((bits, signed)) = int_type(ty) {
        let i = match &v.lit {
            Lit::Float(f) if f.fract() == 0.0 => *f as i128,
            other => other.as_int()?,
        };
        return typed(Lit::Int(wrap_int(i, bits, signed)));
    }
    match Basic::parse(ty).map(Basic::kind) {
        Some(Kind::Float) => typed(Lit::Float(v.lit.as_float()?)),
        Some(Kind::String) => match &v.lit {
            Lit::Str(b) => typed(Lit::Str(b.clone())),
            other => {
                let c = char::from_u32(u32::try_from(other.as_int()?).ok()?).unwrap_or('\u{FFFD}');
                typed(Lit::Str(c.to_string().into_bytes()))
            }
        },
        _ if ty == "[]byte" => typed(Lit::Str(v.lit.as_bytes()?.to_vec())),
        Some(Kind::Bool) => typed(v.lit),
        _ if ty
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.') =>
        {
            typed(v.lit)
        }
        _ => None,
    }
}

fn binary(op: &str, l: CVal, r: CVal) -> Option<CVal> {
    let ty = l.ty.clone().or(r.ty.clone());
    let shift = matches!(op, "<<" | ">>");
    let ty = if shift { l.ty.clone() } else { ty };
    if let Some(cmp) = super::CmpOp::from_go(op) {
        let b = match (&l.lit, &r.lit) {
            (Lit::Str(a), Lit::Str(b)) => cmp.holds(a, b),
            (Lit::Bool(a), Lit::Bool(b)) => cmp.holds(a, b),
            (a, b) => match (a.as_int(), b.as_int()) {
                (Some(x), Some(y)) => cmp.holds(&x, &y),
                _ => cmp.holds(&a.as_float()?, &b.as_float()?),
            },
        };
        return untyped(Lit::Bool(b));
    }
    let lit = match (&l.lit, &r.lit) {
        (Lit::Str(a), Lit::Str(b)) if op == "+" => Lit::Str([a.as_slice(), b].concat()),
        (Lit::Bool(a), Lit::Bool(b)) => match op {
            "&&" => Lit::Bool(*a && *b),
            "||" => Lit::Bool(*a || *b),
            _ => return None,
        },
        (a, b) if a.as_int().is_some() && b.as_int().is_some() => {
            let (x, y) = (a.as_int()?, b.as_int()?);
            let v = match op {
                "+" => x.checked_add(y)?,
                "-" => x.checked_sub(y)?,
                "*" => x.checked_mul(y)?,
                "/" => x.checked_div(y)?,
                "%" => x.checked_rem(y)?,
                "<<" => x.checked_shl(u32::try_from(y).ok().filter(|s| *s < 127)?)?,
                ">>" => x >> u32::try_from(y).ok()?.min(127),
                "|" => x | y,
                "&" => x & y,
                "^" => x ^ y,
                "&^" => x & !y,
                _ => return None,
            };
            let v = match ty.as_deref().and_then(int_type) {
                Some((bits, signed)) => wrap_int(v, bits, signed),
                None => v,
            };
            if matches!((a, b), (Lit::Rune(_), _) | (_, Lit::Rune(_))) && ty.is_none() {
                Lit::Rune(u32::try_from(v).ok()?)
            } else {
                Lit::Int(v)
            }
        }
        (a, b) => {
            let (x, y) = (a.as_float()?, b.as_float()?);
            Lit::Float(match op {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                "/" if y != 0.0 => x / y,
                _ => return None,
            })
        }
    };
    Some(CVal { lit, ty })
}

/// `[]byte{0x89, 'P', 78}` → bytes (composite literals keep only their text in the model).
pub fn byte_slice_composite(text: &str) -> Option<Vec<u8>> {
    let body = text
        .trim()
        .strip_prefix("[]byte")
        .or_else(|| text.trim().strip_prefix("[]uint8"))?
        .trim()
        .strip_prefix('{')?
        .strip_suffix('}')?;
    let mut out = Vec::new();
    for item in body.split(',') {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let v = if item.starts_with('\'') {
            unquote_char_lit(item.as_bytes()).ok()? as i128
        } else {
            parse_int_lit(item)?
        };
        out.push(u8::try_from(v).ok()?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: &str) -> Expr {
        Expr::ident(n)
    }
    fn int(t: &str) -> Expr {
        Expr::Int { text: t.into() }
    }
    fn bin(op: &str, l: Expr, r: Expr) -> Expr {
        Expr::Binary {
            op: op.into(),
            left: Box::new(l),
            right: Box::new(r),
        }
    }
    fn decl(name: &str, ty: Option<&str>, value: Expr, iota: u32) -> ConstDecl {
        ConstDecl {
            name: name.into(),
            ty: ty.map(|t| GoType::Named {
                pkg: None,
                name: t.into(),
                args: vec![],
            }),
            value: Some(value),
            iota,
            line: 1,
        }
    }
    fn val(e: &Expr, consts: &[ConstDecl], vars: &[(String, Expr)]) -> Option<Lit> {
        eval_const(e, None, ConstEnv { consts, vars }).map(|c| c.lit)
    }

    #[test]
    fn iota_groups_and_constant_arithmetic_fold() {
        // const ( KB = 1 << (10 * (iota + 1)); MB; GB )
        let e = bin(
            "<<",
            int("1"),
            Expr::Paren {
                x: Box::new(bin(
                    "*",
                    int("10"),
                    Expr::Paren {
                        x: Box::new(bin("+", id("iota"), int("1"))),
                    },
                )),
            },
        );
        let consts = vec![
            decl("KB", None, e.clone(), 0),
            decl("MB", None, e.clone(), 1),
            decl("GB", None, e, 2),
            decl("First", Some("Kind"), bin("+", id("iota"), int("1")), 0),
            decl("Second", Some("Kind"), bin("+", id("iota"), int("1")), 1),
            decl(
                "Max8",
                Some("uint8"),
                Expr::Unary {
                    op: "^".into(),
                    x: Box::new(Expr::Call {
                        func: Box::new(id("uint8")),
                        args: vec![int("0")],
                        spread: false,
                    }),
                },
                0,
            ),
            decl(
                "Name",
                None,
                bin(
                    "+",
                    Expr::Str {
                        text: "\"ab\"".into(),
                    },
                    Expr::Str {
                        text: "`cd`".into(),
                    },
                ),
                0,
            ),
            decl("Mask", None, bin("&^", int("0xff"), int("0x0f")), 0),
            decl(
                "Limit",
                None,
                bin(
                    "-",
                    Expr::Selector {
                        x: Box::new(id("math")),
                        sel: "MaxInt32".into(),
                    },
                    int("1"),
                ),
                0,
            ),
        ];
        let v = |n: &str| val(&id(n), &consts, &[]);
        assert_eq!(v("KB"), Some(Lit::Int(1024)));
        assert_eq!(v("GB"), Some(Lit::Int(1 << 30)));
        assert_eq!(v("Second"), Some(Lit::Int(2)));
        assert_eq!(v("Max8"), Some(Lit::Int(255)));
        assert_eq!(v("Name"), Some(Lit::Str(b"abcd".to_vec())));
        assert_eq!(v("Mask"), Some(Lit::Int(0xf0)));
        assert_eq!(v("Limit"), Some(Lit::Int(i32::MAX as i128 - 1)));
        assert_eq!(v("Unknown"), None);
    }

    #[test]
    fn package_vars_with_literal_initialisers_are_constants() {
        let vars = vec![
            (
                "magic".to_string(),
                Expr::Call {
                    func: Box::new(Expr::Other {
                        text: "[]byte".into(),
                    }),
                    args: vec![Expr::Str {
                        text: "\"HSCF\"".into(),
                    }],
                    spread: false,
                },
            ),
            (
                "png".to_string(),
                Expr::Composite {
                    text: "[]byte{0x89, 'P', 'N', 71}".into(),
                },
            ),
        ];
        assert_eq!(
            val(&id("magic"), &[], &vars),
            Some(Lit::Str(b"HSCF".to_vec()))
        );
        assert_eq!(
            val(&id("png"), &[], &vars),
            Some(Lit::Str(b"\x89PNG".to_vec()))
        );
    }
}
