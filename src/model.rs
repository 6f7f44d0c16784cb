//! The Go source model the index hands to later stages: files, functions, control regions,
//! expressions and types. Plain data, no tree-sitter types: built by the `syntax` module (full
//! parse) and by `index::scan` (declarations only); the other stages read it through
//! `crate::index`, which re-exports it.

use crate::span::{CoverPos, CoverRange};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// One parsed Go file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct GoFile {
    pub path: PathBuf,
    /// `package` clause name (`order`, `order_test`).
    pub package: String,
    pub imports: Vec<Import>,
    pub functions: Vec<Function>,
    pub types: Vec<TypeDecl>,
    pub consts: Vec<ConstDecl>,
    /// Package-level vars with an initial value (`var magic = []byte("HSCF")`): name and
    /// expression, in source order.
    pub vars: Vec<(String, Expr)>,
    /// Every package-level var name (with or without a value), with its declared type.
    pub var_decls: Vec<VarDecl>,
    /// Package-level func literals (`var f = func() {...}`): body ranges. Their blocks belong to
    /// no function (cover calls them `func.L<line>.C<col>`).
    pub package_literals: Vec<CoverRange>,
    /// Ranges tree-sitter marked as ERROR or MISSING.
    pub syntax_errors: Vec<CoverRange>,
    /// Line count and per-line byte lengths are needed to detect stale profiles.
    pub line_lengths: Vec<u32>,
    /// True when the file holds bytes that are not UTF-8 (texts are then lossy).
    pub non_utf8: bool,
    /// True when the file was only scanned (`index::scan`): functions have their extents,
    /// receivers and call names, but no parameters, regions, types or constants.
    pub lite: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    /// Explicit name (`foo "x/y"`, `_`, `.`), if any.
    pub name: Option<String>,
    pub path: String,
}

impl Import {
    /// The name the file uses for this import: explicit name or last path element.
    pub fn local_name(&self) -> &str {
        match &self.name {
            Some(n) => n,
            None => self.path.rsplit('/').next().unwrap_or(&self.path),
        }
    }
}

/// One package-level var name (`var a, b int` gives two).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VarDecl {
    pub name: String,
    /// The declared type, when written (`var rng *rand.Rand`).
    pub ty: Option<GoType>,
    /// The value's text, when there is one (`map[string]int{}`).
    pub value: Option<String>,
}

/// A function or method declaration.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Function {
    /// Bare name as `go tool cover -func` prints it (`Add`, not `Cart.Add`).
    pub name: String,
    pub receiver: Option<Receiver>,
    pub type_params: Vec<TypeParam>,
    pub params: Vec<Param>,
    pub results: Vec<Param>,
    /// From the `func` keyword to just past the closing `}` (cover -func's extent).
    pub range: CoverRange,
    /// The body `{ ... }` (None for a declaration without body).
    pub body: Option<CoverRange>,
    /// True when a syntax error lies inside the function: its regions may be incomplete.
    pub has_syntax_error: bool,
    /// Control regions inside the body, the body itself first (kind `FunctionEntry`), then
    /// in source order. Func literal bodies are included (kind `FuncLit`).
    pub regions: Vec<Region>,
    /// Calls made in the body (including in func literals), in source order.
    pub calls: Vec<Call>,
    /// Assignments and short variable declarations in the body, in source order.
    pub assigns: Vec<Assign>,
    /// `return` statements: their ranges (a region whose last statement returns exits early).
    pub returns: Vec<CoverRange>,
    /// The doc comment right above the declaration, comment markers stripped (None if none).
    pub doc: Option<String>,
    /// The returned expression when the body is one `return e` statement with one result: a
    /// small predicate (`func isSpace(b byte) bool { return b == ' ' || b == '\t' }`) whose
    /// expression the guard miner inlines into the guards that call it.
    #[serde(default)]
    pub result: Option<Expr>,
}

