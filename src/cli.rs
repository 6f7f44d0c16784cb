//! Command line: flags (clap derive), validation, the pipeline run, and exit codes.
//!
//! `heatseed analyze` runs heatmap → index → targets → report. Errors come back as
//! [`crate::error::Error`] and are printed once with the action that failed; their kind picks
//! the exit code (see [`crate::error::ExitCode`]).

use crate::error::{escape_controls, Error, ExitCode, Result};
use crate::heatmap::{self, Heatmap, ModuleMap};
use crate::index;
use crate::report;
use crate::targets::{self, Analysis};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "heatseed",
    version,
    about = "Find the Go code your tests never reach and write fuzz seeds aimed at it",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank the cold code of a Go coverage profile.
    Analyze(AnalyzeArgs),
    /// Write fuzz seeds (and harnesses) aimed at the cold code.
    Generate(GenerateArgs),
    /// Export fuzz tests, their seeds (encoded for go-118-fuzz-build), dictionaries and a
    /// build.sh for OSS-Fuzz or ClusterFuzzLite.
    Export(ExportArgs),
    /// The nightly job: measure the heat, seed and fuzz the cold code, report what changed.
    Run(RunArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Directory to write into (an OSS-Fuzz `projects/<name>` folder; with --clusterfuzzlite,
    /// the repository root: files go to DIR/.clusterfuzzlite/).
    #[arg(long = "oss-fuzz", value_name = "DIR", help_heading = "Output")]
    pub oss_fuzz: PathBuf,
    /// Module or workspace root holding go.mod / go.work.
    #[arg(long, value_name = "DIR", default_value = ".", help_heading = "Input")]
    pub root: PathBuf,
    /// Only these packages: import path, `path/...` pattern or `./dir` (repeatable).
    #[arg(long = "package", value_name = "PATTERN", help_heading = "Input")]
    pub packages: Vec<String>,
    /// ClusterFuzzLite layout: DIR/.clusterfuzzlite/ with a Dockerfile and project.yaml.
    #[arg(long, help_heading = "Output")]
    pub clusterfuzzlite: bool,
    /// Write nothing; list what would be written.
    #[arg(long, help_heading = "Output")]
    pub dry_run: bool,
}

/// `heatseed run [PACKAGES...]`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Go package patterns (default `./...`).
    #[arg(value_name = "PACKAGES")]
    pub packages: Vec<String>,
    #[command(flatten)]
    pub state: StateArgs,
    /// Module root holding go.mod.
    #[arg(long, value_name = "DIR", default_value = ".", help_heading = "Input")]
    pub root: PathBuf,
    /// Use these profiles instead of running `go test -covermode=count -coverprofile`.
    #[arg(long = "profile", value_name = "FILE", help_heading = "Input")]
    pub profiles: Vec<PathBuf>,
    /// Binary coverage data (GOCOVERDIR of `go build -cover` binaries) to weigh the ranking:
    /// blocks cold in the tests but hot here rank first (repeatable).
    #[arg(long = "coverdir", value_name = "DIR", help_heading = "Input")]
    pub coverdirs: Vec<PathBuf>,
    /// Cold code on lines changed since this git revision ranks first.
    #[arg(long, value_name = "REV", help_heading = "Input")]
    pub since: Option<String>,
    /// Targets seeded and fuzzed.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..), help_heading = "Seeds")]
    pub top: u32,
    /// Seeds per fuzz test and target.
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=1000), help_heading = "Seeds")]
    pub seeds_per_target: u32,
    /// Seed of the random generator.
    #[arg(long, value_name = "N", default_value_t = 1, help_heading = "Seeds")]
    pub rng_seed: u64,
    /// `-fuzztime` of each target (`30s`, `2m`); 0 skips the fuzzing phase.
    #[arg(long, value_name = "D", default_value = "30s", value_parser = parse_duration, help_heading = "Fuzzing")]
    pub fuzz_time: std::time::Duration,
    /// Total `-fuzztime` of the fuzzing phase, shared by its targets (builds do not count).
    #[arg(long, value_name = "D", default_value = "10m", value_parser = parse_duration, help_heading = "Fuzzing")]
    pub budget: std::time::Duration,
    /// Packages fuzzed in parallel (default: the number of cores).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u32).range(1..), help_heading = "Fuzzing")]
    pub jobs: Option<u32>,
    /// Keep a crashing input where Go wrote it (`testdata/fuzz/FuzzX/`, so plain `go test`
    /// fails on it); `--keep-crashers=false` moves it to `.heatseed/crashers/`.
    #[arg(long, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true", help_heading = "Fuzzing")]
    pub keep_crashers: bool,
    /// Exit with code 6 when the run has findings.
    #[arg(long, help_heading = "Output")]
    pub fail_on_findings: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text, help_heading = "Output")]
    pub format: Format,
    /// Where the HTML report goes (relative paths from the module root).
    #[arg(
        long,
        value_name = "PATH",
        default_value = ".heatseed/report.html",
        help_heading = "Output"
    )]
    pub report: PathBuf,
    /// Build tags passed to every `go` command (GOFLAGS is honoured too).
    #[arg(
        long,
        value_name = "TAG,...",
        value_delimiter = ',',
        help_heading = "Go toolchain"
    )]
    pub tags: Vec<String>,
    /// Seconds one package's seed replay may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=86400), help_heading = "Go toolchain")]
    pub timeout: u64,
    /// A block is rare when it ran in at most this fraction of its function's entries.
    #[arg(long, value_name = "FRACTION", default_value_t = 0.01, value_parser = parse_fraction, help_heading = "Analysis")]
    pub rare_fraction: f64,
}

