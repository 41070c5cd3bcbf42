//! The generated crate's HTTP client (`generated::client`) against a real HTTP server on the
//! loopback interface: exact requests on the wire, the client-credentials token flow, retries,
//! timeouts and error bodies.

use std::time::{Duration, Instant};

use generated::client::{
    Auth, Client, ClientCredentials, Error, KeyPlace, Request, Retry, path_segment,
};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fast_retry(max_retries: u32) -> Retry {
    Retry {
        max_retries,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        non_idempotent: false,
    }
}

fn credentials() -> Auth {
    Auth::ClientCredentials(ClientCredentials {
        client_id: "customer_id".into(),
        client_secret: "s3cr/t &=".into(),
        token_url: "/token".into(),
        scopes: Vec::new(),
    })
}

async fn token_endpoint(server: &MockServer, token: &str, expires_in: u64, times: u64) {
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": token,
            "expires_in": expires_in,
            "token_type": "Bearer",
        })))
        .up_to_n_times(times)
        .mount(server)
        .await;
}

/// Answers `status` to `times` GET requests that carry `Bearer <token>`; more fail the test
/// when the server drops.
async fn answers_bearer(server: &MockServer, token: &str, status: u16, times: u64) {
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(status))
        .expect(times)
        .mount(server)
        .await;
}

/// A client of `server` with the client-credentials flow.
fn credentials_client(server: &MockServer) -> Client {
    Client::builder(server.uri())
        .auth(credentials())
        .build()
        .unwrap()
}

#[derive(serde::Serialize)]
struct Pet {
    name: &'static str,
    age: u32,
}

#[tokio::test]
async fn requests_go_out_exactly_as_built() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 7})))
        .mount(&server)
        .await;
    let client = Client::builder(format!("{}/v3/", server.uri()))
        .auth(Auth::ApiKey {
            name: "X-Api-Key".into(),
            place: KeyPlace::Header,
            value: "key-1".into(),
        })
        .build()
        .unwrap();
    let request = Request::new("POST", format!("/pets/{}", path_segment("../admin")))
        .query("tag", "a b&c")
        .query("limit", 2)
        .header("X-Request-Id", "r-1")
        .json(&Pet {
            name: "Rex",
            age: 3,
        })
        .unwrap();
    let response = client.send(request).await.unwrap();
    assert_eq!(response.status, 201);
    let body: serde_json::Value = response.json().unwrap().body;
    assert_eq!(body["id"], 7);
    let received = server.received_requests().await.unwrap();
    let [sent] = &received[..] else {
        panic!("{received:?}")
    };
    assert_eq!(sent.method.as_str(), "POST");
    // The path parameter stays one segment: `..` and `/` cannot climb out of `/pets`.
    assert_eq!(sent.url.path(), "/v3/pets/..%2Fadmin");
    assert_eq!(sent.url.query(), Some("tag=a%20b%26c&limit=2"));
    assert_eq!(sent.headers["x-api-key"], "key-1");
    assert_eq!(sent.headers["x-request-id"], "r-1");
    assert_eq!(sent.headers["content-type"], "application/json");
    assert_eq!(sent.body, br#"{"name":"Rex","age":3}"#);
}

#[tokio::test]
async fn form_bodies_and_query_keys_are_encoded() {
    #[derive(serde::Serialize)]
    struct Form {
        b: &'static str,
        a: u32,
    }
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .auth(Auth::ApiKey {
            name: "api key".into(),
            place: KeyPlace::Query,
            value: "k&1".into(),
        })
        .build()
        .unwrap();
    let request = Request::new("PUT", "/forms")
        .query("q", "1")
        .form(&Form { b: "x y+z", a: 1 })
        .unwrap();
    assert_eq!(client.send(request).await.unwrap().status, 204);
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.query(), Some("q=1&api%20key=k%261"));
    assert_eq!(
        sent.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(sent.body, b"b=x+y%2Bz&a=1");
}

#[tokio::test]
async fn the_token_exchange_sends_the_credentials_and_the_next_call_carries_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "client_id=customer_id&client_secret=s3cr%2Ft+%26%3D&grant_type=client_credentials",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "tok-1", "expires_in": 3600, "token_type": "Bearer"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/start"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(2)
        .mount(&server)
        .await;
    let client = credentials_client(&server);
    for _ in 0..2 {
        let response = client.send(Request::new("GET", "/v3/start")).await.unwrap();
        assert_eq!(response.status, 200);
    }
    // `expect` is checked when the server drops: one token for both calls.
}

