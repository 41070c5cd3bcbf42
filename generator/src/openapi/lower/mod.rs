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
//!
//! This module holds the driver and the state shared by every step ([`Lowerer`]: the named
//! types made so far and what is known of each schema place). The steps, each an `impl` block
//! of [`Lowerer`]:
//!
//! | module | owns |
//! |---|---|
//! | `operations` | component parameters, bodies and responses, and every operation |
//! | `schema` | one schema: what it is ([`schema::Plan`]) and the type made of it |
//! | `layers` | `allOf` flattening, and keywords and properties read across the layers |
//! | `refs` | following `$ref`s, and naming targets that are not component schemas |
//! | `nullable` | which schemas admit `null`; wrappers that stand for their one member |
//! | `keywords` | keyword values checked, `Constraints`, primitive types and formats |
//! | `objects` | structs and their fields, `additionalProperties`, alternatives |
//! | `enums` | `enum` and `const`, and the Rust names of values |
//! | `unions` | `oneOf`/`anyOf`: members, tagging, variants and their order |
//! | `finish` | alias cycles, merging inline schemas of one shape, renumbering |

mod enums;
mod finish;
mod keywords;
mod layers;
mod nullable;
mod objects;
mod operations;
mod refs;
mod schema;
mod unions;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;

use crate::ApiInput;
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::files::SourceMap;
use crate::model::names::{self, UniqueNames};
use crate::model::{Api, Constraints, Documented, SpecExample, Type, TypeId, TypeKind};

use super::tree::Node;
use super::{Docs, Loc};
use layers::Layer;
use nullable::null_refs;
use operations::OperationDraft;

pub(super) use finish::{renumber, renumber_kind};

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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::SourceFile;
    use crate::model::Api;

    /// Reads `yaml` as the OpenAPI document of an API.
    pub(super) fn read(yaml: String) -> (Option<Api>, Vec<Diagnostic>) {
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

    pub(super) fn document(schemas: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        )
    }

    /// The wire names of the fields of the struct named `name`, and whether each is nullable.
    pub(super) fn fields(api: &Api, name: &str) -> Vec<(String, bool)> {
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
