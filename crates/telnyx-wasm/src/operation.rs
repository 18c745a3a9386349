//! The operations, named at the boundary: JavaScript passes `Operation.RetrieveManagedAccount`,
//! not a number tied to the order of a list.

use wasm_bindgen::prelude::*;

/// One of the 12 account-management operations.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    ListManagedAccounts,
    CreateManagedAccount,
    GetAllocatableGlobalOutboundChannels,
    RetrieveManagedAccount,
    UpdateManagedAccount,
    DisableManagedAccount,
    EnableManagedAccount,
    UpdateGlobalChannelLimit,
    ListOrganizationUsers,
    GetGroupsReport,
    RetrieveOrganizationUser,
    RemoveOrganizationUser,
}

impl From<Operation> for telnyx_core::Operation {
    fn from(operation: Operation) -> Self {
        use telnyx_core::Operation as Core;
        match operation {
            Operation::ListManagedAccounts => Core::ListManagedAccounts,
            Operation::CreateManagedAccount => Core::CreateManagedAccount,
            Operation::GetAllocatableGlobalOutboundChannels => Core::GetAllocatableGlobalOutboundChannels,
            Operation::RetrieveManagedAccount => Core::RetrieveManagedAccount,
            Operation::UpdateManagedAccount => Core::UpdateManagedAccount,
            Operation::DisableManagedAccount => Core::DisableManagedAccount,
            Operation::EnableManagedAccount => Core::EnableManagedAccount,
            Operation::UpdateGlobalChannelLimit => Core::UpdateGlobalChannelLimit,
            Operation::ListOrganizationUsers => Core::ListOrganizationUsers,
            Operation::GetGroupsReport => Core::GetGroupsReport,
            Operation::RetrieveOrganizationUser => Core::RetrieveOrganizationUser,
            Operation::RemoveOrganizationUser => Core::RemoveOrganizationUser,
        }
    }
}
