//! Targets: the heatmap laid over the source index.
//!
//! For every function of every profiled file: its statements and covered statements (the
//! numbers `go tool cover -func` prints), every block with its count, heat and guard, and why a
//! cold block is cold. Functions holding cold or rare blocks become [`Target`]s, ranked by the
//! cold statements they hold plus those they reach through calls inside the module.
//! Files whose blocks do not fit the current source are reported as stale and dropped.

pub mod fuzzable;
pub mod guard;
pub mod rank;

use crate::heatmap::{Block, FileHeat, Heatmap};
use crate::index::{Function, GoFile};
use crate::span::{CoverPos, CoverRange};
use guard::{BlockGuard, GuardKind};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;

/// Knobs of the analysis.
#[derive(Clone, Debug)]
pub struct Options {
    /// A block is *rare* when it ran in at most this fraction of its function's entries.
    pub rare_fraction: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rare_fraction: 0.01,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Heat {
    Cold,
    Rare,
    Warm,
}

/// One cover block inside a function.
#[derive(Clone, Debug, Serialize)]
pub struct BlockHeat {
    #[serde(flatten)]
    pub block: Block,
    pub heat: Heat,
    pub guard: BlockGuard,
    /// Why the block is cold or rare (empty for warm blocks).
    pub why: String,
}

/// Index of a function: file index into [`Analysis::files`], function index in that file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FuncId {
    pub file: usize,
    pub func: usize,
}

/// Heat of one function.
#[derive(Clone, Debug, Serialize)]
pub struct FunctionHeat {
    #[serde(skip)]
    pub id: FuncId,
    /// Bare name, as `go tool cover -func` prints it.
    pub name: String,
    /// `Type.Name` for methods.
    pub qualified: String,
    pub package: String,
    /// File name as the profile spells it.
    pub file: String,
    /// Line of the `func` keyword.
    pub line: u32,
    pub statements: u64,
    pub covered_statements: u64,
    /// Count of the function's entry block (times the function was entered).
    pub entries: u64,
    pub has_syntax_error: bool,
    #[serde(skip)]
    pub blocks: Vec<BlockHeat>,
}

impl FunctionHeat {
    pub fn cold_statements(&self) -> u64 {
        self.blocks
            .iter()
            .filter(|b| b.heat == Heat::Cold)
            .map(|b| b.block.num_stmt as u64)
            .sum()
    }
    pub fn rare_statements(&self) -> u64 {
        self.blocks
            .iter()
            .filter(|b| b.heat == Heat::Rare)
            .map(|b| b.block.num_stmt as u64)
            .sum()
    }
}

/// A function worth seeding.
#[derive(Clone, Debug, Serialize)]
pub struct Target {
    pub rank: usize,
    #[serde(skip)]
    pub id: FuncId,
    /// Cold statements of the function itself.
    pub cold_statements: u64,
    pub rare_statements: u64,
    /// Cold statements of the function plus those of every module function it can reach.
    pub reach_statements: u64,
    /// Module functions it calls directly (qualified names with package).
    pub callees: Vec<String>,
    /// Whether a fuzz test can drive the target, and why not: decided by the planner
    /// (`crate::plan::decide_fuzzability`) once the target is detailed; until then false with
    /// the reason "not analysed in detail".
    pub fuzzable: bool,
    pub unfuzzable_reason: Option<String>,
    /// True once [`Analysis::detail`] parsed its package: guards are known.
    #[serde(skip)]
    pub detailed: bool,
}

/// A profiled file whose blocks do not fit the source on disk.
#[derive(Clone, Debug, Serialize)]
pub struct StaleFile {
    pub file: String,
    pub path: PathBuf,
    pub reason: String,
}

/// A profiled file and its parsed source.
#[derive(Clone, Debug)]
pub struct AnalyzedFile {
    pub heat: FileHeat,
    pub source: GoFile,
}

