//! The checks of `telnyx-wasm/proxy`, a server that holds the key and
//! forwards a page's calls: which of the 12 operations a request is
//! ([`telnyx_core::route`]), then its id, query and body read exactly as the
//! client reads a call's arguments ([`options::request`]). What is forwarded
//! is the request the core builds from them, with the key added by
//! [`ClientConfig`], so nothing the checks did not see goes on. The key stays
//! inside the module, as in [`Client`](crate::Client).
//!
//! The answers are plain objects built field by field (no serde here: it
//! would cost the module several KB for two shapes).

use crate::options;
use js_sys::{Object, Reflect};
use telnyx_core::input::Input;
use telnyx_core::route::{self, Route};
use telnyx_core::text::cat;
use telnyx_core::{validate, ClientConfig, Operation, ValidationError};
use wasm_bindgen::prelude::*;

/// The proxy's upstream and key, checked once.
#[wasm_bindgen]
pub struct ProxyRules {
    config: ClientConfig,
}

/// A request refused before anything was sent: a status and one Telnyx error object.
struct Refusal {
    status: u16,
    title: &'static str,
    detail: String,
    /// `(pointer, parameter)`: where in the request the fault is.
    pointer: Option<String>,
    parameter: Option<String>,
    /// For a 405: the methods the path has.
    allow: Option<String>,
}

#[wasm_bindgen]
impl ProxyRules {
    /// Checks the key and the upstream API root; throws the reason as a string (never the key).
    #[wasm_bindgen(constructor)]
    pub fn new(api_key: &str, upstream: &str) -> Result<ProxyRules, String> {
        let message = |error: ValidationError| error.message();
        validate::api_key("apiKey", api_key).map_err(message)?;
        let base_url = validate::base_url("upstream", upstream).map_err(message)?;
        Ok(ProxyRules { config: ClientConfig::new(api_key).with_base_url(base_url) })
    }

    /// The 12 operations' names (`managedAccounts.list`, ...), comma-separated.
    pub fn operations() -> String {
        let names: Vec<&str> = Operation::ALL.iter().map(|op| op.js_name()).collect();
        names.join(",")
    }

    /// Decides one request. `path` is relative to the API root, `query` comes
    /// without `?`, `body` is the body's text. Answers a forward `{ operation,
    /// method, url, headers, body }` (the key in `headers`) or a refusal
    /// `{ status, allow, error: { code, title, detail, source } }`.
    #[allow(clippy::too_many_arguments)]
    pub fn check(
        &self,
        method: &str,
        path: &str,
        query: &str,
        content_type: &str,
        accept: &str,
        idempotency_key: &str,
        body: &str,
    ) -> JsValue {
        match self.decide(method, path, query, content_type, accept, idempotency_key, body) {
            Ok(forward) => forward,
            Err(refusal) => refusal.into_js(),
        }
    }
}

impl ProxyRules {
    #[allow(clippy::too_many_arguments)]
    fn decide(
        &self,
        method: &str,
        path: &str,
        query: &str,
        content_type: &str,
        accept: &str,
        idempotency_key: &str,
        body: &str,
    ) -> Result<JsValue, Refusal> {
        let (op, id) = match route::route(method, path) {
            Route::Operation(op, id) => (op, id),
            Route::NotFound => {
                let detail =
                    cat(&["No operation is ", method, " ", path, " (this proxy forwards the 12 operations only)."]);
                return Err(refusal(404, "Resource not found", detail));
            }
            Route::MethodNotAllowed(methods) => {
                let allow = methods.join(", ");
                let mut out = refusal(
                    405,
                    "Method not allowed",
                    cat(&[method, " is not allowed on ", path, "; allowed: ", &allow, "."]),
                );
                out.allow = Some(allow);
                return Err(out);
            }
        };
        let invalid = |error: ValidationError| invalid(op, error);
        let body = read_body(op, content_type, body)?;
        let query = route::query_params(op, query).map_err(invalid)?;
        // The call's arguments, as a page would pass them to the client.
        let params = if op.takes_body() || op == Operation::GetGroupsReport {
            if let Input::Object(entries) = &query {
                return Err(invalid(ValidationError::new(entries[0].0.clone(), "is not a known parameter")));
            }
            let csv = accept.split(',').any(|media| media.trim().starts_with("text/csv"));
            match op {
                Operation::GetGroupsReport if csv => object(&[("Accept", "text/csv".into())]),
                Operation::GetGroupsReport => JsValue::UNDEFINED,
                _ => body,
            }
        } else {
            to_js(&query)
        };
        let id = match id.map(route::decode_id) {
            Some(None) => return Err(invalid(ValidationError::new("id", "is not valid UTF-8 once percent-decoded"))),
            Some(Some(id)) => JsValue::from_str(&id),
            None => JsValue::UNDEFINED,
        };
        let (spec, _) = options::request(op, &id, &params, 0.0).map_err(invalid)?;
        let mut extra = Vec::new();
        if !idempotency_key.is_empty() {
            validate::idempotency_key("idempotency-key", idempotency_key).map_err(invalid)?;
            extra.push(("idempotency-key".to_owned(), Some(idempotency_key.to_owned())));
        }
        let request = self.config.http_request(&spec, &extra);
        let headers = Object::new();
        for (name, value) in &request.headers {
            let _ = Reflect::set(&headers, &JsValue::from_str(name), &JsValue::from_str(value));
        }
        Ok(object(&[
            ("operation", op.js_name().into()),
            ("method", request.method.as_str().into()),
            ("url", request.url.into()),
            ("headers", headers.into()),
            ("body", request.body.map_or(JsValue::UNDEFINED, JsValue::from)),
        ]))
    }
}

