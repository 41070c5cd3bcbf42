//! Support that generated types use where the standard library has no fitting type:
//! [`Nullable`] for a field that can be absent, `null` or a value, [`Base64`] for binary
//! content, which JSON carries as base64 text, and validation: the [`Validate`] trait that
//! every generated type implements, the [`ValidationErrors`] it returns, and the [`rules`]
//! that generated code checks.
//!
//! This module is written by hand. specgen copies it unchanged into every crate it generates
//! (as `src/runtime.rs`), so it must compile on its own in edition 2021 and 2024 with only
//! `serde`, `serde_json`, `base64`, `chrono`, `regress`, `regex` and `fancy-regex` as
//! dependencies.

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

/// Reads an RFC 3339 full-date (`2024-01-31`: a four-digit year), which chrono alone would
/// also take with a sign and more digits (`+002024-01-31`) and then write back differently.
/// Used as `#[serde(deserialize_with = "crate::runtime::strict_date")]` on date fields.
pub fn strict_date<'de, D>(deserializer: D) -> Result<chrono::NaiveDate, D::Error>
where
    D: Deserializer<'de>,
{
    let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
    if !is_date(&text) {
        return Err(serde::de::Error::invalid_value(
            serde::de::Unexpected::Str(&text),
            &"an RFC 3339 full-date (YYYY-MM-DD)",
        ));
    }
    text.parse().map_err(serde::de::Error::custom)
}

/// [`strict_date`] for an optional date field that is not nullable (see
/// [`deserialize_present`]): `null` is an error.
pub fn strict_date_present<'de, D>(deserializer: D) -> Result<Option<chrono::NaiveDate>, D::Error>
where
    D: Deserializer<'de>,
{
    strict_date(deserializer).map(Some)
}

/// [`strict_date`] for a required date field that may be `null`.
pub fn strict_date_or_null<'de, D>(deserializer: D) -> Result<Option<chrono::NaiveDate>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(Option::<StrictDate>::deserialize(deserializer)?.map(|StrictDate(date)| date))
}

/// [`strict_date`] for an optional date field that may be `null` (see
/// [`deserialize_nullable`]).
pub fn strict_date_nullable<'de, D>(
    deserializer: D,
) -> Result<Option<Nullable<chrono::NaiveDate>>, D::Error>
where
    D: Deserializer<'de>,
{
    let date = Option::<StrictDate>::deserialize(deserializer)?;
    Ok(Some(date.map_or(Nullable::Null, |StrictDate(date)| {
        Nullable::Value(date)
    })))
}

/// A date read by [`strict_date`].
#[derive(Deserialize)]
struct StrictDate(#[serde(deserialize_with = "strict_date")] chrono::NaiveDate);

/// A date-time read leniently (the spec config's `date_times: lenient`): RFC 3339, or
/// without a UTC offset (`2018-01-01T00:01:01`), which is read as UTC. It is written back
/// exactly as it was read, so that a value passes through unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LenientDateTime {
    text: String,
    value: chrono::DateTime<chrono::FixedOffset>,
}

impl LenientDateTime {
    /// Reads `text`: an RFC 3339 date-time, or one without its UTC offset.
    pub fn parse(text: &str) -> Option<LenientDateTime> {
        let value = chrono::DateTime::parse_from_rfc3339(text)
            .ok()
            .or_else(|| {
                chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
                    .ok()
                    .filter(|_| {
                        text.get(..10).and_then(|date| format_matches("date", date)) == Some(true)
                    })
                    .map(|naive| naive.and_utc().fixed_offset())
            })?;
        Some(LenientDateTime {
            text: text.to_string(),
            value,
        })
    }

    /// The date-time; UTC when it was sent without an offset.
    pub fn value(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.value
    }

    /// Whether it was sent with its UTC offset.
    pub fn has_offset(&self) -> bool {
        chrono::DateTime::parse_from_rfc3339(&self.text).is_ok()
    }

    /// The text it was read from (or written as).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<chrono::DateTime<chrono::FixedOffset>> for LenientDateTime {
    fn from(value: chrono::DateTime<chrono::FixedOffset>) -> Self {
        LenientDateTime {
            text: value.to_rfc3339(),
            value,
        }
    }
}

impl fmt::Display for LenientDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for LenientDateTime {
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
    {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for LenientDateTime {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: Deserializer<'de>,
    {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        LenientDateTime::parse(&text).ok_or_else(|| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"an RFC 3339 date-time, with or without its UTC offset",
            )
        })
    }
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

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/// The most nested values [`Validate`] descends into; deeper values are reported once as a
/// [`Rule::MaxDepth`] violation instead of being checked, so that a hostile value cannot
/// overflow the stack. JSON that `serde_json` reads is never this deep (it stops at 128
/// levels).
pub const MAX_DEPTH: usize = 256;

/// A value that knows the rules its spec gives it (lengths, patterns, ranges, item counts,
/// formats, allowed values) and checks them, with everything nested in it.
///
/// Every generated type implements it, and so do the standard types generated fields use
/// (`Option`, `Vec`, `BTreeMap`, `Box`, [`Nullable`], strings, numbers ...), which have no rules
/// of their own but pass the check on to what they hold.
///
/// ```text
/// use my_api::Validate;
///
/// if let Err(errors) = request.validate() {
///     for violation in &errors {
///         eprintln!("{}: {}", violation.pointer(), violation);
///     }
/// }
/// ```
pub trait Validate {
    /// Checks the value and everything nested in it, and returns every violation found, each
    /// with the JSON pointer of the offending value in wire names.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        self.validate_at(&Path::ROOT, &mut errors);
        errors.into_result()
    }

    /// Adds the violations of the value, which sits at `at` in the value being validated, to
    /// `errors`. This is what implementations write and what they call on the values they
    /// hold; callers usually want [`Validate::validate`].
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors);
}

/// Where a value sits inside the value being validated: a chain of object keys (wire names)
/// and array indexes, kept on the stack and turned into a JSON pointer only when a violation
/// needs one.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
    depth: usize,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl Path<'static> {
    /// The value being validated itself (the empty JSON pointer).
    pub const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
        depth: 0,
    };
}

impl<'a> Path<'a> {
    /// The value under the object key `key` (a wire name or map key) of this one.
    #[inline]
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
            depth: self.depth + 1,
        }
    }

    /// The item at `index` of this array.
    #[inline]
    pub fn index(&self, index: usize) -> Path<'_> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
            depth: self.depth + 1,
        }
    }

    /// How many keys and indexes lead here from the root.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The JSON pointer (RFC 6901) of this place: `/individual/addresses/0/postalCode`, or the
    /// empty string for the root; `~` and `/` in keys are written `~0` and `~1`.
    pub fn pointer(&self) -> String {
        let mut segments = Vec::with_capacity(self.depth);
        let mut current = Some(self);
        while let Some(path) = current {
            segments.push(path.segment);
            current = path.parent;
        }
        let mut res = String::new();
        for segment in segments.iter().rev() {
            match segment {
                Segment::Root => {}
                Segment::Key(key) => {
                    res.push('/');
                    for c in key.chars() {
                        match c {
                            '~' => res.push_str("~0"),
                            '/' => res.push_str("~1"),
                            c => res.push(c),
                        }
                    }
                }
                Segment::Index(index) => {
                    res.push('/');
                    res.push_str(&index.to_string());
                }
            }
        }
        res
    }
}

impl fmt::Display for Path<'_> {
    /// The JSON pointer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pointer())
    }
}

/// Every violation found by [`Validate::validate`], in the order the values were visited
/// (fields in spec order, items in array order).
///
/// Iterate over it, by reference or by value, to get each [`Violation`]; its `Display` writes
/// one violation per line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

impl ValidationErrors {
    /// No violations yet.
    pub fn new() -> ValidationErrors {
        ValidationErrors::default()
    }

    /// How many violations there are.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// The violations, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.violations.iter()
    }

    /// The violations as a slice.
    pub fn as_slice(&self) -> &[Violation] {
        &self.violations
    }

    /// Adds a violation.
    pub fn push(&mut self, violation: Violation) {
        self.violations.push(violation);
    }

    /// `Ok(())` when there are no violations, else `Err(self)`.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// Leaves the offending values out of the violations from number `start` on. Generated
    /// code calls it for fields whose values must not end up in logs (write-only fields and
    /// passwords).
    pub fn redact_from(&mut self, start: usize) {
        for violation in self.violations.iter_mut().skip(start) {
            violation.value = None;
        }
    }

    /// Whether `at` is too deep to descend into; if so, reports it (as [`Rule::MaxDepth`]).
    /// Implementations of [`Validate`] for containers call it before looking inside.
    #[inline]
    pub fn too_deep(&mut self, at: &Path<'_>) -> bool {
        if at.depth < MAX_DEPTH {
            return false;
        }
        self.push_too_deep(at);
        true
    }

    #[cold]
    fn push_too_deep(&mut self, at: &Path<'_>) {
        self.push(Violation::new(at, Rule::MaxDepth(MAX_DEPTH), None));
    }
}

