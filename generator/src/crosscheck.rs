//! Docs against spec: when an API has both Markdown docs and an OpenAPI document, every model
//! the docs describe is compared with the spec's, and each disagreement becomes a warning that
//! points at both places. Differences the docs cannot express are counted, not reported.
//! Docs models the spec does not define are warnings too, but counted apart from the
//! disagreements (with the spec types no docs model stands for): a spec that covers part of
//! the API leaves them out without contradicting the docs. The operations of an SDK's
//! operation docs are compared too (`operations.rs`).

mod operations;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::files::SourceMap;
use crate::model::compat::{self, Compat};
use crate::model::names::fold;
use crate::model::{
    Api, EnumRepr, Field, Operation, Tagging, Type, TypeDef, TypeId, TypeKind, WireSource,
};

/// What the comparison found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrossCheck {
    /// Models of the docs found in the spec.
    pub models: usize,
    /// Fields compared.
    pub fields: usize,
    /// Operations of the docs found in the spec.
    pub operations: usize,
    /// Differences the docs cannot express, by reason.
    pub allowed: BTreeMap<&'static str, usize>,
    /// Disagreements, by kind (each also a warning).
    pub disagreements: BTreeMap<&'static str, usize>,
    /// Wire names of the docs model that differ from the spec's, by where the docs model got
    /// them (`config`, `evidence`, `policy (guessed)`) and why no policy could know them.
    pub wire_mismatches: BTreeMap<(&'static str, &'static str), usize>,
    /// Each guessed wire name the spec spells otherwise: `Model.field`, the guess, the spec's.
    pub guessed_wrong: Vec<(String, String, String)>,
    /// Docs models that no spec type stands for (each also a warning). Counted apart from the
    /// disagreements: a spec that covers part of the API (a hand-written one, an older
    /// revision) leaves models out without contradicting the docs on any of them.
    pub docs_only: Vec<String>,
    /// Spec types (structs, enums, unions) that no docs model stands for. When this is empty,
    /// every docs-only model is one the spec does not cover, not one paired wrongly.
    pub spec_only: Vec<String>,
    /// Operations of the docs that the spec does not define (each also a warning), counted
    /// apart from the disagreements for the same reason as [`CrossCheck::docs_only`].
    pub docs_only_operations: Vec<String>,
}

const MISSING_FIELD: &str = "field missing from the spec";
const EXTRA_FIELD: &str = "spec property missing from the docs";
const REQUIRED: &str = "requiredness";
const TYPE: &str = "type";
const ENUM_VALUES: &str = "enum values";
const KIND: &str = "kind of type";
const WIRE: &str = "wire name";
/// Speakeasy renders a required property that has a default as optional.
const REQUIRED_DEFAULT: &str = "a required property with a default is documented as optional";
/// The docs show members of a union or a model they do not list (bare unions, union-typed fields).
const UNION_SHAPE: &str = "the docs render this union differently from the spec";

/// The docs model names an inline schema of the spec after the property that holds it.
const INLINE_NAME: &str =
    "the docs name a schema the spec writes inline (matched through the field that holds it)";

/// The docs show an operation's parameters and body as an SDK request wrapper.
const REQUEST_WRAPPER: &str = "the docs' request wrapper of an operation holds its parameters and body (matched with the operation)";

/// Go and C# SDKs hold the keys a schema's `additionalProperties` allows in a field.
const ADDITIONAL_PROPERTIES: &str = "the SDK holds the keys `additionalProperties` allows in a field of its own (`AdditionalProperties`)";
/// Speakeasy's `…Input` models are the request form of a schema, without read-only properties.
const INPUT_MODEL: &str = "the docs' `…Input` model is the request form of a schema and leaves out its read-only properties";

/// SDKs upload a file as a model of its name and content.
const FILE_UPLOAD: &str =
    "SDKs take a file to upload as a model of its name and content where the spec has binary data";

/// The docs' evidence of a wire name is an example the spec shows, against its own schema.
const SPEC_EXAMPLE: &str = "the docs show the wire name of the spec's own example, which the spec's schema contradicts (the example check reports the example)";

/// SDKs take a form-encoded body as a map of its fields.
const FORM_BODY: &str =
    "the SDK's `{Operation}FormRequest` takes the form-encoded body as a map of its fields";

