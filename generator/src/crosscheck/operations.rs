//! Operations of the docs against the spec's: when an SDK's operation docs are read beside the
//! OpenAPI document, each documented operation is found in the spec (by operation id, else by
//! method and path) and its method, path and documented error statuses are compared. The
//! parameters and bodies the docs show through request wrappers are compared with the models
//! (`wrappers.rs`).
//!
//! An operation the spec does not define is counted apart from the disagreements (a spec may
//! cover part of the API), and still a warning. What the docs cannot say is not a disagreement: the catch-all error rows (`4XX, 5XX` with
//! the SDK's own error type) and success statuses, which the docs do not list.

use std::collections::BTreeMap;

use super::CrossCheck;
use crate::diagnostics::{Code, Diagnostic};
use crate::files::SourceMap;
use crate::model::Api;
use crate::model::names::fold;
use crate::model::operation::{Operation, Status};

const PLACE: &str = "operation method or path";
const ERROR_STATUS: &str = "error status missing from the spec";

/// Compares every operation of `docs` with its counterpart in `spec`.
pub(super) fn compare(
    sources: &SourceMap,
    docs: &Api,
    spec: &Api,
    res: &mut CrossCheck,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let by_id: BTreeMap<String, &Operation> =
        spec.operations.iter().map(|op| (key(op), op)).collect();
    let by_place: BTreeMap<(crate::model::operation::Method, String), &Operation> = spec
        .operations
        .iter()
        .map(|op| ((op.method, template(&op.path)), op))
        .collect();
    for op in &docs.operations {
        let Some(spec_op) = by_id
            .get(&key(op))
            .or_else(|| by_place.get(&(op.method, template(&op.path))))
        else {
            // Like a docs-only model: a spec that covers part of the API leaves it out.
            res.docs_only_operations
                .push(op.id.clone().unwrap_or_else(|| op.name.clone()));
            diagnostics.push(
                Diagnostic::warning(
                    sources,
                    op.span,
                    Code::DocsOnlyOperation,
                    format!(
                        "the docs describe operation `{}` ({} {}), which the OpenAPI document does not define",
                        op.id.as_deref().unwrap_or(&op.name),
                        op.method,
                        op.path
                    ),
                )
                .with_hint("the types are generated from the OpenAPI document; check that both describe the same API version"),
            );
            continue;
        };
        res.operations += 1;
        if op.method != spec_op.method || template(&op.path) != template(&spec_op.path) {
            *res.disagreements.entry(PLACE).or_default() += 1;
            diagnostics.push(
                Diagnostic::warning(
                    sources,
                    op.span,
                    Code::OperationDiffers,
                    format!(
                        "the docs place operation `{}` at {} {}, the OpenAPI document at {} {}",
                        op.id.as_deref().unwrap_or(&op.name),
                        op.method,
                        op.path,
                        spec_op.method,
                        spec_op.path
                    ),
                )
                .with_related(
                    sources,
                    spec_op.span,
                    "the OpenAPI document's operation",
                ),
            );
        }
        for response in &op.responses {
            let Status::Code(code) = response.status else {
                continue;
            };
            if response.status.is_success() || answers(spec_op, code) {
                continue;
            }
            *res.disagreements.entry(ERROR_STATUS).or_default() += 1;
            diagnostics.push(
                Diagnostic::warning(
                    sources,
                    op.span,
                    Code::OperationDiffers,
                    format!(
                        "the docs list status {code} among the errors of operation `{}`, which the OpenAPI document does not document",
                        op.id.as_deref().unwrap_or(&op.name)
                    ),
                )
                .with_related(sources, spec_op.span, "the OpenAPI document's operation"),
            );
        }
    }
}

/// The operation id, folded; the name when there is none.
fn key(op: &Operation) -> String {
    fold(op.id.as_deref().unwrap_or(&op.name))
}

/// The path with every parameter name left out (`/pets/{}`): the docs may spell the names
/// as the SDK does.
fn template(path: &str) -> String {
    let mut res = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_name = true;
                res.push('{');
            }
            '}' => {
                in_name = false;
                res.push('}');
            }
            _ if !in_name => res.push(c),
            _ => {}
        }
    }
    res
}

/// Whether `op` documents a response for `code`: the code itself, its class, or `default`.
fn answers(op: &Operation, code: u16) -> bool {
    op.responses.iter().any(|r| match r.status {
        Status::Code(c) => c == code,
        Status::Range(class) => u16::from(class) == code / 100,
        Status::Default => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_ignore_parameter_names_and_a_trailing_slash() {
        assert_eq!(template("/owners/{ownerId}/pets/"), "/owners/{}/pets");
        assert_eq!(
            template("/owners/{owner_id}/pets"),
            template("/owners/{ownerId}/pets")
        );
        assert_ne!(template("/owners/{id}"), template("/owners"));
    }
}
