//! The Prove token exchange on the wire: `POST /token` sends a form-encoded `V3TokenRequest`
//! with snake_case names and receives a JSON `V3TokenResponse`.

use generated::{V3TokenRequest, V3TokenResponse};

fn request() -> V3TokenRequest {
    V3TokenRequest {
        client_id: "customer_id".to_string(),
        client_secret: "secret".to_string(),
        grant_type: "client_credentials".to_string(),
    }
}

#[test]
fn token_request_is_form_encoded_with_wire_names() {
    let body = serde_urlencoded::to_string(request()).unwrap();
    assert_eq!(
        body,
        "client_id=customer_id&client_secret=secret&grant_type=client_credentials"
    );
    let back: V3TokenRequest = serde_urlencoded::from_str(&body).unwrap();
    assert_eq!(back, request());
}

#[test]
fn token_request_json_uses_the_same_names() {
    let json = serde_json::to_value(request()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "client_id": "customer_id",
            "client_secret": "secret",
            "grant_type": "client_credentials",
        })
    );
}

#[test]
fn token_response_reads_the_documented_example() {
    let body = r#"{"access_token":"eyJ...","refresh_token":"eyJ...","refresh_expires_in":3600,"token_type":"Bearer","expires_in":3600}"#;
    let response: V3TokenResponse = serde_json::from_str(body).unwrap();
    assert_eq!(response.access_token, "eyJ...");
    assert_eq!(response.expires_in, 3600);
    assert_eq!(response.refresh_expires_in, Some(3600));
    assert_eq!(response.refresh_token.as_deref(), Some("eyJ..."));
    assert_eq!(response.token_type, "Bearer");
}

#[test]
fn token_response_omits_absent_optional_fields() {
    let body = r#"{"access_token":"a","token_type":"Bearer","expires_in":60}"#;
    let response: V3TokenResponse = serde_json::from_str(body).unwrap();
    assert_eq!(response.refresh_token, None);
    let json = serde_json::to_string(&response).unwrap();
    assert!(
        !json.contains("refresh"),
        "absent optional fields are omitted, not null: {json}"
    );
    assert!(
        serde_json::from_str::<V3TokenResponse>(r#"{"token_type":"Bearer","expires_in":60}"#)
            .is_err()
    );
}
