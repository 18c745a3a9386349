//! From the wire back to an operation, for a server that forwards calls (a
//! key-holding proxy): a method and a path matched against the 12 operations'
//! templates, then the query and body read into the same params types the
//! client builds from, so the request sent on is rebuilt by [`operations`]
//! and carries nothing the checks did not see.
//!
//! ```
//! use telnyx_core::route::{self, Route};
//! use telnyx_core::input::Input;
//! use telnyx_core::Operation;
//!
//! let Route::Operation(op, id) = route::route("GET", "/managed_accounts") else { panic!() };
//! assert_eq!((op, id), (Operation::ListManagedAccounts, None));
//! let spec = route::request(op, id, "page%5Bsize%5D=5&sort=email", &Input::Absent, "").unwrap();
//! assert_eq!(spec.path_and_query, "/managed_accounts?sort=email&page%5Bsize%5D=5");
//! assert!(route::request(op, id, "page[size]=900", &Input::Absent, "").is_err());
//! assert!(route::request(op, id, "admin=1", &Input::Absent, "").is_err());
//! ```

use crate::input::{FromInput, Input, ObjectReader};
use crate::operations;
use crate::params::*;
use crate::request::{Method, Operation, RequestSpec};
use crate::validate::ValidationError;

impl Operation {
    /// The operation's method and path template (`{id}` for the path id), relative to the API root.
    pub fn template(self) -> (Method, &'static str) {
        use Method::*;
        match self {
            Operation::ListManagedAccounts => (Get, "/managed_accounts"),
            Operation::CreateManagedAccount => (Post, "/managed_accounts"),
            Operation::GetAllocatableGlobalOutboundChannels => {
                (Get, "/managed_accounts/allocatable_global_outbound_channels")
            }
            Operation::RetrieveManagedAccount => (Get, "/managed_accounts/{id}"),
            Operation::UpdateManagedAccount => (Patch, "/managed_accounts/{id}"),
            Operation::DisableManagedAccount => (Post, "/managed_accounts/{id}/actions/disable"),
            Operation::EnableManagedAccount => (Post, "/managed_accounts/{id}/actions/enable"),
            Operation::UpdateGlobalChannelLimit => (Patch, "/managed_accounts/{id}/update_global_channel_limit"),
            Operation::ListOrganizationUsers => (Get, "/organizations/users"),
            Operation::GetGroupsReport => (Get, "/organizations/users/users_groups_report"),
            Operation::RetrieveOrganizationUser => (Get, "/organizations/users/{id}"),
            Operation::RemoveOrganizationUser => (Post, "/organizations/users/{id}/actions/remove"),
        }
    }

    /// Whether the operation takes a JSON body (the others take none).
    pub fn takes_body(self) -> bool {
        matches!(
            self,
            Operation::CreateManagedAccount
                | Operation::UpdateManagedAccount
                | Operation::EnableManagedAccount
                | Operation::UpdateGlobalChannelLimit
        )
    }
}

/// Where a method and path lead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route<'a> {
    /// The operation and its path id as it appeared on the wire (still percent-encoded).
    Operation(Operation, Option<&'a str>),
    /// The path exists, the method does not: these are the methods it has.
    MethodNotAllowed(Vec<Method>),
    NotFound,
}

/// Matches a method and a path (relative to the API root, without query) to
/// one of the 12 operations. A literal segment wins over `{id}`, so
/// `/managed_accounts/allocatable_global_outbound_channels` is never an id.
pub fn route<'a>(method: &str, path: &'a str) -> Route<'a> {
    let Some(path) = path.strip_prefix('/') else { return Route::NotFound };
    // The best template: most literal segments among those the path fits.
    let mut best: Option<(usize, &'static str, Option<&'a str>)> = None;
    for op in Operation::ALL {
        let template = op.template().1;
        if let Some((literals, id)) = fit(template, path) {
            if best.map_or(true, |(most, _, _)| literals > most) {
                best = Some((literals, template, id));
            }
        }
    }
    let Some((_, template, id)) = best else { return Route::NotFound };
    let same_path = Operation::ALL.into_iter().filter(|op| op.template().1 == template);
    match same_path.clone().find(|op| op.template().0.as_str() == method) {
        Some(op) => Route::Operation(op, id),
        None => Route::MethodNotAllowed(same_path.map(|op| op.template().0).collect()),
    }
}

