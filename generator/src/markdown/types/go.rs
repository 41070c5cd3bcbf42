//! Go's Type cells: pointers, `[]T`, `map[string]T`, `optionalnullable.OptionalNullable[…]`, and
//! Go's primitive names.

use super::parser::TypeParser;
use super::{CellType, Prim, TypeError, TypeExpr, Wrapper};

impl<'a> TypeParser<'a> {
    pub(super) fn go_cell(&mut self) -> Result<CellType, TypeError> {
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
}

pub(super) fn go_prim(name: &str) -> Option<Prim> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::super::*;

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
}
