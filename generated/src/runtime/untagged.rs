//! Reading untagged unions: the value is read once, the variant that accounts for it best is
//! chosen by its shape, and only that variant is deserialized.
//!
//! serde's `#[serde(untagged)]` tries each variant in turn on a buffered copy, so a union
//! nested in its own variants costs a number of attempts exponential in the depth, and the
//! first variant that fits wins even when it drops keys a later one names. Here each variant
//! is described by its [`Shape`]s (several for a variant that is itself a union); the
//! variants whose shape admits the value's JSON kind are ranked by how many of their
//! required keys are missing (and keys of the wrong kind, and texts their enum or literal
//! fields do not list), then by how many of the value's keys they do not name, then by
//! declared order, looking at the first level of the value only. The best is deserialized; the next ones are tried only while no union nested in
//! the failed attempt had to try a second variant itself. A union that is a variant, or the
//! items of an array variant, of another is read from the same value, not from a copy, so
//! the work stays linear in the size of the value.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde_json::Value;

/// JSON kinds, as bits: which kinds a shape admits.
pub const NULL: u8 = 1;
/// `true` or `false`.
pub const BOOL: u8 = 2;
/// A number without fraction or exponent that fits an `i64` or `u64`.
pub const INTEGER: u8 = 4;
/// Any number.
pub const NUMBER: u8 = 4 | 8;
/// A string.
pub const STRING: u8 = 16;
/// An array.
pub const ARRAY: u8 = 32;
/// An object.
pub const OBJECT: u8 = 64;
/// Any JSON value.
pub const ANY: u8 = 127;
/// With a field's kinds: the field is required.
pub const REQUIRED: u8 = 128;

/// What one variant (or one variant of a union variant) accepts, as far as the first
/// level of a value shows.
#[derive(Debug, Clone, Copy)]
pub enum Shape<'a> {
    /// A value of these kinds, looked at no deeper.
    Kinds(u8),
    /// An array whose items are of these kinds.
    Array(u8),
    /// An object whose values are of these kinds (a map).
    Map(u8),
    /// An object with these fields: wire name, and kinds with [`REQUIRED`] for a
    /// required field.
    Object(&'a [(&'a str, u8)]),
    /// An object with these fields, as [`Shape::Object`], some of which take only the
    /// texts listed with their wire name (the values of an enum, a literal): a text they do
    /// not list counts as a key of the wrong kind.
    Listed(&'a [(&'a str, u8)], &'a [(&'a str, &'a [&'a str])]),
}

std::thread_local! {
    /// How many times a union went on to its next variant, on this thread.
    static RETRIES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Reads an untagged union with `read`, its `from_json` function, from a value read once.
pub fn deserialize<'de, D, T>(
    deserializer: D,
    read: impl FnOnce(&Value) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    read(&value).map_err(D::Error::custom)
}

