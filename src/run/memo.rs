//! The run's own `go test` invocations (the heat-in profile, the seed replay) reused from the
//! state directory when nothing they read changed: the key hashes every file of the scratch
//! copy that `go test` runs in (path and bytes, in path order; `.heatseed/` aside), the package patterns, the
//! cover mode, the build settings (`--tags`, timeout), `GOFLAGS`/`GOTOOLCHAIN` and the `go`
//! executable on the PATH (its path, size and modification time). What is stored is what Go
//! wrote: the profile text and the failing tests. A test that reads files outside the module
//! or the environment can make the reused answer stale, as with Go's own test cache;
//! `--no-cache` runs everything again.

use crate::state::{code_scope, Hash, KeyHasher, StateDir};
use serde::{Deserialize, Serialize};
use std::path::Path;
use walkdir::WalkDir;

/// One `go test -coverprofile` result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoTestResult {
    /// The profile Go wrote.
    pub profile: String,
    /// The failing tests (`import/path TestName`).
    pub failing: Vec<String>,
}

/// The key of a `go test` of `patterns` in `dir` (`kind` names the invocation: `heat`,
/// `replay`); `skip` is a file name in `dir` that is output, not input.
pub fn key(kind: &str, dir: &Path, patterns: &[String], skip: &str) -> Hash {
    let mut k = KeyHasher::new("heatseed.run-go-test");
    k.str(kind).str(super::heat::covermode_flag());
    for p in patterns {
        k.str(p);
    }
    let s = crate::toolchain::settings();
    k.str(&format!("{:?} {:?}", s.tags, s.timeout));
    for var in ["GOFLAGS", "GOTOOLCHAIN", "GOEXPERIMENT", "CGO_ENABLED"] {
        k.str(&std::env::var(var).unwrap_or_default());
    }
    k.str(&go_executable());
    // `.heatseed/` (manifest, report, dictionaries) is never read by `go test`: the report
    // changes every run.
    let mut files: Vec<_> = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == ".heatseed"))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.file_name() != skip)
        .map(|e| e.into_path())
        .collect();
    files.sort();
    for f in files {
        let rel = f.strip_prefix(dir).unwrap_or(&f);
        k.str(&rel.to_string_lossy());
        k.part(&std::fs::read(&f).unwrap_or_default());
    }
    k.finish()
}

/// The `go` on the PATH, as path, size and modification time (a new toolchain is a new key).
fn go_executable() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let go = dir.join("go");
        if let Ok(m) = std::fs::metadata(&go) {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            return format!("{} {} {mtime}", go.display(), m.len());
        }
    }
    String::new()
}

/// The stored result for `key`, if any.
pub fn get(state: Option<&StateDir>, key: &Hash) -> Option<GoTestResult> {
    state?.get("run-go-test", code_scope(), key)
}

/// Stores `result` under `key` (a failed write only costs the next run a `go test`).
pub fn put(state: Option<&StateDir>, key: &Hash, result: &GoTestResult) {
    if let Some(s) = state {
        let _ = s.put("run-go-test", code_scope(), key, result);
    }
}

/// Stores the profile Go wrote at `profile` and the failing tests under `key`.
pub fn put_profile(state: Option<&StateDir>, key: &Hash, profile: &Path, failing: &[String]) {
    if let Ok(text) = std::fs::read_to_string(profile) {
        let r = GoTestResult {
            profile: text,
            failing: failing.to_vec(),
        };
        put(state, key, &r);
    }
}

/// Writes the stored profile for `key` to `profile`; returns the stored failing tests, or
/// `None` when nothing is stored (or the profile cannot be written: run `go test` then).
pub fn restore_profile(
    state: Option<&StateDir>,
    key: &Hash,
    profile: &Path,
) -> Option<Vec<String>> {
    let r = get(state, key)?;
    std::fs::write(profile, &r.profile).ok()?;
    Some(r.failing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_follows_file_bytes_names_and_patterns_but_not_the_output_file() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.go"), "package a\n").unwrap();
        let pats = vec!["./...".to_string()];
        let k0 = key("heat", d.path(), &pats, "out.txt");
        std::fs::write(d.path().join("out.txt"), "written by go").unwrap();
        std::fs::create_dir(d.path().join(".heatseed")).unwrap();
        std::fs::write(d.path().join(".heatseed/report.html"), "<p>").unwrap();
        assert_eq!(key("heat", d.path(), &pats, "out.txt"), k0);
        assert_ne!(key("replay", d.path(), &pats, "out.txt"), k0);
        assert_ne!(key("heat", d.path(), &["./a".to_string()], "out.txt"), k0);
        std::fs::write(d.path().join("a.go"), "package a // edited\n").unwrap();
        let k1 = key("heat", d.path(), &pats, "out.txt");
        assert_ne!(k1, k0);
        std::fs::rename(d.path().join("a.go"), d.path().join("b.go")).unwrap();
        assert_ne!(key("heat", d.path(), &pats, "out.txt"), k1);
    }

    #[test]
    fn results_round_trip_through_the_state_directory() {
        let d = tempfile::tempdir().unwrap();
        let s = StateDir::at(d.path().join("state"));
        let k = crate::state::sha256(b"k");
        assert_eq!(get(Some(&s), &k), None);
        let r = GoTestResult {
            profile: "mode: count\na.go:1.1,2.2 1 0\n".into(),
            failing: vec!["m/a TestX".into()],
        };
        put(Some(&s), &k, &r);
        assert_eq!(get(Some(&s), &k), Some(r));
        assert_eq!(get(None, &k), None);
    }
}
