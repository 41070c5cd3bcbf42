//! The Type column: one small recursive grammar per SDK dialect, over the cell's inline
//! content (emphasis and code spans are only decoration; links name other models or
//! well-known external types).
//!
//! Speakeasy's doc format moves with the generator. Each grammar reads what every era of its
//! dialect writes; [`Era`] tells the eras apart only to show the right help text. What the
//! reader (this module and `lower.rs`) accepts, per dialect and era (E = 2023 to early 2024,
//! C = later; in the corpus, E is Speakeasy CLI 1.75 to 1.231, August 2023 to April 2024, and
//! C is CLI 1.451 to 1.770, December 2024 to June 2026, with no folder between):
//!
//! | dialect | era | Type cells | unions | enums | titles, links, layout |
//! |---|---|---|---|---|---|
//! | Java | E | `*Optional<? extends Long>*` unescaped, `[Optional<? extends com.x.models.shared.T>](L)`, `[HttpResponse<InputStream>](ext)` | none seen | `Name \| Value` table | `models/{operations,shared}` |
//! | Java | C | `*Optional\<Long>*`, `*JsonNullable\<T>*`, `List\<…>`, `Map\<String, …>` (the inner `\<` may come doubled), `[HttpResponse\<?>](ext)` | bare title | table | `models/{components,operations}` |
//! | Go | E | `*string*`, `**int64*` (pointer in italics), `[*shared.T](L)`, `[*http.Response](ext)` | none seen | table | `pkg/models/{operations,shared}` |
//! | Go | C | `` `*string` ``, ``[]`string` ``, ``map[string]`any` ``, `optionalnullable.OptionalNullable[…]`, `[*components.T](L)` | `###` named, or empty with a `CreateXY(…)` call below | table; open when the example says so | `.md`, or `.mdx` with `title: "…"` (struck through when deprecated); `operations/option.md` has no title |
//! | TypeScript | E (v1) | `*string*`, `*any*`, `*string*[]`, `Record<string, …>`, `[shared.T](L)[]`, `[AxiosResponse](ext)` | none seen | table | `sdk/models/…`, links `../../../sdk/models/…` |
//! | TypeScript | C (v2) | also `*components.T*` without a link, literal types `*"click"*`, `*ReadableStream<Uint8Array>*`, uploads `[File](ext) \| [Blob](ext) \| [T](L)` | `###` model names, or types in backticks: `` `string[]` ``, `` `components.T[][]` ``, `` `{ [k: string]: any }` `` | table, or a literal union in a code block, open when it ends in `Unrecognized<string>` | flat or nested |
//! | Python | E | `*Optional[str]*`, `List[…]`, `Dict[str, …]`, `[Optional[shared.T]](L)`, `[requests.Response](ext)` | none seen | table | `models/{operations,shared}` |
//! | Python | C | also `*OptionalNullable[…]*`, `[Optional[models.T]](L)` | `###` per variant | table | flat `models/` |
//! | C# | E, C | `*string*`, `*long*`, `List<…>`, `Dictionary<String, …>`, `[Models.Components.T](L)` | `###` with `Str`, `ArrayOf…` names | table | E: almost all under `Models/Requests` |
//! | PHP | E | `*?string*`, `[?\vendor\pkg\Models\Shared\T](L)` fully qualified | none seen | table | `Models/{Operations,Shared}` |
//! | PHP | C | `[?Components\T](L)`, `array<…>`, `array<string, …>`, inline unions `[A\|B](L)` | `###` per variant, `mixed` | table | `Models/{Components,Operations}` |
//! | Ruby | E | `*String*`, `*Integer*`, `*T.nilable(String)*`, `[T.nilable(Shared::T)](L)`, `[Faraday::Response](ext)` | none seen | none seen | `models/{operations,shared}` |
//! | Ruby | C (Sorbet) | `*::String*`, `*T.nilable(::Integer)*`, `T::Array<…>`, `T::Hash[Symbol, …]`, `[T.any(…)](L)` naming the union's file | `###` per variant | table; open when the example says so | links point at `models/shared/…` whatever the folder |
//! | Ruby | `typingStrategy: none` | `*Crystalline::Nilable.new(::String)*`, `*Crystalline::Boolean.new*`, `Crystalline::Array<…>`, `Crystalline::Hash[Symbol, …]`, `[Crystalline::Union.new(…)](L)` | `###` per variant | table | as Sorbet |
//!
//! "None seen" marks shapes the corpus has no example of in that era; the later era's reading
//! applies to them. In every era Ruby links a date-time as `[Date](…)` and a date as `[DateTime](…)`, and
//! operation response wrappers are recognised by their raw-response row (an SDK object, so
//! the wrapper is not generated).
//!
//! This module holds what the grammars produce ([`CellType`], [`TypeExpr`], [`TypeError`]),
//! the entry point [`parse`], eras and their help text. `parser` is the cursor every grammar
//! shares; each dialect's grammar is an `impl` block of its own module (`java`, `go`,
//! `typescript`, `python`, `csharp`, `php`, `ruby`), with its tests.

