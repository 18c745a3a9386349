//! telnyx-mock (being built).
