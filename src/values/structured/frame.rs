//! Binary frames: facts over `binary.BigEndian.Uint32(b[0:4])` ([`Step::Endian`]),
//! `binary.Uvarint(b[k:])` ([`Step::Uvarint`]), `len(b[k:])`, bytes `b[i]` and the fields of a
//! struct filled by `binary.Read(bytes.NewReader(b), order, &hdr)` in, whole frames out.
//!
//! Relations the guards check between parts of the frame are read from the function
//! ([`detect`]): a field or fixed-offset integer compared with `len(payload)` is a length field,
//! one compared with `crc32.Checksum(payload, table)` (IEEE or Castagnoli),
//! `crc32.ChecksumIEEE`, `adler32.Checksum` or `crc64.Checksum` (ISO or ECMA) is a checksum
//! field. [`FrameSpec::build`] places the solved values at their offsets in their byte order,
//! sizes the frame to meet the length facts, then writes every length and checksum field from
//! the bytes it covers, so the frame passes its own checks.

use super::Package;
use super::{address_of, solve_slot, speaks_about, strip_converts, var_type};
use crate::constraints::{resolve_access, Access, CmpOp, Context, Fact, Lit, Step, ValueKind};
use crate::gotypes::{Basic, Kind};
use crate::index::{Expr, Function, GoType, Guard};
use serde::Serialize;

/// Frames longer than this are not written (a length fact asking for more is not met).
const MAX_FRAME: usize = 1 << 16;

/// A struct filled by `binary.Read`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StructRead {
    pub local: String,
    /// Offset of the reader's first byte in the argument.
    pub offset: usize,
    pub big_endian: bool,
    /// Fields in wire order: name, offset in the struct, size in bytes, signed.
    pub fields: Vec<(String, usize, usize, bool)>,
}

/// How a derived field's value follows from the bytes it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Derivation {
    Length,
    Crc32Ieee,
    Crc32Castagnoli,
    Adler32,
    Crc64Iso,
    Crc64Ecma,
}

/// `target` must equal `derivation(source)` for the frame to pass the function's check.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Derived {
    pub target: Access,
    pub source: Access,
    pub derivation: Derivation,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FrameSpec {
    /// The argument holding the frame.
    pub root: String,
    pub reads: Vec<StructRead>,
    pub derived: Vec<Derived>,
    /// Constants the guards compare fixed-offset integers with, in wire byte order.
    pub magic: Vec<Vec<u8>>,
}

/// Where an access lands in the frame.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Place {
    /// An integer of `size` bytes at `offset`.
    Int {
        offset: usize,
        size: usize,
        big: bool,
        signed: bool,
    },
    Uvarint {
        offset: usize,
    },
    /// `len(b[offset:])`.
    SuffixLen {
        offset: usize,
    },
    /// The bytes `b[offset..end]` (end None: to the end).
    Range {
        offset: usize,
        end: Option<usize>,
    },
}

/// The frame spec of argument `root` of `f`: None when `f` neither reads it with
/// `encoding/binary` nor checks a checksum.
pub fn detect(f: &Function, root: &str, pkg: Package<'_>) -> Option<FrameSpec> {
    let binaryish = f.calls.iter().any(|c| {
        let t = c.func.text();
        t.starts_with("binary.") || checksum_kind(&c.func, &c.args, pkg).is_some()
    });
    if !binaryish {
        return None;
    }
    let mut spec = FrameSpec {
        root: root.to_string(),
        reads: struct_reads(f, root, pkg),
        derived: Vec::new(),
        magic: Vec::new(),
    };
    for r in &f.regions {
        let (Guard::IfThen { cond } | Guard::Else { cond }) = &r.guard else {
            continue;
        };
        let ctx = Context::new(f, pkg.consts, pkg.vars).at(r.range.start);
        if let Some(d) = derived_of(cond, &ctx, pkg) {
            if !spec.derived.contains(&d) {
                spec.derived.push(d);
            }
        }
        for alt in crate::constraints::mine(cond, true, &ctx) {
            for fact in alt {
                spec.add_magic(&fact);
            }
        }
    }
    Some(spec)
}

