//! The spec config (`codegen.yaml` beside the docs): what a user must be able to say that the
//! docs cannot. Every key is optional; unknown keys are errors, so a typo never goes unnoticed,
//! and every error of the file is reported at once, each at its place.
//!
//! ```yaml
//! name: prove              # module name of the API (default: the folder name)
//! description: Prove Identity's API.
//! dialect: java            # java | go | typescript | python | csharp | php | ruby (default: detected)
//! keep_unknown_fields: false  # true: keep unlisted object keys in a flattened map
//! closed_enums: false      # true, or a list of enum names: those enums fail to read a value
//!                          # the spec does not list (default: every enum reads and keeps it)
//! dangling_refs: error     # any: a `$ref` that leads nowhere is any JSON value, with a warning
//! date_times: strict       # lenient: date-times without a UTC offset read as UTC, kept as sent
//! strict_types: false      # true: a docs Type cell that cannot be read (or a link to a missing
//!                          # doc) is an error, not a field of any JSON value with a warning
//! ref_root: ..             # files may be read from below this folder (default: `.`, the API's
//!                          # folder); up to the top of the git repository that holds the API
//! wire_names:
//!   policy: sdk            # sdk | camelCase | snake_case | PascalCase | kebab-case | SCREAMING_SNAKE_CASE
//!   overrides:             # model -> SDK field name -> JSON wire name
//!     V3TokenRequest:
//!       clientId: client_id
//! renames:                 # Rust names chosen by hand
//!   types:
//!     PasskeyVerification: PasskeyCheck
//!   fields:                # type -> property (wire or SDK name) -> Rust field name
//!     User:
//!       type: kind
//!   variants:              # type -> enum value or union member -> Rust variant name
//!     Status:
//!       "": Unset
//! rust:                    # what the generated items carry beyond what the spec says
//!   derives: [Eq, Hash]    # added to every struct, enum and union
//!   attributes: ['#[serde(deny_unknown_fields)]']  # likewise
//!   non_exhaustive: false  # true: structs and enums are `#[non_exhaustive]`
//!   date_time: fixed_offset  # utc: date-times are `DateTime<Utc>`, not `DateTime<FixedOffset>`;
//!                          # jiff: `jiff::Timestamp` (dates `jiff::civil::Date`); time: `time`'s
//!                          # `OffsetDateTime` and `Date` in RFC 3339 newtypes; string: `String`
//!   replace:               # schemas that are existing Rust types: none is generated
//!     Money: my_crate::Money #   (a path; or `{path: ..., crate: my-crate, version: "1.2"}`)
//!   types:                 # by schema (or model) name
//!     Pet:
//!       derives: [PartialOrd]
//!       attributes: []
//! crate:                   # a standalone crate's package (default: the output folder, 0.1.0)
//!   name: clerk-types
//!   version: 1.2.0
//!   license: MIT OR Apache-2.0
//! silence: [example-misfit]  # warnings and notes of these codes are not shown (still counted)
//! acronyms: [SAML, OAuth]  # spelled so in Rust names (default: one capital a word, `SamlAccount`)
//! operations:              # facts the SDK's operation docs do not show, by operation id
//!   V3TokenRequest:        #   or SDK method name
//!     method: post         # when the docs carry no UsageSnippet comment
//!     path: /token
//!     content_type: application/x-www-form-urlencoded  # the request body's (default JSON)
//!     parameters:          # where each parameter goes (default: the path when the path
//!       clientRequestId: header  # template names it, else the query string)
//! security:                # what an SDK's root README does not say of its security schemes
//!   token_url: /token      # an OAuth 2 client-credentials token endpoint (absolute, or
//!                          #   relative to the server URL)
//!   api_key_header: X-API-Key  # the header an API key goes in
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use crate::diagnostics::{Code, Diagnostic};
use crate::document::locate::Outline;
use crate::document::tree::{self, Node};
use crate::files::{FileId, SourceMap, Span};
use crate::model::NamingPolicy;
pub use crate::model::RustSettings;
pub use crate::model::enums::ClosedEnums;
use crate::model::operation::{Method, ParameterIn};
use crate::yaml;

/// A parsed spec config.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Module name of the API.
    pub name: Option<String>,
    /// Description of the API for the generated docs.
    pub description: Option<String>,
    /// The docs' dialect; detected when absent.
    pub dialect: Option<Dialect>,
    /// How wire names are found.
    pub wire_names: WireNames,
    /// Keep object keys the spec does not list in a flattened map on every struct, so a
    /// response re-serializes without loss (by default they are ignored).
    pub keep_unknown_fields: bool,
    /// How many folders above the API's folder the root is: the folder below which the files
    /// of the API (its docs and the files `$ref`s name) may be. 0, the API's folder itself,
    /// unless `ref_root` widens it.
    pub ref_root_depth: usize,
    /// Which enums refuse values the spec does not list; every other enum reads and keeps
    /// them (they are still reported by `validate()`).
    pub closed_enums: ClosedEnums,
    /// A `$ref` that cannot be followed is read as any JSON value and reported as a warning
    /// (`dangling_refs: any`), rather than as an error that stops the API.
    pub dangling_refs_as_any: bool,
    /// Date-times without a UTC offset are read (as UTC) and written back as they were read
    /// (`date_times: lenient`), rather than rejected.
    pub lenient_date_times: bool,
    /// Facts about operations that their docs do not show, by operation id or SDK method name.
    pub operations: BTreeMap<String, OperationFacts>,
    /// Rust names of types, by the name of their schema (`renames.types`).
    pub type_renames: BTreeMap<String, Renamed>,
    /// Derives and attributes of the generated items (`rust`).
    pub rust: RustSettings,
    /// Rust names of fields, by type and then by property (`renames.fields`).
    pub field_renames: MemberRenames,
    /// Rust names of enum values and union variants, by type and then by value or member
    /// (`renames.variants`).
    pub variant_renames: MemberRenames,
    /// A docs field whose Type cell cannot be read, or whose type links to a doc that is not
    /// there, is an error (`strict_types: true`), rather than a field of any JSON value with a
    /// warning.
    pub strict_types: bool,
    /// Acronyms spelled as given in Rust names (`acronyms: [SAML, OAuth]` makes
    /// `SAMLAccount`, `FromOAuth`); every other word has one capital (`SamlAccount`).
    pub acronyms: Vec<String>,
    /// Kinds of warnings and notes not shown for this API (`silence: [example-misfit]`); the
    /// run still counts them.
    pub silence: Vec<Code>,
    /// The package of a standalone crate generated from the API (`crate:` with `name`,
    /// `version` and `license`).
    pub package: crate::model::Package,
    /// What an SDK's root README does not say of its security schemes (`security`).
    pub security: SecurityFacts,
}

/// What `security` in the config says of the security schemes an SDK's README lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SecurityFacts {
    /// The token endpoint of an OAuth 2 client-credentials scheme.
    pub token_url: Option<String>,
    /// The header an API key is sent in.
    pub api_key_header: Option<String>,
}

/// Rust names of the members of types: type name (the schema's or the model's, or the Rust
/// name of an inline type) to member name to its Rust name.
pub type MemberRenames = BTreeMap<String, BTreeMap<String, Renamed>>;

/// A Rust name the config gives, with the place of the config that gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Renamed {
    /// The Rust name.
    pub name: String,
    /// Where the config says so.
    pub span: Span,
}

