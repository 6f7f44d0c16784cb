//! Timing of parse + merge on a whole-std profile (not run by default, no timing assertions).
//!
//! `HEATSEED_STD_PROFILE=~/.cache/heatseed/std.out cargo test --release --test heatmap_std -- --ignored --nocapture`
//! (defaults to `$HOME/.cache/heatseed/std.out`).

use heatseed::heatmap::{merge_profiles, parse_profile};
use std::path::PathBuf;
use std::time::Instant;

#[test]
#[ignore = "needs a whole-std profile; prints timings"]
fn parse_and_merge_whole_std_profile() {
    let path = std::env::var_os("HEATSEED_STD_PROFILE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/heatseed/std.out")
        });
    let bytes = std::fs::read(&path).expect("read the std profile");
    let t = Instant::now();
    let raw = parse_profile(&path, &bytes).expect("parse");
    let parsed = t.elapsed();
    let blocks = raw.blocks.len();
    let t2 = Instant::now();
    let merged = merge_profiles(vec![raw]).expect("merge");
    let merge = t2.elapsed();
    eprintln!(
        "{}: {} bytes, {blocks} block lines, {} files; parse {parsed:?}, merge {merge:?}, total {:?}; notes {:?}",
        path.display(),
        bytes.len(),
        merged.files.len(),
        t.elapsed(),
        merged.notes
    );
}
