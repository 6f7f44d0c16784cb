//! Mining through standard-library decoders (see [`crate::constraints::structured`]): the
//! error of `json.Unmarshal(p, &v)`, `json.NewDecoder(r).Decode(&v)` and of the text parsers
//! (`time.Parse(layout, s)`, `url.Parse`, `netip.ParseAddr`, `base64...DecodeString`...) becomes a
//! [`Fact::Parses`] over the input; their decoded values are accesses through a
//! [`Step::Parse`] of [`ParseKind::Decode`]; methods of decoded values (`u.Query().Get("k")`,
//! `ip.IsLoopback()`, `t.Before(Cutoff)` with a constant `time.Date`) are [`Step::Method`]s.

use super::{unsat, Alternatives, Miner, Val};
use crate::constraints::structured::timefmt;
use crate::constraints::{Access, CmpOp, Decoder, Fact, Lit, ParseKind, Step};
use crate::index::Expr;
use crate::span::CoverPos;

/// The marker step of a `json.NewDecoder(r)` / `xml.NewDecoder(r)` value over reader `r`.
fn new_decoder(format: &str) -> Step {
    Step::Method {
        name: format!("{format}.NewDecoder"),
        args: Vec::new(),
    }
}

/// True when `a` reads a decoded value (its steps pass a decoder).
fn decoded(a: &Access) -> bool {
    a.steps
        .iter()
        .any(|s| matches!(s, Step::Parse(ParseKind::Decode(_))))
}

fn parse_step(d: Decoder) -> Step {
    Step::Parse(ParseKind::Decode(d))
}

impl Miner<'_, '_> {
    /// A single-result call through a decoder, or a method of a decoded value; None when the
    /// call is none of these.
    pub(super) fn decoder_call(
        &self,
        func: &Expr,
        args: &[Expr],
        pos: Option<CoverPos>,
        d: u32,
    ) -> Option<Val> {
        let name = func.text();
        let input = |i: usize| match args.get(i).map(|a| self.resolve(a, pos, d)) {
            Some(Val::In(a)) => Some(a),
            _ => None,
        };
        match (name.as_str(), args.len()) {
            ("json.Unmarshal", 2) => {
                return Some(Val::ParseErr(input(0)?, ParseKind::Decode(Decoder::Json)))
            }
            ("xml.Unmarshal", 2) => {
                return Some(Val::ParseErr(input(0)?, ParseKind::Decode(Decoder::Xml)))
            }
            ("json.NewDecoder", 1) => return Some(Val::In(input(0)?.then(new_decoder("json")))),
            ("xml.NewDecoder", 1) => return Some(Val::In(input(0)?.then(new_decoder("xml")))),
            ("net.ParseIP", 1) => {
                return Some(Val::In(input(0)?.then(parse_step(Decoder::ParseIp))))
            }
            _ => {}
        }
        let Expr::Selector { x, sel } = func else {
            return None;
        };
        let Val::In(recv) = self.resolve(x, pos, d) else {
            return None;
        };
        if sel == "Decode" && args.len() == 1 {
            let (last, reader) = recv.steps.split_last()?;
            let d = match last {
                s if *s == new_decoder("json") => Decoder::Json,
                s if *s == new_decoder("xml") => Decoder::Xml,
                _ => return None,
            };
            let reader = Access {
                root: recv.root.clone(),
                steps: reader.to_vec(),
            };
            return Some(Val::ParseErr(reader, ParseKind::Decode(d)));
        }
        if !decoded(&recv) {
            return None;
        }
        let mut consts = Vec::new();
        for a in args {
            match self.resolve(a, pos, d) {
                Val::Const(Lit::Str(b)) => consts.push(b),
                _ => return None,
            }
        }
        Some(Val::In(recv.then(Step::Method {
            name: sel.clone(),
            args: consts,
        })))
    }

