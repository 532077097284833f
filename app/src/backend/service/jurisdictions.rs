use super::audit::Audit;
use super::authz::{self, Action, Grant};
use crate::backend::auth::Ctx;
use crate::backend::export::{Cell, Sheet};
use crate::backend::import;
use crate::backend::repo::jurisdictions as repo;
use crate::backend::repo::Tx;
use crate::backend::AppState;
use crate::domain::jurisdiction::{self, Existing, NewJurisdiction};
use crate::domain::list::{ListQuery, Page, EXPORT_LIMIT, PAGE_SIZE};
use crate::domain::scope::child_path;
use crate::domain::table::ImportOutcome;
use crate::domain::Level;
use crate::error::AppError;
use crate::wire::jurisdictions::{JurisdictionTree, JurisdictionView};
use std::collections::HashMap;
use std::sync::Arc;

fn view(r: repo::JurisdictionRow) -> Option<JurisdictionView> {
    Some(JurisdictionView {
        depth: r.path.matches('/').count().saturating_sub(2) as u32,
        level: Level::parse("level", &r.level).ok()?,
        id: r.id,
        code: r.code,
        name: r.name,
        parent_code: r.parent_code,
    })
}

/// The programme's whole tree in path order, from the cache while no write touched a jurisdiction.
pub async fn cached(state: &AppState, grant: &Grant) -> Result<Arc<Vec<repo::JurisdictionRow>>, AppError> {
    let id = grant.programme().to_string();
    let load = async {
        let mut tree = repo::tree(&state.db, grant).await?;
        // The list's cursor compares paths as Rust does.
        tree.sort_by(|a, b| a.path.cmp(&b.path));
        Ok::<_, AppError>(Arc::new(tree))
    };
    state.caches.trees.get_or_load_tables(&state.db, &["jurisdiction"], &id, load).await
}

pub async fn tree(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    query: &ListQuery,
) -> Result<JurisdictionTree, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let can_edit = authz::require(state, ctx, Action::EditJurisdictions, programme_id).await.is_ok();
    let all = cached(state, &grant).await?;
    let (total, rows) = repo::select(&all, query, PAGE_SIZE);
    let parents = if can_edit { repo::parents(&all) } else { vec![] };
    let mut items = Page::from_rows(rows, total, PAGE_SIZE, "path", false, |r| (r.path.clone(), r.id.clone()), view);
    let rows: Vec<JurisdictionView> = std::mem::take(&mut items.rows).into_iter().flatten().collect();
    Ok(JurisdictionTree {
        items: Page { rows, total: items.total, next: items.next, sort: items.sort, desc: items.desc },
        parents: parents.into_iter().filter_map(view).collect(),
        can_edit,
    })
}

/// The tree the same query finds, in the import's own columns, so an export imports back unchanged.
pub async fn export(state: &AppState, ctx: &Ctx, programme_id: &str, query: &ListQuery) -> Result<Sheet, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let (_, rows) = repo::select(&cached(state, &grant).await?, &query.first_page(), EXPORT_LIMIT);
    Ok(Sheet {
        name: "jurisdictions".into(),
        headers: jurisdiction::CSV_COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: rows
            .into_iter()
            .take(EXPORT_LIMIT as usize)
            .map(|r| vec![Cell::Text(r.code), Cell::Text(r.name), Cell::Text(r.level), r.parent_code.into()])
            .collect(),
    })
}

/// Code → (level, path) of the programme's tree.
async fn known(state: &AppState, grant: &Grant) -> Result<HashMap<String, (Level, String)>, AppError> {
    Ok(cached(state, grant)
        .await?
        .iter()
        .filter_map(|r| Some((r.code.clone(), (Level::parse("level", &r.level).ok()?, r.path.clone()))))
        .collect())
}

/// Turns validated rows (parents first) into rows with materialised paths.
fn with_paths(rows: Vec<NewJurisdiction>, mut paths: HashMap<String, String>) -> Vec<repo::NewRow> {
    rows.into_iter()
        .map(|j| {
            let parent_path = j.parent_code.as_ref().and_then(|p| paths.get(p.as_str()).cloned());
            let path = child_path(parent_path.as_deref(), j.code.as_str());
            paths.insert(j.code.as_str().to_string(), path.clone());
            repo::NewRow {
                code: j.code.as_str().to_string(),
                name: j.name,
                level: j.level.as_str().to_string(),
                parent_code: j.parent_code.map(|p| p.as_str().to_string()),
                path,
            }
        })
        .collect()
}

