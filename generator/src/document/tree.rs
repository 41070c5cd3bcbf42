//! The value tree that JSON and YAML documents both parse into: plain data with object keys in
//! document order (property order becomes field order), built once per file by serde and then
//! only read. Positions are not kept here; `locate.rs` finds them when a span is asked for.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value with object keys in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null` (and YAML's `~` or an empty value).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object; keys in document order. YAML keys that are not strings (`200:`) are kept as
    /// their text.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// The value of `key` when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The entries when this is an object.
    pub fn entries(&self) -> &[(String, Node)] {
        match self {
            Node::Object(entries) => entries,
            _ => &[],
        }
    }

    /// The items when this is an array.
    pub fn items(&self) -> &[Node] {
        match self {
            Node::Array(items) => items,
            _ => &[],
        }
    }

    /// The string when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` when it is a string.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// Whether `key` is `true`.
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some(Node::Bool(true)))
    }

    /// The value of `key` when it is a non-negative integer.
    pub fn u64(&self, key: &str) -> Option<u64> {
        match self.get(key)? {
            Node::Number(n) => n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                    .map(|f| f as u64)
            }),
            _ => None,
        }
    }

    /// The value of `key` when it is a number.
    pub fn f64(&self, key: &str) -> Option<f64> {
        match self.get(key)? {
            Node::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }

    /// The node at `pointer`, an escaped JSON pointer (`/components/schemas/Pet`, or empty for
    /// the whole document).
    pub fn at_pointer(&self, pointer: &str) -> Option<&Node> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut node = self;
        for segment in rest.split('/') {
            let key = unescape(segment);
            node = match node {
                Node::Object(entries) => entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v)?,
                Node::Array(items) => items.get(key.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The value as JSON (object keys end up sorted, as `serde_json::Map` keeps them).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Node::Null => serde_json::Value::Null,
            Node::Bool(b) => serde_json::Value::Bool(*b),
            Node::Number(n) => serde_json::Value::Number(n.clone()),
            Node::String(s) => serde_json::Value::String(s.clone()),
            Node::Array(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Node::Object(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// Compact JSON text with object keys in document order.
    pub fn to_compact_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Node::Null => out.push_str("null"),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Number(n) => out.push_str(&n.to_string()),
            Node::String(s) => out.push_str(&json_string(s)),
            Node::Array(items) => {
                out.push('[');
                for (idx, item) in items.iter().enumerate() {
                    if idx > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Node::Object(entries) => {
                out.push('{');
                for (idx, (key, value)) in entries.iter().enumerate() {
                    if idx > 0 {
                        out.push(',');
                    }
                    out.push_str(&json_string(key));
                    out.push(':');
                    value.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// The text of a scalar as it would appear in a string (`3`, `true`, `null`, `abc`);
    /// `None` for arrays and objects.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Null => Some("null".to_string()),
            Node::Bool(b) => Some(b.to_string()),
            Node::Number(n) => Some(n.to_string()),
            Node::String(s) => Some(s.clone()),
            Node::Array(_) | Node::Object(_) => None,
        }
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// A JSON pointer segment with `~1` and `~0` decoded.
pub fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// A key escaped for use as a JSON pointer segment.
pub fn escape(key: &str) -> String {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1")
    } else {
        key.to_string()
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor { strict: true })
    }
}

/// A tree read like [`Node`], except that a key given twice is kept twice instead of being an
/// error: for readers that report repeated keys themselves, each at its place (`codegen.yaml`).
pub struct WithRepeatedKeys(pub Node);

impl<'de> Deserialize<'de> for WithRepeatedKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(NodeVisitor { strict: false })
            .map(WithRepeatedKeys)
    }
}

/// Reads a [`Node`]; `strict` makes a key given twice an error.
#[derive(Clone, Copy)]
struct NodeVisitor {
    strict: bool,
}

impl<'de> de::DeserializeSeed<'de> for NodeVisitor {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON-compatible value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    /// An integer beyond 64 bits (YAML reads them as such) is kept as the nearest float,
    /// as JSON readers do.
    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(serde_json::Number::from_f64(v as f64).map_or(Node::Null, Node::Number))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(serde_json::Number::from_f64(v as f64).map_or(Node::Null, Node::Number))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        // JSON has no infinities or NaN; YAML's `.inf` becomes `null`, as in serde_json.
        Ok(serde_json::Number::from_f64(v).map_or(Node::Null, Node::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        // A key given twice would silently keep one of the values; it is an error, reported
        // at the object (see `DUPLICATE_KEY`). Small objects are searched, big ones hashed.
        let mut seen: Option<std::collections::HashSet<String>> = None;
        while let Some(Key(key)) = map.next_key()? {
            let duplicate = if !self.strict {
                false
            } else if entries.len() < 16 {
                entries.iter().any(|(k, _): &(String, Node)| *k == key)
            } else {
                let seen = seen.get_or_insert_with(|| {
                    entries
                        .iter()
                        .map(|(k, _): &(String, Node)| k.clone())
                        .collect()
                });
                !seen.insert(key.clone())
            };
            if duplicate {
                return Err(de::Error::custom(format!("{DUPLICATE_KEY} `{key}`")));
            }
            let value = map.next_value_seed(self)?;
            entries.push((key, value));
        }
        Ok(Node::Object(entries))
    }
}

/// How the message of a parse error for a key given twice starts.
pub const DUPLICATE_KEY: &str = "duplicate key";

/// An object key: a string, or the text of another scalar (YAML's `200:` or `true:`).
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        match Node::deserialize(deserializer)? {
            Node::Array(_) | Node::Object(_) => Err(de::Error::custom(
                "an object key must be a string, a number or a boolean",
            )),
            scalar => Ok(Key(scalar.scalar_text().unwrap_or_default())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_keeps_key_order_and_stringifies_keys() {
        let node: Node =
            crate::yaml::from_str("b: 1\na:\n  200: x\n  true: [=, '!=', =~]\n").unwrap();
        let keys: Vec<&str> = node.entries().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(node.at_pointer("/a/200").and_then(Node::as_str), Some("x"));
        assert_eq!(
            node.at_pointer("/a/true").unwrap().to_compact_json(),
            r#"["=","!=","=~"]"#
        );
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = crate::yaml::from_str::<Node>("a: 1\nb:\n  c: 2\n  c: 3\n").unwrap_err();
        assert_eq!(err.message, "b: duplicate key `c`");
        // YAML places it at the object (its first key), JSON after the second key.
        assert_eq!(err.offset, Some(10));
        let err = serde_json::from_str::<Node>("{\"a\": {\"c\": 2,\n \"c\": 3}}").unwrap_err();
        assert!(err.to_string().starts_with("duplicate key `c`"), "{err}");
        assert_eq!(err.line(), 2);
        // The same key in different objects is fine; big objects are checked too.
        assert!(crate::yaml::from_str::<Node>("a: {c: 1}\nb: {c: 2}\n").is_ok());
        let keys: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let big = format!("{{{}}}", keys.join(", "));
        assert!(serde_json::from_str::<Node>(&big).is_ok());
        let twice = format!("{{{}, \"k3\": 0}}", keys.join(", "));
        assert!(serde_json::from_str::<Node>(&twice).is_err());
    }

    #[test]
    fn integers_beyond_64_bits_are_read_as_floats() {
        let text = "low: -9223372036854776000\nhigh: 18446744073709552000\n";
        let node: Node = crate::yaml::from_str(text).unwrap();
        assert_eq!(node.f64("low"), Some(-9223372036854776000.0));
        assert_eq!(node.f64("high"), Some(18446744073709552000.0));
        let json: Node = serde_json::from_str(r#"{"high": 18446744073709552000}"#).unwrap();
        assert_eq!(json.f64("high"), node.f64("high"));
    }

    #[test]
    fn json_parses_into_the_same_tree() {
        let node: Node =
            serde_json::from_str(r#"{"z": [1, 2.5, null], "a": {"k": true}}"#).unwrap();
        assert_eq!(
            node.to_compact_json(),
            r#"{"z":[1,2.5,null],"a":{"k":true}}"#
        );
        assert_eq!(node.at_pointer("/z/1").unwrap().to_compact_json(), "2.5");
        assert!(node.at_pointer("/z/3").is_none());
    }
}