/// SDKs wrap an operation's result with its HTTP headers.
const RESPONSE_WRAPPER: &str = "the docs' `{Operation}Response` holds the HTTP headers of an operation's response beside its body";

/// A model nothing in the docs refers to, paired with the spec schema of the same properties.
const BY_PROPERTIES: &str = "no docs model refers to this one (error bodies the SDK documents elsewhere); matched by its property names";

/// SDKs hold an operation's own security requirement in `{Operation}Security`.
const SDK_SECURITY: &str = "the SDK's `{Operation}Security` model holds the credentials of an operation's security requirement, which the spec declares as security schemes";

/// SDKs require the discriminator of a tagged union in each variant, and hold it there.
const DISCRIMINATOR: &str = "the docs mark a union's discriminator property required in each variant (the SDK sets it), where the spec leaves it optional or to the union";

/// A docs model paired with the spec schema at its place of use rather than the one of its name.
const BY_FIT: &str = "the docs model stands for the schema at its place of use, not the one of its name (Go flattens an `allOf` variant of a `oneOf` into a struct named like the variant; request and response forms of one name)";

/// Early SDK docs keep a doc for an empty inline schema that nothing refers to.
const EMPTY_LEFTOVER: &str = "the docs keep a model without fields that no other docs model refers to (an inline schema the SDK named but does not use)";

/// How early TypeScript and Python docs (2023) list the `null` of a nullable enum.
const NIL_VALUE: &str = "<nil>";
/// The docs list `<nil>` among an enum's values where the spec allows `null`.
const NIL_ENUM_VALUE: &str =
    "the docs list a nullable enum's `null` as the value `<nil>` (TypeScript and Python, 2023)";

/// Enum values listed in another order.
const ENUM_ORDER: &str = "the docs list the enum's values in another order";

/// SDKs set these headers from the media types they send and accept.
const SDK_HEADERS: &str = "SDKs set the `Accept` and `Content-Type` headers themselves, so their request wrappers leave them out";

/// Which spec type each docs type stands for, and how that was found.
struct Pairing {
    spec: Vec<Option<TypeId>>,
    /// For a docs type paired other than by name, how (the allowed difference it counts as).
    by_use: Vec<Option<&'static str>>,
    /// Docs request wrappers (`GetArticleRequest`, `GetArticleFormRequest`), the operation
    /// each wraps and which of the two it is.
    operation: Vec<Option<(usize, OperationModel)>>,
    /// Docs models the spec writes inline as a plain value (an enum as a constant string, a
    /// free-form object as a map), with the reason.
    inline: Vec<Option<&'static str>>,
    /// Spec types found at a docs type's place of use that differ from the one it is paired
    /// with (by name): candidates for [`Pairing::by_fit`].
    elsewhere: Vec<(TypeId, TypeId)>,
}

impl Pairing {
    /// Pairs docs types with spec types of the same name, then, from each pair, the types their
    /// matching fields (and union variants) refer to, whatever they are called: Speakeasy names
    /// inline schemas after their property, the OpenAPI reader after their owner and property.
    fn new(docs: &Api, spec: &Api) -> Pairing {
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

    fn same(&self, d: TypeId, s: TypeId) -> bool {
        self.spec[d.0 as usize] == Some(s)
    }
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

/// Counts an allowed difference; whether the comparison found the types different.
fn differs(allowed: &mut BTreeMap<&'static str, usize>, compat: Compat) -> bool {
    match compat {
        Compat::Same => false,
        Compat::Allowed(reason) => {
            *allowed.entry(reason).or_default() += 1;
            false
        }
        Compat::Different => true,
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
fn fieldless(kind: &TypeKind) -> bool {
    match kind {
        TypeKind::FreeForm => true,
        TypeKind::Struct(s) => s.fields.is_empty(),
        _ => false,
    }
}

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
fn match_variants<'t>(
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
fn fields_by_wire(fields: &[Field]) -> BTreeMap<String, &Field> {
    let mut map: BTreeMap<String, &Field> =
        fields.iter().map(|f| (fold(&f.wire_name), f)).collect();
    for field in fields {
        map.entry(fold(&field.sdk_name)).or_insert(field);
    }
    map
}

fn find_field<'s>(by_wire: &BTreeMap<String, &'s Field>, field: &Field) -> Option<&'s Field> {
    by_wire
        .get(&fold(&field.wire_name))
        .or_else(|| by_wire.get(&fold(&field.sdk_name)))
        .copied()
}

/// The types some field, variant or alias of `api` refers to.
fn referenced_types(api: &Api) -> BTreeSet<TypeId> {
    fn walk(ty: &Type, acc: &mut BTreeSet<TypeId>) {
        match ty {
            Type::Ref(id) => {
                acc.insert(*id);
            }
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => walk(inner, acc),
            _ => {}
        }
    }
    let mut acc = BTreeSet::new();
    for ty in &api.types {
        match &ty.kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| walk(&f.ty, &mut acc)),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| walk(&v.ty, &mut acc)),
            TypeKind::Alias(target) => walk(target, &mut acc),
            TypeKind::Enum(_) | TypeKind::FreeForm => {}
        }
    }
    acc
}

