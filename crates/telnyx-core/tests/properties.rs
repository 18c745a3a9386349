//! Property tests: whatever the bytes or the input, the core answers `Ok` or
//! `Err` and never panics; what it writes reads back as what it was given.

use crate::common;

use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use serde_json::{json, Value};
use telnyx_core::input::{FromInput, Input};
use telnyx_core::models::*;
use telnyx_core::pagination::Paginator;
use telnyx_core::params::*;
use telnyx_core::response::{api_error, decode, decode_text, parse_error_body, HttpResponse};
use telnyx_core::retry::{server_wait_ms, Attempt, Failure, RetryDecision, RetryPolicy};
use telnyx_core::validate::path_id;
use telnyx_core::{csv_report, operations, ApiError, Operation};

/// Field names of every model, so generated JSON reaches past the first key.
const WIRE_KEYS: &[&str] = &[
    "data",
    "meta",
    "errors",
    "id",
    "record_type",
    "email",
    "api_key",
    "api_user",
    "api_token",
    "manager_account_id",
    "created_at",
    "updated_at",
    "balance",
    "available_credit",
    "credit_limit",
    "currency",
    "managed_account_allow_custom_pricing",
    "organization_name",
    "rollup_billing",
    "allocatable_global_outbound_channels",
    "total_global_channels_allocated",
    "channel_limit",
    "user_status",
    "last_sign_in_at",
    "organization_user_bypasses_sso",
    "groups",
    "name",
    "page_number",
    "page_size",
    "total_pages",
    "total_results",
    "code",
    "title",
    "detail",
    "description",
    "source",
    "pointer",
    "parameter",
    "url",
];

/// Keys of every params type, plus some a hostile caller would try.
const INPUT_KEYS: &[&str] = &[
    "filter",
    "email",
    "organization_name",
    "status",
    "eq",
    "contains",
    "sort",
    "include_cancelled_accounts",
    "page",
    "number",
    "size",
    "page[number]",
    "page[size]",
    "filter[email]",
    "filter[user_status]",
    "include_groups",
    "business_name",
    "password",
    "managed_account_allow_custom_pricing",
    "rollup_billing",
    "reenable_all_connections",
    "channel_limit",
    "Accept",
    "__proto__",
    "constructor",
];

/// Text values that hit the enums and edge cases.
const INPUT_TEXTS: &[&str] = &[
    "",
    " ",
    "enabled",
    "disabled",
    "blocked",
    "all",
    "active",
    "cancelled",
    "created_at",
    "-created_at",
    "email",
    "-email",
    "text/csv",
    "application/json",
    "..",
    "%2e%2e",
    "a/b",
    "\u{0}",
    "\u{fffd}",
    "名前",
];

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![4 => prop::sample::select(WIRE_KEYS).prop_map(str::to_owned), 1 => ".{0,8}"]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        ".{0,16}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..8)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

fn input_value() -> impl Strategy<Value = Input> {
    let number = prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(1e20),
        Just(9_007_199_254_740_993.0),
        (-5i64..300).prop_map(|n| n as f64),
        (-5i64..300).prop_map(|n| n as f64 + 0.5),
    ];
    let leaf = prop_oneof![
        Just(Input::Absent),
        any::<bool>().prop_map(Input::Bool),
        number.prop_map(Input::Number),
        prop_oneof![prop::sample::select(INPUT_TEXTS).prop_map(str::to_owned), ".{0,24}"].prop_map(Input::Text),
        prop::sample::select(&["array", "function", "symbol", "bigint"][..]).prop_map(Input::Unsupported),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![4 => prop::sample::select(INPUT_KEYS).prop_map(str::to_owned), 1 => ".{0,8}"];
        prop::collection::vec((key, inner), 0..8).prop_map(Input::Object)
    })
}

fn response(status: u16, body: Vec<u8>) -> HttpResponse {
    HttpResponse { status, headers: vec![("x-request-id".into(), "r".into())], body }
}

