//! The value model: one [`Value`] per argument of a Go fuzz function.
//!
//! [`FuzzType`] (defined in [`crate::gotypes`]) names exactly the types Go's `f.Fuzz` accepts (`[]byte string bool byte rune
//! float32 float64 int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64`). In Go `byte` is
//! `uint8` and `rune` is `int32`, but a fuzz function (and a hand-written corpus file) may spell
//! them either way, so both spellings are kept as distinct variants. [`Value::go_eq`] compares
//! under Go's type identity instead.
//!
//! Conventions: `int`/`uint` are held as 64-bit (Go's corpus reader parses them as 64-bit);
//! `string` holds raw bytes because a Go string may be invalid UTF-8; floats compare and hash by
//! their bit pattern, so every NaN payload and `-0` are distinct values.

use std::hash::{Hash, Hasher};

pub use crate::gotypes::FuzzType;

impl FuzzType {
    /// Go's zero value of the type.
    pub fn zero(self) -> Value {
        match self {
            FuzzType::Bytes => Value::Bytes(Vec::new()),
            FuzzType::String => Value::String(Vec::new()),
            FuzzType::Bool => Value::Bool(false),
            FuzzType::Byte => Value::Byte(0),
            FuzzType::Rune => Value::Rune(0),
            FuzzType::Float32 => Value::Float32(0.0),
            FuzzType::Float64 => Value::Float64(0.0),
            FuzzType::Int => Value::Int(0),
            FuzzType::Int8 => Value::Int8(0),
            FuzzType::Int16 => Value::Int16(0),
            FuzzType::Int32 => Value::Int32(0),
            FuzzType::Int64 => Value::Int64(0),
            FuzzType::Uint => Value::Uint(0),
            FuzzType::Uint8 => Value::Uint8(0),
            FuzzType::Uint16 => Value::Uint16(0),
            FuzzType::Uint32 => Value::Uint32(0),
            FuzzType::Uint64 => Value::Uint64(0),
        }
    }
}

/// One fuzz argument value. See the module docs for the conventions.
#[derive(Clone, Debug)]
pub enum Value {
    Bytes(Vec<u8>),
    /// A Go string: raw bytes, not necessarily UTF-8.
    String(Vec<u8>),
    Bool(bool),
    Byte(u8),
    Rune(i32),
    Float32(f32),
    Float64(f64),
    /// Go `int`, held as 64-bit.
    Int(i64),
    Int8(i8),
    Int16(i16),
    Int32(i32),
    Int64(i64),
    /// Go `uint`, held as 64-bit.
    Uint(u64),
    Uint8(u8),
    Uint16(u16),
    Uint32(u32),
    Uint64(u64),
}

impl Value {
    /// This value's numeric type holding `k`, when it fits (None for other types).
    pub fn with_int(&self, k: i128) -> Option<Value> {
        Some(match self {
            Value::Int(_) => Value::Int(i64::try_from(k).ok()?),
            Value::Int8(_) => Value::Int8(i8::try_from(k).ok()?),
            Value::Int16(_) => Value::Int16(i16::try_from(k).ok()?),
            Value::Int32(_) => Value::Int32(i32::try_from(k).ok()?),
            Value::Int64(_) => Value::Int64(i64::try_from(k).ok()?),
            Value::Uint(_) => Value::Uint(u64::try_from(k).ok()?),
            Value::Uint8(_) => Value::Uint8(u8::try_from(k).ok()?),
            Value::Uint16(_) => Value::Uint16(u16::try_from(k).ok()?),
            Value::Uint32(_) => Value::Uint32(u32::try_from(k).ok()?),
            Value::Uint64(_) => Value::Uint64(u64::try_from(k).ok()?),
            Value::Byte(_) => Value::Byte(u8::try_from(k).ok()?),
            Value::Rune(_) => Value::Rune(i32::try_from(k).ok()?),
            Value::Float64(_) => Value::Float64(k as f64),
            Value::Float32(_) => Value::Float32(k as f32),
            _ => return None,
        })
    }

