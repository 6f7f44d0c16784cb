//! Go source index: every Go file of the heatmap read once and parsed (in parallel) into the
//! [`crate::model`] types: functions and methods with their parameters, results and control
//! regions, type declarations, constants and imports. The full parse lives in
//! [`crate::syntax`]; the fast declaration scan in [`scan`].

pub mod constraint;
pub mod scan;

pub use crate::model;
pub use crate::model::*;
pub use crate::syntax::parse_source;

use crate::error::Error;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Files larger than this are refused (no hand-written Go file is this big; generated tables
/// that are would only slow the index down without yielding fuzz targets).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads and parses `paths` in parallel (rayon), each file once; results are in input order.
/// An unreadable file is `Error::Io`, a file over [`MAX_FILE_BYTES`] is `Error::Input`.
pub fn index_files(paths: &[PathBuf]) -> Vec<Result<GoFile, Error>> {
    paths.par_iter().map(|p| index_file(p)).collect()
}

fn index_file(path: &Path) -> Result<GoFile, Error> {
    let src = read_source(path)?;
    Ok(crate::syntax::parse_go(path, &src))
}

/// A parse to store: its file's content hash and its envelope's bytes.
type Sealed = (crate::state::Hash, Vec<u8>);

/// Kind of the parse entries in the state directory.
const PARSE_KIND: &str = "parse";

/// [`index_files`] through the state directory: a file whose bytes (SHA-256) were parsed by
/// the same parser before (see [`crate::state::parse_scope`]) is read back instead of parsed;
/// the others are parsed, and their parses stored together as one pack
/// ([`crate::state::pack`]). Results equal [`index_files`]'s; a bad entry is a miss.
pub fn index_files_cached(
    paths: &[PathBuf],
    state: Option<&crate::state::StateDir>,
) -> Vec<Result<GoFile, Error>> {
    let Some(state) = state else {
        return index_files(paths);
    };
    let scope = crate::state::parse_scope();
    let packs = state.pack_index(PARSE_KIND, scope);
    let (files, fresh): (Vec<Result<GoFile, Error>>, Vec<Option<Sealed>>) = paths
        .par_iter()
        .map(|p| {
            let src = match read_source(p) {
                Ok(src) => src,
                Err(e) => return (Err(e), None),
            };
            let key = crate::state::sha256(&src);
            let hit = packs
                .get::<GoFile>(scope, &key)
                .or_else(|| state.get::<GoFile>(PARSE_KIND, scope, &key));
            if let Some(mut f) = hit {
                f.path = p.clone();
                return (Ok(f), None);
            }
            let mut f = crate::syntax::parse_go(p, &src);
            let path = std::mem::take(&mut f.path);
            // A parse that cannot be stored costs the next run a parse, nothing else.
            let sealed = crate::state::pack::seal_packed(scope, &key, &f).ok();
            f.path = path;
            (Ok(f), sealed.map(|b| (key, b)))
        })
        .unzip();
    let _ = state.put_pack(PARSE_KIND, scope, fresh.into_iter().flatten().collect());
    files
}

/// Reads a Go file, refusing files over [`MAX_FILE_BYTES`].
fn read_source(path: &Path) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(path, meta.len()));
    }
    let src = crate::heatmap::read_regular_file(path)?;
    // The file may have grown between stat and read.
    if src.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(path, src.len() as u64));
    }
    check_utf8(path, &src)?;
    Ok(src)
}

/// Go rejects source that is not UTF-8 ("illegal UTF-8 encoding"); so does heatseed, naming
/// the first bad line, rather than decoding it lossily into seeds.
fn check_utf8(path: &Path, src: &[u8]) -> Result<(), Error> {
    match std::str::from_utf8(src) {
        Ok(_) => Ok(()),
        Err(e) => {
            let line = 1 + memchr::memchr_iter(b'\n', &src[..e.valid_up_to()]).count();
            Err(Error::Input {
                path: path.to_path_buf(),
                message: format!("line {line}: illegal UTF-8 encoding (Go rejects this file)"),
            })
        }
    }
}

fn too_big(path: &Path, len: u64) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        message: format!(
            "Go source file is {len} bytes, over the {} MiB limit; not indexed",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    }
}

