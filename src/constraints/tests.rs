//! Guard in, facts and values out: one test per guard shape heatseed must read. Fixtures are
//! built by hand (see [`super::fixtures`]); the Go each test models is in its comment.

use super::fixtures::*;
use super::*;
use crate::index::{ConstDecl, Expr, Function};
use std::collections::BTreeMap;

fn ctx<'a>(f: &'a Function, consts: &'a [ConstDecl], vars: &'a [(String, Expr)]) -> Context<'a> {
    Context::new(f, consts, vars).at(guard_pos())
}

const BYTES: ValueKind = ValueKind::Bytes;

// --- numbers ------------------------------------------------------------------------------

#[test]
fn int_comparison_gives_the_boundary_then_the_type_extreme() {
    // func F(n int) { if n > 9000 {...} else {...} }
    let f = func(&[("n", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin(">", id("n"), int("9000"));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["n > 9000"]]);
    assert_eq!(
        values(&g, true, &c, "n", INT),
        vec!["9001", "9223372036854775807"]
    );
    assert_eq!(mine_text(&g, false, &c), vec![vec!["n <= 9000"]]);
    assert_eq!(
        values(&g, false, &c, "n", INT),
        vec!["9000", "-9223372036854775808"]
    );
}

#[test]
fn boundaries_for_all_six_operators_both_ways() {
    let f = func(&[("n", "int8")], vec![]);
    let c = ctx(&f, &[], &[]);
    let k = ValueKind::Int {
        bits: 8,
        signed: true,
    };
    let table: &[(&str, bool, &str, &[&str])] = &[
        ("==", true, "n == 5", &["5"]),
        ("==", false, "n != 5", &["4", "6"]),
        ("!=", true, "n != 5", &["4", "6"]),
        ("!=", false, "n == 5", &["5"]),
        ("<", true, "n < 5", &["4", "-128"]),
        ("<", false, "n >= 5", &["5", "127"]),
        ("<=", true, "n <= 5", &["5", "-128"]),
        ("<=", false, "n > 5", &["6", "127"]),
        (">", true, "n > 5", &["6", "127"]),
        (">", false, "n <= 5", &["5", "-128"]),
        (">=", true, "n >= 5", &["5", "127"]),
        (">=", false, "n < 5", &["4", "-128"]),
    ];
    for (op, want, fact, vals) in table {
        let g = bin(op, id("n"), int("5"));
        assert_eq!(
            mine_text(&g, *want, &c),
            vec![vec![fact.to_string()]],
            "{op} {want}"
        );
        assert_eq!(values(&g, *want, &c, "n", k), *vals, "{op} {want}");
    }
}

#[test]
fn constant_on_the_left_is_normalised_to_the_right() {
    // if 9000 < n
    let f = func(&[("n", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    assert_eq!(
        mine_text(&bin("<", int("9000"), id("n")), true, &c),
        vec![vec!["n > 9000"]]
    );
}

#[test]
fn conflicting_facts_give_no_values() {
    // if n > 5 && n < 3
    let f = func(&[("n", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = and(bin(">", id("n"), int("5")), bin("<", id("n"), int("3")));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["n > 5", "n < 3"]]);
    assert!(values(&g, true, &c, "n", INT).is_empty());
    // if s == "a" && s == "b"; if strings.HasPrefix(s, "x") && len(s) < 1
    let f = func(&[("s", "string")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = and(bin("==", id("s"), s("a")), bin("==", id("s"), s("b")));
    assert!(values(&g, true, &c, "s", STR).is_empty());
    let g = and(
        call("strings.HasPrefix", vec![id("s"), s("x")]),
        bin("<", call("len", vec![id("s")]), int("1")),
    );
    assert!(values(&g, true, &c, "s", STR).is_empty());
}

#[test]
fn unsigned_and_float_and_rune_kinds() {
    // func F(u uint16, x float64, r rune) { if u < 10 ...; if x > 1.5 ...; if r >= 'a' && r <= 'z' }
    let f = func(&[("u", "uint16"), ("x", "float64"), ("r", "rune")], vec![]);
    let c = ctx(&f, &[], &[]);
    let u16k = ValueKind::Int {
        bits: 16,
        signed: false,
    };
    assert_eq!(
        values(&bin("<", id("u"), int("10")), true, &c, "u", u16k),
        vec!["9", "0"]
    );
    assert_eq!(
        values(&bin("!=", id("u"), int("0")), true, &c, "u", u16k),
        vec!["1"]
    );
    assert_eq!(
        values(
            &bin(">", id("x"), float("1.5")),
            true,
            &c,
            "x",
            ValueKind::Float { bits: 64 }
        ),
        vec!["1.5000000000000002", "2", "1.7976931348623157e308"]
    );
    let g = and(bin(">=", id("r"), rune("a")), bin("<=", id("r"), rune("z")));
    assert_eq!(
        values(&g, true, &c, "r", ValueKind::Rune),
        vec!["'a'", "'z'"]
    );
    assert_eq!(
        values(
            &call("unicode.IsUpper", vec![id("r")]),
            true,
            &c,
            "r",
            ValueKind::Rune
        ),
        vec!["'A'", "'Z'", "'É'"]
    );
}

#[test]
fn bool_inputs_and_negation() {
    // if !dryRun
    let f = func(&[("dryRun", "bool")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = not(id("dryRun"));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["dryRun == false"]]);
    assert_eq!(
        values(&g, true, &c, "dryRun", ValueKind::Bool),
        vec!["false"]
    );
}

// --- boolean structure ----------------------------------------------------------------------

#[test]
fn else_of_a_conjunction_gives_one_alternative_per_operand() {
    // if a > 5 && s == "x" {...} else {...}
    let f = func(&[("a", "int"), ("s", "string")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = and(bin(">", id("a"), int("5")), bin("==", id("s"), s("x")));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["a > 5", "s == \"x\""]]);
    assert_eq!(
        mine_text(&g, false, &c),
        vec![vec!["a <= 5"], vec!["s != \"x\""]]
    );
    // !(a > 5 || s == "x") and (a > 5 || s == "x") else
    let g = or(
        bin(">", id("a"), int("5")),
        paren(bin("==", id("s"), s("x"))),
    );
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec!["a > 5"], vec!["s == \"x\""]]
    );
    assert_eq!(
        mine_text(&not(paren(g.clone())), true, &c),
        vec![vec!["a <= 5", "s != \"x\""]]
    );
    let facts = &mine(&g, false, &c)[0];
    assert_eq!(
        solve_text(facts, "a", INT),
        vec!["5", "-9223372036854775808"]
    );
    assert_eq!(solve_text(facts, "s", STR), vec!["\"\""]);
}

#[test]
fn alternatives_are_capped() {
    // (a == 1 || a == 2 || ... a == 10) && (b == 1 || ... b == 10): 100 alternatives, capped
    let f = func(&[("a", "int"), ("b", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    let any_of = |v: &str| {
        (1..=10)
            .map(|i| bin("==", id(v), int(&i.to_string())))
            .reduce(or)
            .unwrap()
    };
    let alts = mine(&and(any_of("a"), any_of("b")), true, &c);
    assert_eq!(alts.len(), MAX_ALTERNATIVES);
    assert_eq!(facts_text(&alts)[1], vec!["a == 1", "b == 2"]);
}

// --- data flow ------------------------------------------------------------------------------

#[test]
fn local_length_flows_to_the_guard() {
    // n := len(b); if n > 4096
    let f = func(
        &[("b", "[]byte")],
        vec![assign(2, &["n"], ":=", vec![call("len", vec![id("b")])])],
    );
    let c = ctx(&f, &[], &[]);
    let g = bin(">", id("n"), int("4096"));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["len(b) > 4096"]]);
    let v = solve(&mine(&g, true, &c)[0], &Access::root("b"), BYTES);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0], Lit::Str(vec![b'a'; 4097]));
}

#[test]
fn split_parts_count() {
    // parts := strings.Split(s, ","); if len(parts) != 2
    let f = func(
        &[("s", "string")],
        vec![assign(
            2,
            &["parts"],
            ":=",
            vec![call("strings.Split", vec![id("s"), s(",")])],
        )],
    );
    let c = ctx(&f, &[], &[]);
    let g = bin("!=", call("len", vec![id("parts")]), int("2"));
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec!["len(strings.Split(s, \",\")) != 2"]]
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"a\"", "\"a,a,a\""]);
    assert_eq!(values(&g, false, &c, "s", STR), vec!["\"a,a\""]);
}

#[test]
fn split_parts_with_a_fixed_field() {
    // parts := strings.Split(s, ","); if len(parts) == 3 && parts[0] == "id"
    let f = func(
        &[("s", "string")],
        vec![assign(
            2,
            &["parts"],
            ":=",
            vec![call("strings.Split", vec![id("s"), s(",")])],
        )],
    );
    let c = ctx(&f, &[], &[]);
    let g = and(
        bin("==", call("len", vec![id("parts")]), int("3")),
        bin("==", index(id("parts"), int("0")), s("id")),
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"id,a,a\""]);
}

