use crate::domain::list::{ListQuery, Page};
use crate::error::AppError;
pub use crate::wire::audit::*;
use leptos::prelude::*;

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
