//! All tree-sitter access: parses Go source into the plain [`crate::model`] types.
//! No other module sees a tree-sitter type.
//!
//! - One `Parser` per thread (`thread_local`), so [`parse_go`] can run on rayon workers.
//! - The queries in `grammars/go/*.scm` (package clause, imports) are compiled once and shared
//!   ([`OnceLock`]); the top-level declarations are one pass over the file's children (four
//!   queries over the root cost ~3% of a full standard-library analysis), function bodies
//!   (regions, calls, assignments) and expressions are walked by hand in `body` and `expr`,
//!   types in `types`.
//! - Coordinates: tree-sitter's 0-based row/byte column [`Point`] becomes a 1-based cover
//!   position in exactly one place, [`cover_pos`].
//! - Failure modes: tree-sitter is error tolerant, so parsing never fails; ERROR and MISSING
//!   nodes are reported as `GoFile::syntax_errors` and functions containing one are flagged
//!   `has_syntax_error` (their regions may be incomplete). Non-UTF-8 bytes are kept for
//!   positions (tree-sitter works on bytes) and replaced in texts (`GoFile::non_utf8`).
//!   Very deep expressions are cut off at a fixed depth and kept as `Expr::Other` text.

mod body;
mod expr;
mod types;

use crate::model::{ConstDecl, Expr, Function, GoFile, Import, TypeDecl};
use crate::span::{CoverPos, CoverRange};
use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;
use streaming_iterator::StreamingIterator;
use tree_sitter::{Language, Node, Parser, Point, Query, QueryCursor, Tree};

/// Converts a tree-sitter point (0-based row, 0-based byte column) to a cover position
/// (1-based line, 1-based byte column). The only such conversion in heatseed.
pub fn cover_pos(p: Point) -> CoverPos {
    CoverPos::new(p.row as u32 + 1, p.column as u32 + 1)
}

/// The cover range of a node: tree-sitter's end is exclusive like cover's.
fn range(n: Node) -> CoverRange {
    CoverRange::new(cover_pos(n.start_position()), cover_pos(n.end_position()))
}

fn language() -> Language {
    tree_sitter_go::LANGUAGE.into()
}

/// Every query file, by name, for the compile test and for [`queries`].
const QUERY_SOURCES: [(&str, &str); 2] = [
    ("package.scm", include_str!("../../grammars/go/package.scm")),
    ("imports.scm", include_str!("../../grammars/go/imports.scm")),
];

/// What identifies the grammar and queries a parse used: tree-sitter-go's ABI version and
/// node kinds, and every query file's text (the state directory keys parse results on it).
pub fn grammar_fingerprint() -> String {
    let lang = language();
    let mut s = format!("abi{} kinds{}", lang.abi_version(), lang.node_kind_count());
    for (name, src) in QUERY_SOURCES {
        s.push_str(&format!("\n{name} {} ", src.len()));
        s.push_str(src);
    }
    s
}

struct Queries {
    package: Query,
    imports: Query,
}

fn compile(name: &str, src: &str) -> Result<Query, String> {
    Query::new(&language(), src).map_err(|e| format!("grammars/go/{name}: {e}"))
}

/// The compiled queries. A query that does not compile is a bug caught by
/// `every_query_compiles`, so failing here is an invariant violation.
fn queries() -> &'static Queries {
    static QUERIES: OnceLock<Queries> = OnceLock::new();
    QUERIES.get_or_init(|| {
        let q = |i: usize| {
            let (name, src) = QUERY_SOURCES[i];
            compile(name, src).unwrap_or_else(|e| panic!("bundled query does not compile: {e}"))
        };
        Queries {
            package: q(0),
            imports: q(1),
        }
    })
}

thread_local! {
    static PARSER: RefCell<Option<Parser>> = RefCell::new({
        let mut p = Parser::new();
        // Fails only on an ABI mismatch between tree-sitter and tree-sitter-go (pinned as a
        // pair in Cargo.toml); then every parse reports the whole file as a syntax error.
        p.set_language(&language()).ok().map(|_| p)
    });
}

fn parse_tree(src: &[u8]) -> Option<Tree> {
    PARSER.with(|p| p.borrow_mut().as_mut()?.parse(src, None))
}

