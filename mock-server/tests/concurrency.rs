//! Concurrent writers never lose or duplicate a write.

use crate::common;

use common::*;
use serde_json::{json, Value};
use std::collections::HashSet;

/// Sends `n` creates at once, each from its own task: the i-th with `body(i)` and `headers`.
/// Returns each answer's status and JSON body, in the order they were sent.
async fn create_at_once(
    mock: &MockTelnyx,
    n: usize,
    headers: &'static [(&'static str, &'static str)],
    body: fn(usize) -> Value,
) -> Vec<(reqwest::StatusCode, Value)> {
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for i in 0..n {
        let mut request = client.post(format!("{}/managed_accounts", mock.base_url())).bearer_auth("k");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.json(&body(i));
        tasks.push(tokio::spawn(async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            (status, response.json().await.unwrap())
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

/// The id a create answered with.
fn id_of(body: &Value) -> String {
    body["data"]["id"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_creates_make_exactly_two_hundred_unique_accounts() {
    let mock = MockTelnyx::start().await;
    let before = mock.counts().accounts;
    let answers = create_at_once(&mock, 200, &[], |i| json!({ "business_name": format!("Concurrent {i}") })).await;
    let mut ids = HashSet::new();
    for (status, body) in &answers {
        assert_eq!(*status, 200);
        ids.insert(id_of(body));
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
    let answers =
        create_at_once(&mock, 50, &[("idempotency-key", "same-key")], |_| json!({ "business_name": "Raced" })).await;
    let ids: HashSet<String> = answers.iter().map(|(_, body)| id_of(body)).collect();
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
