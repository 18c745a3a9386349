//! The managed-account operations over a real socket: state, lists, errors.

use crate::common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn create_list_retrieve_update_disable_enable_and_channel_limit_agree() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);

    let created = api.create("Larry's Cat Food Inc", "larry@catfood.example.org").await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(uuid_version(id), 4);
    assert_eq!(created["record_type"], "managed_account");
    assert_eq!(created["organization_name"], "Larry's Cat Food Inc");
    assert_eq!(created["api_user"], "larry@catfood.example.org");
    assert!(created["api_key"].as_str().unwrap().starts_with("KEY"));
    assert_eq!(created["api_token"].as_str().unwrap().len(), 22);
    assert_eq!(created["manager_account_id"], json!(mock.manager().id));
    assert_eq!(created["created_at"], created["updated_at"]);
    assert!(created["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(created["balance"]["record_type"], "balance");

    // The newest account leads the default list (sorted by -created_at).
    let list = api.get("/managed_accounts").await.json();
    assert_eq!(list["data"][0]["id"], id);
    assert!(list["data"][0].get("api_key").is_none(), "lists carry no secrets");
    assert!(list["data"][0].get("balance").is_none());

    let retrieved = api.get(&format!("/managed_accounts/{id}")).await.json();
    assert_eq!(retrieved["data"], created);

    let updated =
        api.patch(&format!("/managed_accounts/{id}"), json!({ "managed_account_allow_custom_pricing": true })).await;
    assert_eq!(updated.status, 200);
    assert_eq!(updated.json()["data"]["managed_account_allow_custom_pricing"], true);

    let disabled = api.post(&format!("/managed_accounts/{id}/actions/disable"), json!({})).await;
    assert_eq!(disabled.status, 200);
    let disabled_ids = ids(&api.get("/managed_accounts?filter[status][eq]=disabled&page[size]=250").await.json());
    assert!(disabled_ids.contains(&id.to_owned()));
    assert_eq!(mock.account(id).unwrap().status, telnyx_mock::AccountStatus::Disabled);

    let enabled =
        api.post(&format!("/managed_accounts/{id}/actions/enable"), json!({ "reenable_all_connections": true })).await;
    assert_eq!(enabled.status, 200);
    let enabled_ids = ids(&api.get("/managed_accounts?filter[status][eq]=enabled&page[size]=250").await.json());
    assert!(enabled_ids.contains(&id.to_owned()));

    let before = api.get("/managed_accounts/allocatable_global_outbound_channels").await.json();
    let limit =
        api.patch(&format!("/managed_accounts/{id}/update_global_channel_limit"), json!({ "channel_limit": 30 })).await;
    assert_eq!(limit.status, 200, "{}", limit.text);
    let limit = limit.json();
    assert_eq!(limit["data"]["channel_limit"], 30);
    assert_eq!(limit["data"]["id"], id);
    assert_eq!(limit["data"]["record_type"], "managed_account_global_outbound_settings");
    let after = api.get("/managed_accounts/allocatable_global_outbound_channels").await.json();
    assert_eq!(
        after["data"]["total_global_channels_allocated"].as_i64().unwrap(),
        before["data"]["total_global_channels_allocated"].as_i64().unwrap() + 30
    );

    let last = api.get(&format!("/managed_accounts/{id}")).await.json();
    assert_eq!(last["data"]["managed_account_allow_custom_pricing"], true);
    assert!(last["data"]["updated_at"].as_str().unwrap() >= created["updated_at"].as_str().unwrap());
}

fn uuid_version(id: &str) -> u32 {
    let version = id.split('-').nth(2).and_then(|s| s.chars().next()).and_then(|c| c.to_digit(16));
    assert_eq!(id.len(), 36, "not a UUID: {id}");
    version.unwrap_or(0)
}

#[tokio::test]
async fn every_operation_answers_under_both_the_root_and_v2() {
    let mock = MockTelnyx::start().await;
    for api in [Api::new(&mock), Api::root(&mock)] {
        let list = api.get("/managed_accounts").await;
        assert_eq!(list.status, 200);
        let id = list.json()["data"][0]["id"].as_str().unwrap().to_owned();
        let user_id = api.get("/organizations/users").await.json()["data"][1]["id"].as_str().unwrap().to_owned();
        let email = format!("root-test-{}@example.com", api.base.len());
        let calls: Vec<(&str, String, Option<serde_json::Value>)> = vec![
            ("POST", "/managed_accounts".into(), Some(json!({ "business_name": "Both Roots", "email": email }))),
            ("GET", "/managed_accounts/allocatable_global_outbound_channels".into(), None),
            ("GET", format!("/managed_accounts/{id}"), None),
            ("PATCH", format!("/managed_accounts/{id}"), Some(json!({}))),
            ("POST", format!("/managed_accounts/{id}/actions/disable"), None),
            ("POST", format!("/managed_accounts/{id}/actions/enable"), None),
            (
                "PATCH",
                format!("/managed_accounts/{id}/update_global_channel_limit"),
                Some(json!({ "channel_limit": 1 })),
            ),
            ("GET", "/organizations/users".into(), None),
            ("GET", "/organizations/users/users_groups_report".into(), None),
            ("GET", format!("/organizations/users/{user_id}"), None),
            ("POST", format!("/organizations/users/{user_id}/actions/remove"), None),
        ];
        for (method, path, body) in calls {
            let reply = api.send(method, &path, body).await;
            assert_eq!(reply.status, 200, "{method} {}{path}: {}", api.base, reply.text);
            assert!(reply.json()["data"].is_object() || reply.json()["data"].is_array());
        }
    }
}

#[tokio::test]
async fn lists_paginate_with_correct_meta_and_the_default_size_of_20() {
    let mock = MockTelnyx::builder().seed(Seed::Synthetic { accounts: Some(45), users: None }).start().await;
    let api = Api::new(&mock);

    let first = api.get("/managed_accounts").await.json();
    assert_eq!(first["meta"], json!({ "page_number": 1, "page_size": 20, "total_pages": 3, "total_results": 45 }));
    assert_eq!(first["data"].as_array().unwrap().len(), 20);

    let mut seen = Vec::new();
    for page in 1..=3 {
        let body = api.get(&format!("/managed_accounts?page[number]={page}")).await.json();
        assert_eq!(body["meta"]["page_number"], page);
        seen.extend(ids(&body));
    }
    assert_eq!(seen.len(), 45);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 45, "pages overlap");

    let beyond = api.get("/managed_accounts?page[number]=4").await.json();
    assert_eq!(beyond["data"], json!([]));
    assert_eq!(beyond["meta"]["total_pages"], 3);

    let all = api.get("/managed_accounts?page[size]=250").await.json();
    assert_eq!(all["data"].as_array().unwrap().len(), 45);
    assert_eq!(all["meta"]["total_pages"], 1);
}

