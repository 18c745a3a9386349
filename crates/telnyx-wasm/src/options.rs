//! The caller's values, read strictly: client options, request options, and
//! the params of each operation. Unknown keys, wrong types, lone surrogates
//! and absurd depth are refused here, before anything is sent, with the same
//! checks (telnyx-core's `FromInput` and `validate`) as typed Rust callers get.

use crate::convert::{self, headers, plain_object_keys, string, to_input};
use js_sys::Function;
use telnyx_core::engine::{self, CallSettings};
use telnyx_core::input::{expect_integer, query_pairs, FromInput, Input};
use telnyx_core::log::LogLevel;
use telnyx_core::oauth::OAuthClient;
use telnyx_core::params::*;
use telnyx_core::{
    operations, validate, ClientConfig, HeaderEdit, Method, Operation, RequestSpec, Secret, ValidationError,
};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// A client's settings, checked.
pub struct ClientOptions {
    pub config: ClientConfig,
    pub settings: CallSettings,
    pub fetch: Option<Function>,
    pub fetch_options: JsValue,
    /// The `logger` option, else `console`.
    pub logger: JsValue,
    pub public_key: Option<String>,
    /// A `TELNYX_LOG` value that names no level, for a warning.
    pub bad_env_log_level: Option<String>,
}

/// Reads the client options, with the official SDK's environment defaults
/// (`TELNYX_API_KEY`, `TELNYX_BASE_URL`, `TELNYX_CLIENT_ID`,
/// `TELNYX_CLIENT_SECRET`, `TELNYX_PUBLIC_KEY`, `TELNYX_LOG`) where an option
/// is absent. `page_url` is the page's location in a browser: a relative
/// `baseURL` (`/api/telnyx`) is resolved against it.
pub fn client(options: &JsValue, page_url: &JsValue) -> Result<ClientOptions, ValidationError> {
    let mut config = ClientConfig::default();
    let mut settings = CallSettings::default();
    let [mut api_key, mut base_url, mut client_id, mut client_secret, mut public_key, mut log_level] =
        [(); 6].map(|()| JsValue::UNDEFINED);
    let mut fetch = None;
    let mut fetch_options = JsValue::UNDEFINED;
    let mut logger = JsValue::UNDEFINED;
    for (key, value) in plain_object_keys("options", options)? {
        match key.as_str() {
            "apiKey" => api_key = value,
            "baseURL" => base_url = value,
            "clientID" => client_id = value,
            "clientSecret" => client_secret = value,
            "publicKey" => public_key = value,
            "logLevel" => log_level = value,
            "timeout" => settings.timeout_ms = timeout_of("timeout", &value)?.unwrap_or(settings.timeout_ms),
            "callTimeout" => settings.call_timeout_ms = timeout_of("callTimeout", &value)?,
            "maxRetries" => {
                settings.policy.max_retries = retries_of("maxRetries", &value)?.unwrap_or(settings.policy.max_retries)
            }
            "defaultHeaders" => config.default_headers = headers("defaultHeaders", &value)?,
            "defaultQuery" => config.default_query = query_pairs("defaultQuery", &to_input("defaultQuery", &value)?)?,
            "fetch" if value.is_function() => fetch = Some(value.unchecked_into()),
            "fetch" if value.is_undefined() || value.is_null() => {}
            "fetch" => return Err(ValidationError::new("fetch", "must be a function")),
            "fetchOptions" => fetch_options = request_init("fetchOptions", value)?,
            "logger" if value.is_object() => logger = value,
            "logger" if value.is_undefined() || value.is_null() => {}
            "logger" => {
                return Err(ValidationError::new(
                    "logger",
                    "must be an object with error, warn, info and debug methods",
                ))
            }
            // Acted on by the JS layer, which refuses a key in a page before the module loads.
            "dangerouslyAllowBrowser" if value.as_bool().is_some() || value.is_undefined() => {}
            "dangerouslyAllowBrowser" => {
                return Err(ValidationError::new("dangerouslyAllowBrowser", "must be a boolean"))
            }
            _ => return Err(ValidationError::new(key, "is not a known client option")),
        }
    }
    let or_env = |value: JsValue, name: &str| if value.is_undefined() { env(name) } else { value };
    config.api_key = match to_input("apiKey", &or_env(api_key, "TELNYX_API_KEY"))? {
        Input::Absent => None,
        Input::Text(key) => {
            validate::api_key("apiKey", &key)?;
            Some(Secret::new(key))
        }
        other => return Err(type_error("apiKey", "a string", &other)),
    };
    let client_id = text_option("clientID", &or_env(client_id, "TELNYX_CLIENT_ID"))?;
    let client_secret = text_option("clientSecret", &or_env(client_secret, "TELNYX_CLIENT_SECRET"))?;
    config.oauth = match (client_id, client_secret) {
        (None, None) => None,
        (Some(id), Some(secret)) => {
            if id.contains(':') {
                return Err(ValidationError::new("clientID", "must not contain `:` (it is sent with HTTP Basic auth)"));
            }
            Some(OAuthClient::new(id, secret))
        }
        (Some(_), None) => return Err(ValidationError::new("clientSecret", "is required with clientID")),
        (None, Some(_)) => return Err(ValidationError::new("clientID", "is required with clientSecret")),
    };
    let public_key = text_option("publicKey", &or_env(public_key, "TELNYX_PUBLIC_KEY"))?;
    let mut bad_env_log_level = None;
    settings.log_level = match string("logLevel", &log_level)? {
        Some(name) => LogLevel::parse(&name)
            .ok_or_else(|| ValidationError::new("logLevel", "must be one of off, error, warn, info, debug"))?,
        None if log_level.is_undefined() || log_level.is_null() => match env("TELNYX_LOG").as_string() {
            // As the official SDK does: a bad environment value is warned about, not fatal.
            Some(name) => LogLevel::parse(&name).unwrap_or_else(|| {
                bad_env_log_level = Some(name);
                LogLevel::DEFAULT
            }),
            None => LogLevel::DEFAULT,
        },
        None => return Err(ValidationError::new("logLevel", "must be a string")),
    };
    if logger.is_undefined() {
        logger = convert::get(&js_sys::global(), &JsValue::from_str("console")).unwrap_or(JsValue::UNDEFINED);
    }
    let base_url = or_env(base_url, "TELNYX_BASE_URL");
    config.base_url = match string("baseURL", &base_url)? {
        Some(url) if !url.is_empty() => validate::base_url("baseURL", &against_page(url, page_url))?,
        // An empty or absent base URL means the default one.
        Some(_) => config.base_url,
        None if base_url.is_undefined() || base_url.is_null() => config.base_url,
        None => return Err(ValidationError::new("baseURL", "must be a string")),
    };
    Ok(ClientOptions { config, settings, fetch, fetch_options, logger, public_key, bad_env_log_level })
}

