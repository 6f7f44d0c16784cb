//! Progress on stderr: an indicatif spinner and bar when stderr is a terminal, plain
//! `heatseed: ...` lines otherwise (CI logs).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Reports phases and fuzzing steps.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar when stderr is a terminal, plain lines otherwise.
    pub fn new() -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::new_spinner();
            b.enable_steady_tick(Duration::from_millis(120));
            b
        });
        Progress { bar }
    }

    /// A new phase.
    pub fn phase(&self, msg: &str) {
        match &self.bar {
            Some(b) => {
                b.set_style(ProgressStyle::default_spinner());
                b.set_length(0);
                b.set_message(msg.to_string());
            }
            None => eprintln!("heatseed: {msg}"),
        }
    }

    /// The fuzzing phase with `n` invocations.
    pub fn fuzzing(&self, n: usize) {
        match &self.bar {
            Some(b) => {
                if let Ok(st) = ProgressStyle::with_template(
                    "{spinner} fuzzing [{bar:30}] {pos}/{len} {msg} ({elapsed})",
                ) {
                    b.set_style(st.progress_chars("=> "));
                }
                b.set_position(0);
                b.set_length(n as u64);
            }
            None => eprintln!("heatseed: fuzzing {n} target(s)"),
        }
    }

    /// One step of the current phase (a fuzz test started or ended).
    pub fn step(&self, msg: &str, done: bool) {
        match &self.bar {
            Some(b) => {
                b.set_message(msg.to_string());
                if done {
                    b.inc(1);
                }
            }
            None => eprintln!("heatseed:   {msg}"),
        }
    }

    /// A line that must stay visible (a warning).
    pub fn note(&self, msg: &str) {
        match &self.bar {
            Some(b) => b.println(format!("heatseed: {msg}")),
            None => eprintln!("heatseed: {msg}"),
        }
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
