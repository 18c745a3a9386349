//! Plain request values: what to send, built without touching the network.

use crate::secret::Secret;
use std::fmt;

/// The `User-Agent` every request carries: stable, never minified away.
pub const USER_AGENT: &str = concat!("telnyx-wasm/", env!("CARGO_PKG_VERSION"));

/// The production base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.telnyx.com/v2";

/// The HTTP methods the 12 operations use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Patch,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
        }
    }
}

/// The 12 operations, named as in the JavaScript SDK.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    ListManagedAccounts,
    CreateManagedAccount,
    GetAllocatableGlobalOutboundChannels,
    RetrieveManagedAccount,
    UpdateManagedAccount,
    DisableManagedAccount,
    EnableManagedAccount,
    UpdateGlobalChannelLimit,
    ListOrganizationUsers,
    GetGroupsReport,
    RetrieveOrganizationUser,
    RemoveOrganizationUser,
}

impl Operation {
    pub const ALL: [Operation; 12] = [
        Operation::ListManagedAccounts,
        Operation::CreateManagedAccount,
        Operation::GetAllocatableGlobalOutboundChannels,
        Operation::RetrieveManagedAccount,
        Operation::UpdateManagedAccount,
        Operation::DisableManagedAccount,
        Operation::EnableManagedAccount,
        Operation::UpdateGlobalChannelLimit,
        Operation::ListOrganizationUsers,
        Operation::GetGroupsReport,
        Operation::RetrieveOrganizationUser,
        Operation::RemoveOrganizationUser,
    ];

    /// Whether repeating the request after an unknown outcome is harmless.
    ///
    /// Only create is not: a lost reply to a create that did commit, retried,
    /// makes a second managed account. Disable, enable and the updates set a
    /// state; remove of an already removed user answers 404.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Operation::CreateManagedAccount)
    }

    /// The JavaScript SDK's name for the call.
    pub fn js_name(self) -> &'static str {
        match self {
            Operation::ListManagedAccounts => "managedAccounts.list",
            Operation::CreateManagedAccount => "managedAccounts.create",
            Operation::GetAllocatableGlobalOutboundChannels => "managedAccounts.getAllocatableGlobalOutboundChannels",
            Operation::RetrieveManagedAccount => "managedAccounts.retrieve",
            Operation::UpdateManagedAccount => "managedAccounts.update",
            Operation::DisableManagedAccount => "managedAccounts.actions.disable",
            Operation::EnableManagedAccount => "managedAccounts.actions.enable",
            Operation::UpdateGlobalChannelLimit => "managedAccounts.updateGlobalChannelLimit",
            Operation::ListOrganizationUsers => "organizations.users.list",
            Operation::GetGroupsReport => "organizations.users.getGroupsReport",
            Operation::RetrieveOrganizationUser => "organizations.users.retrieve",
            Operation::RemoveOrganizationUser => "organizations.users.actions.remove",
        }
    }
}

/// An operation's request before the client's settings are applied:
/// method, path with query (already encoded) and JSON body.
#[derive(Clone, PartialEq, Eq)]
pub struct RequestSpec {
    pub operation: Operation,
    pub method: Method,
    /// Starts with `/`, percent-encoded, including `?query` when there is one.
    pub path_and_query: String,
    /// `application/json` or `text/csv`.
    pub accept: &'static str,
    /// JSON body for POST and PATCH; `None` for GET.
    pub body: Option<String>,
}

impl fmt::Debug for RequestSpec {
    /// Shows everything but a password in the body.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestSpec")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path_and_query", &self.path_and_query)
            .field("accept", &self.accept)
            .field("body", &self.body.as_deref().map(redacted_body))
            .finish()
    }
}

/// A JSON body with the value of its `"password"` key replaced, for `Debug`.
///
/// The bodies come from the core's own writer, where `"password":"` can only
/// be that key: inside a string value every quote is escaped.
fn redacted_body(body: &str) -> std::borrow::Cow<'_, str> {
    const KEY: &str = "\"password\":\"";
    let Some(at) = body.find(KEY) else { return body.into() };
    let start = at + KEY.len();
    let mut escaped = false;
    let end = body[start..]
        .bytes()
        .position(|b| {
            let closes = b == b'"' && !escaped;
            escaped = b == b'\\' && !escaped;
            closes
        })
        .map_or(body.len(), |i| start + i);
    format!("{}[redacted]{}", &body[..start], &body[end..]).into()
}

/// The client's settings that every request carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    /// Sent as `Authorization: Bearer <key>` when set. Redacted in `Debug`.
    pub api_key: Option<Secret>,
    /// Base URL without a trailing slash, e.g. `https://api.telnyx.com/v2`.
    pub base_url: String,
    /// Extra headers for every request (the JS SDK's `defaultHeaders`).
    pub default_headers: Vec<(String, String)>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig { api_key: None, base_url: DEFAULT_BASE_URL.to_owned(), default_headers: Vec::new() }
    }
}

impl ClientConfig {
    pub fn new(api_key: impl Into<Secret>) -> Self {
        ClientConfig { api_key: Some(api_key.into()), ..Default::default() }
    }

    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The full URL of a request.
    pub fn url(&self, spec: &RequestSpec) -> String {
        let mut url = String::with_capacity(self.base_url.len() + spec.path_and_query.len());
        url.push_str(self.base_url.trim_end_matches('/'));
        url.push_str(&spec.path_and_query);
        url
    }

    /// Applies the settings to an operation's request.
    ///
    /// Header order: defaults first, then the fixed headers (so a default
    /// header cannot replace `Authorization` by accident), then per-call ones.
    pub fn http_request(&self, spec: &RequestSpec, extra_headers: &[(String, String)]) -> HttpRequest {
        let mut request = HttpRequest {
            operation: spec.operation,
            method: spec.method,
            url: self.url(spec),
            headers: Vec::with_capacity(5 + self.default_headers.len()),
            body: spec.body.clone(),
        };
        for (name, value) in &self.default_headers {
            request.set_header(name, value);
        }
        request.set_header("accept", spec.accept);
        if spec.body.is_some() {
            request.set_header("content-type", "application/json");
        }
        request.set_header("user-agent", USER_AGENT);
        if let Some(key) = &self.api_key {
            request.set_header("authorization", &crate::text::cat(&["Bearer ", key.expose()]));
        }
        for (name, value) in extra_headers {
            request.set_header(name, value);
        }
        request
    }
}

/// A complete HTTP request, ready for any transport.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub operation: Operation,
    pub method: Method,
    pub url: String,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl HttpRequest {
    /// Sets a header, replacing one of the same name in any case; new names are stored lower-case.
    pub fn set_header(&mut self, name: &str, value: &str) {
        match self.headers.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some(slot) => slot.1 = value.to_owned(),
            None => self.headers.push((name.to_ascii_lowercase(), value.to_owned())),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    /// Shows everything but the `authorization` value and a password in the body.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), if n == "authorization" { "[redacted]" } else { v.as_str() }))
            .collect();
        f.debug_struct("HttpRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body.as_deref().map(redacted_body))
            .finish()
    }
}
