//! What is on disk below the output folder, read without following links: the kind of each
//! path, the files in the way that are not the generator's, the files it owns (by folder or by
//! manifest), and temporaries a killed run left.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::{fs, io};

use super::paths::{join, with_path};
use super::{TEMP_PREFIX, TEMP_SUFFIX};

/// What is at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Missing,
    File,
    Dir,
    Link,
    Other,
}

/// Looks at paths below the output directory without following links, remembering folders.
pub(super) struct Disk<'a> {
    dir: &'a Path,
    kinds: BTreeMap<String, Kind>,
}

impl<'a> Disk<'a> {
    pub(super) fn new(dir: &'a Path) -> Disk<'a> {
        Disk {
            dir,
            kinds: BTreeMap::new(),
        }
    }

    pub(super) fn show(&self, rel: &str) -> String {
        join(self.dir, rel).display().to_string()
    }

    /// What is at `rel` itself (links are not followed).
    pub(super) fn kind(&mut self, rel: &str) -> io::Result<Kind> {
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
    pub(super) fn reach(&mut self, rel: &str, problems: &mut BTreeSet<String>) -> io::Result<Kind> {
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

/// Files and folders below `root/rel` that are in the way of taking `root` for a specgen
/// output: everything but the wanted files with the wanted contents (and temporaries of
/// killed runs). Enters only folders that wanted files are in.
pub(super) fn collect_foreign(
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
pub(super) fn collect_owned(
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
pub(super) fn collect_leftovers(
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
pub(super) fn is_temp_name(name: &str) -> bool {
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
pub(super) fn is_old_temp_name(name: &str, is_known: impl Fn(&str) -> bool) -> bool {
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
