//! Specs as they were at a git revision, read with `git` into memory (nothing is checked out),
//! for the semantic diff between that revision and the working tree.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use specgen::ApiInput;
use specgen::files::SourceFile;
use specgen::input::CONFIG_FILE;

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .context("running git")?;
    if !out.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

/// The API folders of `specs` (a path relative to the project root) at `rev`, read the way
/// [`specgen::input::read_api_dir`] reads them from disk.
pub fn read_at(root: &Path, rev: &str, specs: &str) -> Result<Vec<ApiInput>> {
    let listing = git(
        root,
        &[
            "ls-tree",
            "-r",
            "--name-only",
            rev,
            "--",
            &format!("{specs}/"),
        ],
    )?;
    let mut apis: Vec<ApiInput> = Vec::new();
    for path in String::from_utf8_lossy(&listing).lines() {
        let Some(rest) = path.strip_prefix(&format!("{specs}/")) else {
            continue;
        };
        let Some((api, file)) = rest.split_once('/') else {
            continue;
        };
        let is_doc =
            (file.ends_with(".md") || file.ends_with(".mdx")) && !file.ends_with("README.md");
        let is_config = file == CONFIG_FILE;
        let is_spec_file = [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| file.ends_with(ext))
            && !is_config;
        if !is_doc && !is_config && !is_spec_file {
            continue;
        }
        let text = String::from_utf8(git(root, &["show", &format!("{rev}:{path}")])?)
            .with_context(|| format!("{path} at {rev} is not UTF-8"))?;
        if apis.last().is_none_or(|a| a.name != api) {
            apis.push(ApiInput {
                name: api.to_string(),
                root: format!("{specs}/{api}"),
                ..ApiInput::default()
            });
        }
        let input = apis.last_mut().expect("pushed above");
        if is_config {
            input.config = Some(SourceFile::new(CONFIG_FILE, text));
        } else if is_spec_file {
            // The OpenAPI document first, then the files its `$ref`s may name.
            let file = SourceFile::new(file, text);
            if specgen::input::is_openapi_file_name(&file.path) {
                input.openapi.insert(0, file);
            } else {
                input.openapi.push(file);
            }
        } else {
            input.docs.push(SourceFile::new(file, text));
        }
    }
    // YAML or JSON files beside the docs are only inputs when an OpenAPI document is there.
    for api in &mut apis {
        if !api
            .openapi
            .first()
            .is_some_and(|f| specgen::input::is_openapi_file_name(&f.path))
        {
            api.openapi.clear();
        }
    }
    Ok(apis)
}