    pub fn fuzz_type(&self) -> FuzzType {
        match self {
            Value::Bytes(_) => FuzzType::Bytes,
            Value::String(_) => FuzzType::String,
            Value::Bool(_) => FuzzType::Bool,
            Value::Byte(_) => FuzzType::Byte,
            Value::Rune(_) => FuzzType::Rune,
            Value::Float32(_) => FuzzType::Float32,
            Value::Float64(_) => FuzzType::Float64,
            Value::Int(_) => FuzzType::Int,
            Value::Int8(_) => FuzzType::Int8,
            Value::Int16(_) => FuzzType::Int16,
            Value::Int32(_) => FuzzType::Int32,
            Value::Int64(_) => FuzzType::Int64,
            Value::Uint(_) => FuzzType::Uint,
            Value::Uint8(_) => FuzzType::Uint8,
            Value::Uint16(_) => FuzzType::Uint16,
            Value::Uint32(_) => FuzzType::Uint32,
            Value::Uint64(_) => FuzzType::Uint64,
        }
    }

    /// The same value with Go's type identity applied: `Byte` becomes `Uint8`, `Rune` becomes
    /// `Int32`. Two values are the same Go value iff their canonical forms are equal.
    pub fn go_canonical(&self) -> Value {
        match *self {
            Value::Byte(b) => Value::Uint8(b),
            Value::Rune(r) => Value::Int32(r),
            _ => self.clone(),
        }
    }

    /// Equality under Go's type identity (`byte` = `uint8`, `rune` = `int32`), floats by bits.
    pub fn go_eq(&self, other: &Value) -> bool {
        self.go_canonical() == other.go_canonical()
    }

    /// A string value from text.
    pub fn string(s: &str) -> Value {
        Value::String(s.as_bytes().to_vec())
    }

    /// A key that gives equality and hashing: floats by their bits.
    fn key(&self) -> (FuzzType, KeyPayload<'_>) {
        let p = match self {
            Value::Bytes(b) | Value::String(b) => KeyPayload::Bytes(b),
            Value::Bool(b) => KeyPayload::Int(*b as i128),
            Value::Byte(v) | Value::Uint8(v) => KeyPayload::Int(*v as i128),
            Value::Rune(v) | Value::Int32(v) => KeyPayload::Int(*v as i128),
            Value::Float32(v) => KeyPayload::Int(v.to_bits() as i128),
            Value::Float64(v) => KeyPayload::Int(v.to_bits() as i128),
            Value::Int(v) | Value::Int64(v) => KeyPayload::Int(*v as i128),
            Value::Int8(v) => KeyPayload::Int(*v as i128),
            Value::Int16(v) => KeyPayload::Int(*v as i128),
            Value::Uint(v) | Value::Uint64(v) => KeyPayload::Int(*v as i128),
            Value::Uint16(v) => KeyPayload::Int(*v as i128),
            Value::Uint32(v) => KeyPayload::Int(*v as i128),
        };
        (self.fuzz_type(), p)
    }
}

#[derive(PartialEq, Eq, Hash)]
enum KeyPayload<'a> {
    Bytes(&'a [u8]),
    Int(i128),
}

/// Floats compare by bits: `NaN == NaN` (same payload), `0.0 != -0.0`.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_has_its_own_type() {
        for t in FuzzType::ALL {
            assert_eq!(t.zero().fuzz_type(), t);
        }
    }

    #[test]
    fn floats_compare_by_bits() {
        assert_eq!(Value::Float64(f64::NAN), Value::Float64(f64::NAN));
        assert_ne!(Value::Float64(0.0), Value::Float64(-0.0));
        assert_ne!(
            Value::Float64(f64::from_bits(0x7ff8000000000001)),
            Value::Float64(f64::NAN)
        );
    }

    #[test]
    fn byte_and_uint8_are_distinct_but_go_equal() {
        assert_ne!(Value::Byte(7), Value::Uint8(7));
        assert!(Value::Byte(7).go_eq(&Value::Uint8(7)));
        assert!(Value::Rune(-1).go_eq(&Value::Int32(-1)));
        assert!(!Value::Int(1).go_eq(&Value::Int64(1)));
        assert_eq!(FuzzType::Byte.go_identity(), FuzzType::Uint8);
    }
}

pub mod bases;
pub mod data_files;
pub mod int_args;
pub mod structured;
pub mod synth;
pub mod tables;
