//! Operations: the inline schemas of component parameters, headers, request bodies and
//! responses, then every operation of `paths` (its parameters, request body and responses,
//! each schema lowered where it is), kept as drafts until the types are numbered and then
//! made [`Operation`]s.

use crate::model::names::{self, UniqueNames};
use crate::model::operation::{
    BodyEncoding, Content, Method, Parameter, ParameterIn, RequestBody, Response,
    SecurityRequirement, Status, Style,
};
use crate::model::{Field, Operation, Type, TypeId, WireSource};
use crate::openapi::Loc;
use crate::openapi::tree::Node;

use super::finish::renumber;
use super::{Hint, Lowered, Lowerer, Ns, Target, documented};

/// An operation before the types are numbered.
pub(super) struct OperationDraft {
    name: String,
    id: Option<String>,
    method: Method,
    path: String,
    summary: Option<String>,
    description: Option<String>,
    group: Option<String>,
    deprecated: bool,
    loc: Loc,
    parameters: Vec<ParameterDraft>,
    /// Whether the body is required, its description and media types.
    request: Option<(bool, Option<String>, MediaTypes)>,
    /// Status, description and media types of each response.
    responses: Vec<(Status, Option<String>, MediaTypes)>,
    security: Vec<SecurityRequirement>,
}

/// The media types of a body with the type of each, when it has a schema.
type MediaTypes = Vec<(String, Option<Type>)>;

/// A parameter before the types are numbered.
struct ParameterDraft {
    name: String,
    /// The SDK's name for it (`x-speakeasy-name-override`).
    shown: Option<String>,
    required: bool,
    lowered: Lowered,
    loc: Loc,
    location: ParameterIn,
    style: Style,
    explode: bool,
}

