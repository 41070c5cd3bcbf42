//! The intermediate model: one shape for every source. Readers lower their documents into an
//! [`Api`]; the emitter only ever sees this. Plain data: strings, enums and ids; no syntax
//! types, and every node keeps the [`Span`] of the spec element it came from.

pub mod compat;
pub mod dates;
pub mod enums;
pub mod names;
pub mod operation;
pub mod replace;
pub(crate) mod rules;
pub(crate) mod shapes;
pub mod size;
pub(crate) mod wire;

pub use operation::{Operation, Service};

use std::fmt;

use crate::files::Span;

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// One API: every named type the sources describe.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Name of the API as a Rust module name (`prove`).
    pub name: String,
    /// Display path of the folder the API's sources are in (`specs/prove`), for headers.
    pub source_root: String,
    /// Description of the API, when a source gives one.
    pub description: Option<String>,
    /// Named types, sorted by namespace then name once lowering is done.
    pub types: Vec<TypeDef>,
    /// Documents that were read but describe no wire type (response wrappers, SDK options),
    /// kept for the report.
    pub skipped: Vec<Skipped>,
    /// Whether every struct keeps the object keys the spec does not list (in a flattened map),
    /// so that a response is written back without loss. Off by default: unknown keys are then
    /// ignored when reading.
    pub keep_unknown_fields: bool,
    /// Whether date-times are read leniently (`date_times: lenient`): without a UTC offset
    /// too, as UTC, and written back as they were read (`crate::runtime::LenientDateTime`).
    pub lenient_date_times: bool,
    /// The operations, in the order of their paths and methods in the spec (empty for
    /// Markdown model docs, which show operations only as SDK request wrappers).
    pub operations: Vec<Operation>,
    /// What the operations share: servers and security schemes.
    pub service: Service,
    /// What the generated items carry beyond what the spec says (`rust:` in the config).
    pub rust: RustSettings,
    /// Fields and union members typed as any JSON value because the docs could not be read
    /// for them (a Type cell no grammar reads, a link to a doc that is not there); each is also
    /// a located warning. Always 0 for OpenAPI documents and under `strict_types: true`.
    pub untyped: usize,
    /// How the words of its Rust names are cased (the config's `acronyms`).
    pub casing: names::Casing,
    /// Kinds of warnings and notes about its files that are not shown (the config's
    /// `silence`); they are still counted.
    pub silenced: Vec<crate::diagnostics::Code>,
    /// What its config says of a standalone crate generated from it (`crate:`).
    pub package: Package,
}
/// An example of an OpenAPI document, with the type it documents: schema `example`/`examples`,
/// media type `example`/`examples` with the `components/examples` they name.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecExample {
    /// What carries it.
    pub kind: ExampleKind,
    /// Where the example value is, as a JSON pointer into its document (`#/components/...`).
    pub at: String,
    /// Where the example value is in the source.
    pub span: Span,
    /// The example.
    pub value: serde_json::Value,
    /// The type it documents, or why specgen generates none for it.
    pub documents: Result<Documented, String>,
}

/// What carries an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExampleKind {
    /// A schema (`example`, or an item of `examples`).
    Schema,
    /// The schema of a property (the first of which is also its field's example).
    Property,
    /// A media type of a request body or response (`example`, or a value of `examples`).
    Media,
}

/// What a schema was lowered into.
#[derive(Debug, Clone, PartialEq)]
pub struct Documented {
    /// The type expression.
    pub ty: Type,
    /// Whether the schema admits `null` besides the type.
    pub nullable: bool,
    /// The schema's rules that the type does not carry (those of an inline primitive).
    pub constraints: Constraints,
}

impl Api {
    /// The type behind `id`.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0 as usize]
    }

    /// What `ty` stands for when it refers to an alias (a named list, map or primitive).
    pub fn alias_target<'a>(&'a self, ty: &Type) -> Option<&'a Type> {
        match ty {
            Type::Ref(id) => match &self.get(*id).kind {
                TypeKind::Alias(target) => Some(target),
                _ => None,
            },
            _ => None,
        }
    }
}

