//! Docs against spec where the two name things differently: inline schemas the docs name after
//! their property, one-value enums the spec writes as constants, and SDK request wrappers of
//! operations (`fixtures/markdown/crosscheck-by-use`).

use specgen::crosscheck::CrossCheck;

fn check(case: &str) -> (CrossCheck, Vec<String>) {
    let input = tests::load(&tests::fixtures("markdown").join(case));
    let output = specgen::generate(&[input], &tests::options(case))
        .unwrap_or_else(|d| panic!("{}", specgen::diagnostics::render_all(&d)));
    let check = output.crosschecks[0]
        .clone()
        .expect("docs and spec are compared");
    let warnings = output
        .diagnostics
        .iter()
        .filter(|d| d.severity == specgen::diagnostics::Severity::Warning)
        .map(|d| d.message.clone())
        .collect();
    (check, warnings)
}

fn allowed(check: &CrossCheck, words: &str) -> usize {
    check
        .allowed
        .iter()
        .filter(|(reason, _)| reason.contains(words))
        .map(|(_, n)| n)
        .sum()
}

#[test]
fn models_are_matched_through_the_fields_that_hold_them() {
    let (check, warnings) = check("crosscheck-by-use");
    // Order by name; Delivery and Window through `Order.delivery` and `Delivery.window`; the
    // request wrapper and, through its body field, the body; the response body through the
    // operation's response; Kind is the spec's constant.
    assert_eq!(check.models, 6, "{check:#?}");
    assert_eq!(
        allowed(&check, "matched through the field"),
        4,
        "{check:#?}"
    );
    assert_eq!(
        allowed(&check, "matched with the operation"),
        1,
        "{check:#?}"
    );
    assert_eq!(allowed(&check, "`Accept`"), 1, "{check:#?}");
    assert_eq!(allowed(&check, "single enum value"), 2, "{check:#?}");
    assert_eq!(allowed(&check, "another order"), 1, "{check:#?}");
    // The one real disagreement: `Delivery.floor` is an integer in the spec.
    assert_eq!(check.disagreements.values().sum::<usize>(), 1, "{check:#?}");
    assert_eq!(
        warnings,
        ["`Delivery.floor` has another type in the docs than in the OpenAPI document"]
    );
}

#[test]
fn union_variants_free_form_objects_and_sdk_models_are_matched_by_shape() {
    let (check, warnings) = check("crosscheck-shapes");
    // Pet and PetContact by name; through PetContact's variants the two contact models (the
    // spec lists them in another order, so by the properties they share) and through
    // `Pet.status` StatusEnum (the spec's inline enum, not its component of that name).
    assert_eq!(
        allowed(&check, "matched through the field"),
        3,
        "{check:#?}"
    );
    // PetExtra is the spec's inline `type: object`: the model, and the field holding it.
    assert_eq!(allowed(&check, "names a shape"), 2, "{check:#?}");
    // GetPetRequest holds both `x-tenant` parameters, header and query; RenamePetRequest and
    // RenamePetFormRequest are one operation's requests with a JSON and a form-encoded body.
    assert_eq!(
        allowed(&check, "matched with the operation"),
        3,
        "{check:#?}"
    );
    assert_eq!(allowed(&check, "form-encoded body"), 1, "{check:#?}");
    // Both requests' `Order` is the docs' Order enum; the spec writes the parameter's values
    // inline, and its own Order lists them in another order.
    assert_eq!(allowed(&check, "matched by its values"), 2, "{check:#?}");
    assert_eq!(allowed(&check, "another order"), 1, "{check:#?}");
    // GetPetSecurity and the SchemeBasic it holds are the SDK's, and so is GetPetResponse.
    assert_eq!(allowed(&check, "`{Operation}Security`"), 2, "{check:#?}");
    assert_eq!(allowed(&check, "`{Operation}Response`"), 1, "{check:#?}");
    // Nothing refers to PetError: the spec's Problem has its properties.
    assert_eq!(
        allowed(&check, "matched by its property names"),
        1,
        "{check:#?}"
    );
    // KennelLabel's wire name comes from the example of `Kennel.label`, which is the spec's, and
    // which the spec's schema contradicts: the example check reports it, the cross-check not.
    assert_eq!(allowed(&check, "the spec's own example"), 1, "{check:#?}");
    assert_eq!(check.disagreements, Default::default(), "{check:#?}");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("the example of `Kennel.label` does not fit its type"),
        "{warnings:#?}"
    );
}

/// Items the spec says may be `null` and the docs show as plain items agree: the docs do not
/// show whether items may be null. The difference is counted, not reported.
#[test]
fn items_the_spec_allows_to_be_null_agree_with_the_docs_items() {
    let case = "crosscheck-by-use";
    let (before, before_warnings) = check(case);
    let mut input = tests::load(&tests::fixtures("markdown").join(case));
    let spec = input
        .openapi
        .iter_mut()
        .find(|f| f.path == "openapi.yaml")
        .expect("the fixture has an OpenAPI document");
    let items = "items:\n                      $ref: \"#/components/schemas/Order\"\n";
    assert!(spec.text.contains(items), "{}", spec.text);
    spec.text = spec.text.replacen(
        items,
        "items:\n                      anyOf:\n                        - $ref: \"#/components/schemas/Order\"\n                        - type: \"null\"\n",
        1,
    );
    let output = specgen::generate(&[input], &tests::options(case))
        .unwrap_or_else(|d| panic!("{}", specgen::diagnostics::render_all(&d)));
    let after = output.crosschecks[0]
        .clone()
        .expect("docs and spec are compared");
    let after_warnings: Vec<String> = output
        .diagnostics
        .iter()
        .filter(|d| d.severity == specgen::diagnostics::Severity::Warning)
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(allowed(&before, "may be null"), 0, "{before:#?}");
    assert_eq!(allowed(&after, "may be null"), 1, "{after:#?}");
    assert_eq!(after.models, before.models, "{after:#?}");
    assert_eq!(after.disagreements, before.disagreements, "{after:#?}");
    assert_eq!(after_warnings, before_warnings);
}

