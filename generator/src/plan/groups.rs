//! Cargo features per group of the operations, so that a user of a large API compiles only
//! what the operations it calls need.
//!
//! - An operation's group is its first OpenAPI tag, or for Markdown docs the SDK resource whose
//!   docs list it ([`Operation::group`]); an operation without one is grouped by the first
//!   segment of its path that is neither a version (`v1`) nor a parameter (`/v1/charges/{id}`
//!   is in `charges`). Groups whose names spell the same feature are one group.
//! - Each group is a feature named in `snake_case` after it (prefixed with its API's module
//!   when more than one API of the crate has operations), unique in the crate and never one of
//!   the crate's own features (`full`, `default`, `client`, `round-trip`).
//! - A type is compiled when a group whose operations reach it is on: reached through
//!   parameters, request bodies and responses, then fields, variants, items and aliases, the
//!   same walk that decides serde directions ([`super::traits`]). A type reached by every
//!   group of the crate is not gated (whichever group is on needs it); one reached by no
//!   operation only under `full`. A type reached by more than [`MAX_LISTED`] groups (but not
//!   all) is gated by an internal feature that those groups enable, one per distinct set of
//!   groups: the `cfg` then names one feature instead of a long `any(...)` list on every item
//!   that needs it, and the manifest says once which groups share those types.
//! - `full` enables every group; the crate's default features are `["full"]`.
//! - An API without operations has no groups: its types are not gated at all, so a crate of
//!   such APIs has no group features and its output is what it was before groups existed.

use std::collections::BTreeMap;

use crate::model::operation::Operation;
use crate::model::{Api, Type};

use super::traits::reachable;

/// The feature that enables every group.
pub const FULL_FEATURE: &str = "full";

/// A type reached by more groups than this (but not by all) is gated by an internal shared
/// feature rather than an `any(...)` of the groups.
pub(crate) const MAX_LISTED: usize = 8;

/// The crate's own features, which no group may be named.
const RESERVED: &[&str] = &[
    "default",
    FULL_FEATURE,
    "client",
    "round-trip",
    "round_trip",
];

/// The group features of a generated crate.
#[derive(Debug, Default)]
pub(crate) struct Features {
    /// Every group, APIs in input order, each API's groups by feature name.
    pub(crate) groups: Vec<Group>,
    /// The internal features that several groups enable, each for the types they all reach.
    pub(crate) shared: Vec<Shared>,
    /// Per API, the gate of each operation and type.
    pub(crate) apis: Vec<ApiGates>,
}

/// One group: a cargo feature of its own.
#[derive(Debug)]
pub(crate) struct Group {
    /// The feature name (`payment_intents`).
    pub(crate) feature: String,
    /// Index of its API.
    pub(crate) api: usize,
    /// The group as the spec names it (the tag, the SDK resource, or `/segment`).
    pub(crate) label: String,
    /// How many operations it has.
    pub(crate) operations: usize,
    /// How many types its operations reach.
    pub(crate) types: usize,
}

/// An internal feature enabled by every group of a set.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The feature name (`_shared_1`).
    pub(crate) feature: String,
    /// The groups that enable it, as indices into [`Features::groups`].
    pub(crate) groups: Vec<usize>,
    /// How many types it gates.
    pub(crate) types: usize,
}

/// The gates of one API.
#[derive(Debug, Default)]
pub(crate) struct ApiGates {
    /// Per operation, its group (index into [`Features::groups`]); empty without operations.
    pub(crate) operations: Vec<usize>,
    /// Per type, when it is compiled.
    pub(crate) types: Vec<Gate>,
}

/// When an item is compiled.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Gate {
    /// Always.
    Always,
    /// Under `full` only: no operation reaches it.
    Full,
    /// When any of these groups (indices into [`Features::groups`], ascending) is on.
    Groups(Vec<usize>),
    /// Under this shared feature (index into [`Features::shared`]).
    Shared(usize),
}

