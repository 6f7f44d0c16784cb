//! Go struct tags, read exactly as Go reads them: `reflect.StructTag.Lookup` (conventional
//! `key:"value"` pairs separated by spaces, the value unquoted with `strconv.Unquote`'s rules)
//! and `encoding/json`'s choice of a member name. A leaf module: any stage may use it.
//!
//! One approximation: `encoding/json` accepts a name character when it is a Unicode letter or
//! digit (`unicode.IsLetter`/`IsDigit`); here that is `char::is_alphabetic` / decimal digits
//! (`char::is_numeric` for non-ASCII), identical on ASCII.

/// The tag's text from its Go literal (`` `json:"a"` `` or `"json:\"a\""`), as
/// `reflect.StructField.Tag` holds it. `None` when the literal is not a valid string literal.
pub fn tag_from_literal(lit: &str) -> Option<String> {
    if let Some(raw) = lit.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        // Raw string literals drop carriage returns.
        return Some(raw.replace('\r', ""));
    }
    unquote(lit)
}

/// `reflect.StructTag(tag).Lookup(key)`.
pub fn lookup(tag: &str, key: &str) -> Option<String> {
    let mut t = tag.as_bytes();
    while !t.is_empty() {
        let skip = t.iter().take_while(|&&b| b == b' ').count();
        t = &t[skip..];
        if t.is_empty() {
            break;
        }
        let i = t
            .iter()
            .take_while(|&&b| b > b' ' && b != b':' && b != b'"' && b != 0x7f)
            .count();
        if i == 0 || i + 1 >= t.len() || t[i] != b':' || t[i + 1] != b'"' {
            break;
        }
        let name = &t[..i];
        t = &t[i + 1..];
        // The quoted value: up to the next unescaped quote.
        let mut j = 1;
        while j < t.len() && t[j] != b'"' {
            if t[j] == b'\\' {
                j += 1;
            }
            j += 1;
        }
        if j >= t.len() {
            break;
        }
        let qvalue = &t[..j + 1];
        t = &t[j + 1..];
        if name == key.as_bytes() {
            return std::str::from_utf8(qvalue).ok().and_then(unquote);
        }
    }
    None
}

/// The JSON member name `encoding/json` uses for field `field` with struct tag `tag`; `None`
/// when the field is skipped (`json:"-"`).
pub fn json_key(tag: &str, field: &str) -> Option<String> {
    let value = lookup(tag, "json").unwrap_or_default();
    if value == "-" {
        return None;
    }
    let name = value.split(',').next().unwrap_or("");
    if is_valid_json_name(name) {
        Some(name.to_string())
    } else {
        Some(field.to_string())
    }
}

/// `encoding/json`'s `isValidTag`.
fn is_valid_json_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            "!#$%&()*+-./:;<=>?@[]^_{|}~ ".contains(c)
                || c.is_alphabetic()
                || c.is_ascii_digit()
                || (!c.is_ascii() && c.is_numeric())
        })
}

/// `strconv.Unquote` for a double-quoted Go string literal (the only kind tag values are).
pub fn unquote(q: &str) -> Option<String> {
    let inner = q.strip_prefix('"')?.strip_suffix('"')?;
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\n' => return None,
            '\\' => unescape(&mut chars, &mut out)?,
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    // `\x` and octal escapes may form bytes that are not UTF-8; Go keeps them. Tag values
    // that are not UTF-8 match no Rust string: treat them as absent.
    String::from_utf8(out).ok()
}

fn unescape(chars: &mut std::iter::Peekable<std::str::Chars>, out: &mut Vec<u8>) -> Option<()> {
    let c = chars.next()?;
    let simple = match c {
        'a' => Some(7),
        'b' => Some(8),
        'f' => Some(12),
        'n' => Some(b'\n'),
        'r' => Some(b'\r'),
        't' => Some(b'\t'),
        'v' => Some(11),
        '\\' => Some(b'\\'),
        '"' => Some(b'"'),
        _ => None,
    };
    if let Some(b) = simple {
        out.push(b);
        return Some(());
    }
    let mut digits = |n: usize, radix: u32| -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            v = v * radix + chars.next()?.to_digit(radix)?;
        }
        Some(v)
    };
    match c {
        'x' => out.push(digits(2, 16)? as u8),
        '0'..='7' => {
            let rest = digits(2, 8)?;
            let v = (c as u32 - '0' as u32) * 64 + rest;
            out.push(u8::try_from(v).ok()?);
        }
        'u' | 'U' => {
            let v = digits(if c == 'u' { 4 } else { 8 }, 16)?;
            let ch = char::from_u32(v)?;
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_matches_whole_keys_only() {
        assert_eq!(
            lookup(r#"myjson:"a" json:"b""#, "json").as_deref(),
            Some("b")
        );
        assert_eq!(lookup(r#"json:"-,""#, "json").as_deref(), Some("-,"));
        assert_eq!(lookup(r#"json:"a\"b""#, "json").as_deref(), Some("a\"b"));
        assert_eq!(lookup(r#"json: "a""#, "json"), None);
    }

    #[test]
    fn json_names_follow_encoding_json() {
        assert_eq!(json_key(r#"json:"-""#, "F"), None);
        assert_eq!(json_key(r#"json:"-,""#, "F").as_deref(), Some("-"));
        assert_eq!(json_key(r#"json:",omitempty""#, "F").as_deref(), Some("F"));
        assert_eq!(json_key(r#"json:"a\\b""#, "F").as_deref(), Some("F"));
        assert_eq!(
            tag_from_literal(r#""json:\"x\"""#).as_deref(),
            Some("json:\"x\"")
        );
    }
}
