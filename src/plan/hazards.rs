//! Hazards of calling a function, beyond computing a result: side effects (file system,
//! network, processes, sleeps) and writes to package-level variables, directly or through the
//! module functions it calls (as far as the index sees: calls resolve as in
//! [`crate::targets::Analysis::call_graph`]).
//!
//! The planner reads the [`HazardIndex`] to leave side-effecting targets unharnessed (with the
//! reason, unless `--allow-side-effects`) and to restore the package state a target changes
//! (`old := v; t.Cleanup(func() { v = old })`), or skip it when that is impossible. Library
//! calls are resolved through the file's imports (`os` is `os` only when it imports "os"), never
//! by their printed text.

use crate::index::{Expr, Function, GoType, Import, VarDecl};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// What kind of effect outside the process' memory a call has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EffectKind {
    FileSystem,
    /// Reads a file (or directory) at a path that is not a string literal: fuzzed, the path can
    /// name `/dev/zero` or a FIFO, and a test helper loading fixtures panics on every other input.
    FileRead,
    Network,
    Process,
    Sleep,
}

impl EffectKind {
    pub fn describe(self) -> &'static str {
        match self {
            EffectKind::FileSystem => "writes or removes files",
            EffectKind::FileRead => "reads files at a path that is not a string literal",
            EffectKind::Network => "uses the network",
            EffectKind::Process => {
                "starts, signals or ends processes or changes the process environment"
            }
            EffectKind::Sleep => "sleeps or waits on a timer",
        }
    }
}

/// A side effect a target reaches: the library call and the module functions in between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effect {
    pub kind: EffectKind,
    /// The call as the standard library names it (`os.RemoveAll`, `exec.Command`).
    pub call: String,
    /// Module functions from the target to the call, the target excluded (`cleanup`).
    pub via: Vec<String>,
}

impl Effect {
    /// `calls os.Remove via cleanup() (writes or removes files)`.
    pub fn reason(&self) -> String {
        let via = if self.via.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = self.via.iter().map(|v| format!("{v}()")).collect();
            format!(" via {}", names.join(" → "))
        };
        format!(
            "side effect: calls {}{via} ({}); --allow-side-effects harnesses it",
            self.call,
            self.kind.describe()
        )
    }
}

/// A package-level variable a target assigns, directly or through its callees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateWrite {
    /// Import path of the package declaring the variable.
    pub package: String,
    pub var: String,
    /// Declared type / value text of the variable (how to copy it).
    pub decl: VarDecl,
    /// The variable is changed in place (`m[k] = v`, `cfg.Debug = true`), not only assigned.
    pub in_place: bool,
    /// The function that writes it (the target itself or a callee), for reasons.
    pub writer: String,
}

/// One function as the hazard analysis sees it.
pub struct Node<'a> {
    /// Import path of its package.
    pub package: &'a str,
    pub imports: &'a [Import],
    pub func: &'a Function,
}

/// Side effects and package-variable writes of every function of an analysis (or a package).
#[derive(Debug, Default)]
pub struct HazardIndex {
    names: Vec<(String, String)>,
    by_name: HashMap<(String, String), usize>,
    graph: Vec<Vec<usize>>,
    /// The effect a function reaches and the next function on the way (None: its own call).
    effect: Vec<Option<(Effect, Option<usize>)>>,
    writes: Vec<Vec<StateWrite>>,
}

impl HazardIndex {
    /// Builds the index over `nodes` with `graph[i]` the direct module callees of `nodes[i]`;
    /// `vars` holds each package's package-level variables by import path.
    pub fn build(
        nodes: &[Node],
        graph: Vec<Vec<usize>>,
        vars: &BTreeMap<String, Vec<VarDecl>>,
    ) -> HazardIndex {
        let names: Vec<(String, String)> = nodes
            .iter()
            .map(|n| (n.package.to_string(), n.func.qualified_name()))
            .collect();
        let mut by_name = HashMap::new();
        for (i, k) in names.iter().enumerate() {
            by_name.entry(k.clone()).or_insert(i);
        }
        let direct: Vec<Option<Effect>> = nodes.iter().map(direct_effect).collect();
        let writes = nodes
            .iter()
            .map(|n| direct_writes(n, vars.get(n.package).map(Vec::as_slice).unwrap_or(&[])))
            .collect();
        let effect = propagate(&graph, direct);
        HazardIndex {
            names,
            by_name,
            graph,
            effect,
            writes,
        }
    }

