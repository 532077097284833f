//! Signing in and out, the acting person, invitations' acceptance, password reset and change.
use super::audit::Audit;
use crate::backend::auth::{Ctx, Membership, SESSION_USER};
use crate::backend::repo::{
    self, memberships as repo_memberships, sessions, tokens as repo_tokens, users as repo_users, Tx,
};
use crate::backend::AppState;
use crate::domain::{Email, Name, Password, Role};
use crate::error::{AppError, Fields};
use crate::wire::auth::{InvitationInfo, Me, MembershipView};
use tower_sessions::Session;

/// Loads the person behind the session; a session of a deactivated or deleted user counts as none.
/// A session saved before this request is read with the person in one round-trip; one changed during
/// this request (just signed in) is read through the session layer.
pub async fn ctx_from_session(state: &AppState, session: &Session) -> Result<Option<Ctx>, AppError> {
    match session.id() {
        Some(id) if !session.is_modified() => {
            let id = id.to_string();
            let load = async {
                Ok::<_, AppError>(
                    repo_memberships::person_by_session(&state.db, &id).await?.and_then(|(u, m)| person(u, m)),
                )
            };
            state.caches.people.get_or_load(&state.db, &id, load).await
        }
        _ => {
            let Some(user_id) = session.get::<String>(SESSION_USER).await? else { return Ok(None) };
            Ok(repo_memberships::person_by_user(&state.db, &user_id).await?.and_then(|(u, m)| person(u, m)))
        }
    }
}

/// The acting person from their rows; a deactivated user counts as none.
fn person(user: repo_users::UserRow, memberships: Vec<repo_memberships::MembershipRow>) -> Option<Ctx> {
    if !user.active {
        return None;
    }
    let memberships = memberships
        .into_iter()
        .filter_map(|m| {
            Some(Membership {
                role: Role::parse(&m.role)?,
                programme_id: m.programme_id,
                programme_name: m.programme_name,
                jurisdiction_path: m.jurisdiction_path,
                jurisdiction_name: m.jurisdiction_name,
                organisation_id: m.organisation_id,
                organisation_name: m.organisation_name,
            })
        })
        .collect();
    Some(Ctx { user_id: user.id, email: user.email, name: user.name, is_admin: user.is_admin, memberships })
}

pub async fn me(_state: &AppState, ctx: Option<&Ctx>) -> Result<Option<Me>, AppError> {
    Ok(ctx.map(|c| Me {
        id: c.user_id.clone(),
        email: c.email.clone(),
        name: c.name.clone(),
        is_admin: c.is_admin,
        memberships: c
            .memberships
            .iter()
            .map(|m| MembershipView {
                programme_id: m.programme_id.clone(),
                programme_name: m.programme_name.clone(),
                role: m.role,
                scope_label: m.jurisdiction_name.clone().or_else(|| m.organisation_name.clone()),
            })
            .collect(),
    }))
}

/// Checks e-mail and password with equal cost whether or not the account exists, limits attempts
/// per account and per client address (each checked and counted in one step), and rotates the
/// session id on success.
pub async fn login(
    state: &AppState,
    session: &Session,
    client: Option<std::net::IpAddr>,
    email: &str,
    password: &str,
) -> Result<(), AppError> {
    let key = email.trim().to_lowercase();
    let client_key = client.map(|c| c.to_string()).unwrap_or_default();
    if !state.limits.login_per_client.try_hit(&client_key) || !state.limits.login_per_account.try_hit(&key) {
        tracing::warn!(client = %client_key, "sign-in refused: too many attempts");
        return Err(AppError::RateLimited);
    }
    let user = match Email::parse(email) {
        Ok(e) => repo_users::user_by_email(&state.db, e.as_str()).await?,
        Err(_) => None,
    };
    let stored = user.as_ref().filter(|u| u.active).and_then(|u| u.password_hash.clone());
    let ok = state.hasher.verify_async(password.to_string(), stored).await?;
    let Some(user) = user.filter(|_| ok) else {
        tracing::info!(client = %client_key, "sign-in failed");
        return Err(AppError::BadCredentials);
    };
    state.limits.login_per_account.clear(&key);
    state.limits.login_per_client.refund(&client_key);
    session.cycle_id().await?;
    session.insert(SESSION_USER, &user.id).await?;
    Audit::system(&user.id, &user.email)
        .record(state, None, "auth.login", format!("user:{}", user.id), String::new())
        .await
}