impl Function {
    /// `Name` for functions, `Type.Name` for methods (receiver type without `*`/type args).
    pub fn qualified_name(&self) -> String {
        match &self.receiver {
            Some(r) => format!("{}.{}", r.type_name, self.name),
            None => self.name.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receiver {
    pub name: Option<String>,
    /// Base type name (`Cart` for `*Cart` and for `Cart[T]`).
    pub type_name: String,
    pub pointer: bool,
    /// Type parameter names of a generic receiver (`T` in `(s *Stack[T])`).
    pub type_args: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeParam {
    pub name: String,
    /// Constraint text (`any`, `comparable`, `~int | ~string`, `fmt.Stringer`).
    pub constraint: String,
}

/// One parameter or result. `a, b int` gives two `Param`s with the same type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    /// None for unnamed parameters (`func(int, string)`), `Some("_")` for blank.
    pub name: Option<String>,
    pub ty: GoType,
    /// `...T`: `ty` is `T`, the element type.
    pub variadic: bool,
}

/// A Go type expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GoType {
    /// `int`, `Cart`, `time.Duration`, `Stack[int]`.
    Named {
        pkg: Option<String>,
        name: String,
        args: Vec<GoType>,
    },
    Pointer {
        elem: Box<GoType>,
    },
    Slice {
        elem: Box<GoType>,
    },
    Array {
        len: String,
        elem: Box<GoType>,
    },
    Map {
        key: Box<GoType>,
        value: Box<GoType>,
    },
    Chan {
        text: String,
    },
    Func {
        text: String,
    },
    Interface {
        text: String,
        /// `interface{}` or `any`-like: no methods, no type elements.
        empty: bool,
    },
    Struct {
        fields: Vec<Field>,
    },
    /// Anything else (parenthesised types, errors), with its source text.
    Other {
        text: String,
    },
}

impl fmt::Display for GoType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoType::Named { pkg, name, args } => {
                if let Some(p) = pkg {
                    write!(f, "{p}.")?;
                }
                write!(f, "{name}")?;
                if !args.is_empty() {
                    write!(f, "[")?;
                    for (i, a) in args.iter().enumerate() {
                        if i > 0 {
                            write!(f, ", ")?;
                        }
                        write!(f, "{a}")?;
                    }
                    write!(f, "]")?;
                }
                Ok(())
            }
            GoType::Pointer { elem } => write!(f, "*{elem}"),
            GoType::Slice { elem } => write!(f, "[]{elem}"),
            GoType::Array { len, elem } => write!(f, "[{len}]{elem}"),
            GoType::Map { key, value } => write!(f, "map[{key}]{value}"),
            GoType::Chan { text } | GoType::Func { text } | GoType::Other { text } => {
                write!(f, "{text}")
            }
            GoType::Interface { text, .. } => write!(f, "{text}"),
            GoType::Struct { fields } => {
                write!(f, "struct{{")?;
                for (i, fd) in fields.iter().enumerate() {
                    if i > 0 {
                        write!(f, ";")?;
                    }
                    write!(f, " ")?;
                    if let Some(n) = &fd.name {
                        write!(f, "{n} ")?;
                    }
                    write!(f, "{}", fd.ty)?;
                }
                if !fields.is_empty() {
                    write!(f, " ")?;
                }
                write!(f, "}}")
            }
        }
    }
}

/// A struct field. `A, B int` gives two fields. Embedded fields have `name: None`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub name: Option<String>,
    pub ty: GoType,
    /// Raw tag literal including quotes (`` `json:"qty"` ``), if any.
    pub tag: Option<String>,
}

/// `type X ...` (one spec; grouped declarations give one each).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeDecl {
    pub name: String,
    pub type_params: Vec<TypeParam>,
    /// `type A = B`.
    pub alias: bool,
    pub ty: GoType,
    pub line: u32,
}

/// One constant name. In an iota group, a spec without value repeats the previous spec's
/// expression and type; `value` holds that effective expression and `iota` its index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConstDecl {
    pub name: String,
    pub ty: Option<GoType>,
    pub value: Option<Expr>,
    /// Value of `iota` for this spec (its index in the const group).
    pub iota: u32,
    pub line: u32,
}

/// A call found in a function body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// The called expression (`parseLine`, `strings.Split`, `c.total`, `p.r.Read`).
    pub func: Expr,
    pub args: Vec<Expr>,
    pub pos: CoverPos,
}

/// `a, b := f(x)` / `a = x` / `var a = x` / `a += x` / `for k, v := range x`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assign {
    /// Left-hand sides as expressions (identifiers, selectors, index expressions).
    pub lhs: Vec<Expr>,
    /// Right-hand sides. For `range`, one element: `Expr::Unary { op: "range", .. }`.
    pub rhs: Vec<Expr>,
    /// `=`, `:=`, `+=`, `var`, `range`..., and `var zero` for `var x T` without a value (the
    /// right-hand side is then the composite `T{}`: the zero value, typed).
    pub op: String,
    pub range: CoverRange,
}

/// A control region: the extent of a block or case clause body in which cover blocks live, and
/// the construct that decides whether it runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// For braced blocks the `block` node (`{` .. just past `}`); for case clauses from just
    /// after the `:` to the clause end; for `else` from just after the `else` keyword to the end
    /// of the else block or of the nested `if` statement.
    pub range: CoverRange,
    pub guard: Guard,
    /// Index of the enclosing region in `Function::regions` (None for the function body).
    pub parent: Option<usize>,
    /// Top-level statements of the region, in order, with the kind of each; used to find which
    /// statement a continuation block follows.
    pub statements: Vec<Statement>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub range: CoverRange,
    /// tree-sitter statement kind without `_statement` (`if`, `for`, `expression_switch`,
    /// `return`, `short_var_declaration`, ...).
    pub kind: String,
    /// True when control never falls through (`return`, `panic(..)`, `break`, `continue`,
    /// `goto`, or an `if` whose every branch ends so).
    pub terminates: bool,
}