/// What `operations.<name>` in the config says of one operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationFacts {
    /// The HTTP method.
    pub method: Option<Method>,
    /// The path template.
    pub path: Option<String>,
    /// The content type of the request body.
    pub content_type: Option<String>,
    /// Where parameters go, by SDK name.
    pub parameters: BTreeMap<String, ParameterIn>,
}

/// The `wire_names` section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WireNames {
    /// Policy deriving wire names from SDK names; the dialect's default when absent.
    pub policy: Option<NamingPolicy>,
    /// Per-field wire names: model name to SDK field name to wire name.
    pub overrides: BTreeMap<String, BTreeMap<String, String>>,
}

/// The keys of the config, in the order the help names them.
const KEYS: [&str; 17] = [
    "name",
    "description",
    "dialect",
    "keep_unknown_fields",
    "closed_enums",
    "dangling_refs",
    "date_times",
    "strict_types",
    "ref_root",
    "wire_names",
    "renames",
    "acronyms",
    "silence",
    "crate",
    "rust",
    "operations",
    "security",
];

/// The keys of `security`.
const SECURITY_KEYS: [&str; 2] = ["token_url", "api_key_header"];

/// The keys of an entry of `operations`.
const OPERATION_KEYS: [&str; 4] = ["method", "path", "content_type", "parameters"];

/// What a parameter's place is called in `operations.<name>.parameters`.
const PLACES: [&str; 4] = ["path", "query", "header", "cookie"];

/// The keys of `wire_names`.
const WIRE_NAMES_KEYS: [&str; 2] = ["policy", "overrides"];

/// Every naming policy, in the order the help names them.
const POLICIES: [NamingPolicy; 6] = [
    NamingPolicy::Sdk,
    NamingPolicy::CamelCase,
    NamingPolicy::SnakeCase,
    NamingPolicy::PascalCase,
    NamingPolicy::KebabCase,
    NamingPolicy::ScreamingSnakeCase,
];

/// What the config takes, for the hint of every error about it.
fn help() -> String {
    format!(
        "the config takes `name`, `description`, `dialect` ({}), `keep_unknown_fields` (true or false), `closed_enums` (true, false or a list of enum names), `dangling_refs` (error or any), `date_times` (strict or lenient), `strict_types` (true or false), `ref_root` (`.`, `..`, `../..`, ...), `wire_names` with `policy` ({}) and `overrides`, `renames` with `types` (schema name to Rust name), `fields` and `variants` (type name to property, value or member to Rust name), `acronyms` (a list of words such as `SAML` or `OAuth`, spelled so in Rust names), `silence` (a list of warning and note codes such as `example-misfit`), `crate` with `name`, `version` and `license` (of a standalone crate), `rust` with `derives`, `attributes`, `non_exhaustive` (true or false), `date_time` (fixed_offset, utc, jiff, time or string), `types` (schema name to `derives` and `attributes`) and `replace` (schema name to a Rust type path, or to `path`, `crate` and `version`), `operations` (operation name to `method`, `path`, `content_type` and `parameters`), and `security` with `token_url` and `api_key_header`",
        dialect_names(),
        policy_names()
    )
}

fn dialect_names() -> String {
    Dialect::ALL.map(|d| d.to_string()).join(", ")
}

fn policy_names() -> String {
    // A new policy must be listed: this match has no fallback.
    for policy in POLICIES {
        match policy {
            NamingPolicy::Sdk
            | NamingPolicy::CamelCase
            | NamingPolicy::SnakeCase
            | NamingPolicy::PascalCase
            | NamingPolicy::KebabCase
            | NamingPolicy::ScreamingSnakeCase => {}
        }
    }
    POLICIES.map(|p| p.to_string()).join(", ")
}

/// The config of one API as read once per run and shared by its readers: the settings
/// (`None` when the config has errors, all of them reported), and the file they came from.
pub struct Read {
    /// The settings; `None` when the config has errors.
    pub config: Option<Config>,
    /// The config file in the source map, when the API has one.
    pub file: Option<FileId>,
}

impl Read {
    /// The settings, or the defaults when the config has errors (so that readers still report
    /// every problem of their own).
    pub fn settings(&self) -> std::borrow::Cow<'_, Config> {
        match &self.config {
            Some(config) => std::borrow::Cow::Borrowed(config),
            None => std::borrow::Cow::Owned(Config::default()),
        }
    }
}

