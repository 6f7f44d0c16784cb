//! Go source in, model out: top-level declarations, regions, calls, assignments, errors.

use super::*;
use crate::model::{Expr, GoType, Guard};
use crate::syntax::parse_source;

fn pos(line: u32, col: u32) -> CoverPos {
    CoverPos::new(line, col)
}

fn rng(l1: u32, c1: u32, l2: u32, c2: u32) -> CoverRange {
    CoverRange::new(pos(l1, c1), pos(l2, c2))
}

fn named(name: &str) -> GoType {
    GoType::Named {
        pkg: None,
        name: name.into(),
        args: vec![],
    }
}

#[test]
fn cover_pos_is_one_based_bytes() {
    assert_eq!(cover_pos(Point { row: 0, column: 0 }), pos(1, 1));
    assert_eq!(cover_pos(Point { row: 9, column: 4 }), pos(10, 5));
}

#[test]
fn every_query_compiles() {
    for (name, src) in QUERY_SOURCES {
        if let Err(e) = compile(name, src) {
            panic!("{e}");
        }
    }
    // and the shared set builds
    let _ = queries();
}

#[test]
fn package_and_imports() {
    let f = parse_source(
        "package order_test\n\nimport \"fmt\"\n\nimport (\n\tstr \"strings\"\n\t_ \"embed\"\n\t. \"math\"\n\t\"net/http\"\n)\n",
    );
    assert_eq!(f.package, "order_test");
    let got: Vec<(Option<&str>, &str, &str)> = f
        .imports
        .iter()
        .map(|i| (i.name.as_deref(), i.path.as_str(), i.local_name()))
        .collect();
    assert_eq!(
        got,
        vec![
            (None, "fmt", "fmt"),
            (Some("str"), "strings", "str"),
            (Some("_"), "embed", "_"),
            (Some("."), "math", "."),
            (None, "net/http", "http"),
        ]
    );
}

#[test]
fn function_range_runs_from_func_to_closing_brace() {
    let src =
        "package p\n\n// Doc.\nfunc Add(a, b int) int {\n\treturn a + b\n}\n\nfunc asm(x int)\n";
    let f = parse_source(src);
    let add = &f.functions[0];
    assert_eq!(add.name, "Add");
    assert_eq!(add.range, rng(4, 1, 6, 2));
    assert_eq!(add.body, Some(rng(4, 24, 6, 2)));
    assert_eq!(add.returns, vec![rng(5, 2, 5, 14)]);
    assert!(!add.has_syntax_error);
    let asm = &f.functions[1];
    assert_eq!(asm.body, None);
    assert!(asm.regions.is_empty());
    assert_eq!(f.line_lengths, vec![9, 0, 7, 24, 13, 1, 0, 15, 0]);
}

#[test]
fn type_declarations() {
    let f = parse_source(
        "package p\n\
         type Cart struct{ Items []Item }\n\
         type OrderID string\n\
         type A = B\n\
         type Stack[T any] struct{ xs []T }\n\
         type (\n\tLevel int\n\tNames = []string\n)\n",
    );
    let t: Vec<(&str, bool, String, u32)> = f
        .types
        .iter()
        .map(|t| (t.name.as_str(), t.alias, t.ty.to_string(), t.line))
        .collect();
    assert_eq!(
        t,
        vec![
            ("Cart", false, "struct{ Items []Item }".to_string(), 2),
            ("OrderID", false, "string".to_string(), 3),
            ("A", true, "B".to_string(), 4),
            ("Stack", false, "struct{ xs []T }".to_string(), 5),
            ("Level", false, "int".to_string(), 7),
            ("Names", true, "[]string".to_string(), 8),
        ]
    );
    assert_eq!(f.types[3].type_params[0].name, "T");
    assert_eq!(f.types[3].type_params[0].constraint, "any");
}

