//! The caller's values, read strictly: client options, request options, and
//! the params of each operation. Unknown keys, wrong types, lone surrogates
//! and absurd depth are refused here, before anything is sent, with the same
//! checks (telnyx-core's `FromInput` and `validate`) as typed Rust callers get.

use crate::convert::{self, headers, plain_object_keys, string, to_input};
use js_sys::Function;
use telnyx_core::engine::{self, CallSettings};
use telnyx_core::input::{expect_integer, FromInput, Input};
use telnyx_core::params::*;
use telnyx_core::{operations, validate, ClientConfig, Operation, RequestSpec, Secret, ValidationError};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// The client options of the official SDK that this client reads.
const CLIENT_OPTIONS: &[&str] = &[
    "apiKey",
    "baseURL",
    "timeout",
    "callTimeout",
    "maxRetries",
    "defaultHeaders",
    "fetch",
    "dangerouslyAllowBrowser",
    // Accepted for compatibility; the client does not log.
    "logLevel",
    "logger",
];

/// A client's settings, checked.
pub struct ClientOptions {
    pub config: ClientConfig,
    pub settings: CallSettings,
    pub fetch: Option<Function>,
}

/// Reads the client options; `env_api_key` and `env_base_url` are the
/// environment's defaults (`TELNYX_API_KEY`, `TELNYX_BASE_URL`), used where
/// the option is absent. `page_url` is the page's location in a browser: a
/// relative `baseURL` (`/api/telnyx`) is resolved against it.
pub fn client(
    options: &JsValue,
    env_api_key: &JsValue,
    env_base_url: &JsValue,
    page_url: &JsValue,
) -> Result<ClientOptions, ValidationError> {
    let mut config = ClientConfig::default();
    let mut settings = CallSettings::default();
    let mut api_key = JsValue::UNDEFINED;
    let mut base_url = JsValue::UNDEFINED;
    let mut fetch = None;
    for (key, value) in plain_object_keys("options", options)? {
        match key.as_str() {
            "apiKey" => api_key = value,
            "baseURL" => base_url = value,
            "timeout" => settings.timeout_ms = timeout_of("timeout", &value)?.unwrap_or(settings.timeout_ms),
            "callTimeout" => settings.call_timeout_ms = timeout_of("callTimeout", &value)?,
            "maxRetries" => {
                settings.policy.max_retries = retries_of("maxRetries", &value)?.unwrap_or(settings.policy.max_retries)
            }
            "defaultHeaders" => config.default_headers = headers("defaultHeaders", &value)?,
            "fetch" if value.is_function() => fetch = Some(value.unchecked_into()),
            "fetch" if value.is_undefined() || value.is_null() => {}
            "fetch" => return Err(ValidationError::new("fetch", "must be a function")),
            // Acted on by the JS layer, which refuses a key in a page before the module loads.
            "dangerouslyAllowBrowser" if value.as_bool().is_some() || value.is_undefined() => {}
            "dangerouslyAllowBrowser" => {
                return Err(ValidationError::new("dangerouslyAllowBrowser", "must be a boolean"))
            }
            known if CLIENT_OPTIONS.contains(&known) => {}
            _ => return Err(ValidationError::new(key, "is not a known client option")),
        }
    }
    let or_env = |value: JsValue, env: &JsValue| if value.is_undefined() { env.clone() } else { value };
    config.api_key = match to_input("apiKey", &or_env(api_key, env_api_key))? {
        Input::Absent => None,
        Input::Text(key) => {
            validate::api_key("apiKey", &key)?;
            Some(Secret::new(key))
        }
        other => return Err(type_error("apiKey", "a string", &other)),
    };
    let base_url = or_env(base_url, env_base_url);
    config.base_url = match string("baseURL", &base_url)? {
        Some(url) if !url.is_empty() => validate::base_url("baseURL", &against_page(url, page_url))?,
        // An empty or absent base URL means the default one.
        Some(_) => config.base_url,
        None if base_url.is_undefined() || base_url.is_null() => config.base_url,
        None => return Err(ValidationError::new("baseURL", "must be a string")),
    };
    Ok(ClientOptions { config, settings, fetch })
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

/// The request options of one call.
pub struct CallOptions {
    pub settings: CallSettings,
    pub headers: Vec<(String, String)>,
    pub signal: Option<AbortSignal>,
}

pub fn call(options: &JsValue, client: &CallSettings) -> Result<CallOptions, ValidationError> {
    let mut settings = *client;
    let mut extra = Vec::new();
    let mut signal = None;
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
            "headers" => extra.extend(headers("options.headers", &value)?),
            "idempotencyKey" => match string("options.idempotencyKey", &value)? {
                Some(key) => {
                    validate::idempotency_key("options.idempotencyKey", &key)?;
                    extra.push(("idempotency-key".to_owned(), key));
                }
                None if value.is_undefined() || value.is_null() => {}
                None => return Err(ValidationError::new("options.idempotencyKey", "must be a string")),
            },
            "signal" => {
                convert::check_signal("options.signal", &value)?;
                if value.is_object() {
                    signal = Some(value.unchecked_into());
                }
            }
            "prefetch" if matches!(to_input("options.prefetch", &value)?, Input::Bool(_) | Input::Absent) => {}
            "prefetch" => return Err(ValidationError::new("options.prefetch", "must be a boolean")),
            _ => return Err(ValidationError::new(key, "is not a known request option")),
        }
    }
    Ok(CallOptions { settings, headers: extra, signal })
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
            operations::list_managed_accounts_page(&p, first_page)?
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
            operations::list_organization_users_page(&p, first_page)?
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
