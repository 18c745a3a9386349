//! Every 200 example in the spec decodes into the models, one test per
//! operation; decoding keeps every field (re-encoding gives the example back)
//! and tolerates what a newer server may add.

use crate::common;

use common::{call_once, ok_json, success_examples};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use telnyx_core::models::*;
use telnyx_core::params::*;
use telnyx_core::response::{decode, decode_text, HttpResponse};
use telnyx_core::retry::Failure;
use telnyx_core::{csv_report, operations, ClientConfig, Error, ErrorKind, RequestSpec};

const ID: &str = "f65ceda4-6522-4ad6-aede-98de83385123";

/// Decodes each example of an operation through a closure transport and
/// checks that re-encoding the model gives the example back unchanged.
fn decodes_every_example<T: DeserializeOwned + Serialize>(spec: RequestSpec, method: &str, path: &str) -> Vec<T> {
    let examples = success_examples(method, path, "application/json");
    assert!(!examples.is_empty());
    examples
        .iter()
        .map(|example| {
            let exchange = call_once::<T>(&ClientConfig::new("KEY"), &spec, |_| Ok::<_, Failure>(ok_json(example)));
            let model = exchange.result.unwrap_or_else(|e| panic!("{method} {path}: {e}\n{example:#}"));
            assert_eq!(&serde_json::to_value(&model).unwrap(), example, "{method} {path}: a field was lost");
            model
        })
        .collect()
}

/// Adds an unknown field to every object, at every depth.
fn with_unknown_fields(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out: serde_json::Map<String, Value> =
                map.iter().map(|(k, v)| (k.clone(), with_unknown_fields(v))).collect();
            out.insert("x_new_field".into(), json!({"nested": [1, "two", null, {"three": 3.5}]}));
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(with_unknown_fields).collect()),
        other => other.clone(),
    }
}

/// Unknown fields anywhere in every example change nothing.
fn tolerates_unknown_fields<T: DeserializeOwned + Serialize>(method: &str, path: &str) {
    for example in success_examples(method, path, "application/json") {
        let noisy = with_unknown_fields(&example);
        let model: T = decode(&ok_json(&noisy)).unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        assert_eq!(serde_json::to_value(&model).unwrap(), example);
    }
}

#[test]
fn list_managed_accounts_examples_decode_into_list_items_and_meta() {
    let spec = operations::list_managed_accounts(&Default::default()).unwrap();
    for page in decodes_every_example::<ListEnvelope<ManagedAccountListItem>>(spec, "get", "/managed_accounts") {
        assert_eq!(page.data.len(), 1);
        assert_eq!(page.data[0].record_type, "managed_account");
        let meta = page.meta.expect("the example has meta");
        assert_eq!(
            (meta.page_number, meta.page_size, meta.total_pages, meta.total_results),
            (Some(2), Some(25), Some(3), Some(55))
        );
    }
    tolerates_unknown_fields::<ListEnvelope<ManagedAccountListItem>>("get", "/managed_accounts");
}

#[test]
fn create_managed_account_examples_decode_into_a_managed_account() {
    let spec = operations::create_managed_account(&CreateManagedAccountParams::new("Acme")).unwrap();
    for account in decodes_every_example::<Envelope<ManagedAccount>>(spec, "post", "/managed_accounts") {
        let balance = account.data.balance.expect("the example has a balance");
        assert_eq!(balance.available_credit.as_deref(), Some("400.00"));
        assert!(!account.data.api_key.is_empty());
    }
    tolerates_unknown_fields::<Envelope<ManagedAccount>>("post", "/managed_accounts");
}

#[test]
fn get_allocatable_global_outbound_channels_examples_decode() {
    let spec = operations::get_allocatable_global_outbound_channels();
    let path = "/managed_accounts/allocatable_global_outbound_channels";
    for reply in decodes_every_example::<Envelope<ManagedAccountsGlobalOutboundChannels>>(spec, "get", path) {
        assert_eq!(reply.data.allocatable_global_outbound_channels, Some(500));
        assert_eq!(reply.data.total_global_channels_allocated, Some(135));
    }
    tolerates_unknown_fields::<Envelope<ManagedAccountsGlobalOutboundChannels>>("get", path);
}