#[test]
fn docs_models_are_paired_with_schemas_as_speakeasy_derives_them() {
    let (check, warnings) = check("crosscheck-speakeasy");
    // Go's `Cat` is the flattened `allOf` variant of `Pet`, not the `Cat` schema it extends.
    assert_eq!(allowed(&check, "place of use"), 1, "{check:#?}");
    // `Circle.Kind` and `Square.Kind` are required in the docs, optional in the spec.
    assert_eq!(allowed(&check, "discriminator"), 2, "{check:#?}");
    // `AccountInput` is `Account` without its read-only `id`.
    assert_eq!(allowed(&check, "`…Input` model"), 2, "{check:#?}");
    // `Size` lists `<nil>` for the spec's `nullable: true`, and `Mood` beside the one value
    // of what the spec writes as a constant.
    assert_eq!(allowed(&check, "`<nil>`"), 1, "{check:#?}");
    assert_eq!(allowed(&check, "single enum value"), 2, "{check:#?}");
    // `Leftover2` has no fields and nothing refers to it.
    assert_eq!(
        allowed(&check, "no other docs model refers to"),
        1,
        "{check:#?}"
    );
    assert_eq!(check.disagreements.values().sum::<usize>(), 0, "{check:#?}");
    assert!(warnings.is_empty(), "{warnings:#?}");
}

/// Real SDK docs read beside the OpenAPI document they were generated from: every operation
/// the docs describe is found in the spec, at the same method and path, with its typed error
/// statuses documented there (`crosscheck/operations.rs`).
#[test]
fn corpus_operation_docs_agree_with_their_spec() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    for folder in ["authlete__authlete-go-sdk", "eGain__egain-api-python"] {
        let dir = corpus.join(folder);
        let mut input = specgen::input::read_api_dir(&dir.join("docs"), folder, folder)
            .expect("the corpus folder reads");
        input.openapi = specgen::input::read_openapi_file(
            &dir.join(".speakeasy/out.openapi.yaml"),
            folder,
            folder,
        )
        .expect("the spec reads")
        .openapi;
        let output = specgen::generate(&[input], &tests::options(folder))
            .unwrap_or_else(|d| panic!("{}", specgen::diagnostics::render_all(&d)));
        let docs = output.markdown[0].as_ref().expect("the docs are read");
        let check = output.crosschecks[0]
            .as_ref()
            .expect("docs and spec compared");
        assert!(
            docs.operations.len() > 50,
            "{folder}: {}",
            docs.operations.len()
        );
        assert_eq!(check.operations, docs.operations.len(), "{folder}");
        let differing: Vec<String> = output
            .diagnostics
            .iter()
            .filter(|d| {
                matches!(
                    d.code,
                    specgen::diagnostics::Code::DocsOnlyOperation
                        | specgen::diagnostics::Code::OperationDiffers
                )
            })
            .map(|d| d.render())
            .collect();
        assert!(differing.is_empty(), "{folder}: {differing:#?}");
    }
}

#[test]
fn models_a_partial_spec_leaves_out_are_counted_apart() {
    let (check, warnings) = check("crosscheck-partial-spec");
    // Order agrees; Refund and RefundReason are docs-only models, not disagreements, and
    // Receipt is the spec type no docs model stands for.
    assert_eq!(check.models, 1, "{check:#?}");
    assert_eq!(check.disagreements, Default::default(), "{check:#?}");
    assert_eq!(check.docs_only, ["Refund", "RefundReason"], "{check:#?}");
    assert_eq!(check.spec_only, ["Receipt"], "{check:#?}");
    assert_eq!(
        warnings,
        [
            "the docs describe `Refund`, which the OpenAPI document does not define",
            "the docs describe `RefundReason`, which the OpenAPI document does not define",
        ]
    );
}

/// Prove's Go SDK docs against the project's own spec, which defines 5 of the SDK's 30
/// operations: the other 25 are docs-only operations, counted apart from the disagreements,
/// and the 5 agree on method, path and error statuses.
#[test]
fn operations_a_partial_spec_leaves_out_are_counted_apart() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let folder = "prove-identity__prove-sdk-server-go";
    let docs = root.join("../shared/corpus").join(folder).join("docs");
    let mut input =
        specgen::input::read_api_dir(&docs, folder, folder).expect("the corpus folder reads");
    input.openapi =
        specgen::input::read_openapi_file(&root.join("specs/prove/openapi.yaml"), folder, folder)
            .expect("the project spec reads")
            .openapi;
    let output = specgen::generate(&[input], &tests::options(folder))
        .unwrap_or_else(|d| panic!("{}", specgen::diagnostics::render_all(&d)));
    let check = output.crosschecks[0]
        .as_ref()
        .expect("docs and spec compared");
    assert_eq!(check.operations, 5, "{check:#?}");
    assert_eq!(check.docs_only_operations.len(), 25, "{check:#?}");
    assert!(
        !check
            .disagreements
            .keys()
            .any(|kind| kind.contains("operation")),
        "{check:#?}"
    );
}
