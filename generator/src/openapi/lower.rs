//! OpenAPI schemas to model. Every schema under `components.schemas` becomes a named type
//! (claiming its name first), then the inline schemas of other components and of operations
//! are visited in document order; inline schemas that need a type of their own (objects with
//! properties, enums of several values, unions) are named after where they are:
//!
//! | place | name |
//! |---|---|
//! | property `tags` of `Pet` | `PetTags` |
//! | items of an array (or values of a map) named `X` | `XItem` (`XValue`) |
//! | variant of union `X` | `X` + the variant's title, tag value or position (`X1`) |
//! | request body of operation `createPet` | `CreatePetRequest` |
//! | response `200` of `listPets` | `ListPetsResponse200` |
//! | parameter `status` of `listPets` | `ListPetsStatus` |
//! | operation without `operationId`: `get /pets/{id}` | `GetPetsId...` |
//!
//! Names are unique within the API (a later taker gets `2`, `3`, ...), so no two types share a
//! name even at the crate root. Component schemas go to the API's root namespace, inline
//! schemas of operations to `operations`. `TypeDef.name` is the schema's name for component
//! schemas (so the model compares with the Markdown one), the Rust name for the others.
//!
//! Shapes: `allOf` members are merged (properties, `required`, and for other keywords the
//! including schema wins); a wrapper with one member and only annotations (`allOf: [$ref]`,
//! `anyOf: [T, {type: "null"}]`) stands for its member; `oneOf`/`anyOf` of two or more is a
//! union, tagged as `tagging` explains, its untagged variants ordered by `specificity`;
//! an enum of several values is a type of its own, a single value (or `const`) in place a
//! primitive with `Constraints::allowed`; an object without properties is a map of its
//! `additionalProperties`, or free-form, and one with properties keeps the others in a map
//! typed by its `additionalProperties` when that admits them (`Struct::additional`). A
//! `oneOf`/`anyOf` whose members only require listed properties and add rules to them is not a
//! union but rules of the struct (`Struct::alternatives`); a rule every member adds to the
//! same property is that property's own.
//!
//! Degrade rules: what cannot be typed (`not`, `if`, tuples, URL refs, a value that is not a
//! schema) is any JSON value with a warning; several `oneOf` groups in one `allOf` keep only the
//! merged properties, with a warning. Errors (a dangling `$ref`, a cycle of refs with no object
//! on it, a keyword whose value is of the wrong JSON type or impossible, such as `required:
//! name` or `minLength: -1`) stop the API. A `default` that does not fit its field's type and
//! rules is left out with a warning, so no generated default fails its own validation.
//!
//! The rules of an inline `oneOf`/`anyOf` member that gets no type of its own (`{type: string,
//! maxLength: 3}`) stay with its variant (`Variant::constraints`), as do those of a schema with
//! several types, for each type it admits.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;

use crate::ApiInput;
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::files::{SourceMap, Span};
use crate::model::names::{self, UniqueNames};
use crate::model::operation::{
    BodyEncoding, Content, Method, Parameter, ParameterIn, RequestBody, Response,
    SecurityRequirement, Status, Style,
};
use crate::model::{
    Additional, Alternatives, Api, Branch, Constraints, Documented, Enum, EnumRepr, EnumValue,
    Field, IntFormat, NumberFormat, Operation, SpecExample, Struct, Tagging, Type, TypeDef, TypeId,
    TypeKind, Union, Variant, WireSource,
};

use super::merge;
use super::tree::{self, Node};
use super::{Docs, Loc, RefError};

/// Keys that describe a schema without changing its shape. A `$ref`, or a wrapper (`allOf`
/// with one member, `anyOf`/`oneOf` with one member besides `null`), whose other keys are all
/// of these stands for its target.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "nullable",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "default",
    "externalDocs",
    "xml",
    "$comment",
    "$schema",
    "$id",
    "discriminator",
    "type",
];

/// Lowers the documents of one API; `None` when the root document is not OpenAPI 3 or when an
/// error was reported.
pub(super) fn lower(
    sources: &SourceMap,
    docs: &Docs,
    input: &ApiInput,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Api, Vec<SpecExample>)> {
    let root = docs.root(0);
    let root_loc = Loc {
        doc: 0,
        pointer: String::new(),
    };
    match root.get("openapi").and_then(Node::scalar_text) {
        Some(version) if version.starts_with("3.0") || version.starts_with("3.1") => {}
        Some(version) => {
            let span = docs.span(sources, &root_loc.child("openapi"));
            diagnostics.push(
                Diagnostic::warning(
                    sources,
                    span,
                    Code::OpenApiVersion,
                    format!("OpenAPI version `{version}` is read as 3.1 (at `#/openapi`)"),
                )
                .with_hint("this reader knows OpenAPI 3.0 and 3.1"),
            );
        }
        None => {
            let (code, message, hint) = if root.get("swagger").is_some() {
                (
                    Code::Swagger2,
                    "Swagger 2.0 documents are not supported (at `#/swagger`)",
                    "convert the document to OpenAPI 3 (for example with swagger2openapi)",
                )
            } else {
                (
                    Code::NotOpenApi,
                    "not an OpenAPI document: it has no `openapi` version (at `#`)",
                    "an OpenAPI document starts with `openapi: 3.1.0` (or 3.0.x)",
                )
            };
            let at = if root.get("swagger").is_some() {
                root_loc.child("swagger")
            } else {
                root_loc
            };
            let span = docs.span(sources, &at);
            diagnostics.push(Diagnostic::error(sources, span, code, message).with_hint(hint));
            return None;
        }
    }
    let mut cx = Lowerer {
        sources,
        docs,
        diagnostics,
        slots: Vec::new(),
        names: UniqueNames::default(),
        by_loc: HashMap::new(),
        queue: VecDeque::new(),
        nullable: HashMap::new(),
        component_nodes: HashMap::new(),
        flat: HashMap::new(),
        reported: HashSet::new(),
        errors: 0,
        operations: Vec::new(),
        keep_unknown_fields: config.keep_unknown_fields,
        dangling_as_any: config.dangling_refs_as_any,
        type_renames: &config.type_renames,
        null_refs: null_refs(docs),
        schema_types: HashMap::new(),
        media_types: Vec::new(),
    };
    cx.components();
    cx.operations();
    cx.drain();
    let (types, operations, spec_examples) = cx.finish()?;
    let description = config.description.clone().or_else(|| {
        root.at_pointer("/info/description")
            .and_then(Node::as_str)
            .filter(|d| !d.trim().is_empty())
            .map(str::to_string)
    });
    let mut api = Api {
        name: names::snake_ident(config.name.as_deref().unwrap_or(&input.name)),
        source_root: input.root.clone(),
        description,
        types,
        skipped: Vec::new(),
        keep_unknown_fields: config.keep_unknown_fields,
        lenient_date_times: config.lenient_date_times,
        rust: config.rust.clone(),
        operations,
        service: super::service::service(root, |reference| {
            docs.node(&docs.resolve(0, reference).ok()?)
        }),
        untyped: 0,
        casing: names::Casing {
            acronyms: config.acronyms.clone(),
            verbatim: config
                .type_renames
                .values()
                .map(|r| r.name.clone())
                .collect(),
        },
        silenced: config.silence.clone(),
        package: config.package.clone(),
    };
    drop_misfit_defaults(sources, &mut api, diagnostics);
    crate::config::apply_member_renames(sources, config, &mut api, diagnostics);
    Some((api, spec_examples))
}

/// Leaves out every field `default` that does not fit the field's type and rules (a string
/// for an integer, a value outside the `enum` or other than the `const`), with a warning: a
/// default is what a missing value becomes, so it must pass the checks a sent value does.
fn drop_misfit_defaults(sources: &SourceMap, api: &mut Api, diagnostics: &mut Vec<Diagnostic>) {
    let mut misfits = Vec::new();
    for (type_idx, ty) in api.types.iter().enumerate() {
        let TypeKind::Struct(it) = &ty.kind else {
            continue;
        };
        for (field_idx, field) in it.fields.iter().enumerate() {
            let Some(value) = &field.default else {
                continue;
            };
            if let Some(reason) = crate::examples::value_misfit(api, field, value) {
                let message = format!(
                    "the default of `{}.{}` does not fit it, so it is left out: {reason}",
                    ty.name, field.wire_name
                );
                diagnostics.push(
                    Diagnostic::warning(sources, field.span, Code::DefaultMisfit, message)
                        .with_hint(
                            "correct the default, or its type, `enum` or `const`, in the spec",
                        ),
                );
                misfits.push((type_idx, field_idx));
            }
        }
    }
    for (type_idx, field_idx) in misfits {
        if let TypeKind::Struct(it) = &mut api.types[type_idx].kind {
            it.fields[field_idx].default = None;
        }
    }
}

/// Where a type goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ns {
    /// The API's root module: component schemas and what they contain.
    Root,
    /// `operations`: inline schemas of parameters, request bodies and responses.
    Operations,
}

impl Ns {
    fn path(self) -> Vec<String> {
        match self {
            Ns::Root => Vec::new(),
            Ns::Operations => vec!["operations".to_string()],
        }
    }
}

/// What a schema is lowered into: a named type that exists already (a component), or whatever
/// fits in place (a type expression, or a new named type when it needs one).
#[derive(Debug, Clone, Copy)]
enum Target {
    Inline,
    Named(TypeId),
}

/// A named type while lowering: the kind is filled in once its schema is read.
struct Slot {
    loc: Loc,
    name: String,
    rust_name: String,
    ns: Ns,
    kind: Option<TypeKind>,
    description: Option<String>,
    deprecated: Option<String>,
}

/// What a field takes from its schema besides the type.
#[derive(Debug, Clone, Default)]
struct Ann {
    description: Option<String>,
    deprecated: Option<String>,
    read_only: bool,
    write_only: bool,
    example: Option<String>,
    default: Option<serde_json::Value>,
}

impl Ann {
    fn of(node: &Node) -> Ann {
        Ann {
            description: node
                .str("description")
                .filter(|d| !d.trim().is_empty())
                .map(str::to_string),
            deprecated: node.flag("deprecated").then(|| {
                node.str("x-speakeasy-deprecation-message")
                    .unwrap_or("")
                    .to_string()
            }),
            read_only: node.flag("readOnly"),
            write_only: node.flag("writeOnly"),
            example: example_text(node),
            default: node.get("default").map(Node::to_json),
        }
    }

    /// These annotations, with `inner`'s filling the gaps.
    fn or(self, inner: Ann) -> Ann {
        Ann {
            description: self.description.or(inner.description),
            deprecated: self.deprecated.or(inner.deprecated),
            read_only: self.read_only || inner.read_only,
            write_only: self.write_only || inner.write_only,
            example: self.example.or(inner.example),
            default: self.default.or(inner.default),
        }
    }
}

/// A string example as it is (as the Markdown docs show it); anything else as compact JSON.
fn example_text(node: &Node) -> Option<String> {
    let example = node
        .get("example")
        .or_else(|| node.get("examples").and_then(|e| e.items().first()))?;
    match example {
        Node::Null => None,
        Node::String(s) => Some(s.clone()),
        other => Some(other.to_compact_json()),
    }
}

/// The name an inline schema's type gets if it needs one: `base` and then `part` (made
/// `PascalCase` when `pascal`). Built only when a type is made, since most schemas (strings,
/// refs) need none.
#[derive(Debug, Clone, Copy)]
struct Hint<'h> {
    base: &'h str,
    part: &'h str,
    pascal: bool,
}

impl<'h> Hint<'h> {
    fn new(name: &'h str) -> Hint<'h> {
        Hint {
            base: name,
            part: "",
            pascal: false,
        }
    }

    /// The type of property `property` of type `owner`: `PetTags`.
    fn property(owner: &'h str, property: &'h str) -> Hint<'h> {
        Hint {
            base: owner,
            part: property,
            pascal: true,
        }
    }

    fn name(&self) -> String {
        if self.pascal {
            format!("{}{}", self.base, names::pascal_ident(self.part))
        } else {
            format!("{}{}", self.base, self.part)
        }
    }
}

/// What a schema place documents, for its examples: the type it was lowered into, whether
/// it admits `null`, and the rules its type does not carry.
fn documented(lowered: &Lowered) -> Documented {
    Documented {
        ty: lowered.ty.clone(),
        nullable: lowered.nullable,
        constraints: lowered.constraints.clone(),
    }
}

/// A schema lowered in place.
struct Lowered {
    ty: Type,
    nullable: bool,
    constraints: Constraints,
    ann: Ann,
}

impl Lowered {
    /// The type of an array item or map value lowered as `self`: [`Type::Nullable`] when the
    /// schema admits `null`, unless it is any JSON value, which admits `null` already.
    fn element_type(&self) -> Type {
        if self.nullable && self.ty != Type::Any {
            Type::Nullable(Box::new(self.ty.clone()))
        } else {
            self.ty.clone()
        }
    }
}

/// One schema of an `allOf` merge: the schema's own keys, or a member's.
type Layer<'a> = (Loc, &'a Node);

/// A schema being flattened: its own place, the places of its parts (see
/// [`Lowerer::frame`]), and how many of them are done.
struct Frame<'a> {
    loc: Loc,
    node: &'a Node,
    parts: Vec<Layer<'a>>,
    next: usize,
}

/// Keys of which every layer counts (merged over the layers, or looked for in each); of any
/// other key only the last layer that has it counts.
const MERGED_KEYS: &[&str] = &[
    "properties",
    "required",
    "oneOf",
    "anyOf",
    "not",
    "if",
    "$dynamicRef",
    "prefixItems",
];

/// `layers` with each place once (where it first comes) and without the layers whose keys
/// all come again later, as none of them counts (see [`MERGED_KEYS`]).
fn compact_layers(layers: Vec<Layer<'_>>) -> Vec<Layer<'_>> {
    let mut places = HashSet::new();
    let first: Vec<bool> = layers.iter().map(|(loc, _)| places.insert(loc)).collect();
    let mut keys: HashSet<&str> = HashSet::new();
    let mut keep = vec![false; layers.len()];
    for (idx, (_, node)) in layers.iter().enumerate().rev() {
        if !first[idx] {
            continue;
        }
        for (key, _) in node.entries() {
            if keys.insert(key.as_str()) || MERGED_KEYS.contains(&key.as_str()) {
                keep[idx] = true;
            }
        }
    }
    layers
        .into_iter()
        .zip(keep)
        .filter_map(|(layer, keep)| keep.then_some(layer))
        .collect()
}

/// A property of an object schema (merged over `allOf`).
#[derive(Clone)]
struct Prop<'a> {
    name: String,
    loc: Loc,
    node: &'a Node,
    required: bool,
}

/// The members of one `oneOf`/`anyOf` (without its `null` members).
struct Group<'a> {
    layer: Loc,
    members: Vec<Layer<'a>>,
    discriminator: Option<&'a Node>,
}

/// What a schema turns out to be, before any named type is made for it.
enum Plan<'a> {
    Plain(Type, Constraints),
    Array(Option<Layer<'a>>, Constraints),
    Map(Layer<'a>, Constraints),
    Struct(Vec<Prop<'a>>, Extras<'a>),
    FreeForm(Constraints),
    Enum(Enum),
    Union(Group<'a>, Vec<Prop<'a>>),
    Types(Vec<String>, Vec<Layer<'a>>),
}

/// What an object schema says besides its properties.
#[derive(Default)]
struct Extras<'a> {
    /// Its `additionalProperties` schema (or `true`), when it admits unlisted properties.
    additional: Option<Layer<'a>>,
    /// Its `anyOf`/`oneOf` groups whose members only require and narrow listed properties.
    alternatives: Vec<Group<'a>>,
}

/// A union member with what tagging needs to know about it.
struct Member<'a> {
    loc: Loc,
    node: &'a Node,
    /// The target when the member is a `$ref`.
    target: Option<Loc>,
    props: Vec<Prop<'a>>,
    object: bool,
}

