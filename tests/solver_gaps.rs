//! The solver gaps of issue 8 (item 7), with the real toolchain: a module whose weak test
//! reaches none of the guarded blocks below, one function per gap (arithmetic on one input,
//! on a length and on a shifted byte; `strings.Cut` and `CutPrefix`; a rune count with a byte
//! length; relations between two parameters, two strings and two fields of a receiver, and a
//! weighted sum of two parameters against a constant; a package predicate (`isSep(s[0])`,
//! a function whose body is one `return`) called in a guard, on the first and on the last
//! byte (`s[len(s)-1]`); the
//! `default` of a `switch` over an enum-like parameter, which needs a value no constant holds;
//! inputs the harness decodes from bytes: a slice's length, an element by index, the element of
//! a `range`, a field of a struct element, a map member by key, a slice field of a struct).
//! `heatseed generate` writes seeds, and a plain `go test -run '^Fuzz' -coverprofile` replay
//! must cover every `MARK` line. Before these gaps were solved none of them was covered (the
//! decoded inputs: none of their six before `generate::decoded`).

mod common;

use common::*;

const GO_MOD: &str = "module example.com/gaps\n\ngo 1.22\n";

const GAPS_GO: &str = r#"// Package gaps holds one guard per solver gap of issue 8.
package gaps

import (
	"strings"
	"unicode/utf8"
)

// Scale has guards with arithmetic on its input.
func Scale(x int) string {
	if x*3+7 == 100 {
		return "exact" // MARK:affine
	}
	if x-1 > 9000 {
		return "big" // MARK:offset
	}
	return "small"
}

// Pad tests a multiple of the length.
func Pad(s string) int {
	if len(s)*2 == 18 {
		return 1 // MARK:lenmul
	}
	return 0
}

// Shift tests a shifted and masked byte.
func Shift(b []byte) int {
	if len(b) > 0 && (b[0]>>4)&0x7 == 5 {
		return 1 // MARK:shift
	}
	return 0
}

// Option reads a key=value option.
func Option(s string) int {
	k, v, ok := strings.Cut(s, "=")
	if ok && k == "mode" && v == "fast" {
		return 2 // MARK:cut
	}
	return 0
}

// Version reads a v-prefixed version.
func Version(s string) int {
	rest, ok := strings.CutPrefix(s, "v")
	if ok && rest == "2" {
		return 2 // MARK:cutprefix
	}
	return 0
}

// Runes counts runes and bytes.
func Runes(s string) int {
	if utf8.RuneCountInString(s) == 3 && len(s) == 6 {
		return 1 // MARK:runes
	}
	return 0
}

// Order relates two numbers.
func Order(a, b int) int {
	if a+1 == b {
		return 1 // MARK:succ
	}
	if a > b+1000 {
		return 2 // MARK:greater
	}
	return 0
}

// Blend relates two numbers by a weighted sum.
func Blend(a, b int) int {
	if a*2+b == 100 && b > 10 {
		return 1 // MARK:twosum
	}
	return 0
}

func isSep(b byte) bool {
	return b == ';' || b == '|'
}

// Lead is 1 for text that starts with a separator.
func Lead(s string) int {
	if len(s) > 1 && isSep(s[0]) {
		return 1 // MARK:predicate
	}
	return 0
}

// Tail is 1 for text that ends with a separator.
func Tail(s string) int {
	if len(s) > 1 && isSep(s[len(s)-1]) {
		return 1 // MARK:lastbyte
	}
	return 0
}

// Same relates two strings.
func Same(a, b string) int {
	if a != "" && a == b {
		return 1 // MARK:same
	}
	return 0
}

// Window is a range of positions.
type Window struct{ Lo, Hi int }

// Width is negative for a reversed window.
func (w Window) Width() int {
	if w.Hi+10 == w.Lo {
		return -10 // MARK:fields
	}
	return w.Hi - w.Lo
}

// Level is a log level.
type Level int

// The levels.
const (
	Debug Level = iota
	Info
	Warn
)

