//! `POST /managed_accounts`: `client.managed_accounts().create(params)`,
//! and `create_with_idempotency_key`, the one call that is not safe to repeat
//! blindly.

use std::time::Duration;
use telnyx_client::params::{CreateManagedAccountParams, ListManagedAccountsParams, TextFilter};
use telnyx_client::{Error, ErrorKind, Operation, Secret};
use telnyx_contract_tests::{faults, raw_request, Contract, Fault, API_KEY};

const OP: Operation = Operation::CreateManagedAccount;

fn acme() -> CreateManagedAccountParams {
    CreateManagedAccountParams::new("Acme Widgets Ltd")
}

#[tokio::test]
async fn a_created_account_is_then_retrieved_and_listed() {
    let contract = Contract::start().await;
    let params = CreateManagedAccountParams {
        email: Some("widgets@acme.example.com".into()),
        managed_account_allow_custom_pricing: Some(true),
        rollup_billing: Some(false),
        ..acme()
    };

    let created = contract.client.managed_accounts().create(params).await.unwrap().data;
    let retrieved = contract.client.managed_accounts().retrieve(&created.id).await.unwrap().data;
    let mut by_email = ListManagedAccountsParams::default();
    by_email.filter.email = Some(TextFilter { contains: None, eq: Some("widgets@acme.example.com".into()) });
    let listed = contract.client.managed_accounts().list(by_email).await.unwrap();

    assert_eq!(created.email, "widgets@acme.example.com");
    assert_eq!(created.organization_name.as_deref(), Some("Acme Widgets Ltd"));
    assert_eq!(created.managed_account_allow_custom_pricing, Some(true));
    assert_eq!(created.rollup_billing, Some(false));
    assert_eq!(retrieved, created);
    assert_eq!(listed.data.len(), 1);
    assert_eq!(listed.data[0].id, created.id);
}

#[tokio::test]
async fn a_new_account_gets_a_uuid_fresh_credentials_and_iso_timestamps() {
    let contract = Contract::start().await;

    let first = contract.client.managed_accounts().create(acme()).await.unwrap().data;
    let second =
        contract.client.managed_accounts().create(CreateManagedAccountParams::new("Other Co")).await.unwrap().data;

    assert_eq!(first.record_type, "managed_account");
    assert!(is_uuid(&first.id), "{}", first.id);
    assert_ne!(first.id, second.id);
    assert!(!first.api_key.is_empty() && !first.api_token.is_empty());
    assert_ne!(first.api_key, second.api_key);
    assert_ne!(first.api_token, second.api_token);
    assert!(is_iso_8601(&first.created_at) && is_iso_8601(&first.updated_at), "{}", first.created_at);
    // The account's own secrets stay out of debug output.
    let debug = format!("{first:?}");
    assert!(!debug.contains(first.api_key.expose()) && !debug.contains(first.api_token.expose()), "{debug}");
}

#[tokio::test]
async fn the_request_body_carries_exactly_the_given_fields() {
    let contract = Contract::start().await;
    let params =
        CreateManagedAccountParams { password: Some(Secret::new("s3cret-pass")), rollup_billing: Some(true), ..acme() };

    contract.client.managed_accounts().create(params).await.unwrap();

    let request = &contract.requests_for(OP)[0];
    assert_eq!(request.path, "/v2/managed_accounts");
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.headers["authorization"], "Bearer [redacted]");
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "business_name": "Acme Widgets Ltd", "password": "s3cret-pass", "rollup_billing": true })
    );
}

#[tokio::test]
async fn a_blank_business_name_is_refused_before_anything_is_sent() {
    let contract = Contract::start().await;

    let err = contract.client.managed_accounts().create(CreateManagedAccountParams::new("  ")).await.unwrap_err();

    assert_eq!(err.to_string(), "Invalid `business_name`: is required and must not be blank");
    assert_eq!(contract.attempts(OP), 0);
}

#[tokio::test]
async fn an_invalid_email_is_a_422_pointing_at_the_email() {
    let contract = Contract::start().await;
    let params = CreateManagedAccountParams { email: Some("not-an-email".into()), ..acme() };
    let before = contract.mock.counts().accounts;

    let err = contract.client.managed_accounts().create(params).await.unwrap_err();

    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.kind, ErrorKind::UnprocessableEntity);
    assert_eq!(api.errors[0].source.as_ref().and_then(|s| s.pointer.as_deref()), Some("/email"));
    assert!(err.to_string().contains("at /email"), "{err}");
    assert_eq!(contract.mock.counts().accounts, before);
}

