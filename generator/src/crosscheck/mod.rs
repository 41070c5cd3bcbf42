//! Docs against spec: when an API has both Markdown docs and an OpenAPI document, every model
//! the docs describe is compared with the spec's, and each disagreement becomes a warning that
//! points at both places. Differences the docs cannot express are counted, not reported.
//! Docs models the spec does not define are warnings too, but counted apart from the
//! disagreements (with the spec types no docs model stands for): a spec that covers part of
//! the API leaves them out without contradicting the docs. The operations of an SDK's
//! operation docs are compared too (`operations.rs`).
//!
//! This module holds the result ([`CrossCheck`]), the kinds of disagreement and the reasons a
//! difference is allowed (each counted under its text), and the driver ([`cross_check`]).
//! `pairing` finds the spec type each docs type stands for, `matching` how their fields and
//! variants correspond, `compare` compares a pair, and `wrappers` compares SDK request
//! wrappers with their operations.

mod compare;
mod matching;
mod operations;
mod pairing;
mod wrappers;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::files::SourceMap;
use crate::model::compat::{self, Compat};
use crate::model::{Api, Tagging, Type, TypeId, TypeKind};

use compare::compare_type;
use pairing::{Pairing, fieldless};
use wrappers::compare_operation;

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

/// The SDK name hides the wire name's capitalisation (`shortURL` is `short_url` in Python).
pub const WIRE_CASE: &str = "the SDK name does not show the wire name's capitalisation (initialisms, a name in another case than the API's)";
/// The SDK name hides the wire name's punctuation (`_default` is `default_` in Java).
pub const WIRE_PUNCTUATION: &str =
    "the SDK name does not show the wire name's punctuation (`_default` becomes `default_`)";
/// The names differ in their letters: something other than a naming policy is at work.
pub const WIRE_LETTERS: &str =
    "the names differ in their letters, not only in case and punctuation";
