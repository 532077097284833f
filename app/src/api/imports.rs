use crate::error::AppError;
use crate::wire::imports::ImportResult;
use leptos::prelude::*;

/// The result of the import this session just posted to `register` (once: reading it clears it).
/// Imports themselves are posted as files to `/programmes/{id}/import/{register}`.
#[server(endpoint = "imports/result")]
pub async fn take_import_result(register: String) -> Result<Option<ImportResult>, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::imports::take_result(&session().await?, &register).await }.await)
}
