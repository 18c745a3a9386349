//! `GET /managed_accounts`: `client.managed_accounts().list(params)`.

use futures_util::TryStreamExt;
use std::collections::HashSet;
use telnyx_client::models::AccountStatusFilter;
use telnyx_client::params::{ListManagedAccountsParams, Sort, SortField, TextFilter};
use telnyx_client::{Error, ErrorKind, Operation};
use telnyx_contract_tests::{fault_tests, AccountRecord, AccountStatus, Contract, MockTelnyx};

const OP: Operation = Operation::ListManagedAccounts;

fn sized(size: u64) -> ListManagedAccountsParams {
    let mut params = ListManagedAccountsParams::default();
    params.page.size = Some(size);
    params
}

/// The ids the mock should list, in the documented default order: newest
/// first (`mock.accounts()` is in creation order).
fn listed(accounts: &[AccountRecord], keep: impl Fn(&AccountRecord) -> bool) -> Vec<String> {
    accounts.iter().rev().filter(|a| keep(a)).map(|a| a.id.clone()).collect()
}

async fn all_ids(contract: &Contract, params: ListManagedAccountsParams) -> Vec<String> {
    contract.client.managed_accounts().list_all(params).map_ok(|a| a.id).try_collect().await.unwrap()
}

#[tokio::test]
async fn the_first_page_holds_the_twenty_newest_accounts_and_meta_counts_the_rest() {
    let contract = Contract::start().await;
    let expected = listed(&contract.mock.accounts(), |a| a.status != AccountStatus::Cancelled);

    let page = contract.client.managed_accounts().list(ListManagedAccountsParams::default()).await.unwrap();

    let ids: Vec<String> = page.data.iter().map(|a| a.id.clone()).collect();
    assert_eq!(ids, expected[..20]);
    let meta = page.meta.unwrap();
    assert_eq!(meta.page_number, Some(1));
    assert_eq!(meta.page_size, Some(20));
    assert_eq!(meta.total_results, Some(expected.len() as u64));
    assert_eq!(meta.total_pages, Some(expected.len().div_ceil(20) as u64));
    let first = &page.data[0];
    assert_eq!(first.record_type, "managed_account");
    assert!(!first.email.is_empty() && !first.api_user.is_empty() && !first.manager_account_id.is_empty());
}

#[tokio::test]
async fn the_stream_walks_every_page_once_and_sees_every_account() {
    let contract = Contract::start().await;
    let expected = listed(&contract.mock.accounts(), |a| a.status != AccountStatus::Cancelled);

    let ids = all_ids(&contract, sized(7)).await;

    assert_eq!(ids, expected);
    let pages: Vec<Option<String>> = contract.requests_for(OP).into_iter().map(|r| r.query).collect();
    assert_eq!(pages.len(), expected.len().div_ceil(7), "one request per page: {pages:?}");
    assert_eq!(pages[1].as_deref(), Some("page%5Bnumber%5D=2&page%5Bsize%5D=7"));
}

