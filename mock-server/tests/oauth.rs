//! The OAuth client-credentials endpoint (`POST /v2/oauth/token`) and the
//! bearer tokens it issues.

use crate::common;

use common::*;
use serde_json::Value;
use telnyx_mock::engine::{Config, Engine, Request};

const FORM: &str = "application/x-www-form-urlencoded";

/// HTTP Basic client id and secret, when sent.
type Basic<'a> = Option<(&'a str, &'a str)>;

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn token_request(url: &str, basic: Option<(&str, &str)>, body: &str, content_type: Option<&str>) -> Answer {
    let mut request = reqwest::Client::new().post(url).body(body.to_owned());
    if let Some((id, secret)) = basic {
        request = request.basic_auth(id, Some(secret));
    }
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    Answer { status, headers, body }
}

async fn default_grant(mock: &MockTelnyx, root: &str) -> Answer {
    let url = format!("{}{root}/oauth/token", mock.uri());
    token_request(&url, Some(("telnyx-mock-client", "telnyx-mock-secret")), "grant_type=client_credentials", Some(FORM))
        .await
}

#[tokio::test]
async fn a_client_credentials_grant_with_the_default_client_answers_a_bearer_token_under_both_roots() {
    let mock = MockTelnyx::start().await;
    for root in ["/v2", ""] {
        let answer = default_grant(&mock, root).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let token = answer.body["access_token"].as_str().unwrap();
        assert!(token.starts_with("tmo_") && token.len() == 26, "{token}");
        assert_eq!(answer.body["token_type"], "Bearer");
        assert_eq!(answer.body["expires_in"], 3600);
        assert_eq!(answer.body.as_object().unwrap().len(), 3);
        assert_eq!(answer.headers["cache-control"], "no-store");
        assert_eq!(answer.headers["content-type"], "application/json");
    }
    let logged = mock.requests();
    assert_eq!(logged.len(), 2);
    assert_eq!(logged[0].path, "/v2/oauth/token");
    assert_eq!(logged[0].headers["authorization"], "Basic [redacted]");
}

#[tokio::test]
async fn an_issued_token_is_accepted_by_the_api_even_when_an_api_key_is_required() {
    let mock = MockTelnyx::builder().api_key("KEY_ONLY").start().await;
    let token = default_grant(&mock, "/v2").await.body["access_token"].as_str().unwrap().to_owned();
    let with_token = Api::new(&mock).with_key(&token).get("/managed_accounts").await;
    assert_eq!(with_token.status, 200, "{}", with_token.text);
    assert_eq!(Api::new(&mock).with_key("KEY_ONLY").get("/managed_accounts").await.status, 200);
    let other = Api::new(&mock).with_key("tmo_not_issued_by_this_mock").get("/managed_accounts").await;
    assert_eq!(other.status, 401);
    assert_eq!(other.error()["code"], "10009");
}

#[tokio::test]
async fn configured_client_credentials_replace_the_default_ones() {
    let mock = MockTelnyx::builder().oauth_client("my-client", "my secret:with colon").start().await;
    let url = format!("{}/v2/oauth/token", mock.uri());
    let body = "grant_type=client_credentials";
    let refused = token_request(&url, Some(("telnyx-mock-client", "telnyx-mock-secret")), body, Some(FORM)).await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.body["error"], "invalid_client");
    assert_eq!(refused.headers["www-authenticate"], "Basic realm=\"telnyx-mock\"");
    // RFC 6749 2.3.1: id and secret are form-encoded before Basic's base64.
    let encoded = token_request(&url, Some(("my-client", "my+secret%3Awith+colon")), body, Some(FORM)).await;
    assert_eq!(encoded.status, 200, "{}", encoded.body);
    // The body may carry the credentials instead.
    let in_body = "grant_type=client_credentials&client_id=my-client&client_secret=my%20secret%3Awith%20colon";
    let answer = token_request(&url, None, in_body, Some(FORM)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let logged = mock.requests().last().unwrap().body.clone().unwrap();
    assert_eq!(logged, "grant_type=client_credentials&client_id=my-client&client_secret=[redacted]");
}

