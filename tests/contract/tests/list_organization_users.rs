//! `GET /organizations/users`: `client.organizations().users().list(params)`.

use futures_util::TryStreamExt;
use telnyx_client::models::{OrganizationUser, UserStatus};
use telnyx_client::params::ListOrganizationUsersParams;
use telnyx_client::{ErrorKind, Operation};
use telnyx_contract_tests::{fault_tests, Contract, UserRecord};

const OP: Operation = Operation::ListOrganizationUsers;

fn sized(size: u64) -> ListOrganizationUsersParams {
    let mut params = ListOrganizationUsersParams::default();
    params.page.size = Some(size);
    params
}

fn ids(users: &[OrganizationUser]) -> Vec<String> {
    users.iter().map(|u| u.id.clone().unwrap_or_default()).collect()
}

fn record_ids(users: &[UserRecord], keep: impl Fn(&UserRecord) -> bool) -> Vec<String> {
    users.iter().filter(|u| keep(u)).map(|u| u.id.clone()).collect()
}

async fn all(contract: &Contract, params: ListOrganizationUsersParams) -> Vec<OrganizationUser> {
    contract.client.organizations().users().list_all(params).try_collect().await.unwrap()
}

#[tokio::test]
async fn one_page_of_250_holds_every_user_by_default() {
    let contract = Contract::start().await;
    let users = contract.mock.users();

    let page = contract.client.organizations().users().list(ListOrganizationUsersParams::default()).await.unwrap();

    assert_eq!(ids(&page.data), record_ids(&users, |_| true));
    let meta = page.meta.unwrap();
    assert_eq!((meta.page_number, meta.page_size), (Some(1), Some(250)));
    assert_eq!((meta.total_pages, meta.total_results), (Some(1), Some(users.len() as u64)));
    assert!(!page.has_next_page());
    let first = &page.data[0];
    assert!(first.email.is_some() && first.user_status.is_some() && first.created_at.is_some());
    assert_eq!(first.groups, None, "groups only come with include_groups");
}

#[tokio::test]
async fn the_stream_walks_pages_of_five_and_sees_every_user_once() {
    let contract = Contract::start().await;
    let users = contract.mock.users();

    let listed = all(&contract, sized(5)).await;

    assert_eq!(ids(&listed), record_ids(&users, |_| true));
    assert_eq!(contract.attempts(OP), users.len().div_ceil(5));
}

#[tokio::test]
async fn email_filter_matches_part_of_the_email_ignoring_case() {
    let contract = Contract::start().await;
    let users = contract.mock.users();
    let needle = users[1].email.split('@').nth(1).unwrap().to_uppercase();
    let mut params = sized(250);
    params.filter_email = Some(needle.clone());

    let listed = all(&contract, params).await;

    let expected = record_ids(&users, |u| u.email.to_lowercase().contains(&needle.to_lowercase()));
    assert!(!expected.is_empty());
    assert_eq!(ids(&listed), expected);
}

#[tokio::test]
async fn user_status_filter_lists_only_users_in_that_status() {
    let contract = Contract::start().await;
    let users = contract.mock.users();
    for status in [UserStatus::Enabled, UserStatus::Disabled, UserStatus::Blocked] {
        let mut params = sized(250);
        params.filter_user_status = Some(status.clone());

        let listed = all(&contract, params).await;

        assert_eq!(ids(&listed), record_ids(&users, |u| u.user_status == status), "{status}");
        assert!(listed.iter().all(|u| u.user_status.as_ref() == Some(&status)));
    }
}

#[tokio::test]
async fn include_groups_adds_each_users_groups() {
    let contract = Contract::start().await;
    let groups = contract.mock.groups();
    let mut params = sized(250);
    params.include_groups = Some(true);

    let listed = all(&contract, params).await;

    for (user, record) in listed.iter().zip(contract.mock.users()) {
        let names: Vec<String> = user.groups.as_ref().unwrap().iter().map(|g| g.name.clone()).collect();
        let expected: Vec<String> =
            record.group_ids.iter().map(|id| groups.iter().find(|g| &g.id == id).unwrap().name.clone()).collect();
        assert_eq!(names, expected);
    }
    assert!(listed.iter().any(|u| !u.groups.as_ref().unwrap().is_empty()));
    assert_eq!(contract.requests_for(OP)[0].query.as_deref(), Some("include_groups=true&page%5Bsize%5D=250"));
}

#[tokio::test]
async fn a_page_size_of_zero_is_refused_before_anything_is_sent() {
    let contract = Contract::start().await;

    let err = contract.client.organizations().users().list(sized(0)).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(contract.attempts(OP), 0);
}

#[tokio::test]
async fn a_403_is_a_permission_denied_error() {
    let contract = Contract::start().await;
    telnyx_contract_tests::faults::add(&contract, OP, telnyx_contract_tests::Fault::status(403));

    let err = contract.client.organizations().users().list(sized(5)).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
}

fault_tests!(OP, |client, contract| client.organizations().users().list(sized(5)).send());
