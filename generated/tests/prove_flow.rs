//! Prove's v3 flow through the generated client (`generated::prove::client::ProveClient`)
//! against a server on the loopback interface: the OAuth token exchange sends exactly the form
//! the token endpoint expects, the calls after it carry the bearer token, bodies go out and
//! come back typed, documented error statuses come back as the operation's typed error, and an
//! undocumented one raw.

use generated::client::{Auth, Error};
use generated::prove::client::{ProveClient, SERVERS, V3StartRequestError, V3ValidateRequestError};
use generated::{Error400, V3StartRequest, V3StartResponse, V3TokenRequest, V3ValidateRequest};
use serde_json::json;
use wiremock::matchers::{body_json, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CORRELATION_ID: &str = "713189b8-5555-4b08-83ba-75d08780aebd";

/// The form body of the token exchange, byte for byte.
const TOKEN_FORM: &str = "client_id=customer_id&client_secret=secret&grant_type=client_credentials";

/// A token endpoint that takes exactly [`TOKEN_FORM`] and must be called `times` times.
async fn token_endpoint(server: &MockServer, times: u64) {
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(TOKEN_FORM))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "token-1",
            "expires_in": 3600,
            "token_type": "Bearer",
        })))
        .expect(times)
        .mount(server)
        .await;
}

/// A client of `server` authenticating with Prove's client credentials.
fn prove(server: &MockServer) -> ProveClient {
    ProveClient::with_base_url(
        server.uri(),
        ProveClient::client_credentials("customer_id", "secret"),
    )
    .unwrap()
}

fn start_request() -> V3StartRequest {
    V3StartRequest {
        allow_otp_retry: None,
        dob: None,
        email_address: None,
        final_target_url: None,
        flow_type: "mobile".into(),
        ip_address: None,
        phone_number: Some("2001001695".into()),
        sms_message: None,
        ssn: None,
    }
}

#[test]
fn the_default_server_is_the_first_the_spec_lists() {
    assert_eq!(SERVERS[0], "https://platform.uat.proveapis.com");
    assert_eq!(SERVERS.len(), 4);
    let client = ProveClient::new(Auth::None).unwrap();
    assert_eq!(client.client().base_url(), SERVERS[0]);
}

#[tokio::test]
async fn the_token_is_fetched_once_and_sent_as_a_bearer_token() {
    let server = MockServer::start().await;
    token_endpoint(&server, 1).await;
    Mock::given(method("POST"))
        .and(path("/v3/start"))
        .and(header("authorization", "Bearer token-1"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"flowType": "mobile", "phoneNumber": "2001001695"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "authToken": "eyJhbGciOi...",
            "correlationId": CORRELATION_ID,
            "next": {"v3-validate": "/v3/validate"},
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/validate"))
        .and(header("authorization", "Bearer token-1"))
        .and(body_json(json!({"correlationId": CORRELATION_ID})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "challengeMissing": false,
            "next": {"v3-challenge": "/v3/challenge"},
            "phoneNumber": "2001001695",
            "success": true,
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = prove(&server);

    let started = client.v3_start_request(&start_request()).await.unwrap();
    assert_eq!(started.status, 200);
    let started: V3StartResponse = started.body;
    assert_eq!(started.correlation_id, CORRELATION_ID);
    assert_eq!(started.next["v3-validate"], "/v3/validate");

    let validated = client
        .v3_validate_request(&V3ValidateRequest {
            correlation_id: started.correlation_id,
        })
        .await
        .unwrap()
        .body;
    assert!(validated.success);
    assert_eq!(validated.phone_number.as_deref(), Some("2001001695"));
}

/// `POST /token` asks for no security, so the client sends it without credentials: no token
/// is fetched for it, and no `Authorization` header goes out.
#[tokio::test]
async fn the_token_operation_sends_its_form_body_without_credentials() {
    let server = MockServer::start().await;
    token_endpoint(&server, 1).await;
    let client = prove(&server);
    let token = client
        .v3_token_request(&V3TokenRequest {
            client_id: "customer_id".into(),
            client_secret: "secret".into(),
            grant_type: "client_credentials".into(),
        })
        .await
        .unwrap()
        .body;
    assert_eq!(token.access_token, "token-1");
    assert_eq!(token.expires_in, 3600);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert!(!requests[0].headers.contains_key("authorization"));
}

#[tokio::test]
async fn documented_error_statuses_come_back_typed() {
    let server = MockServer::start().await;
    token_endpoint(&server, 1).await;
    Mock::given(method("POST"))
        .and(path("/v3/start"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"code": 1001, "message": "invalid request"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/validate"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"code": 1000, "message": "error occurred"})),
        )
        .mount(&server)
        .await;
    let client = prove(&server);

    match client.v3_start_request(&start_request()).await {
        Err(Error::Api {
            status: 400,
            body: V3StartRequestError::BadRequest(Error400 { code, message }),
            ..
        }) => {
            assert_eq!(code, Some(1001));
            assert_eq!(message, "invalid request");
        }
        other => panic!("expected a typed 400, got {other:?}"),
    }
    let validate = V3ValidateRequest {
        correlation_id: CORRELATION_ID.into(),
    };
    match client.v3_validate_request(&validate).await {
        Err(Error::Api {
            status: 500,
            body: V3ValidateRequestError::InternalServerError(error),
            ..
        }) => assert_eq!(error.message, "error occurred"),
        other => panic!("expected a typed 500, got {other:?}"),
    }
}

#[tokio::test]
async fn undocumented_statuses_come_back_raw() {
    let server = MockServer::start().await;
    token_endpoint(&server, 1).await;
    Mock::given(method("POST"))
        .and(path("/v3/start"))
        .respond_with(ResponseTemplate::new(418).set_body_string("I'm a teapot"))
        .mount(&server)
        .await;
    let client = prove(&server);
    match client.v3_start_request(&start_request()).await {
        Err(Error::Status { status, body, .. }) => {
            assert_eq!(status, 418);
            assert_eq!(body, b"I'm a teapot");
        }
        other => panic!("expected the raw 418, got {other:?}"),
    }
}

#[tokio::test]
async fn a_documented_status_whose_body_does_not_read_is_a_decode_error() {
    let server = MockServer::start().await;
    token_endpoint(&server, 1).await;
    Mock::given(method("POST"))
        .and(path("/v3/start"))
        .respond_with(ResponseTemplate::new(403).set_body_string("<html>forbidden</html>"))
        .mount(&server)
        .await;
    let client = prove(&server);
    let err = client.v3_start_request(&start_request()).await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: 403, .. }), "{err:?}");
}
