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

use std::collections::BTreeMap;

use crate::config::{self, Config};
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::files::{FileId, SourceMap, Span};
use crate::model::names::{self, UniqueNames};
use crate::model::{
    Api, Constraints, Enum, EnumRepr, EnumValue, Field, NamingPolicy, Skipped, Struct, Tagging,
    Type, TypeDef, TypeId, TypeKind, Union, Variant, WireSource,
};

mod bare;
mod naming;
mod oauth;

use super::doc::{Cell, Document, Inline, Row, Table};
use super::operations::page::OperationDoc;
use super::types::{self, CellType, Dialect, Prim, TypeExpr, Wrapper};

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

const RESPONSE_WRAPPER: &str = "response wrapper";
const HTTP_METADATA: &str = "SDK HTTP metadata";
const SECURITY: &str = "SDK security settings";
const DUPLICATE: &str = "duplicate title";
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

/// The naming policy that best inverts how a dialect's SDK names its members: Java, TypeScript
/// and PHP keep camelCase wire names as they are, Python and Ruby keep snake_case ones, and Go
/// and C# capitalise them, so camelCase is the likeliest wire form there.
pub fn default_policy(dialect: Dialect) -> NamingPolicy {
    match dialect {
        Dialect::Java | Dialect::TypeScript | Dialect::Php | Dialect::Python | Dialect::Ruby => {
            NamingPolicy::Sdk
        }
        Dialect::Go | Dialect::CSharp => NamingPolicy::CamelCase,
    }
}

