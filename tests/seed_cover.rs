//! Seed minimization with the real toolchain, on copies of the bundled modules: every seed
//! `heatseed generate` keeps reaches an analysed-cold statement no other seed of its fuzz test
//! reaches (remove any one and plain `go test -run '^FuzzX$' -coverprofile` of its own fuzz
//! test, the corpus `go test -fuzz` starts from, covers fewer cold statements), minimization
//! loses no coverage against `--no-minimize`, identical candidates yield one kept seed, a
//! candidate that adds nothing to its own fuzz test's corpus is dropped (and one that adds only
//! to its own is kept though another fuzz test reaches the same statements), a broken one is
//! reported as failed, and the decisions are deterministic.

mod common;

use common::*;
use heatseed::heatmap::{merge_profiles, parse_profile};
use heatseed::verify::minimize::{minimize_files, MinimizeSummary, Verdict};
use heatseed::verify::seedcover::MeasureOptions;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Blocks = BTreeMap<(String, String), u32>;

/// Blocks of a text profile with their statements: `cold` = count 0, else count > 0.
fn profile_blocks(path: &Path, cold: bool) -> Blocks {
    let bytes = std::fs::read(path).expect("profile");
    let merged = merge_profiles(vec![parse_profile(path, &bytes).expect("parse")]).expect("merge");
    let mut out = Blocks::new();
    for (file, blocks) in merged.files {
        for b in blocks.into_iter().filter(|b| (b.count == 0) == cold) {
            out.insert((file.clone(), b.range.to_string()), b.num_stmt);
        }
    }
    out
}

/// Analysed-cold statements covered by plain `go test -count=1 -run '^Fuzz' -coverprofile` on
/// `pkgs` in `dir` (the seeds' replay, no fuzzing).
fn cold_covered(dir: &Path, cold: &Blocks, pkgs: &str) -> u64 {
    let prof = dir.join(".replay.out");
    std::fs::write(&prof, fuzz_replay_profile(dir, pkgs)).unwrap();
    cold_in_profile(&prof, cold)
}

/// Statements of `cold` that the profile at `prof` covers; the profile is removed.
fn cold_in_profile(prof: &Path, cold: &Blocks) -> u64 {
    let covered = profile_blocks(prof, false);
    std::fs::remove_file(prof).unwrap();
    cold.iter()
        .filter(|(k, _)| covered.contains_key(*k))
        .map(|(_, n)| *n as u64)
        .sum()
}

/// Analysed-cold statements covered by one fuzz test's replay alone (`go test -count=1 -run
/// '^<fuzz>$' -coverprofile <pkg>`): its `f.Add` seeds and corpus directory, what `go test
/// -fuzz='^<fuzz>$'` starts from.
fn cold_covered_by(dir: &Path, cold: &Blocks, pkg: &str, fuzz: &str) -> u64 {
    let prof = dir.join(".replay-one.out");
    let run = format!("^{fuzz}$");
    let out = format!("-coverprofile={}", prof.display());
    go(
        dir,
        &[
            "test",
            "-count=1",
            "-run",
            &run,
            "-covermode=count",
            &out,
            pkg,
        ],
    );
    cold_in_profile(&prof, cold)
}

