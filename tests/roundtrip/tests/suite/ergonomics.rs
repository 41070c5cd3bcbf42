//! What the generated types offer beyond serde: string enums print and parse their wire text
//! (`Display`, `FromStr`, `as_str()`, `ALL`), closed and open alike; unions convert from their
//! variants' types; `new` and `Nullable`'s conversions make optional, nullable fields short to
//! set.

use roundtrip::runtime::Nullable;
use roundtrip::shapes::{ChargeAccount, ChargeStatus, CodeOrCounts};
use roundtrip::weather::{Sky, Station, StationWind};
use serde_json::json;

use super::round_trip;

#[test]
fn closed_enums_print_and_parse_their_wire_text() {
    assert_eq!(Sky::ALL, &[Sky::Clear, Sky::PartlyCloudy, Sky::Overcast]);
    for sky in Sky::ALL {
        let text = sky.to_string();
        assert_eq!(text, sky.as_str());
        assert_eq!(serde_json::to_value(sky).unwrap(), json!(text));
        assert_eq!(text.parse::<Sky>().unwrap(), *sky);
    }
    assert_eq!("partly-cloudy".parse::<Sky>().unwrap(), Sky::PartlyCloudy);
    let err = "drizzle".parse::<Sky>().unwrap_err().to_string();
    assert!(
        err.contains("drizzle") && err.contains("partly-cloudy"),
        "the error names the value and the expected ones: {err}"
    );
}

#[test]
fn open_enums_keep_and_print_values_they_do_not_list() {
    assert_eq!(
        ChargeStatus::ALL,
        &[ChargeStatus::Pending, ChargeStatus::Paid]
    );
    assert_eq!("paid".parse::<ChargeStatus>().unwrap(), ChargeStatus::Paid);
    let refunded: ChargeStatus = "refunded".parse().unwrap();
    assert_eq!(refunded, ChargeStatus::Unknown("refunded".into()));
    assert_eq!(refunded.to_string(), "refunded");
    assert_eq!(round_trip::<ChargeStatus>(json!("refunded")), refunded);
    assert_eq!(ChargeStatus::Pending.to_string(), "pending");
}

#[test]
fn unions_convert_from_their_variants_types() {
    assert_eq!(StationWind::from(12.5), StationWind::Number(12.5));
    assert_eq!(
        StationWind::from("calm".to_string()),
        StationWind::Str("calm".into())
    );
    let counts: CodeOrCounts = vec![1, 2].into();
    assert_eq!(serde_json::to_value(&counts).unwrap(), json!([1, 2]));
    let account: ChargeAccount = "acct_1".to_string().into();
    assert_eq!(serde_json::to_value(&account).unwrap(), json!("acct_1"));
}

#[test]
fn nullable_fields_are_set_through_into() {
    let station = Station {
        wind: Some(StationWind::from(3.0).into()),
        sensors: Some(vec!["anemometer".into()]),
        ..Station::new("st-1", vec![Some(1.5), None])
    };
    assert_eq!(
        serde_json::to_value(&station).unwrap(),
        json!({"id": "st-1", "readings": [1.5, null], "wind": 3.0, "sensors": ["anemometer"]})
    );
    let calm = Station {
        wind: Some(Nullable::Null),
        ..Station::new("st-2", Vec::new())
    };
    assert_eq!(
        round_trip::<Station>(json!({"id": "st-2", "readings": [], "wind": null})),
        calm
    );
}
