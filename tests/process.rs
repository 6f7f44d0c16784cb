//! The process layer with the real Go toolchain: a seed that blocks is a hang finding after one
//! `--timeout` per round, a package whose test binary does not build gets no harness, `go.work`
//! workspaces are checked module by module, build tags are honoured, `--dry-run` leaves Go's
//! fuzz cache alone, `--no-check` runs no `go`, verify's baseline has no heatseed file, and
//! SIGINT kills the children and removes the scratch copies.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Writes `files` (path, text) under a fresh temp dir; returns (guard, root).
fn module(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("m");
    for (p, text) in files {
        let p = root.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    (tmp, root)
}

fn profile(dir: &Path, extra: &[&str]) {
    let mut args = vec!["test", "-covermode=count", "-coverprofile=cover.out"];
    args.extend_from_slice(extra);
    args.push("./...");
    go(dir, &args);
}

/// `go args...` in `dir` with the environment's GOFLAGS (workspaces refuse `-mod=mod`).
fn go_ws(dir: &Path, args: &[&str]) {
    let out = Command::new("go")
        .args(args)
        .current_dir(dir)
        .env("GOTOOLCHAIN", "local")
        .output()
        .expect("run go");
    assert!(
        out.status.success(),
        "go {} in {}:\n{}{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run_heatseed(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (serde_json::Value, String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_heatseed"));
    cmd.arg("generate")
        .args(["--root", dir.to_str().unwrap(), "--format", "json"])
        .args(args)
        .current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run heatseed");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null);
    (json, stderr, out.status.code().unwrap_or(-1))
}

fn findings(v: &serde_json::Value) -> Vec<&serde_json::Value> {
    v["findings"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

const HANG_GO: &str = r#"package hang

// Classify blocks for ever on "block".
func Classify(s string) int {
	if s == "block" {
		select {}
	}
	if len(s) > 3 {
		return 2
	}
	return len(s)
}
"#;

const HANG_TEST: &str = r#"package hang

import "testing"

func TestClassify(t *testing.T) {
	if Classify("ab") != 2 {
		t.Fatal("ab")
	}
}
"#;

#[test]
fn a_blocking_seed_is_a_hang_finding_and_costs_one_timeout_per_round() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = module(&[
        ("go.mod", "module example.com/hang\n\ngo 1.22\n"),
        ("hang.go", HANG_GO),
        ("hang_test.go", HANG_TEST),
    ]);
    profile(&dir, &[]);
    let start = Instant::now();
    let (v, stderr, code) = run_heatseed(&dir, &["--timeout", "5"], &[]);
    let took = start.elapsed();
    assert_eq!(code, 0, "{stderr}");
    // Without the timeout a blocked seed holds each round for Go's 10-minute default.
    assert!(took < Duration::from_secs(90), "generate took {took:?}");
    let hangs: Vec<_> = findings(&v)
        .into_iter()
        .filter(|f| f["kind"] == "hang")
        .collect();
    assert!(!hangs.is_empty(), "no hang finding: {v:#}");
    for h in &hangs {
        let seed = h["seed"].as_str().unwrap();
        let fuzz = h["fuzz_test"].as_str().unwrap();
        let out = h["output"].as_str().unwrap();
        assert!(out.starts_with("panic: test timed out after 5s"), "{out}");
        assert!(out.contains("example.com/hang.Classify"), "{out}");
        let file = dir.join("testdata/fuzz").join(fuzz).join(seed);
        assert!(
            !file.exists(),
            "the blocking seed {} was written",
            file.display()
        );
        // The hanging seed is the one that holds "block".
        assert!(seed.len() == 16 && seed != "seed#0", "{seed}");
    }
    // Every blocking seed was left out: plain go test passes, quickly.
    go(&dir, &["test", "-count=1", "-timeout=60s", "./..."]);
    go(&dir, &["vet", "./..."]);
}

#[test]
fn a_package_whose_test_binary_does_not_build_gets_no_harness() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = module(&[
        ("go.mod", "module example.com/bf\n\ngo 1.22\n"),
        ("p/p.go", "package p\n\nfunc Grade(n int) string {\n\tif n > 9000 {\n\t\treturn \"over\"\n\t}\n\treturn \"ok\"\n}\n"),
        ("p/p_test.go", "package p\n\nimport \"testing\"\n\nfunc TestGrade(t *testing.T) { Grade(1) }\n"),
        ("q/q.go", "package q\n\nfunc Level(n int) string {\n\tif n == 77 {\n\t\treturn \"lucky\"\n\t}\n\treturn \"\"\n}\n"),
        ("q/q_test.go", "package q\n\nimport \"testing\"\n\nfunc TestLevel(t *testing.T) { Level(1) }\n"),
    ]);
    profile(&dir, &[]);
    // After profiling, a test file of p stops compiling.
    std::fs::write(
        dir.join("p/broken_test.go"),
        "package p\n\nfunc helper() int { return \"x\" }\n",
    )
    .unwrap();
    let (v, stderr, code) = run_heatseed(&dir, &[], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !dir.join("p/heatseed_fuzz_test.go").exists(),
        "an unchecked harness was written into the package that does not build"
    );
    assert!(dir.join("q/heatseed_fuzz_test.go").exists(), "{v:#}");
    let bf: Vec<_> = findings(&v)
        .into_iter()
        .filter(|f| f["kind"] == "build_fail")
        .collect();
    assert_eq!(bf.len(), 1, "{v:#}");
    assert_eq!(bf[0]["package"], "example.com/bf/p");
    assert!(
        bf[0]["output"]
            .as_str()
            .unwrap()
            .contains("broken_test.go:3"),
        "{:#}",
        bf[0]
    );
    // q is checked and passes.
    go(&dir.join("q"), &["test", "-count=1", "."]);
}