#[tokio::test]
async fn page_parameters_out_of_bounds_are_422_naming_the_parameter() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    for (query, parameter) in [
        ("page[size]=0", "page[size]"),
        ("page[size]=251", "page[size]"),
        ("page[size]=-1", "page[size]"),
        ("page[size]=abc", "page[size]"),
        ("page[number]=0", "page[number]"),
        ("page[number]=1.5", "page[number]"),
        ("page[number]=99999999999999999999999999", "page[number]"),
        ("page%5Bsize%5D=1000", "page[size]"),
    ] {
        let reply = api.get(&format!("/managed_accounts?{query}")).await;
        assert_eq!(reply.status, 422, "{query}: {}", reply.text);
        let error = reply.error();
        assert_eq!(error["code"], "10015");
        assert_eq!(error["source"]["parameter"], parameter, "{query}");
    }
    let huge_page = api.get("/managed_accounts?page[number]=18446744073709551615&page[size]=250").await;
    assert_eq!(huge_page.status, 200, "a far page is empty, not an error");
    assert_eq!(huge_page.json()["data"], json!([]));
}

#[tokio::test]
async fn filters_match_as_documented_with_encoded_or_raw_brackets() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);

    // Case-insensitive `contains` on email: "JOHN" finds john.doe@ and JOHNSON@.
    for query in ["filter[email][contains]=JOHN", "filter%5Bemail%5D%5Bcontains%5D=john"] {
        let body = api.get(&format!("/managed_accounts?{query}&include_cancelled_accounts=true")).await.json();
        let emails: Vec<&str> = body["data"].as_array().unwrap().iter().map(|a| a["email"].as_str().unwrap()).collect();
        assert_eq!(emails.len(), 2, "{query}: {emails:?}");
        assert!(emails.iter().all(|e| e.to_lowercase().contains("john")));
    }

    let short = api.get("/managed_accounts?filter[email][contains]=jo").await;
    assert_eq!(short.status, 422);
    assert_eq!(short.error()["source"]["parameter"], "filter[email][contains]");

    let exact = api.get("/managed_accounts?filter[email][eq]=john.doe@johndoeplumbing.example.com").await.json();
    assert_eq!(exact["meta"]["total_results"], 1);

    let org = api.get("/managed_accounts?filter[organization_name][contains]=inc").await.json();
    for account in org["data"].as_array().unwrap() {
        assert!(account["organization_name"].as_str().unwrap().to_lowercase().contains("inc"));
    }
    assert!(org["meta"]["total_results"].as_u64().unwrap() >= 3);
    let org_eq = api.get("/managed_accounts?filter[organization_name][eq]=Initech").await.json();
    assert_eq!(org_eq["data"][0]["organization_name"], "Initech");
    assert_eq!(org_eq["meta"]["total_results"], 1);
    let org_eq_case = api.get("/managed_accounts?filter[organization_name][eq]=initech").await.json();
    assert_eq!(org_eq_case["meta"]["total_results"], 0, "eq is exact");

    let combined =
        api.get("/managed_accounts?filter[email][contains]=example&filter[status][eq]=disabled").await.json();
    assert_eq!(combined["meta"]["total_results"], 4);
}

