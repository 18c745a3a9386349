//! Retries against a local server: what is retried, how often, how long the
//! client waits, and what it never repeats.

use crate::common;

use common::{account_json, builder, client, fast_policy, KEY};
use std::time::{Duration, Instant};
use telnyx_client::params::CreateManagedAccountParams;
use telnyx_client::{Error, ErrorKind};
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "f65ceda4-6522-4ad6-aede-98de83385123";

fn unavailable() -> ResponseTemplate {
    ResponseTemplate::new(503).set_body_json(serde_json::json!({"errors": [{"code": "10007", "title": "Unavailable"}]}))
}

fn account() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({ "data": account_json(ID) }))
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.map(|r| r.len()).unwrap_or(0)
}

#[tokio::test]
async fn a_503_is_retried_and_the_next_success_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/managed_accounts/{ID}")))
        .respond_with(unavailable())
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/managed_accounts/{ID}")))
        .respond_with(account())
        .mount(&server)
        .await;

    let account = client(&server.uri()).managed_accounts().retrieve(ID).await.unwrap();

    assert_eq!(account.data.id, ID);
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn retries_stop_after_max_retries_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(unavailable()).mount(&server).await;

    let err = client(&server.uri()).managed_accounts().retrieve(ID).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::InternalServer);
    assert_eq!(received(&server).await, 3, "one attempt and two retries");
}

#[tokio::test]
async fn max_retries_zero_sends_exactly_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(429)).mount(&server).await;

    let client = builder(&server.uri()).max_retries(0).build().unwrap();
    let err = client.managed_accounts().get_allocatable_global_outbound_channels().await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::RateLimit);
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_404_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(404)).mount(&server).await;

    let err = client(&server.uri()).managed_accounts().retrieve(ID).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_create_is_not_repeated_after_a_503_without_an_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(unavailable()).mount(&server).await;

    let err =
        client(&server.uri()).managed_accounts().create(CreateManagedAccountParams::new("Acme")).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::InternalServer);
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_create_is_retried_after_a_429_because_the_server_did_not_carry_it_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(429)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("POST")).respond_with(account()).mount(&server).await;

    let created =
        client(&server.uri()).managed_accounts().create(CreateManagedAccountParams::new("Acme")).await.unwrap();

    assert_eq!(created.data.id, ID);
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_create_with_an_idempotency_key_is_retried_with_the_same_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(unavailable()).up_to_n_times(2).mount(&server).await;
    Mock::given(method("POST")).and(header("idempotency-key", "order-1")).respond_with(account()).mount(&server).await;

    let created = client(&server.uri())
        .managed_accounts()
        .create_with_idempotency_key(CreateManagedAccountParams::new("Acme"), "order-1")
        .await
        .unwrap();

    assert_eq!(created.data.id, ID);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.headers.get("idempotency-key").unwrap(), "order-1");
        assert_eq!(request.body, br#"{"business_name":"Acme"}"#);
    }
}

#[tokio::test]
async fn a_bad_idempotency_key_is_rejected_before_sending() {
    let server = MockServer::start().await;

    let err = client(&server.uri())
        .managed_accounts()
        .create_with_idempotency_key(CreateManagedAccountParams::new("Acme"), "two words")
        .await
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(received(&server).await, 0);
}

#[tokio::test]
async fn retry_after_in_seconds_is_waited_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(account()).mount(&server).await;

    let started = Instant::now();
    client(&server.uri()).managed_accounts().retrieve(ID).await.unwrap();

    assert!(started.elapsed() >= Duration::from_millis(950), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_server_wait_past_the_cap_fails_at_once_with_the_requested_wait() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "120"))
        .mount(&server)
        .await;

    let started = Instant::now();
    let err = builder(&server.uri())
        .max_server_wait(Duration::from_secs(5))
        .build()
        .unwrap()
        .managed_accounts()
        .retrieve(ID)
        .await
        .unwrap_err();

    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(received(&server).await, 1);
    let Error::Api(api) = err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(api.kind, ErrorKind::RateLimit);
    assert_eq!(api.retry_after_ms, Some(120_000));
    assert!(api.to_string().contains("server asked to wait 120 s"), "{api}");
}

#[tokio::test]
async fn x_should_retry_false_stops_a_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("x-should-retry", "false"))
        .mount(&server)
        .await;

    client(&server.uri()).managed_accounts().retrieve(ID).await.unwrap_err();

    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn every_attempt_carries_the_key_and_the_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(unavailable()).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header_exists("user-agent"))
        .respond_with(account())
        .mount(&server)
        .await;

    let client = builder(&server.uri()).retry_policy(fast_policy(1)).build().unwrap();
    client.managed_accounts().retrieve(ID).await.unwrap();

    for request in server.received_requests().await.unwrap() {
        assert_eq!(request.headers.get("authorization").unwrap(), &format!("Bearer {KEY}"));
        assert!(request.headers.get("user-agent").unwrap().to_str().unwrap().starts_with("telnyx-wasm/"));
    }
}
