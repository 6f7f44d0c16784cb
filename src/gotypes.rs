//! Go's predeclared basic types, in one table: every other module asks here instead of
//! keeping its own list of type names.
//!
//! [`Basic`] is one predeclared type as the source spells it. `byte` and `rune` are aliases of
//! `uint8` and `int32` in Go, but they keep their own variants because rendered Go (harness
//! parameters, conversions, corpus files) must repeat the spelling the source used;
//! [`Basic::canonical`] gives Go's type identity. For each type the table ([`TABLE`]) records
//! its [`Kind`], bit size (`int`, `uint` and `uintptr` are taken as 64-bit, like the Go
//! toolchain on every platform heatseed targets), whether `f.Fuzz` accepts it as an argument
//! (and as which [`FuzzType`]), and its zero-value literal.
//!
//! [`FuzzType`] names exactly the argument types Go's `f.Fuzz` accepts: `[]byte` plus sixteen
//! of the basic types (no `uintptr`, no complex types).
//!
//! This module is a leaf: it depends on nothing else in the crate.

use serde::{Serialize, Serializer};
use std::fmt;

/// A predeclared Go basic type, spelled as in the source (`byte` and `uint8` differ here).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Basic {
    Bool,
    String,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
    Byte,
    Rune,
    Float32,
    Float64,
    Complex64,
    Complex128,
}

/// What kind of value a basic type holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    /// `int`, `int8`..`int64`, `rune`.
    Signed,
    /// `uint`, `uint8`..`uint64`, `byte`.
    Unsigned,
    /// `uintptr`: an unsigned integer `f.Fuzz` does not accept.
    Uintptr,
    Float,
    Complex,
    String,
}

/// One row of the basic-type table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Info {
    pub basic: Basic,
    /// The Go spelling.
    pub name: &'static str,
    /// The type this one is an alias of (`byte` → `uint8`, `rune` → `int32`).
    pub alias_of: Option<Basic>,
    pub kind: Kind,
    /// Size in bits (0 for `string`; `int`, `uint`, `uintptr` as 64).
    pub bits: u32,
    /// The `f.Fuzz` argument type, when Go's fuzzer accepts this type.
    pub fuzz: Option<FuzzType>,
    /// The zero value as an untyped constant literal (`false`, `""`, `0`).
    pub zero: &'static str,
}

const fn row(
    basic: Basic,
    name: &'static str,
    kind: Kind,
    bits: u32,
    fuzz: Option<FuzzType>,
) -> Info {
    let zero = match kind {
        Kind::Bool => "false",
        Kind::String => "\"\"",
        _ => "0",
    };
    let alias_of = match basic {
        Basic::Byte => Some(Basic::Uint8),
        Basic::Rune => Some(Basic::Int32),
        _ => None,
    };
    Info {
        basic,
        name,
        alias_of,
        kind,
        bits,
        fuzz,
        zero,
    }
}

/// Every basic type, in the order of [`Basic`]'s variants (`TABLE[b as usize].basic == b`).
pub const TABLE: [Info; 19] = {
    use Basic as B;
    use FuzzType as F;
    use Kind as K;
    [
        row(B::Bool, "bool", K::Bool, 1, Some(F::Bool)),
        row(B::String, "string", K::String, 0, Some(F::String)),
        row(B::Int, "int", K::Signed, 64, Some(F::Int)),
        row(B::Int8, "int8", K::Signed, 8, Some(F::Int8)),
        row(B::Int16, "int16", K::Signed, 16, Some(F::Int16)),
        row(B::Int32, "int32", K::Signed, 32, Some(F::Int32)),
        row(B::Int64, "int64", K::Signed, 64, Some(F::Int64)),
        row(B::Uint, "uint", K::Unsigned, 64, Some(F::Uint)),
        row(B::Uint8, "uint8", K::Unsigned, 8, Some(F::Uint8)),
        row(B::Uint16, "uint16", K::Unsigned, 16, Some(F::Uint16)),
        row(B::Uint32, "uint32", K::Unsigned, 32, Some(F::Uint32)),
        row(B::Uint64, "uint64", K::Unsigned, 64, Some(F::Uint64)),
        row(B::Uintptr, "uintptr", K::Uintptr, 64, None),
        row(B::Byte, "byte", K::Unsigned, 8, Some(F::Byte)),
        row(B::Rune, "rune", K::Signed, 32, Some(F::Rune)),
        row(B::Float32, "float32", K::Float, 32, Some(F::Float32)),
        row(B::Float64, "float64", K::Float, 64, Some(F::Float64)),
        row(B::Complex64, "complex64", K::Complex, 64, None),
        row(B::Complex128, "complex128", K::Complex, 128, None),
    ]
};

impl Basic {
    /// The type's row in [`TABLE`].
    pub const fn info(self) -> &'static Info {
        &TABLE[self as usize]
    }

    /// The basic type a predeclared name denotes (`byte` → [`Basic::Byte`]); `None` for any
    /// other name. The caller must know the name is not shadowed or package-qualified.
    pub fn parse(name: &str) -> Option<Basic> {
        TABLE.iter().find(|i| i.name == name).map(|i| i.basic)
    }

    /// The Go spelling.
    pub const fn name(self) -> &'static str {
        self.info().name
    }

    pub const fn kind(self) -> Kind {
        self.info().kind
    }

    pub const fn bits(self) -> u32 {
        self.info().bits
    }

    /// The type Go sees: `uint8` for `byte`, `int32` for `rune`, the type itself otherwise.
    pub fn canonical(self) -> Basic {
        self.info().alias_of.unwrap_or(self)
    }

    /// The `f.Fuzz` argument type of this type, if Go's fuzzer accepts it.
    pub const fn fuzz_type(self) -> Option<FuzzType> {
        self.info().fuzz
    }

    /// Bits and signedness for the integer types (`uintptr` included), `None` otherwise.
    pub fn int_bits(self) -> Option<(u32, bool)> {
        match self.kind() {
            Kind::Signed => Some((self.bits(), true)),
            Kind::Unsigned | Kind::Uintptr => Some((self.bits(), false)),
            _ => None,
        }
    }

    /// A numeric type: integer, float or complex.
    pub fn is_numeric(self) -> bool {
        !matches!(self.kind(), Kind::Bool | Kind::String)
    }

    /// The zero value as an expression of exactly this type: the bare literal when the
    /// literal's default type is this type (`false`, `""`, `0` for `int`), else a conversion
    /// (`int8(0)`, `float64(0)`).
    pub fn typed_zero(self) -> String {
        match self.kind() {
            Kind::Bool | Kind::String => self.info().zero.to_string(),
            _ if self == Basic::Int => self.info().zero.to_string(),
            _ => format!("{}({})", self.name(), self.info().zero),
        }
    }
}

