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
/// the round afresh ([`repo::get`]).
pub async fn round(state: &AppState, grant: &Grant, id: &str) -> Result<Arc<repo::RoundParts>, AppError> {
    let key = format!("{}/{id}", grant.programme());
    let load = async { Ok::<_, AppError>(repo::get(&state.db, grant, id).await?.map(Arc::new)) };
    state.caches.rounds.get_or_load_tables(&state.db, repo::ROUND_TABLES, &key, load).await?.ok_or(AppError::NotFound)
}

/// A round by its public link's key, with the regions of its scope and its current questions, for
/// the public pages that read it (the form, a receipt, the results): from the same cache. A
/// submission reads the round afresh ([`repo::by_token`]).
pub async fn public(state: &AppState, token: &str) -> Result<Option<Arc<repo::RoundParts>>, AppError> {
    let key = format!("token:{token}");
    let load = async { Ok::<_, AppError>(repo::by_token(&state.db, token).await?.map(Arc::new)) };
    state.caches.rounds.get_or_load_tables(&state.db, repo::ROUND_TABLES, &key, load).await
}
