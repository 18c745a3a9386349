//! Pagination always terminates and loses nothing: the state machine alone,
//! and a whole walk against closure servers that behave well or badly.

use crate::common;

use common::{list_item, ok_json, page_number_of, walk_managed_accounts};
use serde_json::{json, Value};
use telnyx_core::models::PaginationMeta;
use telnyx_core::pagination::{next_page_number, Paginator};
use telnyx_core::params::{ListManagedAccountsParams, PageParams};
use telnyx_core::response::HttpResponse;
use telnyx_core::{ErrorKind, HttpRequest};

fn meta(page_number: Option<u64>, total_pages: Option<u64>) -> PaginationMeta {
    PaginationMeta { page_number, page_size: Some(20), total_pages, total_results: None }
}

/// A well-behaved server over `total` accounts, `size` a page.
fn honest_server(total: usize, size: usize) -> impl FnMut(&HttpRequest) -> HttpResponse {
    move |request| {
        let page = page_number_of(&request.url).unwrap_or(1) as usize;
        let ids: Vec<Value> =
            (0..total).skip((page - 1) * size).take(size).map(|i| list_item(&format!("acct-{i}"))).collect();
        let total_pages = total.div_ceil(size);
        ok_json(
            &json!({"data": ids, "meta": {"page_number": page, "page_size": size, "total_pages": total_pages, "total_results": total}}),
        )
    }
}

/// A server that answers every request with the same body.
fn constant_server(body: Value) -> impl FnMut(&HttpRequest) -> HttpResponse {
    move |_| ok_json(&body)
}

fn ids(items: &[telnyx_core::models::ManagedAccountListItem]) -> Vec<String> {
    items.iter().map(|i| i.id.clone()).collect()
}

#[test]
fn there_is_a_next_page_while_the_page_had_items_and_is_not_the_last() {
    assert_eq!(next_page_number(1, 20, Some(&meta(Some(1), Some(3)))), Some(2));
    assert_eq!(next_page_number(2, 20, Some(&meta(Some(2), Some(3)))), Some(3));
    assert_eq!(next_page_number(3, 20, Some(&meta(Some(3), Some(3)))), None);
}

#[test]
fn an_empty_page_ends_the_list_whatever_meta_says() {
    assert_eq!(next_page_number(1, 0, Some(&meta(Some(1), Some(50)))), None);
}

#[test]
fn a_page_without_meta_or_with_partial_meta_is_the_last() {
    assert_eq!(next_page_number(1, 20, None), None);
    assert_eq!(next_page_number(1, 20, Some(&PaginationMeta::default())), None);
    assert_eq!(next_page_number(1, 20, Some(&meta(None, Some(3)))), None);
    assert_eq!(next_page_number(1, 20, Some(&meta(Some(1), None))), None);
}

#[test]
fn a_page_number_at_or_past_total_pages_is_the_last() {
    assert_eq!(next_page_number(5, 20, Some(&meta(Some(5), Some(5)))), None);
    assert_eq!(next_page_number(9, 20, Some(&meta(Some(9), Some(5)))), None);
    assert_eq!(next_page_number(1, 20, Some(&meta(Some(1), Some(0)))), None);
}

#[test]
fn a_page_number_already_requested_is_never_requested_again() {
    // The server says "page 1" although page 2 was asked for: page 2 is not asked again.
    assert_eq!(next_page_number(2, 20, Some(&meta(Some(1), Some(3)))), None);
    // A server jumping backwards does not send the client back.
    assert_eq!(next_page_number(7, 20, Some(&meta(Some(3), Some(10)))), None);
}

#[test]
fn huge_page_numbers_do_not_overflow() {
    assert_eq!(next_page_number(1, 20, Some(&meta(Some(u64::MAX), Some(u64::MAX)))), None);
    assert_eq!(next_page_number(u64::MAX, 20, Some(&meta(Some(u64::MAX - 1), Some(u64::MAX)))), None);
}

#[test]
fn a_paginator_starts_at_the_callers_page_or_one() {
    assert_eq!(Paginator::new(None).current(), 1);
    assert_eq!(Paginator::new(Some(4)).current(), 4);
    assert_eq!(Paginator::new(Some(0)).current(), 1);
    assert!(!Paginator::new(None).is_done());
}

