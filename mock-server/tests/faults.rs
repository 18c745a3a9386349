//! Each kind of injected fault, through the library and through the admin API.

use crate::common;

use common::*;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_status_fault_hits_its_number_of_matching_requests_then_stops() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let id = mock.add_fault(Fault::status(503).on("GET", "/managed_accounts").header("retry-after", "2").times(2));

    assert_eq!(api.get("/managed_accounts/allocatable_global_outbound_channels").await.status, 200, "other paths pass");
    assert_eq!(api.post("/managed_accounts", json!({ "business_name": "Other Method" })).await.status, 200);
    for root in [Api::new(&mock), Api::root(&mock)] {
        let reply = root.get("/managed_accounts").await;
        assert_eq!(reply.status, 503);
        assert_eq!(reply.header("retry-after"), Some("2"));
        assert!(reply.header("x-request-id").is_some(), "faults carry the usual headers");
        assert_eq!(reply.error()["code"], "10007");
    }
    assert_eq!(api.get("/managed_accounts").await.status, 200);

    let rule = mock.faults().into_iter().find(|r| r.id == id).unwrap();
    assert_eq!((rule.hits, rule.remaining), (2, 0));
    let faulted: Vec<_> = mock.requests().into_iter().filter(|r| r.fault == Some(id)).collect();
    assert_eq!(faulted.len(), 2);
    assert!(faulted.iter().all(|r| r.status == 503));
}

#[tokio::test]
async fn rate_limit_faults_carry_the_headers_they_are_given() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    mock.add_fault(
        Fault::status(429)
            .on_path("/managed_accounts/{id}")
            .header("retry-after-ms", "150")
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", "3"),
    );
    let reply = api.get(&format!("/managed_accounts/{}", mock.accounts()[0].id)).await;
    assert_eq!(reply.status, 429);
    assert_eq!(reply.header("retry-after-ms"), Some("150"));
    assert_eq!(reply.header("x-ratelimit-remaining"), Some("0"), "rule headers replace the computed ones");
    assert_eq!(reply.header("x-ratelimit-reset"), Some("3"));
    assert_eq!(reply.error()["code"], "10011");
}

#[tokio::test]
async fn body_faults_send_malformed_json_an_empty_200_html_and_wrong_content_types() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    mock.add_fault(Fault::status(200).on("GET", "/managed_accounts").body_raw("{\"data\": [", "application/json"));
    let malformed = api.get("/managed_accounts").await;
    assert_eq!((malformed.status, malformed.text.as_str()), (200, "{\"data\": ["));
    assert_eq!(malformed.header("content-type"), Some("application/json"));

    mock.add_fault(Fault::status(200).on("GET", "/managed_accounts").body_json(json!("")));
    let empty = api.get("/managed_accounts").await;
    assert_eq!((empty.status, empty.text.as_str()), (200, ""));
    assert_eq!(empty.header("content-length"), Some("0"));

    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    mock.add_fault(Fault::status(502).on("GET", "/managed_accounts").body_raw(html, "text/html"));
    let gateway = api.get("/managed_accounts").await;
    assert_eq!((gateway.status, gateway.text.as_str()), (502, html));
    assert_eq!(gateway.header("content-type"), Some("text/html"));

    mock.add_fault(Fault::status(200).on("GET", "/managed_accounts").body_raw("{\"data\":[]}", "text/plain"));
    let wrong_type = api.get("/managed_accounts").await;
    assert_eq!(wrong_type.header("content-type"), Some("text/plain"));

    mock.add_fault(Fault::status(200).on("GET", "/managed_accounts").body_json(json!({ "data": [], "meta": null })));
    assert_eq!(api.get("/managed_accounts").await.json(), json!({ "data": [], "meta": null }));
    assert_eq!(api.get("/managed_accounts").await.json()["meta"]["page_number"], 1, "all spent");
}