impl fmt::Display for ValidationErrors {
    /// One violation per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (idx, violation) in self.violations.iter().enumerate() {
            if idx > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

impl IntoIterator for ValidationErrors {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}

/// One broken rule: where (a JSON pointer in wire names), which rule with its limit, and the
/// offending value when it is safe to show.
///
/// `Display` writes `/code: must be at most 8 characters long, got "ABCDEFGHIJ"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pointer: String,
    rule: Rule,
    value: Option<String>,
}

impl Violation {
    /// A violation of `rule` by the value at `at`; `value` is the offending value as it should
    /// be shown (JSON text, or a count), if it may be shown.
    pub fn new(at: &Path<'_>, rule: Rule, value: Option<String>) -> Violation {
        Violation {
            pointer: at.pointer(),
            rule,
            value,
        }
    }

    /// The JSON pointer (RFC 6901) of the offending value, in wire names:
    /// `/individual/addresses/0/postalCode`; empty for the validated value itself.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The rule that is broken, with its limit.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// The offending value as JSON text (strings shortened to 64 characters), or the count
    /// that is out of range; `None` for values that are not shown (write-only fields,
    /// passwords) and for rules without one.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str("(root)")?;
        } else {
            f.write_str(&self.pointer)?;
        }
        write!(f, ": {}", self.rule)?;
        match (&self.rule, &self.value) {
            (_, None) => Ok(()),
            (Rule::UniqueItems, Some(value)) => write!(f, " ({value})"),
            (_, Some(value)) => write!(f, ", got {value}"),
        }
    }
}

/// A rule of the spec (a JSON Schema validation keyword) with its limit.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rule {
    /// `minLength`: at least this many characters (Unicode code points).
    MinLength(u64),
    /// `maxLength`: at most this many characters (Unicode code points).
    MaxLength(u64),
    /// `pattern`: an ECMA-262 regular expression that must match somewhere in the string.
    Pattern(&'static str),
    /// `pattern`, not decided: matching the string would take the pattern more than its
    /// backtracking budget ([`BACKTRACK_LIMIT`]), so the string is rejected unchecked.
    PatternBudget(&'static str),
    /// `format`: one of `date`, `date-time`, `email`, `ipv4`, `ipv6`, `uri`, `uuid`.
    Format(&'static str),
    /// `minimum`: at least this.
    Minimum(f64),
    /// `exclusiveMinimum`: greater than this.
    ExclusiveMinimum(f64),
    /// `maximum`: at most this.
    Maximum(f64),
    /// `exclusiveMaximum`: less than this.
    ExclusiveMaximum(f64),
    /// `multipleOf`: a whole multiple of this.
    MultipleOf(f64),
    /// `minItems`: at least this many items.
    MinItems(u64),
    /// `maxItems`: at most this many items.
    MaxItems(u64),
    /// `uniqueItems`: no two items are equal.
    UniqueItems,
    /// `minProperties`: at least this many properties (or map entries).
    MinProperties(u64),
    /// `maxProperties`: at most this many properties (or map entries).
    MaxProperties(u64),
    /// `enum` or `const`: one of these values, as JSON text.
    Enum(&'static [&'static str]),
    /// Not a spec rule: the value is nested deeper than this many levels, so it was not
    /// checked further (see [`MAX_DEPTH`]).
    MaxDepth(usize),
    /// `anyOf` of alternatives an object must satisfy (properties it must have, rules on
    /// them): at least one of these, each written as the properties it requires.
    AnyOf(&'static [&'static str]),
    /// `oneOf` of such alternatives: exactly one of these.
    OneOf(&'static [&'static str]),
}

impl Rule {
    /// The JSON Schema keyword of the rule (`maxLength`); `maxDepth` for [`Rule::MaxDepth`].
    pub fn keyword(&self) -> &'static str {
        match self {
            Rule::MinLength(_) => "minLength",
            Rule::MaxLength(_) => "maxLength",
            Rule::Pattern(_) | Rule::PatternBudget(_) => "pattern",
            Rule::Format(_) => "format",
            Rule::Minimum(_) => "minimum",
            Rule::ExclusiveMinimum(_) => "exclusiveMinimum",
            Rule::Maximum(_) => "maximum",
            Rule::ExclusiveMaximum(_) => "exclusiveMaximum",
            Rule::MultipleOf(_) => "multipleOf",
            Rule::MinItems(_) => "minItems",
            Rule::MaxItems(_) => "maxItems",
            Rule::UniqueItems => "uniqueItems",
            Rule::MinProperties(_) => "minProperties",
            Rule::MaxProperties(_) => "maxProperties",
            Rule::Enum(_) => "enum",
            Rule::MaxDepth(_) => "maxDepth",
            Rule::AnyOf(_) => "anyOf",
            Rule::OneOf(_) => "oneOf",
        }
    }
}

impl fmt::Display for Rule {
    /// What the value must be: `must be at most 8 characters long`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: u64, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        match self {
            Rule::MinLength(n) => write!(
                f,
                "must be at least {n} {} long",
                plural(*n, "character", "characters")
            ),
            Rule::MaxLength(n) => write!(
                f,
                "must be at most {n} {} long",
                plural(*n, "character", "characters")
            ),
            Rule::Pattern(pattern) => write!(f, "must match the pattern {pattern}"),
            Rule::PatternBudget(pattern) => write!(
                f,
                "could not be checked against the pattern {pattern} within its backtracking budget"
            ),
            Rule::Format(format) => write!(f, "must be a valid {format}"),
            Rule::Minimum(n) => write!(f, "must be at least {n}"),
            Rule::ExclusiveMinimum(n) => write!(f, "must be greater than {n}"),
            Rule::Maximum(n) => write!(f, "must be at most {n}"),
            Rule::ExclusiveMaximum(n) => write!(f, "must be less than {n}"),
            Rule::MultipleOf(n) => write!(f, "must be a multiple of {n}"),
            Rule::MinItems(n) => {
                write!(f, "must have at least {n} {}", plural(*n, "item", "items"))
            }
            Rule::MaxItems(n) => write!(f, "must have at most {n} {}", plural(*n, "item", "items")),
            Rule::UniqueItems => f.write_str("must not have duplicate items"),
            Rule::MinProperties(n) => write!(
                f,
                "must have at least {n} {}",
                plural(*n, "property", "properties")
            ),
            Rule::MaxProperties(n) => write!(
                f,
                "must have at most {n} {}",
                plural(*n, "property", "properties")
            ),
            Rule::Enum([only]) => write!(f, "must be {only}"),
            Rule::Enum(values) => write!(f, "must be one of {}", values.join(", ")),
            Rule::MaxDepth(n) => write!(f, "is nested deeper than {n} levels and was not checked"),
            Rule::AnyOf(alternatives) => write!(
                f,
                "must satisfy at least one of the alternatives {}",
                alternatives.join(", ")
            ),
            Rule::OneOf(alternatives) => write!(
                f,
                "must satisfy exactly one of the alternatives {}",
                alternatives.join(", ")
            ),
        }
    }
}

/// An ECMA-262 regular expression (the dialect OpenAPI specifies for `pattern`), compiled the
/// first time it is used and then kept: generated code holds each pattern in a `static`.
///
/// A match never costs more than a bound that does not grow with the pattern's worst case.
/// Patterns whose meaning the `regex` crate's syntax expresses exactly (literals, classes,
/// `\d`, `\w`, `\s`, `.`, groups, alternation, greedy and lazy repetition, `^` and `$`) are
/// translated and run by `regex`, in time linear in the text. Patterns with lookaround,
/// backreferences or word boundaries are translated for `fancy-regex`, a backtracking engine,
/// and run with at most [`BACKTRACK_LIMIT`] backtracking steps: a text on which the pattern
/// would need more is reported as [`Rule::PatternBudget`] rather than matched for minutes.
/// specgen warns when it generates code for a pattern of the second kind
/// ([`runs_in_linear_time`]). A backreference to a group that has not matched fails here,
/// where ECMA-262 has it match the empty string.
pub struct Pattern {
    source: &'static str,
    engine: std::sync::OnceLock<Option<Engine>>,
}

/// How many times a pattern that cannot run in linear time may backtrack while matching one
/// text, after which the match is given up ([`Match::OverBudget`]). Real patterns on real
/// values backtrack a few hundred times at most.
pub const BACKTRACK_LIMIT: usize = 100_000;

