//! Documents to model: classifies each doc (struct, enum, free-form, or not a wire type),
//! reads its table rows, resolves links by model name, and settles every field's wire name
//! from the config, from evidence in Example cells, or from the naming policy.
//!
//! Wire names, in this order: an override of the config; the key an Example cell's JSON shows
//! for the field (through lists, maps, nested models, and the one union variant an object
//! fits); the name OAuth 2.0 gives a token request parameter (`lower/oauth.rs`); else the
//! naming policy: the config's, or the one the docs show (Example cells, else parameter names
//! of the operation docs, `lower/naming.rs`), or the dialect's default. All but the first two
//! are guesses, reported as such. What the docs show of wire names, per era:
//!
//! | docs | Example column | JSON in Example cells | `UsageSnippet` path | what decides the policy |
//! |---|---|---|---|---|
//! | 2023–early 2024 (Wingspan TS, Python; Tigris; Speakeasy Ruby) | none (one Ruby table) | none | none | the dialect's default; for Python and Ruby, whose SDKs write snake_case whatever the wire, parameter names in operation summaries (`… by invoiceId`) |
//! | early 2024 C# (Plex) | half the tables | some | none | Example cells |
//! | late 2024 TypeScript (Mistral) | some | few | none | the default (TypeScript keeps wire names) |
//! | 2025–2026 (Prove, eGain, Authlete, factuarea, StackOne, Novu) | a quarter to three quarters of the tables (Authlete: 6 %) | many (Prove, factuarea, StackOne, Novu), few (eGain, Authlete) | yes (not Prove TS) | Example cells |
//!
//! What no doc shows stays a guess: acronyms Python and Ruby SDKs fold into snake_case
//! (`image_url` for `imageURL`), names the SDK lowercases (`attachments` for `Attachments`,
//! `default` for `_default`), numbers an API separates or not (`street_1` but `line1`), and
//! names in another case than the rest of the API (`statusCode` in a snake_case API).
//!
//! This module is the driver ([`lower`]) and the raw entries every step shares. The steps:
//! `shape` reads what each doc describes (its tables), with `unions` and `enums` for
//! `## Supported Types` and `## Values`; `links` resolves links by model name and decides
//! which docs are no wire type; `bare` finds the variants of Java's bare unions; `evidence`
//! and `policy` settle wire names (overrides and Example cells, then the naming policy, with
//! `naming` and `oauth` for the names operation docs and RFC 6749 show).

use std::collections::BTreeMap;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::files::{FileId, SourceMap, Span};
use crate::model::names::{self, UniqueNames};
use crate::model::{
    Api, Constraints, Field, NamingPolicy, Skipped, Struct, Tagging, Type, TypeDef, TypeId,
    TypeKind, Union, Variant, WireSource,
};

mod bare;
mod enums;
mod evidence;
mod links;
mod naming;
mod oauth;
mod policy;
mod shape;
mod unions;

use super::doc::{Cell, Document};
use super::operations::page::OperationDoc;
use super::types::{self, CellType, Dialect, TypeExpr, Wrapper};

use enums::{is_open_enum, lower_enum};
use evidence::{collect_evidence, config_overrides};
use links::{check_duplicates, mark_skipped, resolve_all};
use policy::infer_policy;
pub use policy::{default_policy, guess_wire_name};
use shape::{has_schema_section, read_shape};

/// One doc of the API with where it lives.
pub struct SourceDoc {
    /// The parsed document.
    pub doc: Document,
    /// Namespace from the folders between the API root and the file.
    pub namespace: Vec<String>,
}

