//! The mock's domain as a pure engine: a [`Request`] value in, a
//! [`Response`] value out.
//!
//! The engine does no I/O, reads no clock and draws no random numbers of its
//! own: the caller passes the time (milliseconds since the Unix epoch) and
//! a random `u64` with every request, and carries out what the response asks
//! (wait first, answer, or drop the connection). The adapters in
//! `crate::adapters` do that for wiremock and for the hyper server; anything
//! else (a JavaScript `fetch`) can do the same.
//!
//! Order of checks for an API request: body size (413), route (404/405),
//! credentials (401), rate limit (429), idempotent replay, parameters and
//! body (400/415/422), then the operation. Fault rules are consulted first
//! and either replace that whole path or (with `after_commit`) its reply.

pub(crate) mod admin;
pub(crate) mod api;
pub(crate) mod errors;
pub(crate) mod faults;
pub(crate) mod idempotency;
pub(crate) mod ids;
pub(crate) mod input;
pub(crate) mod oauth;
pub(crate) mod rate;
pub(crate) mod recorder;
pub(crate) mod reply;
pub(crate) mod seed;
pub(crate) mod snapshot;
pub(crate) mod state;

use crate::{Error, Seed};
use api::{Call, Route};
use errors::ApiFailure;
use faults::FaultSet;
use http::{HeaderMap, HeaderName, HeaderValue};
use idempotency::{valid_key, Idempotency, Record, MAX_IDEMPOTENCY_KEY_LEN};
use ids::{Entropy, SeededRng};
use input::Query;
use oauth::{OAuthClient, TokenState, Tokens};
use rate::{RateState, RateWindow};
use recorder::{logged_body, redact_authorization, RecordedRequest, RequestLog};
use reply::Reply;
use snapshot::{IdempotencyRecord, Snapshot};
use state::Store;
use std::collections::BTreeMap;
use std::time::Duration;

/// Settings fixed when the engine is made.
#[derive(Clone, Debug)]
pub struct Config {
    /// When set, only `Bearer <api_key>` is accepted; otherwise any non-empty token.
    pub api_key: Option<String>,
    /// Added to every API answer.
    pub latency: Option<Duration>,
    /// Bodies longer than this get 413.
    pub body_limit: usize,
    /// Requests per window; enforced with 429 only when set.
    pub rate_limit: Option<u64>,
    pub rate_window: Duration,
    /// How many requests the log keeps.
    pub request_log_capacity: usize,
    /// The client `POST /v2/oauth/token` accepts, and its tokens' lifetime.
    pub oauth: OAuthClient,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            api_key: None,
            latency: None,
            body_limit: 1024 * 1024,
            rate_limit: None,
            rate_window: Duration::from_secs(60),
            request_log_capacity: 10_000,
            oauth: OAuthClient::default(),
        }
    }
}

/// One HTTP request as the engine sees it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// Upper case as sent (`GET`, `POST`, ...).
    pub method: String,
    /// The path as sent, percent-encoded, without the query.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Request {
    /// A request for `target` (a path with an optional `?query`).
    pub fn new(method: &str, target: &str) -> Self {
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (target, None),
        };
        Request { method: method.to_owned(), path: path.to_owned(), query, ..Request::default() }
    }

    /// Adds a header; a name or value that is not valid HTTP is skipped.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            self.headers.append(name, value);
        }
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    pub(crate) fn header_str(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What the engine answers, and how the adapter is to deliver it.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: u16,
    /// Every header, each name once, in the order they were set.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (or dropping the connection).
    pub delay: Option<Duration>,
    /// Close the connection instead of answering.
    pub drop_connection: bool,
    /// The `x-request-id` of this answer.
    pub request_id: String,
    /// What the request log noted (` fault=N`, ` replayed`), for a log line.
    pub note: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.as_str().eq_ignore_ascii_case(name)).and_then(|(_, v)| v.to_str().ok())
    }
}

