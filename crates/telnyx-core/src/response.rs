//! Reading responses: status check, error bodies and the `{data, meta}` envelope.

#[cfg(feature = "json")]
use crate::error::{ApiError, Error};
use crate::models::{ApiErrorObject, ErrorBody};
use crate::retry::HeaderLookup;

/// A complete HTTP response, as any transport can produce it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// Names in any case; lookups ignore case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.header(name)
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn request_id(&self) -> Option<String> {
        self.header("x-request-id").map(str::to_owned)
    }
}

/// Parses a Telnyx error body; anything else (HTML, empty, other JSON) gives an empty list.
#[cfg(feature = "json")]
pub fn parse_error_body(body: &[u8]) -> Vec<ApiErrorObject> {
    serde_json::from_slice::<ErrorBody>(body).map(|b| b.errors).unwrap_or_default()
}

/// The [`ApiError`] for a non-success response.
#[cfg(feature = "json")]
pub fn api_error(response: &HttpResponse) -> ApiError {
    ApiError::new(response.status, parse_error_body(&response.body), response.request_id())
}

/// Decodes a success body into `T` (an envelope), or maps a failure to [`Error`].
///
/// ```
/// use telnyx_core::{response::{decode, HttpResponse}, models::{Envelope, ManagedAccountBalance}};
/// let ok = HttpResponse { status: 200, headers: vec![], body: br#"{"data":{"balance":"1.00","new":1}}"#.to_vec() };
/// let env: Envelope<ManagedAccountBalance> = decode(&ok).unwrap();
/// assert_eq!(env.data.balance.as_deref(), Some("1.00"));
/// ```
#[cfg(feature = "json")]
pub fn decode<T: serde::de::DeserializeOwned>(response: &HttpResponse) -> Result<T, Error> {
    if !response.is_success() {
        return Err(Error::Api(api_error(response)));
    }
    serde_json::from_slice(&response.body).map_err(|err| Error::Decode {
        status: response.status,
        message: if response.body.is_empty() { "empty body".to_owned() } else { err.to_string() },
        request_id: response.request_id(),
    })
}

/// Returns a success body as text (the CSV report), or maps a failure to [`Error`].
#[cfg(feature = "json")]
pub fn decode_text(response: &HttpResponse) -> Result<String, Error> {
    if !response.is_success() {
        return Err(Error::Api(api_error(response)));
    }
    String::from_utf8(response.body.clone()).map_err(|_| Error::Decode {
        status: response.status,
        message: "body is not UTF-8 text".to_owned(),
        request_id: response.request_id(),
    })
}

/// Builds the error list from an [`ErrorBody`] already parsed elsewhere (the JS host).
pub fn errors_from_body(body: ErrorBody) -> Vec<ApiErrorObject> {
    body.errors
}

/// A complete response is what the engine decides on, for any native host.
#[cfg(feature = "json")]
impl crate::engine::Reply for HttpResponse {
    fn status(&self) -> u16 {
        self.status
    }

    fn header_list(&self) -> Vec<(String, String)> {
        self.headers.clone()
    }

    fn error_entries(&self) -> Vec<ApiErrorObject> {
        parse_error_body(&self.body)
    }

    fn body_shape(&self) -> crate::engine::BodyShape {
        use crate::engine::BodyShape;
        let text = self.body.trim_ascii();
        if text.is_empty() {
            BodyShape::Empty
        } else if text.starts_with(b"{") && serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok() {
            BodyShape::JsonObject
        } else {
            BodyShape::Other
        }
    }

    fn json_field(&self, name: &str) -> Option<String> {
        match serde_json::from_slice::<serde_json::Value>(&self.body).ok()?.get(name)? {
            serde_json::Value::String(text) => Some(text.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}
