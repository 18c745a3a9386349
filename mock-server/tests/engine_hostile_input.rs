//! The engine called directly with hostile requests (odd methods, paths,
//! queries, headers, bodies and times) never panics, and answers each with
//! a 2xx or a 4xx in Telnyx's format (OAuth's on the token endpoint).

use serde_json::Value;
use telnyx_mock::engine::{Config, Engine, Request};
use telnyx_mock::Seed;

/// SplitMix64: the same hostile requests on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const METHODS: &[&str] = &["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "BREW", "get"];
const SEGMENTS: &[&str] = &[
    "v2",
    "managed_accounts",
    "organizations",
    "users",
    "actions",
    "disable",
    "enable",
    "remove",
    "update_global_channel_limit",
    "allocatable_global_outbound_channels",
    "users_groups_report",
    "oauth",
    "token",
    "%2e%2e",
    "%ZZ",
    "%C3%28",
    "\u{1F600}",
    "__proto__",
    "",
    "00000000-0000-4000-8000-000000000000",
];
const QUERIES: &[&str] = &[
    "",
    "page[size]=0",
    "page[size]=-1",
    "page[size]=99999999999999999999999",
    "page[number]=NaN",
    "page%5Bsize%5D=3&page%5Bnumber%5D=2",
    "filter[email][contains]=a",
    "filter[status][eq]=__proto__",
    "sort=-email&sort=bogus",
    "include_cancelled_accounts=maybe",
    "include_groups=true",
    "%FF=%FE",
    "&&&==&",
    "a=%",
];
const BODIES: &[&str] = &[
    "",
    "null",
    "[]",
    "\"text\"",
    "{",
    "{\"business_name\": 12}",
    "{\"business_name\": \"\", \"email\": \"@\"}",
    "{\"business_name\": \"Hostile\", \"email\": \"hostile@example.com\", \"password\": \"\"}",
    "{\"channel_limit\": 1e309}",
    "{\"channel_limit\": -1}",
    "{\"managed_account_allow_custom_pricing\": \"yes\"}",
    "{\"status\": \"cancelled\"}",
    "grant_type=client_credentials",
    "grant_type=client_credentials&client_id=telnyx-mock-client&client_secret=telnyx-mock-secret",
    "{\"version\": 1, \"manager\": {}}",
];
const CONTENT_TYPES: &[&str] = &[
    "",
    "application/json",
    "application/vnd.api+json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    "\u{7f}",
];
const AUTHORIZATIONS: &[&str] = &[
    "",
    "Bearer k",
    "Bearer ",
    "bearer k",
    "Basic dGVsbnl4LW1vY2stY2xpZW50OnRlbG55eC1tb2NrLXNlY3JldA==",
    "Basic ###",
    "Token k",
];
const KEYS: &[&str] = &["", "k-1", "k-1", "bad key", "\u{e9}", "a:b_c-d"];
const ACCEPTS: &[&str] = &["", "text/csv", "application/xml", "*/*", "text/*;q=0"];

fn random_body(rng: &mut Rng) -> Vec<u8> {
    match rng.next() % 8 {
        0 => (0..(rng.next() % 64)).map(|_| (rng.next() & 0xFF) as u8).collect(),
        1 => vec![0xC3, 0x28, b'{', b'}'],
        _ => rng.pick(BODIES).as_bytes().to_vec(),
    }
}

const ROUTES: &[&str] = &[
    "/managed_accounts",
    "/managed_accounts/{id}",
    "/managed_accounts/{id}/actions/disable",
    "/managed_accounts/{id}/actions/enable",
    "/managed_accounts/{id}/update_global_channel_limit",
    "/managed_accounts/allocatable_global_outbound_channels",
    "/organizations/users",
    "/organizations/users/{id}",
    "/organizations/users/{id}/actions/remove",
    "/organizations/users/users_groups_report",
    "/oauth/token",
];

