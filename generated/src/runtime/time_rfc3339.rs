//! [`OffsetTime`] and [`CivilDate`]: date-times and dates held as the `time` crate's
//! `OffsetDateTime` and `Date` (`rust.date_time: time`), read and written as RFC 3339 text.
//! time's own serde impls write another format, so the generated types hold these newtypes,
//! which dereference to time's types and convert to and from them.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use ::time::format_description::well_known::Rfc3339;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Validate;

/// A date-time with its UTC offset (`2024-01-31T12:00:00+02:00`), as `time`'s
/// `OffsetDateTime`; written back with the offset it was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OffsetTime(pub ::time::OffsetDateTime);

/// An RFC 3339 full-date (`2024-01-31`: a four-digit year), as `time`'s `Date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CivilDate(pub ::time::Date);

/// The full-date format: `[year]` pads to four digits and, without time's `large-dates`,
/// reads exactly four.
const FULL_DATE: &[::time::format_description::BorrowedFormatItem<'static>] =
    ::time::macros::format_description!("[year]-[month]-[day]");

impl Deref for OffsetTime {
    type Target = ::time::OffsetDateTime;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl Deref for CivilDate {
    type Target = ::time::Date;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<::time::OffsetDateTime> for OffsetTime {
    fn from(value: ::time::OffsetDateTime) -> Self {
        OffsetTime(value)
    }
}

impl From<OffsetTime> for ::time::OffsetDateTime {
    fn from(value: OffsetTime) -> Self {
        value.0
    }
}

impl From<::time::Date> for CivilDate {
    fn from(value: ::time::Date) -> Self {
        CivilDate(value)
    }
}

impl From<CivilDate> for ::time::Date {
    fn from(value: CivilDate) -> Self {
        value.0
    }
}

impl std::str::FromStr for OffsetTime {
    type Err = ::time::error::Parse;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ::time::OffsetDateTime::parse(text, &Rfc3339).map(OffsetTime)
    }
}

impl std::str::FromStr for CivilDate {
    type Err = ::time::error::Parse;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ::time::Date::parse(text, FULL_DATE).map(CivilDate)
    }
}

impl fmt::Display for OffsetTime {
    /// RFC 3339; a value time cannot write so (a year beyond 9999, an offset with seconds)
    /// is an error.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.format(&Rfc3339).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.format(FULL_DATE).map_err(|_| fmt::Error)?)
    }
}

impl Serialize for OffsetTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.0.format(&Rfc3339).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl Serialize for CivilDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self
            .0
            .format(FULL_DATE)
            .map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for OffsetTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(|_| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"an RFC 3339 date-time with a UTC offset",
            )
        })
    }
}

impl<'de> Deserialize<'de> for CivilDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(|_| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"an RFC 3339 full-date (YYYY-MM-DD)",
            )
        })
    }
}

/// Dates and date-times carry no rules of their own.
impl Validate for OffsetTime {}

/// Dates and date-times carry no rules of their own.
impl Validate for CivilDate {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_keep_their_offset_and_dates_their_four_digit_year() {
        let at: OffsetTime = serde_json::from_str("\"2020-02-29T12:00:00+02:00\"").unwrap();
        assert_eq!(at.offset().whole_hours(), 2);
        assert_eq!(
            serde_json::to_string(&at).unwrap(),
            "\"2020-02-29T12:00:00+02:00\""
        );
        let day: CivilDate = serde_json::from_str("\"2020-02-29\"").unwrap();
        assert_eq!(serde_json::to_string(&day).unwrap(), "\"2020-02-29\"");
        for bad in [
            "\"2020-02-29T12:00:00\"",
            "\"+002020-02-29T12:00:00Z\"",
            "12",
        ] {
            assert!(serde_json::from_str::<OffsetTime>(bad).is_err(), "{bad}");
        }
        for bad in ["\"+002020-02-29\"", "\"2020-02-30\"", "\"20-02-29\""] {
            assert!(serde_json::from_str::<CivilDate>(bad).is_err(), "{bad}");
        }
    }
}
