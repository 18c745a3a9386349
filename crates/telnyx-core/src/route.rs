//! From the wire back to an operation, for a server that forwards calls (a
//! key-holding proxy): a method and a path matched against the 12 operations'
//! templates, and a query string read into params as the client would have
//! given them, for the same params types and checks to read.
//!
//! ```
//! use telnyx_core::route::{self, Route};
//! use telnyx_core::input::Input;
//! use telnyx_core::Operation;
//!
//! let Route::Operation(op, id) = route::route("POST", "/managed_accounts/f65c/actions/disable") else { panic!() };
//! assert_eq!((op, id), (Operation::DisableManagedAccount, Some("f65c")));
//! let params = route::query_params(Operation::ListOrganizationUsers, "include_groups=true").unwrap();
//! assert_eq!(params, Input::Object(vec![("include_groups".into(), Input::Bool(true))]));
//! assert!(route::query_params(Operation::ListOrganizationUsers, "include_groups=yes").is_err());
//! ```

use crate::input::Input;
use crate::request::{Method, Operation};
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
    MethodNotAllowed(&'static [&'static str]),
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
    if let Some(op) = same_path.clone().find(|op| op.template().0.as_str() == method) {
        return Route::Operation(op, id);
    }
    let has = |wanted: Method| same_path.clone().any(|op| op.template().0 == wanted);
    // Static lists, so that a server can answer `Allow` without building one.
    Route::MethodNotAllowed(match (has(Method::Get), has(Method::Post), has(Method::Patch)) {
        (true, true, _) => &["GET", "POST"],
        (true, false, true) => &["GET", "PATCH"],
        (true, false, false) => &["GET"],
        (false, true, _) => &["POST"],
        (false, false, _) => &["PATCH"],
    })
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

/// A path id as sent (percent-encoded), decoded; `None` when it is not UTF-8.
/// The id checks ([`validate::path_id`](crate::validate::path_id)) run on the result.
pub fn decode_id(raw: &str) -> Option<String> {
    percent_encoding::percent_decode_str(raw).decode_utf8().ok().map(|id| id.into_owned())
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
    let mut parts = key.split('[');
    let mut path = vec![parts.next()?];
    for part in parts {
        let name = part.strip_suffix(']')?;
        if name.is_empty() || name.contains(']') {
            return None;
        }
        path.push(name);
    }
    (path.len() > 1).then_some(path)
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
    // `filter=x&filter[email][eq]=y`: the text stays, and the params reader names it.
    if let Input::Object(inner) = &mut entries[index].1 {
        insert(inner, rest, value);
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
            Route::MethodNotAllowed(&["GET"])
        );
        assert_eq!(route("DELETE", "/managed_accounts"), Route::MethodNotAllowed(&["GET", "POST"]));
        assert_eq!(route("POST", "/managed_accounts/x"), Route::MethodNotAllowed(&["GET", "PATCH"]));
        assert_eq!(route("GET", "/managed_accounts/x/actions/enable"), Route::MethodNotAllowed(&["POST"]));
        assert_eq!(
            route("GET", "/managed_accounts/x/update_global_channel_limit"),
            Route::MethodNotAllowed(&["PATCH"])
        );
        assert_eq!(route("GET", "/managed_accounts/"), Route::NotFound);
        assert_eq!(route("GET", "/managed_accounts/a/b"), Route::NotFound);
        assert_eq!(route("GET", "managed_accounts"), Route::NotFound);
        assert_eq!(route("GET", "/__admin/requests"), Route::NotFound);
    }

    /// What the client builds, read back from the wire, is the same request.
    #[test]
    fn the_clients_queries_read_back_to_the_same_params() {
        use crate::input::FromInput;
        use crate::params::*;
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
        let spec = crate::operations::list_managed_accounts(&list).unwrap();
        let (path, query) = spec.path_and_query.split_once('?').unwrap();
        assert_eq!(route("GET", path), Route::Operation(Operation::ListManagedAccounts, None));
        let input = query_params(Operation::ListManagedAccounts, query).unwrap();
        assert_eq!(ListManagedAccountsParams::from_input("", &input).unwrap(), list);

        let users = ListOrganizationUsersParams {
            filter_email: Some("ü@x".into()),
            include_groups: Some(false),
            ..Default::default()
        };
        let spec = crate::operations::list_organization_users(&users).unwrap();
        let query = spec.path_and_query.split_once('?').unwrap().1;
        let input = query_params(Operation::ListOrganizationUsers, query).unwrap();
        assert_eq!(ListOrganizationUsersParams::from_input("", &input).unwrap(), users);
    }

    #[test]
    fn bad_query_text_is_refused_by_name() {
        let refuse = |op, query: &str| query_params(op, query).unwrap_err().message();
        use Operation::*;
        assert_eq!(refuse(ListManagedAccounts, "sort=x&sort=y"), "Invalid `sort`: is given twice");
        assert_eq!(refuse(ListManagedAccounts, "page[size]=-1"), "Invalid `page[size]`: must be a whole number");
        assert_eq!(
            refuse(ListManagedAccounts, "page%5Bnumber%5D=1e3"),
            "Invalid `page[number]`: must be a whole number"
        );
        assert!(refuse(ListOrganizationUsers, "include_groups=1").contains("`true` or `false`"));
        assert!(refuse(ListOrganizationUsers, "filter%5Bemail%5D=%FF").contains("UTF-8"));
        assert_eq!(query_params(ListOrganizationUsers, "").unwrap(), Input::Absent);
    }
}
