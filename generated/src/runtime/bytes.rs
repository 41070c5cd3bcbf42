//! [`Base64`]: binary content, which JSON carries as base64 text (the `base64` crate).

use std::fmt;
use std::ops::Deref;

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Path, Validate, ValidationErrors};

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

/// Binary content has no rules of its own: nothing to check.
impl Validate for Base64 {
    #[inline]
    fn validate_at(&self, _at: &Path<'_>, _errors: &mut ValidationErrors) {}
}

/// Whether two texts are the same bytes in base64, for the example tests.
#[cfg(test)]
pub(super) fn same_value(a: &str, b: &str) -> bool {
    matches!((Base64::decode(a), Base64::decode(b)), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

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
