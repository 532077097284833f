//! The multilevel hub (WP2.1): the interactions log, and WP2.K3/K4 computed from it, never typed.
use super::audit::Audit;
use super::authz::{self, Action};
use super::editing::may_edit;
use crate::backend::auth::Ctx;
use crate::backend::export::{Cell, Sheet};
use crate::backend::repo::interactions as repo;
use crate::backend::repo::interactions::{InteractionRow, Link};
use crate::backend::repo::jurisdictions::JurisdictionRow as Place;
use crate::backend::repo::organisations::Entry;
use crate::backend::repo::{organisations as orgs, Tx};
use crate::backend::AppState;
use crate::domain::hub::{breakdown, level_pair, sector_pair, validate, validate_table, Interaction, KpiLine, COLUMNS};
use crate::domain::list::{newest_first, ListQuery, Page, EXPORT_LIMIT, PAGE_SIZE};
use crate::domain::organisation::{is_public, name_key};
use crate::domain::table::ImportOutcome;
use crate::domain::{FieldError, Grant};
use crate::error::AppError;
use crate::wire::stakeholders::{HubView, InteractionView};
use std::collections::HashMap;
use std::sync::Arc;

/// The hub's log of one programme as read once: every interaction newest first (date, then id),
/// each side's name as a name key (lower-cased, single spaces), the organisations' names as written,
/// and WP2.K3/K4 computed from all of them. A page of the log is read from it, with no round-trip.
pub struct Log {
    links: Vec<(Link, String, String)>,
    names: HashMap<String, String>,
    k3: (Vec<KpiLine>, KpiLine),
    k4: (Vec<KpiLine>, KpiLine),
}

/// The log, from the cache while no write touches `interaction`, `organisation` (deleting one
/// takes its interactions with it, and its kind and level decide the pairs) or `jurisdiction`.
pub async fn log(state: &AppState, grant: &Grant) -> Result<Arc<Log>, AppError> {
    let key = grant.programme().to_string();
    let load = async {
        let (links, entries, places) = tokio::try_join!(
            async { repo::links(&state.db, grant.programme()).await.map_err(AppError::from) },
            super::stakeholders::entries(state, grant),
            super::jurisdictions::cached(state, grant),
        )?;
        Ok::<_, AppError>(Arc::new(assemble(links, &entries, &places)))
    };
    state
        .caches
        .interactions
        .get_or_load_tables(&state.db, &["interaction", "organisation", "jurisdiction"], &key, load)
        .await
}

fn assemble(mut links: Vec<Link>, entries: &[Entry], places: &[Place]) -> Log {
    let levels: HashMap<&str, &str> = places.iter().map(|p| (p.id.as_str(), p.level.as_str())).collect();
    let orgs: HashMap<&str, &Entry> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    fn level_of<'a>(e: &'a Entry, levels: &HashMap<&'a str, &'a str>) -> Option<&'a str> {
        e.level.as_deref().or_else(|| e.place.as_deref().and_then(|p| levels.get(p).copied()))
    }
    let mut k3 = vec![];
    let mut k4 = vec![];
    for l in &links {
        let (Some(a), Some(b)) = (orgs.get(l.a.as_str()), orgs.get(l.b.as_str())) else { continue };
        let (a_public, b_public) = (is_public(&a.kind), is_public(&b.kind));
        if a_public && b_public {
            k3.push((level_pair(level_of(a, &levels), level_of(b, &levels)), l.quality));
        }
        k4.push((sector_pair(a_public, b_public).to_string(), l.quality));
    }
    links.sort_unstable_by(|x, y| (&y.on, &y.id).cmp(&(&x.on, &x.id)));
    let key = |id: &str| orgs.get(id).map(|e| name_key(&e.name)).unwrap_or_default();
    let links = links
        .into_iter()
        .map(|l| {
            let (a, b) = (key(&l.a), key(&l.b));
            (l, a, b)
        })
        .collect();
    let names = entries.iter().map(|e| (e.id.clone(), e.label.clone())).collect();
    Log { links, names, k3: breakdown(k3), k4: breakdown(k4) }
}

