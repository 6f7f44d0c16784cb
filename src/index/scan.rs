//! Fast first tier of the index: a hand-written Go lexer and declaration scanner, no
//! tree-sitter. It fills only what `go tool cover -func` and call ranking need:
//! package name, imports, function and method declarations (name, receiver, exact extent,
//! body, call sites by name) and the body ranges of package-level func literals, plus
//! `line_lengths` and `non_utf8`. Everything else in [`GoFile`] stays empty.
//!
//! Exactness: a function's `range` is go/ast's `FuncDecl.Pos()..End()`: from the `func`
//! keyword to just past the closing `}` of the body, or, for a declaration without body, to
//! the end of the last token of the signature. `tests/scan_vs_treesitter.rs` checks this
//! against the tree-sitter index ([`crate::syntax::parse_go`]) on every file of GOROOT.
//!
//! How it works: one pass of a Go lexer (comments, interpreted and raw strings, runes,
//! automatic semicolon insertion as the Go spec defines it) feeds a scanner that only tracks
//! bracket depth outside declarations. A `func` is a declaration when it starts a top-level
//! declaration (first token after a `;` or an inserted semicolon, at depth 0); any other `func`
//! outside a declaration is a func type or a package-level func literal. The body of a
//! declaration is the first `{` at depth 0 after the parameters that does not open a
//! `struct`/`interface` type literal.
//!
//! Calls are over-approximated by design: every `f(`, `x.f(` (and generic `f[T](`) in a body,
//! type conversions such as `T(x)` and calls through indexed values (`fs[i](x)`) included.
//! A call's `pos` is the first identifier of its `a.b.c` chain; when the selector's operand is
//! not an identifier (`f().g(`), it is the selector name and `x` is `Expr::Other` with empty
//! text. Call arguments are not recorded.
//!
//! Coordinates: byte offsets inside, [`CoverPos`] (1-based line, 1-based byte column) out,
//! converted in one place (`Lines::pos`). `//line` directives are ordinary comments here:
//! positions are raw file positions, like cover's.

use crate::model::{Call, Expr, Function, GoFile, Import, Receiver};
use crate::span::{CoverPos, CoverRange};
use std::path::Path;

/// Scans one Go file. Never panics and never fails: on malformed input the result is
/// incomplete (a declaration it cannot read is left out), never out of range.
pub fn scan_go(path: &Path, src: &[u8]) -> GoFile {
    let lines = Lines::new(src);
    let mut file = GoFile {
        path: path.to_path_buf(),
        non_utf8: std::str::from_utf8(src).is_err(),
        line_lengths: lines.lengths(src.len()),
        ..GoFile::default()
    };
    let mut s = Scanner {
        lx: Lexer::new(src),
        src,
        lines: &lines,
        calls: Vec::new(),
        generic: Vec::new(),
        recv: Vec::new(),
    };
    s.file(&mut file);
    file
}

/// Token kinds. Comments are skipped by the lexer; semicolons it inserts are `AutoSemi`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum K {
    Ident,
    Kw(Kw),
    /// Number, string or rune literal.
    Lit,
    LParen,
    RParen,
    LBrack,
    RBrack,
    LBrace,
    RBrace,
    Semi,
    AutoSemi,
    Dot,
    Star,
    /// `<-`
    Arrow,
    /// `++` or `--` (they end a line's statement: semicolon insertion).
    IncDec,
    /// Any other operator or punctuation.
    Op,
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kw {
    Func,
    Struct,
    Interface,
    Package,
    Import,
    Chan,
    Map,
    /// `break`, `continue`, `fallthrough`, `return`: a newline after them inserts `;`.
    Jump,
    /// The other keywords.
    Other,
}

/// A token: kind and byte range `start..end`.
#[derive(Clone, Copy, Debug)]
struct Tok {
    k: K,
    start: usize,
    end: usize,
}

const NONE: Tok = Tok {
    k: K::Op,
    start: 0,
    end: 0,
};

