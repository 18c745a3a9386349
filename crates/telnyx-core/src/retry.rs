//! The retry policy, as a pure function: facts about a failed attempt in,
//! "retry after D" or "give up" out. The transport does the sleeping.
//!
//! Defaults follow the official SDK (2 retries; 408, 409, 429, 5xx and
//! connection failures; `min(0.5 s · 2^n, 8 s)` less up to 25 % jitter;
//! `retry-after-ms`, `retry-after`, `x-should-retry`), and add what it lacks:
//! - a cap on waits the server asks for: past it, give up at once with the
//!   rate-limit error and the server's wait, instead of sleeping for an hour;
//! - `x-ratelimit-reset` is honoured when it is the only hint;
//! - a create is not repeated after an ambiguous failure (5xx, timeout,
//!   dropped connection) unless it carries an `Idempotency-Key`;
//! - a wait that would overrun the caller's time budget is not started.

/// Case-insensitive header lookup over whatever a transport holds.
pub trait HeaderLookup {
    fn header(&self, name: &str) -> Option<&str>;
}

impl HeaderLookup for [(String, String)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl HeaderLookup for Vec<(String, String)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

/// No headers (a failure without a response).
pub struct NoHeaders;

impl HeaderLookup for NoHeaders {
    fn header(&self, _: &str) -> Option<&str> {
        None
    }
}

/// Settings of the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (the SDK's `maxRetries`).
    pub max_retries: u32,
    pub initial_delay_ms: u64,
    pub max_delay_ms: u64,
    /// Longest server-requested wait the client will sit out.
    pub max_server_wait_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: 2, initial_delay_ms: 500, max_delay_ms: 8_000, max_server_wait_ms: 60_000 }
    }
}

/// How an attempt failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// A response with this non-success status.
    Status(u16),
    /// No response in time for this attempt.
    Timeout,
    /// The connection failed or was dropped before a response.
    Connection,
}

/// The facts about one failed attempt.
pub struct Attempt<'a> {
    /// Retries already made (0 after the first attempt fails).
    pub retries_so_far: u32,
    /// Whether repeating the request after an unknown outcome is harmless
    /// ([`RequestSpec::is_repeatable`](crate::RequestSpec::is_repeatable)).
    pub repeatable: bool,
    /// Whether the request carries an `Idempotency-Key` header.
    pub has_idempotency_key: bool,
    pub failure: Failure,
    /// The failed response's headers ([`NoHeaders`] when there was none).
    pub headers: &'a dyn HeaderLookup,
    /// Current Unix time in ms, to read `retry-after` given as an HTTP date.
    pub now_unix_ms: u64,
    /// A random number in `[0, 1)` for jitter.
    pub random: f64,
    /// Time left of the caller's budget, if it has one.
    pub remaining_budget_ms: Option<u64>,
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryDecision {
    RetryAfter { delay_ms: u64 },
    GiveUp(GiveUp),
}

/// Why the policy gave up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GiveUp {
    /// The failure is not one that a retry can fix.
    NotRetryable,
    /// `max_retries` were made.
    RetriesExhausted,
    /// The server asked for a wait longer than the cap.
    ServerWaitTooLong { wait_ms: u64 },
    /// Repeating could duplicate a create whose outcome is unknown.
    UnsafeToRepeat,
    /// The wait would not fit in the remaining time budget.
    BudgetExhausted,
}

impl RetryPolicy {
    /// Decides whether and when to retry a failed attempt.
    ///
    /// ```
    /// use telnyx_core::retry::*;
    /// let headers = vec![("retry-after".to_string(), "2".to_string())];
    /// let decision = RetryPolicy::default().decide(&Attempt {
    ///     retries_so_far: 0,
    ///     repeatable: true,
    ///     has_idempotency_key: false,
    ///     failure: Failure::Status(429),
    ///     headers: &headers,
    ///     now_unix_ms: 0,
    ///     random: 0.5,
    ///     remaining_budget_ms: None,
    /// });
    /// assert_eq!(decision, RetryDecision::RetryAfter { delay_ms: 2000 });
    /// ```
    pub fn decide(&self, attempt: &Attempt<'_>) -> RetryDecision {
        let should_retry = attempt.headers.header("x-should-retry").map(str::trim);
        let retryable = match should_retry {
            Some("true") => true,
            Some("false") => false,
            _ => match attempt.failure {
                Failure::Status(status) => matches!(status, 408 | 409 | 429) || status >= 500,
                Failure::Timeout | Failure::Connection => true,
            },
        };
        if !retryable {
            return RetryDecision::GiveUp(GiveUp::NotRetryable);
        }
        if is_ambiguous(attempt.failure)
            && !attempt.repeatable
            && !attempt.has_idempotency_key
            && should_retry != Some("true")
        {
            return RetryDecision::GiveUp(GiveUp::UnsafeToRepeat);
        }
        if attempt.retries_so_far >= self.max_retries {
            return RetryDecision::GiveUp(GiveUp::RetriesExhausted);
        }
        let delay_ms = match server_wait_ms(attempt.headers, attempt.failure, attempt.now_unix_ms) {
            Some(wait_ms) if wait_ms > self.max_server_wait_ms => {
                return RetryDecision::GiveUp(GiveUp::ServerWaitTooLong { wait_ms })
            }
            Some(wait_ms) => wait_ms,
            None => self.backoff_ms(attempt.retries_so_far, attempt.random),
        };
        match attempt.remaining_budget_ms {
            Some(remaining) if delay_ms >= remaining => RetryDecision::GiveUp(GiveUp::BudgetExhausted),
            _ => RetryDecision::RetryAfter { delay_ms },
        }
    }

