//! Writing a generated tree to disk, safely: only files whose contents changed are rewritten,
//! files the generator no longer produces are removed, and `--check` style callers get a
//! unified diff instead. This is the one module of the library that touches the filesystem;
//! `generate` never calls it.
//!
//! Ownership: the generator overwrites or removes only files it wrote itself and that nobody
//! changed since. Under [`Ownership::Manifest`] (the `specgen` command) the output folder holds
//! [`MANIFEST`], listing every file written there with a hash of its contents; a file is the
//! generator's when it is listed with the hash of what is on disk. Files that merely say
//! `@generated` (Cargo's `Cargo.lock`, other generators' output) are not trusted. Under
//! [`Ownership::Dir`] (`cargo xtask codegen`) a subfolder belongs to the generator entirely.
//! Anything else in the way is refused, with every such file named, unless forced.
//!
//! Use is two-step: [`plan`] checks every path (length, Windows device names, names differing
//! only in case, symbolic links, ownership) and reads what is on disk, touching nothing; then
//! [`Plan::apply`] carries the changes out, or [`Plan::unified_diff`] shows them. `apply` writes
//! every file to a temporary first and renames them only when all are written, so a failure
//! while writing changes nothing visible; module roots (`mod.rs`, `lib.rs`) are renamed after
//! the modules they name, and files are removed after the `mod.rs` naming them is rewritten,
//! so even a killed run never leaves a tree naming a missing module. Temporaries of a killed
//! run are removed by the next one.
//!
//! This module holds the plan and its types and makes it ([`plan_with`]); `paths` checks paths,
//! `disk` reads what is on disk, `manifest` renders and parses the manifest, and `apply` carries
//! a plan out.

mod apply;
mod disk;
mod manifest;
mod paths;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::GeneratedFile;

use disk::{Disk, Kind, collect_foreign, collect_leftovers, collect_owned};
use manifest::{content_hash, parse_manifest, render_manifest};
use paths::{
    check_path, invalid_input, is_below, join, list_problems, normalize_newlines, with_path,
};

/// The manifest in an output folder under [`Ownership::Manifest`]: one line per file the
/// generator wrote there, `<hash> <path>`, the hash being a 128-bit hash of its contents
/// with CRLF read as LF. It tells the next run which files it may change; a file listed with
/// another hash than its contents' was edited since, and is left alone.
pub const MANIFEST: &str = ".specgen-manifest";

/// The first line of [`MANIFEST`].
const MANIFEST_HEADER: &str = "# specgen: the files it wrote in this folder and hashes of their contents; it overwrites or removes no others. Do not edit.";

/// The longest file or folder name most file systems allow, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// Temporary files are `.specgen-<pid>-<n>.tmp`: short whatever the target's name, and
/// recognisable, so the next run removes those a killed run left.
const TEMP_PREFIX: &str = ".specgen-";
const TEMP_SUFFIX: &str = ".tmp";

/// How many refused files an error lists before saying how many more there are.
const MAX_LISTED: usize = 20;

/// Which files on disk belong to the generator, and so may be overwritten, or removed when it
/// no longer produces them. A file in the way that does not belong to it is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ownership {
    /// Every file below this subdirectory of the output directory (`/`-separated, like
    /// `src/apis`) is generated. For output trees where the generator has a directory to
    /// itself, such as the committed `generated` crate, whose other files are hand-written.
    Dir(String),
    /// The files [`MANIFEST`] lists with the hash of their contents on disk. A folder without
    /// a manifest is taken for a specgen output only when it is empty, or holds nothing but
    /// files with exactly the contents the generator wants there (the output of a specgen
    /// that wrote no manifest), which are then adopted.
    Manifest,
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
    /// Temporary files of killed runs, relative to `dir`.
    leftovers: Vec<String>,
    /// The manifest to write, under [`Ownership::Manifest`].
    manifest: Option<ManifestUpdate>,
}

