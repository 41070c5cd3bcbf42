//! One named type to Rust: a struct, an enum or a free-form alias, with the imports, serde
//! attributes and docs of its file. Every spec string reaches the tokens as a string literal or
//! through `docs`; every name through `ident`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rename::{self, RenameRule};
use super::tree::{self, ApiTree};
use super::{docs, ident};
use crate::model::names::UniqueNames;
use crate::model::{
    Api, Enum, EnumRepr, Field, IntFormat, NumberFormat, Struct, Type, TypeDef, TypeId, TypeKind,
};

/// What emitting the types of one API needs.
pub(crate) struct Context<'a> {
    pub(crate) api: &'a Api,
    pub(crate) tree: &'a ApiTree,
    /// Struct fields `(type, field index)` whose reference is boxed to break a cycle.
    pub(crate) boxed: &'a BTreeSet<(TypeId, usize)>,
}

/// Names a type file uses unqualified: from the prelude, or imported from serde and std. A
/// referenced type with one of these names is written as a path instead of imported.
const RESERVED: &[&str] = &[
    "BTreeMap",
    "Box",
    "Deserialize",
    "Option",
    "Result",
    "Serialize",
    "String",
    "Vec",
];

/// The contents of the file declaring type `id`.
pub(crate) fn type_file(cx: &Context<'_>, id: TypeId) -> TokenStream {
    let ty = cx.api.get(id);
    let scope = Scope::new(cx, id);
    let uses = scope.use_items();
    let item = match &ty.kind {
        TypeKind::Struct(it) => scope.struct_item(ty, it),
        TypeKind::Enum(it) => scope.enum_item(ty, it),
        TypeKind::FreeForm => scope.free_form_item(ty),
        TypeKind::Alias(target) => scope.alias_item(ty, target),
        // Until unions get enums of their own, they are any JSON value.
        TypeKind::Union(_) => scope.alias_item(ty, &Type::Any),
    };
    quote! { #uses #item }
}

/// Fields whose reference closes a cycle of direct containment (through fields not inside a
/// `Vec` or map), which would make the struct infinitely large. A depth-first search in type
/// order marks every edge back to a type still on the stack, so the choice is deterministic and
/// every cycle gets exactly one box.
pub(crate) fn boxed_fields(api: &Api) -> BTreeSet<(TypeId, usize)> {
    fn edges(api: &Api, id: TypeId) -> Vec<(usize, TypeId)> {
        match &api.get(id).kind {
            TypeKind::Struct(it) => it
                .fields
                .iter()
                .enumerate()
                .filter_map(|(idx, field)| match field.ty {
                    Type::Ref(target) if (target.0 as usize) < api.types.len() => {
                        Some((idx, target))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    fn visit(api: &Api, id: TypeId, marks: &mut [Mark], acc: &mut BTreeSet<(TypeId, usize)>) {
        marks[id.0 as usize] = Mark::OnStack;
        for (idx, target) in edges(api, id) {
            match marks[target.0 as usize] {
                Mark::OnStack => {
                    acc.insert((id, idx));
                }
                Mark::New => visit(api, target, marks, acc),
                Mark::Done => {}
            }
        }
        marks[id.0 as usize] = Mark::Done;
    }
    let mut marks = vec![Mark::New; api.types.len()];
    let mut acc = BTreeSet::new();
    for idx in 0..api.types.len() {
        if marks[idx] == Mark::New {
            visit(api, TypeId(idx as u32), &mut marks, &mut acc);
        }
    }
    acc
}

/// How names resolve in one type file: the type's own name, and how each referenced type is
/// written (imported, or as a relative path when importing would clash).
struct Scope<'a> {
    cx: &'a Context<'a>,
    id: TypeId,
    own: &'a str,
    /// Tokens for each referenced type.
    refs: BTreeMap<TypeId, TokenStream>,
    /// `use` items for referenced types: module path to names.
    imports: BTreeMap<Vec<String>, BTreeSet<String>>,
    /// Module paths whose import includes a deprecated type.
    deprecated_imports: BTreeSet<Vec<String>>,
}

impl<'a> Scope<'a> {
    fn new(cx: &'a Context<'a>, id: TypeId) -> Scope<'a> {
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
    fn std_name(&self, name: &str) -> TokenStream {
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

    fn derives_serde(&self) -> bool {
        match &self.cx.api.get(self.id).kind {
            TypeKind::Struct(_) => true,
            TypeKind::Enum(it) => integer_values(it).is_none(),
            TypeKind::FreeForm | TypeKind::Alias(_) | TypeKind::Union(_) => false,
        }
    }

    fn uses_btree_map(&self) -> bool {
        fn has_map(ty: &Type) -> bool {
            match ty {
                Type::Map(_) => true,
                Type::Array(item) => has_map(item),
                _ => false,
            }
        }
        match &self.cx.api.get(self.id).kind {
            TypeKind::Struct(it) => it.fields.iter().any(|field| has_map(&field.ty)),
            _ => false,
        }
    }

    /// The `use` items at the top of the file, sorted by path.
    fn use_items(&self) -> TokenStream {
        let mut res = TokenStream::new();
        if self.derives_serde() && !self.serde_named() {
            res.extend(quote! { use serde::{Deserialize, Serialize}; });
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

    /// The Rust type of a field, array item or map value.
    fn rust_type(&self, ty: &Type) -> TokenStream {
        match ty {
            Type::String | Type::Date | Type::DateTime | Type::Binary => self.std_name("String"),
            Type::Integer(IntFormat::Int32) => quote! { i32 },
            Type::Integer(IntFormat::Int64 | IntFormat::Unspecified) => quote! { i64 },
            Type::Number(NumberFormat::Float) => quote! { f32 },
            Type::Number(NumberFormat::Double | NumberFormat::Any | NumberFormat::Unspecified) => {
                quote! { f64 }
            }
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
            Type::Ref(target) => match self.refs.get(target) {
                Some(tokens) => tokens.clone(),
                None => quote! { serde_json::Value },
            },
        }
    }

    /// Whether the type's own name is one of the serde derives, so neither is imported.
    fn serde_named(&self) -> bool {
        self.own == "Serialize" || self.own == "Deserialize"
    }

    fn derive(&self, extra: TokenStream, serde: bool) -> TokenStream {
        let serde = match (serde, self.serde_named()) {
            (false, _) => None,
            (true, false) => Some(quote! { , Serialize, Deserialize }),
            (true, true) => Some(quote! { , serde::Serialize, serde::Deserialize }),
        };
        quote! { #[derive(#extra #serde)] }
    }

    /// `#[allow(deprecated)]` for an item that names a deprecated type.
    fn allow_deprecated(&self, types: &BTreeSet<TypeId>) -> TokenStream {
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

    fn struct_item(&self, ty: &TypeDef, it: &Struct) -> TokenStream {
        let name = ident::ident(self.own);
        let mut field_names = UniqueNames::default();
        let names: Vec<String> = it
            .fields
            .iter()
            .map(|field| field_names.claim(&ident::snake_name(&field.rust_name)).0)
            .collect();
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .zip(&it.fields)
            .map(|(name, field)| (name.as_str(), field.wire_name.as_str()))
            .collect();
        let rule = rename::choose_for_fields(&pairs);
        let fields = it
            .fields
            .iter()
            .zip(&names)
            .enumerate()
            .map(|(idx, (field, name))| {
                self.field(field, name, rule, self.cx.boxed.contains(&(self.id, idx)))
            });
        let docs = docs::outer(&docs::description(ty.description.as_deref()));
        let deprecated = deprecated(ty.deprecated.as_deref());
        let allow = self.allow_deprecated(&referenced(self.cx.api, ty));
        let derive = self.derive(quote! { Debug, Clone, PartialEq }, true);
        let rename_all = rename_all(rule);
        quote! {
            #docs
            #deprecated
            #allow
            #derive
            #rename_all
            pub struct #name {
                #(#fields)*
            }
        }
    }

    fn field(
        &self,
        field: &Field,
        name: &str,
        rule: Option<RenameRule>,
        boxed: bool,
    ) -> TokenStream {
        let mut ty = self.rust_type(&field.ty);
        if boxed {
            let boxed = self.std_name("Box");
            ty = quote! { #boxed<#ty> };
        }
        if !field.required || field.nullable {
            let option = self.std_name("Option");
            ty = quote! { #option<#ty> };
        }
        let mut serde = Vec::new();
        if RenameRule::apply_to_field(rule, name) != field.wire_name {
            let wire = &field.wire_name;
            serde.push(quote! { rename = #wire });
        }
        if !field.required {
            let is_none = if self.own == "Option" {
                "std::option::Option::is_none"
            } else {
                "Option::is_none"
            };
            serde.push(quote! { default, skip_serializing_if = #is_none });
        }
        let serde = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
        let doc = docs::join(&[
            docs::description(field.description.as_deref()),
            format_note(&field.ty).unwrap_or_default().to_string(),
            field
                .example
                .as_deref()
                .map(docs::example)
                .unwrap_or_default(),
        ]);
        let docs = docs::outer(&doc);
        let deprecated = deprecated(field.deprecated.as_deref());
        let name = ident::ident(name);
        quote! {
            #docs
            #deprecated
            #serde
            pub #name: #ty,
        }
    }

    fn enum_item(&self, ty: &TypeDef, it: &Enum) -> TokenStream {
        let name = ident::ident(self.own);
        let mut variant_names = UniqueNames::default();
        let names: Vec<String> = it
            .values
            .iter()
            .map(|value| variant_names.claim(&ident::type_name(&value.rust_name)).0)
            .collect();
        let docs = docs::outer(&docs::description(ty.description.as_deref()));
        let deprecated = deprecated(ty.deprecated.as_deref());
        let variant_docs: Vec<TokenStream> = it
            .values
            .iter()
            .map(|value| docs::outer(&docs::description(value.description.as_deref())))
            .collect();
        let variants: Vec<syn::Ident> = names.iter().map(|name| ident::ident(name)).collect();
        let copy = quote! { Debug, Clone, Copy, PartialEq, Eq, Hash };
        let Some(values) = integer_values(it) else {
            let pairs: Vec<(&str, &str)> = names
                .iter()
                .zip(&it.values)
                .map(|(name, value)| (name.as_str(), value.wire_value.as_str()))
                .collect();
            let rule = rename::choose_for_variants(&pairs);
            let renames = pairs.iter().map(|(name, wire)| {
                (RenameRule::apply_to_variant(rule, name) != *wire)
                    .then(|| quote! { #[serde(rename = #wire)] })
            });
            let derive = self.derive(copy, true);
            let rename_all = rename_all(rule);
            return quote! {
                #docs
                #deprecated
                #derive
                #rename_all
                pub enum #name {
                    #( #variant_docs #renames #variants, )*
                }
            };
        };
        let derive = self.derive(copy, false);
        let allow = ty
            .deprecated
            .is_some()
            .then(|| quote! { #[allow(deprecated)] });
        let result = self.std_name("Result");
        let literals: Vec<TokenStream> = values.iter().map(|&value| int_literal(value)).collect();
        // Deserialize maps each value to its first variant; later duplicates only serialize.
        let mut seen = BTreeSet::new();
        let arms: Vec<TokenStream> = values
            .iter()
            .zip(&variants)
            .zip(&literals)
            .filter(|((value, _), _)| seen.insert(**value))
            .map(|((_, variant), literal)| quote! { #literal => Ok(Self::#variant), })
            .collect();
        let expected = match seen.len() {
            0 => "no value (the spec lists none)".to_string(),
            _ => format!(
                "one of {}",
                seen.iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let invalid = quote! { Err(serde::de::Error::invalid_value(unexpected, &#expected)) };
        let body = if arms.is_empty() {
            invalid
        } else {
            quote! {
                match value {
                    #(#arms)*
                    _ => #invalid,
                }
            }
        };
        quote! {
            #docs
            #deprecated
            #derive
            pub enum #name {
                #( #variant_docs #variants, )*
            }

            #allow
            impl serde::Serialize for #name {
                fn serialize<S>(&self, serializer: S) -> #result<S::Ok, S::Error>
                where
                    S: serde::Serializer,
                {
                    let value = match *self {
                        #( Self::#variants => #literals, )*
                    };
                    serializer.serialize_i64(value)
                }
            }

            #allow
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D>(deserializer: D) -> #result<Self, D::Error>
                where
                    D: serde::Deserializer<'de>,
                {
                    let value = <i64 as serde::Deserialize>::deserialize(deserializer)?;
                    let unexpected = serde::de::Unexpected::Signed(value);
                    #body
                }
            }
        }
    }

    fn alias_item(&self, ty: &TypeDef, target: &Type) -> TokenStream {
        let name = ident::ident(self.own);
        let docs = docs::outer(&docs::description(ty.description.as_deref()));
        let deprecated = deprecated(ty.deprecated.as_deref());
        let target = self.rust_type(target);
        quote! {
            #docs
            #deprecated
            pub type #name = #target;
        }
    }

    fn free_form_item(&self, ty: &TypeDef) -> TokenStream {
        let name = ident::ident(self.own);
        let docs = docs::outer(&docs::description(ty.description.as_deref()));
        let deprecated = deprecated(ty.deprecated.as_deref());
        let string = self.std_name("String");
        quote! {
            #docs
            #deprecated
            pub type #name = serde_json::Map<#string, serde_json::Value>;
        }
    }
}

/// The values of an integer enum, or `None` when it is a string enum or a value does not parse
/// as an `i64` (then it is emitted as a string enum, which keeps every value).
fn integer_values(it: &Enum) -> Option<Vec<i64>> {
    if it.repr != EnumRepr::Integer {
        return None;
    }
    it.values
        .iter()
        .map(|value| value.wire_value.trim().parse().ok())
        .collect()
}

/// An integer literal; negative values as a negation, which is how Rust spells them.
fn int_literal(value: i64) -> TokenStream {
    let abs = Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote! { -#abs }
    } else {
        quote! { #abs }
    }
}

/// Every type a struct's fields refer to. (A reference outside the API would be a reader bug;
/// it is left out here and written as `serde_json::Value`, which still round-trips.)
fn referenced(api: &Api, ty: &TypeDef) -> BTreeSet<TypeId> {
    fn walk(ty: &Type, acc: &mut BTreeSet<TypeId>) {
        match ty {
            Type::Array(inner) | Type::Map(inner) => walk(inner, acc),
            Type::Ref(id) => {
                acc.insert(*id);
            }
            _ => {}
        }
    }
    let mut acc = BTreeSet::new();
    if let TypeKind::Struct(it) = &ty.kind {
        for field in &it.fields {
            walk(&field.ty, &mut acc);
        }
    }
    acc.retain(|id| (id.0 as usize) < api.types.len());
    acc
}

fn deprecated(note: Option<&str>) -> TokenStream {
    let Some(note) = note else {
        return TokenStream::new();
    };
    let note = docs::single_line(note);
    if note.is_empty() || note == "N/A" {
        quote! { #[deprecated] }
    } else {
        quote! { #[deprecated(note = #note)] }
    }
}

fn rename_all(rule: Option<RenameRule>) -> TokenStream {
    match rule {
        Some(rule) => {
            let rule = rule.as_str();
            quote! { #[serde(rename_all = #rule)] }
        }
        None => TokenStream::new(),
    }
}

/// A doc line for wire formats that Rust holds as a plain `String`.
fn format_note(ty: &Type) -> Option<&'static str> {
    match ty {
        Type::Date => Some("A date (`YYYY-MM-DD`)."),
        Type::DateTime => Some("An RFC 3339 date-time."),
        Type::Binary => Some("Binary content."),
        Type::Array(inner) | Type::Map(inner) => match innermost(inner) {
            Type::Date => Some("Each value is a date (`YYYY-MM-DD`)."),
            Type::DateTime => Some("Each value is an RFC 3339 date-time."),
            Type::Binary => Some("Each value is binary content."),
            _ => None,
        },
        _ => None,
    }
}

fn innermost(ty: &Type) -> &Type {
    match ty {
        Type::Array(inner) | Type::Map(inner) => innermost(inner),
        _ => ty,
    }
}
