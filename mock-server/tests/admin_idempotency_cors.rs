//! The admin API, idempotent replays and CORS.

use crate::common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn reset_restores_the_seed_and_clears_faults_requests_and_keys() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let seeded = mock.accounts();
    api.create("Temporary", "temp@example.com").await;
    api.post(&format!("/managed_accounts/{}/actions/disable", seeded[0].id), json!({})).await;
    api.send_with(
        "POST",
        "/managed_accounts",
        Some(json!({ "business_name": "Keyed" })),
        &[("idempotency-key", "k-1")],
    )
    .await;
    mock.add_fault(Fault::status(500).on_path("/organizations/users"));

    let reset = admin(&mock, "POST", "/__admin/reset", None).await;
    assert_eq!(reset.status, 200);
    assert_eq!(reset.json()["data"]["accounts"], 36);
    assert_eq!(mock.accounts(), seeded, "the very same records, ids and keys included");
    assert!(mock.faults().is_empty());
    assert!(mock.requests().is_empty());
    assert_eq!(api.get("/organizations/users").await.status, 200);
    let again = api
        .send_with(
            "POST",
            "/managed_accounts",
            Some(json!({ "business_name": "Keyed" })),
            &[("idempotency-key", "k-1")],
        )
        .await;
    assert!(again.header("idempotent-replayed").is_none(), "keys were forgotten");
}

#[tokio::test]
async fn the_request_log_records_method_path_query_redacted_headers_and_body() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    api.get("/managed_accounts?filter%5Bemail%5D%5Bcontains%5D=john&page[size]=5").await;
    api.post("/managed_accounts", json!({ "business_name": "Logged", "password": "s3cret!" })).await;
    admin(&mock, "GET", "/__admin/state", None).await;

    let log = admin(&mock, "GET", "/__admin/requests", None).await.json();
    let entries = log["data"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "admin calls are not logged");
    assert_eq!(entries[0]["method"], "GET");
    assert_eq!(entries[0]["path"], "/v2/managed_accounts");
    assert_eq!(entries[0]["query"], "filter%5Bemail%5D%5Bcontains%5D=john&page[size]=5");
    assert_eq!(entries[0]["operation"], "managedAccounts.list");
    assert_eq!(entries[0]["headers"]["authorization"], "Bearer [redacted]");
    assert!(entries[0]["body"].is_null());
    assert_eq!(entries[1]["operation"], "managedAccounts.create");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(entries[1]["body"].as_str().unwrap()).unwrap()["business_name"],
        "Logged"
    );
    assert_eq!(entries[1]["status"], 200);
    assert!(!log.to_string().contains("test-key"), "the bearer token never shows");

    let posts = admin(&mock, "GET", "/__admin/requests?method=post", None).await.json();
    assert_eq!(posts["data"].as_array().unwrap().len(), 1);
    let by_path = admin(&mock, "GET", "/__admin/requests?path=/managed_accounts", None).await.json();
    assert_eq!(by_path["data"].as_array().unwrap().len(), 2, "paths match with or without /v2");
    let since = admin(&mock, "GET", "/__admin/requests?since=1", None).await.json();
    assert_eq!(since["data"][0]["seq"], 2);
    let by_op = admin(&mock, "GET", "/__admin/requests?operation=managedAccounts.list", None).await.json();
    assert_eq!(by_op["meta"]["total"], 1);

    assert_eq!(admin(&mock, "DELETE", "/__admin/requests", None).await.status, 200);
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn the_request_log_is_bounded_and_says_how_many_it_let_go() {
    let mock = MockTelnyx::builder().request_log_capacity(3).start().await;
    let api = Api::new(&mock);
    for _ in 0..5 {
        api.get("/managed_accounts").await;
    }
    let log = admin(&mock, "GET", "/__admin/requests", None).await.json();
    assert_eq!(log["data"].as_array().unwrap().len(), 3);
    assert_eq!(log["meta"]["dropped"], 2);
    assert_eq!(log["data"][0]["seq"], 3);
}

