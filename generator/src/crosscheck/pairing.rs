//! Which spec type each docs type stands for: by name, then through the fields and variants of
//! every pair (Speakeasy names inline schemas after their property), request wrappers by their
//! operation, `…Input` models, lone structs by their property names, and a pair by name
//! replaced by the type at the place of use when that one fits better.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::names::fold;
use crate::model::{Api, Field, Type, TypeId, TypeKind, compat};

use super::matching::{fields_by_wire, find_field, match_variants};
use super::wrappers::{OperationModel, shown_parameter, wrapper_slots};
use super::{
    BY_FIT, BY_PROPERTIES, FILE_UPLOAD, INLINE_NAME, INPUT_MODEL, RESPONSE_WRAPPER, SDK_SECURITY,
};

/// Which spec type each docs type stands for, and how that was found.
pub(super) struct Pairing {
    pub(super) spec: Vec<Option<TypeId>>,
    /// For a docs type paired other than by name, how (the allowed difference it counts as).
    pub(super) by_use: Vec<Option<&'static str>>,
    /// Docs request wrappers (`GetArticleRequest`, `GetArticleFormRequest`), the operation
    /// each wraps and which of the two it is.
    pub(super) operation: Vec<Option<(usize, OperationModel)>>,
    /// Docs models the spec writes inline as a plain value (an enum as a constant string, a
    /// free-form object as a map), with the reason.
    pub(super) inline: Vec<Option<&'static str>>,
    /// Spec types found at a docs type's place of use that differ from the one it is paired
    /// with (by name): candidates for [`Pairing::by_fit`].
    elsewhere: Vec<(TypeId, TypeId)>,
}

/// Collects what two types hold at the same places of their shapes.
struct Linker<'a> {
    docs: &'a Api,
    spec: &'a Api,
    /// A docs model and the spec model at the same place.
    found: Vec<(TypeId, TypeId)>,
    /// Docs models where the spec has a plain value: an enum where it has a string (a
    /// constant), a model without fields where it has a map or any value.
    inline: Vec<(TypeId, &'static str)>,
}

