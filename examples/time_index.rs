use std::time::Instant;
fn main() {
    let root = std::env::args().nth(1).unwrap();
    let paths: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.path().extension().is_some_and(|x| x == "go")
                && !e.path().to_string_lossy().ends_with("_test.go")
                && !e.path().to_string_lossy().contains("testdata")
        })
        .map(|e| e.path().to_path_buf())
        .take(1500)
        .collect();
    let srcs: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let total: usize = srcs.iter().map(|s| s.len()).sum();
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_go::LANGUAGE.into())
        .unwrap();
    let t = Instant::now();
    for s in &srcs {
        let _ = parser.parse(s, None);
    }
    eprintln!(
        "parse only {} files, {} bytes: {:?}",
        srcs.len(),
        total,
        t.elapsed()
    );
    let t = Instant::now();
    for (p, s) in paths.iter().zip(&srcs) {
        let _ = heatseed::syntax::parse_go(p, s);
    }
    eprintln!("parse_go sequential: {:?}", t.elapsed());
}
