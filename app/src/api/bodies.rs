//! The hub's seats, the consultative platforms, their meetings and action items.
use crate::domain::list::ListQuery;
use crate::error::AppError;
pub use crate::wire::bodies::*;
use leptos::prelude::*;

#[server(endpoint = "hub/seats")]
pub async fn get_hub_seats(programme_id: String) -> Result<HubSeats, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::bodies::hub_seats(&state(), &ctx().await?, &programme_id).await }.await)
}

#[server(endpoint = "platforms/list")]
pub async fn get_platforms(programme_id: String) -> Result<PlatformsView, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::bodies::platforms(&state(), &ctx().await?, &programme_id).await }.await)
}

#[server(endpoint = "platforms/create")]
pub async fn create_platform(
    programme_id: String,
    name: String,
    #[server(default)] level: String,
    #[server(default)] jurisdiction_code: String,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let ctx = ctx().await?;
            crate::backend::service::bodies::create_platform(
                &state(),
                &ctx,
                &programme_id,
                &name,
                &level,
                &jurisdiction_code,
            )
            .await
        }
        .await,
    )
}

/// Seats an organisation on the hub (`body` = `hub`) or a platform (its id).
#[server(endpoint = "seats/add")]
pub async fn add_seat(
    programme_id: String,
    body: String,
    #[server(default)] organisation: String,
    #[server(default)] role: String,
    #[server(default)] since: String,
    #[server(default)] until: String,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let ctx = ctx().await?;
            crate::backend::service::bodies::add_seat(
                &state(),
                &ctx,
                &programme_id,
                &body,
                &organisation,
                &role,
                &since,
                &until,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "seats/end")]
pub async fn end_seat(programme_id: String, seat: String, #[server(default)] until: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::bodies::end_seat(&state(), &ctx().await?, &programme_id, &seat, &until).await
        }
        .await,
    )
}

/// One body's meetings (`query[filters][body]`: `hub`, the default, or a platform's id).
#[server(endpoint = "meetings/list")]
pub async fn get_meetings(programme_id: String, #[server(default)] query: ListQuery) -> Result<MeetingsView, AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::bodies::meetings(&state(), &ctx().await?, &programme_id, &query).await }.await,
    )
}

/// Records a meeting; answers the body it belongs to.
#[server(endpoint = "meetings/record")]
#[allow(clippy::too_many_arguments)]
pub async fn record_meeting(
    programme_id: String,
    body: String,
    #[server(default)] title: String,
    #[server(default)] kind: String,
    #[server(default)] format: String,
    #[server(default)] on: String,
    #[server(default)] agenda: String,
    #[server(default)] minutes: String,
    #[server(default)] decisions: String,
    #[server(default)] attendees: Vec<String>,
) -> Result<String, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let ctx = ctx().await?;
            let input = crate::domain::body::MeetingInput {
                title: &title,
                kind: &kind,
                format: &format,
                on: &on,
                agenda: &agenda,
                minutes: &minutes,
                decisions: &decisions,
            };
            crate::backend::service::bodies::record_meeting(&state(), &ctx, &programme_id, &body, &input, &attendees)
                .await
        }
        .await,
    )
}

#[server(endpoint = "meetings/get")]
pub async fn get_meeting(programme_id: String, id: String) -> Result<MeetingDetail, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::bodies::meeting(&state(), &ctx().await?, &programme_id, &id).await }.await)
}

#[server(endpoint = "actions/add")]
pub async fn add_action(
    programme_id: String,
    meeting: String,
    #[server(default)] title: String,
    #[server(default)] owner: String,
    #[server(default)] due: String,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let ctx = ctx().await?;
            crate::backend::service::bodies::add_action(&state(), &ctx, &programme_id, &meeting, &title, &owner, &due)
                .await
        }
        .await,
    )
}

#[server(endpoint = "actions/status")]
pub async fn set_action_status(programme_id: String, item: String, status: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::bodies::set_action_status(&state(), &ctx().await?, &programme_id, &item, &status)
                .await
        }
        .await,
    )
}
