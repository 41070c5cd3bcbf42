//! Reading an API's sources from disk: the one input-side helper shared by `cargo xtask
//! codegen`, the `specgen` command and the tests, so all of them see the same files in the same
//! order.

use std::io;
use std::path::Path;

use crate::ApiInput;
use crate::files::SourceFile;

/// Name of the spec config file inside an API folder.
pub const CONFIG_FILE: &str = "codegen.yaml";

/// Reads every Markdown doc (`*.md`, `*.mdx`, except `README.md`) below `dir`, recursively, and
/// `dir/codegen.yaml` if present. Paths are relative to `dir` and `/`-separated; `display_root`
/// is what diagnostics show in front of them.
pub fn read_api_dir(dir: &Path, name: &str, display_root: &str) -> io::Result<ApiInput> {
    let mut docs = Vec::new();
    collect_docs(dir, "", &mut docs)?;
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    let config_path = dir.join(CONFIG_FILE);
    let config = if config_path.is_file() {
        Some(SourceFile::new(CONFIG_FILE, read_text(&config_path)?))
    } else {
        None
    };
    Ok(ApiInput {
        name: name.to_string(),
        docs,
        config,
        root: display_root.to_string(),
    })
}

fn collect_docs(dir: &Path, prefix: &str, out: &mut Vec<SourceFile>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if entry.file_type()?.is_dir() {
            collect_docs(&path, &rel, out)?;
        } else if (name.ends_with(".md") || name.ends_with(".mdx")) && name != "README.md" {
            out.push(SourceFile::new(rel, read_text(&path)?));
        }
    }
    Ok(())
}

fn read_text(path: &Path) -> io::Result<String> {
    std::fs::read_to_string(path)
        .map_err(|err| io::Error::new(err.kind(), format!("cannot read {}: {err}", path.display())))
}
