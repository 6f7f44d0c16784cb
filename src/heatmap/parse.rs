//! Reader for Go text coverage profiles (`go test -coverprofile`, `go tool covdata textfmt`).
//!
//! Responsible for turning the bytes of ONE profile file into a [`RawProfile`]: the mode and every
//! block line as written, each with its 1-based profile line number. Nothing is merged or sorted
//! here (see [`super::merge`]).
//!
//! Format: line 1 is `mode: set|count|atomic`, then one block per line,
//! `FILE:STARTLINE.STARTCOL,ENDLINE.ENDCOL NUMSTMT COUNT`. Each block line is parsed from the END
//! (COUNT, NUMSTMT, then the range after the LAST `:`), so file names may hold spaces, commas,
//! dots and colons (`C:\work\x.go:3.1,4.2 1 0` is legal).
//!
//! Stricter than `golang.org/x/tools/cover` where data could be misread (unknown modes, a second
//! `mode:` line of another mode, `+5`, zero line numbers, a start after the end, overflow), kinder
//! where intent is clear, and then it says what it did in [`RawProfile::notes`]:
//! - a second `mode:` line of the SAME mode (`cat a.out b.out`) is accepted;
//! - CRLF line endings and a UTF-8 byte-order mark are accepted.
//!
//! Never panics; one allocation per block line at most (the file name, reused from the previous
//! line when equal).

use super::{Mode, RawBlock, RawProfile};
use crate::error::{Error, Result};
use crate::span::{CoverPos, CoverRange};
use std::path::Path;

/// Longest offending text kept in a [`Error::ProfileSyntax`], in characters.
const MAX_ERROR_TEXT: usize = 120;

/// Reads and parses the profile file at `path`.
pub fn read_profile(path: &Path) -> Result<RawProfile> {
    let bytes = read_regular_file(path)?;
    parse_profile(path, &bytes)
}

/// The bytes of `path`, which must be a regular file (after symlinks): a FIFO, socket, device
/// or directory is an input error, checked before opening so a FIFO never blocks the run.
pub fn read_regular_file(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::Input {
            path: path.to_path_buf(),
            message: format!("not a regular file ({})", file_kind(&meta.file_type())),
        });
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

fn file_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Parses the bytes of one text coverage profile. `path` is only used in errors and in the result.
pub fn parse_profile(path: &Path, bytes: &[u8]) -> Result<RawProfile> {
    let mut notes = Vec::new();
    let bytes = strip_bom(path, bytes, &mut notes)?;
    let mut lines = Lines::new(bytes);
    let (first, _) = lines.next().unwrap_or((&[][..], false));
    let mode = first_line_mode(path, bytes, first)?;
    let first_crlf = lines.last_had_cr;
    let body = read_blocks(path, bytes, lines, mode)?;
    notes.extend(concatenated_note(&body.extra_modes, mode));
    if first_crlf || body.crlf {
        notes.push("CRLF line endings accepted".to_string());
    }
    Ok(RawProfile {
        path: path.to_path_buf(),
        mode,
        blocks: body.blocks,
        notes,
    })
}

/// An empty profile is an error; a UTF-8 byte-order mark is skipped (with a note).
fn strip_bom<'a>(path: &Path, bytes: &'a [u8], notes: &mut Vec<String>) -> Result<&'a [u8]> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Profile {
            path: path.to_path_buf(),
            message: "empty profile (no mode: line)".into(),
        });
    }
    Ok(match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => {
            notes.push("skipped a UTF-8 byte-order mark at the start".to_string());
            rest
        }
        None => bytes,
    })
}

/// The `mode:` of the first line; binary data there (a GOCOVERDIR file, UTF-16 text) is refused
/// with a hint.
fn first_line_mode(path: &Path, bytes: &[u8], first: &[u8]) -> Result<Mode> {
    if first.contains(&0) || std::str::from_utf8(first).is_err() {
        let utf16 = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            " (it looks like UTF-16 text: re-save it as UTF-8)"
        } else {
            ""
        };
        return Err(Error::Profile {
            path: path.to_path_buf(),
            message: format!(
                "not a text coverage profile: binary data in the first line{utf16}; \
                 for binary GOCOVERDIR data run `go tool covdata textfmt -i=DIR -o=cover.out` first"
            ),
        });
    }
    parse_mode_line(first).map_err(|message| syntax_error(path, 1, first, message))
}

