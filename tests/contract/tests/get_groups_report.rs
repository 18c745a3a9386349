//! `GET /organizations/users/users_groups_report`, as JSON or CSV:
//! `client.organizations().users().get_groups_report()` and its CSV forms.

use telnyx_client::{ErrorKind, Operation};
use telnyx_contract_tests::{fault_tests, Contract};

const OP: Operation = Operation::GetGroupsReport;

#[tokio::test]
async fn the_json_report_lists_every_user_with_their_groups() {
    let contract = Contract::start().await;
    let groups = contract.mock.groups();

    let report = contract.client.organizations().users().get_groups_report().await.unwrap();

    let users = contract.mock.users();
    assert_eq!(report.data.len(), users.len());
    for (row, record) in report.data.iter().zip(&users) {
        assert_eq!(row.id, record.id);
        assert_eq!(row.email, record.email);
        let names: Vec<&str> = row.groups.iter().map(|g| g.name.as_str()).collect();
        let expected: Vec<&str> =
            record.group_ids.iter().map(|id| groups.iter().find(|g| &g.id == id).unwrap().name.as_str()).collect();
        assert_eq!(names, expected);
    }
    assert_eq!(contract.requests_for(OP)[0].headers["accept"], "application/json");
}

#[tokio::test]
async fn the_csv_report_has_the_documented_columns_and_one_row_per_user() {
    let contract = Contract::start().await;

    let csv = contract.client.organizations().users().get_groups_report_csv().await.unwrap();

    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("id,email,user_status,created_at,last_sign_in_at,groups"));
    assert_eq!(lines.filter(|l| !l.is_empty()).count(), contract.mock.users().len());
    assert_eq!(contract.requests_for(OP)[0].headers["accept"], "text/csv");
}

#[tokio::test]
async fn the_csv_rows_say_the_same_as_the_json_report() {
    let contract = Contract::start().await;

    let json = contract.client.organizations().users().get_groups_report().await.unwrap();
    let rows = contract.client.organizations().users().get_groups_report_rows().await.unwrap();

    assert_eq!(rows.len(), json.data.len());
    for (row, user) in rows.iter().zip(&json.data) {
        assert_eq!(row.id, user.id);
        assert_eq!(row.email, user.email);
        assert_eq!(row.user_status, user.user_status);
        assert_eq!(row.created_at, user.created_at);
        assert_eq!(row.last_sign_in_at, user.last_sign_in_at.clone().flatten());
        assert_eq!(row.groups, user.groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>());
    }
    assert!(rows.iter().any(|r| r.groups.len() > 1), "a user in several groups tests the quoted list");
}

#[tokio::test]
async fn a_removed_user_leaves_the_report() {
    let contract = Contract::start().await;
    let user = contract.removable_user();

    contract.client.organizations().users().actions().remove(&user.id).await.unwrap();
    let report = contract.client.organizations().users().get_groups_report().await.unwrap();

    assert!(report.data.iter().all(|u| u.id != user.id));
    assert_eq!(report.data.len(), contract.mock.users().len());
}

#[tokio::test]
async fn a_404_is_a_not_found_error_and_not_retried() {
    let contract = Contract::start().await;
    telnyx_contract_tests::faults::add(&contract, OP, telnyx_contract_tests::Fault::status(404).times(5));

    let err = contract.client.organizations().users().get_groups_report_csv().await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(contract.attempts(OP), 1);
}

fault_tests!(OP, |client, contract| client.organizations().users().get_groups_report_rows());