/// What a doc describes.
enum Shape {
    Struct(Vec<RawField>),
    FreeForm,
    Enum(Vec<RawValue>),
    /// A `## Supported Types` union.
    Union(Vec<RawVariant>),
    /// A union the docs do not spell out (Java renders unions as a bare title).
    BareUnion,
    NotModel(&'static str),
}

struct RawField {
    sdk_name: String,
    deprecated: Option<String>,
    ty: CellType,
    required: bool,
    description: Option<String>,
    example: Option<(String, Span)>,
    span: Span,
    type_span: Span,
    /// Why the Type cell could not be read, when it could not: the field is then any JSON
    /// value (with a warning), or an error under `strict_types`.
    unreadable: Option<types::TypeError>,
}

struct RawVariant {
    name: String,
    expr: TypeExpr,
    span: Span,
}

struct RawValue {
    sdk_name: String,
    value: String,
    span: Span,
}

struct Entry {
    doc: usize,
    title: String,
    title_span: Span,
    namespace: Vec<String>,
    shape: Shape,
    skip: Option<&'static str>,
}

const BARE_UNION_NOTE: &str = "One of several types, which the docs do not list (Java SDK docs render a union as a bare title), so any JSON value is accepted.";

/// Lowers the parsed docs of one API. Diagnostics go to `diagnostics`; the result is `None`
/// when any of them is an error. The operation pages are read here only for the wire names
/// they show (see `lower/naming.rs`).
pub fn lower(
    sources: &SourceMap,
    name: &str,
    source_root: &str,
    (docs, operation_pages): (&[SourceDoc], &[OperationDoc]),
    config: &Config,
    config_file: Option<FileId>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Api> {
    let errors_before = diagnostics.iter().filter(|d| d.is_error()).count();
    let dialect = config.dialect.unwrap_or_else(|| detect_dialect(docs));
    let era = detect_era(dialect, docs);
    let reader = Reader { dialect, era };
    let mut entries = Vec::new();
    let mut untitled = Vec::new();
    for (doc_idx, source) in docs.iter().enumerate() {
        let Some(title) = &source.doc.title else {
            let span = Span::new(source.doc.file, 0..0);
            // Go's `operations/option.md` documents SDK call options, with no title.
            if !has_schema_section(&source.doc) {
                let name = sources
                    .get(source.doc.file)
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string();
                untitled.push(Skipped {
                    name,
                    reason: "not a model doc (no title and no schema section)".to_string(),
                    span,
                });
                continue;
            }
            diagnostics.push(
                Diagnostic::error(sources, span, Code::MissingTitle, "model doc has no title")
                    .with_hint("start the doc with `# ModelName`"),
            );
            continue;
        };
        let shape = read_shape(sources, reader, &source.doc, diagnostics);
        entries.push(Entry {
            doc: doc_idx,
            title: title.text.clone(),
            title_span: title.span,
            namespace: source.namespace.clone(),
            shape,
            skip: None,
        });
    }
    let mut untyped = report_unreadable(sources, config.strict_types, &entries, diagnostics);
    let by_name = check_duplicates(sources, &mut entries, diagnostics);
    let refs = resolve_all(
        sources,
        &entries,
        &by_name,
        config.strict_types,
        &mut untyped,
        diagnostics,
    );
    mark_skipped(&mut entries, &refs);
    let bare_variants = bare::settle(sources, &entries, &refs, diagnostics);

    // Final ids: kept entries sorted by namespace and title.
    let mut kept: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].skip.is_none())
        .collect();
    kept.sort_by(|&a, &b| {
        (&entries[a].namespace, &entries[a].title).cmp(&(&entries[b].namespace, &entries[b].title))
    });
    let mut final_id = vec![None; entries.len()];
    for (id, &entry) in kept.iter().enumerate() {
        final_id[entry] = Some(TypeId(id as u32));
    }

    let evidence = collect_evidence(sources, &entries, &refs, diagnostics);
    let (policy, policy_source) = match config.wire_names.policy {
        Some(policy) => (policy, WireSource::Policy(policy)),
        None => {
            let default = default_policy(dialect);
            let samples = naming::operation_samples(operation_pages);
            match infer_policy(dialect, default, &entries, &evidence, &samples) {
                Some(inferred) => {
                    diagnostics.push(
                        Diagnostic::at(
                            Severity::Note,
                            sources,
                            inferred.first,
                            Code::InferredWirePolicy,
                            format!(
                                "wire names without an override or an example are taken to be {}: {} of the {} names {} show in another case than the SDK's are {}",
                                inferred.policy, inferred.explained, inferred.informative, inferred.from, inferred.policy
                            ),
                        )
                        .with_hint(format!(
                            "set `wire_names.policy` in codegen.yaml to choose the policy yourself (the {dialect} docs' default is {default})"
                        )),
                    );
                    (
                        inferred.policy,
                        WireSource::Inferred {
                            policy: inferred.policy,
                            span: inferred.first,
                        },
                    )
                }
                None => (default, WireSource::Policy(default)),
            }
        }
    };
    let overrides = config_overrides(sources, config, config_file, &entries, diagnostics);
    let token_requests = token_requests(sources, &entries, &kept, diagnostics);

