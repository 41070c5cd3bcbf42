//! Cross-dialect agreement: one API read from the docs of several SDKs must give the same
//! model. Differences that a dialect cannot express are allowed and counted; anything else is
//! a disagreement.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use specgen::model::compat::{self, Compat};
use specgen::model::names::fold;
use specgen::model::{Api, Type, TypeDef, TypeKind};

/// JavaScript globals that TypeScript SDKs rename models after (with a `T` suffix).
const JS_GLOBALS: &[&str] = &[
    "File", "Blob", "Error", "Object", "Function", "Array", "Date", "Map", "Set", "Promise",
    "Symbol", "Record", "Response", "Request",
];

/// The result of comparing the models of one API's dialects.
#[derive(Debug, Default)]
pub struct Agreement {
    /// The sources compared, in order.
    pub sources: Vec<String>,
    /// Models present in every source.
    pub common: usize,
    /// Fields compared across all common structs and pairs of sources.
    pub fields: usize,
    /// Unions whose variants agree, across all pairs of sources.
    pub unions: usize,
    /// Models missing from some source: model to the sources that lack it.
    pub missing: BTreeMap<String, Vec<String>>,
    /// Allowed differences with their explanation, counted.
    pub allowed: BTreeMap<&'static str, usize>,
    /// Differences no dialect limitation explains.
    pub disagreements: Vec<String>,
}

/// Why two types that are not equal are still compatible.
const WIRE_GUESS: &str = "a wire name guessed by policy differs only in letter case from the other source's (Go initialisms such as `OTP` hide the wire casing)";
/// The variants of a Java bare union read from its sibling docs, which do not say their order.
const UNION_ORDER: &str = "the same union variants in another order (a Java bare union's variants come from the docs named after it, which do not say their order)";
const JS_GLOBAL: &str =
    "TypeScript renames models named like JavaScript globals (`Error` is `ErrorT`)";
const BODY_FIELD: &str = "operation wrappers name their request-body field the SDK's way (Go `Body`, others the schema's name); the body types agree";
const WIRE_POLICIES: &str = "neither source shows the wire name and the dialects' default naming policies differ (e.g. Go camelCase vs Ruby snake_case guesses)";
const WIRE_EVIDENCE: &str = "one source's wire name is a policy guess, the other's comes from evidence or config; the guess differs in spelling";
const BARE_UNION: &str =
    "Java docs do not list a union's variants, so the Java model holds any JSON value";
const NULLABLE: &str = "nullability is shown by Java `JsonNullable` and Go pointers/`OptionalNullable` only, TypeScript shows none";

/// Compares every model that all sources define, against the first source.
pub fn compare(models: &[(String, Api)]) -> Agreement {
    let mut res = Agreement {
        sources: models.iter().map(|(s, _)| s.clone()).collect(),
        ..Agreement::default()
    };
    let Some(((first_name, first), rest)) = models.split_first() else {
        return res;
    };
    let mut renamed_globals = 0;
    let mut index = |api: &Api| -> BTreeMap<String, usize> {
        let mut res: BTreeMap<String, usize> = api
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (key(t), i))
            .collect();
        for (i, ty) in api.types.iter().enumerate() {
            let Some(global) = ty.name.strip_suffix('T').filter(|g| JS_GLOBALS.contains(g)) else {
                continue;
            };
            let plain = key_named(ty, global);
            if !res.contains_key(&plain) {
                res.remove(&key(ty));
                res.insert(plain, i);
                renamed_globals += 1;
            }
        }
        res
    };
    let indexes: Vec<BTreeMap<String, usize>> = models.iter().map(|(_, api)| index(api)).collect();
    if renamed_globals > 0 {
        res.allowed.insert(JS_GLOBAL, renamed_globals);
    }
    let mut all_keys: Vec<&String> = indexes.iter().flat_map(|i| i.keys()).collect();
    all_keys.sort();
    all_keys.dedup();
    for key in all_keys {
        let lacking: Vec<String> = models
            .iter()
            .zip(&indexes)
            .filter(|(_, idx)| !idx.contains_key(key))
            .map(|((s, _), _)| s.clone())
            .collect();
        if !lacking.is_empty() {
            res.missing.insert(key.clone(), lacking);
            continue;
        }
        res.common += 1;
        let a = &first.types[indexes[0][key]];
        for ((name, api), idx) in rest.iter().zip(&indexes[1..]) {
            let b = &api.types[idx[key]];
            compare_types(&mut res, (first_name, first, a), (name, api, b));
        }
    }
    res
}

/// Models are matched by name within their namespace, with the namespaces' spellings unified:
/// Go's `sdkerrors` is everyone's `errors`, and the flat layout's root (Python, TypeScript v2)
/// is everyone's `components`.
fn key(ty: &TypeDef) -> String {
    key_named(ty, &ty.name)
}

