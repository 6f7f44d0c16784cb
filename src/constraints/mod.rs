//! Constraints: from a guard expression to facts over the function's inputs ([`mine`]), and from
//! facts to concrete input values ([`solve`]) and dictionary tokens ([`tokens`]).
//!
//! Go's native fuzzer has no dictionary and no comparison feedback, so a branch behind
//! `s == "refund"`, `n > 9000` or `len(parts) != 2` is reached only when a seed already holds the
//! value. This stage reads such guards structurally (over [`crate::index::Expr`]) and names the
//! values. It is pure: no I/O, no randomness, deterministic output order.
//!
//! The hand-offs:
//! - [`mine`] / [`mine_case`] / [`mine_type_case`]: a guard and a [`Context`] (function, package
//!   constants and vars, caller bindings, guard position) in, a DNF out: a list of alternatives,
//!   each a conjunction of [`Fact`]s over [`Access`] paths rooted at inputs.
//! - [`solve`]: the facts of ONE alternative and one input path (an [`Access`] made of a root and
//!   field steps, see [`inputs`]) in, candidate [`Lit`] values out. Candidates are checked against
//!   every fact on that path by a concrete evaluator before they are returned, so conflicting
//!   facts give no values rather than wrong ones.
//! - [`tokens`]: facts in, libFuzzer dictionary entries out.

mod consts;
pub use consts::byte_slice_composite;
mod eval;
mod invert;
mod mine;
mod solve;

pub use consts::std_const;
pub use mine::resolve_access;
pub use mine::{mine, mine_case, mine_type_case, Context, MAX_ALTERNATIVES};
pub(crate) use solve::solve_int;
pub use solve::{bind, inputs, solve, tokens, ValueKind, MAX_VALUES};

pub mod goals;
pub mod structured;

pub use structured::Decoder;

use crate::golex;
use serde::Serialize;
use std::fmt;

/// The value of the package constant `name` among `consts` (iota groups already expanded by
/// the index), when heatseed can decode it.
pub fn const_value(name: &str, consts: &[crate::index::ConstDecl]) -> Option<Lit> {
    const_expr_value(&crate::index::Expr::ident(name), consts)
}

/// The value of the constant expression `e` (`Perl`, `MatchNL | PerlX`, `1 << 12`) over the
/// package constants `consts`, when heatseed can fold it.
pub fn const_expr_value(e: &crate::index::Expr, consts: &[crate::index::ConstDecl]) -> Option<Lit> {
    let env = consts::ConstEnv { consts, vars: &[] };
    consts::eval_const(e, None, env).map(|c| c.lit)
}

/// A Go expression of type `ty` whose value no constant in `values` has (the constants of an
/// enum-like type, all integers or all strings), so a `switch` over them can reach its
/// `default`: the smallest non-negative integer none of them holds (`Level(3)` after three
/// `iota` constants), or a string none of them is. None for other kinds.
pub fn undeclared_value(ty: &str, values: &[Lit]) -> Option<String> {
    if values.is_empty() {
        return None;
    }
    if let Some(ints) = values.iter().map(Lit::as_int).collect::<Option<Vec<_>>>() {
        let v = (0..).find(|v| !ints.contains(v))?;
        return Some(format!("{ty}({v})"));
    }
    let strs: Vec<&[u8]> = values.iter().map(Lit::as_bytes).collect::<Option<_>>()?;
    let v = ["", "heatseed", "heatseed_undeclared"]
        .iter()
        .find(|c| !strs.contains(&c.as_bytes()))?;
    Some(format!("{ty}({})", golex::quote(v.as_bytes())))
}

/// A DNF: alternatives (any one suffices), each a conjunction of facts (all must hold).
/// `vec![vec![]]` is "always true"; facts that cannot be modelled are [`Fact::Unsat`].
pub type Alternatives = Vec<Vec<Fact>>;

/// A Go constant value, decoded. Strings are bytes (Go strings need not be UTF-8).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Lit {
    /// Integers of every Go width fit (`math.MaxUint64` included).
    Int(i128),
    Float(f64),
    /// A decoded string literal (escapes applied; raw strings without `\r`).
    Str(Vec<u8>),
    Rune(u32),
    Bool(bool),
    Nil,
}

impl Lit {
    /// The numeric value of an integer or rune literal.
    pub fn as_int(&self) -> Option<i128> {
        match self {
            Lit::Int(i) => Some(*i),
            Lit::Rune(r) => Some(*r as i128),
            _ => None,
        }
    }

