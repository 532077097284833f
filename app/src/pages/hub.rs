//! The multilevel hub (WP2.1): WP2.K3 and WP2.K4 computed from the interactions log, and the log
//! itself with a form to record an interaction.
use super::{action_error, action_ok, param};
use crate::api::bodies::get_hub_seats;
use crate::api::stakeholders::{get_hub, RecordInteraction};
use crate::components::form::BackField;
use crate::components::inert::tbody;
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::components::table::{use_list_query, ListFilters, ListFooter};
use crate::domain::hub::{KpiLine, INTERACTION_KINDS};
use crate::i18n::{use_lang, Lang};
use crate::pages::bodies::{count_table, SeatForm, Seated, SeatsTable};
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;

/// `3.7` from 3.7 without float formatting (which would add its machinery to the WebAssembly).
fn tenths(x: Option<f64>) -> String {
    let Some(x) = x else { return String::new() };
    let t = (x * 10.0).round() as i64;
    format!("{}.{}", t / 10, t % 10)
}

fn kpi_table(lang: Lang, caption: String, key_label: String, lines: Vec<KpiLine>, all: KpiLine) -> impl IntoView {
    crate::components::inert::figures_table(
        &caption,
        &[&key_label, lang.t("hub.count"), lang.t("hub.mean_quality")],
        lines.into_iter().map(|l| (l.key.replace('–', " – "), vec![l.count.to_string(), tenths(l.mean_quality)])),
        Some((lang.t("hub.all"), vec![all.count.to_string(), tenths(all.mean_quality)])),
    )
    .into_view()
}

#[component]
pub fn HubPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let query = use_list_query(&["org"]);
    let record = ServerAction::<RecordInteraction>::new();
    let error = action_error(record);
    let recorded = action_ok(record);
    let import = crate::components::import::use_import("interactions");
    let data = crate::components::data::page_data(
        move || (id(), query.get(), record.version().get(), import.imports()),
        |(id, q, _, _)| get_hub(id, q),
    );
    let seated = Seated::new();
    let seats = crate::components::data::page_data(move || (id(), seated.count()), |(id, _)| get_hub_seats(id));
    view! {
        <Title text=lang.t("hub.title") />
        <ProgrammeHeader id=Signal::derive(id) current="hub" />
        <h1>{lang.t("hub.title")}</h1>
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(h) => {
                        let kinds: Vec<(String, String)> = INTERACTION_KINDS.iter().map(|k| (k.to_string(), lang.t(&format!("hub.kind.{k}")).to_string())).collect();
                        view! {
                            <section aria-labelledby="kpi-h">
                                <h2 id="kpi-h">{lang.t("hub.kpis")}</h2>
                                <Transition>
                                    {move || Suspend::new(async move {
                                        crate::components::ready::ready(seats).await.ok().map(|s| view! {
                                            {count_table(lang, lang.t("hub.k1").into(), lang.t("org.level").into(), s.k1.lines.clone(), s.k1.total)}
                                            {count_table(lang, lang.t("platforms.k2").into(), lang.t("platforms.k2_key").into(), s.k2.lines.clone(), s.k2.total)}
                                        })
                                    })}
                                </Transition>
                                {kpi_table(lang, lang.t("hub.k3").into(), lang.t("hub.level_pair").into(), h.k3.clone(), h.k3_all.clone())}
                                {kpi_table(lang, lang.t("hub.k4").into(), lang.t("hub.sector_pair").into(), h.k4.clone(), h.k4_all.clone())}
                            </section>
                            <section aria-labelledby="seats-h">
                                <h2 id="seats-h">{lang.t("hub.members")}</h2>
                                <p><a href=format!("/programmes/{}/meetings?body=hub", id())>{lang.t("hub.meetings")}</a></p>
                                {seated.notice()}
                                <Transition>
                                    {move || Suspend::new(async move {
                                        match crate::components::ready::ready(seats).await {
                                            Ok(s) => view! {
                                                <SeatsTable programme=id() caption=lang.t("hub.members").into() seats=s.seats.clone() can_manage=s.can_manage />
                                                {s.can_manage.then(|| view! { <SeatForm programme=id() body="hub".to_string() heading=lang.t("hub.seat").into() seated=seated /> })}
                                            }.into_any(),
                                            Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                                        }
                                    })}
                                </Transition>
                            </section>
                            <h2>{lang.t("hub.log")}</h2>
                            <ListFilters query=query search_label=lang.t("hub.search").into()><span></span></ListFilters>
                            <table>
                                <caption>{lang.t("hub.log")}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t("hub.on")}</th>
                                    <th scope="col">{lang.t("hub.between")}</th>
                                    <th scope="col">{lang.t("hub.kind")}</th>
                                    <th scope="col">{lang.t("hub.quality")}</th>
                                    <th scope="col">{lang.t("org.notes")}</th>
                                </tr></thead>
                                {tbody(&h.log.rows, |t, i| {
                                    t.open("tr", &[])
                                        .element("td", &[], &i.on)
                                        .element("th", &[("scope", Some("row"))], &format!("{} — {}", i.a_name, i.b_name))
                                        .element("td", &[], lang.t(&format!("hub.kind.{}", i.kind)))
                                        .element("td", &[("class", Some("num"))], &i.quality.to_string())
                                        .element("td", &[], i.note.as_deref().unwrap_or_default())
                                        .close("tr");
                                })}
                            </table>
                            <ListFooter query=query total=h.log.total next=h.log.next.clone() export=format!("/programmes/{}/export/interactions", id()) />
                            {h.can_record.then(|| view! {
                                <section aria-labelledby="record-h" class="panel">
                                    <h2 id="record-h">{lang.t("hub.record")}</h2>
                                    {move || recorded.get().then(|| view! { <Notice text=lang.t("hub.recorded").to_string() /> })}
                                    {move || error.get().map(|e| view! { <FormError error=e /> })}
                                    <ActionForm action=record attr:class="stack" attr:novalidate="">
                                        <BackField />
                                        <input type="hidden" name="programme_id" value=id />
                                        <div class="field"><label for="f-int-a">{lang.t("hub.a")}</label><input id="f-int-a" name="a" required /></div>
                                        <div class="field"><label for="f-int-b">{lang.t("hub.b")}</label><input id="f-int-b" name="b" required /></div>
                                        <div class="field">
                                            <label for="f-int-kind">{lang.t("hub.kind")}</label>
                                            {crate::components::inert::select("f-int-kind", "kind", &kinds, "")}
                                        </div>
                                        <div class="field"><label for="f-int-on">{lang.t("hub.on")}</label><input id="f-int-on" name="on" type="date" required /></div>
                                        <div class="field">
                                            <label for="f-int-quality">{lang.t("hub.quality")}</label>
                                            {crate::components::inert::select("f-int-quality", "quality", &(1..=5).rev().map(|q| (q.to_string(), q.to_string())).collect::<Vec<_>>(), "")}
                                        </div>
                                        <div class="field"><label for="f-int-note">{lang.t("org.notes")}</label><input id="f-int-note" name="note" /></div>
                                        <button type="submit" class="button">{lang.t("hub.record_submit")}</button>
                                    </ActionForm>
                                </section>
                                <crate::components::import::ImportPanel
                                    programme_id=Signal::derive(id)
                                    register="interactions"
                                    state=import
                                    heading=lang.t("hub.import").into()
                                    hint=lang.t("hub.import_hint").into()
                                    example="on,a,b,kind,quality,note\n2026-03-12,Ministry of the Interior and Integration,City of Aldenburg,meeting,4,Kick-off of the hub".into()
                                />
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