/// [`key`] of `ty` as if it were called `name`.
fn key_named(ty: &TypeDef, name: &str) -> String {
    let ns: Vec<String> = ty
        .namespace
        .iter()
        .map(|s| s.to_ascii_lowercase())
        .collect();
    let ns = match ns.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [] => "components".to_string(),
        ["sdkerrors"] => "errors".to_string(),
        ["requests"] => "operations".to_string(),
        other => other.join("::"),
    };
    // SDKs spell initialisms their own way (`NamedURI`, `NamedUri`).
    format!("{ns}::{}", fold(name))
}

/// Whether two model keys name the same model, allowing TypeScript's `T` suffix on JavaScript
/// globals (`File` and `FileT`).
fn same_model(a: &str, b: &str) -> bool {
    let renamed = |x: &str, y: &str| {
        x.strip_suffix('t')
            .is_some_and(|stem| stem == y && JS_GLOBALS.iter().any(|g| y.ends_with(&fold(g))))
    };
    a == b || renamed(a, b) || renamed(b, a)
}

/// A type as the user reads it: model references by name.
fn show(api: &Api, ty: &Type) -> String {
    match ty {
        Type::Ref(id) => api.get(*id).name.clone(),
        Type::Array(inner) => format!("[{}]", show(api, inner)),
        Type::Map(inner) => format!("map of {}", show(api, inner)),
        Type::Nullable(inner) => format!("{} or null", show(api, inner)),
        other => format!("{other:?}"),
    }
}

fn compare_types(
    res: &mut Agreement,
    (a_src, a_api, a): (&str, &Api, &TypeDef),
    (b_src, b_api, b): (&str, &Api, &TypeDef),
) {
    let here = format!("{} ({a_src} vs {b_src})", key(a));
    match (&a.kind, &b.kind) {
        (TypeKind::Struct(sa), TypeKind::Struct(sb)) => {
            let names_a: Vec<String> = sa.fields.iter().map(|f| fold(&f.sdk_name)).collect();
            let names_b: Vec<String> = sb.fields.iter().map(|f| fold(&f.sdk_name)).collect();
            if names_a != names_b {
                // Operation wrappers name their request-body field after the SDK's habit
                // (`Body` in Go, the schema's name elsewhere); the body itself must agree.
                let same_body = names_a.len() == names_b.len()
                    && sa.fields.iter().zip(&sb.fields).all(|(fa, fb)| {
                        let body = |n: &str| matches!(fold(n).as_str(), "body" | "requestbody");
                        fold(&fa.sdk_name) == fold(&fb.sdk_name)
                            || (body(&fa.sdk_name) || body(&fb.sdk_name))
                                && compatible(a_api, &fa.ty, b_api, &fb.ty) == Ok(None)
                    });
                if !same_body {
                    res.disagreements
                        .push(format!("{here}: fields differ: {names_a:?} vs {names_b:?}"));
                    return;
                }
                *res.allowed.entry(BODY_FIELD).or_default() += 1;
            }
            for (fa, fb) in sa.fields.iter().zip(&sb.fields) {
                res.fields += 1;
                if fold(&fa.sdk_name) != fold(&fb.sdk_name) {
                    // A request-body field named differently (see above): only its type counts.
                    continue;
                }
                let at = format!("{here}.{}", fa.sdk_name);
                if fa.required != fb.required {
                    res.disagreements
                        .push(format!("{at}: required {} vs {}", fa.required, fb.required));
                }
                if fa.nullable != fb.nullable {
                    *res.allowed.entry(NULLABLE).or_default() += 1;
                }
                let guessed = fa.wire_source.is_guess() || fb.wire_source.is_guess();
                let both_guessed = fa.wire_source.is_guess() && fb.wire_source.is_guess();
                if fa.wire_name != fb.wire_name
                    && guessed
                    && fa.wire_name.eq_ignore_ascii_case(&fb.wire_name)
                {
                    *res.allowed.entry(WIRE_GUESS).or_default() += 1;
                } else if fa.wire_name != fb.wire_name
                    && both_guessed
                    && fold(&fa.wire_name) == fold(&fb.wire_name)
                {
                    *res.allowed.entry(WIRE_POLICIES).or_default() += 1;
                } else if fa.wire_name != fb.wire_name
                    && guessed
                    && fold(&fa.wire_name) == fold(&fb.wire_name)
                {
                    *res.allowed.entry(WIRE_EVIDENCE).or_default() += 1;
                } else if fa.wire_name != fb.wire_name {
                    res.disagreements.push(format!(
                        "{at}: wire name `{}` ({}) vs `{}` ({})",
                        fa.wire_name,
                        fa.wire_source.label(),
                        fb.wire_name,
                        fb.wire_source.label()
                    ));
                }
                match compatible(a_api, &fa.ty, b_api, &fb.ty) {
                    Ok(None) => {}
                    Ok(Some(reason)) => *res.allowed.entry(reason).or_default() += 1,
                    Err(()) => res.disagreements.push(format!(
                        "{at}: type {} vs {}",
                        show(a_api, &fa.ty),
                        show(b_api, &fb.ty)
                    )),
                }
            }
        }
        (TypeKind::Enum(ea), TypeKind::Enum(eb)) => {
            let va: Vec<&str> = ea.values.iter().map(|v| v.wire_value.as_str()).collect();
            let vb: Vec<&str> = eb.values.iter().map(|v| v.wire_value.as_str()).collect();
            if va != vb || ea.repr != eb.repr {
                res.disagreements
                    .push(format!("{here}: enum values {va:?} vs {vb:?}"));
            }
        }
        (TypeKind::Union(ua), TypeKind::Union(ub)) => {
            let same = ua.variants.len() == ub.variants.len()
                && ua
                    .variants
                    .iter()
                    .zip(&ub.variants)
                    .all(|(va, vb)| compatible(a_api, &va.ty, b_api, &vb.ty).is_ok());
            // A bare Java union's variants come from sibling docs, which do not say their order.
            let reordered = !same
                && ua.variants.len() == ub.variants.len()
                && ua.variants.iter().all(|va| {
                    ub.variants.iter().any(|vb| {
                        va.name == vb.name && compatible(a_api, &va.ty, b_api, &vb.ty).is_ok()
                    })
                });
            if same {
                res.unions += 1;
            } else if reordered {
                res.unions += 1;
                *res.allowed.entry(UNION_ORDER).or_default() += 1;
            } else {
                let names = |u: &specgen::model::Union| {
                    u.variants
                        .iter()
                        .map(|v| v.name.clone())
                        .collect::<Vec<_>>()
                };
                res.disagreements.push(format!(
                    "{here}: union variants {:?} vs {:?}",
                    names(ua),
                    names(ub)
                ));
            }
        }
        (TypeKind::Alias(Type::Any), TypeKind::Union(_))
        | (TypeKind::Union(_), TypeKind::Alias(Type::Any)) => {
            *res.allowed.entry(BARE_UNION).or_default() += 1;
        }
        (TypeKind::Alias(ta), TypeKind::Alias(tb)) => match compatible(a_api, ta, b_api, tb) {
            Ok(None) => {}
            Ok(Some(reason)) => *res.allowed.entry(reason).or_default() += 1,
            Err(()) => res
                .disagreements
                .push(format!("{here}: alias of {ta:?} vs {tb:?}")),
        },
        (TypeKind::FreeForm, TypeKind::FreeForm) => {}
        _ => res.disagreements.push(format!(
            "{here}: one is a {}, the other a {}",
            kind(&a.kind),
            kind(&b.kind)
        )),
    }
}

