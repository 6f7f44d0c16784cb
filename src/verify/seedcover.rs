//! Per-seed coverage with the real toolchain: which blocks one corpus file covers.
//!
//! A [`Measurer`] works on one (scratch) module. For each package it builds the test binary
//! once per run (`go test -c -cover -covermode=count`, plus `-coverpkg=./...` in
//! [`Scope::Module`]), then runs that binary once per candidate seed, in the package directory
//! (the binary reads `testdata/fuzz/<FuzzX>/<name>` relative to its working directory), with
//! `-test.run='^FuzzX$/^<name>$'` so that exactly that corpus entry runs, a fresh
//! `-test.gocoverdir` and `-test.coverprofile`: the binary's own coverage teardown converts its
//! counters into a text profile (what `go tool covdata textfmt` does, without starting the go
//! command: ~15 ms per candidate instead of ~200 ms on the bundled modules). The baseline is the
//! same binary run with `-test.run='^Fuzz'` while the candidate files are hidden: the coverage
//! of the corpus that is already there (the user's corpus files and `f.Add` seeds, the generated
//! harnesses' zero-value seeds). Candidates that fail, panic or hang are reported as such. (Go
//! reads a fuzz test's whole corpus directory before running the selected entry, so a malformed
//! file fails every candidate of its fuzz test; the pre-flight check has removed those.)
//!
//! Every child process goes through `verify::run::run` (timeout, process-group kill).

use super::run::{run, Exit};
use crate::error::{Error, Result};
use crate::heatmap;
use crate::span::CoverRange;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Which blocks a package's test binary reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The package's own blocks only (`-cover`): what plain `go test -coverprofile ./...`
    /// counts, so keeping a seed for a block is judged the way a plain replay judges it.
    OwnPackage,
    /// Every module package the test binary links (`-coverpkg=./...`): also blocks a seed
    /// reaches in other packages of the module.
    Module,
}

#[derive(Clone, Debug)]
pub struct MeasureOptions {
    pub scope: Scope,
    /// Limit for one `go test -c`.
    pub build_timeout: Duration,
    /// Limit for one run of a test binary (one candidate, or one baseline).
    pub run_timeout: Duration,
    /// Candidate files (relative to the scratch root) of the later tier of the greedy cover
    /// ([`super::cover`]): kept only for blocks no other candidate reaches.
    pub late: std::collections::BTreeSet<std::path::PathBuf>,
}

impl Default for MeasureOptions {
    fn default() -> Self {
        MeasureOptions {
            scope: Scope::OwnPackage,
            build_timeout: Duration::from_secs(600),
            run_timeout: Duration::from_secs(20),
            late: Default::default(),
        }
    }
}

/// A block as a test binary's profile names it: file name (`example.com/shop/order/order.go`)
/// and range.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlockKey {
    pub file: String,
    pub range: CoverRange,
}

/// Blocks with a non-zero count, and the statements of each.
pub type Covered = BTreeMap<BlockKey, u32>;

/// A corpus file of the scratch module: `<package_dir>/testdata/fuzz/<fuzz_test>/<name>`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CandidateFile {
    /// Package directory relative to the module root (empty for the root package).
    pub package_dir: PathBuf,
    pub fuzz_test: String,
    pub name: String,
}

impl CandidateFile {
    /// Reads `<dir>/testdata/fuzz/<fuzz>/<name>` (relative to the module root).
    pub fn from_rel(rel: &Path) -> Option<CandidateFile> {
        let name = rel.file_name()?.to_str()?.to_string();
        let fuzz_dir = rel.parent()?;
        let fuzz_test = fuzz_dir.file_name()?.to_str()?.to_string();
        let fuzz_root = fuzz_dir.parent()?;
        let testdata = fuzz_root.parent()?;
        if fuzz_root.file_name()? != "fuzz" || testdata.file_name()? != "testdata" {
            return None;
        }
        Some(CandidateFile {
            package_dir: testdata.parent()?.to_path_buf(),
            fuzz_test,
            name,
        })
    }

    /// Path relative to the module root.
    pub fn rel(&self) -> PathBuf {
        self.package_dir
            .join("testdata")
            .join("fuzz")
            .join(&self.fuzz_test)
            .join(&self.name)
    }
}