/// For each spec type that is a variant of a tagged union, the wire names of the properties
/// that tag it.
fn tag_properties(spec: &Api) -> BTreeMap<TypeId, BTreeSet<String>> {
    let mut res: BTreeMap<TypeId, BTreeSet<String>> = BTreeMap::new();
    for ty in &spec.types {
        let TypeKind::Union(union) = &ty.kind else {
            continue;
        };
        let property = match &union.tagging {
            Tagging::Internal { property } => property,
            Tagging::Adjacent { tag, .. } => tag,
            Tagging::Untagged => continue,
        };
        for variant in &union.variants {
            if let Type::Ref(id) = variant.ty {
                res.entry(id).or_default().insert(property.clone());
            }
        }
    }
    res
}

/// Compares the docs model with the spec model and reports every disagreement.
pub fn cross_check(
    sources: &SourceMap,
    docs: &Api,
    spec: &Api,
    diagnostics: &mut Vec<Diagnostic>,
) -> CrossCheck {
    let mut res = CrossCheck::default();
    let pairing = Pairing::new(docs, spec);
    let cx = Cx {
        sources,
        docs,
        spec,
        pairing: &pairing,
        tags: tag_properties(spec),
    };
    let referenced = referenced_types(docs);
    for (i, doc_ty) in docs.types.iter().enumerate() {
        if let (Some((op, model)), TypeKind::Struct(wrapper)) = (pairing.operation[i], &doc_ty.kind)
        {
            res.models += 1;
            *res.allowed.entry(REQUEST_WRAPPER).or_default() += 1;
            compare_operation(
                &cx,
                (doc_ty, &wrapper.fields, model),
                &spec.operations[op],
                &mut res,
                diagnostics,
            );
            continue;
        }
        if let Some(reason) = pairing.inline[i] {
            *res.allowed.entry(reason).or_default() += 1;
            continue;
        }
        let Some(spec_id) = pairing.spec[i] else {
            if fieldless(&doc_ty.kind) && !referenced.contains(&TypeId(i as u32)) {
                *res.allowed.entry(EMPTY_LEFTOVER).or_default() += 1;
                continue;
            }
            res.docs_only.push(doc_ty.name.clone());
            diagnostics.push(
                Diagnostic::warning(sources, doc_ty.span, Code::DocsOnlyModel, format!("the docs describe `{}`, which the OpenAPI document does not define", doc_ty.name))
                    .with_hint("the types are generated from the OpenAPI document; check that both describe the same API version"),
            );
            continue;
        };
        res.models += 1;
        if let Some(reason) = pairing.by_use[i] {
            *res.allowed.entry(reason).or_default() += 1;
        }
        compare_type(&cx, doc_ty, spec_id, &mut res, diagnostics);
    }
    let paired: BTreeSet<TypeId> = pairing.spec.iter().flatten().copied().collect();
    res.spec_only = spec
        .types
        .iter()
        .enumerate()
        .filter(|(i, ty)| {
            matches!(
                ty.kind,
                TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_)
            ) && !paired.contains(&TypeId(*i as u32))
        })
        .map(|(_, ty)| ty.name.clone())
        .collect();
    operations::compare(sources, docs, spec, &mut res, diagnostics);
    res
}

/// What every comparison needs.
struct Cx<'a> {
    sources: &'a SourceMap,
    docs: &'a Api,
    spec: &'a Api,
    pairing: &'a Pairing,
    /// For each spec struct that is a variant of a tagged union, the union's tag properties.
    tags: BTreeMap<TypeId, BTreeSet<String>>,
}