#[tokio::test]
async fn the_state_endpoint_counts_and_dumps_and_account_status_can_be_set() {
    let mock = MockTelnyx::start().await;
    let state = admin(&mock, "GET", "/__admin/state", None).await.json();
    assert_eq!(state["data"]["counts"]["accounts"], 36);
    assert_eq!(state["data"]["counts"]["accounts_by_status"]["cancelled"], 3);
    assert_eq!(state["data"]["counts"]["users"], 12);
    assert!(state["data"].get("accounts").is_none());
    let full = admin(&mock, "GET", "/__admin/state?full=true", None).await.json();
    assert_eq!(full["data"]["accounts"].as_array().unwrap().len(), 36);
    assert_eq!(full["data"]["users"].as_array().unwrap().len(), 12);

    let id = mock.accounts()[0].id.clone();
    let set = admin(&mock, "PATCH", &format!("/__admin/accounts/{id}"), Some(json!({ "status": "blocked" }))).await;
    assert_eq!(set.status, 200);
    assert_eq!(set.json()["data"]["status"], "blocked");
    assert_eq!(mock.account(&id).unwrap().status, telnyx_mock::AccountStatus::Blocked);
    let bad = admin(&mock, "PATCH", &format!("/__admin/accounts/{id}"), Some(json!({ "status": "asleep" }))).await;
    assert_eq!(bad.status, 422);
    assert_eq!(admin(&mock, "PATCH", "/__admin/accounts/nope", Some(json!({ "status": "enabled" }))).await.status, 404);
    assert_eq!(admin(&mock, "GET", "/__admin/nothing", None).await.status, 404);
    assert_eq!(admin(&mock, "PUT", "/__admin/reset", None).await.status, 405);
    assert_eq!(admin(&mock, "GET", "/__admin", None).await.status, 200);
}

#[tokio::test]
async fn a_repeated_idempotency_key_replays_the_first_success_without_a_second_create() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let body = json!({ "business_name": "Once Only", "email": "once-only@example.com" });
    let key = [("idempotency-key", "7f1c-create")];
    let first = api.send_with("POST", "/managed_accounts", Some(body.clone()), &key).await;
    let second = api.send_with("POST", "/managed_accounts", Some(body.clone()), &key).await;
    assert_eq!(first.status, 200);
    assert_eq!(second.status, 200);
    assert_eq!(first.text, second.text, "the same body, byte for byte");
    assert!(first.header("idempotent-replayed").is_none());
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_ne!(first.header("x-request-id"), second.header("x-request-id"));
    assert_eq!(mock.counts().accounts, 37);

    let different = api.send_with("POST", "/managed_accounts", Some(json!({ "business_name": "Other" })), &key).await;
    assert_eq!(different.status, 422, "a key reused for another request is refused");
    assert_eq!(different.error()["source"]["parameter"], "Idempotency-Key");

    // Failures are not remembered: fixing the request under the same key runs it.
    let bad_key = [("idempotency-key", "fix-me")];
    assert_eq!(api.send_with("POST", "/managed_accounts", Some(json!({})), &bad_key).await.status, 422);
    assert_eq!(api.send_with("POST", "/managed_accounts", Some(json!({})), &bad_key).await.status, 422);
    let fixed = api.send_with("POST", "/managed_accounts", Some(json!({ "business_name": "Fixed" })), &bad_key).await;
    assert_eq!(fixed.status, 200);
    assert_eq!(mock.counts().accounts, 38);

    let too_long = "k".repeat(300);
    let refused = api
        .send_with(
            "POST",
            "/managed_accounts",
            Some(json!({ "business_name": "Long Key" })),
            &[("idempotency-key", &too_long)],
        )
        .await;
    assert_eq!(refused.status, 422, "Telnyx's contract: keys match ^[A-Za-z0-9_:-]{{1,255}}$, else 422");
}

#[tokio::test]
async fn every_answer_allows_any_origin_and_exposes_the_headers_clients_read() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    for reply in [
        api.get("/managed_accounts").await,
        api.without_key().get("/managed_accounts").await,
        admin(&mock, "GET", "/__admin/state", None).await,
    ] {
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
        assert!(reply.header("x-request-id").is_some());
        assert!(reply.header("x-ratelimit-remaining").is_some());
        let exposed = reply.header("access-control-expose-headers").unwrap();
        for name in ["x-request-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"] {
            assert!(exposed.contains(name), "{name} not exposed");
        }
    }
}

#[tokio::test]
async fn preflights_are_answered_for_any_requested_headers_and_are_not_logged() {
    let mock = MockTelnyx::start().await;
    let response = reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, format!("{}/managed_accounts", mock.base_url()))
        .header("origin", "https://console.example.com")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization, content-type, idempotency-key, x-stainless-os")
        .header("access-control-request-private-network", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(header("access-control-allow-origin"), "*");
    assert!(header("access-control-allow-methods").contains("PATCH"));
    assert_eq!(header("access-control-allow-headers"), "authorization, content-type, idempotency-key, x-stainless-os");
    assert_eq!(header("access-control-allow-private-network"), "true");
    let without = reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, format!("{}/organizations/users", mock.uri()))
        .send()
        .await
        .unwrap();
    let allowed = without.headers()["access-control-allow-headers"].to_str().unwrap().to_owned();
    for name in ["authorization", "content-type", "idempotency-key"] {
        assert!(allowed.contains(name));
    }
    assert!(mock.requests().is_empty());
}
