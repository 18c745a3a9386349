//! One request sequence, two ways: through the `telnyx-mock` program over
//! HTTP, and through the engine called directly. Every answer must have the
//! same status, the same body (ids, keys and times aside) and the same
//! headers that carry meaning, and the final state must be the same.

use crate::common;

use common::*;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};
use telnyx_mock::engine::{Config, Engine, Request};

/// One request of the sequence. `{name}` in the target, a header or the
/// body is replaced by what an earlier step captured on the same side.
struct Step {
    method: &'static str,
    target: &'static str,
    headers: Vec<(&'static str, &'static str)>,
    body: Option<String>,
    /// Captures a string of the answer's JSON (a pointer) under a name.
    capture: Option<(&'static str, &'static str)>,
}

fn step(method: &'static str, target: &'static str) -> Step {
    Step { method, target, headers: vec![("authorization", "Bearer diff-key")], body: None, capture: None }
}

impl Step {
    fn json(mut self, body: Value) -> Self {
        self.headers.push(("content-type", "application/json"));
        self.body = Some(body.to_string());
        self
    }

    fn raw(mut self, body: &str) -> Self {
        self.body = Some(body.to_owned());
        self
    }

    fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value));
        self
    }

    fn without_auth(mut self) -> Self {
        self.headers.retain(|(n, _)| *n != "authorization");
        self
    }

    fn capture(mut self, name: &'static str, pointer: &'static str) -> Self {
        self.capture = Some((name, pointer));
        self
    }
}

fn sequence() -> Vec<Step> {
    let fault = |rule: Value| step("POST", "/__admin/faults").without_auth().json(rule);
    vec![
        // Paging, filters and sort over the default seed.
        step("GET", "/v2/managed_accounts"),
        step("GET", "/v2/managed_accounts?page[size]=5&page[number]=3&sort=email"),
        step("GET", "/v2/managed_accounts?page[size]=250&include_cancelled_accounts=true"),
        step("GET", "/v2/managed_accounts?filter[email][contains]=JOHN&filter[status][eq]=active"),
        step("GET", "/v2/managed_accounts?page[number]=99"),
        step("GET", "/v2/organizations/users?include_groups=true&page[size]=4&page[number]=2"),
        step("GET", "/v2/organizations/users/users_groups_report"),
        step("GET", "/v2/organizations/users/users_groups_report").header("accept", "text/csv"),
        step("GET", "/v2/managed_accounts/allocatable_global_outbound_channels"),
        // Every write operation, on an account created here.
        step("POST", "/v2/managed_accounts").json(json!({ "business_name": "Diff Inc" })).capture("new", "/data/id"),
        step("GET", "/v2/managed_accounts/{new}"),
        step("PATCH", "/v2/managed_accounts/{new}").json(json!({ "managed_account_allow_custom_pricing": true })),
        step("POST", "/v2/managed_accounts/{new}/actions/disable"),
        step("POST", "/v2/managed_accounts/{new}/actions/enable").json(json!({ "reenable_all_connections": true })),
        step("PATCH", "/v2/managed_accounts/{new}/update_global_channel_limit").json(json!({ "channel_limit": 7 })),
        step("PATCH", "/v2/managed_accounts/{new}/update_global_channel_limit").json(json!({ "channel_limit": 5000 })),
        step("GET", "/v2/organizations/users?page[size]=1&page[number]=2").capture("user", "/data/0/id"),
        step("GET", "/v2/organizations/users/{user}"),
        step("POST", "/v2/organizations/users/{user}/actions/remove"),
        step("POST", "/v2/organizations/users/{user}/actions/remove"),
        step("GET", "/v2/organizations/users?page[size]=1").capture("owner", "/data/0/id"),
        step("POST", "/v2/organizations/users/{owner}/actions/remove"),
        // Errors.
        step("GET", "/v2/managed_accounts").without_auth(),
        step("GET", "/v2/managed_accounts/does-not-exist"),
        step("DELETE", "/v2/managed_accounts"),
        step("GET", "/v2/nowhere"),
        step("GET", "/v2/managed_accounts?page[size]=0&sort=sideways"),
        step("POST", "/v2/managed_accounts").json(json!({ "business_name": "", "email": "not-an-email" })),
        step("POST", "/v2/managed_accounts").header("content-type", "application/json").raw("{not json"),
        step("POST", "/v2/managed_accounts").header("content-type", "text/plain").raw("hello"),
        // Idempotency.
        step("POST", "/v2/managed_accounts")
            .json(json!({ "business_name": "Once" }))
            .header("idempotency-key", "diff-1")
            .capture("once", "/data/id"),
        step("POST", "/managed_accounts").json(json!({ "business_name": "Once" })).header("idempotency-key", "diff-1"),
        step("POST", "/v2/managed_accounts")
            .json(json!({ "business_name": "Twice" }))
            .header("idempotency-key", "diff-1"),
        step("POST", "/v2/managed_accounts?x=1")
            .json(json!({ "business_name": "Once" }))
            .header("idempotency-key", "diff-1"),
        step("POST", "/v2/managed_accounts")
            .json(json!({ "business_name": "Bad" }))
            .header("idempotency-key", "bad key"),
        // Faults.
        fault(
            json!({ "method": "GET", "path": "/managed_accounts/{id}", "status": 503, "headers": { "retry-after": "2" } }),
        ),
        step("GET", "/v2/managed_accounts/{once}"),
        step("GET", "/v2/managed_accounts/{once}"),
        fault(json!({ "path": "/managed_accounts", "status": 200, "body": "{\"data\": [", "method": "GET" })),
        step("GET", "/v2/managed_accounts"),
        fault(json!({ "method": "POST", "path": "/managed_accounts", "drop_connection": true, "after_commit": true })),
        step("POST", "/v2/managed_accounts").json(json!({ "business_name": "Lost Reply" })),
        fault(json!({ "method": "GET", "path": "/managed_accounts", "delay_ms": 30 })),
        step("GET", "/v2/managed_accounts?page[size]=2"),
        step("GET", "/__admin/faults").without_auth(),
        // OAuth.
        step("POST", "/v2/oauth/token")
            .header("authorization", "Basic dGVsbnl4LW1vY2stY2xpZW50OnRlbG55eC1tb2NrLXNlY3JldA==")
            .header("content-type", "application/x-www-form-urlencoded")
            .raw("grant_type=client_credentials")
            .capture("token", "/access_token"),
        step("GET", "/v2/managed_accounts?page[size]=1").header("authorization", "Bearer {token}"),
        step("POST", "/v2/oauth/token")
            .header("content-type", "application/x-www-form-urlencoded")
            .raw("grant_type=password"),
        // Admin, snapshots and scenarios.
        step("PATCH", "/__admin/accounts/{new}").without_auth().json(json!({ "status": "blocked" })),
        step("GET", "/__admin/state?full=true").without_auth(),
        step("GET", "/__admin/snapshot").without_auth(),
        step("PUT", "/__admin/scenarios/exhausted-channel-pool").without_auth(),
        step("GET", "/v2/managed_accounts/allocatable_global_outbound_channels"),
        step("PUT", "/__admin/scenarios/rate-limited").without_auth(),
        step("GET", "/v2/managed_accounts"),
        step("POST", "/__admin/reset").without_auth(),
        step("GET", "/v2/managed_accounts?page[size]=3"),
    ]
}

