//! Native Go fuzzing corpus files (`testdata/fuzz/FuzzX/<name>`), written byte for byte as Go's
//! `internal/fuzz.marshalCorpusFile` writes them, named as Go >= 1.20 names them, and read back
//! the way `unmarshalCorpusFile` reads them.
//!
//! Format: the line `go test fuzz v1`, then one `type(literal)` line per argument, every line
//! ending in `\n`. Go's writer spells types by what it sees at run time, where `byte` is
//! `uint8` and `rune` is `int32`: so [`Value::Uint8`] is written as `byte('…')` and
//! [`Value::Int32`] as `rune('…')` (or `int32(N)` when N is not a valid rune), exactly like
//! [`Value::Byte`] and [`Value::Rune`]. The reader keeps the spelling it finds.

use sha2::{Digest, Sha256};

use crate::golex;
use crate::gotypes::Kind as GoKind;
use crate::values::{FuzzType, Value};

/// The first line of every version-1 corpus file.
pub const HEADER: &str = "go test fuzz v1";

/// Go's NaN bits (`math.NaN()`, and its float32 conversion).
pub use crate::golex::{GO_NAN32_BITS, GO_NAN64_BITS};

/// The corpus file for `values`, byte-exact as Go writes it. Go refuses to marshal zero
/// values; here that gives just the header line (a file no fuzz function accepts).
pub fn encode_corpus_file(values: &[Value]) -> Vec<u8> {
    let mut out = String::with_capacity(16 + 24 * values.len());
    out.push_str(HEADER);
    out.push('\n');
    for v in values {
        out.push_str(&encode_value(v));
        out.push('\n');
    }
    out.into_bytes()
}

/// One value line without the trailing newline, e.g. `int64(-5)`, `rune('x')`.
pub fn encode_value(v: &Value) -> String {
    match v {
        Value::Int(n) => format!("int({n})"),
        Value::Int8(n) => format!("int8({n})"),
        Value::Int16(n) => format!("int16({n})"),
        Value::Int64(n) => format!("int64({n})"),
        Value::Uint(n) => format!("uint({n})"),
        Value::Uint16(n) => format!("uint16({n})"),
        Value::Uint32(n) => format!("uint32({n})"),
        Value::Uint64(n) => format!("uint64({n})"),
        Value::Bool(b) => format!("bool({b})"),
        Value::Float32(f) => {
            if f.is_nan() && f.to_bits() != GO_NAN32_BITS {
                format!("math.Float32frombits(0x{:x})", f.to_bits())
            } else {
                format!("float32({})", golex::format_f32(*f))
            }
        }
        Value::Float64(f) => {
            if f.is_nan() && f.to_bits() != GO_NAN64_BITS {
                format!("math.Float64frombits(0x{:x})", f.to_bits())
            } else {
                format!("float64({})", golex::format_f64(*f))
            }
        }
        Value::String(s) => format!("string({})", golex::quote(s)),
        Value::Bytes(s) => format!("[]byte({})", golex::quote(s)),
        Value::Rune(r) | Value::Int32(r) => {
            if golex::valid_rune(*r as i64) {
                format!("rune({})", golex::quote_rune(*r as i64))
            } else {
                format!("int32({r})")
            }
        }
        Value::Byte(b) | Value::Uint8(b) => format!("byte({})", golex::quote_rune(*b as i64)),
    }
}

