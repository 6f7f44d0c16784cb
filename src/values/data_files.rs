//! Files under a package's `testdata/` as real inputs: the small regular files (two levels
//! deep, the fuzz corpus left out), and which of them a test names. A test that reads
//! `testdata/pngsuite/basn0g01.png` (by its path, its name, or a table of stems it joins with a
//! directory and an extension, as image/png's `TestReader` does) feeds the target that file's
//! bytes: for a decoder of a binary format the file is the test's input, the name is not. The
//! `testdata/` folders of the enclosing directories up to the module root count for the files
//! a test names (`"../testdata/" + tc + ".lossy.webp"` in golang.org/x/image/webp), not as
//! inputs of every target. Files are read when first asked for.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Files under `testdata/` larger than this are not inputs of every target (fixtures, golden
/// outputs).
pub const MAX_FILE_BYTES: u64 = 4096;
/// A file a test names is its input up to this size (golang.org/x/image's TIFF and BMP test
/// images are 10-60 KB; kept seeds are trimmed afterwards, `verify::trim`).
pub const MAX_NAMED_FILE_BYTES: usize = 64 * 1024;
/// Files listed from one package's `testdata/`, by path order.
const MAX_LISTED: usize = 1024;
/// A literal names a file by its stem only when the stem is at least this long.
const MIN_STEM_BYTES: usize = 3;
/// Enclosing directories whose `testdata/` a test may name files in (`../testdata/x`).
const MAX_UP: usize = 3;

/// The files under one package's `testdata/`, with the names tests may call them by.
#[derive(Clone, Debug, Default)]
pub struct DataFiles {
    /// The non-empty files up to [`MAX_NAMED_FILE_BYTES`]: the package's own by path order,
    /// then those of the enclosing directories' `testdata/`, nearest first.
    files: Vec<DataFile>,
    /// How many of `files` are the package's own.
    own: usize,
    /// Each name a literal may give a file (see [`keys`]) to the files it names, path order.
    by_name: HashMap<Vec<u8>, Vec<usize>>,
}

impl DataFiles {
    /// Lists the non-empty files under `pkg_dir/testdata` (two levels deep, not
    /// `testdata/fuzz`), sorted by path, at most [`MAX_LISTED`]; then, for the names tests
    /// give them only, those under the `testdata/` of each enclosing directory up to the
    /// module root (the nearest with a `go.mod`; none above `pkg_dir` when it has one), at
    /// most [`MAX_UP`] levels up.
    pub fn read(pkg_dir: &Path) -> DataFiles {
        let mut out = DataFiles::default();
        out.add(listed(pkg_dir, "testdata/"));
        out.own = out.files.len();
        let mut dir = pkg_dir.to_path_buf();
        let mut up = String::new();
        for _ in 0..MAX_UP {
            if dir.join("go.mod").is_file() || !dir.pop() {
                break;
            }
            up.push_str("../");
            out.add(listed(&dir, &format!("{up}testdata/")));
        }
        out
    }

    fn add(&mut self, files: Vec<(String, DataFile)>) {
        for (rel, file) in files {
            let i = self.files.len();
            for k in keys(&rel) {
                let named = self.by_name.entry(k.into_bytes()).or_default();
                if named.last() != Some(&i) {
                    named.push(i);
                }
            }
            self.files.push(file);
        }
    }

    /// The contents of the package's own files up to [`MAX_FILE_BYTES`], by path order.
    pub fn all(&self) -> impl Iterator<Item = &[u8]> {
        self.files[..self.own]
            .iter()
            .filter(|f| f.len <= MAX_FILE_BYTES)
            .map(DataFile::bytes)
            .filter(|b| !b.is_empty())
    }

    /// The contents of file `i` (an index [`DataFiles::named_by`] gave; empty when it can no
    /// longer be read).
    pub fn get(&self, i: usize) -> &[u8] {
        self.files[i].bytes()
    }

    /// The files the literals name, in the literals' order (path order among the files one
    /// literal names), each once.
    pub fn named_by<'a>(&self, lits: impl IntoIterator<Item = &'a [u8]>) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for lit in lits {
            for &i in self.by_name.get(lit).map(Vec::as_slice).unwrap_or_default() {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        out
    }
}

