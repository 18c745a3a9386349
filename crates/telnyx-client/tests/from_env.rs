//! `Client::from_env` reads the variables the JavaScript SDK reads. (Its own
//! test binary, with one test, because it changes the process environment.)

use telnyx_client::{Client, ErrorKind};

#[test]
fn from_env_reads_the_key_and_base_url_and_refuses_a_missing_key() {
    std::env::remove_var("TELNYX_API_KEY");
    std::env::remove_var("TELNYX_BASE_URL");
    let err = Client::from_env().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert!(err.to_string().contains("TELNYX_API_KEY"), "{err}");

    std::env::set_var("TELNYX_API_KEY", "KEYfromenv123");
    assert_eq!(Client::from_env().unwrap().base_url(), "https://api.telnyx.com/v2");

    std::env::set_var("TELNYX_BASE_URL", "http://127.0.0.1:4010/v2/");
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:4010/v2");
    assert!(!format!("{client:?}").contains("KEYfromenv123"));
}
