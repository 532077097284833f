use super::LocalText;
use crate::domain::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeSummary {
    pub id: String,
    pub name: String,
    pub country: String,
    pub languages: Vec<String>,
    pub periods: Vec<String>,
    /// The viewer's role here (`Admin` for platform admins without a membership).
    pub my_role: Role,
    pub jurisdictions: u32,
    pub people: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeOverview {
    pub summary: ProgrammeSummary,
    pub work_packages: Vec<WorkPackageView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkPackageView {
    pub code: String,
    pub title: LocalText,
    pub activities: Vec<WpItemView>,
    pub results: Vec<WpItemView>,
    pub kpis: Vec<KpiView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WpItemView {
    pub code: String,
    pub title: LocalText,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiView {
    pub code: String,
    pub title: LocalText,
    pub unit: String,
    pub disaggregation: Vec<String>,
    pub source: String,
}

#[server(endpoint = "programmes/list")]
pub async fn list_programmes() -> Result<Vec<ProgrammeSummary>, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::programmes::list(&state(), &ctx().await?).await }.await)
}

#[server(endpoint = "programmes/get")]
pub async fn get_programme(id: String) -> Result<ProgrammeOverview, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::programmes::overview(&state(), &ctx().await?, &id).await }.await)
}

/// The header of a page inside a programme: name, the viewer's role, counts (one round-trip).
#[server(endpoint = "programmes/header")]
pub async fn get_programme_header(id: String) -> Result<ProgrammeSummary, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::programmes::header(&state(), &ctx().await?, &id).await }.await)
}

#[server(endpoint = "programmes/create")]
pub async fn create_programme(
    name: String,
    country: String,
    languages: String,
    periods: String,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let ctx = ctx().await?;
            let id = crate::backend::service::programmes::create(&state(), &ctx, &name, &country, &languages, &periods)
                .await?;
            leptos_axum::redirect(&format!("/programmes/{id}"));
            Ok(())
        }
        .await,
    )
}
