//! Writing a generated tree to disk: only files whose contents changed are rewritten, files the
//! generator no longer produces are removed, and `--check` style callers get a unified diff
//! instead. This is the one module of the library that touches the filesystem; `generate`
//! never calls it.
//!
//! Use is two-step: [`plan`] compares the wanted files with the disk and touches nothing, then
//! [`Plan::apply`] carries the changes out, or [`Plan::unified_diff`] shows them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;

/// The marker that makes a file generated under [`Ownership::Marked`]: it must appear on the
/// first line. It is the marker prost uses and rustfmt's `format_generated_files` looks for.
pub const MARKER: &str = "@generated";

/// Which files on disk belong to the generator, and so may be removed when it no longer
/// produces them. Wanted files are written wherever they are; ownership only decides removals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ownership {
    /// Every file below this subdirectory of the output directory (`/`-separated, like
    /// `src/apis`) is generated and may be removed when no longer produced. For output trees
    /// where the generator has a directory to itself, such as the committed `generated` crate.
    Dir(String),
    /// Only files whose first line contains [`MARKER`] may be removed, so hand-written files
    /// beside the generated ones are left alone. Directories named `target` and hidden
    /// directories are not searched: they hold build output and tool state, never our files.
    Marked,
}

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// The file does not exist yet.
    Create,
    /// The file exists with other contents.
    Update,
    /// The file is no longer generated.
    Delete,
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeKind::Create => "create",
            ChangeKind::Update => "update",
            ChangeKind::Delete => "delete",
        })
    }
}

/// One file to create, update or delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Path relative to the output directory, `/`-separated.
    pub path: String,
    /// What happens to the file.
    pub kind: ChangeKind,
    /// Contents on disk with CRLF normalised to LF; empty when the file is created.
    pub old: String,
    /// Contents to write; empty when the file is deleted.
    pub new: String,
}

/// The changes that bring a directory in line with a set of generated files. Made by [`plan`].
#[derive(Debug, Clone)]
pub struct Plan {
    dir: PathBuf,
    changes: Vec<Change>,
    unchanged: usize,
}

/// File counts of a plan or of an applied plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files created or updated.
    pub written: usize,
    /// Files deleted.
    pub removed: usize,
    /// Wanted files that already had the right contents.
    pub unchanged: usize,
}

impl fmt::Display for Summary {
    /// `3 files written, 0 removed, 9 unchanged`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let files = if self.written == 1 { "file" } else { "files" };
        write!(
            f,
            "{} {files} written, {} removed, {} unchanged",
            self.written, self.removed, self.unchanged
        )
    }
}

/// What [`Plan::apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Paths written (created or updated), relative to the output directory, sorted.
    pub written: Vec<String>,
    /// Paths removed, relative to the output directory, sorted.
    pub removed: Vec<String>,
    /// Number of wanted files that were already up to date.
    pub unchanged: usize,
}

impl Applied {
    /// The counts.
    pub fn summary(&self) -> Summary {
        Summary {
            written: self.written.len(),
            removed: self.removed.len(),
            unchanged: self.unchanged,
        }
    }
}

/// Compares `files` (paths relative to `dir`) with what is on disk below `dir`, and returns the
/// changes that would make the disk match: creations and updates for wanted files whose
/// contents differ (after normalising CRLF to LF on disk), deletions for files that `ownership`
/// says are generated but that are no longer wanted. Reads only; `dir` need not exist.
///
/// Fails on a wanted path that is absolute, contains `.`, `..` or `\`, or is listed twice, as
/// writing it could escape `dir` or be ambiguous; and on any read error other than a missing
/// file.
pub fn plan(dir: &Path, files: &[GeneratedFile], ownership: &Ownership) -> io::Result<Plan> {
    let mut wanted = BTreeMap::new();
    for file in files {
        check_relative(&file.path)?;
        if wanted
            .insert(file.path.as_str(), file.contents.as_str())
            .is_some()
        {
            return Err(invalid_input(format!(
                "generated file `{}` is listed twice",
                file.path
            )));
        }
    }

    let mut changes = Vec::new();
    let mut unchanged = 0;
    // A directory that does not exist holds none of the files: a fresh tree costs one failed
    // look-up per directory rather than a failed open per file.
    let mut missing_dirs: BTreeMap<&str, bool> = BTreeMap::new();
    for (&path, &contents) in &wanted {
        let parent = path.rsplit_once('/').map_or("", |(parent, _)| parent);
        let missing = *missing_dirs.entry(parent).or_insert_with(|| {
            matches!(fs::metadata(join(dir, parent)), Err(err) if err.kind() == io::ErrorKind::NotFound)
        });
        let full = join(dir, path);
        let read = if missing {
            Err(io::ErrorKind::NotFound.into())
        } else {
            fs::read(&full)
        };
        match read {
            Ok(bytes) => {
                if bytes == contents.as_bytes() {
                    unchanged += 1;
                    continue;
                }
                let old = normalize_newlines(&String::from_utf8_lossy(&bytes));
                if old == normalize_newlines(contents) {
                    unchanged += 1;
                } else {
                    let new = contents.to_string();
                    changes.push(Change {
                        path: path.to_string(),
                        kind: ChangeKind::Update,
                        old,
                        new,
                    });
                }
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                let new = contents.to_string();
                changes.push(Change {
                    path: path.to_string(),
                    kind: ChangeKind::Create,
                    old: String::new(),
                    new,
                });
            }
            Err(err) => return Err(with_path(err, &full)),
        }
    }

    let mut owned = BTreeSet::new();
    match ownership {
        Ownership::Dir(sub) => {
            check_relative(sub)?;
            collect_files(dir, sub, false, &mut owned)?;
        }
        Ownership::Marked => {
            let mut candidates = BTreeSet::new();
            collect_files(dir, "", true, &mut candidates)?;
            for path in candidates {
                if !wanted.contains_key(path.as_str()) && first_line_has_marker(&join(dir, &path))?
                {
                    owned.insert(path);
                }
            }
        }
    }
    for path in owned {
        if wanted.contains_key(path.as_str()) {
            continue;
        }
        let full = join(dir, &path);
        let bytes = fs::read(&full).map_err(|err| with_path(err, &full))?;
        let old = normalize_newlines(&String::from_utf8_lossy(&bytes));
        changes.push(Change {
            path,
            kind: ChangeKind::Delete,
            old,
            new: String::new(),
        });
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));

    Ok(Plan {
        dir: dir.to_path_buf(),
        changes,
        unchanged,
    })
}

