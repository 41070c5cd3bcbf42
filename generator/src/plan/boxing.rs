//! Boxing: the struct fields and union variants whose reference is boxed, so that no type
//! contains itself and every type stays small.

use std::collections::BTreeSet;

use crate::model::wire::resolve_alias;
use crate::model::{Api, Type, TypeId, TypeKind};

/// Fields and union variants whose reference closes a cycle of direct containment (through
/// fields or variants not inside a `Vec` or map), which would make the type infinitely large.
/// References through aliases count as references to the aliased type. A depth-first search in
/// type order marks every edge back to a type still on the stack, so the choice is
/// deterministic and every cycle gets exactly one box.
pub fn cycle_references(api: &Api) -> BTreeSet<(TypeId, usize)> {
    fn edges(api: &Api, id: TypeId) -> Vec<(usize, TypeId)> {
        let direct = |(idx, ty): (usize, &Type)| match ty {
            Type::Ref(target) => resolve_alias(api, *target).map(|target| (idx, target)),
            _ => None,
        };
        match &api.get(id).kind {
            TypeKind::Struct(it) => it
                .fields
                .iter()
                .map(|field| &field.ty)
                .enumerate()
                .filter_map(direct)
                .collect(),
            TypeKind::Union(it) => it
                .variants
                .iter()
                .map(|variant| &variant.ty)
                .enumerate()
                .filter_map(direct)
                .collect(),
            _ => Vec::new(),
        }
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    // Iterative, with a stack of (type, its edges, next edge): a chain of types can be longer
    // than the thread's stack is deep.
    fn visit(api: &Api, root: TypeId, marks: &mut [Mark], acc: &mut BTreeSet<(TypeId, usize)>) {
        marks[root.0 as usize] = Mark::OnStack;
        let mut stack = vec![(root, edges(api, root), 0)];
        while let Some((id, edges_of_id, next)) = stack.last_mut() {
            let id = *id;
            let Some(&(idx, target)) = edges_of_id.get(*next) else {
                marks[id.0 as usize] = Mark::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            match marks[target.0 as usize] {
                Mark::OnStack => {
                    acc.insert((id, idx));
                }
                Mark::New => {
                    marks[target.0 as usize] = Mark::OnStack;
                    stack.push((target, edges(api, target), 0));
                }
                Mark::Done => {}
            }
        }
    }
    let mut marks = vec![Mark::New; api.types.len()];
    let mut acc = BTreeSet::new();
    for idx in 0..api.types.len() {
        if marks[idx] == Mark::New {
            visit(api, TypeId(idx as u32), &mut marks, &mut acc);
        }
    }
    acc
}

/// The fields and union variants whose reference is boxed: those that close a cycle of direct
/// containment, and those whose type is large (see [`crate::model::size`]).
pub fn boxed_references(api: &Api) -> BTreeSet<(TypeId, usize)> {
    let mut boxed = cycle_references(api);
    let large = crate::model::size::large_references(api, &boxed);
    boxed.extend(large);
    boxed
}