/// How a union's variants are told apart, with each variant's tag.
enum Tags {
    Untagged,
    Internal(String, Vec<String>),
    Adjacent(String, String, Vec<String>),
}

struct Lowerer<'a> {
    sources: &'a SourceMap,
    docs: &'a Docs,
    /// The `$ref`s of the component schemas that admit only `null` (`NullObject: {type:
    /// "null"}`): a `oneOf`/`anyOf` member that names one is the union's `null`, not a variant.
    null_refs: BTreeSet<String>,
    /// What each schema place read so far was lowered into (the first reading), for the
    /// spec's examples (see [`super::examples`]).
    schema_types: HashMap<Loc, Documented>,
    /// What the schema of each media type object read so far was lowered into.
    media_types: Vec<(Loc, Documented)>,
    diagnostics: &'a mut Vec<Diagnostic>,
    slots: Vec<Slot>,
    /// Rust names of all types of the API.
    names: UniqueNames,
    /// The named type of each schema place that has one.
    by_loc: HashMap<Loc, TypeId>,
    /// Types made for `$ref` targets outside `components.schemas`, not read yet.
    queue: VecDeque<TypeId>,
    /// Whether the schema at a place admits `null`, following refs.
    nullable: HashMap<Loc, bool>,
    /// The schemas of `components.schemas` by place: found without a walk along the
    /// document's keys, whose cost grows with their number.
    component_nodes: HashMap<Loc, &'a Node>,
    /// The layers of each schema flattened so far (see [`Lowerer::layers`]); `None` for the
    /// schemas on or around an `allOf` cycle.
    flat: HashMap<Loc, Option<Rc<[Layer<'a>]>>>,
    /// Diagnostics already given, by place and kind, so shared schemas report once.
    reported: HashSet<(Loc, Code)>,
    errors: usize,
    /// Operations with their parameters and bodies, in document order.
    operations: Vec<OperationDraft>,
    /// Whether structs keep the properties the spec does not list.
    keep_unknown_fields: bool,
    /// `dangling_refs: any`: a `$ref` that leads nowhere is any JSON value, with a warning.
    dangling_as_any: bool,
    /// Rust names the config gives schemas.
    type_renames: &'a BTreeMap<String, crate::config::Renamed>,
}

/// An operation before the types are numbered.
struct OperationDraft {
    name: String,
    id: Option<String>,
    method: Method,
    path: String,
    summary: Option<String>,
    description: Option<String>,
    group: Option<String>,
    deprecated: bool,
    loc: Loc,
    parameters: Vec<ParameterDraft>,
    /// Whether the body is required, its description and media types.
    request: Option<(bool, Option<String>, MediaTypes)>,
    /// Status, description and media types of each response.
    responses: Vec<(Status, Option<String>, MediaTypes)>,
    security: Vec<SecurityRequirement>,
}

/// The media types of a body with the type of each, when it has a schema.
type MediaTypes = Vec<(String, Option<Type>)>;

/// A parameter before the types are numbered.
struct ParameterDraft {
    name: String,
    /// The SDK's name for it (`x-speakeasy-name-override`).
    shown: Option<String>,
    required: bool,
    lowered: Lowered,
    loc: Loc,
    location: ParameterIn,
    style: Style,
    explode: bool,
}

impl<'a> Lowerer<'a> {
    fn diagnose(&mut self, severity: Severity, loc: &Loc, code: Code, message: String, hint: &str) {
        if !self.reported.insert((loc.clone(), code)) {
            return;
        }
        if severity == Severity::Error {
            self.errors += 1;
        }
        let span = self.docs.span(self.sources, loc);
        self.diagnostics
            .push(Diagnostic::at(severity, self.sources, span, code, message).with_hint(hint));
    }

    fn warn_unsupported(&mut self, loc: &Loc, what: &str) {
        let message = format!(
            "{what} is not supported; `{}` is generated as any JSON value (`serde_json::Value`)",
            self.docs.display(loc)
        );
        self.diagnose(
            Severity::Warning,
            loc,
            Code::Unsupported,
            message,
            "the value is kept as it is on the wire, without a Rust type",
        );
    }

    /// Registers a named type for the schema at `loc`: `name` is the schema's own name, else
    /// `wanted` is made up from where it is, and cut to [`names::MAX_MADE_UP_NAME_LEN`].
    fn register(&mut self, loc: Loc, name: Option<&str>, wanted: &str, ns: Ns) -> TypeId {
        let full = names::type_ident(wanted);
        let ident = match name {
            Some(_) => full.clone(),
            None => names::shorten(&full, names::MAX_MADE_UP_NAME_LEN),
        };
        let (rust_name, _) = self.names.claim(&ident);
        // A made-up name keeps its full length in the model (what the docs of an SDK call the
        // schema, so the cross-check pairs them); only the Rust name is cut.
        let model_name = match (name, rust_name.strip_prefix(ident.as_str())) {
            (Some(name), _) => name.to_string(),
            // The suffix that made the Rust name unique keeps the model's unique too.
            (None, Some(suffix)) => format!("{full}{suffix}"),
            (None, None) => rust_name.clone(),
        };
        let id = TypeId(self.slots.len() as u32);
        self.by_loc.insert(loc.clone(), id);
        self.slots.push(Slot {
            loc,
            name: model_name,
            rust_name,
            ns,
            kind: None,
            description: None,
            deprecated: None,
        });
        id
    }

    fn fill(&mut self, id: TypeId, kind: TypeKind, ann: &Ann) {
        let slot = &mut self.slots[id.0 as usize];
        slot.kind = Some(kind);
        slot.description = ann.description.clone();
        slot.deprecated = ann.deprecated.clone();
    }

    fn components(&mut self) {
        let docs = self.docs;
        let schemas_loc = Loc {
            doc: 0,
            pointer: "/components/schemas".to_string(),
        };
        let Some(schemas) = docs.node(&schemas_loc) else {
            return;
        };
        let mut todo = Vec::new();
        // The schema that holds each Rust name, to point at when another one wants it.
        let mut holders: HashMap<String, (String, Loc)> = HashMap::new();
        // Names the config gives are claimed first: a schema renamed by hand frees its old
        // name for the schema that wanted it.
        let renames = self.type_renames;
        let entries = schemas.entries().iter().enumerate();
        let order = entries
            .clone()
            .filter(|(_, (name, _))| renames.contains_key(name))
            .chain(entries.filter(|(_, (name, _))| !renames.contains_key(name)));
        for (position, (name, schema)) in order {
            let loc = schemas_loc.child(name);
            self.component_nodes.entry(loc.clone()).or_insert(schema);
            let wanted = match renames.get(name) {
                Some(renamed) => renamed.name.as_str(),
                None => schema.str("x-speakeasy-name-override").unwrap_or(name),
            };
            let id = self.register(loc.clone(), Some(name), wanted, Ns::Root);
            let rust_name = self.slots[id.0 as usize].rust_name.clone();
            let wanted_ident = names::type_ident(wanted);
            if rust_name != wanted_ident {
                let (holder, holder_loc) = holders
                    .get(&wanted_ident)
                    .cloned()
                    .unwrap_or_else(|| (String::new(), loc.clone()));
                let message = format!(
                    "schema `{name}` is named `{rust_name}` in Rust: schema `{holder}` (at `{}`) is `{wanted_ident}` already",
                    docs.display(&holder_loc)
                );
                self.diagnose(
                    Severity::Warning,
                    &loc,
                    Code::RenamedType,
                    message,
                    &format!(
                        "name one of them in codegen.yaml:\nrenames:\n  types:\n    {holder}: {wanted_ident}Other"
                    ),
                );
            }
            holders.insert(rust_name, (name.clone(), loc.clone()));
            todo.push((position, id, loc, schema));
        }
        // Read in document order, as without renames.
        todo.sort_by_key(|(position, ..)| *position);
        for (_, id, loc, schema) in todo {
            self.lower_named(id, &loc, schema);
        }
    }

    fn lower_named(&mut self, id: TypeId, loc: &Loc, node: &'a Node) {
        let slot = &self.slots[id.0 as usize];
        let (hint, ns) = (slot.rust_name.clone(), slot.ns);
        self.schema(loc, node, Hint::new(&hint), ns, Target::Named(id));
        if self.slots[id.0 as usize].kind.is_none() {
            self.fill(id, TypeKind::Alias(Type::Any), &Ann::default());
        }
    }

    /// Types made for `$ref` targets while reading: read until none is left.
    fn drain(&mut self) {
        while let Some(id) = self.queue.pop_front() {
            let loc = self.slots[id.0 as usize].loc.clone();
            match self.docs.node(&loc) {
                Some(node) => self.lower_named(id, &loc, node),
                None => self.fill(id, TypeKind::Alias(Type::Any), &Ann::default()),
            }
        }
    }

    /// Inline schemas of the other components, then of every operation.
    fn operations(&mut self) {
        let docs = self.docs;
        let root = docs.root(0);
        let components = Loc {
            doc: 0,
            pointer: "/components".to_string(),
        };
        for (kind, suffix) in [
            ("parameters", ""),
            ("headers", "Header"),
            ("requestBodies", "RequestBody"),
            ("responses", "Response"),
        ] {
            let kind_loc = components.child(kind);
            let Some(entries) = docs.node(&kind_loc) else {
                continue;
            };
            for (name, object) in entries.entries() {
                let loc = kind_loc.child(name);
                let base = names::pascal_ident(name);
                let hint = if base.ends_with(suffix) {
                    base
                } else {
                    format!("{base}{suffix}")
                };
                match kind {
                    "parameters" | "headers" => self.parameter(&loc, object, Hint::new(&hint)),
                    _ => self.content(&loc, object, Hint::new(&hint)),
                };
            }
        }
        let paths_loc = Loc {
            doc: 0,
            pointer: "/paths".to_string(),
        };
        let default_security = root
            .get("security")
            .and_then(super::service::security)
            .unwrap_or_default();
        for (path, item) in root.get("paths").map(Node::entries).unwrap_or_default() {
            let mut item_loc = paths_loc.child(path);
            let mut item = item;
            if let Some(reference) = item.str("$ref") {
                match self.follow(&item_loc, reference) {
                    Some(target) => {
                        item = docs.node(&target).unwrap_or(item);
                        item_loc = target;
                    }
                    None => continue,
                }
            }
            let shared = item.get("parameters").map(Node::items).unwrap_or_default();
            for (method_name, op) in item.entries() {
                let Some(method) = Method::parse(method_name)
                    .filter(|_| method_name.bytes().all(|b| b.is_ascii_lowercase()))
                else {
                    continue;
                };
                if op.flag("x-speakeasy-ignore") {
                    continue;
                }
                let op_loc = item_loc.child(method_name);
                let id = op.str("operationId").map(str::to_string);
                let base = match &id {
                    Some(id) => names::pascal_ident(id),
                    None => names::pascal_ident(&format!("{method_name} {path}")),
                };
                let own = op.get("parameters").map(Node::items).unwrap_or_default();
                let params = shared
                    .iter()
                    .enumerate()
                    .map(|(idx, p)| (item_loc.child2("parameters", &idx.to_string()), p))
                    .chain(
                        own.iter()
                            .enumerate()
                            .map(|(idx, p)| (op_loc.child2("parameters", &idx.to_string()), p)),
                    );
                let text = |key: &str| {
                    op.str(key)
                        .filter(|t| !t.trim().is_empty())
                        .map(str::to_string)
                };
                let mut operation = OperationDraft {
                    name: base.clone(),
                    id: id.clone(),
                    method,
                    path: path.clone(),
                    summary: text("summary"),
                    description: text("description"),
                    group: op
                        .get("tags")
                        .and_then(|tags| tags.items().first())
                        .and_then(Node::as_str)
                        .map(str::to_string),
                    deprecated: op.flag("deprecated"),
                    loc: op_loc.clone(),
                    parameters: Vec::new(),
                    request: None,
                    responses: Vec::new(),
                    security: op
                        .get("security")
                        .and_then(super::service::security)
                        .unwrap_or_else(|| default_security.clone()),
                };
                for (loc, param) in params {
                    // Component parameters were read with the components; reading one again
                    // finds the types made then.
                    let (loc, param) = match param.str("$ref") {
                        Some(reference) => match self
                            .follow(&loc, reference)
                            .and_then(|t| Some((docs.node(&t)?, t)))
                        {
                            Some((node, target)) => (target, node),
                            None => continue,
                        },
                        None => (loc, param),
                    };
                    let name = param.str("name").unwrap_or("param");
                    let Some((location, style, explode)) = super::service::placement(param) else {
                        self.warn_unsupported(
                            &loc,
                            "a parameter without `in: path`, `query`, `header` or `cookie`",
                        );
                        continue;
                    };
                    if let Some(lowered) = self.parameter(&loc, param, Hint::property(&base, name))
                    {
                        // An operation's parameter replaces the path item's of the same name
                        // and place.
                        operation
                            .parameters
                            .retain(|p| (p.name.as_str(), p.location) != (name, location));
                        operation.parameters.push(ParameterDraft {
                            name: name.to_string(),
                            shown: param.str("x-speakeasy-name-override").map(str::to_string),
                            required: param.flag("required") || location == ParameterIn::Path,
                            lowered,
                            loc,
                            location,
                            style,
                            explode,
                        });
                    }
                }
                if let Some(body) = op.get("requestBody") {
                    let loc = op_loc.child("requestBody");
                    let (loc, body) = match body.str("$ref") {
                        Some(reference) => match self
                            .follow(&loc, reference)
                            .and_then(|t| Some((docs.node(&t)?, t)))
                        {
                            Some((node, target)) => (target, node),
                            None => (loc, body),
                        },
                        None => (loc, body),
                    };
                    let hint = format!("{base}Request");
                    let contents = self.contents(&loc, body, Hint::new(&hint));
                    let description = body.str("description").map(str::to_string);
                    operation.request = Some((body.flag("required"), description, contents));
                }
                for (key, response) in op.get("responses").map(Node::entries).unwrap_or_default() {
                    let loc = op_loc.child2("responses", key);
                    let Some(status) = Status::parse(key) else {
                        if !key.starts_with("x-") {
                            self.warn_unsupported(
                                &loc,
                                "a response key other than a status code, `1XX` to `5XX` or `default`",
                            );
                        }
                        continue;
                    };
                    let hint = format!("{base}Response{}", status_suffix(key));
                    let (loc, response) = match response.str("$ref") {
                        // Component responses were read with the components; reading one
                        // again finds the types made then.
                        Some(reference) => match self
                            .follow(&loc, reference)
                            .and_then(|t| Some((docs.node(&t)?, t)))
                        {
                            Some((node, target)) => (target, node),
                            None => continue,
                        },
                        None => (loc, response),
                    };
                    let contents = self.contents(&loc, response, Hint::new(&hint));
                    let description = response.str("description").map(str::to_string);
                    operation.responses.push((status, description, contents));
                }
                self.operations.push(operation);
            }
        }
    }

    /// The type of a parameter, unless the SDKs leave it out.
    fn parameter(&mut self, loc: &Loc, param: &'a Node, hint: Hint<'_>) -> Option<Lowered> {
        if param.flag("x-speakeasy-ignore") {
            return None;
        }
        match param.get("schema") {
            Some(schema) => Some(self.schema(
                &loc.child("schema"),
                schema,
                hint,
                Ns::Operations,
                Target::Inline,
            )),
            None => self.content(loc, param, hint),
        }
    }

    /// The schemas of a request body, response or parameter `content`; one schema written
    /// the same for several media types is read once. Returns the first.
    fn content(&mut self, loc: &Loc, object: &'a Node, hint: Hint<'_>) -> Option<Lowered> {
        self.each_content(loc, object, hint).1.into_iter().next()
    }

