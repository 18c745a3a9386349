//! Every operation's request, byte for byte: method, full URL with path and
//! query, headers and body, as a closure transport receives it.

use crate::common;

use common::{call_once, ok_json, success_examples};
use serde_json::Value;
use telnyx_core::models::{AccountStatusFilter, Envelope, ManagedAccount, UserStatus};
use telnyx_core::params::*;
use telnyx_core::retry::Failure;
use telnyx_core::{
    operations, ClientConfig, HttpRequest, Method, Operation, RequestSpec, DEFAULT_BASE_URL, USER_AGENT,
};

const KEY: &str = "KEY0123TEST_a1b2c3";
const ID: &str = "f65ceda4-6522-4ad6-aede-98de83385123";
const UA: &str = concat!("telnyx-wasm/", env!("CARGO_PKG_VERSION"));

fn config() -> ClientConfig {
    ClientConfig::new(KEY)
}

fn headers(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

/// Headers to set, as a client's options give them.
fn edits(list: &[(&str, &str)]) -> Vec<telnyx_core::HeaderEdit> {
    list.iter().map(|(n, v)| (n.to_string(), Some(v.to_string()))).collect()
}

/// The headers of a JSON request without a body.
fn get_headers() -> Vec<(String, String)> {
    headers(&[("accept", "application/json"), ("user-agent", UA), ("authorization", &format!("Bearer {KEY}"))])
}

/// The headers of a JSON request with a body.
fn body_headers() -> Vec<(String, String)> {
    headers(&[
        ("accept", "application/json"),
        ("content-type", "application/json"),
        ("user-agent", UA),
        ("authorization", &format!("Bearer {KEY}")),
    ])
}

fn expected(
    operation: Operation,
    method: Method,
    url: &str,
    headers: Vec<(String, String)>,
    body: Option<&str>,
) -> HttpRequest {
    HttpRequest { operation: Some(operation), method, url: url.to_owned(), headers, body: body.map(str::to_owned) }
}

/// Sends the request through a closure transport answering with the spec's
/// example, and returns what the transport received.
fn sent(spec: &RequestSpec, method: &str, path: &str) -> HttpRequest {
    let example = success_examples(method, path, "application/json").remove(0);
    let mut seen = None;
    let exchange = call_once::<Value>(&config(), spec, |request| {
        seen = Some(request.clone());
        Ok::<_, Failure>(ok_json(&example))
    });
    assert_eq!(exchange.result.expect("the example decodes as JSON"), example);
    seen.expect("the transport was called")
}

fn assert_sent(actual: HttpRequest, expected: HttpRequest) {
    // Compared field by field so a failure names the part that differs
    // (the Debug of a request hides the authorization value).
    assert_eq!(actual.operation, expected.operation);
    assert_eq!(actual.method, expected.method);
    assert_eq!(actual.url, expected.url);
    assert_eq!(actual.headers, expected.headers);
    assert_eq!(actual.body, expected.body);
}

#[test]
fn the_user_agent_is_stable_and_names_the_package_version() {
    assert_eq!(USER_AGENT, UA);
    assert!(USER_AGENT.bytes().all(|b| b.is_ascii_graphic()));
}

#[test]
fn the_default_base_url_is_the_production_api() {
    assert_eq!(DEFAULT_BASE_URL, "https://api.telnyx.com/v2");
    assert_eq!(DEFAULT_BASE_URL, common::spec()["servers"][0]["url"]);
    assert_eq!(ClientConfig::default().base_url, DEFAULT_BASE_URL);
}

#[test]
fn list_managed_accounts_without_params_sends_a_bare_get() {
    let spec = operations::list_managed_accounts(&ListManagedAccountsParams::default()).unwrap();
    assert_sent(
        sent(&spec, "get", "/managed_accounts"),
        expected(
            Operation::ListManagedAccounts,
            Method::Get,
            "https://api.telnyx.com/v2/managed_accounts",
            get_headers(),
            None,
        ),
    );
}

#[test]
fn list_managed_accounts_with_every_param_encodes_them_like_the_official_sdk() {
    let params = ListManagedAccountsParams {
        filter: ManagedAccountsFilter {
            email: Some(TextFilter { contains: Some("john doe".into()), eq: Some("a+b@x.com".into()) }),
            organization_name: Some(TextFilter { contains: Some("Acme & Co".into()), eq: Some("Ex/ample".into()) }),
            status: Some(AccountStatusFilter::Enabled),
        },
        sort: Sort::parse("-email"),
        include_cancelled_accounts: Some(true),
        page: PageParams { number: Some(2), size: Some(250) },
    };
    let spec = operations::list_managed_accounts(&params).unwrap();
    // The query below is what telnyx 7.24.0 sends for the same call.
    assert_sent(
        sent(&spec, "get", "/managed_accounts"),
        expected(
            Operation::ListManagedAccounts,
            Method::Get,
            "https://api.telnyx.com/v2/managed_accounts?filter%5Bemail%5D%5Bcontains%5D=john%20doe\
             &filter%5Bemail%5D%5Beq%5D=a%2Bb%40x.com&filter%5Borganization_name%5D%5Bcontains%5D=Acme%20%26%20Co\
             &filter%5Borganization_name%5D%5Beq%5D=Ex%2Fample&filter%5Bstatus%5D%5Beq%5D=enabled&sort=-email\
             &include_cancelled_accounts=true&page%5Bnumber%5D=2&page%5Bsize%5D=250",
            get_headers(),
            None,
        ),
    );
}

#[test]
fn every_managed_accounts_status_filter_goes_out_as_its_wire_value() {
    for wire in AccountStatusFilter::KNOWN {
        let params = ListManagedAccountsParams {
            filter: ManagedAccountsFilter { status: AccountStatusFilter::parse_known(wire), ..Default::default() },
            ..Default::default()
        };
        let spec = operations::list_managed_accounts(&params).unwrap();
        assert_eq!(spec.path_and_query, format!("/managed_accounts?filter%5Bstatus%5D%5Beq%5D={wire}"));
    }
}

#[test]
fn every_sort_goes_out_with_its_optional_minus() {
    for wire in Sort::KNOWN {
        let params = ListManagedAccountsParams { sort: Sort::parse(wire), ..Default::default() };
        let spec = operations::list_managed_accounts(&params).unwrap();
        assert_eq!(spec.path_and_query, format!("/managed_accounts?sort={wire}"));
    }
    assert_eq!(Sort::parse("+email"), None);
    assert_eq!(Sort::parse("--email"), None);
    assert_eq!(Sort::parse("Email"), None);
}

#[test]
fn booleans_go_out_as_true_and_false_and_unset_values_are_omitted() {
    for (value, query) in [
        (Some(true), "?include_cancelled_accounts=true"),
        (Some(false), "?include_cancelled_accounts=false"),
        (None, ""),
    ] {
        let params = ListManagedAccountsParams { include_cancelled_accounts: value, ..Default::default() };
        assert_eq!(
            operations::list_managed_accounts(&params).unwrap().path_and_query,
            format!("/managed_accounts{query}")
        );
    }
    // A filter object with nothing set adds nothing.
    let params = ListManagedAccountsParams {
        filter: ManagedAccountsFilter { email: Some(TextFilter::default()), ..Default::default() },
        ..Default::default()
    };
    assert_eq!(operations::list_managed_accounts(&params).unwrap().path_and_query, "/managed_accounts");
}

#[test]
fn only_the_half_of_a_text_filter_that_is_set_is_sent() {
    let params = ListManagedAccountsParams {
        filter: ManagedAccountsFilter {
            organization_name: Some(TextFilter { contains: None, eq: Some("Example Company LLC".into()) }),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        operations::list_managed_accounts(&params).unwrap().path_and_query,
        "/managed_accounts?filter%5Borganization_name%5D%5Beq%5D=Example%20Company%20LLC"
    );
}

#[test]
fn reserved_and_non_ascii_characters_in_values_are_percent_encoded() {
    let params = ListOrganizationUsersParams { filter_email: Some("ü é~*'()!#?=&%/+;".into()), ..Default::default() };
    assert_eq!(
        operations::list_organization_users(&params).unwrap().path_and_query,
        "/organizations/users?filter%5Bemail%5D=%C3%BC%20%C3%A9~%2A%27%28%29%21%23%3F%3D%26%25%2F%2B%3B"
    );
}

#[test]
fn a_list_page_request_keeps_every_other_parameter() {
    let params = ListManagedAccountsParams {
        sort: Sort::parse("created_at"),
        page: PageParams { number: Some(1), size: Some(5) },
        ..Default::default()
    };
    let spec = operations::list_managed_accounts_page(&params, 7).unwrap();
    assert_eq!(spec.path_and_query, "/managed_accounts?sort=created_at&page%5Bnumber%5D=7&page%5Bsize%5D=5");
    let users = ListOrganizationUsersParams { include_groups: Some(true), ..Default::default() };
    let spec = operations::list_organization_users_page(&users, 3).unwrap();
    assert_eq!(spec.path_and_query, "/organizations/users?include_groups=true&page%5Bnumber%5D=3");
}

#[test]
fn create_managed_account_sends_a_json_body_with_the_set_fields_in_order() {
    let params = CreateManagedAccountParams {
        business_name: "Larry's Cat Food Inc".into(),
        email: Some("larry_cat_food@customer.org".into()),
        password: Some("3jVjLq!tMuWKyWx4NN*CvhnB".into()),
        managed_account_allow_custom_pricing: Some(false),
        rollup_billing: Some(true),
    };
    let spec = operations::create_managed_account(&params).unwrap();
    let body = r#"{"business_name":"Larry's Cat Food Inc","email":"larry_cat_food@customer.org","password":"3jVjLq!tMuWKyWx4NN*CvhnB","managed_account_allow_custom_pricing":false,"rollup_billing":true}"#;
    assert_sent(
        sent(&spec, "post", "/managed_accounts"),
        expected(
            Operation::CreateManagedAccount,
            Method::Post,
            "https://api.telnyx.com/v2/managed_accounts",
            body_headers(),
            Some(body),
        ),
    );
}

#[test]
fn create_managed_account_with_only_a_name_sends_only_the_name() {
    let spec = operations::create_managed_account(&CreateManagedAccountParams::new("Acme")).unwrap();
    assert_eq!(spec.body.as_deref(), Some(r#"{"business_name":"Acme"}"#));
}

#[test]
fn the_spec_example_create_body_is_what_the_params_write() {
    let example = common::example_of(&common::spec()["components"]["schemas"]["CreateManagedAccountRequest"]);
    let params = CreateManagedAccountParams {
        business_name: example["business_name"].as_str().unwrap().into(),
        email: example["email"].as_str().map(Into::into),
        password: example["password"].as_str().map(Into::into),
        managed_account_allow_custom_pricing: example["managed_account_allow_custom_pricing"].as_bool(),
        rollup_billing: example["rollup_billing"].as_bool(),
    };
    let body = operations::create_managed_account(&params).unwrap().body.unwrap();
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), example);
}

#[test]
fn get_allocatable_global_outbound_channels_sends_a_bare_get() {
    let spec = operations::get_allocatable_global_outbound_channels();
    assert_sent(
        sent(&spec, "get", "/managed_accounts/allocatable_global_outbound_channels"),
        expected(
            Operation::GetAllocatableGlobalOutboundChannels,
            Method::Get,
            "https://api.telnyx.com/v2/managed_accounts/allocatable_global_outbound_channels",
            get_headers(),
            None,
        ),
    );
}

#[test]
fn retrieve_managed_account_puts_the_id_in_the_path() {
    let spec = operations::retrieve_managed_account(ID).unwrap();
    assert_sent(
        sent(&spec, "get", "/managed_accounts/{id}"),
        expected(
            Operation::RetrieveManagedAccount,
            Method::Get,
            &format!("https://api.telnyx.com/v2/managed_accounts/{ID}"),
            get_headers(),
            None,
        ),
    );
}

#[test]
fn update_managed_account_sends_a_patch_with_the_flag() {
    let params = UpdateManagedAccountParams { managed_account_allow_custom_pricing: Some(true) };
    let spec = operations::update_managed_account(ID, &params).unwrap();
    assert_sent(
        sent(&spec, "patch", "/managed_accounts/{id}"),
        expected(
            Operation::UpdateManagedAccount,
            Method::Patch,
            &format!("https://api.telnyx.com/v2/managed_accounts/{ID}"),
            body_headers(),
            Some(r#"{"managed_account_allow_custom_pricing":true}"#),
        ),
    );
}

#[test]
fn update_managed_account_without_params_sends_an_empty_object() {
    let spec = operations::update_managed_account(ID, &UpdateManagedAccountParams::default()).unwrap();
    assert_eq!(spec.body.as_deref(), Some("{}"));
}

#[test]
fn disable_managed_account_sends_a_post_without_a_body_or_content_type() {
    let spec = operations::disable_managed_account(ID).unwrap();
    assert_sent(
        sent(&spec, "post", "/managed_accounts/{id}/actions/disable"),
        expected(
            Operation::DisableManagedAccount,
            Method::Post,
            &format!("https://api.telnyx.com/v2/managed_accounts/{ID}/actions/disable"),
            get_headers(),
            None,
        ),
    );
}

#[test]
fn enable_managed_account_sends_the_reenable_flag() {
    let params = EnableManagedAccountParams { reenable_all_connections: Some(true) };
    let spec = operations::enable_managed_account(ID, &params).unwrap();
    assert_sent(
        sent(&spec, "post", "/managed_accounts/{id}/actions/enable"),
        expected(
            Operation::EnableManagedAccount,
            Method::Post,
            &format!("https://api.telnyx.com/v2/managed_accounts/{ID}/actions/enable"),
            body_headers(),
            Some(r#"{"reenable_all_connections":true}"#),
        ),
    );
    let spec = operations::enable_managed_account(ID, &EnableManagedAccountParams::default()).unwrap();
    assert_eq!(spec.body.as_deref(), Some("{}"));
}

#[test]
fn update_global_channel_limit_sends_the_limit_as_an_integer() {
    let params = UpdateGlobalChannelLimitParams { channel_limit: Some(30) };
    let spec = operations::update_global_channel_limit(ID, &params).unwrap();
    assert_sent(
        sent(&spec, "patch", "/managed_accounts/{id}/update_global_channel_limit"),
        expected(
            Operation::UpdateGlobalChannelLimit,
            Method::Patch,
            &format!("https://api.telnyx.com/v2/managed_accounts/{ID}/update_global_channel_limit"),
            body_headers(),
            Some(r#"{"channel_limit":30}"#),
        ),
    );
    for (limit, body) in
        [(Some(0), r#"{"channel_limit":0}"#), (Some(2_147_483_647), r#"{"channel_limit":2147483647}"#), (None, "{}")]
    {
        let spec =
            operations::update_global_channel_limit(ID, &UpdateGlobalChannelLimitParams { channel_limit: limit })
                .unwrap();
        assert_eq!(spec.body.as_deref(), Some(body));
    }
}

#[test]
fn list_organization_users_without_params_sends_a_bare_get() {
    let spec = operations::list_organization_users(&ListOrganizationUsersParams::default()).unwrap();
    assert_sent(
        sent(&spec, "get", "/organizations/users"),
        expected(
            Operation::ListOrganizationUsers,
            Method::Get,
            "https://api.telnyx.com/v2/organizations/users",
            get_headers(),
            None,
        ),
    );
}

#[test]
fn list_organization_users_with_every_param_uses_the_flat_keys() {
    let params = ListOrganizationUsersParams {
        filter_email: Some("john doe".into()),
        filter_user_status: Some(UserStatus::Blocked),
        include_groups: Some(false),
        page: PageParams { number: Some(3), size: Some(10) },
    };
    let spec = operations::list_organization_users(&params).unwrap();
    assert_sent(
        sent(&spec, "get", "/organizations/users"),
        expected(
            Operation::ListOrganizationUsers,
            Method::Get,
            "https://api.telnyx.com/v2/organizations/users?filter%5Bemail%5D=john%20doe&filter%5Buser_status%5D=blocked\
             &include_groups=false&page%5Bnumber%5D=3&page%5Bsize%5D=10",
            get_headers(),
            None,
        ),
    );
    for wire in UserStatus::KNOWN {
        let params =
            ListOrganizationUsersParams { filter_user_status: UserStatus::parse_known(wire), ..Default::default() };
        let spec = operations::list_organization_users(&params).unwrap();
        assert_eq!(spec.path_and_query, format!("/organizations/users?filter%5Buser_status%5D={wire}"));
    }
}

#[test]
fn get_groups_report_asks_for_json_or_csv_with_accept() {
    let spec = operations::get_groups_report(ReportFormat::Json);
    assert_sent(
        sent(&spec, "get", "/organizations/users/users_groups_report"),
        expected(
            Operation::GetGroupsReport,
            Method::Get,
            "https://api.telnyx.com/v2/organizations/users/users_groups_report",
            get_headers(),
            None,
        ),
    );
    let csv = config().http_request(&operations::get_groups_report(ReportFormat::Csv), &[]);
    let mut csv_headers = get_headers();
    csv_headers[0].1 = "text/csv".into();
    assert_sent(
        csv,
        expected(
            Operation::GetGroupsReport,
            Method::Get,
            "https://api.telnyx.com/v2/organizations/users/users_groups_report",
            csv_headers,
            None,
        ),
    );
    assert_eq!(ReportFormat::default(), ReportFormat::Json);
}

#[test]
fn retrieve_organization_user_sends_include_groups_only_when_set() {
    let spec =
        operations::retrieve_organization_user(ID, &RetrieveOrganizationUserParams { include_groups: Some(true) })
            .unwrap();
    assert_sent(
        sent(&spec, "get", "/organizations/users/{id}"),
        expected(
            Operation::RetrieveOrganizationUser,
            Method::Get,
            &format!("https://api.telnyx.com/v2/organizations/users/{ID}?include_groups=true"),
            get_headers(),
            None,
        ),
    );
    let spec = operations::retrieve_organization_user(ID, &RetrieveOrganizationUserParams::default()).unwrap();
    assert_eq!(spec.path_and_query, format!("/organizations/users/{ID}"));
}

#[test]
fn remove_organization_user_sends_a_post_without_a_body() {
    let spec = operations::remove_organization_user(ID).unwrap();
    assert_sent(
        sent(&spec, "post", "/organizations/users/{id}/actions/remove"),
        expected(
            Operation::RemoveOrganizationUser,
            Method::Post,
            &format!("https://api.telnyx.com/v2/organizations/users/{ID}/actions/remove"),
            get_headers(),
            None,
        ),
    );
}

#[test]
fn every_operation_matches_the_spec_method_and_path() {
    let id_specs: Vec<(RequestSpec, &str)> = vec![
        (operations::list_managed_accounts(&Default::default()).unwrap(), "/managed_accounts"),
        (operations::create_managed_account(&CreateManagedAccountParams::new("A")).unwrap(), "/managed_accounts"),
        (
            operations::get_allocatable_global_outbound_channels(),
            "/managed_accounts/allocatable_global_outbound_channels",
        ),
        (operations::retrieve_managed_account(ID).unwrap(), "/managed_accounts/{id}"),
        (operations::update_managed_account(ID, &Default::default()).unwrap(), "/managed_accounts/{id}"),
        (operations::disable_managed_account(ID).unwrap(), "/managed_accounts/{id}/actions/disable"),
        (operations::enable_managed_account(ID, &Default::default()).unwrap(), "/managed_accounts/{id}/actions/enable"),
        (
            operations::update_global_channel_limit(ID, &Default::default()).unwrap(),
            "/managed_accounts/{id}/update_global_channel_limit",
        ),
        (operations::list_organization_users(&Default::default()).unwrap(), "/organizations/users"),
        (operations::get_groups_report(ReportFormat::Json), "/organizations/users/users_groups_report"),
        (operations::retrieve_organization_user(ID, &Default::default()).unwrap(), "/organizations/users/{id}"),
        (operations::remove_organization_user(ID).unwrap(), "/organizations/users/{id}/actions/remove"),
    ];
    let ops: Vec<Operation> = id_specs.iter().filter_map(|(s, _)| s.operation).collect();
    assert_eq!(ops, Operation::ALL, "one spec per operation, in order");
    for (spec, template) in id_specs {
        let method = spec.method.as_str().to_ascii_lowercase();
        common::operation(&method, template);
        let path = spec.path_and_query.split('?').next().unwrap();
        assert_eq!(path, template.replace("{id}", ID), "{:?}", spec.operation);
    }
}

#[test]
fn default_headers_come_first_and_cannot_replace_the_fixed_ones() {
    let mut config = config().with_base_url("http://127.0.0.1:4010/v2/");
    config.default_headers =
        edits(&[("X-Team", "billing"), ("Authorization", "Bearer other"), ("Accept", "text/html")]);
    let request = config.http_request(&operations::retrieve_managed_account(ID).unwrap(), &[]);
    assert_eq!(request.url, format!("http://127.0.0.1:4010/v2/managed_accounts/{ID}"));
    assert_eq!(
        request.headers,
        headers(&[
            ("x-team", "billing"),
            ("authorization", &format!("Bearer {KEY}")),
            ("accept", "application/json"),
            ("user-agent", UA),
        ])
    );
}

#[test]
fn per_call_headers_come_last_and_win() {
    let spec = operations::create_managed_account(&CreateManagedAccountParams::new("A")).unwrap();
    let request = config().http_request(&spec, &edits(&[("Idempotency-Key", "k-1"), ("User-Agent", "mine/1")]));
    assert_eq!(request.header("IDEMPOTENCY-KEY"), Some("k-1"));
    assert_eq!(request.header("user-agent"), Some("mine/1"));
    assert_eq!(request.headers.last(), Some(&("idempotency-key".to_owned(), "k-1".to_owned())));
}

#[test]
fn a_client_without_a_key_sends_no_authorization() {
    let request = ClientConfig::default().http_request(&operations::get_allocatable_global_outbound_channels(), &[]);
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.headers, headers(&[("accept", "application/json"), ("user-agent", UA)]));
}

#[test]
fn a_closure_transport_round_trips_a_whole_create_call() {
    let params = CreateManagedAccountParams::new("Acme");
    let spec = operations::create_managed_account(&params).unwrap();
    let example = success_examples("post", "/managed_accounts", "application/json").remove(0);
    let exchange = call_once::<Envelope<ManagedAccount>>(&config(), &spec, |request| {
        assert_eq!(request.body.as_deref(), Some(r#"{"business_name":"Acme"}"#));
        Ok(ok_json(&example))
    });
    assert_eq!(exchange.requests.len(), 1);
    let account = exchange.result.unwrap().data;
    assert_eq!(account.id, example["data"]["id"].as_str().unwrap());
    assert_eq!(account.api_key.expose(), example["data"]["api_key"].as_str().unwrap());
}
