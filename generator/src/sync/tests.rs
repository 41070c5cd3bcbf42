//! Plans and applies on temporary folders: what changes, what is refused, what a failure or a
//! killed run leaves, and ownership by folder and by manifest.

use super::apply::rename_order;
use super::disk::{is_old_temp_name, is_temp_name};
use super::*;

fn file(path: &str, contents: &str) -> GeneratedFile {
    GeneratedFile {
        path: path.to_string(),
        contents: contents.to_string(),
    }
}

fn write(dir: &Path, path: &str, contents: &str) {
    let full = join(dir, path);
    fs::create_dir_all(full.parent().unwrap()).unwrap();
    fs::write(full, contents).unwrap();
}

fn read(dir: &Path, path: &str) -> String {
    fs::read_to_string(join(dir, path)).unwrap()
}

fn kinds(plan: &Plan) -> Vec<(&str, ChangeKind)> {
    plan.changes()
        .iter()
        .map(|c| (c.path.as_str(), c.kind))
        .collect()
}

/// Every file below `dir`, hidden ones included, so stray temporary files show up.
fn listing(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy();
                out.push(rel.replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

/// Every file and folder below `dir` with its contents, to compare before and after.
fn contents(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for path in listing(dir) {
        let mut parts: Vec<&str> = path.split('/').collect();
        parts.pop();
        while !parts.is_empty() {
            out.insert(format!("{}/", parts.join("/")), String::new());
            parts.pop();
        }
        out.insert(path.clone(), read(dir, &path));
    }
    out
}

#[test]
fn creates_updates_deletes_and_counts_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "src/apis/mod.rs", "// @generated\npub mod a;\n");
    write(dir, "src/apis/a.rs", "// @generated\nold\n");
    write(dir, "src/apis/gone.rs", "// @generated\ngone\n");
    write(dir, "src/lib.rs", "mod apis;\n");
    let files = [
        file("src/apis/mod.rs", "// @generated\npub mod a;\n"),
        file("src/apis/b.rs", "// @generated\nnew\n"),
        file("src/apis/a.rs", "// @generated\nnew\n"),
    ];

    let plan = plan(dir, &files, &Ownership::Dir("src/apis".into())).unwrap();
    assert_eq!(
        kinds(&plan),
        [
            ("src/apis/a.rs", ChangeKind::Update),
            ("src/apis/b.rs", ChangeKind::Create),
            ("src/apis/gone.rs", ChangeKind::Delete),
        ]
    );
    assert_eq!(
        plan.summary(),
        Summary {
            written: 2,
            removed: 1,
            unchanged: 1
        }
    );
    assert_eq!(
        plan.summary().to_string(),
        "2 files written, 1 removed, 1 unchanged"
    );

    let applied = plan.apply().unwrap();
    assert_eq!(applied.written, ["src/apis/a.rs", "src/apis/b.rs"]);
    assert_eq!(applied.removed, ["src/apis/gone.rs"]);
    assert_eq!(applied.summary(), plan.summary());
    assert_eq!(read(dir, "src/apis/a.rs"), "// @generated\nnew\n");
    assert_eq!(read(dir, "src/apis/b.rs"), "// @generated\nnew\n");
    assert_eq!(read(dir, "src/lib.rs"), "mod apis;\n");
    assert_eq!(
        listing(dir),
        [
            "src/apis/a.rs",
            "src/apis/b.rs",
            "src/apis/mod.rs",
            "src/lib.rs"
        ]
    );
}

#[test]
fn crlf_on_disk_counts_as_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.rs", "// @generated\r\nfn a() {}\r\n");
    let plan = plan(
        tmp.path(),
        &[file("a.rs", "// @generated\nfn a() {}\n")],
        &Ownership::Manifest,
    )
    .unwrap();
    assert!(plan.is_empty());
    assert_eq!(
        plan.summary(),
        Summary {
            written: 0,
            removed: 0,
            unchanged: 1
        }
    );
}

#[test]
fn creates_into_a_missing_output_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let plan = plan(&dir, &[file("src/lib.rs", "x\n")], &Ownership::Manifest).unwrap();
    assert_eq!(kinds(&plan), [("src/lib.rs", ChangeKind::Create)]);
    plan.apply().unwrap();
    assert_eq!(read(&dir, "src/lib.rs"), "x\n");
}

