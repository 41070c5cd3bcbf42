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

use std::fmt;

use super::doc::Inline;
use crate::diagnostics::Code;

pub use crate::config::Dialect;

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

/// Marks the position of link number `i` in a flattened cell: one private-use character per
/// link, so the grammar can see links as atoms among ordinary characters.
const LINK_BASE: u32 = 0xF0000;

struct Link {
    dest: String,
    label: String,
}

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

fn flatten(inlines: &[Inline], links: &mut Vec<Link>) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            // Characters of the marker range in the text itself would pose as links.
            Inline::Text(t) | Inline::Code(t) | Inline::Html(t) => out.extend(t.chars().map(|c| {
                if link_index(c).is_some() {
                    '\u{FFFD}'
                } else {
                    c
                }
            })),
            Inline::Emphasis(inner) | Inline::Strong(inner) | Inline::Strikethrough(inner) => {
                out.push_str(&flatten(inner, links))
            }
            Inline::Link { dest, content } => {
                // Links never nest in Markdown; if one did, its marker indexes the same list.
                let label = flatten(content, links);
                let idx = links.len() as u32;
                links.push(Link {
                    dest: dest.clone(),
                    label,
                });
                out.push(char::from_u32(LINK_BASE + idx).unwrap_or('\u{FFFD}'));
            }
            Inline::Break => out.push(' '),
        }
    }
    out
}

struct TypeParser<'a> {
    dialect: Dialect,
    links: &'a [Link],
    chars: Vec<char>,
    pos: usize,
    /// Inside a link label: the link's target, which makes a bare name a model reference.
    in_link: Option<&'a str>,
    /// How many types the parser is inside of (see [`MAX_DEPTH`]).
    depth: usize,
}

impl<'a> TypeParser<'a> {
    fn rest(&self) -> String {
        let mut out = String::new();
        for &c in &self.chars[self.pos..] {
            match link_index(c).filter(|&i| i < self.links.len()) {
                Some(i) => out.push_str(&format!(
                    "[{}]({})",
                    self.links[i].label, self.links[i].dest
                )),
                None => out.push(c),
            }
        }
        out
    }

