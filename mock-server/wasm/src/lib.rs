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
    pub fn new(options: JsValue) -> Result<MockEngine, JsError> {
        let options = options.as_string().ok_or_else(|| JsError::new("telnyx-mock: options must be a JSON text"))?;
        let engine =
            EngineOptions::parse(&options).and_then(|o| o.engine()).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(MockEngine { engine })
    }

    /// Serves one request. `target` is the path with its query (`/v2/x?a=b`);
    /// `headers` an array alternating names and values; `body` a
    /// `Uint8Array`, a string or nothing; `now_ms` the time since the Unix
    /// epoch; ids and keys are drawn from `random` (a BigInt or a number).
    /// Answers `{status, headers: [[name, value]...], body: Uint8Array,
    /// delayMs, drop, requestId, note}`.
    ///
    /// Every argument is taken as a plain JS value and checked here: a wrong
    /// type is a thrown `TypeError`-like `Error`, and the engine stays usable
    /// (a conversion failing inside wasm-bindgen's glue would leave the
    /// engine borrowed, and every later call refused).
    pub fn handle(
        &mut self,
        method: JsValue,
        target: JsValue,
        headers: JsValue,
        body: JsValue,
        now_ms: JsValue,
        random: JsValue,
    ) -> Result<JsValue, JsError> {
        let method = method.as_string().ok_or_else(|| invalid("method must be a string"))?;
        let target = target.as_string().ok_or_else(|| invalid("target must be a string"))?;
        let headers = strings(&headers)?;
        let body = bytes(&body)?;
        let now_ms = now_ms.as_f64().ok_or_else(|| invalid("nowMs must be a number"))?;
        let random = draw(&random)?;
        let request = request(&method, &target, &headers, &body);
        let response = self.engine.handle(&request, clock(now_ms), random);
        Ok(to_js(&response))
    }
}

fn invalid(what: &str) -> JsError {
    JsError::new(&format!("telnyx-mock: handle(): {what}"))
}

fn strings(value: &JsValue) -> Result<Vec<String>, JsError> {
    if !Array::is_array(value) {
        return Err(invalid("headers must be an array of names and values"));
    }
    Array::from(value)
        .iter()
        .map(|item| item.as_string().ok_or_else(|| invalid("every header name and value must be a string")))
        .collect()
}

fn bytes(value: &JsValue) -> Result<Vec<u8>, JsError> {
    if value.is_undefined() || value.is_null() {
        Ok(Vec::new())
    } else if let Some(text) = value.as_string() {
        Ok(text.into_bytes())
    } else if value.is_instance_of::<Uint8Array>() {
        Ok(Uint8Array::from(value.clone()).to_vec())
    } else {
        Err(invalid("body must be a Uint8Array, a string or undefined"))
    }
}

fn draw(value: &JsValue) -> Result<u64, JsError> {
    if value.is_bigint() {
        // BigInt.asUintN(64, ...) keeps the low 64 bits of any BigInt.
        let low = js_sys::BigInt::as_uint_n(64.0, &js_sys::BigInt::from(value.clone()));
        return u64::try_from(low).map_err(|_| invalid("random must fit in 64 bits"));
    }
    match value.as_f64() {
        Some(n) if n.is_finite() => Ok(n.abs() as u64),
        _ => Err(invalid("random must be a BigInt or a finite number")),
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
