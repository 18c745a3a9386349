//! The one call engine: every decision of a call, made once, for every host.
//!
//! A call is: build the request, send it with a per-attempt timeout, and on a
//! failure ask the [`RetryPolicy`] whether and when to try again; on a final
//! failure map what happened to one [`Error`] (class, message, "outcome
//! unknown"); on a success check that the body is what the operation returns.
//! The host supplies a [`Transport`]: it moves bytes (one attempt, read to the
//! last byte of the body), sleeps, and tells the time. It decides nothing.
//!
//! The trait has no `Send` bound. [`call`] is one generic `async fn`, so its
//! future is `Send` exactly when the transport's futures are: the native client
//! (tokio, reqwest) gets a `Send` future, the wasm binding (JS promises) a
//! single-threaded one, from the same code.
//!
//! ```
//! use std::cell::Cell;
//! use telnyx_core::engine::{self, BodyShape, CallSettings, Reply, SendError, Transport};
//! use telnyx_core::models::ApiErrorObject;
//! use telnyx_core::{operations, ClientConfig, ErrorKind};
//!
//! /// A transport that answers 503 once, then 200: the engine retries once.
//! struct Flaky(Cell<u32>);
//! struct Canned(u16);
//! impl Reply for Canned {
//!     fn status(&self) -> u16 { self.0 }
//!     fn header_list(&self) -> Vec<(String, String)> { vec![] }
//!     fn error_entries(&self) -> Vec<ApiErrorObject> { vec![] }
//!     fn body_shape(&self) -> BodyShape { BodyShape::JsonObject }
//!     fn json_field(&self, _: &str) -> Option<String> { None }
//! }
//! impl Transport for Flaky {
//!     type Reply = Canned;
//!     async fn send(&self, _: &telnyx_core::HttpRequest, _: u32, _: u64) -> Result<Canned, SendError> {
//!         self.0.set(self.0.get() + 1);
//!         Ok(Canned(if self.0.get() == 1 { 503 } else { 200 }))
//!     }
//!     async fn sleep(&self, _ms: u64) -> Result<(), SendError> { Ok(()) }
//!     fn now_unix_ms(&self) -> u64 { 0 }
//!     fn random(&self) -> f64 { 0.5 }
//! }
//!
//! let config = ClientConfig::new("KEY");
//! let spec = operations::get_allocatable_global_outbound_channels();
//! let transport = Flaky(Cell::new(0));
//! let reply = block_on(engine::call(&transport, &config, &CallSettings::default(), &spec, &[]));
//! assert_eq!(reply.ok().map(|r| r.status()), Some(200));
//! assert_eq!(transport.0.get(), 2);
//! # fn block_on<F: std::future::Future>(f: F) -> F::Output {
//! #     use std::task::{Context, Poll, Waker};
//! #     let mut f = std::pin::pin!(f);
//! #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(Waker::noop())) { return v; } }
//! # }
//! # let _ = ErrorKind::Api;
//! ```

use crate::error::{ApiError, Error};
use crate::log::{Log, LogLevel};
use crate::models::ApiErrorObject;
use crate::oauth::OAuthClient;
use crate::retry::{self, Attempt, Failure, GiveUp, HeaderLookup, RetryDecision, RetryPolicy};
use crate::{ClientConfig, HeaderEdit, HttpRequest, RequestSpec, ValidationError};
use core::future::Future;

/// The per-attempt timeout when none is given: the official SDK's 60 s.
pub const DEFAULT_TIMEOUT_MS: u64 = 60_000;
/// The longest timeout accepted (what `setTimeout` can honour, 2^31 - 1 ms).
pub const MAX_TIMEOUT_MS: u64 = 2_147_483_647;
/// More retries than anyone needs; a typo like 1e9 is caught.
pub const MAX_RETRIES: u32 = 100;
/// The official SDK's header carrying the attempt's retry count (0 first):
/// code in the wild reads it. A value the caller set is kept.
pub const RETRY_COUNT_HEADER: &str = "x-stainless-retry-count";

