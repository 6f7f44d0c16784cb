//! The one door through which seed measurement starts child processes (`go test -c`, the test
//! binaries): a timeout, the child in its own process group, and the whole group killed when the
//! timeout passes. Kept to one function so it can be swapped for the shared process layer.

use crate::error::{Error, Result};
use std::ffi::OsStr;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
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
/// Errors only when the program cannot be started.
pub(crate) fn run<S: AsRef<OsStr>>(
    program: &str,
    args: &[S],
    cwd: &Path,
    timeout: Duration,
) -> Result<Ran> {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::Toolchain(format!("starting {program} in {}: {e}", cwd.display())))?;
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let waited = wait_timeout::ChildExt::wait_timeout(&mut child, timeout)
        .map_err(|e| Error::Toolchain(format!("waiting for {program}: {e}")))?;
    let exit = match waited {
        Some(s) if s.success() => Exit::Success,
        Some(s) => Exit::Failure(s.code()),
        None => {
            #[cfg(unix)]
            {
                // SAFETY: plain syscall; the group id is the child's pid (process_group(0)).
                unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL) };
            }
            let _ = child.kill();
            let _ = child.wait();
            Exit::Timeout
        }
    };
    Ok(Ran {
        exit,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
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
