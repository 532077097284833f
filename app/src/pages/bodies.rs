//! WP2's bodies: seats on the hub and on the consultative platforms (with their history), the
//! platforms and their composition warnings, meetings and their action items.
use super::{action_error, action_ok, param};
use crate::api::bodies::*;
use crate::components::actions::actions_table;
use crate::components::form::BackField;
use crate::components::inert::tbody;
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::components::table::{use_list_query, FilterSelect, ListFilters, ListFooter};
use crate::domain::body::{
    CompositionWarning, ACTION_STATUSES, MEETING_FORMATS, MEETING_KINDS, PLATFORM_LEVELS, ROLES,
};
use crate::domain::hub::KpiLine;
use crate::i18n::{use_lang, Lang};
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;

fn options(lang: Lang, prefix: &str, values: &[&str]) -> Vec<(String, String)> {
    values.iter().map(|v| (v.to_string(), lang.t(&format!("{prefix}.{v}")).to_string())).collect()
}

fn select(id: &'static str, name: &'static str, label: String, opts: Vec<(String, String)>) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {crate::components::inert::select(id, name, &opts, "")}
        </div>
    }
}

/// A KPI key such as `cso×health` or `regional`, in words.
fn kpi_key(lang: Lang, key: &str) -> String {
    let part = |p: &str| {
        ["kind.", "sector.", "level."]
            .iter()
            .map(|pre| format!("{pre}{p}"))
            .find(|k| lang.has(k))
            .map(|k| lang.t(&k).to_string())
            .unwrap_or_else(|| lang.t(&format!("body.{p}")).to_string())
    };
    key.split('×').map(part).collect::<Vec<_>>().join(" × ")
}

/// A count-only indicator as a table: one line per key and the distinct total.
pub fn count_table(lang: Lang, caption: String, key_label: String, lines: Vec<KpiLine>, total: u32) -> impl IntoView {
    crate::components::inert::figures_table(
        &caption,
        &[&key_label, lang.t("body.organisations")],
        lines.into_iter().map(|l| (kpi_key(lang, &l.key), vec![l.count.to_string()])),
        Some((lang.t("body.distinct_total"), vec![total.to_string()])),
    )
    .into_view()
}

