//! Seed data: the deterministic default, synthetic bulk data, or a JSON fixture.
//!
//! Seeds are reproducible: ids, keys and timestamps come from a fixed
//! generator, so a test can rely on what `--accounts 10000` produces, and
//! `POST /__admin/reset` brings back exactly the same records.

use crate::engine::ids::{format_timestamp, parse_timestamp, Entropy, SeededRng};
use crate::engine::snapshot::{scenario, Snapshot};
use crate::engine::state::{AccountRecord, AccountStatus, GroupRecord, Manager, Store, UserRecord};
use crate::Error;
use serde::{Deserialize, Serialize};
use telnyx_core::models::{ManagedAccountBalance, UserStatus};
use time::{Duration, OffsetDateTime};

/// Where the initial state comes from.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Seed {
    /// A few dozen accounts (some disabled, cancelled, blocked) and a dozen
    /// users in four groups, the same on every start.
    #[default]
    Default,
    /// `accounts` synthetic managed accounts (all enabled) and `users`
    /// synthetic users; `None` keeps that part of the default seed.
    Synthetic { accounts: Option<usize>, users: Option<usize> },
    /// A JSON fixture (see [`Fixture`]).
    Fixture(Fixture),
    /// No accounts and only the organization owner.
    Empty,
    /// A saved state (see [`Snapshot`]), idempotency records and rate window included.
    Snapshot(Box<Snapshot>),
    /// A named scenario (see [`crate::SCENARIOS`]), such as `rate-limited`.
    Scenario(String),
}

impl Seed {
    /// Reads a fixture file.
    pub fn from_file(path: &std::path::Path) -> Result<Seed, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(format!("cannot read seed file {}", path.display()), e))?;
        let fixture: Fixture = serde_json::from_str(&text)
            .map_err(|e| Error::InvalidSeed(format!("seed file {} is not valid: {e}", path.display())))?;
        Ok(Seed::Fixture(fixture))
    }

    /// Builds the store this seed describes.
    pub(crate) fn build(&self) -> Result<Store, Error> {
        match self.snapshot()? {
            Some(snapshot) => snapshot.to_store(),
            None => self.build_store().map_err(Error::InvalidSeed),
        }
    }

    /// The snapshot a `Snapshot` or `Scenario` seed stands for.
    pub(crate) fn snapshot(&self) -> Result<Option<Snapshot>, Error> {
        match self {
            Seed::Snapshot(snapshot) => Ok(Some((**snapshot).clone())),
            Seed::Scenario(name) => scenario(name).map(Some),
            _ => Ok(None),
        }
    }

    fn build_store(&self) -> Result<Store, String> {
        let mut rng = SeededRng::new(0x7E1E_0001);
        let store = match self {
            Seed::Default => {
                let mut store = Store::new(default_manager(&mut rng));
                default_accounts(&mut store, &mut rng)?;
                default_users(&mut store, &mut rng)?;
                store
            }
            Seed::Empty => {
                let mut store = Store::new(default_manager(&mut rng));
                let groups = default_groups(&mut store, &mut rng)?;
                owner(&mut store, &mut rng, &groups)?;
                store
            }
            Seed::Synthetic { accounts, users } => {
                let mut store = Store::new(default_manager(&mut rng));
                match accounts {
                    Some(n) => synthetic_accounts(&mut store, &mut rng, *n)?,
                    None => default_accounts(&mut store, &mut rng)?,
                }
                match users {
                    Some(n) => synthetic_users(&mut store, &mut rng, *n)?,
                    None => default_users(&mut store, &mut rng)?,
                }
                store
            }
            Seed::Fixture(fixture) => fixture.build(&mut rng)?,
            Seed::Snapshot(_) | Seed::Scenario(_) => return Err("a snapshot is not seed data".to_owned()),
        };
        let mut store = store;
        store.finish_seeding();
        Ok(store)
    }
}

