//! Prove's v3 flow on the wire: the JSON bodies of `POST /v3/start`, `/v3/validate`,
//! `/v3/challenge` and `/v3/complete`, and the error bodies of 400, 401, 403 and 500, as the
//! SDK docs show them. Each response is read into its generated type, validated, and written
//! back to the same JSON; each request is written with the camelCase wire names and without
//! the optional fields left out.

use generated::{
    Error, Error400, Error401, Error403, V3ChallengeRequest, V3ChallengeResponse,
    V3CompleteAddressEntryRequest, V3CompleteIndividualRequest, V3CompleteRequest,
    V3CompleteResponse, V3StartRequest, V3StartResponse, V3ValidateRequest, V3ValidateResponse,
    Validate,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

const CORRELATION_ID: &str = "713189b8-5555-4b08-83ba-75d08780aebd";

/// Reads `body` into `T`, checks it validates, and checks it writes back the same JSON (key
/// order aside), so no field is lost, renamed or added as `null`. Returns the value read.
fn round_trip<T: DeserializeOwned + Serialize + Validate>(body: &Value) -> T {
    let text = serde_json::to_string(body).unwrap();
    let value: T = serde_json::from_str(&text).unwrap();
    if let Err(errors) = value.validate() {
        panic!("{text} does not validate: {errors}");
    }
    let back = serde_json::to_value(&value).unwrap();
    assert_eq!(&back, body, "written back differently");
    value
}

#[test]
fn start_response_reads_and_writes_back() {
    let body = json!({
        "authToken": "eyJhbGciOi...",
        "correlationId": CORRELATION_ID,
        "next": {"v3-validate": "/v3/validate"},
    });
    let response: V3StartResponse = round_trip(&body);
    assert_eq!(response.auth_token, "eyJhbGciOi...");
    assert_eq!(response.correlation_id, CORRELATION_ID);
    assert_eq!(response.next["v3-validate"], "/v3/validate");
}

#[test]
fn validate_response_reads_and_writes_back() {
    let body = json!({
        "challengeMissing": true,
        "evaluation": {"key": {}},
        "next": {"v3-challenge": "/v3/challenge"},
        "phoneNumber": "2001001686",
        "success": true,
    });
    let response: V3ValidateResponse = round_trip(&body);
    assert!(response.success && response.challenge_missing);
    assert_eq!(response.phone_number.as_deref(), Some("2001001686"));
    assert_eq!(response.evaluation.as_ref().map(|e| e.len()), Some(1));
    assert_eq!(
        response.next.keys().collect::<Vec<_>>(),
        vec!["v3-challenge"]
    );

    // The evaluation (not yet enabled) and the phone number may be absent.
    let bare = json!({
        "challengeMissing": false,
        "next": {"v3-challenge": "/v3/challenge"},
        "success": false,
    });
    let response: V3ValidateResponse = round_trip(&bare);
    assert_eq!(response.evaluation, None);
}

#[test]
fn challenge_response_reads_and_writes_back() {
    let body = json!({
        "evaluation": {"key": {}},
        "individual": {
            "addresses": [
                {
                    "address": "39 South Trail",
                    "city": "San Antonio",
                    "extendedAddress": "Apt 23",
                    "postalCode": "78285",
                    "region": "TX",
                },
                {
                    "address": "4861 Jay Junction",
                    "city": "Boston",
                    "extendedAddress": "Apt 78",
                    "postalCode": "02208",
                    "region": "MS",
                },
            ],
            "dob": "1981-01-17",
            "emailAddresses": ["jdoe@example.com", "dsmith@example.com"],
            "firstName": "Tod",
            "lastName": "Weedall",
            "ssn": "265228370",
        },
        "next": {"v3-complete": "/v3/complete"},
        "success": true,
    });
    let response: V3ChallengeResponse = round_trip(&body);
    let individual = response.individual.as_deref().unwrap();
    let addresses = individual.addresses.as_deref().unwrap();
    assert_eq!(addresses.len(), 2);
    assert_eq!(addresses[1].postal_code.as_deref(), Some("02208"));
    assert_eq!(individual.first_name.as_deref(), Some("Tod"));
}

/// One data source of the complete step's `idv`, as the docs' example shows it.
fn data_source() -> Value {
    json!({
        "address": {
            "addressScore": 0,
            "city": true,
            "distance": 6.027456183070403,
            "postalCode": true,
            "region": true,
            "street": true,
            "streetNumber": 1,
        },
        "cipConfidence": "cipConfidence",
        "email": {"emailAddress": true},
        "identifiers": {"dob": true, "last4": true, "ssn": true},
        "name": {"firstName": 5, "lastName": 5, "nameScore": 2},
        "reasonCodes": ["reasonCodes", "reasonCodes"],
    })
}

#[test]
fn complete_response_reads_and_writes_back() {
    let aml_fields = json!([
        {"name": "name", "source": "source", "value": "value"},
        {"name": "name", "source": "source", "value": "value"},
    ]);
    let body = json!({
        "evaluation": {
            "authentication": {"result": "pass"},
            "risk": {"result": "pass"},
        },
        "idv": {
            "dataSource1": data_source(),
            "dataSource2": data_source(),
            "multiCIPConfidence": "multiCIPConfidence",
        },
        "kyc": {
            "amlTypeLists": [
                {"amlType": "amlType", "fields": aml_fields, "listHits": 7},
                {"amlType": "amlType", "fields": aml_fields, "listHits": 7},
            ],
            "totalHits": 9,
        },
        "next": {"done": "done"},
        "success": true,
    });
    let response: V3CompleteResponse = round_trip(&body);
    assert!(response.success);
    let idv = response.idv.as_ref().unwrap();
    let source = idv.data_source1.as_deref().unwrap();
    let address = source.address.as_ref().unwrap();
    assert_eq!(address.distance, Some(6.027456183070403));
    assert_eq!(address.street_number, Some(1));
    assert_eq!(source.name.as_ref().unwrap().name_score, Some(2));
    assert_eq!(source.identifiers.as_ref().unwrap().last4, Some(true));
    let kyc = response.kyc.as_ref().unwrap();
    assert_eq!(kyc.total_hits, Some(9));
    assert_eq!(kyc.aml_type_lists.as_ref().unwrap()[0].list_hits, Some(7));
    let evaluation = response.evaluation.as_ref().unwrap();
    assert_eq!(evaluation["risk"]["result"], "pass");
    assert_eq!(response.next["done"], "done");
}

#[test]
fn responses_without_a_required_field_are_rejected() {
    let no_token = json!({"correlationId": CORRELATION_ID, "next": {}});
    assert!(serde_json::from_value::<V3StartResponse>(no_token).is_err());
    let no_success = json!({"next": {"done": "done"}});
    assert!(serde_json::from_value::<V3CompleteResponse>(no_success).is_err());
    let no_next = json!({"challengeMissing": false, "success": true});
    assert!(serde_json::from_value::<V3ValidateResponse>(no_next).is_err());
}

#[test]
fn start_request_sends_the_wire_names_and_leaves_out_absent_fields() {
    let request = V3StartRequest {
        allow_otp_retry: Some(true),
        dob: Some("1981-01".into()),
        email_address: Some("mpinsonm@dyndns.org".into()),
        final_target_url: Some("https://www.example.com/landing-page".into()),
        flow_type: "mobile".into(),
        ip_address: Some("10.0.0.1".into()),
        phone_number: Some("2001001695".into()),
        sms_message: Some("#### is your temporary code to continue your application.".into()),
        ssn: Some("0596".into()),
    };
    assert!(request.validate().is_ok());
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "allowOTPRetry": true,
            "dob": "1981-01",
            "emailAddress": "mpinsonm@dyndns.org",
            "finalTargetUrl": "https://www.example.com/landing-page",
            "flowType": "mobile",
            "ipAddress": "10.0.0.1",
            "phoneNumber": "2001001695",
            "smsMessage": "#### is your temporary code to continue your application.",
            "ssn": "0596",
        })
    );

    let minimal = V3StartRequest {
        allow_otp_retry: None,
        dob: None,
        email_address: None,
        final_target_url: None,
        flow_type: "desktop".into(),
        ip_address: None,
        phone_number: Some("2001001695".into()),
        sms_message: None,
        ssn: None,
    };
    assert_eq!(
        serde_json::to_string(&minimal).unwrap(),
        r#"{"flowType":"desktop","phoneNumber":"2001001695"}"#
    );
}

