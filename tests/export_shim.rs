//! `heatseed export --oss-fuzz`: the proof that every seed corpus zip entry makes the real
//! go-118-fuzz-build testing shim (`F.Data` = the entry, its `F.Fuzz` calling a copy of the
//! fuzz function's argument list) hand the function exactly the values of the native seed it
//! came from, for the bundled modules after `heatseed generate` and for a module using every
//! type `f.Fuzz` accepts; plus determinism, foreign files, name clashes, malformed corpus files,
//! modules without fuzz tests, dry runs and the ClusterFuzzLite layout.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use heatseed::export::shim::SHIM_VERSION;
use heatseed::export::Manifest;
use heatseed::values::Value;
use heatseed::writers::native::decode_corpus_file;

/// Runs a command with a hard limit; panics with its output unless it succeeds.
fn run_ok(mut cmd: Command, what: &str, limit_s: u64) -> String {
    cmd.env("GOTOOLCHAIN", "local");
    let out = heatseed::toolchain::run_limited(cmd, Duration::from_secs(limit_s))
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.success(),
        "{what} failed ({:?}):\n{}",
        out.exit,
        out.text()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn heatseed_cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_heatseed"));
    c.args(args);
    c
}

fn go_cmd(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("go");
    c.args(args).current_dir(dir).env("GOFLAGS", "-mod=mod");
    c
}

fn read_manifest(dir: &Path) -> Manifest {
    let bytes = std::fs::read(dir.join("heatseed-export.json")).expect("manifest");
    serde_json::from_slice(&bytes).expect("manifest JSON")
}

/// The Go run-time type name and value, as the prover program prints them.
fn render(v: &Value) -> String {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    match v {
        Value::Bytes(b) => format!("[]uint8:{}", hex(b)),
        Value::String(s) => format!("string:{}", hex(s)),
        Value::Bool(b) => format!("bool:{b}"),
        Value::Float32(f) => format!("float32:{:08x}", f.to_bits()),
        Value::Float64(f) => format!("float64:{:016x}", f.to_bits()),
        Value::Byte(n) | Value::Uint8(n) => format!("uint8:{n}"),
        Value::Rune(n) | Value::Int32(n) => format!("int32:{n}"),
        Value::Int(n) => format!("int:{n}"),
        Value::Int8(n) => format!("int8:{n}"),
        Value::Int16(n) => format!("int16:{n}"),
        Value::Int64(n) => format!("int64:{n}"),
        Value::Uint(n) => format!("uint:{n}"),
        Value::Uint16(n) => format!("uint16:{n}"),
        Value::Uint32(n) => format!("uint32:{n}"),
        Value::Uint64(n) => format!("uint64:{n}"),
    }
}

/// The `f.Fuzz` callback's parameters after `*testing.T`, copied from the Go source: the types
/// as written, one per parameter (`a, b int` gives two).
fn fuzz_param_types(src: &str, func: &str) -> Vec<String> {
    let start = src
        .find(&format!("func {func}("))
        .unwrap_or_else(|| panic!("{func} not in source"));
    let at = start + src[start..].find(".Fuzz(func(").expect("f.Fuzz call") + ".Fuzz(func(".len();
    let mut depth = 1;
    let mut end = at;
    for (i, c) in src[at..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            end = at + i;
            break;
        }
    }
    let items: Vec<&str> = src[at..end].split(',').map(str::trim).collect();
    assert!(items[0].ends_with("*testing.T"), "{func}: {}", items[0]);
    // `a, b int`: a name alone takes the type of the next item that has one.
    let mut types: Vec<Option<String>> = items[1..]
        .iter()
        .map(|it| {
            let mut parts = it.split_whitespace();
            parts.next();
            parts.next().map(str::to_string)
        })
        .collect();
    for i in (0..types.len()).rev() {
        if types[i].is_none() {
            types[i] = types.get(i + 1).cloned().flatten();
        }
    }
    types
        .into_iter()
        .map(|t| t.expect("typed parameter"))
        .collect()
}

const PROVER_HEAD: &str = r#"package main

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"strings"

	shim "github.com/AdamKorcz/go-118-fuzz-build/testing"
)