    pub fn as_float(&self) -> Option<f64> {
        match self {
            Lit::Float(f) => Some(*f),
            Lit::Int(_) | Lit::Rune(_) => self.as_int().map(|i| i as f64),
            _ => None,
        }
    }

    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Lit::Str(b) => Some(b),
            _ => None,
        }
    }
}

/// Go syntax: `9001`, `1.5`, `"VIP-"` (with Go escapes), `'#'`, `true`, `nil`.
impl fmt::Display for Lit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lit::Int(i) => write!(f, "{i}"),
            Lit::Float(x) => write!(f, "{}", solve::float_text(*x)),
            Lit::Str(b) => write!(f, "{}", golex::quote(b)),
            Lit::Rune(r) => match char::from_u32(*r) {
                Some('\'') => write!(f, "'\\''"),
                Some(c) if !c.is_control() => write!(f, "'{c}'"),
                _ => write!(f, "'\\U{r:08x}'"),
            },
            Lit::Bool(b) => write!(f, "{b}"),
            Lit::Nil => write!(f, "nil"),
        }
    }
}

/// A path from a function input to a tested value: `root` is a parameter or receiver name (or,
/// through caller bindings, a caller's parameter), `steps` apply left to right.
///
/// `strconv.Atoi(strings.Split(line, ";")[2])` is `line` + `[Split(";"), Index(2), Parse(Atoi)]`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Access {
    pub root: String,
    pub steps: Vec<Step>,
}

impl Access {
    pub fn root(name: &str) -> Access {
        Access {
            root: name.to_string(),
            steps: Vec::new(),
        }
    }

    /// `root.f1.f2...`: an input path as [`solve`] takes it.
    pub fn field_path(root: &str, fields: &[&str]) -> Access {
        Access {
            root: root.to_string(),
            steps: fields.iter().map(|f| Step::Field(f.to_string())).collect(),
        }
    }

    pub fn then(&self, step: Step) -> Access {
        let mut a = self.clone();
        a.steps.push(step);
        a
    }

    /// The input path: the root and its leading [`Step::Field`] / [`Step::Deref`] steps.
    pub fn input_path(&self) -> Access {
        let n = self
            .steps
            .iter()
            .take_while(|s| matches!(s, Step::Field(_) | Step::Deref))
            .count();
        Access {
            root: self.root.clone(),
            steps: self.steps[..n].to_vec(),
        }
    }
}

/// Renders the access as Go-like text: `len(strings.Split(line, ";"))`, `req.Qty`, `each(s)`.
impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = self.root.clone();
        for step in &self.steps {
            s = match step {
                Step::Field(n) => format!("{s}.{n}"),
                Step::Deref => format!("*{s}"),
                Step::Len => format!("len({s})"),
                Step::Index(i) => format!("{s}[{i}]"),
                Step::Slice { low, high } => format!(
                    "{s}[{}:{}]",
                    low.map(|l| l.to_string()).unwrap_or_default(),
                    high.map(|h| h.to_string()).unwrap_or_default()
                ),
                Step::Each => format!("each({s})"),
                Step::TrimSpace => format!("strings.TrimSpace({s})"),
                Step::TrimPrefix { prefix } => {
                    format!("strings.TrimPrefix({s}, {})", golex::quote(prefix))
                }
                Step::ToLower => format!("strings.ToLower({s})"),
                Step::ToUpper => format!("strings.ToUpper({s})"),
                Step::Split { sep } => format!("strings.Split({s}, {})", golex::quote(sep)),
                Step::Fields => format!("strings.Fields({s})"),
                Step::Count { sub } => format!("strings.Count({s}, {})", golex::quote(sub)),
                Step::IndexOf { sub } => format!("strings.Index({s}, {})", golex::quote(sub)),
                Step::Parse(k) => format!("{k}({s})"),
                Step::Convert(t) => format!("{t}({s})"),
                Step::Submatch { pattern } => {
                    format!(
                        "regexp({}).FindStringSubmatch({s})",
                        golex::quote(pattern.as_bytes())
                    )
                }
                Step::Endian { big, bits } => format!(
                    "binary.{}.Uint{bits}({s})",
                    if *big { "BigEndian" } else { "LittleEndian" }
                ),
                Step::Uvarint => format!("binary.Uvarint({s})"),
                Step::Key(k) => format!("{s}[{}]", golex::quote(k)),
                Step::Method { name, args } => {
                    let args: Vec<String> = args.iter().map(|a| golex::quote(a)).collect();
                    format!("{s}.{name}({})", args.join(", "))
                }
                Step::Arith { op, k, rev } => {
                    let x = if s.contains(' ') { format!("({s})") } else { s };
                    if *rev {
                        format!("{k} {op} {x}")
                    } else {
                        format!("{x} {op} {k}")
                    }
                }
                Step::Cut { sep, after } => format!(
                    "strings.Cut({s}, {}).{}",
                    golex::quote(sep),
                    if *after { "after" } else { "before" }
                ),
                Step::TrimSuffix { suffix } => {
                    format!("strings.TrimSuffix({s}, {})", golex::quote(suffix))
                }
                Step::Found { test, lit } => {
                    format!("{}({s}, {})", test.go_name(), golex::quote(lit))
                }
                Step::RuneCount => format!("utf8.RuneCountInString({s})"),
            };
        }
        write!(f, "{s}")
    }
}

