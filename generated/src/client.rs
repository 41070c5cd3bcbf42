//! The HTTP side of the generated operations (cargo feature `client`): a [`Client`] that
//! sends a [`Request`] to the API's server, authenticates it, retries it when that is safe, and
//! hands back the raw answer for the operation to read into its types.
//!
//! What a client does around each call:
//! - **Base URL**: the server URL the spec names, or any other (a sandbox, a mock server).
//! - **Authentication** ([`Auth`]): a bearer token, basic credentials, an API key in a header,
//!   the query string or a cookie, or OAuth 2 client credentials: the client exchanges its id
//!   and secret for an access token at the token URL, keeps the token until it expires, fetches
//!   a new one when it has, and once more when the API answers `401` to a token it still held.
//! - **Retries** ([`Retry`]): on connection errors, `429` and `5xx`, with exponential backoff and
//!   jitter, waiting as long as a `Retry-After` header asks (up to the backoff's cap). Requests
//!   whose method is not idempotent (`POST`, `PATCH`) are retried only where nothing was sent
//!   (the connection failed) unless the retry policy or the request allows it.
//! - **Timeouts** and everything else `reqwest` offers (proxies, TLS settings, middleware-like
//!   default headers): pass your own `reqwest::Client` to [`ClientBuilder::http_client`].
//!
//! Path parameters are percent-encoded as one segment ([`path_segment`]), so a value cannot
//! change the path; query parameters are percent-encoded the same way.

use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

/// Characters written as themselves in a path segment or a query component: RFC 3986's
/// unreserved characters. Everything else is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` as one path segment: `a/b?c` becomes `a%2Fb%3Fc`.
pub fn path_segment(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED).to_string()
}

/// How a client authenticates its requests.
#[derive(Clone)]
pub enum Auth {
    /// No credentials.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// `Authorization: Basic <base64 of username:password>`.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: String,
    },
    /// An API key.
    ApiKey {
        /// The header, query parameter or cookie that carries it.
        name: String,
        /// Where it goes.
        place: KeyPlace,
        /// The key.
        value: String,
    },
    /// OAuth 2 client credentials, exchanged for an access token sent as a bearer token.
    ClientCredentials(ClientCredentials),
}

impl fmt::Debug for Auth {
    /// Names the kind of credentials, never the secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Auth::None => "Auth::None",
            Auth::Bearer(_) => "Auth::Bearer(..)",
            Auth::Basic { .. } => "Auth::Basic(..)",
            Auth::ApiKey { .. } => "Auth::ApiKey(..)",
            Auth::ClientCredentials(_) => "Auth::ClientCredentials(..)",
        })
    }
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPlace {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// The settings of the OAuth 2 client-credentials flow.
#[derive(Clone)]
pub struct ClientCredentials {
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: String,
    /// The token endpoint: an absolute URL, or a path relative to the base URL (`/token`).
    pub token_url: String,
    /// Scopes to ask for; none when empty.
    pub scopes: Vec<String>,
}

/// When and how often a request is sent again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    /// Retries after the first attempt; `0` sends each request once.
    pub max_retries: u32,
    /// The wait before the first retry; each retry waits twice as long as the one before.
    pub initial_backoff: Duration,
    /// The longest wait, also for a `Retry-After` that asks for more.
    pub max_backoff: Duration,
    /// Whether requests that are not idempotent (`POST`, `PATCH`) are retried on statuses and
    /// timeouts too; they are always retried when the connection could not be made.
    pub non_idempotent: bool,
}

impl Default for Retry {
    /// Three retries, from half a second up to 30 seconds; idempotent requests only.
    fn default() -> Retry {
        Retry {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            non_idempotent: false,
        }
    }
}

impl Retry {
    /// Never retry.
    pub fn none() -> Retry {
        Retry {
            max_retries: 0,
            ..Retry::default()
        }
    }

