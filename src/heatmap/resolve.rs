//! Mapping profile file names onto files on disk.
//!
//! Responsible for turning a [`MergedProfile`] into the validated [`Heatmap`]: every profile file
//! name is either mapped to a regular file that exists (with the import path of its package) or
//! listed in [`Heatmap::unresolved`] with the reason.
//!
//! Module discovery ([`ModuleMap::discover`]): `root/go.work` (`use` directives), `root/go.mod`,
//! and every nested `go.mod` below root (skipping `vendor/`, `testdata/`, `node_modules/` and
//! hidden directories). Explicit modules (go.work entries, root) win over nested ones when two
//! directories declare the same module path.
//!
//! Name forms ([`ModuleMap::resolve_name`]):
//! - `MODULE/rel/path/f.go`: longest module path that is a prefix on a path-element boundary;
//! - a module named `std` (`GOROOT/src/go.mod`) also takes names whose first element has no dot
//!   (`archive/tar/common.go`, `vendor/golang.org/x/...`) when no other module matches;
//! - `/abs/dir/f.go` (files named on the `go test` command line): used as is;
//! - `_/abs/dir/f.go` (old GOPATH-less builds): `/abs/dir/f.go`;
//! - `C:\x\y.go`, `C:/x/y.go`: used as is on Windows, otherwise unresolved.
//!
//! Security: a name whose part after the module prefix holds `.`, `..` or empty elements (or an
//! absolute name with `..`) is rejected, so no crafted name can point outside its module dir.

use super::{FileHeat, Heatmap, MergedProfile, Unresolved};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// One Go module on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    /// Module path from the `module` directive (`example.com/shop`, `std`).
    pub path: String,
    /// Absolute directory holding its `go.mod`.
    pub dir: PathBuf,
}

/// The modules found under a root, for mapping profile names to files.
#[derive(Clone, Debug, Default)]
pub struct ModuleMap {
    /// Sorted by module path length, longest first (so the first prefix match is the longest).
    modules: Vec<Module>,
    /// What discovery did that the user should hear about (duplicate module paths...).
    pub notes: Vec<String>,
}

impl ModuleMap {
    /// Builds a map from explicit modules (tests, callers that know their modules).
    pub fn from_modules(modules: Vec<Module>) -> Self {
        let mut map = ModuleMap::default();
        for m in modules {
            map.add(m, false);
        }
        map.sort();
        map
    }