/// One step of an [`Access`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// `x.Name` (pointer receivers and pointer params are auto-dereferenced as in Go).
    Field(String),
    /// `*x`.
    Deref,
    /// `len(x)` of a string, byte slice or string list.
    Len,
    /// `x[i]` with a constant index: a byte of a string, an element of a list.
    Index(i64),
    /// `x[low:high]` with constant bounds.
    Slice {
        low: Option<i64>,
        high: Option<i64>,
    },
    /// Some element: the value variable of `for _, r := range x` (a rune of a string).
    Each,
    TrimSpace,
    /// `strings.TrimPrefix(x, prefix)` (and `bytes.`): solved as `x[len(prefix):]` of an `x`
    /// that starts with `prefix`.
    TrimPrefix {
        prefix: Vec<u8>,
    },
    ToLower,
    ToUpper,
    /// `strings.Split(x, sep)` / `bytes.Split`: a list of strings.
    Split {
        sep: Vec<u8>,
    },
    /// `strings.Fields(x)`: a list of non-empty, space-free strings.
    Fields,
    /// `strings.Count(x, sub)`: an int.
    Count {
        sub: Vec<u8>,
    },
    /// `strings.Index(x, sub)`: an int, -1 when absent. Comparisons with -1/0 that mean
    /// "found" / "not found" are mined as [`TextTest::Contains`] instead.
    IndexOf {
        sub: Vec<u8>,
    },
    /// The value of a strconv call (its error is a [`Fact::Parses`], not a step).
    Parse(ParseKind),
    /// A conversion `T(x)`: `int64(n)`, `string(b)`, `rune(s[0])` (type name as written).
    Convert(String),
    /// `re.FindStringSubmatch(x)` of a package-level `regexp.MustCompile(pattern)`: the list of
    /// captures (whole match first), nil when `x` does not match.
    Submatch {
        pattern: String,
    },
    /// `binary.BigEndian.Uint32(x)` (`big` false: `LittleEndian`; 16, 32 or 64 bits).
    Endian {
        big: bool,
        bits: u8,
    },
    /// The value of `binary.Uvarint(x)`.
    Uvarint,
    /// `x["key"]`: a map (or decoded JSON object) member by a constant string key.
    Key(Vec<u8>),
    /// `x.Name(args...)`: a method of a decoded value with constant string arguments
    /// (`u.Query()`, `.Get("token")`, `ip.IsLoopback()`, `t.Unix()`), see [`structured`].
    Method {
        name: String,
        args: Vec<Vec<u8>>,
    },
    /// `x op k` (with `rev`, `k op x`) for an integer constant `k`: `n*3`, `n-1`, `10-n`,
    /// `len(s) << 2`, `b & 0x0f`. Go's `-x` is `0 - x`. Solved by inverting the operator
    /// ([`solve`]), candidates checked by the evaluator.
    Arith {
        op: ArithOp,
        k: i128,
        rev: bool,
    },
    /// `before, after, found := strings.Cut(x, sep)` (and `bytes.Cut`): `before` is the text
    /// before the first `sep` (all of `x` when there is none), `after` (with `after` true) the
    /// text after it (`""` when there is none). `found` is a [`Step::Found`].
    Cut {
        sep: Vec<u8>,
        after: bool,
    },
    /// `strings.TrimSuffix(x, suffix)` (and the first result of `strings.CutSuffix`).
    TrimSuffix {
        suffix: Vec<u8>,
    },
    /// The `found` result of `strings.Cut` (`Contains`), `CutPrefix` (`HasPrefix`) and
    /// `CutSuffix` (`HasSuffix`): a bool. Compared with a bool constant it is mined as a
    /// [`Fact::Text`].
    Found {
        test: TextTest,
        lit: Vec<u8>,
    },
    /// `utf8.RuneCountInString(x)` / `utf8.RuneCount(x)`: each invalid byte counts as one rune.
    RuneCount,
}