    /// The type of each media type of a request body or response `content`, in order (`None`
    /// for a media type without a schema).
    fn contents(&mut self, loc: &Loc, object: &'a Node, hint: Hint<'_>) -> MediaTypes {
        let (media, lowered) = self.each_content(loc, object, hint);
        media
            .into_iter()
            .map(|(media, idx)| (media, idx.map(|idx| lowered[idx].ty.clone())))
            .collect()
    }

    /// Every media type of `object`'s `content` with the index of its schema's type among the
    /// distinct schemas, which are lowered once each, in order.
    #[allow(clippy::type_complexity)]
    fn each_content(
        &mut self,
        loc: &Loc,
        object: &'a Node,
        hint: Hint<'_>,
    ) -> (Vec<(String, Option<usize>)>, Vec<Lowered>) {
        let mut media_types = Vec::new();
        let mut seen: Vec<&Node> = Vec::new();
        let mut lowered = Vec::new();
        for (media, media_object) in object.get("content").map(Node::entries).unwrap_or_default() {
            let Some(schema) = media_object.get("schema") else {
                media_types.push((media.clone(), None));
                continue;
            };
            let media_loc = loc.child2("content", media);
            if let Some(idx) = seen.iter().position(|s| *s == schema) {
                let done: &Lowered = &lowered[idx];
                self.media_types.push((media_loc, documented(done)));
                media_types.push((media.clone(), Some(idx)));
                continue;
            }
            let schema_loc = media_loc.child("schema");
            let res = self.schema(&schema_loc, schema, hint, Ns::Operations, Target::Inline);
            self.media_types.push((media_loc, documented(&res)));
            lowered.push(res);
            seen.push(schema);
            media_types.push((media.clone(), Some(seen.len() - 1)));
        }
        (media_types, lowered)
    }