func show(vals ...any) {
	var parts []string
	for _, v := range vals {
		switch x := v.(type) {
		case []byte:
			parts = append(parts, fmt.Sprintf("[]uint8:%x", x))
		case string:
			parts = append(parts, fmt.Sprintf("string:%x", x))
		case float32:
			parts = append(parts, fmt.Sprintf("float32:%08x", math.Float32bits(x)))
		case float64:
			parts = append(parts, fmt.Sprintf("float64:%016x", math.Float64bits(x)))
		default:
			parts = append(parts, fmt.Sprintf("%s:%v", reflect.TypeOf(v).String(), v))
		}
	}
	fmt.Println(strings.Join(parts, " "))
}

func main() {
	for i := 1; i+1 < len(os.Args); i += 2 {
		r, err := zip.OpenReader(os.Args[i+1])
		if err != nil {
			panic(err)
		}
		for _, e := range r.File {
			rc, err := e.Open()
			if err != nil {
				panic(err)
			}
			data, err := io.ReadAll(rc)
			if err != nil {
				panic(err)
			}
			fmt.Printf("entry %s %s\n", os.Args[i], e.Name)
			if !fuzz(os.Args[i], data) {
				fmt.Println("NOT CALLED")
			}
		}
	}
}

func fuzz(name string, data []byte) bool {
	f := &shim.F{Data: data, T: shim.NewT()}
	called := false
	switch name {
"#;

/// One `case` of the prover's switch: the fuzz function's argument list, copied.
fn prover_case(name: &str, types: &[String]) -> String {
    let params: Vec<String> = types
        .iter()
        .enumerate()
        .map(|(i, t)| format!("p{i} {t}"))
        .collect();
    let names: Vec<String> = (0..types.len()).map(|i| format!("p{i}")).collect();
    format!(
        "\tcase {name:?}:\n\t\tf.Fuzz(func(t *shim.T, {}) {{\n\t\t\tcalled = true\n\t\t\tshow({})\n\t\t}})\n",
        params.join(", "),
        names.join(", ")
    )
}

/// An exported module: where it is, where its export went, and its manifest.
struct Exported {
    label: String,
    root: PathBuf,
    out: PathBuf,
    manifest: Manifest,
}

/// Writes `prover/<label>/main.go` for one export; returns the parameter types per fuzzer.
fn write_prover(prover: &Path, ex: &Exported) -> BTreeMap<String, Vec<String>> {
    let mut src = PROVER_HEAD.to_string();
    let mut types = BTreeMap::new();
    for f in ex.manifest.fuzzers.iter().filter(|f| f.zip.is_some()) {
        let go = std::fs::read_to_string(ex.root.join(&f.file)).expect("test file");
        let t = fuzz_param_types(&go, &f.func);
        src.push_str(&prover_case(&f.name, &t));
        types.insert(f.name.clone(), t);
    }
    src.push_str("\tdefault:\n\t\tpanic(\"unknown fuzzer \" + name)\n\t}\n\treturn called\n}\n");
    let dir = prover.join(&ex.label);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("main.go"), src).unwrap();
    types
}

/// The values heatseed decodes from the native seed behind an entry (the corpus file itself
/// when the seed is one, checked against the manifest's copy).
fn expected(ex: &Exported, native: &str, source: &str) -> Vec<Value> {
    let from_manifest = decode_corpus_file(native.as_bytes()).expect("manifest seed decodes");
    if source.ends_with(" f.Add") {
        return from_manifest;
    }
    let file = std::fs::read(ex.root.join(source)).expect("corpus file");
    let values = decode_corpus_file(&file).expect("corpus file decodes");
    // Compared as Go sees them (NaN bits included; `byte` and `uint8` are one type).
    let seen = |v: &[Value]| v.iter().map(render).collect::<Vec<_>>();
    assert_eq!(seen(&values), seen(&from_manifest), "{source}");
    values
}

/// Runs the prover over every zip of `ex` and compares each entry's received values with its
/// seed's. Returns the Go types proven and the number of entries.
fn prove(
    bin: &Path,
    ex: &Exported,
    types: &BTreeMap<String, Vec<String>>,
) -> (BTreeSet<String>, usize) {
    let mut cmd = Command::new(bin);
    for f in ex.manifest.fuzzers.iter().filter(|f| f.zip.is_some()) {
        cmd.arg(&f.name).arg(ex.out.join(f.zip.as_ref().unwrap()));
    }
    let out = run_ok(cmd, &format!("prover for {}", ex.label), 120);
    let mut got: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut lines = out.lines();
    while let Some(l) = lines.next() {
        let rest = l
            .strip_prefix("entry ")
            .unwrap_or_else(|| panic!("stray line {l:?}"));
        let (fuzzer, entry) = rest.split_once(' ').unwrap();
        let values = lines.next().expect("values line").to_string();
        got.insert((fuzzer.to_string(), entry.to_string()), values);
    }
    let mut proven = BTreeSet::new();
    let mut n = 0;
    for f in ex.manifest.fuzzers.iter().filter(|f| f.zip.is_some()) {
        for e in &f.entries {
            let want: Vec<String> = expected(ex, &e.native, &e.source)
                .iter()
                .map(render)
                .collect();
            let key = (f.name.clone(), e.entry.clone());
            let have = got
                .get(&key)
                .unwrap_or_else(|| panic!("{}: entry {} missing from the zip", ex.label, e.entry));
            assert_eq!(
                *have,
                want.join(" "),
                "{}: {} entry {} ({}): the shim's values differ from the native seed's",
                ex.label,
                f.name,
                e.entry,
                e.source
            );
            n += 1;
        }
        proven.extend(types[&f.name].iter().cloned());
    }
    assert_eq!(
        got.len(),
        n,
        "{}: zip entries without a manifest record",
        ex.label
    );
    (proven, n)
}

/// Every fuzz type, with seeds at the edges of the shim's layout: empty strings and slices in
/// the middle and at the end, invalid UTF-8, NaN and -0, extreme integers.
const ALL_TYPES_TEST: &str = r#"package alltypes

import "testing"

func FuzzAll(f *testing.F) {
	f.Add([]byte("x"), "héllo", true, byte('a'), 'λ', float32(1.5), -2.25, -7, int8(-128), int16(-300), int32(-70000), int64(-1099511627776), uint(18446744073709551615), uint8(255), uint16(65535), uint32(4294967295), uint64(1))
	f.Fuzz(func(t *testing.T, a []byte, b string, c bool, d byte, e rune, g float32, h float64, i int, j int8, k int16, l int32, m int64, n uint, o uint8, p uint16, q uint32, r uint64) {
	})
}

func FuzzEmptyTail(f *testing.F) {
	f.Add("", []byte{})
	f.Add("a", []byte(""))
	f.Fuzz(func(t *testing.T, s string, b []byte) {})
}

func FuzzEmptyFirst(f *testing.F) {
	f.Add([]byte{}, "")
	f.Add([]byte{}, "z")
	f.Fuzz(func(t *testing.T, b []byte, s string) {})
}

func FuzzOne(f *testing.F) {
	f.Add(false)
	f.Fuzz(func(t *testing.T, x bool) {})
}
"#;

const ALL_TYPES_CORPUS: &[(&str, &str, &str)] = &[
    (
        "FuzzAll",
        "edges",
        "go test fuzz v1\n[]byte(\"\")\nstring(\"\\xff\\x00\")\nbool(false)\nbyte('\\x00')\nrune('\\U0010ffff')\nfloat32(-0)\nfloat64(NaN)\nint(-9223372036854775808)\nint8(127)\nint16(-32768)\nint32(-2147483648)\nint64(9223372036854775807)\nuint(0)\nuint8(0)\nuint16(0)\nuint32(0)\nuint64(18446744073709551615)\n",
    ),
    (
        "FuzzAll",
        "inf",
        "go test fuzz v1\n[]byte(\"\\x00\\x01\")\nstring(\"\")\nbool(true)\nbyte('\\xff')\nrune('\\x00')\nfloat32(+Inf)\nfloat64(-Inf)\nint(0)\nint8(-1)\nint16(1)\nint32(1)\nint64(-1)\nuint(1)\nuint8(1)\nuint16(1)\nuint32(1)\nuint64(0)\n",
    ),
    ("FuzzEmptyTail", "both-empty", "go test fuzz v1\nstring(\"\")\n[]byte(\"\")\n"),
    ("FuzzEmptyFirst", "long", "go test fuzz v1\n[]byte(\"0123456789012345678901234567890123456789\")\nstring(\"\")\n"),
];

fn all_types_module(parent: &Path) -> PathBuf {
    let root = parent.join("alltypes");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("go.mod"),
        "module example.com/alltypes\n\ngo 1.22\n",
    )
    .unwrap();
    std::fs::write(root.join("all_test.go"), ALL_TYPES_TEST).unwrap();
    for (func, name, text) in ALL_TYPES_CORPUS {
        let d = root.join("testdata/fuzz").join(func);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(name), text).unwrap();
    }
    root
}

