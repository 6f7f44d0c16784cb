//! Where a run's summary goes: the state directory (`.heatseed/state/runs/<timestamp>.json`,
//! one file per run, read back for the trend), the one-screen text summary, and the report
//! file. Every file is written atomically (a temp file in the same directory, then a rename,
//! under [`crate::toolchain::critical`] so Ctrl-C cannot cut it in half).

use super::summary::{RunSummary, TrendPoint};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The runs directory under the module root.
pub const RUNS_DIR: &str = ".heatseed/state/runs";

/// The earlier runs' totals, oldest first (files that do not read as a run are skipped).
pub fn earlier_runs(root: &Path) -> Vec<TrendPoint> {
    let Ok(rd) = std::fs::read_dir(root.join(RUNS_DIR)) else {
        return Vec::new();
    };
    let files: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    // By start time, then `<stamp>.json` before `<stamp>-1.json` (shorter name first).
    let mut runs: Vec<(String, usize, PathBuf, TrendPoint)> = files
        .into_iter()
        .filter_map(|p| {
            let s = serde_json::from_slice::<RunSummary>(&std::fs::read(&p).ok()?).ok()?;
            let len = p.as_os_str().len();
            Some((
                s.started.clone(),
                len,
                p,
                TrendPoint {
                    started: s.started,
                    totals: s.totals,
                },
            ))
        })
        .collect();
    runs.sort_by(|a, b| (&a.0, a.1, &a.2).cmp(&(&b.0, b.1, &b.2)));
    runs.into_iter().map(|r| r.3).collect()
}

/// The failing inputs (relative to the root) that earlier runs' findings name and that are
/// still in a `testdata/fuzz` folder: replays leave them out (a crash would stop the package's
/// measurement).
pub fn earlier_crashers(root: &Path) -> Vec<String> {
    let Ok(rd) = std::fs::read_dir(root.join(RUNS_DIR)) else {
        return Vec::new();
    };
    let mut out: Vec<String> = rd
        .flatten()
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter_map(|b| serde_json::from_slice::<RunSummary>(&b).ok())
        .flat_map(|s| s.findings.into_iter().filter_map(|f| f.input))
        .filter(|i| i.contains("/testdata/fuzz/") || i.starts_with("testdata/fuzz/"))
        .filter(|i| root.join(i).is_file())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A file name for the run's start time: `2026-12-01T01-00-00Z` (no `:`).
pub fn stamp(started: &str) -> String {
    started.replace(':', "-")
}

/// Writes the summary as `<RUNS_DIR>/<stamp>.json` (a `-N` suffix when that name is taken);
/// returns the path relative to the root.
pub fn write_state(root: &Path, s: &RunSummary) -> Result<PathBuf> {
    let dir = root.join(RUNS_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::write_io(&dir, e))?;
    let bytes = serde_json::to_vec_pretty(s).expect("summary serializes");
    let base = stamp(&s.started);
    for n in 0..1000 {
        let name = if n == 0 {
            format!("{base}.json")
        } else {
            format!("{base}-{n}.json")
        };
        let path = dir.join(&name);
        if path.exists() {
            continue;
        }
        write_atomic(&path, &bytes, false)?;
        return Ok(Path::new(RUNS_DIR).join(name));
    }
    Err(Error::write_io(
        &dir,
        std::io::Error::other("too many runs with the same start time"),
    ))
}

/// Writes `bytes` to `path` through a temp file in the same directory. `replace`: an existing
/// file is replaced; otherwise it is an error.
pub fn write_atomic(path: &Path, bytes: &[u8], replace: bool) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::write_io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".heatseed-tmp-")
        .tempfile_in(dir)
        .map_err(|e| Error::write_io(dir, e))?;
    std::io::Write::write_all(&mut tmp, bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::write_io(path, e))?;
    let _hold = crate::toolchain::critical();
    if replace {
        tmp.persist(path)
            .map_err(|e| Error::write_io(path, e.error))?;
    } else {
        tmp.persist_noclobber(path)
            .map_err(|e| Error::write_io(path, e.error))?;
    }
    Ok(())
}

/// The report path: relative paths are taken from the module root.
pub fn report_path(root: &Path, given: &Path) -> PathBuf {
    if given.is_absolute() {
        given.to_path_buf()
    } else {
        root.join(given)
    }
}

/// Renders and writes the report (replacing an earlier one).
pub fn write_report(path: &Path, s: &RunSummary, render: fn(&RunSummary) -> String) -> Result<()> {
    if path.is_dir() {
        return Err(Error::Write {
            path: path.to_path_buf(),
            message: "--report is a directory".into(),
        });
    }
    write_atomic(path, render(s).as_bytes(), true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::summary::*;

    fn summary(started: &str, cold: u64) -> RunSummary {
        RunSummary {
            schema: SCHEMA.into(),
            module: "m".into(),
            started: started.into(),
            sources: vec![],
            totals: Totals {
                statements: 10,
                cold_before: cold,
                cold_after_seeds: cold,
                cold_after_fuzz: cold,
                findings: 0,
            },
            packages: vec![],
            targets: vec![],
            findings: vec![],
            trend: vec![],
            notes: vec![],
            fuzz_runs: vec![],
        }
    }

    #[test]
    fn runs_are_kept_and_read_back_oldest_first() {
        let d = tempfile::tempdir().unwrap();
        let a = write_state(d.path(), &summary("2026-12-01T02:00:00Z", 5)).unwrap();
        write_state(d.path(), &summary("2026-12-01T01:00:00Z", 7)).unwrap();
        let again = write_state(d.path(), &summary("2026-12-01T02:00:00Z", 4)).unwrap();
        assert_eq!(a, Path::new(RUNS_DIR).join("2026-12-01T02-00-00Z.json"));
        assert_eq!(
            again,
            Path::new(RUNS_DIR).join("2026-12-01T02-00-00Z-1.json")
        );
        std::fs::write(d.path().join(RUNS_DIR).join("junk.json"), "{").unwrap();
        let t = earlier_runs(d.path());
        let colds: Vec<u64> = t.iter().map(|p| p.totals.cold_before).collect();
        assert_eq!(colds, [7, 5, 4]);
    }

    #[test]
    fn the_report_replaces_an_earlier_one_and_refuses_a_directory() {
        let d = tempfile::tempdir().unwrap();
        let p = report_path(d.path(), Path::new(".heatseed/report.html"));
        assert_eq!(p, d.path().join(".heatseed/report.html"));
        let render: fn(&RunSummary) -> String = |s| format!("<p>{}</p>", s.totals.cold_before);
        write_report(&p, &summary("t", 3), render).unwrap();
        write_report(&p, &summary("t", 2), render).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "<p>2</p>");
        assert!(write_report(d.path(), &summary("t", 1), render).is_err());
        let left: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temp file left behind");
    }
}
