//! Support for the example tests that specgen generates (`spec_examples.rs` in each API
//! module): each example of the spec is read into its type, validated, written back and read
//! again.

use super::{Path, ValidationErrors};
use serde_json::Value;

/// One example of the spec.
pub(crate) struct Example {
    /// Where the spec gives it (`specs/prove/V3TokenRequest.md:9`).
    pub(crate) source: &'static str,
    /// The field it is an example of (`V3TokenRequest.client_id`, wire names).
    pub(crate) target: &'static str,
    /// The example as JSON.
    pub(crate) json: &'static str,
    /// [`check`] or [`check_with`] for the field's type and rules.
    pub(crate) check: fn(&str) -> Result<(), String>,
}

/// Checks every example and fails with all the failures listed.
pub(crate) fn run(examples: &[Example]) {
    let failures: Vec<String> = examples
        .iter()
        .filter_map(|example| {
            (example.check)(example.json).err().map(|err| {
                format!(
                    "{}: example of `{}`: {err}\n  example: {}",
                    example.source, example.target, example.json
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

/// [`check_with`] the type's own [`Validate`](super::Validate) impl.
pub(crate) fn check<T>(json: &str) -> Result<(), String>
where
    T: super::Validate
        + serde::Serialize
        + serde::de::DeserializeOwned
        + PartialEq
        + std::fmt::Debug,
{
    check_with(json, T::validate_at)
}

/// Reads `json` as a `T`, validates it with `validate`, writes it back and reads that
/// again: the value must be the same, and the JSON must keep everything the example has.
pub(crate) fn check_with<T>(
    json: &str,
    validate: impl Fn(&T, &Path<'_>, &mut ValidationErrors),
) -> Result<(), String>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let value: T =
        serde_json::from_str(json).map_err(|err| format!("does not deserialize: {err}"))?;
    let mut errors = ValidationErrors::new();
    validate(&value, &Path::ROOT, &mut errors);
    if !errors.is_empty() {
        return Err(format!("does not validate: {errors}"));
    }
    let written =
        serde_json::to_string(&value).map_err(|err| format!("does not serialize: {err}"))?;
    let back: T = serde_json::from_str(&written)
        .map_err(|err| format!("does not read back from {written}: {err}"))?;
    if back != value {
        return Err(format!(
            "reads back as another value: {back:?} from {written}"
        ));
    }
    let original: Value = serde_json::from_str(json).map_err(|err| err.to_string())?;
    let written: Value = serde_json::from_str(&written).map_err(|err| err.to_string())?;
    match lost(&original, &written) {
        Some(place) => Err(format!(
            "the value at `{place}` is lost or changed when written back as {written}"
        )),
        None => Ok(()),
    }
}

/// The JSON pointer of the first part of `original` that `written` does not keep. A
/// `null` may be left out; numbers compare by value (at `f32` precision too); strings that
/// are the same date, date-time or base64 bytes in another spelling are the same.
fn lost(original: &Value, written: &Value) -> Option<String> {
    match (original, written) {
        (Value::Null, _) => None,
        (Value::Object(a), Value::Object(b)) => a.iter().find_map(|(key, value)| {
            let escaped = key.replace('~', "~0").replace('/', "~1");
            match b.get(key) {
                Some(other) => lost(value, other).map(|rest| format!("/{escaped}{rest}")),
                None if value.is_null() => None,
                None => Some(format!("/{escaped}")),
            }
        }),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(idx, (a, b))| lost(a, b).map(|rest| format!("/{idx}{rest}"))),
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64(), b.as_f64());
            let same = a == b || a.zip(b).is_some_and(|(a, b)| a as f32 == b as f32);
            (!same).then(String::new)
        }
        (Value::String(a), Value::String(b)) => (!same_text(a, b)).then(String::new),
        (a, b) => (!super::json_equal(a, b)).then(String::new),
    }
}

/// Whether two strings are the same value: the same text, or the same value in another
/// spelling as one of the runtime's text types tells ([`SAME_VALUE`](super::SAME_VALUE)).
fn same_text(a: &str, b: &str) -> bool {
    a == b || super::SAME_VALUE.iter().any(|same| same(a, b))
}
