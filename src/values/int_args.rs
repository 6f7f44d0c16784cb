//! Integer arguments the package's tests pass: `Parse(tt.Regexp, Perl)`, `NewReader(b, 4096)`,
//! and through a test helper's parameter (`testParseDump(t, parseTests, testFlags)` calling
//! `Parse(tt.Regexp, flags)`). A seed made of a real text input is worth little with a zero in
//! the integer argument beside it when every test passes a mode, a flag set or a size there:
//! regexp/syntax's `Parse` with flags 0 rejects `\p{Greek}`, `(?i)` and `\d` at once.
//!
//! Values are folded constant expressions over the package's constants (iota groups, `|`,
//! `<<`, typed constants), or a name bound to one by the last assignment before the call.

use super::bases::{callee_name, last_binding};
use crate::constraints::const_expr_value;
use crate::index::{ConstDecl, Expr, Function, GoFile};
use std::collections::BTreeSet;

/// Values kept per argument.
pub const MAX_INTS_PER_ARG: usize = 8;
/// Helpers forwarding a parameter to a helper that forwards it (`a(flags)` → `b(flags)` →
/// `Parse(s, flags)`) are followed this deep.
const FORWARD_DEPTH: usize = 3;

/// One integer a call passes: (callee name, argument index, value).
type Passed = (String, usize, i128);

/// The integer arguments of every call in the package's test files.
#[derive(Clone, Debug, Default)]
pub struct IntArgs {
    /// In test-file order, helpers' forwarded values after the direct ones.
    passed: Vec<Passed>,
}

impl IntArgs {
    /// Mines the functions of `tests`; constants are folded over `consts` (the package's
    /// non-test files) and the test files' own constants.
    pub fn mine(tests: &[&GoFile], consts: &[ConstDecl]) -> IntArgs {
        let mut env: Vec<ConstDecl> = consts.to_vec();
        env.extend(tests.iter().flat_map(|f| f.consts.iter().cloned()));
        let mut passed: Vec<Passed> = Vec::new();
        // (callee, its argument index, helper name, the helper's parameter index).
        let mut forwards: Vec<(String, usize, String, usize)> = Vec::new();
        for f in tests.iter().flat_map(|t| t.functions.iter()) {
            for c in &f.calls {
                let Some(callee) = callee_name(&c.func) else {
                    continue;
                };
                for (i, a) in c.args.iter().enumerate() {
                    match int_arg(a, f, c.pos, &env) {
                        Arg::Value(v) => passed.push((callee.to_string(), i, v)),
                        Arg::Param(p) if f.receiver.is_none() => {
                            forwards.push((callee.to_string(), i, f.name.clone(), p))
                        }
                        _ => {}
                    }
                }
            }
        }
        let mut seen: BTreeSet<Passed> = passed.iter().cloned().collect();
        for _ in 0..FORWARD_DEPTH {
            let mut more: Vec<Passed> = Vec::new();
            for (callee, i, helper, p) in &forwards {
                for (c, j, v) in &passed {
                    let t = (callee.clone(), *i, *v);
                    if c == helper && j == p && !seen.contains(&t) {
                        seen.insert(t.clone());
                        more.push(t);
                    }
                }
            }
            if more.is_empty() {
                break;
            }
            passed.extend(more);
        }
        IntArgs { passed }
    }

    /// The distinct integers the tests pass `callee` at argument `index`, in test order (the
    /// direct calls first), a zero last (it is every seed's value already), at most
    /// [`MAX_INTS_PER_ARG`].
    pub fn for_arg(&self, callee: &str, index: usize) -> Vec<i128> {
        let mut out: Vec<i128> = Vec::new();
        for (c, i, v) in &self.passed {
            if c == callee && *i == index && !out.contains(v) {
                out.push(*v);
                if out.len() == MAX_INTS_PER_ARG {
                    break;
                }
            }
        }
        out.sort_by_key(|v| *v == 0);
        out
    }
}

enum Arg {
    Value(i128),
    /// The enclosing function's parameter at this index, passed on unchanged.
    Param(usize),
    Other,
}

fn int_arg(e: &Expr, f: &Function, at: crate::span::CoverPos, consts: &[ConstDecl]) -> Arg {
    if let Some(v) = fold(e, consts) {
        return Arg::Value(v);
    }
    let Expr::Ident { name } = strip(e) else {
        return Arg::Other;
    };
    if let Some(rhs) = last_binding(f, name, at) {
        return fold(rhs, consts).map_or(Arg::Other, Arg::Value);
    }
    match f
        .params
        .iter()
        .position(|p| p.name.as_deref() == Some(name.as_str()) && !p.variadic)
    {
        Some(p) => Arg::Param(p),
        None => Arg::Other,
    }
}

