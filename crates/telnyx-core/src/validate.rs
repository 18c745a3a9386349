//! Checks applied to every input before a request is built.
//!
//! A request that would go to the wrong place or carry a wrong value is worse
//! than no request: bad input becomes a [`ValidationError`] and nothing is sent.

use crate::text::{cat, char_count, decimal};
use std::fmt;

/// Longest id accepted in a path. Telnyx ids are 36-character UUIDs.
pub const MAX_ID_LEN: usize = 128;
/// Longest free-text value accepted (names, emails, filters, passwords).
pub const MAX_TEXT_LEN: usize = 512;
/// Page sizes the API accepts.
pub const PAGE_SIZE_RANGE: core::ops::RangeInclusive<u64> = 1..=250;
/// Page numbers accepted; far past any real list, but finite.
pub const PAGE_NUMBER_RANGE: core::ops::RangeInclusive<u64> = 1..=1_000_000_000;
/// Channel limits accepted: the API says "0 or more"; the top is i32::MAX.
pub const CHANNEL_LIMIT_RANGE: core::ops::RangeInclusive<i64> = 0..=2_147_483_647;

/// Input that was rejected before anything was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// The parameter at fault, as the caller wrote it (`id`, `page[size]`, `filter.email.contains`).
    pub field: String,
    /// What is wrong with it, in words.
    pub reason: String,
}

impl ValidationError {
    // Not inlined: the conversions would otherwise be repeated at each of the many call sites.
    #[inline(never)]
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        ValidationError { field: field.into(), reason: reason.into() }
    }

    /// ``Invalid `field`: reason``, the text of [`Display`](fmt::Display) built without `core::fmt`.
    pub fn message(&self) -> String {
        cat(&["Invalid `", &self.field, "`: ", &self.reason])
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ValidationError {}

/// Checks a path id and returns it percent-encoded for the path.
///
/// Rejected: empty ids, ids longer than [`MAX_ID_LEN`], anything outside
/// visible ASCII, `/`, `\`, `?`, `#`, `%` (so no encoded form can smuggle a
/// separator or a dot segment), and the dot segments `.` and `..`.
///
/// ```
/// use telnyx_core::validate::path_id;
/// assert_eq!(path_id("id", "f65ceda4-6522").unwrap(), "f65ceda4-6522");
/// assert!(path_id("id", "..").is_err());
/// assert!(path_id("id", "%2e%2e").is_err());
/// assert!(path_id("id", "").is_err());
/// ```
pub fn path_id(field: &str, id: &str) -> Result<String, ValidationError> {
    if id.is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    if id.len() > MAX_ID_LEN {
        return Err(ValidationError::new(
            field,
            cat(&[
                "must be at most ",
                &decimal(MAX_ID_LEN as i64),
                " characters (got ",
                &decimal(char_count(id) as i64),
                ")",
            ]),
        ));
    }
    if id == "." || id == ".." {
        return Err(ValidationError::new(field, "must not be a dot segment (`.` or `..`)"));
    }
    if let Some(bad) = id.chars().find(|c| !c.is_ascii_graphic() || matches!(c, '/' | '\\' | '?' | '#' | '%')) {
        return Err(ValidationError::new(field, cat(&["contains ", &describe_char(bad), ", which an id cannot hold"])));
    }
    let mut encoded = String::with_capacity(id.len());
    crate::query::encode_component(&mut encoded, id);
    Ok(encoded)
}

/// Checks a free-text value: at most [`MAX_TEXT_LEN`] characters, no control characters.
pub fn text(field: &str, value: &str) -> Result<(), ValidationError> {
    let count = char_count(value);
    if count > MAX_TEXT_LEN {
        return Err(ValidationError::new(
            field,
            cat(&["must be at most ", &decimal(MAX_TEXT_LEN as i64), " characters (got ", &decimal(count as i64), ")"]),
        ));
    }
    if let Some(bad) = value.chars().find(|c| c.is_control() || *c == '\u{FFFD}') {
        return Err(ValidationError::new(field, cat(&["contains ", &describe_char(bad), ", which is not allowed"])));
    }
    Ok(())
}

/// Checks a required free-text value: as [`text`], and not blank.
pub fn required_text(field: &str, value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(ValidationError::new(field, "is required and must not be blank"));
    }
    text(field, value)
}