#[test]
fn reassigned_trimmed_string() {
    // s = strings.TrimSpace(s); if s == ""
    let f = func(
        &[("s", "string")],
        vec![assign(
            2,
            &["s"],
            "=",
            vec![call("strings.TrimSpace", vec![id("s")])],
        )],
    );
    let c = ctx(&f, &[], &[]);
    let g = bin("==", id("s"), s(""));
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec!["strings.TrimSpace(s) == \"\""]]
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"\"", "\" \\t\""]);
}

#[test]
fn sliced_string() {
    // v := s[1:]; if v == "x"
    let f = func(
        &[("s", "string")],
        vec![assign(
            2,
            &["v"],
            ":=",
            vec![slice(id("s"), Some(int("1")), None)],
        )],
    );
    let c = ctx(&f, &[], &[]);
    let g = bin("==", id("v"), s("x"));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["s[1:] == \"x\""]]);
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"ax\""]);
    // ...and combined with if s[0] == '#'
    let g = and(g, bin("==", index(id("s"), int("0")), rune("#")));
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"#x\""]);
}

fn parse_line_fn() -> Function {
    // fields := strings.Split(line, ";"); qty, err := strconv.Atoi(fields[2])
    func(
        &[("line", "string")],
        vec![
            assign(
                2,
                &["fields"],
                ":=",
                vec![call("strings.Split", vec![id("line"), s(";")])],
            ),
            assign(
                3,
                &["qty", "err"],
                ":=",
                vec![call("strconv.Atoi", vec![index(id("fields"), int("2"))])],
            ),
        ],
    )
}