impl Pairing {
    /// Pairs docs types with spec types of the same name, then, from each pair, the types their
    /// matching fields (and union variants) refer to, whatever they are called: Speakeasy names
    /// inline schemas after their property, the OpenAPI reader after their owner and property.
    pub(super) fn new(docs: &Api, spec: &Api) -> Pairing {
        let by_name: BTreeMap<String, TypeId> = spec
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (fold(&t.name), TypeId(i as u32)))
            .collect();
        let operations: BTreeMap<String, usize> = spec
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| (fold(&op.name), i))
            .collect();
        let mut pairing = Pairing {
            spec: vec![None; docs.types.len()],
            by_use: vec![None; docs.types.len()],
            operation: vec![None; docs.types.len()],
            inline: vec![None; docs.types.len()],
            elsewhere: Vec::new(),
        };
        let mut by_name_only = vec![None; docs.types.len()];
        let mut queue = Vec::new();
        let mut links = Linker {
            docs,
            spec,
            found: Vec::new(),
            inline: Vec::new(),
        };
        for (i, doc_ty) in docs.types.iter().enumerate() {
            let named = OperationModel::of(&doc_ty.name, &operations);
            // An operation with parameters is wrapped by the SDK in `{Operation}Request`; the
            // OpenAPI reader may have given the operation's inline body that name too.
            if let (
                Some((model @ (OperationModel::Request | OperationModel::FormRequest), op)),
                TypeKind::Struct(wrapper),
            ) = (named, &doc_ty.kind)
                && spec.operations[op]
                    .parameters
                    .iter()
                    .any(|p| shown_parameter(&p.field))
            {
                pairing.operation[i] = Some((op, model));
                let op = &spec.operations[op];
                let (slots, _) = wrapper_slots(op, &wrapper.fields);
                for (field, slot) in wrapper.fields.iter().zip(slots) {
                    if let Some(ty) = slot.and_then(|slot| slot.spec_type(op)) {
                        links.link(&field.ty, ty);
                    }
                }
            } else if let Some(&id) = by_name.get(&fold(&doc_ty.name)) {
                if same_kind(&doc_ty.kind, &spec.get(id).kind) {
                    pairing.spec[i] = Some(id);
                    queue.push((TypeId(i as u32), id));
                } else {
                    // Another schema of the same name (the docs' `StatusEnum` is an inline
                    // enum; the spec's a component object): what holds it decides.
                    by_name_only[i] = Some(id);
                }
            } else if let Some(&id) = fold(&doc_ty.name)
                .strip_suffix("input")
                .and_then(|stem| by_name.get(stem))
                && matches!(doc_ty.kind, TypeKind::Struct(_))
                && same_kind(&doc_ty.kind, &spec.get(id).kind)
            {
                // Speakeasy's request form of a schema with read-only properties.
                pairing.spec[i] = Some(id);
                pairing.by_use[i] = Some(INPUT_MODEL);
                queue.push((TypeId(i as u32), id));
            } else if let Some((OperationModel::ResponseBody, op)) = named
                && let Some(response) = spec.operations[op].success_type()
            {
                links.link(&Type::Ref(TypeId(i as u32)), response);
            } else if let (Some((OperationModel::Response, op)), TypeKind::Struct(wrapper)) =
                (named, &doc_ty.kind)
            {
                pairing.inline[i] = Some(RESPONSE_WRAPPER);
                if let Some(response) = spec.operations[op].success_type() {
                    for field in wrapper
                        .fields
                        .iter()
                        .filter(|f| fold(&f.sdk_name) != "headers")
                    {
                        links.link(&field.ty, response);
                    }
                }
            } else if let Some((OperationModel::Security, _)) = named {
                // The credentials it holds (`SchemeBasic`) are the SDK's too.
                pairing.inline[i] = Some(SDK_SECURITY);
                if let TypeKind::Struct(s) = &doc_ty.kind {
                    for field in &s.fields {
                        if let Type::Ref(x) = &field.ty {
                            links.inline.push((*x, SDK_SECURITY));
                        }
                    }
                }
            }
        }
        pairing.follow(&mut links, &mut queue);
        pairing.by_properties(docs, spec, &links.inline, &mut queue);
        pairing.follow(&mut links, &mut queue);
        for (i, id) in by_name_only.into_iter().enumerate() {
            if let Some(id) = id
                && pairing.spec[i].is_none()
                && pairing.operation[i].is_none()
                && !links.inline.iter().any(|(x, _)| x.0 as usize == i)
            {
                pairing.spec[i] = Some(id);
                queue.push((TypeId(i as u32), id));
            }
        }
        pairing.follow(&mut links, &mut queue);
        pairing.by_fit(docs, spec, &mut queue);
        pairing.follow(&mut links, &mut queue);
        for (x, reason) in links.inline {
            let i = x.0 as usize;
            if pairing.spec[i].is_none() && pairing.operation[i].is_none() {
                pairing.inline[i].get_or_insert(reason);
            }
        }
        pairing
    }

    /// Pairs each docs struct still alone with the spec struct of the same property names
    /// (folded), preferring the spec name closest to the docs name: what holds it is not in the
    /// docs (an error response), so its place cannot tell.
    fn by_properties(
        &mut self,
        docs: &Api,
        spec: &Api,
        inline: &[(TypeId, &'static str)],
        queue: &mut Vec<(TypeId, TypeId)>,
    ) {
        let key = |fields: &[Field]| -> Vec<String> {
            let mut names: Vec<String> = fields.iter().map(|f| fold(&f.wire_name)).collect();
            names.sort_unstable();
            names
        };
        let mut by_fields: BTreeMap<Vec<String>, Vec<TypeId>> = BTreeMap::new();
        for (j, ty) in spec.types.iter().enumerate() {
            if let TypeKind::Struct(s) = &ty.kind
                && !s.fields.is_empty()
            {
                by_fields
                    .entry(key(&s.fields))
                    .or_default()
                    .push(TypeId(j as u32));
            }
        }
        for (i, ty) in docs.types.iter().enumerate() {
            let TypeKind::Struct(s) = &ty.kind else {
                continue;
            };
            if self.spec[i].is_some()
                || self.operation[i].is_some()
                || self.inline[i].is_some()
                || s.fields.is_empty()
                || inline.iter().any(|(x, _)| x.0 as usize == i)
            {
                continue;
            }
            let name = fold(&ty.name);
            let best = by_fields.get(&key(&s.fields)).and_then(|candidates| {
                candidates.iter().copied().max_by_key(|&id| {
                    let other = fold(&spec.get(id).name);
                    let common = name.chars().zip(other.chars()).take_while(|(a, b)| a == b);
                    (common.count(), std::cmp::Reverse(id.0))
                })
            });
            if let Some(id) = best {
                self.spec[i] = Some(id);
                self.by_use[i] = Some(BY_PROPERTIES);
                queue.push((TypeId(i as u32), id));
            }
        }
    }

    /// Follows every pair in `queue` to the pairs of types its fields and variants hold.
    fn follow(&mut self, links: &mut Linker<'_>, queue: &mut Vec<(TypeId, TypeId)>) {
        let (docs, spec) = (links.docs, links.spec);
        self.add(&mut links.found, queue);
        while let Some((d, s)) = queue.pop() {
            match (&docs.get(d).kind, &spec.get(s).kind) {
                (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                    let by_wire = fields_by_wire(&b.fields);
                    for field in &a.fields {
                        if let Some(other) = find_field(&by_wire, field) {
                            links.link(&field.ty, &other.ty);
                        }
                    }
                }
                (TypeKind::Union(a), TypeKind::Union(b)) => {
                    let names: Vec<String> = a.variants.iter().map(|v| fold(&v.name)).collect();
                    let a: Vec<&Type> = a.variants.iter().map(|v| &v.ty).collect();
                    let b_names: Vec<String> = b.variants.iter().map(|v| fold(&v.name)).collect();
                    let b: Vec<&Type> = b.variants.iter().map(|v| &v.ty).collect();
                    for (x, y) in match_variants(docs, spec, (&names, &a), (&b_names, &b)) {
                        links.link(x, y);
                    }
                }
                (TypeKind::Alias(a), TypeKind::Alias(b)) => links.link(a, b),
                _ => {}
            }
            self.add(&mut links.found, queue);
        }
    }

    /// Records pairs found through fields for docs types not paired yet, and keeps the others
    /// as candidates for [`Pairing::by_fit`].
    fn add(&mut self, found: &mut Vec<(TypeId, TypeId)>, queue: &mut Vec<(TypeId, TypeId)>) {
        for (x, y) in found.drain(..) {
            let i = x.0 as usize;
            if self.spec[i].is_none() && self.operation[i].is_none() {
                self.spec[i] = Some(y);
                self.by_use[i] = Some(INLINE_NAME);
                queue.push((x, y));
            } else if self.spec[i].is_some_and(|z| z != y) {
                self.elsewhere.push((x, y));
            }
        }
    }

    /// Re-pairs a docs struct paired by name with the spec struct found at its place of use
    /// when that one has its fields and the named one does not: Go flattens an `allOf` variant
    /// of a `oneOf` into a struct named like the variant's schema, and a request model may share
    /// its name with a response schema.
    fn by_fit(&mut self, docs: &Api, spec: &Api, queue: &mut Vec<(TypeId, TypeId)>) {
        for (x, y) in std::mem::take(&mut self.elsewhere) {
            let i = x.0 as usize;
            let Some(z) = self.spec[i] else { continue };
            if self.by_use[i].is_some() || z == y {
                continue;
            }
            let (Some(at_use), Some(named)) = (misfit(docs, x, spec, y), misfit(docs, x, spec, z))
            else {
                continue;
            };
            if at_use < named {
                self.spec[i] = Some(y);
                self.by_use[i] = Some(BY_FIT);
                queue.push((x, y));
            }
        }
    }

    pub(super) fn same(&self, d: TypeId, s: TypeId) -> bool {
        self.spec[d.0 as usize] == Some(s)
    }
}

impl Linker<'_> {
    /// Records the models `a` (of the docs) and `b` (of the spec) refer to at the same place.
    fn link(&mut self, a: &Type, b: &Type) {
        self.walk(a, b, 0);
    }

    fn walk(&mut self, a: &Type, b: &Type, depth: u32) {
        if depth > 8 {
            return;
        }
        let (docs, spec) = (self.docs, self.spec);
        match (a, b) {
            (Type::Ref(x), Type::Ref(y)) => self.found.push((*x, *y)),
            (Type::Ref(x), Type::String) if matches!(&docs.get(*x).kind, TypeKind::Enum(_)) => {
                self.inline.push((*x, compat::CONSTANT));
            }
            (Type::Ref(x), Type::Map(_) | Type::Any) if fieldless(&docs.get(*x).kind) => {
                self.inline.push((*x, compat::NAMED_SHAPE));
            }
            (Type::Ref(x), Type::Any) if matches!(&docs.get(*x).kind, TypeKind::Union(_)) => {
                // A union with a `mixed` member: any value, and so are its other members.
                self.inline.push((*x, compat::ANY_VALUE));
                if let TypeKind::Union(union) = &docs.get(*x).kind {
                    for variant in &union.variants {
                        if let Type::Ref(y) = &variant.ty {
                            self.inline.push((*y, compat::ANY_VALUE));
                        }
                    }
                }
            }
            (Type::Ref(x), Type::Binary) if matches!(&docs.get(*x).kind, TypeKind::Struct(_)) => {
                self.inline.push((*x, FILE_UPLOAD));
            }
            (Type::Array(x), Type::Array(y)) | (Type::Map(x), Type::Map(y)) => {
                self.walk(x, y, depth + 1);
            }
            // Items that may be `null` hold the same models as the other source's items.
            (Type::Nullable(x), _) => self.walk(x, b, depth + 1),
            (_, Type::Nullable(y)) => self.walk(a, y, depth + 1),
            _ => {
                if let Some(target) = spec.alias_target(b) {
                    self.walk(a, target, depth + 1);
                } else if let Some(target) = docs.alias_target(a) {
                    self.walk(target, b, depth + 1);
                }
            }
        }
    }
}