    let mut type_names: BTreeMap<&[String], UniqueNames> = BTreeMap::new();
    let mut types = Vec::new();
    for &idx in &kept {
        let entry = &entries[idx];
        let doc = &docs[entry.doc].doc;
        let (rust_name, renamed) = type_names
            .entry(&entry.namespace)
            .or_default()
            .claim(&names::type_ident(&entry.title));
        if renamed {
            diagnostics.push(Diagnostic::warning(
                sources,
                entry.title_span,
                Code::RenamedType,
                format!("`{}` is named `{rust_name}` in Rust: another model of its namespace has the same Rust name", entry.title),
            ));
        }
        let kind = match &entry.shape {
            Shape::Struct(fields) => {
                let mut field_names = UniqueNames::default();
                let fields = fields
                    .iter()
                    .enumerate()
                    .map(|(field_idx, raw)| {
                        let (wire_name, wire_source) = overrides
                            .get(&(idx, field_idx))
                            .or_else(|| evidence.get(&(idx, field_idx)))
                            .cloned()
                            .or_else(|| {
                                let name = (*token_requests.get(&idx)?.get(field_idx)?)?;
                                Some((name.to_string(), WireSource::Policy(NamingPolicy::SnakeCase)))
                            })
                            .unwrap_or_else(|| (guess_wire_name(dialect, policy, &entry.title, &raw.sdk_name), policy_source.clone()));
                        let (rust_name, renamed) = field_names.claim(&names::snake_ident(&raw.sdk_name));
                        if renamed {
                            diagnostics.push(Diagnostic::warning(
                                sources,
                                raw.span,
                                Code::RenamedField,
                                format!("field `{}` is named `{rust_name}` in Rust: an earlier field has the same Rust name", raw.sdk_name),
                            ));
                        }
                        let ty = lower_type(&raw.ty.expr, refs[idx][field_idx], &final_id);
                        let example = raw.example.as_ref().map(|(text, _)| text.as_str());
                        let ty = date_by_example(ty, example);
                        Field {
                            sdk_name: raw.sdk_name.clone(),
                            wire_name,
                            wire_source,
                            rust_name,
                            ty,
                            required: raw.required,
                            nullable: raw.ty.wrapper == Wrapper::Nullable
                                || raw.ty.wrapper == Wrapper::Pointer && raw.required
                                // PHP docs show a required `?string` as `*string*`; its
                                // example tells.
                                || example == Some("null"),
                            deprecated: raw.deprecated.clone(),
                            description: raw.description.clone(),
                            example: raw.example.as_ref().map(|(text, _)| text.clone()),
                            default: None,
                            constraints: const_constraints(&raw.ty.expr),
                            read_only: false,
                            write_only: false,
                            span: raw.span,
                        }
                    })
                    .collect();
                TypeKind::Struct(Struct {
                    fields,
                    ..Struct::default()
                })
            }
            Shape::Enum(values) => {
                let mut it = lower_enum(sources, dialect, &entry.title, values, diagnostics);
                it.open = is_open_enum(doc);
                TypeKind::Enum(it)
            }
            Shape::FreeForm => TypeKind::FreeForm,
            Shape::BareUnion => match bare_variants.get(&idx) {
                Some(found) => {
                    let mut variant_names = UniqueNames::default();
                    let variants = found
                        .iter()
                        .map(|v| Variant {
                            name: v.name.clone(),
                            rust_name: variant_names.claim(&names::pascal_ident(&v.name)).0,
                            ty: lower_type(&v.expr, v.target, &final_id),
                            tag: None,
                            constraints: Constraints::default(),
                            description: None,
                            span: entry.title_span,
                        })
                        .collect();
                    TypeKind::Union(Union {
                        variants,
                        tagging: Tagging::Untagged,
                    })
                }
                None => TypeKind::Alias(Type::Any),
            },
            Shape::Union(variants) => {
                let mut variant_names = UniqueNames::default();
                let variants = variants
                    .iter()
                    .enumerate()
                    .map(|(variant_idx, raw)| {
                        let (rust_name, _) = variant_names.claim(&names::pascal_ident(&raw.name));
                        Variant {
                            name: raw.name.clone(),
                            rust_name,
                            ty: lower_type(&raw.expr, refs[idx][variant_idx], &final_id),
                            tag: None,
                            constraints: Constraints::default(),
                            description: None,
                            span: raw.span,
                        }
                    })
                    .collect();
                TypeKind::Union(Union {
                    variants,
                    tagging: Tagging::Untagged,
                })
            }
            Shape::NotModel(_) => unreachable!("not-model docs are skipped"),
        };
        types.push(TypeDef {
            name: entry.title.clone(),
            namespace: entry.namespace.clone(),
            rust_name,
            description: match entry.shape {
                // Say in the docs why the type is so loose.
                Shape::BareUnion if !bare_variants.contains_key(&idx) => Some(
                    [doc.description.as_deref(), Some(BARE_UNION_NOTE)]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join("\n\n"),
                ),
                _ => doc.description.clone(),
            },
            deprecated: doc.deprecated.clone(),
            kind,
            span: entry.title_span,
        });
    }
    let skipped = entries
        .iter()
        .filter_map(|e| {
            Some(Skipped {
                name: e.title.clone(),
                reason: e.skip?.to_string(),
                span: e.title_span,
            })
        })
        .chain(untitled)
        .collect();
    let errors_after = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors_after == errors_before).then(|| Api {
        name: names::snake_ident(config.name.as_deref().unwrap_or(name)),
        source_root: source_root.to_string(),
        description: config.description.clone(),
        types,
        skipped,
        keep_unknown_fields: config.keep_unknown_fields,
        lenient_date_times: config.lenient_date_times,
        rust: config.rust.clone(),
        operations: Vec::new(),
        service: Default::default(),
        untyped,
        casing: names::Casing {
            acronyms: config.acronyms.clone(),
            verbatim: Vec::new(),
        },
        silenced: config.silence.clone(),
        package: config.package.clone(),
    })
}

