//! `PATCH /managed_accounts/{id}`: `client.managed_accounts().update(id, params)`.

use telnyx_client::params::UpdateManagedAccountParams;
use telnyx_client::{ErrorKind, Operation};
use telnyx_contract_tests::{fault_tests, AccountStatus, Contract};

const OP: Operation = Operation::UpdateManagedAccount;

fn allow(value: bool) -> UpdateManagedAccountParams {
    UpdateManagedAccountParams { managed_account_allow_custom_pricing: Some(value) }
}

#[tokio::test]
async fn custom_pricing_can_be_switched_on_and_off_and_retrieve_agrees() {
    let contract = Contract::start().await;
    let id = contract.account_with_status(AccountStatus::Enabled).id;

    let on = contract.client.managed_accounts().update(&id, allow(true)).await.unwrap().data;
    let seen_on = contract.client.managed_accounts().retrieve(&id).await.unwrap().data;
    let off = contract.client.managed_accounts().update(&id, allow(false)).await.unwrap().data;

    assert_eq!(on.managed_account_allow_custom_pricing, Some(true));
    assert_eq!(seen_on.managed_account_allow_custom_pricing, Some(true));
    assert_eq!(off.managed_account_allow_custom_pricing, Some(false));
    assert!(!contract.mock.account(&id).unwrap().managed_account_allow_custom_pricing);
    let bodies: Vec<Option<String>> = contract.requests_for(OP).into_iter().map(|r| r.body).collect();
    assert_eq!(
        bodies,
        [
            Some(r#"{"managed_account_allow_custom_pricing":true}"#.to_owned()),
            Some(r#"{"managed_account_allow_custom_pricing":false}"#.to_owned())
        ]
    );
}

#[tokio::test]
async fn an_update_that_changes_a_value_moves_updated_at_forward() {
    let contract = Contract::start().await;
    let record = contract.account_with_status(AccountStatus::Enabled);

    let updated = contract
        .client
        .managed_accounts()
        .update(&record.id, allow(!record.managed_account_allow_custom_pricing))
        .await;

    let updated = updated.unwrap().data;
    assert!(updated.updated_at >= record.updated_at, "{} < {}", updated.updated_at, record.updated_at);
    assert_eq!(updated.created_at, record.created_at);
}

#[tokio::test]
async fn an_empty_update_changes_nothing_and_returns_the_account() {
    let contract = Contract::start().await;
    let record = contract.account_with_status(AccountStatus::Enabled);

    let same = contract.client.managed_accounts().update(&record.id, UpdateManagedAccountParams::default()).await;

    let same = same.unwrap().data;
    assert_eq!(same.id, record.id);
    assert_eq!(same.updated_at, record.updated_at);
    assert_eq!(contract.requests_for(OP)[0].body.as_deref(), Some("{}"));
}

#[tokio::test]
async fn an_unknown_id_is_a_404() {
    let contract = Contract::start().await;

    let err = contract.client.managed_accounts().update("no-such-account", allow(true)).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}

fault_tests!(OP, |client, contract| client
    .managed_accounts()
    .update(&contract.account_with_status(AccountStatus::Enabled).id, allow(true)));
