//! The retry policy as a pure function, with fixed random values and a fixed
//! clock, and the same policy driving calls against closure transports.

use crate::common;

use common::{call, ok_json, reply};
use serde_json::{json, Value};
use std::time::{Duration, UNIX_EPOCH};
use telnyx_core::params::CreateManagedAccountParams;
use telnyx_core::retry::{
    server_wait_ms, Attempt, Failure, GiveUp, HeaderLookup, NoHeaders, RetryDecision, RetryPolicy,
};
use telnyx_core::{operations, ClientConfig, Error, ErrorKind, Operation};

const NOW_MS: u64 = 1_700_000_000_000;

fn headers(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

/// A failed first attempt of an idempotent call, without headers.
fn attempt(failure: Failure) -> Attempt<'static> {
    Attempt {
        retries_so_far: 0,
        repeatable: true,
        has_idempotency_key: false,
        failure,
        headers: &NoHeaders,
        now_unix_ms: NOW_MS,
        random: 0.0,
        remaining_budget_ms: None,
    }
}

fn decide(attempt: &Attempt<'_>) -> RetryDecision {
    RetryPolicy::default().decide(attempt)
}

fn retry_after(delay_ms: u64) -> RetryDecision {
    RetryDecision::RetryAfter { delay_ms }
}

fn give_up(why: GiveUp) -> RetryDecision {
    RetryDecision::GiveUp(why)
}

fn http_date(unix_ms: u64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_millis(unix_ms))
}

#[test]
fn the_defaults_are_the_official_sdks_plus_a_one_minute_cap() {
    let policy = RetryPolicy::default();
    assert_eq!(
        (policy.max_retries, policy.initial_delay_ms, policy.max_delay_ms, policy.max_server_wait_ms),
        (2, 500, 8_000, 60_000)
    );
}

#[test]
fn each_retryable_status_is_retried_after_the_backoff() {
    for status in [408, 409, 429, 500, 501, 502, 503, 504, 520, 599] {
        assert_eq!(decide(&attempt(Failure::Status(status))), retry_after(500), "status {status}");
    }
}

#[test]
fn timeouts_and_dropped_connections_are_retried() {
    assert_eq!(decide(&attempt(Failure::Timeout)), retry_after(500));
    assert_eq!(decide(&attempt(Failure::Connection)), retry_after(500));
}

#[test]
fn client_errors_are_not_retried() {
    for status in [300, 304, 400, 401, 403, 404, 405, 410, 413, 415, 418, 422, 451] {
        assert_eq!(decide(&attempt(Failure::Status(status))), give_up(GiveUp::NotRetryable), "status {status}");
    }
}

#[test]
fn x_should_retry_overrides_the_status() {
    let yes = headers(&[("X-Should-Retry", "true")]);
    let no = headers(&[("x-should-retry", " false ")]);
    assert_eq!(decide(&Attempt { headers: &yes, ..attempt(Failure::Status(400)) }), retry_after(500));
    assert_eq!(decide(&Attempt { headers: &no, ..attempt(Failure::Status(503)) }), give_up(GiveUp::NotRetryable));
    assert_eq!(decide(&Attempt { headers: &no, ..attempt(Failure::Status(429)) }), give_up(GiveUp::NotRetryable));
    // Anything but `true` or `false` is no hint at all.
    let junk = headers(&[("x-should-retry", "maybe")]);
    assert_eq!(decide(&Attempt { headers: &junk, ..attempt(Failure::Status(503)) }), retry_after(500));
    assert_eq!(decide(&Attempt { headers: &junk, ..attempt(Failure::Status(400)) }), give_up(GiveUp::NotRetryable));
}

#[test]
fn retry_after_in_seconds_is_honoured() {
    for (value, ms) in [("2", 2_000), ("0", 0), (" 3 ", 3_000), ("1.5", 1_500), ("59.9994", 59_999), ("60", 60_000)] {
        let h = headers(&[("Retry-After", value)]);
        assert_eq!(decide(&Attempt { headers: &h, ..attempt(Failure::Status(429)) }), retry_after(ms), "{value:?}");
        assert_eq!(decide(&Attempt { headers: &h, ..attempt(Failure::Status(503)) }), retry_after(ms), "{value:?}");
    }
}

