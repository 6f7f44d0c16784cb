//! Harness generation against the real Go toolchain: for every example module, plan every
//! target, render the harness into a temp copy, then `gofmt -l`, `go vet`, `go test` (replays
//! the `f.Add` seed) and a short `-fuzz` run per module.

mod common;

use heatseed::cli::{load, InputArgs};
use heatseed::plan::{self, FuzzPlan, PackageInfo};
use heatseed::writers::harness;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Row {
    target: String,
    outcome: Result<String, String>,
}

struct ModuleRun {
    rows: Vec<Row>,
    /// Package dir (relative to module root) → plans.
    plans: BTreeMap<PathBuf, Vec<FuzzPlan>>,
}

/// Plans every target; round-trip property candidates stay in the plans (the harness must
/// compile and replay its zero-value seed with them).
fn plan_module(root: &Path) -> ModuleRun {
    let mut loaded = load(&InputArgs {
        profiles: vec![],
        root: root.to_path_buf(),
        packages: vec![],
        rare_fraction: 0.01,
    })
    .expect("load module");
    // Every target in detail: the planner needs the packages' types and constructors.
    loaded.analysis.detail(None, &[]).expect("detail");
    let a = &loaded.analysis;
    let pkgs: Vec<PackageInfo> = plan::packages_from_analysis(a);
    let mut rows = Vec::new();
    let mut plans: BTreeMap<PathBuf, Vec<FuzzPlan>> = BTreeMap::new();
    // Targets grouped per package, in rank order.
    for pkg in &pkgs {
        let mut funcs = Vec::new();
        let mut dir = None;
        for t in &a.targets {
            let h = a.heat(t.id);
            if h.package != pkg.import_path {
                continue;
            }
            funcs.push(a.function(t.id));
            dir = a.files[t.id.file]
                .source
                .path
                .parent()
                .map(Path::to_path_buf);
        }
        let Some(dir) = dir else { continue };
        let rel = dir.strip_prefix(&loaded.root).unwrap().to_path_buf();
        for (f, res) in funcs.iter().zip(plan::plan_package(&funcs, pkg)) {
            rows.push(Row {
                target: format!("{}.{}", pkg.name, f.qualified_name()),
                outcome: res
                    .as_ref()
                    .map(|p| p.fuzz_name.clone())
                    .map_err(Clone::clone),
            });
            if let Ok(p) = res {
                plans.entry(rel.clone()).or_default().push(p);
            }
        }
    }
    ModuleRun { rows, plans }
}

fn print_table(module: &str, run: &ModuleRun) {
    let ok = run.rows.iter().filter(|r| r.outcome.is_ok()).count();
    println!(
        "\n## {module}: {} targets, {ok} harnessed, {} skipped",
        run.rows.len(),
        run.rows.len() - ok
    );
    for r in &run.rows {
        match &r.outcome {
            Ok(name) => {
                let prop = run
                    .plans
                    .values()
                    .flatten()
                    .find(|p| &p.fuzz_name == name)
                    .and_then(|p| p.property.as_ref())
                    .map(|rt| {
                        format!(
                            " (round trip with {})",
                            if rt.value_first {
                                &rt.parse
                            } else {
                                &rt.format
                            }
                        )
                    })
                    .unwrap_or_default();
                println!("  {:<28} harnessed  {name}{prop}", r.target)
            }
            Err(why) => println!("  {:<28} SKIPPED    {why}", r.target),
        }
    }
}

fn run_go(dir: &Path, args: &[&str]) -> String {
    let out = common::go(dir, args);
    String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
}

/// `fuzz`: the generated fuzz tests to run briefly under `-fuzz` (chosen to be free of known
/// crashes: e.g. shapes' `Merge` panics on a nil `dst` map, a real finding but not this test's
/// business).
fn check_module(module: &str, fuzz: &[&str]) -> ModuleRun {
    let (_tmp, root) = common::copy_module(&common::corpus_module(module));
    let mut run = plan_module(&root);
    print_table(module, &run);
    assert!(!run.plans.is_empty(), "{module}: nothing harnessed");
    write_harnesses(module, &root, &run);
    // As the pre-flight check does: a round-trip property that fails on the zero-value seed is
    // dropped (and only such failures are tolerated).
    let first = Command::new("go")
        .args(["test", "-count=1", "-run", "^Fuzz", "./..."])
        .current_dir(&root)
        .output()
        .expect("go test");
    let text = String::from_utf8_lossy(&first.stdout).to_string();
    // `--- FAIL: FuzzX/seed#0` followed by the round-trip message.
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let dropped: Vec<String> = lines
        .windows(2)
        .filter(|w| w[1].contains("heatseed round trip"))
        .filter_map(|w| w[0].strip_prefix("--- FAIL: "))
        .filter_map(|l| l.split_once('/').map(|(f, _)| f.to_string()))
        .collect();
    for ps in run.plans.values_mut() {
        for p in ps.iter_mut().filter(|p| dropped.contains(&p.fuzz_name)) {
            println!(
                "  property of {} dropped: its zero-value seed breaks it",
                p.fuzz_name
            );
            p.property = None;
        }
    }
    write_harnesses(module, &root, &run);
    check_tree(&root, &run, fuzz);
    run
}

