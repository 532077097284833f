use crate::api::auth::{get_me, Logout};
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The page frame: skip link, banner with navigation and language switch, the main landmark, footer.
/// The signed-in person is loaded once here and shared with pages through context.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let lang = use_lang();
    // Reloaded on every navigation, so signing in or out (which navigate) is reflected at once.
    let location = use_location();
    let me = crate::components::data::page_data(move || location.pathname.get(), |_| get_me());
    provide_context(me);
    let logout = ServerAction::<Logout>::new();
    view! {
        <a class="skip-link" href="#main" rel="external" on:click=focus_main>{lang.t("nav.skip")}</a>
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">
                    <img src="/favicon.svg" alt="" width="28" height="28" />
                    <span>"Tessera"</span>
                </a>
                <nav aria-label=lang.t("nav.main")>
                    <ul class="nav-list">
                        <Transition>
                            {move || Suspend::new(async move {
                                let me = crate::components::ready::ready(me).await.ok().flatten();
                                match me {
                                    Some(me) => view! {
                                        <li><ProgrammeSwitcher me=me.clone() /></li>
                                        {me.is_admin.then(|| view! {
                                            <li><a href="/programmes/new">{lang.t("nav.new_programme")}</a></li>
                                            <li><a href="/admin/audit">{lang.t("nav.platform_audit")}</a></li>
                                        })}
                                        <li><a href="/account">{lang.t("nav.account")}</a></li>
                                        <li>
                                            <ActionForm action=logout attr:class="inline-form">
                                                <button type="submit" class="link-button">{lang.t("nav.sign_out")}</button>
                                            </ActionForm>
                                        </li>
                                    }.into_any(),
                                    None => view! {
                                        <li><a href="/login">{lang.t("nav.sign_in")}</a></li>
                                    }.into_any(),
                                }
                            })}
                        </Transition>
                    </ul>
                </nav>
                <LanguageSwitch />
            </div>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{lang.t("footer.about")}</p>
        </footer>
    }
}

/// The programmes this person works in, to switch between them (a disclosure of plain links: works
/// by keyboard and without JavaScript).
#[component]
fn ProgrammeSwitcher(me: crate::api::auth::Me) -> impl IntoView {
    let lang = use_lang();
    if me.memberships.len() < 2 {
        return view! { <a href="/">{lang.t("nav.programmes")}</a> }.into_any();
    }
    view! {
        <details class="switcher">
            <summary>{lang.t("nav.programmes")}</summary>
            <ul>
                <li><a href="/">{lang.t("nav.all_programmes")}</a></li>
                {me.memberships
                    .into_iter()
                    .map(|m| view! { <li><a href=format!("/programmes/{}", m.programme_id)>{m.programme_name}</a></li> })
                    .collect_view()}
            </ul>
        </details>
    }
    .into_any()
}

/// Moves keyboard focus to the main landmark (browsers only scroll to a fragment target).
fn focus_main(_: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.focus();
        }
    }
}

/// Links to `/lang/<code>`, which sets the language cookie and comes back here; works without JavaScript.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let back = move || {
        let q = location.search.get();
        let path = location.pathname.get();
        if q.is_empty() {
            path
        } else {
            format!("{path}?{q}")
        }
    };
    view! {
        <nav class="lang-switch" aria-label=lang.t("nav.language")>
            <ul>
                {Lang::staff()
                    .into_iter()
                    .map(|l| {
                        let current = l == lang;
                        view! {
                            <li>
                                <a
                                    href=move || format!("/lang/{}?back={}", l.code(), urlencode(&back()))
                                    hreflang=l.code()
                                    rel="external"
                                    lang=l.code()
                                    aria-current=current.then_some("true")
                                >
                                    {l.name()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Percent-encodes a query value (enough for paths and query strings we build ourselves).
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The person signed in, as loaded by the shell.
pub fn use_me() -> Resource<Result<Option<crate::api::auth::Me>, crate::error::AppError>, crate::components::data::Lean>
{
    expect_context()
}
