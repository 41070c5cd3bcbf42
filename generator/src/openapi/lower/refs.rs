//! `$ref`s: where one points (a component schema found directly, anything else through the
//! documents), how one that leads nowhere is reported, and the named type of a target that is
//! not a component schema, named after its pointer.

use crate::diagnostics::{Code, Severity};
use crate::model::TypeId;
use crate::model::names;
use crate::openapi::tree::{self, Node};
use crate::openapi::{Loc, RefError};

use super::operations::status_suffix;
use super::{Lowerer, Ns};

impl<'a> Lowerer<'a> {
    /// The node at `loc`.
    pub(super) fn node(&self, loc: &Loc) -> Option<&'a Node> {
        match self.component_nodes.get(loc) {
            Some(node) => Some(node),
            None => self.docs.node(loc),
        }
    }

    /// The place a `$ref` written at `from` points at, when it is a schema of the main
    /// document's `components.schemas` named plainly (`#/components/schemas/Pet`).
    fn component_ref(&self, from: &Loc, reference: &str) -> Option<Loc> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        if from.doc != 0 || name.contains(['/', '~', '%']) {
            return None;
        }
        let loc = Loc {
            doc: 0,
            pointer: format!("/components/schemas/{name}"),
        };
        self.component_nodes.contains_key(&loc).then_some(loc)
    }

    /// Where a `$ref` written at `from` points, without reporting refs that go nowhere.
    pub(super) fn resolve(&self, from: &Loc, reference: &str) -> Option<Loc> {
        self.component_ref(from, reference)
            .or_else(|| self.docs.resolve(from.doc, reference).ok())
    }

    /// How a `$ref` that leads nowhere is reported: a warning when the config makes it any
    /// JSON value, which the caller of [`Self::follow`] does with a ref it cannot follow.
    fn dangling_severity(&self) -> Severity {
        if self.dangling_as_any {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// What becomes of a dangling `$ref`, for its message: nothing to add when it is an error.
    fn dangling_outcome(&self) -> &'static str {
        if self.dangling_as_any {
            "; it is generated as any JSON value (`dangling_refs: any`)"
        } else {
            ""
        }
    }

    /// Follows a `$ref` written at `from`; reports refs that cannot be followed.
    pub(super) fn follow(&mut self, from: &Loc, reference: &str) -> Option<Loc> {
        if let Some(loc) = self.component_ref(from, reference) {
            return Some(loc);
        }
        match self.docs.resolve(from.doc, reference) {
            Ok(loc) => Some(loc),
            Err(err) => {
                let at = from.child("$ref");
                let place = self.docs.display(from);
                match err {
                    RefError::Unsupported => self.warn_unsupported(
                        &at,
                        &format!("`$ref` `{reference}` (a URL or an anchor)"),
                    ),
                    RefError::Dangling => self.diagnose(
                        self.dangling_severity(),
                        &at,
                        Code::DanglingRef,
                        format!(
                            "dangling `$ref` `{reference}` in `{place}`: nothing is at that pointer{}",
                            self.dangling_outcome()
                        ),
                        "check the schema name and the path of the pointer",
                    ),
                    RefError::MissingFile(path) => self.diagnose(
                        self.dangling_severity(),
                        &at,
                        Code::DanglingRef,
                        format!(
                            "dangling `$ref` `{reference}` in `{place}`: file `{path}` was not read{}",
                            self.dangling_outcome()
                        ),
                        "a relative `$ref` names a YAML or JSON file relative to the file it is in",
                    ),
                    RefError::Refused { message, hint } => self.diagnose(
                        Severity::Error,
                        &at,
                        Code::RefusedFile,
                        format!("`$ref` `{reference}` in `{place}` is refused: {message}"),
                        hint,
                    ),
                    // The file's own error says why it was not read.
                    RefError::Unread => {}
                }
                None
            }
        }
    }

    /// The named type of the schema at `loc`, made (and queued for reading) on first use.
    pub(super) fn named(&mut self, loc: &Loc) -> TypeId {
        if let Some(&id) = self.by_loc.get(loc) {
            return id;
        }
        let name = self.name_from_pointer(loc);
        let ns = if loc.doc == 0
            && (loc.pointer.starts_with("/paths")
                || loc.pointer.starts_with("/components/")
                    && !loc.pointer.starts_with("/components/schemas/"))
        {
            Ns::Operations
        } else {
            Ns::Root
        };
        let id = self.register(loc.clone(), None, &name, ns);
        self.queue.push_back(id);
        id
    }

    /// A type name for a schema that is the target of a `$ref` but not a component schema,
    /// from the path of its pointer (`#/components/schemas/Pet/properties/tags` is `PetTags`;
    /// a whole file `pet.yaml` is `Pet`).
    fn name_from_pointer(&self, loc: &Loc) -> String {
        let segments: Vec<String> = loc
            .pointer
            .split('/')
            .skip(1)
            .map(|s| tree::unescape(s).into_owned())
            .collect();
        let mut parts = Vec::new();
        let mut idx = 0;
        while idx < segments.len() {
            let segment = segments[idx].as_str();
            let next = segments.get(idx + 1).map(String::as_str);
            match segment {
                "components" | "definitions" | "$defs" => {
                    idx += usize::from(segment == "components");
                }
                "properties" | "paths" => {
                    if let Some(next) = next {
                        parts.push(names::pascal_ident(next));
                    }
                    idx += 1;
                }
                "items" => parts.push("Item".to_string()),
                "additionalProperties" => parts.push("Value".to_string()),
                "allOf" | "oneOf" | "anyOf" | "parameters" => {
                    if let Some(next) = next {
                        parts.push(
                            next.parse::<usize>().map_or_else(
                                |_| names::pascal_ident(next),
                                |n| (n + 1).to_string(),
                            ),
                        );
                    }
                    idx += 1;
                }
                "responses" => {
                    parts.push(format!(
                        "Response{}",
                        next.map(status_suffix).unwrap_or_default()
                    ));
                    idx += 1;
                }
                "requestBody" => parts.push("Request".to_string()),
                "content" => idx += 1,
                "schema" => {}
                other => parts.push(names::pascal_ident(other)),
            }
            idx += 1;
        }
        if parts.is_empty() {
            let path = &self.docs.docs[loc.doc as usize].path;
            let file = path.rsplit('/').next().unwrap_or(path);
            let stem = file.split('.').next().unwrap_or(file);
            parts.push(names::pascal_ident(stem));
        }
        parts.concat()
    }
}

/// The schema name of a place under `components.schemas`.
pub(super) fn component_name(loc: &Loc) -> Option<String> {
    let name = loc.pointer.strip_prefix("/components/schemas/")?;
    (!name.contains('/')).then(|| tree::unescape(name).into_owned())
}
