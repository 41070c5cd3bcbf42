//! OpenAPI's `x-rust-type` extension on a component schema, in typify's shape: `{crate:
//! my-crate, version: "1.2", path: my_crate::Money}`. The schema is then that existing Rust
//! type (see [`crate::model::replace`]): it is added to the API's replacements unless the
//! config's `rust.replace` names the schema already, which wins. A value not of that shape, or
//! a path that is not a Rust type path, is an error at its place; typify's `parameters`
//! (generic arguments as schemas) are not read, and an `x-rust-type` anywhere but on a
//! component schema (an inline schema has no name to replace) is not followed: each is a
//! warning.

use super::{Docs, Loc};
use crate::diagnostics::{Code, Diagnostic};
use crate::files::SourceMap;
use crate::model::Api;
use crate::model::replace::{Dependency, Replacement, is_crate_name};
use crate::openapi::tree::Node;

/// The extension's key.
const KEY: &str = "x-rust-type";

/// Adds the `x-rust-type` of every component schema of the root document to `api`'s
/// replacements; reports what it cannot read.
pub(super) fn read(
    sources: &SourceMap,
    docs: &Docs,
    api: &mut Api,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let schemas_loc = Loc {
        doc: 0,
        pointer: "/components/schemas".to_string(),
    };
    let mut elsewhere = Vec::new();
    find_elsewhere(docs.root(0), &mut String::new(), 0, &mut elsewhere);
    for pointer in elsewhere {
        let loc = Loc { doc: 0, pointer };
        diagnostics.push(
            Diagnostic::warning(
                sources,
                docs.span(sources, &loc),
                Code::Unsupported,
                format!(
                    "`{KEY}` is read on component schemas only; this one is not followed (at `{}`)",
                    docs.display(&loc)
                ),
            )
            .with_hint("move the schema to `components.schemas` and refer to it, so it has a name to replace"),
        );
    }
    let Some(schemas) = docs.node(&schemas_loc) else {
        return;
    };
    for (name, schema) in schemas.entries() {
        let Some(value) = schema.get(KEY) else {
            continue;
        };
        let loc = schemas_loc.child2(name, KEY);
        let span = docs.span(sources, &loc);
        let text = |key: &str| value.get(key).and_then(Node::as_str).map(str::to_string);
        let (krate, version, path) = (text("crate"), text("version"), text("path"));
        let fits = path.as_deref().is_some_and(crate::config::is_type_path)
            && krate.as_deref().is_none_or(is_crate_name)
            && version.as_deref().is_none_or(|v| !v.trim().is_empty());
        let (Some(path), true) = (path, fits) else {
            diagnostics.push(
                Diagnostic::error(
                    sources,
                    span,
                    Code::KeywordValue,
                    format!(
                        "`{KEY}` of schema `{name}` is not a Rust type (at `{}`)",
                        docs.display(&loc)
                    ),
                )
                .with_hint("write `{crate: my-crate, version: \"1.2\", path: my_crate::Money}`, the path a Rust type path"),
            );
            continue;
        };
        if value
            .get("parameters")
            .is_some_and(|it| !matches!(it, Node::Array(items) if items.is_empty()))
        {
            diagnostics.push(
                Diagnostic::warning(
                    sources,
                    span,
                    Code::Unsupported,
                    format!(
                        "the `parameters` of `{KEY}` of schema `{name}` are not read: the type is `{path}` as written (at `{}`)",
                        docs.display(&loc)
                    ),
                )
                .with_hint("write the generic arguments into the path (`my_crate::Money<u64>`)"),
            );
        }
        let dependency = krate
            .zip(version)
            .map(|(krate, version)| Dependency { krate, version });
        api.rust.replace.entry(name.clone()).or_insert(Replacement {
            path,
            dependency,
            span,
        });
    }
}

/// The pointers of every `x-rust-type` below `node` (at `pointer`) that is not on a component
/// schema (`/components/schemas/<name>/x-rust-type`); walks at most as deep as documents nest.
fn find_elsewhere(node: &Node, pointer: &mut String, depth: usize, acc: &mut Vec<String>) {
    if depth > 128 {
        return;
    }
    let mut visit = |key: &str, child: &Node, pointer: &mut String| {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&crate::openapi::tree::escape(key));
        if key == KEY && !is_component_schema_key(pointer) {
            acc.push(pointer.clone());
        } else {
            find_elsewhere(child, pointer, depth + 1, acc);
        }
        pointer.truncate(len);
    };
    match node {
        Node::Object(entries) => {
            for (key, child) in entries {
                visit(key, child, pointer);
            }
        }
        Node::Array(items) => {
            for (idx, child) in items.iter().enumerate() {
                visit(&idx.to_string(), child, pointer);
            }
        }
        _ => {}
    }
}

/// Whether `pointer` is `/components/schemas/<name>/x-rust-type`.
fn is_component_schema_key(pointer: &str) -> bool {
    pointer
        .strip_prefix("/components/schemas/")
        .and_then(|rest| rest.strip_suffix(&format!("/{KEY}")))
        .is_some_and(|name| !name.contains('/'))
}
