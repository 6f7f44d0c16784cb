//! One seed (the argument values of a native Go fuzz test) encoded as the raw input the
//! go-118-fuzz-build testing shim turns back into exactly those values.
//!
//! On OSS-Fuzz and ClusterFuzzLite, `compile_native_go_fuzzer` builds a `FuzzXxx` against
//! `github.com/AdamKorcz/go-118-fuzz-build/testing` (verified against version
//! [`SHIM_VERSION`]). Its `F.Fuzz` ignores `f.Add` and builds every argument after
//! `*testing.T`, in order, from libFuzzer's input with `github.com/AdaLogics/go-fuzz-headers`'
//! `ConsumeFuzzer` (the version the shim requires, `v0.0.0-20230811130428-ced1acdcaa24`; the
//! newer `v0.0.0-20240806141605-e8a1dd7889d6` reads these types the same way). The shim switches
//! on the argument's run-time type name, so `byte` is read as `uint8` and `rune` as `int32`.
//! What each type consumes, from the current position (all multi-byte numbers written
//! big-endian here):
//!
//! | type | bytes consumed | how the value is made |
//! |---|---|---|
//! | `bool` | 1 | even byte: `true`, odd byte: `false` (so `true` = `0x00`, `false` = `0x01`) |
//! | `int8`, `uint8`/`byte` | 1 | the byte (stored into `int8` by two's-complement truncation) |
//! | `int16`, `uint16` | 2 + 1 | `GetUint16`: two bytes, then an endianness byte (even: little-endian, odd: big-endian; written `0x01`) |
//! | `int32`/`rune`, `uint32` | 4 | `GetUint32`: always big-endian, *no* endianness byte |
//! | `int`, `int64`, `uint`, `uint64` | 8 + 1 | `GetUint64`: eight bytes and an endianness byte (`0x01`); `int`/`uint` truncate on 32-bit platforms |
//! | `float32` | 4 + 1 | `GetFloat32`: the IEEE bits, then an endianness byte (`0x01`) |
//! | `float64` | 8 + 1 | `GetFloat64`: the IEEE bits, then an endianness byte (`0x01`) |
//! | `string` | 4 + n | `GetString`: a big-endian `uint32` length n, then n bytes. It fails when no byte at all follows the length (even for n = 0), when the data ends before n bytes, or when the string would start past offset 2,000,000 (`MaxTotalLen`) |
//! | `[]byte` | 4 + n | `GetBytes`: a big-endian `uint32` length L; L = 0 is read as 30; with `left` = bytes after the length field, it fails when `left` = 0, and otherwise takes `L % left` bytes unless L = `left` (then all of them) |
//!
//! When any read fails (the data ran out), `F.Fuzz` returns without calling the function; bytes
//! left over after the last argument are ignored. So the encoding here: every value in order;
//! a `[]byte` of length n > 0 gets L = n (n < `left`, or n = `left` when it is last); an empty
//! `[]byte` gets L = 2·`left` (a non-zero multiple of `left` that is not `left`); an empty
//! `string` or `[]byte` that would end the data gets one padding byte `0x00` after it.
//! Seeds the shim cannot express are refused with a reason ([`ShimError`]): a string starting
//! past `MaxTotalLen`, a length that does not fit a `uint32`.

use crate::values::Value;

/// The go-118-fuzz-build version whose reading of the input this module follows (and that
/// `tests/export_shim.rs` checks it against).
pub const SHIM_VERSION: &str = "v0.0.0-20250520111509-a70c2aa677fa";

/// go-fuzz-headers' `MaxTotalLen`: `GetString` fails once the position after the length field
/// is past this.
pub const MAX_TOTAL_LEN: usize = 2_000_000;

/// The endianness byte written after 16- and 64-bit integers and floats: odd = big-endian.
const BIG_ENDIAN_FLAG: u8 = 0x01;

/// Why a seed cannot be encoded for the shim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShimError {
    /// A string argument would start past go-fuzz-headers' `MaxTotalLen`.
    StringPastLimit { arg: usize, offset: usize },
    /// A length does not fit the `uint32` length field (or the input grows past 4 GiB).
    TooLong { arg: usize, len: usize },
}

