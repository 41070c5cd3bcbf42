//! Arrays and maps whose items and values may be `null` (the `weather` sample,
//! `tests/roundtrip/specs/weather/openapi.yaml`): `null` items read as `None` and are written
//! back as `null`, and validation checks the rules of the items that are not `null` only.

use roundtrip::runtime::Nullable;
use roundtrip::{Observer, Station, StationWind, Validate};
use serde_json::{Value, json};

use super::round_trip;

/// A station with a `null` among the items of every array and values of the map.
fn with_gaps() -> Value {
    json!({
        "id": "st-1",
        "readings": [12.5, null, -3.25],
        "labels": ["north", null],
        "observers": [{"name": "Ada"}, null],
        "rainfall": {"mon": 3, "tue": null},
        "sensors": ["thermometer"],
    })
}

/// The violations of `json`, as `(pointer, keyword)` pairs.
fn violations(json: Value) -> Vec<(String, &'static str)> {
    let station: Station =
        serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{json}: {e}"));
    match station.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|v| (v.pointer().to_string(), v.rule().keyword()))
            .collect(),
    }
}

#[test]
fn null_items_and_values_read_as_none_and_write_back_as_null() {
    let station: Station = round_trip(with_gaps());
    assert_eq!(station.readings, [Some(12.5), None, Some(-3.25)]);
    assert_eq!(station.labels, Some(vec![Some("north".into()), None]));
    assert_eq!(
        station.observers,
        Some(vec![Some(Observer { name: "Ada".into() }), None])
    );
    let rainfall = station.rainfall.expect("rainfall is read");
    assert_eq!(rainfall.get("mon"), Some(&Some(3)));
    assert_eq!(rainfall.get("tue"), Some(&None));
    // Only nulls, and no items at all, are values too.
    let station: Station = round_trip(json!({
        "id": "st-2",
        "readings": [null, null],
        "rainfall": {"mon": null},
        "observers": [],
    }));
    assert_eq!(station.readings, [None, None]);
}

#[test]
fn a_union_with_a_member_that_may_be_null_reads_null() {
    let mut json = with_gaps();
    json["wind"] = Value::Null;
    let station: Station = round_trip(json.clone());
    assert_eq!(station.wind, Some(Nullable::Null));
    json["wind"] = json!(12.5);
    let station: Station = round_trip(json.clone());
    assert_eq!(
        station.wind,
        Some(Nullable::Value(StationWind::Number(12.5)))
    );
    json["wind"] = json!("calm");
    let station: Station = round_trip(json);
    assert_eq!(
        station.wind,
        Some(Nullable::Value(StationWind::Str("calm".into())))
    );
}

#[test]
fn items_that_may_not_be_null_still_reject_null() {
    let mut json = with_gaps();
    json["sensors"] = json!(["thermometer", null]);
    let err = serde_json::from_value::<Station>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid type: null"), "{err}");
}

#[test]
fn validation_skips_null_items_and_checks_the_others() {
    assert_eq!(violations(with_gaps()), []);
    let broken = json!({
        "id": "st-3",
        "readings": [null, -100, 20, 61],
        "labels": [null, "", "south"],
        "observers": [null, {"name": ""}],
        "rainfall": {"mon": null, "tue": -1, "wed": 0},
    });
    assert_eq!(
        violations(broken),
        [
            ("/readings/1".to_string(), "minimum"),
            ("/readings/3".to_string(), "maximum"),
            ("/labels/1".to_string(), "minLength"),
            ("/observers/1/name".to_string(), "minLength"),
            ("/rainfall/tue".to_string(), "minimum"),
        ]
    );
}