#[test]
fn removes_directories_left_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "src/apis/old/deep/x.rs", "x\n");
    write(dir, "src/apis/old/y.rs", "y\n");
    write(dir, "src/lib.rs", "mod apis;\n");
    let plan = plan(
        dir,
        &[file("src/apis/mod.rs", "m\n")],
        &Ownership::Dir("src/apis".into()),
    )
    .unwrap();
    plan.apply().unwrap();
    assert!(!dir.join("src/apis/old").exists());
    assert_eq!(listing(dir), ["src/apis/mod.rs", "src/lib.rs"]);

    // With nothing left to generate, the owned directory itself goes, the rest stays.
    let plan = super::plan(dir, &[], &Ownership::Dir("src/apis".into())).unwrap();
    plan.apply().unwrap();
    assert!(!dir.join("src/apis").exists());
    assert!(dir.join("src").is_dir());
    assert!(dir.is_dir());
}

#[test]
fn manifest_ownership_changes_only_listed_unchanged_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let files = [
        file("src/lib.rs", "// @generated\npub mod a;\n"),
        file("src/a.rs", "a\n"),
        file("src/old.rs", "old\n"),
    ];
    plan(dir, &files, &Ownership::Manifest)
        .unwrap()
        .apply()
        .unwrap();
    let manifest = read(dir, MANIFEST);
    assert_eq!(manifest.lines().count(), 4, "{manifest}");
    assert!(
        manifest.lines().nth(1).unwrap().ends_with(" src/a.rs"),
        "{manifest}"
    );
    write(dir, "src/extra.rs", "// @generated by specgen\n");
    write(dir, "README.md", "# mine\n");

    // `old.rs` is no longer wanted and unchanged: removed. `extra.rs` is not the
    // generator's, whatever it says: kept.
    let files = [
        file("src/lib.rs", "// @generated\n"),
        file("src/a.rs", "a2\n"),
    ];
    let next = plan(dir, &files, &Ownership::Manifest).unwrap();
    assert_eq!(
        kinds(&next),
        [
            ("src/a.rs", ChangeKind::Update),
            ("src/lib.rs", ChangeKind::Update),
            ("src/old.rs", ChangeKind::Delete)
        ]
    );
    next.apply().unwrap();
    assert_eq!(
        listing(dir),
        [
            MANIFEST,
            "README.md",
            "src/a.rs",
            "src/extra.rs",
            "src/lib.rs"
        ]
    );
    assert_eq!(read(dir, MANIFEST).lines().count(), 3);

    // An edited file is refused, forced or not alike in what is reported.
    write(dir, "src/a.rs", "a2\nmine\n");
    let files = [
        file("src/lib.rs", "// @generated\n"),
        file("src/a.rs", "a3\n"),
    ];
    let err = plan(dir, &files, &Ownership::Manifest).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    assert!(
        err.to_string().contains("changed since specgen wrote it"),
        "{err}"
    );
    let forced = plan_with(dir, &files, &Ownership::Manifest, true).unwrap();
    assert_eq!(kinds(&forced), [("src/a.rs", ChangeKind::Update)]);
    forced.apply().unwrap();
    assert_eq!(read(dir, "src/a.rs"), "a3\n");
    assert_eq!(read(dir, "README.md"), "# mine\n");
}

#[test]
fn a_folder_without_manifest_is_refused_unless_it_holds_exactly_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let files = [file("Cargo.toml", "[package]\n"), file("src/lib.rs", "x\n")];
    write(dir, "Cargo.toml", "[package]\n");
    write(dir, "src/lib.rs", "x\r\n");
    let adopted = plan(dir, &files, &Ownership::Manifest).unwrap();
    assert!(adopted.is_empty());
    adopted.apply().unwrap();
    assert!(dir.join(MANIFEST).is_file(), "the adopted files are listed");

    let other = tempfile::tempdir().unwrap();
    write(other.path(), "Cargo.lock", "# @generated by Cargo\n");
    write(other.path(), "src/main.rs", "fn main() {}\n");
    write(other.path(), "docs/a.md", "a\n");
    let err = plan(other.path(), &files, &Ownership::Manifest).unwrap_err();
    let message = err.to_string();
    for named in ["Cargo.lock`", "main.rs`", "docs/`"] {
        assert!(message.contains(named), "{named}: {message}");
    }
    let forced = plan_with(other.path(), &files, &Ownership::Manifest, true).unwrap();
    assert_eq!(
        kinds(&forced),
        [
            ("Cargo.toml", ChangeKind::Create),
            ("src/lib.rs", ChangeKind::Create)
        ]
    );
}