/// Adds the config `file` (its path shown below `root`) to `sources` and parses it, reporting
/// its errors; no file gives the defaults.
pub fn read(
    sources: &mut SourceMap,
    file: Option<&crate::files::SourceFile>,
    root: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Read {
    let Some(file) = file else {
        return Read {
            config: Some(Config::default()),
            file: None,
        };
    };
    let path = if root.is_empty() {
        file.path.clone()
    } else {
        format!("{}/{}", root.trim_end_matches('/'), file.path)
    };
    let id = sources.add(crate::files::SourceFile::new(path, file.text.clone()));
    Read {
        config: parse(sources, id, diagnostics),
        file: Some(id),
    }
}

/// Parses the config in `file`; reports every error in it, each at its place, and returns
/// `None` when there is one.
pub fn parse(
    sources: &SourceMap,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Config> {
    let text = &sources.get(file).text;
    if text.trim().is_empty() {
        return Some(Config::default());
    }
    // Repeated keys are kept, to be reported at their places with the config's other errors.
    let root = match yaml::from_str::<tree::WithRepeatedKeys>(text) {
        Ok(tree::WithRepeatedKeys(root)) => root,
        Err(err) => {
            let offset = err.offset.unwrap_or(0);
            let span = Span::new(file, offset..offset);
            diagnostics.push(
                Diagnostic::error(
                    sources,
                    span,
                    Code::InvalidConfig,
                    format!("invalid spec config: {}", err.message),
                )
                .with_hint(help()),
            );
            return None;
        }
    };
    let mut checker = Checker {
        sources,
        file,
        text,
        outline: Outline::yaml(text),
        diagnostics,
        errors: 0,
    };
    let config = checker.config(&root);
    (checker.errors == 0).then_some(config)
}

/// How many folders above the API's folder the root of the config `text` names with
/// `ref_root`: 0 when it does not (or when it cannot be read, which [`parse`] reports).
pub fn ref_root_depth(text: &str) -> usize {
    let text = crate::files::strip_bom(text);
    let Ok(root) = yaml::from_str::<Node>(text) else {
        return 0;
    };
    root.str("ref_root").and_then(parse_ref_root).unwrap_or(0)
}

/// Whether `text` is a semantic version: three numbers and an optional pre-release or build
/// (`1.2.0`, `2.0.0-beta.1`).
fn is_version(text: &str) -> bool {
    let core = text.split(['-', '+']).next().unwrap_or("");
    let rest = &text[core.len()..];
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}

/// The number of `..` of a `ref_root` value (`.`, `..`, `../..`), `None` when it is not made of
/// them.
fn parse_ref_root(value: &str) -> Option<usize> {
    if value.starts_with(['/', '\\']) || value.trim().is_empty() {
        return None;
    }
    let mut depth = 0;
    for part in value.split('/') {
        match part {
            "" | "." => {}
            ".." => depth += 1,
            _ => return None,
        }
    }
    Some(depth)
}

struct Checker<'a> {
    sources: &'a SourceMap,
    file: FileId,
    text: &'a str,
    outline: Outline,
    diagnostics: &'a mut Vec<Diagnostic>,
    errors: usize,
}

impl Checker<'_> {
    fn config(&mut self, root: &Node) -> Config {
        let mut config = Config::default();
        let entries = match root {
            Node::Object(entries) => entries,
            Node::Null => return config,
            _ => {
                self.error(
                    "",
                    false,
                    "invalid spec config: expected a mapping of keys such as `dialect: java`"
                        .to_string(),
                    help(),
                );
                return config;
            }
        };
        let mut seen: Vec<&str> = Vec::new();
        for (key, value) in entries {
            let pointer = format!("/{}", tree::escape(key));
            // Looking each key up in document order moves the outline's cursor along, so a key
            // given twice is found at its second place.
            self.outline.find(self.text, &pointer);
            if seen.contains(&key.as_str()) {
                self.error(
                    &pointer,
                    false,
                    format!("invalid spec config: `{key}` is given twice"),
                    "keep one of them".to_string(),
                );
                continue;
            }
            seen.push(key);
            match key.as_str() {
                "name" => config.name = self.string(&pointer, key, value),
                "description" => config.description = self.string(&pointer, key, value),
                "dialect" => {
                    config.dialect = self.choice(
                        &pointer,
                        key,
                        value,
                        &Dialect::ALL,
                        "without `dialect`, the dialect is detected from the docs",
                    );
                }
                "keep_unknown_fields" => match value {
                    Node::Bool(keep) => config.keep_unknown_fields = *keep,
                    Node::Null => {}
                    _ => self.error(
                        &pointer,
                        true,
                        format!(
                            "invalid spec config: `keep_unknown_fields` is `true` or `false`, not {}",
                            describe(value)
                        ),
                        "write `true` or `false`".to_string(),
                    ),
                },
                "strict_types" => match value {
                    Node::Bool(strict) => config.strict_types = *strict,
                    Node::Null => {}
                    _ => self.error(
                        &pointer,
                        true,
                        format!(
                            "invalid spec config: `strict_types` is `true` or `false`, not {}",
                            describe(value)
                        ),
                        "write `true` or `false`".to_string(),
                    ),
                },
                "closed_enums" => config.closed_enums = self.closed_enums(&pointer, value),
                "dangling_refs" => {
                    let choice = self.choice(
                        &pointer,
                        key,
                        value,
                        &["error", "any"],
                        "without `dangling_refs`, a `$ref` that leads nowhere is an error",
                    );
                    config.dangling_refs_as_any = choice == Some("any");
                }
                "date_times" => {
                    let choice = self.choice(
                        &pointer,
                        key,
                        value,
                        &["strict", "lenient"],
                        "without `date_times`, a date-time is RFC 3339, with a UTC offset",
                    );
                    config.lenient_date_times = choice == Some("lenient");
                }
                "ref_root" => {
                    if let Some(value_text) = self.string(&pointer, key, value) {
                        match parse_ref_root(&value_text) {
                            Some(depth) => config.ref_root_depth = depth,
                            None => self.error(
                                &pointer,
                                true,
                                format!(
                                    "invalid spec config: `ref_root` is `{value_text}`, but it names the API's folder (`.`) or a folder above it (`..`, `../..`, ...)"
                                ),
                                "`ref_root` is relative to the API's folder: files may be read from below the folder it names".to_string(),
                            ),
                        }
                    }
                }
                "wire_names" => config.wire_names = self.wire_names(&pointer, value),
                "operations" => config.operations = self.operations(&pointer, value),
                "security" => config.security = self.security(&pointer, value),
                "renames" => {
                    let mut members = Config::default();
                    config.type_renames = self.renames(&pointer, value, &mut members);
                    config.field_renames = members.field_renames;
                    config.variant_renames = members.variant_renames;
                }
                "acronyms" => config.acronyms = self.acronyms(&pointer, value),
                "silence" => config.silence = self.silence(&pointer, value),
                "crate" => config.package = self.package(&pointer, value),
                "rust" => config.rust = self.rust(&pointer, value),
                _ => self.unknown(&pointer, key, &KEYS),
            }
        }
        // Where `closed_enums` names each enum travels with the API's settings, so planning
        // can point at a name that closes nothing.
        config.rust.closed_all_enums = config.closed_enums == ClosedEnums::All;
        if let ClosedEnums::Named(names) = &config.closed_enums {
            for (idx, name) in names.iter().enumerate() {
                let span = self.span_of(&format!("/closed_enums/{idx}"));
                config
                    .rust
                    .closed_enum_spans
                    .entry(name.clone())
                    .or_insert(span);
            }
        }
        config
    }

    fn package(&mut self, at: &str, node: &Node) -> crate::model::Package {
        let mut res = crate::model::Package::default();
        let Some(entries) = self.mapping(at, "crate", node) else {
            return res;
        };
        for (key, value) in entries {
            let pointer = format!("{at}/{}", tree::escape(key));
            let Some(text) = self.string(&pointer, key, value) else {
                continue;
            };
            let (valid, expected) = match key.as_str() {
                "name" => (
                    text.starts_with(|c: char| c.is_ascii_alphabetic())
                        && text
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                    "a package name of ASCII letters, digits, `-` and `_`, starting with a letter",
                ),
                "version" => (
                    is_version(&text),
                    "a version `MAJOR.MINOR.PATCH`, such as `1.2.0` or `2.0.0-beta.1`",
                ),
                "license" => (
                    !text.trim().is_empty() && !text.contains(['"', '\\', '\n']),
                    "an SPDX license expression, such as `MIT OR Apache-2.0`",
                ),
                _ => {
                    self.unknown(&pointer, key, &["name", "version", "license"]);
                    continue;
                }
            };
            if !valid {
                self.error(
                    &pointer,
                    true,
                    format!("invalid spec config: `crate.{key}` is `{text}`, not {expected}"),
                    format!("write {expected}"),
                );
                continue;
            }
            match key.as_str() {
                "name" => res.name = Some(text),
                "version" => res.version = Some(text),
                _ => res.license = Some(text),
            }
        }
        res
    }

    fn silence(&mut self, at: &str, node: &Node) -> Vec<Code> {
        let items = match node {
            Node::Null => return Vec::new(),
            Node::Array(items) => items,
            _ => {
                self.error(
                    at,
                    true,
                    format!(
                        "invalid spec config: `silence` is a list of diagnostic codes, not {}",
                        describe(node)
                    ),
                    "write a list such as `[example-misfit, unsupported]`".to_string(),
                );
                return Vec::new();
            }
        };
        let mut res = Vec::new();
        for (idx, item) in items.iter().enumerate() {
            let pointer = format!("{at}/{idx}");
            let code = item
                .as_str()
                .and_then(|name| Code::ALL.iter().find(|c| c.as_str() == name));
            match code {
                Some(code) => res.push(*code),
                None => self.error(
                    &pointer,
                    true,
                    format!(
                        "invalid spec config: `silence` names {}, which is no diagnostic code",
                        describe(item)
                    ),
                    "a code is the name in brackets of a warning or note, such as `example-misfit` in `warning[example-misfit]`; errors cannot be silenced".to_string(),
                ),
            }
        }
        res
    }

    fn acronyms(&mut self, at: &str, node: &Node) -> Vec<String> {
        let items = match node {
            Node::Null => return Vec::new(),
            Node::Array(items) => items,
            _ => {
                self.error(
                    at,
                    true,
                    format!(
                        "invalid spec config: `acronyms` is a list of words, not {}",
                        describe(node)
                    ),
                    "write a list such as `[SAML, OAuth]`".to_string(),
                );
                return Vec::new();
            }
        };
        let mut res = Vec::new();
        for (idx, item) in items.iter().enumerate() {
            let word = item.as_str().filter(|w| {
                w.starts_with(|c: char| c.is_ascii_alphabetic())
                    && w.chars().all(|c| c.is_ascii_alphanumeric())
            });
            match word {
                Some(word) => res.push(word.to_string()),
                None => self.error(
                    &format!("{at}/{idx}"),
                    true,
                    format!(
                        "invalid spec config: `acronyms` names {}, which is not a word of ASCII letters and digits",
                        describe(item)
                    ),
                    "an acronym is spelled as Rust names should show it, such as `SAML` or `OAuth`".to_string(),
                ),
            }
        }
        res
    }

    fn closed_enums(&mut self, at: &str, node: &Node) -> ClosedEnums {
        let names = match node {
            Node::Bool(true) => return ClosedEnums::All,
            Node::Bool(false) | Node::Null => return ClosedEnums::None,
            Node::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>(),
            _ => None,
        };
        match names {
            Some(names) => ClosedEnums::Named(names),
            None => {
                self.error(
                    at,
                    true,
                    format!(
                        "invalid spec config: `closed_enums` is `true`, `false` or a list of enum names, not {}",
                        describe(node)
                    ),
                    "write `true`, `false` or a list such as `[Status, Currency]`".to_string(),
                );
                ClosedEnums::None
            }
        }
    }

    /// The `rust` section: `derives`, `non_exhaustive`, and `types.<name>.derives`.
    fn rust(&mut self, at: &str, node: &Node) -> RustSettings {
        let mut res = RustSettings::default();
        let Some(entries) = self.mapping(at, "rust", node) else {
            return res;
        };
        for (key, value) in entries {
            let pointer = format!("{at}/{}", tree::escape(key));
            match key.as_str() {
                "derives" => res.derives = self.derives(&pointer, value),
                "attributes" => res.attributes = self.attributes(&pointer, value),
                "non_exhaustive" => match value {
                    Node::Bool(flag) => res.non_exhaustive = *flag,
                    Node::Null => {}
                    _ => self.error(
                        &pointer,
                        true,
                        format!(
                            "invalid spec config: `non_exhaustive` is `true` or `false`, not {}",
                            describe(value)
                        ),
                        "write `true` or `false`".to_string(),
                    ),
                },
                "date_time" => {
                    let names = crate::model::dates::DateTimeChoice::ALL.map(|(name, _)| name);
                    let choice = self.choice(
                        &pointer,
                        key,
                        value,
                        &names,
                        "without `date_time`, a date-time is chrono's `DateTime<FixedOffset>`, keeping the offset it was sent with",
                    );
                    if let Some((_, it)) = crate::model::dates::DateTimeChoice::ALL
                        .iter()
                        .find(|(name, _)| Some(*name) == choice)
                    {
                        res.date_time = *it;
                    }
                }
                "types" => {
                    let Some(types) = self.mapping(&pointer, "types", value) else {
                        continue;
                    };
                    for (name, settings) in types {
                        let type_at = format!("{pointer}/{}", tree::escape(name));
                        let (key_range, _) = self.outline.find(self.text, &type_at);
                        res.type_spans
                            .insert(name.clone(), Span::new(self.file, key_range));
                        let Some(settings) = self.mapping(&type_at, name, settings) else {
                            continue;
                        };
                        for (key, value) in settings {
                            let key_at = format!("{type_at}/{}", tree::escape(key));
                            match key.as_str() {
                                "derives" => {
                                    let derives = self.derives(&key_at, value);
                                    res.type_derives.insert(name.clone(), derives);
                                }
                                "attributes" => {
                                    let attributes = self.attributes(&key_at, value);
                                    res.type_attributes.insert(name.clone(), attributes);
                                }
                                _ => self.unknown(&key_at, key, &["derives", "attributes"]),
                            }
                        }
                    }
                }
                "replace" => {
                    let Some(types) = self.mapping(&pointer, "replace", value) else {
                        continue;
                    };
                    for (name, target) in types {
                        let at = format!("{pointer}/{}", tree::escape(name));
                        if let Some(it) = self.replacement(&at, target) {
                            res.replace.insert(name.clone(), it);
                        }
                    }
                }
                _ => self.unknown(
                    &pointer,
                    key,
                    &[
                        "derives",
                        "attributes",
                        "non_exhaustive",
                        "date_time",
                        "types",
                        "replace",
                    ],
                ),
            }
        }
        res
    }

    /// An entry of `rust.replace`: a Rust type path, or `path` with the `crate` and `version`
    /// the generated crate then depends on (the shape of OpenAPI's `x-rust-type`).
    fn replacement(&mut self, at: &str, node: &Node) -> Option<crate::model::replace::Replacement> {
        let hint = "write a Rust type path such as `my_crate::Money`, or `{path: my_crate::Money, crate: my-crate, version: \"1.2\"}`";
        let (path, path_at, dependency) = match node {
            Node::String(path) => (path.clone(), at.to_string(), None),
            Node::Object(entries) => {
                let mut path = None;
                let (mut krate, mut version) = (None, None);
                for (key, value) in entries {
                    let key_at = format!("{at}/{}", tree::escape(key));
                    let text = value.as_str().map(str::to_string);
                    match (key.as_str(), text) {
                        ("path", Some(text)) => path = Some(text),
                        ("crate", Some(text)) if crate::model::replace::is_crate_name(&text) => {
                            krate = Some(text);
                        }
                        ("version", Some(text)) if !text.trim().is_empty() => version = Some(text),
                        ("path" | "crate" | "version", _) => self.error(
                            &key_at,
                            true,
                            format!(
                                "invalid spec config: `{key}` of a replaced type is {}, not {}",
                                match key.as_str() {
                                    "crate" => "a crate name",
                                    "version" => "a version requirement",
                                    _ => "a Rust type path",
                                },
                                describe(value)
                            ),
                            hint.to_string(),
                        ),
                        _ => self.unknown(&key_at, key, &["path", "crate", "version"]),
                    }
                }
                let dependency = match (krate, version) {
                    (Some(krate), Some(version)) => {
                        Some(crate::model::replace::Dependency { krate, version })
                    }
                    (None, None) => None,
                    _ => {
                        self.error(
                            at,
                            false,
                            "invalid spec config: a replaced type's `crate` and `version` go together".to_string(),
                            "give both, so the generated crate depends on the crate, or neither and add the dependency yourself".to_string(),
                        );
                        None
                    }
                };
                let Some(path) = path else {
                    self.error(
                        at,
                        false,
                        "invalid spec config: a replaced type needs its `path`".to_string(),
                        hint.to_string(),
                    );
                    return None;
                };
                (path, format!("{at}/path"), dependency)
            }
            other => {
                self.error(
                    at,
                    true,
                    format!(
                        "invalid spec config: a replaced type is a Rust type path, not {}",
                        describe(other)
                    ),
                    hint.to_string(),
                );
                return None;
            }
        };
        if !is_type_path(&path) {
            self.error(
                &path_at,
                true,
                format!("invalid spec config: `{path}` is not a Rust type path"),
                hint.to_string(),
            );
            return None;
        }
        let span = self.span_of(&path_at);
        Some(crate::model::replace::Replacement {
            path,
            dependency,
            span,
        })
    }

    /// A list of outer attributes (`#[serde(deny_unknown_fields)]`); each that does not parse
    /// as Rust attributes is an error at its place.
    fn attributes(&mut self, at: &str, node: &Node) -> Vec<String> {
        let Node::Array(items) = node else {
            if !matches!(node, Node::Null) {
                self.error(
                    at,
                    true,
                    format!(
                        "invalid spec config: `attributes` is a list of Rust attributes, not {}",
                        describe(node)
                    ),
                    "write a list such as `['#[serde(deny_unknown_fields)]']`".to_string(),
                );
            }
            return Vec::new();
        };
        let mut res = Vec::new();
        for (idx, item) in items.iter().enumerate() {
            let item_at = format!("{at}/{idx}");
            match item.as_str() {
                Some(text) if parse_attributes(text).is_some() => res.push(text.to_string()),
                _ => self.error(
                    &item_at,
                    true,
                    format!(
                        "invalid spec config: {} is not a Rust outer attribute",
                        describe(item)
                    ),
                    "write an attribute such as `#[serde(deny_unknown_fields)]`".to_string(),
                ),
            }
        }
        res
    }

    /// A list of derive macro paths (`Eq`, `schemars::JsonSchema`); each that is not a path is
    /// an error at its place.
    fn derives(&mut self, at: &str, node: &Node) -> Vec<String> {
        let Node::Array(items) = node else {
            if !matches!(node, Node::Null) {
                self.error(
                    at,
                    true,
                    format!(
                        "invalid spec config: `derives` is a list of derive macros, not {}",
                        describe(node)
                    ),
                    "write a list such as `[Eq, Hash]`".to_string(),
                );
            }
            return Vec::new();
        };
        let mut res = Vec::new();
        for (idx, item) in items.iter().enumerate() {
            let item_at = format!("{at}/{idx}");
            match item.as_str() {
                Some(path) if is_derive_path(path) => res.push(path.to_string()),
                _ => self.error(
                    &item_at,
                    true,
                    format!(
                        "invalid spec config: {} is not the path of a derive macro",
                        describe(item)
                    ),
                    "write a path such as `Eq` or `schemars::JsonSchema`".to_string(),
                ),
            }
        }
        res
    }

    /// `renames`: its `types` are returned, its `fields` and `variants` go to `config`.
    fn renames(&mut self, at: &str, node: &Node, config: &mut Config) -> BTreeMap<String, Renamed> {
        let mut res = BTreeMap::new();
        let Some(entries) = self.mapping(at, "renames", node) else {
            return res;
        };
        for (key, value) in entries {
            let pointer = format!("{at}/{}", tree::escape(key));
            match key.as_str() {
                "types" => {}
                "fields" => {
                    config.field_renames = self.member_renames(&pointer, value, true);
                    continue;
                }
                "variants" => {
                    config.variant_renames = self.member_renames(&pointer, value, false);
                    continue;
                }
                _ => {
                    self.unknown(&pointer, key, &["types", "fields", "variants"]);
                    continue;
                }
            }
            let Some(types) = self.mapping(&pointer, "types", value) else {
                continue;
            };
            for (schema, name) in types {
                let name_at = format!("{pointer}/{}", tree::escape(schema));
                let Some(name) = self.string(&name_at, schema, name) else {
                    continue;
                };
                if crate::model::names::type_ident(&name) != name {
                    self.error(
                        &name_at,
                        true,
                        format!("invalid spec config: `{name}`, the new name of `{schema}`, is not a Rust type name"),
                        format!("a type name is UpperCamelCase letters and digits, such as `{}`", crate::model::names::type_ident(&name)),
                    );
                    continue;
                }
                let span = self.span_of(&name_at);
                res.insert(schema.clone(), Renamed { name, span });
            }
        }
        res
    }

    /// `renames.fields` (`snake` names) or `renames.variants` (`UpperCamelCase` names).
    fn member_renames(&mut self, at: &str, node: &Node, snake: bool) -> MemberRenames {
        let mut res = MemberRenames::new();
        let what = if snake { "fields" } else { "variants" };
        let Some(types) = self.mapping(at, what, node) else {
            return res;
        };
        for (ty, members) in types {
            let type_at = format!("{at}/{}", tree::escape(ty));
            let Some(members) = self.mapping(&type_at, ty, members) else {
                continue;
            };
            for (member, name) in members {
                let name_at = format!("{type_at}/{}", tree::escape(member));
                let Some(name) = self.string(&name_at, member, name) else {
                    continue;
                };
                let fitting = if snake {
                    crate::model::names::snake_ident(&name)
                } else {
                    crate::model::names::type_ident(&name)
                };
                if fitting != name {
                    let (kind, form) = if snake {
                        ("field", "snake_case")
                    } else {
                        ("variant", "UpperCamelCase")
                    };
                    self.error(
                        &name_at,
                        true,
                        format!("invalid spec config: `{name}`, the new name of `{ty}.{member}`, is not a Rust {kind} name"),
                        format!("a {kind} name is {form} letters and digits, such as `{fitting}`"),
                    );
                    continue;
                }
                let span = self.span_of(&name_at);
                res.entry(ty.clone())
                    .or_default()
                    .insert(member.clone(), Renamed { name, span });
            }
        }
        res
    }

    fn security(&mut self, at: &str, node: &Node) -> SecurityFacts {
        let mut res = SecurityFacts::default();
        let Some(entries) = self.mapping(at, "security", node) else {
            return res;
        };
        for (key, value) in entries {
            let pointer = format!("{at}/{}", tree::escape(key));
            match key.as_str() {
                "token_url" => res.token_url = self.string(&pointer, key, value),
                "api_key_header" => res.api_key_header = self.string(&pointer, key, value),
                _ => self.unknown(&pointer, key, &SECURITY_KEYS),
            }
        }
        res
    }

    fn operations(&mut self, at: &str, node: &Node) -> BTreeMap<String, OperationFacts> {
        let mut res = BTreeMap::new();
        let Some(entries) = self.mapping(at, "operations", node) else {
            return res;
        };
        for (name, facts_node) in entries {
            let op_at = format!("{at}/{}", tree::escape(name));
            let Some(keys) = self.mapping(&op_at, name, facts_node) else {
                continue;
            };
            let mut facts = OperationFacts::default();
            for (key, value) in keys {
                let pointer = format!("{op_at}/{}", tree::escape(key));
                match key.as_str() {
                    "method" => {
                        let methods: Vec<String> = Method::ALL
                            .iter()
                            .map(|m| m.as_str().to_ascii_lowercase())
                            .collect();
                        let methods: Vec<&str> = methods.iter().map(String::as_str).collect();
                        facts.method = self
                            .choice(
                                &pointer,
                                "method",
                                value,
                                &methods,
                                "HTTP methods are written in lower case",
                            )
                            .and_then(Method::parse);
                    }
                    "path" => {
                        facts.path = self.string(&pointer, key, value);
                        if facts.path.as_ref().is_some_and(|p| !p.starts_with('/')) {
                            self.error(
                                &pointer,
                                true,
                                format!("invalid spec config: the path of operation `{name}` does not start with `/`"),
                                "paths are relative to the server URL: `/v3/start`".to_string(),
                            );
                            facts.path = None;
                        }
                    }
                    "content_type" => facts.content_type = self.string(&pointer, key, value),
                    "parameters" => {
                        let Some(params) = self.mapping(&pointer, "parameters", value) else {
                            continue;
                        };
                        for (param, place) in params {
                            let param_at = format!("{pointer}/{}", tree::escape(param));
                            let place = self
                                .choice(&param_at, "parameter place", place, &PLACES, "a parameter goes into the path, the query string, a header or a cookie")
                                .and_then(ParameterIn::parse);
                            if let Some(place) = place {
                                facts.parameters.insert(param.clone(), place);
                            }
                        }
                    }
                    _ => self.unknown(&pointer, key, &OPERATION_KEYS),
                }
            }
            res.insert(name.clone(), facts);
        }
        res
    }

    fn wire_names(&mut self, at: &str, node: &Node) -> WireNames {
        let mut res = WireNames::default();
        let Some(entries) = self.mapping(at, "wire_names", node) else {
            return res;
        };
        let mut seen: Vec<&str> = Vec::new();
        for (key, value) in entries {
            let pointer = format!("{at}/{}", tree::escape(key));
            self.outline.find(self.text, &pointer);
            if seen.contains(&key.as_str()) {
                self.error(
                    &pointer,
                    false,
                    format!("invalid spec config: `wire_names.{key}` is given twice"),
                    "keep one of them".to_string(),
                );
                continue;
            }
            seen.push(key);
            match key.as_str() {
                "policy" => {
                    res.policy = self.choice(
                        &pointer,
                        key,
                        value,
                        &POLICIES,
                        "without `policy`, the dialect's default applies",
                    );
                }
                "overrides" => {
                    let Some(models) = self.mapping(&pointer, "overrides", value) else {
                        continue;
                    };
                    for (model, fields) in models {
                        let model_at = format!("{pointer}/{}", tree::escape(model));
                        let Some(fields) = self.mapping(&model_at, model, fields) else {
                            continue;
                        };
                        let mut map = BTreeMap::new();
                        for (field, wire) in fields {
                            let field_at = format!("{model_at}/{}", tree::escape(field));
                            match wire {
                                Node::String(wire) => {
                                    map.insert(field.clone(), wire.clone());
                                }
                                _ => self.error(
                                    &field_at,
                                    true,
                                    format!(
                                        "invalid spec config: the wire name of `{model}.{field}` is {}, not a string",
                                        describe(wire)
                                    ),
                                    "quote the wire name: `field: \"name\"`".to_string(),
                                ),
                            }
                        }
                        res.overrides.insert(model.clone(), map);
                    }
                }
                _ => self.unknown(&pointer, key, &WIRE_NAMES_KEYS),
            }
        }
        res
    }

    /// The entries of a mapping (none for `null`); an error for anything else.
    fn mapping<'n>(&mut self, at: &str, key: &str, node: &'n Node) -> Option<&'n [(String, Node)]> {
        match node {
            Node::Object(entries) => Some(entries),
            Node::Null => None,
            _ => {
                self.error(
                    at,
                    true,
                    format!(
                        "invalid spec config: `{key}` is a mapping of keys to values, not {}",
                        describe(node)
                    ),
                    help(),
                );
                None
            }
        }
    }

    fn string(&mut self, at: &str, key: &str, node: &Node) -> Option<String> {
        match node {
            Node::String(value) => Some(value.clone()),
            Node::Null => None,
            _ => {
                self.error(
                    at,
                    true,
                    format!(
                        "invalid spec config: `{key}` is a string, not {}",
                        describe(node)
                    ),
                    help(),
                );
                None
            }
        }
    }

    /// One of `choices`, by its name.
    fn choice<T: Copy + std::fmt::Display>(
        &mut self,
        at: &str,
        key: &str,
        node: &Node,
        choices: &[T],
        hint: &str,
    ) -> Option<T> {
        let names = choices
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let value = match node {
            Node::Null => return None,
            Node::String(value) => value.clone(),
            other => other.scalar_text().unwrap_or_else(|| describe(other)),
        };
        let found = choices.iter().find(|c| c.to_string() == value).copied();
        if found.is_none() {
            self.error(
                at,
                true,
                format!("invalid spec config: unknown {key} `{value}`, expected one of {names}"),
                hint.to_string(),
            );
        }
        found
    }

    fn unknown(&mut self, at: &str, key: &str, known: &[&str]) {
        let names = known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        self.error(
            at,
            false,
            format!("invalid spec config: unknown field `{key}`, expected one of {names}"),
            help(),
        );
    }

    /// An error at the key `pointer` names, or at its value when `on_value` and the value is
    /// on the key's line.
    /// The span of the value at `pointer`.
    fn span_of(&mut self, pointer: &str) -> Span {
        let (key, found) = self.outline.find(self.text, pointer);
        let range = if found {
            value_range(self.text, key)
        } else {
            key
        };
        Span::new(self.file, range)
    }

    fn error(&mut self, pointer: &str, on_value: bool, message: String, hint: String) {
        let (key, found) = self.outline.find(self.text, pointer);
        let range = if pointer.is_empty() {
            0..0
        } else if on_value && found {
            value_range(self.text, key)
        } else {
            key
        };
        self.errors += 1;
        self.diagnostics.push(
            Diagnostic::error(
                self.sources,
                Span::new(self.file, range),
                Code::InvalidConfig,
                message,
            )
            .with_hint(hint),
        );
    }
}

