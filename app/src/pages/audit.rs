use super::param;
use crate::api::audit::search_audit;
use crate::components::inert::tbody;
use crate::components::status::ErrorPage;
use crate::components::table::{use_list_query, ListFilters, ListFooter};
use crate::domain::list::AUDIT_FILTERS;
use crate::i18n::use_lang;
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;

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

/// The audit log, newest first, in the list pattern: a search (a GET form, so searches are links and
/// work without JavaScript), paging on (time, id), and the same query as CSV or XLSX.
#[component]
fn AuditLog(programme_id: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let query = use_list_query(AUDIT_FILTERS);
    let page =
        crate::components::data::page_data(move || (programme_id.get(), query.get()), |(p, q)| search_audit(p, q));
    view! {
        <Title text=lang.t("audit.title") />
        <h1>{lang.t("audit.title")}</h1>
        <ListFilters query=query search_label=lang.t("audit.search").into()>
            <div class="field">
                <label for="filter-action">{lang.t("audit.action")}</label>
                <input id="filter-action" name="action" value=move || query.read().filter("action").unwrap_or_default().to_string() />
            </div>
        </ListFilters>
        <Transition>
            {move || Suspend::new(async move {
                let export = (!programme_id.get().is_empty()).then(|| format!("/programmes/{}/export/audit", programme_id.get()));
                match crate::components::ready::ready(page).await {
                    Ok(page) if page.rows.is_empty() => view! { <p>{lang.t("audit.empty")}</p> }.into_any(),
                    Ok(page) => view! {
                        <table>
                            <caption>{lang.t("audit.caption")}</caption>
                            <thead><tr>
                                <th scope="col">{lang.t("audit.when")}</th>
                                <th scope="col">{lang.t("audit.who")}</th>
                                <th scope="col">{lang.t("audit.action")}</th>
                                <th scope="col">{lang.t("audit.target")}</th>
                                <th scope="col">{lang.t("audit.summary")}</th>
                            </tr></thead>
                            {tbody(&page.rows, |h, e| {
                                let when: String = e.at.replace('T', " ").chars().take(19).collect();
                                h.open("tr", &[])
                                    .open("td", &[])
                                    .element("time", &[("datetime", Some(&e.at))], &when)
                                    .close("td")
                                    .element("td", &[], &e.actor_email)
                                    .element("td", &[("class", Some("code"))], &e.action)
                                    .element("td", &[("class", Some("code"))], &e.target)
                                    .element("td", &[], &e.summary)
                                    .close("tr");
                            })}
                        </table>
                        {match export {
                            Some(export) => view! { <ListFooter query=query total=page.total next=page.next export=export /> }.into_any(),
                            None => view! { <ListFooter query=query total=page.total next=page.next /> }.into_any(),
                        }}
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