/// Whether `path` fits `template`: the count of literal segments and the id segment.
fn fit<'a>(template: &str, path: &'a str) -> Option<(usize, Option<&'a str>)> {
    let mut wanted = template[1..].split('/');
    let mut given = path.split('/');
    let (mut literals, mut id) = (0, None);
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return Some((literals, id)),
            (Some("{id}"), Some(segment)) if !segment.is_empty() => id = Some(segment),
            (Some(literal), Some(segment)) if literal == segment => literals += 1,
            _ => return None,
        }
    }
}

/// Rebuilds an operation's request from what came over the wire: the path
/// id (percent-encoded), the raw query (without `?`), the parsed JSON body
/// and the `Accept` header. Every check is the client's own (the params
/// types and [`operations`]); unknown parameters, a query where the
/// operation has none and a body where it takes none are refused.
pub fn request(
    op: Operation,
    id: Option<&str>,
    query: &str,
    body: &Input,
    accept: &str,
) -> Result<RequestSpec, ValidationError> {
    let id = || -> Result<String, ValidationError> {
        let raw = id.unwrap_or_default();
        percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .map(|id| id.into_owned())
            .map_err(|_| ValidationError::new("id", "is not valid UTF-8 once percent-decoded"))
    };
    let params = query_params(op, query)?;
    if op.takes_body() {
        none_given(&params)?;
    } else if !matches!(body, Input::Absent) {
        return Err(ValidationError::new("body", "is not accepted: this operation takes no body"));
    }
    match op {
        Operation::ListManagedAccounts => {
            operations::list_managed_accounts(&ListManagedAccountsParams::from_input("", &params)?)
        }
        Operation::CreateManagedAccount => {
            operations::create_managed_account(&CreateManagedAccountParams::from_input("", body)?)
        }
        Operation::GetAllocatableGlobalOutboundChannels => {
            none_given(&params)?;
            Ok(operations::get_allocatable_global_outbound_channels())
        }
        Operation::RetrieveManagedAccount => {
            none_given(&params)?;
            operations::retrieve_managed_account(&id()?)
        }
        Operation::UpdateManagedAccount => {
            operations::update_managed_account(&id()?, &UpdateManagedAccountParams::from_input("", body)?)
        }
        Operation::DisableManagedAccount => {
            none_given(&params)?;
            operations::disable_managed_account(&id()?)
        }
        Operation::EnableManagedAccount => {
            operations::enable_managed_account(&id()?, &EnableManagedAccountParams::from_input("", body)?)
        }
        Operation::UpdateGlobalChannelLimit => {
            operations::update_global_channel_limit(&id()?, &UpdateGlobalChannelLimitParams::from_input("", body)?)
        }
        Operation::ListOrganizationUsers => {
            operations::list_organization_users(&ListOrganizationUsersParams::from_input("", &params)?)
        }
        Operation::GetGroupsReport => {
            none_given(&params)?;
            let csv = accept.split(',').any(|media| media.trim().starts_with("text/csv"));
            Ok(operations::get_groups_report(if csv { ReportFormat::Csv } else { ReportFormat::Json }))
        }
        Operation::RetrieveOrganizationUser => {
            operations::retrieve_organization_user(&id()?, &RetrieveOrganizationUserParams::from_input("", &params)?)
        }
        Operation::RemoveOrganizationUser => {
            none_given(&params)?;
            operations::remove_organization_user(&id()?)
        }
    }
}

/// Refuses any parameter: the first one names the error.
fn none_given(params: &Input) -> Result<(), ValidationError> {
    ObjectReader::new("", params)?.finish()
}

