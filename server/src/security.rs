//! Security middleware: response headers for every response, and the refusal of state-changing
//! requests from other origins.
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Requests larger than this are refused before any handler reads them.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// For responses that set no CSP of their own (pages set one with their nonce).
const DEFAULT_CSP: &str =
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Security headers on every response. Pages and server-function answers are never stored by a
/// browser or proxy (they may hold a signed-in person's data); outside development, browsers are told
/// to use HTTPS only (HSTS).
pub async fn headers(req: Request, next: Next, production: bool) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("text/html"));
    let h = res.headers_mut();
    if api || page {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if production {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(DEFAULT_CSP));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    res
}

fn is_write(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a state-changing request comes from this site. Browsers send `Sec-Fetch-Site` (modern
/// ones, always) or `Origin`; with `Referrer-Policy: no-referrer` a same-origin form post may carry
/// `Origin: null`, so `Sec-Fetch-Site` is read first. A request with neither is not from a browser
/// (and cannot ride on a victim's cookies), so it passes.
pub fn same_origin(headers: &axum::http::HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
            origin.split_once("://").is_some_and(|(_, rest)| rest == host)
        }
        None => true,
    }
}

/// Refuses cross-origin writes with 403, and turns the `__back` field of a plain form post into a
/// `Referer`, so leptos can send a no-JavaScript browser back to the form with its error. A
/// `__done` field names where a post that succeeds goes instead (a row open for changes closes).
pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    if !is_write(req.method()) {
        return next.run(req).await;
    }
    if !same_origin(req.headers()) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-origin write refused");
        let body = serde_json::to_string(&app::error::AppError::CrossOrigin).unwrap_or_default();
        return (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    let plain_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"))
        && req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    if !plain_form || req.headers().contains_key(header::REFERER) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let back = form_urlencoded_value(&bytes, "__back");
    let done = form_urlencoded_value(&bytes, "__done").filter(|d| app::backend::api::is_local_path(d));
    if let Some(back) = back.filter(|b| app::backend::api::is_local_path(b)) {
        let host = parts.headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost").to_string();
        // leptos needs an absolute Referer; the scheme is the one the browser used (a TLS-terminating
        // proxy says so in X-Forwarded-Proto), so the way back never downgrades to http.
        let scheme = match parts.headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) {
            Some("https") => "https",
            _ => parts.uri.scheme_str().unwrap_or("http"),
        };
        if let Ok(v) = HeaderValue::from_str(&format!("{scheme}://{host}{back}")) {
            parts.headers.insert(header::REFERER, v);
        }
    }
    let mut res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    if let Some(done) = done {
        if let (Some(false), Ok(v)) = (refused(&res), HeaderValue::from_str(&done)) {
            res.headers_mut().insert(header::LOCATION, v);
        }
    }
    res
}

/// For leptos' redirect after a plain form post: whether it refused the post (it sends the browser
/// back with `__err=` in the address); `None` when the answer is no redirect.
pub fn refused(res: &Response) -> Option<bool> {
    if !res.status().is_redirection() {
        return None;
    }
    Some(res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).is_some_and(|l| l.contains("__err=")))
}

fn form_urlencoded_value(body: &[u8], key: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn origin_rules() {
        assert!(same_origin(&h(&[("sec-fetch-site", "same-origin"), ("origin", "null")])));
        assert!(!same_origin(&h(&[("sec-fetch-site", "cross-site")])));
        assert!(!same_origin(&h(&[("sec-fetch-site", "same-site")])));
        assert!(same_origin(&h(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")])));
        assert!(!same_origin(&h(&[("origin", "https://evil.example"), ("host", "127.0.0.1:3000")])));
        assert!(!same_origin(&h(&[("origin", "null"), ("host", "127.0.0.1:3000")])));
        assert!(same_origin(&h(&[])));
    }

    #[test]
    fn decodes_form_values() {
        assert_eq!(
            form_urlencoded_value(b"a=1&__back=%2Fprogrammes%2Fx%3Fq%3D1", "__back").unwrap(),
            "/programmes/x?q=1"
        );
        assert_eq!(percent_decode("a+b%2"), "a b%2");
    }
}