    /// The node at `loc`.
    fn node(&self, loc: &Loc) -> Option<&'a Node> {
        match self.component_nodes.get(loc) {
            Some(node) => Some(node),
            None => self.docs.node(loc),
        }
    }

    /// The place a `$ref` written at `from` points at, when it is a schema of the main
    /// document's `components.schemas` named plainly (`#/components/schemas/Pet`).
    fn component_ref(&self, from: &Loc, reference: &str) -> Option<Loc> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        if from.doc != 0 || name.contains(['/', '~', '%']) {
            return None;
        }
        let loc = Loc {
            doc: 0,
            pointer: format!("/components/schemas/{name}"),
        };
        self.component_nodes.contains_key(&loc).then_some(loc)
    }

    /// Where a `$ref` written at `from` points, without reporting refs that go nowhere.
    fn resolve(&self, from: &Loc, reference: &str) -> Option<Loc> {
        self.component_ref(from, reference)
            .or_else(|| self.docs.resolve(from.doc, reference).ok())
    }

    /// How a `$ref` that leads nowhere is reported: a warning when the config makes it any
    /// JSON value, which the caller of [`Self::follow`] does with a ref it cannot follow.
    fn dangling_severity(&self) -> Severity {
        if self.dangling_as_any {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// What becomes of a dangling `$ref`, for its message: nothing to add when it is an error.
    fn dangling_outcome(&self) -> &'static str {
        if self.dangling_as_any {
            "; it is generated as any JSON value (`dangling_refs: any`)"
        } else {
            ""
        }
    }

    /// Follows a `$ref` written at `from`; reports refs that cannot be followed.
    fn follow(&mut self, from: &Loc, reference: &str) -> Option<Loc> {
        if let Some(loc) = self.component_ref(from, reference) {
            return Some(loc);
        }
        match self.docs.resolve(from.doc, reference) {
            Ok(loc) => Some(loc),
            Err(err) => {
                let at = from.child("$ref");
                let place = self.docs.display(from);
                match err {
                    RefError::Unsupported => self.warn_unsupported(
                        &at,
                        &format!("`$ref` `{reference}` (a URL or an anchor)"),
                    ),
                    RefError::Dangling => self.diagnose(
                        self.dangling_severity(),
                        &at,
                        Code::DanglingRef,
                        format!(
                            "dangling `$ref` `{reference}` in `{place}`: nothing is at that pointer{}",
                            self.dangling_outcome()
                        ),
                        "check the schema name and the path of the pointer",
                    ),
                    RefError::MissingFile(path) => self.diagnose(
                        self.dangling_severity(),
                        &at,
                        Code::DanglingRef,
                        format!(
                            "dangling `$ref` `{reference}` in `{place}`: file `{path}` was not read{}",
                            self.dangling_outcome()
                        ),
                        "a relative `$ref` names a YAML or JSON file relative to the file it is in",
                    ),
                    RefError::Refused { message, hint } => self.diagnose(
                        Severity::Error,
                        &at,
                        Code::RefusedFile,
                        format!("`$ref` `{reference}` in `{place}` is refused: {message}"),
                        hint,
                    ),
                    // The file's own error says why it was not read.
                    RefError::Unread => {}
                }
                None
            }
        }
    }

    /// The named type of the schema at `loc`, made (and queued for reading) on first use.
    fn named(&mut self, loc: &Loc) -> TypeId {
        if let Some(&id) = self.by_loc.get(loc) {
            return id;
        }
        let name = self.name_from_pointer(loc);
        let ns = if loc.doc == 0
            && (loc.pointer.starts_with("/paths")
                || loc.pointer.starts_with("/components/")
                    && !loc.pointer.starts_with("/components/schemas/"))
        {
            Ns::Operations
        } else {
            Ns::Root
        };
        let id = self.register(loc.clone(), None, &name, ns);
        self.queue.push_back(id);
        id
    }

    /// A type name for a schema that is the target of a `$ref` but not a component schema,
    /// from the path of its pointer (`#/components/schemas/Pet/properties/tags` is `PetTags`;
    /// a whole file `pet.yaml` is `Pet`).
    fn name_from_pointer(&self, loc: &Loc) -> String {
        let segments: Vec<String> = loc
            .pointer
            .split('/')
            .skip(1)
            .map(|s| tree::unescape(s).into_owned())
            .collect();
        let mut parts = Vec::new();
        let mut idx = 0;
        while idx < segments.len() {
            let segment = segments[idx].as_str();
            let next = segments.get(idx + 1).map(String::as_str);
            match segment {
                "components" | "definitions" | "$defs" => {
                    idx += usize::from(segment == "components");
                }
                "properties" | "paths" => {
                    if let Some(next) = next {
                        parts.push(names::pascal_ident(next));
                    }
                    idx += 1;
                }
                "items" => parts.push("Item".to_string()),
                "additionalProperties" => parts.push("Value".to_string()),
                "allOf" | "oneOf" | "anyOf" | "parameters" => {
                    if let Some(next) = next {
                        parts.push(
                            next.parse::<usize>().map_or_else(
                                |_| names::pascal_ident(next),
                                |n| (n + 1).to_string(),
                            ),
                        );
                    }
                    idx += 1;
                }
                "responses" => {
                    parts.push(format!(
                        "Response{}",
                        next.map(status_suffix).unwrap_or_default()
                    ));
                    idx += 1;
                }
                "requestBody" => parts.push("Request".to_string()),
                "content" => idx += 1,
                "schema" => {}
                other => parts.push(names::pascal_ident(other)),
            }
            idx += 1;
        }
        if parts.is_empty() {
            let path = &self.docs.docs[loc.doc as usize].path;
            let file = path.rsplit('/').next().unwrap_or(path);
            let stem = file.split('.').next().unwrap_or(file);
            parts.push(names::pascal_ident(stem));
        }
        parts.concat()
    }

    /// Whether the schema at `loc` admits `null`, following `$ref`s and wrappers. Each place is
    /// decided once, by a walk with its own stack (a long chain of `$ref`s does not deepen the
    /// call stack).
    fn is_nullable(&mut self, loc: &Loc) -> bool {
        if let Some(&known) = self.nullable.get(loc) {
            return known;
        }
        // Places being decided, each with the places its answer depends on and how many of
        // them said no.
        let mut stack: Vec<(Loc, Vec<Loc>, usize)> = Vec::new();
        self.start_nullable(loc, &mut stack);
        while let Some((at, next, done)) = stack.last_mut() {
            let Some(dep) = next.get(*done) else {
                // None of them admits `null` (the `false` put in at the start stays).
                stack.pop();
                continue;
            };
            match self.nullable.get(dep) {
                Some(false) => *done += 1,
                Some(true) => {
                    let at = at.clone();
                    self.nullable.insert(at, true);
                    stack.pop();
                }
                None => {
                    let dep = dep.clone();
                    self.start_nullable(&dep, &mut stack);
                }
            }
        }
        self.nullable.get(loc).copied().unwrap_or(false)
    }

    /// Decides `loc` when the schema itself says, else puts it on `stack` with the places its
    /// answer depends on: a `$ref`'s target, a wrapper's member, or a union's members.
    fn start_nullable(&mut self, loc: &Loc, stack: &mut Vec<(Loc, Vec<Loc>, usize)>) {
        // A cycle of refs admits null only if some schema on it says so.
        self.nullable.insert(loc.clone(), false);
        let Some(node) = self.node(loc) else {
            return;
        };
        let null_member = ["oneOf", "anyOf"].iter().any(|key| {
            node.get(key).is_some_and(|members| {
                members
                    .items()
                    .iter()
                    .any(|m| m.str("$ref").is_some_and(|r| self.null_refs.contains(r)))
            })
        });
        if own_nullable(node) || null_member {
            self.nullable.insert(loc.clone(), true);
            return;
        }
        let deps: Vec<Loc> = if let Some(reference) = node.str("$ref") {
            self.resolve(loc, reference).into_iter().collect()
        } else if let Some((member, _)) = passthrough(&self.null_refs, loc, node) {
            vec![member]
        } else {
            // A union admits `null` when one of its members does.
            ["oneOf", "anyOf"]
                .iter()
                .flat_map(|key| non_null_members(&self.null_refs, loc, node, key))
                .map(|(member, _)| member)
                .collect()
        };
        stack.push((loc.clone(), deps, 0));
    }

    /// Lowers the schema `node` at `loc`. Inline schemas that need a named type get one named
    /// `hint`, in namespace `ns`.
    fn schema(
        &mut self,
        loc: &Loc,
        node: &'a Node,
        hint: Hint<'_>,
        ns: Ns,
        target: Target,
    ) -> Lowered {
        let res = self.schema_inner(loc, node, hint, ns, target);
        if !self.schema_types.contains_key(loc) {
            self.schema_types.insert(loc.clone(), documented(&res));
        }
        res
    }

    /// [`Lowerer::schema`], without recording the result for the examples.
    fn schema_inner(
        &mut self,
        loc: &Loc,
        node: &'a Node,
        hint: Hint<'_>,
        ns: Ns,
        target: Target,
    ) -> Lowered {
        let ann = Ann::of(node);
        if let Target::Inline = target
            && let Some(&id) = self.by_loc.get(loc)
        {
            return Lowered {
                ty: Type::Ref(id),
                nullable: self.is_nullable(loc),
                constraints: Constraints::default(),
                ann,
            };
        }
        if !node.is_object() {
            if !matches!(node, Node::Bool(_)) {
                let message = format!(
                    "`{}` is not a schema (an object or a boolean); it is generated as any JSON value",
                    self.docs.display(loc)
                );
                self.diagnose(
                    Severity::Warning,
                    loc,
                    Code::NotASchema,
                    message,
                    "write the schema as an object, such as `{type: string}`",
                );
            }
            return self.plain(Type::Any, false, Constraints::default(), ann, target);
        }
        // A union admits `null` when a member does (refs and wrappers are followed below).
        let nullable = if node.get("oneOf").is_some() || node.get("anyOf").is_some() {
            self.is_nullable(loc)
        } else {
            own_nullable(node)
        };
        if let Some(reference) = node.str("$ref")
            && only_annotations(node, &["$ref"])
        {
            let (ty, target_nullable) = match self.follow(loc, reference) {
                Some(to) => {
                    let nullable = self.is_nullable(&to);
                    (Type::Ref(self.named(&to)), nullable)
                }
                None => (Type::Any, false),
            };
            return self.plain(
                ty,
                nullable || target_nullable,
                Constraints::default(),
                ann,
                target,
            );
        }
        if let Some((member_loc, member)) = passthrough(&self.null_refs, loc, node) {
            let mut res = self.schema(&member_loc, member, hint, ns, target);
            res.nullable |= nullable;
            res.ann = ann.or(res.ann);
            if let Target::Named(id) = target {
                // The wrapper's own description and deprecation describe the type.
                let slot = &mut self.slots[id.0 as usize];
                if res.ann.description.is_some() {
                    slot.description.clone_from(&res.ann.description);
                }
                if res.ann.deprecated.is_some() {
                    slot.deprecated.clone_from(&res.ann.deprecated);
                }
            }
            return res;
        }
        let Some(layers) = self.layers(loc, node) else {
            return self.plain(Type::Any, nullable, Constraints::default(), ann, target);
        };
        let plan = self.plan(loc, &layers, target);
        self.realize(loc, plan, hint, ns, target, nullable, ann)
    }

    /// A type expression: in place, or as the alias `target` names.
    fn plain(
        &mut self,
        ty: Type,
        nullable: bool,
        constraints: Constraints,
        ann: Ann,
        target: Target,
    ) -> Lowered {
        let ty = match target {
            Target::Inline => ty,
            Target::Named(id) => {
                self.fill(id, TypeKind::Alias(ty), &ann);
                Type::Ref(id)
            }
        };
        Lowered {
            ty,
            nullable,
            constraints,
            ann,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn realize(
        &mut self,
        loc: &Loc,
        plan: Plan<'a>,
        hint: Hint<'_>,
        ns: Ns,
        target: Target,
        nullable: bool,
        ann: Ann,
    ) -> Lowered {
        // The name the parts of an array or map are named after.
        let own_hint = |cx: &Self| match target {
            Target::Named(id) => cx.slots[id.0 as usize].rust_name.clone(),
            Target::Inline => hint.name(),
        };
        let named = |cx: &mut Self| match target {
            Target::Named(id) => id,
            Target::Inline => cx.register(loc.clone(), None, &hint.name(), ns),
        };
        let kind = match plan {
            Plan::Plain(ty, constraints) => {
                return self.plain(ty, nullable, constraints, ann, target);
            }
            Plan::Array(items, mut constraints) => {
                let ty = match items {
                    Some((items_loc, items)) => {
                        let item_hint = format!("{}Item", own_hint(self));
                        let item = self.schema(
                            &items_loc,
                            items,
                            Hint::new(&item_hint),
                            ns,
                            Target::Inline,
                        );
                        let ty = item.element_type();
                        if !item.constraints.is_empty() {
                            constraints.items = Some(Box::new(item.constraints));
                        }
                        ty
                    }
                    None => Type::Any,
                };
                return self.plain(
                    Type::Array(Box::new(ty)),
                    nullable,
                    constraints,
                    ann,
                    target,
                );
            }
            Plan::Map((value_loc, value), mut constraints) => {
                let value_hint = format!("{}Value", own_hint(self));
                let value = self.schema(
                    &value_loc,
                    value,
                    Hint::new(&value_hint),
                    ns,
                    Target::Inline,
                );
                let ty = value.element_type();
                if !value.constraints.is_empty() {
                    constraints.items = Some(Box::new(value.constraints));
                }
                return self.plain(Type::Map(Box::new(ty)), nullable, constraints, ann, target);
            }
            Plan::FreeForm(constraints) => match target {
                Target::Inline => {
                    return self.plain(
                        Type::Map(Box::new(Type::Any)),
                        nullable,
                        constraints,
                        ann,
                        target,
                    );
                }
                Target::Named(id) => {
                    self.fill(id, TypeKind::FreeForm, &ann);
                    return Lowered {
                        ty: Type::Ref(id),
                        nullable,
                        constraints,
                        ann,
                    };
                }
            },
            Plan::Struct(props, extras) => {
                let id = named(self);
                let mut kind = self.struct_kind(id, &props);
                self.struct_extras(id, &mut kind, extras);
                (id, kind)
            }
            Plan::Enum(it) => (named(self), TypeKind::Enum(it)),
            Plan::Union(group, parent) => {
                let id = named(self);
                let kind = self.union_kind(id, group, parent);
                (id, kind)
            }
            Plan::Types(types, layers) => {
                let id = named(self);
                let kind = self.types_kind(id, &types, &layers);
                (id, kind)
            }
        };
        let (id, kind) = kind;
        self.fill(id, kind, &ann);
        Lowered {
            ty: Type::Ref(id),
            nullable,
            constraints: Constraints::default(),
            ann,
        }
    }

    /// The schema and the members of its `allOf` (and of a `oneOf`/`anyOf` with a single
    /// member besides `null`), refs followed, members before the schemas that include them.
    /// A schema included twice (`allOf: [A, A]`, or through two members) counts once, and a
    /// layer whose keys all appear again in a later layer is left out (the later one wins
    /// them), so the layers stay as few as the keys that matter. `None` after reporting a
    /// cycle.
    ///
    /// Each schema is flattened once and kept: flattening a schema costs its own members
    /// plus the (already short) layers of each, however often it is included, and the walk
    /// keeps its own stack, so a long chain of `allOf`s does not deepen the call stack.
    fn layers(&mut self, loc: &Loc, node: &'a Node) -> Option<Vec<Layer<'a>>> {
        self.flat_layers(loc, node).map(|layers| layers.to_vec())
    }

    fn flat_layers(&mut self, loc: &Loc, node: &'a Node) -> Option<Rc<[Layer<'a>]>> {
        if let Some(done) = self.flat.get(loc) {
            return done.clone();
        }
        if !node.is_object() {
            return Some(Rc::from(Vec::new()));
        }
        let mut stack = vec![self.frame(loc, node)];
        let mut on_stack: HashMap<Loc, usize> = HashMap::from([(loc.clone(), 0)]);
        while let Some(top) = stack.last_mut() {
            if let Some((part_loc, part)) = top.parts.get(top.next).cloned() {
                top.next += 1;
                if self.flat.contains_key(&part_loc) {
                    continue;
                }
                if let Some(&start) = on_stack.get(&part_loc) {
                    let path: Vec<Loc> = stack[start..].iter().map(|f| f.loc.clone()).collect();
                    self.report_all_of_cycle(&path, &part_loc);
                    // The schema that closes the cycle fails, and with it every schema on the
                    // way there.
                    self.flat.insert(part_loc, None);
                    continue;
                }
                if !part.is_object() {
                    self.flat.insert(part_loc, Some(Rc::from(Vec::new())));
                    continue;
                }
                on_stack.insert(part_loc.clone(), stack.len());
                let frame = self.frame(&part_loc, part);
                stack.push(frame);
                continue;
            }
            let Some(Frame {
                loc, node, parts, ..
            }) = stack.pop()
            else {
                break;
            };
            on_stack.remove(&loc);
            let mut merged: Vec<Layer<'a>> = Vec::new();
            let mut ok = true;
            for (part_loc, _) in &parts {
                match self.flat.get(part_loc) {
                    Some(Some(layers)) => merged.extend(layers.iter().cloned()),
                    // A cycle failed here, or the part is the schema itself (`$ref` to itself).
                    _ => ok = false,
                }
            }
            let res = ok.then(|| {
                merged.push((loc.clone(), node));
                Rc::from(compact_layers(merged))
            });
            // A part whose cycle was reported is failed already; the place that closed the
            // cycle may still be this one, which is kept failed.
            if self.flat.get(&loc) != Some(&None) {
                self.flat.insert(loc, res);
            }
        }
        self.flat.get(loc).cloned().flatten()
    }

    /// A schema waiting to be flattened: its `$ref` target, then its `allOf` members, then
    /// the single member of a `oneOf`/`anyOf`.
    fn frame(&mut self, loc: &Loc, node: &'a Node) -> Frame<'a> {
        let mut parts = Vec::new();
        if let Some(reference) = node.str("$ref")
            && let Some(target) = self.follow(loc, reference)
            && let Some(target_node) = self.node(&target)
        {
            parts.push((target, target_node));
        }
        parts.extend(
            node.get("allOf")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(idx, m)| (loc.child2("allOf", &idx.to_string()), m)),
        );
        for key in ["oneOf", "anyOf"] {
            let single = non_null_members(&self.null_refs, loc, node, key);
            if single.len() == 1 {
                parts.extend(single);
            }
        }
        Frame {
            loc: loc.clone(),
            node,
            parts,
            next: 0,
        }
    }

    /// Reports the `allOf` cycle `path` (the schemas being flattened, outermost first) closed
    /// by including `again`: once per cycle, however many of its schemas are read.
    fn report_all_of_cycle(&mut self, path: &[Loc], again: &Loc) {
        // The schemas on the cycle, without the `allOf/<n>` places between them.
        let on_cycle: Vec<&Loc> = path.iter().filter(|l| !is_member_position(l)).collect();
        let mut key: Vec<&Loc> = on_cycle.clone();
        key.sort();
        let first = key.first().map_or_else(|| again.clone(), |l| (*l).clone());
        let mut shown: Vec<String> = on_cycle
            .iter()
            .map(|l| format!("`{}`", self.docs.display(l)))
            .collect();
        shown.push(format!("`{}`", self.docs.display(again)));
        let message = format!("`allOf` includes itself: {}", shown.join(" → "));
        self.diagnose(
            Severity::Error,
            &first,
            Code::AllOfCycle,
            message,
            "a schema cannot be a member of its own `allOf`; break the cycle with a property",
        );
    }

    /// Decides what a (merged) schema is.
    fn plan(&mut self, loc: &Loc, layers: &[Layer<'a>], target: Target) -> Plan<'a> {
        for (layer_loc, layer) in layers {
            self.check_keywords(layer_loc, layer);
        }
        for (layer_loc, layer) in layers {
            for key in ["not", "if", "$dynamicRef", "prefixItems"] {
                if layer.get(key).is_some() {
                    self.warn_unsupported(&layer_loc.child(key), &format!("`{key}`"));
                    return Plan::Plain(Type::Any, Constraints::default());
                }
            }
        }
        let props = properties(layers);
        let mut groups = union_groups(&self.null_refs, layers);
        let alternatives = take_alternatives(&mut groups, &props);
        if groups.len() > 1 {
            let message = format!(
                "`{}` has {} `oneOf`/`anyOf` groups; only the properties around them are generated",
                self.docs.display(loc),
                groups.len()
            );
            self.diagnose(
                Severity::Warning,
                loc,
                Code::UnionGroups,
                message,
                "a schema with one `oneOf` (or `anyOf`) becomes a Rust enum; several cannot be combined yet",
            );
        } else if let Some(group) = groups.pop() {
            return Plan::Union(group, props);
        }
        let types = declared_types(layers);
        if let Some((enum_loc, values)) = keyword(layers, "enum") {
            return self.enum_plan(&enum_loc, values.items(), layers, &types, target);
        }
        if let Some((const_loc, value)) = keyword(layers, "const") {
            return self.enum_plan(
                &const_loc,
                std::slice::from_ref(value),
                layers,
                &types,
                target,
            );
        }
        let has = |key: &str| layers.iter().any(|(_, n)| n.get(key).is_some());
        let ty = match types.as_slice() {
            [] if !props.is_empty()
                || has("additionalProperties")
                || has("patternProperties")
                || has("required")
                || has("minProperties")
                || has("maxProperties") =>
            {
                "object"
            }
            [] if has("items") => "array",
            [] if has("pattern") || has("minLength") || has("maxLength") => "string",
            [] => return Plan::Plain(Type::Any, constraints(layers)),
            [one] => one.as_str(),
            _ => return Plan::Types(types, layers.to_vec()),
        };
        match ty {
            "object" => match object_plan(layers, props, target) {
                Plan::FreeForm(c) => {
                    if let Some((at, patterns)) = keyword(layers, "patternProperties")
                        && patterns.entries().len() > 1
                    {
                        let message = format!(
                            "an object of several `patternProperties` is not supported; `{}` is generated as a free-form JSON object (`serde_json::Map`)",
                            self.docs.display(&at)
                        );
                        self.diagnose(
                            Severity::Warning,
                            &at,
                            Code::Unsupported,
                            message,
                            "the properties are kept as they are on the wire, without Rust types",
                        );
                    }
                    Plan::FreeForm(c)
                }
                Plan::Struct(props, extras) => Plan::Struct(
                    props,
                    Extras {
                        alternatives,
                        ..extras
                    },
                ),
                other => other,
            },
            "array" => match keyword(layers, "items") {
                Some((items_loc, items)) if !matches!(items, Node::Array(_)) => {
                    Plan::Array(Some((items_loc, items)), constraints(layers))
                }
                Some((items_loc, _)) => {
                    self.warn_unsupported(&items_loc, "an array of `items` (a tuple)");
                    Plan::Array(None, constraints(layers))
                }
                None => Plan::Array(None, constraints(layers)),
            },
            "null" => Plan::Plain(Type::Any, Constraints::default()),
            other => match prim(other, layers) {
                Some((ty, constraints)) => Plan::Plain(ty, constraints),
                None => {
                    let at = keyword(layers, "type").map_or_else(|| loc.clone(), |(l, _)| l);
                    self.warn_unsupported(&at, &format!("type `{other}`"));
                    Plan::Plain(Type::Any, Constraints::default())
                }
            },
        }
    }

    /// Reports the keywords of the schema `node` at `loc` whose values make no sense: of the
    /// wrong JSON type (`properties: 5`, `required: name`, `type: [string, 5]`), or impossible
    /// (`minLength: -1`). Each is an error, as what the schema means is unknown, except a
    /// `multipleOf` that is not positive, which is left unchecked with a warning.
    fn check_keywords(&mut self, loc: &Loc, node: &Node) {
        for (key, value) in node.entries() {
            let at = loc.child(key);
            let expected = match key.as_str() {
                "properties" | "patternProperties" | "discriminator" if !value.is_object() => {
                    Some("an object")
                }
                "required" | "enum" | "allOf" | "oneOf" | "anyOf" | "type" => {
                    let (whole, item): (&str, Option<&str>) = match key.as_str() {
                        "required" => ("an array of property names", Some("a property name")),
                        "enum" => ("an array of values", None),
                        "type" => ("a type name or an array of them", Some("a type name")),
                        _ => ("an array of schemas", None),
                    };
                    match value {
                        // `type: null` (YAML's null, not the string) is seen in the wild
                        // for a schema of `null`; it is read as no type.
                        Node::String(_) | Node::Null if key == "type" => None,
                        Node::Array(items) => {
                            if let Some(item) = item {
                                for (idx, it) in items.iter().enumerate() {
                                    if it.as_str().is_none() {
                                        self.keyword_type(&at.child(&idx.to_string()), item, it);
                                    }
                                }
                            }
                            None
                        }
                        _ => Some(whole),
                    }
                }
                "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
                | "maxProperties" => match value {
                    Node::Number(n) => {
                        let problem = if n.as_f64().is_some_and(|f| f < 0.0) {
                            Some("negative")
                        } else if n.as_u64().is_none()
                            && n.as_f64().is_none_or(|f| f.fract() != 0.0)
                        {
                            Some("not a whole number")
                        } else {
                            None
                        };
                        if let Some(problem) = problem {
                            self.keyword_value(&at, key, value, problem, "a count is 0 or more");
                        }
                        None
                    }
                    _ => Some("a non-negative integer"),
                },
                "minimum" | "maximum" if !matches!(value, Node::Number(_)) => Some("a number"),
                "multipleOf" => match value {
                    Node::Number(n) if n.as_f64().is_some_and(|f| f <= 0.0) => {
                        // Odd rather than contradictory: the rule is not checked.
                        let message = format!(
                            "`multipleOf` is not positive: {}, so it is not checked (at `{}`)",
                            value.to_compact_json(),
                            self.docs.display(&at)
                        );
                        self.diagnose(
                            Severity::Warning,
                            &at,
                            Code::KeywordValue,
                            message,
                            "a step is above 0; remove the keyword or correct it",
                        );
                        None
                    }
                    Node::Number(_) => None,
                    _ => Some("a number"),
                },
                "exclusiveMinimum" | "exclusiveMaximum"
                    if !matches!(value, Node::Number(_) | Node::Bool(_)) =>
                {
                    Some("a number (3.1) or a boolean (3.0)")
                }
                "pattern" | "format" | "title" | "description" if value.as_str().is_none() => {
                    Some("a string")
                }
                "uniqueItems" | "nullable" | "readOnly" | "writeOnly" | "deprecated"
                    if !matches!(value, Node::Bool(_)) =>
                {
                    Some("`true` or `false`")
                }
                // An array of `items` is a tuple, reported where it is read.
                "items" if !matches!(value, Node::Object(_) | Node::Bool(_) | Node::Array(_)) => {
                    Some("a schema")
                }
                "additionalProperties" if !matches!(value, Node::Object(_) | Node::Bool(_)) => {
                    Some("a schema")
                }
                _ => None,
            };
            if let Some(expected) = expected {
                self.keyword_type(&at, expected, value);
            }
        }
    }

    /// An error for a keyword value (or an item of one) at `at` that is not `expected`.
    fn keyword_type(&mut self, at: &Loc, expected: &str, value: &Node) {
        let message = format!(
            "`{}` must be {expected}, not {}",
            self.docs.display(at),
            json_kind(value)
        );
        self.diagnose(
            Severity::Error,
            at,
            Code::KeywordType,
            message,
            "correct the schema; a keyword of the wrong type would be read as something the spec does not say",
        );
    }

    /// An error for the value of keyword `key` at `at` that is `problem`.
    fn keyword_value(&mut self, at: &Loc, key: &str, value: &Node, problem: &str, hint: &str) {
        let message = format!(
            "`{key}` is {problem}: {} (at `{}`)",
            value.to_compact_json(),
            self.docs.display(at)
        );
        self.diagnose(Severity::Error, at, Code::KeywordValue, message, hint);
    }

    /// An `enum` (or `const`, as one value): a named enum of strings or integers, or for a
    /// single value in place a primitive allowing just that value. Other values (numbers,
    /// booleans, objects) are a primitive with the allowed values listed.
    fn enum_plan(
        &mut self,
        enum_loc: &Loc,
        values: &[Node],
        layers: &[Layer<'a>],
        types: &[String],
        target: Target,
    ) -> Plan<'a> {
        let present: Vec<(usize, &Node)> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| !matches!(v, Node::Null))
            .collect();
        let allowed: Vec<serde_json::Value> = present.iter().map(|(_, v)| v.to_json()).collect();
        let is_int = |v: &Node| matches!(v, Node::Number(n) if n.is_i64() || n.is_u64());
        let declared = types.first().map(String::as_str);
        let repr = match declared {
            Some("string") if present.iter().all(|(_, v)| v.scalar_text().is_some()) => {
                Some(EnumRepr::String)
            }
            Some("integer") | None
                if !present.is_empty() && present.iter().all(|(_, v)| is_int(v)) =>
            {
                Some(EnumRepr::Integer)
            }
            None if present.iter().all(|(_, v)| matches!(v, Node::String(_))) => {
                Some(EnumRepr::String)
            }
            _ => None,
        };
        let with_allowed = |ty: Type, layers: &[Layer<'a>]| {
            let mut c = constraints(layers);
            c.allowed = allowed.clone();
            Plan::Plain(ty, c)
        };
        let Some(repr) = repr.filter(|_| !present.is_empty()) else {
            if present.is_empty() {
                return Plan::Plain(Type::Any, Constraints::default());
            }
            let ty = match declared {
                Some(other) => prim(other, layers).map(|(ty, _)| ty),
                None if present.iter().all(|(_, v)| matches!(v, Node::Bool(_))) => {
                    Some(Type::Boolean)
                }
                None if present.iter().all(|(_, v)| matches!(v, Node::Number(_))) => {
                    Some(Type::Number(NumberFormat::Any))
                }
                None => None,
            };
            return match ty {
                Some(ty) => with_allowed(ty, layers),
                None => {
                    let message = format!(
                        "the values of `{}` are of several JSON types; it is generated as any JSON value",
                        self.docs.display(enum_loc)
                    );
                    self.diagnose(
                        Severity::Warning,
                        enum_loc,
                        Code::MixedEnum,
                        message,
                        "give the enum a `type` and values of that type",
                    );
                    with_allowed(Type::Any, layers)
                }
            };
        };
        if present.len() == 1 && matches!(target, Target::Inline) {
            let ty = match repr {
                EnumRepr::String => prim("string", layers).map_or(Type::String, |(ty, _)| ty),
                EnumRepr::Integer => prim("integer", layers)
                    .map_or(Type::Integer(IntFormat::Unspecified), |(ty, _)| ty),
            };
            return with_allowed(ty, layers);
        }
        let layer_node = |key: &str| value(layers, key);
        let sdk_names = layer_node("x-speakeasy-enums");
        let descriptions = layer_node("x-speakeasy-enum-descriptions");
        let open = layer_node("x-speakeasy-unknown-values").and_then(Node::as_str) == Some("allow");
        let mut seen = HashSet::new();
        let mut entries = Vec::new();
        for (idx, value) in present {
            let wire_value = value.scalar_text().unwrap_or_default();
            if !seen.insert(wire_value.clone()) {
                continue;
            }
            let sdk_name = sdk_names
                .and_then(|n| n.items().get(idx))
                .and_then(Node::as_str)
                .unwrap_or(&wire_value)
                .to_string();
            let description = descriptions
                .and_then(|d| match d {
                    Node::Array(items) => items.get(idx),
                    _ => d.get(&wire_value),
                })
                .and_then(Node::as_str)
                .map(str::to_string);
            entries.push((idx, wire_value, sdk_name, description));
        }
        // Values that are identifiers already claim their names first, then values with other
        // characters, then values of symbols alone: `mp3` is `Mp3` whatever comes first.
        // A value whose name is taken spells out its signs (`Etc/GMT-1` beside `Etc/GMT+1` is
        // `EtcGmtMinus1`), then its other symbols (`*mp3` is `AsteriskMp3`), before it is
        // numbered.
        let mut variant_names = UniqueNames::default();
        let mut claimed = HashSet::new();
        let mut rust_names = vec![String::new(); entries.len()];
        let pass_of = |name: &str| {
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                0
            } else if name.chars().any(|c| c.is_ascii_alphanumeric()) {
                1
            } else {
                2
            }
        };
        for pass in 0..3 {
            for (pos, (idx, wire_value, sdk_name, _)) in entries.iter().enumerate() {
                if pass_of(sdk_name) != pass {
                    continue;
                }
                let wanted = [
                    value_name(sdk_name),
                    value_name(&spell_signs(sdk_name)),
                    value_name(&spell_symbols(sdk_name)),
                ]
                .into_iter()
                .find(|name| !claimed.contains(name))
                .unwrap_or_else(|| value_name(sdk_name));
                let (rust_name, renamed) = variant_names.claim(&wanted);
                claimed.insert(rust_name.clone());
                if renamed {
                    let value_loc = enum_loc.child(&idx.to_string());
                    let message = format!(
                        "enum value `{wire_value}` is named `{rust_name}` in Rust: an earlier value has the same Rust name (at `{}`)",
                        self.docs.display(&value_loc)
                    );
                    self.diagnose(
                        Severity::Warning,
                        &value_loc,
                        Code::RenamedEnumValue,
                        message,
                        "name the values with `x-speakeasy-enums`",
                    );
                }
                rust_names[pos] = rust_name;
            }
        }
        let out = entries
            .into_iter()
            .zip(rust_names)
            .map(
                |((idx, wire_value, sdk_name, description), rust_name)| EnumValue {
                    span: self
                        .docs
                        .span(self.sources, &enum_loc.child(&idx.to_string())),
                    sdk_name,
                    wire_value,
                    rust_name,
                    description,
                },
            )
            .collect();
        Plan::Enum(Enum {
            strict: false,
            repr,
            open,
            values: out,
        })
    }

    fn struct_kind(&mut self, id: TypeId, props: &[Prop<'a>]) -> TypeKind {
        let (owner, ns) = {
            let slot = &self.slots[id.0 as usize];
            (slot.rust_name.clone(), slot.ns)
        };
        let mut field_names = UniqueNames::default();
        let fields = props
            .iter()
            .filter(|p| !p.node.flag("x-speakeasy-ignore"))
            .map(|p| self.field(&owner, ns, p, &mut field_names))
            .collect();
        TypeKind::Struct(Struct {
            fields,
            ..Struct::default()
        })
    }

    /// Adds to a struct what its schema says besides its properties: the type of the
    /// properties it does not list, and the alternatives it must satisfy. A rule that every
    /// alternative adds to the same property is a rule of that property.
    fn struct_extras(&mut self, id: TypeId, kind: &mut TypeKind, extras: Extras<'a>) {
        let TypeKind::Struct(it) = kind else {
            return;
        };
        let (owner, ns) = {
            let slot = &self.slots[id.0 as usize];
            (slot.rust_name.clone(), slot.ns)
        };
        if let Some((loc, node)) = extras.additional {
            let (ty, constraints) = if node.is_object() {
                let value_hint = format!("{owner}Value");
                let value = self.schema(&loc, node, Hint::new(&value_hint), ns, Target::Inline);
                (value.element_type(), value.constraints)
            } else {
                (Type::Any, Constraints::default())
            };
            it.additional = Some(Box::new(Additional {
                ty,
                constraints,
                span: self.docs.span(self.sources, &loc),
            }));
        }
        let has_map = it.additional.is_some() || self.keep_unknown_fields;
        for group in extras.alternatives {
            let Some((first, _)) = group.members.first() else {
                continue;
            };
            let exactly_one = first.pointer.contains("/oneOf/");
            let mut branches = Vec::new();
            let mut unlisted = None;
            for (member_loc, member) in &group.members {
                let required: Vec<String> = member
                    .get("required")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(Node::as_str)
                    .map(str::to_string)
                    .collect();
                if let Some(name) = required
                    .iter()
                    .find(|name| !it.fields.iter().any(|f| f.wire_name == **name))
                {
                    unlisted.get_or_insert_with(|| (member_loc.clone(), name.clone()));
                }
                let rules = member
                    .get("properties")
                    .map(Node::entries)
                    .unwrap_or_default()
                    .iter()
                    .map(|(name, schema)| {
                        let at = member_loc.child2("properties", name);
                        (name.clone(), constraints(&[(at, schema)]))
                    })
                    .filter(|(_, rules)| !rules.is_empty())
                    .collect();
                branches.push(Branch {
                    required,
                    rules,
                    span: self.docs.span(self.sources, member_loc),
                });
            }
            if let Some((at, name)) = unlisted
                && !has_map
            {
                let what = format!(
                    "an alternative requiring `{name}`, which `properties` does not list (so it is not kept),"
                );
                self.warn_unchecked(&at, &what);
                continue;
            }
            // The rules every alternative adds to a property hold whenever it is present.
            for field in &mut it.fields {
                let mut common = branches.iter().map(|b| {
                    b.rules
                        .iter()
                        .find(|(name, _)| *name == field.wire_name)
                        .map(|(_, rules)| rules.clone())
                });
                if let Some(Some(first)) = common.next()
                    && common.all(|rules| rules.as_ref() == Some(&first))
                {
                    narrow_constraints(&mut field.constraints, &first);
                    for branch in &mut branches {
                        branch.rules.retain(|(name, _)| *name != field.wire_name);
                    }
                }
            }
            it.alternatives.push(Alternatives {
                exactly_one,
                branches,
                span: self.docs.span(self.sources, &group.layer),
            });
        }
    }

    /// Warns that `what` is not checked by the generated code.
    fn warn_unchecked(&mut self, loc: &Loc, what: &str) {
        let message = format!(
            "{what} is not supported; `{}` is generated without checking it",
            self.docs.display(loc)
        );
        self.diagnose(
            Severity::Warning,
            loc,
            Code::Unsupported,
            message,
            "list the property under `properties`",
        );
    }

    fn field(
        &mut self,
        owner: &str,
        ns: Ns,
        prop: &Prop<'a>,
        field_names: &mut UniqueNames,
    ) -> Field {
        let shown = prop
            .node
            .str("x-speakeasy-name-override")
            .unwrap_or(&prop.name);
        let lowered = self.schema(
            &prop.loc,
            prop.node,
            Hint::property(owner, shown),
            ns,
            Target::Inline,
        );
        let (rust_name, renamed) = field_names.claim(&names::snake_ident(shown));
        if renamed {
            let message = format!(
                "property `{}` is named `{rust_name}` in Rust: an earlier property of `{owner}` has the same Rust name (at `{}`)",
                prop.name,
                self.docs.display(&prop.loc)
            );
            self.diagnose(
                Severity::Warning,
                &prop.loc,
                Code::RenamedField,
                message,
                "name the property with `x-speakeasy-name-override`",
            );
        }
        let Lowered {
            ty,
            nullable,
            constraints,
            ann,
        } = lowered;
        Field {
            sdk_name: prop.name.clone(),
            wire_name: prop.name.clone(),
            wire_source: WireSource::Spec,
            rust_name,
            ty,
            required: prop.required,
            nullable,
            deprecated: ann.deprecated,
            description: ann.description,
            example: ann.example,
            default: ann.default,
            constraints,
            read_only: ann.read_only,
            write_only: ann.write_only,
            span: self.docs.span(self.sources, &prop.loc),
        }
    }

    /// A union member with its properties (refs and `allOf` followed) and whether it is an
    /// object (so that a tag property can sit beside its fields).
    fn member(&mut self, loc: &Loc, node: &'a Node) -> Member<'a> {
        let target = match node.str("$ref") {
            Some(reference) if only_annotations(node, &["$ref"]) => self.follow(loc, reference),
            _ => None,
        };
        let (body_loc, body) = match &target {
            Some(t) => (t.clone(), self.docs.node(t).unwrap_or(node)),
            None => (loc.clone(), node),
        };
        let layers = self.layers(&body_loc, body).unwrap_or_default();
        let props = properties(&layers);
        let types = declared_types(&layers);
        let object = union_groups(&self.null_refs, &layers).is_empty()
            && value(&layers, "enum").is_none()
            && (types.is_empty() && !props.is_empty() || types == ["object"]);
        Member {
            loc: loc.clone(),
            node,
            target,
            props,
            object,
        }
    }

    /// The const (or single `enum` value) of property `name` of a member.
    fn const_of(&mut self, member: &Member<'a>, name: &str) -> Option<String> {
        let prop = member.props.iter().find(|p| p.name == name)?;
        let mut node = prop.node;
        if let Some(reference) = node.str("$ref") {
            let target = self.resolve(&prop.loc, reference)?;
            node = self.node(&target)?;
        }
        if let Some(value) = node.get("const") {
            return value.scalar_text().filter(|_| !matches!(value, Node::Null));
        }
        match node.get("enum")?.items() {
            [only] if !matches!(only, Node::Null) => only.scalar_text(),
            _ => None,
        }
    }

    /// How the variants of a union are told apart on the wire: by the `discriminator` (tags
    /// from its mapping, the variant's const, or the schema name); else by a property that
    /// every variant fixes to a distinct value: adjacently when the variants are all
    /// `{tag, content}` pairs, internally otherwise; else untagged.
    fn tagging(&mut self, group: &Group<'a>, members: &[Member<'a>]) -> Tags {
        if members.is_empty() || !members.iter().all(|m| m.object) {
            return Tags::Untagged;
        }
        if let Some(disc) = group.discriminator
            && let Some(property) = disc.str("propertyName")
        {
            let mapping: Vec<(String, Loc)> = disc
                .get("mapping")
                .map(Node::entries)
                .unwrap_or_default()
                .iter()
                .filter_map(|(value, reference)| {
                    let reference = reference.as_str()?;
                    let loc = if reference.contains(['#', '/', '.']) {
                        self.docs.resolve(group.layer.doc, reference).ok()?
                    } else {
                        let loc = Loc {
                            doc: 0,
                            pointer: format!("/components/schemas/{}", tree::escape(reference)),
                        };
                        self.docs.node(&loc)?;
                        loc
                    };
                    Some((value.clone(), loc))
                })
                .collect();
            let mut tags = Vec::new();
            for member in members {
                let mapped = member.target.as_ref().and_then(|t| {
                    mapping
                        .iter()
                        .find(|(_, loc)| loc == t)
                        .map(|(value, _)| value.clone())
                });
                let tag = mapped
                    .or_else(|| self.const_of(member, property))
                    .or_else(|| member.target.as_ref().and_then(component_name));
                match tag {
                    Some(tag) => tags.push(tag),
                    None => return Tags::Untagged,
                }
            }
            if distinct(&tags) {
                return Tags::Internal(property.to_string(), tags);
            }
            return Tags::Untagged;
        }
        if members.len() < 2 {
            return Tags::Untagged;
        }
        let first: Vec<String> = members[0].props.iter().map(|p| p.name.clone()).collect();
        for property in &first {
            let tags: Option<Vec<String>> =
                members.iter().map(|m| self.const_of(m, property)).collect();
            let Some(tags) = tags.filter(|t| distinct(t)) else {
                continue;
            };
            let pairs = members.iter().all(|m| m.props.len() == 2);
            let content = first.iter().find(|p| *p != property);
            if pairs
                && let Some(content) = content
                && members
                    .iter()
                    .all(|m| m.props.iter().any(|p| p.name == *content))
            {
                return Tags::Adjacent(property.clone(), content.clone(), tags);
            }
            return Tags::Internal(property.clone(), tags);
        }
        Tags::Untagged
    }

    /// A union of the members of `group`; with `parent` properties (an `allOf` around a
    /// `oneOf`), every variant is a struct of the parent's properties and its own.
    fn union_kind(&mut self, id: TypeId, group: Group<'a>, parent: Vec<Prop<'a>>) -> TypeKind {
        let (owner, ns) = {
            let slot = &self.slots[id.0 as usize];
            (slot.rust_name.clone(), slot.ns)
        };
        let members: Vec<Member<'a>> = group
            .members
            .iter()
            .map(|(loc, node)| self.member(loc, node))
            .collect();
        let tags = self.tagging(&group, &members);
        let (tagging, tag_values) = match tags {
            Tags::Untagged => (Tagging::Untagged, Vec::new()),
            Tags::Internal(property, values) => (Tagging::Internal { property }, values),
            Tags::Adjacent(tag, content, values) => (Tagging::Adjacent { tag, content }, values),
        };
        let mut variant_names = UniqueNames::default();
        let mut variants = Vec::new();
        for (idx, member) in members.iter().enumerate() {
            let tag = tag_values.get(idx).cloned();
            let title = member.node.str("title");
            let target_name = member
                .target
                .as_ref()
                .map(|t| self.named(t))
                .map(|t| self.slots[t.0 as usize].name.clone());
            let suffix = target_name
                .as_deref()
                .or(title)
                .or(tag.as_deref())
                .map_or_else(|| (idx + 1).to_string(), names::pascal_ident);
            let variant_hint = format!("{owner}{suffix}");
            // The rules of an inline member that is no type of its own (`{type: string,
            // maxLength: 3}`) stay with the variant.
            let mut variant_rules = Constraints::default();
            let ty = if let Tagging::Adjacent { content, .. } = &tagging {
                let prop = member
                    .props
                    .iter()
                    .find(|p| p.name == *content)
                    .cloned()
                    .expect("adjacent tagging checked every member has the content property");
                self.schema(
                    &prop.loc,
                    prop.node,
                    Hint::new(&variant_hint),
                    ns,
                    Target::Inline,
                )
                .ty
            } else if !parent.is_empty() && member.object {
                let mut props = parent.clone();
                merge_props(&mut props, member.props.clone());
                let variant = self.register(member.loc.clone(), None, &variant_hint, ns);
                let mut kind = self.struct_kind(variant, &props);
                let (body_loc, body) = match &member.target {
                    Some(t) => (t.clone(), self.docs.node(t).unwrap_or(member.node)),
                    None => (member.loc.clone(), member.node),
                };
                let extras = Extras {
                    additional: additional_of(&[(body_loc, body)]),
                    alternatives: Vec::new(),
                };
                self.struct_extras(variant, &mut kind, extras);
                self.fill(variant, kind, &Ann::of(member.node));
                Type::Ref(variant)
            } else {
                let lowered = self.schema(
                    &member.loc,
                    member.node,
                    Hint::new(&variant_hint),
                    ns,
                    Target::Inline,
                );
                variant_rules = lowered.constraints;
                lowered.ty
            };
            // A `$ref` variant is named after its schema; an inline one after its title or
            // tag, or else its position when it got a type of its own, or else its type.
            let made_here = matches!(ty, Type::Ref(t) if self.by_loc.get(&member.loc) == Some(&t));
            let name = match (&target_name, title.or(tag.as_deref())) {
                (Some(name), _) => name.clone(),
                (None, Some(_)) => suffix,
                (None, None) if made_here => suffix,
                (None, None) => {
                    given_name(member.node, &ty).unwrap_or_else(|| self.synthetic_name(&ty))
                }
            };
            let (rust_name, _) = variant_names.claim(&names::pascal_ident(&name));
            variants.push(Variant {
                name,
                rust_name,
                ty,
                tag,
                constraints: variant_rules,
                description: member
                    .node
                    .str("description")
                    .filter(|d| !d.trim().is_empty())
                    .map(str::to_string),
                span: self.docs.span(self.sources, &member.loc),
            });
        }
        TypeKind::Union(Union { variants, tagging })
    }

    /// A union of primitive types (`type: [string, integer]`).
    fn types_kind(&mut self, id: TypeId, types: &[String], layers: &[Layer<'a>]) -> TypeKind {
        let (owner, ns) = {
            let slot = &self.slots[id.0 as usize];
            (slot.rust_name.clone(), slot.ns)
        };
        let mut variant_names = UniqueNames::default();
        let mut variants = Vec::new();
        let loc = self.slots[id.0 as usize].loc.clone();
        for ty in types {
            // The schema's rules apply to every type it admits (each variant checks those
            // of its kind).
            let mut rules = constraints(layers);
            let ty = match ty.as_str() {
                "object" => Type::Map(Box::new(Type::Any)),
                "array" => match keyword(layers, "items") {
                    Some((items_loc, items)) if items.is_object() => {
                        let item_hint = format!("{owner}Item");
                        let item = self.schema(
                            &items_loc,
                            items,
                            Hint::new(&item_hint),
                            ns,
                            Target::Inline,
                        );
                        if !item.constraints.is_empty() {
                            rules.items = Some(Box::new(item.constraints.clone()));
                        }
                        Type::Array(Box::new(item.element_type()))
                    }
                    _ => Type::Array(Box::new(Type::Any)),
                },
                other => match prim(other, layers) {
                    Some((ty, prim_rules)) => {
                        rules = prim_rules;
                        ty
                    }
                    None => Type::Any,
                },
            };
            let name = self.synthetic_name(&ty);
            let (rust_name, _) = variant_names.claim(&names::pascal_ident(&name));
            variants.push(Variant {
                name,
                rust_name,
                ty,
                tag: None,
                constraints: rules,
                description: None,
                span: self.docs.span(self.sources, &loc.child("type")),
            });
        }
        TypeKind::Union(Union {
            variants,
            tagging: Tagging::Untagged,
        })
    }

    /// `Str`, `Integer`, `ArrayOfStr`, or a named type's name: what a union variant of a type
    /// without a name of its own is called (as Speakeasy's docs call them).
    fn synthetic_name(&self, ty: &Type) -> String {
        match ty {
            Type::String => "Str".to_string(),
            Type::Integer(_) => "Integer".to_string(),
            Type::Number(_) => "Number".to_string(),
            Type::Boolean => "Boolean".to_string(),
            Type::Date => "Date".to_string(),
            Type::DateTime => "DateTime".to_string(),
            Type::Binary => "Binary".to_string(),
            Type::Any => "Any".to_string(),
            Type::Array(inner) => format!("ArrayOf{}", self.synthetic_name(inner)),
            Type::Map(inner) => format!("MapOf{}", self.synthetic_name(inner)),
            // Named like the value it holds when not null: a variant keeps its name when its
            // items become nullable.
            Type::Nullable(inner) => self.synthetic_name(inner),
            Type::Ref(id) => self.slots[id.0 as usize].rust_name.clone(),
        }
    }

    /// The finished types: checks for cycles of aliases, orders untagged variants, sorts the
    /// types by namespace and name, and renumbers every reference.
    fn finish(mut self) -> Option<(Vec<TypeDef>, Vec<Operation>, Vec<SpecExample>)> {
        self.check_alias_cycles();
        if self.errors > 0 {
            return None;
        }
        let n = self.slots.len();
        let merged_into = self.merge_inline();
        for idx in 0..n {
            let Some(TypeKind::Union(union)) = &self.slots[idx].kind else {
                continue;
            };
            if union.tagging != Tagging::Untagged {
                continue;
            }
            let mut variants = union.variants.clone();
            variants.sort_by_cached_key(|v| self.specificity(&v.ty, 0));
            if let Some(TypeKind::Union(union)) = &mut self.slots[idx].kind {
                union.variants = variants;
            }
        }
        let mut order: Vec<usize> = (0..n).filter(|&idx| merged_into[idx] == idx).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.slots[a], &self.slots[b]);
            (a.ns, &a.name, &a.rust_name).cmp(&(b.ns, &b.name, &b.rust_name))
        });
        // Spans in the order the types were made, which is close to document order, so that
        // the locator finds each one near the previous.
        let mut spans: Vec<Option<Span>> = self
            .slots
            .iter()
            .map(|slot| Some(self.docs.span(self.sources, &slot.loc)))
            .collect();
        let mut new_id = vec![TypeId(0); n];
        for (pos, &old) in order.iter().enumerate() {
            new_id[old] = TypeId(pos as u32);
        }
        for idx in 0..n {
            new_id[idx] = new_id[merged_into[idx]];
        }
        let mut slots: Vec<Option<Slot>> = std::mem::take(&mut self.slots)
            .into_iter()
            .map(Some)
            .collect();
        let types = order
            .iter()
            .map(|&old| {
                let slot = slots[old].take().expect("each slot is taken once");
                let mut kind = slot.kind.unwrap_or(TypeKind::Alias(Type::Any));
                renumber_kind(&mut kind, &new_id);
                TypeDef {
                    name: slot.name,
                    namespace: slot.ns.path(),
                    rust_name: slot.rust_name,
                    description: slot.description,
                    deprecated: slot.deprecated,
                    kind,
                    span: spans[old].take().expect("each span is taken once"),
                }
            })
            .collect();
        let operations = std::mem::take(&mut self.operations)
            .into_iter()
            .map(|op| self.operation(op, &new_id))
            .collect();
        let spec_examples = super::examples::collect(
            self.sources,
            self.docs,
            &self.schema_types,
            &self.media_types,
            &new_id,
        );
        Some((types, operations, spec_examples))
    }

    /// Merges inline schemas of one shape ([`merge`]), each group reported in a note; the
    /// type each slot is merged into (itself when it stays).
    fn merge_inline(&mut self) -> Vec<usize> {
        let candidates: Vec<merge::Candidate<'_>> = self
            .slots
            .iter()
            .map(|slot| merge::Candidate {
                // The schema of a body or parameter keeps its type of its own.
                kind: slot
                    .kind
                    .as_ref()
                    .filter(|_| !is_inline(&slot.loc) || is_mergeable(&slot.loc)),
                deprecated: slot.deprecated.as_deref(),
                inline: is_inline(&slot.loc),
                scope: slot.ns as u8,
                name: &slot.rust_name,
            })
            .collect();
        let groups = merge::groups(&candidates);
        let mut merged_into: Vec<usize> = (0..self.slots.len()).collect();
        for group in groups {
            let keep = group.keep;
            let inline = is_inline(&self.slots[keep].loc);
            let mut kind = self.slots[keep].kind.take();
            let mut description = self.slots[keep].description.take();
            for &member in &group.merged {
                merged_into[member] = keep;
                let other = &self.slots[member];
                // A named schema keeps its own docs.
                if !inline {
                    continue;
                }
                if let (Some(kind), Some(other)) = (&mut kind, &other.kind) {
                    merge::keep_shared_docs(kind, other);
                }
                if description != other.description {
                    description = None;
                }
            }
            self.slots[keep].kind = kind;
            self.slots[keep].description = description;
            let mut all: Vec<usize> = group.merged.clone();
            all.push(keep);
            all.sort_unstable();
            let member_names: Vec<String> = all
                .iter()
                .map(|&idx| self.slots[idx].rust_name.clone())
                .collect();
            let was = self.slots[keep].rust_name.clone();
            if inline {
                let refs: Vec<&str> = member_names.iter().map(String::as_str).collect();
                if let Some(name) = merge::common_name(&refs)
                    .filter(|name| !self.names.is_taken(name) && *name != was)
                {
                    self.names.reserve(&name);
                    self.slots[keep].name = name.clone();
                    self.slots[keep].rust_name = name;
                }
            }
            let slot = &self.slots[keep];
            let listed = listing(&member_names);
            let (message, hint) = if inline {
                (
                    format!(
                        "{} inline schemas of one shape are generated as one type `{}`: {listed}",
                        all.len(),
                        slot.rust_name
                    ),
                    "they have the same properties, types, rules and defaults; docs and examples they do not share are left out. A schema in `components.schemas` would name the type",
                )
            } else {
                let count = match group.merged.len() {
                    1 => "an inline schema".to_string(),
                    n => format!("{n} inline schemas"),
                };
                (
                    format!(
                        "the type of schema `{}` stands for {count} of its shape: {}",
                        slot.name,
                        listing(
                            &group
                                .merged
                                .iter()
                                .map(|&idx| self.slots[idx].rust_name.clone())
                                .collect::<Vec<_>>()
                        )
                    ),
                    "they have the same properties, types, rules and defaults as the schema; a `$ref` to it says so in the spec",
                )
            };
            let loc = slot.loc.clone();
            self.diagnose(Severity::Note, &loc, Code::InlineMerged, message, hint);
        }
        merged_into
    }

    fn operation(&self, op: OperationDraft, new_id: &[TypeId]) -> Operation {
        let mut rust_names = UniqueNames::default();
        let parameters = op
            .parameters
            .into_iter()
            .map(|param| {
                let mut ty = param.lowered.ty;
                renumber(&mut ty, new_id);
                let shown = param.shown.unwrap_or_else(|| param.name.clone());
                let field = Field {
                    rust_name: rust_names.claim(&names::snake_ident(&shown)).0,
                    sdk_name: shown,
                    wire_name: param.name,
                    wire_source: WireSource::Spec,
                    ty,
                    required: param.required,
                    nullable: param.lowered.nullable,
                    deprecated: param.lowered.ann.deprecated,
                    description: param.lowered.ann.description,
                    example: param.lowered.ann.example,
                    default: param.lowered.ann.default,
                    constraints: param.lowered.constraints,
                    read_only: false,
                    write_only: false,
                    span: self.docs.span(self.sources, &param.loc),
                };
                Parameter {
                    field,
                    location: param.location,
                    style: param.style,
                    explode: param.explode,
                }
            })
            .collect();
        let contents = |contents: MediaTypes| -> Vec<Content> {
            contents
                .into_iter()
                .map(|(media_type, ty)| Content {
                    encoding: BodyEncoding::of(&media_type),
                    media_type,
                    ty: ty.map(|mut ty| {
                        renumber(&mut ty, new_id);
                        ty
                    }),
                })
                .collect()
        };
        Operation {
            name: op.name,
            id: op.id,
            method: op.method,
            path: op.path,
            summary: op.summary,
            description: op.description,
            group: op.group,
            deprecated: op.deprecated,
            parameters,
            request: op.request.map(|(required, description, body)| RequestBody {
                required,
                description,
                contents: contents(body),
            }),
            responses: op
                .responses
                .into_iter()
                .map(|(status, description, body)| Response {
                    status,
                    description,
                    contents: contents(body),
                })
                .collect(),
            security: op.security,
            span: self.docs.span(self.sources, &op.loc),
        }
    }

    /// Sort key of an untagged variant: the first variant that fits wins, so the most
    /// specific come first. Objects with more required properties, then with more properties;
    /// closed enums; booleans, integers, dates and date-times; other numbers; strings; arrays;
    /// other unions and open enums; maps, free-form objects and any value last.
    fn specificity(&self, ty: &Type, depth: usize) -> (u8, Reverse<usize>, Reverse<usize>) {
        let rank = |r: u8| (r, Reverse(0), Reverse(0));
        match ty {
            Type::Ref(id) if depth < 8 => match &self.slots[id.0 as usize].kind {
                Some(TypeKind::Struct(s)) => (
                    0,
                    Reverse(s.fields.iter().filter(|f| f.required).count()),
                    Reverse(s.fields.len()),
                ),
                Some(TypeKind::Enum(e)) if !e.open => rank(1),
                Some(TypeKind::Alias(inner)) => self.specificity(inner, depth + 1),
                Some(TypeKind::FreeForm) => rank(7),
                _ => rank(6),
            },
            Type::Boolean | Type::Integer(_) | Type::Date | Type::DateTime => rank(2),
            Type::Number(_) => rank(3),
            Type::String | Type::Binary => rank(4),
            Type::Array(_) => rank(5),
            Type::Map(_) => rank(7),
            Type::Nullable(inner) => self.specificity(inner, depth + 1),
            Type::Any | Type::Ref(_) => rank(8),
        }
    }

    /// Reports every cycle of aliases (`A: {$ref: B}`, `B: {type: array, items: {$ref: A}}`):
    /// no Rust type can be infinitely nested without an object (a struct, enum or union) on
    /// the way.
    fn check_alias_cycles(&mut self) {
        fn targets(ty: &Type, acc: &mut Vec<usize>) {
            match ty {
                Type::Ref(id) => acc.push(id.0 as usize),
                Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => {
                    targets(inner, acc)
                }
                _ => {}
            }
        }
        let n = self.slots.len();
        let edges: Vec<Vec<usize>> = self
            .slots
            .iter()
            .map(|slot| {
                let mut acc = Vec::new();
                if let Some(TypeKind::Alias(ty)) = &slot.kind {
                    targets(ty, &mut acc);
                }
                acc
            })
            .collect();
        // 0: not visited, 1: on the stack, 2: done.
        let mut state = vec![0u8; n];
        let mut cycles = Vec::new();
        for start in 0..n {
            if state[start] != 0 || edges[start].is_empty() {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = 1;
            while let Some(&(node, next)) = stack.last() {
                if let Some(&to) = edges[node].get(next) {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    match state[to] {
                        0 => {
                            state[to] = 1;
                            stack.push((to, 0));
                        }
                        1 => {
                            let from = stack
                                .iter()
                                .position(|&(n, _)| n == to)
                                .expect("a node on the stack is in it");
                            let mut cycle: Vec<usize> =
                                stack[from..].iter().map(|&(n, _)| n).collect();
                            cycle.push(to);
                            cycles.push(cycle);
                        }
                        _ => {}
                    }
                } else {
                    state[node] = 2;
                    stack.pop();
                }
            }
        }
        for cycle in cycles {
            let shown: Vec<String> = cycle
                .iter()
                .map(|&idx| format!("`{}`", self.docs.display(&self.slots[idx].loc)))
                .collect();
            let loc = self.slots[cycle[0]].loc.clone();
            self.diagnose(
                Severity::Error,
                &loc,
                Code::RefCycle,
                format!("`$ref` cycle with no object in it: {}", shown.join(" → ")),
                "a chain of `$ref`s (through arrays and maps too) must reach an object, an enum or a union; a value cannot contain itself otherwise",
            );
        }
    }
}

/// The Rust name of an enum value: its text as an identifier, except that the empty value is
/// `Empty` and a value of symbols alone is spelled out (`!=` is `NotEq`, `<=` is `LtEq`), so
/// operators do not all become `Value`, `Value2`, ...
fn value_name(value: &str) -> String {
    if value.is_empty() {
        return "Empty".to_string();
    }
    if value.chars().any(|c| c.is_ascii_alphanumeric()) {
        return names::pascal_ident(value);
    }
    let words: Vec<&str> = value.chars().filter_map(symbol_word).collect();
    names::pascal_ident(&words.join(" "))
}

/// The name an inline union member's schema gives its variant, better than its type's
/// (`Str`): its one value (`const: auto`, `enum: [""]` is `Empty`), or its string format
/// (`format: email` is `Email`).
fn given_name(node: &Node, ty: &Type) -> Option<String> {
    let one_value = node.get("const").or_else(|| match node.get("enum") {
        Some(Node::Array(values)) if values.len() == 1 => values.first(),
        _ => None,
    });
    if let Some(value) = one_value.and_then(Node::scalar_text) {
        return Some(value_name(&value));
    }
    match ty {
        Type::String => node
            .str("format")
            .filter(|f| f.chars().any(|c| c.is_ascii_alphabetic()))
            .map(names::pascal_ident),
        _ => None,
    }
}

/// A word for a symbol character, for names of values made of symbols.
fn symbol_word(c: char) -> Option<&'static str> {
    Some(match c {
        '=' => "eq",
        '!' => "not",
        '<' => "lt",
        '>' => "gt",
        '~' => "tilde",
        '*' => "asterisk",
        '+' => "plus",
        '-' => "minus",
        '/' => "slash",
        '\\' => "backslash",
        '.' => "dot",
        ',' => "comma",
        ':' => "colon",
        ';' => "semicolon",
        '&' => "and",
        '|' => "or",
        '%' => "percent",
        '$' => "dollar",
        '#' => "hash",
        '@' => "at",
        '^' => "caret",
        '?' => "question",
        '_' => "underscore",
        _ => return None,
    })
}

/// The value with every symbol spelled out as a word (`*.mp3` is `asterisk dot mp3`).
fn spell_symbols(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match symbol_word(c) {
            Some(word) if c != '_' => {
                out.push(' ');
                out.push_str(word);
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// The value with every `+` and `-` before a digit spelled out (`GMT-1` is `GMT minus 1`).
fn spell_signs(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        let before_digit = chars.peek().is_some_and(char::is_ascii_digit);
        match c {
            '+' if before_digit => out.push_str(" plus "),
            '-' if before_digit => out.push_str(" minus "),
            _ => out.push(c),
        }
    }
    out
}

/// `200`, `2XX`, `Default`: the part of a response's type name naming its status.
fn status_suffix(status: &str) -> String {
    if status.starts_with(|c: char| c.is_ascii_digit()) {
        status
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect()
    } else {
        names::pascal_ident(status)
    }
}

/// Whether a place is a member position (`.../allOf/0`) rather than a schema of its own.
fn is_member_position(loc: &Loc) -> bool {
    let mut segments = loc.pointer.rsplit('/');
    let last = segments.next().unwrap_or("");
    let parent = segments.next().unwrap_or("");
    last.parse::<usize>().is_ok() && matches!(parent, "allOf" | "oneOf" | "anyOf")
}

/// Names as inline code, the first ten of them and a count of the others.
fn listing(names: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut res = names
        .iter()
        .take(SHOWN)
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        res.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    res
}

/// Whether the schema at `loc` is inline: not a component schema, nor a schema another file
/// names.
fn is_inline(loc: &Loc) -> bool {
    loc.doc == 0 && component_name(loc).is_none()
}

/// Whether the inline schema at `loc` may be merged into another type: not the schema of a
/// body or parameter itself (`CreateUserRequest`, `GetUserResponse404`), whose name users look
/// up by its operation.
fn is_mergeable(loc: &Loc) -> bool {
    let mut segments = loc.pointer.rsplit('/');
    let last = segments.next().unwrap_or("");
    let parent = segments.next().unwrap_or("");
    is_inline(loc) && !(last == "schema" && parent != "properties")
}

/// The schema name of a place under `components.schemas`.
fn component_name(loc: &Loc) -> Option<String> {
    let name = loc.pointer.strip_prefix("/components/schemas/")?;
    (!name.contains('/')).then(|| tree::unescape(name).into_owned())
}

fn distinct(values: &[String]) -> bool {
    let set: HashSet<&String> = values.iter().collect();
    set.len() == values.len()
}

/// Whether every key of `node` besides `allowed` is an annotation or an extension.
fn only_annotations(node: &Node, allowed: &[&str]) -> bool {
    node.entries().iter().all(|(key, _)| {
        allowed.contains(&key.as_str())
            || ANNOTATIONS.contains(&key.as_str())
            || key.starts_with("x-")
    })
}

/// The single member a wrapper schema stands for: the one member of an `allOf`, or the one
/// member besides `null` of a `oneOf`/`anyOf`, when the wrapper adds only annotations.
fn passthrough<'n>(
    null_refs: &BTreeSet<String>,
    loc: &Loc,
    node: &'n Node,
) -> Option<(Loc, &'n Node)> {
    if node.get("$ref").is_some() || !only_annotations(node, &["allOf", "oneOf", "anyOf"]) {
        return None;
    }
    let mut members: Vec<(Loc, &'n Node)> = node
        .get("allOf")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(idx, m)| (loc.child2("allOf", &idx.to_string()), m))
        .collect();
    members.extend(non_null_members(null_refs, loc, node, "oneOf"));
    members.extend(non_null_members(null_refs, loc, node, "anyOf"));
    match <[_; 1]>::try_from(members) {
        Ok([only]) => Some(only),
        Err(_) => None,
    }
}

/// The `$ref`s of the main document's component schemas that admit only `null`.
fn null_refs(docs: &Docs) -> BTreeSet<String> {
    let schemas_loc = Loc {
        doc: 0,
        pointer: "/components/schemas".to_string(),
    };
    docs.node(&schemas_loc)
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter(|(_, schema)| is_null_schema(schema))
        .map(|(name, _)| format!("#/components/schemas/{name}"))
        .collect()
}

/// The members of `node[key]` (`oneOf` or `anyOf`) that are not the `null` schema, written
/// out or named by a `$ref` in `null_refs`.
fn non_null_members<'n>(
    null_refs: &BTreeSet<String>,
    loc: &Loc,
    node: &'n Node,
    key: &str,
) -> Vec<(Loc, &'n Node)> {
    node.get(key)
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            !is_null_schema(m) && !m.str("$ref").is_some_and(|r| null_refs.contains(r))
        })
        .map(|(idx, m)| (loc.child2(key, &idx.to_string()), m))
        .collect()
}

