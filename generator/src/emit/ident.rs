//! Rust identifiers and paths as tokens. Names reach this module already sanitised by the model
//! (`model::names`); these helpers check that once more, so a reader bug yields a sanitised name
//! instead of a panic or spec text turned into tokens, and write keywords as raw identifiers.

use proc_macro2::{Span, TokenStream};
use quote::quote;

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

/// The identifier token for `name`; keywords become raw identifiers (`r#type`).
pub(crate) fn ident(name: &str) -> syn::Ident {
    if names::is_raw_keyword(name) {
        syn::Ident::new_raw(name, Span::call_site())
    } else {
        syn::Ident::new(name, Span::call_site())
    }
}

/// A path from segments (`super`, module names, a type name).
pub(crate) fn path<S: AsRef<str>>(segments: &[S]) -> TokenStream {
    let segments = segments.iter().map(|segment| ident(segment.as_ref()));
    quote! { #(#segments)::* }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_keywords_raw() {
        assert_eq!(type_name("KYCInternal"), "KYCInternal");
        assert_eq!(type_name("not valid"), "NotValid");
        assert_eq!(snake_name("r#type"), "r_type");
        assert_eq!(snake_name("type"), "type");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(
            path(&["super", "super", "components", "Foo"]).to_string(),
            "super :: super :: components :: Foo"
        );
    }
}
