//! The stakeholder register: the list (filters, sortable columns, export, import), the power/interest
//! grid beside it, and one organisation's profile with its form.
use super::{action_error, action_ok, param};
use crate::api::contacts::{ContactView, DeleteContact, SaveContact};
use crate::api::stakeholders::{
    get_stakeholder, list_stakeholders, AddRelation, AddSector, GridCount, SaveStakeholder, StakeholderView,
};
use crate::components::form::BackField;
use crate::components::import::{use_import, ImportPanel};
use crate::components::inert::{tbody, Html};
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::components::table::{use_list_query, FilterSelect, ListFilters, ListFooter, SortHeader};
use crate::domain::contact::LEGAL_BASES;
use crate::domain::list::{ListQuery, STAKEHOLDER_FILTERS};
use crate::domain::organisation::{LEVELS, POSITIONS, PRIVATE_TYPES, PUBLIC_KINDS, RELATION_KINDS};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;

fn kind_options(lang: Lang, with_all: bool) -> Vec<(String, String)> {
    let mut out = vec![];
    if with_all {
        out.push((String::new(), lang.t("list.all").to_string()));
        out.push(("public".into(), lang.t("org.public").to_string()));
        out.push(("private".into(), lang.t("org.private").to_string()));
    }
    out.extend(
        PUBLIC_KINDS
            .iter()
            .chain(PRIVATE_TYPES.iter())
            .map(|k| (k.to_string(), lang.t(&format!("kind.{k}")).to_string())),
    );
    out
}

pub fn sector_label(lang: Lang, s: &str) -> String {
    let key = format!("sector.{s}");
    if lang.has(&key) {
        lang.t(&key).to_string()
    } else {
        s.replace('_', " ")
    }
}

