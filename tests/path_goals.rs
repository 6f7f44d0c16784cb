//! Path conditions and goals through unexported code, with the real toolchain on a copy of the
//! bundled `corpus/reach` module (package `lim`, whose own weak test covers none of the
//! interesting branches; the committed `cover.out` is that test's heatmap):
//! - a prefix check enclosing a numeric limit (`if strings.HasPrefix(s, "size=") { n, err :=
//!   strconv.Atoi(s[len("size="):]); if err != nil {..}; if n > limit {..} }`) is flipped by one
//!   kept seed that holds both the prefix and a number above the limit;
//! - a cold block in an unexported helper two calls below an exported function (which has no
//!   cold code of its own) is flipped through that function's harness, with the helper's
//!   guards bound to the exported function's argument.
//!
//! Both are checked by plain `go test -run '^Fuzz' -coverprofile` over the written seeds.

mod common;

use common::*;
use std::path::Path;

/// Start (`line.col`) of the cover block of `lim.go` that opens at the `{` of the first
/// line holding `marker`.
fn block_after(marker: &str) -> String {
    let src = std::fs::read_to_string(corpus_module("reach").join("lim/lim.go")).expect("lim.go");
    let (i, line) = src
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(marker))
        .expect("marker");
    let col = line.rfind('{').expect("brace") + 1;
    format!("{}.{col}", i + 1)
}

/// Counts of `lim.go` blocks in a text profile, by block start (`line.col`).
fn counts(profile: &Path) -> Vec<(String, u64)> {
    std::fs::read_to_string(profile)
        .expect("profile")
        .lines()
        .filter_map(|l| l.strip_prefix("example.com/reach/lim/lim.go:"))
        .map(|l| {
            let start = l.split(',').next().unwrap().to_string();
            let count = l.rsplit(' ').next().unwrap().parse().unwrap();
            (start, count)
        })
        .collect()
}

fn count_at(c: &[(String, u64)], start: &str) -> u64 {
    c.iter()
        .find(|(s, _)| s == start)
        .unwrap_or_else(|| panic!("no block at {start} in {c:?}"))
        .1
}

fn module() -> (tempfile::TempDir, std::path::PathBuf) {
    copy_module(&corpus_module("reach"))
}

/// The kept seed files whose decision says they were first to reach the block at `start`.
fn first_reachers(report: &serde_json::Value, start: &str) -> Vec<String> {
    report["minimize"]["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .filter(|d| d["verdict"] == "kept")
        .filter(|d| {
            d["first_reached"].as_array().is_some_and(|r| {
                r.iter()
                    .any(|b| b["block"].as_str().is_some_and(|s| s.starts_with(start)))
            })
        })
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn path_conditioned_goal_and_unexported_helper_are_flipped_by_seeds() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = module();
    let big = block_after("if n > limit {");
    let seven = block_after("if len(y) > 10 {");
    let before = counts(&dir.join("cover.out"));
    assert_eq!(
        count_at(&before, &big),
        0,
        "the weak test leaves `big` cold"
    );
    assert_eq!(
        count_at(&before, &seven),
        0,
        "the weak test leaves `7` cold"
    );

    let out = heatseed(
        &[
            "generate",
            "--root",
            ".",
            "--package",
            "./lim",
            "--format",
            "json",
        ],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let names: Vec<&str> = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["skipped"].is_null())
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Check"),
        "Check (no cold code of its own) is a target: {names:?}"
    );
    assert!(
        !names.contains(&"inner"),
        "unexported helpers stay unharnessed: {names:?}"
    );

    // One kept seed reaches `return "big"`, and it holds the prefix and a number over the limit.
    let big_seeds = first_reachers(&report, &big);
    assert_eq!(big_seeds.len(), 1, "{big_seeds:?}");
    let text = std::fs::read_to_string(dir.join(&big_seeds[0])).unwrap();
    let value = text.lines().nth(1).expect("one value line");
    let digits = value
        .strip_prefix("string(\"size=")
        .and_then(|v| v.strip_suffix("\")"))
        .unwrap_or_else(|| panic!("seed is not size=N: {value}"));
    assert!(digits.parse::<i64>().unwrap() > 500, "{value}");

    // The helper two calls down is reached through FuzzCheck.
    let seven_seeds = first_reachers(&report, &seven);
    assert_eq!(seven_seeds.len(), 1, "{seven_seeds:?}");
    assert!(seven_seeds[0].contains("/FuzzCheck/"), "{seven_seeds:?}");

    // Plain replay of the written seeds covers both cold statements.
    go(
        &dir,
        &[
            "test",
            "-count=1",
            "-run",
            "^Fuzz",
            "-coverprofile=replay.out",
            "./...",
        ],
    );
    let after = counts(&dir.join("replay.out"));
    assert!(count_at(&after, &big) > 0, "replay misses `big`: {after:?}");
    assert!(count_at(&after, &seven) > 0, "replay misses `7`: {after:?}");
}
