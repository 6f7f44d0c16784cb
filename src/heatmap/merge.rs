//! Merging parsed profiles into one [`MergedProfile`].
//!
//! Responsible for combining the blocks of any number of [`RawProfile`]s exactly the way
//! `golang.org/x/tools/cover` (and so `go tool cover -func`) combines the blocks of one file:
//! blocks are grouped per profile file name, sorted by start position, and blocks with identical
//! ranges are merged (`set`: OR, giving 0/1; `count`/`atomic`: sum, saturating in u64). A NUMSTMT
//! mismatch for the same range is an error. All profiles must have the same mode
//! ("counter mode clash", as `go tool covdata` says).
//!
//! Sorting: x/tools sorts by (start line, start col) with an unstable sort and merges only
//! adjacent identical ranges; we sort stably by (start, end), which gives the same blocks
//! whenever no two distinct ranges share a start (Go never writes such blocks for one file) and
//! always merges identical ranges.

use super::{Block, MergedProfile, Mode, RawProfile};
use crate::error::{Error, Result};
use std::collections::{BTreeMap, HashMap};

/// A block waiting to be merged, with where it came from (for errors).
struct Entry {
    block: Block,
    line_no: usize,
    profile: usize,
}

/// Merges `profiles` (in the order given; the first one's mode is the expected mode).
pub fn merge_profiles(profiles: Vec<RawProfile>) -> Result<MergedProfile> {
    let Some(first) = profiles.first() else {
        return Err(Error::Usage("no coverage profiles to merge".into()));
    };
    let mode = first.mode;
    for p in &profiles[1..] {
        if p.mode != mode {
            return Err(Error::Profile {
                path: p.path.clone(),
                message: format!(
                    "counter mode clash: {} has mode {}, {} has mode {}",
                    first.path.display(),
                    mode.as_str(),
                    p.path.display(),
                    p.mode.as_str()
                ),
            });
        }
    }
    let several = profiles.len() > 1;
    let Grouped {
        mut notes,
        paths,
        groups,
    } = group_by_file(profiles);
    let mut repeated = 0usize;
    let mut files = BTreeMap::new();
    for (name, entries) in groups {
        let (blocks, r) = merge_file(&name, entries, mode, &paths)?;
        repeated += r;
        files.insert(name, blocks);
    }
    if several {
        notes.push(format!("merged {} profiles", paths.len()));
    }
    if repeated > 0 {
        notes.push(format!(
            "{repeated} repeated blocks (same file and range) merged ({})",
            match mode {
                Mode::Set => "set: covered if covered in any",
                Mode::Count | Mode::Atomic => "counts summed",
            }
        ));
    }
    Ok(MergedProfile { mode, files, notes })
}

/// The profiles' blocks grouped per file name (in first-seen order), their notes and paths.
struct Grouped {
    notes: Vec<String>,
    paths: Vec<std::path::PathBuf>,
    groups: Vec<(String, Vec<Entry>)>,
}

fn group_by_file(profiles: Vec<RawProfile>) -> Grouped {
    let several = profiles.len() > 1;
    let mut out = Grouped {
        notes: Vec::new(),
        paths: Vec::with_capacity(profiles.len()),
        groups: Vec::new(),
    };
    // Consecutive blocks usually name the same file: skip the hash lookup.
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut current: Option<usize> = None;
    for (pi, p) in profiles.into_iter().enumerate() {
        for note in p.notes {
            out.notes.push(if several {
                format!("{}: {note}", p.path.display())
            } else {
                note
            });
        }
        for raw in p.blocks {
            let g = match current {
                Some(g) if out.groups[g].0 == raw.file => g,
                _ => {
                    let g = *index.entry(raw.file.clone()).or_insert_with(|| {
                        out.groups.push((raw.file, Vec::new()));
                        out.groups.len() - 1
                    });
                    current = Some(g);
                    g
                }
            };
            out.groups[g].1.push(Entry {
                block: Block {
                    range: raw.range,
                    num_stmt: raw.num_stmt,
                    count: raw.count,
                },
                line_no: raw.line_no,
                profile: pi,
            });
        }
        out.paths.push(p.path);
    }
    out
}

