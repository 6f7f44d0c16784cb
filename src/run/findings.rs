//! Findings: crashes, hangs and failures from the seed phase (seeds the pre-flight check left
//! out) and from fuzzing (Go's `Failing input written to testdata/fuzz/FuzzX/<name>`), each
//! with the message head and the command that reproduces it from the module root.
//!
//! Crashers: Go writes the failing input into the package's `testdata/fuzz/<FuzzX>/`, where
//! plain `go test` replays it (and fails, on purpose: it is a regression input). With
//! `--keep-crashers` (the default) it stays there; with `--keep-crashers=false` it is moved to
//! `.heatseed/crashers/<package dir>/<FuzzX>/<name>` so that `go test` stays green, and the
//! reproduce command copies it back first.

use super::fuzz::FuzzOutcome;
use super::summary::Finding;
use crate::error::{Error, Result};
use crate::toolchain::Exit;
use std::path::Path;

/// Lines of the failure message kept.
const MESSAGE_LINES: usize = 6;

/// Where moved crashers go, under the module root.
pub const CRASHERS_DIR: &str = ".heatseed/crashers";

/// The finding of one fuzzing invocation, if it found something. `rel_dir` is the package
/// directory relative to the module root (`order`, or `` for the root package); `tags` the
/// build tags to repeat in the command.
pub fn from_fuzz(
    o: &FuzzOutcome,
    rel_dir: &str,
    tags: &[String],
    root: &Path,
    keep: bool,
) -> Result<Option<Finding>> {
    if o.exit == Exit::Success {
        return Ok(None);
    }
    let input = failing_input(&o.output).or_else(|| failing_corpus_file(o));
    let kind = if o.exit == Exit::TimedOut {
        "hang"
    } else {
        kind_of(&o.output)
    };
    let pkg_arg = pkg_arg(rel_dir);
    let tag_arg = tag_arg(tags);
    let mut finding = Finding {
        kind: kind.into(),
        phase: "fuzzing".into(),
        package: o.job.package.clone(),
        fuzz_test: o.job.fuzz_test.clone(),
        input: None,
        message: message_head(&o.output),
        reproduce: format!(
            "go test {tag_arg}-run '^{}$' -fuzz '^{}$' {pkg_arg}",
            o.job.fuzz_test, o.job.fuzz_test
        ),
    };
    if o.exit == Exit::TimedOut {
        finding.message = format!(
            "heatseed's limit ({}s of fuzzing plus the build allowance) passed; the fuzzer was killed. {}",
            o.fuzz_time.as_secs(),
            finding.message
        );
    }
    let Some(written) = input else {
        return Ok(Some(finding));
    };
    // `testdata/fuzz/FuzzX/<name>`, relative to the package directory.
    let name = written.rsplit('/').next().unwrap_or_default().to_string();
    let in_pkg = Path::new(rel_dir).join(&written);
    let rel_in = slash(&in_pkg);
    let run = format!(
        "go test {tag_arg}-run '^{}$/^{name}$' {pkg_arg}",
        o.job.fuzz_test
    );
    if keep {
        finding.input = Some(rel_in);
        finding.reproduce = run;
    } else {
        let moved = Path::new(CRASHERS_DIR)
            .join(rel_dir)
            .join(&o.job.fuzz_test)
            .join(&name);
        move_file(&root.join(&in_pkg), &root.join(&moved))?;
        let dir = slash(in_pkg.parent().unwrap_or(Path::new("")));
        finding.input = Some(slash(&moved));
        finding.reproduce = format!("mkdir -p {dir} && cp {} {dir}/ && {run}", slash(&moved));
    }
    Ok(Some(finding))
}

/// Where a run keeps the failing seeds of its seeds phase, and what makes a command for them.
pub struct SeedInputs<'a> {
    pub root: &'a Path,
    /// (import path, package directory relative to the root).
    pub dirs: &'a [(String, std::path::PathBuf)],
    pub tags: &'a [String],
    /// (import path, fuzz test) that exist after the seeds phase (generated or the user's).
    pub fuzz_tests: &'a std::collections::BTreeSet<(String, String)>,
}