#[tokio::test]
async fn a_body_without_business_name_is_a_422_pointing_at_it() {
    let contract = Contract::start().await;

    let (status, body) =
        raw_request(&contract, OP, "POST", "/managed_accounts", Some(&format!("Bearer {API_KEY}")), Some("{}")).await;

    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["code"], "10004");
    assert_eq!(body["errors"][0]["source"]["pointer"], "/business_name");
}

#[tokio::test]
async fn malformed_json_is_a_400_in_telnyx_format() {
    let contract = Contract::start().await;

    let (status, body) = raw_request(
        &contract,
        OP,
        "POST",
        "/managed_accounts",
        Some(&format!("Bearer {API_KEY}")),
        Some(r#"{"business_name": "#),
    )
    .await;

    assert_eq!(status, 400);
    assert!(body["errors"][0]["detail"].as_str().unwrap_or("").contains("JSON"), "{body}");
}

#[tokio::test]
async fn a_request_without_a_bearer_token_is_a_401() {
    let contract = Contract::start().await;
    let before = contract.mock.counts().accounts;

    let (status, body) =
        raw_request(&contract, OP, "POST", "/managed_accounts", None, Some(r#"{"business_name":"A"}"#)).await;

    assert_eq!(status, 401);
    assert_eq!(body["errors"][0]["code"], "10009");
    assert_eq!(contract.mock.counts().accounts, before);
}

#[tokio::test]
async fn a_wrong_api_key_is_refused_with_an_authentication_error() {
    let contract = Contract::start().await;
    let client = contract.client_with(|b| b.api_key("KEY_NOT_THE_RIGHT_ONE"));

    let err = client.managed_accounts().create(acme()).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert!(!err.to_string().contains("KEY_NOT_THE_RIGHT_ONE"));
}

#[tokio::test]
async fn the_same_idempotency_key_replays_the_first_account_instead_of_creating_another() {
    let contract = Contract::start().await;
    let before = contract.mock.counts().accounts;

    let first = contract.client.managed_accounts().create_with_idempotency_key(acme(), "order-17").await.unwrap();
    let again = contract.client.managed_accounts().create_with_idempotency_key(acme(), "order-17").await.unwrap();
    let other = contract.client.managed_accounts().create_with_idempotency_key(acme(), "order-18").await.unwrap();

    assert_eq!(again.data, first.data);
    assert_ne!(other.data.id, first.data.id);
    assert_eq!(contract.mock.counts().accounts, before + 2);
    let replayed: Vec<bool> = contract.requests_for(OP).iter().map(|r| r.replayed).collect();
    assert_eq!(replayed, [false, true, false]);
}

#[tokio::test]
async fn an_idempotency_key_reused_for_a_different_body_is_a_422() {
    let contract = Contract::start().await;
    contract.client.managed_accounts().create_with_idempotency_key(acme(), "order-20").await.unwrap();

    let err = contract
        .client
        .managed_accounts()
        .create_with_idempotency_key(CreateManagedAccountParams::new("Someone Else"), "order-20")
        .await
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::UnprocessableEntity, "{err}");
}

#[tokio::test]
async fn a_503_without_an_idempotency_key_is_not_retried() {
    let contract = Contract::start().await;
    faults::add(&contract, OP, Fault::status(503));
    let before = contract.mock.counts().accounts;

    let err = contract.client.managed_accounts().create(acme()).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::InternalServer);
    assert_eq!(contract.attempts(OP), 1);
    assert_eq!(contract.mock.counts().accounts, before);
}

#[tokio::test]
async fn a_503_with_an_idempotency_key_is_retried_and_creates_one_account() {
    let contract = Contract::start().await;
    faults::add(&contract, OP, Fault::status(503).times(2));
    let before = contract.mock.counts().accounts;

    let created = contract.client.managed_accounts().create_with_idempotency_key(acme(), "order-30").await.unwrap();

    assert_eq!(contract.attempts(OP), 3);
    assert_eq!(contract.mock.counts().accounts, before + 1);
    assert!(contract.mock.account(&created.data.id).is_some());
}

#[tokio::test]
async fn a_429_is_retried_even_without_a_key_because_nothing_was_created() {
    let contract = Contract::start().await;
    faults::add(&contract, OP, Fault::status(429).header("retry-after-ms", "50"));
    let before = contract.mock.counts().accounts;

    contract.client.managed_accounts().create(acme()).await.unwrap();

    assert_eq!(contract.attempts(OP), 2);
    assert_eq!(contract.mock.counts().accounts, before + 1);
}

#[tokio::test]
async fn a_reply_lost_after_commit_without_a_key_is_reported_and_never_duplicated() {
    let contract = Contract::start().await;
    faults::add(&contract, OP, Fault::status(502).after_commit());
    let before = contract.mock.counts().accounts;

    let err = contract.client.managed_accounts().create(acme()).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::InternalServer);
    assert_eq!(contract.attempts(OP), 1);
    assert_eq!(contract.mock.counts().accounts, before + 1, "the create did happen, once");
}