#[tokio::test]
async fn next_page_follows_meta_until_the_last_page() {
    let contract = Contract::start().await;
    let total = contract.mock.accounts().iter().filter(|a| a.status != AccountStatus::Cancelled).count();

    let mut page = contract.client.managed_accounts().list(sized(10)).await.unwrap();
    let mut numbers = vec![page.meta.unwrap().page_number.unwrap()];
    let mut seen = page.data.len();
    while let Some(next) = page.next_page().await.unwrap() {
        numbers.push(next.meta.unwrap().page_number.unwrap());
        seen += next.data.len();
        page = next;
    }

    assert_eq!(numbers, (1..=total.div_ceil(10) as u64).collect::<Vec<_>>());
    assert_eq!(seen, total);
    assert!(!page.has_next_page());
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_and_ends_the_stream() {
    let contract = Contract::start().await;
    let mut params = sized(250);
    params.page.number = Some(50);

    let page = contract.client.managed_accounts().list(params.clone()).await.unwrap();
    let streamed = all_ids(&contract, params).await;

    assert!(page.data.is_empty() && !page.has_next_page());
    assert!(streamed.is_empty());
}

#[tokio::test]
async fn email_contains_matches_part_of_the_email_ignoring_case() {
    let contract = Contract::start().await;
    let sample = contract.mock.accounts()[0].email.clone();
    let needle: String = sample.split('@').next().unwrap().chars().take(4).collect::<String>().to_uppercase();
    let expected = listed(&contract.mock.accounts(), |a| {
        a.status != AccountStatus::Cancelled && a.email.to_lowercase().contains(&needle.to_lowercase())
    });
    let mut params = sized(250);
    params.filter.email = Some(TextFilter { contains: Some(needle), eq: None });

    assert_eq!(all_ids(&contract, params).await, expected);
    assert!(!expected.is_empty());
}

#[tokio::test]
async fn email_eq_finds_exactly_one_account() {
    let contract = Contract::start().await;
    let account = contract.account_with_status(AccountStatus::Enabled);
    let mut params = ListManagedAccountsParams::default();
    params.filter.email = Some(TextFilter { contains: None, eq: Some(account.email.clone()) });

    assert_eq!(all_ids(&contract, params).await, [account.id]);
}

#[tokio::test]
async fn organization_name_filters_by_part_and_by_whole_name() {
    let contract = Contract::start().await;
    let account = contract.account_with_status(AccountStatus::Enabled);
    let mut by_eq = ListManagedAccountsParams::default();
    by_eq.filter.organization_name = Some(TextFilter { contains: None, eq: Some(account.organization_name.clone()) });
    let part: String = account.organization_name.chars().take(5).collect();
    let mut by_part = sized(250);
    by_part.filter.organization_name = Some(TextFilter { contains: Some(part.clone()), eq: None });
    let expected_part = listed(&contract.mock.accounts(), |a| {
        a.status != AccountStatus::Cancelled && a.organization_name.to_lowercase().contains(&part.to_lowercase())
    });

    assert!(all_ids(&contract, by_eq).await.contains(&account.id));
    assert_eq!(all_ids(&contract, by_part).await, expected_part);
}

#[tokio::test]
async fn a_status_filter_lists_only_accounts_in_that_status() {
    let contract = Contract::start().await;
    let accounts = contract.mock.accounts();
    for (filter, status) in [
        (AccountStatusFilter::Disabled, AccountStatus::Disabled),
        (AccountStatusFilter::Enabled, AccountStatus::Enabled),
        (AccountStatusFilter::Blocked, AccountStatus::Blocked),
        (AccountStatusFilter::Cancelled, AccountStatus::Cancelled),
    ] {
        let mut params = sized(250);
        params.filter.status = Some(filter.clone());
        let expected = listed(&accounts, |a| a.status == status);
        assert!(!expected.is_empty(), "the seed has {} accounts", status.as_str());
        assert_eq!(all_ids(&contract, params).await, expected, "filter[status][eq]={filter}");
    }
}

#[tokio::test]
async fn cancelled_accounts_are_left_out_unless_asked_for() {
    let contract = Contract::start().await;
    let accounts = contract.mock.accounts();
    let cancelled: HashSet<String> =
        accounts.iter().filter(|a| a.status == AccountStatus::Cancelled).map(|a| a.id.clone()).collect();
    let mut with_cancelled = sized(250);
    with_cancelled.include_cancelled_accounts = Some(true);

    let default_ids = all_ids(&contract, sized(250)).await;
    let all = all_ids(&contract, with_cancelled).await;

    assert!(default_ids.iter().all(|id| !cancelled.contains(id)));
    assert_eq!(all, listed(&accounts, |_| true));
}

#[tokio::test]
async fn sort_by_email_orders_both_ways() {
    let contract = Contract::start().await;
    let mut ascending = sized(250);
    ascending.sort = Some(Sort { field: SortField::Email, descending: false });
    let mut descending = ascending.clone();
    descending.sort = Some(Sort { field: SortField::Email, descending: true });

    let up: Vec<String> =
        contract.client.managed_accounts().list_all(ascending).map_ok(|a| a.email).try_collect().await.unwrap();
    let down: Vec<String> =
        contract.client.managed_accounts().list_all(descending).map_ok(|a| a.email).try_collect().await.unwrap();

    let mut sorted = up.clone();
    sorted.sort_by_key(|e| e.to_lowercase());
    assert_eq!(up, sorted);
    assert_eq!(down, up.iter().rev().cloned().collect::<Vec<_>>());
    assert_eq!(contract.requests_for(OP)[1].query.as_deref(), Some("sort=-email&page%5Bsize%5D=250"));
}

#[tokio::test]
async fn sort_by_created_at_orders_oldest_first_and_minus_reverses_it() {
    let contract = Contract::start().await;
    let mut oldest_first = sized(250);
    oldest_first.sort = Some(Sort { field: SortField::CreatedAt, descending: false });
    let mut newest_first = oldest_first.clone();
    newest_first.sort = Some(Sort { field: SortField::CreatedAt, descending: true });

    let up: Vec<String> =
        contract.client.managed_accounts().list_all(oldest_first).map_ok(|a| a.created_at).try_collect().await.unwrap();
    let down: Vec<String> =
        contract.client.managed_accounts().list_all(newest_first).map_ok(|a| a.created_at).try_collect().await.unwrap();

    assert!(up.windows(2).all(|w| w[0] <= w[1]), "{up:?}");
    assert_eq!(down, up.iter().rev().cloned().collect::<Vec<_>>());
}

#[tokio::test]
async fn an_email_filter_shorter_than_three_characters_is_a_422_naming_the_parameter() {
    let contract = Contract::start().await;
    let mut params = ListManagedAccountsParams::default();
    params.filter.email = Some(TextFilter { contains: Some("ab".into()), eq: None });

    let err = contract.client.managed_accounts().list(params).await.unwrap_err();

    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.kind, ErrorKind::UnprocessableEntity);
    let source = api.errors[0].source.clone().unwrap();
    assert_eq!(source.parameter.as_deref(), Some("filter[email][contains]"), "{err}");
}