fn keyword(word: &[u8]) -> Option<Kw> {
    Some(match word {
        b"func" => Kw::Func,
        b"struct" => Kw::Struct,
        b"interface" => Kw::Interface,
        b"package" => Kw::Package,
        b"import" => Kw::Import,
        b"chan" => Kw::Chan,
        b"map" => Kw::Map,
        b"break" | b"continue" | b"fallthrough" | b"return" => Kw::Jump,
        b"case" | b"const" | b"default" | b"defer" | b"else" | b"for" | b"go" | b"goto" | b"if"
        | b"range" | b"select" | b"switch" | b"type" | b"var" => Kw::Other,
        _ => return None,
    })
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The Go lexer, reduced to what the scanner needs (token boundaries and kinds).
struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    /// The last token allows a semicolon to be inserted at the next newline.
    semi_ok: bool,
    /// One token pushed back by the scanner.
    pending: Option<Tok>,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a [u8]) -> Self {
        // A byte order mark is ignored at the start of the file only (go/scanner).
        let pos = if src.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        Lexer {
            src,
            pos,
            semi_ok: false,
            pending: None,
        }
    }

    fn push_back(&mut self, t: Tok) {
        debug_assert!(self.pending.is_none());
        self.pending = Some(t);
    }

    fn at(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    fn next(&mut self) -> Tok {
        if let Some(t) = self.pending.take() {
            return t;
        }
        let src = self.src;
        loop {
            let Some(&b) = src.get(self.pos) else {
                return self.auto_semi_or(K::Eof);
            };
            let start = self.pos;
            let k = match b {
                b' ' | b'\t' | b'\r' => {
                    self.pos += 1;
                    continue;
                }
                b'\n' => {
                    self.pos += 1;
                    if self.semi_ok {
                        self.semi_ok = false;
                        return Tok {
                            k: K::AutoSemi,
                            start,
                            end: start,
                        };
                    }
                    continue;
                }
                b'/' if self.at(start + 1) == b'/' => {
                    // Up to (not including) the newline, which then inserts the semicolon.
                    self.pos =
                        memchr::memchr(b'\n', &src[start..]).map_or(src.len(), |i| start + i);
                    continue;
                }
                b'/' if self.at(start + 1) == b'*' => {
                    let body = start + 2;
                    let end = memchr::memmem::find(&src[body..], b"*/")
                        .map_or(src.len(), |i| body + i + 2);
                    self.pos = end;
                    // A general comment spanning lines acts like a newline.
                    if self.semi_ok && memchr::memchr(b'\n', &src[start..end]).is_some() {
                        self.semi_ok = false;
                        return Tok {
                            k: K::AutoSemi,
                            start,
                            end: start,
                        };
                    }
                    continue;
                }
                b'a'..=b'z' | b'A'..=b'Z' | b'_' | 0x80..=0xFF => {
                    let mut i = start + 1;
                    while i < src.len() && is_ident_byte(src[i]) {
                        i += 1;
                    }
                    self.pos = i;
                    match keyword(&src[start..i]) {
                        Some(kw) => K::Kw(kw),
                        None => K::Ident,
                    }
                }
                b'0'..=b'9' => {
                    self.number(start);
                    K::Lit
                }
                b'.' if self.at(start + 1).is_ascii_digit() => {
                    self.number(start);
                    K::Lit
                }
                b'.' => {
                    if self.at(start + 1) == b'.' && self.at(start + 2) == b'.' {
                        self.pos += 3;
                        K::Op
                    } else {
                        self.pos += 1;
                        K::Dot
                    }
                }
                b'"' => {
                    self.quoted(start, b'"');
                    K::Lit
                }
                b'\'' => {
                    self.quoted(start, b'\'');
                    K::Lit
                }
                b'`' => {
                    self.pos = memchr::memchr(b'`', &src[start + 1..])
                        .map_or(src.len(), |i| start + 1 + i + 1);
                    K::Lit
                }
                b'(' | b')' | b'[' | b']' | b'{' | b'}' | b';' => {
                    self.pos += 1;
                    match b {
                        b'(' => K::LParen,
                        b')' => K::RParen,
                        b'[' => K::LBrack,
                        b']' => K::RBrack,
                        b'{' => K::LBrace,
                        b'}' => K::RBrace,
                        _ => K::Semi,
                    }
                }
                b'*' if self.at(start + 1) != b'=' => {
                    self.pos += 1;
                    K::Star
                }
                b'<' if self.at(start + 1) == b'-' => {
                    self.pos += 2;
                    K::Arrow
                }
                b'+' | b'-' if self.at(start + 1) == b => {
                    self.pos += 2;
                    K::IncDec
                }
                _ => {
                    self.pos += 1;
                    K::Op
                }
            };
            self.semi_ok = matches!(
                k,
                K::Ident | K::Lit | K::RParen | K::RBrack | K::RBrace | K::IncDec | K::Kw(Kw::Jump)
            );
            return Tok {
                k,
                start,
                end: self.pos,
            };
        }
    }

    /// At end of input: the semicolon the last line may need, then `kind`.
    fn auto_semi_or(&mut self, kind: K) -> Tok {
        let at = self.src.len();
        let k = if std::mem::take(&mut self.semi_ok) {
            K::AutoSemi
        } else {
            kind
        };
        Tok {
            k,
            start: at,
            end: at,
        }
    }

    /// A number literal: digits, letters, `_`, `.`, and a sign right after an exponent letter.
    /// (Exactness does not matter here: a number never holds a bracket.)
    fn number(&mut self, start: usize) {
        let src = self.src;
        let mut i = start + 1;
        while i < src.len() {
            let c = src[i];
            let exponent_sign =
                (c == b'+' || c == b'-') && matches!(src[i - 1], b'e' | b'E' | b'p' | b'P');
            if !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign) {
                break;
            }
            i += 1;
        }
        self.pos = i;
    }

    /// An interpreted string or rune literal: up to the unescaped closing quote, or up to
    /// (not including) a newline when it is unterminated.
    fn quoted(&mut self, start: usize, quote: u8) {
        let src = self.src;
        let mut i = start + 1;
        while i < src.len() {
            let c = src[i];
            if c == quote {
                i += 1;
                break;
            }
            if c == b'\n' {
                break;
            }
            i += if c == b'\\' { 2 } else { 1 };
        }
        self.pos = i.min(src.len());
    }
}

