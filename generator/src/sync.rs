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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::GeneratedFile;
use crate::model::names;

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

    /// Carries out the plan in two phases. First every file to create or update is written to
    /// a temporary file in its own folder (missing folders are created); if any of that fails,
    /// the temporaries and the folders made for them are removed, and nothing visible has
    /// changed. Then the temporaries are renamed over their targets, module roots (`mod.rs`,
    /// `lib.rs`) last and deepest first, and only then are files no longer generated removed,
    /// with the folders they leave empty (up to but not including the output directory). So a
    /// run killed at any point leaves every file old or new, never truncated, and never a
    /// module root naming a missing module (this guards against the process dying, not against
    /// power loss: nothing is fsynced). Under [`Ownership::Manifest`], the manifest lists the
    /// old and new contents while renaming, and the new ones after. Temporaries a killed run
    /// left are removed first.
    pub fn apply(&self) -> io::Result<Applied> {
        self.apply_failing_after(usize::MAX)
    }

    /// [`Plan::apply`], failing as if the disk refused the temporary file number `fail_at`.
    fn apply_failing_after(&self, fail_at: usize) -> io::Result<Applied> {
        for leftover in &self.leftovers {
            let full = join(&self.dir, leftover);
            match fs::remove_file(&full) {
                Ok(()) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(with_path(err, &full)),
            }
        }
        let mut applied = Applied {
            unchanged: self.unchanged,
            ..Applied::default()
        };
        let manifest_changed = self.manifest.as_ref().is_some_and(|m| m.changed);
        if self.changes.is_empty() && !manifest_changed {
            return Ok(applied);
        }

        // Phase one: temporaries.
        let mut staging = Staging::new(&self.dir, fail_at);
        let mut renames: Vec<(&str, PathBuf)> = Vec::new();
        for change in &self.changes {
            if change.kind != ChangeKind::Delete {
                let tmp = staging.stage(&change.path, &change.new)?;
                renames.push((&change.path, tmp));
            }
        }
        let manifest = match &self.manifest {
            Some(update) if !self.changes.is_empty() => Some((
                Some(staging.stage(MANIFEST, &update.during)?),
                staging.stage(MANIFEST, &update.after)?,
            )),
            Some(update) if update.changed => Some((None, staging.stage(MANIFEST, &update.after)?)),
            _ => None,
        };

        // Phase two: renames, module roots after the modules they name.
        renames.sort_by_key(|&(path, _)| rename_order(path));
        let mut n_renamed = 0;
        let mut rename = |tmp: &Path, path: &str| -> io::Result<()> {
            let full = join(&self.dir, path);
            fs::rename(tmp, &full).map_err(|err| {
                io::Error::new(
                    err.kind(),
                    format!(
                        "{}: {err}\n  = hint: {n_renamed} files were replaced before this one; running specgen again completes the output",
                        full.display()
                    ),
                )
            })?;
            n_renamed += 1;
            Ok(())
        };
        if let Some((Some(during), _)) = &manifest {
            rename(during, MANIFEST)?;
        }
        for (path, tmp) in &renames {
            rename(tmp, path)?;
            applied.written.push(path.to_string());
        }
        staging.committed = true;
        for change in &self.changes {
            if change.kind == ChangeKind::Delete {
                let full = join(&self.dir, &change.path);
                match fs::remove_file(&full) {
                    Ok(()) => {}
                    Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                    Err(err) => return Err(with_path(err, &full)),
                }
                remove_empty_parents(&self.dir, &change.path);
                applied.removed.push(change.path.clone());
            }
        }
        if let Some((_, after)) = &manifest {
            let full = self.dir.join(MANIFEST);
            fs::rename(after, &full).map_err(|err| with_path(err, &full))?;
        }
        applied.written.sort();
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

/// When a file is renamed into place: plain files first, then module roots deepest first, so
/// every module exists before the `mod.rs` or `lib.rs` naming it.
fn rename_order(path: &str) -> (bool, std::cmp::Reverse<usize>, &str) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let is_root = name == "mod.rs" || name == "lib.rs";
    let depth = path.matches('/').count();
    (
        is_root,
        std::cmp::Reverse(if is_root { depth } else { 0 }),
        path,
    )
}

/// Temporary files being written, and the folders made for them; removed again on drop unless
/// the renames have begun.
struct Staging<'a> {
    dir: &'a Path,
    /// Folders created, outermost first.
    created_dirs: Vec<PathBuf>,
    /// Folders created or found to exist.
    known_dirs: BTreeSet<PathBuf>,
    temps: Vec<PathBuf>,
    pid: u32,
    next: u64,
    /// Once true, nothing is cleaned up: the temporaries are being renamed into place.
    committed: bool,
    /// The number of the temporary file that fails, for tests of the clean-up.
    fail_at: usize,
}

