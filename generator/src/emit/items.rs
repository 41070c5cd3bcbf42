//! One named type to Rust: a struct, an enum, a union or an alias, with the imports, serde
//! attributes, hand-written serde impls and docs of its file. Every spec string reaches the
//! tokens as a string literal or through `docs`; every name through `ident`.
//!
//! Fields and variants may use the runtime module (`crate::runtime`, written by hand in
//! `generated/src/runtime/`): `Nullable` for optional fields that may also be `null`, and
//! `Base64` for binary content.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rename::{self, RenameRule};
use super::scope::{Context, Scope};
use super::{docs, ident, notes};
use crate::model::names::UniqueNames;
use crate::model::shapes::{self, VariantShape};
use crate::model::wire::{
    PlainDefault, UnionRepr, integer_values, is_three_state, plain_default, referenced,
    resolve_alias, tag_of, union_repr,
};
use crate::model::{
    Api, Enum, Field, IntFormat, NumberFormat, Struct, Type, TypeDef, TypeId, TypeKind, Union,
};
use crate::plan::construction::{
    Construction, Fixed, fixed_value, struct_construction, union_from_variants,
};
use crate::plan::names::{
    FieldNames, enum_variant_names, field_names, other_variant_name, union_variant_names,
};
use crate::plan::prose::type_description;
use crate::plan::traits::{ROUND_TRIP_FEATURE, is_string_enum};

/// The function serde calls for an optional, nullable field that is present on the wire, so
/// that `null` reads as `Some(Nullable::Null)` rather than `None`.
const DESERIALIZE_NULLABLE: &str = "crate::runtime::deserialize_nullable";
/// Reads an optional field that is not nullable: a `null` is an error, not an absent field.
const DESERIALIZE_NOT_NULL: &str = "crate::runtime::deserialize_present";

/// The function serde calls for a required, nullable field (`Option<T>`), so that the key must
/// be present; `null` reads as `None`.
const DESERIALIZE_PRESENT: &str = "::serde::Deserialize::deserialize";

