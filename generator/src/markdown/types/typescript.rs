//! TypeScript's Type cells: `T[]`, `Record<string, …>`, model names with or without links,
//! literal types (`"click"`, `42`), and TypeScript's primitive names.

use super::parser::TypeParser;
use super::{MAX_DEPTH, Prim, TypeError, TypeExpr};

impl<'a> TypeParser<'a> {
    /// A TypeScript cell: a type, or an inline union of types (`[File](…) \| [Blob](…) \|
    /// [operations.FileT](…)`, an upload the SDK takes in several forms).
    pub(super) fn ts_cell(&mut self) -> Result<TypeExpr, TypeError> {
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

pub(super) fn ts_prim(name: &str) -> Option<Prim> {
    Some(match name {
        "string" => Prim::String,
        "number" => Prim::Number,
        "boolean" => Prim::Boolean,
        "any" | "unknown" => Prim::Any,
        "Uint8Array" | "ReadableStream" | "Blob" => Prim::Binary,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::super::*;

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
}
