//! Where each type goes: the module of every API and namespace, the file module of every type,
//! and the name each type has inside its namespace; plus relative paths between them. All
//! names are made unique within their scope with `UniqueNames`, visiting everything in sorted
//! order, so the layout depends only on the model.

use std::collections::{BTreeMap, BTreeSet};

use super::names as plan_names;
use crate::model::names::{self, UniqueNames};
use crate::model::{Api, TypeId};

/// The module layout of one API.
#[derive(Debug)]
pub(crate) struct ApiTree {
    /// Module name of the API at the root of the generated crate.
    pub(crate) module: String,
    /// The API's own module (the empty namespace) with its sub-namespaces.
    pub(crate) root: Namespace,
    /// Where each type is, indexed by [`TypeId`].
    pub(crate) places: Vec<Place>,
    /// Name of the module (and file) in the API's module that holds the example tests.
    pub(crate) examples_module: String,
    /// Name of the module (and file) in the API's module that holds the client of its
    /// operations; `None` when the API has no operations.
    pub(crate) client_module: Option<String>,
}

/// A namespace module.
#[derive(Debug)]
pub(crate) struct Namespace {
    /// Namespace path as the model spells it (`["components"]`).
    pub(crate) segments: Vec<String>,
    /// Module names from the API module down (`["components"]`); empty for the API module.
    pub(crate) modules: Vec<String>,
    /// Sub-namespaces, sorted by module name.
    pub(crate) children: Vec<Namespace>,
    /// Types declared directly in this namespace, sorted by name.
    pub(crate) types: Vec<TypeId>,
}

/// Where one type is declared.
#[derive(Debug, Clone, Default)]
pub(crate) struct Place {
    /// Module names of its namespace, from the API module down.
    pub(crate) modules: Vec<String>,
    /// Name of the private module (and file) it is declared in.
    pub(crate) file: String,
    /// Its name inside the namespace; the model's `rust_name` unless two types of one
    /// namespace share that.
    pub(crate) name: String,
}

/// Names the generated files use for crates; a module of that name would make `use serde::...`
/// ambiguous in the module declaring it.
const CRATE_NAMES: &[&str] = &[
    "alloc",
    "base64",
    "chrono",
    "core",
    "serde",
    "serde_json",
    "std",
];

/// The runtime module at the crate root, beside the API modules.
pub(crate) const RUNTIME_MODULE: &str = "runtime";

/// The module of an API's example tests, beside its type files.
pub(crate) const EXAMPLES_MODULE: &str = "spec_examples";

/// The module of an API's client, beside its type files; also the crate root's module of the
/// client runtime.
pub(crate) const CLIENT_MODULE: &str = "client";

/// The crate root's file: an API module `lib` would have `src/lib.rs` and `src/lib/mod.rs`.
const CRATE_ROOT_MODULE: &str = "lib";

/// Lays out every API; API module names are unique in input order, never `runtime` or `lib`
/// (nor `client` when an API has operations),
/// and safe as folder names ([`names::file_module`]).
pub(crate) fn build(apis: &[Api]) -> Vec<ApiTree> {
    let mut modules = UniqueNames::default();
    modules.reserve(RUNTIME_MODULE);
    modules.reserve(CRATE_ROOT_MODULE);
    if apis.iter().any(|api| !api.operations.is_empty()) {
        modules.reserve(CLIENT_MODULE);
    }
    apis.iter()
        .map(|api| {
            let (module, _) = modules.claim_file_module(&names::snake_ident(&api.name));
            ApiTree::build(api, module)
        })
        .collect()
}

impl ApiTree {
    fn build(api: &Api, module: String) -> ApiTree {
        let mut paths: BTreeSet<Vec<String>> = BTreeSet::new();
        let mut by_namespace: BTreeMap<&[String], Vec<TypeId>> = BTreeMap::new();
        paths.insert(Vec::new());
        for (idx, ty) in api.types.iter().enumerate() {
            // A replaced type is not generated: it has no file and no namespace of its own.
            if crate::model::replace::is_replaced(api, TypeId(idx as u32)) {
                continue;
            }
            for len in 1..=ty.namespace.len() {
                paths.insert(ty.namespace[..len].to_vec());
            }
            by_namespace
                .entry(ty.namespace.as_slice())
                .or_default()
                .push(TypeId(idx as u32));
        }
        let mut places = vec![Place::default(); api.types.len()];
        let mut examples_module = String::new();
        let mut client_module = (!api.operations.is_empty()).then(String::new);
        let root = Namespace::build(
            api,
            &module,
            Vec::new(),
            Vec::new(),
            &paths,
            &by_namespace,
            &mut places,
            &mut examples_module,
            &mut client_module,
        );
        ApiTree {
            module,
            root,
            places,
            examples_module,
            client_module,
        }
    }

    /// The place of type `id`.
    pub(crate) fn place(&self, id: TypeId) -> &Place {
        &self.places[id.0 as usize]
    }