    /// `m["key"]`: a member of a map (or of a decoded JSON object) by a constant key.
    pub(super) fn map_member(
        &self,
        e: &Expr,
        x: &Expr,
        key: Vec<u8>,
        pos: Option<CoverPos>,
        d: u32,
    ) -> Val {
        match self.resolve(x, pos, d) {
            Val::In(a) => Val::In(a.then(Step::Key(key))),
            Val::Unknown(r) => Val::Unknown(r),
            _ => Val::Unknown(format!("`{e}` is not derived from inputs")),
        }
    }

    /// `x.(map[string]any)`, `x.(string)`...: the value itself, for a decoded interface member
    /// (`req.Extra.(map[string]any)["k"]` reads the document's `extra.k`).
    pub(super) fn type_assert(
        &self,
        e: &Expr,
        x: &Expr,
        ty: &str,
        pos: Option<CoverPos>,
        d: u32,
    ) -> Val {
        let plain = ty.starts_with("map[string]")
            || ty.starts_with("[]")
            || crate::gotypes::Basic::parse(ty).is_some();
        match self.resolve(x, pos, d) {
            Val::In(a) if plain => Val::In(a),
            Val::Unknown(r) => Val::Unknown(r),
            _ => Val::Unknown(format!("`{e}`: a type assertion to `{ty}` is not modelled")),
        }
    }

    /// The `ok` of `v, ok := x.(T)`: a boolean property `x.(T)()` of the value (a document
    /// writes an object for `map[string]...`).
    pub(super) fn assert_ok(&self, x: &Expr, ty: &str, pos: Option<CoverPos>, d: u32) -> Val {
        match self.resolve(x, pos, d) {
            Val::In(a) => Val::In(a.then(Step::Method {
                name: format!("({ty})"),
                args: Vec::new(),
            })),
            Val::Unknown(r) => Val::Unknown(r),
            _ => Val::Unknown(format!("`{x}.({ty})` is not derived from inputs")),
        }
    }

    /// The results of a multi-result decoder call (`t, err := time.Parse(layout, s)`).
    pub(super) fn decoder_tuple(
        &self,
        name: &str,
        args: &[Expr],
        pos: Option<CoverPos>,
        d: u32,
    ) -> Option<Vec<Val>> {
        let (layout, input) = match (name, args.len()) {
            ("time.Parse", 2) => {
                let layout = match std_layout(&args[0]) {
                    Some(l) => l.as_bytes().to_vec(),
                    None => self.const_bytes(&args[0], pos, d, false)?,
                };
                (Some(layout), &args[1])
            }
            (_, 1) => (None, &args[0]),
            _ => return None,
        };
        let dec = Decoder::of_call(name, layout.as_deref())?;
        if matches!(dec, Decoder::Json | Decoder::Xml | Decoder::ParseIp) {
            return None;
        }
        let Val::In(a) = self.resolve(input, pos, d) else {
            return None;
        };
        let value = Val::In(a.then(parse_step(dec)));
        let err = Val::ParseErr(a, ParseKind::Decode(dec));
        Some(match dec {
            Decoder::ParseCidr => {
                vec![value, Val::Unknown(format!("the network of `{name}`")), err]
            }
            _ => vec![value, err],
        })
    }

    /// A boolean method of a decoded value as a condition: `ip.IsLoopback()`, `a.Is4()`,
    /// `t.Before(Cutoff)` / `t.After(Cutoff)` against a constant instant.
    pub(super) fn method_cond(
        &self,
        func: &Expr,
        args: &[Expr],
        want: bool,
        pos: Option<CoverPos>,
        d: u32,
    ) -> Option<Alternatives> {
        let Expr::Selector { x, sel } = func else {
            return None;
        };
        let Val::In(recv) = self.resolve(x, pos, d) else {
            return None;
        };
        if !decoded(&recv) {
            return None;
        }
        let is_time = matches!(
            recv.steps.last(),
            Some(Step::Parse(ParseKind::Decode(Decoder::Time { .. })))
        );
        if is_time && matches!(sel.as_str(), "Before" | "After" | "Equal") && args.len() == 1 {
            let Some(secs) = self.instant(&args[0], pos, d) else {
                return Some(unsat(format!("`{}` is not a constant instant", args[0])));
            };
            let op = match sel.as_str() {
                "Before" => CmpOp::Lt,
                "After" => CmpOp::Gt,
                _ => CmpOp::Eq,
            };
            let unix = Step::Method {
                name: "Unix".into(),
                args: Vec::new(),
            };
            return Some(vec![vec![Fact::Cmp {
                access: recv.then(unix),
                op: if want { op } else { op.negate() },
                lit: Lit::Int(secs as i128),
            }]]);
        }
        let Some(Val::In(a)) = self.decoder_call(func, args, pos, d) else {
            return None;
        };
        Some(vec![vec![Fact::Cmp {
            access: a,
            op: CmpOp::Eq,
            lit: Lit::Bool(want),
        }]])
    }

