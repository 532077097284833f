pub mod account;
pub mod audit;
pub mod auth;
pub mod home;
pub mod hub;
pub mod jurisdictions;
pub mod multilevel;
pub mod not_found;
pub mod people;
pub mod persons;
pub mod programmes;
pub mod relations;
pub mod stakeholders;

use crate::error::AppError;
use leptos::prelude::*;

/// The error of an action's last run, if it failed.
pub fn action_error<I, O>(a: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || a.value().get().and_then(|r| r.err()))
}

/// Reads a route parameter.
pub fn param(name: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.read().get(name).unwrap_or_default()
}

/// Whether a query flag such as `?sent=1` is present.
pub fn query_flag(name: &'static str) -> bool {
    leptos_router::hooks::use_query_map().read_untracked().get(name).is_some()
}