    /// Builds the index of one package's functions, calls resolved inside the package.
    pub fn for_package(
        import_path: &str,
        funcs: &[(&Function, &[Import])],
        vars: &[VarDecl],
    ) -> HazardIndex {
        let nodes: Vec<Node> = funcs
            .iter()
            .map(|(f, imports)| Node {
                package: import_path,
                imports,
                func: f,
            })
            .collect();
        let graph = local_graph(&nodes);
        let vars = BTreeMap::from([(import_path.to_string(), vars.to_vec())]);
        HazardIndex::build(&nodes, graph, &vars)
    }

    fn node(&self, package: &str, f: &Function) -> Option<usize> {
        self.by_name
            .get(&(package.to_string(), f.qualified_name()))
            .copied()
    }

    /// The side effect `f` reaches, with the path to it.
    pub fn effect_of(&self, package: &str, f: &Function) -> Option<Effect> {
        let mut i = self.node(package, f)?;
        let (mut eff, mut next) = self.effect[i].clone()?;
        let mut seen = BTreeSet::from([i]);
        while let Some(j) = next {
            if !seen.insert(j) {
                break;
            }
            eff.via.push(self.names[j].1.clone());
            i = j;
            next = self.effect[i].as_ref().and_then(|(_, n)| *n);
        }
        Some(eff)
    }

    /// Package-level variables `f` or any function it reaches assigns (sorted, one per
    /// variable; in place when any write is).
    pub fn writes_of(&self, package: &str, f: &Function) -> Vec<StateWrite> {
        let Some(start) = self.node(package, f) else {
            return Vec::new();
        };
        let mut out: BTreeMap<(String, String), StateWrite> = BTreeMap::new();
        let mut seen = vec![false; self.graph.len()];
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(i) = stack.pop() {
            for w in &self.writes[i] {
                out.entry((w.package.clone(), w.var.clone()))
                    .and_modify(|e| e.in_place |= w.in_place)
                    .or_insert_with(|| w.clone());
            }
            for &j in &self.graph[i] {
                if !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        out.into_values().collect()
    }
}

/// Multi-source breadth-first search over the reversed call graph: every function gets the
/// nearest effect it reaches and the callee on the way.
fn propagate(
    graph: &[Vec<usize>],
    direct: Vec<Option<Effect>>,
) -> Vec<Option<(Effect, Option<usize>)>> {
    let n = graph.len();
    let mut callers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, cs) in graph.iter().enumerate() {
        for &j in cs {
            callers[j].push(i);
        }
    }
    let mut out: Vec<Option<(Effect, Option<usize>)>> = vec![None; n];
    let mut queue = VecDeque::new();
    for (i, d) in direct.into_iter().enumerate() {
        if let Some(e) = d {
            out[i] = Some((e, None));
            queue.push_back(i);
        }
    }
    while let Some(j) = queue.pop_front() {
        let eff = out[j].as_ref().map(|(e, _)| e.clone());
        for &i in &callers[j] {
            if out[i].is_none() {
                out[i] = eff.clone().map(|e| (e, Some(j)));
                queue.push_back(i);
            }
        }
    }
    out
}

/// Calls inside one package: `f(x)` a function of the package, `v.M(x)` any method `M`.
fn local_graph(nodes: &[Node]) -> Vec<Vec<usize>> {
    let mut by_name: HashMap<(bool, &str), Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        by_name
            .entry((n.func.receiver.is_some(), n.func.name.as_str()))
            .or_default()
            .push(i);
    }
    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut out = BTreeSet::new();
            for c in &n.func.calls {
                let key = match &c.func {
                    Expr::Ident { name } => (false, name.as_str()),
                    Expr::Selector { x, sel } => {
                        let imported = matches!(x.as_ref(), Expr::Ident { name }
                            if n.imports.iter().any(|im| im.local_name() == name));
                        if imported {
                            continue;
                        }
                        (true, sel.as_str())
                    }
                    _ => continue,
                };
                if let Some(hits) = by_name.get(&key) {
                    out.extend(hits.iter().copied().filter(|&j| j != i));
                }
            }
            out.into_iter().collect()
        })
        .collect()
}

