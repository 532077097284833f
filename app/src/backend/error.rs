//! Server-side errors. Converting one into the wire `AppError` logs the whole chain once under a
//! random reference and hands the browser only that reference.
use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("database: {0}")]
    Db(#[from] surrealdb::Error),
    #[error("session store: {0}")]
    Session(#[from] tower_sessions::session::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<ServerError> for AppError {
    fn from(e: ServerError) -> Self {
        AppError::internal(&e)
    }
}

/// A guard's `THROW 'not_found'` (a record named that is not the programme's) is a 404 wherever it
/// is raised; every other database error is ours.
impl From<surrealdb::Error> for AppError {
    fn from(e: surrealdb::Error) -> Self {
        if super::repo::write::thrown(&e, "not_found") {
            return AppError::NotFound;
        }
        ServerError::Db(e).into()
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(e: tower_sessions::session::Error) -> Self {
        ServerError::Session(e).into()
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        ServerError::Other(e).into()
    }
}
