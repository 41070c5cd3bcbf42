//! The module files: the root module (the crate root, or `{dir}/mod.rs`) declaring every API
//! and re-exporting every type under its root name, and a `mod.rs` per API and namespace that
//! declares the type files privately and re-exports their types.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Layout, docs, features, ident};
use crate::model::{Api, TypeKind};
use crate::plan::RootNames;
use crate::plan::groups::Features;
use crate::plan::prose::type_description;
use crate::plan::tree::{ApiTree, Namespace};

/// The root module: crate docs, `pub mod <api>;` per API and a `pub use` per type.
pub(crate) fn root_module(
    apis: &[Api],
    trees: &[ApiTree],
    roots: &RootNames,
    layout: &Layout,
    groups: &Features,
) -> TokenStream {
    let first = match layout {
        Layout::Crate { .. } => "Rust types generated from API descriptions, one module per API:",
        Layout::Module { .. } => "The generated API modules, one per API:",
    };
    let list: Vec<String> = apis
        .iter()
        .zip(trees)
        .map(|(api, tree)| {
            // Replaced schemas are not generated, so they are no model of the crate.
            let n = api.types.len() - replaced(api);
            format!(
                "- [`{}`]: from {}, {n} {}",
                tree.module,
                code(&api.source_root),
                if n == 1 { "model" } else { "models" }
            )
        })
        .collect();
    let runtime = match layout {
        Layout::Crate { .. } => {
            "The `runtime` module has the support types some fields use, and the validation\n\
             types re-exported here."
        }
        Layout::Module { .. } => "",
    };
    // The crate root re-exports `Validate`; a module root does not have it in scope.
    let validate = match layout {
        Layout::Crate { .. } => "[`Validate`]",
        Layout::Module { .. } => "[`Validate`](crate::runtime::Validate)",
    };
    let validation = format!(
        "Every type implements {validate}:\n\
        `value.validate()` checks the spec's rules (lengths, patterns, ranges, item counts,\n\
        formats, allowed values) on the value and everything in it, and returns every violation\n\
        at once, each with the JSON pointer of the offending value in wire names."
    );
    let client = if apis.iter().any(|api| !api.operations.is_empty()) {
        let with: Vec<String> = apis
            .iter()
            .zip(trees)
            .filter_map(|(api, tree)| {
                let module = tree.client_module.as_deref()?;
                (!api.operations.is_empty()).then(|| format!("`{}::{module}`", tree.module))
            })
            .collect();
        format!(
            "With the cargo feature `client`, the APIs with operations also have a typed async\n\
             client, one method per operation: {}.",
            with.join(", ")
        )
    } else {
        String::new()
    };
    let doc = if apis.is_empty() {
        docs::join(&[
            "No API was given, so there are no types.".to_string(),
            runtime.to_string(),
        ])
    } else {
        docs::join(&[
            first.to_string(),
            list.join("\n"),
            "Every type of every API is also re-exported here under a name of its own; each API's\n\
             module lists its models."
                .to_string(),
            validation,
            client,
            features::crate_docs(groups),
            runtime.to_string(),
        ])
    };
    let docs = docs::inner(&doc);
    // The module holding this root module, which clippy's `module_inception` compares with.
    let parent = match layout {
        Layout::Crate { .. } => None,
        Layout::Module { dir } => dir.trim_matches('/').rsplit('/').next().map(str::to_string),
    };
    let mut mods: Vec<TokenStream> = trees
        .iter()
        .map(|tree| {
            let inception = inception(parent.as_deref() == Some(tree.module.as_str()));
            let module = ident::ident(&tree.module);
            quote! { #inception pub mod #module; }
        })
        .collect();
    let mut runtime_uses = TokenStream::new();
    if let Layout::Crate { .. } = layout {
        if apis.iter().any(|api| !api.operations.is_empty()) {
            mods.push(quote! {
                #[cfg(feature = "client")]
                pub mod client;
            });
        }
        mods.push(quote! { pub mod runtime; });
        runtime_uses = quote! { pub use runtime::{Validate, ValidationErrors, Violation}; };
    }
    let mut uses = Vec::new();
    for (api_idx, (api, tree)) in apis.iter().zip(trees).enumerate() {
        for ns in tree.namespaces() {
            for &id in &ns.types {
                let place = tree.place(id);
                let mut segments = vec!["self", tree.module.as_str()];
                segments.extend(place.modules.iter().map(String::as_str));
                segments.push(&place.name);
                let path = ident::path(&segments);
                let root = roots
                    .names
                    .get(api_idx)
                    .and_then(|names| names.get(id.0 as usize));
                let rename = root.filter(|root| **root != place.name).map(|root| {
                    let root = ident::ident(root);
                    quote! { as #root }
                });
                let allow = allow_deprecated(api.get(id).deprecated.is_some());
                let cfg = features::cfg(groups, groups.type_gate(api_idx, id.0 as usize));
                uses.push(quote! { #cfg #allow pub use #path #rename; });
            }
        }
    }
    let date_rules = chosen_date_rules(apis);
    quote! {
        #docs
        #(#mods)*
        #runtime_uses
        #(#uses)*
        #date_rules
    }
}

/// How many types of `api` are replaced by existing Rust types.
fn replaced(api: &Api) -> usize {
    (0..api.types.len() as u32)
        .filter(|&idx| crate::model::replace::is_replaced(api, crate::model::TypeId(idx)))
        .count()
}

/// `Validate` for the date types the config chooses from a crate the runtime does not depend
/// on (`rust.date_time: jiff`): they have no rules of their own, like chrono's, for which the
/// runtime has these impls. `Validate` is the crate's own trait, so the impls may be here.
fn chosen_date_rules(apis: &[Api]) -> TokenStream {
    if !crate::model::dates::uses_jiff(apis) {
        return TokenStream::new();
    }
    let types = [quote! { jiff::Timestamp }, quote! { jiff::civil::Date }];
    quote! {
        #(
            impl crate::runtime::Validate for #types {
                #[inline]
                fn validate_at(
                    &self,
                    _at: &crate::runtime::Path<'_>,
                    _errors: &mut crate::runtime::ValidationErrors,
                ) {
                }
            }
        )*
    }
}

/// The `mod.rs` of a namespace (or of the API itself, for the empty namespace).
/// `examples` is the name of the examples module to declare (test builds only), if any.
pub(crate) fn namespace_module(
    api: &Api,
    tree: &ApiTree,
    ns: &Namespace,
    examples: Option<&str>,
    client: Option<&str>,
    (groups, api_idx): (&Features, usize),
) -> TokenStream {
    let doc = if ns.segments.is_empty() {
        match docs::description(api.description.as_deref()) {
            doc if doc.is_empty() => {
                format!("Types of the API described in {}.", code(&api.source_root))
            }
            doc => doc,
        }
    } else {
        format!(
            "Types of the {} namespace of the {} API.",
            code(&ns.segments.join("/")),
            code(&api.name)
        )
    };
    let models: Vec<String> = ns
        .types
        .iter()
        .map(|&id| {
            let name = &tree.place(id).name;
            // A disambiguator, because a model may be named like a macro (`Debug`).
            let kind = match &api.get(id).kind {
                TypeKind::Struct(_) => "struct",
                TypeKind::Enum(_) => "enum",
                TypeKind::Union(it) if !it.variants.is_empty() => "enum",
                TypeKind::Union(_) | TypeKind::Alias(_) | TypeKind::FreeForm => "type",
            };
            match summary(type_description(api.get(id)).as_deref()) {
                // Not `[name]: summary`, which Markdown reads as a link definition.
                Some(summary) => format!("- [`{kind}@{name}`] – {summary}"),
                None => format!("- [`{kind}@{name}`]"),
            }
        })
        .collect();
    let children: Vec<String> = ns
        .children
        .iter()
        .filter_map(|child| child.modules.last())
        .map(|name| format!("[`{name}`]"))
        .collect();
    let mut parts = vec![doc];
    if !models.is_empty() {
        parts.push(format!("Models:\n\n{}", models.join("\n")));
    }
    if !children.is_empty() {
        parts.push(format!("Namespaces: {}.", children.join(", ")));
    }
    let docs = docs::inner(&docs::join(&parts));
    let own = ns.modules.last().unwrap_or(&tree.module);
    let children = ns.children.iter().map(|child| {
        let name = child
            .modules
            .last()
            .expect("a child namespace has a module");
        let inception = inception(name == own);
        let module = ident::ident(name);
        quote! { #inception pub mod #module; }
    });
    // A type's file, with everything in it, is compiled when its groups are on.
    let cfgs: Vec<TokenStream> = ns
        .types
        .iter()
        .map(|&id| features::cfg(groups, groups.type_gate(api_idx, id.0 as usize)))
        .collect();
    let files: Vec<syn::Ident> = ns
        .types
        .iter()
        .map(|&id| ident::ident(&tree.place(id).file))
        .collect();
    let uses = ns
        .types
        .iter()
        .zip(&files)
        .zip(&cfgs)
        .map(|((&id, file), cfg)| {
            let allow = allow_deprecated(api.get(id).deprecated.is_some());
            let name = ident::ident(&tree.place(id).name);
            quote! { #cfg #allow pub use #file::#name; }
        });
    let examples = examples.map(|name| {
        let module = ident::ident(name);
        quote! {
            #[cfg(test)]
            mod #module;
        }
    });
    let client = client.map(|name| {
        let module = ident::ident(name);
        quote! {
            #[cfg(feature = "client")]
            pub mod #module;
        }
    });
    quote! {
        #docs
        #(#children)*
        #(#cfgs mod #files;)*
        #examples
        #client
        #(#uses)*
    }
}

/// The first sentence of a description, when it is short and on the first line, as doc text.
fn summary(description: Option<&str>) -> Option<String> {
    let first = description?.trim().lines().next()?.trim();
    let first = first.split("<br").next()?.trim();
    let end = first
        .match_indices(". ")
        .map(|(at, _)| at + 1)
        .next()
        .unwrap_or(first.len());
    let sentence = first[..end].trim();
    if sentence.is_empty() || sentence.chars().count() > 160 || sentence == "N/A" {
        return None;
    }
    let doc = docs::sanitize(sentence);
    (!doc.contains('\n')).then_some(doc)
}

fn inception(same_name: bool) -> TokenStream {
    if same_name {
        quote! { #[allow(clippy::module_inception)] }
    } else {
        TokenStream::new()
    }
}

fn allow_deprecated(deprecated: bool) -> TokenStream {
    if deprecated {
        quote! { #[allow(deprecated)] }
    } else {
        TokenStream::new()
    }
}

/// `text` as inline code, for names and paths in generated prose.
fn code(text: &str) -> String {
    format!("`{}`", docs::single_line(text).replace('`', "'"))
}