#[test]
fn atoi_of_a_split_field_error_and_value() {
    let f = parse_line_fn();
    let c = ctx(&f, &[], &[]);
    let err = bin("!=", id("err"), id("nil"));
    assert_eq!(
        mine_text(&err, true, &c),
        vec![vec!["strconv.Atoi(strings.Split(line, \";\")[2]) fails"]]
    );
    assert_eq!(
        values(&err, true, &c, "line", STR),
        vec![
            "\"a;a;x\"",
            "\"a;a;\"",
            "\"a;a;9223372036854775808\"",
            "\"a;a;-9223372036854775809\"",
            "\"a;a; 1\""
        ]
    );
    assert_eq!(
        values(&err, false, &c, "line", STR)[..2],
        ["\"a;a;0\"", "\"a;a;1\""]
    );
    let qty = bin(">", id("qty"), int("9000"));
    assert_eq!(
        mine_text(&qty, true, &c),
        vec![vec!["strconv.Atoi(strings.Split(line, \";\")[2]) > 9000"]]
    );
    assert_eq!(
        values(&qty, true, &c, "line", STR),
        vec!["\"a;a;9001\"", "\"a;a;9223372036854775807\""]
    );
    // err == nil && qty > 9000 in one alternative (the continuation after `if err != nil { return }`)
    let both = and(bin("==", id("err"), id("nil")), qty);
    assert_eq!(values(&both, true, &c, "line", STR)[0], "\"a;a;9001\"");
}

