//! Plain request values: what to send, built without touching the network.

use crate::oauth::OAuthClient;
use crate::secret::Secret;
use std::fmt;

/// The `User-Agent` every request carries: stable, never minified away.
pub const USER_AGENT: &str = concat!("telnyx-wasm/", env!("CARGO_PKG_VERSION"));

/// The production base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.telnyx.com/v2";

/// The HTTP methods of the 12 operations (GET, POST, PATCH) and of
/// requests to endpoints the client does not wrap (also PUT, DELETE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    pub const ALL: [Method; 5] = [Method::Get, Method::Post, Method::Patch, Method::Put, Method::Delete];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// The method named `name`, in any case.
    ///
    /// ```
    /// use telnyx_core::Method;
    /// assert_eq!(Method::parse("delete"), Some(Method::Delete));
    /// assert_eq!(Method::parse("TRACE"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(name))
    }
}

/// A header to set, or (value `None`) to remove, as the official SDK's
/// `headers: { name: null }` does.
pub type HeaderEdit = (String, Option<String>);

/// The 12 operations, named as in the JavaScript SDK.
#[cfg_attr(feature = "wasm-bindgen", wasm_bindgen::prelude::wasm_bindgen)]
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
    /// `None` for a request to an endpoint the client does not wrap
    /// (`client.get(path)`): its success body is not checked.
    pub operation: Option<Operation>,
    pub method: Method,
    /// Starts with `/`, percent-encoded, including `?query` when there is one.
    pub path_and_query: String,
    /// `application/json` or `text/csv`.
    pub accept: &'static str,
    /// JSON body for POST and PATCH; `None` for GET.
    pub body: Option<String>,
}

impl RequestSpec {
    /// Whether repeating the request after an unknown outcome is harmless:
    /// the operation's rule, or for another endpoint, any method but POST.
    pub fn is_repeatable(&self) -> bool {
        match self.operation {
            Some(operation) => operation.is_idempotent(),
            None => self.method != Method::Post,
        }
    }
}

impl fmt::Debug for RequestSpec {
    /// Shows everything but a password in the body.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestSpec")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path_and_query", &self.path_and_query)
            .field("accept", &self.accept)
            .field("body", &self.body.as_deref().map(crate::redact::json_body))
            .finish()
    }
}

/// The client's settings that every request carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    /// Sent as `Authorization: Bearer <key>` when set. Redacted in `Debug`.
    pub api_key: Option<Secret>,
    /// Base URL without a trailing slash, e.g. `https://api.telnyx.com/v2`.
    pub base_url: String,
    /// Headers for every request (the JS SDK's `defaultHeaders`); `None` removes one.
    pub default_headers: Vec<HeaderEdit>,
    /// Query parameters for every request (the JS SDK's `defaultQuery`),
    /// replacing an operation's own parameter of the same name.
    pub default_query: Vec<(String, String)>,
    /// OAuth client credentials: when set, the bearer is a token they were
    /// given ([`oauth`](crate::oauth)) instead of `api_key`.
    pub oauth: Option<OAuthClient>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            default_headers: Vec::new(),
            default_query: Vec::new(),
            oauth: None,
        }
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

    /// The full URL of a request, with the default query applied.
    pub fn url(&self, spec: &RequestSpec) -> String {
        let mut url = String::with_capacity(self.base_url.len() + spec.path_and_query.len());
        url.push_str(self.base_url.trim_end_matches('/'));
        if self.default_query.is_empty() {
            url.push_str(&spec.path_and_query);
            return url;
        }
        // As the official SDK merges them: the defaults, then the operation's
        // own parameters, which win over a default of the same name.
        let (path, query) = spec.path_and_query.split_once('?').unwrap_or((&spec.path_and_query, ""));
        url.push_str(path);
        let own: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty()).collect();
        let mut separator = '?';
        let mut push = |url: &mut String, pair: &[&str]| {
            url.push(separator);
            pair.iter().for_each(|part| url.push_str(part));
            separator = '&';
        };
        for (name, value) in &self.default_query {
            let name = encoded(name);
            if !own.iter().any(|pair| pair.split('=').next() == Some(name.as_str())) {
                push(&mut url, &[&name, "=", &encoded(value)]);
            }
        }
        for pair in own {
            push(&mut url, &[pair]);
        }
        url
    }

    /// Applies the settings to an operation's request.
    ///
    /// Header order: defaults first, then the fixed headers (so a default
    /// header cannot replace `Authorization` by accident), then the removals
    /// a default asks for (`None`), then per-call ones, which set or remove.
    pub fn http_request(&self, spec: &RequestSpec, extra_headers: &[HeaderEdit]) -> HttpRequest {
        let mut request = HttpRequest {
            operation: spec.operation,
            method: spec.method,
            url: self.url(spec),
            headers: Vec::with_capacity(5 + self.default_headers.len()),
            body: spec.body.clone(),
        };
        for (name, value) in &self.default_headers {
            if let Some(value) = value {
                request.set_header(name, value);
            }
        }
        request.set_header("accept", spec.accept);
        if spec.body.is_some() {
            request.set_header("content-type", "application/json");
        }
        request.set_header("user-agent", USER_AGENT);
        if let Some(key) = &self.api_key {
            request.set_header("authorization", &crate::text::cat(&["Bearer ", key.expose()]));
        }
        for (name, value) in &self.default_headers {
            if value.is_none() {
                request.remove_header(name);
            }
        }
        for edit in extra_headers {
            request.edit_header(edit);
        }
        request
    }
}

fn encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::query::encode_component(&mut out, text);
    out
}

/// A complete HTTP request, ready for any transport.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `None` for the OAuth token request and endpoints the client does not wrap.
    pub operation: Option<Operation>,
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

    /// Removes every header named `name`, in any case.
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Sets or (value `None`) removes a header.
    pub fn edit_header(&mut self, (name, value): &HeaderEdit) {
        match value {
            Some(value) => self.set_header(name, value),
            None => self.remove_header(name),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    /// Shows everything but the `authorization` value and a password in the body.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> =
            self.headers.iter().map(|(n, v)| (n.as_str(), crate::redact::header(n, v))).collect();
        f.debug_struct("HttpRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body.as_deref().map(crate::redact::json_body))
            .finish()
    }
}
