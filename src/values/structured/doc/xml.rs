//! XML documents from a [`DocSpec`]: the root element (`XMLName`'s name), attributes, character
//! data, inner XML, child elements along `a>b` paths, repeated elements for slices.

use super::{descend, item_count, scalar};
use crate::constraints::structured::doc::{DocSpec, Member, Shape, XmlPlace};
use crate::constraints::{Fact, Lit, Step, ValueKind};

#[derive(Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Child>,
}

enum Child {
    Node(Node),
    Text(String),
    Raw(String),
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Node {
    fn render(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for (k, v) in &self.attrs {
            out.push_str(&format!(" {k}=\"{}\"", escape(v)));
        }
        out.push('>');
        for c in &self.children {
            match c {
                Child::Node(n) => n.render(out),
                Child::Text(t) => out.push_str(&escape(t)),
                Child::Raw(r) => out.push_str(r),
            }
        }
        out.push_str(&format!("</{}>", self.name));
    }

    /// The child element along `path` (created when missing).
    fn at(&mut self, path: &[String]) -> Option<&mut Node> {
        let Some((first, rest)) = path.split_first() else {
            return Some(self);
        };
        let i = self
            .children
            .iter()
            .position(|c| matches!(c, Child::Node(n) if &n.name == first));
        let i = match i {
            Some(i) => i,
            None => {
                self.children.push(Child::Node(Node {
                    name: first.clone(),
                    ..Node::default()
                }));
                self.children.len() - 1
            }
        };
        match &mut self.children[i] {
            Child::Node(n) => n.at(rest),
            _ => None,
        }
    }
}

fn text(l: Lit) -> Option<String> {
    Some(match l {
        Lit::Str(b) => String::from_utf8(b).ok()?,
        Lit::Int(i) => i.to_string(),
        Lit::Float(x) => crate::constraints::Lit::Float(x).to_string(),
        Lit::Bool(b) => b.to_string(),
        Lit::Rune(r) => r.to_string(),
        Lit::Nil => return None,
    })
}

fn scalar_text(s: &Shape, facts: &[Fact], variant: usize) -> Option<String> {
    let kind = match s {
        Shape::Scalar { kind } => *kind,
        Shape::Ptr { elem } => return scalar_text(elem, facts, variant),
        Shape::Custom { .. } | Shape::Bytes => ValueKind::Str,
        _ => return None,
    };
    scalar(facts, kind, variant).and_then(text)
}

/// The document for the facts on the decoded local (re-rooted at `_`).
pub fn document(spec: &DocSpec, facts: &[Fact], variant: usize) -> Option<Vec<u8>> {
    let mut root = Node {
        name: spec.root_element.clone(),
        ..Node::default()
    };
    fill(&mut root, &spec.shape, facts, variant);
    let mut out = String::new();
    root.render(&mut out);
    Some(out.into_bytes())
}

fn fill(node: &mut Node, shape: &Shape, facts: &[Fact], variant: usize) {
    let shape = match shape {
        Shape::Ptr { elem } => elem.as_ref(),
        s => s,
    };
    let Shape::Struct { members } = shape else {
        if let Some(t) = scalar_text(shape, facts, variant) {
            node.children.push(Child::Text(t));
        }
        return;
    };
    for m in members {
        let sub = descend(facts, &Step::Field(m.field.clone()));
        if sub.is_empty() {
            continue;
        }
        member(node, m, &sub, variant);
    }
}

fn member(node: &mut Node, m: &Member, sub: &[Fact], variant: usize) {
    match &m.xml {
        Some(XmlPlace::Attr { name }) => {
            if let Some(t) = scalar_text(&m.shape, sub, variant) {
                node.attrs.push((name.clone(), t));
            }
        }
        Some(XmlPlace::CharData) => {
            if let Some(t) = scalar_text(&m.shape, sub, variant) {
                node.children.push(Child::Text(t));
            }
        }
        Some(XmlPlace::InnerXml) => {
            if let Some(t) = scalar_text(&m.shape, sub, variant) {
                node.children.push(Child::Raw(escape(&t)));
            }
        }
        Some(XmlPlace::Element { path }) => {
            let (parents, last) = path.split_at(path.len().saturating_sub(1));
            let Some(last) = last.first() else { return };
            let Some(parent) = node.at(parents) else {
                return;
            };
            match &m.shape {
                Shape::List { elem } => {
                    let n = item_count(sub, variant).unwrap_or(1);
                    for i in 0..n {
                        let mut each = descend(sub, &Step::Index(i as i64));
                        if i == 0 {
                            each.extend(descend(sub, &Step::Each));
                        }
                        let mut child = Node {
                            name: last.clone(),
                            ..Node::default()
                        };
                        fill(&mut child, elem, &each, variant);
                        parent.children.push(Child::Node(child));
                    }
                }
                shape => {
                    if let Some(child) = parent.at(std::slice::from_ref(last)) {
                        fill(child, shape, sub, variant);
                    }
                }
            }
        }
        None => {}
    }
}