impl Log {
    /// The list pattern over the log: filter `org` (an organisation's name: its interactions), free
    /// text on both names and the note, newest first with the cursor (date, id). The number found
    /// and the rows of the page (and one more, when there is a next page).
    fn select(&self, list: &ListQuery, limit: u32) -> (u64, Vec<InteractionRow>) {
        let org = list.filter("org").map(name_key);
        let needle = list.needle();
        let (total, page) = newest_first(
            &self.links,
            list,
            limit,
            |(l, a, b)| {
                org.as_deref().is_none_or(|o| a == o || b == o)
                    && needle.as_deref().is_none_or(|n| {
                        a.contains(n)
                            || b.contains(n)
                            || l.note.as_deref().is_some_and(|t| t.to_lowercase().contains(n))
                    })
            },
            |(l, _, _)| (l.on.as_str(), l.id.as_str()),
        );
        (total, page.into_iter().map(|(l, _, _)| self.row(l)).collect())
    }

    /// An interaction as the log shows it: both organisations by name.
    fn row(&self, l: &Link) -> InteractionRow {
        let name = |id: &str| self.names.get(id).cloned().unwrap_or_default();
        InteractionRow {
            id: l.id.clone(),
            on: l.on.clone(),
            kind: l.kind.clone(),
            a_name: name(&l.a),
            b_name: name(&l.b),
            quality: l.quality,
            note: l.note.clone(),
        }
    }
}

pub async fn view(state: &AppState, ctx: &Ctx, programme_id: &str, query: &ListQuery) -> Result<HubView, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let log = log(state, &grant).await?;
    let (total, rows) = log.select(query, PAGE_SIZE);
    let page = Page::from_rows(
        rows,
        total,
        PAGE_SIZE,
        "on",
        true,
        |r| (r.on.clone(), r.id.clone()),
        |r| InteractionView {
            id: r.id,
            on: r.on,
            kind: r.kind,
            a_name: r.a_name,
            b_name: r.b_name,
            quality: r.quality.clamp(1, 5) as u8,
            note: r.note,
        },
    );
    let can_record = authz::require(state, ctx, Action::EditOrganisations, programme_id).await.is_ok();
    Ok(HubView {
        log: page,
        k3: log.k3.0.clone(),
        k3_all: log.k3.1.clone(),
        k4: log.k4.0.clone(),
        k4_all: log.k4.1.clone(),
        can_record,
    })
}

/// The log the same query finds (all pages), as a sheet with typed dates and ratings.
pub async fn export(state: &AppState, ctx: &Ctx, programme_id: &str, query: &ListQuery) -> Result<Sheet, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let (_, rows) = log(state, &grant).await?.select(&query.first_page(), EXPORT_LIMIT);
    Ok(Sheet {
        name: "interactions".into(),
        headers: COLUMNS.iter().map(|s| s.to_string()).collect(),
        rows: rows
            .into_iter()
            .map(|r| {
                vec![
                    Cell::DateTime(r.on),
                    Cell::Text(r.a_name),
                    Cell::Text(r.b_name),
                    Cell::Text(r.kind),
                    Cell::Number(r.quality as f64),
                    r.note.into(),
                ]
            })
            .collect(),
    })
}

