//! Values for inputs the harness decodes from a `[]byte` fuzz argument
//! ([`crate::plan::Build::Decode`]: slices, arrays, maps, structs of them): the facts of one
//! alternative on that input (`len(xs) > 5`, `parts[1] == "magic"`, `ps[0].X == 77`, the element
//! of a `for _, x := range xs`, `m["mode"] == "fast"`, `cfg.Port > 1024`) are solved part by
//! part with [`crate::constraints::solve`] and assembled into a value of the argument's
//! [`Shape`], encoded in the decoder format ([`crate::writers::decoder`]). Parts no fact
//! speaks about keep their zero value. Like the solver, this is loose on purpose: the seed check
//! measures every candidate with the real toolchain. The synthesiser (`values::synth`) sees it
//! through [`DecodedInput`], as it knows neither plans nor the byte format.

use crate::constraints::{solve, Access, Fact, Lit, Step, ValueKind};
use crate::gotypes::Basic;
use crate::plan::Shape;
use crate::values::synth::DecodedInput;
use crate::writers::decoder::{self, Value as D, MAX_COUNT};

/// The decoded input at `at` (a parameter, or a field path of one) of shape `shape`.
#[derive(Debug)]
pub struct Decoded {
    pub at: Access,
    pub shape: Shape,
}

impl DecodedInput for Decoded {
    fn candidates(&self, alt: &[Fact]) -> Vec<Vec<u8>> {
        candidates(alt, &self.at, &self.shape)
    }
}

/// At most this many candidates per input (lengths × first elements).
const MAX_CANDIDATES: usize = 4;

/// Encoded candidates for the input at `at` (decoded as `shape`) meeting the facts of `alt`
/// that speak about it; empty when none does or they conflict.
pub fn candidates(alt: &[Fact], at: &Access, shape: &Shape) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for v in values(alt, at, shape).unwrap_or_default() {
        let b = decoder::encode(shape, &v);
        if !out.contains(&b) {
            out.push(b);
        }
    }
    out
}

/// True when `a` reads `at` or a part of it.
fn under(a: &Access, at: &Access) -> bool {
    a.root == at.root && a.steps.starts_with(&at.steps)
}

/// True when some fact of `alt` reads `at` or a part of it.
fn speaks_about(alt: &[Fact], at: &Access) -> bool {
    alt.iter().any(|f| match f {
        Fact::Rel { left, right, .. } => under(left, at) || under(right, at),
        other => other.access().is_some_and(|a| under(a, at)),
    })
}

/// The step right after `at` of every fact that reads a part of `at`.
fn next_steps<'f>(alt: &'f [Fact], at: &'f Access) -> impl Iterator<Item = &'f Step> + 'f {
    alt.iter()
        .filter_map(Fact::access)
        .filter(move |a| under(a, at))
        .filter_map(move |a| a.steps.get(at.steps.len()))
}

fn step(at: &Access, s: Step) -> Access {
    let mut a = at.clone();
    a.steps.push(s);
    a
}