/// The file name Go >= 1.20 gives a corpus file: the first 16 lowercase hex digits of the
/// SHA-256 of the whole file.
pub fn corpus_file_name(file: &[u8]) -> String {
    let digest = Sha256::digest(file);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a corpus file as Go's `unmarshalCorpusFile` does: the header (a trailing CR is
/// tolerated), then one value per non-blank line, surrounding white space ignored.
///
/// Accepted per line: every form Go writes; ints with base prefixes (`0x`, `0o`, `0b`, a
/// leading `0` = octal) and `_` separators; `byte(N)`/`rune(N)`; `float64(N)` from an integer;
/// raw strings. Not accepted (Go accepts them): hexadecimal float literals and comments inside a
/// line. Errors name the line as Go does: `malformed line "...": reason`.
pub fn decode_corpus_file(bytes: &[u8]) -> Result<Vec<Value>, String> {
    if bytes.is_empty() {
        return Err("cannot unmarshal empty string".into());
    }
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if lines.len() < 2 {
        return Err("must include version and at least one value".into());
    }
    let version = lines[0].strip_suffix(b"\r").unwrap_or(lines[0]);
    if version != HEADER.as_bytes() {
        return Err(format!(
            "unknown encoding version: {}",
            String::from_utf8_lossy(version)
        ));
    }
    let mut values = Vec::new();
    for line in &lines[1..] {
        let line = trim_space(line);
        if line.is_empty() {
            continue;
        }
        let v = parse_value_line(line).map_err(|e| {
            format!(
                "malformed line {}: {e}",
                golex::quote(line) // same %q quoting Go uses in its message
            )
        })?;
        values.push(v);
    }
    Ok(values)
}

/// Go's `bytes.TrimSpace` (Unicode white space on valid UTF-8, ASCII otherwise).
fn trim_space(line: &[u8]) -> &[u8] {
    match std::str::from_utf8(line) {
        Ok(s) => s.trim().as_bytes(),
        Err(_) => line.trim_ascii(),
    }
}

/// The pieces of one line: `callee(arg)`.
struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Lexer<'a> {
    fn skip_ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\r') {
            self.i += 1;
        }
    }
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> Option<&'a str> {
        self.skip_ws();
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        let id = &self.s[start..self.i];
        if id.is_empty() || id[0].is_ascii_digit() {
            self.i = start;
            return None;
        }
        std::str::from_utf8(id).ok()
    }
    /// A string, char or number literal, returned with its token kind.
    fn literal(&mut self) -> Result<(Kind, &'a [u8]), String> {
        self.skip_ws();
        let start = self.i;
        let c = *self.s.get(start).ok_or("missing value")?;
        match c {
            b'"' | b'\'' => {
                let mut j = start + 1;
                while j < self.s.len() && self.s[j] != c {
                    j += if self.s[j] == b'\\' { 2 } else { 1 };
                }
                if j >= self.s.len() {
                    return Err("unterminated literal".into());
                }
                self.i = j + 1;
                let kind = if c == b'"' { Kind::Str } else { Kind::Char };
                Ok((kind, &self.s[start..self.i]))
            }
            b'`' => {
                let end = self.s[start + 1..]
                    .iter()
                    .position(|&b| b == b'`')
                    .ok_or("unterminated raw string")?;
                self.i = start + 1 + end + 1;
                Ok((Kind::Str, &self.s[start..self.i]))
            }
            b'0'..=b'9' | b'.' => {
                let mut j = start;
                while j < self.s.len() {
                    let b = self.s[j];
                    // A sign continues the literal only right after its exponent letter:
                    // `e`/`E` for decimal, `p`/`P` for hexadecimal.
                    let sign_after_exp = (b == b'+' || b == b'-') && j > start && {
                        let hex = is_hex_literal(&self.s[start..j]);
                        match self.s[j - 1] {
                            b'e' | b'E' => !hex,
                            b'p' | b'P' => hex,
                            _ => false,
                        }
                    };
                    if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || sign_after_exp {
                        j += 1;
                    } else {
                        break;
                    }
                }
                self.i = j;
                let lit = &self.s[start..j];
                let hex = is_hex_literal(lit);
                let kind = if lit.ends_with(b"i") {
                    Kind::Imag
                } else if lit.contains(&b'.')
                    || (!hex && lit.iter().any(|&b| b == b'e' || b == b'E'))
                    || (hex && lit.iter().any(|&b| b == b'p' || b == b'P'))
                {
                    Kind::Float
                } else {
                    Kind::Int
                };
                Ok((kind, lit))
            }
            _ => Err("literal value required for primitive type".into()),
        }
    }
}

fn is_hex_literal(lit: &[u8]) -> bool {
    lit.len() >= 2 && lit[0] == b'0' && (lit[1] == b'x' || lit[1] == b'X')
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Int,
    Float,
    Imag,
    Str,
    Char,
}

/// The argument of the call after parsing, in the shape `parseCorpusValue` sees it.
enum Arg<'a> {
    /// A literal with an optional leading `-`.
    Lit {
        neg: bool,
        kind: Kind,
        text: &'a [u8],
    },
    /// An identifier (`true`, `NaN`, ...), possibly under a unary `+`/`-`.
    Ident { op: Option<u8>, name: &'a str },
}

