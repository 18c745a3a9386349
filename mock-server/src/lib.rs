//! `telnyx-mock`: a stateful mock of the Telnyx account-management API, built
//! on [`wiremock`], with fault injection.
//!
//! It serves the 12 operations of the account-management API (managed
//! accounts and organization users) under both `/` and `/v2`, keeps state
//! between calls (create → list → retrieve → disable all agree), answers
//! errors in Telnyx's format, honours `Idempotency-Key`, speaks CORS, and
//! fails on demand: a status, a malformed body, a slow answer or a dropped
//! connection, before or after the operation commits.
//!
//! # Getting started
//!
//! Start a mock on a random port, point your client at [`MockTelnyx::base_url`],
//! and look at what it received:
//!
//! ```
//! use telnyx_mock::MockTelnyx;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mock = MockTelnyx::start().await;
//! let client = reqwest::Client::new();
//!
//! let created: serde_json::Value = client
//!     .post(format!("{}/managed_accounts", mock.base_url()))
//!     .bearer_auth("any-key")
//!     .json(&serde_json::json!({ "business_name": "Larry's Cat Food Inc" }))
//!     .send()
//!     .await
//!     .unwrap()
//!     .json()
//!     .await
//!     .unwrap();
//! let id = created["data"]["id"].as_str().unwrap();
//!
//! // The mock remembers: the account is there, and so is the request.
//! assert_eq!(mock.account(id).unwrap().organization_name, "Larry's Cat Food Inc");
//! assert_eq!(mock.requests()[0].operation.as_deref(), Some("managedAccounts.create"));
//! # }
//! ```
//!
//! # Seed data
//!
//! By default the mock starts with the same 36 managed accounts (27 enabled,
//! 4 disabled, 3 cancelled, 2 blocked) and 12 organization users in four
//! groups every time. [`Seed`] picks something else: bulk synthetic records,
//! a JSON fixture, or nothing.
//!
//! ```
//! use telnyx_mock::{MockTelnyx, Seed};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mock = MockTelnyx::builder()
//!     .seed(Seed::Synthetic { accounts: Some(500), users: Some(3) })
//!     .api_key("KEY_FOR_TESTS")
//!     .start()
//!     .await;
//! assert_eq!(mock.counts().accounts, 500);
//! assert_eq!(mock.counts().users, 3);
//! # }
//! ```
//!
//! # Fault injection
//!
//! A [`Fault`] makes matching requests fail, a given number of times, in
//! the order the rules were added. Here the first create fails with a 503
//! and a `retry-after`, and the second succeeds:
//!
//! ```
//! use telnyx_mock::{Fault, MockTelnyx};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mock = MockTelnyx::start().await;
//! mock.add_fault(Fault::status(503).on("POST", "/managed_accounts").header("retry-after", "1"));
//!
//! let client = reqwest::Client::new();
//! let send = || {
//!     client
//!         .post(format!("{}/managed_accounts", mock.base_url()))
//!         .bearer_auth("k")
//!         .json(&serde_json::json!({ "business_name": "Acme" }))
//!         .send()
//! };
//! let first = send().await.unwrap();
//! assert_eq!(first.status(), 503);
//! assert_eq!(first.headers()["retry-after"], "1");
//! assert_eq!(send().await.unwrap().status(), 200);
//! # }
//! ```
//!
//! Other kinds: [`Fault::drop_connection`] closes the connection without an
//! answer; [`Fault::delay`] answers late; [`Fault::body_raw`] sends any text
//! (malformed JSON, an HTML page, nothing); [`Fault::after_commit`] performs
//! the operation and then loses the reply. The same rules can be posted as
//! JSON to `POST /__admin/faults` (see the crate README), which is how tests
//! in other languages drive the standalone `telnyx-mock` binary.
//!
//! # Overriding a route with plain wiremock
//!
//! The mock is a [`wiremock::MockServer`] with one catch-all responder at the
//! lowest priority, so any [`wiremock::Mock`] you mount wins over it:
//!
//! ```
//! use telnyx_mock::MockTelnyx;
//! use wiremock::{matchers::path, Mock, ResponseTemplate};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mock = MockTelnyx::start().await;
//! Mock::given(path("/v2/managed_accounts/allocatable_global_outbound_channels"))
//!     .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "data": {} })))
//!     .mount(mock.server())
//!     .await;
//! # }
//! ```

