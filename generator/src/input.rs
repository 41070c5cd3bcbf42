//! Reading an API's sources: the one input-side helper shared by `cargo xtask codegen`, the
//! `specgen` command and the tests, so all of them see the same files in the same order, from
//! a folder on disk or from a tree at a git revision ([`git`]).
//!
//! An API folder holds Markdown model docs, an OpenAPI document, or both. The OpenAPI document
//! is the one file at the top of the folder named `openapi.yaml`, `openapi.yml`,
//! `openapi.json`, or `<anything>.openapi.yaml` (`.yml`, `.json`); the YAML and JSON files its
//! relative `$ref`s name are read with it, transitively.
//!
//! An SDK's `docs/` folder (model docs below `models/`, operation docs in
//! `sdks/<resource>/README.md`) is read as such; so is an SDK's root folder, which holds that
//! `docs/` folder and the root `README.md` describing servers and authentication.

pub mod git;

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::ApiInput;
use crate::config;
use crate::diagnostics::{Code, Diagnostic};
use crate::files::{
    Refusal, SkipReason, Skipped, SourceFile, SourceMap, Span, is_absolute_ref, is_url_ref,
    ref_path_refusal, strip_bom,
};

/// Name of the spec config file inside an API folder.
pub const CONFIG_FILE: &str = "codegen.yaml";

/// Where the files of one API folder are kept: a folder on disk ([`Dir`]) or a tree at a git
/// revision ([`git::Tree`]). Paths are relative to the folder and `/`-separated.
pub trait Source {
    /// Every file below the folder, recursively.
    fn files(&mut self) -> io::Result<Vec<String>>;
    /// The bytes of the file at `path` (normalised, possibly starting with `..`) when it may be
    /// read: a regular file below the root, which is `depth` folders above this folder, and
    /// not reached through a symlink that leaves the root. Nothing of a refused file is read.
    fn read(&mut self, path: &str, depth: usize) -> io::Result<Fetched>;
    /// The file at `path` as error messages name it.
    fn describe(&self, path: &str) -> String;
}

/// What [`Source::read`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// There is no such file.
    Missing,
    /// The file may not be read, and was not.
    Refused(Refusal),
}

/// An API folder on disk.
#[derive(Debug, Clone)]
pub struct Dir {
    path: PathBuf,
    /// The canonical root for each depth asked for, and the folder that depth names when the
    /// root stops short of it.
    roots: Vec<(usize, Root)>,
    /// The regular files [`Source::files`] found (not symlinks, and not below a symlinked
    /// folder, since the walk does not follow them): they are inside the folder, so reading
    /// them needs no check.
    regular: BTreeSet<String>,
}

impl Dir {
    /// The folder at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Dir {
        Dir {
            path: path.into(),
            roots: Vec::new(),
            regular: BTreeSet::new(),
        }
    }

    /// The root for `depth`: the canonical path of the folder `depth` levels above this one,
    /// but never above the top of the git repository that holds this folder (the nearest
    /// folder above with a `.git`), nor above this folder when no repository holds it. A spec
    /// folder's own config cannot open the user's home or the whole file system to its refs.
    fn root(&mut self, depth: usize) -> io::Result<Root> {
        if let Some((_, root)) = self.roots.iter().find(|(d, _)| *d == depth) {
            return Ok(root.clone());
        }
        let canonical = |path: &Path| {
            std::fs::canonicalize(path).map_err(|err| {
                io::Error::new(err.kind(), format!("cannot read {}: {err}", path.display()))
            })
        };
        let dir = canonical(&self.path)?;
        let mut path = self.path.clone();
        for _ in 0..depth {
            path.push("..");
        }
        let named = canonical(&path)?;
        let top = dir.ancestors().find(|folder| folder.join(".git").exists());
        let root = match top {
            _ if depth == 0 => Root {
                path: dir,
                named: None,
            },
            Some(top) if named.starts_with(top) => Root {
                path: named,
                named: None,
            },
            Some(top) => Root {
                path: top.to_path_buf(),
                named: Some(named),
            },
            None => Root {
                path: dir,
                named: Some(named),
            },
        };
        self.roots.push((depth, root.clone()));
        Ok(root)
    }
}

/// Where files may be read from.
#[derive(Debug, Clone)]
struct Root {
    /// Files below this folder may be read.
    path: PathBuf,
    /// The folder `ref_root` names, when the root stops short of it.
    named: Option<PathBuf>,
}

