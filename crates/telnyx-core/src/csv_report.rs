//! The users-groups report as CSV: columns `id, email, user_status,
//! created_at, last_sign_in_at, groups`, where `groups` is a quoted,
//! comma-separated list of group names.

#[cfg(feature = "csv")]
use crate::models::OrganizationUserWithGroups;
use crate::models::UserStatus;

/// The report's header row, in order.
pub const COLUMNS: [&str; 6] = ["id", "email", "user_status", "created_at", "last_sign_in_at", "groups"];

/// One row of the CSV report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupsReportRow {
    pub id: String,
    pub email: String,
    pub user_status: UserStatus,
    pub created_at: String,
    /// Empty in the CSV when the user never signed in.
    pub last_sign_in_at: Option<String>,
    pub groups: Vec<String>,
}

/// A CSV report that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError(pub String);

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid groups report CSV: {}", self.0)
    }
}

impl std::error::Error for CsvError {}

/// Parses the report; columns are found by header name, extra columns are ignored.
///
/// ```
/// let csv = "id,email,user_status,created_at,last_sign_in_at,groups\n\
///            u1,a@example.com,enabled,2018-02-02T22:25:27.521Z,,\"Engineering, Sales\"\n";
/// let rows = telnyx_core::csv_report::parse(csv).unwrap();
/// assert_eq!(rows[0].groups, vec!["Engineering", "Sales"]);
/// assert_eq!(rows[0].last_sign_in_at, None);
/// ```
#[cfg(feature = "csv")]
pub fn parse(text: &str) -> Result<Vec<GroupsReportRow>, CsvError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| CsvError(e.to_string()))?.clone();
    let index = |name: &str| headers.iter().position(|h| h.trim() == name);
    let columns: Vec<Option<usize>> = COLUMNS.iter().map(|c| index(c)).collect();
    if columns[0].is_none() {
        return Err(CsvError("the header row has no `id` column".to_owned()));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CsvError(e.to_string()))?;
        let field = |i: usize| columns[i].and_then(|c| record.get(c)).unwrap_or("").to_owned();
        let last_sign_in_at = field(4);
        let groups = field(5);
        rows.push(GroupsReportRow {
            id: field(0),
            email: field(1),
            user_status: UserStatus::from_wire(&field(2)),
            created_at: field(3),
            last_sign_in_at: (!last_sign_in_at.is_empty()).then_some(last_sign_in_at),
            groups: groups.split(',').map(str::trim).filter(|g| !g.is_empty()).map(str::to_owned).collect(),
        });
    }
    Ok(rows)
}

/// Writes the report for the given users, as the server does.
#[cfg(feature = "csv")]
pub fn write(users: &[OrganizationUserWithGroups]) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing into a Vec cannot fail, and every record has the same length.
    let _ = writer.write_record(COLUMNS);
    for user in users {
        let groups: Vec<&str> = user.groups.iter().map(|g| g.name.as_str()).collect();
        let last = user.last_sign_in_at.clone().flatten().unwrap_or_default();
        let _ = writer.write_record([
            user.id.as_str(),
            user.email.as_str(),
            user.user_status.as_str(),
            user.created_at.as_str(),
            last.as_str(),
            groups.join(", ").as_str(),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
