//! Packs: many entries of one kind and scope in one file, for the many results one run makes at
//! once (a cold run's parses: one file instead of one per Go file; creating and renaming 1,465
//! small files cost the kernel more than writing their bytes).
//!
//! A pack is `<kind>/<scope 16 hex>/packs/<hash of its keys>.pack`: one header line, a JSON
//! envelope (format, heatseed version, scope) whose payload lists `[key hex, offset, length]`,
//! then each entry's envelope in MessagePack ([`seal_packed`]: the fields of
//! [`StateDir::put`]'s JSON envelope, structs as maps) back to back, offsets counted from the
//! byte after the header line. MessagePack, not JSON: a cold run stores the parse of every
//! file it analyses, and JSON's escaping and digits made that about 8% of the run's CPU
//! (encoding and writing ~100 MB for the standard library). A pack is written
//! whole and renamed into place like any entry. A pack whose header does not parse is absent;
//! an entry that does not open for its key and scope is a miss (the caller recomputes it and a
//! later pack holds it).

use super::{hex, seal_envelope, Envelope, Hash, KeyHasher, StateDir};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{BufRead, Read, Seek, SeekFrom};
use std::path::PathBuf;

/// One listed entry of a pack header: key hex, offset, length.
type Listed = (String, u64, u64);

/// Where each entry of the packs of one kind and scope is: read once by
/// [`StateDir::pack_index`], then looked up by key.
#[derive(Debug, Default)]
pub struct PackIndex {
    files: Vec<PathBuf>,
    /// Key hex → (file, absolute offset, length).
    entries: HashMap<String, (usize, u64, u64)>,
}

impl StateDir {
    fn packs_dir(&self, kind: &str, scope: &Hash) -> PathBuf {
        self.dir.join(kind).join(&hex(scope)[..16]).join("packs")
    }

    /// The entries of every readable pack of `kind` under `scope` (none when there are none).
    pub fn pack_index(&self, kind: &str, scope: &Hash) -> PackIndex {
        let mut index = PackIndex::default();
        let Ok(dir) = std::fs::read_dir(self.packs_dir(kind, scope)) else {
            return index;
        };
        let mut paths: Vec<PathBuf> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pack"))
            .collect();
        paths.sort();
        for path in paths {
            let Some((head_len, size, listed)) = read_header(&path, scope) else {
                continue;
            };
            let file = index.files.len();
            for (key, off, len) in listed {
                let start = head_len.saturating_add(off);
                if start.checked_add(len).is_some_and(|end| end <= size) {
                    index.entries.insert(key, (file, start, len));
                }
            }
            index.files.push(path);
        }
        index
    }

    /// Stores `entries` (key, bytes from [`seal_packed`]) as one pack of `kind` under
    /// `scope`. Nothing for no entries; failures as [`StateDir::put`].
    pub fn put_pack(
        &self,
        kind: &str,
        scope: &Hash,
        entries: Vec<(Hash, Vec<u8>)>,
    ) -> std::io::Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut name = KeyHasher::new("heatseed.pack");
        let mut listed: Vec<Listed> = Vec::with_capacity(entries.len());
        let mut off = 0u64;
        for (key, bytes) in &entries {
            name.part(key);
            listed.push((hex(key), off, bytes.len() as u64));
            off += bytes.len() as u64;
        }
        let name = name.finish();
        let mut head = seal_envelope(scope, &name, &listed)?;
        head.push(b'\n');
        let mut parts = Vec::with_capacity(entries.len() + 1);
        parts.push(head);
        parts.extend(entries.into_iter().map(|(_, b)| b));
        let path = self
            .packs_dir(kind, scope)
            .join(format!("{}.pack", hex(&name)));
        self.write_parts(&path, parts)
    }
}

/// The bytes of `value` in its envelope for `scope`/`key`, as a pack holds them: MessagePack
/// with structs as maps (field names kept, so internally tagged enums read back).
pub fn seal_packed<T: Serialize>(scope: &Hash, key: &Hash, value: &T) -> std::io::Result<Vec<u8>> {
    rmp_serde::to_vec_named(&Envelope::new(scope, key, value)).map_err(std::io::Error::other)
}

/// The payload of an entry made by [`seal_packed`] for exactly `scope`/`key` in this format
/// and heatseed version; `None` for anything else (torn, foreign or corrupt bytes).
fn open_packed<T: DeserializeOwned>(bytes: &[u8], scope: &Hash, key: &Hash) -> Option<T> {
    let env: Envelope<T> = rmp_serde::from_slice(bytes).ok()?;
    env.is_for(scope, Some(key)).then_some(env.payload)
}

/// The header of the pack at `path` made under `scope`: its length (with the newline), the
/// file's size and the listed entries; `None` when it is unreadable or not such a header.
fn read_header(path: &std::path::Path, scope: &Hash) -> Option<(u64, u64, Vec<Listed>)> {
    let file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut line = Vec::new();
    std::io::BufReader::new(file)
        .read_until(b'\n', &mut line)
        .ok()?;
    let head: Envelope<Vec<Listed>> = serde_json::from_slice(&line).ok()?;
    head.is_for(scope, None)
        .then_some((line.len() as u64, size, head.payload))
}

impl PackIndex {
    /// The entry `key` made under `scope`, if a pack holds it whole and it opens.
    pub fn get<T: DeserializeOwned>(&self, scope: &Hash, key: &Hash) -> Option<T> {
        let &(file, start, len) = self.entries.get(&hex(key))?;
        let mut f = std::fs::File::open(&self.files[file]).ok()?;
        f.seek(SeekFrom::Start(start)).ok()?;
        let mut bytes = vec![0; usize::try_from(len).ok()?];
        f.read_exact(&mut bytes).ok()?;
        open_packed(&bytes, scope, key)
    }

    /// How many entries the packs list.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
