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
    #[surreal(default)]
    pub attempts: i64,
}

/// Messages waiting to be sent, those tried least first, so one that keeps failing never holds the
/// others back.
pub async fn unsent_mail(db: &Db, limit: i64) -> surrealdb::Result<Vec<MailRow>> {
    db.query(
        "SELECT record::id(id) AS id, recipient, subject, body, attempts, created_at FROM outbox
         WHERE sent_at = NONE AND failed_at = NONE ORDER BY attempts, created_at LIMIT $limit",
    )
    .bind(("limit", limit))
    .await?
    .take(0)
}

/// Sent: the body keeps no usable link from now on.
pub async fn mark_sent(db: &Db, id: &str, scrubbed_body: &str) -> surrealdb::Result<()> {
    db.query(
        "UPDATE type::record('outbox', $id) SET attempts += 1, last_error = NONE, sent_at = time::now(), body = $body",
    )
    .bind(("id", id.to_string()))
    .bind(("body", scrubbed_body.to_string()))
    .await?
    .check()?;
    Ok(())
}

/// One more failed attempt; at `max_attempts` the message is given up (`failed_at`) and its body
/// scrubbed like a sent one's.
pub async fn mark_failed_attempt(
    db: &Db,
    id: &str,
    error: &str,
    max_attempts: i64,
    scrubbed_body: &str,
) -> surrealdb::Result<()> {
    db.query(
        "UPDATE type::record('outbox', $id) SET attempts += 1, last_error = $error;
         UPDATE type::record('outbox', $id) SET failed_at = time::now(), body = $body WHERE attempts >= $max;",
    )
    .bind(("id", id.to_string()))
    .bind(("error", error.to_string()))
    .bind(("max", max_attempts))
    .bind(("body", scrubbed_body.to_string()))
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
