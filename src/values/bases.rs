//! Real inputs as starting points: the string and byte literals a package's own tests feed its
//! functions (call arguments, test tables, `Example` outputs), small files under its
//! `testdata/`, the user's `f.Add` arguments and corpus files, mined once per package and
//! matched to a target's string/`[]byte` arguments; and the seeds synthesized from them (each
//! real input once unchanged, then edited to meet a goal's facts, then with compared literals
//! spliced in). A parser seeded this way starts from valid syntax instead of random words.

use crate::constraints::goals::Goal;
use crate::constraints::{inputs, solve, tokens, Access, CmpOp, Fact, Lit};
use crate::index::{Expr, Function, GoFile};
use crate::values::data_files::{self, DataFiles};
use crate::values::synth::{value_kind, ArgSpec, Options, Seed, SeedKind};
use crate::values::{FuzzType, Value};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// Real inputs kept per argument from the package's files and other tests' literals.
pub const MAX_PER_ARG: usize = 8;
/// Real inputs kept per argument from the calls and tables of the tests that call the target
/// (a parser's test table is the best start it has: a large one is kept, not cut at
/// [`MAX_PER_ARG`]).
pub const MAX_TABLE_PER_ARG: usize = 64;
/// Real inputs mined per argument from the calls and tables of the tests that call the target:
/// the first [`MAX_TABLE_PER_ARG`] are candidates of their own, and all of them are joined, one
/// per line, into pieces of at most [`MAX_SEED_BYTES`] (each a candidate too).
pub const MAX_TABLE_ROWS: usize = 256;
/// Real inputs of each argument paired with those of another ([`pairs`]).
const MAX_PAIRED_PER_ARG: usize = 8;
/// Candidates pairing real inputs of two arguments, per fuzz test.
const MAX_PAIRED: usize = 64;
/// Argument tuples of the tests' own calls kept per target ([`Examples::tuples_for`]).
pub const MAX_TUPLES: usize = 64;
/// Rounds of [`Examples::close_over_helpers`] (helpers calling helpers calling the target).
const HELPER_DEPTH: usize = 4;
/// Candidate seeds per fuzz test, synthesized ones included, when minimization measures them
/// (the default of [`Options::candidates`]).
pub const MAX_CANDIDATES: usize = 32;
/// No real-input candidate (a test's input, a piece of a test table, a `testdata/` file) is
/// longer than this; a longer input is split into row-aligned pieces ([`split_row`],
/// [`row_pieces`]), a binary one excepted ([`seed_pieces`]). Go's fuzzer minimizes every new
/// interesting input it mutates from a seed, for up to `-fuzzminimizetime` (60 s by default),
/// in a number of runs that grows with the square of the input's length, and with `-parallel 1` its only worker does nothing else
/// meanwhile: on BurntSushi/toml's `Decode` a 16 KB seed stalled the fuzzer after 3 s of 60
/// (none with `-fuzzminimizetime=0`), a 1 KB one after 12 s of 40, a 250-byte one did not.
pub const MAX_SEED_BYTES: usize = 256;
/// The pieces joining an argument's real inputs cover at most this many bytes of them.
const MAX_JOINED_BYTES: usize = 16 * 1024;
/// Literals longer than this are left out.
const MAX_LITERAL_BYTES: usize = 4096;
/// Files of one package's `testdata/` offered to every argument (the files a test names are
/// its inputs, [`TestFn::named`]).
const MAX_FILES: usize = 32;

/// How closely a real input belongs to an argument (lower is closer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Passed to the target at this argument position (a test's call, `f.Add`, corpus file).
    Direct,
    /// In a test function (or a table it reads) that calls the target.
    Table,
    /// A small file under `testdata/`, or an `Example`'s `// Output:`.
    File,
    /// Any literal of the package's tests.
    Any,
}

/// One test function of the package, as the matcher needs it.
#[derive(Clone, Debug, Default)]
struct TestFn {
    /// Names the function calls (bare function or method name).
    callees: BTreeSet<String>,
    /// `(callee, argument index, literal)` of calls with a literal argument.
    direct: Vec<(String, usize, Vec<u8>)>,
    /// `(callee, the literal of each argument)` of calls passing literals (or names bound to
    /// one, [`resolve_arg`]) in at least two arguments: the inputs a test feeds together.
    tuples: Vec<(String, Vec<Option<Vec<u8>>>)>,
    /// Every literal of the function and of the package-level test vars it names.
    literals: Vec<Vec<u8>>,
    /// `// Output:` text, for `Example` functions.
    output: Option<Vec<u8>>,
    /// The `testdata/` files the function's literals name ([`DataFiles::named_by`]).
    named: Vec<usize>,
}

/// The real inputs of one package.
#[derive(Clone, Debug, Default)]
pub struct Examples {
    funcs: Vec<TestFn>,
    /// The `testdata/` files (those up to 4 KiB for every target, the named ones up to 64 KiB).
    data: DataFiles,
    /// Every literal of the test files, in file order.
    all: Vec<Vec<u8>>,
    /// Integer arguments of the tests' calls.
    ints: super::int_args::IntArgs,
}

impl Examples {
    /// Mines the package's test files (each with its source text) and, when `dir` is given,
    /// the small files under `dir/testdata` (not `testdata/fuzz`).
    pub fn mine(
        tests: &[(&GoFile, &[u8])],
        dir: Option<&Path>,
        consts: &[crate::index::ConstDecl],
    ) -> Examples {
        let mut ex = Examples::default();
        let files: Vec<&GoFile> = tests.iter().map(|(f, _)| *f).collect();
        ex.ints = super::int_args::IntArgs::mine(&files, consts);
        for (file, src) in tests {
            let toks = lex(src);
            let vars: Vec<(String, Vec<Vec<u8>>)> = file
                .vars
                .iter()
                .map(|(n, e)| (n.clone(), lex(e.to_string().as_bytes()).literals()))
                .collect();
            ex.all.extend(toks.literals());
            let lines: Vec<usize> = std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', src).map(|i| i + 1))
                .collect();
            for f in &file.functions {
                let mut t = test_fn(f, extent(&lines, src.len(), f), &toks, &vars);
                t.tuples = call_tuples(f, file);
                ex.funcs.push(t);
            }
        }
        if let Some(dir) = dir {
            ex.data = DataFiles::read(dir);
        }
        ex.close_over_helpers(tests.iter().flat_map(|(f, _)| f.functions.iter()));
        for t in &mut ex.funcs {
            let direct = t.direct.iter().map(|(_, _, l)| l.as_slice());
            t.named = ex
                .data
                .named_by(direct.chain(t.literals.iter().map(Vec::as_slice)));
        }
        ex
    }

