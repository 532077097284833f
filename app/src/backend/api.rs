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

/// The request's session, taken from the request once (each extraction clones the request's head:
/// its headers and extensions) and shared by everything that asks during the request.
pub async fn session() -> Result<Session, AppError> {
    let extract = || async {
        leptos_axum::extract::<Session>().await.map_err(|e| AppError::from(anyhow::anyhow!("session layer: {e}")))
    };
    match use_context::<RequestCtx>() {
        Some(cache) => cache.0.session.get_or_try_init(extract).await.cloned(),
        None => extract().await,
    }
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
        Some(cache) if !session.is_modified() => {
            cache.0.ctx.get_or_try_init(|| super::service::accounts::ctx_from_session(&state, &session)).await.cloned()
        }
        _ => super::service::accounts::ctx_from_session(&state, &session).await,
    }
}

/// Per-request memo of the session and the acting person; the router provides a fresh one for every
/// request. The session is a handle: a change made through one clone (sign-in, sign-out) shows in all.
#[derive(Clone, Default)]
pub struct RequestCtx(std::sync::Arc<RequestMemo>);

#[derive(Default)]
pub struct RequestMemo {
    session: tokio::sync::OnceCell<Session>,
    ctx: tokio::sync::OnceCell<Option<Ctx>>,
}

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

/// Only local paths are followed after sign-in or a language switch (no open redirect).
pub fn safe_next(next: Option<&str>) -> String {
    next.filter(|n| is_local_path(n)).unwrap_or("/").to_string()
}

/// A path on this site and nothing else: it starts with one `/`, and holds no backslash, whitespace
/// or control character (browsers drop a TAB or newline from `Location`, so `/\t/evil.example` would
/// become the scheme-relative `//evil.example`).
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && p.chars().all(|c| !c.is_control() && !c.is_whitespace() && c != '\\')
}

/// The client's address: the socket's peer, or, when the peer is a trusted proxy, the address that
/// proxy appended to `X-Forwarded-For`. `None` when the server was started without peer addresses.
pub fn client_addr() -> Option<std::net::IpAddr> {
    let parts = use_context::<http::request::Parts>()?;
    let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()?.0.ip();
    Some(client_ip(peer, &parts.headers, &state().settings.trusted_proxies))
}

pub fn client_ip(peer: std::net::IpAddr, headers: &http::HeaderMap, trusted: &[std::net::IpAddr]) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .next_back()
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_are_followed() {
        for good in ["/", "/programmes/x?tab=people#top", "/lang/fr?back=/login", "/a/b%2Fc"] {
            assert_eq!(safe_next(Some(good)), good, "{good:?}");
        }
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/ /evil.example",
            "https://evil.example",
            "http:evil.example",
            "evil.example",
            "javascript:alert(1)",
            "",
            "/\u{0}x",
            "/\u{2028}/evil.example",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let mut h = http::HeaderMap::new();
        h.insert("x-forwarded-for", "203.0.113.9, 198.51.100.7".parse().unwrap());
        let proxy: std::net::IpAddr = "10.0.0.1".parse().unwrap();
        let stranger: std::net::IpAddr = "192.0.2.4".parse().unwrap();
        assert_eq!(client_ip(stranger, &h, &[proxy]), stranger);
        assert_eq!(client_ip(proxy, &h, &[proxy]), "198.51.100.7".parse::<std::net::IpAddr>().unwrap());
        assert_eq!(client_ip(proxy, &http::HeaderMap::new(), &[proxy]), proxy);
    }
}