#[test]
fn assignments_after_the_guard_do_not_apply_and_the_last_one_wins() {
    // n := len(s); n = len(t)  (line 3); if n > 3 (line 100); n = 0 (line 200)
    let f = func(
        &[("s", "string"), ("t", "string")],
        vec![
            assign(2, &["n"], ":=", vec![call("len", vec![id("s")])]),
            assign(3, &["n"], "=", vec![call("len", vec![id("t")])]),
            assign(200, &["n"], "=", vec![int("0")]),
        ],
    );
    let c = ctx(&f, &[], &[]);
    assert_eq!(
        mine_text(&bin(">", id("n"), int("3")), true, &c),
        vec![vec!["len(t) > 3"]]
    );
    // n += 1 is not modelled
    let f = func(
        &[("n", "int")],
        vec![assign(2, &["n"], "+=", vec![int("1")])],
    );
    let c = ctx(&f, &[], &[]);
    assert_eq!(
        mine_text(&bin(">", id("n"), int("3")), true, &c),
        vec![vec!["unsat: `n` is updated with `+=`"]]
    );
}

// --- struct fields, constants, bindings -------------------------------------------------------

#[test]
fn struct_field_against_a_named_constant() {
    // const MaxQty = 500; func F(req Request) / func F(req *Request) { if req.Qty > MaxQty }
    let consts = vec![konst("MaxQty", None, int("500"), 0)];
    for t in ["Request", "*Request"] {
        let f = func(&[("req", t)], vec![]);
        let c = ctx(&f, &consts, &[]);
        let g = bin(">", sel(id("req"), "Qty"), id("MaxQty"));
        assert_eq!(mine_text(&g, true, &c), vec![vec!["req.Qty > 500"]]);
        assert_eq!(
            values(&g, true, &c, "req.Qty", INT),
            vec!["501", "9223372036854775807"]
        );
        let facts = &mine(&g, true, &c)[0];
        assert_eq!(inputs(facts), vec![Access::field_path("req", &["Qty"])]);
        // the facts are about req.Qty, not req itself
        assert!(solve_text(facts, "req", INT).is_empty());
    }
}

#[test]
fn receiver_fields_are_inputs() {
    // func (c *Cart) Add(n int) { if c.Limit < n ... }  -- two inputs: a relation
    // if c.Count >= 3
    let f = method("c", &[("n", "int")]);
    let cx = ctx(&f, &[], &[]);
    assert_eq!(
        mine_text(&bin(">=", sel(id("c"), "Count"), int("3")), true, &cx),
        vec![vec!["c.Count >= 3"]]
    );
    assert_eq!(
        mine_text(&bin("<", sel(id("c"), "Limit"), id("n")), true, &cx),
        vec![vec!["c.Limit < n"]]
    );
}

