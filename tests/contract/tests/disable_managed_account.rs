//! `POST /managed_accounts/{id}/actions/disable`:
//! `client.managed_accounts().actions().disable(id)`.

use telnyx_client::models::AccountStatusFilter;
use telnyx_client::params::ListManagedAccountsParams;
use telnyx_client::{Error, ErrorKind, Operation};
use telnyx_contract_tests::{fault_tests, AccountStatus, Contract};

const OP: Operation = Operation::DisableManagedAccount;

#[tokio::test]
async fn a_disabled_account_shows_as_disabled_in_the_status_filter() {
    let contract = Contract::start().await;
    let id = contract.account_with_status(AccountStatus::Enabled).id;

    let account = contract.client.managed_accounts().actions().disable(&id).await.unwrap().data;
    let mut disabled = ListManagedAccountsParams::default();
    disabled.filter.status = Some(AccountStatusFilter::Disabled);
    disabled.page.size = Some(250);
    let page = contract.client.managed_accounts().list(disabled).await.unwrap();

    assert_eq!(account.id, id);
    assert_eq!(contract.mock.account(&id).unwrap().status, AccountStatus::Disabled);
    assert!(page.data.iter().any(|a| a.id == id));
    let request = &contract.requests_for(OP)[0];
    assert_eq!(request.path, format!("/v2/managed_accounts/{id}/actions/disable"));
    assert_eq!(request.body, None, "disable sends no body");
}

#[tokio::test]
async fn disabling_twice_is_harmless() {
    let contract = Contract::start().await;
    let id = contract.account_with_status(AccountStatus::Disabled).id;

    contract.client.managed_accounts().actions().disable(&id).await.unwrap();

    assert_eq!(contract.mock.account(&id).unwrap().status, AccountStatus::Disabled);
}

#[tokio::test]
async fn a_cancelled_account_cannot_be_disabled_and_the_422_says_why() {
    let contract = Contract::start().await;
    let id = contract.account_with_status(AccountStatus::Cancelled).id;

    let err = contract.client.managed_accounts().actions().disable(&id).await.unwrap_err();

    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.kind, ErrorKind::UnprocessableEntity);
    assert!(api.errors[0].source.as_ref().and_then(|s| s.pointer.as_deref()).is_some(), "{err}");
    assert_eq!(contract.mock.account(&id).unwrap().status, AccountStatus::Cancelled);
}

#[tokio::test]
async fn an_unknown_id_is_a_404() {
    let contract = Contract::start().await;

    let err = contract.client.managed_accounts().actions().disable("no-such-account").await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}

fault_tests!(OP, |client, contract| client
    .managed_accounts()
    .actions()
    .disable(&contract.account_with_status(AccountStatus::Enabled).id));
