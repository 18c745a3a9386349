//! Helpers shared by the test files: the spec and examples composed from it,
//! and small drivers that run the core's decisions against a closure in place
//! of a transport, the way the wasm binding and the native client do.

// Each test file is its own crate and uses a different subset of these.
#![allow(dead_code)]

use serde_json::{Map, Value};
use std::sync::OnceLock;
use telnyx_core::models::{ListEnvelope, ManagedAccountListItem};
use telnyx_core::operations;
use telnyx_core::pagination::Paginator;
use telnyx_core::params::ListManagedAccountsParams;
use telnyx_core::response::{api_error, decode, HttpResponse};
use telnyx_core::retry::{Attempt, Failure, GiveUp, NoHeaders, RetryDecision, RetryPolicy};
use telnyx_core::{ClientConfig, Error, HttpRequest, RequestSpec};

pub const SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/telnyx-account-management.openapi.json");

/// The OpenAPI spec, read once per test binary.
pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = std::fs::read_to_string(SPEC_PATH).unwrap_or_else(|e| panic!("cannot read {SPEC_PATH}: {e}"));
        serde_json::from_str(&text).expect("the spec is valid JSON")
    })
}

/// Follows a local `$ref` (`#/components/...`).
pub fn resolve(schema: &Value) -> &Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("only local references");
            resolve(spec().pointer(pointer).unwrap_or_else(|| panic!("unresolved reference {reference}")))
        }
        None => schema,
    }
}

/// A schema's own `example`, or one composed from the examples of its parts.
pub fn example_of(schema: &Value) -> Value {
    let schema = resolve(schema);
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let object: Map<String, Value> = properties.iter().map(|(k, v)| (k.clone(), example_of(v))).collect();
        return Value::Object(object);
    }
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        return Value::Array(vec![example_of(&schema["items"])]);
    }
    panic!("the spec has no example for {schema}")
}

/// The spec's operation object.
pub fn operation(method: &str, path: &str) -> &'static Value {
    let op = &spec()["paths"][path][method];
    assert!(op.is_object(), "the spec has no {method} {path}");
    op
}

/// Every 200 example of an operation for a media type: the media's own
/// `example` and `examples`, plus the one composed from the schema.
pub fn success_examples(method: &str, path: &str, media: &str) -> Vec<Value> {
    let content = &operation(method, path)["responses"]["200"]["content"][media];
    assert!(content.is_object(), "{method} {path} has no 200 {media} response");
    let mut examples = Vec::new();
    if let Some(example) = content.get("example") {
        examples.push(example.clone());
    }
    if let Some(named) = content.get("examples").and_then(Value::as_object) {
        examples.extend(named.values().map(|e| e["value"].clone()));
    }
    if media == "application/json" {
        examples.push(example_of(&content["schema"]));
    }
    examples
}

/// A 200 JSON response with the given body.
pub fn ok_json(body: &Value) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into()), ("x-request-id".into(), "req-ok".into())],
        body: serde_json::to_vec(body).expect("a JSON value serialises"),
    }
}

/// A response with a status, headers and a text body.
pub fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
        body: body.as_bytes().to_vec(),
    }
}

/// What a transport saw and what the call returned.
pub struct Exchange<T> {
    pub requests: Vec<HttpRequest>,
    /// The waits the policy asked for between attempts, in ms.
    pub delays_ms: Vec<u64>,
    pub result: Result<T, Error>,
}

