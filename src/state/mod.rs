//! The state directory (`<module root>/.heatseed/state/` unless the user names another):
//! results heatseed can reuse between runs, keyed by SHA-256 content hashes.
//!
//! - [`StateDir::open`] picks the directory (inside the module root by default; `--state-dir`
//!   overrides it, `--no-cache` switches the state off). Nothing is created until the first
//!   [`StateDir::put`], so a run that only reads (or a `--dry-run`, which never opens one)
//!   leaves no trace.
//! - Entries are JSON envelopes `{format, heatseed, scope, key, payload}` under
//!   `<kind>/<scope>/<2 hex>/<key hex>.json`. The *scope* ([`parse_scope`], [`code_scope`]) is
//!   a hash of what made the entry (heatseed's version, the tree-sitter grammar, the query
//!   files and the parser's source), so a new heatseed or grammar misses instead of reading
//!   an old shape.
//! - A missing, truncated, corrupt or mismatched entry is a miss, never an error; the caller
//!   recomputes and [`StateDir::put`] rewrites it. Writes go to a temp file in `tmp/` and are
//!   renamed into place, so a reader sees a whole entry or none, and concurrent runs writing
//!   the same entry write the same bytes (the last rename wins). A failed write is ignored
//!   (the cache is an optimisation; the run's result does not depend on it).
//! - Many entries made at once go into one pack file ([`pack`], entries in MessagePack): a
//!   cold run's parses.
//! - [`StateDir::background`] hands writes to one thread, so a cold run does not wait for them.
//! - Users: the parse cache ([`crate::index::index_files_cached`]) and the per-package
//!   pre-flight results `generate` reuses (`crate::generate::reuse`).

pub mod memo;
pub mod pack;

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Version of the envelope and of every payload shape; bump it when a cached type or its
/// encoding changes (2: pack entries in MessagePack; 3: `Function::result`).
pub const FORMAT: u32 = 3;

/// Default location relative to the module root.
pub const DEFAULT_REL: &str = ".heatseed/state";

/// A SHA-256 digest.
pub type Hash = [u8; 32];

/// Lower-case hex of a digest.
pub fn hex(h: &Hash) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> Hash {
    Sha256::digest(bytes).into()
}

/// Incremental key builder: length-prefixed parts, so `("ab","c")` and `("a","bc")` differ.
#[derive(Clone, Default)]
pub struct KeyHasher(Sha256);

impl KeyHasher {
    pub fn new(domain: &str) -> Self {
        let mut k = KeyHasher(Sha256::new());
        k.part(domain.as_bytes());
        k
    }
    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.part(s.as_bytes())
    }
    pub fn finish(self) -> Hash {
        self.0.finalize().into()
    }
}

/// Scope of parse results: heatseed's version, the cache format, the tree-sitter-go grammar
/// (ABI and node kinds), the query files and the source of the parser and model.
pub fn parse_scope() -> &'static Hash {
    static SCOPE: OnceLock<Hash> = OnceLock::new();
    SCOPE.get_or_init(|| {
        let mut k = KeyHasher::new("heatseed.parse-scope");
        k.str(env!("CARGO_PKG_VERSION"))
            .part(&FORMAT.to_le_bytes())
            .str(&crate::syntax::grammar_fingerprint());
        for src in PARSER_SOURCES {
            k.str(src);
        }
        k.finish()
    })
}

/// The source files whose change changes what a parse yields.
const PARSER_SOURCES: [&str; 7] = [
    include_str!("../syntax/mod.rs"),
    include_str!("../syntax/body.rs"),
    include_str!("../syntax/expr.rs"),
    include_str!("../syntax/types.rs"),
    include_str!("../syntax/cover_layout.rs"),
    include_str!("../model.rs"),
    include_str!("../span.rs"),
];

/// Scope of results that depend on all of heatseed's code (an analysis, a package's
/// minimization): the parse scope plus a hash of the running executable, so any rebuild
/// misses. Unreadable executable: a scope no earlier run can have written (a fresh random
/// one), so nothing stale is ever read.
pub fn code_scope() -> &'static Hash {
    static SCOPE: OnceLock<Hash> = OnceLock::new();
    SCOPE.get_or_init(|| {
        let mut k = KeyHasher::new("heatseed.code-scope");
        k.part(parse_scope());
        match std::env::current_exe().and_then(std::fs::read) {
            Ok(bytes) => k.part(&sha256(&bytes)),
            Err(_) => k.str(&format!(
                "{:?}{}",
                std::time::SystemTime::now(),
                std::process::id()
            )),
        };
        k.finish()
    })
}

/// The envelope every entry is stored in.
#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    format: u32,
    heatseed: String,
    scope: String,
    key: String,
    payload: T,
}

impl<T> Envelope<T> {
    /// `payload` for `scope`/`key`, in this format and heatseed version.
    fn new(scope: &Hash, key: &Hash, payload: T) -> Envelope<T> {
        Envelope {
            format: FORMAT,
            heatseed: env!("CARGO_PKG_VERSION").to_string(),
            scope: hex(scope),
            key: hex(key),
            payload,
        }
    }