/// How long a call may take and how it retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallSettings {
    /// The time one attempt may take, from sending to the last byte of the body.
    pub timeout_ms: u64,
    /// The time the whole call may take, attempts and waits included. `None`
    /// (the default, as in the official SDK): no limit beyond the per-attempt
    /// timeout and the retry count.
    pub call_timeout_ms: Option<u64>,
    pub policy: RetryPolicy,
    /// The most detailed lines the call writes to [`Transport::log`].
    pub log_level: LogLevel,
}

impl Default for CallSettings {
    fn default() -> Self {
        CallSettings {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            call_timeout_ms: None,
            policy: RetryPolicy::default(),
            log_level: LogLevel::DEFAULT,
        }
    }
}

/// How one attempt failed without a response, as the host saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// No complete response within the attempt's timeout.
    Timeout,
    /// The connection failed or broke. `not_sent` is true when the failure
    /// proves the request never reached a server (refused, no such host), so
    /// repeating even a create is safe.
    Connection { message: String, not_sent: bool },
    /// The caller aborted the call.
    Aborted,
    /// The request could not be built (a value the HTTP stack refuses).
    Invalid(String),
}

/// What a success body looks like, as far as the engine checks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyShape {
    Empty,
    JsonObject,
    /// Anything else: not JSON, or JSON that is not an object.
    Other,
}

/// A response the host received in full.
///
/// Header and body reads are asked for only when a decision needs them, so a
/// host whose values live elsewhere (a JS `Response`) copies nothing on the
/// fast path.
pub trait Reply {
    fn status(&self) -> u16;
    /// All headers (names in any case).
    fn header_list(&self) -> Vec<(String, String)>;
    /// The error objects of a Telnyx error body; empty when it is not one.
    fn error_entries(&self) -> Vec<ApiErrorObject>;
    /// The shape of the body, for the success check of a JSON operation.
    fn body_shape(&self) -> BodyShape;
    /// A top-level field of a JSON object body, as text (a string as it is,
    /// a number in decimal); `None` when absent or of another type. Read only
    /// for the OAuth token answer.
    fn json_field(&self, name: &str) -> Option<String>;
}

/// What the engine needs from a host: one attempt, a sleep, a clock, a die.
pub trait Transport {
    type Reply: Reply;
    /// Sends `request` once and reads the whole body within `timeout_ms`.
    /// `retries_so_far` is 0 for the first attempt.
    fn send(
        &self,
        request: &HttpRequest,
        retries_so_far: u32,
        timeout_ms: u64,
    ) -> impl Future<Output = Result<Self::Reply, SendError>>;
    /// Waits `ms`; `Err(SendError::Aborted)` when the caller aborts meanwhile.
    fn sleep(&self, ms: u64) -> impl Future<Output = Result<(), SendError>>;
    /// Unix time in ms.
    fn now_unix_ms(&self) -> u64;
    /// A random number in `[0, 1)`, for jitter.
    fn random(&self) -> f64;
    /// Writes one log line the call's [`LogLevel`] lets through, secrets
    /// already masked. The default writes nothing.
    fn log(&self, level: LogLevel, line: &str) {
        let _ = (level, line);
    }
}

/// A call that failed: the error, and the last response when there was one
/// (an error status, or a success whose body failed the check).
pub struct Failed<R> {
    pub error: Error,
    pub reply: Option<R>,
}

impl<R> Failed<R> {
    fn bare(error: Error) -> Self {
        Failed { error, reply: None }
    }
}

