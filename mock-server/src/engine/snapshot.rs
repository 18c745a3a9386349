//! Snapshots: the whole state of a mock as one JSON value, to save and
//! restore (`GET`/`PUT /__admin/snapshot`, `--state FILE`), and the named
//! scenarios built from them.
//!
//! A snapshot holds the data (manager and its channel pool, accounts, users,
//! groups), the remembered idempotency records and the rate window. Fault
//! rules and the request log are not state: they are left as they are.

use crate::engine::idempotency::Record;
use crate::engine::oauth::IssuedToken;
use crate::engine::rate::RateWindow;
use crate::engine::reply::Reply;
use crate::engine::seed::Seed;
use crate::engine::state::{AccountRecord, AccountStatus, GroupRecord, Manager, Store, UserRecord};
use crate::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format version written in every snapshot.
pub const SNAPSHOT_VERSION: u32 = 1;

/// The whole state of a mock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Always 1 for now.
    pub version: u32,
    /// The manager account; its `allocatable_global_outbound_channels` is
    /// the channel pool the accounts' `channel_limit`s draw from.
    pub manager: Manager,
    #[serde(default)]
    pub groups: Vec<GroupRecord>,
    /// In creation order.
    #[serde(default)]
    pub accounts: Vec<AccountRecord>,
    #[serde(default)]
    pub users: Vec<UserRecord>,
    /// How many emails `create` has generated so far (`local+managedN@domain`).
    #[serde(default)]
    pub generated_emails: u64,
    /// Remembered successes by `Idempotency-Key`, oldest first.
    #[serde(default)]
    pub idempotency: Vec<IdempotencyRecord>,
    /// The rate limit and its current window; without it a load keeps the
    /// mock's limit and starts a fresh window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<RateWindow>,
    /// Access tokens issued by `POST /v2/oauth/token`, expired ones included.
    #[serde(default)]
    pub oauth_tokens: Vec<IssuedToken>,
}

/// One remembered success.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdempotencyRecord {
    pub key: String,
    pub method: String,
    /// The API path, without `/v2`.
    pub path: String,
    pub query: Option<String>,
    /// The request body (a success always had a UTF-8 body).
    pub body: String,
    /// When the answer was stored, in ms since the Unix epoch.
    pub created_ms: u64,
    pub reply: StoredReply,
}

/// The answer an idempotency record replays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredReply {
    pub status: u16,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl IdempotencyRecord {
    pub(crate) fn from_record(record: &Record) -> Self {
        IdempotencyRecord {
            key: record.key.clone(),
            method: record.method.clone(),
            path: record.path.clone(),
            query: record.query.clone(),
            body: String::from_utf8_lossy(&record.body).into_owned(),
            created_ms: record.created_ms,
            reply: StoredReply {
                status: record.reply.status,
                content_type: record.reply.content_type.clone(),
                headers: record
                    .reply
                    .headers
                    .iter()
                    .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                    .collect(),
                body: String::from_utf8_lossy(&record.reply.body).into_owned(),
            },
        }
    }

    pub(crate) fn to_record(&self) -> Record {
        let mut reply = Reply::empty(self.reply.status);
        reply.content_type = self.reply.content_type.clone();
        reply.body = self.reply.body.clone().into_bytes();
        for (name, value) in &self.reply.headers {
            reply.set_header(name, value);
        }
        Record {
            key: self.key.clone(),
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            body: self.body.clone().into_bytes(),
            reply,
            created_ms: self.created_ms,
        }
    }
}