#[test]
fn a_finished_paginator_stays_finished() {
    let mut pages = Paginator::new(None);
    assert_eq!(pages.advance(0, Some(&meta(Some(1), Some(3)))), None);
    assert!(pages.is_done());
    assert_eq!(pages.advance(20, Some(&meta(Some(1), Some(3)))), None);
    assert_eq!(pages.advance(20, Some(&meta(Some(2), Some(3)))), None);
}

#[test]
fn a_paginator_started_past_page_one_does_not_go_back() {
    let mut pages = Paginator::new(Some(3));
    assert_eq!(pages.advance(20, Some(&meta(Some(2), Some(5)))), None);
}

#[test]
fn walking_an_honest_server_yields_every_account_once() {
    for (total, size) in [(0, 20), (1, 20), (20, 20), (21, 20), (55, 25), (2_000, 250)] {
        let params = ListManagedAccountsParams {
            page: PageParams { number: None, size: Some(size as u64) },
            ..Default::default()
        };
        let (urls, result) = walk_managed_accounts(&params, 100, honest_server(total, size));
        let expected: Vec<String> = (0..total).map(|i| format!("acct-{i}")).collect();
        assert_eq!(ids(&result.unwrap()), expected, "{total} at {size} a page");
        assert_eq!(urls.len(), total.div_ceil(size).max(1), "{total} at {size} a page");
    }
}

#[test]
fn the_next_page_request_keeps_the_filters_and_size() {
    let params = ListManagedAccountsParams {
        sort: telnyx_core::params::Sort::parse("-created_at"),
        include_cancelled_accounts: Some(true),
        page: PageParams { number: None, size: Some(2) },
        ..Default::default()
    };
    let (urls, result) = walk_managed_accounts(&params, 10, honest_server(5, 2));
    assert_eq!(result.unwrap().len(), 5);
    assert_eq!(
        urls,
        [
            "http://127.0.0.1:1/v2/managed_accounts?sort=-created_at&include_cancelled_accounts=true&page%5Bsize%5D=2",
            "http://127.0.0.1:1/v2/managed_accounts?sort=-created_at&include_cancelled_accounts=true&page%5Bnumber%5D=2&page%5Bsize%5D=2",
            "http://127.0.0.1:1/v2/managed_accounts?sort=-created_at&include_cancelled_accounts=true&page%5Bnumber%5D=3&page%5Bsize%5D=2",
        ]
    );
}

#[test]
fn a_server_without_meta_gets_one_request() {
    let (urls, result) =
        walk_managed_accounts(&Default::default(), 10, constant_server(json!({"data": [list_item("a")]})));
    assert_eq!((urls.len(), result.unwrap().len()), (1, 1));
}

#[test]
fn a_server_whose_meta_never_advances_gets_two_requests_not_infinitely_many() {
    // The official SDK loops forever here; Prism's stateless "page 2 of 3" is this case.
    let body = json!({"data": [list_item("a")], "meta": {"page_number": 1, "total_pages": 3}});
    let (urls, result) = walk_managed_accounts(&Default::default(), 10, constant_server(body));
    assert_eq!(urls.len(), 2);
    assert_eq!(result.unwrap().len(), 2);
}

#[test]
fn a_stateless_mock_that_always_says_page_2_of_3_ends_after_page_3() {
    let body = json!({"data": [list_item("a")], "meta": {"page_number": 2, "page_size": 25, "total_pages": 3, "total_results": 55}});
    let (urls, result) = walk_managed_accounts(&Default::default(), 10, constant_server(body));
    assert_eq!(urls.iter().map(|u| page_number_of(u)).collect::<Vec<_>>(), [None, Some(3)]);
    assert_eq!(result.unwrap().len(), 2);
}

#[test]
fn a_server_jumping_backwards_ends_the_walk() {
    let mut calls = 0;
    let server = |_: &HttpRequest| {
        calls += 1;
        let page = [1, 2, 1, 2][calls - 1];
        ok_json(&json!({"data": [list_item(&format!("p{calls}"))], "meta": {"page_number": page, "total_pages": 9}}))
    };
    let (urls, result) = walk_managed_accounts(&Default::default(), 10, server);
    assert_eq!(urls.len(), 3);
    assert_eq!(ids(&result.unwrap()), ["p1", "p2", "p3"]);
}

