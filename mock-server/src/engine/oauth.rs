//! The OAuth 2.0 client-credentials endpoint the official SDK calls when it
//! is given a client id and secret: `POST /v2/oauth/token` (and
//! `/oauth/token`), client authentication by HTTP Basic (or `client_id` and
//! `client_secret` in the body), `grant_type=client_credentials`, form
//! encoded. Errors are in OAuth's format (RFC 6749, section 5.2), not
//! Telnyx's. The tokens it issues are accepted by the API until they expire
//! (engine time).

use crate::engine::ids::SeededRng;
use crate::engine::input::Query;
use crate::engine::reply::Reply;
use crate::engine::Request;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{HashMap, VecDeque};

/// The client id accepted when none is configured.
pub const DEFAULT_CLIENT_ID: &str = "telnyx-mock-client";
/// The client secret accepted when none is configured.
pub const DEFAULT_CLIENT_SECRET: &str = "telnyx-mock-secret";
/// How long an access token lives when nothing else is configured: one hour.
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 3600;
/// How many issued tokens are remembered (expired ones too, so that they
/// are refused rather than taken for any bearer token); the oldest go first.
pub const TOKEN_CAPACITY: usize = 100_000;

/// Whether `path` (without `/v2`) is the token endpoint.
pub fn is_token_path(api_path: &str) -> bool {
    api_path.trim_end_matches('/') == "/oauth/token"
}

/// An access token the endpoint issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuedToken {
    pub access_token: String,
    /// When it stops being accepted, in ms since the Unix epoch.
    pub expires_ms: u64,
}

/// The tokens issued so far, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    expiry: HashMap<String, u64>,
    order: VecDeque<String>,
}

/// What a bearer token is to the API.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenState {
    Valid,
    Expired,
    /// Not one of ours: an API key, or anything else.
    Unknown,
}

impl Tokens {
    pub fn check(&self, token: &str, now_ms: u64) -> TokenState {
        match self.expiry.get(token) {
            Some(&expires) if now_ms < expires => TokenState::Valid,
            Some(_) => TokenState::Expired,
            None => TokenState::Unknown,
        }
    }

    pub fn insert(&mut self, token: IssuedToken) {
        if self.expiry.insert(token.access_token.clone(), token.expires_ms).is_none() {
            self.order.push_back(token.access_token);
        }
        while self.order.len() > TOKEN_CAPACITY {
            if let Some(old) = self.order.pop_front() {
                self.expiry.remove(&old);
            }
        }
    }

    pub fn issued(&self) -> Vec<IssuedToken> {
        self.order
            .iter()
            .filter_map(|t| self.expiry.get(t).map(|&e| IssuedToken { access_token: t.clone(), expires_ms: e }))
            .collect()
    }
}

/// The endpoint's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: String,
    pub token_lifetime_secs: u64,
}

impl Default for OAuthClient {
    fn default() -> Self {
        OAuthClient {
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            client_secret: DEFAULT_CLIENT_SECRET.to_owned(),
            token_lifetime_secs: DEFAULT_TOKEN_LIFETIME_SECS,
        }
    }
}

/// An error in OAuth's format: `{"error": code, "error_description": text}`.
fn oauth_error(status: u16, code: &str, description: &str) -> Reply {
    let mut reply = Reply::json(status, &json!({ "error": code, "error_description": description }));
    reply.set_header("cache-control", "no-store");
    reply.set_header("pragma", "no-cache");
    if code == "invalid_client" {
        reply.set_header("www-authenticate", "Basic realm=\"telnyx-mock\"");
    }
    reply
}

/// `Authorization: Basic base64(id:secret)`, each half form-decoded (RFC 6749, 2.3.1).
/// `None` when the header is not Basic; `Some(None)` when it is but cannot be read.
fn basic_credentials(authorization: Option<&str>) -> Option<Option<(String, String)>> {
    let (scheme, encoded) = authorization?.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let read = || {
        let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (id, secret) = text.split_once(':')?;
        let form = Query::parse(Some(&format!("id={id}&secret={secret}"))).ok()?;
        Some((form.get("id")?.to_owned(), form.get("secret")?.to_owned()))
    };
    Some(read())
}