#[tokio::test]
async fn a_dropped_connection_surfaces_as_a_connection_error_in_a_real_client() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    mock.add_fault(Fault::drop_connection().on("GET", "/managed_accounts"));

    let result = api.client.get(format!("{}/managed_accounts", mock.base_url())).bearer_auth("k").send().await;
    let error = result.expect_err("the connection must drop");
    assert!(error.status().is_none());
    assert!(error.is_request() || error.is_connect() || error.is_body(), "{error:?}");

    // The same client, and the server, carry on.
    assert_eq!(api.get("/managed_accounts").await.status, 200);
    let logged: Vec<_> = mock.requests().into_iter().map(|r| r.status).collect();
    assert_eq!(logged, [0, 200], "a dropped request is logged with status 0");
}

#[tokio::test]
async fn a_create_whose_reply_is_lost_after_commit_exists_exactly_once_after_an_idempotent_retry() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    mock.add_fault(Fault::drop_connection().on("POST", "/managed_accounts").after_commit());
    let body = json!({ "business_name": "Lost Reply Inc", "email": "lost@example.com" });

    let first = api
        .client
        .post(format!("{}/managed_accounts", mock.base_url()))
        .bearer_auth("k")
        .header("idempotency-key", "create-lost-1")
        .json(&body)
        .send()
        .await;
    assert!(first.is_err(), "the reply was lost");
    assert_eq!(mock.accounts().iter().filter(|a| a.email == "lost@example.com").count(), 1, "but the create committed");

    let retry = api.send_with("POST", "/managed_accounts", Some(body), &[("idempotency-key", "create-lost-1")]).await;
    assert_eq!(retry.status, 200);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    let account = mock.accounts().into_iter().find(|a| a.email == "lost@example.com").unwrap();
    assert_eq!(retry.json()["data"]["id"], json!(account.id));
    assert_eq!(mock.accounts().iter().filter(|a| a.email == "lost@example.com").count(), 1);
}

#[tokio::test]
async fn an_after_commit_status_fault_performs_the_operation_and_fails_the_reply() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let id = mock.accounts()[0].id.clone();
    mock.add_fault(Fault::status(500).on("POST", "/managed_accounts/*/actions/disable").after_commit());
    let reply = api.post(&format!("/managed_accounts/{id}/actions/disable"), json!({})).await;
    assert_eq!(reply.status, 500);
    assert_eq!(mock.account(&id).unwrap().status, telnyx_mock::AccountStatus::Disabled);
}

#[tokio::test]
async fn a_delayed_reply_trips_a_client_timeout_and_a_delay_only_fault_sends_the_real_answer_late() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    mock.add_fault(Fault::status(200).on("GET", "/managed_accounts").with_delay(Duration::from_millis(1500)));
    let started = Instant::now();
    let result = api
        .client
        .get(format!("{}/managed_accounts", mock.base_url()))
        .bearer_auth("k")
        .timeout(Duration::from_millis(200))
        .send()
        .await;
    assert!(result.expect_err("must time out").is_timeout());
    assert!(started.elapsed() < Duration::from_millis(1000));

    // While a reply is held back, other requests are not.
    mock.add_fault(Fault::delay(Duration::from_millis(300)).on("GET", "/organizations/users"));
    let slow = tokio::spawn({
        let api = Api::new(&mock);
        async move {
            let started = Instant::now();
            let reply = api.get("/organizations/users").await;
            (reply.status, reply.json()["meta"]["total_results"].clone(), started.elapsed())
        }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let fast_started = Instant::now();
    assert_eq!(api.get("/managed_accounts/allocatable_global_outbound_channels").await.status, 200);
    assert!(fast_started.elapsed() < Duration::from_millis(200));
    let (status, total, elapsed) = slow.await.unwrap();
    assert_eq!((status, total), (200, json!(12)), "the real answer");
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
}

#[tokio::test]
async fn skip_and_every_fail_a_deterministic_share_of_requests() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    mock.add_fault(Fault::status(503).on("GET", "/managed_accounts").skip(2).every(4).times(1000));
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(api.get("/managed_accounts").await.status);
    }
    assert_eq!(statuses, [200, 200, 503, 200, 200, 200, 503, 200, 200, 200, 503, 200]);
}

