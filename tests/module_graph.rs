//! The module graph has no cycle: reads every file under `src/`, collects the top-level modules
//! each one uses (`crate::<module>` paths, grouped `crate::{a, b}` imports, and `super::` paths
//! that climb to the crate root), and fails on a cycle between top-level modules, naming it and
//! the files that make each edge. Comments, strings and char literals are skipped; code under
//! `#[cfg(test)]` counts like any other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Tokens that matter for paths: identifiers, `::`, braces, commas; strings, chars and
/// comments are dropped.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Other,
}

fn tokens(src: &str) -> Vec<Tok> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = skip_block_comment(b, i);
        } else if c == b'"' {
            i = skip_string(b, i + 1);
            out.push(Tok::Other);
        } else if (c == b'r' || c == b'b') && raw_string_start(b, i).is_some() {
            i = skip_raw_string(b, raw_string_start(b, i).expect("checked"));
            out.push(Tok::Other);
        } else if c == b'\'' {
            i = skip_char_or_lifetime(b, i);
            out.push(Tok::Other);
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Ident(src[start..i].to_string()));
        } else if c == b':' && b.get(i + 1) == Some(&b':') {
            out.push(Tok::PathSep);
            i += 2;
        } else {
            out.push(match c {
                b'{' => Tok::Open,
                b'}' => Tok::Close,
                b',' => Tok::Comma,
                _ => Tok::Other,
            });
            i += 1;
        }
    }
    out
}

fn skip_block_comment(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            depth += 1;
            i += 2;
        } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// Index just past the closing quote of a string whose body starts at `i`.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// For `r"`, `r#"`, `br#"`...: the index of the opening quote and the number of `#`s.
fn raw_string_start(b: &[u8], i: usize) -> Option<(usize, usize)> {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
        return None;
    }
    let mut j = i;
    if b[j] == b'b' {
        j += 1;
    }
    if b.get(j) != Some(&b'r') {
        return None;
    }
    j += 1;
    let hashes = b[j..].iter().take_while(|&&c| c == b'#').count();
    (b.get(j + hashes) == Some(&b'"')).then_some((j + hashes, hashes))
}