    /// A test that calls a helper of the test files (`testParseDump(t, parseTests, flags)`)
    /// calls what the helper calls: its table is the table of the helper's callees too; and
    /// the tables a helper reads are the caller's (`Init(makeSource(pattern))`, where
    /// `makeSource` ranges over the token table), after the caller's own literals.
    fn close_over_helpers<'a>(&mut self, fns: impl Iterator<Item = &'a Function>) {
        // `funcs` holds one entry per function of the test files, in the same order.
        let names: Vec<Option<String>> = fns
            .map(|f| f.receiver.is_none().then(|| f.name.clone()))
            .collect();
        if names.len() != self.funcs.len() {
            return;
        }
        // One level of helper literals, from the helpers' own extents.
        let own: Vec<Vec<Vec<u8>>> = self.funcs.iter().map(|f| f.literals.clone()).collect();
        for i in 0..self.funcs.len() {
            for (j, n) in names.iter().enumerate() {
                if j != i
                    && n.as_ref()
                        .is_some_and(|n| self.funcs[i].callees.contains(n))
                {
                    let lits = own[j].clone();
                    self.funcs[i].literals.extend(lits);
                }
            }
        }
        for _ in 0..HELPER_DEPTH {
            let mut changed = false;
            for i in 0..self.funcs.len() {
                let mut add: BTreeSet<String> = BTreeSet::new();
                for (j, n) in names.iter().enumerate() {
                    if j != i
                        && n.as_ref()
                            .is_some_and(|n| self.funcs[i].callees.contains(n))
                    {
                        add.extend(self.funcs[j].callees.iter().cloned());
                    }
                }
                let before = self.funcs[i].callees.len();
                self.funcs[i].callees.extend(add);
                changed |= self.funcs[i].callees.len() != before;
            }
            if !changed {
                break;
            }
        }
    }

    /// Reads and mines the `_test.go` files among `tests` (unreadable files are left out).
    pub fn from_test_files(
        tests: &[&GoFile],
        dir: Option<&Path>,
        consts: &[crate::index::ConstDecl],
    ) -> Examples {
        let srcs: Vec<(&GoFile, Vec<u8>)> = tests
            .iter()
            .filter_map(|f| Some((*f, std::fs::read(&f.path).ok()?)))
            .collect();
        let refs: Vec<(&GoFile, &[u8])> = srcs.iter().map(|(f, s)| (*f, s.as_slice())).collect();
        Examples::mine(&refs, dir, consts)
    }

    /// True when nothing was mined.
    pub fn is_empty(&self) -> bool {
        self.funcs.is_empty() && self.data.all().next().is_none() && self.all.is_empty()
    }

    /// Real inputs for argument `index` of `callee`, closest first, deduplicated: at most
    /// [`MAX_TABLE_ROWS`] from the calls and tables of the tests calling it, the farther
    /// tiers only while the list is shorter than [`MAX_PER_ARG`]; `extra` are inputs the caller
    /// already knows to be direct (`f.Add` arguments, corpus files).
    pub fn for_arg(&self, callee: &str, index: usize, extra: &[Vec<u8>]) -> Vec<(Tier, Vec<u8>)> {
        let mut out: Vec<(Tier, Vec<u8>)> = Vec::new();
        let mut seen: HashSet<Vec<u8>> = HashSet::new();
        // `max`: the longest input taken ([`MAX_LITERAL_BYTES`] but for the files a test names).
        let mut add = |tier: Tier, lit: &[u8], out: &mut Vec<(Tier, Vec<u8>)>, max: usize| {
            let cap = match tier {
                Tier::Direct | Tier::Table => MAX_TABLE_ROWS,
                Tier::File | Tier::Any => MAX_PER_ARG,
            };
            if out.len() < cap && usable(lit, tier, max) && seen.insert(lit.to_vec()) {
                out.push((tier, lit.to_vec()));
            }
        };
        for e in extra {
            add(Tier::Direct, e, &mut out, MAX_LITERAL_BYTES);
        }
        let calling: Vec<&TestFn> = self
            .funcs
            .iter()
            .filter(|f| f.callees.contains(callee))
            .collect();
        for f in &calling {
            for (c, i, lit) in &f.direct {
                if c == callee && *i == index {
                    add(Tier::Direct, lit, &mut out, MAX_LITERAL_BYTES);
                }
            }
        }
        // A file a calling test names is what it feeds the target (`readPNG("basn0g01")`
        // decoding `testdata/pngsuite/basn0g01.png`): before the names in its table.
        // Up to [`data_files::MAX_NAMED_FILE_BYTES`], over the literals' cap: a test's image
        // is its input whole.
        for f in &calling {
            for &i in &f.named {
                add(
                    Tier::Table,
                    self.data.get(i),
                    &mut out,
                    data_files::MAX_NAMED_FILE_BYTES,
                );
            }
        }
        for f in &calling {
            for lit in &f.literals {
                add(Tier::Table, lit, &mut out, MAX_LITERAL_BYTES);
            }
        }
        for f in &calling {
            if let Some(o) = &f.output {
                add(Tier::File, o, &mut out, MAX_LITERAL_BYTES);
            }
        }
        for lit in self.data.all().take(MAX_FILES) {
            add(Tier::File, lit, &mut out, MAX_LITERAL_BYTES);
        }
        for f in &self.funcs {
            if let Some(o) = &f.output {
                add(Tier::File, o, &mut out, MAX_LITERAL_BYTES);
            }
        }
        for lit in &self.all {
            add(Tier::Any, lit, &mut out, MAX_LITERAL_BYTES);
        }
        out
    }

    /// The integers the tests pass `callee` at argument `index` ([`super::int_args`]).
    pub fn ints_for(&self, callee: &str, index: usize) -> Vec<i128> {
        self.ints.for_arg(callee, index)
    }

    /// The argument tuples the tests calling `callee` pass it in one call ([`call_tuples`]),
    /// for calls with `arity` arguments, in test order, deduplicated, at most [`MAX_TUPLES`].
    pub fn tuples_for(&self, callee: &str, arity: usize) -> Vec<Vec<Option<Vec<u8>>>> {
        let mut seen: HashSet<&[Option<Vec<u8>>]> = HashSet::new();
        let mut out: Vec<Vec<Option<Vec<u8>>>> = Vec::new();
        for f in self.funcs.iter().filter(|f| f.callees.contains(callee)) {
            for (c, args) in &f.tuples {
                if out.len() < MAX_TUPLES
                    && c == callee
                    && args.len() == arity
                    && seen.insert(args.as_slice())
                {
                    out.push(args.clone());
                }
            }
        }
        out
    }
}

/// The calls of test function `f` that pass a literal, or a name bound to one
/// ([`resolve_arg`]), or a field of a test-table row (`Get(tt.json, tt.path)` in a
/// `for _, tt := range tests` loop: one tuple per row, [`crate::values::tables`]), in at
/// least two arguments: `(callee, each argument's bytes)`.
fn call_tuples(f: &Function, file: &GoFile) -> Vec<(String, Vec<Option<Vec<u8>>>)> {
    let mut out = Vec::new();
    for c in &f.calls {
        let Some(name) = callee_name(&c.func) else {
            continue;
        };
        if MESSAGE_CALLS.contains(&name) || c.args.len() < 2 {
            continue;
        }
        let fixed: Vec<Option<Vec<u8>>> = c
            .args
            .iter()
            .map(|a| resolve_arg(a, f, c.pos, file))
            .collect();
        // A table's rows make tuples only where row fields and the other arguments' literals
        // are two or more: otherwise its text is not read.
        let from_row = c.args.iter().filter(|a| field_of(a).is_some()).count();
        let rows = row_var(&c.args)
            .filter(|_| from_row + fixed.iter().flatten().count() >= 2)
            .and_then(|v| table_rows(v, f, c.pos, file))
            .unwrap_or_default();
        if rows.is_empty() {
            if fixed.iter().filter(|a| a.is_some()).count() >= 2 {
                out.push((name.to_string(), fixed));
            }
            continue;
        }
        for row in rows {
            let args: Vec<Option<Vec<u8>>> = c
                .args
                .iter()
                .zip(&fixed)
                .map(|(a, fx)| match field_of(a) {
                    Some((_, field)) => row.get(field).cloned(),
                    None => fx.clone(),
                })
                .collect();
            if args.iter().filter(|a| a.is_some()).count() >= 2 {
                out.push((name.to_string(), args));
            }
        }
    }
    out
}

/// `(v, field)` of an argument `v.field`, also inside `[]byte(...)` / `string(...)`.
fn field_of(e: &Expr) -> Option<(&str, &str)> {
    match unwrap_conversion(e) {
        Expr::Selector { x, sel } => match x.as_ref() {
            Expr::Ident { name } => Some((name, sel)),
            _ => None,
        },
        _ => None,
    }
}

/// The one name whose fields the arguments read (`tt` of `tt.json`, `tt.path`), if any.
fn row_var(args: &[Expr]) -> Option<&str> {
    let mut vars = args.iter().filter_map(field_of).map(|(v, _)| v);
    let v = vars.next()?;
    vars.all(|w| w == v).then_some(v)
}

/// The rows of the table `v` ranges over (`for _, v := range tests`, the last such loop before
/// `at`): the table a local or package-level var of the file holds, or the literal itself.
fn table_rows(
    v: &str,
    f: &Function,
    at: crate::span::CoverPos,
    file: &GoFile,
) -> Option<Vec<std::collections::BTreeMap<String, Vec<u8>>>> {
    let ranged = f.assigns.iter().rfind(|a| {
        a.op == "range"
            && a.range.start < at
            && matches!(a.lhs.get(1), Some(Expr::Ident { name }) if name == v)
    })?;
    let Some(Expr::Unary { op, x }) = ranged.rhs.first() else {
        return None;
    };
    if op != "range" {
        return None;
    }
    let text = match x.as_ref() {
        Expr::Composite { text } => text.clone(),
        Expr::Ident { name } => {
            let local = last_binding(f, name, ranged.range.start);
            let value = local.or_else(|| file.vars.iter().find(|(n, _)| n == name).map(|(_, e)| e));
            match value? {
                Expr::Composite { text } => text.clone(),
                _ => return None,
            }
        }
        _ => return None,
    };
    let fields_of = |name: &str| -> Option<Vec<String>> {
        let t = file.types.iter().find(|t| t.name == name)?;
        match &t.ty {
            crate::index::GoType::Struct { fields } => {
                fields.iter().map(|f| f.name.clone()).collect()
            }
            _ => None,
        }
    };
    Some(crate::values::tables::rows(&text, fields_of))
}

/// The value the last assignment (`:=`, `=`, `var`) in `f` before `at` gives `name`.
pub(super) fn last_binding<'a>(
    f: &'a Function,
    name: &str,
    at: crate::span::CoverPos,
) -> Option<&'a Expr> {
    f.assigns
        .iter()
        .filter(|a| a.range.start < at && a.lhs.len() == a.rhs.len())
        .filter(|a| matches!(a.op.as_str(), ":=" | "=" | "var"))
        .filter_map(|a| {
            let k = a
                .lhs
                .iter()
                .position(|l| matches!(l, Expr::Ident { name: n } if n == name))?;
            Some(&a.rhs[k])
        })
        .next_back()
}

/// The bytes of a call argument: a literal ([`literal_arg`]), or a name bound to one by the
/// last assignment in `f` before the call (`json := `...``), by a package-level var or const
/// of the file; also inside `[]byte(name)` / `string(name)`.
fn resolve_arg(
    e: &Expr,
    f: &Function,
    at: crate::span::CoverPos,
    file: &GoFile,
) -> Option<Vec<u8>> {
    if let Some(lit) = literal_arg(e) {
        return Some(lit);
    }
    let Expr::Ident { name } = unwrap_conversion(e) else {
        return None;
    };
    if let Some(rhs) = last_binding(f, name, at) {
        return literal_arg(rhs);
    }
    file.vars
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, e)| e)
        .or_else(|| {
            file.consts
                .iter()
                .find(|c| &c.name == name)
                .and_then(|c| c.value.as_ref())
        })
        .and_then(literal_arg)
}

fn usable(lit: &[u8], tier: Tier, max: usize) -> bool {
    let min = if tier == Tier::Any { 3 } else { 1 };
    lit.len() >= min && lit.len() <= max
}

/// The test function's facts: its callees, literal call arguments, literals in its extent
/// and in the package-level test vars it names, and its `// Output:` text.
fn test_fn(
    f: &Function,
    (start, end): (usize, usize),
    toks: &Lexed,
    vars: &[(String, Vec<Vec<u8>>)],
) -> TestFn {
    let mut t = TestFn::default();
    for c in &f.calls {
        let Some(name) = callee_name(&c.func) else {
            continue;
        };
        for (i, a) in c.args.iter().enumerate() {
            if let Some(lit) = literal_arg(a) {
                t.direct.push((name.to_string(), i, lit));
            }
        }
        t.callees.insert(name.to_string());
    }
    let idents: BTreeSet<&str> = within(&toks.idents, start, end)
        .iter()
        .map(|(_, n)| n.as_str())
        .collect();
    // The package-level tables the function reads first, then its own literals.
    for (name, lits) in vars {
        if idents.contains(name.as_str()) {
            t.literals.extend(lits.iter().cloned());
        }
    }
    for (_, lit) in within(&toks.lits, start, end) {
        t.literals.push(lit.clone());
    }
    if f.name.starts_with("Example") {
        t.output = within(&toks.outputs, start, end)
            .first()
            .map(|(_, o)| o.clone());
    }
    t
}

