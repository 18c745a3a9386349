//! CSV report parsing: any text parses to `Ok` or `Err`, and rows that parse
//! survive a write and a second parse unchanged.
//!
//! The check itself lives in crates/telnyx-core/tests/fuzz_checks, where the
//! test suite replays the seeds and every saved finding through it.
#![no_main]

// Each target uses one check of the shared module.
#[allow(dead_code)]
#[path = "../../crates/telnyx-core/tests/fuzz_checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::csv_report(data));
