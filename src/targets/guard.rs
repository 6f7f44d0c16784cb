//! Guards: which construct decides whether a cover block runs.
//!
//! Rule (fits the Go <= 1.26 and the Go >= 1.27 block layouts): a block belongs to the innermost
//! [`Region`] of its function whose range contains the block's start. If the block starts at the
//! region's entry (before or at its first statement), the region's own guard decides it. If it
//! starts after a control statement of the region, it is a *continuation*: it runs when control
//! falls through that statement; when that statement is an `if` whose consequence always leaves
//! (return, panic, break...), the continuation runs only when the `if` condition is false.
//!
//! [`Guards`] indexes one function once (regions sorted by start with their enclosing region,
//! per region the statements that end a cover block and the early exits in order), so the guard
//! of each block costs a binary search plus the nesting depth: a function with many blocks is
//! analysed in near-linear time. The negated early exits a continuation carries ([`Conditions`])
//! are a shared prefix of its region's exit list, not a copy per block.

use crate::index::{Expr, Function, Guard, Region};
use crate::span::{CoverPos, CoverRange};
use serde::Serialize;
use std::sync::Arc;

/// Which construct decides a block; serialized as the snake_case names the README lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GuardKind {
    /// The function body: runs on every entry.
    FunctionEntry,
    /// The consequence of an `if`.
    If,
    /// An `else` (the negated condition).
    Else,
    /// A case of an expression switch.
    Case,
    /// The default clause of an expression switch.
    Default,
    /// A case (or default) of a type switch.
    TypeCase,
    /// A communication clause of a `select`.
    SelectCase,
    /// A `for` body.
    LoopBody,
    /// Code after a control statement of the same block (narrowed by earlier early exits).
    Continuation,
    /// The body of a func literal.
    FuncLiteral,
    /// A bare `{ ... }` block.
    Block,
    /// Not known: the function was not parsed in detail, has syntax errors, or the block lies
    /// in no region.
    Unknown,
    /// Not a block's guard: the goal `generate` adds for a receiver's constructor to succeed
    /// (its early error returns avoided).
    Constructor,
}

impl GuardKind {
    /// Every kind of block guard, in declaration order ([`GuardKind::Constructor`] is a goal
    /// kind only).
    pub const ALL: [GuardKind; 12] = [
        GuardKind::FunctionEntry,
        GuardKind::If,
        GuardKind::Else,
        GuardKind::Case,
        GuardKind::Default,
        GuardKind::TypeCase,
        GuardKind::SelectCase,
        GuardKind::LoopBody,
        GuardKind::Continuation,
        GuardKind::FuncLiteral,
        GuardKind::Block,
        GuardKind::Unknown,
    ];

    /// The name reports print (the serialized form).
    pub fn as_str(self) -> &'static str {
        match self {
            GuardKind::FunctionEntry => "function_entry",
            GuardKind::If => "if",
            GuardKind::Else => "else",
            GuardKind::Case => "case",
            GuardKind::Default => "default",
            GuardKind::TypeCase => "type_case",
            GuardKind::SelectCase => "select_case",
            GuardKind::LoopBody => "loop_body",
            GuardKind::Continuation => "continuation",
            GuardKind::FuncLiteral => "func_literal",
            GuardKind::Block => "block",
            GuardKind::Unknown => "unknown",
            GuardKind::Constructor => "constructor",
        }
    }
}

impl std::fmt::Display for GuardKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The guard of one block, ready for reports and for constraint mining.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlockGuard {
    pub kind: GuardKind,
    /// Human-readable guard (`qty > 9000`, `!(err != nil)`, `currency == "JPY"`).
    pub text: String,
    /// Line of the construct that holds the guard.
    pub line: u32,
    /// Index of the region in `Function::regions` (None when unknown).
    #[serde(skip)]
    pub region: Option<usize>,
    /// The condition that must hold for the block to run, when it is a boolean expression over
    /// the function's values (`IfThen` cond, negated `Else` cond, continuation after an early exit).
    #[serde(skip)]
    pub condition: Option<Condition>,
    /// Further conditions that must hold as well: for a continuation, the negated conditions of
    /// the earlier early exits of the same region (`condition` holds the last one).
    #[serde(skip)]
    pub also: Conditions,
}

