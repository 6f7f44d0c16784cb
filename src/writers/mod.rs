//! Writers: everything heatseed puts on disk, byte-exact and written safely.
//!
//! - [`native`]: Go native fuzzing corpus files (`testdata/fuzz/FuzzX/<sha256-prefix>`), written
//!   exactly as Go's `internal/fuzz` writes them, and read back as Go reads them.
//! - [`dict`]: libFuzzer/AFL dictionaries.
//! - [`fsio`]: the one place that touches the file system: writes confined to the module root,
//!   atomic, idempotent, never over a user's file, with a dry-run mode.
//!
//! Go's lexical formatting (`%q`, `%v` of floats) and literal parsing live in [`crate::golex`].

pub mod decoder;
pub mod dict;
pub mod fsio;
pub mod harness;
pub mod native;
