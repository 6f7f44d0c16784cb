//! Finds what `export` ships: every native fuzz test (`func FuzzXxx(f *testing.F)` in a
//! package's `_test.go` files) under the root, its argument types (read from the
//! `f.Fuzz(func(t *testing.T, ...))` literal by [`crate::plan::user`]), and its seeds: the
//! `f.Add(...)` calls whose arguments are literals, then the corpus files under
//! `testdata/fuzz/FuzzXxx/` (the user's and heatseed's), read with
//! [`crate::writers::native::decode_corpus_file`]. A corpus file that Go would reject
//! (malformed line, wrong number or types of values) is a warning naming the file and line,
//! and is skipped; so is an `f.Add` whose arguments are not literals.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::constraints::byte_slice_composite;
use crate::error::{Error, Result};
use crate::gotypes::FuzzType;
use crate::heatmap::{Module, ModuleMap};
use crate::index::{Expr, Function, GoFile};
use crate::plan::user::{find_user_fuzz_tests, literal_value};
use crate::values::Value;
use crate::writers::native::{decode_corpus_file, HEADER};

/// One native fuzz test and the seeds found for it.
#[derive(Clone, Debug)]
pub struct FuzzTest {
    pub import_path: String,
    /// The module the package belongs to.
    pub module: Module,
    /// `FuzzXxx`.
    pub func: String,
    /// The `_test.go` file declaring it, and the line of the declaration.
    pub file: PathBuf,
    pub line: u32,
    /// The `f.Fuzz` callback's argument types after `*testing.T`, in order.
    pub args: Vec<FuzzType>,
    pub seeds: Vec<Seed>,
    /// Seeds left out, with the reason (also printed as warnings).
    pub skipped: Vec<String>,
}

/// A seed: its argument values and where they come from.
#[derive(Clone, Debug, PartialEq)]
pub struct Seed {
    pub source: SeedSource,
    pub values: Vec<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeedSource {
    /// An `f.Add` call (its file and line).
    Add { file: PathBuf, line: u32 },
    /// A native corpus file.
    CorpusFile { path: PathBuf },
}

/// A fuzz test heatseed cannot read (its `f.Fuzz` callback is not a literal, takes a type
/// `f.Fuzz` rejects...): it gets no build line.
#[derive(Clone, Debug)]
pub struct Unreadable {
    pub import_path: String,
    pub func: String,
    pub file: PathBuf,
    pub reason: String,
}

/// Everything found under a root.
#[derive(Debug, Default)]
pub struct Found {
    pub tests: Vec<FuzzTest>,
    pub unreadable: Vec<Unreadable>,
    /// Package directories with `_test.go` files (for `--package` matching), with import paths.
    pub packages: Vec<(PathBuf, String)>,
}

/// Every fuzz test under `root` (all modules of the tree or workspace), packages in import
/// path order, fuzz tests in source order.
pub fn collect(root: &Path) -> Result<Found> {
    let modules = ModuleMap::discover(root)?;
    if modules.is_empty() {
        return Err(Error::Input {
            path: root.to_path_buf(),
            message: "no go.mod or go.work found".into(),
        });
    }
    let build = crate::toolchain::host_build_context();
    let mut by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for m in modules.modules() {
        for file in test_files(&m.dir)? {
            let dir = file.parent().unwrap_or(&m.dir).to_path_buf();
            let src = crate::heatmap::read_regular_file(&file)?;
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            if build.includes(&name, &src) {
                by_dir.entry(dir).or_default().push(file);
            }
        }
    }
    let mut found = Found::default();
    let mut pkgs: Vec<(String, Module, PathBuf, Vec<PathBuf>)> = Vec::new();
    for (dir, files) in by_dir {
        let Some(module) = owning_module(&modules, &dir) else {
            continue;
        };
        let import_path = import_path_of(module, &dir);
        pkgs.push((import_path, module.clone(), dir, files));
    }
    pkgs.sort_by(|a, b| a.0.cmp(&b.0));
    for (import_path, module, dir, mut files) in pkgs {
        files.sort();
        found.packages.push((dir.clone(), import_path.clone()));
        let mut parsed = Vec::with_capacity(files.len());
        for r in crate::index::index_files(&files) {
            parsed.push(r?);
        }
        read_package(&parsed, &import_path, &module, &dir, &mut found);
    }
    Ok(found)
}

/// The `_test.go` files of a module, skipping what the go command skips (`testdata`, `vendor`,
/// `.`/`_` directories) and nested modules (they are walked as modules of their own).
fn test_files(module_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(module_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !(skipped_dir(&e.file_name().to_string_lossy())
                    || e.path().join("go.mod").is_file())
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(module_dir).to_path_buf();
            Error::Io {
                path,
                source: e.into(),
            }
        })?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.ends_with("_test.go") {
            out.push(entry.path().to_path_buf());
        }
    }
    Ok(out)
}

