//! Real inputs beside the integers the tests pass, and trimmed seeds, with the real toolchain.
//!
//! `modes.Parse(s, flags)` reaches its Unicode-class block only with two flag bits set
//! (`Perl`), which its table test passes through a helper (`testParse(t, parseTests, Perl)`);
//! the weak heatmap (`go test -short`) skips that test. A seed holding the table's row with
//! flags 0 stops at the first escape, so the block is reached only when the row's seed carries
//! the tests' flags. The row is long, and its kept seed is trimmed to a shorter input that
//! still reaches the block: the manifest says so and the replay still covers it. With
//! `--rounds 0`: a refinement round can find the flags by mutation; the first round must not
//! need to. (The build before the tests' integers were mined left the block cold here.)

mod common;

use common::*;

const GO_MOD: &str = "module example.com/modes\n\ngo 1.22\n";

const MODES_GO: &str = r#"// Package modes parses patterns whose syntax depends on flags.
package modes

import "errors"

// Flags select the syntax Parse accepts.
type Flags uint16

const (
	FoldCase Flags = 1 << iota
	Literal
	PerlX
	UnicodeGroups
)

// Perl is the flag set of Perl syntax.
const Perl = PerlX | UnicodeGroups

var errEscape = errors.New("modes: escapes need PerlX")

type parser struct {
	flags   Flags
	classes int
}

// Parse counts the Unicode classes of pattern s.
func Parse(s string, flags Flags) (int, error) {
	p := &parser{flags: flags}
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if !p.perl() {
			return 0, errEscape
		}
		if i+1 < len(s) && s[i+1] == 'p' {
			p.unicode()
		}
	}
	return p.classes, nil
}

func (p *parser) perl() bool { return p.flags&PerlX != 0 }

func (p *parser) unicode() {
	if p.flags&UnicodeGroups == 0 {
		return
	}
	p.classes++ // MARK:unicode
}
"#;

const MODES_TEST_GO: &str = r#"package modes

import "testing"

type parseTest struct {
	in   string
	want int
}

var parseTests = []parseTest{
	{`plain words, not one escape in the whole of this pattern`, 0},
	{`a longer pattern with one class \pL somewhere in the middle of it`, 1},
}

func TestWeak(t *testing.T) {
	if _, err := Parse("abc", 0); err != nil {
		t.Fatal(err)
	}
}

func TestParse(t *testing.T) {
	if testing.Short() {
		t.Skip("the table test is long")
	}
	testParse(t, parseTests, Perl)
}

func testParse(t *testing.T, tests []parseTest, flags Flags) {
	for _, tt := range tests {
		got, err := Parse(tt.in, flags)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}
"#;

fn mark_line() -> usize {
    MODES_GO
        .lines()
        .position(|l| l.contains("// MARK:unicode"))
        .expect("the mark")
        + 1
}

#[test]
fn row_seeds_carry_the_tests_flags_and_are_trimmed() {
    if !have_go() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("go.mod"), GO_MOD).unwrap();
    std::fs::write(dir.join("modes.go"), MODES_GO).unwrap();
    std::fs::write(dir.join("modes_test.go"), MODES_TEST_GO).unwrap();
    let file = "example.com/modes/modes.go";
    let line = mark_line();

    // The full suite reaches the block; the weak heatmap (-short) leaves it cold.
    let out = go(dir, &["test", "-count=1", "./..."]);
    assert!(out.status.success(), "{out:?}");
    let weak = short_heatmap(dir);
    assert_eq!(max_count_on_line(&weak, file, line), 0);

    // No refinement rounds: only the first round's seeds (the tests' inputs) may reach it.
    generate_first_round(dir);

    let replay = fuzz_replay_profile(dir, "./...");
    assert!(
        max_count_on_line(&replay, file, line) > 0,
        "the seeds must reach the Unicode class block"
    );

    // The seed that reaches it was trimmed: the manifest says from how many bytes, and its
    // text is shorter than the table row it came from.
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join(".heatseed/manifest.json")).expect("manifest"),
    )
    .expect("manifest JSON");
    let text = manifest.to_string();
    let trimmed = number_between(&text, "trimmed from ", " bytes");
    assert!(
        trimmed.is_some_and(|n| n >= 65),
        "a seed trimmed from the \\pL row (65 bytes) or a text holding it: {text}"
    );
    let seeds = std::fs::read_dir(dir.join("testdata/fuzz/FuzzParse")).expect("seeds");
    let mut texts: Vec<String> = seeds
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    texts.sort();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("\\\\p") && t.contains("uint16(12)") && t.len() < 65),
        "a short seed with `\\p` and the Perl flags (12): {texts:#?}"
    );
    assert!(
        texts.iter().all(|t| !t.contains("somewhere in the middle")),
        "the whole row is no longer a seed: {texts:#?}"
    );
}

/// The number between `before` and `after` in `text`, at the first `before`.
fn number_between(text: &str, before: &str, after: &str) -> Option<usize> {
    let (_, rest) = text.split_once(before)?;
    let (n, _) = rest.split_once(after)?;
    n.parse().ok()
}