/// The contents of the file declaring type `id`.
pub(crate) fn type_file(cx: &Context<'_>, id: TypeId) -> TokenStream {
    let ty = cx.api.get(id);
    let scope = Scope::new(cx, id);
    let uses = scope.use_items();
    let item = match &ty.kind {
        TypeKind::Struct(it) => scope.struct_item(ty, it),
        TypeKind::Enum(it) if it.open => scope.open_enum_item(ty, it),
        TypeKind::Enum(it) => scope.enum_item(ty, it),
        TypeKind::Union(it) => scope.union_item(ty, it),
        TypeKind::FreeForm => scope.free_form_item(ty),
        TypeKind::Alias(target) => scope.alias_item(ty, target),
    };
    let validation = match &ty.kind {
        TypeKind::Enum(it) if it.open && it.strict => {
            scope.strict_enum_validation(it, &other_variant_name(&enum_variant_names(it)))
        }
        TypeKind::Enum(_) => scope.no_validation(),
        _ => TokenStream::new(),
    };
    quote! { #uses #item #validation }
}

impl Scope<'_> {
    fn struct_item(&self, ty: &TypeDef, it: &Struct) -> TokenStream {
        let name = ident::ident(self.own);
        let FieldNames {
            fields: names,
            map: map_name,
        } = field_names(self.cx.api, it);
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .zip(&it.fields)
            .map(|(name, field)| (name.as_str(), field.wire_name.as_str()))
            .collect();
        let rule = rename::choose_for_fields(&pairs);
        // One private function per defaulted field, named after it.
        let mut fn_names = UniqueNames::default();
        let mut default_fns = Vec::new();
        let mut field_defaults = Vec::new();
        let fields: Vec<TokenStream> = it
            .fields
            .iter()
            .zip(&names)
            .enumerate()
            .map(|(idx, (field, name))| {
                let default_fn = self.default_value(field).map(|value| {
                    let wanted = format!("default_{}", name.trim_start_matches('_'));
                    let fn_name = fn_names.claim(&wanted).0;
                    default_fns.push(self.default_fn(field, &fn_name, value));
                    fn_name
                });
                let boxed = self.cx.boxed.contains(&(self.id, idx));
                let res = self.field(field, name, rule, boxed, default_fn.as_deref());
                field_defaults.push(default_fn);
                res
            })
            .collect();
        let rules_doc = super::validate::alternatives_doc(it);
        let unknown = map_name.as_ref().map(|member_name| {
            let member = ident::ident(member_name);
            let map = self.std_name("BTreeMap");
            let string = self.std_name("String");
            let (value, text) = match &it.additional {
                Some(additional) => (
                    self.rust_type(&additional.ty),
                    "Properties the spec does not list by name (its `additionalProperties`), kept\n\
                     as they were sent, so that the value is written back without loss.",
                ),
                None => (
                    quote! { serde_json::Value },
                    "Properties the spec does not list, kept as they were sent, so that the value\n\
                     is written back without loss.",
                ),
            };
            let docs = docs::outer(text);
            quote! {
                #docs
                #[serde(flatten)]
                pub #member: #map<#string, #value>,
            }
        });
        let docs = docs::outer(&docs::join(&[
            docs::description(type_description(ty).as_deref()),
            rules_doc,
        ]));
        let deprecated = deprecated(ty.deprecated.as_deref());
        let allow = self.allow_deprecated(&referenced(self.cx.api, ty));
        let derive = match struct_construction(self.cx.api, it) {
            Construction::DeriveDefault => self.derive(
                quote! { Debug, Clone, PartialEq, Default },
                self.serde_derives(),
            ),
            _ => self.derive(quote! { Debug, Clone, PartialEq }, self.serde_derives()),
        };
        let rename_all = rename_all(rule);
        let construction =
            self.construction(it, &names, map_name.as_deref(), &field_defaults, &allow);
        let extra = self.struct_rules(it, &names, map_name.as_deref());
        let validation = self.struct_validation(&it.fields, &names, extra);
        quote! {
            #docs
            #deprecated
            #allow
            #derive
            #rename_all
            pub struct #name {
                #(#fields)*
                #unknown
            }

            #construction

            #(#default_fns)*

            #validation
        }
    }

    /// The Rust type of a struct field: its type, boxed, in a `Nullable` when it tells absent
    /// from `null`, in an `Option` unless it is required and not nullable or takes a default.
    fn field_type(&self, field: &Field, boxed: bool, defaulted: bool) -> TokenStream {
        let mut ty = self.rust_type(&field.ty);
        if boxed {
            let boxed = self.std_name("Box");
            ty = quote! { #boxed<#ty> };
        }
        if is_three_state(field) {
            let nullable = self.runtime_name("Nullable");
            ty = quote! { #nullable<#ty> };
        }
        if !defaulted && (!field.required || field.nullable) {
            let option = self.std_name("Option");
            ty = quote! { #option<#ty> };
        }
        ty
    }

    /// How values of the struct are made ([`Construction`]): `Default` written out, or `new`
    /// taking the required fields; nothing when `Default` is derived.
    fn construction(
        &self,
        it: &Struct,
        names: &[String],
        map_name: Option<&str>,
        default_fns: &[Option<String>],
        allow: &TokenStream,
    ) -> TokenStream {
        let construction = struct_construction(self.cx.api, it);
        let default = quote! { std::default::Default::default() };
        let values: Vec<TokenStream> = it
            .fields
            .iter()
            .zip(names)
            .zip(default_fns)
            .map(|((field, name), default_fn)| {
                let member = ident::ident(name);
                match default_fn {
                    Some(default_fn) => {
                        let default_fn = ident::ident(default_fn);
                        quote! { #member: #default_fn(), }
                    }
                    None if field.required => match fixed_value(self.cx.api, field) {
                        Some(Fixed::Text(text)) => quote! { #member: #text.into(), },
                        Some(Fixed::Variant(it)) => {
                            let ty = self.rust_type(&field.ty);
                            let names = enum_variant_names(it);
                            let variant = ident::ident(names.first().map_or("", String::as_str));
                            quote! { #member: #ty::#variant, }
                        }
                        None => quote! { #member: #member.into(), },
                    },
                    None => quote! { #member: None, },
                }
            })
            .collect();
        let map = map_name.map(|name| {
            let member = ident::ident(name);
            quote! { #member: #default, }
        });
        // A deprecated type or field is still named here.
        let deprecated = self.cx.api.get(self.id).deprecated.is_some()
            || it.fields.iter().any(|field| field.deprecated.is_some());
        let allow = if allow.is_empty() && deprecated {
            quote! { #[allow(deprecated)] }
        } else {
            allow.clone()
        };
        let name = ident::ident(self.own);
        match construction {
            Construction::DeriveDefault => TokenStream::new(),
            Construction::WriteDefault => quote! {
                #allow
                impl std::default::Default for #name {
                    fn default() -> Self {
                        Self {
                            #(#values)*
                            #map
                        }
                    }
                }
            },
            Construction::New(required) => {
                let params = required.iter().map(|&idx| {
                    let member = ident::ident(&names[idx]);
                    let boxed = self.cx.boxed.contains(&(self.id, idx));
                    let ty = self.field_type(&it.fields[idx], boxed, false);
                    quote! { #member: impl Into<#ty> }
                });
                let many =
                    (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
                let doc = docs::outer(&format!(
                    "A value of its required fields; the optional ones are left out{}.{}\n\
                     Set others with struct update syntax: `{} {{ field: Some(value), ..{}::new(...) }}`.",
                    if default_fns.iter().any(Option::is_some) {
                        " or take the spec's default"
                    } else {
                        ""
                    },
                    if it
                        .fields
                        .iter()
                        .any(|field| fixed_value(self.cx.api, field).is_some())
                    {
                        "\nRequired fields that hold one value only are set to it."
                    } else {
                        ""
                    },
                    self.own,
                    self.own,
                ));
                quote! {
                    #allow
                    impl #name {
                        #doc
                        #many
                        pub fn new(#(#params),*) -> Self {
                            Self {
                                #(#values)*
                                #map
                            }
                        }
                    }
                }
            }
        }
    }

    fn field(
        &self,
        field: &Field,
        name: &str,
        rule: Option<RenameRule>,
        boxed: bool,
        default_fn: Option<&str>,
    ) -> TokenStream {
        let ty = self.field_type(field, boxed, default_fn.is_some());
        let three_state = is_three_state(field);
        let mut date_reader = strict_date_reader(self.cx.api, field, default_fn.is_some());
        let mut serde = Vec::new();
        if RenameRule::apply_to_field(rule, name) != field.wire_name {
            let wire = &field.wire_name;
            serde.push(quote! { rename = #wire });
        }
        if let Some(default_fn) = default_fn {
            serde.push(quote! { default = #default_fn });
        } else if !field.required {
            let is_none = if self.own == "Option" {
                "std::option::Option::is_none"
            } else {
                "Option::is_none"
            };
            serde.push(quote! { default, skip_serializing_if = #is_none });
            let reader = date_reader.take().unwrap_or(if three_state {
                DESERIALIZE_NULLABLE
            } else {
                DESERIALIZE_NOT_NULL
            });
            serde.push(quote! { deserialize_with = #reader });
        } else if field.nullable && date_reader.is_none() {
            // Through `deserialize_with`, serde reports a missing field instead of reading
            // `None`: the spec requires the key, and `null` is its value.
            serde.push(quote! { deserialize_with = #DESERIALIZE_PRESENT });
        }
        if let Some(reader) = date_reader {
            serde.push(quote! { deserialize_with = #reader });
        }
        let serde = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
        let mut notes = notes::field_notes(field, name);
        if let Some(pattern) = &field.constraints.pattern
            && !self.cx.patterns.is_valid(pattern)
        {
            if !notes.is_empty() {
                notes.push('\n');
            }
            notes.push_str(
                "The pattern is not a valid ECMA-262 regular expression, so it is not checked.",
            );
        }
        let doc = docs::join(&[
            docs::description(field.description.as_deref()),
            notes,
            field
                .example
                .as_deref()
                .map(docs::example)
                .unwrap_or_default(),
        ]);
        let docs = docs::outer(&doc);
        let deprecated = deprecated(field.deprecated.as_deref());
        let complex = is_complex_type(&ty).then(|| quote! { #[allow(clippy::type_complexity)] });
        let name = ident::ident(name);
        quote! {
            #docs
            #deprecated
            #complex
            #serde
            pub #name: #ty,
        }
    }

    /// The Rust expression of a field's default; see [`default_value`].
    fn default_value(&self, field: &Field) -> Option<TokenStream> {
        default_value(self.cx.api, field, || self.rust_type(&field.ty))
    }

    /// `fn default_x() -> T { value }`, for `#[serde(default = "default_x")]`.
    fn default_fn(&self, field: &Field, name: &str, value: TokenStream) -> TokenStream {
        let name = ident::ident(name);
        let ty = self.rust_type(&field.ty);
        let mut types = BTreeSet::new();
        if let Type::Ref(target) = field.ty {
            types.insert(target);
        }
        let allow = self.allow_deprecated(&types);
        quote! {
            #allow
            fn #name() -> #ty {
                #value
            }
        }
    }

    fn enum_item(&self, ty: &TypeDef, it: &Enum) -> TokenStream {
        let name = ident::ident(self.own);
        let names = enum_variant_names(it);
        let docs = docs::outer(&docs::description(type_description(ty).as_deref()));
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
            let (rule, renames) = variant_renames(&pairs);
            let rename_all = rename_all(rule);
            let derive = self.derive(copy, self.serde_derives());
            let wires = it.values.iter().map(|value| value.wire_value.as_str());
            let allow = ty
                .deprecated
                .is_some()
                .then(|| quote! { #[allow(deprecated)] });
            let string_impls = is_string_enum(it).then(|| {
                let text_impls = self.text_impls(&allow);
                quote! {
                    #allow
                    impl #name {
                        /// Every value the spec lists, in its order.
                        pub const ALL: &'static [Self] = &[#(Self::#variants),*];

                        /// The value as it is sent on the wire.
                        pub fn as_str(&self) -> &'static str {
                            match *self {
                                #( Self::#variants => #wires, )*
                            }
                        }
                    }

                    #text_impls
                }
            });
            return quote! {
                #docs
                #deprecated
                #derive
                #rename_all
                pub enum #name {
                    #( #variant_docs #renames #variants, )*
                }

                #string_impls
            };
        };
        let derive = self.derive(copy, (false, false));
        let (ser_cfg, de_cfg) = (self.serde_cfg(true), self.serde_cfg(false));
        let allow = ty
            .deprecated
            .is_some()
            .then(|| quote! { #[allow(deprecated)] });
        let result = self.std_name("Result");
        let literals: Vec<TokenStream> = values
            .iter()
            .map(|&value| ident::int_literal(value))
            .collect();
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
            #ser_cfg
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
            #de_cfg
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

    /// An open enum: the listed values plus a variant that keeps any other value as it was
    /// sent, with hand-written serde impls so unknown values round-trip unchanged.
    fn open_enum_item(&self, ty: &TypeDef, it: &Enum) -> TokenStream {
        let name = ident::ident(self.own);
        let names = enum_variant_names(it);
        let other = ident::ident(&other_variant_name(&names));
        let docs = docs::outer(&docs::description(type_description(ty).as_deref()));
        let deprecated = deprecated(ty.deprecated.as_deref());
        let variant_docs: Vec<TokenStream> = it
            .values
            .iter()
            .map(|value| docs::outer(&docs::description(value.description.as_deref())))
            .collect();
        let variants: Vec<syn::Ident> = names.iter().map(|name| ident::ident(name)).collect();
        let allow = ty
            .deprecated
            .is_some()
            .then(|| quote! { #[allow(deprecated)] });
        let result = self.std_name("Result");
        let text_impls = if integer_values(it).is_none() && is_string_enum(it) {
            self.text_impls(&allow)
        } else {
            TokenStream::new()
        };
        let other_doc = docs::outer("A value the spec does not list, kept as it was sent.");
        // Deserialize maps each value to its first variant; later duplicates only serialize.
        let integers = integer_values(it);
        let (repr, literals, keys): (TokenStream, Vec<TokenStream>, Vec<String>) = match &integers {
            Some(values) => (
                quote! { i64 },
                values
                    .iter()
                    .map(|&value| ident::int_literal(value))
                    .collect(),
                values.iter().map(i64::to_string).collect(),
            ),
            None => (
                self.std_name("String"),
                it.values
                    .iter()
                    .map(|value| {
                        let wire = &value.wire_value;
                        quote! { #wire }
                    })
                    .collect(),
                it.values
                    .iter()
                    .map(|value| value.wire_value.clone())
                    .collect(),
            ),
        };
        let mut seen = BTreeSet::new();
        let arms: Vec<TokenStream> = keys
            .iter()
            .zip(&variants)
            .zip(&literals)
            .filter(|((key, _), _)| seen.insert(key.as_str()))
            .map(|((_, variant), literal)| quote! { #literal => Ok(Self::#variant), })
            .collect();
        let (ser_cfg, de_cfg) = (self.serde_cfg(true), self.serde_cfg(false));
        let (derive, accessor, serialize, scrutinee) = match integers {
            Some(_) => (
                self.derive(
                    quote! { Debug, Clone, Copy, PartialEq, Eq, Hash },
                    (false, false),
                ),
                quote! {
                    /// The value as it is sent on the wire.
                    pub fn as_i64(&self) -> i64 {
                        match *self {
                            #( Self::#variants => #literals, )*
                            Self::#other(value) => value,
                        }
                    }
                },
                quote! { serializer.serialize_i64(self.as_i64()) },
                quote! { value },
            ),
            None => (
                self.derive(quote! { Debug, Clone, PartialEq, Eq, Hash }, (false, false)),
                quote! {
                    /// Every value the spec lists, in its order (not the unknown one).
                    pub const ALL: &'static [Self] = &[#(Self::#variants),*];

                    /// The value as it is sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#variants => #literals, )*
                            Self::#other(value) => value,
                        }
                    }
                },
                quote! { serializer.serialize_str(self.as_str()) },
                quote! { value.as_str() },
            ),
        };
        let body = if arms.is_empty() {
            quote! { Ok(Self::#other(value)) }
        } else {
            quote! {
                match #scrutinee {
                    #(#arms)*
                    _ => Ok(Self::#other(value)),
                }
            }
        };
        quote! {
            #docs
            #deprecated
            #derive
            pub enum #name {
                #( #variant_docs #variants, )*
                #other_doc
                #other(#repr),
            }

            #allow
            impl #name {
                #accessor
            }

            #allow
            #ser_cfg
            impl serde::Serialize for #name {
                fn serialize<S>(&self, serializer: S) -> #result<S::Ok, S::Error>
                where
                    S: serde::Serializer,
                {
                    #serialize
                }
            }

            #allow
            #de_cfg
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D>(deserializer: D) -> #result<Self, D::Error>
                where
                    D: serde::Deserializer<'de>,
                {
                    let value = <#repr as serde::Deserialize>::deserialize(deserializer)?;
                    #body
                }
            }

            #text_impls
        }
    }

    /// `Display` (the wire text) and `FromStr` (read as JSON reads the text) of a string enum
    /// that has an `as_str()`.
    fn text_impls(&self, allow: &Option<TokenStream>) -> TokenStream {
        let name = ident::ident(self.own);
        let result = self.std_name("Result");
        // `FromStr` reads as `Deserialize` does, so it is there when `Deserialize` is.
        let de_cfg = self.serde_cfg(false);
        quote! {
            #allow
            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            #allow
            #de_cfg
            impl std::str::FromStr for #name {
                type Err = serde::de::value::Error;

                fn from_str(text: &str) -> #result<Self, Self::Err> {
                    crate::runtime::parse_str(text)
                }
            }
        }
    }

    fn union_item(&self, ty: &TypeDef, it: &Union) -> TokenStream {
        let name = ident::ident(self.own);
        let description = docs::description(type_description(ty).as_deref());
        let deprecated = deprecated(ty.deprecated.as_deref());
        let allow = self.allow_deprecated(&referenced(self.cx.api, ty));
        let repr = self.union_repr(it);
        let code = docs::inline_code;
        let (note, tag_property) = match &repr {
            UnionRepr::Empty => {
                let doc = docs::join(&[
                    description,
                    "The spec lists no variants, so this is any JSON value.".to_string(),
                ]);
                let docs = docs::outer(&doc);
                return quote! {
                    #docs
                    #deprecated
                    pub type #name = serde_json::Value;
                };
            }
            UnionRepr::Untagged { fallback: None } => (
                "On the wire this is the variant's value alone; when reading, the variant that\n\
                 names the value's keys best wins (all its required keys present, fewest keys it\n\
                 does not name, then the first listed)."
                    .to_string(),
                None,
            ),
            UnionRepr::Untagged {
                fallback: Some((property, reason)),
            } => (
                format!(
                    "The spec names the variant in the {} property, but {reason}.\n\
                     So the variant that names the value's keys best wins instead (all its\n\
                     required keys present, fewest keys it does not name, then the first listed).",
                    code(property)
                ),
                Some(*property),
            ),
            UnionRepr::Internal { property } => (
                format!(
                    "The {} property names the variant; the variant's fields sit beside it.",
                    code(property)
                ),
                Some(*property),
            ),
            UnionRepr::Dispatch { property } => (
                format!(
                    "The {} property names the variant. Each variant's struct holds it as a\n\
                     field too; keep the two in step.",
                    code(property)
                ),
                Some(*property),
            ),
            UnionRepr::Adjacent { tag, content } => (
                format!(
                    "The {} property names the variant and the {} property holds its value.",
                    code(tag),
                    code(content)
                ),
                Some(*tag),
            ),
        };
        let docs = docs::outer(&docs::join(&[description, note]));
        let names = union_variant_names(it);
        let variants: Vec<syn::Ident> = names.iter().map(|name| ident::ident(name)).collect();
        let variant_docs = it.variants.iter().map(|variant| {
            let tag = tag_property
                .map(|property| {
                    format!(
                        "{} is {} for this variant.",
                        code(property),
                        code(tag_of(variant))
                    )
                })
                .unwrap_or_default();
            docs::outer(&docs::join(&[
                docs::description(variant.description.as_deref()),
                tag,
            ]))
        });
        let payloads: Vec<TokenStream> = it
            .variants
            .iter()
            .enumerate()
            .map(|(idx, variant)| {
                let ty = self.rust_type(&variant.ty);
                if self.cx.boxed.contains(&(self.id, idx)) {
                    let boxed = self.std_name("Box");
                    quote! { #boxed<#ty> }
                } else {
                    ty
                }
            })
            .collect();
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .zip(&it.variants)
            .map(|(name, variant)| (name.as_str(), tag_of(variant)))
            .collect();
        let (tagging, (rule, renames)) = match &repr {
            UnionRepr::Internal { property } => {
                (quote! { tag = #property }, variant_renames(&pairs))
            }
            UnionRepr::Adjacent { tag, content } => (
                quote! { tag = #tag, content = #content },
                variant_renames(&pairs),
            ),
            _ => (quote! { untagged }, (None, vec![None; pairs.len()])),
        };
        let container = match rule {
            Some(rule) => {
                let rule = rule.as_str();
                quote! { #tagging, rename_all = #rule }
            }
            None => quote! { #tagging },
        };
        // A union that derives `Serialize` alone, behind the round-trip feature, has its
        // serde attribute there too.
        let container = match self.serde_derives() {
            (true, false) if self.serde_gates().serialize => {
                quote! { #[cfg_attr(feature = #ROUND_TRIP_FEATURE, serde(#container))] }
            }
            _ => quote! { #[serde(#container)] },
        };
        let large = self.may_have_large_variant(it).then(|| {
            quote! { #[allow(clippy::large_enum_variant)] }
        });
        let derive = self.derive(quote! { Debug, Clone, PartialEq }, self.serde_derives());
        // The hand-written impls name the union itself, which may be the deprecated one.
        let impl_allow = if ty.deprecated.is_some() && allow.is_empty() {
            quote! { #[allow(deprecated)] }
        } else {
            allow.clone()
        };
        let de_cfg = self.serde_cfg(false);
        let deserialize = match &repr {
            UnionRepr::Dispatch { property } => {
                let result = self.std_name("Result");
                let tags: Vec<&str> = it.variants.iter().map(tag_of).collect();
                quote! {
                    #impl_allow
                    #de_cfg
                    impl<'de> serde::Deserialize<'de> for #name {
                        fn deserialize<D>(deserializer: D) -> #result<Self, D::Error>
                        where
                            D: serde::Deserializer<'de>,
                        {
                            let value =
                                <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                            let Some(tag) = value.get(#property).and_then(serde_json::Value::as_str)
                            else {
                                return Err(serde::de::Error::missing_field(#property));
                            };
                            match tag {
                                #(
                                    #tags => serde_json::from_value(value)
                                        .map(Self::#variants)
                                        .map_err(serde::de::Error::custom),
                                )*
                                _ => Err(serde::de::Error::unknown_variant(tag, &[#(#tags),*])),
                            }
                        }
                    }
                }
            }
            UnionRepr::Untagged { .. } => {
                let result = self.std_name("Result");
                let type_name = self.own;
                let shapes = it.variants.iter().map(|variant| {
                    let alternatives = variant_shapes(self.cx.api, &variant.ty);
                    quote! { &[#(#alternatives),*] }
                });
                let reads: Vec<TokenStream> = it
                    .variants
                    .iter()
                    .zip(&variants)
                    .enumerate()
                    .map(|(idx, (variant, name))| {
                        let boxed = self.cx.boxed.contains(&(self.id, idx));
                        self.variant_read(&variant.ty, name, boxed)
                    })
                    .collect();
                let (last, rest) = reads.split_last().expect("an untagged union has variants");
                let indices = (0..rest.len()).map(Literal::usize_unsuffixed);
                // A union of one variant reads the value as that variant, once its shape fits.
                let read = if rest.is_empty() {
                    quote! { |_, value| #last }
                } else {
                    quote! {
                        |variant, value| match variant {
                            #( #indices => #rest, )*
                            _ => #last,
                        }
                    }
                };
                quote! {
                    #impl_allow
                    #de_cfg
                    impl #name {
                        /// Reads the union from JSON that is read already, without copying it.
                        pub(crate) fn from_json(
                            value: &serde_json::Value,
                        ) -> #result<Self, serde_json::Error> {
                            use crate::runtime::untagged as u;
                            const SHAPES: &[&[u::Shape]] = &[#(#shapes),*];
                            u::choose(value, #type_name, SHAPES, #read)
                        }
                    }

                    #impl_allow
                    #de_cfg
                    impl<'de> serde::Deserialize<'de> for #name {
                        fn deserialize<D>(deserializer: D) -> #result<Self, D::Error>
                        where
                            D: serde::Deserializer<'de>,
                        {
                            crate::runtime::untagged::deserialize(deserializer, Self::from_json)
                        }
                    }
                }
            }
            _ => TokenStream::new(),
        };
        let variant_types: Vec<(syn::Ident, &Type)> = variants
            .iter()
            .cloned()
            .zip(it.variants.iter().map(|variant| &variant.ty))
            .collect();
        let validation = self.union_validation(&variant_types);
        let from_impls = union_from_variants(self.cx.api, self.id, it)
            .into_iter()
            .enumerate()
            .filter(|(_, has_from)| *has_from)
            .map(|(idx, _)| {
                let variant = &variants[idx];
                let ty = self.rust_type(&it.variants[idx].ty);
                let value = if self.cx.boxed.contains(&(self.id, idx)) {
                    let boxed = self.std_name("Box");
                    quote! { #boxed::new(value) }
                } else {
                    quote! { value }
                };
                quote! {
                    #impl_allow
                    impl From<#ty> for #name {
                        fn from(value: #ty) -> Self {
                            Self::#variant(#value)
                        }
                    }
                }
            });
        quote! {
            #docs
            #deprecated
            #allow
            #large
            #derive
            #container
            pub enum #name {
                #( #variant_docs #renames #variants(#payloads), )*
            }

            #(#from_impls)*

            #deserialize

            #validation
        }
    }

    /// How an untagged union reads its variant `name` of type `ty` from `value` (a
    /// `&serde_json::Value`): a union, or an array of unions, that is untagged too through its
    /// `from_json`, everything else through serde.
    fn variant_read(&self, ty: &Type, name: &syn::Ident, boxed: bool) -> TokenStream {
        let untagged_union = |ty: &Type| match ty {
            Type::Ref(id) => match resolve_alias(self.cx.api, *id)
                // A replaced union is read as its own type reads itself.
                .filter(|id| !crate::model::replace::is_replaced(self.cx.api, *id))
                .and_then(|id| self.cx.api.types.get(id.0 as usize))
                .map(|def| &def.kind)
            {
                Some(TypeKind::Union(it)) => {
                    matches!(union_repr(self.cx.api, it), UnionRepr::Untagged { .. })
                }
                _ => false,
            },
            _ => false,
        };
        let wrap = if boxed {
            let boxed = self.std_name("Box");
            quote! { .map(|it| Self::#name(#boxed::new(it))) }
        } else {
            quote! { .map(Self::#name) }
        };
        match ty {
            Type::Ref(_) if untagged_union(ty) => {
                let target = self.rust_type(ty);
                quote! { #target::from_json(value)#wrap }
            }
            Type::Array(item) if untagged_union(item) => {
                let target = self.rust_type(item);
                quote! { u::items(value, #target::from_json)#wrap }
            }
            _ => quote! { serde::Deserialize::deserialize(value)#wrap },
        }
    }

    /// Whether clippy's `large_enum_variant` may fire. It fires when the largest variant is
    /// at least 200 bytes (its `enum-variant-size-threshold`) larger than the next, so it
    /// cannot while every variant is smaller than that; sizes are bounded from above.
    fn may_have_large_variant(&self, it: &Union) -> bool {
        let mut sizes = SizeBounds {
            api: self.cx.api,
            boxed: self.cx.boxed,
            memo: BTreeMap::new(),
        };
        let largest = it
            .variants
            .iter()
            .enumerate()
            .map(|(idx, variant)| {
                if self.cx.boxed.contains(&(self.id, idx)) {
                    8
                } else {
                    sizes.of(&variant.ty)
                }
            })
            .max()
            .unwrap_or(0);
        it.variants.len() > 1 && largest >= LARGE_VARIANT_BYTES
    }

    fn alias_item(&self, ty: &TypeDef, target: &Type) -> TokenStream {
        let name = ident::ident(self.own);
        let docs = docs::outer(&docs::description(type_description(ty).as_deref()));
        let deprecated = deprecated(ty.deprecated.as_deref());
        let allow = self.allow_deprecated(&referenced(self.cx.api, ty));
        let target = self.rust_type(target);
        quote! {
            #docs
            #deprecated
            #allow
            pub type #name = #target;
        }
    }

    fn free_form_item(&self, ty: &TypeDef) -> TokenStream {
        let name = ident::ident(self.own);
        let docs = docs::outer(&docs::description(type_description(ty).as_deref()));
        let deprecated = deprecated(ty.deprecated.as_deref());
        let string = self.std_name("String");
        quote! {
            #docs
            #deprecated
            pub type #name = serde_json::Map<#string, serde_json::Value>;
        }
    }
}

/// The Rust expression of a field's default, when the field can hold it as a plain value
/// ([`plain_default`]). `enum_type` writes the enum's type.
pub(crate) fn default_value(
    api: &Api,
    field: &Field,
    enum_type: impl FnOnce() -> TokenStream,
) -> Option<TokenStream> {
    Some(match plain_default(api, field)? {
        PlainDefault::Text(text) => quote! { #text.to_string() },
        PlainDefault::Integer(value) => ident::int_literal(value),
        PlainDefault::Float(value) => signed(
            Literal::f32_unsuffixed(value.abs()),
            value.is_sign_negative(),
        ),
        PlainDefault::Double(value) => signed(
            Literal::f64_unsuffixed(value.abs()),
            value.is_sign_negative(),
        ),
        PlainDefault::Bool(flag) => quote! { #flag },
        PlainDefault::Variant(idx) => {
            let Type::Ref(target) = &field.ty else {
                return None;
            };
            let TypeKind::Enum(it) = &api.types.get(target.0 as usize)?.kind else {
                return None;
            };
            let variant = ident::ident(enum_variant_names(it).get(idx)?);
            let ty = enum_type();
            quote! { #ty::#variant }
        }
    })
}

/// `literal`, negated when `negative`.
fn signed(literal: Literal, negative: bool) -> TokenStream {
    if negative {
        quote! { -#literal }
    } else {
        quote! { #literal }
    }
}

/// Clippy's default `enum-variant-size-threshold`.
const LARGE_VARIANT_BYTES: u64 = 200;

/// Upper bounds of the in-memory size of generated types on 64-bit targets, generous where a
/// size depends on the dependencies' features (`serde_json::Value` with `preserve_order`).
struct SizeBounds<'a> {
    api: &'a Api,
    boxed: &'a BTreeSet<(TypeId, usize)>,
    /// Bounds of named types found so far; a type still being sized is marked with `None`.
    memo: BTreeMap<TypeId, Option<u64>>,
}

impl SizeBounds<'_> {
    /// Bytes a value of `ty` takes at most.
    fn of(&mut self, ty: &Type) -> u64 {
        match ty {
            Type::Boolean => 1,
            Type::Integer(IntFormat::Int32) | Type::Number(NumberFormat::Float) | Type::Date => 4,
            Type::Integer(_) | Type::Number(_) => 8,
            Type::DateTime => 16,
            // `String`, `Vec`, `BTreeMap` and `Base64` are three words.
            Type::String | Type::Binary | Type::Array(_) | Type::Map(_) => 24,
            Type::Any => 80,
            // The value and the option's flag, a word.
            Type::Nullable(inner) => self.of(inner).div_ceil(8) * 8 + 8,
            Type::Ref(id) => self.named(*id),
        }
    }

    fn named(&mut self, id: TypeId) -> u64 {
        // A type that contains itself is boxed somewhere, but sizing it is not worth the
        // bookkeeping: call it large.
        const UNKNOWN: u64 = LARGE_VARIANT_BYTES * 8;
        match self.memo.get(&id) {
            Some(Some(size)) => return *size,
            Some(None) => return UNKNOWN,
            None => {}
        }
        let Some(ty) = self.api.types.get(id.0 as usize) else {
            return self.of(&Type::Any);
        };
        self.memo.insert(id, None);
        // Every field or variant rounded up to a word, plus a word for an enum's tag or an
        // option's flag.
        let word = |size: u64| size.div_ceil(8) * 8;
        let unknown_fields = u64::from(
            self.api.keep_unknown_fields
                || matches!(&ty.kind, TypeKind::Struct(it) if it.additional.is_some()),
        ) * 24;
        let size = match &ty.kind {
            TypeKind::Struct(it) => it
                .fields
                .iter()
                .enumerate()
                .map(|(idx, field)| {
                    let size = if self.boxed.contains(&(id, idx)) {
                        8
                    } else {
                        self.of(&field.ty)
                    };
                    let wrappers = u64::from(!field.required || field.nullable)
                        + u64::from(is_three_state(field));
                    word(size) + 8 * wrappers
                })
                .fold(unknown_fields, u64::saturating_add),
            TypeKind::Union(it) => it
                .variants
                .iter()
                .enumerate()
                .map(|(idx, variant)| {
                    if self.boxed.contains(&(id, idx)) {
                        8
                    } else {
                        word(self.of(&variant.ty))
                    }
                })
                .max()
                .map_or(0, |size| size + 8),
            TypeKind::Enum(_) => 32,
            TypeKind::FreeForm => 80,
            TypeKind::Alias(target) => self.of(target),
        };
        self.memo.insert(id, Some(size));
        size
    }
}

/// The shapes of a union variant of type `ty` ([`shapes::variant_shapes`]), as
/// `crate::runtime::untagged::Shape` expressions (with the runtime module imported as `u`).
fn variant_shapes(api: &Api, ty: &Type) -> Vec<TokenStream> {
    shapes::variant_shapes(api, ty, &mut Vec::new())
        .into_iter()
        .map(|shape| match shape {
            VariantShape::Kinds(bits) => {
                let kinds = kind_tokens(bits);
                quote! { u::Shape::Kinds(#kinds) }
            }
            VariantShape::Array(bits) => {
                let items = kind_tokens(bits);
                quote! { u::Shape::Array(#items) }
            }
            VariantShape::Map(bits) => {
                let values = kind_tokens(bits);
                quote! { u::Shape::Map(#values) }
            }
            VariantShape::Object { fields, listed } => {
                let fields = fields.iter().map(|(wire, bits)| {
                    let kinds = kind_tokens(*bits & !shapes::REQUIRED);
                    let kinds = if bits & shapes::REQUIRED != 0 {
                        quote! { u::REQUIRED | #kinds }
                    } else {
                        kinds
                    };
                    quote! { (#wire, #kinds) }
                });
                if listed.is_empty() {
                    quote! { u::Shape::Object(&[#(#fields),*]) }
                } else {
                    let listed = listed.iter().map(|(wire, texts)| {
                        quote! { (#wire, &[#(#texts),*]) }
                    });
                    quote! { u::Shape::Listed(&[#(#fields),*], &[#(#listed),*]) }
                }
            }
        })
        .collect()
}

const KIND_NULL: u8 = shapes::NULL;
const KIND_BOOL: u8 = shapes::BOOL;
const KIND_INTEGER: u8 = shapes::INTEGER;
const KIND_NUMBER: u8 = shapes::NUMBER;
const KIND_STRING: u8 = shapes::STRING;
const KIND_ARRAY: u8 = shapes::ARRAY;
const KIND_OBJECT: u8 = shapes::OBJECT;
const KIND_ANY: u8 = shapes::ANY;

/// Kind bits as an expression of the runtime's constants: `u::STRING | u::NULL`.
fn kind_tokens(bits: u8) -> TokenStream {
    if bits & KIND_ANY == KIND_ANY {
        return quote! { u::ANY };
    }
    let names: Vec<syn::Ident> = [
        (KIND_NULL, "NULL"),
        (KIND_BOOL, "BOOL"),
        (KIND_NUMBER, "NUMBER"),
        (KIND_INTEGER, "INTEGER"),
        (KIND_STRING, "STRING"),
        (KIND_ARRAY, "ARRAY"),
        (KIND_OBJECT, "OBJECT"),
    ]
    .into_iter()
    .scan(0u8, |covered, (bit, name)| {
        let take = bits & bit == bit && *covered & bit != bit;
        if take {
            *covered |= bit;
        }
        Some(take.then(|| ident::ident(name)))
    })
    .flatten()
    .collect();
    if names.is_empty() {
        return quote! { 0 };
    }
    quote! { #(u::#names)|* }
}

/// Whether clippy's `type_complexity` lint (default threshold 250) rejects the Rust type
/// `ty`, such as `Option<BTreeMap<String, BTreeMap<String, BTreeMap<String, Vec<String>>>>>`:
/// the lint's score, where each path costs ten times how deeply it is nested.
pub(crate) fn is_complex_type(ty: &TokenStream) -> bool {
    fn score(ty: &syn::Type, nest: u64) -> u64 {
        match ty {
            syn::Type::Path(path) => {
                let args: u64 = path
                    .path
                    .segments
                    .iter()
                    .flat_map(|segment| match &segment.arguments {
                        syn::PathArguments::AngleBracketed(args) => args.args.iter().collect(),
                        _ => Vec::new(),
                    })
                    .map(|arg| match arg {
                        syn::GenericArgument::Type(ty) => score(ty, nest + 1),
                        _ => 0,
                    })
                    .sum();
                10 * nest + args
            }
            syn::Type::Reference(it) => 1 + score(&it.elem, nest + 1),
            syn::Type::Slice(it) => score(&it.elem, nest + 1),
            syn::Type::Array(it) => score(&it.elem, nest + 1),
            syn::Type::Tuple(it) => it.elems.iter().map(|ty| score(ty, nest + 1)).sum(),
            _ => 0,
        }
    }
    syn::parse2::<syn::Type>(ty.clone()).is_ok_and(|ty| score(&ty, 1) > 250)
}

/// The runtime function that reads a date field as RFC 3339 has it (exactly four digits of
/// year), for the fields whose Rust type is `NaiveDate`, `Option<NaiveDate>` or
/// `Option<Nullable<NaiveDate>>`.
fn strict_date_reader(api: &Api, field: &Field, defaulted: bool) -> Option<&'static str> {
    if field.ty != Type::Date || !crate::model::dates::chrono_dates(api) {
        return None;
    }
    Some(if defaulted || (field.required && !field.nullable) {
        "crate::runtime::strict_date"
    } else if field.required {
        "crate::runtime::strict_date_or_null"
    } else if field.nullable {
        "crate::runtime::strict_date_nullable"
    } else {
        "crate::runtime::strict_date_present"
    })
}

/// The `rename_all` rule and the per-variant `#[serde(rename = "...")]` attributes that make
/// `(variant, wire value)` pairs hold, with the fewest attributes.
fn variant_renames(pairs: &[(&str, &str)]) -> (Option<RenameRule>, Vec<Option<TokenStream>>) {
    let rule = rename::choose_for_variants(pairs);
    let renames = pairs
        .iter()
        .map(|(name, wire)| {
            (RenameRule::apply_to_variant(rule, name) != *wire)
                .then(|| quote! { #[serde(rename = #wire)] })
        })
        .collect();
    (rule, renames)
}

fn deprecated(note: Option<&str>) -> TokenStream {
    let Some(note) = note else {
        return TokenStream::new();
    };
    let note = docs::note(note);
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