/// Line starts of one file: byte offsets → cover positions.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(src: &[u8]) -> Self {
        let mut starts = Vec::with_capacity(src.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', src).map(|i| i + 1));
        Lines { starts }
    }

    /// Byte length of every line, as `src.split(|&b| b == b'\n')` gives them.
    fn lengths(&self, len: usize) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .starts
            .windows(2)
            .map(|w| (w[1] - w[0] - 1) as u32)
            .collect();
        let last = *self.starts.last().unwrap_or(&0);
        out.push((len - last) as u32);
        out
    }

    /// The only offset → [`CoverPos`] conversion of the scanner.
    fn pos(&self, off: usize) -> CoverPos {
        let line = self.starts.partition_point(|&s| s <= off);
        let start = self.starts[line - 1];
        CoverPos::new(line as u32, (off - start + 1) as u32)
    }

    fn range(&self, start: usize, end: usize) -> CoverRange {
        CoverRange::new(self.pos(start), self.pos(end))
    }
}

/// How a signature ends: at the `{` of a body, or (no body) with the end of its last token.
enum SigEnd {
    Body(Tok),
    NoBody(usize),
}

/// What a `[` opened right after an identifier may turn into: the callee of a generic call
/// `f[T](x)`, if `(` follows the matching `]`.
#[derive(Clone, Copy)]
struct Callee {
    /// Bracket depth inside the `[`.
    depth: usize,
    ident: Tok,
    dot: bool,
    /// The token before the `.` (when `dot`).
    operand: Tok,
    chain_start: usize,
}

struct Scanner<'a, 'l> {
    lx: Lexer<'a>,
    src: &'a [u8],
    lines: &'l Lines,
    /// Calls of the function being scanned (reused buffer).
    calls: Vec<Call>,
    /// Open `[` that may be the type arguments of a generic call (reused buffer).
    generic: Vec<Callee>,
    /// Tokens of a receiver list (reused buffer).
    recv: Vec<Tok>,
}

impl Scanner<'_, '_> {
    fn text(&self, t: Tok) -> String {
        String::from_utf8_lossy(&self.src[t.start..t.end]).into_owned()
    }

    /// The top level: package clause, imports, function declarations, package-level func
    /// literals; everything else only moves the bracket depth.
    fn file(&mut self, file: &mut GoFile) {
        let mut depth = 0usize;
        let mut decl_start = true;
        // The previous tokens put a `func` in a type (`[]func()`, `map[K]*func()`): a `{`
        // after its signature opens a composite literal, not a func literal body.
        let mut elem_type = false;
        loop {
            let t = self.lx.next();
            match t.k {
                K::Eof => break,
                K::Semi | K::AutoSemi if depth == 0 => {
                    decl_start = true;
                    elem_type = false;
                    continue;
                }
                K::Kw(Kw::Func) if depth == 0 && decl_start => {
                    if let Some(f) = self.func_decl(t) {
                        file.functions.push(f);
                    }
                }
                K::Kw(Kw::Func) => {
                    if let Some(body) = self.func_type_or_literal(elem_type) {
                        file.package_literals.push(body);
                    }
                }
                K::Kw(Kw::Package) if depth == 0 && decl_start && file.package.is_empty() => {
                    let name = self.lx.next();
                    if name.k == K::Ident {
                        file.package = self.text(name);
                    } else {
                        self.lx.push_back(name);
                    }
                }
                K::Kw(Kw::Import) if depth == 0 && decl_start => self.imports(&mut file.imports),
                K::LParen | K::LBrack | K::LBrace => depth += 1,
                K::RParen | K::RBrack | K::RBrace => depth = depth.saturating_sub(1),
                _ => {}
            }
            elem_type = match t.k {
                K::RBrack => true,
                K::Star | K::Arrow | K::Kw(Kw::Chan) => elem_type,
                _ => false,
            };
            decl_start = false;
        }
    }

