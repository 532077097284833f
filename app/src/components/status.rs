use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// A whole-page error: a heading, the translated message, a way on; sets the HTTP status on the server.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let (Some(opts), Ok(code)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(error.status()))
    {
        opts.set_status(code);
    }
    let key = format!("error.title.{}", error.code());
    let title = if lang.has(&key) { lang.t(&key) } else { lang.t("error.title.generic") };
    let sign_in = matches!(error, AppError::Unauthorized);
    // After signing in, come back here.
    let here = leptos_router::hooks::use_location().pathname.get_untracked();
    let login = format!("/login?next={}", crate::components::layout::urlencode(&here));
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <p role="alert">{lang.error(&error)}</p>
        <p>
            {if sign_in {
                view! { <a href=login>{lang.t("nav.sign_in")}</a> }.into_any()
            } else {
                view! { <a href="/">{lang.t("nav.home")}</a> }.into_any()
            }}
        </p>
    }
}

/// An error message next to a form, announced to screen readers.
#[component]
pub fn FormError(error: AppError) -> impl IntoView {
    let lang = use_lang();
    let detail = match &error {
        AppError::Validation { fields } if !fields.is_empty() => {
            Some(fields.iter().map(|f| view! { <li>{lang.field_error(f)}</li> }).collect_view())
        }
        _ => None,
    };
    view! {
        <div class="alert alert-error" role="alert">
            <p>{lang.error(&error)}</p>
            {detail.map(|d| view! { <ul class="error-list">{d}</ul> })}
        </div>
    }
}

/// A success message after a form (announced politely).
#[component]
pub fn Notice(text: String) -> impl IntoView {
    view! { <div class="alert alert-ok" role="status"><p>{text}</p></div> }
}
