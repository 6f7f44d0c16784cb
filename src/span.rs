//! Source coordinates, one type per coordinate system and one conversion each.
//!
//! heatseed meets three coordinate systems:
//! - [`CoverPos`]: what `cmd/cover` writes in a profile: 1-based line, 1-based column counted in
//!   BYTES. Ranges ([`CoverRange`]) are start-inclusive, end-exclusive. Column 0 can occur (a
//!   `//line` directive without a column) and is kept as is.
//! - tree-sitter's `Point`: 0-based row, 0-based byte column. Converted in
//!   the `syntax` module only (`cover_pos`), so no other module sees tree-sitter types. This
//!   module depends on nothing else in the crate.
//! - byte offsets into the file (`usize`), converted through a [`LineIndex`].

use serde::{Deserialize, Serialize};
use std::fmt;

/// A position as `cmd/cover` writes it: 1-based line, 1-based byte column.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct CoverPos {
    pub line: u32,
    pub col: u32,
}

impl CoverPos {
    pub const fn new(line: u32, col: u32) -> Self {
        CoverPos { line, col }
    }
}

impl fmt::Display for CoverPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.line, self.col)
    }
}

/// A range in cover coordinates: `start` inclusive, `end` exclusive.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct CoverRange {
    pub start: CoverPos,
    pub end: CoverPos,
}

impl CoverRange {
    pub const fn new(start: CoverPos, end: CoverPos) -> Self {
        CoverRange { start, end }
    }

    /// True when `pos` lies in `[start, end)`, or equals both ends of an empty range.
    pub fn contains(&self, pos: CoverPos) -> bool {
        (self.start <= pos && pos < self.end) || (self.start == self.end && pos == self.start)
    }

    /// True when `other` lies entirely inside `self`.
    pub fn encloses(&self, other: &CoverRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two ranges share at least one position, with `go tool cover -func`'s rule:
    /// a block that ends exactly where the other starts does not overlap it.
    pub fn overlaps(&self, other: &CoverRange) -> bool {
        other.start < self.end && self.start < other.end
    }
}

impl fmt::Display for CoverRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.start, self.end)
    }
}

/// Line-start table for one file: converts between byte offsets and [`CoverPos`].
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset at which each line starts; `starts[0] == 0`.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(src: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(
            src.iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            len: src.len(),
        }
    }

    /// Number of lines (a file ending in `\n` has an empty last line that is counted).
    pub fn line_count(&self) -> u32 {
        self.starts.len() as u32
    }

    /// Length in bytes of line `line` (1-based), without its `\n`.
    pub fn line_len(&self, line: u32) -> Option<usize> {
        let i = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self
            .starts
            .get(i + 1)
            .map(|next| next - 1)
            .unwrap_or(self.len);
        Some(end - start)
    }

    /// Byte offset of `pos`, or `None` when the position does not exist in the file.
    /// Column `len + 1` (just past the last byte of a line, where cover ends blocks) is valid;
    /// column 0 is treated as column 1.
    pub fn offset(&self, pos: CoverPos) -> Option<usize> {
        let len = self.line_len(pos.line)?;
        let col = pos.col.max(1) as usize;
        if col > len + 1 {
            return None;
        }
        Some(self.starts[pos.line as usize - 1] + col - 1)
    }

    /// The cover position of byte offset `offset` (clamped to the end of the file).
    pub fn pos(&self, offset: usize) -> CoverPos {
        let offset = offset.min(self.len);
        let i = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        CoverPos::new(i as u32 + 1, (offset - self.starts[i]) as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_through_cover_positions() {
        let src = b"package p\n\nfunc f() {}\n";
        let li = LineIndex::new(src);
        assert_eq!(li.line_count(), 4);
        assert_eq!(li.offset(CoverPos::new(3, 1)), Some(11));
        assert_eq!(li.pos(11), CoverPos::new(3, 1));
        // end-exclusive position just past the `}`
        assert_eq!(li.offset(CoverPos::new(3, 12)), Some(22));
        assert_eq!(li.offset(CoverPos::new(3, 13)), None);
        assert_eq!(li.offset(CoverPos::new(5, 1)), None);
        assert_eq!(li.pos(22), CoverPos::new(3, 12));
    }

    #[test]
    fn contains_is_half_open_but_accepts_empty_ranges() {
        let r = CoverRange::new(CoverPos::new(1, 5), CoverPos::new(2, 1));
        assert!(r.contains(CoverPos::new(1, 5)));
        assert!(r.contains(CoverPos::new(1, 99)));
        assert!(!r.contains(CoverPos::new(2, 1)));
        let empty = CoverRange::new(CoverPos::new(3, 4), CoverPos::new(3, 4));
        assert!(empty.contains(CoverPos::new(3, 4)));
    }

    #[test]
    fn overlap_excludes_touching_ranges() {
        let f = CoverRange::new(CoverPos::new(3, 1), CoverPos::new(5, 2));
        let before = CoverRange::new(CoverPos::new(1, 1), CoverPos::new(3, 1));
        let inside = CoverRange::new(CoverPos::new(3, 10), CoverPos::new(4, 2));
        let after = CoverRange::new(CoverPos::new(5, 2), CoverPos::new(6, 1));
        assert!(!f.overlaps(&before));
        assert!(f.overlaps(&inside));
        assert!(!f.overlaps(&after));
    }
}
