//! telnyx-client (being built).
