//! `go test -json` output (test2json events) read into typed results: failing subtests with
//! the kind of failure (a panic, a plain failure, a hang that hit Go's `-timeout`), and build
//! failures with the compiler's messages.
//!
//! Facts this relies on (go 1.26): build failures come as events with `ImportPath` (not
//! `Package`), `Action` `build-output` (first line `# <import path> [<test variant>]`, then the
//! compiler's lines) and `build-fail`; a test binary killed by a panic or by `-timeout` leaves the
//! running subtest without an end event, and the panic's output is attributed to that subtest
//! (or to the package); a timeout prints `panic: test timed out after <d>`, sometimes a
//! `running tests:` list, then a goroutine dump.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How a fuzz test's seed failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The target panicked (the test binary died).
    Panic,
    /// The test failed (`t.Fatal`, `t.Error`) without a panic.
    Fail,
    /// The seed blocked until Go's `-timeout` fired (or heatseed's hard limit).
    Hang,
    /// The package's test binary did not compile.
    BuildFail,
}

impl FailureKind {
    /// The kind of a failed run of one test binary: a hang when it timed out, a panic when
    /// its output says so, else a plain failure.
    pub fn of_run(timed_out: bool, output: &str) -> FailureKind {
        if timed_out {
            FailureKind::Hang
        } else if output.contains("panic:") {
            FailureKind::Panic
        } else {
            FailureKind::Fail
        }
    }
}

/// One failing subtest (`FuzzX/<seed>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestFailure {
    pub package: String,
    /// `FuzzX/<seed file>` or `FuzzX/seed#N`.
    pub test: String,
    pub kind: FailureKind,
    /// The test's output (bounded); for a hang, the panic line and the head of the goroutine
    /// dump of the blocked test.
    pub output: String,
}

/// A package whose test binary did not build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildFailure {
    /// The import path, without the ` [x.test]` variant suffix.
    pub import_path: String,
    /// The compiler's lines (`# pkg` header included).
    pub output: String,
}

/// Everything one replay said.
#[derive(Clone, Debug, Default)]
pub struct Replay {
    pub failures: Vec<TestFailure>,
    pub build_failures: Vec<BuildFailure>,
    /// Packages that reported `fail` (including those of `failures` and build failures).
    pub failed_packages: BTreeSet<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Event {
    action: String,
    #[serde(default)]
    package: Option<String>,
    #[serde(default)]
    import_path: Option<String>,
    #[serde(default)]
    test: Option<String>,
    #[serde(default)]
    output: Option<String>,
}

/// Output kept per subtest.
const MAX_OUTPUT: usize = 4000;
/// Lines of the blocked goroutine's stack kept for a hang.
const DUMP_LINES: usize = 16;

/// Reads `go test -json` stdout. Lines that are not events (a `go` error text) are ignored.
pub fn parse(stdout: &[u8]) -> Replay {
    let mut outputs: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut pkg_output: BTreeMap<String, String> = BTreeMap::new();
    let mut build: BTreeMap<String, String> = BTreeMap::new();
    let mut build_failed: Vec<String> = Vec::new();
    let mut failed: Vec<(String, String)> = Vec::new();
    // Subtests that started and never ended: a panic or a timeout killed the binary.
    let mut running: BTreeSet<(String, String)> = BTreeSet::new();
    let mut out = Replay::default();
    for line in String::from_utf8_lossy(stdout).lines() {
        let Ok(ev) = serde_json::from_str::<Event>(line) else {
            continue;
        };
        let pkg = ev.package.clone().unwrap_or_default();
        let test = ev.test.clone().unwrap_or_default();
        match ev.action.as_str() {
            "build-output" => {
                let ip = strip_variant(ev.import_path.as_deref().unwrap_or(""));
                push_bounded(
                    build.entry(ip).or_default(),
                    ev.output.as_deref().unwrap_or(""),
                );
            }
            "build-fail" => {
                build_failed.push(strip_variant(ev.import_path.as_deref().unwrap_or("")))
            }
            "output" => {
                let text = ev.output.as_deref().unwrap_or("");
                let o = if test.is_empty() {
                    pkg_output.entry(pkg).or_default()
                } else {
                    outputs.entry((pkg, test)).or_default()
                };
                push_bounded(o, text);
            }
            "run" if test.contains('/') => {
                running.insert((pkg, test));
            }
            "pass" | "skip" => {
                running.remove(&(pkg, test));
            }
            "fail" if test.contains('/') => {
                running.remove(&(pkg.clone(), test.clone()));
                failed.push((pkg, test));
            }
            "fail" if test.is_empty() => {
                out.failed_packages.insert(pkg);
            }
            _ => {}
        }
    }
    build_failed.sort();
    build_failed.dedup();
    for ip in build_failed {
        let output = build.remove(&ip).unwrap_or_default();
        out.failed_packages.insert(ip.clone());
        out.build_failures.push(BuildFailure {
            import_path: ip,
            output,
        });
    }
    let texts = Texts {
        tests: &outputs,
        packages: &pkg_output,
    };
    out.failures = texts.failures(failed, running);
    out
}

/// Output collected per subtest and per package.
struct Texts<'a> {
    tests: &'a BTreeMap<(String, String), String>,
    packages: &'a BTreeMap<String, String>,
}