#[test]
fn retry_after_as_an_http_date_is_read_against_the_given_clock() {
    let h = headers(&[("retry-after", &http_date(NOW_MS + 5_000))]);
    assert_eq!(decide(&Attempt { headers: &h, ..attempt(Failure::Status(429)) }), retry_after(5_000));
    // A date in the past means "now".
    let h = headers(&[("retry-after", &http_date(NOW_MS - 60_000))]);
    assert_eq!(decide(&Attempt { headers: &h, ..attempt(Failure::Status(429)) }), retry_after(0));
    // HTTP dates have whole seconds: the wait is measured from the exact `now`.
    let h = headers(&[("retry-after", "Tue, 14 Nov 2023 22:13:30 GMT")]);
    assert_eq!(server_wait_ms(&h, Failure::Status(503), 1_700_000_000_500), Some(9_500));
}

#[test]
fn retry_after_ms_comes_first() {
    let h = headers(&[("retry-after", "30"), ("retry-after-ms", "250")]);
    assert_eq!(decide(&Attempt { headers: &h, ..attempt(Failure::Status(429)) }), retry_after(250));
    let h = headers(&[("Retry-After-Ms", "12.6")]);
    assert_eq!(decide(&Attempt { headers: &h, ..attempt(Failure::Status(503)) }), retry_after(13));
}

#[test]
fn unreadable_server_waits_fall_back_to_the_next_hint_or_the_backoff() {
    let h = headers(&[("retry-after-ms", "soon"), ("retry-after", "4")]);
    assert_eq!(decide(&Attempt { headers: &h, ..attempt(Failure::Status(429)) }), retry_after(4_000));
    for value in ["-1", "NaN", "inf", "", "tomorrow", "1e999", "Mon, 99 Foo 2023 00:00:00 GMT"] {
        let h = headers(&[("retry-after", value)]);
        assert_eq!(decide(&Attempt { headers: &h, ..attempt(Failure::Status(503)) }), retry_after(500), "{value:?}");
    }
}

#[test]
fn x_ratelimit_reset_is_honoured_only_on_429() {
    let h = headers(&[("X-RateLimit-Reset", "7")]);
    assert_eq!(decide(&Attempt { headers: &h, ..attempt(Failure::Status(429)) }), retry_after(7_000));
    assert_eq!(decide(&Attempt { headers: &h, ..attempt(Failure::Status(503)) }), retry_after(500));
    assert_eq!(server_wait_ms(&h, Failure::Status(503), NOW_MS), None);
    assert_eq!(server_wait_ms(&h, Failure::Timeout, NOW_MS), None);
    // `retry-after` wins over it.
    let h = headers(&[("x-ratelimit-reset", "7"), ("retry-after", "1")]);
    assert_eq!(server_wait_ms(&h, Failure::Status(429), NOW_MS), Some(1_000));
}

#[test]
fn a_server_wait_past_the_cap_gives_up_with_the_wait() {
    for (value, wait_ms) in [("3600", 3_600_000), ("60.001", 60_001), ("1e15", 1_000_000_000_000_000)] {
        let h = headers(&[("retry-after", value)]);
        assert_eq!(
            decide(&Attempt { headers: &h, ..attempt(Failure::Status(429)) }),
            give_up(GiveUp::ServerWaitTooLong { wait_ms }),
            "{value}"
        );
    }
    let h = headers(&[("x-ratelimit-reset", "86400")]);
    assert_eq!(
        decide(&Attempt { headers: &h, ..attempt(Failure::Status(429)) }),
        give_up(GiveUp::ServerWaitTooLong { wait_ms: 86_400_000 })
    );
    let h = headers(&[("retry-after", &http_date(NOW_MS + 2 * 3_600_000))]);
    assert_eq!(
        decide(&Attempt { headers: &h, ..attempt(Failure::Status(503)) }),
        give_up(GiveUp::ServerWaitTooLong { wait_ms: 7_200_000 })
    );
}

