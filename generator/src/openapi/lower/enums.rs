//! `enum` and `const`: a named enum of strings or integers, or a primitive allowing the values;
//! each value's Rust name, with symbols and signs spelled out so values do not collide.

use std::collections::HashSet;

use crate::diagnostics::{Code, Severity};
use crate::model::names::{self, UniqueNames};
use crate::model::{Constraints, Enum, EnumRepr, EnumValue, IntFormat, NumberFormat, Type};
use crate::openapi::Loc;
use crate::openapi::tree::Node;

use super::keywords::{constraints, prim};
use super::layers::{Layer, value};
use super::schema::Plan;
use super::{Lowerer, Target};

impl<'a> Lowerer<'a> {
    /// An `enum` (or `const`, as one value): a named enum of strings or integers, or for a
    /// single value in place a primitive allowing just that value. Other values (numbers,
    /// booleans, objects) are a primitive with the allowed values listed.
    pub(super) fn enum_plan(
        &mut self,
        enum_loc: &Loc,
        values: &[Node],
        layers: &[Layer<'a>],
        types: &[String],
        target: Target,
    ) -> Plan<'a> {
        let present: Vec<(usize, &Node)> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| !matches!(v, Node::Null))
            .collect();
        let allowed: Vec<serde_json::Value> = present.iter().map(|(_, v)| v.to_json()).collect();
        let is_int = |v: &Node| matches!(v, Node::Number(n) if n.is_i64() || n.is_u64());
        let declared = types.first().map(String::as_str);
        let repr = match declared {
            Some("string") if present.iter().all(|(_, v)| v.scalar_text().is_some()) => {
                Some(EnumRepr::String)
            }
            Some("integer") | None
                if !present.is_empty() && present.iter().all(|(_, v)| is_int(v)) =>
            {
                Some(EnumRepr::Integer)
            }
            None if present.iter().all(|(_, v)| matches!(v, Node::String(_))) => {
                Some(EnumRepr::String)
            }
            _ => None,
        };
        let with_allowed = |ty: Type, layers: &[Layer<'a>]| {
            let mut c = constraints(layers);
            c.allowed = allowed.clone();
            Plan::Plain(ty, c)
        };
        let Some(repr) = repr.filter(|_| !present.is_empty()) else {
            if present.is_empty() {
                return Plan::Plain(Type::Any, Constraints::default());
            }
            let ty = match declared {
                Some(other) => prim(other, layers).map(|(ty, _)| ty),
                None if present.iter().all(|(_, v)| matches!(v, Node::Bool(_))) => {
                    Some(Type::Boolean)
                }
                None if present.iter().all(|(_, v)| matches!(v, Node::Number(_))) => {
                    Some(Type::Number(NumberFormat::Any))
                }
                None => None,
            };
            return match ty {
                Some(ty) => with_allowed(ty, layers),
                None => {
                    let message = format!(
                        "the values of `{}` are of several JSON types; it is generated as any JSON value",
                        self.docs.display(enum_loc)
                    );
                    self.diagnose(
                        Severity::Warning,
                        enum_loc,
                        Code::MixedEnum,
                        message,
                        "give the enum a `type` and values of that type",
                    );
                    with_allowed(Type::Any, layers)
                }
            };
        };
        if present.len() == 1 && matches!(target, Target::Inline) {
            let ty = match repr {
                EnumRepr::String => prim("string", layers).map_or(Type::String, |(ty, _)| ty),
                EnumRepr::Integer => prim("integer", layers)
                    .map_or(Type::Integer(IntFormat::Unspecified), |(ty, _)| ty),
            };
            return with_allowed(ty, layers);
        }
        let layer_node = |key: &str| value(layers, key);
        let sdk_names = layer_node("x-speakeasy-enums");
        let descriptions = layer_node("x-speakeasy-enum-descriptions");
        let open = layer_node("x-speakeasy-unknown-values").and_then(Node::as_str) == Some("allow");
        let mut seen = HashSet::new();
        let mut entries = Vec::new();
        for (idx, value) in present {
            let wire_value = value.scalar_text().unwrap_or_default();
            if !seen.insert(wire_value.clone()) {
                continue;
            }
            let sdk_name = sdk_names
                .and_then(|n| n.items().get(idx))
                .and_then(Node::as_str)
                .unwrap_or(&wire_value)
                .to_string();
            let description = descriptions
                .and_then(|d| match d {
                    Node::Array(items) => items.get(idx),
                    _ => d.get(&wire_value),
                })
                .and_then(Node::as_str)
                .map(str::to_string);
            entries.push((idx, wire_value, sdk_name, description));
        }
        // Values that are identifiers already claim their names first, then values with other
        // characters, then values of symbols alone: `mp3` is `Mp3` whatever comes first.
        // A value whose name is taken spells out its signs (`Etc/GMT-1` beside `Etc/GMT+1` is
        // `EtcGmtMinus1`), then its other symbols (`*mp3` is `AsteriskMp3`), before it is
        // numbered.
        let mut variant_names = UniqueNames::default();
        let mut claimed = HashSet::new();
        let mut rust_names = vec![String::new(); entries.len()];
        let pass_of = |name: &str| {
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                0
            } else if name.chars().any(|c| c.is_ascii_alphanumeric()) {
                1
            } else {
                2
            }
        };
        for pass in 0..3 {
            for (pos, (idx, wire_value, sdk_name, _)) in entries.iter().enumerate() {
                if pass_of(sdk_name) != pass {
                    continue;
                }
                let wanted = [
                    value_name(sdk_name),
                    value_name(&spell_signs(sdk_name)),
                    value_name(&spell_symbols(sdk_name)),
                ]
                .into_iter()
                .find(|name| !claimed.contains(name))
                .unwrap_or_else(|| value_name(sdk_name));
                let (rust_name, renamed) = variant_names.claim(&wanted);
                claimed.insert(rust_name.clone());
                if renamed {
                    let value_loc = enum_loc.child(&idx.to_string());
                    let message = format!(
                        "enum value `{wire_value}` is named `{rust_name}` in Rust: an earlier value has the same Rust name (at `{}`)",
                        self.docs.display(&value_loc)
                    );
                    self.diagnose(
                        Severity::Warning,
                        &value_loc,
                        Code::RenamedEnumValue,
                        message,
                        "name the values with `x-speakeasy-enums`",
                    );
                }
                rust_names[pos] = rust_name;
            }
        }
        let out = entries
            .into_iter()
            .zip(rust_names)
            .map(
                |((idx, wire_value, sdk_name, description), rust_name)| EnumValue {
                    span: self
                        .docs
                        .span(self.sources, &enum_loc.child(&idx.to_string())),
                    sdk_name,
                    wire_value,
                    rust_name,
                    description,
                },
            )
            .collect();
        Plan::Enum(Enum {
            strict: false,
            repr,
            open,
            values: out,
        })
    }
}

