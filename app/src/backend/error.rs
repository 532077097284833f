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
/// is raised. A transaction larger than the embedded store's memtable (`db::Memory`; in practice one
/// import of a very large file) is the file's fault, said so on the file field, and nothing was
/// saved. Every other database error is ours.
impl From<surrealdb::Error> for AppError {
    fn from(e: surrealdb::Error) -> Self {
        if super::repo::write::thrown(&e, "not_found") {
            return AppError::NotFound;
        }
        if too_large(&e.to_string()) {
            tracing::warn!(error = %e, "a transaction did not fit the memtable (--db-memtable-mib)");
            return AppError::Validation { fields: vec![crate::domain::FieldError::new("file", "import_too_large")] };
        }
        ServerError::Db(e).into()
    }
}

/// SurrealKV's refusal of a commit that does not fit its memtable.
fn too_large(message: &str) -> bool {
    message.contains("Memtable arena is full")
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_commit_too_large_for_the_memtable_is_recognised() {
        // The message of the 50 000-row import that failed with a 96 MiB memtable.
        let seen = "Cannot COMMIT: There was a problem with a transaction: Commit failed: Memtable arena is full";
        assert!(super::too_large(seen));
        assert!(!super::too_large("Cannot COMMIT: Resource busy"));
    }
}
