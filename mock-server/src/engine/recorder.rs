//! The request log behind `GET /__admin/requests` and `MockTelnyx::requests`.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// How much of each body the log keeps.
pub const MAX_LOGGED_BODY: usize = 64 * 1024;

/// One API request as the mock received it (admin calls are not logged).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// Position in the log, counting from 1 since the last reset.
    pub seq: u64,
    /// The `x-request-id` the mock answered with.
    pub request_id: String,
    pub method: String,
    /// The path as sent (with `/v2` if it was there), without the query.
    pub path: String,
    /// The raw query string, without `?`, if there was one.
    pub query: Option<String>,
    /// Lower-case names; the `authorization` value is redacted.
    pub headers: BTreeMap<String, String>,
    /// The body as text (invalid UTF-8 replaced), cut at 64 KiB; `None` when empty.
    pub body: Option<String>,
    /// The body's full length in bytes.
    pub body_bytes: usize,
    /// The operation it reached (the JS SDK's name), if any.
    pub operation: Option<String>,
    /// The status answered (`0` for a dropped connection).
    pub status: u16,
    /// The id of the fault rule that hit it, if one did.
    pub fault: Option<u64>,
    /// Whether the answer was an idempotent replay.
    pub replayed: bool,
}

/// A bounded log: the oldest entries go first once it is full.
#[derive(Clone, Debug)]
pub struct RequestLog {
    entries: VecDeque<RecordedRequest>,
    capacity: usize,
    next_seq: u64,
    dropped: u64,
}

impl RequestLog {
    pub fn new(capacity: usize) -> Self {
        RequestLog { entries: VecDeque::new(), capacity, next_seq: 1, dropped: 0 }
    }

    pub fn push(&mut self, mut entry: RecordedRequest) -> u64 {
        entry.seq = self.next_seq;
        self.next_seq += 1;
        if self.capacity == 0 {
            self.dropped += 1;
            return entry.seq;
        }
        if self.entries.len() >= self.capacity {
            self.entries.pop_front();
            self.dropped += 1;
        }
        let seq = entry.seq;
        self.entries.push_back(entry);
        seq
    }

    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &RecordedRequest> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Entries pushed out because the log was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.next_seq = 1;
        self.dropped = 0;
    }
}

/// Redacts an `Authorization` value, keeping the scheme so tests can see it.
pub fn redact_authorization(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, _)) if !scheme.is_empty() => format!("{scheme} [redacted]"),
        _ => "[redacted]".to_owned(),
    }
}

/// The logged form of a body.
pub fn logged_body(body: &[u8]) -> Option<String> {
    if body.is_empty() {
        return None;
    }
    let cut = &body[..body.len().min(MAX_LOGGED_BODY)];
    Some(String::from_utf8_lossy(cut).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> RecordedRequest {
        RecordedRequest {
            seq: 0,
            request_id: String::new(),
            method: "GET".into(),
            path: "/".into(),
            query: None,
            headers: BTreeMap::new(),
            body: None,
            body_bytes: 0,
            operation: None,
            status: 200,
            fault: None,
            replayed: false,
        }
    }

    #[test]
    fn the_log_keeps_the_newest_entries_and_counts_the_rest() {
        let mut log = RequestLog::new(2);
        for _ in 0..5 {
            log.push(entry());
        }
        assert_eq!(log.len(), 2);
        assert_eq!(log.dropped(), 3);
        assert_eq!(log.entries().map(|e| e.seq).collect::<Vec<_>>(), [4, 5]);
    }

    #[test]
    fn authorization_values_are_redacted_but_keep_their_scheme() {
        assert_eq!(redact_authorization("Bearer KEY123"), "Bearer [redacted]");
        assert_eq!(redact_authorization("KEY123"), "[redacted]");
    }
}
