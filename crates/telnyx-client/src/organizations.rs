//! `client.organizations().users()`: the four organization-user operations.

use crate::pagination::{Items, List};
use crate::Client;
use std::sync::Arc;
use telnyx_core::csv_report::{self, GroupsReportRow};
use telnyx_core::models::{Envelope, GroupsReport, OrganizationUser};
use telnyx_core::operations;
use telnyx_core::params::{ListOrganizationUsersParams, ReportFormat, RetrieveOrganizationUserParams};
use telnyx_core::Error;

/// The organizations resource, from [`Client::organizations`].
#[derive(Clone, Copy, Debug)]
pub struct Organizations<'a> {
    client: &'a Client,
}

impl<'a> Organizations<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Organizations { client }
    }

    /// `client.organizations().users()`.
    pub fn users(self) -> OrganizationUsers<'a> {
        OrganizationUsers { client: self.client }
    }
}

/// The organization-users resource, from [`Organizations::users`].
///
/// ```
/// use telnyx_client::params::RetrieveOrganizationUserParams;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), telnyx_client::Error> {
/// # let mock = telnyx_mock::MockTelnyx::start().await;
/// # let client = telnyx_client::Client::builder().api_key("KEY").base_url(mock.base_url()).build()?;
/// let users = client.organizations().users();
///
/// // The groups report, as JSON and as CSV rows: the same users.
/// let report = users.get_groups_report().await?;
/// let rows = users.get_groups_report_rows().await?;
/// assert_eq!(report.data.len(), rows.len());
///
/// // One user with their groups, then removed.
/// let sub_user = report.data.iter().find(|u| u.record_type == "organization_sub_user").unwrap();
/// let user = users.retrieve(&sub_user.id, RetrieveOrganizationUserParams { include_groups: Some(true) }).await?;
/// assert_eq!(user.data.groups.map(|g| g.len()), Some(sub_user.groups.len()));
/// users.actions().remove(&sub_user.id).await?;
/// assert_eq!(users.get_groups_report().await?.data.len(), report.data.len() - 1);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct OrganizationUsers<'a> {
    client: &'a Client,
}

impl<'a> OrganizationUsers<'a> {
    /// `GET /organizations/users`: `.await` it for one page, or call
    /// [`into_stream`](List::into_stream) for every user.
    pub fn list(self, params: ListOrganizationUsersParams) -> List<OrganizationUser> {
        let start = params.page.number;
        List::new(
            self.client,
            start,
            Arc::new(move |page| match page {
                None => operations::list_organization_users(&params),
                Some(number) => operations::list_organization_users_page(&params, number),
            }),
        )
    }

    /// Every user that matches, page after page, as a stream.
    pub fn list_all(self, params: ListOrganizationUsersParams) -> Items<OrganizationUser> {
        self.list(params).into_stream()
    }

    /// `GET /organizations/users/{id}`.
    pub async fn retrieve(
        self,
        id: &str,
        params: RetrieveOrganizationUserParams,
    ) -> Result<Envelope<OrganizationUser>, Error> {
        self.client.send(operations::retrieve_organization_user(id, &params)?, &[]).await
    }

    /// `GET /organizations/users/users_groups_report` as JSON (`Accept: application/json`).
    pub async fn get_groups_report(self) -> Result<GroupsReport, Error> {
        self.client.send(operations::get_groups_report(ReportFormat::Json), &[]).await
    }

    /// The groups report as the CSV text the server sends (`Accept: text/csv`).
    pub async fn get_groups_report_csv(self) -> Result<String, Error> {
        let response = self.client.execute(operations::get_groups_report(ReportFormat::Csv), &[]).await?;
        telnyx_core::response::decode_text(&response)
    }

    /// The CSV groups report, parsed into rows.
    pub async fn get_groups_report_rows(self) -> Result<Vec<GroupsReportRow>, Error> {
        let response = self.client.execute(operations::get_groups_report(ReportFormat::Csv), &[]).await?;
        let text = telnyx_core::response::decode_text(&response)?;
        csv_report::parse(&text).map_err(|err| Error::Decode {
            status: response.status,
            message: err.to_string(),
            request_id: response.request_id(),
        })
    }

    /// `client.organizations().users().actions()`: remove.
    pub fn actions(self) -> OrganizationUserActions<'a> {
        OrganizationUserActions { client: self.client }
    }
}

/// The organization-user actions, from [`OrganizationUsers::actions`].
#[derive(Clone, Copy, Debug)]
pub struct OrganizationUserActions<'a> {
    client: &'a Client,
}

impl OrganizationUserActions<'_> {
    /// `POST /organizations/users/{id}/actions/remove`.
    pub async fn remove(self, id: &str) -> Result<Envelope<OrganizationUser>, Error> {
        self.client.send(operations::remove_organization_user(id)?, &[]).await
    }
}
