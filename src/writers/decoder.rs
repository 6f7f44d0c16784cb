//! The byte format of decoded fuzz arguments ([`crate::plan::Build::Decode`]): the Rust
//! encoder the seed writer uses, a Rust decoder (the reference, used in tests), and the Go
//! decoder generated into harness files.
//!
//! # Format
//!
//! Simple and total: EVERY byte string decodes to some value of the shape and decoding never
//! panics. Reading past the end yields zero bytes.
//!
//! | shape | bytes |
//! |---|---|
//! | `bool` | 1 byte; true when `b & 1 == 1` |
//! | `int8 uint8 byte` | 1 byte |
//! | `int16 uint16` | 2 bytes little-endian |
//! | `int32 uint32 rune` | 4 bytes little-endian |
//! | `int64 uint64 int uint` | 8 bytes little-endian (two's complement) |
//! | `float32` / `float64` | IEEE-754 bits, 4 / 8 bytes little-endian |
//! | `string`, `[]byte` | length `L`, then `L` bytes (fewer when the input ends first). `L` is one byte `b0` when `b0 < 0x80`, else two bytes: `(b0 & 0x7f) \| b1 << 7` (at most 32767) |
//! | slice, map | count byte `n`, clamped to [`MAX_COUNT`]; then up to `n` elements (map: key then value). Decoding stops early when the input is exhausted before an element starts. An empty slice or map decodes as `nil` |
//! | array `[N]T` | exactly `N` elements, no count |
//! | struct | its fields in declaration order (unexported ones too: the harness is an internal test) |
//! | pointer `*T` | a `T`; pointers are never nil |
//! | named type | as its underlying type, converted |
//!
//! Map entries with a duplicate key overwrite earlier ones. The encoder is total as well: a
//! [`Value`] that does not fit its shape is encoded as the shape's zero value, longer lists are
//! cut to [`MAX_COUNT`] elements and longer strings to 32767 bytes.

use crate::gotypes::{Basic, Kind};
use crate::plan::Shape;
use std::collections::BTreeSet;
use std::fmt::Write;

/// Most elements a slice or map holds after decoding.
pub const MAX_COUNT: usize = 64;

/// Longest string or `[]byte` the length prefix can express.
pub const MAX_LEN: usize = 0x7fff;

/// A value to encode (or a decoded one). Strings are `Bytes` (Go strings hold any bytes).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Bytes(Vec<u8>),
    /// Slice or array elements.
    List(Vec<Value>),
    Map(Vec<(Value, Value)>),
    /// Struct fields in declaration order.
    Struct(Vec<Value>),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Bytes(s.as_bytes().to_vec())
    }
}

/// Width in bytes and signedness of a scalar Go type (`None` for bool/floats).
fn int_width(go: Basic) -> Option<(usize, bool)> {
    go.int_bits()
        .map(|(bits, signed)| (bits as usize / 8, signed))
}

/// Encodes `value` as `shape` (see the module docs).
pub fn encode(shape: &Shape, value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    enc(shape, value, &mut out);
    out
}

fn as_u64(v: &Value) -> u64 {
    match v {
        Value::Int(i) => *i as u64,
        Value::Uint(u) => *u,
        Value::Bool(b) => *b as u64,
        Value::Float(f) => *f as i64 as u64,
        _ => 0,
    }
}

