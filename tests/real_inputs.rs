//! Real inputs as starting points, with the real toolchain: a version parser whose cold
//! branches need a syntactically valid version (`MAJOR.MINOR.PATCH`, and a major over 9000)
//! is seeded from its test table's `"1.2.3"`; the seeds heatseed keeps cover both branches when
//! replayed with plain `go test -run '^Fuzz'`, and do not with `--no-real-inputs`. Two runs
//! write identical seeds.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

const GO_MOD: &str = "module example.com/ri\n\ngo 1.22\n";

const VERSION_GO: &str = r#"package semver

import (
	"errors"
	"strconv"
	"strings"
)

// Version is MAJOR.MINOR.PATCH.
type Version struct {
	Major, Minor, Patch int
}

var errSyntax = errors.New("semver: bad syntax")

// Parse reads a version written MAJOR.MINOR.PATCH.
func Parse(s string) (Version, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return Version{}, errSyntax
	}
	var n [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 {
			return Version{}, errSyntax
		}
		n[i] = x
	}
	v := Version{Major: n[0], Minor: n[1], Patch: n[2]}
	if v.Major > 9000 {
		return Version{}, errors.New("semver: major version too large")
	}
	return v, nil
}
"#;

const VERSION_TEST_GO: &str = r#"package semver

import "testing"

func TestParseRejects(t *testing.T) {
	if _, err := Parse(""); err == nil {
		t.Fatal("empty accepted")
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Version
	}{
		{"1.2.3", Version{1, 2, 3}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v", tt.in, got, err)
		}
	}
}
"#;

/// A fresh module with the parser and a weak heatmap (only the rejecting test ran).
fn module() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("semver")).unwrap();
    std::fs::write(dir.join("go.mod"), GO_MOD).unwrap();
    std::fs::write(dir.join("semver/version.go"), VERSION_GO).unwrap();
    std::fs::write(dir.join("semver/version_test.go"), VERSION_TEST_GO).unwrap();
    go(
        dir,
        &[
            "test",
            "-count=1",
            "-run",
            "^TestParseRejects$",
            "-covermode=count",
            "-coverprofile=cover.out",
            "./...",
        ],
    );
    tmp
}

/// Runs `generate` (seeds minimized against the real toolchain) and returns the written seed
/// files by name with their bytes.
fn generate(dir: &Path, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut args = vec!["generate", "--root", "."];
    args.extend(extra);
    let out = heatseed(&args, dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let corpus = dir.join("semver/testdata/fuzz/FuzzParse");
    std::fs::read_dir(&corpus)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read(e.path()).unwrap())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Execution counts, by `line.col,line.col`, of `version.go`'s blocks after replaying the fuzz
/// tests with plain `go test -run '^Fuzz'`.
fn replay(dir: &Path) -> BTreeMap<String, u64> {
    let text = fuzz_replay_profile(dir, "./...");
    text.lines()
        .filter_map(|l| l.strip_prefix("example.com/ri/semver/version.go:"))
        .map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            (f[0].to_string(), f[2].parse::<u64>().unwrap())
        })
        .fold(BTreeMap::new(), |mut m, (k, v)| {
            *m.entry(k).or_insert(0) += v;
            m
        })
}

/// `return Version{}, errors.New(...)` under `v.Major > 9000`, and the final `return v, nil`.
const TOO_LARGE: &str = "31.20,33.3";
const VALID: &str = "34.2,34.15";

#[test]
fn a_test_table_version_seeds_the_branches_that_need_valid_syntax() {
    if !have_go() {
        return;
    }
    let with = module();
    let seeds = generate(with.path(), &[]);
    let counts = replay(with.path());
    assert!(
        counts[TOO_LARGE] > 0,
        "major > 9000 not reached: {counts:?}"
    );
    assert!(counts[VALID] > 0, "a valid version not parsed: {counts:?}");
    let texts: Vec<String> = seeds
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("9001.2.3")),
        "the limit spliced into the table's version: {texts:?}"
    );

    let without = module();
    generate(without.path(), &["--no-real-inputs"]);
    let counts = replay(without.path());
    assert_eq!(counts[TOO_LARGE], 0, "{counts:?}");
    assert_eq!(counts[VALID], 0, "{counts:?}");

    // Same inputs, same seeds, byte for byte.
    let again = module();
    assert_eq!(generate(again.path(), &[]), seeds);
}
