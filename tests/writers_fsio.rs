//! `writers::fsio::SafeWriter`: confinement to the module root, politeness towards user files,
//! idempotence, dry-run and atomicity, on a real file system.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use heatseed::error::Error;
use heatseed::writers::fsio::{SafeWriter, WriteAction, WritePolicy, GENERATED_MARKER};

const GEN: WritePolicy = WritePolicy::GeneratedOnly;

/// Every path under `root` (files with their bytes, dirs and symlinks marked), for
/// "nothing changed" checks.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let bytes = e.file_type().is_file().then(|| fs::read(e.path()).unwrap());
            (e.path().to_path_buf(), bytes)
        })
        .collect()
}

fn generated(body: &str) -> Vec<u8> {
    format!("{GENERATED_MARKER}\n\npackage x\n{body}").into_bytes()
}

fn assert_refused(result: heatseed::error::Result<impl std::fmt::Debug>, what: &str) {
    match result {
        Err(Error::Write { message, .. }) => assert!(
            message.contains("refusing to write outside module root"),
            "{what}: {message}"
        ),
        other => panic!("{what}: expected a refusal, got {other:?}"),
    }
}

#[test]
fn refuses_paths_outside_the_root() {
    let root = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let w = SafeWriter::new(root.path(), false).unwrap();

    assert_refused(w.write(Path::new("../x"), b"x", GEN), "../x");
    assert_refused(w.write(Path::new("a/../../x"), b"x", GEN), "a/../../x");
    // `..` is refused even when it would land inside.
    assert_refused(w.write(Path::new("a/../x"), b"x", GEN), "a/../x");
    assert_refused(
        w.write(&outside.path().join("x"), b"x", GEN),
        "absolute elsewhere",
    );
    assert_refused(
        w.write(&outside.path().join("new/dir/x"), b"x", GEN),
        "absolute elsewhere, missing dirs",
    );
    assert!(w.write(Path::new("/"), b"x", GEN).is_err());
    assert!(
        snapshot(outside.path()).len() == 1,
        "outside dir was written to"
    );
    assert!(snapshot(root.path()).len() == 1, "root was written to");
}

#[cfg(unix)]
#[test]
fn refuses_symlinks_leading_outside() {
    let root = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), root.path().join("link")).unwrap();
    fs::write(outside.path().join("target.go"), "user").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("target.go"),
        root.path().join("file_link.go"),
    )
    .unwrap();
    let w = SafeWriter::new(root.path(), false).unwrap();

    assert_refused(w.write(Path::new("link/x"), b"x", GEN), "symlinked dir");
    assert_refused(
        w.write(Path::new("link/a/b/x"), b"x", GEN),
        "under symlinked dir",
    );
    match w.write(Path::new("file_link.go"), b"x", GEN) {
        Err(Error::Write { message, .. }) => assert!(message.contains("symlink"), "{message}"),
        other => panic!("symlinked file: expected a refusal, got {other:?}"),
    }
    assert_eq!(fs::read(outside.path().join("target.go")).unwrap(), b"user");
    assert_eq!(snapshot(outside.path()).len(), 2);
}

#[cfg(unix)]
#[test]
fn symlink_inside_the_root_is_followed() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir(root.path().join("real")).unwrap();
    std::os::unix::fs::symlink(root.path().join("real"), root.path().join("alias")).unwrap();
    let w = SafeWriter::new(root.path(), false).unwrap();
    let o = w.write(Path::new("alias/x.go"), b"x", GEN).unwrap();
    assert_eq!(o.action, WriteAction::Created);
    assert_eq!(o.path, w.root().join("real/x.go"));
    assert_eq!(fs::read(root.path().join("real/x.go")).unwrap(), b"x");
}

