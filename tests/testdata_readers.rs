//! A package whose own test walks `testdata/` and fails on any file it does not expect: the
//! pre-flight check runs that package's whole `go test` with the real toolchain, sees it fail
//! with heatseed's seed files under `testdata/fuzz/` and pass without them, and leaves the
//! seed files out (harness kept, a note says why), so `go test ./...` stays green.

mod common;

use common::*;

const P_GO: &str = r#"package p

import (
	"strconv"
	"strings"
)

// Level reads "v=<n>" and says how high n is.
func Level(s string) int {
	if strings.HasPrefix(s, "v=") {
		n, err := strconv.Atoi(s[2:])
		if err != nil {
			return -1
		}
		if n > 100 {
			return 2
		}
		return 1
	}
	return 0
}
"#;

const P_TEST_GO: &str = r#"package p

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLevel(t *testing.T) {
	if Level("x") != 0 {
		t.Fatal("x")
	}
}

// Every file under testdata is a golden file.
func TestGolden(t *testing.T) {
	filepath.Walk("testdata", func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		if !strings.HasPrefix(string(b), "golden:") {
			t.Errorf("%s: not a golden file", p)
		}
		return nil
	})
}
"#;

#[test]
fn seeds_stay_out_of_a_package_whose_tests_read_all_of_testdata() {
    if !have_go() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tw");
    std::fs::create_dir_all(dir.join("p/testdata")).unwrap();
    std::fs::write(dir.join("go.mod"), "module example.com/tw\n\ngo 1.22\n").unwrap();
    std::fs::write(dir.join("p/p.go"), P_GO).unwrap();
    std::fs::write(dir.join("p/p_test.go"), P_TEST_GO).unwrap();
    std::fs::write(dir.join("p/testdata/a.txt"), "golden: ok\n").unwrap();
    let v = heatmap_and_generate(&dir);
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .filter(|n| n.contains("read every file under testdata/"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", v["notes"]);
    assert!(
        notes[0].contains("example.com/tw/p") && notes[0].contains("(TestGolden)"),
        "{}",
        notes[0]
    );
    // The harness is written, no seed file is.
    let harness = std::fs::read_to_string(dir.join("p/heatseed_fuzz_test.go")).unwrap();
    assert!(harness.contains("func FuzzLevel("), "{harness}");
    assert!(
        !dir.join("p/testdata/fuzz").exists(),
        "seed files written under p/testdata/fuzz"
    );
    let manifest = std::fs::read_to_string(dir.join(".heatseed/manifest.json")).unwrap();
    assert!(!manifest.contains("testdata/fuzz"), "{manifest}");
    go(&dir, &["test", "-count=1", "./..."]);
}