/// Candidate values of `shape` at `at`: `None` when no fact speaks about it (the caller keeps
/// the zero value), `Some(empty)` when the facts cannot be met.
fn values(alt: &[Fact], at: &Access, shape: &Shape) -> Option<Vec<D>> {
    if !speaks_about(alt, at) {
        return None;
    }
    match shape {
        Shape::Named { inner, .. } | Shape::Pointer { elem: inner } => values(alt, at, inner),
        Shape::Scalar { go } => Some(scalars(alt, at, *go)),
        Shape::String | Shape::Bytes => Some(
            solve(alt, at, ValueKind::Str)
                .into_iter()
                .filter_map(|l| match l {
                    Lit::Str(b) => Some(D::Bytes(b)),
                    _ => None,
                })
                .collect(),
        ),
        Shape::Struct { fields } => {
            let parts: Vec<Option<Vec<D>>> = fields
                .iter()
                .map(|(name, s)| values(alt, &step(at, Step::Field(name.clone())), s))
                .collect();
            if parts.iter().any(|p| p.as_ref().is_some_and(Vec::is_empty)) {
                return Some(Vec::new());
            }
            // The first candidate of every constrained field; then each field's other
            // candidates one at a time.
            let first: Vec<D> = fields
                .iter()
                .zip(&parts)
                .map(|((_, s), p)| match p {
                    Some(c) => c[0].clone(),
                    None => decoder::zero(s),
                })
                .collect();
            let mut out = vec![D::Struct(first.clone())];
            for (i, p) in parts.iter().enumerate() {
                for c in p.iter().flatten().skip(1) {
                    let mut v = first.clone();
                    v[i] = c.clone();
                    out.push(D::Struct(v));
                }
            }
            out.truncate(MAX_CANDIDATES);
            Some(out)
        }
        Shape::Slice { elem } => list(alt, at, elem, None),
        Shape::Array { len, elem } => list(alt, at, elem, Some(*len)),
        Shape::Map { key, value } => Some(map(alt, at, key, value)),
    }
}

/// A scalar of Go type `go` at `at`.
fn scalars(alt: &[Fact], at: &Access, go: Basic) -> Vec<D> {
    let Some(kind) = ValueKind::of_basic(go) else {
        return Vec::new();
    };
    let unsigned = go.int_bits().is_some_and(|(_, signed)| !signed);
    solve(alt, at, kind)
        .into_iter()
        .filter_map(|l| match l {
            Lit::Int(i) if unsigned => u64::try_from(i).ok().map(D::Uint),
            Lit::Int(i) => i64::try_from(i).ok().map(D::Int),
            Lit::Rune(r) => Some(D::Int(r as i64)),
            Lit::Float(f) => Some(D::Float(f)),
            Lit::Bool(b) => Some(D::Bool(b)),
            _ => None,
        })
        .collect()
}

/// A slice (`fixed`: an array of that length) at `at`: its length from the facts on
/// `len(at)` (at least one past the highest constrained index, at least one when a `range`
/// element is constrained), constrained indices filled, the `range` element at the first free
/// index, zero values elsewhere.
fn list(alt: &[Fact], at: &Access, elem: &Shape, fixed: Option<usize>) -> Option<Vec<D>> {
    let mut indices: Vec<i64> = next_steps(alt, at)
        .filter_map(|s| match s {
            Step::Index(i) => Some(*i),
            _ => None,
        })
        .collect();
    indices.sort_unstable();
    indices.dedup();
    let cap = fixed.unwrap_or(MAX_COUNT);
    if indices.iter().any(|&i| i < 0 || i as usize >= cap) {
        return Some(Vec::new());
    }
    let mut at_index: Vec<(usize, Vec<D>)> = Vec::new();
    for &i in &indices {
        match values(alt, &step(at, Step::Index(i)), elem) {
            Some(c) if c.is_empty() => return Some(Vec::new()),
            Some(c) => at_index.push((i as usize, c)),
            None => {}
        }
    }
    let each = match values(alt, &step(at, Step::Each), elem) {
        Some(c) if c.is_empty() => return Some(Vec::new()),
        other => other,
    };
    let len_at = step(at, Step::Len);
    // One past the highest constrained index; one more when the `range` element needs a slot
    // and every index below is taken.
    let past = indices.last().map_or(0, |&i| i as usize + 1);
    let min = past + usize::from(each.is_some() && indices.len() == past);
    let lengths: Vec<usize> = match fixed {
        Some(n) => vec![n],
        None if speaks_about(alt, &len_at) => {
            let kind = ValueKind::Int {
                bits: 64,
                signed: true,
            };
            solve(alt, &len_at, kind)
                .into_iter()
                .filter_map(|l| l.as_int())
                .filter(|&n| n >= 0 && n as usize <= MAX_COUNT)
                .map(|n| n as usize)
                .filter(|&n| n >= min)
                .collect()
        }
        None => vec![min],
    };
    let mut out = Vec::new();
    for n in lengths {
        let mut items: Vec<D> = vec![decoder::zero(elem); n];
        for (i, c) in &at_index {
            if *i < n {
                items[*i] = c[0].clone();
            }
        }
        if let Some(c) = &each {
            // The first index no fact fixes (the last one when every index is fixed).
            let free = (0..n).find(|i| !indices.contains(&(*i as i64)));
            if let Some(i) = free.or(n.checked_sub(1)) {
                items[i] = c[0].clone();
            }
        }
        out.push(D::List(items));
        if out.len() == MAX_CANDIDATES {
            break;
        }
    }
    Some(out)
}

