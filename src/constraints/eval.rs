//! A concrete evaluator for access steps and fact predicates, following Go semantics (strings,
//! bytes, strconv, unicode). The solver generates candidates loosely and keeps only those this
//! evaluator accepts: it is what makes "conflicting facts give no values" hold.

use super::consts::{int_type, wrap_int};
use super::{ArithOp, CharClass, CmpOp, Lit, ParseKind, Step, TextTest};
use crate::golex::{self, Num, NumError};
use crate::gotypes::{Basic, Kind};

/// A concrete Go value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Conc {
    Int(i128),
    Float(f64),
    Bytes(Vec<u8>),
    List(Vec<Vec<u8>>),
    Bool(bool),
}

/// A fact predicate, without its access.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Pred {
    Cmp(CmpOp, Lit),
    Text(TextTest, Vec<u8>, bool),
    Class(CharClass, bool),
    Parses(ParseKind, bool),
    /// `value op other`, `other` reached by the given steps from the same solved value (a
    /// [`super::Fact::Rel`] with both sides on one input).
    Same(CmpOp, Vec<Step>),
}

/// A predicate on a value reached by `steps` from the value being solved.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Rel {
    pub steps: Vec<Step>,
    pub pred: Pred,
}

/// True when `rel` holds for `v`. Steps that fail at run time (index out of range) make the
/// predicate false; [`Step::Each`] is existential (some element satisfies the rest).
pub(crate) fn holds(rel: &Rel, v: &Conc) -> bool {
    let left = values(&rel.steps, v.clone());
    if let Pred::Same(op, other) = &rel.pred {
        let right = values(other, v.clone());
        return left
            .iter()
            .any(|x| right.iter().any(|y| cmp_conc(*op, x, y)));
    }
    left.iter().any(|x| pred_holds(&rel.pred, x))
}

/// `x op y` over two concrete values of comparable kinds (false otherwise).
pub(crate) fn cmp_conc(op: CmpOp, x: &Conc, y: &Conc) -> bool {
    match (x, y) {
        (Conc::Int(a), Conc::Int(b)) => op.holds(a, b),
        (Conc::Float(a), Conc::Float(b)) => op.holds(a, b),
        (Conc::Int(a), Conc::Float(b)) => op.holds(&(*a as f64), b),
        (Conc::Float(a), Conc::Int(b)) => op.holds(a, &(*b as f64)),
        (Conc::Bytes(a), Conc::Bytes(b)) => op.holds(a, b),
        (Conc::Bool(a), Conc::Bool(b)) => matches!(op, CmpOp::Eq | CmpOp::Ne) && op.holds(a, b),
        _ => false,
    }
}

/// A concrete value as a literal (lists have none).
pub(crate) fn conc_lit(c: &Conc) -> Option<Lit> {
    Some(match c {
        Conc::Int(i) => Lit::Int(*i),
        Conc::Float(f) => Lit::Float(*f),
        Conc::Bytes(b) => Lit::Str(b.clone()),
        Conc::Bool(b) => Lit::Bool(*b),
        Conc::List(_) => return None,
    })
}

/// A literal as a concrete value.
pub(crate) fn lit_conc(l: &Lit) -> Option<Conc> {
    Some(match l {
        Lit::Int(_) | Lit::Rune(_) => Conc::Int(l.as_int()?),
        Lit::Float(f) => Conc::Float(*f),
        Lit::Str(b) => Conc::Bytes(b.clone()),
        Lit::Bool(b) => Conc::Bool(*b),
        Lit::Nil => return None,
    })
}

/// The values `steps` reach from `v` (several through [`Step::Each`], none when a step fails).
pub(crate) fn reach(steps: &[Step], v: &Conc) -> Vec<Conc> {
    values(steps, v.clone())
}

