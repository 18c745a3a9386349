//! Errors in Telnyx's format, the headers every answer carries, and hostile
//! requests that must get a 4xx (or a closed connection) and never stop the server.

use crate::common;

use common::*;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_missing_or_empty_bearer_token_is_401_in_telnyx_format() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock).without_key();
    let reply = api.get("/managed_accounts").await;
    assert_eq!(reply.status, 401);
    let error = reply.error();
    assert_eq!(error["code"], "10009");
    assert_eq!(error["meta"]["url"], "https://developers.telnyx.com/docs/overview/errors/10009");
    for value in ["Bearer ", "Bearer", "Basic dXNlcjpwYXNz", "", "KEY123"] {
        let reply = api.send_with("GET", "/managed_accounts", None, &[("authorization", value)]).await;
        assert_eq!(reply.status, 401, "authorization: {value:?}");
    }
    assert!(mock.requests().iter().all(|r| r.status == 401));
}

#[tokio::test]
async fn with_a_configured_key_only_that_key_is_accepted() {
    let mock = MockTelnyx::builder().api_key("KEY_RIGHT").start().await;
    let wrong = Api::new(&mock).with_key("KEY_WRONG").get("/managed_accounts").await;
    assert_eq!(wrong.status, 401);
    assert!(!wrong.text.contains("KEY_WRONG"), "the key never echoes back");
    assert_eq!(Api::new(&mock).with_key("KEY_RIGHT").get("/managed_accounts").await.status, 200);
    let logged = &mock.requests()[0];
    assert_eq!(logged.headers["authorization"], "Bearer [redacted]");
}

#[tokio::test]
async fn every_answer_carries_a_unique_request_id_and_rate_limit_headers() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let mut seen = std::collections::HashSet::new();
    for reply in [
        api.get("/managed_accounts").await,
        api.get("/managed_accounts/nope").await,
        api.get("/nowhere").await,
        api.without_key().get("/managed_accounts").await,
    ] {
        let id = reply.header("x-request-id").expect("x-request-id").to_owned();
        assert!(seen.insert(id), "request ids repeat");
        for name in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"] {
            let value = reply.header(name).unwrap_or_else(|| panic!("{name} missing"));
            value.parse::<u64>().unwrap_or_else(|_| panic!("{name} is not a number: {value}"));
        }
    }
    let api = Api::new(&mock);
    let first: u64 = api.get("/managed_accounts").await.header("x-ratelimit-remaining").unwrap().parse().unwrap();
    let second: u64 = api.get("/managed_accounts").await.header("x-ratelimit-remaining").unwrap().parse().unwrap();
    assert_eq!(second, first - 1);
}

#[tokio::test]
async fn an_enforced_rate_limit_answers_429_with_retry_after() {
    let mock = MockTelnyx::builder().rate_limit(3, Duration::from_secs(60)).start().await;
    let api = Api::new(&mock);
    for _ in 0..3 {
        assert_eq!(api.get("/managed_accounts").await.status, 200);
    }
    let limited = api.get("/managed_accounts").await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.error()["code"], "10011");
    assert_eq!(limited.header("x-ratelimit-remaining"), Some("0"));
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405_naming_method_and_path() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let unknown = api.get("/managed_accounts/abc/actions/explode").await;
    assert_eq!(unknown.status, 404);
    let detail = unknown.error()["detail"].as_str().unwrap().to_owned();
    assert!(detail.contains("GET") && detail.contains("/v2/managed_accounts/abc/actions/explode"), "{detail}");

    for method in ["DELETE", "PUT", "PURGE", "FOO"] {
        let reply = api.send(method, "/managed_accounts", None).await;
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, POST"));
        assert!(reply.error()["detail"].as_str().unwrap().contains(method));
    }
    assert_eq!(api.send("FOO", "/not/a/route", None).await.status, 404);
    let head = api.send("HEAD", "/managed_accounts", None).await;
    assert_eq!(head.status, 200, "HEAD is served like GET");
    assert!(head.text.is_empty());
}

#[tokio::test]
async fn malformed_json_and_invalid_utf8_bodies_are_400() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let json_type = [("content-type", "application/json")];
    for body in [
        &b"{"[..],
        b"{\"business_name\": }",
        b"nul",
        b"{\"business_name\":\"a\"}}",
        b"\xff\xfe\xfd",
        b"{\"business_name\":\"\xc3\x28\"}",
    ] {
        let reply = api.raw("POST", "/managed_accounts", body.to_vec(), &json_type).await;
        assert_eq!(reply.status, 400, "{:?}: {}", String::from_utf8_lossy(body), reply.text);
        assert_eq!(reply.error()["code"], "10015");
    }
    let deep = "[".repeat(200_000);
    assert_eq!(
        api.raw("PATCH", &format!("/managed_accounts/{}", mock.accounts()[0].id), deep.into_bytes(), &json_type)
            .await
            .status,
        400
    );
    assert_eq!(mock.counts().accounts, 36, "nothing was created");
}

