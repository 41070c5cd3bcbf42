//! Diagnostics: what the generator tells the user about their input. Every diagnostic is
//! resolved to a file, line and column when it is created, so it can be rendered without the
//! sources and compared in golden tests.

use std::fmt;

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Renderer, Snippet};

use crate::files::{Location, SourceMap, Span};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The run produces no output.
    Error,
    /// Output is produced; the user should look.
    Warning,
    /// Information about a choice the generator made.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// What kind of problem a diagnostic reports: one variant per message template. The name
/// ([`Code::as_str`]) is shown in brackets after the severity (`error[unknown-type]`) and is
/// stable, so users and tests can refer to a kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// The spec config does not parse, or has an unknown key or a bad value.
    InvalidConfig,
    /// A Markdown model doc does not start with a `# Title`.
    MissingTitle,
    /// Two docs of one folder define the same model.
    DuplicateModel,
    /// A table lacks the `| --- |` line under its header, so Markdown reads it as text.
    TableSeparator,
    /// A table's header is not one the doc kind allows.
    TableHeader,
    /// A table row has more or fewer cells than its header.
    ColumnCount,
    /// A Field cell does not hold a backticked name.
    FieldName,
    /// A Type cell names a type the dialect does not know.
    UnknownType,
    /// A Type cell does not follow the dialect's type grammar.
    TypeSyntax,
    /// A Required cell is neither the check mark nor the minus sign.
    RequiredCell,
    /// A `## Values` section has no table of values.
    ValuesWithoutTable,
    /// A union variant heading names neither a model nor a primitive.
    UnionVariant,
    /// A `## Supported Types` section lists no variant; the union is any JSON value.
    EmptyUnion,
    /// A doc without sections (Java's rendering of a union) is generated as any JSON value.
    BareUnion,
    /// A `## Fields` section without a table is generated as a free-form JSON object.
    FreeFormDoc,
    /// A type or a link names a model that no doc defines.
    DanglingLink,
    /// A link names a model that several folders define.
    AmbiguousLink,
    /// Example cells give one field different wire names.
    WireNameConflict,
    /// The docs' Example cells show a wire-name policy other than the dialect's default; fields
    /// without an override or an example follow it.
    InferredWirePolicy,
    /// A wire-name override names a model that no doc defines.
    OverrideUnknownModel,
    /// A wire-name override names a field that its model does not have.
    OverrideUnknownField,
    /// `rust.types` in the config names a type the API does not have.
    SettingsUnknownType,
    /// A model or schema gets another Rust name because an earlier one has the same.
    RenamedType,
    /// A field or property gets another Rust name because an earlier one has the same.
    RenamedField,
    /// An enum value gets another Rust name because an earlier one has the same.
    RenamedEnumValue,
    /// An OpenAPI document is not valid YAML or JSON.
    DocumentSyntax,
    /// A Swagger 2.0 document was given instead of an OpenAPI 3 one.
    Swagger2,
    /// A document has no `openapi` version.
    NotOpenApi,
    /// An OpenAPI version other than 3.0 or 3.1, read as 3.1.
    OpenApiVersion,
    /// A `$ref` points at nothing, or into a file that was not read.
    DanglingRef,
    /// A chain of `$ref`s that never reaches an object, enum or union.
    RefCycle,
    /// A schema that includes itself through `allOf`.
    AllOfCycle,
    /// A schema keyword or form the reader does not support; the value is any JSON value.
    Unsupported,
    /// A value where a schema should be; it is any JSON value.
    NotASchema,
    /// A schema with several `oneOf`/`anyOf` groups; only the properties around them are kept.
    UnionGroups,
    /// An enum whose values are of several JSON types; it is any JSON value.
    MixedEnum,
    /// The Markdown docs describe a model the OpenAPI document does not define.
    DocsOnlyModel,
    /// The Markdown docs give a model a field the OpenAPI document does not.
    DocsOnlyField,
    /// The operation docs describe an operation the OpenAPI document does not define.
    DocsOnlyOperation,
    /// The operation docs and the OpenAPI document place an operation differently, or the
    /// docs list an error status the document does not.
    OperationDiffers,
    /// The OpenAPI document gives a model a property the Markdown docs do not list.
    SpecOnlyProperty,
    /// The Markdown docs and the OpenAPI document list different enum values.
    EnumValuesDiffer,
    /// The Markdown docs and the OpenAPI document give a type or field different types.
    TypeDiffers,
    /// The Markdown docs and the OpenAPI document give a model different kinds.
    KindDiffers,
    /// The Markdown docs and the OpenAPI document give a field different wire names.
    WireNameDiffers,
    /// The Markdown docs and the OpenAPI document disagree on whether a field is required.
    RequiredDiffers,
    /// A field's pattern is not an ECMA-262 regular expression; it is not checked.
    InvalidPattern,
    /// A field's pattern cannot be matched in linear time; it is checked with a budget.
    BacktrackingPattern,
    /// A spec example does not fit its type; it is left out of the example tests.
    ExampleMisfit,
    /// An API's module name is taken by an earlier API or the runtime; the module is renamed.
    ModuleRenamed,
    /// A type is re-exported at the crate root under another name.
    RootRenamed,
    /// Inline schemas of the same shape are generated as one type.
    InlineMerged,
    /// A schema is an existing Rust type (`rust.replace`, `x-rust-type`) whose crate the
    /// generated crate does not depend on by itself.
    TypeReplaced,
    // Reading input files.
    /// A file that may not be read: a `$ref` to an absolute path, to a file outside the API's
    /// root or through a symlink leaving it, to a file that is not YAML or JSON or not a
    /// regular file; or a doc that is a symlink leaving the root. Nothing of it is read.
    RefusedFile,
    /// An input file is not UTF-8; it is not read.
    NotUtf8,
    // Schema keywords whose values make no sense, and duplicate keys.
    /// A schema keyword's value has the wrong JSON type (`properties: 5`, `required: name`).
    KeywordType,
    /// A schema keyword's value is of the right JSON type but impossible (`minLength: -1`).
    KeywordValue,
    /// An object of a YAML or JSON document has the same key twice.
    DuplicateKey,
    /// A `default` that does not fit its type or rules; it is left out.
    DefaultMisfit,
    /// A Type cell, or an OpenAPI schema through its inline schemas and `$ref`s, nests types
    /// deeper than the reader follows.
    NestedTooDeep,
    /// A spec example could not be checked in bounded time (a pattern that only a
    /// backtracking engine runs); it is left out of the example tests.
    ExampleUnchecked,
    // Operation docs (`sdks/<resource>/README.md`).
    /// An operation doc gives no HTTP method or path, and the config does not either; the
    /// operation is left out.
    OperationUnplaced,
    /// A fact about an operation came from the config, or from a rule, not from its doc.
    OperationFacts,
    /// A type an operation doc names (request, response, error) is not a model of the docs.
    OperationType,
    /// A server or security scheme of an SDK's root README could not be read, or a fact about
    /// it came from the config or an example rather than from the README's tables.
    ServiceFacts,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: &[Code] = &[
        Code::InvalidConfig,
        Code::MissingTitle,
        Code::DuplicateModel,
        Code::TableSeparator,
        Code::TableHeader,
        Code::ColumnCount,
        Code::FieldName,
        Code::UnknownType,
        Code::TypeSyntax,
        Code::RequiredCell,
        Code::ValuesWithoutTable,
        Code::UnionVariant,
        Code::EmptyUnion,
        Code::BareUnion,
        Code::FreeFormDoc,
        Code::DanglingLink,
        Code::AmbiguousLink,
        Code::WireNameConflict,
        Code::InferredWirePolicy,
        Code::OverrideUnknownModel,
        Code::OverrideUnknownField,
        Code::SettingsUnknownType,
        Code::RenamedType,
        Code::RenamedField,
        Code::RenamedEnumValue,
        Code::DocumentSyntax,
        Code::Swagger2,
        Code::NotOpenApi,
        Code::OpenApiVersion,
        Code::DanglingRef,
        Code::RefCycle,
        Code::AllOfCycle,
        Code::Unsupported,
        Code::NotASchema,
        Code::UnionGroups,
        Code::MixedEnum,
        Code::DocsOnlyModel,
        Code::DocsOnlyField,
        Code::DocsOnlyOperation,
        Code::OperationDiffers,
        Code::SpecOnlyProperty,
        Code::EnumValuesDiffer,
        Code::TypeDiffers,
        Code::KindDiffers,
        Code::WireNameDiffers,
        Code::RequiredDiffers,
        Code::InvalidPattern,
        Code::BacktrackingPattern,
        Code::ExampleMisfit,
        Code::ModuleRenamed,
        Code::RootRenamed,
        Code::InlineMerged,
        Code::TypeReplaced,
        // Reading input files.
        Code::RefusedFile,
        Code::NotUtf8,
        Code::KeywordType,
        Code::KeywordValue,
        Code::DuplicateKey,
        Code::DefaultMisfit,
        Code::NestedTooDeep,
        Code::ExampleUnchecked,
        Code::OperationUnplaced,
        Code::OperationFacts,
        Code::OperationType,
        Code::ServiceFacts,
    ];

    /// The stable kebab-case name shown in brackets: `unknown-type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidConfig => "invalid-config",
            Code::MissingTitle => "missing-title",
            Code::DuplicateModel => "duplicate-model",
            Code::TableSeparator => "table-separator",
            Code::TableHeader => "table-header",
            Code::ColumnCount => "column-count",
            Code::FieldName => "field-name",
            Code::UnknownType => "unknown-type",
            Code::TypeSyntax => "type-syntax",
            Code::RequiredCell => "required-cell",
            Code::ValuesWithoutTable => "values-without-table",
            Code::UnionVariant => "union-variant",
            Code::EmptyUnion => "empty-union",
            Code::BareUnion => "bare-union",
            Code::FreeFormDoc => "free-form-doc",
            Code::DanglingLink => "dangling-link",
            Code::AmbiguousLink => "ambiguous-link",
            Code::WireNameConflict => "wire-name-conflict",
            Code::InferredWirePolicy => "inferred-wire-policy",
            Code::OverrideUnknownModel => "override-unknown-model",
            Code::OverrideUnknownField => "override-unknown-field",
            Code::SettingsUnknownType => "settings-unknown-type",
            Code::RenamedType => "renamed-type",
            Code::RenamedField => "renamed-field",
            Code::RenamedEnumValue => "renamed-enum-value",
            Code::DocumentSyntax => "document-syntax",
            Code::Swagger2 => "swagger-2",
            Code::NotOpenApi => "not-openapi",
            Code::OpenApiVersion => "openapi-version",
            Code::DanglingRef => "dangling-ref",
            Code::RefCycle => "ref-cycle",
            Code::AllOfCycle => "all-of-cycle",
            Code::Unsupported => "unsupported",
            Code::NotASchema => "not-a-schema",
            Code::UnionGroups => "union-groups",
            Code::MixedEnum => "mixed-enum",
            Code::DocsOnlyModel => "docs-only-model",
            Code::DocsOnlyField => "docs-only-field",
            Code::DocsOnlyOperation => "docs-only-operation",
            Code::OperationDiffers => "operation-differs",
            Code::SpecOnlyProperty => "spec-only-property",
            Code::EnumValuesDiffer => "enum-values-differ",
            Code::TypeDiffers => "type-differs",
            Code::KindDiffers => "kind-differs",
            Code::WireNameDiffers => "wire-name-differs",
            Code::RequiredDiffers => "required-differs",
            Code::InvalidPattern => "invalid-pattern",
            Code::BacktrackingPattern => "backtracking-pattern",
            Code::ExampleMisfit => "example-misfit",
            Code::ModuleRenamed => "module-renamed",
            Code::RootRenamed => "root-renamed",
            Code::InlineMerged => "inline-merged",
            Code::TypeReplaced => "type-replaced",
            // Reading input files.
            Code::RefusedFile => "refused-file",
            Code::NotUtf8 => "not-utf8",
            Code::KeywordType => "keyword-type",
            Code::KeywordValue => "keyword-value",
            Code::DuplicateKey => "duplicate-key",
            Code::DefaultMisfit => "default-misfit",
            Code::NestedTooDeep => "nested-too-deep",
            Code::ExampleUnchecked => "example-unchecked",
            Code::OperationUnplaced => "operation-unplaced",
            Code::OperationFacts => "operation-facts",
            Code::OperationType => "operation-type",
            Code::ServiceFacts => "service-facts",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One message about the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// What kind of problem it is.
    pub code: Code,
    /// What is wrong, starting lowercase, without a trailing period.
    pub message: String,
    /// Where it is wrong; `None` only for problems with no place in any file.
    pub location: Option<Location>,
    /// What to do about it.
    pub hint: Option<String>,
    /// Other places involved (a previous definition, the other source of a disagreement).
    pub related: Vec<(Location, String)>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(
        sources: &SourceMap,
        span: Span,
        code: Code,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::at(Severity::Error, sources, span, code, message)
    }

    /// A warning at `span`.
    pub fn warning(
        sources: &SourceMap,
        span: Span,
        code: Code,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::at(Severity::Warning, sources, span, code, message)
    }

    /// A diagnostic of any severity at `span`.
    pub fn at(
        severity: Severity,
        sources: &SourceMap,
        span: Span,
        code: Code,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            location: Some(sources.locate(span)),
            hint: None,
            related: Vec::new(),
        }
    }

    /// A diagnostic that belongs to no file.
    pub fn unlocated(severity: Severity, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            location: None,
            hint: None,
            related: Vec::new(),
        }
    }

    /// Adds the hint: what the user should do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Adds another place involved in the problem.
    pub fn with_related(
        mut self,
        sources: &SourceMap,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        self.related.push((sources.locate(span), label.into()));
        self
    }

    /// Whether this diagnostic stops the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic in the plain, colourless form used by golden tests and by
    /// non-terminal output: the message, the source line with a caret under the problem, the
    /// related places, and the hint.
    pub fn render(&self) -> String {
        self.render_with(&Renderer::plain())
    }

    /// Renders the diagnostic with colours for a terminal.
    pub fn render_styled(&self) -> String {
        self.render_with(&Renderer::styled())
    }

    fn render_with(&self, renderer: &Renderer) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let mut group = Group::with_title(
            level
                .primary_title(self.message.as_str())
                .id(self.code.as_str()),
        );
        if let Some(location) = &self.location {
            group = group.element(snippet(location, AnnotationKind::Primary, None));
        }
        for (location, label) in &self.related {
            group = group.element(snippet(location, AnnotationKind::Context, Some(label)));
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let mut out = renderer.render(&[group]);
        out.push('\n');
        out
    }
}