/// Checks that an integer lies in an inclusive range.
pub fn in_range<T: PartialOrd + Copy + TryInto<i64>>(
    field: &str,
    value: T,
    range: &core::ops::RangeInclusive<T>,
) -> Result<(), ValidationError> {
    if range.contains(&value) {
        return Ok(());
    }
    // Every range and value checked here fits an i64; one message builder serves them all.
    let wide = |n: T| n.try_into().unwrap_or(i64::MAX);
    Err(out_of_range(field, wide(*range.start()), wide(*range.end()), wide(value)))
}

/// ``must be between {start} and {end} (got {value})``.
pub fn out_of_range(field: impl Into<String>, start: i64, end: i64, value: i64) -> ValidationError {
    ValidationError::new(
        field,
        cat(&["must be between ", &decimal(start), " and ", &decimal(end), " (got ", &decimal(value), ")"]),
    )
}

fn describe_char(c: char) -> String {
    if c.is_ascii_graphic() {
        let mut out = String::from("`");
        out.push(c);
        out.push('`');
        out
    } else {
        // U+ and at least four upper-case hex digits.
        let code = c as u32;
        let mut out = String::from("U+");
        let digits = (32 - code.leading_zeros()).div_ceil(4).max(4);
        for shift in (0..digits).rev() {
            out.push(char::from(b"0123456789ABCDEF"[(code >> (shift * 4) & 0xF) as usize]));
        }
        out
    }
}

/// Longest header value accepted.
pub const MAX_HEADER_VALUE_LEN: usize = 8192;
/// Longest `Idempotency-Key` Telnyx accepts.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

/// A header a caller supplies: the name an HTTP token, the value without
/// control characters (a line break would smuggle a second header).
///
/// ```
/// use telnyx_core::validate::header;
/// assert!(header("headers", "X-Trace", "abc").is_ok());
/// assert!(header("headers", "bad name", "abc").is_err());
/// assert!(header("headers", "x-a", "one\r\nx-b: two").is_err());
/// ```
pub fn header(field: &str, name: &str, value: &str) -> Result<(), ValidationError> {
    let token = !name.is_empty()
        && name.len() <= 256
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !token {
        return Err(ValidationError::new(field, "is not a valid header name"));
    }
    header_value(field, value)
}

/// Text that may travel in a header (a header's value, an OAuth client id or
/// secret sent with Basic auth): at most 8192 bytes of ASCII, no control
/// characters but tab.
///
/// ```
/// use telnyx_core::validate::header_value;
/// assert!(header_value("clientID", "client-1").is_ok());
/// assert!(header_value("clientID", "a\nb").is_err());
/// assert!(header_value("clientID", "café").is_err());
/// ```
pub fn header_value(field: &str, value: &str) -> Result<(), ValidationError> {
    if value.len() > MAX_HEADER_VALUE_LEN {
        return Err(ValidationError::new(field, "is too long for a header value (over 8192 bytes)"));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(ValidationError::new(field, "must not contain line breaks, NUL or other control characters"));
    }
    // What fetch's `Headers` and every HTTP stack accept alike.
    if !value.is_ascii() {
        return Err(ValidationError::new(field, "must be ASCII text"));
    }
    Ok(())
}

/// An `Idempotency-Key` as Telnyx documents it: 1 to 255 of `A-Z a-z 0-9 _ : -`.
///
/// ```
/// use telnyx_core::validate::idempotency_key;
/// assert!(idempotency_key("idempotencyKey", "create-acme:2026-01-01_1").is_ok());
/// assert!(idempotency_key("idempotencyKey", "").is_err());
/// assert!(idempotency_key("idempotencyKey", "has space").is_err());
/// assert!(idempotency_key("idempotencyKey", &"k".repeat(256)).is_err());
/// ```
pub fn idempotency_key(field: &str, key: &str) -> Result<(), ValidationError> {
    if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY_LEN {
        return Err(ValidationError::new(field, "must be 1 to 255 characters long"));
    }
    if !key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'-')) {
        return Err(ValidationError::new(field, "may hold only letters, digits, `_`, `:` and `-`"));
    }
    Ok(())
}

/// An API key: not empty, and sendable in the `Authorization` header. The
/// message never quotes the key.
pub fn api_key(field: &str, key: &str) -> Result<(), ValidationError> {
    if key.trim().is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    if key.len() > MAX_HEADER_VALUE_LEN || key.chars().any(|c| c.is_control() || !c.is_ascii()) {
        return Err(ValidationError::new(field, "contains characters that cannot be sent in a header"));
    }
    Ok(())
}

