//! The one door to child processes: every `go` command heatseed runs starts here.
//!
//! A command ([`GoCommand`]) runs with a hard time limit in its own process group; on timeout
//! the whole group gets SIGKILL (the `go` command and the test binaries it started), so a seed
//! that blocks forever costs one limit, never Go's 10-minute default. stdout and stderr are
//! read on threads (no pipe deadlock). Every build command gets the run's build tags
//! ([`Settings::tags`], `-tags`); `GOFLAGS` from the environment is honoured by `go` itself.
//! Each command gets a fresh `GOTMPDIR` owned by heatseed, removed afterwards, so the
//! `go-build*` directories of a killed `go` do not stay in `$TMPDIR`.
//!
//! The module also keeps the registry of live process groups and scratch directories
//! ([`scratch_dir`]): on SIGINT or SIGTERM ([`Session`]) every live group is killed, every
//! scratch directory removed, and the process exits with 130 (SIGINT) or 143 (SIGTERM).
//! [`testjson`] reads `go test -json` output into typed results.

pub mod testjson;

use crate::error::{Error, Result};
use crate::index::constraint::BuildContext;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Default per-package replay limit (`generate --timeout`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// Time a `go` command may take beyond its test binaries' limits: compiling the packages.
pub const BUILD_ALLOWANCE: Duration = Duration::from_secs(180);

/// How every `go` command of this run is started.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Build tags (`--tags a,b`) passed as `-tags` to every build command.
    pub tags: Vec<String>,
    /// Time limit of one package's replay (`go test -timeout`).
    pub timeout: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            tags: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

static SETTINGS: RwLock<Option<Settings>> = RwLock::new(None);

/// Sets the run's settings (the CLI does this once, from its flags).
pub fn configure(s: Settings) {
    *SETTINGS.write().unwrap_or_else(|e| e.into_inner()) = Some(s);
}

/// The run's settings (defaults when [`configure`] was not called).
pub fn settings() -> Settings {
    SETTINGS
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_default()
}

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// Exit status (None: killed by a signal not sent by heatseed).
    Failure(Option<i32>),
    /// Hit the hard time limit; the process group was killed.
    TimedOut,
}

/// Output of a finished command.
#[derive(Debug)]
pub struct Output {
    pub exit: Exit,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Output {
    pub fn success(&self) -> bool {
        self.exit == Exit::Success
    }
    /// stdout and stderr as text (lossy), stdout first.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned() + &String::from_utf8_lossy(&self.stderr)
    }
}

/// `go` subcommands that take build flags (`-tags`).
const BUILD_SUBCOMMANDS: &[&str] = &["build", "test", "vet", "list", "run", "install"];

/// `<sub> [-tags=a,b]`.
fn base_args(sub: &str, s: &Settings) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec![sub.into()];
    if BUILD_SUBCOMMANDS.contains(&sub) && !s.tags.is_empty() {
        args.push(format!("-tags={}", s.tags.join(",")).into());
    }
    args
}

/// One `go` invocation: `go <sub> [-tags ...] <args>` in a directory, with a hard limit.
#[derive(Clone, Debug)]
pub struct GoCommand {
    args: Vec<OsString>,
    dir: Option<PathBuf>,
    env: Vec<(OsString, OsString)>,
    limit: Duration,
    /// `TMPDIR` is the command's private temp directory too ([`GoCommand::private_tmpdir`]).
    private_tmp: bool,
}

impl GoCommand {
    /// `go <sub>`, with `-tags` of the run's [`Settings`] for build subcommands, and a hard
    /// limit of [`BUILD_ALLOWANCE`] plus the per-package timeout.
    pub fn new(sub: &str) -> Self {
        let s = settings();
        GoCommand {
            args: base_args(sub, &s),
            dir: None,
            env: Vec::new(),
            limit: BUILD_ALLOWANCE + s.timeout,
            private_tmp: false,
        }
    }

    /// Points `TMPDIR` at the command's private temp directory (removed afterwards, also when
    /// the command is killed): `go test -fuzz` keeps its 100 MB shared-memory files
    /// (`fuzz-*`) there, which a killed coordinator never removes.
    pub fn private_tmpdir(mut self) -> Self {
        self.private_tmp = true;
        self
    }

