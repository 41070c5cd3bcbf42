//! Schema keywords: values of the wrong JSON type or impossible ones reported, validation
//! keywords read into [`Constraints`], and primitive types with their formats.

use crate::diagnostics::{Code, Severity};
use crate::model::{Constraints, IntFormat, NumberFormat, Type};
use crate::openapi::Loc;
use crate::openapi::tree::Node;

use super::Lowerer;
use super::layers::{Layer, value};

impl<'a> Lowerer<'a> {
    /// Reports the keywords of the schema `node` at `loc` whose values make no sense: of the
    /// wrong JSON type (`properties: 5`, `required: name`, `type: [string, 5]`), or impossible
    /// (`minLength: -1`). Each is an error, as what the schema means is unknown, except a
    /// `multipleOf` that is not positive, which is left unchecked with a warning.
    pub(super) fn check_keywords(&mut self, loc: &Loc, node: &Node) {
        for (key, value) in node.entries() {
            let at = loc.child(key);
            let expected = match key.as_str() {
                "properties" | "patternProperties" | "discriminator" if !value.is_object() => {
                    Some("an object")
                }
                "required" | "enum" | "allOf" | "oneOf" | "anyOf" | "type" => {
                    let (whole, item): (&str, Option<&str>) = match key.as_str() {
                        "required" => ("an array of property names", Some("a property name")),
                        "enum" => ("an array of values", None),
                        "type" => ("a type name or an array of them", Some("a type name")),
                        _ => ("an array of schemas", None),
                    };
                    match value {
                        // `type: null` (YAML's null, not the string) is seen in the wild
                        // for a schema of `null`; it is read as no type.
                        Node::String(_) | Node::Null if key == "type" => None,
                        Node::Array(items) => {
                            if let Some(item) = item {
                                for (idx, it) in items.iter().enumerate() {
                                    if it.as_str().is_none() {
                                        self.keyword_type(&at.child(&idx.to_string()), item, it);
                                    }
                                }
                            }
                            None
                        }
                        _ => Some(whole),
                    }
                }
                "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
                | "maxProperties" => match value {
                    Node::Number(n) => {
                        let problem = if n.as_f64().is_some_and(|f| f < 0.0) {
                            Some("negative")
                        } else if n.as_u64().is_none()
                            && n.as_f64().is_none_or(|f| f.fract() != 0.0)
                        {
                            Some("not a whole number")
                        } else {
                            None
                        };
                        if let Some(problem) = problem {
                            self.keyword_value(&at, key, value, problem, "a count is 0 or more");
                        }
                        None
                    }
                    _ => Some("a non-negative integer"),
                },
                "minimum" | "maximum" if !matches!(value, Node::Number(_)) => Some("a number"),
                "multipleOf" => match value {
                    Node::Number(n) if n.as_f64().is_some_and(|f| f <= 0.0) => {
                        // Odd rather than contradictory: the rule is not checked.
                        let message = format!(
                            "`multipleOf` is not positive: {}, so it is not checked (at `{}`)",
                            value.to_compact_json(),
                            self.docs.display(&at)
                        );
                        self.diagnose(
                            Severity::Warning,
                            &at,
                            Code::KeywordValue,
                            message,
                            "a step is above 0; remove the keyword or correct it",
                        );
                        None
                    }
                    Node::Number(_) => None,
                    _ => Some("a number"),
                },
                "exclusiveMinimum" | "exclusiveMaximum"
                    if !matches!(value, Node::Number(_) | Node::Bool(_)) =>
                {
                    Some("a number (3.1) or a boolean (3.0)")
                }
                "pattern" | "format" | "title" | "description" if value.as_str().is_none() => {
                    Some("a string")
                }
                "uniqueItems" | "nullable" | "readOnly" | "writeOnly" | "deprecated"
                    if !matches!(value, Node::Bool(_)) =>
                {
                    Some("`true` or `false`")
                }
                // An array of `items` is a tuple, reported where it is read.
                "items" if !matches!(value, Node::Object(_) | Node::Bool(_) | Node::Array(_)) => {
                    Some("a schema")
                }
                "additionalProperties" if !matches!(value, Node::Object(_) | Node::Bool(_)) => {
                    Some("a schema")
                }
                _ => None,
            };
            if let Some(expected) = expected {
                self.keyword_type(&at, expected, value);
            }
        }
    }

