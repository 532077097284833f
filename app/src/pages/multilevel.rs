//! The multilevel view: every jurisdiction, collapsible by level and paged, with the organisations
//! acting at it and in its subtree, each count a link to the register filtered to that place.
use super::param;
use crate::api::stakeholders::get_multilevel;
use crate::components::status::ErrorPage;
use crate::components::table::{use_list_query, FilterSelect, ListFilters, ListFooter};
use crate::domain::list::JURISDICTION_FILTERS;
use crate::domain::Level;
use crate::i18n::use_lang;
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MultilevelPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let query = use_list_query(JURISDICTION_FILTERS);
    let data = crate::components::data::page_data(move || (id(), query.get()), |(id, q)| get_multilevel(id, q));
    view! {
        <Title text=lang.t("multi.title") />
        <ProgrammeHeader id=Signal::derive(id) current="multilevel" />
        <h1>{lang.t("multi.title")}</h1>
        <p>{lang.t("multi.lead")}</p>
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(m) => {
                        let any = (String::new(), lang.t("list.all").to_string());
                        let depths: Vec<(String, String)> = std::iter::once(any).chain(Level::ALL.iter().enumerate().map(|(i, l)| ((i + 1).to_string(), lang.tf("jurisdictions.down_to", &[("level", lang.t(&format!("level.{}", l.as_str())))])))).collect();
                        let register = format!("/programmes/{}/organisations", id());
                        view! {
                            <ListFilters query=query search_label=lang.t("jurisdictions.search").into()>
                                <FilterSelect query=query name="depth" label=lang.t("jurisdictions.depth").into() options=depths />
                            </ListFilters>
                            <table class="tree">
                                <caption>{lang.t("multi.caption")}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t("jurisdictions.name")}</th>
                                    <th scope="col">{lang.t("jurisdictions.level")}</th>
                                    <th scope="col">{lang.t("multi.here")}</th>
                                    <th scope="col">{lang.t("multi.below")}</th>
                                </tr></thead>
                                <tbody>
                                    {m.nodes.rows.iter().map(|n| {
                                        let href = format!("{register}?jurisdiction={}", n.code);
                                        view! {
                                            <tr>
                                                <th scope="row" class=format!("depth-{}", n.depth.min(3))>{n.name.clone()}" "<span class="code">{n.code.clone()}</span></th>
                                                <td>{lang.t(&format!("level.{}", n.level))}</td>
                                                <td class="num">{n.here.to_string()}</td>
                                                <td class="num"><a href=href>{n.below.to_string()}</a></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <ListFooter query=query total=m.nodes.total next=m.nodes.next.clone() />
                            <p>{lang.tf("multi.unplaced", &[("n", &m.unplaced.to_string())])}</p>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
