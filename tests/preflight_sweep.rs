//! The pre-flight check finds every panicking seed of a package in one sweep, with the real
//! toolchain: a panic ends the package's test binary, so a replay names one panicking seed;
//! the check then runs every other corpus file of that package alone against its test binary
//! and leaves all the panicking ones out at once. Here five seeds panic (index out of range):
//! the check needs two replay rounds (the failing one, then the clean one), not six, and the
//! module's `go test` passes afterwards. The same holds for generated harnesses whose own
//! `f.Add` zero-value seed panics: each one ends the binary, and the sweep runs every generated
//! fuzz test's `f.Add` seeds on their own, so all such harnesses go in one round.

mod common;

use common::*;

/// A module `example.com/<name>` with package `p` made of `p.go` and `p_test.go` in a temp dir,
/// its heatmap made by its tests, then `heatseed generate --format json` run there.
fn generate_in(
    name: &str,
    p_go: &str,
    p_test_go: &str,
) -> (tempfile::TempDir, std::path::PathBuf, serde_json::Value) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(name);
    std::fs::create_dir_all(dir.join("p")).unwrap();
    std::fs::write(
        dir.join("go.mod"),
        format!("module example.com/{name}\n\ngo 1.22\n"),
    )
    .unwrap();
    std::fs::write(dir.join("p/p.go"), p_go).unwrap();
    std::fs::write(dir.join("p/p_test.go"), p_test_go).unwrap();
    let v = heatmap_and_generate(&dir);
    (tmp, dir, v)
}

/// Every one of `panics` is an index out of range, and the check took one failing replay and
/// one clean one, without regenerating.
fn index_panics_in_two_rounds(v: &serde_json::Value, panics: &[&serde_json::Value]) {
    for f in panics {
        assert!(
            f["output"].as_str().unwrap().contains("index out of range"),
            "{f}"
        );
    }
    assert_eq!(
        round_notes(v),
        ["pre-flight check: 2 replay rounds (2 package replays), the scratch copy generated 1 times"],
        "{}",
        v["notes"]
    );
}

/// The report's note on the pre-flight check's rounds.
fn round_notes(v: &serde_json::Value) -> Vec<&str> {
    v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .filter(|n| n.starts_with("pre-flight check:") && n.contains("replay rounds"))
        .collect()
}

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
    let (_tmp, dir, v) = generate_in("pn", P_GO, P_TEST_GO);
    let findings = v["findings"].as_array().unwrap();
    let panics: Vec<&serde_json::Value> =
        findings.iter().filter(|f| f["kind"] == "panic").collect();
    assert!(panics.len() >= 3, "several panicking seeds: {findings:?}");
    index_panics_in_two_rounds(&v, &panics);
    // Nothing written panics: plain go test (seed replay included) passes.
    go(&dir, &["test", "-count=1", "./..."]);
}

const ZERO_GO: &str = r#"package p

// Last returns the last byte.
func Last(s string) byte { return s[len(s)-1] }

// Head returns the first element.
func Head(xs []int) int { return xs[0] }

// Second returns the second byte.
func Second(b []byte) byte { return b[1] }

// Ratio divides.
func Ratio(a, b int) int { return a / b }

// Clip cuts s to n bytes when n is above 3.
func Clip(s string, n int) string {
	if n > 3 && n < len(s) {
		return s[:n]
	}
	return s
}

// First returns the first byte.
func First(s string) byte { return s[0] }
"#;

const ZERO_TEST_GO: &str = r#"package p

import "testing"

func TestFirst(t *testing.T) {
	if First("ab") != 'a' {
		t.Fatal("first")
	}
}
"#;

#[test]
fn every_harness_whose_zero_seed_panics_is_found_in_one_sweep() {
    if !have_go() {
        return;
    }
    let (_tmp, dir, v) = generate_in("zs", ZERO_GO, ZERO_TEST_GO);
    let mut zero: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "panic" && f["seed"] == "seed#0")
        .map(|f| f["fuzz_test"].as_str().unwrap())
        .collect();
    zero.sort();
    assert_eq!(
        zero,
        ["FuzzHead", "FuzzLast", "FuzzRatio", "FuzzSecond"],
        "{}",
        v["findings"]
    );
    // One failing replay (all four found), one regeneration, one clean replay; before the
    // sweep ran the f.Add seeds it took one round per harness (5 replays, 5 generations).
    assert_eq!(
        round_notes(&v),
        ["pre-flight check: 2 replay rounds (2 package replays), the scratch copy generated 2 times"],
        "{}",
        v["notes"]
    );
    let harness = std::fs::read_to_string(dir.join("p/heatseed_fuzz_test.go")).unwrap();
    assert!(harness.contains("func FuzzClip("), "{harness}");
    assert!(!harness.contains("func FuzzHead("), "{harness}");
    go(&dir, &["test", "-count=1", "./..."]);
}

/// `Field` of [`P_GO`] behind a 30-deep recursion: a panic's goroutine dump is longer than the
/// tail of the output the measurement keeps.
const DEEP_GO: &str = r#"package p

import "strings"

// Field returns the tenth byte of a record that starts with "rec:".
func Field(s string) byte {
	return field(s, 0)
}

func field(s string, depth int) byte {
	if depth < 30 {
		return field(s, depth+1)
	}
	if strings.HasPrefix(s, "rec:") {
		return s[10]
	}
	if len(s) > 2 {
		return s[len(s)-3]
	}
	return 0
}
"#;

#[test]
fn panicking_seeds_behind_a_long_stack_dump_are_found_in_one_sweep() {
    if !have_go() {
        return;
    }
    let (_tmp, dir, v) = generate_in("deep", DEEP_GO, P_TEST_GO);
    let findings: Vec<&serde_json::Value> = v["findings"].as_array().unwrap().iter().collect();
    assert!(findings.len() >= 2, "several panicking seeds: {findings:?}");
    // Told apart as panics although the panic line is far from the end of the output.
    assert!(
        findings.iter().all(|f| f["kind"] == "panic"),
        "{findings:?}"
    );
    index_panics_in_two_rounds(&v, &findings);
    go(&dir, &["test", "-count=1", "./..."]);
}
