//! Schemas replaced by existing Rust types: the config's `rust.replace` (by schema or model
//! name) and OpenAPI's `x-rust-type` extension on a component schema, in typify's shape
//! (`{crate: my-crate, version: "1.2", path: my_crate::Money}`). A replaced schema keeps its
//! place in the model, so its examples, its wire shape in unions and its size are still the
//! spec's; but no type is generated for it, every reference names the given path, and
//! nothing of the generated code looks inside it: no rules, no `Validate` call (validating
//! the type is its owner's business), no default or fixed value built from its values.

use std::collections::BTreeMap;

use super::{Api, Type, TypeId};
use crate::files::Span;

/// An existing Rust type that stands for a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// The type's path (`my_crate::Money`), checked to be a Rust type path.
    pub path: String,
    /// The crate it is from and the version the generated crate depends on, when given.
    pub dependency: Option<Dependency>,
    /// Where the config or the document says so.
    pub span: Span,
}

/// A crate the generated crate's manifest depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The package name (`my-crate`).
    pub krate: String,
    /// The version requirement (`1.2`).
    pub version: String,
}

/// Replacements by the name the spec gives a schema (or the docs a model).
pub type Replacements = BTreeMap<String, Replacement>;

/// The replacement of type `id`, if it is replaced.
pub fn replacement(api: &Api, id: TypeId) -> Option<&Replacement> {
    if api.rust.replace.is_empty() {
        return None;
    }
    let def = api.types.get(id.0 as usize)?;
    api.rust.replace.get(&def.name)
}

/// Whether type `id` is replaced.
pub fn is_replaced(api: &Api, id: TypeId) -> bool {
    replacement(api, id).is_some()
}

/// Whether `ty` holds a replaced type (as items, map values or directly).
pub fn holds_replaced(api: &Api, ty: &Type) -> bool {
    match ty {
        Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => holds_replaced(api, inner),
        Type::Ref(id) => is_replaced(api, *id),
        _ => false,
    }
}

/// The crates a replacement may name without a dependency of its own: the ones every Rust
/// crate has, serde's, which every generated manifest names, and the runtime's optional
/// crates, whose part `plan::runtime` keeps when a replacement's path names one. The client's
/// crates are optional dependencies, so a replacement from them needs its own.
pub const DEPENDED_ON: &[&str] = &[
    "alloc",
    "base64",
    "chrono",
    "core",
    "fancy-regex",
    "regex",
    "regress",
    "serde",
    "serde_json",
    "std",
];

/// Whether `it` needs a crate the generated crate does not depend on by itself: its path
/// starts with no crate of [`DEPENDED_ON`] (nor `crate::`), and it names no `crate` and
/// `version` for the manifest.
pub fn needs_dependency(it: &Replacement) -> bool {
    let first = it
        .path
        .trim_start_matches("::")
        .split("::")
        .next()
        .unwrap_or("")
        .trim();
    it.dependency.is_none()
        && first != "crate"
        && it.path.contains("::")
        && !DEPENDED_ON
            .iter()
            .any(|krate| krate.replace('-', "_") == first)
}

/// Whether `text` is a crate name as Cargo takes it (ASCII letters, digits, `-` and `_`).
pub fn is_crate_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::FileId;

    fn replacement(path: &str, dependency: Option<Dependency>) -> Replacement {
        Replacement {
            path: path.to_string(),
            dependency,
            span: Span::new(FileId(0), 0..0),
        }
    }

    #[test]
    fn a_dependency_is_needed_only_from_crates_the_manifest_lacks() {
        assert!(needs_dependency(&replacement("my_crate::Money", None)));
        assert!(!needs_dependency(&replacement("serde_json::Number", None)));
        assert!(!needs_dependency(&replacement(
            "::std::string::String",
            None
        )));
        assert!(!needs_dependency(&replacement("crate::money::Money", None)));
        assert!(!needs_dependency(&replacement("fancy_regex::Regex", None)));
        let given = Dependency {
            krate: "my-crate".into(),
            version: "1".into(),
        };
        assert!(!needs_dependency(&replacement(
            "my_crate::Money",
            Some(given)
        )));
    }

    #[test]
    fn crate_names_are_cargo_names() {
        assert!(is_crate_name("my-crate") && is_crate_name("serde_bytes"));
        assert!(!is_crate_name("my crate") && !is_crate_name("") && !is_crate_name("-x"));
    }
}
