//! `client.managed_accounts()`: the eight managed-accounts operations.

use crate::pagination::{Items, List};
use crate::Client;
use std::sync::Arc;
use telnyx_core::models::{
    Envelope, ManagedAccount, ManagedAccountListItem, ManagedAccountsGlobalOutboundChannels,
    SingleManagedAccountGlobalOutboundChannels,
};
use telnyx_core::operations;
use telnyx_core::params::{
    CreateManagedAccountParams, EnableManagedAccountParams, ListManagedAccountsParams, UpdateGlobalChannelLimitParams,
    UpdateManagedAccountParams,
};
use telnyx_core::Error;

/// The managed-accounts resource, from [`Client::managed_accounts`].
///
/// ```
/// use telnyx_client::params::{EnableManagedAccountParams, UpdateGlobalChannelLimitParams, UpdateManagedAccountParams};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), telnyx_client::Error> {
/// # let mock = telnyx_mock::MockTelnyx::start().await;
/// # let client = telnyx_client::Client::builder().api_key("KEY").base_url(mock.base_url()).build()?;
/// # let id = mock.accounts().into_iter().find(|a| a.status == telnyx_mock::AccountStatus::Enabled).unwrap().id;
/// let accounts = client.managed_accounts();
///
/// let pricing = UpdateManagedAccountParams { managed_account_allow_custom_pricing: Some(true) };
/// let updated = accounts.update(&id, pricing).await?;
/// assert_eq!(updated.data.managed_account_allow_custom_pricing, Some(true));
///
/// let channels = accounts.update_global_channel_limit(&id, UpdateGlobalChannelLimitParams { channel_limit: Some(5) }).await?;
/// assert_eq!(channels.data.channel_limit, Some(5));
/// let manager = accounts.get_allocatable_global_outbound_channels().await?;
/// assert!(manager.data.total_global_channels_allocated >= Some(5));
///
/// accounts.actions().disable(&id).await?;
/// accounts.actions().enable(&id, EnableManagedAccountParams { reenable_all_connections: Some(true) }).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ManagedAccounts<'a> {
    client: &'a Client,
}

impl<'a> ManagedAccounts<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        ManagedAccounts { client }
    }

    /// `GET /managed_accounts`: `.await` it for one page, or call
    /// [`into_stream`](List::into_stream) for every account.
    pub fn list(self, params: ListManagedAccountsParams) -> List<ManagedAccountListItem> {
        let start = params.page.number;
        List::new(
            self.client,
            start,
            Arc::new(move |page| match page {
                None => operations::list_managed_accounts(&params),
                Some(number) => operations::list_managed_accounts_page(&params, number),
            }),
        )
    }

    /// Every managed account that matches, page after page, as a stream.
    pub fn list_all(self, params: ListManagedAccountsParams) -> Items<ManagedAccountListItem> {
        self.list(params).into_stream()
    }

    /// `POST /managed_accounts`.
    ///
    /// Not retried after an ambiguous failure (5xx, timeout, dropped
    /// connection), since the account may exist already; use
    /// [`create_with_idempotency_key`](Self::create_with_idempotency_key)
    /// to make retries safe.
    pub async fn create(self, params: CreateManagedAccountParams) -> Result<Envelope<ManagedAccount>, Error> {
        self.client.send(operations::create_managed_account(&params)?, &[]).await
    }

    /// `POST /managed_accounts` with an `Idempotency-Key` header: the server
    /// carries out the create once per key, so the client retries it after
    /// 5xx, timeouts and dropped connections as it does every other call.
    /// Use a fresh key (a UUID, say) per account you mean to create.
    pub async fn create_with_idempotency_key(
        self,
        params: CreateManagedAccountParams,
        idempotency_key: &str,
    ) -> Result<Envelope<ManagedAccount>, Error> {
        telnyx_core::validate::idempotency_key("idempotency_key", idempotency_key)?;
        let spec = operations::create_managed_account(&params)?;
        self.client.send(spec, &[("idempotency-key".to_owned(), idempotency_key.to_owned())]).await
    }

    /// `GET /managed_accounts/{id}`.
    pub async fn retrieve(self, id: &str) -> Result<Envelope<ManagedAccount>, Error> {
        self.client.send(operations::retrieve_managed_account(id)?, &[]).await
    }

    /// `PATCH /managed_accounts/{id}`.
    pub async fn update(self, id: &str, params: UpdateManagedAccountParams) -> Result<Envelope<ManagedAccount>, Error> {
        self.client.send(operations::update_managed_account(id, &params)?, &[]).await
    }

    /// `PATCH /managed_accounts/{id}/update_global_channel_limit`.
    pub async fn update_global_channel_limit(
        self,
        id: &str,
        params: UpdateGlobalChannelLimitParams,
    ) -> Result<Envelope<SingleManagedAccountGlobalOutboundChannels>, Error> {
        self.client.send(operations::update_global_channel_limit(id, &params)?, &[]).await
    }

    /// `GET /managed_accounts/allocatable_global_outbound_channels`.
    pub async fn get_allocatable_global_outbound_channels(
        self,
    ) -> Result<Envelope<ManagedAccountsGlobalOutboundChannels>, Error> {
        self.client.send(operations::get_allocatable_global_outbound_channels(), &[]).await
    }

    /// `client.managed_accounts().actions()`: disable and enable.
    pub fn actions(self) -> ManagedAccountActions<'a> {
        ManagedAccountActions { client: self.client }
    }
}

/// The managed-account actions, from [`ManagedAccounts::actions`].
#[derive(Clone, Copy, Debug)]
pub struct ManagedAccountActions<'a> {
    client: &'a Client,
}

impl ManagedAccountActions<'_> {
    /// `POST /managed_accounts/{id}/actions/disable`.
    pub async fn disable(self, id: &str) -> Result<Envelope<ManagedAccount>, Error> {
        self.client.send(operations::disable_managed_account(id)?, &[]).await
    }

    /// `POST /managed_accounts/{id}/actions/enable`.
    pub async fn enable(self, id: &str, params: EnableManagedAccountParams) -> Result<Envelope<ManagedAccount>, Error> {
        self.client.send(operations::enable_managed_account(id, &params)?, &[]).await
    }
}
