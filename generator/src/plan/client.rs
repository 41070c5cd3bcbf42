//! The client of an API's operations: every name and shape the emitter prints, decided here.
//!
//! - One wrapper struct per API (`ProveClient`, from the API's name) holding the runtime's
//!   `Client`, with one `async` method per operation: the operation id in `snake_case`, unique
//!   among the methods and the wrapper's own functions (`new`, `client`, ...).
//! - Parameters: path parameters come first, in the order the path template names them, then
//!   the others in the spec's order. An operation with at most [`MAX_ARGUMENTS`] parameters, at
//!   most one of them optional, takes them as arguments (the optional one as an `Option`); any
//!   other takes one `<Op>Params` struct of them all, so that a call site names each value
//!   rather than lining up `None`s.
//! - The body: the first JSON content, else the first form, else the first content; JSON and
//!   form bodies are typed, anything else is bytes.
//! - Success: the first 2XX response with a body, typed when it is JSON, bytes otherwise, and
//!   `()` when no success response has a body.
//! - Authentication: the client's, except for an operation whose spec asks for none while
//!   others ask for some (the token endpoint), which is sent anonymously.
//! - Errors: an `<Op>Error` enum with a variant per documented non-2XX status whose body is JSON
//!   or absent (`BadRequest(Error400)`; a `4XX` range is `ClientError`, `default` is `Other`);
//!   the runtime's `Error::Status` carries the raw status and body of anything else. An
//!   operation without such statuses uses the runtime's `Error` as it is.
//!
//! Item names (the wrapper, params structs, error enums) are unique in the client module and
//! never the name of a model of the API, so a model can be imported there under its own name
//! unless it clashes with a runtime item the module uses (Prove's `Error`), when the emitter
//! writes its path instead.

use std::collections::BTreeSet;

use crate::model::names::{self, UniqueNames};
use crate::model::operation::{
    BodyEncoding, Operation, Parameter, ParameterIn, SecurityScheme, Status,
};
use crate::model::{Api, Type};

use super::names as plan_names;

/// Operations with more parameters than this, or more than one optional, take a params
/// struct.
pub(crate) const MAX_ARGUMENTS: usize = 3;

/// clippy's `large_enum_variant` fires when the largest variant is this much larger than the
/// next; an error enum with a variant this large allows it.
const LARGE_VARIANT_BYTES: u64 = 200;

/// Runtime items the client module names unqualified; a model with one of these names is
/// written as a path there.
pub(crate) const RUNTIME_ITEMS: &[&str] = &[
    "Auth",
    "Client",
    "ClientCredentials",
    "Error",
    "KeyPlace",
    "Request",
    "Response",
];

/// Names the client module uses from the prelude.
const PRELUDE: &[&str] = &["Box", "Option", "Result", "String", "Vec"];

/// Functions of the wrapper that are not operations.
const OWN_FUNCTIONS: &[&str] = &["new", "with_base_url", "from_client", "client"];

/// Local variables of the generated methods, which arguments must not shadow.
const LOCALS: &[&str] = &["request", "response", "params", "body", "content_type"];

/// The client of one API.
#[derive(Debug)]
pub(crate) struct ClientPlan {
    /// The wrapper struct (`ProveClient`).
    pub(crate) name: String,
    /// A function per security scheme that makes its `Auth`: scheme index and function name.
    pub(crate) auth: Vec<(usize, String)>,
    /// One per operation, in the API's order.
    pub(crate) operations: Vec<OperationPlan>,
}

/// The method of one operation.
#[derive(Debug)]
pub(crate) struct OperationPlan {
    /// Index of the operation in [`Api::operations`].
    pub(crate) index: usize,
    /// The method name.
    pub(crate) method: String,
    /// The parameters, path ones first.
    pub(crate) params: Vec<ParamPlan>,
    /// The params struct, when the parameters are not arguments.
    pub(crate) params_struct: Option<String>,
    /// The request body.
    pub(crate) body: Option<BodyPlan>,
    /// What a success returns.
    pub(crate) success: Success,
    /// The error enum, when the operation documents error bodies.
    pub(crate) error: Option<String>,
    /// Whether the request goes without the client's credentials: the spec asks for none
    /// while other operations of the API ask for some (a token endpoint).
    pub(crate) anonymous: bool,
    /// Whether a variant of the error enum may be large enough for clippy's
    /// `large_enum_variant`.
    pub(crate) large_error: bool,
    /// How each non-2XX status the operation documents is answered, exact codes first, then
    /// ranges, then `default`.
    pub(crate) statuses: Vec<StatusPlan>,
}

