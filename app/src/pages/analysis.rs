//! A round's analysis (coordinators): the codebook on two levels with each theme's "you said, we
//! did" answer; anonymous submissions to code, moderate (what may identify someone is flagged) and
//! answer; attributed inputs to code; and coverage, who has answered and who has not.
use super::{action_error, param};
use crate::api::rounds::*;
use crate::components::form::{BackField, Field, SelectField};
use crate::components::status::{ErrorPage, FormError};
use crate::components::table::{use_list_query, FilterSelect, ListFilters, ListFooter};
use crate::domain::analysis::{Flag, HIDE_REASONS, MODERATION};
use crate::domain::list::FEEDBACK_FILTERS;
use crate::i18n::{use_lang, Lang};
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::BTreeMap;

fn label(lang: Lang, texts: &BTreeMap<String, String>) -> String {
    texts.get(lang.code()).or_else(|| texts.values().next()).cloned().unwrap_or_default()
}

/// The checkboxes of the codebook, `chosen` ticked.
fn theme_boxes(lang: Lang, prefix: String, themes: &[ThemeView], chosen: &[String]) -> impl IntoView {
    themes
        .iter()
        .map(|t| {
            let id = format!("{prefix}-{}", t.id);
            let lfor = id.clone();
            let checked = chosen.contains(&t.id);
            let text = if t.parent.is_some() { format!("— {}", label(lang, &t.label)) } else { label(lang, &t.label) };
            view! { <label class="check" for=lfor><input id=id type="checkbox" name="themes[]" value=t.id.clone() checked=checked />" "{text}</label> }
        })
        .collect_view()
}

/// Adds a theme (`theme` None) or edits one: its label and its answer in each language of the round.
#[component]
fn ThemeForm(
    programme: String,
    a: Analysis,
    theme: Option<ThemeView>,
    action: ServerAction<SaveTheme>,
) -> impl IntoView {
    let lang = use_lang();
    let key = theme.as_ref().map(|t| t.id.clone()).unwrap_or_else(|| "new".into());
    let parents: Vec<(String, String)> = a
        .themes
        .iter()
        .filter(|t| t.parent.is_none() && theme.as_ref().is_none_or(|x| x.id != t.id))
        .map(|t| (t.id.clone(), label(lang, &t.label)))
        .collect();
    let current_parent = theme.as_ref().and_then(|t| t.parent.clone()).unwrap_or_default();
    let per_lang = a
        .languages
        .iter()
        .map(|l| {
            let name = Lang::from_code(l).map(|x| x.name()).unwrap_or("");
            let dir = Lang::from_code(l).map(|x| x.dir()).unwrap_or("ltr");
            let text = theme.as_ref().and_then(|t| t.label.get(l).cloned()).unwrap_or_default();
            let decision = theme.as_ref().and_then(|t| t.decision.get(l).cloned()).unwrap_or_default();
            let (lid, lfor, did, dfor) = (format!("t-{key}-l-{l}"), format!("t-{key}-l-{l}"), format!("t-{key}-d-{l}"), format!("t-{key}-d-{l}"));
            view! {
                <div class="field"><label for=lfor>{lang.tf("theme.label_in", &[("lang", name)])}</label><input id=lid name=format!("label_{l}") lang=l.clone() dir=dir value=text /></div>
                <div class="field"><label for=dfor>{lang.tf("theme.decision_in", &[("lang", name)])}</label><textarea id=did name=format!("decision_{l}") rows="2" lang=l.clone() dir=dir>{decision}</textarea></div>
            }
        })
        .collect_view();
    let (pid, pfor, kid, kfor) =
        (format!("t-{key}-parent"), format!("t-{key}-parent"), format!("t-{key}-link"), format!("t-{key}-link"));
    view! {
        <ActionForm action=action attr:class="stack" attr:novalidate="">
            <BackField />
            <input type="hidden" name="programme_id" value=programme />
            <input type="hidden" name="round_id" value=a.id.clone() />
            <input type="hidden" name="id" value=theme.as_ref().map(|t| t.id.clone()).unwrap_or_default() />
            <div class="field"><label for=pfor>{lang.t("theme.parent")}</label>
                {crate::components::inert::select(&pid, "parent", &std::iter::once((String::new(), lang.t("theme.top_level").to_string())).chain(parents).collect::<Vec<_>>(), &current_parent)}
            </div>
            {per_lang}
            <div class="field"><label for=kfor>{lang.t("theme.link")}</label><input id=kid type="url" name="link" value=theme.as_ref().and_then(|t| t.link.clone()).unwrap_or_default() /></div>
            <button type="submit" class="button">{lang.t(if theme.is_some() { "theme.save" } else { "theme.add" })}</button>
        </ActionForm>
    }
}