impl Texts<'_> {
    /// Failures of the subtests that failed (in order) and of those still running when the
    /// binary died.
    fn failures(
        &self,
        failed: Vec<(String, String)>,
        running: BTreeSet<(String, String)>,
    ) -> Vec<TestFailure> {
        let mut out = Vec::new();
        // A recovered panic is printed after the subtest's `--- FAIL` line, attributed to the
        // parent fuzz test: it belongs to the last subtest of that parent that failed.
        let mut last_failed: BTreeMap<(String, String), String> = BTreeMap::new();
        for (pkg, test) in &failed {
            let parent = test.split_once('/').map_or(test.as_str(), |(p, _)| p);
            last_failed.insert((pkg.clone(), parent.to_string()), test.clone());
        }
        let ended = failed.into_iter().map(|t| (t, false));
        let killed = running.into_iter().map(|t| (t, true));
        for ((pkg, test), was_killed) in ended.chain(killed) {
            let own = self
                .tests
                .get(&(pkg.clone(), test.clone()))
                .cloned()
                .unwrap_or_default();
            let parent = test
                .split_once('/')
                .map_or(test.as_str(), |(p, _)| p)
                .to_string();
            let parent_key = (pkg.clone(), parent);
            let mut whole = own.clone();
            if was_killed || last_failed.get(&parent_key) == Some(&test) {
                if let Some(p) = self.tests.get(&parent_key) {
                    whole.push_str(p);
                }
            }
            // Only a subtest that never ended owns the package-level panic that killed the binary.
            if was_killed {
                if let Some(p) = self.packages.get(&pkg) {
                    whole.push_str(p);
                }
            }
            let (kind, output) = classify(&own, &whole);
            out.push(TestFailure {
                package: pkg,
                test,
                kind,
                output,
            });
        }
        out
    }
}

/// `example.com/p [example.com/p.test]` → `example.com/p`.
/// The top-level tests that failed (`import/path TestName`) and the packages that did not build
/// (`import/path (build failed)`), sorted: what a run of the user's own tests reports.
pub fn failing_tests(stdout: &[u8]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for line in String::from_utf8_lossy(stdout).lines() {
        let Ok(ev) = serde_json::from_str::<Event>(line) else {
            continue;
        };
        match (ev.action.as_str(), ev.test.as_deref()) {
            ("fail", Some(t)) if !t.contains('/') => {
                out.insert(format!("{} {t}", ev.package.unwrap_or_default()));
            }
            ("build-fail", _) => {
                let ip = strip_variant(ev.import_path.as_deref().unwrap_or(""));
                out.insert(format!("{ip} (build failed)"));
            }
            _ => {}
        }
    }
    out.into_iter().collect()
}

fn strip_variant(ip: &str) -> String {
    ip.split_once(' ').map_or(ip, |(a, _)| a).to_string()
}

fn push_bounded(s: &mut String, text: &str) {
    if s.len() < MAX_OUTPUT {
        s.push_str(text);
    }
}