/// A condition in positive or negated form (the block runs when `expr` evaluates to `!negated`).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub expr: Expr,
    pub negated: bool,
}

/// A run of conditions shared between guards: the first `len` early exits of a region. Reads
/// as a slice of [`Condition`]s.
#[derive(Clone, Debug)]
pub struct Conditions {
    all: Arc<[Condition]>,
    len: usize,
}

impl Conditions {
    /// The first `len` conditions of `all` (at most all of them).
    pub fn prefix(all: Arc<[Condition]>, len: usize) -> Self {
        let len = len.min(all.len());
        Conditions { all, len }
    }
}

impl Default for Conditions {
    fn default() -> Self {
        Conditions {
            all: Arc::from(Vec::new()),
            len: 0,
        }
    }
}

impl From<Vec<Condition>> for Conditions {
    fn from(v: Vec<Condition>) -> Self {
        let len = v.len();
        Conditions {
            all: Arc::from(v),
            len,
        }
    }
}

impl std::ops::Deref for Conditions {
    type Target = [Condition];
    fn deref(&self) -> &[Condition] {
        &self.all[..self.len]
    }
}

impl PartialEq for Conditions {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Condition {
    fn text(&self) -> String {
        if self.negated {
            negate_text(&self.expr)
        } else {
            self.expr.text()
        }
    }
}

/// `!x` for identifiers, calls, selectors and parenthesised expressions; `!(x)` otherwise;
/// comparison operators are flipped (`a == b` → `a != b`).
pub fn negate_text(e: &Expr) -> String {
    match e {
        Expr::Binary { op, left, right } => {
            let flipped = match op.as_str() {
                "==" => Some("!="),
                "!=" => Some("=="),
                "<" => Some(">="),
                "<=" => Some(">"),
                ">" => Some("<="),
                ">=" => Some("<"),
                _ => None,
            };
            match flipped {
                Some(f) => format!("{left} {f} {right}"),
                None => format!("!({e})"),
            }
        }
        Expr::Unary { op, x } if op == "!" => x.text(),
        Expr::Ident { .. }
        | Expr::Call { .. }
        | Expr::Selector { .. }
        | Expr::Paren { .. }
        | Expr::Index { .. } => format!("!{e}"),
        _ => format!("!({e})"),
    }
}

/// Kinds of statements that end a cover block, so the next statement starts a continuation.
fn ends_block(kind: &str) -> bool {
    matches!(
        kind,
        "if" | "for"
            | "expression_switch"
            | "type_switch"
            | "select"
            | "labeled"
            | "block"
            | "go"
            | "defer"
            | "goto"
            | "break"
            | "continue"
            | "fallthrough"
    )
}

/// The guards of one function's blocks, indexed once (see the module docs).
pub struct Guards<'f> {
    f: &'f Function,
    /// Region indices sorted by start, then end descending, then index: a region comes after
    /// every region that encloses it.
    order: Vec<usize>,
    /// For each entry of `order`, the position in `order` of the nearest region enclosing it.
    up: Vec<Option<usize>>,
    /// Per region (same index as `Function::regions`).
    regions: Vec<RegionFacts>,
}

/// What a region's statements say about the continuations inside it.
#[derive(Default)]
struct RegionFacts {
    /// `last_marker[p]`: the last of the region's first `p` statements that ends a cover block
    /// (a control statement, or one holding a func literal).
    last_marker: Vec<Option<usize>>,
    /// Early exits (`if c { ...; return }` without else), in statement order: the statement
    /// index, the line of the `if`, and the negated condition.
    exit_stmt: Vec<usize>,
    exit_line: Vec<u32>,
    exits: Arc<[Condition]>,
}

