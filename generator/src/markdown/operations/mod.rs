//! Operations from an SDK's operation docs (`sdks/<resource>/README.md`): what a client calls,
//! when all a team has is the SDK's published docs.
//!
//! What each part of an operation comes from:
//!
//! | part | from |
//! |---|---|
//! | operation id, method, path | the `UsageSnippet` comment; else `operations.<name>` in the config; else the operation is left out (`operation-unplaced`) |
//! | parameters and body | the Parameters table: a `request` row whose model is a request wrapper (a model of an `operations` or `Requests` folder) stands for its fields; rows and wrapper fields holding models are the body, the others parameters; SDK options (`ctx`, `opts`, `options.*`, `retries`, `server_url`, ...) are left out |
//! | where a parameter goes | the config's `parameters`; else the path when the path template names it; else the query string (reported) |
//! | body content type | the config's `content_type`; else JSON |
//! | success body | the Response line's model; through an SDK response wrapper to the model it holds; for any 2XX status |
//! | error bodies | the Errors table, per status or status class, except the SDK's catch-all `*/*` row |
//!
//! Each fact taken from the config or from a rule is reported as a note (`operation-facts`), so
//! that a user sees what the docs did not say.

pub(crate) mod page;
pub(crate) mod readme;

use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::config::{Config, OperationFacts};
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::files::{FileId, SourceMap, Span};
use crate::model::names::{self, UniqueNames, fold};
use crate::model::operation::{
    BodyEncoding, Content, Method, Operation, Parameter, ParameterIn, RequestBody, Response, Status,
};
use crate::model::{Api, Field, IntFormat, NumberFormat, Type, TypeId, TypeKind, WireSource};

use super::doc::{Cell, Table};
use super::lower::SourceDoc;
use super::types::{self, Dialect, Prim, TypeExpr};

pub use page::OperationDoc;

/// Parameter rows that configure the SDK call rather than the request.
const SDK_OPTIONS: [&str; 10] = [
    "ctx",
    "opts",
    "options",
    "retries",
    "server_url",
    "serverurl",
    "security",
    "fetchoptions",
    "timeoutms",
    "http_headers",
];

/// The operations of the operation doc files `files` (already in `sources`), lowered against
/// the models of `api`, whose docs are `docs`.
pub fn read(
    sources: &SourceMap,
    files: &[FileId],
    api: &Api,
    docs: &[SourceDoc],
    dialect: Dialect,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Operation> {
    let cx = Lowering {
        sources,
        api,
        docs,
        dialect,
        reported: RefCell::new(BTreeSet::new()),
    };
    let mut operations = Vec::new();
    let mut names = UniqueNames::default();
    for &file in files {
        for doc in page::parse(file, &sources.get(file).text) {
            if let Some(mut op) = cx.operation(&doc, config, diagnostics) {
                op.name = names.claim(&op.name).0;
                operations.push(op);
            }
        }
    }
    operations
}

struct Lowering<'a> {
    sources: &'a SourceMap,
    api: &'a Api,
    docs: &'a [SourceDoc],
    dialect: Dialect,
    /// Error types already reported as missing: each is reported once, at its first use.
    reported: RefCell<BTreeSet<String>>,
}

/// Where an operation is called: its path template (and where the template was found) and
/// what the config says of it.
struct Place<'p> {
    path: &'p str,
    span: Span,
    facts: &'p OperationFacts,
}

/// Facts one operation took from the config or a rule, for its note.
#[derive(Default)]
struct Taken {
    from_config: Vec<String>,
    guessed: Vec<String>,
}

