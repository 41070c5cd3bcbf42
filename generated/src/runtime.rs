//! Support types that generated fields use where the standard library has no fitting type:
//! [`Nullable`] for a field that can be absent, `null` or a value, and [`Base64`] for binary
//! content, which JSON carries as base64 text.
//!
//! This module is written by hand. specgen copies it unchanged into every crate it generates
//! (as `src/runtime.rs`), so it must compile on its own in edition 2021 and 2024 with only
//! `serde` and `base64` as dependencies.

use std::fmt;
use std::ops::Deref;

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};
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

/// Binary content, written to JSON as standard base64 text with padding (the way Jackson
/// writes a Java `byte[]`).
///
/// Reading accepts the standard and the URL-safe alphabet, with or without padding.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Base64(pub Vec<u8>);

/// Decoding engines: padding optional, standard alphabet first.
const LENIENT: [GeneralPurpose; 2] = {
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    [
        GeneralPurpose::new(&base64::alphabet::STANDARD, config),
        GeneralPurpose::new(&base64::alphabet::URL_SAFE, config),
    ]
};

impl Base64 {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, without copying.
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }

    /// The base64 text the bytes are sent as.
    pub fn encode(&self) -> String {
        general_purpose::STANDARD.encode(&self.0)
    }

    /// Decodes base64 text in either alphabet, with or without padding.
    pub fn decode(text: &str) -> Result<Base64, base64::DecodeError> {
        match LENIENT[0].decode(text) {
            Ok(bytes) => Ok(Base64(bytes)),
            Err(err) => LENIENT[1].decode(text).map(Base64).map_err(|_| err),
        }
    }
}

impl fmt::Debug for Base64 {
    /// The base64 text, which is shorter than a list of numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Base64").field(&self.encode()).finish()
    }
}

impl Deref for Base64 {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Base64 {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Base64(bytes.to_vec())
    }
}

impl From<Base64> for Vec<u8> {
    fn from(value: Base64) -> Self {
        value.0
    }
}

impl Serialize for Base64 {
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
    {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: Deserializer<'de>,
    {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Base64;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("base64 text")
            }

            fn visit_str<E>(self, text: &str) -> Result<Base64, E>
            where
                E: serde::de::Error,
            {
                Base64::decode(text)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(text), &self))
            }
        }

        deserializer.deserialize_str(Visitor)
    }
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

    #[test]
    fn base64_is_standard_text_on_the_wire() {
        let bytes = Base64(vec![0xfb, 0xff, 0x01]);
        assert_eq!(serde_json::to_string(&bytes).unwrap(), r#""+/8B""#);
        assert_eq!(serde_json::from_str::<Base64>(r#""+/8B""#).unwrap(), bytes);
        let text = Base64(b"hi".to_vec());
        assert_eq!(serde_json::to_string(&text).unwrap(), r#""aGk=""#);
        for lenient in [r#""aGk""#, r#""aGk=""#] {
            assert_eq!(serde_json::from_str::<Base64>(lenient).unwrap(), text);
        }
        assert_eq!(serde_json::from_str::<Base64>(r#""-_8B""#).unwrap(), bytes);
        assert_eq!(format!("{bytes:?}"), r#"Base64("+/8B")"#);
        assert_eq!(&*text, b"hi");
        assert_eq!(Vec::from(text), b"hi".to_vec());
        let err = serde_json::from_str::<Base64>(r#""a*b""#).unwrap_err();
        assert!(
            err.to_string().starts_with("invalid value: string \"a*b\""),
            "{err}"
        );
        assert!(serde_json::from_str::<Base64>("1").is_err());
    }
}
