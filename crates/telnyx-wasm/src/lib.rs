//! The engine of the `telnyx-wasm` npm package: telnyx-core behind a small
//! wasm-bindgen surface.
//!
//! Rust decides, the host acts. The package's JavaScript layer (`js/client.js`)
//! calls [`Core::request`] once per request and gets back everything it needs
//! to call `fetch`; it calls [`Core::retry`] after a failed attempt, and
//! [`Core::error`] to turn a final failure into an error class and a one-line
//! message; [`next_page`] drives pagination. JSON text, `fetch`, timers and
//! the error classes stay with the host: no JSON parser, HTTP stack or async
//! runtime is compiled into the module, which keeps it small.
//!
//! Validation happens here, on the caller's raw values ([`convert::to_input`]
//! then telnyx-core's `FromInput`), so JavaScript callers get the same checks
//! as typed Rust callers, before anything is sent.

mod convert;
mod error_body;

use convert::{headers, plain_object_keys, string, to_input};
use js_sys::Date;
use telnyx_core::error::{ErrorKind, OUTCOME_UNKNOWN};
use telnyx_core::input::{expect_integer, FromInput, Input};
use telnyx_core::params::*;
use telnyx_core::retry::{Attempt, Failure, GiveUp, RetryDecision, RetryPolicy};
use telnyx_core::text::unsigned;
use telnyx_core::{operations, ApiError, ClientConfig, Error, Operation, RequestSpec, Secret, ValidationError};
use wasm_bindgen::prelude::*;

/// Longest timeout `setTimeout` honours (2^31 - 1 ms).
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;
/// More retries than anyone needs; a typo like 1e9 is caught.
const MAX_RETRIES: i64 = 100;

/// Number of fixed lines before the header pairs in [`Core::request`]'s answer.
pub const REQUEST_FIELDS: usize = 8;

/// Joins the lines of an answer. One string crosses the boundary, and the host
/// splits it: one UTF-8 decode per call instead of one per field.
fn lines(fields: &[&str]) -> String {
    let mut out = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum());
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(field);
    }
    out
}

/// A configured client: base URL, key and default headers, timeout and retries.
///
/// The API key lives here, inside the module, not on the JavaScript object:
/// `JSON.stringify(client)` and a console dump cannot show it.
#[wasm_bindgen]
pub struct Core {
    config: ClientConfig,
    timeout_ms: u64,
    max_retries: u32,
}

