//! The wiremock adapter: [`MockTelnyx`], a [`wiremock::MockServer`] whose
//! catch-all responder hands every request to the engine. The builder's
//! [`MockTelnyxBuilder::serve_until`] runs the same engine on the hyper
//! adapter instead.

use super::SharedEngine;
use crate::engine::{Config, Engine, Request, Response};
use crate::{AccountRecord, AccountStatus, ApiFailure, Error, Fault, FaultRule, GroupRecord, Manager};
use crate::{RecordedRequest, Seed, Snapshot, StateCounts, UserRecord};
use std::future::Future;
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;
use wiremock::http::{HeaderName, HeaderValue};
use wiremock::{matchers::any, Mock, MockServer, Respond, ResponseTemplate};

/// A running mock Telnyx server. It stops when dropped.
pub struct MockTelnyx {
    server: MockServer,
    shared: SharedEngine,
}

impl MockTelnyx {
    /// Starts a mock with the default seed on a random port of 127.0.0.1.
    ///
    /// Panics if it cannot start (no free port); use
    /// [`MockTelnyxBuilder::try_start`] to handle that.
    pub async fn start() -> MockTelnyx {
        MockTelnyx::builder().start().await
    }

    /// A builder for a mock with other settings.
    pub fn builder() -> MockTelnyxBuilder {
        MockTelnyxBuilder::default()
    }

    /// `http://127.0.0.1:PORT`: the server's root. Every operation is served
    /// under it and under `/v2`; the admin API lives at `/__admin`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// `http://127.0.0.1:PORT/v2`: a base URL as clients expect it.
    pub fn base_url(&self) -> String {
        format!("{}/v2", self.server.uri())
    }

    pub fn address(&self) -> SocketAddr {
        *self.server.address()
    }

    /// The underlying wiremock server, to mount extra [`wiremock::Mock`]s on.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// Every API request received since the start or the last reset (admin
    /// calls and CORS preflights are not logged), oldest first.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mock = telnyx_mock::MockTelnyx::start().await;
    /// reqwest::Client::new()
    ///     .get(format!("{}/managed_accounts?page[size]=5", mock.base_url()))
    ///     .bearer_auth("secret-key")
    ///     .send()
    ///     .await
    ///     .unwrap();
    /// let request = &mock.requests()[0];
    /// assert_eq!(request.operation.as_deref(), Some("managedAccounts.list"));
    /// assert_eq!(request.query.as_deref(), Some("page[size]=5"));
    /// assert_eq!(request.headers["authorization"], "Bearer [redacted]");
    /// assert_eq!(request.status, 200);
    /// # }
    /// ```
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().log.entries().cloned().collect()
    }

    /// Adds a fault rule and returns its id. Panics on an invalid rule
    /// (a status outside 200..=599, a header that is not valid HTTP, ...).
    pub fn add_fault(&self, fault: Fault) -> u64 {
        match self.try_add_fault(fault) {
            Ok(id) => id,
            Err(failure) => panic!("invalid fault rule: {:?}", failure.errors),
        }
    }

    /// Adds a fault rule, or says why it is invalid.
    pub fn try_add_fault(&self, fault: Fault) -> Result<u64, ApiFailure> {
        self.shared.lock().faults.add(fault).map(|rule| rule.id)
    }

    /// The fault rules, with how often each has fired.
    pub fn faults(&self) -> Vec<FaultRule> {
        self.shared.lock().faults.rules().to_vec()
    }

    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Restores the seeded state and clears faults, the request log and
    /// remembered idempotency keys.
    ///
    /// ```
    /// use telnyx_mock::{AccountStatus, MockTelnyx};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mock = MockTelnyx::start().await;
    /// let seeded = mock.accounts();
    /// mock.set_account_status(&seeded[0].id, AccountStatus::Cancelled);
    /// mock.reset();
    /// assert_eq!(mock.accounts(), seeded);
    /// # }
    /// ```
    pub fn reset(&self) {
        self.shared.lock().reset();
    }

    /// Every managed account, in creation order.
    pub fn accounts(&self) -> Vec<AccountRecord> {
        self.shared.lock().store.accounts().to_vec()
    }

    pub fn account(&self, id: &str) -> Option<AccountRecord> {
        self.shared.lock().store.account(id).cloned()
    }

    /// Every organization user, in creation order.
    pub fn users(&self) -> Vec<UserRecord> {
        self.shared.lock().store.users().to_vec()
    }

    pub fn groups(&self) -> Vec<GroupRecord> {
        self.shared.lock().store.groups().to_vec()
    }

    pub fn manager(&self) -> Manager {
        self.shared.lock().store.manager().clone()
    }

    pub fn counts(&self) -> StateCounts {
        self.shared.lock().store.counts()
    }

    /// The whole state: accounts, users, groups, the channel pool,
    /// idempotency records and the rate window (what `GET /__admin/snapshot` answers).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mock = telnyx_mock::MockTelnyx::start().await;
    /// let saved = mock.snapshot();
    /// mock.load_scenario("empty-organization").unwrap();
    /// assert_eq!(mock.counts().accounts, 0);
    /// mock.restore(saved).unwrap();
    /// assert_eq!(mock.counts().accounts, 36);
    /// # }
    /// ```
    pub fn snapshot(&self) -> Snapshot {
        self.shared.lock().snapshot()
    }

    /// Replaces the whole state with a snapshot, which also becomes what
    /// [`Self::reset`] returns to. Faults and the request log stay.
    pub fn restore(&self, snapshot: Snapshot) -> Result<(), Error> {
        self.shared.lock().restore(snapshot)
    }

    /// Loads a named scenario (see [`crate::SCENARIOS`]) as [`Self::restore`] does.
    pub fn load_scenario(&self, name: &str) -> Result<(), Error> {
        let snapshot = crate::engine::snapshot::scenario(name)?;
        self.restore(snapshot)
    }

    /// Sets an account's status (the API itself cannot cancel or block).
    /// Returns `false` when there is no such account.
    pub fn set_account_status(&self, id: &str, status: AccountStatus) -> bool {
        self.shared.lock().store.set_account_status(id, status).is_ok()
    }
}

