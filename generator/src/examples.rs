//! The spec's examples (Markdown Example cells, OpenAPI `example`/`examples`): each is read as
//! JSON for its field's type and checked against that type the way the generated code will
//! read and validate it. Examples that fit become tests in the generated crate (see
//! `emit/examples.rs`); the others are reported as warnings at the field, counted in the
//! report, and left out of the tests.
//!
//! How the example text becomes JSON depends on the field's type (aliases followed):
//!
//! | type | the example is |
//! |---|---|
//! | string, date, date-time, bytes, string enum | the text itself, as a JSON string (`customer_id` is `"customer_id"`) |
//! | integer, number, boolean, integer enum | JSON (`3600`, `true`) |
//! | array, map, object, free-form object | JSON (a Markdown cell's `<br/>` is already a line break) |
//! | any JSON value, union | JSON when the text parses as JSON, else the text as a JSON string |
//!
//! The check mirrors the generated serde code (required fields, `null`, integers, enum values,
//! union tagging, dates, base64) and the generated `Validate` impls (the same rules, through the
//! same runtime functions, which this module compiles in from `generated/src/runtime/`). An
//! example also does not fit when writing the value back would lose part of it: an object key
//! that no field holds (unless the API keeps unknown fields).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::files::{SourceMap, Span};
use crate::model::rules::{Kind, Patterns, effective, field_rules, kind, variant_rules};
use crate::model::shapes::{self, VariantShape};
use crate::model::wire::{UnionRepr, integer_values, resolve_alias, tag_of, union_repr};
use crate::model::{
    Api, Constraints, Field, IntFormat, NumberFormat, Struct, Type, TypeId, TypeKind, Variant,
};
use crate::runtime;

/// The example of one field, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldExample {
    /// The struct the field belongs to.
    pub owner: TypeId,
    /// Index of the field in the struct.
    pub field: usize,
    /// The example as JSON, when it is.
    pub json: Option<Value>,
    /// Why it does not fit its type; `None` when it does.
    pub misfit: Option<String>,
    /// The example could not be checked (`misfit` says why): a pattern that only a
    /// backtracking engine runs would take too long on it. It is left out of the tests like
    /// an example that does not fit, since the generated check would take as long.
    pub unchecked: bool,
    /// The field's place in the spec.
    pub span: Span,
}

/// The examples of every field of `api` that has one, in type and field order.
pub fn check(api: &Api) -> Vec<FieldExample> {
    let patterns = Patterns::default();
    check_with(api, &patterns)
}

/// [`check`], with the patterns compiled already.
pub(crate) fn check_with(api: &Api, patterns: &Patterns) -> Vec<FieldExample> {
    let checker = Checker {
        api,
        patterns,
        engines: RefCell::default(),
        unchecked: RefCell::default(),
        read_once: RefCell::default(),
    };
    let mut res = Vec::new();
    for (idx, ty) in api.types.iter().enumerate() {
        let TypeKind::Struct(it) = &ty.kind else {
            continue;
        };
        for (field_idx, field) in it.fields.iter().enumerate() {
            let Some(text) = &field.example else {
                continue;
            };
            let (json, misfit) = match example_json(api, &field.ty, text) {
                Ok(json) => {
                    let misfit = checker.field_example(field, &json);
                    (Some(json), misfit)
                }
                Err(reason) => (None, Some(reason)),
            };
            let unchecked = std::mem::take(&mut *checker.unchecked.borrow_mut());
            let (misfit, unchecked) = match (misfit, unchecked.into_iter().next()) {
                (Some(misfit), _) => (Some(misfit), false),
                (None, Some(reason)) => (Some(reason), true),
                (None, None) => (None, false),
            };
            res.push(FieldExample {
                owner: TypeId(idx as u32),
                field: field_idx,
                json,
                misfit,
                unchecked,
                span: field.span,
            });
        }
    }
    res
}

/// Why `value` (a field's `default`) would not fit `field`'s type and rules, if it would not.
pub(crate) fn value_misfit(api: &Api, field: &Field, value: &Value) -> Option<String> {
    value_misfit_with(api, &Patterns::default(), field, value)
}

/// [`value_misfit`], with the run's compiled patterns.
pub(crate) fn value_misfit_with(
    api: &Api,
    patterns: &Patterns,
    field: &Field,
    value: &Value,
) -> Option<String> {
    Checker {
        api,
        patterns,
        engines: RefCell::default(),
        unchecked: RefCell::default(),
        read_once: RefCell::default(),
    }
    .field_example(field, value)
}

