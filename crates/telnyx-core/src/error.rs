//! Error mapping: HTTP status to error kind, Telnyx error bodies to a
//! one-line message, and the client's error type.

use crate::models::ApiErrorObject;
use crate::text::{cat, unsigned};
use crate::validate::ValidationError;
use std::fmt;

/// The error classes of the JavaScript SDK, one per kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    BadRequest,
    Authentication,
    PermissionDenied,
    NotFound,
    Conflict,
    UnprocessableEntity,
    RateLimit,
    InternalServer,
    /// Any other non-success status.
    Api,
    /// No response: the connection failed or was dropped.
    Connection,
    /// No response in time.
    Timeout,
    /// The caller aborted.
    UserAbort,
    /// Bad input, caught before sending.
    Validation,
    /// A success status whose body is not what the operation returns.
    Decode,
}

impl ErrorKind {
    /// The official SDK's table: 400, 401, 403, 404, 409, 422, 429, ≥500, other.
    pub fn from_status(status: u16) -> ErrorKind {
        match status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            422 => ErrorKind::UnprocessableEntity,
            429 => ErrorKind::RateLimit,
            500.. => ErrorKind::InternalServer,
            _ => ErrorKind::Api,
        }
    }

    /// The JavaScript class name for this kind.
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "BadRequestError",
            ErrorKind::Authentication => "AuthenticationError",
            ErrorKind::PermissionDenied => "PermissionDeniedError",
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::Conflict => "ConflictError",
            ErrorKind::UnprocessableEntity => "UnprocessableEntityError",
            ErrorKind::RateLimit => "RateLimitError",
            ErrorKind::InternalServer => "InternalServerError",
            ErrorKind::Api => "APIError",
            ErrorKind::Connection => "APIConnectionError",
            ErrorKind::Timeout => "APIConnectionTimeoutError",
            ErrorKind::UserAbort => "APIUserAbortError",
            ErrorKind::Validation => "ValidationError",
            ErrorKind::Decode => "APIError",
        }
    }
}

/// The reason phrase of the statuses the API uses.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// A non-success HTTP response, with Telnyx's error list parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub kind: ErrorKind,
    /// Telnyx's `errors[]`; empty when the body was not a Telnyx error body.
    pub errors: Vec<ApiErrorObject>,
    /// The `x-request-id` response header, to quote to Telnyx support.
    pub request_id: Option<String>,
    /// For a rate limit the client did not wait out: how long the server asked to wait.
    pub retry_after_ms: Option<u64>,
    /// The call was not repeated after this failure because repeating it could
    /// create a duplicate: it may have been carried out (a create answered 5xx).
    pub outcome_unknown: bool,
}

impl ApiError {
    pub fn new(status: u16, errors: Vec<ApiErrorObject>, request_id: Option<String>) -> Self {
        ApiError {
            status,
            kind: ErrorKind::from_status(status),
            errors,
            request_id,
            retry_after_ms: None,
            outcome_unknown: false,
        }
    }

