//! The mock's data: managed accounts, organization users and their groups.
//!
//! Everything the 12 operations read or change lives in one [`Store`]. The
//! server holds it behind a lock, so every operation sees and leaves a
//! consistent state; the operations here are plain functions on it, which
//! keeps them easy to test without sockets.

use crate::engine::errors::ApiFailure;
use crate::engine::ids::{format_timestamp, from_unix_ms, Entropy, SeededRng};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use telnyx_core::models::{
    ManagedAccount, ManagedAccountBalance, ManagedAccountListItem, ManagedAccountsGlobalOutboundChannels,
    OrganizationUser, OrganizationUserWithGroups, SingleManagedAccountGlobalOutboundChannels, UserGroupReference,
    UserStatus,
};
use telnyx_core::Secret;
use time::OffsetDateTime;

/// The lifecycle state of a managed account; the API shows it only through
/// `filter[status][eq]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountStatus {
    Enabled,
    Disabled,
    Cancelled,
    Blocked,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Enabled => "enabled",
            AccountStatus::Disabled => "disabled",
            AccountStatus::Cancelled => "cancelled",
            AccountStatus::Blocked => "blocked",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "enabled" => Some(AccountStatus::Enabled),
            "disabled" => Some(AccountStatus::Disabled),
            "cancelled" => Some(AccountStatus::Cancelled),
            "blocked" => Some(AccountStatus::Blocked),
            _ => None,
        }
    }
}

/// A managed account as the mock stores it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountRecord {
    pub id: String,
    pub email: String,
    pub organization_name: String,
    pub api_key: Secret,
    pub api_token: Secret,
    pub created_at: String,
    pub updated_at: String,
    pub status: AccountStatus,
    pub channel_limit: i64,
    pub managed_account_allow_custom_pricing: bool,
    pub rollup_billing: bool,
    /// `None` for roll-up billing accounts: they share the manager's balance.
    pub balance: Option<ManagedAccountBalance>,
    #[serde(skip)]
    email_lower: String,
    #[serde(skip)]
    organization_lower: String,
    /// The list view, serialised: a 250-item page is then mostly a copy.
    #[serde(skip)]
    list_json: String,
}

/// An organization user as the mock stores it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRecord {
    pub id: String,
    pub email: String,
    /// `organization_owner` or `organization_sub_user`.
    pub record_type: String,
    pub user_status: UserStatus,
    pub created_at: String,
    pub last_sign_in_at: Option<String>,
    pub organization_user_bypasses_sso: bool,
    pub group_ids: Vec<String>,
    #[serde(skip)]
    email_lower: String,
}

/// A group of organization users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRecord {
    pub id: String,
    pub name: String,
}

/// The manager: the account whose API key the mock pretends to serve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manager {
    pub id: String,
    pub email: String,
    pub allocatable_global_outbound_channels: i64,
    pub managed_account_allow_custom_pricing: bool,
}

/// What a create call asks for, already validated.
#[derive(Clone, Debug, Default)]
pub struct NewAccount {
    pub business_name: String,
    pub email: Option<String>,
    pub managed_account_allow_custom_pricing: Option<bool>,
    pub rollup_billing: Option<bool>,
}

/// Which managed accounts a list call wants.
#[derive(Clone, Debug, Default)]
pub struct AccountQuery {
    pub email_contains: Option<String>,
    pub email_eq: Option<String>,
    pub organization_name_contains: Option<String>,
    pub organization_name_eq: Option<String>,
    pub status: Option<StatusFilter>,
    pub sort_by_email: bool,
    pub descending: bool,
    pub include_cancelled: bool,
}

/// `filter[status][eq]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// No status condition.
    All,
    /// Anything but cancelled.
    Active,
    Is(AccountStatus),
}

/// Which users a list call wants.
#[derive(Clone, Debug, Default)]
pub struct UserQuery {
    pub email_contains: Option<String>,
    pub user_status: Option<UserStatus>,
}

/// One page of a list, and how many items matched in all.
pub struct Page<'a, T> {
    pub items: Vec<&'a T>,
    pub total: u64,
}

