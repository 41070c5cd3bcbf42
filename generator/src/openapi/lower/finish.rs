//! The finished types: cycles of aliases reported, inline schemas of one shape merged, untagged
//! variants ordered, types sorted by namespace and name and every reference renumbered.

use crate::diagnostics::{Code, Severity};
use crate::files::Span;
use crate::model::{Operation, SpecExample, Tagging, Type, TypeDef, TypeId, TypeKind};
use crate::openapi::{Loc, merge};

use super::refs::component_name;
use super::{Lowerer, Slot};

impl<'a> Lowerer<'a> {
    /// The finished types: checks for cycles of aliases, orders untagged variants, sorts the
    /// types by namespace and name, and renumbers every reference.
    pub(super) fn finish(mut self) -> Option<(Vec<TypeDef>, Vec<Operation>, Vec<SpecExample>)> {
        self.check_alias_cycles();
        if self.errors > 0 {
            return None;
        }
        let n = self.slots.len();
        let merged_into = self.merge_inline();
        for idx in 0..n {
            let Some(TypeKind::Union(union)) = &self.slots[idx].kind else {
                continue;
            };
            if union.tagging != Tagging::Untagged {
                continue;
            }
            let mut variants = union.variants.clone();
            variants.sort_by_cached_key(|v| self.specificity(&v.ty, 0));
            if let Some(TypeKind::Union(union)) = &mut self.slots[idx].kind {
                union.variants = variants;
            }
        }
        let mut order: Vec<usize> = (0..n).filter(|&idx| merged_into[idx] == idx).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.slots[a], &self.slots[b]);
            (a.ns, &a.name, &a.rust_name).cmp(&(b.ns, &b.name, &b.rust_name))
        });
        // Spans in the order the types were made, which is close to document order, so that
        // the locator finds each one near the previous.
        let mut spans: Vec<Option<Span>> = self
            .slots
            .iter()
            .map(|slot| Some(self.docs.span(self.sources, &slot.loc)))
            .collect();
        let mut new_id = vec![TypeId(0); n];
        for (pos, &old) in order.iter().enumerate() {
            new_id[old] = TypeId(pos as u32);
        }
        for idx in 0..n {
            new_id[idx] = new_id[merged_into[idx]];
        }
        let mut slots: Vec<Option<Slot>> = std::mem::take(&mut self.slots)
            .into_iter()
            .map(Some)
            .collect();
        let types = order
            .iter()
            .map(|&old| {
                let slot = slots[old].take().expect("each slot is taken once");
                let mut kind = slot.kind.unwrap_or(TypeKind::Alias(Type::Any));
                renumber_kind(&mut kind, &new_id);
                TypeDef {
                    name: slot.name,
                    namespace: slot.ns.path(),
                    rust_name: slot.rust_name,
                    description: slot.description,
                    deprecated: slot.deprecated,
                    kind,
                    span: spans[old].take().expect("each span is taken once"),
                }
            })
            .collect();
        let operations = std::mem::take(&mut self.operations)
            .into_iter()
            .map(|op| self.operation(op, &new_id))
            .collect();
        let spec_examples = crate::openapi::examples::collect(
            self.sources,
            self.docs,
            &self.schema_types,
            &self.media_types,
            &new_id,
        );
        Some((types, operations, spec_examples))
    }

    /// Merges inline schemas of one shape ([`merge`]), each group reported in a note; the
    /// type each slot is merged into (itself when it stays).
    fn merge_inline(&mut self) -> Vec<usize> {
        let candidates: Vec<merge::Candidate<'_>> = self
            .slots
            .iter()
            .map(|slot| merge::Candidate {
                // The schema of a body or parameter keeps its type of its own.
                kind: slot
                    .kind
                    .as_ref()
                    .filter(|_| !is_inline(&slot.loc) || is_mergeable(&slot.loc)),
                deprecated: slot.deprecated.as_deref(),
                inline: is_inline(&slot.loc),
                scope: slot.ns as u8,
                name: &slot.rust_name,
            })
            .collect();
        let groups = merge::groups(&candidates);
        let mut merged_into: Vec<usize> = (0..self.slots.len()).collect();
        for group in groups {
            let keep = group.keep;
            let inline = is_inline(&self.slots[keep].loc);
            let mut kind = self.slots[keep].kind.take();
            let mut description = self.slots[keep].description.take();
            for &member in &group.merged {
                merged_into[member] = keep;
                let other = &self.slots[member];
                // A named schema keeps its own docs.
                if !inline {
                    continue;
                }
                if let (Some(kind), Some(other)) = (&mut kind, &other.kind) {
                    merge::keep_shared_docs(kind, other);
                }
                if description != other.description {
                    description = None;
                }
            }
            self.slots[keep].kind = kind;
            self.slots[keep].description = description;
            let mut all: Vec<usize> = group.merged.clone();
            all.push(keep);
            all.sort_unstable();
            let member_names: Vec<String> = all
                .iter()
                .map(|&idx| self.slots[idx].rust_name.clone())
                .collect();
            let was = self.slots[keep].rust_name.clone();
            if inline {
                let refs: Vec<&str> = member_names.iter().map(String::as_str).collect();
                if let Some(name) = merge::common_name(&refs)
                    .filter(|name| !self.names.is_taken(name) && *name != was)
                {
                    self.names.reserve(&name);
                    self.slots[keep].name = name.clone();
                    self.slots[keep].rust_name = name;
                }
            }
            let slot = &self.slots[keep];
            let listed = listing(&member_names);
            let (message, hint) = if inline {
                (
                    format!(
                        "{} inline schemas of one shape are generated as one type `{}`: {listed}",
                        all.len(),
                        slot.rust_name
                    ),
                    "they have the same properties, types, rules and defaults; docs and examples they do not share are left out. A schema in `components.schemas` would name the type",
                )
            } else {
                let count = match group.merged.len() {
                    1 => "an inline schema".to_string(),
                    n => format!("{n} inline schemas"),
                };
                (
                    format!(
                        "the type of schema `{}` stands for {count} of its shape: {}",
                        slot.name,
                        listing(
                            &group
                                .merged
                                .iter()
                                .map(|&idx| self.slots[idx].rust_name.clone())
                                .collect::<Vec<_>>()
                        )
                    ),
                    "they have the same properties, types, rules and defaults as the schema; a `$ref` to it says so in the spec",
                )
            };
            let loc = slot.loc.clone();
            self.diagnose(Severity::Note, &loc, Code::InlineMerged, message, hint);
        }
        merged_into
    }

    /// Reports every cycle of aliases (`A: {$ref: B}`, `B: {type: array, items: {$ref: A}}`):
    /// no Rust type can be infinitely nested without an object (a struct, enum or union) on
    /// the way.
    fn check_alias_cycles(&mut self) {
        fn targets(ty: &Type, acc: &mut Vec<usize>) {
            match ty {
                Type::Ref(id) => acc.push(id.0 as usize),
                Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => {
                    targets(inner, acc)
                }
                _ => {}
            }
        }
        let n = self.slots.len();
        let edges: Vec<Vec<usize>> = self
            .slots
            .iter()
            .map(|slot| {
                let mut acc = Vec::new();
                if let Some(TypeKind::Alias(ty)) = &slot.kind {
                    targets(ty, &mut acc);
                }
                acc
            })
            .collect();
        // 0: not visited, 1: on the stack, 2: done.
        let mut state = vec![0u8; n];
        let mut cycles = Vec::new();
        for start in 0..n {
            if state[start] != 0 || edges[start].is_empty() {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = 1;
            while let Some(&(node, next)) = stack.last() {
                if let Some(&to) = edges[node].get(next) {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    match state[to] {
                        0 => {
                            state[to] = 1;
                            stack.push((to, 0));
                        }
                        1 => {
                            let from = stack
                                .iter()
                                .position(|&(n, _)| n == to)
                                .expect("a node on the stack is in it");
                            let mut cycle: Vec<usize> =
                                stack[from..].iter().map(|&(n, _)| n).collect();
                            cycle.push(to);
                            cycles.push(cycle);
                        }
                        _ => {}
                    }
                } else {
                    state[node] = 2;
                    stack.pop();
                }
            }
        }
        for cycle in cycles {
            let shown: Vec<String> = cycle
                .iter()
                .map(|&idx| format!("`{}`", self.docs.display(&self.slots[idx].loc)))
                .collect();
            let loc = self.slots[cycle[0]].loc.clone();
            self.diagnose(
                Severity::Error,
                &loc,
                Code::RefCycle,
                format!("`$ref` cycle with no object in it: {}", shown.join(" → ")),
                "a chain of `$ref`s (through arrays and maps too) must reach an object, an enum or a union; a value cannot contain itself otherwise",
            );
        }
    }
}

