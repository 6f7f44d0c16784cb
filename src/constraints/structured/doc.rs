//! Documents decoded into a struct: `json.Unmarshal(p, &v)`, `json.NewDecoder(r).Decode(&v)`
//! (and a decoder kept in a local), `xml.Unmarshal`/`xml.NewDecoder(r).Decode`, with `v`
//! declared `var v T` for a type of the package. The type becomes a [`DocSpec`]: every member
//! under Go's own naming rules (`encoding/json`: tag name, `omitempty`, `string`, `-`, `-,`,
//! promoted fields of untagged embedded structs; `encoding/xml`: `attr`, `chardata`,
//! `innerxml`, `a>b` paths, `XMLName`), nested structs, slices, maps, pointers, interfaces, raw
//! messages and types with their own `UnmarshalJSON`/`UnmarshalText`. A type that recurses into
//! itself is cut after [`MAX_DEPTH`] levels.

use super::super::ValueKind;
use crate::gotypes::{Basic, Kind};
use crate::index::{Expr, Function, GoType, TypeDecl};
use serde::Serialize;

/// How deep nested types are followed (a self-recursive type is cut here).
pub const MAX_DEPTH: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Json,
    Xml,
}

/// A document argument: the local it is decoded into and the shape of that local's type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocSpec {
    pub format: Format,
    /// The local decoded into (`req`).
    pub local: String,
    /// Its type's name (`Request`).
    pub type_name: String,
    /// XML: the root element's name (`XMLName`'s tag, else the type name).
    pub root_element: String,
    pub shape: Shape,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "shape", rename_all = "snake_case")]
pub enum Shape {
    Struct {
        members: Vec<Member>,
    },
    List {
        elem: Box<Shape>,
    },
    /// `map[string]T`.
    Map {
        value: Box<Shape>,
    },
    Ptr {
        elem: Box<Shape>,
    },
    Scalar {
        kind: ValueKind,
    },
    /// `[]byte`: a base64 string in JSON.
    Bytes,
    /// `json.RawMessage`: any JSON value, kept as its text.
    Raw,
    /// `interface{}` / `any`: objects decode into `map[string]any`.
    Any,
    /// A type with its own `UnmarshalJSON`/`UnmarshalText`/`UnmarshalXML`: written as a string.
    Custom {
        type_name: String,
    },
    /// Cut at [`MAX_DEPTH`] (a recursive type): left out of documents.
    Bounded,
}

/// Where a member goes in an XML document.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "place", rename_all = "snake_case")]
pub enum XmlPlace {
    /// A child element path (`a>b` is `["a", "b"]`).
    Element {
        path: Vec<String>,
    },
    Attr {
        name: String,
    },
    CharData,
    InnerXml,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Member {
    /// The Go field name guards use (`Qty`; a promoted field by its own name).
    pub field: String,
    /// JSON: the member key. XML: unused (see `xml`).
    pub key: String,
    /// JSON `,string`: a number or bool written inside a string.
    pub quoted: bool,
    pub xml: Option<XmlPlace>,
    pub shape: Shape,
}

impl DocSpec {
    /// Member names and tags for the dictionary: JSON keys (quoted), XML element and attribute
    /// names (`<name`, `name="`).
    pub fn tokens(&self) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        if self.format == Format::Xml {
            out.push(format!("<{}>", self.root_element).into_bytes());
        }
        collect_tokens(&self.shape, self.format, &mut out);
        out
    }
}

fn collect_tokens(s: &Shape, format: Format, out: &mut Vec<Vec<u8>>) {
    match s {
        Shape::Struct { members } => {
            for m in members {
                let t = match (format, &m.xml) {
                    (Format::Json, _) => format!("\"{}\":", m.key),
                    (Format::Xml, Some(XmlPlace::Attr { name })) => format!("{name}=\""),
                    (Format::Xml, Some(XmlPlace::Element { path })) => {
                        format!("<{}>", path.join("><"))
                    }
                    _ => continue,
                };
                if !out.contains(&t.clone().into_bytes()) {
                    out.push(t.into_bytes());
                }
                collect_tokens(&m.shape, format, out);
            }
        }
        Shape::List { elem } | Shape::Ptr { elem } | Shape::Map { value: elem } => {
            collect_tokens(elem, format, out)
        }
        _ => {}
    }
}

