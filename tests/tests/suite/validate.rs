//! Golden tests of validation and examples: every folder under `tests/fixtures/validate` (an
//! API folder, mostly one rule kind each) is generated and its API module (the types with their
//! `Validate` impls, the example tests), diagnostics and report are compared with
//! `<case>.expected`. `UPDATE_EXPECT=1` rewrites the expected files.
//!
//! The behaviour of the generated code is tested on the `onboarding` sample in
//! `tests/roundtrip/tests/suite/validate.rs`; `cargo xtask conformance` compiles these fixtures (clippy,
//! rustdoc with warnings denied) and runs their example tests.

use specgen::diagnostics::Code;

/// The rule kinds the issue lists, each with its fixture.
const KINDS: &[&str] = &[
    "min-length",
    "max-length",
    "pattern",
    "minimum",
    "maximum",
    "exclusive-bounds",
    "exclusive-bounds-31",
    "multiple-of",
    "min-items",
    "max-items",
    "unique-items",
    "min-properties",
    "max-properties",
    "format",
    "enum",
];

#[test]
fn validate_fixtures_generate_expected_rust() {
    let cases = tests::cases("validate");
    for kind in KINDS {
        assert!(
            cases.iter().any(|case| case.ends_with(kind)),
            "no fixture for `{kind}` in tests/fixtures/validate"
        );
    }
    tests::run_fixtures("validate", |output| {
        // The API's own files: Cargo.toml and lib.rs are the same for every fixture.
        let files: Vec<_> = output
            .files
            .iter()
            .filter(|f| f.path != "Cargo.toml" && f.path != "src/lib.rs")
            .cloned()
            .collect();
        tests::render_run(&files, output)
    });
}

#[test]
fn examples_that_do_not_fit_are_warnings_counted_in_the_report() {
    for (case, n_examples, n_not_fitting) in
        [("examples-openapi", 6, 4), ("examples-markdown", 9, 2)]
    {
        let input = tests::load(&tests::fixtures("validate").join(case));
        let name = input.name.clone();
        let output = specgen::generate(&[input], &tests::options(&name)).expect("generates");
        let report = &output.report.apis[0];
        assert_eq!(
            (report.examples, report.examples_not_fitting),
            (n_examples, n_not_fitting),
            "{case}"
        );
        let warnings: Vec<_> = output
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::ExampleMisfit)
            .collect();
        assert_eq!(warnings.len(), n_not_fitting, "{case}");
        assert!(
            warnings
                .iter()
                .all(|d| d.location.as_ref().is_some_and(|l| l.line > 1)),
            "{case}: every warning has a file and line"
        );
        let tests_file = output
            .files
            .iter()
            .find(|f| f.path.ends_with("spec_examples.rs"))
            .expect("an examples module");
        assert_eq!(
            tests_file.contents.matches("Example {").count(),
            n_examples - n_not_fitting,
            "{case}: only the examples that fit are tests"
        );
    }
}