fn parse_value_line(line: &[u8]) -> Result<Value, String> {
    let mut lx = Lexer { s: line, i: 0 };
    // The callee: `[]byte`, `math.FloatNNfrombits` or a type name.
    let callee: String = if lx.eat(b'[') {
        if !lx.eat(b']') {
            return Err("expected []byte or primitive type".into());
        }
        match lx.ident() {
            Some("byte") => "[]byte".into(),
            _ => return Err("expected []byte".into()),
        }
    } else {
        let id = lx.ident().ok_or("expected call expression")?;
        if lx.eat(b'.') {
            let sel = lx.ident().ok_or("invalid selector type")?;
            match (id, sel) {
                ("math", "Float64frombits") => "float64-bits".into(),
                ("math", "Float32frombits") => "float32-bits".into(),
                _ => return Err("invalid selector type".into()),
            }
        } else {
            id.into()
        }
    };
    if !lx.eat(b'(') {
        return Err("expected call expression".into());
    }
    let arg = match lx.peek() {
        Some(op @ (b'-' | b'+')) => {
            lx.i += 1;
            if let Some(name) = lx.ident() {
                Arg::Ident { op: Some(op), name }
            } else {
                let (kind, text) = lx.literal()?;
                if op == b'+' {
                    return Err("unsupported operation on int/float: +".into());
                }
                Arg::Lit {
                    neg: true,
                    kind,
                    text,
                }
            }
        }
        _ => {
            if let Some(name) = lx.ident() {
                Arg::Ident { op: None, name }
            } else {
                let (kind, text) = lx.literal()?;
                Arg::Lit {
                    neg: false,
                    kind,
                    text,
                }
            }
        }
    };
    lx.eat(b',');
    if !lx.eat(b')') {
        return Err("expected call expression with 1 argument".into());
    }
    if lx.peek().is_some() {
        return Err("unexpected text after the call expression".into());
    }
    value_of(&callee, arg)
}

/// The value of `T(literal)` for a basic fuzz type `T`, by the rules of Go's corpus reader.
fn basic_value(ft: FuzzType, val: &str, kind: Kind) -> Result<Value, String> {
    let basic = ft.basic().expect("[]byte is handled by the caller");
    let name = basic.name();
    let int_required = |what: &str| -> Result<(), String> {
        if kind == Kind::Int {
            Ok(())
        } else {
            Err(format!("integer literal required for {what} types"))
        }
    };
    match basic.kind() {
        GoKind::String => {
            if kind != Kind::Str {
                return Err("string literal value required for type string".into());
            }
            Ok(Value::String(golex::unquote_string(val.as_bytes())?))
        }
        _ if matches!(ft, FuzzType::Byte | FuzzType::Rune) => byte_or_rune(ft, val, kind),
        GoKind::Signed => {
            int_required("int")?;
            Ok(int_value(ft, parse_int(val, basic.bits())?))
        }
        GoKind::Unsigned => {
            int_required("uint")?;
            Ok(uint_value(ft, parse_uint(val, basic.bits())?))
        }
        GoKind::Float => {
            if kind != Kind::Float && kind != Kind::Int {
                return Err(format!("float or integer literal required for {name} type"));
            }
            if ft == FuzzType::Float32 {
                // NaN's bits survive the f32 → f64 → f32 round trip on every Rust target.
                Ok(Value::Float32(parse_float(val, 32)? as f32))
            } else {
                Ok(Value::Float64(parse_float(val, 64)?))
            }
        }
        _ => Err("expected []byte or primitive type".into()),
    }
}

/// `byte(...)` / `rune(...)`: an integer or a character literal.
fn byte_or_rune(ft: FuzzType, val: &str, kind: Kind) -> Result<Value, String> {
    let rune = ft == FuzzType::Rune;
    if kind == Kind::Int {
        return if rune {
            Ok(Value::Rune(parse_int(val, 32)? as i32))
        } else {
            Ok(Value::Byte(parse_uint(val, 8)? as u8))
        };
    }
    if kind != Kind::Char || val.starts_with('-') {
        return Err("character literal required for byte/rune types".into());
    }
    let code = golex::unquote_char_lit(val.as_bytes())?;
    if rune {
        return Ok(Value::Rune(code as i32));
    }
    if code >= 256 {
        return Err("can only encode single byte to a byte type".into());
    }
    Ok(Value::Byte(code as u8))
}