    /// `min(initial · 2^n, max)` less up to 25 % jitter.
    pub fn backoff_ms(&self, retries_so_far: u32, random: f64) -> u64 {
        let base = self.initial_delay_ms.saturating_mul(1u64 << retries_so_far.min(20)).min(self.max_delay_ms);
        let random = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.0 };
        (base as f64 * (1.0 - 0.25 * random)).round() as u64
    }
}

/// Whether the request may have been carried out although it failed.
fn is_ambiguous(failure: Failure) -> bool {
    match failure {
        Failure::Status(status) => status >= 500,
        Failure::Timeout | Failure::Connection => true,
    }
}

/// The wait the server asked for, in ms, from `retry-after-ms`, `retry-after`
/// (seconds or an HTTP date) or, on a 429 only, `x-ratelimit-reset` (seconds).
pub fn server_wait_ms(headers: &dyn HeaderLookup, failure: Failure, now_unix_ms: u64) -> Option<u64> {
    #[cfg(not(feature = "http-date"))]
    let _ = now_unix_ms; // dates are read only with the `http-date` feature
    if let Some(ms) = headers.header("retry-after-ms").and_then(parse_seconds_like) {
        return Some(ms.round() as u64);
    }
    if let Some(value) = headers.header("retry-after") {
        if let Some(seconds) = parse_seconds_like(value) {
            return Some((seconds * 1000.0).round() as u64);
        }
        #[cfg(feature = "http-date")]
        if let Ok(date) = httpdate::parse_http_date(value.trim()) {
            let at_ms = date.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
            return Some(at_ms.saturating_sub(now_unix_ms));
        }
    }
    if failure == Failure::Status(429) {
        if let Some(seconds) = headers.header("x-ratelimit-reset").and_then(parse_seconds_like) {
            return Some((seconds * 1000.0).round() as u64);
        }
    }
    None
}

/// A non-negative finite number, with 1e12 as a ceiling so the ms value fits.
fn parse_seconds_like(value: &str) -> Option<f64> {
    let number = parse_decimal(value.trim())?;
    (number.is_finite() && number >= 0.0).then_some(number.min(1e12))
}

/// `[+]digits[.digits][e[+-]digits]`, the forms a wait is written in.
///
/// Hand-written rather than `str::parse::<f64>`: the standard float parser
/// and its tables cost the wasm module about 10 KB, and header values need
/// no more than this. Exact for integers; within one ulp otherwise.
fn parse_decimal(text: &str) -> Option<f64> {
    let bytes = text.strip_prefix('+').unwrap_or(text).as_bytes();
    let mut mantissa: u64 = 0;
    let mut scale: i32 = 0;
    let mut digits = 0;
    let mut seen_dot = false;
    let mut index = 0;
    while let Some(&b) = bytes.get(index) {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if mantissa < 1_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    if seen_dot {
                        scale -= 1;
                    }
                } else if !seen_dot {
                    scale += 1;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => break,
        }
        index += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.get(index) {
        let exponent = core::str::from_utf8(&bytes[index + 1..]).ok()?;
        let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
        let (negative, exponent) = match exponent.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, exponent),
        };
        if exponent.is_empty() || !exponent.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let exponent: i32 = exponent.parse().unwrap_or(i32::MAX).min(1000);
        scale = scale.saturating_add(if negative { -exponent } else { exponent });
    } else if index != bytes.len() {
        return None;
    }
    // 10^k by multiplication (exact up to 10^22) rather than powi, which links a libm routine.
    let mut power = 1.0f64;
    for _ in 0..scale.unsigned_abs().min(400) {
        power *= 10.0;
    }
    let mantissa = mantissa as f64;
    Some(if scale >= 0 { mantissa * power } else { mantissa / power })
}