/// Runs one call the way a client does: build, send through `transport`,
/// ask the retry policy after each failure, decode the success.
///
/// `transport` returns a response, or the [`Failure`] (timeout, dropped
/// connection) of an attempt that got none. `random` is the jitter source.
pub fn call<T: serde::de::DeserializeOwned>(
    config: &ClientConfig,
    policy: &RetryPolicy,
    spec: &RequestSpec,
    extra_headers: &[telnyx_core::HeaderEdit],
    mut random: impl FnMut() -> f64,
    mut transport: impl FnMut(&HttpRequest) -> Result<HttpResponse, Failure>,
) -> Exchange<T> {
    let request = config.http_request(spec, extra_headers);
    let has_idempotency_key = request.header("idempotency-key").is_some();
    let mut exchange = Exchange { requests: Vec::new(), delays_ms: Vec::new(), result: Err(Error::UserAbort) };
    loop {
        assert!(exchange.requests.len() <= 100, "the retry loop did not terminate");
        exchange.requests.push(request.clone());
        let outcome = transport(&request);
        let (failure, response) = match &outcome {
            Ok(response) if response.is_success() => {
                exchange.result = decode(response);
                return exchange;
            }
            Ok(response) => (Failure::Status(response.status), Some(response)),
            Err(failure) => (*failure, None),
        };
        let decision = policy.decide(&Attempt {
            retries_so_far: exchange.requests.len() as u32 - 1,
            repeatable: spec.is_repeatable(),
            has_idempotency_key,
            failure,
            headers: match response {
                Some(response) => &response.headers,
                None => &NoHeaders,
            },
            now_unix_ms: 1_700_000_000_000,
            random: random(),
            remaining_budget_ms: None,
        });
        match decision {
            RetryDecision::RetryAfter { delay_ms } => exchange.delays_ms.push(delay_ms),
            RetryDecision::GiveUp(why) => {
                let unknown = why == GiveUp::UnsafeToRepeat;
                exchange.result = Err(match (response, failure) {
                    (Some(response), _) => {
                        let mut err = api_error(response);
                        if let GiveUp::ServerWaitTooLong { wait_ms } = why {
                            err.retry_after_ms = Some(wait_ms);
                        }
                        Error::Api(err)
                    }
                    (None, Failure::Timeout) => Error::Timeout { timeout_ms: 60_000, outcome_unknown: unknown },
                    (None, _) => Error::Connection { message: "connection reset".into(), outcome_unknown: unknown },
                });
                return exchange;
            }
        }
    }
}

/// A single call without retries.
pub fn call_once<T: serde::de::DeserializeOwned>(
    config: &ClientConfig,
    spec: &RequestSpec,
    transport: impl FnMut(&HttpRequest) -> Result<HttpResponse, Failure>,
) -> Exchange<T> {
    let policy = RetryPolicy { max_retries: 0, ..RetryPolicy::default() };
    call(config, &policy, spec, &[], || 0.0, transport)
}

/// Walks a managed-accounts list to the end, as an auto-pager does, with a
/// closure as the server. Panics past `max_requests`: the walk must end.
pub fn walk_managed_accounts(
    params: &ListManagedAccountsParams,
    max_requests: usize,
    mut server: impl FnMut(&HttpRequest) -> HttpResponse,
) -> (Vec<String>, Result<Vec<ManagedAccountListItem>, Error>) {
    let config = ClientConfig::new("KEY").with_base_url("http://127.0.0.1:1/v2");
    let mut urls = Vec::new();
    let mut items = Vec::new();
    let mut pages = Paginator::new(params.page.number);
    let mut spec = match operations::list_managed_accounts(params) {
        Ok(spec) => spec,
        Err(err) => return (urls, Err(err.into())),
    };
    loop {
        let request = config.http_request(&spec, &[]);
        urls.push(request.url.clone());
        assert!(urls.len() <= max_requests, "pagination did not stop after {max_requests} requests: {urls:#?}");
        let page: ListEnvelope<ManagedAccountListItem> = match decode(&server(&request)) {
            Ok(page) => page,
            Err(err) => return (urls, Err(err)),
        };
        let count = page.data.len();
        items.extend(page.data);
        match pages.advance(count, page.meta.as_ref()) {
            None => return (urls, Ok(items)),
            Some(next) => match operations::list_managed_accounts_page(params, next) {
                Ok(next_spec) => spec = next_spec,
                Err(err) => return (urls, Err(err.into())),
            },
        }
    }
}

/// A managed-accounts list item with the given id, as the spec shapes it.
pub fn list_item(id: &str) -> Value {
    let mut item = example_of(&spec()["components"]["schemas"]["ManagedAccountMultiListing"]);
    item["id"] = Value::String(id.to_owned());
    item
}

/// The `page[number]` of a list request's URL.
pub fn page_number_of(url: &str) -> Option<u64> {
    url.split(['?', '&']).find_map(|pair| pair.strip_prefix("page%5Bnumber%5D=")).and_then(|n| n.parse().ok())
}