/// What one side answered.
#[derive(Debug, PartialEq)]
enum Outcome {
    Answer { status: u16, headers: Vec<(String, String)>, body: Value },
    Dropped,
}

/// The headers whose values must agree (ids, rate counters and times aside).
const COMPARED_HEADERS: &[&str] = &[
    "content-type",
    "idempotent-replayed",
    "retry-after",
    "allow",
    "cache-control",
    "www-authenticate",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
];

fn outcome(status: u16, header: impl Fn(&str) -> Option<String>, body: &[u8]) -> Outcome {
    let headers = COMPARED_HEADERS.iter().filter_map(|name| header(name).map(|v| (name.to_string(), v))).collect();
    let body = match serde_json::from_slice::<Value>(body) {
        Ok(json) => normalize(json),
        Err(_) => Value::String(mask(&String::from_utf8_lossy(body))),
    };
    Outcome::Answer { status, headers, body }
}

/// Ids, keys, tokens and times become placeholders.
fn normalize(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let value = match (key.as_str(), value) {
                        ("api_key" | "api_token" | "access_token" | "request_id", Value::String(_)) => {
                            json!("<secret>")
                        }
                        ("started_ms" | "created_ms" | "expires_ms", Value::Number(_)) => json!("<ms>"),
                        (_, value) => normalize(value),
                    };
                    (key, value)
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        // A body kept as text (an idempotency record's reply) is normalised as JSON too.
        Value::String(text) => match serde_json::from_str::<Value>(&text) {
            Ok(json @ Value::Object(_)) => Value::String(normalize(json).to_string()),
            _ => Value::String(mask(&text)),
        },
        other => other,
    }
}

