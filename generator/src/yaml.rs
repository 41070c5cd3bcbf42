//! The one place that uses `serde_yaml` (deprecated upstream), so replacing it touches one
//! file: YAML text to any `Deserialize` type (the config, or the OpenAPI reader's value tree),
//! with the error's byte offset.
//!
//! serde_yaml reads YAML 1.2, so YAML-1.1-looking scalars such as a bare `=` (which PyYAML
//! rejects as the 1.1 "value" tag) are plain strings.

use serde::de::DeserializeOwned;

/// A YAML syntax or shape error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What the YAML library said, without its own position suffix.
    pub message: String,
    /// Byte offset of the error, when known.
    pub offset: Option<usize>,
    /// What the parser was in the middle of, when it says (`while parsing a flow sequence at
    /// line 9 column 26`).
    pub context: Option<String>,
}

/// Deserializes `text` as YAML.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|err| {
        let offset = err.location().map(|l| char_to_byte(text, l.index()));
        let full = err.to_string();
        let context = full
            .split_once(", while ")
            .map(|(_, context)| format!("while {context}"));
        // serde_yaml appends " at line L column C"; the diagnostic shows the place itself.
        let message = match full.find(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full.split(", while ").next().unwrap_or(&full).to_string(),
        };
        YamlError {
            message,
            offset,
            context,
        }
    })
}

/// libyaml counts characters; spans count bytes.
fn char_to_byte(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_offset_and_plain_message() {
        let text = "a: 1\nb: [2\n";
        let err = from_str::<serde_yaml::Value>(text).unwrap_err();
        assert!(err.offset.is_some_and(|o| o <= text.len()));
        assert!(!err.message.contains(" at line "), "{}", err.message);
        assert_eq!(
            err.context.as_deref(),
            Some("while parsing a flow sequence at line 2 column 4")
        );
        let ok: std::collections::BTreeMap<String, u32> = from_str("x: 3").unwrap();
        assert_eq!(ok["x"], 3);
    }
}
