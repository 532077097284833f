use super::{action_error, param};
use crate::api::programmes::{get_programme, get_programme_header, CreateProgramme, ProgrammeSummary};
use crate::components::form::{BackField, Field};
use crate::components::inert::Html;
use crate::components::status::{ErrorPage, FormError};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewProgrammePage() -> impl IntoView {
    let lang = use_lang();
    let me = crate::components::layout::use_me();
    let action = ServerAction::<CreateProgramme>::new();
    let error = action_error(action);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(me).await {
                    Ok(Some(me)) if me.is_admin => view! {
                        <Title text=lang.t("programme.new_title") />
                        <h1>{lang.t("programme.new_title")}</h1>
                        <p class="lead">{lang.t("programme.new_lead")}</p>
                        {move || error.get().filter(|e| !matches!(e, AppError::Validation { .. })).map(|e| view! { <FormError error=e /> })}
                        <ActionForm action=action attr:class="stack narrow" attr:novalidate="">
                            <BackField />
                            <Field name="name" label=lang.t("programme.name").into() required=true error=error />
                            <Field name="country" label=lang.t("programme.country").into() hint=lang.t("programme.country_hint").into() required=true error=error />
                            <Field name="languages" label=lang.t("programme.languages").into() hint=lang.t("programme.languages_hint").into() required=true value="en, fr" error=error />
                            <Field name="periods" label=lang.t("programme.periods").into() hint=lang.t("programme.periods_hint").into() required=true error=error />
                            <button type="submit" class="button">{lang.t("programme.create")}</button>
                        </ActionForm>
                    }.into_any(),
                    Ok(Some(_)) => view! { <ErrorPage error=AppError::Forbidden /> }.into_any(),
                    Ok(None) => view! { <ErrorPage error=AppError::Unauthorized /> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The programme's name and section navigation, loaded for pages inside a programme.
#[component]
pub fn ProgrammeHeader(#[prop(into)] id: Signal<String>, current: &'static str) -> impl IntoView {
    let programme = crate::components::data::page_data(move || id.get(), get_programme_header);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(programme).await {
                    Ok(summary) => view! { <ProgrammeNav summary=summary current=current /> }.into_any(),
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
    }
}

/// Secondary navigation inside a programme.
#[component]
pub fn ProgrammeNav(summary: ProgrammeSummary, current: &'static str) -> impl IntoView {
    let lang = use_lang();
    let base = format!("/programmes/{}", summary.id);
    let staff = matches!(summary.my_role, Role::Admin | Role::Coordinator);
    let mut links = vec![
        ("overview", base.clone(), lang.t("programme.overview")),
        ("jurisdictions", format!("{base}/jurisdictions"), lang.t("programme.jurisdictions")),
        ("organisations", format!("{base}/organisations"), lang.t("programme.organisations")),
        ("multilevel", format!("{base}/multilevel"), lang.t("programme.multilevel")),
        ("hub", format!("{base}/hub"), lang.t("programme.hub")),
        ("platforms", format!("{base}/platforms"), lang.t("programme.platforms")),
        ("policies", format!("{base}/policies"), lang.t("programme.policies")),
        ("rounds", format!("{base}/rounds"), lang.t("programme.rounds")),
        ("relations", format!("{base}/relations"), lang.t("programme.relations")),
    ];
    if summary.my_role != Role::Member {
        links.push(("people", format!("{base}/people"), lang.t("programme.people")));
    }
    if staff {
        links.push(("persons", format!("{base}/persons"), lang.t("programme.persons")));
        links.push(("audit", format!("{base}/audit"), lang.t("programme.audit")));
    }
    view! {
        <p class="eyebrow">{summary.name.clone()}</p>
        <nav class="subnav" aria-label=lang.t("programme.sections")>
            <ul>
                {links.into_iter().map(|(key, href, label)| view! {
                    <li><a href=href aria-current=(key == current).then_some("page")>{label}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let data = crate::components::data::page_data(id, get_programme);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(p) => {
                        let s = p.summary.clone();
                        view! {
                            <Title text=s.name.clone() />
                            <ProgrammeNav summary=s.clone() current="overview" />
                            <h1>{s.name.clone()}</h1>
                            <dl class="facts">
                                <div><dt>{lang.t("programme.country")}</dt><dd>{s.country.clone()}</dd></div>
                                <div><dt>{lang.t("programme.languages")}</dt><dd>{s.languages.join(", ")}</dd></div>
                                <div><dt>{lang.t("programme.periods")}</dt><dd>{s.periods.join(", ")}</dd></div>
                                <div><dt>{lang.t("programme.your_role")}</dt><dd>{lang.t(&format!("role.{}", s.my_role))}</dd></div>
                                <div><dt>{lang.t("programme.jurisdictions")}</dt><dd>{s.jurisdictions}</dd></div>
                                <div><dt>{lang.t("programme.people")}</dt><dd>{s.people}</dd></div>
                            </dl>
                            {(p.overdue.total > 0).then(|| view! {
                                <section class="alert alert-warn" aria-labelledby="overdue-h">
                                    <h2 id="overdue-h">{lang.tf("actions.overdue_heading", &[("n", &p.overdue.total.to_string())])}</h2>
                                    {crate::components::actions::actions_table(lang, &id(), lang.t("actions.overdue_caption").into(), &p.overdue.items, true)}
                                </section>
                            })}
                            <section aria-labelledby="loop-h">
                                <h2 id="loop-h">{lang.t("loop.heading")}</h2>
                                {p.consultation_overdue.then(|| view! {
                                    <p class="alert alert-warn">{match p.last_consultation.clone() {
                                        Some(d) => lang.tf("loop.overdue_since", &[("date", &d)]),
                                        None => lang.t("loop.never").to_string(),
                                    }}</p>
                                })}
                                {(!p.rounds.is_empty()).then(|| view! {
                                    <table>
                                        <caption>{lang.t("loop.caption")}</caption>
                                        <thead><tr>
                                            <th scope="col">{lang.t("round.title_field")}</th>
                                            <th scope="col">{lang.t("round.status")}</th>
                                            <th scope="col">{lang.t("loop.closed_on")}</th>
                                            <th scope="col">{lang.t("loop.published_on")}</th>
                                            <th scope="col">{lang.t("loop.days")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {p.rounds.iter().map(|r| view! {
                                                <tr>
                                                    <th scope="row"><a href=format!("/programmes/{}/rounds/{}", id(), r.id)>{r.title.clone()}</a></th>
                                                    <td>{lang.t(&format!("round.status.{}", r.status))}</td>
                                                    <td>{r.closed_on.clone().unwrap_or_default()}</td>
                                                    <td>{r.published_on.clone().unwrap_or_else(|| if r.closed_on.is_some() { lang.t("loop.not_yet").to_string() } else { String::new() })}</td>
                                                    <td class="num">{r.days_to_results.map(|d| d.to_string()).unwrap_or_default()}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                })}
                            </section>
                            <h2>{lang.t("programme.work_packages")}</h2>
                            {work_packages(lang, &p.work_packages)}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The work packages: read-only and the larger part of the page, so written as one inert element
/// (see [`crate::components::inert`]) rather than a view per cell.
fn work_packages(lang: Lang, wps: &[crate::api::programmes::WorkPackageView]) -> impl IntoView {
    let mut h = Html::with_capacity(12 * 1024);
    h.open("div", &[("class", Some("wps"))]);
    for wp in wps {
        let heading_id = format!("wp-{}", wp.code);
        h.open("section", &[("class", Some("wp")), ("aria-labelledby", Some(&heading_id))])
            .element("h3", &[("id", Some(&heading_id))], &format!("{} — {}", wp.code, wp.title.get(lang)))
            .element("h4", &[], lang.t("wp.activities"))
            .open("ul", &[]);
        for a in &wp.activities {
            h.open("li", &[])
                .element("span", &[("class", Some("code"))], &a.code)
                .text(" ")
                .text(&a.title.get(lang))
                .close("li");
        }
        h.close("ul");
        if !wp.results.is_empty() {
            h.element("h4", &[], lang.t("wp.results")).open("ul", &[]);
            for r in &wp.results {
                h.element("li", &[], &r.title.get(lang));
            }
            h.close("ul");
        }
        if !wp.kpis.is_empty() {
            h.open("table", &[])
                .element("caption", &[], &lang.tf("wp.kpis_of", &[("wp", &wp.code)]))
                .open("thead", &[])
                .open("tr", &[]);
            for key in ["wp.kpi_code", "wp.kpi", "wp.unit", "wp.disaggregation", "wp.source"] {
                h.element("th", &[("scope", Some("col"))], lang.t(key));
            }
            h.close("tr").close("thead").open("tbody", &[]);
            for k in &wp.kpis {
                let dims = k
                    .disaggregation
                    .iter()
                    .map(|d| lang.t(&format!("dim.{d}")).to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                h.open("tr", &[])
                    .element("td", &[("class", Some("code"))], &k.code)
                    .element("td", &[], &k.title.get(lang))
                    .element("td", &[], lang.t(&format!("unit.{}", k.unit)))
                    .element("td", &[], &dims)
                    .element("td", &[], lang.t(&format!("source.{}", k.source)))
                    .close("tr");
            }
            h.close("tbody").close("table");
        }
        h.close("section");
    }
    h.close("div");
    h.into_view()
}
