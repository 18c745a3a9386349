//! The client, its builder, and the one loop every call goes through:
//! send, read the whole body, and on failure ask the core's retry policy
//! whether and when to try again.

use crate::organizations::Organizations;
use crate::transport::{self, TransportError};
use crate::ManagedAccounts;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use telnyx_core::response::{api_error, HttpResponse};
use telnyx_core::retry::{self, Attempt, Failure, GiveUp, RetryDecision, RetryPolicy};
use telnyx_core::{ClientConfig, Error, Operation, RequestSpec, Secret, ValidationError};

/// The JavaScript SDK's default per-attempt timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A callback that sees every response the client receives.
type ResponseHook = Arc<dyn Fn(&Exchange<'_>) + Send + Sync>;

/// A client of the Telnyx account-management API.
///
/// Cheap to clone (the settings and the connection pool are shared), `Send`
/// and `Sync`: build one and pass clones around.
///
/// ```
/// # fn main() -> Result<(), telnyx_client::Error> {
/// use std::time::Duration;
/// use telnyx_client::Client;
///
/// let client = Client::builder()
///     .api_key("KEY0123456789")
///     .base_url("http://127.0.0.1:4010/v2")
///     .max_retries(3)
///     .timeout(Duration::from_secs(10))
///     .build()?;
/// // The key never shows in debug output.
/// assert!(!format!("{client:?}").contains("KEY0123456789"));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    config: ClientConfig,
    policy: RetryPolicy,
    timeout: Duration,
    call_timeout: Option<Duration>,
    on_response: Option<ResponseHook>,
}

impl fmt::Debug for Client {
    /// Shows the settings; the API key and default header values are redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let header_names: Vec<&str> = inner.config.default_headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Client")
            .field("base_url", &inner.config.base_url)
            .field("api_key", &inner.config.api_key)
            .field("default_headers", &header_names)
            .field("policy", &inner.policy)
            .field("timeout", &inner.timeout)
            .field("call_timeout", &inner.call_timeout)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the production API with this key and the default settings.
    ///
    /// ```
    /// let client = telnyx_client::Client::new("KEY0123456789").unwrap();
    /// # let _ = client;
    /// assert!(telnyx_client::Client::new("").is_err());
    /// ```
    pub fn new(api_key: impl Into<Secret>) -> Result<Client, Error> {
        Client::builder().api_key(api_key).build()
    }

    /// A client configured from `TELNYX_API_KEY` and, when set, `TELNYX_BASE_URL`,
    /// the variables the JavaScript SDK reads.
    pub fn from_env() -> Result<Client, Error> {
        let mut builder = Client::builder();
        if let Ok(key) = std::env::var("TELNYX_API_KEY") {
            builder = builder.api_key(key);
        }
        if let Ok(url) = std::env::var("TELNYX_BASE_URL") {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// Starts a [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// `client.managed_accounts()`: the managed-accounts resource.
    pub fn managed_accounts(&self) -> ManagedAccounts<'_> {
        ManagedAccounts::new(self)
    }

    /// `client.organizations()`: the organizations resource (its users).
    pub fn organizations(&self) -> Organizations<'_> {
        Organizations::new(self)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.config.base_url
    }

    /// Sends a request and decodes its `{data, ...}` envelope.
    pub(crate) async fn send<T: serde::de::DeserializeOwned>(
        &self,
        spec: RequestSpec,
        extra_headers: &[(String, String)],
    ) -> Result<T, Error> {
        let response = self.execute(spec, extra_headers).await?;
        telnyx_core::response::decode(&response)
    }