/// The integer `e` folds to. The folder reads any `f(x)` as a conversion: a call left after
/// [`strip`] is a function's, and no value.
fn fold(e: &Expr, consts: &[ConstDecl]) -> Option<i128> {
    let e = strip(e);
    if matches!(e, Expr::Call { .. }) {
        return None;
    }
    const_expr_value(e, consts)?.as_int()
}

/// `e` without parentheses and a conversion to a named or builtin type (`Flags(x)`,
/// `uint16(x)`): the value is what matters, the harness converts it back.
fn strip(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Paren { x } => x,
            Expr::Call { func, args, .. }
                if args.len() == 1 && matches!(**func, Expr::Ident { .. }) && is_type(func) =>
            {
                &args[0]
            }
            _ => return e,
        };
    }
}

/// A conversion's callee: a builtin integer type, or a name starting upper-case that folds to
/// nothing as a call (`Flags`); a lower-case function call is not stripped.
fn is_type(func: &Expr) -> bool {
    let Expr::Ident { name } = func else {
        return false;
    };
    crate::gotypes::Basic::parse(name)
        .and_then(crate::gotypes::Basic::int_bits)
        .is_some()
        || name.starts_with(|c: char| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(src: &str) -> GoFile {
        crate::syntax::parse_source(src)
    }

    const PKG: &str = "package syntax\n\
        type Flags uint16\n\
        const (\n\
        \tFoldCase Flags = 1 << iota\n\
        \tLiteral\n\
        \tClassNL\n\
        \tDotNL\n\
        \tOneLine\n\
        \tNonGreedy\n\
        \tPerlX\n\
        \tUnicodeGroups\n\
        \tMatchNL = ClassNL | DotNL\n\
        \tPerl = ClassNL | OneLine | PerlX | UnicodeGroups\n\
        )\n\
        func Parse(s string, flags Flags) (int, error) { return 0, nil }\n";

    const TESTS: &str = "package syntax\n\
        import \"testing\"\n\
        const testFlags = MatchNL | PerlX | UnicodeGroups\n\
        func TestParseSimple(t *testing.T) { testParseDump(t, nil, testFlags) }\n\
        func TestParseFoldCase(t *testing.T) { testParseDump(t, nil, FoldCase) }\n\
        func TestParseNoFlags(t *testing.T) { testParseDump(t, nil, 0) }\n\
        func testParseDump(t *testing.T, tests []string, flags Flags) {\n\
        \tfor _, s := range tests { Parse(s, flags) }\n\
        }\n\
        func TestInvalid(t *testing.T) {\n\
        \tParse(\"(\", Perl)\n\
        \tmode := Flags(4096)\n\
        \tParse(\"(\", mode)\n\
        \tParse(\"(\", Perl)\n\
        \tParse(\"(\", lookup(3))\n\
        }\n\
        func lookup(n int) Flags { return Flags(n) }\n";

    #[test]
    fn constants_literals_bindings_and_helper_parameters_are_folded() {
        let pkg = file(PKG);
        let tests = file(TESTS);
        let ints = IntArgs::mine(&[&tests], &pkg.consts);
        // Direct calls first (Perl = 4|16|64|128, the bound 4096), then what the helper's
        // callers pass (testFlags = 4|8|64|128, FoldCase, 0); Perl once; lookup(3) is no value.
        assert_eq!(ints.for_arg("Parse", 1), [212, 4096, 204, 1, 0]);
        assert_eq!(ints.for_arg("testParseDump", 2), [204, 1, 0]);
        // A zero goes last, whatever its place among the calls.
        let zero_first = file(
            &TESTS
                .replace("TestParseSimple", "TestA")
                .replace("testParseDump(t, nil, testFlags)", "Parse(\"x\", 0)"),
        );
        let ints = IntArgs::mine(&[&zero_first], &pkg.consts);
        assert_eq!(ints.for_arg("Parse", 1), [212, 4096, 1, 0]);
        // No integer at the text argument, none for other callees.
        assert!(ints.for_arg("Parse", 0).is_empty());
        assert!(ints.for_arg("Compile", 1).is_empty());
    }
}
