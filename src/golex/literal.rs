//! Go literals as written in source and in corpus files: `strconv.Unquote` / `UnquoteChar`
//! for string and rune literals (interpreted and raw), and integer and float literals in every
//! base with `_` separators.

use super::format::{decode_rune, valid_rune, RUNE_ERROR};

/// Go's `strconv.UnquoteChar` on the body of a literal: one (possibly escaped) character.
/// Returns the value, whether it must be UTF-8 encoded (`false` for `\x` and octal escapes,
/// which stand for one byte), and the number of bytes consumed.
fn unquote_char(s: &[u8], quote: u8) -> Result<(u32, bool, usize), String> {
    let c = s[0];
    if c == quote && (quote == b'\'' || quote == b'"') {
        return Err("unescaped quote".into());
    }
    if c >= 0x80 {
        let (r, w) = decode_rune(s);
        if r == RUNE_ERROR && w == 1 {
            return Err("invalid UTF-8".into());
        }
        return Ok((r, true, w));
    }
    if c != b'\\' {
        return Ok((c as u32, true, 1));
    }
    let e = *s.get(1).ok_or("truncated escape")?;
    let simple = |v: u8| Ok((v as u32, true, 2));
    match e {
        b'a' => simple(0x07),
        b'b' => simple(0x08),
        b'f' => simple(0x0C),
        b'n' => simple(0x0A),
        b'r' => simple(0x0D),
        b't' => simple(0x09),
        b'v' => simple(0x0B),
        b'\\' => simple(b'\\'),
        b'\'' | b'"' if e == quote => simple(e),
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let hex = s.get(2..2 + n).ok_or("truncated escape")?;
            let hex = std::str::from_utf8(hex).map_err(|_| "bad hex escape")?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!("bad hex escape {hex:?}"));
            }
            let v = u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
            if e == b'x' {
                return Ok((v, false, 2 + n));
            }
            if !valid_rune(v as i64) {
                return Err(format!("escape \\{}{hex} is not a valid rune", e as char));
            }
            Ok((v, true, 2 + n))
        }
        b'0'..=b'7' => {
            let oct = s.get(1..4).ok_or("truncated octal escape")?;
            if !oct.iter().all(|b| (b'0'..=b'7').contains(b)) {
                return Err("bad octal escape".into());
            }
            let v = oct.iter().fold(0u32, |a, &b| a * 8 + (b - b'0') as u32);
            if v > 255 {
                return Err("octal escape above 255".into());
            }
            Ok((v, false, 4))
        }
        _ => Err(format!("unknown escape \\{}", e as char)),
    }
}

fn push_rune_utf8(out: &mut Vec<u8>, r: u32) {
    let c = char::from_u32(r).unwrap_or('\u{FFFD}');
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// Go's `strconv.Unquote` for a string literal: `"..."` (escapes) or `` `...` `` (raw, CRs
/// dropped). Returns the raw bytes.
pub fn unquote_string(lit: &[u8]) -> Result<Vec<u8>, String> {
    if lit.len() < 2 || lit[0] != lit[lit.len() - 1] {
        return Err("unterminated string literal".into());
    }
    let body = &lit[1..lit.len() - 1];
    match lit[0] {
        b'`' => {
            if body.contains(&b'`') {
                return Err("backquote inside raw string".into());
            }
            if std::str::from_utf8(body).is_err() {
                return Err("invalid UTF-8 in raw string".into());
            }
            Ok(body.iter().copied().filter(|&b| b != b'\r').collect())
        }
        b'"' => {
            let mut out = Vec::with_capacity(body.len());
            let mut i = 0;
            while i < body.len() {
                if body[i] == b'\n' {
                    return Err("newline in string literal".into());
                }
                let (v, multibyte, n) = unquote_char(&body[i..], b'"')?;
                if multibyte {
                    push_rune_utf8(&mut out, v);
                } else {
                    out.push(v as u8);
                }
                i += n;
            }
            Ok(out)
        }
        _ => Err("not a string literal".into()),
    }
}

/// A character literal `'x'` / `'\n'` / `'\xff'` → its code point (a `\x` or octal escape
/// gives the byte value).
pub fn unquote_char_lit(lit: &[u8]) -> Result<u32, String> {
    if lit.len() < 3 || lit[0] != b'\'' || lit[lit.len() - 1] != b'\'' {
        return Err("malformed character literal".into());
    }
    let body = &lit[1..lit.len() - 1];
    let (v, _, n) = unquote_char(body, b'\'')?;
    if n != body.len() {
        return Err("more than one character in character literal".into());
    }
    Ok(v)
}

/// The text of a string literal (an import path, a go.mod token): `strconv.Unquote`, invalid
/// UTF-8 replaced; a malformed literal gives what lies between its quotes, as written.
pub fn string_lit_text(lit: &[u8]) -> String {
    match unquote_string(lit) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(_) => {
            let body = match lit.first() {
                Some(b'"' | b'`') => {
                    let closed = lit.len() > 1 && lit.last() == lit.first();
                    &lit[1..if closed { lit.len() - 1 } else { lit.len() }]
                }
                _ => lit,
            };
            String::from_utf8_lossy(body).into_owned()
        }
    }
}

