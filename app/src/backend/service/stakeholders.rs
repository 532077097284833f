//! The stakeholder register (WP2): who may see and change which organisation, validation of the form
//! and of every imported row through one parser, the list with its power/interest counts, the export
//! and the import. Every change is audited in the same transaction.
use super::audit::Audit;
use super::authz::{self, Action, Grant};
use super::editing::{editor, may_edit};
use crate::backend::auth::Ctx;
use crate::backend::export::{Cell, Sheet};
use crate::backend::repo::organisations::{self as repo, Entry, Place, SaveRow, StakeholderRow};
use crate::backend::repo::{self as repos, Tx};
use crate::backend::AppState;
use crate::domain::list::{ListQuery, Page, EXPORT_LIMIT, PAGE_SIZE};
use crate::domain::organisation::{self, name_key, OrganisationInput, RawOrganisation};
use crate::domain::scope::in_subtree;
use crate::domain::table::ImportOutcome;
use crate::domain::{FieldError, Role};
use crate::error::AppError;
use crate::wire::stakeholders::{GridCount, StakeholderProfile, StakeholderView, Stakeholders};
use std::collections::HashMap;
use std::sync::Arc;

/// The places `grant` may put an organisation in.
fn placeable(grant: &Grant, places: &[Place]) -> Vec<String> {
    places
        .iter()
        .filter(|p| match grant.role() {
            Role::Official => grant.subtree().is_some_and(|root| in_subtree(root, &p.path)),
            Role::Member | Role::Observer => false,
            _ => true,
        })
        .map(|p| p.code.clone())
        .collect()
}

fn view(r: StakeholderRow, can_edit: bool) -> StakeholderView {
    let count = |n: Option<i64>| n.and_then(|n| u32::try_from(n).ok());
    let rating = |n: Option<i64>| n.and_then(|n| u8::try_from(n).ok());
    StakeholderView {
        id: r.id,
        name: r.name,
        kind: r.kind,
        jurisdiction_code: r.jurisdiction_code,
        jurisdiction_name: r.jurisdiction_name,
        level: r.level,
        sectors: r.sectors,
        women: count(r.women),
        men: count(r.men),
        other_gender: count(r.other_gender),
        migrant_led: r.migrant_led,
        influence: rating(r.influence),
        interest: rating(r.interest),
        position: r.position,
        website: r.website,
        notes: r.notes,
        can_edit,
    }
}

/// The stored organisation as the parser would give it, to tell an unchanged imported row.
fn input_of(r: &StakeholderRow) -> OrganisationInput {
    let v = view(r.clone(), false);
    OrganisationInput {
        name: v.name,
        kind: v.kind,
        jurisdiction_code: v.jurisdiction_code,
        level: v.level,
        sectors: v.sectors,
        women: v.women,
        men: v.men,
        other_gender: v.other_gender,
        migrant_led: v.migrant_led,
        influence: v.influence,
        interest: v.interest,
        position: v.position,
        website: v.website,
        notes: v.notes,
    }
}

/// The register's entries of the grant's programme, from the cache while no write touched an
/// organisation.
pub async fn entries(state: &AppState, grant: &Grant) -> Result<Arc<Vec<Entry>>, AppError> {
    let id = grant.programme().to_string();
    let load = async { repo::entries(&state.db, &id).await.map(Arc::new) };
    Ok(state.caches.registers.get_or_load_tables(&state.db, &["organisation"], &id, load).await?)
}

/// The sectors the grant's programme offers and its jurisdictions in tree order, both from caches.
pub async fn vocabulary(state: &AppState, grant: &Grant) -> Result<(Vec<String>, Arc<Vec<Place>>), AppError> {
    let sectors = authz::programme_row(state, grant.programme()).await?.map(|p| p.sectors).unwrap_or_default();
    Ok((sectors, super::jurisdictions::cached(state, grant).await?))
}

