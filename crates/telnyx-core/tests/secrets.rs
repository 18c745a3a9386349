//! Secrets never show in `Debug` or `Display`: the client's key, a managed
//! account's API key and token, and a create's password.

use crate::common;

use telnyx_core::models::{Envelope, ManagedAccount};
use telnyx_core::params::CreateManagedAccountParams;
use telnyx_core::response::{decode, HttpResponse};
use telnyx_core::{operations, ClientConfig, Error, Secret};

const KEY: &str = "KEY0SECRETCLIENTKEY_zzz";
const PASSWORD: &str = "Pa55-SECRET-word!";

/// Fails if any of the secrets shows in the text.
#[track_caller]
fn assert_hidden(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "`{secret}` leaked into: {text}");
    }
}

#[test]
fn a_secret_prints_as_redacted() {
    let secret = Secret::new(KEY);
    assert_eq!(format!("{secret:?}"), "Secret([redacted])");
    assert_eq!(format!("{secret}"), "[redacted]");
    assert_eq!(format!("{secret:#?}"), "Secret([redacted])");
    assert_eq!(secret.expose(), KEY);
    assert_eq!(Secret::from(KEY.to_owned()), secret);
    assert!(Secret::default().is_empty());
}

#[test]
fn a_secret_serialises_as_the_plain_value_for_the_wire() {
    let secret = Secret::new(KEY);
    assert_eq!(serde_json::to_string(&secret).unwrap(), format!("\"{KEY}\""));
    let back: Secret = serde_json::from_str(&format!("\"{KEY}\"")).unwrap();
    assert_eq!(back, secret);
}

#[test]
fn the_client_config_hides_its_key() {
    let config = ClientConfig::new(KEY).with_base_url("http://127.0.0.1:4010/v2");
    assert_hidden(&format!("{config:?}"), &[KEY]);
    assert_hidden(&format!("{config:#?}"), &[KEY]);
    assert!(format!("{config:?}").contains("127.0.0.1:4010"), "the rest stays visible");
}

#[test]
fn a_request_hides_the_authorization_header_whatever_its_case() {
    let mut config = ClientConfig::new(KEY);
    let spec = operations::retrieve_managed_account("acct-1").unwrap();
    for extra in [vec![], vec![("AUTHORIZATION".to_owned(), Some(format!("Bearer {KEY}")))]] {
        let request = config.http_request(&spec, &extra);
        assert_eq!(request.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
        let debug = format!("{request:?}");
        assert_hidden(&debug, &[KEY]);
        assert!(debug.contains("***") && debug.contains("acct-1"), "{debug}");
        assert_hidden(&format!("{request:#?}"), &[KEY]);
    }
    config.default_headers.push(("Authorization".into(), Some(format!("Bearer {KEY}"))));
    assert_hidden(&format!("{:?}", config.http_request(&spec, &[])), &[KEY]);
}

#[test]
fn a_create_request_hides_the_password_in_its_body() {
    let params = CreateManagedAccountParams {
        password: Some(PASSWORD.into()),
        email: Some("a@example.com".into()),
        ..CreateManagedAccountParams::new("Acme")
    };
    assert_hidden(&format!("{params:?}"), &[PASSWORD]);
    let spec = operations::create_managed_account(&params).unwrap();
    assert!(spec.body.as_deref().unwrap().contains(PASSWORD), "the wire needs the password");
    assert_hidden(&format!("{spec:?}"), &[PASSWORD]);
    let request = ClientConfig::new(KEY).http_request(&spec, &[]);
    let debug = format!("{request:?}");
    assert_hidden(&debug, &[PASSWORD, KEY]);
    assert!(debug.contains("a@example.com"), "the rest of the body stays visible: {debug}");
}

#[test]
fn a_password_with_quotes_and_backslashes_is_hidden_entirely() {
    for password in ["PW\"quoted\"PW", "PW\\back\\slash\\", "PW\\\"x\"z", "\"password\":\"PW", "PW\"}"] {
        let params = CreateManagedAccountParams {
            password: Some(password.into()),
            email: Some("before@example.com".into()),
            rollup_billing: Some(true),
            ..CreateManagedAccountParams::new("A")
        };
        let spec = operations::create_managed_account(&params).unwrap();
        let request = ClientConfig::new(KEY).http_request(&spec, &[]);
        // The password as written in the body, and as Debug would escape that.
        let json = serde_json::to_string(password).unwrap();
        let json = &json[1..json.len() - 1];
        let debugged = format!("{json:?}");
        let debugged = &debugged[1..debugged.len() - 1];
        for text in [format!("{request:?}"), format!("{spec:?}")] {
            assert_hidden(&text, &[password, json, debugged, "PW"]);
            assert!(text.contains(telnyx_core::redact::MASK), "{text}");
            assert!(text.contains("before@example.com") && text.contains("rollup_billing"), "the rest stays: {text}");
        }
    }
}

#[test]
fn a_managed_account_hides_its_api_key_and_token() {
    let example = common::success_examples("get", "/managed_accounts/{id}", "application/json").remove(0);
    let api_key = example["data"]["api_key"].as_str().unwrap();
    let api_token = example["data"]["api_token"].as_str().unwrap();
    let account: Envelope<ManagedAccount> = decode(&common::ok_json(&example)).unwrap();
    assert_eq!(account.data.api_key.expose(), api_key);
    assert_eq!(account.data.api_token.expose(), api_token);
    for text in [format!("{account:?}"), format!("{account:#?}"), format!("{:?}", account.data)] {
        assert_hidden(&text, &[api_key, api_token]);
    }
}

#[test]
fn a_decode_error_of_a_managed_account_does_not_quote_its_secrets() {
    // A body the decoder rejects must not be echoed into the error.
    let body = format!(r#"{{"data":{{"id":"a","api_key":"{KEY}","api_token":"{PASSWORD}","created_at":5}}}}"#);
    let response = HttpResponse { status: 200, headers: vec![], body: body.into_bytes() };
    let err = decode::<Envelope<ManagedAccount>>(&response).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }));
    assert_hidden(&err.to_string(), &[KEY, PASSWORD]);
    assert_hidden(&format!("{err:?}"), &[KEY, PASSWORD]);
}
