//! Structured seeds for decoders that a byte-level fuzzer cannot build from scratch (issue 9):
//! JSON and XML documents built from the decoded type ([`doc`]), Protobuf wire format
//! ([`proto`]), regular-expression matches ([`regex`]) and binary frames ([`frame`]).
//!
//! Hand-offs: [`attach`] reads a target function (and its package's types and vars) and marks
//! the fuzz arguments that flow into a decoder with a [`Decoder`]; [`candidates`] turns the
//! facts of one goal alternative into whole inputs for such an argument (a message whose decoded
//! fields satisfy the facts, a string the pattern matches with the wanted captures, a frame with
//! its magic, lengths and checksums right). Each builder reuses the fact solver for the leaf
//! values: facts over a decoded value are re-rooted at a slot ([`solve_slot`]) and solved there.
//! Pure and deterministic.

pub mod doc;
pub mod frame;
pub mod proto;
pub mod regex;

use crate::constraints::{solve, Access, Fact, Lit, Step, ValueKind};
use crate::index::{ConstDecl, TypeDecl};
use crate::index::{Expr, Function};
use crate::values::synth::ArgSpec;
use crate::values::{FuzzType, Value};
use serde::Serialize;

pub use doc::documents;

/// The decoder a fuzz argument flows into.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "decoder", rename_all = "snake_case")]
pub enum Decoder {
    /// `proto.Unmarshal(arg, &local)` into a generated message type.
    Proto(proto::ProtoSpec),
    /// `encoding/binary` reads, length fields and checksums over the argument's bytes.
    Frame(frame::FrameSpec),
}

impl Decoder {
    /// libFuzzer dictionary tokens of the format: field tags, magic bytes.
    pub fn tokens(&self) -> Vec<Vec<u8>> {
        match self {
            Decoder::Proto(p) => p.tokens(),
            Decoder::Frame(f) => f.tokens(),
        }
    }
}

/// What the builders read of the target's package: its types, constants and package-level
/// vars with their initialisers (regexp patterns, checksum tables).
#[derive(Clone, Copy, Debug)]
pub struct Package<'a> {
    pub types: &'a [TypeDecl],
    pub consts: &'a [ConstDecl],
    pub vars: &'a [(String, Expr)],
}

/// Marks the arguments of `specs` (their input paths in `f`'s terms) that flow into a decoder.
pub fn attach(specs: &mut [ArgSpec], f: &Function, pkg: Package<'_>) {
    for s in specs.iter_mut() {
        let Some(root) = s.path.as_ref().filter(|p| p.steps.is_empty()) else {
            continue;
        };
        let root = root.root.clone();
        if let Some(p) = proto::detect(f, &root, pkg.types) {
            s.decoder = Some(Decoder::Proto(p));
        } else if let Some(fr) = frame::detect(f, &root, pkg) {
            s.decoder = Some(Decoder::Frame(fr));
        }
    }
}

/// Whole-input candidates for argument `arg` under one alternative: None when the argument
/// is not structured or the alternative does not speak about its decoded form (the plain
/// solver then handles it).
pub fn candidates(alt: &[Fact], arg: &ArgSpec) -> Option<Vec<Value>> {
    let path = arg.path.as_ref()?;
    let bytes: Vec<Vec<u8>> = match &arg.decoder {
        Some(Decoder::Proto(p)) => vec![p.build(alt)?],
        Some(Decoder::Frame(fr)) => fr.build(alt, path)?,
        None => regex::build(alt, path)?,
    };
    let out: Vec<Value> = bytes
        .into_iter()
        .filter_map(|b| match arg.ty {
            FuzzType::String => Some(Value::String(b)),
            FuzzType::Bytes => Some(Value::Bytes(b)),
            _ => None,
        })
        .collect();
    Some(out)
}

/// The name of a slot: facts re-rooted there have their prefix replaced by this root.
const SLOT: &str = "\u{1}slot";

/// Facts of `alt` whose access starts with `prefix`, with that prefix replaced by the root
/// [`SLOT`] (the remaining steps kept).
fn rerooted(alt: &[Fact], prefix: &Access) -> Vec<Fact> {
    alt.iter()
        .filter_map(|f| {
            let a = f.access()?;
            if a.root != prefix.root || !a.steps.starts_with(&prefix.steps) {
                return None;
            }
            let access = Access {
                root: SLOT.to_string(),
                steps: a.steps[prefix.steps.len()..].to_vec(),
            };
            Some(match f.clone() {
                Fact::Cmp { op, lit, .. } => Fact::Cmp { access, op, lit },
                Fact::Text {
                    test, lit, want, ..
                } => Fact::Text {
                    access,
                    test,
                    lit,
                    want,
                },
                Fact::Class { class, want, .. } => Fact::Class {
                    access,
                    class,
                    want,
                },
                Fact::Parses { kind, ok, .. } => Fact::Parses { access, kind, ok },
                Fact::Rel { .. } | Fact::Unsat { .. } => return None,
            })
        })
        .collect()
}

