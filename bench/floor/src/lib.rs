//! The floor of row 5′ in `make bench`: what one request costs when it is
//! made and awaited from Rust through the product's named packages, with none
//! of the SDK's own work (no options, no params, no engine, no logging).
//!
//! - [`retrieve`]: an exported `async fn` (wasm-bindgen-futures) that awaits
//!   `fetch` and the body's `text()` and parses it with `JSON.parse`. The
//!   least any wasm client built on these packages pays per request.
//! - [`retrieve_guarded`]: the same, plus what every attempt of telnyx-wasm
//!   (and of the official SDK) asks of the platform: an `AbortController`
//!   whose `abort` a `setTimeout` calls, and a `Headers` of four headers.
//!
//! The bench runs both beside bare `fetch`, the official SDK and telnyx-wasm,
//! alternating in one process, so that the distance from the floor to
//! telnyx-wasm is the SDK's own work, measured in the same run.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Response};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = fetch)]
    fn platform_fetch(url: &str, init: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn parse_json(text: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// `fetch(url)`, its body read and parsed: resolves with the parsed body.
#[wasm_bindgen]
pub async fn retrieve(url: String) -> Result<JsValue, JsValue> {
    read(platform_fetch(&url, &Object::new())?).await
}

/// [`retrieve`] with an attempt's platform work: the `AbortController`, the
/// timer that would abort it after `timeout_ms`, and the request's `Headers`.
#[wasm_bindgen(js_name = retrieveGuarded)]
pub async fn retrieve_guarded(url: String, authorization: String, timeout_ms: f64) -> Result<JsValue, JsValue> {
    let controller = AbortController::new()?;
    let abort = Reflect::get(&controller, &"abort".into())?.dyn_into::<Function>()?.bind0(&controller);
    let timer = set_timeout(&abort, timeout_ms);
    let headers = Headers::new()?;
    for (name, value) in [
        ("accept", "application/json"),
        ("authorization", authorization.as_str()),
        ("user-agent", "telnyx-bench-floor"),
        ("x-stainless-retry-count", "0"),
    ] {
        headers.append(name, value)?;
    }
    let init = Object::new();
    Reflect::set(&init, &"method".into(), &"GET".into())?;
    Reflect::set(&init, &"headers".into(), &headers)?;
    Reflect::set(&init, &"signal".into(), &controller.signal())?;
    let body = read(platform_fetch(&url, &init)?).await;
    clear_timeout(&timer);
    body
}

async fn read(response: Promise) -> Result<JsValue, JsValue> {
    let response: Response = JsFuture::from(response).await?.dyn_into()?;
    let text = JsFuture::from(response.text()?).await?;
    parse_json(&text)
}
