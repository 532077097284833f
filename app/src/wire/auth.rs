//! The signed-in person and invitations as they cross the wire.
use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// The signed-in person and the programmes they belong to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub memberships: Vec<MembershipView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MembershipView {
    pub programme_id: String,
    pub programme_name: String,
    pub role: Role,
    /// The jurisdiction (officials) or organisation (members) the role is limited to.
    pub scope_label: Option<String>,
}

/// What an invitation link offers, shown before the invitee chooses a password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub email: String,
    pub programme_name: Option<String>,
    pub role: Role,
}
