//! The integration tests of telnyx-client, linked as one test binary (one link
//! instead of one per file). Each file is a module named after it, so
//! `cargo test -p telnyx-client <file>::` runs one file's tests. A new file in
//! `tests/` is declared here; `make lint` fails on one that is not.

mod common;

mod failures;
mod from_env;
mod oauth;
mod pagination;
mod retries;
mod settings;