fn generate_json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["generate", "--root", ".", "--format", "json"];
    args.extend(extra);
    let out = heatseed(&args, dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// Corpus files under `dir` (relative paths).
fn corpus_files(dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .filter(|p| p.components().any(|c| c.as_os_str() == "testdata"))
        .collect()
}

fn every_kept_seed_is_needed(module: &str) {
    if !have_go() {
        return;
    }
    let src = corpus_module(module);
    let cold = profile_blocks(&src.join("cover.out"), true);
    let (_t, dir) = copy_module(&src);
    let before = corpus_files(&dir);
    let rep = generate_json(&dir, &[]);
    let m = &rep["minimize"];
    let kept: BTreeSet<PathBuf> = m["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["verdict"] == "kept")
        .map(|d| PathBuf::from(d["file"].as_str().unwrap()))
        .collect();
    assert!(!kept.is_empty(), "{module}: nothing kept");
    assert!(
        m["dropped"].as_u64().unwrap() > 0,
        "{module}: nothing dropped"
    );
    // Exactly the kept seeds were written, and the manifest says what each reached first.
    let written: BTreeSet<PathBuf> = corpus_files(&dir).difference(&before).cloned().collect();
    assert_eq!(written, kept, "{module}: written seeds are the kept ones");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(".heatseed/manifest.json")).unwrap())
            .unwrap();
    for e in manifest["seeds"].as_array().unwrap() {
        assert!(kept.contains(Path::new(e["file"].as_str().unwrap())));
        assert!(!e["first_reached"].as_array().unwrap().is_empty(), "{e}");
    }
    // Remove any one kept seed: its own fuzz test (replayed alone: the corpus `go test -fuzz`
    // starts from) covers fewer analysed-cold statements.
    let by_fuzz: BTreeMap<(PathBuf, String), Vec<&PathBuf>> =
        kept.iter().fold(BTreeMap::new(), |mut m, f| {
            let pkg = f.ancestors().nth(4).unwrap().to_path_buf();
            let fuzz = f.parent().unwrap().file_name().unwrap();
            let key = (pkg, fuzz.to_string_lossy().into_owned());
            m.entry(key).or_insert_with(Vec::new).push(f);
            m
        });
    let mut total = 0;
    for ((pkg, fuzz), seeds) in &by_fuzz {
        let pattern = format!("./{}", pkg.display());
        let all = cold_covered_by(&dir, &cold, &pattern, fuzz);
        total += all;
        for f in seeds {
            let p = dir.join(f);
            let bytes = std::fs::read(&p).unwrap();
            std::fs::remove_file(&p).unwrap();
            let without = cold_covered_by(&dir, &cold, &pattern, fuzz);
            std::fs::write(&p, bytes).unwrap();
            assert!(
                without < all,
                "{module}: without {} the cold statements {fuzz} covers stay {all}",
                f.display()
            );
        }
    }
    assert!(total > 0);
    // Minimization loses nothing: --no-minimize covers as many cold statements.
    let all = cold_covered(&dir, &cold, "./...");
    assert_eq!(all, m["covered_with_kept"].as_u64().unwrap(), "{module}");
    assert_eq!(
        m["covered_with_kept"], m["covered_with_all_candidates"],
        "{module}"
    );
    let (_t2, full) = copy_module(&src);
    let rep_full = generate_json(&full, &["--no-minimize"]);
    assert!(rep_full.get("minimize").is_none());
    let written_full = corpus_files(&full).difference(&before).count();
    assert!(written_full > kept.len(), "{module}: {written_full} seeds");
    // --no-minimize writes every first-round candidate and runs no refinement round: the kept
    // seeds cover exactly what those cover plus what the refinement rounds added.
    let refined = m["refine"]["new_statements"].as_u64().unwrap_or(0);
    assert_eq!(
        cold_covered(&full, &cold, "./...") + refined,
        all,
        "{module}"
    );
}

#[test]
fn every_kept_seed_covers_something_the_others_do_not_shop() {
    every_kept_seed_is_needed("shop");
}

#[test]
fn every_kept_seed_covers_something_the_others_do_not_confparse() {
    every_kept_seed_is_needed("confparse");
}

/// Writes `order/testdata/fuzz/<fuzz>/<name>` holding `body` (a corpus file line).
fn put(dir: &Path, fuzz: &str, name: &str, body: &str) -> (PathBuf, String) {
    let rel = PathBuf::from("order/testdata/fuzz").join(fuzz).join(name);
    let p = dir.join(&rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, format!("go test fuzz v1\n{body}\n")).unwrap();
    (rel, "example.com/shop/order".to_string())
}

fn decide(dir: &Path, files: &[(PathBuf, String)]) -> MinimizeSummary {
    let loaded = heatseed::cli::load(&heatseed::cli::InputArgs {
        profiles: Vec::new(),
        root: dir.to_path_buf(),
        packages: Vec::new(),
        rare_fraction: 0.01,
    })
    .expect("load");
    minimize_files(
        &loaded.analysis,
        &loaded.root,
        dir,
        files,
        &MeasureOptions::default(),
    )
    .expect("minimize")
}

fn verdicts(s: &MinimizeSummary) -> Vec<(String, Verdict, Vec<String>)> {
    s.decisions
        .iter()
        .map(|d| {
            let name = d.file.file_name().unwrap().to_string_lossy().into_owned();
            let first = d.first_reached.iter().map(|b| b.block.clone()).collect();
            (name, d.verdict, first)
        })
        .collect()
}

