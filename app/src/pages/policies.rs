//! The policy inventory (WP2.2): the list (filters, sorting, export), the levels compared for each
//! policy area, a policy with its findings and recommendations, and the form to add or edit one.
use super::{action_error, action_ok, param};
use crate::api::policies::*;
use crate::components::form::BackField;
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::components::table::{use_list_query, FilterSelect, ListFilters, ListFooter, SortHeader};
use crate::domain::list::POLICY_FILTERS;
use crate::domain::policy::{AreaRow, LEVELS, POLICY_KINDS, POLICY_STATUSES};
use crate::i18n::{use_lang, Lang};
use crate::pages::programmes::ProgrammeHeader;
use crate::pages::stakeholders::sector_label;
use leptos::prelude::*;
use leptos_meta::Title;

fn choices(lang: Lang, prefix: &str, values: &[&str]) -> Vec<(String, String)> {
    values.iter().map(|v| (v.to_string(), lang.t(&format!("{prefix}.{v}")).to_string())).collect()
}

fn with_all(lang: Lang, options: Vec<(String, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), lang.t("list.all").to_string())).chain(options).collect()
}

fn comparison(lang: Lang, programme: String, rows: Vec<AreaRow>) -> impl IntoView {
    view! {
        <table class="comparison">
            <caption>{lang.t("policy.comparison")}</caption>
            <thead><tr>
                <th scope="col">{lang.t("policy.area")}</th>
                {LEVELS.iter().map(|l| view! { <th scope="col">{lang.t(&format!("level.{l}"))}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let programme = programme.clone();
                    view! {
                        <tr>
                            <th scope="row">{sector_label(lang, &r.area)}</th>
                            {r.levels.into_iter().map(|cell| {
                                let programme = programme.clone();
                                view! {
                                    <td>
                                        {cell.is_empty().then(|| view! { <span class="muted">{lang.t("policy.none_at_level")}</span> })}
                                        <ul class="plain">
                                            {cell.into_iter().map(|p| view! {
                                                <li>
                                                    <a href=format!("/programmes/{programme}/policies/{}", p.id)>{p.title}</a>
                                                    {(p.findings > 0).then(|| view! { " " <span class="badge">{lang.tf("policy.findings_n", &[("n", &p.findings.to_string())])}</span> })}
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Adds a policy (`policy` None) or edits one.
#[component]
fn PolicyForm(
    programme: String,
    policy: Option<PolicyView>,
    areas: Vec<String>,
    places: Vec<String>,
    action: ServerAction<SavePolicy>,
) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(action);
    let saved = action_ok(action);
    let p = policy.clone();
    let get = move |f: fn(&PolicyFields) -> String| p.as_ref().map(|p| f(&p.fields)).unwrap_or_default();
    let chosen: Vec<String> = policy.as_ref().map(|p| p.fields.areas.clone()).unwrap_or_default();
    let kind = policy.as_ref().map(|p| p.fields.kind.clone()).unwrap_or_else(|| "strategy".into());
    let status = policy.as_ref().map(|p| p.fields.status.clone()).unwrap_or_else(|| "in_force".into());
    let place = policy.as_ref().map(|p| p.fields.jurisdiction_code.clone()).unwrap_or_default();
    let area_items: Vec<(String, String)> = areas.iter().map(|a| (a.clone(), sector_label(lang, a))).collect();
    let select =
        move |id: &'static str, name: &'static str, label: String, opts: Vec<(String, String)>, current: String| {
            view! {
                <div class="field">
                    <label for=id>{label}</label>
                    {crate::components::inert::select(id, name, &opts, &current)}
                </div>
            }
        };
    let textarea = move |id: &'static str, name: &'static str, label: String, value: String| {
        let (lfor, hint_for, hint_id) = (id, format!("{id}-hint"), format!("{id}-hint"));
        view! {
            <div class="field">
                <label for=lfor>{label}</label>
                <p class="hint" id=hint_id>{lang.t("meetings.one_per_line")}</p>
                <textarea id=id name=name rows="3" aria-describedby=hint_for>{value}</textarea>
            </div>
        }
    };
    let lines = |f: fn(&PolicyFields) -> &Vec<String>| -> String {
        policy.as_ref().map(|p| f(&p.fields).join("\n")).unwrap_or_default()
    };
    let (gaps, needs, weaknesses, recs) =
        (lines(|p| &p.gaps), lines(|p| &p.needs), lines(|p| &p.weaknesses), lines(|p| &p.recommendations));
    let id = policy.as_ref().map(|p| p.fields.id.clone()).unwrap_or_default();
    view! {
        {move || saved.get().then(|| view! { <Notice text=lang.t("policy.saved").to_string() /> })}
        {move || error.get().map(|e| view! { <FormError error=e /> })}
        <ActionForm action=action attr:class="stack" attr:novalidate="">
            <BackField />
            <input type="hidden" name="programme_id" value=programme />
            <input type="hidden" name="id" value=id />
            <div class="field"><label for="pol-title">{lang.t("policy.title_field")}</label><input id="pol-title" name="title" required value=get(|p| p.title.clone()) /></div>
            {select("pol-kind", "kind", lang.t("policy.kind").into(), choices(lang, "policy.kind", &POLICY_KINDS), kind)}
            {select("pol-place", "jurisdiction_code", lang.t("policy.jurisdiction").into(), places.into_iter().map(|c| (c.clone(), c)).collect(), place)}
            {crate::components::inert::check_group(None, lang.t("policy.areas"), None, ("pol-area", "areas[]"), &area_items, &chosen).into_view()}
            <div class="field"><label for="pol-starts">{lang.t("policy.starts")}</label><input id="pol-starts" type="date" name="starts" value=get(|p| p.starts.clone().unwrap_or_default()) /></div>
            <div class="field"><label for="pol-ends">{lang.t("policy.ends")}</label><input id="pol-ends" type="date" name="ends" value=get(|p| p.ends.clone().unwrap_or_default()) /></div>
            {select("pol-status", "status", lang.t("policy.status").into(), choices(lang, "policy.status", &POLICY_STATUSES), status)}
            <div class="field"><label for="pol-link">{lang.t("policy.link")}</label><input id="pol-link" type="url" name="link" value=get(|p| p.link.clone().unwrap_or_default()) /></div>
            {textarea("pol-gaps", "gaps", lang.t("policy.gaps").into(), gaps)}
            {textarea("pol-needs", "needs", lang.t("policy.needs").into(), needs)}
            {textarea("pol-weaknesses", "weaknesses", lang.t("policy.weaknesses").into(), weaknesses)}
            {textarea("pol-recs", "recommendations", lang.t("policy.recommendations").into(), recs)}
            <button type="submit" class="button">{lang.t("policy.save")}</button>
        </ActionForm>
    }
}

#[component]
pub fn PoliciesPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let query = use_list_query(POLICY_FILTERS);
    let save = ServerAction::<SavePolicy>::new();
    let data = crate::components::data::page_data(
        move || (id(), query.get(), save.version().get()),
        |(id, q, _)| list_policies(id, q),
    );
    view! {
        <Title text=lang.t("policy.inventory") />
        <ProgrammeHeader id=Signal::derive(id) current="policies" />
        <h1>{lang.t("policy.inventory")}</h1>
        <p>{lang.t("policy.lead")}</p>
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(v) => {
                        let sorted = Signal::derive({ let s = v.page.sort.clone(); move || s.clone() });
                        let desc = Signal::derive({ let d = v.page.desc; move || d });
                        let area_filter = with_all(lang, v.areas.iter().map(|a| (a.clone(), sector_label(lang, a))).collect());
                        view! {
                            <ListFilters query=query search_label=lang.t("policy.search").into()>
                                <FilterSelect query=query name="level" label=lang.t("org.level").into() options=with_all(lang, choices(lang, "level", &LEVELS)) />
                                <FilterSelect query=query name="area" label=lang.t("policy.area").into() options=area_filter />
                                <FilterSelect query=query name="status" label=lang.t("policy.status").into() options=with_all(lang, choices(lang, "policy.status", &POLICY_STATUSES)) />
                            </ListFilters>
                            <table>
                                <caption>{lang.tf("policy.count", &[("n", &v.page.total.to_string())])}</caption>
                                <thead><tr>
                                    <SortHeader query=query column="title" label=lang.t("policy.title_field").into() sorted=sorted desc=desc />
                                    <th scope="col">{lang.t("policy.kind")}</th>
                                    <th scope="col">{lang.t("policy.jurisdiction")}</th>
                                    <th scope="col">{lang.t("policy.areas")}</th>
                                    <SortHeader query=query column="status" label=lang.t("policy.status").into() sorted=sorted desc=desc />
                                    <th scope="col">{lang.t("policy.findings")}</th>
                                </tr></thead>
                                <tbody>
                                    {v.page.rows.iter().map(|p| &p.fields).map(|p| view! {
                                        <tr>
                                            <th scope="row"><a href=format!("/programmes/{}/policies/{}", id(), p.id)>{p.title.clone()}</a></th>
                                            <td>{lang.t(&format!("policy.kind.{}", p.kind))}</td>
                                            <td>{format!("{} ({})", p.jurisdiction, p.jurisdiction_code)}</td>
                                            <td>{p.areas.iter().map(|a| sector_label(lang, a)).collect::<Vec<_>>().join(", ")}</td>
                                            <td>{lang.t(&format!("policy.status.{}", p.status))}</td>
                                            <td class="num">{p.findings().to_string()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <ListFooter query=query total=v.page.total next=v.page.next.clone() export=format!("/programmes/{}/export/policies", id()) />
                            <h2>{lang.t("policy.comparison")}</h2>
                            {comparison(lang, id(), v.comparison.clone())}
                            {v.can_add.then(|| view! {
                                <section class="panel" aria-labelledby="new-policy-h">
                                    <h2 id="new-policy-h">{lang.t("policy.add")}</h2>
                                    <PolicyForm programme=id() policy=None areas=v.areas.clone() places=v.places.clone() action=save />
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn findings(lang: Lang, key: &str, items: &[String]) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <h2>{lang.t(key)}</h2>
            <ul>{items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul>
        }
    })
}

#[component]
pub fn PolicyPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let policy = param("policy");
    let save = ServerAction::<SavePolicy>::new();
    let data = crate::components::data::page_data(
        move || (id(), policy(), save.version().get()),
        |(id, p, _)| get_policy(id, p),
    );
    view! {
        <ProgrammeHeader id=Signal::derive(id) current="policies" />
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(PolicyDetail { policy, areas, places }) => { let p = policy.fields.clone(); view! {
                        <Title text=p.title.clone() />
                        <h1>{p.title.clone()}</h1>
                        <p><a href=format!("/programmes/{}/policies", id())>{lang.t("policy.inventory")}</a></p>
                        <dl class="facts">
                            <div><dt>{lang.t("policy.kind")}</dt><dd>{lang.t(&format!("policy.kind.{}", p.kind))}</dd></div>
                            <div><dt>{lang.t("policy.jurisdiction")}</dt><dd>{format!("{} ({})", p.jurisdiction, p.jurisdiction_code)}</dd></div>
                            <div><dt>{lang.t("org.level")}</dt><dd>{p.level.as_deref().map(|l| lang.t(&format!("level.{l}")).to_string()).unwrap_or_default()}</dd></div>
                            <div><dt>{lang.t("policy.areas")}</dt><dd>{p.areas.iter().map(|a| sector_label(lang, a)).collect::<Vec<_>>().join(", ")}</dd></div>
                            <div><dt>{lang.t("policy.period")}</dt><dd>{format!("{} – {}", p.starts.clone().unwrap_or_default(), p.ends.clone().unwrap_or_default())}</dd></div>
                            <div><dt>{lang.t("policy.status")}</dt><dd>{lang.t(&format!("policy.status.{}", p.status))}</dd></div>
                        </dl>
                        {p.link.clone().map(|l| view! { <p><a href=l.clone() rel="noopener noreferrer">{lang.t("policy.link")}</a></p> })}
                        {findings(lang, "policy.gaps", &p.gaps)}
                        {findings(lang, "policy.needs", &p.needs)}
                        {findings(lang, "policy.weaknesses", &p.weaknesses)}
                        {findings(lang, "policy.recommendations", &p.recommendations)}
                        {policy.editable.then(|| view! {
                            <section class="panel" aria-labelledby="edit-policy-h">
                                <h2 id="edit-policy-h">{lang.t("policy.edit")}</h2>
                                <PolicyForm programme=id() policy=Some(policy.clone()) areas=areas places=places action=save />
                            </section>
                        })}
                    }.into_any() }
                    Err(e) => view! { <Title text=lang.t("policy.inventory") /><ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
