//! The operations part of `cargo xtask conformance`: every corpus folder's `docs/` read as an
//! SDK docs folder (model docs and operation docs), and per folder the operations read: how
//! many have their method and path from the docs, from the config or from neither (left out),
//! a typed success body, a request body, parameters by where they go, typed error responses,
//! and the warnings about types the docs name but do not hold. Where the folder ships its
//! OpenAPI document, the docs are read beside it and the generator's cross-check compares each
//! operation with the spec's (`docs-only-operation`, `operation-differs`). A folder whose docs
//! lack facts (Prove's TypeScript docs show no method or path) is read with the config of the
//! same name in `xtask/corpus/`, so the table shows how many operations needed it.

use std::path::Path;

use anyhow::{Context, Result};
use specgen::diagnostics::Code;
use specgen::model::operation::{Operation, ParameterIn};
use specgen::{Layout, Options};

/// Prints the table; returns the folders whose docs did not generate.
pub fn run(corpus: &Path) -> Result<Vec<String>> {
    let mut failures = Vec::new();
    println!("\noperations from the SDKs' operation docs (docs/sdks):");
    println!(
        "{:<46} {:>5} {:>5} {:>6} {:>6} {:>5} {:>6} {:>6} {:>6} {:>6} {:>8}",
        "folder",
        "pages",
        "ops",
        "config",
        "left",
        "body",
        "typed",
        "path",
        "query",
        "errors",
        "spec"
    );
    let mut folders: Vec<_> = std::fs::read_dir(corpus)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("docs/sdks").is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let name = folder
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("folder")
            .to_string();
        let docs = folder.join("docs");
        let display = format!("../shared/corpus/{name}/docs");
        let mut input = specgen::input::read_api_dir(&docs, &name, &display)
            .with_context(|| format!("reading {display}"))?;
        // Facts a folder's docs do not show, written for this project from the corpus.
        let config = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(format!("{name}.codegen.yaml"));
        if config.is_file() {
            let text = std::fs::read_to_string(&config)
                .with_context(|| format!("reading {}", config.display()))?;
            input.config = Some(specgen::files::SourceFile::new("codegen.yaml", text));
        }
        // With the OpenAPI document beside the docs, the generator compares the two.
        let spec_path = folder.join(".speakeasy/out.openapi.yaml");
        if spec_path.is_file() {
            input.openapi = specgen::input::read_openapi_file(&spec_path, &name, "")
                .with_context(|| format!("reading {}", spec_path.display()))?
                .openapi;
        }
        let pages = input.operation_docs.len();
        let options = Options::new(
            Layout::Crate {
                name: "operations".into(),
            },
            "cargo xtask conformance",
        );
        let output = match specgen::generate(&[input], &options) {
            Ok(output) => output,
            Err(diagnostics) => {
                println!(
                    "{name:<46} generation failed ({} errors)",
                    diagnostics.len()
                );
                failures.push(format!("{display}: generation failed"));
                continue;
            }
        };
        let count = |code: Code| output.diagnostics.iter().filter(|d| d.code == code).count();
        // The docs' model: beside a spec it is read for comparison, and the files come from
        // the spec.
        let docs_api = match output.markdown.first() {
            Some(Some(docs)) => Some(docs),
            _ => output.apis.first(),
        };
        let ops: &[Operation] = docs_api.map_or(&[], |api| &api.operations);
        let from_config = output
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::OperationFacts && d.message.contains("codegen.yaml"))
            .count();
        let place = |location| {
            ops.iter()
                .flat_map(|op| &op.parameters)
                .filter(|p| p.location == location)
                .count()
        };
        let errors: usize = ops
            .iter()
            .map(|op| {
                op.responses
                    .iter()
                    .filter(|r| !r.status.is_success())
                    .count()
            })
            .sum();
        let spec = output
            .crosschecks
            .first()
            .and_then(Option::as_ref)
            .map(|check| {
                // An operation that differs in several ways has several warnings at its heading.
                let differ: std::collections::BTreeSet<_> = output
                    .diagnostics
                    .iter()
                    .filter(|d| d.code == Code::OperationDiffers)
                    .filter_map(|d| d.location.as_ref().map(|l| (&l.path, l.line)))
                    .collect();
                format!("{}/{}", check.operations - differ.len(), ops.len())
            });
        println!(
            "{name:<46} {pages:>5} {:>5} {from_config:>6} {:>6} {:>5} {:>6} {:>6} {:>6} {errors:>6} {:>8}",
            ops.len(),
            count(Code::OperationUnplaced),
            ops.iter().filter(|op| op.request.is_some()).count(),
            ops.iter().filter(|op| op.success_type().is_some()).count(),
            place(ParameterIn::Path),
            place(ParameterIn::Query),
            spec.as_deref().unwrap_or("-"),
        );
        let unknown = count(Code::OperationType);
        if unknown > 0 {
            println!(
                "    warning ({unknown}): a type the operation docs name is not a model of the docs"
            );
        }
    }
    println!(
        "    (config: operations with a fact from codegen.yaml; left: no method or path, left out; \
         typed: a typed success body; path/query: parameters by place; spec: operations the \
         generator's cross-check finds in the spec with the same method, path and error statuses \
         / operations read)"
    );
    Ok(failures)
}
