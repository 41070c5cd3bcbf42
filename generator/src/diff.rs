//! Semantic API diff: what changed between two versions of the same APIs, in the terms a
//! client author cares about, each change classed as breaking or not separately for requests
//! (what clients send) and responses (what clients receive).

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::model::{
    Api, Constraints, Enum, Field, IntFormat, NumberFormat, Type, TypeDef, TypeKind,
};

/// Whether a change breaks clients in one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Existing clients keep working.
    Compatible,
    /// Existing clients may fail.
    Breaking,
}

/// What kind of change it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A model appeared.
    ModelAdded,
    /// A model disappeared.
    ModelRemoved,
    /// A model became another kind of type (struct, enum, union ...).
    ModelKindChanged,
    /// A field appeared.
    FieldAdded,
    /// A field disappeared.
    FieldRemoved,
    /// A field keeps its SDK name but has another JSON name.
    WireNameChanged,
    /// A field's type changed.
    TypeChanged,
    /// A field became required.
    BecameRequired,
    /// A field became optional.
    BecameOptional,
    /// A field now accepts `null`.
    BecameNullable,
    /// A field no longer accepts `null`.
    BecameNonNullable,
    /// An enum gained a value.
    EnumValueAdded,
    /// An enum lost a value.
    EnumValueRemoved,
    /// A union gained a variant.
    VariantAdded,
    /// A union lost a variant.
    VariantRemoved,
    /// A constraint became stricter.
    ConstraintTightened,
    /// A constraint became looser.
    ConstraintLoosened,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `api::Model` or `api::Model.field`.
    pub path: String,
    /// What changed.
    pub kind: ChangeKind,
    /// Effect on clients sending the model.
    pub request: Impact,
    /// Effect on clients receiving the model.
    pub response: Impact,
    /// The change in words.
    pub detail: String,
}

impl Change {
    /// Whether it breaks requests or responses.
    pub fn is_breaking(&self) -> bool {
        self.request == Impact::Breaking || self.response == Impact::Breaking
    }
}

/// Every change between two versions, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApiDiff {
    /// The changes, sorted by path and kind.
    pub changes: Vec<Change>,
}

impl ApiDiff {
    /// Whether any change breaks clients.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }

    /// The diff as pretty JSON, for CI bots.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_string())
    }
}

use ChangeKind as K;
use Impact::{Breaking as B, Compatible as C};

/// Compares `old` with `new`. APIs are matched by name, models by namespace and name, fields
/// by SDK name (so a new JSON name for the same member shows as a wire rename).
pub fn diff(old: &[Api], new: &[Api]) -> ApiDiff {
    let mut acc = Vec::new();
    let (old_apis, new_apis) = (apis_by_name(old), apis_by_name(new));
    for (name, old_api) in &old_apis {
        let Some(new_api) = new_apis.get(name) else {
            for ty in &old_api.types {
                acc.push(change(
                    path(name, ty),
                    K::ModelRemoved,
                    B,
                    B,
                    "model removed".into(),
                ));
            }
            continue;
        };
        diff_api(name, old_api, new_api, &mut acc);
    }
    for (name, new_api) in &new_apis {
        if !old_apis.contains_key(name) {
            for ty in &new_api.types {
                acc.push(change(
                    path(name, ty),
                    K::ModelAdded,
                    C,
                    C,
                    "model added".into(),
                ));
            }
        }
    }
    acc.sort_by(|a, b| (&a.path, a.kind).cmp(&(&b.path, b.kind)));
    ApiDiff { changes: acc }
}

fn apis_by_name(apis: &[Api]) -> BTreeMap<String, &Api> {
    apis.iter().map(|a| (a.name.clone(), a)).collect()
}

fn types_by_key(api: &Api) -> BTreeMap<(Vec<String>, String), &TypeDef> {
    api.types
        .iter()
        .map(|t| ((t.namespace.clone(), t.name.clone()), t))
        .collect()
}

fn fields_by_name(fields: &[Field]) -> BTreeMap<String, &Field> {
    fields.iter().map(|f| (f.sdk_name.clone(), f)).collect()
}