/// The wire name `policy` derives from the SDK name of a field of the model `title`, undoing
/// what the dialect's SDKs are known to do to names: C# appends `Value` to a property named
/// like its class (`Address.AddressValue` is `address`), SDKs spell out numbers (`2021` is
/// `twoThousandAndTwentyOne`), and camelCase keeps the acronyms the doc shows (Go `MaxFileSizeMB` is `maxFileSizeMB`) except, in Go, the initialisms Go SDKs
/// capitalise whatever the wire says (`ClientID` is `clientId`).
pub fn guess_wire_name(
    dialect: Dialect,
    policy: NamingPolicy,
    title: &str,
    sdk_name: &str,
) -> String {
    let base = match dialect {
        Dialect::CSharp => sdk_name
            .strip_suffix("Value")
            .filter(|stem| *stem == title)
            .unwrap_or(sdk_name),
        _ => sdk_name,
    };
    // SDKs spell out a wire name that is a number (`2021` is `twoThousandAndTwentyOne`).
    if let Some(number) = names::spelled_number(base) {
        return number.to_string();
    }
    let keep = |word: &str| dialect != Dialect::Go || !names::GO_INITIALISMS.contains(&word);
    match policy {
        NamingPolicy::CamelCase => names::camel_case_keeping(base, false, keep),
        NamingPolicy::PascalCase => names::camel_case_keeping(base, true, keep),
        _ => names::apply_policy(policy, base),
    }
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

/// A naming policy read off the wire names the docs show.
struct InferredPolicy {
    policy: NamingPolicy,
    /// Evidence names the policy reproduces from their SDK names.
    explained: usize,
    /// Evidence names that tell policies apart (not the same in every case).
    informative: usize,
    /// The first place the policy is read from.
    first: Span,
    /// Where the names come from, for the note.
    from: &'static str,
}

const POLICIES: [NamingPolicy; 6] = [
    NamingPolicy::Sdk,
    NamingPolicy::CamelCase,
    NamingPolicy::SnakeCase,
    NamingPolicy::PascalCase,
    NamingPolicy::KebabCase,
    NamingPolicy::ScreamingSnakeCase,
];

/// How many shown wire names each policy reproduces from their SDK names.
#[derive(Default)]
struct Tally {
    /// For each informative name, which policies reproduce it.
    explains: Vec<[bool; POLICIES.len()]>,
    first: Option<Span>,
}

impl Tally {
    /// Counts one shown name. `loose` compares camelCase and PascalCase spellings up to the
    /// case of their acronyms: a path template's `{portalID}` shows a camelCase API whatever
    /// the policy makes of `ID`.
    fn add(
        &mut self,
        dialect: Dialect,
        title: &str,
        sdk: &str,
        wire: &str,
        span: Option<Span>,
        loose: bool,
    ) {
        let spelled: Vec<String> = POLICIES
            .iter()
            .map(|&p| guess_wire_name(dialect, p, title, sdk))
            .collect();
        if spelled.iter().all(|s| s == &spelled[0]) {
            return;
        }
        let mut explains = [false; POLICIES.len()];
        for ((same, spelling), policy) in explains.iter_mut().zip(&spelled).zip(POLICIES) {
            let camel = matches!(policy, NamingPolicy::CamelCase | NamingPolicy::PascalCase);
            *same = spelling == wire
                || loose
                    && camel
                    && spelling.eq_ignore_ascii_case(wire)
                    && spelling.chars().next() == wire.chars().next();
        }
        self.explains.push(explains);
        if let Some(span) = span {
            self.first = Some(self.first.map_or(span, |f: Span| f.min(span)));
        }
    }

    /// The policy that reproduces the most names, if it reproduces more than the default does,
    /// at least four in five of them, and at least two that the default does not: a lone
    /// `reply-to` among one-word names (which camelCase, snake_case and kebab-case spell alike)
    /// does not make an API kebab-case.
    fn decide(&self, default: NamingPolicy, from: &'static str) -> Option<InferredPolicy> {
        let default = POLICIES.iter().position(|&p| p == default)?;
        let count = |p: usize| self.explains.iter().filter(|e| e[p]).count();
        let best = (0..POLICIES.len()).max_by_key(|&p| (count(p), std::cmp::Reverse(p)))?;
        let beats = self
            .explains
            .iter()
            .filter(|e| e[best] && !e[default])
            .count();
        let informative = self.explains.len();
        (best != default
            && beats >= 2
            && count(best) > count(default)
            && count(best) * 5 >= informative * 4)
            .then_some(InferredPolicy {
                policy: POLICIES[best],
                explained: count(best),
                informative,
                first: self.first?,
                from,
            })
    }
}

/// The policy that the docs' own wire JSON shows, when it is not the dialect's default: the
/// policy that reproduces the most evidence names (among names some policies spell differently)
/// from their SDK names, if it reproduces at least two, more than the default does, and at least
/// four in five of them. A Python SDK of a camelCase API shows `answer_source` where the wire has
/// `answerSource`, and its examples say so. Where the Example cells show fewer than two such
/// names, the parameter names the operation docs show in prose and path templates count too
/// ([`naming`]): Wingspan's Python docs (2023) have no Example cells, and only their summaries
/// (`Get client-invoice by invoiceId`, parameter `invoice_id`) show that the API is camelCase.
fn infer_policy(
    dialect: Dialect,
    default: NamingPolicy,
    entries: &[Entry],
    evidence: &WireNames,
    samples: &[naming::Sample],
) -> Option<InferredPolicy> {
    let mut tally = Tally::default();
    for (&(idx, field_idx), (wire, source)) in evidence {
        let Shape::Struct(fields) = &entries[idx].shape else {
            continue;
        };
        let span = match source {
            WireSource::Evidence { span } => Some(*span),
            _ => None,
        };
        let sdk = &fields[field_idx].sdk_name;
        tally.add(dialect, &entries[idx].title, sdk, wire, span, false);
    }
    if tally.explains.len() >= 2 {
        return tally.decide(default, "the Example cells");
    }
    for sample in samples {
        tally.add(
            dialect,
            "",
            &sample.sdk,
            &sample.wire,
            Some(sample.span),
            true,
        );
    }
    tally.decide(
        default,
        "the Example cells and the operation docs (parameters named in summaries and path templates)",
    )
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

/// Whether a doc has a section that describes a wire type.
fn has_schema_section(doc: &Document) -> bool {
    doc.sections.iter().any(|s| {
        matches!(
            s.heading.text.as_str(),
            "Fields" | "Values" | "Supported Types"
        )
    })
}

/// Reports the text of a `## {section}` table that lacks its separator line.
fn table_without_separator(
    sources: &SourceMap,
    span: Span,
    section: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    diagnostics.push(
        Diagnostic::error(
            sources,
            span,
            Code::TableSeparator,
            format!("the `## {section}` table has no `| --- |` line under its header, so Markdown reads it as text"),
        )
        .with_hint("add a line such as `| --- | --- | --- | --- |` (one `---` per column) right under the header row"),
    );
}

/// Warns that a `## Fields` section has no table (`what` says how), so that the model,
/// generated as a free-form JSON object, is not a silent surprise.
fn free_form_fields(
    sources: &SourceMap,
    span: Span,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    diagnostics.push(
        Diagnostic::warning(
            sources,
            span,
            Code::FreeFormDoc,
            format!("the `## Fields` section {what}: the model is generated as a free-form JSON object (`serde_json::Map`)"),
        )
        .with_hint("list the fields in a `| Field | Type | Required | Description |` table to get a struct"),
    );
}

fn read_shape(
    sources: &SourceMap,
    reader: Reader,
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Shape {
    let dialect = reader.dialect;
    let section = |name: &str| doc.sections.iter().find(|s| s.heading.text == name);
    if let Some(fields) = section("Fields") {
        let Some(table) = fields.tables.first() else {
            match fields.pipe_text {
                Some(span) => table_without_separator(sources, span, "Fields", diagnostics),
                None => free_form_fields(sources, fields.heading.span, "has no table", diagnostics),
            }
            return Shape::FreeForm;
        };
        // Python SDKs document their retry settings (`utils/retryconfig.md`) with a table of
        // this shape; it describes SDK configuration, not a wire type.
        let header: Vec<String> = table.header.iter().map(|c| c.plain_text()).collect();
        if header == ["Name", "Type", "Description", "Example"] {
            return Shape::NotModel("SDK configuration");
        }
        if !check_header(
            sources,
            table,
            &[
                &["Field", "Type", "Required", "Description"],
                &["Field", "Type", "Required", "Description", "Example"],
            ],
            diagnostics,
        ) {
            return Shape::FreeForm;
        }
        // Speakeasy renders an object schema without properties as a table of no rows (554
        // docs of the corpus): a free-form object as the spec says, not a degradation.
        if table.rows.is_empty() {
            return Shape::FreeForm;
        }
        let fields = table
            .rows
            .iter()
            .filter_map(|row| read_field(sources, reader, table, row, diagnostics))
            .collect();
        return Shape::Struct(fields);
    }
    if let Some(values) = section("Values") {
        let Some(table) = values.tables.first() else {
            // TypeScript's flat layout lists the values as a literal union in a code block.
            if let Some(values) = values
                .code_blocks
                .iter()
                .find_map(|(_, block)| literal_union(block))
            {
                return Shape::Enum(values);
            }
            if let Some(span) = values.pipe_text {
                table_without_separator(sources, span, "Values", diagnostics);
                return Shape::Enum(Vec::new());
            }
            diagnostics.push(
                Diagnostic::error(sources, values.heading.span, Code::ValuesWithoutTable, "`## Values` has no table")
                    .with_hint("list the values in a `| Name | Value |` table, or as a TypeScript literal union (`\"a\" | \"b\"`) in a code block"),
            );
            return Shape::Enum(Vec::new());
        };
        if !check_header(sources, table, &[&["Name", "Value"]], diagnostics) {
            return Shape::Enum(Vec::new());
        }
        let values = table
            .rows
            .iter()
            .filter_map(|row| {
                check_width(sources, table, row, diagnostics).then_some(())?;
                let name = code_name(&row.cells[0])
                    .map(|(name, _)| name)
                    .unwrap_or_else(|| row.cells[0].plain_text());
                Some(RawValue {
                    sdk_name: name,
                    value: row.cells[1].raw.clone(),
                    span: row.span,
                })
            })
            .collect();
        return Shape::Enum(values);
    }
    if let Some(section) = section("Supported Types") {
        return read_union(sources, dialect, doc, section, diagnostics);
    }
    if doc.sections.is_empty() {
        // Java renders a union as a bare title: the docs do not say what it may hold.
        let span = doc
            .title
            .as_ref()
            .map_or(Span::new(doc.file, 0..0), |t| t.span);
        diagnostics.push(
            Diagnostic::warning(
                sources,
                span,
                Code::BareUnion,
                "the doc has no sections, as Java SDK docs render unions: the model is generated as any JSON value",
            )
            .with_hint("read the same API's docs in another dialect, or its OpenAPI document, to get the union's variants"),
        );
        return Shape::BareUnion;
    }
    Shape::NotModel("not a model doc")
}

/// Reads the variants of a `## Supported Types` section: one `###` per variant, named after
/// a model (`Foo`, `` `models.Foo` ``, `` `Components\Foo` ``), a primitive spelled the SDK's way
/// (C#'s `Str`, `Number`, `ArrayOfAny`; PHP's `mixed`), or, in Go, left empty with the type
/// in the constructor call of the code block below it.
fn read_union(
    sources: &SourceMap,
    dialect: Dialect,
    doc: &Document,
    section: &super::doc::Section,
    diagnostics: &mut Vec<Diagnostic>,
) -> Shape {
    let title = doc
        .title
        .as_ref()
        .map(|t| t.text.as_str())
        .unwrap_or_default();
    let mut variants = Vec::new();
    for sub in &section.subsections {
        let heading = sub.heading.text.trim();
        let span = sub.heading.span;
        let variant = if heading.is_empty() {
            go_constructor_variant(title, &sub.code_blocks)
        } else {
            named_variant(dialect, heading)
        };
        match variant {
            Some((name, expr)) => variants.push(RawVariant { name, expr, span }),
            None => diagnostics.push(
                Diagnostic::error(sources, span, Code::UnionVariant, format!("cannot tell the type of the union variant `{heading}`"))
                    .with_hint("a variant heading names a model doc or a primitive (`Str`, `Number`, `Boolean`, `ArrayOfAny`, `mixed`, ...)"),
            ),
        }
    }
    if variants.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                sources,
                section.heading.span,
                Code::EmptyUnion,
                "`## Supported Types` lists no variants: the model is generated as any JSON value",
            )
            .with_hint("add a `### Variant` heading per member type"),
        );
        return Shape::BareUnion;
    }
    Shape::Union(variants)
}

