//! The pre-flight check finds every panicking seed of a package in one sweep, with the real
//! toolchain: a panic ends the package's test binary, so a replay names one panicking seed;
//! the check then runs every other corpus file of that package alone against its test binary
//! and leaves all the panicking ones out at once. Here five seeds panic (index out of range):
//! the check needs two replay rounds (the failing one, then the clean one), not six, and the
//! module's `go test` passes afterwards.

mod common;

use common::*;

const P_GO: &str = r#"package p

import "strings"

// Field returns the tenth byte of a record that starts with "rec:".
func Field(s string) byte {
	if strings.HasPrefix(s, "rec:") {
		return s[10]
	}
	if len(s) > 2 {
		return s[len(s)-3]
	}
	return 0
}

// Pick returns the n-th word.
func Pick(s string, n int) string {
	if n > 3 {
		return strings.Fields(s)[n]
	}
	return ""
}
"#;

const P_TEST_GO: &str = r#"package p

import "testing"

func TestField(t *testing.T) {
	if Field("ab") != 0 {
		t.Fatal("short")
	}
}
"#;

#[test]
fn every_panicking_seed_of_a_package_is_found_in_one_sweep() {
    if !have_go() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pn");
    std::fs::create_dir_all(dir.join("p")).unwrap();
    std::fs::write(dir.join("go.mod"), "module example.com/pn\n\ngo 1.22\n").unwrap();
    std::fs::write(dir.join("p/p.go"), P_GO).unwrap();
    std::fs::write(dir.join("p/p_test.go"), P_TEST_GO).unwrap();
    go(
        &dir,
        &[
            "test",
            "-count=1",
            "-covermode=count",
            "-coverprofile=cover.out",
            "./...",
        ],
    );
    let out = heatseed(&["generate", "--root", ".", "--format", "json"], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let panics: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "panic")
        .collect();
    assert!(
        panics.len() >= 3,
        "several panicking seeds: {}",
        v["findings"]
    );
    for f in &panics {
        assert!(
            f["output"].as_str().unwrap().contains("index out of range"),
            "{f}"
        );
    }
    let rounds: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .filter(|n| n.starts_with("pre-flight check:") && n.contains("replay rounds"))
        .collect();
    assert_eq!(
        rounds,
        ["pre-flight check: 2 replay rounds (2 package replays), the scratch copy generated 1 times"],
        "{}",
        v["notes"]
    );
    // Nothing written panics: plain go test (seed replay included) passes.
    go(&dir, &["test", "-count=1", "./..."]);
}
