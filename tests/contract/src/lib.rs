//! Contract tests of the Telnyx account-management endpoints: the native
//! client against telnyx-mock, every response the mock gives checked
//! against the OpenAPI spec.
//!
//! The tests live in `tests/`, one file per endpoint. This library holds
//! what they share: [`Contract`], a mock plus a client that records every
//! raw response, and [`spec`], the validator those responses must pass.
//!
//! ```no_run
//! # async fn example() {
//! use telnyx_contract_tests::Contract;
//!
//! let contract = Contract::start().await;
//! let page = contract.client.managed_accounts().list(Default::default()).await.unwrap();
//! assert!(!page.data.is_empty());
//! // When `contract` is dropped, every response it saw is checked against the spec.
//! # }
//! ```

pub mod faults;
pub mod spec;

use spec::Spec;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;
use telnyx_client::{Client, ClientBuilder, Operation, RetryPolicy};
pub use telnyx_mock::{
    AccountRecord, AccountStatus, Fault, MockTelnyx, MockTelnyxBuilder, RecordedRequest, UserRecord,
};

/// The key the mock accepts in these tests; any other is a 401.
pub const API_KEY: &str = "KEY_CONTRACT_TESTS_0123456789";

/// Backoff short enough that retry tests take milliseconds, long enough to be real sleeps.
pub const FAST_RETRIES: RetryPolicy =
    RetryPolicy { max_retries: 2, initial_delay_ms: 10, max_delay_ms: 50, max_server_wait_ms: 5_000 };

/// The spec, parsed and compiled once per test binary.
pub fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec::load().unwrap_or_else(|err| panic!("{err}")))
}

/// One raw response as the client received it.
#[derive(Clone, Debug)]
pub struct RecordedResponse {
    pub operation: Operation,
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

type Responses = Arc<Mutex<Vec<RecordedResponse>>>;

/// A running mock and a client aimed at it that records every response.
///
/// When dropped (and the test has not already failed), it checks every
/// recorded response, and every request body the client sent, against the
/// spec and fails the test on a mismatch, so no exchange of any contract
/// test escapes validation.
pub struct Contract {
    pub mock: MockTelnyx,
    pub client: Client,
    responses: Responses,
}

impl Contract {
    /// The default seed, the key [`API_KEY`], and a client on `/v2`.
    pub async fn start() -> Contract {
        Contract::with_mock(MockTelnyx::builder()).await
    }

    /// A mock with other settings (its key is always [`API_KEY`]).
    pub async fn with_mock(builder: MockTelnyxBuilder) -> Contract {
        let mock = builder.api_key(API_KEY).start().await;
        let responses = Responses::default();
        let client = recording_builder(&responses, &mock.base_url())
            .build()
            .unwrap_or_else(|err| panic!("the test client could not be built: {err}"));
        Contract { mock, client, responses }
    }

    /// A client builder aimed at the mock (`/v2`), with the test key, fast
    /// retries and the response recorder: for clients with other settings.
    pub fn client_builder(&self) -> ClientBuilder {
        recording_builder(&self.responses, &self.mock.base_url())
    }