#[test]
fn retrieve_managed_account_examples_decode_into_a_managed_account() {
    let spec = operations::retrieve_managed_account(ID).unwrap();
    for account in decodes_every_example::<Envelope<ManagedAccount>>(spec, "get", "/managed_accounts/{id}") {
        assert_eq!(account.data.id, ID);
    }
    tolerates_unknown_fields::<Envelope<ManagedAccount>>("get", "/managed_accounts/{id}");
}

#[test]
fn update_managed_account_examples_decode_into_a_managed_account() {
    let spec = operations::update_managed_account(ID, &Default::default()).unwrap();
    for account in decodes_every_example::<Envelope<ManagedAccount>>(spec, "patch", "/managed_accounts/{id}") {
        assert_eq!(account.data.managed_account_allow_custom_pricing, Some(true));
    }
    tolerates_unknown_fields::<Envelope<ManagedAccount>>("patch", "/managed_accounts/{id}");
}

#[test]
fn disable_managed_account_examples_decode_into_a_managed_account() {
    let spec = operations::disable_managed_account(ID).unwrap();
    let path = "/managed_accounts/{id}/actions/disable";
    for account in decodes_every_example::<Envelope<ManagedAccount>>(spec, "post", path) {
        assert_eq!(account.data.rollup_billing, Some(false));
    }
    tolerates_unknown_fields::<Envelope<ManagedAccount>>("post", path);
}

#[test]
fn enable_managed_account_examples_decode_into_a_managed_account() {
    let spec = operations::enable_managed_account(ID, &Default::default()).unwrap();
    let path = "/managed_accounts/{id}/actions/enable";
    for account in decodes_every_example::<Envelope<ManagedAccount>>(spec, "post", path) {
        assert_eq!(account.data.organization_name.as_deref(), Some("Example Company LLC"));
    }
    tolerates_unknown_fields::<Envelope<ManagedAccount>>("post", path);
}

#[test]
fn update_global_channel_limit_examples_decode() {
    let spec = operations::update_global_channel_limit(ID, &Default::default()).unwrap();
    let path = "/managed_accounts/{id}/update_global_channel_limit";
    for reply in decodes_every_example::<Envelope<SingleManagedAccountGlobalOutboundChannels>>(spec, "patch", path) {
        assert_eq!(reply.data.channel_limit, Some(30));
    }
    tolerates_unknown_fields::<Envelope<SingleManagedAccountGlobalOutboundChannels>>("patch", path);
}

#[test]
fn list_organization_users_examples_decode_into_users_and_meta() {
    let spec = operations::list_organization_users(&Default::default()).unwrap();
    for page in decodes_every_example::<ListEnvelope<OrganizationUser>>(spec, "get", "/organizations/users") {
        assert_eq!(page.data[0].user_status, Some(UserStatus::Enabled));
        assert!(page.meta.is_some());
    }
    tolerates_unknown_fields::<ListEnvelope<OrganizationUser>>("get", "/organizations/users");
}

#[test]
fn get_groups_report_json_examples_decode_with_their_groups() {
    let spec = operations::get_groups_report(ReportFormat::Json);
    let path = "/organizations/users/users_groups_report";
    let reports = decodes_every_example::<GroupsReport>(spec, "get", path);
    assert_eq!(reports.len(), 2, "the media example and the composed one");
    let media = &reports[0].data;
    assert_eq!(media.len(), 2);
    assert_eq!(media[0].groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["Engineering", "Sales"]);
    assert!(media[1].groups.is_empty());
    assert_eq!(media[1].record_type, "organization_owner");
    tolerates_unknown_fields::<GroupsReport>("get", path);
}

#[test]
fn get_groups_report_csv_example_parses_into_rows() {
    let spec = operations::get_groups_report(ReportFormat::Csv);
    assert_eq!(spec.accept, "text/csv");
    let examples = success_examples("get", "/organizations/users/users_groups_report", "text/csv");
    assert_eq!(examples.len(), 1);
    let csv = examples[0].as_str().expect("the CSV example is a string");
    let response =
        HttpResponse { status: 200, headers: vec![("content-type".into(), "text/csv".into())], body: csv.into() };
    let rows = csv_report::parse(&decode_text(&response).unwrap()).unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.id, "6a09cdc3-8948-47f0-aa62-74ac943d6c58");
    assert_eq!(row.email, "user@example.com");
    assert_eq!(row.user_status, UserStatus::Enabled);
    assert_eq!(row.created_at, "2018-02-02T22:25:27.521Z");
    assert_eq!(row.last_sign_in_at.as_deref(), Some("2018-02-02T22:25:27.521Z"));
    assert_eq!(row.groups, ["Engineering", "Sales"]);
}

