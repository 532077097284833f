use crate::api::programmes::list_programmes;
use crate::components::layout::use_me;
use crate::components::status::ErrorPage;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// Signed out: what Tessera is and a way in. Signed in: the programmes this person works in.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let me = use_me();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(me).await {
                    Ok(Some(me)) => view! { <Dashboard name=me.name is_admin=me.is_admin /> }.into_any(),
                    Ok(None) => view! {
                        <Title text=lang.t("home.title") />
                        <section class="hero">
                            <h1>{lang.t("home.title")}</h1>
                            <p class="lead">{lang.t("home.lead")}</p>
                            <p><a class="button" href="/login">{lang.t("nav.sign_in")}</a></p>
                        </section>
                        <section class="cards" aria-labelledby="what">
                            <h2 id="what">{lang.t("home.what")}</h2>
                            <ul class="card-list">
                                <li class="card"><h3>{lang.t("home.hub")}</h3><p>{lang.t("home.hub_text")}</p></li>
                                <li class="card"><h3>{lang.t("home.consult")}</h3><p>{lang.t("home.consult_text")}</p></li>
                                <li class="card"><h3>{lang.t("home.track")}</h3><p>{lang.t("home.track_text")}</p></li>
                            </ul>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(name: String, is_admin: bool) -> impl IntoView {
    let lang = use_lang();
    let programmes = crate::components::data::page_data(|| (), |_| list_programmes());
    view! {
        <Title text=lang.t("home.dashboard") />
        <h1>{lang.t("home.dashboard")}</h1>
        <p class="lead">{lang.tf("home.welcome", &[("name", &name)])}</p>
        <Suspense>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(programmes).await {
                    Ok(list) if list.is_empty() => view! {
                        <p>{if is_admin { lang.t("home.no_programmes_admin") } else { lang.t("home.no_programmes") }}</p>
                        {is_admin.then(|| view! { <p><a class="button" href="/programmes/new">{lang.t("nav.new_programme")}</a></p> })}
                    }.into_any(),
                    Ok(list) => view! {
                        <h2>{lang.t("home.your_programmes")}</h2>
                        <ul class="card-list">
                            {list.into_iter().map(|p| view! {
                                <li class="card">
                                    <h3><a href=format!("/programmes/{}", p.id)>{p.name.clone()}</a></h3>
                                    <dl class="facts">
                                        <div><dt>{lang.t("programme.country")}</dt><dd>{p.country.clone()}</dd></div>
                                        <div><dt>{lang.t("programme.your_role")}</dt><dd>{lang.t(&format!("role.{}", p.my_role))}</dd></div>
                                        <div><dt>{lang.t("programme.jurisdictions")}</dt><dd>{p.jurisdictions}</dd></div>
                                    </dl>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
