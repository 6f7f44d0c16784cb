//! Solving: the facts of one alternative and one input path in, concrete candidate values out.
//!
//! A small recursive synthesizer over the value kind (cargo-mutants `fnvalue.rs` style): numbers
//! take the boundary values of their interval, strings are assembled from prefix, suffix,
//! contained substrings, fixed bytes, slices and a target length, or built from parts when they
//! are split; parsed strings are spelled. Generation is loose on purpose: every candidate is
//! then checked against all facts on the input by the Go-semantics evaluator in
//! [`super::eval`], so conflicting facts give no value at all, never a wrong one.

use super::eval::{
    conc_lit, find, holds, int_bounds, is_class, lit_conc, map_case, reach, Conc, Pred, Rel,
};
use super::invert::{arith_fits, int_preds};
use super::{Access, CharClass, CmpOp, Fact, Lit, ParseKind, Step, TextTest};
use crate::gotypes::{Basic, Kind};
use crate::index::GoType;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// At most this many candidates per input.
pub const MAX_VALUES: usize = 8;

/// Longest string the solver builds (for `len(s) > n` guards).
const MAX_LEN: i128 = 1 << 20;
/// Most parts a split string gets.
const MAX_PARTS: i128 = 4096;
const MAX_DEPTH: u32 = 8;

/// What kind of Go value an input is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValueKind {
    Int {
        bits: u32,
        signed: bool,
    },
    Float {
        bits: u32,
    },
    Str,
    Bytes,
    Bool,
    /// A rune; candidates are valid code points (0..=0x10FFFF).
    Rune,
}

impl ValueKind {
    /// The kind of a basic type (`None` for complex types).
    pub fn of_basic(b: Basic) -> Option<ValueKind> {
        match b.kind() {
            _ if b == Basic::Rune => Some(ValueKind::Rune),
            Kind::Float => Some(ValueKind::Float { bits: b.bits() }),
            Kind::String => Some(ValueKind::Str),
            Kind::Bool => Some(ValueKind::Bool),
            _ => b
                .int_bits()
                .map(|(bits, signed)| ValueKind::Int { bits, signed }),
        }
    }

    /// The kind of a Go type, when it is one heatseed synthesizes (`int`, `uint8`, `rune`,
    /// `float64`, `string`, `[]byte`, `bool`; pointers to those as their element).
    pub fn of(ty: &GoType) -> Option<ValueKind> {
        match ty {
            GoType::Named {
                pkg: None, name, ..
            } => Basic::parse(name).and_then(ValueKind::of_basic),
            GoType::Slice { elem } => match &**elem {
                GoType::Named {
                    pkg: None, name, ..
                } if Basic::parse(name).is_some_and(|b| b.canonical() == Basic::Uint8) => {
                    Some(ValueKind::Bytes)
                }
                _ => None,
            },
            GoType::Pointer { elem } => ValueKind::of(elem),
            _ => None,
        }
    }
}