fn parse_duration(s: &str) -> std::result::Result<std::time::Duration, String> {
    if s == "0" {
        return Ok(std::time::Duration::ZERO);
    }
    humantime::parse_duration(s).map_err(|e| format!("`{s}`: {e} (e.g. 30s, 2m, 1h)"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CorpusArg {
    /// `testdata/fuzz/<FuzzName>/` in the package: permanent regression seeds
    Testdata,
    /// `$(go env GOCACHE)/fuzz/<import path>/<FuzzName>/`: steer -fuzz only
    Cache,
    Both,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum HarnessArg {
    /// heatseed_fuzz_test.go with one FuzzXxx per target
    Native,
    /// heatseed_gofuzz.go (build tag gofuzz) with Fuzz(data []byte) int, plus raw inputs
    GoFuzz,
    /// no harness: seeds only for the user's own fuzz tests
    None,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub state: StateArgs,
    /// Where native corpus files go.
    #[arg(long, value_enum, default_value_t = CorpusArg::Testdata, help_heading = "Output")]
    pub corpus: CorpusArg,
    /// Which harness to write for targets without a fuzz test.
    #[arg(long, value_enum, default_value_t = HarnessArg::Native, help_heading = "Output")]
    pub harness: HarnessArg,
    /// Seeds per fuzz test and target.
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=1000), help_heading = "Seeds")]
    pub seeds_per_target: u32,
    /// Seed of the random generator (same inputs and seed: byte-identical output).
    #[arg(long, value_name = "N", default_value_t = 1, help_heading = "Seeds")]
    pub rng_seed: u64,
    /// Do not start seeds from the package's real inputs (test literals, testdata files,
    /// f.Add arguments, corpus files, Example outputs).
    #[arg(long, help_heading = "Seeds")]
    pub no_real_inputs: bool,
    /// Only the N best targets.
    #[arg(long, value_name = "N", help_heading = "Seeds")]
    pub top: Option<usize>,
    /// Write nothing; list what would be written. With --verify, everything is written into a
    /// scratch copy of the module instead and measured there.
    #[arg(long, help_heading = "Output")]
    pub dry_run: bool,
    /// Also write harnesses for unexported functions (the internal test package reaches them).
    /// Off by default: their exported callers establish their preconditions, and a direct
    /// harness reports crashes no caller can cause. The pre-flight check still leaves out any
    /// that fail plain `go test`.
    #[arg(long, help_heading = "Seeds")]
    pub include_unexported: bool,
    /// Also write harnesses for functions that reach file-system writes or removals, the
    /// network, processes (os/exec, os.Exit, signals, log.Fatal) or sleeps, directly or through
    /// module functions they call. Off by default: such targets are skipped with the reason.
    #[arg(long, help_heading = "Seeds")]
    pub allow_side_effects: bool,
    /// Skip the pre-flight check (generating into a scratch copy and leaving out harnesses and
    /// seeds that make plain `go test` fail). Runs no go command and keeps no round-trip
    /// property; the files written are unchecked.
    #[arg(long, help_heading = "Output")]
    pub no_check: bool,
    /// Keep every seed: skip measuring each seed in the pre-flight check's scratch copy and
    /// dropping those that reach no cold statement the corpus and the other seeds do not.
    #[arg(long, help_heading = "Seeds")]
    pub no_minimize: bool,
    /// Keep each kept seed as it was made: skip cutting it down to a shorter input that
    /// reaches the same cold blocks (shorter seeds let `go test -fuzz` run more inputs).
    #[arg(long, help_heading = "Seeds")]
    pub no_trim: bool,
    /// Refinement rounds after the first: goals still cold are attacked again from the measured
    /// seed that got closest (0: none). Needs minimization (not with --no-check/--no-minimize).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=100), help_heading = "Seeds")]
    pub rounds: u32,
    /// Wall time all refinement rounds together may take (`30s`, `2m`, `1m30s`); checked
    /// before each round, so a round once started finishes (the report says when the budget
    /// stopped the rounds).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_budget, help_heading = "Seeds")]
    pub budget: std::time::Duration,
    /// After writing, replay the fuzz tests with plain `go test` (in scratch copies, with and
    /// without the new seeds) and report how many cold statements the seeds cover.
    #[arg(long, help_heading = "Output")]
    pub verify: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text, help_heading = "Output")]
    pub format: Format,
    /// Build tags the profile was made with (`go test -tags`): passed to every `go` command,
    /// and files whose `//go:build` constraints exclude them get no harness. GOFLAGS from the
    /// environment is honoured too.
    #[arg(
        long,
        value_name = "TAG,...",
        value_delimiter = ',',
        help_heading = "Go toolchain"
    )]
    pub tags: Vec<String>,
    /// Seconds one package's seed replay may take (`go test -timeout`); a seed that blocks
    /// longer is left out and reported as a hang.
    #[arg(long, value_name = "SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=86400), help_heading = "Go toolchain")]
    pub timeout: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Inputs shared by every subcommand.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Coverage profile(s) from `go test -coverprofile` (repeatable; merged).
    /// Default: ROOT/cover.out.
    #[arg(long = "profile", value_name = "FILE", help_heading = "Input")]
    pub profiles: Vec<PathBuf>,
    /// Module or workspace root holding go.mod / go.work.
    #[arg(long, value_name = "DIR", default_value = ".", help_heading = "Input")]
    pub root: PathBuf,
    /// Only these packages: import path, `path/...` pattern or `./dir` (repeatable).
    #[arg(long = "package", value_name = "PATTERN", help_heading = "Input")]
    pub packages: Vec<String>,
    /// A block is rare when it ran in at most this fraction of its function's entries.
    #[arg(
        long,
        value_name = "FRACTION",
        default_value_t = 0.01,
        value_parser = parse_fraction,
        help_heading = "Analysis"
    )]
    pub rare_fraction: f64,
}

