use crate::domain::list::{ListQuery, Page};
use crate::domain::Level;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JurisdictionView {
    pub id: String,
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent_code: Option<String>,
    /// 0 for the national root; rows come in tree order (each parent before its children).
    pub depth: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JurisdictionTree {
    /// One page of the tree in path order (the list pattern).
    pub items: Page<JurisdictionView>,
    /// National and regional nodes, for the parent field of the editors' form.
    pub parents: Vec<JurisdictionView>,
    pub can_edit: bool,
}

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