#[tokio::test]
async fn status_filters_and_cancelled_accounts_follow_the_documented_rules() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let total = |query: &str| {
        let api = &api;
        let query = query.to_owned();
        async move {
            let body = api.get(&format!("/managed_accounts?page[size]=250&{query}")).await;
            assert_eq!(body.status, 200, "{query}: {}", body.text);
            body.json()["meta"]["total_results"].as_u64().unwrap()
        }
    };
    // Default seed: 27 enabled, 4 disabled, 3 cancelled, 2 blocked.
    assert_eq!(total("").await, 33, "cancelled accounts are left out by default");
    assert_eq!(total("include_cancelled_accounts=true").await, 36);
    assert_eq!(total("include_cancelled_accounts=false").await, 33);
    assert_eq!(total("filter[status][eq]=enabled").await, 27);
    assert_eq!(total("filter[status][eq]=disabled").await, 4);
    assert_eq!(total("filter[status][eq]=blocked").await, 2);
    assert_eq!(total("filter[status][eq]=cancelled").await, 3);
    assert_eq!(total("filter[status][eq]=active").await, 33);
    assert_eq!(total("filter[status][eq]=all").await, 33);
    assert_eq!(total("filter[status][eq]=all&include_cancelled_accounts=true").await, 36);

    let bad = api.get("/managed_accounts?filter[status][eq]=sleeping").await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.error()["source"]["parameter"], "filter[status][eq]");
    let bad_bool = api.get("/managed_accounts?include_cancelled_accounts=yes").await;
    assert_eq!(bad_bool.status, 422);
    assert_eq!(bad_bool.error()["source"]["parameter"], "include_cancelled_accounts");
}

#[tokio::test]
async fn sort_orders_by_created_at_or_email_in_either_direction() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let field = |body: &serde_json::Value, name: &str| -> Vec<String> {
        body["data"].as_array().unwrap().iter().map(|a| a[name].as_str().unwrap().to_owned()).collect()
    };
    let default = api.get("/managed_accounts?page[size]=250").await.json();
    let created_desc = api.get("/managed_accounts?page[size]=250&sort=-created_at").await.json();
    let created_asc = api.get("/managed_accounts?page[size]=250&sort=created_at").await.json();
    assert_eq!(field(&default, "id"), field(&created_desc, "id"), "the default sort is -created_at");
    let mut reversed = field(&created_asc, "id");
    reversed.reverse();
    assert_eq!(reversed, field(&created_desc, "id"));
    let asc_dates = field(&created_asc, "created_at");
    assert!(asc_dates.windows(2).all(|w| w[0] <= w[1]));

    let email_asc = field(&api.get("/managed_accounts?page[size]=250&sort=email").await.json(), "email");
    let lower: Vec<String> = email_asc.iter().map(|e| e.to_lowercase()).collect();
    assert!(lower.windows(2).all(|w| w[0] <= w[1]), "{lower:?}");
    let mut email_desc = field(&api.get("/managed_accounts?page[size]=250&sort=-email").await.json(), "email");
    email_desc.reverse();
    assert_eq!(email_desc, email_asc);

    let bad = api.get("/managed_accounts?sort=balance").await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.error()["source"]["parameter"], "sort");
}

#[tokio::test]
async fn create_rejects_bad_bodies_with_422_and_a_pointer_per_problem() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);

    let missing = api.post("/managed_accounts", json!({ "email": "a@b.co" })).await;
    assert_eq!(missing.status, 422);
    let error = missing.error();
    assert_eq!(error["code"], "10004");
    assert_eq!(error["source"]["pointer"], "/business_name");

    let empty_body = api.raw("POST", "/managed_accounts", Vec::new(), &[]).await;
    assert_eq!(empty_body.status, 422);
    assert_eq!(empty_body.error()["source"]["pointer"], "/business_name");

    let many = api
        .post(
            "/managed_accounts",
            json!({ "business_name": 7, "email": "not-an-email", "rollup_billing": "yes", "managed_account_allow_custom_pricing": 1 }),
        )
        .await;
    assert_eq!(many.status, 422);
    let pointers: Vec<String> = many.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"]["pointer"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(pointers, ["/business_name", "/email", "/managed_account_allow_custom_pricing", "/rollup_billing"]);

    let blank = api.post("/managed_accounts", json!({ "business_name": "   " })).await;
    assert_eq!(blank.status, 422);
    let not_object = api.post("/managed_accounts", json!(["business_name"])).await;
    assert_eq!(not_object.status, 422);
    assert_eq!(not_object.error()["source"]["pointer"], "/");

    api.create("Once", "once@example.com").await;
    let duplicate =
        api.post("/managed_accounts", json!({ "business_name": "Twice", "email": "ONCE@example.com" })).await;
    assert_eq!(duplicate.status, 422);
    assert_eq!(duplicate.error()["source"]["pointer"], "/email");
    assert_eq!(mock.accounts().iter().filter(|a| a.email.eq_ignore_ascii_case("once@example.com")).count(), 1);
}