impl Cx<'_> {
    fn compare(&self, a: &Type, b: &Type) -> Compat {
        if let (Type::Ref(x), Type::Binary) = (a, b)
            && self.pairing.inline[x.0 as usize] == Some(FILE_UPLOAD)
        {
            return Compat::Allowed(FILE_UPLOAD);
        }
        compat::compare_by(self.docs, a, self.spec, b, &|x, y| self.pairing.same(x, y))
    }
}

fn compare_type(
    cx: &Cx<'_>,
    doc_ty: &TypeDef,
    spec_id: TypeId,
    res: &mut CrossCheck,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let sources = cx.sources;
    let spec_ty = cx.spec.get(spec_id);
    let tags = cx.tags.get(&spec_id);
    let mut disagree = |kind: &'static str, code: Code, message: String, hint: &str| {
        *res.disagreements.entry(kind).or_default() += 1;
        diagnostics.push(
            Diagnostic::warning(sources, doc_ty.span, code, message)
                .with_related(sources, spec_ty.span, "the OpenAPI document's definition")
                .with_hint(hint.to_string()),
        );
    };
    match (&doc_ty.kind, &spec_ty.kind) {
        (TypeKind::Struct(d), TypeKind::Struct(s)) => compare_fields(
            cx,
            (doc_ty, &d.fields),
            (spec_ty, &s.fields, tags),
            res,
            diagnostics,
        ),
        (TypeKind::Enum(d), TypeKind::Enum(s)) => {
            let mut dv: Vec<&str> = d.values.iter().map(|v| v.wire_value.as_str()).collect();
            // Early TypeScript and Python docs list a nullable enum's `null` as a value.
            if dv.contains(&NIL_VALUE) && !s.values.iter().any(|v| v.wire_value == NIL_VALUE) {
                dv.retain(|v| *v != NIL_VALUE);
                *res.allowed.entry(NIL_ENUM_VALUE).or_default() += 1;
            }
            let sv: Vec<&str> = s.values.iter().map(|v| v.wire_value.as_str()).collect();
            let sorted = |v: &Vec<&str>| {
                let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
                v.sort_unstable();
                v
            };
            if dv != sv && sorted(&dv) == sorted(&sv) {
                *res.allowed.entry(ENUM_ORDER).or_default() += 1;
            } else if dv != sv {
                disagree(
                    ENUM_VALUES,
                    Code::EnumValuesDiffer,
                    format!(
                        "`{}` lists the values {dv:?}, the OpenAPI document {sv:?}",
                        doc_ty.name
                    ),
                    "the generated enum follows the OpenAPI document",
                );
            }
        }
        (TypeKind::FreeForm, TypeKind::FreeForm) => {}
        (TypeKind::Union(_) | TypeKind::Alias(_), TypeKind::Union(_))
        | (TypeKind::Union(_), TypeKind::Alias(_))
        | (TypeKind::FreeForm, TypeKind::Alias(_) | TypeKind::Union(_)) => {
            *res.allowed.entry(UNION_SHAPE).or_default() += 1;
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            if differs(&mut res.allowed, cx.compare(a, b)) {
                disagree(
                    TYPE,
                    Code::TypeDiffers,
                    format!(
                        "`{}` is {a:?} in the docs and {b:?} in the OpenAPI document",
                        doc_ty.name
                    ),
                    "the generated type follows the OpenAPI document",
                );
            }
        }
        (a, b) => disagree(
            KIND,
            Code::KindDiffers,
            format!(
                "`{}` is {} in the docs and {} in the OpenAPI document",
                doc_ty.name,
                kind(a),
                kind(b)
            ),
            "the generated type follows the OpenAPI document",
        ),
    }
}

/// The SDK models Speakeasy names after an operation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OperationModel {
    /// `{Operation}Request`: the parameters and the body.
    Request,
    /// `{Operation}FormRequest`: the parameters and the body sent form-encoded, where the
    /// operation also takes another media type.
    FormRequest,
    /// `{Operation}ResponseBody`: an inline success response.
    ResponseBody,
    /// `{Operation}Response`: the response's HTTP headers beside its body.
    Response,
    /// `{Operation}Security`: the credentials of the operation's own security requirement.
    Security,
}

