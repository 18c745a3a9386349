//! OAuth client credentials, as the official SDK's `clientID` and
//! `clientSecret` options use them: `POST {baseURL}/oauth/token` with HTTP
//! Basic auth and `grant_type=client_credentials`; the `access_token` it
//! answers is sent as the bearer until `expires_in` seconds have passed.
//!
//! The engine asks for a token before a call when the client has
//! credentials and no token that is still good ([`engine`](crate::engine));
//! this module holds the credentials, the request and the cache.

use crate::request::{HttpRequest, Method, USER_AGENT};
use crate::secret::Secret;
use crate::text::cat;
use std::fmt;
use std::sync::{Arc, Mutex};

/// The token endpoint, under the base URL.
pub const TOKEN_PATH: &str = "/oauth/token";

/// A client id and secret, and the token they were last given.
///
/// Clones share the token, as the official SDK's `withOptions` does.
#[derive(Clone)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: Secret,
    token: Arc<Mutex<Option<Token>>>,
}

struct Token {
    access_token: Secret,
    expires_at_ms: u64,
}

impl OAuthClient {
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        OAuthClient { client_id: client_id.into(), client_secret: client_secret.into(), token: Arc::default() }
    }

    /// The token request: form-encoded, Basic auth of `id:secret`.
    pub fn token_request(&self, base_url: &str) -> HttpRequest {
        let credentials = cat(&[&self.client_id, ":", self.client_secret.expose()]);
        let headers = [
            ("accept", "application/json"),
            ("content-type", "application/x-www-form-urlencoded"),
            ("user-agent", USER_AGENT),
            ("authorization", &cat(&["Basic ", &base64(credentials.as_bytes())])),
        ];
        HttpRequest {
            operation: None,
            method: Method::Post,
            url: cat(&[base_url.trim_end_matches('/'), TOKEN_PATH]),
            headers: headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
            body: Some("grant_type=client_credentials".to_owned()),
        }
    }

    /// The token in the cache, unless it has expired by `now_ms`.
    pub fn cached(&self, now_ms: u64) -> Option<String> {
        let token = self.token.lock().ok()?;
        token.as_ref().filter(|t| now_ms < t.expires_at_ms).map(|t| t.access_token.expose().to_owned())
    }

    /// Keeps `access_token` for `expires_in_s` seconds from `now_ms`.
    pub fn store(&self, access_token: &str, expires_in_s: u64, now_ms: u64) {
        if let Ok(mut token) = self.token.lock() {
            let expires_at_ms = now_ms.saturating_add(expires_in_s.saturating_mul(1000));
            *token = Some(Token { access_token: Secret::new(access_token), expires_at_ms });
        }
    }

    /// Drops the token (the API refused it), so the next call asks for a new one.
    pub fn forget(&self) {
        if let Ok(mut token) = self.token.lock() {
            *token = None;
        }
    }
}

impl PartialEq for OAuthClient {
    /// The same credentials; the cached token does not count.
    fn eq(&self, other: &Self) -> bool {
        self.client_id == other.client_id && self.client_secret == other.client_secret
    }
}

impl Eq for OAuthClient {}

impl fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthClient")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish()
    }
}

/// Standard base64 with padding (RFC 4648 §4). Eleven lines here, where the
/// `base64` crate's general engine would add to the wasm module for one use.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            let sextet = (n >> (18 - 6 * i)) & 63;
            out.push(if i <= chunk.len() { char::from(ALPHABET[sextet as usize]) } else { '=' });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        let vectors =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("foobar", "Zm9vYmFy")];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn the_token_request_is_basic_auth_and_a_form_body() {
        let request = OAuthClient::new("id", "secret").token_request("http://127.0.0.1:4010/v2/");
        assert_eq!(request.url, "http://127.0.0.1:4010/v2/oauth/token");
        assert_eq!(request.header("authorization"), Some("Basic aWQ6c2VjcmV0"));
        assert_eq!(request.body.as_deref(), Some("grant_type=client_credentials"));
        assert!(!format!("{request:?}").contains("aWQ6c2VjcmV0"));
    }

    #[test]
    fn a_token_is_used_until_it_expires_and_clones_share_it() {
        let client = OAuthClient::new("id", "secret");
        client.store("tok", 60, 1_000);
        let clone = client.clone();
        assert_eq!(clone.cached(60_999).as_deref(), Some("tok"));
        assert_eq!(clone.cached(61_000), None);
        client.forget();
        assert_eq!(clone.cached(2_000), None);
    }
}
