//! Structured text decoders of the standard library, as facts see them: which decoder a
//! [`ParseKind::Decode`] step or [`Fact::Parses`] fact names, how to evaluate the decoded value's
//! properties ([`project`], used by the concrete evaluator), which strings a decoder accepts
//! ([`parse`]), and how to spell input strings that decode to values meeting the facts, or
//! deliberately fail to decode ([`spell`], used by the solver).
//!
//! Decoders: `time.Parse(layout, s)` (layout from a constant), `time.ParseDuration`,
//! `url.Parse`, `net.ParseIP`, `net.ParseCIDR`, `netip.ParseAddr`, `netip.ParsePrefix`,
//! `base64.{Std,URL,RawStd,RawURL}Encoding.DecodeString`, `hex.DecodeString`, and
//! `json`/`xml` `Unmarshal`/`Decode` (whose documents [`crate::values::structured`] writes from the
//! struct type; here only their success or failure).

pub mod doc;
pub mod netaddr;
pub mod timefmt;

use super::eval::{holds, Conc, Pred, Rel};
use super::solve::solve_int;
use super::{Access, CmpOp, Fact, Lit, ParseKind, Step, ValueKind};
use base64::Engine;
use serde::Serialize;
use std::fmt;

/// A time layout held by value (layouts are short constants), so [`Decoder`] stays `Copy`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Layout {
    len: u8,
    bytes: [u8; 48],
}

impl Layout {
    /// None for layouts longer than 48 bytes.
    pub fn new(b: &[u8]) -> Option<Layout> {
        let mut bytes = [0u8; 48];
        bytes.get_mut(..b.len())?.copy_from_slice(b);
        Some(Layout {
            len: u8::try_from(b.len()).ok()?,
            bytes,
        })
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }
}

impl fmt::Debug for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(self.as_bytes()))
    }
}

impl Serialize for Layout {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&String::from_utf8_lossy(self.as_bytes()))
    }
}

/// Which base64 alphabet and padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Base64Kind {
    Std,
    Url,
    RawStd,
    RawUrl,
}

/// A standard-library decoder whose input is an argument's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "decoder", rename_all = "snake_case")]
pub enum Decoder {
    Json,
    Xml,
    Time {
        layout: Layout,
    },
    Duration,
    Url,
    /// `net.ParseIP`: nil on failure (no error result).
    ParseIp,
    /// `net.ParseCIDR`: the address result.
    ParseCidr,
    /// `netip.ParseAddr`.
    Addr,
    /// `netip.ParsePrefix`: the prefix's address (`p.Addr()`).
    Prefix,
    Base64 {
        kind: Base64Kind,
    },
    Hex,
}

impl fmt::Display for Decoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decoder::Json => write!(f, "json.Unmarshal"),
            Decoder::Xml => write!(f, "xml.Unmarshal"),
            Decoder::Time { layout } => write!(f, "time.Parse({layout:?})"),
            Decoder::Duration => write!(f, "time.ParseDuration"),
            Decoder::Url => write!(f, "url.Parse"),
            Decoder::ParseIp => write!(f, "net.ParseIP"),
            Decoder::ParseCidr => write!(f, "net.ParseCIDR"),
            Decoder::Addr => write!(f, "netip.ParseAddr"),
            Decoder::Prefix => write!(f, "netip.ParsePrefix"),
            Decoder::Base64 { kind } => {
                let enc = match kind {
                    Base64Kind::Std => "StdEncoding",
                    Base64Kind::Url => "URLEncoding",
                    Base64Kind::RawStd => "RawStdEncoding",
                    Base64Kind::RawUrl => "RawURLEncoding",
                };
                write!(f, "base64.{enc}.DecodeString")
            }
            Decoder::Hex => write!(f, "hex.DecodeString"),
        }
    }
}