    /// `go test -count=1 -timeout=<T>` for replaying the seeds of `packages` packages: Go's own
    /// timeout ([`Settings::timeout`]) makes a blocked test binary panic with a goroutine dump
    /// naming the running subtest; the hard limit (build allowance plus one timeout per
    /// package, a little more than Go's) is the backstop when Go's timer cannot fire.
    pub fn test_replay(packages: usize) -> Self {
        let s = settings();
        let mut c = GoCommand::new("test");
        c.args.push("-count=1".into());
        c.args
            .push(format!("-timeout={}ms", s.timeout.as_millis().max(1)).into());
        let per = s.timeout + Duration::from_secs(2);
        c.limit = BUILD_ALLOWANCE + per * packages.max(1) as u32;
        c
    }

    pub fn arg(mut self, a: impl Into<OsString>) -> Self {
        self.args.push(a.into());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn dir(mut self, d: &Path) -> Self {
        self.dir = Some(d.to_path_buf());
        self
    }

    pub fn env(mut self, k: impl Into<OsString>, v: impl Into<OsString>) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    /// Overrides the hard limit.
    pub fn limit(mut self, d: Duration) -> Self {
        self.limit = d;
        self
    }

    /// The arguments after `go`.
    pub fn argv(&self) -> &[OsString] {
        &self.args
    }

    /// Runs it. A `go` that cannot be started is [`Error::Toolchain`]; a failing or timed-out
    /// command is an [`Output`] with its [`Exit`].
    pub fn run(&self) -> Result<Output> {
        let gotmp = scratch_dir("heatseed-gotmp-")?;
        let mut cmd = Command::new("go");
        cmd.args(&self.args).env("GOTMPDIR", gotmp.path());
        if self.private_tmp {
            cmd.env("TMPDIR", gotmp.path());
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        if let Some(d) = &self.dir {
            cmd.current_dir(d);
        }
        let show = || {
            let a: Vec<String> = self
                .args
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            format!("go {}", a.join(" "))
        };
        run_limited(cmd, self.limit)
            .map_err(|e| Error::Toolchain(format!("running {}: {e}", show())))
    }
}

/// The build context of the run: `go env` (GOOS, GOARCH, GOVERSION, CGO_ENABLED, and the
/// `-tags` in GOFLAGS) plus [`Settings::tags`]. Without a working `go`: the host's OS and
/// architecture (or `$GOOS`/`$GOARCH`), cgo off, and the newest release tags.
pub fn build_context() -> BuildContext {
    let s = settings();
    let env = GoCommand::new("env")
        .args([
            "-json",
            "GOOS",
            "GOARCH",
            "GOVERSION",
            "CGO_ENABLED",
            "GOFLAGS",
        ])
        .limit(Duration::from_secs(60))
        .run()
        .ok()
        .filter(Output::success)
        .and_then(|o| {
            serde_json::from_slice::<std::collections::BTreeMap<String, String>>(&o.stdout).ok()
        })
        .unwrap_or_default();
    context_from(&env, &s.tags)
}

/// The build context without asking `go`: `$GOOS`/`$GOARCH`/`$GOFLAGS` or the host, cgo off,
/// every release tag, plus [`Settings::tags`].
pub fn host_build_context() -> BuildContext {
    context_from(&Default::default(), &settings().tags)
}

fn context_from(env: &std::collections::BTreeMap<String, String>, tags: &[String]) -> BuildContext {
    let get = |k: &str| {
        env.get(k)
            .cloned()
            .filter(|v| !v.is_empty())
            .or_else(|| std::env::var(k).ok().filter(|v| !v.is_empty()))
    };
    let host_arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64",
        "loongarch64" => "loong64",
        a => a,
    };
    let goos = get("GOOS").unwrap_or_else(|| std::env::consts::OS.replace("macos", "darwin"));
    let goarch = get("GOARCH").unwrap_or_else(|| host_arch.to_string());
    let go_minor = get("GOVERSION")
        .and_then(|v| {
            v.strip_prefix("go1.").map(|r| {
                r.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
        })
        .and_then(|m| m.parse().ok())
        .unwrap_or(u32::MAX);
    let mut all: BTreeSet<String> = tags.iter().cloned().collect();
    if let Some(flags) = get("GOFLAGS") {
        all.extend(goflags_tags(&flags));
    }
    BuildContext {
        goos,
        goarch,
        cgo: get("CGO_ENABLED").as_deref() == Some("1"),
        go_minor,
        tags: all,
    }
}

/// The tags of a `-tags=a,b` (or `--tags=a,b`) in GOFLAGS (space-separated flags).
fn goflags_tags(flags: &str) -> Vec<String> {
    flags
        .split_whitespace()
        .filter_map(|f| f.trim_start_matches('-').strip_prefix("tags="))
        .flat_map(|v| {
            v.split([',', ' '])
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Live process groups (their leaders' pids) and registered scratch directories.
struct Registry {
    groups: BTreeSet<i32>,
    dirs: BTreeSet<PathBuf>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    groups: BTreeSet::new(),
    dirs: BTreeSet::new(),
});

/// Set once a termination signal arrived: no new child is started after it.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Held (shared) by code that must not be cut off half-way by a signal, such as one atomic
/// file write; the signal handler takes it exclusively before it exits.
static CRITICAL: RwLock<()> = RwLock::new(());

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Holds off the signal handler's exit while alive (for short critical sections such as an
/// atomic write: temp file, then rename).
pub fn critical() -> std::sync::RwLockReadGuard<'static, ()> {
    CRITICAL.read().unwrap_or_else(|e| e.into_inner())
}

/// Runs `cmd` in a new process group with piped output, killing the group after `limit`.
pub fn run_limited(mut cmd: Command, limit: Duration) -> std::io::Result<Output> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = {
        let mut reg = registry();
        if INTERRUPTED.load(Ordering::SeqCst) {
            drop(reg);
            wait_for_exit();
        }
        let child = cmd.spawn()?;
        reg.groups.insert(child.id() as i32);
        child
    };
    let pgid = child.id() as i32;
    let out_rx = reader(child.stdout.take());
    let err_rx = reader(child.stderr.take());
    let start = Instant::now();
    let mut timed_out = false;
    loop {
        if exited_unreaped(pgid) {
            break;
        }
        if start.elapsed() >= limit {
            timed_out = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(15));
    }
    // The leader is a zombie (or still running): its pid, hence the group id, cannot be reused
    // yet, so killing the group reaches only its own processes, incl. stray descendants.
    kill_group(pgid);
    let status = child.wait();
    registry().groups.remove(&pgid);
    if INTERRUPTED.load(Ordering::SeqCst) {
        // Killed by the signal handler, which is about to exit the process with its own code:
        // do not report the kill as a failure of go.
        wait_for_exit();
    }
    let status = status?;
    // Pipes close once every process of the group is gone; a descendant that left the group
    // could hold them open, so do not wait for ever.
    let grace = Duration::from_secs(5);
    let stdout = out_rx.recv_timeout(grace).unwrap_or_default();
    let stderr = err_rx.recv_timeout(grace).unwrap_or_default();
    let exit = if timed_out {
        Exit::TimedOut
    } else if status.success() {
        Exit::Success
    } else {
        Exit::Failure(status.code())
    };
    Ok(Output {
        exit,
        stdout,
        stderr,
    })
}

/// When a termination signal arrived, blocks for good (the handler exits the process with the
/// signal's code): errors caused by the killed children must not pick the exit code.
pub fn hold_if_interrupted() {
    if INTERRUPTED.load(Ordering::SeqCst) {
        wait_for_exit();
    }
}

/// Blocks the calling thread for good: the signal handler is exiting the process.
fn wait_for_exit() -> ! {
    loop {
        std::thread::park();
    }
}

fn reader<R: Read + Send + 'static>(pipe: Option<R>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        let _ = tx.send(buf);
    });
    rx
}

/// True when the process `pid` has exited; it is left unreaped (a zombie).
fn exited_unreaped(pid: i32) -> bool {
    // SAFETY: waitid with a zeroed siginfo_t it fills in; WNOWAIT leaves the child waitable.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        let r = libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        );
        // An error (no such child) counts as exited.
        r != 0 || info.si_pid() != 0
    }
}

