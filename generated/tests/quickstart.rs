//! The README's quickstart, line for line: keep the two in step.

use generated::{V3StartRequest, V3StartResponse, Validate};

#[test]
fn readme_quickstart_runs() -> Result<(), Box<dyn std::error::Error>> {
    let request = V3StartRequest {
        phone_number: Some("2001001695".into()),
        ..V3StartRequest::new("mobile")
    };
    assert_eq!(
        serde_json::to_string(&request)?,
        r#"{"flowType":"mobile","phoneNumber":"2001001695"}"#
    );
    request.validate()?;

    let response: V3StartResponse = serde_json::from_str(
        r#"{"authToken":"eyJhbGciOi...","correlationId":"713189b8-5555-4b08-83ba-75d08780aebd",
        "next":{"v3-validate":"/v3/validate"}}"#,
    )?;
    assert_eq!(response.next["v3-validate"], "/v3/validate");

    let too_long = V3StartRequest {
        sms_message: Some("#".repeat(161)),
        ..request
    };
    let errors = too_long.validate().unwrap_err();
    assert!(
        errors
            .to_string()
            .starts_with("/smsMessage: must be at most 160 characters long")
    );
    Ok(())
}
