//! How the model's types go on the wire, as every later phase reads them: alias chains
//! followed, each union's serde representation (tagged, untagged, dispatched on a tag its
//! variants hold), tags, integer enums, fields that tell absent from `null`, the plain defaults
//! a field can hold, and the types a type holds. The plan, the example checker and the emitter
//! all ask these, so they agree.

use std::collections::BTreeSet;

use super::{
    Api, Enum, EnumRepr, Field, IntFormat, NumberFormat, Struct, Tagging, Type, TypeDef, TypeId,
    TypeKind, Union, Variant,
};

/// The type an alias chain starting at `id` ends at (`id` itself when it is no alias of a named
/// type); `None` for a reference outside the API. A chain that loops stops where it started.
pub(crate) fn resolve_alias(api: &Api, id: TypeId) -> Option<TypeId> {
    let mut current = id;
    for _ in 0..api.types.len() {
        // A replaced type is what it is named, whatever the spec says it stands for.
        if super::replace::is_replaced(api, current) {
            return Some(current);
        }
        match &api.types.get(current.0 as usize)?.kind {
            TypeKind::Alias(Type::Ref(next)) if *next != id => current = *next,
            _ => return Some(current),
        }
    }
    Some(current)
}

/// How a union goes on the wire, given what serde can express for its variants.
pub(crate) fn union_repr<'u>(api: &Api, it: &'u Union) -> UnionRepr<'u> {
    if it.variants.is_empty() {
        return UnionRepr::Empty;
    }
    let tags: BTreeSet<&str> = it.variants.iter().map(tag_of).collect();
    let tags_unique = tags.len() == it.variants.len();
    let fallback = |property: &'u str, reason: &'static str| UnionRepr::Untagged {
        fallback: Some((property, reason)),
    };
    match &it.tagging {
        Tagging::Untagged => UnionRepr::Untagged { fallback: None },
        Tagging::Adjacent { tag, content } if tags_unique => UnionRepr::Adjacent {
            tag: tag.as_str(),
            content: content.as_str(),
        },
        Tagging::Adjacent { tag, .. } => fallback(tag, "two variants have the same tag"),
        Tagging::Internal { property } => {
            if !tags_unique {
                return fallback(property, "two variants have the same tag");
            }
            let structs: Option<Vec<&Struct>> = it
                .variants
                .iter()
                .map(|variant| match &variant.ty {
                    Type::Ref(target) => match &api.get(resolve_alias(api, *target)?).kind {
                        TypeKind::Struct(it) => Some(it),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            let Some(structs) = structs else {
                return fallback(property, "not every variant is an object with fields");
            };
            let holding = structs
                .iter()
                .filter(|it| it.fields.iter().any(|field| field.wire_name == *property))
                .count();
            if holding == 0 {
                UnionRepr::Internal { property }
            } else if holding == structs.len() {
                UnionRepr::Dispatch { property }
            } else {
                fallback(property, "only some variants declare it as a field")
            }
        }
    }
}

/// How a union is written, from its tagging and what its variants allow.
pub(crate) enum UnionRepr<'u> {
    /// No variants: any JSON value.
    Empty,
    /// `#[serde(untagged)]`. `fallback` is the spec's tag property and why it is not used,
    /// when the spec has one.
    Untagged {
        fallback: Option<(&'u str, &'static str)>,
    },
    /// `#[serde(tag = "...")]`: every variant is a struct without the tag property.
    Internal { property: &'u str },
    /// Every variant is a struct that holds the tag property as a field of its own, which
    /// serde's internal tagging would take away from it: written untagged (the struct writes
    /// the tag), read by looking at the tag first.
    Dispatch { property: &'u str },
    /// `#[serde(tag = "...", content = "...")]`.
    Adjacent { tag: &'u str, content: &'u str },
}

/// The value of the tag property that selects `variant`: its discriminator value, else its
/// spec name.
pub(crate) fn tag_of(variant: &Variant) -> &str {
    variant.tag.as_deref().unwrap_or(&variant.name)
}

/// The values of an integer enum, or `None` when it is a string enum or a value does not parse
/// as an `i64` (then it is emitted as a string enum, which keeps every value).
pub(crate) fn integer_values(it: &Enum) -> Option<Vec<i64>> {
    if it.repr != EnumRepr::Integer {
        return None;
    }
    it.values
        .iter()
        .map(|value| value.wire_value.trim().parse().ok())
        .collect()
}

/// A field's default that the field can hold as a plain value (see [`plain_default`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum PlainDefault<'a> {
    /// A string.
    Text(&'a str),
    /// An integer that fits the field's format.
    Integer(i64),
    /// A finite `f32`.
    Float(f32),
    /// An `f64`.
    Double(f64),
    /// A boolean.
    Bool(bool),
    /// The value of the field's enum type at this index.
    Variant(usize),
}

/// The default of a field when the field can hold it as a plain value: an optional,
/// non-nullable field of a primitive type (or an enum) whose spec default is a string, number
/// or boolean of that type (or a value of that enum). Other defaults are only documented, and
/// the field stays an `Option`.
pub(crate) fn plain_default<'a>(api: &Api, field: &'a Field) -> Option<PlainDefault<'a>> {
    if field.required || field.nullable {
        return None;
    }
    let value = field.default.as_ref()?;
    match (&field.ty, value) {
        (Type::String, serde_json::Value::String(text)) => Some(PlainDefault::Text(text)),
        (Type::Integer(format), serde_json::Value::Number(number)) => {
            let value = number.as_i64()?;
            if *format == IntFormat::Int32 && i32::try_from(value).is_err() {
                return None;
            }
            Some(PlainDefault::Integer(value))
        }
        (Type::Number(format), serde_json::Value::Number(number)) => {
            let value = number.as_f64()?;
            if *format == NumberFormat::Float {
                let narrow = value as f32;
                narrow.is_finite().then_some(PlainDefault::Float(narrow))
            } else {
                Some(PlainDefault::Double(value))
            }
        }
        (Type::Boolean, serde_json::Value::Bool(flag)) => Some(PlainDefault::Bool(*flag)),
        (Type::Ref(target), _) if super::replace::is_replaced(api, *target) => None,
        (Type::Ref(target), value) => {
            let TypeKind::Enum(it) = &api.types.get(target.0 as usize)?.kind else {
                return None;
            };
            let idx = match (integer_values(it), value) {
                (Some(values), serde_json::Value::Number(number)) => {
                    let wanted = number.as_i64()?;
                    values.iter().position(|&value| value == wanted)?
                }
                (None, serde_json::Value::String(text)) => it
                    .values
                    .iter()
                    .position(|value| value.wire_value == *text)?,
                _ => return None,
            };
            Some(PlainDefault::Variant(idx))
        }
        _ => None,
    }
}

/// Whether a field can be absent, `null` or a value, all three told apart.
pub(crate) fn is_three_state(field: &Field) -> bool {
    !field.required && field.nullable
}

/// Every type a type's fields, variants or aliased type refer to. (A reference outside the API
/// would be a reader bug; it is left out here, and the emitter writes it as `serde_json::Value`,
/// which still round-trips.)
pub(crate) fn referenced(api: &Api, ty: &TypeDef) -> BTreeSet<TypeId> {
    fn walk(ty: &Type, acc: &mut BTreeSet<TypeId>) {
        match ty {
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => walk(inner, acc),
            Type::Ref(id) => {
                acc.insert(*id);
            }
            _ => {}
        }
    }
    let mut acc = BTreeSet::new();
    for ty in value_types(ty) {
        walk(ty, &mut acc);
    }
    acc.retain(|id| (id.0 as usize) < api.types.len());
    acc
}

/// The types a type definition holds: its fields', its variants', or the aliased type.
pub(crate) fn value_types(ty: &TypeDef) -> Vec<&Type> {
    match &ty.kind {
        TypeKind::Struct(it) => it
            .fields
            .iter()
            .map(|field| &field.ty)
            .chain(it.additional.as_ref().map(|additional| &additional.ty))
            .collect(),
        TypeKind::Union(it) => it.variants.iter().map(|variant| &variant.ty).collect(),
        TypeKind::Alias(target) => vec![target],
        TypeKind::Enum(_) | TypeKind::FreeForm => Vec::new(),
    }
}
