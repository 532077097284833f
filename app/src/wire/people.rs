//! A programme's people and invitations as they cross the wire.
use crate::domain::list::Page;
use crate::domain::Role;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    pub user_id: String,
    pub name: String,
    /// Shown to coordinators and admins, and to officials for people in their subtree.
    pub email: Option<String>,
    pub role: Role,
    pub scope_label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub email: String,
    pub role: Role,
    pub scope_label: Option<String>,
    pub expires_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct People {
    /// One page of the programme's people (the list pattern).
    #[serde(serialize_with = "super::hydration::rows_inert")]
    pub members: Page<PersonView>,
    /// Open invitations; only for those who may invite.
    pub invitations: Vec<InvitationView>,
    pub can_invite: bool,
}

/// What an invitation did: a single-use link, shown here when no mail server is configured (to
/// pass on by hand).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InviteOutcome {
    pub email: String,
    pub link: Option<String>,
}