    /// `import "p"`, `import n "p"`, `import ( ... )`; the `import` keyword is consumed.
    fn imports(&mut self, out: &mut Vec<Import>) {
        let t = self.lx.next();
        if t.k != K::LParen {
            self.import_spec(t, out);
            return;
        }
        loop {
            let t = self.lx.next();
            match t.k {
                K::RParen | K::Eof => return,
                K::Semi | K::AutoSemi => {}
                _ => self.import_spec(t, out),
            }
        }
    }

    fn import_spec(&mut self, first: Tok, out: &mut Vec<Import>) {
        let (name, lit) = match first.k {
            K::Ident | K::Dot => (Some(self.text(first)), self.lx.next()),
            _ => (None, first),
        };
        let quoted = &self.src[lit.start..lit.end];
        if lit.k != K::Lit || !matches!(quoted.first(), Some(b'"' | b'`')) {
            self.lx.push_back(lit);
            return;
        }
        out.push(Import {
            name,
            path: crate::golex::string_lit_text(quoted),
        });
    }

    /// Consumes tokens up to the closer matching an opener already consumed; returns it
    /// (or `Eof`). Brackets of every kind count, so braces of nested type literals do too.
    fn skip_group(&mut self) -> Tok {
        let mut depth = 1usize;
        loop {
            let t = self.lx.next();
            match t.k {
                K::LParen | K::LBrack | K::LBrace => depth += 1,
                K::RParen | K::RBrack | K::RBrace => {
                    depth -= 1;
                    if depth == 0 {
                        return t;
                    }
                }
                K::Eof => return t,
                _ => {}
            }
        }
    }

    /// After the parameters' `)` (ending at `sig_end`): the result type, then the body `{`
    /// or the end of the signature. The token that ends a signature without body is pushed
    /// back for the caller.
    fn result_then_body(&mut self, mut sig_end: usize) -> SigEnd {
        loop {
            let t = self.lx.next();
            match t.k {
                K::LBrace => return SigEnd::Body(t),
                K::Kw(Kw::Struct | Kw::Interface) => {
                    let open = self.lx.next();
                    if open.k == K::LBrace {
                        sig_end = self.skip_group().end;
                    } else {
                        self.lx.push_back(open);
                        sig_end = t.end;
                    }
                }
                K::LParen | K::LBrack => sig_end = self.skip_group().end,
                K::Ident | K::Kw(Kw::Func | Kw::Map | Kw::Chan) | K::Star | K::Dot | K::Arrow => {
                    sig_end = t.end
                }
                _ => {
                    self.lx.push_back(t);
                    return SigEnd::NoBody(sig_end);
                }
            }
        }
    }

    /// A top-level `func` that does not start a declaration (consumed): a func type or a
    /// func literal. Returns the literal's body range. In an element type (`[]func(){...}`)
    /// the `{` after the signature opens a composite literal and is pushed back.
    fn func_type_or_literal(&mut self, elem_type: bool) -> Option<CoverRange> {
        let open = self.lx.next();
        if open.k != K::LParen {
            self.lx.push_back(open);
            return None;
        }
        let close = self.skip_group();
        if close.k == K::Eof {
            return None;
        }
        match self.result_then_body(close.end) {
            SigEnd::Body(lb) if elem_type => {
                self.lx.push_back(lb);
                None
            }
            SigEnd::Body(lb) => {
                let rb = self.skip_group();
                Some(self.lines.range(lb.start, rb.end))
            }
            SigEnd::NoBody(_) => None,
        }
    }

