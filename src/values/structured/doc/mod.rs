//! Documents for arguments that a target decodes ([`crate::constraints::structured::doc`]):
//! the facts on the decoded local's fields are carried into a JSON ([`json`]) or XML ([`xml`])
//! document built from the type, with Go's naming rules; a goal that needs the decode to fail
//! gets a deliberately malformed document.

pub mod json;
pub mod xml;

use crate::constraints::structured::doc::{DocSpec, Format};
use crate::constraints::{solve, Access, CmpOp, Decoder, Fact, Lit, ParseKind, Step, ValueKind};

/// Longest list or map a document gets from a length fact.
const MAX_ITEMS: i128 = 8;

/// The facts on the value at `steps` below `root`, re-rooted at `_` (what [`solve`] takes).
fn under(facts: &[Fact], root: &str, steps: &[Step]) -> Vec<Fact> {
    facts
        .iter()
        .filter_map(|f| {
            let a = f.access()?;
            if a.root != root || !a.steps.starts_with(steps) {
                return None;
            }
            let mut f = f.clone();
            let rest = a.steps[steps.len()..].to_vec();
            set_access(
                &mut f,
                Access {
                    root: "_".into(),
                    steps: rest,
                },
            );
            Some(f)
        })
        .collect()
}

fn set_access(f: &mut Fact, new: Access) {
    match f {
        Fact::Cmp { access, .. }
        | Fact::Text { access, .. }
        | Fact::Class { access, .. }
        | Fact::Parses { access, .. } => *access = new,
        Fact::Rel { .. } | Fact::Unsat { .. } => {}
    }
}

/// Facts below one more step (a field, an index, a key), with a dereference right after it
/// looked through.
fn descend(facts: &[Fact], step: &Step) -> Vec<Fact> {
    let mut out = under(facts, "_", std::slice::from_ref(step));
    for f in out.iter_mut() {
        if let Some(a) = f.access() {
            if a.steps.first() == Some(&Step::Deref) {
                let mut a = a.clone();
                a.steps.remove(0);
                set_access(f, a);
            }
        }
    }
    out
}

/// `x == nil` / `x != nil` on the value itself: Some(true) when nil is wanted.
fn wants_nil(facts: &[Fact]) -> Option<bool> {
    facts.iter().find_map(|f| match f {
        Fact::Cmp {
            access,
            op: op @ (CmpOp::Eq | CmpOp::Ne),
            lit: Lit::Nil,
        } if access.steps.is_empty() => Some(*op == CmpOp::Eq),
        _ => None,
    })
}

/// The number of elements a list or map needs: length facts, the highest constant index and
/// an element some fact reads (`each`); `variant` 1 takes the next admissible length.
fn item_count(facts: &[Fact], variant: usize) -> Option<usize> {
    let mut preds: Vec<(CmpOp, i128)> = Vec::new();
    for f in facts {
        if let Fact::Cmp {
            access, op, lit, ..
        } = f
        {
            if access.steps == [Step::Len] {
                preds.push((*op, lit.as_int()?));
            }
        }
        if let Some(a) = f.access() {
            match a.steps.first() {
                Some(Step::Index(i)) => preds.push((CmpOp::Gt, *i as i128)),
                Some(Step::Each) => preds.push((CmpOp::Ge, 1)),
                _ => {}
            }
        }
    }
    if preds.is_empty() {
        return None;
    }
    let ns = crate::constraints::solve_int(&preds, 0, MAX_ITEMS, false);
    let n = ns.get(variant).or(ns.first())?;
    usize::try_from(*n).ok()
}

/// A scalar solved from the facts on the value itself (None when none speak about it or they
/// conflict).
fn scalar(facts: &[Fact], kind: ValueKind, variant: usize) -> Option<Lit> {
    let own: Vec<Fact> = facts
        .iter()
        .filter(|f| {
            f.access().is_some_and(|a| {
                !matches!(
                    a.steps.first(),
                    Some(Step::Index(_) | Step::Each | Step::Key(_))
                )
            })
        })
        .cloned()
        .collect();
    if own.is_empty() {
        return None;
    }
    let lits = solve(&own, &Access::root("_"), kind);
    lits.get(variant).or(lits.first()).cloned()
}

/// Whether `alt` asks `param`'s decode (`format`) to fail.
fn wants_failure(alt: &[Fact], param: &Access, format: Format) -> bool {
    alt.iter().any(|f| {
        matches!(f, Fact::Parses { access, kind: ParseKind::Decode(d), ok: false }
            if access == param && matches!((d, format), (Decoder::Json, Format::Json) | (Decoder::Xml, Format::Xml)))
    })
}

