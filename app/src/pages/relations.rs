//! The relationship map: one organisation's neighbourhood drawn on the server as SVG (at most
//! [`DRAWN`] neighbours; all of them in the table beside it), the counts per kind of relationship,
//! and the most connected organisations to start from.
use super::param;
use crate::api::stakeholders::{get_relation_map, EdgeView, RemoveRelation};
use crate::components::form::BackField;
use crate::components::status::{ErrorPage, FormError};
use crate::i18n::{use_lang, Lang};
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const DRAWN: usize = 24;

#[component]
pub fn RelationsPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let query = use_query_map();
    let focus = move || query.read().get("focus").unwrap_or_default();
    let remove = ServerAction::<RemoveRelation>::new();
    let remove_error = super::action_error(remove);
    let data = crate::components::data::page_data(
        move || (id(), focus(), remove.version().get()),
        |(id, f, _)| get_relation_map(id, f),
    );
    view! {
        <Title text=lang.t("rel.title") />
        <ProgrammeHeader id=Signal::derive(id) current="relations" />
        <h1>{lang.t("rel.title")}</h1>
        {move || remove_error.get().map(|e| view! { <FormError error=e /> })}
        <Transition>
            {move || Suspend::new(async move {
                match crate::components::ready::ready(data).await {
                    Ok(m) => {
                        let base = format!("/programmes/{}/relations", id());
                        let export = match &m.focus {
                            Some((f, _)) => format!("/programmes/{}/export/relations?focus={f}&format=csv", id()),
                            None => format!("/programmes/{}/export/relations?format=csv", id()),
                        };
                        view! {
                            {m.focus.clone().map(|(fid, name)| view! {
                                <h2>{lang.tf("rel.around", &[("name", &name)])}</h2>
                                <Radial focus=name.clone() focus_id=fid.clone() edges=m.edges.clone() />
                                <p><a href=base.clone()>{lang.t("rel.whole")}</a></p>
                            })}
                            <table>
                                <caption>{lang.tf("rel.edges", &[("n", &m.edges.len().to_string())])}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t("rel.from")}</th>
                                    <th scope="col">{lang.t("rel.kind")}</th>
                                    <th scope="col">{lang.t("rel.to")}</th>
                                    <th scope="col">{lang.t("org.notes")}</th>
                                    <th scope="col">{lang.t("jurisdictions.actions")}</th>
                                </tr></thead>
                                <tbody>
                                    {m.edges.iter().cloned().map(|e| edge_row(lang, &id(), &base, e, remove)).collect_view()}
                                </tbody>
                            </table>
                            {m.truncated.then(|| view! { <p>{lang.t("rel.truncated")}</p> })}
                            <p class="exports"><a href=export download="">{lang.t("rel.export")}</a></p>
                            <section aria-labelledby="kinds-h" class="panel">
                                <h2 id="kinds-h">{lang.t("rel.by_kind")}</h2>
                                <table>
                                    <caption>{lang.t("rel.by_kind")}</caption>
                                    <thead><tr><th scope="col">{lang.t("rel.kind")}</th><th scope="col">{lang.t("rel.count")}</th></tr></thead>
                                    <tbody>{m.by_kind.iter().map(|(k, n)| view! { <tr><th scope="row">{lang.t(&format!("rel.{k}"))}</th><td class="num">{n.to_string()}</td></tr> }).collect_view()}</tbody>
                                </table>
                                <h3>{lang.t("rel.most_connected")}</h3>
                                <ol>{m.most_connected.iter().map(|(oid, name, n)| view! {
                                    <li><a href=format!("{base}?focus={oid}")>{name.clone()}</a>" ("{n.to_string()}")"</li>
                                }).collect_view()}</ol>
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn edge_row(
    lang: Lang,
    programme: &str,
    base: &str,
    e: EdgeView,
    remove: ServerAction<RemoveRelation>,
) -> impl IntoView {
    let label = lang.tf(
        "rel.remove_named",
        &[("from", &e.from_name), ("kind", lang.t(&format!("rel.{}", e.kind))), ("to", &e.to_name)],
    );
    let programme = programme.to_string();
    view! {
        <tr>
            <th scope="row"><a href=format!("{base}?focus={}", e.from_id)>{e.from_name.clone()}</a></th>
            <td>{lang.t(&format!("rel.{}", e.kind))}</td>
            <td><a href=format!("{base}?focus={}", e.to_id)>{e.to_name.clone()}</a></td>
            <td>{e.note.clone().unwrap_or_default()}</td>
            <td>{e.can_remove.then(|| view! {
                <ActionForm action=remove attr:class="inline-form">
                    <BackField />
                    <input type="hidden" name="programme_id" value=programme.clone() />
                    <input type="hidden" name="id" value=e.id.clone() />
                    <button type="submit" class="button-small button-danger" aria-label=label>{lang.t("contact.remove")}</button>
                </ActionForm>
            })}</td>
        </tr>
    }
}

/// The focus in the middle, its neighbours around it, one line per relationship (dashed when it
/// points in); at most [`DRAWN`] neighbours, named.
#[component]
fn Radial(focus: String, focus_id: String, edges: Vec<EdgeView>) -> impl IntoView {
    let lang = use_lang();
    let mut neighbours: Vec<(String, String, String, bool)> = vec![];
    for e in &edges {
        let (other, name, outgoing) =
            if e.from_id == focus_id { (&e.to_id, &e.to_name, true) } else { (&e.from_id, &e.from_name, false) };
        if !neighbours.iter().any(|n| &n.0 == other) {
            neighbours.push((other.clone(), name.clone(), e.kind.clone(), outgoing));
        }
    }
    let hidden = neighbours.len().saturating_sub(DRAWN);
    neighbours.truncate(DRAWN);
    let (cx, cy, r) = (300_i64, 220_i64, 160_i64);
    let n = neighbours.len().max(1);
    let nodes = neighbours.iter().enumerate().map(|(i, (_, name, kind, outgoing))| {
        let (x, y) = on_circle(cx, cy, r, i, n);
        let short: String = name.chars().take(22).collect();
        let anchor = if x < cx - 1 { "end" } else if x > cx + 1 { "start" } else { "middle" };
        let dx = if anchor == "end" { -8 } else if anchor == "start" { 8 } else { 0 };
        view! {
            <g>
                <line x1=cx.to_string() y1=cy.to_string() x2=x.to_string() y2=y.to_string() class=format!("edge edge-{kind}{}", if *outgoing { "" } else { " edge-in" }) />
                <circle cx=x.to_string() cy=y.to_string() r="6" class="node" />
                <text x=(x + dx).to_string() y=(y + 4).to_string() text-anchor=anchor class="node-label">{short}</text>
            </g>
        }
    }).collect_view();
    let desc = lang.tf("rel.radial_desc", &[("name", &focus), ("n", &(neighbours.len() + hidden).to_string())]);
    view! {
        <svg class="radial" viewBox="0 0 600 440" role="img" aria-labelledby="radial-t" aria-describedby="radial-d">
            <title id="radial-t">{lang.tf("rel.around", &[("name", &focus)])}</title>
            <desc id="radial-d">{desc.clone()}</desc>
            {nodes}
            <circle cx="300" cy="220" r="10" class="node node-focus" />
            <text x="300" y="248" text-anchor="middle" class="node-label focus-label">{focus.chars().take(30).collect::<String>()}</text>
        </svg>
        <p>{desc}{(hidden > 0).then(|| format!(" {}", lang.tf("rel.more_in_table", &[("n", &hidden.to_string())])))}</p>
    }
}

/// The `i`-th of `n` points on a circle, clockwise from the top, in whole pixels. Sine from
/// Bhaskara's approximation (within 0.2 %), so the browser bundle needs no trigonometry library.
fn on_circle(cx: i64, cy: i64, r: i64, i: usize, n: usize) -> (i64, i64) {
    // Angle in turns from the top, as a fraction of 360°, then in degrees.
    let deg = (i * 360 / n) as i64;
    let sin = |d: i64| -> f32 {
        let d = d.rem_euclid(360);
        let (d, sign) = if d > 180 { (d - 180, -1.0) } else { (d, 1.0) };
        let p = (d * (180 - d)) as f32;
        sign * 4.0 * p / (40_500.0 - p)
    };
    let (s, c) = (sin(deg), sin(deg + 90));
    (cx + (r as f32 * s) as i64, cy - (r as f32 * c) as i64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn points_go_round_from_the_top() {
        assert_eq!(super::on_circle(0, 0, 100, 0, 4), (0, -100));
        assert_eq!(super::on_circle(0, 0, 100, 1, 4), (100, 0));
        assert_eq!(super::on_circle(0, 0, 100, 2, 4), (0, 100));
        assert_eq!(super::on_circle(0, 0, 100, 3, 4), (-100, 0));
    }
}
