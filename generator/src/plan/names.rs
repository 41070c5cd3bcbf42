//! The final Rust names of the output: type, variant, field and module names as the
//! generated code spells them. Names reach this module already sanitised by the model
//! (`model::names`); these helpers check that once more, so a reader bug yields a sanitised
//! name instead of a panic or spec text turned into tokens.

use crate::model::names;

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

/// A field or module name: `name` itself when it is a valid identifier (keywords are written
/// raw), else its sanitised `snake_case` form.
pub(crate) fn snake_name(name: &str) -> String {
    if is_valid(name) {
        name.to_string()
    } else {
        names::snake_ident(name)
    }
}
