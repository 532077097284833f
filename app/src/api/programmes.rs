use crate::error::AppError;
pub use crate::wire::programmes::*;
use leptos::prelude::*;

#[server(endpoint = "programmes/list")]
pub async fn list_programmes() -> Result<Vec<ProgrammeSummary>, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::programmes::list(&state(), &ctx().await?).await }.await)
}

#[server(endpoint = "programmes/get")]
pub async fn get_programme(id: String) -> Result<ProgrammeOverview, AppError> {
    use crate::backend::api::*;
    let lang = crate::backend::http::request_lang();
    respond(async { crate::backend::service::programmes::overview(&state(), &ctx().await?, &id, lang).await }.await)
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
