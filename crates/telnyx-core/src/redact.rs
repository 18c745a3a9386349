//! What never leaves the client in a log line or a `Debug` string: the
//! values of secret headers, body fields and query parameters.
//!
//! ```
//! use telnyx_core::redact;
//! assert_eq!(redact::header("Authorization", "Bearer KEY"), "***");
//! assert_eq!(redact::json_body(r#"{"email":"a@b.c","password":"hunter2"}"#), r#"{"email":"a@b.c","password":"***"}"#);
//! assert_eq!(redact::url("https://h/v2/x?api_key=KEY&page=2"), "https://h/v2/x?api_key=***&page=2");
//! ```

use std::borrow::Cow;

/// What a secret value is replaced with.
pub const MASK: &str = "***";

/// Headers whose values are secrets (compared in any case).
pub const SECRET_HEADERS: [&str; 6] =
    ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"];

/// Body fields and query parameters whose values are secrets.
pub const SECRET_FIELDS: [&str; 5] = ["password", "api_key", "api_token", "client_secret", "access_token"];

/// The value of header `name` as it may be shown.
pub fn header<'a>(name: &str, value: &'a str) -> &'a str {
    if SECRET_HEADERS.iter().any(|secret| secret.eq_ignore_ascii_case(name)) {
        MASK
    } else {
        value
    }
}

/// A URL with the values of secret query parameters masked.
pub fn url(url: &str) -> Cow<'_, str> {
    let Some(start) = url.find('?') else { return url.into() };
    let (base, query) = url.split_at(start + 1);
    let secret = |pair: &str| {
        let name = pair.split('=').next().unwrap_or_default();
        SECRET_FIELDS.iter().any(|field| field.eq_ignore_ascii_case(name))
    };
    if !query.split('&').any(secret) {
        return url.into();
    }
    let mut out = String::with_capacity(url.len());
    out.push_str(base);
    for (i, pair) in query.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((name, _)) if secret(pair) => {
                out.push_str(name);
                out.push('=');
                out.push_str(MASK);
            }
            _ => out.push_str(pair),
        }
    }
    out.into()
}

/// JSON text with the string values of secret fields masked, at any depth.
///
/// Works on the text, so a body that is not valid JSON is still masked
/// wherever a secret field's `"name": "value"` appears.
pub fn json_body(body: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    let bytes = body.as_bytes();
    let mut at = 0;
    while let Some(offset) = body[at..].find('"') {
        let open = at + offset;
        let Some(close) = string_end(bytes, open + 1) else { break };
        let name = &body[open + 1..close];
        at = close + 1;
        if !SECRET_FIELDS.contains(&name) {
            continue;
        }
        let mut value = at;
        while value < bytes.len() && bytes[value].is_ascii_whitespace() {
            value += 1;
        }
        if bytes.get(value) != Some(&b':') {
            continue;
        }
        value += 1;
        while value < bytes.len() && bytes[value].is_ascii_whitespace() {
            value += 1;
        }
        if bytes.get(value) != Some(&b'"') {
            continue;
        }
        let end = string_end(bytes, value + 1).unwrap_or(bytes.len());
        let text = out.get_or_insert_with(|| String::with_capacity(body.len()));
        text.push_str(&body[copied..=value]);
        text.push_str(MASK);
        copied = end;
        at = end.min(bytes.len());
        if at < bytes.len() {
            at += 1;
        }
    }
    match out {
        Some(mut text) => {
            text.push_str(&body[copied.min(body.len())..]);
            text.into()
        }
        None => body.into(),
    }
}

/// Where the JSON string starting after an opening quote at `from - 1` ends
/// (the index of its closing quote).
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match b {
            b'"' if !escaped => return Some(i),
            b'\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_fields_are_masked_at_any_depth_and_with_escapes() {
        let body = r#"{"a":{"api_key" : "K\"EY","x":1},"password":"p","api_token":"t","name":"password"}"#;
        assert_eq!(
            json_body(body),
            r#"{"a":{"api_key" : "***","x":1},"password":"***","api_token":"***","name":"password"}"#
        );
    }

    #[test]
    fn bodies_without_secrets_are_borrowed_as_they_are() {
        assert!(matches!(json_body(r#"{"email":"a"}"#), Cow::Borrowed(_)));
        assert!(matches!(url("https://h/x?page=1"), Cow::Borrowed(_)));
    }

    #[test]
    fn an_unterminated_secret_string_is_masked_to_the_end() {
        assert_eq!(json_body(r#"{"password":"abc"#), r#"{"password":"***"#);
    }

    #[test]
    fn secret_query_parameters_are_masked_in_any_case() {
        assert_eq!(url("/x?API_KEY=a&b=2&password=c"), "/x?API_KEY=***&b=2&password=***");
    }

    #[test]
    fn secret_headers_are_masked_in_any_case() {
        assert_eq!(header("COOKIE", "s=1"), MASK);
        assert_eq!(header("accept", "application/json"), "application/json");
    }
}
