use super::{action_error, param, query_flag};
use crate::api::auth::{get_invitation, AcceptInvitation, JoinWithInvitation, Login, RequestReset, ResetPassword};
use crate::components::form::{BackField, Field};
use crate::components::status::{FormError, Notice};
use crate::domain::Password;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    let next = use_query_map().read_untracked().get("next").unwrap_or_default();
    let notice = if query_flag("signed_out") {
        Some(lang.t("auth.signed_out"))
    } else if query_flag("reset") {
        Some(lang.t("auth.reset_done"))
    } else {
        None
    };
    view! {
        <Title text=lang.t("auth.sign_in_title") />
        <div class="narrow">
            <h1>{lang.t("auth.sign_in_title")}</h1>
            {notice.map(|n| view! { <Notice text=n.to_string() /> })}
            {move || error.get().filter(|e| e.field_errors("email").is_empty()).map(|e| view! { <FormError error=e /> })}
            <ActionForm action=login attr:class="stack" attr:novalidate="">
                <BackField />
                <input type="hidden" name="next" value=next />
                <Field name="email" kind="email" label=lang.t("field_label.email").into() required=true autocomplete="username" error=error />
                <Field name="password" kind="password" label=lang.t("field_label.password").into() required=true autocomplete="current-password" error=error />
                <button type="submit" class="button">{lang.t("auth.sign_in")}</button>
            </ActionForm>
            <p><a href="/password/forgot">{lang.t("auth.forgot_link")}</a></p>
        </div>
    }
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<RequestReset>::new();
    let error = action_error(action);
    let sent = query_flag("sent");
    view! {
        <Title text=lang.t("auth.forgot_title") />
        <div class="narrow">
            <h1>{lang.t("auth.forgot_title")}</h1>
            {sent.then(|| view! { <Notice text=lang.t("auth.forgot_sent").to_string() /> })}
            <p>{lang.t("auth.forgot_lead")}</p>
            {move || error.get().filter(|e| e.field_errors("email").is_empty()).map(|e| view! { <FormError error=e /> })}
            <ActionForm action=action attr:class="stack" attr:novalidate="">
                <BackField />
                <Field name="email" kind="email" label=lang.t("field_label.email").into() required=true autocomplete="email" error=error />
                <button type="submit" class="button">{lang.t("auth.forgot_submit")}</button>
            </ActionForm>
        </div>
    }
}

fn password_hint(lang: crate::i18n::Lang) -> String {
    lang.tf("auth.password_hint", &[("n", &Password::MIN_CHARS.to_string())])
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let lang = use_lang();
    let token = param("token");
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action);
    view! {
        <Title text=lang.t("auth.reset_title") />
        <div class="narrow">
            <h1>{lang.t("auth.reset_title")}</h1>
            {move || error.get().filter(|e| e.field_errors("password").is_empty()).map(|e| view! { <FormError error=e /> })}
            <ActionForm action=action attr:class="stack" attr:novalidate="">
                <BackField />
                <input type="hidden" name="token" value=token />
                <Field name="password" kind="password" label=lang.t("field_label.new_password").into() hint=password_hint(lang) required=true autocomplete="new-password" error=error />
                <button type="submit" class="button">{lang.t("auth.reset_submit")}</button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let lang = use_lang();
    let token = param("token");
    let info = crate::components::data::page_data(token, get_invitation);
    let me = crate::components::layout::use_me();
    let action = ServerAction::<AcceptInvitation>::new();
    let error = action_error(action);
    let join = ServerAction::<JoinWithInvitation>::new();
    let join_error = action_error(join);
    view! {
        <Title text=lang.t("auth.invitation_title") />
        <div class="narrow">
            <h1>{lang.t("auth.invitation_title")}</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    let signed_in = crate::components::ready::ready(me).await.ok().flatten();
                    match info.await {
                        Ok(info) => {
                            let lead = lang.tf("auth.invitation_lead", &[
                                ("programme", info.programme_name.as_deref().unwrap_or("Tessera")),
                                ("role", lang.t(&format!("role.{}", info.role))),
                            ]);
                            let body = match signed_in {
                                Some(me) if me.email.eq_ignore_ascii_case(&info.email) => view! {
                                    {move || join_error.get().map(|e| view! { <FormError error=e /> })}
                                    <ActionForm action=join attr:class="stack">
                                        <BackField />
                                        <input type="hidden" name="token" value=token />
                                        <button type="submit" class="button">{lang.t("auth.invitation_join")}</button>
                                    </ActionForm>
                                }.into_any(),
                                Some(me) => view! {
                                    <p role="alert">{lang.tf("auth.invitation_other", &[("email", &info.email), ("me", &me.email)])}</p>
                                }.into_any(),
                                None => {
                                    let login = format!("/login?next={}", crate::components::layout::urlencode(&format!("/invitation/{}", token())));
                                    view! {
                                        <p>{lang.t("auth.invitation_new")}</p>
                                        {move || error.get().filter(|e| e.field_errors("name").is_empty() && e.field_errors("password").is_empty()).map(|e| view! { <FormError error=e /> })}
                                        <ActionForm action=action attr:class="stack" attr:novalidate="">
                                            <BackField />
                                            <input type="hidden" name="token" value=token />
                                            <div class="field">
                                                <label for="f-invited-email">{lang.t("field_label.email")}</label>
                                                <input id="f-invited-email" type="email" value=info.email.clone() readonly autocomplete="username" />
                                            </div>
                                            <Field name="name" label=lang.t("field_label.name").into() required=true autocomplete="name" error=error />
                                            <Field name="password" kind="password" label=lang.t("field_label.new_password").into() hint=password_hint(lang) required=true autocomplete="new-password" error=error />
                                            <button type="submit" class="button">{lang.t("auth.invitation_submit")}</button>
                                        </ActionForm>
                                        <p>{lang.t("auth.invitation_have_account")}" "<a href=login>{lang.t("auth.invitation_sign_in")}</a></p>
                                    }.into_any()
                                }
                            };
                            view! { <p class="lead">{lead}</p> {body} }.into_any()
                        }
                        Err(e) => view! { <p role="alert">{lang.error(&e)}</p> <p><a href="/login">{lang.t("nav.sign_in")}</a></p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