#[component]
pub fn StakeholdersPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let query = use_list_query(STAKEHOLDER_FILTERS);
    let import = use_import("organisations");
    let add_sector = ServerAction::<AddSector>::new();
    let sector_error = action_error(add_sector);
    let data = crate::components::data::page_data(
        move || (id(), query.get(), import.imports(), add_sector.version().get()),
        |(id, q, ..)| list_stakeholders(id, q),
    );
    view! {
        <Title text=lang.t("org.title") />
        <ProgrammeHeader id=Signal::derive(id) current="organisations" />
        <h1>{lang.t("org.title")}</h1>
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(data) => {
                        let sorted = Signal::derive({ let s = data.page.sort.clone(); move || s.clone() });
                        let desc = Signal::derive({ let d = data.page.desc; move || d });
                        let all = (String::new(), lang.t("list.all").to_string());
                        let levels: Vec<(String, String)> = std::iter::once(all.clone()).chain(LEVELS.iter().map(|l| (l.to_string(), lang.t(&format!("level.{l}")).to_string()))).collect();
                        let sectors: Vec<(String, String)> = std::iter::once(all.clone()).chain(data.sectors.iter().map(|s| (s.clone(), sector_label(lang, s)))).collect();
                        let led = vec![all, ("yes".into(), lang.t("org.migrant_led_yes").to_string()), ("no".into(), lang.t("org.migrant_led_no").to_string())];
                        let export = format!("/programmes/{}/export/organisations", id());
                        let rows = data.page.rows.clone();
                        view! {
                            <ListFilters query=query search_label=lang.t("org.search").into()>
                                <FilterSelect query=query name="kind" label=lang.t("org.kind").into() options=kind_options(lang, true) />
                                <FilterSelect query=query name="level" label=lang.t("org.level").into() options=levels />
                                <FilterSelect query=query name="sector" label=lang.t("org.sector").into() options=sectors />
                                <FilterSelect query=query name="migrant_led" label=lang.t("org.migrant_led").into() options=led />
                                <div class="field">
                                    <label for="filter-jurisdiction">{lang.t("org.in_jurisdiction")}</label>
                                    <input id="filter-jurisdiction" name="jurisdiction" class="code" value=move || query.read().filter("jurisdiction").unwrap_or_default().to_string() />
                                </div>
                            </ListFilters>
                            {if data.page.total == 0 {
                                view! { <p>{lang.t("org.empty")}</p> }.into_any()
                            } else {
                                view! {
                                    <table>
                                        <caption>{lang.tf("org.count", &[("n", &data.page.total.to_string())])}</caption>
                                        <thead><tr>
                                            <SortHeader query=query column="name" label=lang.t("org.name").into() sorted=sorted desc=desc />
                                            <SortHeader query=query column="kind" label=lang.t("org.kind").into() sorted=sorted desc=desc />
                                            <SortHeader query=query column="jurisdiction" label=lang.t("org.jurisdiction").into() sorted=sorted desc=desc />
                                            <th scope="col">{lang.t("org.sectors")}</th>
                                            <SortHeader query=query column="influence" label=lang.t("org.influence").into() sorted=sorted desc=desc />
                                            <SortHeader query=query column="interest" label=lang.t("org.interest").into() sorted=sorted desc=desc />
                                        </tr></thead>
                                        {{ let programme = id(); tbody(rows, |h, o| row(h, lang, &programme, o)) }}
                                    </table>
                                }.into_any()
                            }}
                            <ListFooter query=query total=data.page.total next=data.page.next.clone() export=export />
                            <Grid cells=data.grid.clone() query=query />
                            {data.can_create.then(|| view! { <StakeholderForm programme_id=id() organisation=None sectors=data.sectors.clone() jurisdictions=data.jurisdictions.clone() can_assess=true /> })}
                            {data.can_add_sectors.then(|| view! {
                                <section aria-labelledby="sector-h" class="panel">
                                    <h2 id="sector-h">{lang.t("org.add_sector")}</h2>
                                    {move || sector_error.get().map(|e| view! { <FormError error=e /> })}
                                    <ActionForm action=add_sector attr:class="inline-form">
                                        <BackField />
                                        <input type="hidden" name="programme_id" value=id />
                                        <label for="f-sector">{lang.t("org.sector_name")}</label>
                                        <input id="f-sector" name="sector" required maxlength="40" />
                                        <button type="submit" class="button">{lang.t("org.add_sector_submit")}</button>
                                    </ActionForm>
                                </section>
                            })}
                            {data.can_create.then(|| view! {
                                <ImportPanel
                                    programme_id=Signal::derive(id)
                                    register="organisations"
                                    state=import
                                    heading=lang.t("org.import").into()
                                    hint=lang.t("org.import_hint").into()
                                    example="name,kind,jurisdiction_code,level,sectors,women,men,migrant_led,influence,interest\nMaison des Migrants,migrant_org,XA-N,regional,\"employment, language\",12,8,yes,3,5".into()
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

fn row(h: &mut Html, lang: Lang, programme: &str, o: StakeholderView) {
    let href = format!("/programmes/{programme}/organisations/{}", o.id);
    let place = o.jurisdiction_name.as_deref().or(o.jurisdiction_code.as_deref()).unwrap_or("—");
    let sectors = o.sectors.iter().map(|s| sector_label(lang, s)).collect::<Vec<_>>().join(", ");
    let score = |n: Option<u8>| n.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
    h.open("tr", &[]).open("th", &[("scope", Some("row"))]).element("a", &[("href", Some(&href))], &o.name);
    if o.migrant_led {
        h.text(" ").element("span", &[("class", Some("tag"))], lang.t("org.migrant_led_tag"));
    }
    h.close("th")
        .element("td", &[], lang.t(&format!("kind.{}", o.kind)))
        .element("td", &[], place)
        .element("td", &[], &sectors)
        .element("td", &[("class", Some("num"))], &score(o.influence))
        .element("td", &[("class", Some("num"))], &score(o.interest))
        .close("tr");
}

/// The power/interest grid: a server-drawn SVG of counts per cell (so it reads the same with ten or
/// ten thousand organisations) and the same figures as a table, whose cells link to the register
/// filtered to them. Nothing on the page changes it, so it is written as one inert element (it was
/// a sixth of the register page's time as a view of 200 nodes).
#[component]
fn Grid(cells: Vec<GridCount>, query: Memo<ListQuery>) -> impl IntoView {
    let lang = use_lang();
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    grid_html(lang, &cells, &query.get_untracked(), &path).into_view()
}

fn grid_html(lang: Lang, cells: &[GridCount], query: &ListQuery, path: &str) -> Html {
    const SIZE: u32 = 56;
    const LEFT: u32 = 40;
    let count =
        |inf: u8, int: u8| cells.iter().find(|c| c.influence == inf && c.interest == int).map(|c| c.count).unwrap_or(0);
    let max = cells.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let total: u32 = cells.iter().map(|c| c.count).sum();
    let cell_label = |n: u32, inf: u8, int: u8| {
        lang.tf(
            "org.grid_cell",
            &[("n", &n.to_string()), ("influence", &inf.to_string()), ("interest", &int.to_string())],
        )
    };
    // The register filtered to one cell, from its first page: the query is written once, with a
    // mark for each figure (a control character, so encoded, and never `=`-joined to these names
    // by anything the user typed); the marks cut it in three parts (the filters are written in
    // name order, `influence` before `interest`), and each cell's href is the parts and its figures.
    let mut cell_query = ListQuery { after: String::new(), ..query.clone() };
    cell_query.filters.insert("influence".into(), "\u{1}".into());
    cell_query.filters.insert("interest".into(), "\u{2}".into());
    let template = cell_query.href(path);
    let parts = template
        .split_once("influence=%01")
        .and_then(|(head, rest)| rest.split_once("interest=%02").map(|(mid, tail)| (head, mid, tail)));
    let cell_href = |inf: u8, int: u8| match parts {
        Some((head, mid, tail)) => format!("{head}influence={inf}{mid}interest={int}{tail}"),
        None => {
            let mut q = cell_query.clone();
            q.filters.insert("influence".into(), inf.to_string());
            q.filters.insert("interest".into(), int.to_string());
            q.href(path)
        }
    };
    let (influence, interest) = (lang.t("org.influence"), lang.t("org.interest"));
    let mut h = Html::with_capacity(8 * 1024);
    h.open("section", &[("aria-labelledby", Some("grid-h")), ("class", Some("panel"))])
        .element("h2", &[("id", Some("grid-h"))], lang.t("org.grid"))
        .element("p", &[("id", Some("grid-desc"))], &lang.tf("org.grid_summary", &[("n", &total.to_string())]));
    let view_box = format!("0 0 {} {}", LEFT + 5 * SIZE, 5 * SIZE + 30);
    h.open(
        "svg",
        &[
            ("class", Some("grid-chart")),
            ("viewBox", Some(&view_box)),
            ("role", Some("img")),
            ("aria-labelledby", Some("grid-h")),
            ("aria-describedby", Some("grid-desc")),
        ],
    )
    .element("title", &[], lang.t("org.grid"));
    let size = SIZE.to_string();
    // Each cell's count and its label, said once in the chart and once in the table.
    let labelled: Vec<(u32, String)> = (1..=5u8)
        .rev()
        .flat_map(|inf| (1..=5u8).map(move |int| (inf, int)))
        .map(|(inf, int)| {
            let n = count(inf, int);
            (n, cell_label(n, inf, int))
        })
        .collect();
    let cell = |inf: u8, int: u8| &labelled[(5 - inf as usize) * 5 + (int as usize - 1)];
    for inf in (1..=5u8).rev() {
        for int in 1..=5u8 {
            let (n, label) = cell(inf, int);
            let n = *n;
            let (x, y) = (LEFT + (int as u32 - 1) * SIZE, (5 - inf as u32) * SIZE);
            let shade = if n == 0 { 0 } else { 1 + (n * 4 / max).min(4) };
            let (xs, ys, class) = (x.to_string(), y.to_string(), format!("cell shade-{shade}"));
            let (tx, ty) = ((x + SIZE / 2).to_string(), (y + SIZE / 2 + 5).to_string());
            h.open("g", &[])
                .element("title", &[], label)
                .open(
                    "rect",
                    &[
                        ("x", Some(&xs)),
                        ("y", Some(&ys)),
                        ("width", Some(&size)),
                        ("height", Some(&size)),
                        ("class", Some(&class)),
                    ],
                )
                .close("rect")
                .element(
                    "text",
                    &[("x", Some(&tx)), ("y", Some(&ty)), ("text-anchor", Some("middle")), ("class", Some("cell-n"))],
                    &n.to_string(),
                )
                .close("g");
        }
    }
    let (ax, ay, mid) = ((LEFT + 5 * SIZE / 2).to_string(), (5 * SIZE + 24).to_string(), (5 * SIZE / 2).to_string());
    let rotate = format!("rotate(-90 14 {mid})");
    h.element(
        "text",
        &[("x", Some(&ax)), ("y", Some(&ay)), ("text-anchor", Some("middle")), ("class", Some("axis"))],
        &format!("{interest} →"),
    )
    .element(
        "text",
        &[
            ("x", Some("14")),
            ("y", Some(&mid)),
            ("text-anchor", Some("middle")),
            ("class", Some("axis")),
            ("transform", Some(&rotate)),
        ],
        &format!("{influence} →"),
    )
    .close("svg");
    h.open("table", &[("class", Some("grid-table"))])
        .element("caption", &[], lang.t("org.grid_table"))
        .open("thead", &[])
        .open("tr", &[])
        .element("th", &[("scope", Some("col"))], &format!("{influence} \\ {interest}"));
    for i in 1..=5u8 {
        h.element("th", &[("scope", Some("col"))], &i.to_string());
    }
    h.close("tr").close("thead").open("tbody", &[]);
    for inf in (1..=5u8).rev() {
        h.open("tr", &[]).element("th", &[("scope", Some("row"))], &inf.to_string());
        for int in 1..=5u8 {
            let (n, label) = cell(inf, int);
            let href = cell_href(inf, int);
            h.open("td", &[("class", Some("num"))])
                .element("a", &[("href", Some(&href)), ("aria-label", Some(label))], &n.to_string())
                .close("td");
        }
        h.close("tr");
    }
    h.close("tbody").close("table").close("section");
    h
}

#[component]
pub fn StakeholderPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let org = param("org");
    let saved = super::query_flag("saved");
    let save_contact = ServerAction::<SaveContact>::new();
    let remove_contact = ServerAction::<DeleteContact>::new();
    let data = crate::components::data::page_data(
        move || (id(), org(), save_contact.version().get(), remove_contact.version().get()),
        |(id, org, ..)| get_stakeholder(id, org),
    );
    view! {
        <ProgrammeHeader id=Signal::derive(id) current="organisations" />
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(p) => {
                        let o = p.organisation.clone();
                        let total = o.women.unwrap_or(0) + o.men.unwrap_or(0) + o.other_gender.unwrap_or(0);
                        let balance = (total > 0).then(|| lang.tf("org.balance", &[
                            ("women", &o.women.unwrap_or(0).to_string()),
                            ("men", &o.men.unwrap_or(0).to_string()),
                            ("other", &o.other_gender.unwrap_or(0).to_string()),
                            ("share", &((o.women.unwrap_or(0) * 100 + total / 2) / total).to_string()),
                        ]));
                        view! {
                            <Title text=o.name.clone() />
                            <h1>{o.name.clone()}</h1>
                            {saved.then(|| view! { <Notice text=lang.t("org.saved").to_string() /> })}
                            {facts(lang, &o, balance)}
                            {o.notes.clone().map(|n| view! { <p class="notes">{n}</p> })}
                            {p.contacts.clone().map(|contacts| view! { <Contacts programme_id=id() organisation_id=o.id.clone() contacts=contacts save=save_contact remove=remove_contact /> })}
                            <p><a href=format!("/programmes/{}/relations?focus={}", id(), o.id)>{lang.t("rel.see_map")}</a></p>
                            {o.can_edit.then(|| view! { <RelationForm programme_id=id() from=o.id.clone() /> })}
                            {o.can_edit.then(|| view! { <StakeholderForm programme_id=id() organisation=Some(o.clone()) sectors=p.sectors.clone() jurisdictions=p.jurisdictions.clone() can_assess=p.can_assess /> })}
                            <p><a href=format!("/programmes/{}/organisations", id())>{lang.t("org.back")}</a></p>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// An organisation's profile, read-only: one inert element.
fn facts(lang: Lang, o: &StakeholderView, balance: Option<String>) -> leptos::tachys::html::InertElement {
    let dash = "—";
    let mut h = Html::with_capacity(1024);
    let fact = |h: &mut Html, term: &str, value: &str| {
        h.element("dt", &[], lang.t(term)).element("dd", &[], value);
    };
    h.open("dl", &[("class", Some("facts"))]);
    fact(&mut h, "org.kind", lang.t(&format!("kind.{}", o.kind)));
    fact(&mut h, "org.jurisdiction", o.jurisdiction_name.as_deref().unwrap_or(dash));
    fact(&mut h, "org.level", o.level.as_ref().map(|l| lang.t(&format!("level.{l}"))).unwrap_or(dash));
    fact(&mut h, "org.sectors", &o.sectors.iter().map(|s| sector_label(lang, s)).collect::<Vec<_>>().join(", "));
    fact(&mut h, "org.gender", balance.as_deref().unwrap_or(dash));
    fact(&mut h, "org.migrant_led", lang.t(if o.migrant_led { "org.migrant_led_yes" } else { "org.migrant_led_no" }));
    let score = |n: Option<u8>| n.map(|n| n.to_string()).unwrap_or_else(|| dash.into());
    fact(&mut h, "org.influence", &score(o.influence));
    fact(&mut h, "org.interest", &score(o.interest));
    fact(&mut h, "org.position", o.position.as_ref().map(|p| lang.t(&format!("position.{p}"))).unwrap_or(dash));
    h.element("dt", &[], lang.t("org.website"));
    match &o.website {
        Some(w) => h
            .open("dd", &[])
            .element("a", &[("href", Some(w)), ("rel", Some("noopener noreferrer nofollow"))], w)
            .close("dd"),
        None => h.element("dd", &[], dash),
    };
    h.close("dl");
    h.into_view()
}

/// The form to create an organisation (`organisation` None) or edit one. Members see their profile
/// fields only; the assessment (kind, place, influence, interest, position) is the coordinator's.
#[component]
fn StakeholderForm(
    programme_id: String,
    organisation: Option<StakeholderView>,
    sectors: Vec<String>,
    jurisdictions: Vec<String>,
    can_assess: bool,
) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SaveStakeholder>::new();
    let error: Signal<Option<AppError>> = action_error(action);
    let o = organisation.clone();
    let editing = o.is_some();
    let val = move |f: fn(&StakeholderView) -> Option<String>| o.as_ref().and_then(f).unwrap_or_default();
    let field_error = move |name: &'static str| {
        move || {
            error
                .get()
                .map(|e| e.field_errors(name).iter().map(|f| lang.field_error(f)).collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty())
        }
    };
    let text = move |name: &'static str, label: &'static str, value: String, kind: &'static str| {
        let id = format!("f-org-{name}");
        let msg = field_error(name);
        view! {
            <div class="field">
                <label for=id.clone()>{lang.t(label)}</label>
                <p class="field-error" id=format!("{id}-error") hidden=move || msg().is_none()>{move || msg().unwrap_or_default()}</p>
                <input id=id.clone() name=name type=kind value=value aria-invalid=move || field_error(name)().map(|_| "true") />
            </div>
        }
    };
    let select = move |name: &'static str, label: &'static str, options: Vec<(String, String)>, current: String| {
        let id = format!("f-org-{name}");
        let msg = field_error(name);
        view! {
            <div class="field">
                <label for=id.clone()>{lang.t(label)}</label>
                <p class="field-error" hidden=move || msg().is_none()>{move || msg().unwrap_or_default()}</p>
                {crate::components::inert::select(&id, name, &options, &current)}
            </div>
        }
    };
    let none = (String::new(), "—".to_string());
    let levels: Vec<(String, String)> = std::iter::once(none.clone())
        .chain(LEVELS.iter().map(|l| (l.to_string(), lang.t(&format!("level.{l}")).to_string())))
        .collect();
    let positions: Vec<(String, String)> = std::iter::once(none.clone())
        .chain(POSITIONS.iter().map(|p| (p.to_string(), lang.t(&format!("position.{p}")).to_string())))
        .collect();
    let ratings: Vec<(String, String)> =
        std::iter::once(none.clone()).chain((1..=5).map(|n| (n.to_string(), n.to_string()))).collect();
    let places: Vec<(String, String)> =
        std::iter::once(none).chain(jurisdictions.into_iter().map(|c| (c.clone(), c))).collect();
    let chosen = organisation.as_ref().map(|o| o.sectors.clone()).unwrap_or_default();
    let led = organisation.as_ref().is_some_and(|o| o.migrant_led);
    let heading = if editing { lang.t("org.edit") } else { lang.t("org.add") };
    view! {
        <section aria-labelledby="org-form-h" class="panel">
            <h2 id="org-form-h">{heading}</h2>
            {move || error.get().map(|e| view! { <FormError error=e /> })}
            <ActionForm action=action attr:class="stack" attr:novalidate="">
                <BackField />
                <input type="hidden" name="programme_id" value=programme_id.clone() />
                <input type="hidden" name="id" value=organisation.as_ref().map(|o| o.id.clone()).unwrap_or_default() />
                {text("name", "org.name", val(|o| Some(o.name.clone())), "text")}
                {can_assess.then(|| view! {
                    {select("kind", "org.kind", kind_options(lang, false), val(|o| Some(o.kind.clone())))}
                    {select("jurisdiction_code", "org.jurisdiction", places.clone(), val(|o| o.jurisdiction_code.clone()))}
                })}
                {select("level", "org.level", levels, val(|o| o.level.clone()))}
                {crate::components::inert::check_group(
                    Some("field"),
                    lang.t("org.sectors"),
                    None,
                    ("f-org-sector", "sectors[]"),
                    &sectors.iter().map(|s| (s.clone(), sector_label(lang, s))).collect::<Vec<_>>(),
                    &chosen,
                ).into_view()}
                <fieldset class="field">
                    <legend>{lang.t("org.gender")}</legend>
                    {text("women", "org.women", val(|o| o.women.map(|n| n.to_string())), "number")}
                    {text("men", "org.men", val(|o| o.men.map(|n| n.to_string())), "number")}
                    {text("other_gender", "org.other_gender", val(|o| o.other_gender.map(|n| n.to_string())), "number")}
                </fieldset>
                <div class="field">
                    <label class="check" for="f-org-migrant_led"><input id="f-org-migrant_led" type="checkbox" name="migrant_led" value="yes" checked=led />" "{lang.t("org.migrant_led")}</label>
                </div>
                {can_assess.then(|| view! {
                    {select("influence", "org.influence", ratings.clone(), val(|o| o.influence.map(|n| n.to_string())))}
                    {select("interest", "org.interest", ratings.clone(), val(|o| o.interest.map(|n| n.to_string())))}
                    {select("position", "org.position", positions.clone(), val(|o| o.position.clone()))}
                })}
                {text("website", "org.website", val(|o| o.website.clone()), "url")}
                <div class="field">
                    <label for="f-org-notes">{lang.t("org.notes")}</label>
                    <textarea id="f-org-notes" name="notes" rows="4">{val(|o| o.notes.clone())}</textarea>
                </div>
                <button type="submit" class="button">{lang.t(if editing { "org.save" } else { "org.add_submit" })}</button>
            </ActionForm>
        </section>
    }
}

/// An organisation's contact persons (personal data: each with its legal basis), with a form to add
/// one and a button to remove each.
#[component]
fn Contacts(
    programme_id: String,
    organisation_id: String,
    contacts: Vec<ContactView>,
    save: ServerAction<SaveContact>,
    remove: ServerAction<DeleteContact>,
) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(save);
    let (save_ok, remove_ok) = (action_ok(save), action_ok(remove));
    let saved = move || save_ok.get() || remove_ok.get();
    let bases: Vec<(String, String)> =
        LEGAL_BASES.iter().map(|b| (b.to_string(), lang.t(&format!("basis.{b}")).to_string())).collect();
    let field_error = move |name: &'static str| {
        move || {
            error
                .get()
                .map(|e| e.field_errors(name).iter().map(|f| lang.field_error(f)).collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty())
        }
    };
    let input = move |name: &'static str, label: &'static str, kind: &'static str| {
        let id = format!("f-contact-{name}");
        let msg = field_error(name);
        view! {
            <div class="field">
                <label for=id.clone()>{lang.t(label)}</label>
                <p class="field-error" hidden=move || msg().is_none()>{move || msg().unwrap_or_default()}</p>
                <input id=id name=name type=kind aria-invalid=move || field_error(name)().map(|_| "true") />
            </div>
        }
    };
    let (p2, o2) = (programme_id.clone(), organisation_id.clone());
    view! {
        <section aria-labelledby="contacts-h" class="panel">
            <h2 id="contacts-h">{lang.t("contact.title")}</h2>
            <p>{lang.t("contact.lead")}</p>
            {move || saved().then(|| view! { <Notice text=lang.t("contact.saved").to_string() /> })}
            {if contacts.is_empty() {
                view! { <p>{lang.t("contact.none")}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <caption>{lang.t("contact.title")}</caption>
                        <thead><tr>
                            <th scope="col">{lang.t("contact.name")}</th>
                            <th scope="col">{lang.t("contact.role_title")}</th>
                            <th scope="col">{lang.t("contact.email")}</th>
                            <th scope="col">{lang.t("contact.legal_basis")}</th>
                            <th scope="col">{lang.t("jurisdictions.actions")}</th>
                        </tr></thead>
                        <tbody>
                            {contacts.into_iter().map(|c| {
                                let basis = match &c.consent_given_on {
                                    Some(d) => lang.tf("contact.consent_on", &[("date", d)]),
                                    None => lang.t(&format!("basis.{}", c.legal_basis)).to_string(),
                                };
                                let remove_label = lang.tf("contact.remove_named", &[("name", &c.name)]);
                                let (p3, o3) = (p2.clone(), o2.clone());
                                view! {
                                    <tr>
                                        <th scope="row">{c.name.clone()}</th>
                                        <td>{c.role_title.clone().unwrap_or_default()}</td>
                                        <td>{c.email.clone().unwrap_or_default()}</td>
                                        <td>{basis}</td>
                                        <td>
                                            <ActionForm action=remove attr:class="inline-form">
                                                <BackField />
                                                <input type="hidden" name="programme_id" value=p3 />
                                                <input type="hidden" name="organisation_id" value=o3 />
                                                <input type="hidden" name="id" value=c.id.clone() />
                                                <button type="submit" class="button-small button-danger" aria-label=remove_label>{lang.t("contact.remove")}</button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <h3>{lang.t("contact.add")}</h3>
            <ActionForm action=save attr:class="stack" attr:novalidate="">
                <BackField />
                <input type="hidden" name="programme_id" value=programme_id.clone() />
                <input type="hidden" name="organisation_id" value=organisation_id.clone() />
                {input("name", "contact.name", "text")}
                {input("role_title", "contact.role_title", "text")}
                {input("email", "contact.email", "email")}
                {input("phone", "contact.phone", "tel")}
                <div class="field">
                    <label for="f-contact-legal_basis">{lang.t("contact.legal_basis")}</label>
                    <p class="field-error" hidden=move || field_error("legal_basis")().is_none()>{move || field_error("legal_basis")().unwrap_or_default()}</p>
                    {crate::components::inert::select("f-contact-legal_basis", "legal_basis", &bases, "")}
                </div>
                {input("consent_given_on", "contact.consent_given_on", "date")}
                <button type="submit" class="button">{lang.t("contact.add_submit")}</button>
            </ActionForm>
        </section>
    }
}

/// Relates this organisation to another, named (its exact name).
#[component]
fn RelationForm(programme_id: String, from: String) -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddRelation>::new();
    let error = action_error(add);
    let done = action_ok(add);
    let kinds: Vec<(String, String)> =
        RELATION_KINDS.iter().map(|k| (k.to_string(), lang.t(&format!("rel.{k}")).to_string())).collect();
    view! {
        <section aria-labelledby="rel-h" class="panel">
            <h2 id="rel-h">{lang.t("rel.add")}</h2>
            {move || done.get().then(|| view! { <Notice text=lang.t("rel.added").to_string() /> })}
            {move || error.get().map(|e| view! { <FormError error=e /> })}
            <ActionForm action=add attr:class="stack" attr:novalidate="">
                <BackField />
                <input type="hidden" name="programme_id" value=programme_id />
                <input type="hidden" name="from" value=from />
                <div class="field">
                    <label for="f-rel-kind">{lang.t("rel.kind")}</label>
                    {crate::components::inert::select("f-rel-kind", "kind", &kinds, "")}
                </div>
                <div class="field">
                    <label for="f-rel-to">{lang.t("rel.to_name")}</label>
                    <input id="f-rel-to" name="to" required />
                </div>
                <div class="field">
                    <label for="f-rel-note">{lang.t("org.notes")}</label>
                    <input id="f-rel-note" name="note" />
                </div>
                <button type="submit" class="button">{lang.t("rel.add_submit")}</button>
            </ActionForm>
        </section>
    }
}
