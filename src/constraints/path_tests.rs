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

/// A cold block starting at `line`:`col` (the column of the `{` that opens it, as in cover
/// profiles) through the end of that line.
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
    let facts = goal_facts(&file, "Trim", 10, 16);
    assert_eq!(solve_text(&facts, "s", STR)[0], "\"n:1000\"");
}

#[test]
fn early_exit_prefix_and_sliced_local() {
    let file = parse(VARIANTS);
    let facts = goal_facts(&file, "Local", 26, 12);
    assert_eq!(solve_text(&facts, "s", STR)[0], "\"v=43\"");
}

#[test]
fn switch_length_and_case_prefix_combine() {
    let file = parse(VARIANTS);
    let facts = goal_facts(&file, "Kind", 35, 33);
    assert_eq!(solve_text(&facts, "s", STR)[0], "\"abaa\"");
}

const CHAIN: &str = r#"package p

func Check(in string) int {
	return outer(in, 3)
}

func outer(x string, k int) int {
	if k > 2 {
		return inner(x[1:])
	}
	return 0
}

func inner(y string) int {
	if strings.HasSuffix(y, ".cfg") {
		if len(y) > 10 {
			return 7
		}
	}
	return 1
}
"#;

/// Context of `callee` bound to the arguments of `caller`'s first call of it (the caller's
/// context is attached by the test), and the call's position.
fn call_into<'a>(
    caller: &'a Function,
    ctx: &Context<'a>,
    callee: &'a Function,
) -> (Context<'a>, CoverPos) {
    let call = caller
        .calls
        .iter()
        .find(|c| c.func.text() == callee.name)
        .expect("call");
    let bindings = super::goals::call_bindings(callee, call);
    let mut c = Context::new(callee, ctx.consts, ctx.vars);
    c.bindings = bindings;
    (c, call.pos)
}

#[test]
fn helper_two_calls_deep_is_a_goal_over_the_exported_input() {
    let file = parse(CHAIN);
    let (check, outer, inner) = (
        find(&file, "Check"),
        find(&file, "outer"),
        find(&file, "inner"),
    );
    let top = Context::new(check, &file.consts, &[]);
    let (mut outer_ctx, p1) = call_into(check, &top, outer);
    let top_at = top.clone().at(p1);
    outer_ctx.caller = Some(&top_at);
    let (mut inner_ctx, p2) = call_into(outer, &outer_ctx, inner);
    let outer_at = outer_ctx.clone().at(p2);
    inner_ctx.caller = Some(&outer_at);
    // The path to the call in `outer` (k > 2, bound to the constant 3) adds nothing unsat.
    let prefix = super::goals::facts_to_reach(outer, p2, &outer_ctx);
    assert!(prefix.iter().all(|f| !f.is_unsat()), "{prefix:?}");
    let goals = block_goals(inner, &[cold_at(inner, 16, 18)], &inner_ctx, &prefix);
    let facts = goals[0].alternatives.first().cloned().unwrap_or_default();
    let text: Vec<String> = facts.iter().map(|f| f.to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("HasSuffix(in[1:], \".cfg\")")),
        "the enclosing guard, over the exported input: {text:?}"
    );
    let v = &solve_text(&facts, "in", STR)[0];
    let s: String = serde_json::from_str(v).expect("a quoted string");
    assert!(s[1..].ends_with(".cfg") && s.len() - 1 > 10, "{v}");
}
