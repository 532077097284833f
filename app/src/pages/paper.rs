//! Paper feedback forms, transcribed by staff into the anonymous channel: the columns a batch is typed into (each question's number, what a cell may hold,
//! the attributes' codes), the empty sheet to download, and the one import form. Nothing on this page, or stored, links the person who types
//! the forms to any submission; the audit log says only that a batch of N forms was entered.
use crate::api::rounds::{get_paper_sheet, PaperColumn};
use crate::components::import::ImportPanel;
use crate::domain::round::RATING_MAX;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;

/// What a column's cell may hold.
fn cell_hint(lang: Lang, c: &PaperColumn) -> String {
    let choices = c.choices.join("; ");
    match c.kind.as_str() {
        "text" => lang.t("paper.cell.text").to_string(),
        "rating" => lang.tf("paper.cell.rating", &[("max", &RATING_MAX.to_string())]),
        "single" => lang.tf("paper.cell.single", &[("options", &choices)]),
        "multiple" => lang.tf("paper.cell.multiple", &[("options", &choices)]),
        "ranking" => lang.tf("paper.cell.ranking", &[("options", &choices)]),
        _ => lang.tf("paper.cell.attribute", &[("codes", &choices)]),
    }
}

/// The page where staff enter a round's paper forms, while it is open.
#[component]
pub fn PaperPage() -> impl IntoView {
    let lang = use_lang();
    let id = super::param("id");
    let round_id = super::param("round");
    let import = crate::components::import::use_import("paper");
    let programme = Signal::derive(id);
    let data = crate::components::data::page_data(move || (id(), round_id()), |(id, r)| get_paper_sheet(id, r));
    view! {
        <crate::pages::programmes::ProgrammeHeader id=programme current="rounds" />
        <leptos_meta::Title text=lang.t("paper.heading") />
        <h1 id="paper-h">{lang.t("paper.heading")}</h1>
        <p>{lang.t("paper.lead")}</p>
        <section>
            <Transition>
                {move || Suspend::new(async move {
                    match crate::components::ready::ready(data).await {
                        Ok(sheet) => {
                            let example = sheet.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(",");
                            let rows = sheet.columns.iter().map(|c| view! {
                                <tr>
                                    <th scope="row"><code>{c.name.clone()}</code></th>
                                    <td>{c.label.clone()}{c.required.then(|| view! { " " <span class="badge">{lang.t("round.required")}</span> })}</td>
                                    <td>{cell_hint(lang, c)}</td>
                                </tr>
                            }).collect_view();
                            let template = format!("/programmes/{}/export/paper?round={}", programme.get_untracked(), sheet.id);
                            let back = format!("/programmes/{}/rounds/{}", programme.get_untracked(), sheet.id);
                            let panel = if sheet.status == "open" {
                                view! {
                                    <ImportPanel
                                        programme_id=programme
                                        register="paper"
                                        state=import
                                        heading=lang.t("paper.import").into()
                                        hint=lang.t("paper.import_hint").into()
                                        example=example
                                        query=format!("round={}", sheet.id)
                                    />
                                }.into_any()
                            } else {
                                view! { <p class="alert alert-warn" role="status">{lang.t("paper.not_open")}</p> }.into_any()
                            };
                            view! {
                                <p><a href=back>{sheet.title.clone()}</a></p>
                                <table>
                                    <caption>{lang.t("paper.columns")}</caption>
                                    <thead><tr>
                                        <th scope="col">{lang.t("paper.column")}</th>
                                        <th scope="col">{lang.t("paper.question")}</th>
                                        <th scope="col">{lang.t("paper.cell")}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                                <p>{lang.t("paper.template")}" "
                                    <a href=format!("{template}&format=csv") rel="external" download="">"CSV"</a>" · "
                                    <a href=format!("{template}&format=xlsx") rel="external" download="">"XLSX"</a>
                                </p>
                                {panel}
                            }.into_any()
                        }
                        Err(e) => view! { <crate::components::status::ErrorPage error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
