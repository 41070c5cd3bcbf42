//! Validation: the `Validate` impl of every generated type (`crate::runtime::Validate`), which
//! checks the spec's rules (lengths, patterns, formats, ranges, multiples, item and property
//! counts, uniqueness, allowed values) on the value and everything nested in it.
//!
//! The code is plain Rust calling the runtime's `rules` functions, not a derive: the rules are
//! known when the code is generated, so each type checks exactly its own, pointers are built
//! from wire names, and types without rules cost nothing. A struct checks its fields in spec
//! order; the rules of a field live in an associated function `validate_<field>` (crate-private)
//! that the struct's impl calls and that the generated example tests call too.
//!
//! Which rules are checked is decided once, by [`effective`], for the emitter, the docs and the
//! example checker (`crate::examples`) alike.

use std::cell::RefCell;
use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::ident;
use super::items::{Scope, resolve_alias};
use crate::examples::runtime;
use crate::model::{
    Alternatives, Api, Constraints, Field, IntFormat, NumberFormat, Struct, Type, TypeId, TypeKind,
    Variant,
};

/// The spec's `pattern`s compiled as ECMA-262 regular expressions (with `regress`, as the
/// runtime compiles them), each once.
#[derive(Default)]
pub(crate) struct Patterns {
    compiled: RefCell<BTreeMap<String, Option<regress::Regex>>>,
}

impl Patterns {
    /// Whether `pattern` compiles.
    pub(crate) fn is_valid(&self, pattern: &str) -> bool {
        self.compiled(pattern, |_| ()).is_some()
    }

    /// The error `regress` reports for `pattern`, if it does not compile.
    pub(crate) fn error(&self, pattern: &str) -> Option<String> {
        runtime::compile_pattern(pattern)
            .err()
            .map(|err| err.to_string())
    }

    /// `f` of the compiled `pattern`; `None` when it does not compile.
    pub(crate) fn compiled<T>(
        &self,
        pattern: &str,
        f: impl FnOnce(&regress::Regex) -> T,
    ) -> Option<T> {
        if !self.compiled.borrow().contains_key(pattern) {
            let regex = runtime::compile_pattern(pattern).ok();
            self.compiled
                .borrow_mut()
                .insert(pattern.to_string(), regex);
        }
        self.compiled.borrow().get(pattern)?.as_ref().map(f)
    }
}

