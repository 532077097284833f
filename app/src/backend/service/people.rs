use super::audit::Audit;
use super::authz::{self, Action};
use crate::api::people::{InvitationView, InviteOutcome, OrganisationView, People, PersonView};
use crate::backend::auth::Ctx;
use crate::backend::repo::{self, accounts as repo_accounts, jurisdictions as repo_jur, Tx};
use crate::backend::AppState;
use crate::domain::{Email, FieldError, Role};
use crate::error::AppError;

pub async fn list(state: &AppState, ctx: &Ctx, programme_id: &str) -> Result<People, AppError> {
    authz::require(state, ctx, Action::ReadPeople, programme_id).await?;
    let can_invite = authz::require(state, ctx, Action::Invite, programme_id).await.is_ok();
    let (people, invitations, organisations) = repo_accounts::people_page(&state.db, programme_id, can_invite).await?;
    let members = people
        .into_iter()
        .filter_map(|p| {
            Some(PersonView {
                role: Role::parse(&p.role)?,
                user_id: p.user_id,
                name: p.name,
                email: p.email,
                scope_label: p.jurisdiction_name.or(p.organisation_name),
            })
        })
        .collect();
    let invitations = invitations
        .into_iter()
        .map(|t| InvitationView {
            email: t.email,
            role: t.role.as_deref().and_then(Role::parse).unwrap_or(Role::Observer),
            scope_label: t.jurisdiction_name.or(t.organisation_name),
            expires_at: t.expires_at.chars().take(10).collect(),
        })
        .collect();
    let organisations =
        organisations.into_iter().map(|r| OrganisationView { id: r.id, name: r.name, kind: r.kind }).collect();
    Ok(People { members, invitations, organisations, can_invite })
}

/// Invites someone with a role and the scope it needs (a jurisdiction for officials, an organisation
/// for members). Someone with an account is added at once; anyone else gets a single-use link by mail,
/// which is also returned to the inviter when no mail server is configured.
pub async fn invite(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    email: &str,
    role: &str,
    jurisdiction_code: &str,
    organisation_id: &str,
) -> Result<InviteOutcome, AppError> {
    authz::require(state, ctx, Action::Invite, programme_id).await?;
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
            let found = match organisation_id.trim() {
                "" => None,
                id => crate::backend::repo::organisations::by_id(&state.db, programme_id, id).await?,
            };
            match found {
                Some(o) => organisation = Some((o.id, o.name)),
                None => errors.push(FieldError::new("organisation_id", "required")),
            }
        }
    }
    let (Some(email), Some(role)) = (email, role) else { return Err(AppError::validation(errors)) };
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let scope = jurisdiction.as_ref().or(organisation.as_ref()).map(|(_, n)| n.clone()).unwrap_or_default();
    let summary = format!("{} as {role} {scope}", email.as_str()).trim().to_string();

    if let Some(user) = repo_accounts::user_by_email(&state.db, email.as_str()).await? {
        let add = repo_accounts::membership(
            &user.id,
            programme_id,
            role.as_str(),
            jurisdiction.map(|j| j.0),
            organisation.map(|o| o.0),
        );
        let audit = Audit::of(ctx).write(Some(programme_id), "membership.add", format!("user:{}", user.id), summary);
        Tx::new().with(add).with(audit).commit(&state.db).await.map_err(|e| super::conflict_or(e, "email"))?;
        return Ok(InviteOutcome { email: email.into_string(), link: None, added_existing: true });
    }

    let token = repo::random_token();
    let new_token = repo_accounts::new_token(repo_accounts::NewToken {
        kind: "invitation",
        token_hash: repo::sha256_hex(&token),
        email: email.as_str(),
        programme_id: Some(programme_id.to_string()),
        role: Some(role.as_str().to_string()),
        jurisdiction_id: jurisdiction.map(|j| j.0),
        organisation_id: organisation.map(|o| o.0),
        created_by: Some(ctx.user_id.clone()),
        ttl_seconds: state.settings.token_ttl.as_secs() as i64,
    });
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
    Ok(InviteOutcome {
        email: email.into_string(),
        link: state.settings.smtp_url.is_none().then_some(link),
        added_existing: false,
    })
}
