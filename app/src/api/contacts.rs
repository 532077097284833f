use crate::error::AppError;
pub use crate::wire::contacts::*;
use leptos::prelude::*;

/// Adds (`id` empty) or changes a contact person of an organisation.
#[server(endpoint = "contacts/save")]
#[allow(clippy::too_many_arguments)]
pub async fn save_contact(
    programme_id: String,
    organisation_id: String,
    #[server(default)] id: String,
    name: String,
    #[server(default)] email: String,
    #[server(default)] phone: String,
    #[server(default)] role_title: String,
    #[server(default)] legal_basis: String,
    #[server(default)] consent_given_on: String,
) -> Result<String, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let fields = [name.as_str(), &email, &phone, &role_title, &legal_basis, &consent_given_on];
            crate::backend::service::contacts::save(
                &state(),
                &ctx().await?,
                &programme_id,
                &organisation_id,
                &id,
                fields,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "contacts/delete")]
pub async fn delete_contact(programme_id: String, organisation_id: String, id: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::contacts::remove(&state(), &ctx().await?, &programme_id, &organisation_id, &id)
                .await
        }
        .await,
    )
}

/// Everything held on one person (by e-mail address or name); coordinators.
#[server(endpoint = "persons/get")]
pub async fn get_person(programme_id: String, who: String) -> Result<PersonRecord, AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::contacts::person(&state(), &ctx().await?, &programme_id, &who).await }.await,
    )
}

/// Erases everything held on one person; answers how many records went.
#[server(endpoint = "persons/erase")]
pub async fn erase_person(programme_id: String, who: String) -> Result<u32, AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::contacts::erase(&state(), &ctx().await?, &programme_id, &who).await }.await,
    )
}