/// A variant heading: a primitive in the SDK's spelling, a (qualified) model name, or, as
/// TypeScript v2 names variants, a type (`` `string[]` ``, `` `components.Two[][]` ``,
/// `` `{ [k: string]: any }` ``). Variants named by a type get a name from it
/// (`ArrayOfString`, `MapOfAny`).
fn named_variant(dialect: Dialect, heading: &str) -> Option<(String, TypeExpr)> {
    if let Some(inner) = heading.strip_suffix("[]") {
        let (name, expr) = named_variant(dialect, inner.trim_end())?;
        let name = names::pascal_ident(&name);
        return Some((format!("ArrayOf{name}"), TypeExpr::Array(Box::new(expr))));
    }
    if let Some(expr) = synthetic_variant(heading) {
        return Some((heading.to_string(), expr));
    }
    if let Some(prim) = types::primitive(dialect, heading) {
        return Some((heading.to_string(), TypeExpr::Prim(prim)));
    }
    let name = heading.rsplit(['.', '\\', ':']).next().unwrap_or(heading);
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        let cell = types::parse(dialect, &[Inline::Text(heading.to_string())]).ok()?;
        return Some((type_variant_name(&cell.expr), cell.expr));
    }
    let qualifier = heading.len() > name.len();
    let qualifier = qualifier.then(|| {
        heading[..heading.len() - name.len()]
            .trim_end_matches(['.', '\\', ':'])
            .to_string()
    });
    Some((
        name.to_string(),
        TypeExpr::Model {
            name: name.to_string(),
            qualifier,
            dest: String::new(),
        },
    ))
}

/// A variant's name from its type, in the words C# SDKs use for the same variants (but
/// `String`, which C# cannot use and Rust can).
fn type_variant_name(expr: &TypeExpr) -> String {
    match expr {
        TypeExpr::Prim(prim) => match prim {
            Prim::String => "String",
            Prim::Int32 | Prim::Int64 | Prim::Int => "Integer",
            Prim::Float | Prim::Double | Prim::FloatAny | Prim::Number => "Number",
            Prim::Boolean => "Boolean",
            Prim::Date => "Date",
            Prim::DateTime => "DateTime",
            Prim::Any => "Any",
            Prim::Binary => "Bytes",
        }
        .to_string(),
        TypeExpr::Array(inner) => format!("ArrayOf{}", type_variant_name(inner)),
        TypeExpr::Map(inner) => format!("MapOf{}", type_variant_name(inner)),
        TypeExpr::Model { name, .. } => name.clone(),
        TypeExpr::Synthetic(name) => names::pascal_ident(name),
        TypeExpr::Const(prim, _) => type_variant_name(&TypeExpr::Prim(*prim)),
    }
}

/// C#'s names for primitive union members: `Str`, `Number`, `Boolean`, `Integer`, `Any`, and
/// `ArrayOf...`/`MapOf...` around them.
fn synthetic_variant(name: &str) -> Option<TypeExpr> {
    if let Some(inner) = name.strip_prefix("ArrayOf") {
        return synthetic_variant(inner).map(|t| TypeExpr::Array(Box::new(t)));
    }
    if let Some(inner) = name.strip_prefix("MapOf") {
        return synthetic_variant(inner).map(|t| TypeExpr::Map(Box::new(t)));
    }
    let prim = match name {
        "Str" => Prim::String,
        "Number" => Prim::Double,
        "Integer" | "Long" | "Int64" => Prim::Int64,
        "Int32" | "Int" => Prim::Int32,
        "Float" => Prim::Float,
        "Double" => Prim::Double,
        "Boolean" => Prim::Boolean,
        "Any" => Prim::Any,
        "DateTime" => Prim::DateTime,
        "Date" => Prim::Date,
        _ => return None,
    };
    Some(TypeExpr::Prim(prim))
}

/// Go's primitive variants have an empty heading; the code block below it calls the
/// variant's constructor with a value of the variant's type:
/// `components.CreateUnionNumber(float64{/* values here */})`.
fn go_constructor_variant(
    title: &str,
    blocks: &[(String, super::doc::Spanned)],
) -> Option<(String, TypeExpr)> {
    let code = &blocks.first()?.1.text;
    let call = code.split(&format!("Create{title}")).nth(1)?;
    let (name, rest) = call.split_once('(')?;
    let go_type = rest.split('{').next()?.trim();
    let cell = types::parse(Dialect::Go, &[Inline::Text(go_type.to_string())]).ok()?;
    let name = if name.is_empty() {
        title.to_string()
    } else {
        name.to_string()
    };
    Some((name, cell.expr))
}

