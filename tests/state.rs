//! The state directory end to end: `analyze` prints the same bytes with and without it, cold
//! and warm, and follows source changes; a second `generate` on an unchanged module runs no
//! pre-flight `go test` and changes no file, a changed package alone is checked again;
//! `--dry-run` never writes the state. Needs the real Go toolchain for `generate`.

mod common;

use common::{copy_module, corpus_module, have_go};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(root: &Path, args: &[&str], path_prefix: Option<&Path>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_heatseed"));
    c.args(args).current_dir(root);
    if let Some(dir) = path_prefix {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![dir.to_path_buf()];
        paths.extend(std::env::split_paths(&path));
        c.env("PATH", std::env::join_paths(paths).unwrap());
    }
    let out = c.output().expect("run heatseed");
    assert!(
        out.status.success(),
        "heatseed {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every file under `root` but the state directory, with its bytes.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| !e.path().ends_with(".heatseed/state"))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            (e.into_path(), bytes)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn analyze_output_is_identical_without_cold_and_warm_cache_and_follows_edits() {
    let (tmp, root) = copy_module(&corpus_module("shop"));
    let state = tmp.path().join("state");
    let st = state.to_str().unwrap();
    for format in ["json", "text"] {
        let plain = run(&root, &["analyze", "--format", format, "--no-cache"], None).stdout;
        let cold = run(
            &root,
            &["analyze", "--format", format, "--state-dir", st],
            None,
        )
        .stdout;
        let warm = run(
            &root,
            &["analyze", "--format", format, "--state-dir", st],
            None,
        )
        .stdout;
        assert!(!plain.is_empty());
        assert_eq!(plain, cold, "{format}: cold cache output differs");
        assert_eq!(plain, warm, "{format}: warm cache output differs");
    }
    assert!(
        !root.join(".heatseed/state").exists(),
        "--state-dir and --no-cache write nothing in the module"
    );
    // The state holds parses and the memo.
    for kind in ["parse", "analyze"] {
        assert!(state.join(kind).is_dir(), "{kind} missing");
    }

    // A source edit: a new cold function at the end (the profile's blocks still fit).
    let order = root.join("order/order.go");
    let mut src = std::fs::read_to_string(&order).unwrap();
    src.push_str(
        "\nfunc Added(s string) int {\n\tif s == \"x\" {\n\t\treturn 1\n\t}\n\treturn 0\n}\n",
    );
    std::fs::write(&order, src).unwrap();
    let plain = run(&root, &["analyze", "--format", "json", "--no-cache"], None).stdout;
    let warm = run(
        &root,
        &["analyze", "--format", "json", "--state-dir", st],
        None,
    )
    .stdout;
    assert_eq!(plain, warm, "the cache missed the edit");

    // The default state directory is inside the module root.
    run(&root, &["analyze", "--format", "json"], None);
    assert!(root.join(".heatseed/state/analyze").is_dir());
    let again = run(&root, &["analyze", "--format", "json"], None).stdout;
    assert_eq!(plain, again);
}

/// A `go` in front of the real one that logs its arguments, one line per command.
fn go_logger(dir: &Path) -> (PathBuf, PathBuf) {
    let real = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v go"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("go.log");
    let script = format!(
        "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
        log.display(),
        real.trim()
    );
    let go = bin.join("go");
    std::fs::write(&go, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&go, std::fs::Permissions::from_mode(0o755)).unwrap();
    (bin, log)
}

fn take_log(log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let _ = std::fs::remove_file(log);
    text.lines().map(str::to_string).collect()
}

#[test]
fn a_second_generate_on_an_unchanged_module_runs_no_check_and_changes_nothing() {
    if !have_go() {
        return;
    }
    let (tmp, root) = copy_module(&corpus_module("shop"));
    let (bin, log) = go_logger(tmp.path());
    let first = run(&root, &["generate", "--format", "json"], Some(&bin));
    let first_go = take_log(&log);
    assert!(
        first_go.iter().any(|l| l.starts_with("test ")),
        "the first run checks with go test: {first_go:?}"
    );
    assert!(root.join(".heatseed/state/check").is_dir());
    let before = snapshot(&root);

    let second = run(&root, &["generate", "--format", "json"], Some(&bin));
    let second_go = take_log(&log);
    assert!(
        second_go.iter().all(|l| !l.starts_with("test ")),
        "no pre-flight or minimization go test on an unchanged module: {second_go:?}"
    );
    assert_eq!(snapshot(&root), before, "the second run changed files");
    let rep: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    let actions: Vec<&str> = rep["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["action"].as_str().unwrap())
        .collect();
    assert!(!actions.is_empty());
    assert!(actions.iter().all(|a| *a == "unchanged"), "{actions:?}");
    let note = rep["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .find(|n| n.starts_with("state: the pre-flight check of 3 unchanged package(s)"));
    assert!(note.is_some(), "{}", rep["notes"]);
    let first: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(first["findings"], rep["findings"]);

    // One package's test file changes: only that package is replayed.
    let test = root.join("payment/payment_test.go");
    let mut src = std::fs::read_to_string(&test).unwrap();
    src.push_str("\n// edited\n");
    std::fs::write(&test, src).unwrap();
    run(&root, &["generate", "--format", "json"], Some(&bin));
    let third_go = take_log(&log);
    let tests: Vec<&String> = third_go.iter().filter(|l| l.starts_with("test ")).collect();
    assert!(
        !tests.is_empty(),
        "the changed package is checked: {third_go:?}"
    );
    for l in &tests {
        assert!(
            !l.contains("example.com/shop/order") && !l.contains("internal/money"),
            "an unchanged package was replayed: {l}"
        );
    }
    // With --no-cache everything is checked again.
    run(&root, &["generate", "--no-cache"], Some(&bin));
    let all = take_log(&log);
    assert!(all
        .iter()
        .any(|l| l.starts_with("test ") && l.contains("example.com/shop/order")));
}

#[test]
fn dry_run_never_writes_the_state_directory() {
    if !have_go() {
        return;
    }
    let (_tmp, root) = copy_module(&corpus_module("shop"));
    let before = snapshot(&root);
    run(&root, &["generate", "--dry-run"], None);
    run(&root, &["generate", "--dry-run", "--verify"], None);
    assert!(!root.join(".heatseed/state").exists());
    assert_eq!(snapshot(&root), before);
}

#[test]
fn a_second_nightly_run_on_an_unchanged_module_runs_no_go_test_and_reports_the_same() {
    if !have_go() {
        return;
    }
    let (tmp, root) = copy_module(&corpus_module("shop"));
    for p in ["cover.out", "cover-go1.27.out"] {
        let _ = std::fs::remove_file(root.join(p));
    }
    let (bin, log) = go_logger(tmp.path());
    let args = ["run", "--format", "json", "--top", "5", "--fuzz-time", "0"];
    let first = run(&root, &args, Some(&bin));
    let first_go = take_log(&log);
    let tests = |log: &[String]| log.iter().filter(|l| l.starts_with("test ")).count();
    assert!(
        tests(&first_go) >= 2,
        "heat in and the replay run go test: {first_go:?}"
    );
    let before = snapshot(&root);

    let second = run(&root, &args, Some(&bin));
    let second_go = take_log(&log);
    assert_eq!(
        tests(&second_go),
        0,
        "nothing changed: no go test at all: {second_go:?}"
    );
    let after = snapshot(&root);
    let changed: Vec<&PathBuf> = before
        .iter()
        .chain(after.iter())
        .filter(|(p, b)| {
            let other = if before.iter().any(|(q, c)| q == p && c == b) {
                &after
            } else {
                &before
            };
            !other.iter().any(|(q, c)| q == p && c == b)
        })
        .map(|(p, _)| p)
        .collect();
    assert!(
        changed.iter().all(|p| p.ends_with(".heatseed/report.html")),
        "only the report may change: {changed:?}"
    );
    let a: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(a["totals"], b["totals"]);
    assert_eq!(a["targets"], b["targets"]);
    assert_eq!(b["trend"].as_array().unwrap().len(), 2);

    // A changed source is heat in again.
    let money = root.join("internal/money/money.go");
    let text = std::fs::read_to_string(&money).unwrap();
    std::fs::write(&money, text + "\n// edited\n").unwrap();
    run(&root, &args, Some(&bin));
    assert!(
        tests(&take_log(&log)) >= 1,
        "an edited source is tested again"
    );
}