/// The body as the call's params: none when blank; for an operation that
/// takes one, JSON sent as `application/json`, parsed by the host.
fn read_body(op: Operation, content_type: &str, body: &str) -> Result<JsValue, Refusal> {
    if body.trim().is_empty() {
        return Ok(JsValue::UNDEFINED);
    }
    if !op.takes_body() {
        return Err(refusal(400, "Bad Request", cat(&[op.js_name(), " takes no request body."])));
    }
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case("application/json") {
        let detail = "The request body must be sent as `Content-Type: application/json`.".to_owned();
        return Err(refusal(415, "Unsupported Media Type", detail));
    }
    js_sys::JSON::parse(body).map_err(|_| refusal(400, "Bad Request", "The request body is not valid JSON.".to_owned()))
}

/// Params read from a query, as the JavaScript object a page would have passed.
fn to_js(input: &Input) -> JsValue {
    match input {
        Input::Bool(b) => JsValue::from_bool(*b),
        Input::Number(n) => JsValue::from_f64(*n),
        Input::Text(text) => JsValue::from_str(text),
        Input::Object(entries) => {
            let out = Object::new();
            for (key, value) in entries {
                let _ = Reflect::set(&out, &JsValue::from_str(key), &to_js(value));
            }
            out.into()
        }
        Input::Absent | Input::Unsupported(_) => JsValue::UNDEFINED,
    }
}

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let out = Object::new();
    for (key, value) in fields {
        if !value.is_undefined() {
            let _ = Reflect::set(&out, &JsValue::from_str(key), value);
        }
    }
    out.into()
}

fn refusal(status: u16, title: &'static str, detail: String) -> Refusal {
    Refusal { status, title, detail, pointer: Some("/".to_owned()), parameter: None, allow: None }
}

/// A check of the client's that failed (422): a body member by pointer, anything else by parameter name.
fn invalid(op: Operation, error: ValidationError) -> Refusal {
    let detail = error.message();
    if op.takes_body() && !matches!(error.field.as_str(), "id" | "idempotency-key") {
        let member = if error.field == "params" { "" } else { &error.field };
        let pointer = cat(&["/", &member.replace('.', "/")]);
        return Refusal { pointer: Some(pointer), ..refusal(422, "Invalid value", detail) };
    }
    Refusal { pointer: None, parameter: Some(error.field), ..refusal(422, "Invalid value", detail) }
}

impl Refusal {
    fn into_js(self) -> JsValue {
        let text = |value: Option<String>| value.map_or(JsValue::UNDEFINED, JsValue::from);
        let code = if self.status == 404 { "10005" } else { "10015" };
        let source = object(&[("pointer", text(self.pointer)), ("parameter", text(self.parameter))]);
        let error = object(&[
            ("code", code.into()),
            ("title", self.title.into()),
            ("detail", self.detail.into()),
            ("source", source),
        ]);
        object(&[("status", JsValue::from_f64(self.status.into())), ("allow", text(self.allow)), ("error", error)])
    }
}