    /// Finds the modules of the workspace or module tree at `root`.
    pub fn discover(root: &Path) -> Result<ModuleMap> {
        let root = std::path::absolute(root).map_err(|e| Error::io(root, e))?;
        let meta = std::fs::metadata(&root).map_err(|e| Error::io(&root, e))?;
        if !meta.is_dir() {
            return Err(Error::Input {
                path: root,
                message: "not a directory".into(),
            });
        }
        let mut map = ModuleMap::default();

        let work = root.join("go.work");
        if work.is_file() {
            let text = read_text(&work)?;
            for (line, dir) in parse_go_work_uses(&text) {
                let dir_path = Path::new(&dir);
                let dir_path = if dir_path.is_absolute() {
                    dir_path.to_path_buf()
                } else {
                    root.join(dir_path)
                };
                let dir_path = normalize(&dir_path);
                let gomod = dir_path.join("go.mod");
                if !gomod.is_file() {
                    return Err(Error::Input {
                        path: work.clone(),
                        message: format!(
                            "line {line}: `use {dir}`: no go.mod in {}",
                            dir_path.display()
                        ),
                    });
                }
                let m = read_module(&gomod, dir_path)?;
                map.add(m, true);
            }
        }

        let walker = walkdir::WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !e.file_type().is_dir()
                    || !is_skipped_dir(&e.file_name().to_string_lossy())
            });
        for entry in walker {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(&root).to_path_buf();
                Error::Io {
                    path,
                    source: e.into(),
                }
            })?;
            if entry.file_name() == "go.mod" && entry.file_type().is_file() {
                let dir = entry.path().parent().unwrap_or(&root).to_path_buf();
                let explicit = entry.depth() == 1;
                let m = read_module(entry.path(), dir)?;
                map.add(m, explicit);
            }
        }
        map.sort();
        Ok(map)
    }

    /// The modules, longest module path first.
    pub fn modules(&self) -> &[Module] {
        &self.modules
    }

    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    fn add(&mut self, m: Module, explicit: bool) {
        if let Some(old) = self.modules.iter_mut().find(|o| o.path == m.path) {
            if old.dir != m.dir {
                let (kept, dropped) = if explicit {
                    let dropped = std::mem::replace(old, m);
                    (old.dir.clone(), dropped.dir)
                } else {
                    (old.dir.clone(), m.dir)
                };
                self.notes.push(format!(
                    "module {} is declared in {} and {}; using {}",
                    old.path,
                    kept.display(),
                    dropped.display(),
                    kept.display()
                ));
            }
            return;
        }
        self.modules.push(m);
    }

    fn sort(&mut self) {
        self.modules
            .sort_by(|a, b| b.path.len().cmp(&a.path.len()).then(a.path.cmp(&b.path)));
    }

    /// Maps a profile file name to (absolute file path, import path of its package), or gives
    /// the reason it cannot.
    pub fn resolve_name(
        &self,
        profile_name: &str,
    ) -> std::result::Result<(PathBuf, String), String> {
        let name = profile_name;
        if name.is_empty() {
            return Err("empty file name".into());
        }
        if is_windows_abs(name) {
            if cfg!(windows) {
                return absolute_file(name, Path::new(name));
            }
            return Err("Windows path; not on this machine".into());
        }
        if name.starts_with('/') {
            return absolute_file(name, Path::new(name));
        }
        if let Some(abs) = name.strip_prefix("_/") {
            let (path, _) = absolute_file(name, &Path::new("/").join(abs))?;
            return Ok((path, parent_of(name).to_string()));
        }
        let module = self.modules.iter().find(|m| {
            name.len() > m.path.len()
                && name.starts_with(m.path.as_str())
                && name.as_bytes()[m.path.len()] == b'/'
        });
        let (module, rel) = match module {
            Some(m) => (m, &name[m.path.len() + 1..]),
            None => {
                let first = name.split('/').next().unwrap_or("");
                let std = self.modules.iter().find(|m| m.path == "std");
                match std {
                    Some(m) if !first.contains('.') && name.contains('/') => (m, name),
                    _ => {
                        return Err(format!(
                            "no known module provides {name} (modules: {})",
                            self.module_list()
                        ))
                    }
                }
            }
        };
        let mut path = module.dir.clone();
        for elem in rel.split('/') {
            if elem.is_empty() || elem == "." || elem == ".." {
                return Err(format!(
                    "path escapes module: {name} has a `{elem}` element after module {}",
                    module.path
                ));
            }
            if elem.contains('\\') {
                // Go file paths never hold `\`; on Windows it would be a separator.
                return Err(format!("path escapes module: {name} holds a backslash"));
            }
            path.push(elem);
        }
        if !is_regular_file(&path) {
            return Err(format!("no such file {}", path.display()));
        }
        Ok((path, parent_of(name).to_string()))
    }

    fn module_list(&self) -> String {
        if self.modules.is_empty() {
            return "none found".into();
        }
        let mut names: Vec<&str> = self.modules.iter().map(|m| m.path.as_str()).collect();
        names.sort_unstable();
        let more = names.len().saturating_sub(5);
        names.truncate(5);
        let mut list = names.join(", ");
        if more > 0 {
            list.push_str(&format!(", and {more} more"));
        }
        list
    }
}