/// Where reusable results live between runs (see [`crate::state`]).
#[derive(Clone, Debug, Default, Args)]
pub struct StateArgs {
    /// State directory (parse cache, per-package results). Default: ROOT/.heatseed/state.
    #[arg(long, value_name = "DIR", help_heading = "State")]
    pub state_dir: Option<PathBuf>,
    /// Neither read nor write the state directory.
    #[arg(long, help_heading = "State")]
    pub no_cache: bool,
}

impl StateArgs {
    /// The state directory of the module at `root` (`None` with `--no-cache`).
    pub fn open(&self, root: &Path) -> Result<Option<crate::state::StateDir>> {
        crate::state::StateDir::open(root, self.state_dir.as_deref(), self.no_cache)
    }
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub state: StateArgs,
    /// Show only the N best targets.
    #[arg(long, value_name = "N", help_heading = "Output")]
    pub top: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text, help_heading = "Output")]
    pub format: Format,
    /// Debug view: the blocks at FILE:LINE, their counts and guards.
    #[arg(long, value_name = "FILE:LINE", value_parser = parse_file_line, help_heading = "Output")]
    pub explain: Option<(String, u32)>,
}

fn parse_fraction(s: &str) -> std::result::Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0 and 1"))
    }
}

fn parse_file_line(s: &str) -> std::result::Result<(String, u32), String> {
    let (file, line) = s
        .rsplit_once(':')
        .ok_or_else(|| format!("`{s}` is not FILE:LINE"))?;
    let line: u32 = line
        .parse()
        .map_err(|_| format!("`{line}` is not a line number"))?;
    if file.is_empty() || line == 0 {
        return Err(format!("`{s}` is not FILE:LINE"));
    }
    Ok((file.to_string(), line))
}

/// Parses arguments, runs, prints, and returns the process exit code.
pub fn main_with_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::Usage as i32
            } else {
                ExitCode::Ok as i32
            };
        }
    };
    // SIGINT/SIGTERM: kill running go commands, remove scratch copies, exit 130/143.
    let _session = crate::toolchain::Session::start();
    let result = run(cli);
    crate::toolchain::hold_if_interrupted();
    match result {
        Ok(()) => ExitCode::Ok as i32,
        Err(e) => {
            eprintln!("heatseed: error: {}", escape_controls(&e.to_string()));
            e.exit_code() as i32
        }
    }
}

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Generate(args) => generate(args),
        Command::Export(args) => export(args),
        Command::Run(args) => run_cmd(args),
    }
}

fn export(args: ExportArgs) -> Result<()> {
    let root = args
        .root
        .canonicalize()
        .map_err(|e| Error::Usage(format!("--root {}: {e}", args.root.display())))?;
    let patterns = args.packages.clone();
    let select = |import_path: &str, dir: &Path| {
        patterns.is_empty()
            || patterns
                .iter()
                .any(|p| package_matches(p, import_path, &dir.join("x_test.go"), &root))
    };
    let opts = crate::export::Options {
        out_dir: args.oss_fuzz.clone(),
        root: root.clone(),
        clusterfuzzlite: args.clusterfuzzlite,
        dry_run: args.dry_run,
        select: &select,
    };
    let Some(outcome) = crate::export::export(&opts)? else {
        let which = if args.packages.is_empty() {
            String::new()
        } else {
            format!(" in the packages matching {}", args.packages.join(", "))
        };
        println!(
            "no fuzz tests (func FuzzXxx(f *testing.F) in a _test.go file) under {}{which}; nothing written",
            root.display()
        );
        return Ok(());
    };
    for w in &outcome.warnings {
        eprintln!("heatseed: warning: {}", escape_controls(w));
    }
    print!(
        "{}",
        escape_controls(&crate::export::report_text(&outcome, args.dry_run))
    );
    Ok(())
}