/// One parameter.
#[derive(Debug)]
pub(crate) struct ParamPlan {
    /// Index into the operation's parameters.
    pub(crate) index: usize,
    /// The argument or field name.
    pub(crate) name: String,
}

/// A request body.
#[derive(Debug)]
pub(crate) struct BodyPlan {
    /// The media type sent.
    pub(crate) media_type: String,
    /// How it is written.
    pub(crate) encoding: BodyEncoding,
    /// Its type, for JSON and form bodies.
    pub(crate) ty: Option<Type>,
    /// Whether the operation needs it.
    pub(crate) required: bool,
}

/// What a successful call returns.
#[derive(Debug)]
pub(crate) enum Success {
    /// A JSON body of this type.
    Json(Type),
    /// The body's bytes.
    Bytes,
    /// No body.
    Empty,
}

/// How a documented non-2XX status is answered.
#[derive(Debug)]
pub(crate) struct StatusPlan {
    /// The status.
    pub(crate) status: Status,
    /// The response's description.
    pub(crate) description: Option<String>,
    /// The error variant, with the type of its JSON body (`None`: no body); `None` when the
    /// body is not JSON, so the raw response is the error.
    pub(crate) variant: Option<(String, Option<Type>)>,
}

/// The client of `api`, whose module holds the model types named `model_names`; `None` when
/// the API has no operations.
/// `sizes` are the estimated sizes of the API's types ([`crate::model::size::sizes`]).
pub(crate) fn plan(api: &Api, model_names: &BTreeSet<String>, sizes: &[u64]) -> Option<ClientPlan> {
    if api.operations.is_empty() {
        return None;
    }
    let mut items = UniqueNames::default();
    for name in model_names
        .iter()
        .map(String::as_str)
        .chain(RUNTIME_ITEMS.iter().copied())
    {
        items.reserve(name);
    }
    for name in PRELUDE {
        items.reserve(name);
    }
    let (name, _) = items.claim(&format!("{}Client", names::pascal_ident(&api.name)));
    let mut methods = UniqueNames::default();
    for name in OWN_FUNCTIONS {
        methods.reserve(name);
    }
    let secured = !api.service.security_schemes.is_empty()
        && api.operations.iter().any(|op| !op.security.is_empty());
    let operations: Vec<OperationPlan> = api
        .operations
        .iter()
        .enumerate()
        .map(|(index, op)| {
            let mut plan = operation(index, op, sizes, &mut items, &mut methods);
            plan.anonymous = op.security.is_empty() && secured;
            plan
        })
        .collect();
    let auth = api
        .service
        .security_schemes
        .iter()
        .enumerate()
        .filter(|(_, (_, scheme))| has_auth_function(scheme))
        .map(|(idx, (scheme, _))| (idx, methods.claim(&names::snake_ident(scheme)).0))
        .collect();
    Some(ClientPlan {
        name,
        auth,
        operations,
    })
}

/// Whether the client offers a function making the `Auth` of `scheme`.
fn has_auth_function(scheme: &SecurityScheme) -> bool {
    match scheme {
        SecurityScheme::ApiKey { location, .. } => *location != ParameterIn::Path,
        SecurityScheme::Other { .. } => false,
        _ => true,
    }
}

