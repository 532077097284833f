use crate::backend::Db;
use crate::domain::list::ListQuery;
use surrealdb::types::SurrealValue;

pub struct NewEntry<'a> {
    pub actor: Option<&'a str>,
    pub actor_email: &'a str,
    pub programme: Option<&'a str>,
    pub action: &'a str,
    pub target: String,
    pub summary: String,
}

pub fn entry(e: NewEntry<'_>) -> super::Write {
    super::Write::new(
        "CREATE audit SET actor = $actor, actor_email = $email, programme = $programme, action = $action,
            target = $target, summary = $summary",
    )
    .bind("actor", e.actor.map(str::to_string))
    .bind("email", e.actor_email.to_string())
    .bind("programme", e.programme.map(str::to_string))
    .bind("action", e.action.to_string())
    .bind("target", e.target)
    .bind("summary", e.summary)
}

/// Many records of one actor in one programme, as one statement (an import audits each row it
/// changed): each entry is (action, target, summary).
pub fn entries(
    actor: &str,
    actor_email: &str,
    programme: Option<&str>,
    entries: Vec<(String, String, String)>,
) -> super::Write {
    let entries: Vec<serde_json::Value> = entries
        .into_iter()
        .map(|(action, target, summary)| serde_json::json!({ "action": action, "target": target, "summary": summary }))
        .collect();
    super::Write::new(
        "FOR $e IN $entries {
             CREATE audit SET actor = $actor, actor_email = $email, programme = $programme, action = $e.action,
                 target = $e.target, summary = $e.summary RETURN NONE;
         }",
    )
    .bind("actor", actor.to_string())
    .bind("email", actor_email.to_string())
    .bind("programme", programme.map(str::to_string))
    .bind("entries", entries)
}

#[derive(Clone, Debug, SurrealValue)]
pub struct EntryRow {
    pub id: String,
    pub at: String,
    pub actor_email: String,
    pub action: String,
    pub target: String,
    pub summary: String,
}

/// One page of the log, newest first, in the list pattern: keyset on (time, id), so entries with
/// equal timestamps are never skipped, and the total count of matches. `programme` None reads every
/// entry (the platform view; the service allows it to admins only). `$needle` is matched
/// case-insensitively against actor, action, target and summary.
pub async fn page(
    db: &Db,
    programme: Option<&str>,
    list: &ListQuery,
    limit: u32,
) -> surrealdb::Result<(u64, Vec<EntryRow>)> {
    let query = db
        .query(
            "RETURN (SELECT count() AS n FROM audit
                WHERE ($all OR programme = $programme) AND ($action = NONE OR action = $action)
                  AND ($needle = NONE OR string::contains(string::lowercase(actor_email + ' ' + action + ' ' + target + ' ' + summary), $needle))
                GROUP ALL)[0].n ?? 0;
             SELECT record::id(id) AS id, <string> at AS at, actor_email, action, target, summary, at AS sort_at FROM audit
                WHERE ($all OR programme = $programme) AND ($action = NONE OR action = $action)
                  AND ($needle = NONE OR string::contains(string::lowercase(actor_email + ' ' + action + ' ' + target + ' ' + summary), $needle))
                  AND ($ak = NONE OR at < <datetime>$ak OR (at = <datetime>$ak AND id < type::record('audit', $aid)))
                ORDER BY sort_at DESC, id DESC LIMIT $n;",
        )
        .bind(("all", programme.is_none()))
        .bind(("programme", programme.map(str::to_string)))
        .bind(("action", list.filter("action").map(str::to_string)));
    let mut res = super::list_params(query, list, AUDIT_SORTS, limit).await?;
    let total: Option<i64> = res.take(0)?;
    Ok((total.unwrap_or(0).max(0) as u64, res.take(1)?))
}

/// The log sorts by time only, newest first.
pub const AUDIT_SORTS: &[&str] = &["at"];
