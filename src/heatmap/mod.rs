//! Heatmap ingest: Go text coverage profiles in, a resolved [`Heatmap`] out.
//!
//! Three steps, each with its own type:
//! 1. [`parse::parse_profile`]: bytes of one profile file → [`RawProfile`] (raw block lines, each
//!    remembering the profile line it came from).
//! 2. [`merge::merge_profiles`]: several raw profiles → [`MergedProfile`], blocks merged the way
//!    `golang.org/x/tools/cover` merges them (set: OR, count/atomic: sum in u64).
//! 3. [`resolve::resolve`]: profile file names → files on disk via `go.mod`/`go.work`
//!    ([`resolve::ModuleMap`]), giving the validated [`Heatmap`].

pub mod merge;
pub mod parse;
pub mod resolve;

pub use merge::merge_profiles;
pub use parse::{parse_profile, read_profile, read_regular_file};
pub use resolve::{resolve, Module, ModuleMap};

use crate::span::CoverRange;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Coverage mode from the `mode:` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Set,
    Count,
    Atomic,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Set => "set",
            Mode::Count => "count",
            Mode::Atomic => "atomic",
        }
    }
}

/// One block line of a profile, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawBlock {
    /// File name exactly as in the profile (import path form, absolute path, Windows path...).
    pub file: String,
    pub range: CoverRange,
    pub num_stmt: u32,
    pub count: u64,
    /// 1-based line number in the profile file, for error messages.
    pub line_no: usize,
}

/// One parsed profile file.
#[derive(Clone, Debug)]
pub struct RawProfile {
    pub path: PathBuf,
    pub mode: Mode,
    pub blocks: Vec<RawBlock>,
    /// Things the reader accepted but the user should hear about (concatenated profiles, CRLF).
    pub notes: Vec<String>,
}

/// A merged block (no file name: blocks are grouped per file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Block {
    pub range: CoverRange,
    pub num_stmt: u32,
    pub count: u64,
}

/// All profiles merged: per profile file name, blocks sorted by start and deduplicated.
#[derive(Clone, Debug)]
pub struct MergedProfile {
    pub mode: Mode,
    pub files: BTreeMap<String, Vec<Block>>,
    pub notes: Vec<String>,
}

/// Blocks of one source file that exists on disk.
#[derive(Clone, Debug)]
pub struct FileHeat {
    /// File name as the profile spells it (what `go tool cover -func` prints).
    pub profile_name: String,
    /// Absolute path on disk.
    pub path: PathBuf,
    /// Import path of the file's package (`example.com/shop/order`), or the directory for
    /// files named by absolute path.
    pub import_path: String,
    pub blocks: Vec<Block>,
}

/// A profile file name that could not be mapped to a file on disk.
#[derive(Clone, Debug, Serialize)]
pub struct Unresolved {
    pub profile_name: String,
    pub reason: String,
}

/// The validated heatmap: every file is on disk, inside a known module or named absolutely.
#[derive(Clone, Debug)]
pub struct Heatmap {
    pub mode: Mode,
    pub files: Vec<FileHeat>,
    pub unresolved: Vec<Unresolved>,
    pub notes: Vec<String>,
}