/// A Go integer literal as written (`0x7f`, `1_000`, `0o17`, `017`, `0b101`), without sign.
pub fn parse_int_lit(text: &str) -> Option<i128> {
    let t: String = text.chars().filter(|&c| c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let (radix, digits) = if let Some(r) = lower.strip_prefix("0x") {
        (16, r)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (8, r)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (2, r)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    i128::from_str_radix(digits, radix).ok()
}

/// A decimal Go float literal as written (`1.5`, `1e9`, `1_000.5`); hex floats give None.
pub fn parse_float_lit(text: &str) -> Option<f64> {
    let t: String = text.chars().filter(|&c| c != '_').collect();
    if t.to_ascii_lowercase().starts_with("0x") {
        return None;
    }
    t.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquote_like_go() {
        assert_eq!(unquote_string(br#""\x00\xff""#).unwrap(), b"\x00\xff");
        assert!(unquote_string(br#""\u00e9\101\'""#).is_err());
        assert_eq!(unquote_string(br#""\u00e9\101""#).unwrap(), "éA".as_bytes());
        assert_eq!(unquote_string(b"`a\\n\rb`").unwrap(), b"a\\nb");
        assert!(unquote_string(br#""\ud800""#).is_err());
        assert!(unquote_string(br#""\400""#).is_err());
        assert_eq!(unquote_char_lit(br"'\''").unwrap(), '\'' as u32);
        assert_eq!(unquote_char_lit("'ÿ'".as_bytes()).unwrap(), 0xFF);
        assert_eq!(unquote_char_lit(br"'\xff'").unwrap(), 0xFF);
        assert!(unquote_char_lit(br"'ab'").is_err());
        assert!(unquote_char_lit(br#"'\"'"#).is_err());
    }

    #[test]
    fn int_literals_in_every_base() {
        assert_eq!(parse_int_lit("0x7f"), Some(127));
        assert_eq!(parse_int_lit("0X7F"), Some(127));
        assert_eq!(parse_int_lit("1_000"), Some(1000));
        assert_eq!(parse_int_lit("0o17"), Some(15));
        assert_eq!(parse_int_lit("017"), Some(15));
        assert_eq!(parse_int_lit("0b101"), Some(5));
        assert_eq!(parse_int_lit("0"), Some(0));
        assert_eq!(
            parse_int_lit("18446744073709551615"),
            Some(u64::MAX as i128)
        );
        assert_eq!(parse_int_lit("0x"), None);
        assert_eq!(parse_float_lit("1e309"), Some(f64::INFINITY));
        assert_eq!(parse_float_lit("1_000.5"), Some(1000.5));
        assert_eq!(parse_float_lit("0x1p-2"), None);
    }

    #[test]
    fn source_string_and_rune_literals_decode_go_escapes() {
        assert_eq!(
            unquote_string(br#""a\n\x41\u00e9\377\"""#).unwrap(),
            b"a\nA\xc3\xa9\xff\"".to_vec()
        );
        assert_eq!(unquote_string(b"`a\\n\r`").unwrap(), b"a\\n".to_vec());
        assert_eq!(unquote_char_lit(b"'#'"), Ok('#' as u32));
        assert_eq!(unquote_char_lit(br"'\n'"), Ok(10));
        assert_eq!(unquote_char_lit(br"'\x7f'"), Ok(0x7f));
        assert_eq!(unquote_char_lit("'é'".as_bytes()), Ok(0xe9));
    }

    #[test]
    fn string_lit_text_unquotes_and_keeps_malformed_bodies() {
        assert_eq!(string_lit_text(br#""net/http""#), "net/http");
        assert_eq!(string_lit_text(b"`a/b`"), "a/b");
        assert_eq!(string_lit_text(br#""a\"b""#), "a\"b");
        assert_eq!(string_lit_text(br#""bad\q""#), "bad\\q");
        assert_eq!(string_lit_text(br#""open"#), "open");
    }
}