/// Whether a schema admits only `null` (`{type: "null"}`, `{enum: [null]}`, `{const: null}`).
fn is_null_schema(node: &Node) -> bool {
    let only_null_type = match node.get("type") {
        Some(Node::String(t)) => t == "null",
        Some(Node::Array(ts)) => !ts.is_empty() && ts.iter().all(|t| t.as_str() == Some("null")),
        _ => false,
    };
    let only_null_enum = node
        .get("enum")
        .is_some_and(|e| !e.items().is_empty() && e.items().iter().all(|v| *v == Node::Null));
    only_null_type || only_null_enum || node.get("const") == Some(&Node::Null)
}

/// Whether a schema itself says it admits `null`, in any spelling: `nullable: true`,
/// `type: [T, "null"]`, `null` among its `enum`, or a `null` member of its `oneOf`/`anyOf`.
fn own_nullable(node: &Node) -> bool {
    let type_null = match node.get("type") {
        Some(Node::String(t)) => t == "null",
        Some(Node::Array(ts)) => ts.iter().any(|t| t.as_str() == Some("null")),
        _ => false,
    };
    node.flag("nullable")
        || type_null
        || node
            .get("enum")
            .is_some_and(|e| e.items().contains(&Node::Null))
        || node.get("const") == Some(&Node::Null)
        || ["oneOf", "anyOf"].iter().any(|key| {
            node.get(key)
                .is_some_and(|members| members.items().iter().any(is_null_schema))
        })
}

