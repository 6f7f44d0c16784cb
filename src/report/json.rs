//! The two large arrays of `analyze --format json` (every function, every target), written
//! straight from the analysis: borrowed records whose fields are declared in the order the
//! document has always had (keys sorted, as a `serde_json::Value` object prints them) and a
//! pretty-printer that starts two levels deep, so no `Value` tree is built, no key is sorted
//! and no text is re-indented.

use crate::span::CoverPos;
use crate::targets::{Analysis, BlockHeat, FunctionHeat, Heat, Target};
use rayon::prelude::*;
use serde::Serialize;
use std::io;

/// `serde_json`'s `PrettyFormatter` (two spaces a level) starting at `level` instead of 0:
/// the items of an array that is itself a member of the top-level object sit at level 2.
struct Indented {
    level: usize,
    has_value: bool,
}

impl Indented {
    fn newline<W: ?Sized + io::Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    /// `[` or `{`: one level deeper, nothing in it yet.
    fn open<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// `]` or `}`, on a line of its own when the array or object held something.
    fn close<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.begin_array_value(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `,\n  "name": [ item, item ]`, each item pretty-printed at the depth of an array member
/// of the top-level object. Items are turned into text in parallel (rayon), a run of them
/// per task, and written in their order.
pub(super) fn write_array<T: Sync>(
    w: &mut impl io::Write,
    name: &str,
    items: &[T],
    write_item: impl Fn(&mut Vec<u8>, &T) + Sync,
) -> io::Result<()> {
    const RUN: usize = 64;
    const BATCH: usize = 4096;
    write!(w, ",\n  \"{name}\": [")?;
    for (b, batch) in items.chunks(BATCH).enumerate() {
        let texts: Vec<Vec<u8>> = batch
            .par_chunks(RUN)
            .enumerate()
            .map(|(r, run)| {
                let mut out = Vec::with_capacity(run.len() * 512);
                for (i, item) in run.iter().enumerate() {
                    let first = b == 0 && r == 0 && i == 0;
                    out.extend_from_slice(if first { b"\n    " } else { b",\n    " });
                    write_item(&mut out, item);
                }
                out
            })
            .collect();
        for text in texts {
            w.write_all(&text)?;
        }
    }
    w.write_all(if items.is_empty() { b"]" } else { b"\n  ]" })
}

/// Appends `record` pretty-printed at the depth of an item of a top-level array.
fn pretty(out: &mut Vec<u8>, record: &impl Serialize) {
    let fmt = Indented {
        level: 2,
        has_value: false,
    };
    let mut ser = serde_json::Serializer::with_formatter(out, fmt);
    record
        .serialize(&mut ser)
        .expect("analysis records serialize");
}

/// Appends the element of `functions` for `h`.
pub(super) fn function(out: &mut Vec<u8>, h: &FunctionHeat) {
    pretty(out, &function_record(h));
}

/// Appends the element of `targets` for `t`.
pub(super) fn target(out: &mut Vec<u8>, a: &Analysis, t: &Target) {
    pretty(out, &target_record(a, t));
}

/// One element of `functions` (fields in key order).
#[derive(Serialize)]
struct FunctionRecord<'a> {
    covered_statements: u64,
    entries: u64,
    file: &'a str,
    has_syntax_error: bool,
    line: u32,
    name: &'a str,
    package: &'a str,
    qualified_name: &'a str,
    statements: u64,
}

fn function_record(h: &FunctionHeat) -> FunctionRecord<'_> {
    FunctionRecord {
        covered_statements: h.covered_statements,
        entries: h.entries,
        file: &h.file,
        has_syntax_error: h.has_syntax_error,
        line: h.line,
        name: &h.name,
        package: &h.package,
        qualified_name: &h.qualified,
        statements: h.statements,
    }
}

#[derive(Serialize)]
struct Pos {
    col: u32,
    line: u32,
}

impl From<CoverPos> for Pos {
    fn from(p: CoverPos) -> Self {
        Pos {
            col: p.col,
            line: p.line,
        }
    }
}

#[derive(Serialize)]
struct GuardRecord<'a> {
    kind: crate::targets::guard::GuardKind,
    line: u32,
    text: &'a str,
}

#[derive(Serialize)]
struct BlockRecord<'a> {
    count: u64,
    end: Pos,
    guard: GuardRecord<'a>,
    heat: Heat,
    start: Pos,
    statements: u32,
    why: &'a str,
}

fn block_record(b: &BlockHeat) -> BlockRecord<'_> {
    BlockRecord {
        count: b.block.count,
        end: b.block.range.end.into(),
        guard: GuardRecord {
            kind: b.guard.kind,
            line: b.guard.line,
            text: &b.guard.text,
        },
        heat: b.heat,
        start: b.block.range.start.into(),
        statements: b.block.num_stmt,
        why: &b.why,
    }
}

#[derive(Serialize)]
struct ParamRecord<'a> {
    name: Option<&'a str>,
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Serialize)]
struct ReceiverRecord<'a> {
    name: Option<&'a str>,
    pointer: bool,
    type_args: &'a [String],
    type_name: &'a str,
}

/// One element of `targets` (fields in key order).
#[derive(Serialize)]
struct TargetRecord<'a> {
    callees: &'a [String],
    cold_blocks: Vec<BlockRecord<'a>>,
    cold_statements: u64,
    covered_statements: u64,
    file: &'a str,
    fuzzable: bool,
    line: u32,
    name: &'a str,
    package: &'a str,
    params: Vec<ParamRecord<'a>>,
    path: &'a std::path::Path,
    qualified_name: &'a str,
    rank: usize,
    rare_statements: u64,
    reach_statements: u64,
    receiver: Option<ReceiverRecord<'a>>,
    statements: u64,
    unfuzzable_reason: Option<&'a str>,
}

fn target_record<'a>(a: &'a Analysis, t: &'a Target) -> TargetRecord<'a> {
    let h = a.heat(t.id);
    let f = a.function(t.id);
    let params = f
        .params
        .iter()
        .map(|p| ParamRecord {
            name: p.name.as_deref(),
            ty: if p.variadic {
                format!("...{}", p.ty)
            } else {
                p.ty.to_string()
            },
        })
        .collect();
    let cold_blocks = h
        .blocks
        .iter()
        .filter(|b| b.heat != Heat::Warm)
        .map(block_record)
        .collect();
    TargetRecord {
        callees: &t.callees,
        cold_blocks,
        cold_statements: t.cold_statements,
        covered_statements: h.covered_statements,
        file: &h.file,
        fuzzable: t.fuzzable,
        line: h.line,
        name: &h.name,
        package: &h.package,
        params,
        path: &a.files[t.id.file].heat.path,
        qualified_name: &h.qualified,
        rank: t.rank,
        rare_statements: t.rare_statements,
        reach_statements: t.reach_statements,
        receiver: f.receiver.as_ref().map(|r| ReceiverRecord {
            name: r.name.as_deref(),
            pointer: r.pointer,
            type_args: &r.type_args,
            type_name: &r.type_name,
        }),
        statements: h.statements,
        unfuzzable_reason: t.unfuzzable_reason.as_deref(),
    }
}
