//! `## Supported Types` unions: one `###` per variant, named after a model, a primitive in the
//! SDK's spelling, a type (TypeScript v2), or in Go an empty heading over a constructor call.

use crate::diagnostics::{Code, Diagnostic};
use crate::files::SourceMap;
use crate::markdown::doc::{Document, Inline};
use crate::markdown::types::{self, Dialect, Prim, TypeExpr};
use crate::model::names;

use super::{RawVariant, Shape};

/// Reads the variants of a `## Supported Types` section: one `###` per variant, named after
/// a model (`Foo`, `` `models.Foo` ``, `` `Components\Foo` ``), a primitive spelled the SDK's way
/// (C#'s `Str`, `Number`, `ArrayOfAny`; PHP's `mixed`), or, in Go, left empty with the type
/// in the constructor call of the code block below it.
pub(super) fn read_union(
    sources: &SourceMap,
    dialect: Dialect,
    doc: &Document,
    section: &crate::markdown::doc::Section,
    diagnostics: &mut Vec<Diagnostic>,
) -> Shape {
    let title = doc
        .title
        .as_ref()
        .map(|t| t.text.as_str())
        .unwrap_or_default();
    let mut variants = Vec::new();
    for sub in &section.subsections {
        let heading = sub.heading.text.trim();
        let span = sub.heading.span;
        let variant = if heading.is_empty() {
            go_constructor_variant(title, &sub.code_blocks)
        } else {
            named_variant(dialect, heading)
        };
        match variant {
            Some((name, expr)) => variants.push(RawVariant { name, expr, span }),
            None => diagnostics.push(
                Diagnostic::error(sources, span, Code::UnionVariant, format!("cannot tell the type of the union variant `{heading}`"))
                    .with_hint("a variant heading names a model doc or a primitive (`Str`, `Number`, `Boolean`, `ArrayOfAny`, `mixed`, ...)"),
            ),
        }
    }
    if variants.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                sources,
                section.heading.span,
                Code::EmptyUnion,
                "`## Supported Types` lists no variants: the model is generated as any JSON value",
            )
            .with_hint("add a `### Variant` heading per member type"),
        );
        return Shape::BareUnion;
    }
    Shape::Union(variants)
}

/// A variant heading: a primitive in the SDK's spelling, a (qualified) model name, or, as
/// TypeScript v2 names variants, a type (`` `string[]` ``, `` `components.Two[][]` ``,
/// `` `{ [k: string]: any }` ``). Variants named by a type get a name from it
/// (`ArrayOfString`, `MapOfAny`).
fn named_variant(dialect: Dialect, heading: &str) -> Option<(String, TypeExpr)> {
    if let Some(inner) = heading.strip_suffix("[]") {
        let (name, expr) = named_variant(dialect, inner.trim_end())?;
        let name = names::pascal_ident(&name);
        return Some((format!("ArrayOf{name}"), TypeExpr::Array(Box::new(expr))));
    }
    if let Some(expr) = synthetic_variant(heading) {
        return Some((heading.to_string(), expr));
    }
    if let Some(prim) = types::primitive(dialect, heading) {
        return Some((heading.to_string(), TypeExpr::Prim(prim)));
    }
    let name = heading.rsplit(['.', '\\', ':']).next().unwrap_or(heading);
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        let cell = types::parse(dialect, &[Inline::Text(heading.to_string())]).ok()?;
        return Some((type_variant_name(&cell.expr), cell.expr));
    }
    let qualifier = heading.len() > name.len();
    let qualifier = qualifier.then(|| {
        heading[..heading.len() - name.len()]
            .trim_end_matches(['.', '\\', ':'])
            .to_string()
    });
    Some((
        name.to_string(),
        TypeExpr::Model {
            name: name.to_string(),
            qualifier,
            dest: String::new(),
        },
    ))
}

