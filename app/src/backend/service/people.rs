use super::audit::Audit;
use super::authz::{self, Action};
use crate::backend::auth::Ctx;
use crate::backend::export::{Cell, Sheet};
use crate::backend::repo::{
    self, jurisdictions as repo_jur, memberships as repo_memberships, tokens as repo_tokens, Tx,
};
use crate::backend::AppState;
use crate::domain::list::{ListQuery, Page, EXPORT_LIMIT, PAGE_SIZE};
use crate::domain::{Email, FieldError, Grant, Role};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::wire::people::{InvitationView, InviteOutcome, People, PersonView};
use std::sync::Arc;

/// The programme's people and open invitations, from the read cache (one load per write to
/// [`repo_memberships::PEOPLE_TABLES`]).
async fn snapshot(state: &AppState, grant: &Grant) -> Result<Arc<repo_memberships::People>, AppError> {
    let load = async { Ok::<_, AppError>(Arc::new(repo_memberships::people(&state.db, grant.programme()).await?)) };
    let key = grant.programme().to_string();
    state.caches.members.get_or_load_tables(&state.db, repo_memberships::PEOPLE_TABLES, &key, load).await
}

pub async fn list(state: &AppState, ctx: &Ctx, programme_id: &str, query: &ListQuery) -> Result<People, AppError> {
    let grant = authz::require(state, ctx, Action::ReadPeople, programme_id).await?;
    let can_invite = authz::require(state, ctx, Action::Invite, programme_id).await.is_ok();
    let people = snapshot(state, &grant).await?;
    let (total, rows) = repo_memberships::select(&people.members, &grant, query, PAGE_SIZE);
    let sort = repo::applied_sort(query, repo_memberships::PEOPLE_SORTS);
    let members = Page::from_rows(
        rows,
        total,
        PAGE_SIZE,
        sort,
        query.desc,
        |r| (r.k.clone(), r.id.clone()),
        |p| PersonView {
            role: Role::parse(&p.role).unwrap_or(Role::Observer),
            user_id: p.user_id,
            name: p.name,
            email: p.email,
            scope_label: p.scope_label,
        },
    );
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let invitations = people
        .invitations
        .iter()
        .filter(|t| can_invite && t.expires > now)
        .map(|t| InvitationView {
            email: t.email.clone(),
            role: t.role.as_deref().and_then(Role::parse).unwrap_or(Role::Observer),
            scope_label: t.jurisdiction_name.clone().or_else(|| t.organisation_name.clone()),
            expires_at: time::OffsetDateTime::from_unix_timestamp(t.expires)
                .map(|d| d.date().to_string())
                .unwrap_or_default(),
        })
        .collect();
    Ok(People { members, invitations, can_invite })
}

/// Every person the same query finds (all pages), as a sheet; e-mail addresses as on the page.
pub async fn export(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    query: &ListQuery,
    lang: Lang,
) -> Result<Sheet, AppError> {
    let grant = authz::require(state, ctx, Action::ReadPeople, programme_id).await?;
    let people = snapshot(state, &grant).await?;
    let (_, rows) = repo_memberships::select(&people.members, &grant, &query.first_page(), EXPORT_LIMIT);
    Ok(Sheet {
        name: lang.t("people.title").to_string(),
        headers: ["field_label.name", "field_label.email", "people.role", "people.scope"]
            .iter()
            .map(|k| lang.t(k).to_string())
            .collect(),
        rows: rows
            .into_iter()
            .take(EXPORT_LIMIT as usize)
            .map(|p| {
                vec![
                    Cell::Text(p.name),
                    p.email.into(),
                    Cell::Text(lang.t(&format!("role.{}", p.role)).to_string()),
                    p.scope_label.into(),
                ]
            })
            .collect(),
    })
}

/// Invites someone with a role and the scope it needs (a jurisdiction for officials, an organisation
/// for members): a single-use link by mail, also returned to the inviter when no mail server is
/// configured. Whether the address has an account changes nothing here, so the answer reveals
/// nothing: someone with an account joins by opening the link signed in as themselves and
/// accepting, and nobody else (the inviter included) can accept for them.
pub async fn invite(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    email: &str,
    role: &str,
    jurisdiction_code: &str,
    organisation_name: &str,
) -> Result<InviteOutcome, AppError> {
    let grant = authz::require(state, ctx, Action::Invite, programme_id).await?;
    let mut errors = vec![];
    let email = Email::parse(email).map_err(|e| errors.push(e)).ok();
    let role = Role::parse(role).filter(|r| Role::PROGRAMME.contains(r));
    if role.is_none() {
        errors.push(FieldError::new("role", "invalid_role"));
    }
    let mut jurisdiction = None;
    let mut organisation = None;
    if let Some(role) = role {
        if role.needs_jurisdiction() {
            match repo_jur::by_code(&state.db, programme_id, &jurisdiction_code.trim().to_uppercase()).await? {
                Some(j) => jurisdiction = Some((j.id, j.name)),
                None if jurisdiction_code.trim().is_empty() => {
                    errors.push(FieldError::new("jurisdiction_code", "required"))
                }
                None => errors.push(FieldError::new("jurisdiction_code", "unknown_jurisdiction")),
            }
        }
        if role.needs_organisation() {
            // Named, not chosen from a list: a register of 10 000 organisations makes no menu.
            let found = match organisation_name.trim() {
                "" => None,
                name => match crate::backend::repo::organisations::id_by_key(
                    &state.db,
                    &grant,
                    &crate::domain::organisation::name_key(name),
                )
                .await?
                {
                    Some(id) => crate::backend::repo::organisations::by_id(&state.db, programme_id, &id).await?,
                    None => None,
                },
            };
            match found {
                Some(o) => organisation = Some((o.id, o.name)),
                None => errors.push(FieldError::new(
                    "organisation",
                    if organisation_name.trim().is_empty() { "required" } else { "unknown_organisation" },
                )),
            }
        }
    }
    let (Some(email), Some(role)) = (email, role) else { return Err(AppError::validation(errors)) };
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let scope = jurisdiction.as_ref().or(organisation.as_ref()).map(|(_, n)| n.clone()).unwrap_or_default();
    let summary = format!("{} as {role} {scope}", email.as_str()).trim().to_string();

    let token = repo::random_token();
    let new_token = repo_tokens::invitation(
        &grant,
        repo_tokens::NewToken {
            kind: "invitation",
            token_hash: repo::sha256_hex(&token),
            email: email.as_str(),
            programme_id: None,
            role: Some(role.as_str().to_string()),
            jurisdiction_id: jurisdiction.map(|j| j.0),
            organisation_id: organisation.map(|o| o.0),
            created_by: Some(ctx.user_id.clone()),
            ttl_seconds: state.settings.token_ttl.as_secs() as i64,
        },
    );
    let link = format!("{}/invitation/{token}", state.settings.public_url);
    let mail = super::mail::message(
        email.as_str(),
        "mail.invite_subject",
        "mail.invite_body",
        &[("link", &link), ("inviter", &ctx.name)],
    );
    let audit = Audit::of(ctx).write(
        Some(programme_id),
        "invitation.create",
        format!("invitation:{}", email.as_str()),
        summary,
    );
    Tx::new().with(new_token).with(mail).with(audit).commit(&state.db).await?;
    Ok(InviteOutcome { email: email.into_string(), link: state.settings.smtp_url.is_none().then_some(link) })
}