/// The import path a qualifier names in this file (None for locals and unknown names).
fn import_of<'a>(imports: &'a [Import], q: &str) -> Option<&'a str> {
    imports
        .iter()
        .find(|im| im.local_name() == q)
        .map(|im| im.path.as_str())
}

/// The first side-effecting standard-library call in `n`'s body.
fn direct_effect(n: &Node) -> Option<Effect> {
    let locals = local_names(n.func);
    let http_clients = http_client_vars(n);
    for c in &n.func.calls {
        let Expr::Selector { x, sel } = &c.func else {
            continue;
        };
        let found = match x.as_ref() {
            Expr::Ident { name } if !locals.contains(name.as_str()) => {
                match import_of(n.imports, name) {
                    Some(path) => {
                        library_effect(path, sel, &c.args).map(|k| (k, path, sel.clone()))
                    }
                    None if http_clients.contains(name) && is_client_call(sel) => {
                        Some((EffectKind::Network, "net/http", format!("Client.{sel}")))
                    }
                    None => None,
                }
            }
            // `http.DefaultClient.Get(u)`.
            Expr::Selector {
                x: inner,
                sel: field,
            } if field == "DefaultClient" && is_client_call(sel) => match inner.as_ref() {
                Expr::Ident { name } if import_of(n.imports, name) == Some("net/http") => Some((
                    EffectKind::Network,
                    "net/http",
                    format!("DefaultClient.{sel}"),
                )),
                _ => None,
            },
            _ => None,
        };
        if let Some((kind, path, what)) = found {
            let short = path.rsplit('/').next().unwrap_or(path);
            return Some(Effect {
                kind,
                call: format!("{short}.{what}"),
                via: Vec::new(),
            });
        }
    }
    None
}

fn is_client_call(sel: &str) -> bool {
    matches!(sel, "Do" | "Get" | "Post" | "PostForm" | "Head")
}

/// Local names of `f` bound to an `*http.Client`/`http.Client`: parameters of that type and
/// `c := &http.Client{...}` declarations.
fn http_client_vars(n: &Node) -> BTreeSet<String> {
    let is_client = |t: &GoType| {
        let t = match t {
            GoType::Pointer { elem } => &**elem,
            t => t,
        };
        matches!(t, GoType::Named { pkg: Some(q), name, .. }
            if name == "Client" && import_of(n.imports, q) == Some("net/http"))
    };
    let mut out: BTreeSet<String> = n
        .func
        .params
        .iter()
        .filter(|p| is_client(&p.ty))
        .filter_map(|p| p.name.clone())
        .collect();
    for a in &n.func.assigns {
        for (l, r) in a.lhs.iter().zip(&a.rhs) {
            let text = r.text();
            let text = text.trim_start_matches('&');
            let client = n.imports.iter().any(|im| {
                im.path == "net/http" && text.starts_with(&format!("{}.Client{{", im.local_name()))
            });
            if let (true, Expr::Ident { name }) = (client, l) {
                out.insert(name.clone());
            }
        }
    }
    out
}