/// `process.env[name]`, trimmed, where there is a `process`; `undefined` when empty or absent.
fn env(name: &str) -> JsValue {
    use convert::field;
    let value = field(&field(&field(&js_sys::global(), "process"), "env"), name);
    match value.as_string().map(|text| text.trim().to_owned()) {
        Some(text) if !text.is_empty() => JsValue::from_str(&text),
        _ => JsValue::UNDEFINED,
    }
}

/// A string option that may travel in a header: `None` when absent; empty
/// strings count as absent, as in the official SDK.
fn text_option(field: &str, value: &JsValue) -> Result<Option<String>, ValidationError> {
    match to_input(field, value)? {
        Input::Absent => Ok(None),
        Input::Text(text) if text.is_empty() => Ok(None),
        Input::Text(text) => {
            validate::header_value(field, &text)?;
            Ok(Some(text))
        }
        other => Err(type_error(field, "a string", &other)),
    }
}

/// `fetchOptions`: a plain object of `RequestInit` fields, passed to `fetch` as they are.
fn request_init(field: &str, value: JsValue) -> Result<JsValue, ValidationError> {
    if value.is_undefined() || value.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    plain_object_keys(field, &value)?;
    Ok(value)
}

/// A relative URL resolved against the page's location by the platform's
/// `URL`; anything else as it is (and checked as it is).
fn against_page(url: String, page_url: &JsValue) -> String {
    let absolute = url.starts_with("http://") || url.starts_with("https://");
    match page_url.as_string() {
        Some(page) if !absolute => web_sys::Url::new_with_base(&url, &page).map(|u| u.href()).unwrap_or(url),
        _ => url,
    }
}

/// The request options of one call: the official SDK's `RequestOptions`.
pub struct CallOptions {
    pub settings: CallSettings,
    pub headers: Vec<HeaderEdit>,
    pub signal: Option<AbortSignal>,
    /// `query` or `body`: for an operation, its params given another way (the
    /// official SDK sends them in place of the method's params).
    pub query: JsValue,
    pub body: JsValue,
    pub method: Option<String>,
    pub path: Option<String>,
    pub fetch_options: JsValue,
}

