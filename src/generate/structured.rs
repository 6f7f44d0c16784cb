//! What the manifest and the dictionary record about structured inputs: per argument, the
//! decoder it feeds (`json.Unmarshal` into `Request`, `time.Parse("2006-01-02 15:04")`...), the
//! fields or properties the goals read, and the format's tokens (JSON keys, XML names).

use crate::constraints::goals::Goal;
use crate::constraints::structured::doc::{DocSpec, Format, Member, Shape, XmlPlace};
use crate::constraints::{Fact, ParseKind, Step};
use crate::values::synth::ArgSpec;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One structured argument of a fuzz test, as the manifest records it for each seed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StructuredInput {
    /// Index of the fuzz argument.
    pub argument: usize,
    /// `json.Unmarshal`, `xml.Unmarshal`, `time.Parse("2006-01-02")`, `url.Parse`...
    pub decoder: String,
    /// The Go type decoded into (documents only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    /// Documents: member paths (`items[].qty`, `@version`, `author>name`); text decoders: the
    /// properties the goals read (`.Scheme`, `.Query().Get("token")`).
    pub fields: Vec<String>,
    /// The seed's facts on this input.
    pub goals: Vec<String>,
}

/// Every structured argument of one seed for the manifest: documents and text decoders
/// ([`for_seed`]), then Protobuf messages, binary frames and regexp matches ([`from_shapes`]).
pub(super) fn of_seed(
    inputs: &[StructuredInput],
    specs: &[ArgSpec],
    facts: &[String],
) -> Vec<StructuredInput> {
    let mut out = for_seed(inputs, specs, facts);
    out.extend(from_shapes(
        crate::values::structured::shapes(specs, facts),
        facts,
    ));
    out
}

/// The manifest form of the binary decoders' shapes (Protobuf messages, binary frames, regexp
/// matches): the type, pattern or frame root as `type_name`, and the seed's facts that speak
/// about one of the decoded fields as its goals.
fn from_shapes(
    shapes: Vec<crate::values::structured::Shape>,
    facts: &[String],
) -> Vec<StructuredInput> {
    shapes
        .into_iter()
        .map(|s| StructuredInput {
            argument: s.argument,
            decoder: s.decoder.to_string(),
            type_name: Some(s.of),
            goals: facts
                .iter()
                .filter(|f| s.fields.iter().any(|x| f.contains(x.as_str())))
                .cloned()
                .collect(),
            fields: s.fields,
        })
        .collect()
}

/// The structured inputs of a fuzz test's arguments (seed facts not yet attached).
pub(super) fn structured_inputs(specs: &[ArgSpec], goals: &[Goal]) -> Vec<StructuredInput> {
    let mut out = Vec::new();
    for (i, a) in specs.iter().enumerate() {
        if let Some(doc) = &a.doc {
            let mut fields = Vec::new();
            member_paths(&doc.shape, doc.format, "", &mut fields);
            out.push(StructuredInput {
                argument: i,
                decoder: match doc.format {
                    Format::Json => "json.Unmarshal".into(),
                    Format::Xml => "xml.Unmarshal".into(),
                },
                type_name: Some(doc.type_name.clone()),
                fields,
                goals: Vec::new(),
            });
            continue;
        }
        let Some(root) = a.path.as_ref().filter(|p| p.steps.is_empty()) else {
            continue;
        };
        let mut by_decoder: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in goals.iter().flat_map(|g| g.alternatives.iter().flatten()) {
            let Some(acc) = f.access().filter(|x| x.root == root.root) else {
                continue;
            };
            if let Fact::Parses {
                kind: ParseKind::Decode(d),
                ..
            } = f
            {
                by_decoder.entry(d.to_string()).or_default();
            }
            if let Some(k) = acc
                .steps
                .iter()
                .position(|s| matches!(s, Step::Parse(ParseKind::Decode(_))))
            {
                if let Step::Parse(ParseKind::Decode(d)) = &acc.steps[k] {
                    let prop = crate::constraints::Access {
                        root: String::new(),
                        steps: acc.steps[k + 1..].to_vec(),
                    }
                    .to_string();
                    let e = by_decoder.entry(d.to_string()).or_default();
                    if !prop.is_empty() {
                        e.insert(prop);
                    }
                }
            }
        }
        for (decoder, props) in by_decoder {
            out.push(StructuredInput {
                argument: i,
                decoder,
                type_name: None,
                fields: props.into_iter().collect(),
                goals: Vec::new(),
            });
        }
    }
    out
}

fn member_paths(s: &Shape, format: Format, prefix: &str, out: &mut Vec<String>) {
    match s {
        Shape::Struct { members } => {
            for m in members {
                let p = format!("{prefix}{}", member_name(m, format));
                out.push(p.clone());
                member_paths(&m.shape, format, &format!("{p}."), out);
            }
        }
        Shape::Ptr { elem } => member_paths(elem, format, prefix, out),
        Shape::List { elem } => {
            let p = format!("{}[].", prefix.trim_end_matches('.'));
            member_paths(elem, format, &p, out)
        }
        Shape::Map { value } => {
            let p = format!("{}{{}}.", prefix.trim_end_matches('.'));
            member_paths(value, format, &p, out)
        }
        _ => {}
    }
}

fn member_name(m: &Member, format: Format) -> String {
    match (format, &m.xml) {
        (Format::Json, _) => m.key.clone(),
        (_, Some(XmlPlace::Attr { name })) => format!("@{name}"),
        (_, Some(XmlPlace::Element { path })) => path.join(">"),
        (_, Some(XmlPlace::CharData)) => "#chardata".into(),
        (_, Some(XmlPlace::InnerXml)) => "#innerxml".into(),
        (_, None) => m.field.clone(),
    }
}

/// The inputs with the seed's facts on each attached (facts on the document's local, or on
/// the text argument).
fn for_seed(
    inputs: &[StructuredInput],
    specs: &[ArgSpec],
    facts: &[String],
) -> Vec<StructuredInput> {
    inputs
        .iter()
        .map(|s| {
            let spec = &specs[s.argument];
            let mut names: Vec<String> = Vec::new();
            if let Some(doc) = &spec.doc {
                names.push(doc.local.clone());
            }
            if let Some(p) = &spec.path {
                names.push(p.root.clone());
            }
            let mut s = s.clone();
            s.goals = facts
                .iter()
                .filter(|f| names.iter().any(|n| mentions(f, n)))
                .cloned()
                .collect();
            s
        })
        .collect()
}

/// True when fact text `f` reads the identifier `name`.
fn mentions(f: &str, name: &str) -> bool {
    f.match_indices(name).any(|(i, _)| {
        let before = f[..i].chars().next_back();
        let after = f[i + name.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

/// Dictionary tokens of the documents a fuzz test's arguments carry.
pub(super) fn record_doc_tokens(
    out: &mut BTreeMap<String, BTreeSet<Vec<u8>>>,
    fuzz: &str,
    specs: &[ArgSpec],
) {
    let docs: Vec<&DocSpec> = specs.iter().filter_map(|a| a.doc.as_ref()).collect();
    if docs.is_empty() {
        return;
    }
    let set = out.entry(fuzz.to_string()).or_default();
    for d in docs {
        set.extend(d.tokens());
    }
}