impl Source for Dir {
    fn files(&mut self) -> io::Result<Vec<String>> {
        let mut res = Vec::new();
        collect_files(&self.path, "", &mut res, &mut self.regular)?;
        res.sort();
        Ok(res)
    }

    fn read(&mut self, path: &str, depth: usize) -> io::Result<Fetched> {
        if path.split('/').take_while(|part| *part == "..").count() > depth {
            return Ok(Fetched::Refused(Refusal::OutsideRoot));
        }
        if self.regular.contains(path) {
            let full = self.path.join(path);
            return std::fs::read(&full)
                .map(Fetched::Bytes)
                .map_err(|err| cannot_read(&full, err));
        }
        let root = self.root(depth)?;
        let full = self.path.join(path);
        // Every symlink on the way is resolved before anything is opened.
        let canonical = match std::fs::canonicalize(&full) {
            Ok(canonical) => canonical,
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(Fetched::Missing);
            }
            Err(err) => return Err(cannot_read(&full, err)),
        };
        if !canonical.starts_with(&root.path) {
            let beyond_repository = root
                .named
                .as_ref()
                .is_some_and(|named| canonical.starts_with(named));
            return Ok(Fetched::Refused(if beyond_repository {
                Refusal::OutsideRepository
            } else {
                Refusal::LeavesRoot
            }));
        }
        let metadata = std::fs::metadata(&canonical).map_err(|err| cannot_read(&full, err))?;
        if !metadata.is_file() {
            return Ok(Fetched::Refused(Refusal::NotAFile));
        }
        std::fs::read(&canonical)
            .map(Fetched::Bytes)
            .map_err(|err| cannot_read(&full, err))
    }

    fn describe(&self, path: &str) -> String {
        self.path.join(path).display().to_string()
    }
}

/// Reads every Markdown doc (`*.md`, `*.mdx`, except `README.md`) below `dir`, recursively,
/// `dir/codegen.yaml` if present, and the OpenAPI document at the top of `dir` (see the module
/// docs) if there is one, with the files it refers to. Paths are relative to `dir` and
/// `/`-separated; `display_root` is what diagnostics show in front of them. Two OpenAPI
/// documents in one folder are an error.
///
/// Files are read only from below `dir`, and the files `$ref`s name from below the root: `dir`,
/// or the folder above it that `ref_root` in the config names. Files that are not read (not UTF-8, outside the root, not regular files)
/// are listed in [`ApiInput::skipped`], and each is an error of the run.
pub fn read_api_dir(dir: &Path, name: &str, display_root: &str) -> io::Result<ApiInput> {
    read_api(&mut Dir::new(dir), name, display_root, None)
}

