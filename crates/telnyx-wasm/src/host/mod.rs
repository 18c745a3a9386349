//! The host side of a call: the engine's [`Transport`](telnyx_core::engine::Transport)
//! over the JavaScript platform, one small file per primitive.
//!
//! - [`abort`]: the caller's `AbortSignal`, watched without a closure;
//! - [`timer`]: `setTimeout` as an abortable sleep;
//! - [`fetch`]: one attempt (the JS layer's `attempt` sends it through a
//!   guarded `fetch` and reads the body within the attempt's timeout; what
//!   happened is decided here);
//! - [`reply`]: the response as the engine reads it, the body left in JS.
//!
//! Every import that can run caller code or reject is a `catch` import, and
//! every rejection value is taken as it comes: nothing a caller's `fetch`,
//! signal or response does can trap the module.

pub mod abort;
pub mod fetch;
pub mod reply;
pub mod timer;

use telnyx_core::engine::{SendError, Transport};
use telnyx_core::log::LogLevel;
use telnyx_core::HttpRequest;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// The platform, as one call of one client sees it.
pub struct Host<'a> {
    /// client.js's `attempt`: one attempt's platform work.
    pub attempt: &'a fetch::AttemptFn,
    /// The caller's `fetch` option; the platform's `fetch` when `None`.
    pub fetch: Option<&'a js_sys::Function>,
    pub signal: Option<abort::Signal>,
    /// What the last failed attempt rejected with, for the error's `cause`.
    pub cause: std::cell::RefCell<JsValue>,
    /// The `logger` option (`console` by default): an object with `error`,
    /// `warn`, `info` and `debug` methods.
    pub logger: &'a JsValue,
    /// `fetchOptions` of the client and of the call (`undefined` when not
    /// given): the `RequestInit` every attempt starts from, the call's winning.
    pub fetch_options: [JsValue; 2],
}

impl Transport for Host<'_> {
    type Reply = reply::JsReply;

    async fn send(
        &self,
        request: &HttpRequest,
        _retries_so_far: u32,
        timeout_ms: u64,
    ) -> Result<Self::Reply, SendError> {
        fetch::attempt(self, request, timeout_ms).await
    }

    async fn sleep(&self, ms: u64) -> Result<(), SendError> {
        timer::sleep(ms, self.signal.as_ref()).await
    }

    fn now_unix_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    /// Calls `logger[level](line)`; a logger that is missing a method or throws is ignored.
    fn log(&self, level: LogLevel, line: &str) {
        let method = crate::convert::get(self.logger, &JsValue::from_str(level.as_str()));
        if let Ok(method) = method.and_then(|m| m.dyn_into::<js_sys::Function>()) {
            let _ = method.call1(self.logger, &JsValue::from_str(line));
        }
    }
}