pub async fn list(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    query: &ListQuery,
) -> Result<Stakeholders, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let editor = editor(state, ctx, programme_id).await?;
    let (entries, (sectors, places)) = tokio::try_join!(entries(state, &grant), vocabulary(state, &grant))?;
    let (total, rows, cells) = repo::page(&entries, &places, query, PAGE_SIZE);
    let sort = repos::applied_sort(query, repo::STAKEHOLDER_SORTS);
    let page = Page::from_rows(
        rows,
        total,
        PAGE_SIZE,
        sort,
        query.desc,
        |r| (r.k.clone(), r.id.clone()),
        |r| {
            let can_edit = editor.as_ref().is_some_and(|g| may_edit(g, &r.id, r.jurisdiction_path.as_deref()));
            view(r, can_edit)
        },
    );
    let grid = cells
        .into_iter()
        .filter_map(|c| {
            Some(GridCount {
                influence: u8::try_from(c.influence).ok()?,
                interest: u8::try_from(c.interest).ok()?,
                count: u32::try_from(c.n).ok()?,
            })
        })
        .collect();
    let can_create = editor.as_ref().is_some_and(|g| g.action() == Action::EditOrganisations);
    let can_add_sectors = authz::require(state, ctx, Action::EditVocabulary, programme_id).await.is_ok();
    let jurisdictions = editor.as_ref().map(|g| placeable(g, &places)).unwrap_or_default();
    Ok(Stakeholders { page, grid, can_create, can_add_sectors, sectors, jurisdictions })
}

pub async fn profile(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    id: &str,
) -> Result<StakeholderProfile, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let editor = editor(state, ctx, programme_id).await?;
    // The row from the register's snapshot; the contacts from the programme's, shown only to those
    // who may edit this organisation.
    let (entries, (sectors, places)) = tokio::try_join!(entries(state, &grant), vocabulary(state, &grant))?;
    let entry = entries.iter().find(|e| e.id == id).ok_or(AppError::NotFound)?;
    let at = entry.place.as_deref().and_then(|p| places.iter().find(|x| x.id == p));
    let row = repo::row(entry, at, entry.name.clone());
    let can_edit = editor.as_ref().is_some_and(|g| may_edit(g, &row.id, row.jurisdiction_path.as_deref()));
    let can_assess = can_edit && editor.as_ref().is_some_and(|g| g.action() == Action::EditOrganisations);
    let jurisdictions = editor.as_ref().map(|g| placeable(g, &places)).unwrap_or_default();
    let contacts = match can_edit {
        true => Some(super::contacts::of_organisation(state, &grant, &row.id).await?),
        false => None,
    };
    Ok(StakeholderProfile { organisation: view(row, can_edit), sectors, jurisdictions, can_assess, contacts })
}

/// Creates (`id` empty) or updates an organisation. Members keep the coordinator's assessment (kind,
/// place, influence, interest, position) as it was; officials place organisations only in their
/// subtree.
pub async fn save(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    id: &str,
    raw: RawOrganisation<'_>,
) -> Result<String, AppError> {
    let grant = editor(state, ctx, programme_id).await?.ok_or(AppError::Forbidden)?;
    let (sectors, places) = vocabulary(state, &grant).await?;
    let paths: HashMap<String, String> = places.iter().map(|p| (p.code.clone(), p.path.clone())).collect();
    let current = match id.trim() {
        "" => None,
        id => Some(repo::stakeholder(&state.db, &grant, id).await?.ok_or(AppError::NotFound)?),
    };
    if let Some(c) = &current {
        if !may_edit(&grant, &c.id, c.jurisdiction_path.as_deref()) {
            return Err(AppError::Forbidden);
        }
    } else if grant.action() != Action::EditOrganisations {
        return Err(AppError::Forbidden);
    }
    let mut input = organisation::validate(&raw, &sectors, &paths).map_err(AppError::validation)?;
    if grant.action() == Action::EditOwnOrganisation {
        let was = input_of(current.as_ref().expect("members only edit their own"));
        input.kind = was.kind;
        input.jurisdiction_code = was.jurisdiction_code;
        input.influence = was.influence;
        input.interest = was.interest;
        input.position = was.position;
    }
    check_place(&grant, &input, &paths).map_err(|e| AppError::validation(vec![e]))?;
    let place =
        input.jurisdiction_code.as_ref().and_then(|c| places.iter().find(|p| &p.code == c)).map(|p| p.id.clone());
    let (key, new) = match &current {
        Some(c) => (c.id.clone(), false),
        None => (repos::random_key(), true),
    };
    let row = SaveRow { id: key.clone(), new, input: &input, jurisdiction_id: place };
    let action = if new { "organisation.create" } else { "organisation.update" };
    Tx::new()
        .with(repo::save_all(&grant, &[row]))
        .with(Audit::of(ctx).write(Some(programme_id), action, format!("organisation:{key}"), summary(&input)))
        .commit(&state.db)
        .await
        .map_err(|e| match repos::unique_violation(&e) {
            Some(_) => AppError::validation(vec![FieldError::new("name", "duplicate_name")]),
            None => e.into(),
        })?;
    Ok(key)
}