/// An integer operator of a [`Step::Arith`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Quo,
    Rem,
    Shl,
    Shr,
    And,
    Or,
    Xor,
    AndNot,
}

impl ArithOp {
    pub fn from_go(op: &str) -> Option<ArithOp> {
        Some(match op {
            "+" => ArithOp::Add,
            "-" => ArithOp::Sub,
            "*" => ArithOp::Mul,
            "/" => ArithOp::Quo,
            "%" => ArithOp::Rem,
            "<<" => ArithOp::Shl,
            ">>" => ArithOp::Shr,
            "&" => ArithOp::And,
            "|" => ArithOp::Or,
            "^" => ArithOp::Xor,
            "&^" => ArithOp::AndNot,
            _ => return None,
        })
    }

    /// `x op k == k op x`.
    pub fn commutes(self) -> bool {
        matches!(
            self,
            ArithOp::Add | ArithOp::Mul | ArithOp::And | ArithOp::Or | ArithOp::Xor
        )
    }
}

impl fmt::Display for ArithOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Quo => "/",
            ArithOp::Rem => "%",
            ArithOp::Shl => "<<",
            ArithOp::Shr => ">>",
            ArithOp::And => "&",
            ArithOp::Or => "|",
            ArithOp::Xor => "^",
            ArithOp::AndNot => "&^",
        })
    }
}

/// Which strconv parser, with its constant arguments (`bits` 0 means `int`, 64 bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "parser", rename_all = "snake_case")]
pub enum ParseKind {
    Atoi,
    ParseInt {
        base: u32,
        bits: u32,
    },
    ParseUint {
        base: u32,
        bits: u32,
    },
    ParseFloat {
        bits: u32,
    },
    ParseBool,
    /// A standard-library decoder (`json.Unmarshal`, `time.Parse(layout, s)`, `url.Parse`,
    /// `net.ParseIP`, `base64.StdEncoding.DecodeString`...), see [`structured`].
    Decode(Decoder),
}

impl fmt::Display for ParseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseKind::Atoi => write!(f, "strconv.Atoi"),
            ParseKind::ParseInt { base, bits } => write!(f, "strconv.ParseInt/{base}/{bits}"),
            ParseKind::ParseUint { base, bits } => write!(f, "strconv.ParseUint/{base}/{bits}"),
            ParseKind::ParseFloat { bits } => write!(f, "strconv.ParseFloat/{bits}"),
            ParseKind::ParseBool => write!(f, "strconv.ParseBool"),
            ParseKind::Decode(d) => write!(f, "{d}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn from_go(op: &str) -> Option<CmpOp> {
        Some(match op {
            "==" => CmpOp::Eq,
            "!=" => CmpOp::Ne,
            "<" => CmpOp::Lt,
            "<=" => CmpOp::Le,
            ">" => CmpOp::Gt,
            ">=" => CmpOp::Ge,
            _ => return None,
        })
    }

    /// The operator of the negated comparison (`>` → `<=`).
    pub fn negate(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Ne,
            CmpOp::Ne => CmpOp::Eq,
            CmpOp::Lt => CmpOp::Ge,
            CmpOp::Le => CmpOp::Gt,
            CmpOp::Gt => CmpOp::Le,
            CmpOp::Ge => CmpOp::Lt,
        }
    }

    /// The operator with operands swapped (`9000 < n` ≡ `n > 9000`).
    pub fn mirror(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            same => same,
        }
    }

    pub fn holds<T: PartialOrd>(self, a: &T, b: &T) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        })
    }
}

/// String predicates of the `strings` / `bytes` packages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextTest {
    HasPrefix,
    HasSuffix,
    Contains,
    EqualFold,
}

impl TextTest {
    pub fn go_name(self) -> &'static str {
        match self {
            TextTest::HasPrefix => "strings.HasPrefix",
            TextTest::HasSuffix => "strings.HasSuffix",
            TextTest::Contains => "strings.Contains",
            TextTest::EqualFold => "strings.EqualFold",
        }
    }
}

/// `unicode.IsX` classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CharClass {
    Digit,
    Number,
    Letter,
    Space,
    Upper,
    Lower,
    Punct,
    Control,
    Symbol,
    Print,
    Graphic,
    Mark,
    Title,
}