impl std::fmt::Display for ShimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShimError::StringPastLimit { arg, offset } => write!(
                f,
                "argument {} is a string starting at byte {offset}, past go-fuzz-headers' limit of {MAX_TOTAL_LEN}",
                arg + 1
            ),
            ShimError::TooLong { arg, len } => write!(
                f,
                "argument {} is {len} bytes long, more than a uint32 length field holds",
                arg + 1
            ),
        }
    }
}

/// The shim input for `values` (the fuzz function's arguments after `*testing.T`, in order).
pub fn encode_seed(values: &[Value]) -> Result<Vec<u8>, ShimError> {
    // Byte-slice lengths depend on how many bytes follow them: encode back to front.
    let mut parts: Vec<Vec<u8>> = Vec::with_capacity(values.len());
    let mut tail_len: usize = 0;
    for (i, v) in values.iter().enumerate().rev() {
        let part = encode_value(i, v, tail_len, i + 1 == values.len())?;
        tail_len = tail_len
            .checked_add(part.len())
            .filter(|&n| n <= u32::MAX as usize)
            .ok_or(ShimError::TooLong {
                arg: i,
                len: part.len(),
            })?;
        parts.push(part);
    }
    let out: Vec<u8> = parts.into_iter().rev().flatten().collect();
    check_string_offsets(values)?;
    Ok(out)
}

/// One argument's bytes. `tail_len` is the length of everything encoded after it; `last` says
/// whether it ends the input (then an empty string or byte slice needs a padding byte).
fn encode_value(i: usize, v: &Value, tail_len: usize, last: bool) -> Result<Vec<u8>, ShimError> {
    let mut b = Vec::new();
    match v {
        Value::Bool(x) => b.push(if *x { 0x00 } else { 0x01 }),
        Value::Int8(x) => b.push(*x as u8),
        Value::Uint8(x) | Value::Byte(x) => b.push(*x),
        Value::Int16(x) => with_flag(&mut b, &x.to_be_bytes()),
        Value::Uint16(x) => with_flag(&mut b, &x.to_be_bytes()),
        Value::Int32(x) | Value::Rune(x) => b.extend_from_slice(&x.to_be_bytes()),
        Value::Uint32(x) => b.extend_from_slice(&x.to_be_bytes()),
        Value::Int(x) | Value::Int64(x) => with_flag(&mut b, &x.to_be_bytes()),
        Value::Uint(x) | Value::Uint64(x) => with_flag(&mut b, &x.to_be_bytes()),
        Value::Float32(x) => with_flag(&mut b, &x.to_bits().to_be_bytes()),
        Value::Float64(x) => with_flag(&mut b, &x.to_bits().to_be_bytes()),
        Value::String(s) => {
            let len = u32_len(i, s.len())?;
            b.extend_from_slice(&len.to_be_bytes());
            b.extend_from_slice(s);
            if s.is_empty() && last {
                b.push(0x00);
            }
        }
        Value::Bytes(s) => {
            let pad = s.is_empty() && last;
            // Bytes after the length field: the slice, any padding, and the later arguments.
            let left = s.len() + usize::from(pad) + tail_len;
            let field = if s.is_empty() {
                u32_len(i, left.saturating_mul(2))?
            } else {
                u32_len(i, s.len())?
            };
            b.extend_from_slice(&field.to_be_bytes());
            b.extend_from_slice(s);
            if pad {
                b.push(0x00);
            }
        }
    }
    Ok(b)
}

fn with_flag(b: &mut Vec<u8>, bytes: &[u8]) {
    b.extend_from_slice(bytes);
    b.push(BIG_ENDIAN_FLAG);
}

fn u32_len(arg: usize, len: usize) -> Result<u32, ShimError> {
    u32::try_from(len).map_err(|_| ShimError::TooLong { arg, len })
}