fn export_into(root: &Path, out: &Path, label: &str) -> Exported {
    run_ok(
        heatseed_cmd(&[
            "export",
            "--root",
            root.to_str().unwrap(),
            "--oss-fuzz",
            out.to_str().unwrap(),
        ]),
        &format!("heatseed export {label}"),
        300,
    );
    Exported {
        label: label.to_string(),
        root: root.to_path_buf(),
        out: out.to_path_buf(),
        manifest: read_manifest(out),
    }
}

/// Go modules for the prover: go.mod requiring the pinned shim, `go mod tidy`, one build.
fn build_prover(prover: &Path, labels: &[String]) -> PathBuf {
    std::fs::write(
        prover.join("go.mod"),
        format!(
            "module heatseed.test/prover\n\ngo 1.22\n\nrequire github.com/AdamKorcz/go-118-fuzz-build {SHIM_VERSION}\n"
        ),
    )
    .unwrap();
    run_ok(
        go_cmd(prover, &["mod", "tidy"]),
        "go mod tidy (prover)",
        300,
    );
    let bin = prover.join("bin");
    let mut args = vec![
        "build".to_string(),
        "-o".into(),
        format!("{}/", bin.display()),
    ];
    args.extend(labels.iter().map(|l| format!("./{l}")));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_ok(go_cmd(prover, &args), "go build (prover)", 600);
    bin
}

