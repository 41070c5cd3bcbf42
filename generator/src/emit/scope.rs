//! How names resolve in one type file: its own name, how each referenced type is written
//! (imported, or as a relative path when importing would clash), the `use` items, derives and
//! Rust types. `items.rs` writes the items of the file and `validate.rs` its `Validate` impl,
//! both through a [`Scope`].

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::dates;
use crate::model::rules::Patterns;
use crate::model::wire::{UnionRepr, is_three_state, referenced, union_repr, value_types};
use crate::model::{Api, IntFormat, NumberFormat, Type, TypeId, TypeKind, Union};
use crate::plan::traits::{
    ROUND_TRIP_FEATURE, SerdeGates, extra_attributes, extra_derives, is_non_exhaustive,
    serde_derives,
};
use crate::plan::tree::{self, ApiTree};

/// What emitting the types of one API needs.
pub(crate) struct Context<'a> {
    pub(crate) api: &'a Api,
    pub(crate) tree: &'a ApiTree,
    /// Struct fields and union variants `(type, field or variant index)` whose reference is
    /// boxed to break a cycle.
    pub(crate) boxed: &'a BTreeSet<(TypeId, usize)>,
    /// Per type, whether its `Validate` impl checks anything (see `validate.rs`).
    pub(crate) validates: &'a [bool],
    /// Per type, which serde directions only the round-trip feature compiles.
    pub(crate) serde_gates: &'a [SerdeGates],
    /// Which patterns compile.
    pub(crate) patterns: &'a Patterns,
}

/// Names a type file uses unqualified: from the prelude, imported from serde and std, or from
/// the runtime module. A referenced type with one of these names is written as a path instead
/// of imported.
const RESERVED: &[&str] = &[
    "BTreeMap",
    "Base64",
    "Box",
    "Default",
    "Deserialize",
    "From",
    "Into",
    "Nullable",
    "Option",
    "Path",
    "Result",
    "Serialize",
    "String",
    "Validate",
    "ValidationErrors",
    "Vec",
];

/// How names resolve in one type file: the type's own name, and how each referenced type is
/// written (imported, or as a relative path when importing would clash).
pub(crate) struct Scope<'a> {
    pub(super) cx: &'a Context<'a>,
    pub(super) id: TypeId,
    pub(super) own: &'a str,
    /// Tokens for each referenced type.
    refs: BTreeMap<TypeId, TokenStream>,
    /// `use` items for referenced types: module path to names.
    imports: BTreeMap<Vec<String>, BTreeSet<String>>,
    /// Module paths whose import includes a deprecated type.
    deprecated_imports: BTreeSet<Vec<String>>,
}