/// The decode call of `c`: format, the argument holding the input, and the destination local.
fn decode_call(c: &crate::index::Call, f: &Function) -> Option<(Format, Expr, String)> {
    let dest = match c.args.last()? {
        Expr::Unary { op, x } if op == "&" => match x.as_ref() {
            Expr::Ident { name } => name.clone(),
            _ => return None,
        },
        _ => return None,
    };
    let (fmt, src) = match &c.func {
        Expr::Selector { x, sel } if sel == "Unmarshal" && c.args.len() == 2 => {
            (format_of(x)?, c.args[0].clone())
        }
        Expr::Selector { x, sel } if sel == "Decode" && c.args.len() == 1 => {
            // `json.NewDecoder(r).Decode(&v)` or `dec.Decode(&v)` with `dec := json.NewDecoder(r)`.
            let ctor = match x.as_ref() {
                Expr::Ident { name } => f.assigns.iter().rev().find_map(|a| {
                    match (a.lhs.first(), a.rhs.first(), a.rhs.len()) {
                        (Some(Expr::Ident { name: n }), Some(r), 1) if n == name => Some(r.clone()),
                        _ => None,
                    }
                })?,
                other => other.clone(),
            };
            let Expr::Call { func, args, .. } = ctor else {
                return None;
            };
            match func.as_ref() {
                Expr::Selector { x, sel } if sel == "NewDecoder" && args.len() == 1 => {
                    (format_of(x)?, args[0].clone())
                }
                _ => return None,
            }
        }
        _ => return None,
    };
    Some((fmt, src, dest))
}

fn format_of(pkg: &Expr) -> Option<Format> {
    match pkg {
        Expr::Ident { name } if name == "json" => Some(Format::Json),
        Expr::Ident { name } if name == "xml" => Some(Format::Xml),
        _ => None,
    }
}

/// The parameter an input expression stands for: `p`, `[]byte(p)`, `strings.NewReader(p)`,
/// `bytes.NewReader(p)`.
fn param_of(e: &Expr, f: &Function) -> Option<String> {
    let name = match e {
        Expr::Ident { name } => name.clone(),
        Expr::Call { args, .. } if args.len() == 1 => match &args[0] {
            Expr::Ident { name } => name.clone(),
            _ => return None,
        },
        _ => return None,
    };
    f.params
        .iter()
        .any(|p| p.name.as_deref() == Some(name.as_str()))
        .then_some(name)
}

/// The declared type of local `name` (`var v T` or `v := T{}`).
fn local_type(f: &Function, name: &str) -> Option<GoType> {
    f.assigns.iter().rev().find_map(|a| {
        if !matches!(a.lhs.first(), Some(Expr::Ident { name: n }) if n == name) {
            return None;
        }
        match a.rhs.first() {
            Some(Expr::Composite { text }) => text.strip_suffix("{}").map(|t| GoType::Named {
                pkg: None,
                name: t.to_string(),
                args: Vec::new(),
            }),
            _ => None,
        }
    })
}

/// Document inputs of `f`: (parameter, spec) for every decode of a parameter into a local.
/// `custom` names the package's types with their own unmarshal method.
pub fn doc_inputs(f: &Function, types: &[TypeDecl], custom: &[String]) -> Vec<(String, DocSpec)> {
    let mut out = Vec::new();
    for c in &f.calls {
        let Some((format, src, local)) = decode_call(c, f) else {
            continue;
        };
        let Some(param) = param_of(&src, f) else {
            continue;
        };
        let Some(ty) = local_type(f, &local) else {
            continue;
        };
        let b = Builder {
            types,
            custom,
            format,
        };
        let type_name = ty.to_string();
        let shape = b.shape(&ty, 0);
        let root_element = match (&ty, format) {
            (GoType::Named { name, .. }, Format::Xml) => b.xml_name(name).unwrap_or(name.clone()),
            (GoType::Named { name, .. }, _) => name.clone(),
            _ => type_name.clone(),
        };
        out.push((
            param,
            DocSpec {
                format,
                local,
                type_name,
                root_element,
                shape,
            },
        ));
    }
    out
}