/// The engine a pattern runs on.
enum Engine {
    /// The `regex` crate, on the translation of a pattern it expresses exactly.
    Fast(regex::Regex),
    /// `fancy-regex` with a backtracking limit, on the translation of a pattern with
    /// lookaround, backreferences or word boundaries.
    Bounded(fancy_regex::Regex),
    /// A valid ECMA-262 pattern that neither engine expresses (Unicode property escapes,
    /// for one): it cannot be checked in bounded time, so every check of it is reported as
    /// [`Rule::PatternBudget`].
    Unbounded,
}

/// The outcome of matching a [`Pattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The pattern matches somewhere in the text.
    Yes,
    /// It does not.
    No,
    /// The pattern is not a valid ECMA-262 regular expression.
    Invalid,
    /// Telling would take more than the pattern's budget ([`BACKTRACK_LIMIT`]).
    OverBudget,
}

impl Pattern {
    /// The pattern `source`, not compiled yet.
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            engine: std::sync::OnceLock::new(),
        }
    }

    /// The pattern as the spec writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the pattern matches somewhere in `text` (patterns are not anchored); `None`
    /// when the pattern is not a valid ECMA-262 regular expression, which specgen reports
    /// when it generates the code, leaving such patterns out, and when telling would exceed
    /// the pattern's budget (see [`Pattern::matches`]).
    pub fn is_match(&self, text: &str) -> Option<bool> {
        match self.matches(text) {
            Match::Yes => Some(true),
            Match::No => Some(false),
            Match::Invalid | Match::OverBudget => None,
        }
    }

    /// Whether the pattern matches somewhere in `text`, in bounded time.
    pub fn matches(&self, text: &str) -> Match {
        let engine = self.engine.get_or_init(|| compile_engine(self.source));
        let found = match engine {
            None => return Match::Invalid,
            Some(Engine::Fast(regex)) => regex.is_match(text),
            Some(Engine::Bounded(regex)) => match regex.is_match(text) {
                Ok(found) => found,
                Err(_) => return Match::OverBudget,
            },
            Some(Engine::Unbounded) => return Match::OverBudget,
        };
        if found { Match::Yes } else { Match::No }
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// Compiles an OpenAPI `pattern`: as a Unicode regular expression (the `u` flag, which JSON
/// Schema recommends), or, when the pattern uses syntax that only the older non-Unicode
/// grammar allows (such as `\-` outside a class), without it.
pub fn compile_pattern(source: &str) -> Result<regress::Regex, regress::Error> {
    regress::Regex::with_flags(source, "u").or_else(|_| regress::Regex::new(source))
}

/// Whether the runtime matches `source` in time linear in the text: the `regex` crate runs
/// it. `false` for patterns that run on the backtracking engine with a budget, and for
/// invalid ones.
pub fn runs_in_linear_time(source: &str) -> bool {
    matches!(compile_engine(source), Some(Engine::Fast(_)))
}

/// The engine for `source`: `regex` on its translation when there is one, else `fancy-regex`
/// on its translation with lookaround, backreferences and word boundaries; `None` when the
/// pattern is not ECMA-262. Patterns valid only without the `u` flag are translated with that
/// grammar's identity escapes.
fn compile_engine(source: &str) -> Option<Engine> {
    let syntax = if regress::Regex::with_flags(source, "u").is_ok() {
        Syntax::Unicode
    } else if regress::Regex::new(source).is_ok() {
        Syntax::Legacy
    } else {
        return None;
    };
    let fast = translate(source, syntax, false).and_then(|it| regex::Regex::new(&it).ok());
    if let Some(fast) = fast {
        return Some(Engine::Fast(fast));
    }
    let bounded = translate(source, syntax, true).and_then(|it| {
        fancy_regex::RegexBuilder::new(&it)
            .backtrack_limit(BACKTRACK_LIMIT)
            .build()
            .ok()
    });
    Some(bounded.map_or(Engine::Unbounded, Engine::Bounded))
}

/// Which ECMA-262 grammar a pattern is read with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// With the `u` flag.
    Unicode,
    /// Without it (Annex B): any punctuation may be escaped, and a `]` or `}` that closes
    /// nothing is a literal.
    Legacy,
}

/// ECMA-262's `\s`: white space and line terminators.
const ECMA_SPACE: &str = "\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

/// An ECMA-262 pattern (read in Unicode mode) in the syntax of the `regex` crate with the same
/// meaning, when it uses only what both express alike; `None` otherwise. Every literal is
/// written as `\x{..}` unless it is an ASCII letter or digit, so no character means more in
/// one syntax than in the other.
pub fn translate_pattern(source: &str) -> Option<String> {
    translate(source, Syntax::Unicode, false)
}

/// ECMA-262's `\w`, as a class body.
const ECMA_WORD: &str = "0-9A-Za-z_";

/// [`translate_pattern`] for `syntax`; with `fancy`, for `fancy-regex`, which also has
/// lookaround, backreferences (by number and by name), Unicode property escapes and, written
/// as lookaround, ECMA-262's ASCII word boundaries.
fn translate(source: &str, syntax: Syntax, fancy: bool) -> Option<String> {
    let legacy = syntax == Syntax::Legacy;
    let mut out = String::with_capacity(source.len() * 2);
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '^' | '$' | '|' | '*' | '+' | '?' | ')' => out.push(c),
            '(' => {
                if chars.peek() != Some(&'?') {
                    out.push('(');
                    continue;
                }
                chars.next();
                match chars.next()? {
                    ':' => out.push_str("(?:"),
                    look @ ('=' | '!') if fancy => {
                        out.push_str("(?");
                        out.push(look);
                    }
                    '<' if fancy => match chars.peek().copied()? {
                        look @ ('=' | '!') => {
                            chars.next();
                            out.push_str("(?<");
                            out.push(look);
                        }
                        _ => {
                            out.push_str("(?P<");
                            out.push_str(&group_name(&mut chars)?);
                            out.push('>');
                        }
                    },
                    _ => return None,
                }
            }
            '{' => match quantifier(&chars) {
                Some(quantifier) => {
                    for _ in 0..quantifier.chars().count() {
                        chars.next();
                    }
                    out.push('{');
                    out.push_str(&quantifier);
                }
                None if legacy => push_literal(&mut out, '{'),
                None => return None,
            },
            '.' => out.push_str("[^\\x{A}\\x{D}\\x{2028}\\x{2029}]"),
            '[' => translate_class(&mut chars, &mut out, legacy, fancy)?,
            '\\' => match chars.next()? {
                'd' => out.push_str("[0-9]"),
                'D' => out.push_str("[^0-9]"),
                'w' => {
                    out.push('[');
                    out.push_str(ECMA_WORD);
                    out.push(']');
                }
                'W' => {
                    out.push_str("[^");
                    out.push_str(ECMA_WORD);
                    out.push(']');
                }
                's' => {
                    out.push('[');
                    out.push_str(ECMA_SPACE);
                    out.push(']');
                }
                'S' => {
                    out.push_str("[^");
                    out.push_str(ECMA_SPACE);
                    out.push(']');
                }
                'b' if fancy => out.push_str(
                    "(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))",
                ),
                'B' if fancy => out.push_str(
                    "(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))",
                ),
                property @ ('p' | 'P') if fancy && !legacy => {
                    out.push_str(&unicode_property(property, &mut chars)?);
                }
                'k' if fancy && chars.peek() == Some(&'<') => {
                    chars.next();
                    out.push_str("(?:\\k<");
                    out.push_str(&group_name(&mut chars)?);
                    out.push_str(">)");
                }
                // In the legacy grammar `\1` may be an octal escape; only Unicode mode is sure.
                d @ '1'..='9' if fancy && !legacy => {
                    out.push_str("(?:\\");
                    out.push(d);
                    while let Some(d) = chars.next_if(char::is_ascii_digit) {
                        out.push(d);
                    }
                    out.push(')');
                }
                escape => push_literal(&mut out, escaped_char(escape, &mut chars, legacy)?),
            },
            ']' | '}' if legacy => push_literal(&mut out, c),
            ']' | '}' => return None,
            literal => push_literal(&mut out, literal),
        }
    }
    Some(out)
}

/// The rest of a quantifier after its `{` (`2}`, `2,}`, `2,5}`), if one follows.
fn quantifier(chars: &std::iter::Peekable<std::str::Chars<'_>>) -> Option<String> {
    let mut res = String::new();
    let mut digits = 0;
    let mut commas = 0;
    for c in chars.clone() {
        res.push(c);
        match c {
            '0'..='9' => digits += 1,
            ',' if digits > 0 && commas == 0 => commas += 1,
            '}' if digits > 0 => return Some(res),
            _ => return None,
        }
    }
    None
}

