//! Response decoding: any status and body decode to `Ok` or `Err` for every
//! envelope type, errors print as one line, and whatever decodes re-encodes
//! to something that decodes to the same value.
//!
//! The check itself lives in crates/telnyx-core/tests/fuzz_checks, where the
//! test suite replays the seeds and every saved finding through it.
#![no_main]

// Each target uses one check of the shared module.
#[allow(dead_code)]
#[path = "../../crates/telnyx-core/tests/fuzz_checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::decode_response(data));
