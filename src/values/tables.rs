//! Rows of a test table: the string fields of each row of a composite literal such as
//! `[]struct{ json, path string }{{`{"a":1}`, "a"}, {json: `[]`, path: "#"}}`, keyed by field
//! name, so the inputs one row holds can be fed to a target together (see
//! [`crate::values::bases`]'s argument tuples). Keyed rows name their fields; positional rows
//! take the field order of the anonymous struct type written in the literal, or of a named
//! struct type the caller supplies. Only string literals (also inside `[]byte(...)` /
//! `string(...)`) are kept; any other field value is left out of its row.

use std::collections::BTreeMap;

/// At most this many rows are read from one table.
pub const MAX_ROWS: usize = 256;

/// One token of Go source, as much as the row reader needs.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    /// A string literal's value.
    Str(Vec<u8>),
    /// One punctuation character (`;` also where Go inserts one at a line end).
    Punct(u8),
    /// Anything else (numbers, runes, operators of more than one character).
    Other,
}

fn tokens(src: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        if c == b'\n' {
            // Go's automatic semicolon: a line ending after a name, literal or closing bracket.
            if matches!(
                out.last(),
                Some(Tok::Ident(_) | Tok::Str(_) | Tok::Other | Tok::Punct(b')' | b']' | b'}'))
            ) {
                out.push(Tok::Punct(b';'));
            }
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if src[i..].starts_with(b"//") {
            i = memchr::memchr(b'\n', &src[i..]).map_or(src.len(), |n| i + n);
        } else if src[i..].starts_with(b"/*") {
            i = memchr::memmem::find(&src[i + 2..], b"*/").map_or(src.len(), |n| i + 2 + n + 2);
        } else if c == b'"' || c == b'`' || c == b'\'' {
            let end = crate::values::bases::quoted_end(src, i);
            match crate::golex::unquote_string(&src[i..end]) {
                Ok(v) if c != b'\'' => out.push(Tok::Str(v)),
                _ => out.push(Tok::Other),
            }
            i = end;
        } else if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 {
            let start = i;
            while i < src.len()
                && (src[i] == b'_' || src[i].is_ascii_alphanumeric() || src[i] >= 0x80)
            {
                i += 1;
            }
            out.push(Tok::Ident(
                String::from_utf8_lossy(&src[start..i]).into_owned(),
            ));
        } else if c.is_ascii_digit() {
            while i < src.len() && (src[i].is_ascii_alphanumeric() || matches!(src[i], b'.' | b'_'))
            {
                i += 1;
            }
            out.push(Tok::Other);
        } else {
            out.push(Tok::Punct(c));
            i += 1;
        }
    }
    out
}

/// The rows of the table literal `text`, each its string fields by name. `fields_of` gives
/// the field order of a named element type (`[]parseTest{...}`) when the literal does not
/// spell the struct itself.
pub fn rows(
    text: &str,
    fields_of: impl Fn(&str) -> Option<Vec<String>>,
) -> Vec<BTreeMap<String, Vec<u8>>> {
    let toks = tokens(text.as_bytes());
    let Some((body, written)) = value_body(&toks) else {
        return Vec::new();
    };
    let order: Option<Vec<String>> = written.or_else(|| element_name(&toks).and_then(&fields_of));
    let mut out = Vec::new();
    for elem in split_top(body) {
        // `key: {...}` of a map table, `&T{...}`, `T{...}`, `{...}`: the row is the last
        // braced group of the element.
        let Some(open) = elem.iter().position(|t| *t == Tok::Punct(b'{')) else {
            continue;
        };
        let Some(row) = braced(&elem[open..]) else {
            continue;
        };
        let fields = row_fields(row, order.as_deref());
        if !fields.is_empty() {
            out.push(fields);
        }
        if out.len() >= MAX_ROWS {
            break;
        }
    }
    out
}

/// The tokens inside the literal's value braces, and the field names of the anonymous struct
/// element type written before them (`[]struct{ in, out string }{...}`), if any.
fn value_body(toks: &[Tok]) -> Option<(&[Tok], Option<Vec<String>>)> {
    let mut i = 0;
    let mut fields = None;
    while i < toks.len() {
        match &toks[i] {
            Tok::Ident(k) if k == "struct" || k == "interface" => {
                let open = i + 1;
                let inner = braced(toks.get(open..)?)?;
                if k == "struct" {
                    fields = struct_fields(inner);
                }
                i = open + inner.len() + 2;
            }
            Tok::Punct(b'{') => return Some((braced(&toks[i..])?, fields)),
            _ => i += 1,
        }
    }
    None
}

/// The name of the element type of a table literal (`[]parseTest{`, `map[string]*T{`): the
/// last name before the value's `{`.
fn element_name(toks: &[Tok]) -> Option<&str> {
    let open = toks.iter().position(|t| *t == Tok::Punct(b'{'))?;
    match toks[..open].last()? {
        Tok::Ident(n) => Some(n),
        _ => None,
    }
}