mod csharp;
mod go;
mod java;
mod parser;
mod php;
mod python;
mod ruby;
mod typescript;

use std::fmt;

use super::doc::Inline;
use crate::diagnostics::Code;

pub use crate::config::Dialect;

use parser::{TypeParser, flatten, prim};

/// The generator era (or setting) a dialect's docs come from, told apart by shapes only
/// that era writes. Every dialect's grammar reads the shapes of all its eras; the era only
/// picks the help text an unreadable cell shows, so that it shows the shapes of the docs at
/// hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Era {
    /// Docs from generators of 2023 to early 2024: models sorted into `shared` and
    /// `operations`, raw-response rows linking the HTTP client's response type.
    Early,
    /// Docs from later generators: `components` and `operations`.
    Current,
    /// Ruby with `typingStrategy: none`: `Crystalline::` types instead of Sorbet's.
    RubyUntyped,
}

impl fmt::Display for Era {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Era::Early => "2023–2024",
            Era::Current => "current",
            Era::RubyUntyped => "untyped (Crystalline)",
        })
    }
}

/// The era of docs in `dialect` whose Type cells read, as plain text, `cells`: whichever
/// era's marks are in the majority (any `Crystalline::` type makes Ruby untyped).
pub fn detect_era<'a>(dialect: Dialect, cells: impl IntoIterator<Item = &'a str>) -> Era {
    let (mut early, mut current) = (0usize, 0usize);
    for cell in cells {
        let cell = cell.trim();
        let (is_early, is_current) = match dialect {
            Dialect::Java => {
                let early = cell.contains("<? extends") || cell.contains("<InputStream>");
                let wraps = cell.contains("Optional<") || cell.contains("JsonNullable<");
                (early, wraps && !early)
            }
            Dialect::Go | Dialect::TypeScript | Dialect::Python => (
                cell.contains("shared.")
                    || cell.contains("AxiosResponse")
                    || cell.contains("requests.Response"),
                cell.contains("components."),
            ),
            Dialect::Php => (cell.contains("\\Shared\\"), cell.contains("Components\\")),
            Dialect::Ruby => {
                if cell.contains("Crystalline::") {
                    return Era::RubyUntyped;
                }
                let bare = ["String", "Integer", "Float", "T.nilable(String)"];
                (
                    cell.contains("Shared::") || bare.contains(&cell),
                    cell.contains("::Components::") || cell.contains("(::"),
                )
            }
            Dialect::CSharp => (false, false),
        };
        early += usize::from(is_early);
        current += usize::from(is_current);
    }
    if early > current {
        Era::Early
    } else {
        Era::Current
    }
}

/// A primitive type as a dialect spells it, already mapped to what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prim {
    /// A string.
    String,
    /// A 32-bit integer.
    Int32,
    /// A 64-bit integer.
    Int64,
    /// An integer of unstated width.
    Int,
    /// A 32-bit float.
    Float,
    /// A 64-bit float.
    Double,
    /// A float of unstated precision.
    FloatAny,
    /// A number that may be an integer or a float.
    Number,
    /// A boolean.
    Boolean,
    /// A calendar date.
    Date,
    /// A date-time.
    DateTime,
    /// Any JSON value.
    Any,
    /// Bytes.
    Binary,
}

/// A parsed Type cell, before model names are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A primitive.
    Prim(Prim),
    /// A list of the inner type.
    Array(Box<TypeExpr>),
    /// A map from strings to the inner type.
    Map(Box<TypeExpr>),
    /// Another model doc.
    Model {
        /// The model's name (`V3TokenResponse`).
        name: String,
        /// The namespace the label qualifies it with (`components`), if any.
        qualifier: Option<String>,
        /// The link target.
        dest: String,
    },
    /// An SDK-only type with no wire form (`HttpResponse<?>`, `*http.Request`).
    Synthetic(String),
    /// A literal type (TypeScript's `"click"`): the one value of a primitive the field takes.
    Const(Prim, serde_json::Value),
}

