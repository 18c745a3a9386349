//! Errors in Telnyx's format: `{"errors":[{code,title,detail,source,meta}]}`.
//!
//! Codes follow Telnyx's documented ones: 10009 authentication failed (401),
//! 10010 not authorized (403), 10005 not found (404), 10015 invalid value
//! (400/422), 10004 missing required parameter (422), 10011 too many
//! requests (429), 10007 unexpected error (5xx).

use telnyx_core::models::{ApiErrorObject, ErrorBody, ErrorMeta, ErrorSource};

pub const AUTHENTICATION_FAILED: &str = "10009";
pub const NOT_AUTHORIZED: &str = "10010";
pub const NOT_FOUND: &str = "10005";
pub const INVALID_VALUE: &str = "10015";
pub const MISSING_PARAMETER: &str = "10004";
pub const TOO_MANY_REQUESTS: &str = "10011";
pub const UNEXPECTED_ERROR: &str = "10007";

/// A request that failed: an HTTP status and one or more Telnyx error objects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiFailure {
    pub status: u16,
    pub errors: Vec<ApiErrorObject>,
    /// Extra response headers (`allow` on a 405, `retry-after` on a 429).
    pub headers: Vec<(&'static str, String)>,
}

fn object(code: &str, title: &str, detail: impl Into<String>) -> ApiErrorObject {
    ApiErrorObject {
        code: Some(code.to_owned()),
        title: Some(title.to_owned()),
        detail: Some(detail.into()),
        source: None,
        meta: Some(ErrorMeta { url: Some(format!("https://developers.telnyx.com/docs/overview/errors/{code}")) }),
    }
}

impl ApiFailure {
    pub fn new(status: u16, code: &str, title: &str, detail: impl Into<String>) -> Self {
        ApiFailure { status, errors: vec![object(code, title, detail)], headers: Vec::new() }
    }

    /// Points the last error at a member of the request body (RFC 6901 pointer).
    pub fn at_pointer(mut self, pointer: impl Into<String>) -> Self {
        if let Some(last) = self.errors.last_mut() {
            last.source = Some(ErrorSource { pointer: Some(pointer.into()), parameter: None });
        }
        self
    }

