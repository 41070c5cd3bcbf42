//! Which traits each generated type has, and whether they are derived or written out.

use crate::diagnostics::{Code, Diagnostic};
use crate::files::SourceMap;
use crate::model::wire::{UnionRepr, integer_values, union_repr, value_types};
use crate::model::{Api, Enum, Type, TypeDef, TypeKind};

/// The serde traits a type derives. A type that implements one by hand (integer and open
/// enums, unions read by looking at the value first) does not derive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SerdeDerives {
    /// Derives `Serialize`.
    pub(crate) serialize: bool,
    /// Derives `Deserialize`.
    pub(crate) deserialize: bool,
}

/// The serde traits `def` derives: structs both; string enums that are not open both, other
/// enums neither; unions both when serde's tagging reads them, only `Serialize` when they are
/// read by hand (untagged, or dispatched on a tag their variants hold), neither when they are
/// any JSON value; aliases and free-form objects neither (they are type aliases).
pub(crate) fn serde_derives(api: &Api, def: &TypeDef) -> SerdeDerives {
    let (serialize, deserialize) = match &def.kind {
        TypeKind::Struct(_) => (true, true),
        TypeKind::Enum(it) => {
            let derived = !it.open && integer_values(it).is_none();
            (derived, derived)
        }
        TypeKind::Union(it) => match union_repr(api, it) {
            UnionRepr::Empty => (false, false),
            UnionRepr::Dispatch { .. } | UnionRepr::Untagged { .. } => (true, false),
            _ => (true, true),
        },
        TypeKind::FreeForm | TypeKind::Alias(_) => (false, false),
    };
    SerdeDerives {
        serialize,
        deserialize,
    }
}

/// Whether enum `it` is read and written as strings, and so gets `as_str()`, `ALL` (the
/// values the spec lists), `Display` (the wire text; an open enum's unknown value prints as
/// sent) and `FromStr` (the wire text, read as JSON reads it).
pub(crate) fn is_string_enum(it: &Enum) -> bool {
    integer_values(it).is_none()
}

/// The derives the config adds to `def` (`rust.derives`, then `rust.types.<name>.derives`),
/// each once; aliases and free-form objects, which are type aliases, get none.
pub(crate) fn extra_derives<'a>(api: &'a Api, def: &TypeDef) -> Vec<&'a str> {
    if matches!(def.kind, TypeKind::Alias(_) | TypeKind::FreeForm) {
        return Vec::new();
    }
    let mut res: Vec<&str> = Vec::new();
    let own = api.rust.type_derives.get(&def.name).into_iter().flatten();
    for derive in api.rust.derives.iter().chain(own) {
        if !res.contains(&derive.as_str()) {
            res.push(derive);
        }
    }
    res
}

/// Whether `def` is `#[non_exhaustive]` (`rust.non_exhaustive`): structs, enums and unions.
pub(crate) fn is_non_exhaustive(api: &Api, def: &TypeDef) -> bool {
    api.rust.non_exhaustive && !matches!(def.kind, TypeKind::Alias(_) | TypeKind::FreeForm)
}

/// Warnings for the names of `rust.types` in the config that no type of `api` has, each at
/// its place in the config: their settings would otherwise be lost without a word.
pub(crate) fn unknown_type_settings(sources: &SourceMap, api: &Api) -> Vec<Diagnostic> {
    api.rust
        .type_spans
        .iter()
        .filter(|(name, _)| !api.types.iter().any(|def| &def.name == *name))
        .map(|(name, span)| {
            Diagnostic::warning(
                sources,
                *span,
                Code::SettingsUnknownType,
                format!("`rust.types` names `{name}`, which is no schema or model of the API, so its settings apply to nothing"),
            )
            .with_hint("name a type as the spec does (its schema name, or its doc's title)")
        })
        .collect()
}

/// Warnings for the names of the config's `closed_enums` that name no enum of `api` (as the
/// spec spells it or as named in Rust), which would close nothing without a word: a typo, an
/// enum since renamed, or an inline enum merged with others of its values into a type of
/// another name.
pub(crate) fn unknown_closed_enums(sources: &SourceMap, api: &Api) -> Vec<Diagnostic> {
    api.rust
        .closed_enum_spans
        .iter()
        .filter(|(name, _)| {
            !api.types.iter().any(|def| {
                matches!(def.kind, TypeKind::Enum(_))
                    && (&def.name == *name || &def.rust_name == *name)
            })
        })
        .map(|(name, span)| {
            Diagnostic::warning(
                sources,
                *span,
                Code::SettingsUnknownType,
                format!("`closed_enums` names `{name}`, which is no enum of the API, so it closes nothing"),
            )
            .with_hint("name an enum as the spec does (its schema name, or its doc's title); an inline enum merged with others of its values goes by the merged type's name (see the `inline-merged` notes)")
        })
        .collect()
}