/// What the generated Rust items carry beyond what the spec says: the `rust:` section of the
/// config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RustSettings {
    /// Derives added to every struct, enum and union (`Eq`, `Hash`, `schemars::JsonSchema`).
    pub derives: Vec<String>,
    /// Derives added to one type, by the name the spec gives it.
    pub type_derives: std::collections::BTreeMap<String, Vec<String>>,
    /// Outer attributes added to every struct, enum and union, as written
    /// (`#[serde(deny_unknown_fields)]`); each parses as Rust attributes.
    pub attributes: Vec<String>,
    /// Outer attributes added to one type, by the name the spec gives it.
    pub type_attributes: std::collections::BTreeMap<String, Vec<String>>,
    /// Where the config names each type of `rust.types`, to point at a name the API lacks.
    pub type_spans: std::collections::BTreeMap<String, Span>,
    /// Whether structs and enums are `#[non_exhaustive]`, so that fields and values the spec
    /// adds later break no user's code (values are then built with `new` or `Default`).
    pub non_exhaustive: bool,
    /// Where the config's `closed_enums` names each enum (a top-level key, kept here because
    /// these settings travel with the API), to point at a name that closes nothing.
    pub closed_enum_spans: std::collections::BTreeMap<String, Span>,
    /// Schemas replaced by existing Rust types (`rust.replace`, and `x-rust-type` in an
    /// OpenAPI document), by schema or model name; see [`replace`].
    pub replace: replace::Replacements,
    /// Whether the config closes every enum (`closed_enums: true`, a top-level key kept here
    /// with the settings that travel with the API): then required one-value string fields
    /// are zero-size enums too (see `plan::literals`).
    pub closed_all_enums: bool,
    /// The Rust type of date-times and dates (`rust.date_time`); see [`dates`].
    pub date_time: dates::DateTimeChoice,
}

/// A document that was read but not turned into a type, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Title of the document.
    pub name: String,
    /// Why it describes no wire type.
    pub reason: String,
    /// Where the document is.
    pub span: Span,
}

/// A named type: a struct, an enum or a free-form object.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Name as the spec spells it (`V3TokenRequest`).
    pub name: String,
    /// Namespace path inside the API, from the docs folder layout (`["components"]`); empty
    /// for docs at the root of the API folder.
    pub namespace: Vec<String>,
    /// Sanitised Rust type name.
    pub rust_name: String,
    /// Description from the spec, as Markdown.
    pub description: Option<String>,
    /// Deprecation note, when the whole type is deprecated.
    pub deprecated: Option<String>,
    /// What kind of type it is.
    pub kind: TypeKind,
    /// The title (or schema) it came from.
    pub span: Span,
}

/// The package of a standalone generated crate, as an API's config gives it (`crate:`); what
/// it leaves out is the generator's default (the output folder's name, `0.1.0`, no license).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Package {
    /// Package name.
    pub name: Option<String>,
    /// Version, `MAJOR.MINOR.PATCH` with an optional pre-release.
    pub version: Option<String>,
    /// License, an SPDX expression (`MIT OR Apache-2.0`).
    pub license: Option<String>,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known fields.
    Struct(Struct),
    /// A closed (or open) set of values.
    Enum(Enum),
    /// One of several types (`oneOf`/`anyOf`, `## Supported Types`).
    Union(Union),
    /// An object whose properties the spec does not list.
    FreeForm,
    /// Another name for a type (an array, a map, a primitive, or any JSON value when the spec
    /// does not say more).
    Alias(Type),
}

/// One of several types.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The member types, in spec order.
    pub variants: Vec<Variant>,
    /// How the wire tells the variants apart.
    pub tagging: Tagging,
}

/// One member of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Name as the spec spells it (a schema name, or a synthetic one such as `Str`).
    pub name: String,
    /// Sanitised Rust variant name.
    pub rust_name: String,
    /// The member's type.
    pub ty: Type,
    /// The discriminator value that selects this variant, for tagged unions.
    pub tag: Option<String>,
    /// The rules of an inline member (`{type: string, maxLength: 3}`), which its type does not
    /// carry; checked by the union's `Validate` impl when the value is this variant.
    pub constraints: Constraints,
    /// Description, when the spec has one.
    pub description: Option<String>,
    /// Where it is defined.
    pub span: Span,
}

/// How a union is represented on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tagging {
    /// The value is one of the variants as it is; when reading, the variant whose shape
    /// accounts for the value best wins (its required keys present, fewest keys it does not
    /// name, then the first listed), chosen in one pass over the value.
    Untagged,
    /// An object whose property `property` names the variant; the variant's own fields sit
    /// beside it (OpenAPI `discriminator`).
    Internal {
        /// The discriminator property's wire name.
        property: String,
    },
    /// `{"<tag>": "<name>", "<content>": <value>}`.
    Adjacent {
        /// Wire name of the property naming the variant.
        tag: String,
        /// Wire name of the property holding the value.
        content: String,
    },
}

/// An object with known fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// The type of the properties the spec does not list, when its `additionalProperties`
    /// admits them beside `properties`: they are kept in a map of their own.
    pub additional: Option<Box<Additional>>,
    /// Alternatives the object must satisfy, each group on its own (`anyOf`/`oneOf` whose
    /// members only require listed properties and add rules to them).
    pub alternatives: Vec<Alternatives>,
}

