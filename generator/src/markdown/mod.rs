//! Reader for Speakeasy Markdown model docs: `doc` parses the Markdown, `types` reads the
//! Type column of each dialect, `lower` turns documents into the model.

pub mod doc;
pub mod lower;
pub mod operations;
pub mod types;

use crate::ApiInput;
use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;
use crate::files::{SourceFile, SourceMap};
use crate::model::Api;

/// Reads the docs of one API into the model; `None` when it has errors (all reported).
pub fn read_api(
    sources: &mut SourceMap,
    input: &ApiInput,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Api> {
    let display = |path: &str| {
        if input.root.is_empty() {
            path.to_string()
        } else {
            format!("{}/{}", input.root.trim_end_matches('/'), path)
        }
    };
    let config_file = input
        .config
        .as_ref()
        .map(|c| sources.add(SourceFile::new(display(&c.path), c.text.clone())));
    let config = match config_file {
        Some(file) => config::parse(sources, file, diagnostics),
        None => Some(Config::default()),
    };
    let mut inputs: Vec<&SourceFile> = input.docs.iter().collect();
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    let docs: Vec<lower::SourceDoc> = inputs
        .into_iter()
        .map(|file| {
            // In an SDK's `docs/` folder, namespaces start below its models folder.
            let path = input
                .models_root
                .as_deref()
                .and_then(|root| file.path.strip_prefix(root)?.strip_prefix('/'))
                .unwrap_or(&file.path);
            let mut namespace: Vec<String> = path.split('/').map(str::to_string).collect();
            namespace.pop();
            let id = sources.add(SourceFile::new(display(&file.path), file.text.clone()));
            lower::SourceDoc {
                doc: doc::parse(id, &sources.get(id).text),
                namespace,
            }
        })
        .collect();
    let operation_files: Vec<_> = input
        .operation_docs
        .iter()
        .map(|file| sources.add(SourceFile::new(display(&file.path), file.text.clone())))
        .collect();
    // The operation pages show parameters' wire names, evidence for the naming policy.
    let operation_pages: Vec<_> = operation_files
        .iter()
        .flat_map(|&file| operations::page::parse(file, &sources.get(file).text))
        .collect();
    // A broken config is reported; the docs are still read so every error shows at once.
    let mut api = lower::lower(
        sources,
        &input.name,
        &input.root,
        (&docs, &operation_pages),
        config.as_ref().unwrap_or(&Config::default()),
        config_file,
        diagnostics,
    )?;
    let config = config?;
    config::apply_member_renames(sources, &config, &mut api, diagnostics);
    crate::model::enums::open_enums(&mut api, &config.closed_enums);
    if !operation_files.is_empty() {
        let dialect = config
            .dialect
            .unwrap_or_else(|| lower::detect_dialect(&docs));
        api.operations = operations::read(
            sources,
            &operation_files,
            &api,
            &docs,
            dialect,
            &config,
            diagnostics,
        );
    }
    Some(api)
}
