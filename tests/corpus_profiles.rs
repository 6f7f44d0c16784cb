//! The committed profiles of the bundled modules are current: regenerating each with the real
//! toolchain (exactly as `corpus/regen.sh` does) gives the same bytes.

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
            committed == regenerated,
            "corpus/{m}/cover.out is stale: run corpus/regen.sh\n--- committed\n{committed}\n--- regenerated\n{regenerated}"
        );
    }
}
