//! Path safety and value checks: bad input is rejected before a request exists.

use telnyx_core::params::*;
use telnyx_core::validate::{self, path_id, MAX_ID_LEN, MAX_TEXT_LEN};
use telnyx_core::{operations, ValidationError};

/// An operation as a function of its id.
type IdOperation = Box<dyn Fn(&str) -> Result<telnyx_core::RequestSpec, ValidationError>>;

/// Every operation that takes an id.
fn id_operations() -> Vec<(&'static str, IdOperation)> {
    vec![
        ("retrieve_managed_account", Box::new(operations::retrieve_managed_account)),
        ("update_managed_account", Box::new(|id| operations::update_managed_account(id, &Default::default()))),
        ("disable_managed_account", Box::new(operations::disable_managed_account)),
        ("enable_managed_account", Box::new(|id| operations::enable_managed_account(id, &Default::default()))),
        (
            "update_global_channel_limit",
            Box::new(|id| operations::update_global_channel_limit(id, &Default::default())),
        ),
        ("retrieve_organization_user", Box::new(|id| operations::retrieve_organization_user(id, &Default::default()))),
        ("remove_organization_user", Box::new(operations::remove_organization_user)),
    ]
}

const BAD_IDS: &[&str] = &[
    "",
    ".",
    "..",
    "%2e%2e",
    "%2E%2E",
    "%2e",
    ".%2e",
    "a/b",
    "../x",
    "./x",
    "x/..",
    "/",
    "a\\b",
    "..\\x",
    "a?b",
    "a#b",
    "a b",
    " leading",
    "trailing ",
    "tab\there",
    "new\nline",
    "nul\0",
    "\u{7f}",
    "caf\u{e9}",
    "\u{202e}evil",
    "\u{feff}id",
    "\u{ff0e}\u{ff0e}",
    "\u{1f600}",
    "%",
    "%00",
    "%2F",
];

#[test]
fn bad_ids_are_rejected_by_every_operation_that_takes_an_id() {
    for (name, op) in id_operations() {
        for bad in BAD_IDS {
            let err = op(bad).expect_err(&format!("{name} accepted {bad:?}"));
            assert_eq!(err.field, "id", "{name} {bad:?}");
            assert!(!err.reason.is_empty());
        }
    }
}

#[test]
fn an_empty_id_says_it_must_not_be_empty() {
    assert_eq!(path_id("id", "").unwrap_err().to_string(), "Invalid `id`: must not be empty");
}

#[test]
fn dot_segments_say_what_they_are() {
    for dots in [".", ".."] {
        assert_eq!(path_id("id", dots).unwrap_err().reason, "must not be a dot segment (`.` or `..`)");
    }
}

#[test]
fn encoded_dots_are_rejected_because_of_the_percent_sign() {
    assert_eq!(path_id("id", "%2e%2e").unwrap_err().reason, "contains `%`, which an id cannot hold");
}

#[test]
fn separators_are_named_in_the_error() {
    assert_eq!(path_id("id", "a/b").unwrap_err().reason, "contains `/`, which an id cannot hold");
    assert_eq!(path_id("id", "../x").unwrap_err().reason, "contains `/`, which an id cannot hold");
}

#[test]
fn invisible_and_non_ascii_characters_are_named_by_code_point() {
    assert_eq!(path_id("id", "a b").unwrap_err().reason, "contains U+0020, which an id cannot hold");
    assert_eq!(path_id("id", "caf\u{e9}").unwrap_err().reason, "contains U+00E9, which an id cannot hold");
    assert_eq!(path_id("id", "\u{1f600}").unwrap_err().reason, "contains U+1F600, which an id cannot hold");
}

#[test]
fn an_over_long_id_is_rejected_with_its_length() {
    let long = "a".repeat(MAX_ID_LEN + 1);
    assert_eq!(path_id("id", &long).unwrap_err().reason, format!("must be at most {MAX_ID_LEN} characters (got 129)"));
    assert_eq!(path_id("id", &"a".repeat(MAX_ID_LEN)).unwrap(), "a".repeat(MAX_ID_LEN));
    // Half a million characters (1 MB) are refused the same way.
    let huge = "é".repeat(1 << 19);
    assert!(path_id("id", &huge).unwrap_err().reason.starts_with("must be at most"));
}

#[test]
fn legitimate_ids_go_into_the_path_unchanged() {
    for id in [
        "f65ceda4-6522-4ad6-aede-98de83385123",
        "6a09cdc3-8948-47f0-aa62-74ac943d6c58",
        "abc_DEF.123~x",
        "...",
        ".a",
        "a.",
    ] {
        assert_eq!(path_id("id", id).unwrap(), id);
        let spec = operations::retrieve_managed_account(id).unwrap();
        assert_eq!(spec.path_and_query, format!("/managed_accounts/{id}"));
    }
}

#[test]
fn legitimate_ids_with_sub_delimiters_are_percent_encoded() {
    assert_eq!(path_id("id", "a:b").unwrap(), "a%3Ab");
    assert_eq!(path_id("id", "a+b@c").unwrap(), "a%2Bb%40c");
    assert_eq!(path_id("id", "(x)!*'$,;=&[]").unwrap(), "%28x%29%21%2A%27%24%2C%3B%3D%26%5B%5D");
    let spec = operations::remove_organization_user("u:1").unwrap();
    assert_eq!(spec.path_and_query, "/organizations/users/u%3A1/actions/remove");
}

