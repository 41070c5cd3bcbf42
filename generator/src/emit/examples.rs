//! The example tests of an API: a `#[cfg(test)]` module (`spec_examples.rs` in the API's
//! module) with one test per struct whose fields have examples that fit their types (see
//! `crate::examples`). Each test is a table: every row reads its example into the field's
//! Rust type, checks the field's rules (the struct's `validate_<field>` function) or the type's
//! `Validate` impl, writes the value back and reads it again, through
//! `crate::runtime::examples`. A failing row names the spec file and line of its example.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, features, ident, validate};
use crate::examples::FieldExample;
use crate::files::SourceMap;
use crate::model::names::{self, UniqueNames};
use crate::model::replace;
use crate::model::rules::{Patterns, field_rules};
use crate::model::{Api, IntFormat, NumberFormat, Type, TypeId, TypeKind};
use crate::plan::groups::{Features, Gate};
use crate::plan::names::field_names;
use crate::plan::traits::{ROUND_TRIP_FEATURE, SerdeGates};
use crate::plan::tree::{self, ApiTree};

/// The contents of the examples module of `api`, or `None` when no example fits its type.
pub(crate) fn examples_file(
    sources: &SourceMap,
    api: &Api,
    tree: &ApiTree,
    examples: &[FieldExample],
    patterns: &Patterns,
    gates: &[SerdeGates],
    (groups, api_idx): (&Features, usize),
) -> Option<TokenStream> {
    // The fields of a replaced type are its owner's: it is not generated, so not tested here.
    let fitting: Vec<&FieldExample> = examples
        .iter()
        .filter(|e| is_tested(e) && !replace::is_replaced(api, e.owner))
        .collect();
    if fitting.is_empty() {
        return None;
    }
    // One test per struct, in the order of the types' names in their namespaces; its rows in
    // field order (the order of `examples`).
    let mut by_owner: BTreeMap<TypeId, Vec<&FieldExample>> = BTreeMap::new();
    for &example in &fitting {
        by_owner.entry(example.owner).or_default().push(example);
    }
    let mut owners: Vec<(TypeId, Vec<&FieldExample>)> = by_owner.into_iter().collect();
    owners.sort_by_cached_key(|(id, _)| {
        let place = tree.place(*id);
        (place.modules.clone(), place.name.clone(), *id)
    });
    let mut test_names = UniqueNames::default();
    // A test that reads and writes a type its operations use in one direction only runs
    // under the round-trip feature, which gives every type both.
    let gated: Vec<bool> = owners
        .iter()
        .map(|(_, examples)| examples.iter().any(|e| needs_round_trip(api, e, gates)))
        .collect();
    let tests = owners
        .iter()
        .zip(&gated)
        .map(|((owner, examples), &gated)| {
            let cfg = gated.then(|| quote! { #[cfg(feature = #ROUND_TRIP_FEATURE)] });
            // The test of a type is compiled with the type.
            let group_cfg = features::cfg(groups, groups.type_gate(api_idx, owner.0 as usize));
            let place = tree.place(*owner);
            let mut wanted: Vec<&str> = place.modules.iter().map(String::as_str).collect();
            wanted.push(&place.name);
            let test = ident::ident(&test_names.claim(&names::snake_ident(&wanted.join("_"))).0);
            let field_names = match &api.get(*owner).kind {
                TypeKind::Struct(it) => field_names(api, it).fields,
                _ => Vec::new(),
            };
            let rows = examples
                .iter()
                .map(|example| row(sources, api, tree, example, patterns, &field_names));
            quote! {
                #cfg
                #group_cfg
                #[test]
                fn #test() {
                    run(&[
                        #(#rows)*
                    ]);
                }
            }
        });
    let n = fitting.len();
    let doc = docs::inner(&format!(
        "The examples of the {} API, as tests.\n\n\
         Each is read into its field's type, checked with `Validate`, written back and read\n\
         again. {n} {} {} their types; examples that do not are reported by specgen as\n\
         warnings and left out.",
        code(&api.name),
        if n == 1 { "example" } else { "examples" },
        if n == 1 { "fits" } else { "fit" }
    ));
    let (with, without): (Vec<&FieldExample>, Vec<&FieldExample>) =
        fitting.iter().partition(|example| {
            uses_field_rules(api, example, patterns) || holds_replaced_type(api, example)
        });
    let mut imports = vec![ident::ident("Example")];
    if !without.is_empty() {
        imports.push(ident::ident("check"));
    }
    if !with.is_empty() {
        imports.push(ident::ident("check_with"));
    }
    imports.push(ident::ident("run"));
    // Without the round-trip feature or a group, the tests they gate leave some imports
    // unused.
    let group_gated = owners
        .iter()
        .any(|(owner, _)| *groups.type_gate(api_idx, owner.0 as usize) != Gate::Always);
    let allow_unused =
        (group_gated || gated.iter().any(|&it| it)).then(|| quote! { #[allow(unused_imports)] });
    Some(quote! {
        #doc
        #![allow(deprecated)]

        #allow_unused
        use crate::runtime::examples::{#(#imports),*};

        #(#tests)*
    })
}

/// Whether reading and writing back `example` needs a serde direction its field's types have
/// only under the round-trip feature.
fn needs_round_trip(api: &Api, example: &FieldExample, gates: &[SerdeGates]) -> bool {
    fn gated(ty: &Type, gates: &[SerdeGates]) -> bool {
        match ty {
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => gated(inner, gates),
            Type::Ref(id) => gates
                .get(id.0 as usize)
                .is_some_and(|it| it.serialize || it.deserialize),
            _ => false,
        }
    }
    match &api.get(example.owner).kind {
        TypeKind::Struct(it) => it
            .fields
            .get(example.field)
            .is_some_and(|field| gated(&field.ty, gates)),
        _ => false,
    }
}

/// Whether an example becomes a row of the example tests: when it fits its type.
pub(crate) fn is_tested(example: &FieldExample) -> bool {
    example.misfit.is_none() && example.json.is_some()
}

/// One `Example { ... }` row.
fn row(
    sources: &SourceMap,
    api: &Api,
    tree: &ApiTree,
    example: &FieldExample,
    patterns: &Patterns,
    field_names: &[String],
) -> TokenStream {
    let location = sources.locate(example.span);
    let source = format!("{}:{}", location.path, location.line);
    let target = crate::examples::target(api, example);
    let json = example
        .json
        .as_ref()
        .map(serde_json::Value::to_string)
        .unwrap_or_default();
    let TypeKind::Struct(it) = &api.get(example.owner).kind else {
        unreachable!("examples are of struct fields");
    };
    let field = &it.fields[example.field];
    let mut ty = rust_type(api, tree, &field.ty);
    if example
        .json
        .as_ref()
        .is_some_and(serde_json::Value::is_null)
    {
        ty = quote! { crate::runtime::Nullable<#ty> };
    }
    let check = if holds_replaced_type(api, example) {
        // A replaced type need not implement `Validate`: the example is read, written back and
        // read again, unchecked.
        quote! { |json| check_with::<#ty>(json, |_, _, _| {}) }
    } else if !uses_field_rules(api, example, patterns) {
        quote! { check::<#ty> }
    } else {
        let place = tree.place(example.owner);
        let owner = ident::path(&tree::relative_path(&[], place));
        let name = ident::ident(&validate::field_fn_name(&field_names[example.field]));
        quote! { |json| check_with(json, #owner::#name) }
    };
    quote! {
        Example {
            source: #source,
            target: #target,
            json: #json,
            check: #check,
        },
    }
}

/// Whether the example's field holds a replaced type (see [`replace`]).
fn holds_replaced_type(api: &Api, example: &FieldExample) -> bool {
    match &api.get(example.owner).kind {
        TypeKind::Struct(it) => it
            .fields
            .get(example.field)
            .is_some_and(|field| replace::holds_replaced(api, &field.ty)),
        _ => false,
    }
}

/// Whether the example is checked with its field's `validate_<field>` function (rather than
/// its type's `Validate` impl): when the field has rules of its own and the example is not
/// `null`.
fn uses_field_rules(api: &Api, example: &FieldExample, patterns: &Patterns) -> bool {
    let TypeKind::Struct(it) = &api.get(example.owner).kind else {
        return false;
    };
    let null = example
        .json
        .as_ref()
        .is_some_and(serde_json::Value::is_null);
    !null && !field_rules(api, &it.fields[example.field], patterns).is_empty()
}

/// The Rust type of `ty` written from the examples module, with full paths.
fn rust_type(api: &Api, tree: &ApiTree, ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote! { String },
        Type::Date => super::scope::path_tokens(crate::model::dates::date_type(api)),
        Type::DateTime => super::scope::path_tokens(crate::model::dates::date_time_type(api)),
        Type::Binary => quote! { crate::runtime::Base64 },
        Type::Integer(IntFormat::Int32) => quote! { i32 },
        Type::Integer(IntFormat::Int64 | IntFormat::Unspecified) => quote! { i64 },
        Type::Number(NumberFormat::Float) => quote! { f32 },
        Type::Number(_) => quote! { f64 },
        Type::Boolean => quote! { bool },
        Type::Any => quote! { serde_json::Value },
        Type::Array(item) => {
            let item = rust_type(api, tree, item);
            quote! { Vec<#item> }
        }
        Type::Map(value) => {
            let value = rust_type(api, tree, value);
            quote! { std::collections::BTreeMap<String, #value> }
        }
        Type::Nullable(inner) => {
            let inner = rust_type(api, tree, inner);
            quote! { Option<#inner> }
        }
        Type::Ref(id) if (id.0 as usize) < api.types.len() => {
            match replace::replacement(api, *id) {
                Some(it) => super::scope::path_tokens(&it.path),
                None => ident::path(&tree::relative_path(&[], tree.place(*id))),
            }
        }
        Type::Ref(_) => quote! { serde_json::Value },
    }
}

/// `text` as inline code.
fn code(text: &str) -> String {
    format!("`{}`", docs::single_line(text).replace('`', "'"))
}
