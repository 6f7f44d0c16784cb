//! The binary as a user meets it: snapshots of the text reports on a bundled module, and bad
//! input giving a clear message (file and line) with a distinct exit code, never a panic.

mod common;

use common::*;

fn run(args: &[&str]) -> (String, String, i32) {
    let out = heatseed(args, &corpus_module("shop"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn analyze_text_report() {
    let (stdout, stderr, code) = run(&["analyze", "--top", "8"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn explain_shows_blocks_counts_and_guards() {
    let (stdout, _, code) = run(&["analyze", "--explain", "order/order.go:60"]);
    assert_eq!(code, 0);
    // The first line names the absolute path of this checkout: keep the rest.
    let body: Vec<&str> = stdout.lines().skip(1).collect();
    insta::assert_snapshot!(body.join("\n"));
}

#[test]
fn malformed_profile_names_file_and_line_with_exit_code_3() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("bad.out");
    std::fs::write(
        &p,
        "mode: count\nexample.com/shop/order/order.go:55.52,57.2 1 1\nexample.com/shop/order/order.go:oops\n",
    )
    .unwrap();
    let (_, stderr, code) = run(&["analyze", "--profile", p.to_str().unwrap()]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("bad.out:3"), "{stderr}");
    assert!(stderr.contains("oops"), "{stderr}");
}

#[test]
fn binary_and_empty_profiles_are_input_errors() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("bin.out", &b"\x00\x01covmeta\xff"[..]),
        ("empty.out", &b""[..]),
    ] {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let (_, stderr, code) = run(&["analyze", "--profile", p.to_str().unwrap()]);
        assert_eq!(code, 3, "{name}: {stderr}");
        assert!(stderr.contains(name), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let (_, stderr, code) = run(&["analyze", "--format", "xml"]);
    assert_eq!(code, 2, "{stderr}");
    let (_, stderr, code) = run(&["analyze", "--root", "/no/such/dir"]);
    assert_eq!(code, 2, "{stderr}");
    let (_, stderr, code) = run(&["analyze", "--package", "example.com/nothing/..."]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no profiled package matches"), "{stderr}");
}

#[test]
fn a_stale_profile_is_detected_and_yields_no_targets_from_that_file() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    // The source changed after the profile was made: the profile's blocks no longer fit.
    let f = dir.join("order").join("batch.go");
    let text = std::fs::read_to_string(&f).unwrap();
    let cut: String = text.lines().take(10).map(|l| format!("{l}\n")).collect();
    std::fs::write(&f, cut).unwrap();
    let out = heatseed(&["analyze", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stale = v["stale_files"].as_array().unwrap();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(stale[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("order/batch.go"));
    assert!(v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| !t["file"].as_str().unwrap().ends_with("batch.go")));
}

#[test]
fn missing_sources_are_reported() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    std::fs::remove_file(dir.join("order").join("batch.go")).unwrap();
    let out = heatseed(&["analyze", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let un = v["unresolved_files"].as_array().unwrap();
    assert_eq!(un.len(), 1);
    assert!(
        un[0]["reason"].as_str().unwrap().contains("no such file"),
        "{un:?}"
    );
}

#[test]
fn syntax_errors_degrade_per_function() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let f = dir.join("order").join("order.go");
    let text = std::fs::read_to_string(&f).unwrap();
    // Break one function body without moving any line or brace: the profile still fits.
    let broken = text.replacen("year >= 2030 {", "year >= 2030 + {", 1);
    assert_ne!(broken, text);
    std::fs::write(&f, broken).unwrap();
    let out = heatseed(&["analyze", "--format", "json", "--top", "30"], &dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("syntax errors")));
    let kinds = |name: &str| -> Vec<String> {
        v["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["qualified_name"] == name)
            .unwrap_or_else(|| panic!("{name} is still a target"))["cold_blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["guard"]["kind"].as_str().unwrap().to_string())
            .collect()
    };
    // The broken function keeps its numbers but no guards; the others keep theirs.
    assert!(kinds("Discount").iter().all(|k| k == "unknown"));
    assert!(kinds("Order.Validate").iter().all(|k| k != "unknown"));
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Every file the manifest lists exists and still hashes to the recorded sha256.
fn assert_manifest_true_to_disk(dir: &std::path::Path) -> serde_json::Value {
    use heatseed::writers::fsio::sha256_hex;
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(".heatseed/manifest.json")).unwrap())
            .unwrap();
    for f in m["files"].as_array().unwrap() {
        let p = dir.join(f["file"].as_str().unwrap());
        let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(sha256_hex(&bytes), f["sha256"].as_str().unwrap(), "{p:?}");
    }
    for s in m["seeds"].as_array().unwrap() {
        let file = s["file"].as_str().unwrap();
        assert!(
            m["files"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["file"] == file),
            "seed entry for an unlisted file {file}"
        );
    }
    m
}

#[test]
fn a_failed_write_exits_4_keeps_the_failing_package_out_and_the_manifest_true() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    // A file where payment's corpus folder must go: payment cannot be written.
    std::fs::write(dir.join("payment").join("testdata"), "in the way").unwrap();
    let out = heatseed(&["generate", "--no-check"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("payment/testdata"), "{stderr}");
    assert!(
        !dir.join("payment").join("heatseed_fuzz_test.go").exists(),
        "all or nothing per package"
    );
    assert!(dir.join("order").join("heatseed_fuzz_test.go").exists());
    let m = assert_manifest_true_to_disk(&dir);
    assert!(m["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| !f["file"].as_str().unwrap().starts_with("payment/")));
    assert!(!dir.join(".heatseed").join("tmp").exists());
}

#[test]
fn a_skipped_conflicting_corpus_file_is_not_in_the_manifest() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let dry = json_of(&heatseed(
        &["generate", "--no-check", "--dry-run", "--format", "json"],
        &dir,
    ));
    let corpus = dry["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| std::path::PathBuf::from(f["path"].as_str().unwrap()))
        .find(|p| p.to_string_lossy().contains("/testdata/fuzz/"))
        .unwrap();
    std::fs::create_dir_all(corpus.parent().unwrap()).unwrap();
    std::fs::write(&corpus, "go test fuzz v1\nstring(\"the user's\")\n").unwrap();
    let out = heatseed(&["generate", "--no-check", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert!(v["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["action"] == "skipped_conflict"));
    let m = assert_manifest_true_to_disk(&dir);
    let rel = corpus.strip_prefix(dir.canonicalize().unwrap()).unwrap();
    let rel = rel.to_str().unwrap();
    assert!(m["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["file"] != rel));
    assert!(m["seeds"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["file"] != rel));
}

#[test]
fn a_rerun_removes_what_heatseed_made_and_no_longer_wants() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let out = heatseed(&["generate", "--no-check"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let first = assert_manifest_true_to_disk(&dir);
    // One file the user edited since: it is theirs now and must stay.
    let edited = first["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .find(|f| f.starts_with("payment/testdata/fuzz/FuzzCart"))
        .expect("a payment corpus file");
    std::fs::write(dir.join(&edited), "go test fuzz v1\nstring(\"edited\")\n").unwrap();
    // Fewer targets now (as with a profile that covers more): the others' files go.
    let dry = json_of(&heatseed(
        &[
            "generate",
            "--no-check",
            "--top",
            "2",
            "--dry-run",
            "--format",
            "json",
        ],
        &dir,
    ));
    let would: Vec<String> = dry["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["action"] == "would_remove")
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert!(!would.is_empty());
    for p in &would {
        assert!(std::path::Path::new(p).exists(), "dry run removed {p}");
    }
    let out = heatseed(
        &["generate", "--no-check", "--top", "2", "--format", "json"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    let removed: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["action"] == "removed")
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(removed, would, "dry run says what the run does");
    for p in &removed {
        assert!(!std::path::Path::new(p).exists(), "{p}");
    }
    assert!(
        dir.join(&edited).exists(),
        "a file the user changed is kept"
    );
    let m = assert_manifest_true_to_disk(&dir);
    assert!(m["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["file"] != edited.as_str()));
    // Corpus folders of fuzz tests no longer generated are gone (the edited file keeps its own).
    let kept: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_type().is_dir()
                && e.path()
                    .parent()
                    .is_some_and(|p| p.ends_with("testdata/fuzz"))
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let dirs_in_manifest = m["dirs"].as_array().unwrap().len();
    assert!(dirs_in_manifest > 0);
    for d in &kept {
        let has_files = std::fs::read_dir(
            walkdir::WalkDir::new(&dir)
                .into_iter()
                .filter_map(|e| e.ok())
                .find(|e| e.file_type().is_dir() && e.file_name().to_string_lossy() == *d)
                .unwrap()
                .path(),
        )
        .unwrap()
        .next()
        .is_some();
        assert!(has_files, "empty corpus folder {d} left behind");
    }
    // The run is idempotent: a third run changes nothing.
    let again = json_of(&heatseed(
        &["generate", "--no-check", "--top", "2", "--format", "json"],
        &dir,
    ));
    assert!(
        again["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["action"] == "unchanged"),
        "{again}"
    );
}

#[test]
fn a_fifo_cover_out_is_not_a_regular_file_exit_3() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    std::fs::remove_file(dir.join("cover.out")).unwrap();
    let st = std::process::Command::new("mkfifo")
        .arg(dir.join("cover.out"))
        .status()
        .unwrap();
    assert!(st.success());
    let out = heatseed(&["analyze"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(stderr.contains("cover.out"), "{stderr}");
}

#[test]
fn control_characters_in_profile_file_names_are_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, raw) in [("esc.out", "\x1b[31mx.go"), ("nul.out", "a\0b.go")] {
        let p = tmp.path().join(name);
        std::fs::write(
            &p,
            format!("mode: set\nexample.com/shop/{raw}:1.1,2.2 1 1\n"),
        )
        .unwrap();
        let (stdout, stderr, code) = run(&["analyze", "--profile", p.to_str().unwrap()]);
        assert_ne!(code, 0);
        for text in [&stdout, &stderr] {
            assert!(!text.contains('\x1b') && !text.contains('\0'), "{text:?}");
        }
        assert!(
            stderr.contains("\\u{1b}") || stderr.contains("\\0"),
            "{stderr}"
        );
    }
}

#[test]
fn invalid_utf8_in_go_source_is_an_input_error_naming_file_and_line() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let f = dir.join("order").join("order.go");
    let mut bytes = std::fs::read(&f).unwrap();
    // Replace a byte of a comment on line 1 with an invalid UTF-8 byte: block positions
    // stay put, so only the encoding is wrong.
    let first_nl = bytes.iter().position(|&b| b == b'\n').unwrap();
    let second_nl = first_nl
        + 1
        + bytes[first_nl + 1..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap();
    bytes[second_nl - 1] = 0xff;
    std::fs::write(&f, bytes).unwrap();
    let out = heatseed(
        &["generate", "--no-check", "--dry-run", "--format", "json"],
        &dir,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("order.go"), "{stderr}");
    assert!(stderr.contains("line 2: illegal UTF-8"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{fffd}'));
}

#[test]
fn a_profile_whose_every_file_is_stale_is_an_input_error() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    // Keep only the profile lines of order/batch.go, then cut that file short.
    let prof = std::fs::read_to_string(dir.join("cover.out")).unwrap();
    let kept: String = prof
        .lines()
        .filter(|l| l.starts_with("mode:") || l.contains("order/batch.go"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("cover.out"), kept).unwrap();
    let f = dir.join("order").join("batch.go");
    let text = std::fs::read_to_string(&f).unwrap();
    let cut: String = text.lines().take(10).map(|l| format!("{l}\n")).collect();
    std::fs::write(&f, cut).unwrap();
    let out = heatseed(&["analyze"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("stale"), "{stderr}");
    assert!(stderr.contains("batch.go"), "{stderr}");
}

#[test]
fn a_partly_stale_profile_warns_on_stderr() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let f = dir.join("order").join("batch.go");
    let text = std::fs::read_to_string(&f).unwrap();
    let cut: String = text.lines().take(10).map(|l| format!("{l}\n")).collect();
    std::fs::write(&f, cut).unwrap();
    let out = heatseed(&["analyze"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: stale profile") && stderr.contains("batch.go"),
        "{stderr}"
    );
}

/// Every file in every `testdata/fuzz/<FuzzName>/` folder below `dir` is a whole corpus file.
fn assert_corpus_folders_clean(dir: &std::path::Path, when: &str) {
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let p = e.path();
        let in_corpus = p
            .parent()
            .and_then(|d| d.parent())
            .is_some_and(|d| d.ends_with("testdata/fuzz"));
        if !in_corpus || !e.file_type().is_file() {
            continue;
        }
        let name = e.file_name().to_string_lossy();
        assert!(
            name.len() == 16 && name.chars().all(|c| c.is_ascii_hexdigit()),
            "{when}: stray file {}",
            p.display()
        );
        let bytes = std::fs::read(p).unwrap();
        assert!(
            bytes.starts_with(b"go test fuzz v1\n"),
            "{when}: {}",
            p.display()
        );
    }
}

/// Regression: a kill during writing left `.<hash>.heatseed-tmp-*` files in corpus folders,
/// which Go loads as seeds. Kill `generate` with SIGKILL at increasing moments; the corpus
/// folders never hold a stray file, and a re-run completes cleanly and `go test` passes.
#[test]
fn sigkill_during_generate_leaves_no_stray_file_in_corpus_folders() {
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let bin = env!("CARGO_BIN_EXE_heatseed");
    for (i, ms) in [0u64, 2, 5, 10, 20, 40, 80, 160, 320]
        .into_iter()
        .enumerate()
    {
        // Alternate the target count so later runs replace and remove earlier files too.
        let top = if i % 2 == 0 { "20" } else { "3" };
        let mut child = std::process::Command::new(bin)
            .args(["generate", "--no-check", "--top", top])
            .current_dir(&dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert_corpus_folders_clean(&dir, &format!("killed after {ms} ms"));
        for pkg in ["order", "payment", "internal/money"] {
            let stray: Vec<_> = std::fs::read_dir(dir.join(pkg))
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().contains("heatseed-tmp"))
                .collect();
            assert!(stray.is_empty(), "killed after {ms} ms: {stray:?}");
        }
    }
    // A complete run (with the pre-flight check when Go is here) cleans up after the kills.
    let check = have_go();
    let args: &[&str] = if check {
        &["generate"]
    } else {
        &["generate", "--no-check"]
    };
    let out = heatseed(args, &dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !dir.join(".heatseed/tmp").exists(),
        "stale temp files removed"
    );
    assert_corpus_folders_clean(&dir, "after a full run");
    assert_manifest_true_to_disk(&dir);
    if check {
        go(&dir, &["test", "-count=1", "-run", "^Fuzz", "./..."]);
    }
}

/// SIGKILL cannot be caught: a run killed during the pre-flight check leaves its scratch copy
/// in the temp directory. The next run removes the scratch copies of heatseed processes that
/// are gone, so nothing stays behind.
#[test]
fn scratch_copies_of_a_killed_run_are_removed_by_the_next_run() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let tmpdir = tempfile::tempdir().unwrap();
    let scratch = || -> Vec<String> {
        std::fs::read_dir(tmpdir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("heatseed-"))
            .collect()
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_heatseed"))
        .args(["generate"])
        .current_dir(&dir)
        .env("TMPDIR", tmpdir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once its pre-flight scratch copy exists.
    let start = std::time::Instant::now();
    while !scratch()
        .iter()
        .any(|n| n.starts_with("heatseed-preflight-"))
    {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "no scratch copy appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    assert!(
        !scratch().is_empty(),
        "the killed run left its scratch copy"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_heatseed"))
        .args(["generate"])
        .current_dir(&dir)
        .env("TMPDIR", tmpdir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        scratch(),
        Vec::<String>::new(),
        "scratch copies left behind"
    );
    assert_corpus_folders_clean(&dir, "after a run that followed a kill");
}

/// Regression: the text reports named packages by their last import path element
/// (`v3.Decoder`) and showed a shortened profile name as the location. A package in directory
/// `v3` whose clause is `yaml` must show as `yaml.Decode`, located at `v3/decode.go:N`.
#[test]
fn text_reports_use_the_package_clause_and_root_relative_paths() {
    if !have_go() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m");
    std::fs::create_dir_all(dir.join("v3")).unwrap();
    std::fs::write(dir.join("go.mod"), "module gopkg.in/yaml.v3\n\ngo 1.22\n").unwrap();
    std::fs::write(
        dir.join("v3/decode.go"),
        "package yaml\n\n// Decode reports whether s is the magic word.\nfunc Decode(s string) bool {\n\tif s == \"magic\" {\n\t\treturn true\n\t}\n\treturn false\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("v3/decode_test.go"),
        "package yaml\n\nimport \"testing\"\n\nfunc TestDecode(t *testing.T) { Decode(\"x\") }\n",
    )
    .unwrap();
    go(
        &dir,
        &[
            "test",
            "-covermode=count",
            "-coverprofile=cover.out",
            "./...",
        ],
    );
    let out = heatseed(&["analyze"], &dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("yaml.Decode"), "{text}");
    assert!(!text.contains("v3.Decode"), "{text}");
    assert!(text.contains("v3/decode.go:4"), "{text}");
    let out = heatseed(&["generate", "--no-check", "--dry-run"], &dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("seed  yaml.Decode"), "{text}");
    assert!(text.contains("v3/heatseed_fuzz_test.go"), "{text}");
}
