//! `.heatseed/manifest.json`: what heatseed has on disk, kept true to the disk.
//!
//! It lists every file heatseed wrote (or found byte-identical to what it would write) with
//! the sha256 of those bytes, the directories it had to create, and for each seed file why it
//! exists. A later run reads it back to remove what it made earlier and no longer wants: a
//! file only while its bytes still hash to what heatseed wrote (else the user changed it and it
//! is theirs), a directory only when it is empty. Removal is limited to the run's scope: the
//! packages it analysed, and the kinds of files its options produce (a `--harness none` run
//! never removes harnesses). The state is updated package by package as packages are
//! committed, so the manifest written after a failure is still true to the disk.

use super::{CorpusDest, HarnessKind, Options};
use crate::error::{Error, Result};
use crate::writers::fsio::{
    is_generated, sha256_hex, SafeWriter, WriteAction, WriteOutcome, WritePolicy,
    GENERATED_MARKER_JSON,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const MANIFEST_SCHEMA: &str = "heatseed.manifest/v2";

/// The manifest's path relative to the module root.
pub fn manifest_path(root: &Path) -> PathBuf {
    root.join(".heatseed").join("manifest.json")
}

/// What a file heatseed writes is for; decides which runs may remove it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// `heatseed_fuzz_test.go`.
    Harness,
    /// `heatseed_gofuzz.go`.
    GofuzzHarness,
    /// `testdata/fuzz/<generated fuzz test>/...`.
    GeneratedCorpus,
    /// `testdata/fuzz/<the user's fuzz test>/...`.
    Corpus,
    /// A corpus file in the Go fuzz cache.
    CacheCorpus,
    /// A raw go-fuzz input under `.heatseed/gofuzz/`.
    GofuzzInput,
    /// A dictionary under `.heatseed/dict/`.
    Dict,
}

impl FileKind {
    /// True when a run with `opts` produces files of this kind (and so may remove them).
    pub fn produced_by(self, opts: &Options) -> bool {
        let testdata = matches!(opts.corpus, CorpusDest::Testdata | CorpusDest::Both);
        match self {
            FileKind::Harness => opts.harness == HarnessKind::Native,
            FileKind::GofuzzHarness | FileKind::GofuzzInput => opts.harness == HarnessKind::GoFuzz,
            FileKind::GeneratedCorpus => testdata && opts.harness == HarnessKind::Native,
            FileKind::Corpus => testdata,
            FileKind::CacheCorpus => matches!(opts.corpus, CorpusDest::Cache | CorpusDest::Both),
            FileKind::Dict => true,
        }
    }
}

/// A file heatseed owns. `file` is relative to the module root (absolute in the fuzz cache).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedFile {
    pub file: PathBuf,
    pub package: String,
    pub kind: FileKind,
    pub sha256: String,
}

/// A directory heatseed created (removed again once empty and no longer wanted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedDir {
    pub dir: PathBuf,
    pub package: String,
}

#[derive(Debug, Default, Deserialize)]
struct OnDisk {
    #[serde(default)]
    files: Vec<OwnedFile>,
    #[serde(default)]
    dirs: Vec<OwnedDir>,
    #[serde(default)]
    seeds: Vec<serde_json::Value>,
}

/// The manifest being kept: absolute paths as keys.
#[derive(Debug, Default)]
pub struct State {
    root: PathBuf,
    pub files: BTreeMap<PathBuf, OwnedFile>,
    pub dirs: BTreeMap<PathBuf, OwnedDir>,
    /// Seed entries (each has `file` and `package`).
    pub seeds: Vec<serde_json::Value>,
    /// True when a manifest existed when the run started.
    existed: bool,
    /// Its bytes then: the final write reports its action against them, not against the
    /// intent manifests written during the run.
    start: Option<Vec<u8>>,
}

impl State {
    /// The previous manifest under `root` (canonical), or an empty state. A manifest that does
    /// not parse (or of schema v1, which lists no hashes) yields nothing to remove.
    pub fn read(root: &Path) -> State {
        let path = manifest_path(root);
        let bytes = std::fs::read(&path).ok();
        let existed = bytes.as_deref().is_some_and(is_generated);
        let start = bytes.clone();
        let on_disk: OnDisk = bytes
            .filter(|b| is_generated(b))
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let abs = |p: &Path| root.join(p);
        State {
            root: root.to_path_buf(),
            files: on_disk
                .files
                .into_iter()
                .map(|f| (abs(&f.file), f))
                .collect(),
            dirs: on_disk.dirs.into_iter().map(|d| (abs(&d.dir), d)).collect(),
            seeds: on_disk.seeds,
            existed,
            start,
        }
    }

    /// Path relative to the module root where possible.
    pub fn rel(&self, abs: &Path) -> PathBuf {
        abs.strip_prefix(&self.root).unwrap_or(abs).to_path_buf()
    }

