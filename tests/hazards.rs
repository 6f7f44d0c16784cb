//! `generate` on a copy of `corpus/hazards`, judged by the real Go toolchain: no harness for
//! side-effecting functions, for `Version()` (no input), for the sort.Interface `Less`, and no
//! twin of the user's `FuzzParseLevel`; a seed that blocks is reported as a hang and left out;
//! the setter's package state is restored (without the restore, the module's own example
//! fails); afterwards `go test -count=2`, `go vet` and `gofmt -l` are clean.

mod common;

use common::*;
use std::path::Path;

fn generate_json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "generate",
        "--root",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = heatseed(&args, dir);
    assert!(
        out.status.success(),
        "generate failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("generate --format json")
}

fn skipped(report: &serde_json::Value, target: &str) -> String {
    report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == target)
        .unwrap_or_else(|| panic!("{target} is not a target"))["skipped"]
        .as_str()
        .unwrap_or_else(|| panic!("{target} was not skipped"))
        .to_string()
}

fn go_test_output(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new("go")
        .args(args)
        .current_dir(dir)
        .env("GOTOOLCHAIN", "local")
        .output()
        .expect("run go");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn hazards_get_no_harness_and_go_test_count_2_stays_green() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = copy_module(&corpus_module("hazards"));
    // FuzzWait's seed for its `mode == "wait"` branch blocks forever: the pre-flight check
    // times the replay out after --timeout, reports a hang and leaves that seed out.
    let report = generate_json(&dir, &["--timeout", "5"]);
    let hang = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fuzz_test"] == "FuzzWait")
        .unwrap_or_else(|| panic!("no finding for FuzzWait: {report}"));
    assert_eq!(hang["kind"], "hang", "{hang}");
    assert!(
        hang["output"].as_str().unwrap().contains("test timed out"),
        "{hang}"
    );
    // The report counts the seeds written, not the candidates minimization left out.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(".heatseed/manifest.json")).unwrap())
            .unwrap();
    let counted: u64 = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["seeds"].as_u64().unwrap())
        .sum();
    assert_eq!(
        counted as usize,
        manifest["seeds"].as_array().unwrap().len(),
        "{report}"
    );
    assert!(skipped(&report, "Save").contains("calls os.WriteFile"));
    assert!(skipped(&report, "Cleanup").contains("calls os.RemoveAll via cleanup()"));
    assert!(skipped(&report, "Ping").contains("calls net.DialTimeout"));
    assert!(skipped(&report, "Version").contains("no input to fuzz"));
    assert!(skipped(&report, "ByLen.Less").contains("sort.Interface"));
    let harness = std::fs::read_to_string(dir.join("heatseed_fuzz_test.go")).unwrap();
    for absent in [
        "FuzzSave",
        "FuzzCleanup",
        "FuzzPing",
        "FuzzVersion",
        "FuzzByLen_Less",
        "FuzzParseLevel",
    ] {
        assert!(!harness.contains(absent), "{absent} generated:\n{harness}");
    }
    // The user's FuzzParseLevel gets the seeds instead of a twin.
    let parse_level = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "ParseLevel")
        .unwrap();
    assert_eq!(
        parse_level["fuzz_tests"],
        serde_json::json!(["FuzzParseLevel"])
    );
    assert!(dir.join("testdata/fuzz/FuzzParseLevel").is_dir());
    // Documented panic recovered; iterator ranged over; setter restored.
    assert!(harness.contains("defer func() { _ = recover() }()"));
    assert!(harness.contains("for range seq {"));
    assert!(harness.contains("t.Cleanup(func() { seed = oldSeed })"));

    let gofmt = std::process::Command::new("gofmt")
        .arg("-l")
        .arg(&dir)
        .output()
        .expect("gofmt");
    assert!(
        gofmt.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&gofmt.stdout)
    );
    go(&dir, &["vet", "./..."]);
    // A seed the fuzzer could find any time: a seed other than the default. (Minimization may
    // have kept no seed of FuzzSetRand, so its corpus folder may not exist.)
    std::fs::create_dir_all(dir.join("testdata/fuzz/FuzzSetRand")).unwrap();
    std::fs::write(
        dir.join("testdata/fuzz/FuzzSetRand/heatseed-test-leak"),
        "go test fuzz v1\nint64(7)\n",
    )
    .unwrap();
    let (ok, text) = go_test_output(&dir, &["test", "-count=2", "./..."]);
    assert!(ok, "go test -count=2 failed after generate:\n{text}");

    // Without the restore, that seed leaks into the package and the module's own example
    // fails: the restore is what keeps the suite green.
    let leaky = harness.replace("t.Cleanup(func() { seed = oldSeed })", "_ = oldSeed");
    std::fs::write(dir.join("heatseed_fuzz_test.go"), leaky).unwrap();
    let (ok, text) = go_test_output(&dir, &["test", "-count=1", "./..."]);
    assert!(
        !ok && text.contains("ExampleShuffle"),
        "leaked state went unnoticed:\n{text}"
    );
}

#[test]
fn allow_side_effects_opts_in() {
    let (_tmp, dir) = copy_module(&corpus_module("hazards"));
    let report = generate_json(&dir, &["--no-check", "--dry-run", "--allow-side-effects"]);
    for t in ["Save", "Cleanup", "Ping"] {
        let row = report["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["target"] == t)
            .unwrap();
        assert!(row["skipped"].is_null(), "{t}: {}", row["skipped"]);
    }
}
