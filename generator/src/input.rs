//! Reading an API's sources: the one input-side helper shared by `cargo xtask codegen`, the
//! `specgen` command and the tests, so all of them see the same files in the same order, from
//! a folder on disk or from a tree at a git revision ([`git`]).
//!
//! An API folder holds Markdown model docs, an OpenAPI document, or both. The OpenAPI document
//! is the one file at the top of the folder named `openapi.yaml`, `openapi.yml`,
//! `openapi.json`, or `<anything>.openapi.yaml` (`.yml`, `.json`); the YAML and JSON files its
//! relative `$ref`s name are read with it, transitively.

pub mod git;

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::ApiInput;
use crate::files::SourceFile;

/// Name of the spec config file inside an API folder.
pub const CONFIG_FILE: &str = "codegen.yaml";

/// Where the files of one API folder are kept: a folder on disk ([`Dir`]) or a tree at a git
/// revision ([`git::Tree`]). Paths are relative to the folder and `/`-separated.
pub trait Source {
    /// Every file below the folder, recursively.
    fn files(&mut self) -> io::Result<Vec<String>>;
    /// The text of the file at `path` (normalised, possibly starting with `..`), or `None`
    /// when there is no such file.
    fn read(&mut self, path: &str) -> io::Result<Option<String>>;
    /// The file at `path` as error messages name it.
    fn describe(&self, path: &str) -> String;
}

/// An API folder on disk.
#[derive(Debug, Clone)]
pub struct Dir(pub PathBuf);

impl Source for Dir {
    fn files(&mut self) -> io::Result<Vec<String>> {
        let mut res = Vec::new();
        collect_files(&self.0, "", &mut res)?;
        res.sort();
        Ok(res)
    }

    fn read(&mut self, path: &str) -> io::Result<Option<String>> {
        let path = self.0.join(path);
        if path.is_file() {
            read_text(&path).map(Some)
        } else {
            Ok(None)
        }
    }

    fn describe(&self, path: &str) -> String {
        self.0.join(path).display().to_string()
    }
}

/// Reads every Markdown doc (`*.md`, `*.mdx`, except `README.md`) below `dir`, recursively,
/// `dir/codegen.yaml` if present, and the OpenAPI document at the top of `dir` (see the module
/// docs) if there is one, with the files it refers to. Paths are relative to `dir` and
/// `/`-separated; `display_root` is what diagnostics show in front of them. Two OpenAPI
/// documents in one folder are an error.
pub fn read_api_dir(dir: &Path, name: &str, display_root: &str) -> io::Result<ApiInput> {
    read_api(&mut Dir(dir.to_path_buf()), name, display_root)
}

/// [`read_api_dir`] for a folder kept anywhere.
pub fn read_api(source: &mut impl Source, name: &str, display_root: &str) -> io::Result<ApiInput> {
    let files = source.files()?;
    let mut docs = Vec::new();
    for path in &files {
        let file_name = path.rsplit('/').next().unwrap_or(path);
        if (file_name.ends_with(".md") || file_name.ends_with(".mdx")) && file_name != "README.md" {
            docs.push(SourceFile::new(path.clone(), read_existing(source, path)?));
        }
    }
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    let mut documents: Vec<&String> = files
        .iter()
        .filter(|path| !path.contains('/') && is_openapi_file_name(path))
        .collect();
    documents.sort();
    let openapi = match documents.as_slice() {
        [] => Vec::new(),
        [one] => read_openapi_files(source, one)?,
        [first, second, ..] => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} holds several OpenAPI documents (`{first}`, `{second}`); an API folder has at most one",
                    source.describe("")
                ),
            ));
        }
    };
    let config = if files.iter().any(|path| path == CONFIG_FILE) {
        Some(SourceFile::new(
            CONFIG_FILE,
            read_existing(source, CONFIG_FILE)?,
        ))
    } else {
        None
    };
    Ok(ApiInput {
        name: name.to_string(),
        docs,
        config,
        root: display_root.to_string(),
        openapi,
    })
}

/// Reads one OpenAPI document (any file name) as an API of its own, with the files its
/// relative `$ref`s name; paths are relative to the document's folder, and `display_root`
/// (that folder as the user should see it) is shown in front of them.
pub fn read_openapi_file(path: &Path, name: &str, display_root: &str) -> io::Result<ApiInput> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a file", path.display()),
            )
        })?;
    read_openapi_document(&mut Dir(dir.to_path_buf()), &file_name, name, display_root)
}

