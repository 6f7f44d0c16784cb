//! Refinement rounds with the real toolchain, on a small temp module whose test covers one
//! input per function. `Cmd("GET n")` returns 2 only when `n*n > 900` and `Scale("size=n")`
//! returns 1 only when `n*n+7 > 5000 && n < 100`: arithmetic between two uses of a parsed value (the
//! solver inverts arithmetic of one input with constants only), which no first-round seed
//! satisfies. A refinement round starts from the seed that got closest (it reaches the
//! comparison), substitutes the guard's numbers into its digits and flips both blocks; the
//! manifest says which round found each seed, plain replay covers the blocks, and without
//! rounds (`--rounds 0`) they stay cold. Re-runs are byte-identical.

mod common;

use common::*;
use std::path::Path;

const GO_MOD: &str = "module example.com/rf\n\ngo 1.22\n";

const RF_GO: &str = r#"package rf

import (
	"strconv"
	"strings"
)

// Cmd runs one command line.
func Cmd(s string) int {
	verb, rest, ok := strings.Cut(s, " ")
	if !ok {
		return -1
	}
	switch verb {
	case "GET":
		n, err := strconv.Atoi(rest)
		if err != nil {
			return -2
		}
		if n*n > 900 {
			return 2
		}
		return 1
	case "PUT":
		return 3
	}
	return 0
}

// Scale checks a scaled size.
func Scale(s string) int {
	name, num, ok := strings.Cut(s, "=")
	if !ok || name != "size" {
		return -1
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return -2
	}
	if n*n+7 > 5000 && n < 100 {
		return 1
	}
	return 0
}
"#;

const RF_TEST_GO: &str = r#"package rf

import "testing"

func TestWeak(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{{"PUT 10", 3}, {"size=10", 0}} {
		if Cmd(c.in)+Scale(c.in) == 99 {
			t.Fatal(c.in)
		}
	}
}
"#;

/// Start (`line.col`) of the cover block opening at the `{` of the line holding `marker`.
fn block_after(marker: &str) -> String {
    let (i, line) = RF_GO
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(marker))
        .expect("marker");
    format!("{}.{}", i + 1, line.rfind('{').expect("brace") + 1)
}

fn module() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("rf");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("go.mod"), GO_MOD).unwrap();
    std::fs::write(dir.join("rf.go"), RF_GO).unwrap();
    std::fs::write(dir.join("rf_test.go"), RF_TEST_GO).unwrap();
    go(
        &dir,
        &["test", "-count=1", "-coverprofile=cover.out", "./..."],
    );
    (tmp, dir)
}

/// Count of the `rf.go` block starting at `start` in a text profile.
fn count_at(profile: &Path, start: &str) -> u64 {
    let text = std::fs::read_to_string(profile).expect("profile");
    text.lines()
        .filter_map(|l| l.strip_prefix("example.com/rf/rf.go:"))
        .find(|l| l.split(',').next() == Some(start))
        .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
        .unwrap_or_else(|| panic!("no block at {start}:\n{text}"))
}

fn generate(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["generate", "--root", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let out = heatseed(&args, dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn replay(dir: &Path) -> std::path::PathBuf {
    go(
        dir,
        &[
            "test",
            "-count=1",
            "-run",
            "^Fuzz",
            "-coverprofile=replay.out",
            "./...",
        ],
    );
    dir.join("replay.out")
}

/// Every file under `dir` but the replay profile, with its bytes, sorted.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.file_name() != "replay.out")
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn goals_out_of_static_reach_are_flipped_in_a_refinement_round() {
    if !have_go() {
        return;
    }
    let two = block_after("if n*n > 900 {");
    let scaled = block_after("if n*n+7 > 5000 && n < 100 {");

    // Without refinement both blocks stay cold after a plain replay.
    let (_t0, plain) = module();
    let r0 = generate(&plain, &["--rounds", "0"]);
    assert!(r0["minimize"]["refine"].is_null(), "{}", r0["minimize"]);
    let p0 = replay(&plain);
    assert_eq!(
        count_at(&p0, &two),
        0,
        "first round alone reaches n*n > 900"
    );
    assert_eq!(count_at(&p0, &scaled), 0, "first round alone reaches n*n+7");

    // With the default rounds, refined seeds reach both; the manifest names their round.
    let (_t1, dir) = module();
    let r = generate(&dir, &[]);
    let stats = &r["minimize"]["refine"];
    assert!(stats["kept"].as_u64().unwrap() >= 2, "{stats}");
    assert!(stats["budget_stopped_before_round"].is_null(), "{stats}");
    let p = replay(&dir);
    assert!(count_at(&p, &two) > 0, "replay misses n*n > 900");
    assert!(count_at(&p, &scaled) > 0, "replay misses n*n+7 > 5000");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(".heatseed/manifest.json")).unwrap())
            .unwrap();
    let seeds = manifest["seeds"].as_array().unwrap();
    let refined: Vec<&serde_json::Value> =
        seeds.iter().filter(|s| s["kind"] == "refined").collect();
    for s in &refined {
        assert!(s["round"].as_u64().unwrap() >= 1, "{s}");
        assert!(!s["first_reached"].as_array().unwrap().is_empty(), "{s}");
    }
    let reaches = |start: &str| {
        refined.iter().any(|s| {
            s["first_reached"].as_array().unwrap().iter().any(|b| {
                b["block"]
                    .as_str()
                    .is_some_and(|x| x.starts_with(&format!("{start},")))
            })
        })
    };
    assert!(reaches(&two), "no refined seed first reached {two}");
    assert!(reaches(&scaled), "no refined seed first reached {scaled}");
    // First-round seeds that were measured and kept say round 0.
    assert!(seeds
        .iter()
        .any(|s| s["kind"] != "refined" && s["round"] == 0));

    // A zero budget lets the first refinement round run (it is checked before later rounds
    // only) and says that it stopped the rest.
    let (_t3, cut) = module();
    let rc = generate(&cut, &["--budget", "0s"]);
    let stats = &rc["minimize"]["refine"];
    assert_eq!(stats["rounds_run"], 1, "{stats}");
    assert_eq!(stats["budget_stopped_before_round"], 2, "{stats}");
    assert!(rc["notes"].as_array().unwrap().iter().any(|n| n
        .as_str()
        .unwrap()
        .contains("time budget stopped the rounds before round 2")));

    // A second run in a fresh copy writes the same bytes; a re-run changes nothing.
    let (_t2, again) = module();
    generate(&again, &[]);
    replay(&again);
    assert_eq!(tree(&dir), tree(&again));
    generate(&dir, &[]);
    assert_eq!(tree(&dir), tree(&again));
}
