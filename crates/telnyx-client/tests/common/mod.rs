//! Helpers shared by the client's tests: a client aimed at a local server,
//! response bodies, and a raw TCP server for failures wiremock cannot play
//! (a dropped connection, a body that stalls half way).

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use telnyx_client::{Client, ClientBuilder, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub const KEY: &str = "KEYsecret0123456789";

/// Short backoff so retry tests take milliseconds.
pub fn fast_policy(max_retries: u32) -> RetryPolicy {
    RetryPolicy { max_retries, initial_delay_ms: 10, max_delay_ms: 40, max_server_wait_ms: 60_000 }
}

pub fn builder(base_url: &str) -> ClientBuilder {
    Client::builder().api_key(KEY).base_url(base_url).retry_policy(fast_policy(2))
}

pub fn client(base_url: &str) -> Client {
    builder(base_url).build().expect("a valid test client")
}

pub fn account_json(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "record_type": "managed_account",
        "email": format!("{id}@example.com"),
        "api_key": "KEYmanaged",
        "api_user": format!("{id}@example.com"),
        "api_token": "token-managed",
        "manager_account_id": "manager-1",
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
    })
}

pub fn list_item_json(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "record_type": "managed_account",
        "email": format!("{id}@example.com"),
        "api_user": format!("{id}@example.com"),
        "manager_account_id": "manager-1",
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
    })
}

/// What the raw server does with each connection.
#[derive(Clone, Copy, Debug)]
pub enum Misbehaviour {
    /// Reads the request, then closes without answering.
    DropConnection,
    /// Sends the headers and part of the body, then goes silent.
    StallBody,
}

/// A server on 127.0.0.1 that misbehaves on every connection, counting them.
pub struct RawServer {
    pub base_url: String,
    connections: Arc<AtomicUsize>,
}

impl RawServer {
    pub async fn start(misbehaviour: Misbehaviour) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut buffer = vec![0u8; 64 * 1024];
                    let _ = socket.read(&mut buffer).await;
                    match misbehaviour {
                        Misbehaviour::DropConnection => drop(socket),
                        Misbehaviour::StallBody => {
                            let head =
                                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n";
                            let _ = socket.write_all(head.as_bytes()).await;
                            let _ = socket.write_all(br#"{"data":{"#).await;
                            let _ = socket.flush().await;
                            tokio::time::sleep(Duration::from_secs(30)).await;
                        }
                    }
                });
            }
        });
        RawServer { base_url, connections }
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}