/// The outer attributes `text` holds (`#[serde(deny_unknown_fields)]`), when it is one or more
/// of them and nothing else; doc attributes are refused, as docs come from the spec.
pub(crate) fn parse_attributes(text: &str) -> Option<Vec<syn::Attribute>> {
    use syn::parse::Parser;
    let attributes = syn::Attribute::parse_outer.parse_str(text).ok()?;
    let is_doc = |attr: &syn::Attribute| attr.path().is_ident("doc");
    (!attributes.is_empty() && !attributes.iter().any(is_doc)).then_some(attributes)
}

/// Whether `text` is a Rust type path (`my_crate::Money`, `crate::money::Money<u32>`), as a
/// replaced schema names its type; it is written into the generated code as it is.
pub(crate) fn is_type_path(text: &str) -> bool {
    matches!(
        syn::parse_str::<syn::Type>(text),
        Ok(syn::Type::Path(syn::TypePath { qself: None, .. }))
    )
}

/// Whether `text` is a Rust path (`Eq`, `::schemars::JsonSchema`): identifiers, none a
/// keyword, joined by `::`.
fn is_derive_path(text: &str) -> bool {
    let text = text.strip_prefix("::").unwrap_or(text);
    !text.is_empty()
        && text.split("::").all(|segment| {
            let mut chars = segment.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
                && segment != "_"
                && !crate::model::names::is_raw_keyword(segment)
        })
}