/// The hand-off to reports and to seed generation.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub heatmap_mode: crate::heatmap::Mode,
    pub files: Vec<AnalyzedFile>,
    /// Every function of every profiled file, in profile file order then source order.
    pub functions: Vec<FunctionHeat>,
    /// Ranked targets (best first).
    pub targets: Vec<Target>,
    pub stale: Vec<StaleFile>,
    pub notes: Vec<String>,
    pub options: Options,
    /// Direct module callees of every function (same order as `functions`); see
    /// [`Analysis::callees`].
    calls: Vec<Vec<FuncId>>,
}

impl Analysis {
    /// Parses in full (tree-sitter) every scanned-only file of the packages of the first `n`
    /// targets (all with `None`) and of `also` packages, then computes the guards of their
    /// blocks. Function extents, statements and the ranking do not change: they come from the
    /// scan. Whether those targets can be fuzzed is the planner's call
    /// (`crate::plan::decide_fuzzability`).
    pub fn detail(&mut self, n: Option<usize>, also: &[String]) -> crate::error::Result<()> {
        self.detail_cached(n, also, None)
    }

    /// [`Analysis::detail`], reading and storing full parses through the state directory
    /// (see [`crate::index::index_files_cached`]); the result is the same.
    pub fn detail_cached(
        &mut self,
        n: Option<usize>,
        also: &[String],
        state: Option<&crate::state::StateDir>,
    ) -> crate::error::Result<()> {
        let n = n.unwrap_or(self.targets.len()).min(self.targets.len());
        let mut pkgs: std::collections::BTreeSet<String> = also.iter().cloned().collect();
        for t in &self.targets[..n] {
            pkgs.insert(self.heat(t.id).package.clone());
        }
        let todo: Vec<usize> = (0..self.files.len())
            .filter(|&i| {
                self.files[i].source.lite && pkgs.contains(&self.files[i].heat.import_path)
            })
            .collect();
        let paths: Vec<std::path::PathBuf> = todo
            .iter()
            .map(|&i| self.files[i].heat.path.clone())
            .collect();
        for (i, parsed) in todo
            .iter()
            .zip(crate::index::index_files_cached(&paths, state))
        {
            let mut full = parsed?;
            // Keep the scan's function list (FuncIds stay valid) and take each function's full
            // parse where the parser found the same function at the same extent (always, but
            // for syntax errors: then the unmatched functions keep no guards).
            let lite = std::mem::take(&mut self.files[*i].source.functions);
            full.functions = match_parsed(lite, std::mem::take(&mut full.functions));
            if !full.syntax_errors.is_empty() {
                let bad = full.functions.iter().filter(|f| f.has_syntax_error).count();
                self.notes.push(format!(
                    "{}: syntax errors at line {}; {bad} function(s) analysed without guards",
                    full.path.display(),
                    full.syntax_errors[0].start.line
                ));
            }
            self.files[*i].source = full;
        }
        let opts = self.options.clone();
        let mut redo: Vec<Option<FileBlocks>> = (0..self.files.len()).map(|_| None).collect();
        for &i in &todo {
            redo[i] = Some(FileBlocks::new(&self.files[i].heat.blocks));
        }
        let files = &self.files;
        self.functions.par_iter_mut().for_each(|h| {
            let file = &files[h.id.file];
            if let Some(blocks) = &redo[h.id.file] {
                let f = &file.source.functions[h.id.func];
                let own = blocks.overlapping(&f.range);
                *h = function_heat(h.id, f, own, &file.heat, file.source.lite, &opts);
            }
        });
        for t in &mut self.targets[..n] {
            t.detailed = true;
        }
        // Full parses see calls the scan does not resolve the same way: the call graph follows
        // them (the ranking, made from the scan, stays).
        self.calls = call_ids(self, &rank::call_graph(self));
        Ok(())
    }

    /// The module functions `id` calls directly (resolved by name, see [`rank`]), in
    /// [`FuncId`] order. Computed once by [`analyze`] (again by [`Analysis::detail`]).
    pub fn callees(&self, id: FuncId) -> &[FuncId] {
        self.functions
            .binary_search_by_key(&id, |h| h.id)
            .map_or(&[], |i| &self.calls[i])
    }

