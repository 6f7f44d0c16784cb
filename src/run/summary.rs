//! The result of one `heatseed run`, as data: heat per block before the run, after the seeds
//! and after fuzzing; the ranked targets with their cold blocks, guards and seeds; the
//! findings with the commands that reproduce them; the trend across earlier runs.
//!
//! Everything is plain owned data (paths relative to the module root, `/`-separated) so that
//! the renderers (text, JSON, HTML) need nothing else and a summary read back from the state
//! directory renders the same as the one just computed. The JSON form is the schema
//! `heatseed.run/v1`; fields are only ever added.

use serde::{Deserialize, Serialize};

/// The schema name written in [`RunSummary::schema`].
pub const SCHEMA: &str = "heatseed.run/v1";

/// One run of `heatseed run`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The module path from `go.mod`.
    pub module: String,
    /// When the run started, RFC 3339 UTC (the only field that differs between two runs of
    /// the same inputs).
    pub started: String,
    /// The heat sources that were merged, in the order given.
    pub sources: Vec<HeatSource>,
    /// Totals over every package in the run.
    pub totals: Totals,
    /// Packages in import-path order.
    pub packages: Vec<PackageReport>,
    /// Targets in rank order (rank 1 first).
    pub targets: Vec<TargetReport>,
    /// Crashes, hangs and failures from any phase.
    pub findings: Vec<Finding>,
    /// Earlier runs' totals from the state directory, oldest first, this run last.
    pub trend: Vec<TrendPoint>,
    /// What the reader should know about the run: failing user tests, targets without a fuzz
    /// test, fuzz targets the budget left out (added field; absent in older files).
    #[serde(default)]
    pub notes: Vec<String>,
    /// One entry per fuzzing invocation, in rank order (added field; absent in older files).
    #[serde(default)]
    pub fuzz_runs: Vec<FuzzRun>,
}

/// One `go test -fuzz` invocation of the fuzzing phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FuzzRun {
    pub package: String,
    pub fuzz_test: String,
    /// The `-fuzztime` given, in milliseconds.
    pub fuzz_time_ms: u64,
    /// `ok` (ran for its time), `finding` (Go reported a failure) or `killed` (heatseed's
    /// hard limit passed).
    pub result: String,
}

/// Where heat came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeatSource {
    /// `test` (the `go test` profile heatseed ran or was given) or `coverdir` (binary
    /// coverage data written by `go build -cover` binaries).
    pub kind: String,
    /// The profile file or coverage directory, as the user named it.
    pub path: String,
}

/// Statement counts. "Cold" means not executed by the tests' heat (count 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Statements in the profiled packages.
    pub statements: u64,
    /// Statements with count 0 before the run.
    pub cold_before: u64,
    /// Of those, statements still cold after replaying the seeds.
    pub cold_after_seeds: u64,
    /// Of those, statements still cold after the fuzzing phase (equal to
    /// `cold_after_seeds` when no fuzzing ran).
    pub cold_after_fuzz: u64,
    /// Number of findings.
    pub findings: u64,
}

/// One package: its files with per-block heat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageReport {
    pub import_path: String,
    pub totals: Totals,
    pub files: Vec<FileReport>,
}

/// One Go source file: its text and the heat of every profile block in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// Path relative to the module root.
    pub path: String,
    /// The file's source text (UTF-8; the report escapes it).
    pub source: String,
    /// Blocks in source order.
    pub blocks: Vec<BlockReport>,
}

/// One profile block (Go's coverage unit), 1-based lines and byte columns as in the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockReport {
    pub start_line: u32,
    pub start_col: u32,
    pub end_line: u32,
    pub end_col: u32,
    pub statements: u32,
    /// Hit count from the tests' profile.
    pub test_count: u64,
    /// Hit count from `--coverdir` data (production, staging, integration runs).
    pub coverdir_count: u64,
    /// Hit count when replaying heatseed's seeds (plain `go test -run '^Fuzz'`).
    pub seeds_count: u64,
    /// Hit count after the fuzzing phase (seeds plus the fuzzer's new corpus entries).
    pub fuzz_count: u64,
}

/// A ranked target and what was aimed at its cold blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetReport {
    /// 1-based rank.
    pub rank: u32,
    pub package: String,
    /// `Func` or `Type.Method` (the receiver type without `*`; heatseed's qualified name).
    pub function: String,
    /// File (relative to the module root) and line of the declaration.
    pub file: String,
    pub line: u32,
    /// The ranking score and the parts it was built from (e.g. `cold_stmts`, `coverdir_weight`,
    /// `changed_since`), for the report to show why it ranks where it does.
    pub score: f64,
    pub reasons: Vec<String>,
    /// The generated fuzz test (`FuzzX`), when one was written.
    pub fuzz_test: Option<String>,
    pub cold_blocks: Vec<ColdBlockReport>,
}

/// One cold block of a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColdBlockReport {
    pub file: String,
    pub start_line: u32,
    pub end_line: u32,
    pub statements: u32,
    /// The guard's source text (`n > 4096`), empty when the block has none.
    pub guard: String,
    /// Corpus files (relative to the module root) aimed at this block.
    pub seeds: Vec<String>,
    /// Reached by the seeds.
    pub flipped_by_seeds: bool,
    /// Reached after fuzzing.
    pub flipped_by_fuzzing: bool,
}

/// A crash, hang or failure.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// `panic`, `hang`, `fail`.
    pub kind: String,
    /// `seeds` or `fuzzing`.
    pub phase: String,
    pub package: String,
    pub fuzz_test: String,
    /// The failing input (corpus file, relative to the module root), when Go wrote one.
    pub input: Option<String>,
    /// The panic or timeout message (head of it).
    pub message: String,
    /// The exact command that reproduces it, run from the module root.
    pub reproduce: String,
}

/// One run's totals, for the trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub started: String,
    pub totals: Totals,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_every_field() {
        let s = RunSummary {
            schema: SCHEMA.into(),
            module: "example.com/shop".into(),
            started: "2026-12-01T01:00:00Z".into(),
            sources: vec![HeatSource {
                kind: "test".into(),
                path: "cover.out".into(),
            }],
            totals: Totals {
                statements: 10,
                cold_before: 6,
                cold_after_seeds: 3,
                cold_after_fuzz: 2,
                findings: 1,
            },
            packages: vec![],
            targets: vec![],
            findings: vec![Finding {
                kind: "panic".into(),
                phase: "fuzzing".into(),
                package: "example.com/shop/order".into(),
                fuzz_test: "FuzzParse".into(),
                input: Some("order/testdata/fuzz/FuzzParse/abc".into()),
                message: "index out of range".into(),
                reproduce: "go test -run '^FuzzParse$/^abc$' ./order".into(),
            }],
            trend: vec![],
            notes: vec!["1 user test failed: example.com/shop/order TestX".into()],
            fuzz_runs: vec![FuzzRun {
                package: "example.com/shop/order".into(),
                fuzz_test: "FuzzParse".into(),
                fuzz_time_ms: 3000,
                result: "finding".into(),
            }],
        };
        let text = serde_json::to_string(&s).unwrap();
        assert!(text.contains("\"schema\":\"heatseed.run/v1\""));
        let back: RunSummary = serde_json::from_str(&text).unwrap();
        assert_eq!(back, s);
    }
}
