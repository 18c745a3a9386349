//! Error-body parsing: any body gives a list (empty for non-Telnyx bodies),
//! and the message built from it is one bounded line for any status and
//! request id.
#![no_main]

use libfuzzer_sys::fuzz_target;
use telnyx_core::response::{api_error, parse_error_body, HttpResponse};
use telnyx_core::ApiError;

fuzz_target!(|data: &[u8]| {
    let errors = parse_error_body(data);
    // The status and the request id come from the input too.
    let status = data.first().map_or(500, |b| 400 + u16::from(*b) % 200);
    let request_id = data.get(1..).map(|rest| String::from_utf8_lossy(&rest[..rest.len().min(64)]).into_owned());
    let mut err = ApiError::new(status, errors.clone(), request_id);
    err.retry_after_ms = data.get(2).map(|b| u64::from(*b) * 1_000);
    let message = err.to_string();
    assert!(!message.contains(['\n', '\r']), "multi-line message: {message:?}");
    // Status, reason, title and detail (300 each at most), code, pointer, count and id.
    assert!(message.chars().count() <= 1_600, "message of {} characters", message.chars().count());
    let response = HttpResponse { status, headers: vec![], body: data.to_vec() };
    assert_eq!(api_error(&response).errors, errors);
});