/// The solver's candidates for the value at `prefix` (facts about it and values derived from
/// it), as a value of `kind`. Empty when no fact speaks about it.
fn solve_slot(alt: &[Fact], prefix: &Access, kind: ValueKind) -> Vec<Lit> {
    let facts = rerooted(alt, prefix);
    if facts.is_empty() {
        return Vec::new();
    }
    solve(&facts, &Access::root(SLOT), kind)
}

/// True when some fact of `alt` has an access under `prefix`.
fn speaks_about(alt: &[Fact], prefix: &Access) -> bool {
    alt.iter().any(|f| {
        f.access()
            .is_some_and(|a| a.root == prefix.root && a.steps.starts_with(&prefix.steps))
    })
}

/// A composite literal `T{}` or the type of `var L T` as the index records it: `T`.
fn var_type(f: &Function, local: &str) -> Option<String> {
    f.assigns
        .iter()
        .rev()
        .find_map(|a| match (&a.lhs[..], &a.rhs[..]) {
            ([Expr::Ident { name }], [Expr::Composite { text }]) if name == local => {
                text.strip_suffix("{}").map(str::to_string)
            }
            _ => None,
        })
}

/// `&name` of an argument expression.
fn address_of(e: &Expr) -> Option<&str> {
    match e {
        Expr::Unary { op, x } if op == "&" => match x.as_ref() {
            Expr::Ident { name } => Some(name),
            _ => None,
        },
        _ => None,
    }
}

/// Steps other than `Convert` (conversions between integer types of the same value).
fn strip_converts(mut a: Access) -> Access {
    while matches!(a.steps.last(), Some(Step::Convert(_))) {
        a.steps.pop();
    }
    a
}

/// What the manifest records of a structured seed: which argument, which decoder, the message
/// type, pattern or layout, and the decoded fields the seed's facts set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shape {
    pub argument: usize,
    /// `protobuf`, `binary_frame` or `regexp`.
    pub decoder: &'static str,
    /// The message type, the pattern, or the frame's read structs.
    pub of: String,
    /// The decoded values the seed's facts speak about (`ev.Kind`, `hdr.Version`, `m[2]`).
    pub fields: Vec<String>,
}

/// The structured shapes of one seed aimed with `facts` (as text) over arguments `specs`.
pub fn shapes(specs: &[ArgSpec], facts: &[String]) -> Vec<Shape> {
    let mut out = Vec::new();
    for (i, s) in specs.iter().enumerate() {
        let (decoder, of, locals): (&'static str, String, Vec<String>) = match &s.decoder {
            Some(Decoder::Proto(p)) => ("protobuf", p.message.clone(), vec![p.local.clone()]),
            Some(Decoder::Frame(f)) => {
                let mut locals: Vec<String> = f.reads.iter().map(|r| r.local.clone()).collect();
                locals.push(f.root.clone());
                ("binary_frame", f.root.clone(), locals)
            }
            None => match (&s.path, regex_pattern_in(facts)) {
                (Some(p), Some(pat)) if p.steps.is_empty() => ("regexp", pat, vec![p.root.clone()]),
                _ => continue,
            },
        };
        let mut fields: Vec<String> = facts
            .iter()
            .filter(|f| {
                locals
                    .iter()
                    .any(|l| f.contains(&format!("{l}.")) || f.contains(&format!("({l}")))
            })
            .cloned()
            .collect();
        fields.dedup();
        if !fields.is_empty() {
            out.push(Shape {
                argument: i,
                decoder,
                of,
                fields,
            });
        }
    }
    out
}

/// The pattern of the first `regexp("...")` in the facts' text (as [`Step::Submatch`] prints
/// it), Go-quoted.
fn regex_pattern_in(facts: &[String]) -> Option<String> {
    facts.iter().find_map(|f| {
        let start = f.find("regexp(")? + "regexp(".len();
        let end = f[start..].find(").FindStringSubmatch(")?;
        Some(f[start..start + end].to_string())
    })
}

/// Dictionary tokens of the decoders behind `specs` (field tags, magic values).
pub fn tokens(specs: &[ArgSpec]) -> Vec<Vec<u8>> {
    specs
        .iter()
        .filter_map(|s| s.decoder.as_ref())
        .flat_map(Decoder::tokens)
        .collect()
}
