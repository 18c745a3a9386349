//! Fault injection: rules that make matching requests fail on purpose.
//!
//! A rule matches by method and path, fires a set number of times, and then
//! answers with a status and body of its choosing, drops the connection, or
//! delays the real answer. With `after_commit` the real operation runs first
//! and only its reply is lost, which is what a client's retry logic must get
//! right for non-idempotent calls.

use crate::engine::api::api_path;
use crate::engine::errors::ApiFailure;
use crate::engine::reply::{Reply, JSON};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

/// One fault rule, as posted to `POST /__admin/faults` or built in Rust.
///
/// ```
/// use telnyx_mock::Fault;
/// let fault = Fault::status(503).on("POST", "/managed_accounts").header("retry-after", "1").times(2);
/// assert_eq!(fault.times, Some(2));
/// let json = serde_json::to_value(&fault).unwrap();
/// assert_eq!(json["status"], 503);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Matches this method only (any case); `None` matches every method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Matches this path, with or without `/v2`; a `*` or `{id}` segment
    /// matches any one segment. `None` matches every API path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// How many matching requests it hits (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u64>,
    /// Lets this many matching requests through before it starts hitting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip: Option<u64>,
    /// Hits only every n-th matching request (after `skip`): 10 fails 10 %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<u64>,
    /// The status to answer with. Without it (and without
    /// `drop_connection`) the real answer is sent, after `delay_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Headers to add to (or replace in) the answer.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The body: a string is sent as is (malformed JSON, HTML, nothing at
    /// all with `""`); any other JSON value is sent as JSON; `null` or no
    /// body sends a Telnyx error body for error statuses, nothing otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// The `Content-Type` of the answer (default `application/json` when there is a body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Waits this long before answering (or dropping).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Closes the connection without an answer.
    #[serde(default, skip_serializing_if = "is_false")]
    pub drop_connection: bool,
    /// Performs the real operation first, then fails the reply.
    #[serde(default, skip_serializing_if = "is_false")]
    pub after_commit: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The longest delay a fault may ask for.
pub const MAX_DELAY: Duration = Duration::from_secs(600);

impl Fault {
    /// Answers matching requests with `status` and a Telnyx error body.
    pub fn status(status: u16) -> Self {
        Fault { status: Some(status), ..Fault::default() }
    }

    /// Closes the connection of matching requests without answering.
    pub fn drop_connection() -> Self {
        Fault { drop_connection: true, ..Fault::default() }
    }

    /// Delays the real answer of matching requests.
    pub fn delay(delay: Duration) -> Self {
        Fault { delay_ms: Some(delay.as_millis().min(u128::from(u64::MAX)) as u64), ..Fault::default() }
    }

    /// Only requests with this method and path (with or without `/v2`).
    pub fn on(mut self, method: &str, path: &str) -> Self {
        self.method = Some(method.to_owned());
        self.path = Some(path.to_owned());
        self
    }

    /// Only requests to this path, whatever the method.
    pub fn on_path(mut self, path: &str) -> Self {
        self.path = Some(path.to_owned());
        self
    }

    pub fn times(mut self, times: u64) -> Self {
        self.times = Some(times);
        self
    }

    pub fn skip(mut self, skip: u64) -> Self {
        self.skip = Some(skip);
        self
    }

    pub fn every(mut self, every: u64) -> Self {
        self.every = Some(every);
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.insert(name.to_owned(), value.to_owned());
        self
    }

    /// Sends this exact text as the body, with this content type.
    pub fn body_raw(mut self, body: &str, content_type: &str) -> Self {
        self.body = Some(Value::String(body.to_owned()));
        self.content_type = Some(content_type.to_owned());
        self
    }

