//! `GET /managed_accounts/{id}`: `client.managed_accounts().retrieve(id)`.

use telnyx_client::{Error, ErrorKind, Operation};
use telnyx_contract_tests::{fault_tests, AccountStatus, Contract};

const OP: Operation = Operation::RetrieveManagedAccount;

#[tokio::test]
async fn a_seeded_account_comes_back_with_its_credentials_and_balance() {
    let contract = Contract::start().await;
    let record = contract.account_with_status(AccountStatus::Enabled);

    let account = contract.client.managed_accounts().retrieve(&record.id).await.unwrap().data;

    assert_eq!(account.id, record.id);
    assert_eq!(account.record_type, "managed_account");
    assert_eq!(account.email, record.email);
    assert_eq!(account.organization_name.as_deref(), Some(record.organization_name.as_str()));
    assert_eq!(account.api_key, record.api_key);
    assert_eq!(account.api_token, record.api_token);
    assert_eq!(account.manager_account_id, contract.mock.manager().id);
    assert_eq!(account.created_at, record.created_at);
    assert_eq!(account.balance.is_some(), record.balance.is_some());
    assert_eq!(contract.requests_for(OP)[0].path, format!("/v2/managed_accounts/{}", record.id));
}

#[tokio::test]
async fn an_unknown_id_is_a_404_with_telnyx_code_10005() {
    let contract = Contract::start().await;

    let err = contract.client.managed_accounts().retrieve("0b1c5e0e-0000-4000-8000-000000000000").await.unwrap_err();

    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.kind, ErrorKind::NotFound);
    assert_eq!(api.errors[0].code.as_deref(), Some("10005"));
    assert!(api.request_id.is_some());
    assert_eq!(contract.attempts(OP), 1, "a 404 is not retried");
}

#[tokio::test]
async fn an_empty_id_or_a_dot_segment_is_refused_before_anything_is_sent() {
    let contract = Contract::start().await;

    for id in ["", ".", "..", "%2e%2e", "a/b"] {
        let err = contract.client.managed_accounts().retrieve(id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{id:?}: {err}");
    }
    assert!(contract.mock.requests().is_empty());
}

fault_tests!(OP, |client, contract| client
    .managed_accounts()
    .retrieve(&contract.account_with_status(AccountStatus::Enabled).id));