impl Lowering<'_> {
    fn operation(
        &self,
        doc: &OperationDoc,
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Operation> {
        let snippet = doc.snippet.as_ref();
        let id = snippet.and_then(|s| s.operation_id.clone());
        let facts = id
            .as_ref()
            .and_then(|id| config.operations.get(id))
            .or_else(|| config.operations.get(&doc.name))
            .cloned()
            .unwrap_or_default();
        let mut taken = Taken::default();
        let method = match (snippet.and_then(|s| s.method.as_deref()), facts.method) {
            (_, Some(method)) => {
                taken.from_config.push("method".into());
                Some(method)
            }
            (Some(method), None) => Method::parse(method),
            (None, None) => None,
        };
        let path = match (snippet.and_then(|s| s.path.clone()), &facts.path) {
            (_, Some(path)) => {
                taken.from_config.push("path".into());
                Some(path.clone())
            }
            (Some(path), None) => Some(path),
            (None, None) => None,
        };
        let (Some(method), Some(path)) = (method, path) else {
            let key = id.as_deref().unwrap_or(&doc.name);
            diagnostics.push(
                Diagnostic::warning(
                    self.sources,
                    doc.span,
                    Code::OperationUnplaced,
                    format!(
                        "the docs of operation `{}` give no HTTP method and path; it is left out",
                        doc.name
                    ),
                )
                .with_hint(format!(
                    "add them to codegen.yaml:\noperations:\n  {key}:\n    method: post\n    path: /the/path"
                )),
            );
            return None;
        };
        let place = Place {
            path: &path,
            span: snippet.map_or(doc.span, |s| s.span),
            facts: &facts,
        };
        let (parameters, body) = self.inputs(doc, &place, &mut taken, diagnostics);
        let request = body.map(|(ty, required)| {
            let media_type = facts
                .content_type
                .clone()
                .inspect(|_| taken.from_config.push("content type".into()))
                .unwrap_or_else(|| "application/json".to_string());
            RequestBody {
                required,
                description: None,
                contents: vec![Content {
                    encoding: BodyEncoding::of(&media_type),
                    media_type,
                    ty: Some(ty),
                }],
            }
        });
        let mut responses = Vec::new();
        if let Some(line) = &doc.response {
            let contents = match self.response_type(line, diagnostics) {
                Some(ty) => vec![json(ty)],
                None => Vec::new(),
            };
            responses.push(Response {
                status: Status::Range(2),
                description: None,
                contents,
            });
        }
        if let Some(errors) = &doc.errors {
            responses.extend(self.errors(errors, diagnostics));
        }
        let name = names::pascal_ident(id.as_deref().unwrap_or(&doc.name));
        if !taken.from_config.is_empty() || !taken.guessed.is_empty() {
            let mut parts = Vec::new();
            if !taken.from_config.is_empty() {
                parts.push(format!(
                    "{} from codegen.yaml",
                    taken.from_config.join(", ")
                ));
            }
            if !taken.guessed.is_empty() {
                parts.push(taken.guessed.join(", "));
            }
            diagnostics.push(
                Diagnostic::at(
                    Severity::Note,
                    self.sources,
                    doc.span,
                    Code::OperationFacts,
                    format!("operation `{}`: {}", doc.name, parts.join("; ")),
                )
                .with_hint(format!(
                    "the docs do not say where parameters go or how bodies are encoded; state it under `operations.{}` in codegen.yaml",
                    id.as_deref().unwrap_or(&doc.name)
                )),
            );
        }
        Some(Operation {
            name,
            id,
            method,
            path,
            summary: doc.summary.clone(),
            description: doc.description.clone(),
            group: doc.resource.clone(),
            deprecated: doc.deprecated,
            parameters,
            request,
            responses,
            security: Vec::new(),
            span: doc.span,
        })
    }

    /// The parameters and the body (with whether it is required) of the Parameters table.
    fn inputs(
        &self,
        doc: &OperationDoc,
        place: &Place<'_>,
        taken: &mut Taken,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<Parameter>, Option<(Type, bool)>) {
        let mut parameters = Vec::new();
        let mut body = None;
        let Some(table) = &doc.parameters else {
            return (parameters, body);
        };
        let mut rust_names = UniqueNames::default();
        for row in &table.rows {
            let (Some(name_cell), Some(type_cell)) = (row.cells.first(), row.cells.get(1)) else {
                continue;
            };
            let name = name_cell
                .plain_text()
                .trim()
                .trim_start_matches('$')
                .to_string();
            let folded = name.to_ascii_lowercase();
            if SDK_OPTIONS.contains(&folded.as_str()) || folded.starts_with("options.") {
                continue;
            }
            let required = row.cells.get(2).is_some_and(is_required);
            let description = row
                .cells
                .get(3)
                .map(|c| c.raw.trim().to_string())
                .filter(|d| !d.is_empty() && d != "N/A");
            let Some(ty) = self.cell_type(type_cell, diagnostics) else {
                continue;
            };
            // A request wrapper stands for its fields.
            if folded == "request"
                && let Type::Ref(id) = ty
                && let Some(fields) = self.wrapper_fields(id)
            {
                for field in fields {
                    if body.is_none() && holds_model(self.api, &field.ty) {
                        body = Some((field.ty.clone(), field.required));
                        continue;
                    }
                    parameters.push(self.parameter(
                        &field.sdk_name,
                        field.ty.clone(),
                        field.required,
                        field.description.clone(),
                        field.span,
                        place,
                        taken,
                        &mut rust_names,
                    ));
                }
                continue;
            }
            let is_body = matches!(
                folded.as_str(),
                "request" | "body" | "request_body" | "requestbody"
            ) || holds_model(self.api, &ty);
            if is_body && body.is_none() {
                body = Some((ty, required));
                continue;
            }
            parameters.push(self.parameter(
                &name,
                ty,
                required,
                description,
                name_cell.span,
                place,
                taken,
                &mut rust_names,
            ));
        }
        (parameters, body)
    }

    /// One parameter, placed by the config, the path template or the rule.
    #[allow(clippy::too_many_arguments)]
    fn parameter(
        &self,
        name: &str,
        ty: Type,
        required: bool,
        description: Option<String>,
        span: Span,
        place: &Place<'_>,
        taken: &mut Taken,
        rust_names: &mut UniqueNames,
    ) -> Parameter {
        // The path template's spelling of a path parameter is its wire name.
        let in_path = place
            .path
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(param, _)| param))
            .find(|param| fold(param) == fold(name));
        let (location, wire_name) = match (place.facts.parameters.get(name), in_path) {
            (Some(&location), _) => {
                taken.from_config.push(format!("place of `{name}`"));
                (location, in_path.unwrap_or(name))
            }
            (None, Some(param)) => (ParameterIn::Path, param),
            (None, None) => {
                taken
                    .guessed
                    .push(format!("`{name}` sent in the query string"));
                (ParameterIn::Query, name)
            }
        };
        let field = Field {
            rust_name: rust_names.claim(&names::snake_ident(name)).0,
            sdk_name: name.to_string(),
            wire_name: wire_name.to_string(),
            // The path template shows a path parameter's wire name; other names are the SDK's,
            // sent as they are.
            wire_source: match in_path {
                Some(_) => WireSource::Evidence { span: place.span },
                None => WireSource::Policy(crate::model::NamingPolicy::Sdk),
            },
            ty,
            required: required || location == ParameterIn::Path,
            nullable: false,
            deprecated: None,
            description,
            example: None,
            default: None,
            constraints: Default::default(),
            read_only: false,
            write_only: false,
            span,
        };
        Parameter {
            field,
            location,
            style: location.default_style(),
            explode: location.default_style() == crate::model::operation::Style::Form,
        }
    }

    /// The fields of `id` when it is an SDK request wrapper: a struct of an `operations` or
    /// `Requests` folder.
    fn wrapper_fields(&self, id: TypeId) -> Option<&[Field]> {
        let ty = self.api.get(id);
        let wrapper = ty
            .namespace
            .iter()
            .any(|ns| matches!(ns.to_ascii_lowercase().as_str(), "operations" | "requests"));
        match &ty.kind {
            TypeKind::Struct(it) if wrapper => Some(&it.fields),
            _ => None,
        }
    }

    /// The type of a Type cell of a Parameters table; `None` (reported) when it names an SDK
    /// type or a model that is not among the docs.
    fn cell_type(&self, cell: &Cell, diagnostics: &mut Vec<Diagnostic>) -> Option<Type> {
        let parsed = match types::parse(self.dialect, &cell.inlines) {
            Ok(parsed) => parsed,
            Err(err) => {
                diagnostics.push(Diagnostic::warning(
                    self.sources,
                    cell.span,
                    Code::OperationType,
                    format!(
                        "the parameter type `{}` does not read: {}; the parameter is left out",
                        cell.raw, err.message
                    ),
                ));
                return None;
            }
        };
        match self.expr_type(&parsed.expr) {
            Ok(ty) => Some(ty),
            Err(missing) => {
                if let Some(missing) = missing {
                    diagnostics.push(Diagnostic::warning(
                        self.sources,
                        cell.span,
                        Code::OperationType,
                        format!("the parameter type names `{missing}`, which is not a model of the docs; the parameter is left out"),
                    ));
                }
                None
            }
        }
    }

    /// The model type of `expr`; `Err(Some(name))` for a model the docs do not have,
    /// `Err(None)` for an SDK-only type.
    fn expr_type(&self, expr: &TypeExpr) -> Result<Type, Option<String>> {
        Ok(match expr {
            // A literal type's value is a rule a parameter row cannot carry; its type remains.
            TypeExpr::Prim(prim) | TypeExpr::Const(prim, _) => prim_type(*prim),
            TypeExpr::Array(inner) => Type::Array(Box::new(self.expr_type(inner)?)),
            TypeExpr::Map(inner) => Type::Map(Box::new(self.expr_type(inner)?)),
            TypeExpr::Model {
                name,
                qualifier,
                dest,
            } => Type::Ref(
                self.model(name, qualifier.as_deref(), Some(dest))
                    .ok_or_else(|| Some(name.clone()))?,
            ),
            TypeExpr::Synthetic(_) => return Err(None),
        })
    }

    /// The model named `name` (its doc's title, or its file name), preferring the one of the
    /// namespace `qualifier` or the link `dest` names.
    fn model(&self, name: &str, qualifier: Option<&str>, dest: Option<&str>) -> Option<TypeId> {
        let candidates: Vec<usize> = (0..self.api.types.len())
            .filter(|&i| fold(&self.api.types[i].name) == fold(name))
            .collect();
        let folder = dest.and_then(|d| d.rsplit('/').nth(1));
        let preferred = candidates.iter().copied().find(|&i| {
            let ns = &self.api.types[i].namespace;
            ns.last().is_some_and(|last| {
                Some(last.as_str()) == qualifier || Some(last.as_str()) == folder
            })
        });
        preferred
            .or_else(|| candidates.first().copied())
            .map(|i| TypeId(i as u32))
    }

    /// The success body the Response line names: the model it links, or, for an SDK response
    /// wrapper (a doc that became no type, or one with a raw-response field), the model the
    /// wrapper holds.
    fn response_type(
        &self,
        line: &page::ResponseLine,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Type> {
        let list = [
            "List[",
            "[]",
            "array<",
            "Array<",
            "T::Array",
            "IEnumerable<",
        ]
        .iter()
        .any(|marker| line.text.contains(marker));
        for (text, dest) in &line.links {
            let name = link_model_name(text, dest);
            if name.is_empty() {
                continue;
            }
            let found = match self.model(&name, None, Some(dest)) {
                Some(id) if !self.is_response_wrapper(id) => Some(Type::Ref(id)),
                _ => self.wrapped_body(&name),
            };
            match found {
                Some(ty) if list => return Some(Type::Array(Box::new(ty))),
                Some(ty) => return Some(ty),
                None if self.api.skipped.iter().any(|s| fold(&s.name) == fold(&name)) => {
                    // A wrapper whose body is no model: the operation answers no body.
                    return None;
                }
                None => diagnostics.push(Diagnostic::warning(
                    self.sources,
                    line.span,
                    Code::OperationType,
                    format!("the response names `{name}`, which is not a model of the docs; the success body is read as any JSON value"),
                )),
            }
            return Some(Type::Any);
        }
        None
    }

    /// Whether model `id` is an SDK response wrapper: a struct with the raw HTTP response
    /// among its fields.
    fn is_response_wrapper(&self, id: TypeId) -> bool {
        match &self.api.get(id).kind {
            TypeKind::Struct(it) => it
                .fields
                .iter()
                .any(|f| matches!(fold(&f.sdk_name).as_str(), "rawresponse" | "statuscode")),
            _ => false,
        }
    }

    /// The body model a response wrapper doc named `name` holds: the first field of its table
    /// whose type is a model of the docs.
    fn wrapped_body(&self, name: &str) -> Option<Type> {
        let doc = self.docs.iter().find(|d| {
            d.doc
                .title
                .as_ref()
                .is_some_and(|t| fold(&t.text) == fold(name))
        })?;
        let table = doc.doc.sections.iter().find_map(|s| s.tables.first())?;
        body_of_wrapper_table(self, table)
    }

    /// The error responses of the Errors table.
    fn errors(&self, table: &Table, diagnostics: &mut Vec<Diagnostic>) -> Vec<Response> {
        let mut responses = Vec::new();
        for row in &table.rows {
            let (Some(kind), Some(statuses)) = (row.cells.first(), row.cells.get(1)) else {
                continue;
            };
            let content_type = row
                .cells
                .get(2)
                .map(|c| c.plain_text().trim().to_string())
                .unwrap_or_default();
            if content_type == "*/*" {
                // The SDK's catch-all error: no body of its own.
                continue;
            }
            let text = kind.plain_text();
            let name = text
                .rsplit(['/', '.', '\\', ':'])
                .next()
                .unwrap_or(&text)
                .trim()
                .to_string();
            let ty = match self.model(&name, None, None) {
                Some(id) => Type::Ref(id),
                None => {
                    if self.reported.borrow_mut().insert(text.clone()) {
                        diagnostics.push(Diagnostic::warning(
                            self.sources,
                            kind.span,
                            Code::OperationType,
                            format!("the error type `{text}` is not a model of the docs; its body is read as any JSON value (reported at its first use only)"),
                        ));
                    }
                    Type::Any
                }
            };
            for status in statuses
                .plain_text()
                .split(',')
                .filter_map(|s| Status::parse(s.trim()))
            {
                responses.push(Response {
                    status,
                    description: None,
                    contents: vec![Content {
                        encoding: BodyEncoding::of(&content_type),
                        media_type: content_type.clone(),
                        ty: Some(ty.clone()),
                    }],
                });
            }
        }
        responses
    }
}

