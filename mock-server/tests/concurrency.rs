//! Concurrent writers never lose or duplicate a write.

mod common;

use common::*;
use serde_json::json;
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_creates_make_exactly_two_hundred_unique_accounts() {
    let mock = MockTelnyx::start().await;
    let before = mock.counts().accounts;
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for i in 0..200 {
        let client = client.clone();
        let url = format!("{}/managed_accounts", mock.base_url());
        tasks.push(tokio::spawn(async move {
            let response = client
                .post(url)
                .bearer_auth("k")
                .json(&json!({ "business_name": format!("Concurrent {i}") }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let body: serde_json::Value = response.json().await.unwrap();
            body["data"]["id"].as_str().unwrap().to_owned()
        }));
    }
    let mut ids = HashSet::new();
    for task in tasks {
        ids.insert(task.await.unwrap());
    }
    assert_eq!(ids.len(), 200);
    assert_eq!(mock.counts().accounts, before + 200);
    let listed: HashSet<String> =
        mock.accounts().into_iter().filter(|a| a.organization_name.starts_with("Concurrent ")).map(|a| a.id).collect();
    assert_eq!(listed, ids);
    let emails: HashSet<String> = mock.accounts().into_iter().map(|a| a.email).collect();
    assert_eq!(emails.len() as u64, before + 200, "generated emails are unique too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_idempotent_retries_create_once() {
    let mock = MockTelnyx::start().await;
    let before = mock.counts().accounts;
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let client = client.clone();
        let url = format!("{}/managed_accounts", mock.base_url());
        tasks.push(tokio::spawn(async move {
            let response = client
                .post(url)
                .bearer_auth("k")
                .header("idempotency-key", "same-key")
                .json(&json!({ "business_name": "Raced" }))
                .send()
                .await
                .unwrap();
            let body: serde_json::Value = response.json().await.unwrap();
            body["data"]["id"].as_str().unwrap().to_owned()
        }));
    }
    let mut ids = HashSet::new();
    for task in tasks {
        ids.insert(task.await.unwrap());
    }
    assert_eq!(ids.len(), 1);
    assert_eq!(mock.counts().accounts, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_disables_enables_and_limits_leave_a_consistent_state() {
    let mock = MockTelnyx::start().await;
    let accounts: Vec<String> = mock
        .accounts()
        .into_iter()
        .filter(|a| a.status == telnyx_mock::AccountStatus::Enabled)
        .map(|a| a.id)
        .take(10)
        .collect();
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for (i, id) in accounts.iter().enumerate() {
        for round in 0..10 {
            let client = client.clone();
            let base = mock.base_url();
            let id = id.clone();
            tasks.push(tokio::spawn(async move {
                let (method, path, body) = match round % 3 {
                    0 => (reqwest::Method::POST, format!("/managed_accounts/{id}/actions/disable"), json!({})),
                    1 => (reqwest::Method::POST, format!("/managed_accounts/{id}/actions/enable"), json!({})),
                    _ => (
                        reqwest::Method::PATCH,
                        format!("/managed_accounts/{id}/update_global_channel_limit"),
                        json!({ "channel_limit": i }),
                    ),
                };
                let response =
                    client.request(method, format!("{base}{path}")).bearer_auth("k").json(&body).send().await.unwrap();
                assert_eq!(response.status(), 200);
            }));
        }
    }
    for task in tasks {
        task.await.unwrap();
    }
    let allocated: i64 = mock
        .accounts()
        .iter()
        .filter(|a| a.status != telnyx_mock::AccountStatus::Cancelled)
        .map(|a| a.channel_limit)
        .sum();
    let reported = Api::new(&mock).get("/managed_accounts/allocatable_global_outbound_channels").await.json();
    assert_eq!(reported["data"]["total_global_channels_allocated"], allocated);
    assert_eq!(mock.counts().accounts, 36);
}
