//! Authorization on the server: the acting person, one action, one programme → a [`Grant`] or a
//! refusal (rules in [`crate::domain::grant`]). Platform admins act as `Admin` in every programme
//! that exists; naming one that does not answers `NotFound` and nothing is read or written.
use crate::backend::auth::Ctx;
use crate::backend::repo::programmes::ProgrammeRow;
use crate::backend::AppState;
use crate::domain::grant::{authorize, Actor};
pub use crate::domain::{Action, Grant};
use crate::error::AppError;

pub async fn require(state: &AppState, ctx: &Ctx, action: Action, programme_id: &str) -> Result<Grant, AppError> {
    let membership = ctx.membership(programme_id);
    let actor = Actor {
        role: ctx.role_in(programme_id),
        jurisdiction_path: membership.and_then(|m| m.jurisdiction_path.as_deref()),
        organisation: membership.and_then(|m| m.organisation_id.as_deref()),
    };
    let grant = authorize(&actor, action, programme_id)?;
    if membership.is_none() && programme_row(state, programme_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(grant)
}

/// A programme's header row, through the read cache (`None` when there is no such programme).
pub async fn programme_row(state: &AppState, id: &str) -> Result<Option<ProgrammeRow>, AppError> {
    let load = async { crate::backend::repo::programmes::by_id(&state.db, id).await };
    Ok(state.caches.headers.get_or_load(&state.db, &id.to_string(), load).await?)
}

pub fn require_admin(ctx: &Ctx) -> Result<(), AppError> {
    if ctx.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}
