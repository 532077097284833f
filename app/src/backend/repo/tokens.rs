//! Single-use links (invitations, password resets); only their SHA-256 is stored.
use super::Write;
use crate::backend::Db;
use surrealdb::types::SurrealValue;

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

/// An invitation into the grant's programme (the grant is the proof that inviting was allowed).
pub fn invitation(grant: &crate::domain::Grant, t: NewToken<'_>) -> Write {
    new_token(NewToken { programme_id: Some(grant.programme().to_string()), ..t })
}

/// A password-reset link: never tied to a programme.
pub fn reset_link(t: NewToken<'_>) -> Write {
    new_token(NewToken {
        kind: "reset",
        programme_id: None,
        role: None,
        jurisdiction_id: None,
        organisation_id: None,
        ..t
    })
}

fn new_token(t: NewToken<'_>) -> Write {
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

/// A usable token of `kind`: known, unused, unexpired.
pub async fn valid_token(db: &Db, kind: &str, token_hash: &str) -> surrealdb::Result<Option<TokenRow>> {
    db.query("SELECT record::id(id) AS id, kind, email,
            (IF programme THEN record::id(programme) END) AS programme_id, programme.name AS programme_name, role,
            (IF jurisdiction THEN record::id(jurisdiction) END) AS jurisdiction_id, jurisdiction.name AS jurisdiction_name,
            (IF organisation THEN record::id(organisation) END) AS organisation_id, organisation.name AS organisation_name,
            <string> expires_at AS expires_at FROM token
         WHERE token_hash = $hash AND kind = $kind AND used_at = NONE AND expires_at > time::now() LIMIT 1")
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
