//! Type compatibility between two models of the same API read from different sources (two SDK
//! dialects, or docs and an OpenAPI document). Sources differ in what they can show; this says
//! whether two types are the same, differ only where one source cannot tell, or disagree.

use super::names::fold;
use super::{Api, EnumRepr, IntFormat, NumberFormat, Type, TypeId, TypeKind};

/// How two types compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compat {
    /// The same type.
    Same,
    /// Different as written, but one source cannot show the difference; the reason says why.
    Allowed(&'static str),
    /// A real disagreement.
    Different,
}

/// One source writes an enum's values again where the other refers to a named enum of them.
pub const SAME_VALUES: &str =
    "one source names an enum the other writes again with the same values (matched by its values)";
/// A number of unstated kind (TypeScript `number`, OpenAPI `type: number`) covers integers and floats.
pub const NUMBER_ANY: &str = "a number that does not tell integers from floats (TypeScript `number`, OpenAPI `type: number` without a format) is compatible with any integer or float";
/// Python, PHP and Ruby show `int`, not its width.
pub const INT_WIDTH: &str = "the dialect does not show the integer's width";
/// Python, PHP and Ruby show `float`, not its precision.
pub const FLOAT_WIDTH: &str =
    "the dialect does not show the float's precision (Python, PHP and Ruby `float`)";
/// Some dialects render dates and date-times alike.
pub const DATE_KIND: &str =
    "the dialect renders dates and date-times with one type (Python `date`, PHP `\\DateTime`)";
/// A source that shows any JSON value where the other knows more.
pub const ANY_VALUE: &str = "one source shows any JSON value where the other names a type (bare Java unions, untyped properties)";
/// A one-value enum is a constant.
pub const CONSTANT: &str =
    "one source lists a single enum value where the other has a constant string";
/// Items or values that one source says may be `null` and the other does not.
pub const NULLABLE_ITEMS: &str = "one source says that items or values may be null where the other does not (the docs read here show the type of items, not whether they may be null)";
/// Named versus inline shapes of the same JSON.
pub const NAMED_SHAPE: &str = "one source names a shape (a model for a map, a list or a primitive) that the other writes inline";

/// Compares `a` (of `a_api`) with `b` (of `b_api`). Models are the same when their names
/// match, ignoring case and punctuation (SDKs spell initialisms differently).
pub fn compare(a_api: &Api, a: &Type, b_api: &Api, b: &Type) -> Compat {
    compare_by(a_api, a, b_api, b, &|x, y| {
        fold(&a_api.get(x).name) == fold(&b_api.get(y).name)
    })
}

/// [`compare`] with `same` telling which models of the two APIs stand for each other (models
/// matched by where they are used rather than by name).
pub fn compare_by(
    a_api: &Api,
    a: &Type,
    b_api: &Api,
    b: &Type,
    same: &dyn Fn(TypeId, TypeId) -> bool,
) -> Compat {
    Walk { a_api, b_api, same }.compare(a, b, 0)
}

/// Two APIs and which of their models stand for each other.
struct Walk<'a> {
    a_api: &'a Api,
    b_api: &'a Api,
    same: &'a dyn Fn(TypeId, TypeId) -> bool,
}

