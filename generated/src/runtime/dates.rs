//! Dates and date-times (the `chrono` crate): the strict reading of RFC 3339 full-dates and
//! [`LenientDateTime`] for APIs whose date-times may lack a UTC offset.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Nullable, Path, Validate, ValidationErrors, format_matches, is_date};

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
/// [`deserialize_present`](super::deserialize_present)): `null` is an error.
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
/// [`deserialize_nullable`](super::deserialize_nullable)).
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

/// Dates and date-times have no rules of their own: nothing to check.
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
    chrono::NaiveDate,
    chrono::DateTime<chrono::FixedOffset>,
    chrono::DateTime<chrono::Utc>,
    LenientDateTime,
);

/// Whether two texts are the same date or the same instant, for the example tests.
#[cfg(test)]
pub(super) fn same_value(a: &str, b: &str) -> bool {
    type Stamp = chrono::DateTime<chrono::FixedOffset>;
    if let (Ok(a), Ok(b)) = (a.parse::<Stamp>(), b.parse::<Stamp>()) {
        return a == b;
    }
    matches!(
        (a.parse::<chrono::NaiveDate>(), b.parse::<chrono::NaiveDate>()),
        (Ok(a), Ok(b)) if a == b
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `date` and `date-time` formats are checked without chrono, so that a crate with
    /// such rules on strings needs no date crate; chrono reads the same texts.
    #[test]
    fn format_checks_agree_with_chrono() {
        let texts = [
            "2024-05-01T12:30:00Z",
            "2024-05-01t12:30:00.5+02:00",
            "2024-05-01T12:30:00.123456789-11:59",
            "2024-05-01T23:59:60Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:60:00Z",
            "2024-05-01T12:30:00+24:00",
            "2024-05-01T12:30:00+02:60",
            "2024-05-01T12:30:00.Z",
            "2024-05-01T12:30Z",
            "2024-05-01T12:30:00",
            "2024-05-01T12:30:00+0200",
            "2024-02-30T12:30:00Z",
            "2023-02-29T00:00:00z",
            "2024-02-29T00:00:00z",
            "2024-05-01T12:30:00Zjunk",
            "2024-05-01T1:30:00Z",
        ];
        for text in texts {
            assert_eq!(
                super::super::format_matches("date-time", text),
                Some(chrono::DateTime::parse_from_rfc3339(text).is_ok()),
                "{text}"
            );
        }
        for text in [
            "2024-02-29",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "0000-01-01",
        ] {
            assert_eq!(
                super::super::format_matches("date", text),
                Some(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()),
                "{text}"
            );
        }
        let strict: Result<StrictDate, _> = serde_json::from_str("\"+002024-01-31\"");
        assert!(strict.is_err());
    }
}
