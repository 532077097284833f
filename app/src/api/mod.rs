//! Server functions: thin adapters from the wire to `backend::service`. Each has a stable endpoint
//! under `/api/`. Wire types live here too: ids are strings, counts are u32.
pub mod activities;
pub mod audit;
pub mod auth;
pub mod bodies;
pub mod contacts;
pub mod imports;
pub mod jurisdictions;
pub mod people;
pub mod policies;
pub mod programmes;
pub mod rounds;
pub mod stakeholders;

pub use crate::wire::LocalText;