/// Seeds the pre-flight check left out because plain `go test` failed with them. They are not
/// written to `testdata` (`go test` stays green); a failing seed file whose fuzz test exists is
/// kept as `.heatseed/crashers/<package dir>/<FuzzX>/<seed>`, and the command copies it back
/// and runs it. The harness's own zero-value seed (`seed#0`) has no file: its harness is left
/// out, so there is nothing to run (the message names the seed).
pub fn from_generate(f: &crate::generate::Finding, cx: &SeedInputs) -> Result<Option<Finding>> {
    use crate::toolchain::testjson::FailureKind;
    let kind = match f.kind {
        FailureKind::Panic => "panic",
        FailureKind::Hang => "hang",
        FailureKind::Fail => "fail",
        FailureKind::BuildFail => return Ok(None),
    };
    let artifact = if f.may_be_harness_artifact {
        " (the harness builds its receiver from unexported fields: may be a harness artifact)"
    } else {
        ""
    };
    let mut finding = Finding {
        kind: kind.into(),
        phase: "seeds".into(),
        package: f.package.clone(),
        fuzz_test: f.fuzz_test.clone(),
        input: None,
        message: format!(
            "seed {} left out by the pre-flight check{artifact}: {}",
            f.seed,
            message_head(&f.output)
        ),
        reproduce: String::new(),
    };
    let ok_name = !f.seed.is_empty()
        && !f.seed.starts_with("seed#")
        && !f.seed.contains(['/', '\\'])
        && f.seed != ".."
        && crate::verify::is_plain_relative(Path::new(&f.fuzz_test));
    let dir = cx
        .dirs
        .iter()
        .find(|(p, _)| *p == f.package)
        .map(|(_, d)| d);
    let (Some(corpus), Some(dir), true) = (&f.corpus, dir, ok_name) else {
        return Ok(Some(finding));
    };
    if !cx
        .fuzz_tests
        .contains(&(f.package.clone(), f.fuzz_test.clone()))
    {
        return Ok(Some(finding));
    }
    let kept = Path::new(CRASHERS_DIR)
        .join(dir)
        .join(&f.fuzz_test)
        .join(&f.seed);
    super::output::write_atomic(&cx.root.join(&kept), corpus.as_bytes(), true)?;
    let pkg_arg = pkg_arg(&slash(dir));
    let tag_arg = tag_arg(cx.tags);
    let target = slash(&dir.join("testdata/fuzz").join(&f.fuzz_test));
    finding.input = Some(slash(&kept));
    finding.reproduce = format!(
        "mkdir -p {target} && cp {} {target}/ && go test {tag_arg}-run '^{}$/^{}$' {pkg_arg}",
        slash(&kept),
        f.fuzz_test,
        f.seed
    );
    Ok(Some(finding))
}

/// The package argument of a `go test` run from the module root: `./dir`, or `.`.
fn pkg_arg(rel_dir: &str) -> String {
    if rel_dir.is_empty() {
        ".".to_string()
    } else {
        format!("./{rel_dir}")
    }
}

/// `-tags=a,b ` (with the trailing space), or nothing.
fn tag_arg(tags: &[String]) -> String {
    if tags.is_empty() {
        String::new()
    } else {
        format!("-tags={} ", tags.join(","))
    }
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn move_file(from: &Path, to: &Path) -> Result<()> {
    let parent = to.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::write_io(parent, e))?;
    let _hold = crate::toolchain::critical();
    std::fs::rename(from, to).map_err(|e| Error::write_io(to, e))
}

/// A corpus file already in `testdata/fuzz/FuzzX/` that fails (a crasher kept by an earlier
/// run, still failing: Go does not start fuzzing then): `--- FAIL: FuzzX/<name>` naming a file
/// that exists.
fn failing_corpus_file(o: &FuzzOutcome) -> Option<String> {
    let prefixes = [
        format!(
            "failure while testing seed corpus entry: {}/",
            o.job.fuzz_test
        ),
        format!("--- FAIL: {}/", o.job.fuzz_test),
    ];
    o.output.lines().find_map(|l| {
        let rest = prefixes
            .iter()
            .find_map(|p| l.trim().strip_prefix(p.as_str()))?;
        let name = rest.split_whitespace().next()?;
        let rel = format!("testdata/fuzz/{}/{name}", o.job.fuzz_test);
        let ok = !name.contains('/') && !name.contains("..") && o.job.dir.join(&rel).is_file();
        ok.then_some(rel)
    })
}

/// Drops repeated findings (the seeds pass after fuzzing meets the first pass's failing seeds
/// again) and seed-phase findings about a corpus file that a fuzzing finding already names (an
/// earlier run's kept crasher fails the pre-flight replay too).
pub fn dedupe(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert(f.clone()));
    let inputs: Vec<(String, String, String)> = findings
        .iter()
        .filter(|f| f.phase != "seeds")
        .filter_map(|f| {
            let name = f.input.as_deref()?.rsplit('/').next()?.to_string();
            Some((f.package.clone(), f.fuzz_test.clone(), name))
        })
        .collect();
    findings.retain(|f| {
        f.phase != "seeds"
            || !inputs.iter().any(|(p, t, n)| {
                *p == f.package && *t == f.fuzz_test && f.message.starts_with(&format!("seed {n} "))
            })
    });
}

