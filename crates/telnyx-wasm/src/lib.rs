//! The `telnyx-wasm` npm package's binding: telnyx-core's call engine over
//! the JavaScript platform, exported as a promise API.
//!
//! [`Client`] holds the checked settings (the API key stays inside the
//! module, never on a JavaScript object). [`Client::call`] is an `async fn`:
//! wasm-bindgen-futures turns it into a promise that resolves with the
//! result and rejects with the error. Inside, the call is telnyx-core's
//! [`engine::call`](telnyx_core::engine::call), the same one the native
//! client runs; this crate supplies the [`host`] it runs on (one call of the
//! JS layer's `attempt` per attempt, gloo-net for reading the response,
//! timers, abort) and reads the caller's values strictly ([`options`]).
//!
//! What crosses back to JavaScript is structured (serde-wasm-bindgen's
//! serializer): a result `{ data, response, text, nextPage }`, or an error
//! `{ class, message, status, requestID, retryAfterMs, body, headers, cause }`
//! that the package's JS layer turns into an instance of the named class.
//! JSON text stays with the host (`JSON.parse`): no JSON parser is compiled in.

mod convert;
mod error_body;
mod host;
mod options;
#[cfg(feature = "proxy")]
mod proxy;

/// The operations, named at the boundary: JavaScript passes
/// `Operation.RetrieveManagedAccount`, not a number tied to the order of a list.
pub use telnyx_core::Operation;

use host::abort::Signal;
use host::reply::JsReply;
use host::Host;
use serde::Serialize;
use std::cell::RefCell;
use telnyx_core::engine::{self, CallSettings, Failed, Reply, Transport};
use telnyx_core::log::LogLevel;
use telnyx_core::{ClientConfig, Error, ValidationError};
use wasm_bindgen::prelude::*;

/// A configured client: base URL, key and default headers, timeouts and retries.
#[wasm_bindgen]
pub struct Client {
    attempt: host::fetch::AttemptFn,
    config: ClientConfig,
    settings: CallSettings,
    fetch: Option<js_sys::Function>,
    fetch_options: JsValue,
    logger: JsValue,
    public_key: Option<String>,
}

#[wasm_bindgen]
impl Client {
    /// Checks the client options (with the `TELNYX_*` environment defaults).
    /// `page_url` is the page's location in a browser (a relative `baseURL`
    /// resolves against it). Throws an error value (see the crate docs) for
    /// bad options. `attempt` is the JS layer's function that makes one
    /// attempt's platform work (client.js).
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue, page_url: &JsValue, attempt: JsValue) -> Result<Client, JsValue> {
        let checked = options::client(options, page_url).map_err(validation)?;
        let client = Client {
            attempt: attempt.unchecked_into(),
            config: checked.config,
            settings: checked.settings,
            fetch: checked.fetch,
            fetch_options: checked.fetch_options,
            logger: checked.logger,
            public_key: checked.public_key,
        };
        if let Some(value) = checked.bad_env_log_level {
            let line = telnyx_core::text::cat(&[
                "process.env['TELNYX_LOG'] was set to \"",
                &value,
                "\", expected one of off, error, warn, info, debug",
            ]);
            client.host(None, JsValue::UNDEFINED).log(LogLevel::Warn, &line);
        }
        Ok(client)
    }

    /// The public key (`publicKey` or `TELNYX_PUBLIC_KEY`), if any.
    #[wasm_bindgen(getter, js_name = publicKey)]
    pub fn public_key(&self) -> Option<String> {
        self.public_key.clone()
    }

    /// The OAuth client id, if any.
    #[wasm_bindgen(getter, js_name = clientID)]
    pub fn client_id(&self) -> Option<String> {
        self.config.oauth.as_ref().map(|oauth| oauth.client_id.clone())
    }

    /// The OAuth client secret, if any.
    #[wasm_bindgen(getter, js_name = clientSecret)]
    pub fn client_secret(&self) -> Option<String> {
        self.config.oauth.as_ref().map(|oauth| oauth.client_secret.expose().to_owned())
    }

    /// The log level: `off`, `error`, `warn`, `info` or `debug`.
    #[wasm_bindgen(getter, js_name = logLevel)]
    pub fn log_level(&self) -> String {
        self.settings.log_level.as_str().to_owned()
    }

    /// The logger lines go to.
    #[wasm_bindgen(getter)]
    pub fn logger(&self) -> JsValue {
        self.logger.clone()
    }

    /// The API key in use, if any.
    #[wasm_bindgen(getter, js_name = apiKey)]
    pub fn api_key(&self) -> Option<String> {
        self.config.api_key.as_ref().map(|key| key.expose().to_owned())
    }

    /// The API root requests go to.
    #[wasm_bindgen(getter, js_name = baseURL)]
    pub fn base_url(&self) -> String {
        self.config.base_url.clone()
    }

    /// The per-attempt timeout, in ms.
    #[wasm_bindgen(getter)]
    pub fn timeout(&self) -> f64 {
        self.settings.timeout_ms as f64
    }

    /// Retries after the first attempt.
    #[wasm_bindgen(getter, js_name = maxRetries)]
    pub fn max_retries(&self) -> u32 {
        self.settings.policy.max_retries
    }

    /// Runs one call of `operation` to its end. `page` > 0 asks a list for
    /// that page. Resolves with `{ data, response, text, nextPage }`, rejects
    /// with an error value.
    pub async fn call(
        &self,
        operation: Operation,
        id: JsValue,
        params: JsValue,
        options: JsValue,
        page: f64,
    ) -> Result<JsValue, JsValue> {
        let call = options::call(&options, &self.settings).map_err(validation)?;
        // The official SDK sends a request option's `query` or `body` in place of the params.
        let params = [&call.query, &call.body].into_iter().find(|v| !v.is_undefined()).unwrap_or(&params);
        let (spec, first_page) = options::request(operation, &id, params, page).map_err(validation)?;
        options::same_endpoint(&spec, &call).map_err(validation)?;
        let text_body = spec.accept == "text/csv";
        self.run(&spec, call).await.map(|reply| success(&reply, text_body, first_page))
    }

    /// A request to an endpoint the client does not wrap: the official SDK's
    /// `client.get/post/patch/put/delete(path, options)` and
    /// `client.request(options)`. The same retries, errors and logging as an
    /// operation; the answer is the parsed JSON body, or its text.
    pub async fn request(&self, method: JsValue, path: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let call = options::call(&options, &self.settings).map_err(validation)?;
        let spec = options::custom(&method, &path, &call).map_err(validation)?;
        self.run(&spec, call).await.map(|reply| {
            let data = if reply.json().is_undefined() { reply.text().clone() } else { reply.json().clone() };
            result(&reply, data, None)
        })
    }
}