fn values(steps: &[Step], v: Conc) -> Vec<Conc> {
    let Some((first, rest)) = steps.split_first() else {
        return vec![v];
    };
    // A standard-library decoder: its value and the properties read from it are modelled by
    // the structured module.
    if let (Step::Parse(ParseKind::Decode(d)), Conc::Bytes(b)) = (first, &v) {
        return match super::structured::project(*d, b, rest) {
            Some((c, n)) => values(&rest[n..], c),
            None => Vec::new(),
        };
    }
    let mut out = Vec::new();
    for next in apply(first, v) {
        out.extend(values(rest, next));
    }
    out
}

fn apply(step: &Step, v: Conc) -> Vec<Conc> {
    let one = |c: Option<Conc>| c.into_iter().collect::<Vec<_>>();
    match (step, v) {
        (Step::Len, Conc::Bytes(b)) => vec![Conc::Int(b.len() as i128)],
        (Step::Len, Conc::List(l)) => vec![Conc::Int(l.len() as i128)],
        (Step::Index(i), Conc::Bytes(b)) => one(usize::try_from(*i)
            .ok()
            .and_then(|i| b.get(i))
            .map(|&x| Conc::Int(x as i128))),
        (Step::Index(i), Conc::List(l)) => one(usize::try_from(*i)
            .ok()
            .and_then(|i| l.get(i))
            .map(|x| Conc::Bytes(x.clone()))),
        (Step::Slice { low, high }, Conc::Bytes(b)) => {
            one(slice_range(*low, *high, b.len()).map(|r| Conc::Bytes(b[r].to_vec())))
        }
        (Step::Slice { low, high }, Conc::List(l)) => {
            one(slice_range(*low, *high, l.len()).map(|r| Conc::List(l[r].to_vec())))
        }
        (Step::Each, Conc::Bytes(b)) => String::from_utf8_lossy(&b)
            .chars()
            .map(|c| Conc::Int(c as i128))
            .collect(),
        (Step::Each, Conc::List(l)) => l.into_iter().map(Conc::Bytes).collect(),
        (Step::TrimSpace, Conc::Bytes(b)) => vec![Conc::Bytes(trim_space(&b))],
        (Step::TrimPrefix { prefix }, Conc::Bytes(b)) => {
            vec![Conc::Bytes(
                b.strip_prefix(&prefix[..]).unwrap_or(&b).to_vec(),
            )]
        }
        (Step::ToLower, Conc::Bytes(b)) => vec![Conc::Bytes(map_case(&b, false))],
        (Step::ToUpper, Conc::Bytes(b)) => vec![Conc::Bytes(map_case(&b, true))],
        (Step::Split { sep }, Conc::Bytes(b)) => vec![Conc::List(split(&b, sep))],
        (Step::Fields, Conc::Bytes(b)) => vec![Conc::List(fields(&b))],
        (Step::Count { sub }, Conc::Bytes(b)) => vec![Conc::Int(count(&b, sub) as i128)],
        (Step::IndexOf { sub }, Conc::Bytes(b)) => {
            vec![Conc::Int(find(&b, sub).map_or(-1, |i| i as i128))]
        }
        (Step::Parse(k), Conc::Bytes(b)) => vec![parse(*k, &b).0],
        (Step::Convert(t), v) => one(convert(t, v)),
        (Step::Arith { op, k, rev }, v) => one(arith(*op, *k, *rev, v)),
        (Step::Cut { sep, after }, Conc::Bytes(b)) => {
            let (before, rest) = match find(&b, sep) {
                Some(i) => (b[..i].to_vec(), b[i + sep.len()..].to_vec()),
                None => (b, Vec::new()),
            };
            vec![Conc::Bytes(if *after { rest } else { before })]
        }
        (Step::TrimSuffix { suffix }, Conc::Bytes(b)) => {
            vec![Conc::Bytes(
                b.strip_suffix(&suffix[..]).unwrap_or(&b).to_vec(),
            )]
        }
        (Step::Found { test, lit }, Conc::Bytes(b)) => {
            vec![Conc::Bool(pred_holds(
                &Pred::Text(*test, lit.clone(), true),
                &Conc::Bytes(b),
            ))]
        }
        (Step::RuneCount, Conc::Bytes(b)) => vec![Conc::Int(rune_count(&b) as i128)],
        _ => Vec::new(),
    }
}

