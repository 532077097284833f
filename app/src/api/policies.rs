//! The policy inventory (WP2.2).
use crate::domain::list::ListQuery;
use crate::error::AppError;
pub use crate::wire::policies::*;
use leptos::prelude::*;

#[server(endpoint = "policies/list")]
pub async fn list_policies(programme_id: String, #[server(default)] query: ListQuery) -> Result<Policies, AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::policies::list(&state(), &ctx().await?, &programme_id, &query).await }.await,
    )
}

#[server(endpoint = "policies/get")]
pub async fn get_policy(programme_id: String, id: String) -> Result<PolicyDetail, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::policies::get(&state(), &ctx().await?, &programme_id, &id).await }.await)
}

/// Creates (`id` empty) or updates a policy; answers its id.
#[server(endpoint = "policies/save")]
#[allow(clippy::too_many_arguments)]
pub async fn save_policy(
    programme_id: String,
    #[server(default)] id: String,
    #[server(default)] title: String,
    #[server(default)] kind: String,
    #[server(default)] jurisdiction_code: String,
    #[server(default)] areas: Vec<String>,
    #[server(default)] starts: String,
    #[server(default)] ends: String,
    #[server(default)] status: String,
    #[server(default)] link: String,
    #[server(default)] gaps: String,
    #[server(default)] needs: String,
    #[server(default)] weaknesses: String,
    #[server(default)] recommendations: String,
) -> Result<String, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let ctx = ctx().await?;
            let input = crate::domain::policy::PolicyInput {
                title: &title,
                kind: &kind,
                jurisdiction_code: &jurisdiction_code,
                areas: &areas,
                starts: &starts,
                ends: &ends,
                status: &status,
                link: &link,
                gaps: &gaps,
                needs: &needs,
                weaknesses: &weaknesses,
                recommendations: &recommendations,
            };
            crate::backend::service::policies::save(&state(), &ctx, &programme_id, &id, &input).await
        }
        .await,
    )
}
