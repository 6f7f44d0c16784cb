//! A realistic [`RunSummary`] of the bundled `corpus/shop` module for the browser test.
//!
//! Real: the test heat (its `cover.out`), the sources, the packages and files, the ranked
//! targets, their cold blocks and guards (heatseed's own analysis). Made up, deterministically,
//! because no fuzzing runs in this test: which cold blocks the seeds and the fuzzer reached
//! (every third cold block by seeds, two of three by fuzzing), the coverdir heat of the top
//! target, the seed file names, the earlier runs of the trend, and one finding whose message
//! and a hostile extra file try to break out of the markup.

use heatseed::cli::InputArgs;
use heatseed::run::summary::*;
use heatseed::targets::{Analysis, Heat};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

type BlockKey = (String, u32, u32, u32, u32);

/// Source of the hostile extra file: markup, a script end tag, quotes, an image that would
/// be a network request if it ever became an element; a leading blank line that HTML would
/// drop after `<pre>` if the report did not guard it.
pub const HOSTILE_SOURCE: &str = "\npackage hostile\n\n// </script><script>document.title = \"pwned\"</script>\nfunc Bad(s string) bool {\n\treturn s == \"<img src=x>\" && '\\'' != 0\n}\n";
pub const HOSTILE_PATH: &str = "hostile/we<i>rd \"name\" & 'co'.go";
pub const FINDING_MESSAGE: &str =
    "panic: runtime error: index out of range [3] with length 3 \"</pre><img src=x onerror=alert(1)>\"";