impl<'a> Lowerer<'a> {
    /// Inline schemas of the other components, then of every operation.
    pub(super) fn operations(&mut self) {
        let docs = self.docs;
        let root = docs.root(0);
        let components = Loc {
            doc: 0,
            pointer: "/components".to_string(),
        };
        for (kind, suffix) in [
            ("parameters", ""),
            ("headers", "Header"),
            ("requestBodies", "RequestBody"),
            ("responses", "Response"),
        ] {
            let kind_loc = components.child(kind);
            let Some(entries) = docs.node(&kind_loc) else {
                continue;
            };
            for (name, object) in entries.entries() {
                let loc = kind_loc.child(name);
                let base = names::pascal_ident(name);
                let hint = if base.ends_with(suffix) {
                    base
                } else {
                    format!("{base}{suffix}")
                };
                match kind {
                    "parameters" | "headers" => self.parameter(&loc, object, Hint::new(&hint)),
                    _ => self.content(&loc, object, Hint::new(&hint)),
                };
            }
        }
        let paths_loc = Loc {
            doc: 0,
            pointer: "/paths".to_string(),
        };
        let default_security = root
            .get("security")
            .and_then(crate::openapi::service::security)
            .unwrap_or_default();
        for (path, item) in root.get("paths").map(Node::entries).unwrap_or_default() {
            let mut item_loc = paths_loc.child(path);
            let mut item = item;
            if let Some(reference) = item.str("$ref") {
                match self.follow(&item_loc, reference) {
                    Some(target) => {
                        item = docs.node(&target).unwrap_or(item);
                        item_loc = target;
                    }
                    None => continue,
                }
            }
            let shared = item.get("parameters").map(Node::items).unwrap_or_default();
            for (method_name, op) in item.entries() {
                let Some(method) = Method::parse(method_name)
                    .filter(|_| method_name.bytes().all(|b| b.is_ascii_lowercase()))
                else {
                    continue;
                };
                if op.flag("x-speakeasy-ignore") {
                    continue;
                }
                let op_loc = item_loc.child(method_name);
                let id = op.str("operationId").map(str::to_string);
                let base = match &id {
                    Some(id) => names::pascal_ident(id),
                    None => names::pascal_ident(&format!("{method_name} {path}")),
                };
                let own = op.get("parameters").map(Node::items).unwrap_or_default();
                let params = shared
                    .iter()
                    .enumerate()
                    .map(|(idx, p)| (item_loc.child2("parameters", &idx.to_string()), p))
                    .chain(
                        own.iter()
                            .enumerate()
                            .map(|(idx, p)| (op_loc.child2("parameters", &idx.to_string()), p)),
                    );
                let text = |key: &str| {
                    op.str(key)
                        .filter(|t| !t.trim().is_empty())
                        .map(str::to_string)
                };
                let mut operation = OperationDraft {
                    name: base.clone(),
                    id: id.clone(),
                    method,
                    path: path.clone(),
                    summary: text("summary"),
                    description: text("description"),
                    group: op
                        .get("tags")
                        .and_then(|tags| tags.items().first())
                        .and_then(Node::as_str)
                        .map(str::to_string),
                    deprecated: op.flag("deprecated"),
                    loc: op_loc.clone(),
                    parameters: Vec::new(),
                    request: None,
                    responses: Vec::new(),
                    security: op
                        .get("security")
                        .and_then(crate::openapi::service::security)
                        .unwrap_or_else(|| default_security.clone()),
                };
                for (loc, param) in params {
                    // Component parameters were read with the components; reading one again
                    // finds the types made then.
                    let (loc, param) = match param.str("$ref") {
                        Some(reference) => match self
                            .follow(&loc, reference)
                            .and_then(|t| Some((docs.node(&t)?, t)))
                        {
                            Some((node, target)) => (target, node),
                            None => continue,
                        },
                        None => (loc, param),
                    };
                    let name = param.str("name").unwrap_or("param");
                    let Some((location, style, explode)) =
                        crate::openapi::service::placement(param)
                    else {
                        self.warn_unsupported(
                            &loc,
                            "a parameter without `in: path`, `query`, `header` or `cookie`",
                        );
                        continue;
                    };
                    if let Some(lowered) = self.parameter(&loc, param, Hint::property(&base, name))
                    {
                        // An operation's parameter replaces the path item's of the same name
                        // and place.
                        operation
                            .parameters
                            .retain(|p| (p.name.as_str(), p.location) != (name, location));
                        operation.parameters.push(ParameterDraft {
                            name: name.to_string(),
                            shown: param.str("x-speakeasy-name-override").map(str::to_string),
                            required: param.flag("required") || location == ParameterIn::Path,
                            lowered,
                            loc,
                            location,
                            style,
                            explode,
                        });
                    }
                }
                if let Some(body) = op.get("requestBody") {
                    let loc = op_loc.child("requestBody");
                    let (loc, body) = match body.str("$ref") {
                        Some(reference) => match self
                            .follow(&loc, reference)
                            .and_then(|t| Some((docs.node(&t)?, t)))
                        {
                            Some((node, target)) => (target, node),
                            None => (loc, body),
                        },
                        None => (loc, body),
                    };
                    let hint = format!("{base}Request");
                    let contents = self.contents(&loc, body, Hint::new(&hint));
                    let description = body.str("description").map(str::to_string);
                    operation.request = Some((body.flag("required"), description, contents));
                }
                for (key, response) in op.get("responses").map(Node::entries).unwrap_or_default() {
                    let loc = op_loc.child2("responses", key);
                    let Some(status) = Status::parse(key) else {
                        if !key.starts_with("x-") {
                            self.warn_unsupported(
                                &loc,
                                "a response key other than a status code, `1XX` to `5XX` or `default`",
                            );
                        }
                        continue;
                    };
                    let hint = format!("{base}Response{}", status_suffix(key));
                    let (loc, response) = match response.str("$ref") {
                        // Component responses were read with the components; reading one
                        // again finds the types made then.
                        Some(reference) => match self
                            .follow(&loc, reference)
                            .and_then(|t| Some((docs.node(&t)?, t)))
                        {
                            Some((node, target)) => (target, node),
                            None => continue,
                        },
                        None => (loc, response),
                    };
                    let contents = self.contents(&loc, response, Hint::new(&hint));
                    let description = response.str("description").map(str::to_string);
                    operation.responses.push((status, description, contents));
                }
                self.operations.push(operation);
            }
        }
    }

    /// The type of a parameter, unless the SDKs leave it out.
    fn parameter(&mut self, loc: &Loc, param: &'a Node, hint: Hint<'_>) -> Option<Lowered> {
        if param.flag("x-speakeasy-ignore") {
            return None;
        }
        match param.get("schema") {
            Some(schema) => Some(self.schema(
                &loc.child("schema"),
                schema,
                hint,
                Ns::Operations,
                Target::Inline,
            )),
            None => self.content(loc, param, hint),
        }
    }

