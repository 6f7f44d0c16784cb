//! The `strconv.IsPrint` table in `src/golex/isprint.rs` must be exactly the local Go
//! toolchain's. When this fails after a Go upgrade (new Unicode version), regenerate the table
//! with `GO_ISPRINT_GEN` below: `go run gen.go` prints the `(lo, hi),` lines.

use std::process::Command;

const GO_ISPRINT_GEN: &str = r#"package main

import (
	"fmt"
	"strconv"
)

// Prints the inclusive ranges of code points for which strconv.IsPrint is true.
func main() {
	start := -1
	for r := rune(0); r <= 0x10FFFF+1; r++ {
		p := r <= 0x10FFFF && strconv.IsPrint(r)
		if p && start < 0 {
			start = int(r)
		} else if !p && start >= 0 {
			fmt.Printf("(0x%04x, 0x%04x),\n", start, int(r)-1)
			start = -1
		}
	}
}
"#;

const TABLE: &str = include_str!("../src/golex/isprint.rs");

#[test]
fn isprint_table_matches_local_go() {
    let go_ok = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !go_ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("the Go toolchain is required when CI=true");
        }
        eprintln!("note: `go` not found; skipping the IsPrint table check");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("gen.go"), GO_ISPRINT_GEN).unwrap();
    let out = Command::new("go")
        .args(["run", "gen.go"])
        .current_dir(tmp.path())
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "")
        .env("GO111MODULE", "off")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_go: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let ours: Vec<String> = TABLE
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("(0x"))
        .map(str::to_string)
        .collect();
    assert!(from_go.len() > 500, "generator printed too little");
    assert_eq!(
        ours, from_go,
        "src/golex/isprint.rs is not the local Go toolchain's strconv.IsPrint: regenerate it"
    );
}