/// Warnings for the schema names of `rust.replace` that name no schema or model of `api`, and
/// notes for the replacements whose crate the generated crate does not depend on (a path
/// without `crate` and `version`): the user adds it.
pub(crate) fn replacement_diagnostics(sources: &SourceMap, api: &Api) -> Vec<Diagnostic> {
    let mut res = Vec::new();
    for (name, it) in &api.rust.replace {
        if !api.types.iter().any(|def| &def.name == name) {
            res.push(
                Diagnostic::warning(
                    sources,
                    it.span,
                    Code::SettingsUnknownType,
                    format!("`rust.replace` names `{name}`, which is no schema or model of the API, so `{}` replaces nothing", it.path),
                )
                .with_hint("name a type as the spec does (its schema name, or its doc's title)"),
            );
        } else if crate::model::replace::needs_dependency(it) {
            res.push(
                Diagnostic::at(
                    crate::diagnostics::Severity::Note,
                    sources,
                    it.span,
                    Code::TypeReplaced,
                    format!("`{name}` is `{}`: no type is generated for it, and the generated crate must depend on the crate that has it", it.path),
                )
                .with_hint("add the crate to the generated crate's `Cargo.toml`, or give `crate` and `version` beside `path` so specgen adds it"),
            );
        }
    }
    res
}

/// The outer attributes the config adds to `def` (`rust.attributes`, then
/// `rust.types.<name>.attributes`); aliases and free-form objects get none.
pub(crate) fn extra_attributes<'a>(api: &'a Api, def: &TypeDef) -> Vec<&'a str> {
    if matches!(def.kind, TypeKind::Alias(_) | TypeKind::FreeForm) {
        return Vec::new();
    }
    let own = api
        .rust
        .type_attributes
        .get(&def.name)
        .into_iter()
        .flatten();
    api.rust
        .attributes
        .iter()
        .chain(own)
        .map(String::as_str)
        .collect()
}

/// The cargo feature of the generated crate under which every type implements both
/// `Serialize` and `Deserialize`, whatever its operations use it for: for the lossless round
/// trip of spec examples, and for users who write responses back (caches, proxies) or read
/// requests (servers, mocks).
pub const ROUND_TRIP_FEATURE: &str = "round-trip";

/// Which serde directions of a type are compiled only under [`ROUND_TRIP_FEATURE`]: those its
/// operations never need. Derived and hand-written impls (open and integer enums, unions read
/// by hand) and a string enum's `FromStr` (which reads as `Deserialize` does) follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct SerdeGates {
    /// `Serialize` is behind the feature: the type is only ever received.
    pub(crate) serialize: bool,
    /// `Deserialize` is behind the feature: the type is only ever sent.
    pub(crate) deserialize: bool,
}

/// Per type of `api`, which serde directions are behind [`ROUND_TRIP_FEATURE`]. A type
/// reachable (through fields, variants, items and aliases) only from request bodies and
/// parameters is sent, so needs `Serialize` alone; one reachable only from responses (errors
/// included) is received, so needs `Deserialize` alone. A type reachable from both, or from
/// no operation, or held by a type no operation reaches (which has both, so its fields need
/// both), and every type of an API without operations (Markdown docs without operation docs),
/// has both unconditionally.
pub(crate) fn serde_gates(api: &Api) -> Vec<SerdeGates> {
    let n = api.types.len();
    if api.operations.is_empty() {
        return vec![SerdeGates::default(); n];
    }
    let mut roots_sent = Vec::new();
    let mut roots_received = Vec::new();
    for operation in &api.operations {
        roots_sent.extend(operation.parameters.iter().map(|p| &p.field.ty));
        if let Some(request) = &operation.request {
            roots_sent.extend(request.contents.iter().filter_map(|c| c.ty.as_ref()));
        }
        for response in &operation.responses {
            roots_received.extend(response.contents.iter().filter_map(|c| c.ty.as_ref()));
        }
    }
    let mut sent = reachable(api, &roots_sent);
    let mut received = reachable(api, &roots_received);
    // A type no operation reaches has both directions, and so must everything it holds.
    let unreached: Vec<Type> = (0..n)
        .filter(|&idx| !sent[idx] && !received[idx])
        .filter_map(|idx| u32::try_from(idx).ok())
        .map(|idx| Type::Ref(crate::model::TypeId(idx)))
        .collect();
    let held = reachable(api, &unreached.iter().collect::<Vec<_>>());
    for (idx, held) in held.into_iter().enumerate() {
        sent[idx] |= held;
        received[idx] |= held;
    }
    (0..n)
        .map(|idx| SerdeGates {
            serialize: received[idx] && !sent[idx],
            deserialize: sent[idx] && !received[idx],
        })
        .collect()
}

/// Which types of `api` `roots` reach, through fields, variants, items and aliases.
pub(crate) fn reachable(api: &Api, roots: &[&Type]) -> Vec<bool> {
    fn push(ty: &Type, stack: &mut Vec<usize>) {
        match ty {
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => push(inner, stack),
            Type::Ref(id) => stack.push(id.0 as usize),
            _ => {}
        }
    }
    let mut seen = vec![false; api.types.len()];
    let mut stack = Vec::new();
    roots.iter().for_each(|ty| push(ty, &mut stack));
    while let Some(idx) = stack.pop() {
        let Some(def) = api.types.get(idx) else {
            continue;
        };
        if std::mem::replace(&mut seen[idx], true) {
            continue;
        }
        value_types(def)
            .into_iter()
            .for_each(|ty| push(ty, &mut stack));
    }
    seen
}
