//! Consultation rounds (WP3.1) for the programme's people: the list and the form that starts a
//! round; a round's page with its settings, its questionnaire in every language, its status, the
//! public link, and — once it has closed — the anonymous feedback in figures (after disclosure
//! control) and, for coordinators, the submissions to read and answer.
use super::{action_error, action_ok, param};
use crate::api::rounds::*;
use crate::components::form::BackField;
use crate::components::inert;
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::domain::round::{ATTRIBUTES, LANGUAGES, QUESTION_KINDS};
use crate::i18n::{use_lang, Lang};
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;

fn lang_name(code: &str) -> String {
    Lang::from_code(code).map(|l| l.name().to_string()).unwrap_or_else(|| code.to_string())
}

/// The settings of a round: new (`round` None) or a draft's.
#[component]
fn RoundForm(
    programme: String,
    round: Option<RoundDetail>,
    places: Vec<Place>,
    audiences: Vec<String>,
    action: ServerAction<SaveRound>,
) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(action);
    let r = round.clone();
    let get = move |f: fn(&RoundDetail) -> String| r.as_ref().map(f).unwrap_or_default();
    let languages = round
        .as_ref()
        .map(|r| r.languages.clone())
        .unwrap_or_else(|| vec!["en".into(), "fr".into(), "ar".into(), "uk".into()]);
    let scope: Vec<String> =
        round.as_ref().map(|r| r.scope.iter().map(|p| p.code.clone()).collect()).unwrap_or_default();
    let chosen_audiences = round.as_ref().map(|r| r.audiences.clone()).unwrap_or_default();
    let attributes = round
        .as_ref()
        .map(|r| r.attributes.clone())
        .unwrap_or_else(|| ATTRIBUTES.iter().map(|a| a.to_string()).collect());
    let deadline =
        |level: &'static str| round.as_ref().and_then(|r| r.deadlines.get(level).cloned()).unwrap_or_default();
    let (d_local, d_regional, d_national) = (deadline("local"), deadline("regional"), deadline("national"));
    let id = round.as_ref().map(|r| r.id.clone()).unwrap_or_default();
    let place_items: Vec<(String, String)> = places
        .iter()
        .map(|p| {
            (
                p.code.clone(),
                format!("{} ({})", p.name, p.level.as_deref().map(|l| lang.t(&format!("level.{l}"))).unwrap_or("")),
            )
        })
        .collect();
    let audience_items: Vec<(String, String)> =
        audiences.iter().map(|a| (a.clone(), lang.t(&format!("kind.{a}")).to_string())).collect();
    let saved = action_ok(action);
    let date = move |fid: &'static str, name: &'static str, label: &'static str, value: String| {
        view! { <div class="field"><label for=fid>{lang.t(label)}</label><input id=fid type="date" name=name value=value /></div> }
    };
    view! {
        {move || saved.get().then(|| view! { <Notice text=lang.t("round.saved").to_string() /> })}
        {move || error.get().map(|e| view! { <FormError error=e /> })}
        <ActionForm action=action attr:class="stack" attr:novalidate="">
            <BackField />
            <input type="hidden" name="programme_id" value=programme />
            <input type="hidden" name="id" value=id />
            <div class="field"><label for="round-title">{lang.t("round.title_field")}</label><input id="round-title" name="title" required value=get(|r| r.title.clone()) /></div>
            <div class="field"><label for="round-purpose">{lang.t("round.purpose")}</label><textarea id="round-purpose" name="purpose" rows="3">{get(|r| r.purpose.clone())}</textarea></div>
            {inert::check_group(None, lang.t("round.languages"), None, ("round-lang", "languages[]"), &LANGUAGES.iter().map(|l| (l.to_string(), lang_name(l))).collect::<Vec<_>>(), &languages).into_view()}
            {inert::check_group(None, lang.t("round.scope"), Some(lang.t("round.scope_hint")), ("round-scope", "scope[]"), &place_items, &scope).into_view()}
            {inert::check_group(None, lang.t("round.audiences"), None, ("round-aud", "audiences[]"), &audience_items, &chosen_audiences).into_view()}
            {inert::check_group(None, lang.t("round.attributes"), Some(lang.t("round.attributes_hint")), ("round-attr", "attributes[]"), &ATTRIBUTES.iter().map(|a| (a.to_string(), lang.t(&format!("attr.{a}")).to_string())).collect::<Vec<_>>(), &attributes).into_view()}
            {date("round-opens", "opens", "round.opens", get(|r| r.opens.clone()))}
            <fieldset><legend>{lang.t("round.cascade")}</legend>
                <p class="hint">{lang.t("round.cascade_hint")}</p>
                {date("round-d-local", "deadline_local", "round.deadline.local", d_local)}
                {date("round-d-regional", "deadline_regional", "round.deadline.regional", d_regional)}
                {date("round-d-national", "deadline_national", "round.deadline.national", d_national)}
            </fieldset>
            {date("round-closes", "closes", "round.closes", get(|r| r.closes.clone()))}
            <button type="submit" class="button">{lang.t(if round.is_some() { "round.save" } else { "round.create" })}</button>
        </ActionForm>
    }
}