/// Documents for one alternative: malformed ones when it needs the decode of `param` to fail,
/// else up to two valid documents (boundary values, then the next candidates) carrying the
/// facts on `spec.local`; `base` is a real input whose other members are kept (JSON objects).
/// Empty when the alternative says nothing about the document.
pub fn documents(
    spec: &DocSpec,
    alt: &[Fact],
    param: Option<&Access>,
    base: &[u8],
) -> Vec<Vec<u8>> {
    if param.is_some_and(|p| wants_failure(alt, p, spec.format)) {
        return match spec.format {
            Format::Json => vec![b"{".to_vec(), br#"{"":"#.to_vec()],
            Format::Xml => vec![b"<".to_vec()],
        };
    }
    let facts = under(alt, &spec.local, &[]);
    let ok_wanted = param.is_some_and(|p| {
        alt.iter()
            .any(|f| matches!(f, Fact::Parses { access, ok: true, .. } if access == p))
    });
    if facts.is_empty() && !ok_wanted {
        return Vec::new();
    }
    let mut out: Vec<Vec<u8>> = Vec::new();
    for variant in 0..2 {
        let doc = match spec.format {
            Format::Json => json::document(spec, &facts, variant, base),
            Format::Xml => xml::document(spec, &facts, variant),
        };
        if let Some(d) = doc {
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraints::structured::doc::doc_inputs;

    const SRC: &str = "package p\n\nimport \"encoding/json\"\n\ntype Item struct {\n\tQty int `json:\"qty\"`\n}\n\ntype Ship struct {\n\tCountry string `json:\"country\"`\n}\n\ntype Req struct {\n\tKind string `json:\"kind\"`\n\tN int64 `json:\"n,string\"`\n\tItems []Item `json:\"items\"`\n\tMeta map[string]string `json:\"meta\"`\n\tShip *Ship `json:\"ship\"`\n\tRaw json.RawMessage `json:\"raw\"`\n}\n\nfunc Handle(body []byte) error {\n\tvar req Req\n\treturn json.Unmarshal(body, &req)\n}\n";

    fn cmp(steps: &[Step], op: CmpOp, lit: Lit) -> Fact {
        Fact::Cmp {
            access: Access {
                root: "req".into(),
                steps: steps.to_vec(),
            },
            op,
            lit,
        }
    }

    fn field(n: &str) -> Step {
        Step::Field(n.into())
    }

    /// Nested guards become nested members: an element by index, a map member by key, a
    /// pointer's field, a `,string` number, a raw message long enough; a failing decode gets a
    /// malformed document.
    #[test]
    fn json_documents_carry_nested_guards() {
        let file = crate::syntax::parse_source(SRC);
        let (param, spec) = doc_inputs(&file.functions[0], &file.types, &[])
            .pop()
            .expect("document input");
        assert_eq!(param, "body");
        let alt = vec![
            cmp(&[field("Kind")], CmpOp::Eq, Lit::Str(b"refund".to_vec())),
            cmp(&[field("N")], CmpOp::Gt, Lit::Int(100)),
            cmp(
                &[field("Items"), Step::Index(1), field("Qty")],
                CmpOp::Gt,
                Lit::Int(50),
            ),
            cmp(
                &[field("Meta"), Step::Key(b"trace".to_vec())],
                CmpOp::Ne,
                Lit::Str(Vec::new()),
            ),
            cmp(&[field("Ship")], CmpOp::Ne, Lit::Nil),
            cmp(
                &[field("Ship"), field("Country")],
                CmpOp::Eq,
                Lit::Str(b"NZ".to_vec()),
            ),
            cmp(&[field("Raw"), Step::Len], CmpOp::Gt, Lit::Int(5)),
        ];
        let body = Access::root("body");
        let docs = documents(&spec, &alt, Some(&body), b"");
        let doc = String::from_utf8(docs[0].clone()).expect("utf-8");
        assert_eq!(
            doc,
            r#"{"items":[{},{"qty":51}],"kind":"refund","meta":{"trace":"a"},"n":"101","raw":[0,0,0],"ship":{"country":"NZ"}}"#
        );
        let fail = vec![Fact::Parses {
            access: body.clone(),
            kind: ParseKind::Decode(Decoder::Json),
            ok: false,
        }];
        let bad = documents(&spec, &fail, Some(&body), b"");
        assert!(bad
            .iter()
            .all(|d| serde_json::from_slice::<serde_json::Value>(d).is_err()));
    }
}
