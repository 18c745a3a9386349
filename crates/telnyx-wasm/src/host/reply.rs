//! A response as the engine reads it. The body stays a JS string, parsed
//! with the host's `JSON.parse` at most once; the engine asks for headers and
//! error details only when it has to decide on a failure.

use crate::error_body;
use gloo_net::http::Response as GlooResponse;
use js_sys::JsString;
use std::cell::OnceCell;
use telnyx_core::engine::{BodyShape, Reply};
use telnyx_core::models::ApiErrorObject;
use telnyx_core::text::unsigned;
use wasm_bindgen::prelude::*;
use web_sys::Response;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn parse_json(text: &JsValue) -> Result<JsValue, JsValue>;
}

pub struct JsReply {
    response: GlooResponse,
    raw: Response,
    text: JsValue,
    json: OnceCell<JsValue>,
}

impl JsReply {
    pub fn new(raw: Response, text: JsValue) -> JsReply {
        JsReply { response: GlooResponse::from(Clone::clone(&raw)), raw, text, json: OnceCell::new() }
    }

    /// The platform's `Response` (its body already read).
    pub fn raw(&self) -> &Response {
        &self.raw
    }

    /// The body as text.
    pub fn text(&self) -> &JsValue {
        &self.text
    }

    /// The body parsed as JSON; `undefined` when it is not JSON.
    pub fn json(&self) -> &JsValue {
        self.json.get_or_init(|| parse_json(&self.text).unwrap_or(JsValue::UNDEFINED))
    }
}

impl Reply for JsReply {
    fn status(&self) -> u16 {
        self.response.status()
    }

    /// The headers, and a `retry-after` given as an HTTP date read with the
    /// host's `Date.parse` as the equivalent `retry-after-ms` (telnyx-core's
    /// date parser is left out of the module to keep it small); a
    /// `retry-after-ms` the server sent itself still comes first.
    fn header_list(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self.response.headers().entries().collect();
        let date = out.iter().find(|(n, v)| n.eq_ignore_ascii_case("retry-after") && v.trim().contains(' '));
        if let Some(wait_ms) = date.and_then(|(_, v)| date_wait_ms(v)) {
            out.push(("retry-after-ms".to_owned(), unsigned(wait_ms)));
        }
        out
    }

    fn error_entries(&self) -> Vec<ApiErrorObject> {
        error_body::errors(self.json())
    }

    fn body_shape(&self) -> BodyShape {
        if self.text.unchecked_ref::<JsString>().length() == 0 {
            return BodyShape::Empty;
        }
        let json = self.json();
        if json.is_object() && !js_sys::Array::is_array(json) {
            BodyShape::JsonObject
        } else {
            BodyShape::Other
        }
    }

    fn json_field(&self, name: &str) -> Option<String> {
        let value = crate::convert::field(self.json(), name);
        value.as_string().or_else(|| {
            value.as_f64().filter(|n| n.is_finite() && n.fract() == 0.0 && *n >= 0.0).map(|n| unsigned(n as u64))
        })
    }
}

/// Milliseconds from now until an HTTP date, 0 when it is past; `None` when unreadable.
fn date_wait_ms(value: &str) -> Option<u64> {
    let at = js_sys::Date::parse(value);
    at.is_finite().then(|| (at - js_sys::Date::now()).max(0.0) as u64)
}
