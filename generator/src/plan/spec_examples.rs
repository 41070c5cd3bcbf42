//! The examples of an OpenAPI document as cases for a round trip: each example the document
//! carries (see [`SpecExample`]) with the Rust type it documents in the generated crate (named
//! as the plan's tree places it), and whether it fits that type, checked the way field
//! examples are ([`crate::examples`]: the generated serde code and `Validate` mirrored through
//! the compiled-in runtime).
//!
//! An example that does not fit is the spec contradicting itself: it is reported as a located
//! `example-misfit` warning (property examples that are their field's example are reported as
//! such already, with the field's examples). `cargo xtask conformance` runs every case through
//! the generated crate (read, validate, write back, compare) and lists the cases the static
//! check and the run disagree on.

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::files::{SourceMap, Span};
use crate::model::names;
use crate::model::rules::Patterns;
use crate::model::{
    Api, Documented, ExampleKind, Field, IntFormat, NumberFormat, SpecExample, Type, WireSource,
};

use super::tree::ApiTree;

/// One example of the document, ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The example and what it documents.
    pub example: SpecExample,
    /// The Rust type it is read into, written as inside the generated crate
    /// (`crate::petstore::Pet`, `Vec<crate::petstore::Pet>`), or `None` when specgen generates
    /// no type for it (the reason is in [`SpecExample::documents`]).
    pub rust_type: Option<String>,
    /// Why the example does not fit its type, if it does not.
    pub misfit: Option<String>,
}

/// The cases of `examples` (of `api`, laid out as `tree`).
pub(crate) fn cases(
    api: &Api,
    tree: &ApiTree,
    patterns: &Patterns,
    examples: Vec<SpecExample>,
) -> Vec<Case> {
    examples
        .into_iter()
        .map(|example| {
            let (rust_type, misfit) = match &example.documents {
                Ok(documented) => (
                    Some(rust_type(api, tree, documented)),
                    crate::examples::value_misfit_with(
                        api,
                        patterns,
                        &as_field(documented, example.span),
                        &example.value,
                    ),
                ),
                Err(_) => (None, None),
            };
            Case {
                example,
                rust_type,
                misfit,
            }
        })
        .collect()
}

/// The path of every type of `api` from the crate root (`crate::petstore::Pet`), by
/// [`crate::model::TypeId`].
pub(crate) fn type_paths(api: &Api, tree: &ApiTree) -> Vec<String> {
    (0..api.types.len())
        .map(|idx| type_expr(api, tree, &Type::Ref(crate::model::TypeId(idx as u32))))
        .collect()
}

/// A warning for every case that does not fit its type, except the property examples that
/// are their field's example (reported with the field's examples).
pub(crate) fn diagnostics(sources: &SourceMap, cases: &[Case]) -> Vec<Diagnostic> {
    cases
        .iter()
        .filter(|case| {
            case.example.kind != ExampleKind::Property
                || !(case.example.at.ends_with("/example")
                    || case.example.at.ends_with("/examples/0"))
        })
        .filter_map(|case| {
            let reason = case.misfit.as_ref()?;
            let message = format!(
                "the example at `{}` does not fit its type: {reason}",
                case.example.at
            );
            Some(
                Diagnostic::at(
                    Severity::Warning,
                    sources,
                    case.example.span,
                    Code::ExampleMisfit,
                    message,
                )
                .with_hint("correct the example in the spec, or its schema"),
            )
        })
        .collect()
}

/// A required field of the documented type, so the field example check applies.
fn as_field(documented: &Documented, span: Span) -> Field {
    Field {
        sdk_name: String::new(),
        wire_name: String::new(),
        wire_source: WireSource::Spec,
        rust_name: String::new(),
        ty: documented.ty.clone(),
        required: true,
        nullable: documented.nullable,
        deprecated: None,
        description: None,
        example: None,
        default: None,
        constraints: documented.constraints.clone(),
        read_only: false,
        write_only: false,
        span,
    }
}