/// A warning for every example of `api` that does not fit its type.
pub fn diagnostics(sources: &SourceMap, api: &Api, examples: &[FieldExample]) -> Vec<Diagnostic> {
    examples
        .iter()
        .filter_map(|example| {
            let reason = example.misfit.as_ref()?;
            if example.unchecked {
                let message = format!(
                    "the example of `{}` could not be checked: {reason}",
                    target(api, example)
                );
                return Some(
                    Diagnostic::at(Severity::Warning, sources, example.span, Code::ExampleUnchecked, message)
                        .with_hint("the example is left out of the generated example tests; a pattern without backreferences, lookaround, `\\b` or `\\p{..}` is checked in linear time"),
                );
            }
            let message = format!(
                "the example of `{}` does not fit its type: {reason}",
                target(api, example)
            );
            Some(
                Diagnostic::at(Severity::Warning, sources, example.span, Code::ExampleMisfit, message).with_hint(
                    "correct the example in the spec; it is left out of the generated example tests",
                ),
            )
        })
        .collect()
}

/// `Owner.wireName`: what an example is an example of.
pub fn target(api: &Api, example: &FieldExample) -> String {
    let owner = api.get(example.owner);
    let TypeKind::Struct(it) = &owner.kind else {
        return owner.name.clone();
    };
    format!("{}.{}", owner.name, it.fields[example.field].wire_name)
}

/// The example text as JSON for a value of type `ty` (see the module docs).
pub fn example_json(api: &Api, ty: &Type, text: &str) -> Result<Value, String> {
    enum Reading {
        Text,
        Json,
        JsonOrText,
    }
    let reading = match kind(api, ty) {
        // A value that may be `null` (never a field's own type): `null`, or read as its type.
        Kind::Nullable(_) if text.trim() == "null" => return Ok(Value::Null),
        Kind::Nullable(inner) => return example_json(api, inner, text),
        Kind::Str => Reading::Text,
        Kind::Other => Reading::Text,
        Kind::Int(_) | Kind::F32 | Kind::F64 | Kind::Bool => Reading::Json,
        Kind::Array(_) | Kind::Map(_) | Kind::Object => Reading::Json,
        Kind::Any => Reading::JsonOrText,
        Kind::Named(id) => match &api.get(id).kind {
            TypeKind::Enum(it) if integer_values(it).is_none() => Reading::Text,
            TypeKind::Enum(_) | TypeKind::Struct(_) => Reading::Json,
            TypeKind::Union(_) => Reading::JsonOrText,
            TypeKind::FreeForm | TypeKind::Alias(_) => Reading::Json,
        },
    };
    match reading {
        Reading::Text => Ok(Value::String(text.to_string())),
        Reading::Json => {
            serde_json::from_str(text).map_err(|_| format!("{} is not JSON", quote(&shorten(text))))
        }
        Reading::JsonOrText => {
            Ok(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())))
        }
    }
}

/// How deep [`Checker::read`] goes before giving up (aliases of aliases can nest without JSON
/// nesting).
const MAX_DEPTH: usize = 512;

struct Checker<'a> {
    api: &'a Api,
    patterns: &'a Patterns,
    /// The engine each pattern is checked with, made on first use.
    engines: RefCell<BTreeMap<String, Option<Engine>>>,
    /// Why the example being checked could not be checked, if it could not.
    unchecked: RefCell<Vec<String>>,
    /// What reading each value of the example being checked (by address) as each named type
    /// gave: the result and the problems found.
    read_once: RefCell<ReadOnce>,
}

/// See [`Checker::read_once`].
type ReadOnce = HashMap<(TypeId, usize), (Result<(), String>, Vec<String>)>;

/// How an example is matched against a pattern: the way the generated code matches it, but
/// never with unbounded work.
enum Engine {
    /// The `regex` crate on the pattern's translation (the runtime's fast engine, for the same
    /// patterns): linear time.
    Linear(regex::Regex),
    /// `regress`, for what only a backtracking engine runs; used only on texts for which
    /// [`cost::backtracking_work`] bounds the work below [`cost::BUDGET`].
    Backtracking(regress::Regex),
}

