//! Decoder guards from real Go source: the facts mined through `time.Parse`, `url.Parse`,
//! `net.ParseIP`, `netip.ParseAddr`, `base64`, `json.Unmarshal`, and the inputs the solver
//! spells for them (checked here against the models; `tests/structured_seeds.rs` checks the
//! written inputs against Go's own decoders).

use super::goals::block_goals;
use super::*;
use crate::heatmap::Block;
use crate::index::GoFile;
use crate::span::{CoverPos, CoverRange};
use crate::targets::guard::Guards;
use crate::targets::{BlockHeat, Heat};

const SRC: &str = r#"package p

const StampLayout = "2006-01-02 15:04"

var Cutoff = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

func Window(start string) string {
	t, err := time.Parse(StampLayout, start)
	if err != nil {
		return "bad"
	}
	if t.Before(Cutoff) {
		return "archived"
	}
	return "live"
}

func Endpoint(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "bad"
	}
	if u.Scheme == "https" && u.Query().Get("token") == "s3cret" {
		return "auth"
	}
	return "anon"
}

func Peer(s string) string {
	ip := net.ParseIP(s)
	if ip == nil {
		return "bad"
	}
	if ip.IsLoopback() {
		return "local"
	}
	return "remote"
}

func Token(s string) string {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return "bad"
	}
	if len(b) == 4 && b[0] == 7 {
		return "v7"
	}
	return "other"
}

func Source(extra any) string {
	if m, ok := extra.(map[string]any); ok && m["source"] == "import" {
		return "imported"
	}
	return "other"
}

func Family(s string) string {
	a, err := netip.ParseAddr(s)
	if err == nil && a.Is4() {
		return "v4"
	}
	return "v6"
}
"#;

/// The first alternative of the goal of the cold block opened on `line` (at its `{`).
fn goal(file: &GoFile, name: &str, line: u32) -> Vec<Fact> {
    let f = file
        .functions
        .iter()
        .find(|f| f.name == name)
        .expect("function");
    let text = SRC.lines().nth(line as usize - 1).expect("line");
    let col = text.find('{').expect("brace") as u32 + 1;
    let range = CoverRange::new(CoverPos::new(line, col), CoverPos::new(line + 1, 80));
    let cold = BlockHeat {
        block: Block {
            range,
            num_stmt: 1,
            count: 0,
        },
        heat: Heat::Cold,
        guard: Guards::new(f).guard_of(&range),
        why: String::new(),
    };
    let ctx = Context::new(f, &file.consts, &file.vars);
    let g = block_goals(f, &[cold], &ctx, &[]);
    assert!(!g.is_empty() && !g[0].alternatives.is_empty(), "{g:?}");
    g[0].alternatives[0].clone()
}

fn line_of(pat: &str) -> u32 {
    SRC.lines().position(|l| l.contains(pat)).expect("pattern") as u32 + 1
}

fn first_input(facts: &[Fact], root: &str) -> String {
    let lits = solve(facts, &Access::root(root), ValueKind::Str);
    match lits.first() {
        Some(Lit::Str(b)) => String::from_utf8(b.clone()).expect("utf-8"),
        other => panic!("no input for {facts:?}: {other:?}"),
    }
}

fn texts(facts: &[Fact]) -> Vec<String> {
    facts.iter().map(|f| f.to_string()).collect()
}

#[test]
fn time_windows_are_solved_in_the_package_layout() {
    let file = crate::syntax::parse_source(SRC);
    let facts = goal(&file, "Window", line_of("t.Before(Cutoff)"));
    assert_eq!(
        texts(&facts),
        [
            "time.Parse(\"2006-01-02 15:04\")(start) parses",
            "time.Parse(\"2006-01-02 15:04\")(start).Unix() < 1704067200"
        ]
    );
    assert_eq!(first_input(&facts, "start"), "2023-12-31 23:59");
    let bad = goal(&file, "Window", line_of("if err != nil {"));
    assert_eq!(first_input(&bad, "start"), "x");
}

#[test]
fn urls_carry_the_compared_scheme_and_query_key() {
    let file = crate::syntax::parse_source(SRC);
    let facts = goal(&file, "Endpoint", line_of("u.Scheme == \"https\""));
    assert_eq!(
        first_input(&facts, "raw"),
        "https://example.com/?token=s3cret"
    );
}

#[test]
fn addresses_meet_the_compared_properties() {
    let file = crate::syntax::parse_source(SRC);
    let local = goal(&file, "Peer", line_of("ip.IsLoopback()"));
    assert_eq!(first_input(&local, "s"), "127.0.0.1");
    let bad = goal(&file, "Peer", line_of("ip == nil"));
    assert_eq!(first_input(&bad, "s"), "x");
    let v4 = goal(&file, "Family", line_of("a.Is4()"));
    let got = first_input(&v4, "s");
    assert!(got.parse::<std::net::Ipv4Addr>().is_ok(), "{got}");
}

#[test]
fn encoded_bytes_are_solved_then_encoded() {
    let file = crate::syntax::parse_source(SRC);
    let facts = goal(&file, "Token", line_of("b[0] == 7"));
    let got = first_input(&facts, "s");
    use base64::Engine;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&got)
        .expect("valid raw URL base64");
    assert_eq!((raw.len(), raw[0]), (4, 7), "{got}");
}

#[test]
fn interface_members_asserted_to_maps_are_read_by_key() {
    let file = crate::syntax::parse_source(SRC);
    let facts = goal(&file, "Source", line_of("m[\"source\"]"));
    assert!(
        texts(&facts)
            == [
                "extra.(map[string]any)() == true",
                "extra[\"source\"] == \"import\""
            ],
        "{facts:?}"
    );
}