pub fn call(options: &JsValue, client: &CallSettings) -> Result<CallOptions, ValidationError> {
    let mut out = CallOptions {
        settings: *client,
        headers: Vec::new(),
        signal: None,
        query: JsValue::UNDEFINED,
        body: JsValue::UNDEFINED,
        method: None,
        path: None,
        fetch_options: JsValue::UNDEFINED,
    };
    let settings = &mut out.settings;
    for (key, value) in plain_object_keys("options", options)? {
        match key.as_str() {
            "timeout" => settings.timeout_ms = timeout_of("options.timeout", &value)?.unwrap_or(settings.timeout_ms),
            "callTimeout" => {
                settings.call_timeout_ms = timeout_of("options.callTimeout", &value)?.or(settings.call_timeout_ms)
            }
            "maxRetries" => {
                settings.policy.max_retries =
                    retries_of("options.maxRetries", &value)?.unwrap_or(settings.policy.max_retries)
            }
            "headers" => out.headers.extend(headers("options.headers", &value)?),
            "idempotencyKey" => match string("options.idempotencyKey", &value)? {
                Some(key) => {
                    validate::idempotency_key("options.idempotencyKey", &key)?;
                    out.headers.push(("idempotency-key".to_owned(), Some(key)));
                }
                None if value.is_undefined() || value.is_null() => {}
                None => return Err(ValidationError::new("options.idempotencyKey", "must be a string")),
            },
            "signal" => {
                convert::check_signal("options.signal", &value)?;
                if value.is_object() {
                    out.signal = Some(value.unchecked_into());
                }
            }
            "query" => out.query = value,
            "body" => out.body = value,
            "method" => out.method = text_option("options.method", &value)?,
            "path" => out.path = text_option("options.path", &value)?,
            "fetchOptions" => out.fetch_options = request_init("options.fetchOptions", value)?,
            "prefetch" if matches!(to_input("options.prefetch", &value)?, Input::Bool(_) | Input::Absent) => {}
            "prefetch" => return Err(ValidationError::new("options.prefetch", "must be a boolean")),
            _ => return Err(ValidationError::new(key, "is not a known request option")),
        }
    }
    Ok(out)
}

/// The request of `operation`, and for a list the page it asks for.
///
/// `page` > 0 asks a list for that page, every other parameter kept.
pub fn request(
    operation: Operation,
    id: &JsValue,
    params: &JsValue,
    page: f64,
) -> Result<(RequestSpec, u64), ValidationError> {
    let id = || -> Result<String, ValidationError> {
        match to_input("id", id)? {
            Input::Text(id) => Ok(id),
            Input::Absent => Err(ValidationError::new("id", "is required")),
            other => Err(type_error("id", "a string", &other)),
        }
    };
    // Params are read with an empty root name so that keys read as the caller
    // wrote them; the value as a whole is called `params`.
    let params = to_input("", params).map_err(named_params)?;
    let page = whole(page).filter(|&n| n > 0);
    let mut first_page = 0;
    let spec = match operation {
        Operation::ListManagedAccounts => {
            let p = ListManagedAccountsParams::from_input("", &params).map_err(named_params)?;
            first_page = page.or(p.page.number).unwrap_or(1);
            // The first page goes out as the caller wrote it, as the official SDK sends it.
            match page {
                Some(n) => operations::list_managed_accounts_page(&p, n)?,
                None => operations::list_managed_accounts(&p)?,
            }
        }
        Operation::CreateManagedAccount => operations::create_managed_account(
            &CreateManagedAccountParams::from_input("", &params).map_err(named_params)?,
        )?,
        Operation::GetAllocatableGlobalOutboundChannels => {
            no_params(&params)?;
            operations::get_allocatable_global_outbound_channels()
        }
        Operation::RetrieveManagedAccount => {
            no_params(&params)?;
            operations::retrieve_managed_account(&id()?)?
        }
        Operation::UpdateManagedAccount => operations::update_managed_account(
            &id()?,
            &UpdateManagedAccountParams::from_input("", &params).map_err(named_params)?,
        )?,
        Operation::DisableManagedAccount => {
            no_params(&params)?;
            operations::disable_managed_account(&id()?)?
        }
        Operation::EnableManagedAccount => operations::enable_managed_account(
            &id()?,
            &EnableManagedAccountParams::from_input("", &params).map_err(named_params)?,
        )?,
        Operation::UpdateGlobalChannelLimit => operations::update_global_channel_limit(
            &id()?,
            &UpdateGlobalChannelLimitParams::from_input("", &params).map_err(named_params)?,
        )?,
        Operation::ListOrganizationUsers => {
            let p = ListOrganizationUsersParams::from_input("", &params).map_err(named_params)?;
            first_page = page.or(p.page.number).unwrap_or(1);
            match page {
                Some(n) => operations::list_organization_users_page(&p, n)?,
                None => operations::list_organization_users(&p)?,
            }
        }
        Operation::GetGroupsReport => {
            operations::get_groups_report(ReportFormat::from_input("", &params).map_err(named_params)?)
        }
        Operation::RetrieveOrganizationUser => operations::retrieve_organization_user(
            &id()?,
            &RetrieveOrganizationUserParams::from_input("", &params).map_err(named_params)?,
        )?,
        Operation::RemoveOrganizationUser => {
            no_params(&params)?;
            operations::remove_organization_user(&id()?)?
        }
    };
    Ok((spec, first_page))
}