fn change(
    path: String,
    kind: ChangeKind,
    request: Impact,
    response: Impact,
    detail: String,
) -> Change {
    Change {
        path,
        kind,
        request,
        response,
        detail,
    }
}

fn path(api: &str, ty: &TypeDef) -> String {
    let mut parts = vec![api.to_string()];
    parts.extend(ty.namespace.iter().cloned());
    parts.push(ty.name.clone());
    parts.join("::")
}

fn diff_api(name: &str, old: &Api, new: &Api, acc: &mut Vec<Change>) {
    let (old_types, new_types) = (types_by_key(old), types_by_key(new));
    for (key, old_ty) in &old_types {
        let at = path(name, old_ty);
        match new_types.get(key) {
            None => acc.push(change(at, K::ModelRemoved, B, B, "model removed".into())),
            Some(new_ty) => diff_type(&at, (old, old_ty), (new, new_ty), acc),
        }
    }
    for (key, new_ty) in &new_types {
        if !old_types.contains_key(key) {
            acc.push(change(
                path(name, new_ty),
                K::ModelAdded,
                C,
                C,
                "model added".into(),
            ));
        }
    }
}

fn diff_type(
    at: &str,
    (old_api, old): (&Api, &TypeDef),
    (new_api, new): (&Api, &TypeDef),
    acc: &mut Vec<Change>,
) {
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            let (fa, fb) = (fields_by_name(&a.fields), fields_by_name(&b.fields));
            for (name, old_field) in &fa {
                let here = format!("{at}.{name}");
                match fb.get(name) {
                    // Sending a field the server dropped is usually ignored; receiving fewer
                    // fields breaks clients that relied on a required one.
                    None => acc.push(change(
                        here,
                        K::FieldRemoved,
                        C,
                        if old_field.required { B } else { C },
                        "field removed".into(),
                    )),
                    Some(new_field) => {
                        diff_field(&here, (old_api, old_field), (new_api, new_field), acc)
                    }
                }
            }
            for (name, new_field) in &fb {
                if !fa.contains_key(name) {
                    let (request, detail) = if new_field.required {
                        (B, "required field added: callers must now send it")
                    } else {
                        (C, "optional field added")
                    };
                    acc.push(change(
                        format!("{at}.{name}"),
                        K::FieldAdded,
                        request,
                        C,
                        detail.into(),
                    ));
                }
            }
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => diff_enum(at, a, b, acc),
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            let show = |ty: &Type, api: &Api| type_name(api, ty);
            let va: Vec<String> = a.variants.iter().map(|v| show(&v.ty, old_api)).collect();
            let vb: Vec<String> = b.variants.iter().map(|v| show(&v.ty, new_api)).collect();
            for v in va.iter().filter(|v| !vb.contains(v)) {
                acc.push(change(
                    at.to_string(),
                    K::VariantRemoved,
                    B,
                    C,
                    format!("variant `{v}` removed"),
                ));
            }
            for v in vb.iter().filter(|v| !va.contains(v)) {
                acc.push(change(
                    at.to_string(),
                    K::VariantAdded,
                    C,
                    B,
                    format!("variant `{v}` added: clients must handle it in responses"),
                ));
            }
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            if let Some((request, response, detail)) = type_change((old_api, a), (new_api, b)) {
                acc.push(change(
                    at.to_string(),
                    K::TypeChanged,
                    request,
                    response,
                    detail,
                ));
            }
        }
        (TypeKind::FreeForm, TypeKind::FreeForm) => {}
        (a, b) => acc.push(change(
            at.to_string(),
            K::ModelKindChanged,
            B,
            B,
            format!("{} became {}", kind(a), kind(b)),
        )),
    }
}

fn kind(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "an enum",
        TypeKind::Union(_) => "a union",
        TypeKind::FreeForm => "a free-form object",
        TypeKind::Alias(_) => "an alias",
    }
}

