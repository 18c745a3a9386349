//! The client, its builder, and the one loop every call goes through:
//! send, read the whole body, and on failure ask the core's retry policy
//! whether and when to try again.

use crate::organizations::Organizations;
use crate::transport;
use crate::ManagedAccounts;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use telnyx_core::engine::{self, CallSettings};
use telnyx_core::log::LogLevel;
use telnyx_core::oauth::OAuthClient;
use telnyx_core::response::HttpResponse;
use telnyx_core::retry::RetryPolicy;
use telnyx_core::{validate, ClientConfig, Error, HeaderEdit, Operation, RequestSpec, Secret, ValidationError};

/// A callback that sees every response the client receives.
pub(crate) type ResponseHook = Arc<dyn Fn(&Exchange<'_>) + Send + Sync>;

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
    settings: CallSettings,
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
            .field("settings", &inner.settings)
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

    /// Sends a request through the core's call engine (retries, timeouts,
    /// the give-up mapping) and returns the first success response.
    pub(crate) async fn execute(
        &self,
        spec: RequestSpec,
        extra_headers: &[(String, String)],
    ) -> Result<HttpResponse, Error> {
        let inner = &*self.inner;
        let transport = transport::Reqwest { http: &inner.http, on_response: inner.on_response.as_ref() };
        let extra_headers: Vec<HeaderEdit> = extra_headers.iter().map(|(n, v)| (n.clone(), Some(v.clone()))).collect();
        engine::call(&transport, &inner.config, &inner.settings, &spec, &extra_headers)
            .await
            .map_err(|failed| failed.error)
    }
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
    oauth: Option<OAuthClient>,
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

    /// OAuth client credentials instead of an API key (the JS SDK's
    /// `clientID` and `clientSecret`): the client asks `{base_url}/oauth/token`
    /// for a token, keeps it until it expires, and sends it as the bearer.
    pub fn oauth_client(mut self, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        self.oauth = Some(OAuthClient::new(client_id, client_secret));
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
    /// assert_eq!(
    ///     err.to_string(),
    ///     "Invalid `base_url`: must be an absolute http(s) URL without query or fragment, like https://api.telnyx.com/v2"
    /// );
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let api_key = match (self.api_key, &self.oauth) {
            (Some(key), _) if !key.expose().trim().is_empty() => Some(key),
            (_, Some(_)) => None,
            _ => {
                return Err(invalid(
                    "api_key",
                    "is required: pass it to `Client::new` or `ClientBuilder::api_key`, set TELNYX_API_KEY, or use `ClientBuilder::oauth_client`",
                ))
            }
        };
        if let Some(key) = &api_key {
            validate::api_key("api_key", key.expose())?;
        }
        if let Some(oauth) = &self.oauth {
            validate::header("oauth_client", "x", &oauth.client_id)?;
            if oauth.client_id.is_empty() || oauth.client_id.contains(':') {
                return Err(invalid("oauth_client", "the client id must be non-empty and without `:`"));
            }
        }
        let base_url =
            validate::base_url("base_url", self.base_url.as_deref().unwrap_or(telnyx_core::DEFAULT_BASE_URL))?;
        for (name, value) in &self.default_headers {
            validate::header("default_header", name, value)?;
        }
        let settings = CallSettings {
            timeout_ms: self.timeout.map_or(engine::DEFAULT_TIMEOUT_MS, millis),
            call_timeout_ms: self.call_timeout.map(millis),
            policy: self.policy,
            // No log lines: the native client has no logger to write them to.
            log_level: LogLevel::Off,
        };
        if settings.timeout_ms == 0 || settings.timeout_ms > engine::MAX_TIMEOUT_MS {
            return Err(invalid("timeout", "must be between 1 ms and 2147483647 ms"));
        }
        if settings.call_timeout_ms.is_some_and(|t| t == 0) {
            return Err(invalid("call_timeout", "must be longer than zero"));
        }
        if settings.policy.max_retries > engine::MAX_RETRIES {
            return Err(invalid("max_retries", "must be between 0 and 100"));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                // Redirects are not part of this API; following one could send the key elsewhere.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|err| Error::Connection { message: transport::describe(&err), outcome_unknown: false })?,
        };
        let default_headers = self.default_headers.into_iter().map(|(n, v)| (n, Some(v))).collect();
        let config = ClientConfig { api_key, base_url, default_headers, oauth: self.oauth, ..ClientConfig::default() };
        Ok(Client { inner: Arc::new(Inner { http, config, settings, on_response: self.on_response }) })
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn invalid(field: &str, reason: impl Into<String>) -> Error {
    Error::Validation(ValidationError::new(field, reason))
}
