//! `heatseed analyze --format json` against the real `go tool cover -func`: for every function,
//! the statements / covered statements heatseed reports must give exactly the percentage Go
//! prints, on the bundled modules, on standard-library packages copied into a scratch module,
//! on `-coverpkg` profiles and on several profiles merged.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// (file, line, name) → percentage text, from `go tool cover -func` output.
fn go_func_table(text: &str) -> (BTreeMap<(String, u32, String), String>, String) {
    let mut rows = BTreeMap::new();
    let mut total = String::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() < 3 {
            continue;
        }
        let pct = fields[fields.len() - 1].to_string();
        if fields[0] == "total:" {
            total = pct;
            continue;
        }
        let name = fields[fields.len() - 2].to_string();
        let loc = fields[..fields.len() - 2].join(" ");
        let loc = loc.trim_end_matches(':');
        let (file, line_no) = loc.rsplit_once(':').expect("file:line");
        rows.insert((file.to_string(), line_no.parse().unwrap(), name), pct);
    }
    (rows, total)
}

fn pct(covered: u64, total: u64) -> String {
    format!("{:.1}%", 100.0 * covered as f64 / total.max(1) as f64)
}

fn heatseed_func_table(json: &Value) -> (BTreeMap<(String, u32, String), String>, String) {
    let mut rows = BTreeMap::new();
    for f in json["functions"].as_array().expect("functions array") {
        let key = (
            f["file"].as_str().unwrap().to_string(),
            f["line"].as_u64().unwrap() as u32,
            f["name"].as_str().unwrap().to_string(),
        );
        let value = pct(
            f["covered_statements"].as_u64().unwrap(),
            f["statements"].as_u64().unwrap(),
        );
        assert!(
            rows.insert(key.clone(), value).is_none(),
            "duplicate {key:?}"
        );
    }
    let t = &json["totals"];
    let total = pct(
        t["covered_statements"].as_u64().unwrap(),
        t["statements"].as_u64().unwrap(),
    );
    (rows, total)
}

/// Runs both tools on `profiles` (merged by heatseed; concatenated for Go) and compares.
fn assert_matches_cover_func(root: &Path, profiles: &[&Path]) -> usize {
    let mut args = vec!["analyze", "--format", "json", "--root"];
    let root_s = root.to_str().unwrap();
    args.push(root_s);
    let ps: Vec<String> = profiles.iter().map(|p| p.display().to_string()).collect();
    for p in &ps {
        args.push("--profile");
        args.push(p);
    }
    let out = heatseed(&args, root);
    assert!(
        out.status.success(),
        "heatseed failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["stale_files"].as_array().unwrap().len(), 0, "{json:#}");

    // Go reads one profile: concatenate, keeping only the first mode line.
    let mut combined = String::new();
    for (i, p) in profiles.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
        for (j, l) in text.lines().enumerate() {
            if j == 0 && i > 0 {
                continue;
            }
            combined.push_str(l);
            combined.push('\n');
        }
    }
    let combined_path = root.join("combined.cov");
    std::fs::write(&combined_path, combined).unwrap();
    let go_out = go(
        root,
        &["tool", "cover", "-func", combined_path.to_str().unwrap()],
    );
    let (go_rows, go_total) = go_func_table(&String::from_utf8_lossy(&go_out.stdout));
    let (hs_rows, hs_total) = heatseed_func_table(&json);
    assert!(!go_rows.is_empty());
    let missing: Vec<_> = go_rows
        .keys()
        .filter(|k| !hs_rows.contains_key(*k))
        .collect();
    let extra: Vec<_> = hs_rows
        .keys()
        .filter(|k| !go_rows.contains_key(*k))
        .collect();
    assert!(missing.is_empty(), "functions heatseed missed: {missing:?}");
    assert!(extra.is_empty(), "functions Go does not list: {extra:?}");
    for (k, v) in &go_rows {
        assert_eq!(&hs_rows[k], v, "percentage of {k:?}");
    }
    assert_eq!(hs_total, go_total, "total");
    go_rows.len()
}

#[test]
fn bundled_modules_match_go_tool_cover_func() {
    if !have_go() {
        return;
    }
    for m in MODULES {
        let (_tmp, dir) = copy_module(&corpus_module(m));
        let n = assert_matches_cover_func(&dir, &[&dir.join("cover.out")]);
        // reach is three small packages (a few functions each); the others have many.
        let min = if *m == "reach" { 6 } else { 10 };
        assert!(n >= min, "{m}: only {n} functions");
    }
}

#[test]
fn coverpkg_profile_with_repeated_blocks_matches() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let p = dir.join("coverpkg.out");
    go(
        &dir,
        &[
            "test",
            "-covermode=count",
            "-coverpkg=./...",
            &format!("-coverprofile={}", p.display()),
            "./...",
        ],
    );
    let text = std::fs::read_to_string(&p).unwrap();
    // -coverpkg writes every package's blocks once per test binary: duplicates must exist.
    let lines: Vec<&str> = text.lines().skip(1).collect();
    let ranges: std::collections::HashSet<&str> = lines
        .iter()
        .map(|l| l.rsplitn(3, ' ').nth(2).unwrap())
        .collect();
    assert!(ranges.len() < lines.len(), "expected repeated blocks");
    assert_matches_cover_func(&dir, &[&p]);
}