/// The effect of calling `path.sel(args)`, when it has one.
fn library_effect(path: &str, sel: &str, args: &[Expr]) -> Option<EffectKind> {
    use EffectKind::*;
    let kind = match (path, sel) {
        (
            "os",
            "Remove" | "RemoveAll" | "WriteFile" | "Create" | "CreateTemp" | "OpenFile" | "Mkdir"
            | "MkdirAll" | "MkdirTemp" | "Rename" | "Chmod" | "Chown" | "Lchown" | "Chtimes"
            | "Symlink" | "Link" | "Truncate",
        ) => FileSystem,
        ("io/ioutil", "WriteFile" | "TempFile" | "TempDir") => FileSystem,
        ("os", "ReadFile" | "Open" | "ReadDir" | "DirFS")
        | ("io/ioutil", "ReadFile" | "ReadDir") => match args.first() {
            Some(Expr::Str { .. }) => return None,
            _ => FileRead,
        },
        (
            "net",
            "Dial" | "DialTimeout" | "DialTCP" | "DialUDP" | "DialIP" | "DialUnix" | "Listen"
            | "ListenTCP" | "ListenUDP" | "ListenIP" | "ListenUnix" | "ListenUnixgram"
            | "ListenPacket" | "ListenMulticastUDP" | "LookupHost" | "LookupIP" | "LookupAddr"
            | "LookupCNAME" | "LookupMX" | "LookupNS" | "LookupSRV" | "LookupTXT" | "LookupPort",
        ) => Network,
        (
            "net/http",
            "Get" | "Post" | "PostForm" | "Head" | "ListenAndServe" | "ListenAndServeTLS" | "Serve"
            | "ServeTLS",
        ) => Network,
        ("net/smtp", "Dial" | "SendMail") | ("net/rpc", "Dial" | "DialHTTP") => Network,
        ("crypto/tls", "Dial" | "DialWithDialer" | "Listen") => Network,
        ("os/exec", _) => Process,
        (
            "os",
            "Exit" | "StartProcess" | "FindProcess" | "Setenv" | "Unsetenv" | "Clearenv" | "Chdir",
        ) => Process,
        ("syscall", "Kill" | "Exec" | "ForkExec" | "Exit" | "Setenv" | "Unsetenv" | "Chdir") => {
            Process
        }
        ("os/signal", "Notify" | "NotifyContext" | "Ignore" | "Reset") => Process,
        ("log", "Fatal" | "Fatalf" | "Fatalln") => Process,
        ("time", "Sleep") => Sleep,
        ("time", "After" | "Tick" | "NewTimer" | "NewTicker" | "AfterFunc") => {
            match args.first().and_then(const_duration_ns) {
                Some(ns) if ns <= SHORT_WAIT_NS => return None,
                _ => Sleep,
            }
        }
        _ => return None,
    };
    Some(kind)
}

/// Timers up to this long (100 ms) are not treated as sleeps.
const SHORT_WAIT_NS: i128 = 100_000_000;

/// A constant duration in nanoseconds: `5 * time.Millisecond`, `time.Second`, `100`.
fn const_duration_ns(e: &Expr) -> Option<i128> {
    match e {
        Expr::Int { text } => text.replace('_', "").parse().ok(),
        Expr::Paren { x } => const_duration_ns(x),
        Expr::Selector { sel, .. } => Some(match sel.as_str() {
            "Nanosecond" => 1,
            "Microsecond" => 1_000,
            "Millisecond" => 1_000_000,
            "Second" => 1_000_000_000,
            "Minute" => 60_000_000_000,
            "Hour" => 3_600_000_000_000,
            _ => return None,
        }),
        Expr::Binary { op, left, right } if op == "*" => {
            Some(const_duration_ns(left)? * const_duration_ns(right)?)
        }
        _ => None,
    }
}

/// Names `f` declares itself (parameters, receiver, results, `:=`, `var`, range variables):
/// they shadow package-level variables and imports of the same name.
fn local_names(f: &Function) -> BTreeSet<&str> {
    let mut out: BTreeSet<&str> = f
        .params
        .iter()
        .chain(&f.results)
        .filter_map(|p| p.name.as_deref())
        .collect();
    if let Some(n) = f.receiver.as_ref().and_then(|r| r.name.as_deref()) {
        out.insert(n);
    }
    for a in &f.assigns {
        if matches!(a.op.as_str(), ":=" | "var" | "var zero" | "range") {
            for l in &a.lhs {
                if let Expr::Ident { name } = l {
                    out.insert(name);
                }
            }
        }
    }
    out
}

/// The variable an assignment's left-hand side changes, and whether in place.
fn root_of(e: &Expr) -> Option<(&str, bool)> {
    match e {
        Expr::Ident { name } => Some((name, false)),
        Expr::Paren { x } => root_of(x),
        Expr::Selector { x, .. } | Expr::Index { x, .. } | Expr::Unary { x, .. } => {
            root_of(x).map(|(n, _)| (n, true))
        }
        _ => None,
    }
}