/// Decodes into every envelope type; each must answer without panicking,
/// and any error must print as one line.
fn decode_all(response: &HttpResponse) {
    fn check<T: serde::de::DeserializeOwned>(response: &HttpResponse) {
        if let Err(err) = decode::<T>(response) {
            let text = err.to_string();
            assert!(!text.contains('\n'), "{text}");
        }
    }
    check::<Envelope<ManagedAccount>>(response);
    check::<ListEnvelope<ManagedAccountListItem>>(response);
    check::<Envelope<ManagedAccountsGlobalOutboundChannels>>(response);
    check::<Envelope<SingleManagedAccountGlobalOutboundChannels>>(response);
    check::<ListEnvelope<OrganizationUser>>(response);
    check::<Envelope<OrganizationUser>>(response);
    check::<GroupsReport>(response);
    check::<ErrorBody>(response);
    let _ = decode_text(response);
}

/// Every params type read from the input; what is accepted must build a request.
fn from_input_all(input: &Input) {
    if let Ok(p) = ListManagedAccountsParams::from_input("", input) {
        operations::list_managed_accounts(&p).expect("accepted list params build a request");
    }
    if let Ok(p) = ListOrganizationUsersParams::from_input("", input) {
        operations::list_organization_users(&p).expect("accepted users params build a request");
    }
    if let Ok(p) = CreateManagedAccountParams::from_input("", input) {
        operations::create_managed_account(&p).expect("accepted create params build a request");
    }
    if let Ok(p) = UpdateGlobalChannelLimitParams::from_input("", input) {
        operations::update_global_channel_limit("id", &p).expect("accepted channel limit builds a request");
    }
    if let Ok(p) = PageParams::from_input("page", input) {
        p.validate().expect("accepted page params are in range");
    }
    let _ = RetrieveOrganizationUserParams::from_input("", input);
    let _ = UpdateManagedAccountParams::from_input("", input);
    let _ = EnableManagedAccountParams::from_input("", input);
    let _ = ReportFormat::from_input("", input);
    let _ = TextFilter::from_input("", input);
    let _ = ManagedAccountsFilter::from_input("", input);
}

/// Splits `?k=v&k=v` into percent-decoded pairs.
fn decoded_pairs(path_and_query: &str) -> Vec<(String, String)> {
    let Some((_, query)) = path_and_query.split_once('?') else { return vec![] };
    query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("every pair has =");
            for part in [k, v] {
                assert!(part.bytes().all(|b| b.is_ascii_alphanumeric() || b"%-_.~".contains(&b)), "raw byte in {part}");
            }
            let decode = |s: &str| percent_decode_str(s).decode_utf8().expect("UTF-8").into_owned();
            (decode(k), decode(v))
        })
        .collect()
}

