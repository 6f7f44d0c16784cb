//! Planner + renderer on a small Go package written for the library types and edge cases the
//! corpus modules do not use: source text in, harness out, checked with gofmt, go vet and
//! go test (gofuzz file included).

mod common;

use heatseed::index::parse_source;
use heatseed::plan::{self, PackageInfo};
use heatseed::values::FuzzType;
use heatseed::writers::harness;
use std::process::Command;

const SRC: &str = r#"package lib

import (
	"bufio"
	"bytes"
	"fmt"
	"hash"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

type Color uint8

const (
	Red Color = iota
	Green
	Blue
)

const Width = 4

type Inner struct {
	A int
	B []string
}

type Big struct {
	F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11 int
}

type Shape struct {
	Name  string
	Color Color
	In    Inner
	Tags  map[string]bool
	Grid  [Width]byte
	When  time.Duration
}

type Counter struct{ n int }

func New(start int) Counter { return Counter{n: start} }

func (c *Counter) Add(d int) int { c.n += d; return c.n }

type Box struct{ v string }

func NewBox(v string) (*Box, error) {
	if v == "" {
		return nil, fmt.Errorf("empty")
	}
	return &Box{v: v}, nil
}

func (b Box) Len() int { return len(b.v) }

type Number interface{ ~int64 | ~float64 }

func Serve(r *http.Request) string { return r.Method + r.URL.Path }
func Query(v url.Values) int       { return len(v) }
func Mask(ip net.IP) bool          { return ip.To4() != nil }
func Year(t time.Time) int         { return t.Year() }
func Lines(r *bufio.Reader) int    { n := 0; for { if _, err := r.ReadString('\n'); err != nil { return n }; n++ } }
func Words(r *strings.Reader) int  { return r.Len() }
func Drain(b *bytes.Buffer) int    { return b.Len() }
func First(r io.ByteReader) byte   { c, _ := r.ReadByte(); return c }
func Paint(s Shape) string         { return s.Name }
func Paint2(s *Shape) string       { return s.Name }
func Sum(b Big) int                { return b.F1 + b.F11 }
func Pick(c Color) string          { return fmt.Sprint(c) }
func Twice[T Number](x T) T        { return x * 2 }
func Either[T ~string | ~int](x T) T { return x }
func Show[T fmt.Stringer](x T) string { return x.String() }
func Call(f func()) {}
func Write(w io.Writer) {}
func Emit(w io.Writer, s string) int { n, _ := io.WriteString(w, s); return n }
func Digest(h hash.Hash, b []byte) int { h.Write(b); return len(h.Sum(nil)) }
func Sum32(h hash.Hash32, b []byte) uint32 { h.Write(b); return h.Sum32() }
func Fail(err error) {}
func Fill(xs ...Inner) int          { return len(xs) }
func Tick(d time.Duration) bool     { return d > time.Second }
"#;

const TEST_SRC: &str = "package lib\n\nimport \"testing\"\n\nfunc FuzzServe(f *testing.F) { f.Fuzz(func(t *testing.T, s string) {}) }\n";

#[test]
fn library_types_and_edge_cases_render_valid_go() {
    let file = parse_source(SRC);
    let tests = parse_source(TEST_SRC);
    let pkg = PackageInfo::from_files("example.com/lib", &[&file], &[&tests]);
    let funcs: Vec<_> = file.functions.iter().collect();
    let results = plan::plan_package(&funcs, &pkg);
    let mut plans = Vec::new();
    let mut table = String::new();
    for (f, r) in funcs.iter().zip(results) {
        match r {
            Ok(p) => {
                table += &format!("{:<12} {}\n", f.qualified_name(), p.fuzz_name);
                plans.push(p);
            }
            Err(why) => table += &format!("{:<12} SKIPPED {why}\n", f.qualified_name()),
        }
    }
    println!("{table}");
    let skipped = |name: &str| {
        table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .is_some_and(|l| l.contains("SKIPPED"))
    };
    // Call has no input left to fuzz (a func literal); Show's type parameter needs a Stringer
    // type. (Write's writer is an input: which of its writes fails.)
    for s in ["Show", "Call"] {
        assert!(skipped(s), "{s} should be skipped:\n{table}");
    }
    for h in [
        "Serve",
        "Query",
        "Mask",
        "Year",
        "Lines",
        "Words",
        "Drain",
        "First",
        "Paint",
        "Paint2",
        "Sum",
        "Pick",
        "Twice",
        "Either",
        "Fill",
        "Tick",
        "Counter.Add",
        "Box.Len",
        "Write",
        "Emit",
        "Digest",
        "Sum32",
        // An error parameter is errors.New(input).
        "Fail",
    ] {
        assert!(!skipped(h), "{h} should be harnessed:\n{table}");
    }
    // Collision with the user's FuzzServe.
    assert!(table.contains("FuzzServe_heatseed"));
    let get = |n: &str| plans.iter().find(|p| p.target == n).unwrap();
    // > MAX_FLAT_ARGS fields: one []byte argument.
    assert_eq!(get("Sum").args.len(), 1);
    assert_eq!(get("Sum").args[0].encodes.as_deref(), Some("Big"));
    // Flattened with decoded sub-fields.
    let paint: Vec<_> = get("Paint").args.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(paint, ["sName", "sColor", "sIn", "sTags", "sGrid", "sWhen"]);
    assert_eq!(get("Twice").type_args, ["int64"]);
    // An io.Writer is a failing writer whose failing write a byte picks.
    let write: Vec<_> = get("Write")
        .args
        .iter()
        .map(|a| (a.ty, a.fails_writes))
        .collect();
    assert_eq!(write, [(FuzzType::Uint8, true)]);
    assert!(get("Emit").args.iter().any(|a| a.fails_writes));
    assert_eq!(get("Either").type_args, ["string"]);
    // Constructor parameters feed the receiver.
    assert_eq!(
        get("Counter.Add").args[0].path,
        plan::InputPath::ctor_param("New", "start")
    );

    let native = harness::render_native("lib", &plans);
    let gofuzz = harness::render_gofuzz("lib", &plans);
    if let Ok(d) = std::env::var("HEATSEED_DUMP_DIR") {
        let d = std::path::Path::new(&d).join("lib");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(plan::GENERATED_TEST_FILE), &native).unwrap();
        std::fs::write(d.join(harness::GOFUZZ_FILE), &gofuzz).unwrap();
    }
    if !common::have_go() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("go.mod"), "module example.com/lib\n\ngo 1.22\n").unwrap();
    // The source as gofmt would have it (the one-liners above are for the reader).
    std::fs::write(d.join("lib.go"), SRC).unwrap();
    std::fs::write(d.join("lib_test.go"), TEST_SRC).unwrap();
    std::fs::write(d.join(plan::GENERATED_TEST_FILE), &native).unwrap();
    std::fs::write(d.join(harness::GOFUZZ_FILE), &gofuzz).unwrap();
    let fmt = Command::new("gofmt")
        .arg("-l")
        .arg(d.join(plan::GENERATED_TEST_FILE))
        .arg(d.join(harness::GOFUZZ_FILE))
        .output()
        .unwrap();
    assert!(
        fmt.stdout.is_empty(),
        "not gofmt-clean: {}\n{native}",
        String::from_utf8_lossy(&fmt.stdout)
    );
    common::go(d, &["vet", "."]);
    common::go(d, &["vet", "-tags", "gofuzz", "."]);
    common::go(d, &["test", "-count=1", "-run", "^Fuzz", "."]);
    common::go(
        d,
        &[
            "test",
            "-run",
            "^$",
            "-fuzz",
            "^FuzzServe_heatseed$",
            "-fuzztime=20x",
            ".",
        ],
    );
}