/// The value of `key` in the last layer that has it (the including schema overrides its
/// `allOf` members), with its place.
fn keyword<'a>(layers: &[Layer<'a>], key: &str) -> Option<(Loc, &'a Node)> {
    layers
        .iter()
        .rev()
        .find_map(|(loc, node)| node.get(key).map(|value| (loc.child(key), value)))
}

/// What kind of JSON value `node` is, for messages: `a number (5)`, `a string ("name")`.
fn json_kind(node: &Node) -> String {
    let shown = |node: &Node| {
        let text = node.to_compact_json();
        if text.chars().count() > 40 {
            format!("{}…", text.chars().take(40).collect::<String>())
        } else {
            text
        }
    };
    match node {
        Node::Null => "`null`".to_string(),
        Node::Bool(_) => format!("a boolean (`{}`)", shown(node)),
        Node::Number(_) => format!("a number (`{}`)", shown(node)),
        Node::String(_) => format!("a string (`{}`)", shown(node)),
        Node::Array(_) => "an array".to_string(),
        Node::Object(_) => "an object".to_string(),
    }
}

/// The value of `key` in the last layer that has it, without its place.
fn value<'a>(layers: &[Layer<'a>], key: &str) -> Option<&'a Node> {
    layers.iter().rev().find_map(|(_, node)| node.get(key))
}

