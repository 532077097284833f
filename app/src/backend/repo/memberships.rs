//! Memberships: a person's role (and jurisdiction or organisation) in a programme, and the people
//! list built from them.
use super::tokens::TokenRow;
use super::users::UserRow;
use super::Write;
use crate::backend::Db;
use crate::domain::list::ListQuery;
use crate::domain::{Grant, Role};
use surrealdb::types::SurrealValue;

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

/// The person behind a live session (`session_id`) or with a user id, and their memberships, in one
/// round-trip. `None` when the session is unknown, expired or anonymous, or its user is gone.
async fn person(
    db: &Db,
    session_id: Option<&str>,
    user_id: Option<&str>,
) -> surrealdb::Result<Option<(UserRow, Vec<MembershipRow>)>> {
    let mut res = db
        .query(
            "LET $uid = IF $sid THEN (SELECT VALUE user FROM type::record('session', $sid) WHERE expires_at > time::now())[0] ELSE $user END;
             IF $uid THEN (SELECT record::id(id) AS id, email, name, password_hash, is_admin, active FROM type::record('user', $uid)) ELSE [] END;
             IF $uid THEN (SELECT record::id(programme) AS programme_id, programme.name AS programme_name, role,
                    jurisdiction.path AS jurisdiction_path, jurisdiction.name AS jurisdiction_name,
                    (IF organisation THEN record::id(organisation) END) AS organisation_id,
                    organisation.name AS organisation_name
                FROM membership WHERE user = type::record('user', $uid) ORDER BY programme_name) ELSE [] END;",
        )
        .bind(("sid", session_id.map(str::to_string)))
        .bind(("user", user_id.map(str::to_string)))
        .await?;
    let user: Option<UserRow> = res.take::<Vec<UserRow>>(1)?.into_iter().next();
    let memberships: Vec<MembershipRow> = res.take(2)?;
    Ok(user.map(|u| (u, memberships)))
}

pub async fn person_by_session(db: &Db, session_id: &str) -> surrealdb::Result<Option<(UserRow, Vec<MembershipRow>)>> {
    person(db, Some(session_id), None).await
}

pub async fn person_by_user(db: &Db, user_id: &str) -> surrealdb::Result<Option<(UserRow, Vec<MembershipRow>)>> {
    person(db, None, Some(user_id)).await
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
    pub id: String,
    pub user_id: String,
    pub name: String,
    /// Only where the grant sees contact details.
    pub email: Option<String>,
    pub role: String,
    pub jurisdiction_name: Option<String>,
    pub organisation_name: Option<String>,
    /// The sort key (the list pattern's cursor is this and the id).
    pub k: String,
}

/// The columns the people list sorts by; the first is the default.
pub const PEOPLE_SORTS: &[&str] = &["name", "email", "role", "scope"];

/// Who sees which e-mail addresses (see [`Grant::sees_contacts_at`], which this mirrors in the query).
fn contacts(grant: &Grant) -> (&'static str, Option<String>) {
    match grant.role() {
        Role::Admin | Role::Coordinator => ("all", None),
        Role::Official => ("subtree", grant.subtree().map(str::to_string)),
        _ => ("none", None),
    }
}

/// One page of a programme's people (the list pattern: filters, sort, cursor, total) and, for those
/// who may invite, the open invitations, in one round-trip.
/// E-mail addresses are read only where the grant sees them, so neither the page, its search nor
/// its export can reveal the others.
pub async fn people_page(
    db: &Db,
    grant: &Grant,
    list: &ListQuery,
    limit: u32,
    with_invitations: bool,
) -> surrealdb::Result<(u64, Vec<PersonRow>, Vec<TokenRow>)> {
    let (contacts, subtree) = contacts(grant);
    let query = db
        .query(
            "LET $p = type::record('programme', $pid);
             LET $rows = (SELECT record::id(id) AS id, record::id(user) AS user_id, user.name AS name, role,
                    jurisdiction.name AS jurisdiction_name, organisation.name AS organisation_name,
                    (IF $contacts = 'all' OR ($contacts = 'subtree' AND string::starts_with(jurisdiction.path ?? '', $subtree ?? '~'))
                        THEN user.email END) AS email
                FROM membership WHERE programme = $p AND ($role = NONE OR role = $role));
             LET $hits = (SELECT *, string::lowercase(
                        IF $sort = 'email' THEN email ?? '' ELSE IF $sort = 'role' THEN role
                        ELSE IF $sort = 'scope' THEN jurisdiction_name ?? organisation_name ?? '' ELSE name END) AS k
                FROM $rows WHERE $needle = NONE OR string::contains(string::lowercase(name + ' ' + (email ?? '')), $needle));
             RETURN count($hits);
             IF $desc THEN (SELECT * FROM $hits WHERE $ak = NONE OR k < $ak OR (k = $ak AND id < $aid) ORDER BY k DESC, id DESC LIMIT $n)
             ELSE (SELECT * FROM $hits WHERE $ak = NONE OR k > $ak OR (k = $ak AND id > $aid) ORDER BY k, id LIMIT $n) END;
             IF $invites THEN (SELECT record::id(id) AS id, kind, email,
                    (IF programme THEN record::id(programme) END) AS programme_id, programme.name AS programme_name, role,
                    (IF jurisdiction THEN record::id(jurisdiction) END) AS jurisdiction_id, jurisdiction.name AS jurisdiction_name,
                    (IF organisation THEN record::id(organisation) END) AS organisation_id, organisation.name AS organisation_name,
                    <string> expires_at AS expires_at
                FROM token WHERE programme = $p AND kind = 'invitation' AND used_at = NONE AND expires_at > time::now()
                ORDER BY expires_at DESC) ELSE [] END;",
        )
        .bind(("pid", grant.programme().to_string()))
        .bind(("contacts", contacts))
        .bind(("subtree", subtree))
        .bind(("role", list.filter("role").map(str::to_string)))
        .bind(("invites", with_invitations));
    let mut res = super::list_params(query, list, PEOPLE_SORTS, limit).await?;
    let total: Option<i64> = res.take(3)?;
    Ok((total.unwrap_or(0).max(0) as u64, res.take(4)?, res.take(5)?))
}

/// Which of these e-mail addresses belong to people of the grant's programme.
pub async fn member_emails(db: &Db, grant: &Grant, emails: Vec<String>) -> surrealdb::Result<Vec<String>> {
    db.query(
        "SELECT VALUE user.email FROM membership
         WHERE programme = type::record('programme', $pid) AND user.email IN $emails",
    )
    .bind(("pid", grant.programme().to_string()))
    .bind(("emails", emails))
    .await?
    .take(0)
}