impl Engine {
    /// The engine for `source`, chosen as the runtime chooses (`compile_engine`); `None` when
    /// the pattern is not ECMA-262.
    fn new(source: &str) -> Option<Engine> {
        let linear = regress::Regex::with_flags(source, "u")
            .ok()
            .and_then(|_| runtime::translate_pattern(source))
            .and_then(|translated| regex::Regex::new(&translated).ok());
        match linear {
            Some(regex) => Some(Engine::Linear(regex)),
            None => runtime::compile_pattern(source)
                .ok()
                .map(Engine::Backtracking),
        }
    }
}

/// Whether a pattern matches an example.
enum PatternMatch {
    Yes,
    No,
    /// Matching would take a backtracking engine more than [`cost::BUDGET`] steps.
    TooCostly,
}

impl Checker<'_> {
    /// Why the example `json` of `field` does not fit, if it does not.
    fn field_example(&self, field: &Field, json: &Value) -> Option<String> {
        // Addresses of another example's values mean nothing now.
        self.read_once.borrow_mut().clear();
        if json.is_null() {
            return (!field.nullable && !accepts_null(self.api, &field.ty))
                .then(|| "`null`, but the field is not nullable".to_string());
        }
        let mut problems = Vec::new();
        if let Err(reason) = self.read(&field.ty, json, "", 0, &mut problems) {
            return Some(reason);
        }
        let rules = field_rules(self.api, field, self.patterns);
        self.rules(&field.ty, &rules, json, "", &mut problems);
        problems.first().cloned()
    }

    /// Reads `value` as a `ty` the way the generated serde code does. `Err` when it would not
    /// deserialize; otherwise the problems of the value that does (keys that would be lost,
    /// rules broken) are added to `problems`.
    fn read(
        &self,
        ty: &Type,
        value: &Value,
        at: &str,
        depth: usize,
        problems: &mut Vec<String>,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("{}nested too deeply to check", place(at)));
        }
        let expected =
            |what: &str| Err(format!("{}expected {what}, got {}", place(at), show(value)));
        match ty {
            Type::String => match value {
                Value::String(_) => Ok(()),
                _ => expected("a string"),
            },
            Type::Integer(format) => {
                let fits = match format {
                    IntFormat::Int32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                    IntFormat::Int64 | IntFormat::Unspecified => value.as_i64().is_some(),
                };
                if fits {
                    Ok(())
                } else if matches!(format, IntFormat::Int32) {
                    expected("a 32-bit integer")
                } else {
                    expected("an integer")
                }
            }
            Type::Number(format) => match value.as_f64() {
                Some(n) if *format != NumberFormat::Float || (n as f32).is_finite() => Ok(()),
                _ => expected("a number"),
            },
            Type::Boolean => match value {
                Value::Bool(_) => Ok(()),
                _ => expected("`true` or `false`"),
            },
            // Dates and date-times that are strings in Rust read any text.
            Type::Date | Type::DateTime
                if self.api.rust.date_time == crate::model::dates::DateTimeChoice::String =>
            {
                match value {
                    Value::String(_) => Ok(()),
                    _ => expected("a string"),
                }
            }
            // time's, through the runtime's own readers (chrono's differ at the edges).
            Type::Date if crate::model::dates::uses_time(self.api) => {
                match value.as_str().map(str::parse::<runtime::CivilDate>) {
                    Some(Ok(_)) => Ok(()),
                    _ => expected("a date (`YYYY-MM-DD`)"),
                }
            }
            Type::DateTime if crate::model::dates::uses_time(self.api) => {
                match value.as_str().map(str::parse::<runtime::OffsetTime>) {
                    Some(Ok(_)) => Ok(()),
                    _ => expected("an RFC 3339 date-time with a UTC offset"),
                }
            }
            Type::Date => match value.as_str() {
                Some(text) if runtime::format_matches("date", text) == Some(true) => Ok(()),
                _ => expected("a date (`YYYY-MM-DD`)"),
            },
            Type::DateTime => {
                type Stamp = chrono::DateTime<chrono::FixedOffset>;
                let text = value.as_str().unwrap_or_default();
                if value.is_string() && text.parse::<Stamp>().is_ok() {
                    Ok(())
                } else if runtime::LenientDateTime::parse(text).is_some() {
                    if self.api.lenient_date_times {
                        Ok(())
                    } else {
                        Err(format!(
                            "{}expected an RFC 3339 date-time, got {}, which has no UTC offset: \
                             the generated `{}` rejects such values when they \
                             are read (`date_times: lenient` in the config reads them as UTC)",
                            place(at),
                            show(value),
                            crate::model::dates::date_time_type(self.api)
                                .trim_start_matches("chrono::")
                                .replace("<chrono::", "<")
                        ))
                    }
                } else {
                    expected("an RFC 3339 date-time")
                }
            }
            Type::Binary => match value.as_str().map(runtime::Base64::decode) {
                Some(Ok(_)) => Ok(()),
                _ => expected("base64 text"),
            },
            Type::Any => Ok(()),
            Type::Array(inner) => {
                let Value::Array(items) = value else {
                    return expected("an array");
                };
                for (idx, item) in items.iter().enumerate() {
                    self.read(inner, item, &format!("{at}/{idx}"), depth + 1, problems)?;
                }
                Ok(())
            }
            Type::Map(inner) => {
                let Value::Object(entries) = value else {
                    return expected("an object");
                };
                for (key, item) in entries {
                    self.read(inner, item, &child(at, key), depth + 1, problems)?;
                }
                Ok(())
            }
            Type::Nullable(inner) => match value {
                Value::Null => Ok(()),
                _ => self.read(inner, value, at, depth + 1, problems),
            },
            Type::Ref(id) => {
                // Each value is read as each named type once: untagged unions try every
                // variant, and variants that hold the union again would otherwise read the
                // same values once per combination of variants, exponentially in the depth.
                let key = (*id, std::ptr::from_ref(value) as usize);
                if let Some((res, found)) = self.read_once.borrow().get(&key) {
                    problems.extend(found.iter().cloned());
                    return res.clone();
                }
                let mut found = Vec::new();
                let res = self.read_named(*id, value, at, depth + 1, &mut found);
                self.read_once
                    .borrow_mut()
                    .insert(key, (res.clone(), found.clone()));
                problems.extend(found);
                res
            }
        }
    }

    fn read_named(
        &self,
        id: TypeId,
        value: &Value,
        at: &str,
        depth: usize,
        problems: &mut Vec<String>,
    ) -> Result<(), String> {
        let Some(def) = self.api.types.get(id.0 as usize) else {
            return Ok(());
        };
        let expected =
            |what: &str| Err(format!("{}expected {what}, got {}", place(at), show(value)));
        match &def.kind {
            TypeKind::Alias(target) => self.read(target, value, at, depth + 1, problems),
            TypeKind::FreeForm => match value {
                Value::Object(_) => Ok(()),
                _ => expected("an object"),
            },
            TypeKind::Enum(it) => {
                let known = match integer_values(it) {
                    Some(values) => {
                        let Some(n) = value.as_i64() else {
                            return expected("an integer");
                        };
                        (it.open && !it.strict) || values.contains(&n)
                    }
                    None => {
                        let Some(text) = value.as_str() else {
                            return expected("a string");
                        };
                        (it.open && !it.strict) || it.values.iter().any(|v| v.wire_value == text)
                    }
                };
                if known {
                    Ok(())
                } else if it.open {
                    // Read and kept, as the generated code reads it (an untagged union takes
                    // this variant then); `validate()` reports it.
                    problems.push(format!(
                        "{}{} is not a value of `{}`",
                        place(at),
                        show(value),
                        def.name
                    ));
                    Ok(())
                } else {
                    expected(&format!("a value of `{}`", def.name))
                }
            }
            TypeKind::Struct(it) => {
                let Value::Object(object) = value else {
                    return expected("an object");
                };
                self.read_struct(&def.name, it, object, None, at, depth, problems)
            }
            TypeKind::Union(it) => match union_repr(self.api, it) {
                UnionRepr::Empty => Ok(()),
                UnionRepr::Untagged { .. } => {
                    // The variants in the order the generated code tries them.
                    for idx in untagged_order(self.api, &it.variants, value) {
                        let variant = &it.variants[idx];
                        let mut found = Vec::new();
                        if self
                            .read(&variant.ty, value, at, depth + 1, &mut found)
                            .is_ok()
                        {
                            // The rules of an inline member apply to the variant read.
                            let rules = variant_rules(self.api, variant, self.patterns);
                            self.rules(&variant.ty, &rules, value, at, &mut found);
                            problems.extend(found);
                            return Ok(());
                        }
                    }
                    expected(&format!("a value of one of the variants of `{}`", def.name))
                }
                UnionRepr::Internal { property } | UnionRepr::Dispatch { property } => {
                    let Value::Object(object) = value else {
                        return expected("an object");
                    };
                    let Some(tag) = object.get(property).and_then(Value::as_str) else {
                        return Err(format!(
                            "{}the tag property `{property}` is missing",
                            place(at)
                        ));
                    };
                    let Some(variant) = it.variants.iter().find(|v| tag_of(v) == tag) else {
                        return Err(format!(
                            "{}`{tag}` is not a variant of `{}`",
                            place(at),
                            def.name
                        ));
                    };
                    let Some(target) = struct_of(self.api, &variant.ty) else {
                        return Ok(());
                    };
                    let (name, body) = target;
                    let skip = matches!(union_repr(self.api, it), UnionRepr::Internal { .. })
                        .then_some(property);
                    self.read_struct(name, body, object, skip, at, depth, problems)
                }
                UnionRepr::Adjacent { tag, content } => {
                    let Value::Object(object) = value else {
                        return expected("an object");
                    };
                    let Some(name) = object.get(tag).and_then(Value::as_str) else {
                        return Err(format!("{}the tag property `{tag}` is missing", place(at)));
                    };
                    let Some(variant) = it.variants.iter().find(|v| tag_of(v) == name) else {
                        return Err(format!(
                            "{}`{name}` is not a variant of `{}`",
                            place(at),
                            def.name
                        ));
                    };
                    let Some(inner) = object.get(content) else {
                        return Err(format!("{}the property `{content}` is missing", place(at)));
                    };
                    for key in object.keys() {
                        if key != tag && key != content {
                            problems.push(lost(&child(at, key), &def.name));
                        }
                    }
                    self.read(&variant.ty, inner, &child(at, content), depth + 1, problems)
                }
            },
        }
    }

    /// Reads an object as the struct `name`, leaving out the key `skip` (an internal tag).
    #[allow(clippy::too_many_arguments)]
    fn read_struct(
        &self,
        name: &str,
        it: &Struct,
        object: &serde_json::Map<String, Value>,
        skip: Option<&str>,
        at: &str,
        depth: usize,
        problems: &mut Vec<String>,
    ) -> Result<(), String> {
        for field in &it.fields {
            let field_at = child(at, &field.wire_name);
            match object.get(&field.wire_name) {
                None if field.required => {
                    return Err(format!(
                        "{}the required property `{}` is missing",
                        place(at),
                        field.wire_name
                    ));
                }
                None => {}
                // An optional field that is not nullable reads `null` as its type does (the
                // generated code does not take it for absent).
                Some(Value::Null) if !(field.nullable || accepts_null(self.api, &field.ty)) => {
                    return Err(format!("{}`null` is not allowed", place(&field_at)));
                }
                Some(Value::Null) => {}
                Some(value) => {
                    self.read(&field.ty, value, &field_at, depth + 1, problems)?;
                    let rules = field_rules(self.api, field, self.patterns);
                    self.rules(&field.ty, &rules, value, &field_at, problems);
                }
            }
        }
        for (key, value) in object {
            let known =
                Some(key.as_str()) == skip || it.fields.iter().any(|field| field.wire_name == *key);
            if known {
                continue;
            }
            if let Some(additional) = &it.additional {
                // Kept in the flattened map of `additionalProperties` values.
                let value_at = child(at, key);
                self.read(&additional.ty, value, &value_at, depth + 1, problems)?;
                let rules = effective(
                    self.api,
                    &additional.ty,
                    &additional.constraints,
                    self.patterns,
                );
                self.rules(&additional.ty, &rules, value, &value_at, problems);
            } else if !self.api.keep_unknown_fields {
                problems.push(lost(&child(at, key), name));
            }
        }
        Ok(())
    }

    /// Adds the rules of `rules` that a value of type `ty` (which it deserializes as) breaks.
    fn rules(
        &self,
        ty: &Type,
        rules: &Constraints,
        value: &Value,
        at: &str,
        problems: &mut Vec<String>,
    ) {
        if rules.is_empty() {
            return;
        }
        match kind(self.api, ty) {
            Kind::Str => {
                if let Some(text) = value.as_str() {
                    self.string_rules(rules, text, at, problems);
                }
            }
            Kind::Int(_) => {
                if let Some(n) = value.as_i64() {
                    number_rules(rules, n, at, problems);
                    allowed_rule(rules, value, at, problems);
                }
            }
            Kind::F32 => {
                if let Some(n) = value.as_f64() {
                    let narrow = n as f32;
                    number_rules(rules, narrow, at, problems);
                    if !rules.allowed.is_empty()
                        && !rules
                            .allowed
                            .iter()
                            .any(|a| a.as_f64().is_some_and(|a| a as f32 == narrow))
                    {
                        problems.push(not_allowed(rules, value, at));
                    }
                }
            }
            Kind::F64 => {
                if let Some(n) = value.as_f64() {
                    number_rules(rules, n, at, problems);
                    if !rules.allowed.is_empty()
                        && !rules.allowed.iter().any(|a| a.as_f64() == Some(n))
                    {
                        problems.push(not_allowed(rules, value, at));
                    }
                }
            }
            Kind::Bool => allowed_rule(rules, value, at, problems),
            Kind::Array(inner) => {
                if let Value::Array(items) = value {
                    self.array_rules(rules, inner, items, at, problems);
                }
            }
            Kind::Map(inner) => {
                if let Value::Object(entries) = value {
                    self.object_rules(rules, inner, entries, at, problems);
                }
            }
            Kind::Object => {
                if let Value::Object(entries) = value {
                    count_rule(
                        entries.len(),
                        rules.min_properties,
                        rules.max_properties,
                        "properties",
                        at,
                        problems,
                    );
                }
            }
            Kind::Any => {
                match value {
                    Value::String(text) => self.string_rules(
                        &Constraints {
                            allowed: Vec::new(),
                            ..rules.clone()
                        },
                        text,
                        at,
                        problems,
                    ),
                    Value::Number(number) => {
                        if let Some(n) = number.as_i64() {
                            number_rules(rules, n, at, problems);
                        } else if let Some(n) = number.as_f64() {
                            number_rules(rules, n, at, problems);
                        }
                    }
                    Value::Array(items) => self.array_rules(rules, &Type::Any, items, at, problems),
                    Value::Object(entries) => {
                        self.object_rules(rules, &Type::Any, entries, at, problems)
                    }
                    Value::Null | Value::Bool(_) => {}
                }
                allowed_rule(rules, value, at, problems);
            }
            Kind::Nullable(inner) => {
                if !value.is_null() {
                    self.rules(inner, rules, value, at, problems);
                }
            }
            Kind::Named(_) | Kind::Other => {}
        }
    }

    fn string_rules(&self, rules: &Constraints, text: &str, at: &str, problems: &mut Vec<String>) {
        let len = text.chars().count() as u64;
        let shown = || quote(&shorten(text));
        if let Some(min) = rules.min_length
            && len < min
        {
            problems.push(format!(
                "{}{} is shorter than {min} characters",
                place(at),
                shown()
            ));
        }
        if let Some(max) = rules.max_length
            && len > max
        {
            problems.push(format!(
                "{}{} is longer than {max} characters",
                place(at),
                shown()
            ));
        }
        if let Some(pattern) = &rules.pattern {
            match self.pattern_match(pattern, text) {
                PatternMatch::Yes => {}
                PatternMatch::No => problems.push(format!(
                    "{}{} does not match the pattern {}",
                    place(at),
                    shown(),
                    quote(pattern)
                )),
                PatternMatch::TooCostly => self.unchecked.borrow_mut().push(format!(
                    "matching {}{} against the pattern {} could take a backtracking regular expression engine too long",
                    place(at),
                    shown(),
                    quote(pattern)
                )),
            }
        }
        if let Some(format) = &rules.format
            && runtime::format_matches(format, text) == Some(false)
        {
            problems.push(format!("{}{} is not a valid {format}", place(at), shown()));
        }
        if !rules.allowed.is_empty() && !rules.allowed.iter().any(|a| a.as_str() == Some(text)) {
            problems.push(not_allowed(rules, &Value::String(text.to_string()), at));
        }
    }

    fn array_rules(
        &self,
        rules: &Constraints,
        inner: &Type,
        items: &[Value],
        at: &str,
        problems: &mut Vec<String>,
    ) {
        count_rule(
            items.len(),
            rules.min_items,
            rules.max_items,
            "items",
            at,
            problems,
        );
        if rules.unique_items {
            let repeated = (1..items.len()).find_map(|later| {
                (0..later)
                    .find(|&earlier| runtime::json_equal(&items[earlier], &items[later]))
                    .map(|earlier| (earlier, later))
            });
            if let Some((earlier, later)) = repeated {
                problems.push(format!(
                    "{}item {later} repeats item {earlier}, but items must be unique",
                    place(at)
                ));
            }
        }
        if let Some(item_rules) = &rules.items {
            for (idx, item) in items.iter().enumerate() {
                self.rules(inner, item_rules, item, &format!("{at}/{idx}"), problems);
            }
        }
    }

    fn object_rules(
        &self,
        rules: &Constraints,
        inner: &Type,
        entries: &serde_json::Map<String, Value>,
        at: &str,
        problems: &mut Vec<String>,
    ) {
        count_rule(
            entries.len(),
            rules.min_properties,
            rules.max_properties,
            "properties",
            at,
            problems,
        );
        if let Some(item_rules) = &rules.items {
            for (key, item) in entries {
                self.rules(inner, item_rules, item, &child(at, key), problems);
            }
        }
    }
}

