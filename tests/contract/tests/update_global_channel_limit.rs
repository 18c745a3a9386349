//! `PATCH /managed_accounts/{id}/update_global_channel_limit`:
//! `client.managed_accounts().update_global_channel_limit(id, params)`.

use telnyx_client::params::UpdateGlobalChannelLimitParams;
use telnyx_client::{Error, ErrorKind, Operation};
use telnyx_contract_tests::{fault_tests, AccountStatus, Contract};

const OP: Operation = Operation::UpdateGlobalChannelLimit;

fn limit(channels: i64) -> UpdateGlobalChannelLimitParams {
    UpdateGlobalChannelLimitParams { channel_limit: Some(channels) }
}

#[tokio::test]
async fn a_new_limit_is_returned_and_counted_in_the_managers_allocation() {
    let contract = Contract::start().await;
    let record = contract.account_with_status(AccountStatus::Enabled);
    let before = contract.client.managed_accounts().get_allocatable_global_outbound_channels().await.unwrap().data;

    let updated =
        contract.client.managed_accounts().update_global_channel_limit(&record.id, limit(record.channel_limit + 3));
    let updated = updated.await.unwrap().data;
    let after = contract.client.managed_accounts().get_allocatable_global_outbound_channels().await.unwrap().data;

    assert_eq!(updated.id.as_deref(), Some(record.id.as_str()));
    assert_eq!(updated.email.as_deref(), Some(record.email.as_str()));
    assert_eq!(updated.channel_limit, Some(record.channel_limit + 3));
    assert_eq!(updated.manager_account_id, Some(contract.mock.manager().id));
    assert_eq!(after.total_global_channels_allocated, before.total_global_channels_allocated.map(|total| total + 3));
    assert_eq!(contract.requests_for(OP)[0].body, Some(format!(r#"{{"channel_limit":{}}}"#, record.channel_limit + 3)));
}

#[tokio::test]
async fn a_limit_beyond_what_the_manager_can_allocate_is_a_422_at_channel_limit() {
    let contract = Contract::start().await;
    let id = contract.account_with_status(AccountStatus::Enabled).id;
    let allocatable = contract.mock.manager().allocatable_global_outbound_channels;

    let err = contract.client.managed_accounts().update_global_channel_limit(&id, limit(allocatable + 1)).await;

    let err = err.unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.kind, ErrorKind::UnprocessableEntity);
    assert_eq!(api.errors[0].source.as_ref().and_then(|s| s.pointer.as_deref()), Some("/channel_limit"));
}

#[tokio::test]
async fn a_negative_limit_is_refused_before_anything_is_sent() {
    let contract = Contract::start().await;
    let id = contract.account_with_status(AccountStatus::Enabled).id;

    let err = contract.client.managed_accounts().update_global_channel_limit(&id, limit(-1)).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(contract.attempts(OP), 0);
}

#[tokio::test]
async fn an_unknown_id_is_a_404() {
    let contract = Contract::start().await;

    let err = contract.client.managed_accounts().update_global_channel_limit("no-such-account", limit(1)).await;

    assert_eq!(err.unwrap_err().kind(), ErrorKind::NotFound);
}

fault_tests!(OP, |client, contract| client
    .managed_accounts()
    .update_global_channel_limit(&contract.account_with_status(AccountStatus::Enabled).id, limit(1)));
