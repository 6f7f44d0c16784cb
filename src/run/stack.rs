//! Blocks a crashing input reached. A crasher is left out of the coverage replay (its panic
//! would end the package's test binary before the profile is written), so the blocks only it
//! reaches would stay cold in the report. The panic's stack trace names them: every frame
//! `\t/abs/path/file.go:LINE` in a profiled file was executing that line, so the coverage block
//! holding that line ran (a block's counter counts on entry). Only blocks that are the one block
//! touching their line are marked (`if x { return }` on one line is two blocks, and which of
//! them ran cannot be told from a line number).

use super::heat::BlockCounts;
use crate::targets::Analysis;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// `(file, line)` positions of stack frames.
pub type Frames = Vec<(PathBuf, u32)>;

/// The `(file, line)` of every stack frame in `output` (Go prints each frame's position on a
/// tab-indented line: `\t/abs/path/file.go:12 +0x1d`; `go test -fuzz` indents the stack it
/// reports for a failing input further, with spaces before the tab).
pub fn frames(output: &str) -> Frames {
    output
        .lines()
        .filter_map(|l| {
            let pos = l
                .trim_start_matches(' ')
                .strip_prefix('\t')?
                .split(' ')
                .next()?;
            let (file, line) = pos.rsplit_once(':')?;
            let line: u32 = line.parse().ok()?;
            (file.ends_with(".go") && Path::new(file).is_absolute())
                .then(|| (PathBuf::from(file), line))
        })
        .collect()
}

/// Counts 1 for every block of `a`'s files that a frame's line lies in and that nothing else
/// counted; returns how many blocks were marked.
pub fn mark(counts: &mut BlockCounts, a: &Analysis, frames: &[(PathBuf, u32)]) -> usize {
    let by_path: HashMap<PathBuf, usize> = a
        .files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            let canon = std::fs::canonicalize(&f.heat.path).ok();
            std::iter::once((f.heat.path.clone(), i)).chain(canon.map(|c| (c, i)))
        })
        .collect();
    let mut marked = 0;
    for (path, line) in frames {
        let Some(&i) = by_path.get(path) else {
            continue;
        };
        let heat = &a.files[i].heat;
        let mut touching = heat
            .blocks
            .iter()
            .filter(|b| b.range.start.line <= *line && *line <= b.range.end.line);
        let (Some(b), None) = (touching.next(), touching.next()) else {
            continue;
        };
        let c = counts
            .entry((heat.profile_name.clone(), b.range))
            .or_insert(0);
        if *c == 0 {
            *c = 1;
            marked += 1;
        }
    }
    marked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_read_from_a_go_panic() {
        let out = "--- FAIL: FuzzF (0.00s)\n    --- FAIL: FuzzF/crash (0.00s)\npanic: boom [recovered, repanicked]\n\ngoroutine 8 [running]:\ntesting.tRunner.func1.2({0x5f9a60, 0x7e93a0})\n\t/usr/local/go/src/testing/testing.go:1974 +0x232\nexample.com/pan.F(...)\n\t/tmp/pan/p.go:6\nexample.com/pan.FuzzF.func1(0x0?, {0x2e2c84636217, 0x4})\n\t/tmp/pan/p_test.go:7 +0x78\n\trelative/x.go:3\n            \t/tmp/pan/q.go:9\n  /tmp/pan/r.go:1\nFAIL\n";
        assert_eq!(
            frames(out),
            [
                (PathBuf::from("/usr/local/go/src/testing/testing.go"), 1974),
                (PathBuf::from("/tmp/pan/p.go"), 6),
                (PathBuf::from("/tmp/pan/p_test.go"), 7),
                (PathBuf::from("/tmp/pan/q.go"), 9),
            ]
        );
    }

    #[test]
    fn only_the_single_block_on_a_frame_line_is_marked_once() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/shop");
        let a = crate::targets::analyze_module(&root);
        // (file index, line, blocks touching the line) of every cold block's first line.
        let lines: Vec<(usize, u32, Vec<crate::span::CoverRange>)> = a
            .files
            .iter()
            .enumerate()
            .flat_map(|(i, f)| {
                f.heat.blocks.iter().filter(|b| b.count == 0).map(move |c| {
                    let line = c.range.start.line;
                    let touching = f
                        .heat
                        .blocks
                        .iter()
                        .filter(|b| b.range.start.line <= line && line <= b.range.end.line)
                        .map(|b| b.range)
                        .collect();
                    (i, line, touching)
                })
            })
            .collect();
        let single = lines.iter().find(|l| l.2.len() == 1).unwrap();
        let shared = lines.iter().find(|l| l.2.len() > 1).unwrap();
        let path = |i: usize| a.files[i].heat.path.clone();
        let key = (a.files[single.0].heat.profile_name.clone(), single.2[0]);
        let mut counts = BlockCounts::new();
        let n = mark(
            &mut counts,
            &a,
            &[
                (path(single.0), single.1),
                (path(single.0), single.1),
                (path(shared.0), shared.1),
                ("/elsewhere/x.go".into(), 1),
            ],
        );
        assert_eq!((n, counts.len(), counts.get(&key)), (1, 1, Some(&1)));
        // A block the replay counted keeps its count.
        let mut counts = BlockCounts::from([(key.clone(), 5)]);
        assert_eq!(mark(&mut counts, &a, &[(path(single.0), single.1)]), 0);
        assert_eq!(counts[&key], 5);
    }
}
