//! Issue 9, items 3, 4, 6 with the real toolchain on a copy of `corpus/ingest` (Protobuf
//! `Queue`, regexp `ParseOrder`/`ParseRange`/`ValidTag`, binary frames `Decode`/`Counter`/`Blob`):
//! - `heatseed generate` (defaults), then plain `go test -run '^Fuzz' -coverprofile` replay: the
//!   statements cold in the committed profile of the three decoder files that the seeds alone
//!   flip (floor 80%; the figure is printed);
//! - every aimed protobuf seed decodes with google.golang.org/protobuf's `proto.Unmarshal` and
//!   every aimed regexp seed is matched by Go's `regexp`, each to values that satisfy the facts
//!   the manifest records (`tests/go/structured_check_test.go`, run as a Go test in the copy);
//! - the generated harnesses are gofmt and vet clean; two runs on fresh copies write
//!   byte-identical trees; the manifest records each shape and the dictionaries hold the
//!   protobuf field tags and the frame magic.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The decoder files whose cold statements the proof counts.
const DECODER_FILES: &[&str] = &["pb/route.go", "route/route.go", "frame/frame.go"];

/// Statements per block (`file:start,end`) with the maximum count over duplicates.
fn blocks(profile: &Path) -> BTreeMap<String, (u64, u64)> {
    let text = std::fs::read_to_string(profile).expect("profile");
    let mut out: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for l in text.lines().skip(1) {
        let mut parts = l.rsplitn(3, ' ');
        let count: u64 = parts.next().unwrap().parse().unwrap();
        let stmts: u64 = parts.next().unwrap().parse().unwrap();
        let key = parts.next().unwrap().to_string();
        let e = out.entry(key).or_insert((stmts, 0));
        e.1 = e.1.max(count);
    }
    out
}

fn in_decoders(key: &str) -> bool {
    DECODER_FILES
        .iter()
        .any(|f| key.starts_with(&format!("example.com/ingest/{f}:")))
}

/// Every file under `dir` (relative path → bytes).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

fn generate(dir: &Path) -> serde_json::Value {
    let out = heatseed(&["generate", "--root", ".", "--format", "json"], dir);
    assert!(
        out.status.success(),
        "generate failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json report")
}

/// Runs the Go check of the structured seeds in the copy; returns its `checked:` line.
fn go_check(dir: &Path) -> String {
    let check = dir.join("heatseed_check_test.go");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go/structured_check_test.go"),
        &check,
    )
    .expect("copy the Go check");
    let out = go(
        dir,
        &[
            "test",
            "-count=1",
            "-run",
            "^TestHeatseedStructuredSeeds$",
            "-v",
            ".",
        ],
    );
    std::fs::remove_file(&check).expect("remove the Go check");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines()
        .find(|l| l.starts_with("checked:"))
        .unwrap_or_else(|| panic!("no `checked:` line in\n{text}"))
        .to_string()
}

