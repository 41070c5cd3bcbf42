//! The final Rust names of the output: type, variant, field and module names as the
//! generated code spells them. Names reach this module already sanitised by the model
//! (`model::names`); these helpers check that once more, so a reader bug yields a sanitised
//! name instead of a panic or spec text turned into tokens.

use crate::model::names::{self, Casing, UniqueNames};
use crate::model::{Api, Enum, Struct, Union};

/// Whether `name` can be written as a Rust identifier (possibly raw): ASCII letters, digits
/// and `_`, not starting with a digit, and not one of the keywords that cannot be raw.
pub(crate) fn is_valid(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(name, "_" | "self" | "Self" | "super" | "crate" | "extern")
}

/// A type or variant name: `name` itself when it is a valid, non-keyword identifier, else its
/// sanitised `UpperCamelCase` form.
pub(crate) fn type_name(name: &str) -> String {
    if is_valid(name) && !names::is_raw_keyword(name) {
        name.to_string()
    } else {
        names::type_ident(name)
    }
}

/// A type's name: `name` in the API's [`Casing`] (`SAMLAccount` is `SamlAccount` unless the
/// config spells `SAML`), a valid, non-keyword identifier.
pub(crate) fn cased_type_name(casing: &Casing, name: &str) -> String {
    let cased = casing.pascal(name);
    if is_valid(&cased) && !names::is_raw_keyword(&cased) {
        cased
    } else {
        type_name(name)
    }
}

/// A field or module name: `name` itself when it is a valid identifier (keywords are written
/// raw), else its sanitised `snake_case` form.
pub(crate) fn snake_name(name: &str) -> String {
    if is_valid(name) {
        name.to_string()
    } else {
        names::snake_ident(name)
    }
}

/// Name of the field that keeps unknown properties, when the API asks for it.
const UNKNOWN_FIELDS: &str = "unknown_fields";

/// Name of the field that keeps the properties an `additionalProperties` schema describes.
const ADDITIONAL_FIELDS: &str = "additional_properties";

/// The Rust names of a struct's members.
pub(crate) struct FieldNames {
    /// The name of each field, unique among them.
    pub(crate) fields: Vec<String>,
    /// The name of the flattened map that keeps unlisted properties, when the struct has one:
    /// the values of its `additionalProperties`, or any unknown key when the API keeps them.
    pub(crate) map: Option<String>,
}

/// The Rust names of the fields of struct `it` of `api`.
pub(crate) fn field_names(api: &Api, it: &Struct) -> FieldNames {
    let mut taken = UniqueNames::default();
    let fields = it
        .fields
        .iter()
        .map(|field| {
            taken
                .claim(&snake_name(&api.casing.snake(&field.rust_name)))
                .0
        })
        .collect();
    let map = if it.additional.is_some() {
        Some(taken.claim(ADDITIONAL_FIELDS).0)
    } else if api.keep_unknown_fields {
        Some(taken.claim(UNKNOWN_FIELDS).0)
    } else {
        None
    };
    FieldNames { fields, map }
}

/// Variant names of a union's members, unique within the union.
pub(crate) fn union_variant_names(it: &Union) -> Vec<String> {
    let mut taken = UniqueNames::default();
    it.variants
        .iter()
        .map(|variant| taken.claim(&type_name(&variant.rust_name)).0)
        .collect()
}

/// Variant names of an enum's values, unique within the enum.
pub(crate) fn enum_variant_names(it: &Enum) -> Vec<String> {
    let mut variant_names = UniqueNames::default();
    it.values
        .iter()
        .map(|value| variant_names.claim(&type_name(&value.rust_name)).0)
        .collect()
}

/// The name of an open enum's variant for values the spec does not list: `Unknown`, else
/// `Other`, else a numbered `Unknown`.
pub(crate) fn other_variant_name(names: &[String]) -> String {
    let mut taken = UniqueNames::default();
    for name in names {
        taken.reserve(name);
    }
    if !names.iter().any(|name| name == "Unknown") {
        return "Unknown".to_string();
    }
    if !names.iter().any(|name| name == "Other") {
        return "Other".to_string();
    }
    taken.claim("Unknown").0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert_eq!(type_name("KYCInternal"), "KYCInternal");
        assert_eq!(type_name("not valid"), "NotValid");
        assert_eq!(snake_name("r#type"), "r_type");
        assert_eq!(snake_name("type"), "type");
        let casing = Casing::default();
        assert_eq!(cased_type_name(&casing, "SAMLAccount"), "SamlAccount");
        assert_eq!(cased_type_name(&casing, "Self"), "Self_");
        assert_eq!(cased_type_name(&casing, "1"), "V1");
        assert_eq!(cased_type_name(&casing, ""), "Value");
    }
}
