use crate::backend::Db;
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

#[derive(Clone, Debug, SurrealValue)]
pub struct EntryRow {
    pub at: String,
    pub actor_email: String,
    pub action: String,
    pub target: String,
    pub summary: String,
}

/// Newest first; `programme` None searches every entry (platform view). `q` is matched
/// case-insensitively against actor, action, target and summary.
pub async fn search(
    db: &Db,
    programme: Option<String>,
    q: &str,
    before: Option<String>,
    limit: i64,
) -> surrealdb::Result<Vec<EntryRow>> {
    db.query(
        "SELECT <string> at AS at, actor_email, action, target, summary, at AS sort_at FROM audit
         WHERE ($all_programmes OR programme = $programme)
           AND ($q = '' OR string::contains(string::lowercase(actor_email + ' ' + action + ' ' + target + ' ' + summary), $q))
           AND (!$before OR at < <datetime>$before)
         ORDER BY sort_at DESC LIMIT $limit",
    )
    .bind(("all_programmes", programme.is_none()))
    .bind(("programme", programme))
    .bind(("q", q.trim().to_lowercase()))
    .bind(("before", before))
    .bind(("limit", limit))
    .await?
    .take(0)
}