/// [`read_openapi_file`] for the document `file` of a folder kept anywhere.
pub fn read_openapi_document(
    source: &mut impl Source,
    file: &str,
    name: &str,
    display_root: &str,
) -> io::Result<ApiInput> {
    Ok(ApiInput {
        name: name.to_string(),
        root: display_root.to_string(),
        openapi: read_openapi_files(source, file)?,
        ..ApiInput::default()
    })
}

/// Whether a file at the top of an API folder is its OpenAPI document, by name:
/// `openapi.yaml`, `openapi.yml`, `openapi.json`, or `*.openapi.yaml` (`.yml`, `.json`).
pub fn is_openapi_file_name(name: &str) -> bool {
    ["yaml", "yml", "json"].iter().any(|ext| {
        name.strip_suffix(ext)
            .and_then(|stem| stem.strip_suffix('.'))
            .is_some_and(|stem| stem == "openapi" || stem.ends_with(".openapi"))
    })
}

/// The document `file` and every file reachable from it by relative `$ref`s, in the order
/// they are found; paths relative to the folder of `source`. Refs to files that do not exist
/// are left for the reader to report.
fn read_openapi_files(source: &mut impl Source, file: &str) -> io::Result<Vec<SourceFile>> {
    let mut res = vec![SourceFile::new(file, read_existing(source, file)?)];
    let mut seen = BTreeSet::from([file.to_string()]);
    let mut next = 0;
    while next < res.len() {
        let base = res[next]
            .path
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
            .to_string();
        let targets: Vec<String> = file_refs(&res[next].text)
            .into_iter()
            .map(str::to_string)
            .collect();
        for target in targets {
            let joined = if base.is_empty() {
                target.to_string()
            } else {
                format!("{base}/{target}")
            };
            let path = crate::openapi::normalize(&joined);
            if seen.insert(path.clone())
                && let Some(text) = source.read(&path)?
            {
                res.push(SourceFile::new(path, text));
            }
        }
        next += 1;
    }
    Ok(res)
}

/// The text of a file `source` listed or must have.
fn read_existing(source: &mut impl Source, path: &str) -> io::Result<String> {
    source.read(path)?.ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("cannot read {}: no such file", source.describe(path)),
        )
    })
}

/// The file parts of the relative `$ref`s in a YAML or JSON text (`common.yaml` of
/// `$ref: common.yaml#/Pet`), found by scanning the text; refs within the file and URLs are
/// left out.
pub fn file_refs(text: &str) -> Vec<&str> {
    let mut res = Vec::new();
    for (at, _) in text.match_indices("$ref") {
        let rest = text[at + 4..].trim_start_matches(['"', '\'']);
        let Some(rest) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start_matches([' ', '\t']);
        let (value, _) = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].split_once(quote).unwrap_or(("", "")),
            _ => rest
                .split_once(|c: char| c.is_whitespace() || c == ',' || c == '}')
                .unwrap_or((rest, "")),
        };
        let file = value.split('#').next().unwrap_or("");
        if !file.is_empty() && !file.contains("://") && !res.contains(&file) {
            res.push(file);
        }
    }
    res
}

/// The relative paths of every file below `dir` (anything that is not a folder).
fn collect_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if entry.file_type()?.is_dir() {
            collect_files(&entry.path(), &rel, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

fn read_text(path: &Path) -> io::Result<String> {
    std::fs::read_to_string(path)
        .map_err(|err| io::Error::new(err.kind(), format!("cannot read {}: {err}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_documents_are_known_by_name() {
        for name in [
            "openapi.yaml",
            "openapi.yml",
            "openapi.json",
            "pets.openapi.yaml",
        ] {
            assert!(is_openapi_file_name(name), "{name}");
        }
        for name in [
            "codegen.yaml",
            "myopenapi.yaml",
            "openapi.md",
            "openapi.yaml.bak",
        ] {
            assert!(!is_openapi_file_name(name), "{name}");
        }
    }

    #[test]
    fn file_refs_are_found_in_yaml_and_json() {
        let text = "a:\n  $ref: common.yaml#/A\nb: {\"$ref\": \"./x/b.json\"}\nc:\n  $ref: '#/local'\nd:\n  $ref: \"https://e.com/s.yaml\"\ne:\n  $ref: common.yaml#/E\n";
        assert_eq!(file_refs(text), ["common.yaml", "./x/b.json"]);
    }
}