/// Go's `utf8.RuneCount`: valid sequences count one each, every other byte counts one.
pub(crate) fn rune_count(b: &[u8]) -> usize {
    let mut n = 0;
    let mut rest = b;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return n + s.chars().count(),
            Err(e) => {
                let valid = e.valid_up_to();
                let head = std::str::from_utf8(&rest[..valid]).map_or(0, |s| s.chars().count());
                n += head + 1;
                rest = &rest[valid + 1..];
            }
        }
    }
}

/// Largest magnitude an arithmetic result may reach (Go's widest integers are 64 bits).
const ARITH_LIMIT: i128 = u64::MAX as i128;

/// `v op k` (`k op v` with `rev`) in exact arithmetic; None on a zero divisor, a shift count
/// out of range, or a result no 64-bit Go integer holds (the solver keeps typed inputs in
/// range separately, see `solve`).
pub(crate) fn arith(op: ArithOp, k: i128, rev: bool, v: Conc) -> Option<Conc> {
    if let Conc::Float(x) = v {
        let k = k as f64;
        let (a, b) = if rev { (k, x) } else { (x, k) };
        return Some(Conc::Float(match op {
            ArithOp::Add => a + b,
            ArithOp::Sub => a - b,
            ArithOp::Mul => a * b,
            ArithOp::Quo => a / b,
            _ => return None,
        }));
    }
    let Conc::Int(x) = v else { return None };
    let (a, b) = if rev { (k, x) } else { (x, k) };
    let r = match op {
        ArithOp::Add => a.checked_add(b)?,
        ArithOp::Sub => a.checked_sub(b)?,
        ArithOp::Mul => a.checked_mul(b)?,
        ArithOp::Quo => a.checked_div(b)?,
        ArithOp::Rem => a.checked_rem(b)?,
        ArithOp::Shl => {
            let n = u32::try_from(b).ok().filter(|n| *n < 64)?;
            let r = a.checked_shl(n)?;
            (r >> n == a).then_some(r)?
        }
        ArithOp::Shr => a >> u32::try_from(b).ok()?.min(127),
        ArithOp::And => a & b,
        ArithOp::Or => a | b,
        ArithOp::Xor => a ^ b,
        ArithOp::AndNot => a & !b,
    };
    (-ARITH_LIMIT..=ARITH_LIMIT)
        .contains(&r)
        .then_some(Conc::Int(r))
}

fn slice_range(low: Option<i64>, high: Option<i64>, len: usize) -> Option<std::ops::Range<usize>> {
    let lo = usize::try_from(low.unwrap_or(0)).ok()?;
    let hi = match high {
        Some(h) => usize::try_from(h).ok()?,
        None => len,
    };
    (lo <= hi && hi <= len).then_some(lo..hi)
}

fn convert(ty: &str, v: Conc) -> Option<Conc> {
    if let Some((bits, signed)) = int_type(ty) {
        return match v {
            Conc::Int(i) => Some(Conc::Int(wrap_int(i, bits, signed))),
            Conc::Float(f) if f.is_finite() => Some(Conc::Int(wrap_int(f as i128, bits, signed))),
            _ => None,
        };
    }
    let kind = Basic::parse(ty).map(Basic::kind);
    match (kind, v) {
        (Some(Kind::Float), Conc::Int(i)) => Some(Conc::Float(i as f64)),
        (Some(Kind::Float), f @ Conc::Float(_)) => Some(f),
        (Some(Kind::String), Conc::Int(i)) => {
            let c = u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{FFFD}');
            Some(Conc::Bytes(c.to_string().into_bytes()))
        }
        (_, other) => Some(other),
    }
}

