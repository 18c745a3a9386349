//! Telnyx's documented idempotency contract: the key's pattern, a record per
//! key + method + path, 422 for another query or body, only successes
//! replayed, records that live 24 hours.

use crate::common;

use common::*;
use serde_json::json;
use telnyx_mock::engine::{Config, Engine, Request};

const CREATE: &str = "/managed_accounts";

async fn create_with_key(api: &Api, key: &str, name: &str) -> Reply {
    api.send_with("POST", CREATE, Some(json!({ "business_name": name })), &[("idempotency-key", key)]).await
}

#[tokio::test]
async fn keys_of_letters_digits_underscores_colons_and_hyphens_up_to_255_long_are_accepted() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let long = "k".repeat(255);
    for key in ["a", "A-Z_a:z-09", "7f1c9e2a-0b1d-4c55-9d1e-2f0a3b4c5d6e", long.as_str()] {
        let reply = create_with_key(&api, key, &format!("Key {}", key.len())).await;
        assert_eq!(reply.status, 200, "{key}: {}", reply.text);
    }
    assert_eq!(mock.counts().accounts, 40);
}

#[tokio::test]
async fn any_other_key_is_a_422_that_names_the_header_and_creates_nothing() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let long = "k".repeat(256);
    for key in ["", "has space", "dot.key", "slash/key", "quote\"key", "caf\u{e9}", long.as_str()] {
        let reply = create_with_key(&api, key, "Refused").await;
        assert_eq!(reply.status, 422, "{key:?}: {}", reply.text);
        let error = reply.error();
        assert_eq!(error["code"], "10015");
        assert_eq!(error["source"]["parameter"], "Idempotency-Key");
        assert!(error["detail"].as_str().unwrap().contains("^[A-Za-z0-9_:-]{1,255}$"), "{error}");
    }
    assert_eq!(mock.counts().accounts, 36);
}

#[tokio::test]
async fn a_record_is_the_key_the_method_and_the_path() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let root = Api::root(&mock);
    let created = create_with_key(&api, "shared-key", "Record Inc").await;
    assert_eq!(created.status, 200);
    // The same path without /v2 is the same record: a replay.
    let replay = create_with_key(&root, "shared-key", "Record Inc").await;
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.text, created.text);
    // Another path under the same key is another record: it runs.
    let id = created.json()["data"]["id"].as_str().unwrap().to_owned();
    let disable = api
        .send_with(
            "POST",
            &format!("/managed_accounts/{id}/actions/disable"),
            None,
            &[("idempotency-key", "shared-key")],
        )
        .await;
    assert_eq!(disable.status, 200, "{}", disable.text);
    assert!(disable.header("idempotent-replayed").is_none());
    assert_eq!(mock.account(&id).unwrap().status, telnyx_mock::AccountStatus::Disabled);
    assert_eq!(mock.counts().accounts, 37);
}

#[tokio::test]
async fn the_same_key_with_another_query_or_a_body_not_byte_for_byte_identical_is_a_422() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let key = [("idempotency-key", "exact-1")];
    let body = br#"{"business_name":"Exact Inc"}"#.to_vec();
    let json = [("content-type", "application/json"), key[0]];
    assert_eq!(api.raw("POST", CREATE, body.clone(), &json).await.status, 200);
    assert_eq!(api.raw("POST", CREATE, body.clone(), &json).await.header("idempotent-replayed"), Some("true"));

    let spaced = br#"{"business_name": "Exact Inc"}"#.to_vec();
    let reply = api.raw("POST", CREATE, spaced, &json).await;
    assert_eq!(reply.status, 422, "the same JSON, other bytes: {}", reply.text);
    assert_eq!(reply.error()["source"]["parameter"], "Idempotency-Key");
    assert!(reply.error()["detail"].as_str().unwrap().contains("different body"));

    let reply = api.raw("POST", &format!("{CREATE}?note=1"), body, &json).await;
    assert_eq!(reply.status, 422, "another query: {}", reply.text);
    assert!(reply.error()["detail"].as_str().unwrap().contains("different query string"));
    assert_eq!(mock.counts().accounts, 37);
}

