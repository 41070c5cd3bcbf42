//! Model to Rust: one file per named type, a `mod.rs` per namespace, and a root module that
//! re-exports every type under its own name. Tokens are built with `quote` and printed with
//! `prettyplease`, so output is deterministic and needs no external formatter.

use crate::diagnostics::Diagnostic;
use crate::files::SourceMap;
use crate::model::{Api, TypeId};
use crate::Options;

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
    /// `generated` crate): the root module is `<dir>/mod.rs`.
    Module {
        /// Directory of the root module relative to the output directory (`src/apis`).
        dir: String,
    },
    /// A standalone crate: `Cargo.toml`, `src/lib.rs` as the root module, and the API modules.
    Crate {
        /// Package name of the crate.
        name: String,
    },
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

/// Chooses root names for every type of every API.
pub fn assign_root_names(_sources: &SourceMap, _apis: &[Api], _diagnostics: &mut Vec<Diagnostic>) -> RootNames {
    todo!("emit::assign_root_names")
}

/// Emits all files for `apis`.
pub fn emit(_sources: &SourceMap, _apis: &[Api], _roots: &RootNames, _options: &Options) -> Vec<GeneratedFile> {
    todo!("emit::emit")
}