#[test]
fn every_zip_entry_gives_the_fuzz_function_the_native_seed_values() {
    if !common::have_go() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut exported = Vec::new();
    for m in common::MODULES {
        let root = tmp.path().join(m);
        common::copy_dir(&common::corpus_module(m), &root);
        run_ok(
            heatseed_cmd(&["generate", "--root", root.to_str().unwrap()]),
            &format!("heatseed generate {m}"),
            600,
        );
        exported.push(export_into(&root, &tmp.path().join(format!("out-{m}")), m));
    }
    let all = all_types_module(tmp.path());
    exported.push(export_into(
        &all,
        &tmp.path().join("out-alltypes"),
        "alltypes",
    ));

    let prover = tmp.path().join("prover");
    std::fs::create_dir_all(&prover).unwrap();
    let types: Vec<_> = exported
        .iter()
        .map(|ex| write_prover(&prover, ex))
        .collect();
    let labels: Vec<String> = exported.iter().map(|e| e.label.clone()).collect();
    let bin = build_prover(&prover, &labels);

    let mut corpus_types = BTreeSet::new();
    let mut total = 0;
    for (ex, t) in exported.iter().zip(&types) {
        let (proven, n) = prove(&bin.join(&ex.label), ex, t);
        assert!(n > 0, "{}: no entry exported", ex.label);
        total += n;
        if ex.label != "alltypes" {
            corpus_types.extend(proven);
        } else {
            // Every type f.Fuzz accepts, as Go spells them in a parameter list.
            let want: BTreeSet<String> = [
                "[]byte", "string", "bool", "byte", "rune", "float32", "float64", "int", "int8",
                "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            assert_eq!(proven, want);
            assert_eq!(n, 10, "alltypes: 6 f.Add seeds and 4 corpus files");
        }
    }
    // Every argument type the bundled modules' fuzz tests take (after generate) was proven.
    let mut used = BTreeSet::new();
    for ex in exported.iter().filter(|e| e.label != "alltypes") {
        for f in &ex.manifest.fuzzers {
            let go = std::fs::read_to_string(ex.root.join(&f.file)).unwrap();
            used.extend(fuzz_param_types(&go, &f.func));
        }
    }
    assert!(
        used.is_subset(&corpus_types),
        "types used in corpus/ but not proven: {:?}",
        used.difference(&corpus_types).collect::<Vec<_>>()
    );
    eprintln!("proved {total} zip entries; corpus types: {used:?}");
}

/// Runs `heatseed export` (no Go needed); returns (exit code, stdout, stderr).
fn export_run(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let out = heatseed::toolchain::run_limited(heatseed_cmd(&all), Duration::from_secs(120))
        .expect("run heatseed");
    let code = match out.exit {
        heatseed::toolchain::Exit::Success => 0,
        heatseed::toolchain::Exit::Failure(c) => c.unwrap_or(-1),
        heatseed::toolchain::Exit::TimedOut => panic!("heatseed export timed out"),
    };
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file under `dir` with its bytes, sorted by path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn exports_are_byte_identical_across_runs_and_reruns_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let all = all_types_module(tmp.path());
    let shop = tmp.path().join("shop");
    common::copy_dir(&common::corpus_module("shop"), &shop);
    for root in [&all, &shop] {
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        let _ = std::fs::remove_dir_all(&a);
        let _ = std::fs::remove_dir_all(&b);
        assert_eq!(export_run(&["--root", s(root), "--oss-fuzz", s(&a)]).0, 0);
        assert_eq!(export_run(&["--root", s(root), "--oss-fuzz", s(&b)]).0, 0);
        let (sa, sb) = (snapshot(&a), snapshot(&b));
        assert!(sa
            .iter()
            .any(|(p, _)| p.to_string_lossy().ends_with("_seed_corpus.zip")));
        assert_eq!(sa, sb, "two exports of {} differ", root.display());
        let (code, out, _) = export_run(&["--root", s(root), "--oss-fuzz", s(&a)]);
        assert_eq!(code, 0);
        assert!(
            !out.contains("created:") && !out.contains("replaced:"),
            "{out}"
        );
        assert_eq!(snapshot(&a), sa, "a re-run changed the export");
    }
}

#[test]
fn files_heatseed_did_not_write_are_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let root = all_types_module(tmp.path());
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("build.sh"), "#!/bin/bash\necho mine\n").unwrap();
    std::fs::write(out.join("README"), "the user's\n").unwrap();
    let before = snapshot(&out);
    let (code, _, err) = export_run(&["--root", s(&root), "--oss-fuzz", s(&out)]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("build.sh") && err.contains("not written by heatseed"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before, "a refused export wrote something");
    // Out of the way, the export goes ahead and leaves the user's other file alone.
    std::fs::remove_file(out.join("build.sh")).unwrap();
    assert_eq!(
        export_run(&["--root", s(&root), "--oss-fuzz", s(&out)]).0,
        0
    );
    assert_eq!(std::fs::read(out.join("README")).unwrap(), b"the user's\n");
    // A zip the user changed after the export is theirs now.
    let zip = out.join("FuzzOne_seed_corpus.zip");
    std::fs::write(&zip, b"edited").unwrap();
    let (code, _, err) = export_run(&["--root", s(&root), "--oss-fuzz", s(&out)]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("FuzzOne_seed_corpus.zip"), "{err}");
    assert_eq!(std::fs::read(&zip).unwrap(), b"edited");
}