/// A body's seats over time, with a form to end a current one.
#[component]
pub fn SeatsTable(programme: String, caption: String, seats: Vec<SeatView>, can_manage: bool) -> impl IntoView {
    let lang = use_lang();
    let end = ServerAction::<EndSeat>::new();
    let error = action_error(end);
    view! {
        {move || error.get().map(|e| view! { <FormError error=e /> })}
        <table>
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{lang.t("body.organisation")}</th>
                <th scope="col">{lang.t("org.level")}</th>
                <th scope="col">{lang.t("body.role")}</th>
                <th scope="col">{lang.t("body.since")}</th>
                <th scope="col">{lang.t("body.until")}</th>
                {can_manage.then(|| view! { <th scope="col">{lang.t("body.end")}</th> })}
            </tr></thead>
            <tbody>
                {seats.into_iter().map(|s| {
                    let programme = programme.clone();
                    let input_id = format!("end-{}", s.id);
                    view! {
                        <tr class:ended=!s.current>
                            <th scope="row">{s.organisation.clone()}</th>
                            <td>{s.level.as_deref().map(|l| lang.t(&format!("level.{l}")).to_string()).unwrap_or_default()}</td>
                            <td>{lang.t(&format!("body.role.{}", s.role))}</td>
                            <td>{s.since.clone()}</td>
                            <td>{s.until.clone().unwrap_or_else(|| lang.t("body.ongoing").to_string())}</td>
                            {can_manage.then(|| view! {
                                <td>
                                    {s.current.then(|| view! {
                                        <ActionForm action=end attr:class="inline">
                                            <BackField />
                                            <input type="hidden" name="programme_id" value=programme.clone() />
                                            <input type="hidden" name="seat" value=s.id.clone() />
                                            <label for=input_id.clone() class="visually-hidden">{lang.tf("body.end_of", &[("name", &s.organisation)])}</label>
                                            <input id=input_id.clone() type="date" name="until" required />
                                            <button type="submit" class="button-secondary">{lang.t("body.end")}</button>
                                        </ActionForm>
                                    })}
                                </td>
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// What the pages around seat forms share: how many seats were added here (the list they show
/// reloads on it), and the notice that says so. The notice sits outside the reloaded list, so it
/// outlives the form that the reload draws anew.
#[derive(Clone, Copy)]
pub struct Seated(ReadSignal<u32>, WriteSignal<u32>);

impl Default for Seated {
    fn default() -> Self {
        Self::new()
    }
}

impl Seated {
    pub fn new() -> Self {
        let (read, write) = signal(0u32);
        Seated(read, write)
    }
    pub fn count(self) -> u32 {
        self.0.get()
    }
    pub fn notice(self) -> impl IntoView {
        let lang = use_lang();
        move || (self.0.get() > 0).then(|| view! { <Notice text=lang.t("body.seated").to_string() /> })
    }
}

/// Seats an organisation of the register on `body` (`hub` or a platform's id).
#[component]
pub fn SeatForm(programme: String, body: String, heading: String, seated: Seated) -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddSeat>::new();
    let error = action_error(add);
    Effect::new(move |_| {
        if add.value().get().is_some_and(|r| r.is_ok()) {
            seated.1.update(|n| *n += 1);
        }
    });
    let ids = format!("seat-{body}");
    let (org_id, role_id, since_id, until_id) =
        (format!("{ids}-org"), format!("{ids}-role"), format!("{ids}-since"), format!("{ids}-until"));
    let (labelled_by, heading_id) = (format!("{ids}-h"), format!("{ids}-h"));
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h3 id=heading_id>{heading}</h3>
            {move || error.get().map(|e| view! { <FormError error=e /> })}
            <ActionForm action=add attr:class="stack" attr:novalidate="">
                <BackField />
                <input type="hidden" name="programme_id" value=programme />
                <input type="hidden" name="body" value=body />
                <div class="field"><label for=org_id.clone()>{lang.t("body.organisation_name")}</label><input id=org_id name="organisation" required /></div>
                <div class="field">
                    <label for=role_id.clone()>{lang.t("body.role")}</label>
                    {crate::components::inert::select(&role_id, "role", &options(lang, "body.role", &ROLES), "member")}
                </div>
                <div class="field"><label for=since_id.clone()>{lang.t("body.since")}</label><input id=since_id type="date" name="since" required /></div>
                <div class="field"><label for=until_id.clone()>{lang.t("body.until_optional")}</label><input id=until_id type="date" name="until" /></div>
                <button type="submit" class="button">{lang.t("body.seat_submit")}</button>
            </ActionForm>
        </section>
    }
}

fn warning_text(lang: Lang, w: &CompositionWarning) -> String {
    match w {
        CompositionWarning::GenderUnknown => lang.t("body.warn_gender_unknown").to_string(),
        CompositionWarning::GenderUnbalanced { women, men } => {
            lang.tf("body.warn_gender", &[("women", &women.to_string()), ("men", &men.to_string())])
        }
        CompositionWarning::MissingTypologies(kinds) => {
            let names: Vec<String> = kinds.iter().map(|k| lang.t(&format!("kind.{k}")).to_string()).collect();
            lang.tf("body.warn_typologies", &[("kinds", &names.join(", "))])
        }
    }
}

#[component]
pub fn PlatformsPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let create = ServerAction::<CreatePlatform>::new();
    let error = action_error(create);
    let seated = Seated::new();
    let data = crate::components::data::page_data(
        move || (id(), create.version().get(), seated.count()),
        |(id, _, _)| get_platforms(id),
    );
    view! {
        <Title text=lang.t("platforms.title") />
        <ProgrammeHeader id=Signal::derive(id) current="platforms" />
        <h1>{lang.t("platforms.title")}</h1>
        <p>{lang.t("platforms.lead")}</p>
        {seated.notice()}
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(v) => {
                        let manage = v.can_manage;
                        view! {
                            {count_table(lang, lang.t("platforms.k2").into(), lang.t("platforms.k2_key").into(), v.k2.lines.clone(), v.k2.total)}
                            {v.platforms.is_empty().then(|| view! { <p>{lang.t("platforms.none")}</p> })}
                            {v.platforms.into_iter().map(|p| {
                                let (labelled_by, heading) = (format!("platform-{}", p.id), format!("platform-{}", p.id));
                                let meetings = format!("/programmes/{}/meetings?body={}", id(), p.id);
                                view! {
                                    <section aria-labelledby=labelled_by class="platform">
                                        <h2 id=heading>{p.name.clone()}</h2>
                                        <p>{lang.t(&format!("level.{}", p.level))}{p.place.clone().map(|pl| format!(" — {pl}"))}" · "
                                            {lang.tf("platforms.current", &[("n", &p.current.to_string())])}" · "
                                            <a href=meetings>{lang.t("platforms.meetings")}</a></p>
                                        {(!p.warnings.is_empty()).then(|| view! {
                                            <div class="alert alert-warn" role="note">
                                                <ul>{p.warnings.iter().map(|w| view! { <li>{warning_text(lang, w)}</li> }).collect_view()}</ul>
                                            </div>
                                        })}
                                        <SeatsTable programme=id() caption=lang.tf("platforms.members_of", &[("name", &p.name)]) seats=p.seats.clone() can_manage=p.can_manage />
                                        {p.can_manage.then(|| view! {
                                            <SeatForm programme=id() body=p.id.clone() heading=lang.tf("platforms.seat", &[("name", &p.name)]) seated=seated />
                                        })}
                                    </section>
                                }
                            }).collect_view()}
                            {manage.then(|| view! {
                                <section class="panel" aria-labelledby="new-platform-h">
                                    <h2 id="new-platform-h">{lang.t("platforms.create")}</h2>
                                    {move || error.get().map(|e| view! { <FormError error=e /> })}
                                    <ActionForm action=create attr:class="stack" attr:novalidate="">
                                        <BackField />
                                        <input type="hidden" name="programme_id" value=id />
                                        <div class="field"><label for="f-pl-name">{lang.t("platforms.name")}</label><input id="f-pl-name" name="name" required /></div>
                                        {select("f-pl-level", "level", lang.t("org.level").into(), options(lang, "level", &PLATFORM_LEVELS))}
                                        <div class="field"><label for="f-pl-j">{lang.t("platforms.jurisdiction")}</label><input id="f-pl-j" name="jurisdiction_code" /></div>
                                        <button type="submit" class="button">{lang.t("platforms.create_submit")}</button>
                                    </ActionForm>
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

fn body_name(lang: Lang, key: &str, bodies: &[Choice]) -> String {
    if key == "hub" {
        lang.t("hub.title").to_string()
    } else {
        bodies.iter().find(|(k, _)| k == key).map(|(_, n)| n.clone()).unwrap_or_default()
    }
}

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let query = use_list_query(&["body"]);
    let record = ServerAction::<RecordMeeting>::new();
    let error = action_error(record);
    let recorded = action_ok(record);
    let data = crate::components::data::page_data(
        move || (id(), query.get(), record.version().get()),
        |(id, q, _)| get_meetings(id, q),
    );
    view! {
        <Title text=lang.t("meetings.title") />
        <ProgrammeHeader id=Signal::derive(id) current="hub" />
        <h1>{lang.t("meetings.title")}</h1>
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(v) => {
                        let name = body_name(lang, &v.body, &v.bodies);
                        let choices: Vec<(String, String)> = v.bodies.iter().map(|(k, _)| (k.clone(), body_name(lang, k, &v.bodies))).collect();
                        let body = v.body.clone();
                        view! {
                            <ListFilters query=query search_label=lang.t("meetings.search").into()>
                                <FilterSelect query=query name="body" label=lang.t("meetings.body").into() options=choices />
                            </ListFilters>
                            <table>
                                <caption>{lang.tf("meetings.of", &[("name", &name)])}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t("hub.on")}</th>
                                    <th scope="col">{lang.t("meetings.meeting")}</th>
                                    <th scope="col">{lang.t("meetings.kind")}</th>
                                    <th scope="col">{lang.t("meetings.format")}</th>
                                    <th scope="col">{lang.t("meetings.attending")}</th>
                                    <th scope="col">{lang.t("meetings.open_items")}</th>
                                </tr></thead>
                                {{ let programme = id(); tbody(&v.page.rows, |h, m| {
                                    h.open("tr", &[])
                                        .element("td", &[], &m.on)
                                        .open("th", &[("scope", Some("row"))])
                                        .element("a", &[("href", Some(&format!("/programmes/{programme}/meetings/{}", m.id)))], &m.title)
                                        .close("th")
                                        .element("td", &[], lang.t(&format!("meetings.kind.{}", m.kind)))
                                        .element("td", &[], lang.t(&format!("meetings.format.{}", m.format)))
                                        .element("td", &[("class", Some("num"))], &m.attendees.to_string())
                                        .element("td", &[("class", Some("num"))], &m.open_items.to_string())
                                        .close("tr");
                                }) }}
                            </table>
                            <ListFooter query=query total=v.page.total next=v.page.next.clone() />
                            {v.can_manage.then(|| view! {
                                <section aria-labelledby="record-meeting-h" class="panel">
                                    <h2 id="record-meeting-h">{lang.tf("meetings.record", &[("name", &name)])}</h2>
                                    {move || recorded.get().then(|| view! { <Notice text=lang.t("meetings.recorded").to_string() /> })}
                                    {move || error.get().map(|e| view! { <FormError error=e /> })}
                                    <ActionForm action=record attr:class="stack" attr:novalidate="">
                                        <BackField />
                                        <input type="hidden" name="programme_id" value=id />
                                        <input type="hidden" name="body" value=body.clone() />
                                        <div class="field"><label for="f-m-title">{lang.t("meetings.meeting")}</label><input id="f-m-title" name="title" required /></div>
                                        {select("f-m-kind", "kind", lang.t("meetings.kind").into(), options(lang, "meetings.kind", &MEETING_KINDS))}
                                        {select("f-m-format", "format", lang.t("meetings.format").into(), options(lang, "meetings.format", &MEETING_FORMATS))}
                                        <div class="field"><label for="f-m-on">{lang.t("hub.on")}</label><input id="f-m-on" type="date" name="on" required /></div>
                                        <fieldset>
                                            <legend>{lang.t("meetings.attending")}</legend>
                                            {v.members.is_empty().then(|| view! { <p class="hint">{lang.t("meetings.no_members")}</p> })}
                                            {v.members.iter().map(|(oid, oname)| {
                                                let (cfor, cid) = (format!("att-{oid}"), format!("att-{oid}"));
                                                view! { <label class="check" for=cfor><input id=cid type="checkbox" name="attendees[]" value=oid.clone() />" "{oname.clone()}</label> }
                                            }).collect_view()}
                                        </fieldset>
                                        <div class="field"><label for="f-m-agenda">{lang.t("meetings.agenda")}</label><textarea id="f-m-agenda" name="agenda" rows="3"></textarea></div>
                                        <div class="field"><label for="f-m-minutes">{lang.t("meetings.minutes")}</label><textarea id="f-m-minutes" name="minutes" rows="4"></textarea></div>
                                        <div class="field">
                                            <label for="f-m-decisions">{lang.t("meetings.decisions")}</label>
                                            <p class="hint" id="f-m-decisions-hint">{lang.t("meetings.one_per_line")}</p>
                                            <textarea id="f-m-decisions" name="decisions" rows="3" aria-describedby="f-m-decisions-hint"></textarea>
                                        </div>
                                        <button type="submit" class="button">{lang.t("meetings.record_submit")}</button>
                                    </ActionForm>
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

#[component]
pub fn MeetingPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let meeting = param("meeting");
    let add = ServerAction::<AddAction>::new();
    let status = ServerAction::<SetActionStatus>::new();
    let add_error = action_error(add);
    let status_error = action_error(status);
    let data = crate::components::data::page_data(
        move || (id(), meeting(), add.version().get(), status.version().get()),
        |(id, m, _, _)| get_meeting(id, m),
    );
    view! {
        <ProgrammeHeader id=Signal::derive(id) current="hub" />
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(m) => {
                        let back = format!("/programmes/{}/meetings?body={}", id(), m.body);
                        let body = m.body_name.clone().unwrap_or_else(|| lang.t("hub.title").to_string());
                        view! {
                            <Title text=m.title.clone() />
                            <h1>{m.title.clone()}</h1>
                            <p><a href=back>{lang.tf("meetings.of", &[("name", &body)])}</a></p>
                            <dl class="facts">
                                <div><dt>{lang.t("hub.on")}</dt><dd>{m.on.clone()}</dd></div>
                                <div><dt>{lang.t("meetings.kind")}</dt><dd>{lang.t(&format!("meetings.kind.{}", m.kind))}</dd></div>
                                <div><dt>{lang.t("meetings.format")}</dt><dd>{lang.t(&format!("meetings.format.{}", m.format))}</dd></div>
                            </dl>
                            <h2>{lang.t("meetings.attending")}</h2>
                            <ul>{m.attendees.iter().map(|(_, n)| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                            {m.agenda.clone().map(|a| view! { <h2>{lang.t("meetings.agenda")}</h2><p class="prose">{a}</p> })}
                            {m.minutes.clone().map(|a| view! { <h2>{lang.t("meetings.minutes")}</h2><p class="prose">{a}</p> })}
                            {(!m.decisions.is_empty()).then(|| view! {
                                <h2>{lang.t("meetings.decisions")}</h2>
                                <ol>{m.decisions.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ol>
                            })}
                            <h2>{lang.t("actions.heading")}</h2>
                            {move || status_error.get().map(|e| view! { <FormError error=e /> })}
                            {actions_table(lang, &id(), lang.t("actions.of_meeting").into(), &m.items, false)}
                            {(m.can_manage && !m.items.is_empty()).then(|| view! {
                                <ActionForm action=status attr:class="inline">
                                    <BackField />
                                    <input type="hidden" name="programme_id" value=id />
                                    {select("f-a-item", "item", lang.t("actions.title").into(), m.items.iter().map(|a| (a.id.clone(), a.title.clone())).collect())}
                                    {select("f-a-status", "status", lang.t("actions.status").into(), options(lang, "actions.status", &ACTION_STATUSES))}
                                    <button type="submit" class="button-secondary">{lang.t("actions.set_status")}</button>
                                </ActionForm>
                            })}
                            {m.can_manage.then(|| view! {
                                <section class="panel" aria-labelledby="add-action-h">
                                    <h2 id="add-action-h">{lang.t("actions.add")}</h2>
                                    {move || add_error.get().map(|e| view! { <FormError error=e /> })}
                                    <ActionForm action=add attr:class="stack" attr:novalidate="">
                                        <BackField />
                                        <input type="hidden" name="programme_id" value=id />
                                        <input type="hidden" name="meeting" value=meeting />
                                        <div class="field"><label for="f-a-title">{lang.t("actions.title")}</label><input id="f-a-title" name="title" required /></div>
                                        {select("f-a-owner", "owner", lang.t("actions.owner").into(), m.attendees.clone())}
                                        <div class="field"><label for="f-a-due">{lang.t("actions.due")}</label><input id="f-a-due" type="date" name="due" required /></div>
                                        <button type="submit" class="button">{lang.t("actions.add_submit")}</button>
                                    </ActionForm>
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <Title text=lang.t("meetings.title") /><ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
