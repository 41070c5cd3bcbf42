//! The examples an OpenAPI document carries, each with the type it documents: schema
//! `example` and `examples` (on components, properties, items, bodies), and media type
//! `example` and `examples` of request bodies, responses and parameters, following the
//! `$ref`s of `examples` to `components/examples`.
//!
//! The lowerer records what every schema place and every media type's schema was lowered into;
//! an example at such a place documents that type (with `null` allowed when the schema admits
//! it). Examples at places the lowerer never reads on their own (an `allOf` member, a media
//! type without a schema) are kept too, with the reason no generated type stands for them.

use std::collections::{HashMap, HashSet};

use crate::files::SourceMap;
use crate::model::{Documented, ExampleKind, SpecExample, TypeId};

use super::lower::renumber;
use super::tree::Node;
use super::{Docs, Loc};

/// Keys that mark an object as a schema, for the examples of schemas the lowerer never read.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "properties",
    "items",
    "$ref",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "format",
    "additionalProperties",
];

/// Every example of `docs`, in place order (see the module docs). `schema_types` and
/// `media_types` hold the types with the lowerer's ids, which `new_id` renumbers.
pub(super) fn collect(
    sources: &SourceMap,
    docs: &Docs,
    schema_types: &HashMap<Loc, Documented>,
    media_types: &[(Loc, Documented)],
    new_id: &[TypeId],
) -> Vec<SpecExample> {
    let renumbered = |documented: &Documented| {
        let mut res = documented.clone();
        renumber(&mut res.ty, new_id);
        res
    };
    let mut found: Vec<(
        Loc,
        ExampleKind,
        serde_json::Value,
        Result<Documented, String>,
    )> = Vec::new();
    let mut schemas: Vec<(&Loc, &Documented)> = schema_types.iter().collect();
    schemas.sort_by(|a, b| a.0.cmp(b.0));
    for (loc, documented) in schemas {
        let Some(node) = docs.node(loc) else {
            continue;
        };
        let kind = if parent_segment(&loc.pointer) == Some("properties") {
            ExampleKind::Property
        } else {
            ExampleKind::Schema
        };
        for (at, value) in schema_examples(loc, node) {
            found.push((at, kind, value.to_json(), Ok(renumbered(documented))));
        }
    }
    let mut media_seen = HashSet::new();
    for (loc, documented) in media_types {
        if !media_seen.insert(loc.clone()) {
            continue;
        }
        let Some(node) = docs.node(loc) else {
            continue;
        };
        for (at, value) in media_examples(docs, loc, node) {
            found.push((
                at,
                ExampleKind::Media,
                value.to_json(),
                Ok(renumbered(documented)),
            ));
        }
    }
    // Examples where no type was made: walked over the main document.
    let root = Loc {
        doc: 0,
        pointer: String::new(),
    };
    let mut stack = vec![(root, docs.root(0))];
    while let Some((loc, node)) = stack.pop() {
        match node {
            Node::Object(entries) => {
                if loc.pointer == "/components/examples" {
                    continue;
                }
                let is_media = parent_segment(&loc.pointer) == Some("content")
                    && !SCHEMA_KEYS.iter().any(|key| node.get(key).is_some());
                if is_media && !media_seen.contains(&loc) {
                    for (at, value) in media_examples(docs, &loc, node) {
                        found.push((
                            at,
                            ExampleKind::Media,
                            value.to_json(),
                            Err("the media type has no schema that specgen reads".to_string()),
                        ));
                    }
                } else if !is_media
                    && !schema_types.contains_key(&loc)
                    && SCHEMA_KEYS.iter().any(|key| node.get(key).is_some())
                    && !looks_like_parameter(node)
                {
                    for (at, value) in schema_examples(&loc, node) {
                        found.push((
                            at,
                            ExampleKind::Schema,
                            value.to_json(),
                            Err(no_type_reason(&loc.pointer).to_string()),
                        ));
                    }
                }
                for (key, value) in entries.iter().rev() {
                    if key == "example" || key == "examples" {
                        continue;
                    }
                    stack.push((loc.child(key), value));
                }
            }
            Node::Array(items) => {
                for (idx, item) in items.iter().enumerate().rev() {
                    stack.push((loc.child(&idx.to_string()), item));
                }
            }
            _ => {}
        }
    }
    found.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    found.dedup_by(|a, b| a.0 == b.0 && a.3 == b.3);
    found
        .into_iter()
        .map(|(loc, kind, value, documents)| SpecExample {
            kind,
            at: docs.display(&loc),
            span: docs.span(sources, &loc),
            value,
            documents,
        })
        .collect()
}

/// The `example` and the items of `examples` (JSON Schema's array) of the schema at `loc`;
/// a `null` `example` is the keyword left empty and counts as none.
fn schema_examples<'n>(loc: &Loc, node: &'n Node) -> Vec<(Loc, &'n Node)> {
    let mut res = Vec::new();
    if let Some(example) = node.get("example")
        && !matches!(example, Node::Null)
    {
        res.push((loc.child("example"), example));
    }
    if let Some(Node::Array(items)) = node.get("examples") {
        let examples_loc = loc.child("examples");
        for (idx, item) in items.iter().enumerate() {
            res.push((examples_loc.child(&idx.to_string()), item));
        }
    }
    res
}

/// The `example` and the `value` of every entry of `examples` of the media type object at
/// `loc`, following an entry's `$ref` (to `components/examples`); entries with only an
/// `externalValue` have no value here.
fn media_examples<'n>(docs: &'n Docs, loc: &Loc, node: &'n Node) -> Vec<(Loc, &'n Node)> {
    let mut res = Vec::new();
    if let Some(example) = node.get("example")
        && !matches!(example, Node::Null)
    {
        res.push((loc.child("example"), example));
    }
    if let Some(Node::Object(entries)) = node.get("examples") {
        let examples_loc = loc.child("examples");
        for (name, entry) in entries {
            let mut entry_loc = examples_loc.child(name);
            let mut entry = entry;
            // A chain of refs is followed a few steps at most.
            for _ in 0..8 {
                let Some(reference) = entry.str("$ref") else {
                    break;
                };
                let Ok(target) = docs.resolve(entry_loc.doc, reference) else {
                    break;
                };
                let Some(next) = docs.node(&target) else {
                    break;
                };
                entry_loc = target;
                entry = next;
            }
            if let Some(value) = entry.get("value") {
                res.push((entry_loc.child("value"), value));
            }
        }
    }
    res
}

/// Why no type stands for the schema at `pointer`, which the lowerer did not read.
fn no_type_reason(pointer: &str) -> &'static str {
    if pointer.contains("/headers/") {
        "a header's schema: specgen generates no types for headers"
    } else if pointer.contains("/allOf/") {
        "an `allOf` member: its properties are merged into the type that has it"
    } else if pointer.contains("/not") || pointer.contains("/if") || pointer.contains("/then") {
        "a `not`/`if`/`then` schema: specgen generates no type for it"
    } else {
        "a schema specgen does not read on its own (unused, or inside one it reads whole)"
    }
}

/// A parameter or header object (which has a `schema` of its own, read there).
fn looks_like_parameter(node: &Node) -> bool {
    node.get("schema").is_some() || node.get("in").is_some()
}

/// The segment before the last of a JSON pointer (`properties` for `/a/properties/b`).
fn parent_segment(pointer: &str) -> Option<&str> {
    let (parent, _) = pointer.rsplit_once('/')?;
    parent.rsplit('/').next()
}