#[tokio::test]
async fn bodies_past_the_limit_are_413_even_at_10_mb() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let just_over = vec![b' '; 1024 * 1024 + 1];
    assert_eq!(
        api.raw("POST", "/managed_accounts", just_over, &[("content-type", "application/json")]).await.status,
        413
    );
    let mut ten_mb = br#"{"business_name":""#.to_vec();
    ten_mb.extend(vec![b'a'; 10 * 1024 * 1024]);
    ten_mb.extend(br#""}"#);
    let reply = api.raw("POST", "/managed_accounts", ten_mb, &[("content-type", "application/json")]).await;
    assert_eq!(reply.status, 413);
    assert!(reply.error()["detail"].as_str().unwrap().contains("1048576"));
    let logged = mock.requests().pop().unwrap();
    assert_eq!(logged.body_bytes, 10 * 1024 * 1024 + 20);
    assert!(logged.body.unwrap().len() <= 64 * 1024, "the log keeps a bounded slice of each body");
    assert_eq!(api.get("/managed_accounts").await.status, 200);
}

#[tokio::test]
async fn a_body_that_is_not_json_by_content_type_is_415() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
        let reply = api
            .raw("POST", "/managed_accounts", br#"{"business_name":"x"}"#.to_vec(), &[("content-type", content_type)])
            .await;
        assert_eq!(reply.status, 415, "{content_type}");
    }
    let no_type = api.raw("POST", "/managed_accounts", br#"{"business_name":"No Type"}"#.to_vec(), &[]).await;
    assert_eq!(no_type.status, 200, "a JSON body without a content type is read as JSON");
}

#[tokio::test]
async fn absurd_query_values_get_4xx_or_are_ignored_never_a_5xx() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let long = "x".repeat(20_000);
    for query in [
        "page[number]=-99999999999999999999".to_owned(),
        "page[size]=NaN".to_owned(),
        "page[size]=Infinity".to_owned(),
        "page[size]=1e3".to_owned(),
        "page[size]=%00".to_owned(),
        "sort=%F0%9F%92%A9".to_owned(),
        "sort=%ZZ".to_owned(),
        "filter[email][contains]=%E2%80%AE%E2%80%AE%E2%80%AE".to_owned(),
        format!("filter[email][contains]={long}"),
        format!("unknown_{long}=1"),
        "filter[status][eq]=__proto__".to_owned(),
        "include_cancelled_accounts=".to_owned(),
        "&&&&==&=".to_owned(),
        "filter[email][contains]=%2e%2e%2f%2e%2e".to_owned(),
    ] {
        let reply = api.get(&format!("/managed_accounts?{query}")).await;
        assert!(reply.status < 500, "{}: {}", &query[..query.len().min(60)], reply.status);
        if reply.status >= 400 {
            reply.error();
        }
    }
    assert_eq!(api.get("/managed_accounts").await.status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_raw_requests_never_stop_the_server() {
    let mock = MockTelnyx::start().await;
    let address = mock.address();
    let cases: Vec<(&[u8], bool)> = vec![
        (b"GET 127.0.0.1:80 HTTP/1.1\r\nHost: x\r\n\r\n", false),
        (b"CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: x\r\n\r\n", false),
        (b"GET * HTTP/1.1\r\nHost: x\r\n\r\n", false),
        (b"\x00\x01\x02 garbage \xff\r\n\r\n", false),
        (b"GET /v2/managed_accounts/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n", false),
        (b"POST /v2/managed_accounts HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"busi", true),
        (b"POST /v2/managed_accounts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", true),
        (
            b"POST /v2/managed_accounts HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
            false,
        ),
        (b"GET /v2/managed_accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\r\n\r\n", false),
        (b"GET /v2/managed_accounts HTTP/9.9\r\n\r\n", false),
        (&[b'A'; 100_000], true),
    ];
    for (bytes, close_write) in cases {
        assert_4xx_or_no_answer(address, bytes, close_write).await;
        // The server is still there, and still right.
        let reply = Api::new(&mock).get("/managed_accounts?page[size]=1").await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.json()["meta"]["total_results"], 33);
    }
}

#[tokio::test]
async fn odd_path_segments_are_404_not_a_different_route() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    for path in [
        "/managed_accounts/",
        "/managed_accounts/%2F",
        "/managed_accounts/%00",
        "/managed_accounts/%FF",
        "/v2/v2/managed_accounts",
    ] {
        let reply = api.get(path).await;
        assert_eq!(reply.status, 404, "{path}");
        reply.error();
    }
    let created = api
        .post("/managed_accounts", json!({ "business_name": "Unicode ✓ Ünïcödé 🚀", "email": "uni@example.com" }))
        .await;
    assert_eq!(created.status, 200);
    assert_eq!(created.json()["data"]["organization_name"], "Unicode ✓ Ünïcödé 🚀");
}
