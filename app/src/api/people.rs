use crate::domain::list::{ListQuery, Page};
use crate::domain::Role;
use crate::error::AppError;
use leptos::prelude::*;
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
pub struct OrganisationView {
    pub id: String,
    pub name: String,
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct People {
    /// One page of the programme's people (the list pattern).
    pub members: Page<PersonView>,
    /// Open invitations; only for those who may invite.
    pub invitations: Vec<InvitationView>,
    pub organisations: Vec<OrganisationView>,
    pub can_invite: bool,
}

/// What an invitation did: a new person gets a single-use link (shown here when no mail server is
/// configured, to pass on by hand); a person with an account is added at once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InviteOutcome {
    pub email: String,
    pub link: Option<String>,
    pub added_existing: bool,
}

#[server(endpoint = "people/list")]
pub async fn list_people(programme_id: String, #[server(default)] query: ListQuery) -> Result<People, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::people::list(&state(), &ctx().await?, &programme_id, &query).await }.await)
}

#[server(endpoint = "people/invite")]
pub async fn invite(
    programme_id: String,
    email: String,
    role: String,
    jurisdiction_code: String,
    organisation_id: String,
) -> Result<InviteOutcome, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let ctx = ctx().await?;
            crate::backend::service::people::invite(
                &state(),
                &ctx,
                &programme_id,
                &email,
                &role,
                &jurisdiction_code,
                &organisation_id,
            )
            .await
        }
        .await,
    )
}