    /// The call graph by positions in [`Analysis::functions`] (what [`rank`] works on), from
    /// the one computed by [`analyze`] (again by [`Analysis::detail`]).
    pub fn call_graph(&self) -> Vec<Vec<usize>> {
        self.calls
            .iter()
            .map(|cs| {
                cs.iter()
                    .filter_map(|id| self.functions.binary_search_by_key(id, |h| h.id).ok())
                    .collect()
            })
            .collect()
    }

    pub fn function(&self, id: FuncId) -> &Function {
        &self.files[id.file].source.functions[id.func]
    }

    /// `functions` is in [`FuncId`] order (file, then function), so this is a binary search.
    pub fn heat(&self, id: FuncId) -> &FunctionHeat {
        let i = self
            .functions
            .binary_search_by_key(&id, |h| h.id)
            .expect("every FuncId comes from functions");
        &self.functions[i]
    }

    /// Total statements and covered statements over all functions (cover -func's `total:`).
    pub fn totals(&self) -> (u64, u64) {
        self.functions.iter().fold((0, 0), |(s, c), f| {
            (s + f.statements, c + f.covered_statements)
        })
    }
}

/// Lays the heatmap over the parsed files. `sources[i]` is the parse of `heatmap.files[i]`.
pub fn analyze(heatmap: Heatmap, sources: Vec<GoFile>, opts: &Options) -> Analysis {
    let mut files = Vec::new();
    let mut stale = Vec::new();
    let mut notes = heatmap.notes.clone();
    for (heat, source) in heatmap.files.into_iter().zip(sources) {
        match check_fit(&heat, &source) {
            Ok(()) => files.push(AnalyzedFile { heat, source }),
            Err(reason) => stale.push(StaleFile {
                file: heat.profile_name.clone(),
                path: heat.path.clone(),
                reason,
            }),
        }
    }
    let mut functions = Vec::new();
    for (fi, file) in files.iter().enumerate() {
        let blocks = FileBlocks::new(&file.heat.blocks);
        if !file.source.syntax_errors.is_empty() {
            let bad = file
                .source
                .functions
                .iter()
                .filter(|f| f.has_syntax_error)
                .count();
            notes.push(format!(
                "{}: syntax errors at line {}; {bad} function(s) analysed without guards",
                file.heat.path.display(),
                file.source.syntax_errors[0].start.line
            ));
        }
        for (idx, f) in file.source.functions.iter().enumerate() {
            if f.body.is_none() {
                // cmd/cover skips declarations without body (assembly functions).
                continue;
            }
            functions.push(function_heat(
                FuncId {
                    file: fi,
                    func: idx,
                },
                f,
                blocks.overlapping(&f.range),
                &file.heat,
                file.source.lite,
                opts,
            ));
        }
    }
    let mut analysis = Analysis {
        heatmap_mode: heatmap.mode,
        files,
        functions,
        targets: Vec::new(),
        stale,
        notes,
        options: opts.clone(),
        calls: Vec::new(),
    };
    let graph = rank::call_graph(&analysis);
    analysis.targets = rank::rank(&analysis, &graph);
    analysis.calls = call_ids(&analysis, &graph);
    analysis
}

/// The call graph by positions in `a.functions`, as [`FuncId`]s.
fn call_ids(a: &Analysis, graph: &[Vec<usize>]) -> Vec<Vec<FuncId>> {
    graph
        .iter()
        .map(|cs| cs.iter().map(|&j| a.functions[j].id).collect())
        .collect()
}

