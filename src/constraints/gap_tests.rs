//! Solver gaps of issue 8 item 7, guard in, facts and values out: arithmetic on one input with
//! constant operands, the `strings.Cut` family, `utf8` rune counts, and relations between two
//! inputs. The Go each test models is in its comment.

use super::eval::{arith, holds, rune_count, Conc, Pred, Rel};
use super::fixtures::*;
use super::*;
use crate::index::{ConstDecl, Expr, Function};

fn ctx<'a>(f: &'a Function, consts: &'a [ConstDecl], vars: &'a [(String, Expr)]) -> Context<'a> {
    Context::new(f, consts, vars).at(guard_pos())
}

fn u8k() -> ValueKind {
    ValueKind::Int {
        bits: 8,
        signed: false,
    }
}

// --- arithmetic -----------------------------------------------------------------------------

#[test]
fn affine_guard_is_inverted() {
    // func F(x int) { if x*3+7 == 100 {...} }
    let f = func(&[("x", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin(
        "==",
        bin("+", bin("*", id("x"), int("3")), int("7")),
        int("100"),
    );
    assert_eq!(mine_text(&g, true, &c), vec![vec!["(x * 3) + 7 == 100"]]);
    assert_eq!(values(&g, true, &c, "x", INT), vec!["31"]);
    // x*3+7 == 101 has no integer solution: no value rather than a wrong one.
    let g = bin(
        "==",
        bin("+", bin("*", id("x"), int("3")), int("7")),
        int("101"),
    );
    assert!(values(&g, true, &c, "x", INT).is_empty());
}

#[test]
fn offsets_constants_on_the_left_and_negation() {
    // func F(n int) { if n-1 > 9000; if 10-n < 3; if -n == 5; if 2*n >= 9 }
    let f = func(&[("n", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin(">", bin("-", id("n"), int("1")), int("9000"));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["n - 1 > 9000"]]);
    assert_eq!(values(&g, true, &c, "n", INT)[0], "9002");
    let g = bin("<", bin("-", int("10"), id("n")), int("3"));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["10 - n < 3"]]);
    assert_eq!(values(&g, true, &c, "n", INT)[0], "8");
    let g = bin("==", unary("-", id("n")), int("5"));
    assert_eq!(values(&g, true, &c, "n", INT), vec!["-5"]);
    let g = bin(">=", bin("*", int("2"), id("n")), int("9"));
    assert_eq!(mine_text(&g, true, &c), vec![vec!["n * 2 >= 9"]]);
    assert_eq!(values(&g, true, &c, "n", INT)[0], "5");
}

#[test]
fn division_remainder_shifts_and_masks() {
    // func F(n int) { if n/4 > 3; if n%7 == 3; if n>>2 == 5; if n<<3 == 64; if n&0xf0 == 0x30 }
    let f = func(&[("n", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    let cases: &[(Expr, &str)] = &[
        (bin(">", bin("/", id("n"), int("4")), int("3")), "16"),
        (bin("==", bin("%", id("n"), int("7")), int("3")), "3"),
        (bin("==", bin(">>", id("n"), int("2")), int("5")), "20"),
        (bin("==", bin("<<", id("n"), int("3")), int("64")), "8"),
        (bin("==", bin("&", id("n"), int("0xf0")), int("0x30")), "48"),
        (
            bin("==", bin("^", id("n"), int("0xff")), int("0x0f")),
            "240",
        ),
    ];
    for (g, want) in cases {
        let got = values(g, true, &c, "n", INT);
        assert_eq!(got.first().map(String::as_str), Some(*want), "{g}");
    }
}

#[test]
fn arithmetic_stays_in_the_input_type() {
    // func F(b uint8) { if b*2 > 300 } never holds without wrap-around: no value.
    let f = func(&[("b", "uint8")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin(">", bin("*", id("b"), int("2")), int("300"));
    assert!(values(&g, true, &c, "b", u8k()).is_empty());
    let g = bin(">", bin("*", id("b"), int("2")), int("200"));
    // 101 is the bound; 255, the type's maximum, would overflow (510) and is left out.
    assert_eq!(values(&g, true, &c, "b", u8k()), vec!["101"]);
}

#[test]
fn arithmetic_on_lengths_bytes_and_parsed_numbers() {
    // func F(s string) { if len(s)*2 == 10; if s[0]-'0' == 7; if len(s)/4 > 3 }
    let f = func(&[("s", "string")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin(
        "==",
        bin("*", call("len", vec![id("s")]), int("2")),
        int("10"),
    );
    assert_eq!(mine_text(&g, true, &c), vec![vec!["len(s) * 2 == 10"]]);
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"aaaaa\""]);
    let g = bin(
        "==",
        bin("-", index(id("s"), int("0")), rune("0")),
        int("7"),
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"7\""]);
    let g = bin(
        ">",
        bin("/", call("len", vec![id("s")]), int("4")),
        int("3"),
    );
    let v = values(&g, true, &c, "s", STR);
    assert_eq!(v.first().map(|x| x.len() - 2), Some(16), "{v:?}");
    // n, err := strconv.Atoi(s); if err == nil && n-1 > 9000
    let f = func(
        &[("s", "string")],
        vec![assign(
            2,
            &["n", "err"],
            ":=",
            vec![call("strconv.Atoi", vec![id("s")])],
        )],
    );
    let c = ctx(&f, &[], &[]);
    let g = and(
        bin("==", id("err"), id("nil")),
        bin(">", bin("-", id("n"), int("1")), int("9000")),
    );
    assert_eq!(values(&g, true, &c, "s", STR)[0], "\"9002\"");
}

#[test]
fn arithmetic_between_two_inputs_is_still_unsat() {
    // func F(a, b int) { if a*b == 12 }
    let f = func(&[("a", "int"), ("b", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin("==", bin("*", id("a"), id("b")), int("12"));
    let alts = mine(&g, true, &c);
    assert!(alts[0][0].is_unsat(), "{alts:?}");
}

#[test]
fn evaluator_arithmetic_follows_go() {
    let i = |x: i128| Conc::Int(x);
    // Go truncates toward zero and the remainder takes the dividend's sign.
    assert_eq!(arith(ArithOp::Quo, 2, false, i(-7)), Some(i(-3)));
    assert_eq!(arith(ArithOp::Rem, 2, false, i(-7)), Some(i(-1)));
    assert_eq!(arith(ArithOp::Shr, 1, false, i(-7)), Some(i(-4)));
    assert_eq!(
        arith(ArithOp::AndNot, 0b0110, false, i(0b1111)),
        Some(i(0b1001))
    );
    assert_eq!(arith(ArithOp::Quo, 0, false, i(1)), None);
    assert_eq!(arith(ArithOp::Sub, 10, true, i(3)), Some(i(7)));
    assert_eq!(arith(ArithOp::Shl, 70, false, i(1)), None);
    assert_eq!(
        arith(ArithOp::Mul, 2, false, Conc::Float(1.25)),
        Some(Conc::Float(2.5))
    );
}

// --- strings.Cut ----------------------------------------------------------------------------

fn cut_fn() -> Function {
    // k, v, ok := strings.Cut(s, "=")
    func(
        &[("s", "string")],
        vec![assign(
            2,
            &["k", "v", "ok"],
            ":=",
            vec![call("strings.Cut", vec![id("s"), s("=")])],
        )],
    )
}

#[test]
fn cut_key_and_value() {
    // if ok && k == "mode" && v == "fast"
    let f = cut_fn();
    let c = ctx(&f, &[], &[]);
    let g = and(
        and(id("ok"), bin("==", id("k"), s("mode"))),
        bin("==", id("v"), s("fast")),
    );
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec![
            "strings.Contains(s, \"=\")",
            "strings.Cut(s, \"=\").before == \"mode\"",
            "strings.Cut(s, \"=\").after == \"fast\"",
        ]]
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"mode=fast\""]);
    // if !ok: no separator at all
    assert_eq!(values(&id("ok"), false, &c, "s", STR), vec!["\"\""]);
    // if ok && strings.HasPrefix(v, "x") && len(k) > 2
    let g = and(
        and(id("ok"), call("strings.HasPrefix", vec![id("v"), s("x")])),
        bin(">", call("len", vec![id("k")]), int("2")),
    );
    assert_eq!(values(&g, true, &c, "s", STR)[0], "\"aaa=x\"");
}

#[test]
fn cut_prefix_and_suffix() {
    // rest, ok := strings.CutPrefix(s, "v"); if ok && rest == "2"
    let f = func(
        &[("s", "string")],
        vec![assign(
            2,
            &["rest", "ok"],
            ":=",
            vec![call("strings.CutPrefix", vec![id("s"), s("v")])],
        )],
    );
    let c = ctx(&f, &[], &[]);
    let g = and(id("ok"), bin("==", id("rest"), s("2")));
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec![
            "strings.HasPrefix(s, \"v\")",
            "strings.TrimPrefix(s, \"v\") == \"2\""
        ]]
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"v2\""]);
    // name, ok := bytes.CutSuffix(b, ".go"); if ok && len(name) == 4
    let f = func(
        &[("b", "[]byte")],
        vec![assign(
            2,
            &["name", "ok"],
            ":=",
            vec![call("bytes.CutSuffix", vec![id("b"), s(".go")])],
        )],
    );
    let c = ctx(&f, &[], &[]);
    let g = and(id("ok"), bin("==", call("len", vec![id("name")]), int("4")));
    assert_eq!(
        values(&g, true, &c, "b", ValueKind::Bytes),
        vec!["\"aaaa.go\""]
    );
    // if strings.TrimSuffix(s, "\n") == "end"
    let f = func(&[("s", "string")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin(
        "==",
        call("strings.TrimSuffix", vec![id("s"), s("\\n")]),
        s("end"),
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"end\\n\""]);
}

#[test]
fn evaluator_cut_semantics() {
    let rel = |after, pred| Rel {
        steps: vec![Step::Cut {
            sep: b"=".to_vec(),
            after,
        }],
        pred,
    };
    let eq = |s: &str| Pred::Cmp(CmpOp::Eq, Lit::Str(s.as_bytes().to_vec()));
    let v = Conc::Bytes(b"a=b=c".to_vec());
    assert!(holds(&rel(false, eq("a")), &v));
    assert!(holds(&rel(true, eq("b=c")), &v));
    let none = Conc::Bytes(b"abc".to_vec());
    assert!(holds(&rel(false, eq("abc")), &none));
    assert!(holds(&rel(true, eq("")), &none));
}

// --- utf8 rune counts -----------------------------------------------------------------------

#[test]
fn rune_counts() {
    // func F(s string) { if utf8.RuneCountInString(s) > 3; if len(s) != utf8.RuneCountInString(s) }
    let f = func(&[("s", "string")], vec![]);
    let c = ctx(&f, &[], &[]);
    let runes = || call("utf8.RuneCountInString", vec![id("s")]);
    let g = bin(">", runes(), int("3"));
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec!["utf8.RuneCountInString(s) > 3"]]
    );
    assert_eq!(values(&g, true, &c, "s", STR)[0], "\"aaaa\"");
    // len(s) == 6 && utf8.RuneCountInString(s) == 3: three two-byte runes.
    let g = and(
        bin("==", call("len", vec![id("s")]), int("6")),
        bin("==", runes(), int("3")),
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"ééé\""]);
    // len(s) > utf8.RuneCountInString(s) && utf8.RuneCountInString(s) == 2: a relation on one
    // input, checked by the evaluator.
    let g = and(
        bin(">", call("len", vec![id("s")]), runes()),
        bin("==", runes(), int("2")),
    );
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec![
            "len(s) > utf8.RuneCountInString(s)",
            "utf8.RuneCountInString(s) == 2"
        ]]
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\"éé\""]);
    // utf8.RuneCount(b) < 2 for bytes
    let f = func(&[("b", "[]byte")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin("<", call("utf8.RuneCount", vec![id("b")]), int("2"));
    assert_eq!(values(&g, true, &c, "b", ValueKind::Bytes)[0], "\"a\"");
}

#[test]
fn rune_count_matches_go_on_invalid_utf8() {
    assert_eq!(rune_count("héllo".as_bytes()), 5);
    assert_eq!(rune_count(b"\xff\xfe"), 2);
    // a truncated three-byte sequence: each byte is a rune of its own
    assert_eq!(rune_count(b"a\xe2\x82"), 3);
    assert_eq!(rune_count(b""), 0);
}

// --- two inputs -----------------------------------------------------------------------------

#[test]
fn relation_between_two_parameters() {
    // func F(a, b int) { if a < b }
    let f = func(&[("a", "int"), ("b", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin("<", id("a"), id("b"));
    let alts = mine(&g, true, &c);
    assert_eq!(facts_text(&alts), vec![vec!["a < b"]]);
    // Neither input is constrained until the other is fixed.
    assert!(inputs(&alts[0]).is_empty());
    // a fixed to 5: b > 5
    let bound = bind(&alts[0], &Access::root("a"), &Lit::Int(5));
    assert_eq!(facts_text(&vec![bound.clone()]), vec![vec!["b > 5"]]);
    assert_eq!(solve_text(&bound, "b", INT)[0], "6");
    // b fixed to 5: a < 5
    let bound = bind(&alts[0], &Access::root("b"), &Lit::Int(5));
    assert_eq!(facts_text(&vec![bound.clone()]), vec![vec!["a < 5"]]);
    // a+1 == b with a = 41: b == 42
    let g = bin("==", bin("+", id("a"), int("1")), id("b"));
    let alts = mine(&g, true, &c);
    assert_eq!(facts_text(&alts), vec![vec!["a + 1 == b"]]);
    let bound = bind(&alts[0], &Access::root("a"), &Lit::Int(41));
    assert_eq!(solve_text(&bound, "b", INT), vec!["42"]);
    // ...and with b = 42, a*1+1 == 42: a == 41, by inversion
    let bound = bind(&alts[0], &Access::root("b"), &Lit::Int(42));
    assert_eq!(solve_text(&bound, "a", INT), vec!["41"]);
    // else branch of a == b: a != b
    let alts = mine(&bin("==", id("a"), id("b")), false, &c);
    let bound = bind(&alts[0], &Access::root("a"), &Lit::Int(0));
    assert_eq!(solve_text(&bound, "b", INT), vec!["-1", "1"]);
}

#[test]
fn sum_or_difference_of_two_inputs_against_a_constant() {
    // func F(a, b int) { if a*2+b == 100 {...}; if 7 < a-b {...} }
    let f = func(&[("a", "int"), ("b", "int")], vec![]);
    let c = ctx(&f, &[], &[]);
    let g = bin(
        "==",
        bin("+", bin("*", id("a"), int("2")), id("b")),
        int("100"),
    );
    let alts = mine(&g, true, &c);
    assert_eq!(facts_text(&alts), vec![vec!["a * 2 == 100 - b"]]);
    // The value of `other` once `fixed` is `v`.
    let derived = |alt: &[Fact], fixed: &str, v: i128, other: &str| {
        solve_text(&bind(alt, &Access::root(fixed), &Lit::Int(v)), other, INT)
    };
    // b = 10: a*2 == 90, a = 45; a = 0: b = 100.
    assert_eq!(derived(&alts[0], "b", 10, "a"), vec!["45"]);
    assert_eq!(derived(&alts[0], "a", 0, "b"), vec!["100"]);
    // A constant on the left, a difference on the right: a - b > 7.
    let g = bin("<", int("7"), bin("-", id("a"), id("b")));
    let alts = mine(&g, true, &c);
    assert_eq!(facts_text(&alts), vec![vec!["a > b + 7"]]);
    assert_eq!(derived(&alts[0], "b", 1, "a")[0], "9");
    // One input twice, or a constant operand, is not a relation.
    let g = bin("==", bin("+", id("a"), id("a")), int("4"));
    let alts = mine(&g, true, &c);
    assert!(!matches!(alts[0][0], Fact::Rel { .. }), "{alts:?}");
    let g = bin("==", bin("+", id("a"), int("1")), int("4"));
    assert_eq!(facts_text(&mine(&g, true, &c)), vec![vec!["a + 1 == 4"]]);
}

#[test]
fn relation_between_two_fields_and_strings() {
    // func (r *T) F() { if r.Min > r.Max }   func G(user, pass string) { if user == pass }
    let f = method("r", &[]);
    let c = ctx(&f, &[], &[]);
    let g = bin(">", sel(id("r"), "Min"), sel(id("r"), "Max"));
    let alts = mine(&g, true, &c);
    assert_eq!(facts_text(&alts), vec![vec!["r.Min > r.Max"]]);
    let bound = bind(&alts[0], &Access::field_path("r", &["Min"]), &Lit::Int(0));
    assert_eq!(solve_text(&bound, "r.Max", INT)[0], "-1");
    let f = func(&[("user", "string"), ("pass", "string")], vec![]);
    let c = ctx(&f, &[], &[]);
    let alts = mine(&bin("==", id("user"), id("pass")), true, &c);
    let bound = bind(&alts[0], &Access::root("user"), &Lit::Str(b"root".to_vec()));
    assert_eq!(solve_text(&bound, "pass", STR), vec!["\"root\""]);
    // a side the fixed value does not reach (user[3] of "ab") makes the relation unsat
    let alts = mine(
        &bin(
            "==",
            index(id("user"), int("3")),
            index(id("pass"), int("0")),
        ),
        true,
        &c,
    );
    let bound = bind(&alts[0], &Access::root("user"), &Lit::Str(b"ab".to_vec()));
    assert!(bound[0].is_unsat());
}

// --- predicates ------------------------------------------------------------------------------

#[test]
fn a_package_predicate_is_mined_through_its_return_expression() {
    // func isSep(b byte) bool { return b == ';' || b == '|' }
    let mut sep = func(&[("b", "byte")], vec![]);
    sep.name = "isSep".into();
    sep.results = vec![crate::index::Param {
        name: None,
        ty: ty("bool"),
        variadic: false,
    }];
    sep.result = Some(or(
        bin("==", id("b"), rune(";")),
        bin("==", id("b"), rune("|")),
    ));
    // func isMagic(s string) bool { return s == "magic" }
    let mut magic = func(&[("s", "string")], vec![]);
    magic.name = "isMagic".into();
    magic.results = sep.results.clone();
    magic.result = Some(bin("==", id("s"), s("magic")));
    let helpers = vec![sep, magic];
    // func F(s string) { if len(s) > 1 && isSep(s[0]) {...}; if !isMagic(s) {...} }
    let f = func(&[("s", "string")], vec![]);
    let c = ctx(&f, &[], &[]).with_helpers(&helpers);
    let g = and(
        bin(">", call("len", vec![id("s")]), int("1")),
        call("isSep", vec![index(id("s"), int("0"))]),
    );
    assert_eq!(
        mine_text(&g, true, &c),
        vec![
            vec!["len(s) > 1", "s[0] == ';'"],
            vec!["len(s) > 1", "s[0] == '|'"]
        ]
    );
    let g = not(call("isMagic", vec![id("s")]));
    assert_eq!(mine_text(&g, false, &c), vec![vec!["s == \"magic\""]]);
    // The last byte through the predicate: a suffix.
    let last = index(id("s"), bin("-", call("len", vec![id("s")]), int("1")));
    let g = call("isSep", vec![last.clone()]);
    assert_eq!(
        mine_text(&g, true, &c),
        vec![
            vec!["strings.HasSuffix(s, \";\")"],
            vec!["strings.HasSuffix(s, \"|\")"]
        ]
    );
    assert_eq!(values(&g, true, &c, "s", STR), vec!["\";\""]);
    let g = bin("!=", rune("x"), last);
    assert_eq!(
        mine_text(&g, true, &c),
        vec![vec!["!strings.HasSuffix(s, \"x\")"]]
    );
    // Without the package's functions the call stays unmodelled.
    let bare = ctx(&f, &[], &[]);
    let alts = mine(&call("isMagic", vec![id("s")]), true, &bare);
    assert!(alts[0][0].is_unsat(), "{alts:?}");
}
