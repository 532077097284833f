//! A round's consultation activities (coordinators): what came out of meetings, working groups, focus
//! groups, interviews and workshops. Each records who took part by type, the provisions made so that
//! people could take part with their cost, and the contributions, each coded into the round's themes.
use super::{action_error, action_ok, param};
use crate::api::activities::*;
use crate::components::form::{BackField, Field, SelectField};
use crate::components::inert::Html;
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::components::table::{use_list_query, FilterSelect, ListFilters, ListFooter};
use crate::domain::activity::{format_cost, FORMATS, PARTICIPANT_TYPES, PROVISIONS};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;

/// The messages of the last error for one field (`participants.migrant`, `costs.childcare`).
fn messages(lang: Lang, error: Signal<Option<AppError>>, field: String) -> impl Fn() -> Option<String> + Send + Sync {
    move || {
        let e = error.get()?;
        let m: Vec<String> = e.field_errors(&field).iter().map(|f| lang.field_error(f)).collect();
        (!m.is_empty()).then(|| m.join(" "))
    }
}

/// A small number input of a grid (participants by type, costs by provision) with its own error.
fn grid_input(
    lang: Lang,
    error: Signal<Option<AppError>>,
    field: String,
    name: String,
    label: String,
    inputmode: &'static str,
) -> impl IntoView {
    let id = format!("f-{}", field.replace('.', "-"));
    let err_id = format!("{id}-error");
    // Each read asks the form's one error memo (`action_error`); a memo per field would cost more
    // to build than the reads it saves.
    let message = std::sync::Arc::new(messages(lang, error, field));
    let (m1, m2, m3, m4, m5) = (message.clone(), message.clone(), message.clone(), message.clone(), message);
    let described = err_id.clone();
    view! {
        <div class="field field-small" class:field-invalid=move || m1().is_some()>
            <label for=id.clone()>{label}</label>
            <p class="field-error" id=err_id hidden=move || m2().is_none()>{move || m3().unwrap_or_default()}</p>
            <input id=id name=name inputmode=inputmode
                aria-invalid=move || m4().map(|_| "true")
                aria-describedby=move || m5().map(|_| described.clone()) />
        </div>
    }
}