impl Decoder {
    /// The decoder a call names (`time.Parse` needs its constant layout): `name` is the called
    /// function as written (`base64.StdEncoding.DecodeString`).
    pub fn of_call(name: &str, layout: Option<&[u8]>) -> Option<Decoder> {
        Some(match name {
            "json.Unmarshal" => Decoder::Json,
            "xml.Unmarshal" => Decoder::Xml,
            "time.Parse" => Decoder::Time {
                layout: Layout::new(layout?)?,
            },
            "time.ParseDuration" => Decoder::Duration,
            "url.Parse" | "url.ParseRequestURI" => Decoder::Url,
            "net.ParseIP" => Decoder::ParseIp,
            "net.ParseCIDR" => Decoder::ParseCidr,
            "netip.ParseAddr" => Decoder::Addr,
            "netip.ParsePrefix" => Decoder::Prefix,
            "base64.StdEncoding.DecodeString" => Decoder::Base64 {
                kind: Base64Kind::Std,
            },
            "base64.URLEncoding.DecodeString" => Decoder::Base64 {
                kind: Base64Kind::Url,
            },
            "base64.RawStdEncoding.DecodeString" => Decoder::Base64 {
                kind: Base64Kind::RawStd,
            },
            "base64.RawURLEncoding.DecodeString" => Decoder::Base64 {
                kind: Base64Kind::RawUrl,
            },
            "hex.DecodeString" => Decoder::Hex,
            _ => return None,
        })
    }
}

fn engine(k: Base64Kind) -> &'static base64::engine::GeneralPurpose {
    use base64::engine::general_purpose as gp;
    match k {
        Base64Kind::Std => &gp::STANDARD,
        Base64Kind::Url => &gp::URL_SAFE,
        Base64Kind::RawStd => &gp::STANDARD_NO_PAD,
        Base64Kind::RawUrl => &gp::URL_SAFE_NO_PAD,
    }
}

/// `time.ParseDuration`: nanoseconds, None on error.
fn parse_duration(s: &str) -> Option<i128> {
    let (neg, mut rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let n = rest
            .bytes()
            .take_while(|c| c.is_ascii_digit() || *c == b'.')
            .count();
        let v: f64 = rest[..n].parse().ok()?;
        rest = &rest[n..];
        let units = [
            ("ns", 1.0),
            ("us", 1e3),
            ("µs", 1e3),
            ("ms", 1e6),
            ("s", 1e9),
            ("m", 6e10),
            ("h", 3.6e12),
        ];
        let (u, mul) = units
            .iter()
            .find(|(u, _)| rest.starts_with(u) && !(*u == "m" && rest.starts_with("ms")))?;
        total += v * mul;
        rest = &rest[u.len()..];
    }
    (total <= i64::MAX as f64).then_some(if neg { -total } else { total } as i128)
}

/// True when the decoder accepts `b` (for JSON and XML: well-formed, whatever the type).
pub(crate) fn parse(d: Decoder, b: &[u8]) -> bool {
    let s = std::str::from_utf8(b).unwrap_or("\u{0}");
    match d {
        Decoder::Json => serde_json::from_slice::<serde_json::Value>(b).is_ok(),
        Decoder::Xml => well_formed_xml(b),
        Decoder::Time { layout } => timefmt::parse(layout.as_bytes(), b).is_some(),
        Decoder::Duration => parse_duration(s).is_some(),
        Decoder::Url => netaddr::parse_url(s).is_some(),
        Decoder::ParseIp | Decoder::Addr => netaddr::parse_ip(s).is_some(),
        Decoder::ParseCidr | Decoder::Prefix => netaddr::parse_cidr(s).is_some(),
        Decoder::Base64 { kind } => engine(kind).decode(b).is_ok(),
        Decoder::Hex => hex::decode(b).is_ok(),
    }
}

