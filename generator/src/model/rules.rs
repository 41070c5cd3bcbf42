//! The rules generated code checks: which of the spec's constraints apply to a value of each
//! type (by its Rust kind, with patterns that compile and formats that have a check), decided
//! once here for the plan, the emitter, the docs and the example checker alike.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use super::wire::resolve_alias;
use super::{Api, Constraints, Field, IntFormat, NumberFormat, Type, TypeId, TypeKind, Variant};
use crate::runtime;

/// The spec's `pattern`s compiled as ECMA-262 regular expressions (with `regress`, as the
/// runtime compiles them), each once.
///
/// One set serves a whole run: the plan, the example checker and every emitting thread share
/// it, so each pattern is compiled once.
#[derive(Default)]
pub(crate) struct Patterns {
    compiled: Mutex<BTreeMap<String, Option<regress::Regex>>>,
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
        // A panic elsewhere cannot leave the cache half-written: it maps patterns to results.
        let mut compiled = self.compiled.lock().unwrap_or_else(PoisonError::into_inner);
        if !compiled.contains_key(pattern) {
            let regex = runtime::compile_pattern(pattern).ok();
            compiled.insert(pattern.to_string(), regex);
        }
        compiled.get(pattern)?.as_ref().map(f)
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
            if super::replace::is_replaced(api, target) {
                return Kind::Named(target);
            }
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

/// The rules a union's `Validate` impl checks on a value of the variant `variant` (those of an
/// inline member; a `$ref` member's are its type's own).
pub(crate) fn variant_rules(api: &Api, variant: &Variant, patterns: &Patterns) -> Constraints {
    effective(api, &variant.ty, &variant.constraints, patterns)
}