impl OperationModel {
    /// The operation (by folded name in `operations`) a docs model is named after, and how.
    fn of(name: &str, operations: &BTreeMap<String, usize>) -> Option<(OperationModel, usize)> {
        let name = fold(name);
        [
            ("formrequest", OperationModel::FormRequest),
            ("request", OperationModel::Request),
            ("responsebody", OperationModel::ResponseBody),
            ("response", OperationModel::Response),
            ("security", OperationModel::Security),
        ]
        .into_iter()
        .find_map(|(suffix, model)| Some((model, *operations.get(name.strip_suffix(suffix)?)?)))
    }
}

/// What a field of a docs request wrapper stands for in its operation.
#[derive(Clone, Copy)]
enum Slot {
    /// The parameter of that index.
    Parameter(usize),
    /// The request body.
    Body,
}

impl Slot {
    fn spec_type(self, op: &Operation) -> Option<&Type> {
        match self {
            Slot::Parameter(j) => Some(&op.parameters[j].field.ty),
            Slot::Body => op.body().map(|(body, _)| body),
        }
    }
}

/// Assigns each field of a docs request wrapper to the parameter it stands for, matched one by
/// one (by wire or SDK name, also without the suffix Speakeasy adds when a header and a query
/// parameter share a name: `XAccountIdQueryParameter`), and the first other field to the body.
/// Returns the slots and which parameters were matched.
fn wrapper_slots(op: &Operation, fields: &[Field]) -> (Vec<Option<Slot>>, Vec<bool>) {
    let mut matched = vec![false; op.parameters.len()];
    let mut body_free = op.body().is_some();
    let slots = fields
        .iter()
        .map(|field| {
            let mut keys = vec![fold(&field.wire_name), fold(&field.sdk_name)];
            for suffix in [
                "QueryParameter",
                "HeaderParameter",
                "PathParameter",
                "CookieParameter",
            ] {
                if let Some(base) = field.sdk_name.strip_suffix(suffix) {
                    keys.push(fold(base));
                }
            }
            let param = (0..op.parameters.len()).find(|&j| {
                let param = &op.parameters[j].field;
                !matched[j]
                    && (keys.contains(&fold(&param.wire_name))
                        || keys.contains(&fold(&param.sdk_name)))
            });
            match param {
                Some(j) => {
                    matched[j] = true;
                    Some(Slot::Parameter(j))
                }
                None if body_free => {
                    body_free = false;
                    Some(Slot::Body)
                }
                None => None,
            }
        })
        .collect();
    (slots, matched)
}

/// Whether SDKs show the parameter in their request wrappers.
fn shown_parameter(param: &Field) -> bool {
    !matches!(fold(&param.wire_name).as_str(), "accept" | "contenttype")
}

/// Whether an example of the spec has a property `key`: the docs' examples are the spec's.
fn spec_example_uses(spec: &Api, key: &str) -> bool {
    let quoted = format!("\"{key}\"");
    spec.types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct(s) => Some(&s.fields),
            _ => None,
        })
        .flatten()
        .filter_map(|f| f.example.as_deref())
        .any(|example| example.contains(&quoted))
}

