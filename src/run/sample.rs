//! A small hand-written [`RunSummary`] for the renderers' unit tests: two targets, a finding,
//! a trend, and strings that need escaping (`<`, `&`, quotes, `</script>`).

use crate::run::summary::*;

pub fn summary() -> RunSummary {
    let source = "package order\n\n// Parse reads \"a<b\" & more.\nfunc Parse(s string) int {\n\tif len(s) > 4096 {\n\t\treturn -1 // </script><script>alert(1)</script>\n\t}\n\treturn len(s)\n}\n";
    let block = |sl, sc, el, ec, test, cov, seeds, fuzz| BlockReport {
        start_line: sl,
        start_col: sc,
        end_line: el,
        end_col: ec,
        statements: 1,
        test_count: test,
        coverdir_count: cov,
        seeds_count: seeds,
        fuzz_count: fuzz,
    };
    let totals = Totals {
        statements: 3,
        cold_before: 1,
        cold_after_seeds: 1,
        cold_after_fuzz: 0,
        findings: 1,
    };
    RunSummary {
        schema: SCHEMA.into(),
        module: "example.com/shop".into(),
        started: "2026-12-01T01:00:00Z".into(),
        sources: vec![
            HeatSource {
                kind: "test".into(),
                path: "cover.out".into(),
            },
            HeatSource {
                kind: "coverdir".into(),
                path: "covdata".into(),
            },
        ],
        totals,
        packages: vec![PackageReport {
            import_path: "example.com/shop/order".into(),
            totals,
            files: vec![FileReport {
                path: "order/pa\"r<se>.go".into(),
                source: source.into(),
                blocks: vec![
                    block(4, 27, 5, 19, 12, 0, 3, 40),
                    block(5, 19, 7, 3, 0, 250, 0, 2),
                    block(8, 2, 8, 15, 12, 0, 3, 38),
                ],
            }],
        }],
        targets: targets(),
        findings: vec![Finding {
            kind: "panic".into(),
            phase: "fuzzing".into(),
            package: "example.com/shop/order".into(),
            fuzz_test: "FuzzParse".into(),
            input: Some("order/testdata/fuzz/FuzzParse/771e938e4458e983".into()),
            message: "panic: runtime error: index out of range [5] with length 5 <\"'&>".into(),
            reproduce: "go test -run '^FuzzParse$/^771e938e4458e983$' ./order".into(),
        }],
        trend: trend(totals),
        notes: vec!["1 user test(s) failed: TestFlaky".into()],
        fuzz_runs: vec![],
    }
}

fn targets() -> Vec<TargetReport> {
    vec![
        TargetReport {
            rank: 1,
            package: "example.com/shop/order".into(),
            function: "Parse".into(),
            file: "order/pa\"r<se>.go".into(),
            line: 4,
            score: 7.5,
            reasons: vec!["cold_stmts=1".into(), "coverdir_weight=250".into()],
            fuzz_test: Some("FuzzParse".into()),
            cold_blocks: vec![ColdBlockReport {
                file: "order/pa\"r<se>.go".into(),
                start_line: 5,
                end_line: 7,
                statements: 1,
                guard: "len(s) > 4096 && s[0] != '<'".into(),
                seeds: vec!["order/testdata/fuzz/FuzzParse/heatseed-1a2b".into()],
                flipped_by_seeds: false,
                flipped_by_fuzzing: true,
            }],
        },
        TargetReport {
            rank: 2,
            package: "example.com/shop/order".into(),
            function: "(*Batch).Add".into(),
            file: "order/batch.go".into(),
            line: 12,
            score: 2.0,
            reasons: vec!["cold_stmts=2".into()],
            fuzz_test: None,
            cold_blocks: vec![],
        },
    ]
}

fn trend(totals: Totals) -> Vec<TrendPoint> {
    vec![
        TrendPoint {
            started: "2026-11-29T01:00:00Z".into(),
            totals: Totals {
                cold_before: 3,
                cold_after_seeds: 2,
                cold_after_fuzz: 2,
                ..totals
            },
        },
        TrendPoint {
            started: "2026-11-30T01:00:00Z".into(),
            totals: Totals {
                cold_before: 2,
                cold_after_seeds: 2,
                cold_after_fuzz: 1,
                ..totals
            },
        },
        TrendPoint {
            started: "2026-12-01T01:00:00Z".into(),
            totals,
        },
    ]
}