fn pred_holds(p: &Pred, v: &Conc) -> bool {
    match (p, v) {
        (Pred::Cmp(op, lit), v) => match (v, lit) {
            (Conc::Int(a), l) if l.as_int().is_some() => op.holds(a, &l.as_int().unwrap_or(0)),
            (Conc::Int(a), Lit::Float(b)) => op.holds(&(*a as f64), b),
            (Conc::Float(a), l) => l.as_float().is_some_and(|b| op.holds(a, &b)),
            (Conc::Bytes(a), Lit::Str(b)) => op.holds(a, b),
            (Conc::Bytes(a), Lit::Nil) => op.holds(&a.len(), &0),
            (Conc::List(a), Lit::Nil) => op.holds(&a.len(), &0),
            (Conc::Bool(a), Lit::Bool(b)) => op.holds(a, b),
            _ => false,
        },
        (Pred::Text(t, lit, want), Conc::Bytes(b)) => {
            let r = match t {
                TextTest::HasPrefix => b.starts_with(lit),
                TextTest::HasSuffix => b.ends_with(lit),
                TextTest::Contains => find(b, lit).is_some(),
                TextTest::EqualFold => map_case(b, false) == map_case(lit, false),
            };
            r == *want
        }
        (Pred::Class(c, want), Conc::Int(r)) => {
            let ch = u32::try_from(*r).ok().and_then(char::from_u32);
            ch.is_some_and(|ch| is_class(*c, ch)) == *want
        }
        (Pred::Parses(k, ok), Conc::Bytes(b)) => parse(*k, b).1 == *ok,
        _ => false,
    }
}

/// Go's `unicode.IsX`: exact for ASCII and Latin-1, close approximations above.
pub(crate) fn is_class(c: CharClass, ch: char) -> bool {
    let ascii_punct = "!\"#%&'()*,-./:;?@[\\]_{}";
    let ascii_symbol = "$+<=>^`|~";
    match c {
        CharClass::Digit => ch.is_ascii_digit() || is_nd(ch),
        CharClass::Number => ch.is_numeric(),
        CharClass::Letter => ch.is_alphabetic() && !ch.is_numeric(),
        CharClass::Space => {
            matches!(
                ch,
                '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
            ) || (ch as u32 > 0xff && ch.is_whitespace())
        }
        CharClass::Upper => ch.is_uppercase(),
        CharClass::Lower => ch.is_lowercase(),
        CharClass::Punct => {
            if ch.is_ascii() {
                ascii_punct.contains(ch)
            } else {
                matches!(
                    ch,
                    '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}'
                )
            }
        }
        CharClass::Symbol => {
            if ch.is_ascii() {
                ascii_symbol.contains(ch)
            } else {
                matches!(ch, '\u{a2}'..='\u{a6}' | '\u{a8}' | '\u{a9}' | '\u{ac}' | '\u{ae}'..='\u{b1}' | '\u{b4}' | '\u{b8}' | '\u{d7}' | '\u{f7}')
            }
        }
        CharClass::Control => ch.is_control(),
        CharClass::Print => !ch.is_control() && (ch == ' ' || !ch.is_whitespace()),
        CharClass::Graphic => !ch.is_control(),
        CharClass::Mark => matches!(ch as u32, 0x300..=0x36f),
        CharClass::Title => matches!(ch as u32, 0x1c5 | 0x1c8 | 0x1cb | 0x1f2),
    }
}

/// Decimal digits outside ASCII that heatseed itself generates (Arabic-Indic, Devanagari...).
fn is_nd(ch: char) -> bool {
    matches!(ch as u32, 0x660..=0x669 | 0x6f0..=0x6f9 | 0x966..=0x96f | 0xff10..=0xff19)
}

/// `strings.TrimSpace`: Unicode white space at both ends.
pub(crate) fn trim_space(b: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(b) {
        Ok(s) => s
            .trim_matches(|c| is_class(CharClass::Space, c))
            .as_bytes()
            .to_vec(),
        Err(_) => {
            let sp = |x: &u8| matches!(x, b'\t' | b'\n' | 11 | 12 | b'\r' | b' ');
            let start = b.iter().position(|x| !sp(x)).unwrap_or(b.len());
            let end = b.iter().rposition(|x| !sp(x)).map_or(start, |e| e + 1);
            b[start..end.max(start)].to_vec()
        }
    }
}