/// An official may place an organisation only inside their subtree (and must place it).
fn check_place(grant: &Grant, input: &OrganisationInput, paths: &HashMap<String, String>) -> Result<(), FieldError> {
    if grant.role() != Role::Official {
        return Ok(());
    }
    let inside = input
        .jurisdiction_code
        .as_ref()
        .and_then(|c| paths.get(c))
        .is_some_and(|p| grant.subtree().is_some_and(|root| in_subtree(root, p)));
    if inside {
        Ok(())
    } else {
        Err(FieldError::new("jurisdiction_code", "outside_your_area"))
    }
}

fn summary(o: &OrganisationInput) -> String {
    let place = o.jurisdiction_code.as_deref().unwrap_or("—");
    format!("{} ({}, {place})", o.name, o.kind)
}

/// The register the same query finds, in the import's own columns, so an export imports back.
pub async fn export(state: &AppState, ctx: &Ctx, programme_id: &str, query: &ListQuery) -> Result<Sheet, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let (_, places) = vocabulary(state, &grant).await?;
    let entries = entries(state, &grant).await?;
    let (_, rows, _) = repo::page(&entries, &places, &query.first_page(), EXPORT_LIMIT);
    let num = |n: Option<i64>| n.map(|n| Cell::Number(n as f64)).unwrap_or(Cell::Empty);
    Ok(Sheet {
        name: "organisations".into(),
        headers: organisation::COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: rows
            .into_iter()
            .map(|r| {
                vec![
                    Cell::Text(r.name),
                    Cell::Text(r.kind),
                    r.jurisdiction_code.into(),
                    r.level.into(),
                    Cell::Text(r.sectors.join(", ")),
                    num(r.women),
                    num(r.men),
                    num(r.other_gender),
                    Cell::Text(if r.migrant_led { "yes" } else { "no" }.into()),
                    num(r.influence),
                    num(r.interest),
                    r.position.into(),
                    r.website.into(),
                    r.notes.into(),
                ]
            })
            .collect(),
    })
}

