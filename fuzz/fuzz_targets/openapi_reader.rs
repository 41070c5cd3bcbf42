//! Any bytes as an OpenAPI document, read once as YAML (`openapi.yaml`) and once as JSON
//! (`openapi.json`) through the whole pipeline (reader, lowering, emitter): the generator must
//! return files or diagnostics, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specgen::files::SourceFile;
use specgen::{ApiInput, Layout, Options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for file in ["openapi.yaml", "openapi.json"] {
        let input = ApiInput {
            name: "fuzz".into(),
            openapi: vec![SourceFile::new(file, text.as_ref())],
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
    }
});