/// Refuses inputs where a string would start past [`MAX_TOTAL_LEN`].
fn check_string_offsets(values: &[Value]) -> Result<(), ShimError> {
    let mut pos = 0usize;
    for (i, v) in values.iter().enumerate() {
        let len = encoded_len(v);
        if let Value::String(_) = v {
            let offset = pos + 4;
            if offset > MAX_TOTAL_LEN {
                return Err(ShimError::StringPastLimit { arg: i, offset });
            }
        }
        pos += len;
    }
    Ok(())
}

/// How many bytes `v` takes (without padding).
fn encoded_len(v: &Value) -> usize {
    match v {
        Value::Bool(_) | Value::Int8(_) | Value::Uint8(_) | Value::Byte(_) => 1,
        Value::Int16(_) | Value::Uint16(_) => 3,
        Value::Int32(_) | Value::Rune(_) | Value::Uint32(_) => 4,
        Value::Float32(_) => 5,
        Value::Int(_) | Value::Int64(_) | Value::Uint(_) | Value::Uint64(_) | Value::Float64(_) => {
            9
        }
        Value::String(s) | Value::Bytes(s) => 4 + s.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_follow_the_consumer_layout() {
        assert_eq!(encode_seed(&[Value::Bool(true)]).unwrap(), [0x00]);
        assert_eq!(encode_seed(&[Value::Bool(false)]).unwrap(), [0x01]);
        assert_eq!(encode_seed(&[Value::Int8(-1)]).unwrap(), [0xff]);
        assert_eq!(
            encode_seed(&[Value::Int16(-2)]).unwrap(),
            [0xff, 0xfe, 0x01]
        );
        assert_eq!(
            encode_seed(&[Value::Rune('Ⅷ' as i32)]).unwrap(),
            [0x00, 0x00, 0x21, 0x67]
        );
        assert_eq!(
            encode_seed(&[Value::Int(1)]).unwrap(),
            [0, 0, 0, 0, 0, 0, 0, 1, 0x01]
        );
        assert_eq!(
            encode_seed(&[Value::Float32(1.0)]).unwrap(),
            [0x3f, 0x80, 0, 0, 0x01]
        );
    }

    #[test]
    fn strings_and_bytes_carry_a_length() {
        assert_eq!(
            encode_seed(&[Value::String(b"ab".to_vec()), Value::Bool(true)]).unwrap(),
            [0, 0, 0, 2, b'a', b'b', 0x00]
        );
        // Last non-empty slice: L equals the bytes left.
        assert_eq!(
            encode_seed(&[Value::Bytes(b"xyz".to_vec())]).unwrap(),
            [0, 0, 0, 3, b'x', b'y', b'z']
        );
    }

    #[test]
    fn empty_string_or_bytes_at_the_end_is_padded() {
        assert_eq!(
            encode_seed(&[Value::String(Vec::new())]).unwrap(),
            [0, 0, 0, 0, 0]
        );
        // Empty slice, last: left = 1 (the padding), L = 2.
        assert_eq!(
            encode_seed(&[Value::Bytes(Vec::new())]).unwrap(),
            [0, 0, 0, 2, 0]
        );
    }

    #[test]
    fn empty_bytes_before_other_arguments_use_a_multiple_of_what_is_left() {
        // left = 9 (an int), L = 18: 18 % 9 = 0 bytes.
        let enc = encode_seed(&[Value::Bytes(Vec::new()), Value::Int(5)]).unwrap();
        assert_eq!(&enc[..4], &[0, 0, 0, 18]);
        assert_eq!(enc.len(), 4 + 9);
    }

    #[test]
    fn a_string_past_the_limit_is_refused() {
        let big = Value::Bytes(vec![b'a'; MAX_TOTAL_LEN]);
        let err = encode_seed(&[big, Value::String(b"x".to_vec())]).unwrap_err();
        assert_eq!(
            err,
            ShimError::StringPastLimit {
                arg: 1,
                offset: MAX_TOTAL_LEN + 8
            }
        );
        assert!(err.to_string().contains("argument 2"), "{err}");
    }
}