fn syntax_error(path: &Path, line: usize, text: &[u8], message: String) -> Error {
    Error::ProfileSyntax {
        path: path.to_path_buf(),
        line,
        message,
        text: error_text(text),
    }
}

/// The block lines after the first line.
struct Body {
    blocks: Vec<RawBlock>,
    /// Line numbers of repeated `mode:` lines (concatenated profiles of the same mode).
    extra_modes: Vec<usize>,
    crlf: bool,
}

fn read_blocks(path: &Path, bytes: &[u8], mut lines: Lines, mode: Mode) -> Result<Body> {
    let syntax =
        |line: usize, text: &[u8], message: String| syntax_error(path, line, text, message);
    // Exact capacity: growing a Vec of ~a million blocks would copy it several times.
    let line_count = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut body = Body {
        blocks: Vec::with_capacity(line_count.saturating_sub(1)),
        extra_modes: Vec::new(),
        crlf: false,
    };
    let mut line_no = 1usize;
    // The previous block's file name, reused (cloned) when the next line names the same file.
    let mut prev_name: Option<String> = None;
    while let Some((line, had_cr)) = lines.next() {
        line_no += 1;
        body.crlf |= had_cr;
        if line.is_empty() {
            return Err(syntax(
                line_no,
                line,
                "blank line (a profile has exactly one block per line)".into(),
            ));
        }
        if line.starts_with(b"mode:") && !line.last().is_some_and(u8::is_ascii_digit) {
            match parse_mode_line(line) {
                Ok(m) if m == mode => {
                    body.extra_modes.push(line_no);
                    continue;
                }
                Ok(m) => {
                    return Err(syntax(
                        line_no,
                        line,
                        format!(
                            "mixed coverage modes: line 1 says `mode: {}`, this line says \
                             `mode: {}` (profiles of different modes cannot be combined)",
                            mode.as_str(),
                            m.as_str()
                        ),
                    ))
                }
                Err(message) => return Err(syntax(line_no, line, message)),
            }
        }
        let fields = parse_block_line(line).map_err(|m| syntax(line_no, line, m))?;
        let file = match &prev_name {
            Some(prev) if prev.as_bytes() == fields.name => prev.clone(),
            _ => match std::str::from_utf8(fields.name) {
                Ok(name) => {
                    let name = name.to_string();
                    prev_name = Some(name.clone());
                    name
                }
                Err(_) => return Err(syntax(line_no, line, "file name is not valid UTF-8".into())),
            },
        };
        body.blocks.push(RawBlock {
            file,
            range: fields.range,
            num_stmt: fields.num_stmt,
            count: fields.count,
            line_no,
        });
    }
    Ok(body)
}

/// The note for concatenated profiles of one mode.
fn concatenated_note(extra_modes: &[usize], mode: Mode) -> Option<String> {
    if extra_modes.is_empty() {
        return None;
    }
    let shown: Vec<String> = extra_modes.iter().take(10).map(|l| l.to_string()).collect();
    let more = if extra_modes.len() > 10 { ", ..." } else { "" };
    Some(format!(
        "{} concatenated profiles (extra `mode: {}` lines at line {}{more}); \
         their blocks are read as one profile",
        extra_modes.len() + 1,
        mode.as_str(),
        shown.join(", "),
    ))
}

/// Line splitter: yields each line without its `\n` and without one trailing `\r`, and whether
/// it had that `\r`. A final line without `\n` is yielded; a final `\n` does not start a line.
struct Lines<'a> {
    rest: &'a [u8],
    done: bool,
    last_had_cr: bool,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            rest: bytes,
            done: bytes.is_empty(),
            last_had_cr: false,
        }
    }

    fn next(&mut self) -> Option<(&'a [u8], bool)> {
        if self.done {
            return None;
        }
        let mut line = match self.rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let line = &self.rest[..i];
                self.rest = &self.rest[i + 1..];
                self.done = self.rest.is_empty();
                line
            }
            None => {
                self.done = true;
                std::mem::take(&mut self.rest)
            }
        };
        let had_cr = line.last() == Some(&b'\r');
        if had_cr {
            line = &line[..line.len() - 1];
        }
        self.last_had_cr = had_cr;
        Some((line, had_cr))
    }
}