/// The whole mutable state of a mock, and the rules that act on it.
pub struct Engine {
    pub(crate) store: Store,
    /// The starting state, restored by a reset.
    pub(crate) seed: Store,
    pub(crate) faults: FaultSet,
    pub(crate) log: RequestLog,
    pub(crate) idempotency: Idempotency,
    pub(crate) rate: RateWindow,
    pub(crate) config: Config,
    /// Access tokens issued by the OAuth endpoint.
    pub(crate) tokens: Tokens,
    now_ms: u64,
    /// Randomness for the request at hand (the store has its own).
    rng: SeededRng,
}

const EXPOSED_HEADERS: &str =
    "x-request-id, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, retry-after, \
                               retry-after-ms, idempotent-replayed, content-length";

impl Engine {
    /// An engine whose state (and what a reset restores) is `seed`.
    ///
    /// ```
    /// use telnyx_mock::engine::{Config, Engine, Request};
    /// use telnyx_mock::Seed;
    ///
    /// let mut engine = Engine::from_seed(&Seed::Empty, Config::default()).unwrap();
    /// let request = Request::new("GET", "/v2/managed_accounts?page[size]=5").header("authorization", "Bearer k");
    /// let response = engine.handle(&request, 1_700_000_000_000, 42);
    /// assert_eq!(response.status, 200);
    /// assert_eq!(response.header("content-type"), Some("application/json"));
    /// ```
    pub fn from_seed(seed: &Seed, config: Config) -> Result<Self, Error> {
        match seed.snapshot()? {
            Some(snapshot) => {
                let limit = config.rate_limit.map(|limit| (limit, duration_ms(config.rate_window)));
                let mut engine = Engine::new(snapshot.to_store()?, config);
                engine.restore(snapshot)?;
                // A limit given with the seed wins over the snapshot's.
                if let Some((limit, window_ms)) = limit {
                    engine.rate.limit = Some(limit);
                    engine.rate.window_ms = window_ms;
                }
                Ok(engine)
            }
            None => Ok(Engine::new(seed.build()?, config)),
        }
    }

    /// The whole state: data, idempotency records and rate window.
    pub fn snapshot(&self) -> Snapshot {
        let mut snapshot = Snapshot::of_store(&self.store);
        snapshot.idempotency = self.idempotency.records(self.now_ms).map(IdempotencyRecord::from_record).collect();
        snapshot.rate = Some(self.rate.clone());
        snapshot.oauth_tokens = self.tokens.issued();
        snapshot
    }

    /// Replaces the whole state with `snapshot`, which also becomes what a
    /// reset returns to. Faults and the request log stay as they are.
    pub fn restore(&mut self, snapshot: Snapshot) -> Result<(), Error> {
        let store = snapshot.to_store()?;
        let mut idempotency = Idempotency::default();
        for record in &snapshot.idempotency {
            idempotency.remember(record.to_record());
        }
        // Tokens are only ever added: a client keeps its cached token across loads.
        for token in snapshot.oauth_tokens {
            self.tokens.insert(token);
        }
        self.seed = store.clone();
        self.store = store;
        self.idempotency = idempotency;
        match snapshot.rate {
            Some(rate) => self.rate = rate,
            None => self.rate.clear(),
        }
        Ok(())
    }

    pub(crate) fn new(seed: Store, config: Config) -> Self {
        Engine {
            store: seed.clone(),
            seed,
            faults: FaultSet::default(),
            log: RequestLog::new(config.request_log_capacity),
            idempotency: Idempotency::default(),
            rate: RateWindow::new(config.rate_limit, duration_ms(config.rate_window)),
            config,
            tokens: Tokens::default(),
            now_ms: 0,
            rng: SeededRng::new(0),
        }
    }

    /// Sets the engine's time and randomness for what follows.
    pub(crate) fn set_clock(&mut self, now_ms: u64, random: u64) {
        self.now_ms = now_ms;
        self.idempotency.purge(now_ms);
        self.store.set_clock(now_ms, random);
        self.rng = SeededRng::new(random ^ 0x5DEE_CE66_D1CE_4E5B);
    }