/// Resolves every file of `merged` (in file name order).
pub fn resolve(merged: MergedProfile, modules: &ModuleMap) -> Heatmap {
    let mut files = Vec::new();
    let mut unresolved = Vec::new();
    for (profile_name, blocks) in merged.files {
        match modules.resolve_name(&profile_name) {
            Ok((path, import_path)) => files.push(FileHeat {
                profile_name,
                path,
                import_path,
                blocks,
            }),
            Err(reason) => unresolved.push(Unresolved {
                profile_name,
                reason,
            }),
        }
    }
    let mut notes = merged.notes;
    notes.extend(modules.notes.iter().cloned());
    Heatmap {
        mode: merged.mode,
        files,
        unresolved,
        notes,
    }
}

/// Directories the module walk does not enter.
fn is_skipped_dir(name: &str) -> bool {
    matches!(name, "vendor" | "testdata" | "node_modules") || name.starts_with('.')
}

/// `C:\x`, `C:/x`, `\\server\share`.
fn is_windows_abs(name: &str) -> bool {
    let b = name.as_bytes();
    (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/'))
        || name.starts_with("\\\\")
}

/// An absolute file named as is: no `..` elements, must be a regular file. The import path is
/// the directory.
fn absolute_file(name: &str, path: &Path) -> std::result::Result<(PathBuf, String), String> {
    if name.split(['/', '\\']).any(|e| e == "..") {
        return Err(format!(
            "path escapes: absolute name {name} has `..` elements"
        ));
    }
    if !is_regular_file(path) {
        return Err(format!("no such file {}", path.display()));
    }
    let dir = path
        .parent()
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((path.to_path_buf(), dir))
}

fn is_regular_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// `a/b/c.go` → `a/b`; a name without `/` → "".
fn parent_of(name: &str) -> &str {
    name.rfind('/').map_or("", |i| &name[..i])
}

/// Lexically removes `.` and `..` components (for `use ../x` entries).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|_| Error::Input {
        path: path.to_path_buf(),
        message: "not valid UTF-8".into(),
    })
}

fn read_module(gomod: &Path, dir: PathBuf) -> Result<Module> {
    let text = read_text(gomod)?;
    match parse_module_directive(&text) {
        Some(path) if !path.is_empty() => Ok(Module { path, dir }),
        _ => Err(Error::Input {
            path: gomod.to_path_buf(),
            message: "no `module` directive".into(),
        }),
    }
}

/// Strips a `//` comment (outside quotes) and surrounding whitespace.
fn strip_comment(line: &str) -> &str {
    let mut in_quote: Option<char> = None;
    let mut prev_slash = false;
    for (i, c) in line.char_indices() {
        match in_quote {
            Some(q) => {
                if c == q {
                    in_quote = None;
                }
            }
            None => {
                if c == '"' || c == '`' {
                    in_quote = Some(c);
                } else if c == '/' && prev_slash {
                    return line[..i - 1].trim();
                }
            }
        }
        prev_slash = c == '/' && in_quote.is_none();
    }
    line.trim()
}

/// Unquotes a go.mod token: `"a\"b"`, `` `a` `` (`strconv.Unquote`, as modfile does), or a
/// bare word.
fn unquote(token: &str) -> String {
    if token.starts_with(['"', '`']) {
        return crate::golex::string_lit_text(token.as_bytes());
    }
    token.to_string()
}

/// Splits `verb rest` (verb followed by whitespace or `(`).
fn directive<'a>(line: &'a str, verb: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(verb)?;
    if rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace() || c == '(') {
        Some(rest.trim())
    } else {
        None
    }
}

/// The module path of a go.mod text (top-level `module` directive; block form accepted).
pub(crate) fn parse_module_directive(text: &str) -> Option<String> {
    entries(text, "module").into_iter().next().map(|(_, v)| v)
}

/// The `use` entries of a go.work text, with their 1-based line numbers.
pub(crate) fn parse_go_work_uses(text: &str) -> Vec<(usize, String)> {
    entries(text, "use")
}

