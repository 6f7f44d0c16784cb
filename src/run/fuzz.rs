//! The fuzzing phase: `go test -run '^$' -fuzz '^FuzzX$' -fuzztime D .` per target, one target
//! per invocation (anchored), a package's targets one after another, `-j` packages in parallel,
//! all within the total budget; then the fuzzer's new corpus entries (Go keeps them in
//! `$(go env GOCACHE)/fuzz/<import path>/<FuzzX>/`) are copied into a scratch copy's
//! `testdata/fuzz` by [`stage_cache_corpus`] so that a plain replay measures what fuzzing
//! reached.
//!
//! Every `go` runs through [`crate::toolchain::GoCommand`]: its hard limit is the fuzz time
//! plus [`crate::toolchain::BUILD_ALLOWANCE`] (compiling the instrumented test binary); Go's
//! own `-timeout` is off for fuzzing (`-fuzztime` bounds it). On Ctrl-C the toolchain kills
//! every running group.

use crate::error::{Error, Result};
use crate::toolchain::{self, Exit, GoCommand};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// A fuzz test to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuzzJob {
    /// Import path.
    pub package: String,
    /// The package directory, absolute.
    pub dir: PathBuf,
    /// `FuzzX`.
    pub fuzz_test: String,
}

/// How one fuzzing invocation ended.
#[derive(Debug)]
pub struct FuzzOutcome {
    pub job: FuzzJob,
    /// The `-fuzztime` it was given.
    pub fuzz_time: Duration,
    pub exit: Exit,
    /// stdout then stderr.
    pub output: String,
}

/// Limits of the phase.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// `-fuzztime` of one target.
    pub per_target: Duration,
    /// Total `-fuzztime` of the phase, shared by all invocations (building the fuzz binaries
    /// does not count).
    pub budget: Duration,
    /// Packages fuzzed in parallel.
    pub jobs: usize,
    /// `-parallel` of each invocation (fuzzing workers).
    pub workers: usize,
}

/// A target is not started with less than this left of the budget.
const MIN_FUZZ_TIME: Duration = Duration::from_secs(1);