    /// `parse` one level deeper; an error past [`MAX_DEPTH`].
    fn nested<T>(
        &mut self,
        parse: impl FnOnce(&mut Self) -> Result<T, TypeError>,
    ) -> Result<T, TypeError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.depth += 1;
        let res = parse(self);
        self.depth -= 1;
        res
    }

    fn too_deep(&self) -> TypeError {
        TypeError {
            message: format!("the type nests deeper than {MAX_DEPTH} levels"),
            hint: format!(
                "a Type cell may nest types (lists, maps, wrappers) at most {MAX_DEPTH} levels deep; give the inner type a model doc of its own"
            ),
            code: Code::NestedTooDeep,
        }
    }

    fn error(&self, message: String) -> TypeError {
        TypeError {
            message,
            hint: hint(self.dialect, Era::Current).to_string(),
            code: Code::TypeSyntax,
        }
    }

    fn unknown(&self, message: String) -> TypeError {
        TypeError {
            code: Code::UnknownType,
            ..self.error(message)
        }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.chars.len()
            && (self.chars[self.pos].is_whitespace() || self.noise(self.chars[self.pos]))
        {
            self.pos += 1;
        }
    }

    /// Characters that are escaping debris, not syntax: Java's `\<` sometimes arrives doubled.
    fn noise(&self, c: char) -> bool {
        self.dialect == Dialect::Java && c == '\\'
    }

    fn eat(&mut self, s: &str) -> bool {
        self.skip_ws();
        let n = s.chars().count();
        if self.chars.len() >= self.pos + n
            && self.chars[self.pos..self.pos + n]
                .iter()
                .copied()
                .eq(s.chars())
        {
            self.pos += n;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, s: &str) -> Result<(), TypeError> {
        if self.eat(s) {
            Ok(())
        } else if self.pos >= self.chars.len() {
            Err(self.error(format!("expected `{s}` at the end")))
        } else {
            Err(self.error(format!("expected `{s}` before `{}`", self.rest())))
        }
    }

    /// A (possibly qualified) name: letters, digits, `_` and `.`, plus `:` in Ruby and `\` in
    /// PHP; `?` and `[]` are left to the callers.
    fn name(&mut self) -> String {
        self.skip_ws();
        let start = self.pos;
        while self.pos < self.chars.len() {
            let c = self.chars[self.pos];
            let extra = match self.dialect {
                Dialect::Ruby => c == ':',
                Dialect::Php => c == '\\',
                _ => false,
            };
            if c.is_alphanumeric() && link_index(c).is_none() || c == '_' || c == '.' || extra {
                self.pos += 1;
            } else {
                break;
            }
        }
        self.chars[start..self.pos].iter().collect()
    }

    /// Whether the next character is `c` (a generic's opening), without consuming it; in a
    /// link label `List` alone is a model named `List`.
    fn opens(&mut self, c: char) -> bool {
        self.peek() == Some(c)
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.chars.get(self.pos).copied()
    }

    fn cell(&mut self) -> Result<CellType, TypeError> {
        match self.dialect {
            Dialect::Java => self.java_cell(),
            Dialect::Go => self.go_cell(),
            Dialect::TypeScript => Ok(CellType {
                expr: self.ts_cell()?,
                wrapper: Wrapper::None,
            }),
            Dialect::Python => self.python_cell(),
            Dialect::CSharp => Ok(CellType {
                expr: self.csharp_type()?,
                wrapper: Wrapper::None,
            }),
            Dialect::Php => self.php_cell(),
            Dialect::Ruby => self.ruby_cell(),
        }
    }

    /// A link atom: its label is parsed as a type of its own in which a bare name is the
    /// linked model, and its wrapper carries over to the cell.
    fn link(&mut self) -> Result<Option<CellType>, TypeError> {
        let Some(i) = self.peek().and_then(link_index) else {
            return Ok(None);
        };
        self.pos += 1;
        let Some(link) = self.links.get(i) else {
            return Err(self.error("a link marker without its link".to_string()));
        };
        let mut inner = TypeParser {
            dialect: self.dialect,
            links: self.links,
            chars: link.label.chars().collect(),
            pos: 0,
            in_link: Some(&link.dest),
            depth: self.depth,
        };
        let mut res = inner.cell()?;
        inner.skip_ws();
        if inner.pos < inner.chars.len() {
            return Err(self.error(format!(
                "unexpected `{}` in link `{}`",
                inner.rest(),
                link.label
            )));
        }
        // PHP labels a link to a union with a `mixed` member `mixed`: the linked doc says more.
        if res.expr == TypeExpr::Prim(Prim::Any)
            && let Some(name) = model_doc_name(&link.dest)
        {
            res.expr = TypeExpr::Model {
                name: name.to_string(),
                qualifier: None,
                dest: link.dest.clone(),
            };
        }
        Ok(Some(res))
    }

    /// A name inside a link label that is not a primitive: the linked model, or a well-known
    /// external type when the link leaves the docs.
    fn linked_name(&self, name: &str) -> Result<TypeExpr, TypeError> {
        let qualified = ["::", "\\", "."].iter().any(|sep| name.contains(sep));
        let dest = match self.in_link {
            Some(dest) => dest,
            // TypeScript sometimes prints a model without its link (`*models.Replacement*[]`);
            // a qualified name is still a model, resolved by name.
            None if qualified && !name.starts_with(['.', ':', '\\']) => "",
            None => return Err(self.unknown(format!("unknown type `{name}`"))),
        };
        if dest.starts_with("http://") || dest.starts_with("https://") {
            return external(self.dialect, name).ok_or_else(|| {
                self.unknown(format!("unknown external type `{name}` (linked to {dest})"))
            });
        }
        if name.is_empty() {
            return Err(self.error("empty model name in link".to_string()));
        }
        let name = name.trim_start_matches(['\\', ':']);
        let split = ["::", "\\", "."]
            .iter()
            .filter_map(|sep| name.rfind(sep).map(|i| (i, sep.len())))
            .max();
        let (qualifier, name) = match split {
            Some((i, len)) => (Some(name[..i].to_string()), name[i + len..].to_string()),
            None => (None, name.to_string()),
        };
        Ok(TypeExpr::Model {
            name,
            qualifier,
            dest: dest.to_string(),
        })
    }

    fn java_cell(&mut self) -> Result<CellType, TypeError> {
        self.nested(Self::java_cell_at)
    }

    fn java_cell_at(&mut self) -> Result<CellType, TypeError> {
        if let Some(linked) = self.link()? {
            return Ok(linked);
        }
        let save = self.pos;
        let name = self.name();
        let wrapper = match name.as_str() {
            "Optional" => Wrapper::Optional,
            "JsonNullable" => Wrapper::Nullable,
            _ => {
                self.pos = save;
                return Ok(CellType {
                    expr: self.java_type()?,
                    wrapper: Wrapper::None,
                });
            }
        };
        self.expect("<")?;
        self.java_wildcard();
        let inner = self.java_cell()?;
        self.expect(">")?;
        Ok(CellType {
            expr: inner.expr,
            wrapper,
        })
    }

    /// Java 2024 writes type arguments as upper-bounded wildcards (`Optional<? extends T>`);
    /// the bound is the type.
    fn java_wildcard(&mut self) {
        let save = self.pos;
        if !(self.eat("?") && self.eat("extends") && self.peek().is_some_and(|c| c != '>')) {
            self.pos = save;
        }
    }

    fn java_type(&mut self) -> Result<TypeExpr, TypeError> {
        self.nested(Self::java_type_at)
    }

    fn java_type_at(&mut self) -> Result<TypeExpr, TypeError> {
        if let Some(linked) = self.link()? {
            return Ok(linked.expr);
        }
        let name = self.name();
        let expr = match name.as_str() {
            "List" | "Set" if self.opens('<') => {
                self.expect("<")?;
                self.java_wildcard();
                let item = self.java_type()?;
                self.expect(">")?;
                TypeExpr::Array(Box::new(item))
            }
            "Map" if self.opens('<') => {
                self.expect("<")?;
                self.expect("String")?;
                self.expect(",")?;
                self.java_wildcard();
                let value = self.java_type()?;
                self.expect(">")?;
                TypeExpr::Map(Box::new(value))
            }
            // `HttpResponse<?>` since 2025, `HttpResponse<InputStream>` before.
            "HttpResponse" if self.eat("<") => {
                if !self.eat("?") {
                    self.expect("InputStream")?;
                }
                self.expect(">")?;
                self.linked_name("HttpResponse")?
            }
            "byte" if self.eat("[]") => TypeExpr::Prim(Prim::Binary),
            _ => match java_prim(&name) {
                Some(prim) => TypeExpr::Prim(prim),
                None if name.is_empty() => {
                    return Err(self.error(format!("expected a type before `{}`", self.rest())));
                }
                None => self.linked_name(&name)?,
            },
        };
        Ok(expr)
    }

    fn go_cell(&mut self) -> Result<CellType, TypeError> {
        self.nested(Self::go_cell_at)
    }

    fn go_cell_at(&mut self) -> Result<CellType, TypeError> {
        if self.eat("optionalnullable.OptionalNullable[") {
            let inner = self.go_type()?;
            self.expect("]")?;
            return Ok(CellType {
                expr: inner.expr,
                wrapper: Wrapper::Nullable,
            });
        }
        self.go_type()
    }

    /// A Go type; the wrapper is `Pointer` when it starts with `*`.
    fn go_type(&mut self) -> Result<CellType, TypeError> {
        self.nested(Self::go_type_at)
    }

    fn go_type_at(&mut self) -> Result<CellType, TypeError> {
        if let Some(linked) = self.link()? {
            return Ok(linked);
        }
        if self.eat("*") {
            let inner = self.go_type()?;
            return Ok(CellType {
                expr: inner.expr,
                wrapper: Wrapper::Pointer,
            });
        }
        let plain = |expr| {
            Ok(CellType {
                expr,
                wrapper: Wrapper::None,
            })
        };
        if self.eat("[]") {
            return plain(TypeExpr::Array(Box::new(self.go_type()?.expr)));
        }
        if self.eat("map[") {
            self.expect("string")?;
            self.expect("]")?;
            return plain(TypeExpr::Map(Box::new(self.go_type()?.expr)));
        }
        let name = self.name();
        // Streams the SDK decodes (JSON lines, server-sent events): no wire type of their own.
        if matches!(name.as_str(), "jsonl.JsonLStream" | "stream.EventStream") && self.eat("[") {
            self.go_type()?;
            self.expect("]")?;
            return plain(TypeExpr::Synthetic(name));
        }
        match go_prim(&name) {
            Some(prim) => plain(TypeExpr::Prim(prim)),
            None if name.is_empty() => {
                Err(self.error(format!("expected a type before `{}`", self.rest())))
            }
            None => plain(self.linked_name(&name)?),
        }
    }

    /// A TypeScript cell: a type, or an inline union of types (`[File](…) \| [Blob](…) \|
    /// [operations.FileT](…)`, an upload the SDK takes in several forms).
    fn ts_cell(&mut self) -> Result<TypeExpr, TypeError> {
        let first = self.ts_type()?;
        if self.peek() != Some('|') {
            return Ok(first);
        }
        let mut members = vec![first];
        while self.eat("|") {
            members.push(self.ts_type()?);
        }
        if members.contains(&TypeExpr::Prim(Prim::Binary)) {
            return Ok(TypeExpr::Prim(Prim::Binary));
        }
        if members.iter().all(|m| *m == members[0]) {
            return Ok(members.swap_remove(0));
        }
        Err(self.error(
            "an inline union of different types; a union needs a doc of its own to link to"
                .to_string(),
        ))
    }

    fn ts_type(&mut self) -> Result<TypeExpr, TypeError> {
        self.nested(Self::ts_type_at)
    }

    fn ts_type_at(&mut self) -> Result<TypeExpr, TypeError> {
        let mut expr = if let Some(linked) = self.link()? {
            linked.expr
        } else if let Some(literal) = self.ts_literal() {
            literal
        } else if self.eat("{") {
            // An index signature, as union variant headings name a map: `{ [k: string]: any }`.
            self.expect("[")?;
            self.name();
            self.expect(":")?;
            self.expect("string")?;
            self.expect("]")?;
            self.expect(":")?;
            let value = self.ts_type()?;
            self.expect("}")?;
            TypeExpr::Map(Box::new(value))
        } else {
            let name = self.name();
            if name == "Record" && self.opens('<') {
                self.expect("<")?;
                self.expect("string")?;
                self.expect(",")?;
                let value = self.ts_type()?;
                self.expect(">")?;
                TypeExpr::Map(Box::new(value))
            } else {
                let expr = match ts_prim(&name) {
                    Some(prim) => TypeExpr::Prim(prim),
                    None if name == "Request" || name == "Response" => TypeExpr::Synthetic(name),
                    None if name.is_empty() => {
                        return Err(self.error(format!("expected a type before `{}`", self.rest())));
                    }
                    None => self.linked_name(&name)?,
                };
                // A stream of chunks (`ReadableStream<Uint8Array>`) is bytes on the wire.
                if expr == TypeExpr::Prim(Prim::Binary) && self.eat("<") {
                    self.ts_type()?;
                    self.expect(">")?;
                }
                expr
            }
        };
        let mut arrays = 0;
        while self.eat("[]") {
            arrays += 1;
            if self.depth + arrays > MAX_DEPTH {
                return Err(self.too_deep());
            }
            expr = TypeExpr::Array(Box::new(expr));
        }
        Ok(expr)
    }

    /// A literal type (`"click"`, `42`, `true`): the constant, with the primitive it is of.
    fn ts_literal(&mut self) -> Option<TypeExpr> {
        let c = self.peek()?;
        if c == '"' || c == '\'' {
            let close = self.chars[self.pos + 1..].iter().position(|&d| d == c)?;
            let text: String = self.chars[self.pos + 1..self.pos + 1 + close]
                .iter()
                .collect();
            self.pos += close + 2;
            return Some(TypeExpr::Const(
                Prim::String,
                serde_json::Value::String(text),
            ));
        }
        if c.is_ascii_digit() || c == '-' {
            let len = self.chars[self.pos..]
                .iter()
                .take_while(|d| d.is_ascii_digit() || matches!(d, '-' | '.' | 'e' | 'E' | '+'))
                .count();
            let text: String = self.chars[self.pos..self.pos + len].iter().collect();
            let (prim, value) = if let Ok(int) = text.parse::<i64>() {
                (Prim::Int, serde_json::Value::from(int))
            } else {
                let number = serde_json::Number::from_f64(text.parse::<f64>().ok()?)?;
                (Prim::Number, serde_json::Value::Number(number))
            };
            self.pos += len;
            return Some(TypeExpr::Const(prim, value));
        }
        let save = self.pos;
        match self.name().as_str() {
            "true" => Some(TypeExpr::Const(Prim::Boolean, true.into())),
            "false" => Some(TypeExpr::Const(Prim::Boolean, false.into())),
            _ => {
                self.pos = save;
                None
            }
        }
    }
}

