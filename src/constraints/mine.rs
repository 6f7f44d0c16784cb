//! Mining: a guard expression in, alternatives of facts over the function's inputs out.
//!
//! Every operand is first *resolved* to a value: an [`Access`] from an input, a constant
//! ([`Lit`]), the error of a strconv call over an input, or unknown (with the reason). Names
//! resolve, in order, through the last assignment before the position being resolved (simple
//! intra-function data flow, flow-insensitive across branches), the caller bindings, the
//! parameters and receiver, package constants and vars. Then comparisons and boolean calls
//! (`strings.HasPrefix`, `unicode.IsDigit`, `err != nil`...) become [`Fact`]s, and `&&`, `||`
//! and `!` combine them by De Morgan into a DNF capped at [`MAX_ALTERNATIVES`].

use super::consts::{eval_const, int_type, ConstEnv};
use super::{
    Access, Alternatives, ArithOp, CharClass, CmpOp, Fact, Lit, ParseKind, Step, TextTest,
};
use crate::gotypes::{Basic, Kind};
use crate::index::{ConstDecl, Expr, Function, GoType};
use crate::span::CoverPos;
use std::collections::BTreeMap;

mod cut;
mod decoders;

/// At most this many alternatives are kept per guard (the first ones in source order).
pub const MAX_ALTERNATIVES: usize = 16;

const MAX_DEPTH: u32 = 64;

#[path = "mine_structured.rs"]
mod structured;
pub use structured::resolve_access;

/// What a guard is mined against.
#[derive(Clone, Debug)]
pub struct Context<'a> {
    /// The function holding the guard: its parameters and receiver are the input roots, its
    /// assignments give data flow.
    pub function: &'a Function,
    /// The package's constants (iota groups already expanded by the index).
    pub consts: &'a [ConstDecl],
    /// Package-level vars with their initialiser; one initialised with a literal,
    /// `[]byte("..")` or a `[]byte{..}` of constants counts as a constant.
    pub vars: &'a [(String, Expr)],
    /// Callee parameter name → the caller's argument expression. A bound name resolves to the
    /// argument, evaluated in [`Context::caller`] (or, without a caller, against this context's
    /// constants only), before parameters are considered.
    pub bindings: BTreeMap<String, Expr>,
    /// The calling function's context, positioned at the call.
    pub caller: Option<&'a Context<'a>>,
    /// Position of the guard: only assignments that start before it apply (None: all).
    pub pos: Option<CoverPos>,
    /// The package's functions: a guard that calls a predicate among them (a body of one
    /// `return e`, see [`Function::result`]) is mined through `e`, its parameters bound to
    /// the call's arguments.
    pub helpers: &'a [Function],
}

impl<'a> Context<'a> {
    pub fn new(
        function: &'a Function,
        consts: &'a [ConstDecl],
        vars: &'a [(String, Expr)],
    ) -> Context<'a> {
        Context {
            function,
            consts,
            vars,
            bindings: BTreeMap::new(),
            caller: None,
            pos: None,
            helpers: &[],
        }
    }

    /// The same context with the package's functions, for inlining predicates.
    pub fn with_helpers(mut self, helpers: &'a [Function]) -> Context<'a> {
        self.helpers = helpers;
        self
    }

    /// The same context positioned at a guard (or, for a caller, at the call).
    pub fn at(mut self, pos: CoverPos) -> Context<'a> {
        self.pos = Some(pos);
        self
    }

    /// This (callee) context, called from `caller` with `bindings` (parameter → argument).
    pub fn called_from(
        mut self,
        caller: &'a Context<'a>,
        bindings: BTreeMap<String, Expr>,
    ) -> Context<'a> {
        self.caller = Some(caller);
        self.bindings = bindings;
        self
    }

    fn env(&self) -> ConstEnv<'a> {
        ConstEnv {
            consts: self.consts,
            vars: self.vars,
        }
    }

    fn input_type(&self, name: &str) -> Option<Option<&'a GoType>> {
        if name == "_" {
            return None;
        }
        if let Some(p) = self
            .function
            .params
            .iter()
            .find(|p| p.name.as_deref() == Some(name))
        {
            return Some(Some(&p.ty));
        }
        let recv = self.function.receiver.as_ref()?;
        (recv.name.as_deref() == Some(name)).then_some(None)
    }

    fn is_local(&self, name: &str) -> bool {
        self.bindings.contains_key(name)
            || self.input_type(name).is_some()
            || self
                .function
                .assigns
                .iter()
                .any(|a| a.lhs.iter().any(|l| is_ident(l, name)))
    }
}

/// A resolved operand.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    In(Access),
    Const(Lit),
    /// The error result of a strconv call over an input.
    ParseErr(Access, ParseKind),
    Unknown(String),
}

fn is_ident(e: &Expr, name: &str) -> bool {
    matches!(e, Expr::Ident { name: n } if n == name)
}

fn unparen(e: &Expr) -> &Expr {
    match e {
        Expr::Paren { x } => unparen(x),
        other => other,
    }
}

fn before(a: CoverPos, pos: Option<CoverPos>) -> bool {
    match pos {
        Some(p) => a < p,
        None => true,
    }
}

struct Miner<'c, 'a> {
    ctx: &'c Context<'a>,
}

