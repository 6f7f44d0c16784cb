//! Error paths after a failed write, with the real toolchain: an `io.Writer` input (a parameter
//! and a receiver's field set by its constructor) gets a writer that fails from a `Write` a fuzz
//! byte picks, and the seed check keeps the seeds that fail the second and third write, so a
//! plain `go test -run '^Fuzz'` replay reaches the `err != nil` branches no test reached (and
//! the `Error` method of the error returned: the harness formats errors, as callers do). The
//! harness passes `gofmt -l` and `go vet`; the go-fuzz file declares its own writer and builds
//! with `-tags gofuzz`.

mod common;

use common::*;
use std::path::Path;

const GO_MOD: &str = "module example.com/wf\n\ngo 1.22\n";

const REPORT_GO: &str = r##"package report

import (
	"fmt"
	"io"
)

// Render writes a title, a rule and one line per item.
func Render(w io.Writer, title string, items []string) error {
	if _, err := fmt.Fprintf(w, "# %s\n", title); err != nil {
		return fmt.Errorf("title: %w", err) // MARK:title
	}
	if _, err := io.WriteString(w, "----\n"); err != nil {
		return &RenderError{Part: "rule", Err: err} // MARK:rule
	}
	for i, it := range items {
		if _, err := fmt.Fprintf(w, "%d. %s\n", i+1, it); err != nil {
			return fmt.Errorf("item %d: %w", i, err) // MARK:item
		}
	}
	return nil
}

// RenderError says which part of the output failed.
type RenderError struct {
	Part string
	Err  error
}

func (e *RenderError) Error() string {
	return "render " + e.Part + ": " + e.Err.Error() // MARK:errmethod
}

// Logger prefixes every line it logs.
type Logger struct {
	out    io.Writer
	prefix string
	lost   int
}

// NewLogger logs to out.
func NewLogger(out io.Writer, prefix string) *Logger {
	return &Logger{out: out, prefix: prefix}
}

// Log writes the prefix and the line; a failed write is counted, not returned.
func (l *Logger) Log(line string) {
	if _, err := io.WriteString(l.out, l.prefix); err != nil {
		l.lost++ // MARK:prefix
		return
	}
	if _, err := io.WriteString(l.out, line+"\n"); err != nil {
		l.lost++ // MARK:line
	}
}
"##;

const REPORT_TEST_GO: &str = r#"package report

import (
	"bytes"
	"testing"
)

func TestRender(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, "t", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	l := NewLogger(&b, "> ")
	l.Log("x")
}
"#;

/// A fresh module whose tests ran every line but the error paths.
fn module() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("report")).unwrap();
    std::fs::write(dir.join("go.mod"), GO_MOD).unwrap();
    std::fs::write(dir.join("report/report.go"), REPORT_GO).unwrap();
    std::fs::write(dir.join("report/report_test.go"), REPORT_TEST_GO).unwrap();
    heatmap(dir);
    tmp
}

/// The largest count, in `profile`, of a block of `report.go` holding the line with `marker`.
fn count_at(profile: &str, marker: &str) -> u64 {
    let line = REPORT_GO.lines().position(|l| l.contains(marker)).unwrap() + 1;
    max_count_on_line(profile, "example.com/wf/report/report.go", line)
}

const MARKERS: [&str; 6] = [
    "MARK:errmethod",
    "MARK:title",
    "MARK:rule",
    "MARK:item",
    "MARK:prefix",
    "MARK:line",
];

#[test]
fn failing_writes_reach_the_error_paths_after_them() {
    if !have_go() {
        return;
    }
    let tmp = module();
    let dir = tmp.path();
    let before = std::fs::read_to_string(dir.join("cover.out")).unwrap();
    for m in MARKERS {
        assert_eq!(count_at(&before, m), 0, "{m} is cold before");
    }
    let out = heatseed(&["generate", "--root", "."], dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let harness =
        std::fs::read_to_string(dir.join("report/heatseed_fuzz_test.go")).expect("harness");
    assert!(
        harness.contains("Render(&heatseedFailingWriter{failAt: int(wFailAt)}"),
        "{harness}"
    );
    assert_eq!(
        harness.matches("type heatseedFailingWriter struct").count(),
        1,
        "{harness}"
    );
    check_go_tools(dir);
    let replayed = fuzz_replay_profile(dir, "./...");
    for m in MARKERS {
        assert!(count_at(&replayed, m) > 0, "{m} reached by the replay");
    }
    // Every corpus file that fails a write names its position in the manifest's facts, and the
    // kept ones are few: the check keeps only seeds that reach something first.
    let manifest = std::fs::read_to_string(dir.join(".heatseed/manifest.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let failed: Vec<&serde_json::Value> = v["seeds"]
        .as_array()
        .expect("seeds")
        .iter()
        .filter(|s| s["kind"] == "failed_write")
        .collect();
    assert!(
        (3..=12).contains(&failed.len()),
        "kept failing-write seeds: {failed:#?}"
    );
}

/// `gofmt -l` lists nothing, `go vet` passes, the go-fuzz file builds.
fn check_go_tools(dir: &Path) {
    let fmt = std::process::Command::new("gofmt")
        .args(["-l", "."])
        .current_dir(dir)
        .output()
        .expect("gofmt");
    assert!(
        fmt.stdout.is_empty(),
        "gofmt -l: {}",
        String::from_utf8_lossy(&fmt.stdout)
    );
    let vet = go(dir, &["vet", "./..."]);
    assert!(
        vet.status.success(),
        "{}",
        String::from_utf8_lossy(&vet.stderr)
    );
}

#[test]
fn the_go_fuzz_file_declares_its_own_failing_writer() {
    if !have_go() {
        return;
    }
    let tmp = module();
    let dir = tmp.path();
    let out = heatseed(&["generate", "--root", ".", "--harness", "go-fuzz"], dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file =
        std::fs::read_to_string(dir.join("report/heatseed_gofuzz.go")).expect("go-fuzz file");
    assert!(
        file.contains("Render(&heatseedGofuzzFailingWriter{failAt: int("),
        "{file}"
    );
    assert!(!file.contains("&heatseedFailingWriter{"), "{file}");
    // Built together with the tests, so both declarations must coexist.
    go(dir, &["vet", "-tags", "gofuzz", "./..."]);
}
