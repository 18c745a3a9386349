//! The only code that touches the network: the engine's [`Transport`] over
//! reqwest and tokio. One attempt of one request, read to the last byte of
//! the body; a sleep; the clock. Every decision is the engine's.

use crate::client::{Exchange, ResponseHook};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use telnyx_core::engine::{SendError, Transport};
use telnyx_core::response::HttpResponse;
use telnyx_core::{HttpRequest, Method};

/// reqwest's client plus the optional response hook.
pub(crate) struct Reqwest<'a> {
    pub http: &'a reqwest::Client,
    pub on_response: Option<&'a ResponseHook>,
}

impl Transport for Reqwest<'_> {
    type Reply = HttpResponse;

    async fn send(
        &self,
        request: &HttpRequest,
        retries_so_far: u32,
        timeout_ms: u64,
    ) -> Result<HttpResponse, SendError> {
        let attempt = tokio::time::timeout(Duration::from_millis(timeout_ms), exchange(self.http, request));
        let response = attempt.await.map_err(|_elapsed| SendError::Timeout)??;
        if let (Some(hook), Some(operation)) = (self.on_response, request.operation) {
            hook(&Exchange {
                operation,
                method: request.method.as_str(),
                url: &request.url,
                attempt: retries_so_far + 1,
                status: response.status,
                headers: &response.headers,
                body: &response.body,
            });
        }
        Ok(response)
    }

    async fn sleep(&self, ms: u64) -> Result<(), SendError> {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        Ok(())
    }

    fn now_unix_ms(&self) -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
    }

    fn random(&self) -> f64 {
        fastrand::f64()
    }
}

async fn exchange(http: &reqwest::Client, request: &HttpRequest) -> Result<HttpResponse, SendError> {
    let method = match request.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Patch => reqwest::Method::PATCH,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
    };
    let mut headers = HeaderMap::with_capacity(request.headers.len());
    for (name, value) in &request.headers {
        let invalid = || SendError::Invalid(format!("the header `{name}` cannot be sent"));
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        headers.insert(name, HeaderValue::from_str(value).map_err(|_| invalid())?);
    }
    let mut builder = http.request(method, &request.url).headers(headers);
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    let response = builder.send().await.map_err(|err| {
        if err.is_builder() {
            SendError::Invalid(describe(&err))
        } else {
            SendError::Connection { not_sent: err.is_connect() && refused(&err), message: describe(&err) }
        }
    })?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect();
    let body = response.bytes().await.map_err(|err| SendError::Connection {
        message: format!("the response body could not be read: {}", describe(&err)),
        not_sent: false,
    })?;
    Ok(HttpResponse { status, headers, body: body.to_vec() })
}

/// Whether a connect error proves nothing was sent: the connection was refused
/// or the host does not resolve (what the wasm host reads as ECONNREFUSED,
/// ENOTFOUND, EAI_AGAIN).
fn refused(err: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(error) = source {
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::ConnectionRefused;
        }
        let text = error.to_string();
        if text.contains("dns error") || text.contains("failed to lookup address") {
            return true;
        }
        source = error.source();
    }
    false
}

/// An error and its causes on one line, each said once.
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