    /// The wait before retry number `attempt` (0 for the first): the backoff doubled per
    /// attempt and capped, then a random part of its second half dropped, so that clients that
    /// failed together do not come back together.
    fn backoff(&self, attempt: u32) -> Duration {
        let full = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        let half = full / 2;
        let random = std::hash::RandomState::new().build_hasher().finish();
        let jitter = half.mul_f64((random % 1_000_001) as f64 / 1_000_000.0);
        half + jitter
    }
}

/// A client of one API: cheap to clone, and shared by clones (the token cache too).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
    retry: Retry,
    /// The access token of the client-credentials flow, when one was fetched.
    token: Mutex<Option<Token>>,
}

/// An access token and when it stops being used.
struct Token {
    value: String,
    /// `None` when the token endpoint did not say when it expires.
    expires_at: Option<Instant>,
}

/// A token is fetched again this long before it expires, so it does not expire in flight.
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Settings of a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    http: Option<reqwest::Client>,
    auth: Auth,
    retry: Retry,
    timeout: Option<Duration>,
}

impl ClientBuilder {
    /// Sends requests through `http` (its proxies, TLS settings, default headers, timeouts)
    /// instead of a client of its own.
    pub fn http_client(mut self, http: reqwest::Client) -> ClientBuilder {
        self.http = Some(http);
        self
    }

    /// Authenticates every request with `auth`.
    pub fn auth(mut self, auth: Auth) -> ClientBuilder {
        self.auth = auth;
        self
    }

    /// Retries as `retry` says (default: [`Retry::default`]).
    pub fn retry(mut self, retry: Retry) -> ClientBuilder {
        self.retry = retry;
        self
    }

    /// Gives up on each attempt after `timeout` (default: 60 seconds). Ignored when an own
    /// `reqwest::Client` is given: set its timeout instead.
    pub fn timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.timeout = Some(timeout);
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client, Error> {
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout.unwrap_or(Duration::from_secs(60)))
                .build()
                .map_err(Error::Transport)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: self.base_url.trim_end_matches('/').to_string(),
                auth: self.auth,
                retry: self.retry,
                token: Mutex::new(None),
            }),
        })
    }
}

