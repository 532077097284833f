use super::{action_error, action_ok, param};
use crate::api::jurisdictions::{list_jurisdictions, CreateJurisdiction, DeleteJurisdiction, RenameJurisdiction};
use crate::components::form::{BackField, DoneField, Field, SelectField};
use crate::components::import::{use_import, ImportPanel};
use crate::components::inert::{tbody, Html};
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::components::table::{use_list_query, FilterSelect, ListFilters, ListFooter};
use crate::domain::list::JURISDICTION_FILTERS;
use crate::domain::Level;
use crate::i18n::{use_lang, Lang};
use crate::pages::programmes::ProgrammeHeader;
use crate::wire::jurisdictions::JurisdictionView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

#[component]
pub fn JurisdictionsPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let create = ServerAction::<CreateJurisdiction>::new();
    let create_error = action_error(create);
    let rename = ServerAction::<RenameJurisdiction>::new();
    let delete = ServerAction::<DeleteJurisdiction>::new();
    let query = use_list_query(JURISDICTION_FILTERS);
    let import = use_import("jurisdictions");
    let tree = crate::components::data::page_data(
        move || {
            (
                id(),
                query.get(),
                import.imports(),
                create.version().get(),
                rename.version().get(),
                delete.version().get(),
            )
        },
        |(id, q, ..)| list_jurisdictions(id, q),
    );
    let (rename_error, delete_error) = (action_error(rename), action_error(delete));
    let (renamed, deleted) = (action_ok(rename), action_ok(delete));
    let row_error = Signal::derive(move || {
        let last_rename = rename.version().get();
        let last_delete = delete.version().get();
        let (r, d) = (rename_error.get(), delete_error.get());
        if last_rename >= last_delete {
            r.or(d)
        } else {
            d.or(r)
        }
    });
    let params = use_query_map();
    // Saved without JavaScript, the post comes back to the list with `renamed=` or `deleted=`.
    let row_notice = move || {
        if deleted.get() || params.read().get("deleted").is_some() {
            Some(lang.t("jurisdictions.deleted"))
        } else if renamed.get() || params.read().get("renamed").is_some() {
            Some(lang.t("jurisdictions.renamed"))
        } else {
            None
        }
    };
    let created = move || create.value().get().and_then(|r| r.ok());
    // One row at a time is open for renaming or deletion (`?edit=CODE`): a tree of hundreds of
    // rows would otherwise carry two forms and three controls per row, in the page and in the tab
    // order. A change saved (or a deletion) closes it.
    let editing = move || params.read().get("edit");
    let list_href = move || query.read_untracked().href(&format!("/programmes/{}/jurisdictions", id()));
    let navigate = use_navigate();
    Effect::new(move |seen: Option<(usize, usize)>| {
        let now = (rename.version().get(), delete.version().get());
        let saved = seen.is_some_and(|(r, d)| {
            (r != now.0 && rename.value().get_untracked().is_some_and(|v| v.is_ok()))
                || (d != now.1 && delete.value().get_untracked().is_some_and(|v| v.is_ok()))
        });
        if saved && params.read_untracked().get("edit").is_some() {
            navigate(&list_href(), NavigateOptions { replace: true, scroll: false, ..Default::default() });
        }
        now
    });
    view! {
        <Title text=lang.t("jurisdictions.title") />
        <ProgrammeHeader id=Signal::derive(id) current="jurisdictions" />
        <h1>{lang.t("jurisdictions.title")}</h1>
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(tree).await {
                    Ok(tree) => {
                        let parents: Vec<(String, String)> = std::iter::once((String::new(), lang.t("jurisdictions.no_parent").to_string()))
                            .chain(tree.parents.iter().map(|j| (j.code.clone(), format!("{} — {}", j.code, j.name))))
                            .collect();
                        let any = (String::new(), lang.t("list.all").to_string());
                        let level_filter: Vec<(String, String)> = std::iter::once(any.clone()).chain(Level::ALL.iter().map(|l| (l.as_str().to_string(), lang.t(&format!("level.{}", l.as_str())).to_string()))).collect();
                        let depths: Vec<(String, String)> = std::iter::once(any).chain(Level::ALL.iter().enumerate().map(|(i, l)| ((i + 1).to_string(), lang.tf("jurisdictions.down_to", &[("level", lang.t(&format!("level.{}", l.as_str())))])))).collect();
                        let levels: Vec<(String, String)> = Level::ALL.iter().map(|l| (l.as_str().to_string(), lang.t(&format!("level.{}", l.as_str())).to_string())).collect();
                        view! {
                            <ListFilters query=query search_label=lang.t("jurisdictions.search").into()>
                                <FilterSelect query=query name="depth" label=lang.t("jurisdictions.depth").into() options=depths.clone() />
                                <FilterSelect query=query name="level" label=lang.t("jurisdictions.level").into() options=level_filter.clone() />
                                <div class="field">
                                    <label for="filter-under">{lang.t("jurisdictions.under")}</label>
                                    <input id="filter-under" name="under" class="code" value=move || query.read().filter("under").unwrap_or_default().to_string() />
                                </div>
                            </ListFilters>
                            {if tree.items.total == 0 && query.read_untracked().filters.is_empty() && query.read_untracked().q.is_empty() {
                                view! { <p>{lang.t("jurisdictions.empty")}</p> }.into_any()
                            } else {
                                let can_edit = tree.can_edit;
                                view! {
                                    {move || row_notice().map(|t| view! { <Notice text=t.to_string() /> })}
                                    {move || row_error.get().map(|e| view! { <FormError error=e /> })}
                                    <table class="tree">
                                        <caption>{lang.tf("jurisdictions.count", &[("n", &tree.items.total.to_string())])}</caption>
                                        <thead><tr>
                                            <th scope="col">{lang.t("jurisdictions.name")}</th>
                                            <th scope="col">{lang.t("jurisdictions.code")}</th>
                                            <th scope="col">{lang.t("jurisdictions.level")}</th>
                                            <th scope="col">{lang.t("jurisdictions.parent")}</th>
                                            {can_edit.then(|| view! { <th scope="col">{lang.t("jurisdictions.actions")}</th> })}
                                        </tr></thead>
                                        {
                                            let rows = tree.items.rows;
                                            // Static rows as one inert body; the row open for changes
                                            // (`?edit=`) and its forms as a view.
                                            move || {
                                                let href = list_href();
                                                match editing().filter(|_| can_edit) {
                                                    // The row open for changes is a view, for its forms;
                                                    // the others stay inert, one element per row.
                                                    Some(open) => view! {
                                                        <tbody>
                                                            {rows.iter().map(|j| if j.code == open {
                                                                let mut cells = Vec::new();
                                                                row_cells(lang, j, |tag, attrs, text| {
                                                                    let mut h = Html::default();
                                                                    h.element(tag, attrs, text);
                                                                    cells.push(h.into_view());
                                                                });
                                                                view! {
                                                                    <tr id=format!("row-{}", j.code)>
                                                                        {cells}
                                                                        <td class="row-actions">
                                                                            {row_actions(rename, delete, id(), j.code.clone(), j.name.clone(), href.clone())}
                                                                        </td>
                                                                    </tr>
                                                                }.into_any()
                                                            } else {
                                                                let mut h = Html::default();
                                                                row_html(&mut h, lang, j, can_edit, &href);
                                                                h.into_view().into_any()
                                                            }).collect_view()}
                                                        </tbody>
                                                    }.into_any(),
                                                    None => tbody(&rows, |h, j| row_html(h, lang, j, can_edit, &href)).into_any(),
                                                }
                                            }
                                        }
                                    </table>
                                    <ListFooter query=query total=tree.items.total next=tree.items.next.clone() export=format!("/programmes/{}/export/jurisdictions", id()) />
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
                                <ImportPanel
                                    programme_id=Signal::derive(id)
                                    register="jurisdictions"
                                    state=import
                                    heading=lang.t("jurisdictions.import").into()
                                    hint=lang.t("jurisdictions.import_hint").into()
                                    example="code,name,level,parent_code\nXA-N,North,regional,XA\nXA-N-01,Northtown,local,XA-N".into()
                                />
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A row's four cells (name, code, level, parent), each handed to `cell` as tag, attributes and text.
fn row_cells(
    lang: Lang,
    j: &JurisdictionView,
    mut cell: impl FnMut(&'static str, &[(&'static str, Option<&str>)], &str),
) {
    cell("th", &[("scope", Some("row")), ("class", Some(&format!("depth-{}", j.depth.min(3))))], &j.name);
    cell("td", &[("class", Some("code"))], &j.code);
    cell("td", &[], lang.t(&format!("level.{}", j.level.as_str())));
    cell("td", &[("class", Some("code"))], j.parent_code.as_deref().unwrap_or_default());
}

/// A row as markup: its cells and, for those who may change it, the link that opens it for changes.
fn row_html(h: &mut Html, lang: Lang, j: &JurisdictionView, can_edit: bool, list_href: &str) {
    h.open("tr", &[("id", Some(&format!("row-{}", j.code)))]);
    row_cells(lang, j, |tag, attrs, text| {
        h.element(tag, attrs, text);
    });
    if can_edit {
        let label = lang.tf("jurisdictions.edit_label", &[("name", &j.name)]);
        h.open("td", &[("class", Some("row-actions"))])
            .element(
                "a",
                &[("href", Some(&with_edit(list_href, &j.code))), ("aria-label", Some(&label))],
                lang.t("jurisdictions.edit"),
            )
            .close("td");
    }
    h.close("tr");
}

/// `href` (a list URL) with one row open for changes, scrolled to.
fn with_edit(href: &str, code: &str) -> String {
    with_param(href, "edit", code) + &format!("#row-{code}")
}

/// `href` (a list URL) with one more query parameter.
fn with_param(href: &str, name: &str, value: &str) -> String {
    let sep = if href.contains('?') { '&' } else { '?' };
    format!("{href}{sep}{name}={}", crate::domain::list::encode(value))
}

/// The rename and delete forms of the one row open for changes, and the way back to the list.
fn row_actions(
    rename: ServerAction<RenameJurisdiction>,
    delete: ServerAction<DeleteJurisdiction>,
    programme_id: String,
    code: String,
    name: String,
    list_href: String,
) -> impl IntoView {
    let lang = use_lang();
    let input_id = format!("rename-{code}");
    let input_label = lang.tf("jurisdictions.rename_label", &[("name", &name)]);
    let rename_label = lang.tf("jurisdictions.rename_button", &[("name", &name)]);
    let delete_label = lang.tf("jurisdictions.delete_label", &[("name", &name)]);
    let (programme_2, code_2) = (programme_id.clone(), code.clone());
    let back_to_list = format!("{list_href}#row-{code}");
    let renamed = with_param(&list_href, "renamed", &code) + &format!("#row-{code}");
    let deleted = with_param(&list_href, "deleted", &code);
    let input = NodeRef::<leptos::html::Input>::new();
    // Opened by a link in the browser: the field takes the focus (on a full page load, `autofocus`).
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    view! {
        <ActionForm action=rename attr:class="inline-form">
            <BackField keep_query=true />
            <DoneField href=renamed />
            <input type="hidden" name="programme_id" value=programme_id />
            <input type="hidden" name="code" value=code />
            <label class="visually-hidden" for=input_id.clone()>{input_label}</label>
            <input id=input_id name="name" value=name required size="14" autofocus node_ref=input />
            <button type="submit" class="button-small" aria-label=rename_label>{lang.t("jurisdictions.rename")}</button>
        </ActionForm>
        <ActionForm action=delete attr:class="inline-form">
            <BackField keep_query=true />
            <DoneField href=deleted />
            <input type="hidden" name="programme_id" value=programme_2 />
            <input type="hidden" name="code" value=code_2 />
            <button type="submit" class="button-small button-danger" aria-label=delete_label>{lang.t("jurisdictions.delete")}</button>
        </ActionForm>
        <a href=back_to_list>{lang.t("jurisdictions.cancel")}</a>
    }
}
