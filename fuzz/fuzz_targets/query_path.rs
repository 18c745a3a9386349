//! Query and path encoding: any text as an id is rejected or becomes one safe
//! path segment that decodes back to it; any text in a filter is rejected or
//! encoded so that it decodes back exactly; enum and page inputs never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use percent_encoding::percent_decode_str;
use telnyx_core::input::{FromInput, Input};
use telnyx_core::params::*;
use telnyx_core::validate::path_id;
use telnyx_core::{operations, ClientConfig};

fn is_safe(encoded: &str) -> bool {
    encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"%-_.~".contains(&b))
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8().expect("encoded text is UTF-8").into_owned()
}

/// The decoded `(key, value)` pairs of a request's query.
fn pairs(path_and_query: &str) -> Vec<(String, String)> {
    let Some((_, query)) = path_and_query.split_once('?') else { return vec![] };
    query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("key=value");
            assert!(is_safe(k) && is_safe(v), "unencoded byte in {pair}");
            (decode(k), decode(v))
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();

    if let Ok(encoded) = path_id("id", &text) {
        assert!(is_safe(&encoded), "unsafe path segment {encoded}");
        assert!(encoded != "." && encoded != "..", "dot segment {encoded}");
        assert_eq!(decode(&encoded), text);
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
        let values: Vec<String> = pairs(&spec.path_and_query).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [text.clone(), text.clone(), text.clone()]);
    }
    let users = ListOrganizationUsersParams { filter_email: Some(text.clone()), ..Default::default() };
    if let Ok(spec) = operations::list_organization_users(&users) {
        assert_eq!(pairs(&spec.path_and_query), [("filter[email]".to_owned(), text.clone())]);
    }

    // The same text as loosely typed input, in every enum and number slot.
    let number = data.get(..8).map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")));
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
});
