//! `allOf` flattening: a schema and its members as layers (members first, each schema once,
//! flattened once and kept, with its own stack), cycles reported once, and reading keywords and
//! properties across the layers.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::diagnostics::{Code, Severity};
use crate::openapi::Loc;
use crate::openapi::tree::Node;

use super::Lowerer;
use super::nullable::non_null_members;

/// One schema of an `allOf` merge: the schema's own keys, or a member's.
pub(super) type Layer<'a> = (Loc, &'a Node);

/// A schema being flattened: its own place, the places of its parts (see
/// [`Lowerer::frame`]), and how many of them are done.
struct Frame<'a> {
    loc: Loc,
    node: &'a Node,
    parts: Vec<Layer<'a>>,
    next: usize,
}

/// Keys of which every layer counts (merged over the layers, or looked for in each); of any
/// other key only the last layer that has it counts.
const MERGED_KEYS: &[&str] = &[
    "properties",
    "required",
    "oneOf",
    "anyOf",
    "not",
    "if",
    "$dynamicRef",
    "prefixItems",
];

/// `layers` with each place once (where it first comes) and without the layers whose keys
/// all come again later, as none of them counts (see [`MERGED_KEYS`]).
fn compact_layers(layers: Vec<Layer<'_>>) -> Vec<Layer<'_>> {
    let mut places = HashSet::new();
    let first: Vec<bool> = layers.iter().map(|(loc, _)| places.insert(loc)).collect();
    let mut keys: HashSet<&str> = HashSet::new();
    let mut keep = vec![false; layers.len()];
    for (idx, (_, node)) in layers.iter().enumerate().rev() {
        if !first[idx] {
            continue;
        }
        for (key, _) in node.entries() {
            if keys.insert(key.as_str()) || MERGED_KEYS.contains(&key.as_str()) {
                keep[idx] = true;
            }
        }
    }
    layers
        .into_iter()
        .zip(keep)
        .filter_map(|(layer, keep)| keep.then_some(layer))
        .collect()
}

/// A property of an object schema (merged over `allOf`).
#[derive(Clone)]
pub(super) struct Prop<'a> {
    pub(super) name: String,
    pub(super) loc: Loc,
    pub(super) node: &'a Node,
    pub(super) required: bool,
}

