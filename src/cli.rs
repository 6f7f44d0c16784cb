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

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,
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
    }
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
    let opts = targets::Options {
        rare_fraction: input.rare_fraction,
    };
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
    let mut loaded = load(&args.input)?;
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
    loaded.analysis.detail(detail_top, &explain_pkgs)?;
    crate::plan::decide_fuzzability(&mut loaded.analysis, detail_top);
    let a = &loaded.analysis;
    if let Some((file, line)) = &args.explain {
        let text = report::explain(a, file, *line)
            .ok_or_else(|| Error::Usage(format!("--explain: no profiled file matches `{file}`")))?;
        print!("{}", escape_controls(&text));
        return Ok(());
    }
    match args.format {
        Format::Text => print!(
            "{}",
            escape_controls(&report::analyze_text(
                a,
                top,
                &loaded.unresolved,
                &loaded.root
            ))
        ),
        Format::Json => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            report::write_analyze_json(&mut out, a, top, &loaded.unresolved)
                .and_then(|()| std::io::Write::flush(&mut out))
                .map_err(|e| Error::write_io("<stdout>", e))?;
        }
    }
    Ok(())
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
    let scratch = dry_run_scratch(&mut args)?;
    // Without the check no go command runs: the build context falls back to the host's.
    let build = if args.no_check {
        crate::toolchain::host_build_context()
    } else {
        crate::toolchain::build_context()
    };
    let mut loaded = load_with(&args.input, Some(&build))?;
    loaded.analysis.detail(args.top, &[])?;
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
        crate::generate::generate_checked(&loaded.analysis, &loaded.root, &opts, args.top)?
    };
    rep.notes.extend(excluded_note(&loaded, &build));
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
        },
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
