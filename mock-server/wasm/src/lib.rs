//! The telnyx-mock engine for JavaScript (the `telnyx-mock` npm package).
//!
//! [`MockEngine`] wraps [`telnyx_mock::engine::Engine`]: options in (the
//! program's flags in camelCase), one request in, one answer out. The host
//! (JavaScript) supplies the clock and the randomness and carries out the
//! answer's delay or dropped connection. Bad options are a thrown `Error`
//! with a message; no input makes the module trap.

mod options;

use js_sys::{Array, Object, Reflect, Uint8Array};
use telnyx_mock::engine::{Engine, Request, Response};
use wasm_bindgen::prelude::*;

pub use options::{EngineOptions, OptionsError};

/// One mock: its state, faults, request log and settings.
#[wasm_bindgen]
pub struct MockEngine {
    engine: Engine,
}

#[wasm_bindgen]
impl MockEngine {
    /// `options` is a JSON text: `{"accounts": 10000, "apiKey": "KEY", ...}`
    /// (see `EngineOptions`); `"{}"` is the default seed and settings.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str) -> Result<MockEngine, JsError> {
        let engine =
            EngineOptions::parse(options).and_then(|o| o.engine()).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(MockEngine { engine })
    }

    /// Serves one request. `target` is the path with its query (`/v2/x?a=b`);
    /// `headers` alternates names and values; `now_ms` is the time since
    /// the Unix epoch; ids and keys are drawn from `random`. Answers
    /// `{status, headers: [[name, value]...], body: Uint8Array, delayMs, drop, requestId, note}`.
    pub fn handle(
        &mut self,
        method: &str,
        target: &str,
        headers: Vec<String>,
        body: &[u8],
        now_ms: f64,
        random: u64,
    ) -> JsValue {
        let request = request(method, target, &headers, body);
        let response = self.engine.handle(&request, clock(now_ms), random);
        to_js(&response)
    }
}

/// The engine's request; a header that is not valid HTTP is left out (as a
/// socket adapter could not have received it).
pub fn request(method: &str, target: &str, headers: &[String], body: &[u8]) -> Request {
    let mut request = Request::new(method, target);
    for pair in headers.chunks_exact(2) {
        request = request.header(&pair[0], &pair[1]);
    }
    request.body(body)
}

/// Milliseconds from JavaScript (a float, maybe NaN or negative) as engine time.
fn clock(now_ms: f64) -> u64 {
    if now_ms.is_finite() && now_ms > 0.0 {
        now_ms as u64
    } else {
        0
    }
}

fn to_js(response: &Response) -> JsValue {
    let headers = Array::new();
    for (name, value) in &response.headers {
        let value = String::from_utf8_lossy(value.as_bytes());
        headers.push(&Array::of2(&JsValue::from_str(name.as_str()), &JsValue::from_str(&value)));
    }
    let delay_ms = response.delay.map(|d| d.as_millis() as f64).unwrap_or(0.0);
    let object = Object::new();
    let set = |key: &str, value: &JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    };
    set("status", &JsValue::from(response.status));
    set("headers", &headers);
    set("body", &Uint8Array::from(response.body.as_slice()));
    set("delayMs", &JsValue::from(delay_ms));
    set("drop", &JsValue::from(response.drop_connection));
    set("requestId", &JsValue::from_str(&response.request_id));
    set("note", &JsValue::from_str(&response.note));
    object.into()
}