fn run_cmd(args: RunArgs) -> Result<()> {
    let tags: Vec<String> = args
        .tags
        .iter()
        .filter(|t| !t.is_empty())
        .cloned()
        .collect();
    crate::toolchain::configure(crate::toolchain::Settings {
        tags: tags.clone(),
        timeout: std::time::Duration::from_secs(args.timeout),
    });
    let opts = crate::run::Options {
        root: args.root,
        patterns: if args.packages.is_empty() {
            vec!["./...".into()]
        } else {
            args.packages
        },
        profiles: args.profiles,
        coverdirs: args.coverdirs,
        tags,
        top: args.top as usize,
        seeds_per_target: args.seeds_per_target,
        rng_seed: args.rng_seed,
        fuzz_time: args.fuzz_time,
        budget: args.budget,
        jobs: args.jobs.map_or_else(crate::run::cores, |j| j as usize),
        keep_crashers: args.keep_crashers,
        since: args.since,
        report: args.report,
        rare_fraction: args.rare_fraction,
        state_dir: args.state.state_dir,
        no_cache: args.state.no_cache,
    };
    let prep = crate::run::prepare(&opts)?;
    let input = InputArgs {
        profiles: prep.profiles.clone(),
        root: prep.root.clone(),
        packages: prep.filter.clone(),
        rare_fraction: opts.rare_fraction,
    };
    let loaded = load_with(&input, Some(&crate::toolchain::build_context()))?;
    let out = crate::run::finish(prep, &opts, loaded.analysis, &loaded.modules)?;
    let s = &out.summary;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(s).expect("JSON")),
        Format::Text => {
            let mut files = vec![format!("state: {}", out.state_file.display())];
            files.push(format!("report: {}", out.report_file.display()));
            print!(
                "{}",
                escape_controls(&(crate::run::render_text(s) + &files.join("\n") + "\n"))
            );
        }
    }
    if args.fail_on_findings && !s.findings.is_empty() {
        return Err(Error::Findings(s.findings.len()));
    }
    Ok(())
}

/// Everything a subcommand needs after analysis.
pub struct Loaded {
    pub analysis: Analysis,
    pub unresolved: Vec<serde_json::Value>,
    pub modules: ModuleMap,
    pub root: PathBuf,
    /// Profiled files left out because their build constraints exclude them (see [`load_with`]).
    pub excluded: Vec<PathBuf>,
}

/// heatmap → index → targets for the given inputs.
pub fn load(input: &InputArgs) -> Result<Loaded> {
    load_with(input, None)
}

/// [`load`]; with a build context, profiled files that `go` would not compile in it (their
/// `//go:build` line or `_GOOS`/`_GOARCH` name) are left out of the analysis and listed in
/// [`Loaded::excluded`].
pub fn load_with(
    input: &InputArgs,
    build: Option<&crate::index::constraint::BuildContext>,
) -> Result<Loaded> {
    load_resolved(resolve_inputs(input, build)?, input.rare_fraction)
}

/// The profiles read, merged and mapped to files (the first half of [`load_with`]).
pub struct Resolved {
    pub root: PathBuf,
    pub profiles: Vec<PathBuf>,
    pub heatmap: Heatmap,
    pub modules: ModuleMap,
    pub excluded: Vec<PathBuf>,
}

/// Reads and resolves the profiles of `input` (see [`load_with`]).
pub fn resolve_inputs(
    input: &InputArgs,
    build: Option<&crate::index::constraint::BuildContext>,
) -> Result<Resolved> {
    let root = input
        .root
        .canonicalize()
        .map_err(|e| Error::Usage(format!("--root {}: {e}", input.root.display())))?;
    if !root.is_dir() {
        return Err(Error::Usage(format!(
            "--root {}: not a directory",
            input.root.display()
        )));
    }
    let profiles = if input.profiles.is_empty() {
        let default = root.join("cover.out");
        // A cover.out that exists but is no regular file (a FIFO...) is refused when read.
        if std::fs::symlink_metadata(&default).is_err() {
            return Err(Error::Usage(format!(
                "no --profile given and {} does not exist; run `go test -coverprofile=cover.out ./...` first",
                default.display()
            )));
        }
        vec![default]
    } else {
        input.profiles.clone()
    };
    let mut raw = Vec::new();
    for p in &profiles {
        raw.push(heatmap::read_profile(p)?);
    }
    let merged = heatmap::merge_profiles(raw)?;
    let modules = ModuleMap::discover(&root)?;
    let mut hm = heatmap::resolve(merged, &modules);
    filter_packages(&mut hm, &input.packages, &root)?;
    let excluded = match build {
        Some(ctx) => exclude_unbuildable(&mut hm, ctx, &profiles[0])?,
        None => Vec::new(),
    };
    if hm.files.is_empty() {
        let why = hm
            .unresolved
            .first()
            .map(|u| format!(" (first: {}: {})", u.profile_name, u.reason))
            .unwrap_or_default();
        return Err(Error::Input {
            path: profiles[0].clone(),
            message: format!(
                "no profiled source file was found under {}{why}",
                root.display()
            ),
        });
    }
    Ok(Resolved {
        root,
        profiles,
        heatmap: hm,
        modules,
        excluded,
    })
}

/// Scans the resolved files and lays the heatmap over them (the second half of
/// [`load_with`]).
pub fn load_resolved(r: Resolved, rare_fraction: f64) -> Result<Loaded> {
    let Resolved {
        root,
        profiles,
        heatmap: hm,
        modules,
        excluded,
    } = r;
    let paths: Vec<PathBuf> = hm.files.iter().map(|f| f.path.clone()).collect();
    let mut sources = Vec::with_capacity(paths.len());
    // Tier 1: the fast scan of every file; `Analysis::detail` parses what is shown in full.
    for r in index::scan_files(&paths) {
        sources.push(r?);
    }
    let unresolved = hm
        .unresolved
        .iter()
        .map(|u| serde_json::to_value(u).expect("plain struct"))
        .collect();
    let opts = targets::Options { rare_fraction };
    let analysis = targets::analyze(hm, sources, &opts);
    check_stale(&analysis, &profiles[0])?;
    Ok(Loaded {
        analysis,
        unresolved,
        modules,
        root,
        excluded,
    })
}

