//! How the fields and variants of a docs type and a spec type correspond: fields by wire or SDK
//! name (folded), union variants by name and then by the JSON shape they take.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::names::fold;
use crate::model::{Api, EnumRepr, Field, Type, TypeKind};

/// The JSON shape a type takes, to match union variants the two sources name differently.
#[derive(PartialEq, Eq)]
enum Shape {
    Object,
    Array,
    String,
    Number,
    Boolean,
    Other,
}

fn shape(api: &Api, ty: &Type) -> Shape {
    // Aliases of aliases are followed in a loop: a chain of them may be as long as the spec.
    let mut ty = ty;
    let mut steps = 0;
    while let Type::Ref(id) = ty
        && let TypeKind::Alias(target) = &api.get(*id).kind
        && steps <= api.types.len()
    {
        ty = target;
        steps += 1;
    }
    match ty {
        Type::String | Type::Date | Type::DateTime | Type::Binary => Shape::String,
        Type::Integer(_) | Type::Number(_) => Shape::Number,
        Type::Boolean => Shape::Boolean,
        Type::Array(_) => Shape::Array,
        Type::Map(_) => Shape::Object,
        Type::Nullable(inner) => shape(api, inner),
        Type::Any => Shape::Other,
        Type::Ref(id) => match &api.get(*id).kind {
            TypeKind::Struct(_) | TypeKind::FreeForm => Shape::Object,
            TypeKind::Enum(e) => match e.repr {
                EnumRepr::String => Shape::String,
                EnumRepr::Integer => Shape::Number,
            },
            // Only a cycle of aliases is left here.
            TypeKind::Alias(_) | TypeKind::Union(_) => Shape::Other,
        },
    }
}

/// Pairs the variants of a docs union with the spec union's: by name, then each remaining one
/// with the first remaining spec variant of the same JSON shape (the sources name variants
/// differently: `AccountSourceValue` in the docs is the spec's inline `object` variant).
pub(super) fn match_variants<'t>(
    docs: &Api,
    spec: &Api,
    (a_names, a): (&[String], &[&'t Type]),
    (b_names, b): (&[String], &[&'t Type]),
) -> Vec<(&'t Type, &'t Type)> {
    let mut taken = vec![false; b.len()];
    let mut pairs = Vec::new();
    let mut rest = Vec::new();
    for (name, &x) in a_names.iter().zip(a) {
        match b_names.iter().position(|n| n == name) {
            Some(j) if !taken[j] => {
                taken[j] = true;
                pairs.push((x, b[j]));
            }
            _ => rest.push(x),
        }
    }
    // Candidates of the same shape, best first: objects sharing the most property names and
    // differing in the fewest, then in order.
    let mut candidates = Vec::new();
    for (i, &x) in rest.iter().enumerate() {
        let want = shape(docs, x);
        if want == Shape::Other {
            continue;
        }
        let fields = field_names(docs, x);
        for (j, &y) in b.iter().enumerate() {
            if !taken[j] && shape(spec, y) == want {
                let other = field_names(spec, y);
                let shared = fields.intersection(&other).count();
                let differing = fields.symmetric_difference(&other).count();
                candidates.push((std::cmp::Reverse(shared), differing, i, j));
            }
        }
    }
    candidates.sort_unstable();
    let mut done = vec![false; rest.len()];
    for (_, _, i, j) in candidates {
        if !done[i] && !taken[j] {
            done[i] = true;
            taken[j] = true;
            pairs.push((rest[i], b[j]));
        }
    }
    pairs
}

/// The property names (folded) of an object type; empty for other types.
fn field_names(api: &Api, ty: &Type) -> BTreeSet<String> {
    match ty {
        Type::Ref(id) => match &api.get(*id).kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| fold(&f.wire_name)).collect(),
            _ => BTreeSet::new(),
        },
        _ => BTreeSet::new(),
    }
}

/// Spec properties by wire name, folded (the docs show SDK names, which are the wire names
/// recased and stripped of punctuation), and by SDK name (`x-speakeasy-name-override`).
pub(super) fn fields_by_wire(fields: &[Field]) -> BTreeMap<String, &Field> {
    let mut map: BTreeMap<String, &Field> =
        fields.iter().map(|f| (fold(&f.wire_name), f)).collect();
    for field in fields {
        map.entry(fold(&field.sdk_name)).or_insert(field);
    }
    map
}

pub(super) fn find_field<'s>(
    by_wire: &BTreeMap<String, &'s Field>,
    field: &Field,
) -> Option<&'s Field> {
    by_wire
        .get(&fold(&field.wire_name))
        .or_else(|| by_wire.get(&fold(&field.sdk_name)))
        .copied()
}
