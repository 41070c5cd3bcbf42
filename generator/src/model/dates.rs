//! Which Rust types dates and date-times are (`rust.date_time` in the config, and
//! `date_times: lenient`): chrono's `DateTime<FixedOffset>` (the default, keeping the offset a
//! value was sent with), `DateTime<Utc>`, jiff's `Timestamp` (RFC 3339 on the wire, like
//! chrono's), `time`'s `OffsetDateTime` and `Date` in the runtime's RFC 3339 newtypes
//! (`OffsetTime`, `CivilDate`: time's own serde format is not RFC 3339), or a plain `String` that reads any text and depends on no date crate. Every phase
//! that writes or checks one of these types asks here, so the field, the client, the example
//! tests and the example checker agree.

use super::Api;

/// The Rust type of date-times (and, following it, of dates).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateTimeChoice {
    /// `chrono::DateTime<chrono::FixedOffset>` and `chrono::NaiveDate`.
    #[default]
    FixedOffset,
    /// `chrono::DateTime<chrono::Utc>` (read with any offset, written in UTC) and
    /// `chrono::NaiveDate`.
    Utc,
    /// `jiff::Timestamp` and `jiff::civil::Date`, both read and written as RFC 3339 has them.
    Jiff,
    /// `time::OffsetDateTime` and `time::Date`, in the runtime's newtypes `OffsetTime` and
    /// `CivilDate`, which read and write them as RFC 3339 has them.
    Time,
    /// `String` for both: any text reads, nothing is checked, no date crate is needed.
    String,
}

impl DateTimeChoice {
    /// Every choice, by the name the config gives it.
    pub const ALL: [(&'static str, DateTimeChoice); 5] = [
        ("fixed_offset", DateTimeChoice::FixedOffset),
        ("utc", DateTimeChoice::Utc),
        ("jiff", DateTimeChoice::Jiff),
        ("time", DateTimeChoice::Time),
        ("string", DateTimeChoice::String),
    ];
}

/// The Rust type of a date-time of `api`, as a path (`String` unqualified). `date_times:
/// lenient` makes it the runtime's `LenientDateTime` unless date-times are strings, which read
/// any text already.
pub fn date_time_type(api: &Api) -> &'static str {
    match api.rust.date_time {
        DateTimeChoice::String => "String",
        _ if api.lenient_date_times => "crate::runtime::LenientDateTime",
        DateTimeChoice::Jiff => "jiff::Timestamp",
        DateTimeChoice::Time => "crate::runtime::OffsetTime",
        DateTimeChoice::Utc => "chrono::DateTime<chrono::Utc>",
        DateTimeChoice::FixedOffset => "chrono::DateTime<chrono::FixedOffset>",
    }
}

/// The Rust type of a date (`format: date`) of `api`, as a path (`String` unqualified).
pub fn date_type(api: &Api) -> &'static str {
    match api.rust.date_time {
        DateTimeChoice::String => "String",
        DateTimeChoice::Jiff => "jiff::civil::Date",
        DateTimeChoice::Time => "crate::runtime::CivilDate",
        DateTimeChoice::FixedOffset | DateTimeChoice::Utc => "chrono::NaiveDate",
    }
}

/// Whether dates of `api` are chrono's `NaiveDate`, which the runtime's strict readers hold to
/// RFC 3339's four-digit years.
pub fn chrono_dates(api: &Api) -> bool {
    date_type(api) == "chrono::NaiveDate"
}

/// Whether a crate holding dates or date-times of `api` needs the runtime's dates part
/// (chrono): every choice but `string`. chrono's types and the lenient reader are built on it,
/// and the example tests of jiff's `Timestamp`, written back in UTC, compare instants with it.
pub fn uses_chrono(api: &Api) -> bool {
    api.rust.date_time != DateTimeChoice::String
}

/// Whether the dates or date-times of `api` are the runtime's newtypes over the `time` crate
/// (unless lenient date-times make those chrono's).
pub fn uses_time(api: &Api) -> bool {
    [date_type(api), date_time_type(api)].iter().any(|it| {
        matches!(
            *it,
            "crate::runtime::OffsetTime" | "crate::runtime::CivilDate"
        )
    })
}

/// Whether the generated crate of `apis` needs the `jiff` crate.
pub fn uses_jiff(apis: &[Api]) -> bool {
    apis.iter()
        .any(|api| api.rust.date_time == DateTimeChoice::Jiff)
}
