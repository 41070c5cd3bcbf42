//! The prose the generated code shows for a type where the spec's own is no description:
//! a model documented only with a response's description ("Success", "OK") gets a sentence
//! that says what it is and quotes the spec.

use std::borrow::Cow;

use crate::model::TypeDef;
use crate::text::inline_code;

/// Descriptions that say only that a response succeeded, lowercased, without a final stop.
const RESPONSE_PHRASES: &[&str] = &[
    "accepted",
    "created",
    "default response",
    "no content",
    "ok",
    "response",
    "success",
    "success response",
    "successful",
    "successful operation",
    "successful request",
    "successful response",
    "the request has succeeded",
];

/// The description `def`'s docs show: the spec's, unless it is only a response's description
/// (see [`is_response_phrase`]), which a sentence naming the type and quoting the spec replaces.
pub(crate) fn type_description(def: &TypeDef) -> Option<Cow<'_, str>> {
    let description = def.description.as_deref()?;
    if !is_response_phrase(description) {
        return Some(Cow::Borrowed(description));
    }
    Some(Cow::Owned(format!(
        "A {}, as the API sends it. The spec describes it only with a response's\n\
         description: \"{}\".",
        inline_code(&def.name),
        description.trim().trim_end_matches(['.', '!'])
    )))
}

/// Whether `text` only says that a response succeeded (`Success`, `200 OK`, `Successful
/// operation.`).
pub(crate) fn is_response_phrase(text: &str) -> bool {
    let text = text
        .trim()
        .trim_end_matches(['.', '!'])
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim()
        .to_ascii_lowercase();
    RESPONSE_PHRASES.contains(&text.as_str())
}

#[cfg(test)]
mod tests {
    use super::is_response_phrase;

    #[test]
    fn response_phrases_are_told_from_descriptions() {
        for text in [
            "Success",
            "OK",
            "200 OK",
            "Successful operation.",
            " success ",
        ] {
            assert!(is_response_phrase(text), "{text}");
        }
        for text in ["A successful charge.", "Success rate", "Okay then", ""] {
            assert!(!is_response_phrase(text), "{text}");
        }
    }
}
