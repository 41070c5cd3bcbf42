//! Paths checked before anything is read or written (absolute, `.` and `..`, backslashes, long
//! names, Windows device names and characters), joined below the output folder, and the
//! `InvalidInput` errors that list the problems.

use std::io;
use std::path::{Path, PathBuf};

use crate::model::names;

use super::{MAX_LISTED, MAX_NAME_BYTES};

pub(super) fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

pub(super) fn join(dir: &Path, relative: &str) -> PathBuf {
    let mut path = dir.to_path_buf();
    path.extend(relative.split('/').filter(|part| !part.is_empty()));
    path
}

pub(super) fn is_below(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Checks that `path` is relative and `/`-separated without `.` and `..` parts, and that every
/// part can be a file name everywhere: at most [`MAX_NAME_BYTES`], no Windows device name, no
/// character Windows forbids, no trailing dot or space.
pub(super) fn check_path(path: &str) -> Result<(), String> {
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
pub(super) fn list_problems(
    what: &str,
    items: impl IntoIterator<Item = String>,
    hint: &str,
) -> String {
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

pub(super) fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

pub(super) fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}
