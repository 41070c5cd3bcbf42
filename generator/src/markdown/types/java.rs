//! Java's Type cells: `Optional<…>` and `JsonNullable<…>` wrappers, `List<…>`, `Map<String, …>`,
//! wildcards (`? extends T`), and Java's primitive and boxed names.

use super::parser::TypeParser;
use super::{CellType, Prim, TypeError, TypeExpr, Wrapper};

impl<'a> TypeParser<'a> {
    pub(super) fn java_cell(&mut self) -> Result<CellType, TypeError> {
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
}

pub(super) fn java_prim(name: &str) -> Option<Prim> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::super::*;

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
}