/// Counts of what the store holds, for `GET /__admin/state`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCounts {
    pub accounts: u64,
    pub accounts_by_status: BTreeMap<String, u64>,
    pub users: u64,
    pub groups: u64,
    pub total_global_channels_allocated: i64,
}

/// Everything the 12 operations work on.
#[derive(Clone, Debug)]
pub struct Store {
    manager: Manager,
    /// In creation order, which is also `created_at` order.
    accounts: Vec<AccountRecord>,
    account_by_id: HashMap<String, usize>,
    /// Lower-cased email → position: emails are unique and this is the `email` sort.
    account_by_email: BTreeMap<String, usize>,
    /// In creation order; removed users leave the vector.
    users: Vec<UserRecord>,
    groups: Vec<GroupRecord>,
    last_timestamp: OffsetDateTime,
    generated_emails: u64,
    /// How many accounts are cancelled, counted on first need after a change:
    /// it gives an unfiltered list its `total` without a scan of every account.
    cancelled: Cell<Option<u64>>,
    /// The engine's time (ms since the Unix epoch) for the operation at hand.
    now_ms: u64,
    /// Where the operation at hand draws new ids and keys from.
    rng: SeededRng,
}

/// Longest business name accepted.
pub const MAX_NAME_LEN: usize = 255;
/// Longest email accepted (RFC 5321).
pub const MAX_EMAIL_LEN: usize = 254;

impl Store {
    pub fn new(manager: Manager) -> Self {
        Store {
            manager,
            accounts: Vec::new(),
            account_by_id: HashMap::new(),
            account_by_email: BTreeMap::new(),
            users: Vec::new(),
            groups: Vec::new(),
            last_timestamp: OffsetDateTime::UNIX_EPOCH,
            generated_emails: 0,
            cancelled: Cell::new(None),
            now_ms: 0,
            rng: SeededRng::new(0),
        }
    }

    /// How many emails `create` has generated (`local+managedN@domain`).
    pub fn generated_emails(&self) -> u64 {
        self.generated_emails
    }

    pub fn set_generated_emails(&mut self, count: u64) {
        self.generated_emails = count;
    }

    /// The time and randomness the next operations use.
    pub fn set_clock(&mut self, now_ms: u64, random: u64) {
        self.now_ms = now_ms;
        self.rng = SeededRng::new(random);
    }

    pub fn manager(&self) -> &Manager {
        &self.manager
    }

    /// A timestamp for "now" that never goes backwards, so creation order and
    /// `created_at` order agree even if the wall clock steps back.
    fn now(&mut self) -> String {
        let now = from_unix_ms(self.now_ms).max(self.last_timestamp);
        self.last_timestamp = now;
        format_timestamp(now)
    }

    // ----- seeding -------------------------------------------------------

    /// Adds an account as seed data; fails on a duplicate id or email.
    pub fn insert_account(&mut self, mut record: AccountRecord) -> Result<(), String> {
        record.email_lower = record.email.to_lowercase();
        record.organization_lower = record.organization_name.to_lowercase();
        if self.account_by_id.contains_key(&record.id) {
            return Err(format!("duplicate managed account id `{}`", record.id));
        }
        if self.account_by_email.contains_key(&record.email_lower) {
            return Err(format!("duplicate managed account email `{}`", record.email));
        }
        if let Some(at) = crate::engine::ids::parse_timestamp(&record.created_at) {
            self.last_timestamp = self.last_timestamp.max(at);
        }
        record.refresh(&self.manager.id);
        self.cancelled.set(None);
        let index = self.accounts.len();
        self.account_by_id.insert(record.id.clone(), index);
        self.account_by_email.insert(record.email_lower.clone(), index);
        self.accounts.push(record);
        Ok(())
    }

    /// Sorts seeded accounts by `created_at` (stable) and rebuilds the indexes.
    pub fn finish_seeding(&mut self) {
        self.accounts.sort_by(|a, b| a.created_at.cmp(&b.created_at));
        self.account_by_id = self.accounts.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        self.account_by_email = self.accounts.iter().enumerate().map(|(i, a)| (a.email_lower.clone(), i)).collect();
        self.users.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    }

    pub fn insert_group(&mut self, group: GroupRecord) -> Result<(), String> {
        if self.groups.iter().any(|g| g.id == group.id) {
            return Err(format!("duplicate group id `{}`", group.id));
        }
        self.groups.push(group);
        Ok(())
    }