#[test]
fn creates_missing_directories_and_accepts_absolute_paths_inside() {
    let root = tempfile::tempdir().unwrap();
    let w = SafeWriter::new(root.path(), false).unwrap();
    let o = w
        .write(
            Path::new("testdata/fuzz/FuzzX/abc"),
            b"go test fuzz v1\n",
            WritePolicy::CreateOnly,
        )
        .unwrap();
    assert_eq!(o.action, WriteAction::Created);
    assert_eq!(o.path, w.root().join("testdata/fuzz/FuzzX/abc"));
    let abs = root.path().join("sub/h_test.go");
    let o = w.write(&abs, &generated(""), GEN).unwrap();
    assert_eq!(o.action, WriteAction::Created);
    assert!(abs.is_file());
}

#[test]
fn user_file_is_never_touched() {
    let root = tempfile::tempdir().unwrap();
    let user = b"package x\n\n// my own harness\n";
    fs::write(root.path().join("fuzz_test.go"), user).unwrap();
    // A marker that is not the whole first line does not count.
    let almost = format!("{GENERATED_MARKER} (edited)\npackage x\n");
    fs::write(root.path().join("almost_test.go"), &almost).unwrap();
    let before = snapshot(root.path());
    let w = SafeWriter::new(root.path(), false).unwrap();
    for name in ["fuzz_test.go", "almost_test.go"] {
        let o = w.write(Path::new(name), &generated("// new"), GEN).unwrap();
        assert_eq!(o.action, WriteAction::SkippedUserFile, "{name}");
    }
    assert_eq!(snapshot(root.path()), before);
}

#[test]
fn generated_file_is_replaced_and_rewrite_is_idempotent() {
    let root = tempfile::tempdir().unwrap();
    let path = root.path().join("heatseed_fuzz_test.go");
    fs::write(&path, generated("// v1")).unwrap();
    let w = SafeWriter::new(root.path(), false).unwrap();

    let o = w
        .write(Path::new("heatseed_fuzz_test.go"), &generated("// v2"), GEN)
        .unwrap();
    assert_eq!(o.action, WriteAction::Replaced);
    assert_eq!(fs::read(&path).unwrap(), generated("// v2"));

    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = w
        .write(Path::new("heatseed_fuzz_test.go"), &generated("// v2"), GEN)
        .unwrap();
    assert_eq!(o.action, WriteAction::Unchanged);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), mtime);
}