pub async fn logout(_state: &AppState, session: &Session) -> Result<(), AppError> {
    session.flush().await?;
    Ok(())
}

async fn hash(state: &AppState, password: Password) -> Result<String, AppError> {
    state.hasher.hash_async(password.expose().to_string()).await
}

/// How long a password-reset link works.
pub const RESET_TTL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Sends a reset link if the address has an account; answers the same either way. Requests are
/// limited per client address, per recipient and overall, so nobody can flood a mailbox or the queue.
pub async fn request_reset(state: &AppState, client: Option<std::net::IpAddr>, email: &str) -> Result<(), AppError> {
    let email = Email::parse(email)?;
    let client_key = client.map(|c| c.to_string()).unwrap_or_default();
    let limits = &state.limits;
    if !limits.reset_per_client.try_hit(&client_key)
        || !limits.reset_per_recipient.try_hit(email.as_str())
        || !limits.reset_overall.try_hit("all")
    {
        tracing::warn!(client = %client_key, "password reset refused: too many requests");
        return Err(AppError::RateLimited);
    }
    let Some(user) = repo_users::user_by_email(&state.db, email.as_str()).await? else { return Ok(()) };
    if !user.active {
        return Ok(());
    }
    let token = repo::random_token();
    let link = format!("{}/password/reset/{token}", state.settings.public_url);
    let new_token = repo_tokens::reset_link(repo_tokens::NewToken {
        kind: "reset",
        token_hash: repo::sha256_hex(&token),
        email: email.as_str(),
        programme_id: None,
        role: None,
        jurisdiction_id: None,
        organisation_id: None,
        created_by: None,
        ttl_seconds: RESET_TTL.as_secs() as i64,
    });
    let mail = super::mail::message(email.as_str(), "mail.reset_subject", "mail.reset_body", &[("link", &link)]);
    Tx::new().with(new_token).with(mail).commit(&state.db).await?;
    Ok(())
}

pub async fn reset_password(state: &AppState, token: &str, password: &str) -> Result<(), AppError> {
    let password = Password::parse(password)?;
    let row =
        repo_tokens::valid_token(&state.db, "reset", &repo::sha256_hex(token)).await?.ok_or(AppError::InvalidToken)?;
    let user = repo_users::user_by_email(&state.db, &row.email).await?.ok_or(AppError::InvalidToken)?;
    let hashed = hash(state, password).await?;
    Tx::new()
        .with(repo_tokens::spend_token(&row.id))
        .with(repo_users::set_password(&user.id, &hashed))
        .with(repo_tokens::revoke_resets(&user.email))
        .with(sessions::delete_for_user(&user.id, None))
        .with(Audit::system(&user.id, &user.email).write(
            None,
            "auth.password_reset",
            format!("user:{}", user.id),
            String::new(),
        ))
        .commit(&state.db)
        .await
        .map_err(token_error)
}

/// A spent link raced by another request reads as an invalid link; anything else is internal.
fn token_error(e: surrealdb::Error) -> AppError {
    if repo::write::thrown(&e, "invalid_token") {
        AppError::InvalidToken
    } else {
        e.into()
    }
}

pub async fn change_password(
    state: &AppState,
    ctx: &Ctx,
    session: &Session,
    current: &str,
    password: &str,
) -> Result<(), AppError> {
    let user = repo_users::user_by_id(&state.db, &ctx.user_id).await?.ok_or(AppError::Unauthorized)?;
    let ok = state.hasher.verify_async(current.to_string(), user.password_hash.clone()).await?;
    if !ok {
        return Err(AppError::field("current", "wrong_password"));
    }
    let hashed = hash(state, Password::parse(password)?).await?;
    // Other devices are signed out; this one stays, under a fresh id.
    session.cycle_id().await?;
    let keep = session.id().map(|id| id.to_string());
    Tx::new()
        .with(repo_users::set_password(&ctx.user_id, &hashed))
        .with(repo_tokens::revoke_resets(&user.email))
        .with(sessions::delete_for_user(&ctx.user_id, keep))
        .with(Audit::of(ctx).write(None, "auth.password_changed", format!("user:{}", ctx.user_id), String::new()))
        .commit(&state.db)
        .await?;
    Ok(())
}

pub async fn invitation_info(state: &AppState, token: &str) -> Result<InvitationInfo, AppError> {
    let row = repo_tokens::valid_token(&state.db, "invitation", &repo::sha256_hex(token))
        .await?
        .ok_or(AppError::InvalidToken)?;
    Ok(InvitationInfo {
        email: row.email,
        programme_name: row.programme_name,
        role: row.role.as_deref().and_then(Role::parse).unwrap_or(Role::Observer),
    })
}

