//! Mining of decoder calls whose results guards test (issue 9, items 3, 4, 6):
//!
//! - regular expressions: `re.FindStringSubmatch(s)` / `re.FindSubmatch(b)` on a package-level
//!   `re = regexp.MustCompile(`pattern`)` is `s` + [`Step::Submatch`] (a list of captures, nil
//!   when `s` does not match); `re.MatchString(s)` / `re.Match(b)` is "that list is not nil";
//! - binary: `binary.BigEndian.Uint32(x)` (and `LittleEndian`, 16/32/64 bits) is `x` +
//!   [`Step::Endian`]; the first result of `binary.Uvarint(x)` is `x` + [`Step::Uvarint`];
//! - protobuf getters: `m.GetQty()` (no arguments, on an input-derived value) is the field
//!   `m.Qty`, which is how generated code reads plain, message and oneof fields nil-safely.
//!
//! The structured value builders ([`crate::values::structured`]) turn facts over these steps
//! into regex matches, frames and wire-format messages.

use super::{unparen, Miner, Val};
use crate::constraints::{Alternatives, CmpOp, Fact, Lit, Step};
use crate::index::Expr;
use crate::span::CoverPos;

/// The regexp methods that return captures (`FindStringSubmatch`) or a match (`MatchString`).
const SUBMATCH: &[&str] = &["FindStringSubmatch", "FindSubmatch"];
const MATCH: &[&str] = &["MatchString", "Match"];

impl Miner<'_, '_> {
    /// The pattern of a package-level `regexp.MustCompile(lit)` (or `regexp.MustCompilePOSIX`
    /// is left out: leftmost-longest semantics differ) named `name`.
    fn regexp_pattern(&self, name: &str) -> Option<String> {
        if self.ctx.is_local(name) {
            return None;
        }
        let (_, init) = self.ctx.vars.iter().find(|(n, _)| n == name)?;
        let Expr::Call { func, args, .. } = unparen(init) else {
            return None;
        };
        if func.text() != "regexp.MustCompile" || args.len() != 1 {
            return None;
        }
        match self.constant(&args[0]) {
            Val::Const(Lit::Str(b)) => String::from_utf8(b).ok(),
            _ => None,
        }
    }

    /// A value-producing decoder call (`re.FindStringSubmatch(s)`, `binary.BigEndian.Uint32(b)`,
    /// `m.GetQty()`), or None when the call is none of these.
    pub(super) fn structured_call(
        &self,
        func: &Expr,
        args: &[Expr],
        pos: Option<CoverPos>,
        d: u32,
    ) -> Option<Val> {
        let Expr::Selector { x, sel } = func else {
            return None;
        };
        let step = match (unparen(x), sel.as_str(), args.len()) {
            (Expr::Ident { name }, m, 1) if SUBMATCH.contains(&m) => Step::Submatch {
                pattern: self.regexp_pattern(name)?,
            },
            (Expr::Selector { x: b, sel: order }, m, 1)
                if b.text() == "binary" && (order == "BigEndian" || order == "LittleEndian") =>
            {
                let bits = match m {
                    "Uint16" => 16,
                    "Uint32" => 32,
                    "Uint64" => 64,
                    _ => return None,
                };
                Step::Endian {
                    big: order == "BigEndian",
                    bits,
                }
            }
            (recv, getter, 0) if is_getter(getter) => {
                return Some(match self.resolve(recv, pos, d) {
                    Val::In(a) => Val::In(a.then(Step::Field(getter[3..].to_string()))),
                    Val::Unknown(r) => Val::Unknown(r),
                    _ => return None,
                });
            }
            _ => return None,
        };
        Some(match self.resolve(&args[0], pos, d) {
            Val::In(a) => Val::In(a.then(step)),
            Val::Unknown(r) => Val::Unknown(r),
            _ => Val::Unknown(format!("`{func}` does not decode an input")),
        })
    }

    /// `re.MatchString(s)` as a condition: the captures of `s` are (not) nil.
    pub(super) fn match_call(
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
        let Expr::Ident { name } = unparen(x) else {
            return None;
        };
        if !MATCH.contains(&sel.as_str()) || args.len() != 1 {
            return None;
        }
        let pattern = self.regexp_pattern(name)?;
        Some(match self.resolve(&args[0], pos, d) {
            Val::In(a) => vec![vec![Fact::Cmp {
                access: a.then(Step::Submatch { pattern }),
                op: if want { CmpOp::Ne } else { CmpOp::Eq },
                lit: Lit::Nil,
            }]],
            Val::Unknown(r) => super::unsat(r),
            _ => super::unsat(format!("`{func}` does not match an input")),
        })
    }