#[test]
fn start_request_limits_are_checked() {
    let request = V3StartRequest {
        allow_otp_retry: None,
        dob: None,
        email_address: None,
        final_target_url: Some(format!("https://www.example.com/{}", "a".repeat(128))),
        flow_type: "desktop".into(),
        ip_address: None,
        phone_number: None,
        sms_message: Some("#".repeat(161)),
        ssn: None,
    };
    let errors = request.validate().unwrap_err();
    let text = errors.to_string();
    assert!(text.contains("/finalTargetUrl"), "{text}");
    assert!(text.contains("/smsMessage"), "{text}");
}

#[test]
fn validate_and_challenge_requests_carry_the_correlation_id() {
    let validate = V3ValidateRequest {
        correlation_id: CORRELATION_ID.into(),
    };
    assert_eq!(
        serde_json::to_value(&validate).unwrap(),
        json!({"correlationId": CORRELATION_ID})
    );
    let challenge = V3ChallengeRequest {
        correlation_id: CORRELATION_ID.into(),
        dob: Some("1981-01".into()),
        ssn: Some("0596".into()),
    };
    assert_eq!(
        serde_json::to_value(&challenge).unwrap(),
        json!({"correlationId": CORRELATION_ID, "dob": "1981-01", "ssn": "0596"})
    );
}

