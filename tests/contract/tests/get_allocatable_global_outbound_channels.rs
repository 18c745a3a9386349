//! `GET /managed_accounts/allocatable_global_outbound_channels`:
//! `client.managed_accounts().get_allocatable_global_outbound_channels()`.

use telnyx_client::{ErrorKind, Operation};
use telnyx_contract_tests::{fault_tests, AccountStatus, Contract};

const OP: Operation = Operation::GetAllocatableGlobalOutboundChannels;

#[tokio::test]
async fn the_managers_channels_and_the_total_allocated_come_back() {
    let contract = Contract::start().await;
    let manager = contract.mock.manager();
    let allocated: i64 =
        contract.mock.accounts().iter().filter(|a| a.status != AccountStatus::Cancelled).map(|a| a.channel_limit).sum();

    let channels = contract.client.managed_accounts().get_allocatable_global_outbound_channels().await.unwrap().data;

    assert_eq!(channels.allocatable_global_outbound_channels, Some(manager.allocatable_global_outbound_channels));
    assert_eq!(channels.managed_account_allow_custom_pricing, Some(manager.managed_account_allow_custom_pricing));
    assert_eq!(channels.total_global_channels_allocated, Some(allocated));
    assert!(channels.record_type.is_some());
}

#[tokio::test]
async fn the_path_is_not_mistaken_for_an_account_id() {
    let contract = Contract::start().await;

    contract.client.managed_accounts().get_allocatable_global_outbound_channels().await.unwrap();

    assert_eq!(contract.attempts(OP), 1);
    assert_eq!(contract.attempts(Operation::RetrieveManagedAccount), 0);
}

#[tokio::test]
async fn a_403_is_a_permission_denied_error_and_not_retried() {
    let contract = Contract::start().await;
    telnyx_contract_tests::faults::add(&contract, OP, telnyx_contract_tests::Fault::status(403).times(5));

    let err = contract.client.managed_accounts().get_allocatable_global_outbound_channels().await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{err}");
    assert_eq!(contract.attempts(OP), 1);
}

fault_tests!(OP, |client, contract| client.managed_accounts().get_allocatable_global_outbound_channels());
