//! Support that generated types use where the standard library has no fitting type:
//! [`Nullable`] for a field that can be absent, `null` or a value, `Base64` for binary
//! content, which JSON carries as base64 text, dates read strictly, and validation: the
//! [`Validate`] trait that generated types with rules implement, the [`ValidationErrors`] it
//! returns, and the [`rules`] that generated code checks.
//!
//! This folder is written by hand. specgen copies it into every crate it generates (as
//! `src/runtime/`), so it must compile on its own in edition 2021 and 2024. The core needs
//! only `serde` and `serde_json`:
//!
//! - `validate.rs`: [`Validate`], [`Path`], [`ValidationErrors`]; `violation.rs`: [`Violation`]
//!   and [`Rule`]; `rules.rs`: the checks generated code calls; `numbers.rs`, `formats.rs`
//!   and `json.rs`: the comparisons they need.
//! - `nullable.rs`: [`Nullable`] and the serde functions of optional fields.
//! - `untagged.rs`: reading untagged unions by the shape of the value.
//!
//! Four parts need a crate of their own, and a generated crate gets them, and depends on
//! their crates, only when its types use them: `dates.rs` (`chrono`: date and date-time
//! fields), `time_rfc3339.rs` (`time`: the same fields under `rust.date_time: time`),
//! `bytes.rs` (`base64`: binary fields) and `patterns.rs` with `pattern_syntax.rs`
//! (`regress`, `regex` and `fancy-regex`: `pattern` rules). specgen leaves out every line of
//! this file that names a module it leaves out, so each such line names one module only.

mod json;
mod nullable;
mod numbers;
pub mod rules;
pub mod untagged;
mod validate;
mod violation;

mod formats;

mod dates;

mod bytes;

mod time_rfc3339;

mod pattern_syntax;
mod patterns;

#[cfg(test)]
#[allow(dead_code)]
pub(crate) mod examples;

pub use formats::*;
pub use json::*;
pub use nullable::*;
pub use numbers::*;
pub use rules::{Match, MatchPattern};
pub use validate::*;
pub use violation::*;

pub use dates::*;

pub use bytes::*;

pub use time_rfc3339::*;

pub use pattern_syntax::*;
pub use patterns::*;

/// For the example tests: whether two texts are one value in two spellings (a date-time with
/// `Z` or `+00:00`, base64 with or without padding), one test for each text type in use.
/// (One line each: specgen drops the lines of the parts a crate does not use.)
#[cfg(test)]
#[rustfmt::skip]
const SAME_VALUE: &[fn(&str, &str) -> bool] = &[
    dates::same_value,
    bytes::same_value,
];

/// Fails the build when `T` takes more than `budget` bytes: called in a `const` of each type
/// file when the crate is generated with a size budget, so `cargo check` evaluates it and a
/// type that has grown large is an error at its own file.
pub const fn check_size<T>(budget: usize) {
    assert!(
        std::mem::size_of::<T>() <= budget,
        "the type takes more bytes than its size budget: box its large fields"
    );
}

/// Reads a string enum from its wire text as it reads from JSON: the `FromStr` of every
/// generated string enum (`"asc".parse::<Order>()`). A closed enum fails on a value it does
/// not list, naming the values it expects; an open one keeps any text.
pub fn parse_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde::de::value::Error> {
    T::deserialize(serde::de::value::StrDeserializer::new(text))
}