    /// The schemas of a request body, response or parameter `content`; one schema written
    /// the same for several media types is read once. Returns the first.
    fn content(&mut self, loc: &Loc, object: &'a Node, hint: Hint<'_>) -> Option<Lowered> {
        self.each_content(loc, object, hint).1.into_iter().next()
    }

    /// The type of each media type of a request body or response `content`, in order (`None`
    /// for a media type without a schema).
    fn contents(&mut self, loc: &Loc, object: &'a Node, hint: Hint<'_>) -> MediaTypes {
        let (media, lowered) = self.each_content(loc, object, hint);
        media
            .into_iter()
            .map(|(media, idx)| (media, idx.map(|idx| lowered[idx].ty.clone())))
            .collect()
    }

    /// Every media type of `object`'s `content` with the index of its schema's type among the
    /// distinct schemas, which are lowered once each, in order.
    #[allow(clippy::type_complexity)]
    fn each_content(
        &mut self,
        loc: &Loc,
        object: &'a Node,
        hint: Hint<'_>,
    ) -> (Vec<(String, Option<usize>)>, Vec<Lowered>) {
        let mut media_types = Vec::new();
        let mut seen: Vec<&Node> = Vec::new();
        let mut lowered = Vec::new();
        for (media, media_object) in object.get("content").map(Node::entries).unwrap_or_default() {
            let Some(schema) = media_object.get("schema") else {
                media_types.push((media.clone(), None));
                continue;
            };
            let media_loc = loc.child2("content", media);
            if let Some(idx) = seen.iter().position(|s| *s == schema) {
                let done: &Lowered = &lowered[idx];
                self.media_types.push((media_loc, documented(done)));
                media_types.push((media.clone(), Some(idx)));
                continue;
            }
            let schema_loc = media_loc.child("schema");
            let res = self.schema(&schema_loc, schema, hint, Ns::Operations, Target::Inline);
            self.media_types.push((media_loc, documented(&res)));
            lowered.push(res);
            seen.push(schema);
            media_types.push((media.clone(), Some(seen.len() - 1)));
        }
        (media_types, lowered)
    }

    pub(super) fn operation(&self, op: OperationDraft, new_id: &[TypeId]) -> Operation {
        let mut rust_names = UniqueNames::default();
        let parameters = op
            .parameters
            .into_iter()
            .map(|param| {
                let mut ty = param.lowered.ty;
                renumber(&mut ty, new_id);
                let shown = param.shown.unwrap_or_else(|| param.name.clone());
                let field = Field {
                    rust_name: rust_names.claim(&names::snake_ident(&shown)).0,
                    sdk_name: shown,
                    wire_name: param.name,
                    wire_source: WireSource::Spec,
                    ty,
                    required: param.required,
                    nullable: param.lowered.nullable,
                    deprecated: param.lowered.ann.deprecated,
                    description: param.lowered.ann.description,
                    example: param.lowered.ann.example,
                    default: param.lowered.ann.default,
                    constraints: param.lowered.constraints,
                    read_only: false,
                    write_only: false,
                    span: self.docs.span(self.sources, &param.loc),
                };
                Parameter {
                    field,
                    location: param.location,
                    style: param.style,
                    explode: param.explode,
                }
            })
            .collect();
        let contents = |contents: MediaTypes| -> Vec<Content> {
            contents
                .into_iter()
                .map(|(media_type, ty)| Content {
                    encoding: BodyEncoding::of(&media_type),
                    media_type,
                    ty: ty.map(|mut ty| {
                        renumber(&mut ty, new_id);
                        ty
                    }),
                })
                .collect()
        };
        Operation {
            name: op.name,
            id: op.id,
            method: op.method,
            path: op.path,
            summary: op.summary,
            description: op.description,
            group: op.group,
            deprecated: op.deprecated,
            parameters,
            request: op.request.map(|(required, description, body)| RequestBody {
                required,
                description,
                contents: contents(body),
            }),
            responses: op
                .responses
                .into_iter()
                .map(|(status, description, body)| Response {
                    status,
                    description,
                    contents: contents(body),
                })
                .collect(),
            security: op.security,
            span: self.docs.span(self.sources, &op.loc),
        }
    }
}

