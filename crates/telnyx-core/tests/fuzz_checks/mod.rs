//! The invariants the fuzz targets check, shared by `fuzz/fuzz_targets/*.rs`
//! and by `tests/fuzz_regressions.rs`, which replays the seeds and every saved
//! finding through them on each `cargo test`. A check panics when an
//! invariant breaks: that is how libFuzzer and the test harness notice.

use percent_encoding::percent_decode_str;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;
use telnyx_core::csv_report::{self, GroupsReportRow};
use telnyx_core::input::{FromInput, Input};
use telnyx_core::models::*;
use telnyx_core::params::*;
use telnyx_core::response::{api_error, decode, decode_text, parse_error_body, HttpResponse};
use telnyx_core::validate::path_id;
use telnyx_core::{operations, ApiError, ClientConfig};

/// The names of the checks, which are also the fuzz targets' names.
pub const TARGETS: [&str; 4] = ["decode_response", "error_body", "csv_report", "query_path"];

/// Runs the check of the named target.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "decode_response" => decode_response(data),
        "error_body" => error_body(data),
        "csv_report" => csv_report(data),
        "query_path" => query_path(data),
        other => panic!("no fuzz target named {other}"),
    }
}

/// Response decoding: any status and body decode to `Ok` or `Err` for every
/// envelope type, errors print as one line, and whatever decodes re-encodes
/// to something that decodes to the same value.
pub fn decode_response(data: &[u8]) {
    // The first byte picks the status: mostly 200, sometimes an error status.
    const STATUSES: [u16; 8] = [200, 200, 200, 200, 201, 400, 429, 503];

    fn check<T: DeserializeOwned + Serialize + PartialEq + Debug>(response: &HttpResponse) {
        match decode::<T>(response) {
            Ok(value) => {
                let bytes = serde_json::to_vec(&value).expect("a decoded model encodes");
                let again: T = serde_json::from_slice(&bytes).expect("an encoded model decodes");
                assert_eq!(again, value, "decode(encode(x)) != x for {}", String::from_utf8_lossy(&bytes));
            }
            Err(err) => {
                let text = err.to_string();
                assert!(!text.contains('\n'), "multi-line error: {text}");
            }
        }
    }

    let (status, body) = match data.split_first() {
        Some((first, rest)) => (STATUSES[usize::from(*first) % STATUSES.len()], rest),
        None => (200, data),
    };
    let response = HttpResponse { status, headers: vec![("x-request-id".into(), "fuzz".into())], body: body.to_vec() };
    check::<Envelope<ManagedAccount>>(&response);
    check::<ListEnvelope<ManagedAccountListItem>>(&response);
    check::<Envelope<ManagedAccountsGlobalOutboundChannels>>(&response);
    check::<Envelope<SingleManagedAccountGlobalOutboundChannels>>(&response);
    check::<ListEnvelope<OrganizationUser>>(&response);
    check::<Envelope<OrganizationUser>>(&response);
    check::<GroupsReport>(&response);
    check::<ErrorBody>(&response);
    let _ = decode_text(&response);
}

/// Error-body parsing: any body gives a list (empty for non-Telnyx bodies),
/// and the message built from it is one bounded line for any status and
/// request id.
pub fn error_body(data: &[u8]) {
    let errors = parse_error_body(data);
    // The status, the request id and the server's wait come from the input too.
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
}

/// CSV report parsing: any text parses to `Ok` or `Err`, and rows that parse
/// survive a write and a second parse unchanged.
pub fn csv_report(data: &[u8]) {
    fn as_user(row: &GroupsReportRow) -> OrganizationUserWithGroups {
        OrganizationUserWithGroups {
            id: row.id.clone(),
            record_type: "organization_sub_user".into(),
            email: row.email.clone(),
            user_status: row.user_status.clone(),
            created_at: row.created_at.clone(),
            groups: row
                .groups
                .iter()
                .map(|name| UserGroupReference { id: String::new(), name: name.clone() })
                .collect(),
            last_sign_in_at: Some(row.last_sign_in_at.clone()),
            organization_user_bypasses_sso: None,
        }
    }

    let Ok(text) = std::str::from_utf8(data) else { return };
    for text in [text.to_owned(), format!("id,email,user_status,created_at,last_sign_in_at,groups\n{text}")] {
        if let Ok(rows) = csv_report::parse(&text) {
            let users: Vec<OrganizationUserWithGroups> = rows.iter().map(as_user).collect();
            let written = csv_report::write(&users);
            let again = csv_report::parse(&written).expect("the writer's output parses");
            assert_eq!(again, rows, "rows changed through write and parse:\n{written}");
        }
    }
}