impl<'f> Guards<'f> {
    /// Indexes `f`: O(regions × log + statements + func literals × depth).
    pub fn new(f: &'f Function) -> Self {
        let regions = &f.regions;
        let mut order: Vec<usize> = (0..regions.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&regions[a].range, &regions[b].range);
            ra.start
                .cmp(&rb.start)
                .then(rb.end.cmp(&ra.end))
                .then(a.cmp(&b))
        });
        let mut up = vec![None; order.len()];
        let mut stack: Vec<usize> = Vec::new();
        for (k, &ri) in order.iter().enumerate() {
            while let Some(&top) = stack.last() {
                if regions[order[top]].range.encloses(&regions[ri].range) {
                    break;
                }
                stack.pop();
            }
            up[k] = stack.last().copied();
            stack.push(k);
        }
        let mut lits: Vec<CoverRange> = regions
            .iter()
            .filter(|r| matches!(r.guard, Guard::FuncLit))
            .map(|r| r.range)
            .collect();
        lits.sort();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); regions.len()];
        for (i, r) in regions.iter().enumerate() {
            if let Some(p) = r.parent.filter(|&p| p < regions.len()) {
                children[p].push(i);
            }
        }
        let facts = (0..regions.len())
            .map(|ri| region_facts(f, ri, &children[ri], &lits))
            .collect();
        Guards {
            f,
            order,
            up,
            regions: facts,
        }
    }

    /// Index of the innermost region containing `pos`, if any (of regions with the same range,
    /// the last one).
    pub fn innermost(&self, pos: CoverPos) -> Option<usize> {
        let regions = &self.f.regions;
        let k = self
            .order
            .partition_point(|&i| regions[i].range.start <= pos);
        let mut cur = k.checked_sub(1);
        while let Some(c) = cur {
            if regions[self.order[c]].range.contains(pos) {
                return Some(self.order[c]);
            }
            cur = self.up[c];
        }
        None
    }

    /// The guard of the block `range` (only its start matters).
    pub fn guard_of(&self, range: &CoverRange) -> BlockGuard {
        let Some(ri) = self.innermost(range.start) else {
            return BlockGuard {
                kind: GuardKind::Unknown,
                text: "no enclosing block found".into(),
                line: range.start.line,
                region: None,
                condition: None,
                also: Conditions::default(),
            };
        };
        let region = &self.f.regions[ri];
        // Statements of the region that end before the block starts (they are in order).
        let before = region
            .statements
            .partition_point(|s| s.range.end <= range.start);
        match self.regions[ri].last_marker[before] {
            // A block that starts after a control statement of its region: continuation,
            // narrowed by the early exits among the statements before it.
            Some(m) => self.continuation(ri, before, m),
            None => region_guard(ri, region),
        }
    }

    fn continuation(&self, ri: usize, before: usize, prev: usize) -> BlockGuard {
        let facts = &self.regions[ri];
        let k = facts.exit_stmt.partition_point(|&s| s < before);
        if k > 0 {
            let condition = facts.exits[k - 1].clone();
            let line = facts.exit_line[k - 1];
            return BlockGuard {
                kind: GuardKind::Continuation,
                text: format!("{} (after early exit at line {line})", condition.text()),
                line,
                region: Some(ri),
                condition: Some(condition),
                also: Conditions::prefix(facts.exits.clone(), k - 1),
            };
        }
        let prev = &self.f.regions[ri].statements[prev];
        BlockGuard {
            kind: GuardKind::Continuation,
            text: format!(
                "after {} at line {}",
                prev.kind.replace('_', " "),
                prev.range.start.line
            ),
            line: prev.range.start.line,
            region: Some(ri),
            condition: None,
            also: Conditions::default(),
        }
    }
}

/// Continuation facts of region `ri`; `children` are its child regions in index order, `lits`
/// the function's func literal ranges, sorted.
fn region_facts(f: &Function, ri: usize, children: &[usize], lits: &[CoverRange]) -> RegionFacts {
    let stmts = &f.regions[ri].statements;
    let mut last_marker = Vec::with_capacity(stmts.len() + 1);
    last_marker.push(None);
    for (i, s) in stmts.iter().enumerate() {
        let marks = ends_block(&s.kind) || holds_literal(&s.range, lits);
        let prev = *last_marker.last().expect("starts with one entry");
        last_marker.push(if marks { Some(i) } else { prev });
    }
    // Which statement holds each child region; an `if` holding an `else` has no early exit.
    let mut has_else = vec![false; stmts.len()];
    let mut exits_of: Vec<Vec<&Expr>> = vec![Vec::new(); stmts.len()];
    for &c in children {
        let child = &f.regions[c];
        let Some(h) = stmts
            .partition_point(|s| s.range.start <= child.range.start)
            .checked_sub(1)
            .filter(|&h| stmts[h].range.encloses(&child.range))
        else {
            continue;
        };
        match &child.guard {
            Guard::Else { .. } => has_else[h] = true,
            Guard::IfThen { cond } if child.statements.last().is_some_and(|st| st.terminates) => {
                exits_of[h].push(cond)
            }
            _ => {}
        }
    }
    let mut facts = RegionFacts {
        last_marker,
        ..RegionFacts::default()
    };
    let mut exits = Vec::new();
    for (h, conds) in exits_of.into_iter().enumerate() {
        if stmts[h].kind != "if" || has_else[h] {
            continue;
        }
        for cond in conds {
            facts.exit_stmt.push(h);
            facts.exit_line.push(stmts[h].range.start.line);
            exits.push(Condition {
                expr: cond.clone(),
                negated: true,
            });
        }
    }
    facts.exits = Arc::from(exits);
    facts
}

