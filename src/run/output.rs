//! Where a run's summary goes: the state directory (`.heatseed/state/runs/<timestamp>.json`,
//! one file per run, read back for the trend), the one-screen text summary, and the report
//! file. Every file is written atomically (a temp file in the same directory, then a rename,
//! under [`crate::toolchain::critical`] so Ctrl-C cannot cut it in half).

use super::summary::{RunSummary, TrendPoint};
use crate::error::{Error, Result};
use std::fmt::Write as _;
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

/// The one-screen text summary.
pub fn text(s: &RunSummary, notes: &[String], files: &[String]) -> String {
    let mut o = String::new();
    let t = &s.totals;
    let _ = writeln!(o, "heatseed run: {} ({})", s.module, s.started);
    let src: Vec<String> = s
        .sources
        .iter()
        .map(|h| format!("{} {}", h.kind, h.path))
        .collect();
    let _ = writeln!(o, "heat: {}", src.join(", "));
    let _ = writeln!(
        o,
        "cold statements: {} of {} before, {} after seeds, {} after fuzzing",
        t.cold_before, t.statements, t.cold_after_seeds, t.cold_after_fuzz
    );
    if !s.targets.is_empty() {
        let _ = writeln!(
            o,
            "\n #  target                         cold  seeds fuzz  fuzz test"
        );
    }
    for tr in s.targets.iter().take(12) {
        let cold: u32 = tr.cold_blocks.iter().map(|b| b.statements).sum();
        let by = |f: fn(&super::summary::ColdBlockReport) -> bool| -> u32 {
            tr.cold_blocks
                .iter()
                .filter(|b| f(b))
                .map(|b| b.statements)
                .sum()
        };
        let name = format!(
            "{}.{}",
            crate::targets::rank::last_elem(&tr.package),
            tr.function
        );
        let _ = writeln!(
            o,
            "{:>2}  {:<30} {:>4} {:>6} {:>4}  {}",
            tr.rank,
            name,
            cold,
            by(|b| b.flipped_by_seeds),
            by(|b| b.flipped_by_fuzzing),
            tr.fuzz_test.as_deref().unwrap_or("-")
        );
    }
    let _ = writeln!(o, "\nfindings: {}", s.findings.len());
    for f in s.findings.iter().take(8) {
        let head = f.message.lines().next().unwrap_or_default();
        let _ = writeln!(
            o,
            "  {} ({}) {} {}: {}",
            f.kind, f.phase, f.package, f.fuzz_test, head
        );
        if !f.reproduce.is_empty() {
            let _ = writeln!(o, "    reproduce: {}", f.reproduce);
        }
    }
    if s.trend.len() > 1 {
        let pts: Vec<String> = s
            .trend
            .iter()
            .rev()
            .take(6)
            .rev()
            .map(|p| p.totals.cold_after_fuzz.to_string())
            .collect();
        let _ = writeln!(
            o,
            "trend (cold after fuzzing, last {}): {}",
            pts.len(),
            pts.join(" → ")
        );
    }
    for n in notes {
        let _ = writeln!(o, "note: {n}");
    }
    for f in files {
        let _ = writeln!(o, "{f}");
    }
    o
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
    fn the_text_summary_fits_a_screen_and_names_the_commands() {
        let mut s = summary("2026-12-01T01:00:00Z", 6);
        s.totals.cold_after_seeds = 4;
        s.totals.cold_after_fuzz = 3;
        s.findings.push(Finding {
            kind: "panic".into(),
            phase: "fuzzing".into(),
            package: "m/p".into(),
            fuzz_test: "FuzzA".into(),
            input: Some("p/testdata/fuzz/FuzzA/ab".into()),
            message: "panic: boom\nmore".into(),
            reproduce: "go test -run '^FuzzA$/^ab$' ./p".into(),
        });
        s.trend = vec![
            TrendPoint {
                started: "a".into(),
                totals: Totals {
                    cold_after_fuzz: 5,
                    ..Default::default()
                },
            },
            TrendPoint {
                started: "b".into(),
                totals: s.totals,
            },
        ];
        let t = text(
            &s,
            &["1 user test(s) failed".into()],
            &["state: x.json".into()],
        );
        assert!(t.contains("cold statements: 6 of 10 before, 4 after seeds, 3 after fuzzing"));
        assert!(t.contains("panic (fuzzing) m/p FuzzA: panic: boom\n"));
        assert!(t.contains("reproduce: go test -run '^FuzzA$/^ab$' ./p"));
        assert!(t.contains("trend (cold after fuzzing, last 2): 5 → 3"));
        assert!(t.contains("note: 1 user test(s) failed") && t.ends_with("state: x.json\n"));
        assert!(t.lines().count() < 40);
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
