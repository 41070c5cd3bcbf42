//! Links between docs: models by title (two docs of one title in a namespace reported), the
//! model each field or variant links to (by name, then qualifier, link folder or own folder),
//! and which docs describe no wire type (response wrappers, SDK HTTP metadata, SDK security).

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic};
use crate::files::{SourceMap, Span};
use crate::markdown::types::TypeExpr;

use super::{Entry, FieldRef, Shape};

const RESPONSE_WRAPPER: &str = "response wrapper";
const HTTP_METADATA: &str = "SDK HTTP metadata";
const SECURITY: &str = "SDK security settings";
const DUPLICATE: &str = "duplicate title";

/// What resolving links needs.
struct Links<'a> {
    sources: &'a SourceMap,
    entries: &'a [Entry],
    by_name: &'a BTreeMap<String, Vec<usize>>,
    strict: bool,
    untyped: &'a mut usize,
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// Entries by title; reports two docs with the same title in one namespace.
pub(super) fn check_duplicates(
    sources: &SourceMap,
    entries: &mut [Entry],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<usize>> {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for idx in 0..entries.len() {
        let entry = &entries[idx];
        let same = by_name.entry(entry.title.clone()).or_default();
        if let Some(&first) = same
            .iter()
            .find(|&&other| entries[other].namespace == entry.namespace)
        {
            diagnostics.push(
                Diagnostic::error(
                    sources,
                    entry.title_span,
                    Code::DuplicateModel,
                    format!("two docs define the model `{}`", entry.title),
                )
                .with_related(sources, entries[first].title_span, "first defined here")
                .with_hint("give each model doc a unique `# Title` within its folder"),
            );
            entries[idx].skip = Some(DUPLICATE);
            continue;
        }
        same.push(idx);
    }
    by_name
}

/// For every entry and field, the entry its type references. A link to a model no doc
/// defines is an error under `strict_types`; otherwise a warning, and the field or variant is
/// any JSON value (counted in `untyped`).
pub(super) fn resolve_all(
    sources: &SourceMap,
    entries: &[Entry],
    by_name: &BTreeMap<String, Vec<usize>>,
    strict: bool,
    untyped: &mut usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Vec<FieldRef>> {
    let mut links = Links {
        sources,
        entries,
        by_name,
        strict,
        untyped,
        diagnostics,
    };
    entries
        .iter()
        .map(|entry| match &entry.shape {
            Shape::Struct(fields) => fields
                .iter()
                .map(|field| {
                    let (name, qualifier, dest) = model_of(&field.ty.expr)?;
                    links.resolve(entry, field.type_span, name, qualifier, dest)
                })
                .collect(),
            Shape::Union(variants) => variants
                .iter()
                .map(|variant| {
                    let (name, qualifier, dest) = model_of(&variant.expr)?;
                    links.resolve(entry, variant.span, name, qualifier, dest)
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// The model named in a type: name, qualifier and link target.
fn model_of(expr: &TypeExpr) -> Option<(&str, Option<&str>, &str)> {
    match expr {
        TypeExpr::Array(inner) | TypeExpr::Map(inner) => model_of(inner),
        TypeExpr::Model {
            name,
            qualifier,
            dest,
        } => Some((name, qualifier.as_deref(), dest)),
        TypeExpr::Prim(_) | TypeExpr::Synthetic(_) | TypeExpr::Const(..) => None,
    }
}

impl Links<'_> {
    fn resolve(
        &mut self,
        from: &Entry,
        span: Span,
        name: &str,
        qualifier: Option<&str>,
        dest: &str,
    ) -> Option<usize> {
        let (sources, entries) = (self.sources, self.entries);
        let by_name = self.by_name;
        let mut candidates = by_name.get(name).map(Vec::as_slice).unwrap_or_default();
        // A union spelled inline (Ruby's `T.any(...)`, PHP's `A|B`) is named by the file it
        // links to, which Ruby and Go write in lower case: match the title regardless of case
        // then.
        let from_file = [".md", ".mdx"]
            .iter()
            .any(|ext| dest.ends_with(&format!("/{name}{ext}")) || dest == format!("{name}{ext}"));
        if candidates.is_empty() && from_file {
            let mut folded = by_name
                .iter()
                .filter(|(title, _)| title.eq_ignore_ascii_case(name));
            if let (Some((_, only)), None) = (folded.next(), folded.next()) {
                candidates = only;
            }
        }
        let in_namespace = |ns: &str| -> Vec<usize> {
            candidates
                .iter()
                .copied()
                .filter(|&c| {
                    entries[c]
                        .namespace
                        .last()
                        .is_some_and(|last| last.eq_ignore_ascii_case(ns))
                })
                .collect()
        };
        let pick = match candidates {
            [] => {
                let what = if dest.is_empty() {
                    format!("`{name}` names a model that no doc defines")
                } else {
                    format!("link to model `{name}`, which no doc defines")
                };
                let hint = if dest.is_empty() {
                    format!("add a doc titled `# {name}`")
                } else {
                    format!(
                        "add a doc titled `# {name}`, or fix the link (links are resolved by model name, not by path: {dest})"
                    )
                };
                let diagnostic = if self.strict {
                    Diagnostic::error(sources, span, Code::DanglingLink, what).with_hint(hint)
                } else {
                    *self.untyped += 1;
                    Diagnostic::warning(
                        sources,
                        span,
                        Code::DanglingLink,
                        format!("{what}: `{}` holds any JSON value there", from.title),
                    )
                    .with_hint(format!(
                        "{hint}; set `strict_types: true` in codegen.yaml to make this an error"
                    ))
                };
                self.diagnostics.push(diagnostic);
                return None;
            }
            [only] => Some(*only),
            _ => {
                let by_qualifier = qualifier.map(in_namespace).filter(|c| c.len() == 1);
                let dest_folder = dest.rsplit('/').nth(1).unwrap_or("");
                let by_dest = Some(in_namespace(dest_folder)).filter(|c| c.len() == 1);
                let by_own = Some(
                    candidates
                        .iter()
                        .copied()
                        .filter(|&c| entries[c].namespace == from.namespace)
                        .collect::<Vec<_>>(),
                )
                .filter(|c| c.len() == 1);
                by_qualifier.or(by_dest).or(by_own).map(|c| c[0])
            }
        };
        if pick.is_none() {
            self.diagnostics.push(
                Diagnostic::error(sources, span, Code::AmbiguousLink, format!("link to model `{name}` is ambiguous: several folders define it"))
                    .with_hint("qualify the link with the folder, e.g. `components.Name`, or link to the file in that folder"),
            );
        }
        pick
    }
}

/// Decides which entries describe no wire type: not-model docs, SDK HTTP metadata (fields of
/// SDK-only types), response wrappers (docs that hold such a type or HTTP metadata), and the
/// SDK's unreferenced `Security` settings.
pub(super) fn mark_skipped(entries: &mut [Entry], refs: &[Vec<FieldRef>]) {
    for entry in entries.iter_mut() {
        if entry.skip.is_some() {
            continue;
        }
        entry.skip = match &entry.shape {
            Shape::NotModel(reason) => Some(reason),
            // An operation's response that is JSON or an event stream, as Go docs show it.
            Shape::Union(variants) if variants.iter().any(|v| is_synthetic(&v.expr)) => {
                Some(RESPONSE_WRAPPER)
            }
            Shape::Struct(fields) if fields.iter().any(|f| is_synthetic(&f.ty.expr)) => {
                let wraps_model = fields.iter().any(|f| {
                    !is_synthetic(&f.ty.expr) && matches!(f.ty.expr, TypeExpr::Model { .. })
                });
                Some(if wraps_model {
                    RESPONSE_WRAPPER
                } else {
                    HTTP_METADATA
                })
            }
            _ => None,
        };
    }
    loop {
        let mut changed = false;
        for idx in 0..entries.len() {
            if entries[idx].skip.is_some() {
                continue;
            }
            let refers_to_skipped = refs[idx].iter().flatten().any(|&r| {
                entries[r]
                    .skip
                    .is_some_and(|s| s == HTTP_METADATA || s == RESPONSE_WRAPPER)
            });
            if refers_to_skipped {
                entries[idx].skip = Some(RESPONSE_WRAPPER);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let referenced: Vec<usize> = refs.iter().flatten().flatten().copied().collect();
    for (idx, entry) in entries.iter_mut().enumerate() {
        if entry.skip.is_none() && entry.title == "Security" && !referenced.contains(&idx) {
            entry.skip = Some(SECURITY);
        }
    }
}

fn is_synthetic(expr: &TypeExpr) -> bool {
    match expr {
        TypeExpr::Synthetic(_) => true,
        TypeExpr::Array(inner) | TypeExpr::Map(inner) => is_synthetic(inner),
        _ => false,
    }
}