/// `200`, `2XX`, `Default`: the part of a response's type name naming its status.
pub(super) fn status_suffix(status: &str) -> String {
    if status.starts_with(|c: char| c.is_ascii_digit()) {
        status
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect()
    } else {
        names::pascal_ident(status)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::read;
    use super::*;

    #[test]
    fn status_suffixes_name_responses() {
        assert_eq!(status_suffix("200"), "200");
        assert_eq!(status_suffix("2xx"), "2XX");
        assert_eq!(status_suffix("default"), "Default");
    }

    #[test]
    fn operations_keep_method_path_parameters_bodies_responses_and_security() {
        let yaml = r#"openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com/v3'}]
security: [{oauth: []}]
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, schema: {type: string}}
      - {name: trace, in: header, schema: {type: string}}
    get:
      operationId: getPet
      tags: [pets, other]
      summary: One pet.
      parameters:
        - {name: trace, in: header, required: true, schema: {type: integer}}
        - {name: fields, in: query, style: form, explode: false, schema: {type: array, items: {type: string}}}
      responses:
        '200':
          description: The pet.
          content:
            application/json: {schema: {$ref: '#/components/schemas/Pet'}}
            application/xml: {schema: {$ref: '#/components/schemas/Pet'}}
        4XX: {$ref: '#/components/responses/Problem'}
        default: {description: Anything else.}
  /token:
    post:
      security: []
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties: {client_id: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {access_token: {type: string}}}}}}
components:
  securitySchemes:
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: /token, scopes: {}}}}
  responses:
    Problem:
      description: A problem.
      content: {application/problem+json: {schema: {type: object, properties: {title: {type: string}}}}}
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
"#;
        let (api, diagnostics) = read(yaml.to_string());
        let api = api.unwrap_or_else(|| panic!("{diagnostics:?}"));
        assert_eq!(api.service.servers[0].url, "https://api.example.com/v3");
        assert_eq!(api.service.security_schemes[0].0, "oauth");
        let [get, post] = &api.operations[..] else {
            panic!("{:?}", api.operations);
        };
        assert_eq!((get.method, get.path.as_str()), (Method::Get, "/pets/{id}"));
        assert_eq!(get.id.as_deref(), Some("getPet"));
        assert_eq!(get.group.as_deref(), Some("pets"));
        assert_eq!(get.summary.as_deref(), Some("One pet."));
        let params: Vec<(&str, ParameterIn, bool, &Type)> = get
            .parameters
            .iter()
            .map(|p| {
                (
                    p.field.wire_name.as_str(),
                    p.location,
                    p.field.required,
                    &p.field.ty,
                )
            })
            .collect();
        // The operation's `trace` replaces the path item's.
        assert_eq!(params.len(), 3, "{params:?}");
        assert_eq!(params[0].0, "id");
        assert_eq!((params[0].1, params[0].2), (ParameterIn::Path, true));
        assert_eq!(params[1].0, "trace");
        assert!(matches!(params[1].3, Type::Integer(_)) && params[1].2);
        let fields = &get.parameters[2];
        assert_eq!((fields.style, fields.explode), (Style::Form, false));
        let statuses: Vec<Status> = get.responses.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses,
            [Status::Code(200), Status::Range(4), Status::Default]
        );
        let ok = &get.responses[0];
        assert_eq!(ok.contents.len(), 2);
        assert_eq!(ok.contents[0].ty, ok.contents[1].ty);
        let pet = api.types.iter().position(|t| t.name == "Pet").unwrap();
        assert_eq!(get.success_type(), Some(&Type::Ref(TypeId(pet as u32))));
        assert_eq!(get.responses[1].contents[0].encoding, BodyEncoding::Json);
        assert!(get.responses[2].contents.is_empty());
        assert_eq!(get.security.len(), 1, "the default security applies");
        assert_eq!(post.method, Method::Post);
        assert!(post.security.is_empty(), "`security: []` needs none");
        let (_, required) = post.body().expect("a body");
        assert!(required);
        let request = post.request.as_ref().unwrap();
        assert_eq!(request.contents[0].encoding, BodyEncoding::Form);
    }
}