#[test]
fn the_cap_is_configurable() {
    let policy = RetryPolicy { max_server_wait_ms: 5_000, ..Default::default() };
    let h = headers(&[("retry-after", "5")]);
    assert_eq!(policy.decide(&Attempt { headers: &h, ..attempt(Failure::Status(429)) }), retry_after(5_000));
    let h = headers(&[("retry-after", "6")]);
    assert_eq!(
        policy.decide(&Attempt { headers: &h, ..attempt(Failure::Status(429)) }),
        give_up(GiveUp::ServerWaitTooLong { wait_ms: 6_000 })
    );
}

#[test]
fn create_is_not_retried_after_an_ambiguous_failure() {
    for failure in [
        Failure::Status(500),
        Failure::Status(502),
        Failure::Status(503),
        Failure::Status(504),
        Failure::Timeout,
        Failure::Connection,
    ] {
        let a = Attempt { repeatable: false, ..attempt(failure) };
        assert_eq!(decide(&a), give_up(GiveUp::UnsafeToRepeat), "{failure:?}");
    }
}

#[test]
fn create_with_an_idempotency_key_is_retried_after_an_ambiguous_failure() {
    for failure in [Failure::Status(500), Failure::Status(503), Failure::Timeout, Failure::Connection] {
        let a = Attempt { repeatable: false, has_idempotency_key: true, ..attempt(failure) };
        assert_eq!(decide(&a), retry_after(500), "{failure:?}");
    }
}

#[test]
fn create_is_retried_after_failures_that_prove_nothing_was_done() {
    for status in [408, 409, 429] {
        let a = Attempt { repeatable: false, ..attempt(Failure::Status(status)) };
        assert_eq!(decide(&a), retry_after(500), "{status}");
    }
    // The server saying "retry" is a promise that repeating is safe.
    let h = headers(&[("x-should-retry", "true")]);
    let a = Attempt { repeatable: false, headers: &h, ..attempt(Failure::Status(503)) };
    assert_eq!(decide(&a), retry_after(500));
}

#[test]
fn only_create_is_unsafe_to_repeat() {
    for operation in Operation::ALL {
        assert_eq!(operation.is_idempotent(), operation != Operation::CreateManagedAccount, "{operation:?}");
        let a = Attempt { repeatable: operation.is_idempotent(), ..attempt(Failure::Connection) };
        let expected = if operation == Operation::CreateManagedAccount {
            give_up(GiveUp::UnsafeToRepeat)
        } else {
            retry_after(500)
        };
        assert_eq!(decide(&a), expected, "{operation:?}");
    }
}

#[test]
fn retries_stop_after_max_retries() {
    assert_eq!(decide(&Attempt { retries_so_far: 1, ..attempt(Failure::Status(503)) }), retry_after(1_000));
    assert_eq!(
        decide(&Attempt { retries_so_far: 2, ..attempt(Failure::Status(503)) }),
        give_up(GiveUp::RetriesExhausted)
    );
    assert_eq!(decide(&Attempt { retries_so_far: 9, ..attempt(Failure::Timeout) }), give_up(GiveUp::RetriesExhausted));
    let never = RetryPolicy { max_retries: 0, ..Default::default() };
    assert_eq!(never.decide(&attempt(Failure::Status(503))), give_up(GiveUp::RetriesExhausted));
}

#[test]
fn a_wait_that_does_not_fit_the_remaining_budget_is_not_started() {
    let a = |remaining| Attempt { remaining_budget_ms: Some(remaining), ..attempt(Failure::Status(503)) };
    assert_eq!(decide(&a(501)), retry_after(500));
    assert_eq!(decide(&a(500)), give_up(GiveUp::BudgetExhausted));
    assert_eq!(decide(&a(0)), give_up(GiveUp::BudgetExhausted));
    let h = headers(&[("retry-after", "10")]);
    let a = Attempt { headers: &h, remaining_budget_ms: Some(9_999), ..attempt(Failure::Status(429)) };
    assert_eq!(decide(&a), give_up(GiveUp::BudgetExhausted));
}

