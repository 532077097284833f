use crate::security;
use app::backend::auth::session_store::SurrealSessionStore;
use app::backend::AppState;
use app::{shell, App};
use axum::extract::{FromRef, Path, Query, State};
use axum::handler::Handler;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_sessions::cookie::{time::Duration, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};

#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos_options: LeptosOptions,
    pub app: AppState,
}

/// Routes outside Leptos: the router registers exactly these, and the permission-matrix test reads
/// the same list, so a route cannot be added without a row there.
pub fn plain_routes(config: RouterConfig) -> Vec<(&'static str, MethodRouter<ServerState>)> {
    let mut routes: Vec<(&'static str, MethodRouter<ServerState>)> = vec![
        ("/healthz", get(healthz)),
        ("/readyz", get(readyz)),
        ("/lang/{code}", get(set_language)),
        ("/i18n/{file}", get(catalogue)),
        ("/metrics", get(move || metrics(config.metrics))),
        ("/programmes/{id}/persons/export", get(person_export)),
    ];
    routes.extend(crate::public::routes());
    for register in app::backend::service::exports::REGISTERS {
        let path: &'static str = match *register {
            "people" => "/programmes/{id}/export/people",
            "audit" => "/programmes/{id}/export/audit",
            "jurisdictions" => "/programmes/{id}/export/jurisdictions",
            "organisations" => "/programmes/{id}/export/organisations",
            "relations" => "/programmes/{id}/export/relations",
            "interactions" => "/programmes/{id}/export/interactions",
            "policies" => "/programmes/{id}/export/policies",
            "inputs" => "/programmes/{id}/export/inputs",
            "activities" => "/programmes/{id}/export/activities",
            "paper" => "/programmes/{id}/export/paper",
            "results" => "/programmes/{id}/export/results",
            other => unreachable!("export register {other} has no route"),
        };
        routes.push((
            path,
            get(move |state, session, path, query, headers| export(state, session, path, query, headers, register)),
        ));
    }
    for register in app::backend::service::imports::REGISTERS {
        let path: &'static str = match *register {
            "jurisdictions" => "/programmes/{id}/import/jurisdictions",
            "organisations" => "/programmes/{id}/import/organisations",
            "contacts" => "/programmes/{id}/import/contacts",
            "interactions" => "/programmes/{id}/import/interactions",
            "paper" => "/programmes/{id}/import/paper",
            other => unreachable!("import register {other} has no route"),
        };
        let handler = move |state, session, path, query, headers, multipart| {
            import(state, session, path, query, headers, multipart, (register, config))
        };
        routes.push((path, post(handler).layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))));
    }
    routes
}

pub use crate::security::MAX_BODY_BYTES;
/// The longest a request may take, end to end.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
/// The longest an import's work may take once its file has arrived (within [`REQUEST_TIMEOUT`]):
/// validating and writing 50 000 rows in one transaction takes 20–30 s on two busy cores.
pub const IMPORT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(600);
/// Requests handled at once; more wait for a free slot.
pub const MAX_IN_FLIGHT: usize = 256;

/// How the router behaves beyond the application state.
#[derive(Clone, Copy, Debug)]
pub struct RouterConfig {
    /// Session cookies carry `Secure` (everywhere but plain-http development).
    pub secure_cookies: bool,
    /// `/metrics` answers (operators and the benchmark); otherwise it is 404.
    pub metrics: bool,
    /// The longest a request may take ([`REQUEST_TIMEOUT`]; tests shorten it).
    pub request_timeout: std::time::Duration,
    /// The longest an import's work may take once its file is read ([`IMPORT_TIMEOUT`]).
    pub import_timeout: std::time::Duration,
    /// Requests handled at once ([`MAX_IN_FLIGHT`]; tests lower it).
    pub max_in_flight: usize,
}

impl Default for RouterConfig {
    fn default() -> Self {
        RouterConfig {
            secure_cookies: true,
            metrics: false,
            request_timeout: REQUEST_TIMEOUT,
            import_timeout: IMPORT_TIMEOUT,
            max_in_flight: MAX_IN_FLIGHT,
        }
    }
}

