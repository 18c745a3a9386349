//! `setTimeout`, awaited as a promise: the engine's sleep between attempts.

use super::abort::Signal;
use js_sys::{Array, Function, Promise};
use telnyx_core::engine::SendError;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    // Node returns a Timeout object, browsers a number: kept as a JsValue.
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(id: &JsValue);
}

/// Waits `ms`, or less when the caller aborts (then `Err(Aborted)`). The
/// timer is cleared either way, so an aborted wait keeps no process alive.
pub async fn sleep(ms: u64, signal: Option<&Signal>) -> Result<(), SendError> {
    if signal.is_some_and(Signal::is_aborted) {
        return Err(SendError::Aborted);
    }
    let mut timer = JsValue::UNDEFINED;
    let elapsed = Promise::new(&mut |resolve, _reject| timer = set_timeout(&resolve, ms as f64));
    let waited = match signal {
        Some(signal) => JsFuture::from(Promise::race(&Array::of2(&elapsed, signal.aborted()))).await,
        None => JsFuture::from(elapsed).await,
    };
    clear_timeout(&timer);
    match (waited, signal) {
        (Ok(_), Some(signal)) if signal.is_aborted() => Err(SendError::Aborted),
        (Ok(_), _) => Ok(()),
        (Err(_), _) => Err(SendError::Aborted),
    }
}