/// How the dialect wraps the outermost type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapper {
    /// No wrapper.
    None,
    /// Java `Optional<>`: may be absent.
    Optional,
    /// Java `JsonNullable<>`, Go `optionalnullable.OptionalNullable[]`: may be absent or null.
    Nullable,
    /// Go `*T`: optional when not required, nullable when required.
    Pointer,
}

/// A Type cell: the type and its wrapper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellType {
    /// The type.
    pub expr: TypeExpr,
    /// The outermost wrapper.
    pub wrapper: Wrapper,
}

/// Why a Type cell did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    /// What is wrong.
    pub message: String,
    /// What the dialect accepts.
    pub hint: String,
    /// [`Code::UnknownType`] for a name the dialect does not know, else [`Code::TypeSyntax`].
    pub code: Code,
}

/// How deep the types of one cell may nest (`List<List<...>>`, `[][]...`, `*Optional<...>*`).
/// Real cells nest a handful of levels; the limit keeps the parser, the model and the Rust
/// compiler's view of the emitted type from recursing without bound.
pub const MAX_DEPTH: usize = 32;

/// Parses a Type cell in `dialect`.
pub fn parse(dialect: Dialect, inlines: &[Inline]) -> Result<CellType, TypeError> {
    let mut links = Vec::new();
    let text = flatten(inlines, &mut links);
    let mut parser = TypeParser {
        dialect,
        links: &links,
        chars: text.chars().collect(),
        pos: 0,
        in_link: None,
        depth: 0,
    };
    let res = parser.cell()?;
    parser.skip_ws();
    if parser.pos < parser.chars.len() {
        return Err(parser.error(format!("unexpected `{}`", parser.rest())));
    }
    Ok(res)
}

/// The primitive `name` spells in `dialect`, if it is one.
pub fn primitive(dialect: Dialect, name: &str) -> Option<Prim> {
    prim(dialect, name)
}

