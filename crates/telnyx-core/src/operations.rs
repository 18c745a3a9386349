//! One function per operation: params in, [`RequestSpec`] out, or a
//! [`ValidationError`] when the input is not something the API accepts.
//!
//! ```
//! use telnyx_core::operations;
//! let spec = operations::disable_managed_account("f65ceda4-6522-4ad6-aede-98de83385123").unwrap();
//! assert_eq!(spec.method.as_str(), "POST");
//! assert_eq!(spec.path_and_query, "/managed_accounts/f65ceda4-6522-4ad6-aede-98de83385123/actions/disable");
//! assert!(operations::retrieve_managed_account("").is_err());
//! ```

use crate::json_writer::JsonObject;
use crate::params::*;
use crate::query::QueryString;
use crate::request::{Method, Operation, RequestSpec};
use crate::text::cat;
use crate::validate::{self, ValidationError};

const JSON: &str = "application/json";

fn spec(operation: Operation, method: Method, path_and_query: String, body: Option<String>) -> RequestSpec {
    RequestSpec { operation: Some(operation), method, path_and_query, accept: JSON, body }
}

/// `GET /managed_accounts`
pub fn list_managed_accounts(params: &ListManagedAccountsParams) -> Result<RequestSpec, ValidationError> {
    params.validate()?;
    let mut query = QueryString::new();
    for (name, filter) in [("email", &params.filter.email), ("organization_name", &params.filter.organization_name)] {
        if let Some(filter) = filter {
            query.push_opt(&cat(&["filter[", name, "][contains]"]), filter.contains.as_deref());
            query.push_opt(&cat(&["filter[", name, "][eq]"]), filter.eq.as_deref());
        }
    }
    query.push_opt("filter[status][eq]", params.filter.status.as_ref().map(|s| s.as_str()));
    query.push_opt("sort", params.sort.map(|s| s.as_str()));
    query.push_bool("include_cancelled_accounts", params.include_cancelled_accounts);
    query.push_num("page[number]", params.page.number);
    query.push_num("page[size]", params.page.size);
    Ok(spec(Operation::ListManagedAccounts, Method::Get, cat(&["/managed_accounts", &query.into_string()]), None))
}

/// `POST /managed_accounts`
pub fn create_managed_account(params: &CreateManagedAccountParams) -> Result<RequestSpec, ValidationError> {
    params.validate()?;
    let body = JsonObject::new()
        .string("business_name", Some(&params.business_name))
        .string("email", params.email.as_deref())
        .string("password", params.password.as_ref().map(|p| p.expose()))
        .bool("managed_account_allow_custom_pricing", params.managed_account_allow_custom_pricing)
        .bool("rollup_billing", params.rollup_billing)
        .finish();
    Ok(spec(Operation::CreateManagedAccount, Method::Post, "/managed_accounts".to_owned(), Some(body)))
}

/// `GET /managed_accounts/allocatable_global_outbound_channels`
pub fn get_allocatable_global_outbound_channels() -> RequestSpec {
    spec(
        Operation::GetAllocatableGlobalOutboundChannels,
        Method::Get,
        "/managed_accounts/allocatable_global_outbound_channels".to_owned(),
        None,
    )
}

/// `GET /managed_accounts/{id}`
pub fn retrieve_managed_account(id: &str) -> Result<RequestSpec, ValidationError> {
    let id = validate::path_id("id", id)?;
    Ok(spec(Operation::RetrieveManagedAccount, Method::Get, cat(&["/managed_accounts/", &id]), None))
}

/// `PATCH /managed_accounts/{id}`
pub fn update_managed_account(id: &str, params: &UpdateManagedAccountParams) -> Result<RequestSpec, ValidationError> {
    let id = validate::path_id("id", id)?;
    let body = JsonObject::new()
        .bool("managed_account_allow_custom_pricing", params.managed_account_allow_custom_pricing)
        .finish();
    Ok(spec(Operation::UpdateManagedAccount, Method::Patch, cat(&["/managed_accounts/", &id]), Some(body)))
}

/// `POST /managed_accounts/{id}/actions/disable`
pub fn disable_managed_account(id: &str) -> Result<RequestSpec, ValidationError> {
    let id = validate::path_id("id", id)?;
    Ok(spec(
        Operation::DisableManagedAccount,
        Method::Post,
        cat(&["/managed_accounts/", &id, "/actions/disable"]),
        None,
    ))
}