#[test]
fn retrieve_organization_user_examples_decode_into_a_user() {
    let spec = operations::retrieve_organization_user(ID, &Default::default()).unwrap();
    for user in decodes_every_example::<Envelope<OrganizationUser>>(spec, "get", "/organizations/users/{id}") {
        assert_eq!(user.data.last_sign_in_at, Some(Some("2018-02-02T22:25:27.521Z".into())));
    }
    tolerates_unknown_fields::<Envelope<OrganizationUser>>("get", "/organizations/users/{id}");
}

#[test]
fn remove_organization_user_examples_decode_into_a_user() {
    let spec = operations::remove_organization_user(ID).unwrap();
    let path = "/organizations/users/{id}/actions/remove";
    for user in decodes_every_example::<Envelope<OrganizationUser>>(spec, "post", path) {
        assert_eq!(user.data.organization_user_bypasses_sso, Some(false));
    }
    tolerates_unknown_fields::<Envelope<OrganizationUser>>("post", path);
}

#[test]
fn the_spec_has_a_success_example_for_each_of_the_12_operations() {
    let mut count = 0;
    for (path, item) in common::spec()["paths"].as_object().unwrap() {
        for method in ["get", "post", "patch", "put", "delete"] {
            if item.get(method).is_some() {
                count += 1;
                assert!(!success_examples(method, path, "application/json").is_empty(), "{method} {path}");
            }
        }
    }
    assert_eq!(count, 12);
}

#[test]
fn unknown_enum_values_are_kept_as_sent() {
    let body = json!({"data": {"id": "u1", "user_status": "suspended"}});
    let user: Envelope<OrganizationUser> = decode(&ok_json(&body)).unwrap();
    assert_eq!(user.data.user_status, Some(UserStatus::Other("suspended".into())));
    assert_eq!(user.data.user_status.as_ref().unwrap().as_str(), "suspended");
    assert_eq!(serde_json::to_value(&user).unwrap(), body);
    assert_eq!(UserStatus::from_wire("enabled"), UserStatus::Enabled);
    assert_eq!(UserStatus::parse_known("suspended"), None);
    assert_eq!(AccountStatusFilter::from_wire("frozen").to_string(), "frozen");
}

#[test]
fn an_unknown_record_type_is_kept_as_a_string() {
    let mut item = common::list_item("a1");
    item["record_type"] = json!("managed_account_v2");
    let page: ListEnvelope<ManagedAccountListItem> = decode(&ok_json(&json!({"data": [item]}))).unwrap();
    assert_eq!(page.data[0].record_type, "managed_account_v2");
}

#[test]
fn optional_fields_may_be_missing_or_null() {
    let user: Envelope<OrganizationUser> = decode(&ok_json(&json!({"data": {}}))).unwrap();
    assert_eq!(user.data, OrganizationUser::default());
    let user: Envelope<OrganizationUser> = decode(&ok_json(&json!({"data": {"last_sign_in_at": null}}))).unwrap();
    assert_eq!(user.data.last_sign_in_at, Some(None), "null means never signed in, not unknown");
    assert_eq!(serde_json::to_value(&user).unwrap(), json!({"data": {"last_sign_in_at": null}}));
    let mut report = success_examples("get", "/organizations/users/users_groups_report", "application/json").remove(0);
    report["data"][0]["last_sign_in_at"] = Value::Null;
    let decoded: GroupsReport = decode(&ok_json(&report)).unwrap();
    assert_eq!(decoded.data[0].last_sign_in_at, Some(None));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), report);
    let channels: Envelope<ManagedAccountsGlobalOutboundChannels> =
        decode(&ok_json(&json!({"data": {"allocatable_global_outbound_channels": null}}))).unwrap();
    assert_eq!(channels.data.allocatable_global_outbound_channels, None);
}

