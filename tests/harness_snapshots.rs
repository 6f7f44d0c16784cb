//! Snapshots of the harness files and the manifest `generate` writes for the bundled modules (no Go needed:
//! `--no-check`, and these modules have no round-trip property to check). A change in what a
//! Go developer would read shows up as a snapshot diff.

mod common;

use common::*;

/// Every `heatseed_fuzz_test.go` under `dir`, with its path relative to `dir`, sorted.
fn harness_files(dir: &std::path::Path) -> String {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() == "heatseed_fuzz_test.go")
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|(p, text)| format!("==== {p}\n{text}"))
        .collect()
}

/// Runs `generate --no-check` on a copy of the module; returns the copy (kept alive by the
/// guard).
fn generate_copy(module: &str, extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = copy_module(&corpus_module(module));
    let mut args = vec!["generate", "--root", dir.to_str().unwrap(), "--no-check"];
    args.extend_from_slice(extra);
    let out = heatseed(&args, &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, dir)
}

fn generated(module: &str) -> String {
    let (_tmp, dir) = generate_copy(module, &[]);
    harness_files(&dir)
}

#[test]
fn hazards_harness_file() {
    insta::assert_snapshot!(generated("hazards"));
}

#[test]
fn shop_harness_files() {
    insta::assert_snapshot!(generated("shop"));
}

#[test]
fn confparse_harness_files() {
    insta::assert_snapshot!(generated("confparse"));
}

#[test]
fn shapes_harness_files() {
    insta::assert_snapshot!(generated("shapes"));
}

/// The manifest of a module: every file heatseed wrote with its sha256, and why each seed
/// exists (two seeds per target keep it readable).
fn manifest(module: &str) -> String {
    let (_tmp, dir) = generate_copy(module, &["--seeds-per-target", "2"]);
    let text = std::fs::read_to_string(dir.join(".heatseed/manifest.json")).unwrap();
    assert!(text.contains("heatseed.manifest/v2"), "{text}");
    text
}

#[test]
fn shop_manifest() {
    insta::assert_snapshot!(manifest("shop"));
}

#[test]
fn confparse_manifest() {
    insta::assert_snapshot!(manifest("confparse"));
}

#[test]
fn shapes_manifest() {
    insta::assert_snapshot!(manifest("shapes"));
}

#[test]
fn hazards_manifest() {
    insta::assert_snapshot!(manifest("hazards"));
}