#[tokio::test]
async fn a_reply_lost_after_commit_with_a_key_is_retried_into_the_same_account() {
    let contract = Contract::start().await;
    faults::add(&contract, OP, Fault::status(503).after_commit());
    let before = contract.mock.counts().accounts;

    let created = contract.client.managed_accounts().create_with_idempotency_key(acme(), "order-40").await.unwrap();

    assert_eq!(contract.mock.counts().accounts, before + 1);
    let newest = contract.mock.accounts().last().cloned().unwrap();
    assert_eq!(created.data.id, newest.id);
    let replayed: Vec<bool> = contract.requests_for(OP).iter().map(|r| r.replayed).collect();
    assert_eq!(replayed, [false, true]);
}

#[tokio::test]
async fn a_dropped_connection_after_commit_without_a_key_says_the_outcome_is_unknown() {
    let contract = Contract::start().await;
    faults::add(&contract, OP, Fault::drop_connection().after_commit());
    let before = contract.mock.counts().accounts;

    let err = contract.client.managed_accounts().create(acme()).await.unwrap_err();

    assert!(matches!(err, Error::Connection { outcome_unknown: true, .. }), "{err:?}");
    assert!(err.to_string().contains("Idempotency-Key"), "{err}");
    assert_eq!(contract.attempts(OP), 1);
    assert_eq!(contract.mock.counts().accounts, before + 1);
}

#[tokio::test]
async fn a_dropped_connection_after_commit_with_a_key_is_retried_into_the_same_account() {
    let contract = Contract::start().await;
    faults::add(&contract, OP, Fault::drop_connection().after_commit());
    let before = contract.mock.counts().accounts;

    let created = contract.client.managed_accounts().create_with_idempotency_key(acme(), "order-50").await.unwrap();

    assert_eq!(contract.mock.counts().accounts, before + 1);
    assert_eq!(created.data.id, contract.mock.accounts().last().unwrap().id);
    let statuses: Vec<u16> = contract.requests_for(OP).iter().map(|r| r.status).collect();
    assert_eq!(statuses, [0, 200]);
}

#[tokio::test]
async fn a_slow_create_times_out_and_is_not_repeated_without_a_key() {
    let contract = Contract::start().await;
    faults::add(&contract, OP, Fault::delay(Duration::from_secs(3)));
    let client = contract.client_with(|b| b.timeout(Duration::from_millis(300)));

    let err = client.managed_accounts().create(acme()).await.unwrap_err();

    assert_eq!(err, Error::Timeout { timeout_ms: 300, outcome_unknown: true });
    assert_eq!(contract.attempts(OP), 1);
}

#[tokio::test]
async fn a_slow_create_with_a_key_is_retried_and_replayed_as_one_account() {
    let contract = Contract::start().await;
    faults::add(&contract, OP, Fault::delay(Duration::from_secs(3)));
    let client = contract.client_with(|b| b.timeout(Duration::from_millis(300)));
    let before = contract.mock.counts().accounts;

    let created = client.managed_accounts().create_with_idempotency_key(acme(), "order-60").await.unwrap();

    assert_eq!(contract.mock.counts().accounts, before + 1);
    assert_eq!(created.data.id, contract.mock.accounts().last().unwrap().id);
    assert_eq!(contract.attempts(OP), 2);
}

#[tokio::test]
async fn persistent_500s_with_a_key_end_after_two_retries() {
    let contract = Contract::start().await;
    faults::add(&contract, OP, Fault::status(500).times(100));

    let err = contract.client.managed_accounts().create_with_idempotency_key(acme(), "order-70").await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::InternalServer);
    assert_eq!(contract.attempts(OP), 3);
}

#[tokio::test]
async fn connections_that_keep_dropping_end_in_a_connection_error_with_a_key() {
    let contract = Contract::start().await;
    faults::add(&contract, OP, Fault::drop_connection().times(100));

    let err = contract.client.managed_accounts().create_with_idempotency_key(acme(), "order-80").await.unwrap_err();

    assert!(matches!(err, Error::Connection { outcome_unknown: false, .. }), "{err:?}");
    assert_eq!(contract.attempts(OP), 3);
}

fn is_uuid(id: &str) -> bool {
    id.len() == 36
        && id
            .chars()
            .enumerate()
            .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
}

/// `YYYY-MM-DDTHH:MM:SS` with optional fraction and a zone.
fn is_iso_8601(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() >= 20
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && bytes[16] == b':'
        && (value.ends_with('Z') || value[19..].contains('+') || value[19..].contains('-'))
}
