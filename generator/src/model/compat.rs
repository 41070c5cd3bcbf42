//! Type compatibility between two models of the same API read from different sources (two SDK
//! dialects, or docs and an OpenAPI document). Sources differ in what they can show; this says
//! whether two types are the same, differ only where one source cannot tell, or disagree.

use super::names::fold;
use super::{Api, IntFormat, NumberFormat, Type, TypeKind};

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

/// TypeScript `number` covers integers and floats.
pub const NUMBER_ANY: &str = "TypeScript `number` does not tell integers from floats, so it is compatible with any integer or float";
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
/// Named versus inline shapes of the same JSON.
pub const NAMED_SHAPE: &str = "one source names a shape (a model for a map, a list or a primitive) that the other writes inline";

/// Compares `a` (of `a_api`) with `b` (of `b_api`). Models are the same when their names
/// match, ignoring case and punctuation (SDKs spell initialisms differently).
pub fn compare(a_api: &Api, a: &Type, b_api: &Api, b: &Type) -> Compat {
    compare_depth(a_api, a, b_api, b, 0)
}

fn compare_depth(a_api: &Api, a: &Type, b_api: &Api, b: &Type, depth: u32) -> Compat {
    if depth > 16 {
        return Compat::Same;
    }
    // Aliases are transparent: a named list is the list.
    let unalias = |api: &Api, ty: &Type| match ty {
        Type::Ref(id) => match &api.get(*id).kind {
            TypeKind::Alias(target) => Some(target.clone()),
            _ => None,
        },
        _ => None,
    };
    if let Some(target) = unalias(a_api, a) {
        return allow_named(compare_depth(a_api, &target, b_api, b, depth + 1));
    }
    if let Some(target) = unalias(b_api, b) {
        return allow_named(compare_depth(a_api, a, b_api, &target, depth + 1));
    }
    match (a, b) {
        (Type::Array(x), Type::Array(y)) | (Type::Map(x), Type::Map(y)) => {
            compare_depth(a_api, x, b_api, y, depth + 1)
        }
        (Type::Ref(x), Type::Ref(y)) => {
            if fold(&a_api.get(*x).name) == fold(&b_api.get(*y).name) {
                Compat::Same
            } else {
                Compat::Different
            }
        }
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
        | (Type::Integer(_), Type::Integer(IntFormat::Unspecified)) => Compat::Allowed(INT_WIDTH),
        (Type::Date, Type::DateTime) | (Type::DateTime, Type::Date) => Compat::Allowed(DATE_KIND),
        _ => Compat::Different,
    }
}

fn allow_named(res: Compat) -> Compat {
    match res {
        Compat::Same => Compat::Allowed(NAMED_SHAPE),
        other => other,
    }
}