    pub fn group_id_by_name(&self, name: &str) -> Option<&str> {
        self.groups.iter().find(|g| g.name == name).map(|g| g.id.as_str())
    }

    pub fn insert_user(&mut self, mut user: UserRecord) -> Result<(), String> {
        user.email_lower = user.email.to_lowercase();
        if self.users.iter().any(|u| u.id == user.id) {
            return Err(format!("duplicate user id `{}`", user.id));
        }
        for group in &user.group_ids {
            if !self.groups.iter().any(|g| &g.id == group) {
                return Err(format!("user `{}` names unknown group `{group}`", user.email));
            }
        }
        self.users.push(user);
        Ok(())
    }

    // ----- managed accounts ----------------------------------------------

    pub fn account(&self, id: &str) -> Option<&AccountRecord> {
        self.account_by_id.get(id).map(|&i| &self.accounts[i])
    }

    fn account_mut(&mut self, id: &str) -> Result<&mut AccountRecord, ApiFailure> {
        self.cancelled.set(None);
        match self.account_by_id.get(id) {
            Some(&i) => Ok(&mut self.accounts[i]),
            None => Err(ApiFailure::not_found("Managed account", id)),
        }
    }

    /// Re-serialises an account's list view after a change, and returns it.
    fn refreshed(&mut self, id: &str) -> Result<&AccountRecord, ApiFailure> {
        let Some(&index) = self.account_by_id.get(id) else {
            return Err(ApiFailure::not_found("Managed account", id));
        };
        self.accounts[index].refresh(&self.manager.id);
        Ok(&self.accounts[index])
    }

    pub fn accounts(&self) -> &[AccountRecord] {
        &self.accounts
    }

    /// `POST /managed_accounts`.
    pub fn create_account(&mut self, new: NewAccount) -> Result<&AccountRecord, ApiFailure> {
        let email = match new.email {
            Some(email) => email,
            None => self.generated_email(),
        };
        let email_lower = email.to_lowercase();
        if self.account_by_email.contains_key(&email_lower) {
            return Err(ApiFailure::invalid_field("/email", "The email has already been taken."));
        }
        let now = self.now();
        let rollup = new.rollup_billing.unwrap_or(false);
        let mut entropy = Entropy(&mut self.rng);
        let record = AccountRecord {
            id: entropy.uuid(),
            organization_lower: new.business_name.to_lowercase(),
            organization_name: new.business_name,
            email_lower: email_lower.clone(),
            email,
            api_key: Secret::new(entropy.api_key()),
            api_token: Secret::new(entropy.token()),
            created_at: now.clone(),
            updated_at: now,
            status: AccountStatus::Enabled,
            channel_limit: 0,
            managed_account_allow_custom_pricing: new.managed_account_allow_custom_pricing.unwrap_or(false),
            rollup_billing: rollup,
            balance: (!rollup).then(zero_balance),
            list_json: String::new(),
        };
        let mut record = record;
        record.refresh(&self.manager.id);
        self.cancelled.set(None);
        let index = self.accounts.len();
        self.account_by_id.insert(record.id.clone(), index);
        self.account_by_email.insert(email_lower, index);
        self.accounts.push(record);
        Ok(&self.accounts[index])
    }

    /// "If not provided, the email address will be generated based on the
    /// email address of the manager account": `local+managedN@domain`.
    fn generated_email(&mut self) -> String {
        let (local, domain) = self.manager.email.split_once('@').unwrap_or(("manager", "example.com"));
        let (local, domain) = (local.to_owned(), domain.to_owned());
        loop {
            self.generated_emails += 1;
            let candidate = format!("{local}+managed{}@{domain}", self.generated_emails);
            if !self.account_by_email.contains_key(&candidate.to_lowercase()) {
                return candidate;
            }
        }
    }

    /// `PATCH /managed_accounts/{id}`.
    pub fn update_account(
        &mut self,
        id: &str,
        allow_custom_pricing: Option<bool>,
    ) -> Result<&AccountRecord, ApiFailure> {
        let now = self.now();
        let account = self.account_mut(id)?;
        if let Some(value) = allow_custom_pricing {
            account.managed_account_allow_custom_pricing = value;
            account.updated_at = now;
        }
        self.refreshed(id)
    }

