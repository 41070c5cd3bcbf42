//! Tests of the committed sample crate, as one test binary: serde round trips of the shapes
//! generated from docs (`docs`) and from OpenAPI compositions (`shapes`), of arrays and maps
//! whose items may be `null` (`nullable_items`), of untagged unions whose variants overlap
//! (`unions`), of real vendor payload shapes (`payloads`), validation (`validate`), and values
//! at the edges of reading and checking (`edges`), and what the types offer beyond serde:
//! enums that print and parse, constructors, conversions (`ergonomics`).

use serde_json::Value;

mod docs;
mod edges;
mod ergonomics;
mod nullable_items;
mod open_shapes;
mod payloads;
mod shapes;
mod unions;
mod validate;

/// Reads `value` as `T`, checks it writes back to the same JSON, and returns it.
fn round_trip<T>(value: Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let parsed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{value} does not read: {e}"));
    assert_eq!(
        serde_json::to_value(&parsed).unwrap(),
        value,
        "writing back changes the JSON"
    );
    parsed
}