impl<'a> Scope<'a> {
    pub(super) fn new(cx: &'a Context<'a>, id: TypeId) -> Scope<'a> {
        let own = cx.tree.place(id).name.as_str();
        let from = &cx.tree.place(id).modules;
        let mut scope = Scope {
            cx,
            id,
            own,
            refs: BTreeMap::new(),
            imports: BTreeMap::new(),
            deprecated_imports: BTreeSet::new(),
        };
        let mut targets: Vec<(Vec<String>, TypeId)> = referenced(cx.api, cx.api.get(id))
            .into_iter()
            .map(|target| (tree::relative_path(from, cx.tree.place(target)), target))
            .collect();
        // Nearest first: `super::X` wins a name over `super::super::other::X`.
        targets.sort();
        let mut taken: BTreeSet<&str> = RESERVED.iter().copied().collect();
        taken.insert(own);
        for (path, target) in targets {
            if let Some(it) = crate::model::replace::replacement(cx.api, target) {
                scope.refs.insert(target, path_tokens(&it.path));
                continue;
            }
            let name = &cx.tree.place(target).name;
            let tokens = if target == id {
                let it = ident::ident(own);
                quote! { #it }
            } else if taken.insert(name.as_str()) {
                let module = path[..path.len() - 1].to_vec();
                if cx.api.get(target).deprecated.is_some() {
                    scope.deprecated_imports.insert(module.clone());
                }
                scope
                    .imports
                    .entry(module)
                    .or_default()
                    .insert(name.clone());
                let it = ident::ident(name);
                quote! { #it }
            } else {
                ident::path(&path)
            };
            scope.refs.insert(target, tokens);
        }
        scope
    }

    /// A prelude or std name, qualified when the file's own type has that name.
    pub(super) fn std_name(&self, name: &str) -> TokenStream {
        if self.own != name {
            let it = ident::ident(name);
            return quote! { #it };
        }
        match name {
            "String" => quote! { std::string::String },
            "Vec" => quote! { std::vec::Vec },
            "Option" => quote! { std::option::Option },
            "Box" => quote! { std::boxed::Box },
            "BTreeMap" => quote! { std::collections::BTreeMap },
            "Result" => quote! { std::result::Result },
            _ => unreachable!("std_name is only called with the names above"),
        }
    }

    /// A type of the runtime module: imported (see [`Scope::runtime_imports`]), or a path when
    /// the file's own type has that name.
    pub(super) fn runtime_name(&self, name: &str) -> TokenStream {
        let it = ident::ident(name);
        if self.own == name {
            quote! { crate::runtime::#it }
        } else {
            quote! { #it }
        }
    }

    /// Which serde traits the type derives; see [`serde_derives`].
    pub(super) fn serde_derives(&self) -> (bool, bool) {
        let derives = serde_derives(self.cx.api, self.cx.api.get(self.id));
        (derives.serialize, derives.deserialize)
    }

    /// Which serde directions of the type only the round-trip feature compiles.
    pub(super) fn serde_gates(&self) -> SerdeGates {
        self.cx
            .serde_gates
            .get(self.id.0 as usize)
            .copied()
            .unwrap_or_default()
    }

    /// `#[cfg(feature = "round-trip")]` before a hand-written `Serialize` impl
    /// (`serialize`) or `Deserialize` impl (and what only it uses) the type's operations do
    /// not need; nothing before one they need.
    pub(super) fn serde_cfg(&self, serialize: bool) -> TokenStream {
        let gates = self.serde_gates();
        let gated = if serialize {
            gates.serialize
        } else {
            gates.deserialize
        };
        if gated {
            quote! { #[cfg(feature = #ROUND_TRIP_FEATURE)] }
        } else {
            TokenStream::new()
        }
    }

    pub(super) fn uses_btree_map(&self) -> bool {
        fn has_map(ty: &Type) -> bool {
            match ty {
                Type::Map(_) => true,
                Type::Array(item) | Type::Nullable(item) => has_map(item),
                _ => false,
            }
        }
        let def = self.cx.api.get(self.id);
        let unknown_fields = match &def.kind {
            TypeKind::Struct(it) => self.cx.api.keep_unknown_fields || it.additional.is_some(),
            _ => false,
        };
        unknown_fields || value_types(def).into_iter().any(has_map)
    }

    /// The runtime types the file names unqualified.
    pub(super) fn runtime_imports(&self) -> BTreeSet<&'static str> {
        fn has_binary(ty: &Type) -> bool {
            match ty {
                Type::Binary => true,
                Type::Array(item) | Type::Map(item) | Type::Nullable(item) => has_binary(item),
                _ => false,
            }
        }
        let def = self.cx.api.get(self.id);
        let mut res = BTreeSet::new();
        if value_types(def).into_iter().any(has_binary) {
            res.insert("Base64");
        }
        if let TypeKind::Struct(it) = &def.kind {
            if it.fields.iter().any(is_three_state) {
                res.insert("Nullable");
            }
        }
        let validated = match &def.kind {
            TypeKind::Struct(_) | TypeKind::Enum(_) => true,
            TypeKind::Union(it) => !matches!(self.union_repr(it), UnionRepr::Empty),
            TypeKind::FreeForm | TypeKind::Alias(_) => false,
        };
        if validated {
            res.insert("Validate");
            // A type with nothing to check takes the trait's default `validate_at`.
            if self
                .cx
                .validates
                .get(self.id.0 as usize)
                .copied()
                .unwrap_or(false)
            {
                res.extend(["Path", "ValidationErrors"]);
            }
        }
        res.remove(self.own);
        res
    }

    /// The `use` items at the top of the file, sorted by path.
    pub(super) fn use_items(&self) -> TokenStream {
        let mut res = TokenStream::new();
        let runtime: Vec<syn::Ident> = self
            .runtime_imports()
            .into_iter()
            .map(ident::ident)
            .collect();
        match runtime.as_slice() {
            [] => {}
            [one] => res.extend(quote! { use crate::runtime::#one; }),
            _ => res.extend(quote! { use crate::runtime::{#(#runtime),*}; }),
        }
        if !self.serde_named() {
            // Only the derives compiled without the round-trip feature are imported; the
            // gated ones name their path.
            let gates = self.serde_gates();
            let (serialize, deserialize) = self.serde_derives();
            match (
                serialize && !gates.serialize,
                deserialize && !gates.deserialize,
            ) {
                (true, true) => res.extend(quote! { use serde::{Deserialize, Serialize}; }),
                (true, false) => res.extend(quote! { use serde::Serialize; }),
                (false, true) => res.extend(quote! { use serde::Deserialize; }),
                _ => {}
            }
        }
        if self.uses_btree_map() && self.own != "BTreeMap" {
            res.extend(quote! { use std::collections::BTreeMap; });
        }
        for (module, names) in &self.imports {
            let allow = self
                .deprecated_imports
                .contains(module)
                .then(|| quote! { #[allow(deprecated)] });
            let module = ident::path(module);
            let names: Vec<_> = names.iter().map(|name| ident::ident(name)).collect();
            let tree = match names.as_slice() {
                [one] => quote! { #one },
                _ => quote! { { #(#names),* } },
            };
            res.extend(quote! { #allow use #module::#tree; });
        }
        res
    }

    /// The Rust type of a field, array item, map value or variant.
    pub(super) fn rust_type(&self, ty: &Type) -> TokenStream {
        match ty {
            Type::String => self.std_name("String"),
            Type::Date => self.date_path(dates::date_type(self.cx.api)),
            Type::DateTime => self.date_path(dates::date_time_type(self.cx.api)),
            Type::Binary => self.runtime_name("Base64"),
            Type::Integer(IntFormat::Int32) => quote! { i32 },
            Type::Integer(IntFormat::Int64 | IntFormat::Unspecified) => quote! { i64 },
            Type::Number(NumberFormat::Float) => quote! { f32 },
            Type::Number(_) => quote! { f64 },
            Type::Boolean => quote! { bool },
            Type::Any => quote! { serde_json::Value },
            Type::Array(item) => {
                let vec = self.std_name("Vec");
                let item = self.rust_type(item);
                quote! { #vec<#item> }
            }
            Type::Map(value) => {
                let map = self.std_name("BTreeMap");
                let string = self.std_name("String");
                let value = self.rust_type(value);
                quote! { #map<#string, #value> }
            }
            Type::Nullable(inner) => {
                let option = self.std_name("Option");
                let inner = self.rust_type(inner);
                quote! { #option<#inner> }
            }
            Type::Ref(target) => match self.refs.get(target) {
                Some(tokens) => tokens.clone(),
                None => quote! { serde_json::Value },
            },
        }
    }

    /// A date or date-time type of [`dates`]: `String` as the file writes it, else the path.
    fn date_path(&self, path: &str) -> TokenStream {
        if path == "String" {
            self.std_name("String")
        } else {
            path_tokens(path)
        }
    }

    /// Whether the type's own name is one of the serde derives, so neither is imported.
    pub(super) fn serde_named(&self) -> bool {
        self.own == "Serialize" || self.own == "Deserialize"
    }

    pub(super) fn derive(
        &self,
        extra: TokenStream,
        (serialize, deserialize): (bool, bool),
    ) -> TokenStream {
        let serde_path = |name: &str| {
            let it = ident::ident(name);
            if self.serde_named() {
                quote! { , serde::#it }
            } else {
                quote! { , #it }
            }
        };
        // A derive the type's operations do not need is compiled under the round-trip feature.
        let gates = self.serde_gates();
        let mut gated = Vec::new();
        if serialize && gates.serialize {
            gated.push(quote! { serde::Serialize });
        }
        if deserialize && gates.deserialize {
            gated.push(quote! { serde::Deserialize });
        }
        let serialize = (serialize && !gates.serialize).then(|| serde_path("Serialize"));
        let deserialize = (deserialize && !gates.deserialize).then(|| serde_path("Deserialize"));
        let gated = (!gated.is_empty())
            .then(|| quote! { #[cfg_attr(feature = #ROUND_TRIP_FEATURE, derive(#(#gated),*))] });
        // The config's derives, but those derived already.
        let def = self.cx.api.get(self.id);
        let derived: Vec<String> = extra
            .to_string()
            .split(',')
            .map(|name| name.trim().to_string())
            .chain(["Serialize".to_string(), "Deserialize".to_string()])
            .collect();
        let added = extra_derives(self.cx.api, def)
            .into_iter()
            .filter(|path| {
                let last = path.rsplit("::").next().unwrap_or(path);
                !derived.iter().any(|name| name == last)
            })
            .filter_map(|path| syn::parse_str::<syn::Path>(path).ok())
            .map(|path| quote! { , #path });
        let non_exhaustive =
            is_non_exhaustive(self.cx.api, def).then(|| quote! { #[non_exhaustive] });
        let attributes = extra_attributes(self.cx.api, def)
            .into_iter()
            .filter_map(|text| {
                use syn::parse::Parser;
                // The config checked that each parses (`config::parse_attributes`).
                syn::Attribute::parse_outer.parse_str(text).ok()
            })
            .flatten();
        quote! {
            #[derive(#extra #serialize #deserialize #(#added)*)]
            #gated
            #non_exhaustive
            #(#attributes)*
        }
    }

    /// `#[allow(deprecated)]` for an item that names a deprecated type.
    pub(super) fn allow_deprecated(&self, types: &BTreeSet<TypeId>) -> TokenStream {
        let any = types.iter().any(|id| {
            self.cx
                .api
                .types
                .get(id.0 as usize)
                .is_some_and(|ty| ty.deprecated.is_some())
        });
        if any {
            quote! { #[allow(deprecated)] }
        } else {
            TokenStream::new()
        }
    }

    /// How a union goes on the wire; see [`union_repr`].
    pub(super) fn union_repr<'u>(&self, it: &'u Union) -> UnionRepr<'u> {
        union_repr(self.cx.api, it)
    }
}

/// A Rust type written as a path (`chrono::DateTime<chrono::Utc>`), as tokens.
pub(crate) fn path_tokens(path: &str) -> TokenStream {
    path.parse()
        .unwrap_or_else(|_| quote! { serde_json::Value })
}
