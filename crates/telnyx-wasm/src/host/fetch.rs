//! One attempt: the JS layer's `attempt` function (client.js) does the
//! platform's part in one call (the attempt's `AbortController`, aborted by
//! its timer and by the caller's signal; the `Headers`; `fetch`; the body read
//! as text) and resolves with what happened. Every decision about it is made
//! here: an abort or a timeout, a connection failure and its message, whether
//! it proves the request was never sent, a value that is not a `Response`.
//!
//! One import per attempt: doing the same work from Rust took a dozen, each
//! crossing the boundary, and wasm-bindgen-futures' closures around each
//! awaited promise (~0.05 ms a request more than the same work in JS).

use super::abort::Signal;
use super::reply::JsReply;
use super::Host;
use crate::convert::field;
use js_sys::{Function, Promise};
use telnyx_core::engine::SendError;
use telnyx_core::HttpRequest;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

#[wasm_bindgen]
extern "C" {
    /// client.js's `attempt`, called with `this` undefined.
    pub type AttemptFn;
    #[wasm_bindgen(method, js_name = call)]
    #[allow(clippy::too_many_arguments)]
    fn run(
        this: &AttemptFn,
        this_arg: &JsValue,
        custom: Option<&Function>,
        url: &str,
        method: &str,
        header_lines: &str,
        body: Option<&str>,
        client_init: &JsValue,
        call_init: &JsValue,
        timeout_ms: f64,
        caller_signal: &JsValue,
    ) -> Promise;

    /// What `attempt` resolves with (a plain object it made).
    type Outcome;
    #[wasm_bindgen(method, getter)]
    fn failed(this: &Outcome) -> bool;
    #[wasm_bindgen(method, getter)]
    fn error(this: &Outcome) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn response(this: &Outcome) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn text(this: &Outcome) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn read(this: &Outcome) -> bool;
    #[wasm_bindgen(method, getter)]
    fn aborted(this: &Outcome) -> bool;

    #[wasm_bindgen(catch, js_name = String)]
    fn to_js_string(value: &JsValue) -> Result<js_sys::JsString, JsValue>;
}

/// Failures that prove the request never reached a server, so repeating even a create is safe.
const NOT_SENT: [&str; 3] = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"];

pub async fn attempt(host: &Host<'_>, request: &HttpRequest, timeout_ms: u64) -> Result<JsReply, SendError> {
    let caller = host.signal.as_ref();
    if caller.is_some_and(Signal::is_aborted) {
        return Err(SendError::Aborted);
    }
    // Names and values hold no control characters (checked when the request is built).
    let mut lines = String::new();
    for (name, value) in &request.headers {
        if !lines.is_empty() {
            lines.push('\n');
        }
        lines.push_str(name);
        lines.push('\n');
        lines.push_str(value);
    }
    let promise = host.attempt.run(
        &JsValue::UNDEFINED,
        host.fetch,
        &request.url,
        request.method.as_str(),
        &lines,
        request.body.as_deref(),
        &host.fetch_options[0],
        &host.fetch_options[1],
        timeout_ms as f64,
        caller.map_or(&JsValue::UNDEFINED, Signal::raw),
    );
    // `attempt` never rejects; were it to, the rejection is a failure like any other.
    let outcome: Outcome = match JsFuture::from(promise).await {
        Ok(outcome) => outcome.unchecked_into(),
        Err(cause) => return Err(failed(host, cause, false)),
    };
    if outcome.failed() {
        return Err(failed(host, outcome.error(), outcome.aborted()));
    }
    if !outcome.read() {
        let cause = js_sys::TypeError::new(&not_a_response(&outcome.response())).into();
        return Err(failed(host, cause, outcome.aborted()));
    }
    let text = outcome.text();
    if !text.is_string() {
        let cause = js_sys::TypeError::new("Response.text() did not give a string").into();
        return Err(failed(host, cause, outcome.aborted()));
    }
    Ok(JsReply::new(outcome.response().unchecked_into::<Response>(), text))
}

/// An attempt that failed with `cause`: the caller's abort, else the attempt's
/// own timeout (`timed_out`: its signal aborted), else a connection failure.
fn failed(host: &Host<'_>, cause: JsValue, timed_out: bool) -> SendError {
    if host.signal.as_ref().is_some_and(Signal::is_aborted) {
        SendError::Aborted
    } else if timed_out {
        SendError::Timeout
    } else {
        let failure = describe(&cause);
        host.cause.replace(cause);
        failure
    }
}

fn not_a_response(value: &JsValue) -> String {
    let kind = if value.is_null() { "null".to_owned() } else { value.js_typeof().as_string().unwrap_or_default() };
    telnyx_core::text::cat(&["fetch resolved with ", &kind, ", not a Response"])
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
