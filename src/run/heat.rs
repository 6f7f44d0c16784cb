//! Heat in: the block counts a run starts from and measures against.
//!
//! - [`test_profile`]: `go test -covermode=count -coverprofile` of the user's packages, run in a
//!   scratch copy of the module with heatseed's own harnesses and corpus files removed (the
//!   tests' heat must not include an earlier run's seeds, or a second run would rank, and
//!   write, differently). Failing tests are named; the run goes on with the profile Go wrote.
//! - [`coverdir_counts`]: binary coverage data (`GOCOVERDIR` of `go build -cover` binaries)
//!   read with `go tool covdata textfmt`.
//! - [`replay_counts`]: plain `go test -run '^Fuzz'` with a profile in a prepared copy (the
//!   seeds, then seeds plus the fuzzer's corpus).
//!
//! Counts are keyed by the profile's file name and block range, the same in every source.

use crate::error::{Error, Result};
use crate::heatmap::{self, Block};
use crate::span::CoverRange;
use crate::toolchain::{self, GoCommand};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Hit count per (profile file name, block range).
pub type BlockCounts = HashMap<(String, CoverRange), u64>;

/// Go's own default test timeout, used for the user's tests in the heat-in run.
const USER_TEST_TIMEOUT: Duration = Duration::from_secs(600);

/// `-covermode=count`, or `atomic` when GOFLAGS asks for `-race` (Go refuses `count` with the
/// race detector).
pub fn covermode_flag() -> &'static str {
    covermode_for(&std::env::var("GOFLAGS").unwrap_or_default())
}

fn covermode_for(goflags: &str) -> &'static str {
    let race = goflags.split_whitespace().any(|f| {
        let f = f.trim_start_matches('-');
        f == "race" || f == "race=true" || f == "race=1"
    });
    if race {
        "-covermode=atomic"
    } else {
        "-covermode=count"
    }
}

/// What the heat-in `go test` produced.
#[derive(Debug)]
pub struct TestHeat {
    /// The profile (inside `scratch`).
    pub profile: PathBuf,
    /// `import/path TestName` of every failing test, and `import/path (build failed)`.
    pub failing: Vec<String>,
}

/// Runs the user's tests with a count profile in a scratch copy of `root` (under `scratch`)
/// without heatseed's files (`seed_files`: the manifest's corpus files, relative to the root).
/// No profile at all (nothing built) is a toolchain error naming the failures.
pub fn test_profile(
    root: &Path,
    scratch: &Path,
    patterns: &[String],
    seed_files: &[PathBuf],
    state: Option<&crate::state::StateDir>,
) -> Result<TestHeat> {
    let copy = scratch.join("tests");
    crate::writers::fsio::copy_tree(root, &copy).map_err(|e| Error::write_io(&copy, e))?;
    crate::verify::remove_generated_go_files(&copy)?;
    for f in seed_files {
        let p = copy.join(f);
        if f.is_relative() && p.is_file() {
            std::fs::remove_file(&p).map_err(|e| Error::write_io(&p, e))?;
        }
    }
    let profile = scratch.join("test.out");
    let key = super::memo::key("heat", &copy, patterns, "");
    if let Some(failing) = super::memo::restore_profile(state, &key, &profile) {
        return Ok(TestHeat { profile, failing });
    }
    let out = GoCommand::new("test")
        .args(["-json", "-count=1", covermode_flag()])
        .arg(format!("-timeout={}s", USER_TEST_TIMEOUT.as_secs()))
        .arg(format!("-coverprofile={}", profile.display()))
        .args(patterns)
        .dir(&copy)
        .limit(toolchain::BUILD_ALLOWANCE + USER_TEST_TIMEOUT + Duration::from_secs(30))
        .run()?;
    let failing = toolchain::testjson::failing_tests(&out.stdout);
    if !profile.is_file() {
        return Err(Error::Toolchain(format!(
            "go test -coverprofile {} wrote no profile{}:\n{}",
            patterns.join(" "),
            if failing.is_empty() {
                String::new()
            } else {
                format!(" (failing: {})", failing.join(", "))
            },
            tail(&String::from_utf8_lossy(&out.stderr), 20)
        )));
    }
    super::memo::put_profile(state, &key, &profile, &failing);
    Ok(TestHeat { profile, failing })
}

fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Block counts of a text profile.
pub fn profile_counts(path: &Path) -> Result<BlockCounts> {
    let merged = heatmap::merge_profiles(vec![heatmap::read_profile(path)?])?;
    Ok(to_counts(merged))
}

fn to_counts(merged: heatmap::MergedProfile) -> BlockCounts {
    let mut counts = BlockCounts::new();
    for (file, blocks) in merged.files {
        for Block { range, count, .. } in blocks {
            counts.insert((file.clone(), range), count);
        }
    }
    counts
}

/// Reads `go build -cover` data directories with `go tool covdata textfmt` into one profile
/// (written under `scratch`) and returns its block counts. A directory that is missing or
/// holds no readable coverage data is an input error naming it.
pub fn coverdir_counts(dirs: &[PathBuf], scratch: &Path) -> Result<BlockCounts> {
    if dirs.is_empty() {
        return Ok(BlockCounts::new());
    }
    let mut abs = Vec::new();
    for d in dirs {
        let a = d.canonicalize().map_err(|e| Error::io(d, e))?;
        if !a.is_dir() {
            return Err(Error::Input {
                path: d.clone(),
                message: "--coverdir is not a directory".into(),
            });
        }
        abs.push(a.display().to_string());
    }
    let profile = scratch.join("coverdir.out");
    let out = GoCommand::new("tool")
        .args(["covdata", "textfmt"])
        .arg(format!("-i={}", abs.join(",")))
        .arg(format!("-o={}", profile.display()))
        .limit(Duration::from_secs(300))
        .run()?;
    if !out.success() || !profile.is_file() {
        return Err(Error::Input {
            path: dirs[0].clone(),
            message: format!(
                "go tool covdata textfmt could not read the coverage data: {}",
                tail(out.text().trim(), 10)
            ),
        });
    }
    let raw = heatmap::read_profile(&profile)?;
    if raw.blocks.is_empty() {
        return Err(Error::Input {
            path: dirs[0].clone(),
            message: "no coverage data (expected covmeta.* and covcounters.* files written by a `go build -cover` binary run with GOCOVERDIR)".into(),
        });
    }
    Ok(to_counts(heatmap::merge_profiles(vec![raw])?))
}

/// `go test -count=1 -run '^Fuzz' -covermode=count -coverprofile` of `patterns` in `dir`:
/// block counts, and the failing tests (a failing replay still counts what ran when Go wrote
/// the profile).
pub fn replay_counts(
    dir: &Path,
    patterns: &[String],
    packages: usize,
    state: Option<&crate::state::StateDir>,
) -> Result<(BlockCounts, Vec<String>)> {
    const OUT: &str = ".heatseed-run-replay.out";
    let profile = dir.join(OUT);
    let key = super::memo::key("replay", dir, patterns, OUT);
    if let Some(failing) = super::memo::restore_profile(state, &key, &profile) {
        return Ok((profile_counts(&profile)?, failing));
    }
    let out = GoCommand::test_replay(packages)
        .args(["-json", "-run", "^Fuzz", covermode_flag()])
        .arg(format!("-coverprofile={}", profile.display()))
        .args(patterns)
        .dir(dir)
        .run()?;
    let failing = toolchain::testjson::failing_tests(&out.stdout);
    if !profile.is_file() {
        return Err(Error::Toolchain(format!(
            "go test -run '^Fuzz' in {} wrote no profile (failing: {}):\n{}",
            dir.display(),
            failing.join(", "),
            tail(&String::from_utf8_lossy(&out.stderr), 20)
        )));
    }
    super::memo::put_profile(state, &key, &profile, &failing);
    Ok((profile_counts(&profile)?, failing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn race_in_goflags_needs_atomic_counts() {
        assert_eq!(covermode_for(""), "-covermode=count");
        assert_eq!(covermode_for("-mod=mod -tags=x"), "-covermode=count");
        assert_eq!(covermode_for("-mod=mod -race"), "-covermode=atomic");
        assert_eq!(covermode_for("--race=true"), "-covermode=atomic");
        assert_eq!(covermode_for("-race=false"), "-covermode=count");
    }
}