/// The help text for an unreadable Type cell: the shapes the detected era writes.
pub fn hint(dialect: Dialect, era: Era) -> &'static str {
    match (dialect, era) {
        (Dialect::Java, Era::Early) => {
            "Java Type cells (2024 generators) look like `*String*`, `*Optional<? extends Long>*`, `List<*String*>`, `[Optional<? extends com.example.models.shared.T>](T.md)` or `[HttpResponse<InputStream>](https://…)`"
        }
        (Dialect::Java, _) => {
            "Java Type cells look like `*String*`, `*Optional\\<Long>*`, `*JsonNullable\\<Boolean>*`, `List\\<*String*>`, `Map\\<String, [T](T.md)>` or `[Optional\\<T>](T.md)`"
        }
        (Dialect::Go, Era::Early) => {
            "Go Type cells (2023–2024 generators) look like `*string*`, `**int64*`, `[]*string*`, `[*shared.T](t.md)`, `[][shared.T](t.md)` or `[*http.Response](https://…)`"
        }
        (Dialect::Go, _) => {
            "Go Type cells look like `` `string` ``, `` `*int64` ``, ``[]`string` ``, ``map[string]`any` ``, `[*components.T](t.md)` or ``optionalnullable.OptionalNullable[`bool`]``"
        }
        (Dialect::TypeScript, Era::Early) => {
            "TypeScript v1 Type cells look like `*string*`, `*number*`, `*string*[]`, `Record<string, *any*>`, `[shared.T](t.md)[]` or `[AxiosResponse](https://…)`"
        }
        (Dialect::TypeScript, _) => {
            "TypeScript Type cells look like `*string*`, `*number*`, `*boolean*[]`, `*\"literal\"*`, `Record<string, *any*>`, `*ReadableStream<Uint8Array>*` or `[components.T](t.md)[]`"
        }
        (Dialect::Python, Era::Early) => {
            "Python Type cells (2023 generators) look like `*str*`, `*Optional[int]*`, `List[*str*]`, `Dict[str, *Any*]`, `[Optional[shared.T]](t.md)` or `[requests.Response](https://…)`"
        }
        (Dialect::Python, _) => {
            "Python Type cells look like `*str*`, `*Optional[int]*`, `*OptionalNullable[bool]*`, `List[*str*]`, `Dict[str, *Any*]` or `[Optional[models.T]](t.md)`"
        }
        (Dialect::CSharp, _) => {
            "C# Type cells look like `*string*`, `*long*`, `List<*string*>`, `Dictionary<String, *object*>` or `[T](T.md)`"
        }
        (Dialect::Php, Era::Early) => {
            "PHP Type cells (2024 generators) look like `*string*`, `*?int*`, `array<*string*>` or `[?\\vendor\\pkg\\Models\\Shared\\T](T.md)`"
        }
        (Dialect::Php, _) => {
            "PHP Type cells look like `*string*`, `*?int*`, `array<*string*>`, `array<string, *mixed*>` or `[?Components\\T](T.md)`"
        }
        (Dialect::Ruby, Era::Early) => {
            "Ruby Type cells (2023 generators) look like `*String*`, `*T.nilable(Integer)*`, `T::Array<*String*>`, `T::Hash[Symbol, *Object*]` or `[T.nilable(Shared::T)](t.md)`"
        }
        (Dialect::Ruby, Era::RubyUntyped) => {
            "Ruby Type cells (`typingStrategy: none`) look like `*::String*`, `*Crystalline::Nilable.new(::Integer)*`, `*Crystalline::Boolean.new*`, `Crystalline::Array<*::String*>`, `Crystalline::Hash[Symbol, *::Object*]` or `[Crystalline::Nilable.new(Models::Components::T)](t.md)`"
        }
        (Dialect::Ruby, _) => {
            "Ruby Type cells look like `*::String*`, `*T.nilable(::Integer)*`, `T::Array<*::String*>`, `T::Hash[Symbol, *::Object*]` or `[T.nilable(Models::Components::T)](t.md)`"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::FileId;
    use crate::markdown::doc;

    /// Parses `cell` as the Type column of a one-row table.
    pub(super) fn parse_cell(dialect: Dialect, cell: &str) -> Result<CellType, TypeError> {
        let text =
            format!("# T\n\n## Fields\n\n| Field | Type |\n| --- | --- |\n| `f` | {cell} |\n");
        let doc = doc::parse(FileId(0), &text);
        parse(dialect, &doc.sections[0].tables[0].rows[0].cells[1].inlines)
    }

    pub(super) fn model(name: &str, qualifier: Option<&str>, dest: &str) -> TypeExpr {
        TypeExpr::Model {
            name: name.into(),
            qualifier: qualifier.map(Into::into),
            dest: dest.into(),
        }
    }

    pub(super) fn ok(expr: TypeExpr, wrapper: Wrapper) -> Result<CellType, TypeError> {
        Ok(CellType { expr, wrapper })
    }

    pub(super) use Prim::*;
    pub(super) use TypeExpr::{Array, Map};
    pub(super) use Wrapper::{Nullable, Optional, Pointer};
    pub(super) const NONE: Wrapper = Wrapper::None;
    pub(super) fn p(prim: Prim) -> TypeExpr {
        TypeExpr::Prim(prim)
    }
    pub(super) fn lit(prim: Prim, value: serde_json::Value) -> TypeExpr {
        TypeExpr::Const(prim, value)
    }
    pub(super) fn arr(t: TypeExpr) -> TypeExpr {
        Array(Box::new(t))
    }
    pub(super) fn map(t: TypeExpr) -> TypeExpr {
        Map(Box::new(t))
    }

    #[test]
    fn older_raw_response_rows_are_sdk_objects() {
        let cases = [
            (
                Dialect::TypeScript,
                "[AxiosResponse](https://axios-http.com/docs/res_schema)",
                "AxiosResponse",
            ),
            (
                Dialect::Python,
                "[requests.Response](https://requests.readthedocs.io/en/latest/api/#requests.Response)",
                "requests.Response",
            ),
            (
                Dialect::Python,
                "[httpx.Response](https://www.python-httpx.org/api/#response)",
                "httpx.Response",
            ),
            (
                Dialect::Ruby,
                "*::Faraday::Response*",
                "::Faraday::Response",
            ),
        ];
        for (dialect, cell, name) in cases {
            assert_eq!(
                parse_cell(dialect, cell),
                ok(TypeExpr::Synthetic(name.into()), NONE),
                "{dialect} {cell}"
            );
        }
    }

    #[test]
    fn eras_are_told_apart_by_their_marks() {
        let era = |dialect, cells: &[&str]| detect_era(dialect, cells.iter().copied());
        assert_eq!(
            era(Dialect::Java, &["Optional<? extends String>", "String"]),
            Era::Early
        );
        assert_eq!(
            era(
                Dialect::Java,
                &["JsonNullable<String>", "Optional<Long>", "String"]
            ),
            Era::Current
        );
        assert_eq!(
            era(
                Dialect::Java,
                &[
                    "JsonNullable<? extends String>",
                    "HttpResponse<InputStream>"
                ]
            ),
            Era::Early
        );
        assert_eq!(
            era(Dialect::TypeScript, &["shared.T[]", "AxiosResponse"]),
            Era::Early
        );
        assert_eq!(
            era(Dialect::TypeScript, &["components.T", "string"]),
            Era::Current
        );
        assert_eq!(era(Dialect::Python, &["requests.Response"]), Era::Early);
        assert_eq!(era(Dialect::Go, &["*shared.T", "[]shared.T"]), Era::Early);
        assert_eq!(
            era(Dialect::Php, &["?\\a\\b\\Models\\Shared\\T"]),
            Era::Early
        );
        assert_eq!(era(Dialect::Php, &["?Components\\T"]), Era::Current);
        assert_eq!(
            era(Dialect::Ruby, &["String", "T.nilable(Shared::Error)"]),
            Era::Early
        );
        assert_eq!(
            era(Dialect::Ruby, &["T.nilable(::String)", "::String"]),
            Era::Current
        );
        assert_eq!(
            era(
                Dialect::Ruby,
                &["T.nilable(::String)", "Crystalline::Boolean.new"]
            ),
            Era::RubyUntyped
        );
        assert_eq!(era(Dialect::CSharp, &["string"]), Era::Current);
    }

    #[test]
    fn the_hint_shows_the_shapes_of_the_era() {
        assert!(hint(Dialect::Ruby, Era::Early).contains("*String*"));
        assert!(hint(Dialect::Ruby, Era::Current).contains("T.nilable(::Integer)"));
        assert!(hint(Dialect::Ruby, Era::RubyUntyped).contains("Crystalline::Nilable.new"));
        assert!(hint(Dialect::Java, Era::Early).contains("? extends"));
        assert!(hint(Dialect::TypeScript, Era::Early).contains("AxiosResponse"));
        assert!(hint(Dialect::Python, Era::Early).contains("requests.Response"));
        // A parse error carries the current era's hint; the reader swaps in the detected one.
        let err = parse_cell(Dialect::Ruby, "*Strng*").unwrap_err();
        assert_eq!(err.hint, hint(Dialect::Ruby, Era::Current));
    }

    #[test]
    fn types_nest_at_most_max_depth_levels() {
        // Two thousand levels overflowed the stack of whatever read the type next.
        let deep = |open: &str, inner: &str, close: &str, n: usize| {
            format!("{}{inner}{}", open.repeat(n), close.repeat(n))
        };
        let cells = |n: usize| {
            [
                (Dialect::Java, deep("List\\<", "*Long*", ">", n)),
                (Dialect::Java, deep("Optional\\<", "*Long*", ">", n)),
                (Dialect::Go, deep("[]", "`string`", "", n)),
                (Dialect::Go, deep("*", "`string`", "", n)),
                (Dialect::TypeScript, deep("", "*string*", "[]", n)),
                (
                    Dialect::TypeScript,
                    deep("Record<string, ", "*string*", ">", n),
                ),
                (Dialect::Python, deep("List[", "*str*", "]", n)),
                (Dialect::Python, deep("Optional[", "*str*", "]", n)),
                (Dialect::CSharp, deep("List<", "*string*", ">", n)),
                (Dialect::Php, deep("array<", "*string*", ">", n)),
                (Dialect::Ruby, deep("T::Array<", "*::String*", ">", n)),
            ]
        };
        for (dialect, cell) in cells(2000) {
            let err = parse_cell(dialect, &cell).unwrap_err();
            assert_eq!(err.code, Code::NestedTooDeep, "{dialect}: {}", err.message);
            assert_eq!(err.message, "the type nests deeper than 32 levels");
        }
        // Nesting well within the limit still reads.
        for (dialect, cell) in cells(MAX_DEPTH / 2 - 1) {
            assert!(parse_cell(dialect, &cell).is_ok(), "{dialect} {cell}");
        }
    }

    #[test]
    fn errors_name_the_problem() {
        let err = parse_cell(Dialect::Java, "*Lng*").unwrap_err();
        assert_eq!(err.message, "unknown type `Lng`");
        assert!(err.hint.contains("Optional"));
        let err = parse_cell(Dialect::Java, "List\\<*String*").unwrap_err();
        assert_eq!(err.message, "expected `>` at the end");
        let err = parse_cell(Dialect::Go, "`*strin`").unwrap_err();
        assert_eq!(err.message, "unknown type `strin`");
        let err = parse_cell(Dialect::TypeScript, "[Foo](https://example.com/foo)").unwrap_err();
        assert_eq!(
            err.message,
            "unknown external type `Foo` (linked to https://example.com/foo)"
        );
        let err = parse_cell(Dialect::TypeScript, "*string* junk").unwrap_err();
        assert_eq!(err.message, "unexpected `junk`");
    }
}
