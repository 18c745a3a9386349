//! `POST /organizations/users/{id}/actions/remove`:
//! `client.organizations().users().actions().remove(id)`.

use futures_util::TryStreamExt;
use telnyx_client::params::ListOrganizationUsersParams;
use telnyx_client::{Error, ErrorKind, Operation};
use telnyx_contract_tests::{fault_tests, Contract};

const OP: Operation = Operation::RemoveOrganizationUser;

#[tokio::test]
async fn a_removed_user_is_returned_and_then_gone_from_list_and_retrieve() {
    let contract = Contract::start().await;
    let record = contract.removable_user();
    let before = contract.mock.users().len();

    let removed = contract.client.organizations().users().actions().remove(&record.id).await.unwrap().data;
    let listed: Vec<_> = contract
        .client
        .organizations()
        .users()
        .list_all(ListOrganizationUsersParams::default())
        .try_collect()
        .await
        .unwrap();
    let err = contract.client.organizations().users().retrieve(&record.id, Default::default()).await.unwrap_err();

    assert_eq!(removed.id.as_deref(), Some(record.id.as_str()));
    assert_eq!(removed.email.as_deref(), Some(record.email.as_str()));
    assert_eq!(listed.len(), before - 1);
    assert!(listed.iter().all(|u| u.id.as_deref() != Some(record.id.as_str())));
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(contract.requests_for(OP)[0].body, None, "remove sends no body");
}

#[tokio::test]
async fn removing_the_same_user_twice_is_a_404_the_second_time() {
    let contract = Contract::start().await;
    let id = contract.removable_user().id;

    contract.client.organizations().users().actions().remove(&id).await.unwrap();
    let err = contract.client.organizations().users().actions().remove(&id).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn the_organization_owner_cannot_be_removed() {
    let contract = Contract::start().await;
    let owner = contract.owner();

    let err = contract.client.organizations().users().actions().remove(&owner.id).await.unwrap_err();

    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.kind, ErrorKind::PermissionDenied, "{err}");
    assert_eq!(api.errors[0].code.as_deref(), Some("10010"));
    assert!(contract.mock.users().iter().any(|u| u.id == owner.id));
}

#[tokio::test]
async fn a_slow_remove_that_timed_out_finds_the_user_gone_on_retry() {
    let contract = Contract::start().await;
    let id = contract.removable_user().id;
    telnyx_contract_tests::faults::add(
        &contract,
        OP,
        telnyx_contract_tests::Fault::delay(std::time::Duration::from_secs(3)),
    );
    let client = contract.client_with(|b| b.timeout(std::time::Duration::from_millis(300)));

    let err = client.organizations().users().actions().remove(&id).await.unwrap_err();

    // The first attempt did remove the user; the retry says so with a 404.
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert!(contract.mock.users().iter().all(|u| u.id != id));
    assert_eq!(contract.attempts(OP), 2);
}

fault_tests!(OP, |client, contract| client.organizations().users().actions().remove(&contract.removable_user().id));