fn theme_label(lang: Lang, t: &ThemeChoice) -> String {
    let l = t.label.get(lang.code()).or_else(|| t.label.values().next()).cloned().unwrap_or_default();
    if t.parent.is_some() {
        format!("— {l}")
    } else {
        l
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let round_id = param("round");
    let query = use_list_query(crate::domain::list::ACTIVITY_FILTERS);
    let record = ServerAction::<RecordActivity>::new();
    let remove = ServerAction::<DeleteActivity>::new();
    let code = ServerAction::<CodeContribution>::new();
    let record_error = action_error(record);
    let errors = [action_error(remove), action_error(code)];
    let recorded = action_ok(record);
    let data = crate::components::data::page_data(
        move || (id(), round_id(), query.get(), record.version().get(), remove.version().get(), code.version().get()),
        |(id, r, q, ..)| get_activities(id, r, q),
    );
    view! {
        <ProgrammeHeader id=Signal::derive(id) current="rounds" />
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(a) => {
                        let pid = id();
                        let title = lang.tf("activity.title", &[("round", &a.title)]);
                        let formats: Vec<(String, String)> = std::iter::once((String::new(), lang.t("list.all").to_string()))
                            .chain(FORMATS.iter().map(|f| (f.to_string(), lang.t(&format!("activity.format.{f}")).to_string())))
                            .collect();
                        let totals = (!a.provision_totals.is_empty()).then(|| crate::components::inert::figures_table(
                            lang.t("activity.costs_caption"),
                            &[lang.t("activity.provision"), lang.t("activity.activities"), lang.t("activity.cost")],
                            a.provision_totals.iter().map(|(k, n, cents)| (lang.t(&format!("activity.provision.{k}")).to_string(), vec![n.to_string(), format_cost(*cents)])),
                            Some((lang.t("activity.total"), vec![String::new(), format_cost(a.provision_totals.iter().map(|t| t.2).sum())])),
                        ).into_view());
                        let activities = a.page.rows.iter().map(|act| {
                            let (heading, labelled_by) = (format!("activity-{}", act.id), format!("activity-{}", act.id));
                            let (pid, rid, aid) = (pid.clone(), a.id.clone(), act.id.clone());
                            let contributions = act.contributions.iter().map(|c| {
                                let (pid, rid, cid) = (pid.clone(), rid.clone(), c.id.clone());
                                let boxes = a.themes.iter().map(|t| {
                                    let (bid, bfor) = (format!("c-{cid}-{}", t.id), format!("c-{cid}-{}", t.id));
                                    let checked = c.themes.contains(&t.id);
                                    view! { <label class="check" for=bfor><input id=bid type="checkbox" name="themes[]" value=t.id.clone() checked=checked />" "{theme_label(lang, t)}</label> }
                                }).collect_view();
                                view! {
                                    <li>
                                        <p>{c.text.clone()}</p>
                                        {(!c.flags.is_empty()).then(|| view! {
                                            <div class="alert alert-warn"><p>{lang.t("moderation.flags")}</p><ul>{c.flags.iter().map(|x| view! { <li>{super::analysis::flag_text(lang, x)}</li> }).collect_view()}</ul></div>
                                        })}
                                        {(!a.themes.is_empty()).then(|| view! {
                                            <ActionForm action=code attr:class="stack">
                                                <BackField />
                                                <input type="hidden" name="programme_id" value=pid />
                                                <input type="hidden" name="round_id" value=rid />
                                                <input type="hidden" name="contribution_id" value=cid />
                                                <fieldset><legend>{lang.t("analysis.themes")}</legend>{boxes}</fieldset>
                                                <button type="submit" class="button secondary">{lang.t("analysis.save_coding")}</button>
                                            </ActionForm>
                                        })}
                                    </li>
                                }
                            }).collect_view();
                            let people = act.participants.iter().map(|(k, n)| format!("{} {n}", lang.t(&format!("activity.participant.{k}")))).collect::<Vec<_>>().join(" · ");
                            // What was recorded, read-only: one inert element each.
                            let facts = {
                                let mut h = Html::with_capacity(1024);
                                let fact = |h: &mut Html, term: &str, value: &str| {
                                    h.open("div", &[]).element("dt", &[], term).element("dd", &[], value).close("div");
                                };
                                h.open("dl", &[("class", Some("facts"))]);
                                fact(&mut h, lang.t("activity.held_on"), &act.held_on);
                                fact(&mut h, lang.t("activity.format"), lang.t(&format!("activity.format.{}", act.format)));
                                if let Some(p) = &act.place {
                                    fact(&mut h, lang.t("activity.place"), p);
                                }
                                fact(&mut h, lang.t("activity.participants"), &format!("{} ({people})", act.total));
                                if let Some(w) = act.women {
                                    fact(&mut h, lang.t("activity.women"), &w.to_string());
                                }
                                h.close("dl");
                                h.into_view()
                            };
                            let provisions = (!act.provisions.is_empty()).then(|| {
                                let mut h = Html::with_capacity(512);
                                h.open("ul", &[]);
                                for p in &act.provisions {
                                    let cost = if p.cost_cents > 0 { format!(" ({})", format_cost(p.cost_cents)) } else { String::new() };
                                    h.element("li", &[], &format!("{}{cost}", lang.t(&format!("activity.provision.{}", p.kind))));
                                }
                                h.close("ul");
                                view! { <h3>{lang.t("activity.provisions")}</h3>{h.into_view()} }
                            });
                            view! {
                                <section class="panel activity" aria-labelledby=labelled_by>
                                    <h2 id=heading>{act.title.clone()}</h2>
                                    {facts}
                                    {provisions}
                                    {act.notes.clone().map(|n| view! { <p class="prose">{n}</p> })}
                                    <h3>{lang.tf("activity.contributions_n", &[("n", &act.contributions.len().to_string())])}</h3>
                                    <ol class="contributions">{contributions}</ol>
                                    {a.can_record.then(|| view! {
                                        <details>
                                            <summary>{lang.t("activity.remove")}</summary>
                                            <ActionForm action=remove attr:class="inline-form">
                                                <BackField />
                                                <input type="hidden" name="programme_id" value=pid />
                                                <input type="hidden" name="round_id" value=rid />
                                                <input type="hidden" name="activity_id" value=aid />
                                                <p>{lang.t("activity.remove_hint")}</p>
                                                <button type="submit" class="button secondary">{lang.t("activity.remove_submit")}</button>
                                            </ActionForm>
                                        </details>
                                    })}
                                </section>
                            }
                        }).collect_view();
                        let export = format!("/programmes/{pid}/export/activities?round={}", a.id);
                        let form = a.can_record.then(|| {
                            let (pid, rid) = (pid.clone(), a.id.clone());
                            let format_options = FORMATS.iter().map(|f| (f.to_string(), lang.t(&format!("activity.format.{f}")).to_string())).collect();
                            let participant_inputs = PARTICIPANT_TYPES.iter().map(|k| grid_input(lang, record_error, format!("participants.{k}"), format!("participants[{k}]"), lang.t(&format!("activity.participant.{k}")).to_string(), "numeric")).collect_view();
                            let provision_inputs = PROVISIONS.iter().map(|k| {
                                let (cid, cfor) = (format!("prov-{k}"), format!("prov-{k}"));
                                view! {
                                    <div class="provision">
                                        <label class="check" for=cfor><input id=cid type="checkbox" name="provisions[]" value=*k />" "{lang.t(&format!("activity.provision.{k}"))}</label>
                                        {grid_input(lang, record_error, format!("costs.{k}"), format!("costs[{k}]"), lang.tf("activity.cost_of", &[("provision", lang.t(&format!("activity.provision.{k}")))]), "decimal")}
                                    </div>
                                }
                            }).collect_view();
                            view! {
                                <section class="panel" aria-labelledby="record-activity-h">
                                    <h2 id="record-activity-h">{lang.t("activity.record")}</h2>
                                    {move || recorded.get().then(|| view! { <Notice text=lang.t("activity.recorded").to_string() /> })}
                                    {move || record_error.get().map(|e| view! { <FormError error=e /> })}
                                    <ActionForm action=record attr:class="stack" attr:novalidate="">
                                        <BackField />
                                        <input type="hidden" name="programme_id" value=pid />
                                        <input type="hidden" name="round_id" value=rid />
                                        <Field name="title" label=lang.t("activity.name").into() required=true error=record_error />
                                        <SelectField name="format" label=lang.t("activity.format").into() options=format_options error=record_error />
                                        <Field name="held_on" kind="date" label=lang.t("activity.held_on").into() required=true error=record_error />
                                        <Field name="place" label=lang.t("activity.place").into() hint=lang.t("activity.place_hint").into() error=record_error />
                                        <fieldset class="grid-fields">
                                            <legend>{lang.t("activity.participants_by_type")}</legend>
                                            {participant_inputs}
                                        </fieldset>
                                        <Field name="women" label=lang.t("activity.women").into() hint=lang.t("activity.women_hint").into() error=record_error />
                                        <fieldset class="grid-fields">
                                            <legend>{lang.t("activity.provisions")}</legend>
                                            <p class="hint">{lang.t("activity.provisions_hint")}</p>
                                            {provision_inputs}
                                        </fieldset>
                                        <div class="field">
                                            <label for="f-contributions">{lang.t("activity.contributions")}<span class="req" aria-hidden="true">" *"</span></label>
                                            <p class="hint" id="f-contributions-hint">{lang.t("activity.contributions_hint")}</p>
                                            <textarea id="f-contributions" name="contributions" rows="6" aria-describedby="f-contributions-hint"></textarea>
                                        </div>
                                        <div class="field"><label for="f-notes">{lang.t("activity.notes")}</label><textarea id="f-notes" name="notes" rows="3"></textarea></div>
                                        <button type="submit" class="button">{lang.t("activity.record_submit")}</button>
                                    </ActionForm>
                                </section>
                            }
                        });
                        view! {
                            <Title text=title.clone() />
                            <h1>{title}</h1>
                            <p><a href=format!("/programmes/{pid}/rounds/{}", a.id)>{a.title.clone()}</a>" · "
                                <a href=format!("/programmes/{pid}/rounds/{}/analysis", a.id)>{lang.t("analysis.open")}</a></p>
                            <p class="lead">{lang.t("activity.lead")}</p>
                            {move || errors.iter().find_map(|e| e.get()).map(|e| view! { <FormError error=e /> })}
                            {totals}
                            <ListFilters query=query search_label=lang.t("activity.search").into()>
                                <FilterSelect query=query name="kind" label=lang.t("activity.format").into() options=formats />
                            </ListFilters>
                            <p>{lang.tf("activity.count", &[("n", &a.page.total.to_string())])}</p>
                            {activities}
                            <ListFooter query=query total=a.page.total next=a.page.next.clone() export=export />
                            {form}
                        }.into_any()
                    }
                    Err(e) => view! { <Title text=lang.t("round.rounds") /><ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