/// Every profiled file stale: an input error naming them. Some stale: a warning on stderr
/// (the reports list them too) and the run goes on with the files that fit.
fn check_stale(a: &Analysis, profile: &Path) -> Result<()> {
    if a.stale.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = a
        .stale
        .iter()
        .map(|s| format!("{} ({})", s.path.display(), s.reason))
        .collect();
    if a.files.is_empty() {
        return Err(Error::Input {
            path: profile.to_path_buf(),
            message: format!(
                "the profile is stale: every profiled file changed since it was made; run go test -coverprofile again\n  {}",
                names.join("\n  ")
            ),
        });
    }
    for n in names {
        eprintln!(
            "heatseed: warning: stale profile for {}; its blocks are ignored",
            escape_controls(&n)
        );
    }
    Ok(())
}

/// Drops the heatmap's files that `go` would not compile in `ctx`; returns them. All of them
/// excluded is an input error (the profile was made with other tags).
fn exclude_unbuildable(
    hm: &mut Heatmap,
    ctx: &crate::index::constraint::BuildContext,
    profile: &Path,
) -> Result<Vec<PathBuf>> {
    let mut excluded = Vec::new();
    let before = hm.files.len();
    hm.files.retain(|f| {
        let name = f
            .path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let keep = std::fs::read(&f.path).map_or(true, |src| ctx.includes(&name, &src));
        if !keep {
            excluded.push(f.path.clone());
        }
        keep
    });
    if hm.files.is_empty() && before > 0 {
        return Err(Error::Input {
            path: profile.to_path_buf(),
            message: format!(
                "every profiled file is excluded by its build constraints for GOOS={} GOARCH={} tags [{}] (first: {}); pass the --tags the profile was made with",
                ctx.goos,
                ctx.goarch,
                ctx.tags.iter().cloned().collect::<Vec<_>>().join(","),
                excluded[0].display()
            ),
        });
    }
    Ok(excluded)
}

/// Targets the text table shows when `--top` is not given.
const DEFAULT_TEXT_TOP: usize = 25;

fn analyze(args: AnalyzeArgs) -> Result<()> {
    let resolved = resolve_inputs(&args.input, None)?;
    // Entries are written by a background thread while the analysis goes on (joined when
    // `state` is dropped, before `analyze` returns).
    let state = args.state.open(&resolved.root)?.map(|s| s.background());
    // The whole output of an unchanged run comes from the state directory.
    let memo = state.as_ref().and_then(|s| {
        let options = format!(
            "{:?} {:?} {:?} {:?} {} {:?}",
            args.top,
            args.format,
            args.explain,
            args.input.packages,
            args.input.rare_fraction,
            resolved.root
        );
        Some((
            s,
            crate::state::memo::analyze_key(&resolved.heatmap, &options)?,
        ))
    });
    if let Some(out) = memo.and_then(|(s, key)| crate::state::memo::load(s, &key)) {
        return print_stdout(&out);
    }
    let mut loaded = load_resolved(resolved, args.input.rare_fraction)?;
    let out = analyze_output(&args, &mut loaded, state.as_ref())?;
    let printed = print_stdout(&out);
    // Stale files are warned about on stderr, which the memo does not replay. The output is
    // handed to the background writer after printing (no copy of it is made).
    if let Some((s, key)) = memo.filter(|_| loaded.analysis.stale.is_empty()) {
        crate::state::memo::store(s, &key, out);
    }
    // The analysis is millions of small allocations and the process ends right after this
    // command: freeing them one by one was ~3% of a full standard-library analysis (perf).
    std::mem::forget(loaded);
    printed
}

fn print_stdout(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Error::write_io("<stdout>", e))
}

/// The detailed analysis and what `analyze` prints for it.
fn analyze_output(
    args: &AnalyzeArgs,
    loaded: &mut Loaded,
    state: Option<&crate::state::StateDir>,
) -> Result<Vec<u8>> {
    let top = match (args.top, args.format) {
        (Some(n), _) => Some(n),
        (None, Format::Text) => Some(DEFAULT_TEXT_TOP),
        (None, Format::Json) => None,
    };
    let explain_pkgs: Vec<String> = match &args.explain {
        Some((file, _)) => loaded
            .analysis
            .files
            .iter()
            .filter(|f| report::file_matches(f, file))
            .map(|f| f.heat.import_path.clone())
            .collect(),
        None => Vec::new(),
    };
    let detail_top = if args.explain.is_some() { Some(0) } else { top };
    loaded
        .analysis
        .detail_cached(detail_top, &explain_pkgs, state)?;
    crate::plan::decide_fuzzability(&mut loaded.analysis, detail_top);
    let a = &loaded.analysis;
    if let Some((file, line)) = &args.explain {
        let text = report::explain(a, file, *line)
            .ok_or_else(|| Error::Usage(format!("--explain: no profiled file matches `{file}`")))?;
        return Ok(escape_controls(&text).into_owned().into_bytes());
    }
    Ok(match args.format {
        Format::Text => escape_controls(&report::analyze_text(
            a,
            top,
            &loaded.unresolved,
            &loaded.root,
        ))
        .into_owned()
        .into_bytes(),
        Format::Json => {
            let mut out = Vec::new();
            report::write_analyze_json(&mut out, a, top, &loaded.unresolved)
                .map_err(|e| Error::write_io("<stdout>", e))?;
            out
        }
    })
}

