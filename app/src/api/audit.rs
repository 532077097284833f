use crate::domain::list::{ListQuery, Page};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// RFC 3339, UTC.
    pub at: String,
    pub actor_email: String,
    pub action: String,
    pub target: String,
    pub summary: String,
}

/// Searches the audit log of one programme (coordinators, admins), or the whole platform (`programme_id`
/// empty; admins only): the list pattern, newest first; `q` matches actor, action, target and summary.
#[server(endpoint = "audit/search")]
pub async fn search_audit(
    programme_id: String,
    #[server(default)] query: ListQuery,
) -> Result<Page<AuditEntry>, AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::audit::search(&state(), &ctx().await?, &programme_id, &query).await }.await,
    )
}
