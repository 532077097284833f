#![recursion_limit = "512"]
//! Tessera's application: pages, components, wire types and server functions, plus the server-only
//! backend behind one `ssr` gate.
pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod backend;

use crate::components::layout::Shell;
use crate::i18n::Lang;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The HTML document, rendered on the server once per request: language and direction come from
/// the language cookie (or Accept-Language), the CSP header carries this response's nonce. The
/// stylesheet and the hydration bundle are linked by their hashed names (`AppState::assets`).
#[cfg(feature = "ssr")]
pub fn shell(_options: LeptosOptions) -> impl IntoView {
    use leptos_meta::MetaTags;
    let lang = backend::http::request_lang();
    backend::http::set_page_security_headers();
    provide_context(lang);
    let assets = use_context::<backend::AppState>().map(|s| s.assets.clone()).unwrap_or_default();
    let nonce = leptos::nonce::use_nonce();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() dir=lang.dir()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href=assets.css.clone() />
                <link rel="modulepreload" href=assets.js.clone() crossorigin="" />
                <link rel="preload" href=assets.wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin="" />
                <link rel="preload" href=i18n::catalogue_path(lang) r#as="fetch" crossorigin="" />
                <script type="module" nonce=nonce>{assets.hydration_script(i18n::catalogue_path(lang))}</script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The language the page was rendered in: on the server from the request, in the browser from the
/// `<html lang>` the server wrote (so both render the same text).
fn page_lang() -> Lang {
    if let Some(lang) = use_context::<Lang>() {
        return lang;
    }
    #[cfg(feature = "hydrate")]
    {
        let code = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"));
        if let Some(lang) = code.as_deref().and_then(Lang::from_code) {
            return lang;
        }
    }
    Lang::default()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(page_lang());
    use pages::*;
    view! {
        <Router>
            <Shell>
                <Routes fallback=|| view! { <not_found::NotFound /> }>
                    <Route path=path!("/") view=home::HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=auth::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/password/forgot") view=auth::ForgotPage ssr=SsrMode::Async />
                    <Route path=path!("/password/reset/:token") view=auth::ResetPage ssr=SsrMode::Async />
                    <Route path=path!("/invitation/:token") view=auth::InvitationPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/new") view={Lazy::<NewProgrammeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id") view={Lazy::<ProgrammeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/jurisdictions") view={Lazy::<JurisdictionsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/people") view={Lazy::<PeopleRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/organisations") view={Lazy::<StakeholdersRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/organisations/:org") view={Lazy::<StakeholderRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/hub") view={Lazy::<HubRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/platforms") view={Lazy::<PlatformsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/meetings") view={Lazy::<MeetingsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/meetings/:meeting") view={Lazy::<MeetingRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/policies") view={Lazy::<PoliciesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/policies/:policy") view={Lazy::<PolicyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/rounds") view={Lazy::<RoundsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/rounds/:round") view={Lazy::<RoundRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/rounds/:round/analysis") view={Lazy::<AnalysisRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/rounds/:round/paper") view={Lazy::<PaperRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/rounds/:round/activities") view={Lazy::<ActivitiesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/rounds/:round/input") view={Lazy::<InputRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/multilevel") view={Lazy::<MultilevelRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/relations") view={Lazy::<RelationsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/persons") view={Lazy::<PersonsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/programmes/:id/audit") view={Lazy::<ProgrammeAuditRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view={Lazy::<PlatformAuditRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </Shell>
        </Router>
    }
}