mod admin;
mod api;
mod errors;
mod faults;
mod ids;
mod input;
mod recorder;
mod reply;
mod seed;
mod server;
mod standalone;
mod state;

pub use errors::ApiFailure;
pub use faults::{Fault, FaultRule};
pub use recorder::RecordedRequest;
pub use seed::{Fixture, FixtureAccount, FixtureGroup, FixtureManager, FixtureUser, Seed};
pub use state::{AccountRecord, AccountStatus, GroupRecord, Manager, StateCounts, UserRecord};

use server::{lock, Config, Inner, Router, Shared};
use std::future::Future;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::{matchers::any, Mock, MockServer};

/// A running mock Telnyx server. It stops when dropped.
pub struct MockTelnyx {
    server: MockServer,
    shared: Shared,
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
        lock(&self.shared).log.entries().cloned().collect()
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
        lock(&self.shared).faults.add(fault).map(|rule| rule.id)
    }

    /// The fault rules, with how often each has fired.
    pub fn faults(&self) -> Vec<FaultRule> {
        lock(&self.shared).faults.rules().to_vec()
    }

    pub fn clear_faults(&self) {
        lock(&self.shared).faults.clear();
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
        lock(&self.shared).reset();
    }

    /// Every managed account, in creation order.
    pub fn accounts(&self) -> Vec<AccountRecord> {
        lock(&self.shared).store.accounts().to_vec()
    }

    pub fn account(&self, id: &str) -> Option<AccountRecord> {
        lock(&self.shared).store.account(id).cloned()
    }

    /// Every organization user, in creation order.
    pub fn users(&self) -> Vec<UserRecord> {
        lock(&self.shared).store.users().to_vec()
    }

    pub fn groups(&self) -> Vec<GroupRecord> {
        lock(&self.shared).store.groups().to_vec()
    }

    pub fn manager(&self) -> Manager {
        lock(&self.shared).store.manager().clone()
    }

    pub fn counts(&self) -> StateCounts {
        lock(&self.shared).store.counts()
    }

    /// Sets an account's status (the API itself cannot cancel or block).
    /// Returns `false` when there is no such account.
    pub fn set_account_status(&self, id: &str, status: AccountStatus) -> bool {
        lock(&self.shared).store.set_account_status(id, status).is_ok()
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

    /// How many requests the log keeps (default 10,000; the oldest go first).
    pub fn request_log_capacity(mut self, entries: usize) -> Self {
        self.config.request_log_capacity = entries;
        self
    }

    /// Print one line per request to stderr.
    pub fn log_requests(mut self, on: bool) -> Self {
        self.config.log_to_stderr = on;
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
    pub async fn serve_until(self, shutdown: impl Future<Output = ()>) -> Result<(), String> {
        let store = self.seed.build()?;
        let listener = match self.listener {
            Some(listener) => listener,
            None => TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot bind 127.0.0.1:0: {e}"))?,
        };
        let body_limit = self.config.body_limit;
        let shared: Shared = Arc::new(Mutex::new(Inner::new(store, self.config)));
        standalone::serve(listener, Router::new(shared), body_limit, shutdown)
            .await
            .map_err(|e| format!("cannot serve: {e}"))
    }

    /// Starts the mock; panics if it cannot (see [`Self::try_start`]).
    pub async fn start(self) -> MockTelnyx {
        match self.try_start().await {
            Ok(mock) => mock,
            Err(error) => panic!("telnyx-mock could not start: {error}"),
        }
    }

    /// Starts the mock, or says why it could not (a bad seed, no port).
    pub async fn try_start(self) -> Result<MockTelnyx, String> {
        let store = self.seed.build()?;
        let listener = match self.listener {
            Some(listener) => listener,
            None => TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot bind 127.0.0.1:0: {e}"))?,
        };
        let shared: Shared = Arc::new(Mutex::new(Inner::new(store, self.config)));
        // wiremock's own request recording is off: the mock keeps a bounded log instead.
        let server = MockServer::builder().listener(listener).disable_request_recording().start().await;
        Mock::given(any())
            .respond_with(Router::new(shared.clone()))
            .with_priority(u8::MAX)
            .named("telnyx-mock")
            .mount(&server)
            .await;
        Ok(MockTelnyx { server, shared })
    }
}