#[test]
fn identical_candidates_keep_one_and_nothing_new_is_dropped() {
    if !have_go() {
        return;
    }
    let (_t, dir) = copy_module(&corpus_module("shop"));
    // ParseOrder's "line too long" exit (MaxLineLen 512) is cold in the analysed profile; two files hold the
    // same over-long line; one holds the fuzz test's own f.Add value. Another fuzz test gets a
    // file of the wrong type (Go then fails that fuzz test: it reads its whole corpus first).
    let long = format!("string(\"{}\")", "a".repeat(600));
    let files = vec![
        put(&dir, "FuzzParseOrder", "b-long", &long),
        put(&dir, "FuzzParseOrder", "a-long", &long),
        put(
            &dir,
            "FuzzParseOrder",
            "c-same-as-f-add",
            "string(\"id=A17;sku=BK-00042;qty=3;price=12.50;cur=EUR\")",
        ),
        put(&dir, "FuzzParseBatch", "d-wrong-type", "int(3)"),
    ];
    let s = decide(&dir, &files);
    let v = verdicts(&s);
    let get = |n: &str| v.iter().find(|x| x.0 == n).unwrap().clone();
    assert_eq!(get("a-long").1, Verdict::Kept, "{v:?}");
    assert!(
        get("a-long").2.iter().any(|b| b.starts_with("60.")),
        "{v:?}"
    );
    assert_eq!(get("b-long").1, Verdict::Dropped, "{v:?}");
    assert_eq!(get("c-same-as-f-add").1, Verdict::Dropped, "{v:?}");
    let same = s
        .decisions
        .iter()
        .find(|d| d.file.ends_with("c-same-as-f-add"));
    assert!(same.unwrap().reason.contains("existing corpus"));
    let wrong = s
        .decisions
        .iter()
        .find(|d| d.file.ends_with("d-wrong-type"));
    assert_eq!(wrong.unwrap().verdict, Verdict::Failed);
    assert!(!wrong.unwrap().output.is_empty());
    assert_eq!((s.candidates, s.kept, s.dropped, s.failed), (4, 1, 2, 1));
    assert!(s.covered_with_kept > s.covered_by_corpus);
    assert_eq!(s.covered_with_kept, s.covered_with_all_candidates);
    // The candidates are back in place after measuring, and a second run decides the same.
    for (f, _) in &files {
        assert!(dir.join(f).is_file());
    }
    assert_eq!(verdicts(&decide(&dir, &files)), v);
}