/// How many fields of a docs struct the spec struct lacks, plus how many properties of the spec
/// struct the docs lack (read-only ones aside for a docs `…Input` model); `None` unless both
/// are structs.
fn misfit(docs: &Api, d: TypeId, spec: &Api, s: TypeId) -> Option<usize> {
    let (TypeKind::Struct(a), TypeKind::Struct(b)) = (&docs.get(d).kind, &spec.get(s).kind) else {
        return None;
    };
    let by_wire = fields_by_wire(&b.fields);
    let mut matched = BTreeSet::new();
    let mut res = 0;
    for field in &a.fields {
        match find_field(&by_wire, field) {
            Some(other) => {
                matched.insert(fold(&other.wire_name));
            }
            None => res += 1,
        }
    }
    let input = docs.get(d).name.ends_with("Input");
    res += b
        .fields
        .iter()
        .filter(|f| !(matched.contains(&fold(&f.wire_name)) || input && f.read_only))
        .count();
    Some(res)
}

/// Whether two types of the same name can be the same: of the same kind (struct, enum,
/// union…) and, for objects, sharing a property.
fn same_kind(a: &TypeKind, b: &TypeKind) -> bool {
    match (a, b) {
        (TypeKind::Struct(a), TypeKind::Struct(b))
            if !a.fields.is_empty() && !b.fields.is_empty() =>
        {
            let names: BTreeSet<String> = b.fields.iter().map(|f| fold(&f.wire_name)).collect();
            a.fields.iter().any(|f| names.contains(&fold(&f.wire_name)))
        }
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// Whether a docs model is an object without listed fields (a free-form object).
pub(super) fn fieldless(kind: &TypeKind) -> bool {
    match kind {
        TypeKind::FreeForm => true,
        TypeKind::Struct(s) => s.fields.is_empty(),
        _ => false,
    }
}
