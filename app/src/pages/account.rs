use super::{action_error, query_flag};
use crate::api::auth::ChangePassword;
use crate::components::form::{BackField, Field};
use crate::components::layout::use_me;
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let me = use_me();
    let action = ServerAction::<ChangePassword>::new();
    let error = action_error(action);
    let changed = query_flag("changed");
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(me).await {
                    Ok(Some(me)) => view! {
                        <Title text=lang.t("account.title") />
                        <h1>{lang.t("account.title")}</h1>
                        <dl class="facts">
                            <div><dt>{lang.t("field_label.name")}</dt><dd>{me.name.clone()}</dd></div>
                            <div><dt>{lang.t("field_label.email")}</dt><dd>{me.email.clone()}</dd></div>
                        </dl>
                        <h2>{lang.t("account.memberships")}</h2>
                        <table>
                            <caption class="visually-hidden">{lang.t("account.memberships")}</caption>
                            <thead><tr>
                                <th scope="col">{lang.t("programme.name")}</th>
                                <th scope="col">{lang.t("people.role")}</th>
                                <th scope="col">{lang.t("people.scope")}</th>
                            </tr></thead>
                            <tbody>
                                {me.is_admin.then(|| view! { <tr><td>{lang.t("account.all_programmes")}</td><td>{lang.t("role.admin")}</td><td>"—"</td></tr> })}
                                {me.memberships.iter().map(|m| view! {
                                    <tr>
                                        <td><a href=format!("/programmes/{}", m.programme_id)>{m.programme_name.clone()}</a></td>
                                        <td>{lang.t(&format!("role.{}", m.role))}</td>
                                        <td>{m.scope_label.clone().unwrap_or_else(|| "—".into())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h2>{lang.t("account.change_password")}</h2>
                        {changed.then(|| view! { <Notice text=lang.t("account.password_changed").to_string() /> })}
                        {move || error.get().filter(|e| e.field_errors("current").is_empty() && e.field_errors("password").is_empty()).map(|e| view! { <FormError error=e /> })}
                        <ActionForm action=action attr:class="stack narrow" attr:novalidate="">
                            <BackField />
                            <Field name="current" kind="password" label=lang.t("field_label.current_password").into() required=true autocomplete="current-password" error=error />
                            <Field name="password" kind="password" label=lang.t("field_label.new_password").into() hint=lang.tf("auth.password_hint", &[("n", "12")]) required=true autocomplete="new-password" error=error />
                            <button type="submit" class="button">{lang.t("account.change_password")}</button>
                        </ActionForm>
                    }.into_any(),
                    Ok(None) => view! { <ErrorPage error=AppError::Unauthorized /> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