/// The decoded value of `b` seen through the leading `steps` this module models: the value and
/// how many steps it consumed. None when `b` does not decode (a failed `net.ParseIP` is a nil,
/// empty IP) or the steps are not modelled.
pub(crate) fn project(d: Decoder, b: &[u8], steps: &[Step]) -> Option<(Conc, usize)> {
    let s = std::str::from_utf8(b).ok()?;
    let method = |i: usize| match steps.get(i) {
        Some(Step::Method { name, args }) => Some((name.as_str(), args.as_slice())),
        _ => None,
    };
    match d {
        Decoder::Json | Decoder::Xml => None,
        Decoder::Time { layout } => {
            let secs = timefmt::parse(layout.as_bytes(), b)?;
            match method(0)? {
                ("Unix", []) => Some((Conc::Int(secs as i128), 1)),
                _ => None,
            }
        }
        Decoder::Duration => Some((Conc::Int(parse_duration(s)?), 0)),
        Decoder::Url => {
            let u = netaddr::parse_url(s)?;
            let text = |t: &str| Some((Conc::Bytes(t.as_bytes().to_vec()), 1));
            match (steps.first()?, method(1)) {
                (Step::Field(f), _) => match f.as_str() {
                    "Scheme" => text(&u.scheme),
                    "Host" => text(&u.host),
                    "Path" => text(&u.path),
                    "RawQuery" => text(&u.raw_query),
                    "Fragment" => text(&u.fragment),
                    _ => None,
                },
                (Step::Method { name, args }, next) if args.is_empty() => {
                    match (name.as_str(), next) {
                        ("Hostname", _) => text(u.host.rsplit_once(':').map_or(&u.host, |h| h.0)),
                        ("Port", _) => text(u.host.rsplit_once(':').map_or("", |h| h.1)),
                        ("Query", Some(("Get", [k]))) => {
                            let k = String::from_utf8_lossy(k);
                            let v = netaddr::query_get(&u.raw_query, &k);
                            Some((Conc::Bytes(v.into_bytes()), 2))
                        }
                        _ => None,
                    }
                }
                _ => None,
            }
        }
        Decoder::ParseIp | Decoder::ParseCidr | Decoder::Addr | Decoder::Prefix => {
            let ip = match d {
                Decoder::ParseIp | Decoder::Addr => netaddr::parse_ip(s),
                _ => netaddr::parse_cidr(s).map(|(ip, _)| ip),
            };
            let net = matches!(d, Decoder::ParseIp | Decoder::ParseCidr);
            let Some(ip) = ip else {
                return (d == Decoder::ParseIp).then_some((Conc::Bytes(Vec::new()), 0));
            };
            match method(0) {
                None => Some((Conc::Bytes(b.to_vec()), 0)),
                Some(("To4", [])) => {
                    let v4 = match ip {
                        std::net::IpAddr::V4(_) => true,
                        std::net::IpAddr::V6(a) => a.to_ipv4_mapped().is_some(),
                    };
                    Some((Conc::Bytes(if v4 { vec![0; 4] } else { Vec::new() }), 1))
                }
                Some((name, [])) => Some((Conc::Bool(netaddr::ip_method(&ip, name, net)?), 1)),
                Some(_) => None,
            }
        }
        Decoder::Base64 { kind } => Some((Conc::Bytes(engine(kind).decode(b).ok()?), 0)),
        Decoder::Hex => Some((Conc::Bytes(hex::decode(b).ok()?), 0)),
    }
}

/// Rebuilds facts over a stand-in root `_` from relations that start with `prefix` (the
/// decoded value's property), for solving that property on its own.
fn sub_facts(rels: &[Rel], prefix: &[Step]) -> Vec<Fact> {
    let access = |steps: &[Step]| Access {
        root: "_".into(),
        steps: steps.to_vec(),
    };
    rels.iter()
        .filter(|r| r.steps.starts_with(prefix))
        .map(|r| {
            let a = access(&r.steps[prefix.len()..]);
            match &r.pred {
                Pred::Cmp(op, lit) => Fact::Cmp {
                    access: a,
                    op: *op,
                    lit: lit.clone(),
                },
                Pred::Text(test, lit, want) => Fact::Text {
                    access: a,
                    test: *test,
                    lit: lit.clone(),
                    want: *want,
                },
                Pred::Class(class, want) => Fact::Class {
                    access: a,
                    class: *class,
                    want: *want,
                },
                Pred::Parses(kind, ok) => Fact::Parses {
                    access: a,
                    kind: *kind,
                    ok: *ok,
                },
                Pred::Same(op, other) if other.starts_with(prefix) => Fact::Rel {
                    left: a,
                    op: *op,
                    right: access(&other[prefix.len()..]),
                },
                Pred::Same(..) => Fact::Unsat {
                    reason: "a relation outside the decoded value".into(),
                },
            }
        })
        .collect()
}

/// Strings for one property (`u.Scheme`), or `default` when no fact speaks about it.
fn property(rels: &[Rel], prefix: &[Step], default: &str) -> Vec<String> {
    let facts = sub_facts(rels, prefix);
    if facts.is_empty() {
        return vec![default.to_string()];
    }
    solve_prop(&facts, ValueKind::Str)
        .into_iter()
        .filter_map(|l| match l {
            Lit::Str(b) => String::from_utf8(b).ok(),
            _ => None,
        })
        .collect()
}

