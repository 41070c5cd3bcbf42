//! Reader for Speakeasy Markdown model docs.

use crate::diagnostics::Diagnostic;
use crate::files::SourceMap;
use crate::model::Api;
use crate::ApiInput;

/// Reads the docs of one API into the model; `None` when it has errors (all reported).
pub fn read_api(_sources: &mut SourceMap, _input: &ApiInput, _diagnostics: &mut Vec<Diagnostic>) -> Option<Api> {
    todo!()
}
