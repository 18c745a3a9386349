//! Helpers shared by the integration tests: a real mock on a real socket and
//! a small HTTP client around reqwest.
#![allow(dead_code)]

use serde_json::Value;
#[allow(unused_imports)]
pub use telnyx_mock::{Fault, MockTelnyx, Seed};

pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The first error object, checking the Telnyx error shape on the way.
    pub fn error(&self) -> Value {
        let body = self.json();
        let errors = body["errors"].as_array().unwrap_or_else(|| panic!("not a Telnyx error body: {}", self.text));
        assert!(!errors.is_empty(), "empty errors array");
        for error in errors {
            assert!(error["code"].is_string(), "code must be a string: {error}");
            assert!(error["title"].is_string(), "title must be a string: {error}");
            assert!(error["detail"].is_string(), "detail must be a string: {error}");
        }
        errors[0].clone()
    }
}

pub struct Api {
    pub base: String,
    pub client: reqwest::Client,
    pub key: Option<String>,
}

impl Api {
    pub fn new(mock: &MockTelnyx) -> Api {
        Api { base: mock.base_url(), client: reqwest::Client::new(), key: Some("test-key".to_owned()) }
    }

    pub fn root(mock: &MockTelnyx) -> Api {
        Api { base: mock.uri(), ..Api::new(mock) }
    }

    pub fn without_key(mut self) -> Api {
        self.key = None;
        self
    }

    pub fn with_key(mut self, key: &str) -> Api {
        self.key = Some(key.to_owned());
        self
    }

    pub async fn send(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        self.send_with(method, path, body, &[]).await
    }

    pub async fn send_with(&self, method: &str, path: &str, body: Option<Value>, headers: &[(&str, &str)]) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(key) = &self.key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        into_reply(request.send().await.expect("request failed")).await
    }

    pub async fn raw(&self, method: &str, path: &str, body: Vec<u8>, headers: &[(&str, &str)]) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.client.request(method, format!("{}{path}", self.base)).body(body);
        if let Some(key) = &self.key {
            request = request.bearer_auth(key);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        into_reply(request.send().await.expect("request failed")).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send("GET", path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send("POST", path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.send("PATCH", path, Some(body)).await
    }

    /// Creates an account and returns its `data`.
    pub async fn create(&self, business_name: &str, email: &str) -> Value {
        let reply =
            self.post("/managed_accounts", serde_json::json!({ "business_name": business_name, "email": email })).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()["data"].clone()
    }
}

pub async fn into_reply(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body");
    Reply { status, headers, text }
}

/// Admin calls on the mock's root.
pub async fn admin(mock: &MockTelnyx, method: &str, path: &str, body: Option<Value>) -> Reply {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", mock.uri()));
    if let Some(body) = body {
        request = request.json(&body);
    }
    into_reply(request.send().await.expect("admin request failed")).await
}

/// The ids of a list page.
pub fn ids(page: &Value) -> Vec<String> {
    page["data"].as_array().expect("data array").iter().map(|a| a["id"].as_str().expect("id").to_owned()).collect()
}