fn generate(mut args: GenerateArgs) -> Result<()> {
    crate::toolchain::configure(crate::toolchain::Settings {
        tags: args
            .tags
            .iter()
            .filter(|t| !t.is_empty())
            .cloned()
            .collect(),
        timeout: std::time::Duration::from_secs(args.timeout),
    });
    // --dry-run writes nothing, the state directory included (with --verify too).
    let dry_run = args.dry_run;
    let scratch = dry_run_scratch(&mut args)?;
    // Without the check no go command runs: the build context falls back to the host's.
    let build = if args.no_check {
        crate::toolchain::host_build_context()
    } else {
        crate::toolchain::build_context()
    };
    let mut loaded = load_with(&args.input, Some(&build))?;
    // Written only once the run succeeded (a run without go fails with nothing written).
    let state = match dry_run {
        true => None,
        false => args.state.open(&loaded.root)?.map(|s| s.deferred()),
    };
    loaded
        .analysis
        .detail_cached(args.top, &[], state.as_ref())?;
    let earlier_seeds = crate::verify::manifest_files(&loaded.root);
    let opts = generate_options(&args)?;
    let mut rep = if args.no_check {
        let mut r = crate::generate::generate(&loaded.analysis, &loaded.root, &opts, args.top)?;
        r.notes.push(
            "--no-check: no go command was run; files are unchecked and no round-trip property is kept"
                .into(),
        );
        r
    } else {
        let reuse = state.as_ref().map(|s| crate::generate::Reuse {
            state: s,
            salt: format!(
                "{opts:?} top={:?} timeout={} build={build:?} GOFLAGS={:?}",
                args.top,
                args.timeout,
                std::env::var_os("GOFLAGS")
            ),
        });
        crate::generate::generate_checked_with_state(
            &loaded.analysis,
            &loaded.root,
            &opts,
            args.top,
            reuse,
        )?
    };
    rep.notes.extend(excluded_note(&loaded, &build));
    if let Some(s) = &state {
        s.flush();
    }
    let measured = if args.verify {
        let (ids, mut files) = rep.seeded(&loaded.analysis);
        files.extend(earlier_seeds);
        Some(crate::verify::measure(
            &loaded.analysis,
            &loaded.root,
            &ids,
            &files,
        )?)
    } else {
        None
    };
    match args.format {
        Format::Json => {
            let mut v = serde_json::to_value(&rep).expect("report serializes");
            if let Some(m) = &measured {
                v["verify"] = serde_json::to_value(m).expect("measurement serializes");
            }
            println!("{}", serde_json::to_string_pretty(&v).expect("JSON"));
        }
        Format::Text => {
            print!(
                "{}",
                escape_controls(&report::generate_text(&rep, &loaded.root))
            );
            if let Some(m) = &measured {
                print!("{}", report::verify_text(m));
            }
        }
    }
    drop(scratch);
    Ok(())
}

/// `--budget`: a duration as `humantime` reads it (`30s`, `2m`, `1m30s`, `500ms`).
fn parse_budget(s: &str) -> std::result::Result<std::time::Duration, String> {
    humantime::parse_duration(s).map_err(|e| format!("{e} (e.g. 30s, 2m, 1m30s)"))
}

/// The generation options the flags ask for.
fn generate_options(args: &GenerateArgs) -> Result<crate::generate::Options> {
    use crate::generate::{CorpusDest, HarnessKind};
    let corpus = match args.corpus {
        CorpusArg::Testdata => CorpusDest::Testdata,
        CorpusArg::Cache => CorpusDest::Cache,
        CorpusArg::Both => CorpusDest::Both,
        CorpusArg::None => CorpusDest::None,
    };
    let fuzz_cache = match corpus {
        CorpusDest::Cache | CorpusDest::Both => Some(go_fuzz_cache()?),
        _ => None,
    };
    Ok(crate::generate::Options {
        corpus,
        harness: match args.harness {
            HarnessArg::Native => HarnessKind::Native,
            HarnessArg::GoFuzz => HarnessKind::GoFuzz,
            HarnessArg::None => HarnessKind::None,
        },
        synth: crate::values::synth::Options {
            seeds_per_target: args.seeds_per_target as usize,
            rng_seed: args.rng_seed,
            real_inputs: !args.no_real_inputs,
            // Without the check nothing is measured and every candidate is written: keep near
            // --seeds-per-target. (--no-minimize keeps the candidates minimization would see.)
            candidates: if args.no_check {
                2 * args.seeds_per_target as usize
            } else {
                crate::values::bases::MAX_CANDIDATES.max(args.seeds_per_target as usize)
            },
            whole_tables: !args.no_check,
            ..Default::default()
        },
        dry_run: args.dry_run,
        fuzz_cache,
        exclude: Default::default(),
        redirect: None,
        include_unexported: args.include_unexported,
        allow_side_effects: args.allow_side_effects,
        property_candidates: false,
        minimize: !args.no_minimize,
        refine: crate::verify::refine::RefineOptions {
            rounds: args.rounds,
            budget: args.budget,
            trim: !args.no_trim,
        },
        fuzzed: Default::default(),
    })
}