#[wasm_bindgen]
impl Core {
    /// Checks the client options. `api_key` and `base_url` come already
    /// resolved (environment defaults applied by the host); `options` is the
    /// caller's object, checked for unknown keys and read for the rest.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options: &JsValue,
        api_key: &JsValue,
        base_url: &JsValue,
        timeout: &JsValue,
        max_retries: &JsValue,
    ) -> Result<Core, String> {
        Core::configure(options, api_key, base_url, timeout, max_retries).map_err(|e| e.message())
    }

    /// Builds a request: the lines `method, url, body, accept, timeout_ms,
    /// max_retries, idempotency_key ("1" or ""), first_page, name, value, name,
    /// value, ...`, joined with `\n`. No field can hold a line break: the URL
    /// is percent-encoded, the JSON body escapes control characters, and header
    /// names and values are checked for them.
    ///
    /// `op` indexes [`Operation::ALL`]; `page` > 0 asks a list for that page,
    /// every other parameter kept. Throws a message string for bad input.
    pub fn request(
        &self,
        op: u32,
        id: &JsValue,
        params: &JsValue,
        options: &JsValue,
        page: f64,
    ) -> Result<String, String> {
        self.build(op, id, params, options, page).map_err(|mut e| {
            // Params are read with an empty root name so that keys read as the
            // caller wrote them; the value as a whole is called `params`.
            if e.field.is_empty() {
                e.field.push_str("params");
            }
            e.message()
        })
    }

    /// Decides what follows a failed attempt: a delay in ms (≥ 0) before the
    /// next one, `-1` to give up, or `-2` to give up because repeating a
    /// create whose outcome is unknown could duplicate it.
    ///
    /// `failure` is the HTTP status, or 0 for a connection failure and 1 for
    /// a timeout; `headers` the response's as name/value lines (see [`pairs`]);
    /// `remaining_ms` what is left of the call's time budget (a wait that
    /// would not fit is not started).
    #[allow(clippy::too_many_arguments)]
    pub fn retry(
        &self,
        op: u32,
        idempotency_key: bool,
        retries_so_far: u32,
        max_retries: u32,
        failure: u32,
        headers: String,
        random: f64,
        remaining_ms: f64,
    ) -> f64 {
        let Some(operation) = Operation::ALL.get(op as usize).copied() else { return -1.0 };
        let headers = pairs(headers);
        let decision = RetryPolicy { max_retries, ..RetryPolicy::default() }.decide(&Attempt {
            retries_so_far,
            operation,
            has_idempotency_key: idempotency_key,
            failure: failure_of(failure),
            headers: &headers,
            now_unix_ms: Date::now() as u64,
            random,
            remaining_budget_ms: Some(if remaining_ms > 0.0 { remaining_ms as u64 } else { 0 }),
        });
        match decision {
            RetryDecision::RetryAfter { delay_ms } => delay_ms as f64,
            RetryDecision::GiveUp(GiveUp::UnsafeToRepeat) => -2.0,
            RetryDecision::GiveUp(_) => -1.0,
        }
    }

    /// The error for a call that failed for good: the lines `class name, request
    /// id, retry-after ms (or ""), message`. The message comes last: it may
    /// quote a caller's key, line breaks included.
    ///
    /// `kind`: 0 an HTTP error status (`body` is the parsed body, if it was
    /// JSON), 1 a connection failure (`detail` says what failed), 2 a timeout
    /// (`detail` is the timeout in ms), 3 a success whose body could not be
    /// read (`detail` says why). `outcome_unknown` comes from [`Core::retry`].
    pub fn error(
        &self,
        kind: u32,
        status: u16,
        body: &JsValue,
        headers: String,
        detail: String,
        outcome_unknown: bool,
    ) -> String {
        let headers = pairs(headers);
        let request_id = telnyx_core::retry::HeaderLookup::header(&headers, "x-request-id").map(str::to_owned);
        let error = match kind {
            0 => {
                let mut api = ApiError::new(status, error_body::errors(body), request_id.clone());
                if api.kind == ErrorKind::RateLimit {
                    api.retry_after_ms =
                        telnyx_core::retry::server_wait_ms(&headers, Failure::Status(status), Date::now() as u64);
                }
                Error::Api(api)
            }
            1 => Error::Connection { message: detail, outcome_unknown },
            2 => Error::Timeout { timeout_ms: detail.parse().unwrap_or(0), outcome_unknown },
            _ => Error::Decode { status, message: detail, request_id: request_id.clone() },
        };
        let mut message = error.message();
        if outcome_unknown && matches!(error, Error::Api(_)) {
            message.push('.');
            message.push_str(OUTCOME_UNKNOWN);
        }
        let retry_after = match &error {
            Error::Api(api) => api.retry_after_ms.map(unsigned).unwrap_or_default(),
            _ => String::new(),
        };
        lines(&[error.kind().class_name(), request_id.as_deref().unwrap_or_default(), &retry_after, &message])
    }
}

/// The page to ask for after this one, or 0 when the list is done.
///
/// `highest` is the highest page requested so far; `page_number` and
/// `total_pages` come from the page's `meta` (NaN when missing).
#[wasm_bindgen(js_name = nextPage)]
pub fn next_page(highest: f64, items: u32, page_number: f64, total_pages: f64) -> f64 {
    let meta = telnyx_core::models::PaginationMeta {
        page_number: whole(page_number),
        total_pages: whole(total_pages),
        ..Default::default()
    };
    let highest = whole(highest).unwrap_or(u64::MAX);
    telnyx_core::pagination::next_page_number(highest, items as usize, Some(&meta)).map_or(0.0, |n| n as f64)
}

/// A non-negative whole number, as sent in `meta`.
fn whole(value: f64) -> Option<u64> {
    (value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9_007_199_254_740_991.0)
        .then_some(value as u64)
}

fn failure_of(code: u32) -> Failure {
    match code {
        0 => Failure::Connection,
        1 => Failure::Timeout,
        status => Failure::Status(status.min(u16::MAX as u32) as u16),
    }
}

