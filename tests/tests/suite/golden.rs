//! Golden tests: every folder under `tests/fixtures/markdown` is generated and compared with
//! `<case>.expected`; every folder under `tests/fixtures/errors` must fail with exactly the
//! diagnostics in `<case>.stderr`, and every folder under `tests/fixtures/warnings` must
//! generate with exactly the warnings and notes in `<case>.stderr`. `UPDATE_EXPECT=1` rewrites
//! the expected files. `every_code_has_a_fixture` holds the fixtures to covering every
//! diagnostic code.

#[test]
fn markdown_fixtures_generate_expected_rust() {
    tests::run_fixtures("markdown", |output| {
        tests::render_run(&output.files, output)
    });
}

#[test]
fn error_fixtures_report_expected_diagnostics() {
    tests::run_error_fixtures("errors");
}

#[test]
fn warning_fixtures_report_expected_diagnostics() {
    tests::run_warning_fixtures("warnings");
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

/// Every diagnostic code is shown, as `[code]`, in at least one expected file: each kind of
/// problem the generator reports has a fixture with its rendering.
#[test]
fn every_code_has_a_fixture() {
    let files = tests::expectation_files();
    assert!(!files.is_empty(), "no expected files found");
    let missing: Vec<&str> = specgen::diagnostics::Code::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|name| {
            let tag = format!("[{name}]: ");
            !files.iter().any(|(_, text)| text.contains(&tag))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture shows these diagnostic codes; add an input under tests/fixtures/errors, \
         openapi-errors or warnings that produces each, run `UPDATE_EXPECT=1 cargo test -p \
         tests`, then the tests once more without it (this test reads the files the others \
         write): {}",
        missing.join(", ")
    );
}

/// Every code has its own name, so a name in brackets means one kind of problem.
#[test]
fn code_names_are_unique_kebab_case() {
    let mut names: Vec<&str> = specgen::diagnostics::Code::ALL
        .iter()
        .map(|code| code.as_str())
        .collect();
    for name in &names {
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "`{name}` is not kebab-case"
        );
    }
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "two codes share a name");
}
