//! The plan: every decision about the output, made once from the model before anything is
//! printed. The emitter and the report read it and decide nothing of their own.
//!
//! - `tree.rs` lays out modules and files and names each type inside its namespace;
//!   `roots.rs` picks every type's name at the crate root; `names.rs` spells final Rust names.
//! - `boxing.rs` picks the references that are boxed (cycles, and large types by
//!   [`crate::model::size`]).
//! - `client.rs` names the client of each API with operations: the wrapper struct, one method
//!   per operation, params structs and error enums, and how parameters and bodies are sent.
//! - `traits.rs` says which serde traits each type derives and which string enums get
//!   `Display`, `FromStr`, `as_str` and `ALL`; `construction.rs` how values are built
//!   (`Default`, `new` with the required fields, `From` each union variant). It also says
//!   which serde directions each type needs from the operations that use it (requests
//!   `Serialize`, responses `Deserialize`); the other is behind the crate's `round-trip`
//!   feature.
//! - `groups.rs` makes a cargo feature of each group of operations (tag, path prefix, SDK
//!   resource) and says which groups' operations reach each type, so that a crate compiles
//!   only the types and client methods of the groups it turns on (`full` turns on all).
//! - `prose.rs` replaces a type's description that is only a response's ("Success").
//! - `runtime.rs` says which optional parts of the runtime the output uses (dates, binary
//!   content, patterns), and so which crates a standalone crate depends on.
//! - `validation.rs` picks the types whose `Validate` impl checks something, and warns about
//!   patterns the generated code leaves out or runs within a budget.
//! - Each field's example is checked ([`crate::examples`]); the verdicts decide which become
//!   tests, and the misfits are warnings.
//! - `spec_examples.rs` gives every example of an OpenAPI document the Rust type it documents
//!   and its verdict (for the round trip of `cargo xtask conformance`); misfits are warnings.
//!
//! How types go on the wire and which rules apply to them are questions about the model
//! (`model::wire`, `model::rules`), asked here, by the example checker and by the emitter.
//!
//! Warnings and notes of planning are raised here, in a fixed order: crate-root renames, then
//! per API the config's `rust.types` that name no type, its patterns and its examples.

pub mod boxing;
pub(crate) mod client;
pub(crate) mod construction;
pub(crate) mod groups;
pub mod literals;
pub(crate) mod names;
pub(crate) mod prose;
mod roots;
pub mod runtime;
pub mod spec_examples;
pub(crate) mod traits;
pub(crate) mod tree;
pub(crate) mod validation;

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostic;
use crate::examples::{self, FieldExample};
use crate::files::SourceMap;
use crate::model::rules::Patterns;
use crate::model::{Api, SpecExample, TypeId};
use tree::ApiTree;

pub use boxing::{boxed_references, cycle_references};
pub use groups::FULL_FEATURE;
pub use traits::ROUND_TRIP_FEATURE;

/// Every output decision of a run, for the APIs it was built from (in their order).
pub struct Plan {
    /// The name of every type at the crate root.
    pub roots: RootNames,
    /// Per API, its examples as [`examples::check`] found them: those that fit become the
    /// API's example tests.
    pub examples: Vec<Vec<FieldExample>>,
    /// Per API, the examples its OpenAPI document carries, each with the Rust type it
    /// documents and its verdict (empty for Markdown docs).
    pub spec_examples: Vec<Vec<spec_examples::Case>>,
    /// Per API, the path of each of its types from the crate root (`crate::api::Pet`).
    pub type_paths: Vec<Vec<String>>,
    /// Per API, where each type goes.
    pub(crate) trees: Vec<ApiTree>,
    /// Per API, how its types are written.
    pub(crate) apis: Vec<ApiPlan>,
    /// Per API, its client; `None` when it has no operations.
    pub(crate) clients: Vec<Option<client::ClientPlan>>,
    /// The spec's patterns, compiled once for the whole run.
    pub(crate) patterns: Patterns,
    /// The optional parts of the runtime the output uses (and the crates they need).
    pub runtime: runtime::RuntimeParts,
    /// The cargo features of the groups of operations, and when each type and operation is
    /// compiled.
    pub(crate) features: groups::Features,
}

