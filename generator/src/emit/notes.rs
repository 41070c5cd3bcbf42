//! Facts about a field that its Rust type does not show, in words for its docs: its name on the
//! wire, the wire format of dates and bytes, the spec's constraints (which the type's
//! `Validate` impl checks), the default, and which side sends the field. Spec values reach the
//! text only as inline code through `docs::inline_code`, so a pattern full of backticks,
//! brackets and tags cannot break rustdoc.

use super::docs;
use crate::model::{Constraints, Field, Type};

/// The notes of `field`, named `name` in Rust, one short sentence per line (a single
/// paragraph in rustdoc); empty when there is nothing to say. The wire name is said only
/// where it is not the Rust name.
pub(crate) fn field_notes(field: &Field, name: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    if name.trim_start_matches("r#") != field.wire_name {
        lines.push(format!(
            "Wire name: {}.",
            docs::inline_code(&field.wire_name)
        ));
    }
    lines.extend(format_note(&field.ty).map(str::to_string));
    lines.extend(constraint_notes(&field.constraints, &field.ty));
    if let Some(default) = &field.default {
        lines.push(format!("Defaults to {}.", json_code(default)));
    }
    if field.read_only {
        lines.push("Sent by the server only.".to_string());
    }
    if field.write_only {
        lines.push("Sent by the client only.".to_string());
    }
    lines.join("\n")
}

