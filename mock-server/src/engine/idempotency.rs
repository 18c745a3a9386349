//! Replies remembered by `Idempotency-Key`.

use crate::engine::reply::Reply;
use std::collections::{HashMap, VecDeque};

/// How many idempotency keys are remembered (oldest forgotten first).
pub const IDEMPOTENCY_CAPACITY: usize = 100_000;
/// Longest `Idempotency-Key` accepted.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

/// One remembered success: what was asked, and what was answered.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub key: String,
    pub method: String,
    /// The API path (without `/v2`).
    pub path: String,
    pub query: Option<String>,
    pub body: Vec<u8>,
    pub reply: Reply,
    /// When it was stored (engine time, ms).
    pub created_ms: u64,
}

impl Record {
    /// Whether `other` asks for the same thing (method, path and body).
    pub fn same_request(&self, method: &str, path: &str, body: &[u8]) -> bool {
        self.method == method && self.path == path && self.body == body
    }
}

#[derive(Clone, Debug, Default)]
pub struct Idempotency {
    records: HashMap<String, Record>,
    order: VecDeque<String>,
}

impl Idempotency {
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn get(&self, key: &str) -> Option<&Record> {
        self.records.get(key)
    }

    /// Every record, oldest first.
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.order.iter().filter_map(|key| self.records.get(key))
    }

    pub fn remember(&mut self, record: Record) {
        let key = record.key.clone();
        if self.records.insert(key.clone(), record).is_none() {
            self.order.push_back(key);
            while self.order.len() > IDEMPOTENCY_CAPACITY {
                if let Some(old) = self.order.pop_front() {
                    self.records.remove(&old);
                }
            }
        }
    }
}