fn solve_prop(facts: &[Fact], kind: ValueKind) -> Vec<Lit> {
    super::solve(facts, &Access::root("_"), kind)
}

/// Whether the facts want the input to decode: `Parses` facts, or for `net.ParseIP` a
/// comparison of the result with nil. None when they disagree.
fn wants_ok(d: Decoder, rels: &[Rel]) -> Option<bool> {
    let mut want: Option<bool> = None;
    for r in rels {
        let w = match (&r.pred, r.steps.as_slice()) {
            (Pred::Parses(_, ok), []) => *ok,
            (Pred::Cmp(op, Lit::Nil), [Step::Parse(_)]) if d == Decoder::ParseIp => {
                *op == CmpOp::Ne
            }
            (_, [_, ..]) => true,
            _ => continue,
        };
        if want.is_some_and(|x| x != w) {
            return None;
        }
        want = Some(w);
    }
    Some(want.unwrap_or(true))
}

/// Inputs that the decoder rejects.
fn invalid(d: Decoder) -> Vec<&'static str> {
    match d {
        Decoder::Json => vec!["{", ""],
        Decoder::Xml => vec!["<", ""],
        Decoder::Time { .. } | Decoder::Duration => vec!["x", ""],
        Decoder::Url => vec![":", "%zz"],
        Decoder::ParseIp | Decoder::Addr => vec!["x", "1.2.3"],
        Decoder::ParseCidr | Decoder::Prefix => vec!["x", "10.0.0.0"],
        Decoder::Base64 { .. } => vec!["!", "A"],
        Decoder::Hex => vec!["x", "0"],
    }
}

/// Input strings for the decoder whose decoded value meets `rels` (relations on the input:
/// `Parses` facts and facts under the [`ParseKind::Decode`] step), boundary values first. The
/// solver checks each against every relation with the concrete evaluator.
pub(crate) fn spell(d: Decoder, rels: &[Rel]) -> Vec<Vec<u8>> {
    let Some(ok) = wants_ok(d, rels) else {
        return Vec::new();
    };
    if !ok {
        return invalid(d)
            .into_iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
    }
    let parse = Step::Parse(ParseKind::Decode(d));
    let at = |s: &[Step]| [std::slice::from_ref(&parse), s].concat();
    let out: Vec<String> = match d {
        Decoder::Json => vec!["{}".into()],
        Decoder::Xml => vec!["<a></a>".into()],
        Decoder::Time { layout } => time_candidates(rels, &at, layout),
        Decoder::Duration => {
            let facts = sub_facts(rels, &at(&[]));
            let vals = if facts.is_empty() {
                vec![Lit::Int(90 * 60 * 1_000_000_000)]
            } else {
                solve_prop(
                    &facts,
                    ValueKind::Int {
                        bits: 64,
                        signed: true,
                    },
                )
            };
            vals.iter()
                .filter_map(Lit::as_int)
                .map(|n| format!("{n}ns"))
                .collect()
        }
        Decoder::Url => url_candidates(rels, &at),
        Decoder::ParseIp | Decoder::Addr => {
            netaddr::IP_POOL.iter().map(|s| s.to_string()).collect()
        }
        Decoder::ParseCidr | Decoder::Prefix => netaddr::IP_POOL
            .iter()
            .map(|s| format!("{s}/{}", if s.contains(':') { 64 } else { 8 }))
            .collect(),
        Decoder::Base64 { .. } | Decoder::Hex => {
            let facts = sub_facts(rels, &at(&[]));
            let raw: Vec<Vec<u8>> = if facts.is_empty() {
                vec![b"heatseed".to_vec()]
            } else {
                solve_prop(&facts, ValueKind::Bytes)
                    .into_iter()
                    .filter_map(|l| l.as_bytes().map(<[u8]>::to_vec))
                    .collect()
            };
            raw.iter()
                .map(|b| match d {
                    Decoder::Base64 { kind } => engine(kind).encode(b),
                    _ => hex::encode(b),
                })
                .collect()
        }
    };
    let mut out: Vec<Vec<u8>> = out.into_iter().map(String::into_bytes).collect();
    // Candidates that meet every relation first (the solver re-checks all of them).
    out.sort_by_key(|c| !rels.iter().all(|r| holds(r, &Conc::Bytes(c.clone()))));
    out
}

