//! The one audit path: every staff mutation writes its record with `Audit::write` in the change's own
//! transaction (or `Audit::record` when the change is a single write).
use super::authz::{self, Action};
use crate::backend::auth::Ctx;
use crate::backend::export::{Cell, Sheet};
use crate::backend::repo::audit as repo;
use crate::backend::repo::Write;
use crate::backend::AppState;
use crate::domain::list::{ListQuery, Page, EXPORT_LIMIT, PAGE_SIZE};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::wire::audit::AuditEntry;
use std::sync::Arc;

pub struct Audit<'a> {
    actor: &'a str,
    email: &'a str,
}

impl<'a> Audit<'a> {
    pub fn of(ctx: &'a Ctx) -> Self {
        Audit { actor: &ctx.user_id, email: &ctx.email }
    }
    /// For actions a person takes before they have a full context (sign-in, accepting an invitation).
    pub fn system(actor: &'a str, email: &'a str) -> Self {
        Audit { actor, email }
    }

    pub async fn record(
        self,
        state: &AppState,
        programme: Option<&str>,
        action: &str,
        target: String,
        summary: String,
    ) -> Result<(), AppError> {
        self.write(programme, action, target, summary).run(&state.db).await?;
        Ok(())
    }

    /// The record of an import into a programme's register: what it added, updated and left unchanged.
    pub fn import(self, programme_id: &str, action: &str, outcome: &crate::domain::table::ImportOutcome) -> Write {
        self.write(
            Some(programme_id),
            action,
            format!("programme:{programme_id}"),
            format!("added {}, updated {}, unchanged {}", outcome.added, outcome.updated, outcome.unchanged),
        )
    }

    /// Records of many changes (each row an import changed: action, target, summary) as one write.
    pub fn write_all(self, programme: Option<&str>, entries: Vec<(String, String, String)>) -> Write {
        repo::entries(self.actor, self.email, programme, entries)
    }

    /// The audit record as a write, to commit in the same transaction as the change it records.
    pub fn write(self, programme: Option<&str>, action: &str, target: String, summary: String) -> Write {
        repo::entry(repo::NewEntry {
            actor: Some(self.actor),
            actor_email: self.email,
            programme,
            action,
            target,
            summary,
        })
    }
}

/// The programme whose log `ctx` may read, or `None` for the platform log (admins only).
async fn readable(state: &AppState, ctx: &Ctx, programme_id: &str) -> Result<Option<String>, AppError> {
    if programme_id.is_empty() {
        authz::require_admin(ctx)?;
        Ok(None)
    } else {
        let grant = authz::require(state, ctx, Action::ReadAudit, programme_id).await?;
        Ok(Some(grant.programme().to_string()))
    }
}

pub async fn search(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    query: &ListQuery,
) -> Result<Page<AuditEntry>, AppError> {
    let programme = readable(state, ctx, programme_id).await?;
    // The log's first page, unfiltered, is what people open: it is kept until the next audited
    // write (any other page or filter is read from the store).
    let head = *query == ListQuery::default();
    let (total, rows) = if head {
        let key = programme.clone().unwrap_or_default();
        let load =
            async { Ok::<_, AppError>(Arc::new(repo::page(&state.db, programme.as_deref(), query, PAGE_SIZE).await?)) };
        let page = state.caches.audit_heads.get_or_load_tables(&state.db, &["audit"], &key, load).await?;
        (page.0, page.1.clone())
    } else {
        repo::page(&state.db, programme.as_deref(), query, PAGE_SIZE).await?
    };
    Ok(Page::from_rows(
        rows,
        total,
        PAGE_SIZE,
        "at",
        true,
        |r| (r.at.clone(), r.id.clone()),
        |r| AuditEntry { at: r.at, actor_email: r.actor_email, action: r.action, target: r.target, summary: r.summary },
    ))
}

/// Every entry the same query finds, as a sheet with typed times.
pub async fn export(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    query: &ListQuery,
    lang: Lang,
) -> Result<Sheet, AppError> {
    let programme = readable(state, ctx, programme_id).await?;
    let (_, rows) = repo::page(&state.db, programme.as_deref(), &query.first_page(), EXPORT_LIMIT).await?;
    Ok(Sheet {
        name: lang.t("audit.title").to_string(),
        headers: ["audit.when", "audit.who", "audit.action", "audit.target", "audit.summary"]
            .iter()
            .map(|k| lang.t(k).to_string())
            .collect(),
        rows: rows
            .into_iter()
            .take(EXPORT_LIMIT as usize)
            .map(|r| {
                vec![
                    Cell::DateTime(r.at),
                    Cell::Text(r.actor_email),
                    Cell::Text(r.action),
                    Cell::Text(r.target),
                    Cell::Text(r.summary),
                ]
            })
            .collect(),
    })
}