impl<'a> Lowerer<'a> {
    /// The schema and the members of its `allOf` (and of a `oneOf`/`anyOf` with a single
    /// member besides `null`), refs followed, members before the schemas that include them.
    /// A schema included twice (`allOf: [A, A]`, or through two members) counts once, and a
    /// layer whose keys all appear again in a later layer is left out (the later one wins
    /// them), so the layers stay as few as the keys that matter. `None` after reporting a
    /// cycle.
    ///
    /// Each schema is flattened once and kept: flattening a schema costs its own members
    /// plus the (already short) layers of each, however often it is included, and the walk
    /// keeps its own stack, so a long chain of `allOf`s does not deepen the call stack.
    pub(super) fn layers(&mut self, loc: &Loc, node: &'a Node) -> Option<Vec<Layer<'a>>> {
        self.flat_layers(loc, node).map(|layers| layers.to_vec())
    }

    fn flat_layers(&mut self, loc: &Loc, node: &'a Node) -> Option<Rc<[Layer<'a>]>> {
        if let Some(done) = self.flat.get(loc) {
            return done.clone();
        }
        if !node.is_object() {
            return Some(Rc::from(Vec::new()));
        }
        let mut stack = vec![self.frame(loc, node)];
        let mut on_stack: HashMap<Loc, usize> = HashMap::from([(loc.clone(), 0)]);
        while let Some(top) = stack.last_mut() {
            if let Some((part_loc, part)) = top.parts.get(top.next).cloned() {
                top.next += 1;
                if self.flat.contains_key(&part_loc) {
                    continue;
                }
                if let Some(&start) = on_stack.get(&part_loc) {
                    let path: Vec<Loc> = stack[start..].iter().map(|f| f.loc.clone()).collect();
                    self.report_all_of_cycle(&path, &part_loc);
                    // The schema that closes the cycle fails, and with it every schema on the
                    // way there.
                    self.flat.insert(part_loc, None);
                    continue;
                }
                if !part.is_object() {
                    self.flat.insert(part_loc, Some(Rc::from(Vec::new())));
                    continue;
                }
                on_stack.insert(part_loc.clone(), stack.len());
                let frame = self.frame(&part_loc, part);
                stack.push(frame);
                continue;
            }
            let Some(Frame {
                loc, node, parts, ..
            }) = stack.pop()
            else {
                break;
            };
            on_stack.remove(&loc);
            let mut merged: Vec<Layer<'a>> = Vec::new();
            let mut ok = true;
            for (part_loc, _) in &parts {
                match self.flat.get(part_loc) {
                    Some(Some(layers)) => merged.extend(layers.iter().cloned()),
                    // A cycle failed here, or the part is the schema itself (`$ref` to itself).
                    _ => ok = false,
                }
            }
            let res = ok.then(|| {
                merged.push((loc.clone(), node));
                Rc::from(compact_layers(merged))
            });
            // A part whose cycle was reported is failed already; the place that closed the
            // cycle may still be this one, which is kept failed.
            if self.flat.get(&loc) != Some(&None) {
                self.flat.insert(loc, res);
            }
        }
        self.flat.get(loc).cloned().flatten()
    }

    /// A schema waiting to be flattened: its `$ref` target, then its `allOf` members, then
    /// the single member of a `oneOf`/`anyOf`.
    fn frame(&mut self, loc: &Loc, node: &'a Node) -> Frame<'a> {
        let mut parts = Vec::new();
        if let Some(reference) = node.str("$ref")
            && let Some(target) = self.follow(loc, reference)
            && let Some(target_node) = self.node(&target)
        {
            parts.push((target, target_node));
        }
        parts.extend(
            node.get("allOf")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(idx, m)| (loc.child2("allOf", &idx.to_string()), m)),
        );
        for key in ["oneOf", "anyOf"] {
            let single = non_null_members(&self.null_refs, loc, node, key);
            if single.len() == 1 {
                parts.extend(single);
            }
        }
        Frame {
            loc: loc.clone(),
            node,
            parts,
            next: 0,
        }
    }

    /// Reports the `allOf` cycle `path` (the schemas being flattened, outermost first) closed
    /// by including `again`: once per cycle, however many of its schemas are read.
    fn report_all_of_cycle(&mut self, path: &[Loc], again: &Loc) {
        // The schemas on the cycle, without the `allOf/<n>` places between them.
        let on_cycle: Vec<&Loc> = path.iter().filter(|l| !is_member_position(l)).collect();
        let mut key: Vec<&Loc> = on_cycle.clone();
        key.sort();
        let first = key.first().map_or_else(|| again.clone(), |l| (*l).clone());
        let mut shown: Vec<String> = on_cycle
            .iter()
            .map(|l| format!("`{}`", self.docs.display(l)))
            .collect();
        shown.push(format!("`{}`", self.docs.display(again)));
        let message = format!("`allOf` includes itself: {}", shown.join(" → "));
        self.diagnose(
            Severity::Error,
            &first,
            Code::AllOfCycle,
            message,
            "a schema cannot be a member of its own `allOf`; break the cycle with a property",
        );
    }
}

/// Whether a place is a member position (`.../allOf/0`) rather than a schema of its own.
fn is_member_position(loc: &Loc) -> bool {
    let mut segments = loc.pointer.rsplit('/');
    let last = segments.next().unwrap_or("");
    let parent = segments.next().unwrap_or("");
    last.parse::<usize>().is_ok() && matches!(parent, "allOf" | "oneOf" | "anyOf")
}

/// The value of `key` in the last layer that has it (the including schema overrides its
/// `allOf` members), with its place.
pub(super) fn keyword<'a>(layers: &[Layer<'a>], key: &str) -> Option<(Loc, &'a Node)> {
    layers
        .iter()
        .rev()
        .find_map(|(loc, node)| node.get(key).map(|value| (loc.child(key), value)))
}

/// The value of `key` in the last layer that has it, without its place.
pub(super) fn value<'a>(layers: &[Layer<'a>], key: &str) -> Option<&'a Node> {
    layers.iter().rev().find_map(|(_, node)| node.get(key))
}

/// The declared types besides `"null"`.
pub(super) fn declared_types(layers: &[Layer<'_>]) -> Vec<String> {
    match value(layers, "type") {
        Some(Node::String(t)) if t != "null" => vec![t.clone()],
        Some(Node::String(_)) => vec!["null".to_string()],
        Some(Node::Array(ts)) => {
            let res: Vec<String> = ts
                .iter()
                .filter_map(Node::as_str)
                .filter(|t| *t != "null")
                .map(str::to_string)
                .collect();
            if res.is_empty() && !ts.is_empty() {
                vec!["null".to_string()]
            } else {
                res
            }
        }
        _ => Vec::new(),
    }
}

/// The properties of all layers in order (a property defined again keeps its first place and
/// takes the later schema), with `required` from all of them.
pub(super) fn properties<'a>(layers: &[Layer<'a>]) -> Vec<Prop<'a>> {
    let all: Vec<Prop<'a>> = layers
        .iter()
        .flat_map(|(loc, node)| {
            node.get("properties")
                .map(Node::entries)
                .unwrap_or_default()
                .iter()
                .map(|(name, schema)| Prop {
                    name: name.clone(),
                    loc: loc.child2("properties", name),
                    node: schema,
                    required: false,
                })
        })
        .collect();
    let mut props = Vec::new();
    merge_props(&mut props, all);
    let required: HashSet<&str> = layers
        .iter()
        .flat_map(|(_, node)| node.get("required").map(Node::items).unwrap_or_default())
        .filter_map(Node::as_str)
        .collect();
    for prop in &mut props {
        prop.required |= required.contains(prop.name.as_str());
    }
    props
}