    /// Restores the seeded state and forgets faults, requests and idempotency keys.
    pub(crate) fn reset(&mut self) {
        self.store = self.seed.clone();
        self.faults.clear();
        self.log.clear();
        self.idempotency = Idempotency::default();
        self.rate.clear();
    }

    /// Serves one request at `now_ms` (milliseconds since the Unix epoch),
    /// drawing ids and keys from `random`.
    pub fn handle(&mut self, request: &Request, now_ms: u64, random: u64) -> Response {
        let mut rng = SeededRng::new(random);
        let request_id = Entropy(&mut rng).uuid();
        self.set_clock(now_ms, rng.next_u64());
        let method = request.method.as_str();
        let path = request.path.as_str();
        let mut common: Vec<(HeaderName, HeaderValue)> = vec![
            (HeaderName::from_static("access-control-allow-origin"), HeaderValue::from_static("*")),
            (HeaderName::from_static("access-control-expose-headers"), HeaderValue::from_static(EXPOSED_HEADERS)),
        ];
        common.extend(header("x-request-id", &request_id));

        let is_admin = path == "/__admin" || path.starts_with("/__admin/");
        let rate = if method == "OPTIONS" || is_admin { self.rate.peek(now_ms) } else { self.rate.tick(now_ms) };
        common.extend(header("x-ratelimit-limit", &rate.limit.to_string()));
        common.extend(header("x-ratelimit-remaining", &rate.remaining.to_string()));
        common.extend(header("x-ratelimit-reset", &rate.reset_secs.to_string()));
        let (reply, note) = if method == "OPTIONS" {
            (preflight(request), String::new())
        } else if is_admin {
            (admin::handle(self, method, path, request.query.as_deref(), &request.body), String::new())
        } else {
            let mut reply = self.api_request(request, &request_id, &rate);
            if let Some(latency) = self.config.latency {
                reply.delay = Some(reply.delay.unwrap_or_default() + latency);
            }
            let note = match self.log.entries().next_back() {
                Some(entry) if entry.request_id == request_id => {
                    let mut note = String::new();
                    if let Some(fault) = entry.fault {
                        note.push_str(&format!(" fault={fault}"));
                    }
                    if entry.replayed {
                        note.push_str(" replayed");
                    }
                    note
                }
                _ => String::new(),
            };
            (reply, note)
        };
        reply.into_response(common, request_id, note)
    }
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn header(name: &'static str, value: &str) -> Option<(HeaderName, HeaderValue)> {
    HeaderValue::from_str(value).ok().map(|v| (HeaderName::from_static(name), v))
}

/// Answers a CORS preflight: any origin, the API's methods, any requested headers.
fn preflight(request: &Request) -> Reply {
    let mut reply = Reply::empty(204);
    reply.set_header("access-control-allow-methods", "GET, POST, PATCH, PUT, DELETE, OPTIONS");
    let requested = request
        .header_str("access-control-request-headers")
        .filter(|h| !h.trim().is_empty())
        .unwrap_or("authorization, content-type, idempotency-key, accept");
    reply.set_header("access-control-allow-headers", requested);
    reply.set_header("access-control-max-age", "86400");
    if request.header_str("access-control-request-private-network") == Some("true") {
        reply.set_header("access-control-allow-private-network", "true");
    }
    reply
}

impl Engine {
    fn api_request(&mut self, request: &Request, request_id: &str, rate: &RateState) -> Reply {
        let method = request.method.as_str();
        let path = api::api_path(&request.path);
        let route = api::route(method, path);
        let operation = match &route {
            Route::Operation(op, _) => Some(op.js_name().to_owned()),
            _ => None,
        };
        let mut entry = RecordedRequest {
            seq: 0,
            request_id: request_id.to_owned(),
            method: method.to_owned(),
            path: request.path.clone(),
            query: request.query.clone(),
            headers: request
                .headers
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes());
                    let value = if name == "authorization" { redact_authorization(&value) } else { value.into_owned() };
                    (name.as_str().to_owned(), value)
                })
                .collect::<BTreeMap<_, _>>(),
            body: if oauth::is_token_path(path) {
                logged_body(&oauth::logged_form(&request.body))
            } else {
                logged_body(&request.body)
            },
            body_bytes: request.body.len(),
            operation,
            status: 0,
            fault: None,
            replayed: false,
        };

        let fault = self.faults.check(method, path);
        let reply = match &fault {
            Some((_, fault)) if !fault.after_commit && (fault.status.is_some() || fault.drop_connection) => {
                fault.reply().unwrap_or_else(|| Reply::empty(500))
            }
            _ => {
                let (reply, replayed) = self.serve(request, path, route, rate);
                entry.replayed = replayed;
                match &fault {
                    Some((_, fault)) if fault.status.is_some() || fault.drop_connection => {
                        fault.reply().unwrap_or(reply)
                    }
                    Some((_, fault)) => {
                        // A delay-only rule: the real answer, late.
                        let mut reply = reply;
                        reply.delay = fault.delay_ms.map(Duration::from_millis);
                        reply
                    }
                    None => reply,
                }
            }
        };
        entry.fault = fault.map(|(id, _)| id);
        entry.status = if reply.drop_connection { 0 } else { reply.status };
        self.log.push(entry);
        reply
    }

    /// The real work: checks, idempotency, the operation. Returns the reply and
    /// whether it was an idempotent replay.
    fn serve(&mut self, request: &Request, api_path: &str, route: Route, rate: &RateState) -> (Reply, bool) {
        let method = request.method.as_str();
        let path = request.path.as_str();
        let fail = |failure: ApiFailure| (Reply::failure(&failure), false);
        if request.body.len() > self.config.body_limit {
            return fail(ApiFailure::payload_too_large(self.config.body_limit));
        }
        if oauth::is_token_path(api_path) {
            if rate.exceeded {
                return fail(ApiFailure::too_many_requests(rate.reset_secs.max(1)));
            }
            let reply = oauth::token(&self.config.oauth, &mut self.tokens, request, self.now_ms, &mut self.rng);
            return (reply, false);
        }
        let (op, id) = match route {
            Route::Operation(op, id) => (op, id),
            Route::MethodNotAllowed(allowed) => return fail(ApiFailure::method_not_allowed(method, path, allowed)),
            Route::NotFound => return fail(ApiFailure::no_route(method, path)),
        };
        if let Err(failure) =
            authenticate(request.header_str("authorization"), self.config.api_key.as_deref(), &self.tokens, self.now_ms)
        {
            return fail(failure);
        }
        if rate.exceeded {
            return fail(ApiFailure::too_many_requests(rate.reset_secs.max(1)));
        }

        let idempotency_key = match (method, request.headers.get("idempotency-key")) {
            ("POST", Some(value)) if valid_key(value.as_bytes()) => {
                Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
            }
            ("POST", Some(_)) => {
                return fail(
                    ApiFailure::new(
                        422,
                        errors::INVALID_VALUE,
                        "Invalid value",
                        format!(
                            "`Idempotency-Key` must be 1 to {MAX_IDEMPOTENCY_KEY_LEN} letters, digits, `_`, `:` or \
                             `-` (^[A-Za-z0-9_:-]{{1,255}}$)."
                        ),
                    )
                    .at_parameter("Idempotency-Key"),
                )
            }
            _ => None,
        };
        if let Some(key) = &idempotency_key {
            if let Some(record) = self.idempotency.get(key, method, api_path, self.now_ms) {
                let differs = if record.query != request.query {
                    Some("query string")
                } else if record.body != request.body {
                    Some("body")
                } else {
                    None
                };
                if let Some(what) = differs {
                    return fail(
                        ApiFailure::new(
                            422,
                            errors::INVALID_VALUE,
                            "Idempotency key reused",
                            format!(
                                "This `Idempotency-Key` was already used for {method} {api_path} with a different \
                                 {what} in the last 24 hours."
                            ),
                        )
                        .at_parameter("Idempotency-Key"),
                    );
                }
                let mut replay = record.reply.clone();
                replay.set_header("idempotent-replayed", "true");
                return (replay, true);
            }
        }

        let query = match Query::parse(request.query.as_deref()) {
            Ok(query) => query,
            Err(failure) => return fail(failure),
        };
        let call = Call {
            op,
            id: id.as_deref(),
            query: &query,
            body: &request.body,
            content_type: request.header_str("content-type"),
            accept: request.header_str("accept"),
        };
        let reply = match api::execute(&mut self.store, &call) {
            Ok(reply) => reply,
            Err(failure) => Reply::failure(&failure),
        };
        if let Some(key) = idempotency_key {
            if (200..300).contains(&reply.status) {
                self.idempotency.remember(Record {
                    key,
                    method: method.to_owned(),
                    path: api_path.to_owned(),
                    query: request.query.clone(),
                    body: request.body.clone(),
                    reply: reply.clone(),
                    created_ms: self.now_ms,
                });
            }
        }
        (reply, false)
    }
}