impl Checker<'_> {
    /// Whether `pattern` matches somewhere in `text`, as the generated code would find, in
    /// bounded time. Patterns that reach here compile (see `effective`); one that does not is
    /// taken as matching, as the generated code leaves it out.
    fn pattern_match(&self, pattern: &str, text: &str) -> PatternMatch {
        let mut engines = self.engines.borrow_mut();
        let engine = engines
            .entry(pattern.to_string())
            .or_insert_with(|| Engine::new(pattern));
        let matched = match engine {
            None => true,
            Some(Engine::Linear(regex)) => regex.is_match(text),
            Some(Engine::Backtracking(regex)) => {
                match cost::backtracking_work(pattern, text.chars().count()) {
                    Some(work) if work <= cost::BUDGET => regex.find(text).is_some(),
                    _ => return PatternMatch::TooCostly,
                }
            }
        };
        if matched {
            PatternMatch::Yes
        } else {
            PatternMatch::No
        }
    }
}

/// The rules of numbers, checked with the runtime's comparisons.
fn number_rules<N: runtime::Number>(
    rules: &Constraints,
    n: N,
    at: &str,
    problems: &mut Vec<String>,
) {
    use std::cmp::Ordering;
    if let Some(min) = rules.minimum {
        let bad = match n.compare(min) {
            Some(Ordering::Less) => true,
            Some(Ordering::Equal) => rules.exclusive_minimum,
            _ => false,
        };
        if bad {
            let bound = if rules.exclusive_minimum {
                "greater than"
            } else {
                "at least"
            };
            problems.push(format!("{}{n} is not {bound} {min}", place(at)));
        }
    }
    if let Some(max) = rules.maximum {
        let bad = match n.compare(max) {
            Some(Ordering::Greater) => true,
            Some(Ordering::Equal) => rules.exclusive_maximum,
            _ => false,
        };
        if bad {
            let bound = if rules.exclusive_maximum {
                "less than"
            } else {
                "at most"
            };
            problems.push(format!("{}{n} is not {bound} {max}", place(at)));
        }
    }
    if let Some(step) = rules.multiple_of
        && !n.is_multiple_of(step)
    {
        problems.push(format!("{}{n} is not a multiple of {step}", place(at)));
    }
}

