use crate::domain::list::ListQuery;
use crate::error::AppError;
pub use crate::wire::stakeholders::*;
use leptos::prelude::*;

/// One page of the stakeholder register (the list pattern) with its power/interest counts.
#[server(endpoint = "organisations/list")]
pub async fn list_stakeholders(
    programme_id: String,
    #[server(default)] query: ListQuery,
) -> Result<Stakeholders, AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::stakeholders::list(&state(), &ctx().await?, &programme_id, &query).await }
            .await,
    )
}

#[server(endpoint = "organisations/get")]
pub async fn get_stakeholder(programme_id: String, id: String) -> Result<StakeholderProfile, AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::stakeholders::profile(&state(), &ctx().await?, &programme_id, &id).await }
            .await,
    )
}

/// Creates (`id` empty) or updates an organisation; answers its id.
#[server(endpoint = "organisations/save")]
#[allow(clippy::too_many_arguments)]
pub async fn save_stakeholder(
    programme_id: String,
    #[server(default)] id: String,
    name: String,
    #[server(default)] kind: String,
    #[server(default)] jurisdiction_code: String,
    #[server(default)] level: String,
    #[server(default)] sectors: Vec<String>,
    #[server(default)] women: String,
    #[server(default)] men: String,
    #[server(default)] other_gender: String,
    #[server(default)] migrant_led: String,
    #[server(default)] influence: String,
    #[server(default)] interest: String,
    #[server(default)] position: String,
    #[server(default)] website: String,
    #[server(default)] notes: String,
) -> Result<String, AppError> {
    use crate::backend::api::*;
    let sectors = sectors.join(",");
    let raw = crate::domain::organisation::RawOrganisation {
        name: &name,
        kind: &kind,
        jurisdiction_code: &jurisdiction_code,
        level: &level,
        sectors: &sectors,
        women: &women,
        men: &men,
        other_gender: &other_gender,
        migrant_led: &migrant_led,
        influence: &influence,
        interest: &interest,
        position: &position,
        website: &website,
        notes: &notes,
    };
    respond(
        async {
            let saved =
                crate::backend::service::stakeholders::save(&state(), &ctx().await?, &programme_id, &id, raw).await?;
            leptos_axum::redirect(&format!("/programmes/{programme_id}/organisations/{saved}"));
            Ok(saved)
        }
        .await,
    )
}

#[server(endpoint = "organisations/add_sector")]
pub async fn add_sector(programme_id: String, sector: String) -> Result<String, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::stakeholders::add_sector(&state(), &ctx().await?, &programme_id, &sector).await
        }
        .await,
    )
}

/// The relationship map around one organisation (`focus`), or the programme's first edges.
#[server(endpoint = "relations/map")]
pub async fn get_relation_map(programme_id: String, #[server(default)] focus: String) -> Result<RelationMap, AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::relations::map(&state(), &ctx().await?, &programme_id, &focus).await }.await,
    )
}

/// Relates an organisation to another, named.
#[server(endpoint = "relations/add")]
pub async fn add_relation(
    programme_id: String,
    from: String,
    kind: String,
    to: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::relations::add(&state(), &ctx().await?, &programme_id, &from, &kind, &to, &note)
                .await
        }
        .await,
    )
}

#[server(endpoint = "relations/remove")]
pub async fn remove_relation(programme_id: String, id: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::relations::remove(&state(), &ctx().await?, &programme_id, &id).await }.await,
    )
}

/// The jurisdiction tree with the organisations acting at each node and below it.
#[server(endpoint = "organisations/multilevel")]
pub async fn get_multilevel(programme_id: String, #[server(default)] query: ListQuery) -> Result<Multilevel, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::stakeholders::multilevel(&state(), &ctx().await?, &programme_id, &query).await
        }
        .await,
    )
}

/// The hub: its interactions log (the list pattern) and WP2.K3/K4 computed from it.
#[server(endpoint = "hub/get")]
pub async fn get_hub(programme_id: String, #[server(default)] query: ListQuery) -> Result<HubView, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::hub::view(&state(), &ctx().await?, &programme_id, &query).await }.await)
}

/// Records an interaction between two organisations, named.
#[server(endpoint = "hub/record")]
#[allow(clippy::too_many_arguments)]
pub async fn record_interaction(
    programme_id: String,
    a: String,
    b: String,
    kind: String,
    on: String,
    quality: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::hub::record(
                &state(),
                &ctx().await?,
                &programme_id,
                &a,
                &b,
                &kind,
                &on,
                &quality,
                &note,
            )
            .await
        }
        .await,
    )
}
