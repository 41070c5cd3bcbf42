//! The one place that uses `serde_yaml` (deprecated upstream), so replacing it touches one
//! file: YAML text to any `Deserialize` type (the config, or the OpenAPI reader's value tree),
//! with the error's byte offset, and any `Serialize` value to YAML text (the fuzzers' seeds).
//! The project's tools (`xtask`) call these functions too, never `serde_yaml` itself.
//!
//! serde_yaml reads YAML 1.2, so YAML-1.1-looking scalars such as a bare `=` (which PyYAML
//! rejects as the 1.1 "value" tag) are plain strings.

use serde::Serialize;
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
        let full = err.to_string();
        // Reader errors (a control character, bad UTF-8) carry no location, only the byte
        // offset in the message ("... at position 567349"); their location says 1:1.
        let (full, position) = match full.rsplit_once(" at position ") {
            Some((head, tail)) if tail.bytes().all(|b| b.is_ascii_digit()) => {
                (head.to_string(), tail.parse::<usize>().ok())
            }
            _ => (full, None),
        };
        let offset = position
            .or_else(|| err.location().map(|l| l.index()))
            .map(|index| char_boundary(text, index));
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

/// Writes `value` as YAML text.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(|err| YamlError {
        message: err.to_string(),
        offset: None,
        context: None,
    })
}

/// libyaml counts bytes, as spans do; an offset inside a character (or past the end) moves
/// back to where the character starts.
fn char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
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
        let back: std::collections::BTreeMap<String, u32> =
            from_str(&to_string(&ok).unwrap()).unwrap();
        assert_eq!(back, ok);
    }

    #[test]
    fn offsets_are_bytes_after_multibyte_text() {
        let key = "\u{e9}".repeat(20);
        let text = format!("{key}: 1\nb: 300\nc: 4\nd: 5\ne: 6\n");
        let err = from_str::<std::collections::BTreeMap<String, u8>>(&text).unwrap_err();
        let offset = err.offset.unwrap();
        assert!(text.is_char_boundary(offset));
        assert_eq!(text[..offset].matches('\n').count(), 1, "{offset}");
    }

    #[test]
    fn reader_errors_carry_the_offset_of_the_bad_character() {
        let text = "a: 1\nb: \"\u{1} here\"\n";
        let err = from_str::<serde_yaml::Value>(text).unwrap_err();
        assert_eq!(err.offset, text.find('\u{1}'));
        assert!(!err.message.contains("position"), "{}", err.message);
    }
}
