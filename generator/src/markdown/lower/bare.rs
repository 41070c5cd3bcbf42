//! Java bare unions: Java SDK docs render a union as a bare title, without its variants. The
//! variants are taken from what else the docs show: other docs named after the union that
//! nothing refers to (`StaticReplacement` and `SearchReplacement` beside `Replacement`), or
//! else the JSON shapes of the Example cells of the fields that hold it. A bare union none of
//! these tells about keeps its `bare-union` warning and stays any JSON value (beside an OpenAPI
//! document, `lib.rs` drops the warning when the document defines the union).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::files::{SourceMap, Span};
use crate::markdown::types::{Prim, TypeExpr};

use super::{Entry, FieldRef, Shape};

/// A variant found for a bare union: its name, type, and the entry its type refers to.
pub(super) struct FoundVariant {
    pub name: String,
    pub expr: TypeExpr,
    pub target: FieldRef,
}

/// The variants of each bare union (by entry) that the docs tell, with a note saying where
/// they come from; the `bare-union` warning of each of those is withdrawn.
pub(super) fn settle(
    sources: &SourceMap,
    entries: &[Entry],
    refs: &[Vec<FieldRef>],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<usize, Vec<FoundVariant>> {
    let referenced: BTreeSet<usize> = refs.iter().flatten().flatten().copied().collect();
    let mut res = BTreeMap::new();
    for (idx, entry) in entries.iter().enumerate() {
        if !matches!(entry.shape, Shape::BareUnion) || entry.skip.is_some() {
            continue;
        }
        let (variants, how) = match by_name(entries, &referenced, idx) {
            Some(variants) => (
                variants,
                "the docs named after it that no other doc refers to",
            ),
            None => match by_examples(entries, refs, idx) {
                Some(variants) => (
                    variants,
                    "the JSON values of the Example cells of the fields that hold it",
                ),
                None => continue,
            },
        };
        let names: Vec<String> = variants.iter().map(|v| format!("`{}`", v.name)).collect();
        withdraw_warning(sources, entry.title_span, diagnostics);
        diagnostics.push(Diagnostic::at(
            Severity::Note,
            sources,
            entry.title_span,
            Code::BareUnion,
            format!(
                "the docs do not list the variants of the union `{}`; taken from {how}: {}",
                entry.title,
                names.join(", ")
            ),
        ));
        res.insert(idx, variants);
    }
    res
}

/// Docs of the union's namespace whose title ends with the union's (`StaticReplacement` for
/// `Replacement`), that are objects and that no doc refers to: at least two of them.
fn by_name(
    entries: &[Entry],
    referenced: &BTreeSet<usize>,
    idx: usize,
) -> Option<Vec<FoundVariant>> {
    let union = &entries[idx];
    let variants: Vec<FoundVariant> = entries
        .iter()
        .enumerate()
        .filter(|&(other, entry)| {
            other != idx
                && entry.skip.is_none()
                && entry.namespace == union.namespace
                && entry.title.len() > union.title.len()
                && entry.title.ends_with(&union.title)
                && matches!(entry.shape, Shape::Struct(_) | Shape::FreeForm)
                && !referenced.contains(&other)
        })
        .map(|(other, entry)| FoundVariant {
            name: entry.title.clone(),
            expr: TypeExpr::Model {
                name: entry.title.clone(),
                qualifier: None,
                dest: String::new(),
            },
            target: Some(other),
        })
        .collect();
    (variants.len() >= 2).then_some(variants)
}

/// The JSON shapes of the Example cells of every field that holds the union (directly, not in
/// a list or map), when each is a string, a number or a boolean; a cell that is not JSON shows
/// a string.
fn by_examples(entries: &[Entry], refs: &[Vec<FieldRef>], idx: usize) -> Option<Vec<FoundVariant>> {
    let mut prims: Vec<Prim> = Vec::new();
    for (holder, entry) in entries.iter().enumerate() {
        let Shape::Struct(fields) = &entry.shape else {
            continue;
        };
        for (field_idx, field) in fields.iter().enumerate() {
            if refs[holder].get(field_idx).copied().flatten() != Some(idx)
                || !matches!(field.ty.expr, TypeExpr::Model { .. })
            {
                continue;
            }
            let Some((example, _)) = &field.example else {
                continue;
            };
            let prim = match serde_json::from_str::<serde_json::Value>(example) {
                Ok(serde_json::Value::String(_)) | Err(_) => Prim::String,
                Ok(serde_json::Value::Bool(_)) => Prim::Boolean,
                Ok(serde_json::Value::Number(n)) if n.is_i64() || n.is_u64() => Prim::Int64,
                Ok(serde_json::Value::Number(_)) => Prim::Double,
                // An object or a list does not say which model it is.
                Ok(_) => return None,
            };
            if !prims.contains(&prim) {
                prims.push(prim);
            }
        }
    }
    if prims.is_empty() {
        return None;
    }
    Some(
        prims
            .into_iter()
            .map(|prim| FoundVariant {
                name: match prim {
                    Prim::String => "Str",
                    Prim::Boolean => "Boolean",
                    Prim::Int64 => "Integer",
                    _ => "Number",
                }
                .to_string(),
                expr: TypeExpr::Prim(prim),
                target: None,
            })
            .collect(),
    )
}

/// Removes the `bare-union` warning the doc's reading raised at `span`.
fn withdraw_warning(sources: &SourceMap, span: Span, diagnostics: &mut Vec<Diagnostic>) {
    let at = Diagnostic::warning(sources, span, Code::BareUnion, "").location;
    diagnostics.retain(|d| {
        !(d.code == Code::BareUnion && d.severity == Severity::Warning && d.location == at)
    });
}
