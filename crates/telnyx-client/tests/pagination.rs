//! Auto-pagination against a local server: every page once, filters kept,
//! and an end even when the server's `meta` never advances.

use crate::common;

use common::{client, list_item_json};
use futures_util::{StreamExt, TryStreamExt};
use telnyx_client::models::OrganizationUser;
use telnyx_client::params::{ListManagedAccountsParams, ListOrganizationUsersParams, TextFilter};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn page(ids: &[&str], page_number: u64, total_pages: u64) -> ResponseTemplate {
    let data: Vec<_> = ids.iter().map(|id| list_item_json(id)).collect();
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "data": data,
        "meta": { "page_number": page_number, "page_size": 2, "total_pages": total_pages, "total_results": 5 },
    }))
}

fn params() -> ListManagedAccountsParams {
    let mut params = ListManagedAccountsParams::default();
    params.filter.email = Some(TextFilter { contains: Some("acme".into()), eq: None });
    params.page.size = Some(2);
    params
}

async fn mount_three_pages(server: &MockServer) {
    for (number, ids) in [(1, &["a1", "a2"][..]), (2, &["a3", "a4"][..]), (3, &["a5"][..])] {
        Mock::given(method("GET"))
            .and(path("/managed_accounts"))
            .and(query_param("filter[email][contains]", "acme"))
            .and(query_param("page[size]", "2"))
            .and(query_param("page[number]", number.to_string()))
            .respond_with(page(ids, number, 3))
            .expect(1)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn the_stream_walks_every_page_once_keeping_the_filters() {
    let server = MockServer::start().await;
    let mut first = params();
    first.page.number = Some(1);
    mount_three_pages(&server).await;

    let ids: Vec<String> =
        client(&server.uri()).managed_accounts().list_all(first).map_ok(|a| a.id).try_collect().await.unwrap();

    assert_eq!(ids, ["a1", "a2", "a3", "a4", "a5"]);
}

#[tokio::test]
async fn a_page_knows_its_next_page_and_the_last_has_none() {
    let server = MockServer::start().await;
    let mut first = params();
    first.page.number = Some(1);
    mount_three_pages(&server).await;
    let client = client(&server.uri());

    let page1 = client.managed_accounts().list(first).await.unwrap();
    assert!(page1.has_next_page());
    let page2 = page1.next_page().await.unwrap().unwrap();
    assert_eq!(page2.meta.unwrap().page_number, Some(2));
    let page3 = page2.next_page().await.unwrap().unwrap();
    assert!(!page3.has_next_page());
    assert!(page3.next_page().await.unwrap().is_none());
    assert_eq!(page3.data.len(), 1);
}

#[tokio::test]
async fn the_first_request_carries_the_params_exactly_as_given() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(page(&[], 1, 1)).mount(&server).await;

    client(&server.uri()).managed_accounts().list(params()).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("filter%5Bemail%5D%5Bcontains%5D=acme&page%5Bsize%5D=2"));
}

#[tokio::test]
async fn a_server_whose_meta_never_advances_does_not_loop() {
    let server = MockServer::start().await;
    // Always "page 1 of 3", whatever page is asked for (Prism's behaviour).
    Mock::given(method("GET")).respond_with(page(&["same"], 1, 3)).mount(&server).await;

    let items: Vec<_> = client(&server.uri()).managed_accounts().list_all(params()).collect().await;

    assert_eq!(items.len(), 2, "page 1, then page 2 once, then the end");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_empty_page_ends_the_stream_whatever_meta_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(page(&[], 1, 9)).mount(&server).await;

    let items: Vec<_> = client(&server.uri()).managed_accounts().list_all(params()).collect().await;

    assert!(items.is_empty());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_error_on_a_later_page_is_yielded_and_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("page[number]", "2"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(page(&["a1", "a2"], 1, 3)).mount(&server).await;

    let items: Vec<_> = client(&server.uri()).managed_accounts().list_all(params()).collect().await;

    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_ok());
    assert_eq!(items[2].as_ref().unwrap_err().kind(), telnyx_client::ErrorKind::NotFound);
}

#[tokio::test]
async fn a_list_with_a_page_size_out_of_range_fails_before_sending() {
    let server = MockServer::start().await;
    let mut params = ListOrganizationUsersParams::default();
    params.page.size = Some(251);

    let mut users = client(&server.uri()).organizations().users().list_all(params);
    let err = users.next().await.unwrap().unwrap_err();

    assert_eq!(err.to_string(), "Invalid `page[size]`: must be between 1 and 250 (got 251)");
    assert!(users.next().await.is_none());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn users_are_listed_with_their_flat_filters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/users"))
        .and(query_param("filter[email]", "ops"))
        .and(query_param("include_groups", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [{ "id": "u1", "email": "ops@example.com", "user_status": "enabled", "groups": [{"id": "g1", "name": "Ops"}] }],
            "meta": { "page_number": 1, "page_size": 250, "total_pages": 1, "total_results": 1 },
        })))
        .mount(&server)
        .await;
    let params = ListOrganizationUsersParams {
        filter_email: Some("ops".into()),
        include_groups: Some(true),
        ..Default::default()
    };

    let users: Vec<OrganizationUser> =
        client(&server.uri()).organizations().users().list_all(params).try_collect().await.unwrap();

    assert_eq!(users.len(), 1);
    assert_eq!(users[0].groups.as_ref().unwrap()[0].name, "Ops");
}
