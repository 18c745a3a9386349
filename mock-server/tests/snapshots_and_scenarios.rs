//! Snapshots (`GET`/`PUT /__admin/snapshot`, `--state FILE`) and the named
//! scenarios (`PUT /__admin/scenarios/{name}`, `--scenario NAME`).

use crate::common;

use common::*;
use serde_json::{json, Value};
use std::collections::HashSet;

async fn snapshot(mock: &MockTelnyx) -> Value {
    let reply = admin(mock, "GET", "/__admin/snapshot", None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()
}

async fn load_scenario(mock: &MockTelnyx, name: &str) -> Reply {
    admin(mock, "PUT", &format!("/__admin/scenarios/{name}"), None).await
}

#[tokio::test]
async fn a_snapshot_holds_accounts_users_groups_the_channel_pool_idempotency_records_and_the_rate_window() {
    let mock = MockTelnyx::builder().rate_limit(1000, std::time::Duration::from_secs(60)).start().await;
    let api = Api::new(&mock);
    let key = [("idempotency-key", "snap-1")];
    let created =
        api.send_with("POST", "/managed_accounts", Some(json!({ "business_name": "Snapshot Inc" })), &key).await;
    assert_eq!(created.status, 200);

    let saved = snapshot(&mock).await;
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["accounts"].as_array().unwrap().len(), 37);
    assert_eq!(saved["users"].as_array().unwrap().len(), 12);
    assert_eq!(saved["groups"].as_array().unwrap().len(), 4);
    assert_eq!(saved["manager"]["allocatable_global_outbound_channels"], 1000);
    assert_eq!(saved["accounts"][36]["organization_name"], "Snapshot Inc");
    assert_eq!(saved["accounts"][36]["api_key"], mock.accounts()[36].api_key.expose());
    let records = saved["idempotency"].as_array().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["key"], "snap-1");
    assert_eq!(records[0]["method"], "POST");
    assert_eq!(records[0]["path"], "/managed_accounts");
    assert_eq!(records[0]["body"], r#"{"business_name":"Snapshot Inc"}"#);
    assert_eq!(records[0]["reply"]["status"], 200);
    assert_eq!(records[0]["reply"]["body"], created.text);
    assert_eq!(saved["rate"]["limit"], 1000);
    assert_eq!(saved["rate"]["window_ms"], 60_000);
    assert_eq!(saved["rate"]["count"], 1);
    assert!(saved["rate"]["started_ms"].as_u64().unwrap() > 1_700_000_000_000);
}

#[tokio::test]
async fn restoring_a_snapshot_undoes_later_changes_and_keeps_its_idempotency_records() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let key = [("idempotency-key", "snap-2")];
    let body = json!({ "business_name": "Kept Inc" });
    let created = api.send_with("POST", "/managed_accounts", Some(body.clone()), &key).await;
    let saved = snapshot(&mock).await;

    api.create("Later Inc", "later@example.com").await;
    let first = mock.accounts()[0].id.clone();
    assert_eq!(api.send("POST", &format!("/managed_accounts/{first}/actions/disable"), None).await.status, 200);
    assert_eq!(mock.counts().accounts, 38);

    let restored = admin(&mock, "PUT", "/__admin/snapshot", Some(saved.clone())).await;
    assert_eq!(restored.status, 200, "{}", restored.text);
    assert_eq!(restored.json()["data"]["accounts"], 37);
    assert_eq!(snapshot(&mock).await, saved, "the state is the saved one, byte for byte as JSON");
    assert_eq!(mock.account(&first).unwrap().status, telnyx_mock::AccountStatus::Enabled);

    let replay = api.send_with("POST", "/managed_accounts", Some(body), &key).await;
    assert_eq!(replay.status, 200);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.text, created.text);
    assert_eq!(mock.counts().accounts, 37);
}

