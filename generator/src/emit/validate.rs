//! Validation: the `Validate` impl of every generated type (`crate::runtime::Validate`), which
//! checks the spec's rules (lengths, patterns, formats, ranges, multiples, item and property
//! counts, uniqueness, allowed values) on the value and everything nested in it.
//!
//! The code is plain Rust calling the runtime's `rules` functions, not a derive: the rules are
//! known when the code is generated, so each type checks exactly its own, pointers are built
//! from wire names, and a type without rules (in itself or anything it holds) costs one line,
//! `impl Validate for Tag {}`, the trait's default checking nothing. A struct checks its fields in spec
//! order; the rules of a field live in an associated function `validate_<field>` (crate-private)
//! that the struct's impl calls and that the generated example tests call too.
//!
//! Which rules are checked is decided once, by `model::rules::effective`, for the emitter, the
//! docs and the example checker (`crate::examples`) alike; which types validate, by the plan.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::ident;
use super::scope::Scope;
use crate::model::rules::{Kind, effective, field_rules, kind, variant_rules};
use crate::model::wire::{is_three_state, referenced};
use crate::model::{Alternatives, Constraints, Field, Struct, Type, TypeKind};
use crate::plan::validation::type_validates;

/// Whether the value of a field should be shown in violations: not for write-only fields and
/// passwords.
pub(crate) fn shows_values(field: &Field) -> bool {
    !field.write_only && field.constraints.format.as_deref() != Some("password")
}

/// Name of the associated function that checks the rules of a field named `field` in Rust.
pub(crate) fn field_fn_name(field: &str) -> String {
    format!(
        "validate_{}",
        field.trim_start_matches("r#").trim_start_matches('_')
    )
}

/// The statements of a check, and the `static` patterns they use.
#[derive(Default)]
struct Code {
    statics: Vec<TokenStream>,
    /// How many loops enclose the code being written, for unique variable names.
    depth: usize,
}