fn skipped_dir(name: &str) -> bool {
    matches!(name, "testdata" | "vendor") || name.starts_with('.') || name.starts_with('_')
}

/// The module whose directory is the longest prefix of `dir`.
fn owning_module<'a>(modules: &'a ModuleMap, dir: &Path) -> Option<&'a Module> {
    modules
        .modules()
        .iter()
        .filter(|m| dir.starts_with(&m.dir))
        .max_by_key(|m| m.dir.components().count())
}

fn import_path_of(module: &Module, dir: &Path) -> String {
    let rel = dir.strip_prefix(&module.dir).unwrap_or(Path::new(""));
    let mut path = module.path.clone();
    for c in rel.components() {
        path.push('/');
        path.push_str(&c.as_os_str().to_string_lossy());
    }
    path
}

/// The fuzz tests of one package's test files.
fn read_package(
    files: &[GoFile],
    import_path: &str,
    module: &Module,
    dir: &Path,
    found: &mut Found,
) {
    let (tests, bad) = find_user_fuzz_tests(files);
    for b in bad {
        found.unreadable.push(Unreadable {
            import_path: import_path.to_string(),
            func: b.name,
            file: PathBuf::from(b.file),
            reason: b.reason,
        });
    }
    for uf in tests {
        let file = PathBuf::from(&uf.file);
        let args: Vec<FuzzType> = uf.args.iter().map(|(_, t)| *t).collect();
        let mut t = FuzzTest {
            import_path: import_path.to_string(),
            module: module.clone(),
            func: uf.name.clone(),
            file: file.clone(),
            line: uf.line,
            args,
            seeds: Vec::new(),
            skipped: Vec::new(),
        };
        if let Some(f) = find_function(files, &file, &uf.name) {
            read_adds(f, &file, &mut t);
        }
        read_corpus_dir(&dir.join("testdata").join("fuzz").join(&uf.name), &mut t);
        found.tests.push(t);
    }
}

fn find_function<'a>(files: &'a [GoFile], file: &Path, name: &str) -> Option<&'a Function> {
    files
        .iter()
        .filter(|f| f.path == file)
        .flat_map(|f| &f.functions)
        .find(|f| f.receiver.is_none() && f.name == name)
}

/// `f.Add(...)` calls of the fuzz test, in source order: literal arguments become seeds, the
/// rest are skipped with a note.
fn read_adds(f: &Function, file: &Path, t: &mut FuzzTest) {
    let recv = f
        .params
        .first()
        .and_then(|p| p.name.as_deref())
        .unwrap_or("f");
    for c in &f.calls {
        let is_add = matches!(&c.func, Expr::Selector { x, sel }
            if sel == "Add" && matches!(x.as_ref(), Expr::Ident { name } if name == recv));
        if !is_add {
            continue;
        }
        let at = format!("{}:{}", file.display(), c.pos.line);
        if c.args.len() != t.args.len() {
            t.skipped.push(format!(
                "{at}: f.Add has {} argument(s), the fuzz function takes {}",
                c.args.len(),
                t.args.len()
            ));
            continue;
        }
        let values: Option<Vec<Value>> = c
            .args
            .iter()
            .zip(&t.args)
            .map(|(e, ty)| add_value(e, *ty))
            .collect();
        match values {
            Some(values) => t.seeds.push(Seed {
                source: SeedSource::Add {
                    file: file.to_path_buf(),
                    line: c.pos.line,
                },
                values,
            }),
            None => t.skipped.push(format!(
                "{at}: f.Add arguments are not literals heatseed can read"
            )),
        }
    }
}

