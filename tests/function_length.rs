//! No function in `src/` runs over about 100 lines (split by purpose), except the declaration
//! scanner's lexer (`index::scan`'s `next`, one state machine) and test functions.

use std::path::Path;

/// Lines a function may span, its signature and closing brace included.
const LIMIT: usize = 105;

/// (file, function name) allowed to be longer.
const ALLOWED: &[(&str, &str)] = &[("index/scan.rs", "next")];

/// Functions of one file longer than `LIMIT`: (name, first line, lines). A function starts at a
/// line whose first token after the indentation (and `pub`/`const`/`async`) is `fn` with a body,
/// and ends at the first line holding only `}` at the same indentation. Everything after a
/// `#[cfg(test)]` line is test code.
fn long_functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .iter()
        .position(|l| l.trim() == "#[cfg(test)]")
        .unwrap_or(lines.len());
    let mut out = Vec::new();
    for (i, line) in lines[..end].iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let mut rest = trimmed;
        for prefix in ["pub(crate) ", "pub(super) ", "pub ", "const ", "async "] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        let Some(sig) = rest.strip_prefix("fn ") else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let name: String = sig
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = format!("{indent}}}");
        if let Some(j) = lines[i + 1..end].iter().position(|l| *l == close) {
            let n = j + 2;
            if n > LIMIT {
                out.push((name, i + 1, n));
            }
        }
    }
    out
}

#[test]
fn no_function_runs_over_the_limit() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    for e in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let p = e.path();
        let rel = p.strip_prefix(&src).unwrap().display().to_string();
        if p.extension().map_or(true, |x| x != "rs") || rel.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap();
        for (name, line, n) in long_functions(&text) {
            if !ALLOWED.contains(&(rel.as_str(), name.as_str())) {
                long.push(format!("{rel}:{line} {name}: {n} lines"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {LIMIT} lines (split them by purpose):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_reader_measures_functions() {
    let long_body = "    x();\n".repeat(LIMIT);
    let text = format!(
        "fn short() {{\n    y();\n}}\n\npub(crate) fn long() {{\n{long_body}}}\n\nfn decl();\n\n#[cfg(test)]\nmod tests {{\n    fn also_long() {{\n{long_body}    }}\n}}\n"
    );
    let got = long_functions(&text);
    assert_eq!(got, vec![("long".to_string(), 5, LIMIT + 2)]);
}
