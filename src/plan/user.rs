//! Users' own fuzz tests: find `func FuzzXxx(f *testing.F)` in a package's `_test.go` files,
//! read the argument list of its `f.Fuzz(func(t *testing.T, ...))` callback, and see which
//! package functions it calls with which of those arguments, so seeds for those functions can
//! go into that fuzz test's corpus with exactly its argument list.

use crate::constraints::Lit;
use crate::golex::{parse_float_lit, parse_int_lit, unquote_char_lit, unquote_string};
use crate::index::{Expr, Function, GoFile};
use crate::values::synth::lit_to_value;
use crate::values::{FuzzType, Value};
use serde::Serialize;

/// A fuzz test found in the user's test files.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UserFuzz {
    pub name: String,
    /// File that declares it.
    pub file: String,
    pub line: u32,
    /// `f.Fuzz` callback arguments after `t *testing.T`: (name, type).
    pub args: Vec<(String, FuzzType)>,
    /// Calls of package functions from the callback: callee name (bare function name, or
    /// `.Method` for method calls) and, per callee argument, the fuzz argument it passes
    /// through unchanged (or through a conversion), if any.
    pub calls: Vec<UserCall>,
    /// The `f.Add(...)` seeds whose arguments are all literals, as values of the argument types.
    #[serde(skip)]
    pub adds: Vec<Vec<Value>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UserCall {
    pub callee: String,
    pub method: bool,
    pub arg_map: Vec<Option<usize>>,
}

/// Why a user fuzz test cannot be fed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unreadable {
    pub name: String,
    pub file: String,
    pub reason: String,
}

/// All `FuzzXxx(f *testing.F)` functions of parsed test files.
pub fn find_user_fuzz_tests(files: &[GoFile]) -> (Vec<UserFuzz>, Vec<Unreadable>) {
    let mut found = Vec::new();
    let mut bad = Vec::new();
    for file in files {
        for f in &file.functions {
            if f.receiver.is_some() || !is_fuzz_name(&f.name) || !takes_testing_f(f) {
                continue;
            }
            let file_name = file.path.display().to_string();
            match read_fuzz(f, file) {
                Ok((args, calls)) => found.push(UserFuzz {
                    name: f.name.clone(),
                    file: file_name,
                    line: f.range.start.line,
                    adds: read_adds(f, &args),
                    args,
                    calls,
                }),
                Err(reason) => bad.push(Unreadable {
                    name: f.name.clone(),
                    file: file_name,
                    reason,
                }),
            }
        }
    }
    (found, bad)
}

/// `Fuzz` followed by nothing or by a character that is not a lower-case letter (Go's rule
/// for test names).
pub fn is_fuzz_name(name: &str) -> bool {
    match name.strip_prefix("Fuzz") {
        Some(rest) => !rest.chars().next().is_some_and(|c| c.is_lowercase()),
        None => false,
    }
}

fn takes_testing_f(f: &Function) -> bool {
    f.params.len() == 1 && f.params[0].ty.to_string() == "*testing.F"
}

/// The callback's fuzz arguments and the package calls made from it.
type FuzzBody = (Vec<(String, FuzzType)>, Vec<UserCall>);

fn read_fuzz(f: &Function, file: &GoFile) -> Result<FuzzBody, String> {
    let fuzz_call = f
        .calls
        .iter()
        .find(|c| matches!(&c.func, Expr::Selector { sel, .. } if sel == "Fuzz"))
        .ok_or("no f.Fuzz call")?;
    let Some(Expr::FuncLit { text }) = fuzz_call.args.first() else {
        return Err("f.Fuzz is not given a func literal".into());
    };
    let params = parse_param_list(text).ok_or("cannot read the f.Fuzz callback's parameters")?;
    let mut it = params.into_iter();
    match it.next() {
        Some((_, ty)) if ty == "*testing.T" => {}
        _ => return Err("the f.Fuzz callback does not start with *testing.T".into()),
    }
    let mut args = Vec::new();
    for (name, ty) in it {
        let ft = FuzzType::parse(&ty)
            .ok_or_else(|| format!("argument {name} has type {ty}, not a native fuzz type"))?;
        args.push((name, ft));
    }
    if args.is_empty() {
        return Err("the f.Fuzz callback takes no fuzz arguments".into());
    }
    let lit_start = fuzz_call.pos;
    let calls = f
        .calls
        .iter()
        .filter(|c| c.pos > lit_start)
        .filter_map(|c| {
            let (callee, method) = match &c.func {
                Expr::Ident { name } => (name.clone(), false),
                // `order.ParseOrder(s)` from an external test package: a package function.
                Expr::Selector { x, sel } => match x.as_ref() {
                    Expr::Ident { name } if name == "t" || name == "f" => return None,
                    Expr::Ident { name } if file.imports.iter().any(|i| i.local_name() == name) => {
                        (sel.clone(), false)
                    }
                    _ => (sel.clone(), true),
                },
                _ => return None,
            };
            let arg_map = c
                .args
                .iter()
                .map(|a| passthrough(a).and_then(|n| args.iter().position(|(an, _)| an == n)))
                .collect();
            Some(UserCall {
                callee,
                method,
                arg_map,
            })
        })
        .collect();
    Ok((args, calls))
}