pub(crate) fn flag_text(lang: Lang, f: &Flag) -> String {
    match f {
        Flag::Email(v) => lang.tf("moderation.flag_email", &[("value", v)]),
        Flag::Phone(v) => lang.tf("moderation.flag_phone", &[("value", v)]),
        Flag::Name(v) => lang.tf("moderation.flag_name", &[("value", v)]),
    }
}

#[component]
pub fn AnalysisPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let round_id = param("round");
    let query = use_list_query(FEEDBACK_FILTERS);
    let theme = ServerAction::<SaveTheme>::new();
    let moderate = ServerAction::<ModerateFeedback>::new();
    let code = ServerAction::<CodeInput>::new();
    let reply = ServerAction::<ReplyFeedback>::new();
    let invite = ServerAction::<InviteOrganisations>::new();
    let data = crate::components::data::page_data(
        move || {
            (
                id(),
                round_id(),
                query.get(),
                theme.version().get(),
                moderate.version().get(),
                code.version().get(),
                reply.version().get(),
                invite.version().get(),
            )
        },
        |(id, r, q, ..)| get_analysis(id, r, q),
    );
    let errors = [action_error(theme), action_error(moderate), action_error(code), action_error(reply)];
    let invite_error = action_error(invite);
    let invited = move || invite.value().get().and_then(|r| r.ok());
    view! {
        <ProgrammeHeader id=Signal::derive(id) current="rounds" />
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(a) => {
                        let pid = id();
                        let title = lang.tf("analysis.title", &[("round", &a.title)]);
                        let codebook = a.themes.iter().map(|t| {
                            let edit = view! { <ThemeForm programme=pid.clone() a=a.clone() theme=Some(t.clone()) action=theme /> };
                            view! {
                                <tr>
                                    <th scope="row">{if t.parent.is_some() { format!("— {}", label(lang, &t.label)) } else { label(lang, &t.label) }}</th>
                                    <td class="num">{lang.shown(t.anonymous)}</td>
                                    <td class="num">{t.inputs}</td>
                                    <td class="num">{t.meetings}</td>
                                    <td class="num">{t.quotes.len()}</td>
                                    <td>{label(lang, &t.decision)}<details><summary>{lang.t("theme.edit")}</summary>{edit}</details></td>
                                </tr>
                            }
                        }).collect_view();
                        let feedback = a.feedback.rows.iter().map(|f| {
                            let (pid, rid, fid) = (pid.clone(), a.id.clone(), f.id.clone());
                            let boxes = theme_boxes(lang, format!("fb-{fid}"), &a.themes, &f.themes);
                            let current = f.moderation.clone();
                            let because = f.hidden_because.clone().unwrap_or_default();
                            let radios = MODERATION.iter().map(|m| { let (mid, mfor) = (format!("m-{fid}-{m}"), format!("m-{fid}-{m}")); let checked = *m == current; view! {
                                <label class="check" for=mfor><input id=mid type="radio" name="moderation" value=*m checked=checked />" "{lang.t(&format!("moderation.{m}"))}</label>
                            }}).collect_view();
                            let reasons = HIDE_REASONS.iter().map(|r| { let sel = *r == because; view! { <option value=*r selected=sel>{lang.t(&format!("moderation.because.{r}"))}</option> } }).collect_view();
                            let (quote, safeguarding, referral) = (f.quote.clone(), f.safeguarding, f.referral.clone().unwrap_or_default());
                            let (qid, qfor, bid, bfor, sid, sfor, rfid, rffor) = (format!("q-{fid}"), format!("q-{fid}"), format!("b-{fid}"), format!("b-{fid}"), format!("s-{fid}"), format!("s-{fid}"), format!("rf-{fid}"), format!("rf-{fid}"));
                            let reply_form = f.has_receipt.then(|| { let (tid, tfor, pid, rid, fid) = (format!("reply-{fid}"), format!("reply-{fid}"), pid.clone(), rid.clone(), fid.clone()); view! {
                                <ActionForm action=reply attr:class="stack">
                                    <BackField />
                                    <input type="hidden" name="programme_id" value=pid />
                                    <input type="hidden" name="round_id" value=rid />
                                    <input type="hidden" name="feedback_id" value=fid />
                                    <div class="field"><label for=tfor>{lang.t("round.reply")}</label><textarea id=tid name="text" rows="3"></textarea></div>
                                    <button type="submit" class="button">{lang.t("round.send_reply")}</button>
                                </ActionForm>
                            }});
                            view! {
                                <li class="panel">
                                    <dl class="facts">{f.answers.iter().map(|(q, x)| view! { <div><dt>{q.clone()}</dt><dd>{x.clone()}</dd></div> }).collect_view()}</dl>
                                    {(!f.flags.is_empty()).then(|| view! {
                                        <div class="alert alert-warn"><p>{lang.t("moderation.flags")}</p><ul>{f.flags.iter().map(|x| view! { <li>{flag_text(lang, x)}</li> }).collect_view()}</ul></div>
                                    })}
                                    {(!f.thread.is_empty()).then(|| view! {
                                        <ol class="thread">{f.thread.iter().map(|m| view! { <li class=format!("message from-{}", m.from)><p class="meta">{lang.t(&format!("pub.from.{}", m.from))}" · "{m.day.clone()}</p><p>{m.text.clone()}</p></li> }).collect_view()}</ol>
                                    })}
                                    <ActionForm action=moderate attr:class="stack">
                                        <BackField />
                                        <input type="hidden" name="programme_id" value=pid.clone() />
                                        <input type="hidden" name="round_id" value=rid.clone() />
                                        <input type="hidden" name="feedback_id" value=fid.clone() />
                                        <fieldset><legend>{lang.t("analysis.themes")}</legend>{boxes}</fieldset>
                                        <div class="field"><label for=qfor>{lang.t("moderation.quote")}</label><textarea id=qid name="quote" rows="3">{quote}</textarea></div>
                                        <fieldset><legend>{lang.t("moderation.decision")}</legend>{radios}</fieldset>
                                        <div class="field"><label for=bfor>{lang.t("moderation.because")}</label>
                                            <select id=bid name="hidden_because">
                                                <option value="">"—"</option>
                                                {reasons}
                                            </select>
                                        </div>
                                        <label class="check" for=sfor><input id=sid type="checkbox" name="safeguarding" value="yes" checked=safeguarding />" "{lang.t("moderation.safeguarding")}</label>
                                        <div class="field"><label for=rffor>{lang.t("moderation.referral")}</label><input id=rfid name="referral" value=referral /></div>
                                        <button type="submit" class="button">{lang.t("moderation.save")}</button>
                                    </ActionForm>
                                    {reply_form}
                                </li>
                            }
                        }).collect_view();
                        let inputs = a.inputs.iter().map(|i| {
                            let (pid, rid, iid) = (pid.clone(), a.id.clone(), i.id.clone());
                            let boxes = theme_boxes(lang, format!("in-{iid}"), &a.themes, &i.themes);
                            view! {
                                <li class="panel">
                                    <h3>{format!("{} ({})", i.name, lang.t(&format!("level.{}", i.level)))}</h3>
                                    <dl class="facts">{i.answers.iter().map(|(q, x)| view! { <div><dt>{q.clone()}</dt><dd>{x.clone()}</dd></div> }).collect_view()}</dl>
                                    <ActionForm action=code attr:class="stack">
                                        <BackField />
                                        <input type="hidden" name="programme_id" value=pid />
                                        <input type="hidden" name="round_id" value=rid />
                                        <input type="hidden" name="input_id" value=iid />
                                        <fieldset><legend>{lang.t("analysis.themes")}</legend>{boxes}</fieldset>
                                        <button type="submit" class="button">{lang.t("analysis.save_coding")}</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view();
                        let coverage = a.coverage.iter().map(|(p, answered)| view! {
                            <tr>
                                <th scope="row">{p.name.clone()}</th>
                                <td>{p.level.as_deref().map(|l| lang.t(&format!("level.{l}"))).unwrap_or("")}</td>
                                <td>{lang.t(if *answered { "analysis.answered" } else { "analysis.not_yet" })}</td>
                            </tr>
                        }).collect_view();
                        let answered = a.coverage.iter().filter(|(_, x)| *x).count();
                        view! {
                            <Title text=title.clone() />
                            <h1>{title}</h1>
                            <p><a href=format!("/programmes/{pid}/rounds/{}", a.id)>{a.title.clone()}</a>" · "
                                <a href=format!("/programmes/{pid}/rounds/{}/activities", a.id)>{lang.t("activity.open")}</a></p>
                            {move || errors.iter().find_map(|e| e.get()).map(|e| view! { <FormError error=e /> })}
                            <h2>{lang.t("analysis.codebook")}</h2>
                            <table>
                                <caption>{lang.t("analysis.codebook_caption")}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t("analysis.theme")}</th>
                                    <th scope="col">{lang.t("round.anonymous")}</th>
                                    <th scope="col">{lang.t("input.heading")}</th>
                                    <th scope="col">{lang.t("activity.contributions")}</th>
                                    <th scope="col">{lang.t("analysis.quotes")}</th>
                                    <th scope="col">{lang.t("theme.decision")}</th>
                                </tr></thead>
                                <tbody>{codebook}</tbody>
                            </table>
                            <p class="hint">{lang.t("disclosure.legend")}</p>
                            <div class="breakdowns">{a.breakdowns.iter().filter(|_| !a.themes.is_empty()).map(|b| {
                                let name = |id: &str| a.themes.iter().find(|t| t.id == id).map(|t| label(lang, &t.label)).unwrap_or_default();
                                view! {
                                    <table class="breakdown">
                                        <caption>{b.title.clone()}</caption>
                                        <thead><tr>
                                            <th scope="col">{lang.t("analysis.theme")}</th>
                                            {b.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                                        </tr></thead>
                                        <tbody>
                                            {b.rows.iter().map(|(id, cells)| view! {
                                                <tr>
                                                    <th scope="row">{name(id)}</th>
                                                    {cells.iter().map(|c| view! { <td class="num">{lang.shown(*c)}</td> }).collect_view()}
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }
                            }).collect_view()}</div>
                            <section class="panel" aria-labelledby="add-theme-h">
                                <h3 id="add-theme-h">{lang.t("theme.add")}</h3>
                                <ThemeForm programme=pid.clone() a=a.clone() theme=None action=theme />
                            </section>
                            <h2>{lang.t("analysis.coverage")}</h2>
                            <table>
                                <caption>{lang.tf("analysis.coverage_caption", &[("n", &answered.to_string()), ("of", &a.coverage.len().to_string())])}</caption>
                                <thead><tr><th scope="col">{lang.t("policy.jurisdiction")}</th><th scope="col">{lang.t("org.level")}</th><th scope="col">{lang.t("input.heading")}</th></tr></thead>
                                <tbody>{coverage}</tbody>
                            </table>
                            {crate::domain::round::counts_visible(&a.status).then(|| {
                                let figures = format!("/programmes/{pid}/export/results?round={}", a.id);
                                view! {
                                    <p>{lang.t("figures.download")}" "
                                        <a href=format!("{figures}&format=csv") rel="external" download="">"CSV"</a>" · "
                                        <a href=format!("{figures}&format=xlsx") rel="external" download="">"XLSX"</a>
                                    </p>
                                }
                            })}
                            <h2>{lang.t("invite.heading")}</h2>
                            <table>
                                <caption>{lang.t("invite.by_typology")}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t("invite.typology")}</th>
                                    <th scope="col">{lang.t("invite.invited")}</th>
                                    <th scope="col">{lang.t("invite.answered")}</th>
                                    <th scope="col">{lang.t("invite.rate")}</th>
                                </tr></thead>
                                <tbody>
                                    {a.by_typology.iter().map(|t| view! {
                                        <tr>
                                            <th scope="row">{lang.t(&format!("kind.{}", t.kind))}</th>
                                            <td class="num">{t.invited}</td>
                                            <td class="num">{t.answered}</td>
                                            <td class="num">{format!("{}%", t.answered * 100 / t.invited.max(1))}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {(!a.waiting.is_empty()).then(|| view! {
                                <details>
                                    <summary>{lang.tf("invite.waiting", &[("n", &a.waiting.len().to_string())])}</summary>
                                    <ul>{a.waiting.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                                </details>
                            })}
                            {(a.status == "open").then(|| {
                                let mut kinds: Vec<String> = a.audiences.clone();
                                kinds.extend(crate::domain::organisation::PUBLIC_KINDS.iter().chain(crate::domain::organisation::PRIVATE_TYPES.iter()).map(|k| k.to_string()).filter(|k| !a.audiences.contains(k)));
                                let kind_options = std::iter::once((String::new(), lang.t("invite.all_audiences").to_string()))
                                    .chain(kinds.into_iter().map(|k| { let l = lang.t(&format!("kind.{k}")).to_string(); (k, l) }))
                                    .collect::<Vec<_>>();
                                let level_options = std::iter::once((String::new(), lang.t("list.all").to_string()))
                                    .chain(["national", "regional", "local"].iter().map(|l| (l.to_string(), lang.t(&format!("level.{l}")).to_string())))
                                    .collect::<Vec<_>>();
                                let (pid, rid) = (pid.clone(), a.id.clone());
                                view! {
                                    <section class="panel" aria-labelledby="invite-h">
                                        <h3 id="invite-h">{lang.t("invite.form")}</h3>
                                        <p class="hint">{lang.t("invite.hint")}</p>
                                        {move || invited().map(|s| view! {
                                            <p class="alert alert-ok" role="status">{lang.tf("invite.done", &[("organisations", &s.organisations.to_string()), ("notified", &s.notified.to_string()), ("invited", &s.invited.to_string()), ("without", &s.without_contact.to_string())])}</p>
                                        })}
                                        {move || invite_error.get().map(|e| view! { <FormError error=e /> })}
                                        <ActionForm action=invite attr:class="stack">
                                            <BackField />
                                            <input type="hidden" name="programme_id" value=pid />
                                            <input type="hidden" name="round_id" value=rid />
                                            <SelectField name="kind" label=lang.t("invite.typology").into() options=kind_options error=invite_error />
                                            <SelectField name="level" label=lang.t("org.level").into() options=level_options error=invite_error />
                                            <Field name="jurisdiction" label=lang.t("invite.jurisdiction").into() hint=lang.t("invite.jurisdiction_hint").into() error=invite_error />
                                            <button type="submit" class="button">{lang.t("invite.submit")}</button>
                                        </ActionForm>
                                    </section>
                                }
                            })}
                            <h2>{lang.t("round.submissions")}</h2>
                            {if a.status == "open" || a.status == "draft" {
                                view! { <p>{lang.t("round.counts_after_close")}</p> }.into_any()
                            } else {
                                let all = |o: Vec<(String, String)>| std::iter::once((String::new(), lang.t("list.all").to_string())).chain(o).collect::<Vec<_>>();
                                let moderation_options = all(MODERATION.iter().map(|m| (m.to_string(), lang.t(&format!("moderation.state.{m}")).to_string())).collect());
                                let theme_options = all(a.themes.iter().map(|t| (t.id.clone(), label(lang, &t.label))).collect());
                                let safe_options = all(vec![("yes".to_string(), lang.t("moderation.safeguarding_only").to_string())]);
                                view! {
                                    <p class="hint">{lang.t("round.submissions_hint")}</p>
                                    <ListFilters query=query search_label=lang.t("analysis.search").into()>
                                        <FilterSelect query=query name="moderation" label=lang.t("moderation.decision").into() options=moderation_options />
                                        <FilterSelect query=query name="theme" label=lang.t("analysis.theme").into() options=theme_options />
                                        <FilterSelect query=query name="safeguarding" label=lang.t("moderation.safeguarding_filter").into() options=safe_options />
                                    </ListFilters>
                                    <p>{lang.tf("analysis.submission_count", &[("n", &a.feedback.total.to_string())])}</p>
                                    <ul class="plain submissions">{feedback}</ul>
                                    <ListFooter query=query total=a.feedback.total next=a.feedback.next.clone() />
                                }.into_any()
                            }}
                            <h2>{lang.t("input.heading")}</h2>
                            <ul class="plain">{inputs}</ul>
                        }.into_any()
                    }
                    Err(e) => view! { <Title text=lang.t("round.rounds") /><ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
