//! The responder: every request passes through here, under one lock.
//!
//! Order of checks for an API request: body size (413), route (404/405),
//! credentials (401), rate limit (429), idempotent replay, parameters and
//! body (400/415/422), then the operation. Fault rules are consulted first
//! and either replace that whole path or (with `after_commit`) its reply.

use crate::api::{self, Call, Route};
use crate::errors::ApiFailure;
use crate::faults::FaultSet;
use crate::ids::Entropy;
use crate::input::Query;
use crate::recorder::{logged_body, redact_authorization, RecordedRequest, RequestLog};
use crate::reply::Reply;
use crate::state::Store;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use wiremock::http::{HeaderName, HeaderValue};
use wiremock::{Request, Respond, ResponseTemplate};

/// Settings fixed when the server starts.
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
    /// Print one line per request to stderr.
    pub log_to_stderr: bool,
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
            log_to_stderr: false,
        }
    }
}

/// The limit reported when none is enforced.
pub const UNENFORCED_RATE_LIMIT: u64 = 1_000_000;
/// How many idempotency keys are remembered (oldest forgotten first).
pub const IDEMPOTENCY_CAPACITY: usize = 100_000;
/// Longest `Idempotency-Key` accepted.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

/// Everything the responder and the admin API share.
pub struct Inner {
    pub store: Store,
    /// The seeded state, restored by a reset.
    pub seed: Store,
    pub faults: FaultSet,
    pub log: RequestLog,
    pub idempotency: Idempotency,
    pub rate: RateWindow,
    pub config: Config,
}

impl Inner {
    pub fn new(seed: Store, config: Config) -> Self {
        Inner {
            store: seed.clone(),
            seed,
            faults: FaultSet::default(),
            log: RequestLog::new(config.request_log_capacity),
            idempotency: Idempotency::default(),
            rate: RateWindow::default(),
            config,
        }
    }

    /// Restores the seeded state and forgets faults, requests and idempotency keys.
    pub fn reset(&mut self) {
        self.store = self.seed.clone();
        self.faults.clear();
        self.log.clear();
        self.idempotency = Idempotency::default();
        self.rate = RateWindow::default();
    }
}

pub type Shared = Arc<Mutex<Inner>>;

/// Locks the shared state; a panic elsewhere never makes it unusable.
pub fn lock(shared: &Shared) -> MutexGuard<'_, Inner> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Replies remembered by `Idempotency-Key`.
#[derive(Default)]
pub struct Idempotency {
    replies: HashMap<String, (u64, Reply)>,
    order: VecDeque<String>,
}

impl Idempotency {
    pub fn len(&self) -> usize {
        self.replies.len()
    }

    fn remember(&mut self, key: String, fingerprint: u64, reply: Reply) {
        if self.replies.insert(key.clone(), (fingerprint, reply)).is_none() {
            self.order.push_back(key);
            while self.order.len() > IDEMPOTENCY_CAPACITY {
                if let Some(old) = self.order.pop_front() {
                    self.replies.remove(&old);
                }
            }
        }
    }
}

/// A fixed-window request counter behind the `x-ratelimit-*` headers.
#[derive(Default)]
pub struct RateWindow {
    started: Option<Instant>,
    count: u64,
}

struct RateState {
    limit: u64,
    remaining: u64,
    reset_secs: u64,
    exceeded: bool,
}

impl RateWindow {
    /// The window as it stands, without counting a request (admin calls, preflights).
    fn peek(&self, config: &Config) -> RateState {
        let window = config.rate_window.max(Duration::from_secs(1));
        let (count, left) = match self.started {
            Some(started) if started.elapsed() < window => (self.count, window.saturating_sub(started.elapsed())),
            _ => (0, window),
        };
        let limit = config.rate_limit.unwrap_or(UNENFORCED_RATE_LIMIT);
        RateState {
            limit,
            remaining: limit.saturating_sub(count),
            reset_secs: left.as_secs() + u64::from(left.subsec_nanos() > 0),
            exceeded: false,
        }
    }

    fn tick(&mut self, config: &Config) -> RateState {
        let now = Instant::now();
        let window = config.rate_window.max(Duration::from_secs(1));
        let started = match self.started {
            Some(started) if now.duration_since(started) < window => started,
            _ => {
                self.count = 0;
                self.started = Some(now);
                now
            }
        };
        self.count += 1;
        let limit = config.rate_limit.unwrap_or(UNENFORCED_RATE_LIMIT);
        let left = window.saturating_sub(now.duration_since(started));
        RateState {
            limit,
            remaining: limit.saturating_sub(self.count),
            reset_secs: left.as_secs() + u64::from(left.subsec_nanos() > 0),
            exceeded: config.rate_limit.is_some() && self.count > limit,
        }
    }
}

/// The `wiremock` responder that serves the whole API and the admin routes.
#[derive(Clone)]
pub struct Router {
    shared: Shared,
}

impl Router {
    pub fn new(shared: Shared) -> Self {
        Router { shared }
    }
}

const EXPOSED_HEADERS: &str =
    "x-request-id, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, retry-after, \
                               retry-after-ms, idempotent-replayed, content-length";

