//! Carrying a plan out: every file written to a temporary first (removed again if anything
//! fails), then renamed into place, module roots after the modules they name, deletions after
//! the `mod.rs` naming them is rewritten, folders left empty removed, and the manifest kept
//! owning every file touched while the renames run.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::paths::{join, with_path};
use super::{Applied, ChangeKind, MANIFEST, Plan, TEMP_PREFIX, TEMP_SUFFIX};

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

impl Plan {
    /// Carries out the plan in two phases. First every file to create or update is written to
    /// a temporary file in its own folder (missing folders are created); if any of that fails,
    /// the temporaries and the folders made for them are removed, and nothing visible has
    /// changed. Then the temporaries are renamed over their targets, module roots (`mod.rs`,
    /// `lib.rs`) last and deepest first, and only then are files no longer generated removed,
    /// with the folders they leave empty (up to but not including the output directory). So a
    /// run killed at any point leaves every file old or new, never truncated, and never a
    /// module root naming a missing module (this guards against the process dying, not against
    /// power loss: nothing is fsynced). Under
    /// [`Ownership::Manifest`](super::Ownership::Manifest), the manifest lists the old and new
    /// contents while renaming, and the new ones after. Temporaries a killed run left are
    /// removed first.
    pub fn apply(&self) -> io::Result<Applied> {
        self.apply_failing_after(usize::MAX)
    }

    /// [`Plan::apply`], failing as if the disk refused the temporary file number `fail_at`.
    pub(super) fn apply_failing_after(&self, fail_at: usize) -> io::Result<Applied> {
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
}

/// When a file is renamed into place: plain files first, then module roots deepest first, so
/// every module exists before the `mod.rs` or `lib.rs` naming it.
pub(super) fn rename_order(path: &str) -> (bool, std::cmp::Reverse<usize>, &str) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let is_root = name == "mod.rs" || name == "lib.rs";
    let depth = path.matches('/').count();
    (
        is_root,
        std::cmp::Reverse(if is_root { depth } else { 0 }),
        path,
    )
}

impl<'a> Staging<'a> {
    pub(super) fn new(dir: &'a Path, fail_at: usize) -> Staging<'a> {
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