/// A harness leaves package state changed through a method call (which the hazard analysis
/// does not see); the user's own fuzz test, replayed after it, then fails on its own `f.Add`
/// seed. The check must leave the package's harness file out, not write it.
#[test]
fn a_user_fuzz_test_broken_by_a_leaking_harness_keeps_its_package_clean() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = module(&[
        ("go.mod", "module example.com/leak\n\ngo 1.22\n"),
        (
            "leak.go",
            "package leak\n\nimport \"sync/atomic\"\n\nvar hits atomic.Int64\n\n// Record counts requests over the limit.\nfunc Record(n int) string {\n\tif n > 4096 {\n\t\thits.Add(1)\n\t\treturn \"big\"\n\t}\n\treturn \"small\"\n}\n\n// Hits is how many big requests were recorded.\nfunc Hits() int64 { return hits.Load() }\n",
        ),
        (
            "leak_test.go",
            "package leak\n\nimport \"testing\"\n\nfunc TestRecord(t *testing.T) {\n\tif Record(1) != \"small\" {\n\t\tt.Fatal(\"small\")\n\t}\n}\n",
        ),
        // Sorted after heatseed_fuzz_test.go: Go replays it after the generated harness.
        (
            "zz_fuzz_test.go",
            "package leak\n\nimport \"testing\"\n\nfunc FuzzFresh(f *testing.F) {\n\tf.Add(1)\n\tf.Fuzz(func(t *testing.T, n int) {\n\t\tif Hits() != 0 {\n\t\t\tt.Fatalf(\"hits = %d\", Hits())\n\t\t}\n\t})\n}\n",
        ),
    ]);
    profile(&dir, &[]);
    let (v, stderr, code) = run_heatseed(&dir, &[], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !dir.join("heatseed_fuzz_test.go").exists(),
        "the leaking harness was written: {v:#}"
    );
    let f: Vec<_> = findings(&v)
        .into_iter()
        .filter(|f| f["fuzz_test"] == "heatseed_fuzz_test.go")
        .collect();
    assert_eq!(f.len(), 1, "{v:#}");
    assert!(
        f[0]["output"]
            .as_str()
            .unwrap()
            .contains("FuzzFresh/seed#0"),
        "{:#}",
        f[0]
    );
    go(&dir, &["test", "-count=1", "./..."]);
}

const BOOM_GO: &str = "package NAME\n\nfunc Check(s string) int {\n\tif s == \"boom\" {\n\t\tpanic(\"boom\")\n\t}\n\treturn len(s)\n}\n";
const BOOM_TEST: &str =
    "package NAME\n\nimport \"testing\"\n\nfunc TestCheck(t *testing.T) { Check(\"a\") }\n";

