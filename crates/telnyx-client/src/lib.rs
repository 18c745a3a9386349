//! A native async client for the Telnyx account-management API: managed
//! accounts and organization users, the same 12 operations and the same
//! resource shape as the official JavaScript SDK.
//!
//! It is a thin driver of [`telnyx_core`], the sans-IO core that the
//! WebAssembly package uses too: requests are built, responses decoded,
//! errors mapped, pages chained and retries decided there, so the native and
//! the JavaScript clients cannot drift apart. This crate adds the I/O:
//! reqwest (rustls, no OpenSSL) and tokio timers.
//!
//! # Getting started
//!
//! Build a [`Client`] with your API key, then call the operations through
//! their resources, as in JavaScript
//! (`client.managedAccounts.actions.disable(id)` becomes
//! `client.managed_accounts().actions().disable(id)`). The examples here run
//! against [telnyx-mock](https://docs.rs/telnyx-mock), the project's stateful
//! mock of the API, so they show real answers; in production, leave out
//! `base_url` (or use [`Client::new`]).
//!
//! ```
//! use telnyx_client::{Client, params::CreateManagedAccountParams};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), telnyx_client::Error> {
//! let mock = telnyx_mock::MockTelnyx::start().await;
//! let client = Client::builder().api_key("KEY0123456789").base_url(mock.base_url()).build()?;
//!
//! let created = client
//!     .managed_accounts()
//!     .create(CreateManagedAccountParams::new("Acme Corp"))
//!     .await?;
//! let id = created.data.id;
//!
//! client.managed_accounts().actions().disable(&id).await?;
//! let account = client.managed_accounts().retrieve(&id).await?;
//! assert_eq!(account.data.organization_name.as_deref(), Some("Acme Corp"));
//! # Ok(()) }
//! ```
//!
//! Single-object calls return the `{ "data": ... }` envelope, as the
//! JavaScript SDK does; the models in [`models`] keep the wire's field names.
//!
//! # Lists and auto-pagination
//!
//! A list call returns a [`List`]. Await it for one [`Page`], or stream every
//! item with [`List::into_stream`] (or `list_all`); pages are fetched as the
//! stream is read, and the stream always ends, even if a server's `meta`
//! never advances.
//!
//! ```
//! use futures_util::TryStreamExt;
//! use telnyx_client::params::{ListManagedAccountsParams, Sort, SortField, TextFilter};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), telnyx_client::Error> {
//! # let mock = telnyx_mock::MockTelnyx::start().await;
//! # let client = telnyx_client::Client::builder().api_key("KEY").base_url(mock.base_url()).build()?;
//! let mut params = ListManagedAccountsParams::default();
//! params.filter.email = Some(TextFilter { contains: Some("example".into()), eq: None });
//! params.sort = Some(Sort { field: SortField::Email, descending: true });
//! params.page.size = Some(10);
//!
//! // One page, with its `meta`:
//! let page = client.managed_accounts().list(params.clone()).await?;
//! assert_eq!(page.data.len(), 10);
//! assert_eq!(page.meta.unwrap().page_number, Some(1));
//!
//! // Every account, ten at a time, as a stream:
//! let mut emails = Vec::new();
//! let mut accounts = client.managed_accounts().list_all(params);
//! while let Some(account) = accounts.try_next().await? {
//!     emails.push(account.email);
//! }
//! assert!(emails.len() > 10);
//! assert!(emails.windows(2).all(|pair| pair[0].to_lowercase() >= pair[1].to_lowercase()));
//! # Ok(()) }
//! ```
//!
//! # Errors
//!
//! Every call fails with a [`telnyx_core::Error`] (re-exported as [`Error`]).
//! [`Error::kind`] gives the JavaScript SDK's class (`NotFound` is
//! `NotFoundError`, and so on); API errors carry the status, Telnyx's parsed
//! `errors[]` and the `x-request-id`, and print as one line:
//!
//! ```
//! use telnyx_client::{Error, ErrorKind};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! # let mock = telnyx_mock::MockTelnyx::start().await;
//! # let client = telnyx_client::Client::builder().api_key("KEY").base_url(mock.base_url()).build().unwrap();
//! match client.managed_accounts().retrieve("no-such-account").await {
//!     Err(Error::Api(err)) if err.kind == ErrorKind::NotFound => {
//!         assert_eq!(err.errors[0].code.as_deref(), Some("10005"));
//!         // "404 Not Found: Resource not found: ... (code 10005, at /id; request id ...)"
//!         assert!(err.to_string().starts_with("404 Not Found: Resource not found"), "{err}");
//!     }
//!     other => panic!("expected a 404, got {other:?}"),
//! }
//! # }
//! ```
//!
//! Bad input is a [`ValidationError`] and nothing is sent: an empty id, `..`,
//! a page size of 0 or 251.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use telnyx_client::{Client, ErrorKind};
//!
//! // Nothing listens on this port: validation happens before any connection.
//! let client = Client::builder().api_key("KEY").base_url("http://127.0.0.1:9").build().unwrap();
//! let err = client.managed_accounts().retrieve("..").await.unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::Validation);
//! assert_eq!(err.to_string(), "Invalid `id`: must not be a dot segment (`.` or `..`)");
//! # }
//! ```
//!
//! # Retries, timeouts and idempotency
//!
//! Failed attempts are retried as the core's
//! [`RetryPolicy`](telnyx_core::retry::RetryPolicy) decides: by default 2
//! retries of connection failures, timeouts, 408, 409, 429 and 5xx, with
//! exponential backoff and jitter, honouring `retry-after` up to
//! [`ClientBuilder::max_server_wait`]. Each attempt has a
//! [`timeout`](ClientBuilder::timeout) that covers the whole body, and a
//! call can have an overall [`call_timeout`](ClientBuilder::call_timeout).
//!
//! A create is not repeated after an ambiguous failure (a 5xx, a timeout or
//! a dropped connection), because the account may already exist: the error
//! then says the outcome is unknown. Give the create an idempotency key and
//! the client retries it like any other call, while the server makes sure it
//! happens once. Here the mock loses the first reply after creating the
//! account, and the retry gets that same account back:
//!
//! ```
//! use std::time::Duration;
//! use telnyx_client::{Client, params::CreateManagedAccountParams};
//! use telnyx_mock::{Fault, MockTelnyx};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), telnyx_client::Error> {
//! let mock = MockTelnyx::start().await;
//! mock.add_fault(Fault::status(503).on("POST", "/managed_accounts").after_commit());
//! let before = mock.counts().accounts;
//!
//! let client = Client::builder()
//!     .api_key("KEY0123456789")
//!     .base_url(mock.base_url())
//!     .max_retries(4)
//!     .timeout(Duration::from_secs(15))
//!     .max_server_wait(Duration::from_secs(30))
//!     .build()?;
//! let account = client
//!     .managed_accounts()
//!     .create_with_idempotency_key(CreateManagedAccountParams::new("Acme Corp"), "order-8412-account")
//!     .await?;
//!
//! assert_eq!(mock.counts().accounts, before + 1);
//! assert!(mock.account(&account.data.id).is_some());
//! # Ok(()) }
//! ```
//!
//! Dropping a call's future cancels it at once, backoff sleeps included.
//!
//! # Secrets
//!
//! The client's API key, and the `api_key`, `api_token` and `password` of
//! the models and params, are [`Secret`]s: `Debug` and `Display` print
//! `[redacted]`, and no error message contains them.

mod client;
mod managed_accounts;
mod organizations;
mod pagination;
mod transport;

pub use client::{Client, ClientBuilder, Exchange};
pub use managed_accounts::{ManagedAccountActions, ManagedAccounts};
pub use organizations::{OrganizationUserActions, OrganizationUsers, Organizations};
pub use pagination::{Items, List, Page};

pub use telnyx_core::csv_report::GroupsReportRow;
pub use telnyx_core::retry::RetryPolicy;
pub use telnyx_core::{models, params, ApiError, Error, ErrorKind, Operation, Secret, ValidationError};

/// The core this client drives, for lower-level use.
pub use telnyx_core;