impl fmt::Display for Basic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Basic {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A type Go's `f.Fuzz` accepts as an argument: `[]byte` or one of sixteen basic types.
/// `byte`/`uint8` and `rune`/`int32` are distinct variants, as for [`Basic`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FuzzType {
    Bytes,
    String,
    Bool,
    Byte,
    Rune,
    Float32,
    Float64,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
}

impl FuzzType {
    /// Every supported type, in the order of the Go documentation.
    pub const ALL: [FuzzType; 17] = [
        FuzzType::Bytes,
        FuzzType::String,
        FuzzType::Bool,
        FuzzType::Byte,
        FuzzType::Rune,
        FuzzType::Float32,
        FuzzType::Float64,
        FuzzType::Int,
        FuzzType::Int8,
        FuzzType::Int16,
        FuzzType::Int32,
        FuzzType::Int64,
        FuzzType::Uint,
        FuzzType::Uint8,
        FuzzType::Uint16,
        FuzzType::Uint32,
        FuzzType::Uint64,
    ];

    /// The basic type, for every fuzz type but `[]byte`.
    pub fn basic(self) -> Option<Basic> {
        TABLE.iter().find(|i| i.fuzz == Some(self)).map(|i| i.basic)
    }

    /// The Go spelling of the type, e.g. `[]byte`, `int64`.
    pub fn go_name(self) -> &'static str {
        self.basic().map_or("[]byte", Basic::name)
    }

    /// Parses a Go type name as written in a fuzz function's parameter list. `[]uint8` is
    /// accepted as `[]byte` (the same Go type). Anything else `f.Fuzz` rejects gives `None`.
    pub fn parse(name: &str) -> Option<FuzzType> {
        match name {
            "[]byte" | "[]uint8" => Some(FuzzType::Bytes),
            _ => Basic::parse(name).and_then(Basic::fuzz_type),
        }
    }

    /// The type Go sees: `uint8` for `byte`, `int32` for `rune`, the type itself otherwise.
    pub fn go_identity(self) -> FuzzType {
        self.basic()
            .and_then(|b| b.canonical().fuzz_type())
            .unwrap_or(self)
    }

    /// The zero value as an `f.Add` argument: `[]byte{}`, `""`, `false`, `0`, `int8(0)`.
    pub fn typed_zero(self) -> String {
        self.basic()
            .map_or_else(|| "[]byte{}".to_string(), Basic::typed_zero)
    }
}

impl fmt::Display for FuzzType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.go_name())
    }
}

impl Serialize for FuzzType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.go_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_follow_variant_order() {
        for (i, row) in TABLE.iter().enumerate() {
            assert_eq!(row.basic as usize, i, "{}", row.name);
            assert_eq!(Basic::parse(row.name), Some(row.basic));
        }
        assert_eq!(Basic::parse("Int"), None);
        assert_eq!(Basic::parse("error"), None);
    }

    #[test]
    fn aliases_share_identity_but_keep_spelling() {
        assert_eq!(Basic::Byte.canonical(), Basic::Uint8);
        assert_eq!(Basic::Rune.canonical(), Basic::Int32);
        assert_eq!(Basic::Byte.name(), "byte");
        assert_eq!(Basic::Byte.int_bits(), Basic::Uint8.int_bits());
        assert_eq!(FuzzType::Rune.go_identity(), FuzzType::Int32);
        assert_eq!(FuzzType::Bytes.go_identity(), FuzzType::Bytes);
    }

    #[test]
    fn fuzz_types_are_exactly_what_go_accepts() {
        let fuzzable: Vec<&str> = TABLE
            .iter()
            .filter(|i| i.fuzz.is_some())
            .map(|i| i.name)
            .collect();
        assert_eq!(fuzzable.len(), 16);
        for t in FuzzType::ALL {
            assert_eq!(FuzzType::parse(t.go_name()), Some(t));
        }
        for bad in ["uintptr", "complex64", "complex128", "[]int", "*int", ""] {
            assert_eq!(FuzzType::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn int_bits_and_typed_zero() {
        assert_eq!(Basic::Uintptr.int_bits(), Some((64, false)));
        assert_eq!(Basic::Rune.int_bits(), Some((32, true)));
        assert_eq!(Basic::Float32.int_bits(), None);
        assert_eq!(FuzzType::Int.typed_zero(), "0");
        assert_eq!(FuzzType::Int8.typed_zero(), "int8(0)");
        assert_eq!(FuzzType::Float64.typed_zero(), "float64(0)");
        assert_eq!(FuzzType::String.typed_zero(), "\"\"");
        assert_eq!(FuzzType::Bool.typed_zero(), "false");
        assert_eq!(FuzzType::Bytes.typed_zero(), "[]byte{}");
    }
}