#[test]
fn iota_group_constants() {
    // type Mode uint8; const ( ModeRead Mode = 1 << iota; ModeWrite; ModeExec )
    // const ( _ = iota; KB = 1 << (10 * iota); MB )
    let shl = bin("<<", int("1"), id("iota"));
    let kb = bin("<<", int("1"), paren(bin("*", int("10"), id("iota"))));
    let consts = vec![
        konst("ModeRead", Some("Mode"), shl.clone(), 0),
        konst("ModeWrite", Some("Mode"), shl.clone(), 1),
        konst("ModeExec", Some("Mode"), shl, 2),
        konst("KB", None, kb.clone(), 1),
        konst("MB", None, kb, 2),
        konst("Prefix", None, bin("+", s("VIP"), s("-")), 0),
    ];
    let f = func(
        &[("m", "uint8"), ("size", "int"), ("code", "string")],
        vec![],
    );
    let c = ctx(&f, &consts, &[]);
    assert_eq!(
        mine_text(&bin("==", id("m"), id("ModeExec")), true, &c),
        vec![vec!["m == 4"]]
    );
    assert_eq!(
        mine_text(
            &bin(">", id("size"), bin("*", int("4"), id("MB"))),
            true,
            &c
        ),
        vec![vec!["size > 4194304"]]
    );
    assert_eq!(
        mine_text(
            &call("strings.HasPrefix", vec![id("code"), id("Prefix")]),
            true,
            &c
        ),
        vec![vec!["strings.HasPrefix(code, \"VIP-\")"]]
    );
    // math.MaxInt32 from the std table
    let g = bin(">", id("size"), sel(id("math"), "MaxInt32"));
    assert_eq!(values(&g, true, &c, "size", INT)[0], "2147483648");
}

#[test]
fn helper_guard_through_caller_bindings() {
    // func check(q int) { if q > 100 {...} }   called as   check(req.Qty)   from F(req Request)
    let caller_fn = func(&[("req", "Request")], vec![]);
    let caller = Context::new(&caller_fn, &[], &[]).at(crate::span::CoverPos::new(10, 2));
    let callee_fn = func(&[("q", "int")], vec![]);
    let bindings = BTreeMap::from([("q".to_string(), sel(id("req"), "Qty"))]);
    let callee = Context::new(&callee_fn, &[], &[])
        .at(guard_pos())
        .called_from(&caller, bindings);
    let g = bin(">", id("q"), int("100"));
    assert_eq!(mine_text(&g, true, &callee), vec![vec!["req.Qty > 100"]]);
    assert_eq!(values(&g, true, &callee, "req.Qty", INT)[0], "101");
}

// --- strings ----------------------------------------------------------------------------------

#[test]
fn switch_on_lowered_command() {
    // switch strings.ToLower(cmd) { case "include": ... case "exclude", "skip": ... default: ... }
    let f = func(&[("cmd", "string")], vec![]);
    let c = ctx(&f, &[], &[]);
    let tag = call("strings.ToLower", vec![id("cmd")]);
    let alts = mine_case(Some(&tag), &[s("include")], false, &[], &c);
    assert_eq!(
        facts_text(&alts),
        vec![vec!["strings.ToLower(cmd) == \"include\""]]
    );
    assert_eq!(
        solve_text(&alts[0], "cmd", STR),
        vec!["\"include\"", "\"INCLUDE\""]
    );
    let alts = mine_case(Some(&tag), &[s("exclude"), s("skip")], false, &[], &c);
    assert_eq!(alts.len(), 2);
    assert_eq!(solve_text(&alts[1], "cmd", STR)[0], "\"skip\"");
    let others = [s("include"), s("exclude"), s("skip")];
    let alts = mine_case(Some(&tag), &[], true, &others, &c);
    assert_eq!(alts.len(), 1);
    assert_eq!(alts[0].len(), 3);
    assert_eq!(solve_text(&alts[0], "cmd", STR), vec!["\"\""]);
    // a case that cannot hold: ToLower(cmd) == "Include"
    let alts = mine_case(Some(&tag), &[s("Include")], false, &[], &c);
    assert!(solve_text(&alts[0], "cmd", STR).is_empty());
}

