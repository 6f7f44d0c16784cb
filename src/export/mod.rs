//! `heatseed export --oss-fuzz DIR`: takes a module's native fuzz tests and their seeds (the
//! user's and heatseed's) to OSS-Fuzz or ClusterFuzzLite, where `compile_native_go_fuzzer`
//! rebuilds each `FuzzXxx` against the go-118-fuzz-build testing shim and libFuzzer. There
//! `f.Add` does nothing and `testdata/fuzz` files are not libFuzzer inputs, so every seed is
//! re-encoded in the layout the shim decodes ([`shim`]) and zipped per fuzz test.
//!
//! Stages: [`collect`] (fuzz tests, argument types, seeds) → [`shim`] (one input per seed) →
//! [`files`] (zip, dict, options, build.sh, Dockerfile, project.yaml) → writing here. What is
//! written: `<name>_seed_corpus.zip`, `<name>.dict` and `<name>.options` (when `generate` mined
//! a dictionary for the fuzz test, `.heatseed/dict/<import path>/<FuzzName>.dict`), `build.sh`,
//! and `heatseed-export.json` (what was exported from where, and the sha256 of every file
//! written); with `--clusterfuzzlite` all of it goes to `DIR/.clusterfuzzlite/` with a
//! `Dockerfile` and `project.yaml`. A file in the way that heatseed did not write (not in the
//! manifest with its current bytes, no generated marker) stops the export before anything is
//! written (exit 4); files written atomically as one batch; `--dry-run` writes nothing.

pub mod collect;
pub mod files;
pub mod shim;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::writers::fsio::{self, SafeWriter, WriteAction, WritePolicy};
use crate::writers::native::encode_corpus_file;
use collect::{FuzzTest, SeedSource};
use files::BuildEntry;

/// The manifest file in the export directory.
pub const MANIFEST: &str = "heatseed-export.json";

/// What the command line asked for.
pub struct Options<'a> {
    pub out_dir: PathBuf,
    pub root: PathBuf,
    pub clusterfuzzlite: bool,
    pub dry_run: bool,
    /// Whether a package (import path, directory) is selected.
    pub select: &'a dyn Fn(&str, &Path) -> bool,
}

/// `heatseed-export.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub generated: String,
    pub schema: String,
    pub shim_version: String,
    pub fuzzers: Vec<FuzzerRecord>,
    pub unreadable: Vec<String>,
    pub files: Vec<FileRecord>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FuzzerRecord {
    pub name: String,
    pub import_path: String,
    pub func: String,
    /// The `_test.go` file (relative to the root) and line declaring the fuzz test.
    pub file: String,
    pub line: u32,
    pub args: Vec<String>,
    pub zip: Option<String>,
    pub dict: Option<String>,
    pub entries: Vec<EntryRecord>,
    pub skipped: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EntryRecord {
    /// Name inside the zip.
    pub entry: String,
    /// A corpus file relative to the root, or `FILE:LINE f.Add`.
    pub source: String,
    /// The seed as a native corpus file (`go test fuzz v1` and one line per value).
    pub native: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileRecord {
    pub path: String,
    pub sha256: String,
}

/// What the export did, for the report.
pub struct Outcome {
    pub manifest: Manifest,
    pub out_dir: PathBuf,
    pub writes: Vec<(String, WriteAction)>,
    pub removed: Vec<(String, WriteAction)>,
    pub warnings: Vec<String>,
}

/// Runs the export. `Ok(None)`: no fuzz test in the selected packages (nothing written).
pub fn export(opts: &Options) -> Result<Option<Outcome>> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Error::Usage(format!("--root {}: {e}", opts.root.display())))?;
    let found = collect::collect(&root)?;
    let names = files::fuzzer_names(&found.tests);
    let selected: Vec<(&FuzzTest, &str)> = found
        .tests
        .iter()
        .zip(&names)
        .filter(|(t, _)| {
            let dir = t.file.parent().unwrap_or(&root);
            (opts.select)(&t.import_path, dir)
        })
        .map(|(t, n)| (t, n.as_str()))
        .collect();
    if selected.is_empty() {
        return Ok(None);
    }
    let out_dir = export_dir(opts)?;
    let mut warnings = Vec::new();
    let mut planned: Vec<(String, Vec<u8>)> = Vec::new();
    let mut fuzzers = Vec::new();
    let mut entries = Vec::new();
    for (t, name) in &selected {
        let (rec, zip, dict) = fuzzer_files(&root, t, name, &mut warnings)?;
        entries.push((rec.zip.is_some(), rec.dict.is_some()));
        planned.extend(zip);
        planned.extend(dict);
        fuzzers.push(rec);
    }
    let build: Vec<BuildEntry> = selected
        .iter()
        .zip(&entries)
        .map(|((t, name), (zip, dict))| BuildEntry {
            test: t,
            name,
            zip: *zip,
            dict: *dict,
        })
        .collect();
    planned.push((
        "build.sh".into(),
        files::build_sh(&root, &build).into_bytes(),
    ));
    if opts.clusterfuzzlite {
        planned.extend(clusterfuzzlite_files(opts, &root, selected[0].0)?);
    }
    let unreadable = found
        .unreadable
        .iter()
        .filter(|u| (opts.select)(&u.import_path, u.file.parent().unwrap_or(&root)))
        .map(|u| {
            format!(
                "{}: {} ({}): {}",
                u.file.display(),
                u.func,
                u.import_path,
                u.reason
            )
        })
        .collect();
    let manifest = Manifest {
        generated: "Code generated by heatseed. DO NOT EDIT.".into(),
        schema: "heatseed.export/v1".into(),
        shim_version: shim::SHIM_VERSION.into(),
        fuzzers,
        unreadable,
        files: planned
            .iter()
            .map(|(p, b)| FileRecord {
                path: p.clone(),
                sha256: fsio::sha256_hex(b),
            })
            .collect(),
    };
    let (writes, removed) = write_all(&out_dir, &planned, &manifest, opts.dry_run)?;
    Ok(Some(Outcome {
        manifest,
        out_dir,
        writes,
        removed,
        warnings,
    }))
}