/// Reports every field whose Type cell could not be read: an error under `strict_types`,
/// else a warning saying that the field is any JSON value. Returns how many are any JSON value.
fn report_unreadable(
    sources: &SourceMap,
    strict: bool,
    entries: &[Entry],
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let mut untyped = 0;
    for entry in entries {
        let Shape::Struct(fields) = &entry.shape else {
            continue;
        };
        for field in fields {
            let Some(err) = &field.unreadable else {
                continue;
            };
            let diagnostic = if strict {
                Diagnostic::error(sources, field.type_span, err.code, err.message.clone())
                    .with_hint(err.hint.clone())
            } else {
                untyped += 1;
                Diagnostic::warning(
                    sources,
                    field.type_span,
                    err.code,
                    format!(
                        "{}: `{}.{}` is generated as any JSON value",
                        err.message, entry.title, field.sdk_name
                    ),
                )
                .with_hint(format!(
                    "{}; set `strict_types: true` in codegen.yaml to make this an error",
                    err.hint
                ))
            };
            diagnostics.push(diagnostic);
        }
    }
    untyped
}

/// A date-time whose Example cell shows a plain date (`2024-01-01`) is a date: PHP's
/// `\DateTime` and Go's `time.Time` stand for both `format: date` and `format: date-time`.
fn date_by_example(ty: Type, example: Option<&str>) -> Type {
    let is_date = |text: &str| {
        let bytes = text.as_bytes();
        bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
    };
    match (ty, example) {
        (Type::DateTime, Some(text)) if is_date(text.trim_matches('"')) => Type::Date,
        (ty, _) => ty,
    }
}