/// `Authorization: Bearer <token>`: a token must be there, and must be the
/// configured key when there is one, or an unexpired token of the OAuth endpoint.
fn authenticate(
    authorization: Option<&str>,
    api_key: Option<&str>,
    tokens: &Tokens,
    now_ms: u64,
) -> Result<(), ApiFailure> {
    let token = authorization.and_then(|value| {
        let (scheme, token) = value.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    });
    let token = match token {
        None | Some("") => {
            return Err(ApiFailure::unauthenticated(
                "Could not understand the provided credentials: send `Authorization: Bearer <API key>`.",
            ))
        }
        Some(token) => token,
    };
    match (tokens.check(token, now_ms), api_key) {
        (TokenState::Valid, _) => Ok(()),
        (TokenState::Expired, _) => Err(ApiFailure::unauthenticated(
            "Could not understand the provided credentials: the access token has expired; request a new one \
             from /v2/oauth/token.",
        )),
        (TokenState::Unknown, Some(key)) if token != key => {
            Err(ApiFailure::unauthenticated("Could not understand the provided credentials: the API key is not valid."))
        }
        (TokenState::Unknown, _) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bearer_token_is_required_and_checked_when_a_key_is_configured() {
        let none = Tokens::default();
        assert_eq!(authenticate(None, None, &none, 0).unwrap_err().status, 401);
        assert_eq!(authenticate(Some("Bearer "), None, &none, 0).unwrap_err().status, 401);
        assert_eq!(authenticate(Some("Basic abc"), None, &none, 0).unwrap_err().status, 401);
        assert!(authenticate(Some("Bearer anything"), None, &none, 0).is_ok());
        assert!(authenticate(Some("bearer KEY"), Some("KEY"), &none, 0).is_ok());
        assert_eq!(authenticate(Some("Bearer other"), Some("KEY"), &none, 0).unwrap_err().status, 401);
    }

    #[test]
    fn an_issued_token_is_accepted_beside_the_key_until_it_expires() {
        let mut tokens = Tokens::default();
        tokens.insert(oauth::IssuedToken { access_token: "tmo_x".to_owned(), expires_ms: 1_000 });
        assert!(authenticate(Some("Bearer tmo_x"), Some("KEY"), &tokens, 999).is_ok());
        assert_eq!(authenticate(Some("Bearer tmo_x"), Some("KEY"), &tokens, 1_000).unwrap_err().status, 401);
        assert_eq!(authenticate(Some("Bearer tmo_x"), None, &tokens, 1_000).unwrap_err().status, 401);
    }
}