#[cfg(unix)]
#[test]
fn replacing_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let path = root.path().join("gen.go");
    fs::write(&path, generated("")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let w = SafeWriter::new(root.path(), false).unwrap();
    w.write(Path::new("gen.go"), &generated("// v2"), GEN)
        .unwrap();
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn create_only_reports_conflicts_and_leaves_the_file() {
    let root = tempfile::tempdir().unwrap();
    let w = SafeWriter::new(root.path(), false).unwrap();
    let p = Path::new("testdata/fuzz/FuzzX/0123456789abcdef");
    assert_eq!(
        w.write(p, b"one", WritePolicy::CreateOnly).unwrap().action,
        WriteAction::Created
    );
    assert_eq!(
        w.write(p, b"one", WritePolicy::CreateOnly).unwrap().action,
        WriteAction::Unchanged
    );
    assert_eq!(
        w.write(p, b"two", WritePolicy::CreateOnly).unwrap().action,
        WriteAction::SkippedConflict
    );
    assert_eq!(fs::read(root.path().join(p)).unwrap(), b"one");
}

#[test]
fn dry_run_writes_nothing_and_says_what_it_would_do() {
    let root = tempfile::tempdir().unwrap();
    fs::write(root.path().join("gen_test.go"), generated("// old")).unwrap();
    fs::write(root.path().join("user_test.go"), "package x\n").unwrap();
    fs::write(root.path().join("same_test.go"), generated("")).unwrap();
    let before = snapshot(root.path());
    let w = SafeWriter::new(root.path(), true).unwrap();
    assert!(w.is_dry_run());

    let cases = [
        (
            "testdata/fuzz/FuzzX/aa",
            WritePolicy::CreateOnly,
            generated(""),
            WriteAction::WouldCreate,
        ),
        (
            "gen_test.go",
            GEN,
            generated("// new"),
            WriteAction::WouldReplace,
        ),
        (
            "user_test.go",
            GEN,
            generated(""),
            WriteAction::SkippedUserFile,
        ),
        ("same_test.go", GEN, generated(""), WriteAction::Unchanged),
        ("new_test.go", GEN, generated(""), WriteAction::WouldCreate),
    ];
    for (path, policy, bytes, want) in cases {
        let o = w.write(Path::new(path), &bytes, policy).unwrap();
        assert_eq!(o.action, want, "{path}");
        assert!(!o.action.changes_disk());
    }
    assert_refused(w.write(Path::new("../x"), b"x", GEN), "dry-run ../x");
    assert_eq!(snapshot(root.path()), before, "dry-run changed the tree");
}

#[test]
fn atomic_writes_leave_no_temp_files() {
    let root = tempfile::tempdir().unwrap();
    let w = SafeWriter::new(root.path(), false).unwrap();
    for i in 0..20 {
        let body = generated(&format!("// {i}"));
        w.write(Path::new("dir/gen_test.go"), &body, GEN).unwrap();
        w.write(
            Path::new(&format!("dir/c{i}")),
            &body,
            WritePolicy::CreateOnly,
        )
        .unwrap();
    }
    let names: Vec<String> = fs::read_dir(root.path().join("dir"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 21, "{names:?}");
    assert!(
        names.iter().all(|n| !n.contains("heatseed-tmp")),
        "{names:?}"
    );
}

#[test]
fn a_directory_in_the_way_is_an_error() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir(root.path().join("d")).unwrap();
    let w = SafeWriter::new(root.path(), false).unwrap();
    assert!(matches!(
        w.write(Path::new("d"), b"x", GEN),
        Err(Error::Write { .. })
    ));
}

#[test]
fn copy_tree_keeps_target_dirs_symlinks_and_nested_git_but_not_root_git_or_temps() {
    use heatseed::writers::fsio::copy_tree;
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("m");
    for d in [
        "target/inner",
        "sub/target",
        "sub/.git",
        ".git",
        ".heatseed/tmp",
        "pkg",
    ] {
        fs::create_dir_all(src.join(d)).unwrap();
    }
    fs::write(src.join("target/inner/a.go"), "package inner\n").unwrap();
    fs::write(src.join("sub/target/b.go"), "package target\n").unwrap();
    fs::write(src.join("sub/.git/HEAD"), "fixture\n").unwrap();
    fs::write(src.join(".git/HEAD"), "ref\n").unwrap();
    fs::write(src.join(".heatseed/tmp/x.1-0"), "half").unwrap();
    fs::write(src.join("pkg/.x.go.heatseed-tmp-1-2"), "old temp").unwrap();
    fs::write(src.join("pkg/real.go"), "package pkg\n").unwrap();
    std::os::unix::fs::symlink("real.go", src.join("pkg/rel_link.go")).unwrap();
    std::os::unix::fs::symlink(src.join("pkg/real.go"), src.join("pkg/abs_link.go")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", src.join("pkg/outside")).unwrap();
    let dst = tmp.path().join("copy");
    copy_tree(&src, &dst).unwrap();
    assert!(
        dst.join("target/inner/a.go").is_file(),
        "root target/ is a Go package here"
    );
    assert!(dst.join("sub/target/b.go").is_file());
    assert!(
        dst.join("sub/.git/HEAD").is_file(),
        "only the root .git is skipped"
    );
    assert!(!dst.join(".git").exists());
    assert!(!dst.join(".heatseed/tmp").exists());
    assert!(!dst.join("pkg/.x.go.heatseed-tmp-1-2").exists());
    let rel = dst.join("pkg/rel_link.go");
    assert!(fs::symlink_metadata(&rel).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_link(&rel).unwrap(), PathBuf::from("real.go"));
    // An absolute link into the tree points into the copy, not back at the original.
    assert_eq!(
        fs::read_link(dst.join("pkg/abs_link.go")).unwrap(),
        dst.join("pkg/real.go")
    );
    assert_eq!(
        fs::read_link(dst.join("pkg/outside")).unwrap(),
        PathBuf::from("/etc/hostname")
    );
}

#[test]
fn temp_files_never_sit_beside_the_target() {
    // A write in progress shows its temp file only under .heatseed/tmp; the commit moves it.
    let tmp = tempfile::tempdir().unwrap();
    let w = SafeWriter::new(tmp.path(), false).unwrap();
    let target = Path::new("pkg/testdata/fuzz/FuzzX/0123456789abcdef");
    let planned = w
        .plan(target, b"go test fuzz v1\n", WritePolicy::CreateOnly)
        .unwrap();
    heatseed::writers::fsio::commit(vec![planned]).unwrap();
    let corpus = tmp.path().join("pkg/testdata/fuzz/FuzzX");
    let names: Vec<_> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("0123456789abcdef")]);
    // A stale temp file (a killed run) is removed by the next run's clean_temp.
    let stale = tmp.path().join(".heatseed/tmp/0123.99-0");
    fs::create_dir_all(stale.parent().unwrap()).unwrap();
    fs::write(&stale, b"half").unwrap();
    w.clean_temp().unwrap();
    assert!(!stale.exists());
}