/// The Rust type of a documented schema: its type, in an `Option` when it admits `null`.
fn rust_type(api: &Api, tree: &ApiTree, documented: &Documented) -> String {
    let ty = type_expr(api, tree, &documented.ty);
    if documented.nullable && !matches!(documented.ty, Type::Any | Type::Nullable(_)) {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

/// `ty` as Rust, with paths from the crate root (as the example tests write it).
fn type_expr(api: &Api, tree: &ApiTree, ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::Date => crate::model::dates::date_type(api).into(),
        Type::DateTime => crate::model::dates::date_time_type(api).into(),
        Type::Binary => "crate::runtime::Base64".into(),
        Type::Integer(IntFormat::Int32) => "i32".into(),
        Type::Integer(IntFormat::Int64 | IntFormat::Unspecified) => "i64".into(),
        Type::Number(NumberFormat::Float) => "f32".into(),
        Type::Number(_) => "f64".into(),
        Type::Boolean => "bool".into(),
        Type::Any => "serde_json::Value".into(),
        Type::Array(item) => format!("Vec<{}>", type_expr(api, tree, item)),
        Type::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            type_expr(api, tree, value)
        ),
        Type::Nullable(inner) => format!("Option<{}>", type_expr(api, tree, inner)),
        Type::Ref(id) if crate::model::replace::is_replaced(api, *id) => {
            crate::model::replace::replacement(api, *id)
                .map_or_else(|| "serde_json::Value".into(), |it| it.path.clone())
        }
        Type::Ref(id) if (id.0 as usize) < api.types.len() => {
            let place = tree.place(*id);
            let mut segments = vec![tree.module.as_str()];
            segments.extend(place.modules.iter().map(String::as_str));
            segments.push(&place.name);
            let path: Vec<String> = segments.iter().map(|segment| raw(segment)).collect();
            format!("crate::{}", path.join("::"))
        }
        Type::Ref(_) => "serde_json::Value".into(),
    }
}

/// `name` as written in a path: keywords as raw identifiers (`r#type`).
fn raw(name: &str) -> String {
    if names::is_raw_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}
#[cfg(test)]
mod tests {
    use crate::files::SourceFile;
    use crate::{ApiInput, Layout, Options};

    /// Every kind of example, each with its place, type and fit.
    const DOCUMENT: &str = r#"openapi: 3.1.0
info: {title: Pets, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Pet'}
              example: [{name: Rex, age: 3}]
    post:
      operationId: addPet
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            examples:
              rex: {$ref: '#/components/examples/Rex'}
              bad: {value: {age: 2}}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: integer}
                example: {id: 7}
components:
  examples:
    Rex:
      value: {name: Rex}
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name:
          type: string
          example: Rex
        age:
          type: integer
          examples: [3, "three"]
      example: {name: Tom, age: 1}
    Named:
      allOf:
        - {$ref: '#/components/schemas/Pet'}
        - type: object
          properties:
            nick: {type: string}
          example: {nick: T}
"#;

    #[test]
    fn every_example_is_found_with_its_type_and_fit() {
        let input = ApiInput {
            name: "pets".into(),
            root: "specs/pets".into(),
            openapi: vec![SourceFile::new("openapi.yaml", DOCUMENT)],
            ..ApiInput::default()
        };
        let options = Options::new(
            Layout::Crate {
                name: "pets".into(),
            },
            "test",
        );
        let output = crate::generate(&[input], &options).expect("the document reads");
        let rows: Vec<String> = output.spec_examples[0]
            .iter()
            .map(|case| {
                let line = output
                    .diagnostics
                    .iter()
                    .any(|d| d.message.contains(&case.example.at));
                format!(
                    "{:?} {} {} -> {} fits={} warned={line}",
                    case.example.kind,
                    case.example.at,
                    case.example.value,
                    case.rust_type.as_deref().unwrap_or("none"),
                    case.misfit.is_none(),
                )
            })
            .collect();
        let expected = [
            r#"Media #/components/examples/Rex/value {"name":"Rex"} -> crate::pets::Pet fits=true warned=false"#,
            r#"Schema #/components/schemas/Named/allOf/1/example {"nick":"T"} -> none fits=true warned=false"#,
            r#"Schema #/components/schemas/Pet/example {"age":1,"name":"Tom"} -> crate::pets::Pet fits=true warned=false"#,
            r#"Property #/components/schemas/Pet/properties/age/examples/0 3 -> i64 fits=true warned=false"#,
            r#"Property #/components/schemas/Pet/properties/age/examples/1 "three" -> i64 fits=false warned=true"#,
            r#"Property #/components/schemas/Pet/properties/name/example "Rex" -> String fits=true warned=false"#,
            r#"Media #/paths/~1pets/get/responses/200/content/application~1json/example [{"age":3,"name":"Rex"}] -> Vec<crate::pets::Pet> fits=true warned=false"#,
            r#"Media #/paths/~1pets/post/requestBody/content/application~1json/examples/bad/value {"age":2} -> crate::pets::Pet fits=false warned=true"#,
            r#"Schema #/paths/~1pets/post/responses/201/content/application~1json/schema/example {"id":7} -> crate::pets::operations::AddPetResponse201 fits=true warned=false"#,
        ];
        assert_eq!(rows, expected);
    }
}
