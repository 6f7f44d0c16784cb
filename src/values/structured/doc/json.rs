//! JSON documents from a [`DocSpec`]: members under their `encoding/json` keys, `,string`
//! members quoted, nested objects, arrays sized by length and index facts, map members by key,
//! pointers present or `null` as nil facts ask, `[]byte` as base64, raw messages as `{}`.

use super::{descend, item_count, scalar, wants_nil};
use crate::constraints::structured::doc::{DocSpec, Shape};
use crate::constraints::{Fact, Lit, Step, ValueKind};
use base64::Engine;
use serde_json::{Map, Value};

/// The document for the facts on the decoded local (re-rooted at `_`), on top of `base` when it
/// is a JSON object of the same shape (its members spelled in another case are replaced, as
/// `encoding/json` matches keys case-insensitively).
pub fn document(spec: &DocSpec, facts: &[Fact], variant: usize, base: &[u8]) -> Option<Vec<u8>> {
    let v = value(&spec.shape, facts, variant).or_else(|| zero(&spec.shape))?;
    let merged = match (v, serde_json::from_slice::<Value>(base)) {
        (Value::Object(top), Ok(Value::Object(mut b))) => {
            for (k, val) in top {
                let same: Vec<String> = b
                    .keys()
                    .filter(|x| x.eq_ignore_ascii_case(&k))
                    .cloned()
                    .collect();
                for s in same {
                    b.remove(&s);
                }
                b.insert(k, val);
            }
            Value::Object(b)
        }
        (v, _) => v,
    };
    serde_json::to_vec(&merged).ok()
}

fn lit_json(l: Lit) -> Option<Value> {
    Some(match l {
        Lit::Int(i) => i64::try_from(i)
            .ok()
            .map(Value::from)
            .or_else(|| u64::try_from(i).ok().map(Value::from))?,
        Lit::Float(x) => Value::Number(serde_json::Number::from_f64(x)?),
        Lit::Str(b) => Value::String(String::from_utf8(b).ok()?),
        Lit::Bool(b) => Value::Bool(b),
        Lit::Rune(r) => Value::from(r),
        Lit::Nil => Value::Null,
    })
}

/// The zero document of a shape (what a member some fact needs present gets by default).
fn zero(s: &Shape) -> Option<Value> {
    Some(match s {
        Shape::Struct { .. } | Shape::Map { .. } | Shape::Raw | Shape::Any => {
            Value::Object(Map::new())
        }
        Shape::List { .. } => Value::Array(Vec::new()),
        Shape::Ptr { elem } => zero(elem)?,
        Shape::Scalar { kind } => match kind {
            ValueKind::Str => Value::String(String::new()),
            ValueKind::Bool => Value::Bool(false),
            _ => Value::from(0),
        },
        Shape::Bytes | Shape::Custom { .. } => Value::String(String::new()),
        Shape::Bounded => return None,
    })
}