impl Features {
    /// Whether the crate has group features at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The gate of type `idx` of API `api`.
    pub(crate) fn type_gate(&self, api: usize, idx: usize) -> &Gate {
        self.apis
            .get(api)
            .and_then(|gates| gates.types.get(idx))
            .unwrap_or(&Gate::Always)
    }

    /// The group of operation `idx` of API `api` (index into [`Features::groups`]), when the
    /// crate has groups.
    pub(crate) fn operation_group(&self, api: usize, idx: usize) -> Option<usize> {
        self.apis
            .get(api)
            .and_then(|gates| gates.operations.get(idx))
            .copied()
    }

    /// The gate of operation `idx` of API `api`: its group (not gated when it is the crate's
    /// only one).
    pub(crate) fn operation_gate(&self, api: usize, idx: usize) -> Gate {
        match self.operation_group(api, idx) {
            Some(group) => self.groups_gate([group]),
            None => Gate::Always,
        }
    }

    /// The gate of something needed when any of `groups` is on (the imports of a client).
    pub(crate) fn groups_gate(&self, groups: impl IntoIterator<Item = usize>) -> Gate {
        let mut groups: Vec<usize> = groups.into_iter().collect();
        groups.sort_unstable();
        groups.dedup();
        if self.is_empty() || groups.len() == self.groups.len() {
            Gate::Always
        } else if groups.is_empty() {
            Gate::Full
        } else {
            Gate::Groups(groups)
        }
    }

    /// The features a gate names, for a `cfg`: `None` when it is always on.
    pub(crate) fn cfg_features(&self, gate: &Gate) -> Option<Vec<&str>> {
        match gate {
            Gate::Always => None,
            Gate::Full => Some(vec![FULL_FEATURE]),
            Gate::Groups(groups) => Some(
                groups
                    .iter()
                    .map(|&group| self.groups[group].feature.as_str())
                    .collect(),
            ),
            Gate::Shared(idx) => Some(vec![self.shared[*idx].feature.as_str()]),
        }
    }
}

/// The group features of a crate of `apis`.
pub(crate) fn features(apis: &[Api]) -> Features {
    let with_operations = apis.iter().filter(|api| !api.operations.is_empty()).count();
    let mut features = Features::default();
    let mut taken: Vec<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    // Per API, each group's operations; then each group's types.
    let mut reached: Vec<Vec<bool>> = Vec::new();
    for (api_idx, api) in apis.iter().enumerate() {
        let mut gates = ApiGates::default();
        if api.operations.is_empty() {
            gates.types = vec![Gate::Always; api.types.len()];
            features.apis.push(gates);
            continue;
        }
        // Feature name to the group's label and operations, by name.
        let mut by_name: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for (op_idx, operation) in api.operations.iter().enumerate() {
            let label = group_label(operation);
            let mut name = crate::model::names::snake_case(&label);
            if name.is_empty() {
                name = "other".to_string();
            }
            if with_operations > 1 {
                name = format!("{}_{name}", crate::model::names::snake_case(&api.name));
            }
            let entry = by_name.entry(name).or_insert_with(|| (label, Vec::new()));
            entry.1.push(op_idx);
        }
        let mut op_groups = vec![0; api.operations.len()];
        for (name, (label, ops)) in by_name {
            let mut feature = name.clone();
            let mut n = 2;
            while taken.contains(&feature) {
                feature = if RESERVED.contains(&name.as_str()) && n == 2 {
                    format!("{name}_ops")
                } else {
                    format!("{name}_{n}")
                };
                n += 1;
            }
            taken.push(feature.clone());
            let group = features.groups.len();
            let mut roots: Vec<&Type> = Vec::new();
            for &op in &ops {
                op_groups[op] = group;
                roots.extend(operation_types(&api.operations[op]));
            }
            let seen = reachable(api, &roots);
            features.groups.push(Group {
                feature,
                api: api_idx,
                label,
                operations: ops.len(),
                types: seen.iter().filter(|&&it| it).count(),
            });
            reached.push(seen);
        }
        gates.operations = op_groups;
        features.apis.push(gates);
    }
    let total = features.groups.len();
    let mut shared: BTreeMap<Vec<usize>, usize> = BTreeMap::new();
    for (api_idx, api) in apis.iter().enumerate() {
        if api.operations.is_empty() {
            continue;
        }
        let types = (0..api.types.len())
            .map(|idx| {
                let groups: Vec<usize> = (0..total)
                    .filter(|&group| features.groups[group].api == api_idx && reached[group][idx])
                    .collect();
                if groups.is_empty() {
                    Gate::Full
                } else if groups.len() == total {
                    Gate::Always
                } else if groups.len() > MAX_LISTED {
                    let next = shared.len();
                    Gate::Shared(*shared.entry(groups).or_insert(next))
                } else {
                    Gate::Groups(groups)
                }
            })
            .collect();
        features.apis[api_idx].types = types;
    }
    // Shared features are numbered in the order of their sets, so their names do not depend
    // on the order types come in.
    let mut sets: Vec<(Vec<usize>, usize)> = shared.into_iter().collect();
    let renumber: BTreeMap<usize, usize> = sets
        .iter()
        .enumerate()
        .map(|(new, (_, old))| (*old, new))
        .collect();
    for gates in &mut features.apis {
        for gate in &mut gates.types {
            if let Gate::Shared(idx) = gate {
                *idx = renumber[idx];
            }
        }
    }
    let mut counts = vec![0; sets.len()];
    for gate in features.apis.iter().flat_map(|gates| &gates.types) {
        if let Gate::Shared(idx) = gate {
            counts[*idx] += 1;
        }
    }
    features.shared = sets
        .drain(..)
        .zip(counts)
        .enumerate()
        .map(|(idx, ((groups, _), types))| Shared {
            feature: format!("_shared_{}", idx + 1),
            groups,
            types,
        })
        .collect();
    features
}

