//! Error mapping: status to kind and class, Telnyx error bodies, and the
//! one-line message.

use crate::common;

use serde_json::Value;
use telnyx_core::error::reason_phrase;
use telnyx_core::models::{ApiErrorObject, ErrorBody, ErrorMeta, ErrorSource};
use telnyx_core::response::{api_error, errors_from_body, parse_error_body, HttpResponse};
use telnyx_core::{ApiError, Error, ErrorKind, ValidationError};

/// The official SDK's table, written out independently of the code under test.
fn expected_kind(status: u16) -> ErrorKind {
    if status >= 500 {
        return ErrorKind::InternalServer;
    }
    match status {
        400 => ErrorKind::BadRequest,
        401 => ErrorKind::Authentication,
        403 => ErrorKind::PermissionDenied,
        404 => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        422 => ErrorKind::UnprocessableEntity,
        429 => ErrorKind::RateLimit,
        _ => ErrorKind::Api,
    }
}

fn entry(code: &str, title: &str, detail: &str) -> ApiErrorObject {
    ApiErrorObject {
        code: Some(code.into()),
        title: Some(title.into()),
        detail: Some(detail.into()),
        source: None,
        meta: None,
    }
}

#[test]
fn every_status_maps_to_the_official_sdk_error_kind() {
    for status in 0..=u16::MAX {
        assert_eq!(ErrorKind::from_status(status), expected_kind(status), "status {status}");
    }
}

#[test]
fn every_kind_has_the_official_sdk_class_name() {
    for (kind, class) in [
        (ErrorKind::BadRequest, "BadRequestError"),
        (ErrorKind::Authentication, "AuthenticationError"),
        (ErrorKind::PermissionDenied, "PermissionDeniedError"),
        (ErrorKind::NotFound, "NotFoundError"),
        (ErrorKind::Conflict, "ConflictError"),
        (ErrorKind::UnprocessableEntity, "UnprocessableEntityError"),
        (ErrorKind::RateLimit, "RateLimitError"),
        (ErrorKind::InternalServer, "InternalServerError"),
        (ErrorKind::Api, "APIError"),
        (ErrorKind::Connection, "APIConnectionError"),
        (ErrorKind::Timeout, "APIConnectionTimeoutError"),
        (ErrorKind::UserAbort, "APIUserAbortError"),
        (ErrorKind::Validation, "ValidationError"),
        (ErrorKind::Decode, "APIError"),
    ] {
        assert_eq!(kind.class_name(), class, "{kind:?}");
    }
}

