//! The multilevel hub (WP2.1): the interactions log, and WP2.K3/K4 computed from it, never typed.
use super::audit::Audit;
use super::authz::{self, Action};
use super::editing::may_edit;
use crate::backend::auth::Ctx;
use crate::backend::export::{Cell, Sheet};
use crate::backend::repo::interactions as repo;
use crate::backend::repo::{organisations as orgs, Tx};
use crate::backend::AppState;
use crate::domain::hub::{breakdown, level_pair, sector_pair, INTERACTION_KINDS};
use crate::domain::list::{ListQuery, Page, EXPORT_LIMIT, PAGE_SIZE};
use crate::domain::organisation::{is_public, name_key};
use crate::domain::FieldError;
use crate::error::AppError;
use crate::wire::stakeholders::{HubView, InteractionView};

pub async fn view(state: &AppState, ctx: &Ctx, programme_id: &str, query: &ListQuery) -> Result<HubView, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let (total, rows, all) = repo::page(&state.db, &grant, query, PAGE_SIZE).await?;
    let log = Page::from_rows(
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
    let (k3, k3_all) = breakdown(
        all.iter()
            .filter(|r| is_public(&r.a_kind) && is_public(&r.b_kind))
            .map(|r| (level_pair(r.a_level.as_deref(), r.b_level.as_deref()), r.quality)),
    );
    let (k4, k4_all) =
        breakdown(all.iter().map(|r| (sector_pair(is_public(&r.a_kind), is_public(&r.b_kind)).to_string(), r.quality)));
    let can_record = authz::require(state, ctx, Action::EditOrganisations, programme_id).await.is_ok();
    Ok(HubView { log, k3, k3_all, k4, k4_all, can_record })
}

/// The log the same query finds (all pages), as a sheet with typed dates and ratings.
pub async fn export(state: &AppState, ctx: &Ctx, programme_id: &str, query: &ListQuery) -> Result<Sheet, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let (_, rows, _) = repo::page(&state.db, &grant, &query.first_page(), EXPORT_LIMIT).await?;
    Ok(Sheet {
        name: "interactions".into(),
        headers: ["on", "a", "b", "kind", "quality", "note"].iter().map(|s| s.to_string()).collect(),
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
    let mut errors = vec![];
    let a_id = orgs::id_by_key(&state.db, &grant, &name_key(a)).await?;
    let b_id = orgs::id_by_key(&state.db, &grant, &name_key(b)).await?;
    for (field, raw, id) in [("a", a, &a_id), ("b", b, &b_id)] {
        if id.is_none() {
            errors
                .push(FieldError::new(field, if raw.trim().is_empty() { "required" } else { "unknown_organisation" }));
        }
    }
    if a_id.is_some() && a_id == b_id {
        errors.push(FieldError::new("b", "same_organisation"));
    }
    if !INTERACTION_KINDS.contains(&kind) {
        errors.push(FieldError::new("kind", "invalid_interaction"));
    }
    let on = on.trim();
    if !crate::domain::contact::is_date(on) {
        errors.push(FieldError::new("on", "invalid_date"));
    }
    let quality = match quality.trim().parse::<i64>() {
        Ok(q @ 1..=5) => q,
        _ => {
            errors.push(FieldError::new("quality", "invalid_rating"));
            0
        }
    };
    let note = Some(note.trim().to_string()).filter(|n| !n.is_empty());
    let (true, Some(a_id), Some(b_id)) = (errors.is_empty(), a_id, b_id) else {
        return Err(AppError::validation(errors));
    };
    // Officials record what involves their own area: one side at least is in their subtree.
    if grant.subtree().is_some() {
        let mut ours = false;
        for id in [&a_id, &b_id] {
            let path = orgs::stakeholder(&state.db, &grant, id).await?.and_then(|r| r.jurisdiction_path);
            ours |= may_edit(&grant, id, path.as_deref());
        }
        if !ours {
            return Err(AppError::validation(vec![FieldError::new("a", "outside_your_area")]));
        }
    }
    Tx::new()
        .with(repo::add(&grant, &a_id, &b_id, kind, on, quality, note))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "interaction.create",
            format!("organisation:{a_id}"),
            format!("{kind} with organisation:{b_id} on {on}, quality {quality}"),
        ))
        .commit(&state.db)
        .await
        .map_err(AppError::from)
}
