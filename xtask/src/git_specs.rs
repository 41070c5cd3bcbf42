//! Specs as they were at a git revision, read with `git` into memory (nothing is checked out),
//! for the semantic diff between that revision and the working tree. The reading itself is
//! [`specgen::input::git`], shared with `specgen diff REV:PATH ...`.

use std::path::Path;

use anyhow::{Context, Result};
use specgen::ApiInput;

/// The API folders of `specs` (a path relative to the project root) at `rev`, read the way
/// [`specgen::input::read_api_dir`] reads them from disk.
pub fn read_at(root: &Path, rev: &str, specs: &str) -> Result<Vec<ApiInput>> {
    specgen::input::git::read_api_dirs(root, rev, specs)
        .with_context(|| format!("reading `{specs}/` at {rev}"))
}
