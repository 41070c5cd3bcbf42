//! Inputs the fuzz targets (`fuzz/`) once crashed on, replayed through the same code paths on
//! every `cargo test`. A new finding goes into `tests/fixtures/fuzz/<target>/` as it is.

use tests::fuzz::{DIALECTS, markdown_docs, markdown_reader, openapi_reader, type_grammar};

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
        // As the fuzzer ran it, and as one doc in every dialect.
        let _ = markdown_reader(&data);
        for dialect in DIALECTS {
            let _ = markdown_docs(&String::from_utf8_lossy(&data), dialect, false);
        }
    }
    // The pipeline itself must accept a well-formed doc, so the loop above is not vacuous.
    assert!(markdown_docs(
        "# Ok\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `a` | *String* | :heavy_check_mark: | N/A |\n",
        "java",
        false
    ));
}
