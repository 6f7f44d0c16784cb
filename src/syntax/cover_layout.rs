//! Checks the regions against the block layout of a real `go test -covermode=count` run
//! (Go 1.26.8, legacy layout): every block start must fall in the region cover's rules put it
//! in (go-formats.md §2). Source and block starts are copied verbatim from the run.

use crate::model::{GoFile, Guard};
use crate::span::CoverPos;
use crate::syntax::parse_source;

/// `/tmp/covmod/flow.go`, a scratch module (not committed).
const FLOW_GO: &str = r#"package covmod

import (
	"errors"
	"fmt"
)

var hook = func(x int) int {
	if x > 0 {
		return x
	}
	return -x
}

type Shape interface{ Area() float64 }

type Sq struct{ s float64 }

func (q *Sq) Area() float64 { return q.s * q.s }

func Grade(n int) (string, error) {
	if n < 0 {
		return "", errors.New("negative")
	} else if n < 50 {
		return "F", nil
	} else if n < 80 {
		n++
	} else {
		n--
	}
	switch {
	case n > 90:
		return "A", nil
	case n > 85:
		fallthrough
	case n > 80:
		if n%2 == 0 {
			return "B+", nil
		}
		return "B", nil
	default:
	}
	return "C", nil
}

func Kind(v any) string {
	switch x := v.(type) {
	case int, int64:
		if x == nil {
			return "nil"
		}
		return "int"
	case string:
		return "string"
	case nil:
	default:
		_ = x
	}
	return "other"
}

func Pump(a, b chan int, done chan struct{}) int {
	total := 0
	for {
		select {
		case v, ok := <-a:
			if !ok {
				return total
			}
			total += v
		case b <- total:
			total--
		case <-done:
			return total
		default:
		}
		if total > 100 {
			break
		}
	}
	return total
}

func Loops(xs []int) (sum int) {
	defer func() {
		if r := recover(); r != nil {
			sum = -1
		}
	}()
outer:
	for i := 0; i < len(xs); i++ {
		for j := range xs {
			if j == i {
				continue outer
			}
			if xs[j] < 0 {
				break outer
			}
			sum += xs[j]
		}
	}
	for sum > 1000 {
		sum /= 2
	}
	for range 3 {
		sum++
	}
	{
		sum *= 2
	}
	f := func(y int) int { return y * 2 }
	sum = f(sum)
	if sum == 7 {
		goto done
	}
	sum++
done:
	sum--
	if sum == 3 {
	}
	return sum
}

func Closures(n int) func() int {
	g := func() int {
		switch n {
		case 1:
			return 10
		}
		return 0
	}
	fmt.Println(g())
	return func() int {
		if n > 0 {
			return n
		}
		return g()
	}
}

func Inline(n int) int { if n > 0 { return 1 } else { return 2 } }
"#;