    /// `POST /managed_accounts/{id}/actions/disable`: disabling a disabled
    /// account is a no-op; a cancelled or blocked one cannot be disabled.
    pub fn disable_account(&mut self, id: &str) -> Result<&AccountRecord, ApiFailure> {
        let now = self.now();
        let account = self.account_mut(id)?;
        match account.status {
            AccountStatus::Enabled => {
                account.status = AccountStatus::Disabled;
                account.updated_at = now;
            }
            AccountStatus::Disabled => {}
            other => {
                return Err(ApiFailure::invalid_field(
                    "/id",
                    format!("The managed account is {} and cannot be disabled.", other.as_str()),
                ))
            }
        }
        self.refreshed(id)
    }

    /// `POST /managed_accounts/{id}/actions/enable`.
    pub fn enable_account(&mut self, id: &str) -> Result<&AccountRecord, ApiFailure> {
        let now = self.now();
        let account = self.account_mut(id)?;
        match account.status {
            AccountStatus::Disabled => {
                account.status = AccountStatus::Enabled;
                account.updated_at = now;
            }
            AccountStatus::Enabled => {}
            other => {
                return Err(ApiFailure::invalid_field(
                    "/id",
                    format!("The managed account is {} and cannot be enabled.", other.as_str()),
                ))
            }
        }
        self.refreshed(id)
    }

    /// `PATCH /managed_accounts/{id}/update_global_channel_limit`: the sum of
    /// all accounts' limits may not exceed the manager's allocatable channels.
    pub fn set_channel_limit(
        &mut self,
        id: &str,
        channel_limit: Option<i64>,
    ) -> Result<SingleManagedAccountGlobalOutboundChannels, ApiFailure> {
        let allocatable = self.manager.allocatable_global_outbound_channels;
        let allocated = self.total_channels_allocated();
        let now = self.now();
        let manager_id = self.manager.id.clone();
        let account = self.account_mut(id)?;
        if let Some(limit) = channel_limit {
            let others = allocated.saturating_sub(account.channel_limit);
            if others.saturating_add(limit) > allocatable {
                return Err(ApiFailure::invalid_field(
                    "/channel_limit",
                    format!(
                        "Only {} more channels can be allocated to this account (the manager has {allocatable} \
                         allocatable channels, {others} allocated elsewhere).",
                        allocatable.saturating_sub(others).max(0)
                    ),
                ));
            }
            account.channel_limit = limit;
            account.updated_at = now;
            account.refresh(&manager_id);
        }
        Ok(SingleManagedAccountGlobalOutboundChannels {
            channel_limit: Some(account.channel_limit),
            email: Some(account.email.clone()),
            id: Some(account.id.clone()),
            manager_account_id: Some(manager_id),
            record_type: Some("managed_account_global_outbound_settings".to_owned()),
        })
    }

    pub fn total_channels_allocated(&self) -> i64 {
        self.accounts
            .iter()
            .filter(|a| a.status != AccountStatus::Cancelled)
            .fold(0i64, |sum, a| sum.saturating_add(a.channel_limit))
    }

    /// `GET /managed_accounts/allocatable_global_outbound_channels`.
    pub fn allocatable_channels(&self) -> ManagedAccountsGlobalOutboundChannels {
        ManagedAccountsGlobalOutboundChannels {
            allocatable_global_outbound_channels: Some(self.manager.allocatable_global_outbound_channels),
            managed_account_allow_custom_pricing: Some(self.manager.managed_account_allow_custom_pricing),
            record_type: Some("allocatable_global_outbound_channels".to_owned()),
            total_global_channels_allocated: Some(self.total_channels_allocated()),
        }
    }