    /// `api::namespace::Name`, the path of type `id` from the crate root, for messages.
    pub(crate) fn display_path(&self, id: TypeId) -> String {
        let place = self.place(id);
        let mut segments = vec![self.module.as_str()];
        segments.extend(place.modules.iter().map(String::as_str));
        segments.push(&place.name);
        segments.join("::")
    }

    /// Every namespace module, parents before children, siblings in name order.
    pub(crate) fn namespaces(&self) -> Vec<&Namespace> {
        fn walk<'a>(ns: &'a Namespace, acc: &mut Vec<&'a Namespace>) {
            acc.push(ns);
            for child in &ns.children {
                walk(child, acc);
            }
        }
        let mut acc = Vec::new();
        walk(&self.root, &mut acc);
        acc
    }
}

impl Namespace {
    /// The namespace at `segments`; the API's own namespace (no segments) also names the
    /// examples module, in `examples_module`.
    #[allow(clippy::too_many_arguments)]
    fn build(
        api: &Api,
        api_module: &str,
        segments: Vec<String>,
        modules: Vec<String>,
        paths: &BTreeSet<Vec<String>>,
        by_namespace: &BTreeMap<&[String], Vec<TypeId>>,
        places: &mut [Place],
        examples_module: &mut String,
        client_module: &mut Option<String>,
    ) -> Namespace {
        // Sub-namespaces, in order of their spec names.
        let mut child_modules = UniqueNames::default();
        let mut children: Vec<Namespace> = paths
            .iter()
            .filter(|path| path.len() == segments.len() + 1 && path.starts_with(&segments))
            .map(|path| {
                let (module, _) =
                    child_modules.claim_file_module(&names::snake_ident(&path[segments.len()]));
                let mut child_path = modules.clone();
                child_path.push(module);
                Namespace::build(
                    api,
                    api_module,
                    path.clone(),
                    child_path,
                    paths,
                    by_namespace,
                    places,
                    &mut String::new(),
                    &mut None,
                )
            })
            .collect();
        children.sort_by(|a, b| a.modules.cmp(&b.modules));

        // Types: names unique in the namespace, then file modules unique in the directory,
        // where they share the module namespace with the sub-namespace modules. File modules
        // are never `mod` (the folder's own `mod.rs`), a Windows device name or overlong.
        let mut types = by_namespace
            .get(segments.as_slice())
            .cloned()
            .unwrap_or_default();
        types.sort_by_cached_key(|id| {
            (
                plan_names::cased_type_name(&api.casing, &api.get(*id).rust_name),
                *id,
            )
        });
        let mut type_names = UniqueNames::default();
        let mut files = UniqueNames::default();
        for child in &children {
            files.reserve(
                child
                    .modules
                    .last()
                    .expect("a child namespace has a module"),
            );
        }
        for name in CRATE_NAMES {
            files.reserve(name);
        }
        // A file module named like its parent module would trip clippy's `module_inception`.
        files.reserve(modules.last().map_or(api_module, String::as_str));
        if segments.is_empty() {
            *examples_module = files.claim(EXAMPLES_MODULE).0;
            if let Some(client) = client_module {
                *client = files.claim(CLIENT_MODULE).0;
            }
        }
        for &id in &types {
            let (name, _) = type_names.claim(&plan_names::cased_type_name(
                &api.casing,
                &api.get(id).rust_name,
            ));
            let (file, _) = files.claim_file_module(&names::snake_ident(&api.casing.snake(&name)));
            places[id.0 as usize] = Place {
                modules: modules.clone(),
                file,
                name,
            };
        }
        types.sort_by(|a, b| places[a.0 as usize].name.cmp(&places[b.0 as usize].name));
        Namespace {
            segments,
            modules,
            children,
            types,
        }
    }
}

/// The path from a file in namespace `from` (its module names) to the type at `to`:
/// `super::Name` within one namespace, else up to the common ancestor and down again.
pub(crate) fn relative_path(from: &[String], to: &Place) -> Vec<String> {
    let common = from
        .iter()
        .zip(&to.modules)
        .take_while(|(a, b)| a == b)
        .count();
    let mut res = vec!["super".to_string(); from.len() - common + 1];
    res.extend(to.modules[common..].iter().cloned());
    res.push(to.name.clone());
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(modules: &[&str], name: &str) -> Place {
        Place {
            modules: modules.iter().map(|m| m.to_string()).collect(),
            file: String::new(),
            name: name.into(),
        }
    }

    #[test]
    fn relative_paths_go_through_the_common_ancestor() {
        let ops = vec!["operations".to_string()];
        assert_eq!(
            relative_path(&ops, &place(&["operations"], "A")),
            ["super", "A"]
        );
        assert_eq!(
            relative_path(&ops, &place(&["components"], "B")),
            ["super", "super", "components", "B"]
        );
        assert_eq!(
            relative_path(&ops, &place(&[], "C")),
            ["super", "super", "C"]
        );
        assert_eq!(
            relative_path(&[], &place(&["components"], "D")),
            ["super", "components", "D"]
        );
        let deep = vec!["a".to_string(), "b".to_string()];
        assert_eq!(
            relative_path(&deep, &place(&["a", "c"], "E")),
            ["super", "super", "c", "E"]
        );
    }
}