impl Plan {
    /// The output directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every change, sorted by path.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Whether the disk already matches.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// What [`Plan::apply`] would do, as counts.
    pub fn summary(&self) -> Summary {
        let removed = self
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Delete)
            .count();
        Summary {
            written: self.changes.len() - removed,
            removed,
            unchanged: self.unchanged,
        }
    }

    /// Carries out the plan. Each file is written to a temporary file in its own directory and
    /// renamed over the target, so a run killed halfway leaves every file either old or new,
    /// never truncated (this guards against the process dying, not against power loss: nothing
    /// is fsynced). Missing parent directories are created; after deletions, directories left
    /// empty are removed, up to but not including the output directory.
    pub fn apply(&self) -> io::Result<Applied> {
        let mut applied = Applied {
            unchanged: self.unchanged,
            ..Applied::default()
        };
        let mut writer = Writer::default();
        for change in &self.changes {
            let full = join(&self.dir, &change.path);
            match change.kind {
                ChangeKind::Create | ChangeKind::Update => {
                    writer.write_atomically(&full, &change.new)?;
                    applied.written.push(change.path.clone());
                }
                ChangeKind::Delete => {
                    match fs::remove_file(&full) {
                        Ok(()) => {}
                        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                        Err(err) => return Err(with_path(err, &full)),
                    }
                    remove_empty_parents(&self.dir, &change.path);
                    applied.removed.push(change.path.clone());
                }
            }
        }
        Ok(applied)
    }

    /// A unified diff (3 lines of context, `--- a/<path>` and `+++ b/<path>` headers) for
    /// every changed file, in path order; created and deleted files are shown against empty.
    pub fn unified_diff(&self) -> String {
        self.unified_diff_with_prefix("")
    }

    /// [`Plan::unified_diff`] with `prefix` (such as `generated/`) put before every path, so the
    /// headers name files relative to some other directory than the output directory, and the
    /// diff applies with `git apply` from there.
    pub fn unified_diff_with_prefix(&self, prefix: &str) -> String {
        let mut out = String::new();
        for change in &self.changes {
            let old_header = format!("a/{prefix}{}", change.path);
            let new_header = format!("b/{prefix}{}", change.path);
            let new = normalize_newlines(&change.new);
            let diff = similar::TextDiff::from_lines(change.old.as_str(), new.as_str());
            let text = diff
                .unified_diff()
                .context_radius(3)
                .header(&old_header, &new_header)
                .to_string();
            if text.is_empty() {
                // An empty file created or deleted has no hunk, but should still be listed.
                out.push_str(&format!("--- {old_header}\n+++ {new_header}\n"));
            } else {
                out.push_str(&text);
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
        out
    }
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn join(dir: &Path, relative: &str) -> PathBuf {
    let mut path = dir.to_path_buf();
    path.extend(relative.split('/').filter(|part| !part.is_empty()));
    path
}

fn check_relative(path: &str) -> io::Result<()> {
    let ok = !path.is_empty()
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if ok {
        Ok(())
    } else {
        Err(invalid_input(format!(
            "`{path}` is not a relative `/`-separated path without `.` and `..` parts"
        )))
    }
}

fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

/// Adds the `/`-separated paths (relative to `root`) of every regular file below `root/sub` to
/// `out`. Symbolic links are neither followed nor listed. With `skip_build_dirs`, directories
/// named `target` and hidden directories are not entered.
fn collect_files(
    root: &Path,
    sub: &str,
    skip_build_dirs: bool,
    out: &mut BTreeSet<String>,
) -> io::Result<()> {
    let dir = join(root, sub);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(with_path(err, &dir)),
    };
    for entry in entries {
        let entry = entry.map_err(|err| with_path(err, &dir))?;
        let file_type = entry
            .file_type()
            .map_err(|err| with_path(err, &entry.path()))?;
        let Ok(name) = entry.file_name().into_string() else {
            // Not a name the generator could have produced.
            continue;
        };
        let path = if sub.is_empty() {
            name.clone()
        } else {
            format!("{sub}/{name}")
        };
        if file_type.is_dir() {
            if skip_build_dirs && (name == "target" || name.starts_with('.')) {
                continue;
            }
            collect_files(root, &path, skip_build_dirs, out)?;
        } else if file_type.is_file() {
            out.insert(path);
        }
    }
    Ok(())
}

fn first_line_has_marker(path: &Path) -> io::Result<bool> {
    let file = fs::File::open(path).map_err(|err| with_path(err, path))?;
    let mut line = Vec::new();
    io::BufReader::new(file.take(4096))
        .read_until(b'\n', &mut line)
        .map_err(|err| with_path(err, path))?;
    Ok(String::from_utf8_lossy(&line).contains(MARKER))
}

/// Writes files atomically, remembering which directories exist already.
struct Writer {
    /// Directories created or found to exist.
    dirs: BTreeSet<PathBuf>,
    /// This process's id, which temporary file names carry.
    pid: u32,
}

impl Default for Writer {
    fn default() -> Writer {
        Writer {
            dirs: BTreeSet::new(),
            pid: std::process::id(),
        }
    }
}

impl Writer {
    /// Writes `contents` to a temporary file beside `path` and renames it over `path`.
    fn write_atomically(&mut self, path: &Path, contents: &str) -> io::Result<()> {
        let parent = path.parent().expect("a joined path has a parent");
        if !self.dirs.contains(parent) {
            fs::create_dir_all(parent).map_err(|err| with_path(err, parent))?;
            self.dirs.insert(parent.to_path_buf());
        }
        let name = path
            .file_name()
            .expect("a joined path has a file name")
            .to_string_lossy();
        for attempt in 0.. {
            let tmp = parent.join(format!(".{name}.{}.{attempt}.tmp", self.pid));
            let mut file = match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
            {
                Ok(file) => file,
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => continue,
                Err(err) => return Err(with_path(err, &tmp)),
            };
            let res = file.write_all(contents.as_bytes()).and_then(|()| {
                drop(file);
                fs::rename(&tmp, path)
            });
            if let Err(err) = res {
                let _ = fs::remove_file(&tmp);
                return Err(with_path(err, path));
            }
            return Ok(());
        }
        unreachable!("the loop returns by attempt 100")
    }
}

/// Removes the directories that held `relative` while they are empty, deepest first, stopping
/// at `dir`. Best effort: a directory that cannot be removed is simply kept.
fn remove_empty_parents(dir: &Path, relative: &str) {
    let mut parts: Vec<&str> = relative.split('/').collect();
    parts.pop();
    while !parts.is_empty() {
        if fs::remove_dir(join(dir, &parts.join("/"))).is_err() {
            break;
        }
        parts.pop();
    }
}

#[cfg(test)]
mod tests {
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
        let mut out = BTreeSet::new();
        collect_files(dir, "", false, &mut out).unwrap();
        out.into_iter().collect()
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
            &Ownership::Marked,
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
        let plan = plan(&dir, &[file("src/lib.rs", "x\n")], &Ownership::Marked).unwrap();
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
    fn marked_ownership_leaves_hand_written_files_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(
            dir,
            "src/old.rs",
            "// This file is @generated by specgen.\nold\n",
        );
        write(
            dir,
            "src/extra.rs",
            "// hand-written\n// the marker on line two does not count: @generated\n",
        );
        write(dir, "README.md", "# mine\n");
        write(dir, "target/debug/build.rs", "// @generated\n");
        write(dir, ".git/info.rs", "// @generated\n");
        let plan = plan(
            dir,
            &[file("src/lib.rs", "// @generated\n")],
            &Ownership::Marked,
        )
        .unwrap();
        assert_eq!(
            kinds(&plan),
            [
                ("src/lib.rs", ChangeKind::Create),
                ("src/old.rs", ChangeKind::Delete)
            ]
        );
        plan.apply().unwrap();
        assert_eq!(
            listing(dir),
            [
                ".git/info.rs",
                "README.md",
                "src/extra.rs",
                "src/lib.rs",
                "target/debug/build.rs"
            ]
        );
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
            let err = plan(tmp.path(), &[file(bad, "")], &Ownership::Marked).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad}");
        }
        let twice = [file("a.rs", "1"), file("a.rs", "2")];
        assert!(plan(tmp.path(), &twice, &Ownership::Marked).is_err());
        assert!(plan(tmp.path(), &[], &Ownership::Dir("../up".into())).is_err());
    }
}
