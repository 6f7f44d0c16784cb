//! `heatseed generate` on copies of the bundled modules, checked with the real Go toolchain:
//! the harnesses are gofmt- and vet-clean, every written corpus file loads in plain `go test`,
//! `go test -fuzz` starts on a generated target, re-runs change nothing, `--dry-run` writes
//! nothing, user files and paths outside the module are never touched.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Asserts two trees are equal, naming the paths that differ (never dumping bytes).
fn assert_same_tree(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    let differ: Vec<&PathBuf> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "{what}: {} paths differ, first {:?}",
        differ.len(),
        differ.first()
    );
}

/// Every file under `dir` with its bytes, but the state directory (a cache of this run's
/// decisions, tested in tests/state.rs).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| !e.path().ends_with(".heatseed/state"))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn generate(dir: &Path, extra: &[&str]) -> (String, String, i32) {
    let mut args = vec!["generate", "--root", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = heatseed(&args, dir);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn generated_files_pass_gofmt_vet_and_go_test_and_fuzzing_starts() {
    if !have_go() {
        return;
    }
    let fuzz_one = [
        ("shop", "./order", "FuzzOrder_Validate"),
        ("confparse", ".", "FuzzSyntaxError_Error"),
        ("shapes", ".", "FuzzQuote"),
    ];
    for (m, pkg, fuzz) in fuzz_one {
        let (_tmp, dir) = copy_module(&corpus_module(m));
        // Every candidate seed, not only the minimized set: each must load in plain go test.
        let (stdout, stderr, code) = generate(&dir, &["--no-minimize"]);
        assert_eq!(code, 0, "{m}: {stderr}");
        let written: Vec<_> = tree(&dir)
            .into_keys()
            .filter(|p| p.components().any(|c| c.as_os_str() == "fuzz"))
            .collect();
        assert!(
            written.len() >= 10,
            "{m}: only {} corpus files\n{stdout}",
            written.len()
        );
        let gofmt = std::process::Command::new("gofmt")
            .arg("-l")
            .arg(&dir)
            .output()
            .expect("gofmt");
        assert!(
            gofmt.stdout.is_empty(),
            "{m}: gofmt -l lists {}",
            String::from_utf8_lossy(&gofmt.stdout)
        );
        go(&dir, &["vet", "./..."]);
        // Plain go test replays every seed: a malformed corpus file or a wrong argument list
        // fails it.
        let out = go(&dir, &["test", "-count=1", "-run", "^Fuzz", "-v", "./..."]);
        let text = String::from_utf8_lossy(&out.stdout);
        let replayed = text
            .lines()
            .filter(|l| l.contains("--- PASS: Fuzz") && l.contains('/'))
            .count();
        assert!(
            replayed >= written.len() / 2,
            "{m}: {replayed} seeds replayed\n{text}"
        );
        go(
            &dir.join(pkg),
            &[
                "test",
                "-run",
                "^$",
                "-fuzz",
                &format!("^{fuzz}$"),
                "-fuzztime=5x",
                ".",
            ],
        );
    }
}

#[test]
fn reruns_are_idempotent_and_output_is_deterministic() {
    if !have_go() {
        return;
    }
    let (_a, one) = copy_module(&corpus_module("shop"));
    let (_b, two) = copy_module(&corpus_module("shop"));
    let (first, _, code) = generate(&one, &["--format", "json"]);
    assert_eq!(code, 0);
    generate(&two, &[]);
    assert_same_tree(
        &tree(&one),
        &tree(&two),
        "same inputs, same rng seed: same bytes",
    );
    let before = tree(&one);
    let (second, _, code) = generate(&one, &["--format", "json"]);
    assert_eq!(code, 0);
    assert_same_tree(&tree(&one), &before, "a re-run rewrites nothing");
    let v: serde_json::Value = serde_json::from_str(&second).unwrap();
    let actions: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["action"].as_str().unwrap())
        .collect();
    assert!(!actions.is_empty());
    assert!(actions.iter().all(|a| *a == "unchanged"), "{actions:?}");
    let first: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert!(first["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["action"] == "created"));
    // Another rng seed gives other tuples somewhere, never fewer files.
    let (_c, three) = copy_module(&corpus_module("shop"));
    generate(&three, &["--rng-seed", "7"]);
    assert!(
        tree(&three) != tree(&two),
        "the rng seed changes some tuple"
    );
}

#[test]
fn dry_run_writes_nothing_and_lists_what_it_would_write() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let before = tree(&dir);
    let (stdout, stderr, code) = generate(&dir, &["--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    assert_same_tree(&tree(&dir), &before, "dry run");
    assert!(stdout.starts_with("dry run: "), "{stdout}");
    assert!(stdout.contains("would create"), "{stdout}");
    assert!(stdout.contains("order/heatseed_fuzz_test.go"), "{stdout}");
}

#[test]
fn a_user_file_in_the_way_is_reported_and_left_alone() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let mine = dir.join("order").join("heatseed_fuzz_test.go");
    std::fs::write(&mine, "package order\n\n// my own file\n").unwrap();
    let (stdout, _, code) = generate(&dir, &["--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap(),
        "package order\n\n// my own file\n"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let entry = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .ends_with("order/heatseed_fuzz_test.go")
        })
        .expect("the harness file is reported");
    assert_eq!(entry["action"], "skipped_user_file");
}

#[test]
fn a_crafted_profile_cannot_lead_to_writes_outside_the_module() {
    let outside = tempfile::tempdir().unwrap();
    let victim_dir = outside.path().join("victim");
    std::fs::create_dir_all(&victim_dir).unwrap();
    let victim = victim_dir.join("v.go");
    std::fs::write(
        &victim,
        "package victim\n\nfunc V(s string) int {\n\tif s == \"x\" {\n\t\treturn 1\n\t}\n\treturn 0\n}\n",
    )
    .unwrap();
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let profile = dir.join("crafted.out");
    std::fs::write(
        &profile,
        format!(
            "mode: set\nexample.com/shop/../../etc/x.go:1.1,2.1 1 0\n{}:3.22,4.14 1 1\n{}:4.14,6.3 1 0\n{}:7.2,7.10 1 1\n",
            victim.display(),
            victim.display(),
            victim.display()
        ),
    )
    .unwrap();
    let before_outside = tree(outside.path());
    let (stdout, stderr, code) = generate(&dir, &["--profile", profile.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_same_tree(
        &tree(outside.path()),
        &before_outside,
        "nothing written outside",
    );
    assert!(stdout.contains("outside the module root"), "{stdout}");
}

#[test]
fn seeds_turn_cold_statements_covered_when_replayed() {
    if !have_go() {
        return;
    }
    for (m, at_least) in [("shop", 0.40), ("shapes", 0.35), ("confparse", 0.10)] {
        let (_tmp, dir) = copy_module(&corpus_module(m));
        let before = tree(&dir);
        let (stdout, stderr, code) = generate(&dir, &["--dry-run", "--verify", "--format", "json"]);
        assert_eq!(code, 0, "{m}: {stderr}");
        assert_same_tree(
            &tree(&dir),
            &before,
            "--dry-run --verify measures in a scratch copy",
        );
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let m_ = &v["verify"];
        let cold = m_["cold_statements"].as_u64().unwrap();
        let without = m_["covered_without_seeds"].as_u64().unwrap();
        let with = m_["covered_with_seeds"].as_u64().unwrap();
        assert!(m_["failures"].as_array().unwrap().is_empty(), "{m}: {m_}");
        assert!(with > without, "{m}: {with} <= {without}");
        assert!(
            with as f64 >= at_least * cold as f64,
            "{m}: seeds cover {with}/{cold}"
        );
    }
}

#[test]
fn cache_corpus_goes_to_the_go_fuzz_cache_only() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let cache = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_heatseed"))
        .args([
            "generate",
            "--corpus",
            "cache",
            "--harness",
            "none",
            "--root",
        ])
        .arg(&dir)
        .env("GOCACHE", cache.path())
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let user_fuzz = cache
        .path()
        .join("fuzz/example.com/shop/payment/FuzzAuthorize");
    let seeds: Vec<_> = std::fs::read_dir(&user_fuzz)
        .expect("seeds for the user's FuzzAuthorize in the cache")
        .collect();
    assert!(seeds.len() >= 3, "{} seeds", seeds.len());
    assert!(
        !dir.join("payment/testdata").exists(),
        "nothing in testdata"
    );
    assert!(
        !dir.join("payment/heatseed_fuzz_test.go").exists(),
        "no harness"
    );
    // Go reads the cache corpus when fuzzing: it must parse (malformed files would be skipped
    // silently, so decode every file with the native reader).
    for s in seeds {
        let bytes = std::fs::read(s.unwrap().path()).unwrap();
        let values = heatseed::writers::native::decode_corpus_file(&bytes).expect("valid file");
        assert_eq!(values.len(), 1);
    }
}