/// `strings.ToLower` / `ToUpper` with simple (one rune to one rune) case mapping.
pub(crate) fn map_case(b: &[u8], upper: bool) -> Vec<u8> {
    match std::str::from_utf8(b) {
        Ok(s) => s
            .chars()
            .map(|c| {
                let mut m: Vec<char> = if upper {
                    c.to_uppercase().collect()
                } else {
                    c.to_lowercase().collect()
                };
                if m.len() == 1 {
                    m.pop().unwrap_or(c)
                } else {
                    c
                }
            })
            .collect::<String>()
            .into_bytes(),
        Err(_) => {
            if upper {
                b.to_ascii_uppercase()
            } else {
                b.to_ascii_lowercase()
            }
        }
    }
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `strings.Split`: an empty separator splits into UTF-8 sequences; `Split("", ",")` is `[""]`.
pub(crate) fn split(b: &[u8], sep: &[u8]) -> Vec<Vec<u8>> {
    if sep.is_empty() {
        return String::from_utf8_lossy(b)
            .chars()
            .map(|c| c.to_string().into_bytes())
            .collect();
    }
    let mut out = Vec::new();
    let mut rest = b;
    while let Some(i) = find(rest, sep) {
        out.push(rest[..i].to_vec());
        rest = &rest[i + sep.len()..];
    }
    out.push(rest.to_vec());
    out
}

/// `strings.Fields`: runs of non-space.
pub(crate) fn fields(b: &[u8]) -> Vec<Vec<u8>> {
    let s = String::from_utf8_lossy(b);
    s.split(|c| is_class(CharClass::Space, c))
        .filter(|f| !f.is_empty())
        .map(|f| f.as_bytes().to_vec())
        .collect()
}

/// `strings.Count`: non-overlapping; an empty `sub` counts runes + 1.
pub(crate) fn count(b: &[u8], sub: &[u8]) -> usize {
    if sub.is_empty() {
        return String::from_utf8_lossy(b).chars().count() + 1;
    }
    let mut n = 0;
    let mut rest = b;
    while let Some(i) = find(rest, sub) {
        n += 1;
        rest = &rest[i + sub.len()..];
    }
    n
}

/// Runs a strconv parser the way Go does: the value returned (0 on syntax errors, the clamped
/// bound on range errors, ±Inf for float overflow) and whether the error is nil.
pub(crate) fn parse(kind: ParseKind, b: &[u8]) -> (Conc, bool) {
    if let ParseKind::Decode(d) = kind {
        return (Conc::Bytes(b.to_vec()), super::structured::parse(d, b));
    }
    let Ok(s) = std::str::from_utf8(b) else {
        return (zero(kind), false);
    };
    match kind {
        ParseKind::Atoi => parse_int(s, 10, 64, true),
        ParseKind::ParseInt { base, bits } => {
            parse_int(s, base, if bits == 0 { 64 } else { bits }, true)
        }
        ParseKind::ParseUint { base, bits } => {
            parse_int(s, base, if bits == 0 { 64 } else { bits }, false)
        }
        ParseKind::ParseFloat { bits } => parse_float(s, bits),
        ParseKind::ParseBool => match s {
            "1" | "t" | "T" | "TRUE" | "true" | "True" => (Conc::Bool(true), true),
            "0" | "f" | "F" | "FALSE" | "false" | "False" => (Conc::Bool(false), true),
            _ => (Conc::Bool(false), false),
        },
        ParseKind::Decode(_) => (Conc::Bytes(b.to_vec()), false),
    }
}

fn zero(kind: ParseKind) -> Conc {
    match kind {
        ParseKind::ParseFloat { .. } => Conc::Float(0.0),
        ParseKind::ParseBool => Conc::Bool(false),
        _ => Conc::Int(0),
    }
}

/// Inclusive bounds of a Go integer type.
pub(crate) fn int_bounds(bits: u32, signed: bool) -> (i128, i128) {
    if signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    }
}