/// The name a call's callee expression ends in (`Parse` of `Parse` and of `syntax.Parse`).
pub(super) fn callee_name(func: &Expr) -> Option<&str> {
    match func {
        Expr::Ident { name } => Some(name),
        Expr::Selector { sel, .. } => Some(sel),
        _ => None,
    }
}

/// `"lit"`, `` `lit` ``, `[]byte("lit")` → its bytes.
fn literal_arg(e: &Expr) -> Option<Vec<u8>> {
    match unwrap_conversion(e) {
        Expr::Str { text } => crate::golex::unquote_string(text.as_bytes()).ok(),
        _ => None,
    }
}

/// `e` without the parentheses and `[]byte(...)` / `string(...)` conversions around it.
fn unwrap_conversion(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Paren { x } => x,
            Expr::Call { func, args, .. }
                if args.len() == 1
                    && matches!(func.to_string().as_str(), "[]byte" | "string" | "([]byte)") =>
            {
                &args[0]
            }
            _ => return e,
        };
    }
}

/// The items of `v` (sorted by offset) whose offset lies in `start..end`.
fn within<T>(v: &[(usize, T)], start: usize, end: usize) -> &[(usize, T)] {
    let lo = v.partition_point(|(p, _)| *p < start);
    let hi = v.partition_point(|(p, _)| *p < end);
    &v[lo..hi.max(lo)]
}

/// Byte offsets of a function's extent, from the file's line starts and length.
fn extent(line_starts: &[usize], len: usize, f: &Function) -> (usize, usize) {
    let at = |line: u32, col: u32| -> usize {
        let l = (line as usize).saturating_sub(1);
        line_starts
            .get(l)
            .map_or(len, |s| (s + (col as usize).saturating_sub(1)).min(len))
    };
    (
        at(f.range.start.line, f.range.start.col),
        at(f.range.end.line, f.range.end.col),
    )
}

/// What the lexer keeps of a Go source: string literals (not the ones that name subtests,
/// describe table rows or format messages), identifiers, and `// Output:` blocks, each with
/// its byte offset.
#[derive(Default)]
struct Lexed {
    lits: Vec<(usize, Vec<u8>)>,
    idents: Vec<(usize, String)>,
    outputs: Vec<(usize, Vec<u8>)>,
}

impl Lexed {
    fn literals(&self) -> Vec<Vec<u8>> {
        self.lits.iter().map(|(_, l)| l.clone()).collect()
    }
}

/// Calls whose string arguments are messages or names, not inputs.
const MESSAGE_CALLS: &[&str] = &[
    "Run", "Errorf", "Fatalf", "Logf", "Skipf", "Error", "Fatal", "Log", "Skip", "Sprintf",
    "Printf", "Println", "Print", "Sprint", "Sprintln", "New", "Helper", "Setenv",
];
/// Table keys whose values describe a row rather than feed the target.
const LABEL_KEYS: &[&str] = &[
    "name",
    "desc",
    "description",
    "title",
    "msg",
    "reason",
    "why",
];

fn lex(src: &[u8]) -> Lexed {
    let mut out = Lexed::default();
    // The last two significant tokens before a literal: `Errorf (`, `name :`.
    let (mut prev, mut prev2) = (String::new(), String::new());
    // Inside `import ( ... )`: import paths are not inputs.
    let mut in_import = false;
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        if c == b'/' && src.get(i + 1) == Some(&b'/') {
            let end = memchr::memchr(b'\n', &src[i..]).map_or(src.len(), |n| i + n);
            if let Some((o, next)) = output_block(src, i) {
                out.outputs.push((i, o));
                i = next;
            } else {
                i = end;
            }
            continue;
        }
        if c == b'/' && src.get(i + 1) == Some(&b'*') {
            i = find(src, i + 2, b"*/").map_or(src.len(), |n| n + 2);
            continue;
        }
        if c == b'"' || c == b'`' || c == b'\'' {
            let end = quoted_end(src, i);
            if c != b'\'' {
                let label = LABEL_KEYS.contains(&prev2.as_str()) && prev == ":";
                let message = MESSAGE_CALLS.contains(&prev2.as_str()) && prev == "(";
                if !label && !message && !in_import && prev != "import" {
                    if let Ok(v) = crate::golex::unquote_string(&src[i..end]) {
                        out.lits.push((i, v));
                    }
                }
            }
            (prev2, prev) = (prev, "lit".into());
            i = end;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < src.len() && (src[i].is_ascii_alphanumeric() || src[i] == b'_') {
                i += 1;
            }
            let word = String::from_utf8_lossy(&src[s..i]).into_owned();
            out.idents.push((s, word.clone()));
            (prev2, prev) = (prev, word);
            continue;
        }
        if !c.is_ascii_whitespace() {
            if c == b'(' && prev == "import" {
                in_import = true;
            } else if c == b')' {
                in_import = false;
            }
            (prev2, prev) = (prev, (c as char).to_string());
        }
        i += 1;
    }
    out
}

fn find(src: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    src.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| p + from)
}

/// End (exclusive) of the literal opening at `i`: past its closing quote, or the line's end.
pub(crate) fn quoted_end(src: &[u8], i: usize) -> usize {
    let q = src[i];
    let mut j = i + 1;
    while j < src.len() {
        match src[j] {
            b'\\' if q != b'`' => j += 2,
            b'\n' if q != b'`' => return j,
            x if x == q => return j + 1,
            _ => j += 1,
        }
    }
    src.len()
}

/// A `// Output:` (or `// Unordered output:`) comment at `i` and the comment lines after it:
/// the expected output text and the offset past the block.
fn output_block(src: &[u8], i: usize) -> Option<(Vec<u8>, usize)> {
    let line_end = |p: usize| memchr::memchr(b'\n', &src[p..]).map_or(src.len(), |n| p + n);
    let first = &src[i + 2..line_end(i)];
    let head = String::from_utf8_lossy(first);
    let head = head.trim_start();
    let rest = head
        .strip_prefix("Output:")
        .or_else(|| head.strip_prefix("Unordered output:"))?;
    let mut lines: Vec<String> = Vec::new();
    if !rest.trim().is_empty() {
        lines.push(rest.trim().to_string());
    }
    let mut p = (line_end(i) + 1).min(src.len());
    loop {
        let mut s = p;
        while s < src.len() && (src[s] == b' ' || src[s] == b'\t') {
            s += 1;
        }
        if !src[s..].starts_with(b"//") {
            break;
        }
        let text = String::from_utf8_lossy(&src[s + 2..line_end(s)]).into_owned();
        lines.push(
            text.strip_prefix(' ')
                .unwrap_or(&text)
                .trim_end()
                .to_string(),
        );
        p = (line_end(s) + 1).min(src.len());
        if p >= src.len() {
            break;
        }
    }
    let text = lines.join("\n");
    Some((text.into_bytes(), p))
}

/// The real inputs of one fuzz test's arguments ([`synthesize_with_inputs`]).
#[derive(Clone, Debug, Default)]
pub struct RealInputs {
    /// Text inputs per argument (`texts[ai]`; empty for arguments that take none).
    pub texts: Vec<Vec<Vec<u8>>>,
    /// The tests' own argument tuples (`tuples[k][ai]`, [`Examples::tuples_for`]).
    pub tuples: Vec<Vec<Option<Vec<u8>>>>,
    /// The integers the tests pass per argument (`ints[ai]`, [`Examples::ints_for`]).
    pub ints: Vec<Vec<i128>>,
}