/// A signed integer value of type `ft`, already range-checked by the parser.
fn int_value(ft: FuzzType, v: i128) -> Value {
    match ft {
        FuzzType::Int => Value::Int(v as i64),
        FuzzType::Int8 => Value::Int8(v as i8),
        FuzzType::Int16 => Value::Int16(v as i16),
        FuzzType::Int32 => Value::Int32(v as i32),
        _ => Value::Int64(v as i64),
    }
}

/// An unsigned integer value of type `ft`, already range-checked by the parser.
fn uint_value(ft: FuzzType, v: u64) -> Value {
    match ft {
        FuzzType::Uint => Value::Uint(v),
        FuzzType::Uint8 => Value::Uint8(v as u8),
        FuzzType::Uint16 => Value::Uint16(v as u16),
        FuzzType::Uint32 => Value::Uint32(v as u32),
        _ => Value::Uint64(v),
    }
}

fn value_of(callee: &str, arg: Arg<'_>) -> Result<Value, String> {
    if callee == "[]byte" {
        return match arg {
            Arg::Lit {
                neg: false,
                kind: Kind::Str,
                text,
            } => Ok(Value::Bytes(golex::unquote_string(text)?)),
            _ => Err("string literal required for type []byte".into()),
        };
    }
    if callee == "bool" {
        return match arg {
            Arg::Ident {
                op: None,
                name: "true",
            } => Ok(Value::Bool(true)),
            Arg::Ident {
                op: None,
                name: "false",
            } => Ok(Value::Bool(false)),
            Arg::Ident { op: None, .. } => Err("true or false required for type bool".into()),
            _ => Err("malformed bool".into()),
        };
    }
    // Normalise to (literal text with sign, kind) as Go does.
    let (val, kind): (String, Kind) = match arg {
        Arg::Ident { op: Some(op), name } => {
            if name != "Inf" {
                return Err("expected operation on int or float type".into());
            }
            (format!("{}Inf", op as char), Kind::Float)
        }
        Arg::Ident { op: None, name } => {
            if name != "NaN" {
                return Err("literal value required for primitive type".into());
            }
            ("NaN".into(), Kind::Float)
        }
        Arg::Lit { neg, kind, text } => {
            let text = std::str::from_utf8(text).map_err(|_| "invalid UTF-8 in literal")?;
            (format!("{}{text}", if neg { "-" } else { "" }), kind)
        }
    };
    match callee {
        "float32-bits" => {
            if kind != Kind::Int {
                return Err("integer literal required for math.Float32frombits types".into());
            }
            Ok(Value::Float32(f32::from_bits(parse_uint(&val, 32)? as u32)))
        }
        "float64-bits" => {
            if kind != Kind::Int && kind != Kind::Float {
                return Err("integer literal required for math.Float64frombits type".into());
            }
            Ok(Value::Float64(f64::from_bits(parse_uint(&val, 64)?)))
        }
        _ => match FuzzType::parse(callee).filter(|t| *t != FuzzType::Bytes) {
            Some(ft) => basic_value(ft, &val, kind),
            None => Err("expected []byte or primitive type".into()),
        },
    }
}

/// Go's `strconv.ParseInt(val, 0, bits)`.
fn parse_int(val: &str, bits: u32) -> Result<i128, String> {
    golex::parse_int(val, 0, bits)
        .map(i128::from)
        .map_err(|e| e.message(val))
}

/// Go's `strconv.ParseUint(val, 0, bits)`: no sign allowed.
fn parse_uint(val: &str, bits: u32) -> Result<u64, String> {
    golex::parse_uint(val, 0, bits).map_err(|e| e.message(val))
}

