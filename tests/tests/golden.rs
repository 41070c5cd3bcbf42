//! Golden tests: every folder under `tests/fixtures/markdown` is generated and compared with
//! `<case>.expected`; every folder under `tests/fixtures/errors` must fail with exactly the
//! diagnostics in `<case>.stderr`. `UPDATE_EXPECT=1` rewrites the expected files.

use specgen::diagnostics::render_all;

#[test]
fn markdown_fixtures_generate_expected_rust() {
    let mut failures = Vec::new();
    let cases = tests::cases("markdown");
    assert!(!cases.is_empty(), "no fixtures found");
    for case in cases {
        let input = tests::load(&case);
        let name = input.name.clone();
        let actual = match specgen::generate(&[input], &tests::options(&name)) {
            Ok(output) => {
                let mut text = tests::render_files(&output.files);
                text.push_str("//- diagnostics\n");
                text.push_str(&render_all(&output.diagnostics));
                text.push_str("//- report\n");
                text.push_str(&output.report.to_string());
                text
            }
            Err(diagnostics) => {
                failures.push(format!(
                    "{}: generation failed:\n{}",
                    case.display(),
                    render_all(&diagnostics)
                ));
                continue;
            }
        };
        if let Err(message) = tests::check(&case.with_extension("expected"), &actual) {
            failures.push(message);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn error_fixtures_report_expected_diagnostics() {
    let mut failures = Vec::new();
    let cases = tests::cases("errors");
    assert!(!cases.is_empty(), "no fixtures found");
    for case in cases {
        let input = tests::load(&case);
        let name = input.name.clone();
        match specgen::generate(&[input], &tests::options(&name)) {
            Ok(_) => failures.push(format!(
                "{}: generation succeeded, an error was expected",
                case.display()
            )),
            Err(diagnostics) => {
                assert!(
                    diagnostics.iter().any(|d| d.is_error()),
                    "{}: failed without an error",
                    case.display()
                );
                if let Err(message) =
                    tests::check(&case.with_extension("stderr"), &render_all(&diagnostics))
                {
                    failures.push(message);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn generation_is_deterministic() {
    for case in tests::cases("markdown") {
        let run = || {
            let input = tests::load(&case);
            let name = input.name.clone();
            let output =
                specgen::generate(&[input], &tests::options(&name)).expect("fixture generates");
            tests::render_files(&output.files)
        };
        let first = run();
        for _ in 0..3 {
            assert_eq!(
                first,
                run(),
                "{}: output differs between runs",
                case.display()
            );
        }
    }
}
