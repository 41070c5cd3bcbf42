//! Reader for Speakeasy Markdown model docs: `doc` parses the Markdown, `types` reads the
//! Type column of each dialect, `lower` turns documents into the model.

pub mod doc;
pub mod lower;
pub mod operations;
pub mod types;

use crate::ApiInput;
use crate::config;
use crate::diagnostics::Diagnostic;
use crate::files::{SourceFile, SourceMap};
use crate::model::Api;

/// Reads the docs of one API into the model, its config included; `None` when it has errors
/// (all reported).
pub fn read_api(
    sources: &mut SourceMap,
    input: &ApiInput,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Api> {
    let config = config::read(sources, input.config.as_ref(), &input.root, diagnostics);
    read_api_with(sources, input, &config, diagnostics)
}

/// [`read_api`] with the API's config already read. A broken config (already reported) leaves
/// the docs read with the defaults, so that every error shows at once, and no model.
pub fn read_api_with(
    sources: &mut SourceMap,
    input: &ApiInput,
    config: &config::Read,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Api> {
    let display = |path: &str| crate::input::display_path(&input.root, path);
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
        &config.settings(),
        config.file,
        diagnostics,
    )?;
    let config = config.config.as_ref()?;
    config::apply_member_renames(sources, config, &mut api, diagnostics);
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
            config,
            diagnostics,
        );
    }
    if let Some(readme) = &input.sdk_readme {
        let file = sources.add(SourceFile::new(display(&readme.path), readme.text.clone()));
        api.service = operations::readme::read(sources, file, config, diagnostics);
        operations::readme::apply_security(&api.service, &mut api.operations);
    }
    Some(api)
}