/// Names as inline code, the first ten of them and a count of the others.
fn listing(names: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut res = names
        .iter()
        .take(SHOWN)
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        res.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    res
}

/// Whether the schema at `loc` is inline: not a component schema, nor a schema another file
/// names.
fn is_inline(loc: &Loc) -> bool {
    loc.doc == 0 && component_name(loc).is_none()
}

/// Whether the inline schema at `loc` may be merged into another type: not the schema of a
/// body or parameter itself (`CreateUserRequest`, `GetUserResponse404`), whose name users look
/// up by its operation.
fn is_mergeable(loc: &Loc) -> bool {
    let mut segments = loc.pointer.rsplit('/');
    let last = segments.next().unwrap_or("");
    let parent = segments.next().unwrap_or("");
    is_inline(loc) && !(last == "schema" && parent != "properties")
}

pub(in crate::openapi) fn renumber_kind(kind: &mut TypeKind, new_id: &[TypeId]) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                renumber(&mut field.ty, new_id);
            }
            if let Some(additional) = &mut s.additional {
                renumber(&mut additional.ty, new_id);
            }
        }
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                renumber(&mut variant.ty, new_id);
            }
        }
        TypeKind::Alias(ty) => renumber(ty, new_id),
        TypeKind::Enum(_) | TypeKind::FreeForm => {}
    }
}

pub(in crate::openapi) fn renumber(ty: &mut Type, new_id: &[TypeId]) {
    match ty {
        Type::Ref(id) => *id = new_id[id.0 as usize],
        Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => renumber(inner, new_id),
        _ => {}
    }
}