/// `testdata/fuzz/FuzzX/<name>` from `Failing input written to ...`.
pub fn failing_input(output: &str) -> Option<String> {
    output.lines().find_map(|l| {
        l.trim()
            .strip_prefix("Failing input written to ")
            .map(|p| p.trim().to_string())
            .filter(|p| p.starts_with("testdata/fuzz/") && !p.contains(".."))
    })
}

/// `panic`, `hang` or `fail` from Go's output.
pub fn kind_of(output: &str) -> &'static str {
    if output.contains("panic:") {
        if output.contains("test timed out") {
            "hang"
        } else {
            "panic"
        }
    } else if output.contains("hung or terminated unexpectedly") || output.contains("timed out") {
        "hang"
    } else {
        "fail"
    }
}

/// The head of the failure: from the first `panic:`/`hung`/error line, a few lines.
pub fn message_head(output: &str) -> String {
    let lines: Vec<&str> = output
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let first = lines
        .iter()
        .position(|l| l.contains("panic:") || l.contains("hung or terminated"))
        .or_else(|| {
            lines.iter().position(|l| {
                !l.starts_with("---") && !l.starts_with("===") && !l.starts_with("fuzz:")
            })
        })
        .unwrap_or(0);
    lines
        .iter()
        .skip(first)
        .take_while(|l| !l.starts_with("Failing input written") && !l.starts_with("goroutine "))
        .take(MESSAGE_LINES)
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::fuzz::FuzzJob;
    use std::time::Duration;

    const OUT: &str = "fuzz: elapsed: 0s, gathering baseline coverage: 0/3 completed\n--- FAIL: FuzzSum (0.05s)\n    --- FAIL: FuzzSum (0.00s)\n        testing.go:1591: panic: checksum collision\n            goroutine 7 [running]:\n            runtime/debug.Stack()\n    Failing input written to testdata/fuzz/FuzzSum/771e938e4458e983\n    To re-run:\n    go test -run=FuzzSum/771e938e4458e983\nFAIL\n";

    fn outcome() -> FuzzOutcome {
        FuzzOutcome {
            job: FuzzJob {
                package: "m/crash".into(),
                dir: "/m/crash".into(),
                fuzz_test: "FuzzSum".into(),
            },
            fuzz_time: Duration::from_secs(3),
            exit: Exit::Failure(Some(1)),
            output: OUT.into(),
        }
    }

    #[test]
    fn a_kept_crasher_reproduces_in_place() {
        let f = from_fuzz(&outcome(), "crash", &[], Path::new("/m"), true)
            .unwrap()
            .unwrap();
        assert_eq!(f.kind, "panic");
        assert_eq!(
            f.input.as_deref(),
            Some("crash/testdata/fuzz/FuzzSum/771e938e4458e983")
        );
        assert_eq!(
            f.reproduce,
            "go test -run '^FuzzSum$/^771e938e4458e983$' ./crash"
        );
        assert!(f
            .message
            .starts_with("testing.go:1591: panic: checksum collision"));
        assert!(!f.message.contains("goroutine"));
    }

    #[test]
    fn a_moved_crasher_is_copied_back_by_the_command() {
        let d = tempfile::tempdir().unwrap();
        let written = d
            .path()
            .join("crash/testdata/fuzz/FuzzSum/771e938e4458e983");
        std::fs::create_dir_all(written.parent().unwrap()).unwrap();
        std::fs::write(&written, "go test fuzz v1\n").unwrap();
        let f = from_fuzz(&outcome(), "crash", &["x".into()], d.path(), false)
            .unwrap()
            .unwrap();
        assert!(!written.exists());
        let moved = ".heatseed/crashers/crash/FuzzSum/771e938e4458e983";
        assert!(d.path().join(moved).is_file());
        assert_eq!(f.input.as_deref(), Some(moved));
        assert_eq!(
            f.reproduce,
            format!("mkdir -p crash/testdata/fuzz/FuzzSum && cp {moved} crash/testdata/fuzz/FuzzSum/ && go test -tags=x -run '^FuzzSum$/^771e938e4458e983$' ./crash")
        );
    }

    #[test]
    fn a_kept_crasher_that_still_fails_is_found_again_and_not_twice() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("crash");
        std::fs::create_dir_all(dir.join("testdata/fuzz/FuzzSum")).unwrap();
        std::fs::write(dir.join("testdata/fuzz/FuzzSum/abc"), "go test fuzz v1\n").unwrap();
        let mut o = outcome();
        o.job.dir = dir;
        o.output = "failure while testing seed corpus entry: FuzzSum/abc\n--- FAIL: FuzzSum (0.00s)\n    --- FAIL: FuzzSum (0.00s)\n        testing.go:1927: panic: checksum collision\nFAIL\n".into();
        let f = from_fuzz(&o, "crash", &[], d.path(), true)
            .unwrap()
            .unwrap();
        assert_eq!(f.input.as_deref(), Some("crash/testdata/fuzz/FuzzSum/abc"));
        assert_eq!(f.reproduce, "go test -run '^FuzzSum$/^abc$' ./crash");
        let seed = Finding {
            phase: "seeds".into(),
            input: None,
            message: "seed abc left out by the pre-flight check: panic".into(),
            reproduce: String::new(),
            ..f.clone()
        };
        let other = Finding {
            message: "seed abd left out by the pre-flight check: panic".into(),
            ..seed.clone()
        };
        let mut all = vec![seed, other.clone(), f.clone(), other.clone()];
        dedupe(&mut all);
        assert_eq!(all, vec![other, f]);
    }

    #[test]
    fn a_failing_seed_file_is_kept_under_heatseed_with_a_command_and_seed0_is_not() {
        use crate::toolchain::testjson::FailureKind;
        let d = tempfile::tempdir().unwrap();
        let dirs = vec![("example.com/m/crash".to_string(), "crash".into())];
        let tests = std::collections::BTreeSet::from([(
            "example.com/m/crash".to_string(),
            "FuzzCheck".to_string(),
        )]);
        let cx = SeedInputs {
            root: d.path(),
            dirs: &dirs,
            tags: &["slow".to_string()],
            fuzz_tests: &tests,
        };
        let text = "go test fuzz v1\nstring(\"boom\")\n";
        let g = crate::generate::Finding {
            package: "example.com/m/crash".into(),
            fuzz_test: "FuzzCheck".into(),
            seed: "a1b2".into(),
            kind: FailureKind::Panic,
            output: "panic: boom seen\n".into(),
            may_be_harness_artifact: false,
            corpus: Some(text.into()),
        };
        let f = from_generate(&g, &cx).unwrap().unwrap();
        assert_eq!(
            f.input.as_deref(),
            Some(".heatseed/crashers/crash/FuzzCheck/a1b2")
        );
        assert_eq!(
            std::fs::read_to_string(d.path().join(".heatseed/crashers/crash/FuzzCheck/a1b2"))
                .unwrap(),
            text
        );
        assert_eq!(
            f.reproduce,
            "mkdir -p crash/testdata/fuzz/FuzzCheck && cp .heatseed/crashers/crash/FuzzCheck/a1b2 \
             crash/testdata/fuzz/FuzzCheck/ && go test -tags=slow -run '^FuzzCheck$/^a1b2$' ./crash"
        );
        // Its own input does not make it a duplicate of itself.
        let mut all = vec![f.clone()];
        dedupe(&mut all);
        assert_eq!(all, [f]);
        // The harness's zero seed has no file; a fuzz test that was left out cannot run it.
        for g in [
            crate::generate::Finding {
                seed: "seed#0".into(),
                corpus: None,
                ..g.clone()
            },
            crate::generate::Finding {
                fuzz_test: "FuzzGone".into(),
                ..g.clone()
            },
        ] {
            let f = from_generate(&g, &cx).unwrap().unwrap();
            assert_eq!((f.input, f.reproduce.as_str()), (None, ""));
        }
        assert!(!d.path().join(".heatseed/crashers/crash/FuzzGone").exists());
    }

    #[test]
    fn success_is_no_finding_and_kinds_are_read() {
        let mut o = outcome();
        o.exit = Exit::Success;
        assert!(from_fuzz(&o, "", &[], Path::new("/m"), true)
            .unwrap()
            .is_none());
        assert_eq!(
            kind_of("fuzzing process hung or terminated unexpectedly"),
            "hang"
        );
        assert_eq!(kind_of("panic: test timed out after 1s"), "hang");
        assert_eq!(kind_of("    x_test.go:3: bad"), "fail");
    }
}
