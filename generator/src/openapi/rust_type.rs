//! OpenAPI's `x-rust-type` extension on a component schema, in typify's shape: `{crate:
//! my-crate, version: "1.2", path: my_crate::Money}`. The schema is then that existing Rust
//! type (see [`crate::model::replace`]): it is added to the API's replacements unless the
//! config's `rust.replace` names the schema already, which wins. A value not of that shape, or
//! a path that is not a Rust type path, is an error at its place; typify's `parameters`
//! (generic arguments as schemas) are not read, which is a warning.

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
