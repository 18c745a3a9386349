//! The integration tests of telnyx-contract-tests, linked as one test binary (one link
//! instead of one per file). Each file is a module named after it, so
//! `cargo test -p telnyx-contract-tests <file>::` runs one file's tests. A new file in
//! `tests/` is declared here; `make lint` fails on one that is not.

mod create_managed_account;
mod disable_managed_account;
mod enable_managed_account;
mod engine_scenarios;
mod get_allocatable_global_outbound_channels;
mod get_groups_report;
mod list_managed_accounts;
mod list_organization_users;
mod readme_example;
mod remove_organization_user;
mod responses_match_the_spec;
mod retrieve_managed_account;
mod retrieve_organization_user;
mod update_global_channel_limit;
mod update_managed_account;
