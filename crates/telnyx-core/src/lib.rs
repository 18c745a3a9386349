//! The transport-agnostic core of the Telnyx account-management client.
//!
//! Sans-IO: nothing here opens a socket, reads a clock or needs a runtime.
//! An operation turns params into a plain [`RequestSpec`]; the client's
//! [`ClientConfig`] makes it an [`HttpRequest`]; any transport sends it and
//! hands back an [`HttpResponse`](response::HttpResponse), which the core
//! decodes or maps to an [`Error`]. Retries ([`retry`]) and pagination
//! ([`pagination`]) are decisions computed from facts the transport supplies.
//!
//! ```
//! use telnyx_core::{operations, ClientConfig, response::{decode, HttpResponse}};
//! use telnyx_core::models::{Envelope, ManagedAccountsGlobalOutboundChannels};
//!
//! let config = ClientConfig::new("KEY123").with_base_url("http://127.0.0.1:4010/v2");
//! let request = config.http_request(&operations::get_allocatable_global_outbound_channels(), &[]);
//! assert_eq!(request.url, "http://127.0.0.1:4010/v2/managed_accounts/allocatable_global_outbound_channels");
//! assert_eq!(request.header("authorization"), Some("Bearer KEY123"));
//!
//! // A transport is anything that turns the request into a response; here, a closure.
//! let transport = |_req| HttpResponse {
//!     status: 200,
//!     headers: vec![],
//!     body: br#"{"data":{"allocatable_global_outbound_channels":500}}"#.to_vec(),
//! };
//! let reply: Envelope<ManagedAccountsGlobalOutboundChannels> = decode(&transport(request)).unwrap();
//! assert_eq!(reply.data.allocatable_global_outbound_channels, Some(500));
//! ```

pub mod csv_report;
pub mod engine;
pub mod error;
pub mod input;
mod json_writer;
pub mod log;
pub mod models;
pub mod oauth;
pub mod operations;
pub mod pagination;
pub mod params;
pub mod query;
pub mod redact;
pub mod request;
pub mod response;
pub mod retry;
pub mod route;
mod secret;
pub mod text;
pub mod validate;

pub use error::{ApiError, Error, ErrorKind};
pub use request::{
    ClientConfig, HeaderEdit, HttpRequest, Method, Operation, RequestSpec, DEFAULT_BASE_URL, USER_AGENT,
};
pub use secret::Secret;
pub use validate::ValidationError;

// The README's examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