/// The manifest while files are renamed (old and new hashes both, so a run killed then still
/// owns every file it touched), and after.
#[derive(Debug, Clone)]
struct ManifestUpdate {
    during: String,
    after: String,
    /// Whether `after` differs from the manifest on disk.
    changed: bool,
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

/// [`plan_with`] without forcing: files in the way that are not the generator's are refused.
pub fn plan(dir: &Path, files: &[GeneratedFile], ownership: &Ownership) -> io::Result<Plan> {
    plan_with(dir, files, ownership, false)
}

/// Compares `files` (paths relative to `dir`) with what is on disk below `dir`, and returns the
/// changes that would make the disk match: creations and updates for wanted files whose
/// contents differ (after normalising CRLF to LF on disk), deletions for files that `ownership`
/// says are generated but that are no longer wanted. Reads only; `dir` need not exist.
///
/// Fails (`InvalidInput`), whatever `force` says, on a wanted path that is absolute, has `.`,
/// `..`, `\`, a name over [`MAX_NAME_BYTES`], a Windows device name or character, or differs
/// from another only in case, or is listed twice; and on a symbolic link, or a file where a
/// folder is needed, on the way to any file it would write or remove, as writing there could
/// escape `dir`. Without `force`, also fails (`AlreadyExists`) when it would overwrite or
/// remove a file that is not the generator's or that changed since it wrote it, and under
/// [`Ownership::Manifest`] when `dir` holds other files but no manifest; the error names every
/// such file. With `force`, those files are overwritten or removed, and other files are left
/// alone. Fails on any read error other than a missing file. Every problem is reported, not
/// only the first.
pub fn plan_with(
    dir: &Path,
    files: &[GeneratedFile],
    ownership: &Ownership,
    force: bool,
) -> io::Result<Plan> {
    let mut problems = BTreeSet::new();
    let mut wanted: BTreeMap<&str, &str> = BTreeMap::new();
    let mut folded: BTreeMap<String, String> = BTreeMap::new();
    for file in files {
        let path = file.path.as_str();
        if let Err(problem) = check_path(path) {
            problems.insert(problem);
            continue;
        }
        if *ownership == Ownership::Manifest && path == MANIFEST {
            problems.insert(format!("`{path}` is the name of specgen's manifest"));
            continue;
        }
        if wanted.insert(path, file.contents.as_str()).is_some() {
            problems.insert(format!("`{path}` is generated twice"));
            continue;
        }
        // Every prefix, so a file `A.rs` and a folder `a/` clash too.
        let mut prefix = String::new();
        for part in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            let existing = folded
                .entry(prefix.to_lowercase())
                .or_insert_with(|| prefix.clone());
            if *existing != prefix {
                problems.insert(format!(
                    "`{existing}` and `{prefix}` differ only in case, so they are one file on Windows and macOS"
                ));
            }
        }
    }
    if let Ownership::Dir(sub) = ownership {
        if let Err(problem) = check_path(sub) {
            problems.insert(problem);
        }
    }
    if !problems.is_empty() {
        return Err(invalid_input(list_problems(
            "the generated paths cannot be written safely",
            problems,
            "this is a bug of the generator; please report it with the spec",
        )));
    }
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(invalid_input(format!(
                "`{}` is not a folder",
                dir.display()
            )));
        }
        Ok(_) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(with_path(err, dir)),
    }

    let mut disk = Disk::new(dir);
    // Wanted files: where each is, checking every folder on the way.
    let mut found: BTreeMap<&str, Kind> = BTreeMap::new();
    for &path in wanted.keys() {
        let kind = disk.reach(path, &mut problems)?;
        match kind {
            Kind::Missing | Kind::File => {}
            Kind::Link => {
                problems.insert(format!(
                    "`{}` is a symbolic link; specgen does not write through links",
                    disk.show(path)
                ));
            }
            Kind::Dir | Kind::Other => {
                problems.insert(format!(
                    "`{}` is in the way of the file specgen writes there",
                    disk.show(path)
                ));
            }
        }
        found.insert(path, kind);
    }

    // What the generator owns already.
    let mut manifest: Option<BTreeMap<String, BTreeSet<u128>>> = None;
    let mut manifest_text = None;
    let mut conflicts: Vec<(String, String)> = Vec::new();
    let mut owned_dir_files = BTreeSet::new();
    let mut leftovers = BTreeSet::new();
    match ownership {
        Ownership::Manifest => match disk.reach(MANIFEST, &mut problems)? {
            Kind::Missing => {}
            Kind::File => {
                let path = dir.join(MANIFEST);
                let text = fs::read_to_string(&path).map_err(|err| with_path(err, &path))?;
                match parse_manifest(&text) {
                    Ok(entries) => manifest = Some(entries),
                    Err(line) => conflicts.push((
                        MANIFEST.to_string(),
                        format!("line {line} is not `<hash> <path>`; the manifest is damaged"),
                    )),
                }
                manifest_text = Some(text);
            }
            _ => {
                problems.insert(format!(
                    "`{}` is not a file; specgen keeps its manifest there",
                    disk.show(MANIFEST)
                ));
            }
        },
        Ownership::Dir(sub) => match disk.reach(sub, &mut problems)? {
            Kind::Dir => collect_owned(dir, sub, &mut owned_dir_files, &mut leftovers)?,
            Kind::Missing => {}
            _ => {
                problems.insert(format!(
                    "`{}` is not a folder; the generator writes its files there",
                    disk.show(sub)
                ));
            }
        },
    }
    if !problems.is_empty() {
        return Err(invalid_input(list_problems(
            "refusing to write",
            problems,
            "remove or rename what is in the way, or write elsewhere; nothing was changed",
        )));
    }

    let mut changes = Vec::new();
    let mut unchanged = 0;
    for (&path, &contents) in &wanted {
        if found[path] == Kind::Missing {
            changes.push(Change {
                path: path.to_string(),
                kind: ChangeKind::Create,
                old: String::new(),
                new: contents.to_string(),
            });
            continue;
        }
        let full = join(dir, path);
        let bytes = fs::read(&full).map_err(|err| with_path(err, &full))?;
        if bytes == contents.as_bytes() {
            unchanged += 1;
            continue;
        }
        let old = normalize_newlines(&String::from_utf8_lossy(&bytes));
        if old == normalize_newlines(contents) {
            unchanged += 1;
            continue;
        }
        let owned = match ownership {
            Ownership::Dir(sub) => is_below(path, sub),
            Ownership::Manifest => manifest
                .as_ref()
                .and_then(|entries| entries.get(path))
                .is_some_and(|hashes| hashes.contains(&content_hash(&bytes))),
        };
        if !owned {
            let listed = manifest.as_ref().is_some_and(|m| m.contains_key(path));
            conflicts.push((
                path.to_string(),
                if listed {
                    "changed since specgen wrote it".to_string()
                } else {
                    "not written by specgen".to_string()
                },
            ));
        }
        changes.push(Change {
            path: path.to_string(),
            kind: ChangeKind::Update,
            old,
            new: contents.to_string(),
        });
    }

    // Files to remove: the generator's, no longer wanted.
    match ownership {
        Ownership::Dir(_) => {
            for path in &owned_dir_files {
                if wanted.contains_key(path.as_str()) {
                    continue;
                }
                let full = join(dir, path);
                let bytes = fs::read(&full).map_err(|err| with_path(err, &full))?;
                changes.push(Change {
                    path: path.clone(),
                    kind: ChangeKind::Delete,
                    old: normalize_newlines(&String::from_utf8_lossy(&bytes)),
                    new: String::new(),
                });
            }
        }
        Ownership::Manifest => {
            for (path, hashes) in manifest.iter().flatten() {
                if wanted.contains_key(path.as_str()) || check_path(path).is_err() {
                    continue;
                }
                // Gone, or replaced by something that is not a file: not the generator's now.
                if disk.reach(path, &mut problems)? != Kind::File {
                    continue;
                }
                let full = join(dir, path);
                let bytes = fs::read(&full).map_err(|err| with_path(err, &full))?;
                if !hashes.contains(&content_hash(&bytes)) {
                    conflicts.push((
                        path.clone(),
                        "changed since specgen wrote it, and no longer generated".to_string(),
                    ));
                }
                changes.push(Change {
                    path: path.clone(),
                    kind: ChangeKind::Delete,
                    old: normalize_newlines(&String::from_utf8_lossy(&bytes)),
                    new: String::new(),
                });
            }
            if manifest.is_none() {
                // Not known as a specgen output: only an empty folder, or one holding exactly
                // what would be written, is taken for one.
                let mut wanted_dirs = BTreeSet::new();
                for path in wanted.keys() {
                    let mut parts: Vec<&str> = path.split('/').collect();
                    parts.pop();
                    while !parts.is_empty() {
                        wanted_dirs.insert(parts.join("/"));
                        parts.pop();
                    }
                }
                let mut foreign = Vec::new();
                collect_foreign(dir, "", &wanted, &wanted_dirs, &mut foreign)?;
                let in_conflict: BTreeSet<String> =
                    conflicts.iter().map(|(path, _)| path.clone()).collect();
                for path in foreign {
                    if path != MANIFEST && !in_conflict.contains(&path) {
                        conflicts.push((
                            path,
                            format!("not written by specgen, in a folder with no `{MANIFEST}`"),
                        ));
                    }
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(invalid_input(list_problems(
            "refusing to write",
            problems,
            "remove or rename what is in the way, or write elsewhere; nothing was changed",
        )));
    }
    if !conflicts.is_empty() && !force {
        conflicts.sort();
        let lines: Vec<String> = conflicts
            .iter()
            .map(|(path, why)| {
                let slash = if path.ends_with('/') { "/" } else { "" };
                format!("`{}{slash}`: {why}", disk.show(path))
            })
            .collect();
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            list_problems(
                &format!(
                    "refusing to overwrite or remove files that are not specgen's ({} in `{}`)",
                    conflicts.len(),
                    dir.display()
                ),
                lines,
                "move them elsewhere, or write to an empty or new folder; `--force` writes over them \
                 and removes the edited ones specgen no longer generates (other files are left alone); \
                 nothing was changed",
            ),
        ));
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));

    // Temporaries of killed runs, in every folder this run writes to or removes from.
    let mut dirs: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    dirs.entry(String::new()).or_default();
    let known = wanted
        .keys()
        .copied()
        .chain(manifest.iter().flatten().map(|(path, _)| path.as_str()));
    for path in known {
        let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
        dirs.entry(parent.to_string()).or_default().insert(name);
    }
    for (rel, names) in &dirs {
        if disk.kind(rel)? == Kind::Dir || rel.is_empty() {
            collect_leftovers(dir, rel, |name| names.contains(name), &mut leftovers)?;
        }
    }

    let manifest = match ownership {
        Ownership::Dir(_) => None,
        Ownership::Manifest => {
            let mut after: BTreeMap<String, BTreeSet<u128>> = BTreeMap::new();
            for (&path, &contents) in &wanted {
                after
                    .entry(path.to_string())
                    .or_default()
                    .insert(content_hash(contents.as_bytes()));
            }
            let mut during = manifest.unwrap_or_default();
            for (path, hashes) in &after {
                during
                    .entry(path.clone())
                    .or_default()
                    .extend(hashes.iter().copied());
            }
            let after = render_manifest(&after);
            Some(ManifestUpdate {
                changed: manifest_text.as_deref() != Some(after.as_str()),
                during: render_manifest(&during),
                after,
            })
        }
    };

    Ok(Plan {
        dir: dir.to_path_buf(),
        changes,
        unchanged,
        leftovers: leftovers.into_iter().collect(),
        manifest,
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

    /// Whether the disk already matches (the manifest and temporaries of killed runs aside).
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

#[cfg(test)]
mod tests;
