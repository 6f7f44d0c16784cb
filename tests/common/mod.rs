//! Helpers shared by the integration tests: temp copies of `corpus/` modules and the real Go
//! toolchain (required when CI=true; elsewhere a test without Go is skipped with a note).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Path of a bundled example module.
pub fn corpus_module(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
}

/// The bundled example modules.
pub const MODULES: &[&str] = &["shop", "confparse", "shapes", "hazards", "ingest", "reach"];

/// The `-run` filter `corpus/regen.sh` profiles a bundled module with (`reach` keeps a weak
/// heatmap on purpose: its table tests must not run).
pub fn profile_run_filter(module: &str) -> &'static str {
    match module {
        "reach" => "^(TestWeak|TestParseRejects)$",
        _ => ".",
    }
}

/// True when `go` can run. With CI=true a missing toolchain fails the test.
pub fn have_go() -> bool {
    let ok = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("the Go toolchain is required in CI (CI=true) but `go version` failed");
        }
        eprintln!("note: skipping, `go` is not installed");
    }
    ok
}

/// Recursively copies `src` into a fresh temp dir and returns (guard, path of the copy).
pub fn copy_module(src: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dst = tmp.path().join(src.file_name().expect("named dir"));
    copy_dir(src, &dst);
    (tmp, dst)
}

pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for e in std::fs::read_dir(src).expect("read_dir") {
        let e = e.expect("dir entry");
        let to = dst.join(e.file_name());
        // The state directory `analyze` leaves in a bundled module (tests run it there) is a
        // cache, not part of the module: copies start without it.
        if e.path().ends_with(".heatseed/state") {
            continue;
        }
        if e.file_type().expect("file type").is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).expect("copy");
        }
    }
}

/// Runs `go args...` in `dir`; panics with the output when it fails.
pub fn go(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("go")
        .args(args)
        .current_dir(dir)
        .env("GOFLAGS", "-mod=mod")
        .env("GOTOOLCHAIN", "local")
        .output()
        .expect("run go");
    assert!(
        out.status.success(),
        "go {} in {} failed:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The text of the count profile of plain `go test -count=1 -run '^Fuzz'` on `pkgs` in `dir`
/// (the fuzz tests replaying their seed corpus, no fuzzing); the profile file is removed.
pub fn fuzz_replay_profile(dir: &Path, pkgs: &str) -> String {
    let prof = dir.join(".replay.out");
    go(
        dir,
        &[
            "test",
            "-count=1",
            "-run",
            "^Fuzz",
            "-covermode=count",
            &format!("-coverprofile={}", prof.display()),
            pkgs,
        ],
    );
    let text = std::fs::read_to_string(&prof).expect("replay profile");
    std::fs::remove_file(&prof).expect("remove the replay profile");
    text
}

/// The largest execution count, in the count profile `profile`, of a block of `file` (import
/// path and file name, as the profile names it) whose lines include `line`; panics when no
/// block does.
pub fn max_count_on_line(profile: &str, file: &str, line: usize) -> u64 {
    let prefix = format!("{file}:");
    profile
        .lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .filter(|l| {
            let (range, _) = l.split_once(' ').unwrap();
            let (start, end) = range.split_once(',').unwrap();
            let s: usize = start.split('.').next().unwrap().parse().unwrap();
            let e: usize = end.split('.').next().unwrap().parse().unwrap();
            s <= line && line <= e
        })
        .map(|l| l.rsplit(' ').next().unwrap().parse::<u64>().unwrap())
        .max()
        .unwrap_or_else(|| panic!("no block of {file} on line {line}: {profile}"))
}

/// `GOROOT/src`.
pub fn goroot_src() -> PathBuf {
    let out = Command::new("go")
        .args(["env", "GOROOT"])
        .output()
        .expect("go env");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("src")
}

/// Runs the heatseed binary; returns its output.
pub fn heatseed(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_heatseed"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run heatseed")
}

/// Makes the heatmap of the module in `dir` with its own tests: `go test -count=1
/// -covermode=count -coverprofile=cover.out ./...`.
pub fn heatmap(dir: &Path) {
    go(
        dir,
        &[
            "test",
            "-count=1",
            "-covermode=count",
            "-coverprofile=cover.out",
            "./...",
        ],
    );
}

/// Makes the heatmap of the module in `dir` ([`heatmap`]), then runs `heatseed generate
/// --format json` there (it must succeed); returns the report.
pub fn heatmap_and_generate(dir: &Path) -> serde_json::Value {
    heatmap(dir);
    let out = heatseed(&["generate", "--root", ".", "--format", "json"], dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

/// The weak heatmap of the module in `dir`: `go test -short -count=1 -covermode=count
/// -coverprofile=cover.out ./...` (it must pass); returns the profile's text.
pub fn short_heatmap(dir: &Path) -> String {
    let out = go(
        dir,
        &[
            "test",
            "-short",
            "-count=1",
            "-covermode=count",
            "-coverprofile=cover.out",
            "./...",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    std::fs::read_to_string(dir.join("cover.out")).expect("heatmap")
}

/// `heatseed generate --root . --rounds 0 --format json` in `dir` (no refinement rounds: only
/// the first round's seeds); it must succeed. Returns the JSON report.
pub fn generate_first_round(dir: &Path) -> serde_json::Value {
    let out = heatseed(
        &[
            "generate", "--root", ".", "--rounds", "0", "--format", "json",
        ],
        dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}