pub(super) fn merge_props<'a>(props: &mut Vec<Prop<'a>>, more: Vec<Prop<'a>>) {
    // Found by name through an index, so merging many layers costs their properties once.
    let mut at: HashMap<String, usize> = props
        .iter()
        .enumerate()
        .map(|(idx, p)| (p.name.clone(), idx))
        .collect();
    for prop in more {
        match at.get(&prop.name) {
            Some(&idx) => {
                let existing = &mut props[idx];
                let required = existing.required || prop.required;
                *existing = prop;
                existing.required = required;
            }
            None => {
                at.insert(prop.name.clone(), props.len());
                props.push(prop);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{document, fields, read};
    use crate::diagnostics::{Code, Diagnostic};
    use crate::model::TypeKind;

    #[test]
    fn all_of_diamonds_are_flattened_once_per_schema() {
        // `A_i` includes `A_(i-1)` twice: flattened anew at each use, `A40` has 2^40 layers.
        let n = 40;
        let mut schemas = String::from("    A0:\n      properties: {p0: {type: string}}\n");
        for i in 1..=n {
            let prev = i - 1;
            schemas.push_str(&format!(
                "    A{i}:\n      allOf:\n        - $ref: '#/components/schemas/A{prev}'\n        - $ref: '#/components/schemas/A{prev}'\n        - properties: {{p{i}: {{type: string}}}}\n          required: [p{i}]\n"
            ));
        }
        let (api, diagnostics) = read(document(&schemas));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let api = api.expect("the document reads");
        let want: Vec<(String, bool)> = (0..=n).map(|i| (format!("p{i}"), false)).collect();
        assert_eq!(fields(&api, &format!("A{n}")), want);
        let ty = api.types.iter().find(|t| t.name == "A40").unwrap();
        let TypeKind::Struct(it) = &ty.kind else {
            unreachable!()
        };
        // `required` of every layer counts, though a layer's other keys may be left out.
        assert_eq!(it.fields.iter().filter(|f| f.required).count(), n);
    }

    #[test]
    fn long_chains_of_refs_do_not_deepen_the_stack() {
        // Two chains, listed from the outermost schema, so that reading the first follows
        // the whole chain: of wrappers (`allOf` with a single member), with a `null` at the
        // end that makes every one nullable; and of schemas with a base (`allOf` beside a
        // keyword of their own), flattened into one struct each.
        let n = 2000;
        let mut schemas = String::new();
        for i in (1..=n).rev() {
            let prev = i - 1;
            schemas.push_str(&format!(
                "    W{i}:\n      description: Link {i}.\n      allOf:\n        - $ref: '#/components/schemas/W{prev}'\n"
            ));
            schemas.push_str(&format!(
                "    B{i}:\n      minProperties: 1\n      allOf:\n        - $ref: '#/components/schemas/B{prev}'\n"
            ));
        }
        schemas.push_str("    W0:\n      nullable: true\n      properties: {w: {type: string}}\n");
        schemas.push_str("    B0:\n      properties: {b: {type: string}}\n");
        schemas.push_str(&format!(
            "    Holder:\n      properties:\n        last: {{$ref: '#/components/schemas/W{n}'}}\n"
        ));
        let (api, diagnostics) = read(document(&schemas));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let api = api.expect("the document reads");
        assert_eq!(fields(&api, "Holder"), [("last".to_string(), true)]);
        assert_eq!(fields(&api, &format!("B{n}")), [("b".to_string(), false)]);
    }

    #[test]
    fn all_of_cycles_are_still_reported_once() {
        let schemas = "    A:\n      allOf: [{$ref: '#/components/schemas/B'}, {properties: {a: {type: string}}}]\n    B:\n      allOf: [{$ref: '#/components/schemas/A'}, {properties: {b: {type: string}}}]\n    C:\n      allOf: [{$ref: '#/components/schemas/A'}, {properties: {c: {type: string}}}]\n";
        let (api, diagnostics) = read(document(schemas));
        assert!(api.is_none());
        let cycles: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.code == Code::AllOfCycle)
            .collect();
        assert_eq!(cycles.len(), 1, "{diagnostics:?}");
    }
}