/// The group an operation is in as the spec names it: its group (first tag, SDK resource),
/// else the first segment of its path that is not a version or a parameter, as `/segment`.
fn group_label(operation: &Operation) -> String {
    if let Some(group) = operation.group.as_deref().filter(|g| !g.trim().is_empty()) {
        return group.to_string();
    }
    let is_version = |segment: &str| {
        segment
            .strip_prefix(['v', 'V'])
            .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
    };
    operation
        .path
        .split('/')
        .find(|segment| !segment.is_empty() && !segment.contains('{') && !is_version(segment))
        .map_or_else(|| "root".to_string(), |segment| format!("/{segment}"))
}

/// The types an operation names: its parameters', request bodies' and responses'.
fn operation_types(operation: &Operation) -> impl Iterator<Item = &Type> {
    let params = operation.parameters.iter().map(|p| &p.field.ty);
    let request = operation
        .request
        .iter()
        .flat_map(|r| r.contents.iter().filter_map(|c| c.ty.as_ref()));
    let responses = operation
        .responses
        .iter()
        .flat_map(|r| r.contents.iter().filter_map(|c| c.ty.as_ref()));
    params.chain(request).chain(responses)
}

#[cfg(test)]
mod tests {
    use super::{Features, Gate, features};
    use crate::files::SourceFile;
    use crate::{ApiInput, Layout, Options};

