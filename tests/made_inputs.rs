//! Inputs the package itself makes, with the real toolchain: a recursive tree type no literal
//! can build is made by the package's own `Parse` (whose unbuildable variadic options are passed
//! as `nil...`), so a cold branch of its `String` method is reached from a test-table expression; a
//! scanner whose state only its `Init` method sets up is made by `new(Scanner).Init(reader)`
//! and stepped through the whole input, so a branch that needs the third word is reached.
//! Both replayed with plain `go test -run '^Fuzz'`.

mod common;

use common::*;
use std::path::Path;

const GO_MOD: &str = "module example.com/mi\n\ngo 1.22\n";

const TREE_GO: &str = r#"package tree

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// Node is a parsed expression: an operator over sub-expressions, or an atom.
type Node struct {
	Op  byte
	Sub []*Node
	Val string
}

// Parse reads "(op a b ...)" or an atom; macros name whole expressions.
func Parse(s string, macros ...map[string]any) (*Node, error) {
	s = strings.TrimSpace(s)
	for _, m := range macros {
		if v, ok := m[s].(string); ok {
			s = v
		}
	}
	if !strings.HasPrefix(s, "(") {
		if s == "" {
			return nil, errors.New("empty")
		}
		return &Node{Val: s}, nil
	}
	if !strings.HasSuffix(s, ")") {
		return nil, errors.New("unclosed")
	}
	f := strings.Fields(s[1 : len(s)-1])
	if len(f) == 0 {
		return nil, errors.New("no operator")
	}
	n := &Node{Op: f[0][0]}
	for _, a := range f[1:] {
		n.Sub = append(n.Sub, &Node{Val: a})
	}
	return n, nil
}

func (n *Node) String() string {
	if n.Op == 0 {
		return n.Val
	}
	if n.Op == '+' && len(n.Sub) == 2 {
		return "sum(" + n.Sub[0].String() + "," + n.Sub[1].String() + ")" // MARK:sum
	}
	return "op"
}

// Scanner reads space-separated words.
type Scanner struct {
	r     *bufio.Reader
	prev  *Scanner
	Count int
}

// Init makes s read src.
func (s *Scanner) Init(src io.Reader) *Scanner {
	s.r = bufio.NewReader(src)
	s.Count = 0
	return s
}

// Scan returns the next word.
func (s *Scanner) Scan() (string, error) {
	var w []byte
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			if len(w) > 0 {
				break
			}
			return "", err
		}
		if c == ' ' {
			if len(w) > 0 {
				break
			}
			continue
		}
		w = append(w, c)
	}
	s.Count++
	if s.Count == 3 && string(w) == "end" {
		return "third", nil // MARK:third
	}
	return string(w), nil
}
"#;

const TREE_TEST_GO: &str = r#"package tree

import (
	"strings"
	"testing"
)

var parseTests = []struct{ in string }{
	{"(+ 1 2)"},
	{"atom"},
}

func TestParse(t *testing.T) {
	checkAll(t, parseTests)
}

func checkAll(t *testing.T, tests []struct{ in string }) {
	for _, tt := range tests {
		if _, err := Parse(tt.in); err != nil {
			t.Fatal(err)
		}
	}
}

func TestScan(t *testing.T) {
	s := new(Scanner).Init(strings.NewReader("a b end"))
	for {
		if _, err := s.Scan(); err != nil {
			break
		}
	}
}

func TestAtom(t *testing.T) {
	n, _ := Parse("x")
	_ = n.String()
}
"#;

/// A fresh module with a weak heatmap (only `TestAtom` ran).
fn module() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("tree")).unwrap();
    std::fs::write(dir.join("go.mod"), GO_MOD).unwrap();
    std::fs::write(dir.join("tree/tree.go"), TREE_GO).unwrap();
    std::fs::write(dir.join("tree/tree_test.go"), TREE_TEST_GO).unwrap();
    go(
        dir,
        &[
            "test",
            "-count=1",
            "-run",
            "^TestAtom$",
            "-covermode=count",
            "-coverprofile=cover.out",
            "./...",
        ],
    );
    tmp
}

/// The execution count, after replaying the fuzz tests with plain `go test -run '^Fuzz'`, of
/// the block of `tree.go` that starts on the line holding `marker`.
fn replayed(dir: &Path, markers: &[&str]) -> Vec<u64> {
    let profile = fuzz_replay_profile(dir, "./...");
    markers
        .iter()
        .map(|m| {
            let line = TREE_GO.lines().position(|l| l.contains(m)).unwrap() + 1;
            max_count_on_line(&profile, "example.com/mi/tree/tree.go", line)
        })
        .collect()
}

#[test]
fn a_parsed_receiver_and_an_initialised_scanner_reach_their_cold_branches() {
    if !have_go() {
        return;
    }
    let m = module();
    let dir = m.path();
    assert_eq!(
        replayed(dir, &["MARK:sum", "MARK:third"]),
        [0, 0],
        "cold before generating"
    );
    let out = heatseed(&["generate", "--root", "."], dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let harness = std::fs::read_to_string(dir.join("tree/heatseed_fuzz_test.go")).unwrap();
    for want in [
        "func FuzzNode_String(",
        "func FuzzScanner_Scan(",
        "new(Scanner).Init(bytes.NewReader(",
    ] {
        assert!(harness.contains(want), "missing {want}:\n{harness}");
    }
    // The options no input builds are passed as `nil...`.
    assert!(harness.contains("= Parse(s, nil...)"), "{harness}");
    let counts = replayed(dir, &["MARK:sum", "MARK:third"]);
    assert!(counts[0] > 0, "String's sum branch not reached: {counts:?}");
    assert!(counts[1] > 0, "the third word not reached: {counts:?}");
}