/// An `f.Add` argument: a literal [`literal_value`] reads, or a `[]byte{...}` of byte and
/// rune literals.
fn add_value(e: &Expr, ty: FuzzType) -> Option<Value> {
    literal_value(e, ty).or_else(|| match (e, ty) {
        (Expr::Composite { text }, FuzzType::Bytes) => byte_slice_composite(text).map(Value::Bytes),
        _ => None,
    })
}

/// The corpus files of one fuzz test (sorted by name, as `go test` reads them).
fn read_corpus_dir(dir: &Path, t: &mut FuzzTest) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|ft| ft.is_file()))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        match read_corpus_file(&path, &t.args) {
            Ok(values) => t.seeds.push(Seed {
                source: SeedSource::CorpusFile { path },
                values,
            }),
            Err(why) => t.skipped.push(format!("{}: {why}", path.display())),
        }
    }
}

/// One corpus file's values, checked against the fuzz function's argument types as Go checks
/// them. The error names the line (`line N: ...`).
pub fn read_corpus_file(path: &Path, args: &[FuzzType]) -> std::result::Result<Vec<Value>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let values =
        decode_corpus_file(&bytes).map_err(|e| format!("line {}: {e}", bad_line(&bytes)))?;
    if values.len() != args.len() {
        return Err(format!(
            "line 1: wrong number of values in corpus entry: {}, want {}",
            values.len(),
            args.len()
        ));
    }
    let lines = value_lines(&bytes);
    for (i, (v, want)) in values.iter().zip(args).enumerate() {
        if v.fuzz_type().go_identity() != want.go_identity() {
            return Err(format!(
                "line {}: value {} is {}, the fuzz function takes {}",
                lines.get(i).copied().unwrap_or(1),
                i + 1,
                v.fuzz_type().go_identity(),
                want.go_identity()
            ));
        }
    }
    Ok(values)
}

/// 1-based numbers of the non-blank lines after the header (one value each).
fn value_lines(bytes: &[u8]) -> Vec<usize> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim_ascii().is_empty())
        .map(|(i, _)| i + 1)
        .collect()
}

/// The 1-based line a corpus file fails to decode at: the header line, or the first value
/// line that does not decode on its own.
fn bad_line(bytes: &[u8]) -> usize {
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let header = lines[0].strip_suffix(b"\r").unwrap_or(lines[0]);
    if header != HEADER.as_bytes() || lines.len() < 2 {
        return 1;
    }
    for (i, line) in lines.iter().enumerate().skip(1) {
        if line.trim_ascii().is_empty() {
            continue;
        }
        let mut one = format!("{HEADER}\n").into_bytes();
        one.extend_from_slice(line);
        one.push(b'\n');
        if decode_corpus_file(&one).is_err() {
            return i + 1;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_corpus_file_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("seed");
        std::fs::write(&p, "go test fuzz v1\nstring(\"ok\")\n\nint(12x)\n").unwrap();
        let err = read_corpus_file(&p, &[FuzzType::String, FuzzType::Int]).unwrap_err();
        assert!(err.starts_with("line 4: malformed line"), "{err}");
    }

    #[test]
    fn wrong_type_names_the_value_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("seed");
        std::fs::write(&p, "go test fuzz v1\nstring(\"ok\")\nint64(3)\n").unwrap();
        let err = read_corpus_file(&p, &[FuzzType::String, FuzzType::Int]).unwrap_err();
        assert!(err.starts_with("line 3: value 2 is int64"), "{err}");
        // byte and uint8 are one type to Go.
        std::fs::write(&p, "go test fuzz v1\nbyte('a')\n").unwrap();
        assert_eq!(
            read_corpus_file(&p, &[FuzzType::Uint8]).unwrap(),
            vec![Value::Byte(b'a')]
        );
    }

    #[test]
    fn bad_header_is_line_1() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("seed");
        std::fs::write(&p, "go test fuzz v2\nint(1)\n").unwrap();
        let err = read_corpus_file(&p, &[FuzzType::Int]).unwrap_err();
        assert!(err.starts_with("line 1: unknown encoding version"), "{err}");
    }
}