fn is_safe(encoded: &str) -> bool {
    encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"%-_.~".contains(&b))
}

fn percent_decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8().expect("encoded text is UTF-8").into_owned()
}

/// The decoded `(key, value)` pairs of a request's query.
fn query_pairs(path_and_query: &str) -> Vec<(String, String)> {
    let Some((_, query)) = path_and_query.split_once('?') else { return vec![] };
    query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("key=value");
            assert!(is_safe(k) && is_safe(v), "unencoded byte in {pair}");
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// Query and path encoding: any text as an id is rejected or becomes one safe
/// path segment that decodes back to it; any text in a filter is rejected or
/// encoded so that it decodes back exactly; enum and page inputs never panic.
pub fn query_path(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();

    if let Ok(encoded) = path_id("id", &text) {
        assert!(is_safe(&encoded), "unsafe path segment {encoded}");
        assert!(encoded != "." && encoded != "..", "dot segment {encoded}");
        assert_eq!(percent_decode(&encoded), text);
        for (spec, expected) in [
            (operations::retrieve_managed_account(&text), format!("/managed_accounts/{encoded}")),
            (operations::disable_managed_account(&text), format!("/managed_accounts/{encoded}/actions/disable")),
            (operations::remove_organization_user(&text), format!("/organizations/users/{encoded}/actions/remove")),
        ] {
            let url = ClientConfig::default().http_request(&spec.expect("a valid id"), &[]).url;
            assert_eq!(url, format!("https://api.telnyx.com/v2{expected}"));
        }
    }

    let params = ListManagedAccountsParams {
        filter: ManagedAccountsFilter {
            email: Some(TextFilter { contains: Some(text.clone()), eq: Some(text.clone()) }),
            organization_name: Some(TextFilter { contains: Some(text.clone()), eq: None }),
            status: None,
        },
        ..Default::default()
    };
    if let Ok(spec) = operations::list_managed_accounts(&params) {
        let values: Vec<String> = query_pairs(&spec.path_and_query).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [text.clone(), text.clone(), text.clone()]);
    }
    let users = ListOrganizationUsersParams { filter_email: Some(text.clone()), ..Default::default() };
    if let Ok(spec) = operations::list_organization_users(&users) {
        assert_eq!(query_pairs(&spec.path_and_query), [("filter[email]".to_owned(), text.clone())]);
    }

    // The same text as loosely typed input, in every enum and number slot.
    let number = data.get(..8).and_then(|b| b.try_into().ok()).map(f64::from_le_bytes);
    for (key, value) in [
        ("sort", Input::Text(text.clone())),
        ("filter[user_status]", Input::Text(text.clone())),
        ("page[number]", Input::Number(number.unwrap_or(1.0))),
        ("page[size]", Input::Number(number.unwrap_or(1.0))),
        ("page", Input::Object(vec![(text.clone(), Input::Number(number.unwrap_or(0.0)))])),
        (text.as_str(), Input::Bool(true)),
    ] {
        let input = Input::Object(vec![(key.to_owned(), value)]);
        if let Ok(params) = ListManagedAccountsParams::from_input("", &input) {
            operations::list_managed_accounts(&params).expect("accepted params build a request");
        }
        if let Ok(params) = ListOrganizationUsersParams::from_input("", &input) {
            operations::list_organization_users(&params).expect("accepted params build a request");
        }
    }
}
