use super::param;
use crate::api::audit::search_audit;
use crate::components::status::ErrorPage;
use crate::i18n::use_lang;
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProgrammeAuditPage() -> impl IntoView {
    let id = param("id");
    view! {
        <ProgrammeHeader id=Signal::derive(id) current="audit" />
        <AuditLog programme_id=Signal::derive(id) />
    }
}

#[component]
pub fn PlatformAuditPage() -> impl IntoView {
    view! { <AuditLog programme_id=Signal::derive(String::new) /> }
}

/// The audit log with a search box (a GET form, so searches are links and work without JavaScript)
/// and "older" paging by time.
#[component]
fn AuditLog(programme_id: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let before = move || query.read().get("before").unwrap_or_default();
    let page = Resource::new_blocking(move || (programme_id.get(), q(), before()), |(p, q, b)| search_audit(p, q, b));
    view! {
        <Title text=lang.t("audit.title") />
        <h1>{lang.t("audit.title")}</h1>
        <form method="get" class="search" role="search">
            <label for="audit-q">{lang.t("audit.search")}</label>
            <input id="audit-q" type="search" name="q" value=q />
            <button type="submit" class="button">{lang.t("audit.search_submit")}</button>
        </form>
        <Transition>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) if page.entries.is_empty() => view! { <p>{lang.t("audit.empty")}</p> }.into_any(),
                    Ok(page) => {
                        let last = page.entries.last().map(|e| e.at.clone()).unwrap_or_default();
                        let older = page.has_more.then(|| format!("?q={}&before={}", crate::components::layout::urlencode(&q()), crate::components::layout::urlencode(&last)));
                        view! {
                            <table>
                                <caption>{lang.t("audit.caption")}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t("audit.when")}</th>
                                    <th scope="col">{lang.t("audit.who")}</th>
                                    <th scope="col">{lang.t("audit.action")}</th>
                                    <th scope="col">{lang.t("audit.target")}</th>
                                    <th scope="col">{lang.t("audit.summary")}</th>
                                </tr></thead>
                                <tbody>
                                    {page.entries.into_iter().map(|e| view! {
                                        <tr>
                                            <td><time datetime=e.at.clone()>{e.at.replace('T', " ").chars().take(19).collect::<String>()}</time></td>
                                            <td>{e.actor_email}</td>
                                            <td class="code">{e.action}</td>
                                            <td class="code">{e.target}</td>
                                            <td>{e.summary}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {older.map(|href| view! { <p><a href=href>{lang.t("audit.older")}</a></p> })}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
