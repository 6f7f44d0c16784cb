//! Go's `strconv` number parsers, exactly: `ParseUint`, `ParseInt` (and so `Atoi`) with bases
//! 0 and 2..36, bit sizes, `_` separators for base 0 (Go's `underscoreOK`), and the clamped
//! value Go returns with a range error; `ParseFloat` for decimal numbers and Go's special
//! spellings of infinities and NaN, correctly rounded to 32 or 64 bits.

use std::fmt;

/// Go's `math.Float64bits(math.NaN())`.
pub const GO_NAN64_BITS: u64 = 0x7FF8_0000_0000_0001;
/// Go's `math.Float32bits(float32(math.NaN()))` (on every non-MIPS platform).
pub const GO_NAN32_BITS: u32 = 0x7FC0_0000;

/// Why a parse failed, as Go's `*NumError` says it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NumError {
    /// `strconv.ErrSyntax`.
    Syntax,
    /// `strconv.ErrRange`, with the value Go returns alongside (the nearest bound, or ±Inf).
    Range(Num),
    /// Valid for Go but not parsed here (hexadecimal floats).
    Unsupported,
}

/// A parsed or clamped number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    Int(i128),
    Float(f64),
}

impl NumError {
    /// The message for input `s`: `invalid syntax: "s"`, `value out of range: "s"`.
    pub fn message(&self, s: &str) -> String {
        match self {
            NumError::Syntax => format!("invalid syntax: {s:?}"),
            NumError::Range(_) => format!("value out of range: {s:?}"),
            NumError::Unsupported => {
                format!("hexadecimal float literals are not supported: {s:?}")
            }
        }
    }
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumError::Syntax => write!(f, "invalid syntax"),
            NumError::Range(_) => write!(f, "value out of range"),
            NumError::Unsupported => write!(f, "hexadecimal float literals are not supported"),
        }
    }
}

/// Go's `strconv.ParseUint(s, base, bits)` (`bits` 1..=64; base 0 reads a `0x`/`0o`/`0b`/`0`
/// prefix and allows `_` between digits). A range error carries the type's maximum.
pub fn parse_uint(s: &str, base: u32, bits: u32) -> Result<u64, NumError> {
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let b = s.as_bytes();
    let base0 = base == 0;
    let (base, digits) = match base {
        2..=36 => (base, b),
        0 if b[0] == b'0' && b.len() >= 3 => match b[1].to_ascii_lowercase() {
            b'b' => (2, &b[2..]),
            b'o' => (8, &b[2..]),
            b'x' => (16, &b[2..]),
            _ => (8, &b[1..]),
        },
        0 if b[0] == b'0' => (8, &b[1..]),
        0 => (10, b),
        _ => return Err(NumError::Syntax),
    };
    let max: u64 = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    let range = Err(NumError::Range(Num::Int(max as i128)));
    let mut underscores = false;
    let mut n: u64 = 0;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => c - b'0',
            _ if c.is_ascii_alphabetic() => c.to_ascii_lowercase() - b'a' + 10,
            _ => return Err(NumError::Syntax),
        };
        if d as u32 >= base {
            return Err(NumError::Syntax);
        }
        let Some(next) = n
            .checked_mul(base as u64)
            .and_then(|m| m.checked_add(d as u64))
        else {
            return range;
        };
        if next > max {
            return range;
        }
        n = next;
    }
    if underscores && !underscore_ok(s) {
        return Err(NumError::Syntax);
    }
    Ok(n)
}

/// Go's `strconv.ParseInt(s, base, bits)`: an optional sign, then [`parse_uint`]. A range
/// error carries the bound Go clamps to.
pub fn parse_int(s: &str, base: u32, bits: u32) -> Result<i64, NumError> {
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let (neg, body) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let un = match parse_uint(body, base, bits) {
        Ok(v) => v,
        Err(NumError::Range(Num::Int(v))) => v as u64,
        Err(e) => return Err(e),
    };
    let cutoff: u64 = 1 << (bits.clamp(1, 64) - 1);
    if !neg && un >= cutoff {
        return Err(NumError::Range(Num::Int(cutoff as i128 - 1)));
    }
    if neg && un > cutoff {
        return Err(NumError::Range(Num::Int(-(cutoff as i128))));
    }
    let v = un as i128;
    Ok((if neg { -v } else { v }) as i64)
}

