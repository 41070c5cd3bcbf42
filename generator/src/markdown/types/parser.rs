//! What every dialect's grammar is built on: the cell flattened to characters with each link a
//! placeholder, the [`TypeParser`] cursor (whitespace and decoration skipped, names, links,
//! nesting bounded by [`MAX_DEPTH`]), primitives by dialect, and the
//! external types links may name.

use crate::diagnostics::Code;
use crate::markdown::doc::Inline;

use super::go::go_prim;
use super::java::java_prim;
use super::typescript::ts_prim;
use super::{CellType, Dialect, Era, MAX_DEPTH, Prim, TypeError, TypeExpr, Wrapper, hint};

/// Marks the position of link number `i` in a flattened cell: one private-use character per
/// link, so the grammar can see links as atoms among ordinary characters.
const LINK_BASE: u32 = 0xF0000;

pub(super) struct Link {
    dest: String,
    label: String,
}

pub(super) struct TypeParser<'a> {
    pub(super) dialect: Dialect,
    pub(super) links: &'a [Link],
    pub(super) chars: Vec<char>,
    pub(super) pos: usize,
    /// Inside a link label: the link's target, which makes a bare name a model reference.
    pub(super) in_link: Option<&'a str>,
    /// How many types the parser is inside of (see [`MAX_DEPTH`]).
    pub(super) depth: usize,
}

impl<'a> TypeParser<'a> {
    pub(super) fn rest(&self) -> String {
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
    pub(super) fn nested<T>(
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

    pub(super) fn too_deep(&self) -> TypeError {
        TypeError {
            message: format!("the type nests deeper than {MAX_DEPTH} levels"),
            hint: format!(
                "a Type cell may nest types (lists, maps, wrappers) at most {MAX_DEPTH} levels deep; give the inner type a model doc of its own"
            ),
            code: Code::NestedTooDeep,
        }
    }

    pub(super) fn error(&self, message: String) -> TypeError {
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

    pub(super) fn skip_ws(&mut self) {
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

    pub(super) fn eat(&mut self, s: &str) -> bool {
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

    pub(super) fn expect(&mut self, s: &str) -> Result<(), TypeError> {
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
    pub(super) fn name(&mut self) -> String {
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
    pub(super) fn opens(&mut self, c: char) -> bool {
        self.peek() == Some(c)
    }

    pub(super) fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.chars.get(self.pos).copied()
    }

    pub(super) fn cell(&mut self) -> Result<CellType, TypeError> {
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
    pub(super) fn link(&mut self) -> Result<Option<CellType>, TypeError> {
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
    pub(super) fn linked_name(&self, name: &str) -> Result<TypeExpr, TypeError> {
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
}

impl TypeParser<'_> {
    /// Eats the first of `wrappers` (each an opening such as `Optional[`) that the input starts
    /// with, and returns its wrapper.
    pub(super) fn wrapper(&mut self, wrappers: &[(&str, Wrapper)]) -> Option<Wrapper> {
        wrappers
            .iter()
            .find(|(open, _)| self.eat(open))
            .map(|(_, wrapper)| *wrapper)
    }

    /// Skips a parenthesised argument list with whatever it holds (quotes and braces
    /// included), up to its matching `)`.
    pub(super) fn skip_balanced(&mut self) {
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

    pub(super) fn prim_or_linked(&self, name: &str) -> Result<TypeExpr, TypeError> {
        match prim(self.dialect, name) {
            Some(prim) => Ok(TypeExpr::Prim(prim)),
            None if name.is_empty() => {
                Err(self.error(format!("expected a type before `{}`", self.rest())))
            }
            None => self.linked_name(name),
        }
    }
}

pub(super) fn flatten(inlines: &[Inline], links: &mut Vec<Link>) -> String {
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

pub(super) fn prim(dialect: Dialect, name: &str) -> Option<Prim> {
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

/// The name of the model doc a link leads to (`../Operations/Recipient.md` → `Recipient`), if it
/// leads to one.
pub(super) fn model_doc_name(dest: &str) -> Option<&str> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::*;

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
}
