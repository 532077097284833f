//! The one audit path: every staff mutation writes its record with `Audit::write` in the change's own
//! transaction (or `Audit::record` when the change is a single write).
use super::authz::{self, Action};
use crate::api::audit::{AuditEntry, AuditPage};
use crate::backend::auth::Ctx;
use crate::backend::repo::audit as repo;
use crate::backend::repo::Write;
use crate::backend::AppState;
use crate::error::AppError;

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

const PAGE: i64 = 50;

pub async fn search(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    q: &str,
    before: &str,
) -> Result<AuditPage, AppError> {
    let programme = if programme_id.is_empty() {
        authz::require_admin(ctx)?;
        None
    } else {
        authz::require(state, ctx, Action::ReadAudit, programme_id).await?;
        Some(programme_id.to_string())
    };
    let before = (!before.trim().is_empty()).then(|| before.trim().to_string());
    if let Some(b) = &before {
        time::OffsetDateTime::parse(b, &time::format_description::well_known::Rfc3339)
            .map_err(|_| AppError::field("before", "invalid_date"))?;
    }
    let mut rows = repo::search(&state.db, programme, q, before, PAGE + 1).await?;
    let has_more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    Ok(AuditPage {
        entries: rows
            .into_iter()
            .map(|r| AuditEntry {
                at: r.at,
                actor_email: r.actor_email,
                action: r.action,
                target: r.target,
                summary: r.summary,
            })
            .collect(),
        has_more,
    })
}