fn kind(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::FreeForm => "free-form object",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "alias",
    }
}

/// `Ok(None)` for equal types, `Ok(Some(reason))` for types a dialect limitation makes differ.
fn compatible(a_api: &Api, a: &Type, b_api: &Api, b: &Type) -> Result<Option<&'static str>, ()> {
    match (a, b) {
        (Type::Array(a), Type::Array(b))
        | (Type::Map(a), Type::Map(b))
        | (Type::Nullable(a), Type::Nullable(b)) => compatible(a_api, a, b_api, b),
        (Type::Ref(a), Type::Ref(b)) if same_model(&key(a_api.get(*a)), &key(b_api.get(*b))) => {
            Ok(None)
        }
        _ => match compat::compare(a_api, a, b_api, b) {
            Compat::Same => Ok(None),
            Compat::Allowed(reason) => Ok(Some(reason)),
            Compat::Different => Err(()),
        },
    }
}

impl Agreement {
    /// One line: what was compared and how it came out.
    pub fn summary(&self) -> String {
        format!(
            "{} models common to {} sources agree on {} fields{}; {} disagreements",
            self.common,
            self.sources.len(),
            self.fields,
            if self.allowed.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} allowed differences)",
                    self.allowed.values().sum::<usize>()
                )
            },
            self.disagreements.len()
        )
    }

    /// The allowed differences with counts, models missing from some source, and every
    /// disagreement.
    pub fn details(&self) -> String {
        let mut out = String::new();
        for (reason, n) in &self.allowed {
            let _ = writeln!(out, "    allowed ({n}): {reason}");
        }
        for (model, lacking) in &self.missing {
            let _ = writeln!(
                out,
                "    only in some sources: {model} (not in {})",
                lacking.join(", ")
            );
        }
        for d in &self.disagreements {
            let _ = writeln!(out, "    DISAGREE {d}");
        }
        out
    }
}