#[test]
fn structured_seeds_flip_the_cold_code_behind_protobuf_regexp_and_frame_decoders() {
    if !have_go() {
        return;
    }
    let (_a, dir) = copy_module(&corpus_module("ingest"));
    let (_b, again) = copy_module(&corpus_module("ingest"));
    let report = generate(&dir);
    generate(&again);
    assert_eq!(
        tree(&dir),
        tree(&again),
        "two runs on fresh copies write the same bytes"
    );

    // Harnesses: gofmt and vet clean.
    let harnesses: Vec<String> = ["pb", "route", "frame"]
        .iter()
        .map(|p| format!("{p}/heatseed_fuzz_test.go"))
        .filter(|p| dir.join(p).exists())
        .collect();
    assert_eq!(harnesses.len(), 3, "one harness per decoder package");
    let out = std::process::Command::new("gofmt")
        .arg("-l")
        .args(&harnesses)
        .current_dir(&dir)
        .output()
        .expect("gofmt");
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
    go(&dir, &["vet", "./..."]);

    // The real decoders accept the seeds, with the values the facts ask for.
    let checked = go_check(&dir);
    eprintln!("go check of the aimed seeds: {checked}");

    // Seeds alone: plain replay of the fuzz tests.
    let after_path = dir.join("after.out");
    let after_arg = format!("-coverprofile={}", after_path.display());
    go(
        &dir,
        &[
            "test",
            "-count=1",
            "-run",
            "^Fuzz",
            "-covermode=count",
            &after_arg,
            "./...",
        ],
    );
    let before = blocks(&dir.join("cover.out"));
    let after = blocks(&after_path);
    let (mut cold, mut flipped) = (0u64, 0u64);
    let mut still: Vec<&str> = Vec::new();
    for (k, (stmts, count)) in before.iter().filter(|(k, _)| in_decoders(k)) {
        if *count > 0 {
            continue;
        }
        cold += stmts;
        if after.get(k).is_some_and(|(_, c)| *c > 0) {
            flipped += stmts;
        } else {
            still.push(k);
        }
    }
    assert!(
        cold >= 40,
        "the happy-path tests leave the decoders' branches cold: {cold}"
    );
    let pct = 100.0 * flipped as f64 / cold as f64;
    eprintln!(
        "structured seeds flip {flipped}/{cold} cold statements behind the decoders ({pct:.1}%); \
         still cold: {still:?}"
    );
    assert!(pct >= 80.0, "{flipped}/{cold}; still cold: {still:?}");

    // Blocks that only a right frame, message or match reaches.
    for (file, line) in [
        ("frame/frame.go", "f := &Frame{Kind: hdr.Kind"),
        ("frame/frame.go", "return \"tagged\", nil"),
        ("pb/route.go", "return \"refund-review\", nil"),
        ("pb/route.go", "return \"fleet\", nil"),
        ("route/route.go", "return Order{}, ErrArchived"),
        ("route/route.go", "o.Legacy = true"),
    ] {
        let src = std::fs::read_to_string(dir.join(file)).unwrap();
        let n = src.lines().position(|l| l.contains(line)).expect(line) + 1;
        let hit = after.iter().any(|(k, (_, c))| {
            *c > 0
                && k.strip_prefix(&format!("example.com/ingest/{file}:"))
                    .and_then(|r| r.split_once(','))
                    .is_some_and(|(s, e)| {
                        let sl: usize = s.split('.').next().unwrap().parse().unwrap();
                        let el: usize = e.split('.').next().unwrap().parse().unwrap();
                        sl <= n && n <= el
                    })
        });
        assert!(hit, "{file}: `{line}` is reached by the seeds");
    }

    // The manifest records each shape; the dictionaries hold the format's tokens.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(".heatseed/manifest.json")).unwrap())
            .unwrap();
    let decoders: Vec<String> = manifest["seeds"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["structured"].as_array().cloned().unwrap_or_default())
        .filter_map(|s| s["decoder"].as_str().map(str::to_owned))
        .collect();
    for d in ["protobuf", "regexp", "binary_frame"] {
        assert!(
            decoders.iter().any(|x| x == d),
            "{d} in the manifest: {decoders:?}"
        );
    }
    let dict =
        |p: &str| std::fs::read_to_string(dir.join(".heatseed/dict/example.com/ingest").join(p));
    assert!(
        dict("frame/FuzzDecode.dict").unwrap().contains("\"HSF1\""),
        "frame magic in the dictionary"
    );
    // Field 1 varint (0x08) and field 11 length-delimited (0x5a = 'Z') of Event.
    let pb = dict("pb/FuzzQueue.dict").unwrap();
    assert!(pb.contains("\"\\x08\"") && pb.contains("\"Z\""), "{pb}");
    assert!(report["targets"].as_array().is_some_and(|t| !t.is_empty()));
}

/// One regexp case: the pattern, the wanted captures (group → value; `Atoi(group) > n` as a
/// parse fact), whether a match is wanted at all.
struct RegexCase {
    pattern: &'static str,
    equals: &'static [(i64, &'static str)],
    atoi_above: &'static [(i64, i128)],
    matches: bool,
}

