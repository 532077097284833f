//! Contact persons of organisations (personal data).
use super::Write;
use crate::backend::Db;
use crate::domain::contact::ContactInput;
use crate::domain::Grant;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
pub struct ContactRow {
    pub id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role_title: Option<String>,
    pub legal_basis: String,
    pub consent_given_on: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// The fields of a [`ContactRow`], for a `SELECT` from `contact`.
macro_rules! contact_fields {
    () => {
        "record::id(id) AS id, record::id(organisation) AS organisation_id, organisation.name AS organisation_name,
         name, email, phone, role_title, legal_basis, consent_given_on,
         <string> created_at AS created_at, <string> updated_at AS updated_at"
    };
}

/// The contacts of one organisation of the grant's programme.
pub async fn of_organisation(db: &Db, grant: &Grant, organisation_id: &str) -> surrealdb::Result<Vec<ContactRow>> {
    db.query(concat!(
        "SELECT ",
        contact_fields!(),
        " FROM contact WHERE organisation = type::record('organisation', $org)
           AND programme = type::record('programme', $pid) ORDER BY name"
    ))
    .bind(("org", organisation_id.to_string()))
    .bind(("pid", grant.programme().to_string()))
    .await?
    .take(0)
}

/// Everything held on one person in the grant's programme: the contacts with this e-mail address,
/// or, for a search by name, with this name (case aside).
pub async fn of_person(db: &Db, grant: &Grant, who: &str) -> surrealdb::Result<Vec<ContactRow>> {
    db.query(concat!(
        "SELECT ",
        contact_fields!(),
        " FROM contact WHERE programme = type::record('programme', $pid)
           AND (email = string::lowercase($who) OR string::lowercase(name) = string::lowercase($who))
         ORDER BY organisation_name, name"
    ))
    .bind(("who", who.trim().to_string()))
    .bind(("pid", grant.programme().to_string()))
    .await?
    .take(0)
}

/// Creates (`new`) or updates a contact of an organisation of the grant's programme.
pub fn save(grant: &Grant, id: &str, new: bool, organisation_id: &str, c: &ContactInput) -> Write {
    Write::new(
        "LET $org = type::record('organisation', $org_id);
         IF $org.programme != type::record('programme', $pid) { THROW 'not_found' };
         IF $new {
             CREATE type::record('contact', $id) SET programme = type::record('programme', $pid), organisation = $org,
                 name = $name, email = $email, phone = $phone, role_title = $role_title, legal_basis = $basis,
                 consent_given_on = $consent;
         } ELSE {
             IF array::len((UPDATE type::record('contact', $id) SET name = $name, email = $email, phone = $phone,
                 role_title = $role_title, legal_basis = $basis, consent_given_on = $consent, updated_at = time::now()
                 WHERE programme = type::record('programme', $pid) AND organisation = $org RETURN VALUE id)) = 0 { THROW 'not_found' };
         }",
    )
    .bind("pid", grant.programme().to_string())
    .bind("id", id.to_string())
    .bind("new", new)
    .bind("org_id", organisation_id.to_string())
    .bind("name", c.name.clone())
    .bind("email", c.email.clone())
    .bind("phone", c.phone.clone())
    .bind("role_title", c.role_title.clone())
    .bind("basis", c.legal_basis.clone())
    .bind("consent", c.consent_given_on.clone())
}

/// Every contact of the grant's programme, for an import to match rows against.
pub async fn all(db: &Db, grant: &Grant) -> surrealdb::Result<Vec<ContactRow>> {
    db.query(concat!("SELECT ", contact_fields!(), " FROM contact WHERE programme = type::record('programme', $pid)"))
        .bind(("pid", grant.programme().to_string()))
        .await?
        .take(0)
}

/// One contact of an import: a new one (`new`, its random key) or an update of an existing one.
#[derive(Clone, Debug, SurrealValue)]
pub struct ImportedContact {
    pub id: String,
    pub new: bool,
    pub organisation: String,
    pub contact: ContactInput,
}

/// Writes an import's contacts in one statement; every organisation must be the programme's.
pub fn save_all(grant: &Grant, rows: Vec<ImportedContact>) -> Write {
    Write::new(
        "LET $p = type::record('programme', $pid);
         FOR $c IN $rows {
             LET $org = type::record('organisation', $c.organisation);
             IF $org.programme != $p { THROW 'not_found' };
             IF $c.new {
                 CREATE type::record('contact', $c.id) SET programme = $p, organisation = $org, name = $c.contact.name,
                     email = $c.contact.email, phone = $c.contact.phone, role_title = $c.contact.role_title,
                     legal_basis = $c.contact.legal_basis, consent_given_on = $c.contact.consent_given_on RETURN NONE;
             } ELSE {
                 UPDATE type::record('contact', $c.id) SET name = $c.contact.name, email = $c.contact.email,
                     phone = $c.contact.phone, role_title = $c.contact.role_title, legal_basis = $c.contact.legal_basis,
                     consent_given_on = $c.contact.consent_given_on, updated_at = time::now()
                     WHERE programme = $p AND organisation = $org RETURN NONE;
             };
         };",
    )
    .bind("pid", grant.programme().to_string())
    .bind("rows", rows)
}

/// Deletes contacts of the grant's programme.
pub fn delete(grant: &Grant, ids: Vec<String>) -> Write {
    Write::new(
        "FOR $id IN $ids { DELETE type::record('contact', $id) WHERE programme = type::record('programme', $pid); }",
    )
    .bind("pid", grant.programme().to_string())
    .bind("ids", ids)
}

/// The e-mail addresses of the contact persons of some of the grant's organisations, as
/// (organisation id, address).
pub async fn emails_of(
    db: &Db,
    grant: &Grant,
    organisation_ids: Vec<String>,
) -> surrealdb::Result<Vec<(String, String)>> {
    #[derive(SurrealValue)]
    struct Row {
        organisation: String,
        email: String,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT record::id(organisation) AS organisation, email FROM contact
             WHERE programme = type::record('programme', $pid) AND email != NONE
               AND record::id(organisation) IN $orgs",
        )
        .bind(("pid", grant.programme().to_string()))
        .bind(("orgs", organisation_ids))
        .await?
        .take(0)?;
    Ok(rows.into_iter().map(|r| (r.organisation, r.email)).collect())
}
