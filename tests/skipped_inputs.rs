//! Entry points that used to be skipped, harnessed and seeded with the real toolchain on a small
//! temp module: `Decode(data []byte, v any)` (the `any` destination is a fresh pointer chosen
//! by a fuzz byte) seeded from a test-table literal of a test the weak profile did not run,
//! `Lines(fsys fs.FS)` (a one-file `fstest.MapFS` of the input), `Describe(err error)`
//! (`errors.New(input)`), `Label(s fmt.Stringer)` (a `bytes.Buffer` of the input). The
//! harness file passes gofmt and go vet, and plain replay covers the blocks behind each.

mod common;

use common::*;
use std::path::Path;

const GO_MOD: &str = "module example.com/dec\n\ngo 1.22\n";

const DEC_GO: &str = r#"package dec

import (
	"errors"
	"strings"
)

// Decode reads a "rec:k=v;k=v" record into v (a *map[string]any or an *any).
func Decode(data []byte, v any) error {
	s := string(data)
	if !strings.HasPrefix(s, "rec:") {
		return errors.New("dec: no header")
	}
	fields := map[string]any{}
	for _, kv := range strings.Split(s[len("rec:"):], ";") {
		k, val, ok := strings.Cut(kv, "=")
		if !ok {
			return errors.New("dec: bad field")
		}
		fields[k] = val
	}
	switch p := v.(type) {
	case *map[string]any:
		*p = fields
	case *any:
		*p = fields
	default:
		return errors.New("dec: unsupported destination")
	}
	return nil
}
"#;

const MORE_GO: &str = r##"package dec

import (
	"fmt"
	"io/fs"
	"strings"
)

// Lines counts the lines of every file in fsys.
func Lines(fsys fs.FS) (int, error) {
	n := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if strings.HasPrefix(string(b), "#!") {
			n += 1000
		}
		n += strings.Count(string(b), "\n")
		return nil
	})
	return n, err
}

// Describe names an error.
func Describe(err error) string {
	if strings.Contains(err.Error(), "timeout") {
		return "slow"
	}
	return "other"
}

// Label shows a value.
func Label(s fmt.Stringer) string {
	if strings.HasSuffix(s.String(), "!") {
		return "loud"
	}
	return "calm"
}
"##;

const DEC_TEST_GO: &str = r#"package dec

import "testing"

func TestWeak(t *testing.T) {
	var v any
	if Decode([]byte("nope"), &v) == nil {
		t.Fatal("want error")
	}
}

func TestTable(t *testing.T) {
	for _, doc := range []string{"rec:name=ada;lang=go"} {
		var m map[string]any
		if err := Decode([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
	}
}
"#;

fn module() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("dec");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("go.mod"), GO_MOD).unwrap();
    std::fs::write(dir.join("dec.go"), DEC_GO).unwrap();
    std::fs::write(dir.join("more.go"), MORE_GO).unwrap();
    std::fs::write(dir.join("dec_test.go"), DEC_TEST_GO).unwrap();
    // The weak heatmap: TestWeak only (TestTable, holding the valid record, does not run).
    go(
        &dir,
        &[
            "test",
            "-count=1",
            "-run",
            "^TestWeak$",
            "-coverprofile=cover.out",
            "./...",
        ],
    );
    (tmp, dir)
}

/// Count of the block of `file` that opens on the line holding `marker`: at its `{`, or just
/// after the `:` of a `case` clause.
fn count_after(profile: &Path, file: &str, src: &str, marker: &str) -> u64 {
    let (i, line) = src
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(marker))
        .expect("marker");
    let col = match line.rfind('{') {
        Some(b) => b + 1,
        None => line.rfind(':').expect("brace or colon") + 2,
    };
    let start = format!("{}.{col}", i + 1);
    let text = std::fs::read_to_string(profile).expect("profile");
    let prefix = format!("example.com/dec/{file}:");
    text.lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .find(|l| l.split(',').next() == Some(start.as_str()))
        .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
        .unwrap_or_else(|| panic!("no block at {file}:{start}:\n{text}"))
}

#[test]
fn any_fs_error_and_stringer_entry_points_are_harnessed_and_seeded() {
    if !have_go() {
        return;
    }
    let (_tmp, dir) = module();
    let cold = dir.join("cover.out");
    assert_eq!(count_after(&cold, "dec.go", DEC_GO, "case *any:"), 0);

    let out = heatseed(&["generate", "--root", ".", "--format", "json"], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for name in ["Decode", "Lines", "Describe", "Label"] {
        let t = report["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["target"] == name)
            .unwrap_or_else(|| panic!("no target {name}"));
        assert!(t["skipped"].is_null(), "{name}: {}", t["skipped"]);
    }
    assert!(
        report["findings"].as_array().unwrap().is_empty(),
        "{}",
        report["findings"]
    );
    let harness = std::fs::read_to_string(dir.join("heatseed_fuzz_test.go")).unwrap();
    for want in [
        "new(map[string]interface{})",
        "fstest.MapFS{",
        "errors.New(",
        "bytes.NewBufferString(",
    ] {
        assert!(harness.contains(want), "missing {want}:\n{harness}");
    }
    let fmt = std::process::Command::new("gofmt")
        .args(["-l", "."])
        .current_dir(&dir)
        .output()
        .expect("gofmt");
    assert!(
        fmt.stdout.is_empty(),
        "gofmt: {}",
        String::from_utf8_lossy(&fmt.stdout)
    );
    go(&dir, &["vet", "./..."]);

    // A kept seed of FuzzDecode starts from the test table's record.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(".heatseed/manifest.json")).unwrap())
            .unwrap();
    let from_table = manifest["seeds"].as_array().unwrap().iter().any(|s| {
        s["fuzz_test"] == "FuzzDecode"
            && s["kind"] == "real_input"
            && s["values"][0]
                .as_str()
                .is_some_and(|v| v.contains("ada;lang=go"))
    });
    assert!(from_table, "{}", manifest["seeds"]);

    go(
        &dir,
        &[
            "test",
            "-count=1",
            "-run",
            "^Fuzz",
            "-coverprofile=replay.out",
            "./...",
        ],
    );
    let replay = dir.join("replay.out");
    for marker in ["case *any:", "case *map[string]any:", "if !ok {"] {
        assert!(
            count_after(&replay, "dec.go", DEC_GO, marker) > 0,
            "replay misses dec.go `{marker}`"
        );
    }
    for marker in [
        "if strings.Contains(err.Error(), \"timeout\") {",
        "if strings.HasSuffix(s.String(), \"!\") {",
        "if err != nil || d.IsDir() {",
    ] {
        assert!(
            count_after(&replay, "more.go", MORE_GO, marker) > 0,
            "replay misses more.go `{marker}`"
        );
    }
}