/// A Unicode property escape after its `\\p` or `\\P` (`{Lu}`, `{Script=Greek}`), as the
/// same escape for `fancy-regex`, whose Unicode tables know ECMA-262's names.
fn unicode_property(
    property: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
) -> Option<String> {
    if chars.next()? != '{' {
        return None;
    }
    let mut res = format!("\\{property}{{");
    loop {
        match chars.next()? {
            '}' if !res.ends_with('{') => break,
            c if c.is_ascii_alphanumeric() || c == '_' || c == '=' => res.push(c),
            _ => return None,
        }
    }
    res.push('}');
    Some(res)
}

/// A group name after its `<`, up to and without the `>`: ASCII letters, digits and `_`.
fn group_name(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<String> {
    let mut name = String::new();
    loop {
        match chars.next()? {
            '>' if !name.is_empty() => return Some(name),
            c if c.is_ascii_alphanumeric() || c == '_' => name.push(c),
            _ => return None,
        }
    }
}

/// The rest of a class after its `[`, translated; `None` for what the translation leaves out
/// (empty classes). `\D`, `\W` and `\S` become nested negated classes.
fn translate_class(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    out: &mut String,
    legacy: bool,
    fancy: bool,
) -> Option<()> {
    out.push('[');
    if chars.peek() == Some(&'^') {
        chars.next();
        out.push('^');
    }
    let mut empty = true;
    loop {
        let item = match chars.next()? {
            ']' => break,
            '\\' => match chars.next()? {
                'd' => {
                    out.push_str("0-9");
                    empty = false;
                    continue;
                }
                'w' => {
                    out.push_str(ECMA_WORD);
                    empty = false;
                    continue;
                }
                's' => {
                    out.push_str(ECMA_SPACE);
                    empty = false;
                    continue;
                }
                // A negated set inside a class is a nested class (`[a[^0-9]]`).
                negated @ ('D' | 'W' | 'S') => {
                    out.push_str("[^");
                    out.push_str(match negated {
                        'D' => "0-9",
                        'W' => ECMA_WORD,
                        _ => ECMA_SPACE,
                    });
                    out.push(']');
                    empty = false;
                    continue;
                }
                property @ ('p' | 'P') if fancy && !legacy => {
                    out.push_str(&unicode_property(property, chars)?);
                    empty = false;
                    continue;
                }
                'b' => '\u{8}',
                '-' => '-',
                escape => escaped_char(escape, chars, legacy)?,
            },
            c => c,
        };
        empty = false;
        push_class_char(out, item);
        if chars.peek() == Some(&'-') {
            chars.next();
            match chars.peek().copied()? {
                ']' => push_class_char(out, '-'),
                _ => {
                    let end = match chars.next()? {
                        '\\' => match chars.next()? {
                            '-' => '-',
                            'b' => '\u{8}',
                            escape => escaped_char(escape, chars, legacy)?,
                        },
                        c => c,
                    };
                    if end < item {
                        return None;
                    }
                    out.push('-');
                    push_class_char(out, end);
                }
            }
        }
    }
    if empty {
        return None;
    }
    out.push(']');
    Some(())
}

/// The character an escape (after its `\`) stands for: control escapes, `\xHH`,
/// `\uHHHH`, `\u{H..}`, `\0` and escaped syntax characters, and in the `legacy` grammar any
/// escaped character that is not an ASCII letter or digit; `None` for the rest
/// (backreferences, word boundaries, properties, ...).
fn escaped_char(
    escape: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    legacy: bool,
) -> Option<char> {
    let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| {
        let mut value = 0u32;
        for _ in 0..n {
            value = value * 16 + chars.next()?.to_digit(16)?;
        }
        Some(value)
    };
    Some(match escape {
        't' => '\t',
        'n' => '\n',
        'v' => '\u{B}',
        'f' => '\u{C}',
        'r' => '\r',
        '0' if !chars.peek().is_some_and(char::is_ascii_digit) => '\0',
        'x' => char::from_u32(hex(chars, 2)?)?,
        'u' if chars.peek() == Some(&'{') && !legacy => {
            chars.next();
            let mut value = 0u32;
            loop {
                match chars.next()? {
                    '}' => break,
                    d => value = value.checked_mul(16)?.checked_add(d.to_digit(16)?)?,
                }
            }
            char::from_u32(value)?
        }
        'u' => {
            let unit = hex(chars, 4)?;
            // In Unicode mode a surrogate pair written as two escapes is one character.
            if (0xD800..0xDC00).contains(&unit) && !legacy {
                let mut rest = chars.clone();
                let escape = rest.next() == Some('\\') && rest.next() == Some('u');
                let low = if escape { hex(&mut rest, 4) } else { None };
                if let Some(low @ 0xDC00..0xE000) = low {
                    *chars = rest;
                    return char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                }
            }
            char::from_u32(unit)?
        }
        c if "^$\\.*+?()[]{}|/".contains(c) => c,
        c if legacy && !c.is_ascii_alphanumeric() => c,
        _ => return None,
    })
}

fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    }
}

fn push_class_char(out: &mut String, c: char) {
    out.push_str(&format!("\\x{{{:X}}}", c as u32));
}

/// Whether `value` is valid in `format`, for the formats with a real check: `date` and
/// `date-time` (RFC 3339), `email` (an RFC 5321 mailbox: dot-atom or quoted local part, a
/// domain name or address literal), `ipv4`, `ipv6`, `uri` (an absolute RFC 3986 URI) and
/// `uuid`. `None` for other formats, which are not checked.
pub fn format_matches(format: &str, value: &str) -> Option<bool> {
    Some(match format {
        "date" => is_date(value),
        "date-time" => {
            value.len() >= 20
                && value.as_bytes()[10].eq_ignore_ascii_case(&b't')
                && is_date(&value[..10])
                && chrono::DateTime::parse_from_rfc3339(value).is_ok()
        }
        "email" => is_email(value),
        "ipv4" => value.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => value.parse::<std::net::Ipv6Addr>().is_ok(),
        "uri" => is_uri(value),
        "uuid" => is_uuid(value),
        _ => return None,
    })
}

fn is_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
}

fn is_uuid(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(idx, b)| match idx {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = if let Some(quoted) = local
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        let mut escaped = false;
        quoted.chars().all(|c| {
            let ok = escaped || (c != '"' && (c == ' ' || c.is_ascii_graphic()));
            escaped = !escaped && c == '\\';
            ok
        }) && !escaped
    } else {
        !local.is_empty()
            && local
                .split('.')
                .all(|atom| !atom.is_empty() && atom.chars().all(atext))
    };
    let domain_ok = if let Some(literal) = domain
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    {
        literal.parse::<std::net::Ipv4Addr>().is_ok()
            || literal
                .strip_prefix("IPv6:")
                .is_some_and(|v6| v6.parse::<std::net::Ipv6Addr>().is_ok())
    } else {
        !domain.is_empty()
            && domain.len() <= 253
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    local.len() <= 64 && local_ok && domain_ok
}

fn is_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let bytes = rest.as_bytes();
    let mut idx = 0;
    while idx < bytes.len() {
        let b = bytes[idx];
        if b == b'%' {
            let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(idx + 1) && hex(idx + 2)) {
                return false;
            }
            idx += 3;
            continue;
        }
        let allowed = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b);
        if !allowed {
            return false;
        }
        idx += 1;
    }
    scheme_ok
}

/// A number generated fields hold (`i32`, `i64`, `f32`, `f64`), compared with the spec's
/// limits without losing precision: integers exactly, `f32` at its own precision.
pub trait Number: Copy + fmt::Display {
    /// How the value compares with `limit`; `None` when `limit` is not a number.
    fn compare(self, limit: f64) -> Option<std::cmp::Ordering>;

    /// Whether the value is a whole multiple of `step` (a positive number).
    fn is_multiple_of(self, step: f64) -> bool;
}

impl Number for i64 {
    #[inline]
    fn compare(self, limit: f64) -> Option<std::cmp::Ordering> {
        use std::cmp::Ordering;
        if limit.is_nan() {
            return None;
        }
        // 2^63: every i64 is below it, and every f64 below it and at least -2^63 fits an i64
        // once floored.
        const TWO_63: f64 = 9_223_372_036_854_775_808.0;
        if limit >= TWO_63 {
            return Some(Ordering::Less);
        }
        if limit < -TWO_63 {
            return Some(Ordering::Greater);
        }
        // Casts rather than `floor`, which is a library call on baseline x86-64.
        let whole = limit as i64;
        Some(match self.cmp(&whole) {
            // The limit has a fraction: `self` is on the side of `whole` the fraction is not.
            Ordering::Equal if (whole as f64) < limit => Ordering::Less,
            Ordering::Equal if (whole as f64) > limit => Ordering::Greater,
            ordering => ordering,
        })
    }

    #[inline]
    fn is_multiple_of(self, step: f64) -> bool {
        let whole = step as i64;
        if whole as f64 == step && whole != 0 {
            return i128::from(self) % i128::from(whole) == 0;
        }
        multiple_of_f64(self as f64, step, 1e-9)
    }
}

