//! libFuzzer / AFL dictionaries: one entry a line, `name="value"` or `"value"`, `#` comments.
//!
//! Inside the quotes only printable ASCII appears; `\` and `"` are escaped as `\\` and `\"`,
//! every other byte as `\xhh` (lower-case hex, as libFuzzer itself prints entries). `\n`-style escapes are never written: libFuzzer
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
                let _ = write!(out, "\\x{b:02x}");
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
    let mut out = format!(
        "{}\n# Fuzzing dictionary written by heatseed (libFuzzer/AFL format).\n",
        crate::writers::fsio::GENERATED_MARKER_HASH
    );
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
            r#""\x0a\x0d\x09\x00\x7f\xff""#
        );
        assert_eq!(encode_dict_entry(Some("a b-c"), b"x"), r#"a_b_c="x""#);
        assert_eq!(encode_dict_entry(Some(""), b"x"), r#""x""#);
        assert_eq!(encode_dict_entry(None, "é".as_bytes()), r#""\xc3\xa9""#);
        assert_eq!(
            encode_dict_entry(None, b"\xde\xad\xbe\xef"),
            r#""\xde\xad\xbe\xef""#
        );
    }

    /// libFuzzer's `ParseOneDictionaryEntry` (FuzzerUtil.cpp), re-stated: trim, last char `"`,
    /// value starts after the first `"`, only printable/space bytes, escapes `\\`, `\"`,
    /// `\xHH`; fewer than 3 chars is an error.
    fn libfuzzer_parse(line: &str) -> Option<Vec<u8>> {
        let s = line.trim().as_bytes();
        if s.len() < 3 || *s.last()? != b'"' {
            return None;
        }
        let open = s.iter().position(|&b| b == b'"')?;
        if open >= s.len() - 1 {
            return None;
        }
        let body = &s[open + 1..s.len() - 1];
        let mut out = Vec::new();
        let mut i = 0;
        while i < body.len() {
            let v = body[i];
            if !((0x20..=0x7e).contains(&v) || matches!(v, b'\t' | b'\n' | 0x0b | 0x0c | b'\r')) {
                return None;
            }
            if v == b'\\' {
                match body.get(i + 1) {
                    Some(&c @ (b'\\' | b'"')) => {
                        out.push(c);
                        i += 2;
                        continue;
                    }
                    Some(b'x') if i + 3 < body.len() => {
                        let h = &body[i + 2..i + 4];
                        if !h.iter().all(u8::is_ascii_hexdigit) {
                            return None;
                        }
                        let h = std::str::from_utf8(h).ok()?;
                        out.push(u8::from_str_radix(h, 16).ok()?);
                        i += 4;
                        continue;
                    }
                    _ => return None,
                }
            }
            out.push(v);
            i += 1;
        }
        Some(out)
    }

    #[test]
    fn libfuzzer_reads_back_every_byte() {
        let mut tokens: Vec<Vec<u8>> = (0u8..=255).map(|b| vec![b]).collect();
        tokens.push(b"a\\x41\"b".to_vec());
        tokens.push((0u8..=255).rev().take(64).collect());
        for t in tokens {
            for name in [None, Some("kw")] {
                let line = encode_dict_entry(name, &t);
                assert_eq!(libfuzzer_parse(&line), Some(t.clone()), "{line}");
            }
        }
    }

    #[test]
    fn dict_is_deduplicated_sorted_and_commented() {
        let long = vec![b'a'; MAX_TOKEN_LEN + 1];
        let d = write_dict([&b"zz"[..], b"admin", b"zz", b"", &long, b"\x00"]);
        assert_eq!(
            d,
            "# Code generated by heatseed. DO NOT EDIT.\n\
             # Fuzzing dictionary written by heatseed (libFuzzer/AFL format).\n\
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
