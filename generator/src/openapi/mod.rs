//! Reader for OpenAPI 3.0 and 3.1 documents (YAML or JSON): `tree` is the value tree every
//! file parses into, `locate` finds the source position of a JSON pointer when a diagnostic or
//! span needs one, and `lower` turns the schemas into the model.
//!
//! The reader is pure: it gets the text of the document and of every file its relative `$ref`s
//! name (see [`crate::input`]), and resolves those refs among them.

mod examples;
pub(crate) use crate::document::locate;
mod lower;
mod merge;
mod rust_type;
mod service;
pub use crate::document::tree;

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::ApiInput;
use crate::config;
use crate::diagnostics::{Code, Diagnostic};
use crate::files::{
    FileId, Refusal, SkipReason, SourceFile, SourceMap, Span, is_absolute_ref, is_url_ref,
    normalize, ref_path_refusal,
};
use crate::model::{Api, SpecExample};
use crate::yaml;

use locate::Outline;
use tree::Node;

/// Reads the OpenAPI document of one API (the first of `input.openapi`, with the others
/// available to its `$ref`s) into the model, its config included; `None` when there are errors
/// (all reported).
pub fn read_api(
    sources: &mut SourceMap,
    input: &ApiInput,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Api> {
    let config = config::read(sources, input.config.as_ref(), &input.root, diagnostics);
    read_api_with(sources, input, &config, diagnostics).map(|(api, _)| api)
}

/// [`read_api`] with the API's config already read (its errors reported by whoever read it),
/// and with every example the document carries and the type each documents (see
/// [`SpecExample`]), in document place order.
pub fn read_api_with(
    sources: &mut SourceMap,
    input: &ApiInput,
    config: &config::Read,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Api, Vec<SpecExample>)> {
    let display = |path: &str| crate::input::display_path(&input.root, path);
    let errors_before = diagnostics.iter().filter(|d| d.is_error()).count();
    let config = config.settings();
    let mut docs = Vec::new();
    for file in &input.openapi {
        let id = sources.add(SourceFile::new(display(&file.path), file.text.clone()));
        let json = file.path.ends_with(".json");
        if let Some(root) = parse(sources, id, json, diagnostics) {
            docs.push(Doc {
                file: id,
                path: normalize(&file.path),
                root,
                json,
                outline: OnceCell::new(),
            });
        }
    }
    if docs.len() < input.openapi.len() || docs.is_empty() {
        return None;
    }
    let mut refused = BTreeMap::new();
    let mut unread = BTreeSet::new();
    for skipped in &input.skipped {
        match skipped.reason {
            SkipReason::Ref(refusal) => {
                refused.insert(skipped.path.clone(), refusal);
            }
            SkipReason::NotUtf8 { .. } | SkipReason::Listed(_) => {
                unread.insert(skipped.path.clone());
            }
        }
    }
    let docs = Docs {
        docs,
        // As the files were read: from `ref_root` even when other keys of the config are wrong.
        depth: input
            .config
            .as_ref()
            .map_or(0, |file| config::ref_root_depth(&file.text)),
        root: crate::input::root_display(input),
        refused,
        unread,
    };
    let mut api = lower::lower(sources, &docs, input, &config, diagnostics);
    if let Some((api, _)) = &mut api {
        crate::model::enums::open_enums(api, &config.closed_enums);
        rust_type::read(sources, &docs, api, diagnostics);
    }
    let errors_after = diagnostics.iter().filter(|d| d.is_error()).count();
    api.filter(|_| errors_after == errors_before)
}

/// Parses one file into a tree; reports a syntax error at its place.
fn parse(
    sources: &SourceMap,
    file: FileId,
    json: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Node> {
    let text = &sources.get(file).text;
    let res = if json {
        serde_json::from_str::<Node>(text).map_err(|err| {
            let offset = offset_of(text, err.line(), err.column());
            let message = err.to_string();
            let message = match message.find(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            ("JSON", message, Some(offset))
        })
    } else {
        yaml::from_str::<Node>(text).map_err(|err| {
            let message = match err.context {
                Some(context) => format!("{} ({context})", err.message),
                None => err.message,
            };
            ("YAML", message, err.offset)
        })
    };
    match res {
        Ok(node) => Some(node),
        Err((_, message, offset)) if message.contains(tree::DUPLICATE_KEY) => {
            let offset = offset.unwrap_or(0);
            // The YAML reader puts the path of the object first: `a.b: duplicate key `c``.
            let message = match message.split_once(": ") {
                Some((path, rest)) if rest.starts_with(tree::DUPLICATE_KEY) => {
                    format!("{rest} in `{path}`")
                }
                _ => message,
            };
            diagnostics.push(
                Diagnostic::error(
                    sources,
                    Span::new(file, offset..offset),
                    Code::DuplicateKey,
                    message,
                )
                .with_hint("remove one of the two; which one wins differs between tools"),
            );
            None
        }
        Err((language, message, offset)) => {
            let offset = offset.unwrap_or(0);
            diagnostics.push(
                Diagnostic::error(
                    sources,
                    Span::new(file, offset..offset),
                    Code::DocumentSyntax,
                    format!("invalid {language}: {message}"),
                )
                .with_hint(
                    "fix the syntax; nothing is generated from a document that does not parse",
                ),
            );
            None
        }
    }
}

/// Byte offset of a 1-based line and column, as serde_json counts them (the column in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for (idx, l) in text.split_inclusive('\n').enumerate() {
        if idx + 1 == line {
            return start + column.saturating_sub(1).min(l.len());
        }
        start += l.len();
    }
    text.len()
}

/// The number of schemas under `components.schemas` of an OpenAPI document, or `None` when the
/// text does not parse; for reports that say how much of a document was read.
pub fn count_schemas(file: &SourceFile) -> Option<usize> {
    let text = crate::files::strip_bom(&file.text);
    let root: Node = if file.path.ends_with(".json") {
        serde_json::from_str(text).ok()?
    } else {
        yaml::from_str(text).ok()?
    };
    Some(
        root.at_pointer("/components/schemas")
            .map_or(0, |schemas| schemas.entries().len()),
    )
}

/// The parsed files of one API; the OpenAPI document is the first.
pub(crate) struct Docs {
    docs: Vec<Doc>,
    /// How many folders above the API's folder its root is (see [`config::ref_root_depth`]).
    depth: usize,
    /// The root as the user should see it.
    root: String,
    /// Files `$ref`s name that were not read because they may not be, by normalised path.
    refused: BTreeMap<String, Refusal>,
    /// Files that were not read for reasons reported at the files themselves.
    unread: BTreeSet<String>,
}

struct Doc {
    file: FileId,
    /// Path relative to the API folder, normalised, for resolving relative refs.
    path: String,
    root: Node,
    json: bool,
    /// Built on the first span asked for in this file.
    outline: OnceCell<Outline>,
}

/// A place in one of the documents: the document's index in [`Docs`] and an escaped JSON
/// pointer (`/components/schemas/Pet`, empty for the whole document).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Loc {
    doc: u32,
    pointer: String,
}