/// The OAuth 2.0 token request models ([`oauth`]) among the kept entries, with the standard's
/// name of each of their parameter fields; a note says so for each.
fn token_requests(
    sources: &SourceMap,
    entries: &[Entry],
    kept: &[usize],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<usize, Vec<Option<&'static str>>> {
    let mut res = BTreeMap::new();
    for &idx in kept {
        let Shape::Struct(fields) = &entries[idx].shape else {
            continue;
        };
        let Some(names) = oauth::parameter_names(fields) else {
            continue;
        };
        let listed: Vec<String> = names.iter().flatten().map(|n| format!("`{n}`")).collect();
        diagnostics.push(
            Diagnostic::at(
                Severity::Note,
                sources,
                entries[idx].title_span,
                Code::InferredWirePolicy,
                format!(
                    "`{}` is an OAuth 2.0 token request (its grant type example is one of RFC 6749): fields without an override or an example take the standard's parameter names {}",
                    entries[idx].title,
                    listed.join(", ")
                ),
            )
            .with_hint("set the wire names under `wire_names.overrides` in codegen.yaml if the API names them otherwise"),
        );
        res.insert(idx, names);
    }
    res
}

/// The dialect whose grammar reads the most Type cells.
pub fn detect_dialect(docs: &[SourceDoc]) -> Dialect {
    let cells: Vec<&Cell> = docs
        .iter()
        .flat_map(|d| &d.doc.sections)
        .filter(|s| s.heading.text == "Fields")
        .flat_map(|s| &s.tables)
        .flat_map(|t| &t.rows)
        .filter_map(|r| r.cells.get(1))
        .collect();
    let score = |dialect: Dialect| {
        cells
            .iter()
            .filter(|c| types::parse(dialect, &c.inlines).is_ok())
            .count()
    };
    let mut best = Dialect::Java;
    let mut best_score = score(best);
    for dialect in Dialect::ALL.into_iter().skip(1) {
        let s = score(dialect);
        if s > best_score {
            best = dialect;
            best_score = s;
        }
    }
    best
}

/// The generator era of docs in `dialect` (see [`types::Era`]), read off their Type cells.
pub fn detect_era(dialect: Dialect, docs: &[SourceDoc]) -> types::Era {
    let cells: Vec<String> = docs
        .iter()
        .flat_map(|d| &d.doc.sections)
        .filter(|s| s.heading.text == "Fields")
        .flat_map(|s| &s.tables)
        .flat_map(|t| &t.rows)
        .filter_map(|r| r.cells.get(1))
        .map(Cell::plain_text)
        .collect();
    types::detect_era(dialect, cells.iter().map(String::as_str))
}

/// The dialect and era the docs are read in.
#[derive(Clone, Copy)]
struct Reader {
    dialect: Dialect,
    era: types::Era,
}

/// The model a field's type references (a Type cell names at most one), as an entry index.
type FieldRef = Option<usize>;

fn lower_type(expr: &TypeExpr, target: FieldRef, final_id: &[Option<TypeId>]) -> Type {
    match expr {
        TypeExpr::Prim(prim) => super::operations::prim_type(*prim),
        TypeExpr::Array(inner) => Type::Array(Box::new(lower_type(inner, target, final_id))),
        TypeExpr::Map(inner) => Type::Map(Box::new(lower_type(inner, target, final_id))),
        TypeExpr::Model { .. } => match target.and_then(|r| final_id[r]) {
            Some(id) => Type::Ref(id),
            // Unresolved links are errors already reported; the model is never used then.
            None => Type::Any,
        },
        TypeExpr::Synthetic(_) => Type::Any,
        TypeExpr::Const(prim, _) => lower_type(&TypeExpr::Prim(*prim), target, final_id),
    }
}

/// The rules a literal type sets: its value is the only one allowed (in a list, for every item).
fn const_constraints(expr: &TypeExpr) -> Constraints {
    match expr {
        TypeExpr::Const(_, value) => Constraints {
            allowed: vec![value.clone()],
            ..Constraints::default()
        },
        TypeExpr::Array(inner) => {
            let items = const_constraints(inner);
            Constraints {
                items: (!items.is_empty()).then(|| Box::new(items)),
                ..Constraints::default()
            }
        }
        _ => Constraints::default(),
    }
}