#[test]
fn a_go_work_workspace_is_checked_module_by_module() {
    if !have_go() {
        return;
    }
    let a_go = BOOM_GO.replace("NAME", "a");
    let b_go = BOOM_GO.replace("NAME", "b");
    let a_test = BOOM_TEST.replace("NAME", "a");
    let b_test = BOOM_TEST.replace("NAME", "b");
    let (_tmp, ws) = module(&[
        ("go.work", "go 1.22\n\nuse (\n\t./a\n\t./b\n)\n"),
        ("a/go.mod", "module example.com/a\n\ngo 1.22\n"),
        ("a/a.go", &a_go),
        ("a/a_test.go", &a_test),
        ("b/go.mod", "module example.com/b\n\ngo 1.22\n"),
        ("b/b.go", &b_go),
        ("b/b_test.go", &b_test),
    ]);
    for m in ["a", "b"] {
        go_ws(
            &ws.join(m),
            &[
                "test",
                "-covermode=count",
                "-coverprofile=cover.out",
                "./...",
            ],
        );
    }
    let (v, stderr, code) = run_heatseed(
        &ws,
        &["--profile", "a/cover.out", "--profile", "b/cover.out"],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    let panics: Vec<String> = findings(&v)
        .into_iter()
        .filter(|f| f["kind"] == "panic")
        .map(|f| f["package"].as_str().unwrap().to_string())
        .collect();
    assert!(panics.contains(&"example.com/a".to_string()), "{v:#}");
    assert!(panics.contains(&"example.com/b".to_string()), "{v:#}");
    for m in ["a", "b"] {
        assert!(ws.join(m).join("heatseed_fuzz_test.go").exists());
        go_ws(&ws.join(m), &["test", "-count=1", "./..."]);
    }
}

#[test]
fn build_tags_choose_the_files_and_reach_every_go_command() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = module(&[
        ("go.mod", "module example.com/tg\n\ngo 1.22\n"),
        (
            "tagged/t.go",
            "//go:build special\n\npackage tagged\n\nfunc Pick(n int) int {\n\tif n == 42 {\n\t\treturn 1\n\t}\n\treturn 0\n}\n",
        ),
        (
            "tagged/t_test.go",
            "//go:build special\n\npackage tagged\n\nimport \"testing\"\n\nfunc TestPick(t *testing.T) { Pick(1) }\n",
        ),
        (
            "plain/p.go",
            "package plain\n\nfunc Odd(n int) bool {\n\tif n == 7 {\n\t\treturn true\n\t}\n\treturn false\n}\n",
        ),
        ("plain/p_test.go", "package plain\n\nimport \"testing\"\n\nfunc TestOdd(t *testing.T) { Odd(1) }\n"),
    ]);
    profile(&dir, &["-tags", "special"]);
    let (_g2, dir2) = copy_module(&dir);
    let (_g3, dir3) = copy_module(&dir);

    // Without the tags: the tagged package is left out with a note; everything builds.
    let (v, stderr, code) = run_heatseed(&dir, &[], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!dir.join("tagged/heatseed_fuzz_test.go").exists(), "{v:#}");
    assert!(dir.join("plain/heatseed_fuzz_test.go").exists());
    let notes = v["notes"].to_string();
    assert!(notes.contains("excluded by build constraints"), "{notes}");
    go(&dir, &["vet", "./..."]);
    go(&dir, &["test", "-count=1", "./..."]);

    // With them: harnessed, checked with -tags, and green under -tags.
    let (v, stderr, code) = run_heatseed(&dir2, &["--tags", "special"], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir2.join("tagged/heatseed_fuzz_test.go").exists(), "{v:#}");
    go(&dir2, &["vet", "-tags", "special", "./..."]);
    go(&dir2, &["test", "-count=1", "-tags", "special", "./..."]);
    // GOFLAGS counts as the tags too.
    let (v, stderr, code) = run_heatseed(&dir3, &[], &[("GOFLAGS", "-tags=special")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir3.join("tagged/heatseed_fuzz_test.go").exists(), "{v:#}");
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn dry_run_leaves_the_go_fuzz_cache_alone_and_properties_are_deterministic() {
    if !have_go() {
        return;
    }
    // confparse has Encode/Decode: a round-trip property candidate.
    let (_tmp, dir) = copy_module(&corpus_module("confparse"));
    let cache = tempfile::tempdir().unwrap();
    let gocache = cache.path().to_str().unwrap();
    let before = snapshot(&dir);
    let (v1, stderr, code) = run_heatseed(&dir, &["--dry-run"], &[("GOCACHE", gocache)]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(snapshot(&dir), before, "--dry-run wrote into the module");
    assert!(
        !cache.path().join("fuzz").exists(),
        "--dry-run wrote into $GOCACHE/fuzz"
    );
    let props = v1["properties"].as_array().expect("properties");
    assert!(
        !props.is_empty(),
        "confparse proposes round-trip properties"
    );
    // Same inputs, same decisions (no random fuzzing decides them).
    let (v2, _, _) = run_heatseed(&dir, &["--dry-run"], &[("GOCACHE", gocache)]);
    assert_eq!(v1["properties"], v2["properties"]);
    assert_eq!(v1["findings"], v2["findings"]);
}

#[test]
fn no_check_runs_no_go_and_keeps_no_property() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = copy_module(&corpus_module("confparse"));
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_str().unwrap();
    let (v, stderr, code) = run_heatseed(&dir, &["--no-check"], &[("PATH", path)]);
    assert_eq!(code, 0, "{stderr}");
    assert!(v["properties"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["kept"] == false));
    assert!(v["notes"].to_string().contains("--no-check"));
    // The check itself needs go: without it the run fails (exit 5) rather than write unchecked.
    let (_tmp2, dir2) = copy_module(&corpus_module("confparse"));
    let before = snapshot(&dir2);
    let (_, stderr, code) = run_heatseed(&dir2, &[], &[("PATH", path)]);
    assert_eq!(code, 5, "{stderr}");
    assert_eq!(snapshot(&dir2), before);
}

#[test]
fn verify_baseline_ignores_heatseed_files_of_earlier_runs_and_reports_reach() {
    if !have_go() {
        return;
    }
    let measure = |dir: &Path| {
        let (v, stderr, code) = run_heatseed(dir, &["--seeds-per-target", "1", "--verify"], &[]);
        assert_eq!(code, 0, "{stderr}");
        v["verify"].clone()
    };
    let (_t1, fresh) = copy_module(&corpus_module("shop"));
    let want = measure(&fresh);
    let (_t2, dir) = copy_module(&corpus_module("shop"));
    let (_, stderr, code) = run_heatseed(&dir, &["--seeds-per-target", "16"], &[]);
    assert_eq!(code, 0, "{stderr}");
    let got = measure(&dir);
    for k in [
        "cold_statements",
        "covered_by_user_tests",
        "covered_without_seeds",
    ] {
        assert_eq!(
            got[k], want[k],
            "{k}: earlier seeds leaked into the baseline"
        );
    }
    let u = got["covered_by_user_tests"].as_u64().unwrap();
    let z = got["covered_without_seeds"].as_u64().unwrap();
    let w = got["covered_with_seeds"].as_u64().unwrap();
    assert!(u <= z && z <= w, "{got:#}");
    let reach = &got["reach"];
    assert!(reach["cold_statements"].as_u64() >= got["cold_statements"].as_u64());
    assert!(reach["covered_with_seeds"].as_u64() >= reach["covered_by_user_tests"].as_u64());
}

/// Pids of the processes whose parent is `pid`.
fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
        let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        if after.split_whitespace().nth(1) == Some(&pid.to_string()) {
            out.push(p);
        }
    }
    out
}