impl TypeParser<'_> {
    /// Eats the first of `wrappers` (each an opening such as `Optional[`) that the input starts
    /// with, and returns its wrapper.
    fn wrapper(&mut self, wrappers: &[(&str, Wrapper)]) -> Option<Wrapper> {
        wrappers
            .iter()
            .find(|(open, _)| self.eat(open))
            .map(|(_, wrapper)| *wrapper)
    }

    fn python_cell(&mut self) -> Result<CellType, TypeError> {
        self.nested(Self::python_cell_at)
    }

    fn python_cell_at(&mut self) -> Result<CellType, TypeError> {
        if let Some(linked) = self.link()? {
            return Ok(linked);
        }
        let wrappers = [
            ("OptionalNullable[", Wrapper::Nullable),
            ("Nullable[", Wrapper::Nullable),
            ("Optional[", Wrapper::Optional),
        ];
        if let Some(wrapper) = self.wrapper(&wrappers) {
            let inner = self.python_cell()?;
            self.expect("]")?;
            return Ok(CellType {
                expr: inner.expr,
                wrapper,
            });
        }
        Ok(CellType {
            expr: self.python_type()?,
            wrapper: Wrapper::None,
        })
    }

    fn python_type(&mut self) -> Result<TypeExpr, TypeError> {
        self.nested(Self::python_type_at)
    }

    fn python_type_at(&mut self) -> Result<TypeExpr, TypeError> {
        if let Some(linked) = self.link()? {
            return Ok(linked.expr);
        }
        let name = self.name();
        Ok(match name.as_str() {
            "List" | "Set" if self.opens('[') => {
                self.expect("[")?;
                let item = self.python_type()?;
                self.expect("]")?;
                TypeExpr::Array(Box::new(item))
            }
            "Dict" if self.opens('[') => {
                self.expect("[")?;
                self.expect("str")?;
                self.expect(",")?;
                let value = self.python_type()?;
                self.expect("]")?;
                TypeExpr::Map(Box::new(value))
            }
            _ => self.prim_or_linked(&name)?,
        })
    }

    fn csharp_type(&mut self) -> Result<TypeExpr, TypeError> {
        self.nested(Self::csharp_type_at)
    }

    fn csharp_type_at(&mut self) -> Result<TypeExpr, TypeError> {
        if let Some(linked) = self.link()? {
            return Ok(linked.expr);
        }
        let name = self.name();
        let expr = match name.as_str() {
            "List" | "IList" | "IEnumerable" if self.opens('<') => {
                self.expect("<")?;
                let item = self.csharp_type()?;
                self.expect(">")?;
                TypeExpr::Array(Box::new(item))
            }
            "Dictionary" | "IDictionary" if self.opens('<') => {
                self.expect("<")?;
                if !self.eat("String") {
                    self.expect("string")?;
                }
                self.expect(",")?;
                let value = self.csharp_type()?;
                self.expect(">")?;
                TypeExpr::Map(Box::new(value))
            }
            "byte" if self.eat("[]") => TypeExpr::Prim(Prim::Binary),
            "HttpRequestMessage" => TypeExpr::Synthetic(name),
            _ => self.prim_or_linked(&name)?,
        };
        // Nullable value types (`long?`) say nothing the Required column does not.
        self.eat("?");
        Ok(expr)
    }

    fn php_cell(&mut self) -> Result<CellType, TypeError> {
        self.nested(Self::php_cell_at)
    }

    fn php_cell_at(&mut self) -> Result<CellType, TypeError> {
        if let Some(linked) = self.link()? {
            return Ok(linked);
        }
        let wrapper = if self.eat("?") {
            Wrapper::Optional
        } else {
            Wrapper::None
        };
        Ok(CellType {
            expr: self.php_type()?,
            wrapper,
        })
    }

    fn php_type(&mut self) -> Result<TypeExpr, TypeError> {
        self.nested(Self::php_type_at)
    }

    fn php_type_at(&mut self) -> Result<TypeExpr, TypeError> {
        if let Some(linked) = self.link()? {
            return Ok(linked.expr);
        }
        let name = self.name();
        if name == "array" && self.opens('<') {
            self.expect("<")?;
            let save = self.pos;
            let expr = if self.name() == "string" && self.eat(",") {
                TypeExpr::Map(Box::new(self.php_type()?))
            } else {
                self.pos = save;
                TypeExpr::Array(Box::new(self.php_type()?))
            };
            self.expect(">")?;
            return Ok(expr);
        }
        // An inline union (`Components\A|Components\B`) links to the union's own doc.
        if let (Some('|'), Some(dest)) = (self.peek(), self.in_link) {
            while self.eat("|") {
                self.name();
            }
            let file = dest.rsplit('/').next().unwrap_or(dest);
            return self.linked_name(file.split('.').next().unwrap_or(file));
        }
        self.prim_or_linked(&name)
    }

    fn ruby_cell(&mut self) -> Result<CellType, TypeError> {
        self.nested(Self::ruby_cell_at)
    }

    /// A Ruby cell: `T.nilable(...)` under Sorbet (the default typing strategy, and every
    /// version since 2023), `Crystalline::Nilable.new(...)` under `typingStrategy: none`.
    fn ruby_cell_at(&mut self) -> Result<CellType, TypeError> {
        if let Some(linked) = self.link()? {
            return Ok(linked);
        }
        let save = self.pos;
        let name = self.name();
        if matches!(name.as_str(), "T.nilable" | "Crystalline::Nilable.new") && self.eat("(") {
            let inner = self.ruby_cell()?;
            self.expect(")")?;
            return Ok(CellType {
                expr: inner.expr,
                wrapper: Wrapper::Optional,
            });
        }
        self.pos = save;
        Ok(CellType {
            expr: self.ruby_type()?,
            wrapper: Wrapper::None,
        })
    }

    fn ruby_type(&mut self) -> Result<TypeExpr, TypeError> {
        self.nested(Self::ruby_type_at)
    }

    fn ruby_type_at(&mut self) -> Result<TypeExpr, TypeError> {
        if let Some(linked) = self.link()? {
            return Ok(linked.expr);
        }
        let name = self.name();
        // Docs write `T::Array<X>`; inside a union's label the Sorbet type shows as
        // `T::Array[X]`, and the Crystalline one as `Crystalline::Array.new(X)`.
        let close = match name.as_str() {
            "T::Array" | "T::Set" | "Crystalline::Array" if self.eat("<") => Some(">"),
            "T::Array" | "T::Set" if self.eat("[") => Some("]"),
            "Crystalline::Array.new" if self.eat("(") => Some(")"),
            _ => None,
        };
        if let Some(close) = close {
            let item = self.ruby_type()?;
            self.expect(close)?;
            return Ok(TypeExpr::Array(Box::new(item)));
        }
        let close = match name.as_str() {
            "T::Hash" | "Crystalline::Hash" if self.eat("[") => Some("]"),
            "Crystalline::Hash.new" if self.eat("(") => Some(")"),
            _ => None,
        };
        if let Some(close) = close {
            let key = self.name();
            if !matches!(key.as_str(), "Symbol" | "::Symbol" | "String" | "::String") {
                return Err(self.error(format!("expected `Symbol` as the key type, found `{key}`")));
            }
            self.expect(",")?;
            let value = self.ruby_type()?;
            self.expect(close)?;
            return Ok(TypeExpr::Map(Box::new(value)));
        }
        match name.as_str() {
            "T.any" | "Crystalline::Union.new" if self.eat("(") => {
                let mut members = vec![self.ruby_type()?];
                while self.eat(",") {
                    members.push(self.ruby_type()?);
                }
                self.expect(")")?;
                self.ruby_union(members)
            }
            "Crystalline::DiscriminatedUnion.new" if self.opens('(') => {
                self.skip_balanced();
                self.ruby_union(Vec::new())
            }
            _ if is_ruby_sdk_object(&name) => Ok(TypeExpr::Synthetic(name)),
            _ => self.prim_or_linked(&name),
        }
    }

    /// A union spelled inline: in a link label it names the union's own doc (the link's
    /// target); elsewhere only a union of numbers (`::Integer, ::Float`) reads, as a number.
    fn ruby_union(&self, members: Vec<TypeExpr>) -> Result<TypeExpr, TypeError> {
        if let Some(name) = self.in_link.and_then(model_doc_name) {
            return self.linked_name(name);
        }
        let numeric = |m: &TypeExpr| {
            matches!(
                m,
                TypeExpr::Prim(
                    Prim::Int | Prim::FloatAny | Prim::Number | Prim::Int64 | Prim::Double
                )
            )
        };
        if !members.is_empty() && members.iter().all(numeric) {
            return Ok(TypeExpr::Prim(Prim::Number));
        }
        Err(self.error(
            "an inline union outside a link; a union needs a doc of its own to link to".to_string(),
        ))
    }

    /// Skips a parenthesised argument list with whatever it holds (quotes and braces
    /// included), up to its matching `)`.
    fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        while let Some(&c) = self.chars.get(self.pos) {
            self.pos += 1;
            match c {
                '(' | '{' | '[' => depth += 1,
                ')' | '}' | ']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn prim_or_linked(&self, name: &str) -> Result<TypeExpr, TypeError> {
        match prim(self.dialect, name) {
            Some(prim) => Ok(TypeExpr::Prim(prim)),
            None if name.is_empty() => {
                Err(self.error(format!("expected a type before `{}`", self.rest())))
            }
            None => self.linked_name(name),
        }
    }
}