    /// `GET /managed_accounts`: filters, then sorts, then cuts the page.
    pub fn list_accounts(&self, query: &AccountQuery, page_number: u64, page_size: u64) -> Page<'_, AccountRecord> {
        let email_contains = query.email_contains.as_ref().map(|s| s.to_lowercase());
        let email_eq = query.email_eq.as_ref().map(|s| s.to_lowercase());
        let org_contains = query.organization_name_contains.as_ref().map(|s| s.to_lowercase());
        let include_cancelled =
            query.include_cancelled || query.status == Some(StatusFilter::Is(AccountStatus::Cancelled));
        let matches = |a: &AccountRecord| {
            (include_cancelled || a.status != AccountStatus::Cancelled)
                && match query.status {
                    None | Some(StatusFilter::All) => true,
                    Some(StatusFilter::Active) => a.status != AccountStatus::Cancelled,
                    Some(StatusFilter::Is(status)) => a.status == status,
                }
                && email_contains.as_ref().map_or(true, |needle| a.email_lower.contains(needle.as_str()))
                && email_eq.as_ref().map_or(true, |eq| &a.email_lower == eq)
                && org_contains.as_ref().map_or(true, |needle| a.organization_lower.contains(needle.as_str()))
                && query.organization_name_eq.as_ref().map_or(true, |eq| &a.organization_name == eq)
        };
        let ordered: Box<dyn Iterator<Item = &AccountRecord>> = match (query.sort_by_email, query.descending) {
            (false, false) => Box::new(self.accounts.iter()),
            (false, true) => Box::new(self.accounts.iter().rev()),
            (true, false) => Box::new(self.account_by_email.values().map(|&i| &self.accounts[i])),
            (true, true) => Box::new(self.account_by_email.values().rev().map(|&i| &self.accounts[i])),
        };
        let unfiltered = query.email_contains.is_none()
            && query.email_eq.is_none()
            && query.organization_name_contains.is_none()
            && query.organization_name_eq.is_none()
            && matches!(query.status, None | Some(StatusFilter::All) | Some(StatusFilter::Active));
        if !unfiltered {
            return paginate(ordered.filter(|a| matches(a)), page_number, page_size);
        }
        // Only cancelled accounts can be left out: the total is known, so
        // the walk stops at the end of the page.
        let excludes_cancelled = !include_cancelled || query.status == Some(StatusFilter::Active);
        let total = self.accounts.len() as u64 - if excludes_cancelled { self.cancelled_count() } else { 0 };
        let skip = page_number.saturating_sub(1).saturating_mul(page_size);
        let items = ordered
            .filter(|a| matches(a))
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(page_size).unwrap_or(usize::MAX))
            .collect();
        Page { items, total }
    }

    fn cancelled_count(&self) -> u64 {
        if let Some(count) = self.cancelled.get() {
            return count;
        }
        let count = self.accounts.iter().filter(|a| a.status == AccountStatus::Cancelled).count() as u64;
        self.cancelled.set(Some(count));
        count
    }

    // ----- organization users --------------------------------------------

    pub fn users(&self) -> &[UserRecord] {
        &self.users
    }

    pub fn groups(&self) -> &[GroupRecord] {
        &self.groups
    }

    pub fn user(&self, id: &str) -> Option<&UserRecord> {
        self.users.iter().find(|u| u.id == id)
    }

    /// `GET /organizations/users`, in creation order (the owner first).
    pub fn list_users(&self, query: &UserQuery, page_number: u64, page_size: u64) -> Page<'_, UserRecord> {
        let needle = query.email_contains.as_ref().map(|s| s.to_lowercase());
        let matching = self.users.iter().filter(|u| {
            needle.as_ref().map_or(true, |n| u.email_lower.contains(n.as_str()))
                && query.user_status.as_ref().map_or(true, |s| &u.user_status == s)
        });
        paginate(matching, page_number, page_size)
    }

    /// `POST /organizations/users/{id}/actions/remove`: the owner cannot be removed.
    pub fn remove_user(&mut self, id: &str) -> Result<UserRecord, ApiFailure> {
        let Some(index) = self.users.iter().position(|u| u.id == id) else {
            return Err(ApiFailure::not_found("Organization user", id));
        };
        if self.users[index].record_type == "organization_owner" {
            return Err(ApiFailure::forbidden("The organization owner cannot be removed."));
        }
        Ok(self.users.remove(index))
    }

    fn group_refs(&self, user: &UserRecord) -> Vec<UserGroupReference> {
        user.group_ids
            .iter()
            .filter_map(|id| self.groups.iter().find(|g| &g.id == id))
            .map(|g| UserGroupReference { id: g.id.clone(), name: g.name.clone() })
            .collect()
    }

    pub fn user_view(&self, user: &UserRecord, include_groups: bool) -> OrganizationUser {
        OrganizationUser {
            id: Some(user.id.clone()),
            record_type: Some(user.record_type.clone()),
            email: Some(user.email.clone()),
            user_status: Some(user.user_status.clone()),
            created_at: Some(user.created_at.clone()),
            last_sign_in_at: Some(user.last_sign_in_at.clone()),
            organization_user_bypasses_sso: Some(user.organization_user_bypasses_sso),
            groups: include_groups.then(|| self.group_refs(user)),
        }
    }

    /// `GET /organizations/users/users_groups_report`: every user, groups included.
    pub fn groups_report(&self) -> Vec<OrganizationUserWithGroups> {
        self.users
            .iter()
            .map(|u| OrganizationUserWithGroups {
                id: u.id.clone(),
                record_type: u.record_type.clone(),
                email: u.email.clone(),
                user_status: u.user_status.clone(),
                created_at: u.created_at.clone(),
                groups: self.group_refs(u),
                last_sign_in_at: Some(u.last_sign_in_at.clone()),
                organization_user_bypasses_sso: Some(u.organization_user_bypasses_sso),
            })
            .collect()
    }

    // ----- admin ---------------------------------------------------------

    /// Sets an account's status directly (the API has no call for cancel or block).
    pub fn set_account_status(&mut self, id: &str, status: AccountStatus) -> Result<&AccountRecord, ApiFailure> {
        let now = self.now();
        let account = self.account_mut(id)?;
        account.status = status;
        account.updated_at = now;
        self.refreshed(id)
    }

    pub fn counts(&self) -> StateCounts {
        let mut by_status = BTreeMap::new();
        for status in
            [AccountStatus::Enabled, AccountStatus::Disabled, AccountStatus::Cancelled, AccountStatus::Blocked]
        {
            by_status.insert(status.as_str().to_owned(), 0);
        }
        for account in &self.accounts {
            *by_status.entry(account.status.as_str().to_owned()).or_insert(0) += 1;
        }
        StateCounts {
            accounts: self.accounts.len() as u64,
            accounts_by_status: by_status,
            users: self.users.len() as u64,
            groups: self.groups.len() as u64,
            total_global_channels_allocated: self.total_channels_allocated(),
        }
    }
}