/// The values of a TypeScript literal union such as `"control" | "article"` or `0 | 1 | 2`;
/// `None` when the block is anything else. An open enum ends the union with
/// `Unrecognized<string>` (or `Unrecognized<number>`), which is no value.
fn literal_union(block: &super::doc::Spanned) -> Option<Vec<RawValue>> {
    let text = block.text.trim();
    if text.is_empty() {
        return None;
    }
    text.split('|')
        .map(str::trim)
        .filter(|part| !is_unrecognized(part))
        .map(|part| {
            let value = if part.starts_with('"') {
                serde_json::from_str::<String>(part).ok()?
            } else {
                part.parse::<i64>().ok()?.to_string()
            };
            Some(RawValue {
                sdk_name: value.clone(),
                value,
                span: block.span,
            })
        })
        .collect()
}

/// TypeScript's member for values an open enum does not list: `Unrecognized<string>`.
fn is_unrecognized(part: &str) -> bool {
    part.strip_prefix("Unrecognized<")
        .is_some_and(|rest| rest.ends_with('>'))
}

fn check_header(
    sources: &SourceMap,
    table: &Table,
    allowed: &[&[&str]],
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let header: Vec<String> = table
        .header
        .iter()
        .map(|c| c.plain_text().trim().to_string())
        .collect();
    if allowed.iter().any(|a| a.iter().eq(header.iter())) {
        return true;
    }
    let want: Vec<String> = allowed
        .iter()
        .map(|a| format!("`| {} |`", a.join(" | ")))
        .collect();
    diagnostics.push(
        Diagnostic::error(
            sources,
            table.span,
            Code::TableHeader,
            format!("unexpected table header `| {} |`", header.join(" | ")),
        )
        .with_hint(format!(
            "the table must have the columns {}",
            want.join(" or ")
        )),
    );
    false
}

fn check_width(
    sources: &SourceMap,
    table: &Table,
    row: &Row,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if row.source_cells == table.header.len() {
        return true;
    }
    diagnostics.push(
        Diagnostic::error(
            sources,
            row.span,
            Code::ColumnCount,
            format!(
                "table row has {} cells, the header has {}",
                row.source_cells,
                table.header.len()
            ),
        )
        .with_hint("escape a `|` inside a cell as `\\|`, and give every row one cell per column"),
    );
    false
}

/// The backticked name of a Field or Name cell, and whether it is struck through.
fn code_name(cell: &Cell) -> Option<(String, bool)> {
    match cell.inlines.as_slice() {
        [Inline::Code(name)] => Some((name.clone(), false)),
        [Inline::Strikethrough(inner)] => match inner.as_slice() {
            [Inline::Code(name)] => Some((name.clone(), true)),
            _ => None,
        },
        _ => None,
    }
}

