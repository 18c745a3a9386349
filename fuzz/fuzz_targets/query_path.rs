//! Query and path encoding: any text as an id is rejected or becomes one safe
//! path segment that decodes back to it; any text in a filter is rejected or
//! encoded so that it decodes back exactly; enum and page inputs never panic.
//!
//! The check itself lives in crates/telnyx-core/tests/fuzz_checks, where the
//! test suite replays the seeds and every saved finding through it.
#![no_main]

// Each target uses one check of the shared module.
#[allow(dead_code)]
#[path = "../../crates/telnyx-core/tests/fuzz_checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::query_path(data));
