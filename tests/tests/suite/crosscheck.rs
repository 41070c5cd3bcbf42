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