/// True when a func literal lies inside `r` (`lits` sorted).
fn holds_literal(r: &CoverRange, lits: &[CoverRange]) -> bool {
    let from = lits.partition_point(|l| l.start < r.start);
    lits[from..]
        .iter()
        .take_while(|l| l.start <= r.end)
        .any(|l| r.encloses(l))
}

fn region_guard(ri: usize, region: &Region) -> BlockGuard {
    let line = region.range.start.line;
    let (kind, text, condition) = match &region.guard {
        Guard::FunctionEntry => (GuardKind::FunctionEntry, "function entry".to_string(), None),
        Guard::IfThen { cond } => (
            GuardKind::If,
            cond.text(),
            Some(Condition {
                expr: cond.clone(),
                negated: false,
            }),
        ),
        Guard::Else { cond } => {
            let c = Condition {
                expr: cond.clone(),
                negated: true,
            };
            (GuardKind::Else, c.text(), Some(c))
        }
        Guard::Case {
            tag,
            values,
            default,
            others,
        } => {
            if *default {
                let text = match (tag, others.is_empty()) {
                    (_, true) => "default".to_string(),
                    (Some(t), false) => format!("{t} not in {{{}}}", join(others)),
                    (None, false) => format!("none of {{{}}}", join(others)),
                };
                (GuardKind::Default, text, None)
            } else {
                let text = match tag {
                    Some(t) => values
                        .iter()
                        .map(|v| format!("{t} == {v}"))
                        .collect::<Vec<_>>()
                        .join(" || "),
                    None => values
                        .iter()
                        .map(|v| v.text())
                        .collect::<Vec<_>>()
                        .join(" || "),
                };
                (GuardKind::Case, text, None)
            }
        }
        Guard::TypeCase {
            subject,
            types,
            default,
        } => {
            let text = if *default {
                format!("{subject}: default type")
            } else {
                format!("{subject} is {}", types.join(" | "))
            };
            (GuardKind::TypeCase, text, None)
        }
        Guard::SelectCase { comm, default } => (
            GuardKind::SelectCase,
            if *default {
                "select default".to_string()
            } else {
                comm.clone()
            },
            None,
        ),
        Guard::LoopBody { header, cond, .. } => (
            GuardKind::LoopBody,
            if header.is_empty() {
                "for { ... }".to_string()
            } else {
                header.clone()
            },
            cond.as_ref().map(|c| Condition {
                expr: c.clone(),
                negated: false,
            }),
        ),
        Guard::FuncLit => (
            GuardKind::FuncLiteral,
            "func literal body".to_string(),
            None,
        ),
        Guard::Block => (GuardKind::Block, "block statement".to_string(), None),
    };
    BlockGuard {
        kind,
        text,
        line,
        region: Some(ri),
        condition,
        also: Conditions::default(),
    }
}