impl Loc {
    /// The member `key` (an object key or an array index) of this place.
    fn child(&self, key: &str) -> Loc {
        Loc {
            doc: self.doc,
            pointer: format!("{}/{}", self.pointer, tree::escape(key)),
        }
    }

    /// The place two members down.
    fn child2(&self, key: &str, key2: &str) -> Loc {
        Loc {
            doc: self.doc,
            pointer: format!(
                "{}/{}/{}",
                self.pointer,
                tree::escape(key),
                tree::escape(key2)
            ),
        }
    }
}

/// A `$ref` that cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RefError {
    /// Nothing is at the pointer.
    Dangling,
    /// The ref names a file that is not among the inputs.
    MissingFile(String),
    /// A URL, an anchor (`#name`) or another form this reader does not follow.
    Unsupported,
    /// The ref names a file that may not be read (outside the root, an absolute path, not a
    /// YAML or JSON file, not a regular file); it was not read.
    Refused {
        /// Why, as a sentence about the file.
        message: String,
        /// What to do.
        hint: &'static str,
    },
    /// The ref names a file that could not be read; the file's own error says why.
    Unread,
}

impl Docs {
    /// The root node of document `doc`.
    fn root(&self, doc: u32) -> &Node {
        &self.docs[doc as usize].root
    }

    /// The node at `loc`.
    fn node(&self, loc: &Loc) -> Option<&Node> {
        self.root(loc.doc).at_pointer(&loc.pointer)
    }

    /// The source span of `loc`: the key (or array item) it is at, or its deepest ancestor
    /// that the locator finds.
    fn span(&self, sources: &SourceMap, loc: &Loc) -> Span {
        let doc = &self.docs[loc.doc as usize];
        let text = &sources.get(doc.file).text;
        let outline = doc.outline.get_or_init(|| {
            if doc.json {
                Outline::json(text)
            } else {
                Outline::yaml(text)
            }
        });
        let (range, _) = outline.find(text, &loc.pointer);
        Span::new(doc.file, range)
    }

    /// `#/components/schemas/Pet`, or `other.yaml#/Pet` outside the main document.
    fn display(&self, loc: &Loc) -> String {
        DisplayLoc(self, loc).to_string()
    }

    /// Follows `reference` written in document `from`.
    fn resolve(&self, from: u32, reference: &str) -> Result<Loc, RefError> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if is_url_ref(file) {
            return Err(RefError::Unsupported);
        }
        let refused = |refusal: Refusal| RefError::Refused {
            message: refusal.reason(&self.root),
            hint: refusal.hint(),
        };
        if is_absolute_ref(file) {
            return Err(refused(Refusal::Absolute));
        }
        let doc = if file.is_empty() {
            from
        } else {
            let base = &self.docs[from as usize].path;
            let dir = base.rsplit_once('/').map_or("", |(dir, _)| dir);
            let path = normalize(&if dir.is_empty() {
                file.to_string()
            } else {
                format!("{dir}/{file}")
            });
            if let Some(refusal) = ref_path_refusal(&path, self.depth) {
                return Err(refused(refusal));
            }
            match self.docs.iter().position(|d| d.path == path) {
                Some(idx) => idx as u32,
                None => {
                    return Err(match self.refused.get(&path) {
                        Some(&refusal) => refused(refusal),
                        None if self.unread.contains(&path) => RefError::Unread,
                        None => RefError::MissingFile(path),
                    });
                }
            }
        };
        let pointer = percent_decode(fragment);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(RefError::Unsupported);
        }
        let loc = Loc { doc, pointer };
        match self.node(&loc) {
            Some(_) => Ok(loc),
            None => Err(RefError::Dangling),
        }
    }
}

struct DisplayLoc<'a>(&'a Docs, &'a Loc);

impl fmt::Display for DisplayLoc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let DisplayLoc(docs, loc) = self;
        if loc.doc != 0 {
            f.write_str(&docs.docs[loc.doc as usize].path)?;
        }
        write!(f, "#{}", loc.pointer)
    }
}

/// Decodes `%XX` escapes of a URI fragment.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_fragments_are_normalised() {
        assert_eq!(normalize("a/./b/../c.yaml"), "a/c.yaml");
        assert_eq!(normalize("../x.yaml"), "../x.yaml");
        assert_eq!(percent_decode("/paths/~1a%7Bid%7D"), "/paths/~1a{id}");
        assert_eq!(offset_of("ab\ncd\n", 2, 2), 4);
    }
}
