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
//!
//! # Snapshots, scenarios and OAuth
//!
//! [`MockTelnyx::snapshot`] returns the whole state (accounts, users, groups,
//! the channel pool, idempotency records, the rate window, issued OAuth
//! tokens) and [`MockTelnyx::restore`] puts one back; [`MockTelnyx::load_scenario`]
//! loads one of the [`SCENARIOS`] (`empty-organization`, `rate-limited`, ...).
//! `POST /v2/oauth/token` issues client-credentials tokens the API accepts
//! until they expire; the crate README documents both.
//!
//! # The engine without sockets
//!
//! Underneath, the mock is a sans-IO [`engine::Engine`]: a request value in,
//! a response value out, the time and a random number passed in. The
//! adapters (wiremock for [`MockTelnyx`], hyper for the program) are behind
//! the default `server` feature; without it the engine builds for
//! `wasm32-unknown-unknown`.
//!
//! ```
//! use telnyx_mock::engine::{Config, Engine, Request};
//! use telnyx_mock::Seed;
//!
//! let mut engine = Engine::from_seed(&Seed::Scenario("rate-limited".into()), Config::default()).unwrap();
//! let list = Request::new("GET", "/v2/managed_accounts").header("authorization", "Bearer k");
//! let response = engine.handle(&list, 1_767_225_600_000, 1);
//! assert_eq!(response.status, 429);
//! assert_eq!(response.header("retry-after"), Some("60"));
//! ```

#[cfg(feature = "server")]
mod adapters;
pub mod engine;
mod error;

pub use engine::errors::ApiFailure;
pub use engine::faults::{Fault, FaultRule};
pub use engine::oauth::{IssuedToken, OAuthClient, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
pub use engine::rate::RateWindow;
pub use engine::recorder::RecordedRequest;
pub use engine::seed::{Fixture, FixtureAccount, FixtureGroup, FixtureManager, FixtureUser, Seed};
pub use engine::snapshot::{IdempotencyRecord, Snapshot, StoredReply, SCENARIOS};
pub use engine::state::{AccountRecord, AccountStatus, GroupRecord, Manager, StateCounts, UserRecord};
pub use error::Error;

#[cfg(feature = "server")]
pub use adapters::wiremock::{MockTelnyx, MockTelnyxBuilder};