/// One file's blocks sorted by range, repeated blocks merged (counts summed, or or-ed in set
/// mode); also returns how many repeats were merged. Repeats must agree on NUMSTMT.
fn merge_file(
    name: &str,
    mut entries: Vec<Entry>,
    mode: Mode,
    paths: &[std::path::PathBuf],
) -> Result<(Vec<Block>, usize)> {
    entries.sort_by_key(|e| e.block.range);
    let mut repeated = 0usize;
    let mut blocks: Vec<Block> = Vec::with_capacity(entries.len());
    let mut last: Option<&Entry> = None;
    for e in &entries {
        let mut block = e.block;
        if mode == Mode::Set {
            block.count = u64::from(block.count > 0);
        }
        if let (Some(prev), Some(merged)) = (last, blocks.last_mut()) {
            if prev.block.range == block.range {
                if prev.block.num_stmt != block.num_stmt {
                    return Err(Error::Profile {
                        path: paths[e.profile].clone(),
                        message: format!(
                            "inconsistent NUMSTMT for {name}:{}: {} at {}:{}, {} at {}:{}",
                            block.range,
                            prev.block.num_stmt,
                            paths[prev.profile].display(),
                            prev.line_no,
                            block.num_stmt,
                            paths[e.profile].display(),
                            e.line_no
                        ),
                    });
                }
                merged.count = match mode {
                    Mode::Set => merged.count | block.count,
                    Mode::Count | Mode::Atomic => merged.count.saturating_add(block.count),
                };
                repeated += 1;
                continue;
            }
        }
        blocks.push(block);
        last = Some(e);
    }
    Ok((blocks, repeated))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heatmap::parse_profile;
    use crate::span::{CoverPos, CoverRange};
    use std::path::Path;

    fn prof(path: &str, text: &str) -> RawProfile {
        parse_profile(Path::new(path), text.as_bytes()).unwrap()
    }

    fn r(sl: u32, sc: u32, el: u32, ec: u32) -> CoverRange {
        CoverRange::new(CoverPos::new(sl, sc), CoverPos::new(el, ec))
    }

    fn counts(m: &MergedProfile, file: &str) -> Vec<(CoverRange, u32, u64)> {
        m.files[file]
            .iter()
            .map(|b| (b.range, b.num_stmt, b.count))
            .collect()
    }

    #[test]
    fn set_mode_ors_to_zero_or_one() {
        let a = prof("a.out", "mode: set\nx.go:3.1,4.1 1 0\nx.go:1.1,2.1 2 1\n");
        let b = prof(
            "b.out",
            "mode: set\nx.go:1.1,2.1 2 1\nx.go:3.1,4.1 1 1\nx.go:5.1,6.1 1 0\n",
        );
        let m = merge_profiles(vec![a, b]).unwrap();
        assert_eq!(m.mode, Mode::Set);
        assert_eq!(
            counts(&m, "x.go"),
            [
                (r(1, 1, 2, 1), 2, 1),
                (r(3, 1, 4, 1), 1, 1),
                (r(5, 1, 6, 1), 1, 0)
            ]
        );
        assert!(
            m.notes.iter().any(|n| n == "merged 2 profiles"),
            "{:?}",
            m.notes
        );
        assert!(
            m.notes.iter().any(|n| n.starts_with("2 repeated blocks")),
            "{:?}",
            m.notes
        );
    }

    #[test]
    fn count_and_atomic_sum_saturating() {
        for mode in ["count", "atomic"] {
            let text = format!(
                "mode: {mode}\nx.go:1.1,2.1 2 3\nx.go:1.1,2.1 2 4\ny.go:1.1,1.5 1 18446744073709551615\n"
            );
            let a = prof("a.out", &text);
            let b = prof("b.out", &text);
            let m = merge_profiles(vec![a, b]).unwrap();
            assert_eq!(counts(&m, "x.go"), [(r(1, 1, 2, 1), 2, 14)]);
            assert_eq!(counts(&m, "y.go"), [(r(1, 1, 1, 5), 1, u64::MAX)]);
        }
    }

    #[test]
    fn blocks_sorted_by_start_then_end_and_files_by_name() {
        let a = prof(
            "a.out",
            "mode: count\nb.go:9.1,9.2 1 1\na.go:5.1,6.1 1 1\na.go:2.3,2.9 1 0\na.go:2.3,2.4 0 0\na.go:2.1,2.2 1 0\n",
        );
        let m = merge_profiles(vec![a]).unwrap();
        assert_eq!(m.files.keys().collect::<Vec<_>>(), ["a.go", "b.go"]);
        let ranges: Vec<CoverRange> = m.files["a.go"].iter().map(|b| b.range).collect();
        assert_eq!(
            ranges,
            [r(2, 1, 2, 2), r(2, 3, 2, 4), r(2, 3, 2, 9), r(5, 1, 6, 1)]
        );
    }

    #[test]
    fn go_test_dot_dot_dot_with_coverpkg_repeats_blocks_in_one_profile() {
        // two test binaries, each reporting the same package's blocks
        let a = prof(
            "c.out",
            "mode: set\np/x.go:1.1,2.1 1 0\np/x.go:2.1,3.1 1 1\np/x.go:1.1,2.1 1 1\np/x.go:2.1,3.1 1 0\n",
        );
        let m = merge_profiles(vec![a]).unwrap();
        assert_eq!(
            counts(&m, "p/x.go"),
            [(r(1, 1, 2, 1), 1, 1), (r(2, 1, 3, 1), 1, 1)]
        );
        assert!(!m.notes.iter().any(|n| n.starts_with("merged")));
    }

    #[test]
    fn numstmt_mismatch_names_file_range_and_both_lines() {
        let a = prof("a.out", "mode: count\nx.go:1.1,1.9 1 1\nx.go:3.1,4.1 2 1\n");
        let b = prof("b.out", "mode: count\nx.go:3.1,4.1 3 1\n");
        let err = merge_profiles(vec![a, b]).unwrap_err();
        let Error::Profile { path, message } = err else {
            panic!("{err:?}")
        };
        assert_eq!(path, Path::new("b.out"));
        assert_eq!(
            message,
            "inconsistent NUMSTMT for x.go:3.1,4.1: 2 at a.out:3, 3 at b.out:2"
        );
    }

    #[test]
    fn mode_clash_names_both_files() {
        let a = prof("a.out", "mode: set\n");
        let b = prof("b.out", "mode: count\n");
        let err = merge_profiles(vec![a, b]).unwrap_err();
        let Error::Profile { path, message } = err else {
            panic!("{err:?}")
        };
        assert_eq!(path, Path::new("b.out"));
        assert_eq!(
            message,
            "counter mode clash: a.out has mode set, b.out has mode count"
        );
    }

    #[test]
    fn no_profiles_is_an_error_and_notes_are_carried() {
        assert!(matches!(merge_profiles(vec![]), Err(Error::Usage(_))));
        let a = prof("a.out", "mode: set\r\nx.go:1.1,2.1 1 1\r\n");
        let m = merge_profiles(vec![a.clone()]).unwrap();
        assert_eq!(m.notes, ["CRLF line endings accepted"]);
        let m = merge_profiles(vec![a.clone(), a]).unwrap();
        assert!(m
            .notes
            .contains(&"a.out: CRLF line endings accepted".to_string()));
    }
}
