//! Structured seeds (issue 9: JSON, XML, time/URL/IP/number/base64/hex), proved with the real
//! toolchain on a copy of `corpus/ingest`'s `api`, `feed` and `sched` packages:
//! - seeds alone (plain `go test -run '^Fuzz'` replay) cover at least [`FLOOR`] of the
//!   profile's cold statements in those packages;
//! - every written input whose goal needs a successful decode decodes with the real decoder
//!   (`json.Unmarshal` into the recorded type, `xml.Unmarshal`, `time.Parse` with the recorded
//!   layout, `url.Parse`, `net.ParseIP`...), and every one aimed at the error branch fails;
//! - the generated harnesses are gofmt and vet clean, and types heatseed cannot build (a
//!   `chan` field, an unexported interface) are skipped with the reason;
//! - two runs on fresh copies write byte-identical files.

mod common;

use common::*;
use heatseed::heatmap::{merge_profiles, parse_profile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Fraction of the cold statements of the decoder packages the seeds must flip.
const FLOOR: f64 = 0.80;

const PACKAGES: [&str; 3] = ["api", "feed", "sched"];

type Blocks = BTreeMap<(String, String), u32>;

fn profile_blocks(path: &Path, cold: bool) -> Blocks {
    let bytes = std::fs::read(path).expect("profile");
    let merged = merge_profiles(vec![parse_profile(path, &bytes).expect("parse")]).expect("merge");
    let mut out = Blocks::new();
    for (file, blocks) in merged.files {
        let ours = PACKAGES
            .iter()
            .any(|p| file.starts_with(&format!("example.com/ingest/{p}/")));
        for b in blocks
            .into_iter()
            .filter(|b| (b.count == 0) == cold && ours)
        {
            out.insert((file.clone(), b.range.to_string()), b.num_stmt);
        }
    }
    out
}

fn generate(dir: &Path) -> serde_json::Value {
    let mut args = vec!["generate", "--root", ".", "--format", "json"];
    for p in PACKAGES {
        args.extend(["--package", p]);
    }
    let pkgs: Vec<String> = PACKAGES.iter().map(|p| format!("./{p}")).collect();
    let args: Vec<&str> = args
        .iter()
        .map(|a| {
            PACKAGES
                .iter()
                .position(|p| p == a)
                .map_or(*a, |i| pkgs[i].as_str())
        })
        .collect();
    let out = heatseed(&args, dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json report")
}

/// Every file under `dir` with its bytes (the run's output and the module).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The Go statement checking one recorded input: `want_ok` says whether it must decode.
fn check_stmt(
    decoder: &str,
    type_name: Option<&str>,
    value: &str,
    want_ok: bool,
    what: &str,
) -> Option<String> {
    let text = format!("string({value})");
    let bytes = format!("[]byte({text})");
    let call = match decoder {
        "json.Unmarshal" => format!(
            "{{ var v {}; err = json.Unmarshal({bytes}, &v) }}",
            type_name?
        ),
        "xml.Unmarshal" => format!(
            "{{ var v {}; err = xml.Unmarshal({bytes}, &v) }}",
            type_name?
        ),
        "net.ParseIP" => {
            format!("if net.ParseIP({text}) == nil {{ err = errors.New(\"nil IP\") }}")
        }
        "net.ParseCIDR" => format!("_, _, err = net.ParseCIDR({text})"),
        d if d.starts_with("time.Parse(") => {
            let layout = d.strip_prefix("time.Parse(")?.strip_suffix(')')?;
            format!("_, err = time.Parse({layout}, {text})")
        }
        d => format!("_, err = {d}({text})"),
    };
    let cond = if want_ok { "err != nil" } else { "err == nil" };
    Some(format!(
        "\terr = nil\n\t{call}\n\tif {cond} {{\n\t\tt.Errorf(\"%s: want ok={want_ok}, got %v\", {what:?}, err)\n\t}}\n"
    ))
}

/// Writes one internal test file per package that decodes every recorded structured input of
/// the manifest with the real decoder; returns how many inputs it checks.
fn write_decode_checks(dir: &Path) -> usize {
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join(".heatseed/manifest.json")).expect("manifest"),
    )
    .expect("manifest json");
    let mut per_pkg: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for seed in manifest["seeds"].as_array().expect("seeds") {
        let pkg = seed["package"].as_str().expect("package").to_string();
        let values = seed["values"].as_array().expect("values");
        for s in seed["structured"].as_array().into_iter().flatten() {
            let decoder = s["decoder"].as_str().expect("decoder");
            let goals: Vec<&str> = s["goals"]
                .as_array()
                .expect("goals")
                .iter()
                .filter_map(|g| g.as_str())
                .collect();
            let fails = goals.iter().any(|g| g.ends_with(" fails"));
            let parses = goals.iter().any(|g| g.ends_with(" parses"));
            if !fails && !parses {
                continue;
            }
            let arg = s["argument"].as_u64().expect("argument") as usize;
            let value = values[arg].as_str().expect("value");
            let what = format!(
                "{} {}",
                seed["file"].as_str().unwrap_or(""),
                goals.join(" && ")
            );
            if let Some(stmt) = check_stmt(decoder, s["type_name"].as_str(), value, !fails, &what) {
                per_pkg.entry(pkg.clone()).or_default().push(stmt);
            }
        }
    }
    let mut n = 0;
    for (pkg, stmts) in &per_pkg {
        let name = pkg.rsplit('/').next().expect("package name");
        let src = format!(
            "package {name}\n\nimport (\n\t\"encoding/base64\"\n\t\"encoding/hex\"\n\t\"encoding/json\"\n\t\"encoding/xml\"\n\t\"errors\"\n\t\"net\"\n\t\"net/netip\"\n\t\"net/url\"\n\t\"testing\"\n\t\"time\"\n)\n\nvar (\n\t_ = base64.StdEncoding\n\t_ = hex.DecodeString\n\t_ = json.Unmarshal\n\t_ = xml.Unmarshal\n\t_ = errors.New\n\t_ = net.ParseIP\n\t_ = netip.ParseAddr\n\t_ = url.Parse\n\t_ = time.Parse\n)\n\nfunc TestHeatseedDecodeCheck(t *testing.T) {{\n\tvar err error\n{}\t_ = err\n}}\n",
            stmts.concat()
        );
        std::fs::write(dir.join(name).join("zz_decode_check_test.go"), src).expect("write check");
        n += stmts.len();
    }
    n
}