/// A line on the wire format of types whose Rust type leaves it open.
fn format_note(ty: &Type) -> Option<&'static str> {
    match ty {
        Type::Date => Some("A date (`YYYY-MM-DD`)."),
        Type::DateTime => Some("An RFC 3339 date-time."),
        Type::Binary => Some("Binary content, base64-encoded on the wire."),
        Type::Array(inner) | Type::Map(inner) => match innermost(inner) {
            Type::Date => Some("Each value is a date (`YYYY-MM-DD`)."),
            Type::DateTime => Some("Each value is an RFC 3339 date-time."),
            Type::Binary => Some("Each value is binary content, base64-encoded on the wire."),
            Type::Nullable(value) => match **value {
                Type::Date => Some("Each value is a date (`YYYY-MM-DD`) or null."),
                Type::DateTime => Some("Each value is an RFC 3339 date-time or null."),
                Type::Binary => {
                    Some("Each value is binary content, base64-encoded on the wire, or null.")
                }
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// The values inside arrays and maps, with the `Nullable` around them when they may be `null`.
fn innermost(ty: &Type) -> &Type {
    match ty {
        Type::Array(inner) | Type::Map(inner) => innermost(inner),
        Type::Nullable(inner) if matches!(**inner, Type::Array(_) | Type::Map(_)) => {
            innermost(inner)
        }
        _ => ty,
    }
}

/// One sentence per rule of `constraints`, for a value of type `ty`.
fn constraint_notes(constraints: &Constraints, ty: &Type) -> Vec<String> {
    let mut res = Vec::new();
    let c = constraints;
    res.extend(count_range(
        c.min_length,
        c.max_length,
        ("character", "characters"),
    ));
    if let Some(pattern) = &c.pattern {
        res.push(format!(
            "Matches the pattern {}.",
            docs::inline_code(pattern)
        ));
    }
    if let Some(format) = &c.format {
        res.push(format!("In the {} format.", docs::inline_code(format)));
    }
    res.extend(number_range(c));
    if let Some(step) = c.multiple_of {
        res.push(format!("A multiple of {}.", number(step)));
    }
    res.extend(count_range(c.min_items, c.max_items, ("item", "items")));
    if c.unique_items {
        res.push("Items are unique.".to_string());
    }
    let entries = match ty {
        Type::Map(_) => ("entry", "entries"),
        _ => ("property", "properties"),
    };
    res.extend(count_range(c.min_properties, c.max_properties, entries));
    match c.allowed.as_slice() {
        [] => {}
        [only] => res.push(format!("Always {}.", json_code(only))),
        values => {
            let values: Vec<String> = values.iter().map(json_code).collect();
            res.push(format!("One of {}.", values.join(", ")));
        }
    }
    if let Some(items) = &c.items {
        let (each, inner) = match ty {
            Type::Map(inner) => match &**inner {
                Type::Nullable(inner) => ("Each value that is not null", &**inner),
                inner => ("Each value", inner),
            },
            Type::Array(inner) => match &**inner {
                Type::Nullable(inner) => ("Each item that is not null", &**inner),
                inner => ("Each item", inner),
            },
            _ => ("Each item", &Type::Any),
        };
        for line in constraint_notes(items, inner) {
            res.push(format!("{each}: {}", lower_first(&line)));
        }
    }
    res
}

/// "At least 1 item.", "Between 1 and 64 characters." ...; a minimum of 0 says nothing.
fn count_range(min: Option<u64>, max: Option<u64>, (one, many): (&str, &str)) -> Option<String> {
    let noun = |n: u64| if n == 1 { one } else { many };
    match (min.filter(|&n| n > 0), max) {
        (Some(min), Some(max)) if min == max => Some(format!("Exactly {min} {}.", noun(min))),
        (Some(min), Some(max)) => Some(format!("Between {min} and {max} {many}.")),
        (Some(min), None) => Some(format!("At least {min} {}.", noun(min))),
        (None, Some(max)) => Some(format!("At most {max} {}.", noun(max))),
        (None, None) => None,
    }
}

/// "Between 1 and 100.", "Greater than 0.", "At least 0 and less than 1." ...
fn number_range(c: &Constraints) -> Option<String> {
    let lower = c.minimum.map(|min| {
        let bound = if c.exclusive_minimum {
            "greater than"
        } else {
            "at least"
        };
        format!("{bound} {}", number(min))
    });
    let upper = c.maximum.map(|max| {
        let bound = if c.exclusive_maximum {
            "less than"
        } else {
            "at most"
        };
        format!("{bound} {}", number(max))
    });
    let sentence = match (c.minimum, c.maximum) {
        (Some(min), Some(max)) if !c.exclusive_minimum && !c.exclusive_maximum => {
            if min == max {
                format!("exactly {}", number(min))
            } else {
                format!("between {} and {}", number(min), number(max))
            }
        }
        _ => match (lower, upper) {
            (Some(lower), Some(upper)) => format!("{lower} and {upper}"),
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) => return None,
        },
    };
    Some(format!("{}.", upper_first(&sentence)))
}

/// A number as people write it: `25` rather than `25.0`.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// A JSON value as inline code (`25`, `"available"`, `true`).
fn json_code(value: &serde_json::Value) -> String {
    docs::inline_code(&value.to_string())
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(constraints: Constraints, ty: Type) -> Vec<String> {
        constraint_notes(&constraints, &ty)
    }

    #[test]
    fn constraints_read_as_sentences() {
        let cases: Vec<(Constraints, Type, &[&str])> = vec![
            (
                Constraints {
                    max_length: Some(64),
                    ..Default::default()
                },
                Type::String,
                &["At most 64 characters."],
            ),
            (
                Constraints {
                    min_length: Some(1),
                    ..Default::default()
                },
                Type::String,
                &["At least 1 character."],
            ),
            (
                Constraints {
                    min_length: Some(0),
                    max_length: Some(8),
                    ..Default::default()
                },
                Type::String,
                &["At most 8 characters."],
            ),
            (
                Constraints {
                    min_length: Some(2),
                    max_length: Some(2),
                    pattern: Some("^[A-Z]{2}$".into()),
                    format: Some("iso-3166".into()),
                    ..Default::default()
                },
                Type::String,
                &[
                    "Exactly 2 characters.",
                    "Matches the pattern `^[A-Z]{2}$`.",
                    "In the `iso-3166` format.",
                ],
            ),
            (
                Constraints {
                    pattern: Some("^`<br/>[x](y)`$".into()),
                    ..Default::default()
                },
                Type::String,
                &["Matches the pattern ``^`<br/>[x](y)`$``."],
            ),
            (
                Constraints {
                    minimum: Some(1.0),
                    maximum: Some(100.0),
                    ..Default::default()
                },
                Type::Integer(crate::model::IntFormat::Int64),
                &["Between 1 and 100."],
            ),
            (
                Constraints {
                    minimum: Some(0.0),
                    exclusive_minimum: true,
                    maximum: Some(1.5),
                    multiple_of: Some(0.25),
                    ..Default::default()
                },
                Type::Number(crate::model::NumberFormat::Double),
                &["Greater than 0 and at most 1.5.", "A multiple of 0.25."],
            ),
            (
                Constraints {
                    maximum: Some(10.0),
                    exclusive_maximum: true,
                    ..Default::default()
                },
                Type::Integer(crate::model::IntFormat::Int32),
                &["Less than 10."],
            ),
            (
                Constraints {
                    minimum: Some(-3.0),
                    ..Default::default()
                },
                Type::Integer(crate::model::IntFormat::Int32),
                &["At least -3."],
            ),
            (
                Constraints {
                    min_items: Some(1),
                    max_items: Some(5),
                    unique_items: true,
                    items: Some(Box::new(Constraints {
                        max_length: Some(3),
                        ..Default::default()
                    })),
                    ..Default::default()
                },
                Type::Array(Box::new(Type::String)),
                &[
                    "Between 1 and 5 items.",
                    "Items are unique.",
                    "Each item: at most 3 characters.",
                ],
            ),
            (
                Constraints {
                    items: Some(Box::new(Constraints {
                        min_length: Some(1),
                        ..Default::default()
                    })),
                    ..Default::default()
                },
                Type::Array(Box::new(Type::Nullable(Box::new(Type::String)))),
                &["Each item that is not null: at least 1 character."],
            ),
            (
                Constraints {
                    min_properties: Some(1),
                    ..Default::default()
                },
                Type::Map(Box::new(Type::String)),
                &["At least 1 entry."],
            ),
            (
                Constraints {
                    items: Some(Box::new(Constraints {
                        maximum: Some(100.0),
                        ..Default::default()
                    })),
                    ..Default::default()
                },
                Type::Map(Box::new(Type::Nullable(Box::new(Type::Integer(
                    crate::model::IntFormat::Int64,
                ))))),
                &["Each value that is not null: at most 100."],
            ),
            (
                Constraints {
                    allowed: vec![serde_json::json!("a"), serde_json::json!(2)],
                    ..Default::default()
                },
                Type::Any,
                &["One of `\"a\"`, `2`."],
            ),
            (
                Constraints {
                    allowed: vec![serde_json::json!("v1")],
                    ..Default::default()
                },
                Type::String,
                &["Always `\"v1\"`."],
            ),
        ];
        for (constraints, ty, want) in cases {
            assert_eq!(notes(constraints.clone(), ty), want, "{constraints:?}");
        }
        assert!(notes(Constraints::default(), Type::String).is_empty());
    }

    #[test]
    fn wire_formats_of_items_say_whether_they_may_be_null() {
        let nullable = |ty: Type| Type::Nullable(Box::new(ty));
        let array = |ty: Type| Type::Array(Box::new(ty));
        let map = |ty: Type| Type::Map(Box::new(ty));
        let cases = [
            (
                array(Type::Date),
                Some("Each value is a date (`YYYY-MM-DD`)."),
            ),
            (
                array(nullable(Type::Date)),
                Some("Each value is a date (`YYYY-MM-DD`) or null."),
            ),
            (
                map(nullable(Type::DateTime)),
                Some("Each value is an RFC 3339 date-time or null."),
            ),
            (
                array(nullable(array(nullable(Type::Binary)))),
                Some("Each value is binary content, base64-encoded on the wire, or null."),
            ),
            // The rows may be null, the dates in them not.
            (
                array(nullable(array(Type::Date))),
                Some("Each value is a date (`YYYY-MM-DD`)."),
            ),
            (array(nullable(Type::String)), None),
        ];
        for (ty, want) in cases {
            assert_eq!(format_note(&ty), want, "{ty:?}");
        }
    }

    #[test]
    fn numbers_are_written_plainly() {
        assert_eq!(number(25.0), "25");
        assert_eq!(number(-0.5), "-0.5");
        assert_eq!(number(1e20), "100000000000000000000");
    }
}