/// `f.Add(a, b, ...)` calls whose arguments are literals of the fuzz argument types.
fn read_adds(f: &Function, args: &[(String, FuzzType)]) -> Vec<Vec<Value>> {
    let recv = f.params[0].name.as_deref().unwrap_or("f");
    f.calls
        .iter()
        .filter(|c| {
            matches!(&c.func, Expr::Selector { x, sel }
                if sel == "Add" && matches!(x.as_ref(), Expr::Ident { name } if name == recv))
        })
        .filter(|c| c.args.len() == args.len())
        .filter_map(|c| {
            c.args
                .iter()
                .zip(args)
                .map(|(e, (_, t))| literal_value(e, *t))
                .collect()
        })
        .collect()
}

/// A literal argument of `f.Add` as a value of type `t`: `"x"`, `[]byte("x")`, `int64(5)`,
/// `-3`, `'a'`, `true`, `1.5`.
pub fn literal_value(e: &Expr, t: FuzzType) -> Option<Value> {
    let lit = match e {
        Expr::Str { text } => Lit::Str(unquote_string(text.as_bytes()).ok()?),
        Expr::Int { text } => Lit::Int(parse_int_lit(text)?),
        Expr::Float { text } => Lit::Float(parse_float_lit(text)?),
        Expr::Rune { text } => Lit::Rune(unquote_char_lit(text.as_bytes()).ok()?),
        Expr::Ident { name } if name == "true" || name == "false" => Lit::Bool(name == "true"),
        Expr::Ident { name } if name == "nil" => Lit::Nil,
        Expr::Paren { x } => return literal_value(x, t),
        Expr::Unary { op, x } if op == "-" => {
            // `-128` as an int8: negate before fitting the type (128 alone does not fit).
            if let Expr::Int { text } = x.as_ref() {
                return lit_to_value(&Lit::Int(-parse_int_lit(text)?), t);
            }
            return match literal_value(x, t)? {
                Value::Float64(v) => Some(Value::Float64(-v)),
                Value::Float32(v) => Some(Value::Float32(-v)),
                v => {
                    let n = match lit_of_int(&v)? {
                        Lit::Int(n) => -n,
                        _ => return None,
                    };
                    lit_to_value(&Lit::Int(n), t)
                }
            };
        }
        // Conversions: `int64(5)`, `[]byte("x")`, `string(...)`.
        Expr::Call { args, .. } if args.len() == 1 => return literal_value(&args[0], t),
        _ => return None,
    };
    lit_to_value(&lit, t)
}

fn lit_of_int(v: &Value) -> Option<Lit> {
    Some(Lit::Int(match v {
        Value::Int(x) | Value::Int64(x) => *x as i128,
        Value::Int8(x) => *x as i128,
        Value::Int16(x) => *x as i128,
        Value::Int32(x) | Value::Rune(x) => *x as i128,
        Value::Uint(x) | Value::Uint64(x) => *x as i128,
        Value::Uint8(x) | Value::Byte(x) => *x as i128,
        Value::Uint16(x) => *x as i128,
        Value::Uint32(x) => *x as i128,
        _ => return None,
    }))
}

