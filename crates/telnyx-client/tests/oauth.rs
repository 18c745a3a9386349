//! OAuth client credentials against telnyx-mock: one token request, then the
//! token as the bearer; a wrong secret is the token endpoint's 401.

use telnyx_client::{Client, ErrorKind};
use telnyx_mock::MockTelnyx;

#[tokio::test]
async fn a_client_with_oauth_credentials_asks_for_one_token_and_sends_it_as_the_bearer() {
    let mock = MockTelnyx::start().await;
    let client = Client::builder()
        .oauth_client("telnyx-mock-client", "telnyx-mock-secret")
        .base_url(mock.base_url())
        .build()
        .unwrap();

    client.managed_accounts().get_allocatable_global_outbound_channels().await.unwrap();
    client.managed_accounts().get_allocatable_global_outbound_channels().await.unwrap();

    let log = mock.requests();
    let paths: Vec<(&str, &str, u16)> = log.iter().map(|r| (r.method.as_str(), r.path.as_str(), r.status)).collect();
    assert_eq!(paths[0], ("POST", "/v2/oauth/token", 200));
    assert_eq!(paths.len(), 3, "one token request for two calls: {paths:?}");
    assert_eq!(log[0].headers.get("authorization").map(String::as_str), Some("Basic [redacted]"));
    assert_eq!(log[0].body.as_deref(), Some("grant_type=client_credentials"));
    assert!(log[1..].iter().all(|r| r.headers.get("authorization").map(String::as_str) == Some("Bearer [redacted]")));
}

#[tokio::test]
async fn a_wrong_client_secret_fails_the_call_with_the_token_endpoints_401() {
    let mock = MockTelnyx::start().await;
    let client =
        Client::builder().oauth_client("telnyx-mock-client", "wrong").base_url(mock.base_url()).build().unwrap();

    let error = client.managed_accounts().get_allocatable_global_outbound_channels().await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Authentication);
    assert_eq!(mock.requests().len(), 1, "nothing but the token request was sent");
}