impl Snapshot {
    /// Reads a snapshot file (what `GET /__admin/snapshot` answers).
    pub fn from_file(path: &std::path::Path) -> Result<Snapshot, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(format!("cannot read state file {}", path.display()), e))?;
        serde_json::from_str(&text)
            .map_err(|e| Error::InvalidSnapshot(format!("state file {} is not valid: {e}", path.display())))
    }

    pub(crate) fn of_store(store: &Store) -> Snapshot {
        Snapshot {
            version: SNAPSHOT_VERSION,
            manager: store.manager().clone(),
            groups: store.groups().to_vec(),
            accounts: store.accounts().to_vec(),
            users: store.users().to_vec(),
            generated_emails: store.generated_emails(),
            idempotency: Vec::new(),
            rate: None,
            oauth_tokens: Vec::new(),
        }
    }

    /// The store this snapshot describes; fails on duplicates, unknown groups
    /// or another version.
    pub(crate) fn to_store(&self) -> Result<Store, Error> {
        if self.version != SNAPSHOT_VERSION {
            return Err(Error::InvalidSnapshot(format!(
                "snapshot version {} is not supported (this mock reads version {SNAPSHOT_VERSION})",
                self.version
            )));
        }
        let invalid = |message: String| Error::InvalidSnapshot(message);
        let mut store = Store::new(self.manager.clone());
        for group in &self.groups {
            store.insert_group(group.clone()).map_err(invalid)?;
        }
        for account in &self.accounts {
            store.insert_account(account.clone()).map_err(invalid)?;
        }
        for user in &self.users {
            store.insert_user(user.clone()).map_err(invalid)?;
        }
        store.set_generated_emails(self.generated_emails);
        store.finish_seeding();
        Ok(store)
    }
}

/// The named scenarios: name and what it sets up.
pub const SCENARIOS: &[(&str, &str)] = &[
    ("default", "The default seed: 36 managed accounts in every status, 12 users in four groups."),
    ("empty-organization", "No managed accounts; the organization owner is the only user."),
    (
        "cancelled-and-blocked",
        "12 managed accounts: 2 enabled, 2 disabled, 4 cancelled and 4 blocked (cancelled ones are left out \
         of lists unless asked for).",
    ),
    (
        "exhausted-channel-pool",
        "The default seed with every one of the manager's 100 allocatable channels allocated: raising any \
         channel limit answers 422.",
    ),
    (
        "rate-limited",
        "The default seed under a limit of 10 requests a minute, already used up: the next API request \
         answers 429 with retry-after.",
    ),
    ("many-accounts", "5,000 managed accounts (all enabled) for paging, and the default users."),
];

/// How many accounts `many-accounts` holds.
pub const MANY_ACCOUNTS: usize = 5_000;

/// The scenario called `name`.
pub fn scenario(name: &str) -> Result<Snapshot, Error> {
    let from_seed = |seed: Seed| seed.build().map(|store| Snapshot::of_store(&store));
    match name {
        "default" => from_seed(Seed::Default),
        "empty-organization" => from_seed(Seed::Empty),
        "cancelled-and-blocked" => {
            let mut snapshot = from_seed(Seed::Synthetic { accounts: Some(12), users: None })?;
            for (i, account) in snapshot.accounts.iter_mut().enumerate() {
                account.status = match i {
                    0 | 1 => AccountStatus::Enabled,
                    2 | 3 => AccountStatus::Disabled,
                    4..=7 => AccountStatus::Cancelled,
                    _ => AccountStatus::Blocked,
                };
            }
            Ok(snapshot)
        }
        "exhausted-channel-pool" => {
            let mut snapshot = from_seed(Seed::Default)?;
            snapshot.manager.allocatable_global_outbound_channels = 100;
            let active: Vec<usize> = (0..snapshot.accounts.len())
                .filter(|&i| snapshot.accounts[i].status != AccountStatus::Cancelled)
                .collect();
            for account in &mut snapshot.accounts {
                account.channel_limit = 0;
            }
            // 100 channels spread over the first four active accounts.
            for (n, &i) in active.iter().take(4).enumerate() {
                snapshot.accounts[i].channel_limit = [40, 30, 20, 10][n];
            }
            Ok(snapshot)
        }
        "rate-limited" => {
            let mut snapshot = from_seed(Seed::Default)?;
            // A window that starts with the next request, already holding the limit.
            snapshot.rate = Some(RateWindow { limit: Some(10), window_ms: 60_000, started_ms: None, count: 10 });
            Ok(snapshot)
        }
        "many-accounts" => from_seed(Seed::Synthetic { accounts: Some(MANY_ACCOUNTS), users: None }),
        other => Err(Error::UnknownScenario(other.to_owned())),
    }
}
