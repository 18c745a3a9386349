//! The 12 operations: routing, parameter checks, and the answer each gives.

use crate::engine::errors::ApiFailure;
use crate::engine::input::{check_json_content_type, json_object, looks_like_email, Fields, Query};
use crate::engine::reply::Reply;
use crate::engine::state::{
    AccountQuery, AccountStatus, NewAccount, StatusFilter, Store, UserQuery, MAX_EMAIL_LEN, MAX_NAME_LEN,
};
use telnyx_core::models::{Envelope, ListEnvelope, PaginationMeta, UserStatus};
use telnyx_core::route::Route as CoreRoute;
use telnyx_core::Operation;

/// Largest page the lists serve.
pub const MAX_PAGE_SIZE: u64 = 250;
/// Default page size of `GET /managed_accounts`.
pub const ACCOUNTS_PAGE_SIZE: u64 = 20;
/// Default page size of `GET /organizations/users`.
pub const USERS_PAGE_SIZE: u64 = 250;

/// Where a method and path lead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Operation(Operation, Option<String>),
    /// The path exists, the method does not: these are the methods it has.
    MethodNotAllowed(&'static [&'static str]),
    NotFound,
}

/// Strips the optional `/v2` root: both `/x` and `/v2/x` are served. The
/// engine calls it once per request, at its edge; everything past that
/// (routing, faults, idempotency, the OAuth token path) sees only the API path.
pub fn api_path(path: &str) -> &str {
    match path.strip_prefix("/v2") {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

/// Matches a request (its API path, without `/v2`) to one of the 12 operations (telnyx-core's templates,
/// the ones telnyx-wasm/proxy matches with). `HEAD` is served as `GET`; the
/// id comes percent-decoded, and one that is not UTF-8 matches nothing.
pub fn route(method: &str, path: &str) -> Route {
    let method = if method == "HEAD" { "GET" } else { method };
    match telnyx_core::route::route(method, path) {
        CoreRoute::Operation(op, None) => Route::Operation(op, None),
        CoreRoute::Operation(op, Some(raw)) => match telnyx_core::route::decode_id(raw) {
            Some(id) => Route::Operation(op, Some(id)),
            None => Route::NotFound,
        },
        CoreRoute::MethodNotAllowed(allowed) => Route::MethodNotAllowed(allowed),
        CoreRoute::NotFound => Route::NotFound,
    }
}

/// What an operation needs from the request.
pub struct Call<'a> {
    pub op: Operation,
    pub id: Option<&'a str>,
    pub query: &'a Query,
    pub body: &'a [u8],
    pub content_type: Option<&'a str>,
    pub accept: Option<&'a str>,
}

/// Runs one operation against the store.
pub fn execute(store: &mut Store, call: &Call<'_>) -> Result<Reply, ApiFailure> {
    // Only the operations that take a body read one (telnyx-core says which); the others ignore theirs.
    let body = if call.op.takes_body() {
        if !call.body.is_empty() {
            check_json_content_type(call.content_type)?;
        }
        json_object(call.body)?
    } else {
        None
    };
    let fields = Fields::new(body.as_ref());
    let id = call.id.unwrap_or_default();
    let manager_id = store.manager().id.clone();
    match call.op {
        Operation::ListManagedAccounts => list_accounts(store, call.query),
        Operation::CreateManagedAccount => {
            let new = new_account(&fields)?;
            let account = store.create_account(new)?;
            Ok(Reply::json(200, &Envelope { data: account.view(&manager_id) }))
        }
        Operation::GetAllocatableGlobalOutboundChannels => {
            Ok(Reply::json(200, &Envelope { data: store.allocatable_channels() }))
        }
        Operation::RetrieveManagedAccount => match store.account(id) {
            Some(account) => Ok(Reply::json(200, &Envelope { data: account.view(&manager_id) })),
            None => Err(ApiFailure::not_found("Managed account", id)),
        },
        Operation::UpdateManagedAccount => {
            let allow = fields.boolean("managed_account_allow_custom_pricing")?;
            let account = store.update_account(id, allow)?;
            Ok(Reply::json(200, &Envelope { data: account.view(&manager_id) }))
        }
        Operation::DisableManagedAccount => {
            let account = store.disable_account(id)?;
            Ok(Reply::json(200, &Envelope { data: account.view(&manager_id) }))
        }
        Operation::EnableManagedAccount => {
            // Connections are not modelled; the flag is checked and accepted.
            fields.boolean("reenable_all_connections")?;
            let account = store.enable_account(id)?;
            Ok(Reply::json(200, &Envelope { data: account.view(&manager_id) }))
        }
        Operation::UpdateGlobalChannelLimit => {
            let limit = fields.integer("channel_limit", 0, i64::from(i32::MAX))?;
            let data = store.set_channel_limit(id, limit)?;
            Ok(Reply::json(200, &Envelope { data }))
        }
        Operation::ListOrganizationUsers => list_users(store, call.query),
        Operation::GetGroupsReport => groups_report(store, call.accept),
        Operation::RetrieveOrganizationUser => {
            let include_groups = call.query.boolean("include_groups")?.unwrap_or(false);
            match store.user(id) {
                Some(user) => Ok(Reply::json(200, &Envelope { data: store.user_view(user, include_groups) })),
                None => Err(ApiFailure::not_found("Organization user", id)),
            }
        }
        Operation::RemoveOrganizationUser => {
            let user = store.remove_user(id)?;
            Ok(Reply::json(200, &Envelope { data: store.user_view(&user, false) }))
        }
    }
}

/// Reads the create body, reporting every bad member at once.
fn new_account(fields: &Fields<'_>) -> Result<NewAccount, ApiFailure> {
    let mut errors = Vec::new();
    let mut new = NewAccount::default();
    match fields.string("business_name") {
        Ok(Some(name)) if name.trim().is_empty() => {
            errors.push(ApiFailure::invalid_field("/business_name", "`business_name` must not be blank."))
        }
        Ok(Some(name)) if name.chars().count() > MAX_NAME_LEN => errors.push(ApiFailure::invalid_field(
            "/business_name",
            format!("`business_name` must be at most {MAX_NAME_LEN} characters."),
        )),
        Ok(Some(name)) => new.business_name = name.to_owned(),
        Ok(None) => errors.push(ApiFailure::missing_field("/business_name", "business_name")),
        Err(e) => errors.push(e),
    }
    match fields.string("email") {
        Ok(Some(email)) if email.len() > MAX_EMAIL_LEN || !looks_like_email(email) => {
            errors.push(ApiFailure::invalid_field("/email", "`email` must be a valid email address."))
        }
        Ok(email) => new.email = email.map(str::to_owned),
        Err(e) => errors.push(e),
    }
    match fields.string("password") {
        Ok(Some(password)) if password.is_empty() || password.len() > 512 => {
            errors.push(ApiFailure::invalid_field("/password", "`password` must be between 1 and 512 characters."))
        }
        Ok(_) => {}
        Err(e) => errors.push(e),
    }
    match fields.boolean("managed_account_allow_custom_pricing") {
        Ok(v) => new.managed_account_allow_custom_pricing = v,
        Err(e) => errors.push(e),
    }
    match fields.boolean("rollup_billing") {
        Ok(v) => new.rollup_billing = v,
        Err(e) => errors.push(e),
    }
    match ApiFailure::merge(errors) {
        Some(failure) => Err(failure),
        None => Ok(new),
    }
}

fn meta(page_number: u64, page_size: u64, total: u64) -> PaginationMeta {
    PaginationMeta {
        page_number: Some(page_number),
        page_size: Some(page_size),
        total_pages: Some(total.div_ceil(page_size)),
        total_results: Some(total),
    }
}

fn contains_filter(query: &Query, name: &str) -> Result<Option<String>, ApiFailure> {
    match query.text(name) {
        Some(value) if value.chars().count() < 3 => Err(ApiFailure::invalid_parameter(
            name,
            format!("`{name}` requires at least three characters (got {}).", value.chars().count()),
        )),
        other => Ok(other.map(str::to_owned)),
    }
}

fn list_accounts(store: &Store, query: &Query) -> Result<Reply, ApiFailure> {
    let page_number = query.integer("page[number]", 1, 1, u64::MAX)?;
    let page_size = query.integer("page[size]", ACCOUNTS_PAGE_SIZE, 1, MAX_PAGE_SIZE)?;
    let status = match query.text("filter[status][eq]") {
        None => None,
        Some("all") => Some(StatusFilter::All),
        Some("active") => Some(StatusFilter::Active),
        Some(other) => match AccountStatus::parse(other) {
            Some(status) => Some(StatusFilter::Is(status)),
            None => {
                return Err(ApiFailure::invalid_parameter(
                    "filter[status][eq]",
                    format!(
                        "`filter[status][eq]` must be one of all, active, enabled, cancelled, disabled, blocked (got `{}`).",
                        crate::engine::errors::clip(other)
                    ),
                ))
            }
        },
    };
    let (sort_by_email, descending) = match query.text("sort") {
        None => (false, true),
        Some(value) => match telnyx_core::params::Sort::parse(value) {
            Some(sort) => (sort.field == telnyx_core::params::SortField::Email, sort.descending),
            None => {
                return Err(ApiFailure::invalid_parameter(
                    "sort",
                    format!(
                        "`sort` must be one of created_at, -created_at, email, -email (got `{}`).",
                        crate::engine::errors::clip(value)
                    ),
                ))
            }
        },
    };
    let account_query = AccountQuery {
        email_contains: contains_filter(query, "filter[email][contains]")?,
        email_eq: query.text("filter[email][eq]").map(str::to_owned),
        organization_name_contains: contains_filter(query, "filter[organization_name][contains]")?,
        organization_name_eq: query.text("filter[organization_name][eq]").map(str::to_owned),
        status,
        sort_by_email,
        descending,
        include_cancelled: query.boolean("include_cancelled_accounts")?.unwrap_or(false),
    };
    let page = store.list_accounts(&account_query, page_number, page_size);
    // The same bytes serde would write for a `ListEnvelope`, from the cached items.
    let meta = serde_json::to_string(&meta(page_number, page_size, page.total)).unwrap_or_default();
    let mut body =
        String::with_capacity(page.items.iter().map(|a| a.list_json().len() + 1).sum::<usize>() + meta.len() + 20);
    body.push_str("{\"data\":[");
    for (i, account) in page.items.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(account.list_json());
    }
    body.push_str("],\"meta\":");
    body.push_str(&meta);
    body.push('}');
    Ok(Reply::raw(200, body.into_bytes(), crate::engine::reply::JSON))
}

