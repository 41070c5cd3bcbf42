//! Estimated in-memory sizes of the generated types, and the references to box so that every
//! type stays small. A struct holds the structs of its fields inline and an enum its largest
//! variant, so without boxes a type of a large API (an expandable field that is a string or a
//! whole object, a union of several large objects) grows to megabytes and overflows the stack
//! of whoever deserializes it. A reference whose type is estimated above [`BOX_ABOVE_BYTES`]
//! is boxed, which bounds every struct by its number of fields and every union by a few words.
//!
//! Estimates assume a 64-bit target, and are generous where a size depends on the features
//! of a dependency (`serde_json::Value` with `preserve_order`).

use std::collections::BTreeSet;

use super::{Api, IntFormat, NumberFormat, Type, TypeId, TypeKind};

/// A struct field or union variant whose type is estimated larger than this is boxed.
pub const BOX_ABOVE_BYTES: u64 = 128;

/// The size every type stays within, boxing its large references: a union boxes its large
/// variants, a struct its largest references until it fits. A struct of many fields, all
/// small, may take [`FIELD_BYTES`] per field instead (see [`budget`]).
pub const BUDGET_BYTES: u64 = 1024;

/// The bytes a field of a wide struct may take: a string, a vector or a map (three words), any
/// JSON value (four), or a box behind one or two options. A struct of more than 32 fields
/// holding only such fields is larger than [`BUDGET_BYTES`] without holding anything large.
pub const FIELD_BYTES: u64 = 32;

/// The size budget of type `id` given the budget of a small type: `small`, or for a struct of
/// more than `small / FIELD_BYTES` fields, [`FIELD_BYTES`] per field. Independent of the size
/// estimate, so that the generated compile-time assertions check the estimate too.
pub fn budget(api: &Api, id: TypeId, small: u64) -> u64 {
    match &api.get(id).kind {
        TypeKind::Struct(it) => small.max(FIELD_BYTES.saturating_mul(it.fields.len() as u64)),
        _ => small,
    }
}

/// Bytes of a heap pointer (`Box<T>`).
const POINTER: u64 = 8;

/// Fields and union variants `(type, field or variant index)` to box because their type is
/// estimated larger than [`BOX_ABOVE_BYTES`], given the references `cycles` already boxed to
/// break cycles of direct containment (which the estimate does not follow).
pub fn large_references(
    api: &Api,
    cycles: &BTreeSet<(TypeId, usize)>,
) -> BTreeSet<(TypeId, usize)> {
    estimate(api, cycles).1
}

/// Estimated size of every type in bytes, by [`TypeId`], once the references of `cycles` and
/// those [`large_references`] picks are boxed.
pub fn sizes(api: &Api, cycles: &BTreeSet<(TypeId, usize)>) -> Vec<u64> {
    estimate(api, cycles).0
}

/// Estimated size of every type, without boxing anything for size: what the types were like
/// before the large references were boxed.
pub fn sizes_unboxed(api: &Api, cycles: &BTreeSet<(TypeId, usize)>) -> Vec<u64> {
    let mut sizer = Sizer::new(api, cycles, u64::MAX);
    sizer.run();
    sizer.sizes
}

fn estimate(
    api: &Api,
    cycles: &BTreeSet<(TypeId, usize)>,
) -> (Vec<u64>, BTreeSet<(TypeId, usize)>) {
    let mut sizer = Sizer::new(api, cycles, BOX_ABOVE_BYTES);
    sizer.run();
    (sizer.sizes, sizer.large)
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    New,
    OnStack,
    Done,
}

struct Sizer<'a> {
    api: &'a Api,
    cycles: &'a BTreeSet<(TypeId, usize)>,
    /// References to types larger than this are boxed.
    threshold: u64,
    /// A struct larger than this boxes more of its references.
    budget: u64,
    marks: Vec<Mark>,
    sizes: Vec<u64>,
    large: BTreeSet<(TypeId, usize)>,
}

impl<'a> Sizer<'a> {
    fn new(api: &'a Api, cycles: &'a BTreeSet<(TypeId, usize)>, threshold: u64) -> Self {
        let n = api.types.len();
        Sizer {
            api,
            cycles,
            threshold,
            budget: if threshold == u64::MAX {
                u64::MAX
            } else {
                BUDGET_BYTES
            },
            marks: vec![Mark::New; n],
            sizes: vec![0; n],
            large: BTreeSet::new(),
        }
    }

    /// Sizes every type, each after the types it holds inline. Iterative, with a stack of
    /// (type, its inline references, next reference): a chain of types can be longer than the
    /// thread's stack is deep.
    fn run(&mut self) {
        for root in 0..self.api.types.len() {
            if self.marks[root] != Mark::New {
                continue;
            }
            let root = TypeId(root as u32);
            self.marks[root.0 as usize] = Mark::OnStack;
            let mut stack = vec![(root, self.inline_refs(root), 0)];
            while let Some((id, refs, next)) = stack.last_mut() {
                let id = *id;
                let Some(&target) = refs.get(*next) else {
                    self.sizes[id.0 as usize] = self.own_size(id);
                    self.marks[id.0 as usize] = Mark::Done;
                    stack.pop();
                    continue;
                };
                *next += 1;
                if let Some(Mark::New) = self.marks.get(target.0 as usize) {
                    self.marks[target.0 as usize] = Mark::OnStack;
                    stack.push((target, self.inline_refs(target), 0));
                }
            }
        }
    }

