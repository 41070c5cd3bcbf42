//! specgen turns API descriptions (Speakeasy Markdown model docs, and OpenAPI 3.0 and 3.1
//! documents) into a typed, documented Rust crate.
//!
//! The library is a pure function from sources to files: [`generate`] takes the text of every
//! input and returns the generated files, or every diagnostic that stopped it. Reading and
//! writing files is left to the callers (`cargo xtask codegen`, the `specgen` command), with
//! [`sync`] as the shared helper that writes a generated tree to disk.
#![deny(missing_docs)]

pub mod config;
pub mod crosscheck;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod examples;
pub mod files;
pub mod input;
pub mod markdown;
pub mod model;
pub mod openapi;
pub mod report;
pub mod sync;
mod yaml;

use diagnostics::Diagnostic;
use files::{SourceFile, SourceMap};

pub use emit::{GeneratedFile, Layout};
pub use report::Report;

/// The sources of one API.
#[derive(Debug, Clone, Default)]
pub struct ApiInput {
    /// Module name of the API in the generated crate; made into a Rust identifier.
    pub name: String,
    /// The Markdown model docs, with paths relative to the API's docs root.
    pub docs: Vec<SourceFile>,
    /// The spec config (`codegen.yaml`), if any.
    pub config: Option<SourceFile>,
    /// Display prefix for paths of this API's files (`specs/prove`), used in diagnostics and
    /// generated headers.
    pub root: String,
    /// The OpenAPI document (first) and the YAML or JSON files its relative `$ref`s name, with
    /// paths relative to the API's folder; empty when the API has none. When it has one, the
    /// types are generated from it, and the Markdown docs (if any) are read for comparison.
    pub openapi: Vec<SourceFile>,
    /// Files of the API that were found, or named by `$ref`s, but not read: not UTF-8, or
    /// refused (outside the API's root, not a regular file). Each is an error of the run.
    pub skipped: Vec<files::Skipped>,
}

/// How to generate.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// Where the generated files go and what surrounds them.
    pub layout: Layout,
    /// The command named in every generated file's header as the way to regenerate it.
    pub regenerate_command: String,
    /// When set, every type file asserts at compile time (a `const` that `cargo check`
    /// evaluates) that the type takes at most this many bytes, so a type that grows past it
    /// fails the build. Off by default.
    pub size_budget: Option<u64>,
}

impl Options {
    /// Options for `layout`, naming `regenerate_command` in headers.
    pub fn new(layout: Layout, regenerate_command: impl Into<String>) -> Options {
        Options {
            layout,
            regenerate_command: regenerate_command.into(),
            size_budget: None,
        }
    }

    /// The same options, with every type asserting at compile time that it takes at most
    /// `bytes` (see [`Options::size_budget`]).
    pub fn with_size_budget(mut self, bytes: u64) -> Options {
        self.size_budget = Some(bytes);
        self
    }
}

/// A successful run: the files, warnings and notes, and the report.
#[derive(Debug)]
pub struct Output {
    /// Every generated file, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Warnings and notes; never errors.
    pub diagnostics: Vec<Diagnostic>,
    /// What was generated, per API.
    pub report: Report,
    /// The model the files were generated from, one per input.
    pub apis: Vec<model::Api>,
    /// For each input, the model of its Markdown docs when it has an OpenAPI document as well
    /// (read for comparison; the files come from the OpenAPI model), else `None`.
    pub markdown: Vec<Option<model::Api>>,
    /// For each input with both Markdown docs and an OpenAPI document, how the two agree
    /// (every disagreement is also a warning in `diagnostics`).
    pub crosschecks: Vec<Option<crosscheck::CrossCheck>>,
    /// For each input, the examples its OpenAPI document carries with the Rust type each
    /// documents and whether it fits (empty for Markdown docs, whose examples are their
    /// fields'); those that do not fit are also warnings in `diagnostics`.
    pub spec_examples: Vec<Vec<examples::document::Case>>,
}

/// Generates Rust for `inputs`. On error, returns every diagnostic of the run (errors and
/// warnings), and no files.
pub fn generate(inputs: &[ApiInput], options: &Options) -> Result<Output, Vec<Diagnostic>> {
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    let mut apis = Vec::new();
    let mut markdown_apis = Vec::new();
    let mut spec_examples = Vec::new();
    for input in inputs {
        input::report_skipped(&mut sources, input, &mut diagnostics);
        if input.openapi.is_empty() {
            if let Some(api) = markdown::read_api(&mut sources, input, &mut diagnostics) {
                apis.push(api);
                markdown_apis.push(None);
                spec_examples.push(Vec::new());
            }
            continue;
        }
        let markdown_api = if input.docs.is_empty() {
            None
        } else {
            markdown::read_api(&mut sources, input, &mut diagnostics)
        };
        let report_config = input.docs.is_empty();
        if let Some((api, found)) =
            openapi::read_api_with_examples(&mut sources, input, report_config, &mut diagnostics)
        {
            apis.push(api);
            markdown_apis.push(markdown_api);
            spec_examples.push(found);
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        // Phases report in their own order; the user reads them file by file.
        diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.location
                    .as_ref()
                    .map(|l| (l.path.clone(), l.line, l.column))
            };
            key(a).cmp(&key(b))
        });
        return Err(diagnostics);
    }
    // Docs against spec, where an API has both.
    let crosschecks: Vec<Option<crosscheck::CrossCheck>> = markdown_apis
        .iter()
        .zip(&apis)
        .map(|(docs, spec)| {
            docs.as_ref()
                .map(|docs| crosscheck::cross_check(&sources, docs, spec, &mut diagnostics))
        })
        .collect();
    // Checked once: root naming reports the misfits, emission makes tests of the others, the
    // report counts both.
    let examples: Vec<Vec<examples::FieldExample>> = apis.iter().map(examples::check).collect();
    let roots = emit::assign_root_names(&sources, &apis, &examples, &mut diagnostics);
    let trees = emit::tree::build(&apis);
    let spec_examples: Vec<Vec<examples::document::Case>> = apis
        .iter()
        .zip(&trees)
        .zip(spec_examples)
        .map(|((api, tree), found)| examples::document::cases(api, tree, found))
        .collect();
    for cases in &spec_examples {
        diagnostics.extend(examples::document::diagnostics(&sources, cases));
    }
    let files = emit::emit(&sources, &apis, &roots, &examples, options);
    let report = Report::new(&apis, &roots, &examples);
    Ok(Output {
        files,
        diagnostics,
        report,
        apis,
        markdown: markdown_apis,
        crosschecks,
        spec_examples,
    })
}