fn diff_field(
    at: &str,
    (old_api, a): (&Api, &Field),
    (new_api, b): (&Api, &Field),
    acc: &mut Vec<Change>,
) {
    let mut push = |kind, request, response, detail: String| {
        acc.push(change(at.to_string(), kind, request, response, detail))
    };
    if a.wire_name != b.wire_name {
        push(
            K::WireNameChanged,
            B,
            B,
            format!("wire name `{}` became `{}`", a.wire_name, b.wire_name),
        );
    }
    if let Some((request, response, detail)) = type_change((old_api, &a.ty), (new_api, &b.ty)) {
        push(K::TypeChanged, request, response, detail);
    }
    match (a.required, b.required) {
        (false, true) => push(
            K::BecameRequired,
            B,
            C,
            "became required: callers must now send it".into(),
        ),
        (true, false) => push(
            K::BecameOptional,
            C,
            B,
            "became optional: responses may leave it out".into(),
        ),
        _ => {}
    }
    match (a.nullable, b.nullable) {
        (false, true) => push(
            K::BecameNullable,
            C,
            B,
            "may now be null in responses".into(),
        ),
        (true, false) => push(K::BecameNonNullable, B, C, "no longer accepts null".into()),
        _ => {}
    }
    diff_constraints(&a.constraints, &b.constraints, &mut push);
}

/// How a type changed, when it did: breaking both ways, unless only whether items or values
/// may be `null` changed, which is classed like a field's nullability (allowing `null` breaks
/// what clients receive, no longer allowing it breaks what they send).
fn type_change(
    (old_api, a): (&Api, &Type),
    (new_api, b): (&Api, &Type),
) -> Option<(Impact, Impact, String)> {
    let (ta, tb) = (type_name(old_api, a), type_name(new_api, b));
    if ta == tb {
        return None;
    }
    let detail = format!("type `{ta}` became `{tb}`");
    let mut nulls = Nulls::default();
    if !nulls.compare((old_api, a), (new_api, b), "items") {
        return Some((B, B, detail));
    }
    Some(match (nulls.allowed, nulls.disallowed) {
        (Some(what), None) => (
            C,
            B,
            format!("{detail}: {what} may now be null in responses"),
        ),
        (None, Some(what)) => (B, C, format!("{detail}: {what} no longer accept null")),
        _ => (B, B, detail),
    })
}

/// Where two types differ in whether items or values may be `null`: the first place (`items`
/// or `values`) that now allows it, and the first that no longer does.
#[derive(Default)]
struct Nulls {
    allowed: Option<&'static str>,
    disallowed: Option<&'static str>,
}

impl Nulls {
    /// Whether `a` and `b` are the same type but for what may be `null`, noting where that
    /// changed; `what` names the values at this place.
    fn compare(
        &mut self,
        (old_api, a): (&Api, &Type),
        (new_api, b): (&Api, &Type),
        what: &'static str,
    ) -> bool {
        match (a, b) {
            (Type::Nullable(x), Type::Nullable(y)) => {
                self.compare((old_api, x), (new_api, y), what)
            }
            (Type::Nullable(x), y) => {
                self.disallowed.get_or_insert(what);
                self.compare((old_api, x), (new_api, y), what)
            }
            (x, Type::Nullable(y)) => {
                self.allowed.get_or_insert(what);
                self.compare((old_api, x), (new_api, y), what)
            }
            (Type::Array(x), Type::Array(y)) => self.compare((old_api, x), (new_api, y), "items"),
            (Type::Map(x), Type::Map(y)) => self.compare((old_api, x), (new_api, y), "values"),
            (x, y) => type_name(old_api, x) == type_name(new_api, y),
        }
    }
}

