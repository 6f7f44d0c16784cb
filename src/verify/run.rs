//! How seed measurement starts child processes (`go test -c`, the test binaries): through the
//! process layer ([`crate::toolchain`]): a timeout, the child in its own process group, the
//! whole group killed when the timeout passes or a signal arrives.

use crate::error::{Error, Result};
use crate::toolchain::{self, GoCommand};
use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// How a child process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    Success,
    /// Non-zero exit code, or killed by a signal (`None`).
    Failure(Option<i32>),
    /// Still running when the timeout passed: its process group was killed.
    Timeout,
}

/// A finished child: how it ended and its output.
#[derive(Debug)]
pub(crate) struct Ran {
    pub exit: Exit,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Ran {
    /// stdout then stderr, lossily decoded, for messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned() + &String::from_utf8_lossy(&self.stderr)
    }
}

/// Runs `program args...` in `cwd` with stdin closed, and kills its process group (the go
/// command's compilers and linkers, a test binary's children) when it runs past `timeout`.
/// `go` goes through [`toolchain::GoCommand`] (build tags, a private `GOTMPDIR`); anything else
/// (a test binary) through [`toolchain::run_limited`]: both register the child so a signal
/// kills it. Errors only when the program cannot be started.
pub(crate) fn run<S: AsRef<OsStr>>(
    program: &str,
    args: &[S],
    cwd: &Path,
    timeout: Duration,
) -> Result<Ran> {
    let out = match (program, args.split_first()) {
        ("go", Some((sub, rest))) => GoCommand::new(&sub.as_ref().to_string_lossy())
            .args(rest.iter().map(|a| a.as_ref().to_os_string()))
            .dir(cwd)
            .limit(timeout)
            .run()?,
        _ => {
            let mut cmd = Command::new(program);
            cmd.args(args).current_dir(cwd);
            toolchain::run_limited(cmd, timeout).map_err(|e| {
                Error::Toolchain(format!("starting {program} in {}: {e}", cwd.display()))
            })?
        }
    };
    Ok(Ran {
        exit: match out.exit {
            toolchain::Exit::Success => Exit::Success,
            toolchain::Exit::Failure(c) => Exit::Failure(c),
            toolchain::Exit::TimedOut => Exit::Timeout,
        },
        stdout: out.stdout,
        stderr: out.stderr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_failure_and_output() {
        let ok = run(
            "sh",
            &["-c", "echo out; echo err >&2"],
            Path::new("."),
            Duration::from_secs(30),
        )
        .unwrap();
        assert_eq!(ok.exit, Exit::Success);
        assert_eq!(ok.stdout, b"out\n");
        assert_eq!(ok.stderr, b"err\n");
        let bad = run(
            "sh",
            &["-c", "exit 3"],
            Path::new("."),
            Duration::from_secs(30),
        )
        .unwrap();
        assert_eq!(bad.exit, Exit::Failure(Some(3)));
    }

    #[cfg(unix)]
    #[test]
    fn timeout_kills_the_whole_group() {
        // The grandchild holds the pipes open: without the group kill, reading would block for
        // the full sleep.
        let start = std::time::Instant::now();
        let r = run(
            "sh",
            &["-c", "sleep 30 & sleep 30"],
            Path::new("."),
            Duration::from_millis(200),
        )
        .unwrap();
        assert_eq!(r.exit, Exit::Timeout);
        assert!(start.elapsed() < Duration::from_secs(20));
    }

    #[test]
    fn missing_program_is_a_toolchain_error() {
        let e = run(
            "heatseed-no-such-program",
            &["x"],
            Path::new("."),
            Duration::from_secs(1),
        );
        assert!(matches!(e, Err(Error::Toolchain(_))));
    }
}
