//! Building Prove's request values as a user of the generated crate would: `new` with the
//! required fields, struct update syntax for the optional ones, `Default` where every field
//! may be left out; each value writes the JSON Prove expects, reads back equal, and passes
//! `validate()`.

use generated::{
    V3ChallengeAddressEntryRequest, V3ChallengeIndividualRequest, V3ChallengeRequest,
    V3StartRequest, V3TokenRequest, Validate,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

/// Writes `value` as JSON, checks it is `expected`, reads it back and checks it is `value`.
fn round_trip<T>(value: &T, expected: serde_json::Value)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + Validate,
{
    let json = serde_json::to_value(value).unwrap();
    assert_eq!(json, expected);
    let back: T = serde_json::from_value(json).unwrap();
    assert_eq!(&back, value);
    assert!(value.validate().is_ok(), "{:?}", value.validate());
}

#[test]
fn new_takes_the_required_fields_and_leaves_the_rest_out() {
    let start = V3StartRequest::new("mobile");
    assert_eq!(start.flow_type, "mobile");
    assert_eq!(start.phone_number, None);
    round_trip(&start, json!({"flowType": "mobile"}));

    let start = V3StartRequest {
        phone_number: Some("2001004014".into()),
        final_target_url: Some("https://www.example.com/landing-page".into()),
        ..V3StartRequest::new("desktop")
    };
    round_trip(
        &start,
        json!({
            "flowType": "desktop",
            "phoneNumber": "2001004014",
            "finalTargetUrl": "https://www.example.com/landing-page",
        }),
    );
}

#[test]
fn new_is_the_struct_literal_with_every_required_field() {
    let literal = V3TokenRequest {
        client_id: "customer_id".to_string(),
        client_secret: "secret".to_string(),
        grant_type: "client_credentials".to_string(),
    };
    let built = V3TokenRequest::new("customer_id", "secret", "client_credentials");
    assert_eq!(built, literal);
    round_trip(
        &built,
        json!({
            "client_id": "customer_id",
            "client_secret": "secret",
            "grant_type": "client_credentials",
        }),
    );

    let challenge = V3ChallengeRequest {
        dob: Some("1981-01".into()),
        ..V3ChallengeRequest::new("713189b8-5555-4b08-83ba-75d08780aebd")
    };
    round_trip(
        &challenge,
        json!({"correlationId": "713189b8-5555-4b08-83ba-75d08780aebd", "dob": "1981-01"}),
    );
}

#[test]
fn types_of_optional_fields_only_have_a_default() {
    let empty = V3ChallengeIndividualRequest::default();
    round_trip(&empty, json!({}));

    let individual = V3ChallengeIndividualRequest {
        first_name: Some("Tod".into()),
        addresses: Some(vec![V3ChallengeAddressEntryRequest {
            city: Some("Rockville".into()),
            postal_code: Some("20850".into()),
            ..Default::default()
        }]),
        ..Default::default()
    };
    round_trip(
        &individual,
        json!({
            "firstName": "Tod",
            "addresses": [{"city": "Rockville", "postalCode": "20850"}],
        }),
    );
}