/// What decides whether a region runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Guard {
    /// The function body: runs on every entry.
    FunctionEntry,
    /// The consequence of `if cond`.
    IfThen { cond: Expr },
    /// The `else` of `if cond` (runs when `cond` is false). For an `else if` chain, `cond` is
    /// the condition of the `if` this else belongs to.
    Else { cond: Expr },
    /// A case of an expression switch (`tag` is the switch value; None for `switch {`).
    Case {
        tag: Option<Expr>,
        values: Vec<Expr>,
        default: bool,
        /// Values of the other cases of the same switch (a default runs when none matches).
        /// Always complete for `default`; for a non-default case of a switch with more than
        /// 256 case values in total it is left empty (the lists would be quadratic in size).
        others: Vec<Expr>,
    },
    /// A case of a type switch (`x := v.(type)`): type texts.
    TypeCase {
        subject: Expr,
        types: Vec<String>,
        default: bool,
    },
    /// A `select` communication clause.
    SelectCase { comm: String, default: bool },
    /// A `for` body: `header` is the clause text (`i := 0; i < n; i++`, `_, r := range s`, or
    /// the condition), `cond` the loop condition when there is one.
    LoopBody {
        header: String,
        cond: Option<Expr>,
        range_over: Option<Expr>,
    },
    /// The body of a func literal.
    FuncLit,
    /// A bare `{ ... }` block statement.
    Block,
}

/// A Go expression, enough structure for guard analysis; every node keeps its shape, and
/// [`Expr::text`] renders it back in Go syntax.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expr {
    Ident {
        name: String,
    },
    /// Integer literal as written (`0x7f`, `1_000`, `0o17`).
    Int {
        text: String,
    },
    Float {
        text: String,
    },
    Imaginary {
        text: String,
    },
    /// Rune literal as written, with quotes (`'#'`, `'\n'`).
    Rune {
        text: String,
    },
    /// String literal as written, with quotes (`"refund"`, `` `raw` ``).
    Str {
        text: String,
    },
    Selector {
        x: Box<Expr>,
        sel: String,
    },
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        /// `f(xs...)`.
        spread: bool,
    },
    Index {
        x: Box<Expr>,
        index: Box<Expr>,
    },
    Slice {
        x: Box<Expr>,
        low: Option<Box<Expr>>,
        high: Option<Box<Expr>>,
        max: Option<Box<Expr>>,
    },
    /// `!x`, `-x`, `^x`, `*x`, `&x`, `<-x`, and `range x` (op `range`).
    Unary {
        op: String,
        x: Box<Expr>,
    },
    Binary {
        op: String,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Paren {
        x: Box<Expr>,
    },
    TypeAssert {
        x: Box<Expr>,
        ty: String,
    },
    /// Type conversion written like a call is a `Call`; composite literals keep their text.
    Composite {
        text: String,
    },
    FuncLit {
        text: String,
    },
    /// Anything else, with its source text.
    Other {
        text: String,
    },
}

impl Expr {
    pub fn ident(name: &str) -> Expr {
        Expr::Ident {
            name: name.to_string(),
        }
    }

    /// Go source text of the expression (normalised spacing as gofmt prints binary operators).
    pub fn text(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Ident { name } => write!(f, "{name}"),
            Expr::Int { text }
            | Expr::Float { text }
            | Expr::Imaginary { text }
            | Expr::Rune { text }
            | Expr::Str { text }
            | Expr::Composite { text }
            | Expr::FuncLit { text }
            | Expr::Other { text } => write!(f, "{text}"),
            Expr::Selector { x, sel } => write!(f, "{x}.{sel}"),
            Expr::Call { func, args, spread } => {
                write!(f, "{func}(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{a}")?;
                }
                if *spread {
                    write!(f, "...")?;
                }
                write!(f, ")")
            }
            Expr::Index { x, index } => write!(f, "{x}[{index}]"),
            Expr::Slice { x, low, high, max } => {
                write!(f, "{x}[")?;
                if let Some(l) = low {
                    write!(f, "{l}")?;
                }
                write!(f, ":")?;
                if let Some(h) = high {
                    write!(f, "{h}")?;
                }
                if let Some(m) = max {
                    write!(f, ":{m}")?;
                }
                write!(f, "]")
            }
            Expr::Unary { op, x } if op == "range" => write!(f, "range {x}"),
            Expr::Unary { op, x } => write!(f, "{op}{x}"),
            Expr::Binary { op, left, right } => write!(f, "{left} {op} {right}"),
            Expr::Paren { x } => write!(f, "({x})"),
            Expr::TypeAssert { x, ty } => write!(f, "{x}.({ty})"),
        }
    }
}