impl<'a> Staging<'a> {
    fn new(dir: &'a Path, fail_at: usize) -> Staging<'a> {
        Staging {
            dir,
            created_dirs: Vec::new(),
            known_dirs: BTreeSet::new(),
            temps: Vec::new(),
            pid: std::process::id(),
            next: 0,
            committed: false,
            fail_at,
        }
    }

    /// Writes `contents` to a new temporary file in the folder of `path` (relative to the
    /// output directory), creating the folder if needed; returns the temporary's path.
    fn stage(&mut self, path: &str, contents: &str) -> io::Result<PathBuf> {
        let parent_rel = path.rsplit_once('/').map_or("", |(parent, _)| parent);
        let parent = join(self.dir, parent_rel);
        if !self.known_dirs.contains(&parent) {
            self.make_dirs(parent_rel)
                .map_err(|err| self.failure(err, &parent))?;
            self.known_dirs.insert(parent.clone());
        }
        loop {
            let tmp = parent.join(format!(
                "{TEMP_PREFIX}{}-{}{TEMP_SUFFIX}",
                self.pid, self.next
            ));
            self.next += 1;
            let opened = if self.temps.len() == self.fail_at {
                Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "no space left on device",
                ))
            } else {
                fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&tmp)
            };
            let mut file = match opened {
                Ok(file) => file,
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(err) => return Err(self.failure(err, &parent)),
            };
            self.temps.push(tmp.clone());
            file.write_all(contents.as_bytes())
                .map_err(|err| self.failure(err, &parent))?;
            return Ok(tmp);
        }
    }

    /// Creates the folders of `rel` that are missing, outermost first, remembering them.
    fn make_dirs(&mut self, rel: &str) -> io::Result<()> {
        let mut path = self.dir.to_path_buf();
        let parts: Vec<&str> = rel.split('/').filter(|part| !part.is_empty()).collect();
        let mut chain = vec![path.clone()];
        for part in parts {
            path.push(part);
            chain.push(path.clone());
        }
        for dir in chain {
            if self.known_dirs.contains(&dir) {
                continue;
            }
            match fs::create_dir(&dir) {
                Ok(()) => self.created_dirs.push(dir.clone()),
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => {}
                Err(err) => return Err(err),
            }
            self.known_dirs.insert(dir);
        }
        Ok(())
    }

    fn failure(&self, err: io::Error, folder: &Path) -> io::Error {
        io::Error::new(
            err.kind(),
            format!(
                "cannot write a file in `{}`: {err}\n  = hint: nothing in `{}` was changed; make the folder writable or free some space, and run again",
                folder.display(),
                self.dir.display()
            ),
        )
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        for tmp in &self.temps {
            let _ = fs::remove_file(tmp);
        }
        for dir in self.created_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// What is at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Missing,
    File,
    Dir,
    Link,
    Other,
}

/// Looks at paths below the output directory without following links, remembering folders.
struct Disk<'a> {
    dir: &'a Path,
    kinds: BTreeMap<String, Kind>,
}

impl<'a> Disk<'a> {
    fn new(dir: &'a Path) -> Disk<'a> {
        Disk {
            dir,
            kinds: BTreeMap::new(),
        }
    }

    fn show(&self, rel: &str) -> String {
        join(self.dir, rel).display().to_string()
    }

    /// What is at `rel` itself (links are not followed).
    fn kind(&mut self, rel: &str) -> io::Result<Kind> {
        if rel.is_empty() {
            return Ok(match fs::metadata(self.dir) {
                Ok(meta) if meta.is_dir() => Kind::Dir,
                Ok(_) => Kind::Other,
                Err(_) => Kind::Missing,
            });
        }
        if let Some(kind) = self.kinds.get(rel) {
            return Ok(*kind);
        }
        let full = join(self.dir, rel);
        let kind = match fs::symlink_metadata(&full) {
            Ok(meta) if meta.file_type().is_symlink() => Kind::Link,
            Ok(meta) if meta.is_dir() => Kind::Dir,
            Ok(meta) if meta.is_file() => Kind::File,
            Ok(_) => Kind::Other,
            Err(err) if err.kind() == io::ErrorKind::NotFound => Kind::Missing,
            Err(err) => return Err(with_path(err, &full)),
        };
        self.kinds.insert(rel.to_string(), kind);
        Ok(kind)
    }

    /// What is at `rel`, having checked that every folder on the way is a real folder (else
    /// a problem is recorded and `Missing` returned, so nothing there is touched).
    fn reach(&mut self, rel: &str, problems: &mut BTreeSet<String>) -> io::Result<Kind> {
        let mut prefix = String::new();
        let parts: Vec<&str> = rel.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            match self.kind(&prefix)? {
                Kind::Dir => {}
                Kind::Missing => return Ok(Kind::Missing),
                Kind::Link => {
                    problems.insert(format!(
                        "`{}` is a symbolic link; specgen does not write through links",
                        self.show(&prefix)
                    ));
                    return Ok(Kind::Missing);
                }
                Kind::File | Kind::Other => {
                    problems.insert(format!(
                        "`{}` is a file where specgen needs a folder",
                        self.show(&prefix)
                    ));
                    return Ok(Kind::Missing);
                }
            }
        }
        self.kind(rel)
    }
}

