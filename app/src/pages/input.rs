//! The viewer's own input to a round, when they answer for a jurisdiction (officials) or an
//! organisation (members): the questionnaire filled with what was saved, the inputs from below a
//! synthesis draws on, and the buttons to keep a draft or submit. With JavaScript, a draft saves
//! itself whenever a field changes.
use super::{action_error, action_ok, param};
use crate::api::rounds::*;
use crate::components::form::BackField;
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::i18n::{use_lang, Lang};
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;

/// One question's fields in a staff form (`q[a_<id>][]`: the prefix keeps a key that starts with
/// digits from reading as a list index), filled with `current`.
fn question_inputs(lang: Lang, q: &QuestionView, current: Option<&crate::domain::round::Answer>) -> impl IntoView {
    let id = q.id.clone();
    let name = format!("q[a_{id}][]");
    let text = q.q.text_in(lang.code()).to_string();
    let values: Vec<String> = current.map(|a| a.v.clone()).unwrap_or_default();
    let marker = q.q.required.then(|| view! { " " <span class="required">{lang.t("pub.required")}</span> });
    let options = q.q.options_in(lang.code());
    match q.q.kind.as_str() {
        "text" => {
            let (fid, ffor) = (format!("in-{id}"), format!("in-{id}"));
            view! { <div class="field"><label for=ffor>{text}{marker}</label><textarea id=fid name=name rows="4">{values.first().cloned().unwrap_or_default()}</textarea></div> }.into_any()
        }
        "ranking" => {
            let n = options.len();
            view! {
                <fieldset><legend>{text}{marker}</legend>
                    <p class="hint">{lang.tf("pub.rank_hint", &[("n", &n.to_string())])}</p>
                    {options.into_iter().enumerate().map(|(i, label)| {
                        let rank = values.iter().position(|v| v == &i.to_string()).map(|p| (p + 1).to_string()).unwrap_or_default();
                        let (sid, sfor) = (format!("in-{id}-{i}"), format!("in-{id}-{i}"));
                        view! {
                            <div class="field inline"><label for=sfor>{label}</label>
                                <select id=sid name=format!("q[a_{id}_{i}][]")>
                                    <option value="">"—"</option>
                                    {(1..=n).map(|r| { let r = r.to_string(); let sel = r == rank; view! { <option value=r.clone() selected=sel>{r.clone()}</option> } }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }.into_any()
        }
        kind => {
            let (input_kind, choices): (&'static str, Vec<(String, String)>) = match kind {
                "rating" => {
                    ("radio", (1..=crate::domain::round::RATING_MAX).map(|r| (r.to_string(), r.to_string())).collect())
                }
                "single" => ("radio", options.into_iter().enumerate().map(|(i, o)| (i.to_string(), o)).collect()),
                _ => ("checkbox", options.into_iter().enumerate().map(|(i, o)| (i.to_string(), o)).collect()),
            };
            view! {
                <fieldset><legend>{text}{marker}</legend>
                    {choices.into_iter().map(|(v, label)| {
                        let checked = values.contains(&v);
                        let (cid, cfor) = (format!("in-{id}-{v}"), format!("in-{id}-{v}"));
                        view! { <label class="check" for=cfor><input id=cid type=input_kind name=name.clone() value=v checked=checked />" "{label}</label> }
                    }).collect_view()}
                </fieldset>
            }.into_any()
        }
    }
}

/// The viewer's own input: the questionnaire filled with what was saved, what it may draw on, and
/// the buttons to keep a draft or submit.
#[component]
fn InputForm(programme: String, round: RoundDetail, mine: MyInput, action: ServerAction<SaveInput>) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(action);
    let saved = action_ok(action);
    // With JavaScript, a draft saves itself whenever a field changes (a submitted input changes only
    // when its writer says so). The page is not reloaded, so focus and typing carry on.
    let autosave = ServerAction::<SaveInput>::new();
    let autosaved = action_ok(autosave);
    let can_autosave = mine.input.as_ref().is_none_or(|i| i.status == "draft");
    let on_change = move |ev: leptos::ev::Event| {
        if !can_autosave {
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            use leptos::form::FromFormData;
            use wasm_bindgen::JsCast;
            let form = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("form").ok().flatten())
                .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok());
            if let Some(args) = form
                .and_then(|f| web_sys::FormData::new_with_form(&f).ok())
                .and_then(|fd| SaveInput::from_form_data(&fd).ok())
            {
                autosave.dispatch(args);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let current = mine.input.clone();
    let answer = |qid: &str| current.as_ref().and_then(|i| i.raw.iter().find(|a| a.q == qid).cloned());
    let chosen: Vec<String> =
        mine.input.as_ref().map(|i| i.draws_on.iter().map(|(id, _)| id.clone()).collect()).unwrap_or_default();
    let questions = round.questions.iter().map(|q| question_inputs(lang, q, answer(&q.id).as_ref())).collect_view();
    let below = (!mine.below.is_empty()).then(|| view! {
        <fieldset><legend>{lang.t("input.draws_on")}</legend>
            <p class="hint">{lang.t("input.draws_on_hint")}</p>
            {mine.below.iter().map(|b| {
                let (cid, cfor) = (format!("draw-{}", b.id), format!("draw-{}", b.id));
                let checked = chosen.contains(&b.id);
                view! { <label class="check" for=cfor><input id=cid type="checkbox" name="draws_on[]" value=b.id.clone() checked=checked />" "{format!("{} ({})", b.name, lang.t(&format!("level.{}", b.level)))}</label> }
            }).collect_view()}
        </fieldset>
    });
    view! {
        {move || saved.get().then(|| view! { <Notice text=lang.t("input.saved").to_string() /> })}
        {move || error.get().map(|e| view! { <FormError error=e /> })}
        <p class="hint" role="status">{move || autosaved.get().then(|| lang.t("input.autosaved"))}</p>
        <div on:change=on_change>
        <ActionForm action=action attr:class="stack" attr:novalidate="">
            <BackField />
            <input type="hidden" name="programme_id" value=programme />
            <input type="hidden" name="round_id" value=round.id.clone() />
            {questions}
            {below}
            <div class="actions">
                <button type="submit" class="button secondary">{lang.t("input.save_draft")}</button>" "
                <button type="submit" class="button" name="submit" value="yes">{lang.t(if mine.input.as_ref().is_some_and(|i| i.status == "submitted") { "input.amend" } else { "input.submit" })}</button>
            </div>
        </ActionForm>
        </div>
    }
}

#[component]
pub fn InputPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let round_id = param("round");
    let input = ServerAction::<SaveInput>::new();
    let data = crate::components::data::page_data(
        move || (id(), round_id(), input.version().get()),
        |(id, r, _)| get_round(id, r),
    );
    view! {
        <ProgrammeHeader id=Signal::derive(id) current="rounds" />
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(r) => {
                        let Some(m) = r.mine.clone() else {
                            return view! { <Title text=r.title.clone() /><ErrorPage error=crate::error::AppError::Forbidden /> }.into_any();
                        };
                        let title = lang.tf("input.yours", &[("name", &m.name)]);
                        let deadline = m.deadline.clone().unwrap_or_default();
                        let status = m.input.as_ref().map(|i| i.status.clone()).unwrap_or_else(|| "none".into());
                        let read_only = (!m.open).then(|| {
                            let answers = m.input.as_ref().map(|i| i.answers.clone()).unwrap_or_default();
                            view! {
                                <p class="hint">{lang.t("input.closed")}</p>
                                <dl class="facts">{answers.into_iter().map(|(q, a)| view! { <div><dt>{q}</dt><dd>{a}</dd></div> }).collect_view()}</dl>
                            }
                        });
                        let form = m.open.then(|| view! { <InputForm programme=id() round=r.clone() mine=m.clone() action=input /> });
                        view! {
                            <Title text=title.clone() />
                            <h1>{title}</h1>
                            <p><a href=format!("/programmes/{}/rounds/{}", id(), r.id)>{r.title.clone()}</a></p>
                            <p>{lang.tf("input.deadline", &[("date", &deadline), ("level", lang.t(&format!("level.{}", m.level)))])}" "
                                <span class="badge">{lang.t(&format!("input.status.{status}"))}</span></p>
                            {read_only}
                            {form}
                        }.into_any()
                    }
                    Err(e) => view! { <Title text=lang.t("round.rounds") /><ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
