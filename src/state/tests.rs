use super::*;

fn key(s: &str) -> Hash {
    sha256(s.as_bytes())
}

fn entry_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && !e.path().starts_with(dir.join("tmp")))
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn put_then_get_round_trips_and_other_keys_miss() {
    let tmp = tempfile::tempdir().unwrap();
    let st = StateDir::at(tmp.path().join("state"));
    let scope = parse_scope();
    assert_eq!(st.get::<Vec<u32>>("k", scope, &key("a")), None);
    st.put("k", scope, &key("a"), &vec![1u32, 2, 3]).unwrap();
    assert_eq!(
        st.get::<Vec<u32>>("k", scope, &key("a")),
        Some(vec![1, 2, 3])
    );
    assert_eq!(st.get::<Vec<u32>>("k", scope, &key("b")), None);
    assert_eq!(st.get::<Vec<u32>>("other", scope, &key("a")), None);
    assert_eq!(
        st.get::<Vec<u32>>("k", &key("another scope"), &key("a")),
        None
    );
    // A payload of another shape is a miss, not an error.
    assert_eq!(st.get::<String>("k", scope, &key("a")), None);
    // No temp file is left behind.
    let tmp_left = std::fs::read_dir(st.path().join("tmp")).unwrap().count();
    assert_eq!(tmp_left, 0);
}

#[test]
fn corrupt_or_foreign_entries_are_misses_and_get_rewritten() {
    let tmp = tempfile::tempdir().unwrap();
    let st = StateDir::at(tmp.path());
    let scope = parse_scope();
    st.put("k", scope, &key("a"), &"value".to_string()).unwrap();
    let files = entry_files(tmp.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let bytes = std::fs::read(&files[0]).unwrap();
    for bad in [
        bytes[..bytes.len() / 2].to_vec(),
        b"\0\xff garbage".to_vec(),
        Vec::new(),
        String::from_utf8(bytes.clone())
            .unwrap()
            .replacen(&format!("\"format\":{FORMAT}"), "\"format\":999", 1)
            .into_bytes(),
        String::from_utf8(bytes.clone())
            .unwrap()
            .replacen(env!("CARGO_PKG_VERSION"), "0.0.0-other", 1)
            .into_bytes(),
    ] {
        std::fs::write(&files[0], &bad).unwrap();
        assert_eq!(st.get::<String>("k", scope, &key("a")), None);
        st.put("k", scope, &key("a"), &"value".to_string()).unwrap();
        assert_eq!(
            st.get::<String>("k", scope, &key("a")).as_deref(),
            Some("value")
        );
    }
    // An entry copied under another key's name is not taken for it.
    let other = st.entry_path("k", scope, &key("b"));
    std::fs::create_dir_all(other.parent().unwrap()).unwrap();
    std::fs::copy(&files[0], &other).unwrap();
    assert_eq!(st.get::<String>("k", scope, &key("b")), None);
}

#[test]
fn default_location_is_inside_the_module_root_and_no_cache_disables_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("go.mod"), "module example.com/m\n").unwrap();
    let st = StateDir::open(root, None, false).unwrap().unwrap();
    assert_eq!(st.path(), root.join(".heatseed/state"));
    assert!(!st.path().exists(), "opening creates nothing");
    assert!(StateDir::open(root, None, true).unwrap().is_none());
    let elsewhere = tmp.path().join("x").join("state");
    let st = StateDir::open(root, Some(&elsewhere), false)
        .unwrap()
        .unwrap();
    assert_eq!(st.path(), elsewhere);
}

#[test]
fn a_symlinked_heatseed_dir_is_refused_and_goroot_gets_no_default() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("m");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, root.join(".heatseed")).unwrap();
    let err = StateDir::open(&root, None, false).unwrap_err();
    assert_eq!(err.exit_code(), crate::error::ExitCode::Write, "{err}");
    // --state-dir is the user's choice.
    assert!(StateDir::open(&root, Some(&outside), false)
        .unwrap()
        .is_some());

    let std_root = tmp.path().join("goroot-src");
    std::fs::create_dir_all(&std_root).unwrap();
    std::fs::write(
        std_root.join("go.mod"),
        "module std // the library\n\ngo 1.26\n",
    )
    .unwrap();
    assert!(StateDir::open(&std_root, None, false).unwrap().is_none());
    assert!(StateDir::open(&std_root, Some(&outside), false)
        .unwrap()
        .is_some());
}

#[test]
fn key_parts_are_length_prefixed() {
    let mut a = KeyHasher::new("d");
    a.str("ab").str("c");
    let mut b = KeyHasher::new("d");
    b.str("a").str("bc");
    assert_ne!(a.finish(), b.finish());
    assert_eq!(hex(&[0xab; 32]).len(), 64);
}

#[test]
fn concurrent_writers_of_one_entry_leave_a_whole_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let st = StateDir::at(tmp.path());
    let scope = parse_scope();
    let value: Vec<String> = (0..2000).map(|i| format!("value {i}")).collect();
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..10 {
                    st.put("k", scope, &key("same"), &value).unwrap();
                    // Every read sees nothing or the whole entry.
                    if let Some(v) = st.get::<Vec<String>>("k", scope, &key("same")) {
                        assert_eq!(v, value);
                    }
                }
            });
        }
    });
    assert_eq!(st.get::<Vec<String>>("k", scope, &key("same")), Some(value));
}

