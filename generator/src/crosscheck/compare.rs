//! One docs type against the spec type it stands for: the kind of type, enum values, union
//! variants, and field by field presence, requiredness, type and wire name (with why a guessed
//! wire name missed), each disagreement a warning and each allowed difference counted.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::model::compat::Compat;
use crate::model::names::fold;
use crate::model::{Api, Field, TypeDef, TypeId, TypeKind, WireSource};

use super::matching::{fields_by_wire, find_field};
use super::{
    ADDITIONAL_PROPERTIES, CrossCheck, Cx, DISCRIMINATOR, ENUM_ORDER, ENUM_VALUES, EXTRA_FIELD,
    INPUT_MODEL, KIND, MISSING_FIELD, NIL_ENUM_VALUE, NIL_VALUE, REQUIRED, REQUIRED_DEFAULT,
    SPEC_EXAMPLE, TYPE, UNION_SHAPE, WIRE, WIRE_CASE, WIRE_LETTERS, WIRE_PUNCTUATION,
};

/// Counts an allowed difference; whether the comparison found the types different.
pub(super) fn differs(allowed: &mut BTreeMap<&'static str, usize>, compat: Compat) -> bool {
    match compat {
        Compat::Same => false,
        Compat::Allowed(reason) => {
            *allowed.entry(reason).or_default() += 1;
            false
        }
        Compat::Different => true,
    }
}

pub(super) fn kind(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "an object",
        TypeKind::Enum(_) => "an enum",
        TypeKind::Union(_) => "a union",
        TypeKind::FreeForm => "a free-form object",
        TypeKind::Alias(_) => "a named type",
    }
}

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

pub(super) fn required(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

pub(super) fn compare_type(
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