fn read_field(
    sources: &SourceMap,
    reader: Reader,
    table: &Table,
    row: &Row,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawField> {
    if !check_width(sources, table, row, diagnostics) {
        return None;
    }
    let [field, ty, required, description, rest @ ..] = row.cells.as_slice() else {
        return None;
    };
    let Some((sdk_name, struck)) = code_name(field) else {
        diagnostics.push(
            Diagnostic::error(
                sources,
                field.span,
                Code::FieldName,
                format!("expected a field name in backticks, found `{}`", field.raw),
            )
            .with_hint("write the Field cell as `` `name` `` (or ``~~`name`~~`` when deprecated)"),
        );
        return None;
    };
    let dialect = reader.dialect;
    // A cell no grammar reads is reported where the config's strictness is known (`lower`).
    let (cell_type, unreadable) = match types::parse(dialect, &ty.inlines) {
        Ok(t) => (t, None),
        Err(mut err) => {
            if err.code != Code::NestedTooDeep {
                err.hint = types::hint(dialect, reader.era).to_string();
            }
            err.message = format!(
                "{} in the Type cell `{}` ({dialect} dialect)",
                err.message,
                shorten_cell(&ty.raw)
            );
            let any = CellType {
                expr: TypeExpr::Prim(Prim::Any),
                wrapper: Wrapper::None,
            };
            (any, Some(err))
        }
    };
    let required = match required.raw.as_str() {
        ":heavy_check_mark:" => true,
        ":heavy_minus_sign:" => false,
        other => {
            diagnostics.push(
                Diagnostic::error(sources, required.span, Code::RequiredCell, format!("unexpected Required cell `{other}`"))
                    .with_hint("write `:heavy_check_mark:` for required fields and `:heavy_minus_sign:` for optional ones"),
            );
            return None;
        }
    };
    let (description, deprecated) = split_field_description(&description.raw);
    let example = rest.first().and_then(|cell| {
        let text = example_text(&cell.raw);
        (!text.is_empty()).then_some((text, cell.span))
    });
    let deprecated = deprecated.or_else(|| struck.then(String::new));
    Some(RawField {
        sdk_name,
        deprecated,
        ty: cell_type,
        required,
        description,
        example,
        span: row.span,
        type_span: ty.span,
        unreadable,
    })
}

/// An Example cell as the value it shows: `<br/>` line breaks restored, MDX's `\{` unescaped.
fn example_text(raw: &str) -> String {
    raw.replace("<br/>", "\n")
        .replace("\\{", "{")
        .trim()
        .to_string()
}

/// Splits the deprecation notice Speakeasy puts in front of a deprecated field's description.
fn split_field_description(raw: &str) -> (Option<String>, Option<String>) {
    let raw = raw.trim();
    for marker in [": warning: ** DEPRECATED **:", ":warning: **DEPRECATED**:"] {
        if let Some(rest) = raw.strip_prefix(marker) {
            let (note, description) = match rest.split_once("<br/><br/>") {
                Some((note, description)) => (note.trim(), Some(description.trim())),
                None => (rest.trim(), None),
            };
            let description = description
                .filter(|d| !d.is_empty() && *d != "N/A")
                .map(str::to_string);
            return (description, Some(note.to_string()));
        }
    }
    let description = (!raw.is_empty() && raw != "N/A").then(|| raw.to_string());
    (description, None)
}

/// Entries by title; reports two docs with the same title in one namespace.
fn check_duplicates(
    sources: &SourceMap,
    entries: &mut [Entry],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<usize>> {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for idx in 0..entries.len() {
        let entry = &entries[idx];
        let same = by_name.entry(entry.title.clone()).or_default();
        if let Some(&first) = same
            .iter()
            .find(|&&other| entries[other].namespace == entry.namespace)
        {
            diagnostics.push(
                Diagnostic::error(
                    sources,
                    entry.title_span,
                    Code::DuplicateModel,
                    format!("two docs define the model `{}`", entry.title),
                )
                .with_related(sources, entries[first].title_span, "first defined here")
                .with_hint("give each model doc a unique `# Title` within its folder"),
            );
            entries[idx].skip = Some(DUPLICATE);
            continue;
        }
        same.push(idx);
    }
    by_name
}

/// The model a field's type references (a Type cell names at most one), as an entry index.
type FieldRef = Option<usize>;

/// For every entry and field, the entry its type references. A link to a model no doc
/// defines is an error under `strict_types`; otherwise a warning, and the field or variant is
/// any JSON value (counted in `untyped`).
fn resolve_all(
    sources: &SourceMap,
    entries: &[Entry],
    by_name: &BTreeMap<String, Vec<usize>>,
    strict: bool,
    untyped: &mut usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Vec<FieldRef>> {
    let mut links = Links {
        sources,
        entries,
        by_name,
        strict,
        untyped,
        diagnostics,
    };
    entries
        .iter()
        .map(|entry| match &entry.shape {
            Shape::Struct(fields) => fields
                .iter()
                .map(|field| {
                    let (name, qualifier, dest) = model_of(&field.ty.expr)?;
                    links.resolve(entry, field.type_span, name, qualifier, dest)
                })
                .collect(),
            Shape::Union(variants) => variants
                .iter()
                .map(|variant| {
                    let (name, qualifier, dest) = model_of(&variant.expr)?;
                    links.resolve(entry, variant.span, name, qualifier, dest)
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// The model named in a type: name, qualifier and link target.
fn model_of(expr: &TypeExpr) -> Option<(&str, Option<&str>, &str)> {
    match expr {
        TypeExpr::Array(inner) | TypeExpr::Map(inner) => model_of(inner),
        TypeExpr::Model {
            name,
            qualifier,
            dest,
        } => Some((name, qualifier.as_deref(), dest)),
        TypeExpr::Prim(_) | TypeExpr::Synthetic(_) | TypeExpr::Const(..) => None,
    }
}

/// What resolving links needs.
struct Links<'a> {
    sources: &'a SourceMap,
    entries: &'a [Entry],
    by_name: &'a BTreeMap<String, Vec<usize>>,
    strict: bool,
    untyped: &'a mut usize,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Links<'_> {
    fn resolve(
        &mut self,
        from: &Entry,
        span: Span,
        name: &str,
        qualifier: Option<&str>,
        dest: &str,
    ) -> Option<usize> {
        let (sources, entries) = (self.sources, self.entries);
        let by_name = self.by_name;
        let mut candidates = by_name.get(name).map(Vec::as_slice).unwrap_or_default();
        // A union spelled inline (Ruby's `T.any(...)`, PHP's `A|B`) is named by the file it
        // links to, which Ruby and Go write in lower case: match the title regardless of case
        // then.
        let from_file = [".md", ".mdx"]
            .iter()
            .any(|ext| dest.ends_with(&format!("/{name}{ext}")) || dest == format!("{name}{ext}"));
        if candidates.is_empty() && from_file {
            let mut folded = by_name
                .iter()
                .filter(|(title, _)| title.eq_ignore_ascii_case(name));
            if let (Some((_, only)), None) = (folded.next(), folded.next()) {
                candidates = only;
            }
        }
        let in_namespace = |ns: &str| -> Vec<usize> {
            candidates
                .iter()
                .copied()
                .filter(|&c| {
                    entries[c]
                        .namespace
                        .last()
                        .is_some_and(|last| last.eq_ignore_ascii_case(ns))
                })
                .collect()
        };
        let pick = match candidates {
            [] => {
                let what = if dest.is_empty() {
                    format!("`{name}` names a model that no doc defines")
                } else {
                    format!("link to model `{name}`, which no doc defines")
                };
                let hint = if dest.is_empty() {
                    format!("add a doc titled `# {name}`")
                } else {
                    format!(
                        "add a doc titled `# {name}`, or fix the link (links are resolved by model name, not by path: {dest})"
                    )
                };
                let diagnostic = if self.strict {
                    Diagnostic::error(sources, span, Code::DanglingLink, what).with_hint(hint)
                } else {
                    *self.untyped += 1;
                    Diagnostic::warning(
                        sources,
                        span,
                        Code::DanglingLink,
                        format!("{what}: `{}` holds any JSON value there", from.title),
                    )
                    .with_hint(format!(
                        "{hint}; set `strict_types: true` in codegen.yaml to make this an error"
                    ))
                };
                self.diagnostics.push(diagnostic);
                return None;
            }
            [only] => Some(*only),
            _ => {
                let by_qualifier = qualifier.map(in_namespace).filter(|c| c.len() == 1);
                let dest_folder = dest.rsplit('/').nth(1).unwrap_or("");
                let by_dest = Some(in_namespace(dest_folder)).filter(|c| c.len() == 1);
                let by_own = Some(
                    candidates
                        .iter()
                        .copied()
                        .filter(|&c| entries[c].namespace == from.namespace)
                        .collect::<Vec<_>>(),
                )
                .filter(|c| c.len() == 1);
                by_qualifier.or(by_dest).or(by_own).map(|c| c[0])
            }
        };
        if pick.is_none() {
            self.diagnostics.push(
                Diagnostic::error(sources, span, Code::AmbiguousLink, format!("link to model `{name}` is ambiguous: several folders define it"))
                    .with_hint("qualify the link with the folder, e.g. `components.Name`, or link to the file in that folder"),
            );
        }
        pick
    }
}

/// Decides which entries describe no wire type: not-model docs, SDK HTTP metadata (fields of
/// SDK-only types), response wrappers (docs that hold such a type or HTTP metadata), and the
/// SDK's unreferenced `Security` settings.
fn mark_skipped(entries: &mut [Entry], refs: &[Vec<FieldRef>]) {
    for entry in entries.iter_mut() {
        if entry.skip.is_some() {
            continue;
        }
        entry.skip = match &entry.shape {
            Shape::NotModel(reason) => Some(reason),
            // An operation's response that is JSON or an event stream, as Go docs show it.
            Shape::Union(variants) if variants.iter().any(|v| is_synthetic(&v.expr)) => {
                Some(RESPONSE_WRAPPER)
            }
            Shape::Struct(fields) if fields.iter().any(|f| is_synthetic(&f.ty.expr)) => {
                let wraps_model = fields.iter().any(|f| {
                    !is_synthetic(&f.ty.expr) && matches!(f.ty.expr, TypeExpr::Model { .. })
                });
                Some(if wraps_model {
                    RESPONSE_WRAPPER
                } else {
                    HTTP_METADATA
                })
            }
            _ => None,
        };
    }
    loop {
        let mut changed = false;
        for idx in 0..entries.len() {
            if entries[idx].skip.is_some() {
                continue;
            }
            let refers_to_skipped = refs[idx].iter().flatten().any(|&r| {
                entries[r]
                    .skip
                    .is_some_and(|s| s == HTTP_METADATA || s == RESPONSE_WRAPPER)
            });
            if refers_to_skipped {
                entries[idx].skip = Some(RESPONSE_WRAPPER);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let referenced: Vec<usize> = refs.iter().flatten().flatten().copied().collect();
    for (idx, entry) in entries.iter_mut().enumerate() {
        if entry.skip.is_none() && entry.title == "Security" && !referenced.contains(&idx) {
            entry.skip = Some(SECURITY);
        }
    }
}

fn is_synthetic(expr: &TypeExpr) -> bool {
    match expr {
        TypeExpr::Synthetic(_) => true,
        TypeExpr::Array(inner) | TypeExpr::Map(inner) => is_synthetic(inner),
        _ => false,
    }
}

/// A Type cell as quoted in a message: whole when short, else its first 60 characters.
fn shorten_cell(raw: &str) -> String {
    const SHOWN: usize = 60;
    match raw.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &raw[..end]),
        None => raw.to_string(),
    }
}

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

/// Go docs mark enums that accept any value with a comment in their usage example
/// (`// Open enum: custom values can be created with a direct type cast`), Ruby ones
/// likewise (`# Open enum: use .deserialize()`); TypeScript v2 ends the literal union of
/// `## Values` with `Unrecognized<string>`.
fn is_open_enum(doc: &Document) -> bool {
    let marked = doc
        .sections
        .iter()
        .filter(|s| s.heading.text == "Example Usage")
        .flat_map(|s| &s.code_blocks)
        .any(|(_, block)| block.text.contains("Open enum"));
    marked
        || doc
            .sections
            .iter()
            .filter(|s| s.heading.text == "Values")
            .flat_map(|s| &s.code_blocks)
            .any(|(_, block)| block.text.split('|').any(|p| is_unrecognized(p.trim())))
}

fn lower_enum(
    sources: &SourceMap,
    dialect: Dialect,
    title: &str,
    values: &[RawValue],
    diagnostics: &mut Vec<Diagnostic>,
) -> Enum {
    let integer = !values.is_empty() && values.iter().all(|v| v.value.parse::<i64>().is_ok());
    let mut variant_names = UniqueNames::default();
    let values = values
        .iter()
        .map(|v| {
            let base = match dialect {
                Dialect::Go => v.sdk_name.strip_prefix(title).filter(|rest| !rest.is_empty()).unwrap_or(&v.sdk_name),
                _ => &v.sdk_name,
            };
            let (rust_name, renamed) = variant_names.claim(&names::pascal_ident(base));
            if renamed {
                diagnostics.push(Diagnostic::warning(
                    sources,
                    v.span,
                    Code::RenamedEnumValue,
                    format!("enum value `{}` is named `{rust_name}` in Rust: an earlier value has the same Rust name", v.sdk_name),
                ));
            }
            EnumValue { sdk_name: v.sdk_name.clone(), wire_value: v.value.clone(), rust_name, description: None, span: v.span }
        })
        .collect();
    Enum {
        strict: false,
        repr: if integer {
            EnumRepr::Integer
        } else {
            EnumRepr::String
        },
        open: false,
        values,
    }
}

type WireNames = BTreeMap<(usize, usize), (String, WireSource)>;

/// Wire names from Example cells: an Example holding JSON for a field whose type is (a list or
/// map of) a model shows that model's wire keys; nested objects show nested models' keys, and
/// an object where a union is expected shows the keys of the one model variant it fits.
fn collect_evidence(
    sources: &SourceMap,
    entries: &[Entry],
    refs: &[Vec<FieldRef>],
    diagnostics: &mut Vec<Diagnostic>,
) -> WireNames {
    let mut walk = EvidenceWalk {
        sources,
        entries,
        refs,
        found: WireNames::new(),
        diagnostics,
    };
    for (idx, entry) in entries.iter().enumerate() {
        let Shape::Struct(fields) = &entry.shape else {
            continue;
        };
        for (field_idx, field) in fields.iter().enumerate() {
            let Some((example, span)) = &field.example else {
                continue;
            };
            if !example.starts_with(['{', '[']) {
                continue;
            }
            let Ok(value) = serde_json::from_str::<serde_json::Value>(example) else {
                continue;
            };
            walk.value(&field.ty.expr, refs[idx][field_idx], &value, *span);
        }
    }
    walk.found
}

struct EvidenceWalk<'a> {
    sources: &'a SourceMap,
    entries: &'a [Entry],
    refs: &'a [Vec<FieldRef>],
    found: WireNames,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl EvidenceWalk<'_> {
    fn value(&mut self, expr: &TypeExpr, target: FieldRef, value: &serde_json::Value, span: Span) {
        match (expr, value) {
            (TypeExpr::Array(inner), serde_json::Value::Array(items)) => {
                for item in items {
                    self.value(inner, target, item, span);
                }
            }
            (TypeExpr::Map(inner), serde_json::Value::Object(map)) => {
                for item in map.values() {
                    self.value(inner, target, item, span);
                }
            }
            (TypeExpr::Model { .. }, serde_json::Value::Object(map)) => {
                if let Some(target) = target {
                    self.object(target, map, span);
                }
            }
            _ => {}
        }
    }

    fn object(
        &mut self,
        target: usize,
        map: &serde_json::Map<String, serde_json::Value>,
        span: Span,
    ) {
        let entries = self.entries;
        if let Shape::Union(_) = &entries[target].shape {
            if let Some(variant) = self.variant_of(target, map) {
                self.object(variant, map, span);
            }
            return;
        }
        let Shape::Struct(fields) = &entries[target].shape else {
            return;
        };
        for (key, value) in map {
            let folded = names::fold(key);
            let Some(field_idx) = fields.iter().position(|f| f.sdk_name == *key).or_else(|| {
                fields
                    .iter()
                    .position(|f| names::fold(&f.sdk_name) == folded)
            }) else {
                continue;
            };
            match self.found.get(&(target, field_idx)) {
                None => {
                    self.found.insert(
                        (target, field_idx),
                        (key.clone(), WireSource::Evidence { span }),
                    );
                }
                Some((earlier, WireSource::Evidence { span: first })) if earlier != key => {
                    let message = format!(
                        "Example cells disagree on the wire name of `{}.{}`: `{earlier}` and `{key}`",
                        entries[target].title, fields[field_idx].sdk_name
                    );
                    let first = *first;
                    self.diagnostics.push(
                        Diagnostic::warning(self.sources, span, Code::WireNameConflict, message)
                            .with_related(self.sources, first, "the first example, which is used")
                            .with_hint(
                                "set the wire name in the spec config under `wire_names.overrides`",
                            ),
                    );
                }
                Some(_) => {}
            }
            let field = &fields[field_idx];
            self.value(&field.ty.expr, self.refs[target][field_idx], value, span);
        }
    }

    /// The one model variant of the union `target` that has a field for every key of an
    /// example object (up to case and separators), if exactly one has: an email message's
    /// `reply-to` shows the wire name of the email variant, not of the SMS one.
    fn variant_of(
        &self,
        target: usize,
        map: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<usize> {
        let Shape::Union(variants) = &self.entries[target].shape else {
            return None;
        };
        let mut fitting = variants.iter().enumerate().filter_map(|(i, variant)| {
            if !matches!(variant.expr, TypeExpr::Model { .. }) {
                return None;
            }
            let model = self.refs[target].get(i).copied().flatten()?;
            let Shape::Struct(fields) = &self.entries[model].shape else {
                return None;
            };
            let has = |key: &String| {
                let folded = names::fold(key);
                fields.iter().any(|f| names::fold(&f.sdk_name) == folded)
            };
            map.keys().all(has).then_some(model)
        });
        let first = fitting.next()?;
        fitting.next().is_none().then_some(first)
    }
}

fn config_overrides(
    sources: &SourceMap,
    config: &Config,
    config_file: Option<FileId>,
    entries: &[Entry],
    diagnostics: &mut Vec<Diagnostic>,
) -> WireNames {
    let mut res = WireNames::new();
    let Some(file) = config_file else { return res };
    for (model, fields) in &config.wire_names.overrides {
        let targets: Vec<usize> = (0..entries.len())
            .filter(|&i| entries[i].title == *model && entries[i].skip.is_none())
            .collect();
        if targets.is_empty() {
            let span = config::key_span(sources, file, &["wire_names", "overrides", model]);
            diagnostics.push(
                Diagnostic::error(
                    sources,
                    span,
                    Code::OverrideUnknownModel,
                    format!("wire-name override for model `{model}`, which no doc defines"),
                )
                .with_hint("name a model by its doc's `# Title`"),
            );
            continue;
        }
        for (sdk_name, wire) in fields {
            let span =
                config::key_span(sources, file, &["wire_names", "overrides", model, sdk_name]);
            let mut matched = false;
            for &target in &targets {
                let Shape::Struct(struct_fields) = &entries[target].shape else {
                    continue;
                };
                if let Some(field_idx) = struct_fields.iter().position(|f| f.sdk_name == *sdk_name)
                {
                    res.insert(
                        (target, field_idx),
                        (wire.clone(), WireSource::Config { span }),
                    );
                    matched = true;
                }
            }
            if !matched {
                diagnostics.push(
                    Diagnostic::error(sources, span, Code::OverrideUnknownField, format!("wire-name override for field `{sdk_name}`, which model `{model}` does not have"))
                        .with_hint("name the field as the doc's Field column spells it"),
                );
            }
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_examples_show_the_wire_names_of_the_one_variant_they_fit() {
        let table = "| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n";
        let doc = |path: &str, text: String| crate::files::SourceFile::new(path, text);
        let input = crate::ApiInput {
            name: "msgs".into(),
            config: Some(doc("codegen.yaml", "dialect: csharp\n".into())),
            docs: vec![
                doc(
                    "Holder.md",
                    "# Holder\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n| `Content` | [Content](Content.md) | :heavy_check_mark: | N/A | {\"reply-to\": \"a@b.c\", \"bodyText\": \"x\"} |\n| `Other` | [Content](Content.md) | :heavy_check_mark: | N/A | {\"bodyText\": \"x\"} |\n".into(),
                ),
                doc(
                    "Content.md",
                    "# Content\n\n## Supported Types\n\n### Sms\n\n```csharp\nContent.CreateSms(/* values here */);\n```\n\n### Email\n\n```csharp\nContent.CreateEmail(/* values here */);\n```\n".into(),
                ),
                doc("Sms.md", format!("# Sms\n\n## Fields\n\n{table}| `BodyText` | *string* | :heavy_check_mark: | N/A |\n")),
                doc("Email.md", format!("# Email\n\n## Fields\n\n{table}| `BodyText` | *string* | :heavy_check_mark: | N/A |\n| `ReplyTo` | *string* | :heavy_check_mark: | N/A |\n")),
            ],
            ..crate::ApiInput::default()
        };
        let mut sources = SourceMap::default();
        let mut diagnostics = Vec::new();
        let api = super::super::read_api(&mut sources, &input, &mut diagnostics)
            .unwrap_or_else(|| panic!("{diagnostics:#?}"));
        let wire = |model: &str, field: &str| {
            let ty = api.types.iter().find(|t| t.name == model).unwrap();
            let TypeKind::Struct(s) = &ty.kind else {
                panic!("{ty:#?}")
            };
            let f = s.fields.iter().find(|f| f.sdk_name == field).unwrap();
            (f.wire_name.clone(), f.wire_source.is_guess())
        };
        // The first example fits Email only; the second, `bodyText` alone, fits both variants
        // and tells nothing.
        assert_eq!(wire("Email", "ReplyTo"), ("reply-to".to_string(), false));
        assert_eq!(wire("Email", "BodyText"), ("bodyText".to_string(), false));
        assert_eq!(wire("Sms", "BodyText"), ("bodyText".to_string(), true));
    }

    #[test]
    fn one_name_does_not_change_the_policy() {
        let span = Span::new(FileId(0), 0..1);
        let tally = |names: &[(&str, &str)]| {
            let mut tally = Tally::default();
            for (sdk, wire) in names {
                tally.add(Dialect::CSharp, "Email", sdk, wire, Some(span), false);
            }
            tally
        };
        // One-word names are spelled alike by camelCase, snake_case and kebab-case; only
        // `reply-to` tells them apart, and one name is not enough.
        let lone = tally(&[
            ("Body", "body"),
            ("From", "from"),
            ("Subject", "subject"),
            ("ReplyTo", "reply-to"),
        ]);
        assert!(
            lone.decide(NamingPolicy::CamelCase, "the Example cells")
                .is_none()
        );
        let two = tally(&[
            ("Body", "body"),
            ("ReplyTo", "reply-to"),
            ("SentAt", "sent-at"),
        ]);
        let inferred = two
            .decide(NamingPolicy::CamelCase, "the Example cells")
            .expect("two kebab-case names");
        assert_eq!(inferred.policy, NamingPolicy::KebabCase);
        assert_eq!((inferred.explained, inferred.informative), (3, 3));
    }

    #[test]
    fn operation_names_infer_the_policy() {
        let span = Span::new(FileId(0), 0..1);
        let sample = |sdk: &str, wire: &str| naming::Sample {
            sdk: sdk.into(),
            wire: wire.into(),
            span,
        };
        let samples = [
            sample("invoice_id", "invoiceId"),
            sample("member_id", "memberId"),
            // A path template's acronym still shows camelCase.
            sample("portal_id", "portalID"),
        ];
        let inferred = infer_policy(
            Dialect::Python,
            NamingPolicy::Sdk,
            &[],
            &WireNames::new(),
            &samples,
        )
        .expect("three camelCase names");
        assert_eq!(inferred.policy, NamingPolicy::CamelCase);
        assert_eq!((inferred.explained, inferred.informative), (3, 3));
        // Prose that shows the SDK's own spelling as often leaves the default.
        let mixed = [
            sample("invoice_id", "invoiceId"),
            sample("member_id", "memberId"),
            sample("invoice_id", "invoice_id"),
            sample("member_id", "member_id"),
        ];
        assert!(
            infer_policy(
                Dialect::Python,
                NamingPolicy::Sdk,
                &[],
                &WireNames::new(),
                &mixed
            )
            .is_none()
        );
        // A single name is not enough.
        assert!(
            infer_policy(
                Dialect::Python,
                NamingPolicy::Sdk,
                &[],
                &WireNames::new(),
                &samples[..1]
            )
            .is_none()
        );
        // Loose matching is for shown names of the operation docs only.
        let mut tally = Tally::default();
        tally.add(
            Dialect::Python,
            "",
            "portal_id",
            "portalID",
            Some(span),
            false,
        );
        assert_eq!(tally.explains, [[false; POLICIES.len()]]);
    }

    fn model(name: &str, qualifier: Option<&str>) -> TypeExpr {
        TypeExpr::Model {
            name: name.into(),
            qualifier: qualifier.map(Into::into),
            dest: String::new(),
        }
    }

    #[test]
    fn variant_headings_name_models_primitives_or_types() {
        let prim = |p| TypeExpr::Prim(p);
        let arr = |t| TypeExpr::Array(Box::new(t));
        let ts = Dialect::TypeScript;
        let cases = [
            (ts, "Pet", ("Pet", model("Pet", None))),
            (
                ts,
                "components.Pet",
                ("Pet", model("Pet", Some("components"))),
            ),
            (ts, "string", ("string", prim(Prim::String))),
            // TypeScript v2 names variants by their type.
            (ts, "string[]", ("ArrayOfString", arr(prim(Prim::String)))),
            (
                ts,
                "components.Two[][]",
                (
                    "ArrayOfArrayOfTwo",
                    arr(arr(model("Two", Some("components")))),
                ),
            ),
            (
                ts,
                "{ [k: string]: any }",
                ("MapOfAny", TypeExpr::Map(Box::new(prim(Prim::Any)))),
            ),
            (
                Dialect::Ruby,
                "Models::Components::Pet",
                ("Pet", model("Pet", Some("Models::Components"))),
            ),
            (
                Dialect::Python,
                "List[str]",
                ("ArrayOfString", arr(prim(Prim::String))),
            ),
            (
                Dialect::CSharp,
                "ArrayOfStr",
                ("ArrayOfStr", arr(prim(Prim::String))),
            ),
        ];
        for (dialect, heading, (name, expr)) in cases {
            assert_eq!(
                named_variant(dialect, heading),
                Some((name.to_string(), expr)),
                "{dialect} `{heading}`"
            );
        }
        assert_eq!(named_variant(ts, "not a type!"), None);
    }

    #[test]
    fn literal_unions_list_values_and_end_open() {
        let block = |text: &str| super::super::doc::Spanned {
            text: text.to_string(),
            span: Span::new(FileId(0), 0..0),
        };
        let values = |text: &str| {
            literal_union(&block(text)).map(|v| v.into_iter().map(|v| v.value).collect::<Vec<_>>())
        };
        assert_eq!(
            values("\"a\" | \"b c\""),
            Some(vec!["a".into(), "b c".into()])
        );
        assert_eq!(values("0 | -1"), Some(vec!["0".into(), "-1".into()]));
        assert_eq!(
            values("\"stop\" | \"length\" | Unrecognized<string>"),
            Some(vec!["stop".into(), "length".into()])
        );
        assert_eq!(values("string | number"), None);
        assert!(is_unrecognized("Unrecognized<number>"));
        assert!(!is_unrecognized("Unrecognized"));
    }
}