/// Runs one call of `spec` to its end: the first success, or the final error.
///
/// `extra_headers` are the call's own headers (they win over the client's,
/// and `None` removes one); an `idempotency-key` among them makes a create
/// safe to repeat.
pub async fn call<T: Transport>(
    transport: &T,
    config: &ClientConfig,
    settings: &CallSettings,
    spec: &RequestSpec,
    extra_headers: &[HeaderEdit],
) -> Result<T::Reply, Failed<T::Reply>> {
    let log = Log::new(transport, settings.log_level);
    let mut request = config.http_request(spec, extra_headers);
    if let Some(oauth) = &config.oauth {
        let token = bearer(transport, &log, config, oauth, settings).await?;
        request.set_header("authorization", &crate::text::cat(&["Bearer ", &token]));
        // A caller's own Authorization header, or its removal, still wins.
        for edit in extra_headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("authorization")) {
            request.edit_header(edit);
        }
    }
    let has_idempotency_key = request.header("idempotency-key").is_some();
    let count_retries = request.header(RETRY_COUNT_HEADER).is_none();
    let deadline = settings.call_timeout_ms.map(|budget| transport.now_unix_ms().saturating_add(budget));
    let remaining = || deadline.map(|at| at.saturating_sub(transport.now_unix_ms()));
    let mut retries_so_far = 0;
    loop {
        let left = remaining();
        let attempt_timeout = match left {
            Some(left) => left.min(settings.timeout_ms),
            None => settings.timeout_ms,
        };
        // The budget ran out while waiting: no time for another attempt.
        if attempt_timeout == 0 {
            return Err(Failed::bare(budget_timeout(settings)));
        }
        // The attempt's timeout, unless the call's budget is what cut it short.
        let timed_out = || match left {
            Some(left) if left < settings.timeout_ms => budget_timeout(settings),
            _ => Error::Timeout { timeout_ms: settings.timeout_ms, outcome_unknown: false },
        };
        if count_retries {
            request.set_header(RETRY_COUNT_HEADER, &crate::text::unsigned(retries_so_far.into()));
        }
        log.sending(&request, retries_so_far);
        let started = log.clock();
        let sent = transport.send(&request, retries_so_far, attempt_timeout).await;
        let took = log.clock().saturating_sub(started);
        let (failure, reply, error, not_sent) = match sent {
            Ok(reply) if (200..300).contains(&reply.status()) => {
                log.answered(&request, &reply, took);
                return checked(reply, spec);
            }
            Ok(reply) => {
                let status = reply.status();
                let headers = reply.header_list();
                let error = ApiError::new(status, reply.error_entries(), request_id(&headers));
                if status == 401 {
                    if let Some(oauth) = &config.oauth {
                        oauth.forget();
                    }
                }
                (Failure::Status(status), Some((reply, headers)), Error::Api(error), false)
            }
            Err(SendError::Aborted) => return Err(Failed::bare(Error::UserAbort)),
            Err(SendError::Invalid(message)) => {
                return Err(Failed::bare(Error::Validation(ValidationError::new("request", message))))
            }
            Err(SendError::Connection { message, not_sent }) => {
                (Failure::Connection, None, Error::Connection { message, outcome_unknown: false }, not_sent)
            }
            Err(SendError::Timeout) => (Failure::Timeout, None, timed_out(), false),
        };
        let no_headers = Vec::new();
        let headers = reply.as_ref().map_or(&no_headers, |(_, headers)| headers);
        let decision = settings.policy.decide(&Attempt {
            retries_so_far,
            repeatable: spec.is_repeatable(),
            has_idempotency_key: has_idempotency_key || not_sent,
            failure,
            headers,
            now_unix_ms: transport.now_unix_ms(),
            random: transport.random(),
            remaining_budget_ms: remaining(),
        });
        let left_after = settings.policy.max_retries.saturating_sub(retries_so_far);
        log.failed(&request, &error, reply.as_ref().map(|(r, _)| r.status()), took, headers, decision, left_after);
        match decision {
            RetryDecision::RetryAfter { delay_ms } => {
                // The failed response was read in full; nothing is left open while waiting.
                drop(reply);
                if transport.sleep(delay_ms).await.is_err() {
                    return Err(Failed::bare(Error::UserAbort));
                }
                retries_so_far += 1;
            }
            RetryDecision::GiveUp(reason) => {
                let error = give_up(error, reason, failure, headers, settings, transport.now_unix_ms());
                return Err(Failed { error, reply: reply.map(|(reply, _)| reply) });
            }
        }
    }
}

