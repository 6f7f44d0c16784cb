//! Build constraints: whether `go` compiles a file for a build context, by go/build's rules.
//!
//! A file is excluded when its name starts with `_` or `.`, when its name ends in a known
//! `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` (before `_test` and `.go`) that does not match, or when
//! its `//go:build` expression (else its `// +build` lines, all of which must hold) is false.
//! A tag holds when it is the GOOS or GOARCH, `unix` on a Unix GOOS, `gc`, `cgo` with cgo
//! enabled, a release tag `go1.N` up to the toolchain's version, or one of the `-tags`.
//! `android` also satisfies `linux`, `illumos` `solaris`, `ios` `darwin`.

use std::collections::BTreeSet;

const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];
const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];
const UNIX_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
];

/// The build context files are judged for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildContext {
    pub goos: String,
    pub goarch: String,
    pub cgo: bool,
    /// Minor version of the toolchain (`go1.26` → 26): release tags go1.1..go1.N hold.
    pub go_minor: u32,
    /// `-tags` (from `--tags` and `GOFLAGS`).
    pub tags: BTreeSet<String>,
}

impl BuildContext {
    /// Does the tag hold?
    pub fn matches(&self, tag: &str) -> bool {
        if self.tags.contains(tag) || tag == "gc" {
            return true;
        }
        if tag == "cgo" {
            return self.cgo;
        }
        if tag == self.goos || tag == self.goarch {
            return true;
        }
        if tag == "unix" {
            return UNIX_OS.contains(&self.goos.as_str());
        }
        match (tag, self.goos.as_str()) {
            ("linux", "android") | ("solaris", "illumos") | ("darwin", "ios") => return true,
            _ => {}
        }
        if let Some(minor) = tag.strip_prefix("go1.") {
            return minor
                .parse::<u32>()
                .is_ok_and(|m| m >= 1 && m <= self.go_minor);
        }
        false
    }

    /// Does `go` compile a file of this name and content in this context?
    pub fn includes(&self, file_name: &str, src: &[u8]) -> bool {
        if file_name.starts_with('_') || file_name.starts_with('.') {
            return false;
        }
        self.name_matches(file_name) && self.header_matches(src)
    }

    /// The `_GOOS` / `_GOARCH` / `_GOOS_GOARCH` file name rule.
    pub fn name_matches(&self, file_name: &str) -> bool {
        let stem = file_name.strip_suffix(".go").unwrap_or(file_name);
        let Some(i) = stem.find('_') else {
            return true;
        };
        let mut parts: Vec<&str> = stem[i..].split('_').collect();
        if parts.len() >= 2 && parts.last() == Some(&"test") {
            parts.pop();
        }
        let n = parts.len();
        if n >= 2 && KNOWN_OS.contains(&parts[n - 2]) && KNOWN_ARCH.contains(&parts[n - 1]) {
            return self.matches(parts[n - 2]) && self.matches(parts[n - 1]);
        }
        if n >= 1 && (KNOWN_OS.contains(&parts[n - 1]) || KNOWN_ARCH.contains(&parts[n - 1])) {
            return self.matches(parts[n - 1]);
        }
        true
    }

    /// The `//go:build` line (or the `// +build` lines) of the file header.
    pub fn header_matches(&self, src: &[u8]) -> bool {
        let (go_build, plus) = header_constraints(src);
        if let Some(expr) = go_build {
            // A malformed expression: go refuses to build the file.
            return parse_expr(&expr).is_some_and(|e| e.eval(&|t| self.matches(t)));
        }
        plus.iter().all(|line| {
            line.split_whitespace().any(|clause| {
                clause.split(',').all(|t| match t.strip_prefix('!') {
                    Some(t) => !self.matches(t),
                    None => self.matches(t),
                })
            })
        })
    }
}

/// The `//go:build` expression and `// +build` lines of the header: the comments and blank
/// lines before the first other line (the package clause).
fn header_constraints(src: &[u8]) -> (Option<String>, Vec<String>) {
    let text = String::from_utf8_lossy(&src[..src.len().min(64 * 1024)]);
    let mut go_build = None;
    let mut plus = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let t = line.trim();
        if in_block {
            if let Some(i) = t.find("*/") {
                in_block = false;
                if !t[i + 2..].trim().is_empty() {
                    break;
                }
            }
            continue;
        }
        if t.is_empty() {
            continue;
        }
        if let Some(c) = t.strip_prefix("//") {
            if let Some(e) = c.strip_prefix("go:build") {
                if go_build.is_none() && (e.is_empty() || e.starts_with([' ', '\t'])) {
                    go_build = Some(e.trim().to_string());
                }
            } else if let Some(e) = c.trim_start().strip_prefix("+build") {
                if e.is_empty() || e.starts_with([' ', '\t']) {
                    plus.push(e.trim().to_string());
                }
            }
            continue;
        }
        if let Some(rest) = t.strip_prefix("/*") {
            in_block = !rest.contains("*/");
            continue;
        }
        break;
    }
    (go_build, plus)
}

/// A `//go:build` expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Tag(String),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