/// Node kind names by kind id, and field ids by field name (sorted by length and first byte,
/// then name: a lookup compares integers until one or two names are left), looked up once: the
/// library's `Node::kind` measures and UTF-8-checks the C string on every call, and
/// `child_by_field_name` scans the grammar's field names with `strncmp`; both ran for nearly
/// every node of a full parse.
struct Names {
    kinds: Vec<&'static str>,
    fields: Vec<(&'static str, std::num::NonZeroU16)>,
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let lang = language();
        let kinds = (0..lang.node_kind_count())
            .map(|id| lang.node_kind_for_id(id as u16).unwrap_or(""))
            .collect();
        let mut fields: Vec<_> = (1..=lang.field_count() as u16)
            .filter_map(|id| Some((lang.field_name_for_id(id)?, id.try_into().ok()?)))
            .collect();
        fields.sort_by(|a, b| (field_key(a.0), a.0).cmp(&(field_key(b.0), b.0)));
        Names { kinds, fields }
    })
}

/// `n.kind()`, from the table (ERROR and other built-in kinds outside it ask the library).
fn kind(n: Node) -> &'static str {
    match names().kinds.get(n.kind_id() as usize) {
        Some(k) if !k.is_empty() => k,
        _ => n.kind(),
    }
}

/// What [`Names::fields`] is sorted by first: a field name's length and first byte.
fn field_key(name: &str) -> (usize, u8) {
    (name.len(), name.as_bytes().first().copied().unwrap_or(0))
}

/// The grammar's id of field `name` (None: the grammar has no such field).
fn field_id(name: &str) -> Option<std::num::NonZeroU16> {
    let fields = &names().fields;
    let key = field_key(name);
    let start = fields.partition_point(|(n, _)| field_key(n) < key);
    fields[start..]
        .iter()
        .take_while(|(n, _)| field_key(n) == key)
        .find(|(n, _)| *n == name)
        .map(|(_, id)| *id)
}

/// `n.child_by_field_name(field)` through [`field_id`].
fn child<'t>(n: Node<'t>, field: &str) -> Option<Node<'t>> {
    n.child_by_field_id(field_id(field)?.get())
}

/// Source bytes with lossy text access.
#[derive(Clone, Copy)]
struct Src<'a> {
    bytes: &'a [u8],
}

impl Src<'_> {
    fn text(&self, n: Node) -> String {
        String::from_utf8_lossy(&self.bytes[n.byte_range()]).into_owned()
    }
}

/// Named children except comments (comments are extras and may appear anywhere).
fn named_children(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.named_children(&mut c)
        .filter(|c| kind(*c) != "comment")
        .collect()
}

/// Named nodes of a multiple field (drops the anonymous `,` tokens some fields yield).
fn field_nodes<'t>(n: Node<'t>, field: &str) -> Vec<Node<'t>> {
    let mut c = n.walk();
    let Some(id) = field_id(field) else {
        return Vec::new();
    };
    n.children_by_field_id(id, &mut c)
        .filter(|c| c.is_named() && kind(*c) != "comment")
        .collect()
}

/// Text of the child in field `field`, or the empty string when there is none.
fn field_text(s: Src, n: Node, field: &str) -> String {
    child(n, field).map(|x| s.text(x)).unwrap_or_default()
}

/// First direct child (named or not) of kind `want`.
fn child_of_kind<'t>(n: Node<'t>, want: &str) -> Option<Node<'t>> {
    let mut c = n.walk();
    let found = n.children(&mut c).find(|c| kind(*c) == want);
    found
}

