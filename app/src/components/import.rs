//! The one import form every register uses: a file (CSV or XLSX) or pasted CSV, posted as a plain
//! multipart form to `/programmes/{id}/import/{register}`, so it works without JavaScript. The
//! server returns here with the result in the session: what was added, updated and left unchanged,
//! the columns it did not import, or every problem by row and column (and the pasted text, so
//! nothing typed is lost).
use crate::api::imports::take_import_result;
use crate::components::status::{FormError, Notice};
use crate::i18n::use_lang;
use crate::wire::imports::ImportResult;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The result of the import that brought the browser back here (`?imported=1`), read once. Create it
/// in the page's body, outside any `Suspend` that may render twice, and pass it to [`ImportPanel`].
pub fn use_import_result(register: &'static str) -> Resource<Option<ImportResult>> {
    let query = use_query_map();
    let returned = move || query.read().get("imported").is_some();
    Resource::new_blocking(returned, move |back| async move {
        if back {
            take_import_result(register.to_string()).await.ok().flatten()
        } else {
            None
        }
    })
}

#[component]
pub fn ImportPanel(
    programme_id: Signal<String>,
    register: &'static str,
    result: Resource<Option<ImportResult>>,
    heading: String,
    hint: String,
    /// A small example file shown beside the form.
    example: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let action = move || format!("/programmes/{}/import/{register}", programme_id.get());
    view! {
        <section aria-labelledby="import-h" class="panel">
            <h2 id="import-h">{heading}</h2>
            <p id="import-hint">{hint}</p>
            <pre class="example" aria-label=lang.t("import.example")>{example}</pre>
            <Transition>
                {move || Suspend::new(async move {
                    let result = result.await;
                    let text = result.as_ref().and_then(|r| r.text.clone()).unwrap_or_default();
                    let message = result.map(|r| match r.outcome {
                        Ok(o) => {
                            let counts = lang.tf("import.done", &[
                                ("added", &o.added.to_string()),
                                ("updated", &o.updated.to_string()),
                                ("unchanged", &o.unchanged.to_string()),
                            ]);
                            let surplus = (!o.surplus.is_empty())
                                .then(|| lang.tf("import.surplus", &[("columns", &o.surplus.join(", "))]));
                            view! {
                                <Notice text=counts />
                                {surplus.map(|s| view! { <div class="alert alert-warn" role="status"><p>{s}</p></div> })}
                            }.into_any()
                        }
                        Err(e) => view! { <FormError error=e /> }.into_any(),
                    });
                    view! {
                        {message}
                        <form method="post" enctype="multipart/form-data" action=action class="stack">
                            <div class="field">
                                <label for="f-import-file">{lang.t("import.file")}</label>
                                <input id="f-import-file" type="file" name="file" aria-describedby="import-hint"
                                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
                            </div>
                            <div class="field">
                                <label for="f-import-text">{lang.t("import.text")}</label>
                                <textarea id="f-import-text" name="csv" rows="6" spellcheck="false" aria-describedby="import-hint">{text}</textarea>
                            </div>
                            <button type="submit" class="button">{lang.t("import.submit")}</button>
                        </form>
                    }
                })}
            </Transition>
        </section>
    }
}