/// Why a run gave no coverage.
#[derive(Clone, Debug)]
pub struct RunFailure {
    pub timed_out: bool,
    /// The end of the binary's output (panic message, failing subtest).
    pub output: String,
}

/// One candidate's measurement.
#[derive(Clone, Debug)]
pub struct CandidateRun {
    pub candidate: CandidateFile,
    pub outcome: std::result::Result<Covered, RunFailure>,
    pub elapsed: Duration,
}

/// Builds test binaries once and runs candidates against them, in one module.
pub struct Measurer {
    root: PathBuf,
    opts: MeasureOptions,
    tmp: crate::toolchain::Scratch,
    binaries: BTreeMap<PathBuf, PathBuf>,
    runs: AtomicUsize,
    /// Wall time spent in `go test -c`.
    pub build_time: Duration,
}

impl Measurer {
    pub fn new(module_root: &Path, opts: MeasureOptions) -> Result<Measurer> {
        let tmp = crate::toolchain::scratch_dir("heatseed-seedcover-")?;
        Ok(Measurer {
            root: module_root.to_path_buf(),
            opts,
            tmp,
            binaries: BTreeMap::new(),
            runs: AtomicUsize::new(0),
            build_time: Duration::ZERO,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The coverage-instrumented test binary of the package in `package_dir` (relative to the
    /// root), built on first use.
    pub fn binary(&mut self, package_dir: &Path) -> Result<PathBuf> {
        self.prebuild(&[package_dir.to_path_buf()])?;
        Ok(self.binaries[package_dir].clone())
    }

    /// Builds the test binaries of the packages not built yet, concurrently (one `go test -c`
    /// each; the go command's build cache serialises what they share).
    pub fn prebuild(&mut self, package_dirs: &[PathBuf]) -> Result<()> {
        let todo: Vec<&PathBuf> = package_dirs
            .iter()
            .filter(|d| !self.binaries.contains_key(*d))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let start = std::time::Instant::now();
        let n = self.binaries.len();
        let built: Vec<Result<(PathBuf, PathBuf)>> = todo
            .into_par_iter()
            .enumerate()
            .map(|(i, d)| {
                let bin = self.tmp.path().join(format!("pkg{}.test", n + i));
                self.build(d, &bin).map(|()| (d.clone(), bin))
            })
            .collect();
        self.build_time += start.elapsed();
        let mut first_error = None;
        for b in built {
            match b {
                Ok((d, bin)) => {
                    self.binaries.insert(d, bin);
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// `go test -c -cover -covermode=count [-coverpkg=./...] -o bin ./package_dir`.
    fn build(&self, package_dir: &Path, bin: &Path) -> Result<()> {
        let pkg = if package_dir.as_os_str().is_empty() {
            ".".to_string()
        } else {
            format!("./{}", package_dir.display())
        };
        let mut args: Vec<String> = ["test", "-c", "-cover", "-covermode=count"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if self.opts.scope == Scope::Module {
            args.push("-coverpkg=./...".into());
        }
        args.extend(["-o".into(), bin.display().to_string(), pkg.clone()]);
        let r = run("go", &args, &self.root, self.opts.build_timeout)?;
        if r.exit != Exit::Success || !bin.is_file() {
            return Err(Error::Toolchain(format!(
                "go test -c -cover {pkg} in {} ({:?}):\n{}",
                self.root.display(),
                r.exit,
                tail(&r.text())
            )));
        }
        Ok(())
    }

    /// Coverage of the package's fuzz tests (`-test.run='^Fuzz'`) with the files `absent`
    /// hidden, and the fuzz tests left out of it. When that run fails, each fuzz test runs alone
    /// and the coverage is that of those that pass: a fuzz test of the user's that fails on its
    /// own corpus (image/png's `FuzzDecode` reads `../testdata`, which a copy of the package
    /// lacks) measures nothing, and the others' seeds are still measured. An error when none
    /// passes alone.
    pub fn baseline(
        &mut self,
        package_dir: &Path,
        absent: &[CandidateFile],
    ) -> Result<(Covered, Vec<String>)> {
        let bin = self.binary(package_dir)?;
        let hidden = Hidden::hide(&self.root, absent)?;
        let r = self.run_binary(&bin, package_dir, "^Fuzz", None);
        hidden.restore()?;
        let f = match r? {
            Ok(c) => return Ok((c, Vec::new())),
            Err(f) => f,
        };
        let all = self.fuzz_tests(&bin, package_dir)?;
        let alone = self.fuzz_test_baselines(package_dir, &all, absent)?;
        if alone.is_empty() {
            return Err(Error::Toolchain(format!(
                "the fuzz tests of ./{} fail on the corpus already there{}:\n{}",
                package_dir.display(),
                if f.timed_out { " (timeout)" } else { "" },
                f.output
            )));
        }
        let failing: Vec<String> = all.into_iter().filter(|t| !alone.contains_key(t)).collect();
        Ok((alone.into_values().flatten().collect(), failing))
    }

    /// The fuzz tests of a built test binary (`-test.list='^Fuzz'`), in its order.
    fn fuzz_tests(&self, bin: &Path, package_dir: &Path) -> Result<Vec<String>> {
        let cwd = self.root.join(package_dir);
        let r = run(
            &bin.display().to_string(),
            &["-test.list=^Fuzz".to_string()],
            &cwd,
            self.opts.run_timeout,
        )?;
        if r.exit != Exit::Success {
            return Err(Error::Toolchain(format!(
                "{} -test.list: {:?}\n{}",
                bin.display(),
                r.exit,
                tail(&r.text())
            )));
        }
        Ok(String::from_utf8_lossy(&r.stdout)
            .lines()
            .filter(|l| l.starts_with("Fuzz"))
            .map(str::to_string)
            .collect())
    }

    /// Coverage of each fuzz test in `fuzz_tests` alone (`-test.run='^FuzzX$'`: its `f.Add`
    /// seeds and its corpus directory) with the files `absent` hidden: the corpus `go test
    /// -fuzz='^FuzzX$'` starts from. A fuzz test whose run fails is left out of the map.
    pub fn fuzz_test_baselines(
        &mut self,
        package_dir: &Path,
        fuzz_tests: &[String],
        absent: &[CandidateFile],
    ) -> Result<BTreeMap<String, Covered>> {
        let bin = self.binary(package_dir)?;
        let hidden = Hidden::hide(&self.root, absent)?;
        let this = &*self;
        let runs: Vec<Result<(String, Option<Covered>)>> = fuzz_tests
            .par_iter()
            .map(|t| {
                let pattern = format!("^{}$", regex_quote(t));
                let r = this.run_binary(&bin, package_dir, &pattern, Some(t))?;
                Ok((t.clone(), r.ok()))
            })
            .collect();
        hidden.restore()?;
        let mut out = BTreeMap::new();
        for r in runs {
            if let (t, Some(c)) = r? {
                out.insert(t, c);
            }
        }
        Ok(out)
    }

    /// Whether the test binary of the package in `package_dir` has been built.
    pub fn is_built(&self, package_dir: &Path) -> bool {
        self.binaries.contains_key(package_dir)
    }

    /// Runs the already built binary of the package in `package_dir` once with
    /// `-test.run=<pattern>`; `None` when it was not built ([`Measurer::prebuild`]).
    pub fn run_built(
        &self,
        package_dir: &Path,
        pattern: &str,
    ) -> Option<Result<std::result::Result<Covered, RunFailure>>> {
        let bin = self.binaries.get(package_dir)?;
        Some(self.run_binary(bin, package_dir, pattern, None))
    }

    /// Writes each file into the module, runs each alone (at most `limit` each, or the
    /// configured limit when lower), and removes them again: candidates that exist only as
    /// bytes (refinement and trimming variants).
    pub fn measure_bytes(
        &mut self,
        files: &[(CandidateFile, Vec<u8>)],
        limit: Duration,
    ) -> Result<Vec<CandidateRun>> {
        for (c, bytes) in files {
            let p = self.root.join(c.rel());
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
            }
            std::fs::write(&p, bytes).map_err(|e| Error::io(&p, e))?;
        }
        let cands: Vec<CandidateFile> = files.iter().map(|(c, _)| c.clone()).collect();
        let before = self.opts.run_timeout;
        self.opts.run_timeout = before.min(limit);
        let runs = self.measure(&cands);
        self.opts.run_timeout = before;
        for (c, _) in files {
            let p = self.root.join(c.rel());
            std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
        }
        runs
    }

    /// Runs each candidate alone against its package's binary (built first where needed).
    pub fn measure(&mut self, cands: &[CandidateFile]) -> Result<Vec<CandidateRun>> {
        let dirs: BTreeSet<&PathBuf> = cands.iter().map(|c| &c.package_dir).collect();
        let mut bins = BTreeMap::new();
        for d in dirs {
            bins.insert(d.clone(), self.binary(d)?);
        }
        let this = &*self;
        cands
            .par_iter()
            .map(|c| {
                let pattern = format!("^{}$/^{}$", regex_quote(&c.fuzz_test), regex_quote(&c.name));
                let start = std::time::Instant::now();
                let expect = format!("{}/{}", c.fuzz_test, c.name);
                let outcome = this.run_binary(
                    &bins[&c.package_dir],
                    &c.package_dir,
                    &pattern,
                    Some(&expect),
                )?;
                Ok(CandidateRun {
                    candidate: c.clone(),
                    outcome,
                    elapsed: start.elapsed(),
                })
            })
            .collect()
    }

    /// One run of a test binary; `expect` is a subtest that must have run.
    fn run_binary(
        &self,
        bin: &Path,
        package_dir: &Path,
        pattern: &str,
        expect: Option<&str>,
    ) -> Result<std::result::Result<Covered, RunFailure>> {
        let n = self.runs.fetch_add(1, Ordering::Relaxed);
        let dir = self.tmp.path().join(format!("run{n}"));
        let covdir = dir.join("covdata");
        std::fs::create_dir_all(&covdir).map_err(|e| Error::io(&covdir, e))?;
        let prof = dir.join("cover.out");
        let args = [
            format!("-test.run={pattern}"),
            "-test.v".into(),
            format!(
                "-test.timeout={}s",
                self.opts.run_timeout.as_secs().max(1) + 5
            ),
            format!("-test.gocoverdir={}", covdir.display()),
            format!("-test.coverprofile={}", prof.display()),
        ];
        let cwd = self.root.join(package_dir);
        let r = run(
            &bin.display().to_string(),
            &args,
            &cwd,
            self.opts.run_timeout,
        )?;
        let text = r.text();
        let failure = |timed_out: bool, why: &str| RunFailure {
            timed_out,
            output: format!("{why}\n{}", failure_excerpt(&text)),
        };
        let out = match r.exit {
            Exit::Timeout => Err(failure(true, "timed out")),
            Exit::Failure(code) => Err(failure(false, &format!("exit status {code:?}"))),
            Exit::Success if expect.is_some_and(|e| !text.contains(e)) => Err(failure(
                false,
                &format!("{} did not run", expect.unwrap_or_default()),
            )),
            Exit::Success => Ok(read_covered(&prof)?),
        };
        let _ = std::fs::remove_dir_all(&dir);
        Ok(out)
    }
}

/// Covered blocks of a text profile.
fn read_covered(prof: &Path) -> Result<Covered> {
    let bytes = std::fs::read(prof).map_err(|e| Error::io(prof, e))?;
    let merged = heatmap::merge_profiles(vec![heatmap::parse_profile(prof, &bytes)?])?;
    let mut out = Covered::new();
    for (file, blocks) in merged.files {
        for b in blocks.into_iter().filter(|b| b.count > 0) {
            out.insert(
                BlockKey {
                    file: file.clone(),
                    range: b.range,
                },
                b.num_stmt,
            );
        }
    }
    Ok(out)
}

/// Candidate files moved out of the module (their bytes kept) until [`Hidden::restore`].
pub(crate) struct Hidden<'a> {
    root: &'a Path,
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl<'a> Hidden<'a> {
    pub(crate) fn hide(root: &'a Path, cands: &[CandidateFile]) -> Result<Hidden<'a>> {
        let mut h = Hidden {
            root,
            files: Vec::new(),
        };
        for c in cands {
            let p = root.join(c.rel());
            if let Ok(bytes) = std::fs::read(&p) {
                std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
                h.files.push((c.rel(), bytes));
            }
        }
        Ok(h)
    }

    pub(crate) fn restore(mut self) -> Result<()> {
        self.put_back()
    }

    fn put_back(&mut self) -> Result<()> {
        for (rel, bytes) in std::mem::take(&mut self.files) {
            let p = self.root.join(rel);
            std::fs::write(&p, bytes).map_err(|e| Error::io(&p, e))?;
        }
        Ok(())
    }
}

impl Drop for Hidden<'_> {
    fn drop(&mut self) {
        let _ = self.put_back();
    }
}

/// `s` as a literal in a Go regular expression.
fn regex_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if r"\.+*?()|[]{}^$".contains(ch) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// The last lines of a process's output, for messages.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// The part of a failed test binary's output that says why: from its first `--- FAIL` or
/// `panic:` line on, bounded (a panic's goroutine dump would push the panic line out of a
/// plain tail, and callers tell a panic from a failure by that line); the tail when neither
/// is there.
pub(crate) fn failure_excerpt(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    match lines
        .iter()
        .position(|l| l.starts_with("panic:") || l.trim_start().starts_with("--- FAIL"))
    {
        Some(i) => lines[i..lines.len().min(i + 40)].join("\n"),
        None => tail(text),
    }
}

/// Package directories (relative to `root`) with a `func Fuzz` in a `_test.go` file: the
/// packages whose corpus is the baseline in [`Scope::Module`].
pub fn fuzz_packages(root: &Path) -> Vec<PathBuf> {
    let mut out = BTreeSet::new();
    let walk = walkdir::WalkDir::new(root).into_iter().filter_entry(|e| {
        e.depth() == 0 || {
            let n = e.file_name().to_string_lossy();
            !(n.starts_with('.') || n.starts_with('_') || n == "testdata" || n == "vendor")
        }
    });
    for e in walk.filter_map(|e| e.ok()) {
        let p = e.path();
        let is_test = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with("_test.go"));
        if is_test
            && e.file_type().is_file()
            && std::fs::read_to_string(p).is_ok_and(|s| s.contains("\nfunc Fuzz"))
        {
            if let Some(dir) = p.parent().and_then(|d| d.strip_prefix(root).ok()) {
                out.insert(dir.to_path_buf());
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_stays_in_the_failure_text_behind_a_long_goroutine_dump() {
        let mut text = String::from("=== RUN   FuzzA\n=== RUN   FuzzA/x\n--- FAIL: FuzzA (0.00s)\n    --- FAIL: FuzzA/x (0.00s)\npanic: runtime error: nil map\n\ngoroutine 7 [running]:\n");
        for i in 0..60 {
            text.push_str(&format!("frame{i}()\n\t/x.go:{i} +0x1\n"));
        }
        let e = failure_excerpt(&text);
        assert!(e.starts_with("--- FAIL: FuzzA (0.00s)"), "{e}");
        assert!(e.contains("panic: runtime error: nil map"), "{e}");
        assert_eq!(e.lines().count(), 40);
        // Nothing that says why: the tail.
        assert_eq!(failure_excerpt("a\nb\n"), "a\nb");
    }

    #[test]
    fn candidate_paths_round_trip() {
        let rel = Path::new("order/testdata/fuzz/FuzzX/0123abcd");
        let c = CandidateFile::from_rel(rel).unwrap();
        assert_eq!(c.package_dir, Path::new("order"));
        assert_eq!(c.fuzz_test, "FuzzX");
        assert_eq!(c.rel(), rel);
        let root = CandidateFile::from_rel(Path::new("testdata/fuzz/FuzzY/ab")).unwrap();
        assert_eq!(root.package_dir, Path::new(""));
        assert!(CandidateFile::from_rel(Path::new("order/fuzz/FuzzX/ab")).is_none());
        assert!(CandidateFile::from_rel(Path::new("x/testdata/corpus/FuzzX/ab")).is_none());
    }

    #[test]
    fn regex_quote_escapes_metacharacters() {
        assert_eq!(regex_quote("seed#0"), "seed#0");
        assert_eq!(regex_quote("a.b(c)[d]$"), r"a\.b\(c\)\[d\]\$");
    }
}