#[test]
fn a_damaged_manifest_is_refused_and_forced_over() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let files = [file("src/lib.rs", "x\n")];
    plan(dir, &files, &Ownership::Manifest)
        .unwrap()
        .apply()
        .unwrap();
    write(dir, MANIFEST, "# specgen\nnot a line of a manifest\n");
    let err = plan(dir, &files, &Ownership::Manifest).unwrap_err();
    assert!(err.to_string().contains("line 2 is not"), "{err}");
    let files = [file("src/lib.rs", "y\n")];
    plan_with(dir, &files, &Ownership::Manifest, true)
        .unwrap()
        .apply()
        .unwrap();
    assert_eq!(read(dir, "src/lib.rs"), "y\n");
    assert!(plan(dir, &files, &Ownership::Manifest).unwrap().is_empty());
    assert!(read(dir, MANIFEST).ends_with(" src/lib.rs\n"));
}

#[test]
fn paths_are_checked_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let long = format!("src/{}.rs", "a".repeat(253));
    for (files, want) in [
        (
            vec![file("src/con.rs", ""), file("src/ok.rs", "")],
            "Windows reserves",
        ),
        (vec![file("src/Aux/mod.rs", "")], "Windows reserves"),
        (vec![file("src/lpt1", "")], "Windows reserves"),
        (vec![file(&long, "")], "bytes"),
        (
            vec![file("src/A.rs", ""), file("src/a.rs", "")],
            "only in case",
        ),
        (
            vec![file("src/A/x.rs", ""), file("src/a/y.rs", "")],
            "only in case",
        ),
        (vec![file("src/a?.rs", "")], "cannot store"),
        (vec![file("src/a.rs", ""), file("src/a.rs", "")], "twice"),
    ] {
        let err = plan(&dir, &files, &Ownership::Manifest).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains(want), "{want}: {err}");
    }
    assert!(!dir.exists());
    // A name of 250 bytes is fine: temporaries have short names of their own.
    let fine = format!("src/{}.rs", "a".repeat(250));
    plan(&dir, &[file(&fine, "x\n")], &Ownership::Manifest)
        .unwrap()
        .apply()
        .unwrap();
    assert_eq!(read(&dir, &fine), "x\n");
}

#[cfg(unix)]
#[test]
fn symbolic_links_on_the_way_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let elsewhere = tmp.path().join("elsewhere");
    write(&elsewhere, "mod.rs", "theirs\n");
    fs::create_dir_all(dir.join("src")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("src/apis")).unwrap();
    for ownership in [Ownership::Manifest, Ownership::Dir("src/apis".into())] {
        let err = plan_with(&dir, &[file("src/apis/mod.rs", "x\n")], &ownership, true).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
    }
    std::os::unix::fs::symlink(elsewhere.join("mod.rs"), dir.join("src/lib.rs")).unwrap();
    let err = plan_with(
        &dir,
        &[file("src/lib.rs", "x\n")],
        &Ownership::Manifest,
        true,
    )
    .unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(read(&elsewhere, "mod.rs"), "theirs\n");
}

#[test]
fn a_failure_while_writing_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "src/apis/mod.rs", "pub mod a;\n");
    write(dir, "src/apis/a.rs", "a\n");
    write(dir, "src/lib.rs", "mod apis;\n");
    let before = contents(dir);
    let files = [
        file("src/apis/mod.rs", "pub mod a;\npub mod b;\n"),
        file("src/apis/a.rs", "a2\n"),
        file("src/apis/b/mod.rs", "b\n"),
        file("src/apis/b/c.rs", "c\n"),
    ];
    let plan = plan(dir, &files, &Ownership::Dir("src/apis".into())).unwrap();
    for fail_at in 0..4 {
        let err = plan.apply_failing_after(fail_at).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("nothing in"), "{message}");
        assert_eq!(contents(dir), before, "failing at temporary {fail_at}");
    }
    plan.apply().unwrap();
    assert_eq!(read(dir, "src/apis/b/c.rs"), "c\n");
}

#[test]
fn module_roots_are_renamed_after_their_modules() {
    let mut paths = vec![
        "src/lib.rs",
        "src/apis/mod.rs",
        "src/apis/b/mod.rs",
        "src/apis/b/c.rs",
        "Cargo.toml",
        "src/apis/a.rs",
    ];
    paths.sort_by_key(|path| rename_order(path));
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "src/apis/a.rs",
            "src/apis/b/c.rs",
            "src/apis/b/mod.rs",
            "src/apis/mod.rs",
            "src/lib.rs"
        ]
    );
}

