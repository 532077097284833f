//! The list pattern in the browser: the query lives in the URL (so a view can be shared and the
//! back button works), filters are a plain GET form and sortable headers are links, so all of it
//! works without JavaScript. Pages render their rows; these render the controls around them.
use crate::domain::list::ListQuery;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// The list query of the current URL, for a register with these filters.
pub fn use_list_query(filter_keys: &'static [&'static str]) -> Memo<ListQuery> {
    let params = use_query_map();
    Memo::new(move |_| {
        let params = params.read();
        ListQuery::from_params((&*params).into_iter().map(|(k, v)| (k.as_ref(), v)), filter_keys)
    })
}

fn current_path() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let location = use_location();
    move || location.pathname.get()
}

/// A GET form: free text, the register's own filter fields (`children`), and the sort kept.
#[component]
pub fn ListFilters(query: Memo<ListQuery>, search_label: String, children: Children) -> impl IntoView {
    let lang = use_lang();
    let q = move || query.read().q.clone();
    let sort = move || query.read().sort.clone();
    let dir = move || if query.read().desc { "desc" } else { "" };
    view! {
        <form method="get" class="filters" role="search">
            <div class="field">
                <label for="list-q">{search_label}</label>
                <input id="list-q" type="search" name="q" value=q />
            </div>
            {children()}
            <input type="hidden" name="sort" value=sort />
            <input type="hidden" name="dir" value=dir />
            <button type="submit" class="button">{lang.t("list.apply")}</button>
        </form>
    }
}

/// A select filter for [`ListFilters`]; `options` are (value, label), the first being "all".
#[component]
pub fn FilterSelect(
    query: Memo<ListQuery>,
    name: &'static str,
    label: String,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let id = format!("filter-{name}");
    // One inert element, built again only when the filter in the URL changes.
    let select = {
        let id = id.clone();
        move || crate::components::inert::select(&id, name, &options, query.read().filter(name).unwrap_or_default())
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {select}
        </div>
    }
}

/// A column header that sorts by `column`: a link to the first page sorted by it (reversed when it
/// already is), with `aria-sort` on the sorted one.
#[component]
pub fn SortHeader(
    query: Memo<ListQuery>,
    column: &'static str,
    label: String,
    /// The column the server actually sorted by (its default when the URL names none).
    sorted: Signal<String>,
    desc: Signal<bool>,
) -> impl IntoView {
    let path = current_path();
    let is_sorted = move || sorted.get() == column;
    let aria = move || is_sorted().then(|| if desc.get() { "descending" } else { "ascending" });
    let href = move || {
        let q = ListQuery { desc: desc.get(), ..query.get() };
        q.sorted_by(column, &sorted.get()).href(&path())
    };
    let arrow = move || match (is_sorted(), desc.get()) {
        (true, false) => " ▲",
        (true, true) => " ▼",
        _ => "",
    };
    view! {
        <th scope="col" aria-sort=aria>
            <a href=href>{label}<span aria-hidden="true">{arrow}</span></a>
        </th>
    }
}

/// The total, "first page" and "next page" links, and the export links of the same query.
#[component]
pub fn ListFooter(
    query: Memo<ListQuery>,
    total: u64,
    next: Option<String>,
    /// Where this list's export lives: `{export}?format=csv&…`; `None` for lists without one.
    #[prop(optional)]
    export: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let path = current_path();
    let first = move || (!query.read().after.is_empty()).then(|| query.read().first_page().href(&path()));
    let next = next.map(|cursor| {
        let q = ListQuery { after: cursor, ..query.get_untracked() };
        q.href(&path())
    });
    let exports = export.map(|base| {
        let q = query.get_untracked();
        let (csv, xlsx) = (q.export_href(&base, "csv"), q.export_href(&base, "xlsx"));
        view! {
            <p class="exports">
                {lang.t("list.export")}" "
                <a href=csv download="">{lang.t("list.export_csv")}</a>" · "
                <a href=xlsx download="">{lang.t("list.export_xlsx")}</a>
            </p>
        }
    });
    view! {
        <nav class="pager" aria-label=lang.t("list.pages")>
            <p role="status">{lang.tf("list.total", &[("n", &total.to_string())])}</p>
            {move || first().map(|href| view! { <a href=href>{lang.t("list.first")}</a> })}
            {next.map(|href| view! { <a href=href rel="next">{lang.t("list.next")}</a> })}
        </nav>
        {exports}
    }
}