/// A variant's name from its type, in the words C# SDKs use for the same variants (but
/// `String`, which C# cannot use and Rust can).
fn type_variant_name(expr: &TypeExpr) -> String {
    match expr {
        TypeExpr::Prim(prim) => match prim {
            Prim::String => "String",
            Prim::Int32 | Prim::Int64 | Prim::Int => "Integer",
            Prim::Float | Prim::Double | Prim::FloatAny | Prim::Number => "Number",
            Prim::Boolean => "Boolean",
            Prim::Date => "Date",
            Prim::DateTime => "DateTime",
            Prim::Any => "Any",
            Prim::Binary => "Bytes",
        }
        .to_string(),
        TypeExpr::Array(inner) => format!("ArrayOf{}", type_variant_name(inner)),
        TypeExpr::Map(inner) => format!("MapOf{}", type_variant_name(inner)),
        TypeExpr::Model { name, .. } => name.clone(),
        TypeExpr::Synthetic(name) => names::pascal_ident(name),
        TypeExpr::Const(prim, _) => type_variant_name(&TypeExpr::Prim(*prim)),
    }
}

/// C#'s names for primitive union members: `Str`, `Number`, `Boolean`, `Integer`, `Any`, and
/// `ArrayOf...`/`MapOf...` around them.
fn synthetic_variant(name: &str) -> Option<TypeExpr> {
    if let Some(inner) = name.strip_prefix("ArrayOf") {
        return synthetic_variant(inner).map(|t| TypeExpr::Array(Box::new(t)));
    }
    if let Some(inner) = name.strip_prefix("MapOf") {
        return synthetic_variant(inner).map(|t| TypeExpr::Map(Box::new(t)));
    }
    let prim = match name {
        "Str" => Prim::String,
        "Number" => Prim::Double,
        "Integer" | "Long" | "Int64" => Prim::Int64,
        "Int32" | "Int" => Prim::Int32,
        "Float" => Prim::Float,
        "Double" => Prim::Double,
        "Boolean" => Prim::Boolean,
        "Any" => Prim::Any,
        "DateTime" => Prim::DateTime,
        "Date" => Prim::Date,
        _ => return None,
    };
    Some(TypeExpr::Prim(prim))
}

/// Go's primitive variants have an empty heading; the code block below it calls the
/// variant's constructor with a value of the variant's type:
/// `components.CreateUnionNumber(float64{/* values here */})`.
fn go_constructor_variant(
    title: &str,
    blocks: &[(String, crate::markdown::doc::Spanned)],
) -> Option<(String, TypeExpr)> {
    let code = &blocks.first()?.1.text;
    let call = code.split(&format!("Create{title}")).nth(1)?;
    let (name, rest) = call.split_once('(')?;
    let go_type = rest.split('{').next()?.trim();
    let cell = types::parse(Dialect::Go, &[Inline::Text(go_type.to_string())]).ok()?;
    let name = if name.is_empty() {
        title.to_string()
    } else {
        name.to_string()
    };
    Some((name, cell.expr))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(name: &str, qualifier: Option<&str>) -> TypeExpr {
        TypeExpr::Model {
            name: name.into(),
            qualifier: qualifier.map(Into::into),
            dest: String::new(),
        }
    }

    #[test]
    fn variant_headings_name_models_primitives_or_types() {
        let prim = |p| TypeExpr::Prim(p);
        let arr = |t| TypeExpr::Array(Box::new(t));
        let ts = Dialect::TypeScript;
        let cases = [
            (ts, "Pet", ("Pet", model("Pet", None))),
            (
                ts,
                "components.Pet",
                ("Pet", model("Pet", Some("components"))),
            ),
            (ts, "string", ("string", prim(Prim::String))),
            // TypeScript v2 names variants by their type.
            (ts, "string[]", ("ArrayOfString", arr(prim(Prim::String)))),
            (
                ts,
                "components.Two[][]",
                (
                    "ArrayOfArrayOfTwo",
                    arr(arr(model("Two", Some("components")))),
                ),
            ),
            (
                ts,
                "{ [k: string]: any }",
                ("MapOfAny", TypeExpr::Map(Box::new(prim(Prim::Any)))),
            ),
            (
                Dialect::Ruby,
                "Models::Components::Pet",
                ("Pet", model("Pet", Some("Models::Components"))),
            ),
            (
                Dialect::Python,
                "List[str]",
                ("ArrayOfString", arr(prim(Prim::String))),
            ),
            (
                Dialect::CSharp,
                "ArrayOfStr",
                ("ArrayOfStr", arr(prim(Prim::String))),
            ),
        ];
        for (dialect, heading, (name, expr)) in cases {
            assert_eq!(
                named_variant(dialect, heading),
                Some((name.to_string(), expr)),
                "{dialect} `{heading}`"
            );
        }
        assert_eq!(named_variant(ts, "not a type!"), None);
    }
}