    /// A client with other settings; panics if they are invalid.
    pub fn client_with(&self, configure: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Client {
        configure(self.client_builder())
            .build()
            .unwrap_or_else(|err| panic!("the test client could not be built: {err}"))
    }

    /// The requests the mock logged for one operation.
    pub fn requests_for(&self, operation: Operation) -> Vec<RecordedRequest> {
        self.mock.requests().into_iter().filter(|r| r.operation.as_deref() == Some(operation.js_name())).collect()
    }

    /// How many times the mock received this operation.
    pub fn attempts(&self, operation: Operation) -> usize {
        self.requests_for(operation).len()
    }

    /// Every response recorded so far.
    pub fn responses(&self) -> Vec<RecordedResponse> {
        self.responses.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Removes and returns every response recorded so far (they will not be checked on drop).
    pub fn take_responses(&self) -> Vec<RecordedResponse> {
        std::mem::take(&mut *self.responses.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Records a response obtained outside the client (a raw request), so it is checked too.
    pub fn record(&self, response: RecordedResponse) {
        self.responses.lock().unwrap_or_else(PoisonError::into_inner).push(response);
    }

    /// Checks every recorded response against the spec; panics listing the
    /// mismatches. Returns how many responses were checked.
    pub fn assert_responses_match_the_spec(&self) -> usize {
        let responses = self.responses();
        let mismatches: Vec<String> = responses
            .iter()
            .filter_map(|r| spec().check(r.operation, r.status, &r.content_type, &r.body).err())
            .map(|m| m.to_string())
            .collect();
        assert!(
            mismatches.is_empty(),
            "{} response(s) do not match the spec:\n{}",
            mismatches.len(),
            mismatches.join("\n")
        );
        responses.len()
    }

    /// Checks every request body the client sent (by its `User-Agent`; raw
    /// requests are left out) against the spec. Returns how many were checked.
    pub fn assert_requests_match_the_spec(&self) -> usize {
        let sent: Vec<(Operation, Option<String>)> = self
            .mock
            .requests()
            .into_iter()
            .filter(|r| r.headers.get("user-agent").is_some_and(|ua| ua == telnyx_client::telnyx_core::USER_AGENT))
            .filter_map(|r| {
                let operation = Operation::ALL.into_iter().find(|op| Some(op.js_name()) == r.operation.as_deref())?;
                Some((operation, r.body))
            })
            .collect();
        let mismatches: Vec<String> = sent
            .iter()
            .filter_map(|(operation, body)| spec().check_request(*operation, body.as_deref()).err())
            .map(|m| m.to_string())
            .collect();
        assert!(
            mismatches.is_empty(),
            "{} request(s) do not match the spec:\n{}",
            mismatches.len(),
            mismatches.join("\n")
        );
        sent.len()
    }

    /// A seeded account with this status (creation order), for calls that need one.
    pub fn account_with_status(&self, status: AccountStatus) -> AccountRecord {
        self.mock
            .accounts()
            .into_iter()
            .find(|a| a.status == status)
            .unwrap_or_else(|| panic!("the seed has no {} account", status.as_str()))
    }

    /// A seeded user that can be removed (not the organization owner).
    pub fn removable_user(&self) -> UserRecord {
        self.mock
            .users()
            .into_iter()
            .find(|u| u.record_type != "organization_owner")
            .unwrap_or_else(|| panic!("the seed has no organization sub-user"))
    }

    /// The organization owner.
    pub fn owner(&self) -> UserRecord {
        self.mock
            .users()
            .into_iter()
            .find(|u| u.record_type == "organization_owner")
            .unwrap_or_else(|| panic!("the seed has no organization owner"))
    }
}

impl Drop for Contract {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.assert_responses_match_the_spec();
            self.assert_requests_match_the_spec();
        }
    }
}

fn recording_builder(responses: &Responses, base_url: &str) -> ClientBuilder {
    let log = responses.clone();
    Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .retry_policy(FAST_RETRIES)
        .timeout(Duration::from_secs(10))
        .on_response(move |exchange| {
            let content_type = exchange
                .headers
                .iter()
                .find(|(name, _)| name == "content-type")
                .map(|(_, value)| value.clone())
                .unwrap_or_default();
            log.lock().unwrap_or_else(PoisonError::into_inner).push(RecordedResponse {
                operation: exchange.operation,
                status: exchange.status,
                content_type,
                body: exchange.body.to_vec(),
            });
        })
}

/// Sends a raw request with reqwest (for what the typed client will not
/// send: no key, malformed JSON), records the response for the spec check,
/// and returns its status and body as JSON (`Null` when it is not JSON).
pub async fn raw_request(
    contract: &Contract,
    operation: Operation,
    method: &str,
    path: &str,
    authorization: Option<&str>,
    body: Option<&str>,
) -> (u16, serde_json::Value) {
    let http = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or_else(|_| panic!("bad method {method}"));
    let mut request = http.request(method, format!("{}{path}", contract.mock.base_url()));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_owned());
    }
    let response = request.send().await.unwrap_or_else(|err| panic!("the mock did not answer: {err}"));
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let bytes = response.bytes().await.unwrap_or_else(|err| panic!("the body could not be read: {err}")).to_vec();
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    contract.record(RecordedResponse { operation, status, content_type, body: bytes });
    (status, json)
}