#[test]
fn tagless_switch_cases_are_conditions() {
    // switch { case n < 0: ...; default: ... }
    let f = func(&[("n", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    let cases = [bin("<", id("n"), int("0")), bin(">", id("n"), int("100"))];
    assert_eq!(
        facts_text(&mine_case(None, &cases[..1], false, &cases[1..], &c)),
        vec![vec!["n < 0"]]
    );
    let alts = mine_case(None, &[], true, &cases, &c);
    assert_eq!(facts_text(&alts), vec![vec!["n >= 0", "n <= 100"]]);
    assert_eq!(solve_text(&alts[0], "n", INT), vec!["0", "100"]);
}

#[test]
fn byte_and_first_char_tests() {
    // if b[3] == 0x7f ; if s[0] == '#'
    let f = func(&[("b", "[]byte"), ("s", "string")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin("==", index(id("b"), int("3")), int("0x7f"));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["b[3] == 127"]]);
    assert_eq!(values(&g, true, &c, "b", BYTES), vec!["\"aaa\\x7f\""]);
    let g = bin("==", index(id("s"), int("0")), rune("#"));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["s[0] == '#'"]]);
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"#\""]);
    // s[0] != '#' needs some other first byte (an empty s panics, so it is no answer)
    assert_eq!(values(&g, false, &c, "s", STR), vec!["\"a\""]);
}

#[test]
fn magic_prefix_from_a_package_var() {
    // var magic = []byte("HSCF"); if bytes.HasPrefix(data, magic)
    let vars = vec![("magic".to_string(), call("[]byte", vec![s("HSCF")]))];
    let f = func(&[("data", "[]byte")], vec![]);
    let c = ctx(&f, &[], &vars);
    let g = call("bytes.HasPrefix", vec![id("data"), id("magic")]);
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec!["strings.HasPrefix(data, \"HSCF\")"]]
    );
    assert_eq!(values(&g, true, &c, "data", BYTES), vec!["\"HSCF\""]);
    assert_eq!(values(&g, false, &c, "data", BYTES), vec!["\"\""]);
}

#[test]
fn prefix_suffix_length_and_contains_combine() {
    // strings.HasPrefix(code, "VIP-") && strings.HasSuffix(code, "!") && len(code) >= 10
    //   && strings.Contains(code, "..")
    let f = func(&[("code", "string")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = call("strings.HasPrefix", vec![id("code"), s("VIP-")]);
    assert_eq!(values(&g, true, &c, "code", STR), vec!["\"VIP-\""]);
    let g = and(
        and(g, call("strings.HasSuffix", vec![id("code"), s("!")])),
        and(
            bin(">=", call("len", vec![id("code")]), int("10")),
            call("strings.Contains", vec![id("code"), s("..")]),
        ),
    );
    assert_eq!(values(&g, true, &c, "code", STR), vec!["\"VIP-..aaa!\""]);
}

#[test]
fn range_over_string_digit() {
    // for _, r := range s { if unicode.IsDigit(r) {...} }
    let f = func(
        &[("s", "string")],
        vec![assign(2, &["_", "r"], "range", vec![id("s")])],
    );
    let c = ctx(&f, &[], &[]);
    let g = call("unicode.IsDigit", vec![id("r")]);
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec!["unicode.IsDigit(each(s))"]]
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"0\""]);
    assert_eq!(values(&g, false, &c, "s", STR), vec!["\"a\""]);
    // the key of the range is not modelled
    let f = func(
        &[("s", "string")],
        vec![assign(2, &["i", "r"], "range", vec![id("s")])],
    );
    let c = ctx(&f, &[], &[]);
    assert!(mine_text(&bin(">", id("i"), int("3")), true, &c)[0][0].contains("range index"));
}

