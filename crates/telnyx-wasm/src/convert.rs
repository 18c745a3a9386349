//! JavaScript values in, [`Input`] and header lists out.
//!
//! Every read that could run caller code (a getter, a proxy trap, an
//! iterator) goes through a `catch` import, so a throwing value becomes a
//! validation error instead of an exception unwinding through the module.

use js_sys::{Array, JsString};
use telnyx_core::input::Input;
use telnyx_core::{HeaderEdit, ValidationError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = getPrototypeOf)]
    fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    pub(crate) fn get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn array_from(value: &JsValue) -> Result<Array, JsValue>;
    // Throws for a cycle, a BigInt or a throwing `toJSON`.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    fn stringify(value: &JsValue) -> Result<JsValue, JsValue>;
    // Throws on a revoked proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub(crate) fn is_array_catching(value: &JsValue) -> Result<bool, JsValue>;
}

/// `value[key]` where `value` is an object; `undefined` for anything else, and
/// for a getter or proxy that throws.
pub(crate) fn field(value: &JsValue, key: &str) -> JsValue {
    if value.is_object() {
        get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// `Array.isArray`, with a value that cannot be inspected counting as an array (rejected either way).
fn is_array(value: &JsValue) -> bool {
    is_array_catching(value).unwrap_or(true)
}

/// Nesting deeper than any params type (filter.email.contains is 3 levels).
const MAX_DEPTH: usize = 4;
/// More keys than any params type has; stops a huge object early.
const MAX_KEYS: usize = 64;
/// More header pairs than any real call needs.
const MAX_HEADERS: usize = 64;

fn bad(field: &str, reason: &str) -> ValidationError {
    ValidationError::new(if field.is_empty() { "params" } else { field }, reason)
}

fn join(field: &str, key: &str) -> String {
    if field.is_empty() {
        key.to_owned()
    } else {
        let mut path = String::with_capacity(field.len() + key.len() + 1);
        path.push_str(field);
        path.push('.');
        path.push_str(key);
        path
    }
}

/// A string, refusing lone surrogates (they cannot become UTF-8 without loss).
///
/// The text crosses once; only when it holds U+FFFD (which is what a lone
/// surrogate becomes on the way) is the original checked, one code unit at a
/// time, to tell a real U+FFFD from a lost surrogate.
pub fn string(field: &str, value: &JsValue) -> Result<Option<String>, ValidationError> {
    let Some(text) = value.as_string() else { return Ok(None) };
    if text.as_bytes().windows(3).any(|w| w == "\u{FFFD}".as_bytes())
        && !value.unchecked_ref::<JsString>().is_valid_utf16()
    {
        return Err(bad(field, "contains a lone surrogate (not valid Unicode text)"));
    }
    Ok(Some(text))
}

/// Whether an object is plain: made by `{}`, `JSON.parse` or `Object.create(null)`.
/// Its prototype is null or a root prototype (`Object.prototype` of any realm).
fn is_plain(value: &JsValue) -> Result<bool, JsValue> {
    let proto = prototype_of(value)?;
    Ok(proto.is_null() || prototype_of(&proto)?.is_null())
}

/// Converts a caller's value to an [`Input`], once, before any params type reads it.
pub fn to_input(field: &str, value: &JsValue) -> Result<Input, ValidationError> {
    to_input_at(field, value, 0)
}

fn to_input_at(field: &str, value: &JsValue, depth: usize) -> Result<Input, ValidationError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Input::Absent);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Input::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Input::Number(n));
    }
    if let Some(s) = string(field, value)? {
        return Ok(Input::Text(s));
    }
    if value.is_function() {
        return Ok(Input::Unsupported("function"));
    }
    if value.is_symbol() {
        return Ok(Input::Unsupported("symbol"));
    }
    if value.is_bigint() {
        return Ok(Input::Unsupported("bigint"));
    }
    if !value.is_object() {
        return Ok(Input::Unsupported("value"));
    }
    if is_array(value) {
        return Ok(Input::Unsupported("array"));
    }
    let unreadable = |_| bad(field, "could not be read");
    if !is_plain(value).map_err(unreadable)? {
        return Ok(Input::Unsupported("class instance"));
    }
    if depth >= MAX_DEPTH {
        return Err(bad(field, "is nested too deeply"));
    }
    let keys = object_keys(value).map_err(unreadable)?;
    if keys.length() as usize > MAX_KEYS {
        return Err(bad(field, "has too many keys"));
    }
    let mut entries = Vec::with_capacity(keys.length() as usize);
    // By index: `Array::iter` would add a second element-getter import.
    for key in (0..keys.length()).map(|i| keys.get(i)) {
        let name = string(field, &key)?.unwrap_or_default();
        let path = join(field, &name);
        let item = get(value, &key).map_err(|_| bad(&path, "could not be read"))?;
        entries.push((name, to_input_at(&path, &item, depth + 1)?));
    }
    Ok(Input::Object(entries))
}

