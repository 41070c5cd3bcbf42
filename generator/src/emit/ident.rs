//! Rust identifiers and paths as tokens, from the names the plan chose (`plan::names`, which
//! checks them); keywords are written as raw identifiers.

use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;

use crate::model::names;

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

/// An integer literal; negative values as a negation, which is how Rust spells them.
pub(crate) fn int_literal(value: i64) -> TokenStream {
    let abs = Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote! { -#abs }
    } else {
        quote! { #abs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_raw_and_paths_joined() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(
            path(&["super", "super", "components", "Foo"]).to_string(),
            "super :: super :: components :: Foo"
        );
    }
}
