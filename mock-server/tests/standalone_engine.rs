//! The program's default engine under hostile input, faults and sustained
//! load: one connection may end, the server never does, and memory stays flat.

use crate::common;

use common::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn hostile_raw_requests_get_a_4xx_or_a_closed_connection_and_no_panic() {
    let server = Server::start(&["--quiet"]);
    let address = server.address();
    let cases: Vec<(&[u8], bool)> = vec![
        (b"GET 127.0.0.1:80 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false),
        (b"CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: x\r\n\r\n", true),
        (b"GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false),
        (b"\x00\x01\x02 garbage \xff\r\n\r\n", false),
        (b"GET /v2/managed_accounts/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n", false),
        (b"POST /v2/managed_accounts HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"busi", true),
        (b"POST /v2/managed_accounts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", true),
        (b"GET /v2/managed_accounts HTTP/9.9\r\n\r\n", false),
        (b"FOO /v2/managed_accounts HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false),
        (&[b'A'; 100_000], true),
    ];
    for (bytes, close_write) in cases {
        assert_4xx_or_no_answer(address, bytes, close_write).await;
        let reply = reqwest::Client::new()
            .get(format!("{}/v2/managed_accounts", server.url))
            .bearer_auth("k")
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 200);
    }
    let stderr = server.stop();
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test]
async fn a_10_mb_body_gets_a_readable_413_and_the_connection_serves_on() {
    let server = Server::start(&["--quiet"]);
    let client = reqwest::Client::new();
    let body = vec![b'a'; 10 * 1024 * 1024];
    let reply =
        client.post(format!("{}/v2/managed_accounts", server.url)).bearer_auth("k").body(body).send().await.unwrap();
    assert_eq!(reply.status(), 413);
    let json: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(json["errors"][0]["code"], "10015");
    let ok = client.get(format!("{}/v2/managed_accounts", server.url)).bearer_auth("k").send().await.unwrap();
    assert_eq!(ok.status(), 200);
    server.stop();
}

#[tokio::test]
async fn faults_posted_to_the_admin_api_drop_delay_and_fail_requests() {
    let server = Server::start(&["--quiet"]);
    let client = reqwest::Client::new();
    let add = |rule: serde_json::Value| client.post(format!("{}/__admin/faults", server.url)).json(&rule).send();
    assert_eq!(
        add(serde_json::json!({ "method": "GET", "path": "/managed_accounts", "drop_connection": true }))
            .await
            .unwrap()
            .status(),
        201
    );
    let dropped = client.get(format!("{}/v2/managed_accounts", server.url)).bearer_auth("k").send().await;
    let error = dropped.expect_err("dropped");
    assert!(error.is_request() && error.status().is_none(), "{error:?}");

    add(serde_json::json!({ "path": "/managed_accounts", "status": 200, "delay_ms": 1500 })).await.unwrap();
    let slow = client
        .get(format!("{}/managed_accounts", server.url))
        .bearer_auth("k")
        .timeout(Duration::from_millis(200))
        .send()
        .await;
    assert!(slow.expect_err("timed out").is_timeout());

    add(serde_json::json!({ "method": "POST", "path": "/managed_accounts", "status": 503, "headers": { "retry-after": "1" }, "after_commit": true })).await.unwrap();
    let failed = client
        .post(format!("{}/v2/managed_accounts", server.url))
        .bearer_auth("k")
        .json(&serde_json::json!({ "business_name": "Committed", "email": "committed@example.com" }))
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), 503);
    assert_eq!(failed.headers()["retry-after"], "1");
    let found: serde_json::Value = client
        .get(format!("{}/v2/managed_accounts?filter[email][eq]=committed@example.com", server.url))
        .bearer_auth("k")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["meta"]["total_results"], 1);

    let log: serde_json::Value =
        client.get(format!("{}/__admin/requests", server.url)).send().await.unwrap().json().await.unwrap();
    let statuses: Vec<u64> = log["data"].as_array().unwrap().iter().map(|e| e["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [0, 200, 503, 200]);
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn memory_stays_flat_over_thousands_of_requests() {
    let server = Server::start(&["--quiet", "--request-log", "100"]);
    let client = reqwest::Client::new();
    let url = format!("{}/v2/managed_accounts?page[size]=250&include_cancelled_accounts=true", server.url);
    let burst = |n: usize| {
        let client = client.clone();
        let url = url.clone();
        async move {
            let mut tasks = Vec::new();
            for _ in 0..8 {
                let client = client.clone();
                let url = url.clone();
                tasks.push(tokio::spawn(async move {
                    for _ in 0..n / 8 {
                        let reply = client.get(&url).bearer_auth("k").send().await.unwrap();
                        assert_eq!(reply.status(), 200);
                        reply.bytes().await.unwrap();
                    }
                }));
            }
            for task in tasks {
                task.await.unwrap();
            }
        }
    };
    burst(2_000).await;
    let warm = server.rss_kib();
    burst(8_000).await;
    let after = server.rss_kib();
    assert!(after < warm + 4 * 1024, "RSS grew from {warm} KiB to {after} KiB over 8,000 requests");
    server.stop();
}

#[tokio::test]
async fn the_wiremock_engine_serves_the_same_api() {
    let server = Server::start(&["--quiet", "--engine", "wiremock"]);
    let client = reqwest::Client::new();
    let reply = client.get(format!("{}/v2/managed_accounts", server.url)).bearer_auth("k").send().await.unwrap();
    assert_eq!(reply.status(), 200);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(body["meta"]["total_results"], 33);
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_creates_at_once_each_on_its_own_connection_make_a_thousand_accounts() {
    let server = Server::start(&["--quiet"]);
    let mut tasks = Vec::new();
    for i in 0..1000 {
        let url = format!("{}/v2/managed_accounts", server.url);
        tasks.push(tokio::spawn(async move {
            // A client per request: a connection per request.
            let client = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
            let reply = client
                .post(url)
                .bearer_auth("k")
                .json(&serde_json::json!({ "business_name": format!("Burst {i}") }))
                .send()
                .await
                .unwrap();
            assert_eq!(reply.status(), 200);
            let body: serde_json::Value = reply.json().await.unwrap();
            body["data"]["id"].as_str().unwrap().to_owned()
        }));
    }
    let mut ids = std::collections::HashSet::new();
    for task in tasks {
        ids.insert(task.await.unwrap());
    }
    assert_eq!(ids.len(), 1000);
    let state: serde_json::Value =
        reqwest::get(format!("{}/__admin/state", server.url)).await.unwrap().json().await.unwrap();
    assert_eq!(state["data"]["counts"]["accounts"], 1036);
    server.stop();
}