fn kill_group(pgid: i32) {
    // SAFETY: plain syscall; ESRCH (no such group) is fine.
    unsafe {
        libc::kill(-pgid, libc::SIGKILL);
    }
}

/// A scratch directory removed on drop and on SIGINT/SIGTERM.
#[derive(Debug)]
pub struct Scratch {
    dir: Option<tempfile::TempDir>,
    path: PathBuf,
}

impl Scratch {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(d) = self.dir.take() {
            let _ = d.close();
        }
        registry().dirs.remove(&self.path);
    }
}

/// A fresh directory in the system temp dir, registered for removal on a signal.
pub fn scratch_dir(prefix: &str) -> Result<Scratch> {
    let tmp = std::env::temp_dir();
    let mut reg = registry();
    if INTERRUPTED.load(Ordering::SeqCst) {
        drop(reg);
        wait_for_exit();
    }
    // The pid in the name lets a later run remove what a killed run (SIGKILL) left.
    let d = tempfile::Builder::new()
        .prefix(&format!("{prefix}{}-", std::process::id()))
        .tempdir()
        .map_err(|e| Error::write_io(&tmp, e))?;
    let path = d.path().to_path_buf();
    reg.dirs.insert(path.clone());
    Ok(Scratch { dir: Some(d), path })
}

