//! Rust identifiers and paths as tokens. Names reach this module already sanitised by the model
//! (`model::names`); these helpers check that once more, so a reader bug yields a sanitised name
//! instead of a panic or spec text turned into tokens, and write keywords as raw identifiers.

use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::model::names;
pub(crate) use crate::plan::names::{snake_name, type_name};

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
