//! Go's lexical syntax and `strconv` behaviour, in one place and depending on nothing else in
//! the crate: literal decoding (interpreted and raw strings, runes, integers in every base with
//! `_` separators, floats), quoting as `strconv.Quote`/`QuoteRune` (what `%q` prints), float
//! formatting as `%v` (`strconv.FormatFloat(f, 'g', -1, size)`), and the number parsers
//! `strconv.ParseInt`/`ParseUint`/`ParseFloat`.
//!
//! - [`format`](mod@format): quoting and float formatting, Go's printability table and UTF-8 decoding.
//! - [`literal`]: `strconv.Unquote`, `UnquoteChar`, and integer/float literals as written.
//! - [`strconv`]: the number parsers, with Go's errors and clamped values.

pub mod format;
mod isprint;
pub mod literal;
pub mod strconv;

pub use format::{decode_rune, format_f32, format_f64, is_print, quote, quote_rune, valid_rune};
pub use literal::{
    parse_float_lit, parse_int_lit, string_lit_text, unquote_char_lit, unquote_string,
};
pub use strconv::{
    parse_float, parse_int, parse_uint, underscore_ok, Num, NumError, GO_NAN32_BITS, GO_NAN64_BITS,
};