fn header(name: &'static str, value: &str) -> Option<(HeaderName, HeaderValue)> {
    HeaderValue::from_str(value).ok().map(|v| (HeaderName::from_static(name), v))
}

fn cors_headers() -> Vec<(HeaderName, HeaderValue)> {
    vec![
        (HeaderName::from_static("access-control-allow-origin"), HeaderValue::from_static("*")),
        (HeaderName::from_static("access-control-expose-headers"), HeaderValue::from_static(EXPOSED_HEADERS)),
    ]
}

fn request_header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

impl Router {
    /// Serves one request: the reply and the headers every answer carries.
    /// Both engines (wiremock's server and the standalone loop) call this.
    pub fn handle(&self, request: &Request) -> (Reply, Vec<(HeaderName, HeaderValue)>) {
        let started = Instant::now();
        let request_id = Entropy::Random.uuid();
        let method = request.method.as_str().to_owned();
        let path = request.url.path().to_owned();
        let mut common = cors_headers();
        common.extend(header("x-request-id", &request_id));

        let mut inner = lock(&self.shared);
        let is_admin = path == "/__admin" || path.starts_with("/__admin/");
        let rate = if method == "OPTIONS" || is_admin {
            inner.rate.peek(&inner.config)
        } else {
            let inner = &mut *inner;
            inner.rate.tick(&inner.config)
        };
        common.extend(header("x-ratelimit-limit", &rate.limit.to_string()));
        common.extend(header("x-ratelimit-remaining", &rate.remaining.to_string()));
        common.extend(header("x-ratelimit-reset", &rate.reset_secs.to_string()));
        let (reply, note) = if method == "OPTIONS" {
            (preflight(request), String::new())
        } else if is_admin {
            (crate::admin::handle(&mut inner, &method, &path, request.url.query(), &request.body), String::new())
        } else {
            let inner = &mut *inner;
            let mut reply = api_request(inner, request, &method, &path, &request_id, &rate);
            if let Some(latency) = inner.config.latency {
                reply.delay = Some(reply.delay.unwrap_or_default() + latency);
            }
            let note = match inner.log.entries().next_back() {
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
        let log_line = inner.config.log_to_stderr;
        drop(inner);
        if log_line {
            let status = if reply.drop_connection { "---".to_owned() } else { reply.status.to_string() };
            let target = match request.url.query() {
                Some(query) => format!("{path}?{query}"),
                None => path.clone(),
            };
            eprintln!(
                "{status} {method} {} {:.2}ms id={request_id}{note}",
                crate::errors::clip(&target),
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        (reply, common)
    }
}

impl Respond for Router {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let (reply, common) = self.handle(request);
        reply.into_template(common)
    }
}

/// Answers a CORS preflight: any origin, the API's methods, any requested headers.
fn preflight(request: &Request) -> Reply {
    let mut reply = Reply::empty(204);
    reply.set_header("access-control-allow-methods", "GET, POST, PATCH, PUT, DELETE, OPTIONS");
    let requested = request_header(request, "access-control-request-headers")
        .filter(|h| !h.trim().is_empty())
        .unwrap_or("authorization, content-type, idempotency-key, accept");
    reply.set_header("access-control-allow-headers", requested);
    reply.set_header("access-control-max-age", "86400");
    if request_header(request, "access-control-request-private-network") == Some("true") {
        reply.set_header("access-control-allow-private-network", "true");
    }
    reply
}

fn api_request(
    inner: &mut Inner,
    request: &Request,
    method: &str,
    path: &str,
    request_id: &str,
    rate: &RateState,
) -> Reply {
    let route = api::route(method, path);
    let operation = match &route {
        Route::Operation(op, _) => Some(op.js_name().to_owned()),
        _ => None,
    };
    let mut entry = RecordedRequest {
        seq: 0,
        request_id: request_id.to_owned(),
        method: method.to_owned(),
        path: path.to_owned(),
        query: request.url.query().map(str::to_owned),
        headers: request
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes());
                let value = if name == "authorization" { redact_authorization(&value) } else { value.into_owned() };
                (name.as_str().to_owned(), value)
            })
            .collect::<BTreeMap<_, _>>(),
        body: logged_body(&request.body),
        body_bytes: request.body.len(),
        operation,
        status: 0,
        fault: None,
        replayed: false,
    };