/// `binary.Read(bytes.NewReader(X), binary.BigEndian, &local)` with `X` under `root`.
fn struct_reads(f: &Function, root: &str, pkg: Package<'_>) -> Vec<StructRead> {
    let mut out = Vec::new();
    for c in &f.calls {
        if c.func.text() != "binary.Read" || c.args.len() != 3 {
            continue;
        }
        let Expr::Call { func, args, .. } = &c.args[0] else {
            continue;
        };
        if func.text() != "bytes.NewReader" || args.len() != 1 {
            continue;
        }
        let ctx = Context::new(f, pkg.consts, pkg.vars).at(c.pos);
        let Some(src) = resolve_access(&args[0], &ctx).filter(|a| a.root == root) else {
            continue;
        };
        let Some(Place::Range { offset, .. }) = place_in_root(&src.steps) else {
            continue;
        };
        let big = match c.args[1].text().as_str() {
            "binary.BigEndian" => true,
            "binary.LittleEndian" => false,
            _ => continue,
        };
        let Some(local) = address_of(&c.args[2]) else {
            continue;
        };
        let Some(fields) = var_type(f, local).and_then(|t| layout(&t, pkg)) else {
            continue;
        };
        out.push(StructRead {
            local: local.to_string(),
            offset,
            big_endian: big,
            fields,
        });
    }
    out
}

/// The `binary.Read` layout of a struct of fixed-size integer fields (None for other fields).
fn layout(name: &str, pkg: Package<'_>) -> Option<Vec<(String, usize, usize, bool)>> {
    let GoType::Struct { fields } = &pkg.types.iter().find(|t| t.name == name)?.ty else {
        return None;
    };
    let mut out = Vec::new();
    let mut at = 0;
    for fd in fields {
        let GoType::Named {
            pkg: None, name, ..
        } = &fd.ty
        else {
            return None;
        };
        let b = Basic::parse(name)?;
        let (size, signed) = match b.kind() {
            Kind::Bool => (1, false),
            Kind::Signed if b.bits() != 0 && name != "int" => (b.bits() as usize / 8, true),
            Kind::Unsigned if name != "uint" => (b.bits() as usize / 8, false),
            _ => return None,
        };
        out.push((fd.name.clone().unwrap_or_default(), at, size, signed));
        at += size;
    }
    Some(out)
}