fn list_users(store: &Store, query: &Query) -> Result<Reply, ApiFailure> {
    let page_number = query.integer("page[number]", 1, 1, u64::MAX)?;
    let page_size = query.integer("page[size]", USERS_PAGE_SIZE, 1, MAX_PAGE_SIZE)?;
    let user_status = match query.text("filter[user_status]") {
        None => None,
        Some(value) => match UserStatus::parse_known(value) {
            Some(status) => Some(status),
            None => {
                return Err(ApiFailure::invalid_parameter(
                    "filter[user_status]",
                    format!(
                        "`filter[user_status]` must be one of enabled, disabled, blocked (got `{}`).",
                        crate::engine::errors::clip(value)
                    ),
                ))
            }
        },
    };
    let include_groups = query.boolean("include_groups")?.unwrap_or(false);
    let user_query = UserQuery { email_contains: query.text("filter[email]").map(str::to_owned), user_status };
    let page = store.list_users(&user_query, page_number, page_size);
    let envelope = ListEnvelope {
        data: page.items.iter().map(|u| store.user_view(u, include_groups)).collect(),
        meta: Some(meta(page_number, page_size, page.total)),
    };
    Ok(Reply::json(200, &envelope))
}

/// JSON unless `Accept` asks for CSV first; 406 when it asks for neither.
fn groups_report(store: &Store, accept: Option<&str>) -> Result<Reply, ApiFailure> {
    let mut csv = false;
    if let Some(accept) = accept.filter(|a| !a.trim().is_empty()) {
        let chosen = accept.split(',').map(|m| m.split(';').next().unwrap_or("").trim().to_ascii_lowercase()).find_map(
            |media| match media.as_str() {
                "text/csv" | "text/*" => Some(true),
                "application/json" | "application/*" | "*/*" => Some(false),
                _ => None,
            },
        );
        match chosen {
            Some(choice) => csv = choice,
            None => return Err(ApiFailure::not_acceptable(accept)),
        }
    }
    let report = store.groups_report();
    if csv {
        let text = telnyx_core::csv_report::write(&report);
        Ok(Reply::raw(200, text.into_bytes(), "text/csv; charset=utf-8"))
    } else {
        Ok(Reply::json(200, &Envelope { data: report }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_reachable_under_both_roots() {
        for root in ["", "/v2"] {
            assert_eq!(
                route("GET", api_path(&format!("{root}/managed_accounts"))),
                Route::Operation(Operation::ListManagedAccounts, None)
            );
            assert_eq!(
                route("POST", api_path(&format!("{root}/managed_accounts/abc/actions/enable"))),
                Route::Operation(Operation::EnableManagedAccount, Some("abc".to_owned()))
            );
            assert_eq!(
                route("GET", api_path(&format!("{root}/organizations/users/users_groups_report"))),
                Route::Operation(Operation::GetGroupsReport, None)
            );
        }
    }

    #[test]
    fn a_list_page_built_from_cached_items_is_what_serde_would_write() {
        let mut store = crate::engine::seed::Seed::Default.build().unwrap();
        store
            .create_account(crate::engine::state::NewAccount { business_name: "Fresh".into(), ..Default::default() })
            .unwrap();
        let query = Query::parse(Some("page[size]=7&page[number]=2&sort=email")).unwrap();
        let fast = list_accounts(&store, &query).unwrap();
        let page = store.list_accounts(&AccountQuery { sort_by_email: true, ..AccountQuery::default() }, 2, 7);
        let manager = store.manager().id.clone();
        let expected = ListEnvelope {
            data: page.items.iter().map(|a| a.list_item(&manager)).collect(),
            meta: Some(meta(2, 7, page.total)),
        };
        assert_eq!(fast.body, serde_json::to_vec(&expected).unwrap());
    }

    #[test]
    fn a_known_path_with_a_wrong_method_is_405_and_an_unknown_path_is_404() {
        assert_eq!(route("DELETE", api_path("/v2/managed_accounts")), Route::MethodNotAllowed(&["GET", "POST"]));
        assert_eq!(route("GET", api_path("/v2/managed_accountz")), Route::NotFound);
        assert_eq!(route("GET", api_path("/v2x/managed_accounts")), Route::NotFound);
        assert_eq!(route("GET", "/managed_accounts/"), Route::NotFound);
    }
}