/// The fuzz argument name an expression passes unchanged: `s`, `string(b)`, `[]byte(s)`,
/// `int64(n)`, `Level(n)`.
fn passthrough(e: &Expr) -> Option<&str> {
    match e {
        Expr::Ident { name } => Some(name),
        Expr::Paren { x } => passthrough(x),
        Expr::Call { func, args, .. } if args.len() == 1 => match func.as_ref() {
            Expr::Ident { .. } | Expr::Other { .. } => passthrough(&args[0]),
            _ => None,
        },
        _ => None,
    }
}

/// Parameters of a func literal's text `func(a, b int, c string) ...` as (name, type) pairs.
pub fn parse_param_list(text: &str) -> Option<Vec<(String, String)>> {
    let rest = text.trim_start().strip_prefix("func")?.trim_start();
    let rest = rest.strip_prefix('(')?;
    let mut depth = 0usize;
    let mut end = None;
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth > 0 => depth -= 1,
            ')' => {
                end = Some(i);
                break;
            }
            _ => {}
        }
    }
    let inner = &rest[..end?];
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in inner.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c == ',' && depth == 0 {
            pieces.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        pieces.push(cur);
    }
    // Each piece is `name type` or a lone `name` sharing the next piece's type.
    let mut out: Vec<(String, String)> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for p in pieces {
        let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
        match p.split_once(' ') {
            Some((name, ty)) => {
                for n in pending.drain(..) {
                    out.push((n, ty.to_string()));
                }
                out.push((name.to_string(), ty.to_string()));
            }
            None => pending.push(p),
        }
    }
    if !pending.is_empty() {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn param_lists_with_groups_and_nesting() {
        assert_eq!(
            parse_param_list("func(t *testing.T, a, b int, s string) { x() }").unwrap(),
            vec![
                ("t".into(), "*testing.T".into()),
                ("a".into(), "int".into()),
                ("b".into(), "int".into()),
                ("s".into(), "string".into())
            ]
        );
        assert_eq!(
            parse_param_list("func(t *testing.T, data []byte)").unwrap()[1],
            ("data".into(), "[]byte".into())
        );
        assert!(parse_param_list("func(t, u)").is_none());
    }

    #[test]
    fn f_add_literals_become_values() {
        let src = r#"package p

import "testing"

func FuzzX(f *testing.F) {
	f.Add("id=1;qty=2", []byte("\x00ab"), int64(-5), true, 'r', 1.5)
	f.Add(someVar, []byte(nil), int64(1), false, 'r', 2.0)
	f.Fuzz(func(t *testing.T, s string, b []byte, n int64, ok bool, r rune, x float64) {
		Parse(s)
	})
}
"#;
        let file = crate::index::parse_source(src);
        let (found, bad) = find_user_fuzz_tests(&[file]);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(found[0].calls[0].callee, "Parse");
        assert_eq!(found[0].calls[0].arg_map, vec![Some(0)]);
        assert_eq!(
            found[0].adds,
            vec![vec![
                Value::String(b"id=1;qty=2".to_vec()),
                Value::Bytes(b"\x00ab".to_vec()),
                Value::Int64(-5),
                Value::Bool(true),
                Value::Rune('r' as i32),
                Value::Float64(1.5),
            ]],
            "the second f.Add has a non-literal and is left out"
        );
    }

    #[test]
    fn negative_minimum_literals_fit_their_type() {
        // Regression: `int8(-128)` was read as -(128 as int8), which does not fit.
        let neg = |n: &str| Expr::Unary {
            op: "-".into(),
            x: Box::new(Expr::Int { text: n.into() }),
        };
        assert_eq!(
            literal_value(&neg("128"), FuzzType::Int8),
            Some(Value::Int8(-128))
        );
        assert_eq!(
            literal_value(&neg("0x8000_0000_0000_0000"), FuzzType::Int64),
            Some(Value::Int64(i64::MIN))
        );
        assert_eq!(literal_value(&neg("129"), FuzzType::Int8), None);
    }

    #[test]
    fn fuzz_names_follow_go_rules() {
        assert!(is_fuzz_name("FuzzParse"));
        assert!(is_fuzz_name("Fuzz"));
        assert!(is_fuzz_name("Fuzz_x"));
        assert!(!is_fuzz_name("Fuzzy"));
        assert!(!is_fuzz_name("fuzzParse"));
    }
}