fn enc(shape: &Shape, value: &Value, out: &mut Vec<u8>) {
    match shape {
        Shape::Scalar { go } => match *go {
            Basic::Bool => out.push(matches!(value, Value::Bool(true)) as u8),
            Basic::Float32 => {
                let f = match value {
                    Value::Float(f) => *f as f32,
                    v => as_u64(v) as i64 as f32,
                };
                out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Basic::Float64 => {
                let f = match value {
                    Value::Float(f) => *f,
                    v => as_u64(v) as i64 as f64,
                };
                out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            other => {
                let (w, _) = int_width(other).unwrap_or((8, true));
                out.extend_from_slice(&as_u64(value).to_le_bytes()[..w]);
            }
        },
        Shape::String | Shape::Bytes => {
            let b: &[u8] = match value {
                Value::Bytes(b) => b,
                _ => &[],
            };
            let b = &b[..b.len().min(MAX_LEN)];
            if b.len() < 0x80 {
                out.push(b.len() as u8);
            } else {
                out.push(0x80 | (b.len() & 0x7f) as u8);
                out.push((b.len() >> 7) as u8);
            }
            out.extend_from_slice(b);
        }
        Shape::Slice { elem } => {
            let items: &[Value] = match value {
                Value::List(l) => l,
                _ => &[],
            };
            let items = &items[..items.len().min(MAX_COUNT)];
            out.push(items.len() as u8);
            for it in items {
                enc(elem, it, out);
            }
        }
        Shape::Map { key, value: vs } => {
            let items: &[(Value, Value)] = match value {
                Value::Map(m) => m,
                _ => &[],
            };
            let items = &items[..items.len().min(MAX_COUNT)];
            out.push(items.len() as u8);
            for (k, v) in items {
                enc(key, k, out);
                enc(vs, v, out);
            }
        }
        Shape::Array { len, elem } => {
            let items: &[Value] = match value {
                Value::List(l) => l,
                _ => &[],
            };
            for i in 0..*len {
                match items.get(i) {
                    Some(v) => enc(elem, v, out),
                    None => enc(elem, &zero(elem), out),
                }
            }
        }
        Shape::Struct { fields } => {
            let vals: &[Value] = match value {
                Value::Struct(v) => v,
                _ => &[],
            };
            for (i, (_, s)) in fields.iter().enumerate() {
                match vals.get(i) {
                    Some(v) => enc(s, v, out),
                    None => enc(s, &zero(s), out),
                }
            }
        }
        Shape::Pointer { elem } => enc(elem, value, out),
        Shape::Named { inner, .. } => enc(inner, value, out),
    }
}

/// The zero value of a shape (what decoding empty input gives).
pub fn zero(shape: &Shape) -> Value {
    decode(shape, &[])
}

/// Decodes `bytes` as `shape`, exactly as the generated Go decoder does.
pub fn decode(shape: &Shape, bytes: &[u8]) -> Value {
    let mut c = Cursor { b: bytes };
    dec(shape, &mut c)
}

struct Cursor<'a> {
    b: &'a [u8],
}

impl Cursor<'_> {
    fn next(&mut self) -> u8 {
        match self.b.split_first() {
            Some((v, rest)) => {
                self.b = rest;
                *v
            }
            None => 0,
        }
    }
    fn fixed(&mut self, n: usize) -> u64 {
        (0..n).fold(0u64, |v, i| v | (self.next() as u64) << (8 * i))
    }
    fn bytes(&mut self) -> Vec<u8> {
        let mut n = self.next() as usize;
        if n >= 0x80 {
            n = (n & 0x7f) | (self.next() as usize) << 7;
        }
        let n = n.min(self.b.len());
        let (v, rest) = self.b.split_at(n);
        self.b = rest;
        v.to_vec()
    }
    fn count(&mut self) -> usize {
        (self.next() as usize).min(MAX_COUNT)
    }
}

fn dec(shape: &Shape, c: &mut Cursor) -> Value {
    match shape {
        Shape::Scalar { go } => match *go {
            Basic::Bool => Value::Bool(c.next() & 1 == 1),
            Basic::Float32 => Value::Float(f32::from_bits(c.fixed(4) as u32) as f64),
            Basic::Float64 => Value::Float(f64::from_bits(c.fixed(8))),
            other => {
                let (w, signed) = int_width(other).unwrap_or((8, true));
                let raw = c.fixed(w);
                if signed {
                    let shift = 64 - 8 * w as u32;
                    Value::Int(((raw << shift) as i64) >> shift)
                } else {
                    Value::Uint(raw)
                }
            }
        },
        Shape::String | Shape::Bytes => Value::Bytes(c.bytes()),
        Shape::Slice { elem } => {
            let n = c.count();
            let mut v = Vec::new();
            while v.len() < n && !c.b.is_empty() {
                v.push(dec(elem, c));
            }
            Value::List(v)
        }
        Shape::Map { key, value } => {
            let n = c.count();
            let mut m: Vec<(Value, Value)> = Vec::new();
            let mut i = 0;
            while i < n && !c.b.is_empty() {
                let k = dec(key, c);
                let v = dec(value, c);
                match m.iter_mut().find(|(mk, _)| *mk == k) {
                    Some(e) => e.1 = v,
                    None => m.push((k, v)),
                }
                i += 1;
            }
            Value::Map(m)
        }
        Shape::Array { len, elem } => Value::List((0..*len).map(|_| dec(elem, c)).collect()),
        Shape::Struct { fields } => Value::Struct(fields.iter().map(|(_, s)| dec(s, c)).collect()),
        Shape::Pointer { elem } => dec(elem, c),
        Shape::Named { inner, .. } => dec(inner, c),
    }
}