#[test]
fn content_hashes_tell_contents_apart_and_read_crlf_as_lf() {
    let mut seen = BTreeSet::new();
    let mut texts = vec![
        String::new(),
        "a".into(),
        "b".into(),
        "ab".into(),
        "ba".into(),
    ];
    texts.extend((0..300).map(|n| "x".repeat(n) + "\n"));
    texts.extend((0..64).map(|n| format!("{}y{}", "x".repeat(n), "x".repeat(63 - n))));
    for text in &texts {
        assert!(seen.insert(content_hash(text.as_bytes())), "{text:?}");
    }
    assert_eq!(
        content_hash(b"pub struct A;\r\n\r\nfn a() {}\r\n"),
        content_hash(b"pub struct A;\n\nfn a() {}\n")
    );
}

#[test]
fn temporaries_of_killed_runs_are_recognised() {
    assert!(is_temp_name(".specgen-123-0.tmp"));
    assert!(!is_temp_name(".specgen-notes.tmp"));
    assert!(!is_temp_name("specgen-1-2.tmp"));
    let known = |name: &str| name == "lib.rs";
    assert!(is_old_temp_name(".lib.rs.123.4.tmp", known));
    assert!(!is_old_temp_name(".other.rs.123.4.tmp", known));
    assert!(!is_old_temp_name(".lib.rs.x.4.tmp", known));
}

#[test]
fn applying_twice_is_a_no_op_the_second_time() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "src/apis/stale.rs", "stale\n");
    let files = [
        file("src/apis/mod.rs", "pub mod a;\n"),
        file("src/apis/a.rs", "pub struct A;\n"),
    ];
    let ownership = Ownership::Dir("src/apis".into());

    let first = plan(dir, &files, &ownership).unwrap();
    assert!(!first.is_empty());
    first.apply().unwrap();

    let second = plan(dir, &files, &ownership).unwrap();
    assert!(second.is_empty());
    assert_eq!(second.unified_diff(), "");
    let applied = second.apply().unwrap();
    assert_eq!(
        applied,
        Applied {
            written: vec![],
            removed: vec![],
            unchanged: 2
        }
    );

    // Re-applying the first plan rewrites the same contents and leaves no temporary files.
    first.apply().unwrap();
    assert_eq!(listing(dir), ["src/apis/a.rs", "src/apis/mod.rs"]);
}

#[test]
fn unified_diff_shows_every_change_against_empty_where_needed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "gen/a.rs", "1\n2\n3\n4\n5\n6\n7\n8\n9\n");
    write(dir, "gen/gone.rs", "bye\n");
    let files = [
        file("gen/a.rs", "1\n2\n3\n4\n5\nsix\n7\n8\n9\n"),
        file("gen/new.rs", "hi\n"),
    ];
    let plan = plan(dir, &files, &Ownership::Dir("gen".into())).unwrap();
    assert!(
        plan.unified_diff_with_prefix("out/")
            .starts_with("--- a/out/gen/a.rs\n+++ b/out/gen/a.rs\n")
    );
    assert_eq!(
        plan.unified_diff(),
        "--- a/gen/a.rs\n+++ b/gen/a.rs\n@@ -3,7 +3,7 @@\n 3\n 4\n 5\n-6\n+six\n 7\n 8\n 9\n\
         --- a/gen/gone.rs\n+++ b/gen/gone.rs\n@@ -1 +0,0 @@\n-bye\n\
         --- a/gen/new.rs\n+++ b/gen/new.rs\n@@ -0,0 +1 @@\n+hi\n"
    );
}

#[test]
fn rejects_paths_that_could_escape_the_output_directory() {
    let tmp = tempfile::tempdir().unwrap();
    for bad in ["../x.rs", "/etc/x", "a//b", "a/./b", "a\\b", "C:/x", ""] {
        let err = plan(tmp.path(), &[file(bad, "")], &Ownership::Manifest).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad}");
    }
    let twice = [file("a.rs", "1"), file("a.rs", "2")];
    assert!(plan(tmp.path(), &twice, &Ownership::Manifest).is_err());
    assert!(plan(tmp.path(), &[], &Ownership::Dir("../up".into())).is_err());
}
