//! The users-groups report as CSV: the spec's example, the writer, and the
//! shapes a real export takes (reordered or extra columns, CRLF, quoting).

use crate::common;

use telnyx_core::csv_report::{self, GroupsReportRow, COLUMNS};
use telnyx_core::models::{GroupsReport, UserStatus};

const HEADER: &str = "id,email,user_status,created_at,last_sign_in_at,groups";

fn csv_example() -> String {
    common::success_examples("get", "/organizations/users/users_groups_report", "text/csv")[0]
        .as_str()
        .unwrap()
        .to_owned()
}

fn json_example() -> GroupsReport {
    let example =
        common::success_examples("get", "/organizations/users/users_groups_report", "application/json").remove(0);
    serde_json::from_value(example).unwrap()
}

#[test]
fn the_columns_are_the_ones_the_spec_names() {
    assert_eq!(COLUMNS.join(","), HEADER);
    assert!(csv_example().starts_with(HEADER));
}

#[test]
fn the_writer_produces_the_spec_example_for_the_same_user() {
    let report = json_example();
    assert_eq!(csv_report::write(&report.data[..1]), format!("{}\n", csv_example()));
}

#[test]
fn what_the_writer_writes_the_parser_reads_back() {
    let report = json_example();
    let rows = csv_report::parse(&csv_report::write(&report.data)).unwrap();
    assert_eq!(rows.len(), report.data.len());
    for (row, user) in rows.iter().zip(&report.data) {
        assert_eq!(row.id, user.id);
        assert_eq!(row.email, user.email);
        assert_eq!(row.user_status, user.user_status);
        assert_eq!(row.created_at, user.created_at);
        assert_eq!(row.last_sign_in_at, user.last_sign_in_at.clone().flatten());
        assert_eq!(row.groups, user.groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>());
    }
    assert_eq!(csv_report::write(&[]), format!("{HEADER}\n"));
}

#[test]
fn a_report_with_only_the_header_has_no_rows() {
    assert_eq!(csv_report::parse(HEADER).unwrap(), vec![]);
    assert_eq!(csv_report::parse(&format!("{HEADER}\n")).unwrap(), vec![]);
}

#[test]
fn a_report_without_an_id_column_is_an_error() {
    for text in ["", "\n", "email,user_status\nx@y.z,enabled\n", "garbage"] {
        let err = csv_report::parse(text).unwrap_err();
        assert_eq!(err.to_string(), "invalid groups report CSV: the header row has no `id` column", "{text:?}");
    }
}

#[test]
fn columns_are_found_by_name_in_any_order_and_extra_ones_are_ignored() {
    let text = "groups,extra, id ,user_status,email\n\"Sales\",x,u1,blocked,a@b.c\n";
    let rows = csv_report::parse(text).unwrap();
    assert_eq!(
        rows,
        [GroupsReportRow {
            id: "u1".into(),
            email: "a@b.c".into(),
            user_status: UserStatus::Blocked,
            created_at: String::new(),
            last_sign_in_at: None,
            groups: vec!["Sales".into()],
        }]
    );
}

#[test]
fn crlf_line_endings_and_quoted_fields_are_read() {
    let text = format!(
        "{HEADER}\r\nu1,\"a,b\"\"c\"\"@x.y\",enabled,2018-01-01T00:00:00Z,,\"One,  Two ,,Three\"\r\nu2,q@x.y,disabled,t,t2,\"Multi\nLine\"\r\n"
    );
    let rows = csv_report::parse(&text).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].email, "a,b\"c\"@x.y");
    assert_eq!(rows[0].groups, ["One", "Two", "Three"]);
    assert_eq!(rows[0].last_sign_in_at, None);
    assert_eq!(rows[1].user_status, UserStatus::Disabled);
    assert_eq!(rows[1].last_sign_in_at.as_deref(), Some("t2"));
    assert_eq!(rows[1].groups, ["Multi\nLine"]);
}

#[test]
fn short_rows_read_missing_cells_as_empty() {
    let rows = csv_report::parse(&format!("{HEADER}\nu1,a@b.c\nu2\n")).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].email, "a@b.c");
    assert_eq!(rows[1].email, "");
    assert!(rows[1].groups.is_empty());
    assert_eq!(rows[1].user_status, UserStatus::Other(String::new()));
}

#[test]
fn an_unknown_user_status_is_kept() {
    let rows = csv_report::parse(&format!("{HEADER}\nu1,a@b.c,suspended,t,,\n")).unwrap();
    assert_eq!(rows[0].user_status, UserStatus::Other("suspended".into()));
}

#[test]
fn a_byte_order_mark_before_the_header_is_ignored() {
    // Spreadsheet-friendly exports often start with one.
    let rows = csv_report::parse(&format!("\u{feff}{}", csv_example())).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, "6a09cdc3-8948-47f0-aa62-74ac943d6c58");
}

#[test]
fn blank_group_lists_are_empty() {
    for groups in ["", "\" \"", "\",,\"", "\" , , \""] {
        let rows = csv_report::parse(&format!("{HEADER}\nu1,a@b.c,enabled,t,,{groups}\n")).unwrap();
        assert!(rows[0].groups.is_empty(), "{groups:?}");
    }
}