/// What a value is, for messages: `a number (3)`, `a list`.
fn describe(node: &Node) -> String {
    match node {
        Node::Null => "empty".to_string(),
        Node::Bool(b) => format!("a boolean (`{b}`)"),
        Node::Number(n) => format!("a number (`{n}`)"),
        Node::String(s) => format!("a string (`{s}`)"),
        Node::Array(_) => "a list".to_string(),
        Node::Object(_) => "a mapping".to_string(),
    }
}

/// The range of the value of the key at `key` when it is on the key's line (`java` of
/// `dialect: java`), else the key's.
fn value_range(text: &str, key: Range<usize>) -> Range<usize> {
    let line_end = text[key.end..]
        .find('\n')
        .map_or(text.len(), |i| key.end + i);
    let rest = &text[key.end..line_end];
    let Some(colon) = rest.find(':') else {
        return key;
    };
    let after = &rest[colon + 1..];
    let value = after.trim_start_matches([' ', '\t']);
    let start = key.end + colon + 1 + (after.len() - value.len());
    let len = match value.as_bytes().first() {
        None | Some(b'#') => return key,
        Some(&quote @ (b'"' | b'\'')) => value[1..]
            .find(quote as char)
            .map_or(value.len(), |i| i + 2),
        Some(_) => {
            let end = value
                .find([',', '}', ']', '\r'])
                .or_else(|| value.find(" #"))
                .unwrap_or(value.len());
            value[..end].trim_end().len()
        }
    };
    start..start + len.max(1)
}