/// Text that passes the free-text check: no control characters, no U+FFFD.
fn valid_text() -> impl Strategy<Value = String> {
    "[^\\p{Cc}\u{fffd}]{0,40}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_decode_to_ok_or_err(status in prop_oneof![Just(200u16), 100u16..600], body in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_all(&response(status, body));
    }

    #[test]
    fn any_json_decodes_to_ok_or_err(status in prop_oneof![Just(200u16), 400u16..600], value in json_value()) {
        decode_all(&response(status, serde_json::to_vec(&value).unwrap()));
        decode_all(&response(status, serde_json::to_vec(&json!({ "data": value })).unwrap()));
        decode_all(&response(status, serde_json::to_vec(&json!({ "data": [value], "meta": {} })).unwrap()));
    }

    #[test]
    fn a_spec_example_with_any_field_replaced_decodes_to_ok_or_err(field in 0usize..16, value in json_value()) {
        for (method, path) in [("get", "/managed_accounts/{id}"), ("get", "/organizations/users/users_groups_report"), ("get", "/managed_accounts")] {
            for mut example in common::success_examples(method, path, "application/json") {
                let target = match &mut example["data"] {
                    Value::Array(items) if !items.is_empty() => &mut items[0],
                    other => other,
                };
                if let Value::Object(map) = target {
                    let key = map.keys().nth(field % map.len().max(1)).cloned();
                    if let Some(key) = key {
                        map.insert(key, value.clone());
                    }
                }
                decode_all(&response(200, serde_json::to_vec(&example).unwrap()));
            }
        }
    }

    #[test]
    fn any_error_body_parses_to_a_list_and_a_bounded_one_line_message(
        status in 0u16..1000,
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..256),
            json_value().prop_map(|v| serde_json::to_vec(&json!({ "errors": [v] })).unwrap()),
            prop::collection::vec(json_value(), 0..4).prop_map(|v| serde_json::to_vec(&json!({ "errors": v })).unwrap()),
        ],
        request_id in prop::option::of(".{0,400}"),
    ) {
        let errors = parse_error_body(&body);
        let err = ApiError::new(status, errors, request_id);
        let message = err.to_string();
        prop_assert!(!message.contains(['\n', '\r']), "{}", message);
        prop_assert!(message.chars().count() < 1_400, "{}", message.chars().count());
        let _ = api_error(&response(status, body)).message();
    }

    #[test]
    fn any_text_parses_as_csv_to_ok_or_err(text in prop_oneof![".{0,200}", "[a-z,\"\r\n ]{0,120}", "(id|email|groups|,|\"|\n|x){0,60}"]) {
        let _ = csv_report::parse(&text);
        let _ = csv_report::parse(&format!("id,email,user_status,created_at,last_sign_in_at,groups\n{text}"));
    }

    #[test]
    fn what_the_csv_writer_writes_the_parser_reads(
        users in prop::collection::vec((valid_text(), valid_text(), prop::sample::select(UserStatus::KNOWN), prop::option::of(valid_text()), prop::collection::vec("[A-Za-z0-9 ]{1,12}", 0..4)), 0..5),
    ) {
        let users: Vec<OrganizationUserWithGroups> = users
            .into_iter()
            .map(|(id, email, status, last, groups)| OrganizationUserWithGroups {
                id,
                record_type: "organization_sub_user".into(),
                email,
                user_status: UserStatus::from_wire(status),
                created_at: "2018-02-02T22:25:27.521Z".into(),
                groups: groups.into_iter().map(|name| UserGroupReference { id: "g".into(), name }).collect(),
                last_sign_in_at: Some(last),
                organization_user_bypasses_sso: None,
            })
            .collect();
        let rows = csv_report::parse(&csv_report::write(&users)).unwrap();
        prop_assert_eq!(rows.len(), users.len());
        for (row, user) in rows.iter().zip(&users) {
            prop_assert_eq!(&row.id, &user.id);
            prop_assert_eq!(&row.email, &user.email);
            prop_assert_eq!(&row.user_status, &user.user_status);
            let last = user.last_sign_in_at.clone().flatten().filter(|s| !s.is_empty());
            prop_assert_eq!(&row.last_sign_in_at, &last);
            let names: Vec<String> = user.groups.iter().map(|g| g.name.trim().to_owned()).filter(|n| !n.is_empty()).collect();
            prop_assert_eq!(&row.groups, &names);
        }
    }

    #[test]
    fn any_id_is_rejected_or_encoded_into_one_safe_segment(id in prop_oneof![".{0,160}", "[./%a-z0-9]{0,6}", "[\\x21-\\x7e]{1,20}"]) {
        match path_id("id", &id) {
            Err(err) => prop_assert_eq!(err.field, "id"),
            Ok(encoded) => {
                prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"%-_.~".contains(&b)), "{}", encoded);
                prop_assert_ne!(encoded.as_str(), ".");
                prop_assert_ne!(encoded.as_str(), "..");
                let decoded = percent_decode_str(&encoded).decode_utf8().unwrap();
                prop_assert_eq!(decoded.as_ref(), id.as_str());
                // Nothing in the id can act as a separator or a dot segment once decoded by a server.
                prop_assert!(!id.contains(['/', '\\', '?', '#', '%']));
                let spec = operations::retrieve_managed_account(&id).unwrap();
                prop_assert_eq!(spec.path_and_query, format!("/managed_accounts/{encoded}"));
            }
        }
    }

    #[test]
    fn any_input_tree_reads_to_ok_or_err(input in input_value()) {
        from_input_all(&input);
        from_input_all(&Input::Object(vec![("filter".into(), input.clone())]));
        from_input_all(&Input::Object(vec![("page".into(), input.clone())]));
        from_input_all(&Input::Object(vec![("business_name".into(), Input::Text("Acme".into())), ("email".into(), input)]));
    }

    #[test]
    fn the_body_writer_round_trips_through_serde_json(
        name in valid_text().prop_filter("not blank", |s| !s.trim().is_empty()),
        email in prop::option::of(valid_text()),
        password in prop::option::of(valid_text()),
        pricing in prop::option::of(any::<bool>()),
        rollup in prop::option::of(any::<bool>()),
    ) {
        let params = CreateManagedAccountParams {
            business_name: name.clone(),
            email: email.clone(),
            password: password.clone().map(Into::into),
            managed_account_allow_custom_pricing: pricing,
            rollup_billing: rollup,
        };
        let body = operations::create_managed_account(&params).unwrap().body.unwrap();
        let mut expected = serde_json::Map::new();
        expected.insert("business_name".into(), json!(name));
        if let Some(v) = email { expected.insert("email".into(), json!(v)); }
        if let Some(v) = password { expected.insert("password".into(), json!(v)); }
        if let Some(v) = pricing { expected.insert("managed_account_allow_custom_pricing".into(), json!(v)); }
        if let Some(v) = rollup { expected.insert("rollup_billing".into(), json!(v)); }
        let parsed: Value = serde_json::from_str(&body).unwrap();
        prop_assert_eq!(&parsed, &Value::Object(expected.clone()));
        // Byte for byte too: same key order, same escapes as serde_json.
        let written: Vec<String> = expected.iter().map(|(k, v)| format!("{}:{}", json!(k), v)).collect();
        let order = ["business_name", "email", "password", "managed_account_allow_custom_pricing", "rollup_billing"];
        let mut ordered: Vec<(usize, String)> = expected.keys().zip(written).map(|(k, w)| (order.iter().position(|o| o == k).unwrap(), w)).collect();
        ordered.sort();
        prop_assert_eq!(body, format!("{{{}}}", ordered.into_iter().map(|(_, w)| w).collect::<Vec<_>>().join(",")));
    }

    #[test]
    fn the_channel_limit_body_round_trips(limit in 0i64..=2_147_483_647) {
        let body = operations::update_global_channel_limit("id", &UpdateGlobalChannelLimitParams { channel_limit: Some(limit) }).unwrap().body.unwrap();
        prop_assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), json!({ "channel_limit": limit }));
    }

    #[test]
    fn list_queries_percent_decode_back_to_the_values(
        contains in prop::option::of(valid_text()),
        eq in prop::option::of(valid_text()),
        org in prop::option::of(valid_text()),
        status in prop::option::of(prop::sample::select(AccountStatusFilter::KNOWN)),
        sort in prop::option::of(prop::sample::select(Sort::KNOWN)),
        cancelled in prop::option::of(any::<bool>()),
        number in prop::option::of(1u64..=1_000_000_000),
        size in prop::option::of(1u64..=250),
    ) {
        let params = ListManagedAccountsParams {
            filter: ManagedAccountsFilter {
                email: Some(TextFilter { contains: contains.clone(), eq: eq.clone() }),
                organization_name: Some(TextFilter { contains: org.clone(), eq: None }),
                status: status.and_then(AccountStatusFilter::parse_known),
            },
            sort: sort.and_then(Sort::parse),
            include_cancelled_accounts: cancelled,
            page: PageParams { number, size },
        };
        let spec = operations::list_managed_accounts(&params).unwrap();
        let mut expected: Vec<(String, String)> = Vec::new();
        let mut push = |k: &str, v: Option<String>| if let Some(v) = v { expected.push((k.to_owned(), v)) };
        push("filter[email][contains]", contains);
        push("filter[email][eq]", eq);
        push("filter[organization_name][contains]", org);
        push("filter[status][eq]", status.map(str::to_owned));
        push("sort", sort.map(str::to_owned));
        push("include_cancelled_accounts", cancelled.map(|b| b.to_string()));
        push("page[number]", number.map(|n| n.to_string()));
        push("page[size]", size.map(|n| n.to_string()));
        prop_assert_eq!(decoded_pairs(&spec.path_and_query), expected);
    }

    #[test]
    fn users_queries_percent_decode_back_to_the_values(email in valid_text(), groups in any::<bool>(), number in 1u64..=1_000_000_000) {
        let params = ListOrganizationUsersParams {
            filter_email: Some(email.clone()),
            filter_user_status: None,
            include_groups: Some(groups),
            page: PageParams { number: Some(number), size: None },
        };
        let spec = operations::list_organization_users(&params).unwrap();
        prop_assert_eq!(
            decoded_pairs(&spec.path_and_query),
            vec![
                ("filter[email]".to_owned(), email),
                ("include_groups".to_owned(), groups.to_string()),
                ("page[number]".to_owned(), number.to_string()),
            ]
        );
    }

    #[test]
    fn retry_decisions_never_panic_and_never_wait_past_the_limits(
        status in prop_oneof![100u16..600, Just(429u16), Just(503u16)],
        failure_kind in 0u8..3,
        header_values in prop::collection::vec((prop::sample::select(&["retry-after", "retry-after-ms", "x-ratelimit-reset", "x-should-retry", "Retry-After"][..]), prop_oneof![".{0,12}", "[0-9]{0,12}(\\.[0-9]{0,4})?", Just("true".to_owned()), Just("false".to_owned()), Just("Wed, 21 Oct 2015 07:28:00 GMT".to_owned())]), 0..4),
        retries in 0u32..5,
        random in any::<f64>(),
        budget in prop::option::of(any::<u64>()),
        now in any::<u64>(),
        key in any::<bool>(),
        op in prop::sample::select(&Operation::ALL[..]),
    ) {
        let headers: Vec<(String, String)> = header_values.into_iter().map(|(n, v)| (n.to_owned(), v)).collect();
        let failure = match failure_kind { 0 => Failure::Status(status), 1 => Failure::Timeout, _ => Failure::Connection };
        let policy = RetryPolicy::default();
        let decision = policy.decide(&Attempt { retries_so_far: retries, repeatable: op.is_idempotent(), has_idempotency_key: key, failure, headers: &headers, now_unix_ms: now, random, remaining_budget_ms: budget });
        if let RetryDecision::RetryAfter { delay_ms } = decision {
            prop_assert!(retries < policy.max_retries);
            prop_assert!(delay_ms <= policy.max_server_wait_ms.max(policy.max_delay_ms), "{}", delay_ms);
            if let Some(budget) = budget { prop_assert!(delay_ms < budget); }
            if !op.is_idempotent() && !key && (failure_kind > 0 || status >= 500) {
                prop_assert_eq!(headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("x-should-retry")).map(|(_, v)| v.trim()), Some("true"));
            }
        }
    }

    #[test]
    fn the_backoff_stays_between_three_quarters_and_all_of_the_base(retries in 0u32..64, random in any::<f64>()) {
        let policy = RetryPolicy::default();
        let base = 500u64.saturating_mul(1u64 << retries.min(20)).min(8_000);
        let delay = policy.backoff_ms(retries, random);
        prop_assert!(delay <= base && delay * 4 >= base * 3, "{} of {}", delay, base);
    }

    #[test]
    fn retry_after_seconds_read_like_the_standard_float_parser(text in "[0-9]{1,7}(\\.[0-9]{1,6})?") {
        let headers = vec![("retry-after".to_owned(), text.clone())];
        let expected = (text.parse::<f64>().unwrap() * 1000.0).round() as u64;
        let got = server_wait_ms(&headers, Failure::Status(503), 0).unwrap();
        prop_assert!(got.abs_diff(expected) <= 1, "{} read as {} ms, expected {}", text, got, expected);
        let headers = vec![("retry-after-ms".to_owned(), text.clone())];
        let expected = text.parse::<f64>().unwrap().round() as u64;
        prop_assert_eq!(server_wait_ms(&headers, Failure::Status(503), 0), Some(expected));
    }

    #[test]
    fn pagination_ends_whatever_the_server_says(metas in prop::collection::vec((0usize..3, prop::option::of(any::<u64>()), prop::option::of(any::<u64>()), prop::option::of(0u64..12), prop::option::of(0u64..12)), 1..40)) {
        let mut pages = Paginator::new(None);
        let mut requested = vec![pages.current()];
        for (items, big_number, big_total, number, total) in metas {
            let meta = PaginationMeta { page_number: number.or(big_number), total_pages: total.or(big_total), ..Default::default() };
            match pages.advance(items, Some(&meta)) {
                None => break,
                Some(next) => {
                    prop_assert!(next > *requested.last().unwrap(), "went back to {} after {:?}", next, requested);
                    prop_assert!(next <= 1_000_000_000);
                    requested.push(next);
                    prop_assert_eq!(pages.current(), next);
                }
            }
        }
    }
}