/// A docs request wrapper against its operation: each field is a parameter or the body.
fn compare_operation(
    cx: &Cx<'_>,
    (doc_ty, fields, model): (&TypeDef, &[Field], OperationModel),
    op: &Operation,
    res: &mut CrossCheck,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let sources = cx.sources;
    let (slots, matched) = wrapper_slots(op, fields);
    for (field, slot) in fields.iter().zip(slots) {
        let (ty, spec_required, span, what) = match (slot, op.body()) {
            (Some(Slot::Parameter(j)), _) => {
                let param = &op.parameters[j].field;
                (&param.ty, param.required, param.span, "parameter")
            }
            (Some(Slot::Body), Some((body, required))) => (body, required, op.span, "request body"),
            _ => {
                *res.disagreements.entry(MISSING_FIELD).or_default() += 1;
                diagnostics.push(
                        Diagnostic::warning(
                            sources,
                            field.span,
                            Code::DocsOnlyField,
                            format!(
                                "the docs give `{}` a field `{}` that is neither a parameter nor the body of operation `{}`",
                                doc_ty.name, field.sdk_name, op.name
                            ),
                        )
                        .with_related(sources, op.span, "the OpenAPI document's operation"),
                    );
                continue;
            }
        };
        res.fields += 1;
        let mut disagree = |kind: &'static str, code: Code, message: String| {
            *res.disagreements.entry(kind).or_default() += 1;
            diagnostics.push(
                Diagnostic::warning(sources, field.span, code, message)
                    .with_related(sources, span, format!("the OpenAPI document's {what}"))
                    .with_hint("the generated type follows the OpenAPI document"),
            );
        };
        if field.required != spec_required {
            disagree(
                REQUIRED,
                Code::RequiredDiffers,
                format!(
                    "`{}.{}` is {} in the docs and the {what} is {} in the OpenAPI document",
                    doc_ty.name,
                    field.sdk_name,
                    required(field.required),
                    required(spec_required)
                ),
            );
        }
        let compat = match (model, slot) {
            (OperationModel::FormRequest, Some(Slot::Body)) if matches!(field.ty, Type::Map(_)) => {
                Compat::Allowed(FORM_BODY)
            }
            _ => cx.compare(&field.ty, ty),
        };
        if differs(&mut res.allowed, compat) {
            disagree(
                TYPE,
                Code::TypeDiffers,
                format!(
                    "`{}.{}` has another type in the docs than the {what} in the OpenAPI document",
                    doc_ty.name, field.sdk_name
                ),
            );
        }
    }
    for (param, matched) in op.parameters.iter().zip(matched) {
        let param = &param.field;
        if !shown_parameter(param) {
            *res.allowed.entry(SDK_HEADERS).or_default() += 1;
        } else if !matched {
            *res.disagreements.entry(EXTRA_FIELD).or_default() += 1;
            diagnostics.push(
                Diagnostic::warning(
                    sources,
                    doc_ty.span,
                    Code::SpecOnlyProperty,
                    format!(
                        "operation `{}` has a parameter `{}` that the docs' `{}` does not list",
                        op.name, param.wire_name, doc_ty.name
                    ),
                )
                .with_related(
                    sources,
                    param.span,
                    "the OpenAPI document's parameter",
                ),
            );
        }
    }
}

fn kind(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "an object",
        TypeKind::Enum(_) => "an enum",
        TypeKind::Union(_) => "a union",
        TypeKind::FreeForm => "a free-form object",
        TypeKind::Alias(_) => "a named type",
    }
}