#[tokio::test]
async fn global_latency_delays_api_answers_but_not_the_admin_api() {
    let mock = MockTelnyx::builder().latency(Duration::from_millis(150)).start().await;
    let api = Api::new(&mock);
    let started = Instant::now();
    assert_eq!(api.get("/managed_accounts").await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));
    let started = Instant::now();
    assert_eq!(admin(&mock, "GET", "/__admin/state", None).await.status, 200);
    assert!(started.elapsed() < Duration::from_millis(150));
}

#[tokio::test]
async fn the_admin_api_adds_lists_and_removes_fault_rules_as_json() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let added = admin(
        &mock,
        "POST",
        "/__admin/faults",
        Some(json!({"method":"POST","path":"/managed_accounts","times":1,"status":503,"headers":{"retry-after":"1"},"body":null,"delay_ms":0,"drop_connection":false,"after_commit":false})),
    )
    .await;
    assert_eq!(added.status, 201, "{}", added.text);
    let rule = added.json()["data"].clone();
    assert_eq!(rule["remaining"], 1);
    let reply = api.post("/managed_accounts", json!({ "business_name": "Faulted" })).await;
    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("retry-after"), Some("1"));

    let many = admin(
        &mock,
        "POST",
        "/__admin/faults",
        Some(
            json!([{ "status": 500, "path": "/organizations/users" }, { "drop_connection": true, "method": "PATCH" }]),
        ),
    )
    .await;
    assert_eq!(many.status, 201);
    let second_id = many.json()["data"][1]["id"].as_u64().unwrap();
    let listed = admin(&mock, "GET", "/__admin/faults", None).await.json();
    assert_eq!(listed["data"].as_array().unwrap().len(), 3);
    assert_eq!(listed["data"][0]["hits"], 1);

    assert_eq!(admin(&mock, "DELETE", &format!("/__admin/faults/{second_id}"), None).await.status, 200);
    assert_eq!(admin(&mock, "DELETE", &format!("/__admin/faults/{second_id}"), None).await.status, 404);
    let cleared = admin(&mock, "DELETE", "/__admin/faults", None).await.json();
    assert_eq!(cleared["data"]["cleared"], 2);
    assert_eq!(api.get("/organizations/users").await.status, 200);
}

#[tokio::test]
async fn invalid_fault_rules_are_refused_with_422_and_a_pointer() {
    let mock = MockTelnyx::start().await;
    for (rule, pointer) in [
        (json!({ "status": 42 }), "/status"),
        (json!({ "path": "/x" }), "/status"),
        (json!({ "status": 500, "times": 0 }), "/times"),
        (json!({ "status": 500, "path": "no-slash" }), "/path"),
        (json!({ "status": 500, "method": "P O S T" }), "/method"),
        (json!({ "status": 500, "headers": { "content-length": "9" } }), "/headers/content-length"),
        (json!({ "status": 500, "headers": { "x": "line\nbreak" } }), "/headers/x"),
        (json!({ "status": 500, "delay_ms": 10_000_000 }), "/delay_ms"),
        (json!({ "status": 500, "stauts": 1 }), "/"),
        (json!({ "status": "500" }), "/"),
    ] {
        let reply = admin(&mock, "POST", "/__admin/faults", Some(rule.clone())).await;
        assert_eq!(reply.status, 422, "{rule}: {}", reply.text);
        assert_eq!(reply.error()["source"]["pointer"], pointer, "{rule}");
    }
    let malformed =
        reqwest::Client::new().post(format!("{}/__admin/faults", mock.uri())).body("{").send().await.unwrap();
    assert_eq!(malformed.status(), 400);
    assert!(mock.faults().is_empty());
    assert!(mock.try_add_fault(Fault::status(700)).is_err());
}
