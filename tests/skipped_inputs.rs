//! Entry points that used to be skipped, harnessed and seeded with the real toolchain on a copy
//! of the bundled `corpus/reach` module (package `dec`): `Decode(data []byte, v any)` (the `any` destination is a fresh pointer chosen
//! by a fuzz byte) seeded from a test-table literal of a test the weak profile did not run,
//! `Lines(fsys fs.FS)` (a one-file `fstest.MapFS` of the input), `Describe(err error)`
//! (`errors.New(input)`), `Label(s fmt.Stringer)` (a `bytes.Buffer` of the input). The
//! harness file passes gofmt and go vet, and plain replay covers the blocks behind each.

mod common;

use common::*;
use std::path::Path;

fn module() -> (tempfile::TempDir, std::path::PathBuf) {
    copy_module(&corpus_module("reach"))
}

/// The text of `dec/<file>` in the bundled module.
fn source(file: &str) -> String {
    std::fs::read_to_string(corpus_module("reach").join("dec").join(file)).expect("dec source")
}

/// Count of the block of `file` that opens on the line holding `marker`: at its `{`, or just
/// after the `:` of a `case` clause.
fn count_after(profile: &Path, file: &str, src: &str, marker: &str) -> u64 {
    let (i, line) = src
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(marker))
        .expect("marker");
    let col = match line.rfind('{') {
        Some(b) => b + 1,
        None => line.rfind(':').expect("brace or colon") + 2,
    };
    let start = format!("{}.{col}", i + 1);
    let text = std::fs::read_to_string(profile).expect("profile");
    let prefix = format!("example.com/reach/dec/{file}:");
    text.lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .find(|l| l.split(',').next() == Some(start.as_str()))
        .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
        .unwrap_or_else(|| panic!("no block at {file}:{start}:\n{text}"))
}

#[test]
fn any_fs_error_and_stringer_entry_points_are_harnessed_and_seeded() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = module();
    let cold = dir.join("cover.out");
    assert_eq!(
        count_after(&cold, "dec.go", &source("dec.go"), "case *any:"),
        0
    );

    let out = heatseed(
        &[
            "generate",
            "--root",
            ".",
            "--package",
            "./dec",
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
    for name in ["Decode", "Lines", "Describe", "Label"] {
        let t = report["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["target"] == name)
            .unwrap_or_else(|| panic!("no target {name}"));
        assert!(t["skipped"].is_null(), "{name}: {}", t["skipped"]);
    }
    assert!(
        report["findings"].as_array().unwrap().is_empty(),
        "{}",
        report["findings"]
    );
    let harness = std::fs::read_to_string(dir.join("dec/heatseed_fuzz_test.go")).unwrap();
    for want in [
        "new(map[string]interface{})",
        "fstest.MapFS{",
        "errors.New(",
        "bytes.NewBufferString(",
    ] {
        assert!(harness.contains(want), "missing {want}:\n{harness}");
    }
    let fmt = std::process::Command::new("gofmt")
        .args(["-l", "."])
        .current_dir(&dir)
        .output()
        .expect("gofmt");
    assert!(
        fmt.stdout.is_empty(),
        "gofmt: {}",
        String::from_utf8_lossy(&fmt.stdout)
    );
    go(&dir, &["vet", "./..."]);

    // A kept seed of FuzzDecode starts from the test table's record (as is, or with a
    // compared literal spliced in: `strings.Cut(kv, "=")` makes `name=ada;==go` reach more).
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(".heatseed/manifest.json")).unwrap())
            .unwrap();
    let from_table = manifest["seeds"].as_array().unwrap().iter().any(|s| {
        s["fuzz_test"] == "FuzzDecode"
            && s["kind"] == "real_input"
            && s["values"][0]
                .as_str()
                .is_some_and(|v| v.contains("rec:name=ada;"))
    });
    assert!(from_table, "{}", manifest["seeds"]);

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
    let replay = dir.join("replay.out");
    for marker in ["case *any:", "case *map[string]any:", "if !ok {"] {
        assert!(
            count_after(&replay, "dec.go", &source("dec.go"), marker) > 0,
            "replay misses dec.go `{marker}`"
        );
    }
    for marker in [
        "if strings.Contains(err.Error(), \"timeout\") {",
        "if strings.HasSuffix(s.String(), \"!\") {",
        "if err != nil || d.IsDir() {",
    ] {
        assert!(
            count_after(&replay, "more.go", &source("more.go"), marker) > 0,
            "replay misses more.go `{marker}`"
        );
    }
}
