//! Contact persons: kept by those who may edit their organisation, each on a legal basis; and a
//! person's rights: a coordinator exports everything held on them or erases it. The audit log
//! records that contacts changed or were erased, never the values, so an erasure leaves no trace of
//! the person.
use super::audit::Audit;
use super::authz::{self, Action};
use crate::backend::auth::Ctx;
use crate::backend::repo::contacts::{self as repo, ContactRow};
use crate::backend::repo::{self as repos, Tx};
use crate::backend::AppState;
use crate::domain::contact;
use crate::error::AppError;
use crate::wire::contacts::{ContactView, PersonRecord};

/// The contacts of one organisation by name, from the programme's contacts, read once and kept while
/// no write touches `contact` or `organisation` (profiles of a large register make no round-trip).
/// The caller decides who sees them.
pub async fn of_organisation(
    state: &AppState,
    grant: &authz::Grant,
    organisation_id: &str,
) -> Result<Vec<ContactView>, AppError> {
    let load = async {
        let mut rows = repo::all(&state.db, grant).await?;
        rows.sort_by(|a, b| (&a.organisation_id, &a.name, &a.id).cmp(&(&b.organisation_id, &b.name, &b.id)));
        Ok::<_, AppError>(std::sync::Arc::new(rows))
    };
    let all = state
        .caches
        .contacts
        .get_or_load_tables(&state.db, &["contact", "organisation"], &grant.programme().to_string(), load)
        .await?;
    let start = all.partition_point(|c| c.organisation_id.as_str() < organisation_id);
    Ok(all[start..].iter().take_while(|c| c.organisation_id == organisation_id).cloned().map(view).collect())
}

pub fn view(r: ContactRow) -> ContactView {
    ContactView {
        id: r.id,
        organisation_id: r.organisation_id,
        organisation_name: r.organisation_name,
        name: r.name,
        email: r.email,
        phone: r.phone,
        role_title: r.role_title,
        legal_basis: r.legal_basis,
        consent_given_on: r.consent_given_on,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// Adds (`id` empty) or changes a contact of an organisation the person may edit.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    organisation_id: &str,
    id: &str,
    fields: [&str; 6],
) -> Result<String, AppError> {
    let grant = super::editing::grant_to_edit(state, ctx, programme_id, organisation_id).await?;
    let [name, email, phone, role_title, basis, consent] = fields;
    let input = contact::validate(name, email, phone, role_title, basis, consent).map_err(AppError::validation)?;
    let (key, new) = match id.trim() {
        "" => (repos::random_key(), true),
        id => (id.to_string(), false),
    };
    let action = if new { "contact.create" } else { "contact.update" };
    Tx::new()
        .with(repo::save(&grant, &key, new, organisation_id, &input))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            action,
            format!("contact:{key}"),
            format!("organisation:{organisation_id}, basis {}", input.legal_basis),
        ))
        .commit(&state.db)
        .await?;
    Ok(key)
}

pub async fn remove(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    organisation_id: &str,
    id: &str,
) -> Result<(), AppError> {
    let grant = super::editing::grant_to_edit(state, ctx, programme_id, organisation_id).await?;
    let known = repo::of_organisation(&state.db, &grant, organisation_id).await?;
    if !known.iter().any(|c| c.id == id) {
        return Err(AppError::NotFound);
    }
    Tx::new()
        .with(repo::delete(&grant, vec![id.to_string()]))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "contact.delete",
            format!("contact:{id}"),
            format!("organisation:{organisation_id}"),
        ))
        .commit(&state.db)
        .await?;
    Ok(())
}