impl Miner<'_, '_> {
    fn resolve(&self, e: &Expr, pos: Option<CoverPos>, depth: u32) -> Val {
        if depth > MAX_DEPTH {
            return Val::Unknown(format!("`{e}` resolves too deep"));
        }
        let d = depth + 1;
        match e {
            Expr::Paren { x } => self.resolve(x, pos, d),
            Expr::Ident { name } => self.resolve_name(name, pos, d),
            Expr::Int { .. }
            | Expr::Float { .. }
            | Expr::Rune { .. }
            | Expr::Str { .. }
            | Expr::Composite { .. } => self.constant(e),
            Expr::Selector { x, sel } => {
                if let Expr::Ident { name } = &**x {
                    if !self.ctx.is_local(name) {
                        return match super::std_const(name, sel) {
                            Some(l) => Val::Const(l),
                            None => Val::Unknown(format!(
                                "`{e}` is a package-level value, not derived from inputs"
                            )),
                        };
                    }
                }
                match self.resolve(x, pos, d) {
                    Val::In(a) => Val::In(a.then(Step::Field(sel.clone()))),
                    Val::Unknown(r) => Val::Unknown(r),
                    _ => Val::Unknown(format!("`{e}` is not derived from inputs")),
                }
            }
            Expr::Index { x, index } => {
                let i = match self.resolve(index, pos, d) {
                    Val::Const(Lit::Str(k)) => return self.map_member(e, x, k, pos, d),
                    Val::Const(l) => l.as_int(),
                    _ => None,
                };
                let Some(i) = i.and_then(|i| i64::try_from(i).ok()) else {
                    return Val::Unknown(format!("`{e}` has a non-constant index"));
                };
                match self.resolve(x, pos, d) {
                    Val::In(a) => Val::In(a.then(Step::Index(i))),
                    Val::Const(Lit::Str(b)) => match usize::try_from(i).ok().and_then(|i| b.get(i))
                    {
                        Some(&v) => Val::Const(Lit::Int(v as i128)),
                        None => Val::Unknown(format!("`{e}` is out of range")),
                    },
                    Val::Unknown(r) => Val::Unknown(r),
                    _ => Val::Unknown(format!("`{e}` is not derived from inputs")),
                }
            }
            Expr::Slice { x, low, high, max } => {
                let bound = |b: &Option<Box<Expr>>| -> Result<Option<i64>, ()> {
                    match b {
                        None => Ok(None),
                        Some(b) => match self.resolve(b, pos, d) {
                            Val::Const(l) => l
                                .as_int()
                                .and_then(|i| i64::try_from(i).ok())
                                .map(Some)
                                .ok_or(()),
                            _ => Err(()),
                        },
                    }
                };
                let (Ok(low), Ok(high), None) = (bound(low), bound(high), max) else {
                    return Val::Unknown(format!("`{e}` has non-constant bounds"));
                };
                match self.resolve(x, pos, d) {
                    Val::In(a) => Val::In(a.then(Step::Slice { low, high })),
                    Val::Unknown(r) => Val::Unknown(r),
                    _ => Val::Unknown(format!("`{e}` is not derived from inputs")),
                }
            }
            Expr::Unary { op, x } => self.resolve_unary(e, op, x, pos, d),
            Expr::Binary { op, left, right } => self.resolve_binary(e, op, left, right, pos, d),
            Expr::Call { func, args, spread } if !spread => {
                self.resolve_call(e, func, args, pos, d)
            }
            Expr::TypeAssert { x, ty } => self.type_assert(e, x, ty, pos, d),
            _ => Val::Unknown(format!("`{e}` is not modelled")),
        }
    }

    /// `-x`, `*p`, `+x` and `-k` of a constant.
    fn resolve_unary(&self, e: &Expr, op: &str, x: &Expr, pos: Option<CoverPos>, d: u32) -> Val {
        match (op, self.resolve(x, pos, d)) {
            ("*", Val::In(a)) => Val::In(a.then(Step::Deref)),
            ("+", v) => v,
            ("-", Val::In(a)) => Val::In(a.then(Step::Arith {
                op: ArithOp::Sub,
                k: 0,
                rev: true,
            })),
            ("-", Val::Const(l)) => match l {
                Lit::Int(i) => Val::Const(Lit::Int(-i)),
                Lit::Rune(r) => Val::Const(Lit::Int(-(r as i128))),
                Lit::Float(f) => Val::Const(Lit::Float(-f)),
                _ => Val::Unknown(format!("`{e}` is not a number")),
            },
            (_, Val::Unknown(r)) => Val::Unknown(r),
            _ => Val::Unknown(format!("`{e}`: operator `{op}` is not modelled")),
        }
    }

    /// Folded constants, and integer arithmetic of an input-derived value with a constant.
    fn resolve_binary(
        &self,
        e: &Expr,
        op: &str,
        left: &Expr,
        right: &Expr,
        pos: Option<CoverPos>,
        d: u32,
    ) -> Val {
        match (self.resolve(left, pos, d), self.resolve(right, pos, d)) {
            (Val::Const(l), Val::Const(r)) => match fold(op, &l, &r, self.ctx) {
                Some(v) => Val::Const(v),
                None => Val::Unknown(format!("`{e}` does not fold")),
            },
            (Val::Unknown(r), _) | (_, Val::Unknown(r)) => Val::Unknown(r),
            (Val::In(a), Val::Const(k)) => arith_on(e, op, a, &k, false),
            (Val::Const(k), Val::In(a)) => arith_on(e, op, a, &k, true),
            _ => Val::Unknown(format!(
                "`{e}`: arithmetic between input-derived values is not modelled"
            )),
        }
    }

