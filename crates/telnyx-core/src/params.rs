//! Parameters of the list calls and bodies of the write calls.
//!
//! Each type checks itself ([`Validate`]) and can be read from loosely typed
//! caller input ([`FromInput`]) with the JavaScript SDK's key names.

use crate::input::{expect_integer, expect_string, FromInput, Input, ObjectReader};
use crate::models::{AccountStatusFilter, UserStatus};
use crate::secret::Secret;
use crate::text::cat;
use crate::validate::{self, ValidationError};

/// Implemented by every params type: the checks run before a request is built.
pub trait Validate {
    fn validate(&self) -> Result<(), ValidationError>;
}

/// `page[number]` and `page[size]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageParams {
    pub number: Option<u64>,
    pub size: Option<u64>,
}

impl Validate for PageParams {
    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(number) = self.number {
            validate::in_range("page[number]", number, &validate::PAGE_NUMBER_RANGE)?;
        }
        if let Some(size) = self.size {
            validate::in_range("page[size]", size, &validate::PAGE_SIZE_RANGE)?;
        }
        Ok(())
    }
}

impl PageParams {
    /// Reads `page: { number, size }` and the flat `'page[number]'`, `'page[size]'` keys.
    fn read(reader: &mut ObjectReader<'_>) -> Result<Self, ValidationError> {
        let nested: Option<PageParams> = reader.nested("page")?;
        let flat_number = read_page_value(reader, "page[number]")?;
        let flat_size = read_page_value(reader, "page[size]")?;
        let mut page = nested.unwrap_or_default();
        for (flat, slot, name) in
            [(flat_number, &mut page.number, "page[number]"), (flat_size, &mut page.size, "page[size]")]
        {
            if let Some(value) = flat {
                if slot.is_some() {
                    return Err(ValidationError::new(name, "is given twice (as `page` and as a flat key)"));
                }
                *slot = Some(value);
            }
        }
        Ok(page)
    }
}

/// Reads `number` or `size` (nested) or `page[number]` or `page[size]` (flat),
/// checked against its range and named by its full path in errors.
fn read_page_value(reader: &mut ObjectReader<'_>, key: &str) -> Result<Option<u64>, ValidationError> {
    let Some((path, input)) = reader.take(key) else { return Ok(None) };
    let value = expect_integer(&path, input)?;
    let range =
        if matches!(key, "size" | "page[size]") { validate::PAGE_SIZE_RANGE } else { validate::PAGE_NUMBER_RANGE };
    if value < *range.start() as i64 || value > *range.end() as i64 {
        return Err(validate::out_of_range(path, *range.start() as i64, *range.end() as i64, value));
    }
    Ok(Some(value as u64))
}

impl FromInput for PageParams {
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError> {
        let mut reader = ObjectReader::new(field, input)?;
        let page =
            PageParams { number: read_page_value(&mut reader, "number")?, size: read_page_value(&mut reader, "size")? };
        reader.finish()?;
        Ok(page)
    }
}

/// `{ contains?, eq? }` on a text field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextFilter {
    pub contains: Option<String>,
    pub eq: Option<String>,
}

impl FromInput for TextFilter {
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError> {
        let mut reader = ObjectReader::new(field, input)?;
        let filter = TextFilter { contains: reader.string("contains")?, eq: reader.string("eq")? };
        reader.finish()?;
        Ok(filter)
    }
}

/// The nested `filter` of the managed-accounts list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManagedAccountsFilter {
    pub email: Option<TextFilter>,
    pub organization_name: Option<TextFilter>,
    /// `filter[status][eq]`.
    pub status: Option<AccountStatusFilter>,
}

impl FromInput for ManagedAccountsFilter {
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError> {
        let mut reader = ObjectReader::new(field, input)?;
        let email = reader.nested("email")?;
        let organization_name = reader.nested("organization_name")?;
        let status = match reader.take("status") {
            None => None,
            Some((path, value)) => {
                let mut status = ObjectReader::new(&path, value)?;
                let eq = status
                    .take("eq")
                    .map(|(path, v)| known_enum(&path, v, AccountStatusFilter::parse_known, AccountStatusFilter::KNOWN))
                    .transpose()?;
                status.finish()?;
                eq
            }
        };
        reader.finish()?;
        Ok(ManagedAccountsFilter { email, organization_name, status })
    }
}

/// A field the managed-accounts list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortField {
    CreatedAt,
    Email,
}

/// `sort`: a field, ascending unless prefixed with `-`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub field: SortField,
    pub descending: bool,
}