/// Imports contact persons (coordinators) through the one import path: the organisation by its name
/// in the register, each row validated first and matched on the contact's e-mail address (or name)
/// within its organisation, so a re-import adds nothing twice. All or nothing; each added or changed
/// contact is audited like a single edit, without its values.
pub async fn import(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    file: &[u8],
) -> Result<crate::domain::table::ImportOutcome, AppError> {
    use crate::domain::organisation::name_key;
    use std::collections::HashMap;
    let grant = authz::require(state, ctx, Action::ManagePersonalData, programme_id).await?;
    let table = crate::backend::import::read(file)?;
    // The register's names, read straight from the store (an import is rare; the cached snapshot
    // belongs to `service::stakeholders`, which itself keeps contacts).
    let organisations: HashMap<String, String> =
        crate::backend::repo::organisations::entries(&state.db, grant.programme())
            .await?
            .into_iter()
            .map(|e| (name_key(&e.name), e.id))
            .collect();
    let existing: HashMap<String, (String, contact::ContactInput)> = repo::all(&state.db, &grant)
        .await?
        .into_iter()
        .map(|r| {
            let c = contact::ContactInput {
                name: r.name,
                email: r.email,
                phone: r.phone,
                role_title: r.role_title,
                legal_basis: r.legal_basis,
                consent_given_on: r.consent_given_on,
            };
            (contact::contact_key(&r.organisation_id, &c), (r.id, c))
        })
        .collect();
    let plan = contact::validate_table(&table, &organisations, &existing).map_err(AppError::validation)?;
    let mut rows: Vec<repo::ImportedContact> =
        plan.add.iter().map(|(org, c)| imported(repos::random_key(), true, org, c)).collect();
    rows.extend(plan.update.iter().map(|(id, org, c)| imported(id.clone(), false, org, c)));
    let mut tx = Tx::new();
    if !rows.is_empty() {
        let entries = rows
            .iter()
            .map(|r| {
                (
                    if r.new { "contact.create" } else { "contact.update" }.to_string(),
                    format!("contact:{}", r.id),
                    format!("organisation:{}, basis {}, imported", r.organisation, r.contact.legal_basis),
                )
            })
            .collect();
        tx.push(Audit::of(ctx).write_all(Some(programme_id), entries));
        tx.push(repo::save_all(&grant, rows));
    }
    let outcome = crate::domain::table::ImportOutcome {
        added: plan.add.len() as u32,
        updated: plan.update.len() as u32,
        unchanged: plan.unchanged,
        surplus: plan.surplus,
    };
    tx.push(Audit::of(ctx).import(programme_id, "contact.import", &outcome));
    tx.commit(&state.db).await?;
    Ok(outcome)
}

/// Everything held on one person (by e-mail address or exact name), for a coordinator answering an
/// access request; nothing for an empty search. The search itself is audited, without what was
/// searched for.
pub async fn person(state: &AppState, ctx: &Ctx, programme_id: &str, who: &str) -> Result<PersonRecord, AppError> {
    let grant = authz::require(state, ctx, Action::ManagePersonalData, programme_id).await?;
    if who.trim().is_empty() {
        return Ok(PersonRecord { searched_for: String::new(), contacts: vec![] });
    }
    let contacts: Vec<ContactView> = repo::of_person(&state.db, &grant, who).await?.into_iter().map(view).collect();
    Audit::of(ctx)
        .record(state, Some(programme_id), "person.access", "person".into(), format!("{} records", contacts.len()))
        .await?;
    Ok(PersonRecord { searched_for: who.trim().to_string(), contacts })
}

/// Erases everything held on one person; the organisations stay. Audited as a count only.
pub async fn erase(state: &AppState, ctx: &Ctx, programme_id: &str, who: &str) -> Result<u32, AppError> {
    let grant = authz::require(state, ctx, Action::ManagePersonalData, programme_id).await?;
    if who.trim().is_empty() {
        return Err(AppError::field("who", "required"));
    }
    let ids: Vec<String> = repo::of_person(&state.db, &grant, who).await?.into_iter().map(|c| c.id).collect();
    let n = ids.len() as u32;
    Tx::new()
        .with(repo::delete(&grant, ids))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "person.erase",
            "person".into(),
            format!("{n} contact records erased"),
        ))
        .commit(&state.db)
        .await?;
    Ok(n)
}

fn imported(id: String, new: bool, organisation: &str, c: &contact::ContactInput) -> repo::ImportedContact {
    repo::ImportedContact { id, new, organisation: organisation.to_string(), contact: c.clone() }
}
