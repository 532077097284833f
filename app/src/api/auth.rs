use crate::domain::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person and the programmes they belong to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub memberships: Vec<MembershipView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MembershipView {
    pub programme_id: String,
    pub programme_name: String,
    pub role: Role,
    /// The jurisdiction (officials) or organisation (members) the role is limited to.
    pub scope_label: Option<String>,
}

/// What an invitation link offers, shown before the invitee chooses a password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub email: String,
    pub programme_name: Option<String>,
    pub role: Role,
}

#[server(endpoint = "auth/me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::accounts::me(&state(), optional_ctx().await?.as_ref()).await }.await)
}

#[server(endpoint = "auth/login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let session = session().await?;
            crate::backend::service::accounts::login(&state(), &session, client_addr(), &email, &password).await?;
            leptos_axum::redirect(&safe_next(next.as_deref()));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::accounts::logout(&state(), &session().await?).await?;
            leptos_axum::redirect("/login?signed_out=1");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "auth/forgot")]
pub async fn request_reset(email: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::accounts::request_reset(&state(), client_addr(), &email).await?;
            leptos_axum::redirect("/password/forgot?sent=1");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "auth/reset")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::accounts::reset_password(&state(), &token, &password).await?;
            leptos_axum::redirect("/login?reset=1");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "auth/invitation")]
pub async fn get_invitation(token: String) -> Result<InvitationInfo, AppError> {
    use crate::backend::api::*;
    respond(crate::backend::service::accounts::invitation_info(&state(), &token).await)
}

#[server(endpoint = "auth/accept")]
pub async fn accept_invitation(token: String, name: String, password: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let session = session().await?;
            crate::backend::service::accounts::accept_invitation(&state(), &session, &token, &name, &password).await?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "account/password")]
pub async fn change_password(current: String, password: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let ctx = ctx().await?;
            crate::backend::service::accounts::change_password(&state(), &ctx, &session().await?, &current, &password)
                .await?;
            leptos_axum::redirect("/account?changed=1");
            Ok(())
        }
        .await,
    )
}