    /// Sends a request, retrying as the policy says, and returns the first
    /// success response, or the error of the last attempt.
    pub(crate) async fn execute(
        &self,
        spec: RequestSpec,
        extra_headers: &[(String, String)],
    ) -> Result<HttpResponse, Error> {
        let inner = &*self.inner;
        let request = inner.config.http_request(&spec, extra_headers);
        let prepared = transport::prepare(&request)?;
        let has_idempotency_key = request.header("idempotency-key").is_some();
        let started = Instant::now();
        let budget = inner.call_timeout;
        let mut retries_so_far = 0;
        loop {
            let remaining = budget.map(|b| b.saturating_sub(started.elapsed()));
            let attempt_timeout = match remaining {
                Some(remaining) if remaining < inner.timeout => remaining,
                _ => inner.timeout,
            };
            // The budget ran out while sleeping: there is no time for another attempt.
            if attempt_timeout.is_zero() {
                return Err(Error::Timeout { timeout_ms: millis(budget.unwrap_or_default()), outcome_unknown: false });
            }
            let outcome = tokio::time::timeout(attempt_timeout, transport::send(&inner.http, &prepared)).await;
            let (failure, headers, error) = match outcome {
                Ok(Ok(response)) => {
                    if let Some(hook) = &inner.on_response {
                        hook(&Exchange {
                            operation: request.operation,
                            method: request.method.as_str(),
                            url: &request.url,
                            attempt: retries_so_far + 1,
                            status: response.status,
                            headers: &response.headers,
                            body: &response.body,
                        });
                    }
                    if response.is_success() {
                        return Ok(response);
                    }
                    let error = Error::Api(api_error(&response));
                    (Failure::Status(response.status), response.headers, error)
                }
                Ok(Err(TransportError::Invalid(message))) => {
                    return Err(Error::Validation(ValidationError::new("request", message)))
                }
                Ok(Err(TransportError::Connection(message))) => {
                    (Failure::Connection, Vec::new(), Error::Connection { message, outcome_unknown: false })
                }
                Err(_elapsed) => {
                    let timeout_ms = match remaining {
                        // The call's budget, not the attempt's, is what ran out.
                        Some(remaining) if remaining < inner.timeout => millis(budget.unwrap_or_default()),
                        _ => millis(inner.timeout),
                    };
                    (Failure::Timeout, Vec::new(), Error::Timeout { timeout_ms, outcome_unknown: false })
                }
            };
            // Empty when the attempt got no response.
            let header_lookup: &dyn retry::HeaderLookup = &headers;
            let decision = inner.policy.decide(&Attempt {
                retries_so_far,
                operation: request.operation,
                has_idempotency_key,
                failure,
                headers: header_lookup,
                now_unix_ms: now_unix_ms(),
                random: fastrand::f64(),
                remaining_budget_ms: budget.map(|b| millis(b.saturating_sub(started.elapsed()))),
            });
            match decision {
                RetryDecision::RetryAfter { delay_ms } => {
                    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                    retries_so_far += 1;
                }
                RetryDecision::GiveUp(reason) => {
                    return Err(give_up(error, reason, failure, header_lookup, budget));
                }
            }
        }
    }
}

