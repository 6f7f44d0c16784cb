//! The bytes of every exported file: fuzzer names, `<name>_seed_corpus.zip` (entries in seed
//! order, stored uncompressed, every timestamp 1980-01-01 00:00 and fixed permissions, so the
//! same seeds give the same bytes), `<name>.dict` and `<name>.options`, `build.sh`, and for
//! ClusterFuzzLite a `Dockerfile` and `project.yaml`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::Path;

use zip::write::SimpleFileOptions;

use super::collect::FuzzTest;
use super::shim::SHIM_VERSION;
use crate::writers::fsio::GENERATED_MARKER_HASH;

/// libFuzzer / OSS-Fuzz fuzzer names: one per fuzz test, unique over all `tests`. The fuzz
/// function name when only one package has it, else the package path inside its module (or the
/// module's last element for its root package) joined to it with `_`, characters outside
/// `[A-Za-z0-9_]` replaced by `_`; a name still taken gets `_2`, `_3`... in import path order.
pub fn fuzzer_names(tests: &[FuzzTest]) -> Vec<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for t in tests {
        *count.entry(t.func.as_str()).or_default() += 1;
    }
    let mut taken = BTreeSet::new();
    let mut names = Vec::with_capacity(tests.len());
    for t in tests {
        let mut name = if count[t.func.as_str()] == 1 {
            t.func.clone()
        } else {
            format!("{}_{}", sanitize(&package_label(t)), t.func)
        };
        if taken.contains(&name) {
            let base = name.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
        }
        taken.insert(name.clone());
        names.push(name);
    }
    names
}