/// Package-level variables of its own package that `n` assigns.
fn direct_writes(n: &Node, vars: &[VarDecl]) -> Vec<StateWrite> {
    if vars.is_empty() {
        return Vec::new();
    }
    let locals = local_names(n.func);
    let mut out: Vec<StateWrite> = Vec::new();
    for a in &n.func.assigns {
        if matches!(a.op.as_str(), ":=" | "var" | "var zero" | "range") {
            continue;
        }
        for l in &a.lhs {
            let Some((name, in_place)) = root_of(l) else {
                continue;
            };
            if name == "_" || locals.contains(name) {
                continue;
            }
            let Some(decl) = vars.iter().find(|v| v.name == name) else {
                continue;
            };
            match out.iter_mut().find(|w| w.var == name) {
                Some(w) => w.in_place |= in_place,
                None => out.push(StateWrite {
                    package: n.package.to_string(),
                    var: name.to_string(),
                    decl: decl.clone(),
                    in_place,
                    writer: n.func.qualified_name(),
                }),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::parse_source;

    fn index(src: &str) -> (crate::index::GoFile, HazardIndex) {
        let file = parse_source(src);
        let funcs: Vec<(&Function, &[Import])> = file
            .functions
            .iter()
            .map(|f| (f, file.imports.as_slice()))
            .collect();
        let idx = HazardIndex::for_package("example.com/p", &funcs, &file.var_decls);
        (file.clone(), idx)
    }

    fn func<'a>(file: &'a crate::index::GoFile, name: &str) -> &'a Function {
        file.functions
            .iter()
            .find(|f| f.qualified_name() == name)
            .unwrap()
    }

    #[test]
    fn effects_are_found_through_callees_and_by_import_path() {
        let src = r#"package p

import (
	"net"
	"os"
	fs "example.com/p/os"
	"net/http"
	"time"
)

func Cleanup(dir string) error { return cleanup(dir) }

func cleanup(dir string) error { return os.RemoveAll(dir) }

func Ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	return c.Close()
}

func Local(name string) error { return fs.Remove(name) }

func Wait() { <-time.After(5 * time.Millisecond) }

func Nap(d time.Duration) { time.Sleep(d) }

func Fetch(u string) { _, _ = http.DefaultClient.Get(u) }

func Load(path string) []byte { b, _ := os.ReadFile(path); return b }

func Fixed() []byte { b, _ := os.ReadFile("config.toml"); return b }

type fsys struct{}

func (fsys) Remove(string) error { return nil }

func Shadow(os fsys) error { return os.Remove("x") }
"#;
        let (file, idx) = index(src);
        let eff = |n: &str| idx.effect_of("example.com/p", func(&file, n));
        let c = eff("Cleanup").unwrap();
        assert_eq!(c.call, "os.RemoveAll");
        assert_eq!(c.via, ["cleanup"]);
        assert_eq!(c.kind, EffectKind::FileSystem);
        assert!(
            c.reason().contains("calls os.RemoveAll via cleanup()"),
            "{}",
            c.reason()
        );
        assert_eq!(eff("Ping").unwrap().kind, EffectKind::Network);
        assert_eq!(eff("Local"), None, "a module package named os is not os");
        assert_eq!(eff("Wait"), None, "a 5 ms timer is not a sleep");
        assert_eq!(eff("Nap").unwrap().call, "time.Sleep");
        assert_eq!(eff("Fetch").unwrap().call, "http.DefaultClient.Get");
        let load = eff("Load").unwrap();
        assert_eq!(
            (load.kind, load.call.as_str()),
            (EffectKind::FileRead, "os.ReadFile")
        );
        assert_eq!(eff("Fixed"), None, "a literal path is not a fuzzed one");
        assert_eq!(eff("Shadow"), None);
    }

    #[test]
    fn package_writes_direct_through_callees_and_in_place() {
        let src = r#"package p

var seed int64

var cache = map[string]int{}

func SetSeed(s int64) { install(s) }

func install(s int64) { seed = s }

func Remember(k string) { cache[k]++ }

func Local(k string) int {
	seed := 3
	seed = 4
	return int(seed)
}
"#;
        let (file, idx) = index(src);
        let w = idx.writes_of("example.com/p", func(&file, "SetSeed"));
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].var.as_str(), w[0].in_place), ("seed", false));
        assert_eq!(w[0].writer, "install");
        let w = idx.writes_of("example.com/p", func(&file, "Remember"));
        assert_eq!((w[0].var.as_str(), w[0].in_place), ("cache", true));
        assert!(idx
            .writes_of("example.com/p", func(&file, "Local"))
            .is_empty());
    }
}