/// The own enumerable keys of a plain object (for options objects that hold
/// values an [`Input`] cannot, such as an `AbortSignal` or a `fetch` function).
pub fn plain_object_keys(field: &str, value: &JsValue) -> Result<Vec<(String, JsValue)>, ValidationError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let unreadable = |_| bad(field, "could not be read");
    if !value.is_object() || value.is_function() || is_array(value) || !is_plain(value).map_err(unreadable)? {
        return Err(bad(field, "must be a plain object"));
    }
    let keys = object_keys(value).map_err(unreadable)?;
    if keys.length() as usize > MAX_KEYS {
        return Err(bad(field, "has too many keys"));
    }
    let mut out = Vec::with_capacity(keys.length() as usize);
    for key in (0..keys.length()).map(|i| keys.get(i)) {
        let name = string(field, &key)?.unwrap_or_default();
        let item = get(value, &key).map_err(|_| bad(&join(field, &name), "could not be read"))?;
        out.push((name, item));
    }
    Ok(out)
}

/// Reads headers given as a plain object, an array of `[name, value]` pairs
/// or any iterable of pairs (a `Headers`). As in the official SDK, a `null`
/// value removes the header and an `undefined` one leaves it as it is.
pub fn headers(field: &str, value: &JsValue) -> Result<Vec<HeaderEdit>, ValidationError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mut push = |name: String, item: &JsValue| -> Result<(), ValidationError> {
        if item.is_undefined() {
            return Ok(());
        }
        let path = join(field, &name);
        if item.is_null() {
            check_header(&path, &name, "")?;
            out.push((name, None));
            return Ok(());
        }
        let text = string(&path, item)?.ok_or_else(|| bad(&path, "must be a string"))?;
        check_header(&path, &name, &text)?;
        if out.len() >= MAX_HEADERS {
            return Err(bad(field, "has too many headers"));
        }
        out.push((name, Some(text)));
        Ok(())
    };
    let plain = value.is_object() && !is_array(value) && is_plain(value).unwrap_or(false);
    if plain {
        for (name, item) in plain_object_keys(field, value)? {
            push(name, &item)?;
        }
        return Ok(out);
    }
    if value.is_string() || !value.is_object() {
        return Err(bad(field, "must be an object, an array of [name, value] pairs or a Headers"));
    }
    let pairs = array_from(value).map_err(|_| bad(field, "must be an object, an array of pairs or a Headers"))?;
    if pairs.length() as usize > MAX_HEADERS {
        return Err(bad(field, "has too many headers"));
    }
    for pair in (0..pairs.length()).map(|i| pairs.get(i)) {
        if !is_array(&pair) {
            return Err(bad(field, "must hold [name, value] pairs"));
        }
        let pair = array_from(&pair).map_err(|_| bad(field, "must hold [name, value] pairs"))?;
        if pair.length() != 2 {
            return Err(bad(field, "must hold [name, value] pairs"));
        }
        let name = string(field, &pair.get(0))?.ok_or_else(|| bad(field, "must have string header names"))?;
        push(name, &pair.get(1))?;
    }
    Ok(out)
}

/// A request body as JSON text, by the platform's `JSON.stringify`.
pub fn json_text(field: &str, value: &JsValue) -> Result<String, ValidationError> {
    let text =
        stringify(value).map_err(|_| bad(field, "cannot be sent as JSON (a cycle, a BigInt or a throwing toJSON)"))?;
    match string(field, &text)? {
        Some(text) => Ok(text),
        None => Err(bad(field, "cannot be sent as JSON (a function or a symbol)")),
    }
}

/// `null`, `undefined` or an object with a boolean `aborted` and an `addEventListener` method.
pub fn check_signal(field: &str, value: &JsValue) -> Result<(), ValidationError> {
    if value.is_undefined() || value.is_null() {
        return Ok(());
    }
    let looks_right = value.is_object()
        && get(value, &JsValue::from_str("aborted")).is_ok_and(|v| v.as_bool().is_some())
        && get(value, &JsValue::from_str("addEventListener")).is_ok_and(|v| v.is_function());
    if looks_right {
        Ok(())
    } else {
        Err(bad(field, "must be an AbortSignal"))
    }
}

pub use telnyx_core::validate::header as check_header;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_with_dots() {
        assert_eq!(join("", "filter"), "filter");
        assert_eq!(join("filter", "email"), "filter.email");
    }
}