/// `name\nvalue\nname\nvalue...` to pairs (header names and values hold no line breaks).
///
/// A `retry-after` given as an HTTP date is read with the host's `Date.parse`
/// and added as the equivalent `retry-after-ms` (telnyx-core's own date parser
/// is left out of the module to keep it small); a `retry-after-ms` the server
/// sent itself still comes first.
fn pairs(flat: String) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut iter = flat.split('\n');
    while let (Some(name), Some(value)) = (iter.next(), iter.next()) {
        out.push((name.to_owned(), value.to_owned()));
    }
    let date = out.iter().find(|(n, v)| n.eq_ignore_ascii_case("retry-after") && v.trim().contains(' '));
    if let Some(wait_ms) = date.and_then(|(_, v)| date_wait_ms(v)) {
        out.push(("retry-after-ms".to_owned(), unsigned(wait_ms)));
    }
    out
}

/// Milliseconds from now until an HTTP date, 0 when it is past; `None` when unreadable.
#[cfg(target_arch = "wasm32")]
fn date_wait_ms(value: &str) -> Option<u64> {
    let at = Date::parse(value);
    at.is_finite().then(|| (at - Date::now()).max(0.0) as u64)
}

#[cfg(not(target_arch = "wasm32"))]
fn date_wait_ms(_: &str) -> Option<u64> {
    None
}

impl Core {
    fn configure(
        options: &JsValue,
        api_key: &JsValue,
        base_url: &JsValue,
        timeout: &JsValue,
        max_retries: &JsValue,
    ) -> Result<Core, ValidationError> {
        const KNOWN: &[&str] = &[
            "apiKey",
            "baseURL",
            "timeout",
            "maxRetries",
            "defaultHeaders",
            "fetch",
            "dangerouslyAllowBrowser",
            // Accepted for compatibility; the client does not log.
            "logLevel",
            "logger",
        ];
        let mut default_headers = Vec::new();
        for (key, value) in plain_object_keys("options", options)? {
            match key.as_str() {
                "defaultHeaders" => default_headers = headers("defaultHeaders", &value)?,
                "fetch" if !(value.is_function() || value.is_undefined() || value.is_null()) => {
                    return Err(ValidationError::new("fetch", "must be a function"))
                }
                "dangerouslyAllowBrowser" if !(value.as_bool().is_some() || value.is_undefined()) => {
                    return Err(ValidationError::new("dangerouslyAllowBrowser", "must be a boolean"))
                }
                known if KNOWN.contains(&known) => {}
                _ => return Err(ValidationError::new(key, "is not a known client option")),
            }
        }
        let api_key = match to_input("apiKey", api_key)? {
            Input::Absent => None,
            Input::Text(key) if key.is_empty() => return Err(ValidationError::new("apiKey", "must not be empty")),
            Input::Text(key) => {
                // The key never shows in the message, only what is wrong with it.
                convert::check_header("apiKey", "authorization", &key)?;
                Some(Secret::new(key))
            }
            other => return Err(type_error("apiKey", "a string", &other)),
        };
        let base_url = match string("baseURL", base_url)? {
            Some(url) => check_base_url(&url)?,
            None => return Err(ValidationError::new("baseURL", "must be a string")),
        };
        let timeout_ms = timeout_of("timeout", timeout)?.unwrap_or(60_000);
        let max_retries = retries_of("maxRetries", max_retries)?.unwrap_or(2);
        Ok(Core { config: ClientConfig { api_key, base_url, default_headers }, timeout_ms, max_retries })
    }