/// Go's `strconv.ParseFloat(val, bits)` for decimal literals and `±Inf`/`NaN` (Go's NaN
/// bits), correctly rounded to the target size. Overflow is an error, as in Go.
fn parse_float(val: &str, bits: u32) -> Result<f64, String> {
    golex::parse_float(val, bits).map_err(|e| e.message(val))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(v: Value) -> String {
        encode_value(&v)
    }

    #[test]
    fn every_type_is_written_as_go_writes_it() {
        let cases: Vec<(Value, &str)> = vec![
            (Value::Bytes(b"\x00\xff".to_vec()), r#"[]byte("\x00\xff")"#),
            (Value::string("hi \"x\""), r#"string("hi \"x\"")"#),
            (Value::Bool(true), "bool(true)"),
            (Value::Bool(false), "bool(false)"),
            (Value::Byte(b'K'), "byte('K')"),
            (Value::Byte(0xFF), "byte('ÿ')"),
            (Value::Byte(b'\''), r"byte('\'')"),
            (Value::Byte(0), r"byte('\x00')"),
            (Value::Byte(0x7F), r"byte('\x7f')"),
            (Value::Byte(0x85), r"byte('\u0085')"),
            (Value::Byte(0xA0), r"byte('\u00a0')"),
            (Value::Uint8(5), r"byte('\x05')"),
            (Value::Rune('œ' as i32), "rune('œ')"),
            (Value::Rune('\n' as i32), r"rune('\n')"),
            (Value::Rune('"' as i32), "rune('\"')"),
            (Value::Rune(0xD800), "int32(55296)"),
            (Value::Rune(-1), "int32(-1)"),
            (Value::Rune(0x110000), "int32(1114112)"),
            (Value::Int32('x' as i32), "rune('x')"),
            (Value::Int32(i32::MIN), "int32(-2147483648)"),
            (Value::Float32(0.1), "float32(0.1)"),
            (Value::Float32(f32::NAN), "float32(NaN)"),
            (
                Value::Float32(f32::from_bits(0x7FC00001)),
                "math.Float32frombits(0x7fc00001)",
            ),
            (
                Value::Float32(f32::from_bits(0xFFC00000)),
                "math.Float32frombits(0xffc00000)",
            ),
            (Value::Float64(1.0), "float64(1)"),
            (Value::Float64(1e6), "float64(1e+06)"),
            (Value::Float64(1e21), "float64(1e+21)"),
            (Value::Float64(1e-5), "float64(1e-05)"),
            (Value::Float64(0.0001), "float64(0.0001)"),
            (Value::Float64(-0.0), "float64(-0)"),
            (Value::Float64(f64::INFINITY), "float64(+Inf)"),
            (Value::Float64(f64::NEG_INFINITY), "float64(-Inf)"),
            (
                Value::Float64(f64::from_bits(GO_NAN64_BITS)),
                "float64(NaN)",
            ),
            // Rust's f64::NAN is not Go's math.NaN(): Go writes its bits.
            (
                Value::Float64(f64::NAN),
                "math.Float64frombits(0x7ff8000000000000)",
            ),
            (
                Value::Float64(f64::from_bits(0x7FF8000000000002)),
                "math.Float64frombits(0x7ff8000000000002)",
            ),
            (Value::Int(-23), "int(-23)"),
            (Value::Int8(i8::MIN), "int8(-128)"),
            (Value::Int16(i16::MAX), "int16(32767)"),
            (Value::Int64(i64::MAX), "int64(9223372036854775807)"),
            (Value::Int64(i64::MIN), "int64(-9223372036854775808)"),
            (Value::Uint(7), "uint(7)"),
            (Value::Uint16(65535), "uint16(65535)"),
            (Value::Uint32(u32::MAX), "uint32(4294967295)"),
            (Value::Uint64(u64::MAX), "uint64(18446744073709551615)"),
            (Value::string("😀"), "string(\"😀\")"),
            (Value::string("\u{a0}\u{200b}"), r#"string("\u00a0\u200b")"#),
            (
                Value::String(b"\xed\xa0\x80".to_vec()),
                r#"string("\xed\xa0\x80")"#,
            ),
        ];
        for (v, want) in cases {
            assert_eq!(line(v.clone()), want, "{v:?}");
        }
    }

    #[test]
    fn whole_file_and_name() {
        let file = encode_corpus_file(&[Value::Int(1), Value::string("a")]);
        assert_eq!(file, b"go test fuzz v1\nint(1)\nstring(\"a\")\n");
        let name = corpus_file_name(&file);
        assert_eq!(name.len(), 16);
        assert!(name
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        // sha256("go test fuzz v1\nint(1)\nstring(\"a\")\n"), first 8 bytes
        let full = Sha256::digest(&file);
        assert_eq!(name, format!("{:x}", full)[..16]);
    }

    #[test]
    fn decode_reads_what_encode_writes() {
        let vals = vec![
            Value::Bytes(b"\x00\xff\"".to_vec()),
            Value::String(b"\xed\xa0\x80 \xe2\x82".to_vec()),
            Value::Bool(false),
            Value::Byte(0xA0),
            Value::Int32(-5), // a Rune(-5) would come back as Int32: Go writes `int32(-5)`
            Value::Rune('😀' as i32),
            Value::Float32(f32::from_bits(0x7FC00001)),
            Value::Float32(-0.0),
            Value::Float64(f64::NAN),
            Value::Float64(f64::from_bits(GO_NAN64_BITS)),
            Value::Float64(f64::NEG_INFINITY),
            Value::Float64(1.7976931348623157e308),
            Value::Float64(5e-324),
            Value::Int(i64::MIN),
            Value::Int8(-1),
            Value::Int16(300),
            Value::Int64(i64::MAX),
            Value::Uint(u64::MAX),
            Value::Uint16(1),
            Value::Uint32(2),
            Value::Uint64(3),
        ];
        let back = decode_corpus_file(&encode_corpus_file(&vals)).unwrap();
        assert_eq!(back, vals);
        // Spellings Go writes differently come back with Go's spelling.
        let back = decode_corpus_file(&encode_corpus_file(&[
            Value::Uint8(1),
            Value::Int32(-1),
            Value::Int32(65),
        ]))
        .unwrap();
        assert_eq!(
            back,
            vec![Value::Byte(1), Value::Int32(-1), Value::Rune(65)]
        );
    }

    #[test]
    fn decode_accepts_go_reader_forms() {
        let file = b"go test fuzz v1\r\n  int(0x1F)  \n\nint8(-0b101)\nuint16(0o17)\nuint32(017)\nint64(1_000)\nuint8(5)\nint32(7)\nbyte(65)\nrune(-1)\nfloat64(3)\nfloat32(1e-3)\nfloat64(-Inf)\nfloat32(+Inf)\nstring(`a\\n`)\nmath.Float64frombits(0x7ff8000000000001)\nbyte('\\xff')\nrune('\\377')\nfloat64(.5)\n";
        let got = decode_corpus_file(file).unwrap();
        assert_eq!(
            got,
            vec![
                Value::Int(31),
                Value::Int8(-5),
                Value::Uint16(15),
                Value::Uint32(15),
                Value::Int64(1000),
                Value::Uint8(5),
                Value::Int32(7),
                Value::Byte(65),
                Value::Rune(-1),
                Value::Float64(3.0),
                Value::Float32(0.001),
                Value::Float64(f64::NEG_INFINITY),
                Value::Float32(f32::INFINITY),
                Value::String(b"a\\n".to_vec()),
                Value::Float64(f64::from_bits(GO_NAN64_BITS)),
                Value::Byte(0xFF),
                Value::Rune(0xFF),
                Value::Float64(0.5),
            ]
        );
    }

    #[test]
    fn decode_rejects_what_go_rejects() {
        for bad in [
            "int(+5)",
            "int(20*5)",
            "int32('a')",
            "bool(0)",
            "byte('☃')",
            "int8(128)",
            "uint(-1)",
            "uint(-0)",
            "int(1.5)",
            "float64(-NaN)",
            "float64(Inf)",
            "float64(1e400)",
            "float32(1e39)",
            "string('a')",
            "[]uint8(\"a\")",
            "[]byte(`a`, `b`)",
            "fmt.Sprint(1)",
            "int(1) x",
            "int(08)",
            "int(1__0)",
            "int(_1)",
            "complex64(1)",
            "string(\"\\'\")",
            "rune('\\\"')",
            "int(1i)",
            "math.Float32frombits(1.0)",
        ] {
            let file = format!("go test fuzz v1\n{bad}\n");
            assert!(
                decode_corpus_file(file.as_bytes()).is_err(),
                "{bad} accepted"
            );
        }
        assert!(decode_corpus_file(b"").is_err());
        assert!(decode_corpus_file(b"go test fuzz v1").is_err());
        assert!(decode_corpus_file(b"go test fuzz v2\nint(1)\n").is_err());
        assert_eq!(decode_corpus_file(b"go test fuzz v1\n").unwrap(), vec![]);
    }
}
