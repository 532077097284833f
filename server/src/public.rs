//! The anonymous channel's routes: plain HTML forms without script (`app::pages::public`), served
//! outside Leptos so no hydration script or WebAssembly is ever sent. The client's address is read
//! only to make the in-memory rate-limit key, and never logged.
use app::backend::service::feedback as service;
use app::backend::AppState;
use app::error::AppError;
use app::i18n::Lang;
use app::pages::public::{self as pages, PublicCtx};
use app::wire::rounds::PublicRound;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Extension, Form};
use std::net::SocketAddr;

/// The largest form the public pages accept.
pub const PUBLIC_BODY_BYTES: usize = 64 * 1024;

/// No script at all, styles from here only.
const PUBLIC_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

pub fn routes() -> Vec<(&'static str, MethodRouter<crate::ServerState>)> {
    let limit = || DefaultBodyLimit::max(PUBLIC_BODY_BYTES);
    vec![
        ("/f/{token}", get(form).post(submit).layer(limit())),
        ("/f/{token}/saved", post(saved).layer(limit())),
        ("/f/{token}/receipt", get(lookup_form).post(lookup).layer(limit())),
        ("/f/{token}/message", post(message).layer(limit())),
        ("/f/{token}/results", get(results)),
        ("/programmes/{id}/rounds/{round}/preview", get(preview)),
    ]
}

#[derive(serde::Deserialize, Default)]
pub struct LangQuery {
    lang: Option<String>,
}

type Peer = Option<Extension<ConnectInfo<SocketAddr>>>;

/// The page's language: the one asked for in the link when the round speaks it, else the browser's
/// preference among the round's languages, else the round's first language.
fn pick_lang(round: &PublicRound, asked: Option<&str>, headers: &HeaderMap) -> Lang {
    let speaks = |l: &Lang| round.languages.iter().any(|c| c == l.code());
    if let Some(l) = asked.and_then(Lang::from_code).filter(speaks) {
        return l;
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let preferred = accept.split(',').filter_map(|part| {
        let tag = part.split(';').next().unwrap_or("").trim();
        Lang::from_code(tag.split('-').next().unwrap_or(""))
    });
    for l in preferred {
        if speaks(&l) {
            return l;
        }
    }
    round.languages.first().and_then(|c| Lang::from_code(c)).unwrap_or_default()
}

fn html(status: StatusCode, body: String) -> Response {
    let mut res = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PUBLIC_CSP));
    res
}

fn client(state: &AppState, peer: &Peer, headers: &HeaderMap) -> Option<std::net::IpAddr> {
    let peer = peer.as_ref()?.0 .0.ip();
    Some(app::backend::api::client_ip(peer, headers, &state.settings.trusted_proxies))
}

/// The round behind a link and the page's language, or the page that says there is no such round.
async fn open(
    state: &AppState,
    token: &str,
    q: &LangQuery,
    headers: &HeaderMap,
) -> Result<(PublicRound, Lang), Response> {
    let round = round_or_page(state, token, headers).await?;
    let lang = pick_lang(&round, q.lang.as_deref(), headers);
    Ok((round, lang))
}

/// The round behind a link, or the page that says there is none.
async fn round_or_page(state: &AppState, token: &str, headers: &HeaderMap) -> Result<PublicRound, Response> {
    match service::public_round(state, token).await {
        Ok(Some(r)) => Ok(r),
        Ok(None) => Err(problem(state, headers, &AppError::NotFound)),
        Err(e) => Err(problem(state, headers, &e)),
    }
}

fn problem(state: &AppState, headers: &HeaderMap, e: &AppError) -> Response {
    let lang = app::backend::http::lang_from_headers(headers);
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let title = match e {
        AppError::NotFound => lang.t("error.title.not_found"),
        _ => lang.t("error.title.generic"),
    };
    html(status, pages::problem_page(lang, state.assets.css.clone(), title, lang.error(e)))
}

fn ctx<'a>(state: &AppState, lang: Lang, round: &'a PublicRound) -> PublicCtx<'a> {
    PublicCtx { lang, css: state.assets.css.clone(), round, preview: None }
}

async fn form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (round, lang) = match open(&state, &token, &q, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    html(StatusCode::OK, pages::form_page(&ctx(&state, lang, &round), &[], &[], None))
}

