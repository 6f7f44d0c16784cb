//! Source text with its heat: every profile block of a file becomes one `<span>` carrying a
//! colour level for each of the three views (test heat, after seeds, after fuzzing), its
//! counts in the hover title, and a mark when `--coverdir` heat reached it.
//!
//! Coordinates: blocks are 1-based lines and 1-based byte columns as in the profile; they are
//! converted to byte offsets in one place ([`LineIndex::offset`]), clamped to the line and to a
//! UTF-8 character boundary, so a block that does not fit the text never panics.

use super::esc;
use crate::run::summary::{BlockReport, FileReport};
use std::fmt::Write as _;

/// The three heat views, in toggle order.
pub(super) const VIEWS: [(&str, &str); 3] = [
    ("t", "test heat"),
    ("s", "after seeds"),
    ("f", "after fuzzing"),
];

/// Hit counts of a block in each view: the tests alone, tests plus seed replay, tests plus
/// the fuzzing phase (whose count already includes the seeds).
pub(super) fn view_counts(b: &BlockReport) -> [u64; 3] {
    [
        b.test_count,
        b.test_count.saturating_add(b.seeds_count),
        b.test_count.saturating_add(b.fuzz_count),
    ]
}

/// Colour level of a count like `go tool cover -html`: 0 cold, 1..=5 green shades on a log
/// scale up to the file's largest count.
pub(super) fn level(count: u64, max: u64) -> u8 {
    if count == 0 {
        return 0;
    }
    if max <= 1 {
        return 5;
    }
    let norm = (count as f64).ln() / (max as f64).ln();
    (1 + (norm * 4.0).floor() as i64).clamp(1, 5) as u8
}

