//! Docs against spec: when an API has both Markdown docs and an OpenAPI document, every model
//! the docs describe is compared with the spec's, and each disagreement becomes a warning that
//! points at both places. Differences the docs cannot express are counted, not reported.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::files::SourceMap;
use crate::model::compat::{self, Compat};
use crate::model::names::fold;
use crate::model::{Api, Field, TypeDef, TypeKind, WireSource};

/// What the comparison found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrossCheck {
    /// Models of the docs found in the spec.
    pub models: usize,
    /// Fields compared.
    pub fields: usize,
    /// Differences the docs cannot express, by reason.
    pub allowed: BTreeMap<&'static str, usize>,
    /// Disagreements, by kind (each also a warning).
    pub disagreements: BTreeMap<&'static str, usize>,
    /// Wire names of the docs model that differ from the spec's, by where the docs model got
    /// them (`config`, `evidence`, `policy (guessed)`).
    pub wire_mismatches: BTreeMap<&'static str, usize>,
}

const MISSING_MODEL: &str = "model missing from the spec";
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

/// Compares the docs model with the spec model and reports every disagreement.
pub fn cross_check(
    sources: &SourceMap,
    docs: &Api,
    spec: &Api,
    diagnostics: &mut Vec<Diagnostic>,
) -> CrossCheck {
    let mut res = CrossCheck::default();
    let by_name: BTreeMap<String, &TypeDef> =
        spec.types.iter().map(|t| (fold(&t.name), t)).collect();
    for doc_ty in &docs.types {
        let Some(spec_ty) = by_name.get(&fold(&doc_ty.name)) else {
            *res.disagreements.entry(MISSING_MODEL).or_default() += 1;
            diagnostics.push(
                Diagnostic::warning(sources, doc_ty.span, format!("the docs describe `{}`, which the OpenAPI document does not define", doc_ty.name))
                    .with_hint("the types are generated from the OpenAPI document; check that both describe the same API version"),
            );
            continue;
        };
        res.models += 1;
        compare_type(
            sources,
            (docs, doc_ty),
            (spec, spec_ty),
            &mut res,
            diagnostics,
        );
    }
    res
}

fn compare_type(
    sources: &SourceMap,
    (docs, doc_ty): (&Api, &TypeDef),
    (spec, spec_ty): (&Api, &TypeDef),
    res: &mut CrossCheck,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut disagree = |kind: &'static str, message: String, hint: &str| {
        *res.disagreements.entry(kind).or_default() += 1;
        diagnostics.push(
            Diagnostic::warning(sources, doc_ty.span, message)
                .with_related(sources, spec_ty.span, "the OpenAPI document's definition")
                .with_hint(hint.to_string()),
        );
    };
    match (&doc_ty.kind, &spec_ty.kind) {
        (TypeKind::Struct(d), TypeKind::Struct(s)) => compare_fields(
            sources,
            (docs, doc_ty, &d.fields),
            (spec, spec_ty, &s.fields),
            res,
            diagnostics,
        ),
        (TypeKind::Enum(d), TypeKind::Enum(s)) => {
            let dv: Vec<&str> = d.values.iter().map(|v| v.wire_value.as_str()).collect();
            let sv: Vec<&str> = s.values.iter().map(|v| v.wire_value.as_str()).collect();
            if dv != sv {
                disagree(
                    ENUM_VALUES,
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
        (TypeKind::Alias(a), TypeKind::Alias(b)) => match compat::compare(docs, a, spec, b) {
            Compat::Same => {}
            Compat::Allowed(reason) => *res.allowed.entry(reason).or_default() += 1,
            Compat::Different => disagree(
                TYPE,
                format!(
                    "`{}` is {a:?} in the docs and {b:?} in the OpenAPI document",
                    doc_ty.name
                ),
                "the generated type follows the OpenAPI document",
            ),
        },
        (a, b) => disagree(
            KIND,
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
    sources: &SourceMap,
    (docs, doc_ty, doc_fields): (&Api, &TypeDef, &[Field]),
    (spec, spec_ty, spec_fields): (&Api, &TypeDef, &[Field]),
    res: &mut CrossCheck,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Spec properties by wire name, folded: the docs show SDK names, which are the wire names
    // recased and stripped of punctuation.
    let by_wire: BTreeMap<String, &Field> = spec_fields
        .iter()
        .map(|f| (fold(&f.wire_name), f))
        .collect();
    let mut matched = Vec::new();
    for doc_field in doc_fields {
        let found = by_wire
            .get(&fold(&doc_field.wire_name))
            .or_else(|| by_wire.get(&fold(&doc_field.sdk_name)));
        let Some(spec_field) = found else {
            *res.disagreements.entry(MISSING_FIELD).or_default() += 1;
            diagnostics.push(
                Diagnostic::warning(
                    sources,
                    doc_field.span,
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
        matched.push(fold(&spec_field.wire_name));
        res.fields += 1;
        let mut disagree = |kind: &'static str, message: String| {
            *res.disagreements.entry(kind).or_default() += 1;
            diagnostics.push(
                Diagnostic::warning(sources, doc_field.span, message)
                    .with_related(sources, spec_field.span, "the OpenAPI document's property")
                    .with_hint("the generated type follows the OpenAPI document"),
            );
        };
        if doc_field.wire_name != spec_field.wire_name {
            *res.wire_mismatches
                .entry(doc_field.wire_source.label())
                .or_default() += 1;
            // A guess the spec corrects is expected; a name from config or evidence is not.
            if !matches!(doc_field.wire_source, WireSource::Policy(_)) {
                disagree(
                    WIRE,
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
            } else {
                disagree(
                    REQUIRED,
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
        match compat::compare(docs, &doc_field.ty, spec, &spec_field.ty) {
            Compat::Same => {}
            Compat::Allowed(reason) => *res.allowed.entry(reason).or_default() += 1,
            Compat::Different => disagree(
                TYPE,
                format!(
                    "`{}.{}` has another type in the docs than in the OpenAPI document",
                    doc_ty.name, doc_field.sdk_name
                ),
            ),
        }
    }
    for spec_field in spec_fields {
        if !matched.contains(&fold(&spec_field.wire_name)) {
            *res.disagreements.entry(EXTRA_FIELD).or_default() += 1;
            diagnostics.push(
                Diagnostic::warning(
                    sources,
                    doc_ty.span,
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

fn required(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}
