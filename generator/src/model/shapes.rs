//! What an untagged union's variants look like on the wire, as far as the first level of a
//! value shows: the `Shape`s the generated code hands to `crate::runtime::untagged` to rank
//! the variants, computed here once so that the emitter writes them and the example checker
//! ranks variants with the very same shapes (through the generator's copy of the runtime).
//!
//! A struct variant is described by its fields' wire names and JSON kinds, and by the texts
//! its enum and literal fields list: a variant whose field holds a text it does not list (the
//! `role` of a chat message) accounts for the value worse than one that lists it.

use super::wire::{UnionRepr, resolve_alias, union_repr};
use super::{Api, EnumRepr, Field, Type, TypeId, TypeKind};

/// JSON kinds as the runtime's bits (`crate::runtime::untagged`): `null`.
pub(crate) const NULL: u8 = 1;
/// `true` or `false`.
pub(crate) const BOOL: u8 = 2;
/// An integer.
pub(crate) const INTEGER: u8 = 4;
/// Any number.
pub(crate) const NUMBER: u8 = 4 | 8;
/// A string.
pub(crate) const STRING: u8 = 16;
/// An array.
pub(crate) const ARRAY: u8 = 32;
/// An object.
pub(crate) const OBJECT: u8 = 64;
/// Any JSON value.
pub(crate) const ANY: u8 = 127;
/// With a field's kinds: the field is required.
pub(crate) const REQUIRED: u8 = 128;

/// The shape of one variant (or of one variant of a variant that is an untagged union).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum VariantShape {
    /// A value of these kinds, looked at no deeper.
    Kinds(u8),
    /// An array whose items are of these kinds.
    Array(u8),
    /// An object whose values are of these kinds (a map).
    Map(u8),
    /// An object with `fields` (wire name, kinds with [`REQUIRED`] for a required field),
    /// of which those in `listed` take only the texts given (enum values, a literal).
    Object {
        fields: Vec<(String, u8)>,
        listed: Vec<(String, Vec<String>)>,
    },
}

/// The shapes of a union variant of type `ty`: one per variant of a variant that is an
/// untagged union itself, else one. `seen` holds the unions being flattened.
pub(crate) fn variant_shapes(api: &Api, ty: &Type, seen: &mut Vec<TypeId>) -> Vec<VariantShape> {
    let target = match ty {
        Type::Array(item) => return vec![VariantShape::Array(kinds(api, item, &mut Vec::new()))],
        Type::Map(value) => return vec![VariantShape::Map(kinds(api, value, &mut Vec::new()))],
        Type::Ref(id) => {
            resolve_alias(api, *id).and_then(|id| Some((id, api.types.get(id.0 as usize)?)))
        }
        _ => None,
    };
    match target.map(|(id, def)| (id, &def.kind)) {
        Some((_, TypeKind::Struct(it))) => {
            let fields = it
                .fields
                .iter()
                .map(|field| {
                    let mut bits = kinds(api, &field.ty, &mut Vec::new());
                    if field.nullable || !field.required {
                        bits |= NULL;
                    }
                    if field.required {
                        bits |= REQUIRED;
                    }
                    (field.wire_name.clone(), bits)
                })
                .collect();
            let listed = it
                .fields
                .iter()
                .filter_map(|field| Some((field.wire_name.clone(), listed_texts(api, field)?)))
                .collect();
            vec![VariantShape::Object { fields, listed }]
        }
        Some((id, TypeKind::Union(it)))
            if !seen.contains(&id)
                && !it.variants.is_empty()
                && matches!(union_repr(api, it), UnionRepr::Untagged { .. }) =>
        {
            seen.push(id);
            let res = it
                .variants
                .iter()
                .flat_map(|variant| variant_shapes(api, &variant.ty, seen))
                .collect();
            seen.pop();
            res
        }
        Some((_, TypeKind::Alias(target))) if !matches!(target, Type::Ref(_)) => {
            variant_shapes(api, target, seen)
        }
        _ => vec![VariantShape::Kinds(kinds(api, ty, &mut Vec::new()))],
    }
}

/// The texts a string field takes, when it lists them: the values of its `enum` or `const`
/// (all strings), or of the string enum it is typed as (open or closed: a value an open enum
/// does not list reads, but `validate()` reports it).
fn listed_texts(api: &Api, field: &Field) -> Option<Vec<String>> {
    let allowed = &field.constraints.allowed;
    if !allowed.is_empty() {
        return allowed
            .iter()
            .map(|value| value.as_str().map(str::to_string))
            .collect();
    }
    let mut ty = &field.ty;
    while let Type::Nullable(inner) = ty {
        ty = inner;
    }
    let Type::Ref(id) = ty else {
        return None;
    };
    let def = api.types.get(resolve_alias(api, *id)?.0 as usize)?;
    match &def.kind {
        TypeKind::Enum(it) if it.repr == EnumRepr::String && !it.values.is_empty() => Some(
            it.values
                .iter()
                .map(|value| value.wire_value.clone())
                .collect(),
        ),
        _ => None,
    }
}

/// The JSON kinds a value of type `ty` may have on the wire. `seen` holds the unions being
/// looked into.
pub(crate) fn kinds(api: &Api, ty: &Type, seen: &mut Vec<TypeId>) -> u8 {
    match ty {
        Type::String | Type::Date | Type::DateTime | Type::Binary => STRING,
        Type::Integer(_) => INTEGER,
        Type::Number(_) => NUMBER,
        Type::Boolean => BOOL,
        Type::Any => ANY,
        Type::Array(_) => ARRAY,
        Type::Map(_) => OBJECT,
        Type::Nullable(inner) => kinds(api, inner, seen) | NULL,
        Type::Ref(id) => {
            let Some(id) = resolve_alias(api, *id) else {
                return ANY;
            };
            match api.types.get(id.0 as usize).map(|def| &def.kind) {
                Some(TypeKind::Struct(_) | TypeKind::FreeForm) => OBJECT,
                Some(TypeKind::Enum(it)) => match it.repr {
                    EnumRepr::String => STRING,
                    EnumRepr::Integer => INTEGER,
                },
                Some(TypeKind::Union(it)) if !it.variants.is_empty() && !seen.contains(&id) => {
                    seen.push(id);
                    let res = match union_repr(api, it) {
                        UnionRepr::Untagged { .. } => it
                            .variants
                            .iter()
                            .fold(0, |acc, variant| acc | kinds(api, &variant.ty, seen)),
                        _ => OBJECT,
                    };
                    seen.pop();
                    res
                }
                Some(TypeKind::Alias(target)) if !matches!(target, Type::Ref(_)) => {
                    kinds(api, target, seen)
                }
                _ => ANY,
            }
        }
    }
}