/// Tighter rules break what clients send; looser rules break what clients expect to receive.
fn diff_constraints(
    a: &Constraints,
    b: &Constraints,
    push: &mut impl FnMut(ChangeKind, Impact, Impact, String),
) {
    let mut bound = |name: &str, old: Option<f64>, new: Option<f64>, lower: bool| {
        let tighter = match (old, new) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(o), Some(n)) if o != n => (n > o) == lower,
            _ => return,
        };
        let show = |v: Option<f64>| v.map_or("none".to_string(), |v| v.to_string());
        let detail = format!("{name} {} became {}", show(old), show(new));
        if tighter {
            push(K::ConstraintTightened, B, C, detail);
        } else {
            push(K::ConstraintLoosened, C, B, detail);
        }
    };
    let num = |v: Option<u64>| v.map(|v| v as f64);
    bound("minLength", num(a.min_length), num(b.min_length), true);
    bound("maxLength", num(a.max_length), num(b.max_length), false);
    bound("minimum", a.minimum, b.minimum, true);
    bound("maximum", a.maximum, b.maximum, false);
    bound("minItems", num(a.min_items), num(b.min_items), true);
    bound("maxItems", num(a.max_items), num(b.max_items), false);
    bound(
        "minProperties",
        num(a.min_properties),
        num(b.min_properties),
        true,
    );
    bound(
        "maxProperties",
        num(a.max_properties),
        num(b.max_properties),
        false,
    );
    if a.pattern != b.pattern {
        let detail = format!("pattern {:?} became {:?}", a.pattern, b.pattern);
        if a.pattern.is_none() {
            push(K::ConstraintTightened, B, C, detail);
        } else {
            // A different pattern can reject values either way.
            push(K::ConstraintTightened, B, B, detail);
        }
    }
}

fn diff_enum(at: &str, a: &Enum, b: &Enum, acc: &mut Vec<Change>) {
    let va: Vec<&str> = a.values.iter().map(|v| v.wire_value.as_str()).collect();
    let vb: Vec<&str> = b.values.iter().map(|v| v.wire_value.as_str()).collect();
    for v in va.iter().filter(|v| !vb.contains(v)) {
        acc.push(change(
            at.to_string(),
            K::EnumValueRemoved,
            B,
            C,
            format!("value `{v}` removed"),
        ));
    }
    for v in vb.iter().filter(|v| !va.contains(v)) {
        // An open enum keeps unknown values, so a new one does not break decoding.
        let response = if b.open { C } else { B };
        acc.push(change(
            at.to_string(),
            K::EnumValueAdded,
            C,
            response,
            format!("value `{v}` added"),
        ));
    }
}

/// A type as a stable string: model references by name, primitives by their OpenAPI names
/// (formats where the type says one).
fn type_name(api: &Api, ty: &Type) -> String {
    match ty {
        Type::Ref(id) => api
            .types
            .get(id.0 as usize)
            .map_or_else(|| "?".to_string(), |t| t.name.clone()),
        Type::Array(inner) => format!("[{}]", type_name(api, inner)),
        Type::Map(inner) => format!("map<{}>", type_name(api, inner)),
        Type::Nullable(inner) => format!("{} | null", type_name(api, inner)),
        Type::String => "string".into(),
        Type::Integer(IntFormat::Int32) => "int32".into(),
        Type::Integer(IntFormat::Int64) => "int64".into(),
        Type::Integer(IntFormat::Unspecified) => "integer".into(),
        Type::Number(NumberFormat::Float) => "float".into(),
        Type::Number(NumberFormat::Double) => "double".into(),
        Type::Number(NumberFormat::Unspecified | NumberFormat::Any) => "number".into(),
        Type::Boolean => "boolean".into(),
        Type::Date => "date".into(),
        Type::DateTime => "date-time".into(),
        Type::Binary => "binary".into(),
        Type::Any => "any".into(),
    }
}

impl fmt::Display for ApiDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return writeln!(f, "no semantic changes");
        }
        let breaking = self.changes.iter().filter(|c| c.is_breaking()).count();
        let n = self.changes.len();
        writeln!(
            f,
            "{n} {}, {breaking} breaking:",
            if n == 1 { "change" } else { "changes" }
        )?;
        for c in &self.changes {
            let mark = |i: Impact| {
                if i == Impact::Breaking {
                    "BREAKING"
                } else {
                    "ok"
                }
            };
            writeln!(
                f,
                "  [request {:<8} response {:<8}] {}: {}",
                mark(c.request),
                mark(c.response),
                c.path,
                c.detail
            )?;
        }
        Ok(())
    }
}
