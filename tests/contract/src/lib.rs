//! Contract tests of the Telnyx account-management endpoints: the native
//! client against telnyx-mock, every response the mock gives checked
//! against the OpenAPI spec.
//!
//! The tests live in `tests/`, one file per endpoint. This library holds
//! what they share: the spec validator.

pub mod spec;