    /// The features of an OpenAPI document whose paths are `paths` (YAML under `paths:`), with
    /// the schemas `Shared`, `Common`, `Own` and `Orphan`.
    fn of(paths: &str) -> (Features, Vec<String>) {
        let document = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n    \
             Shared: {{type: object, properties: {{c: {{$ref: '#/components/schemas/Common'}}}}}}\n    \
             Common: {{type: object, properties: {{a: {{type: string}}}}}}\n    \
             Own: {{type: object, properties: {{c: {{$ref: '#/components/schemas/Common'}}}}}}\n    \
             Orphan: {{type: object, properties: {{a: {{type: string}}}}}}\n"
        );
        let input = ApiInput {
            name: "t".into(),
            root: "specs/t".into(),
            openapi: vec![SourceFile::new("openapi.yaml", &document)],
            ..ApiInput::default()
        };
        let options = Options::new(Layout::Crate { name: "t".into() }, "test");
        let output = crate::generate(&[input], &options).expect("the document reads");
        let names = output.apis[0]
            .types
            .iter()
            .map(|t| t.name.clone())
            .collect();
        (features(&output.apis), names)
    }

    /// A `get` at `path`, tagged `tag` when given, answering `schema`.
    fn operation(path: &str, id: &str, tag: Option<&str>, schema: &str) -> String {
        let tags = tag
            .map(|t| format!("      tags: ['{t}']\n"))
            .unwrap_or_default();
        format!(
            "  {path}:\n    get:\n      operationId: {id}\n{tags}      responses:\n        '200':\n          \
             description: ok\n          content:\n            application/json:\n              schema: \
             {{$ref: '#/components/schemas/{schema}'}}\n"
        )
    }

    fn gate_of<'a>(features: &'a Features, names: &[String], name: &str) -> &'a Gate {
        let idx = names
            .iter()
            .position(|n| n == name)
            .expect("the type exists");
        features.type_gate(0, idx)
    }

    #[test]
    fn groups_are_tags_else_path_segments_with_unique_feature_names() {
        let paths = [
            operation("/v1/charges/{id}", "getCharge", None, "Own"),
            operation("/pets", "listPets", Some("Pet Store"), "Shared"),
            operation("/pets2", "listPets2", Some("pet_store"), "Shared"),
            operation("/clients", "listClients", Some("client"), "Shared"),
            operation("/{id}", "root", None, "Shared"),
        ]
        .concat();
        let (features, names) = of(&paths);
        let groups: Vec<(&str, &str, usize)> = features
            .groups
            .iter()
            .map(|g| (g.feature.as_str(), g.label.as_str(), g.operations))
            .collect();
        assert_eq!(
            groups,
            [
                ("charges", "/charges", 1),
                ("client_ops", "client", 1),
                ("pet_store", "Pet Store", 2),
                ("root", "root", 1),
            ]
        );
        // `Common` is reached by every group, `Shared` by three of four, `Orphan` by none.
        assert_eq!(*gate_of(&features, &names, "Common"), Gate::Always);
        assert_eq!(
            *gate_of(&features, &names, "Shared"),
            Gate::Groups(vec![1, 2, 3])
        );
        assert_eq!(*gate_of(&features, &names, "Own"), Gate::Groups(vec![0]));
        assert_eq!(*gate_of(&features, &names, "Orphan"), Gate::Full);
        assert_eq!(
            features.cfg_features(&Gate::Groups(vec![0, 2])),
            Some(vec!["charges", "pet_store"])
        );
    }

    #[test]
    fn types_many_groups_reach_share_an_internal_feature() {
        let mut paths: Vec<String> = (0..=super::MAX_LISTED)
            .map(|i| {
                operation(
                    &format!("/s{i}"),
                    &format!("s{i}"),
                    Some(&format!("g{i}")),
                    "Shared",
                )
            })
            .collect();
        paths.push(operation("/own", "own", Some("own"), "Own"));
        let (features, names) = of(&paths.concat());
        assert_eq!(features.shared.len(), 1);
        let shared = &features.shared[0];
        assert_eq!(
            (shared.feature.as_str(), shared.groups.len(), shared.types),
            ("_shared_1", super::MAX_LISTED + 1, 1)
        );
        assert_eq!(*gate_of(&features, &names, "Shared"), Gate::Shared(0));
        assert_eq!(*gate_of(&features, &names, "Common"), Gate::Always);
    }

    #[test]
    fn apis_without_operations_have_no_groups() {
        let (features, names) = of("  {}\n");
        assert!(features.is_empty());
        assert!(
            names
                .iter()
                .all(|name| *gate_of(&features, &names, name) == Gate::Always)
        );
    }
}
