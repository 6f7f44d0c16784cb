//! Mining of the `strings.Cut` family (`bytes.` alike): the results of
//! `before, after, found := strings.Cut(x, sep)` are `x` + [`Step::Cut`] (before / after) and
//! `x` + [`Step::Found`] (`Contains`); `after, found := strings.CutPrefix(x, p)` is
//! [`Step::TrimPrefix`] and `HasPrefix`; `before, found := strings.CutSuffix(x, s)` is
//! [`Step::TrimSuffix`] and `HasSuffix`.

use super::{Miner, Val};
use crate::constraints::{Step, TextTest};
use crate::index::Expr;
use crate::span::CoverPos;

impl Miner<'_, '_> {
    /// The results of a `Cut`, `CutPrefix` or `CutSuffix` call over an input, or None when
    /// `name` is none of these.
    pub(super) fn cut_tuple(
        &self,
        e: &Expr,
        name: &str,
        args: &[Expr],
        pos: Option<CoverPos>,
        d: u32,
    ) -> Option<Vec<Val>> {
        let (pkg, fname) = name.split_once('.')?;
        if !matches!(pkg, "strings" | "bytes")
            || !matches!(fname, "Cut" | "CutPrefix" | "CutSuffix")
            || args.len() != 2
        {
            return None;
        }
        let Some(lit) = self.const_bytes(&args[1], pos, d, false) else {
            return Some(vec![
                Val::Unknown(format!(
                    "`{e}` has a non-constant separator"
                ));
                3
            ]);
        };
        let access = match self.resolve(&args[0], pos, d) {
            Val::In(a) => a,
            Val::Unknown(r) => return Some(vec![Val::Unknown(r); 3]),
            _ => {
                return Some(vec![
                    Val::Unknown(format!("`{e}` does not cut an input"));
                    3
                ])
            }
        };
        let found = |test| {
            Val::In(access.then(Step::Found {
                test,
                lit: lit.clone(),
            }))
        };
        Some(match fname {
            "Cut" => vec![
                Val::In(access.then(Step::Cut {
                    sep: lit.clone(),
                    after: false,
                })),
                Val::In(access.then(Step::Cut {
                    sep: lit.clone(),
                    after: true,
                })),
                found(TextTest::Contains),
            ],
            "CutPrefix" => vec![
                Val::In(access.then(Step::TrimPrefix {
                    prefix: lit.clone(),
                })),
                found(TextTest::HasPrefix),
            ],
            _ => vec![
                Val::In(access.then(Step::TrimSuffix {
                    suffix: lit.clone(),
                })),
                found(TextTest::HasSuffix),
            ],
        })
    }
}