/// `strconv.ParseInt`/`ParseUint` through [`crate::golex`]: the value Go returns and whether
/// the error is nil.
fn parse_int(s: &str, base: u32, bits: u32, signed: bool) -> (Conc, bool) {
    let got = if signed {
        golex::parse_int(s, base, bits).map(i128::from)
    } else {
        golex::parse_uint(s, base, bits).map(i128::from)
    };
    match got {
        Ok(v) => (Conc::Int(v), true),
        Err(NumError::Range(Num::Int(v))) => (Conc::Int(v), false),
        Err(_) => (Conc::Int(0), false),
    }
}

/// `strconv.ParseFloat` through [`crate::golex`] (hexadecimal floats are not read: 0, false).
fn parse_float(s: &str, bits: u32) -> (Conc, bool) {
    match golex::parse_float(s, bits) {
        Ok(v) => (Conc::Float(v), true),
        Err(NumError::Range(Num::Float(v))) => (Conc::Float(v), false),
        Err(_) => (Conc::Float(0.0), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strconv_semantics_match_go() {
        let atoi = |s: &str| parse(ParseKind::Atoi, s.as_bytes());
        assert_eq!(atoi("65536"), (Conc::Int(65536), true));
        assert_eq!(atoi("-12"), (Conc::Int(-12), true));
        assert_eq!(atoi("x"), (Conc::Int(0), false));
        assert_eq!(atoi(""), (Conc::Int(0), false));
        assert_eq!(atoi("1_000"), (Conc::Int(0), false));
        assert_eq!(
            atoi("9223372036854775808"),
            (Conc::Int(i64::MAX as i128), false)
        );
        let p0 = |s: &str| parse(ParseKind::ParseInt { base: 0, bits: 64 }, s.as_bytes()).1;
        assert!(p0("0x1F") && p0("1_000") && p0("0b1") && !p0("0x") && !p0("1__0"));
        let pu8 = |s: &str| parse(ParseKind::ParseUint { base: 10, bits: 8 }, s.as_bytes());
        assert_eq!(pu8("255"), (Conc::Int(255), true));
        assert_eq!(pu8("256"), (Conc::Int(255), false));
        assert!(!pu8("+1").1);
        let pf = |s: &str| parse(ParseKind::ParseFloat { bits: 64 }, s.as_bytes());
        assert!(pf("NaN").1 && pf("-Inf").1 && pf("+infinity").1 && pf("1.5e3").1 && pf(".5").1);
        assert_eq!(pf("1e309"), (Conc::Float(f64::INFINITY), false));
        assert!(!pf("+nan").1 && !pf("x").1 && !pf("").1);
        let pb = |s: &str| parse(ParseKind::ParseBool, s.as_bytes());
        assert_eq!(pb("T"), (Conc::Bool(true), true));
        assert_eq!(pb("0"), (Conc::Bool(false), true));
        assert!(!pb("yes").1);
    }

    #[test]
    fn strings_semantics_match_go() {
        assert_eq!(split(b"", b","), vec![b"".to_vec()]);
        assert_eq!(
            split(b"a,,b", b","),
            vec![b"a".to_vec(), vec![], b"b".to_vec()]
        );
        assert_eq!(
            fields(b"  a b\t c "),
            vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]
        );
        assert_eq!(count(b"a.b.c", b"."), 2);
        assert_eq!(count(b"abc", b""), 4);
        assert_eq!(trim_space(b" \t x \n"), b"x".to_vec());
        assert_eq!(map_case("İX".as_bytes(), false), "İx".as_bytes().to_vec());
        assert!(is_class(CharClass::Punct, '#') && !is_class(CharClass::Punct, '$'));
        assert!(is_class(CharClass::Digit, '٣') && !is_class(CharClass::Digit, '½'));
    }
}