/// The first model a response wrapper's Fields table holds (its body field).
fn body_of_wrapper_table(cx: &Lowering<'_>, table: &Table) -> Option<Type> {
    table.rows.iter().find_map(|row| {
        let cell = row.cells.get(1)?;
        let parsed = types::parse(cx.dialect, &cell.inlines).ok()?;
        let ty = cx.expr_type(&parsed.expr).ok()?;
        holds_model(cx.api, &ty).then_some(ty)
    })
}

/// A JSON body of type `ty`.
fn json(ty: Type) -> Content {
    Content {
        media_type: "application/json".to_string(),
        encoding: BodyEncoding::Json,
        ty: Some(ty),
    }
}

/// Whether a Required cell says yes.
fn is_required(cell: &Cell) -> bool {
    let raw = cell.raw.trim();
    raw.contains("heavy_check_mark") || raw.contains('✔') || raw.eq_ignore_ascii_case("true")
}

/// Whether `ty` holds a struct, union or free-form model (an object body), possibly in a list.
fn holds_model(api: &Api, ty: &Type) -> bool {
    match ty {
        Type::Ref(id) => matches!(
            api.get(*id).kind,
            TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::FreeForm
        ),
        Type::Array(inner) | Type::Nullable(inner) => holds_model(api, inner),
        _ => false,
    }
}