    /// `n, k := binary.Uvarint(x)`: `n` is `x` + [`Step::Uvarint`]; `k` is not modelled.
    pub(super) fn uvarint_tuple(
        &self,
        func: &Expr,
        args: &[Expr],
        pos: Option<CoverPos>,
        d: u32,
    ) -> Option<Vec<Val>> {
        if func.text() != "binary.Uvarint" || args.len() != 1 {
            return None;
        }
        let k = Val::Unknown("the byte count of binary.Uvarint is not modelled".into());
        Some(match self.resolve(&args[0], pos, d) {
            Val::In(a) => vec![Val::In(a.then(Step::Uvarint)), k],
            Val::Unknown(r) => vec![Val::Unknown(r), k],
            _ => vec![
                Val::Unknown(format!("`{func}` does not decode an input")),
                k,
            ],
        })
    }
}

/// `e` resolved to an input path in `ctx` (at `ctx.pos`), or None when it is not derived
/// from inputs: the structured builders use it to relate decoder calls (`crc32.Checksum(p, t)`,
/// `len(payload)`) to the fields that carry them.
pub fn resolve_access(e: &Expr, ctx: &super::Context<'_>) -> Option<crate::constraints::Access> {
    match (Miner { ctx }).resolve(e, ctx.pos, 0) {
        Val::In(a) => Some(a),
        _ => None,
    }
}

/// `GetQty`: `Get` and an upper-case letter (generated protobuf getters).
fn is_getter(name: &str) -> bool {
    name.strip_prefix("Get")
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use crate::constraints::{mine, Context, Step};
    use crate::syntax::parse_source;

    /// The facts of `if cond` placed at the end of `F`'s body in `src` (which ends in `}\n`).
    fn facts(src: &str, cond: &str) -> String {
        let body_end = src.rfind("\treturn").expect("F returns");
        let src = format!(
            "{}\tif {cond} {{\n\t\tpanic(0)\n\t}}\n{}",
            &src[..body_end],
            &src[body_end..]
        );
        let file = parse_source(&src);
        let f = file
            .functions
            .iter()
            .find(|f| f.name == "F")
            .expect("F is declared");
        let ctx = Context::new(f, &file.consts, &file.vars);
        let cond = f
            .regions
            .iter()
            .find_map(|r| match &r.guard {
                crate::index::Guard::IfThen { cond } => Some(cond.clone()),
                _ => None,
            })
            .expect("the if is parsed");
        format!(
            "{:?}",
            mine(&cond, true, &ctx.at(f.regions.last().unwrap().range.start))
        )
    }

    #[test]
    fn submatch_captures_are_steps_on_the_matched_input() {
        let src = "package p\n\nimport (\n\t\"regexp\"\n\t\"strconv\"\n)\n\nvar re = regexp.MustCompile(`^a(\\d+)$`)\n\nfunc F(s string) int {\n\tm := re.FindStringSubmatch(s)\n\tn, _ := strconv.Atoi(m[1])\n\treturn n\n}\n";
        let got = facts(src, "n > 7");
        assert!(
            got.contains("Submatch { pattern: \"^a(\\\\d+)$\" }, Index(1), Parse(Atoi)"),
            "{got}"
        );
        let got = facts(src, "m == nil");
        assert!(got.contains("op: Eq, lit: Nil"), "{got}");
        let got = facts(src, "re.MatchString(s)");
        assert!(got.contains("Submatch") && got.contains("op: Ne"), "{got}");
    }

    #[test]
    fn endian_reads_uvarints_and_getters_are_steps() {
        let src = "package p\n\nimport \"encoding/binary\"\n\nfunc F(b []byte, m *M) uint64 {\n\tn, _ := binary.Uvarint(b[2:])\n\treturn n\n}\n";
        let got = facts(src, "binary.BigEndian.Uint32(b[0:4]) == 7");
        let want = format!(
            "{:?}",
            Step::Endian {
                big: true,
                bits: 32
            }
        );
        assert!(got.contains(&want), "{got}");
        assert!(facts(src, "n > 5").contains("Uvarint"), "uvarint");
        let got = facts(src, "m.GetGeo().GetRegion() == 49");
        assert!(got.contains("Field(\"Geo\"), Field(\"Region\")"), "{got}");
    }
}