/// Parses `mode: set|count|atomic`.
fn parse_mode_line(line: &[u8]) -> std::result::Result<Mode, String> {
    const EXPECTED: &str =
        "a coverage profile starts with `mode: set`, `mode: count` or `mode: atomic`";
    if line.is_empty() {
        return Err(format!(
            "missing `mode:` line (blank first line): {EXPECTED}"
        ));
    }
    let Some(value) = line.strip_prefix(b"mode: ") else {
        if line.starts_with(b"mode:") {
            return Err(format!("garbled `mode:` line: {EXPECTED}"));
        }
        return Err(format!("missing `mode:` line: {EXPECTED}"));
    };
    match value {
        b"set" => Ok(Mode::Set),
        b"count" => Ok(Mode::Count),
        b"atomic" => Ok(Mode::Atomic),
        b"" => Err(format!("empty mode in `mode:` line: {EXPECTED}")),
        other => Err(format!(
            "unknown coverage mode `{}` (expected set, count or atomic)",
            error_text(other)
        )),
    }
}

/// The fields of one block line, the file name still as bytes.
#[derive(Debug)]
struct BlockFields<'a> {
    name: &'a [u8],
    range: CoverRange,
    num_stmt: u32,
    count: u64,
}

/// Parses `FILE:SL.SC,EL.EC NUMSTMT COUNT` from the end.
fn parse_block_line(line: &[u8]) -> std::result::Result<BlockFields<'_>, String> {
    const SHAPE: &str = "expected `FILE:LINE.COL,LINE.COL NUMSTMT COUNT`";
    let (rest, count) =
        split_last(line, b' ').ok_or_else(|| format!("{SHAPE}: no space before COUNT"))?;
    let (rest, num_stmt) =
        split_last(rest, b' ').ok_or_else(|| format!("{SHAPE}: no space before NUMSTMT"))?;
    if num_stmt.contains(&b':') {
        return Err(format!("{SHAPE}: missing NUMSTMT or COUNT field"));
    }
    let (name, range) = split_last(rest, b':')
        .ok_or_else(|| format!("{SHAPE}: no `:` between file name and range"))?;
    let count = parse_number(count, "COUNT", u64::MAX)?;
    let num_stmt = parse_number(num_stmt, "NUMSTMT", u32::MAX as u64)? as u32;
    let range = parse_range(range)?;
    if name.is_empty() {
        return Err("empty file name".into());
    }
    if name.contains(&0) {
        return Err("NUL byte in file name (binary data?)".into());
    }
    Ok(BlockFields {
        name,
        range,
        num_stmt,
        count,
    })
}

/// Splits at the last `sep`: (before, after).
fn split_last(s: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    let i = s.iter().rposition(|&b| b == sep)?;
    Some((&s[..i], &s[i + 1..]))
}

/// Parses `SL.SC,EL.EC`; rejects a start after the end and zero line numbers.
fn parse_range(s: &[u8]) -> std::result::Result<CoverRange, String> {
    let shape = || format!("range `{}` is not `LINE.COL,LINE.COL`", error_text(s));
    let comma = s.iter().position(|&b| b == b',').ok_or_else(shape)?;
    let start = parse_pos(&s[..comma], ["start", "start line", "start column"])
        .map_err(|e| e.unwrap_or_else(shape))?;
    let end = parse_pos(&s[comma + 1..], ["end", "end line", "end column"])
        .map_err(|e| e.unwrap_or_else(shape))?;
    if start > end {
        return Err(format!("block start {start} is after its end {end}"));
    }
    Ok(CoverRange::new(start, end))
}

