//! One attempt: the request sent through a guarded `fetch`, the whole body
//! read (through gloo-net's `Response`), all within the attempt's timeout.
//!
//! The attempt has its own `AbortController`, aborted (without a reason, so
//! its reason is always an `AbortError`) by the timeout or by the caller's
//! signal. The platform's `fetch` honours it for the response and its body;
//! a caller's `fetch` may not, so its promises are raced against it.
//!
//! gloo-net's own `send()` and `text()` are not used: they turn a rejection
//! that is not an `Error` (a `fetch` that rejects with a string, as a patched
//! or custom one may) into `unreachable!`, a trap, and keep only its name and
//! message. Here `fetch` and `text()` are `catch` imports and the rejection is
//! kept whole, as the error's `cause`.

use super::abort::Signal;
use super::reply::JsReply;
use super::timer::{clear_timeout, set_timeout};
use super::Host;
use crate::convert::{field, get};
use js_sys::{Array, Function, Object, Promise, Reflect};
use telnyx_core::engine::SendError;
use telnyx_core::HttpRequest;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Response};

#[wasm_bindgen]
extern "C" {
    // The platform's `fetch`, looked up when called (a test may have replaced it).
    #[wasm_bindgen(catch, js_name = fetch)]
    fn platform_fetch(url: &str, init: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = assign)]
    fn assign(target: &Object, source: &JsValue) -> Result<Object, JsValue>;
    /// A `Response` whose `text()` may throw (a caller's fetch made it).
    type Readable;
    #[wasm_bindgen(catch, method, js_name = text)]
    fn text(this: &Readable) -> Result<Promise, JsValue>;
    type Bindable;
    #[wasm_bindgen(method, js_name = bind)]
    fn bind(this: &Bindable, this_arg: &JsValue, first: &JsValue) -> Function;
    #[wasm_bindgen(catch, js_name = String)]
    fn to_js_string(value: &JsValue) -> Result<js_sys::JsString, JsValue>;
}

/// Failures that prove the request never reached a server, so repeating even a create is safe.
const NOT_SENT: [&str; 3] = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"];

/// The property names every attempt sets, made into JS strings once per
/// module instead of once per attempt.
struct Keys {
    abort: JsValue,
    method: JsValue,
    headers: JsValue,
    body: JsValue,
    signal: JsValue,
}

thread_local! {
    static KEYS: Keys = Keys {
        abort: "abort".into(),
        method: "method".into(),
        headers: "headers".into(),
        body: "body".into(),
        signal: "signal".into(),
    };
}

pub async fn attempt(host: &Host<'_>, request: &HttpRequest, timeout_ms: u64) -> Result<JsReply, SendError> {
    let caller = host.signal.as_ref();
    if caller.is_some_and(Signal::is_aborted) {
        return Err(SendError::Aborted);
    }
    let controller = AbortController::new().map_err(|_| connection("AbortController is not available", false))?;
    let ours = controller.signal();
    let abort = abort_function(&controller).ok_or_else(|| connection("AbortController.abort is missing", false))?;
    let timer = set_timeout(&abort, timeout_ms as f64);
    if let Some(caller) = caller {
        caller.on_abort(&abort);
    }
    let outcome = exchange(host, request, &ours).await;
    clear_timeout(&timer);
    if let Some(caller) = caller {
        caller.off_abort(&abort);
    }
    outcome.map_err(|cause| {
        if caller.is_some_and(Signal::is_aborted) {
            SendError::Aborted
        } else if ours.aborted() {
            SendError::Timeout
        } else {
            let failure = describe(&cause);
            host.cause.replace(cause);
            failure
        }
    })
}

/// `controller.abort`, bound so that it aborts without a reason whatever it is
/// called with (an event listener passes the event).
fn abort_function(controller: &AbortController) -> Option<Function> {
    let abort = KEYS.with(|keys| get(controller, &keys.abort)).ok()?.dyn_into::<Function>().ok()?;
    Some(abort.unchecked_ref::<Bindable>().bind(controller, &JsValue::UNDEFINED))
}

async fn exchange(host: &Host<'_>, request: &HttpRequest, signal: &AbortSignal) -> Result<JsReply, JsValue> {
    // The official SDK's shape: `fetch(url, { ...fetchOptions, method, headers, body, signal })`,
    // for the platform's fetch (so options like undici's `dispatcher` reach it) and a caller's alike.
    let init = Object::new();
    for options in host.fetch_options.iter().filter(|options| !options.is_undefined()) {
        assign(&init, options)?;
    }
    let headers = web_sys::Headers::new()?;
    for (name, value) in &request.headers {
        headers.append(name, value)?;
    }
    KEYS.with(|keys| {
        Reflect::set(&init, &keys.method, &request.method.as_str().into())?;
        Reflect::set(&init, &keys.headers, &headers)?;
        if let Some(body) = &request.body {
            Reflect::set(&init, &keys.body, &JsValue::from_str(body))?;
        }
        Reflect::set(&init, &keys.signal, signal)
    })?;
    let custom = host.fetch;
    let response = match custom {
        None => JsFuture::from(platform_fetch(&request.url, &init)?).await?,
        Some(fetch) => {
            let answer = fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(&request.url), &init)?;
            raced(Promise::resolve(&answer), signal).await?
        }
    };
    let response: Response =
        response.dyn_into().map_err(|other| JsValue::from(js_sys::TypeError::new(&not_a_response(&other))))?;
    let read_text = |response: &Response| response.unchecked_ref::<Readable>().text();
    let text = match custom {
        None => JsFuture::from(read_text(&response)?).await?,
        Some(_) => raced(read_text(&response)?, signal).await?,
    };
    if !text.is_string() {
        return Err(js_sys::TypeError::new("Response.text() did not give a string").into());
    }
    Ok(JsReply::new(response, text))
}

/// `promise`, or a rejection as soon as `signal` aborts, whichever comes first.
async fn raced(promise: Promise, signal: &AbortSignal) -> Result<JsValue, JsValue> {
    let aborted = Signal::watch(signal.clone());
    let value = JsFuture::from(Promise::race(&Array::of2(&promise, aborted.aborted()))).await?;
    if signal.aborted() {
        return Err(JsValue::UNDEFINED);
    }
    Ok(value)
}

fn not_a_response(value: &JsValue) -> String {
    let kind = if value.is_null() { "null".to_owned() } else { value.js_typeof().as_string().unwrap_or_default() };
    telnyx_core::text::cat(&["fetch resolved with ", &kind, ", not a Response"])
}

fn connection(message: &str, not_sent: bool) -> SendError {
    SendError::Connection { message: message.to_owned(), not_sent }
}

/// What a rejection says: the system error code where there is one
/// (`ECONNREFUSED`), else its message, else `fetch failed`.
fn describe(cause: &JsValue) -> SendError {
    let present = |value: &JsValue, key: &str| Some(field(value, key)).filter(|v| !v.is_undefined() && !v.is_null());
    let text = |value: Option<JsValue>| value.and_then(|v| to_js_string(&v).ok()).map(String::from);
    let inner = present(cause, "cause");
    let code = text(inner.as_ref().and_then(|inner| present(inner, "code")));
    let not_sent = code.as_deref().is_some_and(|code| NOT_SENT.contains(&code));
    let message = code
        .or_else(|| text(inner.as_ref().and_then(|inner| present(inner, "message"))))
        .or_else(|| text(present(cause, "message")))
        .or_else(|| cause.as_string())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "fetch failed".to_owned());
    SendError::Connection { message, not_sent }
}
