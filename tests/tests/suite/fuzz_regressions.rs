//! Inputs the fuzz targets (`fuzz/`) once crashed on, replayed through the same code paths on
//! every `cargo test`. A new finding goes into `tests/fixtures/fuzz/<target>/` as it is.

use specgen::files::{FileId, SourceFile};
use specgen::markdown::{doc, types};
use specgen::{ApiInput, Layout, Options};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = tests::fixtures("fuzz").join(target);
    let mut res: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).expect("readable"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    res.sort();
    res
}

/// The body of `fuzz/fuzz_targets/type_grammar.rs`.
fn type_grammar(data: &[u8]) -> usize {
    let cell = String::from_utf8_lossy(data).replace(['\n', '\r', '|'], " ");
    let text = format!(
        "# T\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `f` | {cell} | :heavy_check_mark: | N/A |\n"
    );
    let parsed = doc::parse(FileId(0), &text);
    let Some(ty) = parsed
        .sections
        .first()
        .and_then(|s| s.tables.first())
        .and_then(|t| t.rows.first())
        .and_then(|r| r.cells.get(1))
    else {
        return 0;
    };
    types::Dialect::ALL
        .iter()
        .filter(|d| types::parse(**d, &ty.inlines).is_ok())
        .count()
}

/// The body of `fuzz/fuzz_targets/markdown_reader.rs`, for one dialect.
fn markdown_reader(data: &[u8], dialect: &str) -> bool {
    let input = ApiInput {
        name: "fuzz".into(),
        docs: vec![SourceFile::new(
            "components/Doc.md",
            String::from_utf8_lossy(data).into_owned(),
        )],
        config: Some(SourceFile::new(
            "codegen.yaml",
            format!("dialect: {dialect}\n"),
        )),
        root: "fuzz".into(),
        ..ApiInput::default()
    };
    specgen::generate(
        &[input],
        &Options::new(
            Layout::Crate {
                name: "fuzz".into(),
            },
            "fuzz",
        ),
    )
    .is_ok()
}

/// The body of `fuzz/fuzz_targets/openapi_reader.rs`: the bytes as a YAML and as a JSON
/// document; how many of the two readings generated files.
fn openapi_reader(data: &[u8]) -> usize {
    let text = String::from_utf8_lossy(data);
    ["openapi.yaml", "openapi.json"]
        .iter()
        .filter(|file| {
            let input = ApiInput {
                name: "fuzz".into(),
                openapi: vec![SourceFile::new(**file, text.as_ref())],
                root: "fuzz".into(),
                ..ApiInput::default()
            };
            let options = Options::new(
                Layout::Crate {
                    name: "fuzz".into(),
                },
                "fuzz",
            );
            match specgen::generate(&[input], &options) {
                Ok(_) => true,
                Err(diagnostics) => {
                    let _ = specgen::diagnostics::render_all(&diagnostics);
                    false
                }
            }
        })
        .count()
}

#[test]
fn openapi_reader_findings_generate_or_report() {
    for (_, data) in inputs("openapi_reader") {
        // Reaching here without a panic is the point; generating or reporting both count.
        let _ = openapi_reader(&data);
    }
    // The pipeline itself must accept a well-formed document, in JSON syntax as both YAML and
    // JSON, so the loop above is not vacuous.
    let document = br#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {},
        "components": {"schemas": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}}}"#;
    assert_eq!(openapi_reader(document), 2);
}

#[test]
fn type_grammar_findings_parse_or_fail_cleanly() {
    let found = inputs("type_grammar");
    assert!(!found.is_empty(), "the regression inputs are missing");
    for (name, data) in found {
        // Reaching here without a panic is the point; no dialect reads this garbage.
        assert_eq!(type_grammar(&data), 0, "{name}");
    }
}

#[test]
fn markdown_reader_findings_generate_or_report() {
    for (_, data) in inputs("markdown_reader")
        .into_iter()
        .chain(inputs("type_grammar"))
    {
        for dialect in [
            "java",
            "go",
            "typescript",
            "python",
            "csharp",
            "php",
            "ruby",
        ] {
            let _ = markdown_reader(&data, dialect);
        }
    }
    // The pipeline itself must accept a well-formed doc, so the loop above is not vacuous.
    assert!(markdown_reader(b"# Ok\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `a` | *String* | :heavy_check_mark: | N/A |\n", "java"));
}