    /// A function or method declaration; `kw` is its `func` keyword (consumed).
    fn func_decl(&mut self, kw: Tok) -> Option<Function> {
        let mut t = self.lx.next();
        let mut receiver = None;
        if t.k == K::LParen {
            receiver = self.receiver();
            t = self.lx.next();
        }
        if t.k != K::Ident {
            self.lx.push_back(t);
            return None;
        }
        let name = self.text(t);
        t = self.lx.next();
        if t.k == K::LBrack {
            self.skip_group();
            t = self.lx.next();
        }
        if t.k != K::LParen {
            self.lx.push_back(t);
            return None;
        }
        let close = self.skip_group();
        if close.k == K::Eof {
            return None;
        }
        let mut f = Function {
            name,
            receiver,
            ..Function::default()
        };
        match self.result_then_body(close.end) {
            SigEnd::Body(lb) => {
                let rb = self.body(lb);
                f.range = self.lines.range(kw.start, rb.end);
                f.body = Some(self.lines.range(lb.start, rb.end));
                f.calls = std::mem::take(&mut self.calls);
            }
            SigEnd::NoBody(end) => f.range = self.lines.range(kw.start, end),
        }
        Some(f)
    }

    /// The receiver list after its `(` (consumed), up to the matching `)`:
    /// `(s *Stack[T])`, `(c Cart)`, `(Cart)`, `(*T)`. Parentheses around the type are dropped.
    fn receiver(&mut self) -> Option<Receiver> {
        let mut toks = std::mem::take(&mut self.recv);
        toks.clear();
        let mut depth = 1usize;
        loop {
            let t = self.lx.next();
            match t.k {
                K::LParen => depth += 1,
                K::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                K::Eof => break,
                _ => toks.push(t),
            }
        }
        let r = self.receiver_of(&toks);
        self.recv = toks;
        r
    }

    fn receiver_of(&self, toks: &[Tok]) -> Option<Receiver> {
        let kind = |i: usize| toks.get(i).map(|t| t.k);
        let mut i = 0;
        let mut name = None;
        if kind(0) == Some(K::Ident) && matches!(kind(1), Some(K::Ident | K::Star)) {
            name = Some(self.text(toks[0]));
            i = 1;
        }
        let pointer = kind(i) == Some(K::Star);
        if pointer {
            i += 1;
        }
        let base = *toks.get(i).filter(|t| t.k == K::Ident)?;
        let mut type_args = Vec::new();
        if kind(i + 1) == Some(K::LBrack) {
            // Comma-separated arguments up to the matching `]`, each as its source text.
            let mut depth = 0usize;
            let mut first: Option<Tok> = None;
            let mut last = NONE;
            for &t in &toks[i + 2..] {
                let sep = depth == 0 && matches!(t.k, K::RBrack)
                    || depth == 0 && t.k == K::Op && self.src[t.start] == b',';
                if sep {
                    if let Some(f) = first.take() {
                        type_args.push(
                            String::from_utf8_lossy(&self.src[f.start..last.end]).into_owned(),
                        );
                    }
                    if t.k == K::RBrack {
                        break;
                    }
                    continue;
                }
                match t.k {
                    K::LBrack | K::LBrace => depth += 1,
                    K::RBrack | K::RBrace => depth = depth.saturating_sub(1),
                    _ => {}
                }
                first.get_or_insert(t);
                last = t;
            }
        }
        Some(Receiver {
            name,
            type_name: self.text(base),
            pointer,
            type_args,
        })
    }

    /// A function body after its `{` (consumed), up to the matching `}` (returned), with its
    /// calls collected in `self.calls`. Func literals inside are part of the body.
    fn body(&mut self, lb: Tok) -> Tok {
        self.calls.clear();
        self.generic.clear();
        let mut depth = 1usize;
        // The last three tokens: p1 is the latest.
        let (mut p1, mut p2, mut p3) = (lb, NONE, NONE);
        // Start of the `a.b.c` identifier chain that ends at p1 (when p1 is an identifier).
        let mut chain_start = lb.start;
        // A `]` that closed the type arguments of a possible generic call, right before.
        let mut after_generic: Option<Callee> = None;
        loop {
            let t = self.lx.next();
            let closed = after_generic.take();
            match t.k {
                K::Eof => return t,
                K::LParen => {
                    if p1.k == K::Ident {
                        let c = self.callee(depth, p1, p2, p3, chain_start);
                        self.push_call(c);
                    } else if let Some(c) = closed {
                        self.push_call(c);
                    }
                    depth += 1;
                }
                K::LBrack => {
                    depth += 1;
                    if p1.k == K::Ident {
                        let c = self.callee(depth, p1, p2, p3, chain_start);
                        self.generic.push(c);
                    }
                }
                K::LBrace => depth += 1,
                K::RBrack => {
                    if self.generic.last().is_some_and(|c| c.depth == depth) {
                        after_generic = self.generic.pop();
                    }
                    depth = (depth - 1).max(1);
                }
                // Stray closers in malformed code never end the body early.
                K::RParen => depth = (depth - 1).max(1),
                K::RBrace => {
                    depth -= 1;
                    if depth == 0 {
                        return t;
                    }
                }
                // `b` in `a.b` continues the chain that started at `a`.
                K::Ident if !(p1.k == K::Dot && p2.k == K::Ident) => chain_start = t.start,
                _ => {}
            }
            // A `[` left open by malformed code must not stay a candidate.
            while self.generic.last().is_some_and(|c| c.depth > depth) {
                self.generic.pop();
            }
            (p3, p2, p1) = (p2, p1, t);
        }
    }

