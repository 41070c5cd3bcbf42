//! The bodies of the fuzz targets in `fuzz/fuzz_targets`, here so that the targets and the
//! replay of their findings (`tests/tests/suite/fuzz_regressions.rs`) run the same code. Each
//! must return, never panic, whatever the bytes.

use specgen::files::{FileId, SourceFile};
use specgen::markdown::{doc, types};
use specgen::{ApiInput, Layout, Options};

/// The dialects a `codegen.yaml` names.
pub const DIALECTS: [&str; 7] = [
    "java",
    "go",
    "typescript",
    "python",
    "csharp",
    "php",
    "ruby",
];

fn options() -> Options {
    Options::new(
        Layout::Crate {
            name: "fuzz".into(),
        },
        "fuzz",
    )
}

/// Generates `input`; on failure, renders the diagnostics (which must not panic either).
/// Whether it generated.
fn generate(input: ApiInput) -> bool {
    match specgen::generate(&[input], &options()) {
        Ok(_) => true,
        Err(diagnostics) => {
            let _ = specgen::diagnostics::render_all(&diagnostics);
            false
        }
    }
}

/// `type_grammar`: any text as the Type cell of a Fields table, parsed by every dialect's
/// grammar. How many dialects read it.
pub fn type_grammar(data: &[u8]) -> usize {
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

/// `markdown_reader`: any bytes as a model doc through the whole pipeline. The first byte picks
/// the dialect and, when its high bit is set, splits the rest at `\n\u{1e}` into two docs, so
/// that links between docs get exercised. Whether it generated.
pub fn markdown_reader(data: &[u8]) -> bool {
    let Some((&selector, rest)) = data.split_first() else {
        return false;
    };
    let dialect = DIALECTS[usize::from(selector) % DIALECTS.len()];
    markdown_docs(
        &String::from_utf8_lossy(rest),
        dialect,
        selector & 0x80 != 0,
    )
}

/// `text` as one model doc (or two, split at `\n\u{1e}`, when `split` is set) in `dialect`.
/// Whether it generated.
pub fn markdown_docs(text: &str, dialect: &str, split: bool) -> bool {
    let docs = match text.split_once("\n\u{1e}") {
        Some((a, b)) if split => vec![
            SourceFile::new("components/A.md", a),
            SourceFile::new("components/B.md", b),
        ],
        _ => vec![SourceFile::new("components/Doc.md", text)],
    };
    generate(ApiInput {
        name: "fuzz".into(),
        docs,
        config: Some(SourceFile::new(
            "codegen.yaml",
            format!("dialect: {dialect}\n"),
        )),
        root: "fuzz".into(),
        ..ApiInput::default()
    })
}

/// `openapi_reader`: any bytes as an OpenAPI document, read once as YAML and once as JSON
/// through the whole pipeline. How many of the two readings generated.
pub fn openapi_reader(data: &[u8]) -> usize {
    let text = String::from_utf8_lossy(data);
    ["openapi.yaml", "openapi.json"]
        .into_iter()
        .filter(|file| {
            generate(ApiInput {
                name: "fuzz".into(),
                openapi: vec![SourceFile::new(*file, text.as_ref())],
                root: "fuzz".into(),
                ..ApiInput::default()
            })
        })
        .count()
}