impl Client {
    /// Settings for a client of the API at `base_url` (`https://api.example.com/v1`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            http: None,
            auth: Auth::None,
            retry: Retry::default(),
            timeout: None,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request`, authenticated (unless it is [anonymous](Request::anonymous)) and
    /// retried as configured, and returns the response whatever its status.
    pub async fn send(&self, request: Request) -> Result<RawResponse, Error> {
        if let Some(message) = &request.invalid {
            return Err(Error::Encode(message.clone()));
        }
        let auth = if request.anonymous {
            &Auth::None
        } else {
            &self.inner.auth
        };
        let url = format!("{}{}", self.inner.base_url, request.path_and_query());
        let retry_all = request.idempotent || request.retry || self.inner.retry.non_idempotent;
        let mut token_refreshed = false;
        loop {
            let token = match auth {
                Auth::ClientCredentials(credentials) => Some(self.token(credentials).await?),
                _ => None,
            };
            let response = self
                .execute(retry_all, || {
                    self.build(&request, &url, auth, token.as_deref())
                })
                .await?;
            if response.status == 401 && token.is_some() && !token_refreshed {
                // The API no longer takes the token it gave out: fetch a new one, once.
                token_refreshed = true;
                *self.inner.token.lock().await = None;
                continue;
            }
            return Ok(response);
        }
    }

    /// The `reqwest` request for `request`, with the credentials of `auth`.
    fn build(
        &self,
        request: &Request,
        url: &str,
        auth: &Auth,
        token: Option<&str>,
    ) -> Result<reqwest::Request, Error> {
        let mut url = url.to_string();
        let mut builder;
        let mut cookie = None;
        match auth {
            Auth::ApiKey {
                name,
                place: KeyPlace::Query,
                value,
            } => {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str(&path_segment(name));
                url.push('=');
                url.push_str(&path_segment(value));
                builder = self.inner.http.request(request.method.clone(), url);
            }
            _ => builder = self.inner.http.request(request.method.clone(), url),
        }
        match auth {
            Auth::None | Auth::ApiKey { .. } | Auth::ClientCredentials(_) => {}
            Auth::Bearer(token) => builder = builder.bearer_auth(token),
            Auth::Basic { username, password } => {
                builder = builder.basic_auth(username, Some(password));
            }
        }
        if let Auth::ApiKey { name, place, value } = auth {
            match place {
                KeyPlace::Header => builder = builder.header(name.as_str(), value.as_str()),
                KeyPlace::Cookie => cookie = Some(format!("{name}={value}")),
                KeyPlace::Query => {}
            }
        }
        if let Some(token) = token {
            builder = builder.bearer_auth(token);
        }
        let mut headers = HeaderMap::new();
        for (name, value) in &request.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Encode(format!("`{name}` is not a header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::Encode(format!("the value of header `{name}` is not valid")))?;
            headers.append(name, value);
        }
        if let Some(cookie) = cookie {
            let value = HeaderValue::from_str(&cookie)
                .map_err(|_| Error::Encode("the API key is not a valid cookie".to_string()))?;
            headers.append(reqwest::header::COOKIE, value);
        }
        builder = builder.headers(headers);
        if let Some((content_type, body)) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                .body(body.clone());
        }
        builder.build().map_err(Error::Transport)
    }

    /// Sends the request `build` makes until it gets an answer not worth retrying, or the
    /// retries run out. `retry_all`: retry on statuses and timeouts too, not only when the
    /// connection failed.
    async fn execute(
        &self,
        retry_all: bool,
        build: impl Fn() -> Result<reqwest::Request, Error>,
    ) -> Result<RawResponse, Error> {
        let policy = &self.inner.retry;
        let mut attempt = 0;
        loop {
            let may_retry = attempt < policy.max_retries;
            match self.inner.http.execute(build()?).await {
                Err(err) => {
                    let retriable = err.is_connect() || (retry_all && err.is_timeout());
                    if !(may_retry && retriable) {
                        return Err(Error::Transport(err));
                    }
                    tokio::time::sleep(policy.backoff(attempt)).await;
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retriable = status == 429 || matches!(status, 500 | 502 | 503 | 504);
                    if !(may_retry && retry_all && retriable) {
                        let headers = response.headers().clone();
                        let body = response.bytes().await.map_err(Error::Transport)?.to_vec();
                        return Ok(RawResponse {
                            status,
                            headers,
                            body,
                        });
                    }
                    let wait = retry_after(response.headers()).map_or_else(
                        || policy.backoff(attempt),
                        |wait| wait.min(policy.max_backoff),
                    );
                    tokio::time::sleep(wait).await;
                }
            }
            attempt += 1;
        }
    }

    /// The access token of the client-credentials flow: the one held while it has not
    /// expired, else a new one from the token endpoint.
    async fn token(&self, credentials: &ClientCredentials) -> Result<String, Error> {
        let mut held = self.inner.token.lock().await;
        let fresh = held.as_ref().filter(|token| {
            token
                .expires_at
                .is_none_or(|at| Instant::now() + EXPIRY_MARGIN < at)
        });
        if let Some(token) = fresh {
            return Ok(token.value.clone());
        }
        let url = if credentials.token_url.contains("://") {
            credentials.token_url.clone()
        } else {
            format!("{}{}", self.inner.base_url, credentials.token_url)
        };
        let mut form = vec![
            ("client_id", credentials.client_id.as_str()),
            ("client_secret", credentials.client_secret.as_str()),
            ("grant_type", "client_credentials"),
        ];
        let scopes = credentials.scopes.join(" ");
        if !scopes.is_empty() {
            form.push(("scope", &scopes));
        }
        let body =
            serde_urlencoded::to_string(&form).map_err(|err| Error::Encode(err.to_string()))?;
        let started = Instant::now();
        let response = self
            .execute(true, || {
                self.inner
                    .http
                    .post(url.as_str())
                    .header(
                        reqwest::header::CONTENT_TYPE,
                        "application/x-www-form-urlencoded",
                    )
                    .header(reqwest::header::ACCEPT, "application/json")
                    .body(body.clone())
                    .build()
                    .map_err(Error::Transport)
            })
            .await?;
        if !(200..300).contains(&response.status) {
            return Err(Error::Token {
                status: response.status,
                body: response.body,
            });
        }
        #[derive(serde::Deserialize)]
        struct TokenResponse {
            access_token: String,
            expires_in: Option<u64>,
        }
        let parsed: TokenResponse =
            serde_json::from_slice(&response.body).map_err(|source| Error::Decode {
                status: response.status,
                body: response.body.clone(),
                source,
            })?;
        let token = Token {
            value: parsed.access_token,
            expires_at: parsed
                .expires_in
                .map(|seconds| started + Duration::from_secs(seconds)),
        };
        let value = token.value.clone();
        *held = Some(token);
        Ok(value)
    }
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = std::time::UNIX_EPOCH + Duration::from_secs(http_date(value)?);
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// The seconds since the Unix epoch of an HTTP date in the form every server sends
/// (RFC 9110's IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`); `None` for anything else or a
/// date before 1970. Read here rather than with a date crate, so that a client needs none.
fn http_date(value: &str) -> Option<u64> {
    let mut parts = value.split(' ');
    let (_weekday, day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || zone != "GMT" || day.len() != 2 || year.len() != 4 {
        return None;
    }
    let number = |text: &str| -> Option<u64> {
        text.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| text.parse().ok())
            .flatten()
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|name| *name == month)? as u64 + 1;
    let (day, year) = (number(day)?, number(year).filter(|&year| year > 0)?);
    let mut clock = time
        .split(':')
        .map(|part| number(part).filter(|_| part.len() == 2));
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if clock.next().is_some() || day == 0 || day > 31 || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days from 1970-01-01 to the date (the proleptic Gregorian calendar, years from March).
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era_days = y / 400 * 146_097;
    let yoe = y % 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era_days + doe).checked_sub(719_468)?;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// One request of an operation: method, path with its parameters already in it, query
