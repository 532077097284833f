//! A round's consultation activities: meetings, working groups, focus groups, interviews and
//! workshops, their participants, provisions and contributions.
use crate::domain::list::ListQuery;
use crate::error::AppError;
pub use crate::wire::rounds::{Activities, ActivityView, ContributionView, ThemeChoice};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// A round's activities in the list pattern (`query[filters][kind]`: a format).
#[server(endpoint = "activities/list")]
pub async fn get_activities(
    programme_id: String,
    round_id: String,
    #[server(default)] query: ListQuery,
) -> Result<Activities, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::activities::list(&state(), &ctx().await?, &programme_id, &round_id, &query).await
        }
        .await,
    )
}

/// Records an activity: participants as `participants[<type>]`, provisions as `provisions[]` with
/// their costs as `costs[<provision>]`, contributions one per line.
#[server(endpoint = "activities/record")]
#[allow(clippy::too_many_arguments)]
pub async fn record_activity(
    programme_id: String,
    round_id: String,
    #[server(default)] title: String,
    #[server(default)] format: String,
    #[server(default)] held_on: String,
    #[server(default)] place: String,
    #[server(default)] participants: BTreeMap<String, String>,
    #[server(default)] women: String,
    #[server(default)] provisions: Vec<String>,
    #[server(default)] costs: BTreeMap<String, String>,
    #[server(default)] contributions: String,
    #[server(default)] notes: String,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let input = crate::domain::activity::ActivityInput {
                title: &title,
                format: &format,
                held_on: &held_on,
                participants: &participants,
                women: &women,
                provisions: &provisions,
                costs: &costs,
                contributions: &contributions,
                notes: &notes,
            };
            crate::backend::service::activities::record(
                &state(),
                &ctx().await?,
                &programme_id,
                &round_id,
                &input,
                &place,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "activities/delete")]
pub async fn delete_activity(programme_id: String, round_id: String, activity_id: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::activities::remove(&state(), &ctx().await?, &programme_id, &round_id, &activity_id)
                .await
        }
        .await,
    )
}

/// Codes one contribution into themes of the round.
#[server(endpoint = "activities/code")]
pub async fn code_contribution(
    programme_id: String,
    round_id: String,
    contribution_id: String,
    #[server(default)] themes: Vec<String>,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::activities::code(
                &state(),
                &ctx().await?,
                &programme_id,
                &round_id,
                &contribution_id,
                &themes,
            )
            .await
        }
        .await,
    )
}
