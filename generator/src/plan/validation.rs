//! Which types get a `Validate` impl that checks something, and the warnings about rules the
//! generated code cannot check: patterns that are not ECMA-262 regular expressions (left out)
//! and patterns that need backtracking (run within a step budget).

use crate::diagnostics::{Code, Diagnostic};
use crate::files::{SourceMap, Span};
use crate::model::rules::{Patterns, effective, field_rules, variant_rules};
use crate::model::{Api, Constraints, Struct, Type, TypeKind};
use crate::runtime;

/// For every type of `api`, whether its `Validate` impl checks anything: it has a field with
/// rules, or holds (through fields, variants, items or an alias) a type that does.
pub(crate) fn validating_types(api: &Api, patterns: &Patterns) -> Vec<bool> {
    fn refs(ty: &Type, acc: &mut Vec<usize>) {
        match ty {
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => refs(inner, acc),
            Type::Ref(id) => acc.push(id.0 as usize),
            _ => {}
        }
    }
    // The types with rules of their own, then everything that reaches one of them, found by
    // walking references backwards (one visit per reference, whatever the order of the types).
    let n = api.types.len();
    let mut validates = vec![false; n];
    let mut referrers: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut queue = Vec::new();
    let mut targets = Vec::new();
    for (idx, ty) in api.types.iter().enumerate() {
        targets.clear();
        // A replaced type is checked by its owner, if at all: nothing of it is validated here.
        if crate::model::replace::is_replaced(api, crate::model::TypeId(idx as u32)) {
            continue;
        }
        let own = match &ty.kind {
            TypeKind::Struct(it) => {
                it.fields
                    .iter()
                    .for_each(|field| refs(&field.ty, &mut targets));
                if let Some(additional) = &it.additional {
                    refs(&additional.ty, &mut targets);
                }
                it.fields
                    .iter()
                    .any(|field| !field_rules(api, field, patterns).is_empty())
                    || struct_has_rules(api, it, patterns)
            }
            TypeKind::Union(it) => {
                it.variants
                    .iter()
                    .for_each(|variant| refs(&variant.ty, &mut targets));
                it.variants
                    .iter()
                    .any(|variant| !variant_rules(api, variant, patterns).is_empty())
            }
            TypeKind::Alias(target) => {
                refs(target, &mut targets);
                false
            }
            TypeKind::Enum(it) => it.open && it.strict,
            TypeKind::FreeForm => false,
        };
        for &target in &targets {
            if let Some(referrers) = referrers.get_mut(target) {
                referrers.push(idx);
            }
        }
        if own {
            validates[idx] = true;
            queue.push(idx);
        }
    }
    while let Some(target) = queue.pop() {
        for &referrer in &referrers[target] {
            if !validates[referrer] {
                validates[referrer] = true;
                queue.push(referrer);
            }
        }
    }
    validates
}

/// Whether a struct has rules besides those of its fields: on the values of its
/// `additionalProperties`, or alternatives to satisfy.
fn struct_has_rules(api: &Api, it: &Struct, patterns: &Patterns) -> bool {
    !it.alternatives.is_empty()
        || it.additional.as_ref().is_some_and(|additional| {
            !effective(api, &additional.ty, &additional.constraints, patterns).is_empty()
        })
}

/// Whether a value of type `ty` holds something with rules of its own.
pub(crate) fn type_validates(ty: &Type, validates: &[bool]) -> bool {
    match ty {
        Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => {
            type_validates(inner, validates)
        }
        Type::Ref(id) => validates.get(id.0 as usize).copied().unwrap_or(false),
        _ => false,
    }
}

/// A warning for every pattern of `api` that is not a valid ECMA-262 regular expression: the
/// generated code does not check it.
pub(crate) fn pattern_diagnostics(
    sources: &SourceMap,
    api: &Api,
    patterns: &Patterns,
) -> Vec<Diagnostic> {
    fn collect<'c>(c: &'c Constraints, acc: &mut Vec<&'c str>) {
        if let Some(pattern) = &c.pattern {
            acc.push(pattern);
        }
        if let Some(items) = &c.items {
            collect(items, acc);
        }
    }
    // The rules of struct fields and of inline union members, with what they belong to.
    let mut places = Vec::new();
    for ty in &api.types {
        match &ty.kind {
            TypeKind::Struct(it) => places.extend(it.fields.iter().map(|field| {
                (
                    format!("`{}.{}`", ty.name, field.wire_name),
                    &field.constraints,
                    field.span,
                )
            })),
            TypeKind::Union(it) => places.extend(it.variants.iter().map(|variant| {
                (
                    format!("variant `{}` of `{}`", variant.name, ty.name),
                    &variant.constraints,
                    variant.span,
                )
            })),
            _ => {}
        }
    }
    let mut res = Vec::new();
    for (target, constraints, span) in places {
        let mut found = Vec::new();
        collect(constraints, &mut found);
        for pattern in found {
            let Some(error) = patterns.error(pattern) else {
                if !runtime::runs_in_linear_time(pattern) {
                    res.push(backtracking_pattern(sources, &target, span, pattern));
                }
                continue;
            };
            let message = format!(
                "the pattern of {target} is not a valid ECMA-262 regular expression ({error}), so it is not checked: {}",
                crate::text::inline_code(pattern)
            );
            res.push(
                Diagnostic::warning(
                    sources,
                    span,
                    Code::InvalidPattern,
                    message,
                )
                .with_hint(
                    "OpenAPI patterns are ECMA-262 (JavaScript) regular expressions; correct the pattern in the spec",
                ),
            );
        }
    }
    res
}

/// The warning for a valid pattern that the runtime cannot match in linear time.
fn backtracking_pattern(
    sources: &SourceMap,
    target: &str,
    span: Span,
    pattern: &str,
) -> Diagnostic {
    let message = format!(
        "the pattern of {target} cannot be matched in linear time (it uses lookaround, a backreference, a word boundary or a Unicode property), so values that would take it more than {} backtracking steps are rejected unchecked: {}",
        runtime::BACKTRACK_LIMIT,
        crate::text::inline_code(pattern)
    );
    Diagnostic::warning(
        sources,
        span,
        Code::BacktrackingPattern,
        message,
    )
    .with_hint("without lookaround, backreferences, `\\b`, `\\B` and `\\p{..}` a pattern runs in linear time on any value")
}