impl CharClass {
    /// `IsDigit` → `Digit`.
    pub fn from_go(func: &str) -> Option<CharClass> {
        Some(match func {
            "IsDigit" => CharClass::Digit,
            "IsNumber" => CharClass::Number,
            "IsLetter" => CharClass::Letter,
            "IsSpace" => CharClass::Space,
            "IsUpper" => CharClass::Upper,
            "IsLower" => CharClass::Lower,
            "IsPunct" => CharClass::Punct,
            "IsControl" => CharClass::Control,
            "IsSymbol" => CharClass::Symbol,
            "IsPrint" => CharClass::Print,
            "IsGraphic" => CharClass::Graphic,
            "IsMark" => CharClass::Mark,
            "IsTitle" => CharClass::Title,
            _ => return None,
        })
    }

    pub fn go_name(self) -> &'static str {
        match self {
            CharClass::Digit => "IsDigit",
            CharClass::Number => "IsNumber",
            CharClass::Letter => "IsLetter",
            CharClass::Space => "IsSpace",
            CharClass::Upper => "IsUpper",
            CharClass::Lower => "IsLower",
            CharClass::Punct => "IsPunct",
            CharClass::Control => "IsControl",
            CharClass::Symbol => "IsSymbol",
            CharClass::Print => "IsPrint",
            CharClass::Graphic => "IsGraphic",
            CharClass::Mark => "IsMark",
            CharClass::Title => "IsTitle",
        }
    }
}

/// One condition over one input-derived value.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Fact {
    /// `access op lit`, access on the left (mined comparisons are normalised so).
    Cmp { access: Access, op: CmpOp, lit: Lit },
    /// `strings.HasPrefix(access, lit) == want` (and HasSuffix, Contains, EqualFold).
    Text {
        access: Access,
        test: TextTest,
        lit: Vec<u8>,
        want: bool,
    },
    /// `unicode.IsX(access) == want`.
    Class {
        access: Access,
        class: CharClass,
        want: bool,
    },
    /// The strconv call `kind(access)` returns a nil error (`ok`) or not (from `err == nil` /
    /// `err != nil` after `v, err := strconv.Atoi(access)`).
    Parses {
        access: Access,
        kind: ParseKind,
        ok: bool,
    },
    /// `left op right` over two input-derived values (`a < b`, `a+1 == b`, `len(s) >
    /// utf8.RuneCountInString(s)`). Solved jointly: a value is picked for `left`'s input and
    /// the fact becomes a [`Fact::Cmp`] on `right` ([`bind`]); over one input the evaluator
    /// checks it on each candidate.
    Rel {
        left: Access,
        op: CmpOp,
        right: Access,
    },
    /// Something this stage cannot express over inputs, with the reason (globals, unknown calls,
    /// `errors.Is`, type switches...). It blocks nothing in [`solve`], which ignores it: the
    /// caller decides whether an alternative holding one is worth seeding.
    Unsat { reason: String },
}

impl Fact {
    /// The one access this fact constrains (None for [`Fact::Unsat`] and for [`Fact::Rel`],
    /// which has two).
    pub fn access(&self) -> Option<&Access> {
        match self {
            Fact::Cmp { access, .. }
            | Fact::Text { access, .. }
            | Fact::Class { access, .. }
            | Fact::Parses { access, .. } => Some(access),
            Fact::Rel { .. } | Fact::Unsat { .. } => None,
        }
    }

    pub fn is_unsat(&self) -> bool {
        matches!(self, Fact::Unsat { .. })
    }
}

/// Go-like text: `n > 9000`, `strings.HasPrefix(code, "VIP-")`, `!unicode.IsDigit(each(s))`,
/// `strconv.Atoi(s) fails`, `unsat: reason`.
impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fact::Cmp { access, op, lit } => write!(f, "{access} {op} {lit}"),
            Fact::Text {
                access,
                test,
                lit,
                want,
            } => {
                let not = if *want { "" } else { "!" };
                write!(
                    f,
                    "{not}{}({access}, {})",
                    test.go_name(),
                    golex::quote(lit)
                )
            }
            Fact::Class {
                access,
                class,
                want,
            } => {
                let not = if *want { "" } else { "!" };
                write!(f, "{not}unicode.{}({access})", class.go_name())
            }
            Fact::Parses { access, kind, ok } => {
                write!(
                    f,
                    "{kind}({access}) {}",
                    if *ok { "parses" } else { "fails" }
                )
            }
            Fact::Rel { left, op, right } => write!(f, "{left} {op} {right}"),
            Fact::Unsat { reason } => write!(f, "unsat: {reason}"),
        }
    }
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod gap_tests;
#[cfg(test)]
mod path_tests;
#[cfg(test)]
mod structured_tests;
#[cfg(test)]
mod tests;