/// The properties of an object that the spec does not list by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Additional {
    /// The type of each value ([`Type::Any`] for `additionalProperties: true`); a
    /// [`Nullable`](Type::Nullable) when values may be `null`.
    pub ty: Type,
    /// The rules of each value.
    pub constraints: Constraints,
    /// The `additionalProperties` keyword.
    pub span: Span,
}

/// Alternatives an object must satisfy: at least one of them (`anyOf`), or exactly one
/// (`oneOf`).
#[derive(Debug, Clone, PartialEq)]
pub struct Alternatives {
    /// Whether exactly one alternative may hold (`oneOf`), not at least one (`anyOf`).
    pub exactly_one: bool,
    /// The alternatives in spec order.
    pub branches: Vec<Branch>,
    /// The `anyOf`/`oneOf` keyword.
    pub span: Span,
}

/// One alternative of [`Alternatives`]: it holds when every property of `required` is present
/// and every present property of `rules` follows the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    /// Wire names of the properties that must be present.
    pub required: Vec<String>,
    /// Wire names of listed properties with the rules this alternative adds to them.
    pub rules: Vec<(String, Constraints)>,
    /// The member schema.
    pub span: Span,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The SDK's member name as the docs show it (`clientId`, `ProveID`).
    pub sdk_name: String,
    /// The JSON name on the wire (`client_id`).
    pub wire_name: String,
    /// Where `wire_name` came from.
    pub wire_source: WireSource,
    /// Sanitised Rust field name.
    pub rust_name: String,
    /// The field's type.
    pub ty: Type,
    /// Must be present on the wire.
    pub required: bool,
    /// May be `null` on the wire.
    pub nullable: bool,
    /// Deprecation note, when deprecated.
    pub deprecated: Option<String>,
    /// Description from the spec, as Markdown.
    pub description: Option<String>,
    /// Example from the spec, verbatim (line breaks restored).
    pub example: Option<String>,
    /// Value the server assumes when the field is absent (OpenAPI `default`).
    pub default: Option<serde_json::Value>,
    /// Rules the value must follow beyond its type.
    pub constraints: Constraints,
    /// Sent by the server only (OpenAPI `readOnly`).
    pub read_only: bool,
    /// Sent by the client only (OpenAPI `writeOnly`).
    pub write_only: bool,
    /// The table row (or property) it came from.
    pub span: Span,
}

/// Validation rules of a value (JSON Schema keywords); all absent by default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// `minLength` of a string, in characters.
    pub min_length: Option<u64>,
    /// `maxLength` of a string, in characters.
    pub max_length: Option<u64>,
    /// `pattern`: an ECMA-262 regular expression the string must match.
    pub pattern: Option<String>,
    /// `format` of a string (`uuid`, `email`, `uri`, ...), when it is not already the type.
    pub format: Option<String>,
    /// `minimum` of a number.
    pub minimum: Option<f64>,
    /// `maximum` of a number.
    pub maximum: Option<f64>,
    /// Whether `minimum` itself is excluded.
    pub exclusive_minimum: bool,
    /// Whether `maximum` itself is excluded.
    pub exclusive_maximum: bool,
    /// `multipleOf` of a number.
    pub multiple_of: Option<f64>,
    /// `minItems` of an array.
    pub min_items: Option<u64>,
    /// `maxItems` of an array.
    pub max_items: Option<u64>,
    /// `uniqueItems` of an array.
    pub unique_items: bool,
    /// `minProperties` of an object or map.
    pub min_properties: Option<u64>,
    /// `maxProperties` of an object or map.
    pub max_properties: Option<u64>,
    /// Allowed values (`enum` or `const`) of an inline primitive, as JSON.
    pub allowed: Vec<serde_json::Value>,
    /// Rules of each item of an array or value of a map.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    /// Whether no rule is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// Where a field's wire name came from, in order of authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireSource {
    /// The OpenAPI document names the property.
    Spec,
    /// An override in the spec config.
    Config {
        /// The override's place in the config file.
        span: Span,
    },
    /// A key of wire JSON in an Example cell of a field that holds this type.
    Evidence {
        /// The Example cell the key was found in.
        span: Span,
    },
    /// Derived from the SDK name by the naming policy; a guess unless the policy is known to
    /// hold for the API.
    Policy(NamingPolicy),
    /// Derived from the SDK name by the policy that the wire names shown in the docs follow
    /// (Example cells, else parameter names in operation docs); still a guess for names the
    /// docs do not show.
    Inferred {
        /// The policy the examples follow.
        policy: NamingPolicy,
        /// The first place (an Example cell, an operation heading) that shows it.
        span: Span,
    },
}

