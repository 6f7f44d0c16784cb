//! `--since REV`: the Go source lines changed since a git revision, for directed runs.
//!
//! `git diff --relative --unified=0 REV -- '*.go'` in the module root lists the changed hunks;
//! the new-side line ranges of each file (relative to the module root) are what
//! [`super::rerank`] counts cold statements against. Git runs as a plain child process through
//! [`crate::toolchain::run_limited`] (time limit, process group killed on a signal).

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Changed lines per file (path relative to the module root, `/`-separated): inclusive
/// 1-based `(first, last)` ranges on the new side of the diff.
pub type ChangedLines = BTreeMap<String, Vec<(u32, u32)>>;

/// Runs `git diff` in `root` and reads the changed lines. An unknown revision or a directory
/// that is no git work tree is a usage error naming the revision.
pub fn changed_lines(root: &Path, rev: &str) -> Result<ChangedLines> {
    if rev.starts_with('-') {
        return Err(Error::Usage(format!("--since {rev}: not a revision")));
    }
    let mut cmd = Command::new("git");
    cmd.args(["diff", "--relative", "--no-color", "--no-ext-diff"])
        .args(["--unified=0", rev, "--", "*.go"])
        .current_dir(root);
    let out = crate::toolchain::run_limited(cmd, Duration::from_secs(120))
        .map_err(|e| Error::Usage(format!("--since {rev}: cannot run git: {e}")))?;
    if !out.success() {
        return Err(Error::Usage(format!(
            "--since {rev}: git diff failed in {}: {}",
            root.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(parse_diff(&String::from_utf8_lossy(&out.stdout)))
}

/// Reads a `--unified=0` diff: `+++ b/<path>` starts a file, `@@ -a,b +c,d @@` a hunk whose
/// new side is lines `c..c+d-1` (`d` absent means 1, `0` a pure deletion, recorded as line
/// `c` so that code around a deletion counts as changed too).
pub fn parse_diff(text: &str) -> ChangedLines {
    let mut out = ChangedLines::new();
    let mut file: Option<String> = None;
    for line in text.lines() {
        if let Some(path) = line.strip_prefix("+++ ") {
            file = path
                .strip_prefix("b/")
                .filter(|_| path != "/dev/null")
                .map(str::to_string);
            continue;
        }
        let (Some(f), Some(hunk)) = (&file, line.strip_prefix("@@ ")) else {
            continue;
        };
        let Some(new) = hunk.split_whitespace().find_map(|w| w.strip_prefix('+')) else {
            continue;
        };
        let (start, len) = match new.split_once(',') {
            Some((s, l)) => (s.parse::<u32>().ok(), l.parse::<u32>().ok()),
            None => (new.parse::<u32>().ok(), Some(1)),
        };
        if let (Some(start), Some(len)) = (start, len) {
            let last = start + len.max(1) - 1;
            out.entry(f.clone()).or_default().push((start.max(1), last));
        }
    }
    out
}

/// True when lines `first..=last` of `file` overlap a changed range.
pub fn touches(changed: &ChangedLines, file: &str, first: u32, last: u32) -> bool {
    changed
        .get(file)
        .is_some_and(|rs| rs.iter().any(|&(a, b)| a <= last && first <= b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_give_new_side_ranges() {
        let diff = "diff --git a/m/x.go b/m/x.go\n--- a/m/x.go\n+++ b/m/x.go\n@@ -3 +3 @@ func A\n-a\n+b\n@@ -10,0 +11,4 @@\n+x\n@@ -20,2 +24,0 @@\n-y\n--- a/gone.go\n+++ /dev/null\n@@ -1,3 +0,0 @@\n";
        let c = parse_diff(diff);
        assert_eq!(c["m/x.go"], vec![(3, 3), (11, 14), (24, 24)]);
        assert_eq!(c.len(), 1);
        assert!(touches(&c, "m/x.go", 12, 30));
        assert!(!touches(&c, "m/x.go", 4, 10));
        assert!(!touches(&c, "other.go", 1, 100));
    }

    #[test]
    fn a_dash_revision_is_refused() {
        let e = changed_lines(Path::new("."), "--output=/tmp/x").unwrap_err();
        assert!(matches!(e, Error::Usage(_)));
    }
}