    fn callee(&self, depth: usize, ident: Tok, p2: Tok, p3: Tok, chain_start: usize) -> Callee {
        Callee {
            depth,
            ident,
            dot: p2.k == K::Dot,
            operand: p3,
            chain_start,
        }
    }

    fn push_call(&mut self, c: Callee) {
        let name = self.text(c.ident);
        let func = if c.dot {
            let x = if c.operand.k == K::Ident {
                Expr::Ident {
                    name: self.text(c.operand),
                }
            } else {
                Expr::Other {
                    text: String::new(),
                }
            };
            Expr::Selector {
                x: Box::new(x),
                sel: name,
            }
        } else {
            Expr::Ident { name }
        };
        self.calls.push(Call {
            func,
            args: Vec::new(),
            pos: self.lines.pos(c.chain_start),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans `src` and checks the result against the tree-sitter index (the reference):
    /// package, functions (name, receiver, range, body) and package-level literals.
    fn scan(src: &str) -> GoFile {
        scan_bytes(src.as_bytes())
    }

    fn scan_bytes(src: &[u8]) -> GoFile {
        let got = scan_go(Path::new("input.go"), src);
        let want = crate::syntax::parse_go(Path::new("input.go"), src);
        if want.syntax_errors.is_empty() {
            assert_eq!(got.package, want.package);
            assert_eq!(got.imports, want.imports);
            let sig = |f: &GoFile| -> Vec<_> {
                f.functions
                    .iter()
                    .map(|f| (f.name.clone(), f.receiver.clone(), f.range, f.body))
                    .collect()
            };
            assert_eq!(
                sig(&got),
                sig(&want),
                "functions of {:?}",
                String::from_utf8_lossy(src)
            );
            assert_eq!(got.package_literals, want.package_literals);
            assert_eq!(got.line_lengths, want.line_lengths);
            assert_eq!(got.non_utf8, want.non_utf8);
        }
        got
    }

    fn rng(l1: u32, c1: u32, l2: u32, c2: u32) -> CoverRange {
        CoverRange::new(CoverPos::new(l1, c1), CoverPos::new(l2, c2))
    }

    /// (name, range, body) of every function.
    fn decls(f: &GoFile) -> Vec<(String, CoverRange, Option<CoverRange>)> {
        f.functions
            .iter()
            .map(|f| (f.qualified_name(), f.range, f.body))
            .collect()
    }

    fn one(src: &str) -> (String, CoverRange, Option<CoverRange>) {
        let f = scan(src);
        assert_eq!(f.functions.len(), 1, "{src}: {:?}", decls(&f));
        decls(&f).remove(0)
    }

    fn callee_names(f: &Function) -> Vec<String> {
        f.calls
            .iter()
            .map(|c| match &c.func {
                Expr::Ident { name } => name.clone(),
                Expr::Selector { x, sel } => match &**x {
                    Expr::Ident { name } => format!("{name}.{sel}"),
                    _ => format!("?.{sel}"),
                },
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn package_imports_and_simple_function() {
        let f = scan(
            "package order_test\n\nimport \"fmt\"\n\nimport (\n\tstr \"strings\"\n\t_ \"embed\"\n\t. \"math\"\n\t\"net/http\"\n\traw `a/b`\n)\n\nfunc A() {\n\tfmt.Println(1)\n}\n",
        );
        assert_eq!(f.package, "order_test");
        let got: Vec<(Option<&str>, &str)> = f
            .imports
            .iter()
            .map(|i| (i.name.as_deref(), i.path.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (None, "fmt"),
                (Some("str"), "strings"),
                (Some("_"), "embed"),
                (Some("."), "math"),
                (None, "net/http"),
                (Some("raw"), "a/b"),
            ]
        );
        assert_eq!(
            decls(&f),
            vec![("A".into(), rng(13, 1, 15, 2), Some(rng(13, 10, 15, 2)))]
        );
        assert_eq!(
            f.line_lengths,
            vec![18, 0, 12, 0, 8, 14, 10, 9, 11, 10, 1, 0, 10, 15, 1, 0]
        );
        assert!(!f.non_utf8);
    }

    #[test]
    fn braces_in_comments_strings_runes_and_raw_strings() {
        let src = "package p\n\
                   func F() { // }\n\
                   \t/* } { \n } */ s := \"}\\\"}\" + `}\n{` \n\
                   \tr := '}'; q := '\\''; d := '\"'; o := '{'\n\
                   }\n\
                   func G() {}\n";
        let f = scan(src);
        assert_eq!(
            decls(&f),
            vec![
                ("F".into(), rng(2, 1, 7, 2), Some(rng(2, 10, 7, 2))),
                ("G".into(), rng(8, 1, 8, 12), Some(rng(8, 10, 8, 12))),
            ]
        );
    }

    #[test]
    fn generic_functions_and_receivers() {
        let f = scan(
            "package p\n\
             func F[T any, K comparable](m map[K]T) []K { return nil }\n\
             func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\n\
             func (p Pair[K, V]) Key() K { return p.k }\n\
             func (Cart) M() {}\n\
             func (*Cart) N() {}\n\
             func (c *(Cart)) O() {}\n",
        );
        let r: Vec<Option<Receiver>> = f.functions.iter().map(|f| f.receiver.clone()).collect();
        let recv = |name: Option<&str>, ty: &str, pointer: bool, args: &[&str]| {
            Some(Receiver {
                name: name.map(String::from),
                type_name: ty.into(),
                pointer,
                type_args: args.iter().map(|a| a.to_string()).collect(),
            })
        };
        assert_eq!(r[0], None);
        assert_eq!(r[1], recv(Some("s"), "Stack", true, &["T"]));
        assert_eq!(r[2], recv(Some("p"), "Pair", false, &["K", "V"]));
        assert_eq!(r[3], recv(None, "Cart", false, &[]));
        assert_eq!(r[4], recv(None, "Cart", true, &[]));
        assert_eq!(r[5], recv(Some("c"), "Cart", true, &[]));
        assert_eq!(f.functions[0].range, rng(2, 1, 2, 58));
        assert_eq!(f.functions[1].qualified_name(), "Stack.Push");
        assert_eq!(f.functions[1].range, rng(3, 1, 3, 62));
        assert_eq!(callee_names(&f.functions[1]), vec!["append"]);
    }

    #[test]
    fn result_types_with_braces_are_not_the_body() {
        let cases = [
            ("func f() struct{ a int } { return x }", 26),
            ("func g() interface{ M() } { return nil }", 27),
            ("func h() (x struct{}) { return }", 23),
            ("func k() map[string]struct{} { return nil }", 30),
            ("func l() chan interface {\n} { return nil }", 0),
            ("func f(cb func() int) func() { return nil }", 30),
            ("func f(cb func() int) func() int { return nil }", 34),
            ("func f() (func(), error) { return nil, nil }", 26),
            ("func f() []struct{ x [2]int } { return nil }", 31),
        ];
        for (decl, body_col) in cases {
            let src = format!("package p\n{decl}\n");
            let (_, range, body) = one(&src);
            let end_line = 2 + decl.matches('\n').count() as u32;
            let last = decl.rsplit('\n').next().unwrap().len() as u32;
            assert_eq!(range, rng(2, 1, end_line, last + 1), "{decl}");
            let body = body.unwrap_or_else(|| panic!("{decl}: no body"));
            if body_col > 0 {
                assert_eq!(body.start, CoverPos::new(2, body_col), "{decl}");
            } else {
                assert_eq!(body.start, CoverPos::new(3, 3), "{decl}");
            }
            assert_eq!(body.end, range.end, "{decl}");
        }
    }

    #[test]
    fn bodyless_declarations_end_with_their_signature() {
        let f = scan(
            "package p\n\
             func add(x, y int) int // implemented in add_amd64.s\n\
             func now() (sec int64, nsec int32)\n\
             func noescape(p unsafe.Pointer) unsafe.Pointer; func b()\n\
             func last() struct{}",
        );
        assert_eq!(
            decls(&f),
            vec![
                ("add".into(), rng(2, 1, 2, 23), None),
                ("now".into(), rng(3, 1, 3, 35), None),
                ("noescape".into(), rng(4, 1, 4, 47), None),
                ("b".into(), rng(4, 49, 4, 57), None),
                ("last".into(), rng(5, 1, 5, 21), None),
            ]
        );
    }

    #[test]
    fn func_literals_inside_bodies_belong_to_the_function() {
        let f = scan(
            "package p\n\
             func F() {\n\
             \tgo func() { run(x.y.z()) }()\n\
             \tdefer func(a int) {\n\t\tclose(a)\n\t}(1)\n\
             }\n\
             func G() {}\n",
        );
        assert_eq!(f.functions.len(), 2);
        assert_eq!(f.functions[0].range, rng(2, 1, 7, 2));
        assert!(f.package_literals.is_empty());
        assert_eq!(callee_names(&f.functions[0]), vec!["run", "y.z", "close"]);
        // The position of a call is the first identifier of its chain.
        assert_eq!(f.functions[0].calls[1].pos, CoverPos::new(3, 18));
    }

    #[test]
    fn calls_skip_keywords_and_take_generic_and_selector_forms() {
        let f = scan(
            "package p\n\
             func F() {\n\
             \tif (a) { return (b) }\n\
             \tswitch (c) {}\n\
             \tx := Map[int, string](m)\n\
             \ty := v.(T)\n\
             \tf().g(h)\n\
             \tk\n\t(z)\n\
             \tpkg.Gen[T](q)\n\
             \tfor i := range len(s) {}\n\
             \tp /* c */ (1)\n\
             }\n",
        );
        assert_eq!(
            callee_names(&f.functions[0]),
            vec!["Map", "f", "?.g", "pkg.Gen", "len", "p"]
        );
        let pos: Vec<CoverPos> = f.functions[0].calls.iter().map(|c| c.pos).collect();
        assert_eq!(pos[0], CoverPos::new(5, 7));
        assert_eq!(pos[2], CoverPos::new(7, 6));
        assert_eq!(pos[3], CoverPos::new(10, 2));
    }

    #[test]
    fn package_level_func_literals_outermost_only() {
        let f = scan(
            "package p\n\
             var f = func() { g := func() {}; _ = g }\n\
             var (\n\th = func(x int) int {\n\t\treturn x\n\t}\n\
             \tt func() int\n\
             )\n\
             var fs = []func(){ func() {}, nil }\n\
             var m = map[string]*func() int{}\n\
             type T struct{ cb func() }\n\
             var _ = register(func() { println() })\n\
             func main() { _ = func() {} }\n",
        );
        assert_eq!(
            f.package_literals,
            vec![
                rng(2, 16, 2, 41),
                rng(4, 22, 6, 3),
                rng(9, 27, 9, 29),
                rng(12, 25, 12, 38),
            ]
        );
        assert_eq!(decls(&f).len(), 1);
        assert_eq!(f.functions[0].name, "main");
    }

    #[test]
    fn bom_crlf_non_utf8_and_line_directives_keep_raw_positions() {
        let mut src = b"\xEF\xBB\xBFpackage p\r\n//line other.go:100:5\r\nfunc F() {\r\n\ts := \"\xff\"\r\n}\r\n".to_vec();
        src.extend_from_slice(b"func \xffG() {}\n");
        let f = scan_bytes(&src);
        assert_eq!(f.package, "p");
        assert!(f.non_utf8);
        assert_eq!(f.line_lengths, vec![13, 22, 11, 10, 2, 12, 0]);
        assert_eq!(
            decls(&f),
            vec![
                ("F".into(), rng(3, 1, 5, 2), Some(rng(3, 10, 5, 2))),
                (
                    "\u{fffd}G".into(),
                    rng(6, 1, 6, 13),
                    Some(rng(6, 11, 6, 13))
                ),
            ]
        );
    }

    #[test]
    fn func_after_a_line_continuation_is_not_a_declaration() {
        // `=` and `,` insert no semicolon: the next line's func is a literal.
        let f = scan("package p\nvar a, b = 1,\nfunc() {}\nvar c =\nfunc() int { return 1 }()\n");
        assert!(f.functions.is_empty());
        assert_eq!(
            f.package_literals,
            vec![rng(3, 8, 3, 10), rng(5, 12, 5, 24)]
        );
    }

    #[test]
    fn garbage_never_panics() {
        for src in [
            "",
            "func",
            "package",
            "func (",
            "func F(",
            "func F() {",
            "func F() { f( ",
            "func (x) F[",
            "import (",
            "import x",
            "\"unterminated\nfunc F() {}",
            "'",
            "/* unterminated",
            "`raw",
            "}}}}))) func F() {}",
            "func F() { a[b](c) ]]] }",
            "func F() struct",
            "var x = []func(",
        ] {
            let _ = scan(src);
        }
    }
}
