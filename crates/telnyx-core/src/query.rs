//! Percent-encoding of query strings and path segments.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters, as `encodeURIComponent`
/// does, so brackets go out as `%5B`/`%5D` exactly like the official SDK.
pub const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

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
        self.0.extend(percent_encoding::utf8_percent_encode(key, COMPONENT));
        self.0.push('=');
        self.0.extend(percent_encoding::utf8_percent_encode(value, COMPONENT));
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
