//! The relationship map: typed edges between organisations (partners with, member of, funds,
//! coordinates, refers to), added by whoever may edit the organisation they start from.
use super::audit::Audit;
use super::authz::{self, Action};
use crate::backend::auth::Ctx;
use crate::backend::export::{Cell, Sheet};
use crate::backend::repo::relations as repo;
use crate::backend::repo::{self as repos, organisations as orgs, Tx};
use crate::backend::AppState;
use crate::domain::list::{ListQuery, EXPORT_LIMIT};
use crate::domain::organisation::{name_key, RELATION_KINDS};
use crate::domain::FieldError;
use crate::error::AppError;
use crate::wire::stakeholders::{EdgeView, RelationMap};
use std::sync::Arc;

/// Edges shown at once around one organisation or in the whole programme.
pub const SHOWN: i64 = 200;

/// The programme's edges, from the cache while no write touches `relation`, `organisation` (a
/// name) or `jurisdiction` (the path that decides who may remove an edge).
async fn snapshot(state: &AppState, grant: &authz::Grant) -> Result<Arc<Vec<repo::EdgeRow>>, AppError> {
    let key = grant.programme().to_string();
    let load = async { Ok::<_, AppError>(Arc::new(repo::all(&state.db, grant).await?)) };
    state.caches.relations.get_or_load_tables(&state.db, repo::RELATION_TABLES, &key, load).await
}

pub async fn map(state: &AppState, ctx: &Ctx, programme_id: &str, focus: &str) -> Result<RelationMap, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    // The organisation in focus, from the register's snapshot (no round-trip).
    let focus = match focus.trim() {
        "" => None,
        f => {
            let register = super::stakeholders::entries(state, &grant).await?;
            let found = register.iter().find(|e| e.id == f).map(|e| (e.id.clone(), e.label.clone()));
            Some(found.ok_or(AppError::NotFound)?)
        }
    };
    let all = snapshot(state, &grant).await?;
    let (mut edges, kinds, top) = repo::map(&all, focus.as_ref().map(|f| f.0.as_str()), SHOWN as usize + 1);
    let truncated = edges.len() as i64 > SHOWN;
    edges.truncate(SHOWN as usize);
    // One decision for the page, applied to each edge's source (no query per edge).
    let editor = super::editing::editor(state, ctx, programme_id).await?;
    Ok(RelationMap {
        focus,
        edges: edges
            .into_iter()
            .map(|e| EdgeView {
                can_remove: editor
                    .as_ref()
                    .is_some_and(|g| super::editing::may_edit(g, &e.from_id, e.from_path.as_deref())),
                id: e.id,
                kind: e.kind,
                from_id: e.from_id,
                from_name: e.from_name,
                to_id: e.to_id,
                to_name: e.to_name,
                note: e.note,
            })
            .collect(),
        truncated,
        by_kind: kinds.into_iter().map(|k| (k.kind, k.n.max(0) as u32)).collect(),
        most_connected: top.into_iter().map(|c| (c.id, c.name, c.n.max(0) as u32)).collect(),
    })
}

/// Relates `from` to the organisation named `to` (its exact name, case aside).
pub async fn add(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    from: &str,
    kind: &str,
    to: &str,
    note: &str,
) -> Result<(), AppError> {
    let grant = super::editing::grant_to_edit(state, ctx, programme_id, from).await?;
    let mut errors = vec![];
    if !RELATION_KINDS.contains(&kind) {
        errors.push(FieldError::new("kind", "invalid_relation"));
    }
    let target = orgs::id_by_key(&state.db, &grant, &name_key(to)).await?;
    match &target {
        None if to.trim().is_empty() => errors.push(FieldError::new("to", "required")),
        None => errors.push(FieldError::new("to", "unknown_organisation")),
        Some(t) if t == from => errors.push(FieldError::new("to", "same_organisation")),
        Some(_) => {}
    }
    let note = Some(note.trim().to_string()).filter(|n| !n.is_empty());
    if note.as_deref().is_some_and(|n| n.chars().count() > 1000) {
        errors.push(FieldError::new("note", "too_long"));
    }
    let (true, Some(target)) = (errors.is_empty(), target) else { return Err(AppError::validation(errors)) };
    Tx::new()
        .with(repo::relate(&grant, from, &target, kind, note))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "relation.create",
            format!("organisation:{from}"),
            format!("{kind} organisation:{target}"),
        ))
        .commit(&state.db)
        .await
        .map_err(|e| match repos::unique_violation(&e) {
            Some(_) => AppError::validation(vec![FieldError::new("to", "duplicate_relation")]),
            None => e.into(),
        })
}

pub async fn remove(state: &AppState, ctx: &Ctx, programme_id: &str, id: &str) -> Result<(), AppError> {
    let reader = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let edge = repo::edge(&state.db, &reader, id).await?.ok_or(AppError::NotFound)?;
    let grant = super::editing::grant_to_edit(state, ctx, programme_id, &edge.from_id).await?;
    Tx::new()
        .with(repo::unrelate(&grant, id))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "relation.delete",
            format!("organisation:{}", edge.from_id),
            format!("{} organisation:{}", edge.kind, edge.to_id),
        ))
        .commit(&state.db)
        .await?;
    Ok(())
}

/// The edges the map shows (one organisation's neighbourhood with `focus`), as a sheet.
pub async fn export(state: &AppState, ctx: &Ctx, programme_id: &str, query: &ListQuery) -> Result<Sheet, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let all = snapshot(state, &grant).await?;
    let (edges, _, _) = repo::map(&all, query.filter("focus"), EXPORT_LIMIT as usize);
    Ok(Sheet {
        name: "relations".into(),
        headers: ["from", "kind", "to", "note"].iter().map(|s| s.to_string()).collect(),
        rows: edges
            .into_iter()
            .map(|e| vec![Cell::Text(e.from_name), Cell::Text(e.kind), Cell::Text(e.to_name), e.note.into()])
            .collect(),
    })
}
