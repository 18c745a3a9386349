//! Helpers shared by the integration tests: a real mock on a real socket, a
//! small HTTP client around reqwest, the `telnyx-mock` program in its own
//! process group, and raw bytes over TCP.
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};
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

/// A running `telnyx-mock` program in its own process group, killed with the group if a test fails.
pub struct Server {
    pub child: Child,
    pub url: String,
}

impl Server {
    /// Starts the program on a free port with `args` and reads the URL from its first line.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_telnyx-mock"))
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("spawn telnyx-mock");
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut line).expect("read the listening line");
        let url = line
            .trim()
            .strip_prefix("telnyx-mock listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
        Server { url: url.to_owned(), child }
    }

    /// The socket address the program listens on.
    pub fn address(&self) -> SocketAddr {
        self.url.trim_start_matches("http://").parse().unwrap_or_else(|e| panic!("{} ({e})", self.url))
    }

    /// Sends `signal` (a name such as `TERM`) to the program's process group.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), "--", &format!("-{}", self.child.id())])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the program to exit, failing the test after `timeout`.
    pub fn wait(&mut self, timeout: Duration) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(started.elapsed() < timeout, "telnyx-mock did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// All the program wrote to stderr (it must have exited, or this blocks).
    pub fn stderr(&mut self) -> String {
        let mut text = String::new();
        self.child.stderr.take().unwrap().read_to_string(&mut text).unwrap();
        text
    }

    /// The program's resident memory in KiB.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    /// Stops the program with SIGTERM, checks it exited cleanly and returns its stderr.
    pub fn stop(mut self) -> String {
        let _ = Command::new("kill").args(["-TERM", "--", &format!("-{}", self.child.id())]).status();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "exit status {status}");
        self.stderr()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).status();
            let _ = self.child.wait();
        }
    }
}

/// Sends raw bytes on a fresh connection and returns what came back (maybe nothing).
/// With `close_write` the sending side is shut and everything up to the close is read;
/// without it, reading stops at the end of the first answer's headers.
pub fn raw_exchange(address: SocketAddr, bytes: &[u8], close_write: bool) -> Vec<u8> {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = stream.write_all(bytes);
    if close_write {
        let _ = stream.shutdown(Shutdown::Write);
    }
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if out.windows(4).any(|w| w == b"\r\n\r\n") && !close_write {
                    break;
                }
            }
        }
    }
    out
}

/// Sends hostile `bytes` to `address` and checks that the answer, if there is one, is a 4xx.
pub async fn assert_4xx_or_no_answer(address: SocketAddr, bytes: &'static [u8], close_write: bool) {
    let answer = tokio::task::spawn_blocking(move || raw_exchange(address, bytes, close_write)).await.unwrap();
    if !answer.is_empty() {
        let status_line = String::from_utf8_lossy(&answer[..answer.len().min(12)]).into_owned();
        assert!(
            status_line.starts_with("HTTP/1.1 4"),
            "{:?} -> {status_line}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(40)])
        );
    }
}
