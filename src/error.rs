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
    /// `run --fail-on-findings` and the run found crashes, hangs or failures.
    Findings = 6,
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
    /// `run --fail-on-findings`: the run completed (report and state written) with findings.
    #[error("{0} finding(s) (--fail-on-findings)")]
    Findings(usize),
    /// Reading failed: an input error.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Writing (or making a scratch copy) failed: a write error.
    #[error("{path}: {source}")]
    WriteIo {
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
            Error::Write { .. } | Error::WriteIo { .. } => ExitCode::Write,
            Error::Toolchain(_) => ExitCode::Toolchain,
            Error::Findings(_) => ExitCode::Findings,
        }
    }

    /// A failed read of `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A failed write (or directory creation, rename, scratch copy) at `path`.
    pub fn write_io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::WriteIo {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `text` with every control character except the line feed escaped (`\0`, `\t`, `\u{1b}`),
/// so a file name from a profile or the disk cannot drive the terminal. Messages keep their
/// own line breaks; a file name cannot hold one in a profile (the format is line based).
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Runs `f` (the whole program) and turns a panic into [`ExitCode::Internal`] instead of
/// Rust's 101. The message is printed by the hook [`install_panic_hook`] installs.
pub fn exit_code_catching_panics(f: impl FnOnce() -> i32 + std::panic::UnwindSafe) -> i32 {
    std::panic::catch_unwind(f).unwrap_or(ExitCode::Internal as i32)
}

/// Replaces Rust's panic message with a short bug report line (what panicked and where).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "heatseed: internal error (a bug; please report it with the command line): {}{at}",
            escape_controls(&what)
        );
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_exits_1_not_101() {
        let code = exit_code_catching_panics(|| panic!("boom"));
        assert_eq!(code, ExitCode::Internal as i32);
        assert_eq!(exit_code_catching_panics(|| 4), 4);
    }

    #[test]
    fn write_io_errors_exit_4_and_read_io_errors_exit_3() {
        let e = || std::io::Error::other("disk full");
        assert_eq!(Error::write_io("/m/a", e()).exit_code(), ExitCode::Write);
        assert_eq!(Error::io("/m/a", e()).exit_code(), ExitCode::Input);
    }

    #[test]
    fn control_characters_are_escaped_but_line_feeds_kept() {
        assert_eq!(escape_controls("a\0b.go\x1b[31m"), "a\\0b.go\\u{1b}[31m");
        assert_eq!(escape_controls("x\n  | y\t"), "x\n  | y\\t");
        assert!(matches!(
            escape_controls("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