    /// Unix seconds of a constant instant: `time.Date(y, m, d, h, mi, s, ns, time.UTC)` or
    /// `time.Unix(n, 0)`, written in place or as a package variable's initialiser.
    fn instant(&self, e: &Expr, pos: Option<CoverPos>, d: u32) -> Option<i64> {
        let e = match e {
            Expr::Ident { name } => &self.ctx.vars.iter().find(|(n, _)| n == name)?.1,
            other => other,
        };
        let Expr::Call { func, args, .. } = e else {
            return None;
        };
        let int = |a: &Expr| -> Option<i64> {
            if let Some(m) = month(a) {
                return Some(m);
            }
            match self.resolve(a, pos, d) {
                Val::Const(l) => l.as_int().and_then(|v| i64::try_from(v).ok()),
                _ => None,
            }
        };
        match (func.text().as_str(), args.len()) {
            ("time.Date", 8) => {
                let loc = args[7].text();
                if loc != "time.UTC" {
                    return None;
                }
                let v: Vec<i64> = args[..6].iter().map(int).collect::<Option<_>>()?;
                Some(timefmt::unix(v[0], v[1], v[2], v[3], v[4], v[5]))
            }
            ("time.Unix", 2) => int(&args[0]),
            _ => None,
        }
    }
}

/// `time.January`... as month numbers.
fn month(e: &Expr) -> Option<i64> {
    let Expr::Selector { x, sel } = e else {
        return None;
    };
    if !matches!(x.as_ref(), Expr::Ident { name } if name == "time") {
        return None;
    }
    timefmt::MONTHS
        .iter()
        .position(|m| m == sel)
        .map(|i| i as i64 + 1)
}

/// The layout constants of package `time` (`time.RFC3339`...).
fn std_layout(e: &Expr) -> Option<&'static str> {
    let Expr::Selector { x, sel } = e else {
        return None;
    };
    if !matches!(x.as_ref(), Expr::Ident { name } if name == "time") {
        return None;
    }
    Some(match sel.as_str() {
        "Layout" => "01/02 03:04:05PM '06 -0700",
        "ANSIC" => "Mon Jan _2 15:04:05 2006",
        "UnixDate" => "Mon Jan _2 15:04:05 MST 2006",
        "RubyDate" => "Mon Jan 02 15:04:05 -0700 2006",
        "RFC822" => "02 Jan 06 15:04 MST",
        "RFC822Z" => "02 Jan 06 15:04 -0700",
        "RFC850" => "Monday, 02-Jan-06 15:04:05 MST",
        "RFC1123" => "Mon, 02 Jan 2006 15:04:05 MST",
        "RFC1123Z" => "Mon, 02 Jan 2006 15:04:05 -0700",
        "RFC3339" => "2006-01-02T15:04:05Z07:00",
        "RFC3339Nano" => "2006-01-02T15:04:05.999999999Z07:00",
        "Kitchen" => "3:04PM",
        "Stamp" => "Jan _2 15:04:05",
        "StampMilli" => "Jan _2 15:04:05.000",
        "StampMicro" => "Jan _2 15:04:05.000000",
        "StampNano" => "Jan _2 15:04:05.000000000",
        "DateTime" => "2006-01-02 15:04:05",
        "DateOnly" => "2006-01-02",
        "TimeOnly" => "15:04:05",
        _ => return None,
    })
}
