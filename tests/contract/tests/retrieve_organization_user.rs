//! `GET /organizations/users/{id}`: `client.organizations().users().retrieve(id, params)`.

use telnyx_client::params::RetrieveOrganizationUserParams;
use telnyx_client::{Error, ErrorKind, Operation};
use telnyx_contract_tests::{fault_tests, Contract};

const OP: Operation = Operation::RetrieveOrganizationUser;

const WITH_GROUPS: RetrieveOrganizationUserParams = RetrieveOrganizationUserParams { include_groups: Some(true) };

#[tokio::test]
async fn a_user_comes_back_as_stored() {
    let contract = Contract::start().await;
    let record = contract.removable_user();

    let user = contract.client.organizations().users().retrieve(&record.id, Default::default()).await.unwrap().data;

    assert_eq!(user.id.as_deref(), Some(record.id.as_str()));
    assert_eq!(user.email.as_deref(), Some(record.email.as_str()));
    assert_eq!(user.user_status.as_ref(), Some(&record.user_status));
    assert_eq!(user.record_type.as_deref(), Some(record.record_type.as_str()));
    assert_eq!(user.last_sign_in_at, Some(record.last_sign_in_at.clone()));
    assert_eq!(user.groups, None);
    assert_eq!(contract.requests_for(OP)[0].query, None);
}

#[tokio::test]
async fn include_groups_adds_the_users_groups() {
    let contract = Contract::start().await;
    let record = contract.mock.users().into_iter().find(|u| !u.group_ids.is_empty()).unwrap();

    let user = contract.client.organizations().users().retrieve(&record.id, WITH_GROUPS).await.unwrap().data;

    let group_ids: Vec<String> = user.groups.unwrap().into_iter().map(|g| g.id).collect();
    assert_eq!(group_ids, record.group_ids);
    assert_eq!(contract.requests_for(OP)[0].query.as_deref(), Some("include_groups=true"));
}

#[tokio::test]
async fn a_user_who_never_signed_in_has_a_null_last_sign_in() {
    let contract = Contract::start().await;
    let Some(record) = contract.mock.users().into_iter().find(|u| u.last_sign_in_at.is_none()) else {
        panic!("the seed should have a user who never signed in");
    };

    let user = contract.client.organizations().users().retrieve(&record.id, Default::default()).await.unwrap().data;

    assert_eq!(user.last_sign_in_at, Some(None));
}

#[tokio::test]
async fn an_unknown_id_is_a_404_with_telnyx_code_10005() {
    let contract = Contract::start().await;

    let err = contract.client.organizations().users().retrieve("no-such-user", WITH_GROUPS).await.unwrap_err();

    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.kind, ErrorKind::NotFound);
    assert_eq!(api.errors[0].code.as_deref(), Some("10005"));
}

#[tokio::test]
async fn an_id_with_a_slash_is_refused_before_anything_is_sent() {
    let contract = Contract::start().await;

    let err = contract.client.organizations().users().retrieve("../users_groups_report", WITH_GROUPS).await;

    assert_eq!(err.unwrap_err().kind(), ErrorKind::Validation);
    assert!(contract.mock.requests().is_empty());
}

fault_tests!(OP, |client, contract| client
    .organizations()
    .users()
    .retrieve(&contract.removable_user().id, WITH_GROUPS));