/// Answers a token request.
pub fn token(client: &OAuthClient, tokens: &mut Tokens, request: &Request, now_ms: u64, rng: &mut SeededRng) -> Reply {
    if request.method != "POST" {
        let mut reply = oauth_error(405, "invalid_request", "The token endpoint takes POST only.");
        reply.set_header("allow", "POST");
        return reply;
    }
    let content_type = request.header_str("content-type").map(|c| c.split(';').next().unwrap_or("").trim());
    if content_type.is_some_and(|c| !c.eq_ignore_ascii_case("application/x-www-form-urlencoded")) {
        return oauth_error(
            400,
            "invalid_request",
            "The body must be application/x-www-form-urlencoded (grant_type=client_credentials).",
        );
    }
    let Ok(text) = std::str::from_utf8(&request.body) else {
        return oauth_error(400, "invalid_request", "The body is not valid UTF-8.");
    };
    let Ok(form) = Query::parse(Some(text)) else {
        return oauth_error(400, "invalid_request", "The body is not valid form encoding.");
    };
    if let Some(name) = form.repeated() {
        return oauth_error(400, "invalid_request", &format!("The parameter `{name}` is given more than once."));
    }
    let from_body = match (form.get("client_id"), form.get("client_secret")) {
        (Some(id), secret) => Some((id.to_owned(), secret.unwrap_or("").to_owned())),
        (None, Some(_)) => return oauth_error(400, "invalid_request", "`client_secret` needs a `client_id`."),
        (None, None) => None,
    };
    let from_header = basic_credentials(request.header_str("authorization"));
    let credentials = match (from_header, from_body) {
        (Some(_), Some(_)) => {
            return oauth_error(
                400,
                "invalid_request",
                "The client authenticated twice (HTTP Basic and the body); use one method.",
            )
        }
        (Some(None), None) => {
            return oauth_error(401, "invalid_client", "The Basic credentials are not base64 of `id:secret`.")
        }
        (Some(Some(credentials)), None) | (None, Some(credentials)) => credentials,
        (None, None) => {
            return oauth_error(
                401,
                "invalid_client",
                "Client authentication is required: send `Authorization: Basic base64(client_id:client_secret)`.",
            )
        }
    };
    match form.get("grant_type") {
        None | Some("") => return oauth_error(400, "invalid_request", "`grant_type` is required."),
        Some("client_credentials") => {}
        Some(_) => {
            return oauth_error(400, "unsupported_grant_type", "Only `grant_type=client_credentials` is supported.")
        }
    }
    if credentials.0 != client.client_id || credentials.1 != client.client_secret {
        return oauth_error(401, "invalid_client", "Unknown client, or a wrong client secret.");
    }
    let access_token = format!("tmo_{}", crate::engine::ids::Entropy(rng).token());
    let lifetime_ms = client.token_lifetime_secs.saturating_mul(1000);
    tokens.insert(IssuedToken { access_token: access_token.clone(), expires_ms: now_ms.saturating_add(lifetime_ms) });
    let body =
        json!({ "access_token": access_token, "token_type": "Bearer", "expires_in": client.token_lifetime_secs });
    let mut reply = Reply::json(200, &body);
    reply.set_header("cache-control", "no-store");
    reply.set_header("pragma", "no-cache");
    reply
}

/// The body as the request log keeps it: a `client_secret` value redacted.
pub fn logged_form(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    let pairs: Vec<String> = text
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("client_secret", _)) => "client_secret=[redacted]".to_owned(),
            _ => pair.to_owned(),
        })
        .collect();
    pairs.join("&").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_base64_of_id_colon_secret_each_form_decoded() {
        let header = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("my%20id:s3cr%3At"));
        assert_eq!(basic_credentials(Some(&header)), Some(Some(("my id".to_owned(), "s3cr:t".to_owned()))));
        assert_eq!(basic_credentials(Some("Basic !!!")), Some(None));
        assert_eq!(basic_credentials(Some("Bearer abc")), None);
        assert_eq!(basic_credentials(None), None);
    }

    #[test]
    fn a_token_is_valid_until_its_expiry_and_then_known_as_expired() {
        let mut tokens = Tokens::default();
        tokens.insert(IssuedToken { access_token: "t".to_owned(), expires_ms: 10 });
        assert_eq!(tokens.check("t", 9), TokenState::Valid);
        assert_eq!(tokens.check("t", 10), TokenState::Expired);
        assert_eq!(tokens.check("other", 0), TokenState::Unknown);
    }

    #[test]
    fn a_client_secret_in_a_logged_body_is_redacted() {
        let logged = logged_form(b"grant_type=client_credentials&client_id=a&client_secret=b");
        assert_eq!(logged, b"grant_type=client_credentials&client_id=a&client_secret=[redacted]");
    }
}
