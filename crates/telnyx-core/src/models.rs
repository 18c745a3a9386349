//! Wire shapes of the account-management API, named and spelled as on the wire.
//!
//! Decoding is tolerant on purpose: unknown fields are ignored, fields the
//! spec does not require are `Option`, string enums keep values they do not
//! know ([`UserStatus::Other`]), and money and timestamps stay strings. A new
//! server field or enum value never turns a good response into an error.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// Declares a string enum that round-trips unknown values through `Other`.
macro_rules! open_string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know yet, kept as sent.
            Other(String),
        }

        impl $name {
            /// Every value the spec lists, in the spec's order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Other(value) => value,
                }
            }

            /// Parses a spec value; anything else becomes `Other`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }

            /// Parses a spec value, or `None` for anything the spec does not list.
            pub fn parse_known(value: &str) -> Option<Self> {
                match Self::from_wire(value) {
                    $name::Other(_) => None,
                    known => Some(known),
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok($name::from_wire(&value))
            }
        }
    };
}

open_string_enum! {
    /// The status of an organization user (`user_status`).
    UserStatus {
        Enabled => "enabled",
        Disabled => "disabled",
        Blocked => "blocked",
    }
}

open_string_enum! {
    /// The values of the managed-accounts `filter[status][eq]` parameter.
    AccountStatusFilter {
        All => "all",
        Active => "active",
        Enabled => "enabled",
        Cancelled => "cancelled",
        Disabled => "disabled",
        Blocked => "blocked",
    }
}

/// A managed account as returned by create, retrieve, update, enable and disable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManagedAccount {
    pub id: String,
    pub record_type: String,
    pub email: String,
    /// The managed account's V2 API key: secret, redacted in `Debug`.
    pub api_key: Secret,
    pub api_user: String,
    /// The managed account's V1 API token: secret, redacted in `Debug`.
    pub api_token: Secret,
    pub manager_account_id: String,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<ManagedAccountBalance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_account_allow_custom_pricing: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollup_billing: Option<bool>,
}

/// A managed account as listed (`ManagedAccountMultiListing`): no secrets, no balance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManagedAccountListItem {
    pub id: String,
    pub record_type: String,
    pub email: String,
    pub api_user: String,
    pub manager_account_id: String,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_account_allow_custom_pricing: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollup_billing: Option<bool>,
}

/// Balance of a managed account. Amounts stay decimal strings, as on the wire.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ManagedAccountBalance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_credit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_limit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_type: Option<String>,
}

/// The manager's allocatable global outbound channels.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ManagedAccountsGlobalOutboundChannels {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocatable_global_outbound_channels: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_account_allow_custom_pricing: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_global_channels_allocated: Option<i64>,
}

/// One managed account's global outbound channel settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SingleManagedAccountGlobalOutboundChannels {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_type: Option<String>,
}

/// A reference to a group a user belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserGroupReference {
    pub id: String,
    pub name: String,
}

/// A user of the organization. The spec requires none of its fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationUser {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_status: Option<UserStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// `null` when the user never signed in; absent when the server omits it.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub last_sign_in_at: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_user_bypasses_sso: Option<bool>,
    /// Present only when `include_groups=true` was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<UserGroupReference>>,
}

/// A user in the groups report: groups are always there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationUserWithGroups {
    pub id: String,
    pub record_type: String,
    pub email: String,
    pub user_status: UserStatus,
    pub created_at: String,
    pub groups: Vec<UserGroupReference>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub last_sign_in_at: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_user_bypasses_sso: Option<bool>,
}

/// Pagination `meta` of a list response. The spec marks no field required.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaginationMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_results: Option<u64>,
}

/// `{ "data": T }`, the envelope of every single-object response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub data: T,
}

/// `{ "data": [T], "meta": {...} }`, the envelope of a list page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListEnvelope<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<PaginationMeta>,
}

/// The users-groups report as JSON: `{ "data": [...] }`, no `meta`.
pub type GroupsReport = Envelope<Vec<OrganizationUserWithGroups>>;

/// One entry of a Telnyx error body.
///
/// Telnyx sends `detail`; some schemas say `description`: both are accepted.
/// `code` is a numeric string, but some services send a number: both are accepted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ApiErrorObject {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ErrorSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ErrorMeta>,
}

impl<'de> Deserialize<'de> for ApiErrorObject {
    /// Reads `detail` or `description`; with both, `detail` wins (a serde
    /// alias would reject the entry as a duplicate field and lose the body).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(default, deserialize_with = "code_as_string")]
            code: Option<String>,
            #[serde(default)]
            title: Option<String>,
            #[serde(default)]
            detail: Option<String>,
            #[serde(default)]
            description: Option<String>,
            #[serde(default)]
            source: Option<ErrorSource>,
            #[serde(default)]
            meta: Option<ErrorMeta>,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(ApiErrorObject {
            code: wire.code,
            title: wire.title,
            detail: wire.detail.or(wire.description),
            source: wire.source,
            meta: wire.meta,
        })
    }
}

/// Where an error points: a JSON pointer into the body, or a query parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorSource {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

/// Extra error information; Telnyx puts a documentation link in `url`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The error body: `{ "errors": [...] }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub errors: Vec<ApiErrorObject>,
}

/// Reads a field that is present, `null` included, as `Some`: serde alone
/// reads `null` into the outer `None` and loses "never signed in".
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

fn code_as_string<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct CodeVisitor;

    impl<'a> serde::de::Visitor<'a> for CodeVisitor {
        type Value = Option<String>;

        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("an error code as a string or a number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(CodeVisitor)
        }
    }

    deserializer.deserialize_option(CodeVisitor)
}
