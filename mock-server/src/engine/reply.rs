//! A reply as the engine builds it, before the headers every answer carries
//! are added and it becomes a [`crate::engine::Response`].

use crate::engine::errors::ApiFailure;
use crate::engine::Response;
use http::{HeaderName, HeaderValue};
use serde::Serialize;
use std::time::Duration;

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

    /// The response: `common` headers first, then the content type, then
    /// `self.headers`, a later header replacing an earlier one of the same name.
    pub fn into_response(self, common: Vec<(HeaderName, HeaderValue)>, request_id: String, note: String) -> Response {
        let mut headers: Vec<(HeaderName, HeaderValue)> = Vec::new();
        let mut set = |name: HeaderName, value: HeaderValue| match headers.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => headers.push((name, value)),
        };
        for (name, value) in common {
            set(name, value);
        }
        if let Some(content_type) = self.content_type.as_deref().and_then(|c| HeaderValue::from_str(c).ok()) {
            set(HeaderName::from_static("content-type"), content_type);
        }
        for (name, value) in self.headers {
            set(name, value);
        }
        Response {
            status: self.status,
            headers,
            body: self.body,
            delay: self.delay,
            drop_connection: self.drop_connection,
            request_id,
            note,
        }
    }
}
