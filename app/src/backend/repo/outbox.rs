//! The mail queue: messages wait here until the sender delivers them.
use super::Write;
use crate::backend::Db;
use surrealdb::types::SurrealValue;

pub fn queue_mail(to: &str, subject: &str, body: &str) -> Write {
    Write::new("CREATE outbox SET recipient = $to, subject = $subject, body = $body")
        .bind("to", to.to_string())
        .bind("subject", subject.to_string())
        .bind("body", body.to_string())
}

#[derive(Clone, Debug, SurrealValue)]
pub struct MailRow {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

pub async fn unsent_mail(db: &Db, limit: i64) -> surrealdb::Result<Vec<MailRow>> {
    db.query(
        "SELECT record::id(id) AS id, recipient, subject, body, created_at FROM outbox
         WHERE sent_at = NONE AND attempts < 5 ORDER BY created_at LIMIT $limit",
    )
    .bind(("limit", limit))
    .await?
    .take(0)
}

pub async fn mark_mail(db: &Db, id: &str, error: Option<String>) -> surrealdb::Result<()> {
    db.query(
        "UPDATE type::record('outbox', $id) SET attempts += 1, last_error = $error,
            sent_at = IF $error THEN NONE ELSE time::now() END",
    )
    .bind(("id", id.to_string()))
    .bind(("error", error))
    .await?
    .check()?;
    Ok(())
}

pub async fn latest_mail_to(db: &Db, to: &str) -> surrealdb::Result<Option<MailRow>> {
    db.query(
        "SELECT record::id(id) AS id, recipient, subject, body, created_at FROM outbox
         WHERE recipient = $to ORDER BY created_at DESC LIMIT 1",
    )
    .bind(("to", to.to_string()))
    .await?
    .take(0)
}
