//! A response before it becomes a `wiremock::ResponseTemplate`.

use crate::errors::ApiFailure;
use serde::Serialize;
use std::time::Duration;
use wiremock::http::{HeaderName, HeaderValue};
use wiremock::ResponseTemplate;

pub const JSON: &str = "application/json";

/// What the mock answers: status, headers, body, and how to deliver it.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub status: u16,
    /// Set (not appended) in order, after the common headers.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub delay: Option<Duration>,
    /// Close the connection instead of answering.
    pub drop_connection: bool,
}

impl Reply {
    pub fn raw(status: u16, body: Vec<u8>, content_type: &str) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body,
            content_type: Some(content_type.to_owned()),
            delay: None,
            drop_connection: false,
        }
    }

    pub fn empty(status: u16) -> Self {
        Reply { status, headers: Vec::new(), body: Vec::new(), content_type: None, delay: None, drop_connection: false }
    }

    pub fn json<T: Serialize>(status: u16, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => Reply::raw(status, body, JSON),
            // The models serialise infallibly; should one ever not, say so as Telnyx would.
            Err(_) => Reply::failure(&ApiFailure::for_status(500)),
        }
    }

    pub fn failure(failure: &ApiFailure) -> Self {
        let mut reply = match serde_json::to_vec(&failure.body()) {
            Ok(body) => Reply::raw(failure.status, body, JSON),
            Err(_) => Reply::empty(failure.status),
        };
        for (name, value) in &failure.headers {
            reply.set_header(name, value);
        }
        reply
    }

    /// Sets a header; names or values that are not valid HTTP are skipped.
    pub fn set_header(&mut self, name: &str, value: &str) {
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            self.headers.retain(|(n, _)| n != name);
            self.headers.push((name, value));
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.as_str().eq_ignore_ascii_case(name)).and_then(|(_, v)| v.to_str().ok())
    }

    /// Builds the template; `common` headers come first and `self.headers` override them.
    pub fn into_template(self, common: Vec<(HeaderName, HeaderValue)>) -> ResponseTemplate {
        let status = wiremock_status(self.status);
        let mut template = ResponseTemplate::new(status);
        for (name, value) in common {
            template = template.insert_header(name, value);
        }
        if let Some(content_type) = self.content_type.as_deref().and_then(|c| HeaderValue::from_str(c).ok()) {
            template = template.insert_header(HeaderName::from_static("content-type"), content_type);
        }
        for (name, value) in self.headers {
            template = template.insert_header(name, value);
        }
        if let Some(delay) = self.delay {
            template = template.set_delay(delay);
        }
        if self.drop_connection {
            // wiremock cannot close a socket itself. A response that declares
            // both `transfer-encoding` and a later `content-length` is one that
            // hyper refuses to encode: it writes nothing and closes the
            // connection, so the client sees the connection drop mid-request,
            // exactly like a crashed upstream. (The body must be non-empty and
            // its declared length exact, or hyper's own checks get in first.)
            template = template
                .set_body_bytes(b"x".to_vec())
                .insert_header(HeaderName::from_static("transfer-encoding"), HeaderValue::from_static("chunked"))
                .insert_header(HeaderName::from_static("content-length"), HeaderValue::from_static("1"));
            return template;
        }
        template.set_body_bytes(self.body)
    }
}

/// A status wiremock accepts (it panics on others); unknown ones become 500.
fn wiremock_status(status: u16) -> u16 {
    if (100..=999).contains(&status) {
        status
    } else {
        500
    }
}