/// `POST /managed_accounts/{id}/actions/enable`
pub fn enable_managed_account(id: &str, params: &EnableManagedAccountParams) -> Result<RequestSpec, ValidationError> {
    let id = validate::path_id("id", id)?;
    let body = JsonObject::new().bool("reenable_all_connections", params.reenable_all_connections).finish();
    Ok(spec(
        Operation::EnableManagedAccount,
        Method::Post,
        cat(&["/managed_accounts/", &id, "/actions/enable"]),
        Some(body),
    ))
}

/// `PATCH /managed_accounts/{id}/update_global_channel_limit`
pub fn update_global_channel_limit(
    id: &str,
    params: &UpdateGlobalChannelLimitParams,
) -> Result<RequestSpec, ValidationError> {
    let id = validate::path_id("id", id)?;
    params.validate()?;
    let body = JsonObject::new().integer("channel_limit", params.channel_limit).finish();
    Ok(spec(
        Operation::UpdateGlobalChannelLimit,
        Method::Patch,
        cat(&["/managed_accounts/", &id, "/update_global_channel_limit"]),
        Some(body),
    ))
}

/// `GET /organizations/users`
pub fn list_organization_users(params: &ListOrganizationUsersParams) -> Result<RequestSpec, ValidationError> {
    params.validate()?;
    let mut query = QueryString::new();
    query.push_opt("filter[email]", params.filter_email.as_deref());
    query.push_opt("filter[user_status]", params.filter_user_status.as_ref().map(|s| s.as_str()));
    query.push_bool("include_groups", params.include_groups);
    query.push_num("page[number]", params.page.number);
    query.push_num("page[size]", params.page.size);
    Ok(spec(Operation::ListOrganizationUsers, Method::Get, cat(&["/organizations/users", &query.into_string()]), None))
}

/// `GET /organizations/users/users_groups_report`, as JSON or CSV.
pub fn get_groups_report(format: ReportFormat) -> RequestSpec {
    RequestSpec {
        operation: Some(Operation::GetGroupsReport),
        method: Method::Get,
        path_and_query: "/organizations/users/users_groups_report".to_owned(),
        accept: format.accept(),
        body: None,
    }
}

/// `GET /organizations/users/{id}`
pub fn retrieve_organization_user(
    id: &str,
    params: &RetrieveOrganizationUserParams,
) -> Result<RequestSpec, ValidationError> {
    let id = validate::path_id("id", id)?;
    let mut query = QueryString::new();
    query.push_bool("include_groups", params.include_groups);
    Ok(spec(
        Operation::RetrieveOrganizationUser,
        Method::Get,
        cat(&["/organizations/users/", &id, &query.into_string()]),
        None,
    ))
}

/// `POST /organizations/users/{id}/actions/remove`
pub fn remove_organization_user(id: &str) -> Result<RequestSpec, ValidationError> {
    let id = validate::path_id("id", id)?;
    Ok(spec(
        Operation::RemoveOrganizationUser,
        Method::Post,
        cat(&["/organizations/users/", &id, "/actions/remove"]),
        None,
    ))
}

/// A list request for another page, every other parameter kept.
pub fn list_managed_accounts_page(
    params: &ListManagedAccountsParams,
    page_number: u64,
) -> Result<RequestSpec, ValidationError> {
    let mut params = params.clone();
    params.page.number = Some(page_number);
    list_managed_accounts(&params)
}

/// A users list request for another page, every other parameter kept.
pub fn list_organization_users_page(
    params: &ListOrganizationUsersParams,
    page_number: u64,
) -> Result<RequestSpec, ValidationError> {
    let mut params = params.clone();
    params.page.number = Some(page_number);
    list_organization_users(&params)
}

/// A request to an endpoint the client does not wrap (the official SDK's
/// `client.get/post/patch/put/delete(path, options)`): `path` is checked as
/// [`validate::request_path`] does, `query` pairs are encoded, `body` is
/// JSON text the caller's value became.
///
/// ```
/// use telnyx_core::{operations, Method};
/// let spec = operations::custom(Method::Get, "/balance", &[("page[size]".into(), "5".into())], None).unwrap();
/// assert_eq!(spec.path_and_query, "/balance?page%5Bsize%5D=5");
/// assert!(operations::custom(Method::Get, "/../admin", &[], None).is_err());
/// assert!(operations::custom(Method::Get, "https://evil.example/x", &[], None).is_err());
/// ```
pub fn custom(
    method: Method,
    path: &str,
    query: &[(String, String)],
    body: Option<String>,
) -> Result<RequestSpec, ValidationError> {
    let path = validate::request_path("path", path)?;
    let mut pairs = QueryString::new();
    for (name, value) in query {
        pairs.push(name, value);
    }
    Ok(RequestSpec { operation: None, method, path_and_query: cat(&[&path, &pairs.into_string()]), accept: JSON, body })
}
