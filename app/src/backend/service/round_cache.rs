//! Rounds as the pages read them, from the read cache: by id within a programme, and by their
//! public link's key. Below the round services (rounds, inputs, feedback, analysis, activities), so
//! each reads rounds the same way without depending on another.
use super::authz::Grant;
use crate::backend::repo::rounds as repo;
use crate::backend::AppState;
use crate::error::AppError;
use std::sync::Arc;

/// A round of the grant's programme with its scope and current questions, for the pages that read
/// it: from the cache while no write touches `round`, `question` or `jurisdiction`. Changes read
/// the round afresh ([`repo::get`]). Only rounds that exist are kept: a request for an unknown id
/// (or key, below) costs one read and leaves nothing in memory.
pub async fn round(state: &AppState, grant: &Grant, id: &str) -> Result<Arc<repo::RoundParts>, AppError> {
    let key = format!("{}/{id}", grant.programme());
    let load = async { repo::get(&state.db, grant, id).await?.map(Arc::new).ok_or(AppError::NotFound) };
    state.caches.rounds.get_or_load_tables(&state.db, repo::ROUND_TABLES, &key, load).await
}

/// A round by its public link's key, with the regions of its scope and its current questions, for
/// the public pages that read it (the form, a receipt, the results): from the same cache. A
/// submission reads the round afresh ([`repo::by_token`]).
pub async fn public(state: &AppState, token: &str) -> Result<Option<Arc<repo::RoundParts>>, AppError> {
    let key = format!("token:{token}");
    let load = async { repo::by_token(&state.db, token).await?.map(Arc::new).ok_or(AppError::NotFound) };
    match state.caches.rounds.get_or_load_tables(&state.db, repo::ROUND_TABLES, &key, load).await {
        Ok(round) => Ok(Some(round)),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The organisations invited to a round of the grant's programme (by name), each with whether it has
/// submitted its input: from the cache while no write touches `invited`, `input` or `organisation`.
pub async fn invited(state: &AppState, grant: &Grant, round_id: &str) -> Result<Arc<Vec<repo::InvitedRow>>, AppError> {
    let key = format!("{}/{round_id}", grant.programme());
    let load = async { Ok::<_, AppError>(Arc::new(repo::invited(&state.db, grant, round_id).await?)) };
    state.caches.invited.get_or_load_tables(&state.db, &["invited", "input", "organisation"], &key, load).await
}