    fn constant(&self, e: &Expr) -> Val {
        match eval_const(e, None, self.ctx.env()) {
            Some(c) => Val::Const(c.lit),
            None => Val::Unknown(format!("`{e}` is not a constant heatseed can decode")),
        }
    }

    fn resolve_name(&self, name: &str, pos: Option<CoverPos>, d: u32) -> Val {
        let ctx = self.ctx;
        if name == "_" {
            return Val::Unknown("the blank identifier".into());
        }
        let last = ctx
            .function
            .assigns
            .iter()
            .rev()
            .filter(|a| before(a.range.start, pos))
            .find_map(|a| a.lhs.iter().position(|l| is_ident(l, name)).map(|k| (a, k)));
        if let Some((a, k)) = last {
            let at = Some(a.range.start);
            if let Some(Expr::Unary { op, x }) = a.rhs.first().filter(|_| a.rhs.len() == 1) {
                if op == "range" {
                    if k == 0 {
                        return Val::Unknown(format!("`{name}` is a range index or key"));
                    }
                    return match self.resolve(x, at, d) {
                        Val::In(acc) => Val::In(acc.then(Step::Each)),
                        Val::Unknown(r) => Val::Unknown(r),
                        _ => Val::Unknown(format!("`{name}` ranges over a constant")),
                    };
                }
            }
            return match a.op.as_str() {
                ":=" | "=" | "var" if a.rhs.len() == a.lhs.len() => self.resolve(&a.rhs[k], at, d),
                ":=" | "=" | "var" if a.rhs.len() == 1 => self
                    .resolve_tuple(&a.rhs[0], at, d)
                    .into_iter()
                    .nth(k)
                    .unwrap_or_else(|| {
                        Val::Unknown(format!("`{name}` is a result of `{}`", a.rhs[0]))
                    }),
                ":=" | "=" | "var" => Val::Unknown(format!("`{name}` is declared without a value")),
                // `var req Request` later filled through `&req` by a call (`json.Unmarshal(body,
                // &req)`, `binary.Read(r, o, &hdr)`): an input root of its own; the caller
                // decides whether it can supply it (a JSON document, say).
                "var zero" if self.filled_by_reference(name, pos) => Val::In(Access::root(name)),
                "var zero" => Val::Unknown(format!("`{name}` is a zero value")),
                op => Val::Unknown(format!("`{name}` is updated with `{op}`")),
            };
        }
        if let Some(arg) = ctx.bindings.get(name) {
            return match ctx.caller {
                Some(caller) => Miner { ctx: caller }.resolve(arg, caller.pos, d),
                None => {
                    let empty = Function::default();
                    let bare = Context::new(&empty, ctx.consts, ctx.vars);
                    Miner { ctx: &bare }.resolve(arg, None, d)
                }
            };
        }
        if ctx.input_type(name).is_some() {
            return Val::In(Access::root(name));
        }
        match name {
            "nil" => return Val::Const(Lit::Nil),
            "true" => return Val::Const(Lit::Bool(true)),
            "false" => return Val::Const(Lit::Bool(false)),
            _ => {}
        }
        match eval_const(&Expr::ident(name), None, ctx.env()) {
            Some(c) => Val::Const(c.lit),
            None => Val::Unknown(format!(
                "`{name}` is not derived from the function's inputs"
            )),
        }
    }

    /// True when a call before `pos` takes `&name` as an argument.
    fn filled_by_reference(&self, name: &str, pos: Option<CoverPos>) -> bool {
        self.ctx.function.calls.iter().any(|c| {
            before(c.pos, pos)
                && c.args
                    .iter()
                    .any(|a| matches!(a, Expr::Unary { op, x } if op == "&" && is_ident(x, name)))
        })
    }

    /// Applies a one-input step to the first argument.
    fn step_on(&self, e: &Expr, arg: &Expr, step: Step, pos: Option<CoverPos>, d: u32) -> Val {
        match self.resolve(arg, pos, d) {
            Val::In(a) => Val::In(a.then(step)),
            Val::Unknown(r) => Val::Unknown(r),
            _ => Val::Unknown(format!("`{e}` is not derived from inputs")),
        }
    }

    fn const_bytes(&self, e: &Expr, pos: Option<CoverPos>, d: u32, byte: bool) -> Option<Vec<u8>> {
        match self.resolve(e, pos, d) {
            Val::Const(Lit::Str(b)) => Some(b),
            Val::Const(l) => {
                let v = u32::try_from(l.as_int()?).ok()?;
                if byte {
                    Some(vec![u8::try_from(v).ok()?])
                } else {
                    Some(char::from_u32(v)?.to_string().into_bytes())
                }
            }
            _ => None,
        }
    }

