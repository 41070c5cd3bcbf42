//! Which schemas admit `null` (in any spelling, following `$ref`s, wrappers and union members,
//! without deepening the call stack), and which schemas are wrappers that stand for their one
//! member (`allOf: [$ref]`, `anyOf: [T, {type: "null"}]`) because they add only annotations.

use std::collections::BTreeSet;

use crate::openapi::tree::Node;
use crate::openapi::{Docs, Loc};

use super::Lowerer;

/// Keys that describe a schema without changing its shape. A `$ref`, or a wrapper (`allOf`
/// with one member, `anyOf`/`oneOf` with one member besides `null`), whose other keys are all
/// of these stands for its target.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "nullable",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "default",
    "externalDocs",
    "xml",
    "$comment",
    "$schema",
    "$id",
    "discriminator",
    "type",
];

impl<'a> Lowerer<'a> {
    /// Whether the schema at `loc` admits `null`, following `$ref`s and wrappers. Each place is
    /// decided once, by a walk with its own stack (a long chain of `$ref`s does not deepen the
    /// call stack).
    pub(super) fn is_nullable(&mut self, loc: &Loc) -> bool {
        if let Some(&known) = self.nullable.get(loc) {
            return known;
        }
        // Places being decided, each with the places its answer depends on and how many of
        // them said no.
        let mut stack: Vec<(Loc, Vec<Loc>, usize)> = Vec::new();
        self.start_nullable(loc, &mut stack);
        while let Some((at, next, done)) = stack.last_mut() {
            let Some(dep) = next.get(*done) else {
                // None of them admits `null` (the `false` put in at the start stays).
                stack.pop();
                continue;
            };
            match self.nullable.get(dep) {
                Some(false) => *done += 1,
                Some(true) => {
                    let at = at.clone();
                    self.nullable.insert(at, true);
                    stack.pop();
                }
                None => {
                    let dep = dep.clone();
                    self.start_nullable(&dep, &mut stack);
                }
            }
        }
        self.nullable.get(loc).copied().unwrap_or(false)
    }

    /// Decides `loc` when the schema itself says, else puts it on `stack` with the places its
    /// answer depends on: a `$ref`'s target, a wrapper's member, or a union's members.
    fn start_nullable(&mut self, loc: &Loc, stack: &mut Vec<(Loc, Vec<Loc>, usize)>) {
        // A cycle of refs admits null only if some schema on it says so.
        self.nullable.insert(loc.clone(), false);
        let Some(node) = self.node(loc) else {
            return;
        };
        let null_member = ["oneOf", "anyOf"].iter().any(|key| {
            node.get(key).is_some_and(|members| {
                members
                    .items()
                    .iter()
                    .any(|m| m.str("$ref").is_some_and(|r| self.null_refs.contains(r)))
            })
        });
        if own_nullable(node) || null_member {
            self.nullable.insert(loc.clone(), true);
            return;
        }
        let deps: Vec<Loc> = if let Some(reference) = node.str("$ref") {
            self.resolve(loc, reference).into_iter().collect()
        } else if let Some((member, _)) = passthrough(&self.null_refs, loc, node) {
            vec![member]
        } else {
            // A union admits `null` when one of its members does.
            ["oneOf", "anyOf"]
                .iter()
                .flat_map(|key| non_null_members(&self.null_refs, loc, node, key))
                .map(|(member, _)| member)
                .collect()
        };
        stack.push((loc.clone(), deps, 0));
    }
}

/// Whether every key of `node` besides `allowed` is an annotation or an extension.
pub(super) fn only_annotations(node: &Node, allowed: &[&str]) -> bool {
    node.entries().iter().all(|(key, _)| {
        allowed.contains(&key.as_str())
            || ANNOTATIONS.contains(&key.as_str())
            || key.starts_with("x-")
    })
}

/// The single member a wrapper schema stands for: the one member of an `allOf`, or the one
/// member besides `null` of a `oneOf`/`anyOf`, when the wrapper adds only annotations.
pub(super) fn passthrough<'n>(
    null_refs: &BTreeSet<String>,
    loc: &Loc,
    node: &'n Node,
) -> Option<(Loc, &'n Node)> {
    if node.get("$ref").is_some() || !only_annotations(node, &["allOf", "oneOf", "anyOf"]) {
        return None;
    }
    let mut members: Vec<(Loc, &'n Node)> = node
        .get("allOf")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(idx, m)| (loc.child2("allOf", &idx.to_string()), m))
        .collect();
    members.extend(non_null_members(null_refs, loc, node, "oneOf"));
    members.extend(non_null_members(null_refs, loc, node, "anyOf"));
    match <[_; 1]>::try_from(members) {
        Ok([only]) => Some(only),
        Err(_) => None,
    }
}

/// The `$ref`s of the main document's component schemas that admit only `null`.
pub(super) fn null_refs(docs: &Docs) -> BTreeSet<String> {
    let schemas_loc = Loc {
        doc: 0,
        pointer: "/components/schemas".to_string(),
    };
    docs.node(&schemas_loc)
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter(|(_, schema)| is_null_schema(schema))
        .map(|(name, _)| format!("#/components/schemas/{name}"))
        .collect()
}

/// The members of `node[key]` (`oneOf` or `anyOf`) that are not the `null` schema, written
/// out or named by a `$ref` in `null_refs`.
pub(super) fn non_null_members<'n>(
    null_refs: &BTreeSet<String>,
    loc: &Loc,
    node: &'n Node,
    key: &str,
) -> Vec<(Loc, &'n Node)> {
    node.get(key)
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            !is_null_schema(m) && !m.str("$ref").is_some_and(|r| null_refs.contains(r))
        })
        .map(|(idx, m)| (loc.child2(key, &idx.to_string()), m))
        .collect()
}

/// Whether a schema admits only `null` (`{type: "null"}`, `{enum: [null]}`, `{const: null}`).
fn is_null_schema(node: &Node) -> bool {
    let only_null_type = match node.get("type") {
        Some(Node::String(t)) => t == "null",
        Some(Node::Array(ts)) => !ts.is_empty() && ts.iter().all(|t| t.as_str() == Some("null")),
        _ => false,
    };
    let only_null_enum = node
        .get("enum")
        .is_some_and(|e| !e.items().is_empty() && e.items().iter().all(|v| *v == Node::Null));
    only_null_type || only_null_enum || node.get("const") == Some(&Node::Null)
}

/// Whether a schema itself says it admits `null`, in any spelling: `nullable: true`,
/// `type: [T, "null"]`, `null` among its `enum`, or a `null` member of its `oneOf`/`anyOf`.
pub(super) fn own_nullable(node: &Node) -> bool {
    let type_null = match node.get("type") {
        Some(Node::String(t)) => t == "null",
        Some(Node::Array(ts)) => ts.iter().any(|t| t.as_str() == Some("null")),
        _ => false,
    };
    node.flag("nullable")
        || type_null
        || node
            .get("enum")
            .is_some_and(|e| e.items().contains(&Node::Null))
        || node.get("const") == Some(&Node::Null)
        || ["oneOf", "anyOf"].iter().any(|key| {
            node.get(key)
                .is_some_and(|members| members.items().iter().any(is_null_schema))
        })
}
