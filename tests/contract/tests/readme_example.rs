//! The telnyx-mock example of the root README, kept compiling and passing.

use telnyx_client::{params::ListManagedAccountsParams, Client};
use telnyx_mock::{Fault, MockTelnyx};

#[tokio::test]
async fn a_list_is_retried_after_a_503() {
    let mock = MockTelnyx::start().await; // random port on 127.0.0.1
    mock.add_fault(Fault::status(503).on("GET", "/managed_accounts"));
    let client = Client::builder().api_key("KEY").base_url(mock.base_url()).build().unwrap();

    let page = client.managed_accounts().list(ListManagedAccountsParams::default()).await.unwrap();

    assert_eq!(page.data.len(), 20);
    assert_eq!(mock.requests().len(), 2); // the 503, then the answer
}