/// Parses `LINE.COL`. `Err(None)` means "wrong shape" (the caller describes the whole range).
/// `what` names the position ("start"/"end"); static strings keep the happy path allocation-free.
fn parse_pos(s: &[u8], what: [&'static str; 3]) -> std::result::Result<CoverPos, Option<String>> {
    let [what, what_line, what_col] = what;
    let dot = s.iter().position(|&b| b == b'.').ok_or(None)?;
    let (line, col) = (&s[..dot], &s[dot + 1..]);
    if line.is_empty() || col.is_empty() || col.contains(&b'.') {
        return Err(None);
    }
    let line = parse_number(line, what_line, u32::MAX as u64).map_err(Some)? as u32;
    let col = parse_number(col, what_col, u32::MAX as u64).map_err(Some)? as u32;
    if line == 0 {
        return Err(Some(format!("{what} line is 0 (lines are 1-based)")));
    }
    Ok(CoverPos::new(line, col))
}

/// Parses a decimal number of ASCII digits (no sign) that must not exceed `max`.
fn parse_number(s: &[u8], what: &str, max: u64) -> std::result::Result<u64, String> {
    if s.is_empty() {
        return Err(format!("empty {what}"));
    }
    if s.len() > 1 && s[0] == b'-' && s[1..].iter().all(u8::is_ascii_digit) {
        return Err(format!(
            "negative {what} `{}` (counts and positions are unsigned)",
            error_text(s)
        ));
    }
    // Checked against `max` (<= u64::MAX) after every digit, so the u128 never overflows.
    let mut value: u128 = 0;
    for &b in s {
        if !b.is_ascii_digit() {
            return Err(format!("{what} `{}` is not a number", error_text(s)));
        }
        value = value * 10 + u128::from(b - b'0');
        if value > u128::from(max) {
            let ty = if max == u64::MAX { "u64" } else { "u32" };
            return Err(format!("{what} `{}` overflows {ty}", error_text(s)));
        }
    }
    Ok(value as u64)
}

/// The offending text for an error: lossy UTF-8, at most [`MAX_ERROR_TEXT`] characters.
fn error_text(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match text.char_indices().nth(MAX_ERROR_TEXT) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RawProfile> {
        parse_profile(Path::new("c.out"), text.as_bytes())
    }

    /// Asserts a syntax error at `line` whose message contains `needle`; returns the text.
    fn syntax_err(input: &[u8], line: usize, needle: &str) -> String {
        match parse_profile(Path::new("c.out"), input) {
            Err(Error::ProfileSyntax {
                path,
                line: l,
                message,
                text,
            }) => {
                assert_eq!(path, Path::new("c.out"));
                assert_eq!(l, line, "line of {message:?}");
                assert!(message.contains(needle), "{message:?} lacks {needle:?}");
                text
            }
            other => panic!("expected a syntax error at line {line}, got {other:?}"),
        }
    }

    fn profile_err(input: &[u8], needle: &str) {
        match parse_profile(Path::new("c.out"), input) {
            Err(Error::Profile { path, message }) => {
                assert_eq!(path, Path::new("c.out"));
                assert!(message.contains(needle), "{message:?} lacks {needle:?}");
            }
            other => panic!("expected a profile error, got {other:?}"),
        }
    }

    fn r(sl: u32, sc: u32, el: u32, ec: u32) -> CoverRange {
        CoverRange::new(CoverPos::new(sl, sc), CoverPos::new(el, ec))
    }

    #[test]
    fn parses_a_count_profile() {
        let p =
            parse("mode: count\nexample.com/a/x.go:3.14,5.2 2 7\nexample.com/a/x.go:5.2,6.3 0 0\n")
                .unwrap();
        assert_eq!(p.mode, Mode::Count);
        assert!(p.notes.is_empty());
        assert_eq!(p.blocks.len(), 2);
        let b = &p.blocks[0];
        assert_eq!(
            (b.file.as_str(), b.range, b.num_stmt, b.count, b.line_no),
            ("example.com/a/x.go", r(3, 14, 5, 2), 2, 7, 2)
        );
        assert_eq!(p.blocks[1].line_no, 3);
    }

    #[test]
    fn all_three_modes_and_no_trailing_newline() {
        assert_eq!(
            parse("mode: set\na.go:1.1,1.1 0 1").unwrap().mode,
            Mode::Set
        );
        assert_eq!(parse("mode: atomic").unwrap().mode, Mode::Atomic);
        assert!(parse("mode: atomic\n").unwrap().blocks.is_empty());
    }

    #[test]
    fn crlf_is_accepted_with_a_note() {
        let p = parse("mode: set\r\na b.go:1.2,3.4 5 1\r\n").unwrap();
        assert_eq!(p.blocks[0].file, "a b.go");
        assert_eq!(p.blocks[0].range, r(1, 2, 3, 4));
        assert!(p.notes.iter().any(|n| n.contains("CRLF")), "{:?}", p.notes);
    }

    #[test]
    fn windows_names_and_names_with_spaces_colons_commas_dots() {
        let p = parse(
            "mode: count\n\
             C:\\work\\x.go:3.1,4.2 1 0\n\
             C:/work dir/y.go:1.0,2.0 3 4\n\
             weird: name,1.2 x.go:7.7,7.9 1 18446744073709551615\n",
        )
        .unwrap();
        let names: Vec<&str> = p.blocks.iter().map(|b| b.file.as_str()).collect();
        assert_eq!(
            names,
            ["C:\\work\\x.go", "C:/work dir/y.go", "weird: name,1.2 x.go"]
        );
        // column 0 occurs with `//line` directives and is kept
        assert_eq!(p.blocks[1].range, r(1, 0, 2, 0));
        assert_eq!(p.blocks[2].count, u64::MAX);
    }

    #[test]
    fn reuses_the_previous_name_and_still_sees_a_new_one() {
        let p = parse(
            "mode: set\na.go:1.1,2.1 1 1\na.go:2.1,3.1 1 0\nab.go:1.1,2.1 1 0\na.go:9.1,9.2 1 0\n",
        )
        .unwrap();
        let names: Vec<&str> = p.blocks.iter().map(|b| b.file.as_str()).collect();
        assert_eq!(names, ["a.go", "a.go", "ab.go", "a.go"]);
    }

    #[test]
    fn empty_input_is_a_profile_error() {
        profile_err(b"", "empty profile (no mode: line)");
        profile_err(b" \n\r\n\t", "empty profile (no mode: line)");
    }

    #[test]
    fn binary_input_is_not_a_text_profile() {
        // the magic of a GOCOVERDIR covmeta file
        profile_err(b"\x00cvm\x01\x02\x03", "go tool covdata textfmt");
        profile_err(b"mode: set\xff\xfe\nx", "not a text coverage profile");
        profile_err(b"\xff\xfem\x00o\x00", "UTF-16");
    }

    #[test]
    fn missing_or_garbled_mode_line() {
        syntax_err(b"a.go:1.1,2.1 1 1\n", 1, "missing `mode:` line");
        syntax_err(b"\nmode: set\n", 1, "missing `mode:` line");
        syntax_err(b"mode:set\n", 1, "garbled `mode:` line");
        syntax_err(b"mode: \n", 1, "empty mode");
        let text = syntax_err(b"mode: sets\n", 1, "unknown coverage mode `sets`");
        assert_eq!(text, "mode: sets");
    }

    #[test]
    fn blank_line_is_an_error_with_its_line_number() {
        syntax_err(
            b"mode: set\na.go:1.1,2.1 1 1\n\na.go:3.1,4.1 1 1\n",
            3,
            "blank line",
        );
        syntax_err(b"mode: set\na.go:1.1,2.1 1 1\n\n", 3, "blank line");
        syntax_err(b"mode: set\r\n\r\n", 2, "blank line");
    }

    #[test]
    fn bad_numbers() {
        syntax_err(b"mode: set\na.go:1.1,2.1 1 -1\n", 2, "negative COUNT `-1`");
        syntax_err(b"mode: set\na.go:1.1,2.1 -3 1\n", 2, "negative NUMSTMT");
        syntax_err(b"mode: set\na.go:-1.1,2.1 1 1\n", 2, "negative start line");
        syntax_err(
            b"mode: set\na.go:1.1,2.1 1 x\n",
            2,
            "COUNT `x` is not a number",
        );
        syntax_err(
            b"mode: set\na.go:1.1,2.1 1 +5\n",
            2,
            "COUNT `+5` is not a number",
        );
        syntax_err(b"mode: set\na.go:1.1,2.1 1 \n", 2, "empty COUNT");
        syntax_err(b"mode: set\na.go:1.1,2.1  1\n", 2, "empty NUMSTMT");
        syntax_err(
            b"mode: set\na.go:1.1,2.1 1 18446744073709551616\n",
            2,
            "COUNT `18446744073709551616` overflows u64",
        );
        syntax_err(
            b"mode: set\na.go:1.1,2.1 4294967296 0\n",
            2,
            "NUMSTMT `4294967296` overflows u32",
        );
        syntax_err(
            b"mode: set\na.go:4294967296.1,2.1 1 0\n",
            2,
            "start line `4294967296` overflows u32",
        );
        syntax_err(b"mode: set\na.go:1.1,2.99999999999 1 0\n", 2, "end column");
    }

    #[test]
    fn bad_shapes() {
        syntax_err(b"mode: set\na.go:1.1,2.1 1\n", 2, "no space before NUMSTMT");
        syntax_err(b"mode: set\na.go:1.1,2.1\n", 2, "no space before COUNT");
        syntax_err(b"mode: set\nfoo\n", 2, "no space before COUNT");
        syntax_err(
            b"mode: set\na b.go:1.1,2.1 5\n",
            2,
            "missing NUMSTMT or COUNT",
        );
        syntax_err(b"mode: set\na.go 1.1,2.1 1 1\n", 2, "no `:`");
        syntax_err(
            b"mode: set\na.go:1.1;2.1 1 1\n",
            2,
            "range `1.1;2.1` is not `LINE.COL,LINE.COL`",
        );
        syntax_err(
            b"mode: set\na.go:1,2 1 1\n",
            2,
            "is not `LINE.COL,LINE.COL`",
        );
        syntax_err(
            b"mode: set\na.go:1.1.1,2.1 1 1\n",
            2,
            "is not `LINE.COL,LINE.COL`",
        );
        syntax_err(
            b"mode: set\na.go:1.1,2.1,3.1 1 1\n",
            2,
            "range `1.1,2.1,3.1` is not",
        );
        syntax_err(
            b"mode: set\na.go:.1,2.1 1 1\n",
            2,
            "is not `LINE.COL,LINE.COL`",
        );
        syntax_err(b"mode: set\na.go:0.1,2.1 1 1\n", 2, "start line is 0");
        syntax_err(b"mode: set\n:1.1,2.1 1 1\n", 2, "empty file name");
        syntax_err(b"mode: set\na\x00.go:1.1,2.1 1 1\n", 2, "NUL byte");
    }

    #[test]
    fn start_after_end() {
        syntax_err(
            b"mode: set\na.go:5.1,4.9 1 1\n",
            2,
            "block start 5.1 is after its end 4.9",
        );
        syntax_err(b"mode: set\na.go:5.3,5.2 1 1\n", 2, "after its end");
        // zero-width blocks (empty `default:`) are fine
        assert_eq!(
            parse("mode: set\na.go:5.3,5.3 0 1").unwrap().blocks.len(),
            1
        );
    }

    #[test]
    fn non_utf8_file_name_is_an_error_with_its_line() {
        let text = syntax_err(
            b"mode: set\na.go:1.1,2.1 1 1\n\xff.go:1.1,2.1 1 1\n",
            3,
            "not valid UTF-8",
        );
        assert!(text.ends_with(".go:1.1,2.1 1 1"));
    }

    #[test]
    fn long_offending_text_is_truncated() {
        let line = format!("mode: set\n{}.go:1.1,2.1 1 x\n", "é".repeat(500));
        let text = syntax_err(line.as_bytes(), 2, "not a number");
        assert_eq!(text.chars().count(), MAX_ERROR_TEXT + 3);
        assert!(text.ends_with("..."));
    }

    #[test]
    fn concatenated_profiles_of_one_mode_are_read_with_a_note() {
        let p =
            parse("mode: count\na.go:1.1,2.1 1 1\nmode: count\na.go:1.1,2.1 1 2\nmode: count\n")
                .unwrap();
        assert_eq!(p.blocks.len(), 2);
        assert_eq!(p.blocks[1].line_no, 4);
        assert_eq!(p.notes.len(), 1);
        assert!(
            p.notes[0].starts_with("3 concatenated profiles"),
            "{:?}",
            p.notes
        );
        assert!(p.notes[0].contains("line 3, 5"), "{:?}", p.notes);
    }

    #[test]
    fn a_second_mode_line_of_another_mode_is_an_error() {
        syntax_err(
            b"mode: set\na.go:1.1,2.1 1 1\nmode: count\n",
            3,
            "mixed coverage modes",
        );
        syntax_err(b"mode: set\nmode: sett\n", 2, "unknown coverage mode");
    }

    #[test]
    fn a_file_named_like_a_mode_line_is_still_a_block() {
        let p = parse("mode: set\nmode: x.go:1.1,2.1 1 1\n").unwrap();
        assert_eq!(p.blocks[0].file, "mode: x.go");
    }

    #[test]
    fn utf8_bom_is_skipped_with_a_note() {
        let p = parse_profile(
            Path::new("c.out"),
            b"\xEF\xBB\xBFmode: set\na.go:1.1,2.1 1 1\n",
        )
        .unwrap();
        assert_eq!(p.blocks.len(), 1);
        assert!(p.notes[0].contains("byte-order mark"));
    }
}