#[test]
fn constants_with_iota_repetition_and_grouped_names() {
    let f = parse_source(
        "package p\n\
         const X = 1\n\
         const Max Level = 9\n\
         const A, B = 1, 2\n\
         const (\n\tLow Level = iota\n\tMid\n\tHigh\n\tskip, other = 10, 20\n\tthird, fourth\n)\n",
    );
    /// name, type, effective value, iota, line
    type Row<'a> = (&'a str, Option<String>, Option<String>, u32, u32);
    let c: Vec<Row> = f
        .consts
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.ty.as_ref().map(|t| t.to_string()),
                c.value.as_ref().map(|v| v.text()),
                c.iota,
                c.line,
            )
        })
        .collect();
    let lvl = || Some("Level".to_string());
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        c,
        vec![
            ("X", None, s("1"), 0, 2),
            ("Max", lvl(), s("9"), 0, 3),
            ("A", None, s("1"), 0, 4),
            ("B", None, s("2"), 0, 4),
            ("Low", lvl(), s("iota"), 0, 6),
            ("Mid", lvl(), s("iota"), 1, 7),
            ("High", lvl(), s("iota"), 2, 8),
            ("skip", None, s("10"), 3, 9),
            ("other", None, s("20"), 3, 9),
            ("third", None, s("10"), 4, 10),
            ("fourth", None, s("20"), 4, 10),
        ]
    );
    assert_eq!(f.consts[0].ty, None);
    assert_eq!(f.consts[1].ty, Some(named("Level")));
}

const CLASSIFY: &str = "package p