fn write_harnesses(module: &str, root: &Path, run: &ModuleRun) {
    for (rel, ps) in &run.plans {
        let dir = root.join(rel);
        let name = &ps[0].package_name;
        let native = harness::render_native(name, ps);
        assert_eq!(native, harness::render_native(name, ps), "deterministic");
        assert!(native.starts_with("// Code generated by heatseed. DO NOT EDIT.\n\npackage "));
        std::fs::write(dir.join(plan::GENERATED_TEST_FILE), &native).unwrap();
        let gofuzz = harness::render_gofuzz(name, ps);
        std::fs::write(dir.join(harness::GOFUZZ_FILE), &gofuzz).unwrap();
        // Debug view: HEATSEED_DUMP_DIR=/tmp/x keeps a copy of every generated file.
        if let Ok(d) = std::env::var("HEATSEED_DUMP_DIR") {
            let d = Path::new(&d).join(module).join(rel);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join(plan::GENERATED_TEST_FILE), &native).unwrap();
            std::fs::write(d.join(harness::GOFUZZ_FILE), &gofuzz).unwrap();
        }
    }
}

/// gofmt, vet (both harness kinds), plain `go test`, and a short `-fuzz` run of `fuzz`.
fn check_tree(root: &Path, run: &ModuleRun, fuzz: &[&str]) {
    let gofmt = Command::new("gofmt")
        .arg("-l")
        .arg(root)
        .output()
        .expect("gofmt");
    let listed = String::from_utf8_lossy(&gofmt.stdout);
    if !listed.trim().is_empty() {
        let diff = Command::new("gofmt").arg("-d").arg(root).output().unwrap();
        panic!(
            "gofmt -l lists files:\n{listed}\n{}",
            String::from_utf8_lossy(&diff.stdout)
        );
    }
    run_go(root, &["vet", "./..."]);
    run_go(root, &["vet", "-tags", "gofuzz", "./..."]);
    run_go(root, &["test", "-count=1", "-run", "^Fuzz", "./..."]);
    for name in fuzz {
        let (rel, _) = run
            .plans
            .iter()
            .find(|(_, ps)| ps.iter().any(|p| p.fuzz_name == *name))
            .unwrap_or_else(|| panic!("{name} was not generated"));
        let dir = root.join(rel);
        run_go(
            &dir,
            &[
                "test",
                "-run",
                "^$",
                "-fuzz",
                &format!("^{name}$"),
                "-fuzztime=5x",
                ".",
            ],
        );
    }
}

fn skipped<'a>(run: &'a ModuleRun, target: &str) -> Option<&'a str> {
    run.rows
        .iter()
        .find(|r| r.target == target)
        .and_then(|r| r.outcome.as_ref().err().map(String::as_str))
}

fn harnessed(run: &ModuleRun, target: &str) -> bool {
    run.rows
        .iter()
        .any(|r| r.target == target && r.outcome.is_ok())
}

#[test]
fn shapes_harness_builds_and_runs() {
    if !common::have_go() {
        return;
    }
    let run = check_module("shapes", &["FuzzQuote", "FuzzQueue_Push", "FuzzLookup"]);
    for t in [
        "shapes.Queue.Push",
        "shapes.Quote",
        "shapes.Normalize",
        "shapes.Sum",
        "shapes.Lookup",
        "shapes.Join",
        "shapes.Token.Scope",
        "shapes.Grade",
        "shapes.Copy",
        "shapes.Endpoint",
        // A simple func parameter is a literal returning zero values.
        "shapes.Each",
    ] {
        assert!(harnessed(&run, t), "{t} not harnessed");
    }
    let why = skipped(&run, "shapes.Drain").unwrap_or_else(|| panic!("Drain not skipped"));
    assert!(why.contains("channel"), "Drain: {why}");
}

#[test]
fn shop_harness_builds_and_runs() {
    if !common::have_go() {
        return;
    }
    check_module("shop", &["FuzzCart_Add"]);
}

#[test]
fn confparse_harness_builds_and_runs() {
    if !common::have_go() {
        return;
    }
    check_module("confparse", &["FuzzParseWith"]);
}