#[test]
fn several_profiles_merge_like_go() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    // One profile per package run, plus the committed whole-module profile: blocks overlap.
    let a = dir.join("a.out");
    let b = dir.join("b.out");
    go(
        &dir,
        &[
            "test",
            "-covermode=count",
            &format!("-coverprofile={}", a.display()),
            "./order",
        ],
    );
    go(
        &dir,
        &[
            "test",
            "-covermode=count",
            &format!("-coverprofile={}", b.display()),
            "./payment",
        ],
    );
    assert_matches_cover_func(&dir, &[&a, &b, &dir.join("cover.out")]);
}

#[test]
fn standard_library_packages_match_go_tool_cover_func() {
    if !have_go() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("scratch");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("go.mod"), "module scratch\n\ngo 1.22\n").unwrap();
    let src = goroot_src();
    let mut profiles = Vec::new();
    for pkg in [
        "encoding/csv",
        "text/tabwriter",
        "html",
        "encoding/hex",
        "mime/quotedprintable",
        "container/list",
    ] {
        let dir = root.join(pkg.replace('/', "_"));
        std::fs::create_dir_all(&dir).unwrap();
        for e in std::fs::read_dir(src.join(pkg)).unwrap() {
            let e = e.unwrap();
            if e.path().extension().is_some_and(|x| x == "go") {
                std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
            }
        }
        let p = root.join(format!("{}.out", pkg.replace('/', "_")));
        go(
            &dir,
            &[
                "test",
                "-covermode=count",
                &format!("-coverprofile={}", p.display()),
                ".",
            ],
        );
        // Each package alone, then all merged.
        let n = assert_matches_cover_func(&root, &[&p]);
        assert!(n >= 3, "{pkg}: only {n} functions");
        profiles.push(p);
    }
    let refs: Vec<&Path> = profiles.iter().map(|p| p.as_path()).collect();
    assert_matches_cover_func(&root, &refs);
}

/// JSON of `heatseed analyze` on the shop module with `profile` (every target in detail).
fn shop_analysis(dir: &Path, profile: &str) -> Value {
    let out = heatseed(
        &[
            "analyze",
            "--format",
            "json",
            "--profile",
            &dir.join(profile).display().to_string(),
        ],
        dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn go_1_27_block_layout_gives_the_same_functions_and_guards() {
    // Committed profiles of the same sources: Go 1.26 (legacy layout) and Go 1.27.3 (blocks
    // inside braces, split at blank lines). Same statements, same cold guards.
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    let old = shop_analysis(&dir, "cover.out");
    let new = shop_analysis(&dir, "cover-go1.27.out");
    let blocks = |name: &str| -> std::collections::BTreeSet<String> {
        std::fs::read_to_string(dir.join(name))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.rsplitn(3, ' ').nth(2).unwrap().to_string())
            .collect()
    };
    let (b_old, b_new) = (blocks("cover.out"), blocks("cover-go1.27.out"));
    assert!(
        b_old.difference(&b_new).count() > 10,
        "the two profiles have different block layouts"
    );
    assert_eq!(old["functions"], new["functions"]);
    let guards = |v: &Value| -> std::collections::BTreeSet<(String, String, String)> {
        v["targets"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| {
                t["cold_blocks"].as_array().unwrap().iter().map(move |b| {
                    (
                        t["qualified_name"].as_str().unwrap().to_string(),
                        b["guard"]["kind"].as_str().unwrap().to_string(),
                        b["guard"]["text"].as_str().unwrap().to_string(),
                    )
                })
            })
            .collect()
    };
    assert_eq!(guards(&old), guards(&new));
    assert!(guards(&old).iter().all(|(_, k, _)| k != "unknown"));
}

#[test]
fn go_1_27_profile_matches_its_own_cover_func() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = copy_module(&corpus_module("shop"));
    // The go command fetches the 1.27 toolchain from the module proxy; without it, skip.
    let probe = std::process::Command::new("go")
        .arg("version")
        .env("GOTOOLCHAIN", "go1.27.3")
        .current_dir(&dir)
        .output()
        .expect("go");
    if !probe.status.success() {
        eprintln!("note: skipping, go1.27.3 toolchain not available");
        return;
    }
    let out = std::process::Command::new("go")
        .args(["tool", "cover", "-func", "cover-go1.27.out"])
        .env("GOTOOLCHAIN", "go1.27.3")
        .current_dir(&dir)
        .output()
        .expect("go tool cover");
    assert!(out.status.success());
    let (go_rows, go_total) = go_func_table(&String::from_utf8_lossy(&out.stdout));
    let (hs_rows, hs_total) = heatseed_func_table(&shop_analysis(&dir, "cover-go1.27.out"));
    assert_eq!(go_rows, hs_rows);
    assert_eq!(go_total, hs_total);
}