fn compare_fields(
    cx: &Cx<'_>,
    (doc_ty, doc_fields): (&TypeDef, &[Field]),
    (spec_ty, spec_fields, tags): (&TypeDef, &[Field], Option<&BTreeSet<String>>),
    res: &mut CrossCheck,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let sources = cx.sources;
    let by_wire = fields_by_wire(spec_fields);
    let mut matched = BTreeSet::new();
    let is_tag = |field: &Field| {
        tags.is_some_and(|tags| {
            tags.iter()
                .any(|t| fold(t) == fold(&field.wire_name) || fold(t) == fold(&field.sdk_name))
        })
    };
    for doc_field in doc_fields {
        let Some(spec_field) = find_field(&by_wire, doc_field) else {
            if fold(&doc_field.sdk_name) == "additionalproperties" {
                *res.allowed.entry(ADDITIONAL_PROPERTIES).or_default() += 1;
                continue;
            }
            if is_tag(doc_field) {
                *res.allowed.entry(DISCRIMINATOR).or_default() += 1;
                continue;
            }
            *res.disagreements.entry(MISSING_FIELD).or_default() += 1;
            diagnostics.push(
                Diagnostic::warning(
                    sources,
                    doc_field.span,
                    Code::DocsOnlyField,
                    format!(
                        "the docs give `{}` a field `{}` that the OpenAPI document does not",
                        doc_ty.name, doc_field.sdk_name
                    ),
                )
                .with_related(
                    sources,
                    spec_ty.span,
                    "the OpenAPI document's definition",
                ),
            );
            continue;
        };
        matched.insert(fold(&spec_field.wire_name));
        res.fields += 1;
        let mut disagree = |kind: &'static str, code: Code, message: String| {
            *res.disagreements.entry(kind).or_default() += 1;
            diagnostics.push(
                Diagnostic::warning(sources, doc_field.span, code, message)
                    .with_related(sources, spec_field.span, "the OpenAPI document's property")
                    .with_hint("the generated type follows the OpenAPI document"),
            );
        };
        if doc_field.wire_name != spec_field.wire_name {
            *res.wire_mismatches
                .entry((
                    doc_field.wire_source.label(),
                    wire_mismatch(&doc_field.wire_name, &spec_field.wire_name),
                ))
                .or_default() += 1;
            if doc_field.wire_source.is_guess() {
                res.guessed_wrong.push((
                    format!("{}.{}", doc_ty.name, doc_field.sdk_name),
                    doc_field.wire_name.clone(),
                    spec_field.wire_name.clone(),
                ));
            }
            // A guess the spec corrects is expected; a name from config or evidence is not,
            // unless the evidence is the spec's own example, which its schema contradicts.
            if matches!(doc_field.wire_source, WireSource::Evidence { .. })
                && spec_example_uses(cx.spec, &doc_field.wire_name)
            {
                *res.allowed.entry(SPEC_EXAMPLE).or_default() += 1;
            } else if !doc_field.wire_source.is_guess() {
                disagree(
                    WIRE,
                    Code::WireNameDiffers,
                    format!(
                        "`{}.{}` is `{}` on the wire by the {}, `{}` by the OpenAPI document",
                        doc_ty.name,
                        doc_field.sdk_name,
                        doc_field.wire_name,
                        doc_field.wire_source.label(),
                        spec_field.wire_name
                    ),
                );
            }
        }
        if doc_field.required != spec_field.required {
            if spec_field.required && spec_field.default.is_some() {
                *res.allowed.entry(REQUIRED_DEFAULT).or_default() += 1;
            } else if doc_field.required && is_tag(doc_field) {
                *res.allowed.entry(DISCRIMINATOR).or_default() += 1;
            } else {
                disagree(
                    REQUIRED,
                    Code::RequiredDiffers,
                    format!(
                        "`{}.{}` is {} in the docs and {} in the OpenAPI document",
                        doc_ty.name,
                        doc_field.sdk_name,
                        required(doc_field.required),
                        required(spec_field.required)
                    ),
                );
            }
        }
        if differs(&mut res.allowed, cx.compare(&doc_field.ty, &spec_field.ty)) {
            disagree(
                TYPE,
                Code::TypeDiffers,
                format!(
                    "`{}.{}` has another type in the docs than in the OpenAPI document",
                    doc_ty.name, doc_field.sdk_name
                ),
            );
        }
    }
    for spec_field in spec_fields {
        if matched.contains(&fold(&spec_field.wire_name)) {
            continue;
        }
        if spec_field.read_only && doc_ty.name.ends_with("Input") {
            *res.allowed.entry(INPUT_MODEL).or_default() += 1;
        } else {
            *res.disagreements.entry(EXTRA_FIELD).or_default() += 1;
            diagnostics.push(
                Diagnostic::warning(
                    sources,
                    doc_ty.span,
                    Code::SpecOnlyProperty,
                    format!(
                        "the OpenAPI document gives `{}` a property `{}` that the docs do not list",
                        doc_ty.name, spec_field.wire_name
                    ),
                )
                .with_related(
                    sources,
                    spec_field.span,
                    "the OpenAPI document's property",
                ),
            );
        }
    }
}

/// The SDK name hides the wire name's capitalisation (`shortURL` is `short_url` in Python).
pub const WIRE_CASE: &str = "the SDK name does not show the wire name's capitalisation (initialisms, a name in another case than the API's)";
/// The SDK name hides the wire name's punctuation (`_default` is `default_` in Java).
pub const WIRE_PUNCTUATION: &str =
    "the SDK name does not show the wire name's punctuation (`_default` becomes `default_`)";
/// The names differ in their letters: something other than a naming policy is at work.
pub const WIRE_LETTERS: &str =
    "the names differ in their letters, not only in case and punctuation";

/// Why a wire name derived from an SDK name misses the spec's: no policy that spells every
/// name of an API alike can know an initialism or a lone name in another case.
fn wire_mismatch(docs: &str, spec: &str) -> &'static str {
    let letters = |s: &str| -> String { s.chars().filter(char::is_ascii_alphanumeric).collect() };
    if fold(docs) != fold(spec) {
        WIRE_LETTERS
    } else if letters(docs) == letters(spec) {
        WIRE_PUNCTUATION
    } else {
        WIRE_CASE
    }
}

fn required(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}