/// The distinct input paths the facts constrain (root plus leading field/deref steps), sorted.
/// A [`Fact::Rel`] between two inputs counts for neither: it constrains one only once the
/// other is fixed ([`bind`]).
pub fn inputs(facts: &[Fact]) -> Vec<Access> {
    facts
        .iter()
        .flat_map(|f| match f {
            Fact::Rel { left, right, .. } if left.input_path() == right.input_path() => {
                vec![left.input_path()]
            }
            Fact::Rel { .. } => Vec::new(),
            other => other.access().map(Access::input_path).into_iter().collect(),
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Candidate values for the input path `input` (a root, or a root and fields: `req.Qty`)
/// satisfying every fact on it; facts on other inputs, on deeper fields, and
/// [`Fact::Unsat`] are ignored. Boundary values come first (`n > 9000` → 9001, then the type's
/// maximum). Empty when the facts conflict, when no fact is about `input`, or when the kind
/// cannot hold the tested value.
pub fn solve(facts: &[Fact], input: &Access, kind: ValueKind) -> Vec<Lit> {
    let rels: Vec<Rel> = facts.iter().filter_map(|f| rel_of(f, input)).collect();
    if rels.is_empty() {
        return Vec::new();
    }
    let cands: Vec<Conc> = match kind {
        ValueKind::Int { bits, signed } => {
            let (lo, hi) = int_bounds(bits, signed);
            int_candidates(&rels, lo, hi, true)
                .into_iter()
                .filter(|&v| rels.iter().all(|r| arith_fits(&r.steps, v, lo, hi)))
                .map(Conc::Int)
                .collect()
        }
        ValueKind::Rune => int_candidates(&rels, 0, 0x10FFFF, false)
            .into_iter()
            .map(Conc::Int)
            .collect(),
        ValueKind::Float { bits } => {
            let preds: Vec<(CmpOp, f64)> = rels
                .iter()
                .filter(|r| soft_only(&r.steps))
                .filter_map(|r| match &r.pred {
                    Pred::Cmp(op, l) => l.as_float().map(|v| (*op, v)),
                    _ => None,
                })
                .collect();
            float_candidates(&preds, bits)
                .into_iter()
                .map(Conc::Float)
                .collect()
        }
        ValueKind::Bool => vec![Conc::Bool(true), Conc::Bool(false)],
        ValueKind::Str | ValueKind::Bytes => {
            gen_str(&rels, 0).into_iter().map(Conc::Bytes).collect()
        }
    };
    let mut out: Vec<Lit> = Vec::new();
    for c in cands {
        if !rels.iter().all(|r| holds(r, &c)) {
            continue;
        }
        let lit = match (c, kind) {
            (Conc::Int(i), ValueKind::Rune) => Lit::Rune(i as u32),
            (Conc::Int(i), _) => Lit::Int(i),
            (Conc::Float(f), _) => Lit::Float(f),
            (Conc::Bytes(b), _) => Lit::Str(b),
            (Conc::Bool(b), _) => Lit::Bool(b),
            (Conc::List(_), _) => continue,
        };
        if !out.iter().any(|o| same(o, &lit)) {
            out.push(lit);
        }
        if out.len() == MAX_VALUES {
            break;
        }
    }
    out
}

fn same(a: &Lit, b: &Lit) -> bool {
    match (a, b) {
        (Lit::Float(x), Lit::Float(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

/// The steps from `input` to `access`, when `access` reads exactly that input.
fn rel_steps(access: &Access, input: &Access) -> Option<Vec<Step>> {
    if access.root != input.root || !access.steps.starts_with(&input.steps) {
        return None;
    }
    let steps = access.steps[input.steps.len()..].to_vec();
    if matches!(steps.first(), Some(Step::Field(_) | Step::Deref)) {
        return None;
    }
    Some(steps)
}

/// The fact relative to `input`, if it constrains exactly that input (a [`Fact::Rel`] when
/// both of its sides do).
fn rel_of(f: &Fact, input: &Access) -> Option<Rel> {
    if let Fact::Rel { left, op, right } = f {
        return Some(Rel {
            steps: rel_steps(left, input)?,
            pred: Pred::Same(*op, rel_steps(right, input)?),
        });
    }
    let steps = rel_steps(f.access()?, input)?;
    let pred = match f {
        Fact::Cmp { op, lit, .. } => Pred::Cmp(*op, lit.clone()),
        Fact::Text {
            test, lit, want, ..
        } => Pred::Text(*test, lit.clone(), *want),
        Fact::Class { class, want, .. } => Pred::Class(*class, *want),
        Fact::Parses { kind, ok, .. } => Pred::Parses(*kind, *ok),
        Fact::Unsat { .. } | Fact::Rel { .. } => return None,
    };
    Some(Rel { steps, pred })
}

/// The facts with the input `input` fixed to `value`: a [`Fact::Rel`] between it and another
/// input becomes a [`Fact::Cmp`] on the other side (`a < b` with `a = 5` is `b > 5`), which
/// [`solve`] then answers for that input. A side `value` does not reach (an index out of
/// range) makes the relation unsatisfiable with that value. Other facts are kept as they are.
pub fn bind(facts: &[Fact], input: &Access, value: &Lit) -> Vec<Fact> {
    let Some(v) = lit_conc(value) else {
        return facts.to_vec();
    };
    facts
        .iter()
        .map(|f| {
            let Fact::Rel { left, op, right } = f else {
                return f.clone();
            };
            let (known, other, op) = match (rel_steps(left, input), rel_steps(right, input)) {
                (Some(_), Some(_)) | (None, None) => return f.clone(),
                (Some(steps), None) => (steps, right, op.mirror()),
                (None, Some(steps)) => (steps, left, *op),
            };
            match reach(&known, &v).first().and_then(conc_lit) {
                Some(lit) => Fact::Cmp {
                    access: other.clone(),
                    op,
                    lit,
                },
                None => Fact::Unsat {
                    reason: format!("`{f}` with {input} = {value}: no value"),
                },
            }
        })
        .collect()
}

/// Steps that keep a value's kind and are undone by choosing a fixed point (`strings.ToLower`
/// of a lower-case string is itself): generation looks through them, verification does not.
fn is_soft(s: &Step) -> bool {
    matches!(
        s,
        Step::TrimSpace | Step::ToLower | Step::ToUpper | Step::Convert(_)
    )
}

fn soft_only(steps: &[Step]) -> bool {
    steps.iter().all(is_soft)
}

fn strip_soft(steps: &[Step]) -> &[Step] {
    let n = steps.iter().take_while(|s| is_soft(s)).count();
    &steps[n..]
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// Boundary candidates of the integer interval `[lo, hi]` cut by `preds`: the bounds set by
/// facts first, then the neighbours of excluded values, then (with `extremes`) the type's
/// bounds on the sides no fact bounds. Empty when the facts conflict.
pub(crate) fn solve_int(
    preds: &[(CmpOp, i128)],
    lo0: i128,
    hi0: i128,
    extremes: bool,
) -> Vec<i128> {
    let (mut lo, mut hi) = (lo0, hi0);
    let (mut lo_set, mut hi_set) = (false, false);
    let mut eq: Option<i128> = None;
    let mut ne = BTreeSet::new();
    for &(op, v) in preds {
        match op {
            CmpOp::Eq => {
                if eq.is_some_and(|e| e != v) {
                    return Vec::new();
                }
                eq = Some(v);
            }
            CmpOp::Ne => {
                ne.insert(v);
            }
            CmpOp::Lt | CmpOp::Le => {
                let b = if op == CmpOp::Lt {
                    v.saturating_sub(1)
                } else {
                    v
                };
                if b <= hi {
                    hi = b;
                    hi_set = true;
                }
            }
            CmpOp::Gt | CmpOp::Ge => {
                let b = if op == CmpOp::Gt {
                    v.saturating_add(1)
                } else {
                    v
                };
                if b >= lo {
                    lo = b;
                    lo_set = true;
                }
            }
        }
    }
    let mut c = match bounds_start(eq, lo, hi, lo_set, hi_set, |v| ne.contains(v)) {
        Ok(c) => c,
        Err(done) => return done,
    };
    for &v in &ne {
        c.push(v.saturating_sub(1));
        c.push(v.saturating_add(1));
    }
    if !lo_set && !hi_set && ne.is_empty() {
        c.push(0.clamp(lo, hi));
    }
    if extremes && (lo_set || hi_set) {
        if !hi_set {
            c.push(hi);
        }
        if !lo_set {
            c.push(lo);
        }
    }
    let mut out: Vec<i128> = Vec::new();
    for x in c {
        let mut x = x.clamp(lo, hi);
        let mut tries = 0;
        while ne.contains(&x) && tries < 64 {
            x = if x < hi { x + 1 } else { x - 1 };
            tries += 1;
        }
        if (lo..=hi).contains(&x) && !ne.contains(&x) && !out.contains(&x) {
            out.push(x);
        }
    }
    if out.is_empty() {
        if let Some(x) = (0..512)
            .map(|k| lo.saturating_add(k))
            .find(|x| *x <= hi && !ne.contains(x))
        {
            out.push(x);
        }
    }
    out
}

/// Integer (or rune) candidates from comparison and class facts on the value itself.
fn int_candidates(rels: &[Rel], lo: i128, hi: i128, extremes: bool) -> Vec<i128> {
    let mut preds = Vec::new();
    let mut points = Vec::new();
    let mut classes = Vec::new();
    for r in rels {
        match &r.pred {
            Pred::Cmp(op, l) => {
                if let Some((p, x)) = l
                    .as_int()
                    .and_then(|v| int_preds(&r.steps, *op, v, is_soft))
                {
                    preds.extend(p);
                    points.extend(x);
                }
            }
            Pred::Class(c, want) if soft_only(&r.steps) => classes.push((*c, *want)),
            _ => {}
        }
    }
    // The bounds, then the points near inverted bounds, then the type's extremes.
    let mut out = solve_int(&preds, lo, hi, false);
    let more = if extremes {
        solve_int(&preds, lo, hi, true)
    } else {
        Vec::new()
    };
    for x in points.into_iter().chain(more) {
        if (lo..=hi).contains(&x) && !out.contains(&x) {
            out.push(x);
        }
    }
    if !classes.is_empty() {
        let mut pool: Vec<i128> = Vec::new();
        for (c, want) in &classes {
            pool.extend(class_reps(*c, *want).iter().map(|&ch| ch as i128));
        }
        pool.extend(out.iter().copied());
        out = pool;
    }
    out
}

/// Representatives of a character class (ASCII first), or of its complement.
fn class_reps(c: CharClass, want: bool) -> Vec<char> {
    const POOL: &[char] = &[
        'a', '0', ' ', '.', 'A', '$', 'é', '\u{1}', '٣', 'ǅ', '\u{301}', '\u{a0}',
    ];
    let mut reps: Vec<char> = match (c, want) {
        (CharClass::Digit, true) => vec!['0', '9', '٣'],
        (CharClass::Number, true) => vec!['0', '9', '½'],
        (CharClass::Letter, true) => vec!['a', 'Z', 'é'],
        (CharClass::Space, true) => vec![' ', '\t', '\n', '\u{a0}'],
        (CharClass::Upper, true) => vec!['A', 'Z', 'É'],
        (CharClass::Lower, true) => vec!['a', 'z', 'é'],
        (CharClass::Punct, true) => vec!['.', '#', '¡'],
        (CharClass::Control, true) => vec!['\u{0}', '\u{7f}', '\u{85}'],
        (CharClass::Symbol, true) => vec!['$', '+', '©'],
        (CharClass::Print | CharClass::Graphic, true) => vec!['a', '~', 'é'],
        (CharClass::Mark, true) => vec!['\u{301}'],
        (CharClass::Title, true) => vec!['ǅ'],
        (_, false) => Vec::new(),
    };
    reps.extend(POOL.iter().copied().filter(|&ch| is_class(c, ch) == want));
    reps.retain(|&ch| is_class(c, ch) == want);
    let mut seen = BTreeSet::new();
    reps.retain(|ch| seen.insert(*ch));
    reps
}

fn next_up(x: f64, bits: u32) -> f64 {
    if bits == 32 {
        let y = x as f32;
        if y.is_nan() || y == f32::INFINITY {
            return x;
        }
        if y == 0.0 {
            return f32::from_bits(1) as f64;
        }
        let b = y.to_bits();
        return f32::from_bits(if y > 0.0 { b + 1 } else { b - 1 }) as f64;
    }
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let b = x.to_bits();
    f64::from_bits(if x > 0.0 { b + 1 } else { b - 1 })
}

fn next_down(x: f64, bits: u32) -> f64 {
    -next_up(-x, bits)
}

/// Float candidates, like [`solve_int`] with `next_up`/`next_down` as ±1, plus the nearest
/// whole number past a strict bound (`x > 1.5` → 1.5000000000000002, 2).
fn float_candidates(preds: &[(CmpOp, f64)], bits: u32) -> Vec<f64> {
    let max = if bits == 32 {
        f32::MAX as f64
    } else {
        f64::MAX
    };
    let (mut lo, mut hi) = (-max, max);
    let (mut lo_set, mut hi_set) = (false, false);
    let mut eq: Option<f64> = None;
    let mut ne: Vec<f64> = Vec::new();
    let mut extra = Vec::new();
    for &(op, v) in preds {
        match op {
            CmpOp::Eq => {
                if eq.is_some_and(|e| e != v) {
                    return Vec::new();
                }
                eq = Some(v);
            }
            CmpOp::Ne => ne.push(v),
            CmpOp::Lt | CmpOp::Le => {
                let b = if op == CmpOp::Lt {
                    next_down(v, bits)
                } else {
                    v
                };
                if b <= hi {
                    hi = b;
                    hi_set = true;
                }
                extra.push(v.ceil() - 1.0);
            }
            CmpOp::Gt | CmpOp::Ge => {
                let b = if op == CmpOp::Gt { next_up(v, bits) } else { v };
                if b >= lo {
                    lo = b;
                    lo_set = true;
                }
                extra.push(v.floor() + 1.0);
            }
        }
    }
    let mut c = match bounds_start(eq, lo, hi, lo_set, hi_set, |v| ne.contains(v)) {
        Ok(c) => c,
        Err(done) => return done,
    };
    c.extend(extra);
    for &v in &ne {
        c.push(next_down(v, bits));
        c.push(next_up(v, bits));
    }
    if !lo_set && !hi_set && ne.is_empty() {
        c.push(0.0);
    }
    if lo_set || hi_set {
        if !hi_set {
            c.push(max);
        }
        if !lo_set {
            c.push(-max);
        }
    }
    let mut out: Vec<f64> = Vec::new();
    for x in c {
        if lo <= x && x <= hi && !ne.contains(&x) && !out.iter().any(|o| o.to_bits() == x.to_bits())
        {
            out.push(x);
        }
    }
    out
}

/// Go spelling of a float that `strconv.ParseFloat` reads back exactly.
pub(crate) fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else if f != 0.0 && (f.abs() >= 1e16 || f.abs() < 1e-4) {
        format!("{f:e}")
    } else {
        format!("{f}")
    }
}

fn int_text(v: i128, base: u32) -> String {
    let radix = if base == 0 { 10 } else { base };
    if radix == 10 {
        return v.to_string();
    }
    let mut digits = Vec::new();
    let mut m = v.unsigned_abs();
    loop {
        digits.push(std::char::from_digit((m % radix as u128) as u32, radix).unwrap_or('0'));
        m /= radix as u128;
        if m == 0 {
            break;
        }
    }
    if v < 0 {
        digits.push('-');
    }
    digits.iter().rev().collect()
}

// ---------------------------------------------------------------------------------------------
// Strings

/// Locally verified string candidates for the relative facts `rels` (the value being solved
/// is the string itself). Tiers are tried in order, the first that yields a verified candidate
/// wins: exact values, then split parts, then free assembly. A tier gives groups of
/// alternatives (the same shape with different fillers); each group contributes its first
/// verified member.
fn gen_str(rels: &[Rel], depth: u32) -> Vec<Vec<u8>> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    let plan = Plan::of(rels);
    let tiers: [&dyn Fn() -> Vec<Group>; 3] =
        [&|| plan.exact_tier(), &|| plan.parts_tier(depth), &|| {
            plan.assembly_tier(depth)
        }];
    let ok = |c: &Vec<u8>| rels.iter().all(|r| holds(r, &Conc::Bytes(c.clone())));
    for tier in tiers {
        let mut out: Vec<Vec<u8>> = Vec::new();
        let groups = tier();
        let firsts: Vec<Vec<u8>> = groups.iter().filter_map(|g| g.first().cloned()).collect();
        let variants = plan.soft_variants(&firsts).into_iter().map(|v| vec![v]);
        for group in groups.into_iter().chain(variants) {
            if let Some(c) = group.into_iter().find(|c| ok(c)) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        if !out.is_empty() {
            out.truncate(MAX_VALUES);
            return out;
        }
    }
    Vec::new()
}

/// What the facts on a string ask for, sorted by kind.
/// Alternatives of one candidate shape, best first.
type Group = Vec<Vec<u8>>;

fn singles(v: Vec<Vec<u8>>) -> Vec<Group> {
    v.into_iter().map(|c| vec![c]).collect()
}

#[derive(Default)]
struct Plan {
    soft: BTreeSet<Step>,
    exact: Vec<Vec<u8>>,
    lex: Vec<Vec<u8>>,
    fold: Vec<Vec<u8>>,
    prefix: Vec<Vec<u8>>,
    suffix: Vec<Vec<u8>>,
    contains: Vec<Vec<u8>>,
    len: Vec<(CmpOp, i128)>,
    at: BTreeMap<usize, Vec<Rel>>,
    slices: BTreeMap<(Option<i64>, Option<i64>), Vec<Rel>>,
    each: Vec<Rel>,
    splits: BTreeMap<Vec<u8>, Vec<Rel>>,
    fields: Vec<Rel>,
    counts: BTreeMap<Vec<u8>, Vec<(CmpOp, i128)>>,
    index_of: BTreeMap<Vec<u8>, Vec<(CmpOp, i128)>>,
    numeric: Option<ParseKind>,
    num: Vec<Rel>,
    /// Extra candidate lengths (or rune counts) near inverted arithmetic bounds.
    len_points: Vec<i128>,
    /// Bounds on `utf8.RuneCountInString`.
    runes: Vec<(CmpOp, i128)>,
    /// `strings.Cut` by separator: the facts on `before` and on `after`.
    cuts: BTreeMap<Vec<u8>, (Vec<Rel>, Vec<Rel>)>,
    /// `strings.TrimSuffix` by suffix: the facts on what is left.
    trimmed: BTreeMap<Vec<u8>, Vec<Rel>>,
    /// Substrings the value must not contain.
    absent: Vec<Vec<u8>>,
}

impl Plan {
    fn of(rels: &[Rel]) -> Plan {
        let mut p = Plan::default();
        for r in rels {
            let n = r.steps.iter().take_while(|s| is_soft(s)).count();
            p.soft.extend(r.steps[..n].iter().cloned());
            let steps = &r.steps[n..];
            let rest = Rel {
                steps: steps.get(1..).unwrap_or(&[]).to_vec(),
                pred: r.pred.clone(),
            };
            let (int_pred, points) = match &r.pred {
                Pred::Cmp(op, l) => l
                    .as_int()
                    .and_then(|v| int_preds(&rest.steps, *op, v, is_soft))
                    .unwrap_or_default(),
                _ => Default::default(),
            };
            match (steps.first(), &r.pred) {
                (None, Pred::Cmp(op, lit)) => match (op, lit) {
                    (CmpOp::Eq, Lit::Str(b)) => p.exact.push(b.clone()),
                    (CmpOp::Eq, Lit::Nil) => p.exact.push(Vec::new()),
                    (CmpOp::Ne, Lit::Nil) => p.len.push((CmpOp::Ge, 1)),
                    (CmpOp::Le | CmpOp::Ge, Lit::Str(b)) => p.lex.push(b.clone()),
                    (CmpOp::Gt, Lit::Str(b)) => p.lex.push([b.as_slice(), b"a"].concat()),
                    (CmpOp::Lt, Lit::Str(_)) => p.lex.push(Vec::new()),
                    _ => {}
                },
                (None, Pred::Text(TextTest::Contains, b, false)) => p.absent.push(b.clone()),
                (None, Pred::Text(t, b, true)) => match t {
                    TextTest::HasPrefix => p.prefix.push(b.clone()),
                    TextTest::HasSuffix => p.suffix.push(b.clone()),
                    TextTest::Contains => p.contains.push(b.clone()),
                    TextTest::EqualFold => p.fold.push(b.clone()),
                },
                (None, Pred::Parses(k, _)) | (Some(Step::Parse(k)), _) => {
                    p.numeric = Some(*k);
                    p.num.push(Rel {
                        steps: steps.to_vec(),
                        pred: r.pred.clone(),
                    });
                }
                (Some(Step::Len), _) => {
                    p.len.extend(int_pred);
                    p.len_points.extend(points);
                }
                (Some(Step::RuneCount), _) => {
                    p.runes.extend(int_pred);
                    p.len_points.extend(points);
                }
                (Some(Step::Cut { sep, after }), _) => {
                    let cut = p.cuts.entry(sep.clone()).or_default();
                    if *after { &mut cut.1 } else { &mut cut.0 }.push(rest)
                }
                (Some(Step::TrimSuffix { suffix }), _) => {
                    p.trimmed.entry(suffix.clone()).or_default().push(rest)
                }
                (Some(Step::Index(i)), _) => {
                    if let Ok(i) = usize::try_from(*i) {
                        p.at.entry(i).or_default().push(rest);
                    }
                }
                (Some(Step::Slice { low, high }), _) => {
                    p.slices.entry((*low, *high)).or_default().push(rest)
                }
                // An input that starts with the prefix: the rest is the slice after it.
                (Some(Step::TrimPrefix { prefix }), _) => {
                    p.prefix.push(prefix.clone());
                    let low = i64::try_from(prefix.len()).ok();
                    p.slices.entry((low, None)).or_default().push(rest)
                }
                (Some(Step::Each), _) => p.each.push(rest),
                (Some(Step::Split { sep }), _) => {
                    p.splits.entry(sep.clone()).or_default().push(rest)
                }
                (Some(Step::Fields), _) => p.fields.push(rest),
                (Some(Step::Count { sub }), _) => {
                    p.counts.entry(sub.clone()).or_default().extend(int_pred)
                }
                (Some(Step::IndexOf { sub }), _) => {
                    p.index_of.entry(sub.clone()).or_default().extend(int_pred)
                }
                _ => {}
            }
        }
        p
    }

    /// Exact values, case-folded values, lexicographic bounds, numeric spellings.
    fn exact_tier(&self) -> Vec<Group> {
        if let Some(k) = self.numeric {
            return singles(spell(k, &self.num));
        }
        let mut out: Vec<Vec<u8>> = self.exact.iter().take(1).cloned().collect();
        for f in &self.fold {
            out.push(f.clone());
            out.push(map_case(f, true));
        }
        out.extend(self.lex.iter().cloned());
        singles(out)
    }

    /// Variants that exercise the soft steps: `" x "` for TrimSpace, `"X"` for ToLower.
    fn soft_variants(&self, raw: &[Vec<u8>]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for c in raw.iter().take(2) {
            if self.soft.contains(&Step::TrimSpace) {
                out.push([b" ", c.as_slice(), b"\t"].concat());
            }
            if self.soft.contains(&Step::ToLower) {
                out.push(map_case(c, true));
            }
            if self.soft.contains(&Step::ToUpper) {
                out.push(map_case(c, false));
            }
        }
        out
    }

    /// A split string: the right number of parts, each solved on its own, joined.
    fn parts_tier(&self, depth: u32) -> Vec<Group> {
        if let Some((sep, rels)) = self.splits.iter().next() {
            return singles(self.parts(Some(sep), rels, depth));
        }
        if !self.fields.is_empty() {
            return singles(self.parts(None, &self.fields, depth));
        }
        if let Some((sep, (before, after))) = self.cuts.iter().next() {
            return singles(self.cut(sep, before, after, depth));
        }
        if let Some((suffix, rels)) = self.trimmed.iter().next() {
            let mut rels = rels.clone();
            rels.extend(
                self.prefix
                    .iter()
                    .map(|p| text_rel(TextTest::HasPrefix, p, true)),
            );
            return gen_str(&rels, depth + 1)
                .into_iter()
                .map(|c| vec![[c.as_slice(), suffix].concat()])
                .collect();
        }
        Vec::new()
    }

    /// A string cut at `sep`: `before + sep + after`, each part solved on its own (`before`
    /// free of `sep`), or, when the value must not contain `sep`, `before` alone.
    fn cut(&self, sep: &[u8], before: &[Rel], after: &[Rel], depth: u32) -> Vec<Vec<u8>> {
        let mut head = before.to_vec();
        head.push(text_rel(TextTest::Contains, sep, false));
        head.extend(
            self.prefix
                .iter()
                .map(|p| text_rel(TextTest::HasPrefix, p, true)),
        );
        let heads = gen_str(&head, depth + 1);
        if self.absent.iter().any(|a| a == sep) {
            return heads;
        }
        let mut tail = after.to_vec();
        tail.extend(
            self.suffix
                .iter()
                .map(|s| text_rel(TextTest::HasSuffix, s, true)),
        );
        let tails = if tail.is_empty() {
            vec![Vec::new()]
        } else {
            gen_str(&tail, depth + 1)
        };
        let join = |h: &[u8], t: &[u8]| [h, sep, t].concat();
        let mut out = Vec::new();
        if let (Some(h), Some(t)) = (heads.first(), tails.first()) {
            out.push(join(h, t));
            out.extend(heads.iter().skip(1).map(|h| join(h, t)));
            out.extend(tails.iter().skip(1).map(|t| join(h, t)));
        }
        out
    }

    fn parts(&self, sep: Option<&[u8]>, rels: &[Rel], depth: u32) -> Vec<Vec<u8>> {
        let mut len_preds = Vec::new();
        let mut per: BTreeMap<usize, Vec<Rel>> = BTreeMap::new();
        for r in rels {
            let steps = strip_soft(&r.steps);
            match (steps.first(), &r.pred) {
                (Some(Step::Len), Pred::Cmp(op, l)) if steps.len() == 1 => {
                    if let Some(v) = l.as_int() {
                        len_preds.push((*op, v));
                    }
                }
                (Some(Step::Index(i)), _) => {
                    if let Ok(i) = usize::try_from(*i) {
                        per.entry(i).or_default().push(Rel {
                            steps: steps[1..].to_vec(),
                            pred: r.pred.clone(),
                        });
                    }
                }
                _ => {}
            }
        }
        let needed = per.keys().next_back().map_or(0, |k| *k as i128 + 1);
        len_preds.push((CmpOp::Ge, needed));
        let min = if sep.is_some() { 1 } else { 0 };
        let filler: &[u8] = match sep {
            Some(s) if s.contains(&b'a') => b"b",
            _ => b"a",
        };
        let sep_bytes: &[u8] = sep.unwrap_or(b" ");
        let mut out = Vec::new();
        for n in solve_int(&len_preds, min, MAX_PARTS, false)
            .into_iter()
            .take(2)
        {
            let n = n as usize;
            let mut parts: Vec<Vec<Vec<u8>>> = Vec::new();
            for i in 0..n {
                let mut rs = per.get(&i).cloned().unwrap_or_default();
                if i == 0 {
                    rs.extend(
                        self.prefix
                            .iter()
                            .map(|p| text_rel(TextTest::HasPrefix, p, true)),
                    );
                }
                if i + 1 == n {
                    rs.extend(
                        self.suffix
                            .iter()
                            .map(|s| text_rel(TextTest::HasSuffix, s, true)),
                    );
                }
                if rs.is_empty() {
                    parts.push(vec![filler.to_vec()]);
                    continue;
                }
                match sep {
                    Some(s) => rs.push(text_rel(TextTest::Contains, s, false)),
                    None => {
                        rs.push(Rel {
                            steps: vec![Step::Len],
                            pred: Pred::Cmp(CmpOp::Ge, Lit::Int(1)),
                        });
                        for ws in [" ", "\t", "\n"] {
                            rs.push(text_rel(TextTest::Contains, ws.as_bytes(), false));
                        }
                    }
                }
                let c = gen_str(&rs, depth + 1);
                if c.is_empty() {
                    parts.clear();
                    break;
                }
                parts.push(c);
            }
            if parts.len() != n {
                continue;
            }
            let join = |pick: &dyn Fn(usize) -> usize| -> Vec<u8> {
                parts
                    .iter()
                    .enumerate()
                    .map(|(i, cs)| cs[pick(i).min(cs.len() - 1)].clone())
                    .collect::<Vec<_>>()
                    .join(sep_bytes)
            };
            out.push(join(&|_| 0));
            for (j, cs) in parts.iter().enumerate() {
                for k in 1..cs.len() {
                    out.push(join(&|i| if i == j { k } else { 0 }));
                }
            }
        }
        out
    }

    /// Free assembly: prefix, fixed bytes, slices and indexed substrings at their positions,
    /// then contained substrings, counted substrings, the suffix, and filler up to the length.
    fn assembly_tier(&self, depth: u32) -> Vec<Group> {
        let len = if self.len.is_empty() {
            &self.runes
        } else {
            &self.len
        };
        let targets: Vec<Option<usize>> = if len.is_empty() && self.len_points.is_empty() {
            vec![None]
        } else {
            let points = self
                .len_points
                .iter()
                .copied()
                .filter(|n| (0..=MAX_LEN).contains(n));
            let mut t: Vec<i128> = solve_int(len, 0, MAX_LEN, false);
            t.truncate(2);
            for n in points {
                if !t.contains(&n) {
                    t.push(n);
                }
            }
            t.truncate(8);
            t.into_iter().map(|n| Some(n as usize)).collect()
        };
        let mut placed: Vec<(usize, Vec<u8>)> = Vec::new();
        for p in &self.prefix {
            placed.push((0, p.clone()));
        }
        for (&i, rs) in &self.at {
            let Some(b) = pick_code(rs, 0, 255) else {
                return Vec::new();
            };
            placed.push((i, vec![b as u8]));
        }
        for (&(low, high), rs) in &self.slices {
            let low = low.unwrap_or(0).max(0) as usize;
            let mut rs = rs.clone();
            if let Some(h) = high {
                rs.push(Rel {
                    steps: vec![Step::Len],
                    pred: Pred::Cmp(CmpOp::Eq, Lit::Int(h as i128 - low as i128)),
                });
            }
            let Some(sub) = gen_str(&rs, depth + 1).into_iter().next() else {
                return Vec::new();
            };
            placed.push((low, sub));
        }
        for (sub, preds) in &self.index_of {
            match solve_int(preds, -1, MAX_LEN, false).first() {
                Some(&v) if v >= 0 => placed.push((v as usize, sub.clone())),
                Some(_) => {}
                None => return Vec::new(),
            }
        }
        let mut contains = self.contains.clone();
        if !self.each.is_empty() {
            match pick_code(&self.each, 0, 0x10FFFF) {
                Some(r) => contains.push(utf8(r)),
                None => {
                    for rel in &self.each {
                        let r = pick_code(std::slice::from_ref(rel), 0, 0x10FFFF);
                        contains.extend(r.map(utf8));
                    }
                }
            }
        }
        let mut counted = Vec::new();
        for (sub, preds) in &self.counts {
            match solve_int(preds, 0, MAX_PARTS, false).first() {
                Some(&n) => counted.push(sub.repeat(n as usize)),
                None => return Vec::new(),
            }
        }
        let mut groups: Vec<Group> = targets
            .iter()
            .map(|t| {
                // Each filler as is, then with one more filler byte (for `s != ""`).
                let plain = [b'a', b'x', b'0', b' ']
                    .map(|filler| assemble(&placed, &contains, &counted, &self.suffix, *t, filler));
                let longer = [b'a', b'x', b'0', b' ']
                    .map(|filler| [plain[0].as_slice(), &[filler]].concat());
                plain.into_iter().chain(longer).collect()
            })
            .collect();
        // Rune counts: the same number of two-byte runes (for `len(s) != runes`).
        if !self.runes.is_empty() {
            for n in solve_int(&self.runes, 0, MAX_LEN / 2, false)
                .into_iter()
                .take(2)
            {
                groups.push(vec!["é".repeat(n as usize).into_bytes()]);
            }
        }
        groups
    }
}

fn text_rel(t: TextTest, lit: &[u8], want: bool) -> Rel {
    Rel {
        steps: Vec::new(),
        pred: Pred::Text(t, lit.to_vec(), want),
    }
}

fn utf8(r: i128) -> Vec<u8> {
    u32::try_from(r)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{FFFD}')
        .to_string()
        .into_bytes()
}

/// A byte or rune in `[lo, hi]` satisfying every rel (comparisons and classes on it).
/// Boundary values first when a comparison bounds it, plain characters first otherwise
/// (`s[0] != '#'` → 'a' rather than '"').
fn pick_code(rels: &[Rel], lo: i128, hi: i128) -> Option<i128> {
    let plain = b"a0 .#A".iter().map(|&b| b as i128);
    let bounded = rels
        .iter()
        .any(|r| matches!(r.pred, Pred::Cmp(op, _) if op != CmpOp::Ne));
    let mut pool = Vec::new();
    if !bounded {
        pool.extend(plain.clone());
    }
    pool.extend(int_candidates(rels, lo, hi, false));
    pool.extend(plain);
    pool.into_iter()
        .filter(|v| (lo..=hi).contains(v))
        .find(|&v| rels.iter().all(|r| holds(r, &Conc::Int(v))))
}

fn assemble(
    placed: &[(usize, Vec<u8>)],
    contains: &[Vec<u8>],
    counted: &[Vec<u8>],
    suffix: &[Vec<u8>],
    target: Option<usize>,
    filler: u8,
) -> Vec<u8> {
    let mut buf: Vec<Option<u8>> = Vec::new();
    for (at, bytes) in placed {
        if buf.len() < at + bytes.len() {
            buf.resize(at + bytes.len(), None);
        }
        for (j, b) in bytes.iter().enumerate() {
            buf[at + j] = Some(*b);
        }
    }
    let render = |buf: &[Option<u8>]| buf.iter().map(|b| b.unwrap_or(filler)).collect::<Vec<u8>>();
    for c in contains {
        if find(&render(&buf), c).is_none() {
            buf.extend(c.iter().map(|b| Some(*b)));
        }
    }
    for c in counted {
        buf.extend(c.iter().map(|b| Some(*b)));
    }
    let mut tail = buf.len();
    for s in suffix {
        if !render(&buf).ends_with(s) {
            tail = buf.len();
            buf.extend(s.iter().map(|b| Some(*b)));
        }
    }
    if let Some(t) = target {
        if buf.len() < t {
            let pad = t - buf.len();
            buf.splice(tail..tail, std::iter::repeat(None).take(pad));
        }
    }
    render(&buf)
}

/// Spellings for a string that a strconv call parses: valid (boundary values of the facts on
/// the parsed value), overflowing, or invalid, as the [`Fact::Parses`] facts ask.
fn spell(kind: ParseKind, rels: &[Rel]) -> Vec<Vec<u8>> {
    if let ParseKind::Decode(d) = kind {
        return super::structured::spell(d, rels);
    }
    let oks: BTreeSet<bool> = rels
        .iter()
        .filter_map(|r| match &r.pred {
            Pred::Parses(_, ok) if r.steps.is_empty() => Some(*ok),
            _ => None,
        })
        .collect();
    if oks.len() > 1 {
        return Vec::new();
    }
    let want_ok = !oks.contains(&false);
    let vals: Vec<(CmpOp, Lit)> = rels
        .iter()
        .filter(|r| !r.steps.is_empty() && soft_only(&r.steps[1..]))
        .filter_map(|r| match &r.pred {
            Pred::Cmp(op, l) => Some((*op, l.clone())),
            _ => None,
        })
        .collect();
    // Integer comparisons through arithmetic (`n-1 > 9000` after `n, _ := strconv.Atoi(s)`).
    let mut int_vals: Vec<(CmpOp, i128)> = Vec::new();
    let mut int_points: Vec<i128> = Vec::new();
    for r in rels.iter().filter(|r| !r.steps.is_empty()) {
        if let Pred::Cmp(op, l) = &r.pred {
            let inv = l
                .as_int()
                .and_then(|v| int_preds(&r.steps[1..], *op, v, is_soft));
            if let Some((p, x)) = inv {
                int_vals.extend(p);
                int_points.extend(x);
            }
        }
    }
    let texts: Vec<String> = match kind {
        ParseKind::Atoi | ParseKind::ParseInt { .. } | ParseKind::ParseUint { .. } => {
            let (base, bits, signed) = match kind {
                ParseKind::ParseInt { base, bits } => (base, bits, true),
                ParseKind::ParseUint { base, bits } => (base, bits, false),
                _ => (10, 64, true),
            };
            let bits = if bits == 0 { 64 } else { bits.min(64) };
            let (lo, hi) = int_bounds(bits, signed);
            if want_ok {
                let vs = if int_vals.is_empty() {
                    vec![0, 1, -1, hi, lo]
                } else {
                    let mut vs = solve_int(&int_vals, lo, hi, true);
                    vs.extend(int_points);
                    vs
                };
                vs.into_iter()
                    .filter(|v| (lo..=hi).contains(v))
                    .map(|v| int_text(v, base))
                    .collect()
            } else {
                let mut t = vec!["x".to_string(), String::new(), int_text(hi + 1, base)];
                t.push(if signed {
                    int_text(lo - 1, base)
                } else {
                    "-1".into()
                });
                t.push(" 1".into());
                t
            }
        }
        ParseKind::ParseFloat { bits } => {
            if want_ok {
                if vals.is_empty() {
                    ["0", "1.5", "-0", "NaN", "+Inf", "-Inf", "1e308"]
                        .iter()
                        .map(|s| s.to_string())
                        .collect()
                } else {
                    let preds: Vec<(CmpOp, f64)> = vals
                        .iter()
                        .filter_map(|(op, l)| l.as_float().map(|v| (*op, v)))
                        .collect();
                    float_candidates(&preds, bits)
                        .into_iter()
                        .map(float_text)
                        .collect()
                }
            } else {
                let over = if bits == 32 { "1e39" } else { "1e309" };
                vec!["x".into(), over.into(), String::new(), "1e".into()]
            }
        }
        ParseKind::Decode(_) => Vec::new(),
        ParseKind::ParseBool => {
            if want_ok {
                ["true", "T", "1", "false", "F", "0"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            } else {
                vec!["yes".into(), String::new(), "2".into()]
            }
        }
    };
    texts.into_iter().map(String::into_bytes).collect()
}

// ---------------------------------------------------------------------------------------------
// Tokens

/// libFuzzer dictionary entries from facts: string literals, prefixes, separators, magic
/// bytes, numbers as text (not lengths or counts), in first-seen order without duplicates.
pub fn tokens(facts: &[Fact]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut add = |t: Vec<u8>| {
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    };
    for f in facts {
        if let Some(a) = f.access() {
            for s in &a.steps {
                match s {
                    Step::Split { sep } => add(sep.clone()),
                    Step::Count { sub } | Step::IndexOf { sub } => add(sub.clone()),
                    Step::TrimPrefix { prefix } => add(prefix.clone()),
                    _ => {}
                }
            }
        }
        match f {
            Fact::Cmp { access, lit, .. } => {
                let counts = matches!(
                    access.steps.last(),
                    Some(Step::Len | Step::Count { .. } | Step::IndexOf { .. })
                );
                let byte = matches!(access.steps.last(), Some(Step::Index(_)));
                match lit {
                    Lit::Str(b) => add(b.clone()),
                    Lit::Int(i) if byte && (0..=255).contains(i) => add(vec![*i as u8]),
                    Lit::Rune(r) if byte && *r <= 255 => add(vec![*r as u8]),
                    Lit::Int(i) if !counts => add(i.to_string().into_bytes()),
                    Lit::Rune(r) => add(utf8(*r as i128)),
                    Lit::Float(x) => add(float_text(*x).into_bytes()),
                    _ => {}
                }
            }
            Fact::Text { lit, .. } => add(lit.clone()),
            _ => {}
        }
    }
    out
}

/// The shared start of the integer and float candidate lists: with an equality, that value
/// alone (or nothing when it breaks a bound or a `!=`) as `Err`, the final answer; an empty
/// range as `Err(vec![])`; otherwise `Ok` with the set bounds, boundary values first.
fn bounds_start<T: PartialOrd + Copy>(
    eq: Option<T>,
    lo: T,
    hi: T,
    lo_set: bool,
    hi_set: bool,
    is_ne: impl Fn(&T) -> bool,
) -> Result<Vec<T>, Vec<T>> {
    if let Some(e) = eq {
        return Err(if lo <= e && e <= hi && !is_ne(&e) {
            vec![e]
        } else {
            Vec::new()
        });
    }
    if lo > hi {
        return Err(Vec::new());
    }
    let mut c = Vec::new();
    if lo_set {
        c.push(lo);
    }
    if hi_set {
        c.push(hi);
    }
    Ok(c)
}