pub fn build(shop: &Path) -> RunSummary {
    let input = InputArgs {
        profiles: vec![shop.join("cover.out")],
        root: shop.to_path_buf(),
        packages: vec![],
        rare_fraction: 0.01,
    };
    let mut loaded = heatseed::cli::load(&input).expect("shop analyses");
    loaded
        .analysis
        .detail(None, &[])
        .expect("full parse of shop");
    let root = loaded.root.clone();
    let a = &loaded.analysis;
    let mut blocks = file_blocks(a, &root);
    let targets = targets(a, &root, &mut blocks);
    let mut packages = packages(a, &root, &blocks);
    packages.push(hostile_package());
    let totals = sum(packages.iter().map(|p| p.totals), 1);
    let trend = [9, 5, 2, 0]
        .iter()
        .enumerate()
        .map(|(i, extra)| TrendPoint {
            started: format!("2026-11-{:02}T01:00:00Z", 27 + i),
            totals: Totals {
                cold_before: totals.cold_before + extra,
                cold_after_seeds: totals.cold_after_seeds + extra,
                cold_after_fuzz: totals.cold_after_fuzz + extra / 2,
                ..totals
            },
        })
        .collect();
    RunSummary {
        schema: SCHEMA.into(),
        module: "example.com/shop".into(),
        started: "2026-11-30T01:00:00Z".into(),
        sources: vec![
            HeatSource {
                kind: "test".into(),
                path: "cover.out".into(),
            },
            HeatSource {
                kind: "coverdir".into(),
                path: ".heatseed/covdata".into(),
            },
        ],
        totals,
        packages,
        targets,
        findings: vec![finding()],
        trend,
        notes: vec![],
        fuzz_runs: vec![],
    }
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every profile block of every file, with its real test count.
fn file_blocks(a: &Analysis, root: &Path) -> BTreeMap<String, Vec<BlockReport>> {
    let mut m = BTreeMap::new();
    for f in &a.files {
        let blocks = f
            .heat
            .blocks
            .iter()
            .map(|b| BlockReport {
                start_line: b.range.start.line,
                start_col: b.range.start.col,
                end_line: b.range.end.line,
                end_col: b.range.end.col,
                statements: b.num_stmt,
                test_count: b.count,
                coverdir_count: 0,
                seeds_count: 0,
                fuzz_count: 0,
            })
            .collect();
        m.insert(rel(root, &f.heat.path), blocks);
    }
    m
}

/// The first eight ranked targets with their real cold blocks and guards; the seed and
/// fuzzing outcome of each cold block is written into `blocks` too.
fn targets(
    a: &Analysis,
    root: &Path,
    blocks: &mut BTreeMap<String, Vec<BlockReport>>,
) -> Vec<TargetReport> {
    let mut index: HashMap<BlockKey, (String, usize)> = HashMap::new();
    for (file, bs) in blocks.iter() {
        for (i, b) in bs.iter().enumerate() {
            let key = (
                file.clone(),
                b.start_line,
                b.start_col,
                b.end_line,
                b.end_col,
            );
            index.insert(key, (file.clone(), i));
        }
    }
    let mut out = Vec::new();
    for t in a.targets.iter().take(8) {
        let h = a.heat(t.id);
        let file = rel(root, &a.files[t.id.file].heat.path);
        let dir = file.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let fuzz = format!("Fuzz{}", h.qualified.replace('.', ""));
        let mut cold = Vec::new();
        for (j, bh) in h.blocks.iter().filter(|b| b.heat == Heat::Cold).enumerate() {
            let r = bh.block.range;
            let key = (
                file.clone(),
                r.start.line,
                r.start.col,
                r.end.line,
                r.end.col,
            );
            let (by_seeds, by_fuzz) = (j % 3 == 0, j % 3 != 2);
            if let Some((f, i)) = index.get(&key) {
                let b = &mut blocks.get_mut(f).expect("indexed file")[*i];
                b.seeds_count = if by_seeds { 2 } else { 0 };
                b.fuzz_count = if by_fuzz { 2 + 5 * j as u64 } else { 0 };
                if t.rank == 1 {
                    b.coverdir_count = 1200;
                }
            }
            cold.push(ColdBlockReport {
                file: file.clone(),
                start_line: r.start.line,
                end_line: r.end.line,
                statements: bh.block.num_stmt,
                guard: bh.guard.text.clone(),
                seeds: vec![format!("{dir}/testdata/fuzz/{fuzz}/heatseed-{:02}", j + 1)],
                flipped_by_seeds: by_seeds,
                flipped_by_fuzzing: by_fuzz,
            });
        }
        let mut reasons = vec![
            format!("cold_stmts={}", t.cold_statements),
            format!("reach_stmts={}", t.reach_statements),
        ];
        if t.rank == 1 {
            reasons.push("coverdir_weight=1200".into());
        }
        out.push(TargetReport {
            rank: t.rank as u32,
            package: h.package.clone(),
            function: h.name.clone(),
            file,
            line: h.line,
            score: t.reach_statements as f64 + if t.rank == 1 { 12.0 } else { 0.0 },
            reasons,
            fuzz_test: Some(fuzz),
            cold_blocks: cold,
        });
    }
    out
}

/// Packages in import-path order, each file with its source read from disk.
fn packages(
    a: &Analysis,
    root: &Path,
    blocks: &BTreeMap<String, Vec<BlockReport>>,
) -> Vec<PackageReport> {
    let mut by_pkg: BTreeMap<String, Vec<FileReport>> = BTreeMap::new();
    for f in &a.files {
        let path = rel(root, &f.heat.path);
        let source = std::fs::read_to_string(&f.heat.path).expect("shop source");
        by_pkg
            .entry(f.heat.import_path.clone())
            .or_default()
            .push(FileReport {
                blocks: blocks[&path].clone(),
                path,
                source,
            });
    }
    by_pkg
        .into_iter()
        .map(|(import_path, mut files)| {
            files.sort_by(|x, y| x.path.cmp(&y.path));
            let totals = sum(
                files.iter().flat_map(|f| f.blocks.iter()).map(block_totals),
                0,
            );
            PackageReport {
                import_path,
                totals,
                files,
            }
        })
        .collect()
}

fn hostile_package() -> PackageReport {
    let block = BlockReport {
        start_line: 5,
        start_col: 26,
        end_line: 7,
        end_col: 2,
        statements: 1,
        test_count: 0,
        coverdir_count: 3,
        seeds_count: 1,
        fuzz_count: 4,
    };
    PackageReport {
        import_path: "example.com/shop/hostile".into(),
        totals: block_totals(&block),
        files: vec![FileReport {
            path: HOSTILE_PATH.into(),
            source: HOSTILE_SOURCE.into(),
            blocks: vec![block],
        }],
    }
}

fn block_totals(b: &BlockReport) -> Totals {
    let s = b.statements as u64;
    let cold = |c: u64| if c == 0 { s } else { 0 };
    Totals {
        statements: s,
        cold_before: cold(b.test_count),
        cold_after_seeds: cold(b.test_count + b.seeds_count),
        cold_after_fuzz: cold(b.test_count + b.fuzz_count),
        findings: 0,
    }
}

fn sum(ts: impl Iterator<Item = Totals>, findings: u64) -> Totals {
    ts.fold(
        Totals {
            findings,
            ..Totals::default()
        },
        |a, t| Totals {
            statements: a.statements + t.statements,
            cold_before: a.cold_before + t.cold_before,
            cold_after_seeds: a.cold_after_seeds + t.cold_after_seeds,
            cold_after_fuzz: a.cold_after_fuzz + t.cold_after_fuzz,
            findings: a.findings,
        },
    )
}

fn finding() -> Finding {
    Finding {
        kind: "panic".into(),
        phase: "fuzzing".into(),
        package: "example.com/shop/order".into(),
        fuzz_test: "FuzzParseOrder".into(),
        input: Some("order/testdata/fuzz/FuzzParseOrder/5f2a9c0e1d3b4a67".into()),
        message: FINDING_MESSAGE.into(),
        reproduce: "go test -run '^FuzzParseOrder$/^5f2a9c0e1d3b4a67$' ./order".into(),
    }
}
