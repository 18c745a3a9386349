//! Percent-encoding of query strings and path segments.

/// Appends `text` percent-encoded as `encodeURIComponent` does: each UTF-8 byte
/// that is not an RFC 3986 unreserved character becomes `%XX` (upper-case hex),
/// so brackets go out as `%5B`/`%5D` exactly like the official SDK.
///
/// Hand-written rather than `percent_encoding::utf8_percent_encode`, whose
/// table of all 256 escapes weighs on the wasm module.
///
/// ```
/// let mut out = String::new();
/// telnyx_core::query::encode_component(&mut out, "page[size] ü~");
/// assert_eq!(out, "page%5Bsize%5D%20%C3%BC~");
/// ```
pub fn encode_component(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
}

/// Builds `?a=1&b=2` from pairs in the given order; empty when there are none.
#[derive(Default)]
pub struct QueryString(String);

impl QueryString {
    pub fn new() -> Self {
        QueryString(String::new())
    }

    /// Appends `key=value`, both percent-encoded.
    pub fn push(&mut self, key: &str, value: &str) {
        self.0.push(if self.0.is_empty() { '?' } else { '&' });
        encode_component(&mut self.0, key);
        self.0.push('=');
        encode_component(&mut self.0, value);
    }

    pub fn push_opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.push(key, value);
        }
    }

    pub fn push_bool(&mut self, key: &str, value: Option<bool>) {
        if let Some(value) = value {
            self.push(key, if value { "true" } else { "false" });
        }
    }

    pub fn push_num(&mut self, key: &str, value: Option<u64>) {
        if let Some(value) = value {
            self.push(key, &crate::text::unsigned(value));
        }
    }

    pub fn into_string(self) -> String {
        self.0
    }
}