/// A file fits when every block position exists in it and every block lies inside a function
/// body or a package-level func literal.
fn check_fit(heat: &FileHeat, src: &GoFile) -> Result<(), String> {
    let exists = |p: CoverPos| {
        p.line >= 1
            && (p.line as usize) <= src.line_lengths.len()
            && p.col as usize <= src.line_lengths[p.line as usize - 1] as usize + 1
    };
    // Bodies sorted by start with the running maximum of their ends: a block lies inside some
    // body when a body starting at or before it ends at or after it.
    let mut bodies: Vec<CoverRange> = src
        .functions
        .iter()
        .filter_map(|f| f.body)
        .chain(src.package_literals.iter().copied())
        .collect();
    bodies.sort();
    let max_end: Vec<CoverPos> = bodies
        .iter()
        .scan(CoverPos::default(), |m, b| {
            *m = (*m).max(b.end);
            Some(*m)
        })
        .collect();
    for b in &heat.blocks {
        if !exists(b.range.start) || !exists(b.range.end) {
            return Err(format!(
                "profile block {} does not exist in the file ({} lines): the profile is older than the source",
                b.range,
                src.line_lengths.len()
            ));
        }
        let k = bodies.partition_point(|body| body.start <= b.range.start);
        let inside = k > 0 && b.range.end <= max_end[k - 1];
        if !inside {
            return Err(format!(
                "profile block {} lies outside every function body: the profile is older than the source",
                b.range
            ));
        }
    }
    Ok(())
}

/// A file's blocks with the running maximum of their ends, so the blocks overlapping a
/// function are found by binary search (the merged heatmap keeps blocks sorted by start).
struct FileBlocks<'a> {
    blocks: &'a [Block],
    max_end: Vec<CoverPos>,
    sorted: bool,
}

impl<'a> FileBlocks<'a> {
    fn new(blocks: &'a [Block]) -> Self {
        let max_end = blocks
            .iter()
            .scan(CoverPos::default(), |m, b| {
                *m = (*m).max(b.range.end);
                Some(*m)
            })
            .collect();
        FileBlocks {
            blocks,
            max_end,
            sorted: blocks
                .windows(2)
                .all(|w| w[0].range.start <= w[1].range.start),
        }
    }

    /// The blocks overlapping `r` (cover -func's rule), in file order.
    fn overlapping(&self, r: &CoverRange) -> Vec<&'a Block> {
        if !self.sorted {
            return self
                .blocks
                .iter()
                .filter(|b| r.overlaps(&b.range))
                .collect();
        }
        let hi = self.blocks.partition_point(|b| b.range.start < r.end);
        let mut lo = hi;
        while lo > 0 && self.max_end[lo - 1] > r.start {
            lo -= 1;
        }
        self.blocks[lo..hi]
            .iter()
            .filter(|b| r.overlaps(&b.range))
            .collect()
    }
}

/// The full parse's functions in the scan's order: each scanned function takes the parsed one
/// with the same name and extent (always, but for syntax errors: then it keeps no guards).
fn match_parsed(lite: Vec<Function>, parsed: Vec<Function>) -> Vec<Function> {
    let mut by_key: HashMap<(CoverRange, String), VecDeque<Function>> = HashMap::new();
    for p in parsed {
        by_key
            .entry((p.range, p.name.clone()))
            .or_default()
            .push_back(p);
    }
    lite.into_iter()
        .map(|lf| {
            match by_key
                .get_mut(&(lf.range, lf.name.clone()))
                .and_then(VecDeque::pop_front)
            {
                Some(f) => f,
                None => Function {
                    has_syntax_error: true,
                    ..lf
                },
            }
        })
        .collect()
}