#[test]
fn complete_request_nests_the_individual() {
    let request = V3CompleteRequest {
        correlation_id: CORRELATION_ID.into(),
        individual: Box::new(V3CompleteIndividualRequest {
            addresses: Some(vec![V3CompleteAddressEntryRequest {
                address: Some("39 South Trail".into()),
                city: Some("San Antonio".into()),
                extended_address: Some("Apt 23".into()),
                postal_code: Some("78285".into()),
                region: Some("TX".into()),
            }]),
            dob: Some("1981-01".into()),
            email_addresses: Some(vec!["jdoe@example.com".into()]),
            first_name: Some("Tod".into()),
            last_name: Some("Weedall".into()),
            ssn: Some("265228370".into()),
        }),
    };
    assert!(request.validate().is_ok());
    let body = json!({
        "correlationId": CORRELATION_ID,
        "individual": {
            "addresses": [{
                "address": "39 South Trail",
                "city": "San Antonio",
                "extendedAddress": "Apt 23",
                "postalCode": "78285",
                "region": "TX",
            }],
            "dob": "1981-01",
            "emailAddresses": ["jdoe@example.com"],
            "firstName": "Tod",
            "lastName": "Weedall",
            "ssn": "265228370",
        },
    });
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
    let back: V3CompleteRequest = round_trip(&body);
    assert_eq!(back, request);
}

#[test]
fn error_bodies_read_and_write_back() {
    let bad: Error400 = round_trip(&json!({"code": 1001, "message": "invalid request"}));
    assert_eq!(
        (bad.code, bad.message.as_str()),
        (Some(1001), "invalid request")
    );
    let unauthorized: Error401 = round_trip(&json!({"code": 8002, "message": "not authorized"}));
    assert_eq!(unauthorized.code, Some(8002));
    let forbidden: Error403 = round_trip(&json!({
        "code": 8003,
        "message": "Access forbidden: insufficient permissions",
    }));
    assert_eq!(forbidden.code, Some(8003));
    let server: Error = round_trip(&json!({"code": 1000, "message": "error occurred"}));
    assert_eq!(server.message, "error occurred");
    // The code is optional, the message is not.
    let no_code: Error = round_trip(&json!({"message": "error occurred"}));
    assert_eq!(no_code.code, None);
    assert!(serde_json::from_value::<Error400>(json!({"code": 1001})).is_err());
}