pub async fn create(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    code: &str,
    name: &str,
    level: &str,
    parent_code: &str,
) -> Result<String, AppError> {
    let grant = authz::require(state, ctx, Action::EditJurisdictions, programme_id).await?;
    let known = known(state, &grant).await?;
    let levels = known.iter().map(|(k, (l, _))| (k.clone(), *l)).collect();
    let row = jurisdiction::validate_one(code, name, level, parent_code, &levels)?;
    let paths = known.into_iter().map(|(k, (_, p))| (k, p)).collect();
    let rows = with_paths(vec![row], paths);
    let summary = format!("{} {} ({})", rows[0].code, rows[0].name, rows[0].level);
    let code = rows[0].code.clone();
    repo::insert_all(&state.db, &grant, rows).await.map_err(|e| super::conflict_or(e, "code"))?;
    Audit::of(ctx)
        .record(state, Some(programme_id), "jurisdiction.create", format!("jurisdiction:{code}"), summary)
        .await?;
    Ok(code)
}

/// Imports a CSV or XLSX file of jurisdictions, all or nothing: every row is validated against the
/// tree first (every bad cell is reported by row and column and nothing is written), rows are
/// matched on their code, and the additions, renames and the audit record commit in one transaction.
pub async fn import(state: &AppState, ctx: &Ctx, programme_id: &str, file: &[u8]) -> Result<ImportOutcome, AppError> {
    let grant = authz::require(state, ctx, Action::EditJurisdictions, programme_id).await?;
    let table = import::read(file)?;
    let tree = cached(state, &grant).await?;
    let existing: HashMap<String, Existing> = tree
        .iter()
        .filter_map(|r| {
            let level = Level::parse("level", &r.level).ok()?;
            Some((r.code.clone(), Existing { level, parent_code: r.parent_code.clone(), name: r.name.clone() }))
        })
        .collect();
    let plan = jurisdiction::validate_table(&table, &existing).map_err(AppError::validation)?;
    let outcome = ImportOutcome {
        added: plan.add.len() as u32,
        updated: plan.rename.len() as u32,
        unchanged: plan.unchanged,
        surplus: plan.surplus.clone(),
    };
    let paths = tree.iter().map(|r| (r.code.clone(), r.path.clone())).collect();
    let mut tx = Tx::new();
    if !plan.add.is_empty() {
        tx.push(repo::insert_rows(&grant, with_paths(plan.add, paths)));
    }
    if !plan.rename.is_empty() {
        tx.push(repo::rename_rows(&grant, plan.rename));
    }
    tx.push(Audit::of(ctx).import(programme_id, "jurisdiction.import", &outcome));
    tx.commit(&state.db).await.map_err(|e| super::conflict_or(e, "code"))?;
    Ok(outcome)
}

pub async fn rename(state: &AppState, ctx: &Ctx, programme_id: &str, code: &str, name: &str) -> Result<(), AppError> {
    let grant = authz::require(state, ctx, Action::EditJurisdictions, programme_id).await?;
    let name = crate::domain::Name::parse("name", name)?;
    let code = code.trim().to_uppercase();
    if !repo::rename(&state.db, &grant, &code, name.as_str()).await? {
        return Err(AppError::NotFound);
    }
    Audit::of(ctx)
        .record(state, Some(programme_id), "jurisdiction.rename", format!("jurisdiction:{code}"), name.into_string())
        .await
}

/// Deletes a jurisdiction nothing refers to (no children, organisations or people placed on it).
pub async fn delete(state: &AppState, ctx: &Ctx, programme_id: &str, code: &str) -> Result<(), AppError> {
    let grant = authz::require(state, ctx, Action::EditJurisdictions, programme_id).await?;
    let code = code.trim().to_uppercase();
    let row = repo::by_code(&state.db, programme_id, &code).await?.ok_or(AppError::NotFound)?;
    if repo::references(&state.db, &row.id).await? > 0 {
        return Err(AppError::field("code", "jurisdiction_in_use"));
    }
    repo::delete(&state.db, &grant, &row.id).await?;
    Audit::of(ctx)
        .record(state, Some(programme_id), "jurisdiction.delete", format!("jurisdiction:{code}"), row.name)
        .await
}