#[test]
fn a_list_without_data_or_meta_is_an_empty_last_page() {
    let page: ListEnvelope<OrganizationUser> = decode(&ok_json(&json!({}))).unwrap();
    assert!(page.data.is_empty());
    assert_eq!(page.meta, None);
}

#[test]
fn a_managed_account_without_a_required_field_is_a_decode_error() {
    let mut account = common::example_of(&common::spec()["components"]["schemas"]["ManagedAccount"]);
    account.as_object_mut().unwrap().remove("api_key");
    let response = HttpResponse {
        status: 200,
        headers: vec![("X-Request-Id".into(), "req-9".into())],
        body: serde_json::to_vec(&json!({ "data": account })).unwrap(),
    };
    let err = decode::<Envelope<ManagedAccount>>(&response).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    let Error::Decode { status, message, request_id } = &err else { panic!("{err:?}") };
    assert_eq!((*status, request_id.as_deref()), (200, Some("req-9")));
    assert!(message.contains("missing field `api_key`"), "{message}");
    assert!(!err.to_string().contains('\n'));
}

#[test]
fn bodies_that_are_not_the_envelope_are_decode_errors_naming_the_problem() {
    for (body, expected) in [
        ("", "empty body"),
        ("<html><body>502 Bad Gateway</body></html>", "expected value"),
        ("{\"data\": ", "EOF while parsing"),
        ("null", "invalid type: null"),
        ("[1,2]", "invalid type: integer"),
        ("{\"data\": \"text\"}", "invalid type: string"),
        ("{\"data\": {\"allocatable_global_outbound_channels\": \"500\"}}", "invalid type: string"),
        ("{\"data\": {\"allocatable_global_outbound_channels\": 1.5}}", "invalid type: floating point"),
    ] {
        let response = HttpResponse { status: 200, headers: vec![], body: body.into() };
        let err = decode::<Envelope<ManagedAccountsGlobalOutboundChannels>>(&response).unwrap_err();
        let Error::Decode { message, .. } = &err else { panic!("{body}: {err:?}") };
        assert!(message.contains(expected), "{body}: {message}");
        assert!(err.to_string().starts_with("200 response could not be read: "), "{err}");
    }
}

#[test]
fn a_non_success_status_is_an_api_error_even_with_a_valid_envelope() {
    let body = success_examples("get", "/managed_accounts/{id}", "application/json").remove(0);
    let mut response = ok_json(&body);
    response.status = 503;
    let err = decode::<Envelope<ManagedAccount>>(&response).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InternalServer);
    response.status = 304;
    assert_eq!(decode::<Envelope<ManagedAccount>>(&response).unwrap_err().kind(), ErrorKind::Api);
}

#[test]
fn any_2xx_status_is_a_success() {
    let body = json!({"data": {"channel_limit": 3}});
    for status in [200, 201, 204, 299] {
        let mut response = ok_json(&body);
        response.status = status;
        let reply: Envelope<SingleManagedAccountGlobalOutboundChannels> = decode(&response).unwrap();
        assert_eq!(reply.data.channel_limit, Some(3));
    }
}

#[test]
fn a_csv_body_that_is_not_utf8_is_a_decode_error() {
    let response = HttpResponse { status: 200, headers: vec![], body: vec![b'i', b'd', 0xff, 0xfe] };
    let err = decode_text(&response).unwrap_err();
    assert_eq!(err.to_string(), "200 response could not be read: body is not UTF-8 text");
    let response = HttpResponse { status: 401, headers: vec![], body: vec![] };
    assert_eq!(decode_text(&response).unwrap_err().kind(), ErrorKind::Authentication);
}

#[test]
fn huge_integers_in_meta_decode_and_negative_ones_do_not() {
    let page: ListEnvelope<OrganizationUser> =
        decode(&ok_json(&json!({"data": [], "meta": {"page_number": u64::MAX, "total_pages": u64::MAX}}))).unwrap();
    assert_eq!(page.meta.unwrap().page_number, Some(u64::MAX));
    let response = ok_json(&json!({"data": [], "meta": {"page_number": -1}}));
    assert_eq!(decode::<ListEnvelope<OrganizationUser>>(&response).unwrap_err().kind(), ErrorKind::Decode);
}