    let fault = inner.faults.check(method, path);
    let reply = match &fault {
        Some((_, fault)) if !fault.after_commit && (fault.status.is_some() || fault.drop_connection) => {
            fault.reply().unwrap_or_else(|| Reply::empty(500))
        }
        _ => {
            let (reply, replayed) = serve(inner, request, method, path, route, rate);
            entry.replayed = replayed;
            match &fault {
                Some((_, fault)) if fault.status.is_some() || fault.drop_connection => fault.reply().unwrap_or(reply),
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
    inner.log.push(entry);
    reply
}

/// The real work: checks, idempotency, the operation. Returns the reply and
/// whether it was an idempotent replay.
fn serve(
    inner: &mut Inner,
    request: &Request,
    method: &str,
    path: &str,
    route: Route,
    rate: &RateState,
) -> (Reply, bool) {
    let fail = |failure: ApiFailure| (Reply::failure(&failure), false);
    if request.body.len() > inner.config.body_limit {
        return fail(ApiFailure::payload_too_large(inner.config.body_limit));
    }
    let (op, id) = match route {
        Route::Operation(op, id) => (op, id),
        Route::MethodNotAllowed(allowed) => return fail(ApiFailure::method_not_allowed(method, path, allowed)),
        Route::NotFound => return fail(ApiFailure::no_route(method, path)),
    };
    if let Err(failure) = authenticate(request_header(request, "authorization"), inner.config.api_key.as_deref()) {
        return fail(failure);
    }
    if rate.exceeded {
        return fail(ApiFailure::too_many_requests(rate.reset_secs.max(1)));
    }

    let idempotency_key = match (method, request.headers.get("idempotency-key")) {
        ("POST", Some(value)) => match value.to_str() {
            Ok(key) if !key.is_empty() && key.len() <= MAX_IDEMPOTENCY_KEY_LEN => Some(key.to_owned()),
            _ => {
                return fail(
                    ApiFailure::new(
                        400,
                        crate::errors::INVALID_VALUE,
                        "Invalid value",
                        format!("`Idempotency-Key` must be 1 to {MAX_IDEMPOTENCY_KEY_LEN} visible ASCII characters."),
                    )
                    .at_parameter("Idempotency-Key"),
                )
            }
        },
        _ => None,
    };
    let fingerprint = {
        let mut hasher = DefaultHasher::new();
        method.hash(&mut hasher);
        api::api_path(path).hash(&mut hasher);
        request.body.hash(&mut hasher);
        hasher.finish()
    };
    if let Some(key) = &idempotency_key {
        if let Some((stored_fingerprint, stored)) = inner.idempotency.replies.get(key) {
            if *stored_fingerprint != fingerprint {
                return fail(
                    ApiFailure::new(
                        422,
                        crate::errors::INVALID_VALUE,
                        "Idempotency key reused",
                        "This `Idempotency-Key` was already used with a different request.",
                    )
                    .at_parameter("Idempotency-Key"),
                );
            }
            let mut replay = stored.clone();
            replay.set_header("idempotent-replayed", "true");
            return (replay, true);
        }
    }

    let query = match Query::parse(request.url.query()) {
        Ok(query) => query,
        Err(failure) => return fail(failure),
    };
    let call = Call {
        op,
        id: id.as_deref(),
        query: &query,
        body: &request.body,
        content_type: request_header(request, "content-type"),
        accept: request_header(request, "accept"),
    };
    let reply = match api::execute(&mut inner.store, &call) {
        Ok(reply) => reply,
        Err(failure) => Reply::failure(&failure),
    };
    if let Some(key) = idempotency_key {
        if (200..300).contains(&reply.status) {
            inner.idempotency.remember(key, fingerprint, reply.clone());
        }
    }
    (reply, false)
}

/// `Authorization: Bearer <token>`: a token must be there, and must be the
/// configured key when there is one.
fn authenticate(authorization: Option<&str>, api_key: Option<&str>) -> Result<(), ApiFailure> {
    let token = authorization.and_then(|value| {
        let (scheme, token) = value.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    });
    match (token, api_key) {
        (None, _) | (Some(""), _) => Err(ApiFailure::unauthenticated(
            "Could not understand the provided credentials: send `Authorization: Bearer <API key>`.",
        )),
        (Some(token), Some(key)) if token != key => {
            Err(ApiFailure::unauthenticated("Could not understand the provided credentials: the API key is not valid."))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bearer_token_is_required_and_checked_when_a_key_is_configured() {
        assert_eq!(authenticate(None, None).unwrap_err().status, 401);
        assert_eq!(authenticate(Some("Bearer "), None).unwrap_err().status, 401);
        assert_eq!(authenticate(Some("Basic abc"), None).unwrap_err().status, 401);
        assert!(authenticate(Some("Bearer anything"), None).is_ok());
        assert!(authenticate(Some("bearer KEY"), Some("KEY")).is_ok());
        assert_eq!(authenticate(Some("Bearer other"), Some("KEY")).unwrap_err().status, 401);
    }

    #[test]
    fn peeking_at_the_rate_window_does_not_count() {
        let mut window = RateWindow::default();
        let config = Config { rate_limit: Some(5), ..Config::default() };
        window.tick(&config);
        assert_eq!(window.peek(&config).remaining, 4);
        assert_eq!(window.peek(&config).remaining, 4);
    }

    #[test]
    fn the_rate_window_counts_down_and_enforces_only_when_configured() {
        let mut window = RateWindow::default();
        let config = Config { rate_limit: Some(2), ..Config::default() };
        assert_eq!(window.tick(&config).remaining, 1);
        assert!(!window.tick(&config).exceeded);
        let third = window.tick(&config);
        assert!(third.exceeded);
        assert!(third.reset_secs >= 1 && third.reset_secs <= 60);
        let mut open = RateWindow::default();
        assert!(!open.tick(&Config::default()).exceeded);
    }
}