    /// Sends this JSON value as the body.
    pub fn body_json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay_ms = Some(delay.as_millis().min(u128::from(u64::MAX)) as u64);
        self
    }

    pub fn after_commit(mut self) -> Self {
        self.after_commit = true;
        self
    }

    /// Checks the rule before it is stored, so that firing it cannot fail.
    pub fn validate(&self) -> Result<(), ApiFailure> {
        if let Some(status) = self.status {
            if !(200..=599).contains(&status) {
                return Err(ApiFailure::invalid_field("/status", "`status` must be between 200 and 599."));
            }
        }
        if self.status.is_none() && !self.drop_connection && self.delay_ms.is_none() {
            return Err(ApiFailure::invalid_field(
                "/status",
                "A fault needs a `status`, `drop_connection: true` or a `delay_ms`.",
            ));
        }
        if self.times == Some(0) {
            return Err(ApiFailure::invalid_field("/times", "`times` must be at least 1."));
        }
        if self.every == Some(0) {
            return Err(ApiFailure::invalid_field("/every", "`every` must be at least 1."));
        }
        if let Some(method) = &self.method {
            if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(ApiFailure::invalid_field("/method", "`method` must be an HTTP method such as `POST`."));
            }
        }
        if let Some(path) = &self.path {
            if !path.starts_with('/') {
                return Err(ApiFailure::invalid_field("/path", "`path` must start with `/`."));
            }
        }
        if self.delay_ms.is_some_and(|ms| Duration::from_millis(ms) > MAX_DELAY) {
            return Err(ApiFailure::invalid_field("/delay_ms", "`delay_ms` must be at most 600000."));
        }
        for (name, value) in &self.headers {
            let valid_name = http::HeaderName::from_bytes(name.as_bytes()).is_ok();
            let valid_value = http::HeaderValue::from_str(value).is_ok();
            let framing =
                ["content-length", "transfer-encoding", "connection"].contains(&name.to_ascii_lowercase().as_str());
            if !valid_name || !valid_value || framing {
                return Err(ApiFailure::invalid_field(
                    &format!("/headers/{}", name.replace('~', "~0").replace('/', "~1")),
                    "Header names and values must be valid HTTP and must not set the message framing.",
                ));
            }
        }
        if let Some(content_type) = &self.content_type {
            if http::HeaderValue::from_str(content_type).is_err() {
                return Err(ApiFailure::invalid_field("/content_type", "`content_type` must be a valid header value."));
            }
        }
        Ok(())
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        // (CORS preflights are answered before faults are consulted.)
        if let Some(wanted) = &self.method {
            if !wanted.eq_ignore_ascii_case(method) {
                return false;
            }
        }
        match &self.path {
            None => true,
            Some(pattern) => path_matches(pattern, path),
        }
    }

    /// The answer this rule gives (for `status`/`drop_connection` rules).
    pub fn reply(&self) -> Option<Reply> {
        let delay = self.delay_ms.map(Duration::from_millis);
        let mut reply = if self.drop_connection {
            let mut reply = Reply::empty(200);
            reply.drop_connection = true;
            reply
        } else {
            let status = self.status?;
            let mut reply = match &self.body {
                None | Some(Value::Null) if status >= 400 => Reply::failure(&ApiFailure::for_status(status)),
                None | Some(Value::Null) => Reply::empty(status),
                Some(Value::String(text)) => Reply::raw(status, text.clone().into_bytes(), JSON),
                Some(value) => Reply::json(status, value),
            };
            reply.status = status;
            if let Some(content_type) = &self.content_type {
                reply.content_type = Some(content_type.clone());
            }
            if matches!(&self.body, Some(Value::String(text)) if text.is_empty()) && self.content_type.is_none() {
                reply.content_type = None;
            }
            for (name, value) in &self.headers {
                reply.set_header(name, value);
            }
            reply
        };
        reply.delay = delay;
        Some(reply)
    }
}

/// `pattern` (as a rule names it: with or without `/v2`) against a request's
/// API path (the engine has stripped `/v2`), either with a trailing `/`.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let pattern = api_path(pattern).trim_end_matches('/');
    let path = path.trim_end_matches('/');
    let mut wanted = pattern.split('/');
    let mut actual = path.split('/');
    loop {
        match (wanted.next(), actual.next()) {
            (None, None) => return true,
            (Some(w), Some(a)) if w == a || w == "*" || (w.starts_with('{') && w.ends_with('}')) => {}
            _ => return false,
        }
    }
}

/// A stored rule and how often it has matched and fired.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    pub id: u64,
    #[serde(flatten)]
    pub fault: Fault,
    /// Matching requests seen so far.
    pub matched: u64,
    /// Times it fired so far.
    pub hits: u64,
    /// Times it will still fire.
    pub remaining: u64,
}