fn join(xs: &[Expr]) -> String {
    xs.iter().map(|x| x.text()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guard rules as first written: a linear scan per block (cubic for one huge
    /// function). Kept as the reference the indexed [`Guards`] must agree with.
    mod oracle {
        use super::super::{BlockGuard, Condition, Conditions, GuardKind};
        use crate::index::{Expr, Function, Guard, Region};
        use crate::span::{CoverPos, CoverRange};

        /// Index of the innermost region of `f` containing `pos`, if any.
        pub(super) fn innermost_region(f: &Function, pos: CoverPos) -> Option<usize> {
            let mut best: Option<usize> = None;
            for (i, r) in f.regions.iter().enumerate() {
                if !r.range.contains(pos) {
                    continue;
                }
                best = match best {
                    Some(b) if f.regions[b].range.encloses(&r.range) => Some(i),
                    None => Some(i),
                    keep => keep,
                };
            }
            best
        }

        /// Finds the guard of the block `range` inside function `f`.
        pub(super) fn guard_of(f: &Function, range: &CoverRange) -> BlockGuard {
            let Some(ri) = innermost_region(f, range.start) else {
                return BlockGuard {
                    kind: GuardKind::Unknown,
                    text: "no enclosing block found".into(),
                    line: range.start.line,
                    region: None,
                    condition: None,
                    also: Conditions::default(),
                };
            };
            let region = &f.regions[ri];
            // Statements of the region that end before the block starts.
            let before: Vec<_> = region
                .statements
                .iter()
                .filter(|s| s.range.end <= range.start)
                .collect();
            let prev = before
                .iter()
                .rev()
                .find(|s| super::super::ends_block(&s.kind) || contains_func_lit(f, &s.range));
            match prev {
                // A block that starts after a control statement of its region: continuation. Find
                // early exits among the control statements before it: every `if` whose consequence
                // terminates and that has no else adds the negated condition.
                Some(stmt) => continuation(f, ri, region, range, stmt.range, stmt.kind.as_str()),
                None => super::super::region_guard(ri, region),
            }
        }

        fn contains_func_lit(f: &Function, r: &CoverRange) -> bool {
            f.regions
                .iter()
                .any(|reg| matches!(reg.guard, Guard::FuncLit) && r.encloses(&reg.range))
        }

        fn continuation(
            f: &Function,
            ri: usize,
            region: &Region,
            block: &CoverRange,
            prev: CoverRange,
            prev_kind: &str,
        ) -> BlockGuard {
            // Early exits: `if cond { ...; return }` statements before the block in this region.
            let mut exits: Vec<(&Expr, u32)> = Vec::new();
            for s in region
                .statements
                .iter()
                .filter(|s| s.range.end <= block.start)
            {
                if s.kind != "if" {
                    continue;
                }
                for child in f.regions.iter().filter(|c| c.parent == Some(ri)) {
                    if let Guard::IfThen { cond } = &child.guard {
                        if s.range.encloses(&child.range)
                            && child.statements.last().is_some_and(|st| st.terminates)
                            && !has_else_in(f, ri, &s.range)
                        {
                            exits.push((cond, s.range.start.line));
                        }
                    }
                }
            }
            if let Some((cond, line)) = exits.last() {
                let condition = Condition {
                    expr: (*cond).clone(),
                    negated: true,
                };
                let also = exits[..exits.len() - 1]
                    .iter()
                    .map(|(c, _)| Condition {
                        expr: (*c).clone(),
                        negated: true,
                    })
                    .collect::<Vec<_>>();
                return BlockGuard {
                    kind: GuardKind::Continuation,
                    text: format!("{} (after early exit at line {line})", condition.text()),
                    line: *line,
                    region: Some(ri),
                    condition: Some(condition),
                    also: Conditions::from(also),
                };
            }
            BlockGuard {
                kind: GuardKind::Continuation,
                text: format!(
                    "after {} at line {}",
                    prev_kind.replace('_', " "),
                    prev.start.line
                ),
                line: prev.start.line,
                region: Some(ri),
                condition: None,
                also: Conditions::default(),
            }
        }

        fn has_else_in(f: &Function, parent: usize, stmt: &CoverRange) -> bool {
            f.regions.iter().any(|c| {
                c.parent == Some(parent)
                    && matches!(c.guard, Guard::Else { .. })
                    && stmt.encloses(&c.range)
            })
        }
    }

    fn bin(l: &str, op: &str, r: &str) -> Expr {
        Expr::Binary {
            op: op.into(),
            left: Box::new(Expr::ident(l)),
            right: Box::new(Expr::Int { text: r.into() }),
        }
    }

    #[test]
    fn guard_kinds_serialize_to_their_documented_names() {
        let names: Vec<String> = GuardKind::ALL
            .iter()
            .map(|k| serde_json::to_string(k).expect("plain enum"))
            .collect();
        assert_eq!(
            names.join(","),
            r#""function_entry","if","else","case","default","type_case","select_case","loop_body","continuation","func_literal","block","unknown""#
        );
        for k in GuardKind::ALL {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{k}\""));
        }
    }

    #[test]
    fn negation_flips_comparisons_and_wraps_the_rest() {
        assert_eq!(negate_text(&bin("n", ">", "9000")), "n <= 9000");
        assert_eq!(negate_text(&bin("n", "==", "0")), "n != 0");
        let and = Expr::Binary {
            op: "&&".into(),
            left: Box::new(bin("a", "<", "1")),
            right: Box::new(bin("b", "<", "2")),
        };
        assert_eq!(negate_text(&and), "!(a < 1 && b < 2)");
        assert_eq!(negate_text(&Expr::ident("ok")), "!ok");
        let not_ok = Expr::Unary {
            op: "!".into(),
            x: Box::new(Expr::ident("ok")),
        };
        assert_eq!(negate_text(&not_ok), "ok");
    }

    /// Every position of every line of `src` (columns 1 to one past the end): the indexed
    /// guards equal the reference's, for every function. Returns how many were compared.
    fn agree_everywhere(src: &str) -> usize {
        let file = crate::index::parse_source(src);
        let lines: Vec<&str> = src.split('\n').collect();
        let mut compared = 0;
        for f in &file.functions {
            let guards = Guards::new(f);
            for line in f.range.start.line..=f.range.end.line {
                let len = lines.get(line as usize - 1).map_or(0, |l| l.len()) as u32;
                for col in 1..=len + 1 {
                    let at = CoverPos::new(line, col);
                    let r = CoverRange::new(at, at);
                    assert_eq!(
                        guards.innermost(at),
                        oracle::innermost_region(f, at),
                        "innermost region at {at} in {}",
                        f.name
                    );
                    assert_eq!(
                        guards.guard_of(&r),
                        oracle::guard_of(f, &r),
                        "guard at {at} in {}",
                        f.name
                    );
                    compared += 1;
                }
            }
        }
        compared
    }

    /// A function nesting every construct that has a guard, `units` times over.
    fn nested_function(units: usize) -> String {
        let mut src = String::from(
            "package p\n\nfunc Nested(x int, s string, ch chan int, v any) (r int) {\n\tr = 1\n",
        );
        for i in 0..units {
            src.push_str(&format!(
                r#"	if x == {i} {{
		return -{i}
	}}
	if s == "a{i}" {{
		r++
	}} else if s == "b{i}" {{
		r--
	}} else {{
		switch {{
		case x > {i}:
			if x%2 == 0 {{
				panic("even")
			}}
			r += 2
		default:
			r *= 2
		}}
	}}
	switch s {{
	case "c{i}", "d{i}":
		for k := 0; k < x; k++ {{
			if k == {i} {{
				break
			}}
			r += k
		}}
	case "e{i}":
		f := func(y int) int {{
			if y > {i} {{
				return y
			}}
			return 0
		}}
		r += f(x)
	default:
		switch t := v.(type) {{
		case int:
			r += t
		case string, []byte:
			r--
		}}
	}}
	select {{
	case n := <-ch:
		r += n
	default:
	}}
	{{
		r++
	}}
	go func() {{}}()
	r += {i}
"#
            ));
        }
        src.push_str("\treturn r\n}\n");
        src
    }

    #[test]
    fn indexed_guards_equal_the_reference_on_a_nested_function() {
        let compared = agree_everywhere(&nested_function(6));
        assert!(compared > 3_000, "only {compared} positions compared");
    }

    #[test]
    fn indexed_guards_equal_the_reference_on_the_bundled_modules() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).expect("corpus is readable") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "go") {
                    files.push(p);
                }
            }
        }
        assert!(files.len() >= 10, "corpus has {} Go files", files.len());
        for p in files {
            let src = std::fs::read_to_string(&p).expect("Go source is UTF-8");
            agree_everywhere(&src);
        }
    }

    #[test]
    fn guards_of_a_nested_function_name_their_construct() {
        let src = nested_function(1);
        let file = crate::index::parse_source(&src);
        let f = &file.functions[0];
        let g = Guards::new(f);
        let lines: Vec<&str> = src.lines().collect();
        // The block starting at the first statement of `line` (1-based, after its tabs).
        let at = |line: usize| {
            let col = lines[line - 1].len() - lines[line - 1].trim_start().len() + 1;
            g.guard_of(&CoverRange::new(
                CoverPos::new(line as u32, col as u32),
                CoverPos::new(line as u32, col as u32),
            ))
        };
        // (line of the block's first statement, kind, text, line of the guard)
        let expected: &[(usize, &str, &str, u32)] = &[
            (4, "function_entry", "function entry", 3), // r = 1
            (6, "if", "x == 0", 5),                     // return -0
            (8, "continuation", "x != 0 (after early exit at line 5)", 5), // if s == "a0" {
            (9, "if", "s == \"a0\"", 8),                // r++
            (11, "if", "s == \"b0\"", 10),              // r--
            (13, "else", "s != \"b0\"", 12),            // switch {
            (15, "case", "x > 0", 14),                  // if x%2 == 0 {
            (16, "if", "x % 2 == 0", 15),               // panic("even")
            (
                18,
                "continuation",
                "x % 2 != 0 (after early exit at line 15)",
                15,
            ), // r += 2
            (20, "default", "none of {x > 0}", 19),     // r *= 2
            (25, "case", "s == \"c0\" || s == \"d0\"", 24), // for k := 0; k < x; k++ {
            (26, "loop_body", "k := 0; k < x; k++", 25), // if k == 0 {
            (
                29,
                "continuation",
                "k != 0 (after early exit at line 26)",
                26,
            ), // r += k
            (33, "func_literal", "func literal body", 32), // if y > 0 {
            (
                36,
                "continuation",
                "y <= 0 (after early exit at line 33)",
                33,
            ), // return 0
            (
                38,
                "continuation",
                "after short var declaration at line 32",
                32,
            ), // r += f(x)
            (40, "default", "s not in {\"c0\", \"d0\", \"e0\"}", 39), // switch t := v.(type) {
            (42, "type_case", "v is int", 41),          // r += t
            (44, "type_case", "v is string | []byte", 43), // r--
            (49, "select_case", "n := <-ch", 48),       // r += n
            (53, "block", "block statement", 52),       // r++
            (56, "continuation", "x != 0 (after early exit at line 5)", 5), // r += 0
        ];
        for &(line, kind, text, guard_line) in expected {
            let b = at(line);
            assert_eq!(
                (b.kind.as_str(), b.text.as_str(), b.line),
                (kind, text, guard_line),
                "block at line {line}: {}",
                lines[line - 1]
            );
        }
        // Inside the `case x > 0` clause, after the early exit: only that exit, not the outer
        // `x == 0` one (it belongs to another region).
        assert!(at(18).also.is_empty());
        assert_eq!(at(56).also.len(), 0);
    }

    #[test]
    fn continuations_after_many_early_exits_share_their_conditions() {
        let mut src = String::from("package p\n\nfunc Exits(x int) int {\n");
        let n = 3_000;
        for i in 0..n {
            src.push_str(&format!("\tif x == {i} {{\n\t\treturn {i}\n\t}}\n\tx++\n"));
        }
        src.push_str("\treturn x\n}\n");
        let file = crate::index::parse_source(&src);
        let f = &file.functions[0];
        let g = Guards::new(f);
        // The `x++` after exit i is on line 4 + 4i + 3.
        for i in [0usize, 1, 1_500, n - 1] {
            let line = (4 + 4 * i + 3) as u32;
            let b = g.guard_of(&CoverRange::new(
                CoverPos::new(line, 2),
                CoverPos::new(line, 5),
            ));
            assert_eq!(b.kind, GuardKind::Continuation);
            assert_eq!(
                b.text,
                format!("x != {i} (after early exit at line {})", line - 3)
            );
            assert_eq!(b.also.len(), i);
            assert!(b
                .also
                .iter()
                .enumerate()
                .all(|(k, c)| c.negated && c.expr.text() == format!("x == {k}")));
        }
        // The shared prefix is one list: the last block's conditions start where the first
        // block's do.
        let first = g.guard_of(&CoverRange::new(CoverPos::new(11, 2), CoverPos::new(11, 2)));
        let last_line = (4 + 4 * (n - 1) + 3) as u32;
        let last = g.guard_of(&CoverRange::new(
            CoverPos::new(last_line, 2),
            CoverPos::new(last_line, 2),
        ));
        assert!(std::ptr::eq(first.also.as_ptr(), last.also.as_ptr()));
    }
}
