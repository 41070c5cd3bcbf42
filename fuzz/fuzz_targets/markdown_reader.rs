//! Any bytes as a model doc, read in every dialect through the whole pipeline (reader,
//! lowering, emitter): the generator must return files or diagnostics, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specgen::files::SourceFile;
use specgen::{ApiInput, Layout, Options};

const DIALECTS: [&str; 7] = [
    "java",
    "go",
    "typescript",
    "python",
    "csharp",
    "php",
    "ruby",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let dialect = DIALECTS[usize::from(selector) % DIALECTS.len()];
    // Half of the runs split the input into two docs, so links between docs get exercised.
    let docs = match text.split_once("\n\u{1e}") {
        Some((a, b)) if selector & 0x80 != 0 => vec![
            SourceFile::new("components/A.md", a),
            SourceFile::new("components/B.md", b),
        ],
        _ => vec![SourceFile::new("components/Doc.md", text.clone())],
    };
    let input = ApiInput {
        name: "fuzz".into(),
        docs,
        config: Some(SourceFile::new(
            "codegen.yaml",
            format!("dialect: {dialect}\n"),
        )),
        root: "fuzz".into(),
        ..ApiInput::default()
    };
    let options = Options::new(
        Layout::Crate {
            name: "fuzz".into(),
        },
        "fuzz",
    );
    if let Err(diagnostics) = specgen::generate(&[input], &options) {
        // Rendering must not panic either.
        let _ = specgen::diagnostics::render_all(&diagnostics);
    }
});
