//! Real inputs as starting points, with the real toolchain on a copy of the bundled
//! `corpus/reach` module (package `semver`): a version parser whose cold
//! branches need a syntactically valid version (`MAJOR.MINOR.PATCH`, and a major over 9000)
//! is seeded from its test table's `"1.2.3"`; the seeds heatseed keeps cover both branches when
//! replayed with plain `go test -run '^Fuzz'`, and do not with `--no-real-inputs`. Two runs
//! write identical seeds.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// A copy of the bundled `corpus/reach` module: its `cover.out` is the weak heatmap (only the
/// rejecting test ran).
fn module() -> (tempfile::TempDir, std::path::PathBuf) {
    copy_module(&corpus_module("reach"))
}

/// Runs `generate` (seeds minimized against the real toolchain) and returns the written seed
/// files by name with their bytes.
fn generate(dir: &Path, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut args = vec!["generate", "--root", ".", "--package", "./semver"];
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
    let text = fuzz_replay_profile(dir, "./semver");
    text.lines()
        .filter_map(|l| l.strip_prefix("example.com/reach/semver/version.go:"))
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
    let (_with, with) = module();
    let seeds = generate(&with, &[]);
    let counts = replay(&with);
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

    let (_without, without) = module();
    generate(&without, &["--no-real-inputs"]);
    let counts = replay(&without);
    assert_eq!(counts[TOO_LARGE], 0, "{counts:?}");
    assert_eq!(counts[VALID], 0, "{counts:?}");

    // Same inputs, same seeds, byte for byte.
    let (_again, again) = module();
    assert_eq!(generate(&again, &[]), seeds);
}