#[test]
fn a_failed_batch_leaves_nothing_of_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("keep.go"), generated("// v1\n")).unwrap();
    // `b/testdata` is a file: the directory for the last write cannot be created.
    fs::create_dir_all(root.join("b")).unwrap();
    fs::write(root.join("b/testdata"), b"in the way").unwrap();
    let before = snapshot(root);
    let w = SafeWriter::new(root, false).unwrap();
    let batch = vec![
        w.plan(Path::new("a/new.go"), &generated("// a\n"), GEN)
            .unwrap(),
        w.plan(Path::new("keep.go"), &generated("// v2\n"), GEN)
            .unwrap(),
        w.plan(
            Path::new("b/testdata/fuzz/FuzzB/00"),
            b"x",
            WritePolicy::CreateOnly,
        )
        .unwrap(),
    ];
    let err = heatseed::writers::fsio::commit(batch).unwrap_err();
    assert_eq!(err.exit_code(), heatseed::error::ExitCode::Write, "{err}");
    let mut after = snapshot(root);
    // The temp folder may stay (empty); nothing else changed.
    after.retain(|p, _| !p.starts_with(root.join(".heatseed")));
    assert_eq!(before, after);
}

#[test]
fn removal_takes_only_files_still_holding_heatseeds_bytes() {
    use heatseed::writers::fsio::sha256_hex;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("mine"), b"heatseed wrote this").unwrap();
    fs::write(root.join("edited"), b"the user changed this").unwrap();
    let w = SafeWriter::new(root, false).unwrap();
    let sha = sha256_hex(b"heatseed wrote this");
    assert!(w
        .remove_if_owned(Path::new("edited"), &sha)
        .unwrap()
        .is_none());
    assert!(root.join("edited").exists());
    let dry = SafeWriter::new(root, true).unwrap();
    let o = dry
        .remove_if_owned(Path::new("mine"), &sha)
        .unwrap()
        .unwrap();
    assert_eq!(o.action, WriteAction::WouldRemove);
    assert!(root.join("mine").exists());
    let o = w.remove_if_owned(Path::new("mine"), &sha).unwrap().unwrap();
    assert_eq!(o.action, WriteAction::Removed);
    assert!(!root.join("mine").exists());
    // A harness is removed only with the generated header.
    fs::write(root.join("user.go"), b"package x\n").unwrap();
    assert!(w
        .remove_if_generated(Path::new("user.go"))
        .unwrap()
        .is_none());
    assert!(root.join("user.go").exists());
}