impl Number for i32 {
    #[inline]
    fn compare(self, limit: f64) -> Option<std::cmp::Ordering> {
        i64::from(self).compare(limit)
    }

    fn is_multiple_of(self, step: f64) -> bool {
        i64::from(self).is_multiple_of(step)
    }
}

impl Number for f64 {
    #[inline]
    fn compare(self, limit: f64) -> Option<std::cmp::Ordering> {
        self.partial_cmp(&limit)
    }

    fn is_multiple_of(self, step: f64) -> bool {
        multiple_of_f64(self, step, 1e-9)
    }
}

impl Number for f32 {
    #[inline]
    fn compare(self, limit: f64) -> Option<std::cmp::Ordering> {
        // A limit of 0.1 is the f32 0.1 for an f32 value: compare at the value's precision.
        self.partial_cmp(&(limit as f32))
    }

    fn is_multiple_of(self, step: f64) -> bool {
        multiple_of_f64(f64::from(self), f64::from(step as f32), 1e-5)
    }
}

/// Whether `value / step` is a whole number, allowing for the rounding of decimal fractions in
/// binary (`0.3` is a multiple of `0.1`) with a relative `tolerance`.
fn multiple_of_f64(value: f64, step: f64, tolerance: f64) -> bool {
    if step == 0.0 || !step.is_finite() || !value.is_finite() {
        return false;
    }
    let quotient = value / step;
    if !quotient.is_finite() {
        return false;
    }
    // Every float this large is whole.
    if quotient.abs() >= 4_503_599_627_370_496.0 {
        return true;
    }
    // Casts rather than `round`, which is a library call on baseline x86-64.
    let fraction = (quotient - quotient as i64 as f64).abs();
    fraction.min(1.0 - fraction) <= tolerance * quotient.abs().max(1.0)
}

/// The checks generated code calls, one per rule. Each adds a [`Violation`] at `at` to
/// `errors` when `value` breaks the rule.
pub mod rules {
    use super::{Match, Number, Path, Pattern, Rule, ValidationErrors, Violation, format_matches};
    use std::cmp::Ordering;

    /// Strings in violations are cut to this many characters.
    const SHOWN_CHARS: usize = 64;

    /// A string as JSON text, cut to 64 characters.
    pub fn show_str(value: &str) -> String {
        let mut chars = value.char_indices();
        match chars.nth(SHOWN_CHARS) {
            None => serde_json::to_string(value).unwrap_or_default(),
            Some((end, _)) => {
                let cut = serde_json::to_string(&value[..end]).unwrap_or_default();
                format!("{}…\"", &cut[..cut.len() - 1])
            }
        }
    }

    /// A JSON value as compact text, cut to 64 characters.
    pub fn show_json(value: &serde_json::Value) -> String {
        match value {
            serde_json::Value::String(text) => show_str(text),
            other => {
                let text = other.to_string();
                match text.char_indices().nth(SHOWN_CHARS) {
                    None => text,
                    Some((end, _)) => format!("{}…", &text[..end]),
                }
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn push(at: &Path<'_>, rule: Rule, value: String, errors: &mut ValidationErrors) {
        errors.push(Violation::new(at, rule, Some(value)));
    }

    /// The number of characters (Unicode code points) of `value`, counted only as far as
    /// needed to compare with `limit`.
    #[inline]
    fn chars_compare(value: &str, limit: u64) -> Ordering {
        let bytes = value.len() as u64;
        // Every character is one to four bytes.
        if bytes < limit {
            return Ordering::Less;
        }
        if bytes / 4 > limit {
            return Ordering::Greater;
        }
        (value.chars().count() as u64).cmp(&limit)
    }

    /// `anyOf` (`exactly_one` false) or `oneOf` of an object's alternatives, of which
    /// `satisfied` hold; the violation shows how many did.
    #[inline]
    pub fn alternatives(
        satisfied: usize,
        exactly_one: bool,
        alternatives: &'static [&'static str],
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        if exactly_one && satisfied != 1 {
            push(
                at,
                Rule::OneOf(alternatives),
                format!("{satisfied} satisfied"),
                errors,
            );
        } else if satisfied == 0 {
            push(
                at,
                Rule::AnyOf(alternatives),
                format!("{satisfied} satisfied"),
                errors,
            );
        }
    }

    /// `minLength`.
    #[inline]
    pub fn min_length(value: &str, min: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
        if chars_compare(value, min) == Ordering::Less {
            push(at, Rule::MinLength(min), show_str(value), errors);
        }
    }

    /// `maxLength`.
    #[inline]
    pub fn max_length(value: &str, max: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
        if chars_compare(value, max) == Ordering::Greater {
            push(at, Rule::MaxLength(max), show_str(value), errors);
        }
    }

    /// `pattern`. A pattern that does not compile counts as not matching; a string the
    /// pattern cannot decide within its budget breaks [`Rule::PatternBudget`].
    #[inline]
    pub fn pattern(
        value: &str,
        pattern: &'static Pattern,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        match pattern.matches(value) {
            Match::Yes => {}
            Match::OverBudget => {
                push(
                    at,
                    Rule::PatternBudget(pattern.source()),
                    show_str(value),
                    errors,
                );
            }
            Match::No | Match::Invalid => {
                push(at, Rule::Pattern(pattern.source()), show_str(value), errors);
            }
        }
    }

    /// `format`, for the formats [`format_matches`] knows; others pass.
    #[inline]
    pub fn format(value: &str, format: &'static str, at: &Path<'_>, errors: &mut ValidationErrors) {
        if format_matches(format, value) == Some(false) {
            push(at, Rule::Format(format), show_str(value), errors);
        }
    }

    /// `minimum`.
    #[inline]
    pub fn minimum<N: Number>(value: N, min: f64, at: &Path<'_>, errors: &mut ValidationErrors) {
        if value.compare(min) == Some(Ordering::Less) {
            push(at, Rule::Minimum(min), value.to_string(), errors);
        }
    }

    /// `exclusiveMinimum`.
    #[inline]
    pub fn exclusive_minimum<N: Number>(
        value: N,
        min: f64,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        if matches!(value.compare(min), Some(Ordering::Less | Ordering::Equal)) {
            push(at, Rule::ExclusiveMinimum(min), value.to_string(), errors);
        }
    }

    /// `maximum`.
    #[inline]
    pub fn maximum<N: Number>(value: N, max: f64, at: &Path<'_>, errors: &mut ValidationErrors) {
        if value.compare(max) == Some(Ordering::Greater) {
            push(at, Rule::Maximum(max), value.to_string(), errors);
        }
    }

    /// `exclusiveMaximum`.
    #[inline]
    pub fn exclusive_maximum<N: Number>(
        value: N,
        max: f64,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        if matches!(
            value.compare(max),
            Some(Ordering::Greater | Ordering::Equal)
        ) {
            push(at, Rule::ExclusiveMaximum(max), value.to_string(), errors);
        }
    }

    /// `multipleOf`.
    #[inline]
    pub fn multiple_of<N: Number>(
        value: N,
        step: f64,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        if !value.is_multiple_of(step) {
            push(at, Rule::MultipleOf(step), value.to_string(), errors);
        }
    }

    /// `minItems`, given the number of items.
    #[inline]
    pub fn min_items(len: usize, min: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
        if (len as u64) < min {
            push(at, Rule::MinItems(min), len.to_string(), errors);
        }
    }

    /// `maxItems`, given the number of items.
    #[inline]
    pub fn max_items(len: usize, max: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
        if (len as u64) > max {
            push(at, Rule::MaxItems(max), len.to_string(), errors);
        }
    }

    /// `minProperties`, given the number of properties or entries.
    #[inline]
    pub fn min_properties(len: usize, min: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
        if (len as u64) < min {
            push(at, Rule::MinProperties(min), len.to_string(), errors);
        }
    }

    /// `maxProperties`, given the number of properties or entries.
    #[inline]
    pub fn max_properties(len: usize, max: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
        if (len as u64) > max {
            push(at, Rule::MaxProperties(max), len.to_string(), errors);
        }
    }

    /// `uniqueItems`: reports the first item equal to an earlier one, equal as JSON Schema
    /// has it (numbers by value: `0.0` equals `-0.0`, `1` equals `1.0`). Items are compared
    /// by a canonical JSON text, so that the check stays linear and gives the same answer
    /// for short and long arrays.
    pub fn unique_items<T>(items: &[T], at: &Path<'_>, errors: &mut ValidationErrors)
    where
        T: PartialEq + serde::Serialize,
    {
        let mut seen = std::collections::HashMap::with_capacity(items.len());
        let repeated = items.iter().enumerate().find_map(|(later, item)| {
            let value = serde_json::to_value(item).ok()?;
            let mut text = String::new();
            super::canonical_json(&value, &mut text);
            seen.insert(text, later).map(|earlier| (earlier, later))
        });
        if let Some((earlier, later)) = repeated {
            push(
                at,
                Rule::UniqueItems,
                format!("item {later} repeats item {earlier}"),
                errors,
            );
        }
    }

    /// `enum`/`const` on a string: one of `strings` (the allowed values that are strings);
    /// `allowed` are all allowed values as JSON text, for the message.
    pub fn one_of_str(
        value: &str,
        strings: &[&str],
        allowed: &'static [&'static str],
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        if !strings.contains(&value) {
            push(at, Rule::Enum(allowed), show_str(value), errors);
        }
    }

    /// `enum`/`const` on a number that the generated code has compared with the allowed
    /// values itself: `member` says whether it is one of them.
    pub fn one_of_number<N: Number>(
        value: N,
        member: bool,
        allowed: &'static [&'static str],
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        if !member {
            push(at, Rule::Enum(allowed), value.to_string(), errors);
        }
    }