/// The decisions about the types of one API.
pub(crate) struct ApiPlan {
    /// Struct fields and union variants `(type, field or variant index)` whose reference is
    /// boxed: to break a cycle, or because the type is large.
    pub(crate) boxed: BTreeSet<(TypeId, usize)>,
    /// Per type, whether its `Validate` impl checks anything.
    pub(crate) validates: Vec<bool>,
    /// Per type, which serde directions only the round-trip feature compiles.
    pub(crate) serde_gates: Vec<traits::SerdeGates>,
}

/// The name under which each type is re-exported at the root of the generated crate.
#[derive(Debug, Clone, Default)]
pub struct RootNames {
    /// `names[api][type]` is the root name of `apis[api].types[type]`.
    pub names: Vec<Vec<String>>,
}

impl RootNames {
    /// Root name of type `id` of API number `api`.
    pub fn get(&self, api: usize, id: TypeId) -> &str {
        &self.names[api][id.0 as usize]
    }
}

/// Plans the output for `apis`.
///
/// Root names: the first claimant (APIs in input order; within an API the root namespace, then
/// `components`, then the others by path, then by name) keeps its name, later ones get their
/// namespace and then their API prefixed. Each rename is reported as a note.
///
/// This is also where a run reports, as warnings, what it leaves out of the generated crate:
/// patterns that are not ECMA-262 regular expressions (not checked), and examples that do not
/// fit their types (not made into tests).
///
/// `spec_examples` holds, per API, the examples of its OpenAPI document (see
/// [`spec_examples`]); it may be shorter than `apis`.
pub fn build(
    sources: &SourceMap,
    apis: &[Api],
    spec_examples: Vec<Vec<SpecExample>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Plan {
    let patterns = Patterns::default();
    let examples: Vec<Vec<FieldExample>> = apis
        .iter()
        .map(|api| examples::check_with(api, &patterns))
        .collect();
    let trees = tree::build(apis);
    let roots = roots::assign(sources, apis, &trees, diagnostics);
    let mut spec_examples = spec_examples.into_iter();
    let mut cases = Vec::new();
    for ((api, examples), tree) in apis.iter().zip(&examples).zip(&trees) {
        diagnostics.extend(traits::unknown_type_settings(sources, api));
        diagnostics.extend(traits::unknown_closed_enums(sources, api));
        diagnostics.extend(traits::replacement_diagnostics(sources, api));
        diagnostics.extend(validation::pattern_diagnostics(sources, api, &patterns));
        diagnostics.extend(examples::diagnostics(sources, api, examples));
        let found = spec_examples.next().unwrap_or_default();
        let api_cases = spec_examples::cases(api, tree, &patterns, found);
        diagnostics.extend(spec_examples::diagnostics(sources, &api_cases));
        cases.push(api_cases);
    }
    let api_plans = apis
        .iter()
        .map(|api| {
            let cycles = cycle_references(api);
            let mut boxed = cycles.clone();
            boxed.extend(crate::model::size::large_references(api, &cycles));
            ApiPlan {
                boxed,
                validates: validation::validating_types(api, &patterns),
                serde_gates: traits::serde_gates(api),
            }
        })
        .collect();
    let clients = apis
        .iter()
        .zip(&trees)
        .map(|(api, tree)| {
            if api.operations.is_empty() {
                return None;
            }
            let model_names: BTreeSet<String> =
                tree.places.iter().map(|place| place.name.clone()).collect();
            let sizes = crate::model::size::sizes(api, &cycle_references(api));
            client::plan(api, &model_names, &sizes)
        })
        .collect();
    Plan {
        roots,
        examples,
        spec_examples: cases,
        type_paths: apis
            .iter()
            .zip(&trees)
            .map(|(api, tree)| spec_examples::type_paths(api, tree))
            .collect(),
        trees,
        apis: api_plans,
        clients,
        runtime: runtime::parts(apis, &patterns),
        patterns,
        features: groups::features(apis),
    }
}

impl Plan {
    /// The examples of API `api` as they were checked.
    pub(crate) fn examples_of(&self, api: usize) -> &[FieldExample] {
        self.examples.get(api).map_or(&[][..], Vec::as_slice)
    }
}
