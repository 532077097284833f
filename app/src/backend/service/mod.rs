//! Services: the rules. Every call takes the acting person (`Ctx`), checks what they may do
//! (`authz`, deny by default), does the work through repositories, and writes the audit log.
pub mod accounts;
pub mod activities;
pub mod analysis;
pub mod answers;
pub mod audit;
pub mod authz;
pub mod backup;
pub mod bodies;
pub mod contacts;
pub mod demo;
pub mod editing;
pub mod exports;
pub mod feedback;
pub mod hub;
pub mod imports;
pub mod inputs;
pub mod jurisdictions;
pub mod mail;
pub mod people;
pub mod policies;
pub mod programme_model;
pub mod programmes;
pub mod relations;
pub mod round_cache;
pub mod rounds;
pub mod stakeholders;

use crate::error::AppError;

/// A unique index refusing a duplicate becomes `Conflict` on `field`; anything else is internal.
pub fn conflict_or(e: surrealdb::Error, field: &str) -> AppError {
    match crate::backend::repo::unique_violation(&e) {
        Some(_) => AppError::Conflict { field: Some(field.to_string()) },
        None => e.into(),
    }
}