fn skip_raw_string(b: &[u8], (quote, hashes): (usize, usize)) -> usize {
    let mut i = quote + 1;
    while i < b.len() {
        if b[i] == b'"'
            && b[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// `'x'`, `'\n'`, `'\u{1F600}'` are skipped whole; a lifetime `'a` only its quote.
fn skip_char_or_lifetime(b: &[u8], i: usize) -> usize {
    if b.get(i + 1) == Some(&b'\\') {
        // Past the backslash and the escaped character (which may be a quote).
        let mut j = i + 3;
        while j < b.len() && b[j] != b'\'' {
            j += 1;
        }
        return j + 1;
    }
    // One (possibly multi-byte) character, then a quote: a char literal.
    let len = match b.get(i + 1) {
        Some(&c) if c < 0x80 => 1,
        Some(&c) if c >= 0xF0 => 4,
        Some(&c) if c >= 0xE0 => 3,
        Some(_) => 2,
        None => return i + 1,
    };
    if b.get(i + 1 + len) == Some(&b'\'') {
        i + 2 + len
    } else {
        i + 1
    }
}

/// The module path of a file under `src/`: `src/a.rs` and `src/a/mod.rs` → `[a]`,
/// `src/a/b.rs` → `[a, b]`, `src/lib.rs` → `[]`.
fn file_module(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// Top-level modules (among `known`) used by a file whose module path is `module`.
fn uses(src: &str, module: &[String], known: &BTreeSet<String>) -> BTreeSet<String> {
    let toks = tokens(src);
    let mut out = BTreeSet::new();
    // Inline `mod x { ... }` blocks: (name, brace depth at which it closes).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Open => depth += 1,
            Tok::Close => {
                depth -= 1;
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            Tok::Ident(kw) if kw == "mod" => {
                if let (Some(Tok::Ident(name)), Some(Tok::Open)) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    inline.push((name.clone(), depth));
                }
            }
            Tok::Ident(kw) if kw == "crate" || kw == "super" => {
                // Climb: `crate` is the root; each `super` leaves one module.
                let mut path: Vec<String> = module.to_vec();
                path.extend(inline.iter().map(|(n, _)| n.clone()));
                let mut j = i;
                if kw == "crate" {
                    path.clear();
                    j += 1;
                } else {
                    while toks.get(j) == Some(&Tok::Ident("super".into())) {
                        path.pop();
                        j += 1;
                        if toks.get(j) == Some(&Tok::PathSep)
                            && toks.get(j + 1) == Some(&Tok::Ident("super".into()))
                        {
                            j += 1;
                        }
                    }
                }
                if toks.get(j) != Some(&Tok::PathSep) {
                    i += 1;
                    continue;
                }
                if let Some(top) = path.first() {
                    out.insert(top.clone());
                } else {
                    for name in names_after(&toks, j + 1) {
                        if known.contains(&name) {
                            out.insert(name);
                        }
                    }
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The first path segment after `::` at `toks[i]`: one name, or each item's first name of a
/// `{a, b::c, d}` group.
fn names_after(toks: &[Tok], i: usize) -> Vec<String> {
    match toks.get(i) {
        Some(Tok::Ident(n)) => vec![n.clone()],
        Some(Tok::Open) => {
            let mut out = Vec::new();
            let mut depth = 0;
            let mut expect = true;
            for t in &toks[i..] {
                match t {
                    Tok::Open => depth += 1,
                    Tok::Close => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Tok::Comma if depth == 1 => expect = true,
                    Tok::Ident(n) if depth == 1 && expect => {
                        out.push(n.clone());
                        expect = false;
                    }
                    _ if depth == 1 => expect = false,
                    _ => {}
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// Edges between top-level modules, each with the files that make it.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn crate_graph(src: &Path) -> Graph {
    let known: BTreeSet<String> = std::fs::read_dir(src)
        .expect("src/ is readable")
        .filter_map(|e| {
            let p = e.ok()?.path();
            let name = p.file_stem()?.to_string_lossy().into_owned();
            let module = p.is_dir() || p.extension().is_some_and(|x| x == "rs");
            (module && !matches!(name.as_str(), "lib" | "main")).then_some(name)
        })
        .collect();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("readable directory") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut graph: Graph = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).expect("under src");
        let module = file_module(rel);
        let Some(top) = module.first().cloned() else {
            continue;
        };
        let text = std::fs::read_to_string(&f).expect("source is UTF-8");
        for used in uses(&text, &module, &known) {
            if used != top {
                graph
                    .entry(top.clone())
                    .or_default()
                    .entry(used)
                    .or_default()
                    .insert(rel.display().to_string());
            }
        }
    }
    graph
}

/// A cycle of the graph, as a list of modules whose last element links back to the first.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    fn visit(
        n: &str,
        graph: &Graph,
        state: &mut BTreeMap<String, State>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), State::Open);
        stack.push(n.to_string());
        for m in graph.get(n).into_iter().flat_map(|e| e.keys()) {
            match state.get(m.as_str()) {
                Some(State::Open) => {
                    let at = stack
                        .iter()
                        .position(|s| s == m)
                        .expect("open nodes are on the stack");
                    return Some(stack[at..].to_vec());
                }
                Some(State::Done) => {}
                None => {
                    if let Some(c) = visit(m, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.to_string(), State::Done);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if !state.contains_key(n.as_str()) {
            if let Some(c) = visit(n, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

fn describe(cycle: &[String], graph: &Graph) -> String {
    let mut lines = vec![format!("{} -> {}", cycle.join(" -> "), cycle[0])];
    for (i, a) in cycle.iter().enumerate() {
        let b = &cycle[(i + 1) % cycle.len()];
        let files: Vec<&str> = graph[a][b].iter().map(String::as_str).collect();
        lines.push(format!("  {a} -> {b}: {}", files.join(", ")));
    }
    lines.join("\n")
}

#[test]
fn top_level_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = crate_graph(&src);
    // The pipeline's known edges exist, so the reader works on the real tree.
    assert!(graph["targets"].contains_key("heatmap"), "{graph:?}");
    assert!(graph["cli"].contains_key("generate"), "{graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("module cycle:\n{}", describe(&cycle, &graph));
    }
}

#[test]
fn leaf_modules_depend_on_nothing_in_the_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = crate_graph(&src);
    for leaf in ["span", "error", "golex", "gotypes"] {
        assert!(
            graph.get(leaf).map_or(true, |e| e.is_empty()),
            "{leaf} uses {:?}",
            graph.get(leaf)
        );
    }
}

fn known(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn module(path: &[&str]) -> Vec<String> {
    path.iter().map(|s| s.to_string()).collect()
}

#[test]
fn reader_skips_comments_strings_and_chars() {
    let src = r####"
        // crate::a in a comment
        /* crate::b /* nested crate::b */ still comment crate::b */
        const S: &str = "crate::c";
        const R: &str = r#"crate::d "quoted" "#;
        const C: char = '"';
        fn f<'a>(x: &'a str) -> char { let _ = crate::e::f(); '\'' }
    "####;
    let got = uses(src, &module(&["x"]), &known(&["a", "b", "c", "d", "e"]));
    assert_eq!(got, known(&["e"]));
}

#[test]
fn reader_follows_groups_and_super_to_the_root() {
    let src = "use crate::{a, b::{X, Y}, c::Z};\nuse super::d::W;\n";
    // In src/x.rs, `super` is the crate root.
    assert_eq!(
        uses(src, &module(&["x"]), &known(&["a", "b", "c", "d"])),
        known(&["a", "b", "c", "d"])
    );
    // In src/x/y.rs, `super` is x itself; `super::super::d` is the root's d.
    let nested = "use super::z;\nuse super::super::d;\n";
    assert_eq!(
        uses(nested, &module(&["x", "y"]), &known(&["d", "z"])),
        known(&["x", "d"])
    );
    // Inside an inline `mod tests` of src/x.rs, `super` is x.
    let inline = "mod tests {\n use super::*;\n use crate::d;\n}\nuse super::e;\n";
    assert_eq!(
        uses(inline, &module(&["x"]), &known(&["d", "e"])),
        known(&["x", "d", "e"])
    );
}

#[test]
fn cycles_are_found_and_named() {
    fn edge(g: &mut Graph, a: &str, b: &str) {
        g.entry(a.into())
            .or_default()
            .entry(b.into())
            .or_default()
            .insert(format!("src/{a}.rs"));
    }
    let mut g: Graph = BTreeMap::new();
    edge(&mut g, "a", "b");
    edge(&mut g, "b", "c");
    edge(&mut g, "d", "a");
    assert_eq!(find_cycle(&g), None);
    edge(&mut g, "c", "a");
    let cycle = find_cycle(&g).expect("a -> b -> c -> a");
    assert_eq!(cycle, module(&["a", "b", "c"]));
    let text = describe(&cycle, &g);
    assert!(text.starts_with("a -> b -> c -> a"), "{text}");
    assert!(text.contains("c -> a: src/c.rs"), "{text}");
}
