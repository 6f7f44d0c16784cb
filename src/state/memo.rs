//! Whole-output memo of `heatseed analyze`: the printed report of a run is stored (raw bytes,
//! [`StateDir::put_raw`]) under a key
//! that covers everything it depends on, so a re-run on unchanged inputs prints the stored
//! bytes without scanning, parsing or analysing anything.
//!
//! The key ([`analyze_key`]) is taken after the profiles are read and their file names resolved
//! (so `go.mod`/`go.work` changes and files appearing or vanishing are in it): heatseed's code
//! ([`super::code_scope`]), the output options, the profile mode, notes and unresolved names,
//! and for every resolved file its profile name, path, import path, blocks (positions,
//! statements, counts) and the SHA-256 of its bytes now.

use super::{Hash, KeyHasher, StateDir};
use crate::heatmap::Heatmap;
use rayon::prelude::*;

/// Kind of the analyze memo entries.
pub const ANALYZE_KIND: &str = "analyze";

/// The memo key of an analysis of `hm` printed with `options` (the caller's text of every
/// output option). `None` when a file cannot be read (the run then reports it as usual).
pub fn analyze_key(hm: &Heatmap, options: &str) -> Option<Hash> {
    let contents: Vec<Option<Hash>> = hm
        .files
        .par_iter()
        .map(|f| std::fs::read(&f.path).ok().map(|b| super::sha256(&b)))
        .collect();
    let mut k = KeyHasher::new("heatseed.analyze");
    k.part(super::code_scope())
        .str(options)
        .str(&format!("{:?}", hm.mode));
    for n in &hm.notes {
        k.str(n);
    }
    for u in &hm.unresolved {
        k.str(&u.profile_name).str(&u.reason);
    }
    for (f, content) in hm.files.iter().zip(contents) {
        k.str(&f.profile_name)
            .str(&f.path.to_string_lossy())
            .str(&f.import_path)
            .part(&content?);
        let mut blocks = Vec::with_capacity(f.blocks.len() * 28);
        for b in &f.blocks {
            let r = b.range;
            for v in [r.start.line, r.start.col, r.end.line, r.end.col, b.num_stmt] {
                blocks.extend_from_slice(&v.to_le_bytes());
            }
            blocks.extend_from_slice(&b.count.to_le_bytes());
        }
        k.part(&blocks);
    }
    Some(k.finish())
}

/// The stored output for `key`, if any.
pub fn load(state: &StateDir, key: &Hash) -> Option<Vec<u8>> {
    state.get_raw(ANALYZE_KIND, super::code_scope(), key)
}

/// Stores the output for `key` (a failed write is ignored).
pub fn store(state: &StateDir, key: &Hash, stdout: Vec<u8>) {
    let _ = state.put_raw(ANALYZE_KIND, super::code_scope(), key, stdout);
}
