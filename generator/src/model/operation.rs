//! The operations of an API: what a client calls. An [`Operation`] is one HTTP method on one
//! path template, with its parameters, request bodies by content type, responses by status and
//! content type, and the security it needs; [`Service`] holds what every operation shares
//! (servers, security schemes, the default security). Types of bodies and parameters are
//! [`Type`]s of the same [`super::Api`] as the models.

use std::fmt;

use super::{Field, Type};
use crate::files::Span;

/// An operation: one method on one path.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The `operationId` (or method and path) in UpperCamelCase: `GetArticleById`.
    pub name: String,
    /// The `operationId` as the spec writes it, when it has one (`getArticleById`).
    pub id: Option<String>,
    /// The HTTP method.
    pub method: Method,
    /// The path template, relative to the server URL (`/articles/{id}`).
    pub path: String,
    /// The one-line summary.
    pub summary: Option<String>,
    /// The longer description, as Markdown.
    pub description: Option<String>,
    /// The group the operation belongs to: its first tag, or the SDK resource whose docs
    /// list it.
    pub group: Option<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Path, query, header and cookie parameters, in the spec's order (those of the path item
    /// first); the field's wire name is the parameter's name.
    pub parameters: Vec<Parameter>,
    /// The request body, when the operation takes one.
    pub request: Option<RequestBody>,
    /// The responses, in the spec's order.
    pub responses: Vec<Response>,
    /// Which security requirements the operation accepts: any one of the alternatives, each
    /// needing all of its schemes. Empty when the operation needs none. The API's default
    /// security is already applied.
    pub security: Vec<SecurityRequirement>,
    /// Where the operation is defined.
    pub span: Span,
}

impl Operation {
    /// The type of the first request body content, and whether the body is required.
    pub fn body(&self) -> Option<(&Type, bool)> {
        let request = self.request.as_ref()?;
        let ty = request.contents.iter().find_map(|c| c.ty.as_ref())?;
        Some((ty, request.required))
    }

    /// The type of the first success (2XX) response that has a body.
    pub fn success_type(&self) -> Option<&Type> {
        self.responses
            .iter()
            .filter(|r| r.status.is_success())
            .find_map(|r| r.contents.iter().find_map(|c| c.ty.as_ref()))
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl Method {
    /// Every method, in the order OpenAPI lists them in a path item.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The method named `name`, in any case (`get`, `POST`).
    pub fn parse(name: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|method| method.as_str().eq_ignore_ascii_case(name))
    }

    /// The method as HTTP spells it (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Whether repeating the request has the effect of sending it once (RFC 9110, 9.2.2), so
    /// that a client may retry it without being asked to.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Name (the wire name), type, requiredness, docs and rules, as for a struct field.
    pub field: Field,
    /// Where the value goes.
    pub location: ParameterIn,
    /// How the value is written.
    pub style: Style,
    /// Whether arrays and objects are written as one parameter per item or property.
    pub explode: bool,
}

/// Where a parameter's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParameterIn {
    /// Into the path template (`/pets/{id}`).
    Path,
    /// Into the query string.
    Query,
    /// Into a request header.
    Header,
    /// Into the `Cookie` header.
    Cookie,
}

impl ParameterIn {
    /// The location named `name` as OpenAPI's `in` writes it.
    pub fn parse(name: &str) -> Option<ParameterIn> {
        match name {
            "path" => Some(ParameterIn::Path),
            "query" => Some(ParameterIn::Query),
            "header" => Some(ParameterIn::Header),
            "cookie" => Some(ParameterIn::Cookie),
            _ => None,
        }
    }

    /// The style a parameter in this location has when the spec names none.
    pub fn default_style(self) -> Style {
        match self {
            ParameterIn::Path | ParameterIn::Header => Style::Simple,
            ParameterIn::Query | ParameterIn::Cookie => Style::Form,
        }
    }
}

/// How a parameter's value is serialized (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// `a,b` in a path or header.
    Simple,
    /// `?id=a,b`, or `?id=a&id=b` exploded.
    Form,
    /// `.a.b` in a path.
    Label,
    /// `;id=a,b` in a path.
    Matrix,
    /// `?id=a%20b` for arrays.
    SpaceDelimited,
    /// `?id=a|b` for arrays.
    PipeDelimited,
    /// `?id[key]=value` for objects.
    DeepObject,
}

