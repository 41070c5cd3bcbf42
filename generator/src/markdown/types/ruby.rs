//! Ruby's Type cells in every typing strategy: plain names, Sorbet (`T.nilable(…)`,
//! `T::Array<…>`, `T::Hash[Symbol, …]`, `T.any(…)`) and Crystalline (`Crystalline::Nilable.new(…)`),
//! and the SDK objects that have no wire form.

use super::parser::{TypeParser, model_doc_name};
use super::{CellType, Prim, TypeError, TypeExpr, Wrapper};

impl TypeParser<'_> {
    pub(super) fn ruby_cell(&mut self) -> Result<CellType, TypeError> {
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
}

/// Ruby SDK objects with no wire form: Faraday's HTTP objects and the SDK's streams.
fn is_ruby_sdk_object(name: &str) -> bool {
    let name = name.trim_start_matches(':');
    matches!(name, "Faraday::Response" | "Faraday::Request")
        || name.ends_with("::Utils::EventStream")
        || name.ends_with("::Utils::JsonLStream")
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::super::*;

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
}
