//! The anonymous channel's public pages: rendered on the server only, as whole documents without a
//! script or WebAssembly, so they work on a slow phone and without JavaScript. They speak the round's
//! languages (Arabic right to left) and keep what a person typed when something needs fixing.
use crate::domain::round::{attribute_options, QuestionText, PREFER_NOT, RATING_MAX};
use crate::domain::FieldError;
use crate::i18n::Lang;
use crate::wire::rounds::{Message, PublicRound, Results, ThemeView};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

/// What every public page needs: the language, the stylesheet's address, and the round.
pub struct PublicCtx<'a> {
    pub lang: Lang,
    pub css: String,
    pub round: &'a PublicRound,
    /// For a coordinator's preview: the preview's own address. The form shows in any status, sends
    /// nothing, and links to no other public page.
    pub preview: Option<String>,
}

impl PublicCtx<'_> {
    fn base(&self) -> String {
        match &self.preview {
            Some(base) => base.clone(),
            None => format!("/f/{}", self.round.token),
        }
    }
    fn href(&self, path: &str) -> String {
        format!("{}{path}?lang={}", self.base(), self.lang.code())
    }
}

fn document(p: &PublicCtx<'_>, title: String, path: &'static str, main: AnyView) -> String {
    let lang = p.lang;
    let langs: Vec<(String, &'static str, String, bool)> = p
        .round
        .languages
        .iter()
        .filter_map(|c| Lang::from_code(c))
        .map(|l| (format!("{}{path}?lang={}", p.base(), l.code()), l.code(), l.name().to_string(), l == lang))
        .collect();
    let receipt_link = p.href("/receipt");
    let results_link = p.href("/results");
    let page = view! {
        <html lang=lang.code() dir=lang.dir()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <meta name="referrer" content="no-referrer" />
                <title>{format!("{title} — {}", p.round.title)}</title>
                <link rel="stylesheet" href=p.css.clone() />
            </head>
            <body class="public">
                <a class="skip-link" href="#main">{lang.t("nav.skip")}</a>
                <header class="site-header"><div class="bar">
                    <p class="brand">"Tessera"</p>
                    {(langs.len() > 1).then(|| view! {
                        <nav class="lang-switch" aria-label=lang.t("pub.languages")>
                            <ul>
                                {langs.into_iter().map(|(href, code, name, current)| view! {
                                    <li><a href=href hreflang=code lang=code aria-current=current.then_some("page")>{name}</a></li>
                                }).collect_view()}
                            </ul>
                        </nav>
                    })}
                </div></header>
                <main id="main">{main}</main>
                <footer class="site-footer">
                    <p>{lang.t("pub.promise")}</p>
                    {p.preview.is_none().then(|| view! {
                        <p><a href=receipt_link>{lang.t("pub.have_receipt")}</a></p>
                        <p><a href=results_link>{lang.t("results.heading")}</a></p>
                    })}
                </footer>
            </body>
        </html>
    };
    format!("<!DOCTYPE html>{}", page.to_html())
}

fn value<'a>(values: &'a [(String, String)], name: &str) -> Option<&'a str> {
    values.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn has_value(values: &[(String, String)], name: &str, v: &str) -> bool {
    values.iter().any(|(k, x)| k == name && x == v)
}

fn error_for(lang: Lang, errors: &[FieldError], field: &str) -> Option<String> {
    errors.iter().find(|e| e.field == field).map(|e| lang.field_error(e))
}

/// The list of problems at the top of a form, each linking to its field.
fn summary(lang: Lang, items: Vec<(String, String)>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <div class="alert alert-error" role="alert" aria-labelledby="problems-h" tabindex="-1">
                <h2 id="problems-h">{lang.t("pub.problems")}</h2>
                <ul>{items.into_iter().map(|(anchor, text)| view! { <li><a href=format!("#{anchor}")>{text}</a></li> }).collect_view()}</ul>
            </div>
        }
    })
}

