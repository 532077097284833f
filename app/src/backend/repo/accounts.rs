use super::first_real_error;
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

const USER_FIELDS: &str = "record::id(id) AS id, email, name, password_hash, is_admin, active";

pub async fn user_by_email(db: &Db, email: &str) -> surrealdb::Result<Option<UserRow>> {
    db.query(format!("SELECT {USER_FIELDS} FROM user WHERE email = $email LIMIT 1"))
        .bind(("email", email.to_string()))
        .await?
        .take(0)
}

pub async fn user_by_id(db: &Db, id: &str) -> surrealdb::Result<Option<UserRow>> {
    db.query(format!("SELECT {USER_FIELDS} FROM type::record('user', $id)")).bind(("id", id.to_string())).await?.take(0)
}

pub async fn create_user(
    db: &Db,
    email: &str,
    name: &str,
    password_hash: &str,
    is_admin: bool,
) -> surrealdb::Result<String> {
    let mut res = db
        .query("CREATE user SET email = $email, name = $name, password_hash = $hash, is_admin = $admin RETURN record::id(id) AS id")
        .bind(("email", email.to_string()))
        .bind(("name", name.to_string()))
        .bind(("hash", password_hash.to_string()))
        .bind(("admin", is_admin))
        .await?;
    let id: Option<String> = res.take((0, "id"))?;
    Ok(id.unwrap_or_default())
}

pub async fn set_password(db: &Db, user_id: &str, hash: &str) -> surrealdb::Result<()> {
    db.query("UPDATE type::record('user', $id) SET password_hash = $hash")
        .bind(("id", user_id.to_string()))
        .bind(("hash", hash.to_string()))
        .await?
        .check()?;
    Ok(())
}

#[derive(Clone, Debug, SurrealValue)]
pub struct MembershipRow {
    pub programme_id: String,
    pub programme_name: String,
    pub role: String,
    pub jurisdiction_path: Option<String>,
    pub jurisdiction_name: Option<String>,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
}

/// The person behind a live session and their memberships, in one round-trip. `None` when the
/// session is unknown, expired or anonymous, or its user is gone.
pub async fn person_by_session(
    db: &Db,
    session_id: &str,
) -> surrealdb::Result<Option<(UserRow, Vec<MembershipRow>)>> {
    let mut res = db
        .query(format!(
            "LET $uid = (SELECT VALUE user FROM type::record('session', $sid) WHERE expires_at > time::now())[0];
             IF $uid THEN (SELECT {USER_FIELDS} FROM type::record('user', $uid)) ELSE [] END;
             IF $uid THEN ({MEMBERSHIPS_OF_UID}) ELSE [] END;"
        ))
        .bind(("sid", session_id.to_string()))
        .await?;
    let user: Option<UserRow> = res.take::<Vec<UserRow>>(1)?.into_iter().next();
    let memberships: Vec<MembershipRow> = res.take(2)?;
    Ok(user.map(|u| (u, memberships)))
}

const MEMBERSHIPS_OF_UID: &str = "SELECT record::id(programme) AS programme_id, programme.name AS programme_name, role,
        jurisdiction.path AS jurisdiction_path, jurisdiction.name AS jurisdiction_name,
        (IF organisation THEN record::id(organisation) END) AS organisation_id,
        organisation.name AS organisation_name
    FROM membership WHERE user = type::record('user', $uid) ORDER BY programme_name";

pub async fn memberships(db: &Db, user_id: &str) -> surrealdb::Result<Vec<MembershipRow>> {
    db.query(MEMBERSHIPS_OF_UID).bind(("uid", user_id.to_string())).await?.take(0)
}

/// Adds a membership; a second one for the same person and programme is refused by the unique index.
pub async fn add_membership(
    db: &Db,
    user_id: &str,
    programme_id: &str,
    role: &str,
    jurisdiction_id: Option<String>,
    organisation_id: Option<String>,
) -> surrealdb::Result<()> {
    let res = db
        .query(
            "CREATE membership SET user = type::record('user', $user), programme = type::record('programme', $programme),
                role = $role,
                jurisdiction = IF $jurisdiction THEN type::record('jurisdiction', $jurisdiction) END,
                organisation = IF $organisation THEN type::record('organisation', $organisation) END",
        )
        .bind(("user", user_id.to_string()))
        .bind(("programme", programme_id.to_string()))
        .bind(("role", role.to_string()))
        .bind(("jurisdiction", jurisdiction_id))
        .bind(("organisation", organisation_id))
        .await?;
    first_real_error(res)?;
    Ok(())
}

#[derive(Clone, Debug, SurrealValue)]
pub struct PersonRow {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub jurisdiction_name: Option<String>,
    pub organisation_name: Option<String>,
}