#[test]
fn the_reasons_to_give_up_are_checked_in_a_sensible_order() {
    // Not retryable beats everything; unsafe beats exhausted; exhausted beats the cap and the budget.
    let long = headers(&[("retry-after", "3600")]);
    let a =
        Attempt { retries_so_far: 5, headers: &long, remaining_budget_ms: Some(0), ..attempt(Failure::Status(404)) };
    assert_eq!(decide(&a), give_up(GiveUp::NotRetryable));
    let a = Attempt { repeatable: false, retries_so_far: 5, ..attempt(Failure::Status(500)) };
    assert_eq!(decide(&a), give_up(GiveUp::UnsafeToRepeat));
    let a = Attempt { retries_so_far: 2, headers: &long, ..attempt(Failure::Status(429)) };
    assert_eq!(decide(&a), give_up(GiveUp::RetriesExhausted));
    let a = Attempt { headers: &long, remaining_budget_ms: Some(10), ..attempt(Failure::Status(429)) };
    assert_eq!(decide(&a), give_up(GiveUp::ServerWaitTooLong { wait_ms: 3_600_000 }));
}

#[test]
fn the_backoff_doubles_from_half_a_second_up_to_eight() {
    let policy = RetryPolicy::default();
    let curve: Vec<u64> = (0..8).map(|n| policy.backoff_ms(n, 0.0)).collect();
    assert_eq!(curve, [500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000]);
    assert_eq!(policy.backoff_ms(u32::MAX, 0.0), 8_000);
}

#[test]
fn jitter_takes_off_at_most_a_quarter() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.backoff_ms(0, 0.5), 438);
    assert_eq!(policy.backoff_ms(1, 0.5), 875);
    assert_eq!(policy.backoff_ms(4, 0.5), 7_000);
    assert_eq!(policy.backoff_ms(4, 0.999_999), 6_000);
    for n in 0..10 {
        let base = 500u64.saturating_mul(1 << n).min(8_000);
        for i in 0..1000 {
            let random = i as f64 / 1000.0;
            let delay = policy.backoff_ms(n, random);
            assert!(delay <= base && delay * 4 >= base * 3, "n={n} random={random} delay={delay}");
        }
    }
}

#[test]
fn a_broken_random_source_cannot_stretch_or_break_the_backoff() {
    let policy = RetryPolicy::default();
    for (random, delay) in [(f64::NAN, 1_000), (f64::INFINITY, 1_000), (-5.0, 1_000), (7.0, 750), (1.0, 750)] {
        assert_eq!(policy.backoff_ms(1, random), delay, "{random}");
    }
}

#[test]
fn the_jitter_comes_from_the_given_random_value() {
    let a = Attempt { random: 0.4, retries_so_far: 1, ..attempt(Failure::Status(502)) };
    assert_eq!(decide(&a), retry_after(900));
}

#[test]
fn header_lookup_ignores_case_and_returns_the_first_match() {
    let h = headers(&[("Retry-After", "1"), ("retry-after", "2")]);
    assert_eq!(h.header("RETRY-AFTER"), Some("1"));
    assert_eq!(h.as_slice().header("missing"), None);
    assert_eq!(NoHeaders.header("retry-after"), None);
}

// The same policy driving whole calls through closure transports.

fn config() -> ClientConfig {
    ClientConfig::new("KEY")
}

fn account_example() -> Value {
    common::success_examples("get", "/managed_accounts/{id}", "application/json").remove(0)
}

#[test]
fn two_transient_failures_then_success_makes_three_attempts() {
    let spec = operations::retrieve_managed_account("a1").unwrap();
    let mut replies =
        vec![Err(Failure::Connection), Ok(reply(503, &[], "")), Ok(ok_json(&account_example()))].into_iter();
    let exchange = call::<Value>(&config(), &RetryPolicy::default(), &spec, &[], || 0.0, |_| replies.next().unwrap());
    assert_eq!(exchange.requests.len(), 3);
    assert_eq!(exchange.delays_ms, [500, 1_000]);
    assert_eq!(exchange.result.unwrap(), account_example());
}

#[test]
fn a_failure_on_every_attempt_ends_after_three_with_the_last_error() {
    let spec = operations::retrieve_managed_account("a1").unwrap();
    let body = r#"{"errors":[{"code":"10000","title":"Server error"}]}"#;
    let mut randoms = [0.0, 1.0, 0.5].into_iter();
    let exchange = call::<Value>(
        &config(),
        &RetryPolicy::default(),
        &spec,
        &[],
        || randoms.next().unwrap(),
        |_| Ok(reply(500, &[("x-request-id", "r-500")], body)),
    );
    assert_eq!(exchange.requests.len(), 3);
    assert_eq!(exchange.delays_ms, [500, 750]);
    let err = exchange.result.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InternalServer);
    assert_eq!(err.to_string(), "500 Internal Server Error: Server error (code 10000; request id r-500)");
}