#[tokio::test]
async fn a_page_size_of_251_is_refused_before_anything_is_sent() {
    let contract = Contract::start().await;

    let err = contract.client.managed_accounts().list(sized(251)).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(contract.attempts(OP), 0);
}

#[tokio::test]
async fn the_list_answers_under_the_root_as_well_as_under_v2() {
    let contract = Contract::start().await;
    let root = contract.client_with(|b| b.base_url(contract.mock.uri()));

    let from_root = root.managed_accounts().list(sized(5)).await.unwrap();
    let from_v2 = contract.client.managed_accounts().list(sized(5)).await.unwrap();

    assert_eq!(from_root.data, from_v2.data);
    let paths: Vec<String> = contract.requests_for(OP).into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/managed_accounts", "/v2/managed_accounts"]);
}

#[tokio::test]
async fn a_retry_after_of_one_second_is_waited_out() {
    let contract = Contract::start().await;
    telnyx_contract_tests::faults::add(
        &contract,
        OP,
        telnyx_contract_tests::Fault::status(429).header("retry-after", "1"),
    );

    let started = std::time::Instant::now();
    contract.client.managed_accounts().list(sized(5)).await.unwrap();

    assert!(started.elapsed() >= std::time::Duration::from_millis(1000), "waited {:?}", started.elapsed());
    assert_eq!(contract.attempts(OP), 2);
}

#[tokio::test]
async fn a_thousand_synthetic_accounts_page_through_at_250_a_request() {
    let contract = Contract::with_mock(
        MockTelnyx::builder().seed(telnyx_mock::Seed::Synthetic { accounts: Some(1000), users: Some(1) }),
    )
    .await;

    let ids = all_ids(&contract, sized(250)).await;

    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    let listed = contract.mock.accounts().iter().filter(|a| a.status != AccountStatus::Cancelled).count();
    assert!(listed > 500, "{listed}");
    assert_eq!(ids.len(), listed);
    assert_eq!(contract.attempts(OP), listed.div_ceil(250));
}

fault_tests!(OP, |client, contract| client.managed_accounts().list(sized(5)).send());
