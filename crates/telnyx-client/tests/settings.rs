//! The builder's settings, secrets in debug output, the response hook, and
//! the two forms of the groups report.

use crate::common;

use common::{builder, client, KEY};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use telnyx_client::{Client, ErrorKind};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn the_api_key_never_shows_in_debug_output() {
    let client = builder("http://127.0.0.1:4010").default_header("x-custom-auth", "hidden-value").build().unwrap();
    let builder_debug = format!("{:?}", builder("http://127.0.0.1:4010"));
    let client_debug = format!("{client:?}");

    assert!(!client_debug.contains(KEY) && !builder_debug.contains(KEY), "{client_debug}\n{builder_debug}");
    assert!(!client_debug.contains("hidden-value"), "{client_debug}");
    assert!(client_debug.contains("x-custom-auth") && client_debug.contains("127.0.0.1:4010"));
}

#[test]
fn a_missing_or_blank_api_key_is_refused() {
    for result in [Client::builder().build(), Client::new("   "), Client::new("")] {
        let err = result.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation);
        assert!(err.to_string().starts_with("Invalid `api_key`: is required"), "{err}");
    }
}

#[test]
fn an_api_key_with_a_line_break_is_refused_without_echoing_it() {
    let err = Client::new("KEYabc\r\nx-evil: 1").unwrap_err();
    assert_eq!(err.to_string(), "Invalid `api_key`: contains characters that cannot be sent in a header");
}

#[test]
fn bad_settings_are_refused_by_name() {
    let cases = [
        (builder("not a url").build(), "base_url"),
        (builder("http://").build(), "base_url"),
        (builder("http://127.0.0.1").timeout(Duration::ZERO).build(), "timeout"),
        (builder("http://127.0.0.1").call_timeout(Duration::ZERO).build(), "call_timeout"),
        (builder("http://127.0.0.1").default_header("bad header", "v").build(), "default_header"),
        (builder("http://127.0.0.1").default_header("x-ok", "line\nbreak").build(), "default_header"),
    ];
    for (result, field) in cases {
        let err = result.unwrap_err();
        assert!(err.to_string().starts_with(&format!("Invalid `{field}`")), "{err}");
    }
}

#[test]
fn a_trailing_slash_on_the_base_url_is_dropped() {
    assert_eq!(builder("http://127.0.0.1:4010/v2/").build().unwrap().base_url(), "http://127.0.0.1:4010/v2");
}

#[tokio::test]
async fn a_default_header_is_sent_but_cannot_replace_authorization() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-team", "billing"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {}})))
        .expect(1)
        .mount(&server)
        .await;

    let client = builder(&server.uri())
        .default_header("X-Team", "billing")
        .default_header("Authorization", "Bearer someone-else")
        .build()
        .unwrap();
    client.managed_accounts().get_allocatable_global_outbound_channels().await.unwrap();
}

#[tokio::test]
async fn the_response_hook_sees_every_attempt_with_its_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(502)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"data":{"allocatable_global_outbound_channels":7}}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();

    let client = builder(&server.uri())
        .on_response(move |exchange| {
            log.lock().unwrap().push((exchange.attempt, exchange.status, exchange.body.to_vec()));
        })
        .build()
        .unwrap();
    let channels = client.managed_accounts().get_allocatable_global_outbound_channels().await.unwrap();

    assert_eq!(channels.data.allocatable_global_outbound_channels, Some(7));
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!((seen[0].0, seen[0].1), (1, 502));
    assert_eq!((seen[1].0, seen[1].1), (2, 200));
    assert_eq!(seen[1].2, br#"{"data":{"allocatable_global_outbound_channels":7}}"#);
}

#[tokio::test]
async fn an_api_error_message_carries_status_title_detail_code_and_pointer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(422).insert_header("x-request-id", "req-42").set_body_json(
            serde_json::json!({
                "errors": [{ "code": "10015", "title": "Invalid value", "detail": "business_name must be a string",
                             "source": { "pointer": "/business_name" } }]
            }),
        ))
        .mount(&server)
        .await;

    let params = telnyx_client::params::CreateManagedAccountParams::new("Acme");
    let err = client(&server.uri()).managed_accounts().create(params).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::UnprocessableEntity);
    assert_eq!(
        err.to_string(),
        "422 Unprocessable Entity: Invalid value: business_name must be a string (code 10015, at /business_name; request id req-42)"
    );
}

#[tokio::test]
async fn a_success_with_a_body_that_is_not_the_envelope_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string("<html>")).mount(&server).await;

    let err = client(&server.uri()).managed_accounts().retrieve("abc").await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Decode);
}

const CSV: &str = "id,email,user_status,created_at,last_sign_in_at,groups\n\
                   u1,a@example.com,enabled,2026-01-01T00:00:00Z,,\"Engineering, Sales\"\n";

#[tokio::test]
async fn the_groups_report_comes_as_csv_text_and_as_parsed_rows() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/users/users_groups_report"))
        .and(header("accept", "text/csv"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(CSV, "text/csv"))
        .expect(2)
        .mount(&server)
        .await;
    let users = client(&server.uri());
    let users = users.organizations().users();

    assert_eq!(users.get_groups_report_csv().await.unwrap(), CSV);
    let rows = users.get_groups_report_rows().await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].groups, ["Engineering", "Sales"]);
}

#[tokio::test]
async fn a_csv_report_without_an_id_column_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("email\na@example.com\n", "text/csv"))
        .mount(&server)
        .await;

    let err = client(&server.uri()).organizations().users().get_groups_report_rows().await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains("no `id` column"), "{err}");
}

#[test]
fn the_client_and_its_streams_can_cross_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    fn assert_send_unpin<T: Send + Unpin>() {}
    assert_send_sync::<Client>();
    assert_send_unpin::<telnyx_client::Items<telnyx_client::models::ManagedAccountListItem>>();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_and_streams_can_be_spawned_onto_other_threads() {
    use futures_util::TryStreamExt;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/managed_accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [common::list_item_json("a1")],
            "meta": { "page_number": 1, "total_pages": 1 },
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/managed_accounts/a1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "data": common::account_json("a1") })),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let retrieve = tokio::spawn({
        let client = client.clone();
        async move { client.managed_accounts().retrieve("a1").await.map(|a| a.data.id) }
    });
    let stream = tokio::spawn(async move {
        client.managed_accounts().list_all(Default::default()).map_ok(|a| a.id).try_collect::<Vec<_>>().await
    });

    assert_eq!(retrieve.await.unwrap().unwrap(), "a1");
    assert_eq!(stream.await.unwrap().unwrap(), ["a1"]);
}