/// The primitive `name` spells in `dialect`, if it is one.
pub fn primitive(dialect: Dialect, name: &str) -> Option<Prim> {
    prim(dialect, name)
}

fn prim(dialect: Dialect, name: &str) -> Option<Prim> {
    match dialect {
        Dialect::Java => java_prim(name),
        Dialect::Go => go_prim(name),
        Dialect::TypeScript => ts_prim(name),
        Dialect::Python => Some(match name {
            "str" => Prim::String,
            "int" => Prim::Int,
            "float" => Prim::FloatAny,
            "bool" => Prim::Boolean,
            "Any" | "object" => Prim::Any,
            "bytes" => Prim::Binary,
            "Decimal" => Prim::Number,
            _ => return None,
        }),
        Dialect::CSharp => Some(match name {
            "string" | "String" => Prim::String,
            "long" => Prim::Int64,
            "int" => Prim::Int32,
            "double" => Prim::Double,
            "float" => Prim::Float,
            "decimal" => Prim::Number,
            "bool" => Prim::Boolean,
            "object" => Prim::Any,
            _ => return None,
        }),
        Dialect::Php => Some(match name {
            "string" => Prim::String,
            "int" => Prim::Int,
            "float" => Prim::FloatAny,
            "bool" => Prim::Boolean,
            "mixed" => Prim::Any,
            _ => return None,
        }),
        // Sorbet names classes from the root (`::String`); 2023 generators did not (`String`).
        // A bare `Date` or `DateTime` is the label of a link (see `external`), never a class.
        Dialect::Ruby => Some(match name {
            "::Date" => Prim::Date,
            "::DateTime" => Prim::DateTime,
            _ => match name.strip_prefix("::").unwrap_or(name) {
                "String" => Prim::String,
                "Integer" => Prim::Int,
                "Float" => Prim::FloatAny,
                "T::Boolean" | "Crystalline::Boolean.new" => Prim::Boolean,
                "Object" | "T.untyped" => Prim::Any,
                _ => return None,
            },
        }),
    }
}