// Name names a level.
func Name(l Level) string {
	switch l {
	case Debug:
		return "debug"
	case Info:
		return "info"
	case Warn:
		return "warn"
	default:
		return "unknown" // MARK:default
	}
}

// Point is a position.
type Point struct{ X, Y int }

// Sum adds numbers; a marker value and a long list are special.
func Sum(xs []int) int {
	t := 0
	for _, x := range xs {
		if x == 4242 {
			return -1 // MARK:rangeelem
		}
		t += x
	}
	if len(xs) > 5 {
		return t * 2 // MARK:slicelen
	}
	return t
}

// Join joins parts; three with a magic middle are special.
func Join(parts []string) string {
	if len(parts) == 3 && parts[1] == "magic" {
		return "m" // MARK:sliceindex
	}
	return strings.Join(parts, ",")
}

// Area is 1 for a polygon that starts at x 77.
func Area(ps []Point) int {
	if len(ps) >= 3 && ps[0].X == 77 {
		return 1 // MARK:structelem
	}
	return 0
}

// Mode reads an option map.
func Mode(opts map[string]string) int {
	if opts["mode"] == "fast" {
		return 1 // MARK:mapkey
	}
	return 0
}

// Config holds listen settings.
type Config struct {
	Hosts []string
	Port  int
}

// Listen needs two hosts, the first local.
func Listen(c Config) int {
	if len(c.Hosts) == 2 && c.Hosts[0] == "localhost" {
		return 1 // MARK:fieldslice
	}
	return 0
}
"#;

const GAPS_TEST_GO: &str = r#"package gaps

import "testing"

func TestWeak(t *testing.T) {
	Scale(0)
	Pad("")
	Shift(nil)
	Option("")
	Version("")
	Runes("")
	Order(0, 0)
	Blend(0, 0)
	Lead("")
	Tail("")
	Same("", "x")
	Window{}.Width()
	Name(Debug)
	Sum(nil)
	Join(nil)
	Area(nil)
	Mode(nil)
	Listen(Config{})
}
"#;

/// `(mark, line)` of every `// MARK:name` line of `gaps.go`.
fn marks() -> Vec<(String, usize)> {
    GAPS_GO
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            l.split_once("// MARK:")
                .map(|(_, m)| (m.trim().to_string(), i + 1))
        })
        .collect()
}

#[test]
fn seeds_reach_every_guard_of_the_solver_gaps() {
    if !have_go() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("gaps")).unwrap();
    std::fs::write(dir.join("go.mod"), GO_MOD).unwrap();
    std::fs::write(dir.join("gaps/gaps.go"), GAPS_GO).unwrap();
    std::fs::write(dir.join("gaps/gaps_test.go"), GAPS_TEST_GO).unwrap();
    let marks = marks();
    assert_eq!(marks.len(), 21, "{marks:?}");
    let file = "example.com/gaps/gaps/gaps.go";

    let report = heatmap_and_generate(dir);
    let weak = std::fs::read_to_string(dir.join("cover.out")).expect("heatmap");
    for (m, line) in &marks {
        assert_eq!(
            max_count_on_line(&weak, file, *line),
            0,
            "the weak test must leave {m} cold"
        );
    }
    let targets: Vec<&str> = report["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .filter(|t| t["skipped"].is_null())
        .filter_map(|t| t["target"].as_str())
        .collect();
    assert_eq!(targets.len(), 18, "{targets:?}");

    // The enum table ends with a value no constant holds, for the `default`.
    let harness = std::fs::read_dir(dir.join("gaps"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("_test.go"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .find(|t| t.contains("func FuzzName("))
        .expect("a harness for Name");
    assert!(
        harness.contains("[]Level{Debug, Info, Warn, Level(3)}"),
        "{harness}"
    );

    let replay = fuzz_replay_profile(dir, "./...");
    let missed: Vec<&str> = marks
        .iter()
        .filter(|(_, line)| max_count_on_line(&replay, file, *line) == 0)
        .map(|(m, _)| m.as_str())
        .collect();
    assert!(missed.is_empty(), "replay misses {missed:?}:\n{replay}");
}