/// The OAuth bearer token: the cached one while it is good, else a new one
/// from the token endpoint (one attempt, the call's per-attempt timeout).
async fn bearer<T: Transport>(
    transport: &T,
    log: &Log<'_, T>,
    config: &ClientConfig,
    oauth: &OAuthClient,
    settings: &CallSettings,
) -> Result<String, Failed<T::Reply>> {
    if let Some(token) = oauth.cached(transport.now_unix_ms()) {
        return Ok(token);
    }
    let request = oauth.token_request(&config.base_url);
    log.sending(&request, 0);
    let started = log.clock();
    let reply = match transport.send(&request, 0, settings.timeout_ms).await {
        Ok(reply) => reply,
        Err(SendError::Aborted) => return Err(Failed::bare(Error::UserAbort)),
        Err(SendError::Timeout) => {
            return Err(Failed::bare(Error::Timeout { timeout_ms: settings.timeout_ms, outcome_unknown: false }))
        }
        Err(SendError::Connection { message, .. }) => {
            return Err(Failed::bare(Error::Connection { message, outcome_unknown: false }))
        }
        Err(SendError::Invalid(message)) => {
            return Err(Failed::bare(Error::Validation(ValidationError::new("clientID", message))))
        }
    };
    let now = transport.now_unix_ms();
    log.answered(&request, &reply, log.clock().saturating_sub(started));
    let headers = reply.header_list();
    let status = reply.status();
    if !(200..300).contains(&status) {
        let error = ApiError::new(status, reply.error_entries(), request_id(&headers));
        return Err(Failed { error: Error::Api(error), reply: Some(reply) });
    }
    let token = reply.json_field("access_token").filter(|t| !t.is_empty());
    let lifetime = reply.json_field("expires_in").and_then(|s| s.parse::<u64>().ok());
    match (token, lifetime) {
        (Some(token), Some(lifetime)) => {
            oauth.store(&token, lifetime, now);
            Ok(token)
        }
        _ => {
            let message = "the OAuth token answer has no access_token and expires_in".to_owned();
            let error = Error::Decode { status, message, request_id: request_id(&headers) };
            Err(Failed { error, reply: Some(reply) })
        }
    }
}

/// A success whose body is what the operation returns, or a decode error.
///
/// A request to an endpoint the client does not wrap is not checked: any
/// body is its answer.
fn checked<R: Reply>(reply: R, spec: &RequestSpec) -> Result<R, Failed<R>> {
    if spec.accept == "text/csv" || spec.operation.is_none() {
        return Ok(reply);
    }
    let shape = reply.body_shape();
    if shape == BodyShape::JsonObject {
        return Ok(reply);
    }
    let headers = reply.header_list();
    let why = match shape {
        BodyShape::Empty => "empty body".to_owned(),
        _ => {
            let content_type = headers.header("content-type").unwrap_or("none");
            crate::text::cat(&["body is not a JSON object (content-type: ", content_type, ")"])
        }
    };
    let error = Error::Decode { status: reply.status(), message: why, request_id: request_id(&headers) };
    Err(Failed { error, reply: Some(reply) })
}

fn request_id(headers: &[(String, String)]) -> Option<String> {
    headers.header("x-request-id").map(str::to_owned)
}

/// The error of a call whose whole-call budget ran out.
fn budget_timeout(settings: &CallSettings) -> Error {
    Error::Timeout { timeout_ms: settings.call_timeout_ms.unwrap_or(settings.timeout_ms), outcome_unknown: false }
}

/// The error a call ends with, given why the policy gave up.
fn give_up(
    error: Error,
    reason: GiveUp,
    failure: Failure,
    headers: &dyn HeaderLookup,
    settings: &CallSettings,
    now_unix_ms: u64,
) -> Error {
    let unsafe_to_repeat = reason == GiveUp::UnsafeToRepeat;
    match error {
        // A retry that would not fit in the call's budget: the budget is what ends the call.
        Error::Connection { .. } | Error::Timeout { .. } if reason == GiveUp::BudgetExhausted => {
            budget_timeout(settings)
        }
        Error::Connection { message, .. } => Error::Connection { message, outcome_unknown: unsafe_to_repeat },
        Error::Timeout { timeout_ms, .. } => Error::Timeout { timeout_ms, outcome_unknown: unsafe_to_repeat },
        Error::Api(mut api) => {
            api.outcome_unknown = unsafe_to_repeat;
            api.retry_after_ms = match reason {
                GiveUp::ServerWaitTooLong { wait_ms } => Some(wait_ms),
                _ if api.status == 429 => retry::server_wait_ms(headers, failure, now_unix_ms),
                _ => None,
            };
            Error::Api(api)
        }
        other => other,
    }
}