/// Go's `underscoreOK`: `_` only between digits (a base prefix counts as a digit).
pub fn underscore_ok(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s).as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = s[1].eq_ignore_ascii_case(&b'x');
    }
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// Go's `strconv.ParseFloat(s, bits)` (`bits` 32 or 64) for decimal numbers (`_` separators
/// as Go allows them) and Go's special spellings (`inf`, `+Infinity`, `NaN`, any case; NaN
/// has Go's bits). Overflow is a range error carrying ±Inf; hexadecimal floats are
/// [`NumError::Unsupported`].
pub fn parse_float(s: &str, bits: u32) -> Result<f64, NumError> {
    if let Some(v) = special(s) {
        return Ok(match v {
            v if v.is_nan() && bits == 32 => f32::from_bits(GO_NAN32_BITS) as f64,
            v if v.is_nan() => f64::from_bits(GO_NAN64_BITS),
            v => v,
        });
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s).as_bytes();
    if body.len() >= 2 && body[0] == b'0' && body[1].eq_ignore_ascii_case(&b'x') {
        return Err(NumError::Unsupported);
    }
    if s.contains('_') && !underscore_ok(s) {
        return Err(NumError::Syntax);
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let plain = clean
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !plain {
        return Err(NumError::Syntax);
    }
    let v = if bits == 32 {
        clean.parse::<f32>().map_err(|_| NumError::Syntax)? as f64
    } else {
        clean.parse::<f64>().map_err(|_| NumError::Syntax)?
    };
    if v.is_infinite() {
        return Err(NumError::Range(Num::Float(v)));
    }
    Ok(v)
}

/// Go's `special`: `[+-]inf`, `[+-]infinity` and `nan` (no sign), case-insensitive, as the
/// whole input.
fn special(s: &str) -> Option<f64> {
    let (sign, body) = match s.as_bytes().first()? {
        b'+' => (1.0, &s[1..]),
        b'-' => (-1.0, &s[1..]),
        _ => (1.0, s),
    };
    if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        return Some(sign * f64::INFINITY);
    }
    (body.len() == s.len() && s.eq_ignore_ascii_case("nan")).then_some(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_int_and_uint_follow_go() {
        assert_eq!(parse_int("65536", 10, 64), Ok(65536));
        assert_eq!(parse_int("-12", 10, 64), Ok(-12));
        assert_eq!(parse_int("+7", 10, 8), Ok(7));
        assert_eq!(parse_int("", 10, 64), Err(NumError::Syntax));
        assert_eq!(parse_int("1_000", 10, 64), Err(NumError::Syntax));
        assert_eq!(parse_int("1_000", 0, 64), Ok(1000));
        assert_eq!(parse_int("0x_1F", 0, 64), Ok(31));
        assert_eq!(parse_int("017", 0, 64), Ok(15));
        assert_eq!(parse_int("0", 0, 64), Ok(0));
        assert_eq!(parse_int("0x", 0, 64), Err(NumError::Syntax));
        assert_eq!(parse_int("1__0", 0, 64), Err(NumError::Syntax));
        assert_eq!(parse_int("_1", 0, 64), Err(NumError::Syntax));
        assert_eq!(parse_int("zz", 36, 64), Ok(35 * 36 + 35));
        assert_eq!(
            parse_int("9223372036854775808", 10, 64),
            Err(NumError::Range(Num::Int(i64::MAX as i128)))
        );
        assert_eq!(parse_int("-9223372036854775808", 10, 64), Ok(i64::MIN));
        assert_eq!(
            parse_int("-129", 10, 8),
            Err(NumError::Range(Num::Int(-128)))
        );
        assert_eq!(parse_uint("255", 10, 8), Ok(255));
        assert_eq!(
            parse_uint("256", 10, 8),
            Err(NumError::Range(Num::Int(255)))
        );
        assert_eq!(parse_uint("+1", 10, 8), Err(NumError::Syntax));
        assert_eq!(parse_uint("18446744073709551615", 0, 64), Ok(u64::MAX));
        assert_eq!(
            parse_uint("18446744073709551616", 0, 64),
            Err(NumError::Range(Num::Int(u64::MAX as i128)))
        );
        assert_eq!(parse_uint("1", 1, 64), Err(NumError::Syntax));
    }

    #[test]
    fn parse_float_follows_go() {
        assert_eq!(parse_float("1.5e3", 64), Ok(1500.0));
        assert_eq!(parse_float(".5", 64), Ok(0.5));
        assert_eq!(parse_float("1_000.5", 64), Ok(1000.5));
        assert_eq!(parse_float("1__0", 64), Err(NumError::Syntax));
        assert_eq!(parse_float("-Inf", 64), Ok(f64::NEG_INFINITY));
        assert_eq!(parse_float("+infinity", 64), Ok(f64::INFINITY));
        assert_eq!(parse_float("infin", 64), Err(NumError::Syntax));
        assert_eq!(parse_float("NaN", 64).map(f64::to_bits), Ok(GO_NAN64_BITS));
        assert_eq!(
            parse_float("nan", 32).map(|v| (v as f32).to_bits()),
            Ok(GO_NAN32_BITS)
        );
        assert_eq!(parse_float("+nan", 64), Err(NumError::Syntax));
        assert_eq!(parse_float("x", 64), Err(NumError::Syntax));
        assert_eq!(parse_float("", 64), Err(NumError::Syntax));
        assert_eq!(
            parse_float("1e309", 64),
            Err(NumError::Range(Num::Float(f64::INFINITY)))
        );
        assert_eq!(
            parse_float("-1e39", 32),
            Err(NumError::Range(Num::Float(f64::NEG_INFINITY)))
        );
        assert_eq!(parse_float("0.1", 32), Ok(0.1f32 as f64));
        assert_eq!(parse_float("0x1p-2", 64), Err(NumError::Unsupported));
        assert_eq!(
            NumError::Syntax.message("1x"),
            "invalid syntax: \"1x\"".to_string()
        );
    }
}