fn allowed_rule(rules: &Constraints, value: &Value, at: &str, problems: &mut Vec<String>) {
    if !rules.allowed.is_empty() && !rules.allowed.iter().any(|a| runtime::json_equal(a, value)) {
        problems.push(not_allowed(rules, value, at));
    }
}

fn not_allowed(rules: &Constraints, value: &Value, at: &str) -> String {
    let allowed: Vec<String> = rules
        .allowed
        .iter()
        .map(|v| quote(&v.to_string()))
        .collect();
    format!(
        "{}{} is not one of {}",
        place(at),
        show(value),
        allowed.join(", ")
    )
}

fn count_rule(
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
    noun: &str,
    at: &str,
    problems: &mut Vec<String>,
) {
    let len = len as u64;
    if let Some(min) = min
        && len < min
    {
        problems.push(format!("{}{len} {noun}, fewer than {min}", place(at)));
    }
    if let Some(max) = max
        && len > max
    {
        problems.push(format!("{}{len} {noun}, more than {max}", place(at)));
    }
}

/// Whether a value of type `ty` reads `null` as a value (any JSON value, or an item that may
/// be `null`).
/// An object shape's fields, as the runtime's `Shape` borrows them.
type Named<'a> = Vec<(&'a str, u8)>;
/// An object shape's listed texts, gathered.
type Texts<'a> = Vec<(&'a str, Vec<&'a str>)>;
/// An object shape's listed texts, as the runtime's `Shape` borrows them.
type Lists<'a> = Vec<(&'a str, &'a [&'a str])>;