impl Client {
    fn host(&self, signal: Option<web_sys::AbortSignal>, call_fetch_options: JsValue) -> Host<'_> {
        Host {
            attempt: &self.attempt,
            fetch: self.fetch.as_ref(),
            signal: signal.map(Signal::watch),
            cause: RefCell::default(),
            logger: &self.logger,
            fetch_options: [self.fetch_options.clone(), call_fetch_options],
        }
    }

    async fn run(&self, spec: &telnyx_core::RequestSpec, call: options::CallOptions) -> Result<JsReply, JsValue> {
        let host = self.host(call.signal, call.fetch_options);
        match engine::call(&host, &self.config, &call.settings, spec, &call.headers).await {
            Ok(reply) => Ok(reply),
            Err(failed) => Err(failure(failed, host.cause.into_inner()).into_js()),
        }
    }
}

/// A call's result, as JavaScript receives it.
#[derive(Serialize)]
struct Success {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    data: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    response: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    text: JsValue,
    /// For a list: the page to ask for next, when there is one.
    // f64, not u64: serde-wasm-bindgen's u64 path formats an error message for large values.
    #[serde(rename = "nextPage", skip_serializing_if = "Option::is_none")]
    next_page: Option<f64>,
}

fn success(reply: &JsReply, text_body: bool, first_page: u64) -> JsValue {
    let data = if text_body { reply.text().clone() } else { reply.json().clone() };
    let next_page = (first_page > 0).then(|| next_page(&data, first_page)).flatten().map(|n| n as f64);
    result(reply, data, next_page)
}

/// The result object of any call: its data, the response, the body's text.
fn result(reply: &JsReply, data: JsValue, next_page: Option<f64>) -> JsValue {
    let value = Success { data, response: reply.raw().into(), text: reply.text().clone(), next_page };
    serde_wasm_bindgen::to_value(&value).unwrap_or(JsValue::UNDEFINED)
}

/// The next page of a list page, decided by telnyx-core from its `data` and `meta`.
fn next_page(body: &JsValue, highest: u64) -> Option<u64> {
    use convert::field;
    let items = field(body, "data");
    let items = if js_sys::Array::is_array(&items) { items.unchecked_into::<js_sys::Array>().length() } else { 0 };
    let meta = field(body, "meta");
    let number = |key| field(&meta, key).as_f64().and_then(options::whole);
    let meta = telnyx_core::models::PaginationMeta {
        page_number: number("page_number"),
        total_pages: number("total_pages"),
        ..Default::default()
    };
    telnyx_core::pagination::next_page_number(highest, items as usize, Some(&meta))
}

/// A call's error, as JavaScript receives it: the JS layer makes it an
/// instance of `class`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rejection {
    class: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(rename = "requestID", skip_serializing_if = "Option::is_none")]
    request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_ms: Option<f64>,
    outcome_unknown: bool,
    /// The parsed error body.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    body: JsValue,
    /// The response's `Headers`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    headers: JsValue,
    /// What the failed `fetch` rejected with.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    cause: JsValue,
}

impl Rejection {
    fn into_js(self) -> JsValue {
        let message = JsValue::from_str(&self.message);
        serde_wasm_bindgen::to_value(&self).unwrap_or(message)
    }
}

fn rejection(class: &'static str, message: String) -> Rejection {
    Rejection {
        class,
        message,
        status: None,
        request_id: None,
        retry_after_ms: None,
        outcome_unknown: false,
        body: JsValue::UNDEFINED,
        headers: JsValue::UNDEFINED,
        cause: JsValue::UNDEFINED,
    }
}

fn validation(error: ValidationError) -> JsValue {
    rejection("ValidationError", error.message()).into_js()
}

fn failure(failed: Failed<JsReply>, cause: JsValue) -> Rejection {
    let Failed { error, reply } = failed;
    let mut out = rejection(error.kind().class_name(), error.message());
    match &error {
        Error::Api(api) => {
            out.request_id = api.request_id.clone();
            out.retry_after_ms = api.retry_after_ms.map(|ms| ms as f64);
            out.outcome_unknown = api.outcome_unknown;
        }
        Error::Decode { request_id, .. } => out.request_id = request_id.clone(),
        Error::Connection { outcome_unknown, .. } | Error::Timeout { outcome_unknown, .. } => {
            out.outcome_unknown = *outcome_unknown;
            out.cause = cause;
        }
        Error::Validation(_) | Error::UserAbort => {}
    }
    if let Some(reply) = reply {
        out.status = Some(reply.status());
        out.headers = reply.raw().headers().into();
        if matches!(error, Error::Api(_)) {
            out.body = reply.json().clone();
        }
    }
    out
}

// SAFETY: a wasm module instance runs on one thread (no shared memory is enabled).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
