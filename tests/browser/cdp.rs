//! A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe`: Chromium reads
//! JSON commands from fd 3 and writes responses and events to fd 4, each message ended by a
//! NUL byte. No websocket, no port, nothing another process on the machine can connect to.
//!
//! Every wait has a deadline (a hung browser fails the test with what it said, it never hangs
//! it); the browser runs in its own process group, which is killed when the client is dropped.

use serde_json::{json, Value};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long one command or event may take before the test fails.
const WAIT: Duration = Duration::from_secs(60);

pub struct Browser {
    child: Child,
    to_browser: File,
    from_browser: Receiver<Value>,
    next_id: u64,
    /// Every event received so far, in order.
    pub events: Vec<Value>,
    stderr_path: PathBuf,
}

/// The Chromium binary: `$CHROMIUM`, else `chromium` or `chromium-browser` on PATH.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| [d.join("chromium"), d.join("chromium-browser")])
        .find(|p| p.is_file())
}

/// A close-on-exec pipe: (read end, write end).
fn pipe() -> (File, File) {
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills `fds` with two new descriptors that nothing else owns.
    let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(rc, 0, "pipe2: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors are open and owned only here.
    unsafe { (File::from_raw_fd(fds[0]), File::from_raw_fd(fds[1])) }
}

impl Browser {
    /// Starts headless Chromium with a fresh profile under `profile_dir`.
    pub fn launch(chromium: &Path, profile_dir: &Path) -> Browser {
        let (cmd_read, cmd_write) = pipe();
        let (evt_read, evt_write) = pipe();
        let stderr_path = profile_dir.join("chromium.stderr");
        let mut cmd = Command::new(chromium);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            // Containers often have a tiny /dev/shm; Chromium then crashes without this.
            "--disable-dev-shm-usage",
            "--remote-debugging-pipe",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--mute-audio",
        ])
        .arg(format!("--user-data-dir={}", profile_dir.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).expect("stderr file"))
        .process_group(0);
        let (r, w) = (cmd_read.as_raw_fd(), evt_write.as_raw_fd());
        // SAFETY: only async-signal-safe calls (fcntl, dup2, close) between fork and exec.
        // The pipe ends are first moved above fd 10 so that placing them on 3 and 4 cannot
        // overwrite one with the other; dup2 clears close-on-exec on 3 and 4 only.
        unsafe {
            cmd.pre_exec(move || {
                let hi_r = libc::fcntl(r, libc::F_DUPFD, 10);
                let hi_w = libc::fcntl(w, libc::F_DUPFD, 10);
                if hi_r < 0 || hi_w < 0 || libc::dup2(hi_r, 3) < 0 || libc::dup2(hi_w, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                libc::close(hi_r);
                libc::close(hi_w);
                Ok(())
            });
        }
        let child = cmd.spawn().expect("start chromium");
        drop((cmd_read, evt_write));
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(evt_read);
            let mut buf = Vec::new();
            while reader.read_until(0, &mut buf).is_ok_and(|n| n > 0) {
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                let msg: Value = serde_json::from_slice(&buf).expect("DevTools sent JSON");
                if tx.send(msg).is_err() {
                    break;
                }
                buf.clear();
            }
        });
        Browser {
            child,
            to_browser: cmd_write,
            from_browser: rx,
            next_id: 1,
            events: Vec::new(),
            stderr_path,
        }
    }

    /// Sends a command (to the browser, or to a page when `session` is given) and returns its
    /// result; events that arrive meanwhile are kept in [`Browser::events`].
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).expect("JSON");
        bytes.push(0);
        self.to_browser
            .write_all(&bytes)
            .expect("write to chromium");
        let reply = self.receive_until(|m| m["id"] == json!(id), method);
        if let Some(err) = reply.get("error") {
            panic!("{method} failed: {err}");
        }
        reply["result"].clone()
    }

    /// Waits for an event named `method` (one already received counts).
    pub fn wait_event(&mut self, method: &str) -> Value {
        if let Some(e) = self.events.iter().find(|e| e["method"] == json!(method)) {
            return e.clone();
        }
        self.receive_until(|m| m["method"] == json!(method), method)
    }

    fn receive_until(&mut self, want: impl Fn(&Value) -> bool, what: &str) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_browser.recv_timeout(left) {
                Ok(m) if want(&m) => {
                    if m.get("method").is_some() {
                        self.events.push(m.clone());
                    }
                    return m;
                }
                Ok(m) => self.events.push(m),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "no answer to {what} from chromium in {WAIT:?}; stderr:\n{}",
                    self.stderr()
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "chromium closed the DevTools pipe while waiting for {what}; stderr:\n{}",
                    self.stderr()
                ),
            }
        }
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    /// Events named `method` received so far.
    pub fn events_named(&self, method: &str) -> Vec<&Value> {
        self.events
            .iter()
            .filter(|e| e["method"] == json!(method))
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ask nicely (Browser.close), then kill the process group chromium leads.
        let close = b"{\"id\":0,\"method\":\"Browser.close\",\"params\":{}}\0";
        let _ = self.to_browser.write_all(close);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // SAFETY: kill(2) on the group of the child this client started.
        unsafe {
            libc::kill(-(self.child.id() as libc::pid_t), libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}