fn function_heat(
    id: FuncId,
    f: &Function,
    own: Vec<&Block>,
    heat: &FileHeat,
    lite: bool,
    opts: &Options,
) -> FunctionHeat {
    let guards = guard::Guards::new(f);
    let statements = own.iter().map(|b| b.num_stmt as u64).sum();
    let covered_statements = own
        .iter()
        .filter(|b| b.count > 0)
        .map(|b| b.num_stmt as u64)
        .sum();
    let entries = own
        .iter()
        .find(|b| guards.innermost(b.range.start) == Some(0))
        .or(own.first())
        .map(|b| b.count)
        .unwrap_or(0);
    let blocks = own
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let guard = if lite {
                BlockGuard {
                    kind: guard::GuardKind::Unknown,
                    text: "not analysed in detail".into(),
                    line: b.range.start.line,
                    region: None,
                    condition: None,
                    also: guard::Conditions::default(),
                }
            } else if f.has_syntax_error {
                BlockGuard {
                    kind: guard::GuardKind::Unknown,
                    text: "syntax error in function".into(),
                    line: b.range.start.line,
                    region: None,
                    condition: None,
                    also: guard::Conditions::default(),
                }
            } else {
                guards.guard_of(&b.range)
            };
            let heat = if b.count == 0 {
                Heat::Cold
            } else if (b.count as f64) <= opts.rare_fraction * entries as f64 {
                Heat::Rare
            } else {
                Heat::Warm
            };
            let why = explain_heat(heat, &guard, b, &own[..i], f, entries);
            BlockHeat {
                block: **b,
                heat,
                guard,
                why,
            }
        })
        .collect();
    FunctionHeat {
        id,
        name: f.name.clone(),
        qualified: f.qualified_name(),
        package: heat.import_path.clone(),
        file: heat.profile_name.clone(),
        line: f.range.start.line,
        statements,
        covered_statements,
        entries,
        has_syntax_error: f.has_syntax_error,
        blocks,
    }
}

/// Why a block is cold or rare, in words.
fn explain_heat(
    heat: Heat,
    guard: &BlockGuard,
    b: &Block,
    earlier: &[&Block],
    f: &Function,
    entries: u64,
) -> String {
    match heat {
        Heat::Warm => String::new(),
        Heat::Rare => format!(
            "ran {} times in {} entries ({:.2}%): `{}` rarely holds",
            b.count,
            entries,
            100.0 * b.count as f64 / entries.max(1) as f64,
            guard.text
        ),
        Heat::Cold => {
            if entries == 0 {
                return "the function was never called".into();
            }
            // The block that decided: the last earlier block of the same or enclosing region.
            let decider = guard.region.and_then(|ri| {
                let region = &f.regions[ri];
                let parent_range = region.parent.map(|p| f.regions[p].range);
                earlier.iter().rev().find(|e| {
                    region.range.contains(e.range.start)
                        || parent_range.is_some_and(|pr| pr.contains(e.range.start))
                })
            });
            if let Some(d) = decider {
                if d.count == 0 {
                    return format!(
                        "the code before it (line {}) never ran either",
                        d.range.start.line
                    );
                }
            }
            match guard.kind {
                GuardKind::If => format!("`{}` was never true", guard.text),
                GuardKind::Else => {
                    format!("`{}` never held (the if branch always ran)", guard.text)
                }
                GuardKind::Case => format!("no input matched `{}`", guard.text),
                GuardKind::Default => "every input matched one of the other cases".into(),
                GuardKind::TypeCase => format!("no value had type: {}", guard.text),
                GuardKind::LoopBody => format!("the loop `{}` never iterated", guard.text),
                GuardKind::Continuation => match &guard.condition {
                    Some(_) => format!(
                        "an earlier branch always left the function: `{}` never held",
                        guard.text
                    ),
                    None => format!("control never got past the statement: {}", guard.text),
                },
                GuardKind::FuncLiteral => "the func literal was never called".into(),
                GuardKind::SelectCase => format!("`{}` was never ready", guard.text),
                _ => format!("never reached ({})", guard.text),
            }
        }
    }
}

/// The default analysis of a module directory and its `cover.out` (test helper).
#[cfg(test)]
pub(crate) fn analyze_module(root: &std::path::Path) -> Analysis {
    use crate::heatmap;
    let raw = heatmap::read_profile(&root.join("cover.out")).unwrap();
    let merged = heatmap::merge_profiles(vec![raw]).unwrap();
    let modules = heatmap::ModuleMap::discover(root).unwrap();
    let hm = heatmap::resolve(merged, &modules);
    let paths: Vec<std::path::PathBuf> = hm.files.iter().map(|f| f.path.clone()).collect();
    let sources = crate::index::scan_files(&paths)
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    analyze(hm, sources, &Default::default())
}