pub async fn people(db: &Db, programme_id: &str) -> surrealdb::Result<Vec<PersonRow>> {
    db.query(
        "SELECT record::id(user) AS user_id, user.name AS name, user.email AS email, role,
                jurisdiction.name AS jurisdiction_name, organisation.name AS organisation_name
         FROM membership WHERE programme = type::record('programme', $p) ORDER BY name",
    )
    .bind(("p", programme_id.to_string()))
    .await?
    .take(0)
}

/// A single-use link's stored half.
#[derive(Clone, Debug, SurrealValue)]
pub struct TokenRow {
    pub id: String,
    pub kind: String,
    pub email: String,
    pub programme_id: Option<String>,
    pub programme_name: Option<String>,
    pub role: Option<String>,
    pub jurisdiction_id: Option<String>,
    pub jurisdiction_name: Option<String>,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub expires_at: String,
}

pub struct NewToken<'a> {
    pub kind: &'a str,
    pub token_hash: String,
    pub email: &'a str,
    pub programme_id: Option<String>,
    pub role: Option<String>,
    pub jurisdiction_id: Option<String>,
    pub organisation_id: Option<String>,
    pub created_by: Option<String>,
    pub ttl_seconds: i64,
}

pub async fn create_token(db: &Db, t: NewToken<'_>) -> surrealdb::Result<()> {
    let res = db
        .query(
            "CREATE token SET kind = $kind, token_hash = $hash, email = $email,
                programme = IF $programme THEN type::record('programme', $programme) END,
                role = $role,
                jurisdiction = IF $jurisdiction THEN type::record('jurisdiction', $jurisdiction) END,
                organisation = IF $organisation THEN type::record('organisation', $organisation) END,
                created_by = IF $created_by THEN type::record('user', $created_by) END,
                expires_at = time::now() + <duration>(<string>$ttl + 's')",
        )
        .bind(("kind", t.kind.to_string()))
        .bind(("hash", t.token_hash))
        .bind(("email", t.email.to_string()))
        .bind(("programme", t.programme_id))
        .bind(("role", t.role))
        .bind(("jurisdiction", t.jurisdiction_id))
        .bind(("organisation", t.organisation_id))
        .bind(("created_by", t.created_by))
        .bind(("ttl", t.ttl_seconds))
        .await?;
    first_real_error(res)?;
    Ok(())
}

const TOKEN_FIELDS: &str = "record::id(id) AS id, kind, email,
    (IF programme THEN record::id(programme) END) AS programme_id, programme.name AS programme_name, role,
    (IF jurisdiction THEN record::id(jurisdiction) END) AS jurisdiction_id, jurisdiction.name AS jurisdiction_name,
    (IF organisation THEN record::id(organisation) END) AS organisation_id, organisation.name AS organisation_name,
    <string> expires_at AS expires_at";

/// A usable token of `kind`: known, unused, unexpired.
pub async fn valid_token(db: &Db, kind: &str, token_hash: &str) -> surrealdb::Result<Option<TokenRow>> {
    db.query(format!(
        "SELECT {TOKEN_FIELDS} FROM token
         WHERE token_hash = $hash AND kind = $kind AND used_at = NONE AND expires_at > time::now() LIMIT 1"
    ))
    .bind(("hash", token_hash.to_string()))
    .bind(("kind", kind.to_string()))
    .await?
    .take(0)
}

/// Marks a token used, only if it still was unused: true when this call used it (so two concurrent
/// uses cannot both succeed).
pub async fn use_token(db: &Db, id: &str) -> surrealdb::Result<bool> {
    let mut res = db
        .query("UPDATE type::record('token', $id) SET used_at = time::now() WHERE used_at = NONE RETURN record::id(id) AS id")
        .bind(("id", id.to_string()))
        .await?;
    let rows: Vec<surrealdb::types::Value> = res.take(0)?;
    Ok(!rows.is_empty())
}

pub async fn open_invitations(db: &Db, programme_id: &str) -> surrealdb::Result<Vec<TokenRow>> {
    db.query(format!(
        "SELECT {TOKEN_FIELDS} FROM token
         WHERE programme = type::record('programme', $p) AND kind = 'invitation' AND used_at = NONE
           AND expires_at > time::now() ORDER BY expires_at DESC"
    ))
    .bind(("p", programme_id.to_string()))
    .await?
    .take(0)
}

pub async fn queue_mail(db: &Db, to: &str, subject: &str, body: &str) -> surrealdb::Result<()> {
    db.query("CREATE outbox SET recipient = $to, subject = $subject, body = $body")
        .bind(("to", to.to_string()))
        .bind(("subject", subject.to_string()))
        .bind(("body", body.to_string()))
        .await?
        .check()?;
    Ok(())
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