/// Settings for a [`MockTelnyx`].
///
/// ```
/// use std::time::Duration;
/// use telnyx_mock::{MockTelnyx, Seed};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mock = MockTelnyx::builder()
///     .api_key("KEY123")
///     .latency(Duration::from_millis(5))
///     .body_limit(64 * 1024)
///     .seed(Seed::Empty)
///     .start()
///     .await;
/// assert_eq!(mock.counts().accounts, 0);
/// # }
/// ```
#[derive(Default)]
pub struct MockTelnyxBuilder {
    config: Config,
    seed: Seed,
    listener: Option<TcpListener>,
    log_to_stderr: bool,
}

impl MockTelnyxBuilder {
    /// Accept only `Authorization: Bearer <key>` (by default any non-empty token).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.config.api_key = Some(key.into());
        self
    }

    /// Delay every API answer by this much.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.config.latency = Some(latency).filter(|d| !d.is_zero());
        self
    }

    /// Answer 413 to bodies longer than this (default 1 MiB).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.config.body_limit = bytes;
        self
    }

    /// Enforce a rate limit: after `limit` requests in a `window`, answer 429.
    pub fn rate_limit(mut self, limit: u64, window: Duration) -> Self {
        self.config.rate_limit = Some(limit);
        self.config.rate_window = window;
        self
    }

    /// The client id and secret `POST /v2/oauth/token` accepts (by default
    /// `telnyx-mock-client` and `telnyx-mock-secret`).
    pub fn oauth_client(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        self.config.oauth.client_id = client_id.into();
        self.config.oauth.client_secret = client_secret.into();
        self
    }

    /// How long the OAuth endpoint's access tokens live (`expires_in`; by default an hour).
    pub fn oauth_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.config.oauth.token_lifetime_secs = lifetime.as_secs();
        self
    }

    /// How many requests the log keeps (default 10,000; the oldest go first).
    pub fn request_log_capacity(mut self, entries: usize) -> Self {
        self.config.request_log_capacity = entries;
        self
    }

    /// Print one line per request to stderr.
    pub fn log_requests(mut self, on: bool) -> Self {
        self.log_to_stderr = on;
        self
    }

    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = seed;
        self
    }

    /// Serve on this listener instead of a random port of 127.0.0.1.
    pub fn listener(mut self, listener: TcpListener) -> Self {
        self.listener = Some(listener);
        self
    }

    /// Serves on the builder's listener with the standalone engine until
    /// `shutdown` resolves: the engine of the `telnyx-mock` program.
    ///
    /// It runs the same handler as [`Self::start`], through wiremock's
    /// [`wiremock::Request`], but owns the connections: memory stays flat over
    /// millions of requests (a wiremock `Mock` keeps every request it
    /// matched), an unreadable request closes only its own connection, and it
    /// uses every thread of the runtime it is given. There is no
    /// [`MockTelnyx`] handle: drive it through the admin API.
    ///
    /// ```
    /// use telnyx_mock::MockTelnyx;
    ///
    /// # #[tokio::main]
    /// # async fn main() {
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    /// let url = format!("http://{}", listener.local_addr().unwrap());
    /// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    /// let server = tokio::spawn(MockTelnyx::builder().listener(listener).serve_until(async {
    ///     let _ = stopped.await;
    /// }));
    /// let state = reqwest::get(format!("{url}/__admin/state")).await.unwrap();
    /// assert_eq!(state.status(), 200);
    /// stop.send(()).unwrap();
    /// server.await.unwrap().unwrap();
    /// # }
    /// ```
    pub async fn serve_until(self, shutdown: impl Future<Output = ()>) -> Result<(), Error> {
        let engine = Engine::from_seed(&self.seed, self.config)?;
        let listener = match self.listener {
            Some(listener) => listener,
            None => TcpListener::bind("127.0.0.1:0").map_err(|e| Error::io("cannot bind 127.0.0.1:0", e))?,
        };
        let body_limit = engine.config.body_limit;
        let shared = SharedEngine::new(engine, self.log_to_stderr);
        super::hyper::serve(listener, shared, body_limit, shutdown).await.map_err(|e| Error::io("cannot serve", e))
    }

    /// Starts the mock; panics if it cannot (see [`Self::try_start`]).
    pub async fn start(self) -> MockTelnyx {
        match self.try_start().await {
            Ok(mock) => mock,
            Err(error) => panic!("telnyx-mock could not start: {error}"),
        }
    }

    /// Starts the mock, or says why it could not (a bad seed, no port).
    pub async fn try_start(self) -> Result<MockTelnyx, Error> {
        let engine = Engine::from_seed(&self.seed, self.config)?;
        let listener = match self.listener {
            Some(listener) => listener,
            None => TcpListener::bind("127.0.0.1:0").map_err(|e| Error::io("cannot bind 127.0.0.1:0", e))?,
        };
        let shared = SharedEngine::new(engine, self.log_to_stderr);
        // wiremock's own request recording is off: the mock keeps a bounded log instead.
        let server = MockServer::builder().listener(listener).disable_request_recording().start().await;
        Mock::given(any())
            .respond_with(Responder { shared: shared.clone() })
            .with_priority(u8::MAX)
            .named("telnyx-mock")
            .mount(&server)
            .await;
        Ok(MockTelnyx { server, shared })
    }
}