    fn resolve_call(
        &self,
        e: &Expr,
        func: &Expr,
        args: &[Expr],
        pos: Option<CoverPos>,
        d: u32,
    ) -> Val {
        let name = func.text();
        let name = name.as_str();
        let n = args.len();
        let sub = |i: usize, byte: bool| self.const_bytes(&args[i], pos, d, byte);
        let step = match (name, n) {
            ("len", 1) => {
                return match self.resolve(&args[0], pos, d) {
                    Val::In(a) => Val::In(a.then(Step::Len)),
                    Val::Const(Lit::Str(b)) => Val::Const(Lit::Int(b.len() as i128)),
                    Val::Unknown(r) => Val::Unknown(r),
                    _ => Val::Unknown(format!("`{e}` is not derived from inputs")),
                }
            }
            ("strings.TrimSpace" | "bytes.TrimSpace", 1) => Some(Step::TrimSpace),
            ("strings.TrimSuffix" | "bytes.TrimSuffix", 2) => {
                sub(1, false).map(|suffix| Step::TrimSuffix { suffix })
            }
            ("utf8.RuneCountInString" | "utf8.RuneCount", 1) => Some(Step::RuneCount),
            ("strings.TrimPrefix" | "bytes.TrimPrefix", 2) => {
                sub(1, false).map(|prefix| Step::TrimPrefix { prefix })
            }
            ("strings.ToLower" | "bytes.ToLower", 1) => Some(Step::ToLower),
            ("strings.ToUpper" | "bytes.ToUpper", 1) => Some(Step::ToUpper),
            ("strings.Fields" | "bytes.Fields", 1) => Some(Step::Fields),
            ("strings.Split" | "bytes.Split", 2) => sub(1, false).map(|sep| Step::Split { sep }),
            ("strings.Count" | "bytes.Count", 2) => sub(1, false).map(|sub| Step::Count { sub }),
            ("strings.Index" | "bytes.Index", 2) => sub(1, false).map(|sub| Step::IndexOf { sub }),
            ("strings.IndexByte" | "bytes.IndexByte", 2) => {
                sub(1, true).map(|sub| Step::IndexOf { sub })
            }
            ("strings.IndexRune" | "bytes.IndexRune", 2) => {
                sub(1, false).map(|sub| Step::IndexOf { sub })
            }
            (t, 1) if is_conversion(t) => {
                return match self.resolve(&args[0], pos, d) {
                    Val::In(a) => Val::In(a.then(Step::Convert(t.to_string()))),
                    Val::Const(_) => self.constant_call(e, pos, d),
                    Val::Unknown(r) => Val::Unknown(r),
                    Val::ParseErr(..) => Val::Unknown(format!("`{e}` converts an error")),
                }
            }
            _ => {
                if let Some(v) = self.structured_call(func, args, pos, d) {
                    return v;
                }
                if let Some(v) = self.decoder_call(func, args, pos, d) {
                    return v;
                }
                return Val::Unknown(format!(
                    "`{e}` calls `{name}`, which is not modelled (mine a same-package callee \
                     with caller bindings)"
                ));
            }
        };
        match step {
            Some(s) => self.step_on(e, &args[0], s, pos, d),
            None => Val::Unknown(format!("`{e}` has a non-constant argument")),
        }
    }

    /// A conversion of a constant: fold it after resolving the argument.
    fn constant_call(&self, e: &Expr, pos: Option<CoverPos>, d: u32) -> Val {
        if let Expr::Call { func, args, .. } = e {
            if let Val::Const(l) = self.resolve(&args[0], pos, d) {
                let lit_expr = lit_expr(&l);
                let call = Expr::Call {
                    func: func.clone(),
                    args: vec![lit_expr],
                    spread: false,
                };
                return self.constant(&call);
            }
        }
        self.constant(e)
    }

    /// Values of a multi-result call (`v, err := strconv.Atoi(s)`).
    fn resolve_tuple(&self, e: &Expr, pos: Option<CoverPos>, d: u32) -> Vec<Val> {
        let unknown = |why: String| vec![Val::Unknown(why.clone()), Val::Unknown(why)];
        let Expr::Call { func, args, .. } = unparen(e) else {
            if let Expr::TypeAssert { x, ty } = unparen(e) {
                let ok = self.assert_ok(x, ty, pos, d);
                return vec![self.type_assert(e, x, ty, pos, d), ok];
            }
            return unknown(format!("`{e}` gives several values, not modelled"));
        };
        let int_arg = |i: usize| match args.get(i).map(|a| self.resolve(a, pos, d)) {
            Some(Val::Const(l)) => l.as_int().and_then(|v| u32::try_from(v).ok()),
            _ => None,
        };
        let kind = match func.text().as_str() {
            "strconv.Atoi" => Some(ParseKind::Atoi),
            "strconv.ParseInt" => int_arg(1)
                .zip(int_arg(2))
                .map(|(base, bits)| ParseKind::ParseInt { base, bits }),
            "strconv.ParseUint" => int_arg(1)
                .zip(int_arg(2))
                .map(|(base, bits)| ParseKind::ParseUint { base, bits }),
            "strconv.ParseFloat" => int_arg(1).map(|bits| ParseKind::ParseFloat { bits }),
            "strconv.ParseBool" => Some(ParseKind::ParseBool),
            other => {
                if let Some(v) = self.uvarint_tuple(func, args, pos, d) {
                    return v;
                }
                if let Some(v) = self.cut_tuple(e, other, args, pos, d) {
                    return v;
                }
                return self.decoder_tuple(other, args, pos, d).unwrap_or_else(|| {
                    unknown(format!("`{e}`: results of `{other}` are not modelled"))
                });
            }
        };
        let Some(kind) = kind else {
            return unknown(format!("`{e}` has non-constant base or bit size"));
        };
        match args.first().map(|a| self.resolve(a, pos, d)) {
            Some(Val::In(a)) => vec![Val::In(a.then(Step::Parse(kind))), Val::ParseErr(a, kind)],
            Some(Val::Unknown(r)) => unknown(r),
            _ => unknown(format!("`{e}` does not parse an input")),
        }
    }