fn paginate<'a, T: 'a>(matching: impl Iterator<Item = &'a T>, page_number: u64, page_size: u64) -> Page<'a, T> {
    let skip = page_number.saturating_sub(1).saturating_mul(page_size);
    let mut items = Vec::with_capacity(page_size.min(250) as usize);
    let mut total = 0u64;
    for item in matching {
        if total >= skip && (items.len() as u64) < page_size {
            items.push(item);
        }
        total += 1;
    }
    Page { items, total }
}

fn zero_balance() -> ManagedAccountBalance {
    ManagedAccountBalance {
        available_credit: Some("0.00".to_owned()),
        balance: Some("0.00".to_owned()),
        credit_limit: Some("0.00".to_owned()),
        currency: Some("USD".to_owned()),
        record_type: Some("balance".to_owned()),
    }
}

impl AccountRecord {
    /// A record with the search keys filled in (they are derived, never stored apart).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: String,
        email: String,
        organization_name: String,
        api_key: String,
        api_token: String,
        created_at: String,
        status: AccountStatus,
        channel_limit: i64,
        managed_account_allow_custom_pricing: bool,
        rollup_billing: bool,
        balance: Option<ManagedAccountBalance>,
    ) -> Self {
        AccountRecord {
            email_lower: email.to_lowercase(),
            organization_lower: organization_name.to_lowercase(),
            id,
            email,
            organization_name,
            api_key: Secret::new(api_key),
            api_token: Secret::new(api_token),
            updated_at: created_at.clone(),
            created_at,
            status,
            channel_limit,
            managed_account_allow_custom_pricing,
            rollup_billing,
            balance: if rollup_billing { None } else { Some(balance.unwrap_or_else(zero_balance)) },
            list_json: String::new(),
        }
    }

    fn refresh(&mut self, manager_id: &str) {
        self.list_json = serde_json::to_string(&self.list_item(manager_id)).unwrap_or_default();
    }

    /// The list view as JSON, kept up to date by every change.
    pub fn list_json(&self) -> &str {
        &self.list_json
    }

    /// The full view: create, retrieve, update, enable and disable answer with it.
    pub fn view(&self, manager_id: &str) -> ManagedAccount {
        ManagedAccount {
            id: self.id.clone(),
            record_type: "managed_account".to_owned(),
            email: self.email.clone(),
            api_key: self.api_key.clone(),
            api_user: self.email.clone(),
            api_token: self.api_token.clone(),
            manager_account_id: manager_id.to_owned(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            balance: self.balance.clone(),
            managed_account_allow_custom_pricing: Some(self.managed_account_allow_custom_pricing),
            organization_name: Some(self.organization_name.clone()),
            rollup_billing: Some(self.rollup_billing),
        }
    }

    /// The list view: no secrets, no balance.
    pub fn list_item(&self, manager_id: &str) -> ManagedAccountListItem {
        ManagedAccountListItem {
            id: self.id.clone(),
            record_type: "managed_account".to_owned(),
            email: self.email.clone(),
            api_user: self.email.clone(),
            manager_account_id: manager_id.to_owned(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            managed_account_allow_custom_pricing: Some(self.managed_account_allow_custom_pricing),
            organization_name: Some(self.organization_name.clone()),
            rollup_billing: Some(self.rollup_billing),
        }
    }
}

impl UserRecord {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: String,
        email: String,
        record_type: String,
        user_status: UserStatus,
        created_at: String,
        last_sign_in_at: Option<String>,
        organization_user_bypasses_sso: bool,
        group_ids: Vec<String>,
    ) -> Self {
        UserRecord {
            email_lower: email.to_lowercase(),
            id,
            email,
            record_type,
            user_status,
            created_at,
            last_sign_in_at,
            organization_user_bypasses_sso,
            group_ids,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page and total a full scan of every account gives.
    fn scanned(store: &Store, query: &AccountQuery, page_number: u64, page_size: u64) -> (Vec<String>, u64) {
        let mut order: Vec<&AccountRecord> = store.accounts().iter().collect();
        if query.descending {
            order.reverse();
        }
        let kept: Vec<&AccountRecord> = order
            .into_iter()
            .filter(|a| {
                let shows_cancelled = query.include_cancelled && query.status != Some(StatusFilter::Active);
                shows_cancelled || a.status != AccountStatus::Cancelled
            })
            .collect();
        let skip = ((page_number - 1) * page_size) as usize;
        let ids = kept.iter().skip(skip).take(page_size as usize).map(|a| a.id.clone()).collect();
        (ids, kept.len() as u64)
    }

    #[test]
    fn unfiltered_pages_and_totals_match_a_full_scan_as_statuses_change() {
        let mut store = crate::engine::seed::Seed::Default.build().unwrap();
        let ids: Vec<String> = store.accounts().iter().map(|a| a.id.clone()).collect();
        let check = |store: &Store| {
            for status in [None, Some(StatusFilter::All), Some(StatusFilter::Active)] {
                for include_cancelled in [false, true] {
                    for descending in [false, true] {
                        let query = AccountQuery { status, include_cancelled, descending, ..AccountQuery::default() };
                        for (number, size) in [(1, 2), (2, 2), (1, 250), (3, 1), (100, 5)] {
                            let page = store.list_accounts(&query, number, size);
                            let got: Vec<String> = page.items.iter().map(|a| a.id.clone()).collect();
                            assert_eq!(
                                (got, page.total),
                                scanned(store, &query, number, size),
                                "{query:?} {number} {size}"
                            );
                        }
                    }
                }
            }
        };
        check(&store);
        store.set_account_status(&ids[0], AccountStatus::Cancelled).unwrap();
        check(&store);
        store.create_account(NewAccount { business_name: "Fresh".into(), ..Default::default() }).unwrap();
        store.set_account_status(&ids[1], AccountStatus::Cancelled).unwrap();
        check(&store);
        store.set_account_status(&ids[0], AccountStatus::Enabled).unwrap();
        check(&store);
    }
}