    /// `enum`/`const` on a boolean: one of `flags`.
    pub fn one_of_bool(
        value: bool,
        flags: &[bool],
        allowed: &'static [&'static str],
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        if !flags.contains(&value) {
            push(at, Rule::Enum(allowed), value.to_string(), errors);
        }
    }

    /// `enum`/`const` on any JSON value: equal to one of `allowed` (JSON texts), numbers
    /// compared by value.
    pub fn one_of_json(
        value: &serde_json::Value,
        allowed: &'static [&'static str],
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        let member = allowed.iter().any(|text| {
            serde_json::from_str::<serde_json::Value>(text)
                .is_ok_and(|candidate| super::json_equal(&candidate, value))
        });
        if !member {
            push(at, Rule::Enum(allowed), show_json(value), errors);
        }
    }
}

/// Appends a JSON text of `value` that is the same for every two values [`json_equal`]
/// holds equal: object keys sorted, and numbers that are whole written as integers (`-0.0`
/// and `1.0` as `0` and `1`).
pub fn canonical_json(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    use std::fmt::Write as _;
    match value {
        Value::Number(number) if number.is_f64() => match number.as_f64() {
            Some(float) if float.fract() == 0.0 && (-9.2e18..1.8e19).contains(&float) => {
                if float < 0.0 {
                    let _ = write!(out, "{}", float as i64);
                } else {
                    let _ = write!(out, "{}", float as u64);
                }
            }
            _ => out.push_str(&number.to_string()),
        },
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                canonical_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (index, (key, item)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                canonical_json(item, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Whether two JSON values are equal, numbers compared by value (`1` equals `1.0`).
pub fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| json_equal(x, y)))
        }
        _ => a == b,
    }
}

/// Types without rules of their own: nothing to check.
macro_rules! no_rules {
    ($($ty:ty),* $(,)?) => {
        $(
            impl Validate for $ty {
                #[inline]
                fn validate_at(&self, _at: &Path<'_>, _errors: &mut ValidationErrors) {}
            }
        )*
    };
}

no_rules!(
    String,
    str,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>,
    chrono::NaiveDate,
    chrono::DateTime<chrono::FixedOffset>,
    chrono::DateTime<chrono::Utc>,
    LenientDateTime,
    Base64,
);

impl<T: Validate + ?Sized> Validate for Box<T> {
    #[inline]
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        (**self).validate_at(at, errors);
    }
}

impl<T: Validate> Validate for Option<T> {
    #[inline]
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if let Some(value) = self {
            value.validate_at(at, errors);
        }
    }
}

impl<T: Validate> Validate for Nullable<T> {
    #[inline]
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if let Nullable::Value(value) = self {
            value.validate_at(at, errors);
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if errors.too_deep(at) {
            return;
        }
        for (idx, item) in self.iter().enumerate() {
            item.validate_at(&at.index(idx), errors);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    #[inline]
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        self.as_slice().validate_at(at, errors);
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if errors.too_deep(at) {
            return;
        }
        for (key, value) in self {
            value.validate_at(&at.key(key), errors);
        }
    }
}

pub mod untagged {
    //! Reading untagged unions: the value is read once, the variant that accounts for it best is
    //! chosen by its shape, and only that variant is deserialized.
    //!
    //! serde's `#[serde(untagged)]` tries each variant in turn on a buffered copy, so a union
    //! nested in its own variants costs a number of attempts exponential in the depth, and the
    //! first variant that fits wins even when it drops keys a later one names. Here each variant
    //! is described by its [`Shape`]s (several for a variant that is itself a union); the
    //! variants whose shape admits the value's JSON kind are ranked by how many of their
    //! required keys are missing (and keys of the wrong kind, and texts their enum or literal
    //! fields do not list), then by how many of the value's keys they do not name, then by
    //! declared order, looking at the first level of the value only. The best is deserialized; the next ones are tried only while no union nested in
    //! the failed attempt had to try a second variant itself. A union that is a variant, or the
    //! items of an array variant, of another is read from the same value, not from a copy, so
    //! the work stays linear in the size of the value.

    use serde::de::{Deserialize, Deserializer, Error as _};
    use serde_json::Value;

    /// JSON kinds, as bits: which kinds a shape admits.
    pub const NULL: u8 = 1;
    /// `true` or `false`.
    pub const BOOL: u8 = 2;
    /// A number without fraction or exponent that fits an `i64` or `u64`.
    pub const INTEGER: u8 = 4;
    /// Any number.
    pub const NUMBER: u8 = 4 | 8;
    /// A string.
    pub const STRING: u8 = 16;
    /// An array.
    pub const ARRAY: u8 = 32;
    /// An object.
    pub const OBJECT: u8 = 64;
    /// Any JSON value.
    pub const ANY: u8 = 127;
    /// With a field's kinds: the field is required.
    pub const REQUIRED: u8 = 128;

