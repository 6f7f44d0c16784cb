//! The committed profiles of the bundled modules are current: regenerating each with the real
//! toolchain (as `corpus/regen.sh` does) gives the same blocks and counts.
//!
//! `go test -coverprofile ./...` writes the packages' sections in the order their tests finish,
//! which varies from run to run when packages are tested in parallel; `regen.sh` passes `-p 1`
//! for stable bytes, and this test compares the lines in sorted order so that it can keep the
//! parallel (faster) run.

mod common;

use common::*;

#[test]
fn committed_profiles_are_current() {
    if !have_go() {
        return;
    }
    for m in MODULES {
        let (_tmp, dir) = copy_module(&corpus_module(m));
        let fresh = dir.join("fresh.out");
        go(
            &dir,
            &[
                "test",
                "-count=1",
                "-covermode=count",
                &format!("-coverprofile={}", fresh.display()),
                "-run",
                profile_run_filter(m),
                "./...",
            ],
        );
        let committed = std::fs::read_to_string(dir.join("cover.out")).unwrap();
        let regenerated = std::fs::read_to_string(&fresh).unwrap();
        assert!(
            sorted_lines(&committed) == sorted_lines(&regenerated),
            "corpus/{m}/cover.out is stale: run corpus/regen.sh\n--- committed\n{committed}\n--- regenerated\n{regenerated}"
        );
    }
}

/// The profile's lines in sorted order: the same blocks and counts whatever order the packages
/// finished in (duplicates are kept, so a block written twice still differs).
fn sorted_lines(profile: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = profile.lines().collect();
    lines.sort_unstable();
    lines
}

#[test]
fn sorted_lines_keep_duplicates_and_ignore_package_order() {
    let a = "mode: count\np/a.go:1.1,2.2 1 0\nq/b.go:1.1,2.2 1 1\n";
    let b = "mode: count\nq/b.go:1.1,2.2 1 1\np/a.go:1.1,2.2 1 0\n";
    assert_eq!(sorted_lines(a), sorted_lines(b));
    let doubled = "mode: count\nq/b.go:1.1,2.2 1 1\nq/b.go:1.1,2.2 1 1\np/a.go:1.1,2.2 1 0\n";
    assert_ne!(sorted_lines(a), sorted_lines(doubled));
    let recounted = "mode: count\np/a.go:1.1,2.2 1 1\nq/b.go:1.1,2.2 1 1\n";
    assert_ne!(sorted_lines(a), sorted_lines(recounted));
}