/// The catch-all `wiremock` responder: every request goes to the engine.
#[derive(Clone)]
struct Responder {
    shared: SharedEngine,
}

impl Respond for Responder {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let request = Request {
            method: request.method.as_str().to_owned(),
            path: request.url.path().to_owned(),
            query: request.url.query().map(str::to_owned),
            headers: request.headers.clone(),
            body: request.body.clone(),
        };
        template(self.shared.handle(&request))
    }
}

fn template(response: Response) -> ResponseTemplate {
    // wiremock panics on a status outside 100..=999; those become 500.
    let status = if (100..=999).contains(&response.status) { response.status } else { 500 };
    let mut template = ResponseTemplate::new(status);
    for (name, value) in response.headers {
        template = template.insert_header(name, value);
    }
    if let Some(delay) = response.delay {
        template = template.set_delay(delay);
    }
    if response.drop_connection {
        // wiremock cannot close a socket itself. A response that declares
        // both `transfer-encoding` and a later `content-length` is one that
        // hyper refuses to encode: it writes nothing and closes the
        // connection, so the client sees the connection drop mid-request,
        // exactly like a crashed upstream. (The body must be non-empty and
        // its declared length exact, or hyper's own checks get in first.)
        return template
            .set_body_bytes(b"x".to_vec())
            .insert_header(HeaderName::from_static("transfer-encoding"), HeaderValue::from_static("chunked"))
            .insert_header(HeaderName::from_static("content-length"), HeaderValue::from_static("1"));
    }
    template.set_body_bytes(response.body)
}