    /// What one variant (or one variant of a union variant) accepts, as far as the first
    /// level of a value shows.
    #[derive(Debug, Clone, Copy)]
    pub enum Shape<'a> {
        /// A value of these kinds, looked at no deeper.
        Kinds(u8),
        /// An array whose items are of these kinds.
        Array(u8),
        /// An object whose values are of these kinds (a map).
        Map(u8),
        /// An object with these fields: wire name, and kinds with [`REQUIRED`] for a
        /// required field.
        Object(&'a [(&'a str, u8)]),
        /// An object with these fields, as [`Shape::Object`], some of which take only the
        /// texts listed with their wire name (the values of an enum, a literal): a text they do
        /// not list counts as a key of the wrong kind.
        Listed(&'a [(&'a str, u8)], &'a [(&'a str, &'a [&'a str])]),
    }

    std::thread_local! {
        /// How many times a union went on to its next variant, on this thread.
        static RETRIES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }

    /// Reads an untagged union with `read`, its `from_json` function, from a value read once.
    pub fn deserialize<'de, D, T>(
        deserializer: D,
        read: impl FnOnce(&Value) -> Result<T, serde_json::Error>,
    ) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
    {
        let value = Value::deserialize(deserializer)?;
        read(&value).map_err(D::Error::custom)
    }

    /// Reads `value` as the untagged union named `name` whose variants have `shapes`; `read`
    /// reads variant `idx` from the value.
    pub fn choose<T>(
        value: &Value,
        name: &'static str,
        shapes: &[&[Shape<'_>]],
        read: impl Fn(usize, &Value) -> Result<T, serde_json::Error>,
    ) -> Result<T, serde_json::Error> {
        for idx in ranked(value, shapes) {
            let before = RETRIES.with(|it| it.get());
            match read(idx, value) {
                Ok(it) => return Ok(it),
                // A union inside this attempt tried more than one variant: trying the next
                // variant here too would multiply the work at every level.
                Err(_) if RETRIES.with(|it| it.get()) != before => break,
                Err(_) => RETRIES.with(|it| it.set(before + 1)),
            }
        }
        Err(serde_json::Error::custom(format_args!(
            "data did not match any variant of untagged enum {name}"
        )))
    }

    /// The variants (indices into `shapes`) whose shape admits `value`, best first.
    pub fn ranked(value: &Value, shapes: &[&[Shape<'_>]]) -> Vec<usize> {
        let mut ranked: Vec<(u64, usize, usize)> = shapes
            .iter()
            .enumerate()
            .filter_map(|(idx, alternatives)| {
                let best = alternatives.iter().filter_map(|it| fit(it, value)).min()?;
                Some((best.0, best.1, idx))
            })
            .collect();
        ranked.sort_unstable();
        ranked.into_iter().map(|(_, _, idx)| idx).collect()
    }

    /// Reads an array of unions with `read`, their `from_json` function, without copying the
    /// items (as serde would, to read each one).
    pub fn items<T>(
        value: &Value,
        read: impl Fn(&Value) -> Result<T, serde_json::Error>,
    ) -> Result<Vec<T>, serde_json::Error> {
        match value {
            Value::Array(items) => items.iter().map(read).collect(),
            other => Err(serde_json::Error::custom(format_args!(
                "invalid type: {}, expected a sequence",
                kind_name(other)
            ))),
        }
    }

    fn kind_name(value: &Value) -> &'static str {
        match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "sequence",
            Value::Object(_) => "map",
        }
    }

    /// The JSON kind of `value`, as one of the kind bits.
    pub fn kind(value: &Value) -> u8 {
        match value {
            Value::Null => NULL,
            Value::Bool(_) => BOOL,
            Value::Number(n) if n.is_i64() || n.is_u64() => INTEGER,
            Value::Number(_) => NUMBER & !INTEGER,
            Value::String(_) => STRING,
            Value::Array(_) => ARRAY,
            Value::Object(_) => OBJECT,
        }
    }

    /// How well `shape` accounts for `value`: `None` when it does not admit the value's kind,
    /// else (keys or items that do not fit, keys it does not name); lower is better.
    fn fit(shape: &Shape<'_>, value: &Value) -> Option<(u64, usize)> {
        let admits = |kinds: u8, value: &Value| kinds & kind(value) != 0;
        match (shape, value) {
            (Shape::Kinds(kinds), Value::Object(map)) if admits(*kinds, value) => {
                Some((0, map.len()))
            }
            (Shape::Kinds(kinds), _) => admits(*kinds, value).then_some((0, 0)),
            (Shape::Array(items), Value::Array(values)) => {
                let misfits = values.iter().filter(|it| !admits(*items, it)).count();
                Some((misfits as u64, 0))
            }
            (Shape::Map(kinds), Value::Object(map)) => {
                let misfits = map.values().filter(|it| !admits(*kinds, it)).count();
                Some((misfits as u64, map.len()))
            }
            (Shape::Object(fields), Value::Object(map)) => {
                let mut misfits = 0;
                let mut named = 0;
                for (key, kinds) in fields.iter() {
                    match map.get(*key) {
                        Some(it) => {
                            named += 1;
                            if !admits(*kinds, it) {
                                misfits += 1;
                            }
                        }
                        None if kinds & REQUIRED != 0 => misfits += 1,
                        None => {}
                    }
                }
                Some((misfits, map.len() - named))
            }
            (Shape::Listed(fields, listed), Value::Object(map)) => {
                let (misfits, unnamed) = fit(&Shape::Object(fields), value)?;
                let unlisted = listed
                    .iter()
                    .filter(|(key, texts)| {
                        matches!(map.get(*key), Some(Value::String(text)) if !texts.contains(&text.as_str()))
                    })
                    .count();
                Some((misfits + unlisted as u64, unnamed))
            }
            _ => None,
        }
    }
}

/// Support for the example tests that specgen generates (`spec_examples.rs` in each API
/// module): each example of the spec is read into its type, validated, written back and read
/// again.
#[cfg(test)]
#[allow(dead_code)]
pub(crate) mod examples {
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

    fn same_text(a: &str, b: &str) -> bool {
        if a == b {
            return true;
        }
        type Stamp = chrono::DateTime<chrono::FixedOffset>;
        if let (Ok(a), Ok(b)) = (a.parse::<Stamp>(), b.parse::<Stamp>()) {
            return a == b;
        }
        if let (Ok(a), Ok(b)) = (
            a.parse::<chrono::NaiveDate>(),
            b.parse::<chrono::NaiveDate>(),
        ) {
            return a == b;
        }
        matches!(
            (super::Base64::decode(a), super::Base64::decode(b)),
            (Ok(a), Ok(b)) if a == b
        )
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

    #[test]
    fn patterns_translate_only_what_means_the_same() {
        assert_eq!(
            translate_pattern("^[A-Z]{2}-\\d+$").as_deref(),
            Some("^[\\x{41}-\\x{5A}]{2}\\x{2D}[0-9]+$")
        );
        assert_eq!(
            translate_pattern("a.b").as_deref(),
            Some("a[^\\x{A}\\x{D}\\x{2028}\\x{2029}]b")
        );
        assert_eq!(
            translate_pattern("[^\\s\\]-]").as_deref(),
            Some(
                "[^\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}\\x{5D}\\x{2D}]"
            )
        );
        for untranslated in [
            "\\bword", "(?=a)", "(a)\\1", "\\p{Lu}", "[]", "[^]", "(?<n>a)", "a]", "\\c",
        ] {
            assert_eq!(translate_pattern(untranslated), None, "{untranslated}");
        }
        // A negated set inside a class is a nested class, which `regex` reads as a union.
        assert_eq!(translate_pattern("[\\D]").as_deref(), Some("[[^0-9]]"));
    }

    #[test]
    fn translated_patterns_match_like_ecma_262() {
        let patterns = [
            "^[A-Z0-9-]{4,12}$",
            "^[0-9]{5}(-[0-9]{4})?$",
            "^\\+[1-9][0-9]{7,14}$",
            "^\\d{3}-\\d{2}-\\d{4}$",
            "^[a-z]+(?:_[a-z]+)*$",
            "\\w+@\\w+\\.com",
            "^.{2,3}$",
            "^\\S+\\s\\S+$",
            "a|bc|",
            "^[^a-c]*$",
            "x*?y+?z??",
            "^\\u00e9\\x41\\u{1F600}?$",
            "[\\[\\]\\\\/.]",
            "^[\\t\\n\\v\\f\\r\\0]+$",
            "^(ab){2}$",
            "^[a-]$",
            "^[\\--/]$",
            "^[\\w\\W]+$",
            "^[^\\D]+$",
            "^[a\\S]$",
            "^[^\\W\\s]*$",
        ];
        let inputs = [
            "",
            "a",
            "ab",
            "abab",
            "SKU-0001",
            "sku-0001",
            "12345",
            "12345-6789",
            "1234",
            "+14155550100",
            "123-45-6789",
            "foo_bar_baz",
            "Foo",
            "me@mail.com",
            "xy",
            "xyz",
            "x\ny",
            "x\u{2028}",
            "é",
            "éA",
            "éA😀",
            "😀😀",
            "a b",
            "a  b",
            "\u{a0}b",
            "[",
            "]",
            "\\",
            "/",
            ".",
            "\t\n",
            "\u{0}",
            "-",
            ".",
            "zzzz",
            "xyyyz",
            "bc",
        ];
        for pattern in patterns {
            let translated =
                translate_pattern(pattern).unwrap_or_else(|| panic!("{pattern} is not translated"));
            let fast = regex::Regex::new(&translated)
                .unwrap_or_else(|err| panic!("{pattern} as {translated}: {err}"));
            let ecma = regress::Regex::with_flags(pattern, "u").expect("valid ECMA-262");
            for input in inputs {
                assert_eq!(
                    fast.is_match(input),
                    ecma.find(input).is_some(),
                    "{pattern:?} (as {translated:?}) on {input:?}"
                );
            }
            let pattern = Box::leak(pattern.to_string().into_boxed_str());
            assert!(
                matches!(compile_engine(pattern), Some(Engine::Fast(_))),
                "{pattern}"
            );
        }
        // Lookaround, backreferences and word boundaries run with a budget.
        assert!(matches!(
            compile_engine("\\bis\\b"),
            Some(Engine::Bounded(_))
        ));
        assert!(!runs_in_linear_time("\\bis\\b") && runs_in_linear_time("^a+$"));
        // The legacy grammar's escapes are translated too.
        assert!(matches!(compile_engine("[\\w-.]"), Some(Engine::Fast(_))));
        assert!(matches!(
            compile_engine("^\\d+\\-\\d+$"),
            Some(Engine::Fast(_))
        ));
        assert!(compile_engine("(").is_none());
        let word = Pattern::new("\\bis\\b");
        assert_eq!(word.is_match("this is it"), Some(true));
        assert_eq!(word.is_match("this"), Some(false));
        assert_eq!(Pattern::new("(").is_match("x"), None);
    }

    #[test]
    fn patterns_with_lookaround_match_like_ecma_262() {
        let patterns = [
            "\\bis\\b",
            "\\Bs\\B",
            "^(?=.*\\d)(?=.*[a-z]).{6,}$",
            "^(?!www\\.)[a-z.]+$",
            "(?<=\\$)\\d+",
            "(?<!-)\\b\\d+",
            "^(\\w)\\w*\\1$",
            "^(?<q>['\"]).*\\k<q>$",
            "^[a-z]+(?=\\d)",
            "^\\uD83D\\uDE00|^é$",
        ];
        let inputs = [
            "",
            "this is it",
            "this",
            "is",
            "abc123",
            "abcdef",
            "www.example.com",
            "example.com",
            "$42",
            "-42",
            " 42",
            "abca",
            "abcb",
            "'quoted'",
            "'mixed\"",
            "ab1",
            "😀",
            "é",
            "sis",
            "s is",
            "ex.ample",
        ];
        for pattern in patterns {
            let translated = translate(pattern, Syntax::Unicode, true)
                .unwrap_or_else(|| panic!("{pattern} is not translated"));
            let bounded = fancy_regex::Regex::new(&translated)
                .unwrap_or_else(|err| panic!("{pattern} as {translated}: {err}"));
            let ecma = regress::Regex::with_flags(pattern, "u").expect("valid ECMA-262");
            for input in inputs {
                assert_eq!(
                    bounded.is_match(input).unwrap(),
                    ecma.find(input).is_some(),
                    "{pattern:?} (as {translated:?}) on {input:?}"
                );
            }
        }
    }

    #[test]
    fn backtracking_patterns_give_up_within_their_budget() {
        // Words separated by single spaces, as a spec might write it; 2^n steps for regress.
        static NESTED: Pattern = Pattern::new("^(\\w+\\s?)*\\b$");
        let long = format!("{}!", "a".repeat(200));
        assert_eq!(NESTED.matches("two words"), Match::Yes);
        assert_eq!(NESTED.matches("two  words"), Match::No);
        assert_eq!(NESTED.matches(&long), Match::OverBudget);
        assert_eq!(NESTED.is_match(&long), None);
        let mut errors = ValidationErrors::new();
        rules::pattern(&long, &NESTED, &Path::ROOT, &mut errors);
        assert_eq!(
            errors.iter().map(Violation::rule).collect::<Vec<_>>(),
            [&Rule::PatternBudget("^(\\w+\\s?)*\\b$")]
        );
        // Unicode properties run on the bounded engine too.
        static PROPERTY: Pattern = Pattern::new("^\\p{Lu}[\\p{Ll}\\d]$");
        assert_eq!(PROPERTY.matches("Éa"), Match::Yes);
        assert_eq!(PROPERTY.matches("éa"), Match::No);
        // A pattern neither engine expresses is never run unbounded.
        static LEGACY: Pattern = Pattern::new("^\\a$");
        assert_eq!(LEGACY.matches("a"), Match::OverBudget);
    }

    #[test]
    fn untagged_unions_choose_the_variant_that_names_the_keys() {
        use untagged::{INTEGER, NULL, REQUIRED, STRING, Shape, choose};
        const SHAPES: &[&[Shape]] = &[
            &[Shape::Object(&[
                ("id", REQUIRED | INTEGER),
                ("a", STRING | NULL),
            ])],
            &[Shape::Object(&[
                ("id", REQUIRED | INTEGER),
                ("b", STRING | NULL),
            ])],
            &[Shape::Kinds(STRING), Shape::Array(STRING)],
        ];
        let pick = |value: serde_json::Value| {
            choose(&value, "U", SHAPES, |idx, _| {
                Ok::<usize, serde_json::Error>(idx)
            })
        };
        assert_eq!(pick(serde_json::json!({"id": 1, "b": "x"})).unwrap(), 1);
        assert_eq!(pick(serde_json::json!({"id": 1, "a": "x"})).unwrap(), 0);
        // A tie goes to the first listed; a wrong kind counts like a missing key.
        assert_eq!(pick(serde_json::json!({"id": 1})).unwrap(), 0);
        assert_eq!(
            pick(serde_json::json!({"id": 1, "a": 2, "b": "x"})).unwrap(),
            1
        );
        assert_eq!(pick(serde_json::json!(["x"])).unwrap(), 2);
        let err = pick(serde_json::json!(true)).unwrap_err().to_string();
        assert_eq!(err, "data did not match any variant of untagged enum U");
        // When the best variant does not read, the next is tried.
        let value = serde_json::json!({"id": 1, "a": "x"});
        let second = choose(&value, "U", SHAPES, |idx, _| {
            if idx == 0 {
                Err(serde::de::Error::custom("no"))
            } else {
                Ok(idx)
            }
        });
        assert_eq!(second.unwrap(), 1);
    }

    #[test]
    fn pointers_escape_keys() {
        let root = Path::ROOT;
        let a = root.key("a/b");
        let b = a.index(3);
        let c = b.key("~x");
        assert_eq!(c.pointer(), "/a~1b/3/~0x");
        assert_eq!(c.depth(), 3);
        assert_eq!(root.pointer(), "");
    }

    #[test]
    fn numbers_compare_exactly() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        assert_eq!(
            9_007_199_254_740_993_i64.compare(9_007_199_254_740_992.0),
            Some(Greater)
        );
        assert_eq!(i64::MAX.compare(9.3e18), Some(Less));
        assert_eq!(i64::MIN.compare(-9.3e18), Some(Greater));
        assert_eq!(3_i64.compare(2.5), Some(Greater));
        assert_eq!(2_i64.compare(2.5), Some(Less));
        assert_eq!(2_i32.compare(2.0), Some(Equal));
        assert_eq!(0.1_f32.compare(0.1), Some(Equal));
        assert_eq!(1_i64.compare(f64::NAN), None);
        assert!(15_i64.is_multiple_of(5.0) && !16_i64.is_multiple_of(5.0));
        assert!(i64::MIN.is_multiple_of(-1.0) && 3_i64.is_multiple_of(0.5));
        assert!(0.3_f64.is_multiple_of(0.1) && 1234.56_f64.is_multiple_of(0.01));
        assert!(!0.35_f64.is_multiple_of(0.1) && !f64::INFINITY.is_multiple_of(1.0));
        assert!(0.3_f32.is_multiple_of(0.1) && !0.35_f32.is_multiple_of(0.1));
    }

    #[test]
    fn formats_with_a_check() {
        let cases = [
            ("date", "2024-02-29", true),
            ("date", "2023-02-29", false),
            ("date", "2024-2-29", false),
            ("date-time", "2024-05-01T12:30:00Z", true),
            ("date-time", "2024-05-01t12:30:00.5+02:00", true),
            ("date-time", "2024-05-01 12:30:00Z", false),
            ("date-time", "2024-05-01T12:30:00", false),
            ("uuid", "6F1C2A9E-0B7D-4C3E-9A51-2F8E7D6C5B4A", true),
            ("uuid", "6f1c2a9e0b7d4c3e9a512f8e7d6c5b4a", false),
            ("email", "a.b+c@example.co.uk", true),
            ("email", "\"a b\"@example.com", true),
            ("email", "a@[IPv6:::1]", true),
            ("email", "a..b@example.com", false),
            ("email", "a@-example.com", false),
            ("email", "@example.com", false),
            ("uri", "https://example.com/a?b=c#d", true),
            ("uri", "urn:isbn:0451450523", true),
            ("uri", "mailto:a@b.c", true),
            ("uri", "/relative/path", false),
            ("uri", "https://example.com/a b", false),
            ("uri", "https://example.com/%zz", false),
            ("ipv4", "192.168.0.1", true),
            ("ipv4", "256.1.1.1", false),
            ("ipv6", "2001:db8::1", true),
            ("ipv6", "2001:db8::g", false),
        ];
        for (format, value, valid) in cases {
            assert_eq!(
                format_matches(format, value),
                Some(valid),
                "{format}: {value}"
            );
        }
        assert_eq!(format_matches("phone", "x"), None);
    }

    #[test]
    fn violations_read_as_sentences() {
        let mut errors = ValidationErrors::new();
        let at = Path::ROOT.key("code");
        rules::max_length("ABCDEFGHIJ", 8, &at, &mut errors);
        rules::min_items(0, 1, &Path::ROOT, &mut errors);
        rules::one_of_number(2_i64, false, &["1", "3"], &at, &mut errors);
        rules::unique_items(&[1, 2, 1], &at, &mut errors);
        let start = errors.len();
        rules::min_length("secret", 12, &Path::ROOT.key("password"), &mut errors);
        errors.redact_from(start);
        assert_eq!(
            errors.to_string(),
            "/code: must be at most 8 characters long, got \"ABCDEFGHIJ\"\n\
             (root): must have at least 1 item, got 0\n\
             /code: must be one of 1, 3, got 2\n\
             /code: must not have duplicate items (item 2 repeats item 0)\n\
             /password: must be at least 12 characters long"
        );
        let keywords: Vec<&str> = errors.iter().map(|v| v.rule().keyword()).collect();
        assert_eq!(
            keywords,
            ["maxLength", "minItems", "enum", "uniqueItems", "minLength"]
        );
        assert_eq!(errors.clone().into_result(), Err(errors));
        assert_eq!(ValidationErrors::new().into_result(), Ok(()));
    }
}