fn status_label(lang: Lang, s: &str) -> &'static str {
    lang.t(&format!("round.status.{s}"))
}

#[component]
pub fn RoundsPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let save = ServerAction::<SaveRound>::new();
    let data = crate::components::data::page_data(move || (id(), save.version().get()), |(id, _)| list_rounds(id));
    view! {
        <Title text=lang.t("round.rounds") />
        <ProgrammeHeader id=Signal::derive(id) current="rounds" />
        <h1>{lang.t("round.rounds")}</h1>
        <p>{lang.t("round.lead")}</p>
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(v) => view! {
                        {if v.rows.is_empty() {
                            view! { <p>{lang.t("round.none")}</p> }.into_any()
                        } else {
                            view! {
                                <table>
                                    <caption>{lang.tf("round.count", &[("n", &v.rows.len().to_string())])}</caption>
                                    <thead><tr>
                                        <th scope="col">{lang.t("round.title_field")}</th>
                                        <th scope="col">{lang.t("round.status")}</th>
                                        <th scope="col">{lang.t("round.opens")}</th>
                                        <th scope="col">{lang.t("round.closes")}</th>
                                        <th scope="col">{lang.t("round.languages")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {v.rows.iter().map(|r| view! {
                                            <tr>
                                                <th scope="row"><a href=format!("/programmes/{}/rounds/{}", id(), r.id)>{r.title.clone()}</a></th>
                                                <td>{status_label(lang, &r.status)}</td>
                                                <td>{r.opens.clone()}</td>
                                                <td>{r.closes.clone()}</td>
                                                <td>{r.languages.iter().map(|l| lang_name(l)).collect::<Vec<_>>().join(", ")}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                        {v.can_manage.then(|| view! {
                            <section class="panel" aria-labelledby="new-round-h">
                                <h2 id="new-round-h">{lang.t("round.new")}</h2>
                                <p class="hint">{lang.t("round.template_hint")}</p>
                                <RoundForm programme=id() round=None places=v.places.clone() audiences=v.audiences.clone() action=save />
                            </section>
                        })}
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A question's editor: its kind, whether it is required, and its text and options per language.
#[component]
fn QuestionForm(
    programme: String,
    round: RoundDetail,
    question: Option<QuestionView>,
    action: ServerAction<SaveQuestion>,
) -> impl IntoView {
    let lang = use_lang();
    let key = question.as_ref().map(|q| q.id.clone()).unwrap_or_else(|| "new".into());
    let kind = question.as_ref().map(|q| q.q.kind.clone()).unwrap_or_else(|| "text".into());
    let required = question.as_ref().is_some_and(|q| q.q.required);
    let qid = question.as_ref().map(|q| q.id.clone()).unwrap_or_default();
    let per_lang = round
        .languages
        .iter()
        .map(|l| {
            let text = question.as_ref().and_then(|q| q.q.text.get(l).cloned()).unwrap_or_default();
            let options = question.as_ref().and_then(|q| q.q.options.get(l).map(|o| o.join("\n"))).unwrap_or_default();
            let (tid, oid) = (format!("q-{key}-text-{l}"), format!("q-{key}-opts-{l}"));
            let (tfor, ofor) = (tid.clone(), oid.clone());
            let dir = Lang::from_code(l).map(|x| x.dir()).unwrap_or("ltr");
            view! {
                <div class="field"><label for=tfor>{lang.tf("round.text_in", &[("lang", &lang_name(l))])}</label>
                    <textarea id=tid name=format!("text_{l}") rows="2" lang=l.clone() dir=dir>{text}</textarea></div>
                <div class="field"><label for=ofor>{lang.tf("round.options_in", &[("lang", &lang_name(l))])}</label>
                    <textarea id=oid name=format!("options_{l}") rows="3" lang=l.clone() dir=dir>{options}</textarea></div>
            }
        })
        .collect_view();
    let (kid, kfor, rid, rfor) =
        (format!("q-{key}-kind"), format!("q-{key}-kind"), format!("q-{key}-req"), format!("q-{key}-req"));
    view! {
        <ActionForm action=action attr:class="stack question-form" attr:novalidate="">
            <BackField />
            <input type="hidden" name="programme_id" value=programme />
            <input type="hidden" name="round_id" value=round.id.clone() />
            <input type="hidden" name="question_id" value=qid />
            <div class="field"><label for=kfor>{lang.t("round.kind")}</label>
                {inert::select(&kid, "kind", &QUESTION_KINDS.iter().map(|k| (k.to_string(), lang.t(&format!("round.kind.{k}")).to_string())).collect::<Vec<_>>(), &kind)}
            </div>
            <label class="check" for=rfor><input id=rid type="checkbox" name="required" value="yes" checked=required />" "{lang.t("round.required")}</label>
            <p class="hint">{lang.t("round.options_hint")}</p>
            {per_lang}
            <button type="submit" class="button">{lang.t(if question.is_some() { "round.save_question" } else { "round.add_question" })}</button>
        </ActionForm>
    }
}

fn inputs_table(lang: Lang, inputs: Vec<InputView>) -> impl IntoView {
    view! {
        <table>
            <caption>{lang.tf("input.count", &[("n", &inputs.len().to_string())])}</caption>
            <thead><tr>
                <th scope="col">{lang.t("input.answerer")}</th>
                <th scope="col">{lang.t("org.level")}</th>
                <th scope="col">{lang.t("round.status")}</th>
                <th scope="col">{lang.t("input.submitted_on")}</th>
                <th scope="col">{lang.t("input.provenance")}</th>
                <th scope="col">{lang.t("input.answers")}</th>
            </tr></thead>
            <tbody>
                {inputs.into_iter().map(|i| {
                    let names = |v: &[(String, String)]| v.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", ");
                    let provenance = match (i.draws_on.is_empty(), i.drawn_on_by.is_empty()) {
                        (true, true) => String::new(),
                        (false, true) => lang.tf("input.draws_on_n", &[("names", &names(&i.draws_on))]),
                        (true, false) => lang.tf("input.drawn_on_by_n", &[("names", &names(&i.drawn_on_by))]),
                        (false, false) => format!("{} · {}", lang.tf("input.draws_on_n", &[("names", &names(&i.draws_on))]), lang.tf("input.drawn_on_by_n", &[("names", &names(&i.drawn_on_by))])),
                    };
                    view! {
                        <tr id=format!("input-{}", i.id)>
                            <th scope="row">{i.name.clone()}</th>
                            <td>{lang.t(&format!("level.{}", i.level))}</td>
                            <td>{lang.t(&format!("input.status.{}", i.status))}</td>
                            <td>{i.submitted_on.clone().unwrap_or_default()}</td>
                            <td>{provenance}</td>
                            <td>
                                <details><summary>{lang.t("input.show_answers")}</summary>
                                    <dl class="facts">{i.answers.iter().map(|(q, a)| view! { <div><dt>{q.clone()}</dt><dd>{a.clone()}</dd></div> }).collect_view()}</dl>
                                </details>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn counts_view(lang: Lang, counts: AnonymousCounts) -> impl IntoView {
    view! {
        <p>{lang.tf("round.anonymous_total", &[("n", &lang.shown(counts.total))])}</p>
        <p class="hint">{lang.t("disclosure.legend")}</p>
        {counts.tables.into_iter().map(|t| view! {
            <table class="counts">
                <caption>{t.title.clone()}{(!t.additive).then(|| view! { " " <span class="hint">{lang.t("round.several_choices")}</span> })}</caption>
                <thead><tr><th scope="col">{lang.t("round.answer")}</th><th scope="col">{lang.t("round.responses")}</th></tr></thead>
                <tbody>
                    {t.labels.into_iter().zip(t.cells).map(|(l, c)| view! { <tr><th scope="row">{l}</th><td class="num">{lang.shown(c)}</td></tr> }).collect_view()}
                </tbody>
            </table>
        }).collect_view()}
    }
}

#[component]
pub fn RoundPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let round_id = param("round");
    let save = ServerAction::<SaveRound>::new();
    let question = ServerAction::<SaveQuestion>::new();
    let remove = ServerAction::<RemoveQuestion>::new();
    let moved = ServerAction::<MoveRound>::new();
    let data = crate::components::data::page_data(
        move || {
            (
                id(),
                round_id(),
                save.version().get(),
                question.version().get(),
                remove.version().get(),
                moved.version().get(),
            )
        },
        |(id, r, ..)| get_round(id, r),
    );
    let question_error = action_error(question);
    let move_error = action_error(moved);
    view! {
        <ProgrammeHeader id=Signal::derive(id) current="rounds" />
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(r) => {
                        let draft = r.status == "draft";
                        let public = r.public_path.clone();
                        let missing_any = r.questions.iter().any(|q| !q.missing.is_empty());
                        let pid = id();
                        let rid = r.id.clone();
                        let move_form = r.next.clone().map(|next| { let (pid, rid) = (pid.clone(), rid.clone()); view! {
                            <ActionForm action=moved attr:class="inline-form">
                                <BackField />
                                <input type="hidden" name="programme_id" value=pid />
                                <input type="hidden" name="id" value=rid />
                                <input type="hidden" name="to" value=next.clone() />
                                {(next == "open" && missing_any).then(|| view! { <p class="hint">{lang.t("round.translate_first")}</p> })}
                                <button type="submit" class="button">{lang.t(&format!("round.move.{next}"))}</button>
                            </ActionForm>
                        }});
                        let editable = r.can_manage && matches!(r.status.as_str(), "draft" | "open");
                        let questions = r.questions.iter().map(|q| {
                            let (pid, rid, round) = (pid.clone(), rid.clone(), r.clone());
                            let options = q.q.options_in(lang.code());
                            let (qid, qc) = (q.id.clone(), q.clone());
                            view! {
                                <li id=format!("question_{}", q.id)>
                                    <p><strong>{q.q.text_in(lang.code()).to_string()}</strong>" "
                                        <span class="badge">{lang.t(&format!("round.kind.{}", q.q.kind))}</span>
                                        {q.q.required.then(|| view! { " " <span class="badge">{lang.t("round.required")}</span> })}
                                        {(q.version > 1).then(|| view! { " " <span class="badge">{lang.tf("round.version_n", &[("n", &q.version.to_string())])}</span> })}
                                    </p>
                                    {(!q.missing.is_empty()).then(|| view! {
                                        <p class="warning">{lang.tf("round.missing_in", &[("langs", &q.missing.iter().map(|l| lang_name(l)).collect::<Vec<_>>().join(", "))])}</p>
                                    })}
                                    {(!options.is_empty()).then(|| view! {
                                        <ul>{options.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}</ul>
                                    })}
                                    {editable.then(|| view! {
                                        <details>
                                            <summary>{lang.t("round.edit_question")}</summary>
                                            <QuestionForm programme=pid.clone() round=round question=Some(qc) action=question />
                                            {draft.then(|| view! {
                                                <ActionForm action=remove attr:class="inline-form">
                                                    <BackField />
                                                    <input type="hidden" name="programme_id" value=pid />
                                                    <input type="hidden" name="round_id" value=rid />
                                                    <input type="hidden" name="question_id" value=qid />
                                                    <button type="submit" class="button secondary">{lang.t("round.remove_question")}</button>
                                                </ActionForm>
                                            })}
                                        </details>
                                    })}
                                </li>
                            }
                        }).collect_view();
                        let drafting = (r.can_manage && draft).then(|| { let (a, b) = (r.clone(), r.clone()); view! {
                            <section class="panel" aria-labelledby="add-q-h">
                                <h3 id="add-q-h">{lang.t("round.add_question")}</h3>
                                <QuestionForm programme=pid.clone() round=a question=None action=question />
                            </section>
                            <section class="panel" aria-labelledby="settings-h">
                                <h3 id="settings-h">{lang.t("round.settings")}</h3>
                                <RoundForm programme=pid.clone() round=Some(b.clone()) places=b.places.clone() audiences=b.audience_choices.clone() action=save />
                            </section>
                        }});
                        let counts = match r.counts.clone() {
                            None => view! { <p>{lang.t("round.counts_after_close")}</p> }.into_any(),
                            Some(c) => counts_view(lang, c).into_any(),
                        };
                        let analysis = r.can_manage.then(|| view! {
                            <p><a class="button secondary" href=format!("/programmes/{pid}/rounds/{}/analysis", r.id)>{lang.t("analysis.open")}</a>" "
                                {(r.status == "open").then(|| view! { <a class="button secondary" href=format!("/programmes/{pid}/rounds/{}/paper", r.id)>{lang.t("paper.open")}</a> })}" "
                                <a class="button secondary" href=format!("/programmes/{pid}/rounds/{}/activities", r.id)>{lang.t("activity.open")}</a></p>
                        });
                        let mine = r.mine.clone().map(|m| {
                            let deadline = m.deadline.clone().unwrap_or_default();
                            let status = m.input.as_ref().map(|i| i.status.clone()).unwrap_or_else(|| "none".into());
                            let href = format!("/programmes/{pid}/rounds/{}/input", r.id);
                            let action = if m.open { if status == "submitted" { "input.amend_link" } else { "input.write_link" } } else { "input.read_link" };
                            view! {
                                <section class="panel" aria-labelledby="mine-h">
                                    <h2 id="mine-h">{lang.tf("input.yours", &[("name", &m.name)])}</h2>
                                    <p>{lang.tf("input.deadline", &[("date", &deadline), ("level", lang.t(&format!("level.{}", m.level)))])}" "
                                        <span class="badge">{lang.t(&format!("input.status.{status}"))}</span></p>
                                    <p><a class="button" href=href>{lang.t(action)}</a></p>
                                </section>
                            }
                        });
                        let inputs = (!r.inputs.is_empty()).then(|| { let rows = r.inputs.clone(); let export = format!("/programmes/{pid}/export/inputs?round={}", r.id); view! {
                            <h2>{lang.t("input.heading")}</h2>
                            {inputs_table(lang, rows)}
                            <p><a href=format!("{export}&format=csv")>{lang.t("input.export_csv")}</a>" · "<a href=format!("{export}&format=xlsx")>{lang.t("input.export_xlsx")}</a></p>
                        }});
                        let deadlines = ["local", "regional", "national"].iter().filter_map(|l| r.deadlines.get(*l).map(|d| format!("{}: {d}", lang.t(&format!("round.deadline.{l}"))))).collect::<Vec<_>>().join(" · ");
                        view! {
                            <Title text=r.title.clone() />
                            <h1>{r.title.clone()}</h1>
                            <p><a href=format!("/programmes/{pid}/rounds")>{lang.t("round.rounds")}</a></p>
                            {(!r.purpose.is_empty()).then(|| view! { <p class="lead">{r.purpose.clone()}</p> })}
                            <dl class="facts">
                                <div><dt>{lang.t("round.status")}</dt><dd>{status_label(lang, &r.status)}</dd></div>
                                <div><dt>{lang.t("round.period")}</dt><dd>{format!("{} – {}", r.opens, r.closes)}</dd></div>
                                <div><dt>{lang.t("round.languages")}</dt><dd>{r.languages.iter().map(|l| lang_name(l)).collect::<Vec<_>>().join(", ")}</dd></div>
                                <div><dt>{lang.t("round.scope")}</dt><dd>{r.scope.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ")}</dd></div>
                                <div><dt>{lang.t("round.cascade")}</dt><dd>{deadlines}</dd></div>
                                <div><dt>{lang.t("round.public_link")}</dt><dd><a href=public.clone() rel="external">{public.clone()}</a></dd></div>
                            </dl>
                            {move || move_error.get().map(|e| view! { <FormError error=e /> })}
                            {move_form}
                            <h2>{lang.t("round.questionnaire")}</h2>
                            {move || question_error.get().map(|e| view! { <FormError error=e /> })}
                            {r.can_manage.then(|| {
                                let base = format!("/programmes/{pid}/rounds/{rid}/preview");
                                view! {
                                    <p class="preview-links">{lang.t("round.preview")}": "
                                        {r.languages.iter().map(|l| view! {
                                            <a href=format!("{base}?lang={l}") rel="external" hreflang=l.clone() lang=l.clone()>{lang_name(l)}</a>" "
                                        }).collect_view()}
                                    </p>
                                }
                            })}
                            <ol class="questions">{questions}</ol>
                            {drafting}
                            {mine}
                            {inputs}
                            <h2>{lang.t("round.anonymous")}</h2>
                            {counts}
                            {analysis}
                        }.into_any()
                    }
                    Err(e) => view! { <Title text=lang.t("round.rounds") /><ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