impl Walk<'_> {
    fn compare(&self, a: &Type, b: &Type, depth: u32) -> Compat {
        let (a_api, b_api) = (self.a_api, self.b_api);
        if depth > 16 {
            return Compat::Same;
        }
        if let (Type::Ref(x), Type::Ref(y)) = (a, b)
            && (self.same)(*x, *y)
        {
            return Compat::Same;
        }
        // Aliases are transparent: a named list is the list.
        if let Some(target) = a_api.alias_target(a) {
            return allow_named(self.compare(target, b, depth + 1));
        }
        if let Some(target) = b_api.alias_target(b) {
            return allow_named(self.compare(a, target, depth + 1));
        }
        match (a, b) {
            (Type::Array(x), Type::Array(y))
            | (Type::Map(x), Type::Map(y))
            | (Type::Nullable(x), Type::Nullable(y)) => self.compare(x, y, depth + 1),
            // Items that may be `null` in one source are the other's items otherwise.
            (Type::Nullable(x), _) => allow_nullable(self.compare(x, b, depth + 1)),
            (_, Type::Nullable(y)) => allow_nullable(self.compare(a, y, depth + 1)),
            (Type::Ref(x), Type::Ref(y)) if same_values(a_api, *x, b_api, *y) => {
                Compat::Allowed(SAME_VALUES)
            }
            (Type::Ref(_), Type::Ref(_)) => Compat::Different,
            // A one-value enum of one source is the other's constant string.
            (Type::Ref(x), Type::String) if is_constant(a_api, *x) => Compat::Allowed(CONSTANT),
            (Type::String, Type::Ref(y)) if is_constant(b_api, *y) => Compat::Allowed(CONSTANT),
            // A named free-form object is a map of any value written inline elsewhere.
            (Type::Ref(x), Type::Map(_)) if matches!(a_api.get(*x).kind, TypeKind::FreeForm) => {
                Compat::Allowed(NAMED_SHAPE)
            }
            (Type::Map(_), Type::Ref(y)) if matches!(b_api.get(*y).kind, TypeKind::FreeForm) => {
                Compat::Allowed(NAMED_SHAPE)
            }
            _ if a == b => Compat::Same,
            (Type::Any, _) | (_, Type::Any) => Compat::Allowed(ANY_VALUE),
            (Type::Number(NumberFormat::Any), Type::Integer(_) | Type::Number(_))
            | (Type::Integer(_) | Type::Number(_), Type::Number(NumberFormat::Any)) => {
                Compat::Allowed(NUMBER_ANY)
            }
            (Type::Number(NumberFormat::Unspecified), Type::Number(_))
            | (Type::Number(_), Type::Number(NumberFormat::Unspecified)) => {
                Compat::Allowed(FLOAT_WIDTH)
            }
            (Type::Integer(IntFormat::Unspecified), Type::Integer(_))
            | (Type::Integer(_), Type::Integer(IntFormat::Unspecified)) => {
                Compat::Allowed(INT_WIDTH)
            }
            (Type::Date, Type::DateTime) | (Type::DateTime, Type::Date) => {
                Compat::Allowed(DATE_KIND)
            }
            _ => Compat::Different,
        }
    }
}

/// Whether `x` and `y` are enums of the same wire values, in any order.
fn same_values(a_api: &Api, x: TypeId, b_api: &Api, y: TypeId) -> bool {
    fn values(api: &Api, id: TypeId) -> Option<(EnumRepr, Vec<&str>)> {
        match &api.get(id).kind {
            TypeKind::Enum(e) => {
                let mut values: Vec<&str> =
                    e.values.iter().map(|v| v.wire_value.as_str()).collect();
                values.sort_unstable();
                Some((e.repr, values))
            }
            _ => None,
        }
    }
    values(a_api, x).is_some_and(|a| Some(a) == values(b_api, y))
}

/// Whether `id` is an enum of a single string value: a constant. Early TypeScript and Python
/// docs list a nullable enum's `null` as the value `<nil>`, which does not count.
fn is_constant(api: &Api, id: TypeId) -> bool {
    matches!(&api.get(id).kind, TypeKind::Enum(e)
        if e.repr == EnumRepr::String
            && e.values.iter().filter(|v| v.wire_value != "<nil>").count() == 1)
}

fn allow_nullable(res: Compat) -> Compat {
    match res {
        Compat::Same => Compat::Allowed(NULLABLE_ITEMS),
        other => other,
    }
}

fn allow_named(res: Compat) -> Compat {
    match res {
        Compat::Same => Compat::Allowed(NAMED_SHAPE),
        other => other,
    }
}
