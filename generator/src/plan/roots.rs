//! Root names: every type of every API is re-exported at the root of the generated crate, so
//! each needs a name that is unique there. The first claimant keeps its own name; later ones
//! are prefixed with their namespace, then with their API as well, then numbered.

use std::collections::BTreeMap;

use super::RootNames;
use super::names as plan_names;
use super::tree::{self, ApiTree};
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::files::SourceMap;
use crate::model::names::{self, UniqueNames};
use crate::model::{Api, TypeId};

/// Who holds a name at the crate root.
#[derive(Clone, Copy)]
enum Holder {
    /// The module of API number `.0`.
    Module(usize),
    /// Type `.1` of API number `.0`.
    Type(usize, TypeId),
    /// The runtime module of the generated crate.
    Runtime,
    /// An item of the runtime re-exported at the crate root (`Validate`).
    RuntimeItem,
}

/// The runtime items every generated crate re-exports at its root.
pub(crate) const RUNTIME_ITEMS: &[&str] = &["Validate", "ValidationErrors", "Violation"];

/// Root names of every type of every API, with a note per renamed type (and per API whose
/// module name had to change).
pub(crate) fn assign(
    sources: &SourceMap,
    apis: &[Api],
    trees: &[ApiTree],
    diagnostics: &mut Vec<Diagnostic>,
) -> RootNames {
    let mut unique = UniqueNames::default();
    let mut holders: BTreeMap<String, Holder> = BTreeMap::new();
    unique.reserve(tree::RUNTIME_MODULE);
    holders.insert(tree::RUNTIME_MODULE.to_string(), Holder::Runtime);
    for item in RUNTIME_ITEMS {
        unique.reserve(item);
        holders.insert(item.to_string(), Holder::RuntimeItem);
    }
    // API modules share the crate root's type namespace with the re-exported types.
    for (api_idx, (api, tree)) in apis.iter().zip(trees).enumerate() {
        unique.reserve(&tree.module);
        holders.insert(tree.module.clone(), Holder::Module(api_idx));
        if tree.module != names::snake_ident(&api.name) {
            let message = format!(
                "API `{}` is generated as module `{}`",
                api.name, tree.module
            );
            diagnostics.push(
                Diagnostic::unlocated(Severity::Note, Code::ModuleRenamed, message).with_hint(
                    "an API given earlier has the same module name, or the name is the generated \
                 crate's own (`runtime`, `lib`) or cannot be a folder name (`mod`, `con`, \
                 overlong); give the APIs distinct names",
                ),
            );
        }
    }
    let mut res: Vec<Vec<String>> = apis
        .iter()
        .map(|api| vec![String::new(); api.types.len()])
        .collect();
    for (api_idx, api) in apis.iter().enumerate() {
        for id in claim_order(api) {
            let ty = api.get(id);
            let wanted = plan_names::cased_type_name(&api.casing, &ty.rust_name);
            let mut candidates = vec![wanted.clone()];
            if let Some(last) = ty.namespace.last() {
                candidates.push(format!("{}{wanted}", names::pascal_ident(last)));
            }
            let namespace: String = ty
                .namespace
                .iter()
                .map(|segment| names::pascal_ident(segment))
                .collect();
            candidates.push(format!(
                "{}{namespace}{wanted}",
                names::pascal_ident(&api.name)
            ));
            let free = candidates
                .iter()
                .find(|candidate| !holders.contains_key(*candidate));
            let (name, _) = unique
                .claim(free.unwrap_or_else(|| candidates.last().expect("at least one candidate")));
            holders.insert(name.clone(), Holder::Type(api_idx, id));
            if name != wanted {
                let holder = holders.get(&wanted).copied();
                diagnostics.push(renamed(
                    sources,
                    apis,
                    trees,
                    (api_idx, id),
                    &wanted,
                    &name,
                    holder,
                ));
            }
            res[api_idx][id.0 as usize] = name;
        }
    }
    RootNames { names: res }
}

/// Types in claim order: the root namespace first, then `components`, then the other namespaces
/// in order of their paths; within a namespace, by name.
fn claim_order(api: &Api) -> Vec<TypeId> {
    // A replaced type is not generated, so it claims no name.
    let mut res: Vec<TypeId> = (0..api.types.len() as u32)
        .map(TypeId)
        .filter(|&id| !crate::model::replace::is_replaced(api, id))
        .collect();
    res.sort_by_cached_key(|&id| {
        let ty = api.get(id);
        let rank = match ty.namespace.as_slice() {
            [] => 0,
            [only] if only == "components" => 1,
            _ => 2,
        };
        (
            rank,
            ty.namespace.clone(),
            plan_names::cased_type_name(&api.casing, &ty.rust_name),
            id,
        )
    });
    res
}

fn renamed(
    sources: &SourceMap,
    apis: &[Api],
    trees: &[ApiTree],
    (api_idx, id): (usize, TypeId),
    wanted: &str,
    name: &str,
    holder: Option<Holder>,
) -> Diagnostic {
    let tree = &trees[api_idx];
    let place = tree.place(id);
    let mut module = vec![tree.module.as_str()];
    module.extend(place.modules.iter().map(String::as_str));
    let module = module.join("::");
    let message = format!("`{wanted}` of `{module}` is re-exported at the crate root as `{name}`");
    let diagnostic = Diagnostic::at(
        Severity::Note,
        sources,
        apis[api_idx].get(id).span,
        Code::RootRenamed,
        message,
    );
    match holder {
        Some(Holder::Type(holder_api, holder_id)) => {
            let holder_path = trees[holder_api].display_path(holder_id);
            diagnostic
                .with_hint(format!(
                    "`{holder_path}` has the name `{wanted}` at the crate root; this type is also `{module}::{}`",
                    place.name
                ))
                .with_related(sources, apis[holder_api].get(holder_id).span, format!("`{holder_path}` is declared here"))
        }
        Some(Holder::Runtime) => diagnostic.with_hint(format!(
            "the runtime module of the generated crate has the name `{wanted}` at the crate root; \
             this type is also `{module}::{}`",
            place.name
        )),
        Some(Holder::RuntimeItem) => diagnostic.with_hint(format!(
            "the crate root re-exports the runtime's `{wanted}`; this type is also `{module}::{}`",
            place.name
        )),
        Some(Holder::Module(holder_api)) => diagnostic.with_hint(format!(
            "the module of the `{}` API has the name `{wanted}` at the crate root; this type is also `{module}::{}`",
            trees[holder_api].module, place.name
        )),
        None => diagnostic,
    }
}