struct Builder<'a> {
    types: &'a [TypeDecl],
    custom: &'a [String],
    format: Format,
}

impl Builder<'_> {
    fn decl(&self, name: &str) -> Option<&TypeDecl> {
        self.types.iter().find(|t| t.name == name)
    }

    /// `XMLName xml.Name \`xml:"feed"\`` of struct type `name`.
    fn xml_name(&self, name: &str) -> Option<String> {
        let GoType::Struct { fields } = &self.decl(name)?.ty else {
            return None;
        };
        let fd = fields
            .iter()
            .find(|f| f.name.as_deref() == Some("XMLName"))?;
        let tag = fd
            .tag
            .as_deref()
            .and_then(crate::structtag::tag_from_literal)?;
        let v = crate::structtag::lookup(&tag, "xml")?;
        let n = v.split(',').next().unwrap_or("");
        let n = n.rsplit(' ').next().unwrap_or(n);
        (!n.is_empty()).then(|| n.to_string())
    }

    fn shape(&self, ty: &GoType, depth: usize) -> Shape {
        if depth > MAX_DEPTH {
            return Shape::Bounded;
        }
        match ty {
            GoType::Pointer { elem } => Shape::Ptr {
                elem: Box::new(self.shape(elem, depth + 1)),
            },
            GoType::Slice { elem } if matches!(elem.as_ref(), GoType::Named { pkg: None, name, .. } if name == "byte" || name == "uint8") => {
                Shape::Bytes
            }
            GoType::Slice { elem } | GoType::Array { elem, .. } => Shape::List {
                elem: Box::new(self.shape(elem, depth + 1)),
            },
            GoType::Map { key, value } if key.to_string() == "string" => Shape::Map {
                value: Box::new(self.shape(value, depth + 1)),
            },
            GoType::Interface { empty: true, .. } => Shape::Any,
            GoType::Struct { fields } => Shape::Struct {
                members: self.members(fields, depth),
            },
            GoType::Named {
                pkg: Some(p), name, ..
            } => match (p.as_str(), name.as_str()) {
                ("json", "RawMessage") => Shape::Raw,
                _ => Shape::Bounded,
            },
            GoType::Named {
                pkg: None, name, ..
            } => {
                if name == "any" {
                    return Shape::Any;
                }
                if self.custom.contains(name) {
                    return Shape::Custom {
                        type_name: name.clone(),
                    };
                }
                if let Some(kind) = scalar(name) {
                    return Shape::Scalar { kind };
                }
                match self.decl(name) {
                    // Named types cost no depth: only nesting (fields, elements) does.
                    Some(d) if !matches!(d.ty, GoType::Named { .. }) => {
                        self.shape(&d.ty.clone(), depth)
                    }
                    Some(d) => self.shape(&d.ty.clone(), depth + 1),
                    None => Shape::Bounded,
                }
            }
            _ => Shape::Bounded,
        }
    }

    fn members(&self, fields: &[crate::index::Field], depth: usize) -> Vec<Member> {
        let mut out: Vec<Member> = Vec::new();
        let mut promoted: Vec<Member> = Vec::new();
        for fd in fields {
            let tag = fd
                .tag
                .as_deref()
                .and_then(crate::structtag::tag_from_literal)
                .unwrap_or_default();
            let key_tag = crate::structtag::lookup(
                &tag,
                if self.format == Format::Json {
                    "json"
                } else {
                    "xml"
                },
            );
            let name = match &fd.name {
                Some(n) => n.clone(),
                // An untagged embedded struct: its fields are promoted (shallower names win).
                None if key_tag.is_none() => {
                    if let Shape::Struct { members } = self.shape(&fd.ty, depth + 1) {
                        promoted.extend(members);
                    }
                    continue;
                }
                // A tagged embedded field is a member named by its type.
                None => match &fd.ty {
                    GoType::Named { name, .. } => name.clone(),
                    GoType::Pointer { elem } => elem.to_string(),
                    _ => continue,
                },
            };
            if !name.starts_with(|c: char| c.is_uppercase()) || name == "XMLName" {
                continue;
            }
            let shape = self.shape(&fd.ty, depth + 1);
            if matches!(shape, Shape::Bounded) && depth >= MAX_DEPTH {
                continue;
            }
            let m = match self.format {
                Format::Json => {
                    let Some(key) = crate::structtag::json_key(&tag, &name) else {
                        continue;
                    };
                    let quoted = key_tag
                        .as_deref()
                        .is_some_and(|v| v.split(',').skip(1).any(|o| o == "string"))
                        && matches!(shape, Shape::Scalar { .. });
                    Member {
                        field: name,
                        key,
                        quoted,
                        xml: None,
                        shape,
                    }
                }
                Format::Xml => {
                    let Some(place) = xml_place(key_tag.as_deref(), &name) else {
                        continue;
                    };
                    Member {
                        field: name.clone(),
                        key: name,
                        quoted: false,
                        xml: Some(place),
                        shape,
                    }
                }
            };
            out.push(m);
        }
        for p in promoted {
            if !out.iter().any(|m| m.key.eq_ignore_ascii_case(&p.key)) {
                out.push(p);
            }
        }
        out
    }
}