/// Values of every top-level `verb x` line and of every line inside `verb ( ... )` blocks.
fn entries(text: &str, verb: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    // Some(true): inside a block of `verb`; Some(false): inside another directive's block.
    let mut block: Option<bool> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = strip_comment(raw);
        if line.is_empty() {
            continue;
        }
        if let Some(ours) = block {
            if line == ")" {
                block = None;
            } else if ours {
                let value = line.trim_end_matches(')').trim();
                if !value.is_empty() {
                    out.push((i + 1, unquote(value)));
                }
                if line.ends_with(')') {
                    block = None;
                }
            }
            continue;
        }
        let first = line
            .split(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        let ours = first == verb;
        let rest = if ours { directive(line, verb) } else { None };
        if line.ends_with('(') {
            block = Some(ours);
            continue;
        }
        if let Some(rest) = rest {
            let rest = rest.trim_start_matches('(').trim_end_matches(')').trim();
            if !rest.is_empty() {
                out.push((i + 1, unquote(rest)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heatmap::{merge_profiles, parse_profile, Mode};
    use std::fs;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// A workspace: go.work using ./shop and ../outside, a root module, a nested module inside
    /// shop, a module hidden in vendor/testdata/.git/node_modules (must be skipped), and a
    /// prefix-sharing module `example.com/ab`.
    fn workspace() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ws");
        write(
            &root,
            "go.work",
            "go 1.22 // version\n\nuse ./shop // the shop\nuse (\n\t./ab\n\t\"../outside\" // quoted\n\t// ./commented\n)\n",
        );
        write(
            &root,
            "go.mod",
            "// root module\nmodule example.com/a // trailing\n\ngo 1.22\n",
        );
        write(&root, "x.go", "package a\n");
        write(&root, "shop/go.mod", "module \"example.com/a/shop\"\n");
        write(&root, "shop/order/o.go", "package order\n");
        write(&root, "shop/order/Sp ace: c,1.go", "package order\n");
        write(
            &root,
            "shop/pay/go.mod",
            "module example.com/a/shop/pay\nrequire (\n\tmodule v1.0.0\n)\n",
        );
        write(&root, "shop/pay/p.go", "package pay\n");
        write(&root, "ab/go.mod", "module `example.com/ab`\n");
        write(&root, "ab/x.go", "package ab\n");
        write(
            &root,
            "shop/vendor/v/go.mod",
            "module example.com/vendored\n",
        );
        write(&root, "shop/testdata/t/go.mod", "module example.com/td\n");
        write(&root, ".git/h/go.mod", "module example.com/hidden\n");
        write(&root, "node_modules/n/go.mod", "module example.com/node\n");
        write(
            &tmp.path().join("outside"),
            "go.mod",
            "module (\n\texample.com/out\n)\n",
        );
        write(&tmp.path().join("outside"), "o.go", "package out\n");
        (tmp, root)
    }

    #[test]
    fn go_mod_and_go_work_directives() {
        assert_eq!(
            parse_module_directive("// c\nmodule  example.com/m // c\n").as_deref(),
            Some("example.com/m")
        );
        assert_eq!(
            parse_module_directive("module \"example.com/q\\\"x\"").as_deref(),
            Some("example.com/q\"x")
        );
        assert_eq!(parse_module_directive("modulex a\n"), None);
        assert_eq!(parse_module_directive("require (\nmodule v1\n)\n"), None);
        assert_eq!(
            parse_go_work_uses(
                "use ./a\nuse(./b)\nuse (\n  ./c // x\n\n  \"./d e\"\n)\nreplace (\nuse v1\n)\n"
            ),
            [
                (1, "./a".to_string()),
                (2, "./b".to_string()),
                (4, "./c".to_string()),
                (6, "./d e".to_string())
            ]
        );
    }

    #[test]
    fn discovers_workspace_root_and_nested_modules_but_not_skipped_dirs() {
        let (_tmp, root) = workspace();
        let map = ModuleMap::discover(&root).unwrap();
        let mut paths: Vec<&str> = map.modules().iter().map(|m| m.path.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(
            paths,
            [
                "example.com/a",
                "example.com/a/shop",
                "example.com/a/shop/pay",
                "example.com/ab",
                "example.com/out"
            ]
        );
        assert!(map.notes.is_empty(), "{:?}", map.notes);
    }

    #[test]
    fn longest_prefix_on_element_boundaries() {
        let (_tmp, root) = workspace();
        let root = std::path::absolute(&root).unwrap();
        let map = ModuleMap::discover(&root).unwrap();
        let ok = |name: &str| map.resolve_name(name).unwrap();
        assert_eq!(
            ok("example.com/a/x.go"),
            (root.join("x.go"), "example.com/a".into())
        );
        assert_eq!(
            ok("example.com/a/shop/order/o.go"),
            (
                root.join("shop/order/o.go"),
                "example.com/a/shop/order".into()
            )
        );
        assert_eq!(
            ok("example.com/a/shop/order/Sp ace: c,1.go").0,
            root.join("shop/order/Sp ace: c,1.go")
        );
        assert_eq!(
            ok("example.com/a/shop/pay/p.go"),
            (root.join("shop/pay/p.go"), "example.com/a/shop/pay".into())
        );
        // `example.com/a` must not take `example.com/ab/...`
        assert_eq!(ok("example.com/ab/x.go").0, root.join("ab/x.go"));
        assert_eq!(
            ok("example.com/out/o.go").0,
            root.parent().unwrap().join("outside/o.go")
        );
        let err = map
            .resolve_name("example.com/a/shop/order/missing.go")
            .unwrap_err();
        assert_eq!(
            err,
            format!(
                "no such file {}",
                root.join("shop/order/missing.go").display()
            )
        );
        // a directory is not a file
        assert!(map
            .resolve_name("example.com/a/shop/order")
            .unwrap_err()
            .starts_with("no such file"));
        let err = map.resolve_name("example.org/z/x.go").unwrap_err();
        assert!(
            err.starts_with("no known module provides example.org/z/x.go"),
            "{err}"
        );
    }

    #[test]
    fn crafted_names_cannot_escape_the_module() {
        let (_tmp, root) = workspace();
        let map = ModuleMap::discover(&root).unwrap();
        for name in [
            "example.com/a/shop/../../etc/x.go",
            "example.com/a/../x.go",
            "example.com/a/./x.go",
            "example.com/a//etc/passwd",
            "example.com/a/shop\\..\\x.go",
        ] {
            let err = map.resolve_name(name).unwrap_err();
            assert!(err.starts_with("path escapes module"), "{name}: {err}");
        }
        let err = map.resolve_name("/tmp/../etc/passwd").unwrap_err();
        assert!(err.starts_with("path escapes"), "{err}");
    }

    #[test]
    fn absolute_gopath_and_windows_names() {
        let (_tmp, root) = workspace();
        let root = std::path::absolute(&root).unwrap();
        let map = ModuleMap::discover(&root).unwrap();
        let abs = root.join("shop/order/o.go");
        let abs_s = abs.to_str().unwrap();
        assert_eq!(
            map.resolve_name(abs_s).unwrap(),
            (
                abs.clone(),
                root.join("shop/order").to_str().unwrap().to_string()
            )
        );
        let gopath = format!("_{abs_s}");
        assert_eq!(
            map.resolve_name(&gopath).unwrap(),
            (
                abs.clone(),
                format!("_{}", root.join("shop/order").display())
            )
        );
        assert!(map
            .resolve_name("/no/such/f.go")
            .unwrap_err()
            .starts_with("no such file /no/such/f.go"));
        if !cfg!(windows) {
            for name in ["C:\\x\\y.go", "C:/x/y.go", "\\\\server\\share\\y.go"] {
                assert_eq!(
                    map.resolve_name(name).unwrap_err(),
                    "Windows path; not on this machine"
                );
            }
        }
    }

    #[test]
    fn std_module_takes_dotless_import_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("goroot/src");
        write(&src, "go.mod", "module std\n\ngo 1.26\n");
        write(&src, "archive/tar/common.go", "package tar\n");
        write(
            &src,
            "vendor/golang.org/x/net/idna/idna.go",
            "package idna\n",
        );
        write(&src, "cmd/go.mod", "module cmd\n");
        write(&src, "cmd/go/main.go", "package main\n");
        write(
            &src,
            "cmd/vendor/golang.org/x/mod/module/module.go",
            "package module\n",
        );
        let map = ModuleMap::discover(&src).unwrap();
        let src = std::path::absolute(&src).unwrap();
        assert_eq!(
            map.resolve_name("archive/tar/common.go").unwrap(),
            (src.join("archive/tar/common.go"), "archive/tar".into())
        );
        assert_eq!(
            map.resolve_name("vendor/golang.org/x/net/idna/idna.go")
                .unwrap()
                .0,
            src.join("vendor/golang.org/x/net/idna/idna.go")
        );
        assert_eq!(
            map.resolve_name("cmd/go/main.go").unwrap().0,
            src.join("cmd/go/main.go")
        );
        assert_eq!(
            map.resolve_name("cmd/vendor/golang.org/x/mod/module/module.go")
                .unwrap()
                .1,
            "cmd/vendor/golang.org/x/mod/module"
        );
        // a dotted first element is not std
        assert!(map
            .resolve_name("golang.org/x/net/idna/idna.go")
            .unwrap_err()
            .starts_with("no known module"));
        assert!(map
            .resolve_name("archive/../../x.go")
            .unwrap_err()
            .starts_with("path escapes module"));
    }

    #[test]
    fn go_work_use_without_go_mod_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "go.work", "go 1.22\n\nuse ./missing\n");
        let err = ModuleMap::discover(tmp.path()).unwrap_err();
        let Error::Input { path, message } = err else {
            panic!("{err:?}")
        };
        assert!(path.ends_with("go.work"));
        assert!(
            message.starts_with("line 3: `use ./missing`: no go.mod in"),
            "{message}"
        );
    }

    #[test]
    fn duplicate_module_paths_keep_the_explicit_one_with_a_note() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "go.mod", "module example.com/m\n");
        write(tmp.path(), "copy/go.mod", "module example.com/m\n");
        let map = ModuleMap::discover(tmp.path()).unwrap();
        assert_eq!(map.modules().len(), 1);
        assert_eq!(
            map.modules()[0].dir,
            std::path::absolute(tmp.path()).unwrap()
        );
        assert_eq!(map.notes.len(), 1);
    }

    #[test]
    fn resolve_collects_files_and_unresolved_with_reasons() {
        let (_tmp, root) = workspace();
        let map = ModuleMap::discover(&root).unwrap();
        let raw = parse_profile(
            Path::new("c.out"),
            b"mode: count\nexample.com/a/x.go:1.1,1.5 1 2\nexample.com/a/gone.go:1.1,2.1 1 0\nC:\\w\\x.go:1.1,2.1 1 0\nexample.com/a/x.go:1.1,1.5 1 3\n",
        )
        .unwrap();
        let h = resolve(merge_profiles(vec![raw]).unwrap(), &map);
        assert_eq!(h.mode, Mode::Count);
        assert_eq!(h.files.len(), 1);
        assert_eq!(h.files[0].profile_name, "example.com/a/x.go");
        assert_eq!(h.files[0].import_path, "example.com/a");
        assert_eq!(h.files[0].blocks[0].count, 5);
        let un: Vec<(&str, &str)> = h
            .unresolved
            .iter()
            .map(|u| (u.profile_name.as_str(), u.reason.as_str()))
            .collect();
        assert_eq!(un[0].0, "C:\\w\\x.go");
        assert_eq!(un[1].0, "example.com/a/gone.go");
        assert!(un[1].1.starts_with("no such file"));
        assert_eq!(h.notes.len(), 1, "{:?}", h.notes);
    }
}
