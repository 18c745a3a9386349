//! Error-body parsing: any body gives a list (empty for non-Telnyx bodies),
//! and the message built from it is one bounded line for any status and
//! request id.
//!
//! The check itself lives in crates/telnyx-core/tests/fuzz_checks, where the
//! test suite replays the seeds and every saved finding through it.
#![no_main]

// Each target uses one check of the shared module.
#[allow(dead_code)]
#[path = "../../crates/telnyx-core/tests/fuzz_checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::error_body(data));
