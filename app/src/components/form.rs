use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// The translated messages for one field from the form's last error.
fn field_messages(error: Signal<Option<AppError>>, name: &'static str) -> impl Fn() -> Vec<String> + Copy {
    let lang = use_lang();
    move || {
        error
            .get()
            .map(|e| e.field_errors(name).iter().map(|f| lang.field_error(f)).collect::<Vec<_>>())
            .unwrap_or_default()
    }
}

/// A labelled input with its hint and its errors, wired with `aria-describedby` / `aria-invalid`.
/// `error` is the last result of the form's action, so the message stays until the next submit.
#[component]
pub fn Field(
    name: &'static str,
    label: String,
    #[prop(optional)] hint: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let messages = field_messages(error, name);
    let invalid = move || !messages().is_empty();
    let described = {
        let hint_id = hint_id.clone();
        let err_id = err_id.clone();
        let has_hint = hint.is_some();
        move || {
            let mut ids = vec![];
            if has_hint {
                ids.push(hint_id.clone());
            }
            if invalid() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id.clone()>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <p class="field-error" id=err_id.clone() hidden=move || !invalid()>
                {move || messages().join(" ")}
            </p>
            <input
                id=id
                name=name
                type=kind
                required=required
                autocomplete=autocomplete
                value=value
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=described
            />
        </div>
    }
}

/// A labelled select; `options` are (value, label).
#[component]
pub fn SelectField(
    name: &'static str,
    label: String,
    options: Vec<(String, String)>,
    #[prop(optional)] required: bool,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let messages = field_messages(error, name);
    let invalid = move || !messages().is_empty();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id.clone()>{label}</label>
            <p class="field-error" id=err_id.clone() hidden=move || !invalid()>{move || messages().join(" ")}</p>
            <select
                id=id
                name=name
                required=required
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || invalid().then(|| err_id.clone())
                inner_html=crate::components::inert::options(&options, "")
            ></select>
        </div>
    }
}

/// The path of the page a form sits on, posted as `__back` so the server can return here with the error
/// when JavaScript is off (the `no-referrer` policy means browsers send no Referer).
/// With `keep_query`, the page's query too (a list's filters, the row open for changes), without
/// the error leptos adds to it, so a refused post returns to the same state of the page.
#[component]
pub fn BackField(#[prop(optional)] keep_query: bool) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let back = move || {
        let path = location.pathname.get();
        if !keep_query {
            return path;
        }
        let search = location.search.get();
        let kept: Vec<&str> = search
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("__path=") && !p.starts_with("__err="))
            .collect();
        if kept.is_empty() {
            path
        } else {
            format!("{path}?{}", kept.join("&"))
        }
    };
    view! { <input type="hidden" name="__back" value=back /> }
}

/// Where a plain form post that succeeds goes without JavaScript, instead of back to the page it
/// came from (posted as `__done`; the server takes only a local path).
#[component]
pub fn DoneField(#[prop(into)] href: String) -> impl IntoView {
    view! { <input type="hidden" name="__done" value=href /> }
}
