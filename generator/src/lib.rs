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
pub mod document;
pub mod emit;
pub mod examples;
pub mod files;
pub mod input;
#[cfg(test)]
mod layering;
pub mod markdown;
pub mod model;
pub mod openapi;
pub mod plan;
pub mod report;
/// The runtime module of the generated crates, compiled into the generator so that examples
/// are checked by the very functions the generated code calls.
#[path = "../../generated/src/runtime/mod.rs"]
#[allow(dead_code, missing_docs, unreachable_pub)]
pub(crate) mod runtime;
pub mod sync;
mod text;
pub mod yaml;

use diagnostics::Diagnostic;
use files::{SourceFile, SourceMap};

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
    /// The folder of the model docs inside an SDK's `docs/` folder (`models`), whose name is
    /// not part of the models' namespaces; `None` when the API folder holds model docs alone.
    pub models_root: Option<String>,
    /// The SDK's operation docs (`sdks/<resource>/README.md`), with paths relative to the API's
    /// folder; empty unless the API folder is an SDK's `docs/` folder.
    pub operation_docs: Vec<SourceFile>,
    /// The SDK's root `README.md` (servers, authentication), when the API folder is an SDK's
    /// root folder, which holds its `docs/` folder.
    pub sdk_readme: Option<SourceFile>,
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output directory, `/`-separated (`src/apis/prove/mod.rs`).
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// Where generated files go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A module tree inside a crate whose `lib.rs` is written by hand (the committed
    /// `generated` crate): the root module is `<dir>/mod.rs`. The crate must declare
    /// `pub mod runtime;` at its root with the files of [`RUNTIME`](emit::RUNTIME), and depend on the crates
    /// that [`Layout::Crate`] output does.
    Module {
        /// Directory of the root module relative to the output directory (`src/apis`).
        dir: String,
    },
    /// A standalone crate: `Cargo.toml`, `src/lib.rs` as the root module, `src/runtime/`
    /// ([`RUNTIME`](emit::RUNTIME)), and the API modules.
    Crate {
        /// Package name of the crate.
        name: String,
    },
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
    /// Warnings and notes of the kinds an API's config silences (`silence`): not shown, but
    /// counted in the run's summary.
    pub silenced: Vec<Diagnostic>,
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
    pub spec_examples: Vec<Vec<plan::spec_examples::Case>>,
    /// For each input, the path of each of its types in the generated crate
    /// (`crate::petstore::Pet`), in model order.
    pub type_paths: Vec<Vec<String>>,
}