impl Expr {
    pub fn eval(&self, holds: &dyn Fn(&str) -> bool) -> bool {
        match self {
            Expr::Tag(t) => holds(t),
            Expr::Not(e) => !e.eval(holds),
            Expr::And(a, b) => a.eval(holds) && b.eval(holds),
            Expr::Or(a, b) => a.eval(holds) || b.eval(holds),
        }
    }
}

/// Parses a `//go:build` expression (`||` binds looser than `&&`, `!` tighter); None when
/// malformed.
pub fn parse_expr(s: &str) -> Option<Expr> {
    let toks = tokenize(s)?;
    let mut p = Parser { toks, pos: 0 };
    let e = p.or()?;
    (p.pos == p.toks.len()).then_some(e)
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Or,
    And,
    Not,
    Open,
    Close,
    Tag(String),
}

fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' => i += 1,
            b'|' if b.get(i + 1) == Some(&b'|') => {
                out.push(Tok::Or);
                i += 2;
            }
            b'&' if b.get(i + 1) == Some(&b'&') => {
                out.push(Tok::And);
                i += 2;
            }
            b'!' => {
                out.push(Tok::Not);
                i += 1;
            }
            b'(' => {
                out.push(Tok::Open);
                i += 1;
            }
            b')' => {
                out.push(Tok::Close);
                i += 1;
            }
            _ if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.')
                {
                    i += 1;
                }
                out.push(Tok::Tag(s[start..i].to_string()));
            }
            _ => return None,
        }
    }
    Some(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn or(&mut self) -> Option<Expr> {
        let mut e = self.and()?;
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Some(e)
    }
    fn and(&mut self) -> Option<Expr> {
        let mut e = self.not()?;
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            e = Expr::And(Box::new(e), Box::new(self.not()?));
        }
        Some(e)
    }
    fn not(&mut self) -> Option<Expr> {
        match self.toks.get(self.pos).cloned()? {
            Tok::Not => {
                self.pos += 1;
                Some(Expr::Not(Box::new(self.not()?)))
            }
            Tok::Open => {
                self.pos += 1;
                let e = self.or()?;
                (self.peek() == Some(&Tok::Close)).then_some(())?;
                self.pos += 1;
                Some(e)
            }
            Tok::Tag(t) => {
                self.pos += 1;
                Some(Expr::Tag(t))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(tags: &[&str]) -> BuildContext {
        BuildContext {
            goos: "linux".into(),
            goarch: "amd64".into(),
            cgo: false,
            go_minor: 26,
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn expressions_follow_go_precedence() {
        let c = ctx(&["a"]);
        let ok = |s: &str| parse_expr(s).map(|e| e.eval(&|t| c.matches(t)));
        assert_eq!(ok("a"), Some(true));
        assert_eq!(ok("!a"), Some(false));
        assert_eq!(ok("b || a && linux"), Some(true));
        assert_eq!(ok("(b || a) && !linux"), Some(false));
        assert_eq!(ok("b || !(a && windows)"), Some(true));
        assert_eq!(ok("go1.26 && !go1.27"), Some(true));
        assert_eq!(ok("unix && gc && !cgo"), Some(true));
        assert_eq!(ok("a &&"), None);
        assert_eq!(ok("(a"), None);
        assert_eq!(ok("a b"), None);
    }

    #[test]
    fn header_lines_decide_only_before_the_package_clause() {
        let c = ctx(&[]);
        assert!(!c.header_matches(b"// Copyright\n\n//go:build integration\n\npackage p\n"));
        assert!(ctx(&["integration"]).header_matches(b"//go:build integration\n\npackage p\n"));
        assert!(c.header_matches(b"package p\n\n//go:build integration\n"));
        assert!(!c.header_matches(b"/* doc\n */\n//go:build ignore\npackage p\n"));
        // +build: lines AND, space OR, comma AND; ignored when //go:build is present.
        assert!(!c.header_matches(b"// +build linux,cgo\n\npackage p\n"));
        assert!(c.header_matches(b"// +build linux,!cgo windows\n\npackage p\n"));
        assert!(c.header_matches(b"//go:build linux\n// +build ignore\n\npackage p\n"));
        assert!(!c.header_matches(b"//go:build linux &&\n\npackage p\n"));
    }

    #[test]
    fn file_names_follow_goos_goarch_suffixes() {
        let c = ctx(&[]);
        assert!(c.name_matches("x_linux.go"));
        assert!(c.name_matches("x_linux_amd64_test.go"));
        assert!(!c.name_matches("x_windows.go"));
        assert!(!c.name_matches("x_linux_arm64.go"));
        assert!(!c.name_matches("x_arm64_test.go"));
        assert!(c.name_matches("linux.go"));
        assert!(c.name_matches("windows_test.go"));
        assert!(c.name_matches("x_unix.go"));
        assert!(!c.includes("_x.go", b"package p\n"));
        assert!(!c.includes(".x.go", b"package p\n"));
        let android = BuildContext {
            goos: "android".into(),
            ..ctx(&[])
        };
        assert!(android.name_matches("x_linux.go"));
    }
}