/// parameters, headers and body.
#[derive(Debug, Clone)]
pub struct Request {
    method: reqwest::Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    /// Content type and bytes.
    body: Option<(String, Vec<u8>)>,
    idempotent: bool,
    retry: bool,
    /// Sent without the client's credentials.
    anonymous: bool,
    /// Why a parameter or body could not be written, when one could not: the request is then
    /// not sent, and [`Client::send`] returns [`Error::Encode`].
    invalid: Option<String>,
}

impl Request {
    /// A request of `method` (`"GET"`, `"POST"`) to `path`, relative to the base URL; path
    /// parameters in it are already encoded with [`path_segment`].
    pub fn new(method: &str, path: impl Into<String>) -> Request {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let idempotent = !matches!(method.as_str(), "POST" | "PATCH");
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            idempotent,
            retry: false,
            anonymous: false,
            invalid: None,
        }
    }

    /// Adds the query parameter `name=value`; both are percent-encoded.
    pub fn query(mut self, name: &str, value: impl fmt::Display) -> Request {
        self.query.push((name.to_string(), value.to_string()));
        self
    }

    /// Adds the header `name: value`.
    pub fn header(mut self, name: &str, value: impl fmt::Display) -> Request {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sends `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Request, Error> {
        let bytes = serde_json::to_vec(body).map_err(|err| Error::Encode(err.to_string()))?;
        self.body = Some(("application/json".to_string(), bytes));
        Ok(self)
    }

    /// Sends `body` as a URL-encoded form (`a=1&b=two`), its fields in declaration order.
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Request, Error> {
        let text =
            serde_urlencoded::to_string(body).map_err(|err| Error::Encode(err.to_string()))?;
        self.body = Some((
            "application/x-www-form-urlencoded".to_string(),
            text.into_bytes(),
        ));
        Ok(self)
    }

    /// Sends `bytes` as they are, with `content_type`.
    pub fn bytes(mut self, content_type: &str, bytes: Vec<u8>) -> Request {
        self.body = Some((content_type.to_string(), bytes));
        self
    }

    /// Puts the path parameter `name` into the path template: `{name}` becomes `value` in the
    /// `simple` style (arrays joined with `,`), percent-encoded as one segment, so the value
    /// cannot change the path.
    pub fn path_param<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Request {
        match param_text(value) {
            Ok(Some(text)) => {
                self.path = self
                    .path
                    .replace(&format!("{{{name}}}"), &path_segment(&text));
            }
            Ok(None) => self.fail(format!("the path parameter `{name}` is null")),
            Err(message) => self.fail(message),
        }
        self
    }

    /// Adds the query parameter `name` in the `form` style: nothing for `None` (or `null`), a
    /// scalar as itself, an array as one parameter per item when `explode` is set (else the
    /// items joined with `,`), an object as one parameter per property when `explode` is set
    /// (else `name=key,value,...`).
    pub fn query_param<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Request {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => {}
            Ok(serde_json::Value::Array(items)) if explode => {
                for item in &items {
                    self.query.push((name.to_string(), scalar_text(item)));
                }
            }
            Ok(serde_json::Value::Object(properties)) if explode => {
                for (key, item) in &properties {
                    self.query.push((key.clone(), scalar_text(item)));
                }
            }
            Ok(value) => self.query.push((name.to_string(), simple_text(&value))),
            Err(err) => self.fail(format!("the query parameter `{name}`: {err}")),
        }
        self
    }

    /// Adds the header `name` in the `simple` style; nothing for `None` (or `null`).
    pub fn header_param<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Request {
        match param_text(value) {
            Ok(Some(text)) => self.headers.push((name.to_string(), text)),
            Ok(None) => {}
            Err(message) => self.fail(message),
        }
        self
    }

    /// Adds the cookie `name` (a `Cookie` header); nothing for `None` (or `null`).
    pub fn cookie_param<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Request {
        match param_text(value) {
            Ok(Some(text)) => self.headers.push((
                "cookie".to_string(),
                format!("{name}={}", path_segment(&text)),
            )),
            Ok(None) => {}
            Err(message) => self.fail(message),
        }
        self
    }

    /// Sends `body` as JSON, like [`Request::json`]; a body that cannot be written makes
    /// [`Client::send`] fail with [`Error::Encode`] instead of failing here.
    pub fn json_body<T: Serialize + ?Sized>(mut self, body: &T) -> Request {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(("application/json".to_string(), bytes)),
            Err(err) => self.fail(err.to_string()),
        }
        self
    }

    /// Sends `body` as a URL-encoded form, like [`Request::form`]; a body that cannot be
    /// written makes [`Client::send`] fail with [`Error::Encode`] instead of failing here.
    pub fn form_body<T: Serialize + ?Sized>(mut self, body: &T) -> Request {
        match serde_urlencoded::to_string(body) {
            Ok(text) => {
                self.body = Some((
                    "application/x-www-form-urlencoded".to_string(),
                    text.into_bytes(),
                ));
            }
            Err(err) => self.fail(err.to_string()),
        }
        self
    }

    /// Keeps the first reason the request cannot be written.
    fn fail(&mut self, message: String) {
        self.invalid.get_or_insert(message);
    }

    /// Sends this request without the client's credentials (for an operation whose spec asks
    /// for none, such as the token endpoint itself).
    pub fn anonymous(mut self) -> Request {
        self.anonymous = true;
        self
    }

    /// Retries this request as if it were idempotent (for a `POST` the API makes safe to
    /// repeat, for example with an idempotency key).
    pub fn retry_always(mut self) -> Request {
        self.retry = true;
        self
    }

    /// The path with the query string.
    fn path_and_query(&self) -> String {
        let mut out = self.path.clone();
        for (idx, (name, value)) in self.query.iter().enumerate() {
            out.push(if idx == 0 { '?' } else { '&' });
            out.push_str(&path_segment(name));
            out.push('=');
            out.push_str(&path_segment(value));
        }
        out
    }
}

/// `value` in the `simple` style: `None` for `null`, else a scalar as itself, an array's items
/// and an object's keys and values joined with `,`.
fn param_text<T: Serialize + ?Sized>(value: &T) -> Result<Option<String>, String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Null) => Ok(None),
        Ok(value) => Ok(Some(simple_text(&value))),
        Err(err) => Err(err.to_string()),
    }
}

/// A JSON value in the `simple` (and unexploded `form`) style.
fn simple_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Array(items) => {
            items.iter().map(scalar_text).collect::<Vec<_>>().join(",")
        }
        serde_json::Value::Object(properties) => properties
            .iter()
            .flat_map(|(key, value)| [key.clone(), scalar_text(value)])
            .collect::<Vec<_>>()
            .join(","),
        other => scalar_text(other),
    }
}

/// A scalar as itself (a string without quotes, `null` as nothing); anything nested as JSON.
fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A response as it came: status, headers and body bytes.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The body read as JSON into `T`, with the status and headers.
    pub fn json<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Ok(Response {
                status: self.status,
                headers: self.headers,
                body,
            }),
            Err(source) => Err(Error::Decode {
                status: self.status,
                body: self.body,
                source,
            }),
        }
    }

    /// The response of an operation whose success has no body.
    pub fn empty(self) -> Response<()> {
        Response {
            status: self.status,
            headers: self.headers,
            body: (),
        }
    }

    /// The body as it came, with the status and headers.
    pub fn into_bytes(self) -> Response<Vec<u8>> {
        Response {
            status: self.status,
            headers: self.headers,
            body: self.body,
        }
    }

    /// The response of a documented error status without a body, as the operation's error
    /// `body`.
    pub fn documented_empty<E>(self, body: E) -> Error<E> {
        Error::Api {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// The response of a status the operation does not document, as an error.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::Status {
            status: self.status,
            headers: self.headers,
            body: self.body,
        }
    }

    /// The response of a documented error status, its body read as JSON into `B` and made
    /// into the operation's error type by `wrap`.
    pub fn documented<B: DeserializeOwned, E>(self, wrap: impl FnOnce(B) -> E) -> Error<E> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Error::Api {
                status: self.status,
                headers: self.headers,
                body: wrap(body),
            },
            Err(source) => Error::Decode {
                status: self.status,
                body: self.body,
                source,
            },
        }
    }
}

/// A successful response: the typed body with the status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: T,
}

/// Why a call failed. `E` is the operation's error type: the bodies of the error statuses the
/// spec documents.
#[derive(Debug)]
pub enum Error<E = std::convert::Infallible> {
    /// The API answered a documented error status.
    Api {
        /// The status code.
        status: u16,
        /// The headers.
        headers: HeaderMap,
        /// The typed body.
        body: E,
    },
    /// The API answered a status the operation does not document.
    Status {
        /// The status code.
        status: u16,
        /// The headers.
        headers: HeaderMap,
        /// The body as it came.
        body: Vec<u8>,
    },
    /// A body did not read as its documented type.
    Decode {
        /// The status code of the response.
        status: u16,
        /// The body as it came.
        body: Vec<u8>,
        /// What serde said.
        source: serde_json::Error,
    },
    /// The token endpoint refused the client credentials.
    Token {
        /// The status code.
        status: u16,
        /// The body as it came.
        body: Vec<u8>,
    },
    /// The request could not be written (a body or header that does not encode).
    Encode(String),
    /// The request could not be sent or the response not received.
    Transport(reqwest::Error),
}

impl<E> Error<E> {
    /// The status code, when the API answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Status { status, .. }
            | Error::Decode { status, .. }
            | Error::Token { status, .. } => Some(*status),
            Error::Encode(_) | Error::Transport(_) => None,
        }
    }
}

impl Error {
    /// This error as one of an operation with error type `E`.
    pub fn into_operation<E>(self) -> Error<E> {
        match self {
            Error::Api { body, .. } => match body {},
            Error::Status {
                status,
                headers,
                body,
            } => Error::Status {
                status,
                headers,
                body,
            },
            Error::Decode {
                status,
                body,
                source,
            } => Error::Decode {
                status,
                body,
                source,
            },
            Error::Token { status, body } => Error::Token { status, body },
            Error::Encode(message) => Error::Encode(message),
            Error::Transport(err) => Error::Transport(err),
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body, .. } => write!(f, "the API answered {status}: {body:?}"),
            Error::Status { status, body, .. } => write!(
                f,
                "the API answered {status}, which the operation does not document: {}",
                String::from_utf8_lossy(body)
            ),
            Error::Decode { status, source, .. } => {
                write!(f, "the body of a {status} response does not read: {source}")
            }
            Error::Token { status, body } => write!(
                f,
                "the token endpoint answered {status}: {}",
                String::from_utf8_lossy(body)
            ),
            Error::Encode(message) => write!(f, "the request could not be written: {message}"),
            Error::Transport(err) => write!(f, "the request failed: {err}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::Transport(err) => Some(err),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_change_the_path() {
        assert_eq!(path_segment("a/../b?c#d e"), "a%2F..%2Fb%3Fc%23d%20e");
        assert_eq!(path_segment("ok-1.2_3~"), "ok-1.2_3~");
        assert_eq!(path_segment("é"), "%C3%A9");
    }

    #[test]
    fn backoff_doubles_up_to_its_cap_with_jitter_in_the_upper_half() {
        let retry = Retry {
            max_retries: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            non_idempotent: false,
        };
        for (attempt, full) in [
            (0, 100),
            (1, 200),
            (2, 400),
            (3, 800),
            (4, 1000),
            (40, 1000),
        ] {
            let wait = retry.backoff(attempt);
            let full = Duration::from_millis(full);
            assert!(wait >= full / 2 && wait <= full, "{attempt}: {wait:?}");
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let past = "Sun, 06 Nov 1994 08:49:37 GMT";
        headers.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static(past));
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(
            reqwest::header::RETRY_AFTER,
            HeaderValue::from_static("soon"),
        );
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn http_dates_count_seconds_from_the_epoch() {
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            http_date("Tue, 29 Feb 2000 23:59:59 GMT"),
            Some(951_868_799)
        );
        assert_eq!(http_date("Wed, 31 Dec 1969 23:59:59 GMT"), None);
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 UTC"), None);
        assert_eq!(http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(http_date("Sun, 06 Nov 1994 8:49:37 GMT"), None);
        assert_eq!(http_date("Sat, 01 Jan 0000 00:00:00 GMT"), None);
    }

    #[test]
    fn parameters_are_written_in_their_styles() {
        let request = Request::new("GET", "/pets/{id}/{tags}")
            .path_param("id", "a/b")
            .path_param("tags", &["x", "y z"])
            .query_param("limit", &Some(10), true)
            .query_param("none", &None::<i32>, true)
            .query_param("ids", &[1, 2], true)
            .query_param("names", &["a", "b"], false)
            .header_param("x-flag", &true)
            .header_param("x-none", &None::<String>);
        assert_eq!(
            request.path_and_query(),
            "/pets/a%2Fb/x%2Cy%20z?limit=10&ids=1&ids=2&names=a%2Cb"
        );
        assert_eq!(request.headers, vec![("x-flag".into(), "true".into())]);
        assert!(request.invalid.is_none());
        let missing = Request::new("GET", "/pets/{id}").path_param("id", &None::<String>);
        assert!(missing.invalid.is_some());
    }

    #[test]
    fn query_strings_are_encoded_in_order() {
        let request = Request::new("GET", "/pets")
            .query("name", "a b&c")
            .query("limit", 10);
        assert_eq!(request.path_and_query(), "/pets?name=a%20b%26c&limit=10");
        assert!(request.idempotent);
        assert!(!Request::new("POST", "/x").idempotent);
    }
}