/// Byte offsets of line starts in a source text.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// Byte offset of 1-based `line`, 1-based byte `col`, clamped into the text.
    fn offset(&self, line: u32, col: u32) -> usize {
        let li = (line.max(1) as usize - 1).min(self.starts.len() - 1);
        let line_end = self
            .starts
            .get(li + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let mut at = (self.starts[li] + col.max(1) as usize - 1).min(line_end);
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// Number of lines as an editor shows them (a final newline opens no extra line).
    fn line_count(&self) -> usize {
        let n = self.starts.len();
        if n > 1 && self.starts[n - 1] == self.text.len() {
            n - 1
        } else {
            n
        }
    }
}

/// The `<pre>` body of a file: plain text between blocks, one span per block.
pub(super) fn source_html(f: &FileReport) -> String {
    let idx = LineIndex::new(&f.source);
    let max = f.blocks.iter().flat_map(view_counts).max().unwrap_or(0);
    let mut spans: Vec<(usize, usize, &BlockReport)> = f
        .blocks
        .iter()
        .map(|b| {
            let s = idx.offset(b.start_line, b.start_col);
            let e = idx.offset(b.end_line, b.end_col).max(s);
            (s, e, b)
        })
        .collect();
    spans.sort_by_key(|&(s, e, _)| (s, e));
    let mut out = String::with_capacity(f.source.len() * 2);
    let mut cursor = 0;
    for (s, e, b) in spans {
        let s = s.max(cursor);
        let e = e.max(s);
        out.push_str(&esc(&f.source[cursor..s]));
        block_span(&mut out, b, max, &f.source[s..e]);
        cursor = e;
    }
    out.push_str(&esc(&f.source[cursor..]));
    out
}

/// One block: `<span class="b t0 s2 f3 p" title="...">text</span>`.
fn block_span(out: &mut String, b: &BlockReport, max: u64, text: &str) {
    let counts = view_counts(b);
    let _ = write!(out, "<span class=\"b");
    for ((key, _), c) in VIEWS.iter().zip(counts) {
        let _ = write!(out, " {key}{}", level(c, max));
    }
    if b.coverdir_count > 0 {
        out.push_str(" p");
    }
    let _ = write!(
        out,
        "\" title=\"{}\">{}</span>",
        esc(&block_title(b)),
        esc(text)
    );
}

/// Hover text of a block: where, how many statements, every count.
pub(super) fn block_title(b: &BlockReport) -> String {
    let mut t = format!(
        "lines {}.{}-{}.{}, {} statement{}: test {}, seeds {}, fuzzing {}",
        b.start_line,
        b.start_col,
        b.end_line,
        b.end_col,
        b.statements,
        if b.statements == 1 { "" } else { "s" },
        b.test_count,
        b.seeds_count,
        b.fuzz_count,
    );
    if b.coverdir_count > 0 {
        let _ = write!(t, ", coverdir {}", b.coverdir_count);
    }
    t
}

/// The line-number gutter of a file, each number an anchor `{id}-L{n}`.
pub(super) fn gutter_html(f: &FileReport, id: &str) -> String {
    let n = LineIndex::new(&f.source).line_count();
    let mut out = String::with_capacity(n * 24);
    for line in 1..=n {
        let _ = writeln!(
            out,
            "<a id=\"{id}-L{line}\" href=\"#{id}-L{line}\">{line}</a>"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(sl: u32, sc: u32, el: u32, ec: u32, test: u64) -> BlockReport {
        BlockReport {
            start_line: sl,
            start_col: sc,
            end_line: el,
            end_col: ec,
            statements: 1,
            test_count: test,
            coverdir_count: 0,
            seeds_count: 0,
            fuzz_count: 0,
        }
    }

    fn file(source: &str, blocks: Vec<BlockReport>) -> FileReport {
        FileReport {
            path: "a.go".into(),
            source: source.into(),
            blocks,
        }
    }

    #[test]
    fn levels_are_cold_then_log_scaled_shades() {
        assert_eq!(level(0, 100), 0);
        assert_eq!(level(1, 100), 1);
        assert_eq!(level(100, 100), 5);
        assert_eq!(level(10, 100), 3);
        assert_eq!(level(1, 1), 5);
        assert_eq!(level(7, 0), 5);
    }

    #[test]
    fn blocks_become_spans_and_text_between_stays_plain() {
        let f = file(
            "func f() {\n\tif x < 1 {\n\t\treturn\n\t}\n}\n",
            vec![block(1, 10, 2, 12, 4), block(2, 12, 4, 3, 0)],
        );
        let html = source_html(&f);
        assert!(
            html.starts_with("func f() <span class=\"b t5 s5 f5\""),
            "{html}"
        );
        assert!(html.contains(">{\n\tif x &lt; 1 {</span>"), "{html}");
        assert!(html.contains("<span class=\"b t0 s0 f0\""), "{html}");
        assert!(html.ends_with("</span>\n}\n"), "{html}");
    }

    #[test]
    fn blocks_past_the_line_or_inside_a_character_are_clamped() {
        // Column 3 falls inside the two-byte "é"; line 9 does not exist.
        let f = file("xé<y\n", vec![block(1, 3, 9, 99, 1)]);
        let html = source_html(&f);
        assert_eq!(
            html,
            format!(
                "x<span class=\"b t5 s5 f5\" title=\"{}\">é&lt;y\n</span>",
                esc(&block_title(&f.blocks[0]))
            )
        );
    }

    #[test]
    fn overlapping_blocks_do_not_repeat_text() {
        let f = file("abcdef", vec![block(1, 1, 1, 5, 1), block(1, 3, 1, 7, 0)]);
        let html = source_html(&f);
        let text: String = html
            .split('<')
            .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
            .collect();
        assert_eq!(text, "abcdef");
    }

    #[test]
    fn views_add_seed_and_fuzz_counts_to_test_heat() {
        let mut b = block(1, 1, 1, 2, 3);
        b.seeds_count = 2;
        b.fuzz_count = 7;
        assert_eq!(view_counts(&b), [3, 5, 10]);
        b.coverdir_count = 9;
        assert!(block_title(&b).ends_with("coverdir 9"));
    }

    /// The text of `html` with tags removed and entities decoded.
    fn text_of(html: &str) -> String {
        let mut out = String::new();
        for (i, part) in html.split('<').enumerate() {
            let text = if i == 0 {
                part
            } else {
                part.split_once('>').map_or("", |(_, t)| t)
            };
            out.push_str(text);
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    proptest::proptest! {
        /// Any blocks over any text (out of range, inside characters, overlapping, reversed):
        /// no panic, every character once, in order, and no raw markup from the text.
        #[test]
        fn any_blocks_keep_the_text_exactly(
            source in "[a-zé<>&\"'\n\t]{0,40}",
            raw in proptest::collection::vec((0u32..6, 0u32..12, 0u32..6, 0u32..12, 0u64..3), 0..6),
        ) {
            let blocks = raw.into_iter().map(|(sl, sc, el, ec, c)| block(sl, sc, el, ec, c)).collect();
            let f = file(&source, blocks);
            let html = source_html(&f);
            proptest::prop_assert_eq!(text_of(&html), source);
            proptest::prop_assert_eq!(html.matches('<').count(), html.matches('>').count());
        }
    }

    #[test]
    fn gutter_counts_editor_lines() {
        assert_eq!(
            gutter_html(&file("a\nb\n", vec![]), "f0").lines().count(),
            2
        );
        assert_eq!(gutter_html(&file("a\nb", vec![]), "f0").lines().count(), 2);
        assert_eq!(gutter_html(&file("", vec![]), "f0").lines().count(), 1);
    }
}
