//! Packages whose own tests read every file under `testdata/`: a test that walks or lists
//! `testdata` (golden files, conformance data) sees heatseed's corpus files under
//! `testdata/fuzz/` too, and may fail on them, which a `go test -run '^Fuzz'` replay never
//! shows. After a clean replay, the pre-flight check runs the whole `go test` of each package
//! whose `_test.go` files list `testdata` (by the source: a `"testdata"` literal and a
//! directory walk, listing or glob) in the scratch copy; when it fails with the package's seed
//! files and passes without them, those files are left out of the run.

use super::ManifestEntry;
use crate::error::Result;
use crate::toolchain::GoCommand;
use crate::verify::seedcover::{failure_excerpt, CandidateFile, Hidden};
use std::path::Path;
use std::time::Duration;

/// Calls that list a directory's entries.
const LISTING: &[&str] = &[
    "filepath.Walk(",
    "filepath.WalkDir(",
    "fs.WalkDir(",
    "os.ReadDir(",
    "ioutil.ReadDir(",
    "filepath.Glob(",
    "fs.Glob(",
    "os.DirFS(",
    ".Readdir(",
    ".Readdirnames(",
];

/// Limit for one package's whole `go test`.
const TEST_TIMEOUT: Duration = Duration::from_secs(120);

/// Whether a `_test.go` file of the package in `dir` (heatseed's own harness file aside)
/// names `testdata` and lists a directory.
pub(super) fn lists_testdata(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.filter_map(|e| e.ok()).any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with("_test.go") || name == crate::plan::GENERATED_TEST_FILE {
            return false;
        }
        std::fs::read_to_string(e.path()).is_ok_and(|text| {
            text.contains("\"testdata") && LISTING.iter().any(|call| text.contains(call))
        })
    })
}

/// What the whole `go test` of one package said about heatseed's seed files.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Passes with them (or no seed file there).
    Passes,
    /// Fails with them and passes without: the failure's output, bounded.
    BrokenBySeeds(String),
    /// Fails either way: the module's own failure.
    FailsAnyway,
}

/// Runs the whole `go test` of the package in `package_dir` (relative to `scratch_root`)
/// with the seed files `seeds` (manifest entries, relative to `scratch_root`), and when it
/// fails, once more with them hidden.
pub(super) fn judge(
    scratch_root: &Path,
    package_dir: &Path,
    seeds: &[&ManifestEntry],
) -> Result<Verdict> {
    let files: Vec<CandidateFile> = seeds
        .iter()
        .filter(|m| scratch_root.join(&m.file).is_file())
        .filter_map(|m| CandidateFile::from_rel(&m.file))
        .collect();
    if files.is_empty() {
        return Ok(Verdict::Passes);
    }
    let dir = scratch_root.join(package_dir);
    let (ok, output) = whole_test(&dir)?;
    if ok {
        return Ok(Verdict::Passes);
    }
    let hidden = Hidden::hide(scratch_root, &files)?;
    let without = whole_test(&dir);
    hidden.restore()?;
    Ok(if without?.0 {
        Verdict::BrokenBySeeds(output)
    } else {
        Verdict::FailsAnyway
    })
}

/// `go test -count=1 -timeout=<TEST_TIMEOUT> .` in `dir`: whether it passed, and its output
/// from the first failure on ([`failure_excerpt`]: the top-level `--- FAIL: TestX` line comes
/// before its subtests' lines, which a plain tail may not reach).
fn whole_test(dir: &Path) -> Result<(bool, String)> {
    let out = GoCommand::new("test")
        .args([
            "-count=1".to_string(),
            format!("-timeout={}s", TEST_TIMEOUT.as_secs()),
            ".".to_string(),
        ])
        .dir(dir)
        .limit(TEST_TIMEOUT + Duration::from_secs(300))
        .run()?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok((out.success(), failure_excerpt(&text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tests_that_list_testdata_count() {
        let d = tempfile::tempdir().unwrap();
        let w = |name: &str, text: &str| std::fs::write(d.path().join(name), text).unwrap();
        w(
            "a_test.go",
            "package p\nfunc TestA(t *testing.T) { os.ReadFile(\"testdata/x\") }\n",
        );
        assert!(!lists_testdata(d.path()), "reads one named file only");
        w(
            crate::plan::GENERATED_TEST_FILE,
            "package p\n// filepath.Walk(\"testdata\"\n",
        );
        assert!(
            !lists_testdata(d.path()),
            "heatseed's own file does not count"
        );
        w(
            "walk.go",
            "package p\nvar _ = filepath.Walk(\"testdata\", nil)\n",
        );
        assert!(!lists_testdata(d.path()), "not a test file");
        w(
            "b_test.go",
            "package p\nfunc TestB(t *testing.T) { filepath.Walk(\"testdata\", visit) }\n",
        );
        assert!(lists_testdata(d.path()));
    }
}
