//! SDK models named after an operation (`{Operation}Request`, `…FormRequest`, `…Response`,
//! `…Security`), and a docs request wrapper compared with its operation: each field a
//! parameter or the body.

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::compat::Compat;
use crate::model::names::fold;
use crate::model::{Field, Operation, Type, TypeDef};

use super::compare::{differs, required};
use super::{CrossCheck, Cx, EXTRA_FIELD, FORM_BODY, MISSING_FIELD, REQUIRED, SDK_HEADERS, TYPE};

/// The SDK models Speakeasy names after an operation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum OperationModel {
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

/// What a field of a docs request wrapper stands for in its operation.
#[derive(Clone, Copy)]
pub(super) enum Slot {
    /// The parameter of that index.
    Parameter(usize),
    /// The request body.
    Body,
}

impl OperationModel {
    /// The operation (by folded name in `operations`) a docs model is named after, and how.
    pub(super) fn of(
        name: &str,
        operations: &BTreeMap<String, usize>,
    ) -> Option<(OperationModel, usize)> {
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

impl Slot {
    pub(super) fn spec_type(self, op: &Operation) -> Option<&Type> {
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
pub(super) fn wrapper_slots(op: &Operation, fields: &[Field]) -> (Vec<Option<Slot>>, Vec<bool>) {
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
pub(super) fn shown_parameter(param: &Field) -> bool {
    !matches!(fold(&param.wire_name).as_str(), "accept" | "contenttype")
}

/// A docs request wrapper against its operation: each field is a parameter or the body.
pub(super) fn compare_operation(
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
