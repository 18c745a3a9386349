//! The integration tests of telnyx-mock, linked as one test binary (one link
//! instead of one per file). Each file is a module named after it, so
//! `cargo test -p telnyx-mock <file>::` runs one file's tests. A new file in
//! `tests/` is declared here; `make lint` fails on one that is not.

mod common;

mod admin_idempotency_cors;
mod binary;
mod concurrency;
mod differential;
mod engine_hostile_input;
mod errors_and_hostile_input;
mod faults;
mod idempotency_contract;
mod managed_accounts;
mod oauth;
mod organization_users;
mod snapshots_and_scenarios;
mod standalone_engine;