/// [`read_api_dir`] for a folder kept anywhere; `config`, when given, is used instead of the
/// folder's own `codegen.yaml` (also for its `ref_root`).
pub fn read_api(
    source: &mut impl Source,
    name: &str,
    display_root: &str,
    config: Option<SourceFile>,
) -> io::Result<ApiInput> {
    let files = source.files()?;
    let mut skipped = Vec::new();
    let config = match config {
        Some(config) => Some(config),
        None if files.iter().any(|path| path == CONFIG_FILE) => {
            read_listed(source, CONFIG_FILE, 0, &mut skipped)?
                .map(|text| SourceFile::new(CONFIG_FILE, text))
        }
        None => None,
    };
    let depth = config
        .as_ref()
        .map_or(0, |config| config::ref_root_depth(&config.text));
    // An SDK's root folder: its `docs/` folder read as one, and the root `README.md` with it.
    let (prefix, layout) = match sdk_docs_layout(&files) {
        Some(models) => ("", Some(models)),
        None if files.iter().any(|path| path == "README.md") => {
            let below: Vec<String> = files
                .iter()
                .filter_map(|path| path.strip_prefix(SDK_DOCS).map(str::to_string))
                .collect();
            match sdk_docs_layout(&below) {
                Some(models) => (SDK_DOCS, Some(models)),
                None => ("", None),
            }
        }
        None => ("", None),
    };
    let sdk_readme = if prefix.is_empty() {
        None
    } else {
        read_listed(source, "README.md", 0, &mut skipped)?
            .map(|text| SourceFile::new("README.md", text))
    };
    let mut docs = Vec::new();
    let mut operation_docs = Vec::new();
    for full in &files {
        let Some(path) = full.strip_prefix(prefix) else {
            continue;
        };
        let file_name = path.rsplit('/').next().unwrap_or(path);
        let markdown = file_name.ends_with(".md") || file_name.ends_with(".mdx");
        let wanted = match &layout {
            Some(models) if path.starts_with("sdks/") => {
                // An SDK's operation docs: one README per resource.
                if file_name == "README.md"
                    && let Some(text) = read_listed(source, full, 0, &mut skipped)?
                {
                    operation_docs.push(SourceFile::new(full.clone(), text));
                }
                false
            }
            Some(models) => markdown && file_name != "README.md" && path.starts_with(models),
            None => markdown && file_name != "README.md",
        };
        // Docs come from the folder itself: `ref_root` widens only what `$ref`s may name.
        if wanted && let Some(text) = read_listed(source, full, 0, &mut skipped)? {
            docs.push(SourceFile::new(full.clone(), text));
        }
    }
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    operation_docs.sort_by(|a, b| a.path.cmp(&b.path));
    let mut documents: Vec<&String> = files
        .iter()
        .filter(|path| !path.contains('/') && is_openapi_file_name(path))
        .collect();
    documents.sort();
    let openapi = match documents.as_slice() {
        [] => Vec::new(),
        [one] => read_openapi_files(source, one, depth, &mut skipped)?,
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
    Ok(ApiInput {
        name: name.to_string(),
        docs,
        config,
        root: display_root.to_string(),
        openapi,
        skipped,
        models_root: layout.map(|models| format!("{prefix}{}", models.trim_end_matches('/'))),
        operation_docs,
        sdk_readme,
    })
}

/// The folder of an SDK's root folder that holds its docs.
const SDK_DOCS: &str = "docs/";

/// Where an SDK's `docs/` folder keeps its model docs (`models/`, `Models/`, `pkg/models/` or
/// `sdk/models/`, with the slash), when `files` are such a folder's: model docs there and
/// operation docs in `sdks/<resource>/README.md`. `None` for a folder of model docs alone.
fn sdk_docs_layout(files: &[String]) -> Option<String> {
    let has_operation_docs = files
        .iter()
        .any(|path| path.starts_with("sdks/") && path.ends_with("/README.md"));
    if !has_operation_docs {
        return None;
    }
    ["models/", "Models/", "pkg/models/", "sdk/models/"]
        .into_iter()
        .find(|prefix| files.iter().any(|path| path.starts_with(prefix)))
        .map(str::to_string)
}

/// Reads one OpenAPI document (any file name) as an API of its own, with the files its
/// relative `$ref`s name; paths are relative to the document's folder, and `display_root`
/// (that folder as the user should see it) is shown in front of them. Files are read only
/// from below that folder.
pub fn read_openapi_file(path: &Path, name: &str, display_root: &str) -> io::Result<ApiInput> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a file", path.display()),
            )
        })?;
    read_openapi_document(&mut Dir::new(dir), &file_name, name, display_root, None)
}

/// [`read_openapi_file`] for the document `file` of a folder kept anywhere, with `config` as
/// its spec config (whose `ref_root` widens the root).
pub fn read_openapi_document(
    source: &mut impl Source,
    file: &str,
    name: &str,
    display_root: &str,
    config: Option<SourceFile>,
) -> io::Result<ApiInput> {
    let depth = config
        .as_ref()
        .map_or(0, |config| config::ref_root_depth(&config.text));
    let mut skipped = Vec::new();
    let openapi = read_openapi_files(source, file, depth, &mut skipped)?;
    Ok(ApiInput {
        name: name.to_string(),
        root: display_root.to_string(),
        openapi,
        config,
        skipped,
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
/// are left for the reader to report; so are URLs, absolute paths and files outside the root,
/// which are not read.
fn read_openapi_files(
    source: &mut impl Source,
    file: &str,
    depth: usize,
    skipped: &mut Vec<Skipped>,
) -> io::Result<Vec<SourceFile>> {
    let Some(text) = read_listed(source, file, 0, skipped)? else {
        return Ok(Vec::new());
    };
    let mut res = vec![SourceFile::new(file, text)];
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
            .filter(|target| !is_url_ref(target) && !is_absolute_ref(target))
            .map(str::to_string)
            .collect();
        for target in targets {
            let joined = if base.is_empty() {
                target.to_string()
            } else {
                format!("{base}/{target}")
            };
            let path = crate::files::normalize(&joined);
            if !seen.insert(path.clone()) {
                continue;
            }
            let fetched = match ref_path_refusal(&path, depth) {
                Some(refusal) => Fetched::Refused(refusal),
                None => source.read(&path, depth)?,
            };
            match fetched {
                Fetched::Bytes(bytes) => match decode(bytes) {
                    Ok(text) => res.push(SourceFile::new(path, text)),
                    Err(reason) => skipped.push(Skipped { path, reason }),
                },
                Fetched::Missing => {}
                Fetched::Refused(refusal) => skipped.push(Skipped {
                    path,
                    reason: SkipReason::Ref(refusal),
                }),
            }
        }
        next += 1;
    }
    Ok(res)
}

/// The text of a file `source` listed: `None` when it is not read (recorded in `skipped`).
fn read_listed(
    source: &mut impl Source,
    path: &str,
    depth: usize,
    skipped: &mut Vec<Skipped>,
) -> io::Result<Option<String>> {
    let reason = match source.read(path, depth)? {
        Fetched::Bytes(bytes) => match decode(bytes) {
            Ok(text) => return Ok(Some(text)),
            Err(reason) => reason,
        },
        Fetched::Refused(refusal) => SkipReason::Listed(refusal),
        Fetched::Missing => {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("cannot read {}: no such file", source.describe(path)),
            ));
        }
    };
    skipped.push(Skipped {
        path: path.to_string(),
        reason,
    });
    Ok(None)
}