impl WireSource {
    /// Short name used in reports.
    pub fn label(&self) -> &'static str {
        match self {
            WireSource::Spec => "spec",
            WireSource::Config { .. } => "config",
            WireSource::Evidence { .. } => "evidence",
            WireSource::Policy(_) => "policy (guessed)",
            WireSource::Inferred { .. } => "policy inferred from the docs (guessed)",
        }
    }

    /// Whether the name is derived by a naming policy rather than read from a source.
    pub fn is_guess(&self) -> bool {
        matches!(self, WireSource::Policy(_) | WireSource::Inferred { .. })
    }
}

/// How to derive a wire name from an SDK member name when nothing better is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
pub enum NamingPolicy {
    /// The SDK name is the wire name (true of most Java and TypeScript docs).
    #[serde(rename = "sdk")]
    Sdk,
    /// `clientId`
    #[serde(rename = "camelCase")]
    CamelCase,
    /// `client_id`
    #[serde(rename = "snake_case")]
    SnakeCase,
    /// `ClientId`
    #[serde(rename = "PascalCase")]
    PascalCase,
    /// `client-id`
    #[serde(rename = "kebab-case")]
    KebabCase,
    /// `CLIENT_ID`
    #[serde(rename = "SCREAMING_SNAKE_CASE")]
    ScreamingSnakeCase,
}

impl fmt::Display for NamingPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NamingPolicy::Sdk => "sdk",
            NamingPolicy::CamelCase => "camelCase",
            NamingPolicy::SnakeCase => "snake_case",
            NamingPolicy::PascalCase => "PascalCase",
            NamingPolicy::KebabCase => "kebab-case",
            NamingPolicy::ScreamingSnakeCase => "SCREAMING_SNAKE_CASE",
        })
    }
}

/// A set of values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enum {
    /// Whether the values are strings or integers on the wire.
    pub repr: EnumRepr,
    /// Whether values outside the list are accepted and kept (Speakeasy's open enums, and by
    /// default every enum: see [`enums::open_enums`]).
    pub open: bool,
    /// Whether a value outside the list, though read and kept, is a violation that
    /// `validate()` reports: the spec lists every value, and the enum is open only so that a
    /// response with a value added since still reads.
    pub strict: bool,
    /// Values in spec order.
    pub values: Vec<EnumValue>,
}

/// Wire representation of an enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// JSON strings.
    String,
    /// JSON integers.
    Integer,
}

/// One value of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The SDK's member name (`HUMAN_ASSURANCE`).
    pub sdk_name: String,
    /// The value on the wire, verbatim (`humanAssurance`, `-1`).
    pub wire_value: String,
    /// Sanitised Rust variant name.
    pub rust_name: String,
    /// Description, when the spec has one.
    pub description: Option<String>,
    /// The row it came from.
    pub span: Span,
}

/// The type of a field, array item or map value.
///
/// Whether a value may be `null` is said where the type is used: a field by its own
/// [`Field::nullable`] flag (set too when it refers to a schema that admits `null`), an array
/// item or map value by [`Nullable`](Type::Nullable) around its type. A [`TypeDef`] does not
/// say it of itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// A JSON string.
    String,
    /// A JSON integer.
    Integer(IntFormat),
    /// A JSON number.
    Number(NumberFormat),
    /// `true` or `false`.
    Boolean,
    /// A calendar date (`2024-01-31`).
    Date,
    /// A date and time with offset (RFC 3339).
    DateTime,
    /// Raw bytes (a file or a byte string).
    Binary,
    /// Any JSON value.
    Any,
    /// A JSON array.
    Array(Box<Type>),
    /// A JSON object with string keys and values of one type.
    Map(Box<Type>),
    /// A value of the inner type, or `null`. Appears only as the items of an
    /// [`Array`](Type::Array) or the values of a [`Map`](Type::Map) (fields carry their own
    /// `nullable` flag instead), never directly inside another `Nullable`, and never around
    /// [`Any`](Type::Any), which admits `null` already.
    Nullable(Box<Type>),
    /// A named type of the same API.
    Ref(TypeId),
}

/// Width of an integer, as far as the source shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntFormat {
    /// 32 bits.
    Int32,
    /// 64 bits.
    Int64,
    /// The source does not say.
    Unspecified,
}

/// Precision of a number, as far as the source shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberFormat {
    /// 32-bit float.
    Float,
    /// 64-bit float.
    Double,
    /// A float of unstated precision (Python, PHP and Ruby `float`).
    Unspecified,
    /// The source does not say, and cannot tell integers from floats (TypeScript `number`).
    Any,
}