/// The declared types besides `"null"`.
fn declared_types(layers: &[Layer<'_>]) -> Vec<String> {
    match value(layers, "type") {
        Some(Node::String(t)) if t != "null" => vec![t.clone()],
        Some(Node::String(_)) => vec!["null".to_string()],
        Some(Node::Array(ts)) => {
            let res: Vec<String> = ts
                .iter()
                .filter_map(Node::as_str)
                .filter(|t| *t != "null")
                .map(str::to_string)
                .collect();
            if res.is_empty() && !ts.is_empty() {
                vec!["null".to_string()]
            } else {
                res
            }
        }
        _ => Vec::new(),
    }
}

/// The properties of all layers in order (a property defined again keeps its first place and
/// takes the later schema), with `required` from all of them.
fn properties<'a>(layers: &[Layer<'a>]) -> Vec<Prop<'a>> {
    let all: Vec<Prop<'a>> = layers
        .iter()
        .flat_map(|(loc, node)| {
            node.get("properties")
                .map(Node::entries)
                .unwrap_or_default()
                .iter()
                .map(|(name, schema)| Prop {
                    name: name.clone(),
                    loc: loc.child2("properties", name),
                    node: schema,
                    required: false,
                })
        })
        .collect();
    let mut props = Vec::new();
    merge_props(&mut props, all);
    let required: HashSet<&str> = layers
        .iter()
        .flat_map(|(_, node)| node.get("required").map(Node::items).unwrap_or_default())
        .filter_map(Node::as_str)
        .collect();
    for prop in &mut props {
        prop.required |= required.contains(prop.name.as_str());
    }
    props
}

fn merge_props<'a>(props: &mut Vec<Prop<'a>>, more: Vec<Prop<'a>>) {
    // Found by name through an index, so merging many layers costs their properties once.
    let mut at: HashMap<String, usize> = props
        .iter()
        .enumerate()
        .map(|(idx, p)| (p.name.clone(), idx))
        .collect();
    for prop in more {
        match at.get(&prop.name) {
            Some(&idx) => {
                let existing = &mut props[idx];
                let required = existing.required || prop.required;
                *existing = prop;
                existing.required = required;
            }
            None => {
                at.insert(prop.name.clone(), props.len());
                props.push(prop);
            }
        }
    }
}

/// The `oneOf`/`anyOf` groups of two or more members besides `null`, in layer order.
fn union_groups<'a>(null_refs: &BTreeSet<String>, layers: &[Layer<'a>]) -> Vec<Group<'a>> {
    let mut res = Vec::new();
    for (loc, node) in layers {
        for key in ["oneOf", "anyOf"] {
            let members = non_null_members(null_refs, loc, node, key);
            if members.len() >= 2 {
                res.push(Group {
                    layer: loc.clone(),
                    members,
                    discriminator: node
                        .get("discriminator")
                        .or_else(|| value(layers, "discriminator")),
                });
            }
        }
    }
    res
}

/// Keys a member of an `anyOf`/`oneOf` may have and still only narrow its object: which
/// properties it requires, and rules on them.
const NARROWING: &[&str] = &[
    "required",
    "properties",
    "type",
    "description",
    "title",
    "$comment",
];

/// Keys a property of such a member may have: rules (and annotations) only.
const PROPERTY_RULES: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "type",
    "description",
    "title",
    "$comment",
];

/// Removes from `groups` those whose members only require properties and add rules to
/// properties that `props` lists (`anyOf: [{required: [a]}, {required: [b]}]`), and returns
/// them: they are rules of the object, not variants.
fn take_alternatives<'a>(groups: &mut Vec<Group<'a>>, props: &[Prop<'a>]) -> Vec<Group<'a>> {
    if props.is_empty() {
        return Vec::new();
    }
    let narrows = |node: &Node| {
        node.is_object()
            && node.entries().iter().all(|(key, value)| {
                NARROWING.contains(&key.as_str())
                    && (key != "type" || value.as_str() == Some("object"))
            })
            && node.get("properties").is_none_or(|properties| {
                properties.entries().iter().all(|(name, rules)| {
                    props.iter().find(|p| p.name == *name).is_some_and(|base| {
                        rules.is_object()
                            && rules.entries().iter().all(|(key, value)| {
                                PROPERTY_RULES.contains(&key.as_str())
                                    && (key != "type" || base.node.get("type") == Some(value))
                            })
                    })
                })
            })
    };
    let (alternatives, rest): (Vec<Group<'a>>, Vec<Group<'a>>) = std::mem::take(groups)
        .into_iter()
        .partition(|group| group.members.iter().all(|(_, member)| narrows(member)));
    *groups = rest;
    alternatives
}

/// Sets the rules of `more` on `base` (a rule `more` has replaces the one of `base`).
fn narrow_constraints(base: &mut Constraints, more: &Constraints) {
    macro_rules! take {
        ($($name:ident),*) => {
            $(if more.$name.is_some() {
                base.$name.clone_from(&more.$name);
            })*
        };
    }
    take!(
        min_length,
        max_length,
        pattern,
        minimum,
        maximum,
        multiple_of,
        min_items,
        max_items,
        min_properties,
        max_properties
    );
    base.exclusive_minimum |= more.exclusive_minimum;
    base.exclusive_maximum |= more.exclusive_maximum;
    base.unique_items |= more.unique_items;
}

/// The `additionalProperties` of an object with properties, when it admits other properties:
/// a schema, or `true`.
fn additional_of<'a>(layers: &[Layer<'a>]) -> Option<Layer<'a>> {
    match keyword(layers, "additionalProperties") {
        Some((loc, value)) if value.is_object() || *value == Node::Bool(true) => Some((loc, value)),
        _ => None,
    }
}