/// Reads `value` as the untagged union named `name` whose variants have `shapes`; `read`
/// reads variant `idx` from the value.
pub fn choose<T>(
    value: &Value,
    name: &'static str,
    shapes: &[&[Shape<'_>]],
    read: impl Fn(usize, &Value) -> Result<T, serde_json::Error>,
) -> Result<T, serde_json::Error> {
    for idx in ranked(value, shapes) {
        let before = RETRIES.with(|it| it.get());
        match read(idx, value) {
            Ok(it) => return Ok(it),
            // A union inside this attempt tried more than one variant: trying the next
            // variant here too would multiply the work at every level.
            Err(_) if RETRIES.with(|it| it.get()) != before => break,
            Err(_) => RETRIES.with(|it| it.set(before + 1)),
        }
    }
    Err(serde_json::Error::custom(format_args!(
        "data did not match any variant of untagged enum {name}"
    )))
}

/// The variants (indices into `shapes`) whose shape admits `value`, best first.
pub fn ranked(value: &Value, shapes: &[&[Shape<'_>]]) -> Vec<usize> {
    let mut ranked: Vec<(u64, usize, usize)> = shapes
        .iter()
        .enumerate()
        .filter_map(|(idx, alternatives)| {
            let best = alternatives.iter().filter_map(|it| fit(it, value)).min()?;
            Some((best.0, best.1, idx))
        })
        .collect();
    ranked.sort_unstable();
    ranked.into_iter().map(|(_, _, idx)| idx).collect()
}

/// Reads an array of unions with `read`, their `from_json` function, without copying the
/// items (as serde would, to read each one).
pub fn items<T>(
    value: &Value,
    read: impl Fn(&Value) -> Result<T, serde_json::Error>,
) -> Result<Vec<T>, serde_json::Error> {
    match value {
        Value::Array(items) => items.iter().map(read).collect(),
        other => Err(serde_json::Error::custom(format_args!(
            "invalid type: {}, expected a sequence",
            kind_name(other)
        ))),
    }
}

fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "sequence",
        Value::Object(_) => "map",
    }
}

/// The JSON kind of `value`, as one of the kind bits.
pub fn kind(value: &Value) -> u8 {
    match value {
        Value::Null => NULL,
        Value::Bool(_) => BOOL,
        Value::Number(n) if n.is_i64() || n.is_u64() => INTEGER,
        Value::Number(_) => NUMBER & !INTEGER,
        Value::String(_) => STRING,
        Value::Array(_) => ARRAY,
        Value::Object(_) => OBJECT,
    }
}

/// How well `shape` accounts for `value`: `None` when it does not admit the value's kind,
/// else (keys or items that do not fit, keys it does not name); lower is better.
fn fit(shape: &Shape<'_>, value: &Value) -> Option<(u64, usize)> {
    let admits = |kinds: u8, value: &Value| kinds & kind(value) != 0;
    match (shape, value) {
        (Shape::Kinds(kinds), Value::Object(map)) if admits(*kinds, value) => Some((0, map.len())),
        (Shape::Kinds(kinds), _) => admits(*kinds, value).then_some((0, 0)),
        (Shape::Array(items), Value::Array(values)) => {
            let misfits = values.iter().filter(|it| !admits(*items, it)).count();
            Some((misfits as u64, 0))
        }
        (Shape::Map(kinds), Value::Object(map)) => {
            let misfits = map.values().filter(|it| !admits(*kinds, it)).count();
            Some((misfits as u64, map.len()))
        }
        (Shape::Object(fields), Value::Object(map)) => {
            let mut misfits = 0;
            let mut named = 0;
            for (key, kinds) in fields.iter() {
                match map.get(*key) {
                    Some(it) => {
                        named += 1;
                        if !admits(*kinds, it) {
                            misfits += 1;
                        }
                    }
                    None if kinds & REQUIRED != 0 => misfits += 1,
                    None => {}
                }
            }
            Some((misfits, map.len() - named))
        }
        (Shape::Listed(fields, listed), Value::Object(map)) => {
            let (misfits, unnamed) = fit(&Shape::Object(fields), value)?;
            let unlisted = listed
                .iter()
                .filter(|(key, texts)| {
                    matches!(map.get(*key), Some(Value::String(text)) if !texts.contains(&text.as_str()))
                })
                .count();
            Some((misfits + unlisted as u64, unnamed))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn untagged_unions_choose_the_variant_that_names_the_keys() {
        use super::{INTEGER, NULL, REQUIRED, STRING, Shape, choose};
        const SHAPES: &[&[Shape]] = &[
            &[Shape::Object(&[
                ("id", REQUIRED | INTEGER),
                ("a", STRING | NULL),
            ])],
            &[Shape::Object(&[
                ("id", REQUIRED | INTEGER),
                ("b", STRING | NULL),
            ])],
            &[Shape::Kinds(STRING), Shape::Array(STRING)],
        ];
        let pick = |value: serde_json::Value| {
            choose(&value, "U", SHAPES, |idx, _| {
                Ok::<usize, serde_json::Error>(idx)
            })
        };
        assert_eq!(pick(serde_json::json!({"id": 1, "b": "x"})).unwrap(), 1);
        assert_eq!(pick(serde_json::json!({"id": 1, "a": "x"})).unwrap(), 0);
        // A tie goes to the first listed; a wrong kind counts like a missing key.
        assert_eq!(pick(serde_json::json!({"id": 1})).unwrap(), 0);
        assert_eq!(
            pick(serde_json::json!({"id": 1, "a": 2, "b": "x"})).unwrap(),
            1
        );
        assert_eq!(pick(serde_json::json!(["x"])).unwrap(), 2);
        let err = pick(serde_json::json!(true)).unwrap_err().to_string();
        assert_eq!(err, "data did not match any variant of untagged enum U");
        // When the best variant does not read, the next is tried.
        let value = serde_json::json!({"id": 1, "a": "x"});
        let second = choose(&value, "U", SHAPES, |idx, _| {
            if idx == 0 {
                Err(serde::de::Error::custom("no"))
            } else {
                Ok(idx)
            }
        });
        assert_eq!(second.unwrap(), 1);
    }
}
