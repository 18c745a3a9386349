//! Response decoding: any status and body decode to `Ok` or `Err` for every
//! envelope type, errors print as one line, and whatever decodes re-encodes
//! to something that decodes to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;
use telnyx_core::models::*;
use telnyx_core::response::{decode, decode_text, HttpResponse};

/// The first byte picks the status: mostly 200, sometimes an error status.
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

fuzz_target!(|data: &[u8]| {
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
});