/// An absolute `http:` or `https:` URL without query or fragment; a trailing
/// `/` is dropped.
///
/// ```
/// use telnyx_core::validate::base_url;
/// assert_eq!(base_url("baseURL", "http://127.0.0.1:4010/v2/").unwrap(), "http://127.0.0.1:4010/v2");
/// assert!(base_url("baseURL", "ftp://example.com").is_err());
/// assert!(base_url("baseURL", "https://api.telnyx.com/v2?x=1").is_err());
/// ```
pub fn base_url(field: &str, url: &str) -> Result<String, ValidationError> {
    let url = url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let ok = rest.is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && url.len() <= 2048
            && !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '\\'))
    });
    if !ok {
        return Err(ValidationError::new(
            field,
            "must be an absolute http(s) URL without query or fragment, like https://api.telnyx.com/v2",
        ));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Longest path accepted for a request to an endpoint the client does not wrap.
pub const MAX_PATH_LEN: usize = 2048;

/// Checks the path of a request to an endpoint the client does not wrap, and
/// returns it starting with `/`: it stays under the base URL.
///
/// Rejected: a scheme or host (`https://…`, `//host`), a query or fragment
/// (queries go in `query`), `\`, anything outside visible ASCII, and dot
/// segments, plain or percent-encoded (`..`, `%2e%2E`), so the path cannot
/// climb out of the API root.
///
/// ```
/// use telnyx_core::validate::request_path;
/// assert_eq!(request_path("path", "balance").unwrap(), "/balance");
/// assert_eq!(request_path("path", "/phone_numbers/%2B1").unwrap(), "/phone_numbers/%2B1");
/// assert!(request_path("path", "/a/%2e%2e/b").is_err());
/// assert!(request_path("path", "//evil.example/x").is_err());
/// ```
pub fn request_path(field: &str, path: &str) -> Result<String, ValidationError> {
    if path.is_empty() || path == "/" {
        return Err(ValidationError::new(field, "must name an endpoint, like /balance"));
    }
    if path.len() > MAX_PATH_LEN {
        return Err(ValidationError::new(field, "is longer than 2048 characters"));
    }
    // Byte windows rather than `str::contains`: the substring searcher would
    // add its two-way algorithm to the wasm module for these three checks.
    let has = |needle: &[u8]| path.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle));
    if path.starts_with("//") || has(b"://") {
        return Err(ValidationError::new(field, "must be a path under the base URL, not a URL"));
    }
    if let Some(bad) = path.bytes().find(|b| !b.is_ascii_graphic() || matches!(b, b'?' | b'#' | b'\\')) {
        let reason = match bad {
            b'?' => "must not contain `?`: pass query parameters as `query`",
            b'#' => "must not contain `#`",
            _ => "must be visible ASCII without `\\` (percent-encode other characters)",
        };
        return Err(ValidationError::new(field, reason));
    }
    // `.`, `..` and their percent-encoded forms (`%2e`, `.%2E`, ...).
    let dot_segment = |segment: &str| {
        let mut rest = segment.as_bytes();
        let mut dots = 0;
        while !rest.is_empty() {
            match rest {
                [b'.', tail @ ..] => rest = tail,
                [b'%', b'2', e, tail @ ..] if e.eq_ignore_ascii_case(&b'e') => rest = tail,
                _ => return false,
            }
            dots += 1;
        }
        dots == 1 || dots == 2
    };
    if path.split('/').any(dot_segment) || has(b"%2f") {
        return Err(ValidationError::new(field, "must not contain `.` or `..` segments or an encoded `/`"));
    }
    Ok(if path.starts_with('/') { path.to_owned() } else { cat(&["/", path]) })
}

#[cfg(test)]
mod request_path_tests {
    use super::request_path;

    #[test]
    fn dot_segments_are_refused_plain_and_encoded_in_any_case() {
        for path in ["/.", "/..", "/a/../b", "/%2e", "/%2E%2e/x", "/.%2E", "/%2e.", "a/%2e%2e"] {
            assert!(request_path("path", path).is_err(), "{path}");
        }
    }

    #[test]
    fn names_with_dots_and_encoded_characters_are_kept() {
        for path in ["/a.b", "/...", "/v1/.well-known", "/%2e%2e%2e", "/phone_numbers/%2B1"] {
            assert_eq!(request_path("path", path).as_deref(), Ok(path), "{path}");
        }
    }

    #[test]
    fn urls_encoded_slashes_and_queries_are_refused() {
        for path in ["HTTPS://x/y", "//x/y", "/a%2Fb", "/a?b=1", "/a#b", "/a b", "/a\\b"] {
            assert!(request_path("path", path).is_err(), "{path}");
        }
    }
}