/// Ruby SDK objects with no wire form: Faraday's HTTP objects and the SDK's streams.
fn is_ruby_sdk_object(name: &str) -> bool {
    let name = name.trim_start_matches(':');
    matches!(name, "Faraday::Response" | "Faraday::Request")
        || name.ends_with("::Utils::EventStream")
        || name.ends_with("::Utils::JsonLStream")
}

/// The name of the model doc a link leads to (`../Operations/Recipient.md` → `Recipient`), if it
/// leads to one.
fn model_doc_name(dest: &str) -> Option<&str> {
    if dest.contains("://") {
        return None;
    }
    let file = dest.rsplit('/').next()?;
    file.strip_suffix(".md")
        .or_else(|| file.strip_suffix(".mdx"))
        .filter(|name| !name.is_empty())
}

fn link_index(c: char) -> Option<usize> {
    let code = c as u32;
    (LINK_BASE..LINK_BASE + 0xFFFF)
        .contains(&code)
        .then(|| (code - LINK_BASE) as usize)
}

fn java_prim(name: &str) -> Option<Prim> {
    Some(match name {
        "String" => Prim::String,
        "Long" | "long" => Prim::Int64,
        "Integer" | "int" => Prim::Int32,
        "Double" | "double" => Prim::Double,
        "Float" | "float" => Prim::Float,
        "Boolean" | "boolean" => Prim::Boolean,
        "Object" => Prim::Any,
        "BigDecimal" => Prim::Number,
        "BigInteger" => Prim::Int,
        _ => return None,
    })
}

fn go_prim(name: &str) -> Option<Prim> {
    Some(match name {
        "string" => Prim::String,
        "int64" | "uint64" => Prim::Int64,
        "int32" | "uint32" => Prim::Int32,
        "int" | "uint" => Prim::Int,
        "float64" => Prim::Double,
        "float32" => Prim::Float,
        "bool" => Prim::Boolean,
        "any" | "interface{}" => Prim::Any,
        _ => return None,
    })
}

