//! Reading an API's sources from disk: the one input-side helper shared by `cargo xtask
//! codegen`, the `specgen` command and the tests, so all of them see the same files in the same
//! order.
//!
//! An API folder holds Markdown model docs, an OpenAPI document, or both. The OpenAPI document
//! is the one file at the top of the folder named `openapi.yaml`, `openapi.yml`,
//! `openapi.json`, or `<anything>.openapi.yaml` (`.yml`, `.json`); the YAML and JSON files its
//! relative `$ref`s name are read with it, transitively.

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use crate::ApiInput;
use crate::files::SourceFile;

/// Name of the spec config file inside an API folder.
pub const CONFIG_FILE: &str = "codegen.yaml";

/// Reads every Markdown doc (`*.md`, `*.mdx`, except `README.md`) below `dir`, recursively,
/// `dir/codegen.yaml` if present, and the OpenAPI document at the top of `dir` (see the module
/// docs) if there is one, with the files it refers to. Paths are relative to `dir` and
/// `/`-separated; `display_root` is what diagnostics show in front of them. Two OpenAPI
/// documents in one folder are an error.
pub fn read_api_dir(dir: &Path, name: &str, display_root: &str) -> io::Result<ApiInput> {
    let mut docs = Vec::new();
    collect_docs(dir, "", &mut docs)?;
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    let mut documents = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_file() && is_openapi_file_name(&file_name) {
            documents.push(file_name);
        }
    }
    documents.sort();
    let openapi = match documents.as_slice() {
        [] => Vec::new(),
        [one] => read_openapi_files(dir, one)?,
        [first, second, ..] => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} holds several OpenAPI documents (`{first}`, `{second}`); an API folder has at most one",
                    dir.display()
                ),
            ));
        }
    };
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
    Ok(ApiInput {
        name: name.to_string(),
        root: display_root.to_string(),
        openapi: read_openapi_files(dir, &file_name)?,
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

/// The document `file` in `dir` and every file reachable from it by relative `$ref`s, in the
/// order they are found; paths relative to `dir`. Refs to files that do not exist are left
/// for the reader to report.
fn read_openapi_files(dir: &Path, file: &str) -> io::Result<Vec<SourceFile>> {
    let mut res = vec![SourceFile::new(file, read_text(&dir.join(file))?)];
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
            if seen.insert(path.clone()) && dir.join(&path).is_file() {
                let text = read_text(&dir.join(&path))?;
                res.push(SourceFile::new(path, text));
            }
        }
        next += 1;
    }
    Ok(res)
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