/// Seeds for one fuzz test: [`crate::values::synth::synthesize`]'s, then, from the real
/// inputs (`real[ai]` for argument `ai`, empty for others): each real input once unchanged, each
/// goal's alternative met by editing a real input (a compared literal prepended, appended or
/// put in place of a word, kept only when the solver accepts the result), and compared
/// literals of every goal spliced in place of a word of the same kind (digits for numbers).
/// At most `opts.candidates` (fewer never drops synthesized seeds); deterministic.
pub fn synthesize_with_inputs(
    name: &str,
    goals: &[Goal],
    args: &[ArgSpec],
    base: &[Value],
    inputs: &RealInputs,
    opts: &Options,
) -> Vec<Seed> {
    let mut out = crate::values::synth::synthesize(name, goals, args, base, opts);
    let (real, tuples) = (inputs.texts.as_slice(), inputs.tuples.as_slice());
    let no_ints = inputs.ints.iter().all(Vec::is_empty);
    let nothing_real = real.iter().all(|r| r.is_empty()) && no_ints;
    if !opts.real_inputs || real.len() != args.len() || nothing_real {
        return out;
    }
    // Inputs longer than a seed may be are split into pieces, so every candidate made from
    // them (unchanged, edited, spliced) stays small enough not to stall the fuzzer.
    let real: Vec<Vec<Vec<u8>>> = real
        .iter()
        .map(|list| list.iter().flat_map(|r| seed_pieces(r)).collect())
        .collect();
    let real = real.as_slice();
    let base: Vec<Value> = if base.len() == args.len() {
        base.to_vec()
    } else {
        args.iter().map(|a| a.ty.zero()).collect()
    };
    let ints = inputs.ints.as_slice();
    let (base, unchanged_ints) = with_test_ints(&base, ints);
    // Half the cap at least goes to real inputs, however many seeds synthesis made; a large
    // test table (more than [`MAX_PER_ARG`] inputs for an argument) raises it by its excess
    // (once: arguments of the same call share their tests' table).
    let excess: usize = real
        .iter()
        .map(|r| r.len().min(MAX_TABLE_PER_ARG).saturating_sub(MAX_PER_ARG))
        .max()
        .filter(|_| opts.whole_tables)
        .unwrap_or(0);
    let (mut unchanged, more) = if opts.whole_tables {
        table_pieces(args, &base, real)
    } else {
        (Vec::new(), 0)
    };
    let (together, paired) = if opts.whole_tables {
        (tuple_cands(args, &base, tuples), pairs(args, &base, real))
    } else {
        (Vec::new(), Vec::new())
    };
    let cap = out.len()
        + opts
            .candidates
            .saturating_sub(out.len())
            .max(opts.candidates / 2)
        + excess
        + more;
    // Then the i-th input of every argument before any argument's (i+1)-th.
    let longest = real
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .min(MAX_TABLE_PER_ARG);
    // Rows take the tests' integers in turn (row i the i-th value, cycling).
    for i in 0..longest {
        for (ai, list) in real.iter().enumerate() {
            if let Some(r) = list.get(i) {
                let mut values = base.clone();
                values[ai] = text_value(r, args[ai].ty);
                for (bi, vs) in ints.iter().enumerate() {
                    if bi != ai && vs.len() > 1 && bi < values.len() {
                        let v = base[bi].with_int(vs[i % vs.len()]);
                        values[bi] = v.unwrap_or_else(|| base[bi].clone());
                    }
                }
                unchanged.push((values, SeedKind::RealInput, None, Vec::new()));
            }
        }
    }
    unchanged.extend(unchanged_ints);
    let mut aimed: Vec<Cand> = Vec::new();
    aimed_edits(&mut aimed, goals, args, &base, real, opts);
    let mut spliced: Vec<Cand> = Vec::new();
    splices(&mut spliced, goals, args, &base, real, opts);
    let mut c = Candidates {
        cap,
        seen: out.iter().map(|s| s.values.clone()).collect(),
        out: &mut out,
    };
    c.push_in_turns([unchanged, aimed, by_goal_in_turns(spliced)]);
    // The tests' own argument tuples, then pairs, last, over the cap the others filled: where
    // a package's candidates are cut (`verify::minimize::fair_share`), they go first.
    c.cap = c.out.len() + together.len() + paired.len();
    for (values, kind, aim, facts) in together.into_iter().chain(paired) {
        c.push(values, kind, aim, facts);
    }
    out
}

/// `base` with each integer argument at the first value the tests pass it (`ints[ai]`; a zero
/// base only: an `f.Add` value stays), and a candidate for each other value alone.
fn with_test_ints(base: &[Value], ints: &[Vec<i128>]) -> (Vec<Value>, Vec<Cand>) {
    let mut out = base.to_vec();
    for (b, vs) in out.iter_mut().zip(ints) {
        if let Some(v) = vs.first().filter(|_| *b == b.fuzz_type().zero()) {
            *b = b.with_int(*v).unwrap_or_else(|| b.clone());
        }
    }
    let mut alone: Vec<Cand> = Vec::new();
    for (ai, vs) in ints.iter().enumerate().filter(|(ai, _)| *ai < base.len()) {
        for v in vs {
            if let Some(x) = base[ai].with_int(*v).filter(|x| *x != out[ai]) {
                let mut values = out.clone();
                values[ai] = x;
                alone.push((values, SeedKind::RealInput, None, Vec::new()));
            }
        }
    }
    (out, alone)
}

/// A real input as candidates: a text in pieces of at most [`MAX_SEED_BYTES`]
/// ([`split_row`]); a binary input (not UTF-8, or holding a NUL: an image, an archive, a
/// compressed stream) whole, as its pieces would not even start like one. No real input is
/// longer than [`MAX_LITERAL_BYTES`] ([`usable`]) but a file a test names (up to
/// [`data_files::MAX_NAMED_FILE_BYTES`]).
fn seed_pieces(r: &[u8]) -> Vec<Vec<u8>> {
    if is_binary(r) {
        vec![r.to_vec()]
    } else {
        split_row(r, MAX_SEED_BYTES)
    }
}

/// Not UTF-8, or holding a NUL byte.
fn is_binary(b: &[u8]) -> bool {
    b.contains(&0) || std::str::from_utf8(b).is_err()
}

/// `row` in pieces of at most `cap` bytes cut at line ends (joined with `\n` they give `row`
/// back); a line longer than `cap` is cut every `cap` bytes (backed off to the start of a UTF-8
/// character where one is cut). A row within `cap` is its own only piece.
fn split_row(row: &[u8], cap: usize) -> Vec<Vec<u8>> {
    if row.len() <= cap {
        return vec![row.to_vec()];
    }
    let mut parts: Vec<&[u8]> = Vec::new();
    for line in row.split(|&b| b == b'\n') {
        let mut rest = line;
        while rest.len() > cap {
            let mut at = cap;
            // Back off over UTF-8 continuation bytes (at most 3) to a character's start.
            while at > cap.saturating_sub(3).max(1) && rest[at] & 0xC0 == 0x80 {
                at -= 1;
            }
            let (head, tail) = rest.split_at(at);
            parts.push(head);
            rest = tail;
        }
        parts.push(rest);
    }
    pack(parts, cap)
}

/// `rows` joined one per line into pieces of at most `cap` bytes, in order, each row whole in
/// one piece (a row longer than `cap` split first by [`split_row`]), rows taken while their
/// total stays within `max_bytes`. Every row so taken is in exactly one piece.
fn row_pieces(rows: &[Vec<u8>], cap: usize, max_bytes: usize) -> Vec<Vec<u8>> {
    let mut total = 0usize;
    let mut parts: Vec<Vec<u8>> = Vec::new();
    // A binary input longer than a piece is a candidate whole ([`seed_pieces`]), never cut.
    for row in rows.iter().filter(|r| r.len() <= cap || !is_binary(r)) {
        total += row.len() + 1;
        if total - 1 > max_bytes {
            break;
        }
        parts.extend(split_row(row, cap));
    }
    pack(parts.iter().map(Vec::as_slice).collect(), cap)
}

/// `parts` (each within `cap`) joined with `\n` greedily into pieces of at most `cap` bytes.
fn pack(parts: Vec<&[u8]>, cap: usize) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut cur: Option<Vec<u8>> = None;
    for p in parts {
        match cur.as_mut() {
            Some(c) if c.len() + 1 + p.len() <= cap => {
                c.push(b'\n');
                c.extend_from_slice(p);
            }
            _ => out.extend(cur.replace(p.to_vec())),
        }
    }
    out.extend(cur);
    out
}

/// Every input of an argument at once, one per line, in pieces of at most [`MAX_SEED_BYTES`]
/// (the others at `base`): a tokenizer stepped through its whole input (see `writers::harness`)
/// meets every row of its test table in a few seeds, and the per-fuzz-test cover keeps the
/// pieces that add coverage. Also returns how many more candidates these are than the one
/// joined seed per table they replace (the most over the arguments: they share a table).
fn table_pieces(args: &[ArgSpec], base: &[Value], real: &[Vec<Vec<u8>>]) -> (Vec<Cand>, usize) {
    let mut out: Vec<Cand> = Vec::new();
    let mut more = 0;
    for (ai, list) in real.iter().enumerate() {
        if list.len() < 2 {
            continue;
        }
        let pieces = row_pieces(list, MAX_SEED_BYTES, MAX_JOINED_BYTES);
        more = more.max(pieces.len().saturating_sub(1));
        for piece in pieces {
            let mut values = base.to_vec();
            values[ai] = text_value(&piece, args[ai].ty);
            out.push((values, SeedKind::RealInput, None, Vec::new()));
        }
    }
    (out, more)
}

/// Seeds with real inputs in both arguments at once (the others at `base`), where exactly two
/// arguments have real inputs: each of the [`longest`] inputs of one with each of the other's,
/// the pairs of longer inputs first, at most [`MAX_PAIRED`]. A document and a query into it
/// (`Get(json, path)`) reach little apart: tried one argument at a time, a query meets an empty
/// document and a document an empty query. Not with more such arguments: on
/// text/template/parse's `Parse(name, text, leftDelim, rightDelim)` pairs of any two of them
/// displaced better candidates (its kept seeds replayed 219 cold statements instead of 292).
fn pairs(args: &[ArgSpec], base: &[Value], real: &[Vec<Vec<u8>>]) -> Vec<Cand> {
    let with: Vec<usize> = (0..real.len()).filter(|&i| !real[i].is_empty()).collect();
    let mut out: Vec<Cand> = Vec::new();
    if with.len() != 2 {
        return out;
    }
    for (n, &a) in with.iter().enumerate() {
        for &b in &with[n + 1..] {
            let (xs, ys) = (longest(&real[a]), longest(&real[b]));
            let mut ij: Vec<(usize, usize)> = (0..xs.len())
                .flat_map(|i| (0..ys.len()).map(move |j| (i, j)))
                .collect();
            ij.sort_by_key(|&(i, j)| (i.max(j), i, j));
            for (i, j) in ij {
                let mut values = base.to_vec();
                values[a] = text_value(xs[i], args[a].ty);
                values[b] = text_value(ys[j], args[b].ty);
                out.push((values, SeedKind::RealInput, None, Vec::new()));
            }
        }
    }
    out.truncate(MAX_PAIRED);
    out
}

