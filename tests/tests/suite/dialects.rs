//! Dialect and era detection on the real corpus (`../shared/corpus`): every folder is read
//! in the dialect its SDK is written in, and its docs are placed in the generator era they
//! come from, which picks the help text of an unreadable cell.

use std::path::Path;

use specgen::files::FileId;
use specgen::markdown::lower::{SourceDoc, detect_dialect, detect_era};
use specgen::markdown::types::{Dialect, Era};

/// Each corpus folder, its docs root, and the dialect and era its docs are written in (from
/// the corpus README: the SDK's language and the Speakeasy generator that wrote it).
const FOLDERS: &[(&str, &str, Dialect, Era)] = &[
    (
        "LukeHagar__plexcsharp",
        "docs/Models",
        Dialect::CSharp,
        Era::Current,
    ),
    (
        "StackOneHQ__stackone-client-csharp",
        "docs/Models",
        Dialect::CSharp,
        Era::Current,
    ),
    (
        "authlete__authlete-go-sdk",
        "docs/models",
        Dialect::Go,
        Era::Current,
    ),
    (
        "authlete__authlete-ruby-sdk",
        "docs/models",
        Dialect::Ruby,
        Era::Current,
    ),
    (
        "eGain__egain-api-java",
        "docs/models",
        Dialect::Java,
        Era::Current,
    ),
    (
        "eGain__egain-api-python",
        "docs/models",
        Dialect::Python,
        Era::Current,
    ),
    (
        "eGain__egain-api-typescript",
        "docs/models",
        Dialect::TypeScript,
        Era::Current,
    ),
    (
        "factuarea__factuarea-php",
        "docs/Models",
        Dialect::Php,
        Era::Current,
    ),
    (
        "mistralai__client-ts",
        "docs/models",
        Dialect::TypeScript,
        Era::Current,
    ),
    ("novuhq__novu-go", "docs/models", Dialect::Go, Era::Current),
    (
        "prove-identity__prove-sdk-server-go",
        "docs/models",
        Dialect::Go,
        Era::Current,
    ),
    (
        "prove-identity__prove-sdk-server-java",
        "docs/models",
        Dialect::Java,
        Era::Current,
    ),
    (
        "prove-identity__prove-sdk-server-typescript",
        "docs/models",
        Dialect::TypeScript,
        Era::Current,
    ),
    (
        "speakeasy-api__speakeasy-client-sdk-ruby",
        "docs/models",
        Dialect::Ruby,
        Era::Early,
    ),
    (
        "speakeasy-sdks__tigris-go-sdk",
        "docs/pkg/models",
        Dialect::Go,
        Era::Early,
    ),
    (
        "speakeasy-sdks__tigris-java-sdk",
        "docs/models",
        Dialect::Java,
        Era::Early,
    ),
    (
        "speakeasy-sdks__tigris-php-sdk",
        "docs/Models",
        Dialect::Php,
        Era::Early,
    ),
    (
        "speakeasy-sdks__tigris-ts-sdk",
        "docs/sdk/models",
        Dialect::TypeScript,
        Era::Early,
    ),
    (
        "speakeasy-sdks__wingspan-python",
        "docs/models",
        Dialect::Python,
        Era::Early,
    ),
    (
        "speakeasy-sdks__wingspan-ts",
        "docs/models",
        Dialect::TypeScript,
        Era::Early,
    ),
];

#[test]
fn every_corpus_folder_is_read_in_its_dialect_and_era() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let mut wrong = Vec::new();
    for &(folder, docs, dialect, era) in FOLDERS {
        let dir = corpus.join(folder).join(docs);
        let input = specgen::input::read_api_dir(&dir, folder, folder)
            .unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
        assert!(!input.docs.is_empty(), "{folder}: no docs in {docs}");
        let parsed: Vec<SourceDoc> = input
            .docs
            .iter()
            .enumerate()
            .map(|(i, file)| SourceDoc {
                doc: specgen::markdown::doc::parse(FileId(i as u32), &file.text),
                namespace: Vec::new(),
            })
            .collect();
        let found = detect_dialect(&parsed);
        let found_era = detect_era(found, &parsed);
        if (found, found_era) != (dialect, era) {
            wrong.push(format!(
                "{folder}: read as {found} ({found_era}), written in {dialect} ({era})"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
