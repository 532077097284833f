//! The `tessera` server: configuration, router, security middleware and non-Leptos routes.
pub mod cli;
pub mod echo;
pub mod public;
pub mod router;
pub mod security;
pub mod serve;

pub use router::{build_router, RouterConfig, ServerState};
