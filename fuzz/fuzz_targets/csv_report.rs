//! CSV report parsing: any text parses to `Ok` or `Err`, and rows that parse
//! survive a write and a second parse unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use telnyx_core::csv_report::{self, GroupsReportRow};
use telnyx_core::models::{OrganizationUserWithGroups, UserGroupReference};

fn as_user(row: &GroupsReportRow) -> OrganizationUserWithGroups {
    OrganizationUserWithGroups {
        id: row.id.clone(),
        record_type: "organization_sub_user".into(),
        email: row.email.clone(),
        user_status: row.user_status.clone(),
        created_at: row.created_at.clone(),
        groups: row.groups.iter().map(|name| UserGroupReference { id: String::new(), name: name.clone() }).collect(),
        last_sign_in_at: Some(row.last_sign_in_at.clone()),
        organization_user_bypasses_sso: None,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for text in [text.to_owned(), format!("id,email,user_status,created_at,last_sign_in_at,groups\n{text}")] {
        if let Ok(rows) = csv_report::parse(&text) {
            let users: Vec<OrganizationUserWithGroups> = rows.iter().map(as_user).collect();
            let written = csv_report::write(&users);
            let again = csv_report::parse(&written).expect("the writer's output parses");
            assert_eq!(again, rows, "rows changed through write and parse:\n{written}");
        }
    }
});
