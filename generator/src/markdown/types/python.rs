//! Python's Type cells: `Optional[…]` and `OptionalNullable[…]`, `List[…]`, `Dict[str, …]`.

use super::parser::TypeParser;
use super::{CellType, TypeError, TypeExpr, Wrapper};

impl TypeParser<'_> {
    pub(super) fn python_cell(&mut self) -> Result<CellType, TypeError> {
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
}
