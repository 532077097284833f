use crate::domain::list::ListQuery;
use crate::error::AppError;
pub use crate::wire::jurisdictions::*;
use leptos::prelude::*;

#[server(endpoint = "jurisdictions/list")]
pub async fn list_jurisdictions(
    programme_id: String,
    #[server(default)] query: ListQuery,
) -> Result<JurisdictionTree, AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::jurisdictions::tree(&state(), &ctx().await?, &programme_id, &query).await }
            .await,
    )
}

#[server(endpoint = "jurisdictions/create")]
pub async fn create_jurisdiction(
    programme_id: String,
    code: String,
    name: String,
    level: String,
    parent_code: String,
) -> Result<String, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let ctx = ctx().await?;
            crate::backend::service::jurisdictions::create(
                &state(),
                &ctx,
                &programme_id,
                &code,
                &name,
                &level,
                &parent_code,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "jurisdictions/rename")]
pub async fn rename_jurisdiction(programme_id: String, code: String, name: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::jurisdictions::rename(&state(), &ctx().await?, &programme_id, &code, &name).await
        }
        .await,
    )
}

/// Deletes a jurisdiction that nothing refers to any more.
#[server(endpoint = "jurisdictions/delete")]
pub async fn delete_jurisdiction(programme_id: String, code: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::jurisdictions::delete(&state(), &ctx().await?, &programme_id, &code).await }
            .await,
    )
}