/// The value of a shape meeting `facts` (None when no fact speaks about it).
fn value(s: &Shape, facts: &[Fact], variant: usize) -> Option<Value> {
    if facts.is_empty() {
        return None;
    }
    match s {
        Shape::Struct { members } => {
            let mut obj = Map::new();
            for m in members {
                let sub = descend(facts, &Step::Field(m.field.clone()));
                let Some(v) = value(&m.shape, &sub, variant) else {
                    continue;
                };
                let v = match (m.quoted, v) {
                    (true, Value::String(s)) => Value::String(Value::String(s).to_string()),
                    (true, v) => Value::String(v.to_string()),
                    (false, v) => v,
                };
                obj.insert(m.key.clone(), v);
            }
            Some(Value::Object(obj))
        }
        Shape::Ptr { elem } => match wants_nil(facts) {
            Some(true) => Some(Value::Null),
            _ => {
                let inner: Vec<Fact> = facts.iter().filter(|f| !is_nil_test(f)).cloned().collect();
                value(elem, &inner, variant).or_else(|| zero(elem))
            }
        },
        Shape::List { elem } => {
            let n = item_count(facts, variant).unwrap_or(1);
            let items = (0..n)
                .map(|i| {
                    let mut sub = descend(facts, &Step::Index(i as i64));
                    if i == 0 {
                        sub.extend(descend(facts, &Step::Each));
                    }
                    value(elem, &sub, variant)
                        .or_else(|| zero(elem))
                        .unwrap_or(Value::Null)
                })
                .collect();
            Some(Value::Array(items))
        }
        Shape::Map { value: elem } => keyed(facts, variant, |sub| {
            value(elem, sub, variant).or_else(|| zero(elem))
        }),
        Shape::Any => keyed(facts, variant, |sub| {
            any_scalar(sub, variant).or_else(|| Some(Value::String(String::new())))
        })
        .or_else(|| any_scalar(facts, variant)),
        Shape::Scalar { kind } => scalar(facts, *kind, variant).and_then(lit_json),
        Shape::Custom { .. } => scalar(facts, ValueKind::Str, variant).and_then(lit_json),
        Shape::Bytes => {
            let Lit::Str(b) = scalar(facts, ValueKind::Bytes, variant)? else {
                return None;
            };
            Some(Value::String(
                base64::engine::general_purpose::STANDARD.encode(b),
            ))
        }
        Shape::Raw => {
            // A raw message holds the member's text: `{}` (2 bytes) or a longer array.
            let n = item_count(facts, variant).unwrap_or(2);
            Some(match n {
                0 => return None,
                1..=2 => Value::Object(Map::new()),
                n => Value::Array(vec![Value::from(0); n / 2]),
            })
        }
        Shape::Bounded => None,
    }
}

fn is_nil_test(f: &Fact) -> bool {
    matches!(f, Fact::Cmp { access, lit: Lit::Nil, .. } if access.steps.is_empty())
}

/// An object from `x["key"]` facts (and a length fact: filler members `k0`, `k1`...).
fn keyed(facts: &[Fact], variant: usize, each: impl Fn(&[Fact]) -> Option<Value>) -> Option<Value> {
    let mut keys: Vec<Vec<u8>> = Vec::new();
    for f in facts {
        if let Some(Step::Key(k)) = f.access().and_then(|a| a.steps.first()) {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    let mut obj = Map::new();
    for k in &keys {
        let sub = descend(facts, &Step::Key(k.clone()));
        if let (Ok(key), Some(v)) = (String::from_utf8(k.clone()), each(&sub)) {
            obj.insert(key, v);
        }
    }
    let n = item_count(facts, variant).unwrap_or(0);
    let mut i = 0;
    while obj.len() < n {
        obj.entry(format!("k{i}"))
            .or_insert_with(|| each(&[]).unwrap_or(Value::Null));
        i += 1;
    }
    // `v, ok := x.(map[string]any)` with `ok` wanted: an object, even an empty one.
    let asserted_map = facts.iter().any(|f| {
        matches!(f.access().and_then(|a| a.steps.first()),
            Some(Step::Method { name, .. }) if name.starts_with("(map["))
    });
    (!obj.is_empty()
        || asserted_map
        || facts
            .iter()
            .any(|f| f.access().is_some_and(|a| a.steps == [Step::Len])))
    .then_some(Value::Object(obj))
}

/// A scalar for an interface value: the type of the literal it is compared with.
fn any_scalar(facts: &[Fact], variant: usize) -> Option<Value> {
    let kind = facts.iter().find_map(|f| match f {
        Fact::Cmp { access, lit, .. } if access.steps.is_empty() => Some(match lit {
            Lit::Str(_) => ValueKind::Str,
            Lit::Bool(_) => ValueKind::Bool,
            _ => ValueKind::Float { bits: 64 },
        }),
        _ => None,
    })?;
    scalar(facts, kind, variant).and_then(lit_json)
}
