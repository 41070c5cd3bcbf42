//! Required fields that hold one string only (`enum: [passkey]` or `const: passkey` on a
//! property) as zero-size types, where reading them back is not at stake: a one-variant enum
//! `enum PasskeyStrategy { Passkey }`, derived like every closed string enum, so it writes
//! its value, reads that value only, and needs no constructor argument.
//!
//! Why a one-variant enum rather than a unit struct with hand-written serde impls: serde's
//! derive already reads exactly the listed value and rejects any other, it is what a closed
//! enum of this project is anyway (`ALL`, `as_str`, `Display`, `FromStr` included), it takes
//! no byte, and it reads like hand-written Rust.
//!
//! Where: the fields of types that are only sent (reached from request bodies and parameters,
//! never from a response), and every such field under `closed_enums: true`. A named enum of
//! one string value that only requests reach, opened by default (see
//! [`crate::model::enums`]), is closed likewise, so it is that zero-size enum too. A type read from
//! responses keeps a `String` that its constructor fills in and `validate()` checks: a
//! server that sends another value must still be read without loss, as every enum the config
//! does not close is. Runs after the docs are compared with the spec (they have no such
//! types) and before planning, which sees the enums as any other.

use std::collections::BTreeSet;

use crate::model::names;
use crate::model::{Api, Enum, EnumRepr, EnumValue, Type, TypeDef, TypeId, TypeKind};

/// Gives every literal field of `apis` that may be one (see the module docs) a one-variant
/// enum of its own, named after its type and field (`PasskeyStrategy`).
pub fn make_literal_types(apis: &mut [Api]) {
    for api in apis {
        literal_types(api);
    }
}

fn literal_types(api: &mut Api) {
    let gates = super::traits::serde_gates(api);
    let closed_all = api.rust.closed_all_enums;
    let mut taken: BTreeSet<String> = api.types.iter().map(|def| def.name.clone()).collect();
    for (idx, def) in api.types.iter_mut().enumerate() {
        let sent_only = gates.get(idx).is_some_and(|gates| gates.deserialize);
        if let TypeKind::Enum(it) = &mut def.kind
            && sent_only
            && it.open
            && it.strict
            && it.repr == EnumRepr::String
            && it.values.len() == 1
        {
            it.open = false;
            it.strict = false;
        }
    }
    let first_new = api.types.len();
    let mut new_types: Vec<TypeDef> = Vec::new();
    for (idx, owner) in api.types.iter_mut().enumerate() {
        let sent_only = gates.get(idx).is_some_and(|gates| gates.deserialize);
        if !(sent_only || closed_all) {
            continue;
        }
        let TypeKind::Struct(it) = &mut owner.kind else {
            continue;
        };
        for field in &mut it.fields {
            let value = match field.constraints.allowed.as_slice() {
                [serde_json::Value::String(value)] => value.clone(),
                _ => continue,
            };
            if field.ty != Type::String || !field.required || field.nullable {
                continue;
            }
            let wanted = format!("{}{}", owner.name, names::pascal_ident(&field.wire_name));
            let mut name = wanted.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{wanted}{n}");
                n += 1;
            }
            let id = TypeId((first_new + new_types.len()) as u32);
            new_types.push(TypeDef {
                // Cut like every made-up name (the model keeps it whole).
                rust_name: names::shorten(&names::type_ident(&name), names::MAX_MADE_UP_NAME_LEN),
                name,
                namespace: owner.namespace.clone(),
                description: Some(format!(
                    "The one value of `{}` in `{}`: `{value}`.",
                    field.wire_name, owner.name
                )),
                deprecated: None,
                kind: TypeKind::Enum(Enum {
                    repr: EnumRepr::String,
                    open: false,
                    strict: false,
                    values: vec![EnumValue {
                        sdk_name: value.clone(),
                        rust_name: names::pascal_ident(&value),
                        wire_value: value,
                        description: None,
                        span: field.span,
                    }],
                }),
                span: field.span,
            });
            field.ty = Type::Ref(id);
            field.constraints.allowed.clear();
        }
    }
    api.types.extend(new_types);
}