    /// An error for a keyword value (or an item of one) at `at` that is not `expected`.
    fn keyword_type(&mut self, at: &Loc, expected: &str, value: &Node) {
        let message = format!(
            "`{}` must be {expected}, not {}",
            self.docs.display(at),
            json_kind(value)
        );
        self.diagnose(
            Severity::Error,
            at,
            Code::KeywordType,
            message,
            "correct the schema; a keyword of the wrong type would be read as something the spec does not say",
        );
    }

    /// An error for the value of keyword `key` at `at` that is `problem`.
    fn keyword_value(&mut self, at: &Loc, key: &str, value: &Node, problem: &str, hint: &str) {
        let message = format!(
            "`{key}` is {problem}: {} (at `{}`)",
            value.to_compact_json(),
            self.docs.display(at)
        );
        self.diagnose(Severity::Error, at, Code::KeywordValue, message, hint);
    }
}

/// What kind of JSON value `node` is, for messages: `a number (5)`, `a string ("name")`.
fn json_kind(node: &Node) -> String {
    let shown = |node: &Node| {
        let text = node.to_compact_json();
        if text.chars().count() > 40 {
            format!("{}…", text.chars().take(40).collect::<String>())
        } else {
            text
        }
    };
    match node {
        Node::Null => "`null`".to_string(),
        Node::Bool(_) => format!("a boolean (`{}`)", shown(node)),
        Node::Number(_) => format!("a number (`{}`)", shown(node)),
        Node::String(_) => format!("a string (`{}`)", shown(node)),
        Node::Array(_) => "an array".to_string(),
        Node::Object(_) => "an object".to_string(),
    }
}

/// A primitive type with its rules; `None` for a type name that is not one.
pub(super) fn prim(ty: &str, layers: &[Layer<'_>]) -> Option<(Type, Constraints)> {
    let mut c = constraints(layers);
    let format = value(layers, "format")
        .and_then(Node::as_str)
        .map(str::to_string);
    let ty = match ty {
        "string" => match format.as_deref() {
            Some("date") => Type::Date,
            Some("date-time") => Type::DateTime,
            Some("binary") => Type::Binary,
            Some("byte") => {
                // Base64 on the wire, unlike `binary`; the format says which.
                c.format = format;
                Type::Binary
            }
            _ => {
                c.format = format;
                Type::String
            }
        },
        "integer" => match format.as_deref() {
            Some("int32") => Type::Integer(IntFormat::Int32),
            Some("int64") => Type::Integer(IntFormat::Int64),
            _ => {
                c.format = format;
                Type::Integer(IntFormat::Unspecified)
            }
        },
        "number" => match format.as_deref() {
            Some("float") => Type::Number(NumberFormat::Float),
            Some("double") => Type::Number(NumberFormat::Double),
            _ => {
                c.format = format;
                Type::Number(NumberFormat::Any)
            }
        },
        "boolean" => Type::Boolean,
        "file" => Type::Binary,
        _ => return None,
    };
    Some((ty, c))
}

/// The validation keywords of a (merged) schema.
pub(super) fn constraints(layers: &[Layer<'_>]) -> Constraints {
    let get = |key: &str| value(layers, key);
    let number = |key: &str| match get(key) {
        Some(Node::Number(n)) => n.as_f64(),
        _ => None,
    };
    let count = |key: &str| match get(key) {
        Some(Node::Number(n)) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        _ => None,
    };
    let mut c = Constraints {
        min_length: count("minLength"),
        max_length: count("maxLength"),
        pattern: get("pattern").and_then(Node::as_str).map(str::to_string),
        minimum: number("minimum"),
        maximum: number("maximum"),
        multiple_of: number("multipleOf"),
        min_items: count("minItems"),
        max_items: count("maxItems"),
        unique_items: get("uniqueItems") == Some(&Node::Bool(true)),
        min_properties: count("minProperties"),
        max_properties: count("maxProperties"),
        ..Constraints::default()
    };
    // 3.0 writes `exclusiveMinimum: true` beside `minimum`; 3.1 the bound itself.
    match get("exclusiveMinimum") {
        Some(Node::Bool(b)) => c.exclusive_minimum = *b,
        Some(Node::Number(n)) => {
            c.minimum = n.as_f64();
            c.exclusive_minimum = true;
        }
        _ => {}
    }
    match get("exclusiveMaximum") {
        Some(Node::Bool(b)) => c.exclusive_maximum = *b,
        Some(Node::Number(n)) => {
            c.maximum = n.as_f64();
            c.exclusive_maximum = true;
        }
        _ => {}
    }
    c
}