#[test]
fn equal_fold_fields_count_contains_index() {
    let f = func(&[("m", "string"), ("s", "string")], vec![]);
    let c = ctx(&f, &[], &[]);
    // strings.EqualFold(m, "crypto")
    let g = call("strings.EqualFold", vec![id("m"), s("crypto")]);
    assert_eq!(
        values(&g, true, &c, "m", STR),
        vec!["\"crypto\"", "\"CRYPTO\""]
    );
    // len(strings.Fields(s)) == 3
    let g = bin(
        "==",
        call("len", vec![call("strings.Fields", vec![id("s")])]),
        int("3"),
    );
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec!["len(strings.Fields(s)) == 3"]]
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"a a a\""]);
    // strings.Count(s, ".") > 2
    let g = bin(">", call("strings.Count", vec![id("s"), s(".")]), int("2"));
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"...\""]);
    // strings.Contains(s, "..")
    let g = call("strings.Contains", vec![id("s"), s("..")]);
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"..\""]);
    // strings.Index(s, ":") >= 0 is Contains; strings.Index(s, ":") == 3 places it
    let g = bin(">=", call("strings.Index", vec![id("s"), s(":")]), int("0"));
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec!["strings.Contains(s, \":\")"]]
    );
    assert_eq!(
        mine_text(&g, false, &c),
        vec![vec!["!strings.Contains(s, \":\")"]]
    );
    let g = bin("==", call("strings.Index", vec![id("s"), s(":")]), int("3"));
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"aaa:\""]);
    // !strings.Contains(s, "a") && len(s) == 2: the filler moves off 'a'
    let g = and(
        not(call("strings.Contains", vec![id("s"), s("a")])),
        bin("==", call("len", vec![id("s")]), int("2")),
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"xx\""]);
}

#[test]
fn parse_float_and_parse_bool_spellings() {
    // v, err := strconv.ParseFloat(s, 64); b, err2 := strconv.ParseBool(t)
    let f = func(
        &[("s", "string"), ("t", "string")],
        vec![
            assign(
                2,
                &["v", "err"],
                ":=",
                vec![call("strconv.ParseFloat", vec![id("s"), int("64")])],
            ),
            assign(
                3,
                &["b", "err2"],
                ":=",
                vec![call("strconv.ParseBool", vec![id("t")])],
            ),
        ],
    );
    let c = ctx(&f, &[], &[]);
    let err = bin("!=", id("err"), id("nil"));
    assert_eq!(
        values(&err, true, &c, "s", STR),
        vec!["\"x\"", "\"1e309\"", "\"\"", "\"1e\""]
    );
    assert_eq!(
        values(&err, false, &c, "s", STR),
        vec![
            "\"0\"",
            "\"1.5\"",
            "\"-0\"",
            "\"NaN\"",
            "\"+Inf\"",
            "\"-Inf\"",
            "\"1e308\""
        ]
    );
    assert_eq!(
        values(&bin(">", id("v"), float("0.5")), true, &c, "s", STR)[1],
        "\"1\""
    );
    assert_eq!(
        values(&bin("!=", id("err2"), id("nil")), false, &c, "t", STR),
        vec!["\"true\"", "\"T\"", "\"1\"", "\"false\"", "\"F\"", "\"0\""]
    );
    assert_eq!(
        values(&id("b"), true, &c, "t", STR),
        vec!["\"true\"", "\"T\"", "\"1\""]
    );
}

#[test]
fn parse_uint_with_base_and_bits() {
    // n, err := strconv.ParseUint(s, 16, 8); if n == 0xff
    let f = func(
        &[("s", "string")],
        vec![assign(
            2,
            &["n", "err"],
            ":=",
            vec![call(
                "strconv.ParseUint",
                vec![id("s"), int("16"), int("8")],
            )],
        )],
    );
    let c = ctx(&f, &[], &[]);
    assert_eq!(
        values(&bin("==", id("n"), int("0xff")), true, &c, "s", STR),
        vec!["\"ff\""]
    );
    assert_eq!(
        values(&bin("!=", id("err"), id("nil")), true, &c, "s", STR),
        vec!["\"x\"", "\"\"", "\"100\"", "\"-1\"", "\" 1\""]
    );
}

// --- what is not modelled ----------------------------------------------------------------------

