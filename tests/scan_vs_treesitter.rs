//! The fast scanner (`heatseed::index::scan::scan_go`) against the tree-sitter index
//! (`heatseed::syntax::parse_go`, the reference) on the Go files of the standard library:
//! by default the non-test files of the packages `go list std` gives (~1700 files, ~19 MB:
//! ~20 s in debug); with `HEATSEED_SCAN_ALL=1`, every `.go` file under `$(go env GOROOT)/src`
//! outside `testdata` directories, test files and other platforms' files included (~6500
//! files, ~88 MB: ~80 s in debug, ~30 s in release). Files tree-sitter reports syntax errors
//! for are skipped. Compared: package name, imports, functions in order (name,
//! receiver, range, body), package-level func literals, line lengths, non-UTF-8 flag; and per
//! function, the scanner's callee names must include every identifier or selector callee
//! tree-sitter finds (the scanner may add type conversions and calls through indexed values).
//!
//! Needs Go (required when CI=true, skipped with a note otherwise). Files are compared in
//! parallel.

mod common;

use heatseed::index::scan::scan_go;
use heatseed::model::{Expr, Function, GoFile};
use heatseed::syntax::parse_go;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

enum Outcome {
    /// tree-sitter found syntax errors: nothing to compare against.
    Skipped,
    Agrees {
        functions: usize,
        calls: usize,
    },
    Differs(String),
}

/// The non-test Go files (`GoFiles`, `CgoFiles`) of the packages of `go list std`.
fn std_package_files() -> Vec<PathBuf> {
    let out = std::process::Command::new("go")
        .args([
            "list",
            "-f",
            r#"{{range .GoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}{{range .CgoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}"#,
            "std",
        ])
        .env("GOTOOLCHAIN", "local")
        .output()
        .expect("run go list std");
    assert!(
        out.status.success(),
        "go list std failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect()
}

/// Every `.go` file under `root` outside `testdata` directories, sorted.
fn all_go_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| e.file_name() != "testdata")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "go"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Callee names of the calls whose callee is an identifier (`f`) or a selector (`x.f`: `f`).
fn callee_names(f: &Function) -> BTreeSet<&str> {
    f.calls
        .iter()
        .filter_map(|c| match &c.func {
            Expr::Ident { name } => Some(name.as_str()),
            Expr::Selector { sel, .. } => Some(sel.as_str()),
            _ => None,
        })
        .collect()
}

fn describe(f: &Function) -> String {
    format!(
        "{} receiver={:?} range={} body={}",
        f.name,
        f.receiver,
        f.range,
        f.body.map(|b| b.to_string()).unwrap_or("-".into())
    )
}

/// The first difference between the scanner's view of a file and tree-sitter's, if any.
fn first_difference(got: &GoFile, want: &GoFile) -> Option<String> {
    if got.package != want.package {
        return Some(format!("package {:?} != {:?}", got.package, want.package));
    }
    if got.imports != want.imports {
        return Some(format!("imports {:?} != {:?}", got.imports, want.imports));
    }
    for (i, (g, w)) in got.functions.iter().zip(&want.functions).enumerate() {
        if g.name != w.name || g.receiver != w.receiver || g.range != w.range || g.body != w.body {
            return Some(format!(
                "function #{i}: scanner {} != tree-sitter {}",
                describe(g),
                describe(w)
            ));
        }
        let (gc, wc) = (callee_names(g), callee_names(w));
        let missing: Vec<&&str> = wc.difference(&gc).collect();
        if !missing.is_empty() {
            return Some(format!(
                "function #{i} {}: calls missed by the scanner: {missing:?}",
                w.name
            ));
        }
    }
    if got.functions.len() != want.functions.len() {
        let n = got.functions.len().min(want.functions.len());
        let extra = got
            .functions
            .get(n)
            .or(want.functions.get(n))
            .map(describe)
            .unwrap_or_default();
        return Some(format!(
            "{} functions != {}; first unmatched: {extra}",
            got.functions.len(),
            want.functions.len()
        ));
    }
    if got.package_literals != want.package_literals {
        return Some(format!(
            "package literals {:?} != {:?}",
            got.package_literals, want.package_literals
        ));
    }
    if got.line_lengths != want.line_lengths {
        return Some("line lengths differ".into());
    }
    if got.non_utf8 != want.non_utf8 {
        return Some(format!("non_utf8 {} != {}", got.non_utf8, want.non_utf8));
    }
    None
}

fn compare(path: &Path) -> Outcome {
    let src = std::fs::read(path).expect("read Go file");
    let want = parse_go(path, &src);
    if !want.syntax_errors.is_empty() {
        return Outcome::Skipped;
    }
    let got = scan_go(path, &src);
    match first_difference(&got, &want) {
        Some(d) => Outcome::Differs(format!("{}: {d}", path.display())),
        None => Outcome::Agrees {
            functions: want.functions.len(),
            calls: want.functions.iter().map(|f| callee_names(f).len()).sum(),
        },
    }
}

#[test]
fn scanner_agrees_with_tree_sitter_on_std() {
    if !common::have_go() {
        return;
    }
    let files = if std::env::var("HEATSEED_SCAN_ALL").is_ok_and(|v| v == "1") {
        all_go_files(&common::goroot_src())
    } else {
        std_package_files()
    };
    // A broken file listing must not pass by comparing nothing.
    assert!(
        files.len() > 1000,
        "only {} Go files to compare",
        files.len()
    );
    let outcomes: Vec<Outcome> = files.par_iter().map(|p| compare(p)).collect();
    let (mut agree, mut skipped, mut functions, mut calls) = (0, 0, 0, 0);
    let mut diffs = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Skipped => skipped += 1,
            Outcome::Agrees {
                functions: f,
                calls: c,
            } => {
                agree += 1;
                functions += f;
                calls += c;
            }
            Outcome::Differs(d) => diffs.push(d),
        }
    }
    eprintln!(
        "{} files: {agree} agree ({functions} functions, {calls} distinct callee names), {} differ, \
         {skipped} skipped (tree-sitter syntax errors)",
        files.len(),
        diffs.len()
    );
    assert!(
        diffs.is_empty(),
        "{} files differ; first ones:\n{}",
        diffs.len(),
        diffs
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(functions > 10_000, "only {functions} functions compared");
}
