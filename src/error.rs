//! Typed errors of the library and the exit codes the binary maps them to.
//!
//! Library code returns [`enum@Error`]; every variant that concerns a file carries the file and, where
//! there is one, the 1-based line. The binary names the action once and maps the kind to an exit
//! code (see [`ExitCode`]).

use std::path::PathBuf;
use thiserror::Error;

/// Documented exit codes (also listed in the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitCode {
    /// Success.
    Ok = 0,
    /// Unexpected internal failure (a bug: please report).
    Internal = 1,
    /// Bad command line (clap also exits 2).
    Usage = 2,
    /// Bad input: malformed, stale or unreadable profile, missing sources.
    Input = 3,
    /// A write was refused or failed (outside the module root, user file in the way, I/O).
    Write = 4,
    /// The Go toolchain was needed and failed or is missing.
    Toolchain = 5,
}

#[derive(Debug, Error)]
pub enum Error {
    #[error("{path}:{line}: {message}\n  | {text}")]
    ProfileSyntax {
        path: PathBuf,
        line: usize,
        message: String,
        text: String,
    },
    #[error("{path}: {message}")]
    Profile { path: PathBuf, message: String },
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("{path}: {message}")]
    Write { path: PathBuf, message: String },
    #[error("{0}")]
    Toolchain(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::ProfileSyntax { .. } | Error::Profile { .. } | Error::Input { .. } => {
                ExitCode::Input
            }
            Error::Io { .. } => ExitCode::Input,
            Error::Usage(_) => ExitCode::Usage,
            Error::Write { .. } => ExitCode::Write,
            Error::Toolchain(_) => ExitCode::Toolchain,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