/// The bytes of a file as text without a byte-order mark, or why they are not text.
pub fn decode(bytes: Vec<u8>) -> Result<String, SkipReason> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix(crate::files::BOM) {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            Err(SkipReason::NotUtf8 {
                valid: strip_bom(valid).to_string(),
                byte: bytes[at],
            })
        }
    }
}

/// Reports the files of `input` that were not read: one not UTF-8 at its first bad byte, one
/// refused at the file (refused `$ref` targets are reported at the `$ref`s by the OpenAPI
/// reader). Only the text before the bad byte is shown, and nothing of a refused file.
pub(crate) fn report_skipped(
    sources: &mut SourceMap,
    input: &ApiInput,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for skipped in &input.skipped {
        let display = display_path(&input.root, &skipped.path);
        match &skipped.reason {
            SkipReason::NotUtf8 { valid, byte } => {
                let file = sources.add(SourceFile::new(display, valid.clone()));
                let end = sources.get(file).text.len();
                diagnostics.push(
                    Diagnostic::error(
                        sources,
                        Span::new(file, end..end),
                        Code::NotUtf8,
                        format!(
                            "`{}` is not UTF-8: byte 0x{byte:02X} here does not continue a UTF-8 character; the file is not read",
                            skipped.path
                        ),
                    )
                    .with_hint("save the file as UTF-8"),
                );
            }
            SkipReason::Listed(refusal) => {
                let file = sources.add(SourceFile::new(display, String::new()));
                let root = if input.root.is_empty() {
                    "."
                } else {
                    input.root.trim_end_matches('/')
                };
                diagnostics.push(
                    Diagnostic::error(
                        sources,
                        Span::new(file, 0..0),
                        Code::RefusedFile,
                        format!(
                            "`{}` is not read: {}",
                            skipped.path,
                            refusal.reason_listed(root)
                        ),
                    )
                    .with_hint(refusal.hint_listed()),
                );
            }
            SkipReason::Ref(_) => {}
        }
    }
}

/// `path` of an API's file as diagnostics show it: behind the API's display root.
pub(crate) fn display_path(root: &str, path: &str) -> String {
    if root.is_empty() {
        path.to_string()
    } else {
        format!("{}/{}", root.trim_end_matches('/'), path)
    }
}

/// The root of an API as the user should see it: its display root, and `ref_root` of its
/// config behind it.
pub(crate) fn root_display(input: &ApiInput) -> String {
    let depth = input
        .config
        .as_ref()
        .map_or(0, |config| config::ref_root_depth(&config.text));
    let root = if input.root.is_empty() {
        "."
    } else {
        input.root.trim_end_matches('/')
    };
    let mut res = root.to_string();
    for _ in 0..depth {
        res.push_str("/..");
    }
    res
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

/// The relative paths of every file below `dir` (anything that is not a folder). Symlinks are
/// listed, not followed: [`Dir::read`] decides whether the file they lead to may be read.
fn collect_files(
    dir: &Path,
    prefix: &str,
    out: &mut Vec<String>,
    regular: &mut BTreeSet<String>,
) -> io::Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|err| cannot_read(dir, err))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            collect_files(&entry.path(), &rel, out, regular)?;
        } else {
            if file_type.is_file() {
                regular.insert(rel.clone());
            }
            out.push(rel);
        }
    }
    Ok(())
}

fn cannot_read(path: &Path, err: io::Error) -> io::Error {
    io::Error::new(err.kind(), format!("cannot read {}: {err}", path.display()))
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
