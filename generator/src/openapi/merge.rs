//! Inline schemas of one shape become one type. Specs repeat the same inline object under
//! many operations (Clerk's 35 `...Response400ErrorsItem` with `message`, `long_message` and
//! `code`); each would be a type and a file of its own, and a user could not pass one where
//! another is expected. Two types have one shape when they are alike but for their docs,
//! examples and places: the same fields with the same wire names, types, rules and defaults,
//! the same variants or values. References are compared through the merges already made, so
//! once their items are one type, the objects holding them can become one too (repeated until
//! nothing changes).
//!
//! Only inline schemas are merged away: a schema the spec names keeps its type, and takes in
//! the inline schemas of its shape. The merged type is named by the words all their names end
//! with (`ErrorsItem`) when that is two words or more, else it keeps the shortest name; docs
//! that the merged schemas do not share are left out.

use std::collections::BTreeMap;

use crate::files::{FileId, Span};
use crate::model::names;
use crate::model::{TypeId, TypeKind};

/// A named type as the merge sees it.
pub(super) struct Candidate<'a> {
    /// Its kind; `None` for a type that was never filled in (it is not merged).
    pub(super) kind: Option<&'a TypeKind>,
    /// Its deprecation note, which is part of its shape.
    pub(super) deprecated: Option<&'a str>,
    /// Whether it is an inline schema, which may be merged away.
    pub(super) inline: bool,
    /// The rank of its namespace: a merged type goes to the lowest.
    pub(super) scope: u8,
    /// Its Rust name.
    pub(super) name: &'a str,
}

/// Types merged into one.
#[derive(Debug, PartialEq)]
pub(super) struct Group {
    /// The type that stays.
    pub(super) keep: usize,
    /// The types merged into it, in index order.
    pub(super) merged: Vec<usize>,
}

/// The groups of types of one shape, in order of the type that stays; every type is in at most
/// one group.
pub(super) fn groups(candidates: &[Candidate<'_>]) -> Vec<Group> {
    let n = candidates.len();
    let mut rep: Vec<usize> = (0..n).collect();
    loop {
        let ids: Vec<TypeId> = rep.iter().map(|&r| TypeId(r as u32)).collect();
        let mut by_shape: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (idx, candidate) in candidates.iter().enumerate() {
            let Some(kind) = candidate.kind else { continue };
            if rep[idx] != idx {
                continue;
            }
            by_shape
                .entry(shape(kind, candidate.deprecated, &ids))
                .or_default()
                .push(idx);
        }
        let mut changed = false;
        for members in by_shape.values() {
            if members.len() < 2 || !members.iter().any(|&m| candidates[m].inline) {
                continue;
            }
            let keep = *members
                .iter()
                .min_by_key(|&&m| {
                    let c = &candidates[m];
                    (c.inline, c.scope, c.name.len(), c.name, m)
                })
                .expect("a group has members");
            for &member in members {
                if member != keep && candidates[member].inline {
                    rep[member] = keep;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut by_keep: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for idx in 0..n {
        let mut root = idx;
        while rep[root] != root {
            root = rep[root];
        }
        if root != idx {
            by_keep.entry(root).or_default().push(idx);
        }
    }
    by_keep
        .into_iter()
        .map(|(keep, merged)| Group { keep, merged })
        .collect()
}

/// The name of a merged type: the words every one of `names` ends with, when they are two
/// words or more (`ErrorsItem` for `GetUserResponse400ErrorsItem` and
/// `DeleteUserResponse404ErrorsItem`); a trailing `Item` counts only when every name has it.
pub(super) fn common_name(names: &[&str]) -> Option<String> {
    let mut split: Vec<Vec<&str>> = names.iter().map(|name| names::words(name)).collect();
    // An array's items are `...Item`: a value of the same shape elsewhere is not.
    if !split.iter().all(|words| words.last() == Some(&"Item")) {
        for words in &mut split {
            if words.last() == Some(&"Item") {
                words.pop();
            }
        }
    }
    let mut split = split.into_iter();
    let mut common: Vec<&str> = split.next()?;
    for words in split {
        let shared = common
            .iter()
            .rev()
            .zip(words.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        common.drain(..common.len() - shared);
    }
    let starts_word = common
        .first()
        .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_uppercase()));
    (common.len() >= 2 && starts_word).then(|| common.concat())
}

/// The docs of a type that merging compares: each field's description and example, each
/// variant's and each enum value's description.
pub(super) fn docs_mut(kind: &mut TypeKind) -> Vec<&mut Option<String>> {
    match kind {
        TypeKind::Struct(it) => it
            .fields
            .iter_mut()
            .flat_map(|f| [&mut f.description, &mut f.example])
            .collect(),
        TypeKind::Union(it) => it.variants.iter_mut().map(|v| &mut v.description).collect(),
        TypeKind::Enum(it) => it.values.iter_mut().map(|v| &mut v.description).collect(),
        TypeKind::FreeForm | TypeKind::Alias(_) => Vec::new(),
    }
}

/// Keeps in `kept` only the docs that `other` (a type of the same shape) has too.
pub(super) fn keep_shared_docs(kept: &mut TypeKind, other: &TypeKind) {
    let mut other = other.clone();
    for (mine, theirs) in docs_mut(kept).into_iter().zip(docs_mut(&mut other)) {
        if *mine != *theirs {
            *mine = None;
        }
    }
}

/// The shape of a type as text: its kind with references through `ids`, and without docs,
/// examples or places.
fn shape(kind: &TypeKind, deprecated: Option<&str>, ids: &[TypeId]) -> String {
    let mut kind = kind.clone();
    super::lower::renumber_kind(&mut kind, ids);
    for doc in docs_mut(&mut kind) {
        *doc = None;
    }
    let nowhere = Span {
        file: FileId(0),
        start: 0,
        end: 0,
    };
    match &mut kind {
        TypeKind::Struct(it) => {
            for field in &mut it.fields {
                field.span = nowhere;
            }
            if let Some(additional) = &mut it.additional {
                additional.span = nowhere;
            }
            for alternatives in &mut it.alternatives {
                alternatives.span = nowhere;
                for branch in &mut alternatives.branches {
                    branch.span = nowhere;
                }
            }
        }
        TypeKind::Union(it) => {
            for variant in &mut it.variants {
                variant.span = nowhere;
            }
        }
        TypeKind::Enum(it) => {
            for value in &mut it.values {
                value.span = nowhere;
            }
        }
        TypeKind::FreeForm | TypeKind::Alias(_) => {}
    }
    format!("{deprecated:?} {kind:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_types_are_named_by_the_words_they_share() {
        assert_eq!(
            common_name(&[
                "GetUserResponse400ErrorsItem",
                "DeleteUserResponse404ErrorsItem"
            ]),
            Some("ErrorsItem".to_string())
        );
        assert_eq!(
            common_name(&["GetUserResponse400", "GetUserResponse404"]),
            None
        );
        assert_eq!(common_name(&["PetStatus", "OwnerStatus"]), None);
        assert_eq!(
            common_name(&["UserIdentificationStatus", "PhoneIdentificationStatusItem"]),
            Some("IdentificationStatus".to_string())
        );
        assert_eq!(
            common_name(&["PetLegacyStatus", "OwnerLegacyStatus"]),
            Some("LegacyStatus".to_string())
        );
    }
}