/// A map at `at`: one entry per constant string key the facts read (`m["mode"]`), with the
/// value they ask for (the zero value when they only read it).
fn map(alt: &[Fact], at: &Access, key: &Shape, value: &Shape) -> Vec<D> {
    let mut keys: Vec<Vec<u8>> = next_steps(alt, at)
        .filter_map(|s| match s {
            Step::Key(k) => Some(k.clone()),
            _ => None,
        })
        .collect();
    keys.sort();
    keys.dedup();
    if keys.is_empty() || !matches!(strip(key), Shape::String) {
        return Vec::new();
    }
    let mut entries = Vec::new();
    for k in keys {
        let v = match values(alt, &step(at, Step::Key(k.clone())), value) {
            Some(c) if c.is_empty() => return Vec::new(),
            Some(c) => c[0].clone(),
            None => decoder::zero(value),
        };
        entries.push((D::Bytes(k), v));
    }
    vec![D::Map(entries)]
}

/// The shape under names and pointers.
fn strip(s: &Shape) -> &Shape {
    match s {
        Shape::Named { inner, .. } | Shape::Pointer { elem: inner } => strip(inner),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraints::CmpOp;

    fn int_shape() -> Shape {
        Shape::Scalar { go: Basic::Int }
    }

    fn acc(root: &str, steps: Vec<Step>) -> Access {
        Access {
            root: root.into(),
            steps,
        }
    }

    fn cmp(access: Access, op: CmpOp, lit: Lit) -> Fact {
        Fact::Cmp { access, op, lit }
    }

    fn decoded(shape: &Shape, bytes: &[u8]) -> D {
        decoder::decode(shape, bytes)
    }

    #[test]
    fn a_long_enough_list_with_the_wanted_element_and_range_value() {
        // func Sum(xs []int) { for _, x := range xs { if x == 4242 {...} }; if len(xs) > 5 {...} }
        let xs = Shape::Slice {
            elem: Box::new(int_shape()),
        };
        let alt = vec![
            cmp(acc("xs", vec![Step::Len]), CmpOp::Gt, Lit::Int(5)),
            cmp(acc("xs", vec![Step::Index(2)]), CmpOp::Eq, Lit::Int(-7)),
            cmp(acc("xs", vec![Step::Each]), CmpOp::Eq, Lit::Int(4242)),
        ];
        let got = candidates(&alt, &Access::root("xs"), &xs);
        assert!(!got.is_empty());
        let D::List(items) = decoded(&xs, &got[0]) else {
            panic!("not a list")
        };
        assert_eq!(items.len(), 6);
        assert_eq!(items[2], D::Int(-7));
        assert_eq!(items[0], D::Int(4242));
        assert!(items[1..].iter().all(|v| *v != D::Int(4242)));
        // Facts on another input: nothing to say.
        assert!(candidates(&alt, &Access::root("ys"), &xs).is_empty());
        // An index beyond the most a slice decodes to: no value rather than a wrong one.
        let far = vec![cmp(
            acc("xs", vec![Step::Index(64)]),
            CmpOp::Eq,
            Lit::Int(1),
        )];
        assert!(candidates(&far, &Access::root("xs"), &xs).is_empty());
    }

    #[test]
    fn struct_elements_strings_and_maps_by_key() {
        // func Area(ps []Point) { if len(ps) >= 3 && ps[0].X == 77 {...} }
        let point = Shape::Named {
            go: "Point".into(),
            inner: Box::new(Shape::Struct {
                fields: vec![("X".into(), int_shape()), ("Y".into(), int_shape())],
            }),
        };
        let ps = Shape::Slice {
            elem: Box::new(point),
        };
        let alt = vec![
            cmp(acc("ps", vec![Step::Len]), CmpOp::Ge, Lit::Int(3)),
            cmp(
                acc("ps", vec![Step::Index(0), Step::Field("X".into())]),
                CmpOp::Eq,
                Lit::Int(77),
            ),
        ];
        let got = candidates(&alt, &Access::root("ps"), &ps);
        let D::List(items) = decoded(&ps, &got[0]) else {
            panic!("not a list")
        };
        assert_eq!(items.len(), 3);
        assert_eq!(items[0], D::Struct(vec![D::Int(77), D::Int(0)]));
        // func Join(parts []string) { if len(parts) == 3 && parts[1] == "magic" {...} }
        let parts = Shape::Slice {
            elem: Box::new(Shape::String),
        };
        let alt = vec![
            cmp(acc("parts", vec![Step::Len]), CmpOp::Eq, Lit::Int(3)),
            cmp(
                acc("parts", vec![Step::Index(1)]),
                CmpOp::Eq,
                Lit::Str(b"magic".to_vec()),
            ),
        ];
        let got = candidates(&alt, &Access::root("parts"), &parts);
        assert_eq!(
            decoded(&parts, &got[0]),
            D::List(vec![
                D::Bytes(vec![]),
                D::Bytes(b"magic".to_vec()),
                D::Bytes(vec![])
            ])
        );
        // func F(m map[string]string) { if m["mode"] == "fast" {...} }
        let m = Shape::Map {
            key: Box::new(Shape::String),
            value: Box::new(Shape::String),
        };
        let alt = vec![cmp(
            acc("m", vec![Step::Key(b"mode".to_vec())]),
            CmpOp::Eq,
            Lit::Str(b"fast".to_vec()),
        )];
        let got = candidates(&alt, &Access::root("m"), &m);
        assert_eq!(
            decoded(&m, &got[0]),
            D::Map(vec![(
                D::Bytes(b"mode".to_vec()),
                D::Bytes(b"fast".to_vec())
            )])
        );
        // Conflicting facts on an element: no value.
        let alt = vec![
            cmp(
                acc("parts", vec![Step::Index(0)]),
                CmpOp::Eq,
                Lit::Str(b"a".to_vec()),
            ),
            cmp(
                acc("parts", vec![Step::Index(0)]),
                CmpOp::Eq,
                Lit::Str(b"b".to_vec()),
            ),
        ];
        assert!(candidates(&alt, &Access::root("parts"), &parts).is_empty());
    }

    #[test]
    fn fields_of_a_decoded_struct_and_unsigned_lengths() {
        // func Listen(cfg Config) { if cfg.Port > 1024 && len(cfg.Hosts) == 2 {...} }
        let cfg = Shape::Struct {
            fields: vec![
                ("Port".into(), Shape::Scalar { go: Basic::Uint16 }),
                (
                    "Hosts".into(),
                    Shape::Slice {
                        elem: Box::new(Shape::String),
                    },
                ),
            ],
        };
        let alt = vec![
            cmp(
                acc("cfg", vec![Step::Field("Port".into())]),
                CmpOp::Gt,
                Lit::Int(1024),
            ),
            cmp(
                acc("cfg", vec![Step::Field("Hosts".into()), Step::Len]),
                CmpOp::Eq,
                Lit::Int(2),
            ),
        ];
        let got = candidates(&alt, &Access::root("cfg"), &cfg);
        assert!(!got.is_empty());
        let D::Struct(f) = decoded(&cfg, &got[0]) else {
            panic!("not a struct")
        };
        assert_eq!(f[0], D::Uint(1025));
        assert_eq!(f[1], D::List(vec![D::Bytes(vec![]), D::Bytes(vec![])]));
    }
}