/// A real route most of the time (with a real id or a hostile one, with or
/// without `/v2`), otherwise random segments.
fn hostile_path(rng: &mut Rng, ids: &[String]) -> String {
    if rng.next() % 5 == 0 {
        let mut path = String::new();
        for _ in 0..1 + rng.next() % 6 {
            path.push('/');
            if rng.next() % 25 == 0 {
                path.push_str(&"x".repeat(300));
            } else {
                path.push_str(rng.pick(SEGMENTS));
            }
        }
        return path;
    }
    let id = if rng.next() % 4 == 0 {
        rng.pick(SEGMENTS).to_owned()
    } else {
        ids[(rng.next() % ids.len() as u64) as usize].clone()
    };
    let route = rng.pick(ROUTES).replace("{id}", &id);
    if rng.next() % 2 == 0 {
        format!("/v2{route}")
    } else {
        route
    }
}

fn hostile(rng: &mut Rng, ids: &[String]) -> Request {
    let path = hostile_path(rng, ids);
    let query = rng.pick(QUERIES);
    let target = if query.is_empty() { path } else { format!("{path}?{query}") };
    // Mostly the API's own methods, so that requests reach the operations.
    let method = if rng.next() % 4 == 0 { rng.pick(METHODS) } else { rng.pick(&["GET", "POST", "PATCH"]) };
    let mut request = Request::new(method, &target);
    for (name, values) in [
        ("content-type", CONTENT_TYPES),
        ("authorization", AUTHORIZATIONS),
        ("idempotency-key", KEYS),
        ("accept", ACCEPTS),
    ] {
        let value = rng.pick(values);
        if !value.is_empty() {
            request = request.header(name, value);
        }
    }
    request.body(random_body(rng))
}

fn check(request: &Request, status: u16, content_type: Option<&str>, body: &[u8]) {
    let what = format!("{} {}?{:?} -> {status}", request.method, request.path, request.query);
    assert!((200..500).contains(&status), "{what}: {}", String::from_utf8_lossy(body));
    if status < 400 {
        return;
    }
    assert_eq!(content_type, Some("application/json"), "{what}");
    let json: Value = serde_json::from_slice(body).unwrap_or_else(|e| panic!("{what}: not JSON ({e})"));
    if json.get("error").is_some() {
        assert!(request.path.trim_end_matches('/').ends_with("/oauth/token"), "{what}: {json}");
        assert!(json["error"].is_string() && json["error_description"].is_string(), "{what}: {json}");
        return;
    }
    let errors = json["errors"].as_array().unwrap_or_else(|| panic!("{what}: not a Telnyx error: {json}"));
    assert!(!errors.is_empty(), "{what}");
    for error in errors {
        for member in ["code", "title", "detail"] {
            assert!(error[member].is_string(), "{what}: {error}");
        }
    }
}

#[test]
fn thousands_of_hostile_requests_get_2xx_or_well_formed_4xx_answers_and_never_a_panic() {
    let mut rng = Rng(0x4057_11E5);
    let mut engine = Engine::from_seed(&Seed::Default, Config::default()).unwrap();
    let snapshot = engine.snapshot();
    let ids: Vec<String> =
        snapshot.accounts.iter().map(|a| a.id.clone()).chain(snapshot.users.iter().map(|u| u.id.clone())).collect();
    let times = [0, 1, 1_767_225_600_000, u64::MAX / 2, u64::MAX];
    let mut four_hundreds = 0;
    let mut successes = 0;
    for n in 0..20_000u64 {
        let request = hostile(&mut rng, &ids);
        let now_ms = times[(rng.next() % times.len() as u64) as usize];
        let response = engine.handle(&request, now_ms, n);
        if request.method == "OPTIONS" {
            assert_eq!(response.status, 204);
            continue;
        }
        check(&request, response.status, response.header("content-type"), &response.body);
        four_hundreds += u64::from(response.status >= 400);
        successes += u64::from(response.status < 300);
    }
    assert!(four_hundreds > 10_000, "the requests are hostile: {four_hundreds} of 20,000 were refused");
    assert!(successes > 300, "and some get through: {successes} of 20,000 succeeded");
    // The engine is still whole: a plain list answers.
    let list = Request::new("GET", "/v2/managed_accounts").header("authorization", "Bearer k");
    assert_eq!(engine.handle(&list, 1_767_225_600_000, 1).status, 200);
}