/// Removes scratch directories (`heatseed-<kind>-<pid>-*` in the temp directory) whose heatseed
/// process is gone: what a run killed with SIGKILL could not clean up. Returns how many.
pub fn sweep_stale_scratch() -> usize {
    let tmp = std::env::temp_dir();
    let Ok(entries) = std::fs::read_dir(&tmp) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(scratch_pid) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) && e.path().is_dir() {
            removed += usize::from(std::fs::remove_dir_all(e.path()).is_ok());
        }
    }
    removed
}

/// The pid in a scratch directory name `heatseed-<kind>-<pid>-<random>`.
fn scratch_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("heatseed-")?;
    let mut parts = rest.split('-');
    parts.next()?;
    // Kinds may hold a dash (`dry-run`): the pid is the first all-digit part after the kind.
    parts
        .find(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))?
        .parse()
        .ok()
}

fn process_alive(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists (EPERM: it does, another user's).
    unsafe { libc::kill(pid, 0) == 0 || *libc::__errno_location() == libc::EPERM }
}

/// Kills every live process group and removes every registered scratch directory.
fn cleanup_all() {
    let (groups, dirs) = {
        let reg = registry();
        (reg.groups.clone(), reg.dirs.clone())
    };
    for g in groups {
        kill_group(g);
    }
    for d in dirs {
        let _ = std::fs::remove_dir_all(&d);
    }
}

/// Exit status after a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM).
pub fn signal_exit_code(sig: i32) -> i32 {
    128 + sig
}

/// Installs the SIGINT/SIGTERM handler (once per process): it kills the live process groups,
/// removes the scratch directories, waits for a running [`critical`] section, and exits with
/// [`signal_exit_code`].
pub struct Session;

impl Session {
    pub fn start() -> Session {
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            use signal_hook::consts::{SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    INTERRUPTED.store(true, Ordering::SeqCst);
                    let _hold = CRITICAL.write().unwrap_or_else(|e| e.into_inner());
                    cleanup_all();
                    eprintln!("heatseed: interrupted (signal {sig}); child processes killed, scratch copies removed");
                    std::process::exit(signal_exit_code(sig));
                }
            });
        });
        sweep_stale_scratch();
        Session
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alive(pid: i32) -> bool {
        // SAFETY: signal 0 only checks existence.
        unsafe { libc::kill(pid, 0) == 0 }
    }

    #[test]
    fn timeout_kills_the_whole_process_group() {
        let dir = tempfile::tempdir().unwrap();
        let pidfile = dir.path().join("pid");
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(format!(
            "sleep 300 & echo $! > {}; echo started; wait",
            pidfile.display()
        ));
        let out = run_limited(cmd, Duration::from_millis(700)).unwrap();
        assert_eq!(out.exit, Exit::TimedOut);
        assert_eq!(String::from_utf8_lossy(&out.stdout), "started\n");
        let pid: i32 = std::fs::read_to_string(&pidfile)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        // The grandchild was killed with the group (it may linger as a zombie of init briefly).
        let gone = (0..100).any(|_| {
            let st = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let dead = !alive(pid) || st.split_whitespace().nth(2) == Some("Z");
            if !dead {
                std::thread::sleep(Duration::from_millis(20));
            }
            dead
        });
        assert!(gone, "grandchild {pid} survived the group kill");
        assert!(registry().groups.is_empty() || !registry().groups.contains(&pid));
    }

    #[test]
    fn output_is_captured_without_deadlock_and_status_kept() {
        // More than a pipe buffer on both streams.
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg("head -c 300000 /dev/zero; head -c 200000 /dev/zero >&2; exit 3");
        let out = run_limited(cmd, Duration::from_secs(60)).unwrap();
        assert_eq!(out.exit, Exit::Failure(Some(3)));
        assert_eq!(out.stdout.len(), 300000);
        assert_eq!(out.stderr.len(), 200000);
    }

    #[test]
    fn scratch_names_carry_the_pid_and_stale_ones_are_swept() {
        assert_eq!(scratch_pid("heatseed-preflight-123-abc"), Some(123));
        assert_eq!(scratch_pid("heatseed-dry-run-77-x1"), Some(77));
        assert_eq!(scratch_pid("heatseed-seedcover.tmp"), None);
        assert_eq!(scratch_pid("other-1-2"), None);
        let s = scratch_dir("heatseed-test-").unwrap();
        let name = s.path().file_name().unwrap().to_str().unwrap().to_string();
        assert_eq!(scratch_pid(&name), Some(std::process::id()));
        // A directory of a process that no longer exists (pid beyond pid_max) is removed; ours
        // is kept.
        let dead = std::env::temp_dir().join("heatseed-test-4194305-zz");
        std::fs::create_dir_all(dead.join("module")).unwrap();
        sweep_stale_scratch();
        assert!(!dead.exists());
        assert!(s.path().is_dir());
    }

    #[test]
    fn scratch_dirs_are_registered_until_dropped() {
        let s = scratch_dir("heatseed-test-").unwrap();
        let p = s.path().to_path_buf();
        assert!(p.is_dir());
        assert!(registry().dirs.contains(&p));
        drop(s);
        assert!(!p.exists());
        assert!(!registry().dirs.contains(&p));
    }

    #[test]
    fn build_context_reads_go_env_and_goflags_tags() {
        let env: std::collections::BTreeMap<String, String> = [
            ("GOOS", "windows"),
            ("GOARCH", "arm64"),
            ("GOVERSION", "go1.24.3"),
            ("CGO_ENABLED", "0"),
            ("GOFLAGS", "-mod=mod -tags=x,y"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let c = context_from(&env, &["z".to_string()]);
        assert_eq!((c.goos.as_str(), c.goarch.as_str()), ("windows", "arm64"));
        assert_eq!(c.go_minor, 24);
        assert!(!c.cgo);
        let tags: Vec<&str> = c.tags.iter().map(String::as_str).collect();
        assert_eq!(tags, ["x", "y", "z"]);
        assert!(c.matches("go1.24") && !c.matches("go1.25"));
    }

    #[test]
    fn build_subcommands_get_tags_and_env_does_not() {
        let with = |sub: &str, tags: &[&str]| {
            let s = Settings {
                tags: tags.iter().map(|t| t.to_string()).collect(),
                timeout: DEFAULT_TIMEOUT,
            };
            base_args(sub, &s)
        };
        assert_eq!(with("test", &["a", "b"])[1], "-tags=a,b");
        assert_eq!(with("env", &["a"]).len(), 1);
        assert_eq!(with("vet", &[]).len(), 1);
        assert_eq!(signal_exit_code(2), 130);
        assert_eq!(signal_exit_code(15), 143);
    }
}
