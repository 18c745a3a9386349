//! The engine's scenario table (tests/scenarios/engine.json) against the
//! native client. tests/npm/node/scenarios.test.mjs runs the same table
//! against the npm package: both clients run telnyx-core's one call engine,
//! and both must give exactly the outcomes the table names.

use serde_json::{json, Value};
use std::time::Duration;
use telnyx_client::params::{CreateManagedAccountParams, ListManagedAccountsParams};
use telnyx_client::{Error, Operation, RetryPolicy};
use telnyx_contract_tests::{AccountStatus, Contract};

fn table() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios/engine.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{path}: {err}"));
    let table: Value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{path}: {err}"));
    table["scenarios"].as_array().cloned().unwrap_or_default()
}

/// The method and path a call kind's faults are aimed at, and its operation.
fn target(call: &str) -> (&'static str, &'static str, Operation) {
    match call {
        "retrieve" => ("GET", "/managed_accounts/{id}", Operation::RetrieveManagedAccount),
        "list" => ("GET", "/managed_accounts", Operation::ListManagedAccounts),
        "create" | "createKeyed" => ("POST", "/managed_accounts", Operation::CreateManagedAccount),
        other => panic!("unknown call kind {other}"),
    }
}

/// What the scenario's call ended with, in the table's terms.
fn outcome(result: Result<(), Error>, attempts: usize) -> Value {
    match result {
        Ok(()) => json!({ "ok": true, "attempts": attempts }),
        Err(error) => {
            let mut out = json!({ "class": error.kind().class_name(), "attempts": attempts, "outcomeUnknown": false });
            match &error {
                Error::Api(api) => {
                    out["status"] = json!(api.status);
                    out["outcomeUnknown"] = json!(api.outcome_unknown);
                    if let Some(ms) = api.retry_after_ms {
                        out["retryAfterMs"] = json!(ms);
                    }
                }
                Error::Decode { status, .. } => out["status"] = json!(status),
                Error::Connection { outcome_unknown, .. } | Error::Timeout { outcome_unknown, .. } => {
                    out["outcomeUnknown"] = json!(outcome_unknown)
                }
                _ => {}
            }
            out
        }
    }
}

#[tokio::test]
async fn every_scenario_of_the_engine_table_gives_its_outcome_on_the_native_client() {
    let scenarios = table();
    assert!(scenarios.len() >= 15, "the table lost its scenarios");
    let http = reqwest::Client::new();
    for (index, scenario) in scenarios.iter().enumerate() {
        let name = scenario["name"].as_str().unwrap_or_default();
        let call = scenario["call"].as_str().unwrap_or_default();
        let (method, path, operation) = target(call);
        let contract = Contract::start().await;
        for fault in scenario["faults"].as_array().into_iter().flatten() {
            let mut fault = fault.clone();
            fault["method"] = json!(method);
            fault["path"] = json!(path);
            let posted = http.post(format!("{}/__admin/faults", contract.mock.uri())).json(&fault).send().await;
            assert!(posted.is_ok_and(|r| r.status().is_success()), "{name}: the fault was not added");
        }
        let client = contract.client_with(|builder| {
            let mut builder = builder.retry_policy(RetryPolicy {
                max_retries: scenario["maxRetries"].as_u64().map_or(2, |n| n as u32),
                ..RetryPolicy::default()
            });
            if let Some(ms) = scenario["timeout"].as_u64() {
                builder = builder.timeout(Duration::from_millis(ms));
            }
            builder
        });
        let accounts = client.managed_accounts();
        let result = match call {
            "retrieve" => {
                let id = contract.account_with_status(AccountStatus::Enabled).id;
                accounts.retrieve(&id).await.map(drop)
            }
            "list" => accounts.list(ListManagedAccountsParams::default()).await.map(drop),
            "create" => accounts.create(CreateManagedAccountParams::new(format!("Scenario {index}"))).await.map(drop),
            _ => accounts
                .create_with_idempotency_key(
                    CreateManagedAccountParams::new(format!("Scenario {index}")),
                    &format!("scenario-{index}"),
                )
                .await
                .map(drop),
        };
        let got = outcome(result, contract.attempts(operation));
        // Faulted answers are not the spec's: they are what this test is about.
        contract.take_responses();
        assert_eq!(got, scenario["expect"], "{name}");
    }
}