/// Identifier fragment naming a shape's decode function (`SliceOfInt`, `Request`).
pub fn mangle(shape: &Shape) -> String {
    fn cap(s: &str) -> String {
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => String::new(),
        }
    }
    match shape {
        Shape::Scalar { go } => cap(go.name()),
        Shape::String => "String".into(),
        Shape::Bytes => "Bytes".into(),
        Shape::Slice { elem } => format!("SliceOf{}", mangle(elem)),
        Shape::Array { len, elem } => format!("Array{len}Of{}", mangle(elem)),
        Shape::Map { key, value } => format!("MapOf{}To{}", mangle(key), mangle(value)),
        Shape::Struct { fields } => {
            let mut s = "Struct".to_string();
            for (n, t) in fields {
                s += &format!("_{n}{}", mangle(t));
            }
            s
        }
        Shape::Pointer { elem } => format!("PtrTo{}", mangle(elem)),
        Shape::Named { go, .. } => go
            .chars()
            .map(|c| match c {
                '.' => "_".to_string(),
                '[' => "Of".to_string(),
                ',' => "And".to_string(),
                '*' => "Ptr".to_string(),
                c if c.is_alphanumeric() || c == '_' => c.to_string(),
                _ => String::new(),
            })
            .collect(),
    }
}

/// Generated Go decoder source for the given shapes: the cursor type `<prefix>Cursor` and one
/// `<prefix>Decode<Mangle>(c *<prefix>Cursor) T` per composite shape they contain.
pub struct GoDecoder {
    pub source: String,
    /// Imports the decoder needs (`math` for floats).
    pub imports: BTreeSet<String>,
}

/// Go expression decoding `shape` from the cursor `c`; scalars inline, others by function.
pub fn go_expr(shape: &Shape, prefix: &str) -> String {
    go_expr_from(shape, prefix, "c")
}

/// [`go_expr`] reading from the cursor variable `cur`.
pub fn go_expr_from(shape: &Shape, prefix: &str, cur: &str) -> String {
    let e = go_expr_inner(shape, prefix);
    if cur == "c" {
        return e;
    }
    e.replace("(c)", &format!("({cur})"))
        .replace("c.", &format!("{cur}."))
}

fn go_expr_inner(shape: &Shape, prefix: &str) -> String {
    match shape {
        Shape::Scalar { go } => match *go {
            Basic::Bool => "c.next()&1 == 1".into(),
            Basic::Float32 => "math.Float32frombits(uint32(c.fixed(4)))".into(),
            Basic::Float64 => "math.Float64frombits(c.fixed(8))".into(),
            Basic::Int => "int(int64(c.fixed(8)))".into(),
            Basic::Uint64 => "c.fixed(8)".into(),
            other => {
                let (w, _) = int_width(other).unwrap_or((8, true));
                format!("{other}(c.fixed({w}))")
            }
        },
        Shape::String => "string(c.bytes())".into(),
        Shape::Bytes => "c.bytes()".into(),
        _ => format!("{prefix}Decode{}(c)", mangle(shape)),
    }
}