/// A 128-bit hash of `bytes` with every CRLF read as LF: two multiply-rotate lanes over
/// little-endian 8-byte words (FNV's 64-bit prime and the golden ratio as multipliers), then
/// the length and a final mix. Stable across platforms and Rust versions, as the manifest
/// outlives the run; about ten times faster than byte-wise FNV-1a. Not a defence against
/// forgery, which would only let a user make specgen overwrite the user's own file: it tells
/// whether a file changed since it was written.
fn content_hash(bytes: &[u8]) -> u128 {
    if bytes.contains(&b'\r') {
        return content_hash_raw(normalize_newlines(&String::from_utf8_lossy(bytes)).as_bytes());
    }
    content_hash_raw(bytes)
}

fn content_hash_raw(bytes: &[u8]) -> u128 {
    const K1: u64 = 0x0000_0100_0000_01b3;
    const K2: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().expect("chunks of 8 bytes"));
        a = (a ^ word).wrapping_mul(K1).rotate_left(29);
        b = (b ^ word).wrapping_mul(K2).rotate_left(23);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    let word = u64::from_le_bytes(tail) ^ ((bytes.len() as u64) << 3);
    a = (a ^ word).wrapping_mul(K1).rotate_left(29);
    b = (b ^ word).wrapping_mul(K2).rotate_left(23);
    let mix = |mut x: u64| {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    };
    let (a, b) = (mix(a ^ b.rotate_left(32)), mix(b ^ a));
    (u128::from(a) << 64) | u128::from(b)
}

fn render_manifest(entries: &BTreeMap<String, BTreeSet<u128>>) -> String {
    let mut out = String::with_capacity(64 * entries.len() + MANIFEST_HEADER.len() + 1);
    out.push_str(MANIFEST_HEADER);
    out.push('\n');
    for (path, hashes) in entries {
        for hash in hashes {
            out.push_str(&format!("{hash:032x} {path}\n"));
        }
    }
    out
}

/// The entries of a manifest, or the number of the first line that is not one.
fn parse_manifest(text: &str) -> Result<BTreeMap<String, BTreeSet<u128>>, usize> {
    let mut entries: BTreeMap<String, BTreeSet<u128>> = BTreeMap::new();
    for (idx, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (hash, path) = line.split_once(' ').ok_or(idx + 1)?;
        let hash = (hash.len() == 32)
            .then(|| u128::from_str_radix(hash, 16).ok())
            .flatten()
            .ok_or(idx + 1)?;
        if check_path(path).is_err() || path == MANIFEST {
            return Err(idx + 1);
        }
        entries.entry(path.to_string()).or_default().insert(hash);
    }
    Ok(entries)
}