#[test]
fn structured_seeds_flip_the_cold_code_behind_decoders() {
    if !have_go() {
        return;
    }
    let (_t1, dir) = copy_module(&corpus_module("ingest"));
    let report = generate(&dir);
    assert!(
        report["findings"].as_array().expect("findings").is_empty(),
        "{}",
        report["findings"]
    );

    // Seeds alone: plain replay of the fuzz tests.
    let cold = profile_blocks(&dir.join("cover.out"), true);
    let prof = dir.join(".replay.out");
    let mut args = vec![
        "test".to_string(),
        "-count=1".into(),
        "-run".into(),
        "^Fuzz".into(),
        "-covermode=count".into(),
        format!("-coverprofile={}", prof.display()),
    ];
    args.extend(PACKAGES.iter().map(|p| format!("./{p}")));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    go(&dir, &args);
    let covered = profile_blocks(&prof, false);
    std::fs::remove_file(&prof).expect("remove replay profile");
    let total: u32 = cold.values().sum();
    let flipped: u32 = cold
        .iter()
        .filter(|(k, _)| covered.contains_key(*k))
        .map(|(_, n)| n)
        .sum();
    let share = flipped as f64 / total as f64;
    eprintln!(
        "structured seeds: {flipped} of {total} cold statements flipped ({:.1}%)",
        share * 100.0
    );
    assert!(
        total > 40,
        "the profile has the decoders' cold code: {total}"
    );
    assert!(share >= FLOOR, "{flipped}/{total} below the floor {FLOOR}");

    // Harnesses: gofmt and vet clean.
    let out = std::process::Command::new("gofmt")
        .arg("-l")
        .args(PACKAGES)
        .current_dir(&dir)
        .output()
        .expect("gofmt");
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "gofmt -l: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let mut vet = vec!["vet"];
    let pkgs: Vec<String> = PACKAGES.iter().map(|p| format!("./{p}")).collect();
    vet.extend(pkgs.iter().map(String::as_str));
    go(&dir, &vet);

    // Every recorded input decodes (or fails) with the real decoder as its goal needs.
    let checks = write_decode_checks(&dir);
    eprintln!("structured inputs checked with the real decoders: {checks}");
    assert!(checks >= 20, "structured inputs checked: {checks}");
    let mut test = vec!["test", "-count=1", "-run", "^TestHeatseedDecodeCheck$"];
    test.extend(pkgs.iter().map(String::as_str));
    go(&dir, &test);
}

#[test]
fn structured_seeds_are_byte_identical_across_runs() {
    if !have_go() {
        return;
    }
    let (_t1, a) = copy_module(&corpus_module("ingest"));
    let (_t2, b) = copy_module(&corpus_module("ingest"));
    generate(&a);
    generate(&b);
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(tb[k] == *v, "{} differs between runs", k.display());
    }
    let written = ta
        .keys()
        .filter(|k| k.to_string_lossy().contains("testdata/fuzz"))
        .count();
    assert!(written >= 30, "corpus files written: {written}");
}