/// The error a call ends with, given why the policy gave up.
fn give_up(
    error: Error,
    reason: GiveUp,
    failure: Failure,
    headers: &dyn retry::HeaderLookup,
    budget: Option<Duration>,
) -> Error {
    match (error, reason) {
        (Error::Connection { message, .. }, GiveUp::UnsafeToRepeat) => {
            Error::Connection { message, outcome_unknown: true }
        }
        (Error::Timeout { timeout_ms, .. }, GiveUp::UnsafeToRepeat) => {
            Error::Timeout { timeout_ms, outcome_unknown: true }
        }
        (Error::Api(mut api), reason) => {
            api.retry_after_ms = match reason {
                GiveUp::ServerWaitTooLong { wait_ms } => Some(wait_ms),
                _ if api.status == 429 => retry::server_wait_ms(headers, failure, now_unix_ms()),
                _ => None,
            };
            Error::Api(api)
        }
        // A failure whose retry would not fit in the call's budget: the budget is what ends the call.
        (Error::Connection { .. } | Error::Timeout { .. }, GiveUp::BudgetExhausted) => {
            Error::Timeout { timeout_ms: millis(budget.unwrap_or_default()), outcome_unknown: false }
        }
        (error, _) => error,
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn now_unix_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(millis).unwrap_or(0)
}

/// One response as the client received it, before decoding: what a
/// [`ClientBuilder::on_response`] callback sees.
///
/// It carries no request headers, so the API key cannot leak through it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Exchange<'a> {
    pub operation: Operation,
    pub method: &'static str,
    pub url: &'a str,
    /// 1 for the first attempt, 2 for the first retry, and so on.
    pub attempt: u32,
    pub status: u16,
    /// Lower-case names.
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// Settings of a [`Client`].
///
/// Defaults follow the official JavaScript SDK: base URL
/// `https://api.telnyx.com/v2`, 60 s per attempt, 2 retries with backoff
/// `min(0.5 s · 2^n, 8 s)` less up to 25 % jitter. On top of that, a wait
/// the server asks for (`retry-after`) is sat out only up to
/// [`max_server_wait`](Self::max_server_wait) (60 s by default); past it the
/// call fails at once with the rate-limit error.
#[derive(Default)]
#[must_use]
pub struct ClientBuilder {
    api_key: Option<Secret>,
    base_url: Option<String>,
    default_headers: Vec<(String, String)>,
    policy: RetryPolicy,
    timeout: Option<Duration>,
    call_timeout: Option<Duration>,
    http: Option<reqwest::Client>,
    on_response: Option<ResponseHook>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("base_url", &self.base_url)
            .field("policy", &self.policy)
            .field("timeout", &self.timeout)
            .field("call_timeout", &self.call_timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API key, sent as `Authorization: Bearer <key>`. Required.
    pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// The API root, e.g. `https://api.telnyx.com/v2` (the default) or a
    /// telnyx-mock's `http://127.0.0.1:4010`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Retries after the first attempt (default 2; 0 turns retries off).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.policy.max_retries = max_retries;
        self
    }

    /// The longest wait a server may ask for (`retry-after`, `retry-after-ms`,
    /// `x-ratelimit-reset`) that the client will sit out before retrying.
    pub fn max_server_wait(mut self, wait: Duration) -> Self {
        self.policy.max_server_wait_ms = millis(wait);
        self
    }

    /// The whole retry policy at once (backoff delays included).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The time one attempt may take, from sending to the last byte of the
    /// body (default 60 s). A stalled body counts.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The time a whole call may take, every attempt and backoff included
    /// (default: no limit beyond the per-attempt timeout and retry count).
    /// A retry whose wait would not fit is not started.
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = Some(timeout);
        self
    }

    /// A header sent with every request (the SDK's `defaultHeaders`). It
    /// cannot replace `Authorization`, `Accept`, `Content-Type` or `User-Agent`.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into().to_ascii_lowercase(), value.into()));
        self
    }

    /// Uses this reqwest client (proxies, TLS roots, connection pool settings).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Calls `hook` with every response received, retried attempts and
    /// error responses included, before it is decoded: for logging,
    /// metrics, or recording what a server sent.
    pub fn on_response(mut self, hook: impl Fn(&Exchange<'_>) + Send + Sync + 'static) -> Self {
        self.on_response = Some(Arc::new(hook));
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// ```
    /// use telnyx_client::{Client, ErrorKind};
    /// let err = Client::builder().api_key("KEY").base_url("ftp://example.com").build().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Validation);
    /// assert_eq!(err.to_string(), "Invalid `base_url`: must be an http or https URL (got `ftp://example.com`)");
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let api_key = match self.api_key {
            Some(key) if !key.expose().trim().is_empty() => key,
            _ => {
                return Err(invalid(
                    "api_key",
                    "is required: pass it to `Client::new` or `ClientBuilder::api_key`, or set TELNYX_API_KEY",
                ))
            }
        };
        if reqwest::header::HeaderValue::from_str(&format!("Bearer {}", api_key.expose())).is_err() {
            return Err(invalid("api_key", "contains characters that cannot be sent in a header"));
        }
        let base_url = self.base_url.unwrap_or_else(|| telnyx_core::DEFAULT_BASE_URL.to_owned());
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
        match reqwest::Url::parse(&base_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {}
            _ => {
                let shown: String = base_url.chars().take(200).collect();
                return Err(invalid("base_url", format!("must be an http or https URL (got `{shown}`)")));
            }
        }
        for (name, value) in &self.default_headers {
            if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Err(invalid("default_header", format!("`{name}` is not a valid header name")));
            }
            if reqwest::header::HeaderValue::from_str(value).is_err() {
                return Err(invalid("default_header", format!("the value of `{name}` cannot be sent in a header")));
            }
        }
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(invalid("timeout", "must be longer than zero"));
        }
        if self.call_timeout.is_some_and(|t| t.is_zero()) {
            return Err(invalid("call_timeout", "must be longer than zero"));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                // Redirects are not part of this API; following one could send the key elsewhere.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|err| Error::Connection { message: transport::describe(&err), outcome_unknown: false })?,
        };
        let config = ClientConfig { api_key: Some(api_key), base_url, default_headers: self.default_headers };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                config,
                policy: self.policy,
                timeout,
                call_timeout: self.call_timeout,
                on_response: self.on_response,
            }),
        })
    }
}

fn invalid(field: &str, reason: impl Into<String>) -> Error {
    Error::Validation(ValidationError::new(field, reason))
}
