//! What server functions share: the state, the acting person, the session, and setting the HTTP
//! status from the error.
use super::auth::Ctx;
use super::AppState;
use crate::error::AppError;
use leptos::prelude::*;
use tower_sessions::Session;

pub fn state() -> AppState {
    expect_context::<AppState>()
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| AppError::from(anyhow::anyhow!("session layer: {e}")))
}

/// The signed-in person, or `Unauthorized`.
pub async fn ctx() -> Result<Ctx, AppError> {
    optional_ctx().await?.ok_or(AppError::Unauthorized)
}

/// The acting person, loaded at most once per request: the shell, the programme header and the page
/// all ask, and all get the first answer. A session changed during the request (sign-in, sign-out) is
/// read afresh.
pub async fn optional_ctx() -> Result<Option<Ctx>, AppError> {
    let session = session().await?;
    let state = state();
    match use_context::<RequestCtx>() {
        Some(cache) if !session.is_modified() => cache
            .0
            .get_or_try_init(|| super::service::accounts::ctx_from_session(&state, &session))
            .await
            .cloned(),
        _ => super::service::accounts::ctx_from_session(&state, &session).await,
    }
}

/// Per-request memo of the acting person; the router provides a fresh one for every request.
#[derive(Clone, Default)]
pub struct RequestCtx(std::sync::Arc<tokio::sync::OnceCell<Option<Ctx>>>);

/// Sets the response status from the error. A plain HTML form post (no JavaScript) keeps leptos'
/// redirect back to the form, which carries the error in the URL; a 4xx there would strand the browser
/// on a JSON body.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        let plain_form = use_context::<http::request::Parts>().is_some_and(|p| {
            p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
        });
        if !plain_form {
            if let (Some(opts), Ok(code)) =
                (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(e.status()))
            {
                opts.set_status(code);
            }
        }
    }
    result
}

/// Only local paths are followed after sign-in (no open redirect).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}