/// Runs the jobs (already in rank order); `progress` is told when each starts and ends. Each
/// takes its `-fuzztime` (`per_target`, or what is left) from the budget when it starts; jobs
/// the budget leaves no time for are not run (they are absent from the result).
pub fn run_jobs(
    jobs: &[FuzzJob],
    limits: Limits,
    progress: &(dyn Fn(Event<'_>) + Sync),
) -> Vec<FuzzOutcome> {
    // One queue entry per package, in the order its best target ranks.
    let mut queue: VecDeque<Vec<FuzzJob>> = VecDeque::new();
    for j in jobs {
        match queue.iter_mut().find(|q| q[0].package == j.package) {
            Some(q) => q.push(j.clone()),
            None => queue.push_back(vec![j.clone()]),
        }
    }
    let queue = Mutex::new(queue);
    let results = Mutex::new(Vec::new());
    let left = Mutex::new(limits.budget);
    std::thread::scope(|s| {
        for _ in 0..limits.jobs.max(1) {
            s.spawn(|| loop {
                let Some(pkg) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front() else {
                    break;
                };
                for job in pkg {
                    let Some(t) = take(&left, limits.per_target) else {
                        progress(Event::Skipped(&job));
                        continue;
                    };
                    progress(Event::Start(&job, t));
                    let out = fuzz_one(&job, t, limits.workers);
                    progress(Event::Done(&job, &out));
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((job.clone(), t, out));
                }
            });
        }
    });
    let mut done: Vec<FuzzOutcome> = results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|(job, fuzz_time, out)| match out {
            Ok(o) => FuzzOutcome {
                job,
                fuzz_time,
                exit: o.exit,
                output: o.text(),
            },
            Err(e) => FuzzOutcome {
                job,
                fuzz_time,
                exit: Exit::Failure(None),
                output: e.to_string(),
            },
        })
        .collect();
    // Deterministic order whatever the scheduling: the jobs' order.
    done.sort_by_key(|o| jobs.iter().position(|j| *j == o.job));
    done
}

/// Takes up to `per` from the budget left; `None` when less than [`MIN_FUZZ_TIME`] is left.
fn take(left: &Mutex<Duration>, per: Duration) -> Option<Duration> {
    let mut l = left.lock().unwrap_or_else(|e| e.into_inner());
    if *l < MIN_FUZZ_TIME {
        return None;
    }
    let t = per.min(*l);
    *l -= t;
    Some(t)
}

/// What the phase reports as it goes.
pub enum Event<'a> {
    Start(&'a FuzzJob, Duration),
    Done(&'a FuzzJob, &'a Result<toolchain::Output>),
    Skipped(&'a FuzzJob),
}

/// The `go test` arguments of one fuzzing invocation (after `go test [-tags]`).
/// `-fuzzminimizetime` is [`minimize_time`] of the invocation's time.
pub fn fuzz_args(fuzz_test: &str, t: Duration, workers: usize) -> Vec<String> {
    vec![
        "-run".into(),
        "^$".into(),
        "-fuzz".into(),
        format!("^{fuzz_test}$"),
        format!("-fuzztime={}ms", t.as_millis().max(1)),
        format!("-fuzzminimizetime={}ms", minimize_time(t).as_millis()),
        format!("-parallel={}", workers.max(1)),
        "-timeout=0".into(),
        ".".into(),
    ]
}

/// How long Go may minimize one new input (or crasher) found while fuzzing for `t`: a tenth
/// of it, within 1 to 10 s. Go's default is 60 s per input, and with `-parallel 1` its worker
/// fuzzes nothing meanwhile: Masterminds/semver's `FuzzNewConstraint` for 30 s made 878 and
/// 8,731 executions by default, 121,605 and 119,280 with 3 s (83 and 88 new interesting
/// inputs against 10 and 34; two runs side by side, 2026-12-01).
pub fn minimize_time(t: Duration) -> Duration {
    (t / 10).clamp(Duration::from_secs(1), Duration::from_secs(10))
}

fn fuzz_one(job: &FuzzJob, t: Duration, workers: usize) -> Result<toolchain::Output> {
    GoCommand::new("test")
        .args(fuzz_args(&job.fuzz_test, t, workers))
        .dir(&job.dir)
        .limit(t + toolchain::BUILD_ALLOWANCE)
        .private_tmpdir()
        .run()
}

/// Copies the fuzz cache's corpus entries of `packages` (import path, directory relative to
/// the module root) into `copy`'s `testdata/fuzz/<FuzzX>/` (names Go gave them; existing
/// files are kept). Returns how many were copied.
pub fn stage_cache_corpus(
    cache: &Path,
    packages: &[(String, PathBuf)],
    copy: &Path,
) -> Result<usize> {
    let mut n = 0;
    for (ip, rel) in packages {
        let base = cache.join(ip);
        let Ok(tests) = std::fs::read_dir(&base) else {
            continue;
        };
        for t in tests.flatten() {
            let name = t.file_name();
            if !t.path().is_dir() || !name.to_string_lossy().starts_with("Fuzz") {
                continue;
            }
            let dst_dir = copy.join(rel).join("testdata").join("fuzz").join(&name);
            let Ok(entries) = std::fs::read_dir(t.path()) else {
                continue;
            };
            for e in entries.flatten().filter(|e| e.path().is_file()) {
                let dst = dst_dir.join(e.file_name());
                if dst.exists() {
                    continue;
                }
                std::fs::create_dir_all(&dst_dir).map_err(|err| Error::write_io(&dst_dir, err))?;
                std::fs::copy(e.path(), &dst).map_err(|err| Error::write_io(&dst, err))?;
                n += 1;
            }
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_anchored_target_per_invocation() {
        let a = fuzz_args("FuzzParse", Duration::from_secs(3), 2);
        assert_eq!(
            a,
            [
                "-run",
                "^$",
                "-fuzz",
                "^FuzzParse$",
                "-fuzztime=3000ms",
                "-fuzzminimizetime=1000ms",
                "-parallel=2",
                "-timeout=0",
                "."
            ]
        );
    }

    #[test]
    fn minimization_gets_a_tenth_of_the_fuzz_time_within_one_to_ten_seconds() {
        let m = |s: u64| minimize_time(Duration::from_secs(s)).as_millis();
        assert_eq!((m(3), m(30), m(60), m(600)), (1000, 3000, 6000, 10000));
        assert!(fuzz_args("FuzzX", Duration::from_secs(30), 1)
            .contains(&"-fuzzminimizetime=3000ms".to_string()));
    }

    #[test]
    fn cache_entries_land_in_testdata_and_existing_files_stay() {
        let d = tempfile::tempdir().unwrap();
        let cache = d.path().join("cache");
        let entry = cache.join("m/p/FuzzA");
        std::fs::create_dir_all(&entry).unwrap();
        std::fs::write(entry.join("aa"), "go test fuzz v1\nint(1)\n").unwrap();
        std::fs::write(entry.join("bb"), "go test fuzz v1\nint(2)\n").unwrap();
        let copy = d.path().join("copy");
        let kept = copy.join("p/testdata/fuzz/FuzzA/bb");
        std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
        std::fs::write(&kept, "mine").unwrap();
        let n = stage_cache_corpus(&cache, &[("m/p".into(), "p".into())], &copy).unwrap();
        assert_eq!(n, 1);
        assert_eq!(
            std::fs::read_to_string(copy.join("p/testdata/fuzz/FuzzA/aa")).unwrap(),
            "go test fuzz v1\nint(1)\n"
        );
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "mine");
    }

    #[test]
    fn the_budget_is_shared_fuzz_time() {
        let left = Mutex::new(Duration::from_millis(7500));
        let per = Duration::from_secs(3);
        assert_eq!(take(&left, per), Some(per));
        assert_eq!(take(&left, per), Some(per));
        assert_eq!(take(&left, per), Some(Duration::from_millis(1500)));
        assert_eq!(take(&left, per), None);
        let little = Mutex::new(Duration::from_millis(900));
        assert_eq!(take(&little, per), None);
    }

    #[test]
    fn no_budget_runs_nothing() {
        let jobs = [FuzzJob {
            package: "m/p".into(),
            dir: PathBuf::from("/nonexistent"),
            fuzz_test: "FuzzA".into(),
        }];
        let skipped = std::sync::atomic::AtomicUsize::new(0);
        let out = run_jobs(
            &jobs,
            Limits {
                per_target: Duration::from_secs(3),
                budget: Duration::ZERO,
                jobs: 2,
                workers: 1,
            },
            &|e| {
                if matches!(e, Event::Skipped(_)) {
                    skipped.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            },
        );
        assert!(out.is_empty());
        assert_eq!(skipped.into_inner(), 1);
    }
}