    /// Records a file heatseed wrote (or found identical) and the directories it created.
    pub fn own(&mut self, abs: PathBuf, package: &str, kind: FileKind, bytes_sha: String) {
        let file = self.rel(&abs);
        self.seeds.retain(|s| s["file"].as_str() != file.to_str());
        self.files.insert(
            abs,
            OwnedFile {
                file,
                package: package.to_string(),
                kind,
                sha256: bytes_sha,
            },
        );
    }

    pub fn own_dir(&mut self, abs: PathBuf, package: &str) {
        let dir = self.rel(&abs);
        self.dirs.insert(
            abs,
            OwnedDir {
                dir,
                package: package.to_string(),
            },
        );
    }

    /// Forgets a file (removed, or changed by the user) and its seed entries.
    pub fn forget(&mut self, abs: &Path) {
        if let Some(f) = self.files.remove(abs) {
            self.seeds.retain(|s| s["file"].as_str() != f.file.to_str());
        }
    }

    /// The previous files of `package` in this run's scope that `wanted` does not hold.
    pub fn unwanted(
        &self,
        package: &str,
        opts: &Options,
        wanted: &BTreeSet<PathBuf>,
    ) -> Vec<(PathBuf, String)> {
        self.files
            .iter()
            .filter(|(p, f)| {
                f.package == package && f.kind.produced_by(opts) && !wanted.contains(*p)
            })
            .map(|(p, f)| (p.clone(), f.sha256.clone()))
            .collect()
    }

    /// Directories of `package`, deepest first.
    pub fn dirs_of(&self, package: &str) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self
            .dirs
            .iter()
            .filter(|(_, d)| d.package == package)
            .map(|(p, _)| p.clone())
            .collect();
        v.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
        v
    }

    /// Drops entries whose file is gone or no longer holds heatseed's bytes, and directories
    /// that are gone: what is listed is what is on disk.
    pub fn prune_to_disk(&mut self) {
        let stale: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|(p, f)| {
                std::fs::read(p).map(|b| sha256_hex(&b)).ok() != Some(f.sha256.clone())
            })
            .map(|(p, _)| p.clone())
            .collect();
        for p in stale {
            self.forget(&p);
        }
        self.dirs.retain(|p, _| p.is_dir());
        let listed: BTreeSet<String> = self
            .files
            .values()
            .filter_map(|f| f.file.to_str().map(str::to_string))
            .collect();
        self.seeds
            .retain(|s| s["file"].as_str().is_some_and(|f| listed.contains(f)));
    }

    /// The manifest text: files sorted by path, seeds grouped by package in generation order.
    pub fn render(&self) -> String {
        let mut seeds = self.seeds.clone();
        seeds.sort_by(|a, b| a["package"].as_str().cmp(&b["package"].as_str()));
        let body = serde_json::json!({
            "schema": MANIFEST_SCHEMA,
            "files": self.files.values().collect::<Vec<_>>(),
            "dirs": self.dirs.values().collect::<Vec<_>>(),
            "seeds": seeds,
        });
        let text = serde_json::to_string_pretty(&body).expect("plain data");
        // `{\n  "schema"...`: put the generated marker first.
        format!("{GENERATED_MARKER_JSON}{}", &text[1..])
    }

    /// Writes the manifest as it is, before the files it lists are all in place: written
    /// before a package's files are renamed in, so that even a kill (SIGKILL) in the middle
    /// leaves every file heatseed wrote listed (a listed file that is missing or holds other
    /// bytes is dropped when read back, never removed).
    pub fn write_intent(&self, writer: &SafeWriter) -> Result<()> {
        let path = manifest_path(writer.root());
        writer.write(&path, self.render().as_bytes(), WritePolicy::GeneratedOnly)?;
        Ok(())
    }

    /// Writes the manifest (or removes an earlier one when heatseed owns nothing any more).
    pub fn write(&mut self, writer: &SafeWriter) -> Result<Option<WriteOutcome>> {
        self.prune_to_disk();
        let path = manifest_path(writer.root());
        if self.files.is_empty() && self.dirs.is_empty() {
            return if self.existed {
                writer.remove_if_generated(&path)
            } else {
                Ok(None)
            };
        }
        let text = self.render();
        let mut out = writer.write(&path, text.as_bytes(), WritePolicy::GeneratedOnly)?;
        if !writer.is_dry_run() && out.action.holds_bytes() {
            out.action = match &self.start {
                None => WriteAction::Created,
                Some(b) if b == text.as_bytes() => WriteAction::Unchanged,
                Some(_) => WriteAction::Replaced,
            };
        }
        Ok(Some(out))
    }
}

/// Writes the manifest after a failed package, then returns the package's error.
pub fn fail_with(state: &mut State, writer: &SafeWriter, e: Error) -> Result<()> {
    if !writer.is_dry_run() {
        let _ = state.write(writer);
    }
    Err(e)
}
