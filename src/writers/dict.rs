//! libFuzzer / AFL dictionaries: one entry a line, `name="value"` or `"value"`, `#` comments.
//!
//! Inside the quotes only printable ASCII appears; `\` and `"` are escaped as `\\` and `\"`,
//! every other byte as `\xHH` (upper-case hex). `\n`-style escapes are never written: libFuzzer
//! aborts parsing on them. Names keep `[A-Za-z0-9_]` only (what AFL accepts), other characters
//! become `_`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

/// libFuzzer drops dictionary entries longer than this (AFL's limit is 128).
pub const MAX_TOKEN_LEN: usize = 64;

/// One dictionary line without the newline: `name="value"` or `"value"`.
pub fn encode_dict_entry(name: Option<&str>, token: &[u8]) -> String {
    let mut out = String::with_capacity(token.len() + 2);
    if let Some(name) = name.filter(|n| !n.is_empty()) {
        out.extend(name.chars().map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        }));
        out.push('=');
    }
    out.push('"');
    for &b in token {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            0x20..=0x7E => out.push(b as char),
            _ => {
                let _ = write!(out, "\\x{b:02X}");
            }
        }
    }
    out.push('"');
    out
}

/// A whole dictionary: a `#` comment header, then the tokens deduplicated and sorted by bytes.
/// Empty tokens and tokens longer than [`MAX_TOKEN_LEN`] are left out (libFuzzer would reject
/// or drop them); the header says how many.
pub fn write_dict<T: AsRef<[u8]>>(tokens: impl IntoIterator<Item = T>) -> String {
    let mut kept = BTreeSet::new();
    let mut skipped = BTreeSet::new();
    for t in tokens {
        let t = t.as_ref();
        if t.is_empty() || t.len() > MAX_TOKEN_LEN {
            skipped.insert(t.to_vec());
        } else {
            kept.insert(t.to_vec());
        }
    }
    let mut out =
        String::from("# Fuzzing dictionary written by heatseed (libFuzzer/AFL format).\n");
    let _ = writeln!(out, "# {} token(s).", kept.len());
    if !skipped.is_empty() {
        let _ = writeln!(
            out,
            "# {} token(s) left out: empty or longer than {MAX_TOKEN_LEN} bytes.",
            skipped.len()
        );
    }
    for t in &kept {
        out.push_str(&encode_dict_entry(None, t));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_escape_everything_but_printable_ascii() {
        assert_eq!(encode_dict_entry(None, b"admin"), r#""admin""#);
        assert_eq!(
            encode_dict_entry(Some("kw1"), b"a\"b\\c"),
            r#"kw1="a\"b\\c""#
        );
        assert_eq!(
            encode_dict_entry(None, b"\n\r\t\x00\x7f\xff"),
            r#""\x0A\x0D\x09\x00\x7F\xFF""#
        );
        assert_eq!(encode_dict_entry(Some("a b-c"), b"x"), r#"a_b_c="x""#);
        assert_eq!(encode_dict_entry(Some(""), b"x"), r#""x""#);
        assert_eq!(encode_dict_entry(None, "é".as_bytes()), r#""\xC3\xA9""#);
        assert_eq!(
            encode_dict_entry(None, b"\xde\xad\xbe\xef"),
            r#""\xDE\xAD\xBE\xEF""#
        );
    }

    #[test]
    fn dict_is_deduplicated_sorted_and_commented() {
        let long = vec![b'a'; MAX_TOKEN_LEN + 1];
        let d = write_dict([&b"zz"[..], b"admin", b"zz", b"", &long, b"\x00"]);
        assert_eq!(
            d,
            "# Fuzzing dictionary written by heatseed (libFuzzer/AFL format).\n\
             # 3 token(s).\n\
             # 2 token(s) left out: empty or longer than 64 bytes.\n\
             \"\\x00\"\n\"admin\"\n\"zz\"\n"
        );
        for line in d.lines() {
            assert!(line.starts_with('#') || line.starts_with('"'));
            assert!(line.bytes().all(|b| (0x20..0x7f).contains(&b)));
        }
    }
}