    fn build(
        &self,
        op: u32,
        id: &JsValue,
        params: &JsValue,
        options: &JsValue,
        page: f64,
    ) -> Result<String, ValidationError> {
        let operation =
            Operation::ALL.get(op as usize).copied().ok_or_else(|| ValidationError::new("operation", "is unknown"))?;
        let id = || -> Result<String, ValidationError> {
            match to_input("id", id)? {
                Input::Text(id) => Ok(id),
                Input::Absent => Err(ValidationError::new("id", "is required")),
                other => Err(type_error("id", "a string", &other)),
            }
        };
        let params = to_input("", params)?;
        let page = whole(page).filter(|&n| n > 0);
        let mut first_page = 0;
        let spec: RequestSpec = match operation {
            Operation::ListManagedAccounts => {
                let p = ListManagedAccountsParams::from_input("", &params)?;
                first_page = page.or(p.page.number).unwrap_or(1);
                operations::list_managed_accounts_page(&p, first_page)?
            }
            Operation::CreateManagedAccount => {
                operations::create_managed_account(&CreateManagedAccountParams::from_input("", &params)?)?
            }
            Operation::GetAllocatableGlobalOutboundChannels => {
                no_params(&params)?;
                operations::get_allocatable_global_outbound_channels()
            }
            Operation::RetrieveManagedAccount => {
                no_params(&params)?;
                operations::retrieve_managed_account(&id()?)?
            }
            Operation::UpdateManagedAccount => {
                operations::update_managed_account(&id()?, &UpdateManagedAccountParams::from_input("", &params)?)?
            }
            Operation::DisableManagedAccount => {
                no_params(&params)?;
                operations::disable_managed_account(&id()?)?
            }
            Operation::EnableManagedAccount => {
                operations::enable_managed_account(&id()?, &EnableManagedAccountParams::from_input("", &params)?)?
            }
            Operation::UpdateGlobalChannelLimit => operations::update_global_channel_limit(
                &id()?,
                &UpdateGlobalChannelLimitParams::from_input("", &params)?,
            )?,
            Operation::ListOrganizationUsers => {
                let p = ListOrganizationUsersParams::from_input("", &params)?;
                first_page = page.or(p.page.number).unwrap_or(1);
                operations::list_organization_users_page(&p, first_page)?
            }
            Operation::GetGroupsReport => operations::get_groups_report(ReportFormat::from_input("", &params)?),
            Operation::RetrieveOrganizationUser => operations::retrieve_organization_user(
                &id()?,
                &RetrieveOrganizationUserParams::from_input("", &params)?,
            )?,
            Operation::RemoveOrganizationUser => {
                no_params(&params)?;
                operations::remove_organization_user(&id()?)?
            }
        };

        let mut timeout_ms = self.timeout_ms;
        let mut max_retries = self.max_retries;
        let mut extra = Vec::new();
        for (key, value) in plain_object_keys("options", options)? {
            match key.as_str() {
                "timeout" => timeout_ms = timeout_of("options.timeout", &value)?.unwrap_or(timeout_ms),
                "maxRetries" => max_retries = retries_of("options.maxRetries", &value)?.unwrap_or(max_retries),
                "headers" => extra.extend(headers("options.headers", &value)?),
                "idempotencyKey" => match string("options.idempotencyKey", &value)? {
                    Some(key) => {
                        convert::check_header("options.idempotencyKey", "idempotency-key", &key)?;
                        extra.push(("idempotency-key".to_owned(), key));
                    }
                    None if value.is_undefined() || value.is_null() => {}
                    None => return Err(ValidationError::new("options.idempotencyKey", "must be a string")),
                },
                // The host watches the signal; it only has to look like an AbortSignal.
                "signal" => convert::check_signal("options.signal", &value)?,
                "prefetch" if matches!(to_input("options.prefetch", &value)?, Input::Bool(_) | Input::Absent) => {}
                "prefetch" => return Err(ValidationError::new("options.prefetch", "must be a boolean")),
                _ => return Err(ValidationError::new(key, "is not a known request option")),
            }
        }

        let request = self.config.http_request(&spec, &extra);
        let timeout_ms = unsigned(timeout_ms);
        let max_retries = unsigned(max_retries.into());
        let first_page = unsigned(first_page);
        let has_key = request.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("idempotency-key"));
        let mut fields: Vec<&str> = Vec::with_capacity(REQUEST_FIELDS + 2 * request.headers.len());
        fields.extend([
            request.method.as_str(),
            &request.url,
            request.body.as_deref().unwrap_or_default(),
            if spec.accept == "text/csv" { "text" } else { "json" },
            &timeout_ms,
            &max_retries,
            if has_key { "1" } else { "" },
            &first_page,
        ]);
        for (name, value) in &request.headers {
            fields.push(name);
            fields.push(value);
        }
        Ok(lines(&fields))
    }
}