    /// Points the last error at a query parameter.
    pub fn at_parameter(mut self, parameter: impl Into<String>) -> Self {
        if let Some(last) = self.errors.last_mut() {
            last.source = Some(ErrorSource { pointer: None, parameter: Some(parameter.into()) });
        }
        self
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Merges the errors of several failures into one response (the first status wins).
    pub fn merge(failures: Vec<ApiFailure>) -> Option<ApiFailure> {
        let mut iter = failures.into_iter();
        let mut first = iter.next()?;
        for other in iter {
            first.errors.extend(other.errors);
            first.headers.extend(other.headers);
        }
        Some(first)
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody { errors: self.errors.clone() }
    }

    pub fn unauthenticated(detail: &str) -> Self {
        ApiFailure::new(401, AUTHENTICATION_FAILED, "Authentication failed", detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        ApiFailure::new(403, NOT_AUTHORIZED, "Not authorized", detail).at_pointer("/")
    }

    pub fn not_found(kind: &str, id: &str) -> Self {
        ApiFailure::new(404, NOT_FOUND, "Resource not found", format!("{kind} `{}` was not found.", clip(id)))
            .at_pointer("/id")
    }

    pub fn no_route(method: &str, path: &str) -> Self {
        ApiFailure::new(
            404,
            NOT_FOUND,
            "Resource not found",
            format!("No route matches {} {}.", clip(method), clip(path)),
        )
        .at_pointer("/")
    }

    pub fn method_not_allowed(method: &str, path: &str, allow: &[&str]) -> Self {
        ApiFailure::new(
            405,
            INVALID_VALUE,
            "Method not allowed",
            format!("{} is not allowed on {}; allowed: {}.", clip(method), clip(path), allow.join(", ")),
        )
        .at_pointer("/")
        .with_header("allow", allow.join(", "))
    }

    /// A body member with a wrong type or value (422).
    pub fn invalid_field(pointer: &str, detail: impl Into<String>) -> Self {
        ApiFailure::new(422, INVALID_VALUE, "Invalid value", detail).at_pointer(pointer)
    }

    /// A required body member that is absent (422).
    pub fn missing_field(pointer: &str, name: &str) -> Self {
        ApiFailure::new(422, MISSING_PARAMETER, "Missing required parameter", format!("`{name}` is required."))
            .at_pointer(pointer)
    }

    /// A query parameter with a wrong value (422).
    pub fn invalid_parameter(parameter: &str, detail: impl Into<String>) -> Self {
        ApiFailure::new(422, INVALID_VALUE, "Invalid value", detail).at_parameter(parameter)
    }

    /// A request the server could not read at all (400).
    pub fn bad_request(detail: impl Into<String>) -> Self {
        ApiFailure::new(400, INVALID_VALUE, "Bad Request", detail).at_pointer("/")
    }

    pub fn payload_too_large(limit: usize) -> Self {
        ApiFailure::new(
            413,
            INVALID_VALUE,
            "Payload too large",
            format!("The request body is larger than the limit of {limit} bytes."),
        )
        .at_pointer("/")
    }

    pub fn unsupported_media_type(content_type: &str) -> Self {
        ApiFailure::new(
            415,
            INVALID_VALUE,
            "Unsupported media type",
            format!("Request bodies must be `application/json` (got `{}`).", clip(content_type)),
        )
        .at_pointer("/")
    }

    pub fn not_acceptable(accept: &str) -> Self {
        ApiFailure::new(
            406,
            INVALID_VALUE,
            "Not acceptable",
            format!("This resource is available as `application/json` or `text/csv` (Accept was `{}`).", clip(accept)),
        )
        .at_pointer("/")
    }

    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        ApiFailure::new(429, TOO_MANY_REQUESTS, "Too many requests", "Rate limit exceeded; retry later.")
            .with_header("retry-after", retry_after_secs.to_string())
    }

    /// The default body of an injected fault with this status.
    pub fn for_status(status: u16) -> Self {
        match status {
            400 => ApiFailure::bad_request("The request failed because it was not well-formed."),
            401 => ApiFailure::unauthenticated("Could not understand the provided credentials."),
            403 => ApiFailure::forbidden("You are not authorized to access the requested resource."),
            404 => ApiFailure::new(
                404,
                NOT_FOUND,
                "Resource not found",
                "The requested resource or URL could not be found.",
            ),
            408 => ApiFailure::new(
                408,
                UNEXPECTED_ERROR,
                "Request timeout",
                "The server timed out waiting for the request.",
            ),
            409 => ApiFailure::new(409, INVALID_VALUE, "Conflict", "The request conflicts with the current state."),
            422 => ApiFailure::invalid_field("/", "The request could not be processed."),
            429 => ApiFailure::new(429, TOO_MANY_REQUESTS, "Too many requests", "Rate limit exceeded; retry later."),
            500..=599 => ApiFailure::new(status, UNEXPECTED_ERROR, "Unexpected error", "An unexpected error occurred."),
            _ => ApiFailure::new(status, INVALID_VALUE, "Error", format!("Injected error with status {status}.")),
        }
    }
}

/// Shortens a caller's value before it goes into a message.
pub fn clip(value: &str) -> String {
    const MAX: usize = 120;
    if value.chars().count() <= MAX {
        value.to_owned()
    } else {
        format!("{}…", value.chars().take(MAX).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_serialises_in_telnyx_format() {
        let failure = ApiFailure::missing_field("/business_name", "business_name");
        let json = serde_json::to_value(failure.body()).unwrap();
        assert_eq!(json["errors"][0]["code"], "10004");
        assert_eq!(json["errors"][0]["source"]["pointer"], "/business_name");
        assert_eq!(json["errors"][0]["meta"]["url"], "https://developers.telnyx.com/docs/overview/errors/10004");
    }

    #[test]
    fn long_caller_values_are_clipped_in_messages() {
        let failure = ApiFailure::no_route("GET", &"/x".repeat(1000));
        assert!(failure.errors[0].detail.as_ref().unwrap().chars().count() < 200);
    }
}