impl Sort {
    pub const KNOWN: &'static [&'static str] = &["created_at", "-created_at", "email", "-email"];

    /// Parses `created_at`, `-created_at`, `email` or `-email`.
    pub fn parse(value: &str) -> Option<Sort> {
        let (descending, name) = match value.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, value),
        };
        let field = match name {
            "created_at" => SortField::CreatedAt,
            "email" => SortField::Email,
            _ => return None,
        };
        Some(Sort { field, descending })
    }

    pub fn as_str(&self) -> &'static str {
        match (self.field, self.descending) {
            (SortField::CreatedAt, false) => "created_at",
            (SortField::CreatedAt, true) => "-created_at",
            (SortField::Email, false) => "email",
            (SortField::Email, true) => "-email",
        }
    }
}

/// Parameters of `GET /managed_accounts`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListManagedAccountsParams {
    pub filter: ManagedAccountsFilter,
    pub sort: Option<Sort>,
    pub include_cancelled_accounts: Option<bool>,
    pub page: PageParams,
}

impl Validate for ListManagedAccountsParams {
    fn validate(&self) -> Result<(), ValidationError> {
        for (name, filter) in
            [("filter[email]", &self.filter.email), ("filter[organization_name]", &self.filter.organization_name)]
        {
            if let Some(filter) = filter {
                if let Some(value) = &filter.contains {
                    validate::text(&cat(&[name, "[contains]"]), value)?;
                }
                if let Some(value) = &filter.eq {
                    validate::text(&cat(&[name, "[eq]"]), value)?;
                }
            }
        }
        self.page.validate()
    }
}

impl FromInput for ListManagedAccountsParams {
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError> {
        let mut reader = ObjectReader::new(field, input)?;
        let filter = reader.nested("filter")?.unwrap_or_default();
        let sort = reader.take("sort").map(|(path, v)| known_enum(&path, v, Sort::parse, Sort::KNOWN)).transpose()?;
        let include_cancelled_accounts = reader.bool("include_cancelled_accounts")?;
        let page = PageParams::read(&mut reader)?;
        reader.finish()?;
        let params = ListManagedAccountsParams { filter, sort, include_cancelled_accounts, page };
        params.validate()?;
        Ok(params)
    }
}

/// Parameters of `GET /organizations/users` (flat keys, as on the wire).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListOrganizationUsersParams {
    /// `filter[email]`: partial match.
    pub filter_email: Option<String>,
    /// `filter[user_status]`.
    pub filter_user_status: Option<UserStatus>,
    pub include_groups: Option<bool>,
    pub page: PageParams,
}

impl Validate for ListOrganizationUsersParams {
    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(email) = &self.filter_email {
            validate::text("filter[email]", email)?;
        }
        self.page.validate()
    }
}

impl FromInput for ListOrganizationUsersParams {
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError> {
        let mut reader = ObjectReader::new(field, input)?;
        let filter_email = reader.string("filter[email]")?;
        let filter_user_status = reader
            .take("filter[user_status]")
            .map(|(path, v)| known_enum(&path, v, UserStatus::parse_known, UserStatus::KNOWN))
            .transpose()?;
        let include_groups = reader.bool("include_groups")?;
        let page = PageParams::read(&mut reader)?;
        reader.finish()?;
        let params = ListOrganizationUsersParams { filter_email, filter_user_status, include_groups, page };
        params.validate()?;
        Ok(params)
    }
}

/// Query of `GET /organizations/users/{id}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RetrieveOrganizationUserParams {
    pub include_groups: Option<bool>,
}

impl FromInput for RetrieveOrganizationUserParams {
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError> {
        let mut reader = ObjectReader::new(field, input)?;
        let params = RetrieveOrganizationUserParams { include_groups: reader.bool("include_groups")? };
        reader.finish()?;
        Ok(params)
    }
}

/// Body of `POST /managed_accounts`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreateManagedAccountParams {
    pub business_name: String,
    pub email: Option<String>,
    pub password: Option<Secret>,
    pub managed_account_allow_custom_pricing: Option<bool>,
    pub rollup_billing: Option<bool>,
}

impl CreateManagedAccountParams {
    pub fn new(business_name: impl Into<String>) -> Self {
        CreateManagedAccountParams { business_name: business_name.into(), ..Default::default() }
    }
}

impl Validate for CreateManagedAccountParams {
    fn validate(&self) -> Result<(), ValidationError> {
        validate::required_text("business_name", &self.business_name)?;
        if let Some(email) = &self.email {
            validate::text("email", email)?;
        }
        if let Some(password) = &self.password {
            validate::text("password", password.expose())?;
        }
        Ok(())
    }
}