/// `DIR`, or `DIR/.clusterfuzzlite`.
fn export_dir(opts: &Options) -> Result<PathBuf> {
    let dir = if opts.clusterfuzzlite {
        opts.out_dir.join(".clusterfuzzlite")
    } else {
        opts.out_dir.clone()
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Write {
            path: dir,
            message: "the export directory is not a directory".into(),
        });
    }
    Ok(std::path::absolute(&dir).unwrap_or(dir))
}

/// Files of one fuzzer: (record, zip file, dict + options files).
type FuzzerFiles = (
    FuzzerRecord,
    Option<(String, Vec<u8>)>,
    Vec<(String, Vec<u8>)>,
);

fn fuzzer_files(
    root: &Path,
    t: &FuzzTest,
    name: &str,
    warnings: &mut Vec<String>,
) -> Result<FuzzerFiles> {
    let mut skipped = t.skipped.clone();
    let mut records = Vec::new();
    let mut zip_entries: Vec<(String, Vec<u8>)> = Vec::new();
    for seed in &t.seeds {
        let source = seed_source(root, &seed.source);
        match shim::encode_seed(&seed.values) {
            Ok(bytes) => {
                let entry = entry_name(&seed.source, &zip_entries);
                records.push(EntryRecord {
                    entry: entry.clone(),
                    source,
                    native: String::from_utf8_lossy(&encode_corpus_file(&seed.values)).into(),
                });
                zip_entries.push((entry, bytes));
            }
            Err(e) => skipped.push(format!("{source}: cannot be expressed for the shim: {e}")),
        }
    }
    for s in &skipped {
        warnings.push(format!("{} ({}): {s}; skipped", t.func, t.import_path));
    }
    let zip = if zip_entries.is_empty() {
        None
    } else {
        let bytes = files::seed_zip(&zip_entries).map_err(|e| Error::Write {
            path: PathBuf::from(format!("{name}_seed_corpus.zip")),
            message: format!("cannot build the zip: {e}"),
        })?;
        Some((format!("{name}_seed_corpus.zip"), bytes))
    };
    let dict = mined_dict(root, t);
    let mut dict_files = Vec::new();
    if let Some(d) = &dict {
        dict_files.push((format!("{name}.dict"), d.clone()));
        dict_files.push((
            format!("{name}.options"),
            files::options_file(name).into_bytes(),
        ));
    }
    let rec = FuzzerRecord {
        name: name.to_string(),
        import_path: t.import_path.clone(),
        func: t.func.clone(),
        file: rel(root, &t.file),
        line: t.line,
        args: t.args.iter().map(|a| a.go_name().to_string()).collect(),
        zip: zip.as_ref().map(|(p, _)| p.clone()),
        dict: dict.map(|_| format!("{name}.dict")),
        entries: records,
        skipped,
    };
    Ok((rec, zip, dict_files))
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn seed_source(root: &Path, s: &SeedSource) -> String {
    match s {
        SeedSource::Add { file, line } => format!("{}:{line} f.Add", rel(root, file)),
        SeedSource::CorpusFile { path } => rel(root, path),
    }
}

/// `add-<file stem>-<line>` or `testdata-<file name>`, made unique within the zip.
fn entry_name(s: &SeedSource, taken: &[(String, Vec<u8>)]) -> String {
    let base = match s {
        SeedSource::Add { file, line } => format!(
            "add-{}-{line}",
            file.file_stem().unwrap_or_default().to_string_lossy()
        ),
        SeedSource::CorpusFile { path } => format!(
            "testdata-{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        ),
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|(e, _)| *e == name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

/// The dictionary `heatseed generate` mined for this fuzz test, if any (a file heatseed wrote).
fn mined_dict(root: &Path, t: &FuzzTest) -> Option<Vec<u8>> {
    let mut p = root.join(".heatseed").join("dict");
    for elem in t.import_path.split('/') {
        p.push(elem);
    }
    p.push(format!("{}.dict", t.func));
    std::fs::read(&p).ok().filter(|b| fsio::is_generated(b))
}

/// `Dockerfile` and `project.yaml`; the module root must lie inside `DIR` (the repository).
fn clusterfuzzlite_files(
    opts: &Options,
    root: &Path,
    first: &FuzzTest,
) -> Result<Vec<(String, Vec<u8>)>> {
    let repo = opts
        .out_dir
        .canonicalize()
        .map_err(|e| Error::Usage(format!("--oss-fuzz {}: {e}", opts.out_dir.display())))?;
    let Ok(inside) = root.strip_prefix(&repo) else {
        return Err(Error::Usage(format!(
            "--clusterfuzzlite: the module root {} is not inside {} (give the repository root as --oss-fuzz DIR)",
            root.display(),
            repo.display()
        )));
    };
    let root_rel = inside.to_string_lossy().replace('\\', "/");
    let project = files::project_name(&first.module.path);
    Ok(vec![
        (
            "Dockerfile".into(),
            files::dockerfile(&project, &root_rel).into_bytes(),
        ),
        ("project.yaml".into(), files::project_yaml().into_bytes()),
    ])
}

/// The files heatseed wrote earlier into `dir` (path -> sha256s), from its manifest. A manifest
/// without the generated marker is a file of the user's: refused.
fn earlier_files(dir: &Path) -> Result<BTreeMap<String, Vec<String>>> {
    let path = dir.join(MANIFEST);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    if !fsio::is_generated(&bytes) {
        return Err(foreign(&path));
    }
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Ok(m) = serde_json::from_slice::<Manifest>(&bytes) {
        for f in m.files {
            out.entry(f.path).or_default().push(f.sha256);
        }
    }
    Ok(out)
}

fn foreign(path: &Path) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        message: "exists and was not written by heatseed; not overwritten (move it away or export into another directory)".into(),
    }
}

/// Refuses when a file to be written is in the way and is not heatseed's.
fn check_ownership(
    dir: &Path,
    planned: &[(String, Vec<u8>)],
    earlier: &BTreeMap<String, Vec<String>>,
) -> Result<()> {
    for (p, bytes) in planned {
        let path = dir.join(p);
        let Ok(old) = std::fs::read(&path) else {
            if path.exists() {
                return Err(foreign(&path));
            }
            continue;
        };
        let ours = old == *bytes
            || fsio::is_generated(&old)
            || earlier
                .get(p)
                .is_some_and(|shas| shas.contains(&fsio::sha256_hex(&old)));
        if !ours {
            return Err(foreign(&path));
        }
    }
    Ok(())
}

/// Writes the batch (manifest first with old and new hashes, then the files, then the final
/// manifest) and removes files of an earlier export no longer wanted.
type Actions = Vec<(String, WriteAction)>;

fn write_all(
    dir: &Path,
    planned: &[(String, Vec<u8>)],
    manifest: &Manifest,
    dry_run: bool,
) -> Result<(Actions, Actions)> {
    let earlier = earlier_files(dir)?;
    check_ownership(dir, planned, &earlier)?;
    let unwanted: Vec<(String, String)> = earlier
        .iter()
        .filter(|(p, _)| !planned.iter().any(|(q, _)| q == *p))
        .flat_map(|(p, shas)| shas.iter().map(move |s| (p.clone(), s.clone())))
        .collect();
    if !dry_run {
        std::fs::create_dir_all(dir).map_err(|e| Error::write_io(dir, e))?;
    } else if !dir.exists() {
        let writes = planned
            .iter()
            .map(|(p, _)| (p.clone(), WriteAction::WouldCreate))
            .chain(std::iter::once((
                MANIFEST.to_string(),
                WriteAction::WouldCreate,
            )))
            .collect();
        return Ok((writes, Vec::new()));
    }
    let writer = SafeWriter::new(dir, dry_run)?;
    writer.clean_temp()?;
    // Intent: the manifest records both the bytes there now and the bytes to come, so a run
    // killed half-way still recognises every file as heatseed's.
    let mut intent_files: Vec<FileRecord> = manifest.files.clone();
    for (p, shas) in &earlier {
        intent_files.extend(shas.iter().map(|s| FileRecord {
            path: p.clone(),
            sha256: s.clone(),
        }));
    }
    let intent = render_manifest(manifest, intent_files);
    let changes = planned
        .iter()
        .any(|(p, b)| std::fs::read(dir.join(p)).ok().as_deref() != Some(b.as_slice()));
    if !dry_run && changes {
        writer.write(Path::new(MANIFEST), &intent, WritePolicy::Owned)?;
    }
    let mut batch = Vec::new();
    for (p, bytes) in planned {
        batch.push(writer.plan(Path::new(p), bytes, WritePolicy::Owned)?);
    }
    let committed = fsio::commit(batch)?;
    let mut writes: Actions = planned
        .iter()
        .zip(&committed)
        .map(|((p, _), c)| (p.clone(), c.outcome.action))
        .collect();
    let mut removed = Vec::new();
    for (p, sha) in unwanted {
        let out = if dry_run {
            dir.join(&p).exists().then_some(WriteAction::WouldRemove)
        } else {
            writer
                .remove_if_owned(Path::new(&p), &sha)?
                .map(|o| o.action)
        };
        if let Some(a) = out {
            removed.push((p, a));
        }
    }
    let final_bytes = render_manifest(manifest, manifest.files.clone());
    let action = writer.write(Path::new(MANIFEST), &final_bytes, WritePolicy::Owned)?;
    writes.push((MANIFEST.to_string(), action.action));
    if !dry_run {
        writer.clean_temp()?;
        let _ = std::fs::remove_dir(dir.join(".heatseed"));
    }
    Ok((writes, removed))
}

fn render_manifest(m: &Manifest, files: Vec<FileRecord>) -> Vec<u8> {
    let view = Manifest {
        generated: m.generated.clone(),
        schema: m.schema.clone(),
        shim_version: m.shim_version.clone(),
        fuzzers: m.fuzzers.clone(),
        unreadable: m.unreadable.clone(),
        files,
    };
    // Struct fields serialize in declaration order: the generated marker comes first.
    let mut s = serde_json::to_string_pretty(&view).expect("JSON");
    s.push('\n');
    s.into_bytes()
}

/// The text report: one line per fuzzer, the files and what happened to them.
pub fn report_text(o: &Outcome, dry_run: bool) -> String {
    let mut s = String::new();
    let seeds: usize = o.manifest.fuzzers.iter().map(|f| f.entries.len()).sum();
    let zips = o
        .manifest
        .fuzzers
        .iter()
        .filter(|f| f.zip.is_some())
        .count();
    s.push_str(&format!(
        "{}export: {} fuzz test(s), {zips} seed corpus zip(s) with {seeds} seed(s) into {}\n",
        if dry_run { "dry run: " } else { "" },
        o.manifest.fuzzers.len(),
        o.out_dir.display()
    ));
    for f in &o.manifest.fuzzers {
        s.push_str(&format!(
            "  {} ({} {}): {} seed(s){}{}\n",
            f.name,
            f.import_path,
            f.func,
            f.entries.len(),
            if f.skipped.is_empty() {
                String::new()
            } else {
                format!(", {} skipped", f.skipped.len())
            },
            if f.dict.is_some() { ", dictionary" } else { "" }
        ));
    }
    for u in &o.manifest.unreadable {
        s.push_str(&format!("  not exported: {u}\n"));
    }
    for (p, a) in o.writes.iter().chain(&o.removed) {
        s.push_str(&format!("  {}: {p}\n", action_word(*a)));
    }
    s
}

fn action_word(a: WriteAction) -> &'static str {
    match a {
        WriteAction::Created => "created",
        WriteAction::Replaced => "replaced",
        WriteAction::Unchanged => "unchanged",
        WriteAction::SkippedUserFile | WriteAction::SkippedConflict => "skipped",
        WriteAction::WouldCreate => "would create",
        WriteAction::WouldReplace => "would replace",
        WriteAction::Removed => "removed",
        WriteAction::WouldRemove => "would remove",
    }
}