#[test]
fn raw_entries_round_trip_and_torn_ones_miss() {
    let tmp = tempfile::tempdir().unwrap();
    let st = StateDir::at(tmp.path());
    let scope = code_scope();
    let raw = b"{\"schema\":\"x\"}\n\0\xff bytes\n".to_vec();
    st.put_raw("memo", scope, &key("a"), raw.clone()).unwrap();
    assert_eq!(st.get_raw("memo", scope, &key("a")), Some(raw.clone()));
    assert_eq!(st.get_raw("memo", scope, &key("b")), None);
    let files = entry_files(tmp.path());
    let bytes = std::fs::read(&files[0]).unwrap();
    // Torn (a byte short), or without its header line: a miss.
    std::fs::write(&files[0], &bytes[..bytes.len() - 1]).unwrap();
    assert_eq!(st.get_raw("memo", scope, &key("a")), None);
    std::fs::write(&files[0], &raw).unwrap();
    assert_eq!(st.get_raw("memo", scope, &key("a")), None);
    st.put_raw("memo", scope, &key("a"), raw.clone()).unwrap();
    assert_eq!(st.get_raw("memo", scope, &key("a")), Some(raw));
}

#[test]
fn deferred_writes_reach_the_disk_only_on_flush() {
    let tmp = tempfile::tempdir().unwrap();
    let st = StateDir::at(tmp.path().join("state")).deferred();
    st.put("k", parse_scope(), &key("a"), &7u32).unwrap();
    st.put_raw("r", code_scope(), &key("b"), b"raw".to_vec())
        .unwrap();
    assert!(!st.path().exists(), "nothing written before flush");
    st.flush();
    assert_eq!(st.get::<u32>("k", parse_scope(), &key("a")), Some(7));
    assert_eq!(
        st.get_raw("r", code_scope(), &key("b")),
        Some(b"raw".to_vec())
    );
}

#[test]
fn background_writes_are_on_disk_once_the_last_handle_is_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let st = StateDir::at(tmp.path()).background();
    let clone = st.clone();
    for i in 0..50u32 {
        clone
            .put("k", parse_scope(), &key(&i.to_string()), &i)
            .unwrap();
    }
    st.put_raw("raw", parse_scope(), &key("r"), b"bytes".to_vec())
        .unwrap();
    drop(clone);
    drop(st);
    let st = StateDir::at(tmp.path());
    for i in 0..50u32 {
        assert_eq!(
            st.get::<u32>("k", parse_scope(), &key(&i.to_string())),
            Some(i)
        );
    }
    assert_eq!(
        st.get_raw("raw", parse_scope(), &key("r")).as_deref(),
        Some(&b"bytes"[..])
    );
    assert_eq!(
        std::fs::read_dir(tmp.path().join("tmp")).unwrap().count(),
        0
    );
}

#[test]
fn packs_round_trip_and_foreign_or_torn_entries_miss() {
    let tmp = tempfile::tempdir().unwrap();
    let st = StateDir::at(tmp.path());
    let scope = parse_scope();
    assert!(st.pack_index("p", scope).is_empty());
    let entries = |names: &[&str]| -> Vec<(Hash, Vec<u8>)> {
        names
            .iter()
            .map(|n| {
                (
                    key(n),
                    pack::seal_packed(scope, &key(n), &n.to_string()).unwrap(),
                )
            })
            .collect()
    };
    st.put_pack("p", scope, entries(&["a", "b"])).unwrap();
    st.put_pack("p", scope, entries(&["c"])).unwrap();
    st.put_pack("p", scope, Vec::new()).unwrap();
    let index = st.pack_index("p", scope);
    assert_eq!(index.len(), 3);
    for n in ["a", "b", "c"] {
        assert_eq!(index.get::<String>(scope, &key(n)).as_deref(), Some(n));
    }
    assert_eq!(index.get::<String>(scope, &key("d")), None);
    // Another shape, another scope: misses.
    assert_eq!(index.get::<u32>(scope, &key("a")), None);
    assert!(st.pack_index("p", &key("other scope")).is_empty());
    assert!(st.pack_index("q", scope).is_empty());
    // An entry filed under another key's name is not taken for it.
    let mut swapped = entries(&["x"]);
    swapped[0].0 = key("y");
    st.put_pack("p", scope, swapped).unwrap();
    assert_eq!(
        st.pack_index("p", scope).get::<String>(scope, &key("y")),
        None
    );
    // Torn packs: entries past the end are not listed; garbage headers are no pack.
    let packs: Vec<PathBuf> = entry_files(tmp.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "pack"))
        .collect();
    assert_eq!(packs.len(), 3);
    for p in &packs {
        let bytes = std::fs::read(p).unwrap();
        std::fs::write(p, &bytes[..bytes.len() - 1]).unwrap();
    }
    let index = st.pack_index("p", scope);
    // Only "a" (first of the two-entry pack) is still whole.
    assert_eq!(index.len(), 1);
    assert_eq!(index.get::<String>(scope, &key("a")).as_deref(), Some("a"));
    for p in &packs {
        std::fs::write(p, b"\0garbage\n").unwrap();
    }
    assert!(st.pack_index("p", scope).is_empty());
}
