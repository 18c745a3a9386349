//! telnyx-contract-tests (being built).