/// Seeds holding the inputs a test passes together in one call ([`Examples::tuples_for`],
/// mapped to the arguments: `tuples[k][ai]` for argument `ai`), the others at `base`; tuples
/// with an input longer than [`MAX_SEED_BYTES`] are left out (cut, a document is no longer
/// the one its query was written for).
fn tuple_cands(args: &[ArgSpec], base: &[Value], tuples: &[Vec<Option<Vec<u8>>>]) -> Vec<Cand> {
    let text = |ai: usize| matches!(args[ai].ty, FuzzType::String | FuzzType::Bytes);
    tuples
        .iter()
        .filter(|t| t.len() == args.len())
        .filter(|t| {
            let set: Vec<usize> = (0..t.len()).filter(|&ai| t[ai].is_some()).collect();
            set.len() >= 2
                && set.iter().all(|&ai| {
                    text(ai) && t[ai].as_ref().is_some_and(|b| b.len() <= MAX_SEED_BYTES)
                })
        })
        .map(|t| {
            let mut values = base.to_vec();
            for (ai, b) in t.iter().enumerate() {
                if let Some(b) = b {
                    values[ai] = text_value(b, args[ai].ty);
                }
            }
            (values, SeedKind::RealInput, None, Vec::new())
        })
        .collect()
}

/// The [`MAX_PAIRED_PER_ARG`] longest of `list` (the richest documents and queries; within
/// [`MAX_SEED_BYTES`] after [`split_row`]), longest first, earlier first among equals.
fn longest(list: &[Vec<u8>]) -> Vec<&[u8]> {
    let mut v: Vec<&[u8]> = list.iter().map(Vec::as_slice).collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.len()));
    v.truncate(MAX_PAIRED_PER_ARG);
    v
}

/// A candidate before deduplication: values, kind, the goal it aims at, the facts it meets.
type Cand = (Vec<Value>, SeedKind, Option<usize>, Vec<String>);

/// `v` reordered so each goal's first candidate comes before any goal's second, and so on
/// (stable within a goal).
fn by_goal_in_turns(v: Vec<Cand>) -> Vec<Cand> {
    let mut seen: std::collections::HashMap<Option<usize>, usize> = Default::default();
    let mut ranked: Vec<(usize, usize, Cand)> = v
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let r = seen.entry(c.2).or_insert(0);
            *r += 1;
            (*r, i, c)
        })
        .collect();
    ranked.sort_by_key(|(r, i, _)| (*r, *i));
    ranked.into_iter().map(|(_, _, c)| c).collect()
}

/// Candidate seeds, deduplicated (a repeat adds its goal to the first), capped.
struct Candidates<'a> {
    cap: usize,
    out: &'a mut Vec<Seed>,
    seen: HashSet<Vec<Value>>,
}

impl Candidates<'_> {
    /// The lists' candidates taken in turns, so no kind starves the others under the cap.
    fn push_in_turns<const N: usize>(&mut self, lists: [Vec<Cand>; N]) {
        let mut lists = lists.map(Vec::into_iter);
        loop {
            let mut any = false;
            for l in lists.iter_mut() {
                if let Some((values, kind, aim, facts)) = l.next() {
                    self.push(values, kind, aim, facts);
                    any = true;
                }
            }
            if !any {
                break;
            }
        }
    }

    fn push(&mut self, values: Vec<Value>, kind: SeedKind, aim: Option<usize>, facts: Vec<String>) {
        if self.seen.contains(&values) {
            if let (Some(g), Some(prev)) = (aim, self.out.iter_mut().find(|s| s.values == values)) {
                if !prev.aims.contains(&g) {
                    prev.aims.push(g);
                }
            }
            return;
        }
        if self.out.len() >= self.cap {
            return;
        }
        self.seen.insert(values.clone());
        self.out.push(Seed {
            values,
            kind,
            aims: aim.into_iter().collect(),
            facts,
        });
    }
}

fn text_value(b: &[u8], t: FuzzType) -> Value {
    match t {
        FuzzType::Bytes => Value::Bytes(b.to_vec()),
        _ => Value::String(b.to_vec()),
    }
}

/// True when the solver accepts `e` as the value of `p` under `alt`.
fn meets(alt: &[Fact], p: &Access, t: FuzzType, e: &[u8]) -> bool {
    let mut facts = alt.to_vec();
    facts.push(Fact::Cmp {
        access: p.clone(),
        op: CmpOp::Eq,
        lit: Lit::Str(e.to_vec()),
    });
    !solve(&facts, p, value_kind(t)).is_empty()
}

/// Maximal runs of ASCII letters/digits/`_` in `r`: (start, end, all digits).
fn words(r: &[u8]) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < r.len() {
        if r[i].is_ascii_alphanumeric() || r[i] == b'_' {
            let s = i;
            while i < r.len() && (r[i].is_ascii_alphanumeric() || r[i] == b'_') {
                i += 1;
            }
            out.push((s, i, r[s..i].iter().all(u8::is_ascii_digit)));
        } else {
            i += 1;
        }
    }
    out.truncate(8);
    out
}

fn replaced(r: &[u8], (s, e): (usize, usize), t: &[u8]) -> Vec<u8> {
    [&r[..s], t, &r[e..]].concat()
}

/// Edits of `r` that may meet facts: `r`, then per token prefixed, suffixed, in place of a word.
fn edits(r: &[u8], toks: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut out = vec![r.to_vec()];
    for t in toks {
        out.push([t.as_slice(), r].concat());
        out.push([r, t.as_slice()].concat());
        for (s, e, _) in words(r) {
            out.push(replaced(r, (s, e), t));
        }
    }
    out
}

/// Per goal and alternative speaking about a string/bytes argument with real inputs: the first
/// real input an edit of which the solver accepts (other arguments: the solver's first value).
fn aimed_edits(
    c: &mut Vec<Cand>,
    goals: &[Goal],
    args: &[ArgSpec],
    base: &[Value],
    real: &[Vec<Vec<u8>>],
    opts: &Options,
) {
    for (gi, goal) in goals.iter().enumerate() {
        for alt in goal.alternatives.iter().take(opts.alternatives_per_goal) {
            let paths = inputs(alt);
            for (ai, a) in args.iter().enumerate() {
                let Some(p) = a.path.as_ref().filter(|p| paths.contains(p)) else {
                    continue;
                };
                if real[ai].is_empty() || a.doc.is_some() {
                    continue;
                }
                let mut toks = tokens(alt);
                for l in solve(alt, p, value_kind(a.ty)).into_iter().take(3) {
                    if let Lit::Str(b) = l {
                        toks.push(b);
                    }
                }
                toks.truncate(8);
                let Some(e) = real[ai]
                    .iter()
                    .take(MAX_PER_ARG)
                    .find_map(|r| edits(r, &toks).into_iter().find(|e| meets(alt, p, a.ty, e)))
                else {
                    continue;
                };
                let mut values = base.to_vec();
                for (oi, o) in args.iter().enumerate() {
                    let Some(op) = o.path.as_ref().filter(|q| oi != ai && paths.contains(q)) else {
                        continue;
                    };
                    let first = solve(alt, op, value_kind(o.ty)).into_iter().next();
                    if let Some(v) =
                        first.and_then(|l| crate::values::synth::lit_to_value(&l, o.ty))
                    {
                        values[oi] = v;
                    }
                }
                values[ai] = text_value(&e, a.ty);
                let facts = alt.iter().map(|f| f.to_string()).collect();
                c.push((values, SeedKind::Aimed, Some(gi), facts));
            }
        }
    }
}

/// Tokens to splice for one alternative: the solver's first value of each integer an
/// ordering compares (`major > 9000` → `9001`), then the compared literals themselves.
fn splice_tokens(alt: &[Fact]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for f in alt {
        if let Fact::Cmp {
            access,
            op: CmpOp::Gt | CmpOp::Ge | CmpOp::Lt | CmpOp::Le | CmpOp::Ne,
            lit: Lit::Int(_),
        } = f
        {
            let kind = crate::constraints::ValueKind::Int {
                bits: 64,
                signed: true,
            };
            if let Some(Lit::Int(v)) = solve(alt, access, kind).into_iter().next() {
                out.push(v.to_string().into_bytes());
            }
        }
    }
    out.extend(tokens(alt));
    out
}

/// Literals of a guard's text: strings as written, integers with their neighbours (`> 9000` is
/// met by 9001, `< 10` by 9).
fn guard_tokens(guard: &str) -> Vec<Vec<u8>> {
    let lexed = lex(guard.as_bytes());
    let mut out: Vec<Vec<u8>> = lexed.literals();
    let b = guard.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit()
            && (i == 0
                || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'.'));
        if !starts {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if let Some(n) =
            crate::golex::parse_int_lit(&guard[s..i]).and_then(|n| i64::try_from(n).ok())
        {
            for v in [n.saturating_add(1), n, n.saturating_sub(1)] {
                out.push(v.to_string().into_bytes());
            }
        }
    }
    out
}