/// Block starts of `flow.go` in the profile (`go test -covermode=count -coverprofile=c.out`),
/// in profile order, with the region each must fall in: `Function/GuardKind@line.col` of the
/// innermost region (`pkglit@line` for a package-level func literal).
const BLOCKS: &[(u32, u32, &str)] = &[
    (8, 28, "pkglit@8"),
    (9, 11, "pkglit@8"),
    (12, 2, "pkglit@8"),
    (19, 29, "Area/Entry@19.29"),
    (21, 35, "Grade/Entry@21.35"),
    (22, 11, "Grade/IfThen@22.11"),
    (24, 8, "Grade/Else@24.8"),
    (24, 19, "Grade/IfThen@24.19"),
    (26, 8, "Grade/Else@26.8"),
    (26, 19, "Grade/IfThen@26.19"),
    (28, 8, "Grade/Else@28.8"),
    (31, 2, "Grade/Entry@21.35"),
    (32, 14, "Grade/Case@32.14"),
    (34, 14, "Grade/Case@34.14"),
    (36, 14, "Grade/Case@36.14"),
    (37, 15, "Grade/IfThen@37.15"),
    (40, 3, "Grade/Case@36.14"),
    (41, 10, "Grade/Case@41.10"),
    (43, 2, "Grade/Entry@21.35"),
    (46, 25, "Kind/Entry@46.25"),
    (48, 18, "Kind/TypeCase@48.18"),
    (49, 15, "Kind/IfThen@49.15"),
    (52, 3, "Kind/TypeCase@48.18"),
    (53, 14, "Kind/TypeCase@53.14"),
    (55, 11, "Kind/TypeCase@55.11"),
    (56, 10, "Kind/TypeCase@56.10"),
    (59, 2, "Kind/Entry@46.25"),
    (62, 50, "Pump/Entry@62.50"),
    (64, 6, "Pump/LoopBody@64.6"),
    (66, 21, "Pump/SelectCase@66.21"),
    (67, 11, "Pump/IfThen@67.11"),
    (70, 4, "Pump/SelectCase@66.21"),
    (71, 19, "Pump/SelectCase@71.19"),
    (73, 15, "Pump/SelectCase@73.15"),
    (75, 11, "Pump/SelectCase@75.11"),
    (77, 3, "Pump/LoopBody@64.6"),
    (77, 18, "Pump/IfThen@77.18"),
    (81, 2, "Pump/Entry@62.50"),
    (84, 32, "Loops/Entry@84.32"),
    (85, 15, "Loops/FuncLit@85.15"),
    (86, 31, "Loops/IfThen@86.31"),
    (90, 1, "Loops/Entry@84.32"),
    (91, 31, "Loops/LoopBody@91.31"),
    (92, 21, "Loops/LoopBody@92.21"),
    (93, 14, "Loops/IfThen@93.14"),
    (96, 4, "Loops/LoopBody@92.21"),
    (96, 17, "Loops/IfThen@96.17"),
    (99, 4, "Loops/LoopBody@92.21"),
    (102, 2, "Loops/Entry@84.32"),
    (102, 17, "Loops/LoopBody@102.17"),
    (105, 2, "Loops/Entry@84.32"),
    (105, 14, "Loops/LoopBody@105.14"),
    (108, 2, "Loops/Block@108.2"),
    (111, 2, "Loops/Entry@84.32"),
    (111, 23, "Loops/FuncLit@111.23"),
    (112, 2, "Loops/Entry@84.32"),
    (113, 14, "Loops/IfThen@113.14"),
    (116, 2, "Loops/Entry@84.32"),
    (118, 2, "Loops/Entry@84.32"),
    (119, 15, "Loops/IfThen@119.14"),
    (121, 2, "Loops/Entry@84.32"),
    (124, 33, "Closures/Entry@124.33"),
    (125, 18, "Closures/FuncLit@125.18"),
    (127, 10, "Closures/Case@127.10"),
    (130, 3, "Closures/FuncLit@125.18"),
    (132, 2, "Closures/Entry@124.33"),
    (133, 20, "Closures/FuncLit@133.20"),
    (134, 12, "Closures/IfThen@134.12"),
    (137, 3, "Closures/FuncLit@133.20"),
    (141, 24, "Inline/Entry@141.24"),
    (141, 35, "Inline/IfThen@141.35"),
    (141, 52, "Inline/Else@141.52"),
];

fn guard_kind(g: &Guard) -> &'static str {
    match g {
        Guard::FunctionEntry => "Entry",
        Guard::IfThen { .. } => "IfThen",
        Guard::Else { .. } => "Else",
        Guard::Case { .. } => "Case",
        Guard::TypeCase { .. } => "TypeCase",
        Guard::SelectCase { .. } => "SelectCase",
        Guard::LoopBody { .. } => "LoopBody",
        Guard::FuncLit => "FuncLit",
        Guard::Block => "Block",
    }
}

/// The innermost region containing `pos` (the last one in pre-order), as a label.
pub(crate) fn owner(file: &GoFile, pos: CoverPos) -> Option<String> {
    for f in &file.functions {
        if let Some(r) = f.regions.iter().rev().find(|r| r.range.contains(pos)) {
            return Some(format!(
                "{}/{}@{}",
                f.name,
                guard_kind(&r.guard),
                r.range.start
            ));
        }
    }
    file.package_literals
        .iter()
        .find(|r| r.contains(pos))
        .map(|r| format!("pkglit@{}", r.start.line))
}

#[test]
fn every_block_of_a_real_profile_lies_in_the_expected_region() {
    let file = parse_source(FLOW_GO);
    assert!(file.syntax_errors.is_empty());
    let mut wrong = Vec::new();
    for &(line, col, want) in BLOCKS {
        let got = owner(&file, CoverPos::new(line, col)).unwrap_or_else(|| "none".into());
        if got != want {
            wrong.push(format!("    ({line}, {col}, \"{got}\"), // want {want}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "blocks in unexpected regions:\n{}",
        wrong.join("\n")
    );
}
