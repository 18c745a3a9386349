//! Failures without a usable response: slow servers, stalled bodies and
//! dropped connections, and how the timeouts bound them.

use crate::common;

use common::{account_json, builder, client, fast_policy, Misbehaviour, RawServer};
use std::time::{Duration, Instant};
use telnyx_client::params::CreateManagedAccountParams;
use telnyx_client::{Error, ErrorKind};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "f65ceda4-6522-4ad6-aede-98de83385123";

#[tokio::test]
async fn a_body_that_stalls_half_way_times_out() {
    let server = RawServer::start(Misbehaviour::StallBody).await;
    let client = builder(&server.base_url).max_retries(0).timeout(Duration::from_millis(300)).build().unwrap();

    let started = Instant::now();
    let err = client.managed_accounts().retrieve(ID).await.unwrap_err();

    assert_eq!(err, Error::Timeout { timeout_ms: 300, outcome_unknown: false });
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn a_slow_answer_times_out_and_the_retry_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "data": account_json(ID) })))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).timeout(Duration::from_millis(300)).build().unwrap();

    let account = client.managed_accounts().retrieve(ID).await.unwrap();

    assert_eq!(account.data.id, ID);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_a_read_and_then_reported() {
    let server = RawServer::start(Misbehaviour::DropConnection).await;

    let err = client(&server.base_url).managed_accounts().retrieve(ID).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(matches!(err, Error::Connection { outcome_unknown: false, .. }), "{err:?}");
    assert_eq!(server.connections(), 3);
}

#[tokio::test]
async fn a_create_whose_connection_drops_is_not_repeated_and_says_the_outcome_is_unknown() {
    let server = RawServer::start(Misbehaviour::DropConnection).await;

    let err =
        client(&server.base_url).managed_accounts().create(CreateManagedAccountParams::new("Acme")).await.unwrap_err();

    assert!(matches!(err, Error::Connection { outcome_unknown: true, .. }), "{err:?}");
    assert!(err.to_string().contains("Idempotency-Key"), "{err}");
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_create_that_times_out_is_not_repeated() {
    let server = RawServer::start(Misbehaviour::StallBody).await;
    let client = builder(&server.base_url).timeout(Duration::from_millis(200)).build().unwrap();

    let err = client.managed_accounts().create(CreateManagedAccountParams::new("Acme")).await.unwrap_err();

    assert_eq!(err, Error::Timeout { timeout_ms: 200, outcome_unknown: true });
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn the_call_timeout_bounds_every_attempt_and_backoff_together() {
    let server = RawServer::start(Misbehaviour::StallBody).await;
    let client = builder(&server.base_url)
        .retry_policy(fast_policy(10))
        .timeout(Duration::from_millis(300))
        .call_timeout(Duration::from_millis(700))
        .build()
        .unwrap();

    let started = Instant::now();
    let err = client.managed_accounts().retrieve(ID).await.unwrap_err();
    let elapsed = started.elapsed();

    assert_eq!(err, Error::Timeout { timeout_ms: 700, outcome_unknown: false });
    assert!(elapsed >= Duration::from_millis(650) && elapsed < Duration::from_millis(1500), "took {elapsed:?}");
    assert!((2..=3).contains(&server.connections()), "{} attempts", server.connections());
}

#[tokio::test]
async fn nothing_listening_is_a_connection_error() {
    // Bind then drop a listener, so the port is (almost certainly) closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = builder(&format!("http://127.0.0.1:{port}")).max_retries(0).build().unwrap();

    let err = client.managed_accounts().retrieve(ID).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(err.to_string().starts_with("Connection error: "), "{err}");
}