    /// The named types `id` holds inline: references of its fields, variants or aliased type
    /// that are not boxed to break a cycle.
    fn inline_refs(&self, id: TypeId) -> Vec<TypeId> {
        let mut refs = Vec::new();
        for (idx, ty) in self.members(id).into_iter().enumerate() {
            if !self.cycles.contains(&(id, idx)) {
                collect_inline(ty, &mut refs);
            }
        }
        refs
    }

    fn members(&self, id: TypeId) -> Vec<&'a Type> {
        match &self.api.get(id).kind {
            TypeKind::Struct(it) => it.fields.iter().map(|field| &field.ty).collect(),
            TypeKind::Union(it) => it.variants.iter().map(|variant| &variant.ty).collect(),
            TypeKind::Alias(target) => vec![target],
            TypeKind::Enum(_) | TypeKind::FreeForm => Vec::new(),
        }
    }

    /// The size of `id` from the sizes of the types it holds, which are known; records the
    /// references it boxes.
    fn own_size(&mut self, id: TypeId) -> u64 {
        let word = |size: u64| size.div_ceil(8) * 8;
        match &self.api.get(id).kind {
            TypeKind::Struct(it) => {
                // A `serde_json::Map`, an `IndexMap` with `preserve_order`.
                let unknown_fields = u64::from(self.api.keep_unknown_fields) * 72;
                let mut total = unknown_fields;
                // Fields that could still be boxed: (bytes saved, index).
                let mut boxable = Vec::new();
                for (idx, field) in it.fields.iter().enumerate() {
                    let may_box = field.default.is_none();
                    let size = word(self.member_size(id, idx, &field.ty, may_box));
                    if may_box && size > POINTER && matches!(field.ty, Type::Ref(_)) {
                        boxable.push((size - POINTER, idx));
                    }
                    // An option's flag, and a second one for absent, `null` or a value.
                    let wrappers = u64::from(!field.required || field.nullable)
                        + u64::from(!field.required && field.nullable);
                    total = total.saturating_add(size + 8 * wrappers);
                }
                // A struct over the small budget boxes its largest references until it fits
                // (a wide struct may not, with all of them boxed; see `budget`).
                boxable.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                for (saved, idx) in boxable {
                    if total <= self.budget {
                        break;
                    }
                    self.large.insert((id, idx));
                    total -= saved;
                }
                total
            }
            TypeKind::Union(it) => {
                let mut largest = 0;
                for (idx, variant) in it.variants.iter().enumerate() {
                    largest = largest.max(word(self.member_size(id, idx, &variant.ty, true)));
                }
                // The tag; an empty union is any JSON value.
                if it.variants.is_empty() {
                    size_of_type(&Type::Any, &self.sizes)
                } else {
                    largest + 8
                }
            }
            // An open enum keeps a string; a closed one is a byte.
            TypeKind::Enum(it) => {
                if it.open {
                    32
                } else {
                    8
                }
            }
            TypeKind::FreeForm => size_of_type(&Type::Any, &self.sizes),
            TypeKind::Alias(target) => size_of_type(target, &self.sizes),
        }
    }

    /// The size of field or variant `idx` of `id`, boxed when it is a reference to a type
    /// larger than the threshold (and `may_box`).
    fn member_size(&mut self, id: TypeId, idx: usize, ty: &Type, may_box: bool) -> u64 {
        if self.cycles.contains(&(id, idx)) {
            return POINTER;
        }
        let size = size_of_type(ty, &self.sizes);
        if may_box && matches!(ty, Type::Ref(_)) && size > self.threshold {
            self.large.insert((id, idx));
            return POINTER;
        }
        size
    }
}

/// The named types a value of `ty` holds inline (not behind a `Vec` or a map).
fn collect_inline(ty: &Type, acc: &mut Vec<TypeId>) {
    match ty {
        Type::Ref(id) => acc.push(*id),
        Type::Nullable(inner) => collect_inline(inner, acc),
        _ => {}
    }
}

/// Bytes a value of `ty` takes, given the sizes of the named types (a type not sized yet, on
/// a cycle nothing boxes, counts as a pointer).
fn size_of_type(ty: &Type, sizes: &[u64]) -> u64 {
    match ty {
        Type::Boolean => 1,
        Type::Integer(IntFormat::Int32) | Type::Number(NumberFormat::Float) | Type::Date => 4,
        Type::Integer(_) | Type::Number(_) => 8,
        Type::DateTime => 16,
        // `String`, `Vec`, `BTreeMap` and `Base64` are three words.
        Type::String | Type::Binary | Type::Array(_) | Type::Map(_) => 24,
        Type::Any => 80,
        // The value and the option's flag, a word.
        Type::Nullable(inner) => size_of_type(inner, sizes).div_ceil(8) * 8 + 8,
        Type::Ref(id) => sizes.get(id.0 as usize).copied().unwrap_or(80).max(POINTER),
    }
}
