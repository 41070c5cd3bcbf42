//! Responses that real APIs send and a spec does not foresee: enum values added since the spec
//! was written, and expandable fields (an id, or the whole object) whose objects would make
//! every holder large (`tests/roundtrip/specs/shapes/openapi.yaml`, `Charge`).

use roundtrip::{Charge, ChargeAccount, ChargeStatus, Priority, ShapesAccount, Validate};

/// Reads `text` as `T` and checks it writes back byte for byte.
fn byte_round_trip<T>(text: &str) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let parsed: T =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{text} does not read: {e}"));
    assert_eq!(serde_json::to_string(&parsed).unwrap(), text);
    parsed
}

#[test]
fn a_new_enum_value_survives_a_round_trip_byte_for_byte() {
    let text = r#"{"id":"ch_1","status":"requires_review","priority":7,"account":"acct_1"}"#;
    let charge: Charge = byte_round_trip(text);
    assert_eq!(
        charge.status,
        ChargeStatus::Unknown("requires_review".into())
    );
    assert_eq!(charge.priority, Some(Priority::Unknown(7)));
    assert_eq!(charge.status.as_str(), "requires_review");
    let known: Charge =
        byte_round_trip(r#"{"id":"ch_2","status":"paid","priority":2,"account":"acct_1"}"#);
    assert_eq!(known.status, ChargeStatus::Paid);
    assert_eq!(known.priority, Some(Priority::V2));
}

#[test]
fn validate_reports_values_the_spec_does_not_list() {
    let charge: Charge = serde_json::from_str(
        r#"{"id":"ch_1","status":"requires_review","priority":7,"account":"acct_1"}"#,
    )
    .unwrap();
    let errors = charge.validate().unwrap_err();
    let found: Vec<(String, &str)> = errors
        .iter()
        .map(|violation| (violation.pointer().to_string(), violation.rule().keyword()))
        .collect();
    assert_eq!(
        found,
        [
            ("/status".to_string(), "enum"),
            ("/priority".to_string(), "enum")
        ]
    );
    let known: Charge =
        serde_json::from_str(r#"{"id":"ch_2","status":"paid","account":"acct_1"}"#).unwrap();
    assert_eq!(known.validate(), Ok(()));
}

#[test]
fn an_expandable_field_holding_a_large_object_stays_small() {
    let expanded: Charge = byte_round_trip(
        r#"{"id":"ch_1","status":"paid","account":{"id":"acct_1","name":"Ada","email":"ada@example.com","country":"GB","currency":"gbp","phone":"+44","website":"https://example.com","statement":"ADA"},"refunds":{"id":"ch_0","status":"pending","account":"acct_1"}}"#,
    );
    let ChargeAccount::Account(account) = &expanded.account else {
        panic!("the expanded account read as {:?}", expanded.account);
    };
    assert_eq!(account.name.as_deref(), Some("Ada"));
    // The account is held behind a pointer: the union is a string or a box, whatever the
    // account's size.
    let account_size = size_of::<ShapesAccount>();
    assert!(account_size > 128, "the account is {account_size} bytes");
    assert!(
        size_of::<ChargeAccount>() <= 32,
        "{}",
        size_of::<ChargeAccount>()
    );
    assert!(size_of::<Charge>() <= 128, "{}", size_of::<Charge>());
}