func Classify(s string, n int) (string, error) {
	if v, err := parse(s); err != nil {
		return \"\", err
	} else if v > 10 {
		n++
	} else {
		panic(\"x\")
	}
	switch n {
	case 1, 2:
		return \"small\", nil
	case 3:
	default:
		go func() { log(n) }()
	}
	for i, r := range s {
		_ = i + int(r)
	}
	return \"\", nil
}
";

#[test]
fn regions_of_if_else_if_switch_closure_and_loop() {
    let f = parse_source(CLASSIFY);
    let func = &f.functions[0];
    let shape: Vec<(String, Option<usize>, CoverRange)> = func
        .regions
        .iter()
        .map(|r| {
            let g = serde_json::to_value(&r.guard).unwrap();
            (g["kind"].as_str().unwrap().to_string(), r.parent, r.range)
        })
        .collect();
    let k = |s: &str| s.to_string();
    assert_eq!(
        shape,
        vec![
            (k("function_entry"), None, rng(3, 48, 22, 2)),
            (k("if_then"), Some(0), rng(4, 36, 6, 3)),
            // from just after `else` to the end of the nested if statement
            (k("else"), Some(0), rng(6, 8, 10, 3)),
            (k("if_then"), Some(2), rng(6, 19, 8, 3)),
            (k("else"), Some(2), rng(8, 8, 10, 3)),
            (k("case"), Some(0), rng(12, 12, 13, 22)),
            // empty clause: empty range at the colon end
            (k("case"), Some(0), rng(14, 9, 14, 9)),
            (k("case"), Some(0), rng(15, 10, 16, 25)),
            (k("func_lit"), Some(7), rng(16, 13, 16, 23)),
            (k("loop_body"), Some(0), rng(18, 22, 20, 3)),
        ]
    );
    let r = &func.regions;
    // the initializer is not part of the condition
    assert_eq!(
        r[1].guard,
        Guard::IfThen {
            cond: Expr::Binary {
                op: "!=".into(),
                left: Box::new(Expr::ident("err")),
                right: Box::new(Expr::ident("nil")),
            }
        }
    );
    assert_eq!(
        r[2].guard,
        Guard::Else {
            cond: r[1].guard_cond()
        }
    );
    assert_eq!(
        r[4].guard,
        Guard::Else {
            cond: r[3].guard_cond()
        }
    );
    let Guard::Case {
        tag,
        values,
        default,
        others,
    } = &r[7].guard
    else {
        panic!("{:?}", r[7].guard)
    };
    assert_eq!(tag, &Some(Expr::ident("n")));
    assert!(values.is_empty() && *default);
    assert_eq!(
        others.iter().map(|e| e.text()).collect::<Vec<_>>(),
        ["1", "2", "3"]
    );
    let Guard::Case { values, others, .. } = &r[5].guard else {
        panic!()
    };
    assert_eq!(values.len(), 2);
    assert_eq!(others, &vec![Expr::Int { text: "3".into() }]);
    assert_eq!(
        r[9].guard,
        Guard::LoopBody {
            header: "i, r := range s".into(),
            cond: None,
            range_over: Some(Expr::ident("s")),
        }
    );
    // statements: kinds and termination
    let st = |i: usize| -> Vec<(String, bool)> {
        r[i].statements
            .iter()
            .map(|s| (s.kind.clone(), s.terminates))
            .collect()
    };
    let s = |k: &str, t: bool| (k.to_string(), t);
    assert_eq!(
        st(0),
        vec![
            s("if", false),
            s("expression_switch", false),
            s("for", false),
            s("return", true)
        ]
    );
    assert_eq!(st(2), vec![s("if", false)]);
    assert_eq!(st(4), vec![s("expression", true)]);
    assert_eq!(st(6), vec![]);
    assert_eq!(st(7), vec![s("go", false)]);
    assert_eq!(r[0].statements[0].range, rng(4, 2, 10, 3));
}

impl crate::model::Region {
    fn guard_cond(&self) -> Expr {
        match &self.guard {
            Guard::IfThen { cond } | Guard::Else { cond } => cond.clone(),
            g => panic!("no cond: {g:?}"),
        }
    }
}

#[test]
fn type_switch_select_loops_and_bare_blocks() {
    let f = parse_source(
        "package p
func f(v any, c chan int, n int) {
	switch x := v.(type) {
	case int, *T:
		_ = x
	default:
	}
	select {
	case y, ok := <-c:
		_, _ = y, ok
	case c <- 1:
	default:
	}
	for i := 0; i < n; i++ {
	}
	for n > 0 {
	}
	for {
	}
	{
	}
}
",
    );
    let g: Vec<&Guard> = f.functions[0].regions.iter().map(|r| &r.guard).collect();
    assert_eq!(
        g[1],
        &Guard::TypeCase {
            subject: Expr::ident("v"),
            types: vec!["int".into(), "*T".into()],
            default: false
        }
    );
    assert_eq!(
        g[2],
        &Guard::TypeCase {
            subject: Expr::ident("v"),
            types: vec![],
            default: true
        }
    );
    assert_eq!(
        g[3],
        &Guard::SelectCase {
            comm: "y, ok := <-c".into(),
            default: false
        }
    );
    assert_eq!(
        g[4],
        &Guard::SelectCase {
            comm: "c <- 1".into(),
            default: false
        }
    );
    assert_eq!(
        g[5],
        &Guard::SelectCase {
            comm: String::new(),
            default: true
        }
    );
    assert_eq!(
        g[6],
        &Guard::LoopBody {
            header: "i := 0; i < n; i++".into(),
            cond: Some(Expr::Binary {
                op: "<".into(),
                left: Box::new(Expr::ident("i")),
                right: Box::new(Expr::ident("n"))
            }),
            range_over: None
        }
    );
    assert_eq!(
        g[7],
        &Guard::LoopBody {
            header: "n > 0".into(),
            cond: Some(Expr::Binary {
                op: ">".into(),
                left: Box::new(Expr::ident("n")),
                right: Box::new(Expr::Int { text: "0".into() })
            }),
            range_over: None
        }
    );
    assert_eq!(
        g[8],
        &Guard::LoopBody {
            header: String::new(),
            cond: None,
            range_over: None
        }
    );
    assert_eq!(g[9], &Guard::Block);
    assert_eq!(g.len(), 10);
}

#[test]
fn termination_of_statements() {
    let f = parse_source(
        "package p
func f(n int) {
	if n > 0 { return } else if n < 0 { panic(n) } else { goto L }
	if n > 0 { return }
	if n > 0 { return } else { n++ }
	for { break }
	{ return }
L:
	continue
	os.Exit(1)
	fallthrough
}
",
    );
    let t: Vec<(&str, bool)> = f.functions[0].regions[0]
        .statements
        .iter()
        .map(|s| (s.kind.as_str(), s.terminates))
        .collect();
    assert_eq!(
        t,
        vec![
            ("if", true),
            ("if", false),
            ("if", false),
            ("for", false),
            ("block", true),
            ("labeled", true),
            ("expression", false),
            ("fallthrough", false),
        ]
    );
}

#[test]
fn calls_include_nested_calls_and_func_literals() {
    let f = parse_source(
        "package p
func f(xs []string) {
	fmt.Println(strings.Join(xs, \",\"), len(xs))
	defer func() { recover() }()
	p.r.Read(buf[:n]...)
}
",
    );
    let calls: Vec<(String, CoverPos)> = f.functions[0]
        .calls
        .iter()
        .map(|c| (c.func.text(), c.pos))
        .collect();
    assert_eq!(
        calls,
        vec![
            ("fmt.Println".to_string(), pos(3, 2)),
            ("strings.Join".to_string(), pos(3, 14)),
            ("len".to_string(), pos(3, 37)),
            ("func() { recover() }".to_string(), pos(4, 8)),
            ("recover".to_string(), pos(4, 17)),
            ("p.r.Read".to_string(), pos(5, 2)),
        ]
    );
    let c = &f.functions[0].calls;
    assert_eq!(
        c[1].args,
        vec![
            Expr::ident("xs"),
            Expr::Str {
                text: "\",\"".into()
            }
        ]
    );
    assert_eq!(c[5].args[0].text(), "buf[:n]");
    assert!(matches!(c[5].func, Expr::Selector { .. }));
}

#[test]
fn assignments_of_every_form() {
    let f = parse_source(
        "package p
func f(m map[string]int) {
	a, err := g()
	a = 1
	m[\"k\"] += 2
	var b, c = 3, 4
	var d int
	for k, v := range m {
		_ = k
	}
	if x := h(); x > 0 {
	}
	switch y := a; y {
	}
	a++
}
",
    );
    let got: Vec<(Vec<String>, String, Vec<String>)> = f.functions[0]
        .assigns
        .iter()
        .map(|a| {
            (
                a.lhs.iter().map(|e| e.text()).collect(),
                a.op.clone(),
                a.rhs.iter().map(|e| e.text()).collect(),
            )
        })
        .collect();
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            (v(&["a", "err"]), ":=".into(), v(&["g()"])),
            (v(&["a"]), "=".into(), v(&["1"])),
            (v(&["m[\"k\"]"]), "+=".into(), v(&["2"])),
            (v(&["b", "c"]), "var".into(), v(&["3", "4"])),
            // `var d int`: the zero value, recorded as a composite of the type.
            (v(&["d"]), "var zero".into(), v(&["int{}"])),
            (v(&["k", "v"]), "range".into(), v(&["range m"])),
            (v(&["_"]), "=".into(), v(&["k"])),
            (v(&["x"]), ":=".into(), v(&["h()"])),
            (v(&["y"]), ":=".into(), v(&["a"])),
            (v(&["a"]), "++".into(), v(&[])),
        ]
    );
    let range_rhs = &f.functions[0].assigns[5].rhs[0];
    assert_eq!(
        range_rhs,
        &Expr::Unary {
            op: "range".into(),
            x: Box::new(Expr::ident("m"))
        }
    );
    assert_eq!(f.functions[0].assigns[0].range, rng(3, 2, 3, 15));
}

#[test]
fn package_level_func_literals() {
    let f = parse_source(
        "package p
var hook = func() { inner := func() {}; inner() }
var table = map[string]func(){
	\"a\": func() {},
}
func f() { g := func() {}; g() }
",
    );
    assert_eq!(
        f.package_literals,
        vec![rng(2, 19, 2, 50), rng(4, 14, 4, 16)]
    );
}

#[test]
fn syntax_errors_are_recorded_and_flag_their_function() {
    let f = parse_source(
        "package p
func ok() {}
func bad(x int) {
	if x > {
	}
}
",
    );
    assert!(!f.syntax_errors.is_empty());
    let ok = f.functions.iter().find(|f| f.name == "ok").unwrap();
    assert!(!ok.has_syntax_error);
    let bad = f.functions.iter().find(|f| f.name == "bad").unwrap();
    assert!(bad.has_syntax_error);
}

#[test]
fn garbage_never_panics() {
    for src in [
        "",
        "package",
        "}}}{{{",
        "package p\nfunc (",
        "package p\nfunc f() { switch { case",
        "package p\nfunc f() { if x { } else",
        "package p\nconst ( A = iota; B, C )",
        "\u{0}\u{1}\u{2}",
    ] {
        let _ = parse_source(src);
    }
}

#[test]
fn non_utf8_bytes_keep_positions_and_give_lossy_text() {
    let src = b"package p\nfunc f() {\n\ts := \"\xff\xfe\"\n\tg(s)\n}\n";
    let f = parse_go(Path::new("x.go"), src);
    assert!(f.non_utf8);
    let func = &f.functions[0];
    assert_eq!(func.calls[0].pos, pos(4, 2));
    assert_eq!(func.assigns[0].rhs[0].text(), "\"\u{fffd}\u{fffd}\"");
    assert_eq!(f.line_lengths[2], 10);
    assert!(!parse_source("package p\n").non_utf8);
}

#[test]
fn huge_switches_keep_others_only_for_default() {
    let n = body::MAX_SWITCH_VALUES_FOR_OTHERS + 1;
    let cases: String = (0..n).map(|i| format!("\tcase {i}:\n\t\tg()\n")).collect();
    let src = format!("package p\nfunc f(x int) {{\n\tswitch x {{\n{cases}\tdefault:\n\t}}\n}}\n");
    let f = parse_source(&src);
    let r = &f.functions[0].regions;
    assert_eq!(r.len(), n + 2);
    let Guard::Case { values, others, .. } = &r[1].guard else {
        panic!()
    };
    assert_eq!(values, &vec![Expr::Int { text: "0".into() }]);
    assert!(others.is_empty());
    let Guard::Case {
        others, default, ..
    } = &r[n + 1].guard
    else {
        panic!()
    };
    assert!(*default);
    assert_eq!(others.len(), n);
}

#[test]
fn package_level_vars_with_values() {
    let f = parse_source(
        "package p\n\nvar magic = []byte(\"HSCF\")\n\nvar (\n\tmax, min = 10, -1\n\tnone int\n)\n\nfunc g() { var local = 1; _ = local }\n",
    );
    let got: Vec<(String, String)> = f.vars.iter().map(|(n, e)| (n.clone(), e.text())).collect();
    assert_eq!(
        got,
        vec![
            ("magic".to_string(), "[]byte(\"HSCF\")".to_string()),
            ("max".to_string(), "10".to_string()),
            ("min".to_string(), "-1".to_string()),
        ]
    );
}

#[test]
fn doc_comments_and_every_package_var() {
    let src = "package p\n\nimport \"math/rand\"\n\nvar rng *rand.Rand\n\nvar (\n\tcache = map[string]int{}\n\ta, b int\n)\n\n// MustParse parses s.\n// It panics if s is bad.\nfunc MustParse(s string) int { return 0 }\n\n// Not a doc comment.\n\nfunc Other() {}\n";
    let f = super::parse_source(src);
    let vars: Vec<(String, Option<String>, Option<String>)> = f
        .var_decls
        .iter()
        .map(|v| {
            (
                v.name.clone(),
                v.ty.as_ref().map(|t| t.to_string()),
                v.value.clone(),
            )
        })
        .collect();
    assert_eq!(
        vars,
        vec![
            ("rng".into(), Some("*rand.Rand".into()), None),
            ("cache".into(), None, Some("map[string]int{}".into())),
            ("a".into(), Some("int".into()), None),
            ("b".into(), Some("int".into()), None),
        ]
    );
    assert_eq!(
        f.functions[0].doc.as_deref(),
        Some("MustParse parses s.\nIt panics if s is bad.")
    );
    assert_eq!(f.functions[1].doc, None);
}

#[test]
fn field_table_agrees_with_the_grammar() {
    let lang = language();
    let mut seen = 0;
    for id in 1..=lang.field_count() as u16 {
        let name = lang.field_name_for_id(id).unwrap();
        assert_eq!(field_id(name).map(|f| f.get()), Some(id), "{name}");
        assert_eq!(lang.field_id_for_name(name).map(|f| f.get()), Some(id));
        seen += 1;
    }
    assert!(seen > 20, "{seen} fields");
    for absent in ["", "bodyx", "nam", "zzz"] {
        assert_eq!(field_id(absent), None, "{absent}");
    }
}

#[test]
fn a_body_of_one_return_keeps_its_expression() {
    let f = parse_source(
        "package p\n\nfunc isSep(b byte) bool {\n\t// separators\n\treturn b == ';' || b == '|'\n}\n\nfunc two(b byte) bool {\n\tx := b\n\treturn x == 1\n}\n\nfunc pair() (int, error) { return 1, nil }\n\nfunc empty() {}\n",
    );
    let sep = f.functions[0].result.as_ref().expect("isSep's expression");
    assert_eq!(sep.to_string(), "b == ';' || b == '|'");
    for g in &f.functions[1..] {
        assert_eq!(g.result, None, "{}", g.name);
    }
}
