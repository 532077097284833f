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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass the last entry's `at` as `before` to read further back.
    pub has_more: bool,
}

/// Searches the audit log of one programme (coordinators, admins), or the whole platform (`programme_id`
/// empty; admins only). `q` matches actor, action, target and summary; newest first.
#[server(endpoint = "audit/search")]
pub async fn search_audit(programme_id: String, q: String, before: String) -> Result<AuditPage, AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::audit::search(&state(), &ctx().await?, &programme_id, &q, &before).await }
            .await,
    )
}