#[test]
fn generate_is_deterministic_with_minimization() {
    if !have_go() {
        return;
    }
    let src = corpus_module("shapes");
    let (_a, one) = copy_module(&src);
    let (_b, two) = copy_module(&src);
    let r1 = generate_json(&one, &[]);
    let r2 = generate_json(&two, &[]);
    let strip = |v: &serde_json::Value| {
        v["minimize"]["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["file"].clone(),
                    d["verdict"].clone(),
                    d["first_reached"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&r1), strip(&r2));
    assert!(r1["minimize"]["kept"].as_u64().unwrap() > 0);
    let m1 = std::fs::read(one.join(".heatseed/manifest.json")).unwrap();
    assert_eq!(
        m1,
        std::fs::read(two.join(".heatseed/manifest.json")).unwrap()
    );
    // A re-run in place keeps the same seeds and changes nothing (measured again: without the
    // state directory, which would reuse the first run's decisions, see tests/state.rs).
    let r3 = generate_json(&one, &["--no-cache"]);
    assert_eq!(strip(&r3), strip(&r1));
    assert!(r3["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["action"] == "unchanged"));
}

/// Scope::Module (`-coverpkg=./...`): the figures equal plain `go test -coverpkg=./...` over
/// the whole module, with every candidate and with only the kept ones.
#[test]
fn module_scope_matches_a_coverpkg_replay() {
    if !have_go() {
        return;
    }
    let src = corpus_module("shop");
    let cold = profile_blocks(&src.join("cover.out"), true);
    let (_t, dir) = copy_module(&src);
    let before = corpus_files(&dir);
    generate_json(&dir, &["--no-minimize"]);
    let seeds: Vec<(PathBuf, String)> = corpus_files(&dir)
        .difference(&before)
        .map(|f| (f.clone(), String::new()))
        .collect();
    let loaded = heatseed::cli::load(&heatseed::cli::InputArgs {
        profiles: Vec::new(),
        root: dir.clone(),
        packages: Vec::new(),
        rare_fraction: 0.01,
    })
    .expect("load");
    let opts = MeasureOptions {
        scope: heatseed::verify::seedcover::Scope::Module,
        ..Default::default()
    };
    let s = minimize_files(&loaded.analysis, &loaded.root, &dir, &seeds, &opts).unwrap();
    assert_eq!(s.candidates, seeds.len());
    assert!(s.kept > 0 && s.dropped > 0, "{}", s.note());
    let replay = |dir: &Path| {
        let prof = dir.join(".replay.out");
        go(
            dir,
            &[
                "test",
                "-count=1",
                "-run",
                "^Fuzz",
                "-covermode=count",
                "-coverpkg=./...",
                &format!("-coverprofile={}", prof.display()),
                "./...",
            ],
        );
        let covered = profile_blocks(&prof, false);
        std::fs::remove_file(&prof).unwrap();
        cold.iter()
            .filter(|(k, _)| covered.contains_key(*k))
            .map(|(_, n)| *n as u64)
            .sum::<u64>()
    };
    assert_eq!(replay(&dir), s.covered_with_all_candidates);
    for d in s.decisions.iter().filter(|d| d.verdict != Verdict::Kept) {
        std::fs::remove_file(dir.join(&d.file)).unwrap();
    }
    assert_eq!(replay(&dir), s.covered_with_kept);
    assert_eq!(s.covered_with_kept, s.covered_with_all_candidates);
}

/// A module `example.com/<name>` in `dir` (created) with the given files and a `go 1.22` go.mod.
fn small_module(dir: &Path, name: &str, files: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    let gomod = format!("module example.com/{name}\n\ngo 1.22\n");
    std::fs::write(dir.join("go.mod"), gomod).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
}

/// A seed its fuzz test hangs on is killed at the run timeout and reported, and a seed that
/// panics is reported with the panic; the others in the same fuzz test are measured normally.
#[test]
fn hanging_and_panicking_seeds_are_reported_not_measured() {
    if !have_go() {
        return;
    }
    use heatseed::verify::seedcover::{CandidateFile, Measurer};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    small_module(
        dir,
        "hang",
        &[
            ("h.go", "package hang\n\nimport \"time\"\n\nfunc Do(s string) int {\n\tswitch s {\n\tcase \"hang\":\n\t\ttime.Sleep(time.Hour)\n\tcase \"boom\":\n\t\tpanic(\"boom\")\n\tcase \"ok\":\n\t\treturn 1\n\t}\n\treturn 0\n}\n"),
            ("h_test.go", "package hang\n\nimport \"testing\"\n\nfunc FuzzDo(f *testing.F) {\n\tf.Fuzz(func(t *testing.T, s string) { Do(s) })\n}\n"),
        ],
    );
    let mut cands = Vec::new();
    for (name, v) in [("a", "hang"), ("b", "boom"), ("c", "ok")] {
        let rel = PathBuf::from(format!("testdata/fuzz/FuzzDo/{name}"));
        std::fs::create_dir_all(dir.join(&rel).parent().unwrap()).unwrap();
        std::fs::write(dir.join(&rel), format!("go test fuzz v1\nstring({v:?})\n")).unwrap();
        cands.push(CandidateFile::from_rel(&rel).unwrap());
    }
    let opts = MeasureOptions {
        run_timeout: std::time::Duration::from_secs(3),
        ..Default::default()
    };
    let mut m = Measurer::new(dir, opts).unwrap();
    let (base, left_out) = m.baseline(Path::new(""), &cands).unwrap();
    assert!(left_out.is_empty(), "{left_out:?}");
    let runs = m.measure(&cands).unwrap();
    let hang = runs[0].outcome.as_ref().unwrap_err();
    assert!(hang.timed_out, "{}", hang.output);
    assert!(runs[0].elapsed < std::time::Duration::from_secs(60));
    let boom = runs[1].outcome.as_ref().unwrap_err();
    assert!(
        !boom.timed_out && boom.output.contains("boom"),
        "{}",
        boom.output
    );
    let ok = runs[2].outcome.as_ref().unwrap();
    // "ok" reaches the `case "ok":` body (line 11), which the baseline (no corpus: the fuzz test runs no input) does
    // not.
    let line_of = |c: &heatseed::verify::seedcover::Covered| {
        c.keys()
            .map(|k| k.range.start.line)
            .collect::<BTreeSet<u32>>()
    };
    assert!(line_of(ok).contains(&11), "{:?}", line_of(ok));
    assert!(!line_of(&base).contains(&11));
}

/// Seeds are kept per fuzz test: `go test -fuzz='^FuzzA$'` starts from FuzzA's own corpus only,
/// so a candidate of FuzzB reaching what FuzzA's kept seed reaches is kept too, and a candidate
/// of FuzzA reaching what FuzzB's `f.Add` reaches is kept (FuzzA's own corpus does not reach
/// it), while a candidate of FuzzB equal to FuzzB's `f.Add` is dropped. Each fuzz test replayed
/// alone then covers both guarded blocks, and loses one without its kept seed.
#[test]
fn seeds_are_kept_for_their_own_fuzz_test() {
    if !have_go() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("magic");
    small_module(
        &dir,
        "magic",
        &[
            ("m.go", "package magic\n\nfunc Check(s string) int {\n\tif s == \"magic-7\" {\n\t\treturn 1\n\t}\n\tif s == \"other\" {\n\t\treturn 2\n\t}\n\treturn 0\n}\n"),
            ("m_test.go", "package magic\n\nimport \"testing\"\n\nfunc TestZero(t *testing.T) { Check(\"\") }\n\nfunc FuzzA(f *testing.F) {\n\tf.Fuzz(func(t *testing.T, s string) { Check(s) })\n}\n\nfunc FuzzB(f *testing.F) {\n\tf.Add(\"other\")\n\tf.Fuzz(func(t *testing.T, s string) { Check(s) })\n}\n"),
        ],
    );
    // The analysed profile: TestZero only, so both guarded returns (lines 5 and 8) are cold.
    go(
        &dir,
        &[
            "test",
            "-count=1",
            "-run",
            "^TestZero$",
            "-covermode=count",
            "-coverprofile=cover.out",
            ".",
        ],
    );
    let cold = profile_blocks(&dir.join("cover.out"), true);
    let mut files = Vec::new();
    for (fuzz, name, v) in [
        ("FuzzA", "a-magic", "magic-7"),
        ("FuzzB", "b-magic", "magic-7"),
        ("FuzzA", "c-other", "other"),
        ("FuzzB", "d-other", "other"),
    ] {
        let rel = PathBuf::from("testdata/fuzz").join(fuzz).join(name);
        std::fs::create_dir_all(dir.join(&rel).parent().unwrap()).unwrap();
        std::fs::write(dir.join(&rel), format!("go test fuzz v1\nstring({v:?})\n")).unwrap();
        files.push((rel, "example.com/magic".to_string()));
    }
    let s = decide(&dir, &files);
    let v = verdicts(&s);
    let get = |n: &str| v.iter().find(|x| x.0 == n).unwrap().clone();
    let first_line = |n: &str| -> Vec<String> {
        get(n)
            .2
            .iter()
            .map(|b| b.split('.').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(get("a-magic").1, Verdict::Kept, "{v:?}");
    assert_eq!(get("b-magic").1, Verdict::Kept, "{v:?}");
    assert_eq!(get("c-other").1, Verdict::Kept, "{v:?}");
    assert_eq!(get("d-other").1, Verdict::Dropped, "{v:?}");
    // first_reached: the first in its own fuzz test's corpus (so "magic" is listed for both).
    assert_eq!(first_line("a-magic"), vec!["4"], "{v:?}");
    assert_eq!(first_line("b-magic"), vec!["4"], "{v:?}");
    assert_eq!(first_line("c-other"), vec!["7"], "{v:?}");
    let d = s.decisions.iter().find(|d| d.file.ends_with("d-other"));
    assert!(
        d.unwrap().reason.contains("existing corpus of FuzzB"),
        "{}",
        d.unwrap().reason
    );
    assert_eq!((s.kept, s.dropped), (3, 1));
    assert_eq!(s.covered_with_kept, s.covered_with_all_candidates);
    // With the dropped seed removed, each fuzz test alone covers both guarded returns, and
    // loses one without any of its kept seeds.
    std::fs::remove_file(dir.join("testdata/fuzz/FuzzB/d-other")).unwrap();
    let both = cold_covered_by(&dir, &cold, ".", "FuzzA");
    assert_eq!(both, 2, "{cold:?}");
    assert_eq!(cold_covered_by(&dir, &cold, ".", "FuzzB"), both);
    for f in ["FuzzA/a-magic", "FuzzA/c-other", "FuzzB/b-magic"] {
        let p = dir.join("testdata/fuzz").join(f);
        let bytes = std::fs::read(&p).unwrap();
        std::fs::remove_file(&p).unwrap();
        let fuzz = f.split('/').next().unwrap();
        assert!(cold_covered_by(&dir, &cold, ".", fuzz) < both, "{f}");
        std::fs::write(&p, bytes).unwrap();
    }
}