/// Go source of the cursor and every decode function `shapes` need, in a stable order.
pub fn go_decoder(shapes: &[&Shape], prefix: &str) -> GoDecoder {
    let mut funcs: std::collections::BTreeMap<String, String> = Default::default();
    let mut imports = BTreeSet::new();
    for s in shapes {
        collect(s, prefix, &mut funcs, &mut imports);
    }
    let mut src = String::new();
    if shapes.is_empty() {
        return GoDecoder {
            source: src,
            imports,
        };
    }
    let cur = format!("{prefix}Cursor");
    let _ = write!(
        src,
        "// {cur} reads heatseed's decoder format: fixed-width little-endian numbers,
// length-prefixed strings, count-prefixed slices and maps; missing bytes read as zero.
type {cur} struct{{ b []byte }}

func (c *{cur}) next() byte {{
\tif len(c.b) == 0 {{
\t\treturn 0
\t}}
\tv := c.b[0]
\tc.b = c.b[1:]
\treturn v
}}

func (c *{cur}) fixed(n int) uint64 {{
\tvar v uint64
\tfor i := 0; i < n; i++ {{
\t\tv |= uint64(c.next()) << uint(8*i)
\t}}
\treturn v
}}

func (c *{cur}) bytes() []byte {{
\tn := int(c.next())
\tif n >= 0x80 {{
\t\tn = n&0x7f | int(c.next())<<7
\t}}
\tif n > len(c.b) {{
\t\tn = len(c.b)
\t}}
\tv := append([]byte(nil), c.b[:n]...)
\tc.b = c.b[n:]
\treturn v
}}

func (c *{cur}) count() int {{
\tn := int(c.next())
\tif n > {MAX_COUNT} {{
\t\tn = {MAX_COUNT}
\t}}
\treturn n
}}
"
    );
    for body in funcs.values() {
        src.push('\n');
        src.push_str(body);
    }
    GoDecoder {
        source: src,
        imports,
    }
}

fn collect(
    shape: &Shape,
    prefix: &str,
    funcs: &mut std::collections::BTreeMap<String, String>,
    imports: &mut BTreeSet<String>,
) {
    let cur = format!("{prefix}Cursor");
    let name = format!("{prefix}Decode{}", mangle(shape));
    let ty = shape.go_type();
    let head = format!("func {name}(c *{cur}) {ty} {{\n");
    let body = match shape {
        Shape::Scalar { go } => {
            if go.kind() == Kind::Float {
                imports.insert("math".into());
            }
            return;
        }
        Shape::String | Shape::Bytes => return,
        Shape::Slice { elem } => {
            collect(elem, prefix, funcs, imports);
            format!(
                "\tn := c.count()\n\tvar v {ty}\n\tfor i := 0; i < n && len(c.b) > 0; i++ {{\n\t\tv = append(v, {})\n\t}}\n\treturn v\n",
                go_expr(elem, prefix)
            )
        }
        Shape::Map { key, value } => {
            collect(key, prefix, funcs, imports);
            collect(value, prefix, funcs, imports);
            format!(
                "\tn := c.count()\n\tif n == 0 || len(c.b) == 0 {{\n\t\treturn nil\n\t}}\n\tv := make({ty}, n)\n\tfor i := 0; i < n && len(c.b) > 0; i++ {{\n\t\tk := {}\n\t\tv[k] = {}\n\t}}\n\treturn v\n",
                go_expr(key, prefix),
                go_expr(value, prefix)
            )
        }
        Shape::Array { elem, .. } => {
            collect(elem, prefix, funcs, imports);
            format!(
                "\tvar v {ty}\n\tfor i := range v {{\n\t\tv[i] = {}\n\t}}\n\treturn v\n",
                go_expr(elem, prefix)
            )
        }
        Shape::Struct { fields } => struct_body(&ty, fields, prefix, funcs, imports),
        Shape::Pointer { elem } => {
            collect(elem, prefix, funcs, imports);
            format!("\tv := {}\n\treturn &v\n", go_expr(elem, prefix))
        }
        Shape::Named { go, inner } => match &**inner {
            Shape::Struct { fields } => struct_body(go, fields, prefix, funcs, imports),
            other => {
                collect(other, prefix, funcs, imports);
                let conv = if go.starts_with('*') {
                    format!("({go})")
                } else {
                    go.clone()
                };
                format!("\treturn {conv}({})\n", go_expr(other, prefix))
            }
        },
    };
    funcs
        .entry(name)
        .or_insert_with(|| format!("{head}{body}}}\n"));
}

