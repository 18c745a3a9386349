//! Every operation's answers, successes and errors alike, validate against
//! the spec's schemas, and so does every request body the client sends. (Every other contract test checks its own responses
//! the same way when its `Contract` is dropped; this one makes sure all 12
//! operations are covered in one place, and that the check really runs.)

use std::collections::BTreeSet;
use telnyx_client::params::*;
use telnyx_client::Operation;
use telnyx_contract_tests::{spec, AccountStatus, Contract, RecordedResponse};

#[tokio::test]
async fn every_operation_answers_and_is_asked_with_bodies_that_match_the_spec() {
    let contract = Contract::start().await;
    let accounts = contract.client.managed_accounts();
    let users = contract.client.organizations().users();
    let enabled = contract.account_with_status(AccountStatus::Enabled).id;
    let disabled = contract.account_with_status(AccountStatus::Disabled).id;
    let user = contract.removable_user().id;

    accounts.list(ListManagedAccountsParams::default()).await.unwrap();
    let created = accounts.create(CreateManagedAccountParams::new("Spec Check Inc")).await.unwrap().data.id;
    accounts.get_allocatable_global_outbound_channels().await.unwrap();
    accounts.retrieve(&created).await.unwrap();
    accounts
        .update(&created, UpdateManagedAccountParams { managed_account_allow_custom_pricing: Some(true) })
        .await
        .unwrap();
    accounts.actions().disable(&enabled).await.unwrap();
    accounts.actions().enable(&disabled, EnableManagedAccountParams::default()).await.unwrap();
    accounts
        .update_global_channel_limit(&created, UpdateGlobalChannelLimitParams { channel_limit: Some(2) })
        .await
        .unwrap();
    users.list(ListOrganizationUsersParams { include_groups: Some(true), ..Default::default() }).await.unwrap();
    users.get_groups_report().await.unwrap();
    users.get_groups_report_csv().await.unwrap();
    users.retrieve(&user, RetrieveOrganizationUserParams { include_groups: Some(true) }).await.unwrap();
    users.actions().remove(&user).await.unwrap();
    // And the documented errors: 404, 422, 403, 401.
    accounts.retrieve("no-such-account").await.unwrap_err();
    users.retrieve("no-such-user", Default::default()).await.unwrap_err();
    accounts
        .create(CreateManagedAccountParams { email: Some("nope".into()), ..CreateManagedAccountParams::new("X") })
        .await
        .unwrap_err();
    users.actions().remove(&contract.owner().id).await.unwrap_err();
    contract.client_with(|b| b.api_key("KEY_WRONG")).managed_accounts().list(Default::default()).await.unwrap_err();

    let responses = contract.responses();
    let succeeded: BTreeSet<&str> =
        responses.iter().filter(|r| r.status == 200).map(|r| r.operation.js_name()).collect();
    let every: BTreeSet<&str> = Operation::ALL.iter().map(|op| op.js_name()).collect();
    assert_eq!(succeeded, every);
    let statuses: BTreeSet<u16> = responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, BTreeSet::from([200, 401, 403, 404, 422]));
    assert_eq!(contract.assert_responses_match_the_spec(), responses.len());
    // The other direction: what the client sent matches the documented request bodies.
    assert_eq!(contract.assert_requests_match_the_spec(), contract.mock.requests().len());
}

#[tokio::test]
async fn a_body_that_breaks_the_schema_is_caught() {
    let contract = Contract::start().await;
    contract.record(RecordedResponse {
        operation: Operation::RetrieveManagedAccount,
        status: 200,
        content_type: "application/json".into(),
        body: br#"{"data":{"id":"f65ceda4-6522-4ad6-aede-98de83385123"}}"#.to_vec(),
    });

    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| contract.assert_responses_match_the_spec()));

    let message = *outcome.unwrap_err().downcast::<String>().unwrap();
    assert!(message.contains("managedAccounts.retrieve 200 response does not match the spec"), "{message}");
    assert!(message.contains("\"email\" is a required property"), "{message}");
    // The broken body was planted: leave it out of the check on drop.
    assert_eq!(contract.take_responses().len(), 1);
}

#[test]
fn the_spec_names_a_200_schema_for_every_operation() {
    for operation in Operation::ALL {
        let (method, path) = spec::route(operation);
        let schema =
            &spec().document()["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"];
        assert!(schema.is_object(), "{} has no 200 schema", operation.js_name());
    }
}