#[tokio::test]
async fn bad_grants_and_bad_client_authentication_answer_in_oauth_format() {
    let mock = MockTelnyx::start().await;
    let url = format!("{}/v2/oauth/token", mock.uri());
    let good = Some(("telnyx-mock-client", "telnyx-mock-secret"));
    let cases: [(Basic, &str, Option<&str>, u16, &str); 9] = [
        (good, "grant_type=password&username=a&password=b", Some(FORM), 400, "unsupported_grant_type"),
        (good, "grant_type=authorization_code&code=x", Some(FORM), 400, "unsupported_grant_type"),
        (good, "", Some(FORM), 400, "invalid_request"),
        (good, "scope=all", None, 400, "invalid_request"),
        (good, r#"{"grant_type":"client_credentials"}"#, Some("application/json"), 400, "invalid_request"),
        (good, "grant_type=client_credentials&grant_type=client_credentials", Some(FORM), 400, "invalid_request"),
        (None, "grant_type=client_credentials", Some(FORM), 401, "invalid_client"),
        (Some(("telnyx-mock-client", "wrong")), "grant_type=client_credentials", Some(FORM), 401, "invalid_client"),
        (
            good,
            "grant_type=client_credentials&client_id=telnyx-mock-client&client_secret=x",
            Some(FORM),
            400,
            "invalid_request",
        ),
    ];
    for (basic, body, content_type, status, error) in cases {
        let answer = token_request(&url, basic, body, content_type).await;
        assert_eq!((answer.status, answer.body["error"].as_str()), (status, Some(error)), "{body}: {}", answer.body);
        assert!(answer.body["error_description"].as_str().is_some_and(|d| !d.is_empty()));
        assert_eq!(answer.headers["cache-control"], "no-store");
        assert_eq!(answer.headers.contains_key("www-authenticate"), error == "invalid_client");
    }

    let not_base64 = reqwest::Client::new()
        .post(&url)
        .header("authorization", "Basic %%%")
        .header("content-type", FORM)
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(not_base64.status(), 401);
    assert_eq!(not_base64.json::<Value>().await.unwrap()["error"], "invalid_client");

    let get = reqwest::Client::new().get(&url).send().await.unwrap();
    assert_eq!(get.status(), 405);
    assert_eq!(get.headers()["allow"], "POST");
    assert_eq!(mock.counts().accounts, 36);
}

#[tokio::test]
async fn the_binary_takes_its_client_and_token_lifetime_from_flags() {
    let server = Server::start(&[
        "--oauth-client-id",
        "cli-id",
        "--oauth-client-secret",
        "cli-secret",
        "--oauth-token-lifetime",
        "120",
        "--api-key",
        "KEY_CLI",
        "--quiet",
    ]);
    let url = format!("{}/v2/oauth/token", server.url);
    let answer = token_request(&url, Some(("cli-id", "cli-secret")), "grant_type=client_credentials", Some(FORM)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["expires_in"], 120);
    let token = answer.body["access_token"].as_str().unwrap();
    let list = reqwest::Client::new()
        .get(format!("{}/v2/managed_accounts", server.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    server.stop();
}

const T0: u64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

fn grant() -> Request {
    Request::new("POST", "/v2/oauth/token")
        .header("authorization", "Basic dGVsbnl4LW1vY2stY2xpZW50OnRlbG55eC1tb2NrLXNlY3JldA==")
        .header("content-type", FORM)
        .body("grant_type=client_credentials")
}

fn list(token: &str) -> Request {
    Request::new("GET", "/v2/managed_accounts").header("authorization", &format!("Bearer {token}"))
}

#[test]
fn a_token_is_accepted_until_its_expires_in_has_passed_in_engine_time_and_refused_after() {
    // No API key configured: any bearer token is accepted, except an expired one of ours.
    let mut config = Config::default();
    config.oauth.token_lifetime_secs = 60;
    let mut engine = Engine::from_seed(&Seed::Empty, config).unwrap();
    let issued = engine.handle(&grant(), T0, 1);
    assert_eq!(issued.status, 200);
    let body: Value = serde_json::from_slice(&issued.body).unwrap();
    assert_eq!(body["expires_in"], 60);
    let token = body["access_token"].as_str().unwrap();

    assert_eq!(engine.handle(&list(token), T0 + 59_999, 2).status, 200);
    let expired = engine.handle(&list(token), T0 + 60_000, 3);
    assert_eq!(expired.status, 401);
    let error: Value = serde_json::from_slice(&expired.body).unwrap();
    assert_eq!(error["errors"][0]["code"], "10009");
    assert!(error["errors"][0]["detail"].as_str().unwrap().contains("expired"), "{error}");
    assert_eq!(engine.handle(&list("some-other-token"), T0 + 60_000, 4).status, 200);
}

#[test]
fn issued_tokens_are_in_the_snapshot_and_survive_a_reset_and_a_scenario_load() {
    let mut engine =
        Engine::from_seed(&Seed::Default, Config { api_key: Some("KEY".into()), ..Config::default() }).unwrap();
    let issued: Value = serde_json::from_slice(&engine.handle(&grant(), T0, 1).body).unwrap();
    let token = issued["access_token"].as_str().unwrap();
    let snapshot = engine.snapshot();
    assert_eq!(snapshot.oauth_tokens.len(), 1);
    assert_eq!(snapshot.oauth_tokens[0].access_token, token);
    assert_eq!(snapshot.oauth_tokens[0].expires_ms, T0 + 3_600_000);

    assert_eq!(engine.handle(&Request::new("POST", "/__admin/reset"), T0 + 1, 2).status, 200);
    assert_eq!(engine.handle(&Request::new("PUT", "/__admin/scenarios/empty-organization"), T0 + 2, 3).status, 200);
    assert_eq!(engine.handle(&list(token), T0 + 3, 4).status, 200);

    let mut fresh = Engine::from_seed(
        &Seed::Snapshot(Box::new(snapshot)),
        Config { api_key: Some("KEY".into()), ..Config::default() },
    )
    .unwrap();
    assert_eq!(fresh.handle(&list(token), T0 + 5, 5).status, 200, "a restored token is accepted");
}

#[tokio::test]
async fn the_token_endpoint_can_be_faulted_and_counts_against_the_rate_limit() {
    let mock = MockTelnyx::start().await;
    mock.add_fault(Fault::status(503).on("POST", "/oauth/token").header("retry-after", "1"));
    let faulted = default_grant(&mock, "/v2").await;
    assert_eq!(faulted.status, 503);
    assert_eq!(faulted.headers["retry-after"], "1");
    assert_eq!(default_grant(&mock, "/v2").await.status, 200, "the rule fired once");

    mock.load_scenario("rate-limited").unwrap();
    let limited = default_grant(&mock, "/v2").await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.body["errors"][0]["code"], "10011");
}