#[test]
fn fuzz_tests_of_the_same_name_in_two_packages_get_package_qualified_names() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("twin");
    for pkg in ["a", "b/c"] {
        let d = root.join(pkg);
        std::fs::create_dir_all(&d).unwrap();
        let name = pkg.rsplit('/').next().unwrap();
        std::fs::write(
            d.join("p_test.go"),
            format!("package {name}\n\nimport \"testing\"\n\nfunc FuzzParse(f *testing.F) {{\n\tf.Add(\"{pkg}\")\n\tf.Fuzz(func(t *testing.T, s string) {{}})\n}}\n\nfunc FuzzOnly{}(f *testing.F) {{\n\tf.Fuzz(func(t *testing.T, n int) {{}})\n}}\n", name.to_uppercase()),
        )
        .unwrap();
    }
    std::fs::write(root.join("go.mod"), "module example.com/twin\n\ngo 1.22\n").unwrap();
    let out = tmp.path().join("out");
    assert_eq!(
        export_run(&["--root", s(&root), "--oss-fuzz", s(&out)]).0,
        0
    );
    let m = read_manifest(&out);
    let names: BTreeSet<&str> = m.fuzzers.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["a_FuzzParse", "b_c_FuzzParse", "FuzzOnlyA", "FuzzOnlyC"]
            .into_iter()
            .collect()
    );
    let build = std::fs::read_to_string(out.join("build.sh")).unwrap();
    assert!(
        build.contains("compile_native_go_fuzzer example.com/twin/a FuzzParse a_FuzzParse\n"),
        "{build}"
    );
    assert!(
        build.contains("compile_native_go_fuzzer example.com/twin/b/c FuzzParse b_c_FuzzParse\n"),
        "{build}"
    );
    assert!(
        build.contains("compile_native_go_fuzzer example.com/twin/a FuzzOnlyA FuzzOnlyA\n"),
        "{build}"
    );
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(out.join("build.sh"))
        .output()
        .expect("bash");
    assert!(
        syntax.status.success(),
        "build.sh: {}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    assert!(out.join("a_FuzzParse_seed_corpus.zip").is_file());
    assert!(out.join("b_c_FuzzParse_seed_corpus.zip").is_file());
    // No seeds: a build line but no zip.
    assert!(!out.join("FuzzOnlyA_seed_corpus.zip").exists());
    // --package narrows the export, names stay the same.
    let out2 = tmp.path().join("out2");
    assert_eq!(
        export_run(&[
            "--root",
            s(&root),
            "--oss-fuzz",
            s(&out2),
            "--package",
            "./b/..."
        ])
        .0,
        0
    );
    let m2 = read_manifest(&out2);
    let names2: Vec<&str> = m2.fuzzers.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names2, ["b_c_FuzzParse", "FuzzOnlyC"]);
}