/// Files and folders below `root/rel` that are in the way of taking `root` for a specgen
/// output: everything but the wanted files with the wanted contents (and temporaries of
/// killed runs). Enters only folders that wanted files are in.
fn collect_foreign(
    root: &Path,
    rel: &str,
    wanted: &BTreeMap<&str, &str>,
    wanted_dirs: &BTreeSet<String>,
    out: &mut Vec<String>,
) -> io::Result<()> {
    let dir = join(root, rel);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(with_path(err, &dir)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| with_path(err, &dir))?;
        let file_type = entry
            .file_type()
            .map_err(|err| with_path(err, &entry.path()))?;
        names.push((entry.file_name().to_string_lossy().into_owned(), file_type));
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, file_type) in names {
        if is_temp_name(&name) {
            continue;
        }
        let path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if file_type.is_dir() && wanted_dirs.contains(&path) {
            collect_foreign(root, &path, wanted, wanted_dirs, out)?;
        } else if file_type.is_file() && wanted.contains_key(path.as_str()) {
            // Compared with what is wanted, and refused there if it differs.
        } else if file_type.is_dir() {
            out.push(format!("{path}/"));
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Adds every regular file below `root/sub` (relative to `root`) to `files`, and temporaries
/// of killed runs to `leftovers`. Symbolic links are neither followed nor listed.
fn collect_owned(
    root: &Path,
    sub: &str,
    files: &mut BTreeSet<String>,
    leftovers: &mut BTreeSet<String>,
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
            collect_owned(root, &path, files, leftovers)?;
        } else if file_type.is_file() {
            if is_temp_name(&name) || is_old_temp_name(&name, |_| true) {
                leftovers.insert(path);
            } else {
                files.insert(path);
            }
        }
    }
    Ok(())
}

/// Adds the temporaries of killed runs in `root/rel` to `out`: files named like this
/// module's temporaries, and like those of earlier versions (`.<name>.<pid>.<n>.tmp`) for a
/// `<name>` that `is_known` in the folder.
fn collect_leftovers(
    root: &Path,
    rel: &str,
    is_known: impl Fn(&str) -> bool,
    out: &mut BTreeSet<String>,
) -> io::Result<()> {
    let dir = join(root, rel);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(with_path(err, &dir)),
    };
    for entry in entries {
        let entry = entry.map_err(|err| with_path(err, &dir))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if !(is_temp_name(&name) || is_old_temp_name(&name, &is_known)) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            out.insert(if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            });
        }
    }
    Ok(())
}

/// `.specgen-<pid>-<n>.tmp`.
fn is_temp_name(name: &str) -> bool {
    let Some(middle) = name
        .strip_prefix(TEMP_PREFIX)
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
    else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    middle
        .split_once('-')
        .is_some_and(|(pid, n)| digits(pid) && digits(n))
}

/// `.<name>.<pid>.<n>.tmp` with a `<name>` that `is_known`: the temporaries of earlier versions.
fn is_old_temp_name(name: &str, is_known: impl Fn(&str) -> bool) -> bool {
    let Some(rest) = name
        .strip_prefix('.')
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
    else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = rest.rsplitn(3, '.');
    let (Some(n), Some(pid), Some(target)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    digits(n) && digits(pid) && !target.is_empty() && is_known(target)
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn join(dir: &Path, relative: &str) -> PathBuf {
    let mut path = dir.to_path_buf();
    path.extend(relative.split('/').filter(|part| !part.is_empty()));
    path
}

fn is_below(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Checks that `path` is relative and `/`-separated without `.` and `..` parts, and that every
/// part can be a file name everywhere: at most [`MAX_NAME_BYTES`], no Windows device name, no
/// character Windows forbids, no trailing dot or space.
fn check_path(path: &str) -> Result<(), String> {
    let relative = !path.is_empty()
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if !relative || path.contains('\\') {
        return Err(format!(
            "`{path}` is not a relative `/`-separated path without `.` and `..` parts"
        ));
    }
    for part in path.split('/') {
        if part.len() > MAX_NAME_BYTES {
            return Err(format!(
                "`{path}` has a name of {} bytes; file systems allow {MAX_NAME_BYTES}",
                part.len()
            ));
        }
        if names::is_windows_device(part) {
            return Err(format!(
                "`{path}` has the name `{part}`, which Windows reserves for a device"
            ));
        }
        if part.ends_with(['.', ' '])
            || part
                .chars()
                .any(|c| c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        {
            return Err(format!(
                "`{path}` has the name `{part}`, which Windows cannot store"
            ));
        }
    }
    Ok(())
}

/// `what:` then one indented line per item (at most [`MAX_LISTED`]), then the hint.
fn list_problems(what: &str, items: impl IntoIterator<Item = String>, hint: &str) -> String {
    let items: Vec<String> = items.into_iter().collect();
    let mut out = format!("{what}:");
    for item in items.iter().take(MAX_LISTED) {
        out.push_str(&format!("\n  {item}"));
    }
    if items.len() > MAX_LISTED {
        out.push_str(&format!("\n  ... and {} more", items.len() - MAX_LISTED));
    }
    out.push_str(&format!("\n  = hint: {hint}"));
    out
}

fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
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
            let err =
                plan_with(&dir, &[file("src/apis/mod.rs", "x\n")], &ownership, true).unwrap_err();
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
}