#[test]
fn the_class_of_each_status_the_api_uses_is_the_official_one() {
    for (status, class) in [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (408, "APIError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (502, "InternalServerError"),
        (503, "InternalServerError"),
        (504, "InternalServerError"),
        (599, "InternalServerError"),
        (302, "APIError"),
        (418, "APIError"),
    ] {
        let err = api_error(&HttpResponse { status, headers: vec![], body: vec![] });
        assert_eq!((err.status, err.kind.class_name()), (status, class));
        assert_eq!(Error::Api(err).kind().class_name(), class);
    }
}

#[test]
fn every_error_example_in_the_spec_parses_into_its_errors() {
    let mut seen = 0;
    for (name, response) in common::spec()["components"]["responses"].as_object().unwrap() {
        let Some(examples) = response.pointer("/content/application~1json/examples").and_then(Value::as_object) else {
            continue;
        };
        for example in examples.values() {
            seen += 1;
            let value = &example["value"];
            let errors = parse_error_body(&serde_json::to_vec(value).unwrap());
            assert_eq!(errors.len(), 1, "{name}");
            let wire = &value["errors"][0];
            assert_eq!(errors[0].code.as_deref(), wire["code"].as_str(), "{name}");
            assert_eq!(errors[0].title.as_deref(), wire["title"].as_str(), "{name}");
            assert_eq!(errors[0].detail.as_deref(), wire["detail"].as_str(), "{name}");
            assert_eq!(errors[0].meta.as_ref().and_then(|m| m.url.as_deref()), wire["meta"]["url"].as_str(), "{name}");
            assert_eq!(
                errors[0].source.as_ref().and_then(|s| s.pointer.as_deref()),
                wire["source"]["pointer"].as_str(),
                "{name}"
            );
        }
    }
    assert_eq!(seen, 4, "401, 400, 404 and 403 examples");
}

#[test]
fn the_spec_401_example_reads_as_an_authentication_error_with_a_clear_message() {
    let example = &common::spec()["components"]["responses"]["UnauthenticatedResponse"]["content"]["application/json"]
        ["examples"]["Authentication Failed"]["value"];
    let response = HttpResponse {
        status: 401,
        headers: vec![("X-Request-ID".into(), "a1b2".into())],
        body: serde_json::to_vec(example).unwrap(),
    };
    let err = api_error(&response);
    assert_eq!(err.kind, ErrorKind::Authentication);
    assert_eq!(err.request_id.as_deref(), Some("a1b2"));
    assert_eq!(
        err.to_string(),
        "401 Unauthorized: Authentication failed: Could not understand the provided credentials. (code 10009; request id a1b2)"
    );
}

#[test]
fn detail_or_description_are_both_read_as_the_detail() {
    let detail = parse_error_body(br#"{"errors":[{"title":"Bad","detail":"from detail"}]}"#);
    assert_eq!(detail[0].detail.as_deref(), Some("from detail"));
    let description = parse_error_body(br#"{"errors":[{"title":"Bad","description":"from description"}]}"#);
    assert_eq!(description[0].detail.as_deref(), Some("from description"));
}

#[test]
fn an_error_with_both_detail_and_description_keeps_the_detail() {
    let errors = parse_error_body(br#"{"errors":[{"code":"10015","description":"short","detail":"the detail"}]}"#);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].detail.as_deref(), Some("the detail"));
    assert_eq!(errors[0].code.as_deref(), Some("10015"));
}

#[test]
fn numeric_and_string_codes_are_both_read_as_strings() {
    for (body, code) in [
        (r#"{"errors":[{"code":"10009"}]}"#, Some("10009")),
        (r#"{"errors":[{"code":10009}]}"#, Some("10009")),
        (r#"{"errors":[{"code":-4}]}"#, Some("-4")),
        (r#"{"errors":[{"code":1.5}]}"#, Some("1.5")),
        (r#"{"errors":[{"code":null}]}"#, None),
        (r#"{"errors":[{}]}"#, None),
    ] {
        let errors = parse_error_body(body.as_bytes());
        assert_eq!(errors.len(), 1, "{body}");
        assert_eq!(errors[0].code.as_deref(), code, "{body}");
    }
}

#[test]
fn source_parameter_and_meta_url_are_read() {
    let errors = parse_error_body(
        br#"{"errors":[{"source":{"parameter":"page[size]"},"meta":{"url":"https://developers.telnyx.com/x","extra":1}}]}"#,
    );
    assert_eq!(
        errors[0],
        ApiErrorObject {
            source: Some(ErrorSource { pointer: None, parameter: Some("page[size]".into()) }),
            meta: Some(ErrorMeta { url: Some("https://developers.telnyx.com/x".into()) }),
            ..Default::default()
        }
    );
}

#[test]
fn garbage_bodies_give_an_empty_error_list() {
    for body in [
        &b""[..],
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        b"Internal Server Error",
        b"null",
        b"[]",
        b"\"errors\"",
        b"{}",
        b"{\"errors\":null}",
        b"{\"errors\":{}}",
        b"{\"errors\":\"boom\"}",
        b"{\"errors\":[1,2]}",
        b"{\"errors\":[",
        b"\xff\xfe\x00",
        b"{\"message\":\"not telnyx\"}",
    ] {
        assert_eq!(parse_error_body(body), vec![], "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn several_errors_are_all_kept_in_order() {
    let errors = parse_error_body(br#"{"errors":[{"code":"1"},{"code":"2"},{"code":"3"}]}"#);
    assert_eq!(errors.iter().map(|e| e.code.as_deref().unwrap()).collect::<Vec<_>>(), ["1", "2", "3"]);
    let body = ErrorBody { errors: errors.clone() };
    assert_eq!(errors_from_body(body), errors);
}

#[test]
fn the_message_carries_status_title_detail_code_pointer_and_request_id() {
    let mut first = entry("10015", "Invalid value", "page[size] must be at most 250");
    first.source = Some(ErrorSource { pointer: Some("/page/size".into()), parameter: Some("page[size]".into()) });
    let err = ApiError::new(400, vec![first], Some("req-42".into()));
    assert_eq!(
        err.message(),
        "400 Bad Request: Invalid value: page[size] must be at most 250 (code 10015, at /page/size; request id req-42)"
    );
    assert_eq!(err.to_string(), err.message());
}

#[test]
fn the_message_names_the_query_parameter_when_there_is_no_pointer() {
    let mut first = ApiErrorObject { title: Some("Bad".into()), ..Default::default() };
    first.source = Some(ErrorSource { pointer: None, parameter: Some("filter[email]".into()) });
    assert_eq!(ApiError::new(400, vec![first], None).message(), "400 Bad Request: Bad (parameter filter[email])");
}

#[test]
fn a_detail_that_repeats_the_title_is_said_once() {
    let err =
        ApiError::new(404, vec![entry("10005", "Resource not found", "Resource not found: no such account")], None);
    assert_eq!(err.message(), "404 Not Found: Resource not found: no such account (code 10005)");
}

#[test]
fn the_message_counts_the_errors_it_does_not_show() {
    let err = ApiError::new(422, vec![entry("1", "A", "a"), entry("2", "B", "b"), entry("3", "C", "c")], None);
    assert_eq!(err.message(), "422 Unprocessable Entity: A: a (code 1, and 2 more)");
}

#[test]
fn a_status_without_errors_or_reason_is_just_the_status() {
    assert_eq!(ApiError::new(418, vec![], None).message(), "418");
    assert_eq!(ApiError::new(500, vec![], Some("r".into())).message(), "500 Internal Server Error (request id r)");
    assert_eq!(ApiError::new(500, vec![ApiErrorObject::default()], None).message(), "500 Internal Server Error");
}

#[test]
fn a_rate_limit_not_waited_out_says_how_long_the_server_asked_for() {
    let mut err = ApiError::new(429, vec![], Some("r9".into()));
    err.retry_after_ms = Some(3_600_000);
    assert_eq!(err.message(), "429 Too Many Requests (server asked to wait 3600 s; request id r9)");
    err.retry_after_ms = Some(1_001);
    assert_eq!(err.message(), "429 Too Many Requests (server asked to wait 2 s; request id r9)");
}

#[test]
fn the_message_is_one_line_and_bounded_whatever_the_server_sends() {
    let detail = format!("line one\nline two\r\n\ttabbed {}", "x".repeat(5_000));
    let err = ApiError::new(400, vec![entry("1\n2", "Title\n", &detail)], Some("id\nwith newline".into()));
    let message = err.message();
    assert!(!message.contains(['\n', '\r', '\t']), "{message}");
    assert!(message.starts_with("400 Bad Request: Title: line one line two tabbed xxx"), "{message}");
    assert!(message.contains("…"));
    assert!(message.chars().count() < 400, "{}", message.chars().count());
    assert!(message.ends_with("(code 1 2; request id id with newline)"), "{message}");
}

#[test]
fn reason_phrases_cover_the_statuses_the_api_uses() {
    for (status, phrase) in [
        (400, "Bad Request"),
        (401, "Unauthorized"),
        (403, "Forbidden"),
        (404, "Not Found"),
        (408, "Request Timeout"),
        (409, "Conflict"),
        (422, "Unprocessable Entity"),
        (429, "Too Many Requests"),
        (500, "Internal Server Error"),
        (502, "Bad Gateway"),
        (503, "Service Unavailable"),
        (504, "Gateway Timeout"),
    ] {
        assert_eq!(reason_phrase(status), phrase);
    }
    assert_eq!(reason_phrase(299), "");
}

#[test]
fn the_request_id_header_is_found_in_any_case() {
    for name in ["x-request-id", "X-Request-Id", "X-REQUEST-ID"] {
        let response = HttpResponse { status: 404, headers: vec![(name.into(), "rid".into())], body: vec![] };
        assert_eq!(api_error(&response).request_id.as_deref(), Some("rid"));
    }
}

#[test]
fn every_error_variant_has_its_kind_and_a_one_line_message() {
    let cases: Vec<(Error, ErrorKind, &str)> = vec![
        (
            Error::Validation(ValidationError::new("id", "must not be empty")),
            ErrorKind::Validation,
            "Invalid `id`: must not be empty",
        ),
        (Error::Api(ApiError::new(409, vec![], None)), ErrorKind::Conflict, "409 Conflict"),
        (
            Error::Decode { status: 200, message: "expected value\nat line 1".into(), request_id: Some("r1".into()) },
            ErrorKind::Decode,
            "200 response could not be read: expected value at line 1 (request id r1)",
        ),
        (
            Error::Connection { message: "connection reset by peer".into(), outcome_unknown: false },
            ErrorKind::Connection,
            "Connection error: connection reset by peer.",
        ),
        (
            Error::Timeout { timeout_ms: 60_000, outcome_unknown: false },
            ErrorKind::Timeout,
            "Request timed out after 60000 ms.",
        ),
        (Error::UserAbort, ErrorKind::UserAbort, "Request was aborted."),
    ];
    for (err, kind, message) in cases {
        assert_eq!(err.kind(), kind);
        assert_eq!(err.to_string(), message);
    }
}

#[test]
fn an_unknown_outcome_tells_the_caller_what_to_do() {
    for err in [
        Error::Connection { message: "socket closed".into(), outcome_unknown: true },
        Error::Timeout { timeout_ms: 5_000, outcome_unknown: true },
    ] {
        let message = err.to_string();
        assert!(message.contains("may have been carried out"), "{message}");
        assert!(message.contains("Idempotency-Key"), "{message}");
        assert!(!message.contains('\n'));
    }
}

#[test]
fn validation_and_api_errors_convert_into_the_error_type() {
    let err: Error = ValidationError::new("id", "x").into();
    assert_eq!(err.kind(), ErrorKind::Validation);
    let err: Error = ApiError::new(401, vec![], None).into();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert_eq!(boxed.to_string(), "401 Unauthorized");
}
