//! The `telnyx-mock` program: the line it prints, its flags, its request log
//! lines, and a clean exit on SIGTERM and SIGINT.

use crate::common;

use common::*;
use std::process::Command;
use std::time::{Duration, Instant};

async fn get(url: &str, key: Option<&str>) -> (u16, serde_json::Value) {
    let mut request = reqwest::Client::new().get(url);
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

#[tokio::test]
async fn with_port_0_it_prints_the_real_port_serves_logs_and_exits_cleanly_on_sigterm() {
    let mut server = Server::start(&[]);
    let port: u16 = server.url.rsplit(':').next().unwrap().parse().unwrap();
    assert!(server.url.starts_with("http://127.0.0.1:") && port != 0, "{}", server.url);

    let (status, body) = get(&format!("{}/v2/managed_accounts", server.url), Some("k")).await;
    assert_eq!(status, 200);
    assert_eq!(body["meta"]["total_results"], 33);
    let (status, _) = get(&format!("{}/managed_accounts/nope", server.url), Some("k")).await;
    assert_eq!(status, 404);

    server.signal("TERM");
    assert!(server.wait(Duration::from_secs(5)).success());
    let log = server.stderr();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains(" GET ")).collect();
    assert_eq!(lines.len(), 2, "one line per request: {log}");
    assert!(lines[0].contains("200 GET /v2/managed_accounts"), "{}", lines[0]);
    assert!(lines[1].contains("404 GET /managed_accounts/nope"), "{}", lines[1]);
}

#[tokio::test]
async fn sigint_also_stops_it_cleanly() {
    let mut server = Server::start(&["--quiet"]);
    let (status, _) = get(&format!("{}/__admin/state", server.url), None).await;
    assert_eq!(status, 200);
    server.signal("INT");
    assert!(server.wait(Duration::from_secs(5)).success());
    assert!(!server.stderr().contains("/__admin/state"), "--quiet logs no requests");
}

#[tokio::test]
async fn api_key_accounts_and_users_flags_shape_the_server() {
    let server = Server::start(&["--api-key", "KEY_CLI", "--accounts", "1000", "--users", "7", "--quiet"]);
    let (status, _) = get(&format!("{}/v2/managed_accounts", server.url), Some("KEY_OTHER")).await;
    assert_eq!(status, 401);
    let (status, body) = get(&format!("{}/v2/managed_accounts?page[size]=250", server.url), Some("KEY_CLI")).await;
    assert_eq!(status, 200);
    assert_eq!(body["meta"]["total_results"], 1000);
    assert_eq!(body["meta"]["total_pages"], 4);
    let (_, users) = get(&format!("{}/v2/organizations/users", server.url), Some("KEY_CLI")).await;
    assert_eq!(users["meta"]["total_results"], 7);
}

#[tokio::test]
async fn a_seed_fixture_is_loaded_and_restored_by_reset() {
    let dir = std::env::temp_dir().join(format!("telnyx-mock-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("seed.json");
    std::fs::write(
        &file,
        r#"{
          "manager": { "email": "boss@fixture.example.com", "allocatable_global_outbound_channels": 50 },
          "groups": [ { "name": "Ops" } ],
          "accounts": [
            { "id": "11111111-1111-4111-8111-111111111111", "email": "one@fixture.example.com", "organization_name": "One" },
            { "email": "two@fixture.example.com", "organization_name": "Two", "status": "cancelled", "channel_limit": 5 }
          ],
          "users": [ { "email": "owner@fixture.example.com", "record_type": "organization_owner", "groups": ["Ops"] } ]
        }"#,
    )
    .unwrap();
    let server = Server::start(&["--seed", file.to_str().unwrap(), "--quiet"]);
    let (_, one) =
        get(&format!("{}/v2/managed_accounts/11111111-1111-4111-8111-111111111111", server.url), Some("k")).await;
    assert_eq!(one["data"]["organization_name"], "One");
    let (_, list) =
        get(&format!("{}/v2/managed_accounts?include_cancelled_accounts=true", server.url), Some("k")).await;
    assert_eq!(list["meta"]["total_results"], 2);
    let (_, channels) =
        get(&format!("{}/v2/managed_accounts/allocatable_global_outbound_channels", server.url), Some("k")).await;
    assert_eq!(channels["data"]["allocatable_global_outbound_channels"], 50);
    let (_, users) = get(&format!("{}/v2/organizations/users?include_groups=true", server.url), Some("k")).await;
    assert_eq!(users["data"][0]["groups"][0]["name"], "Ops");

    let client = reqwest::Client::new();
    client
        .post(format!("{}/v2/managed_accounts/11111111-1111-4111-8111-111111111111/actions/disable", server.url))
        .bearer_auth("k")
        .send()
        .await
        .unwrap();
    let (_, disabled) =
        get(&format!("{}/v2/managed_accounts?filter[status][eq]=disabled", server.url), Some("k")).await;
    assert_eq!(disabled["meta"]["total_results"], 1);
    client.post(format!("{}/__admin/reset", server.url)).send().await.unwrap();
    let (_, after) = get(&format!("{}/v2/managed_accounts?filter[status][eq]=disabled", server.url), Some("k")).await;
    assert_eq!(after["meta"]["total_results"], 0, "reset brings back the fixture");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_flags_and_bad_seeds_fail_with_a_clear_message() {
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_telnyx-mock")).args(args).output().unwrap();
        (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (ok, stderr) = run(&["--port", "0", "--seed", "/nonexistent/seed.json"]);
    assert!(!ok);
    assert!(stderr.contains("cannot read seed file"), "{stderr}");
    let (ok, stderr) = run(&["--port", "0", "--seed", "x.json", "--accounts", "3"]);
    assert!(!ok);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
    let (ok, stderr) = run(&["--port", "99999"]);
    assert!(!ok);
    assert!(stderr.contains("99999"), "{stderr}");

    let dir = std::env::temp_dir().join(format!("telnyx-mock-bad-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(&file, r#"{ "acounts": [] }"#).unwrap();
    let (ok, stderr) = run(&["--port", "0", "--seed", file.to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("unknown field"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_port_in_use_is_reported_not_panicked_on() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_telnyx-mock")).args(["--port", &port]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot listen on"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[tokio::test]
async fn latency_body_limit_and_rate_limit_flags_take_effect() {
    let server = Server::start(&["--quiet", "--latency-ms", "200", "--body-limit", "100", "--rate-limit", "3"]);
    let client = reqwest::Client::new();
    let started = Instant::now();
    let first = client.get(format!("{}/v2/managed_accounts", server.url)).bearer_auth("k").send().await.unwrap();
    assert_eq!(first.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(200), "{:?}", started.elapsed());
    assert_eq!(first.headers()["x-ratelimit-limit"], "3");

    let big = client
        .post(format!("{}/v2/managed_accounts", server.url))
        .bearer_auth("k")
        .header("content-type", "application/json")
        .body(format!(r#"{{"business_name":"{}"}}"#, "x".repeat(200)))
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 413);

    let third = client.get(format!("{}/v2/managed_accounts", server.url)).bearer_auth("k").send().await.unwrap();
    assert_eq!(third.status(), 200);
    let limited = client.get(format!("{}/v2/managed_accounts", server.url)).bearer_auth("k").send().await.unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}
