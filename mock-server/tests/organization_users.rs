//! The organization-user operations and the groups report over a real socket.

use crate::common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn users_list_with_the_default_size_of_250_and_groups_only_when_asked() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let body = api.get("/organizations/users").await.json();
    assert_eq!(body["meta"], json!({ "page_number": 1, "page_size": 250, "total_pages": 1, "total_results": 12 }));
    assert_eq!(body["data"][0]["record_type"], "organization_owner");
    assert!(body["data"][0].get("groups").is_none());
    assert!(body["data"].as_array().unwrap().iter().any(|u| u["last_sign_in_at"].is_null()), "some never signed in");

    let with_groups = api.get("/organizations/users?include_groups=true").await.json();
    let alice = with_groups["data"].as_array().unwrap().iter().find(|u| u["email"] == "alice@example.com").unwrap();
    let names: Vec<&str> = alice["groups"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Engineering", "Sales"]);

    let paged = api.get("/organizations/users?page[size]=5&page[number]=3").await.json();
    assert_eq!(paged["meta"], json!({ "page_number": 3, "page_size": 5, "total_pages": 3, "total_results": 12 }));
    assert_eq!(paged["data"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn users_filter_by_partial_email_and_by_status() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let john = api.get("/organizations/users?filter%5Bemail%5D=JOHN").await.json();
    assert_eq!(john["meta"]["total_results"], 1);
    assert_eq!(john["data"][0]["email"], "john.smith@example.com");
    let short = api.get("/organizations/users?filter[email]=a").await.json();
    assert!(short["meta"]["total_results"].as_u64().unwrap() >= 3, "users' email filter has no minimum length");

    for (status, count) in [("enabled", 9), ("disabled", 2), ("blocked", 1)] {
        let body = api.get(&format!("/organizations/users?filter[user_status]={status}")).await.json();
        assert_eq!(body["meta"]["total_results"], count, "{status}");
        assert!(body["data"].as_array().unwrap().iter().all(|u| u["user_status"] == status));
    }
    let bad = api.get("/organizations/users?filter[user_status]=asleep").await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.error()["source"]["parameter"], "filter[user_status]");
    let bad_page = api.get("/organizations/users?page[size]=251").await;
    assert_eq!(bad_page.status, 422);
}

#[tokio::test]
async fn a_user_is_retrieved_with_or_without_groups_and_removed_for_good() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let alice = mock.users().into_iter().find(|u| u.email == "alice@example.com").unwrap();

    let plain = api.get(&format!("/organizations/users/{}", alice.id)).await.json();
    assert_eq!(plain["data"]["email"], "alice@example.com");
    assert!(plain["data"].get("groups").is_none());
    let grouped = api.get(&format!("/organizations/users/{}?include_groups=true", alice.id)).await.json();
    assert_eq!(grouped["data"]["groups"].as_array().unwrap().len(), 2);
    let bad = api.get(&format!("/organizations/users/{}?include_groups=1", alice.id)).await;
    assert_eq!(bad.status, 422);

    let removed = api.post(&format!("/organizations/users/{}/actions/remove", alice.id), json!({})).await;
    assert_eq!(removed.status, 200);
    assert_eq!(removed.json()["data"]["id"], json!(alice.id));
    assert_eq!(api.get(&format!("/organizations/users/{}", alice.id)).await.status, 404);
    assert_eq!(api.post(&format!("/organizations/users/{}/actions/remove", alice.id), json!({})).await.status, 404);
    let list = api.get("/organizations/users").await.json();
    assert_eq!(list["meta"]["total_results"], 11);
    assert!(!ids(&list).contains(&alice.id));
    let report = api.get("/organizations/users/users_groups_report").await.json();
    assert_eq!(report["data"].as_array().unwrap().len(), 11);
}

#[tokio::test]
async fn the_organization_owner_cannot_be_removed() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);
    let owner = mock.users().into_iter().find(|u| u.record_type == "organization_owner").unwrap();
    let reply = api.post(&format!("/organizations/users/{}/actions/remove", owner.id), json!({})).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error()["code"], "10010");
    assert_eq!(mock.users().len(), 12);
}

#[tokio::test]
async fn the_groups_report_answers_json_or_csv_by_accept() {
    let mock = MockTelnyx::start().await;
    let api = Api::new(&mock);

    let json_report = api.get("/organizations/users/users_groups_report").await;
    assert_eq!(json_report.status, 200);
    assert!(json_report.header("content-type").unwrap().starts_with("application/json"));
    let body = json_report.json();
    assert!(body.get("meta").is_none());
    let users = body["data"].as_array().unwrap();
    assert_eq!(users.len(), 12);
    assert!(users.iter().all(|u| u["groups"].is_array()));

    let csv = api.send_with("GET", "/organizations/users/users_groups_report", None, &[("accept", "text/csv")]).await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(csv.text.starts_with("id,email,user_status,created_at,last_sign_in_at,groups\n"));
    let rows = telnyx_core::csv_report::parse(&csv.text).unwrap();
    assert_eq!(rows.len(), 12);
    let alice = rows.iter().find(|r| r.email == "alice@example.com").unwrap();
    assert_eq!(alice.groups, ["Engineering", "Sales"]);
    let json_alice = users.iter().find(|u| u["email"] == "alice@example.com").unwrap();
    assert_eq!(json_alice["id"], json!(alice.id));

    let preferred = api
        .send_with(
            "GET",
            "/organizations/users/users_groups_report",
            None,
            &[("accept", "text/csv, application/json;q=0.5")],
        )
        .await;
    assert!(preferred.header("content-type").unwrap().starts_with("text/csv"));
    let any = api.send_with("GET", "/organizations/users/users_groups_report", None, &[("accept", "*/*")]).await;
    assert!(any.header("content-type").unwrap().starts_with("application/json"));
    let xml =
        api.send_with("GET", "/organizations/users/users_groups_report", None, &[("accept", "application/xml")]).await;
    assert_eq!(xml.status, 406);
    xml.error();
}
