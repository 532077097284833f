use crate::domain::list::ListQuery;
use crate::error::AppError;
pub use crate::wire::people::*;
use leptos::prelude::*;

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
    /// For members: the organisation's name as in the register.
    organisation: String,
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
                &organisation,
            )
            .await
        }
        .await,
    )
}