fn ts_prim(name: &str) -> Option<Prim> {
    Some(match name {
        "string" => Prim::String,
        "number" => Prim::Number,
        "boolean" => Prim::Boolean,
        "any" | "unknown" => Prim::Any,
        "Uint8Array" | "ReadableStream" | "Blob" => Prim::Binary,
        _ => return None,
    })
}

/// Types behind links that leave the docs: dates map to primitives, HTTP objects are
/// SDK-only.
fn external(dialect: Dialect, name: &str) -> Option<TypeExpr> {
    let prim = |p| Some(TypeExpr::Prim(p));
    match (dialect, name) {
        (Dialect::Java, "OffsetDateTime" | "Instant") => prim(Prim::DateTime),
        (Dialect::Java, "LocalDate") => prim(Prim::Date),
        (Dialect::Go, "time.Time") => prim(Prim::DateTime),
        (Dialect::Go, "types.Date") => prim(Prim::Date),
        (Dialect::TypeScript, "Date") => prim(Prim::DateTime),
        (Dialect::TypeScript, "RFCDate") => prim(Prim::Date),
        // Uploads: the SDK takes a file or a blob where the wire has bytes.
        (Dialect::TypeScript, "File" | "Blob") => prim(Prim::Binary),
        // Raw HTTP objects of the SDK (operation response wrappers before 2025 link them).
        (Dialect::Java, "HttpResponse")
        | (Dialect::Go, "http.Response" | "http.Request")
        | (Dialect::TypeScript, "Response" | "Request" | "AxiosResponse")
        | (Dialect::Python, "requests.Response" | "httpx.Response")
        | (Dialect::CSharp, "HttpResponseMessage")
        | (Dialect::Php, "\\Psr\\Http\\Message\\ResponseInterface")
        | (Dialect::Ruby, "Faraday::Response") => Some(TypeExpr::Synthetic(name.to_string())),
        (Dialect::Python, "date" | "datetime") => prim(Prim::DateTime),
        (Dialect::CSharp, "DateTime" | "DateTimeOffset") => prim(Prim::DateTime),
        (Dialect::CSharp, "LocalDate" | "DateOnly") => prim(Prim::Date),
        (Dialect::Php, "\\DateTime") => prim(Prim::DateTime),
        (Dialect::Php, "\\Brick\\DateTime\\LocalDate") => prim(Prim::Date),
        // Ruby's doc template links a date-time as `[Date](…Date.html)` and a date as
        // `[DateTime](…DateTime.html)` (swapped); the root-qualified names mean what they say.
        (Dialect::Ruby, "::DateTime" | "Date") => prim(Prim::DateTime),
        (Dialect::Ruby, "::Date" | "DateTime") => prim(Prim::Date),
        _ => None,
    }
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
    fn parse_cell(dialect: Dialect, cell: &str) -> Result<CellType, TypeError> {
        let text =
            format!("# T\n\n## Fields\n\n| Field | Type |\n| --- | --- |\n| `f` | {cell} |\n");
        let doc = doc::parse(FileId(0), &text);
        parse(dialect, &doc.sections[0].tables[0].rows[0].cells[1].inlines)
    }

    fn model(name: &str, qualifier: Option<&str>, dest: &str) -> TypeExpr {
        TypeExpr::Model {
            name: name.into(),
            qualifier: qualifier.map(Into::into),
            dest: dest.into(),
        }
    }

    fn ok(expr: TypeExpr, wrapper: Wrapper) -> Result<CellType, TypeError> {
        Ok(CellType { expr, wrapper })
    }

    use Prim::*;
    use TypeExpr::{Array, Map};
    use Wrapper::{Nullable, Optional, Pointer};
    const NONE: Wrapper = Wrapper::None;
    fn p(prim: Prim) -> TypeExpr {
        TypeExpr::Prim(prim)
    }
    fn lit(prim: Prim, value: serde_json::Value) -> TypeExpr {
        TypeExpr::Const(prim, value)
    }
    fn arr(t: TypeExpr) -> TypeExpr {
        Array(Box::new(t))
    }
    fn map(t: TypeExpr) -> TypeExpr {
        Map(Box::new(t))
    }

    #[test]
    fn java_shapes() {
        let l = "../../models/components/T.md";
        let cases = [
            ("*String*", ok(p(String), NONE)),
            ("*Optional\\<Long>*", ok(p(Int64), Optional)),
            ("*JsonNullable\\<Boolean>*", ok(p(Boolean), Nullable)),
            ("*long*", ok(p(Int64), NONE)),
            ("*int*", ok(p(Int32), NONE)),
            ("*Optional\\<Double>*", ok(p(Double), Optional)),
            ("*Optional\\<Object>*", ok(p(Any), Optional)),
            ("*Optional\\<byte[]>*", ok(p(Binary), Optional)),
            ("List\\<*String*>", ok(arr(p(String)), NONE)),
            ("List\\<*long*>", ok(arr(p(Int64)), NONE)),
            ("List\\<List\\\\<*String*>>", ok(arr(arr(p(String))), NONE)),
            ("Map\\<String, *Object*>", ok(map(p(Any)), NONE)),
            (
                "Map\\<String, List\\\\<*String*>>",
                ok(map(arr(p(String))), NONE),
            ),
            (&format!("[T]({l})"), ok(model("T", None, l), NONE)),
            (
                &format!("[Optional\\<T>]({l})"),
                ok(model("T", None, l), Optional),
            ),
            (
                &format!("[JsonNullable\\<T>]({l})"),
                ok(model("T", None, l), Nullable),
            ),
            (
                &format!("List\\<[T]({l})>"),
                ok(arr(model("T", None, l)), NONE),
            ),
            (
                &format!("Map\\<String, [T]({l})>"),
                ok(map(model("T", None, l)), NONE),
            ),
            (
                "[OffsetDateTime](https://docs.oracle.com/javase/8/docs/api/java/time/OffsetDateTime.html)",
                ok(p(DateTime), NONE),
            ),
            (
                "[HttpResponse\\<?>](https://docs.oracle.com/en/java/javase/11/docs/api/java.net.http/java/net/http/HttpResponse.html)",
                ok(TypeExpr::Synthetic("HttpResponse".into()), NONE),
            ),
        ];
        for (cell, want) in cases {
            assert_eq!(parse_cell(Dialect::Java, cell), want, "java {cell}");
        }
    }

    #[test]
    fn go_shapes() {
        let l = "../../models/components/t.md";
        let t = || model("T", Some("components"), l);
        let cases = [
            ("`string`", ok(p(String), NONE)),
            ("`*string`", ok(p(String), Pointer)),
            ("`*int64`", ok(p(Int64), Pointer)),
            ("`int`", ok(p(Int), NONE)),
            ("`*float64`", ok(p(Double), Pointer)),
            ("`any`", ok(p(Any), NONE)),
            ("[]`string`", ok(arr(p(String)), NONE)),
            ("[][]`string`", ok(arr(arr(p(String))), NONE)),
            ("map[string]`any`", ok(map(p(Any)), NONE)),
            ("map[string][]`string`", ok(map(arr(p(String))), NONE)),
            ("[]map[string]`any`", ok(arr(map(p(Any))), NONE)),
            (&format!("[components.T]({l})"), ok(t(), NONE)),
            (&format!("[*components.T]({l})"), ok(t(), Pointer)),
            (&format!("[][components.T]({l})"), ok(arr(t()), NONE)),
            (
                &format!("map[string][components.T]({l})"),
                ok(map(t()), NONE),
            ),
            (
                &format!("optionalnullable.OptionalNullable[[components.T]({l})]"),
                ok(t(), Nullable),
            ),
            (
                "optionalnullable.OptionalNullable[[]`string`]",
                ok(arr(p(String)), Nullable),
            ),
            (
                "optionalnullable.OptionalNullable[[time.Time](https://pkg.go.dev/time#Time)]",
                ok(p(DateTime), Nullable),
            ),
            (
                "[*http.Response](https://pkg.go.dev/net/http#Response)",
                ok(TypeExpr::Synthetic("http.Response".into()), Pointer),
            ),
            (
                "`*jsonl.JsonLStream[map[string]any]`",
                ok(TypeExpr::Synthetic("jsonl.JsonLStream".into()), Pointer),
            ),
            (
                "**stream.EventStream[components.ChatChunk]*",
                ok(TypeExpr::Synthetic("stream.EventStream".into()), Pointer),
            ),
        ];
        for (cell, want) in cases {
            assert_eq!(parse_cell(Dialect::Go, cell), want, "go {cell}");
        }
    }

    #[test]
    fn typescript_shapes() {
        let l = "../../models/components/t.md";
        let cases = [
            ("*string*", ok(p(String), NONE)),
            ("*number*", ok(p(Number), NONE)),
            ("*boolean*", ok(p(Boolean), NONE)),
            ("*any*", ok(p(Any), NONE)),
            ("*string*[]", ok(arr(p(String)), NONE)),
            ("Record<string, *string*[]>", ok(map(arr(p(String))), NONE)),
            (
                &format!("[components.T]({l})"),
                ok(model("T", Some("components"), l), NONE),
            ),
            (
                &format!("[models.T]({l})[]"),
                ok(arr(model("T", Some("models"), l)), NONE),
            ),
            (
                &format!("Record<string, [components.T]({l})>"),
                ok(map(model("T", Some("components"), l)), NONE),
            ),
            (
                "[Date](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Date)",
                ok(p(DateTime), NONE),
            ),
            ("*Request*", ok(TypeExpr::Synthetic("Request".into()), NONE)),
        ];
        for (cell, want) in cases {
            assert_eq!(parse_cell(Dialect::TypeScript, cell), want, "ts {cell}");
        }
    }

    #[test]
    fn java_2024_shapes() {
        // Java generators of 2024 wrote type arguments as wildcards, unescaped.
        let l = "../../models/shared/T.md";
        let q = Some("com.example.models.shared");
        let cases = [
            ("*Optional<? extends String>*", ok(p(String), Optional)),
            ("*Optional<? extends Long>*", ok(p(Int64), Optional)),
            ("*JsonNullable<? extends Double>*", ok(p(Double), Nullable)),
            (
                &format!("[Optional<? extends com.example.models.shared.T>]({l})"),
                ok(model("T", q, l), Optional),
            ),
            (
                &format!("[com.example.models.shared.T]({l})"),
                ok(model("T", q, l), NONE),
            ),
            (
                &format!("List<[com.example.models.shared.T]({l})>"),
                ok(arr(model("T", q, l)), NONE),
            ),
            (
                &format!("Map<String, [com.example.models.shared.T]({l})>"),
                ok(map(model("T", q, l)), NONE),
            ),
            (
                "[HttpResponse<InputStream>](https://docs.oracle.com/en/java/javase/11/docs/api/java.net.http/java/net/http/HttpResponse.html)",
                ok(TypeExpr::Synthetic("HttpResponse".into()), NONE),
            ),
        ];
        for (cell, want) in cases {
            assert_eq!(parse_cell(Dialect::Java, cell), want, "java {cell}");
        }
        // A wildcard with no bound says nothing about the type.
        assert!(parse_cell(Dialect::Java, "*Optional<? extends>*").is_err());
    }

    #[test]
    fn ruby_shapes() {
        let l = "../../models/shared/t.md";
        let t = |q: &str| model("T", Some(q), l);
        let faraday = "[Faraday::Response](https://www.rubydoc.info/gems/faraday/Faraday/Response)";
        let cases = [
            // Sorbet, the default typing strategy.
            ("*::String*", ok(p(String), NONE)),
            ("*T.nilable(::Integer)*", ok(p(Int), Optional)),
            ("*T.nilable(T::Boolean)*", ok(p(Boolean), Optional)),
            ("*::Date*", ok(p(Date), NONE)),
            ("*T.nilable(::DateTime)*", ok(p(DateTime), Optional)),
            ("T::Array<*::String*>", ok(arr(p(String)), NONE)),
            (
                "T::Array<T::Array<*::String*>>",
                ok(arr(arr(p(String))), NONE),
            ),
            ("T::Hash[Symbol, *::Object*]", ok(map(p(Any)), NONE)),
            (
                &format!("[T.nilable(Models::Components::T)]({l})"),
                ok(t("Models::Components"), Optional),
            ),
            (
                &format!("T::Array<[Models::Components::T]({l})>"),
                ok(arr(t("Models::Components")), NONE),
            ),
            (
                &format!("[T.any(Models::Components::A, T::Array[::String])]({l})"),
                ok(model("t", None, l), NONE),
            ),
            (
                faraday,
                ok(TypeExpr::Synthetic("Faraday::Response".into()), NONE),
            ),
            // 2023: classes not qualified from the root, models under `Shared::`.
            ("*String*", ok(p(String), NONE)),
            ("*Integer*", ok(p(Int), NONE)),
            ("*T.nilable(String)*", ok(p(String), Optional)),
            (
                "T::Hash[Symbol, T::Array<*String*>]",
                ok(map(arr(p(String))), NONE),
            ),
            (
                &format!("[T.nilable(Shared::T)]({l})"),
                ok(t("Shared"), Optional),
            ),
            // The doc template links a date-time as `Date` and a date as `DateTime`.
            (
                "[Date](https://ruby-doc.org/stdlib-2.6.1/libdoc/date/rdoc/Date.html)",
                ok(p(DateTime), NONE),
            ),
            (
                "[DateTime](https://ruby-doc.org/stdlib-2.6.1/libdoc/date/rdoc/DateTime.html)",
                ok(p(Date), NONE),
            ),
            // `typingStrategy: none`: Crystalline's types.
            (
                "*Crystalline::Nilable.new(::String)*",
                ok(p(String), Optional),
            ),
            ("*Crystalline::Boolean.new*", ok(p(Boolean), NONE)),
            (
                "*Crystalline::Nilable.new(Crystalline::Boolean.new)*",
                ok(p(Boolean), Optional),
            ),
            ("Crystalline::Array<*::String*>", ok(arr(p(String)), NONE)),
            (
                "Crystalline::Hash[Symbol, *::Object*]",
                ok(map(p(Any)), NONE),
            ),
            (
                "*Crystalline::Nilable.new(Crystalline::Array.new(::Integer))*",
                ok(arr(p(Int)), Optional),
            ),
            (
                "*Crystalline::Hash.new(Symbol, ::String)*",
                ok(map(p(String)), NONE),
            ),
            (
                "*Crystalline::Nilable.new(Crystalline::Union.new(::Integer, ::Float))*",
                ok(p(Number), Optional),
            ),
            (
                &format!("Crystalline::Array<[Models::Components::T]({l})>"),
                ok(arr(t("Models::Components")), NONE),
            ),
            (
                &format!("[Crystalline::Nilable.new(Models::Components::T)]({l})"),
                ok(t("Models::Components"), Optional),
            ),
            (
                &format!(
                    "[Crystalline::Union.new(Models::Operations::A, Models::Operations::B)]({l})"
                ),
                ok(model("t", None, l), NONE),
            ),
            (
                &format!(
                    "[Crystalline::DiscriminatedUnion.new('type', {{ 'a' => Models::Components::A }})]({l})"
                ),
                ok(model("t", None, l), NONE),
            ),
        ];
        for (cell, want) in cases {
            assert_eq!(parse_cell(Dialect::Ruby, cell), want, "ruby {cell}");
        }
        // A union of models outside a link has no doc to name it.
        let err = parse_cell(Dialect::Ruby, "*T.any(Models::A, Models::B)*").unwrap_err();
        assert!(err.message.contains("inline union"), "{}", err.message);
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
    fn typescript_later_shapes() {
        let l = "../../models/operations/filet.md";
        let cases = [
            // Literal types: a constant, read as its type.
            ("*\"click\"*", ok(lit(String, "click".into()), NONE)),
            ("*42*", ok(lit(Int, 42.into()), NONE)),
            ("*-1.5*", ok(lit(Number, (-1.5).into()), NONE)),
            ("*true*", ok(lit(Boolean, true.into()), NONE)),
            ("*\"a\"*[]", ok(arr(lit(String, "a".into())), NONE)),
            // Streams of bytes and uploads.
            ("*ReadableStream<Uint8Array>*", ok(p(Binary), NONE)),
            (
                &format!(
                    "[File](https://developer.mozilla.org/en-US/docs/Web/API/File) \\| [Blob](https://developer.mozilla.org/en-US/docs/Web/API/Blob) \\| [operations.FileT]({l})"
                ),
                ok(p(Binary), NONE),
            ),
            ("*string* \\| *string*", ok(p(String), NONE)),
            // Index signatures, as variant headings write maps.
            ("`{ [k: string]: any }`", ok(map(p(Any)), NONE)),
            ("`{ [k: string]: number[] }`", ok(map(arr(p(Number))), NONE)),
            // TypeScript v1 links climb out of `docs/sdk/models`.
            (
                "[shared.T](../../../sdk/models/shared/t.md)[]",
                ok(
                    arr(model(
                        "T",
                        Some("shared"),
                        "../../../sdk/models/shared/t.md",
                    )),
                    NONE,
                ),
            ),
        ];
        for (cell, want) in cases {
            assert_eq!(parse_cell(Dialect::TypeScript, cell), want, "ts {cell}");
        }
        let err = parse_cell(Dialect::TypeScript, "*string* \\| *number*").unwrap_err();
        assert!(err.message.contains("inline union"), "{}", err.message);
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
    fn a_link_labelled_any_value_names_the_linked_model() {
        // PHP labels a link to a union with a `mixed` member `mixed`.
        let l = "../../Models/Operations/Recipient.md";
        assert_eq!(
            parse_cell(Dialect::Php, &format!("[mixed]({l})")),
            ok(model("Recipient", None, l), NONE)
        );
        // A link out of the docs says nothing more than its label.
        assert_eq!(
            parse_cell(Dialect::Php, "[mixed](https://example.com/Recipient.md)"),
            ok(p(Any), NONE)
        );
        assert_eq!(model_doc_name("Recipient.mdx"), Some("Recipient"));
        assert_eq!(model_doc_name("../x/.md"), None);
    }

    #[test]
    fn private_use_characters_in_text_are_not_links() {
        // Found by the type_grammar fuzz target: a character of the link-marker range typed
        // into the cell indexed the (empty) link list.
        let cell = "T::Hash[Symfol, *::Ob*\u{F2CB2}Tr\u{F0000}]";
        for dialect in Dialect::ALL {
            assert!(parse_cell(dialect, cell).is_err(), "{dialect}");
        }
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