/// `--dry-run --verify`: the module is copied to a scratch directory, and generation and
/// measurement happen there (`args` is pointed at the copy).
fn dry_run_scratch(args: &mut GenerateArgs) -> Result<Option<crate::toolchain::Scratch>> {
    if !(args.dry_run && args.verify) {
        return Ok(None);
    }
    let root = args
        .input
        .root
        .canonicalize()
        .map_err(|e| Error::Usage(format!("--root {}: {e}", args.input.root.display())))?;
    let tmp = crate::toolchain::scratch_dir("heatseed-dry-run-")?;
    let copy = tmp
        .path()
        .join(root.file_name().unwrap_or_else(|| "module".as_ref()));
    crate::writers::fsio::copy_tree(&root, &copy).map_err(|e| Error::write_io(&copy, e))?;
    if args.input.profiles.is_empty() {
        args.input.profiles.push(root.join("cover.out"));
    }
    args.input.root = copy;
    args.dry_run = false;
    if args.format == Format::Text {
        println!(
            "dry run: nothing is written under {}; the files below go to a scratch copy to be measured",
            root.display()
        );
    }
    Ok(Some(tmp))
}

/// The note on profiled files left out by their build constraints.
fn excluded_note(
    loaded: &Loaded,
    build: &crate::index::constraint::BuildContext,
) -> Option<String> {
    let first = loaded.excluded.first()?;
    Some(format!(
        "{} profiled file(s) excluded by build constraints for GOOS={} GOARCH={} tags [{}] get no harness (first: {}); pass the --tags the profile was made with",
        loaded.excluded.len(),
        build.goos,
        build.goarch,
        build.tags.iter().cloned().collect::<Vec<_>>().join(","),
        first.display()
    ))
}

/// `$(go env GOCACHE)/fuzz`.
fn go_fuzz_cache() -> Result<PathBuf> {
    let out = crate::toolchain::GoCommand::new("env")
        .arg("GOCACHE")
        .run()?;
    let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.success() || dir.is_empty() || dir == "off" {
        return Err(Error::Toolchain(
            "`go env GOCACHE` gave no cache directory; use --corpus testdata".into(),
        ));
    }
    Ok(PathBuf::from(dir).join("fuzz"))
}

/// Keeps the files whose package matches one of the patterns (all when there are none).
fn filter_packages(hm: &mut Heatmap, patterns: &[String], root: &Path) -> Result<()> {
    if patterns.is_empty() {
        return Ok(());
    }
    let before = hm.files.len();
    hm.files.retain(|f| {
        patterns
            .iter()
            .any(|p| package_matches(p, &f.import_path, &f.path, root))
    });
    if hm.files.is_empty() && before > 0 {
        return Err(Error::Usage(format!(
            "--package {}: no profiled package matches",
            patterns.join(", ")
        )));
    }
    Ok(())
}