/// The span of the key at `path` (each element a key nested below the previous one) in a block
/// YAML document, for pointing diagnostics at config entries. Falls back to the start of the
/// file when the key is not found as a plain block key.
pub fn key_span(sources: &SourceMap, file: FileId, path: &[&str]) -> Span {
    let text = &sources.get(file).text;
    let mut offset = 0;
    let mut min_indent = 0;
    let mut found = None;
    let mut remaining = path;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some((key, _)) = remaining.split_first() else {
            break;
        };
        let indent = line.len() - line.trim_start().len();
        let body = line.trim();
        if body.is_empty() || body.starts_with('#') || indent < min_indent {
            continue;
        }
        let name = body
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        if name == *key && body.contains(':') {
            found =
                Some(start + indent..start + indent + body.split(':').next().unwrap_or("").len());
            min_indent = indent + 1;
            remaining = &remaining[1..];
        }
    }
    match found {
        Some(range) if remaining.is_empty() => Span::new(file, range),
        _ => Span::new(file, 0..0),
    }
}

/// The SDK language a set of Markdown docs is written in (`dialect:` in the config, else
/// detected by the Markdown reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// `*Optional\<Long>*`, `List\<[T](L)>`
    Java,
    /// `` `*int64` ``, `[][components.T](L)`
    Go,
    /// `*number*`, `[components.T](L)[]`
    #[serde(rename = "typescript")]
    TypeScript,
    /// `*Optional[int]*`, `List[[models.T](L)]`
    Python,
    /// `*long*`, `List<[T](L)>`, `Dictionary<String, *object*>`
    #[serde(rename = "csharp")]
    CSharp,
    /// `*?string*`, `array<[Components\T](L)>`
    #[serde(rename = "php")]
    Php,
    /// `*T.nilable(::String)*`, `T::Array<[Models::Components::T](L)>`
    Ruby,
}