/// Strings the regexp builder writes, checked by Go's `regexp`: a match (or not) with every
/// wanted capture in its group.
#[test]
fn regexp_strings_match_per_go_regexp_with_the_wanted_captures() {
    use heatseed::constraints::{Access, CmpOp, Fact, Lit, ParseKind, Step};
    if !have_go() {
        return;
    }
    let cases = [
        RegexCase {
            pattern: r"^/v1/orders/([a-z]{2,8})/(\d{1,6})$",
            equals: &[(1, "archive")],
            atoi_above: &[(2, 500000)],
            matches: true,
        },
        RegexCase {
            pattern: r"^(GET|POST|DELETE) (/[a-z/]*)$",
            equals: &[(1, "DELETE"), (2, "/admin/")],
            atoi_above: &[],
            matches: true,
        },
        RegexCase {
            pattern: r"(?P<user>[a-z]+)@(?P<host>[a-z]+\.(?:com|org))",
            equals: &[(2, "example.org")],
            atoi_above: &[],
            matches: true,
        },
        RegexCase {
            pattern: r"^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.]+))?$",
            equals: &[(4, "rc.1")],
            atoi_above: &[(1, 1)],
            matches: true,
        },
        RegexCase {
            pattern: r"^key=([^;]+);$",
            equals: &[(1, "a b")],
            atoi_above: &[],
            matches: true,
        },
        RegexCase {
            pattern: r"^(?:id=(\d+)|name=([a-z]+))$",
            equals: &[(2, "bob")],
            atoi_above: &[],
            matches: true,
        },
        RegexCase {
            pattern: r"^[A-Z]{3}-\d{4}$",
            equals: &[],
            atoi_above: &[],
            matches: false,
        },
    ];
    let mut rows = String::new();
    for c in &cases {
        let m = Access::root("s").then(Step::Submatch {
            pattern: c.pattern.to_string(),
        });
        let mut alt = vec![Fact::Cmp {
            access: m.clone(),
            op: if c.matches { CmpOp::Ne } else { CmpOp::Eq },
            lit: Lit::Nil,
        }];
        for (g, v) in c.equals {
            alt.push(Fact::Cmp {
                access: m.then(Step::Index(*g)),
                op: CmpOp::Eq,
                lit: Lit::Str(v.as_bytes().to_vec()),
            });
        }
        for (g, n) in c.atoi_above {
            alt.push(Fact::Cmp {
                access: m.then(Step::Index(*g)).then(Step::Parse(ParseKind::Atoi)),
                op: CmpOp::Gt,
                lit: Lit::Int(*n),
            });
        }
        let got = heatseed::values::structured::regex::build(&alt, &Access::root("s"))
            .expect("the builder speaks for these facts");
        assert_eq!(got.len(), 1, "{}: {got:?}", c.pattern);
        let caps: Vec<String> = c
            .equals
            .iter()
            .map(|(g, v)| format!("{g}: {}", heatseed::golex::quote(v.as_bytes())))
            .collect();
        let above: Vec<String> = c
            .atoi_above
            .iter()
            .map(|(g, n)| format!("{g}: {n}"))
            .collect();
        rows.push_str(&format!(
            "\t{{`{}`, {}, {}, map[int]string{{{}}}, map[int]int{{{}}}}},\n",
            c.pattern,
            heatseed::golex::quote(&got[0]),
            c.matches,
            caps.join(", "),
            above.join(", ")
        ));
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("go.mod"), "module example.com/re\n\ngo 1.22\n").unwrap();
    let src = format!(
        "package re\n\nimport (\n\t\"regexp\"\n\t\"strconv\"\n\t\"testing\"\n)\n\n\
         var cases = []struct {{\n\tpattern string\n\tin      string\n\tmatch   bool\n\tcaps    \
         map[int]string\n\tabove   map[int]int\n}}{{\n{rows}}}\n\n\
         func TestSeeds(t *testing.T) {{\n\tfor _, c := range cases {{\n\t\tm := \
         regexp.MustCompile(c.pattern).FindStringSubmatch(c.in)\n\t\tif (m != nil) != c.match {{\n\
         \t\t\tt.Fatalf(\"%s on %q: match %v, want %v\", c.pattern, c.in, m != nil, c.match)\n\t\t}}\n\
         \t\tfor g, v := range c.caps {{\n\t\t\tif m[g] != v {{\n\t\t\t\tt.Errorf(\"%s on %q: group %d \
         = %q, want %q\", c.pattern, c.in, g, m[g], v)\n\t\t\t}}\n\t\t}}\n\
         \t\tfor g, n := range c.above {{\n\t\t\tif v, err := strconv.Atoi(m[g]); err != nil || v <= n \
         {{\n\t\t\t\tt.Errorf(\"%s on %q: group %d = %q, want a number over %d\", c.pattern, c.in, \
         g, m[g], n)\n\t\t\t}}\n\t\t}}\n\t}}\n}}\n"
    );
    std::fs::write(dir.join("re_test.go"), src).unwrap();
    go(dir, &["vet", "."]);
    go(dir, &["test", "-count=1", "."]);
}