/// Imports organisations from CSV or XLSX: every row validated first (errors by row and column,
/// nothing written), rows matched on their name, added, updated or left unchanged in one
/// transaction with its audit record. Officials import only inside their subtree.
pub async fn import(state: &AppState, ctx: &Ctx, programme_id: &str, file: &[u8]) -> Result<ImportOutcome, AppError> {
    let grant = authz::require(state, ctx, Action::EditOrganisations, programme_id).await?;
    let table = crate::backend::import::read(file)?;
    let (sectors, places) = vocabulary(state, &grant).await?;
    let paths: HashMap<String, String> = places.iter().map(|p| (p.code.clone(), p.path.clone())).collect();
    let entries = entries(state, &grant).await?;
    let (_, rows, _) = repo::page(&entries, &places, &ListQuery::default(), EXPORT_LIMIT);
    let existing: HashMap<String, (String, OrganisationInput)> =
        rows.iter().map(|r| (name_key(&r.name), (r.id.clone(), input_of(r)))).collect();
    let outside: HashMap<&str, bool> =
        rows.iter().map(|r| (r.id.as_str(), !may_edit(&grant, &r.id, r.jurisdiction_path.as_deref()))).collect();
    let plan = organisation::validate_table(&table, &sectors, &paths, &existing).map_err(AppError::validation)?;
    // Rows an official may not write, by their line in the file.
    let mut errors = vec![];
    if grant.role() == Role::Official {
        let cols = table.columns(&["name", "kind"], &organisation::COLUMNS[2..]).map_err(AppError::validation)?;
        let planned: HashMap<String, &OrganisationInput> =
            plan.add.iter().chain(plan.update.iter().map(|(_, o)| o)).map(|o| (name_key(&o.name), o)).collect();
        for (line, row) in &table.rows {
            let key = name_key(cols.get(row, "name"));
            let barred = existing.get(&key).is_some_and(|(id, _)| outside.get(id.as_str()).copied().unwrap_or(true))
                || planned.get(&key).is_some_and(|o| check_place(&grant, o, &paths).is_err());
            if barred {
                errors.push(FieldError::new("jurisdiction_code", "outside_your_area").at_row(*line));
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let place = |o: &OrganisationInput| {
        o.jurisdiction_code.as_ref().and_then(|c| places.iter().find(|p| &p.code == c)).map(|p| p.id.clone())
    };
    let mut writes: Vec<SaveRow<'_>> = plan
        .add
        .iter()
        .map(|o| SaveRow { id: repos::random_key(), new: true, input: o, jurisdiction_id: place(o) })
        .collect();
    writes.extend(plan.update.iter().map(|(id, o)| SaveRow {
        id: id.clone(),
        new: false,
        input: o,
        jurisdiction_id: place(o),
    }));
    let outcome = ImportOutcome {
        added: plan.add.len() as u32,
        updated: plan.update.len() as u32,
        unchanged: plan.unchanged,
        surplus: plan.surplus.clone(),
    };
    let mut tx = Tx::new();
    if !writes.is_empty() {
        tx.push(repo::save_all(&grant, &writes));
    }
    tx.push(Audit::of(ctx).import(programme_id, "organisation.import", &outcome));
    tx.commit(&state.db).await.map_err(|e| match repos::unique_violation(&e) {
        Some(_) => AppError::validation(vec![FieldError::new("name", "duplicate_name")]),
        None => e.into(),
    })?;
    Ok(outcome)
}

/// Adds a sector to the programme's list (coordinators).
pub async fn add_sector(state: &AppState, ctx: &Ctx, programme_id: &str, sector: &str) -> Result<String, AppError> {
    let grant = authz::require(state, ctx, Action::EditVocabulary, programme_id).await?;
    let sector = sector.trim().to_lowercase().replace(' ', "_");
    let ok =
        !sector.is_empty() && sector.len() <= 40 && sector.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !ok {
        return Err(AppError::field("sector", "invalid_sector"));
    }
    Tx::new()
        .with(repo::add_sector(&grant, &sector))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "sector.add",
            format!("programme:{programme_id}"),
            sector.clone(),
        ))
        .commit(&state.db)
        .await?;
    Ok(sector)
}

/// The multilevel view: the jurisdiction tree (the list pattern, so it collapses by level and pages)
/// with the organisations acting at each node and in its subtree.
pub async fn multilevel(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    query: &ListQuery,
) -> Result<crate::wire::stakeholders::Multilevel, AppError> {
    use crate::wire::stakeholders::{Multilevel, PlaceCount};
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let (entries, places) = tokio::try_join!(entries(state, &grant), super::jurisdictions::cached(state, &grant))?;
    let (total, rows) = crate::backend::repo::jurisdictions::select(&places, query, PAGE_SIZE);
    let counts = repo::counts_by_place(&entries, &places);
    let unplaced = counts.iter().filter(|c| c.path.is_none()).map(|c| c.n).sum::<i64>().max(0) as u32;
    let placed: Vec<(String, i64)> = counts.into_iter().filter_map(|c| Some((c.path?, c.n))).collect();
    let page = Page::from_rows(
        rows,
        total,
        PAGE_SIZE,
        "path",
        false,
        |r| (r.path.clone(), r.id.clone()),
        |r| {
            let here = placed.iter().filter(|(p, _)| *p == r.path).map(|(_, n)| *n).sum::<i64>();
            let below = placed.iter().filter(|(p, _)| in_subtree(&r.path, p)).map(|(_, n)| *n).sum::<i64>();
            PlaceCount {
                depth: r.path.matches('/').count().saturating_sub(2) as u32,
                code: r.code,
                name: r.name,
                level: r.level,
                here: here.max(0) as u32,
                below: below.max(0) as u32,
            }
        },
    );
    Ok(Multilevel { nodes: page, unplaced })
}
