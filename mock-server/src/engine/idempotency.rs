//! Replies remembered by `Idempotency-Key`, under Telnyx's documented
//! contract: a key matches `^[A-Za-z0-9_:-]{1,255}$`; a record is the key,
//! the method and the path; the same key with another query or a body that
//! is not byte-for-byte identical is refused while the record exists; only
//! successes are remembered; a record lives 24 hours (engine time).

use crate::engine::reply::Reply;
use std::collections::{HashMap, VecDeque};

/// How many records are kept at most (the oldest go first).
pub const IDEMPOTENCY_CAPACITY: usize = 100_000;
/// Longest `Idempotency-Key` accepted.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;
/// How long a record lives: 24 hours, in ms.
pub const IDEMPOTENCY_TTL_MS: u64 = 24 * 60 * 60 * 1000;

/// Whether `key` matches `^[A-Za-z0-9_:-]{1,255}$`.
pub fn valid_key(key: &[u8]) -> bool {
    (1..=MAX_IDEMPOTENCY_KEY_LEN).contains(&key.len())
        && key.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'-'))
}

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
    pub fn expired(&self, now_ms: u64) -> bool {
        now_ms.saturating_sub(self.created_ms) >= IDEMPOTENCY_TTL_MS
    }

    fn id(&self) -> Id {
        (self.key.clone(), self.method.clone(), self.path.clone())
    }
}

/// Key, method, path.
type Id = (String, String, String);

#[derive(Clone, Debug, Default)]
pub struct Idempotency {
    records: HashMap<Id, Record>,
    /// Insertion order, with each record's `created_ms` (an entry whose
    /// record has since been replaced or dropped is skipped).
    order: VecDeque<(Id, u64)>,
}

impl Idempotency {
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// The live record for this key, method and path.
    pub fn get(&mut self, key: &str, method: &str, path: &str, now_ms: u64) -> Option<&Record> {
        let id = (key.to_owned(), method.to_owned(), path.to_owned());
        if self.records.get(&id).is_some_and(|record| record.expired(now_ms)) {
            self.records.remove(&id);
        }
        self.records.get(&id)
    }

    /// Every live record, oldest first.
    pub fn records(&self, now_ms: u64) -> impl Iterator<Item = &Record> {
        self.order
            .iter()
            .filter_map(|(id, created)| self.records.get(id).filter(|r| r.created_ms == *created))
            .filter(move |r| !r.expired(now_ms))
    }

    pub fn remember(&mut self, record: Record) {
        self.order.push_back((record.id(), record.created_ms));
        self.records.insert(record.id(), record);
        while self.records.len() > IDEMPOTENCY_CAPACITY {
            self.pop_oldest();
        }
    }

    /// Forgets records past their 24 hours, oldest first.
    pub fn purge(&mut self, now_ms: u64) {
        while let Some((id, created)) = self.order.front() {
            let stale = match self.records.get(id) {
                Some(record) => record.created_ms != *created || record.expired(now_ms),
                None => true,
            };
            if !stale {
                break;
            }
            self.pop_oldest();
        }
    }

    fn pop_oldest(&mut self) {
        if let Some((id, created)) = self.order.pop_front() {
            if self.records.get(&id).is_some_and(|r| r.created_ms == created) {
                self.records.remove(&id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(key: &str, created_ms: u64) -> Record {
        Record {
            key: key.to_owned(),
            method: "POST".to_owned(),
            path: "/managed_accounts".to_owned(),
            query: None,
            body: Vec::new(),
            reply: Reply::empty(200),
            created_ms,
        }
    }

    #[test]
    fn keys_match_the_documented_pattern() {
        for good in ["a", "A-Z_a:z-09", "7f1c9e2a-0b1d-4c55-9d1e-2f0a3b4c5d6e", &"k".repeat(255)] {
            assert!(valid_key(good.as_bytes()), "{good}");
        }
        for bad in ["", "has space", "dot.key", "slash/", "caf\u{e9}", "tab\t", &"k".repeat(256)] {
            assert!(!valid_key(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn a_record_lives_24_hours_to_the_millisecond() {
        let mut records = Idempotency::default();
        records.remember(record("k", 1_000));
        assert!(records.get("k", "POST", "/managed_accounts", 1_000 + IDEMPOTENCY_TTL_MS - 1).is_some());
        assert!(records.get("k", "POST", "/managed_accounts", 1_000 + IDEMPOTENCY_TTL_MS).is_none());
        assert_eq!(records.len(), 0);
    }

    #[test]
    fn purging_forgets_expired_records_and_keeps_a_record_stored_again() {
        let mut records = Idempotency::default();
        records.remember(record("old", 0));
        records.remember(record("new", IDEMPOTENCY_TTL_MS / 2));
        records.remember(record("old", IDEMPOTENCY_TTL_MS / 2));
        records.purge(IDEMPOTENCY_TTL_MS);
        let keys: Vec<&str> = records.records(IDEMPOTENCY_TTL_MS).map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["new", "old"]);
        records.purge(IDEMPOTENCY_TTL_MS * 2);
        assert_eq!(records.len(), 0);
    }
}
