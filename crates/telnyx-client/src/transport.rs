//! The only code that touches the network: one attempt of one request over
//! reqwest, read to the last byte of the body.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use telnyx_core::response::HttpResponse;
use telnyx_core::{Error, HttpRequest, Method, ValidationError};

/// A request checked and converted once, sent once per attempt.
pub(crate) struct Prepared {
    method: reqwest::Method,
    url: reqwest::Url,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
}

/// How an attempt failed without a response.
pub(crate) enum TransportError {
    /// The request could not be built (a bug or bad input; nothing was sent).
    Invalid(String),
    /// Connecting, sending or reading failed.
    Connection(String),
}

/// Converts the core's request into reqwest's types, rejecting what cannot be sent.
pub(crate) fn prepare(request: &HttpRequest) -> Result<Prepared, Error> {
    let method = match request.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Patch => reqwest::Method::PATCH,
    };
    let url = reqwest::Url::parse(&request.url)
        .map_err(|err| Error::Validation(ValidationError::new("base_url", format!("gives an invalid URL: {err}"))))?;
    let mut headers = HeaderMap::with_capacity(request.headers.len());
    for (name, value) in &request.headers {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Validation(ValidationError::new(name.as_str(), "is not a valid header name")))?;
        let header_value = HeaderValue::from_str(value).map_err(|_| {
            Error::Validation(ValidationError::new(name.as_str(), "has a value that cannot be sent in a header"))
        })?;
        headers.insert(header_name, header_value);
    }
    Ok(Prepared { method, url, headers, body: request.body.as_ref().map(|b| b.as_bytes().to_vec()) })
}

/// One attempt: send, then read the whole body.
pub(crate) async fn send(http: &reqwest::Client, request: &Prepared) -> Result<HttpResponse, TransportError> {
    let mut builder = http.request(request.method.clone(), request.url.clone()).headers(request.headers.clone());
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    let response = builder.send().await.map_err(classify)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect();
    let body = response.bytes().await.map_err(|err| {
        TransportError::Connection(format!("the response body could not be read: {}", describe(&err)))
    })?;
    Ok(HttpResponse { status, headers, body: body.to_vec() })
}

fn classify(err: reqwest::Error) -> TransportError {
    if err.is_builder() {
        TransportError::Invalid(describe(&err))
    } else {
        TransportError::Connection(describe(&err))
    }
}

/// The error and its causes on one line, most general first, repeats left out.
///
/// reqwest's messages name the URL but never a header, so the key cannot show.
pub(crate) fn describe(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(error) = current {
        let text = error.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = error.source();
    }
    parts.join(": ")
}