impl Style {
    /// The style named `name` as OpenAPI's `style` writes it.
    pub fn parse(name: &str) -> Option<Style> {
        match name {
            "simple" => Some(Style::Simple),
            "form" => Some(Style::Form),
            "label" => Some(Style::Label),
            "matrix" => Some(Style::Matrix),
            "spaceDelimited" => Some(Style::SpaceDelimited),
            "pipeDelimited" => Some(Style::PipeDelimited),
            "deepObject" => Some(Style::DeepObject),
            _ => None,
        }
    }
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Whether the operation needs a body.
    pub required: bool,
    /// The description, as Markdown.
    pub description: Option<String>,
    /// The body by content type, in the spec's order.
    pub contents: Vec<Content>,
}

/// A body of one content type.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// The media type as the spec writes it (`application/json`).
    pub media_type: String,
    /// How a client writes or reads such a body.
    pub encoding: BodyEncoding,
    /// The type of the body; `None` when the spec gives no schema.
    pub ty: Option<Type>,
}

/// How a body is put on the wire, from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BodyEncoding {
    /// JSON (`application/json`, `application/problem+json`, `*/*+json`).
    Json,
    /// A URL-encoded form (`application/x-www-form-urlencoded`).
    Form,
    /// Multipart form data (`multipart/form-data`).
    Multipart,
    /// Text (`text/*`).
    Text,
    /// Raw bytes (`application/octet-stream`, images, anything else).
    Bytes,
}

impl BodyEncoding {
    /// The encoding of a body of `media_type` (parameters such as `; charset=utf-8` ignored).
    pub fn of(media_type: &str) -> BodyEncoding {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let (kind, subtype) = essence.split_once('/').unwrap_or((&essence, ""));
        if subtype == "json" || subtype.ends_with("+json") || essence == "*/*" {
            BodyEncoding::Json
        } else if essence == "application/x-www-form-urlencoded" {
            BodyEncoding::Form
        } else if essence == "multipart/form-data" {
            BodyEncoding::Multipart
        } else if kind == "text" {
            BodyEncoding::Text
        } else {
            BodyEncoding::Bytes
        }
    }
}

/// A response of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status it answers.
    pub status: Status,
    /// The description, as Markdown.
    pub description: Option<String>,
    /// The body by content type; empty when the response has no body.
    pub contents: Vec<Content>,
}

/// The status codes a response is documented for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// One code (`200`).
    Code(u16),
    /// A class of codes (`4XX` is `Range(4)`).
    Range(u8),
    /// Every code no other response names.
    Default,
}

impl Status {
    /// The status a responses key stands for (`200`, `4XX`, `default`).
    pub fn parse(key: &str) -> Option<Status> {
        if key == "default" {
            return Some(Status::Default);
        }
        let bytes = key.as_bytes();
        if bytes.len() != 3 || !(b'1'..=b'5').contains(&bytes[0]) {
            return None;
        }
        if key[1..].eq_ignore_ascii_case("xx") {
            return Some(Status::Range(bytes[0] - b'0'));
        }
        key.parse().ok().map(Status::Code)
    }

    /// Whether the status is a success (2XX).
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(class) => class == 2,
            Status::Default => false,
        }
    }

    /// Whether the response answers `code`, not counting `default`.
    pub fn matches(self, code: u16) -> bool {
        match self {
            Status::Code(own) => own == code,
            Status::Range(class) => code / 100 == u16::from(class),
            Status::Default => false,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(class) => write!(f, "{class}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// One way to satisfy an operation's security: every scheme named, with the scopes listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityRequirement {
    /// Scheme names (keys of [`Service::security_schemes`]) with their scopes.
    pub schemes: Vec<(String, Vec<String>)>,
}

/// What the operations of an API share.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Service {
    /// The servers, in the spec's order; the first is the default.
    pub servers: Vec<Server>,
    /// The security schemes by name, sorted by name.
    pub security_schemes: Vec<(String, SecurityScheme)>,
}

/// A server the API is served from.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL template (`https://{region}.example.com/v1`).
    pub url: String,
    /// The description.
    pub description: Option<String>,
    /// The URL's variables with their default values, in the spec's order.
    pub variables: Vec<(String, String)>,
}

/// How a client authenticates.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityScheme {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// A key in a header, the query string or a cookie.
    ApiKey {
        /// The header, query parameter or cookie name.
        name: String,
        /// Where the key goes.
        location: ParameterIn,
    },
    /// OAuth 2 with the client-credentials flow: the client exchanges its id and secret for a
    /// token at `token_url`, then sends it as a bearer token.
    ClientCredentials {
        /// The token endpoint, absolute or relative to the server URL.
        token_url: String,
        /// The scopes the flow offers.
        scopes: Vec<String>,
    },
    /// Anything else (other OAuth 2 flows, OpenID Connect, mutual TLS): the caller supplies
    /// the credentials, as a bearer token where one is sent.
    Other {
        /// What the spec calls it (`oauth2 (authorizationCode)`, `openIdConnect`).
        kind: String,
    },
}
