use super::organisations::ORGANISATIONS_OF_P;
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
pub async fn person_by_session(db: &Db, session_id: &str) -> surrealdb::Result<Option<(UserRow, Vec<MembershipRow>)>> {
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
pub fn membership(
    user_id: &str,
    programme_id: &str,
    role: &str,
    jurisdiction_id: Option<String>,
    organisation_id: Option<String>,
) -> Write {
    Write::new(
        "CREATE membership SET user = type::record('user', $user), programme = type::record('programme', $programme),
            role = $role,
            jurisdiction = IF $jurisdiction THEN type::record('jurisdiction', $jurisdiction) END,
            organisation = IF $organisation THEN type::record('organisation', $organisation) END",
    )
    .bind("user", user_id.to_string())
    .bind("programme", programme_id.to_string())
    .bind("role", role.to_string())
    .bind("jurisdiction", jurisdiction_id)
    .bind("organisation", organisation_id)
}

pub async fn add_membership(
    db: &Db,
    user_id: &str,
    programme_id: &str,
    role: &str,
    jurisdiction_id: Option<String>,
    organisation_id: Option<String>,
) -> surrealdb::Result<()> {
    membership(user_id, programme_id, role, jurisdiction_id, organisation_id).run(db).await
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

/// A programme's people page in one round-trip: the members, and for those who may invite, the open
/// invitations and the organisations to invite into.
pub async fn people_page(
    db: &Db,
    programme_id: &str,
    with_invitations: bool,
) -> surrealdb::Result<(Vec<PersonRow>, Vec<TokenRow>, Vec<super::organisations::OrganisationRow>)> {
    let mut res = db
        .query(format!(
            "LET $p = type::record('programme', $pid);
             SELECT record::id(user) AS user_id, user.name AS name, user.email AS email, role,
                    jurisdiction.name AS jurisdiction_name, organisation.name AS organisation_name
             FROM membership WHERE programme = $p ORDER BY name;
             IF $invites THEN (SELECT {TOKEN_FIELDS} FROM token
                 WHERE programme = $p AND kind = 'invitation' AND used_at = NONE AND expires_at > time::now()
                 ORDER BY expires_at DESC) ELSE [] END;
             IF $invites THEN ({ORGANISATIONS_OF_P}) ELSE [] END;"
        ))
        .bind(("pid", programme_id.to_string()))
        .bind(("invites", with_invitations))
        .await?;
    Ok((res.take(1)?, res.take(2)?, res.take(3)?))
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

pub fn new_token(t: NewToken<'_>) -> Write {
    Write::new(
        "CREATE token SET kind = $kind, token_hash = $hash, email = $email,
            programme = IF $programme THEN type::record('programme', $programme) END,
            role = $role,
            jurisdiction = IF $jurisdiction THEN type::record('jurisdiction', $jurisdiction) END,
            organisation = IF $organisation THEN type::record('organisation', $organisation) END,
            created_by = IF $created_by THEN type::record('user', $created_by) END,
            expires_at = time::now() + <duration>(<string>$ttl + 's')",
    )
    .bind("kind", t.kind.to_string())
    .bind("hash", t.token_hash)
    .bind("email", t.email.to_string())
    .bind("programme", t.programme_id)
    .bind("role", t.role)
    .bind("jurisdiction", t.jurisdiction_id)
    .bind("organisation", t.organisation_id)
    .bind("created_by", t.created_by)
    .bind("ttl", t.ttl_seconds)
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
/// Spends a single-use link; the transaction fails with `invalid_token` if it was already spent
/// (two people racing with the same link: one wins).
pub fn spend_token(id: &str) -> Write {
    Write::new(
        "IF array::len((UPDATE type::record('token', $id) SET used_at = time::now() WHERE used_at = NONE RETURN VALUE id)) = 0
         { THROW 'invalid_token' }",
    )
    .bind("id", id.to_string())
}

/// Spends every open reset link of an address (after a reset or a password change).
pub fn revoke_resets(email: &str) -> Write {
    Write::new("UPDATE token SET used_at = time::now() WHERE email = $email AND kind = 'reset' AND used_at = NONE")
        .bind("email", email.to_string())
}

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
