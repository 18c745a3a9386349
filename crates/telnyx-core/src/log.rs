//! The call's log lines, written through [`Transport::log`]: the official
//! SDK's levels (`off`, `error`, `warn`, `info`, `debug`; `warn` by default)
//! and its lines, with every secret masked ([`redact`](crate::redact)).
//!
//! - `info`: one line per attempt: method, URL, status or connection failure,
//!   time taken, request id, and whether and when it is retried;
//! - `debug`: also the request as sent (headers and body, masked).
//!
//! A line is built only when its level is on: with logging at `warn` (the
//! default) a call formats nothing.

use crate::engine::{Reply, Transport};
use crate::error::Error;
use crate::redact;
use crate::retry::{GiveUp, HeaderLookup, RetryDecision};
use crate::text::push_unsigned;
use crate::HttpRequest;

/// How much a client logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    Off,
    Error,
    Warn,
    Info,
    Debug,
}

impl LogLevel {
    /// The official SDK's default.
    pub const DEFAULT: LogLevel = LogLevel::Warn;
    pub const ALL: [LogLevel; 5] = [LogLevel::Off, LogLevel::Error, LogLevel::Warn, LogLevel::Info, LogLevel::Debug];

    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Off => "off",
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
        }
    }

    /// The level named `name` (`TELNYX_LOG`, `logLevel`), in lower case as the official SDK spells them.
    pub fn parse(name: &str) -> Option<LogLevel> {
        LogLevel::ALL.into_iter().find(|level| level.as_str() == name)
    }
}

/// One call's logging: its level and its id, made when first needed.
pub(crate) struct Log<'a, T: Transport> {
    transport: &'a T,
    level: LogLevel,
    id: String,
}

impl<'a, T: Transport> Log<'a, T> {
    pub(crate) fn new(transport: &'a T, level: LogLevel) -> Self {
        // The id is drawn only when a line will be written: with logging off the jitter's draws are untouched.
        let id = if level >= LogLevel::Info { log_id(transport.random()) } else { String::new() };
        Log { transport, level, id }
    }

    /// The time, for an attempt's duration in a line; 0 when no line will say it,
    /// so a call that logs nothing reads no clock for it.
    pub(crate) fn clock(&self) -> u64 {
        if self.level >= LogLevel::Info {
            self.transport.now_unix_ms()
        } else {
            0
        }
    }

    /// A line that starts `[log_1a2b3c] METHOD URL`.
    fn line(&self, request: &HttpRequest) -> String {
        let id = &self.id;
        let url = redact::url(&request.url);
        let mut line = String::with_capacity(64 + url.len());
        for part in ["[", id, "] ", request.method.as_str(), " ", &url] {
            line.push_str(part);
        }
        line
    }

    /// `debug`: the request about to be sent, secrets masked.
    pub(crate) fn sending(&self, request: &HttpRequest, retries_so_far: u32) {
        if self.level < LogLevel::Debug {
            return;
        }
        let mut line = self.line(request);
        line.push_str(" sending request (retry ");
        push_unsigned(&mut line, retries_so_far.into());
        line.push_str(") headers {");
        for (i, (name, value)) in request.headers.iter().enumerate() {
            line.push_str(if i == 0 { " " } else { ", " });
            line.push_str(name);
            line.push_str(": ");
            line.push_str(redact::header(name, value));
        }
        line.push_str(" }");
        if let Some(body) = &request.body {
            line.push_str(" body ");
            line.push_str(&redact::json_body(body));
        }
        self.transport.log(LogLevel::Debug, &line);
    }

    /// `info`: a response that ends the step (a success, or the token answer).
    pub(crate) fn answered(&self, request: &HttpRequest, reply: &impl Reply, took_ms: u64) {
        if self.level < LogLevel::Info {
            return;
        }
        let mut line = self.line(request);
        let status = reply.status();
        line.push_str(if (200..300).contains(&status) { " succeeded with status " } else { " failed with status " });
        push_unsigned(&mut line, status.into());
        took(&mut line, took_ms, &reply.header_list());
        self.transport.log(LogLevel::Info, &line);
    }

    /// `info`: a failed attempt and what happens next.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn failed(
        &self,
        request: &HttpRequest,
        error: &Error,
        status: Option<u16>,
        took_ms: u64,
        headers: &[(String, String)],
        decision: RetryDecision,
        retries_left: u32,
    ) {
        if self.level < LogLevel::Info {
            return;
        }
        let mut line = self.line(request);
        match (status, error) {
            (Some(status), _) => {
                line.push_str(" failed with status ");
                push_unsigned(&mut line, status.into());
            }
            (None, Error::Timeout { .. }) => line.push_str(" timed out"),
            (None, Error::Connection { message, .. }) => {
                line.push_str(" connection failed (");
                line.push_str(message);
                line.push(')');
            }
            (None, _) => line.push_str(" failed"),
        }
        took(&mut line, took_ms, headers);
        match decision {
            RetryDecision::RetryAfter { delay_ms } => {
                line.push_str(" - retrying in ");
                push_unsigned(&mut line, delay_ms);
                line.push_str("ms, ");
                push_unsigned(&mut line, retries_left.into());
                line.push_str(if retries_left == 1 { " attempt remaining" } else { " attempts remaining" });
            }
            RetryDecision::GiveUp(reason) => line.push_str(match reason {
                GiveUp::RetriesExhausted => " - error; no more retries left",
                GiveUp::NotRetryable => " - error; not retryable",
                GiveUp::UnsafeToRepeat => " - error; not retried: a repeat could apply it twice (no Idempotency-Key)",
                GiveUp::ServerWaitTooLong { .. } => {
                    " - error; the server asked for a longer wait than the client waits"
                }
                GiveUp::BudgetExhausted => " - error; no time left for another attempt",
            }),
        }
        self.transport.log(LogLevel::Info, &line);
    }
}

/// `log_` and six hex digits, from a random number in `[0, 1)`.
fn log_id(random: f64) -> String {
    let n = (random * 16_777_216.0) as u32;
    let mut id = String::from("log_");
    for shift in (0..6).rev() {
        id.push(char::from(b"0123456789abcdef"[((n >> (shift * 4)) & 15) as usize]));
    }
    id
}

/// ` in 12ms (request id abc)`.
fn took(line: &mut String, took_ms: u64, headers: &[(String, String)]) {
    line.push_str(" in ");
    push_unsigned(line, took_ms);
    line.push_str("ms");
    if let Some(id) = headers.header("x-request-id") {
        line.push_str(" (request id ");
        line.push_str(id);
        line.push(')');
    }
}
