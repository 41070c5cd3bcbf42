//! Docs that cannot all be read: a Type cell no grammar reads, or a link to a doc that is not
//! there, makes that field (or union member) any JSON value with a warning, and the rest of the
//! API is generated and counted (`fixtures/warnings/unreadable-types`); `strict_types: true`
//! makes them errors again. Beside an OpenAPI document, which supplies the types, a doc that
//! cannot be read at all is a warning too. Java's bare unions (docs without variants) take
//! their variants from sibling docs, Example cells or the OpenAPI document.

use specgen::diagnostics::Severity;
use specgen::files::SourceFile;
use specgen::model::{Type, TypeKind};

fn unreadable() -> specgen::ApiInput {
    tests::load(&tests::fixtures("warnings").join("unreadable-types"))
}

#[test]
fn unreadable_cells_and_missing_docs_become_any_json_value_and_are_counted() {
    let output = specgen::generate(&[unreadable()], &tests::options("unreadable-types"))
        .unwrap_or_else(|d| panic!("{}", specgen::diagnostics::render_all(&d)));
    let api = &output.apis[0];
    let order = api.types.iter().find(|t| t.name == "Order").expect("Order");
    let TypeKind::Struct(order) = &order.kind else {
        panic!("Order is a struct: {:?}", order.kind)
    };
    let types: Vec<(&str, &Type)> = order
        .fields
        .iter()
        .map(|f| (f.sdk_name.as_str(), &f.ty))
        .collect();
    assert_eq!(
        types[..4],
        [
            ("id", &Type::Integer(specgen::model::IntFormat::Int64)),
            ("placedBy", &Type::Any),
            ("items", &Type::Any),
            ("shipping", &Type::Any),
        ]
    );
    // The union keeps its readable member.
    assert!(matches!(types[4], ("payment", Type::Ref(_))), "{types:?}");
    let payment = api
        .types
        .iter()
        .find(|t| t.name == "Payment")
        .expect("Payment");
    let TypeKind::Union(payment) = &payment.kind else {
        panic!("Payment is a union: {:?}", payment.kind)
    };
    assert_eq!(payment.variants[1].ty, Type::Any);
    assert_eq!(api.untyped, 4);
    assert_eq!(output.report.apis[0].untyped, 4);
    assert!(
        output
            .report
            .to_string()
            .contains("4 fields typed as any JSON value (unreadable in the docs)"),
        "{}",
        output.report
    );
}

#[test]
fn strict_types_makes_unreadable_cells_and_missing_docs_errors() {
    let mut input = unreadable();
    let config = input.config.as_mut().expect("the fixture has a config");
    config.text.push_str("strict_types: true\n");
    let errors = specgen::generate(&[input], &tests::options("unreadable-types"))
        .expect_err("strict types stop the API");
    let codes: Vec<&str> = errors
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "unknown-type",
            "type-syntax",
            "dangling-link",
            "dangling-link"
        ]
    );
}

#[test]
fn docs_beside_a_spec_that_cannot_be_read_are_warnings() {
    let mut input = tests::load(&tests::fixtures("markdown").join("crosscheck"));
    input.docs.push(SourceFile::new(
        "Broken.md",
        "# Broken\n\n## Fields\n\n| Name | Kind |\n| ---- | ---- |\n| `a` | *String* |\n",
    ));
    let output = specgen::generate(&[input], &tests::options("crosscheck"))
        .unwrap_or_else(|d| panic!("{}", specgen::diagnostics::render_all(&d)));
    let header = output
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "table-header")
        .expect("the broken table is reported");
    assert_eq!(header.severity, Severity::Warning);
    assert!(
        header.message.ends_with("which supplies the types)"),
        "{}",
        header.message
    );
    assert!(!output.files.is_empty());
}

/// The `bare-union` diagnostics of a fixture: (severity, model title line).
fn bare_unions(case: &str) -> Vec<(Severity, String)> {
    let input = tests::load(&tests::fixtures("markdown").join(case));
    let output = specgen::generate(&[input], &tests::options(case))
        .unwrap_or_else(|d| panic!("{}", specgen::diagnostics::render_all(&d)));
    output
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "bare-union")
        .map(|d| {
            let path = d
                .location
                .as_ref()
                .map(|l| l.path.clone())
                .unwrap_or_default();
            (
                d.severity,
                path.rsplit('/').next().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn bare_unions_take_their_variants_from_sibling_docs_and_examples() {
    // `Replacement` from `StaticReplacement` and `SearchReplacement`, `Amount` from the
    // Example cells `42` and `unlimited`; nothing tells about `Mystery`.
    assert_eq!(
        bare_unions("java-bare-unions"),
        [
            (Severity::Warning, "Mystery.md".to_string()),
            (Severity::Note, "Amount.md".to_string()),
            (Severity::Note, "Replacement.md".to_string()),
        ]
    );
}

#[test]
fn bare_unions_the_openapi_document_defines_are_not_reported() {
    assert_eq!(bare_unions("crosscheck-bare-union"), []);
}