impl Scope<'_> {
    /// The three runtime names a `Validate` impl uses.
    fn validation_names(&self) -> (TokenStream, TokenStream, TokenStream) {
        (
            self.runtime_name("Validate"),
            self.runtime_name("Path"),
            self.runtime_name("ValidationErrors"),
        )
    }

    /// `impl Validate` for a struct, and its fields' `validate_<field>` functions. `names` are
    /// the fields' Rust names.
    pub(super) fn struct_validation(
        &self,
        fields: &[Field],
        names: &[String],
        extra: Vec<TokenStream>,
    ) -> TokenStream {
        let name = ident::ident(self.own);
        let (validate, path, errors_ty) = self.validation_names();
        let api = self.cx.api;
        let mut checks = Vec::new();
        let mut fns = Vec::new();
        for (field, rust_name) in fields.iter().zip(names) {
            let rules = field_rules(api, field, self.cx.patterns);
            let wire = &field.wire_name;
            let member = ident::ident(rust_name);
            if rules.is_empty() {
                if type_validates(&field.ty, self.cx.validates) {
                    checks.push(quote! {
                        #validate::validate_at(&self.#member, &at.key(#wire), errors);
                    });
                }
                continue;
            }
            let fn_name = format_ident!("{}", field_fn_name(rust_name));
            let has_default = self.has_plain_default(field);
            let call = quote! { Self::#fn_name(value, &at.key(#wire), errors); };
            checks.push(if is_three_state(field) {
                let nullable = self.runtime_name("Nullable");
                quote! {
                    if let Some(#nullable::Value(value)) = &self.#member {
                        #call
                    }
                }
            } else if !has_default && (!field.required || field.nullable) {
                quote! {
                    if let Some(value) = &self.#member {
                        #call
                    }
                }
            } else {
                quote! { Self::#fn_name(&self.#member, &at.key(#wire), errors); }
            });
            fns.push(self.field_fn(field, &fn_name, &rules));
        }
        checks.extend(extra);
        let body = if checks.is_empty() {
            // Nothing to check: the trait's default `validate_at`.
            TokenStream::new()
        } else {
            quote! {
                fn validate_at(&self, at: &#path<'_>, errors: &mut #errors_ty) {
                    if errors.too_deep(at) {
                        return;
                    }
                    #(#checks)*
                }
            }
        };
        let allow = self.allow_deprecated_self();
        let inherent = (!fns.is_empty()).then(|| {
            // The functions take the field's type, so that example tests can pass them as they
            // are, `&String` and `&Vec` included.
            quote! {
                #allow
                #[allow(clippy::ptr_arg)]
                impl #name {
                    #(#fns)*
                }
            }
        });
        quote! {
            #allow
            impl #validate for #name {
                #body
            }

            #inherent
        }
    }

    /// The checks of a struct besides those of its fields, in its `validate_at`: the values
    /// of its `additionalProperties` (in the flattened map `map`), and its alternatives.
    /// `names` are the fields' Rust names.
    pub(super) fn struct_rules(
        &self,
        it: &Struct,
        names: &[String],
        map: Option<&str>,
    ) -> Vec<TokenStream> {
        let api = self.cx.api;
        let mut res = Vec::new();
        if let (Some(additional), Some(map)) = (&it.additional, map) {
            let rules = Constraints {
                items: Some(Box::new(additional.constraints.clone())),
                ..Constraints::default()
            };
            let ty = Type::Map(Box::new(additional.ty.clone()));
            let rules = effective(api, &ty, &rules, self.cx.patterns);
            let mut code = Code::default();
            let body = self.value_checks(&mut code, &ty, &rules, &quote! { value }, &quote! { at });
            if !body.is_empty() {
                let member = ident::ident(map);
                let statics = &code.statics;
                res.push(quote! {
                    {
                        #(#statics)*
                        let value = &self.#member;
                        #body
                    }
                });
            }
        }
        for alternatives in &it.alternatives {
            res.push(self.alternatives_check(it, names, map, alternatives));
        }
        res
    }

    /// Counts the alternatives that hold and reports when too few (`anyOf`) or not exactly
    /// one (`oneOf`) do. An alternative holds when the properties it requires are present (a
    /// required field always is; one with a default counts as present) and the present
    /// properties it adds rules to follow them.
    fn alternatives_check(
        &self,
        it: &Struct,
        names: &[String],
        map: Option<&str>,
        alternatives: &Alternatives,
    ) -> TokenStream {
        let api = self.cx.api;
        let (_, _, errors_ty) = self.validation_names();
        let field_of = |wire: &str| {
            it.fields
                .iter()
                .zip(names)
                .find(|(field, _)| field.wire_name == wire)
        };
        let mut holds = Vec::new();
        let mut texts = Vec::new();
        for branch in &alternatives.branches {
            let mut conditions = Vec::new();
            for wire in &branch.required {
                match field_of(wire) {
                    Some((field, name)) => {
                        // A required field is always present (a nullable one too: reading
                        // fails without it), and one with a default cannot tell.
                        if !self.has_plain_default(field) && !field.required {
                            let member = ident::ident(name);
                            conditions.push(quote! { self.#member.is_some() });
                        }
                    }
                    None => {
                        if let Some(map) = map {
                            let member = ident::ident(map);
                            conditions.push(quote! { self.#member.contains_key(#wire) });
                        }
                    }
                }
            }
            for (wire, rules) in &branch.rules {
                let Some((field, name)) = field_of(wire) else {
                    continue;
                };
                let rules = effective(api, &field.ty, rules, self.cx.patterns);
                if rules.is_empty() {
                    continue;
                }
                let mut code = Code::default();
                let body = self.value_checks(
                    &mut code,
                    &field.ty,
                    &rules,
                    &quote! { value },
                    &quote! { at },
                );
                let statics = &code.statics;
                let member = ident::ident(name);
                let check = if is_three_state(field) {
                    let nullable = self.runtime_name("Nullable");
                    quote! { if let Some(#nullable::Value(value)) = &self.#member { #body } }
                } else if !self.has_plain_default(field) && (!field.required || field.nullable) {
                    quote! { if let Some(value) = &self.#member { #body } }
                } else {
                    quote! { let value = &self.#member; #body }
                };
                conditions.push(quote! {
                    {
                        #(#statics)*
                        let errors = &mut #errors_ty::new();
                        let at = &at.key(#wire);
                        #check
                        errors.is_empty()
                    }
                });
            }
            holds.push(if conditions.is_empty() {
                quote! { true }
            } else {
                quote! { #(#conditions)&&* }
            });
            texts.push(format!("{{{}}}", branch.required.join(", ")));
        }
        let exactly_one = alternatives.exactly_one;
        quote! {
            crate::runtime::rules::alternatives(
                [#(#holds),*].into_iter().filter(|holds| *holds).count(),
                #exactly_one,
                &[#(#texts),*],
                at,
                errors,
            );
        }
    }

    /// `impl Validate` for a union: the rules of the variant the value is (those of an inline
    /// member, `variants` in the model's order) and the variant's own check.
    pub(super) fn union_validation(&self, variants: &[(syn::Ident, &Type)]) -> TokenStream {
        let name = ident::ident(self.own);
        let (validate, path, errors_ty) = self.validation_names();
        let api = self.cx.api;
        let model_variants = match &api.get(self.id).kind {
            TypeKind::Union(it) => it.variants.as_slice(),
            _ => &[],
        };
        let mut code = Code::default();
        // Each checked variant with its statements, and whether they are the variant's own
        // check alone.
        let checked: Vec<(&syn::Ident, TokenStream, bool)> = variants
            .iter()
            .enumerate()
            .filter_map(|(idx, (variant, ty))| {
                let rules = model_variants
                    .get(idx)
                    .map(|it| variant_rules(api, it, self.cx.patterns))
                    .unwrap_or_default();
                if rules.is_empty() {
                    return type_validates(ty, self.cx.validates).then(|| {
                        (
                            variant,
                            quote! { #validate::validate_at(value, at, errors); },
                            true,
                        )
                    });
                }
                let body =
                    self.value_checks(&mut code, ty, &rules, &quote! { value }, &quote! { at });
                Some((variant, body, false))
            })
            .collect();
        let statics = &code.statics;
        let arms: Vec<TokenStream> = checked
            .iter()
            .map(|(variant, body, own_only)| {
                if *own_only {
                    quote! { Self::#variant(value) => #validate::validate_at(value, at, errors), }
                } else {
                    quote! { Self::#variant(value) => { #body } }
                }
            })
            .collect();
        let checks = match checked.as_slice() {
            [] => None,
            // Clippy's `single_match` asks for `if let` over a one-armed match.
            [(variant, body, _)] if variants.len() > 1 => Some(quote! {
                #(#statics)*
                if let Self::#variant(value) = self {
                    #body
                }
            }),
            _ => {
                let rest = (arms.len() < variants.len()).then(|| quote! { _ => {} });
                Some(quote! {
                    #(#statics)*
                    match self {
                        #(#arms)*
                        #rest
                    }
                })
            }
        };
        let body = match checks {
            None => TokenStream::new(),
            Some(checks) => quote! {
                fn validate_at(&self, at: &#path<'_>, errors: &mut #errors_ty) {
                    if errors.too_deep(at) {
                        return;
                    }
                    #checks
                }
            },
        };
        let allow = self.allow_deprecated_self();
        quote! {
            #allow
            impl #validate for #name {
                #body
            }
        }
    }

    /// `impl Validate` for an enum opened only so that responses with values added since
    /// still read: a value the spec does not list (kept in the variant `other`) is reported
    /// as an `enum` violation.
    pub(super) fn strict_enum_validation(
        &self,
        it: &crate::model::Enum,
        other: &str,
    ) -> TokenStream {
        let name = ident::ident(self.own);
        let other = ident::ident(other);
        let (validate, path, errors_ty) = self.validation_names();
        let allow = self.allow_deprecated_self();
        let rules_mod = quote! { crate::runtime::rules };
        let check = match crate::model::wire::integer_values(it) {
            Some(values) => {
                let texts: Vec<String> = values.iter().map(i64::to_string).collect();
                quote! { #rules_mod::one_of_number(*value, false, &[#(#texts),*], at, errors); }
            }
            None => {
                let texts: Vec<String> = it
                    .values
                    .iter()
                    .map(|value| serde_json::Value::String(value.wire_value.clone()).to_string())
                    .collect();
                quote! { #rules_mod::one_of_str(value, &[], &[#(#texts),*], at, errors); }
            }
        };
        quote! {
            #allow
            impl #validate for #name {
                fn validate_at(&self, at: &#path<'_>, errors: &mut #errors_ty) {
                    if let Self::#other(value) = self {
                        #check
                    }
                }
            }
        }
    }

    /// `impl Validate` for a type without rules (an enum): one line, the trait's default
    /// `validate_at` checking nothing.
    pub(super) fn no_validation(&self) -> TokenStream {
        let name = ident::ident(self.own);
        let validate = self.runtime_name("Validate");
        let allow = self.allow_deprecated_self();
        quote! {
            #allow
            impl #validate for #name {}
        }
    }

    /// `#[allow(deprecated)]` for code that names the type, its fields or the types they
    /// hold, when any of them is deprecated.
    fn allow_deprecated_self(&self) -> TokenStream {
        let api = self.cx.api;
        let def = api.get(self.id);
        let fields = match &def.kind {
            TypeKind::Struct(it) => it.fields.iter().any(|field| field.deprecated.is_some()),
            _ => false,
        };
        let held = referenced(api, def)
            .iter()
            .any(|id| api.get(*id).deprecated.is_some());
        if def.deprecated.is_some() || fields || held {
            quote! { #[allow(deprecated)] }
        } else {
            TokenStream::new()
        }
    }

    fn has_plain_default(&self, field: &Field) -> bool {
        crate::model::wire::plain_default(self.cx.api, field).is_some()
    }

    /// `pub(crate) fn validate_<field>(value: &T, at: &Path<'_>, errors: &mut ValidationErrors)`,
    /// checking `rules` and what the value holds; `T` is the field's type without `Option`,
    /// `Nullable` or `Box`.
    fn field_fn(&self, field: &Field, name: &syn::Ident, rules: &Constraints) -> TokenStream {
        let (_, path, errors_ty) = self.validation_names();
        let param = self.rust_type(&field.ty);
        let mut code = Code::default();
        let body = self.value_checks(
            &mut code,
            &field.ty,
            rules,
            &quote! { value },
            &quote! { at },
        );
        let statics = &code.statics;
        let (start, redact) = if shows_values(field) {
            (TokenStream::new(), TokenStream::new())
        } else {
            (
                quote! { let start = errors.len(); },
                quote! { errors.redact_from(start); },
            )
        };
        let doc = super::docs::outer(&format!(
            "Checks the rules of {} on its value.",
            docs_code(&field.wire_name)
        ));
        quote! {
            #doc
            pub(crate) fn #name(value: &#param, at: &#path<'_>, errors: &mut #errors_ty) {
                #(#statics)*
                #start
                #body
                #redact
            }
        }
    }

    /// Statements checking `rules` on `value` (a variable of type `&T`, `T` the Rust type of
    /// `ty`, which an item that may be `null` rebinds to its value), at `at` (an expression of
    /// type `&Path`), and the `Validate` impls of what it holds.
    fn value_checks(
        &self,
        code: &mut Code,
        ty: &Type,
        rules: &Constraints,
        value: &TokenStream,
        at: &TokenStream,
    ) -> TokenStream {
        let api = self.cx.api;
        let rules_mod = quote! { crate::runtime::rules };
        let mut res = TokenStream::new();
        match kind(api, ty) {
            Kind::Str => res.extend(self.string_checks(code, rules, value, at)),
            Kind::Int(narrow) => res.extend(number_checks(
                rules,
                &quote! { *#value },
                at,
                NumberKind::Int(narrow),
            )),
            Kind::F32 => res.extend(number_checks(
                rules,
                &quote! { *#value },
                at,
                NumberKind::F32,
            )),
            Kind::F64 => res.extend(number_checks(
                rules,
                &quote! { *#value },
                at,
                NumberKind::F64,
            )),
            Kind::Bool => {
                if !rules.allowed.is_empty() {
                    let texts = allowed_texts(&rules.allowed);
                    let flags: Vec<bool> =
                        rules.allowed.iter().filter_map(|v| v.as_bool()).collect();
                    res.extend(quote! {
                        #rules_mod::one_of_bool(*#value, &[#(#flags),*], &[#(#texts),*], #at, errors);
                    });
                }
            }
            Kind::Array(inner) => {
                res.extend(count_checks(
                    rules.min_items,
                    rules.max_items,
                    "items",
                    value,
                    at,
                ));
                if rules.unique_items {
                    res.extend(quote! { #rules_mod::unique_items(#value, #at, errors); });
                }
                let items = rules.items.as_deref().cloned().unwrap_or_default();
                if !items.is_empty() || type_validates(inner, self.cx.validates) {
                    code.depth += 1;
                    let idx = format_ident!("idx{}", code.depth);
                    let item = format_ident!("item{}", code.depth);
                    let item_at = format_ident!("at{}", code.depth);
                    let inner_code = self.value_checks(
                        code,
                        inner,
                        &items,
                        &quote! { #item },
                        &quote! { #item_at },
                    );
                    code.depth -= 1;
                    res.extend(quote! {
                        for (#idx, #item) in #value.iter().enumerate() {
                            let #item_at = &#at.index(#idx);
                            #inner_code
                        }
                    });
                }
            }
            Kind::Map(inner) => {
                res.extend(count_checks(
                    rules.min_properties,
                    rules.max_properties,
                    "properties",
                    value,
                    at,
                ));
                let items = rules.items.as_deref().cloned().unwrap_or_default();
                if !items.is_empty() || type_validates(inner, self.cx.validates) {
                    code.depth += 1;
                    let key = format_ident!("key{}", code.depth);
                    let item = format_ident!("item{}", code.depth);
                    let item_at = format_ident!("at{}", code.depth);
                    let inner_code = self.value_checks(
                        code,
                        inner,
                        &items,
                        &quote! { #item },
                        &quote! { #item_at },
                    );
                    code.depth -= 1;
                    res.extend(quote! {
                        for (#key, #item) in #value {
                            let #item_at = &#at.key(#key);
                            #inner_code
                        }
                    });
                }
            }
            Kind::Nullable(inner) => {
                // The rules are those of the value when it is not `null`.
                let inner_code = self.value_checks(code, inner, rules, value, at);
                if !inner_code.is_empty() {
                    res.extend(quote! {
                        if let Some(#value) = #value {
                            #inner_code
                        }
                    });
                }
            }
            Kind::Object => res.extend(count_checks(
                rules.min_properties,
                rules.max_properties,
                "properties",
                value,
                at,
            )),
            Kind::Any => res.extend(self.any_checks(code, rules, value, at)),
            Kind::Named(_) => {
                if type_validates(ty, self.cx.validates) {
                    let (validate, _, _) = self.validation_names();
                    res.extend(quote! { #validate::validate_at(#value, #at, errors); });
                }
            }
            Kind::Other => {}
        }
        res
    }

    /// Checks of a `&str` (or `&String`) `value`.
    fn string_checks(
        &self,
        code: &mut Code,
        rules: &Constraints,
        value: &TokenStream,
        at: &TokenStream,
    ) -> TokenStream {
        let rules_mod = quote! { crate::runtime::rules };
        let mut res = TokenStream::new();
        if let Some(min) = rules.min_length {
            let min = Literal::u64_unsuffixed(min);
            res.extend(quote! { #rules_mod::min_length(#value, #min, #at, errors); });
        }
        if let Some(max) = rules.max_length {
            let max = Literal::u64_unsuffixed(max);
            res.extend(quote! { #rules_mod::max_length(#value, #max, #at, errors); });
        }
        if let Some(pattern) = &rules.pattern {
            let name = format_ident!("PATTERN_{}", code.statics.len());
            code.statics.push(quote! {
                static #name: crate::runtime::Pattern = crate::runtime::Pattern::new(#pattern);
            });
            res.extend(quote! { #rules_mod::pattern(#value, &#name, #at, errors); });
        }
        if let Some(format) = &rules.format {
            res.extend(quote! { #rules_mod::format(#value, #format, #at, errors); });
        }
        if !rules.allowed.is_empty() {
            let texts = allowed_texts(&rules.allowed);
            let strings: Vec<&str> = rules.allowed.iter().filter_map(|v| v.as_str()).collect();
            res.extend(quote! {
                #rules_mod::one_of_str(#value, &[#(#strings),*], &[#(#texts),*], #at, errors);
            });
        }
        res
    }

    /// Checks of a `&serde_json::Value`: each rule on the JSON kind it is about.
    fn any_checks(
        &self,
        code: &mut Code,
        rules: &Constraints,
        value: &TokenStream,
        at: &TokenStream,
    ) -> TokenStream {
        let rules_mod = quote! { crate::runtime::rules };
        let string_rules = Constraints {
            min_length: rules.min_length,
            max_length: rules.max_length,
            pattern: rules.pattern.clone(),
            format: rules.format.clone(),
            ..Constraints::default()
        };
        let number_rules = Constraints {
            minimum: rules.minimum,
            maximum: rules.maximum,
            exclusive_minimum: rules.exclusive_minimum,
            exclusive_maximum: rules.exclusive_maximum,
            multiple_of: rules.multiple_of,
            ..Constraints::default()
        };
        let array_rules = Constraints {
            min_items: rules.min_items,
            max_items: rules.max_items,
            unique_items: rules.unique_items,
            items: rules.items.clone(),
            ..Constraints::default()
        };
        let object_rules = Constraints {
            min_properties: rules.min_properties,
            max_properties: rules.max_properties,
            items: rules.items.clone(),
            ..Constraints::default()
        };
        let mut arms = Vec::new();
        if !string_rules.is_empty() {
            let checks = self.string_checks(code, &string_rules, &quote! { text }, at);
            arms.push((quote! { serde_json::Value::String(text) }, checks));
        }
        if !number_rules.is_empty() {
            let int = number_checks(
                &number_rules,
                &quote! { number },
                at,
                NumberKind::Int(false),
            );
            let float = number_checks(&number_rules, &quote! { number }, at, NumberKind::F64);
            arms.push((
                quote! { serde_json::Value::Number(number) },
                quote! {
                    if let Some(number) = number.as_i64() {
                        #int
                    } else if let Some(number) = number.as_f64() {
                        #float
                    }
                },
            ));
        }
        let any = Type::Any;
        if !array_rules.is_empty() {
            let checks = self.value_checks(
                code,
                &Type::Array(Box::new(any.clone())),
                &array_rules,
                &quote! { items },
                at,
            );
            arms.push((quote! { serde_json::Value::Array(items) }, checks));
        }
        if !object_rules.is_empty() {
            let checks = self.value_checks(
                code,
                &Type::Map(Box::new(any)),
                &object_rules,
                &quote! { properties },
                at,
            );
            arms.push((quote! { serde_json::Value::Object(properties) }, checks));
        }
        let mut res = TokenStream::new();
        match arms.as_slice() {
            [] => {}
            // Clippy's `single_match` asks for `if let` over a one-armed match.
            [(pattern, checks)] => res.extend(quote! {
                if let #pattern = #value {
                    #checks
                }
            }),
            _ => {
                let (patterns, checks): (Vec<_>, Vec<_>) = arms.into_iter().unzip();
                res.extend(quote! {
                    match #value {
                        #(#patterns => { #checks })*
                        _ => {}
                    }
                });
            }
        }
        if !rules.allowed.is_empty() {
            let texts = allowed_texts(&rules.allowed);
            res.extend(quote! { #rules_mod::one_of_json(#value, &[#(#texts),*], #at, errors); });
        }
        res
    }
}

/// How numbers of a kind are compared with allowed values.
#[derive(Clone, Copy, PartialEq)]
enum NumberKind {
    /// `i32` (`true`) or `i64`.
    Int(bool),
    F32,
    F64,
}

/// Checks of a number `value` (an expression of the number type itself).
fn number_checks(
    rules: &Constraints,
    value: &TokenStream,
    at: &TokenStream,
    kind: NumberKind,
) -> TokenStream {
    let rules_mod = quote! { crate::runtime::rules };
    let mut res = TokenStream::new();
    if let Some(min) = rules.minimum {
        let min = limit_literal(min);
        if rules.exclusive_minimum {
            res.extend(quote! { #rules_mod::exclusive_minimum(#value, #min, #at, errors); });
        } else {
            res.extend(quote! { #rules_mod::minimum(#value, #min, #at, errors); });
        }
    }
    if let Some(max) = rules.maximum {
        let max = limit_literal(max);
        if rules.exclusive_maximum {
            res.extend(quote! { #rules_mod::exclusive_maximum(#value, #max, #at, errors); });
        } else {
            res.extend(quote! { #rules_mod::maximum(#value, #max, #at, errors); });
        }
    }
    if let Some(step) = rules.multiple_of {
        let step = float_literal(step);
        res.extend(quote! { #rules_mod::multiple_of(#value, #step, #at, errors); });
    }
    if !rules.allowed.is_empty() {
        let texts = allowed_texts(&rules.allowed);
        let member = match kind {
            NumberKind::Int(narrow) => {
                let values: Vec<TokenStream> = rules
                    .allowed
                    .iter()
                    .filter_map(allowed_integer)
                    .filter(|&v| !narrow || i32::try_from(v).is_ok())
                    .map(ident::int_literal)
                    .collect();
                if values.is_empty() {
                    quote! { false }
                } else {
                    quote! { matches!(#value, #(#values)|*) }
                }
            }
            NumberKind::F32 | NumberKind::F64 => {
                let values: Vec<TokenStream> = rules
                    .allowed
                    .iter()
                    .filter_map(|v| v.as_f64())
                    .filter(|v| v.is_finite())
                    .map(|v| {
                        let literal = if kind == NumberKind::F32 {
                            let narrow = v as f32;
                            let abs = Literal::f32_unsuffixed(narrow.abs());
                            if narrow.is_sign_negative() {
                                quote! { -#abs }
                            } else {
                                quote! { #abs }
                            }
                        } else {
                            float_literal(v)
                        };
                        quote! { #value == #literal }
                    })
                    .collect();
                if values.is_empty() {
                    quote! { false }
                } else {
                    quote! { #(#values)||* }
                }
            }
        };
        res.extend(quote! {
            #rules_mod::one_of_number(#value, #member, &[#(#texts),*], #at, errors);
        });
    }
    res
}

/// An allowed value that an integer can equal.
pub(crate) fn allowed_integer(value: &serde_json::Value) -> Option<i64> {
    let number = value.as_number()?;
    number.as_i64().or_else(|| {
        let float = number.as_f64()?;
        (float.fract() == 0.0 && float.abs() < 9.0e18).then_some(float as i64)
    })
}

/// `min`/`max` count checks of `value.len()`: `noun` is `items` or `properties`.
fn count_checks(
    min: Option<u64>,
    max: Option<u64>,
    noun: &str,
    value: &TokenStream,
    at: &TokenStream,
) -> TokenStream {
    let rules_mod = quote! { crate::runtime::rules };
    let mut res = TokenStream::new();
    if let Some(min) = min {
        let min = Literal::u64_unsuffixed(min);
        let check = format_ident!("min_{noun}");
        res.extend(quote! { #rules_mod::#check(#value.len(), #min, #at, errors); });
    }
    if let Some(max) = max {
        let max = Literal::u64_unsuffixed(max);
        let check = format_ident!("max_{noun}");
        res.extend(quote! { #rules_mod::#check(#value.len(), #max, #at, errors); });
    }
    res
}

/// The allowed values as JSON texts, for messages.
fn allowed_texts(values: &[serde_json::Value]) -> Vec<String> {
    values.iter().map(serde_json::Value::to_string).collect()
}

/// A limit as a literal; the ends of the `f32` range by name.
fn limit_literal(value: f64) -> TokenStream {
    if value == f64::from(f32::MAX) {
        quote! { f64::from(f32::MAX) }
    } else if value == f64::from(f32::MIN) {
        quote! { f64::from(f32::MIN) }
    } else {
        float_literal(value)
    }
}

/// An `f64` literal; negative values as a negation.
fn float_literal(value: f64) -> TokenStream {
    let abs = Literal::f64_unsuffixed(value.abs());
    if value.is_sign_negative() {
        quote! { -#abs }
    } else {
        quote! { #abs }
    }
}

/// A wire name as inline code in generated docs.
fn docs_code(text: &str) -> String {
    super::docs::inline_code(text)
}

/// The rustdoc paragraph saying which alternatives a struct must satisfy (`validate()` checks
/// them), one line per group; empty without any.
pub(crate) fn alternatives_doc(it: &Struct) -> String {
    let lines: Vec<String> = it
        .alternatives
        .iter()
        .map(|alternatives| {
            let branches: Vec<String> = alternatives
                .branches
                .iter()
                .map(|branch| {
                    let mut text = branch
                        .required
                        .iter()
                        .map(|name| docs_code(name))
                        .collect::<Vec<_>>()
                        .join(" and ");
                    if text.is_empty() {
                        text.push_str("nothing");
                    }
                    if !branch.rules.is_empty() {
                        let narrowed: Vec<String> = branch
                            .rules
                            .iter()
                            .map(|(name, _)| docs_code(name))
                            .collect();
                        text.push_str(&format!(" (with rules on {})", narrowed.join(", ")));
                    }
                    text
                })
                .collect();
            let how = if alternatives.exactly_one {
                "Must have exactly one of"
            } else {
                "Must have at least one of"
            };
            format!("{how}: {}.", branches.join("; or "))
        })
        .collect();
    lines.join("\n")
}