/// Compared literals of every goal put in place of a word of each real input: numbers in place
/// of digit runs, other literals in place of other words.
fn splices(
    c: &mut Vec<Cand>,
    goals: &[Goal],
    args: &[ArgSpec],
    base: &[Value],
    real: &[Vec<Vec<u8>>],
    opts: &Options,
) {
    // Up to 6 tokens per goal, each token once (with the first goal naming it).
    let mut toks: Vec<(usize, Vec<u8>)> = Vec::new();
    for (gi, g) in goals.iter().enumerate() {
        // Guards over values the miner cannot tie to an input (`v.Major > 9000` on a parsed
        // result) still name the literals to try.
        let own: Vec<Vec<u8>> = g
            .alternatives
            .iter()
            .take(opts.alternatives_per_goal)
            .flat_map(|alt| splice_tokens(alt))
            .chain(guard_tokens(&g.guard))
            .collect();
        let mut n = 0;
        for t in own {
            if n < 6 && !toks.iter().any(|(_, x)| *x == t) {
                toks.push((gi, t));
                n += 1;
            }
        }
    }
    for (gi, t) in &toks {
        let numeric = t.iter().all(|b| b.is_ascii_digit() || *b == b'-');
        for (ai, list) in real.iter().enumerate() {
            for r in list.iter().take(4) {
                for (s, e, digits) in words(r) {
                    if digits == numeric {
                        let mut values = base.to_vec();
                        values[ai] = text_value(&replaced(r, (s, e), t), args[ai].ty);
                        c.push((values, SeedKind::RealInput, Some(*gi), Vec::new()));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_inputs(t: &[Vec<Vec<u8>>]) -> RealInputs {
        RealInputs {
            texts: t.to_vec(),
            ..Default::default()
        }
    }

    const TEST_SRC: &str = r#"package semver

import "testing"

var cases = []struct {
	name string
	in   string
	ok   bool
}{
	{name: "plain release", in: "1.2.3", ok: true},
	{name: "pre-release", in: "1.0.0-rc.1", ok: true},
	{name: "empty", in: "", ok: false},
}

func TestParse(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Parse(c.in); (err == nil) != c.ok {
				t.Errorf("Parse(%q): %v", c.in, err)
			}
		})
	}
	if _, err := Parse("v2.0.0"); err == nil {
		t.Fatal("prefix accepted")
	}
	Compare([]byte(`9.9.9`), "x")
}

func TestOther(t *testing.T) {
	Format("unrelated-literal")
}

func ExampleFormat() {
	Format("1.2.3")
	// Output:
	// v1.2.3
	// done
}
"#;

    fn mined() -> Examples {
        let file = crate::index::parse_source(TEST_SRC);
        Examples::mine(&[(&file, TEST_SRC.as_bytes())], None, &[])
    }

    fn texts(v: Vec<(Tier, Vec<u8>)>) -> Vec<(Tier, String)> {
        v.into_iter()
            .map(|(t, b)| (t, String::from_utf8(b).unwrap()))
            .collect()
    }

    #[test]
    fn call_arguments_come_first_then_the_table_of_the_calling_test() {
        let got = texts(mined().for_arg("Parse", 0, &[]));
        use Tier::*;
        assert_eq!(
            got,
            vec![
                (Direct, "v2.0.0".into()),
                // The table the test ranges over, without row names, subtest names or messages.
                (Table, "1.2.3".into()),
                (Table, "1.0.0-rc.1".into()),
                (Table, "9.9.9".into()),
                (Table, "x".into()),
                (File, "v1.2.3\ndone".into()),
                (Any, "unrelated-literal".into()),
            ]
        );
    }

    #[test]
    fn argument_positions_and_byte_conversions_are_kept_apart() {
        let ex = mined();
        assert_eq!(
            ex.for_arg("Compare", 0, &[])[0],
            (Tier::Direct, b"9.9.9".to_vec())
        );
        assert_eq!(
            ex.for_arg("Compare", 1, &[])[0],
            (Tier::Direct, b"x".to_vec())
        );
        // An Example's output belongs first to the function the Example calls.
        let fmt = texts(ex.for_arg("Format", 0, &[]));
        assert_eq!(fmt[0], (Tier::Direct, "unrelated-literal".into()));
        assert_eq!(fmt[1], (Tier::Direct, "1.2.3".into()));
        assert!(fmt.contains(&(Tier::File, "v1.2.3\ndone".into())));
    }

    #[test]
    fn extra_inputs_lead_and_the_list_is_capped_and_deduplicated() {
        let extra: Vec<Vec<u8>> = (0..600)
            .map(|i| format!("{}.0.0", i % 300).into_bytes())
            .collect();
        let got = mined().for_arg("Parse", 0, &extra);
        assert_eq!(got.len(), MAX_TABLE_ROWS);
        assert!(got.iter().all(|(t, _)| *t == Tier::Direct));
        assert_eq!(got[0].1, b"0.0.0");
        assert_eq!(got[7].1, b"7.0.0");
        // A few direct inputs: the farther tiers fill the list up to MAX_PER_ARG only.
        let few: Vec<Vec<u8>> = (0..3).map(|i| format!("{i}.1.0").into_bytes()).collect();
        let got = mined().for_arg("Unknown", 0, &few);
        assert!(got.len() <= MAX_PER_ARG);
        assert_eq!(got.last().map(|(t, _)| *t), Some(Tier::Any));
    }

    #[test]
    fn a_table_read_through_a_test_helper_belongs_to_the_helpers_callee() {
        let src = r#"package syntax

import "testing"

var parseTests = []parseTest{
	{`a|b`, `alt{lit{a}lit{b}}`},
	{`(?i)x*`, `star{foldlit{x}}`},
}

func TestParseSimple(t *testing.T) {
	testParseDump(t, parseTests, 0)
}

func testParseDump(t *testing.T, tests []parseTest, flags Flags) {
	for _, tt := range tests {
		check(t, tt, flags)
	}
}

func check(t *testing.T, tt parseTest, flags Flags) {
	re, _ := Parse(tt.Regexp, flags)
	_ = dump(re)
}

func TestOther(t *testing.T) {
	_ = "far away literal"
}
"#;
        let file = crate::index::parse_source(src);
        let ex = Examples::mine(&[(&file, src.as_bytes())], None, &[]);
        let got = texts(ex.for_arg("Parse", 0, &[]));
        assert_eq!(got[0], (Tier::Table, "a|b".into()));
        assert!(got.contains(&(Tier::Table, "(?i)x*".into())), "{got:?}");
        assert!(!got.contains(&(Tier::Table, "far away literal".into())));
    }

    #[test]
    fn a_table_a_helper_reads_belongs_to_the_tests_calling_the_helper() {
        let src = r#"package scanner

import (
	"bytes"
	"fmt"
	"testing"
)

var tokenList = []elt{
	{Int, "0x1p-2"},
	{Char, `'\x41'`},
}

func makeSource(pattern string) *bytes.Buffer {
	var buf bytes.Buffer
	for _, k := range tokenList {
		fmt.Fprintf(&buf, pattern, k.text)
	}
	return &buf
}

func testScan(t *testing.T, mode uint) {
	s := new(Scanner).Init(makeSource(" \t%s\n"))
	_ = s
}

func TestOther(t *testing.T) {
	_ = "far away literal"
}
"#;
        let file = crate::index::parse_source(src);
        let ex = Examples::mine(&[(&file, src.as_bytes())], None, &[]);
        let got = texts(ex.for_arg("Init", 0, &[]));
        assert!(got.contains(&(Tier::Table, "0x1p-2".into())), "{got:?}");
        assert!(got.contains(&(Tier::Table, r"'\x41'".into())), "{got:?}");
        assert!(!got
            .iter()
            .any(|(t, l)| *t == Tier::Table && l == "far away literal"));
    }

    fn goal(alts: Vec<Vec<Fact>>) -> Goal {
        use crate::span::{CoverPos, CoverRange};
        Goal {
            function: "Parse".into(),
            range: CoverRange::new(CoverPos::new(3, 1), CoverPos::new(4, 2)),
            statements: 1,
            heat: crate::targets::Heat::Cold,
            guard_kind: crate::targets::guard::GuardKind::If,
            guard: "g".into(),
            alternatives: alts,
            unreachable_because: None,
        }
    }

    #[test]
    fn files_a_calling_test_names_come_before_the_names() {
        let src = r#"package png

import (
	"os"
	"testing"
)

var filenames = []string{"basn0g01", "basn2c08", "big", "a", "b", "c", "d", "e", "f"}

func TestReader(t *testing.T) {
	for _, fn := range filenames {
		readPNG("testdata/pngsuite/" + fn + ".png")
	}
}

func readPNG(name string) {
	f, _ := os.Open(name)
	Decode(f)
}
"#;
        let dir = tempfile::tempdir().unwrap();
        let suite = dir.path().join("testdata").join("pngsuite");
        std::fs::create_dir_all(&suite).unwrap();
        std::fs::write(suite.join("basn0g01.png"), b"\x89PNG one").unwrap();
        std::fs::write(suite.join("basn2c08.png"), b"\x89PNG two").unwrap();
        std::fs::write(dir.path().join("testdata").join("other.bin"), b"unnamed").unwrap();
        std::fs::write(suite.join("big.png"), vec![0x89; 10_000]).unwrap();
        let file = crate::index::parse_source(src);
        let ex = Examples::mine(&[(&file, src.as_bytes())], Some(dir.path()), &[]);
        let got = ex.for_arg("Decode", 0, &[]);
        assert_eq!(got[0], (Tier::Table, b"\x89PNG one".to_vec()));
        assert_eq!(got[1], (Tier::Table, b"\x89PNG two".to_vec()));
        // Named, a file is an input up to 64 KiB (a literal only up to 4 KiB).
        assert_eq!(got[2], (Tier::Table, vec![0x89; 10_000]));
        assert!(
            got.contains(&(Tier::Table, b"basn0g01".to_vec())),
            "{got:?}"
        );
        // The table fills the list: a file no test names is not offered.
        assert!(!got.iter().any(|(_, b)| b == b"unnamed"), "{got:?}");
        // A function the test does not call gets the package's files, not the named ones
        // ahead of everything.
        let other = ex.for_arg("Encode", 0, &[]);
        assert!(other.iter().all(|(t, _)| *t != Tier::Table), "{other:?}");
    }

    #[test]
    fn a_binary_input_is_a_candidate_whole_a_text_in_pieces() {
        let args = vec![ArgSpec::new(Some(Access::root("b")), FuzzType::Bytes)];
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend((0..600u32).map(|i| (i % 251) as u8));
        let text = "word ".repeat(120).into_bytes();
        let inputs = text_inputs(&[vec![png.clone(), text.clone()]]);
        let seeds =
            synthesize_with_inputs("FuzzDecode", &[], &args, &[], &inputs, &Options::default());
        let bytes: Vec<&[u8]> = seeds
            .iter()
            .filter(|s| s.kind == SeedKind::RealInput)
            .filter_map(|s| match &s.values[..] {
                [Value::Bytes(b)] => Some(b.as_slice()),
                _ => None,
            })
            .collect();
        assert!(bytes.contains(&png.as_slice()), "the binary input whole");
        assert!(
            bytes
                .iter()
                .all(|b| *b == png.as_slice() || b.len() <= MAX_SEED_BYTES),
            "texts in pieces; nothing but the binary input over the cap"
        );
        assert!(!bytes.contains(&text.as_slice()));
        assert!(
            !bytes
                .iter()
                .any(|b| b.starts_with(b"\x89PNG") && b.len() <= MAX_SEED_BYTES),
            "the binary input is never cut"
        );
    }

    #[test]
    fn real_inputs_sit_beside_the_integers_the_tests_pass() {
        // Parse(s string, flags uint16): the tests pass flags 212 and 1.
        let args = vec![
            ArgSpec::new(Some(Access::root("s")), FuzzType::String),
            ArgSpec::new(Some(Access::root("flags")), FuzzType::Uint16),
        ];
        let inputs = RealInputs {
            texts: vec![
                vec![b"a+".to_vec(), b"\\pL".to_vec(), b"(?i)x".to_vec()],
                vec![],
            ],
            tuples: Vec::new(),
            ints: vec![vec![], vec![212, 1]],
        };
        let seeds =
            synthesize_with_inputs("FuzzParse", &[], &args, &[], &inputs, &Options::default());
        let real: Vec<(String, u16)> = seeds
            .iter()
            .filter(|s| s.kind == SeedKind::RealInput)
            .map(|s| match &s.values[..] {
                [Value::String(t), Value::Uint16(f)] => (String::from_utf8_lossy(t).into(), *f),
                other => panic!("{other:?}"),
            })
            .collect();
        // Rows take the values in turn; the other value alone beside the empty text; the
        // joined table (and every other real-input seed) at the first value.
        for want in [("a+", 212), ("\\pL", 1), ("(?i)x", 212), ("", 1)] {
            assert!(
                real.contains(&(want.0.into(), want.1)),
                "{want:?} in {real:?}"
            );
        }
        let joined = real
            .iter()
            .find(|(t, _)| t.contains('\n'))
            .expect("the table at once");
        assert_eq!(joined.1, 212);
        assert!(real.iter().all(|(_, f)| *f != 0), "{real:?}");
        // An f.Add value stays the base (the joined table keeps it); the rows still take the
        // tests' values in turn, and each of them is tried alone.
        let added = [Value::String(Vec::new()), Value::Uint16(7)];
        let seeds = synthesize_with_inputs(
            "FuzzParse",
            &[],
            &args,
            &added,
            &inputs,
            &Options::default(),
        );
        let joined = seeds
            .iter()
            .find(|s| matches!(&s.values[0], Value::String(t) if t.contains(&b'\n')));
        assert_eq!(joined.map(|s| &s.values[1]), Some(&Value::Uint16(7)));
        let has = |t: &[u8], f: u16| {
            seeds
                .iter()
                .any(|s| s.values == [Value::String(t.to_vec()), Value::Uint16(f)])
        };
        assert!(has(b"a+", 212) && has(b"", 212) && has(b"", 1));
    }

    #[test]
    fn real_inputs_are_emitted_edited_to_meet_facts_and_spliced() {
        let args = vec![ArgSpec::new(Some(Access::root("s")), FuzzType::String)];
        let prefix = Fact::Text {
            access: Access::root("s"),
            test: crate::constraints::TextTest::HasPrefix,
            lit: b"v".to_vec(),
            want: true,
        };
        let big = Fact::Cmp {
            access: Access::root("major"),
            op: CmpOp::Gt,
            lit: Lit::Int(9000),
        };
        let goals = vec![goal(vec![vec![prefix]]), goal(vec![vec![big]])];
        let real = vec![vec![b"1.2.3".to_vec()]];
        let opts = Options::default();
        let seeds =
            synthesize_with_inputs("FuzzParse", &goals, &args, &[], &text_inputs(&real), &opts);
        let find = |s: &str| {
            seeds
                .iter()
                .find(|x| x.values == vec![Value::String(s.into())])
        };
        assert_eq!(find("1.2.3").unwrap().kind, SeedKind::RealInput);
        let edited = find("v1.2.3").expect("the prefix put before the real input");
        assert_eq!(
            (edited.kind, edited.aims.clone()),
            (SeedKind::Aimed, vec![0])
        );
        let spliced = find("9001.2.3").expect("the limit spliced over the first number");
        assert_eq!(spliced.aims, vec![1]);
        assert!(find("1.9001.3").is_some());
        // Deterministic, and off with the switch.
        assert_eq!(
            seeds,
            synthesize_with_inputs("FuzzParse", &goals, &args, &[], &text_inputs(&real), &opts)
        );
        let off = Options {
            real_inputs: false,
            ..Options::default()
        };
        let plain =
            synthesize_with_inputs("FuzzParse", &goals, &args, &[], &text_inputs(&real), &off);
        assert!(plain.iter().all(|s| s.kind != SeedKind::RealInput));
        assert!(seeds.len() <= MAX_CANDIDATES);
        // Several real inputs: also all of them at once, one per line.
        let two = vec![vec![b"1.2.3".to_vec(), b"4.5.6".to_vec()]];
        let seeds =
            synthesize_with_inputs("FuzzParse", &goals, &args, &[], &text_inputs(&two), &opts);
        assert!(seeds
            .iter()
            .any(|x| x.values == vec![Value::String(b"1.2.3\n4.5.6".to_vec())]));
    }

    /// The text of a one-argument seed.
    fn text(s: &Seed) -> &[u8] {
        match &s.values[0] {
            Value::String(b) | Value::Bytes(b) => b,
            v => panic!("not text: {v:?}"),
        }
    }

    #[test]
    fn no_real_input_candidate_is_longer_than_a_seed_may_be() {
        // A 5 KB test table, a 3 KB document and a 1 KB line: before, one 16 KB-capped seed
        // joined them all and the document and the line were candidates whole.
        let mut table: Vec<Vec<u8>> = (0..400)
            .map(|i| format!("key{i} = {i}").into_bytes())
            .collect();
        let doc: Vec<u8> = (0..150)
            .flat_map(|i| format!("[t{i}]\nv = {i}\n").into_bytes())
            .collect();
        assert!(doc.len() > 2000);
        table.insert(0, doc.clone());
        table.insert(1, vec![b'x'; 1000]);
        for ty in [FuzzType::String, FuzzType::Bytes] {
            let args = vec![ArgSpec::new(Some(Access::root("s")), ty)];
            let seeds = synthesize_with_inputs(
                "FuzzDecode",
                &[],
                &args,
                &[],
                &text_inputs(&[table.clone()]),
                &Options::default(),
            );
            let real: Vec<&[u8]> = seeds
                .iter()
                .filter(|s| s.kind == SeedKind::RealInput)
                .map(text)
                .collect();
            assert!(real.len() > 10, "{}", real.len());
            let longest = real.iter().map(|r| r.len()).max().unwrap();
            assert!(longest <= MAX_SEED_BYTES, "{longest}");
            // Every row of the table is in some candidate, whole, on lines of its own.
            let lines: HashSet<&[u8]> =
                real.iter().flat_map(|r| r.split(|&b| b == b'\n')).collect();
            for row in &table[2..] {
                assert!(
                    lines.contains(row.as_slice()),
                    "{:?}",
                    String::from_utf8_lossy(row)
                );
            }
            // The document's lines too.
            for line in doc.split(|&b| b == b'\n') {
                assert!(lines.contains(line), "{:?}", String::from_utf8_lossy(line));
            }
        }
    }

    #[test]
    fn a_document_and_a_query_are_paired_in_one_seed() {
        // Get(json, path): before, every seed held a real input in one argument only.
        let args = vec![
            ArgSpec::new(Some(Access::root("json")), FuzzType::String),
            ArgSpec::new(Some(Access::root("path")), FuzzType::String),
        ];
        let docs: Vec<Vec<u8>> = (0..10)
            .map(|i| format!(r#"{{"a{i}":[1,{{"b":"{}"}}]}}"#, "x".repeat(i)).into_bytes())
            .collect();
        let paths: Vec<Vec<u8>> = ["a0", "a1.1.b", "a2.#", "@pretty"]
            .iter()
            .map(|p| p.as_bytes().to_vec())
            .collect();
        let real = vec![docs.clone(), paths.clone()];
        let opts = Options::default();
        let seeds = synthesize_with_inputs("FuzzGet", &[], &args, &[], &text_inputs(&real), &opts);
        let both: Vec<(Vec<u8>, Vec<u8>)> = seeds
            .iter()
            .filter(|s| s.kind == SeedKind::RealInput)
            .filter_map(|s| match &s.values[..] {
                [Value::String(j), Value::String(p)] if !j.is_empty() && !p.is_empty() => {
                    Some((j.clone(), p.clone()))
                }
                _ => None,
            })
            .collect();
        // Each of the 8 longest documents with each path, the longest pair first.
        assert_eq!(both.len(), 8 * paths.len(), "{both:?}");
        assert_eq!(both[0], (docs[9].clone(), paths[3].clone()));
        assert!(both.contains(&(docs[2].clone(), paths[0].clone())));
        assert!(!both.iter().any(|(j, _)| *j == docs[1] || *j == docs[0]));
        // The one-argument seeds are all still there.
        for d in &docs {
            assert!(seeds
                .iter()
                .any(|s| s.values == vec![Value::String(d.clone()), Value::String(vec![])]));
        }
        // Not with a third argument that has real inputs too.
        let args3 = [args.clone(), vec![args[0].clone()]].concat();
        let real3 = vec![docs.clone(), paths.clone(), paths.clone()];
        let seeds =
            synthesize_with_inputs("FuzzGet", &[], &args3, &[], &text_inputs(&real3), &opts);
        assert!(seeds
            .iter()
            .filter(|s| s.kind == SeedKind::RealInput)
            .all(|s| s
                .values
                .iter()
                .filter(|v| **v != Value::String(vec![]))
                .count()
                < 2));
        // Not where candidates go unmeasured (every one would be written).
        let unmeasured = Options {
            whole_tables: false,
            ..Options::default()
        };
        let seeds =
            synthesize_with_inputs("FuzzGet", &[], &args, &[], &text_inputs(&real), &unmeasured);
        assert!(seeds
            .iter()
            .filter(|s| s.kind == SeedKind::RealInput)
            .all(|s| s.values.iter().any(|v| *v == Value::String(vec![]))));
    }

    #[test]
    fn the_inputs_a_test_passes_together_are_one_tuple() {
        let src = r##"package gjson

import "testing"

const manyJSON = `{"a":{"a":1}}`

var basicJSON = `{"age":100,"name":{"here":"B"}}`

func TestBasic(t *testing.T) {
	json := `{"loggy":{"programmers":[{"firstName":"Brett"}]}}`
	if Get(json, "loggy.programmers.0.firstName").String() != "Brett" {
		t.Fatalf("bad %s", "loggy")
	}
	json = `[1,2,3]`
	_ = Get(json, "#")
	_ = Get(basicJSON, "name.here")
	_ = GetBytes([]byte(manyJSON), "a.a")
	_ = Get(unknown, "x")
	_ = Get(json, "#")
}
"##;
        let file = crate::index::parse_source(src);
        let ex = Examples::mine(&[(&file, src.as_bytes())], None, &[]);
        let text = |t: &[Option<Vec<u8>>]| -> Vec<Option<String>> {
            t.iter()
                .map(|b| b.as_ref().map(|b| String::from_utf8_lossy(b).into_owned()))
                .collect()
        };
        let got: Vec<_> = ex.tuples_for("Get", 2).iter().map(|t| text(t)).collect();
        let s = |x: &str| Some(x.to_string());
        // The local as last assigned before each call, the package var; a name bound to
        // nothing known leaves the call out (one literal only); duplicates once.
        assert_eq!(
            got,
            vec![
                vec![
                    s(r#"{"loggy":{"programmers":[{"firstName":"Brett"}]}}"#),
                    s("loggy.programmers.0.firstName")
                ],
                vec![s("[1,2,3]"), s("#")],
                vec![s(r#"{"age":100,"name":{"here":"B"}}"#), s("name.here")],
            ]
        );
        // A const inside a conversion; arity and callee must match; message calls are not tuples.
        let bytes: Vec<_> = ex
            .tuples_for("GetBytes", 2)
            .iter()
            .map(|t| text(t))
            .collect();
        assert_eq!(bytes, vec![vec![s(r#"{"a":{"a":1}}"#), s("a.a")]]);
        assert!(ex.tuples_for("Get", 3).is_empty());
        assert!(ex.tuples_for("Fatalf", 2).is_empty());
    }

    #[test]
    fn each_row_of_a_ranged_test_table_is_a_tuple() {
        let src = r##"package gjson

import "testing"

type getTest struct {
	json, path string
	want       int
}

var getTests = []getTest{
	{`{"a":1}`, "a", 1},
	{json: `[1,2]`, path: "#", want: 2},
}

func TestGet(t *testing.T) {
	for _, tt := range getTests {
		t.Run(tt.path, func(t *testing.T) {
			_ = Get(tt.json, tt.path)
		})
	}
	tests := []struct {
		doc  string
		path string
	}{
		{"[true]", "0"},
	}
	for i, test := range tests {
		_ = GetBytes([]byte(test.doc), test.path)
		_ = Get(test.doc, "fixed")
		_ = i
	}
	for _, tt := range []struct{ a, b string }{{"x", "y"}} {
		_ = Get(tt.a, tt.b)
	}
}
"##;
        let file = crate::index::parse_source(src);
        let ex = Examples::mine(&[(&file, src.as_bytes())], None, &[]);
        let text = |ts: Vec<Vec<Option<Vec<u8>>>>| -> Vec<Vec<String>> {
            ts.iter()
                .map(|t| {
                    t.iter()
                        .map(|b| {
                            b.as_ref()
                                .map_or("-".into(), |b| String::from_utf8_lossy(b).into_owned())
                        })
                        .collect()
                })
                .collect()
        };
        let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        // A package table of a named type (positional and keyed rows), a local table of an
        // anonymous struct type with a literal beside a row field, an inline table.
        assert_eq!(
            text(ex.tuples_for("Get", 2)),
            vec![
                v(&[r#"{"a":1}"#, "a"]),
                v(&["[1,2]", "#"]),
                v(&["[true]", "fixed"]),
                v(&["x", "y"]),
            ]
        );
        assert_eq!(
            text(ex.tuples_for("GetBytes", 2)),
            vec![v(&["[true]", "0"])]
        );
    }

    #[test]
    fn test_tuples_and_pairs_are_candidates_however_full_the_cap_is() {
        // Sixty-four documents and paths fill the cap with one-argument seeds alone: the
        // tuples and pairs come on top (they once came after the cap and were never made).
        let args = vec![
            ArgSpec::new(Some(Access::root("json")), FuzzType::String),
            ArgSpec::new(Some(Access::root("path")), FuzzType::String),
        ];
        let docs: Vec<Vec<u8>> = (0..64)
            .map(|i| format!(r#"{{"k{i}":{i}}}"#).into_bytes())
            .collect();
        let paths: Vec<Vec<u8>> = (0..64).map(|i| format!("k{i}").into_bytes()).collect();
        let tuples: Vec<Vec<Option<Vec<u8>>>> = (0..3)
            .map(|i| vec![Some(docs[i].clone()), Some(paths[i].clone())])
            .chain([
                // Too long for a seed, or one argument only: left out.
                vec![Some(vec![b'{'; MAX_SEED_BYTES + 1]), Some(b"k".to_vec())],
                vec![Some(b"{}".to_vec()), None],
            ])
            .collect();
        let real = vec![docs.clone(), paths.clone()];
        let seeds = synthesize_with_inputs(
            "FuzzGet",
            &[],
            &args,
            &[],
            &RealInputs {
                texts: real.clone(),
                tuples: tuples.clone(),
                ints: Vec::new(),
            },
            &Options::default(),
        );
        let both = |s: &Seed| {
            matches!(&s.values[..], [Value::String(j), Value::String(p)]
                if docs.contains(j) && paths.contains(p))
        };
        for t in &tuples[..3] {
            let v = vec![
                Value::String(t[0].clone().unwrap()),
                Value::String(t[1].clone().unwrap()),
            ];
            assert!(seeds.iter().any(|s| s.values == v), "{v:?}");
        }
        assert!(!seeds
            .iter()
            .any(|s| matches!(&s.values[0], Value::String(j) if j.len() > MAX_SEED_BYTES)));
        // The three tuples and the sixty-four pairs (none of them the same).
        let got: Vec<_> = seeds
            .iter()
            .filter(|s| both(s))
            .map(|s| s.values.clone())
            .collect();
        assert_eq!(got.len(), 3 + MAX_PAIRED, "{:?}", &got[..5]);
        // And the one-argument seeds filled their own cap.
        assert!(seeds.iter().filter(|s| !both(s)).count() >= MAX_CANDIDATES);
    }

    #[test]
    fn row_pieces_are_row_aligned_within_the_cap_and_cover_every_row() {
        let rows: Vec<Vec<u8>> = (0..100)
            .map(|i| format!("row {i}: {}", "ab".repeat(i % 20)).into_bytes())
            .collect();
        let pieces = row_pieces(&rows, 128, usize::MAX);
        assert!(pieces.len() > 1);
        assert!(pieces.iter().all(|p| p.len() <= 128));
        // In order, nothing lost or added: the pieces joined are the rows joined.
        assert_eq!(pieces.join(&b'\n'), rows.join(&b'\n'));
        // Each piece is whole rows: its lines are consecutive rows.
        let mut next = 0;
        for p in &pieces {
            for line in p.split(|&b| b == b'\n') {
                assert_eq!(line, rows[next].as_slice());
                next += 1;
            }
        }
        assert_eq!(next, rows.len());
        // Greedy: no two neighbouring pieces would have fit in one.
        assert!(pieces.windows(2).all(|w| w[0].len() + 1 + w[1].len() > 128));
        // Rows beyond `max_bytes` are left out, whole.
        let few = row_pieces(&rows, 128, 50);
        assert_eq!(few, vec![rows[..4].join(&b'\n')]);
        // Small tables are one piece: the joined seed they always were.
        assert_eq!(
            row_pieces(&[b"a".to_vec(), b"b".to_vec()], 128, usize::MAX),
            vec![b"a\nb".to_vec()]
        );
    }

    #[test]
    fn a_line_longer_than_the_cap_is_cut_at_character_boundaries() {
        let line = "é".repeat(200).into_bytes(); // 400 bytes, 2 per character
        let parts = split_row(&line, 255);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].len(), 254, "backed off to a character's start");
        assert!(parts.iter().all(|p| std::str::from_utf8(p).is_ok()));
        assert_eq!(parts.concat(), line);
        // Within the cap, a row is untouched, newlines and all.
        assert_eq!(split_row(b"a\nb", 255), vec![b"a\nb".to_vec()]);
        // Binary input without newlines is cut every `cap` bytes.
        let bin = vec![0xffu8; 600];
        let parts = split_row(&bin, 256);
        assert_eq!(
            parts.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![256, 256, 88]
        );
    }

    #[test]
    fn guard_text_gives_strings_and_integers_with_their_neighbours() {
        let got: Vec<String> = guard_tokens(r#"v.Major > 9000 && name == "beta" && x1 < 0x10"#)
            .into_iter()
            .map(|b| String::from_utf8(b).unwrap())
            .collect();
        assert_eq!(got, vec!["beta", "9001", "9000", "8999", "17", "16", "15"]);
    }
}
