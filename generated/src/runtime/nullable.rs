//! [`Nullable`]: a field that can be absent, `null` or a value, and the serde functions
//! that read such fields (and optional fields that may not be `null`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value that may be an explicit `null`.
///
/// An optional field that may also be `null` is generated as `Option<Nullable<T>>`, which
/// keeps the three wire states apart:
///
/// | on the wire          | in Rust                       |
/// |----------------------|-------------------------------|
/// | field absent         | `None`                        |
/// | `"field": null`      | `Some(Nullable::Null)`        |
/// | `"field": value`     | `Some(Nullable::Value(value))` |
///
/// Such fields carry `#[serde(default, deserialize_with = "...")]` with
/// [`deserialize_nullable`], because serde on its own reads a `null` for an `Option` field as
/// `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Nullable<T> {
    /// An explicit `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether this is [`Nullable::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Whether this is a [`Nullable::Value`].
    pub fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// A `Nullable` of a reference to the value.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// A `Nullable` of a mutable reference to the value.
    pub fn as_mut(&mut self) -> Nullable<&mut T> {
        match self {
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// The value, or `None` for `null`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(value) => Some(value),
        }
    }

    /// Applies `f` to the value, keeping `null`.
    pub fn map<U, F>(self, f: F) -> Nullable<U>
    where
        F: FnOnce(T) -> U,
    {
        match self {
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> Default for Nullable<T> {
    /// `null`.
    fn default() -> Self {
        Nullable::Null
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `null`.
    fn from(value: Option<T>) -> Self {
        match value {
            None => Nullable::Null,
            Some(value) => Nullable::Value(value),
        }
    }
}

impl<T> From<Nullable<T>> for Option<T> {
    fn from(value: Nullable<T>) -> Self {
        value.into_option()
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// `null`, or the value itself. The value goes through `serialize_some`, which
    /// self-describing formats such as JSON write as the bare value, and which keeps formats
    /// that mark presence able to read it back.
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
    {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// `null` as [`Nullable::Null`], anything else as a value.
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: Deserializer<'de>,
    {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

/// Reads a field that is present on the wire, even as `null`, as `Some`. Used as
/// `#[serde(default, deserialize_with = "crate::runtime::deserialize_nullable")]` on
/// `Option<Nullable<T>>` fields: serde calls it only for fields that are present, and
/// `default` makes an absent field `None`.
pub fn deserialize_nullable<'de, D, T>(deserializer: D) -> Result<Option<Nullable<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Nullable::deserialize(deserializer).map(Some)
}

/// Reads an optional field that is present on the wire as `Some`, and a `null` as the
/// field's type reads it: an error unless the type holds `null` (any JSON value does), so
/// that a `null` the spec does not allow is not taken for an absent field and dropped. Used
/// as `#[serde(default, deserialize_with = "crate::runtime::deserialize_present")]` on the
/// `Option<T>` fields of optional properties that are not nullable.
pub fn deserialize_present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "deserialize_nullable"
        )]
        name: Option<Nullable<String>>,
    }

    #[test]
    fn nullable_fields_keep_absent_null_and_value_apart() {
        let cases = [
            ("{}", None),
            (r#"{"name":null}"#, Some(Nullable::Null)),
            (r#"{"name":"x"}"#, Some(Nullable::Value("x".to_string()))),
        ];
        for (json, name) in cases {
            let patch = Patch { name };
            assert_eq!(serde_json::to_string(&patch).unwrap(), json);
            assert_eq!(serde_json::from_str::<Patch>(json).unwrap(), patch);
        }
    }

    #[test]
    fn nullable_is_like_an_option() {
        let value = Nullable::from(3);
        assert!(value.is_value() && !value.is_null());
        assert_eq!(value.as_ref().map(|it| it + 1), Nullable::Value(4));
        assert_eq!(value.into_option(), Some(3));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
        assert_eq!(Option::<i32>::from(Nullable::Null), None);
        assert!(Nullable::<i32>::default().is_null());
        let mut text = Nullable::Value(String::from("a"));
        if let Nullable::Value(it) = text.as_mut() {
            it.push('b');
        }
        assert_eq!(text, Nullable::Value("ab".to_string()));
        assert_eq!(
            serde_json::to_string(&Nullable::<i32>::Null).unwrap(),
            "null"
        );
        assert_eq!(
            serde_json::from_str::<Nullable<i32>>("7").unwrap(),
            Nullable::Value(7)
        );
    }
}