#[tokio::test]
async fn create_without_an_email_derives_one_from_the_managers() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let first =
        api.post("/managed_accounts", json!({ "business_name": "No Email One", "rollup_billing": true })).await.json();
    let second = api.post("/managed_accounts", json!({ "business_name": "No Email Two" })).await.json();
    assert_eq!(first["data"]["email"], "manager+managed1@example.com");
    assert_eq!(second["data"]["email"], "manager+managed2@example.com");
    assert!(first["data"].get("balance").is_none(), "roll-up billing accounts have no balance of their own");
    assert_eq!(first["data"]["rollup_billing"], true);
}

#[tokio::test]
async fn updates_check_types_and_an_empty_body_changes_nothing() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let id = mock.accounts()[0].id.clone();
    let before = api.get(&format!("/managed_accounts/{id}")).await.json();

    let wrong =
        api.patch(&format!("/managed_accounts/{id}"), json!({ "managed_account_allow_custom_pricing": "true" })).await;
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.error()["source"]["pointer"], "/managed_account_allow_custom_pricing");

    let empty = api.raw("PATCH", &format!("/managed_accounts/{id}"), Vec::new(), &[]).await;
    assert_eq!(empty.status, 200);
    assert_eq!(empty.json()["data"], before["data"]);

    for bad in [json!({ "channel_limit": -1 }), json!({ "channel_limit": 1.5 }), json!({ "channel_limit": "10" })] {
        let reply = api.patch(&format!("/managed_accounts/{id}/update_global_channel_limit"), bad.clone()).await;
        assert_eq!(reply.status, 422, "{bad}");
        assert_eq!(reply.error()["source"]["pointer"], "/channel_limit");
    }
    let too_many = api
        .patch(&format!("/managed_accounts/{id}/update_global_channel_limit"), json!({ "channel_limit": 5000 }))
        .await;
    assert_eq!(too_many.status, 422, "more channels than the manager can allocate");
}

#[tokio::test]
async fn unknown_ids_are_404_on_every_operation_that_takes_one() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let missing = "00000000-0000-4000-8000-000000000000";
    for (method, path, body) in [
        ("GET", format!("/managed_accounts/{missing}"), None),
        ("PATCH", format!("/managed_accounts/{missing}"), Some(json!({}))),
        ("POST", format!("/managed_accounts/{missing}/actions/disable"), None),
        ("POST", format!("/managed_accounts/{missing}/actions/enable"), None),
        (
            "PATCH",
            format!("/managed_accounts/{missing}/update_global_channel_limit"),
            Some(json!({ "channel_limit": 1 })),
        ),
        ("GET", format!("/organizations/users/{missing}"), None),
        ("POST", format!("/organizations/users/{missing}/actions/remove"), None),
        ("GET", "/managed_accounts/..%2F..%2Fetc".to_owned(), None),
    ] {
        let reply = api.send(method, &path, body).await;
        assert_eq!(reply.status, 404, "{method} {path}");
        assert_eq!(reply.error()["code"], "10005");
    }
}

#[tokio::test]
async fn cancelled_and_blocked_accounts_cannot_be_disabled_or_enabled() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let id = api.create("Soon Gone", "gone@example.com").await["id"].as_str().unwrap().to_owned();
    assert!(mock.set_account_status(&id, telnyx_mock::AccountStatus::Cancelled));
    for action in ["disable", "enable"] {
        let reply = api.post(&format!("/managed_accounts/{id}/actions/{action}"), json!({})).await;
        assert_eq!(reply.status, 422, "{action}");
    }
    // Disabling twice is harmless.
    let other = mock.accounts().iter().find(|a| a.status == telnyx_mock::AccountStatus::Enabled).unwrap().id.clone();
    for _ in 0..2 {
        assert_eq!(api.post(&format!("/managed_accounts/{other}/actions/disable"), json!({})).await.status, 200);
    }
}