/// Go-style package pattern: exact import path, `x/...` (x and everything below), `./dir` or
/// `./dir/...` relative to the root directory.
pub fn package_matches(pattern: &str, import_path: &str, file: &Path, root: &Path) -> bool {
    let (base, recursive) = match pattern.strip_suffix("...") {
        Some(b) => (b.trim_end_matches('/'), true),
        None => (pattern.trim_end_matches('/'), false),
    };
    if base.starts_with("./") || base == "." || base.starts_with("../") {
        let dir = root.join(base);
        let Some(parent) = file.parent() else {
            return false;
        };
        let dir = dir.canonicalize().unwrap_or(dir);
        return if recursive {
            parent.starts_with(&dir)
        } else {
            parent == dir
        };
    }
    if recursive {
        base.is_empty()
            || import_path == base
            || import_path
                .strip_prefix(base)
                .is_some_and(|rest| rest.starts_with('/'))
    } else {
        import_path == base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> std::result::Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("heatseed").chain(args.iter().copied()))
    }

    #[test]
    fn analyze_flags_parse() {
        let cli = parse(&[
            "analyze",
            "--profile",
            "a.out",
            "--profile",
            "b.out",
            "--top",
            "5",
            "--format",
            "json",
            "--package",
            "example.com/shop/...",
        ])
        .unwrap();
        let Command::Analyze(a) = cli.command else {
            panic!("analyze")
        };
        assert_eq!(a.input.profiles.len(), 2);
        assert_eq!(a.top, Some(5));
        assert_eq!(a.format, Format::Json);
        assert_eq!(a.input.rare_fraction, 0.01);
    }

    #[test]
    fn export_flags_parse() {
        let cli = parse(&[
            "export",
            "--oss-fuzz",
            "out",
            "--package",
            "./order",
            "--clusterfuzzlite",
        ])
        .unwrap();
        let Command::Export(e) = cli.command else {
            panic!("export")
        };
        assert_eq!(e.oss_fuzz, PathBuf::from("out"));
        assert_eq!(e.packages, vec!["./order".to_string()]);
        assert!(e.clusterfuzzlite && !e.dry_run);
        assert_eq!(e.root, PathBuf::from("."));
        assert!(parse(&["export"]).is_err(), "--oss-fuzz is required");
    }

    #[test]
    fn bad_flags_are_usage_errors() {
        assert!(parse(&["analyze", "--format", "xml"]).is_err());
        assert!(parse(&["analyze", "--rare-fraction", "2"]).is_err());
        assert!(parse(&["analyze", "--explain", "order.go"]).is_err());
        assert!(parse(&["analyze", "--explain", "order.go:0"]).is_err());
        let ok = parse(&["analyze", "--explain", "C:\\x\\order.go:12"]).unwrap();
        let Command::Analyze(a) = ok.command else {
            panic!("analyze")
        };
        assert_eq!(a.explain, Some(("C:\\x\\order.go".into(), 12)));
    }

    #[test]
    fn generate_flags_parse_with_defaults() {
        let cli = parse(&[
            "generate",
            "--dry-run",
            "--corpus",
            "both",
            "--harness",
            "go-fuzz",
        ])
        .unwrap();
        let Command::Generate(g) = cli.command else {
            panic!("generate")
        };
        assert!(g.dry_run);
        assert_eq!(g.corpus, CorpusArg::Both);
        assert_eq!(g.harness, HarnessArg::GoFuzz);
        assert_eq!(g.seeds_per_target, 16);
        assert_eq!(g.rng_seed, 1);
        assert!(parse(&["generate", "--seeds-per-target", "0"]).is_err());
        assert!(parse(&["generate", "--corpus", "tmp"]).is_err());
    }

    #[test]
    fn rounds_and_budget_parse() {
        let Command::Generate(d) = parse(&["generate"]).unwrap().command else {
            panic!("generate")
        };
        assert_eq!(d.rounds, 3);
        assert_eq!(d.budget, std::time::Duration::from_secs(30));
        let cli = parse(&["generate", "--rounds", "0", "--budget", "1m30s"]).unwrap();
        let Command::Generate(g) = cli.command else {
            panic!("generate")
        };
        assert_eq!(g.rounds, 0);
        assert_eq!(g.budget, std::time::Duration::from_secs(90));
        let o = generate_options(&g).unwrap();
        assert_eq!(o.refine.rounds, 0);
        assert_eq!(o.refine.budget, std::time::Duration::from_secs(90));
        assert!(parse(&["generate", "--budget", "soon"]).is_err());
        assert!(parse(&["generate", "--rounds", "-1"]).is_err());
    }

    #[test]
    fn tags_and_timeout_parse() {
        let cli = parse(&["generate", "--tags", "a,b", "--timeout", "5"]).unwrap();
        let Command::Generate(g) = cli.command else {
            panic!("generate")
        };
        assert_eq!(g.tags, ["a", "b"]);
        assert_eq!(g.timeout, 5);
        let Command::Generate(d) = parse(&["generate"]).unwrap().command else {
            panic!("generate")
        };
        assert!(d.tags.is_empty());
        assert_eq!(d.timeout, 20);
        assert!(parse(&["generate", "--timeout", "0"]).is_err());
    }

    #[test]
    fn run_flags_parse_with_defaults() {
        let Command::Run(d) = parse(&["run"]).unwrap().command else {
            panic!("run")
        };
        assert!(d.packages.is_empty());
        assert_eq!(d.fuzz_time, std::time::Duration::from_secs(30));
        assert_eq!(d.budget, std::time::Duration::from_secs(600));
        assert!(d.keep_crashers && !d.fail_on_findings && d.jobs.is_none());
        assert_eq!(d.report, PathBuf::from(".heatseed/report.html"));
        let Command::Run(r) = parse(&[
            "run",
            "./order",
            "./payment/...",
            "--fuzz-time",
            "0",
            "--budget",
            "1m30s",
            "-j",
            "3",
            "--keep-crashers=false",
            "--coverdir",
            "a",
            "--coverdir",
            "b",
            "--since",
            "HEAD~1",
        ])
        .unwrap()
        .command
        else {
            panic!("run")
        };
        assert_eq!(r.packages, ["./order", "./payment/..."]);
        assert!(r.fuzz_time.is_zero());
        assert_eq!(r.budget, std::time::Duration::from_secs(90));
        assert_eq!(r.jobs, Some(3));
        assert!(!r.keep_crashers);
        assert_eq!(r.coverdirs.len(), 2);
        assert_eq!(r.since.as_deref(), Some("HEAD~1"));
        let Command::Run(k) = parse(&["run", "--keep-crashers"]).unwrap().command else {
            panic!("run")
        };
        assert!(k.keep_crashers);
        assert!(parse(&["run", "--fuzz-time", "soon"]).is_err());
        assert!(parse(&["run", "-j", "0"]).is_err());
    }

    #[test]
    fn package_patterns_match_like_go() {
        let root = Path::new("/m");
        let f = Path::new("/m/order/x.go");
        assert!(package_matches(
            "example.com/shop/...",
            "example.com/shop/order",
            f,
            root
        ));
        assert!(package_matches(
            "example.com/shop/...",
            "example.com/shop",
            f,
            root
        ));
        assert!(!package_matches(
            "example.com/sh/...",
            "example.com/shop/order",
            f,
            root
        ));
        assert!(package_matches(
            "example.com/shop/order",
            "example.com/shop/order",
            f,
            root
        ));
        assert!(!package_matches(
            "example.com/shop",
            "example.com/shop/order",
            f,
            root
        ));
    }
}
