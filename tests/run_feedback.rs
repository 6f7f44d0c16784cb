//! `heatseed run`'s feedback pass with the real Go toolchain: a branch behind a checksum the
//! seeds cannot solve is reached by `go test -fuzz`; with budget left, the fuzz cache's inputs
//! are offered as seeds, the one reaching the branch is committed as a seed of kind `fuzzed`
//! (plain replay of the module's own corpus reaches the branch, no fuzz cache needed), and a
//! re-run without fuzzing keeps it and changes no file.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const GO_MOD: &str = "module example.com/fbtest\n\ngo 1.22\n";

const FB_GO: &str = r#"package fbtest

import "hash/crc32"

// Route picks a shard for a key; one shard is special.
func Route(key []byte) int {
	if len(key) < 4 {
		return 0
	}
	if crc32.ChecksumIEEE(key)%1024 == 777 {
		return 2
	}
	return 1
}
"#;

const FB_TEST_GO: &str = r#"package fbtest

import "testing"

func TestRoute(t *testing.T) {
	if Route([]byte("ab")) != 0 {
		t.Fatal("short key")
	}
}
"#;

fn module() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("fbtest");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("go.mod"), GO_MOD).unwrap();
    std::fs::write(dir.join("fb.go"), FB_GO).unwrap();
    std::fs::write(dir.join("fb_test.go"), FB_TEST_GO).unwrap();
    (tmp, dir)
}

fn run(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["run", "--format", "json"];
    all.extend_from_slice(args);
    let out = heatseed(&all, dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON summary")
}

/// Every file but the run's state and report, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .filter(|p| !p.starts_with(".heatseed/state") && !p.ends_with("report.html"))
        .map(|p| (p.clone(), std::fs::read(dir.join(&p)).unwrap()))
        .collect()
}

/// The count of the `return 2` block when the module's fuzz tests replay their own corpus.
fn special_branch_count(dir: &Path) -> u64 {
    let text = fuzz_replay_profile(dir, ".");
    // `return 2` is line 11: the block from the `{` on line 10 to the `}` on line 12.
    text.lines()
        .find(|l| l.starts_with("example.com/fbtest/fb.go:10.") && l.contains(",12."))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|c| c.parse().ok())
        .expect("the special branch's block in the profile")
}

#[test]
fn inputs_the_fuzzer_found_become_seeds_and_survive_a_rerun() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = module();
    let v = run(&dir, &["--fuzz-time", "5s", "--budget", "60s"]);
    let t = &v["totals"];
    let (seeds, fuzz) = (
        t["cold_after_seeds"].as_u64().unwrap(),
        t["cold_after_fuzz"].as_u64().unwrap(),
    );
    assert!(fuzz < seeds, "fuzzing reached what the seeds did not: {t}");
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert!(
        notes.iter().any(|n| n.starts_with("after fuzzing:")
            && n.contains("kept as seeds of kind fuzzed")
            && !n.contains(", 0 kept")),
        "{notes:?}"
    );
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.join(".heatseed/manifest.json")).unwrap())
            .unwrap();
    let fuzzed: Vec<&Value> = manifest["seeds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "fuzzed")
        .collect();
    assert!(!fuzzed.is_empty(), "{manifest}");
    for s in &fuzzed {
        assert!(dir.join(s["file"].as_str().unwrap()).is_file());
        assert!(!s["first_reached"].as_array().unwrap().is_empty(), "{s}");
    }
    // The committed corpus alone reaches the branch.
    assert!(special_branch_count(&dir) > 0);
    go(&dir, &["vet", "./..."]);

    // No fuzzing: the fuzzed seeds are offered again, kept, and nothing changes.
    let before = files(&dir);
    let v2 = run(&dir, &["--fuzz-time", "0"]);
    assert_eq!(
        v2["totals"]["cold_after_seeds"],
        v["totals"]["cold_after_fuzz"]
    );
    let after = files(&dir);
    let differ: Vec<&PathBuf> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(differ.is_empty(), "the re-run changed {differ:?}");
    assert!(special_branch_count(&dir) > 0);
}