/// The names a test may give the file at `rel` (its path from the package directory, `/`
/// separators: `testdata/pngsuite/basn0g01.png`, `../testdata/video-001.lossy.webp`): that
/// path, the path from `testdata/` (`pngsuite/basn0g01.png`), the file name, and the name
/// without its last extension (`video-001.lossy`) or without all of them (`video-001`), each
/// stem only when at least [`MIN_STEM_BYTES`] long.
fn keys(rel: &str) -> Vec<String> {
    let mut out = vec![rel.to_string()];
    if let Some((_, inner)) = rel.split_once("testdata/") {
        out.push(inner.to_string());
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    out.push(name.to_string());
    let stems = [name.rsplit_once('.'), name.split_once('.')];
    for (stem, _) in stems.into_iter().flatten() {
        if stem.len() >= MIN_STEM_BYTES {
            out.push(stem.to_string());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A file listed under a `testdata/` folder, read on first use.
#[derive(Clone, Debug)]
struct DataFile {
    path: PathBuf,
    len: u64,
    bytes: OnceLock<Vec<u8>>,
}

impl DataFile {
    fn bytes(&self) -> &[u8] {
        self.bytes
            .get_or_init(|| std::fs::read(&self.path).unwrap_or_default())
    }
}

/// `(prefix + path from dir/testdata with / separators, the file)` of the non-empty regular
/// files up to [`MAX_NAMED_FILE_BYTES`] under `dir/testdata`, two levels below it,
/// `testdata/fuzz` left out, sorted by path, at most [`MAX_LISTED`].
fn listed(dir: &Path, prefix: &str) -> Vec<(String, DataFile)> {
    let root = dir.join("testdata");
    let mut out: Vec<(String, DataFile)> = Vec::new();
    let walk = walkdir::WalkDir::new(&root)
        .min_depth(1)
        .max_depth(3)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == "fuzz" && e.file_type().is_dir()));
    for e in walk.flatten() {
        let len = e.metadata().map_or(0, |m| m.len());
        if !e.file_type().is_file() || len == 0 || len > MAX_NAMED_FILE_BYTES as u64 {
            continue;
        }
        let Ok(rel) = e.path().strip_prefix(&root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let file = DataFile {
            path: e.path().to_path_buf(),
            len,
            bytes: OnceLock::new(),
        };
        out.push((format!("{prefix}{}", parts.join("/")), file));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.truncate(MAX_LISTED);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits<'a>(xs: &'a [&'a str]) -> impl Iterator<Item = &'a [u8]> {
        xs.iter().map(|s| s.as_bytes())
    }

    #[test]
    fn files_are_small_sorted_and_without_the_fuzz_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let td = dir.path().join("testdata");
        std::fs::create_dir_all(td.join("fuzz").join("FuzzX")).unwrap();
        std::fs::create_dir_all(td.join("sub")).unwrap();
        std::fs::write(td.join("b.conf"), "b = 2\n").unwrap();
        std::fs::write(td.join("a.conf"), "a = 1\n").unwrap();
        std::fs::write(td.join("empty"), "").unwrap();
        std::fs::write(td.join("sub").join("c.bin"), [0u8, 1, 2]).unwrap();
        std::fs::write(td.join("big.txt"), vec![b'x'; 5000]).unwrap();
        std::fs::write(td.join("huge.bin"), vec![b'x'; 70_000]).unwrap();
        std::fs::write(td.join("fuzz/FuzzX/seed"), "go test fuzz v1\n").unwrap();
        let d = DataFiles::read(dir.path());
        let got: Vec<&[u8]> = d.all().collect();
        assert_eq!(got, [&b"a = 1\n"[..], b"b = 2\n", &[0, 1, 2]]);
        // Over 4 KiB: an input only where a test names it; over 64 KiB: never.
        let big: Vec<usize> = d.named_by(lits(&["big.txt"]));
        assert_eq!(
            big.iter().map(|&i| d.get(i).len()).collect::<Vec<_>>(),
            [5000]
        );
        assert!(d.named_by(lits(&["huge.bin", "huge"])).is_empty());
    }

    #[test]
    fn a_literal_names_a_file_by_path_name_or_stem() {
        let dir = tempfile::tempdir().unwrap();
        let suite = dir.path().join("testdata").join("suite");
        std::fs::create_dir_all(&suite).unwrap();
        std::fs::write(suite.join("basn0g01.png"), "P1").unwrap();
        std::fs::write(suite.join("basn0g01.sng"), "S1").unwrap();
        std::fs::write(suite.join("ab.png"), "AB").unwrap();
        std::fs::write(dir.path().join("testdata").join("x.tar"), "T").unwrap();
        let d = DataFiles::read(dir.path());
        let contents =
            |ix: Vec<usize>| -> Vec<&[u8]> { ix.into_iter().map(|i| d.get(i)).collect() };
        // A stem names every file it is the stem of, in path order.
        assert_eq!(contents(d.named_by(lits(&["basn0g01"]))), [b"P1", b"S1"]);
        assert_eq!(
            contents(d.named_by(lits(&["testdata/x.tar", "suite/basn0g01.sng"]))),
            [&b"T"[..], b"S1"]
        );
        assert_eq!(contents(d.named_by(lits(&["ab.png", "ab.png"]))), [b"AB"]);
        // Too short a stem, an unrelated word, a directory: no file.
        assert!(d
            .named_by(lits(&["ab", "png", "suite", "testdata/"]))
            .is_empty());
    }

    #[test]
    fn enclosing_testdata_up_to_the_module_root_is_named_not_offered() {
        let dir = tempfile::tempdir().unwrap();
        let (root, pkg) = (dir.path().join("m"), dir.path().join("m").join("webp"));
        std::fs::create_dir_all(pkg.join("testdata")).unwrap();
        std::fs::create_dir_all(root.join("testdata")).unwrap();
        std::fs::write(root.join("go.mod"), "module m\n").unwrap();
        std::fs::write(pkg.join("testdata").join("own.bin"), "O").unwrap();
        std::fs::write(root.join("testdata").join("video-001.lossy.webp"), "W").unwrap();
        // Above the module root: never read.
        std::fs::create_dir_all(dir.path().join("testdata")).unwrap();
        std::fs::write(dir.path().join("testdata").join("outside.bin"), "X").unwrap();
        let d = DataFiles::read(&pkg);
        assert_eq!(d.all().collect::<Vec<_>>(), [b"O"]);
        for name in [
            "../testdata/video-001.lossy.webp",
            "video-001.lossy",
            "video-001",
        ] {
            let got: Vec<&[u8]> = d
                .named_by(lits(&[name]))
                .into_iter()
                .map(|i| d.get(i))
                .collect();
            assert_eq!(got, [b"W"], "{name}");
        }
        assert!(d.named_by(lits(&["outside", "outside.bin"])).is_empty());
    }
}