#[tokio::test]
async fn a_reset_returns_to_the_last_loaded_state_and_forgets_idempotency_records() {
    let mock = MockTelnyx::start().await;
    assert_eq!(load_scenario(&mock, "empty-organization").await.status, 200);
    let api = Api::new(&mock);
    let key = [("idempotency-key", "before-reset")];
    let first = api.send_with("POST", "/managed_accounts", Some(json!({ "business_name": "After Load" })), &key).await;
    assert_eq!(first.status, 200);
    assert_eq!(mock.counts().accounts, 1);
    let reset = admin(&mock, "POST", "/__admin/reset", None).await;
    assert_eq!(reset.json()["data"]["accounts"], 0);
    assert_eq!(mock.counts().users, 1);
    let other = api.send_with("POST", "/managed_accounts", Some(json!({ "business_name": "Other" })), &key).await;
    assert_eq!(other.status, 200, "the key is free again: {}", other.text);
    assert!(other.header("idempotent-replayed").is_none());
}

#[tokio::test]
async fn a_snapshot_put_back_with_keep_reset_leaves_the_reset_point_where_it_was() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    api.create("Put Back Inc", "put-back@example.com").await;
    let saved = snapshot(&mock).await;
    assert_eq!(admin(&mock, "POST", "/__admin/reset", None).await.status, 200);
    assert_eq!(mock.counts().accounts, 36);

    let put = admin(&mock, "PUT", "/__admin/snapshot?keep_reset=true", Some(saved.clone())).await;
    assert_eq!(put.status, 200, "{}", put.text);
    assert_eq!(snapshot(&mock).await, saved);
    let reset = admin(&mock, "POST", "/__admin/reset", None).await;
    assert_eq!(reset.json()["data"]["accounts"], 36, "the reset goes back to the seed, not to the snapshot put back");

    let plain = admin(&mock, "PUT", "/__admin/snapshot?keep_reset=false", Some(saved)).await;
    assert_eq!(plain.status, 200, "{}", plain.text);
    assert_eq!(admin(&mock, "POST", "/__admin/reset", None).await.json()["data"]["accounts"], 37);

    let bad = admin(&mock, "PUT", "/__admin/snapshot?keep_reset=yes", Some(snapshot(&mock).await)).await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert_eq!(bad.error()["source"]["parameter"], "keep_reset");
}

#[tokio::test]
async fn an_invalid_snapshot_is_refused_in_telnyx_format_and_changes_nothing() {
    let mock = MockTelnyx::start().await;
    let saved = snapshot(&mock).await;

    let mut duplicate = saved.clone();
    let first = duplicate["accounts"][0].clone();
    duplicate["accounts"].as_array_mut().unwrap().push(first);
    let mut newer = saved.clone();
    newer["version"] = json!(2);
    let mut unknown = saved.clone();
    unknown["acounts"] = json!([]);
    let mut orphan = saved.clone();
    orphan["groups"] = json!([]);

    for (bad, words) in [
        (duplicate, "duplicate managed account id"),
        (newer, "snapshot version 2 is not supported"),
        (unknown, "unknown field `acounts`"),
        (orphan, "unknown group"),
    ] {
        let reply = admin(&mock, "PUT", "/__admin/snapshot", Some(bad)).await;
        assert_eq!(reply.status, 422, "{}", reply.text);
        let error = reply.error();
        assert!(error["detail"].as_str().unwrap().contains(words), "{error}");
        assert_eq!(error["source"]["pointer"], "/");
    }
    assert_eq!(snapshot(&mock).await, saved);
}

#[tokio::test]
async fn a_scenario_without_a_rate_window_keeps_the_configured_limit() {
    let mock = MockTelnyx::builder().rate_limit(2, std::time::Duration::from_secs(60)).start().await;
    let api = Api::new(&mock);
    assert_eq!(api.get("/managed_accounts").await.status, 200);
    assert_eq!(load_scenario(&mock, "empty-organization").await.status, 200);
    let first = api.get("/managed_accounts").await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header("x-ratelimit-limit"), Some("2"));
    assert_eq!(first.header("x-ratelimit-remaining"), Some("1"), "a load starts a fresh window");
    assert_eq!(api.get("/managed_accounts").await.status, 200);
    assert_eq!(api.get("/managed_accounts").await.status, 429);
}