fn question_field(
    lang: Lang,
    id: &str,
    q: &QuestionText,
    values: &[(String, String)],
    error: Option<String>,
) -> AnyView {
    let name = format!("q_{id}");
    let text = q.text_in(lang.code()).to_string();
    let err_id = format!("{name}-error");
    let described = error.as_ref().map(|_| err_id.clone());
    let invalid = error.as_ref().map(|_| "true");
    let err = error.map(|e| view! { <p class="field-error" id=err_id.clone()>{e}</p> });
    let required = q.required;
    let marker = required.then(|| view! { " " <span class="required">{lang.t("pub.required")}</span> });
    let options = q.options_in(lang.code());
    match q.kind.as_str() {
        "text" => {
            let current = value(values, &name).unwrap_or("").to_string();
            let (lfor, tid) = (name.clone(), name.clone());
            view! {
                <div class="field">
                    <label for=lfor>{text}{marker}</label>
                    {err}
                    <textarea id=tid name=name rows="5" maxlength="5000" required=required aria-invalid=invalid aria-describedby=described>{current}</textarea>
                </div>
            }
            .into_any()
        }
        "single" | "multiple" | "rating" => {
            let (kind, labels): (&str, Vec<(String, String)>) = match q.kind.as_str() {
                "rating" => (
                    "radio",
                    (1..=RATING_MAX)
                        .map(|r| {
                            (
                                r.to_string(),
                                lang.tf("pub.rating_n", &[("n", &r.to_string()), ("max", &RATING_MAX.to_string())]),
                            )
                        })
                        .collect(),
                ),
                "single" => ("radio", options.into_iter().enumerate().map(|(i, o)| (i.to_string(), o)).collect()),
                _ => ("checkbox", options.into_iter().enumerate().map(|(i, o)| (i.to_string(), o)).collect()),
            };
            let group = name.clone();
            view! {
                <fieldset id=group aria-describedby=described>
                    <legend>{text}{marker}</legend>
                    {(q.kind == "multiple").then(|| view! { <p class="hint">{lang.t("pub.choose_any")}</p> })}
                    {err}
                    {labels.into_iter().map(|(v, label)| {
                        let checked = has_value(values, &name, &v);
                        let input_id = format!("{name}-{v}");
                        let lfor = input_id.clone();
                        let req = required && kind == "radio";
                        view! { <label class="check" for=lfor><input id=input_id type=kind name=name.clone() value=v checked=checked required=req />" "{label}</label> }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        _ => {
            let n = options.len();
            let group = name.clone();
            view! {
                <fieldset id=group aria-describedby=described>
                    <legend>{text}{marker}</legend>
                    <p class="hint">{lang.tf("pub.rank_hint", &[("n", &n.to_string())])}</p>
                    {err}
                    {options.into_iter().enumerate().map(|(i, label)| {
                        let field = format!("{name}_{i}");
                        let current = value(values, &field).unwrap_or("").to_string();
                        let (lfor, sid) = (field.clone(), field.clone());
                        view! {
                            <div class="field inline">
                                <label for=lfor>{label}</label>
                                <select id=sid name=field>
                                    <option value="">"—"</option>
                                    {(1..=n).map(|r| { let r = r.to_string(); let sel = r == current; view! { <option value=r.clone() selected=sel>{r.clone()}</option> } }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
    }
}

fn attribute_field(
    lang: Lang,
    round: &PublicRound,
    a: &str,
    values: &[(String, String)],
    error: Option<String>,
) -> impl IntoView {
    let name = format!("attr_{a}");
    let current = value(values, &name).unwrap_or(PREFER_NOT).to_string();
    let choices: Vec<(String, String)> = if a == "region" {
        round.regions.iter().map(|p| (p.code.clone(), p.name.clone())).collect()
    } else {
        attribute_options(a).iter().map(|v| (v.to_string(), lang.t(&format!("attr.{a}.{v}")).to_string())).collect()
    };
    let choices = std::iter::once((PREFER_NOT.to_string(), lang.t("attr.prefer_not").to_string())).chain(choices);
    let (lfor, sid) = (name.clone(), name.clone());
    view! {
        <div class="field">
            <label for=lfor>{lang.t(&format!("attr.{a}"))}</label>
            {error.map(|e| view! { <p class="field-error">{e}</p> })}
            <select id=sid name=name>
                {choices.map(|(v, l)| { let sel = v == current; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
            </select>
        </div>
    }
}

/// The form, with what was typed and what needs fixing when it comes back.
pub fn form_page(
    p: &PublicCtx<'_>,
    values: &[(String, String)],
    errors: &[FieldError],
    notice: Option<String>,
) -> String {
    let lang = p.lang;
    let r = p.round;
    let preview = p.preview.is_some();
    let open = r.status == "open" || preview;
    let mut items: Vec<(String, String)> = vec![];
    for e in errors {
        let label = if let Some(id) = e.field.strip_prefix("q_") {
            r.questions.iter().find(|(q, _)| q == id).map(|(_, q)| q.text_in(lang.code()).to_string())
        } else {
            e.field.strip_prefix("attr_").map(|a| lang.t(&format!("attr.{a}")).to_string())
        };
        let text = match label {
            Some(l) => format!("{l}: {}", lang.field_error(e)),
            None => lang.field_error(e),
        };
        items.push((e.field.clone(), text));
    }
    let questions = r
        .questions
        .iter()
        .map(|(id, q)| question_field(lang, id, q, values, error_for(lang, errors, &format!("q_{id}"))))
        .collect_view();
    let attributes = (!r.attributes.is_empty()).then(|| {
        view! {
            <fieldset>
                <legend>{lang.t("pub.about_you")}</legend>
                <p class="hint">{lang.t("pub.about_you_hint")}</p>
                {r.attributes.iter().map(|a| attribute_field(lang, r, a, values, error_for(lang, errors, &format!("attr_{a}")))).collect_view()}
            </fieldset>
        }
    });
    let want_receipt = values.is_empty() || value(values, "receipt").is_some();
    let main = view! {
        <h1>{r.title.clone()}</h1>
        {(!r.purpose.is_empty()).then(|| view! { <p class="lead">{r.purpose.clone()}</p> })}
        {preview.then(|| view! { <p class="alert alert-ok" role="note">{lang.t("pub.preview_note")}</p> })}
        {notice.map(|n| view! { <p class="alert alert-ok" role="status">{n}</p> })}
        {summary(lang, items)}
        {if open {
            view! {
                <p>{lang.tf("pub.open_until", &[("date", &r.closes)])}</p>
                <p class="hint">{lang.t("pub.anonymous_hint")}</p>
                <form method="post" action=(!preview).then(|| p.href("")) class="stack">
                    {questions}
                    {attributes}
                    <div class="field">
                        <label class="check" for="receipt"><input id="receipt" type="checkbox" name="receipt" value="yes" checked=want_receipt />" "{lang.t("pub.want_receipt")}</label>
                        <p class="hint">{lang.t("pub.receipt_hint")}</p>
                    </div>
                    <button type="submit" class="button" disabled=preview>{lang.t("pub.send")}</button>
                </form>
            }.into_any()
        } else {
            view! { <p class="alert alert-ok">{lang.t(if r.status == "draft" { "pub.not_open_yet" } else { "pub.closed" })}</p> }.into_any()
        }}
    }
    .into_any();
    document(p, lang.t("pub.form_title").to_string(), "", main)
}

/// The receipt code, shown once, with the step that confirms it was kept.
pub fn receipt_page(p: &PublicCtx<'_>, code: &str, error: Option<String>) -> String {
    let lang = p.lang;
    let main = view! {
        <h1>{lang.t("pub.thanks")}</h1>
        <p>{lang.t("pub.receipt_intro")}</p>
        <p class="receipt-code" dir="ltr" lang="en"><strong>{code.to_string()}</strong></p>
        <p>{lang.t("pub.receipt_once")}</p>
        {summary(lang, error.map(|e| vec![("saved".to_string(), e)]).unwrap_or_default())}
        <form method="post" action=p.href("/saved") class="stack">
            <input type="hidden" name="code" value=code.to_string() />
            <label class="check" for="saved"><input id="saved" type="checkbox" name="saved" value="yes" required=true />" "{lang.t("pub.saved_it")}</label>
            <button type="submit" class="button">{lang.t("pub.continue")}</button>
        </form>
    }
    .into_any();
    document(p, lang.t("pub.receipt_title").to_string(), "", main)
}

pub fn thanks_page(p: &PublicCtx<'_>) -> String {
    let lang = p.lang;
    let main = view! {
        <h1>{lang.t("pub.thanks")}</h1>
        <p>{lang.t("pub.thanks_text")}</p>
    }
    .into_any();
    document(p, lang.t("pub.thanks").to_string(), "", main)
}

/// The form that asks for a receipt code.
pub fn lookup_page(p: &PublicCtx<'_>, typed: &str, error: Option<String>) -> String {
    let lang = p.lang;
    let described = error.as_ref().map(|_| "code-error");
    let main = view! {
        <h1>{lang.t("pub.lookup_title")}</h1>
        <p>{lang.t("pub.lookup_intro")}</p>
        {summary(lang, error.clone().map(|e| vec![("code".to_string(), e)]).unwrap_or_default())}
        <form method="post" action=p.href("/receipt") class="stack">
            <div class="field">
                <label for="code">{lang.t("pub.receipt_code")}</label>
                {error.map(|e| view! { <p class="field-error" id="code-error">{e}</p> })}
                <input id="code" name="code" dir="ltr" autocomplete="off" autocapitalize="characters" spellcheck="false" required=true value=typed.to_string() aria-describedby=described />
            </div>
            <button type="submit" class="button">{lang.t("pub.read_reply")}</button>
        </form>
    }
    .into_any();
    document(p, lang.t("pub.lookup_title").to_string(), "/receipt", main)
}

/// What the receipt holder said, the exchange with the coordinator, and a form to add a message.
pub fn thread_page(
    p: &PublicCtx<'_>,
    code: &str,
    answers: &[(String, String)],
    thread: &[Message],
    message: &str,
    error: Option<String>,
    notice: Option<String>,
) -> String {
    let lang = p.lang;
    let described = error.as_ref().map(|_| "message-error");
    let main = view! {
        <h1>{lang.t("pub.your_feedback")}</h1>
        {notice.map(|n| view! { <p class="alert alert-ok" role="status">{n}</p> })}
        <dl class="facts">
            {answers.iter().map(|(q, a)| view! { <div><dt>{q.clone()}</dt><dd>{a.clone()}</dd></div> }).collect_view()}
        </dl>
        <h2>{lang.t("pub.exchange")}</h2>
        {if thread.is_empty() {
            view! { <p>{lang.t("pub.no_reply_yet")}</p> }.into_any()
        } else {
            view! {
                <ol class="thread">
                    {thread.iter().map(|m| view! {
                        <li class=format!("message from-{}", m.from)>
                            <p class="meta">{lang.t(&format!("pub.from.{}", m.from))}" · "{m.day.clone()}</p>
                            <p>{m.text.clone()}</p>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {summary(lang, error.clone().map(|e| vec![("message".to_string(), e)]).unwrap_or_default())}
        <form method="post" action=p.href("/message") class="stack">
            <input type="hidden" name="code" value=code.to_string() />
            <div class="field">
                <label for="message">{lang.t("pub.add_message")}</label>
                {error.map(|e| view! { <p class="field-error" id="message-error">{e}</p> })}
                <textarea id="message" name="message" rows="4" maxlength="5000" required=true aria-describedby=described>{message.to_string()}</textarea>
            </div>
            <button type="submit" class="button">{lang.t("pub.send_message")}</button>
        </form>
    }
    .into_any();
    document(p, lang.t("pub.your_feedback").to_string(), "/receipt", main)
}

fn in_lang(lang: Lang, texts: &std::collections::BTreeMap<String, String>) -> String {
    texts.get(lang.code()).or_else(|| texts.values().next()).cloned().unwrap_or_default()
}

fn theme_block(lang: Lang, t: &ThemeView, children: Vec<&ThemeView>, level: u8) -> AnyView {
    let heading = in_lang(lang, &t.label);
    let decision = in_lang(lang, &t.decision);
    let figures = lang.tf(
        "results.figures",
        &[
            ("anonymous", &lang.shown(t.anonymous)),
            ("inputs", &t.inputs.to_string()),
            ("meetings", &t.meetings.to_string()),
        ],
    );
    let quotes = (!t.quotes.is_empty()).then(|| {
        view! {
            <h4>{lang.t("results.you_said")}</h4>
            {t.quotes.iter().map(|q| view! { <blockquote><p>{q.clone()}</p></blockquote> }).collect_view()}
        }
    });
    let answer = (!decision.is_empty() || t.link.is_some()).then(|| {
        view! {
            <h4>{lang.t("results.we_did")}</h4>
            {(!decision.is_empty()).then(|| view! { <p>{decision.clone()}</p> })}
            {t.link.clone().map(|l| view! { <p><a href=l rel="noopener noreferrer">{lang.t("results.read_more")}</a></p> })}
        }
    });
    let body = view! {
        <p class="hint">{figures}</p>
        {quotes}
        {answer}
        {children.into_iter().map(|c| theme_block(lang, c, vec![], 3)).collect_view()}
    };
    if level == 2 {
        view! { <section class="panel"><h2>{heading}</h2>{body}</section> }.into_any()
    } else {
        view! { <section><h3>{heading}</h3>{body}</section> }.into_any()
    }
}

/// A round's published results: each theme with what was said and what was done, and the figures
/// after disclosure control.
pub fn results_page(p: &PublicCtx<'_>, results: Option<&Results>) -> String {
    let lang = p.lang;
    let main = match results {
        None => view! {
            <h1>{p.round.title.clone()}</h1>
            <p class="alert alert-ok">{lang.t("results.not_yet")}</p>
        }
        .into_any(),
        Some(r) => {
            let tops: Vec<&ThemeView> = r.themes.iter().filter(|t| t.parent.is_none()).collect();
            let blocks = tops
                .iter()
                .map(|t| {
                    let children = r.themes.iter().filter(|c| c.parent.as_deref() == Some(t.id.as_str())).collect();
                    theme_block(lang, t, children, 2)
                })
                .collect_view();
            let tables = r
                .counts
                .tables
                .iter()
                .map(|t| {
                    view! {
                        <table>
                            <caption>{t.title.clone()}</caption>
                            <thead><tr><th scope="col">{lang.t("results.answer")}</th><th scope="col">{lang.t("results.responses")}</th></tr></thead>
                            <tbody>
                                {t.labels.iter().zip(&t.cells).map(|(l, c)| view! { <tr><th scope="row">{l.clone()}</th><td class="num">{lang.shown(*c)}</td></tr> }).collect_view()}
                            </tbody>
                        </table>
                    }
                })
                .collect_view();
            view! {
                <h1>{lang.tf("results.title", &[("round", &p.round.title)])}</h1>
                <p>{lang.tf("results.lead", &[("anonymous", &lang.shown(r.total)), ("inputs", &r.inputs.to_string())])}</p>
                {blocks}
                <h2>{lang.t("results.figures_heading")}</h2>
                {tables}
                <p class="hint">{lang.t("disclosure.legend")}</p>
            }
            .into_any()
        }
    };
    document(p, lang.t("results.heading").to_string(), "/results", main)
}

/// A page for a problem with no form to go back to (an unknown link, too many attempts).
pub fn problem_page(lang: Lang, css: String, title: &str, text: String) -> String {
    let page = view! {
        <html lang=lang.code() dir=lang.dir()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{title.to_string()}</title>
                <link rel="stylesheet" href=css />
            </head>
            <body class="public">
                <header class="site-header"><div class="bar"><p class="brand">"Tessera"</p></div></header>
                <main id="main"><h1>{title.to_string()}</h1><p>{text}</p></main>
            </body>
        </html>
    };
    format!("<!DOCTYPE html>{}", page.to_html())
}