/// The variants of an untagged union whose shape admits `value`, best first, ranked by the
/// runtime's own `untagged::ranked` on the shapes the generated code holds.
fn untagged_order(api: &Api, variants: &[Variant], value: &Value) -> Vec<usize> {
    use runtime::untagged::Shape;
    let shapes: Vec<Vec<VariantShape>> = variants
        .iter()
        .map(|variant| shapes::variant_shapes(api, &variant.ty, &mut Vec::new()))
        .collect();
    // The runtime's shapes borrow names and texts: gathered first, then borrowed.
    let objects: Vec<Vec<(Named<'_>, Texts<'_>)>> = shapes
        .iter()
        .map(|alternatives| {
            alternatives
                .iter()
                .map(|shape| match shape {
                    VariantShape::Object { fields, listed } => (
                        fields.iter().map(|(k, b)| (k.as_str(), *b)).collect(),
                        listed
                            .iter()
                            .map(|(k, texts)| {
                                (k.as_str(), texts.iter().map(String::as_str).collect())
                            })
                            .collect(),
                    ),
                    _ => (Vec::new(), Vec::new()),
                })
                .collect()
        })
        .collect();
    let listed: Vec<Vec<Lists<'_>>> = objects
        .iter()
        .map(|alternatives| {
            alternatives
                .iter()
                .map(|(_, listed)| listed.iter().map(|(k, t)| (*k, t.as_slice())).collect())
                .collect()
        })
        .collect();
    let runtime_shapes: Vec<Vec<Shape<'_>>> = shapes
        .iter()
        .enumerate()
        .map(|(v, alternatives)| {
            alternatives
                .iter()
                .enumerate()
                .map(|(a, shape)| match shape {
                    VariantShape::Kinds(bits) => Shape::Kinds(*bits),
                    VariantShape::Array(bits) => Shape::Array(*bits),
                    VariantShape::Map(bits) => Shape::Map(*bits),
                    VariantShape::Object { listed: texts, .. } if texts.is_empty() => {
                        Shape::Object(&objects[v][a].0)
                    }
                    VariantShape::Object { .. } => Shape::Listed(&objects[v][a].0, &listed[v][a]),
                })
                .collect()
        })
        .collect();
    let borrowed: Vec<&[Shape<'_>]> = runtime_shapes.iter().map(Vec::as_slice).collect();
    runtime::untagged::ranked(value, &borrowed)
}

fn accepts_null(api: &Api, ty: &Type) -> bool {
    matches!(kind(api, ty), Kind::Any | Kind::Nullable(_))
}

/// The struct a union variant of type `ty` is, with its name.
fn struct_of<'a>(api: &'a Api, ty: &Type) -> Option<(&'a str, &'a Struct)> {
    let Type::Ref(id) = ty else {
        return None;
    };
    let target = resolve_alias(api, *id)?;
    let def = api.types.get(target.0 as usize)?;
    match &def.kind {
        TypeKind::Struct(it) => Some((&def.name, it)),
        _ => None,
    }
}

fn lost(at: &str, owner: &str) -> String {
    format!("`{at}` is not a property of `{owner}` and would be lost")
}

/// `at/key` as a JSON pointer.
fn child(at: &str, key: &str) -> String {
    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// `at `/a/b`: ` in front of a problem, nothing at the root.
fn place(at: &str) -> String {
    if at.is_empty() {
        String::new()
    } else {
        format!("at `{at}`: ")
    }
}

/// A JSON value as inline code, shortened.
fn show(value: &Value) -> String {
    quote(&shorten(&value.to_string()))
}

/// Text in backticks, with backticks inside made harmless.
fn quote(text: &str) -> String {
    format!("`{}`", text.replace('`', "'").replace('\n', " "))
}

/// At most 60 characters of `text`.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

mod cost;

#[cfg(test)]
mod tests;