/// The line of `location` as a snippet with the span marked.
fn snippet<'a>(
    location: &'a Location,
    kind: AnnotationKind,
    label: Option<&'a str>,
) -> Snippet<'a, Annotation<'a>> {
    let text = location.line_text.as_str();
    let byte = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| i)
    };
    let start = byte(location.column as usize - 1);
    let end = byte(location.column as usize - 1 + location.width as usize).max(start);
    let mut annotation = kind.span(start..end);
    if let Some(label) = label {
        annotation = annotation.label(label);
    }
    Snippet::source(text)
        .line_start(location.line as usize)
        .path(location.path.as_str())
        .annotation(annotation)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Renders diagnostics one after another, errors and warnings in the order given.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| d.render() + "\n").collect()
}

/// [`render_all`] with colours when `styled` (for a terminal).
pub fn render_all_styled(diagnostics: &[Diagnostic], styled: bool) -> String {
    if !styled {
        return render_all(diagnostics);
    }
    diagnostics
        .iter()
        .map(|d| d.render_styled() + "\n")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::SourceFile;

    /// `Code::ALL` lists every variant once, so tests that go through it see every code.
    #[test]
    fn all_lists_every_code_once() {
        let source = include_str!("diagnostics.rs");
        let start = source.find("pub enum Code {").expect("the enum");
        let body = &source[start..start + source[start..].find("\n}").expect("its end")];
        let variants = body
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("//"))
            .count();
        let mut all = Code::ALL.to_vec();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), Code::ALL.len(), "a code is listed twice");
        assert_eq!(all.len(), variants, "a variant is missing from `Code::ALL`");
    }

    #[test]
    fn renders_location_snippet_caret_and_hint() {
        let mut sources = SourceMap::default();
        let text = "# A\n\n| `id` | *Lng* | :heavy_check_mark: | N/A |\n";
        let id = sources.add(SourceFile::new("specs/a/A.md", text));
        let start = text.find("*Lng*").unwrap();
        let d = Diagnostic::error(
            &sources,
            Span::new(id, start..start + 5),
            Code::UnknownType,
            "unknown type `Lng`",
        )
        .with_hint("use one of String, Long");
        assert_eq!(
            d.render(),
            "error[unknown-type]: unknown type `Lng`\n --> specs/a/A.md:3:10\n  |\n3 | | `id` | *Lng* | :heavy_check_mark: | N/A |\n  |          ^^^^^\n  |\n  = help: use one of String, Long\n"
        );
    }
}