/// Imports an interactions log (CSV or XLSX, the columns of [`COLUMNS`]: an export imports back),
/// through the one import path: every row checked first (nothing written on any error), matched on
/// the day, the two organisations and the kind, so the same file twice adds nothing; added and
/// updated in one transaction with its audit record. Coordinators, and officials for rows whose
/// one side at least acts in their subtree.
pub async fn import(state: &AppState, ctx: &Ctx, programme_id: &str, file: &[u8]) -> Result<ImportOutcome, AppError> {
    let grant = authz::require(state, ctx, Action::EditOrganisations, programme_id).await?;
    let table = crate::backend::import::read(file)?;
    let (entries, log) = tokio::try_join!(super::stakeholders::entries(state, &grant), log(state, &grant))?;
    let organisations: HashMap<String, String> = entries.iter().map(|e| (name_key(&e.name), e.id.clone())).collect();
    let existing: HashMap<String, (String, Interaction)> = log
        .links
        .iter()
        .map(|(l, _, _)| {
            let i = Interaction {
                a: l.a.clone(),
                b: l.b.clone(),
                kind: l.kind.clone(),
                on: l.on.clone(),
                quality: l.quality,
                note: l.note.clone(),
            };
            (i.key(), (l.id.clone(), i))
        })
        .collect();
    let plan = validate_table(&table, &organisations, &existing).map_err(AppError::validation)?;
    if grant.subtree().is_some() {
        let paths = super::jurisdictions::cached(state, &grant).await?;
        let path: HashMap<&str, &str> = paths.iter().map(|p| (p.id.as_str(), p.path.as_str())).collect();
        let place: HashMap<&str, Option<&str>> =
            entries.iter().map(|e| (e.id.as_str(), e.place.as_deref().and_then(|p| path.get(p).copied()))).collect();
        let ours = |id: &str| may_edit(&grant, id, place.get(id).copied().flatten());
        let cols = table.columns(&COLUMNS[..5], &COLUMNS[5..]).map_err(AppError::validation)?;
        let errors: Vec<FieldError> = table
            .rows
            .iter()
            .filter(|(_, row)| {
                let id = |c: &str| organisations.get(&name_key(cols.get(row, c))).map(String::as_str).unwrap_or("");
                !ours(id("a")) && !ours(id("b"))
            })
            .map(|(line, _)| FieldError::new("a", "outside_your_area").at_row(*line))
            .collect();
        if !errors.is_empty() {
            return Err(AppError::validation(errors));
        }
    }
    let outcome = ImportOutcome {
        added: plan.add.len() as u32,
        updated: plan.update.len() as u32,
        unchanged: plan.unchanged,
        surplus: plan.surplus.clone(),
    };
    let mut tx = Tx::new();
    if !plan.add.is_empty() || !plan.update.is_empty() {
        tx.push(repo::save_all(&grant, &plan.add, &plan.update));
    }
    tx.push(Audit::of(ctx).import(programme_id, "interaction.import", &outcome));
    tx.commit(&state.db).await?;
    Ok(outcome)
}

/// Records an interaction between two organisations of the register (named).
#[allow(clippy::too_many_arguments)]
pub async fn record(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    a: &str,
    b: &str,
    kind: &str,
    on: &str,
    quality: &str,
    note: &str,
) -> Result<(), AppError> {
    let grant = authz::require(state, ctx, Action::EditOrganisations, programme_id).await?;
    let a_id = orgs::id_by_key(&state.db, &grant, &name_key(a)).await?;
    let b_id = orgs::id_by_key(&state.db, &grant, &name_key(b)).await?;
    let i = validate(a_id.as_deref(), a, b_id.as_deref(), b, kind, on, quality, note).map_err(AppError::validation)?;
    // Officials record what involves their own area: one side at least is in their subtree.
    if grant.subtree().is_some() {
        let mut ours = false;
        for id in [&i.a, &i.b] {
            let path = orgs::stakeholder(&state.db, &grant, id).await?.and_then(|r| r.jurisdiction_path);
            ours |= may_edit(&grant, id, path.as_deref());
        }
        if !ours {
            return Err(AppError::validation(vec![FieldError::new("a", "outside_your_area")]));
        }
    }
    Tx::new()
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "interaction.create",
            format!("organisation:{}", i.a),
            format!("{} with organisation:{} on {}, quality {}", i.kind, i.b, i.on, i.quality),
        ))
        .with(repo::save_all(&grant, std::slice::from_ref(&i), &[]))
        .commit(&state.db)
        .await
        .map_err(AppError::from)
}