/// Reads a query string into params as the client would have given them:
/// `true`/`false` for the boolean flags, whole numbers for `page[...]`, text
/// otherwise; `filter[a][b]` nested for the managed-accounts list (its params
/// are nested), flat for the users list (its keys are flat). Each name once.
pub fn query_params(op: Operation, query: &str) -> Result<Input, ValidationError> {
    let mut entries: Vec<(String, Input)> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for piece in query.split('&').filter(|piece| !piece.is_empty()) {
        let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
        let key = decode(key).map_err(|()| ValidationError::new("query", "has a name that is not valid UTF-8"))?;
        let value = decode(value).map_err(|()| ValidationError::new(key.clone(), "is not valid UTF-8"))?;
        if seen.contains(&key) {
            return Err(ValidationError::new(key, "is given twice"));
        }
        let typed = typed_value(&key, value)?;
        let nested = op == Operation::ListManagedAccounts && key.starts_with("filter[");
        match bracket_path(&key).filter(|_| nested) {
            Some(path) => insert(&mut entries, &path, typed),
            None => entries.push((key.clone(), typed)),
        }
        seen.push(key);
    }
    Ok(if entries.is_empty() { Input::Absent } else { Input::Object(entries) })
}

/// Form decoding, as browsers write queries: `+` is a space, `%XX` a byte.
fn decode(text: &str) -> Result<String, ()> {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced).decode_utf8().map(|s| s.into_owned()).map_err(|_| ())
}

fn typed_value(key: &str, value: String) -> Result<Input, ValidationError> {
    match key {
        "include_cancelled_accounts" | "include_groups" => match value.as_str() {
            "true" => Ok(Input::Bool(true)),
            "false" => Ok(Input::Bool(false)),
            _ => Err(ValidationError::new(key, "must be `true` or `false`")),
        },
        "page[number]" | "page[size]" => {
            if value.is_empty() || value.len() > 15 || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ValidationError::new(key, "must be a whole number"));
            }
            Ok(Input::Number(value.parse::<u64>().unwrap_or(0) as f64))
        }
        _ => Ok(Input::Text(value)),
    }
}

/// `a[b][c]` as `["a", "b", "c"]`; `None` when the name is not of that form.
fn bracket_path(key: &str) -> Option<Vec<&str>> {
    let (head, mut rest) = key.split_once('[')?;
    let mut path = vec![head];
    rest = rest.strip_suffix(']')?;
    for part in rest.split("][") {
        if part.is_empty() || part.contains(['[', ']']) {
            return None;
        }
        path.push(part);
    }
    Some(path)
}