    fn mine(&self, cond: &Expr, want: bool, d: u32) -> Alternatives {
        if d > MAX_DEPTH {
            return unsat(format!("`{cond}` nests too deep"));
        }
        let pos = self.ctx.pos;
        match cond {
            Expr::Paren { x } => self.mine(x, want, d + 1),
            Expr::Unary { op, x } if op == "!" => self.mine(x, !want, d + 1),
            Expr::Binary { op, left, right } if op == "&&" || op == "||" => {
                let l = self.mine(left, want, d + 1);
                let r = self.mine(right, want, d + 1);
                if (op == "&&") == want {
                    and(l, r)
                } else {
                    or(l, r)
                }
            }
            Expr::Binary { op, left, right } => match CmpOp::from_go(op) {
                Some(cmp) => self.compare(cond, cmp, left, right, want, pos, d),
                None => unsat(format!("`{cond}` is not a condition heatseed models")),
            },
            Expr::Call { func, args, spread } if !spread => {
                self.bool_call(cond, func, args, want, pos, d)
            }
            Expr::Ident { .. } | Expr::Selector { .. } | Expr::Index { .. } => {
                match self.resolve(cond, pos, d) {
                    Val::In(a) => vec![vec![cmp_fact(a, CmpOp::Eq, Lit::Bool(want))]],
                    Val::Const(Lit::Bool(b)) => constant(b == want),
                    Val::Unknown(r) => unsat(r),
                    _ => unsat(format!("`{cond}` is not a boolean heatseed models")),
                }
            }
            _ => unsat(format!("`{cond}` is not a condition heatseed models")),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn compare(
        &self,
        cond: &Expr,
        op: CmpOp,
        left: &Expr,
        right: &Expr,
        want: bool,
        pos: Option<CoverPos>,
        d: u32,
    ) -> Alternatives {
        let op = if want { op } else { op.negate() };
        if let Some(f) = self.two_input_sum(left, op, right, pos, d) {
            return vec![vec![f]];
        }
        if let Some(f) = self.last_byte(left, op, right, pos, d) {
            return vec![vec![f]];
        }
        match (self.resolve(left, pos, d), self.resolve(right, pos, d)) {
            (Val::In(a), Val::Const(l)) => vec![vec![cmp_fact(a, op, l)]],
            (Val::Const(l), Val::In(a)) => vec![vec![cmp_fact(a, op.mirror(), l)]],
            (Val::ParseErr(a, kind), Val::Const(Lit::Nil))
            | (Val::Const(Lit::Nil), Val::ParseErr(a, kind)) => match op {
                CmpOp::Eq | CmpOp::Ne => vec![vec![Fact::Parses {
                    access: a,
                    kind,
                    ok: op == CmpOp::Eq,
                }]],
                _ => unsat(format!("`{cond}` orders an error")),
            },
            (Val::Const(l), Val::Const(r)) => match fold(&op.to_string(), &l, &r, self.ctx) {
                Some(Lit::Bool(b)) => constant(b),
                _ => unsat(format!("`{cond}` compares constants heatseed cannot fold")),
            },
            (Val::Unknown(r), _) | (_, Val::Unknown(r)) => unsat(r),
            (Val::In(left), Val::In(right)) => vec![vec![Fact::Rel { left, op, right }]],
            _ => unsat(format!("`{cond}` compares an error with a non-nil value")),
        }
    }

    /// A call of a package predicate (`isSpace(s[0])`, a function whose body is `return e`):
    /// `e` mined with the predicate's parameters bound to the call's arguments.
    fn predicate_call(
        &self,
        func: &Expr,
        args: &[Expr],
        want: bool,
        d: u32,
    ) -> Option<Alternatives> {
        let Expr::Ident { name } = func else {
            return None;
        };
        if self.ctx.is_local(name) {
            return None;
        }
        let helper = self.ctx.helpers.iter().find(|h| {
            h.name == *name
                && h.receiver.is_none()
                && h.type_params.is_empty()
                && h.params.len() == args.len()
                && !h.params.iter().any(|p| p.variadic)
                && h.results.len() == 1
        })?;
        let result = helper.result.as_ref()?;
        let mut bindings = BTreeMap::new();
        for (p, a) in helper.params.iter().zip(args) {
            bindings.insert(p.name.clone()?, a.clone());
        }
        let callee = Context::new(helper, self.ctx.consts, self.ctx.vars)
            .with_helpers(self.ctx.helpers)
            .called_from(self.ctx, bindings);
        Some(Miner { ctx: &callee }.mine(result, want, d + 1))
    }

    /// `s[len(s)-1] == c` (or `!=`, either side) for a byte constant `c`: `s` ends (or does
    /// not end) with `c`, a [`TextTest::HasSuffix`] fact (the guard around it keeps
    /// `len(s) > 0`). The indexing may be a predicate's argument (`isSep(s[len(s)-1])`).
    fn last_byte(
        &self,
        left: &Expr,
        op: CmpOp,
        right: &Expr,
        pos: Option<CoverPos>,
        d: u32,
    ) -> Option<Fact> {
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return None;
        }
        let (access, c) = match self.last_byte_of(left, d) {
            Some(a) => (a, right),
            None => (self.last_byte_of(right, d)?, left),
        };
        let Val::Const(c) = self.resolve(c, pos, d) else {
            return None;
        };
        let b = u8::try_from(c.as_int()?).ok()?;
        Some(Fact::Text {
            access,
            test: TextTest::HasSuffix,
            lit: vec![b],
            want: op == CmpOp::Eq,
        })
    }

    /// The input `s` of `e` = `s[len(s)-1]`, or of a parameter bound to it by a caller.
    fn last_byte_of(&self, e: &Expr, d: u32) -> Option<Access> {
        if d > MAX_DEPTH {
            return None;
        }
        match unparen(e) {
            Expr::Ident { name }
                if !self
                    .ctx
                    .function
                    .assigns
                    .iter()
                    .any(|a| a.lhs.iter().any(|l| is_ident(l, name))) =>
            {
                let arg = self.ctx.bindings.get(name)?;
                Miner {
                    ctx: self.ctx.caller?,
                }
                .last_byte_of(arg, d + 1)
            }
            Expr::Index { x, index } => {
                let Expr::Binary {
                    op: minus,
                    left: n,
                    right: one,
                } = unparen(index)
                else {
                    return None;
                };
                let len_of_x = matches!(unparen(n), Expr::Call { func, args, .. }
                    if func.text() == "len" && args.len() == 1 && args[0].text() == x.text());
                let is_one = matches!(unparen(one), Expr::Int { text } if text == "1");
                if minus != "-" || !len_of_x || !is_one {
                    return None;
                }
                match self.resolve(x, self.ctx.pos, d + 1) {
                    Val::In(a) => Some(a),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `x + y op k` / `x - y op k` (either side: `k op x + y`) over two inputs and an integer
    /// constant, as a relation between them: `x op k - y`, `x op k + y` (the right side an
    /// arithmetic step on `y`), solved like any [`Fact::Rel`]: one input fixed, the other
    /// derived.
    fn two_input_sum(
        &self,
        left: &Expr,
        op: CmpOp,
        right: &Expr,
        pos: Option<CoverPos>,
        d: u32,
    ) -> Option<Fact> {
        let (sum, k, op) = match (unparen(left), unparen(right)) {
            (e @ Expr::Binary { .. }, k) => (e, k, op),
            (k, e @ Expr::Binary { .. }) => (e, k, op.mirror()),
            _ => return None,
        };
        let Expr::Binary {
            op: sum_op,
            left: x,
            right: y,
        } = sum
        else {
            return None;
        };
        let undo = match sum_op.as_str() {
            // x + y op k  <=>  x op k - y
            "+" => (ArithOp::Sub, true),
            // x - y op k  <=>  x op k + y
            "-" => (ArithOp::Add, false),
            _ => return None,
        };
        let Val::Const(k) = self.resolve(k, pos, d) else {
            return None;
        };
        let k = k.as_int()?;
        match (self.resolve(x, pos, d), self.resolve(y, pos, d)) {
            (Val::In(x), Val::In(y)) if x.input_path() != y.input_path() => Some(Fact::Rel {
                left: x,
                op,
                right: y.then(Step::Arith {
                    op: undo.0,
                    k,
                    rev: undo.1,
                }),
            }),
            _ => None,
        }
    }

    fn bool_call(
        &self,
        cond: &Expr,
        func: &Expr,
        args: &[Expr],
        want: bool,
        pos: Option<CoverPos>,
        d: u32,
    ) -> Alternatives {
        if let Some(alts) = self.predicate_call(func, args, want, d) {
            return alts;
        }
        let name = func.text();
        let (pkg, fname) = name.split_once('.').unwrap_or(("", name.as_str()));
        let text_test = match fname {
            "HasPrefix" => Some(TextTest::HasPrefix),
            "HasSuffix" => Some(TextTest::HasSuffix),
            "Contains" => Some(TextTest::Contains),
            "EqualFold" => Some(TextTest::EqualFold),
            _ => None,
        };
        match (pkg, fname, args.len()) {
            ("strings" | "bytes", _, 2) if text_test.is_some() => {
                let test = text_test.unwrap_or(TextTest::Contains);
                let (a, b) = (
                    self.resolve(&args[0], pos, d),
                    self.resolve(&args[1], pos, d),
                );
                let (a, b) = match (a, b) {
                    (c @ Val::Const(_), i @ Val::In(_)) if test == TextTest::EqualFold => (i, c),
                    other => other,
                };
                match (a, b) {
                    (Val::In(access), Val::Const(Lit::Str(lit))) => vec![vec![Fact::Text {
                        access,
                        test,
                        lit,
                        want,
                    }]],
                    (Val::Unknown(r), _) | (_, Val::Unknown(r)) => unsat(r),
                    _ => unsat(format!(
                        "`{cond}` does not test an input against a constant"
                    )),
                }
            }
            ("strings" | "bytes", "ContainsRune" | "ContainsAny", 2) => {
                self.contains_chars(cond, args, fname == "ContainsAny", want, pos, d)
            }
            ("bytes", "Equal", 2) => {
                self.compare(cond, CmpOp::Eq, &args[0], &args[1], want, pos, d)
            }
            ("unicode", f, 1) if CharClass::from_go(f).is_some() => {
                let class = CharClass::from_go(f).unwrap_or(CharClass::Digit);
                self.char_class(cond, class, &args[0], want, pos, d)
            }
            ("errors", "Is" | "As", _) => unsat(format!(
                "`{cond}` tests error identity, which input values do not decide statically"
            )),
            _ => self
                .match_call(func, args, want, pos, d)
                .or_else(|| self.method_cond(func, args, want, pos, d))
                .unwrap_or_else(|| {
                    unsat(format!(
                    "`{cond}` calls `{name}`, which is not modelled (mine a same-package callee \
                     with caller bindings)"
                ))
                }),
        }
    }

    /// `strings.ContainsRune(x, r)` (one fact) and `strings.ContainsAny(x, chars)` (one
    /// alternative per char when wanted, all of them negated otherwise), `bytes` alike.
    fn contains_chars(
        &self,
        cond: &Expr,
        args: &[Expr],
        any: bool,
        want: bool,
        pos: Option<CoverPos>,
        d: u32,
    ) -> Alternatives {
        match (
            self.resolve(&args[0], pos, d),
            self.const_bytes(&args[1], pos, d, false),
        ) {
            (Val::In(access), Some(lit)) if !any => vec![vec![Fact::Text {
                access,
                test: TextTest::Contains,
                lit,
                want,
            }]],
            (Val::In(access), Some(chars)) => {
                let facts = String::from_utf8_lossy(&chars)
                    .chars()
                    .map(|c| Fact::Text {
                        access: access.clone(),
                        test: TextTest::Contains,
                        lit: c.to_string().into_bytes(),
                        want,
                    })
                    .collect::<Vec<_>>();
                if want {
                    facts
                        .into_iter()
                        .map(|f| vec![f])
                        .take(MAX_ALTERNATIVES)
                        .collect()
                } else {
                    vec![facts]
                }
            }
            (Val::Unknown(r), _) => unsat(r),
            _ => unsat(format!(
                "`{cond}` does not test an input against a constant"
            )),
        }
    }

    /// `unicode.IsDigit(x)` and the other class predicates: a fact on an input rune, or a
    /// constant for a constant rune.
    fn char_class(
        &self,
        cond: &Expr,
        class: CharClass,
        arg: &Expr,
        want: bool,
        pos: Option<CoverPos>,
        d: u32,
    ) -> Alternatives {
        match self.resolve(arg, pos, d) {
            Val::In(access) => vec![vec![Fact::Class {
                access,
                class,
                want,
            }]],
            Val::Const(l) => {
                let ch = l
                    .as_int()
                    .and_then(|i| u32::try_from(i).ok())
                    .and_then(char::from_u32);
                match ch {
                    Some(ch) => constant(super::eval::is_class(class, ch) == want),
                    None => unsat(format!("`{cond}` tests a non-rune constant")),
                }
            }
            Val::Unknown(r) => unsat(r),
            Val::ParseErr(..) => unsat(format!("`{cond}` tests an error")),
        }
    }
}

/// `x op k` / `k op x` on an input-derived `x` and an integer constant `k`.
fn arith_on(e: &Expr, op: &str, a: Access, k: &Lit, rev: bool) -> Val {
    match (ArithOp::from_go(op), k.as_int()) {
        (Some(op), Some(k)) => Val::In(a.then(Step::Arith {
            op,
            k,
            rev: rev && !op.commutes(),
        })),
        _ => Val::Unknown(format!(
            "`{e}`: only integer arithmetic with a constant operand is modelled"
        )),
    }
}

/// A comparison fact; `strings.Index(s, x) >= 0` and friends become `Contains`, the `found`
/// of `strings.Cut` compared with a bool becomes the text test it stands for.
fn cmp_fact(a: Access, op: CmpOp, lit: Lit) -> Fact {
    if let (Some(Step::Found { test, lit: sub }), Lit::Bool(b), CmpOp::Eq | CmpOp::Ne) =
        (a.steps.last(), &lit, op)
    {
        let (test, sub, want) = (*test, sub.clone(), *b == (op == CmpOp::Eq));
        let mut access = a;
        access.steps.pop();
        return Fact::Text {
            access,
            test,
            lit: sub,
            want,
        };
    }
    if let (Some(Step::IndexOf { sub }), Some(v)) = (a.steps.last(), lit.as_int()) {
        let found = match (op, v) {
            (CmpOp::Ge, 0) | (CmpOp::Gt, -1) | (CmpOp::Ne, -1) => Some(true),
            (CmpOp::Lt, 0) | (CmpOp::Le, -1) | (CmpOp::Eq, -1) => Some(false),
            _ => None,
        };
        if let Some(want) = found {
            let lit = sub.clone();
            let mut access = a;
            access.steps.pop();
            return Fact::Text {
                access,
                test: TextTest::Contains,
                lit,
                want,
            };
        }
    }
    Fact::Cmp { access: a, op, lit }
}

fn is_conversion(t: &str) -> bool {
    t == "[]byte"
        || int_type(t).is_some()
        || Basic::parse(t).is_some_and(|b| matches!(b.kind(), Kind::Float | Kind::String))
}

/// An expression for a literal (to fold conversions of resolved constants).
fn lit_expr(l: &Lit) -> Expr {
    match l {
        Lit::Int(i) if *i < 0 => Expr::Unary {
            op: "-".into(),
            x: Box::new(Expr::Int {
                text: (-i).to_string(),
            }),
        },
        Lit::Int(i) => Expr::Int {
            text: i.to_string(),
        },
        Lit::Float(f) => Expr::Float {
            text: format!("{f:e}"),
        },
        Lit::Str(b) => Expr::Str {
            text: crate::golex::quote(b),
        },
        Lit::Rune(r) => Expr::Int {
            text: r.to_string(),
        },
        Lit::Bool(b) => Expr::ident(if *b { "true" } else { "false" }),
        Lit::Nil => Expr::ident("nil"),
    }
}

/// Folds `l op r` over constants.
fn fold(op: &str, l: &Lit, r: &Lit, ctx: &Context<'_>) -> Option<Lit> {
    if matches!((l, r), (Lit::Nil, Lit::Nil)) {
        return match op {
            "==" => Some(Lit::Bool(true)),
            "!=" => Some(Lit::Bool(false)),
            _ => None,
        };
    }
    let e = Expr::Binary {
        op: op.to_string(),
        left: Box::new(lit_expr(l)),
        right: Box::new(lit_expr(r)),
    };
    eval_const(&e, None, ctx.env()).map(|c| c.lit)
}

fn unsat(reason: String) -> Alternatives {
    vec![vec![Fact::Unsat { reason }]]
}

fn constant(holds: bool) -> Alternatives {
    if holds {
        vec![vec![]]
    } else {
        unsat("the condition is constant and never holds here".into())
    }
}

fn or(mut a: Alternatives, b: Alternatives) -> Alternatives {
    a.extend(b);
    a.truncate(MAX_ALTERNATIVES);
    a
}

fn and(a: Alternatives, b: Alternatives) -> Alternatives {
    let mut out = Vec::new();
    for x in &a {
        for y in &b {
            let mut conj = x.clone();
            for f in y {
                if !conj.contains(f) {
                    conj.push(f.clone());
                }
            }
            out.push(conj);
            if out.len() == MAX_ALTERNATIVES {
                return out;
            }
        }
    }
    out
}

/// Mines `cond` for the outcome `want`: alternatives of facts over the inputs, any one of
/// which makes `cond` evaluate to `want`. Comparisons come out with the input on the left and
/// the operator flipped for `want == false` (`n > 9000`, false → `n <= 9000`).
pub fn mine(cond: &Expr, want: bool, ctx: &Context<'_>) -> Alternatives {
    Miner { ctx }.mine(cond, want, 0)
}

/// Mines one case clause of an expression switch: `tag == v` for some value of the case, or,
/// for `default`, `tag != o` for every value of the other cases. Without a tag (`switch {`),
/// the case values are conditions.
pub fn mine_case(
    tag: Option<&Expr>,
    values: &[Expr],
    default: bool,
    others: &[Expr],
    ctx: &Context<'_>,
) -> Alternatives {
    let cond = |v: &Expr| match tag {
        Some(t) => Expr::Binary {
            op: "==".into(),
            left: Box::new(t.clone()),
            right: Box::new(v.clone()),
        },
        None => v.clone(),
    };
    if default {
        others
            .iter()
            .fold(vec![vec![]], |acc, o| and(acc, mine(&cond(o), false, ctx)))
    } else {
        values
            .iter()
            .fold(Vec::new(), |acc, v| or(acc, mine(&cond(v), true, ctx)))
    }
}

/// Mines a type-switch case. Dynamic types are not synthesized: always one [`Fact::Unsat`]
/// alternative, whose reason says whether the subject is an `any` input (a later stage could
/// seed it) or not derived from inputs at all.
pub fn mine_type_case(
    subject: &Expr,
    types: &[String],
    default: bool,
    ctx: &Context<'_>,
) -> Alternatives {
    let subj = match unparen(subject) {
        Expr::TypeAssert { x, .. } => x.as_ref(),
        other => other,
    };
    let what = if default {
        "the default case".to_string()
    } else {
        format!("case {}", types.join(", "))
    };
    let miner = Miner { ctx };
    let reason = match miner.resolve(subj, ctx.pos, 0) {
        Val::In(a) if a.steps.is_empty() && is_any(ctx.input_type(&a.root).flatten()) => {
            format!("type switch on `any` input `{a}` ({what}): dynamic types are not synthesized")
        }
        _ => format!("type switch on `{subj}` ({what}), which is not an `any` input"),
    };
    unsat(reason)
}

fn is_any(ty: Option<&GoType>) -> bool {
    match ty {
        Some(GoType::Interface { empty, .. }) => *empty,
        Some(GoType::Named {
            pkg: None, name, ..
        }) => name == "any",
        _ => false,
    }
}