#[test]
fn unsat_reasons() {
    let f = func(
        &[("r", "io.Reader"), ("n", "int"), ("v", "any")],
        vec![assign(
            2,
            &["_", "err"],
            ":=",
            vec![call("r.Read", vec![id("buf")])],
        )],
    );
    let c = ctx(&f, &[], &[]);
    let g = call("errors.Is", vec![id("err"), sel(id("io"), "EOF")]);
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec!["unsat: `errors.Is(err, io.EOF)` tests error identity, which input values do not decide statically"]]
    );
    let g = bin(">", id("n"), id("limit"));
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec![
            "unsat: `limit` is not derived from the function's inputs"
        ]]
    );
    let g = call("time.Now().After", vec![id("deadline")]);
    assert!(mine_text(&g, true, &c)[0][0].starts_with("unsat: `time.Now().After(deadline)` calls"));
    let g = bin(
        ">",
        call("time.Since", vec![id("start")]),
        sel(id("time"), "Second"),
    );
    assert!(mine_text(&g, true, &c)[0][0].contains("calls `time.Since`"));
    assert_eq!(
        facts_text(&mine_type_case(&id("v"), &["string".into()], false, &c)),
        vec![vec!["unsat: type switch on `any` input `v` (case string): dynamic types are not synthesized"]]
    );
    assert!(
        facts_text(&mine_type_case(&id("r"), &[], true, &c))[0][0].contains("not an `any` input")
    );
    // unsat facts do not block solving the other facts of the alternative
    let g = and(bin(">", id("n"), int("3")), bin(">", id("n"), id("limit")));
    assert_eq!(values(&g, true, &c, "n", INT)[0], "4");
}

#[test]
fn constant_conditions() {
    // if debug (const debug = false); if 1 < 2
    let consts = vec![konst("debug", None, id("false"), 0)];
    let f = func(&[], vec![]);
    let c = ctx(&f, &consts, &[]);
    assert_eq!(
        mine_text(&bin("<", int("1"), int("2")), true, &c),
        vec![Vec::<String>::new()]
    );
    assert_eq!(
        mine_text(&id("debug"), true, &c),
        vec![vec![
            "unsat: the condition is constant and never holds here"
        ]]
    );
}

// --- tokens -------------------------------------------------------------------------------------

#[test]
fn dictionary_tokens() {
    let f = parse_line_fn();
    let c = ctx(&f, &[], &[]);
    let mut facts = mine(&bin(">", id("qty"), int("9000")), true, &c).remove(0);
    let g = and(
        call("strings.HasPrefix", vec![id("line"), s("VIP-")]),
        and(
            bin(">", call("len", vec![id("line")]), int("64")),
            bin("==", index(id("line"), int("3")), int("0x7f")),
        ),
    );
    facts.extend(mine(&g, true, &c).remove(0));
    let t: Vec<String> = tokens(&facts)
        .iter()
        .map(|t| crate::golex::quote(t))
        .collect();
    assert_eq!(t, vec!["\";\"", "\"9000\"", "\"VIP-\"", "\"\\x7f\""]);
}

#[test]
fn non_empty_non_nil_and_pointer_inputs() {
    // if s != ""; if b != nil; if *p > 5
    let f = func(&[("s", "string"), ("b", "[]byte"), ("p", "*int")], vec![]);
    let c = ctx(&f, &[], &[]);
    assert_eq!(
        values(&bin("!=", id("s"), s("")), true, &c, "s", STR),
        vec!["\"a\""]
    );
    assert_eq!(
        values(&bin("!=", id("b"), id("nil")), true, &c, "b", BYTES),
        vec!["\"a\""]
    );
    assert_eq!(
        values(&bin("==", id("b"), id("nil")), true, &c, "b", BYTES),
        vec!["\"\""]
    );
    let g = bin(">", unary("*", id("p")), int("5"));
    let facts = &mine(&g, true, &c)[0];
    assert_eq!(facts_text(&vec![facts.clone()]), vec![vec!["*p > 5"]]);
    let path = inputs(facts);
    assert_eq!(path, vec![Access::root("p").then(Step::Deref)]);
    assert_eq!(lits_text(&solve(facts, &path[0], INT))[0], "6");
}