fn package_label(t: &FuzzTest) -> String {
    match t.import_path.strip_prefix(&t.module.path) {
        Some(rest) if rest.starts_with('/') => rest[1..].to_string(),
        _ => t
            .module
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&t.module.path)
            .to_string(),
    }
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// A zip of `entries` (name, bytes), in the given order, byte-identical for the same input.
pub fn seed_zip(entries: &[(String, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in entries {
        w.start_file(name.as_str(), opts)
            .map_err(std::io::Error::other)?;
        w.write_all(bytes)?;
    }
    Ok(w.finish().map_err(std::io::Error::other)?.into_inner())
}

/// `<name>.options`: libFuzzer reads the dictionary named there.
pub fn options_file(name: &str) -> String {
    format!("{GENERATED_MARKER_HASH}\n[libfuzzer]\ndict = {name}.dict\n")
}

/// One fuzzer's line in `build.sh` and the files to copy next to it.
pub struct BuildEntry<'a> {
    pub test: &'a FuzzTest,
    pub name: &'a str,
    pub zip: bool,
    pub dict: bool,
}

/// `build.sh` for OSS-Fuzz / ClusterFuzzLite. It runs in the module (or workspace) root, the
/// Dockerfile's `WORKDIR`; the exported files are looked up in `$HEATSEED_EXPORT_DIR`, by
/// default the directory of the script. `root` is the export's `--root`.
pub fn build_sh(root: &Path, entries: &[BuildEntry]) -> String {
    let mut s = String::new();
    s.push_str("#!/bin/bash -eu\n");
    s.push_str(GENERATED_MARKER_HASH);
    s.push('\n');
    s.push_str(
        "# Written by `heatseed export`: builds every native Go fuzz test with\n\
         # compile_native_go_fuzzer (go-118-fuzz-build + libFuzzer) and copies the seed corpora,\n\
         # dictionaries and options into $OUT. Run in the module root (the Dockerfile's WORKDIR).\n",
    );
    s.push_str(
        "EXPORT_DIR=\"${HEATSEED_EXPORT_DIR:-$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)}\"\n",
    );
    s.push_str("ROOT=\"$(pwd)\"\n");
    s.push_str("# The builder and the testing shim at the version whose input layout the seed corpora follow.\n");
    s.push_str(&format!(
        "go install github.com/AdamKorcz/go-118-fuzz-build@{SHIM_VERSION}\n"
    ));
    let mut by_module: BTreeMap<String, Vec<&BuildEntry>> = BTreeMap::new();
    for e in entries {
        by_module
            .entry(relative(root, &e.test.module.dir))
            .or_default()
            .push(e);
    }
    for (rel, list) in by_module {
        s.push('\n');
        let dir = if rel.is_empty() {
            "\"$ROOT\"".to_string()
        } else {
            format!("\"$ROOT\"/{}", shell_quote(&rel))
        };
        s.push_str(&format!("cd {dir}\n"));
        s.push_str(&format!(
            "go get github.com/AdamKorcz/go-118-fuzz-build/testing@{SHIM_VERSION}\n"
        ));
        for e in list {
            s.push_str(&build_lines(e));
        }
    }
    s
}

/// `to` relative to `from` with `/` separators (`..` for a `go.work` module beside the root);
/// empty when they are the same directory.
fn relative(from: &Path, to: &Path) -> String {
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".into(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

fn build_lines(e: &BuildEntry) -> String {
    let mut s = format!(
        "compile_native_go_fuzzer {} {} {}\n",
        shell_quote(&e.test.import_path),
        e.test.func,
        e.name
    );
    if e.zip {
        s.push_str(&format!(
            "cp \"$EXPORT_DIR/{}_seed_corpus.zip\" \"$OUT/\"\n",
            e.name
        ));
    }
    if e.dict {
        s.push_str(&format!(
            "cp \"$EXPORT_DIR/{0}.dict\" \"$EXPORT_DIR/{0}.options\" \"$OUT/\"\n",
            e.name
        ));
    }
    s
}

/// Single-quoted for the shell when it holds anything but `[A-Za-z0-9_./-]`.
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-'))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// ClusterFuzzLite's `.clusterfuzzlite/Dockerfile`: the repository (the build context) is copied
/// to `$SRC/<project>`; `root_rel` is the module root inside it.
pub fn dockerfile(project: &str, root_rel: &str) -> String {
    let workdir = if root_rel.is_empty() {
        format!("$SRC/{project}")
    } else {
        format!("$SRC/{project}/{root_rel}")
    };
    format!(
        "{GENERATED_MARKER_HASH}\n\
         # ClusterFuzzLite image for a Go project, written by `heatseed export --clusterfuzzlite`.\n\
         FROM gcr.io/oss-fuzz-base/base-builder-go\n\
         COPY . $SRC/{project}\n\
         WORKDIR {workdir}\n\
         ENV HEATSEED_EXPORT_DIR=$SRC/{project}/.clusterfuzzlite\n\
         COPY .clusterfuzzlite/build.sh $SRC/\n"
    )
}

/// ClusterFuzzLite's `.clusterfuzzlite/project.yaml`.
pub fn project_yaml() -> String {
    format!("{GENERATED_MARKER_HASH}\nlanguage: go\n")
}

/// A name usable as a directory in the image: the module path's last element, sanitized.
pub fn project_name(module_path: &str) -> String {
    let last = module_path.rsplit('/').next().unwrap_or(module_path);
    let s: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() {
        "project".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zips_are_deterministic_and_readable() {
        let entries = vec![
            ("b".to_string(), b"two".to_vec()),
            ("a".to_string(), Vec::new()),
        ];
        let z1 = seed_zip(&entries).unwrap();
        let z2 = seed_zip(&entries).unwrap();
        assert_eq!(z1, z2);
        let mut r = zip::ZipArchive::new(std::io::Cursor::new(z1)).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r.by_index(0).unwrap().name(), "b");
        let mut f = r.by_index(0).unwrap();
        let mut got = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut got).unwrap();
        assert_eq!(got, b"two");
    }

    #[test]
    fn module_dirs_relative_to_the_root() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(r("/w/root", "/w/root"), "");
        assert_eq!(r("/w/root", "/w/root/sub/m"), "sub/m");
        assert_eq!(r("/w/root", "/w/other"), "../other");
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(shell_quote("example.com/a-b/c_d"), "example.com/a-b/c_d");
        assert_eq!(shell_quote("a b'c"), "'a b'\\''c'");
    }
}