#[tokio::test]
async fn the_library_saves_restores_and_loads_scenarios_too() {
    let mock = MockTelnyx::start().await;
    let saved = mock.snapshot();
    mock.load_scenario("cancelled-and-blocked").unwrap();
    assert_eq!(mock.counts().accounts, 12);
    let error = mock.load_scenario("no-such-thing").unwrap_err();
    assert!(matches!(error, telnyx_mock::Error::UnknownScenario(ref name) if name == "no-such-thing"), "{error}");
    assert!(error.to_string().contains("rate-limited"), "the message lists the scenarios: {error}");
    mock.restore(saved.clone()).unwrap();
    assert_eq!(mock.accounts(), saved.accounts);
}

#[tokio::test]
async fn the_scenarios_are_listed_with_what_each_sets_up() {
    let mock = MockTelnyx::start().await;
    let reply = admin(&mock, "GET", "/__admin/scenarios", None).await;
    assert_eq!(reply.status, 200);
    let names: Vec<String> =
        reply.json()["data"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(
        names,
        [
            "default",
            "empty-organization",
            "cancelled-and-blocked",
            "exhausted-channel-pool",
            "rate-limited",
            "many-accounts"
        ]
    );
    for scenario in reply.json()["data"].as_array().unwrap() {
        assert!(!scenario["description"].as_str().unwrap().is_empty());
    }
    let unknown = load_scenario(&mock, "nope").await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.error()["code"], "10005");
}

#[tokio::test]
async fn the_empty_organization_has_no_accounts_and_only_its_owner() {
    let mock = MockTelnyx::start().await;
    assert_eq!(load_scenario(&mock, "empty-organization").await.json()["data"]["accounts"], 0);
    let api = Api::new(&mock);
    let accounts = api.get("/managed_accounts").await.json();
    assert_eq!(accounts["data"], json!([]));
    assert_eq!(accounts["meta"]["total_results"], 0);
    let users = api.get("/organizations/users").await.json();
    assert_eq!(users["meta"]["total_results"], 1);
    assert_eq!(users["data"][0]["record_type"], "organization_owner");
}

#[tokio::test]
async fn cancelled_and_blocked_accounts_are_filtered_as_telnyx_does_and_cannot_be_disabled() {
    let mock = MockTelnyx::start().await;
    assert_eq!(load_scenario(&mock, "cancelled-and-blocked").await.status, 200);
    let api = Api::new(&mock);
    assert_eq!(api.get("/managed_accounts").await.json()["meta"]["total_results"], 8, "cancelled ones left out");
    for (status, count) in [("enabled", 2), ("disabled", 2), ("cancelled", 4), ("blocked", 4)] {
        let page = api.get(&format!("/managed_accounts?filter[status][eq]={status}")).await.json();
        assert_eq!(page["meta"]["total_results"], count, "{status}");
    }
    let blocked = ids(&api.get("/managed_accounts?filter[status][eq]=blocked").await.json());
    let refused = api.send("POST", &format!("/managed_accounts/{}/actions/disable", blocked[0]), None).await;
    assert_eq!(refused.status, 422);
    assert!(refused.error()["detail"].as_str().unwrap().contains("blocked"));
}

#[tokio::test]
async fn in_the_exhausted_channel_pool_raising_a_limit_is_refused_and_lowering_one_works() {
    let mock = MockTelnyx::start().await;
    assert_eq!(load_scenario(&mock, "exhausted-channel-pool").await.status, 200);
    let api = Api::new(&mock);
    let pool = api.get("/managed_accounts/allocatable_global_outbound_channels").await.json();
    assert_eq!(pool["data"]["allocatable_global_outbound_channels"], 100);
    assert_eq!(pool["data"]["total_global_channels_allocated"], 100);

    let holder = mock.accounts().into_iter().find(|a| a.channel_limit == 40).unwrap().id;
    let idle = mock
        .accounts()
        .into_iter()
        .find(|a| a.channel_limit == 0 && a.status == telnyx_mock::AccountStatus::Enabled)
        .unwrap()
        .id;
    let path = |id: &str| format!("/managed_accounts/{id}/update_global_channel_limit");
    let refused = api.patch(&path(&idle), json!({ "channel_limit": 1 })).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(refused.error()["source"]["pointer"], "/channel_limit");
    assert_eq!(api.patch(&path(&holder), json!({ "channel_limit": 39 })).await.status, 200);
    assert_eq!(api.patch(&path(&idle), json!({ "channel_limit": 1 })).await.status, 200);
}