/// A request option's `method` or `path` names the operation's own, or is absent:
/// another endpoint is `client.get(path)` and its kin, never a typed call redirected.
pub fn same_endpoint(spec: &RequestSpec, call: &CallOptions) -> Result<(), ValidationError> {
    const USE_REQUEST: &str =
        "is set by the operation; call client.get/post/patch/put/delete(path) for another endpoint";
    if call.method.as_deref().is_some_and(|m| !m.eq_ignore_ascii_case(spec.method.as_str())) {
        return Err(ValidationError::new("options.method", USE_REQUEST));
    }
    let own_path = spec.path_and_query.split('?').next().unwrap_or_default();
    if call.path.as_deref().is_some_and(|p| p != own_path) {
        return Err(ValidationError::new("options.path", USE_REQUEST));
    }
    Ok(())
}

/// The request of `client.get/post/...(path, options)`: the method, the
/// path (checked by telnyx-core), the `query` and the JSON `body`.
pub fn custom(method: &JsValue, path: &JsValue, call: &CallOptions) -> Result<RequestSpec, ValidationError> {
    let method = match string("method", method)? {
        Some(name) => Method::parse(&name)
            .ok_or_else(|| ValidationError::new("method", "must be one of get, post, patch, put, delete"))?,
        None => return Err(ValidationError::new("method", "is required")),
    };
    let path = match string("path", path)? {
        Some(path) => path,
        None => return Err(ValidationError::new("path", "must be a string")),
    };
    let query = query_pairs("options.query", &to_input("options.query", &call.query)?)?;
    let body = if call.body.is_undefined() {
        None
    } else {
        let text = convert::json_text("options.body", &call.body)?;
        Some(text)
    };
    operations::custom(method, &path, &query, body)
}

fn named_params(mut error: ValidationError) -> ValidationError {
    if error.field.is_empty() {
        error.field.push_str("params");
    }
    error
}

/// A non-negative whole number, as sent in `meta`.
pub fn whole(value: f64) -> Option<u64> {
    (value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9_007_199_254_740_991.0)
        .then_some(value as u64)
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
        Input::Number(ms) if ms.is_finite() && ms > 0.0 && ms <= engine::MAX_TIMEOUT_MS as f64 => {
            Ok(Some(ms.ceil() as u64))
        }
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
    if !(0..=i64::from(engine::MAX_RETRIES)).contains(&n) {
        return Err(ValidationError::new(field, "must be between 0 and 100"));
    }
    Ok(Some(n as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_params_are_accepted_where_none_are_taken() {
        assert!(no_params(&Input::Absent).is_ok());
        assert!(no_params(&Input::Object(vec![])).is_ok());
        assert!(no_params(&Input::Object(vec![("x".into(), Input::Bool(true))])).is_err());
        assert!(no_params(&Input::Text("x".into())).is_err());
    }

    #[test]
    fn whole_numbers_are_finite_non_negative_integers() {
        assert_eq!(whole(3.0), Some(3));
        assert_eq!(whole(1.5), None);
        assert_eq!(whole(f64::NAN), None);
        assert_eq!(whole(-1.0), None);
    }
}
