//! Telnyx's error list, read from the body the host already parsed with `JSON.parse`.
//!
//! Only what the one-line message needs is copied into the module: the
//! first error's fields and the count. The caller keeps the parsed list as is.

use crate::convert::{get, is_array_catching};
use js_sys::Array;
use telnyx_core::models::{ApiErrorObject, ErrorSource};
use wasm_bindgen::{JsCast, JsValue};

/// Past this, an error list is not worth walking.
const MAX_ERRORS: u32 = 100;

/// The error objects of a parsed body; empty when the body is not `{ "errors": [...] }`.
pub fn errors(body: &JsValue) -> Vec<ApiErrorObject> {
    // The module's own `Reflect.get` and `Array.isArray` imports: js_sys's would be second copies.
    let Some(list) = field(body, "errors").filter(|v| matches!(is_array_catching(v), Ok(true))) else {
        return Vec::new();
    };
    let list: Array = list.unchecked_into();
    let count = list.length().min(MAX_ERRORS);
    let mut out = Vec::with_capacity(count as usize);
    for index in 0..count {
        // Only the first is shown; the others count toward "and N more".
        out.push(if index == 0 { read(&list.get(0)) } else { ApiErrorObject::default() });
    }
    out
}

fn read(item: &JsValue) -> ApiErrorObject {
    let source = field(item, "source")
        .filter(JsValue::is_object)
        .map(|s| ErrorSource { pointer: text(&s, "pointer"), parameter: text(&s, "parameter") });
    ApiErrorObject {
        code: code(item),
        title: text(item, "title"),
        detail: text(item, "detail").or_else(|| text(item, "description")),
        source,
        meta: None,
    }
}

/// `code` is a numeric string, but some services send a number.
fn code(item: &JsValue) -> Option<String> {
    let value = field(item, "code")?;
    if let Some(n) = value.as_f64() {
        return (n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15).then(|| telnyx_core::text::decimal(n as i64));
    }
    value.as_string()
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    field(object, key)?.as_string()
}

/// A property of a plain data object; `None` for anything that is not an object.
/// The body comes from `JSON.parse`, so there are no getters to run.
fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    if !object.is_object() {
        return None;
    }
    get(object, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}
