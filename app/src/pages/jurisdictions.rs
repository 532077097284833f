use super::{action_error, param};
use crate::api::jurisdictions::{list_jurisdictions, CreateJurisdiction, ImportJurisdictions};
use crate::api::programmes::get_programme;
use crate::components::form::{BackField, Field, SelectField};
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::domain::Level;
use crate::i18n::use_lang;
use crate::pages::programmes::ProgrammeNav;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn JurisdictionsPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let create = ServerAction::<CreateJurisdiction>::new();
    let import = ServerAction::<ImportJurisdictions>::new();
    let create_error = action_error(create);
    let import_error = action_error(import);
    let programme = Resource::new_blocking(id, get_programme);
    let tree = Resource::new_blocking(
        move || (id(), create.version().get(), import.version().get()),
        |(id, _, _)| list_jurisdictions(id),
    );
    let imported = move || import.value().get().and_then(|r| r.ok());
    let created = move || create.value().get().and_then(|r| r.ok());
    view! {
        <Title text=lang.t("jurisdictions.title") />
        <Suspense>
            {move || Suspend::new(async move {
                match programme.await {
                    Ok(p) => view! { <ProgrammeNav summary=p.summary current="jurisdictions" /> }.into_any(),
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
        <h1>{lang.t("jurisdictions.title")}</h1>
        <Transition>
            {move || Suspend::new(async move {
                match tree.await {
                    Ok(tree) => {
                        let parents: Vec<(String, String)> = std::iter::once((String::new(), lang.t("jurisdictions.no_parent").to_string()))
                            .chain(tree.items.iter().filter(|j| j.level != Level::Local).map(|j| (j.code.clone(), format!("{} — {}", j.code, j.name))))
                            .collect();
                        let levels: Vec<(String, String)> = Level::ALL.iter().map(|l| (l.as_str().to_string(), lang.t(&format!("level.{}", l.as_str())).to_string())).collect();
                        view! {
                            {if tree.items.is_empty() {
                                view! { <p>{lang.t("jurisdictions.empty")}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="tree">
                                        <caption>{lang.tf("jurisdictions.count", &[("n", &tree.items.len().to_string())])}</caption>
                                        <thead><tr>
                                            <th scope="col">{lang.t("jurisdictions.name")}</th>
                                            <th scope="col">{lang.t("jurisdictions.code")}</th>
                                            <th scope="col">{lang.t("jurisdictions.level")}</th>
                                            <th scope="col">{lang.t("jurisdictions.parent")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {tree.items.into_iter().map(|j| view! {
                                                <tr>
                                                    <th scope="row" class=format!("depth-{}", j.depth.min(3))>{j.name}</th>
                                                    <td class="code">{j.code}</td>
                                                    <td>{lang.t(&format!("level.{}", j.level.as_str()))}</td>
                                                    <td class="code">{j.parent_code.unwrap_or_default()}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                            {tree.can_edit.then(|| view! {
                                <section aria-labelledby="add-h" class="panel">
                                    <h2 id="add-h">{lang.t("jurisdictions.add")}</h2>
                                    {move || created().map(|code| view! { <Notice text=lang.tf("jurisdictions.added", &[("code", &code)]) /> })}
                                    {move || create_error.get().filter(|e| !matches!(e, crate::error::AppError::Validation { .. })).map(|e| view! { <FormError error=e /> })}
                                    <ActionForm action=create attr:class="stack" attr:novalidate="">
                                        <BackField />
                                        <input type="hidden" name="programme_id" value=id />
                                        <Field name="code" label=lang.t("jurisdictions.code").into() hint=lang.t("jurisdictions.code_hint").into() required=true error=create_error />
                                        <Field name="name" label=lang.t("jurisdictions.name").into() required=true error=create_error />
                                        <SelectField name="level" label=lang.t("jurisdictions.level").into() options=levels required=true error=create_error />
                                        <SelectField name="parent_code" label=lang.t("jurisdictions.parent").into() options=parents error=create_error />
                                        <button type="submit" class="button">{lang.t("jurisdictions.add_submit")}</button>
                                    </ActionForm>
                                </section>
                                <section aria-labelledby="import-h" class="panel">
                                    <h2 id="import-h">{lang.t("jurisdictions.import")}</h2>
                                    <p id="csv-hint">{lang.t("jurisdictions.import_hint")}</p>
                                    <pre class="example" aria-label=lang.t("jurisdictions.import_example")>"code,name,level,parent_code\nXA-N,North,regional,XA\nXA-N-01,Northtown,local,XA-N"</pre>
                                    {move || imported().map(|n| view! { <Notice text=lang.tf("jurisdictions.imported", &[("n", &n.to_string())]) /> })}
                                    {move || import_error.get().map(|e| view! { <FormError error=e /> })}
                                    <ActionForm action=import attr:class="stack">
                                        <BackField />
                                        <input type="hidden" name="programme_id" value=id />
                                        <div class="field">
                                            <label for="f-csv">{lang.t("jurisdictions.csv")}</label>
                                            <textarea id="f-csv" name="csv" rows="8" required aria-describedby="csv-hint" spellcheck="false"></textarea>
                                        </div>
                                        <button type="submit" class="button">{lang.t("jurisdictions.import_submit")}</button>
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
