use crate::error::AppError;
pub use crate::wire::auth::*;
use leptos::prelude::*;

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

/// Accepts an invitation with the account signed in (it must be the invited address).
#[server(endpoint = "auth/join")]
pub async fn join_with_invitation(token: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let programme =
                crate::backend::service::accounts::join_with_invitation(&state(), &ctx().await?, &token).await?;
            leptos_axum::redirect(&format!("/programmes/{programme}"));
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