/// The JSON fixture read by `--seed FILE`. Every field but the emails and
/// names may be left out; missing ids and keys are generated reproducibly.
///
/// ```json
/// {
///   "manager": { "email": "me@example.com", "allocatable_global_outbound_channels": 500 },
///   "groups": [ { "name": "Engineering" } ],
///   "accounts": [ { "email": "a@example.com", "organization_name": "A Inc", "status": "disabled" } ],
///   "users": [ { "email": "owner@example.com", "record_type": "organization_owner", "groups": ["Engineering"] } ]
/// }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    #[serde(default)]
    pub manager: Option<FixtureManager>,
    #[serde(default)]
    pub groups: Vec<FixtureGroup>,
    #[serde(default)]
    pub accounts: Vec<FixtureAccount>,
    #[serde(default)]
    pub users: Vec<FixtureUser>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureManager {
    pub id: Option<String>,
    pub email: Option<String>,
    pub allocatable_global_outbound_channels: Option<i64>,
    pub managed_account_allow_custom_pricing: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureGroup {
    pub id: Option<String>,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureAccount {
    pub id: Option<String>,
    pub email: String,
    pub organization_name: String,
    pub status: Option<AccountStatus>,
    pub channel_limit: Option<i64>,
    pub created_at: Option<String>,
    pub managed_account_allow_custom_pricing: Option<bool>,
    pub rollup_billing: Option<bool>,
    pub balance: Option<ManagedAccountBalance>,
    pub api_key: Option<String>,
    pub api_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureUser {
    pub id: Option<String>,
    pub email: String,
    pub record_type: Option<String>,
    pub user_status: Option<UserStatus>,
    pub created_at: Option<String>,
    pub last_sign_in_at: Option<String>,
    pub organization_user_bypasses_sso: Option<bool>,
    /// Group names (or ids).
    #[serde(default)]
    pub groups: Vec<String>,
}

impl Fixture {
    fn build(&self, rng: &mut SeededRng) -> Result<Store, String> {
        let mut manager = default_manager(rng);
        if let Some(m) = &self.manager {
            if let Some(id) = &m.id {
                manager.id = id.clone();
            }
            if let Some(email) = &m.email {
                manager.email = email.clone();
            }
            if let Some(n) = m.allocatable_global_outbound_channels {
                if n < 0 {
                    return Err("manager: `allocatable_global_outbound_channels` must be 0 or more".to_owned());
                }
                manager.allocatable_global_outbound_channels = n;
            }
            if let Some(b) = m.managed_account_allow_custom_pricing {
                manager.managed_account_allow_custom_pricing = b;
            }
        }
        let mut store = Store::new(manager);
        for group in &self.groups {
            let id = group.id.clone().unwrap_or_else(|| Entropy(rng).uuid());
            store.insert_group(GroupRecord { id, name: group.name.clone() })?;
        }
        for (i, a) in self.accounts.iter().enumerate() {
            let created_at = timestamp_or(&a.created_at, i, "account")?;
            if a.channel_limit.is_some_and(|n| !(0..=i64::from(i32::MAX)).contains(&n)) {
                return Err(format!("account #{i}: `channel_limit` must be between 0 and {}", i32::MAX));
            }
            let mut entropy = Entropy(rng);
            let record = AccountRecord::new(
                a.id.clone().unwrap_or_else(|| entropy.uuid()),
                a.email.clone(),
                a.organization_name.clone(),
                a.api_key.clone().unwrap_or_else(|| entropy.api_key()),
                a.api_token.clone().unwrap_or_else(|| entropy.token()),
                created_at,
                a.status.unwrap_or(AccountStatus::Enabled),
                a.channel_limit.unwrap_or(0),
                a.managed_account_allow_custom_pricing.unwrap_or(false),
                a.rollup_billing.unwrap_or(false),
                a.balance.clone(),
            );
            store.insert_account(record)?;
        }
        for (i, u) in self.users.iter().enumerate() {
            let mut group_ids = Vec::new();
            for g in &u.groups {
                let id = match store.group_id_by_name(g) {
                    Some(id) => id.to_owned(),
                    None => g.clone(),
                };
                group_ids.push(id);
            }
            let created_at = timestamp_or(&u.created_at, i, "user")?;
            let record = UserRecord::new(
                u.id.clone().unwrap_or_else(|| Entropy(rng).uuid()),
                u.email.clone(),
                u.record_type.clone().unwrap_or_else(|| "organization_sub_user".to_owned()),
                u.user_status.clone().unwrap_or(UserStatus::Enabled),
                created_at,
                u.last_sign_in_at.clone(),
                u.organization_user_bypasses_sso.unwrap_or(false),
                group_ids,
            );
            store.insert_user(record)?;
        }
        Ok(store)
    }
}

fn timestamp_or(given: &Option<String>, index: usize, what: &str) -> Result<String, String> {
    match given {
        Some(text) => match parse_timestamp(text) {
            Some(at) => Ok(format_timestamp(at)),
            None => Err(format!("{what} #{index}: `created_at` is not an RFC 3339 timestamp: {text}")),
        },
        None => Ok(seed_time(index as i64)),
    }
}

/// Seed timestamps: one hour apart from 2024-01-01, in creation order.
fn seed_time(index: i64) -> String {
    let base = OffsetDateTime::from_unix_timestamp(1_704_067_200).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format_timestamp(base + Duration::hours(index) + Duration::milliseconds(index.rem_euclid(1000)))
}

fn default_manager(rng: &mut SeededRng) -> Manager {
    Manager {
        id: Entropy(rng).uuid(),
        email: "manager@example.com".to_owned(),
        allocatable_global_outbound_channels: 1000,
        managed_account_allow_custom_pricing: false,
    }
}

const BUSINESSES: [&str; 36] = [
    "Larry's Cat Food Inc",
    "Acme Telecom LLC",
    "John Doe Plumbing",
    "Globex Corporation",
    "Initech",
    "Umbrella Health",
    "Stark Industries",
    "Wayne Enterprises",
    "Hooli",
    "Pied Piper",
    "Vandelay Industries",
    "Soylent Foods",
    "Cyberdyne Systems",
    "Tyrell Corporation",
    "Wonka Confectionery",
    "Gringotts Banking",
    "Oceanic Airlines",
    "Monarch Solutions",
    "Blue Sun Corp",
    "Johnson & Daughters",
    "Northwind Traders",
    "Contoso Ltd",
    "Fabrikam Inc",
    "Tailspin Toys",
    "Adventure Works",
    "Litware Inc",
    "Proseware Inc",
    "Wide World Importers",
    "Alpine Ski House",
    "Coho Winery",
    "Fourth Coffee",
    "Margie's Travel",
    "Lucerne Publishing",
    "Trey Research",
    "Woodgrove Bank",
    "Bellows College",
];

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// 36 accounts: 27 enabled, 4 disabled, 3 cancelled, 2 blocked.
fn default_accounts(store: &mut Store, rng: &mut SeededRng) -> Result<(), String> {
    for (i, name) in BUSINESSES.iter().enumerate() {
        let status = match i {
            5 | 12 | 19 | 26 => AccountStatus::Disabled,
            8 | 17 | 30 => AccountStatus::Cancelled,
            14 | 33 => AccountStatus::Blocked,
            _ => AccountStatus::Enabled,
        };
        let email = match i {
            2 => "john.doe@johndoeplumbing.example.com".to_owned(),
            19 => "JOHNSON@johnson-daughters.example.com".to_owned(),
            _ => format!("admin@{}.example.com", slug(name)),
        };
        let rollup = i % 7 == 3;
        let balance = ManagedAccountBalance {
            available_credit: Some(format!("{}.00", 100 + i * 25)),
            balance: Some(format!("{}.00", i * 25)),
            credit_limit: Some("100.00".to_owned()),
            currency: Some("USD".to_owned()),
            record_type: Some("balance".to_owned()),
        };
        let mut entropy = Entropy(rng);
        let record = AccountRecord::new(
            entropy.uuid(),
            email,
            (*name).to_owned(),
            entropy.api_key(),
            entropy.token(),
            seed_time(i as i64),
            status,
            if i % 4 == 0 { 10 } else { 0 },
            i % 5 == 0,
            rollup,
            Some(balance),
        );
        store.insert_account(record)?;
    }
    Ok(())
}

fn synthetic_accounts(store: &mut Store, rng: &mut SeededRng, n: usize) -> Result<(), String> {
    for i in 0..n {
        let mut entropy = Entropy(rng);
        let record = AccountRecord::new(
            entropy.uuid(),
            format!("account{i:06}@synthetic.example.com"),
            format!("Synthetic Org {i:06}"),
            entropy.api_key(),
            entropy.token(),
            seed_time(i as i64),
            AccountStatus::Enabled,
            0,
            false,
            false,
            None,
        );
        store.insert_account(record)?;
    }
    Ok(())
}

const GROUPS: [&str; 4] = ["Engineering", "Sales", "Support", "Billing"];

fn default_groups(store: &mut Store, rng: &mut SeededRng) -> Result<Vec<String>, String> {
    let mut ids = Vec::new();
    for name in GROUPS {
        let id = Entropy(rng).uuid();
        store.insert_group(GroupRecord { id: id.clone(), name: name.to_owned() })?;
        ids.push(id);
    }
    Ok(ids)
}

fn owner(store: &mut Store, rng: &mut SeededRng, groups: &[String]) -> Result<(), String> {
    store.insert_user(UserRecord::new(
        Entropy(rng).uuid(),
        "owner@example.com".to_owned(),
        "organization_owner".to_owned(),
        UserStatus::Enabled,
        seed_time(0),
        Some(seed_time(5000)),
        false,
        groups.iter().take(1).cloned().collect(),
    ))
}

/// 12 users: the owner and 11 sub-users, some disabled or blocked, some in
/// two groups, some in none, some never signed in.
fn default_users(store: &mut Store, rng: &mut SeededRng) -> Result<(), String> {
    let groups = default_groups(store, rng)?;
    owner(store, rng, &groups)?;
    const PEOPLE: [&str; 11] =
        ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "john.smith"];
    for (i, name) in PEOPLE.iter().enumerate() {
        let status = match i {
            3 | 7 => UserStatus::Disabled,
            9 => UserStatus::Blocked,
            _ => UserStatus::Enabled,
        };
        let member_of: Vec<String> = match i % 4 {
            0 => vec![groups[0].clone(), groups[1].clone()],
            1 => vec![groups[1].clone()],
            2 => vec![groups[2].clone(), groups[3].clone()],
            _ => vec![],
        };
        store.insert_user(UserRecord::new(
            Entropy(rng).uuid(),
            format!("{name}@example.com"),
            "organization_sub_user".to_owned(),
            status,
            seed_time(i as i64 + 1),
            (i % 3 != 2).then(|| seed_time(4000 + i as i64)),
            i == 0,
            member_of,
        ))?;
    }
    Ok(())
}

fn synthetic_users(store: &mut Store, rng: &mut SeededRng, n: usize) -> Result<(), String> {
    let groups = default_groups(store, rng)?;
    if n == 0 {
        return Ok(());
    }
    owner(store, rng, &groups)?;
    for i in 1..n {
        store.insert_user(UserRecord::new(
            Entropy(rng).uuid(),
            format!("user{i:06}@synthetic.example.com"),
            "organization_sub_user".to_owned(),
            UserStatus::Enabled,
            seed_time(i as i64),
            None,
            false,
            vec![groups[i % groups.len()].clone()],
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_seed_is_the_same_every_time() {
        let a = Seed::Default.build().unwrap();
        let b = Seed::Default.build().unwrap();
        assert_eq!(a.accounts(), b.accounts());
        assert_eq!(a.accounts().len(), 36);
        assert_eq!(a.users().len(), 12);
        let counts = a.counts();
        assert_eq!(counts.accounts_by_status["disabled"], 4);
        assert_eq!(counts.accounts_by_status["cancelled"], 3);
        assert_eq!(counts.accounts_by_status["blocked"], 2);
    }

    #[test]
    fn synthetic_seeds_have_the_asked_sizes() {
        let store = Seed::Synthetic { accounts: Some(1000), users: Some(50) }.build().unwrap();
        assert_eq!(store.accounts().len(), 1000);
        assert_eq!(store.users().len(), 50);
    }

    #[test]
    fn a_fixture_names_groups_by_name_and_rejects_duplicates() {
        let fixture: Fixture = serde_json::from_str(
            r#"{"groups":[{"name":"Ops"}],
                "accounts":[{"email":"a@x.com","organization_name":"A","status":"cancelled"}],
                "users":[{"email":"o@x.com","record_type":"organization_owner","groups":["Ops"]}]}"#,
        )
        .unwrap();
        let store = Seed::Fixture(fixture.clone()).build().unwrap();
        assert_eq!(store.accounts()[0].status, AccountStatus::Cancelled);
        assert_eq!(store.groups_report()[0].groups[0].name, "Ops");

        let mut twice = fixture;
        twice.accounts.push(twice.accounts[0].clone());
        twice.accounts[1].id = None;
        let error = Seed::Fixture(twice).build().unwrap_err();
        assert!(error.to_string().contains("duplicate managed account email"), "{error}");
    }

    #[test]
    fn a_fixture_with_an_unknown_field_is_rejected() {
        assert!(serde_json::from_str::<Fixture>(r#"{"acounts":[]}"#).is_err());
    }
}
