//! Reading and checking values at the edges, on the `edges` sample
//! (`tests/roundtrip/specs/edges/openapi.yaml`): numbers beyond the `f32` range, unique items
//! compared as JSON Schema compares numbers, dates with a year of other than four digits, and
//! `null` in optional properties that are not nullable, and date-times without a UTC offset
//! (read leniently: the sample's config says `date_times: lenient`).

use roundtrip::Validate;
use roundtrip::ValidationErrors;
use roundtrip::edges::Reading;
use roundtrip::runtime::{Path, rules};
use serde_json::{Value, json};

fn valid() -> Value {
    json!({
        "taken": "2024-01-31",
        "recorded": "2018-01-01T00:01:01",
        "checked": "2024-02-01",
        "expires": null,
        "level": 0.5,
        "gain": 2.0,
        "samples": [1.5, 2.5],
        "note": "calibrated",
        "extra": null
    })
}

fn with(edit: impl FnOnce(&mut Value)) -> Value {
    let mut json = valid();
    edit(&mut json);
    json
}

/// The keywords of the violations of `json`, read as a `Reading`.
fn violations(json: Value) -> Vec<(String, &'static str)> {
    let reading: Reading = serde_json::from_value(json).expect("reads");
    match reading.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|v| (v.pointer().to_string(), v.rule().keyword()))
            .collect(),
    }
}

#[test]
fn the_sample_round_trips_and_is_valid() {
    let reading: Reading = super::round_trip(valid());
    assert_eq!(reading.validate(), Ok(()));
}

#[test]
fn numbers_beyond_the_f32_range_are_violations() {
    for (value, keyword) in [(json!(1e39), "maximum"), (json!(-1e39), "minimum")] {
        assert_eq!(
            violations(with(|j| j["level"] = value.clone())),
            [("/level".to_string(), keyword)],
            "{value}"
        );
    }
    // The spec's own limit still applies; the range is checked beside it.
    assert_eq!(
        violations(with(|j| j["gain"] = json!(1e39))),
        [("/gain".to_string(), "maximum")]
    );
    assert_eq!(violations(with(|j| j["level"] = json!(3.4e38))), []);
}

#[test]
fn zero_and_negative_zero_are_the_same_item_at_any_length() {
    for len in [2, 15, 16, 17, 40] {
        let mut samples: Vec<Value> = (1..len).map(|n| json!(n as f64 + 0.5)).collect();
        samples.insert(0, json!(0.0));
        samples.push(json!(-0.0));
        assert_eq!(
            violations(with(|j| j["samples"] = json!(samples))),
            [("/samples".to_string(), "uniqueItems")],
            "{len} items"
        );
    }
}

#[test]
fn unique_items_compare_json_numbers_by_value() {
    let check = |items: Vec<Value>| {
        let mut errors = ValidationErrors::new();
        rules::unique_items(&items, &Path::ROOT, &mut errors);
        errors.len()
    };
    for len in [3, 20] {
        let mut items: Vec<Value> = (0..len).map(|n| json!({"n": n, "s": "x"})).collect();
        assert_eq!(check(items.clone()), 0, "{len}");
        // The same object with its keys in another order and a whole float for an integer.
        items.push(json!({"s": "x", "n": 1.0}));
        assert_eq!(check(items), 1, "{len}");
    }
}

#[test]
fn dates_have_exactly_four_digits_of_year() {
    for date in ["+002024-01-31", "-002024-01-31", "02024-01-31", "24-01-31"] {
        for field in ["taken", "checked", "expires"] {
            let json = with(|j| j[field] = json!(date));
            assert!(
                serde_json::from_value::<Reading>(json).is_err(),
                "{field}: {date} reads"
            );
        }
    }
    let reading: Reading = super::round_trip(with(|j| j["expires"] = json!("2025-12-31")));
    let expires = reading.expires.and_then(|date| date.into_option());
    assert_eq!(
        expires.map(|d| d.to_string()).as_deref(),
        Some("2025-12-31")
    );
}

#[test]
fn null_in_an_optional_property_that_is_not_nullable_does_not_read() {
    for field in ["checked", "gain", "samples", "note"] {
        let json = with(|j| j[field] = Value::Null);
        let err = serde_json::from_value::<Reading>(json).unwrap_err();
        assert!(err.to_string().contains("null"), "{field}: {err}");
    }
    // Absent is fine; a property of any type keeps its `null`.
    let reading: Reading = super::round_trip(with(|j| {
        j.as_object_mut().unwrap().remove("note");
    }));
    assert_eq!(reading.note, None);
    assert_eq!(reading.extra, Some(Value::Null));
}

#[test]
fn date_times_without_an_offset_read_as_utc_and_write_back_as_sent() {
    for (text, utc) in [
        ("2018-01-01T00:01:01", "2018-01-01T00:01:01+00:00"),
        ("2018-01-01T00:01:01.50", "2018-01-01T00:01:01.500+00:00"),
        ("2018-01-01T02:01:01+02:00", "2018-01-01T00:01:01+00:00"),
    ] {
        let reading: Reading = super::round_trip(with(|j| j["recorded"] = json!(text)));
        let recorded = reading.recorded.expect("present");
        assert_eq!(recorded.as_str(), text);
        assert_eq!(recorded.has_offset(), text.ends_with("+02:00"));
        assert_eq!(
            recorded.value().with_timezone(&chrono::Utc),
            chrono::DateTime::parse_from_rfc3339(utc).unwrap()
        );
    }
    for bad in [
        "2018-01-01",
        "2018-13-01T00:01:01",
        "+002018-01-01T00:01:01",
        "noon",
    ] {
        let json = with(|j| j["recorded"] = json!(bad));
        assert!(
            serde_json::from_value::<Reading>(json).is_err(),
            "{bad} reads"
        );
    }
}