fn struct_body(
    ty: &str,
    fields: &[(String, Shape)],
    prefix: &str,
    funcs: &mut std::collections::BTreeMap<String, String>,
    imports: &mut BTreeSet<String>,
) -> String {
    let mut b = format!("\tvar v {ty}\n");
    for (n, s) in fields {
        collect(s, prefix, funcs, imports);
        let _ = writeln!(b, "\tv.{n} = {}", go_expr(s, prefix));
    }
    b.push_str("\treturn v\n");
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sc(go: &str) -> Shape {
        Shape::Scalar {
            go: Basic::parse(go).expect("a basic type"),
        }
    }

    #[test]
    fn scalars_are_fixed_width_little_endian() {
        assert_eq!(encode(&sc("int16"), &Value::Int(-2)), vec![0xfe, 0xff]);
        assert_eq!(encode(&sc("uint32"), &Value::Uint(1)), vec![1, 0, 0, 0]);
        assert_eq!(decode(&sc("int8"), &[0xff]), Value::Int(-1));
        assert_eq!(
            decode(&sc("int"), &[5]),
            Value::Int(5),
            "missing bytes are zero"
        );
        assert_eq!(decode(&sc("bool"), &[3]), Value::Bool(true));
    }

    #[test]
    fn strings_use_one_or_two_length_bytes() {
        assert_eq!(
            encode(&Shape::String, &Value::str("ab")),
            b"\x02ab".to_vec()
        );
        let long = vec![b'x'; 200];
        let e = encode(&Shape::Bytes, &Value::Bytes(long.clone()));
        assert_eq!(&e[..2], &[0x80 | (200 & 0x7f) as u8, 1]);
        assert_eq!(decode(&Shape::Bytes, &e), Value::Bytes(long));
        // Length clamped to what remains.
        assert_eq!(decode(&Shape::String, b"\x09ab"), Value::str("ab"));
    }

    #[test]
    fn counts_are_clamped_and_stop_at_end_of_input() {
        let s = Shape::Slice {
            elem: Box::new(sc("uint8")),
        };
        assert_eq!(
            decode(&s, &[200, 1, 2]),
            Value::List(vec![Value::Uint(1), Value::Uint(2)])
        );
        let many = Value::List((0..100).map(Value::Uint).collect());
        assert_eq!(encode(&s, &many)[0], MAX_COUNT as u8);
    }

    #[test]
    fn mismatched_values_encode_as_zero() {
        let s = Shape::Struct {
            fields: vec![("A".into(), sc("int8")), ("B".into(), Shape::String)],
        };
        assert_eq!(encode(&s, &Value::Bool(true)), vec![0, 0]);
        assert_eq!(
            zero(&s),
            Value::Struct(vec![Value::Int(0), Value::Bytes(vec![])])
        );
    }

    #[test]
    fn decoding_is_total_and_reencodes_canonically() {
        let shape = Shape::Named {
            go: "T".into(),
            inner: Box::new(Shape::Struct {
                fields: vec![
                    (
                        "A".into(),
                        Shape::Slice {
                            elem: Box::new(sc("int32")),
                        },
                    ),
                    (
                        "M".into(),
                        Shape::Map {
                            key: Box::new(Shape::String),
                            value: Box::new(sc("bool")),
                        },
                    ),
                    ("F".into(), sc("float64")),
                    (
                        "X".into(),
                        Shape::Array {
                            len: 2,
                            elem: Box::new(sc("uint16")),
                        },
                    ),
                ],
            }),
        };
        let mut seed = 1u64;
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (seed >> 56) as u8
                })
                .collect();
            let v = decode(&shape, &bytes);
            let again = encode(&shape, &v);
            // NaN floats compare unequal; compare the re-decoded bytes instead.
            assert_eq!(encode(&shape, &decode(&shape, &again)), again);
        }
    }

    #[test]
    fn go_decoder_names_are_stable() {
        let s = Shape::Map {
            key: Box::new(Shape::String),
            value: Box::new(sc("int")),
        };
        assert_eq!(mangle(&s), "MapOfStringToInt");
        let d = go_decoder(&[&s], "heatseed");
        assert!(d
            .source
            .contains("func heatseedDecodeMapOfStringToInt(c *heatseedCursor) map[string]int {"));
        assert!(d.imports.is_empty());
    }
}