#[tokio::test]
async fn an_expired_token_is_fetched_again() {
    let server = MockServer::start().await;
    // A token that expires within the client's safety margin is not reused.
    token_endpoint(&server, "short", 1, 1).await;
    token_endpoint(&server, "fresh", 3600, 1).await;
    answers_bearer(&server, "short", 200, 1).await;
    answers_bearer(&server, "fresh", 200, 1).await;
    let client = credentials_client(&server);
    for _ in 0..2 {
        assert_eq!(
            client.send(Request::new("GET", "/x")).await.unwrap().status,
            200
        );
    }
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_once() {
    let server = MockServer::start().await;
    token_endpoint(&server, "old", 3600, 1).await;
    token_endpoint(&server, "new", 3600, 1).await;
    answers_bearer(&server, "old", 401, 1).await;
    answers_bearer(&server, "new", 200, 1).await;
    let client = credentials_client(&server);
    assert_eq!(
        client.send(Request::new("GET", "/x")).await.unwrap().status,
        200
    );

    // A 401 to a fresh token comes back as it is: no loop.
    let server = MockServer::start().await;
    token_endpoint(&server, "a", 3600, 10).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;
    let client = credentials_client(&server);
    assert_eq!(
        client.send(Request::new("GET", "/x")).await.unwrap().status,
        401
    );
}

#[tokio::test]
async fn refused_credentials_are_a_token_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(400).set_body_string(r#"{"error":"invalid_client"}"#))
        .mount(&server)
        .await;
    let client = credentials_client(&server);
    match client.send(Request::new("GET", "/x")).await {
        Err(Error::Token { status: 400, body }) => {
            assert_eq!(body, br#"{"error":"invalid_client"}"#)
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn retries_honour_retry_after_and_stop_at_the_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .expect(3)
        .mount(&server)
        .await;
    let retry = Retry {
        max_backoff: Duration::from_secs(5),
        ..fast_retry(2)
    };
    let client = Client::builder(server.uri()).retry(retry).build().unwrap();
    let started = Instant::now();
    let response = client.send(Request::new("GET", "/busy")).await.unwrap();
    // The last answer comes back as it is, after two waits of the second asked for.
    assert_eq!(response.status, 503);
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_succeeds_after_429_and_5xx() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .retry(fast_retry(3))
        .build()
        .unwrap();
    assert_eq!(
        client.send(Request::new("GET", "/x")).await.unwrap().status,
        200
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn posts_are_retried_only_when_asked() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .retry(fast_retry(2))
        .build()
        .unwrap();
    assert_eq!(
        client
            .send(Request::new("POST", "/x"))
            .await
            .unwrap()
            .status,
        503
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    let retried = Request::new("POST", "/x").retry_always();
    assert_eq!(client.send(retried).await.unwrap().status, 503);
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn connection_errors_are_retried_then_reported() {
    // A port nothing listens on: every attempt fails to connect, a POST too.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder(format!("http://{address}"))
        .retry(fast_retry(2))
        .build()
        .unwrap();
    match client.send(Request::new("POST", "/x")).await {
        Err(Error::Transport(err)) => assert!(err.is_connect(), "{err}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn attempts_time_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .timeout(Duration::from_millis(200))
        .retry(Retry::none())
        .build()
        .unwrap();
    let started = Instant::now();
    match client.send(Request::new("GET", "/slow")).await {
        Err(Error::Transport(err)) => assert!(err.is_timeout(), "{err}"),
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn documented_error_bodies_come_back_typed_and_others_raw() {
    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Problem {
        code: String,
    }
    #[derive(Debug, PartialEq)]
    enum CallError {
        BadRequest(Problem),
    }
    let server = MockServer::start().await;
    Mock::given(path("/bad"))
        .respond_with(ResponseTemplate::new(400).set_body_string(r#"{"code":"E1"}"#))
        .mount(&server)
        .await;
    Mock::given(path("/teapot"))
        .respond_with(ResponseTemplate::new(418).set_body_string("short and stout"))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).build().unwrap();
    let read = |raw: generated::client::RawResponse| -> Error<CallError> {
        match raw.status {
            400 => raw.documented(CallError::BadRequest),
            _ => raw.unexpected(),
        }
    };
    let bad = read(client.send(Request::new("GET", "/bad")).await.unwrap());
    match bad {
        Error::Api {
            status: 400, body, ..
        } => {
            assert_eq!(body, CallError::BadRequest(Problem { code: "E1".into() }))
        }
        other => panic!("{other:?}"),
    }
    let teapot = read(client.send(Request::new("GET", "/teapot")).await.unwrap());
    match teapot {
        Error::Status {
            status: 418, body, ..
        } => assert_eq!(body, b"short and stout"),
        other => panic!("{other:?}"),
    }
}