impl FromInput for CreateManagedAccountParams {
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError> {
        if matches!(input, Input::Absent) {
            return Err(ValidationError::new("business_name", "is required"));
        }
        let mut reader = ObjectReader::new(field, input)?;
        let business_name = match reader.take("business_name") {
            Some((path, value)) => expect_string(&path, value)?,
            None => return Err(ValidationError::new("business_name", "is required")),
        };
        let params = CreateManagedAccountParams {
            business_name,
            email: reader.string("email")?,
            password: reader.string("password")?.map(Secret::from),
            managed_account_allow_custom_pricing: reader.bool("managed_account_allow_custom_pricing")?,
            rollup_billing: reader.bool("rollup_billing")?,
        };
        reader.finish()?;
        params.validate()?;
        Ok(params)
    }
}

/// Body of `PATCH /managed_accounts/{id}`; may be omitted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpdateManagedAccountParams {
    pub managed_account_allow_custom_pricing: Option<bool>,
}

impl FromInput for UpdateManagedAccountParams {
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError> {
        let mut reader = ObjectReader::new(field, input)?;
        let params = UpdateManagedAccountParams {
            managed_account_allow_custom_pricing: reader.bool("managed_account_allow_custom_pricing")?,
        };
        reader.finish()?;
        Ok(params)
    }
}

/// Body of `POST /managed_accounts/{id}/actions/enable`; may be omitted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EnableManagedAccountParams {
    pub reenable_all_connections: Option<bool>,
}

impl FromInput for EnableManagedAccountParams {
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError> {
        let mut reader = ObjectReader::new(field, input)?;
        let params = EnableManagedAccountParams { reenable_all_connections: reader.bool("reenable_all_connections")? };
        reader.finish()?;
        Ok(params)
    }
}

/// Body of `PATCH /managed_accounts/{id}/update_global_channel_limit`; may be omitted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpdateGlobalChannelLimitParams {
    pub channel_limit: Option<i64>,
}

impl Validate for UpdateGlobalChannelLimitParams {
    fn validate(&self) -> Result<(), ValidationError> {
        match self.channel_limit {
            Some(limit) => validate::in_range("channel_limit", limit, &validate::CHANNEL_LIMIT_RANGE),
            None => Ok(()),
        }
    }
}

impl FromInput for UpdateGlobalChannelLimitParams {
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError> {
        let mut reader = ObjectReader::new(field, input)?;
        let params = UpdateGlobalChannelLimitParams { channel_limit: reader.integer("channel_limit")? };
        reader.finish()?;
        params.validate()?;
        Ok(params)
    }
}

/// The format of the users-groups report, chosen with `Accept`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReportFormat {
    #[default]
    Json,
    Csv,
}

impl ReportFormat {
    pub fn accept(self) -> &'static str {
        match self {
            ReportFormat::Json => "application/json",
            ReportFormat::Csv => "text/csv",
        }
    }
}

impl FromInput for ReportFormat {
    /// Reads `{ Accept?: 'application/json' | 'text/csv' }`.
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError> {
        let mut reader = ObjectReader::new(field, input)?;
        let format = match reader.take("Accept") {
            None => ReportFormat::Json,
            Some((path, value)) => match expect_string(&path, value)?.as_str() {
                "application/json" => ReportFormat::Json,
                "text/csv" => ReportFormat::Csv,
                other => {
                    return Err(ValidationError::new(
                        path,
                        cat(&["must be one of `application/json`, `text/csv` (got `", &clip(other), "`)"]),
                    ))
                }
            },
        };
        reader.finish()?;
        Ok(format)
    }
}

/// Reads a string that must be one of `known`.
fn known_enum<T>(
    field: &str,
    input: &Input,
    parse: impl Fn(&str) -> Option<T>,
    known: &[&str],
) -> Result<T, ValidationError> {
    let value = expect_string(field, input)?;
    parse(&value).ok_or_else(|| {
        let mut reason = String::from("must be one of ");
        for (i, k) in known.iter().enumerate() {
            if i > 0 {
                reason.push_str(", ");
            }
            reason.push('`');
            reason.push_str(k);
            reason.push('`');
        }
        reason.push_str(" (got `");
        reason.push_str(&clip(&value));
        reason.push_str("`)");
        ValidationError::new(field, reason)
    })
}

/// Shortens a caller's value for an error message.
fn clip(value: &str) -> String {
    const MAX: usize = 40;
    if crate::text::char_count(value) <= MAX {
        value.to_owned()
    } else {
        let mut out = value.chars().take(MAX).collect::<String>();
        out.push('…');
        out
    }
}
