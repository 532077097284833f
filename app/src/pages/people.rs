use super::{action_error, param};
use crate::api::people::{list_people, Invite};
use crate::components::form::{BackField, Field, SelectField};
use crate::components::inert::tbody;
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::components::table::{use_list_query, FilterSelect, ListFilters, ListFooter, SortHeader};
use crate::domain::list::PEOPLE_FILTERS as FILTERS;
use crate::domain::Role;
use crate::i18n::use_lang;
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let invite = ServerAction::<Invite>::new();
    let error = action_error(invite);
    let query = use_list_query(FILTERS);
    let people = crate::components::data::page_data(
        move || (id(), query.get(), invite.version().get()),
        |(id, q, _)| list_people(id, q),
    );
    let outcome = move || invite.value().get().and_then(|r| r.ok());
    view! {
        <Title text=lang.t("people.title") />
        <ProgrammeHeader id=Signal::derive(id) current="people" />
        <h1>{lang.t("people.title")}</h1>
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(people).await {
                    Ok(people) => {
                        let roles: Vec<(String, String)> = Role::PROGRAMME.iter().rev().map(|r| (r.as_str().to_string(), lang.t(&format!("role.{r}")).to_string())).collect();
                        let role_filter: Vec<(String, String)> = std::iter::once((String::new(), lang.t("list.all").to_string()))
                            .chain(Role::PROGRAMME.iter().rev().map(|r| (r.as_str().to_string(), lang.t(&format!("role.{r}")).to_string()))).collect();
                        let sorted = Signal::derive({ let s = people.members.sort.clone(); move || s.clone() });
                        let desc = Signal::derive({ let d = people.members.desc; move || d });
                        let export = format!("/programmes/{}/export/people", id());
                        view! {
                            <ListFilters query=query search_label=lang.t("people.search").into()>
                                <FilterSelect query=query name="role" label=lang.t("people.role").into() options=role_filter />
                            </ListFilters>
                            <table>
                                <caption>{lang.tf("people.count", &[("n", &people.members.total.to_string())])}</caption>
                                <thead><tr>
                                    <SortHeader query=query column="name" label=lang.t("field_label.name").into() sorted=sorted desc=desc />
                                    <SortHeader query=query column="email" label=lang.t("field_label.email").into() sorted=sorted desc=desc />
                                    <SortHeader query=query column="role" label=lang.t("people.role").into() sorted=sorted desc=desc />
                                    <SortHeader query=query column="scope" label=lang.t("people.scope").into() sorted=sorted desc=desc />
                                </tr></thead>
                                {tbody(&people.members.rows, |h, m| {
                                    h.open("tr", &[])
                                        .element("th", &[("scope", Some("row"))], &m.name)
                                        .element("td", &[], m.email.as_deref().unwrap_or_else(|| lang.t("people.hidden")))
                                        .element("td", &[], lang.t(&format!("role.{}", m.role)))
                                        .element("td", &[], m.scope_label.as_deref().unwrap_or("—"))
                                        .close("tr");
                                })}
                            </table>
                            <ListFooter query=query total=people.members.total next=people.members.next.clone() export=export />
                            {people.can_invite.then(|| view! {
                                <section aria-labelledby="inv-h" class="panel">
                                    <h2 id="inv-h">{lang.t("people.invite")}</h2>
                                    <p>{lang.t("people.invite_lead")}</p>
                                    {move || outcome().map(|o| match o.link {
                                        Some(link) => view! {
                                            <div class="alert alert-ok" role="status">
                                                <p>{lang.tf("people.invited_link", &[("email", &o.email)])}</p>
                                                <p><a class="invite-link" href=link.clone()>{link.clone()}</a></p>
                                            </div>
                                        }.into_any(),
                                        None => view! { <Notice text=lang.tf("people.invited_mail", &[("email", &o.email)]) /> }.into_any(),
                                    })}
                                    {move || error.get().filter(|e| !matches!(e, crate::error::AppError::Validation { .. })).map(|e| view! { <FormError error=e /> })}
                                    <ActionForm action=invite attr:class="stack" attr:novalidate="">
                                        <BackField />
                                        <input type="hidden" name="programme_id" value=id />
                                        <Field name="email" kind="email" label=lang.t("field_label.email").into() required=true error=error />
                                        <SelectField name="role" label=lang.t("people.role").into() options=roles required=true error=error />
                                        <Field name="jurisdiction_code" label=lang.t("people.jurisdiction_code").into() hint=lang.t("people.jurisdiction_hint").into() error=error />
                                        <Field name="organisation" label=lang.t("people.organisation").into() hint=lang.t("people.organisation_hint").into() error=error />
                                        <button type="submit" class="button">{lang.t("people.invite_submit")}</button>
                                    </ActionForm>
                                    {(!people.invitations.is_empty()).then(|| view! {
                                        <table>
                                            <caption>{lang.t("people.open_invitations")}</caption>
                                            <thead><tr>
                                                <th scope="col">{lang.t("field_label.email")}</th>
                                                <th scope="col">{lang.t("people.role")}</th>
                                                <th scope="col">{lang.t("people.scope")}</th>
                                                <th scope="col">{lang.t("people.expires")}</th>
                                            </tr></thead>
                                            {tbody(&people.invitations, |h, i| {
                                                h.open("tr", &[])
                                                    .element("td", &[], &i.email)
                                                    .element("td", &[], lang.t(&format!("role.{}", i.role)))
                                                    .element("td", &[], i.scope_label.as_deref().unwrap_or("—"))
                                                    .element("td", &[], &i.expires_at)
                                                    .close("tr");
                                            })}
                                        </table>
                                    })}
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
