//! The floor under heatseed's cold-cache analysis: only tree-sitter's parse of every Go file a
//! coverage profile names (no model, no planning, no output), on one thread. `bench/parse_floor.sh`
//! times it beside `go tool cover -func` on the same profile.
//!
//!   cargo run --release --example parse_floor -- <profile> <root>
//!
//! `root` is the directory the profile's import paths resolve under (`$(go env GOROOT)/src` for
//! the standard library's profile, whose file names are `fmt/print.go`, ...). Prints the number
//! of files and bytes parsed and the parse errors seen.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(profile), Some(root)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: parse_floor <profile> <root>");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(profile) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{profile}: {e}");
            std::process::exit(3);
        }
    };
    // `file.go:1.2,3.4 n c`: the file is everything before the last ':'.
    let files: BTreeSet<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.rsplit_once(':').map(|(f, _)| f))
        .collect();
    let mut parser = tree_sitter::Parser::new();
    if let Err(e) = parser.set_language(&tree_sitter_go::LANGUAGE.into()) {
        eprintln!("tree-sitter-go: {e}");
        std::process::exit(1);
    }
    let (mut n, mut bytes, mut errors) = (0usize, 0usize, 0usize);
    for f in files {
        let path: PathBuf = [root.as_str(), f].iter().collect();
        let Ok(src) = std::fs::read(&path) else {
            continue;
        };
        let Some(tree) = parser.parse(&src, None) else {
            continue;
        };
        n += 1;
        bytes += src.len();
        errors += usize::from(tree.root_node().has_error());
    }
    println!("{n} files, {bytes} bytes parsed, {errors} with syntax errors");
}