/// The model a Response link names: its file name, else the last identifier of its text
/// (`*operations.V3TokenRequestResponse` is `V3TokenRequestResponse`).
fn link_model_name(text: &str, dest: &str) -> String {
    let file = dest.rsplit('/').next().unwrap_or("");
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let from_text = text
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .find(|part| !part.is_empty())
        .unwrap_or("");
    if from_text.is_empty() {
        stem.to_string()
    } else {
        from_text.to_string()
    }
}

/// The model type of a primitive of a Type cell.
pub(crate) fn prim_type(prim: Prim) -> Type {
    match prim {
        Prim::String => Type::String,
        Prim::Int32 => Type::Integer(IntFormat::Int32),
        Prim::Int64 => Type::Integer(IntFormat::Int64),
        Prim::Int => Type::Integer(IntFormat::Unspecified),
        Prim::Float => Type::Number(NumberFormat::Float),
        Prim::Double => Type::Number(NumberFormat::Double),
        Prim::FloatAny => Type::Number(NumberFormat::Unspecified),
        Prim::Number => Type::Number(NumberFormat::Any),
        Prim::Boolean => Type::Boolean,
        Prim::Date => Type::Date,
        Prim::DateTime => Type::DateTime,
        Prim::Any => Type::Any,
        Prim::Binary => Type::Binary,
    }
}