/// Runs `query` over `root` and calls `f` with the captures of each match, in source order.
/// Every query here matches top-level declarations, so matches may only START at depth
/// `max_start_depth` or above: without that limit the cursor walks every expression of every
/// function body (a third of the indexing time on large files).
fn for_each_match<'t>(
    query: &Query,
    max_start_depth: u32,
    root: Node<'t>,
    src: &[u8],
    mut f: impl FnMut(&[tree_sitter::QueryCapture<'t>]),
) {
    let mut cursor = QueryCursor::new();
    cursor.set_max_start_depth(Some(max_start_depth));
    let mut matches = cursor.matches(query, root, src);
    while let Some(m) = matches.next() {
        f(m.captures);
    }
}

/// Parses Go source text (tests and tools: Go source in, model out). The path is `input.go`.
pub fn parse_source(src: &str) -> GoFile {
    parse_go(Path::new("input.go"), src.as_bytes())
}

/// Parses one Go file. Never panics and never fails: see the module doc for what happens
/// with syntax errors and non-UTF-8 bytes.
pub fn parse_go(path: &Path, src: &[u8]) -> GoFile {
    let mut file = GoFile {
        path: path.to_path_buf(),
        non_utf8: std::str::from_utf8(src).is_err(),
        line_lengths: src.split(|&b| b == b'\n').map(|l| l.len() as u32).collect(),
        ..GoFile::default()
    };
    let Some(tree) = parse_tree(src) else {
        let end = file.line_lengths.len() as u32;
        let last = file.line_lengths.last().copied().unwrap_or(0);
        file.syntax_errors.push(CoverRange::new(
            CoverPos::new(1, 1),
            CoverPos::new(end, last + 1),
        ));
        return file;
    };
    let root = tree.root_node();
    let s = Src { bytes: src };
    if root.has_error() {
        collect_errors(root, &mut file.syntax_errors);
    }
    let q = queries();
    for_each_match(&q.package, 1, root, src, |caps| {
        if file.package.is_empty() {
            file.package = s.text(caps[0].node);
        }
    });
    file.imports = imports(s, root, &q.imports);
    let top = named_children(root);
    for &n in &top {
        if matches!(kind(n), "function_declaration" | "method_declaration") {
            file.functions.push(function(s, n));
        }
    }
    for f in &mut file.functions {
        f.has_syntax_error = file
            .syntax_errors
            .iter()
            .any(|e| f.range.overlaps(e) || f.range.contains(e.start));
    }
    for &n in &top {
        match kind(n) {
            "type_declaration" => file.types.extend(
                named_children(n)
                    .into_iter()
                    .filter(|c| matches!(kind(*c), "type_spec" | "type_alias"))
                    .map(|c| type_decl(s, c)),
            ),
            "const_declaration" => const_group(s, n, &mut file.consts),
            _ => {}
        }
    }
    let var_specs: Vec<Node> = top
        .iter()
        .filter(|n| kind(**n) == "var_declaration")
        .flat_map(|d| var_specs(*d))
        .collect();
    for &spec in &var_specs {
        let Some(value) = child(spec, "value") else {
            continue;
        };
        let values = named_children(value);
        for (name, v) in field_nodes(spec, "name").into_iter().zip(values) {
            file.vars.push((s.text(name), expr::expr(s, v)));
        }
    }
    file.var_decls = var_decls(s, &var_specs);
    file.package_literals = package_literals(root);
    file
}

/// The `var_spec`s of a package-level `var` declaration, grouped (`var ( ... )`) or not.
fn var_specs(decl: Node) -> Vec<Node> {
    let mut specs = Vec::new();
    for c in named_children(decl) {
        match kind(c) {
            "var_spec" => specs.push(c),
            "var_spec_list" => specs.extend(
                named_children(c)
                    .into_iter()
                    .filter(|n| kind(*n) == "var_spec"),
            ),
            _ => {}
        }
    }
    specs
}

/// Every package-level var name with its declared type and value text (one per name).
fn var_decls(s: Src, specs: &[Node]) -> Vec<crate::model::VarDecl> {
    let mut out = Vec::new();
    {
        for &spec in specs {
            let ty = child(spec, "type").map(|t| types::go_type(s, t));
            let values = child(spec, "value").map(named_children).unwrap_or_default();
            for (i, name) in field_nodes(spec, "name").into_iter().enumerate() {
                out.push(crate::model::VarDecl {
                    name: s.text(name),
                    ty: ty.clone(),
                    value: values.get(i).map(|v| s.text(*v)),
                });
            }
        }
    }
    out
}

/// The comment lines right above a declaration (no blank line between), markers stripped.
fn doc_comment(s: Src, n: Node) -> Option<String> {
    let mut lines = Vec::new();
    let mut next_row = n.start_position().row;
    let mut cur = n.prev_sibling();
    while let Some(c) = cur {
        if kind(c) != "comment" || c.end_position().row + 1 != next_row {
            break;
        }
        let t = s.text(c);
        let t = t
            .strip_prefix("//")
            .map(str::to_string)
            .or_else(|| {
                t.strip_prefix("/*")
                    .and_then(|t| t.strip_suffix("*/"))
                    .map(str::to_string)
            })
            .unwrap_or(t);
        lines.push(t.trim().to_string());
        next_row = c.start_position().row;
        cur = c.prev_sibling();
    }
    lines.reverse();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// ERROR and MISSING nodes, outermost only (an ERROR node's own children are not listed).
fn collect_errors(root: Node, out: &mut Vec<CoverRange>) {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.is_error() || n.is_missing() {
            out.push(range(n));
            continue;
        }
        if !n.has_error() {
            continue;
        }
        let mut c = n.walk();
        let children: Vec<Node> = n.children(&mut c).collect();
        stack.extend(children.into_iter().rev());
    }
}

fn imports(s: Src, root: Node, query: &Query) -> Vec<Import> {
    let name_ix = query.capture_index_for_name("name");
    let path_ix = query.capture_index_for_name("path");
    let mut out = Vec::new();
    // import_spec: source_file > import_declaration > (import_spec_list >) import_spec
    for_each_match(query, 3, root, s.bytes, |caps| {
        let mut imp = Import {
            name: None,
            path: String::new(),
        };
        for c in caps {
            if Some(c.index) == name_ix {
                imp.name = Some(s.text(c.node));
            } else if Some(c.index) == path_ix {
                imp.path = crate::golex::string_lit_text(s.text(c.node).trim().as_bytes());
            }
        }
        out.push(imp);
    });
    out
}

fn function(s: Src, n: Node) -> Function {
    let name = field_text(s, n, "name");
    let receiver = child(n, "receiver").and_then(|r| types::receiver(s, r));
    let type_params = child(n, "type_parameters")
        .map(|tp| types::type_params(s, tp))
        .unwrap_or_default();
    let params = child(n, "parameters")
        .map(|p| types::params(s, p))
        .unwrap_or_default();
    let results = child(n, "result")
        .map(|r| types::results(s, r))
        .unwrap_or_default();
    let body_node = child(n, "body");
    let mut f = Function {
        name,
        receiver,
        type_params,
        params,
        results,
        range: range(n),
        body: body_node.map(range),
        doc: doc_comment(s, n),
        ..Function::default()
    };
    if let Some(b) = body_node {
        let walked = body::walk(s, b);
        f.regions = walked.regions;
        f.calls = walked.calls;
        f.assigns = walked.assigns;
        f.returns = walked.returns;
        f.result = single_return(s, b);
    }
    f
}

/// `e` of a body that is one `return e` statement.
fn single_return(s: Src, body: Node) -> Option<Expr> {
    let stmts = named_children(body);
    // tree-sitter-go wraps a block's statements in a `statement_list`.
    let stmts = match stmts.as_slice() {
        [list] if kind(*list) == "statement_list" => named_children(*list),
        _ => stmts,
    };
    let [ret] = stmts.as_slice() else {
        return None;
    };
    if kind(*ret) != "return_statement" {
        return None;
    }
    match named_children(child_of_kind(*ret, "expression_list")?).as_slice() {
        [e] => Some(expr::expr(s, *e)),
        _ => None,
    }
}

fn type_decl(s: Src, n: Node) -> TypeDecl {
    TypeDecl {
        name: field_text(s, n, "name"),
        type_params: child(n, "type_parameters")
            .map(|tp| types::type_params(s, tp))
            .unwrap_or_default(),
        alias: kind(n) == "type_alias",
        ty: child(n, "type")
            .map(|t| types::go_type(s, t))
            .unwrap_or(crate::model::GoType::Other {
                text: String::new(),
            }),
        line: cover_pos(n.start_position()).line,
    }
}

/// One const group: `iota` is the spec's index; a spec without values repeats the type and
/// the values of the last spec that had values (Go's implicit repetition).
fn const_group(s: Src, decl: Node, out: &mut Vec<ConstDecl>) {
    let mut last: (Option<Node>, Vec<Node>) = (None, Vec::new());
    let specs = named_children(decl);
    for (iota, spec) in specs
        .into_iter()
        .filter(|n| kind(*n) == "const_spec")
        .enumerate()
    {
        if let Some(v) = child(spec, "value") {
            last = (child(spec, "type"), named_children(v));
        }
        let (ty, values) = &last;
        for (i, name) in field_nodes(spec, "name").into_iter().enumerate() {
            out.push(ConstDecl {
                name: s.text(name),
                ty: ty.map(|t| types::go_type(s, t)),
                value: values.get(i).map(|v| expr::expr(s, *v)),
                iota: iota as u32,
                line: cover_pos(spec.start_position()).line,
            });
        }
    }
}

/// Body ranges of the outermost func literals outside function and method declarations.
fn package_literals(root: Node) -> Vec<CoverRange> {
    let mut out = Vec::new();
    let mut stack: Vec<Node> = named_children(root)
        .into_iter()
        .filter(|n| !matches!(kind(*n), "function_declaration" | "method_declaration"))
        .rev()
        .collect();
    while let Some(n) = stack.pop() {
        if kind(n) == "func_literal" {
            if let Some(b) = child(n, "body") {
                out.push(range(b));
            }
            continue;
        }
        let mut c = n.walk();
        let children: Vec<Node> = n.named_children(&mut c).collect();
        stack.extend(children.into_iter().rev());
    }
    out
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod cover_layout;