#[test]
fn the_error_names_the_field_it_was_given() {
    assert_eq!(path_id("userId", "").unwrap_err().field, "userId");
}

#[test]
fn free_text_rejects_control_characters_and_replacement_characters() {
    for bad in ["a\0b", "line\nbreak", "\u{7}", "\u{1b}[31m", "\u{85}", "bad \u{fffd} utf8"] {
        assert!(validate::text("email", bad).is_err(), "{bad:?}");
    }
    assert!(validate::text("email", "ordinary@example.com").is_ok());
    assert!(validate::text("email", "名前 \u{1f600} ü").is_ok());
    assert_eq!(
        validate::text("email", "a\0b").unwrap_err().to_string(),
        "Invalid `email`: contains U+0000, which is not allowed"
    );
}

#[test]
fn free_text_is_limited_in_characters_not_bytes() {
    assert!(validate::text("f", &"é".repeat(MAX_TEXT_LEN)).is_ok());
    assert_eq!(
        validate::text("f", &"é".repeat(MAX_TEXT_LEN + 1)).unwrap_err().reason,
        format!("must be at most {MAX_TEXT_LEN} characters (got 513)")
    );
}

#[test]
fn a_required_text_must_not_be_blank() {
    for blank in ["", " ", "\u{3000}", " \u{a0} "] {
        assert_eq!(
            validate::required_text("business_name", blank).unwrap_err().reason,
            "is required and must not be blank"
        );
    }
    assert!(validate::required_text("business_name", "Acme").is_ok());
}

#[test]
fn create_refuses_a_blank_name_and_bad_optional_text() {
    assert_eq!(
        operations::create_managed_account(&CreateManagedAccountParams::new("  ")).unwrap_err().field,
        "business_name"
    );
    let mut params = CreateManagedAccountParams::new("Acme");
    params.email = Some("a\nb".into());
    assert_eq!(operations::create_managed_account(&params).unwrap_err().field, "email");
    params.email = None;
    params.password = Some("x".repeat(MAX_TEXT_LEN + 1).into());
    assert_eq!(operations::create_managed_account(&params).unwrap_err().field, "password");
}

#[test]
fn list_filters_are_checked_as_free_text() {
    let params = ListManagedAccountsParams {
        filter: ManagedAccountsFilter {
            organization_name: Some(TextFilter { contains: None, eq: Some("a\u{0}".into()) }),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(operations::list_managed_accounts(&params).unwrap_err().field, "filter[organization_name][eq]");
    let params = ListManagedAccountsParams {
        filter: ManagedAccountsFilter {
            email: Some(TextFilter { contains: Some("x".repeat(600)), eq: None }),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(operations::list_managed_accounts(&params).unwrap_err().field, "filter[email][contains]");
    let users = ListOrganizationUsersParams { filter_email: Some("\u{1b}".into()), ..Default::default() };
    assert_eq!(operations::list_organization_users(&users).unwrap_err().field, "filter[email]");
}

#[test]
fn page_numbers_and_sizes_outside_the_api_range_are_rejected() {
    for (page, field) in [
        (PageParams { number: Some(0), size: None }, "page[number]"),
        (PageParams { number: Some(1_000_000_001), size: None }, "page[number]"),
        (PageParams { number: Some(u64::MAX), size: None }, "page[number]"),
        (PageParams { number: None, size: Some(0) }, "page[size]"),
        (PageParams { number: None, size: Some(251) }, "page[size]"),
    ] {
        let err =
            operations::list_managed_accounts(&ListManagedAccountsParams { page, ..Default::default() }).unwrap_err();
        assert_eq!(err.field, field);
        let err = operations::list_organization_users(&ListOrganizationUsersParams { page, ..Default::default() })
            .unwrap_err();
        assert_eq!(err.field, field);
    }
    assert_eq!(
        PageParams { number: None, size: Some(251) }.validate().unwrap_err().to_string(),
        "Invalid `page[size]`: must be between 1 and 250 (got 251)"
    );
    for page in
        [PageParams { number: Some(1), size: Some(1) }, PageParams { number: Some(1_000_000_000), size: Some(250) }]
    {
        assert!(page.validate().is_ok());
    }
}

#[test]
fn a_negative_or_too_large_channel_limit_is_rejected() {
    for limit in [-1, i64::MIN, 2_147_483_648, i64::MAX] {
        let params = UpdateGlobalChannelLimitParams { channel_limit: Some(limit) };
        let err = operations::update_global_channel_limit("id1", &params).unwrap_err();
        assert_eq!(err.field, "channel_limit", "{limit}");
    }
}

#[test]
fn the_id_is_checked_before_the_body() {
    let params = UpdateGlobalChannelLimitParams { channel_limit: Some(-1) };
    assert_eq!(operations::update_global_channel_limit("..", &params).unwrap_err().field, "id");
}

#[test]
fn a_validation_error_is_a_std_error_with_a_one_line_message() {
    let err: Box<dyn std::error::Error> =
        Box::new(ValidationError::new("page[size]", "must be between 1 and 250 (got 0)"));
    assert_eq!(err.to_string(), "Invalid `page[size]`: must be between 1 and 250 (got 0)");
}