/// The kind of a failure and the output to report, from the subtest's own output and the
/// package's (a panic may be attributed to either).
fn classify(own: &str, whole: &str) -> (FailureKind, String) {
    if let Some(at) = whole.find("panic: test timed out after") {
        return (FailureKind::Hang, hang_report(&whole[at..]));
    }
    if let Some(at) = whole.find("panic:") {
        let mut o = own.to_string();
        if !own.contains("panic:") {
            o.push_str(&whole[at..]);
        }
        return (FailureKind::Panic, o);
    }
    (FailureKind::Fail, own.to_string())
}

/// The timeout panic line, the `running tests:` list when Go printed one, and the head of the
/// goroutine that ran the test function (the one started by `testing.tRunner`).
fn hang_report(text: &str) -> String {
    let mut lines = text.lines();
    let mut out = String::new();
    if let Some(first) = lines.next() {
        out.push_str(first.trim_end());
        out.push('\n');
    }
    let rest: Vec<&str> = lines.collect();
    if let Some(i) = rest.iter().position(|l| l.trim() == "running tests:") {
        out.push_str("running tests:\n");
        for l in rest[i + 1..].iter().take_while(|l| !l.trim().is_empty()) {
            out.push_str(&format!("  {}\n", l.trim()));
        }
    }
    let stanzas: Vec<Vec<&str>> = rest
        .split(|l| l.trim().is_empty())
        .filter(|s| s.first().is_some_and(|l| l.starts_with("goroutine ")))
        .map(|s| s.to_vec())
        .collect();
    let test_goroutine = stanzas
        .iter()
        .find(|s| s.iter().any(|l| l.contains("testing.tRunner")) && !is_harness_only(s))
        .or_else(|| {
            stanzas
                .iter()
                .find(|s| s.iter().any(|l| l.contains("testing.tRunner")))
        });
    if let Some(s) = test_goroutine {
        for l in s.iter().take(DUMP_LINES) {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// A goroutine stack made only of the testing package's frames (no user code).
fn is_harness_only(stanza: &[&str]) -> bool {
    stanza
        .iter()
        .skip(1)
        .filter(|l| !l.starts_with('\t'))
        .all(|l| l.starts_with("testing.") || l.starts_with("created by testing."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failing_tests_are_top_level_tests_and_broken_builds() {
        let json = br#"{"Action":"run","Package":"m/a","Test":"TestX"}
{"Action":"fail","Package":"m/a","Test":"TestX/sub"}
{"Action":"fail","Package":"m/a","Test":"TestX"}
{"Action":"pass","Package":"m/a","Test":"TestY"}
not json
{"ImportPath":"m/b [m/b.test]","Action":"build-fail"}
{"Action":"fail","Package":"m/a"}"#;
        assert_eq!(
            failing_tests(json),
            vec!["m/a TestX".to_string(), "m/b (build failed)".to_string()]
        );
    }

    fn ev(action: &str, pkg: &str, test: &str, output: &str) -> String {
        serde_json::json!({"Action": action, "Package": pkg, "Test": test, "Output": output})
            .to_string()
    }

    #[test]
    fn build_failures_use_import_path_and_keep_compiler_messages() {
        let text = [
            r##"{"ImportPath":"example.com/m/p [example.com/m/p.test]","Action":"build-output","Output":"# example.com/m/p [example.com/m/p.test]\n"}"##,
            r##"{"ImportPath":"example.com/m/p [example.com/m/p.test]","Action":"build-output","Output":"p/heatseed_fuzz_test.go:9:2: undefined: x\n"}"##,
            r##"{"ImportPath":"example.com/m/p [example.com/m/p.test]","Action":"build-fail"}"##,
            r#"{"Action":"fail","Package":"example.com/m/p","FailedBuild":"example.com/m/p [example.com/m/p.test]"}"#,
        ]
        .join("\n");
        let r = parse(text.as_bytes());
        assert_eq!(r.build_failures.len(), 1);
        assert_eq!(r.build_failures[0].import_path, "example.com/m/p");
        assert!(r.build_failures[0].output.contains("undefined: x"));
        assert!(r.failed_packages.contains("example.com/m/p"));
        assert!(r.failures.is_empty());
    }

    #[test]
    fn a_timeout_is_a_hang_of_the_running_subtest_with_the_blocked_goroutine() {
        let p = "example.com/h";
        let t = "FuzzClassify/aaaa";
        let lines = [
            ev("run", p, "FuzzClassify", ""),
            ev("run", p, "FuzzClassify/0000", ""),
            ev("pass", p, "FuzzClassify/0000", ""),
            ev("run", p, t, ""),
            ev("output", p, t, "panic: test timed out after 3s\n"),
            ev("output", p, t, "\n"),
            ev("output", p, t, "goroutine 17 [running]:\n"),
            ev("output", p, t, "testing.(*M).startAlarm.func1()\n"),
            ev("output", p, t, "\n"),
            ev("output", p, t, "goroutine 9 [select (no cases)]:\n"),
            ev("output", p, t, "example.com/h.Classify(...)\n"),
            ev("output", p, t, "\t/m/hang.go:5\n"),
            ev("output", p, t, "testing.tRunner(0x1, 0x2)\n"),
            ev("output", p, "", "FAIL\texample.com/h\t3.0s\n"),
            ev("fail", p, "", ""),
        ]
        .join("\n");
        let r = parse(lines.as_bytes());
        assert_eq!(r.failures.len(), 1, "{:?}", r.failures);
        let f = &r.failures[0];
        assert_eq!(f.test, t);
        assert_eq!(f.kind, FailureKind::Hang);
        assert!(f.output.starts_with("panic: test timed out after 3s\n"));
        assert!(
            f.output.contains("goroutine 9 [select (no cases)]"),
            "{}",
            f.output
        );
        assert!(f.output.contains("example.com/h.Classify"));
        assert!(!f.output.contains("startAlarm"));
    }

    #[test]
    fn panics_and_plain_failures_are_told_apart() {
        let p = "example.com/q";
        let lines = [
            ev("run", p, "FuzzA/x", ""),
            ev("output", p, "FuzzA/x", "    a_test.go:9: want 1\n"),
            ev("fail", p, "FuzzA/x", ""),
            ev("run", p, "FuzzB/y", ""),
            ev(
                "output",
                p,
                "",
                "panic: runtime error: index out of range\n",
            ),
            ev("fail", p, "", ""),
        ]
        .join("\n");
        let r = parse(lines.as_bytes());
        let kinds: Vec<(&str, FailureKind)> = r
            .failures
            .iter()
            .map(|f| (f.test.as_str(), f.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("FuzzA/x", FailureKind::Fail),
                ("FuzzB/y", FailureKind::Panic)
            ]
        );
        assert!(r.failures[1].output.contains("index out of range"));
    }

    #[test]
    fn a_recovered_panic_printed_under_the_parent_belongs_to_the_last_failed_seed() {
        let p = "example.com/h";
        let lines = [
            ev("run", p, "FuzzC/a", ""),
            ev("output", p, "FuzzC/a", "    c_test.go:3: plain\n"),
            ev("fail", p, "FuzzC/a", ""),
            ev("run", p, "FuzzC/b", ""),
            ev("output", p, "FuzzC/b", "--- FAIL: FuzzC/b (0.00s)\n"),
            ev("fail", p, "FuzzC/b", ""),
            ev(
                "output",
                p,
                "FuzzC",
                "panic: boom here [recovered, repanicked]\n",
            ),
            ev("fail", p, "FuzzC", ""),
        ]
        .join("\n");
        let r = parse(lines.as_bytes());
        let kinds: Vec<(&str, FailureKind)> = r
            .failures
            .iter()
            .map(|f| (f.test.as_str(), f.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("FuzzC/a", FailureKind::Fail),
                ("FuzzC/b", FailureKind::Panic)
            ]
        );
        assert!(r.failures[1].output.contains("panic: boom here"));
    }

    #[test]
    fn running_tests_list_is_kept() {
        let text = "panic: test timed out after 1s\n\trunning tests:\n\t\tFuzzX/abc (1s)\n\ngoroutine 5 [chan receive]:\nexample.com/p.F()\ntesting.tRunner(0x1)\n";
        let r = hang_report(text);
        assert!(r.contains("running tests:\n  FuzzX/abc (1s)\n"), "{r}");
        assert!(r.contains("goroutine 5 [chan receive]"));
    }
}