    /// Made in this format and heatseed version under `scope` (and for `key`, when given).
    fn is_for(&self, scope: &Hash, key: Option<&Hash>) -> bool {
        self.format == FORMAT
            && self.heatseed == env!("CARGO_PKG_VERSION")
            && self.scope == hex(scope)
            && key.map_or(true, |k| self.key == hex(k))
    }
}

/// Entries written later, by [`StateDir::flush`] (see [`StateDir::deferred`]).
type Pending = std::sync::Arc<std::sync::Mutex<Vec<(PathBuf, Vec<u8>)>>>;

/// An entry on its way to the background writer (see [`StateDir::background`]).
type Job = (PathBuf, Vec<Vec<u8>>);

/// The thread of [`StateDir::background`] and the channel to it; dropping the last handle
/// closes the channel and waits until every sent entry is written.
#[derive(Debug)]
struct Background {
    tx: Option<std::sync::mpsc::Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Background {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An open state directory.
#[derive(Clone, Debug)]
pub struct StateDir {
    dir: PathBuf,
    pending: Option<Pending>,
    background: Option<std::sync::Arc<Background>>,
}

impl StateDir {
    /// The state directory of `module_root`: `override_dir` when given (created when needed,
    /// anywhere the user says), else `<module_root>/.heatseed/state`. `None` when `disabled`
    /// (`--no-cache`). A default location that would leave the module root through a symlink
    /// (`.heatseed` pointing elsewhere) is refused as a write error. The Go installation's own
    /// modules (`module std`, `module cmd`: `GOROOT/src`) get no default state directory:
    /// heatseed does not write into the toolchain; `--state-dir` still works there.
    pub fn open(
        module_root: &Path,
        override_dir: Option<&Path>,
        disabled: bool,
    ) -> Result<Option<StateDir>> {
        if disabled {
            return Ok(None);
        }
        let dir = match override_dir {
            Some(d) if d.is_absolute() => d.to_path_buf(),
            Some(d) => std::env::current_dir()
                .map_err(|e| Error::io(d, e))?
                .join(d),
            None if is_go_installation(module_root) => return Ok(None),
            None => {
                let dir = module_root.join(DEFAULT_REL);
                check_inside(module_root, &dir)?;
                dir
            }
        };
        Ok(Some(StateDir {
            dir,
            pending: None,
            background: None,
        }))
    }

    /// A state directory at exactly `dir` (tests, the run command's own layout).
    pub fn at(dir: impl Into<PathBuf>) -> StateDir {
        StateDir {
            dir: dir.into(),
            pending: None,
            background: None,
        }
    }

    /// This state directory with writes handed to one background thread, off the caller's
    /// critical path (a cold run's parse entries are written while it goes on analysing).
    /// Every entry is written before the last clone of the returned handle is dropped; a
    /// failed write is skipped like any other.
    pub fn background(self) -> StateDir {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let writer = StateDir::at(self.dir.clone());
        let thread = std::thread::Builder::new()
            .name("heatseed-state".into())
            .spawn(move || {
                for (path, parts) in rx {
                    let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
                    let _ = writer.write_now(&path, &parts);
                }
            });
        let Ok(thread) = thread else {
            return self;
        };
        StateDir {
            background: Some(std::sync::Arc::new(Background {
                tx: Some(tx),
                thread: Some(thread),
            })),
            ..self
        }
    }

    /// This state directory with writes held in memory until [`StateDir::flush`]: a run that
    /// fails (no `go`, exit 5) leaves the disk as it was.
    pub fn deferred(self) -> StateDir {
        StateDir {
            pending: Some(Default::default()),
            ..self
        }
    }

    /// Writes the held entries (a failed write is skipped: the next run recomputes it).
    pub fn flush(&self) {
        let Some(p) = &self.pending else {
            return;
        };
        let held = std::mem::take(&mut *p.lock().unwrap_or_else(|e| e.into_inner()));
        for (path, bytes) in held {
            let _ = self.write_now(&path, &[&bytes]);
        }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn entry_path(&self, kind: &str, scope: &Hash, key: &Hash) -> PathBuf {
        let k = hex(key);
        self.dir
            .join(kind)
            .join(&hex(scope)[..16])
            .join(&k[..2])
            .join(format!("{k}.json"))
    }

    /// The entry `kind`/`key` made under `scope`, or `None` when it is missing, unreadable,
    /// corrupt or was written for another key, scope or format.
    pub fn get<T: DeserializeOwned>(&self, kind: &str, scope: &Hash, key: &Hash) -> Option<T> {
        let bytes = std::fs::read(self.entry_path(kind, scope, key)).ok()?;
        open_envelope(&bytes, scope, key)
    }

    /// Stores `value` as `kind`/`key` under `scope`, atomically (temp file, rename). Failures
    /// are returned for tests and callers that care; the pipeline ignores them.
    pub fn put<T: Serialize>(
        &self,
        kind: &str,
        scope: &Hash,
        key: &Hash,
        value: &T,
    ) -> std::io::Result<()> {
        let bytes = seal_envelope(scope, key, value)?;
        self.write_owned(&self.entry_path(kind, scope, key), bytes)
    }

    /// The raw bytes stored as `kind`/`key` under `scope` by [`StateDir::put_raw`]; misses as
    /// [`StateDir::get`] does.
    pub fn get_raw(&self, kind: &str, scope: &Hash, key: &Hash) -> Option<Vec<u8>> {
        let mut bytes = std::fs::read(self.entry_path(kind, scope, key)).ok()?;
        let nl = memchr::memchr(b'\n', &bytes)?;
        let head: Envelope<u64> = serde_json::from_slice(&bytes[..nl]).ok()?;
        let ok = head.is_for(scope, Some(key)) && head.payload == (bytes.len() - nl - 1) as u64;
        ok.then(|| bytes.split_off(nl + 1))
    }

    /// Stores raw bytes (no JSON escaping: large outputs) as `kind`/`key` under `scope`: one
    /// envelope line whose payload is the byte count, then the bytes (given away: handed to
    /// the background writer without a copy). Atomic like [`StateDir::put`].
    pub fn put_raw(
        &self,
        kind: &str,
        scope: &Hash,
        key: &Hash,
        raw: Vec<u8>,
    ) -> std::io::Result<()> {
        let head = Envelope::new(scope, key, raw.len() as u64);
        let mut line = serde_json::to_vec(&head).map_err(std::io::Error::other)?;
        line.push(b'\n');
        self.write_parts(&self.entry_path(kind, scope, key), vec![line, raw])
    }

    /// Writes `bytes` to a temp file in `tmp/` and renames it to `path` (or holds them, see
    /// [`StateDir::deferred`], or hands them to the background writer without a copy, see
    /// [`StateDir::background`]). No fsync: a cache entry torn by a crash is a miss, never an
    /// error.
    pub(crate) fn write_owned(&self, path: &Path, bytes: Vec<u8>) -> std::io::Result<()> {
        self.write_parts(path, vec![bytes])
    }

    /// [`StateDir::write_owned`] of the concatenation of `parts`.
    pub(crate) fn write_parts(&self, path: &Path, parts: Vec<Vec<u8>>) -> std::io::Result<()> {
        if let Some(tx) = self.background.as_ref().and_then(|b| b.tx.as_ref()) {
            match tx.send((path.to_path_buf(), parts)) {
                Ok(()) => return Ok(()),
                Err(std::sync::mpsc::SendError((_, back))) => {
                    return self.write_parts_now(path, &back)
                }
            }
        }
        if let Some(p) = &self.pending {
            p.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.to_path_buf(), parts.concat()));
            return Ok(());
        }
        self.write_parts_now(path, &parts)
    }

    fn write_parts_now(&self, path: &Path, parts: &[Vec<u8>]) -> std::io::Result<()> {
        let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        self.write_now(path, &parts)
    }

    fn write_now(&self, path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
        let parent = path.parent().expect("entry paths have a parent");
        std::fs::create_dir_all(parent)?;
        let tmp_dir = self.dir.join("tmp");
        std::fs::create_dir_all(&tmp_dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(&tmp_dir)?;
        for p in parts {
            tmp.write_all(p)?;
        }
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The bytes of `value` in its envelope for `scope`/`key` (what [`StateDir::put`] stores; a
/// pack holds the same fields in MessagePack, [`pack::seal_packed`]).
pub fn seal_envelope<T: Serialize>(
    scope: &Hash,
    key: &Hash,
    value: &T,
) -> std::io::Result<Vec<u8>> {
    serde_json::to_vec(&Envelope::new(scope, key, value)).map_err(std::io::Error::other)
}

/// The payload of an envelope made by [`seal_envelope`] for exactly `scope`/`key` in this
/// format and heatseed version; `None` for anything else.
fn open_envelope<T: DeserializeOwned>(bytes: &[u8], scope: &Hash, key: &Hash) -> Option<T> {
    let env: Envelope<T> = serde_json::from_slice(bytes).ok()?;
    env.is_for(scope, Some(key)).then_some(env.payload)
}

/// `root/go.mod` declares `module std` or `module cmd` (GOROOT/src, GOROOT/src/cmd).
fn is_go_installation(root: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(root.join("go.mod")) else {
        return false;
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or("").trim())
        .find(|l| l.starts_with("module"))
        .is_some_and(|l| matches!(l.split_whitespace().nth(1), Some("std" | "cmd")))
}

/// Refuses a default state directory that a symlinked `.heatseed` (or `.heatseed/state`) would
/// put outside the module root.
fn check_inside(root: &Path, dir: &Path) -> Result<()> {
    let mut p = root.to_path_buf();
    for part in Path::new(DEFAULT_REL).components() {
        p.push(part);
        if let Ok(meta) = std::fs::symlink_metadata(&p) {
            if meta.file_type().is_symlink() {
                return Err(Error::Write {
                    path: p.clone(),
                    message: "the state directory is a symlink; heatseed writes only inside the module root (pass --state-dir to put it elsewhere)".into(),
                });
            }
        }
    }
    debug_assert!(dir.starts_with(root));
    Ok(())
}

#[cfg(test)]
mod tests;