/// `encoding/xml`'s reading of a field's tag.
fn xml_place(tag: Option<&str>, field: &str) -> Option<XmlPlace> {
    let tag = tag.unwrap_or("");
    if tag == "-" {
        return None;
    }
    let mut parts = tag.split(',');
    let name = parts.next().unwrap_or("");
    let opts: Vec<&str> = parts.collect();
    if opts.contains(&"attr") {
        let n = if name.is_empty() { field } else { name };
        return Some(XmlPlace::Attr { name: n.into() });
    }
    if opts.contains(&"chardata") {
        return Some(XmlPlace::CharData);
    }
    if opts.contains(&"innerxml") {
        return Some(XmlPlace::InnerXml);
    }
    if opts.iter().any(|o| matches!(*o, "comment" | "any")) {
        return None;
    }
    let n = if name.is_empty() { field } else { name };
    Some(XmlPlace::Element {
        path: n.split('>').map(str::to_string).collect(),
    })
}

fn scalar(name: &str) -> Option<ValueKind> {
    let basic = Basic::parse(name)?;
    Some(match basic.kind() {
        Kind::String => ValueKind::Str,
        Kind::Bool => ValueKind::Bool,
        Kind::Float => ValueKind::Float { bits: 64 },
        Kind::Signed => ValueKind::Int {
            bits: 64,
            signed: true,
        },
        Kind::Unsigned | Kind::Uintptr => ValueKind::Int {
            bits: 64,
            signed: false,
        },
        Kind::Complex => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(src: &str) -> DocSpec {
        let file = crate::index::parse_source(src);
        let custom: Vec<String> = file
            .functions
            .iter()
            .filter(|f| f.name == "UnmarshalJSON")
            .filter_map(|f| f.receiver.as_ref().map(|r| r.type_name.clone()))
            .collect();
        let f = file
            .functions
            .iter()
            .find(|f| f.name == "Handle")
            .expect("Handle");
        doc_inputs(f, &file.types, &custom)
            .pop()
            .expect("a document input")
            .1
    }

    fn members(s: &Shape) -> Vec<(String, String, bool)> {
        let Shape::Struct { members } = s else {
            panic!("not a struct: {s:?}")
        };
        members
            .iter()
            .map(|m| (m.field.clone(), m.key.clone(), m.quoted))
            .collect()
    }

    /// `encoding/json`'s names: tag name, `-` skipped, `-,` is the key "-", `,string` quotes
    /// numbers, untagged embedded structs promote their fields (shallower names win), a
    /// tagged embedded struct is one member, unexported fields are left out, and every integer
    /// type is an integer.
    #[test]
    fn json_members_follow_encoding_json() {
        let s = spec("package p\n\nimport \"encoding/json\"\n\ntype Audit struct {\n\tActor string `json:\"actor\"`\n\tKind string\n}\n\ntype Inner struct{ X int }\n\ntype Req struct {\n\tAudit\n\tInner `json:\"inner\"`\n\tKind string `json:\"kind,omitempty\"`\n\tQty int64 `json:\"qty,string\"`\n\tDash string `json:\"-,\"`\n\tSkip string `json:\"-\"`\n\tB byte\n\tsecret string\n}\n\nfunc Handle(body []byte) error {\n\tvar req Req\n\treturn json.Unmarshal(body, &req)\n}\n");
        assert_eq!(s.format, Format::Json);
        assert_eq!((s.local.as_str(), s.type_name.as_str()), ("req", "Req"));
        let m = |f: &str, k: &str, q: bool| (f.to_string(), k.to_string(), q);
        assert_eq!(
            members(&s.shape),
            vec![
                m("Inner", "inner", false),
                m("Kind", "kind", false),
                m("Qty", "qty", true),
                m("Dash", "-", false),
                m("B", "B", false),
                m("Actor", "actor", false),
            ]
        );
    }

    /// A type that contains itself is cut (no endless shape), a decoder kept in a local is
    /// followed to its reader parameter, and a custom `UnmarshalJSON` type is opaque.
    #[test]
    fn recursive_types_are_bounded_and_decoders_in_locals_are_followed() {
        let s = spec("package p\n\nimport (\n\t\"encoding/json\"\n\t\"io\"\n)\n\ntype Level string\n\nfunc (l *Level) UnmarshalJSON(b []byte) error { return nil }\n\ntype Node struct {\n\tName string\n\tLevel Level\n\tKids []*Node\n}\n\nfunc Handle(r io.Reader) error {\n\tdec := json.NewDecoder(r)\n\tvar n Node\n\treturn dec.Decode(&n)\n}\n");
        fn depth(s: &Shape) -> usize {
            match s {
                Shape::Struct { members } => {
                    1 + members.iter().map(|m| depth(&m.shape)).max().unwrap_or(0)
                }
                Shape::List { elem } | Shape::Ptr { elem } | Shape::Map { value: elem } => {
                    1 + depth(elem)
                }
                _ => 0,
            }
        }
        assert!(depth(&s.shape) <= MAX_DEPTH + 1, "{}", depth(&s.shape));
        let Shape::Struct { members } = &s.shape else {
            panic!("struct")
        };
        assert_eq!(
            members[1].shape,
            Shape::Custom {
                type_name: "Level".into()
            }
        );
    }

    /// `encoding/xml`'s places: the root from `XMLName`, attributes, `a>b` paths, character
    /// data, inner XML, `-` skipped.
    #[test]
    fn xml_members_follow_encoding_xml() {
        let s = spec("package p\n\nimport \"encoding/xml\"\n\ntype Feed struct {\n\tXMLName xml.Name `xml:\"feed\"`\n\tVersion string `xml:\"version,attr\"`\n\tAuthor string `xml:\"author>name\"`\n\tBody string `xml:\",chardata\"`\n\tRaw string `xml:\",innerxml\"`\n\tSkip string `xml:\"-\"`\n\tPlain int\n}\n\nfunc Handle(data []byte) error {\n\tvar f Feed\n\treturn xml.Unmarshal(data, &f)\n}\n");
        assert_eq!(s.root_element, "feed");
        let Shape::Struct { members } = &s.shape else {
            panic!("struct")
        };
        let places: Vec<(&str, Option<&XmlPlace>)> = members
            .iter()
            .map(|m| (m.field.as_str(), m.xml.as_ref()))
            .collect();
        let el = |p: &[&str]| XmlPlace::Element {
            path: p.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(
            places,
            vec![
                (
                    "Version",
                    Some(&XmlPlace::Attr {
                        name: "version".into()
                    })
                ),
                ("Author", Some(&el(&["author", "name"]))),
                ("Body", Some(&XmlPlace::CharData)),
                ("Raw", Some(&XmlPlace::InnerXml)),
                ("Plain", Some(&el(&["Plain"]))),
            ]
        );
        assert!(s.tokens().contains(&b"version=\"".to_vec()));
    }
}