fn insert(entries: &mut Vec<(String, Input)>, path: &[&str], value: Input) {
    let (first, rest) = (path[0], &path[1..]);
    if rest.is_empty() {
        entries.push((first.to_owned(), value));
        return;
    }
    let index = match entries.iter().position(|(key, _)| key == first) {
        Some(index) => index,
        None => {
            entries.push((first.to_owned(), Input::Object(Vec::new())));
            entries.len() - 1
        }
    };
    match &mut entries[index].1 {
        Input::Object(inner) => insert(inner, rest, value),
        // `filter=x&filter[email][eq]=y`: keep the text, so the params reader names it.
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_routes_to_its_operation() {
        for op in Operation::ALL {
            let (method, template) = op.template();
            let path = template.replace("{id}", "abc-123");
            let id = template.contains("{id}").then_some("abc-123");
            assert_eq!(route(method.as_str(), &path), Route::Operation(op, id), "{template}");
        }
    }

    #[test]
    fn literal_segments_win_over_ids_and_wrong_methods_name_the_right_ones() {
        assert_eq!(
            route("POST", "/managed_accounts/allocatable_global_outbound_channels"),
            Route::MethodNotAllowed(vec![Method::Get])
        );
        assert_eq!(route("DELETE", "/managed_accounts"), Route::MethodNotAllowed(vec![Method::Get, Method::Post]));
        assert_eq!(route("GET", "/managed_accounts/"), Route::NotFound);
        assert_eq!(route("GET", "/managed_accounts/a/b"), Route::NotFound);
        assert_eq!(route("GET", "managed_accounts"), Route::NotFound);
        assert_eq!(route("GET", "/__admin/requests"), Route::NotFound);
    }

    /// What the client builds, read back from the wire, is the same request.
    #[test]
    fn the_clients_requests_read_back_to_themselves() {
        let list = ListManagedAccountsParams {
            filter: ManagedAccountsFilter {
                email: Some(TextFilter { contains: Some("a b+c@x".into()), eq: None }),
                organization_name: None,
                status: None,
            },
            sort: Sort::parse("-email"),
            include_cancelled_accounts: Some(true),
            page: PageParams { number: Some(2), size: Some(5) },
        };
        let users = ListOrganizationUsersParams {
            filter_email: Some("ü@x".into()),
            include_groups: Some(false),
            ..Default::default()
        };
        let specs = [
            operations::list_managed_accounts(&list).unwrap(),
            operations::list_organization_users(&users).unwrap(),
            operations::retrieve_organization_user(
                "u1",
                &RetrieveOrganizationUserParams { include_groups: Some(true) },
            )
            .unwrap(),
            operations::disable_managed_account("f65ceda4-6522.x~y").unwrap(),
        ];
        for spec in specs {
            let (path, query) = spec.path_and_query.split_once('?').unwrap_or((&spec.path_and_query, ""));
            let Route::Operation(op, id) = route(spec.method.as_str(), path) else { panic!("{path}") };
            assert_eq!(request(op, id, query, &Input::Absent, "").unwrap(), spec);
        }
    }

    #[test]
    fn bad_wire_input_is_refused_with_the_clients_messages() {
        let refuse = |op, id, query: &str, body: &Input| request(op, id, query, body, "").unwrap_err().message();
        use Operation::*;
        assert_eq!(
            refuse(RetrieveManagedAccount, Some("%2e%2e"), "", &Input::Absent),
            "Invalid `id`: must not be a dot segment (`.` or `..`)"
        );
        assert!(refuse(RetrieveManagedAccount, Some("a%2Fb"), "", &Input::Absent).contains("`/`"));
        assert!(refuse(RetrieveManagedAccount, Some("%FF"), "", &Input::Absent).contains("UTF-8"));
        assert_eq!(
            refuse(ListManagedAccounts, None, "page[size]=0", &Input::Absent),
            "Invalid `page[size]`: must be between 1 and 250 (got 0)"
        );
        assert_eq!(
            refuse(ListManagedAccounts, None, "sort=x&sort=y", &Input::Absent),
            "Invalid `sort`: is given twice"
        );
        assert_eq!(refuse(ListManagedAccounts, None, "x=1", &Input::Absent), "Invalid `x`: is not a known parameter");
        assert!(
            refuse(ListManagedAccounts, None, "filter[email][like]=a", &Input::Absent).contains("filter.email.like")
        );
        assert!(refuse(ListOrganizationUsers, None, "include_groups=1", &Input::Absent).contains("`true` or `false`"));
        assert!(refuse(CreateManagedAccount, None, "", &Input::Absent).contains("business_name"));
        assert!(refuse(CreateManagedAccount, None, "a=1", &Input::Absent).contains("`a`"));
        let extra =
            Input::Object(vec![("business_name".into(), Input::Text("x".into())), ("admin".into(), Input::Bool(true))]);
        assert_eq!(refuse(CreateManagedAccount, None, "", &extra), "Invalid `admin`: is not a known parameter");
        assert!(refuse(DisableManagedAccount, Some("a"), "", &extra).contains("takes no body"));
        let limit = Input::Object(vec![("channel_limit".into(), Input::Number(-1.0))]);
        assert!(refuse(UpdateGlobalChannelLimit, Some("a"), "", &limit).contains("between 0 and"));
    }

    #[test]
    fn the_groups_report_follows_accept() {
        let spec = request(Operation::GetGroupsReport, None, "", &Input::Absent, "text/csv").unwrap();
        assert_eq!(spec.accept, "text/csv");
        let spec = request(Operation::GetGroupsReport, None, "", &Input::Absent, "*/*").unwrap();
        assert_eq!(spec.accept, "application/json");
    }
}
