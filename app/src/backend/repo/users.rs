//! Accounts: who can sign in.
use super::Write;
use crate::backend::Db;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub is_admin: bool,
    pub active: bool,
}

pub async fn user_by_email(db: &Db, email: &str) -> surrealdb::Result<Option<UserRow>> {
    db.query("SELECT record::id(id) AS id, email, name, password_hash, is_admin, active FROM user WHERE email = $email LIMIT 1")
        .bind(("email", email.to_string()))
        .await?
        .take(0)
}

pub async fn user_by_id(db: &Db, id: &str) -> surrealdb::Result<Option<UserRow>> {
    db.query("SELECT record::id(id) AS id, email, name, password_hash, is_admin, active FROM type::record('user', $id)")
        .bind(("id", id.to_string()))
        .await?
        .take(0)
}

/// A new account with a key chosen here, so the same transaction can refer to it.
pub fn new_user(id: &str, email: &str, name: &str, password_hash: &str, is_admin: bool) -> Write {
    Write::new(
        "CREATE type::record('user', $id) SET email = $email, name = $name, password_hash = $hash, is_admin = $admin",
    )
    .bind("id", id.to_string())
    .bind("email", email.to_string())
    .bind("name", name.to_string())
    .bind("hash", password_hash.to_string())
    .bind("admin", is_admin)
}

pub async fn create_user(
    db: &Db,
    email: &str,
    name: &str,
    password_hash: &str,
    is_admin: bool,
) -> surrealdb::Result<String> {
    let id = super::random_key();
    new_user(&id, email, name, password_hash, is_admin).run(db).await?;
    Ok(id)
}

pub fn set_password(user_id: &str, hash: &str) -> Write {
    Write::new("UPDATE type::record('user', $id) SET password_hash = $hash")
        .bind("id", user_id.to_string())
        .bind("hash", hash.to_string())
}