/// Calls without a params argument take none; a stray object is a mistake.
fn no_params(params: &Input) -> Result<(), ValidationError> {
    match params {
        Input::Absent => Ok(()),
        Input::Object(entries) if entries.is_empty() => Ok(()),
        Input::Object(entries) => Err(ValidationError::new(entries[0].0.clone(), "is not a known parameter")),
        other => Err(type_error("params", "an object", other)),
    }
}

fn type_error(field: &str, expected: &str, got: &Input) -> ValidationError {
    let mut reason = String::from("must be ");
    reason.push_str(expected);
    reason.push_str(" (got ");
    reason.push_str(got.type_name());
    reason.push(')');
    ValidationError::new(field, reason)
}

fn timeout_of(field: &str, value: &JsValue) -> Result<Option<u64>, ValidationError> {
    match to_input(field, value)? {
        Input::Absent => Ok(None),
        Input::Number(ms) if ms.is_finite() && ms > 0.0 && ms <= MAX_TIMEOUT_MS => Ok(Some(ms.ceil() as u64)),
        Input::Number(_) => Err(ValidationError::new(field, "must be a number of ms between 1 and 2147483647")),
        other => Err(type_error(field, "a number of ms", &other)),
    }
}

fn retries_of(field: &str, value: &JsValue) -> Result<Option<u32>, ValidationError> {
    let input = to_input(field, value)?;
    if matches!(input, Input::Absent) {
        return Ok(None);
    }
    let n = expect_integer(field, &input)?;
    if !(0..=MAX_RETRIES).contains(&n) {
        return Err(ValidationError::new(field, "must be between 0 and 100"));
    }
    Ok(Some(n as u32))
}

/// An absolute `http:` or `https:` URL without query or fragment; a trailing `/` is dropped.
fn check_base_url(url: &str) -> Result<String, ValidationError> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let ok = match rest {
        Some(rest) => {
            !rest.is_empty()
                && !rest.starts_with('/')
                && url.len() <= 2048
                && !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '\\'))
        }
        None => false,
    };
    if !ok {
        return Err(ValidationError::new(
            "baseURL",
            "must be an absolute http(s) URL without query or fragment, like https://api.telnyx.com/v2",
        ));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_absolute_http() {
        assert_eq!(check_base_url("http://127.0.0.1:4010/v2/").unwrap(), "http://127.0.0.1:4010/v2");
        assert_eq!(check_base_url("https://api.telnyx.com/v2").unwrap(), "https://api.telnyx.com/v2");
        for bad in
            ["", "/v2", "api.telnyx.com", "ftp://x", "http://", "http:///x", "http://a b", "http://x/?q", "http://x#f"]
        {
            assert!(check_base_url(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn next_page_follows_meta_and_never_repeats() {
        assert_eq!(next_page(1.0, 20, 1.0, 3.0), 2.0);
        assert_eq!(next_page(3.0, 20, 3.0, 3.0), 0.0);
        assert_eq!(next_page(2.0, 20, 1.0, 3.0), 0.0, "a server stuck on page 1 ends the iteration");
        assert_eq!(next_page(1.0, 0, 1.0, 3.0), 0.0, "an empty page ends the iteration");
        assert_eq!(next_page(1.0, 20, f64::NAN, 3.0), 0.0, "no meta, no next page");
        assert_eq!(next_page(1.0, 20, 1.5, 3.0), 0.0);
    }

    #[test]
    fn failure_codes_map_to_failures() {
        assert_eq!(failure_of(0), Failure::Connection);
        assert_eq!(failure_of(1), Failure::Timeout);
        assert_eq!(failure_of(503), Failure::Status(503));
    }

    #[test]
    fn flat_headers_pair_up() {
        assert_eq!(pairs("a\n1\nb\n\nodd".to_owned()), vec![("a".into(), "1".into()), ("b".into(), "".into())]);
        assert_eq!(pairs(String::new()), vec![]);
    }

    #[test]
    fn empty_params_are_accepted_where_none_are_taken() {
        assert!(no_params(&Input::Absent).is_ok());
        assert!(no_params(&Input::Object(vec![])).is_ok());
        assert!(no_params(&Input::Object(vec![("x".into(), Input::Bool(true))])).is_err());
        assert!(no_params(&Input::Text("x".into())).is_err());
    }
}

// SAFETY: a wasm module instance runs on one thread (no shared memory is enabled).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