/// Which checksum a call computes (None: not a checksum call).
fn checksum_kind(func: &Expr, args: &[Expr], pkg: Package<'_>) -> Option<Derivation> {
    let table = || -> String {
        match args.get(1) {
            Some(Expr::Ident { name }) => pkg
                .vars
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, e)| e.text())
                .unwrap_or_default(),
            Some(e) => e.text(),
            None => String::new(),
        }
    };
    match (func.text().as_str(), args.len()) {
        ("crc32.ChecksumIEEE", 1) => Some(Derivation::Crc32Ieee),
        ("adler32.Checksum", 1) => Some(Derivation::Adler32),
        ("crc32.Checksum", 2) => {
            let t = table();
            if t.contains("Castagnoli") {
                Some(Derivation::Crc32Castagnoli)
            } else if t.contains("IEEE") {
                Some(Derivation::Crc32Ieee)
            } else {
                None
            }
        }
        ("crc64.Checksum", 2) => {
            let t = table();
            if t.contains("crc64.ISO") {
                Some(Derivation::Crc64Iso)
            } else if t.contains("crc64.ECMA") {
                Some(Derivation::Crc64Ecma)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A length or checksum relation checked by `cond` (`int(hdr.Length) != len(payload)`,
/// `crc32.Checksum(payload, t) != hdr.CRC`).
fn derived_of(cond: &Expr, ctx: &Context<'_>, pkg: Package<'_>) -> Option<Derived> {
    let Expr::Binary { op, left, right } = cond else {
        return None;
    };
    if op != "==" && op != "!=" {
        return None;
    }
    for (x, y) in [(left, right), (right, left)] {
        let target = || resolve_access(y, ctx).map(strip_converts);
        if let Expr::Call { func, args, .. } = x.as_ref() {
            if let Some(derivation) = checksum_kind(func, args, pkg) {
                return Some(Derived {
                    target: target()?,
                    source: resolve_access(&args[0], ctx)?,
                    derivation,
                });
            }
        }
        let mut len = resolve_access(x, ctx).map(strip_converts)?;
        if len.steps.last() == Some(&Step::Len) {
            len.steps.pop();
            let target = target()?;
            if target.steps.last() != Some(&Step::Len) {
                return Some(Derived {
                    target,
                    source: len,
                    derivation: Derivation::Length,
                });
            }
        }
    }
    None
}

/// The place of a chain of steps on the argument itself: slices with constant bounds, then
/// an endian read, a uvarint, a byte, a length, or nothing (a byte range).
fn place_in_root(steps: &[Step]) -> Option<Place> {
    let mut offset = 0usize;
    let mut end: Option<usize> = None;
    for (i, s) in steps.iter().enumerate() {
        match s {
            Step::Slice { low, high } => {
                let lo = usize::try_from(low.unwrap_or(0)).ok()?;
                let base = offset;
                offset = base + lo;
                if let Some(h) = high {
                    end = Some(base + usize::try_from(*h).ok()?);
                }
            }
            Step::Endian { big, bits } if i + 1 == steps.len() || is_tail(&steps[i + 1..]) => {
                return Some(Place::Int {
                    offset,
                    size: usize::from(*bits / 8),
                    big: *big,
                    signed: false,
                })
            }
            Step::Uvarint => return Some(Place::Uvarint { offset }),
            Step::Index(k) => {
                return Some(Place::Int {
                    offset: offset + usize::try_from(*k).ok()?,
                    size: 1,
                    big: true,
                    signed: false,
                })
            }
            Step::Len if end.is_none() => return Some(Place::SuffixLen { offset }),
            _ => return None,
        }
    }
    Some(Place::Range { offset, end })
}

/// Steps after a value that keep its place (conversions).
fn is_tail(steps: &[Step]) -> bool {
    steps.iter().all(|s| matches!(s, Step::Convert(_)))
}

impl FrameSpec {
    /// The place an access reaches and the prefix that names it (facts are solved there).
    fn place(&self, a: &Access) -> Option<(Place, Access)> {
        if a.root == self.root {
            let n = (1..=a.steps.len())
                .rev()
                .find(|&n| place_in_root(&a.steps[..n]).is_some_and(|p| !is_range(p)))?;
            let p = place_in_root(&a.steps[..n])?;
            return Some((
                p,
                Access {
                    root: a.root.clone(),
                    steps: a.steps[..n].to_vec(),
                },
            ));
        }
        let r = self.reads.iter().find(|r| r.local == a.root)?;
        let Some(Step::Field(name)) = a.steps.first() else {
            return None;
        };
        let (_, off, size, signed) = r.fields.iter().find(|f| &f.0 == name)?;
        Some((
            Place::Int {
                offset: r.offset + off,
                size: *size,
                big: r.big_endian,
                signed: *signed,
            },
            Access {
                root: a.root.clone(),
                steps: a.steps[..1].to_vec(),
            },
        ))
    }

    /// A frame meeting the facts of `alt` on the argument and the read structs, with every
    /// length and checksum field right; None when `alt` does not speak about them.
    ///
    /// The valid frame comes first, then one per length or checksum field with that field
    /// (and only that one) wrong, for the branches that reject a mismatch.
    pub fn build(&self, alt: &[Fact], path: &Access) -> Option<Vec<Vec<u8>>> {
        let locals: Vec<Access> = self.reads.iter().map(|r| Access::root(&r.local)).collect();
        if !speaks_about(alt, path) && !locals.iter().any(|l| speaks_about(alt, l)) {
            return None;
        }
        // Only frames need this builder: plain byte facts (`b[0] == 'C'`, prefixes) without an
        // endian read, a varint, a read struct or a length/checksum field stay with the solver.
        let framed = !self.derived.is_empty()
            || alt.iter().filter_map(Fact::access).any(|a| {
                locals.iter().any(|l| l.root == a.root)
                    || a.steps
                        .iter()
                        .any(|s| matches!(s, Step::Endian { .. } | Step::Uvarint))
            });
        if !framed {
            return None;
        }
        let mut buf: Vec<u8> = Vec::new();
        let min = self
            .reads
            .iter()
            .map(|r| r.offset + r.fields.iter().map(|f| f.2).sum::<usize>())
            .max()
            .unwrap_or(0);
        let mut lens: Vec<(usize, Access, Vec<i128>)> = Vec::new();
        let mut seen: Vec<Access> = Vec::new();
        for fact in alt {
            let Some((place, prefix)) = fact.access().and_then(|a| self.place(a)) else {
                continue;
            };
            if seen.contains(&prefix) {
                continue;
            }
            seen.push(prefix.clone());
            match place {
                Place::Int {
                    offset,
                    size,
                    big,
                    signed,
                } => {
                    let kind = ValueKind::Int {
                        bits: size as u32 * 8,
                        signed,
                    };
                    let v = solve_slot(alt, &prefix, kind).first()?.as_int()?;
                    write_int(&mut buf, offset, size, big, v);
                }
                Place::Uvarint { offset } => {
                    let kind = ValueKind::Int {
                        bits: 64,
                        signed: false,
                    };
                    let v = solve_slot(alt, &prefix, kind).first()?.as_int()?;
                    let mut enc = Vec::new();
                    super::proto::put_varint(&mut enc, v as u64);
                    write_bytes(&mut buf, offset, &enc);
                }
                Place::SuffixLen { offset } => {
                    let kind = ValueKind::Int {
                        bits: 32,
                        signed: true,
                    };
                    let c = solve_slot(alt, &prefix, kind);
                    let c: Vec<i128> = c.iter().filter_map(Lit::as_int).collect();
                    lens.push((offset, prefix, c));
                }
                Place::Range { .. } => {}
            }
        }
        let total = size(alt, buf.len().max(min), &lens)?;
        buf.resize(total, 0);
        for d in &self.derived {
            self.derive(&mut buf, d, false);
        }
        let mut out = vec![buf.clone()];
        for d in &self.derived {
            let mut broken = buf.clone();
            if self.derive(&mut broken, d, true) && !out.contains(&broken) {
                out.push(broken);
            }
        }
        Some(out)
    }

    /// Writes the value of a derived field from the bytes it covers.
    /// With `wrong`, the value plus one. False when the field is not in the frame.
    fn derive(&self, buf: &mut Vec<u8>, d: &Derived, wrong: bool) -> bool {
        let Some((Place::Range { offset, end }, _)) = self.range_of(&d.source) else {
            return false;
        };
        let end = end.unwrap_or(buf.len()).min(buf.len());
        if offset > end {
            return false;
        }
        let src = &buf[offset..end];
        let v: u64 = match d.derivation {
            Derivation::Length => src.len() as u64,
            Derivation::Crc32Ieee => {
                u64::from(crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC).checksum(src))
            }
            Derivation::Crc32Castagnoli => {
                u64::from(crc::Crc::<u32>::new(&crc::CRC_32_ISCSI).checksum(src))
            }
            Derivation::Adler32 => u64::from(adler2::adler32_slice(src)),
            Derivation::Crc64Iso => crc::Crc::<u64>::new(&crc::CRC_64_GO_ISO).checksum(src),
            Derivation::Crc64Ecma => crc::Crc::<u64>::new(&crc::CRC_64_XZ).checksum(src),
        };
        if let Some((
            Place::Int {
                offset, size, big, ..
            },
            _,
        )) = self.place(&d.target)
        {
            if offset + size <= buf.len() {
                write_int(buf, offset, size, big, i128::from(v) + i128::from(wrong));
                return true;
            }
        }
        false
    }

    fn range_of(&self, a: &Access) -> Option<(Place, Access)> {
        (a.root == self.root).then_some(())?;
        Some((place_in_root(&a.steps)?, a.clone()))
    }

    fn add_magic(&mut self, fact: &Fact) {
        let Fact::Cmp {
            access,
            op: CmpOp::Eq | CmpOp::Ne,
            lit,
        } = fact
        else {
            return;
        };
        let (Some((Place::Int { size, big, .. }, _)), Some(v)) = (self.place(access), lit.as_int())
        else {
            return;
        };
        // Zero is a length or count check, not a magic value.
        if size < 2 || v == 0 {
            return;
        }
        let mut b = Vec::new();
        write_int(&mut b, 0, size, big, v);
        if !self.magic.contains(&b) {
            self.magic.push(b);
        }
    }

    /// Dictionary tokens: the magic values as they appear on the wire.
    pub fn tokens(&self) -> Vec<Vec<u8>> {
        self.magic.clone()
    }
}

/// The frame length: at least `needed`; each `len(b[k:])` fact met by the length reached so
/// far when it allows it, else by the smallest candidate length above it (else the first).
fn size(alt: &[Fact], needed: usize, lens: &[(usize, Access, Vec<i128>)]) -> Option<usize> {
    let mut total = needed;
    for (offset, prefix, cands) in lens {
        let here = i128::try_from(total.saturating_sub(*offset)).ok()?;
        let mut exact = alt.to_vec();
        exact.push(Fact::Cmp {
            access: prefix.clone(),
            op: CmpOp::Eq,
            lit: Lit::Int(here),
        });
        let kind = ValueKind::Int {
            bits: 32,
            signed: true,
        };
        if total >= *offset && !solve_slot(&exact, prefix, kind).is_empty() {
            continue;
        }
        let fits = |c: &i128| usize::try_from(*c).ok().map(|c| offset + c);
        total = cands
            .iter()
            .filter_map(fits)
            .filter(|t| *t >= total)
            .min()
            .or_else(|| cands.iter().filter_map(fits).next())?;
    }
    (total <= MAX_FRAME).then_some(total)
}

fn is_range(p: Place) -> bool {
    matches!(p, Place::Range { .. })
}

fn write_bytes(buf: &mut Vec<u8>, offset: usize, b: &[u8]) {
    if buf.len() < offset + b.len() {
        buf.resize(offset + b.len(), 0);
    }
    buf[offset..offset + b.len()].copy_from_slice(b);
}

/// `v` as a `size`-byte integer (two's complement) in the given byte order.
fn write_int(buf: &mut Vec<u8>, offset: usize, size: usize, big: bool, v: i128) {
    let le = (v as u128).to_le_bytes();
    let mut b = le[..size].to_vec();
    if big {
        b.reverse();
    }
    write_bytes(buf, offset, &b);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraints::mine;

    const BLOB: &str = "package p\n\nimport (\n\t\"encoding/binary\"\n\t\"hash/adler32\"\n\t\"hash/crc64\"\n)\n\nvar isoTable = crc64.MakeTable(crc64.ISO)\n\nfunc Blob(b []byte) string {\n\tif len(b) < 12 {\n\t\treturn \"short\"\n\t}\n\tbody := b[12:]\n\tif adler32.Checksum(body) != binary.LittleEndian.Uint32(b[0:4]) {\n\t\treturn \"adler\"\n\t}\n\tif crc64.Checksum(body, isoTable) != binary.LittleEndian.Uint64(b[4:12]) {\n\t\treturn \"crc\"\n\t}\n\tif len(body) >= 2 && binary.LittleEndian.Uint16(body[0:2]) == 0xCAFE {\n\t\treturn \"tagged\"\n\t}\n\treturn \"plain\"\n}\n";

    fn package(file: &crate::index::GoFile) -> Package<'_> {
        Package {
            types: &file.types,
            consts: &file.consts,
            vars: &file.vars,
        }
    }

    /// The guard of the last `if` of `Blob` and every earlier one negated, as one alternative.
    #[test]
    fn blob_frames_carry_the_tag_and_both_checksums() {
        let file = crate::syntax::parse_source(BLOB);
        let pkg = package(&file);
        let f = &file.functions[0];
        let spec = detect(f, "b", pkg).expect("a frame spec");
        let kinds: Vec<Derivation> = spec.derived.iter().map(|d| d.derivation).collect();
        assert_eq!(kinds, vec![Derivation::Adler32, Derivation::Crc64Iso]);
        let conds: Vec<(Expr, CoverPosOf)> = f
            .regions
            .iter()
            .filter_map(|r| match &r.guard {
                Guard::IfThen { cond } => Some((cond.clone(), r.range.start)),
                _ => None,
            })
            .collect();
        let mut alt = Vec::new();
        for (i, (c, at)) in conds.iter().enumerate() {
            let ctx = Context::new(f, pkg.consts, pkg.vars).at(*at);
            let want = i + 1 == conds.len();
            alt.extend(mine(c, want, &ctx).remove(0));
        }
        let frames = spec.build(&alt, &Access::root("b")).expect("frames");
        let b = &frames[0];
        assert_eq!(&b[12..14], &[0xFE, 0xCA], "{alt:?}");
        let body = &b[12..];
        assert_eq!(b[0..4], adler2::adler32_slice(body).to_le_bytes());
        let crc = crc::Crc::<u64>::new(&crc::CRC_64_GO_ISO).checksum(body);
        assert_eq!(b[4..12], crc.to_le_bytes());
        assert_eq!(frames.len(), 3, "valid, adler wrong, crc wrong");
    }

    type CoverPosOf = crate::span::CoverPos;
}
