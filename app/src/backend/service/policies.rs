//! The policy inventory (WP2.2): everyone in the programme reads it; coordinators keep it, and
//! officials keep the policies of their subtree's jurisdictions. Every change is audited.
use super::audit::Audit;
use super::authz::{self, Action, Grant};
use super::stakeholders::vocabulary;
use crate::backend::auth::Ctx;
use crate::backend::export::{Cell, Sheet};
use crate::backend::repo::policies::{self as repo, PolicyRow};
use crate::backend::repo::{self as repos, jurisdictions, Tx};
use crate::backend::AppState;
use crate::domain::list::{ListQuery, Page, EXPORT_LIMIT, PAGE_SIZE};
use crate::domain::policy::{self, Compared, PolicyInput};
use crate::domain::scope::in_subtree;
use crate::domain::FieldError;
use crate::error::AppError;
use crate::wire::policies::{Policies, PolicyDetail, PolicyView};
use std::sync::Arc;

/// Whether `grant` (to edit policies) reaches a policy placed at `path`.
fn reaches(grant: &Grant, path: &str) -> bool {
    grant.subtree().is_none_or(|root| in_subtree(root, path))
}

fn view(r: PolicyRow, editor: Option<&Grant>) -> PolicyView {
    PolicyView { editable: editor.is_some_and(|g| reaches(g, &r.jurisdiction_path)), fields: r }
}

/// The programme's policies, from the cache while no write touches `policy` or `jurisdiction` (a
/// policy's place, level and path).
async fn snapshot(state: &AppState, grant: &Grant) -> Result<Arc<Vec<PolicyRow>>, AppError> {
    let key = grant.programme().to_string();
    let load = async { Ok::<_, AppError>(Arc::new(repo::all(&state.db, grant).await?)) };
    state.caches.policies.get_or_load_tables(&state.db, repo::POLICY_TABLES, &key, load).await
}

pub async fn list(state: &AppState, ctx: &Ctx, programme_id: &str, query: &ListQuery) -> Result<Policies, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let editor = authz::require(state, ctx, Action::EditPolicies, programme_id).await.ok();
    let (all, (areas, places)) = tokio::try_join!(snapshot(state, &grant), vocabulary(state, &grant))?;
    let (total, rows) = repo::select(&all, query, PAGE_SIZE);
    let comparison = policy::compare(
        &all.iter()
            .map(|r| Compared {
                id: &r.id,
                title: &r.title,
                level: r.level.as_deref(),
                areas: &r.areas,
                findings: r.findings() as u32,
            })
            .collect::<Vec<_>>(),
    );
    let sort = repos::applied_sort(query, repo::POLICY_SORTS);
    let page = Page::from_rows(
        rows,
        total,
        PAGE_SIZE,
        sort,
        query.desc,
        |r| (if sort == "status" { r.status.clone() } else { r.title.to_lowercase() }, r.id.clone()),
        |r| view(r, editor.as_ref()),
    );
    let places = places
        .iter()
        .filter(|p| editor.as_ref().is_some_and(|g| reaches(g, &p.path)))
        .map(|p| p.code.clone())
        .collect();
    Ok(Policies { page, comparison, areas, places, can_add: editor.is_some() })
}

pub async fn get(state: &AppState, ctx: &Ctx, programme_id: &str, id: &str) -> Result<PolicyDetail, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let editor = authz::require(state, ctx, Action::EditPolicies, programme_id).await.ok();
    let row = repo::get(&state.db, &grant, id).await?.ok_or(AppError::NotFound)?;
    let policy = view(row, editor.as_ref());
    let (areas, places) = match (&editor, policy.editable) {
        (Some(g), true) => form_choices(state, g).await?,
        _ => (vec![], vec![]),
    };
    Ok(PolicyDetail { policy, areas, places })
}

/// What the form offers `editor`: the programme's policy areas, and the jurisdictions it reaches.
async fn form_choices(state: &AppState, editor: &Grant) -> Result<(Vec<String>, Vec<String>), AppError> {
    let (areas, places) = vocabulary(state, editor).await?;
    Ok((areas, places.iter().filter(|p| reaches(editor, &p.path)).map(|p| p.code.clone()).collect()))
}

/// Creates (`id` empty) or updates a policy; answers its id.
pub async fn save(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    id: &str,
    input: &PolicyInput<'_>,
) -> Result<String, AppError> {
    let grant = authz::require(state, ctx, Action::EditPolicies, programme_id).await?;
    let id = Some(id.trim()).filter(|i| !i.is_empty());
    if let Some(id) = id {
        let existing = repo::get(&state.db, &grant, id).await?.ok_or(AppError::NotFound)?;
        if !reaches(&grant, &existing.jurisdiction_path) {
            return Err(AppError::Forbidden);
        }
    }
    let (areas, _) = vocabulary(state, &grant).await?;
    let p = policy::validate(input, &areas).map_err(AppError::validation)?;
    let place = jurisdictions::by_code(&state.db, programme_id, &p.jurisdiction_code).await?;
    match &place {
        None => return Err(AppError::validation(vec![FieldError::new("jurisdiction_code", "unknown_jurisdiction")])),
        Some(j) if !reaches(&grant, &j.path) => {
            return Err(AppError::validation(vec![FieldError::new("jurisdiction_code", "outside_your_area")]))
        }
        Some(_) => {}
    }
    let action = if id.is_some() { "policy.update" } else { "policy.create" };
    let key = id.map(str::to_string).unwrap_or_else(repos::random_key);
    Tx::new()
        .with(repo::save(&grant, &key, id.is_none(), &p))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            action,
            format!("policy:{key}"),
            format!(
                "{} ({}, {}), {} findings, {} recommendations",
                p.title,
                p.kind,
                p.jurisdiction_code,
                p.gaps.len() + p.needs.len() + p.weaknesses.len(),
                p.recommendations.len()
            ),
        ))
        .commit(&state.db)
        .await?;
    Ok(key)
}

/// The inventory the same query finds (all pages), one row per policy.
pub async fn export(state: &AppState, ctx: &Ctx, programme_id: &str, query: &ListQuery) -> Result<Sheet, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let all = snapshot(state, &grant).await?;
    let (_, rows) = repo::select(&all, &query.first_page(), EXPORT_LIMIT);
    let joined = |v: &[String]| Cell::Text(v.join("\n"));
    let opt = |v: &Option<String>| v.clone().map(Cell::Text).unwrap_or(Cell::Empty);
    Ok(Sheet {
        name: "policies".into(),
        headers: [
            "title",
            "kind",
            "jurisdiction_code",
            "level",
            "areas",
            "starts",
            "ends",
            "status",
            "link",
            "gaps",
            "needs",
            "weaknesses",
            "recommendations",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.title.clone()),
                    Cell::Text(r.kind.clone()),
                    Cell::Text(r.jurisdiction_code.clone()),
                    opt(&r.level),
                    Cell::Text(r.areas.join(", ")),
                    opt(&r.starts),
                    opt(&r.ends),
                    Cell::Text(r.status.clone()),
                    opt(&r.link),
                    joined(&r.gaps),
                    joined(&r.needs),
                    joined(&r.weaknesses),
                    joined(&r.recommendations),
                ]
            })
            .collect(),
    })
}
