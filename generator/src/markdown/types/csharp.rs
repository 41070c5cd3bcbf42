//! C#'s Type cells: `List<…>`, `Dictionary<String, …>`, nullable value types (`long?`) and qualified model names.

use super::parser::TypeParser;
use super::{Prim, TypeError, TypeExpr};

impl TypeParser<'_> {
    pub(super) fn csharp_type(&mut self) -> Result<TypeExpr, TypeError> {
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
}