/// Joins the programme of an invitation with the account already signed in. Only the invited address
/// may: an invitation opened by anyone else (the inviter who was shown the link, say) gives them
/// nothing, and the link stays usable for the person it was meant for.
pub async fn join_with_invitation(state: &AppState, ctx: &Ctx, token: &str) -> Result<String, AppError> {
    let row = repo_tokens::valid_token(&state.db, "invitation", &repo::sha256_hex(token))
        .await?
        .ok_or(AppError::InvalidToken)?;
    if !row.email.eq_ignore_ascii_case(&ctx.email) {
        return Err(AppError::Forbidden);
    }
    let (Some(programme), Some(role)) = (&row.programme_id, &row.role) else { return Err(AppError::InvalidToken) };
    let tx = Tx::new()
        .with(repo_tokens::spend_token(&row.id))
        .with(repo_memberships::membership(
            &ctx.user_id,
            programme,
            role,
            row.jurisdiction_id.clone(),
            row.organisation_id.clone(),
        ))
        .with(Audit::of(ctx).write(
            Some(programme),
            "membership.join",
            format!("user:{}", ctx.user_id),
            format!("role {role}"),
        ));
    tx.commit(&state.db).await.map_err(|e| match repo::unique_violation(&e) {
        Some(_) => AppError::Conflict { field: Some("email".into()) },
        None => token_error(e),
    })?;
    Ok(programme.clone())
}

/// Creates the account (name and password chosen now), adds the invited membership, uses the token
/// and signs the person in, in that order; a used or expired link changes nothing.
pub async fn accept_invitation(
    state: &AppState,
    session: &Session,
    token: &str,
    name: &str,
    password: &str,
) -> Result<(), AppError> {
    let row = repo_tokens::valid_token(&state.db, "invitation", &repo::sha256_hex(token))
        .await?
        .ok_or(AppError::InvalidToken)?;
    let mut f = Fields::default();
    let name = f.check(Name::parse("name", name));
    let password = f.check(Password::parse(password));
    f.finish()?;
    let (Some(name), Some(password)) = (name, password) else { unreachable!("checked by finish") };
    if repo_users::user_by_email(&state.db, &row.email).await?.is_some() {
        // The link's holder learns only what the invitee would: this address signs in instead.
        return Err(AppError::field("email", "sign_in_to_accept"));
    }
    let hashed = hash(state, password).await?;
    let user_id = repo::random_key();
    let mut tx = Tx::new().with(repo_tokens::spend_token(&row.id)).with(repo_users::new_user(
        &user_id,
        &row.email,
        name.as_str(),
        &hashed,
        false,
    ));
    if let (Some(programme), Some(role)) = (&row.programme_id, &row.role) {
        tx.push(repo_memberships::membership(
            &user_id,
            programme,
            role,
            row.jurisdiction_id.clone(),
            row.organisation_id.clone(),
        ));
    }
    tx.push(Audit::system(&user_id, &row.email).write(
        row.programme_id.as_deref(),
        "auth.invitation_accepted",
        format!("user:{user_id}"),
        format!("role {}", row.role.clone().unwrap_or_default()),
    ));
    tx.commit(&state.db).await.map_err(|e| match repo::unique_violation(&e) {
        Some(_) => AppError::Conflict { field: Some("email".into()) },
        None => token_error(e),
    })?;
    session.cycle_id().await?;
    session.insert(SESSION_USER, &user_id).await?;
    Ok(())
}

/// The platform's first admin (CLI `create-admin`, demo seed). Not audited through a person.
pub async fn create_admin(state: &AppState, email: &str, name: &str, password: &str) -> Result<String, AppError> {
    let mut f = Fields::default();
    let email = f.check(Email::parse(email));
    let name = f.check(Name::parse("name", name));
    let password = f.check(Password::parse(password));
    f.finish()?;
    let (Some(email), Some(name), Some(password)) = (email, name, password) else { unreachable!("checked by finish") };
    let hashed = hash(state, password).await?;
    let id = repo_users::create_user(&state.db, email.as_str(), name.as_str(), &hashed, true)
        .await
        .map_err(|e| super::conflict_or(e, "email"))?;
    Audit::system(&id, email.as_str())
        .record(state, None, "user.create_admin", format!("user:{id}"), String::new())
        .await?;
    Ok(id)
}