#[cfg(test)]
mod tests {
    use crate::files::SourceFile;
    use crate::model::Type;
    use crate::model::operation::{BodyEncoding, Method, ParameterIn, Status};
    use crate::{ApiInput, Layout, Options};

    const PET: &str = "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `name` | *String* | :heavy_check_mark: | N/A |\n";
    const PROBLEM: &str = "# Problem\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `code` | *Optional\\<Long>* | :heavy_minus_sign: | N/A |\n";
    const WRAPPER: &str = "# UpdatePetRequest\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `petId` | *String* | :heavy_check_mark: | N/A |\n| `dryRun` | *Optional\\<Boolean>* | :heavy_minus_sign: | N/A |\n| `pet` | [Pet](../components/Pet.md) | :heavy_check_mark: | N/A |\n";
    const PAGE: &str = r#"# Pets

## Overview

### Available Operations

* [updatePet](#updatepet) - Update a pet
* [getToken](#gettoken) - Get a token
* [mystery](#mystery) - Nobody knows

## updatePet

### Example Usage

<!-- UsageSnippet language="java" operationID="UpdatePet" method="put" path="/pets/{pet_id}" -->
```java
```

### Parameters

| Parameter | Type | Required | Description |
| --- | --- | --- | --- |
| `request` | [UpdatePetRequest](../../models/operations/UpdatePetRequest.md) | :heavy_check_mark: | The request object to use for the request. |

### Response

**[Pet](../../models/components/Pet.md)**

### Errors

| Error Type | Status Code | Content Type |
| --- | --- | --- |
| models/errors/Problem | 400, 4XX | application/json |
| models/errors/SDKError | 4XX, 5XX | \*/\* |

## getToken

### Parameters

| Parameter | Type | Required | Description |
| --- | --- | --- | --- |
| `request` | [Pet](../../models/components/Pet.md) | :heavy_check_mark: | The request object to use for the request. |

## mystery

Nothing here says how to call it.
"#;

    #[test]
    fn operations_come_from_snippets_wrappers_and_the_config() {
        let input = ApiInput {
            name: "pets".into(),
            root: "docs".into(),
            docs: vec![
                SourceFile::new("models/components/Pet.md", PET),
                SourceFile::new("models/errors/Problem.md", PROBLEM),
                SourceFile::new("models/operations/UpdatePetRequest.md", WRAPPER),
            ],
            models_root: Some("models".into()),
            operation_docs: vec![SourceFile::new("sdks/pets/README.md", PAGE)],
            config: Some(SourceFile::new(
                "codegen.yaml",
                "dialect: java\noperations:\n  getToken:\n    method: post\n    path: /token\n    content_type: application/x-www-form-urlencoded\n",
            )),
            ..ApiInput::default()
        };
        let options = Options::new(
            Layout::Crate {
                name: "pets".into(),
            },
            "test",
        );
        let output = crate::generate(&[input], &options).unwrap_or_else(|d| panic!("{d:#?}"));
        let api = &output.apis[0];
        // Namespaces start below `models/`.
        let pet = api.types.iter().position(|t| t.name == "Pet").unwrap();
        assert_eq!(api.types[pet].namespace, ["components"]);
        let [update, token] = &api.operations[..] else {
            panic!("{:#?}", api.operations);
        };
        assert_eq!(
            (update.method, update.path.as_str()),
            (Method::Put, "/pets/{pet_id}")
        );
        assert_eq!(update.id.as_deref(), Some("UpdatePet"));
        assert_eq!(update.group.as_deref(), Some("Pets"));
        let params: Vec<(&str, ParameterIn, bool)> = update
            .parameters
            .iter()
            .map(|p| (p.field.wire_name.as_str(), p.location, p.field.required))
            .collect();
        // The path template spells the path parameter; the other one is a guess.
        assert_eq!(
            params,
            [
                ("pet_id", ParameterIn::Path, true),
                ("dryRun", ParameterIn::Query, false)
            ]
        );
        let pet_ty = Type::Ref(crate::model::TypeId(pet as u32));
        assert_eq!(update.body(), Some((&pet_ty, true)));
        assert_eq!(update.success_type(), Some(&pet_ty));
        let errors: Vec<Status> = update.responses[1..].iter().map(|r| r.status).collect();
        assert_eq!(errors, [Status::Code(400), Status::Range(4)]);
        assert_eq!(
            (token.method, token.path.as_str()),
            (Method::Post, "/token")
        );
        let body = &token.request.as_ref().unwrap().contents[0];
        assert_eq!(body.encoding, BodyEncoding::Form);
        let said: Vec<(crate::diagnostics::Code, &str)> = output
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("operation") || d.message.contains("mystery"))
            .map(|d| (d.code, d.message.as_str()))
            .collect();
        assert!(
            said.iter().any(
                |(code, message)| *code == crate::diagnostics::Code::OperationUnplaced
                    && message.contains("`mystery`")
            ),
            "{said:#?}"
        );
        assert!(
            said.iter().any(
                |(code, message)| *code == crate::diagnostics::Code::OperationFacts
                    && message.contains("`getToken`")
                    && message.contains("method, path, content type from codegen.yaml")
            ),
            "{said:#?}"
        );
        assert!(
            said.iter()
                .any(|(_, message)| message.contains("`dryRun` sent in the query string")),
            "{said:#?}"
        );
    }
}