/// The tokens between the `{` at `toks[0]` and its matching `}`.
fn braced(toks: &[Tok]) -> Option<&[Tok]> {
    if toks.first() != Some(&Tok::Punct(b'{')) {
        return None;
    }
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Punct(b'{' | b'(' | b'[') => depth += 1,
            Tok::Punct(b'}' | b')' | b']') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(&toks[1..i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// `toks` split at the commas outside any brackets.
fn split_top(toks: &[Tok]) -> Vec<&[Tok]> {
    split_at(toks, b',')
}

/// `toks` split at `sep` outside any brackets, empty pieces left out.
fn split_at(toks: &[Tok], sep: u8) -> Vec<&[Tok]> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Punct(b'{' | b'(' | b'[') => depth += 1,
            Tok::Punct(b'}' | b')' | b']') => depth = depth.saturating_sub(1),
            Tok::Punct(c) if *c == sep && depth == 0 => {
                out.push(&toks[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < toks.len() {
        out.push(&toks[start..]);
    }
    out.retain(|e| !e.is_empty());
    out
}

/// Field names of a struct type body, in order; None when a field is embedded (no name), so
/// positions cannot be matched to names.
fn struct_fields(body: &[Tok]) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for decl in split_at(body, b';') {
        // `a, b T`: names separated by commas, then the type.
        let mut i = 0;
        while let (Some(Tok::Ident(n)), Some(Tok::Punct(b','))) = (decl.get(i), decl.get(i + 1)) {
            names.push(n.clone());
            i += 2;
        }
        let Some(Tok::Ident(last)) = decl.get(i) else {
            return None;
        };
        match decl.get(i + 1) {
            None | Some(Tok::Punct(b'.')) | Some(Tok::Str(_)) => return None,
            Some(_) => names.push(last.clone()),
        }
    }
    Some(names)
}

/// The string fields of one row: `key: "lit"` elements by key, positional ones by `order`.
fn row_fields(row: &[Tok], order: Option<&[String]>) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for (pos, elem) in split_top(row).into_iter().enumerate() {
        let (name, value) = match elem {
            [Tok::Ident(k), Tok::Punct(b':'), rest @ ..] => (Some(k.clone()), rest),
            _ => (order.and_then(|o| o.get(pos).cloned()), elem),
        };
        if let (Some(name), Some(v)) = (name, string_value(value)) {
            out.insert(name, v);
        }
    }
    out
}

/// A string literal, alone or inside `[]byte(...)` / `string(...)`.
fn string_value(toks: &[Tok]) -> Option<Vec<u8>> {
    match toks {
        [Tok::Str(v)] => Some(v.clone()),
        [Tok::Punct(b'['), Tok::Punct(b']'), Tok::Ident(b), Tok::Punct(b'('), Tok::Str(v), Tok::Punct(b')')]
            if b == "byte" =>
        {
            Some(v.clone())
        }
        [Tok::Ident(s), Tok::Punct(b'('), Tok::Str(v), Tok::Punct(b')')] if s == "string" => {
            Some(v.clone())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(rows: &[BTreeMap<String, Vec<u8>>]) -> Vec<Vec<(String, String)>> {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned()))
                    .collect()
            })
            .collect()
    }

    fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn positional_rows_take_the_anonymous_struct_field_order() {
        let text = r##"[]struct {
		name      string
		json, path string // a comment, with a comma
		n         int
		re        *regexp.Regexp `tag:"x"`
	}{
		{"first", `{"a":1}`, "a", 3, nil},
		{"second", "[1,2]", "#", -1, regexp.MustCompile("x{2}")},
		{name: "keyed", path: "b.c", json: []byte(`{"b":{"c":1}}`)},
	}"##;
        assert_eq!(
            show(&rows(text, |_| None)),
            vec![
                kv(&[("json", r#"{"a":1}"#), ("name", "first"), ("path", "a")]),
                kv(&[("json", "[1,2]"), ("name", "second"), ("path", "#")]),
                kv(&[
                    ("json", r#"{"b":{"c":1}}"#),
                    ("name", "keyed"),
                    ("path", "b.c")
                ]),
            ]
        );
    }

    #[test]
    fn named_element_types_use_the_given_order_and_maps_skip_their_keys() {
        let fields = |name: &str| {
            (name == "parseTest").then(|| ["in", "out"].iter().map(|s| s.to_string()).collect())
        };
        let text =
            r#"[]parseTest{{"a|b", "alt"}, &parseTest{in: "x*"}, {strings.Repeat("a", 3), "x"}}"#;
        assert_eq!(
            show(&rows(text, fields)),
            vec![
                kv(&[("in", "a|b"), ("out", "alt")]),
                kv(&[("in", "x*")]),
                kv(&[("out", "x")]),
            ]
        );
        // Without the order, positional values have no name: only keyed fields are kept.
        assert_eq!(show(&rows(text, |_| None)), vec![kv(&[("in", "x*")])]);
        let map = r#"map[string]struct{ in string }{"k1": {in: "v1"}, "k2": {"v2"}}"#;
        assert_eq!(
            show(&rows(map, |_| None)),
            vec![kv(&[("in", "v1")]), kv(&[("in", "v2")])]
        );
    }

    #[test]
    fn embedded_fields_make_positions_unknown_and_bad_text_gives_no_rows() {
        let text = r#"[]struct{ Base; in string }{{Base{}, "x"}}"#;
        assert!(rows(text, |_| None).is_empty());
        assert!(rows("[]struct{ in string }{{\"x\"", |_| None).is_empty());
        assert!(rows("", |_| None).is_empty());
    }
}
