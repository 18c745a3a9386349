//! telnyx-wasm (being built).