impl Dialect {
    /// All dialects, in detection order.
    pub const ALL: [Dialect; 7] = [
        Dialect::Java,
        Dialect::Go,
        Dialect::TypeScript,
        Dialect::Python,
        Dialect::CSharp,
        Dialect::Php,
        Dialect::Ruby,
    ];
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Java => "java",
            Dialect::Go => "go",
            Dialect::TypeScript => "typescript",
            Dialect::Python => "python",
            Dialect::CSharp => "csharp",
            Dialect::Php => "php",
            Dialect::Ruby => "ruby",
        })
    }
}

/// Gives the fields and variants that the config renames (`renames.fields`,
/// `renames.variants`) their Rust names in `api`. A type is named by its schema's or model's
/// name, or by its Rust name; a member by its wire name, SDK name or Rust name. An entry that
/// names no type or member of `api` is an error, so a typo never goes unnoticed.
pub fn apply_member_renames(
    sources: &SourceMap,
    config: &Config,
    api: &mut crate::model::Api,
    diagnostics: &mut Vec<Diagnostic>,
) {
    use crate::model::TypeKind;
    for (renames, what) in [
        (&config.field_renames, "fields"),
        (&config.variant_renames, "variants"),
    ] {
        for (ty_name, members) in renames {
            let targets: Vec<usize> = (0..api.types.len())
                .filter(|&i| api.types[i].name == *ty_name || api.types[i].rust_name == *ty_name)
                .collect();
            for (member, renamed) in members {
                let mut matched = false;
                for &target in &targets {
                    match &mut api.types[target].kind {
                        TypeKind::Struct(it) if what == "fields" => {
                            for field in &mut it.fields {
                                if [&field.wire_name, &field.sdk_name, &field.rust_name]
                                    .contains(&member)
                                {
                                    field.rust_name = renamed.name.clone();
                                    matched = true;
                                }
                            }
                        }
                        TypeKind::Enum(it) if what == "variants" => {
                            for value in &mut it.values {
                                if [&value.wire_value, &value.sdk_name, &value.rust_name]
                                    .contains(&member)
                                {
                                    value.rust_name = renamed.name.clone();
                                    matched = true;
                                }
                            }
                        }
                        TypeKind::Union(it) if what == "variants" => {
                            for variant in &mut it.variants {
                                if [&variant.name, &variant.rust_name].contains(&member) {
                                    variant.rust_name = renamed.name.clone();
                                    matched = true;
                                }
                            }
                        }
                        _ => {}
                    }
                }
                if matched {
                    continue;
                }
                let (code, message) = if targets.is_empty() {
                    (
                        Code::OverrideUnknownModel,
                        format!(
                            "`renames.{what}` renames members of `{ty_name}`, which is no type of the API"
                        ),
                    )
                } else {
                    (
                        Code::OverrideUnknownField,
                        format!(
                            "`renames.{what}` renames `{member}`, which type `{ty_name}` does not have"
                        ),
                    )
                };
                diagnostics.push(
                    Diagnostic::error(sources, renamed.span, code, message).with_hint(
                        "name a type by its schema's or model's name (or its Rust name), and a member by its wire name or Rust name",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::SourceFile;

    const CONFIG: &str = "dialect: java\nwire_names:\n  policy: sdk\n  overrides:\n    V3TokenRequest:\n      clientId: client_id\n    Other:\n      clientId: x\n";

    #[test]
    fn parses_and_locates_keys() {
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("codegen.yaml", CONFIG));
        let mut diagnostics = Vec::new();
        let config = parse(&sources, file, &mut diagnostics).unwrap();
        assert_eq!(config.dialect, Some(Dialect::Java));
        assert!(
            !config.keep_unknown_fields,
            "unknown keys are ignored unless asked for"
        );
        assert_eq!(config.wire_names.policy, Some(NamingPolicy::Sdk));
        assert_eq!(
            config.wire_names.overrides["V3TokenRequest"]["clientId"],
            "client_id"
        );
        let span = key_span(
            &sources,
            file,
            &["wire_names", "overrides", "Other", "clientId"],
        );
        let at = sources.locate(span);
        assert_eq!((at.line, at.column), (8, 7));
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn reads_how_dangling_refs_and_date_times_are_taken() {
        let read = |text: &str| {
            let mut sources = SourceMap::default();
            let file = sources.add(SourceFile::new("codegen.yaml", text));
            let mut diagnostics = Vec::new();
            let config = parse(&sources, file, &mut diagnostics);
            (config, diagnostics.len())
        };
        let (config, errors) = read("dangling_refs: any\ndate_times: lenient\n");
        let config = config.unwrap();
        assert!(config.dangling_refs_as_any && config.lenient_date_times);
        assert_eq!(errors, 0);
        let (config, _) = read("dangling_refs: error\ndate_times: strict\n");
        let config = config.unwrap();
        assert!(!config.dangling_refs_as_any && !config.lenient_date_times);
        assert!(!Config::default().dangling_refs_as_any);
        let (config, errors) = read("dangling_refs: ignore\ndate_times: loose\n");
        assert!(config.is_none());
        assert_eq!(errors, 2);
    }

    #[test]
    fn reads_whether_unreadable_types_are_errors() {
        let read = |text: &str| {
            let mut sources = SourceMap::default();
            let file = sources.add(SourceFile::new("codegen.yaml", text));
            let mut diagnostics = Vec::new();
            let config = parse(&sources, file, &mut diagnostics);
            (config, diagnostics.len())
        };
        assert!(!Config::default().strict_types);
        let (config, errors) = read("strict_types: true\n");
        assert!(config.unwrap().strict_types);
        assert_eq!(errors, 0);
        let (config, errors) = read("strict_types: yes please\n");
        assert!(config.is_none());
        assert_eq!(errors, 1);
    }

    #[test]
    fn reports_unknown_keys_with_location() {
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new(
            "codegen.yaml",
            "dialect: java\nwire_name:\n  policy: sdk\n",
        ));
        let mut diagnostics = Vec::new();
        assert!(parse(&sources, file, &mut diagnostics).is_none());
        let rendered = diagnostics[0].render();
        assert!(
            rendered.starts_with(
                "error[invalid-config]: invalid spec config: unknown field `wire_name`"
            ),
            "{rendered}"
        );
        assert!(rendered.contains("codegen.yaml:2:1"), "{rendered}");
    }

    #[test]
    fn reports_every_error_each_at_its_place() {
        let mut sources = SourceMap::default();
        let text = "dialect: kotlin\nnme: x\nwire_names:\n  policy: loud\n  overrides: [a]\nref_root: ../x\ndescription: y\ndialect: java\n";
        let file = sources.add(SourceFile::new("codegen.yaml", text));
        let mut diagnostics = Vec::new();
        assert!(parse(&sources, file, &mut diagnostics).is_none());
        let places: Vec<(u32, u32)> = diagnostics
            .iter()
            .map(|d| {
                let at = d.location.as_ref().expect("located");
                (at.line, at.column)
            })
            .collect();
        assert_eq!(places, [(1, 10), (2, 1), (4, 11), (5, 14), (6, 11), (8, 1)]);
        let first = diagnostics[0].render();
        for dialect in Dialect::ALL {
            assert!(first.contains(&format!("`{dialect}`")), "{first}");
        }
    }

    #[test]
    fn ref_root_names_a_folder_above_the_api() {
        assert_eq!(ref_root_depth("dialect: java\n"), 0);
        assert_eq!(ref_root_depth("ref_root: ../..\n"), 2);
        assert_eq!(ref_root_depth("\u{feff}ref_root: ./../\n"), 1);
        assert_eq!(ref_root_depth("ref_root: /srv\n"), 0);
        assert_eq!(ref_root_depth("ref_root: ../x\n"), 0);
        assert_eq!(ref_root_depth("ref_root: [\n"), 0);
    }

    #[test]
    fn operations_take_method_path_content_type_and_places() {
        let text = "operations:\n  V3TokenRequest:\n    method: post\n    path: /token\n    content_type: application/x-www-form-urlencoded\n    parameters:\n      clientRequestId: header\n  Bad:\n    method: fetch\n    path: token\n    parameters: {a: body}\n    colour: red\n";
        let mut sources = SourceMap::default();
        let file = sources.add(crate::files::SourceFile::new("codegen.yaml", text));
        let mut diagnostics = Vec::new();
        let config = parse(&sources, file, &mut diagnostics);
        assert!(config.is_none());
        let lines: Vec<u32> = diagnostics
            .iter()
            .map(|d| d.location.as_ref().map_or(0, |l| l.line))
            .collect();
        // method, path, parameter place and unknown key, each at its line.
        assert_eq!(lines, [9, 10, 11, 12], "{diagnostics:#?}");
        let text = &text[..text.find("  Bad:").unwrap()];
        let file = sources.add(crate::files::SourceFile::new("codegen.yaml", text));
        let config = parse(&sources, file, &mut Vec::new()).expect("a valid config");
        let facts = &config.operations["V3TokenRequest"];
        assert_eq!(facts.method, Some(Method::Post));
        assert_eq!(facts.path.as_deref(), Some("/token"));
        assert_eq!(
            facts.content_type.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(facts.parameters["clientRequestId"], ParameterIn::Header);
    }

    #[test]
    fn replaced_types_are_rust_type_paths() {
        assert!(is_type_path("my_crate::Money") && is_type_path("::a::B<u32>"));
        assert!(is_type_path("String"));
        assert!(!is_type_path("my crate::Money") && !is_type_path("&str"));
        assert!(!is_type_path("<T as X>::Y") && !is_type_path("a::B!"));
    }

    #[test]
    fn rust_settings_are_read_by_type() {
        let mut sources = SourceMap::default();
        let text = "rust:\n  derives: [Eq, schemars::JsonSchema]\n  non_exhaustive: true\n  types:\n    Pet:\n      derives: [Hash]\n";
        let file = sources.add(SourceFile::new("codegen.yaml", text));
        let mut diagnostics = Vec::new();
        let config = parse(&sources, file, &mut diagnostics).unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(config.rust.derives, ["Eq", "schemars::JsonSchema"]);
        assert!(config.rust.non_exhaustive);
        assert_eq!(config.rust.type_derives["Pet"], ["Hash"]);
        for path in ["Eq", "::serde::Serialize", "crate::Mine"] {
            assert!(is_derive_path(path), "{path}");
        }
        for path in ["", "not a path", "a::", "3d", "type", "Eq,Hash"] {
            assert!(!is_derive_path(path), "{path}");
        }
        assert!(parse_attributes("#[serde(deny_unknown_fields)] #[allow(dead_code)]").is_some());
        for text in [
            "",
            "serde(x)",
            "#[doc = \"x\"]",
            "#[a] struct X;",
            "#![inner]",
        ] {
            assert!(parse_attributes(text).is_none(), "{text}");
        }
    }

    #[test]
    fn closed_enums_are_all_none_or_named() {
        let read = |text: &str| {
            let mut sources = SourceMap::default();
            let file = sources.add(SourceFile::new("codegen.yaml", text));
            let mut diagnostics = Vec::new();
            let config = parse(&sources, file, &mut diagnostics);
            let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
            (config.map(|c| c.closed_enums), codes)
        };
        assert_eq!(read("dialect: java\n"), (Some(ClosedEnums::None), vec![]));
        assert_eq!(
            read("closed_enums: true\n"),
            (Some(ClosedEnums::All), vec![])
        );
        let (named, _) = read("closed_enums: [Status, Currency]\n");
        let named = named.unwrap();
        assert_eq!(
            named,
            ClosedEnums::Named(vec!["Status".into(), "Currency".into()])
        );
        assert!(named.closes("Status", "Status") && !named.closes("Color", "Color"));
        assert_eq!(read("closed_enums: 3\n"), (None, vec![Code::InvalidConfig]));
        assert_eq!(
            read("closed_enums: [1]\n"),
            (None, vec![Code::InvalidConfig])
        );
    }
}