pub fn build_router(app_state: AppState, leptos_options: LeptosOptions, config: RouterConfig) -> Router {
    let secure_cookies = config.secure_cookies;
    let routes = generate_route_list(App);
    let sessions = SessionManagerLayer::new(SurrealSessionStore::new(app_state.db.clone()))
        .with_name("tessera_session")
        .with_secure(secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(Duration::hours(8)));
    let state = ServerState { leptos_options: leptos_options.clone(), app: app_state.clone() };
    let context = move || {
        provide_context(app_state.clone());
        provide_context(app::backend::api::RequestCtx::default());
    };
    let not_found = leptos_axum::file_and_error_handler_with_context::<ServerState, _>(context.clone(), shell)
        .with_state(state.clone());
    let site_root = std::path::PathBuf::from(leptos_options.site_root.as_ref());
    let mut router = Router::new();
    for (path, route) in plain_routes(config) {
        router = router.route(path, route);
    }
    router
        .leptos_routes_with_context(&state, routes, context, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .nest_service("/pkg", bundle_files(&site_root.join("pkg")))
        .fallback_service(site_files(&site_root).fallback(not_found))
        // Inside the session layer: a refused no-JavaScript form keeps what was typed for its way back.
        .layer(axum::middleware::from_fn(crate::echo::forms))
        .layer(sessions)
        .layer(axum::middleware::from_fn(security::same_origin_writes))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // A request that takes longer than this is answered 408 and its work dropped (an import's
        // file too; its work has a deadline of its own); beyond MAX_IN_FLIGHT requests at once,
        // more wait for a slot instead of piling work on the database.
        .layer(axum::middleware::from_fn(move |req: axum::extract::Request, next: axum::middleware::Next| {
            deadline(req, next, config.request_timeout)
        }))
        .layer(GlobalConcurrencyLimitLayer::new(config.max_in_flight))
        // Outside the limits, so refusals carry the security headers too.
        .layer(axum::middleware::from_fn(move |req: axum::extract::Request, next: axum::middleware::Next| {
            security::headers(req, next, secure_cookies)
        }))
        // Pages and JSON, compressed as they go out; static files were compressed at build time and
        // already carry their Content-Encoding, which this layer leaves alone.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .with_state(state)
}

/// Files of the built site, in the brotli or gzip copy `scripts/site.sh` made when the browser
/// accepts it (other files, such as the favicon, revalidate through Last-Modified).
fn site_files(root: &std::path::Path) -> ServeDir {
    ServeDir::new(root).precompressed_br().precompressed_gzip()
}

/// The bundle under /pkg has content-hashed names, so a browser may keep what it fetched for good.
fn bundle_files(root: &std::path::Path) -> Router {
    Router::new().fallback_service(site_files(root)).layer(axum::middleware::map_response(cache_forever))
}

async fn cache_forever(mut res: Response) -> Response {
    if res.status().is_success() {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    }
    res
}

/// A register's list as a file: the same query as its page, through the same service.
async fn export(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    Path(programme): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
    headers: axum::http::HeaderMap,
    register: &'static str,
) -> Response {
    let lang = app::backend::http::lang_from_headers(&headers);
    let result = async {
        let ctx = app::backend::service::accounts::ctx_from_session(&state, &session)
            .await?
            .ok_or(app::error::AppError::Unauthorized)?;
        app::backend::service::exports::download(&state, &ctx, &programme, register, &params, lang).await
    }
    .await;
    match result {
        Ok(file) => {
            let disposition = format!("attachment; filename=\"{}\"", file.filename.replace(['"', '\\'], ""));
            let mut res = (StatusCode::OK, file.bytes).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut message = lang.error(&e);
            if let app::error::AppError::Validation { fields } = &e {
                for f in fields {
                    message.push('\n');
                    message.push_str(&lang.field_error(f));
                }
            }
            (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message).into_response()
        }
    }
}

/// Everything held on one person as a JSON file (a coordinator answering an access request).
async fn person_export(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    Path(programme): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
    headers: axum::http::HeaderMap,
) -> Response {
    let lang = app::backend::http::lang_from_headers(&headers);
    let who = q.iter().find(|(k, _)| k == "who").map(|(_, v)| v.clone()).unwrap_or_default();
    let result = async {
        let ctx = app::backend::service::accounts::ctx_from_session(&state, &session)
            .await?
            .ok_or(app::error::AppError::Unauthorized)?;
        app::backend::service::contacts::person(&state, &ctx, &programme, &who).await
    }
    .await;
    match result {
        Ok(record) => {
            let body = serde_json::to_vec_pretty(&record).unwrap_or_default();
            let mut res = (StatusCode::OK, body).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"person.json\""));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], lang.error(&e)).into_response()
        }
    }
}