/// Reads the Markdown docs of an API whose types come from its OpenAPI document: the docs are
/// read only to compare them with it, so a doc that cannot be read is a warning, not an error
/// that stops the API. The config, read once for both readers, reports its own errors.
fn read_docs_beside_spec(
    sources: &mut SourceMap,
    input: &ApiInput,
    config: &config::Read,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<model::Api> {
    let mut docs_diagnostics = Vec::new();
    let api = markdown::read_api_with(sources, input, config, &mut docs_diagnostics);
    for mut diagnostic in docs_diagnostics {
        if diagnostic.is_error() {
            diagnostic.severity = diagnostics::Severity::Warning;
            diagnostic.message.push_str(
                " (the docs are only compared with the OpenAPI document, which supplies the types)",
            );
        }
        diagnostics.push(diagnostic);
    }
    api
}

/// Withdraws the `bare-union` warning of each docs union that the OpenAPI document defines:
/// the document gives its variants (and the types are generated from it).
fn withdraw_bare_unions(
    sources: &SourceMap,
    docs: &model::Api,
    spec: &model::Api,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let spec_unions: std::collections::BTreeSet<String> = spec
        .types
        .iter()
        .filter(|t| matches!(t.kind, model::TypeKind::Union(_)))
        .map(|t| model::names::fold(&t.name))
        .collect();
    let defined: Vec<Option<files::Location>> = docs
        .types
        .iter()
        .filter(|t| spec_unions.contains(&model::names::fold(&t.name)))
        .map(|t| Diagnostic::warning(sources, t.span, diagnostics::Code::BareUnion, "").location)
        .collect();
    diagnostics
        .retain(|d| d.code != diagnostics::Code::BareUnion || !defined.contains(&d.location));
}

/// Generates Rust for `inputs`. On error, returns every diagnostic of the run (errors and
/// warnings), and no files.
///
/// The phases, each a plain function of what the earlier ones made: read every input into a
/// model, compare docs against spec where an API has both, plan the output, print it, and
/// count what was generated.
pub fn generate(inputs: &[ApiInput], options: &Options) -> Result<Output, Vec<Diagnostic>> {
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    let (apis, markdown_apis, spec_examples) = read(inputs, &mut sources, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(by_location(diagnostics));
    }
    let crosschecks = cross_check(&sources, &markdown_apis, &apis, &mut diagnostics);
    let mut apis = apis;
    plan::literals::make_literal_types(&mut apis);
    let mut plan = plan::build(&sources, &apis, spec_examples, &mut diagnostics);
    let files = emit::emit(&sources, &apis, &plan, options);
    let report = Report::new(&apis, &plan);
    let spec_examples = std::mem::take(&mut plan.spec_examples);
    let type_paths = std::mem::take(&mut plan.type_paths);
    let (silenced, diagnostics) = diagnostics.into_iter().partition(|d| is_silenced(&apis, d));
    Ok(Output {
        files,
        diagnostics,
        silenced,
        report,
        apis,
        markdown: markdown_apis,
        crosschecks,
        spec_examples,
        type_paths,
    })
}

/// Whether `diagnostic` is a warning or note of a kind that the config of the API whose file
/// it is about silences (the API with the longest root holding the file).
fn is_silenced(apis: &[model::Api], diagnostic: &Diagnostic) -> bool {
    let Some(location) = &diagnostic.location else {
        return false;
    };
    if diagnostic.is_error() {
        return false;
    }
    let holds = |root: &str| {
        let root = root.trim_end_matches('/');
        root.is_empty()
            || location
                .path
                .strip_prefix(root)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    apis.iter()
        .filter(|api| holds(&api.source_root))
        .max_by_key(|api| api.source_root.len())
        .is_some_and(|api| api.silenced.contains(&diagnostic.code))
}

/// Reads every input: the model each API's files come from, and beside it the model of its
/// Markdown docs when it has an OpenAPI document as well (read for comparison), and the
/// examples of its OpenAPI document (none for Markdown docs).
#[allow(clippy::type_complexity)]
fn read(
    inputs: &[ApiInput],
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> (
    Vec<model::Api>,
    Vec<Option<model::Api>>,
    Vec<Vec<model::SpecExample>>,
) {
    let mut apis = Vec::new();
    let mut markdown_apis = Vec::new();
    let mut spec_examples = Vec::new();
    for input in inputs {
        input::report_skipped(sources, input, diagnostics);
        // Read once, for whichever readers the API has; its errors are the run's.
        let config = config::read(sources, input.config.as_ref(), &input.root, diagnostics);
        if input.openapi.is_empty() {
            if let Some(api) = markdown::read_api_with(sources, input, &config, diagnostics) {
                apis.push(api);
                markdown_apis.push(None);
                spec_examples.push(Vec::new());
            }
            continue;
        }
        let mut docs_diagnostics = Vec::new();
        let markdown_api = if input.docs.is_empty() {
            None
        } else {
            read_docs_beside_spec(sources, input, &config, &mut docs_diagnostics)
        };
        let spec = openapi::read_api_with(sources, input, &config, diagnostics);
        if let (Some(docs), Some((spec, _))) = (&markdown_api, &spec) {
            withdraw_bare_unions(sources, docs, spec, &mut docs_diagnostics);
        }
        diagnostics.extend(docs_diagnostics);
        if let Some((api, found)) = spec {
            apis.push(api);
            markdown_apis.push(markdown_api);
            spec_examples.push(found);
        }
    }
    (apis, markdown_apis, spec_examples)
}

/// `diagnostics` sorted by location: phases report in their own order; the user reads them
/// file by file.
fn by_location(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.path.clone(), l.line, l.column))
        };
        key(a).cmp(&key(b))
    });
    diagnostics
}

/// Docs against spec, where an API has both.
fn cross_check(
    sources: &SourceMap,
    markdown_apis: &[Option<model::Api>],
    apis: &[model::Api],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Option<crosscheck::CrossCheck>> {
    markdown_apis
        .iter()
        .zip(apis)
        .map(|(docs, spec)| {
            docs.as_ref()
                .map(|docs| crosscheck::cross_check(sources, docs, spec, diagnostics))
        })
        .collect()
}