/// A round's public form as respondents will see it, for those who run rounds (signed in; any
/// status; the form sends nothing).
async fn preview(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    Path((programme, round_id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let found = async {
        let ctx =
            app::backend::service::accounts::ctx_from_session(&state, &session).await?.ok_or(AppError::Unauthorized)?;
        service::preview(&state, &ctx, &programme, &round_id).await
    }
    .await;
    let round = match found {
        Ok(r) => r,
        Err(e) => return problem(&state, &headers, &e),
    };
    let lang = pick_lang(&round, q.lang.as_deref(), &headers);
    let p = PublicCtx {
        lang,
        css: state.assets.css.clone(),
        round: &round,
        preview: Some(format!("/programmes/{programme}/rounds/{round_id}/preview")),
    };
    let mut res = html(StatusCode::OK, pages::form_page(&p, &[], &[], None));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    peer: Peer,
    headers: HeaderMap,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let (round, lang) = match open(&state, &token, &q, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let p = ctx(&state, lang, &round);
    let want_receipt = values.iter().any(|(k, v)| k == "receipt" && v == "yes");
    match service::submit(&state, &token, &values, want_receipt, client(&state, &peer, &headers)).await {
        Ok(Some(code)) => html(StatusCode::OK, pages::receipt_page(&p, &code, None)),
        Ok(None) => html(StatusCode::OK, pages::thanks_page(&p)),
        Err(AppError::Validation { fields }) => {
            html(StatusCode::UNPROCESSABLE_ENTITY, pages::form_page(&p, &values, &fields, None))
        }
        // Whatever went wrong, the form comes back with what was typed.
        Err(e) => html(status_of(&e), pages::form_page(&p, &values, &[], Some(lang.error(&e)))),
    }
}

async fn saved(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let (round, lang) = match open(&state, &token, &q, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let p = ctx(&state, lang, &round);
    let get = |k: &str| values.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    if get("saved") == "yes" {
        return html(StatusCode::OK, pages::thanks_page(&p));
    }
    // The code came back with the form only so that it can be shown again; it is not kept.
    let code = app::domain::round::normalise_receipt(&get("code"))
        .map(|c| c.as_bytes().chunks(4).map(|g| String::from_utf8_lossy(g).into_owned()).collect::<Vec<_>>().join("-"))
        .unwrap_or_default();
    let error = lang.t("pub.confirm_saved").to_string();
    html(StatusCode::UNPROCESSABLE_ENTITY, pages::receipt_page(&p, &code, Some(error)))
}

async fn lookup_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (round, lang) = match open(&state, &token, &q, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    html(StatusCode::OK, pages::lookup_page(&ctx(&state, lang, &round), "", None))
}

fn field_text(lang: Lang, e: &AppError) -> String {
    match e {
        AppError::Validation { fields } => fields.first().map(|f| lang.field_error(f)).unwrap_or_else(|| lang.error(e)),
        other => lang.error(other),
    }
}

fn status_of(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

async fn lookup(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    peer: Peer,
    headers: HeaderMap,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let (round, lang) = match open(&state, &token, &q, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let p = ctx(&state, lang, &round);
    let code = values.iter().find(|(k, _)| k == "code").map(|(_, v)| v.clone()).unwrap_or_default();
    match service::lookup(&state, &token, &code, client(&state, &peer, &headers), lang).await {
        Ok((_, receipt)) => {
            html(StatusCode::OK, pages::thread_page(&p, &code, &receipt.answers, &receipt.thread, "", None, None))
        }
        Err(e) => html(status_of(&e), pages::lookup_page(&p, &code, Some(field_text(lang, &e)))),
    }
}

async fn message(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    peer: Peer,
    headers: HeaderMap,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let (round, lang) = match open(&state, &token, &q, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let p = ctx(&state, lang, &round);
    let get = |k: &str| values.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let (code, text) = (get("code"), get("message"));
    let addr = client(&state, &peer, &headers);
    match service::add_message(&state, &token, &code, &text, addr, lang).await {
        Ok(r) => html(
            StatusCode::OK,
            pages::thread_page(
                &p,
                &code,
                &r.answers,
                &r.thread,
                "",
                None,
                Some(lang.t("pub.message_sent").to_string()),
            ),
        ),
        // The message could not be added: show the exchange again with what was typed, when the code
        // is right; else ask for the code.
        Err(e @ AppError::Validation { .. }) if !matches!(&e, AppError::Validation { fields } if fields.iter().any(|f| f.field == "code")) => {
            match service::lookup(&state, &token, &code, addr, lang).await {
                Ok((_, r)) => html(
                    status_of(&e),
                    pages::thread_page(&p, &code, &r.answers, &r.thread, &text, Some(field_text(lang, &e)), None),
                ),
                Err(e) => html(status_of(&e), pages::lookup_page(&p, &code, Some(field_text(lang, &e)))),
            }
        }
        Err(e) => html(status_of(&e), pages::lookup_page(&p, &code, Some(field_text(lang, &e)))),
    }
}

async fn results(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (round, lang) = match open(&state, &token, &q, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    match service::results(&state, &token, lang).await {
        Ok(r) => html(StatusCode::OK, pages::results_page(&ctx(&state, lang, &round), r.as_ref())),
        Err(e) => problem(&state, &headers, &e),
    }
}