/// What a value is for the rules, once aliases are followed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind<'a> {
    /// A Rust `String`.
    Str,
    /// An `i32` (`true`) or `i64` (`false`).
    Int(bool),
    /// An `f32`.
    F32,
    /// An `f64`.
    F64,
    /// A `bool`.
    Bool,
    /// A `Vec` of the type.
    Array(&'a Type),
    /// A `BTreeMap<String, _>` of the type.
    Map(&'a Type),
    /// An `Option` of the type: an item or map value that may be `null`, whose rules apply
    /// when it is not.
    Nullable(&'a Type),
    /// A `serde_json::Value`: each rule applies to the JSON kind it is about.
    Any,
    /// A free-form object (`serde_json::Map`).
    Object,
    /// A named struct, enum or union; its own rules are its `Validate` impl's business.
    Named(TypeId),
    /// Dates, date-times and bytes: no rule applies to the Rust value.
    Other,
}

/// The kind of a value of type `ty`, aliases followed.
pub(crate) fn kind<'a>(api: &'a Api, ty: &'a Type) -> Kind<'a> {
    match ty {
        Type::String => Kind::Str,
        Type::Integer(format) => Kind::Int(*format == IntFormat::Int32),
        Type::Number(NumberFormat::Float) => Kind::F32,
        Type::Number(_) => Kind::F64,
        Type::Boolean => Kind::Bool,
        Type::Array(inner) => Kind::Array(inner),
        Type::Map(inner) => Kind::Map(inner),
        Type::Nullable(inner) => Kind::Nullable(inner),
        Type::Any => Kind::Any,
        Type::Date | Type::DateTime | Type::Binary => Kind::Other,
        Type::Ref(id) => {
            let Some(target) = resolve_alias(api, *id) else {
                return Kind::Any;
            };
            match api.types.get(target.0 as usize).map(|ty| &ty.kind) {
                Some(TypeKind::Alias(Type::Ref(_))) => Kind::Any,
                Some(TypeKind::Alias(inner)) => kind(api, inner),
                Some(TypeKind::FreeForm) => Kind::Object,
                Some(TypeKind::Union(it)) if it.variants.is_empty() => Kind::Any,
                Some(_) => Kind::Named(target),
                None => Kind::Any,
            }
        }
    }
}

/// The rules of `c` that generated code checks on a value of type `ty`: those that apply to
/// its kind, without limits that are not finite numbers, patterns that do not compile, formats
/// without a check, and `multipleOf` steps that are not positive. The rules of items and map
/// values are filtered the same way, for the item type; those of items that may be `null`
/// are those of the items that are not.
pub(crate) fn effective(api: &Api, ty: &Type, c: &Constraints, patterns: &Patterns) -> Constraints {
    let kind = kind(api, ty);
    if let Kind::Nullable(inner) = kind {
        return effective(api, inner, c, patterns);
    }
    let (string, number, array, object) = match kind {
        Kind::Str => (true, false, false, false),
        Kind::Int(_) | Kind::F32 | Kind::F64 => (false, true, false, false),
        Kind::Array(_) => (false, false, true, false),
        Kind::Map(_) | Kind::Object => (false, false, false, true),
        Kind::Any => (true, true, true, true),
        Kind::Bool | Kind::Named(_) | Kind::Nullable(_) | Kind::Other => {
            (false, false, false, false)
        }
    };
    let finite = |limit: Option<f64>| limit.filter(|n| n.is_finite());
    let mut res = Constraints::default();
    if string {
        res.min_length = c.min_length.filter(|&n| n > 0);
        res.max_length = c.max_length;
        res.pattern = c.pattern.clone().filter(|p| patterns.is_valid(p));
        res.format = c
            .format
            .clone()
            .filter(|f| runtime::format_matches(f, "").is_some());
    }
    if number {
        res.minimum = finite(c.minimum);
        res.maximum = finite(c.maximum);
        res.exclusive_minimum = c.exclusive_minimum && res.minimum.is_some();
        res.exclusive_maximum = c.exclusive_maximum && res.maximum.is_some();
        res.multiple_of = finite(c.multiple_of).filter(|&step| step > 0.0);
        if kind == Kind::F32 {
            f32_range(&mut res);
        }
    }
    if array {
        res.min_items = c.min_items.filter(|&n| n > 0);
        res.max_items = c.max_items;
        res.unique_items = c.unique_items;
    }
    if object {
        res.min_properties = c.min_properties.filter(|&n| n > 0);
        res.max_properties = c.max_properties;
    }
    if matches!(
        kind,
        Kind::Str | Kind::Int(_) | Kind::F32 | Kind::F64 | Kind::Bool | Kind::Any
    ) {
        res.allowed = c.allowed.clone();
    }
    let inner = match kind {
        Kind::Array(inner) | Kind::Map(inner) => Some(inner),
        Kind::Any => Some(&Type::Any),
        _ => None,
    };
    if let (Some(inner), Some(items)) = (inner, &c.items) {
        let items = effective(api, inner, items, patterns);
        if !items.is_empty() {
            res.items = Some(Box::new(items));
        }
    }
    res
}

/// An `f32` holds no number beyond `f32::MAX`: JSON numbers beyond it are read as infinities,
/// which the limits of the `f32` range (the spec's own when they are narrower) report.
fn f32_range(rules: &mut Constraints) {
    let max = f64::from(f32::MAX);
    if rules.minimum.is_none_or(|min| min < -max) {
        rules.minimum = Some(-max);
        rules.exclusive_minimum = false;
    }
    if rules.maximum.is_none_or(|limit| limit > max) {
        rules.maximum = Some(max);
        rules.exclusive_maximum = false;
    }
}

/// The rules a field's `validate_<field>` function checks (none: the function is not
/// generated).
pub(crate) fn field_rules(api: &Api, field: &Field, patterns: &Patterns) -> Constraints {
    effective(api, &field.ty, &field.constraints, patterns)
}

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

/// For every type of `api`, whether its `Validate` impl checks anything: it has a field with
/// rules, or holds (through fields, variants, items or an alias) a type that does.
pub(crate) fn validating_types(api: &Api, patterns: &Patterns) -> Vec<bool> {
    fn refs(ty: &Type, acc: &mut Vec<usize>) {
        match ty {
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => refs(inner, acc),
            Type::Ref(id) => acc.push(id.0 as usize),
            _ => {}
        }
    }
    // The types with rules of their own, then everything that reaches one of them, found by
    // walking references backwards (one visit per reference, whatever the order of the types).
    let n = api.types.len();
    let mut validates = vec![false; n];
    let mut referrers: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut queue = Vec::new();
    let mut targets = Vec::new();
    for (idx, ty) in api.types.iter().enumerate() {
        targets.clear();
        let own = match &ty.kind {
            TypeKind::Struct(it) => {
                it.fields
                    .iter()
                    .for_each(|field| refs(&field.ty, &mut targets));
                if let Some(additional) = &it.additional {
                    refs(&additional.ty, &mut targets);
                }
                it.fields
                    .iter()
                    .any(|field| !field_rules(api, field, patterns).is_empty())
                    || struct_has_rules(api, it, patterns)
            }
            TypeKind::Union(it) => {
                it.variants
                    .iter()
                    .for_each(|variant| refs(&variant.ty, &mut targets));
                it.variants
                    .iter()
                    .any(|variant| !variant_rules(api, variant, patterns).is_empty())
            }
            TypeKind::Alias(target) => {
                refs(target, &mut targets);
                false
            }
            TypeKind::Enum(it) => it.open && it.strict,
            TypeKind::FreeForm => false,
        };
        for &target in &targets {
            if let Some(referrers) = referrers.get_mut(target) {
                referrers.push(idx);
            }
        }
        if own {
            validates[idx] = true;
            queue.push(idx);
        }
    }
    while let Some(target) = queue.pop() {
        for &referrer in &referrers[target] {
            if !validates[referrer] {
                validates[referrer] = true;
                queue.push(referrer);
            }
        }
    }
    validates
}

/// The rules a union's `Validate` impl checks on a value of the variant `variant` (those of an
/// inline member; a `$ref` member's are its type's own).
pub(crate) fn variant_rules(api: &Api, variant: &Variant, patterns: &Patterns) -> Constraints {
    effective(api, &variant.ty, &variant.constraints, patterns)
}

/// Whether a struct has rules besides those of its fields: on the values of its
/// `additionalProperties`, or alternatives to satisfy.
fn struct_has_rules(api: &Api, it: &Struct, patterns: &Patterns) -> bool {
    !it.alternatives.is_empty()
        || it.additional.as_ref().is_some_and(|additional| {
            !effective(api, &additional.ty, &additional.constraints, patterns).is_empty()
        })
}

/// Whether a value of type `ty` holds something with rules of its own.
pub(crate) fn type_validates(ty: &Type, validates: &[bool]) -> bool {
    match ty {
        Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => {
            type_validates(inner, validates)
        }
        Type::Ref(id) => validates.get(id.0 as usize).copied().unwrap_or(false),
        _ => false,
    }
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
            checks.push(if super::items::is_three_state(field) {
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
            quote! {
                fn validate_at(&self, _at: &#path<'_>, _errors: &mut #errors_ty) {}
            }
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
                let check = if super::items::is_three_state(field) {
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
            None => quote! {
                fn validate_at(&self, _at: &#path<'_>, _errors: &mut #errors_ty) {}
            },
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
        let check = match super::items::integer_values(it) {
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

    /// `impl Validate` for a type without rules (an enum).
    pub(super) fn no_validation(&self) -> TokenStream {
        let name = ident::ident(self.own);
        let (validate, path, errors_ty) = self.validation_names();
        let allow = self.allow_deprecated_self();
        quote! {
            #allow
            impl #validate for #name {
                fn validate_at(&self, _at: &#path<'_>, _errors: &mut #errors_ty) {}
            }
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
        let held = super::items::referenced(api, def)
            .iter()
            .any(|id| api.get(*id).deprecated.is_some());
        if def.deprecated.is_some() || fields || held {
            quote! { #[allow(deprecated)] }
        } else {
            TokenStream::new()
        }
    }

    fn has_plain_default(&self, field: &Field) -> bool {
        super::items::default_value(self.cx.api, field, TokenStream::new).is_some()
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
                    .map(super::items::int_literal)
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

/// A warning for every pattern of `api` that is not a valid ECMA-262 regular expression: the
/// generated code does not check it.
pub(crate) fn pattern_diagnostics(
    sources: &crate::files::SourceMap,
    api: &Api,
    patterns: &Patterns,
) -> Vec<crate::diagnostics::Diagnostic> {
    fn collect<'c>(c: &'c Constraints, acc: &mut Vec<&'c str>) {
        if let Some(pattern) = &c.pattern {
            acc.push(pattern);
        }
        if let Some(items) = &c.items {
            collect(items, acc);
        }
    }
    // The rules of struct fields and of inline union members, with what they belong to.
    let mut places = Vec::new();
    for ty in &api.types {
        match &ty.kind {
            TypeKind::Struct(it) => places.extend(it.fields.iter().map(|field| {
                (
                    format!("`{}.{}`", ty.name, field.wire_name),
                    &field.constraints,
                    field.span,
                )
            })),
            TypeKind::Union(it) => places.extend(it.variants.iter().map(|variant| {
                (
                    format!("variant `{}` of `{}`", variant.name, ty.name),
                    &variant.constraints,
                    variant.span,
                )
            })),
            _ => {}
        }
    }
    let mut res = Vec::new();
    for (target, constraints, span) in places {
        let mut found = Vec::new();
        collect(constraints, &mut found);
        for pattern in found {
            let Some(error) = patterns.error(pattern) else {
                if !runtime::runs_in_linear_time(pattern) {
                    res.push(backtracking_pattern(sources, &target, span, pattern));
                }
                continue;
            };
            let message = format!(
                "the pattern of {target} is not a valid ECMA-262 regular expression ({error}), so it is not checked: {}",
                super::docs::inline_code(pattern)
            );
            res.push(
                crate::diagnostics::Diagnostic::warning(
                    sources,
                    span,
                    crate::diagnostics::Code::InvalidPattern,
                    message,
                )
                .with_hint(
                    "OpenAPI patterns are ECMA-262 (JavaScript) regular expressions; correct the pattern in the spec",
                ),
            );
        }
    }
    res
}

/// The warning for a valid pattern that the runtime cannot match in linear time.
fn backtracking_pattern(
    sources: &crate::files::SourceMap,
    target: &str,
    span: crate::files::Span,
    pattern: &str,
) -> crate::diagnostics::Diagnostic {
    let message = format!(
        "the pattern of {target} cannot be matched in linear time (it uses lookaround, a backreference, a word boundary or a Unicode property), so values that would take it more than {} backtracking steps are rejected unchecked: {}",
        runtime::BACKTRACK_LIMIT,
        super::docs::inline_code(pattern)
    );
    crate::diagnostics::Diagnostic::warning(
        sources,
        span,
        crate::diagnostics::Code::BacktrackingPattern,
        message,
    )
    .with_hint("without lookaround, backreferences, `\\b`, `\\B` and `\\p{..}` a pattern runs in linear time on any value")
}
