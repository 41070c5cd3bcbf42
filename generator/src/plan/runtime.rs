//! Which optional parts of the runtime the generated code uses, and so which crates a
//! standalone crate depends on: dates and date-times (`chrono`), binary content (`base64`) and
//! `pattern` rules (`regress`, `regex`, `fancy-regex`). The runtime's core (validation,
//! `Nullable`, untagged unions) needs only `serde` and `serde_json`; a crate whose types use
//! none of the three gets none of their modules and none of their crates, as progenitor's
//! output depends on chrono or uuid only when a type needs them.

use crate::model::rules::{Patterns, effective, field_rules, variant_rules};
use crate::model::{Api, Constraints, Type, TypeKind};

/// The optional parts of the runtime a run's output uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuntimeParts {
    /// A date or date-time field, parameter or body (`runtime/dates.rs`, chrono).
    pub dates: bool,
    /// A date or date-time under `rust.date_time: time` (`runtime/time_rfc3339.rs`, time).
    pub time: bool,
    /// A binary field, parameter or body (`runtime/bytes.rs`, base64).
    pub bytes: bool,
    /// A `pattern` rule that generated code checks (`runtime/patterns.rs` and
    /// `runtime/pattern_syntax.rs`: regress, regex and fancy-regex).
    pub patterns: bool,
}

/// The parts of the runtime that the code generated for `apis` uses.
pub(crate) fn parts(apis: &[Api], patterns: &Patterns) -> RuntimeParts {
    let mut res = RuntimeParts::default();
    for api in apis {
        let mut types: Vec<&Type> = Vec::new();
        for ty in &api.types {
            match &ty.kind {
                TypeKind::Struct(it) => {
                    for field in &it.fields {
                        types.push(&field.ty);
                        res.patterns |= has_pattern(&field_rules(api, field, patterns));
                    }
                    if let Some(additional) = &it.additional {
                        types.push(&additional.ty);
                        res.patterns |= has_pattern(&effective(
                            api,
                            &additional.ty,
                            &additional.constraints,
                            patterns,
                        ));
                    }
                    for branch in it.alternatives.iter().flat_map(|it| &it.branches) {
                        for (wire, rules) in &branch.rules {
                            let field = it.fields.iter().find(|field| &field.wire_name == wire);
                            if let Some(field) = field {
                                res.patterns |=
                                    has_pattern(&effective(api, &field.ty, rules, patterns));
                            }
                        }
                    }
                }
                TypeKind::Union(it) => {
                    for variant in &it.variants {
                        types.push(&variant.ty);
                        res.patterns |= has_pattern(&variant_rules(api, variant, patterns));
                    }
                }
                TypeKind::Alias(target) => types.push(target),
                TypeKind::Enum(_) | TypeKind::FreeForm => {}
            }
        }
        for operation in &api.operations {
            types.extend(operation.parameters.iter().map(|it| &it.field.ty));
            let bodies = operation.request.iter().flat_map(|it| &it.contents);
            let responses = operation.responses.iter().flat_map(|it| &it.contents);
            types.extend(bodies.chain(responses).filter_map(|it| it.ty.as_ref()));
        }
        let dates = Dates {
            chrono: crate::model::dates::uses_chrono(api),
            time: crate::model::dates::uses_time(api),
        };
        for ty in types {
            scalars(ty, dates, &mut res);
        }
        // A schema replaced by a type of one of these crates (`chrono::NaiveTime`) needs the
        // crate: the part that brings it in is kept.
        for it in api
            .rust
            .replace
            .values()
            .filter(|it| it.dependency.is_none())
        {
            match it.path.trim_start_matches("::").split("::").next() {
                Some("chrono") => res.dates = true,
                Some("base64") => res.bytes = true,
                Some("regress" | "regex" | "fancy_regex") => res.patterns = true,
                _ => {}
            }
        }
    }
    res
}

/// The runtime parts an API's dates and date-times need.
#[derive(Clone, Copy)]
struct Dates {
    /// chrono's, or compared with chrono in example tests (every choice but `string`).
    chrono: bool,
    /// The runtime's newtypes over the `time` crate.
    time: bool,
}

/// Marks the dates and binary content `ty` holds (not through references: every named type
/// is looked at on its own).
fn scalars(ty: &Type, dates: Dates, parts: &mut RuntimeParts) {
    match ty {
        Type::Date | Type::DateTime => {
            parts.dates |= dates.chrono;
            parts.time |= dates.time;
        }
        Type::Binary => parts.bytes = true,
        Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => {
            scalars(inner, dates, parts)
        }
        _ => {}
    }
}

/// Whether checked rules hold a pattern, for the value or its items at any depth.
fn has_pattern(rules: &Constraints) -> bool {
    rules.pattern.is_some() || rules.items.as_deref().is_some_and(has_pattern)
}