#[test]
fn an_empty_page_in_the_middle_ends_the_walk() {
    let mut calls = 0;
    let server = |_: &HttpRequest| {
        calls += 1;
        let data: Vec<Value> = if calls == 2 { vec![] } else { vec![list_item("x")] };
        ok_json(&json!({"data": data, "meta": {"page_number": calls, "total_pages": 10}}))
    };
    let (urls, _) = walk_managed_accounts(&Default::default(), 10, server);
    assert_eq!(urls.len(), 2);
}

#[test]
fn a_server_claiming_billions_of_pages_cannot_push_the_client_past_the_page_limit() {
    // Past the largest page number the client will send, the walk simply ends.
    let body = json!({"data": [list_item("a")], "meta": {"page_number": 1_000_000_000u64, "total_pages": u64::MAX}});
    let (urls, result) = walk_managed_accounts(&Default::default(), 10, constant_server(body));
    assert_eq!(urls.len(), 1);
    assert_eq!(result.unwrap().len(), 1);
}

#[test]
fn a_server_skipping_ahead_is_followed_but_never_twice_to_the_same_page() {
    let mut calls = 0;
    let server = |_: &HttpRequest| {
        calls += 1;
        let page = [1, 5, 5][calls - 1];
        ok_json(&json!({"data": [list_item("x")], "meta": {"page_number": page, "total_pages": 6}}))
    };
    let (urls, _) = walk_managed_accounts(&Default::default(), 10, server);
    assert_eq!(urls.iter().map(|u| page_number_of(u)).collect::<Vec<_>>(), [None, Some(2), Some(6)]);
}

#[test]
fn an_error_page_ends_the_walk_with_the_error() {
    let mut calls = 0;
    let server = |request: &HttpRequest| {
        calls += 1;
        if calls == 2 {
            return HttpResponse { status: 500, headers: vec![], body: vec![] };
        }
        honest_server(100, 20)(request)
    };
    let (urls, result) = walk_managed_accounts(&Default::default(), 10, server);
    assert_eq!(urls.len(), 2);
    assert_eq!(result.unwrap_err().kind(), ErrorKind::InternalServer);
}

#[test]
fn the_organization_users_list_pages_the_same_way() {
    use telnyx_core::models::{ListEnvelope, OrganizationUser};
    use telnyx_core::params::ListOrganizationUsersParams;
    use telnyx_core::response::decode;
    use telnyx_core::{operations, ClientConfig};

    // 7 users at 3 a page, from a closure server; the pager keeps include_groups on every page.
    let params = ListOrganizationUsersParams {
        include_groups: Some(true),
        page: PageParams { number: None, size: Some(3) },
        ..Default::default()
    };
    let server = |url: &str| {
        assert!(url.contains("include_groups=true&"), "{url}");
        let page = page_number_of(url).unwrap_or(1);
        let users: Vec<Value> =
            (0..7u64).skip(((page - 1) * 3) as usize).take(3).map(|i| json!({"id": format!("u{i}")})).collect();
        ok_json(
            &json!({"data": users, "meta": {"page_number": page, "page_size": 3, "total_pages": 3, "total_results": 7}}),
        )
    };
    let config = ClientConfig::new("KEY");
    let mut pages = Paginator::new(params.page.number);
    let mut spec = operations::list_organization_users(&params).unwrap();
    let mut ids = Vec::new();
    for _ in 0..10 {
        let page: ListEnvelope<OrganizationUser> = decode(&server(&config.http_request(&spec, &[]).url)).unwrap();
        ids.extend(page.data.iter().filter_map(|u| u.id.clone()));
        match pages.advance(page.data.len(), page.meta.as_ref()) {
            Some(next) => spec = operations::list_organization_users_page(&params, next).unwrap(),
            None => break,
        }
    }
    assert!(pages.is_done());
    assert_eq!(ids, ["u0", "u1", "u2", "u3", "u4", "u5", "u6"]);
}
