//! Who may edit an organisation of the register (its profile, its contacts, the relationships it
//! starts): coordinators and admins anywhere, officials in their subtree, members their own.
use super::authz::{self, Action, Grant};
use crate::backend::auth::Ctx;
use crate::backend::repo::organisations as repo;
use crate::backend::AppState;
use crate::domain::scope::in_subtree;
use crate::domain::Role;
use crate::error::AppError;

/// The grant to edit with, if any: coordinators and admins anywhere, officials in their subtree,
/// members their own organisation.
pub async fn editor(state: &AppState, ctx: &Ctx, programme_id: &str) -> Result<Option<Grant>, AppError> {
    match authz::require(state, ctx, Action::EditOrganisations, programme_id).await {
        Ok(g) => Ok(Some(g)),
        Err(AppError::Forbidden) => {
            Ok(authz::require(state, ctx, Action::EditOwnOrganisation, programme_id).await.ok())
        }
        Err(e) => Err(e),
    }
}

/// Whether `grant` may edit the organisation `id` placed at `path`.
pub fn may_edit(grant: &Grant, id: &str, path: Option<&str>) -> bool {
    match grant.role() {
        Role::Admin | Role::Coordinator => true,
        Role::Official => grant.subtree().zip(path).is_some_and(|(root, p)| in_subtree(root, p)),
        Role::Member => grant.organisation() == Some(id),
        Role::Observer => false,
    }
}

/// The grant to edit one organisation with (its profile, its contacts), or a refusal.
pub async fn grant_to_edit(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    organisation_id: &str,
) -> Result<Grant, AppError> {
    let reader = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let row = repo::stakeholder(&state.db, &reader, organisation_id).await?.ok_or(AppError::NotFound)?;
    match editor(state, ctx, programme_id).await? {
        Some(g) if may_edit(&g, &row.id, row.jurisdiction_path.as_deref()) => Ok(g),
        _ => Err(AppError::Forbidden),
    }
}