/// Masks UUIDs and `YYYY-MM-DDTHH:MM:SS.mmmZ` timestamps inside a text.
fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_uuid = |w: &[char]| {
        w.len() == 36
            && w.iter()
                .enumerate()
                .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { *c == '-' } else { c.is_ascii_hexdigit() })
    };
    let is_time = |w: &[char]| {
        w.len() == 24
            && w.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == '-',
                10 => *c == 'T',
                13 | 16 => *c == ':',
                19 => *c == '.',
                23 => *c == 'Z',
                _ => c.is_ascii_digit(),
            })
    };
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 36 <= chars.len() && is_uuid(&chars[i..i + 36]) {
            out.push_str("<uuid>");
            i += 36;
        } else if i + 24 <= chars.len() && is_time(&chars[i..i + 24]) {
            out.push_str("<time>");
            i += 24;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn fill(text: &str, captured: &HashMap<&str, String>) -> String {
    let mut text = text.to_owned();
    for (name, value) in captured {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

fn capture(step: &Step, body: &[u8], captured: &mut HashMap<&'static str, String>) {
    if let Some((name, pointer)) = step.capture {
        let json: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let value = json.pointer(pointer).and_then(Value::as_str).unwrap_or_else(|| panic!("no {pointer} in {json}"));
        captured.insert(name, value.to_owned());
    }
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64
}

async fn over_http(url: &str, steps: &[Step]) -> Vec<Outcome> {
    // One connection per request: a dropped connection must not take the next one with it.
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let mut captured = HashMap::new();
    let mut outcomes = Vec::new();
    for step in steps {
        let method = reqwest::Method::from_bytes(step.method.as_bytes()).unwrap();
        let mut request = client.request(method, format!("{url}{}", fill(step.target, &captured)));
        for (name, value) in &step.headers {
            request = request.header(*name, fill(value, &captured));
        }
        if let Some(body) = &step.body {
            request = request.body(fill(body, &captured));
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = response.bytes().await.unwrap();
                capture(step, &body, &mut captured);
                let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
                outcomes.push(outcome(status, header, &body));
            }
            Err(_) => outcomes.push(Outcome::Dropped),
        }
    }
    outcomes
}

fn in_process(engine: &mut Engine, steps: &[Step]) -> Vec<Outcome> {
    let mut captured = HashMap::new();
    let mut outcomes = Vec::new();
    for (n, step) in steps.iter().enumerate() {
        let mut request = Request::new(step.method, &fill(step.target, &captured));
        for (name, value) in &step.headers {
            request = request.header(name, &fill(value, &captured));
        }
        if let Some(body) = &step.body {
            request = request.body(fill(body, &captured));
        }
        let response = engine.handle(&request, now_ms(), 0xD1FF_0000 + n as u64);
        if response.drop_connection {
            outcomes.push(Outcome::Dropped);
            continue;
        }
        capture(step, &response.body, &mut captured);
        outcomes.push(outcome(response.status, |name| response.header(name).map(str::to_owned), &response.body));
    }
    outcomes
}

#[tokio::test]
async fn the_program_over_http_and_the_engine_in_process_answer_a_request_sequence_alike() {
    let steps = sequence();
    let server = Server::start(&["--quiet"]);
    let http = over_http(&server.url, &steps).await;
    let final_http = over_http(&server.url, &[step("GET", "/__admin/snapshot").without_auth()]).await;
    server.stop();

    let mut engine = Engine::from_seed(&Seed::Default, Config::default()).unwrap();
    let direct = in_process(&mut engine, &steps);
    let final_direct = in_process(&mut engine, &[step("GET", "/__admin/snapshot").without_auth()]);

    assert_eq!(http.len(), steps.len());
    for (i, (a, b)) in http.iter().zip(&direct).enumerate() {
        assert!(a == b, "step {i}: {} {}\nhttp:   {a:?}\nengine: {b:?}", steps[i].method, steps[i].target);
    }
    assert!(final_http == final_direct, "the final state\nhttp:   {final_http:?}\nengine: {final_direct:?}");

    // The sequence reaches what it means to: errors, a replay, a drop, a 429.
    let statuses: Vec<u16> = direct
        .iter()
        .filter_map(|o| match o {
            Outcome::Answer { status, .. } => Some(*status),
            Outcome::Dropped => None,
        })
        .collect();
    for expected in [200, 201, 400, 401, 403, 404, 405, 415, 422, 429, 503] {
        assert!(statuses.contains(&expected), "no {expected} in {statuses:?}");
    }
    assert_eq!(direct.iter().filter(|o| **o == Outcome::Dropped).count(), 1);
    let replayed = direct.iter().filter(|o| {
        matches!(o, Outcome::Answer { headers, .. } if headers.iter().any(|(n, v)| n == "idempotent-replayed" && v == "true"))
    });
    assert_eq!(replayed.count(), 1);
}