fn time_candidates(rels: &[Rel], at: &dyn Fn(&[Step]) -> Vec<Step>, layout: Layout) -> Vec<String> {
    let unix = Step::Method {
        name: "Unix".into(),
        args: Vec::new(),
    };
    let unix_at = at(std::slice::from_ref(&unix));
    let preds: Vec<(CmpOp, i128)> = rels
        .iter()
        .filter(|r| r.steps == unix_at)
        .filter_map(|r| match &r.pred {
            Pred::Cmp(op, l) => l.as_int().map(|v| (*op, v)),
            _ => None,
        })
        .collect();
    let lo = timefmt::unix(0, 1, 1, 0, 0, 0) as i128;
    let hi = timefmt::unix(9999, 12, 31, 23, 59, 59) as i128;
    let mut secs = if preds.is_empty() {
        vec![timefmt::unix(2025, 6, 15, 12, 30, 45) as i128]
    } else {
        solve_int(&preds, lo, hi, true)
    };
    // Coarse layouts (minutes, days) round a boundary second away: try a day further too.
    let more: Vec<i128> = secs.iter().flat_map(|s| [s + 86_400, s - 86_400]).collect();
    secs.extend(more);
    secs.into_iter()
        .filter_map(|s| timefmt::format(layout.as_bytes(), i64::try_from(s).ok()?))
        .collect()
}

fn url_candidates(rels: &[Rel], at: &dyn Fn(&[Step]) -> Vec<Step>) -> Vec<String> {
    let field = |n: &str| at(&[Step::Field(n.into())]);
    let schemes = property(rels, &field("Scheme"), "https");
    let hosts = property(rels, &field("Host"), "example.com");
    let paths = property(rels, &field("Path"), "/");
    // Query keys the facts read, with the values they want ("" leaves the key out).
    let query = Step::Method {
        name: "Query".into(),
        args: Vec::new(),
    };
    let q_at = at(std::slice::from_ref(&query));
    let mut keys: Vec<Vec<u8>> = Vec::new();
    for r in rels {
        if let (true, Some(Step::Method { name, args })) =
            (r.steps.starts_with(&q_at), r.steps.get(q_at.len()))
        {
            if name == "Get" && args.len() == 1 && !keys.contains(&args[0]) {
                keys.push(args[0].clone());
            }
        }
    }
    let mut query_variants = vec![String::new()];
    for k in &keys {
        let get = Step::Method {
            name: "Get".into(),
            args: vec![k.clone()],
        };
        let prefix = [q_at.clone(), vec![get]].concat();
        let vals = property(rels, &prefix, "v");
        let key = String::from_utf8_lossy(k).into_owned();
        let mut next = Vec::new();
        for q in &query_variants {
            for v in vals.iter().take(2) {
                let mut q = q.clone();
                if !v.is_empty() {
                    q.push(if q.is_empty() { '?' } else { '&' });
                    q.push_str(&format!("{key}={v}"));
                }
                next.push(q);
            }
        }
        query_variants = next;
    }
    let mut out = Vec::new();
    for s in schemes.iter().take(2) {
        for h in hosts.iter().take(2) {
            for p in paths.iter().take(1) {
                for q in &query_variants {
                    let path = if p.starts_with('/') || p.is_empty() {
                        p.clone()
                    } else {
                        format!("/{p}")
                    };
                    out.push(format!("{s}://{h}{path}{q}"));
                }
            }
        }
    }
    out
}

/// True when `b` is one well-formed XML element (what `xml.Unmarshal` needs to succeed for a
/// struct with no further constraints).
fn well_formed_xml(b: &[u8]) -> bool {
    let mut r = quick_xml::Reader::from_reader(b);
    r.config_mut().check_end_names = true;
    let mut depth = 0i32;
    let mut roots = 0;
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(quick_xml::events::Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => return depth == 0 && roots >= 1,
            Ok(_) => {}
            Err(_) => return false,
        }
        buf.clear();
    }
}
