//! The integration tests of telnyx-core, linked as one test binary (one link
//! instead of one per file). Each file is a module named after it, so
//! `cargo test -p telnyx-core <file>::` runs one file's tests. A new file in
//! `tests/` is declared here; `make lint` fails on one that is not.

mod common;
mod fuzz_checks;

mod csv;
mod decoding;
mod errors;
mod fuzz_regressions;
mod input;
mod pagination;
mod properties;
mod requests;
mod retry;
mod secrets;
mod validation;
