//! Request-level helpers used while rendering pages.
use crate::i18n::{self, Lang};
use leptos::prelude::*;

/// The language of this request: the cookie set by the language switch, else Accept-Language.
pub fn request_lang() -> Lang {
    let Some(parts) = use_context::<http::request::Parts>() else { return Lang::default() };
    lang_from_headers(&parts.headers)
}

pub fn lang_from_headers(headers: &http::HeaderMap) -> Lang {
    let from_cookie = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|s| s.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == i18n::COOKIE)
        .and_then(|(_, v)| Lang::from_code(v));
    from_cookie.unwrap_or_else(|| {
        Lang::negotiate(headers.get(http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""))
    })
}

/// The Content-Security-Policy of pages: scripts only from here or with this response's nonce,
/// WebAssembly compilation allowed, no inline styles, no framing.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

pub fn set_page_security_headers() {
    if let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(v) = http::HeaderValue::from_str(&page_csp(&nonce)) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
}
