//! How a user builds values of the generated types: `Default` for structs whose every field
//! may be left out, a `new` taking the required fields for the others, and `From` each variant
//! type for unions whose variants have distinct Rust types.
//!
//! Why a constructor and not a builder: typify's builders check required fields when
//! `try_into` runs, at run time; bon's typestate builders check them at compile time through a
//! proc macro and a generic state type per builder, which every generated struct would pay for
//! in compile time (the crates are large already). `Pet::new(name)` enforces the required
//! fields through the function's signature at no cost, and with public fields the optional
//! ones read as plain Rust: `Pet { tag: Some("x".into()), ..Pet::new("rex") }`.

use crate::model::wire::{UnionRepr, integer_values, plain_default, resolve_alias, union_repr};
use crate::model::{
    Api, Enum, Field, IntFormat, NumberFormat, Struct, Type, TypeId, TypeKind, Union,
};

/// How values of a struct are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Construction {
    /// `#[derive(Default)]`: every field is optional and none has a default of its own.
    DeriveDefault,
    /// `impl Default` written out: every field is optional or holds one value only, and some
    /// take the spec's default or that value.
    WriteDefault,
    /// `fn new(...)` taking the required fields (their indices, in spec order) but those that
    /// hold one value only ([`Fixed`]); the others are absent or take the spec's default.
    New(Vec<usize>),
}

/// The one value a required field can hold, which `new` and `Default` fill in themselves: a
/// string `const` (`kind: "passkey"`), or an enum of one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fixed<'a> {
    /// The text of a string field.
    Text(&'a str),
    /// The only variant of the enum the field refers to.
    Variant(&'a Enum),
}

/// The value that required field `field` must hold, when there is exactly one and it is not
/// `null`; see [`Fixed`].
pub(crate) fn fixed_value<'a>(api: &'a Api, field: &'a Field) -> Option<Fixed<'a>> {
    if !field.required || field.nullable {
        return None;
    }
    match (&field.ty, field.constraints.allowed.as_slice()) {
        (Type::String, [serde_json::Value::String(text)]) => Some(Fixed::Text(text)),
        (Type::Ref(target), _) => match &api.types.get(target.0 as usize)?.kind {
            TypeKind::Enum(it) if it.values.len() == 1 && integer_values(it).is_none() => {
                Some(Fixed::Variant(it))
            }
            _ => None,
        },
        _ => None,
    }
}

/// How values of struct `it` are made; see [`Construction`].
pub(crate) fn struct_construction(api: &Api, it: &Struct) -> Construction {
    let required: Vec<usize> = it
        .fields
        .iter()
        .enumerate()
        .filter(|(_, field)| field.required && fixed_value(api, field).is_none())
        .map(|(idx, _)| idx)
        .collect();
    if !required.is_empty() {
        return Construction::New(required);
    }
    if it
        .fields
        .iter()
        .any(|field| has_default(api, field) || fixed_value(api, field).is_some())
    {
        Construction::WriteDefault
    } else {
        Construction::DeriveDefault
    }
}

/// Whether an optional field is held as a plain value that takes the spec's default when
/// absent, rather than as an `Option`.
pub(crate) fn has_default(api: &Api, field: &Field) -> bool {
    plain_default(api, field).is_some()
}

/// Per variant of union `id`, whether the union gets `From` its variant's type: when no other
/// variant has the same Rust type, and the variant is not the union itself. Unions that are
/// any JSON value get none.
pub(crate) fn union_from_variants(api: &Api, id: TypeId, it: &Union) -> Vec<bool> {
    if matches!(union_repr(api, it), UnionRepr::Empty) {
        return vec![false; it.variants.len()];
    }
    let keys: Vec<Option<String>> = it
        .variants
        .iter()
        .map(|variant| rust_type_key(api, &variant.ty, 0))
        .collect();
    let own = rust_type_key(api, &Type::Ref(id), 0);
    keys.iter()
        .map(|key| {
            key.as_ref().is_some_and(|key| {
                Some(key) != own.as_ref()
                    && keys
                        .iter()
                        .filter(|other| other.as_ref() == Some(key))
                        .count()
                        == 1
            })
        })
        .collect()
}

/// A key equal for two model types exactly when their Rust types are the same: aliases
/// followed to what they name, integer and number widths as Rust spells them. `None` when the
/// type cannot be told (too deep).
fn rust_type_key(api: &Api, ty: &Type, depth: usize) -> Option<String> {
    if depth > 32 {
        return None;
    }
    let inner = |ty: &Type| rust_type_key(api, ty, depth + 1);
    Some(match ty {
        Type::String => "String".to_string(),
        Type::Integer(IntFormat::Int32) => "i32".to_string(),
        Type::Integer(_) => "i64".to_string(),
        Type::Number(NumberFormat::Float) => "f32".to_string(),
        Type::Number(_) => "f64".to_string(),
        Type::Boolean => "bool".to_string(),
        Type::Date => "Date".to_string(),
        Type::DateTime => "DateTime".to_string(),
        Type::Binary => "Base64".to_string(),
        Type::Any => "Value".to_string(),
        Type::Array(item) => format!("Vec<{}>", inner(item)?),
        Type::Map(value) => format!("BTreeMap<String, {}>", inner(value)?),
        Type::Nullable(value) => format!("Option<{}>", inner(value)?),
        Type::Ref(target) => {
            let target = resolve_alias(api, *target)?;
            match &api.types.get(target.0 as usize)?.kind {
                TypeKind::Alias(ty) if !matches!(ty, Type::Ref(_)) => inner(ty)?,
                TypeKind::FreeForm => "Map<String, Value>".to_string(),
                TypeKind::Union(it) if matches!(union_repr(api, it), UnionRepr::Empty) => {
                    "Value".to_string()
                }
                _ => format!("#{}", target.0),
            }
        }
    })
}
