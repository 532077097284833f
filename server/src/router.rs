use crate::security;
use app::backend::auth::session_store::SurrealSessionStore;
use app::backend::AppState;
use app::{shell, App};
use axum::extract::{FromRef, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::limit::RequestBodyLimitLayer;
use tower_sessions::cookie::{time::Duration, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};

#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos_options: LeptosOptions,
    pub app: AppState,
}

/// Routes outside Leptos (they are listed here so the permission-matrix test can check them).
pub const PLAIN_ROUTES: &[&str] = &["/healthz", "/readyz", "/lang/{code}"];

/// Requests larger than this are refused before any handler reads them.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

pub fn build_router(app_state: AppState, leptos_options: LeptosOptions, secure_cookies: bool) -> Router {
    let routes = generate_route_list(App);
    let sessions = SessionManagerLayer::new(SurrealSessionStore::new(app_state.db.clone()))
        .with_name("tessera_session")
        .with_secure(secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(Duration::hours(8)));
    let state = ServerState { leptos_options: leptos_options.clone(), app: app_state.clone() };
    let context = move || provide_context(app_state.clone());
    let fallback_context = context.clone();
    Router::new()
        .route(PLAIN_ROUTES[0], get(healthz))
        .route(PLAIN_ROUTES[1], get(readyz))
        .route(PLAIN_ROUTES[2], get(set_language))
        .leptos_routes_with_context(&state, routes, context, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<ServerState, _>(fallback_context, shell))
        .layer(sessions)
        .layer(axum::middleware::from_fn(security::same_origin_writes))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .with_state(state)
}

/// Alive: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers a query.
async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.query("RETURN 1").await.and_then(|r| r.check()) {
        Ok(_) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[derive(serde::Deserialize)]
struct Back {
    back: Option<String>,
}

/// Sets the interface language cookie and returns to the page (a plain link: works without JavaScript).
async fn set_language(Path(code): Path<String>, Query(q): Query<Back>) -> Response {
    let Some(lang) = app::i18n::Lang::from_code(&code).filter(|l| l.is_staff()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let back = app::backend::api::safe_next(q.back.as_deref());
    let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", app::i18n::COOKIE, lang.code());
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}