#[tokio::test]
async fn under_the_rate_limited_scenario_the_next_api_request_is_a_429_and_admin_calls_still_work() {
    let mock = MockTelnyx::start().await;
    assert_eq!(load_scenario(&mock, "rate-limited").await.status, 200);
    let api = Api::new(&mock);
    let limited = api.get("/managed_accounts").await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.error()["code"], "10011");
    assert_eq!(limited.header("retry-after"), Some("60"));
    assert_eq!(limited.header("x-ratelimit-limit"), Some("10"));
    assert_eq!(limited.header("x-ratelimit-remaining"), Some("0"));
    assert_eq!(admin(&mock, "GET", "/__admin/state", None).await.status, 200);
    // A reset forgets the window's count; the limit stays.
    admin(&mock, "POST", "/__admin/reset", None).await;
    let after = api.get("/managed_accounts").await;
    assert_eq!(after.status, 200);
    assert_eq!(after.header("x-ratelimit-remaining"), Some("9"));
}

async fn get_json(url: &str) -> (u16, Value) {
    let response = reqwest::Client::new().get(url).bearer_auth("k").send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_binary_pages_through_the_many_accounts_scenario_and_round_trips_its_large_snapshot() {
    let server = Server::start(&["--scenario", "many-accounts", "--quiet"]);
    let mut seen = HashSet::new();
    for page in 1..=20 {
        let (status, body) =
            get_json(&format!("{}/v2/managed_accounts?page[size]=250&page[number]={page}", server.url)).await;
        assert_eq!(status, 200);
        assert_eq!(body["meta"]["total_pages"], 20);
        seen.extend(ids(&body));
    }
    assert_eq!(seen.len(), 5_000);

    let client = reqwest::Client::new();
    let saved = client.get(format!("{}/__admin/snapshot", server.url)).send().await.unwrap().bytes().await.unwrap();
    assert!(saved.len() > 1024 * 1024, "larger than the API body limit: {} bytes", saved.len());
    let reset = client.put(format!("{}/__admin/scenarios/empty-organization", server.url)).send().await.unwrap();
    assert_eq!(reset.status(), 200);
    let restored = client.put(format!("{}/__admin/snapshot", server.url)).body(saved.clone()).send().await.unwrap();
    assert_eq!(restored.status(), 200);
    let (_, counts) = get_json(&format!("{}/__admin/state", server.url)).await;
    assert_eq!(counts["data"]["counts"]["accounts"], 5_000);
    server.stop();
}

#[tokio::test]
async fn the_binary_starts_from_a_state_file_and_refuses_an_unknown_scenario() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let created = api.create("Saved Inc", "saved@example.com").await;
    let dir = std::env::temp_dir().join(format!("telnyx-mock-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    std::fs::write(&file, snapshot(&mock).await.to_string()).unwrap();

    let server = Server::start(&["--state", file.to_str().unwrap(), "--quiet"]);
    let (status, account) =
        get_json(&format!("{}/v2/managed_accounts/{}", server.url, created["id"].as_str().unwrap())).await;
    assert_eq!(status, 200);
    assert_eq!(account["data"], created);
    let (_, mut served) = get_json(&format!("{}/__admin/snapshot", server.url)).await;
    let mut original = snapshot(&mock).await;
    // The rate windows count their own requests; everything else is the same.
    served.as_object_mut().unwrap().remove("rate");
    original.as_object_mut().unwrap().remove("rate");
    assert_eq!(served, original);
    server.stop();
    std::fs::remove_dir_all(&dir).unwrap();

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_telnyx-mock"))
        .args(["--port", "0", "--scenario", "nope"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no scenario is called `nope`"), "{stderr}");
    assert!(stderr.contains("exhausted-channel-pool"), "{stderr}");
}