/// The active rules, checked in the order they were added.
#[derive(Clone, Debug, Default)]
pub struct FaultSet {
    rules: Vec<FaultRule>,
    next_id: u64,
}

impl FaultSet {
    pub fn add(&mut self, fault: Fault) -> Result<FaultRule, ApiFailure> {
        fault.validate()?;
        self.next_id += 1;
        let rule = FaultRule { id: self.next_id, remaining: fault.times.unwrap_or(1), fault, matched: 0, hits: 0 };
        self.rules.push(rule.clone());
        Ok(rule)
    }

    pub fn clear(&mut self) -> usize {
        let n = self.rules.len();
        self.rules.clear();
        n
    }

    pub fn remove(&mut self, id: u64) -> bool {
        let before = self.rules.len();
        self.rules.retain(|r| r.id != id);
        self.rules.len() != before
    }

    pub fn rules(&self) -> &[FaultRule] {
        &self.rules
    }

    /// The first rule that fires for this request, if any (and counts it).
    pub fn check(&mut self, method: &str, path: &str) -> Option<(u64, Fault)> {
        for rule in &mut self.rules {
            if rule.remaining == 0 || !rule.fault.matches(method, path) {
                continue;
            }
            rule.matched += 1;
            let skip = rule.fault.skip.unwrap_or(0);
            if rule.matched <= skip {
                continue;
            }
            let every = rule.fault.every.unwrap_or(1);
            if (rule.matched - skip - 1) % every != 0 {
                continue;
            }
            rule.remaining -= 1;
            rule.hits += 1;
            return Some((rule.id, rule.fault.clone()));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_with_or_without_the_v2_root_and_with_wildcards() {
        assert!(path_matches("/managed_accounts", "/managed_accounts/"));
        assert!(path_matches("/v2/managed_accounts/", "/managed_accounts"));
        assert!(path_matches("/v2/managed_accounts/*/actions/disable", "/managed_accounts/abc/actions/disable"));
        assert!(path_matches("/managed_accounts/{id}", "/managed_accounts/abc"));
        assert!(!path_matches("/managed_accounts", "/managed_accounts/abc"));
    }

    #[test]
    fn a_rule_fires_its_number_of_times_then_stops() {
        let mut set = FaultSet::default();
        set.add(Fault::status(503).on("POST", "/managed_accounts").times(2)).unwrap();
        assert!(set.check("GET", "/managed_accounts").is_none());
        assert!(set.check("POST", "/managed_accounts/").is_some());
        assert!(set.check("post", "/managed_accounts").is_some());
        assert!(set.check("POST", "/managed_accounts").is_none());
        assert_eq!(set.rules()[0].hits, 2);
    }

    #[test]
    fn skip_and_every_make_deterministic_intermittent_failures() {
        let mut set = FaultSet::default();
        set.add(Fault::status(500).on_path("/managed_accounts").skip(1).every(3).times(100)).unwrap();
        let fired: Vec<bool> = (0..8).map(|_| set.check("GET", "/managed_accounts").is_some()).collect();
        assert_eq!(fired, [false, true, false, false, true, false, false, true]);
    }

    #[test]
    fn invalid_rules_are_refused_before_they_can_fire() {
        assert!(Fault::status(99).validate().is_err());
        assert!(Fault::status(503).header("bad header", "x").validate().is_err());
        assert!(Fault::status(503).header("content-length", "5").validate().is_err());
        assert!(Fault::default().validate().is_err());
        assert!(Fault::status(503).times(0).validate().is_err());
    }

    #[test]
    fn a_string_body_is_sent_raw_and_a_missing_body_is_a_telnyx_error() {
        let raw = Fault::status(200).body_raw("{not json", "application/json").reply().unwrap();
        assert_eq!(raw.body, b"{not json");
        let default = Fault::status(503).reply().unwrap();
        let json: Value = serde_json::from_slice(&default.body).unwrap();
        assert_eq!(json["errors"][0]["code"], "10007");
        let empty = Fault::status(200).body_raw("", "application/json").reply().unwrap();
        assert!(empty.body.is_empty());
    }
}
