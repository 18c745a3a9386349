//! `POST /managed_accounts/{id}/actions/enable`:
//! `client.managed_accounts().actions().enable(id, params)`.

use telnyx_client::params::EnableManagedAccountParams;
use telnyx_client::{Error, ErrorKind, Operation};
use telnyx_contract_tests::{fault_tests, AccountStatus, Contract};

const OP: Operation = Operation::EnableManagedAccount;

#[tokio::test]
async fn a_disabled_account_is_enabled_again() {
    let contract = Contract::start().await;
    let id = contract.account_with_status(AccountStatus::Disabled).id;

    let account = contract.client.managed_accounts().actions().enable(&id, EnableManagedAccountParams::default()).await;

    assert_eq!(account.unwrap().data.id, id);
    assert_eq!(contract.mock.account(&id).unwrap().status, AccountStatus::Enabled);
    assert_eq!(contract.requests_for(OP)[0].body.as_deref(), Some("{}"));
}

#[tokio::test]
async fn disable_then_enable_with_reenable_all_connections_round_trips() {
    let contract = Contract::start().await;
    let id = contract.account_with_status(AccountStatus::Enabled).id;
    let params = EnableManagedAccountParams { reenable_all_connections: Some(true) };

    contract.client.managed_accounts().actions().disable(&id).await.unwrap();
    contract.client.managed_accounts().actions().enable(&id, params).await.unwrap();

    assert_eq!(contract.mock.account(&id).unwrap().status, AccountStatus::Enabled);
    assert_eq!(contract.requests_for(OP)[0].body.as_deref(), Some(r#"{"reenable_all_connections":true}"#));
}

#[tokio::test]
async fn a_blocked_account_cannot_be_enabled_and_the_422_says_why() {
    let contract = Contract::start().await;
    let id = contract.account_with_status(AccountStatus::Blocked).id;

    let err = contract.client.managed_accounts().actions().enable(&id, EnableManagedAccountParams::default()).await;

    let err = err.unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.kind, ErrorKind::UnprocessableEntity);
    assert!(api.errors[0].detail.as_deref().unwrap_or("").contains("blocked"), "{err}");
    assert_eq!(contract.mock.account(&id).unwrap().status, AccountStatus::Blocked);
}

#[tokio::test]
async fn an_unknown_id_is_a_404() {
    let contract = Contract::start().await;

    let err = contract.client.managed_accounts().actions().enable("no-such-account", Default::default()).await;

    assert_eq!(err.unwrap_err().kind(), ErrorKind::NotFound);
}

fault_tests!(OP, |client, contract| client
    .managed_accounts()
    .actions()
    .enable(&contract.account_with_status(AccountStatus::Disabled).id, EnableManagedAccountParams::default()));