/// An object schema: a struct of its properties; without properties a map of its
/// `additionalProperties` (or single `patternProperties`) schema; otherwise free-form.
fn object_plan<'a>(layers: &[Layer<'a>], props: Vec<Prop<'a>>, target: Target) -> Plan<'a> {
    if !props.is_empty() {
        let additional = additional_of(layers);
        return Plan::Struct(
            props,
            Extras {
                additional,
                alternatives: Vec::new(),
            },
        );
    }
    let c = constraints(layers);
    match keyword(layers, "additionalProperties") {
        Some((loc, value)) if value.is_object() => return Plan::Map((loc, value), c),
        Some((_, Node::Bool(false))) if matches!(target, Target::Named(_)) => {
            return Plan::Struct(Vec::new(), Extras::default());
        }
        _ => {}
    }
    if let Some((loc, patterns)) = keyword(layers, "patternProperties")
        && let [(pattern, value)] = patterns.entries()
        && value.is_object()
    {
        return Plan::Map((loc.child(pattern), value), c);
    }
    Plan::FreeForm(c)
}

/// A primitive type with its rules; `None` for a type name that is not one.
fn prim(ty: &str, layers: &[Layer<'_>]) -> Option<(Type, Constraints)> {
    let mut c = constraints(layers);
    let format = value(layers, "format")
        .and_then(Node::as_str)
        .map(str::to_string);
    let ty = match ty {
        "string" => match format.as_deref() {
            Some("date") => Type::Date,
            Some("date-time") => Type::DateTime,
            Some("binary") => Type::Binary,
            Some("byte") => {
                // Base64 on the wire, unlike `binary`; the format says which.
                c.format = format;
                Type::Binary
            }
            _ => {
                c.format = format;
                Type::String
            }
        },
        "integer" => match format.as_deref() {
            Some("int32") => Type::Integer(IntFormat::Int32),
            Some("int64") => Type::Integer(IntFormat::Int64),
            _ => {
                c.format = format;
                Type::Integer(IntFormat::Unspecified)
            }
        },
        "number" => match format.as_deref() {
            Some("float") => Type::Number(NumberFormat::Float),
            Some("double") => Type::Number(NumberFormat::Double),
            _ => {
                c.format = format;
                Type::Number(NumberFormat::Any)
            }
        },
        "boolean" => Type::Boolean,
        "file" => Type::Binary,
        _ => return None,
    };
    Some((ty, c))
}

/// The validation keywords of a (merged) schema.
fn constraints(layers: &[Layer<'_>]) -> Constraints {
    let get = |key: &str| value(layers, key);
    let number = |key: &str| match get(key) {
        Some(Node::Number(n)) => n.as_f64(),
        _ => None,
    };
    let count = |key: &str| match get(key) {
        Some(Node::Number(n)) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        _ => None,
    };
    let mut c = Constraints {
        min_length: count("minLength"),
        max_length: count("maxLength"),
        pattern: get("pattern").and_then(Node::as_str).map(str::to_string),
        minimum: number("minimum"),
        maximum: number("maximum"),
        multiple_of: number("multipleOf"),
        min_items: count("minItems"),
        max_items: count("maxItems"),
        unique_items: get("uniqueItems") == Some(&Node::Bool(true)),
        min_properties: count("minProperties"),
        max_properties: count("maxProperties"),
        ..Constraints::default()
    };
    // 3.0 writes `exclusiveMinimum: true` beside `minimum`; 3.1 the bound itself.
    match get("exclusiveMinimum") {
        Some(Node::Bool(b)) => c.exclusive_minimum = *b,
        Some(Node::Number(n)) => {
            c.minimum = n.as_f64();
            c.exclusive_minimum = true;
        }
        _ => {}
    }
    match get("exclusiveMaximum") {
        Some(Node::Bool(b)) => c.exclusive_maximum = *b,
        Some(Node::Number(n)) => {
            c.maximum = n.as_f64();
            c.exclusive_maximum = true;
        }
        _ => {}
    }
    c
}

pub(super) fn renumber_kind(kind: &mut TypeKind, new_id: &[TypeId]) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                renumber(&mut field.ty, new_id);
            }
            if let Some(additional) = &mut s.additional {
                renumber(&mut additional.ty, new_id);
            }
        }
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                renumber(&mut variant.ty, new_id);
            }
        }
        TypeKind::Alias(ty) => renumber(ty, new_id),
        TypeKind::Enum(_) | TypeKind::FreeForm => {}
    }
}

pub(super) fn renumber(ty: &mut Type, new_id: &[TypeId]) {
    match ty {
        Type::Ref(id) => *id = new_id[id.0 as usize],
        Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => renumber(inner, new_id),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::SourceFile;
    use crate::model::Api;

    /// Reads `yaml` as the OpenAPI document of an API.
    fn read(yaml: String) -> (Option<Api>, Vec<Diagnostic>) {
        let input = ApiInput {
            name: "demo".into(),
            docs: Vec::new(),
            config: None,
            root: "specs/demo".into(),
            openapi: vec![SourceFile::new("openapi.yaml", yaml)],
            ..ApiInput::default()
        };
        let mut sources = SourceMap::default();
        let mut diagnostics = Vec::new();
        let api = crate::openapi::read_api(&mut sources, &input, &mut diagnostics);
        (api, diagnostics)
    }

    fn document(schemas: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        )
    }

    /// The wire names of the fields of the struct named `name`, and whether each is nullable.
    fn fields(api: &Api, name: &str) -> Vec<(String, bool)> {
        let ty = api.types.iter().find(|t| t.name == name).expect("the type");
        let TypeKind::Struct(it) = &ty.kind else {
            panic!("{name} is not a struct: {:?}", ty.kind);
        };
        it.fields
            .iter()
            .map(|f| (f.wire_name.clone(), f.nullable))
            .collect()
    }

    #[test]
    fn all_of_diamonds_are_flattened_once_per_schema() {
        // `A_i` includes `A_(i-1)` twice: flattened anew at each use, `A40` has 2^40 layers.
        let n = 40;
        let mut schemas = String::from("    A0:\n      properties: {p0: {type: string}}\n");
        for i in 1..=n {
            let prev = i - 1;
            schemas.push_str(&format!(
                "    A{i}:\n      allOf:\n        - $ref: '#/components/schemas/A{prev}'\n        - $ref: '#/components/schemas/A{prev}'\n        - properties: {{p{i}: {{type: string}}}}\n          required: [p{i}]\n"
            ));
        }
        let (api, diagnostics) = read(document(&schemas));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let api = api.expect("the document reads");
        let want: Vec<(String, bool)> = (0..=n).map(|i| (format!("p{i}"), false)).collect();
        assert_eq!(fields(&api, &format!("A{n}")), want);
        let ty = api.types.iter().find(|t| t.name == "A40").unwrap();
        let TypeKind::Struct(it) = &ty.kind else {
            unreachable!()
        };
        // `required` of every layer counts, though a layer's other keys may be left out.
        assert_eq!(it.fields.iter().filter(|f| f.required).count(), n);
    }

    #[test]
    fn long_chains_of_refs_do_not_deepen_the_stack() {
        // Two chains, listed from the outermost schema, so that reading the first follows
        // the whole chain: of wrappers (`allOf` with a single member), with a `null` at the
        // end that makes every one nullable; and of schemas with a base (`allOf` beside a
        // keyword of their own), flattened into one struct each.
        let n = 2000;
        let mut schemas = String::new();
        for i in (1..=n).rev() {
            let prev = i - 1;
            schemas.push_str(&format!(
                "    W{i}:\n      description: Link {i}.\n      allOf:\n        - $ref: '#/components/schemas/W{prev}'\n"
            ));
            schemas.push_str(&format!(
                "    B{i}:\n      minProperties: 1\n      allOf:\n        - $ref: '#/components/schemas/B{prev}'\n"
            ));
        }
        schemas.push_str("    W0:\n      nullable: true\n      properties: {w: {type: string}}\n");
        schemas.push_str("    B0:\n      properties: {b: {type: string}}\n");
        schemas.push_str(&format!(
            "    Holder:\n      properties:\n        last: {{$ref: '#/components/schemas/W{n}'}}\n"
        ));
        let (api, diagnostics) = read(document(&schemas));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let api = api.expect("the document reads");
        assert_eq!(fields(&api, "Holder"), [("last".to_string(), true)]);
        assert_eq!(fields(&api, &format!("B{n}")), [("b".to_string(), false)]);
    }

    #[test]
    fn all_of_cycles_are_still_reported_once() {
        let schemas = "    A:\n      allOf: [{$ref: '#/components/schemas/B'}, {properties: {a: {type: string}}}]\n    B:\n      allOf: [{$ref: '#/components/schemas/A'}, {properties: {b: {type: string}}}]\n    C:\n      allOf: [{$ref: '#/components/schemas/A'}, {properties: {c: {type: string}}}]\n";
        let (api, diagnostics) = read(document(schemas));
        assert!(api.is_none());
        let cycles: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.code == Code::AllOfCycle)
            .collect();
        assert_eq!(cycles.len(), 1, "{diagnostics:?}");
    }

    #[test]
    fn enum_values_get_names_even_without_letters() {
        let cases = [
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("", "Empty"),
            ("=", "Eq"),
            ("!=", "NotEq"),
            ("=~", "EqTilde"),
            ("<=", "LtEq"),
            ("*", "Asterisk"),
            ("in_progress", "InProgress"),
            ("\u{20ac}", "Value"),
        ];
        for (value, want) in cases {
            assert_eq!(value_name(value), want, "{value:?}");
        }
        assert_eq!(value_name(&spell_signs("Etc/GMT-10")), "EtcGmtMinus10");
        assert_eq!(value_name(&spell_signs("reactions--1")), "ReactionsMinus1");
        assert_eq!(value_name(&spell_symbols("*mp3")), "AsteriskMp3");
        assert_eq!(status_suffix("200"), "200");
        assert_eq!(status_suffix("2xx"), "2XX");
        assert_eq!(status_suffix("default"), "Default");
    }

    #[test]
    fn operations_keep_method_path_parameters_bodies_responses_and_security() {
        let yaml = r#"openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com/v3'}]
security: [{oauth: []}]
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, schema: {type: string}}
      - {name: trace, in: header, schema: {type: string}}
    get:
      operationId: getPet
      tags: [pets, other]
      summary: One pet.
      parameters:
        - {name: trace, in: header, required: true, schema: {type: integer}}
        - {name: fields, in: query, style: form, explode: false, schema: {type: array, items: {type: string}}}
      responses:
        '200':
          description: The pet.
          content:
            application/json: {schema: {$ref: '#/components/schemas/Pet'}}
            application/xml: {schema: {$ref: '#/components/schemas/Pet'}}
        4XX: {$ref: '#/components/responses/Problem'}
        default: {description: Anything else.}
  /token:
    post:
      security: []
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties: {client_id: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {access_token: {type: string}}}}}}
components:
  securitySchemes:
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: /token, scopes: {}}}}
  responses:
    Problem:
      description: A problem.
      content: {application/problem+json: {schema: {type: object, properties: {title: {type: string}}}}}
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
"#;
        let (api, diagnostics) = read(yaml.to_string());
        let api = api.unwrap_or_else(|| panic!("{diagnostics:?}"));
        assert_eq!(api.service.servers[0].url, "https://api.example.com/v3");
        assert_eq!(api.service.security_schemes[0].0, "oauth");
        let [get, post] = &api.operations[..] else {
            panic!("{:?}", api.operations);
        };
        assert_eq!((get.method, get.path.as_str()), (Method::Get, "/pets/{id}"));
        assert_eq!(get.id.as_deref(), Some("getPet"));
        assert_eq!(get.group.as_deref(), Some("pets"));
        assert_eq!(get.summary.as_deref(), Some("One pet."));
        let params: Vec<(&str, ParameterIn, bool, &Type)> = get
            .parameters
            .iter()
            .map(|p| {
                (
                    p.field.wire_name.as_str(),
                    p.location,
                    p.field.required,
                    &p.field.ty,
                )
            })
            .collect();
        // The operation's `trace` replaces the path item's.
        assert_eq!(params.len(), 3, "{params:?}");
        assert_eq!(params[0].0, "id");
        assert_eq!((params[0].1, params[0].2), (ParameterIn::Path, true));
        assert_eq!(params[1].0, "trace");
        assert!(matches!(params[1].3, Type::Integer(_)) && params[1].2);
        let fields = &get.parameters[2];
        assert_eq!((fields.style, fields.explode), (Style::Form, false));
        let statuses: Vec<Status> = get.responses.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses,
            [Status::Code(200), Status::Range(4), Status::Default]
        );
        let ok = &get.responses[0];
        assert_eq!(ok.contents.len(), 2);
        assert_eq!(ok.contents[0].ty, ok.contents[1].ty);
        let pet = api.types.iter().position(|t| t.name == "Pet").unwrap();
        assert_eq!(get.success_type(), Some(&Type::Ref(TypeId(pet as u32))));
        assert_eq!(get.responses[1].contents[0].encoding, BodyEncoding::Json);
        assert!(get.responses[2].contents.is_empty());
        assert_eq!(get.security.len(), 1, "the default security applies");
        assert_eq!(post.method, Method::Post);
        assert!(post.security.is_empty(), "`security: []` needs none");
        let (_, required) = post.body().expect("a body");
        assert!(required);
        let request = post.request.as_ref().unwrap();
        assert_eq!(request.contents[0].encoding, BodyEncoding::Form);
    }

    #[test]
    fn a_type_renamed_in_the_config_frees_its_name_and_collisions_name_the_holder() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Verification:\n      x-speakeasy-name-override: Passkey\n      type: object\n      properties: {status: {type: string}}\n    Passkey:\n      type: object\n      properties: {id: {type: string}}\n";
        let (api, diagnostics) = read(yaml.to_string());
        let api = api.unwrap();
        let rust = |schema: &str| {
            api.types
                .iter()
                .find(|t| t.name == schema)
                .map(|t| t.rust_name.clone())
                .unwrap()
        };
        assert_eq!(
            (rust("Verification"), rust("Passkey")),
            ("Passkey".into(), "Passkey2".into())
        );
        let renamed = diagnostics
            .iter()
            .find(|d| d.code == Code::RenamedType)
            .expect("the collision is reported");
        assert!(
            renamed
                .message
                .contains("schema `Passkey` is named `Passkey2`")
                && renamed.message.contains("schema `Verification`"),
            "{}",
            renamed.message
        );
        assert!(renamed.hint.as_deref().unwrap_or("").contains("renames:"));

        let input = ApiInput {
            name: "demo".into(),
            config: Some(SourceFile::new(
                "codegen.yaml",
                "renames:\n  types:\n    Verification: PasskeyVerification\n",
            )),
            root: "specs/demo".into(),
            openapi: vec![SourceFile::new("openapi.yaml", yaml)],
            ..ApiInput::default()
        };
        let mut sources = SourceMap::default();
        let mut diagnostics = Vec::new();
        let api = crate::openapi::read_api(&mut sources, &input, &mut diagnostics).unwrap();
        let rust = |schema: &str| {
            api.types
                .iter()
                .find(|t| t.name == schema)
                .map(|t| t.rust_name.clone())
                .unwrap()
        };
        assert_eq!(
            (rust("Verification"), rust("Passkey")),
            ("PasskeyVerification".into(), "Passkey".into())
        );
        assert!(
            diagnostics.iter().all(|d| d.code != Code::RenamedType),
            "{diagnostics:#?}"
        );
    }
}
