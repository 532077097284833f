//! An import's result as it crosses the wire.
pub use crate::domain::table::ImportOutcome;

/// The result of an import posted as a plain form, kept in the session for the page it returns
/// to; with an error, the pasted text comes back too, so nothing typed is lost.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImportResult {
    pub register: String,
    pub outcome: Result<ImportOutcome, crate::error::AppError>,
    pub text: Option<String>,
}