#[test]
fn sigint_kills_go_and_removes_scratch_copies() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = module(&[
        ("go.mod", "module example.com/hang\n\ngo 1.22\n"),
        ("hang.go", HANG_GO),
        ("hang_test.go", HANG_TEST),
    ]);
    profile(&dir, &[]);
    let tmpdir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_heatseed"))
        .args([
            "generate",
            "--root",
            dir.to_str().unwrap(),
            "--timeout",
            "300",
        ])
        .env("TMPDIR", tmpdir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until a go command runs (the replay blocks on the "block" seed for 300 s).
    let start = Instant::now();
    let go_pid = loop {
        if let Some(p) = children(child.id()).first() {
            break *p;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "no go child");
        std::thread::sleep(Duration::from_millis(50));
    };
    std::thread::sleep(Duration::from_secs(2));
    // SAFETY: sending SIGINT to the child we started.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let left: Vec<_> = std::fs::read_dir(tmpdir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "left in TMPDIR: {left:?}");
    // The go command (and its test binary) are gone.
    let gone = (0..100).any(|_| {
        let st = std::fs::read_to_string(format!("/proc/{go_pid}/stat")).unwrap_or_default();
        let dead = st.is_empty()
            || st
                .rsplit_once(')')
                .is_some_and(|(_, r)| r.trim_start().starts_with('Z'));
        if !dead {
            std::thread::sleep(Duration::from_millis(20));
        }
        dead
    });
    assert!(gone, "go ({go_pid}) survived SIGINT");
    assert!(!dir.join("heatseed_fuzz_test.go").exists());
}