#[test]
fn a_malformed_corpus_file_is_a_warning_naming_file_and_line_and_is_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let root = all_types_module(tmp.path());
    std::fs::create_dir_all(root.join("testdata/fuzz/FuzzOne")).unwrap();
    let bad = root.join("testdata/fuzz/FuzzOne/broken");
    std::fs::write(&bad, "go test fuzz v1\n\nbool(maybe)\n").unwrap();
    let out = tmp.path().join("out");
    let (code, stdout, err) = export_run(&["--root", s(&root), "--oss-fuzz", s(&out)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("{}: line 3: malformed line", bad.display())),
        "{err}"
    );
    let m = read_manifest(&out);
    let one = m.fuzzers.iter().find(|f| f.name == "FuzzOne").unwrap();
    assert_eq!(one.entries.len(), 1, "the f.Add seed is still exported");
    assert_eq!(one.skipped.len(), 1);
    assert!(stdout.contains("FuzzOne"), "{stdout}");
}

#[test]
fn a_module_without_fuzz_tests_writes_nothing_and_exits_0() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("plain");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("go.mod"), "module example.com/plain\n\ngo 1.22\n").unwrap();
    std::fs::write(root.join("p.go"), "package plain\n\nfunc F() {}\n").unwrap();
    std::fs::write(
        root.join("p_test.go"),
        "package plain\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { F() }\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let (code, stdout, _) = export_run(&["--root", s(&root), "--oss-fuzz", s(&out)]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("no fuzz tests") && stdout.contains("nothing written"),
        "{stdout}"
    );
    assert!(!out.exists());
}

#[test]
fn dry_run_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = all_types_module(tmp.path());
    let out = tmp.path().join("out");
    let (code, stdout, _) = export_run(&["--root", s(&root), "--oss-fuzz", s(&out), "--dry-run"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("would create: FuzzAll_seed_corpus.zip"),
        "{stdout}"
    );
    assert!(!out.exists());
    std::fs::create_dir_all(&out).unwrap();
    let (code, stdout, _) = export_run(&["--root", s(&root), "--oss-fuzz", s(&out), "--dry-run"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("would create: build.sh"), "{stdout}");
    assert!(snapshot(&out).is_empty() && std::fs::read_dir(&out).unwrap().next().is_none());
}

#[test]
fn clusterfuzzlite_layout_goes_to_dot_clusterfuzzlite() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let root = all_types_module(&repo);
    let (code, _, err) = export_run(&[
        "--root",
        s(&root),
        "--oss-fuzz",
        s(&repo),
        "--clusterfuzzlite",
    ]);
    assert_eq!(code, 0, "{err}");
    let cfl = repo.join(".clusterfuzzlite");
    let docker = std::fs::read_to_string(cfl.join("Dockerfile")).unwrap();
    assert!(
        docker.contains("FROM gcr.io/oss-fuzz-base/base-builder-go\n"),
        "{docker}"
    );
    assert!(
        docker.contains("WORKDIR $SRC/alltypes/alltypes\n"),
        "{docker}"
    );
    assert!(
        docker.contains("COPY .clusterfuzzlite/build.sh $SRC/\n"),
        "{docker}"
    );
    assert!(std::fs::read_to_string(cfl.join("project.yaml"))
        .unwrap()
        .contains("language: go\n"));
    assert!(cfl.join("FuzzAll_seed_corpus.zip").is_file());
    assert!(!cfl.join(".heatseed").exists(), "temp folder left behind");
    // The module root outside DIR is a usage error.
    let other = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&other).unwrap();
    let (code, _, err) = export_run(&[
        "--root",
        s(&root),
        "--oss-fuzz",
        s(&other),
        "--clusterfuzzlite",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(!other.join(".clusterfuzzlite").exists());
}
