//! The one import form every register uses: a file (CSV or XLSX) or pasted CSV, posted as a plain
//! multipart form to `/programmes/{id}/import/{register}`, so it works without JavaScript. The
//! server returns here with the result in the session: what was added, updated and left unchanged,
//! the columns it did not import, or every problem by row and column (and the pasted text, so
//! nothing typed is lost).
use crate::api::imports::take_import_result;
use crate::components::status::{FormError, Notice};
use crate::domain::table::ImportOutcome;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::wire::imports::ImportResult;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// An import form's state, made in the page's body (outside any `Suspend` that may render twice)
/// and passed to [`ImportPanel`]: the result of the plain post that brought the browser back here
/// (`?imported=1`, read once), the upload in progress with JavaScript and its answer, and a counter
/// the page's list depends on, so it reloads after an import.
#[derive(Clone, Copy)]
pub struct ImportState {
    result: Resource<Option<ImportResult>, crate::components::data::Lean>,
    /// `Some(fraction sent)` while uploading; `Some(1.0)` while the server checks and writes.
    progress: RwSignal<Option<f64>>,
    outcome: RwSignal<Option<Result<ImportOutcome, AppError>>>,
    done: RwSignal<u32>,
}

impl ImportState {
    /// Read in a list's resource source, so the list reloads after an import.
    pub fn imports(&self) -> u32 {
        self.done.get()
    }
}

pub fn use_import(register: &'static str) -> ImportState {
    let query = use_query_map();
    let returned = move || query.read().get("imported").is_some();
    let result = crate::components::data::page_data(returned, move |back| async move {
        if back {
            take_import_result(register.to_string()).await.ok().flatten()
        } else {
            None
        }
    });
    ImportState { result, progress: RwSignal::new(None), outcome: RwSignal::new(None), done: RwSignal::new(0) }
}

#[component]
pub fn ImportPanel(
    programme_id: Signal<String>,
    register: &'static str,
    state: ImportState,
    heading: String,
    hint: String,
    /// A small example file shown beside the form.
    example: String,
    /// Added to the form's address (`round=…` for a round's paper forms).
    #[prop(optional)]
    query: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let upload = state;
    let result = state.result;
    let suffix = StoredValue::new(query.map(|q| format!("?{q}")).unwrap_or_default());
    let action = move || format!("/programmes/{}/import/{register}{}", programme_id.get(), suffix.read_value());
    let show = move |outcome: Result<ImportOutcome, AppError>| match outcome {
        Ok(o) => {
            let counts = lang.tf(
                "import.done",
                &[
                    ("added", &o.added.to_string()),
                    ("updated", &o.updated.to_string()),
                    ("unchanged", &o.unchanged.to_string()),
                ],
            );
            let surplus =
                (!o.surplus.is_empty()).then(|| lang.tf("import.surplus", &[("columns", &o.surplus.join(", "))]));
            view! {
                <Notice text=counts />
                {surplus.map(|s| view! { <div class="alert alert-warn" role="status"><p>{s}</p></div> })}
            }
            .into_any()
        }
        Err(e) => view! { <FormError error=e /> }.into_any(),
    };
    // With JavaScript the file goes up in the background, with its progress shown; without, the
    // form posts and the server brings the browser back here.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        if send_with_progress(&ev, &action(), upload) {
            ev.prevent_default();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &ev;
    };
    view! {
        <section aria-labelledby="import-h" class="panel">
            <h2 id="import-h">{heading}</h2>
            <p id="import-hint">{hint}</p>
            <pre class="example" aria-label=lang.t("import.example")>{example}</pre>
            <div role="status" aria-live="polite">
                {move || upload.progress.get().map(|p| view! {
                    <p>{if p < 1.0 { lang.tf("import.uploading", &[("percent", &((p * 100.0) as u32).to_string())]) } else { lang.t("import.checking").to_string() }}</p>
                    <progress max="100" value=((p * 100.0) as u32).to_string() aria-label=lang.t("import.progress")></progress>
                })}
            </div>
            {move || upload.outcome.get().map(show)}
            <Transition>
                {move || Suspend::new(async move {
                    let result = crate::components::ready::ready(result).await;
                    let text = result.as_ref().and_then(|r| r.text.clone()).unwrap_or_default();
                    let message = result.map(|r| r.outcome).filter(|_| upload.outcome.get_untracked().is_none()).map(show);
                    view! {
                        {message}
                        <form method="post" enctype="multipart/form-data" action=action class="stack" on:submit=on_submit>
                            <div class="field">
                                <label for="f-import-file">{lang.t("import.file")}</label>
                                <input id="f-import-file" type="file" name="file" aria-describedby="import-hint"
                                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
                            </div>
                            <div class="field">
                                <label for="f-import-text">{lang.t("import.text")}</label>
                                <textarea id="f-import-text" name="csv" rows="6" spellcheck="false" aria-describedby="import-hint">{text}</textarea>
                            </div>
                            <button type="submit" class="button" disabled=move || upload.progress.get().is_some()>{lang.t("import.submit")}</button>
                        </form>
                    }
                })}
            </Transition>
        </section>
    }
}

/// Posts the form with XMLHttpRequest, asking for JSON, and reports upload progress; `false` when
/// the browser cannot, so the plain post goes ahead.
#[cfg(feature = "hydrate")]
fn send_with_progress(ev: &leptos::ev::SubmitEvent, url: &str, upload: ImportState) -> bool {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return false };
    let (Ok(data), Ok(xhr)) = (web_sys::FormData::new_with_form(&form), web_sys::XmlHttpRequest::new()) else {
        return false;
    };
    if xhr.open("POST", url).is_err() || xhr.set_request_header("Accept", "application/json").is_err() {
        return false;
    }
    let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            upload.progress.set(Some((e.loaded() / e.total()).min(1.0)));
        }
    });
    if let Ok(up) = xhr.upload() {
        up.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    on_progress.forget();
    let answered = xhr.clone();
    let on_end = Closure::<dyn FnMut()>::new(move || {
        let status = answered.status().unwrap_or(0);
        let body = answered.response_text().ok().flatten().unwrap_or_default();
        let outcome = if status == 200 {
            serde_json::from_str::<ImportOutcome>(&body).map_err(|e| AppError::Transport { message: e.to_string() })
        } else {
            Err(serde_json::from_str::<AppError>(&body)
                .unwrap_or(AppError::Transport { message: format!("HTTP {status}") }))
        };
        if outcome.is_ok() {
            upload.done.update(|n| *n += 1);
            form_reset(&answered);
        }
        upload.progress.set(None);
        upload.outcome.set(Some(outcome));
    });
    xhr.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
    on_end.forget();
    upload.outcome.set(None);
    upload.progress.set(Some(0.0));
    xhr.send_with_opt_form_data(Some(&data)).is_ok()
}

#[cfg(feature = "hydrate")]
fn form_reset(_xhr: &web_sys::XmlHttpRequest) {
    if let Some(area) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("f-import-text"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlTextAreaElement>(e).ok())
    {
        area.set_value("");
    }
}