/// Scans `paths` in parallel with the fast declaration scanner ([`scan::scan_go`]): function
/// extents, receivers, call names and package literals only (`lite` files, see
/// [`GoFile::lite`]); errors as [`index_files`].
pub fn scan_files(paths: &[PathBuf]) -> Vec<Result<GoFile, Error>> {
    paths
        .par_iter()
        .map(|p| {
            let src = read_source(p)?;
            let mut f = scan::scan_go(p, &src);
            f.lite = true;
            Ok(f)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_files_keeps_order_and_reports_errors_per_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.go");
        let b = dir.path().join("b.go");
        let missing = dir.path().join("missing.go");
        let big = dir.path().join("big.go");
        std::fs::write(&a, "package a\nfunc A() {}\n").unwrap();
        std::fs::write(&b, "package b\nfunc B() {}\n").unwrap();
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        let out = index_files(&[a.clone(), missing.clone(), b.clone(), big.clone()]);
        assert_eq!(out.len(), 4);
        let ok = |i: usize| out[i].as_ref().unwrap();
        assert_eq!(ok(0).package, "a");
        assert_eq!(ok(0).path, a);
        assert!(matches!(&out[1], Err(Error::Io { path, .. }) if *path == missing));
        assert_eq!(ok(2).functions[0].name, "B");
        match &out[3] {
            Err(e @ Error::Input { path, .. }) => {
                assert_eq!(*path, big);
                assert!(e.to_string().contains("16 MiB limit"), "{e}");
            }
            other => panic!("expected Input error, got {other:?}"),
        }
    }

    #[test]
    fn cached_parses_equal_fresh_parses_and_follow_content_changes() {
        use crate::state::{parse_scope, sha256, StateDir};
        let tmp = tempfile::tempdir().unwrap();
        let st = StateDir::at(tmp.path().join("state"));
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(&corpus)
            .into_iter()
            .filter_map(|e| e.ok())
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "go"))
            .collect();
        paths.sort();
        assert!(paths.len() > 20);
        let json = |r: &Result<GoFile, Error>| serde_json::to_string(r.as_ref().unwrap()).unwrap();
        let fresh = index_files(&paths);
        let cold = index_files_cached(&paths, Some(&st));
        let warm = index_files_cached(&paths, Some(&st));
        for ((f, c), w) in fresh.iter().zip(&cold).zip(&warm) {
            assert_eq!(json(f), json(c));
            assert_eq!(json(f), json(w));
        }

        // A hit is read from the state: a planted entry for the file's bytes comes back.
        let file = tmp.path().join("a.go");
        std::fs::write(
            &file,
            "package a\nfunc A(s string) int { if s == \"x\" { return 1 }; return 0 }\n",
        )
        .unwrap();
        let src = std::fs::read(&file).unwrap();
        let mut planted = crate::syntax::parse_go(Path::new(""), &src);
        planted.package = "planted".into();
        st.put("parse", parse_scope(), &sha256(&src), &planted)
            .unwrap();
        let got = index_files_cached(std::slice::from_ref(&file), Some(&st));
        assert_eq!(got[0].as_ref().unwrap().package, "planted");
        assert_eq!(got[0].as_ref().unwrap().path, file);
        // New bytes miss and are parsed (and stored).
        std::fs::write(&file, "package b\nfunc B() {}\n").unwrap();
        let got = index_files_cached(std::slice::from_ref(&file), Some(&st));
        assert_eq!(got[0].as_ref().unwrap().package, "b");
        let src = std::fs::read(&file).unwrap();
        let stored: GoFile = st
            .pack_index("parse", parse_scope())
            .get(parse_scope(), &sha256(&src))
            .unwrap();
        assert_eq!(stored.package, "b");
        // Corrupt packs are parsed again, never an error.
        let packs: Vec<PathBuf> = walkdir::WalkDir::new(st.path().join("parse"))
            .into_iter()
            .filter_map(|e| e.ok())
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "pack"))
            .collect();
        assert!(packs.len() >= 2, "{packs:?}");
        for (i, pack) in packs.iter().enumerate() {
            let bytes = std::fs::read(pack).unwrap();
            // Half of them with a whole header and torn entries, half with garbage.
            let bad = if i % 2 == 0 {
                &bytes[..bytes.len() - 3]
            } else {
                b"{\"format\":1,"
            };
            std::fs::write(pack, bad).unwrap();
        }
        let got = index_files_cached(std::slice::from_ref(&file), Some(&st));
        assert_eq!(got[0].as_ref().unwrap().functions[0].name, "B");
    }
}
