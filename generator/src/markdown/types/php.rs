//! PHP's Type cells: nullable `?T`, `array<…>`, `array<string, …>`, namespaced model names and
//! inline unions (`A|B`).

use super::parser::TypeParser;
use super::{CellType, TypeError, TypeExpr, Wrapper};

impl TypeParser<'_> {
    pub(super) fn php_cell(&mut self) -> Result<CellType, TypeError> {
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
}
