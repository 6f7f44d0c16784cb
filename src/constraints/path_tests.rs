//! Path conditions from real Go source: goals of cold blocks conjoin the guards of every
//! enclosing region (and earlier early exits), and the solver builds one input from them.

use super::fixtures::*;
use super::goals::block_goals;
use super::*;
use crate::heatmap::Block;
use crate::index::{Function, GoFile};
use crate::span::{CoverPos, CoverRange};
use crate::targets::guard::Guards;
use crate::targets::{BlockHeat, Heat};

fn parse(src: &str) -> GoFile {
    crate::syntax::parse_source(src)
}

fn find<'a>(file: &'a GoFile, name: &str) -> &'a Function {
    file.functions
        .iter()
        .find(|f| f.name == name)
        .expect("function")
}

/// A cold block starting at `line`:`col` (through the end of that line).
fn cold_at(f: &Function, line: u32, col: u32) -> BlockHeat {
    let range = CoverRange::new(CoverPos::new(line, col), CoverPos::new(line, 80));
    BlockHeat {
        block: Block {
            range,
            num_stmt: 1,
            count: 0,
        },
        heat: Heat::Cold,
        guard: Guards::new(f).guard_of(&range),
        why: String::new(),
    }
}

/// Goal facts (first alternative) of the cold block at `line`:`col` of `name`.
fn goal_facts(file: &GoFile, name: &str, line: u32, col: u32) -> Vec<Fact> {
    let f = find(file, name);
    let ctx = Context::new(f, &file.consts, &[]);
    let goals = block_goals(f, &[cold_at(f, line, col)], &ctx, &[]);
    goals[0].alternatives.first().cloned().unwrap_or_default()
}

const PARSE: &str = r#"package p

const limit = 500

func Parse(s string) string {
	if strings.HasPrefix(s, "size=") {
		n, err := strconv.Atoi(s[len("size="):])
		if err != nil {
			return "bad"
		}
		if n > limit {
			return "big"
		}
		return "ok"
	}
	return "none"
}
"#;

#[test]
fn prefix_check_encloses_a_numeric_limit() {
    let file = parse(PARSE);
    let facts = goal_facts(&file, "Parse", 11, 16);
    assert_eq!(solve_text(&facts, "s", STR)[0], "\"size=501\"");
}

const VARIANTS: &str = r#"package p

func Trim(s string) int {
	if strings.HasPrefix(s, "n:") {
		rest := strings.TrimPrefix(s, "n:")
		n, err := strconv.Atoi(rest)
		if err != nil {
			return -1
		}
		if n >= 1000 {
			return 2
		}
	}
	return 0
}

func Local(s string) int {
	if !strings.HasPrefix(s, "v=") {
		return 0
	}
	rest := s[len("v="):]
	n, err := strconv.Atoi(rest)
	if err != nil {
		return -1
	}
	if n > 42 {
		return 1
	}
	return 0
}

func Kind(s string) int {
	switch len(s) {
	case 4:
		if strings.HasPrefix(s, "ab") {
			return 1
		}
	case 6:
		return 2
	}
	return 0
}
"#;

#[test]
fn trim_prefix_after_has_prefix() {
    let file = parse(VARIANTS);
    let facts = goal_facts(&file, "Trim", 10, 17);
    assert_eq!(solve_text(&facts, "s", STR)[0], "\"n:1000\"");
}

#[test]
fn early_exit_prefix_and_sliced_local() {
    let file = parse(VARIANTS);
    let facts = goal_facts(&file, "Local", 26, 13);
    assert_eq!(solve_text(&facts, "s", STR)[0], "\"v=43\"");
}

#[test]
fn switch_length_and_case_prefix_combine() {
    let file = parse(VARIANTS);
    let facts = goal_facts(&file, "Kind", 35, 34);
    assert_eq!(solve_text(&facts, "s", STR)[0], "\"abaa\"");
}