/// Answers 408 when `next` takes longer than `limit`. Imports time their own steps (see [`import`]).
async fn deadline(req: axum::extract::Request, next: axum::middleware::Next, limit: std::time::Duration) -> Response {
    if req.method() == axum::http::Method::POST && is_import(req.uri().path()) {
        return next.run(req).await;
    }
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// `/programmes/{id}/import/{register}`, the one import route.
fn is_import(path: &str) -> bool {
    let mut parts = path.strip_prefix('/').unwrap_or(path).split('/');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("programmes"), Some(id), Some("import"), Some(register), None)
            if !id.is_empty() && app::backend::service::imports::REGISTERS.contains(&register)
    )
}

/// A register's import: a file (`file`) or pasted CSV (`csv`) as multipart form data. A client that
/// asks for JSON gets the outcome or the errors as JSON; a plain form post returns to the register's
/// page, which reads the result from the session.
async fn import(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    Path(programme): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
    headers: axum::http::HeaderMap,
    mut multipart: axum::extract::Multipart,
    (register, config): (&'static str, RouterConfig),
) -> Response {
    use app::backend::service::imports;
    use app::error::AppError;
    let mut file: Option<Vec<u8>> = None;
    let mut text: Option<String> = None;
    let mut malformed = false;
    // The file arrives within the deadline of any request; the work on it then has its own, longer
    // one, so a large import on a busy machine is not cut off and lost at 30 s.
    let read = tokio::time::timeout(config.request_timeout, async {
        loop {
            match multipart.next_field().await {
                Ok(Some(field)) => match field.name() {
                    Some("file") => match field.bytes().await {
                        Ok(b) if !b.is_empty() => file = Some(b.to_vec()),
                        Ok(_) => {}
                        Err(_) => malformed = true,
                    },
                    Some("csv") => text = field.text().await.ok().filter(|t| !t.trim().is_empty()),
                    _ => {}
                },
                Ok(None) => break,
                Err(_) => {
                    malformed = true;
                    break;
                }
            }
        }
    });
    if read.await.is_err() {
        return StatusCode::REQUEST_TIMEOUT.into_response();
    }
    let work = async {
        let ctx =
            app::backend::service::accounts::ctx_from_session(&state, &session).await?.ok_or(AppError::Unauthorized)?;
        if malformed {
            return Err(AppError::field("file", "file_too_large"));
        }
        let bytes =
            file.or_else(|| text.clone().map(String::into_bytes)).ok_or_else(|| AppError::field("file", "required"))?;
        imports::import(&state, &ctx, &programme, register, &params, &bytes).await
    };
    let Ok(outcome) = tokio::time::timeout(config.import_timeout, work).await else {
        return StatusCode::REQUEST_TIMEOUT.into_response();
    };
    let wants_json =
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"));
    if wants_json {
        return match outcome {
            Ok(o) => axum::Json(o).into_response(),
            Err(e) => {
                let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                (status, axum::Json(e)).into_response()
            }
        };
    }
    let back = imports::back_path(register, &programme, &params);
    let text = if outcome.is_err() { text } else { None };
    let result = app::wire::imports::ImportResult { register: register.to_string(), outcome, text };
    if let Err(e) = imports::keep_result(&session, result).await {
        tracing::warn!(error = %e, "could not keep an import's result in the session");
    }
    (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response()
}

/// Alive: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// A language's interface strings for the browser (`/i18n/<code>.<hash>.json`): the name changes
/// with the content, so it is cached for good.
async fn catalogue(Path(file): Path<String>) -> Response {
    let path = format!("/i18n/{file}");
    match app::i18n::catalogue_files().iter().find(|(p, _)| *p == path) {
        Some((_, json)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            ],
            json.as_str(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
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

/// Process counters in the Prometheus text format, when enabled with `--metrics`.
async fn metrics(enabled: bool) -> Response {
    if !enabled {
        return StatusCode::NOT_FOUND.into_response();
    }
    let body = format!(
        "# HELP tessera_db_round_trips_total Database round-trips since the process started.\n\
         # TYPE tessera_db_round_trips_total counter\n\
         tessera_db_round_trips_total {}\n",
        app::backend::Db::round_trips()
    );
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
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