fn operation(
    index: usize,
    op: &Operation,
    sizes: &[u64],
    items: &mut UniqueNames,
    methods: &mut UniqueNames,
) -> OperationPlan {
    let base = op.id.as_deref().unwrap_or(&op.name);
    let (method, _) = methods.claim(&plan_names::snake_name(&names::snake_ident(base)));
    let type_base = plan_names::type_name(&op.name);
    // Path parameters in the order the template names them, then the others.
    let mut order: Vec<usize> = (0..op.parameters.len()).collect();
    let template_position = |idx: usize| {
        let param = &op.parameters[idx];
        if param.location != ParameterIn::Path {
            return usize::MAX;
        }
        op.path
            .find(&format!("{{{}}}", param.field.wire_name))
            .unwrap_or(usize::MAX - 1)
    };
    order.sort_by_key(|&idx| (template_position(idx), idx));
    let mut locals = UniqueNames::default();
    for name in LOCALS {
        locals.reserve(name);
    }
    let params: Vec<ParamPlan> = order
        .into_iter()
        .map(|idx| ParamPlan {
            index: idx,
            name: locals
                .claim(&plan_names::snake_name(&op.parameters[idx].field.rust_name))
                .0,
        })
        .collect();
    let optional = op.parameters.iter().filter(|p| !is_required(p)).count();
    let as_arguments = op.parameters.len() <= MAX_ARGUMENTS && optional <= 1;
    let params_struct = (!as_arguments).then(|| items.claim(&format!("{type_base}Params")).0);
    let body = op.request.as_ref().and_then(|request| {
        let pick =
            |encoding: BodyEncoding| request.contents.iter().find(|c| c.encoding == encoding);
        let content = pick(BodyEncoding::Json)
            .or_else(|| pick(BodyEncoding::Form))
            .or_else(|| request.contents.first())?;
        let typed = matches!(content.encoding, BodyEncoding::Json | BodyEncoding::Form);
        Some(BodyPlan {
            media_type: content.media_type.clone(),
            encoding: content.encoding,
            ty: if typed {
                Some(content.ty.clone().unwrap_or(Type::Any))
            } else {
                None
            },
            required: request.required,
        })
    });
    let success = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .find_map(|r| r.contents.first())
        .map_or(Success::Empty, |content| match content.encoding {
            BodyEncoding::Json => Success::Json(content.ty.clone().unwrap_or(Type::Any)),
            _ => Success::Bytes,
        });
    let mut variants = UniqueNames::default();
    let mut seen = BTreeSet::new();
    let mut statuses: Vec<StatusPlan> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success() && seen.insert(r.status))
        .map(|response| {
            let json = response
                .contents
                .iter()
                .find(|c| c.encoding == BodyEncoding::Json);
            let variant = match (json, response.contents.is_empty()) {
                (Some(content), _) => Some(Some(content.ty.clone().unwrap_or(Type::Any))),
                (None, true) => Some(None),
                (None, false) => None,
            };
            StatusPlan {
                status: response.status,
                description: response.description.clone(),
                variant: variant.map(|ty| (variants.claim(&variant_name(response.status)).0, ty)),
            }
        })
        .collect();
    statuses.sort_by_key(|s| match s.status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    let error = statuses
        .iter()
        .any(|s| s.variant.is_some())
        .then(|| items.claim(&format!("{type_base}Error")).0);
    let variant_sizes: Vec<u64> = statuses
        .iter()
        .filter_map(|s| s.variant.as_ref())
        .map(|(_, ty)| ty.as_ref().map_or(0, |ty| type_bytes(ty, sizes)))
        .collect();
    let large_error = variant_sizes.len() > 1
        && variant_sizes.iter().max().copied().unwrap_or(0) >= LARGE_VARIANT_BYTES;
    OperationPlan {
        index,
        method,
        params,
        params_struct,
        body,
        success,
        error,
        anonymous: false,
        large_error,
        statuses,
    }
}

/// Whether a parameter must be given: path parameters always are.
pub(crate) fn is_required(param: &Parameter) -> bool {
    param.field.required || param.location == ParameterIn::Path
}

/// An upper bound of the bytes a value of `ty` takes inline, given the sizes of named types.
fn type_bytes(ty: &Type, sizes: &[u64]) -> u64 {
    match ty {
        Type::Ref(id) => sizes.get(id.0 as usize).copied().unwrap_or(u64::MAX),
        Type::Nullable(inner) => type_bytes(inner, sizes).saturating_add(8),
        Type::String | Type::Array(_) | Type::Map(_) | Type::Binary => 24,
        Type::Any => 80,
        Type::Date | Type::DateTime => 40,
        Type::Integer(_) | Type::Number(_) | Type::Boolean => 8,
    }
}

/// The error variant of `status`: its reason phrase (`NotFound`), the class of a range
/// (`ClientError`), `Other` for `default`, else `Status418`.
fn variant_name(status: Status) -> String {
    let name = match status {
        Status::Default => "Other",
        Status::Range(4) => "ClientError",
        Status::Range(5) => "ServerError",
        Status::Range(class) => return format!("Status{class}XX"),
        Status::Code(code) => match code {
            300 => "MultipleChoices",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "ContentTooLarge",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            422 => "UnprocessableEntity",
            423 => "Locked",
            424 => "FailedDependency",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            451 => "UnavailableForLegalReasons",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return format!("Status{code}"),
        },
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_named_after_their_status() {
        assert_eq!(variant_name(Status::Code(404)), "NotFound");
        assert_eq!(variant_name(Status::Code(418)), "Status418");
        assert_eq!(variant_name(Status::Range(4)), "ClientError");
        assert_eq!(variant_name(Status::Range(3)), "Status3XX");
        assert_eq!(variant_name(Status::Default), "Other");
    }
}