    /// One line: status, reason, then title, detail, code and source of the first error.
    ///
    /// ```
    /// use telnyx_core::{ApiError, models::{ApiErrorObject, ErrorSource}};
    /// let err = ApiError::new(422, vec![ApiErrorObject {
    ///     code: Some("10004".into()),
    ///     title: Some("Missing required parameter".into()),
    ///     detail: Some("business_name is required".into()),
    ///     source: Some(ErrorSource { pointer: Some("/business_name".into()), parameter: None }),
    ///     meta: None,
    /// }], Some("req-1".into()));
    /// assert_eq!(
    ///     err.to_string(),
    ///     "422 Unprocessable Entity: Missing required parameter: business_name is required \
    ///      (code 10004, at /business_name; request id req-1)"
    /// );
    /// ```
    pub fn message(&self) -> String {
        let mut out = unsigned(self.status.into());
        let reason = reason_phrase(self.status);
        if !reason.is_empty() {
            out.push(' ');
            out.push_str(reason);
        }
        // The notes in parentheses, separated by ", ".
        let mut tail = String::new();
        let mut note = |parts: &[&str]| {
            if !tail.is_empty() {
                tail.push_str(", ");
            }
            for part in parts {
                tail.push_str(part);
            }
        };
        match self.errors.first() {
            Some(first) => {
                fn trimmed(text: &Option<String>) -> Option<&str> {
                    text.as_deref().map(str::trim).filter(|s| !s.is_empty())
                }
                let words = match (trimmed(&first.title), trimmed(&first.detail)) {
                    (Some(title), Some(detail)) if detail.starts_with(title) => one_line(detail),
                    (Some(title), Some(detail)) => one_line(&cat(&[title, ": ", detail])),
                    (Some(only), None) | (None, Some(only)) => one_line(only),
                    (None, None) => String::new(),
                };
                if !words.is_empty() {
                    out.push_str(": ");
                    out.push_str(&words);
                }
                if let Some(code) = &first.code {
                    note(&["code ", &one_line(code)]);
                }
                if let Some(source) = &first.source {
                    if let Some(pointer) = &source.pointer {
                        note(&["at ", &one_line(pointer)]);
                    } else if let Some(parameter) = &source.parameter {
                        note(&["parameter ", &one_line(parameter)]);
                    }
                }
                if self.errors.len() > 1 {
                    note(&["and ", &unsigned(self.errors.len() as u64 - 1), " more"]);
                }
            }
            None => {
                if self.kind == ErrorKind::RateLimit {
                    if let Some(ms) = self.retry_after_ms {
                        note(&["server asked to wait ", &unsigned(ms.div_ceil(1000)), " s"]);
                    }
                }
            }
        }
        if let Some(id) = &self.request_id {
            if !tail.is_empty() {
                tail.push_str("; ");
            }
            tail.push_str("request id ");
            tail.push_str(&one_line(id));
        }
        if !tail.is_empty() {
            out.push_str(" (");
            out.push_str(&tail);
            out.push(')');
        }
        if self.outcome_unknown {
            out.push('.');
            out.push_str(OUTCOME_UNKNOWN);
        }
        out
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// Collapses whitespace and newlines and caps the length, so a message stays one line.
fn one_line(text: &str) -> String {
    const MAX: usize = 300;
    let mut out = String::new();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if crate::text::char_count(&out) > MAX {
        out = out.chars().take(MAX).collect::<String>() + "…";
    }
    out
}

/// Everything a call can fail with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Bad input; nothing was sent.
    Validation(ValidationError),
    /// The server answered with a non-success status.
    Api(ApiError),
    /// A success status whose body could not be read as the operation's result.
    Decode { status: u16, message: String, request_id: Option<String> },
    /// No usable response. `outcome_unknown` is true when the request may have
    /// been carried out (the reply was lost) and was not repeated because repeating it is unsafe.
    Connection { message: String, outcome_unknown: bool },
    /// No complete response within the timeout.
    Timeout { timeout_ms: u64, outcome_unknown: bool },
    /// The caller aborted.
    UserAbort,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Validation(_) => ErrorKind::Validation,
            Error::Api(api) => api.kind,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Connection { .. } => ErrorKind::Connection,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::UserAbort => ErrorKind::UserAbort,
        }
    }
}

/// Appended to the message of a failure after which a create may or may not
/// have been carried out (also used by bindings for 5xx answers to a create).
pub const OUTCOME_UNKNOWN: &str =
    " The request may have been carried out; it was not repeated because repeating it could create a duplicate. \
     Check with a list call, or pass an Idempotency-Key header to let the client retry safely.";

impl Error {
    /// The one-line message, the text of [`Display`](fmt::Display) built without `core::fmt`.
    pub fn message(&self) -> String {
        let (mut out, outcome_unknown) = match self {
            Error::Validation(err) => return err.message(),
            Error::Api(err) => return err.message(),
            Error::Decode { status, message, request_id } => {
                let mut out = cat(&[&unsigned((*status).into()), " response could not be read: ", &one_line(message)]);
                if let Some(id) = request_id {
                    out.push_str(" (request id ");
                    out.push_str(&one_line(id));
                    out.push(')');
                }
                return out;
            }
            Error::Connection { message, outcome_unknown } => {
                (cat(&["Connection error: ", &one_line(message), "."]), *outcome_unknown)
            }
            Error::Timeout { timeout_ms, outcome_unknown } => {
                (cat(&["Request timed out after ", &unsigned(*timeout_ms), " ms."]), *outcome_unknown)
            }
            Error::UserAbort => return "Request was aborted.".to_owned(),
        };
        if outcome_unknown {
            out.push_str(OUTCOME_UNKNOWN);
        }
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

impl From<ValidationError> for Error {
    fn from(err: ValidationError) -> Self {
        Error::Validation(err)
    }
}

impl From<ApiError> for Error {
    fn from(err: ApiError) -> Self {
        Error::Api(err)
    }
}
