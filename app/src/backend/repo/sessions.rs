use crate::backend::Db;
use surrealdb::types::SurrealValue;

#[derive(SurrealValue)]
pub struct SessionRow {
    pub data: String,
}

pub async fn load(db: &Db, id: &str) -> surrealdb::Result<Option<SessionRow>> {
    db.query("SELECT data FROM type::record('session', $id) WHERE expires_at > time::now()")
        .bind(("id", id.to_string()))
        .await?
        .take(0)
}

/// Creates the session only if its id is free; false on a collision.
pub async fn create(db: &Db, id: &str, data: &str, user: Option<String>, expires_at: &str) -> surrealdb::Result<bool> {
    let mut res = db
        .query("CREATE type::record('session', $id) SET data = $data, user = $user, expires_at = <datetime>$exp")
        .bind(("id", id.to_string()))
        .bind(("data", data.to_string()))
        .bind(("user", user))
        .bind(("exp", expires_at.to_string()))
        .await?;
    match res.take::<Vec<surrealdb::types::Value>>(0) {
        Ok(_) => Ok(true),
        Err(e) if e.is_already_exists() => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn save(db: &Db, id: &str, data: &str, user: Option<String>, expires_at: &str) -> surrealdb::Result<()> {
    db.query("UPSERT type::record('session', $id) SET data = $data, user = $user, expires_at = <datetime>$exp")
        .bind(("id", id.to_string()))
        .bind(("data", data.to_string()))
        .bind(("user", user))
        .bind(("exp", expires_at.to_string()))
        .await?
        .check()?;
    Ok(())
}

pub async fn delete(db: &Db, id: &str) -> surrealdb::Result<()> {
    db.query("DELETE type::record('session', $id)").bind(("id", id.to_string())).await?.check()?;
    Ok(())
}

/// Ends every session of a person, except `keep` (the one making the change).
pub fn delete_for_user(user_id: &str, keep: Option<String>) -> super::Write {
    super::Write::new("DELETE session WHERE user = $user AND (!$keep OR record::id(id) != $keep)")
        .bind("user", user_id.to_string())
        .bind("keep", keep)
}

pub async fn delete_expired(db: &Db) -> surrealdb::Result<()> {
    db.query("DELETE session WHERE expires_at <= time::now()").await?.check()?;
    Ok(())
}
