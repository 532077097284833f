//! A person's rights over their data (GDPR): a coordinator finds everything the programme holds on
//! one person, prints it or downloads it as JSON, and erases it.
use super::{action_error, param};
use crate::api::contacts::{get_person, ErasePerson};
use crate::components::form::BackField;
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::i18n::use_lang;
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PersonsPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let query = use_query_map();
    let who = move || query.read().get("who").unwrap_or_default();
    let erase = ServerAction::<ErasePerson>::new();
    let erase_error = action_error(erase);
    let import = crate::components::import::use_import("contacts");
    let record = crate::components::data::page_data(
        move || (id(), who(), erase.version().get()),
        // Asked even without a name, so the server refuses whoever may not see this page.
        |(id, who, _)| async move { get_person(id, who).await.map(|r| (!r.searched_for.is_empty()).then_some(r)) },
    );
    view! {
        <Title text=lang.t("person.title") />
        <ProgrammeHeader id=Signal::derive(id) current="persons" />
        <h1>{lang.t("person.title")}</h1>
        <p class="no-print">{lang.t("person.lead")}</p>
        <form method="get" class="search no-print" role="search">
            <label for="person-who">{lang.t("person.who")}</label>
            <input id="person-who" type="search" name="who" value=who required />
            <button type="submit" class="button">{lang.t("person.find")}</button>
        </form>
        {move || erase.value().get().and_then(|r| r.ok()).map(|n| view! { <Notice text=lang.tf("person.erased", &[("n", &n.to_string())]) /> })}
        {move || erase_error.get().map(|e| view! { <FormError error=e /> })}
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(record).await {
                    Ok(None) => ().into_any(),
                    Ok(Some(r)) if r.contacts.is_empty() => view! { <p>{lang.tf("person.nothing", &[("who", &r.searched_for)])}</p> }.into_any(),
                    Ok(Some(r)) => {
                        let export = format!("/programmes/{}/persons/export?who={}", id(), crate::domain::list::encode(&r.searched_for));
                        view! {
                            <section aria-labelledby="held-h">
                                <h2 id="held-h">{lang.tf("person.held", &[("who", &r.searched_for), ("n", &r.contacts.len().to_string())])}</h2>
                                {r.contacts.iter().map(|c| view! {
                                    <dl class="facts">
                                        <dt>{lang.t("contact.organisation")}</dt><dd>{c.organisation_name.clone()}</dd>
                                        <dt>{lang.t("contact.name")}</dt><dd>{c.name.clone()}</dd>
                                        <dt>{lang.t("contact.role_title")}</dt><dd>{c.role_title.clone().unwrap_or_default()}</dd>
                                        <dt>{lang.t("contact.email")}</dt><dd>{c.email.clone().unwrap_or_default()}</dd>
                                        <dt>{lang.t("contact.phone")}</dt><dd>{c.phone.clone().unwrap_or_default()}</dd>
                                        <dt>{lang.t("contact.legal_basis")}</dt><dd>{lang.t(&format!("basis.{}", c.legal_basis))}{c.consent_given_on.clone().map(|d| format!(" ({d})"))}</dd>
                                        <dt>{lang.t("contact.recorded")}</dt><dd>{c.created_at.chars().take(10).collect::<String>()}</dd>
                                    </dl>
                                }).collect_view()}
                                <p class="no-print"><a href=export download="">{lang.t("person.download")}</a>" · "{lang.t("person.print")}</p>
                            </section>
                            <section aria-labelledby="erase-h" class="panel no-print">
                                <h2 id="erase-h">{lang.t("person.erase")}</h2>
                                <p>{lang.t("person.erase_lead")}</p>
                                <ActionForm action=erase attr:class="stack">
                                    <BackField />
                                    <input type="hidden" name="programme_id" value=id />
                                    <input type="hidden" name="who" value=r.searched_for.clone() />
                                    <label class="check" for="f-erase-confirm"><input id="f-erase-confirm" type="checkbox" required />" "{lang.t("person.erase_confirm")}</label>
                                    <button type="submit" class="button button-danger">{lang.t("person.erase_submit")}</button>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
        // Shown to those the server let read this page (coordinators).
        <Transition>
            {move || Suspend::new(async move {
                crate::components::ready::ready(record).await.ok().map(|_| view! {
                    <div class="no-print">
                        <crate::components::import::ImportPanel
                            programme_id=Signal::derive(id)
                            register="contacts"
                            state=import
                            heading=lang.t("contacts.import").into()
                            hint=lang.t("contacts.import_hint").into()
                            example="organisation,name,email,phone,role_title,legal_basis,consent_given_on\nNordmark Refugee Council,Amina Diallo,amina@example.org,,Director,consent,2026-03-01".into()
                        />
                    </div>
                })
            })}
        </Transition>
    }
}