#[test]
fn a_create_whose_reply_is_lost_is_sent_once_and_reported_as_unknown() {
    let spec = operations::create_managed_account(&CreateManagedAccountParams::new("Acme")).unwrap();
    for failure in [Failure::Connection, Failure::Timeout] {
        let exchange = call::<Value>(&config(), &RetryPolicy::default(), &spec, &[], || 0.0, |_| Err(failure));
        assert_eq!(exchange.requests.len(), 1);
        let err = exchange.result.unwrap_err();
        assert!(matches!(
            err,
            Error::Connection { outcome_unknown: true, .. } | Error::Timeout { outcome_unknown: true, .. }
        ));
        assert!(err.to_string().contains("may have been carried out"));
    }
    let exchange = call::<Value>(&config(), &RetryPolicy::default(), &spec, &[], || 0.0, |_| Ok(reply(502, &[], "")));
    assert_eq!(exchange.requests.len(), 1);
    assert_eq!(exchange.result.unwrap_err().kind(), ErrorKind::InternalServer);
}

#[test]
fn a_create_with_an_idempotency_key_is_repeated_with_the_same_key() {
    let spec = operations::create_managed_account(&CreateManagedAccountParams::new("Acme")).unwrap();
    let key = vec![("Idempotency-Key".to_owned(), Some("create-1".to_owned()))];
    let mut replies = vec![Err(Failure::Connection), Ok(ok_json(&account_example()))].into_iter();
    let exchange = call::<Value>(&config(), &RetryPolicy::default(), &spec, &key, || 0.0, |_| replies.next().unwrap());
    assert_eq!(exchange.requests.len(), 2);
    assert!(exchange.requests.iter().all(|r| r.header("idempotency-key") == Some("create-1")));
    assert_eq!(exchange.requests[0], exchange.requests[1]);
    assert!(exchange.result.is_ok());
}

#[test]
fn an_hour_long_retry_after_fails_fast_with_the_rate_limit_error_and_the_wait() {
    let spec = operations::retrieve_managed_account("a1").unwrap();
    let body = json!({"errors": [{"code": "10011", "title": "Too many requests"}]}).to_string();
    let exchange = call::<Value>(
        &config(),
        &RetryPolicy::default(),
        &spec,
        &[],
        || 0.0,
        |_| Ok(reply(429, &[("retry-after", "3600"), ("x-request-id", "rl-1")], &body)),
    );
    assert_eq!(exchange.requests.len(), 1);
    assert!(exchange.delays_ms.is_empty());
    let Error::Api(err) = exchange.result.unwrap_err() else { panic!("not an API error") };
    assert_eq!((err.kind, err.retry_after_ms), (ErrorKind::RateLimit, Some(3_600_000)));
    assert_eq!(err.to_string(), "429 Too Many Requests: Too many requests (code 10011; request id rl-1)");
    let bare = telnyx_core::ApiError { errors: vec![], ..err };
    assert_eq!(bare.to_string(), "429 Too Many Requests (server asked to wait 3600 s; request id rl-1)");
}

#[test]
fn a_rate_limit_with_a_short_reset_is_waited_out() {
    let spec = operations::get_allocatable_global_outbound_channels();
    let mut replies =
        vec![Ok(reply(429, &[("x-ratelimit-reset", "2")], "")), Ok(ok_json(&json!({"data": {}})))].into_iter();
    let exchange = call::<Value>(&config(), &RetryPolicy::default(), &spec, &[], || 0.0, |_| replies.next().unwrap());
    assert_eq!(exchange.delays_ms, [2_000]);
    assert!(exchange.result.is_ok());
}

#[test]
fn a_not_found_is_not_retried() {
    let spec = operations::retrieve_managed_account("a1").unwrap();
    let exchange = call::<Value>(&config(), &RetryPolicy::default(), &spec, &[], || 0.0, |_| Ok(reply(404, &[], "")));
    assert_eq!(exchange.requests.len(), 1);
    assert_eq!(exchange.result.unwrap_err().kind(), ErrorKind::NotFound);
}
