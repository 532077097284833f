//! Memberships: a person's role (and jurisdiction or organisation) in a programme, and the people
//! list built from them.
use super::users::UserRow;
use super::Write;
use crate::backend::Db;
use crate::domain::list::ListQuery;
use crate::domain::Grant;
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

/// One person of a programme as the people list reads them: the whole programme is read at once
/// (tens to hundreds of people) into a snapshot kept in the read cache, and the list, its search
/// and its export are cut from it by [`select`].
#[derive(Clone, Debug, SurrealValue)]
pub struct Member {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub jurisdiction_path: Option<String>,
    pub jurisdiction_name: Option<String>,
    pub organisation_name: Option<String>,
}

/// An unused invitation to a programme; it runs until `expires` (Unix seconds), checked when shown.
#[derive(Clone, Debug, SurrealValue)]
pub struct Invitation {
    pub email: String,
    pub role: Option<String>,
    pub jurisdiction_name: Option<String>,
    pub organisation_name: Option<String>,
    pub expires: i64,
}

/// A programme's people and its unused invitations, in one round-trip.
#[derive(Clone, Debug, Default)]
pub struct People {
    pub members: Vec<Member>,
    pub invitations: Vec<Invitation>,
}

/// The tables a [`People`] snapshot is read from: a write to any of them replaces it.
pub const PEOPLE_TABLES: &[&str] = &["membership", "user", "jurisdiction", "organisation", "token"];

pub async fn people(db: &Db, programme_id: &str) -> surrealdb::Result<People> {
    let mut res = db
        .query(
            "LET $p = type::record('programme', $pid);
             SELECT record::id(id) AS id, record::id(user) AS user_id, user.name AS name, user.email AS email, role,
                    jurisdiction.path AS jurisdiction_path, jurisdiction.name AS jurisdiction_name,
                    organisation.name AS organisation_name
                FROM membership WHERE programme = $p;
             SELECT email, role, jurisdiction.name AS jurisdiction_name, organisation.name AS organisation_name,
                    time::unix(<datetime> expires_at) AS expires
                FROM token WHERE programme = $p AND kind = 'invitation' AND used_at = NONE
                ORDER BY expires_at DESC;",
        )
        .bind(("pid", programme_id.to_string()))
        .await?;
    Ok(People { members: res.take(1)?, invitations: res.take(2)? })
}

/// A person as one page of the list shows them: the e-mail address only where the grant sees it.
#[derive(Clone, Debug)]
pub struct PersonRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub email: Option<String>,
    pub role: String,
    pub scope_label: Option<String>,
    /// The sort key (the list pattern's cursor is this and the id).
    pub k: String,
}

/// The columns the people list sorts by; the first is the default.
pub const PEOPLE_SORTS: &[&str] = &["name", "email", "role", "scope"];

/// The people of a snapshot that the list pattern finds (role filter, free text over name and the
/// addresses the grant sees, sort, cursor): how many, and `limit + 1` of them at most. E-mail
/// addresses are kept only where [`Grant::sees_contacts_at`], so neither the page, its search nor
/// its export can reveal the others.
pub fn select(members: &[Member], grant: &Grant, list: &ListQuery, limit: u32) -> (u64, Vec<PersonRow>) {
    let role = list.filter("role");
    let needle = list.needle();
    let sort = super::applied_sort(list, PEOPLE_SORTS);
    let mut total = 0;
    let hits = members.iter().filter_map(|m| {
        let email = grant.sees_contacts_at(m.jurisdiction_path.as_deref()).then_some(m.email.as_str());
        let found = role.is_none_or(|r| m.role == r)
            && needle.as_deref().is_none_or(|n| {
                m.name.to_lowercase().contains(n) || email.is_some_and(|e| e.to_lowercase().contains(n))
            });
        if !found {
            return None;
        }
        total += 1;
        let scope = m.jurisdiction_name.as_deref().or(m.organisation_name.as_deref());
        let k = match sort {
            "email" => email.unwrap_or(""),
            "role" => m.role.as_str(),
            "scope" => scope.unwrap_or(""),
            _ => m.name.as_str(),
        }
        .to_lowercase();
        Some((k, m.id.as_str(), (m, email, scope)))
    });
    let hits: Vec<_> = hits.collect();
    let rows = crate::domain::list::keyed_page(hits, list, limit)
        .into_iter()
        .map(|(k, id, (m, email, scope))| PersonRow {
            id: id.to_string(),
            user_id: m.user_id.clone(),
            name: m.name.clone(),
            email: email.map(str::to_string),
            role: m.role.clone(),
            scope_label: scope.map(str::to_string),
            k,
        })
        .collect();
    (total, rows)
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