/// The Rust name of an enum value: its text as an identifier, except that the empty value is
/// `Empty` and a value of symbols alone is spelled out (`!=` is `NotEq`, `<=` is `LtEq`), so
/// operators do not all become `Value`, `Value2`, ...
pub(super) fn value_name(value: &str) -> String {
    if value.is_empty() {
        return "Empty".to_string();
    }
    if value.chars().any(|c| c.is_ascii_alphanumeric()) {
        return names::pascal_ident(value);
    }
    let words: Vec<&str> = value.chars().filter_map(symbol_word).collect();
    names::pascal_ident(&words.join(" "))
}

/// A word for a symbol character, for names of values made of symbols.
fn symbol_word(c: char) -> Option<&'static str> {
    Some(match c {
        '=' => "eq",
        '!' => "not",
        '<' => "lt",
        '>' => "gt",
        '~' => "tilde",
        '*' => "asterisk",
        '+' => "plus",
        '-' => "minus",
        '/' => "slash",
        '\\' => "backslash",
        '.' => "dot",
        ',' => "comma",
        ':' => "colon",
        ';' => "semicolon",
        '&' => "and",
        '|' => "or",
        '%' => "percent",
        '$' => "dollar",
        '#' => "hash",
        '@' => "at",
        '^' => "caret",
        '?' => "question",
        '_' => "underscore",
        _ => return None,
    })
}

/// The value with every symbol spelled out as a word (`*.mp3` is `asterisk dot mp3`).
fn spell_symbols(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match symbol_word(c) {
            Some(word) if c != '_' => {
                out.push(' ');
                out.push_str(word);
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// The value with every `+` and `-` before a digit spelled out (`GMT-1` is `GMT minus 1`).
fn spell_signs(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        let before_digit = chars.peek().is_some_and(char::is_ascii_digit);
        match c {
            '+' if before_digit => out.push_str(" plus "),
            '-' if before_digit => out.push_str(" minus "),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_get_names_even_without_letters() {
        let cases = [
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("", "Empty"),
            ("=", "Eq"),
            ("!=", "NotEq"),
            ("=~", "EqTilde"),
            ("<=", "LtEq"),
            ("*", "Asterisk"),
            ("in_progress", "InProgress"),
            ("\u{20ac}", "Value"),
        ];
        for (value, want) in cases {
            assert_eq!(value_name(value), want, "{value:?}");
        }
        assert_eq!(value_name(&spell_signs("Etc/GMT-10")), "EtcGmtMinus10");
        assert_eq!(value_name(&spell_signs("reactions--1")), "ReactionsMinus1");
        assert_eq!(value_name(&spell_symbols("*mp3")), "AsteriskMp3");
    }
}