#[tokio::test]
async fn only_successful_answers_are_remembered_and_replayed() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    // A validation failure runs again under the same key, and is not replayed.
    for _ in 0..2 {
        let failed = api.send_with("POST", CREATE, Some(json!({})), &[("idempotency-key", "fails-1")]).await;
        assert_eq!(failed.status, 422);
        assert!(failed.header("idempotent-replayed").is_none());
    }
    // An injected 503 before the commit is not remembered either.
    mock.add_fault(Fault::status(503).on("POST", CREATE));
    assert_eq!(create_with_key(&api, "fails-2", "Retried Inc").await.status, 503);
    let retried = create_with_key(&api, "fails-2", "Retried Inc").await;
    assert_eq!(retried.status, 200);
    assert!(retried.header("idempotent-replayed").is_none());
    let again = create_with_key(&api, "fails-2", "Retried Inc").await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.text, retried.text);
    assert_eq!(mock.counts().accounts, 37);
    let state = admin(&mock, "GET", "/__admin/state", None).await.json();
    assert_eq!(state["data"]["idempotency_keys"], 1);
}

const DAY_MS: u64 = 24 * 60 * 60 * 1000;
const T0: u64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

fn create(key: &str, name: &str) -> Request {
    Request::new("POST", "/v2/managed_accounts")
        .header("authorization", "Bearer k")
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(format!(r#"{{"business_name":"{name}"}}"#))
}

fn account_count(engine: &mut Engine, now_ms: u64) -> u64 {
    let state = engine.handle(&Request::new("GET", "/__admin/state"), now_ms, 0);
    serde_json::from_slice::<serde_json::Value>(&state.body).unwrap()["data"]["counts"]["accounts"].as_u64().unwrap()
}

#[test]
fn a_record_lives_24_hours_of_engine_time_and_then_the_key_is_free() {
    let mut engine = Engine::from_seed(&Seed::Empty, Config::default()).unwrap();
    let first = engine.handle(&create("day-key", "Day One"), T0, 1);
    assert_eq!(first.status, 200);

    let replay = engine.handle(&create("day-key", "Day One"), T0 + DAY_MS - 1, 2);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.body, first.body);
    let other = engine.handle(&create("day-key", "Day Two"), T0 + DAY_MS - 1, 3);
    assert_eq!(other.status, 422, "still within the 24 hours");
    assert_eq!(account_count(&mut engine, T0 + DAY_MS - 1), 1);

    let later = engine.handle(&create("day-key", "Day Two"), T0 + DAY_MS, 4);
    assert_eq!(later.status, 200, "{}", String::from_utf8_lossy(&later.body));
    assert!(later.header("idempotent-replayed").is_none());
    assert_eq!(account_count(&mut engine, T0 + DAY_MS), 2);
}

#[test]
fn a_snapshot_carries_only_the_records_still_alive() {
    let mut engine = Engine::from_seed(&Seed::Empty, Config::default()).unwrap();
    assert_eq!(engine.handle(&create("old-key", "Old"), T0, 1).status, 200);
    assert_eq!(engine.handle(&create("new-key", "New"), T0 + DAY_MS / 2, 2).status, 200);
    let at = |now_ms: u64, engine: &mut Engine| {
        let snapshot = engine.handle(&Request::new("GET", "/__admin/snapshot"), now_ms, 3);
        let value: serde_json::Value = serde_json::from_slice(&snapshot.body).unwrap();
        value["idempotency"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["key"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(at(T0 + DAY_MS - 1, &mut engine), ["old-key", "new-key"]);
    assert_eq!(at(T0 + DAY_MS, &mut engine), ["new-key"]);
    assert!(at(T0 + 2 * DAY_MS, &mut engine).is_empty());
}
